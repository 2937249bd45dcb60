"""What a resolver sees of its match: the text around it, the reference date, the sentence's
tense, and readers for the matched pieces (numbers, days, months, years, units, calendar points)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import regex

from ...rules.load import Rules
from ..numbers import ordinal_value, parse_number
from .grammar import Vocab
from .values import Reject, TemporalValue, iso_day


@dataclass
class MatchContext:
    """A rule's match (``text[start:end]``) as its resolver sees it, with the reference date."""

    text: str
    ref: dt.date | None
    vocab: Vocab
    rules: Rules
    start: int = 0
    end: int = 0
    # the rule's match, for groups that repeat ("1 hour, 5 minutes and 9 seconds")
    match: regex.Match[str] | None = None
    now: dt.datetime | None = None  # the reference with its time of day, when known ("now", "in 2 minutes")

    def captures(self, name: str) -> list[str]:
        """Every capture of a repeated group (``groupdict`` keeps only the last)."""
        return list(self.match.captures(name)) if self.match is not None and name in self.match.re.groupindex else []

    def tense(self) -> int:
        """+1 when the sentence around the current match speaks of the future, -1 of the past, else 0.
        A date with no tense of its own that opens a list item (a schedule, a list of fixtures)
        takes the tense of the nearest sentence above that has one: the one introducing the list."""
        tense = self._tense_at(self.start, self.end)
        if tense == 0:
            line = self.text.rfind("\n", 0, self.start) + 1
            if self.vocab.regexes["list_item_before"].match(self.text, line, self.start):
                return self._list_tense(line)
        return tense

    def _list_tense(self, line: int) -> int:
        """The tense of the nearest line above ``line`` (a line start) that has one, within
        ``list_lookback`` non-blank lines."""
        seen = 0
        end = line - 1
        while end > 0 and seen < self.vocab.list_lookback:
            start = self.text.rfind("\n", 0, end) + 1
            if self.text[start:end].strip():
                seen += 1
                tense = self._tense_at(end, end)
                if tense:
                    return tense
            end = start - 1
        return 0

    def _tense_at(self, start: int, end: int) -> int:
        """+1 when the clause around ``text[start:end]`` speaks of the future, -1 of the past, else 0.

        The nearest explicit tense word decides: a modal or a scheduling verb ("will", "would",
        "is scheduled to", "is due") or a past verb of the word list ("was", "rose"), first the
        nearest before the date in its sentence, else the nearest after it; a reporting verb
        ("said") only when no other one is on its side ("it will close, he said"); then any other
        past-looking verb ("-ed") of the sentence; then the weak cues ("next", "last", "ago").

        A date in a clause with no tense of its own (", with fees rising from June", ", taking the
        total to 40 by May") is governed by the sentence it hangs on: its own explicit tense words
        first, then the time the sentence speaks of ("for the coming year", "last year"), and only
        then the tense of the main verb ("has agreed a levy for the coming year, with fees rising
        from June" is next June, not last June)."""
        text = self.text
        # the sentence: from the last full stop or line break before the date (looked for in its
        # line only) to the next one after it, read no further than 80 characters
        line = text.rfind("\n", 0, start)
        s = max(text.rfind(". ", max(line, 0), start), line) + 1
        stops = (text.find(". ", end, end + 81), text.find("\n", end, end + 80))
        e = min([x for x in stops if x >= 0] + [len(text), end + 80])
        left = text[s:start].lower()
        right = text[end:e].lower()
        v, r = self.vocab, self.vocab.regexes
        # the clause the date is in, looked for in the last characters of the sentence only
        clause = r["nonfinite_clause"].search(left, max(0, len(left) - v.clause_reach))
        if clause is not None:
            tense = self._explicit_tense(left[clause.start() :], right, reporting=False) or self._time_frame(
                left, right
            )
            if tense:
                return tense
        tense = self._explicit_tense(left, right, reporting=True)
        if tense:
            return tense
        sentence = left + " " + right
        if r["past_verb"].search(sentence) or any(
            m.group() not in v.word_sets["verb_cues"] or not r["verb_last_before"].search(sentence, 0, m.start())
            for m in r["past_cues"].finditer(sentence)
        ):
            return -1
        if r["future_cues"].search(sentence):
            return 1
        return 0

    def _explicit_tense(self, left: str, right: str, reporting: bool) -> int:
        """The direction of the nearest explicit tense word: before the date, else after it (a
        reporting verb, when ``reporting``, only when no other one is on its side); 0 when none."""
        r = self.vocab.regexes
        explicit = (
            (r["future_modals"], 1),
            (r["near_future_modals"], 1),
            (r["future_verbs"], 1),
            (r["past_verbs"], -1),
        )
        said = ((r["reporting_verbs"], -1),)
        sides = ((left, explicit), (left, said), (right, explicit), (right, said))
        for text, cues in sides if reporting else (sides[0], sides[2]):
            # the nearest: the last one before the date, the first one after it
            found = [
                (m.end() if text is left else -m.start(), d, m.start())
                for p, d in cues
                for m in p.finditer(text)
                # a participle after a present auxiliary is a present passive, no past ("is held")
                if d > 0 or not r["present_before_participle"].search(text, 0, m.start())
            ]
            if found:
                _, d, at = max(found)
                # a participle after a modal is no past tense ("will be held", "would have signed");
                # a plan told in the past tense is a past one ("was due to", "were expected to")
                if d < 0 and r["modal_before_participle"].search(text, 0, at):
                    return 1
                return -1 if d > 0 and r["past_before_future"].search(text, 0, at) else d
        return 0

    def _time_frame(self, left: str, right: str) -> int:
        """The direction of the weak cue nearest the date ("the coming year", "last year", "ago"),
        "last" as a verb aside; 0 when the sentence has none."""
        r = self.vocab.regexes
        found: list[tuple[int, int]] = []
        for text, before in ((left, True), (right, False)):
            for cues, d in ((r["future_cues"], 1), (r["past_cues"], -1)):
                for m in cues.finditer(text):
                    if (
                        d < 0
                        and m.group() in self.vocab.word_sets["verb_cues"]
                        and r["verb_last_before"].search(text, 0, m.start())
                    ):
                        continue  # "the talks last 18 months"
                    found.append((len(text) - m.end() if before else m.start(), d))
        return min(found)[1] if found else 0

    def step(self, modifier: str | None) -> int:
        """The step a modifier says: "next" 1, "last" -1, "this" (or none) 0 ([vocab] modifiers)."""
        return self.vocab.numbers["modifiers"].get((modifier or "this").lower(), 0)

    def future(self) -> bool:
        return self.tense() > 0


def first_group(g: Mapping[str, str | None], *names: str) -> str | None:
    for n in names:
        for key in (n, n + "2", n + "3", n + "4", n + "5", n + "6"):
            val = g.get(key)
            if val:
                return val
    return None


def number_of(s: str, ctx: MatchContext) -> float:
    s = s.strip().lower()
    if s in ctx.vocab.numbers["vague_amounts"]:
        return float(ctx.vocab.numbers["vague_amounts"][s])
    if s in ("a", "an"):
        return 1.0
    if s.split()[:1] == ["half"]:  # "half an hour"
        return 0.5
    if s == "½":
        return 0.5
    try:
        return float(s)
    except ValueError:
        pass
    v = parse_number(s, ctx.rules)
    if v is None:
        raise Reject(s)
    return v


def day_of(s: str, ctx: MatchContext) -> int:
    s = s.strip().lower()
    s2 = s[:-2] if s[-2:] in ("st", "nd", "rd", "th") and s[:-2].isdigit() else s
    if s2.isdigit():
        return int(s2)
    o = ordinal_value(s2, ctx.rules)
    if o is not None:
        return o
    v = parse_number(s2, ctx.rules)
    if v is None or not v.is_integer():
        raise Reject(s)
    return int(v)


def ordinal_of(s: str, ctx: MatchContext, top: int) -> int | None:
    """An ordinal in digits or words ("3rd", "third") from 1 to ``top``, else None."""
    s = s.strip().lower()
    n = int(s[:-2]) if s[-2:] in ("st", "nd", "rd", "th") and s[:-2].isdigit() else ordinal_value(s, ctx.rules)
    return n if n is not None and 1 <= n <= top else None


def month_of(s: str, ctx: MatchContext) -> int:
    s = s.strip().lower().rstrip(".")
    if s.isdigit():
        return int(s)
    return ctx.vocab.numbers["months"][s]


def year_of(s: str, ctx: MatchContext) -> int:
    s = s.strip().lstrip("'")
    if s[:1].isalpha():  # "nineteen eighty six", "two thousand and five", "seventeen hundred thirty three"
        words = regex.sub(r"[\s-]+", " ", s.lower()).split()
        if words[:2] == ["two", "thousand"]:
            rest = " ".join(w for w in words[2:] if w != "and")
            return 2000 + (int(number_of(rest, ctx)) if rest else 0)
        century = int(number_of(words[0], ctx))
        rest_words = [w for w in words[1:] if w not in ("hundred", "and")]
        return century * 100 + (int(number_of(" ".join(rest_words), ctx)) if rest_words else 0)
    if len(s) == 2:
        yy = int(s)
        pivot = (ctx.ref.year % 100 + 10) if ctx.ref else 30
        return 2000 + yy if yy <= pivot else 1900 + yy
    return int(s)


def unit_duration(unit: str, n: float, ctx: MatchContext) -> dict[str, float]:
    u = " ".join((unit.lower()).split())
    if u in ctx.vocab.codes["units"]:
        return {ctx.vocab.codes["units"][u]: n}
    if u in ctx.vocab.codes["unit_multiples"]:
        m = regex.match(r"(\d+)([A-Z]+)", ctx.vocab.codes["unit_multiples"][u])
        assert m is not None
        return {m[2]: n * int(m[1])}
    if u == "business days":
        return {"D": n}
    if u in ("quarter", "quarters"):
        return {"M": 3 * n}
    raise Reject(unit)


def date_value(y: int | None, m: int, d: int | None, ctx: MatchContext, relative: bool) -> TemporalValue:
    v = _calendar_point(y, m, d, ctx, relative)
    if y is None:
        v.ref, v.tense = ctx.ref, ctx.tense()
    return v


def _calendar_point(y: int | None, m: int, d: int | None, ctx: MatchContext, relative: bool) -> TemporalValue:
    """A calendar point; ``y`` None means the reference year (relative), moved a year
    forward or back when the sentence's tense says the date lies after or before the reference."""
    if not 1 <= m <= 12:
        raise Reject("month")
    if y is None:
        if ctx.ref is None:
            return TemporalValue("date", None, relative=True, point=True, year_explicit=False)
        y = ctx.ref.year
        relative = True
        if m == 2 and d == 29 and not calendar.isleap(y):
            y -= y % 4  # the latest leap year
        else:
            tense = ctx.tense()
            key = (m, d or 1)
            if tense > 0 and key < (ctx.ref.month, ctx.ref.day if d else 1):
                y += 1
            elif tense < 0 and key > (ctx.ref.month, ctx.ref.day if d else 1):
                y -= 1
    if d is None:
        val = TemporalValue("date", f"{y:04d}-{m:02d}", relative, point=True)
    else:
        if not 1 <= d <= 31:
            raise Reject("day")
        try:
            day = dt.date(y, m, d)
        except ValueError:  # Feb 30: a date, but no such day
            return TemporalValue("date", None, relative, point=True)
        val = TemporalValue("date", iso_day(day), relative, day=day, point=True)
    return val
