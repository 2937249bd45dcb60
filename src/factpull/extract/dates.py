"""Dates, times, intervals, durations and sets, with ISO 8601 values. Pure.

The grammar is data (``patterns/dates.toml``): each rule is a regex template over shared
fragments and word tables, with the name of the resolver below that turns its match into a
value. Extraction runs in three steps:

1. every rule's matches become candidates; the longest candidate wins an overlap (then the
   higher priority), and a candidate whose resolver rejects it leaves room for the others;
2. each kept candidate is resolved (relative expressions against ``ref_date``; without one
   their value is None);
3. neighbours are joined by the connectors of ``[joins]``: time ranges, date ranges
   ("from March to May", "between 2015 and 2017") and date + time ("Tuesday at 9 am").
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

import regex

from ..rules.cache import compile_regex
from ..rules.load import Rule, Rules, per_rules
from ..types import DateFact, DateKind
from .numbers import ordinal_regex, ordinal_value, parse_number, word_number_regex

DAY = dt.timedelta(days=1)
_WINDOW = 300  # no date expression is longer; candidates are matched within this many characters


class _Reject(Exception):
    """A resolver's verdict: this match is not a date after all."""


# ---------------------------------------------------------------------------- values
@dataclass
class _V:
    """A resolved temporal expression, with the pieces later joins need."""

    kind: str  # date | time | duration | set | interval
    value: str | None
    relative: bool = False
    day: dt.date | None = None  # a single day (for date + time joins)
    tod: tuple[int, int, int] | None = None  # clock time
    tod_known: bool = True  # False when "7" could be 07:00 or 19:00
    tod_end: tuple[int, int, int] | None = None  # clock range end
    pod: tuple[str, str] | None = None  # part of day, "HH:MM:SS" strings
    pod_name: str | None = None
    point: bool = False  # a calendar point (year, month, day, week ...) usable in ranges
    weekday: int | None = None  # set by a bare weekday ("friday")
    anchor_end: bool = False  # as a range end point, the interval's end counts ("to the end of 2008")
    ref: dt.date | None = None  # the reference a year-less date was placed against
    tense: int = 0
    year_explicit: bool = True
    with_year: Callable[[int], _V] | None = None
    offset: tuple[dict[str, float], int] | None = None  # duration and direction awaiting an anchor
    duration: dict[str, float] | None = None


@dataclass
class _Ctx:
    text: str
    ref: dt.date | None
    vocab: _Vocab
    rules: Rules
    start: int = 0
    end: int = 0

    def tense(self) -> int:
        """+1 when the sentence around the current match speaks of the future, -1 of the past, else 0."""
        s = max(self.text.rfind(". ", 0, self.start), self.text.rfind("\n", 0, self.start), -1) + 1
        e = min(x for x in (self.text.find(". ", self.end), self.text.find("\n", self.end), len(self.text)) if x >= 0)
        left = self.text[s : self.start].lower()
        right = self.text[self.end : min(e, self.end + 80)].lower()
        sentence = left + " " + right
        v = self.vocab
        nears = list(v.near_future.finditer(left))
        near = nears[-1] if nears else None
        if near is not None and not any(
            m is not None and m.end() > near.end()
            for m in (
                p.search(left, pos=near.end()) for p in (v.future_modals, v.past_cues, v.past_verb, v.future_cues)
            )
        ):
            return 1  # "said construction would start in September"
        if self.vocab.future_modals.search(sentence):
            return 1
        if v.past_verb.search(sentence) or any(
            m.group() not in v.verb_cues or not v.verb_last_before.search(sentence, 0, m.start())
            for m in v.past_cues.finditer(sentence)
        ):
            return -1
        if self.vocab.future_cues.search(sentence):
            return 1
        return 0

    def future(self) -> bool:
        return self.tense() > 0


@dataclass(frozen=True)
class _Vocab:
    months: Mapping[str, int]
    weekdays: Mapping[str, int]
    weekday_plurals: Mapping[str, int]
    units: Mapping[str, str]
    unit_multiples: Mapping[str, str]
    modifiers: Mapping[str, int]
    relative_days: Mapping[str, int]
    parts_of_day: Mapping[str, tuple[str, str]]
    holidays: Mapping[str, str]
    vague: Mapping[str, int]
    seasons: Mapping[str, str]
    frequencies: Mapping[str, str]
    future_modals: regex.Pattern[str]
    near_future: regex.Pattern[str]
    future_cues: regex.Pattern[str]
    past_cues: regex.Pattern[str]
    past_verb: regex.Pattern[str]
    ordinal_units: frozenset[str]
    ordinal_after: regex.Pattern[str]
    rate_before: regex.Pattern[str]
    verb_last_before: regex.Pattern[str]
    verb_cues: frozenset[str]


@dataclass(frozen=True, eq=False)  # hashed by identity: one per Rules object
class _Compiled:
    vocab: _Vocab
    rules: tuple[tuple[Rule, regex.Pattern[str]], ...]
    probes: tuple[regex.Pattern[str] | None, ...]  # each rule without its positive look-behinds; None: try always
    range_gap: regex.Pattern[str]
    range_prefix: regex.Pattern[str]
    datetime_gap: regex.Pattern[str]
    year_tail: regex.Pattern[str]
    trigger_words: frozenset[str]  # lower-case words a date expression can start with (besides digits)


def _alt(words: Any) -> str:
    return "|".join(
        r"\s+".join(regex.escape(p) for p in w.split()) for w in sorted(set(words), key=lambda w: (-len(w), w))
    )


def _cue_regex(cues: list[str]) -> regex.Pattern[str]:
    parts = [(r"(?<![\p{L}])" if c[:1].isalpha() else "") + regex.escape(c.lower()) + r"(?![\p{L}])" for c in cues]
    return compile_regex("|".join(parts))


def _day_words(rules: Rules) -> str:
    """Regex source for a day of the month in cardinal words ("twenty five", "thirty-one", "fifteen")."""
    w = rules.setting("numbers.words")
    units = [k for k, x in w["cardinals"].items() if 1 <= int(x) <= 9]
    small = [k for k, x in w["cardinals"].items() if 1 <= int(x) <= 19]
    tens = [k for k, x in w["tens"].items() if int(x) in (20, 30)]
    return rf"(?:(?:{_alt(tens)})(?:[\s-]+(?:{_alt(units)}))?|{_alt(small)})(?![\p{{L}}])"


@per_rules
def _compiled(rules: Rules) -> _Compiled:
    v = rules.setting("dates.vocab")
    fr = rules.setting("dates.fragments")
    jn = rules.setting("dates.joins")
    cx = rules.setting("dates.context")
    months = {k.lower(): int(x) for k, x in v["months"].items()}
    amb = {k.lower(): int(x) for k, x in v["ambiguous_months"].items()}
    vocab = _Vocab(
        months={**months, **amb},
        weekdays={k.lower(): int(x) for k, x in v["weekdays"].items()},
        weekday_plurals={k.lower(): int(x) for k, x in v["weekday_plurals"].items()},
        units={k.lower(): str(x) for k, x in v["units"].items()},
        unit_multiples={k.lower(): str(x) for k, x in v["unit_multiples"].items()},
        modifiers={k.lower(): int(x) for k, x in v["modifiers"].items()},
        relative_days={k.lower(): int(x) for k, x in v["relative_days"].items()},
        parts_of_day={k.lower(): (str(x[0]), str(x[1])) for k, x in v["parts_of_day"].items()},
        holidays={k.lower(): str(x) for k, x in v["holidays"].items()},
        vague={k.lower(): int(x) for k, x in v["vague_amounts"].items()},
        seasons={k.lower(): str(x) for k, x in v["seasons"].items()},
        frequencies={k.lower(): str(x) for k, x in v["frequencies"].items()},
        future_modals=_cue_regex(v["future_modals"]),
        near_future=_cue_regex(v["near_future_modals"]),
        future_cues=_cue_regex(v["future_cues"]),
        past_cues=_cue_regex(v["past_cues"]),
        past_verb=compile_regex(v["past_verb"], regex.IGNORECASE),
        ordinal_units=frozenset(w.lower() for w in cx["ordinal_units"]),
        ordinal_after=compile_regex(cx["ordinal_after"]),
        rate_before=compile_regex(cx["rate_before"], regex.IGNORECASE),
        verb_last_before=compile_regex(cx["verb_last_before"]),
        verb_cues=frozenset(w.lower() for w in cx["verb_cues"]),
    )
    full = [m for m in months if len(m) > 3 and m not in ("sept",)]
    frags: dict[str, str] = {k: str(x) for k, x in fr.items()}
    frags.update(
        month=_alt(months),
        month_ambiguous=_alt(amb),
        month_any=_alt({**months, **amb}),
        month_full=_alt(full),
        weekday=_alt(vocab.weekdays),
        weekday_plural=_alt(vocab.weekday_plurals),
        unit=_alt(vocab.units),
        unit_multiple=_alt(vocab.unit_multiples),
        modifier=_alt(vocab.modifiers),
        holiday=_alt(vocab.holidays).replace("'", "['’]?"),
        frequency=_alt(vocab.frequencies),
        word_number=word_number_regex(rules),
        ordinal_words=ordinal_regex(rules),
        day_words=_day_words(rules),
    )
    compiled = []
    probes: list[regex.Pattern[str] | None] = []
    for rule in rules.section("dates.rule"):
        source = regex.sub(
            r"\{(\w+)\}", lambda m: "(?:" + frags[m[1]] + ")" if m[1] in frags else m[0], rule["template"]
        )
        compiled.append((rule, compile_regex(source, regex.IGNORECASE)))
        probes.append(None if rule.user else compile_regex(_drop_lookbehinds(source), regex.IGNORECASE))
    return _Compiled(
        vocab=vocab,
        rules=tuple(compiled),
        probes=tuple(probes),
        range_gap=compile_regex(jn["range_gap"], regex.IGNORECASE),
        range_prefix=compile_regex(r"(?:" + jn["range_prefix"] + r")\Z", regex.IGNORECASE),
        datetime_gap=compile_regex(jn["datetime_gap"], regex.IGNORECASE),
        year_tail=compile_regex(r"(?:\s*,\s*|\s+in\s+|\s+of\s+)(?P<year>" + frags["year"] + ")", regex.IGNORECASE),
        trigger_words=_trigger_words(rules, vocab),
    )


def _drop_lookbehinds(source: str) -> str:
    """``source`` without its positive look-behinds ``(?<=...)``: a pattern that matches wherever
    the original does (and more), used to test which rules can start with a given token."""
    out: list[str] = []
    i, n = 0, len(source)
    while i < n:
        k = source.find("(?<=", i)
        while k > 0 and (k - len(source[:k].rstrip("\\"))) % 2:  # an escaped "(": not a group
            k = source.find("(?<=", k + 1)
        if k < 0:
            out.append(source[i:])
            break
        out.append(source[i:k])
        depth, j, in_class = 0, k, False
        while j < n:
            ch = source[j]
            if ch == "\\":
                j += 2
                continue
            if in_class:
                in_class = ch != "]"
            elif ch == "[":
                in_class = True
                if source.startswith("]", j + 1) or source.startswith("^]", j + 1):
                    j += 1 + (source[j + 1] == "^")
            elif ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        i = j + 1
    return "".join(out)


def _trigger_words(rules: Rules, vocab: _Vocab) -> frozenset[str]:
    """Every rule's match starts with a digit or one of these words; rules are tried only there."""
    nw = rules.setting("numbers.words")
    words: set[str] = set(rules.setting("dates.joins")["triggers"])
    for table in (
        vocab.months,
        vocab.weekdays,
        vocab.weekday_plurals,
        vocab.units,
        vocab.unit_multiples,
        vocab.modifiers,
        vocab.relative_days,
        vocab.parts_of_day,
        vocab.holidays,
        vocab.vague,
        vocab.seasons,
        vocab.frequencies,
        nw["cardinals"],
        nw["tens"],
        nw["ordinals"],
        nw["ordinal_tens"],
    ):
        for key in table:
            words.add(regex.split(r"[\s\-']+", key.lower())[0])
    words.discard("")
    return frozenset(words)


# ---------------------------------------------------------------------------- formatting
def _iso_day(d: dt.date) -> str:
    return d.isoformat()


def _iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _hms(t: tuple[int, int, int]) -> str:
    return f"{t[0]:02d}:{t[1]:02d}:{t[2]:02d}"


def _add_months(d: dt.date, n: int) -> dt.date:
    m = d.month - 1 + n
    y = d.year + m // 12
    m = m % 12 + 1
    return dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _shift(d: dt.date, dur: Mapping[str, float], sign: int) -> dt.date | dt.datetime:
    years = dur.get("Y", 0.0)
    months = dur.get("M", 0.0) + 12 * (years - int(years))
    out: dt.date | dt.datetime = _add_months(d, sign * (int(years) * 12 + int(months)))
    days = dur.get("W", 0.0) * 7 + dur.get("D", 0.0) + 30 * (months - int(months))
    secs = dur.get("H", 0.0) * 3600 + dur.get("MIN", 0.0) * 60 + dur.get("S", 0.0)
    if secs:
        out = dt.datetime.combine(out, dt.time()) + sign * dt.timedelta(days=days, seconds=secs)
    else:
        out = out + sign * dt.timedelta(days=round(days))
    return out


def _iso_duration(dur: Mapping[str, float]) -> str:
    def n(x: float) -> str:
        return str(int(x)) if float(x).is_integer() else f"{x:g}"

    date_part = "".join(n(dur[k]) + k for k in ("Y", "M", "W", "D") if dur.get(k))
    time_part = "".join(n(dur[k]) + ("M" if k == "MIN" else k) for k in ("H", "MIN", "S") if dur.get(k))
    return "P" + date_part + ("T" + time_part if time_part else "")


def _iso_instant(x: dt.date | dt.datetime) -> str:
    if isinstance(x, dt.datetime):
        return x.strftime("%Y-%m-%dT%H:%M:%S")
    return x.isoformat()


# ---------------------------------------------------------------------------- helpers
def _g(g: Mapping[str, str | None], *names: str) -> str | None:
    for n in names:
        for key in (n, n + "2", n + "3", n + "4", n + "5", n + "6"):
            val = g.get(key)
            if val:
                return val
    return None


def _num(s: str, ctx: _Ctx) -> float:
    s = s.strip().lower()
    if s in ctx.vocab.vague:
        return float(ctx.vocab.vague[s])
    if s in ("a", "an"):
        return 1.0
    if s == "½":
        return 0.5
    try:
        return float(s)
    except ValueError:
        pass
    v = parse_number(s, ctx.rules)
    if v is None:
        raise _Reject(s)
    return v


def _day_of(s: str, ctx: _Ctx) -> int:
    s = s.strip().lower()
    s2 = s[:-2] if s[-2:] in ("st", "nd", "rd", "th") and s[:-2].isdigit() else s
    if s2.isdigit():
        return int(s2)
    o = ordinal_value(s2, ctx.rules)
    if o is not None:
        return o
    v = parse_number(s2, ctx.rules)
    if v is None or not v.is_integer():
        raise _Reject(s)
    return int(v)


def _month_of(s: str, ctx: _Ctx) -> int:
    s = s.strip().lower().rstrip(".")
    if s.isdigit():
        return int(s)
    return ctx.vocab.months[s]


def _year_of(s: str, ctx: _Ctx) -> int:
    s = s.strip().lstrip("'")
    if s[:1].isalpha():  # "nineteen eighty six", "two thousand and five", "seventeen hundred thirty three"
        words = regex.sub(r"[\s-]+", " ", s.lower()).split()
        if words[:2] == ["two", "thousand"]:
            rest = " ".join(w for w in words[2:] if w != "and")
            return 2000 + (int(_num(rest, ctx)) if rest else 0)
        century = int(_num(words[0], ctx))
        rest_words = [w for w in words[1:] if w not in ("hundred", "and")]
        return century * 100 + (int(_num(" ".join(rest_words), ctx)) if rest_words else 0)
    if len(s) == 2:
        yy = int(s)
        pivot = (ctx.ref.year % 100 + 10) if ctx.ref else 30
        return 2000 + yy if yy <= pivot else 1900 + yy
    return int(s)


def _unit_dur(unit: str, n: float, ctx: _Ctx) -> dict[str, float]:
    u = " ".join((unit.lower()).split())
    if u in ctx.vocab.units:
        return {ctx.vocab.units[u]: n}
    if u in ctx.vocab.unit_multiples:
        m = regex.match(r"(\d+)([A-Z]+)", ctx.vocab.unit_multiples[u])
        assert m is not None
        return {m[2]: n * int(m[1])}
    if u == "business days":
        return {"D": n}
    if u in ("quarter", "quarters"):
        return {"M": 3 * n}
    raise _Reject(unit)


def _date_value(y: int | None, m: int, d: int | None, ctx: _Ctx, relative: bool) -> _V:
    v = _date_value0(y, m, d, ctx, relative)
    if y is None:
        v.ref, v.tense = ctx.ref, ctx.tense()
    return v


def _date_value0(y: int | None, m: int, d: int | None, ctx: _Ctx, relative: bool) -> _V:
    """A calendar point; ``y`` None means the reference year (relative), moved a year
    forward or back when the sentence's tense says the date lies after or before the reference."""
    if not 1 <= m <= 12:
        raise _Reject("month")
    if y is None:
        if ctx.ref is None:
            return _V("date", None, relative=True, point=True, year_explicit=False)
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
        val = _V("date", f"{y:04d}-{m:02d}", relative, point=True)
    else:
        if not 1 <= d <= 31:
            raise _Reject("day")
        try:
            day = dt.date(y, m, d)
        except ValueError:  # Feb 30: a date, but no such day
            return _V("date", None, relative, point=True)
        val = _V("date", _iso_day(day), relative, day=day, point=True)
    return val


# ---------------------------------------------------------------------------- resolvers
def _r_calendar(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    ys = _g(g, "year")
    yy = _g(g, "yy")
    ms = _g(g, "month")
    ds = _g(g, "day")
    mod = _g(g, "mod")
    year = _year_of(ys, ctx) if ys else (_year_of(yy, ctx) if yy else None)
    if ms is None:
        if year is None:
            raise _Reject("nothing")
        return _V("date", f"{year:04d}", False, point=True)
    month = _month_of(ms, ctx)
    day = _day_of(ds, ctx) if ds else None
    wds = g.get("wd")
    if wds and year is None and day is not None:
        return _weekday_fit(ctx.vocab.weekdays[wds.lower().rstrip(".")], month, day, ctx)
    if year is None and mod and ctx.ref is not None:
        off = ctx.vocab.modifiers.get(mod.lower(), 0)
        year = ctx.ref.year + off
        v = _date_value(year, month, day, ctx, True)
        v.relative = True
        return v
    v = _date_value(year, month, day, ctx, False)
    if year is None:
        v.year_explicit = False

        def again(y: int, month: int = month, day: int | None = day) -> _V:
            return _date_value(y, month, day, ctx, False)

        v.with_year = again
    return v


def _r_numeric_dmy(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    a, b, y = int(g["a"] or 0), int(g["b"] or 0), _year_of(g["y"] or "", ctx)
    if 1 <= a <= 12 and 1 <= b <= 31:
        month, day = a, b
    elif 1 <= b <= 12 and 1 <= a <= 31:
        month, day = b, a
    else:
        raise _Reject("not a date")
    return _date_value(y, month, day, ctx, False)


def _r_numeric_dm(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    a, b = int(g["a"] or 0), int(g["b"] or 0)
    if 1 <= a <= 12 and 1 <= b <= 31:
        month, day = a, b
    elif 1 <= b <= 12 and 13 <= a <= 31:
        month, day = b, a
    else:
        raise _Reject("not a date")
    v = _date_value(None, month, day, ctx, True)
    v.year_explicit = False
    v.with_year = lambda y: _date_value(y, month, day, ctx, False)
    return v


def _r_year_range(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    y1, y2 = int(g["y1"] or 0), int(g["y2"] or 0)
    if y2 <= y1:
        raise _Reject("range")
    return _V("date", f"{y1:04d}/{y2:04d}")


def _r_day_range(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    d1 = _day_of(_g(g, "d1", "d3") or "", ctx)
    d2 = _day_of(_g(g, "d2", "d4") or "", ctx)
    if not (1 <= d1 < d2 <= 31):
        raise _Reject("range")
    ms = _g(g, "month")
    ys = _g(g, "year")
    mod = g.get("mod")
    relative = False
    if ms:
        month = _month_of(ms, ctx)
        if ys:
            year = int(ys)
        elif ctx.ref is None:
            return _V("date", None, True)
        else:
            year, relative = ctx.ref.year, True
    else:
        if ctx.ref is None:
            return _V("date", None, True)
        first = _add_months(ctx.ref.replace(day=1), ctx.vocab.modifiers.get((mod or "this").lower(), 0))
        year, month, relative = first.year, first.month, True
    try:
        a, b = dt.date(year, month, d1), dt.date(year, month, d2)
    except ValueError:
        return _V("date", None, relative)
    return _V("date", f"{a.isoformat()}/{b.isoformat()}", relative)


def _r_numeric_range(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    def point(a: str | None, b: str | None, y: int | None) -> _V:
        month, day = int(a or 0), int(b or 0)
        if not (1 <= month <= 12 and 1 <= day <= 31):
            raise _Reject("not a date")
        return _date_value(y, month, day, ctx, y is None)

    def year(*names: str) -> int | None:
        for n in names:
            if g.get(n):
                return _year_of(g[n] or "", ctx)
        return None

    if g.get("a3"):
        va, vb = point(g["a3"], g["b3"], year("y4")), point(g["a4"], g["b4"], year("y5"))
    else:
        y2 = year("y2", "y3")
        y1 = year("y1") or y2
        va = point(g["a1"], g["b1"], y1)
        if y2 is None and va.value:
            y2 = int(va.value[:4])
        vb = point(g["a2"], g["b2"], y2)
    if not va.value or not vb.value or vb.value < va.value:
        return _V("date", None, va.relative)
    return _V("date", f"{va.value}/{vb.value}", va.relative or vb.relative)


def _r_nth_day_of(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    day = _day_of(g.get("day") or "", ctx)
    if g.get("month"):
        return _date_value(None, _month_of(g["month"] or "", ctx), day, ctx, True)
    if ctx.ref is None:
        return _V("date", None, True)
    first = _add_months(ctx.ref.replace(day=1), ctx.vocab.modifiers.get((g.get("mod") or "this").lower(), 0))
    return _date_value(first.year, first.month, day, ctx, True)


def _r_day_of_month(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    day = _day_of(_g(g, "day") or "", ctx)
    if not 1 <= day <= 31:
        raise _Reject("day")
    if ctx.ref is None:
        return _V("date", None, True)
    return _date_value(ctx.ref.year, ctx.ref.month, day, ctx, True)


def _r_season_years(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    y1 = int(g["y1"] or 0)
    y2 = y1 // 100 * 100 + int(g["y2"] or 0)
    if y2 != y1 + 1:
        raise _Reject("not consecutive years")
    return _V("date", f"{y1:04d}/{y2:04d}")


def _r_decade(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    d = g.get("decade")
    if d:
        start = int(d)
    elif g.get("decade2"):
        start = 1900 + int(g["decade2"] or 0)
    else:
        names = ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"]
        start = 1920 + 10 * names.index((g.get("decade3") or "").lower())
    return _V("date", f"{start:04d}/{start + 10:04d}")


def _r_century(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    n = _day_of(g["nth"] or "", ctx)
    if not 1 <= n <= 22:
        raise _Reject("century")
    return _V("date", f"{(n - 1) * 100:04d}/{n * 100:04d}")


def _quarter_value(year: int, q: int, half: bool) -> str:
    if half:
        a = dt.date(year, 1 + 6 * (q - 1), 1)
        b = _add_months(a, 6)
    else:
        a = dt.date(year, 1 + 3 * (q - 1), 1)
        b = _add_months(a, 3)
    return f"{a:%Y-%m}/{b:%Y-%m}"


def _r_quarter(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    qs = _g(g, "q")
    ys = _g(g, "year")
    half = False
    if qs:
        half = qs[0] in "hH"
        q = int(qs[1])
    else:
        qn = (g.get("qn") or "").lower()
        half = (g.get("qunit") or "").lower() == "half"
        q = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}.get(
            qn, 2 if half else 4
        )
    relative = False
    if ys:
        year = int(ys)
    else:
        if ctx.ref is None:
            return _V("date", None, True)
        year = ctx.ref.year + ctx.vocab.modifiers.get((g.get("qmod") or "this").lower(), 0)
        relative = True
        if not g.get("qmod"):
            start = dt.date(year, 1 + (6 if half else 3) * (q - 1), 1)
            tense = ctx.tense()
            if tense < 0 and start > ctx.ref:
                year -= 1
            elif tense > 0 and _add_months(start, 6 if half else 3) <= ctx.ref:
                year += 1
    return _V("date", _quarter_value(year, q, half), relative)


def _r_week_number(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    if ctx.ref is None:
        return _V("date", None, True)
    w = int(g["week"] or 0)
    try:
        monday = dt.date.fromisocalendar(ctx.ref.year, w, 1)
    except ValueError as exc:
        raise _Reject("week") from exc
    return _V("date", _iso_week(monday), True)


def _monday(d: dt.date) -> dt.date:
    return d - d.weekday() * DAY


def _r_nth_week(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    nth = (g.get("nth") or "").lower()
    n = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5}.get(nth)
    ms, ys = g.get("month"), _g(g, "year")
    unit = (g.get("unit") or "").lower()
    relative = not ys
    if (ms or unit == "month") and not ys:
        if ctx.ref is None:
            return _V("date", None, True)
        base = ctx.ref.replace(day=1)
        if ms:
            base = dt.date(ctx.ref.year, _month_of(ms, ctx), 1)
        else:
            base = _add_months(base, ctx.vocab.modifiers.get((g.get("mod") or "this").lower(), 0))
    elif ms:
        base = dt.date(int(ys or 0), _month_of(ms, ctx), 1)
    else:
        if ys:
            year = int(ys)
        elif ctx.ref is None:
            return _V("date", None, True)
        else:
            year = ctx.ref.year + ctx.vocab.modifiers.get((g.get("mod") or "this").lower(), 0)
        if n is None:
            monday = dt.date.fromisocalendar(year, dt.date(year, 12, 28).isocalendar()[1], 1)
        else:
            monday = dt.date.fromisocalendar(year, n, 1)
        return _V("date", _iso_week(monday), relative)
    if n is None:
        last = _add_months(base, 1) - DAY
        monday = _monday(last)
    else:
        monday = _monday(base) + (n - 1) * 7 * DAY
    return _V("date", _iso_week(monday), relative)


def _r_nth_weekday(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    if ctx.ref is None:
        return _V("date", None, True)
    wd = ctx.vocab.weekdays[(g.get("weekday") or "").lower()]
    nth = (g.get("nth") or "").lower()
    ms = g.get("month")
    if ms:
        base = dt.date(ctx.ref.year, _month_of(ms, ctx), 1)
    else:
        base = _add_months(ctx.ref.replace(day=1), ctx.vocab.modifiers.get((g.get("mod") or "this").lower(), 0))
    if nth == "last":
        d = _add_months(base, 1) - DAY
        d -= ((d.weekday() - wd) % 7) * DAY
    else:
        n = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}[nth]
        d = base + ((wd - base.weekday()) % 7) * DAY + (n - 1) * 7 * DAY
    return _V("date", d.isoformat(), True, day=d, point=True)


def _holiday_date(name: str, year: int, ctx: _Ctx) -> dt.date:
    from dateutil.easter import easter

    spec = ctx.vocab.holidays[name]
    m = regex.fullmatch(r"(\d\d)-(\d\d)", spec)
    if m:
        return dt.date(year, int(m[1]), int(m[2]))
    m = regex.fullmatch(r"(\w+)([+-]\d+)?", spec)
    assert m is not None
    base_name, delta = m[1], int(m[2] or 0)

    def nth(month: int, wd: int, n: int) -> dt.date:
        first = dt.date(year, month, 1)
        if n > 0:
            return first + ((wd - first.weekday()) % 7) * DAY + (n - 1) * 7 * DAY
        last = _add_months(first, 1) - DAY
        return last - ((last.weekday() - wd) % 7) * DAY

    bases = {
        "easter": lambda: easter(year),
        "thanksgiving": lambda: nth(11, 3, 4),
        "labor": lambda: nth(9, 0, 1),
        "memorial": lambda: nth(5, 0, -1),
        "mothers": lambda: nth(5, 6, 2),
        "fathers": lambda: nth(6, 6, 3),
    }
    if base_name not in bases:
        raise _Reject(spec)
    return bases[base_name]() + delta * DAY


def _r_holiday(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    name = " ".join(((g.get("holiday") or "").lower()).split()).replace("’", "'")
    if name not in ctx.vocab.holidays:
        name = name.replace("'", "")
        if name not in ctx.vocab.holidays:
            raise _Reject(name)
    ys, mod = g.get("year"), (g.get("mod") or "").lower()
    if ys:
        d = _holiday_date(name, int(ys), ctx)
        return _V("date", d.isoformat(), False, day=d, point=True)
    if ctx.ref is None:
        return _V("date", None, True)
    ref = ctx.ref
    this = _holiday_date(name, ref.year, ctx)
    if mod in ("next", "following"):
        d = this if this > ref else _holiday_date(name, ref.year + 1, ctx)
    elif mod in ("last", "previous"):
        d = this if this < ref else _holiday_date(name, ref.year - 1, ctx)
    else:
        tense = ctx.tense()
        d = this
        if tense > 0 and this < ref:
            d = _holiday_date(name, ref.year + 1, ctx)
        elif tense < 0 and this > ref:
            d = _holiday_date(name, ref.year - 1, ctx)
    return _V("date", d.isoformat(), True, day=d, point=True)


def _r_weekday_day(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    wd = ctx.vocab.weekdays[(_g(g, "weekday") or "").lower().rstrip(".")]
    if g.get("m2") and g.get("d2"):
        return _weekday_fit(wd, int(g["m2"] or 0), int(g["d2"] or 0), ctx)
    if g.get("month3"):
        return _weekday_fit(wd, _month_of(g["month3"] or "", ctx), int(g["day3"] or 0), ctx)
    day = _day_of(g.get("day") or "", ctx)
    if not 1 <= day <= 31:
        raise _Reject("day")
    if ctx.ref is None:
        return _V("date", None, True)
    future = ctx.future() or bool(g.get("mod"))
    step = 1 if future else -1
    m = ctx.ref.replace(day=1)
    for i in range(0, 24):
        cand_month = _add_months(m, step * i)
        try:
            d = cand_month.replace(day=day)
        except ValueError:
            continue
        if d.weekday() == wd and ((d >= ctx.ref) if future else (d <= ctx.ref) or i > 0):
            return _V("date", d.isoformat(), True, day=d, point=True)
    return _V("date", None, True)


def _weekday_fit(wd: int, month: int, day: int, ctx: _Ctx) -> _V:
    """A year-less month/day with a weekday: the nearest year in which the day falls on it."""
    v = _date_value(None, month, day, ctx, True)
    if ctx.ref is None or v.day is None or v.day.weekday() == wd:
        return v
    for dy in (0, -1, 1):
        try:
            d = dt.date(ctx.ref.year + dy, month, day)
        except ValueError:
            continue
        if d.weekday() == wd:
            return _V("date", d.isoformat(), True, day=d, point=True)
    return v


def _r_relative_day(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    if ctx.ref is None:
        return _V("date", None, True)
    nextday = (g.get("nextday") or "").lower()
    off = (-1 if nextday == "previous" else 1) if nextday else ctx.vocab.relative_days[(g.get("relday") or "").lower()]
    shift = (g.get("shift") or "").lower()
    off += 1 if shift == "after" else -1 if shift == "before" else 0
    d = ctx.ref + off * DAY
    return _V("date", d.isoformat(), True, day=d, point=True)


def _r_now(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    if ctx.ref is None:
        return _V("time", None, True)
    return _V("time", f"{ctx.ref.isoformat()}T00:00:00", True, day=ctx.ref)


def _unit_interval(unit: str, off: int, ref: dt.date) -> tuple[str, bool]:
    """The calendar unit ``off`` steps from the one holding ``ref``: (value, is_point)."""
    u = regex.sub(r"[\s-]+", " ", unit.lower())
    if u == "week":
        return _iso_week(ref + off * 7 * DAY), True
    if u == "month":
        d = _add_months(ref.replace(day=1), off)
        return f"{d:%Y-%m}", True
    if u == "year":
        return f"{ref.year + off:04d}", True
    if u == "quarter":
        q = (ref.month - 1) // 3
        start = _add_months(dt.date(ref.year, 1 + 3 * q, 1), 3 * off)
        return f"{start:%Y-%m}/{_add_months(start, 3):%Y-%m}", False
    if u == "weekend":
        sat = _monday(ref) + 5 * DAY + off * 7 * DAY
        return f"{sat.isoformat()}/{(sat + 2 * DAY).isoformat()}", False
    if u == "fortnight":
        mon = _monday(ref) + off * 14 * DAY
        return f"{mon.isoformat()}/{(mon + 14 * DAY).isoformat()}", False
    if u in ("work week", "workweek", "working week", "business week"):
        mon = _monday(ref) + off * 7 * DAY
        return f"{mon.isoformat()}/{(mon + 5 * DAY).isoformat()}", False
    if u == "decade":
        y0 = ref.year // 10 * 10 + 10 * off
        return f"{y0:04d}/{y0 + 10:04d}", False
    if u == "century":
        y0 = ref.year // 100 * 100 + 100 * off
        return f"{y0:04d}/{y0 + 100:04d}", False
    raise _Reject(unit)


def _r_modified_unit(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    if ctx.ref is None:
        return _V("date", None, True)
    mod = (g.get("mod") or "this").lower()
    unit = " ".join(((g.get("unit") or "").lower()).split())
    if mod == "past" and unit in ("week", "month", "year", "decade", "century", "fortnight", "quarter"):
        # "over the past year": the stretch up to the reference, not the previous calendar unit
        dur = _unit_dur(unit, 1.0, ctx)
        start = _shift(ctx.ref, dur, -1)
        return _V("date", f"{_iso_instant(start)}/{ctx.ref.isoformat()}", True)
    off = ctx.vocab.modifiers.get(mod, 0)
    value, point = _unit_interval(unit, off, ctx.ref)
    return _V("date", value, True, point=point)


def _r_to_date(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    if ctx.ref is None:
        return _V("date", None, True)
    unit = ctx.text[ctx.start : ctx.end].lower()
    start = ctx.ref.replace(month=1, day=1)
    if unit.startswith("month"):
        start = ctx.ref.replace(day=1)
    elif unit.startswith("quarter"):
        start = ctx.ref.replace(month=1 + 3 * ((ctx.ref.month - 1) // 3), day=1)
    return _V("date", f"{start.isoformat()}/{ctx.ref.isoformat()}", True)


def _r_modified_weekday(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    wd = ctx.vocab.weekdays[(_g(g, "weekday") or "").lower()]
    mod = " ".join(((_g(g, "mod") or "").lower()).split())
    if ctx.ref is None:
        return _V("date", None, True)
    ref = ctx.ref
    week_form = bool(g.get("mod2") or g.get("mod3"))
    if mod in ("this upcoming", "this coming", "upcoming", "coming"):
        d = ref + (((wd - ref.weekday()) % 7) or 7) * DAY
    elif mod == "past" and not week_form:
        d = ref - (((ref.weekday() - wd) % 7) or 7) * DAY
    elif mod in ("following", "the following"):
        d = _monday(ref) + 7 * DAY + wd * DAY
    else:
        off = ctx.vocab.modifiers.get(mod, 0)
        d = _monday(ref) + off * 7 * DAY + wd * DAY
    return _V("date", d.isoformat(), True, day=d, point=True)


def _r_weekday(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    wd = ctx.vocab.weekdays[(_g(g, "weekday") or "").lower().rstrip(".")]
    if ctx.ref is None:
        return _V("date", None, True)
    before = ctx.text[max(0, ctx.start - 6) : ctx.start].lower()
    if regex.search(r"good\s*$", before):
        raise _Reject("greeting")
    ref = ctx.ref
    ahead = ctx.future()
    # the nearest such day in the tense's direction: today counts for the past, not the future
    d = ref + (((wd - ref.weekday()) % 7) or 7) * DAY if ahead else ref - ((ref.weekday() - wd) % 7) * DAY
    return _V("date", d.isoformat(), True, day=d, point=True, weekday=wd)


def _r_part_of(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    part = (_g(g, "part") or "").lower()
    early = part in ("early", "earlier", "beginning", "start")
    late = part in ("late", "later", "end")
    unit = (g.get("unit") or "").lower()
    ms, ys = g.get("month"), _g(g, "year")
    relative = not ys
    if (unit or (ms and not ys)) and ctx.ref is None:
        return _V("date", None, True)
    if unit == "week":
        assert ctx.ref is not None
        mon = _monday(ctx.ref) + ctx.vocab.modifiers.get((g.get("mod") or "this").lower(), 0) * 7 * DAY
        a, b = (mon, mon + 3 * DAY) if early else (max(mon + 3 * DAY, ctx.ref), mon + 7 * DAY)
        return _V("date", f"{a.isoformat()}/{b.isoformat()}", True, anchor_end=late)
    if unit == "month" or ms:
        if ms:
            year = int(ys) if ys else cast(dt.date, ctx.ref).year
            first = dt.date(year, _month_of(ms, ctx), 1)
        else:
            assert ctx.ref is not None
            first = _add_months(ctx.ref.replace(day=1), ctx.vocab.modifiers.get((g.get("mod") or "this").lower(), 0))
        nxt = _add_months(first, 1)
        if early:
            a, b = first, first.replace(day=16)
        elif late:
            a, b = first.replace(day=16), nxt
        else:
            a, b = first.replace(day=10), first.replace(day=21)
        return _V("date", f"{a.isoformat()}/{b.isoformat()}", relative, anchor_end=late)
    if unit == "year":
        assert ctx.ref is not None
        year = ctx.ref.year + ctx.vocab.modifiers.get((g.get("mod") or "this").lower(), 0)
    else:
        year = int(ys or 0)
    if early:
        return _V("date", f"{year:04d}-01/{year:04d}-07", relative)
    if late:
        return _V("date", f"{year:04d}-07/{year + 1:04d}-01", relative, anchor_end=True)
    return _V("date", f"{year:04d}-04/{year:04d}-10", relative)


def _r_season(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    code = ctx.vocab.seasons[(_g(g, "season") or "").lower()]
    ys = _g(g, "year")
    if ys:
        return _V("date", f"{int(ys):04d}-{code}", False)
    if ctx.ref is None:
        return _V("date", None, True)
    off = ctx.vocab.modifiers.get((g.get("mod") or "this").lower(), 0)
    return _V("date", f"{ctx.ref.year + off:04d}-{code}", True)


def _r_offset(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    after = ctx.text[ctx.end : ctx.end + 14].lower()
    if _AGE_AFTER.match(after):
        raise _Reject("age")
    n = _num(g.get("num") or "", ctx)
    if g.get("half"):
        n += 0.5
    frac = (g.get("frac") or "").lower()
    if frac:
        n += 0.5 if frac == "half" else 0.25
    dur = _unit_dur(g.get("unit") or "", n, ctx)
    if g.get("num2") and g.get("unit2"):
        for k, amount in _unit_dur(g["unit2"] or "", _num(g["num2"] or "", ctx), ctx).items():
            dur[k] = dur.get(k, 0.0) + amount
    direction = " ".join(((g.get("dir") or "").lower()).split())
    inside = (g.get("in") or "").lower()
    article = (g.get("num") or "").lower() in ("a", "an")
    if article and not direction and not inside and not g.get("num2"):
        unit = (g.get("unit") or "").lower()
        if unit in ctx.vocab.ordinal_units and ctx.vocab.ordinal_after.match(ctx.text, ctx.end):
            raise _Reject("ordinal")  # "a second container terminal"
        if ctx.vocab.rate_before.search(ctx.text[max(0, ctx.start - 60) : ctx.start]):
            raise _Reject("rate")  # "£83 a year", "1.2 million containers a year"
    sub_day = any(k in dur for k in ("H", "MIN", "S"))
    if inside == "in" and not direction and ctx.tense() < 0:
        inside = ""  # "the lowest level in a decade": a stretch of time, not a point ahead
    if not direction and not inside:
        v = _V("duration", _iso_duration(dur))
        v.duration = dur
        return v
    if ctx.ref is None:
        return _V("time" if sub_day else "date", None, True)
    ref: dt.date = ctx.ref
    if inside == "within":
        end = _shift(ref, dur, 1)
        start: dt.date | dt.datetime = dt.datetime.combine(ref, dt.time()) if sub_day else ref
        return _V("time" if sub_day else "date", f"{_iso_instant(start)}/{_iso_instant(end)}", True)
    sign = -1 if direction in ("ago", "before", "earlier") else 1
    if direction == "from tomorrow" or direction == "from tmrw":
        ref = ref + DAY
    x = _shift(ref, dur, sign)
    v = _V("time" if isinstance(x, dt.datetime) else "date", _iso_instant(x), True)
    if isinstance(x, dt.date) and not isinstance(x, dt.datetime):
        v.day = x
        v.point = True
    if direction in ("before", "after", "from", "since"):
        v.offset = (dur, sign)
    return v


def _r_next_n(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    n = _num(_g(g, "num") or "", ctx)
    unit = " ".join(((g.get("unit") or "").lower()).split())
    dur = _unit_dur(unit, n, ctx)
    mod = (_g(g, "mod") or "").lower()
    if (
        (g.get("mod") or "").lower() == "last"
        and ctx.text[ctx.start : ctx.start + 4].lower() == "last"
        and ctx.vocab.verb_last_before.search(ctx.text[max(0, ctx.start - 40) : ctx.start])
    ):
        raise _Reject("verb")  # "the talks last 18 months": how long they take, not the months before now
    if ctx.ref is None:
        return _V("date", None, True)
    if any(k in dur for k in ("H", "MIN", "S")):
        return _V("time", None, True)
    if mod in ("next", "coming", "upcoming"):
        a = ctx.ref + DAY
        b = _shift(a, dur, 1)
    elif mod in ("last", "past", "previous"):
        b = ctx.ref
        a = _shift(ctx.ref, dur, -1)
    else:
        return _V("date", None, True)
    return _V("date", f"{_iso_instant(a)}/{_iso_instant(b)}", True)


def _r_abbrev_duration(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    n = float(g["num"] or 0)
    return _V("duration", _iso_duration({(g["unit"] or "D").upper(): n}))


def _r_vague_duration(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    unit = (_g(g, "unit") or "").lower()
    n = 0.5 if g.get("half") else 1.0
    table = {"day": "D", "week": "W", "month": "M", "year": "Y", "hour": "H", "minute": "MIN", "night": "D"}
    if unit not in table:
        return _V("duration", None)
    return _V("duration", _iso_duration({table[unit]: n}))


def _to24(h: int, ampm: str | None) -> int:
    if not ampm:
        return h
    a = ampm.strip().lower()[0]
    if a == "p" and h < 12:
        return h + 12
    if a == "a" and h == 12:
        return 0
    return h


def _r_clock(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    hs = _g(g, "hour")
    if hs is None:
        raise _Reject("hour")
    h = int(hs)
    m = int(_g(g, "minute") or 0)
    s = int(g.get("second") or 0)
    ampm = _g(g, "ampm")
    if h > 23 or (ampm and h > 12):
        raise _Reject("hour")
    h24 = _to24(h, ampm)
    tod = (h24, m, s)
    return _V("time", _hms(tod), tod=tod, tod_known=bool(ampm) or h > 12 or h == 0)


_WORD_MINUTES = {"half": 30, "quarter": 15}


def _r_clock_words(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    hs = _g(g, "hour")
    if hs is None:
        raise _Reject("hour")
    h = int(_num(hs.replace("-", " "), ctx))
    if not 0 <= h <= 23:
        raise _Reject("hour")
    m = 0
    half = _g(g, "half")
    rel = (_g(g, "rel") or "").lower()
    if half:
        hw = half.lower().split()[0]
        m = _WORD_MINUTES.get(hw) or int(_num(hw, ctx))
        if rel == "to":
            m = 60 - m
            h = (h - 1) % 24
    elif _g(g, "minute"):
        m = int(_num((_g(g, "minute") or "").replace("-", " "), ctx))
    if not 0 <= m < 60:
        raise _Reject("minute")
    pod = (_g(g, "pod") or _g(g, "ampm") or "").lower()
    known = bool(pod)
    if regex.match(r"p|in\s+the\s+(?:afternoon|evening)|at\s+night|tonight", pod) and h < 12:
        h += 12
    elif pod.startswith("a") and h == 12:
        h = 0
    tod = (h, m, 0)
    return _V("time", _hms(tod), tod=tod, tod_known=known)


def _r_noon(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    if g.get("hour"):
        h = int(g["hour"] or 0)
        if h > 23:
            raise _Reject("hour")
        return _V("time", _hms((h, 0, 0)), tod=(h, 0, 0))
    tod = (12, 0, 0) if g.get("noon") else (0, 0, 0)
    return _V("time", _hms(tod), tod=tod)


def _r_time_range(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    h1s = next((g[k] for k in ("h1", "h3", "h5", "h7", "h9", "h11", "h13") if g.get(k)), None)
    h2s = next((g[k] for k in ("h2", "h4", "h6", "h8", "h10", "h12", "h14") if g.get(k)), None)
    if h1s is None or h2s is None:
        raise _Reject("range")
    m1 = int(g.get("m1") or g.get("m3") or g.get("m5") or g.get("m7") or 0)
    m2 = int(g.get("m2") or g.get("m4") or g.get("m6") or g.get("m8") or 0)
    h1, h2 = int(h1s), int(h2s)
    ap1, ap2 = g.get("ap1"), g.get("ap2")
    if h1 > 23 or h2 > 23:
        raise _Reject("hour")
    b = _to24(h2, ap2)
    if ap1:
        a = _to24(h1, ap1)
    elif ap2 and h1 <= 12:
        a = _to24(h1, ap2)
        if (a, m1) > (b, m2):
            a = h1
    else:
        a = h1
    if ap2 and ap2.lower().startswith("a") and h2 == 12 and not (ap1 and ap1.lower().startswith("p")):
        b = 12  # "10am-12am": noon in practice
    known = bool(ap1 or ap2) or a > 12 or b > 12 or bool(g.get("h3") or g.get("h5"))
    if not known and (b, m2) < (a, m1) and b < 12:
        b += 12  # "10-4": ten in the morning to four in the afternoon
    return _V("time", f"{_hms((a, m1, 0))}/{_hms((b, m2, 0))}", tod=(a, m1, 0), tod_end=(b, m2, 0), tod_known=known)


def _r_part_of_day(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    before = ctx.text[max(0, ctx.start - 6) : ctx.start].lower()
    if regex.search(r"good\s*$", before):
        raise _Reject("greeting")
    name = (_g(g, "pod") or ("tonight" if g.get("tonight") else "")).lower()
    if name == "lunch" and not g.get("pod3"):
        raise _Reject("lunch")
    relday = (_g(g, "relday") or "").lower()
    if g.get("tonight"):
        relday = "today"
    pod = ctx.vocab.parts_of_day.get(name)
    if pod is None:
        raise _Reject(name)
    a, b = (p if p.count(":") == 2 else p + ":00" for p in pod)
    if not relday:
        return _V("time", f"{a}/{b}", pod=(a, b), pod_name=name)
    if ctx.ref is None:
        return _V("time", None, True, pod=(a, b), pod_name=name)
    off = ctx.vocab.relative_days.get(relday, ctx.vocab.modifiers.get(relday, 0))
    if relday in ("this", "that", "tonight", "tonite"):
        off = 0
    d = ctx.ref + off * DAY
    return _V("time", f"{d}T{a}/{d}T{b}", True, day=d, pod=(a, b), pod_name=name)


def _r_frequency(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    return _V("set", ctx.vocab.frequencies[(g.get("freq") or "").lower()])


def _r_every(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    unit = (g.get("unit") or "").lower()
    wds = g.get("weekday")
    n = 2 if g.get("other") else int(_num(g.get("n") or "1", ctx))
    time = ""
    if g.get("hour"):
        time = "T" + f"{_to24(int(g['hour'] or 0), g.get('ampm')):02d}" + (f":{g['minute']}" if g.get("minute") else "")
    if wds:
        return _V("set", f"XXXX-WXX-{ctx.vocab.weekdays[wds.lower()] + 1}{time}")
    table = {
        "day": f"P{n}D",
        "week": f"P{n}W",
        "month": f"P{n}M",
        "year": f"P{n}Y",
        "quarter": f"P{3 * n}M",
        "hour": f"PT{n}H",
        "minute": f"PT{n}M",
        "weekday": f"P{n}WD",
        "weekend": f"P{n}WE",
        "weekends": f"P{n}WE",
        "morning": "TMO",
        "afternoon": "TAF",
        "evening": "TEV",
        "night": "TNI",
    }
    if unit in ("day", "morning", "afternoon", "evening", "night") and time:
        return _V("set", time)
    return _V("set", table.get(unit))


def _r_times_per(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    unit = (g.get("unit") or "").lower()
    return _V("set", {"day": "P1D", "week": "P1W", "month": "P1M", "year": "P1Y"}[unit])


def _r_plural_weekday(g: Mapping[str, str | None], ctx: _Ctx) -> _V:
    pods = {"mornings": "MO", "afternoons": "AF", "evenings": "EV", "nights": "NI"}
    pod = (_g(g, "pod") or "").lower()
    if pod == "weekends":
        return _V("set", "P1WE")
    wdw = g.get("weekday") or g.get("weekday2")
    if not wdw:
        return _V("set", "T" + pods[pod])
    wd = ctx.vocab.weekday_plurals.get(wdw.lower(), ctx.vocab.weekdays.get(wdw.lower(), 0)) + 1
    suffix = ""
    if pod:
        suffix = "T" + pods[pod]
    elif g.get("hour"):
        suffix = f"T{_to24(int(g['hour'] or 0), g.get('ampm')):02d}" + (f":{g['minute']}" if g.get("minute") else "")
    return _V("set", f"XXXX-WXX-{wd}{suffix}")


_RESOLVERS: dict[str, Callable[[Mapping[str, str | None], _Ctx], _V]] = {
    "calendar": _r_calendar,
    "numeric_dmy": _r_numeric_dmy,
    "numeric_dm": _r_numeric_dm,
    "year_range": _r_year_range,
    "day_range": _r_day_range,
    "decade": _r_decade,
    "season_years": _r_season_years,
    "numeric_range": _r_numeric_range,
    "nth_day_of": _r_nth_day_of,
    "day_of_month": _r_day_of_month,
    "century": _r_century,
    "quarter": _r_quarter,
    "week_number": _r_week_number,
    "nth_week": _r_nth_week,
    "nth_weekday": _r_nth_weekday,
    "holiday": _r_holiday,
    "weekday_day": _r_weekday_day,
    "relative_day": _r_relative_day,
    "now": _r_now,
    "modified_unit": _r_modified_unit,
    "to_date": _r_to_date,
    "modified_weekday": _r_modified_weekday,
    "weekday": _r_weekday,
    "part_of": _r_part_of,
    "season": _r_season,
    "offset": _r_offset,
    "next_n": _r_next_n,
    "abbrev_duration": _r_abbrev_duration,
    "vague_duration": _r_vague_duration,
    "clock": _r_clock,
    "clock_words": _r_clock_words,
    "noon": _r_noon,
    "time_range": _r_time_range,
    "part_of_day": _r_part_of_day,
    "frequency": _r_frequency,
    "every": _r_every,
    "times_per": _r_times_per,
    "plural_weekday": _r_plural_weekday,
}


# ---------------------------------------------------------------------------- extraction
@dataclass
class _Fact:
    start: int
    end: int
    v: _V
    rule: str
    parts: list[_Fact] = field(default_factory=list)


_Candidate = tuple[int, int, int, Rule, regex.Match[str]]
# a word, a digit or a quote/fraction sign not preceded by a letter or digit: where a date may start
_START = re.compile(r"(?<![^\W_])(?:[^\W\d_]+|\d|[½'’])")
_TOKEN = regex.compile(r"[^\s\p{L}\d]?[\p{L}\d]*")
_TWO_TOKENS = regex.compile(r"[^\s\p{L}\d]?[\p{L}\d]*[^\p{L}\d]{0,3}[\p{L}\d]*")


def _starts(text: str, c: _Compiled) -> list[int]:
    """The positions where a date expression can start: digits, "½", quotes ("'90s") and trigger words."""
    words = c.trigger_words
    out = []
    for m in _START.finditer(text):
        w = m.group()
        if w[0].isalpha():
            if w not in words and w.lower() not in words:
                continue
            end = m.end()
            if end < len(text) and text[end].isalpha():  # the word goes on with a non-word letter
                continue
        pos = m.start()
        if pos and (text[pos - 1].isalpha() or text[pos - 1].isdecimal()):
            continue
        out.append(pos)
    return out


@functools.lru_cache(maxsize=1 << 12)
def _allowed(c: _Compiled, token: str) -> tuple[int, ...]:
    """The rules whose match can begin with ``token`` (a pure function, memoised)."""
    return tuple(i for i, probe in enumerate(c.probes) if probe is None or probe.match(token, partial=True) is not None)


@functools.lru_cache(maxsize=1 << 14)
def _allowed_two(c: _Compiled, prefix: str) -> tuple[int, ...]:
    """The rules whose match can begin with ``prefix`` (the text's first two tokens from a start):
    those that can begin with its first token and do not fail on the second."""
    first = _TOKEN.match(prefix)
    allowed = _allowed(c, first.group() if first else "")
    if len(allowed) <= 2 or first is None or first.end() == len(prefix):
        return allowed
    probes = c.probes
    return tuple(i for i in allowed if (p := probes[i]) is None or p.match(prefix, partial=True) is not None)


def find_candidates(text: str, rules: Rules) -> list[_Candidate]:
    """Every date rule's match in ``text`` before overlaps are settled. They do not depend on the
    reference date: compute them once and pass them to ``extract_dates`` and
    ``extract_quantities`` (``candidates=``) when both run on the same text."""
    return _find_candidates(text, _compiled(rules))


def _find_candidates(text: str, c: _Compiled) -> list[_Candidate]:
    """Matches of every rule at every position where a date expression can start.

    A rule is tried only where its regex can begin: the first token alone must be a (partial)
    match of it with its positive look-behinds dropped, which is worked out once per token.
    User rules are tried at every start.
    """
    n = len(text)
    out = []
    rules = c.rules
    for pos in _starts(text, c):
        m0 = _TWO_TOKENS.match(text, pos)
        for i in _allowed_two(c, m0.group().lower() if m0 else ""):
            rule, pattern = rules[i]
            timeout = rule.timeout if rule.user else None  # built-in rules are bounded by the window
            try:
                # a window bounds the regex engine's look-ahead for required words ("day of")
                m = pattern.match(text, pos, min(n, pos + _WINDOW), timeout=timeout)
            except TimeoutError:
                continue
            if m is not None and m.end() > m.start():
                out.append((m.start(), m.end(), int(rule.get("priority", 0)), rule, m))
    return out


_AGE_AFTER = regex.compile(r"\s*(?:-\s*)?(?:old|of\s+age)\b|-old\b")


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in " \t\n,":
        end -= 1
    # a full stop after a whole word ends the sentence; after "Dec" or "Sept" it abbreviates
    if end - start > 5 and text[end - 1] == "." and text[end - 6 : end - 1].isalpha():
        end -= 1
    return start, end


def _resolve_all(
    text: str, ref: dt.date | None, rules: Rules, c: _Compiled, candidates: list[_Candidate] | None
) -> list[_Fact]:
    cands = list(_find_candidates(text, c) if candidates is None else candidates)
    cands.sort(key=lambda x: (-(x[1] - x[0]), -x[2], x[0]))
    taken = bytearray(len(text))  # 1 where a kept candidate lies
    facts: list[_Fact] = []
    for start, end, _prio, rule, m in cands:
        start, end = _strip(text, start, end)
        if taken.find(1, start, end) != -1:
            continue
        resolver = _RESOLVERS.get(rule["resolver"])
        if resolver is None:
            continue
        ctx = _Ctx(text, ref, c.vocab, rules, start, end)
        try:
            v = resolver(m.groupdict(), ctx)
        except (_Reject, KeyError, ValueError, OverflowError):
            continue
        taken[start:end] = b"\x01" * (end - start)
        facts.append(_Fact(start, end, v, rule.id))
    facts.sort(key=lambda f: f.start)
    return facts


def _join_ranges(text: str, facts: list[_Fact], c: _Compiled) -> list[_Fact]:
    out: list[_Fact] = []
    i = 0
    while i < len(facts):
        a = facts[i]
        if i + 1 < len(facts):
            b = facts[i + 1]
            gap = text[a.end : b.start]
            gm = c.range_gap.fullmatch(gap)
            prefix = c.range_prefix.search(text, max(0, a.start - 16), a.start)
            if gm and ("and" not in gap.lower() or (prefix and prefix.group().lower().startswith("between"))):
                joined = _range(a, b, prefix.start() if prefix else a.start, text, c)
                if joined is not None:
                    out.append(joined)
                    i += 2
                    continue
        out.append(a)
        i += 1
    return out


def _range(a: _Fact, b: _Fact, start: int, text: str, c: _Compiled) -> _Fact | None:
    va, vb = a.v, b.v
    end = b.end
    if a.rule == "date.now" and va.day:
        va = _V("date", va.day.isoformat(), True, day=va.day, point=True)
    if b.rule == "date.now" and vb.day:
        vb = _V("date", vb.day.isoformat(), True, day=vb.day, point=True)
    if (
        not va.year_explicit
        and not vb.year_explicit
        and va.with_year
        and vb.with_year
        and va.ref is not None
        and not c.year_tail.match(text, end)
    ):
        # both ends without a year: place the range as a whole around the reference
        fa, fb, ref, tense = va.with_year, vb.with_year, va.ref, va.tense
        ya = yb = ref.year
        va, vb = fa(ya), fb(yb)
        if va.value and vb.value and vb.value < va.value:
            yb += 1
            vb = fb(yb)
        if tense > 0 and vb.value and vb.value[:10] < ref.isoformat()[: len(vb.value[:10])]:
            ya, yb = ya + 1, yb + 1
        elif tense < 0 and va.value and va.value[:10] > ref.isoformat()[: len(va.value[:10])]:
            ya, yb = ya - 1, yb - 1
        va, vb = fa(ya), fb(yb)
        if va.value and vb.value:
            value = f"{va.value.split('/')[0]}/{vb.value.split('/')[-1]}"
            return _Fact(start, end, _V("date", value, True), a.rule + "+range", [a, b])
    if va.kind == "date" and vb.kind == "date" and va.value and vb.value:
        if not va.year_explicit and vb.year_explicit and va.with_year:
            fill = va.with_year
            va = fill(int(vb.value[:4]))
            if va.value and va.value > vb.value[: len(va.value)]:
                va = fill(int(vb.value[:4]) - 1)  # "Nov-Feb 2017"
        tail = c.year_tail.match(text, end)
        if tail and not va.year_explicit and not vb.year_explicit and va.with_year and vb.with_year:
            y = int(tail["year"])
            va, vb = va.with_year(y), vb.with_year(y)
            end = tail.end()
        if vb.weekday is not None and va.day is not None:  # "from next monday to friday"
            d = va.day + ((vb.weekday - va.day.weekday()) % 7) * DAY
            vb = _V("date", d.isoformat(), True, day=d, point=True)
        if not va.value or not vb.value:
            return None
        # an interval end point counts by its start ("to 2018 q1"), or by its end ("to the end of 2008")
        lo = va.value.split("/")[-1 if va.anchor_end else 0]
        hi = vb.value.split("/")[-1 if vb.anchor_end else 0]
        if hi[: len(lo)] < lo[: len(hi)] and not vb.year_explicit and vb.with_year:
            vb = vb.with_year(int(lo[:4]) + 1)  # "from Nov to March"
            hi = (vb.value or "").split("/")[-1]
        if hi[: len(lo)] < lo[: len(hi)]:
            return None
        return _Fact(start, end, _V("date", f"{lo}/{hi}", va.relative or vb.relative), a.rule + "+range", [a, b])
    if va.kind == "time" and vb.kind == "time" and va.tod and vb.tod and not va.day and not vb.day:
        ta, tb = va.tod, vb.tod
        if not va.tod_known and vb.tod_known and ta[0] < 12 and (ta[0] + 12, ta[1]) <= (tb[0], tb[1]):
            ta = (ta[0] + 12, ta[1], ta[2])
        if not vb.tod_known and va.tod_known and (tb[0], tb[1]) < (ta[0], ta[1]) and tb[0] < 12:
            tb = (tb[0] + 12, tb[1], tb[2])
        v = _V("time", f"{_hms(ta)}/{_hms(tb)}", tod=ta, tod_end=tb)
        return _Fact(start, end, v, a.rule + "+range", [a, b])
    return None


def _join_datetime(text: str, facts: list[_Fact], c: _Compiled) -> list[_Fact]:
    out: list[_Fact] = []
    i = 0
    while i < len(facts):
        a = facts[i]
        if i + 1 < len(facts):
            b = facts[i + 1]
            if c.datetime_gap.fullmatch(text[a.end : b.start]):
                joined = _datetime(a, b, text[a.end : b.start])
                if joined is not None:
                    out.append(joined)
                    i += 2
                    continue
        out.append(a)
        i += 1
    return out


def _datetime(a: _Fact, b: _Fact, gap: str = "") -> _Fact | None:
    # one side gives the day, the other the time of day
    for day_f, time_f in ((a, b), (b, a)):
        dv, tv = day_f.v, time_f.v
        if dv.day is None or dv.kind not in ("date", "time") or tv.kind != "time" or tv.day is not None:
            continue
        if dv.pod and tv.tod:  # "8am this morning", "tonight at 8", "from 3-8pm yesterday afternoon"
            tod, tod_end = tv.tod, tv.tod_end
            if not tv.tod_known and dv.pod_name in ("afternoon", "evening", "night", "tonight", "tonite", "pm"):
                if tod[0] < 12:
                    tod = (tod[0] + 12, tod[1], tod[2])
                if tod_end and tod_end[0] < 12:
                    tod_end = (tod_end[0] + 12, tod_end[1], tod_end[2])
            if tod_end:
                v = _V("time", f"{dv.day}T{_hms(tod)}/{dv.day}T{_hms(tod_end)}", True)
            else:
                v = _V("time", f"{dv.day}T{_hms(tod)}", True)
        elif dv.pod:
            continue
        elif tv.tod and tv.tod_end:
            v = _V("time", f"{dv.day}T{_hms(tv.tod)}/{dv.day}T{_hms(tv.tod_end)}", dv.relative)
        elif tv.tod:
            v = _V("time", f"{dv.day}T{_hms(tv.tod)}", dv.relative)
        elif tv.pod:
            v = _V("time", f"{dv.day}T{tv.pod[0]}/{dv.day}T{tv.pod[1]}", dv.relative, pod=tv.pod, pod_name=tv.pod_name)
            v.day = dv.day
        else:
            continue
        if dv.value is None:
            v.value = None
        return _Fact(min(a.start, b.start), max(a.end, b.end), v, a.rule + "+" + b.rule, [a, b])
    # a part of day and a clock time without a day: "in the morning at 7", "7 in the evening"
    for p_f, t_f in ((a, b), (b, a)):
        pv, tv = p_f.v, t_f.v
        if pv.pod and pv.day is None and tv.tod and tv.day is None and not tv.pod:
            tod, tod_end = tv.tod, tv.tod_end
            if not tv.tod_known and pv.pod_name in ("afternoon", "evening", "night") and tod[0] < 12:
                tod = (tod[0] + 12, tod[1], tod[2])
                if tod_end and tod_end[0] < 12:
                    tod_end = (tod_end[0] + 12, tod_end[1], tod_end[2])
            if tod_end:
                v = _V("time", f"{_hms(tod)}/{_hms(tod_end)}", tod=tod, tod_end=tod_end)
            else:
                v = _V("time", _hms(tod), tod=tod)
            return _Fact(min(a.start, b.start), max(a.end, b.end), v, a.rule + "+" + b.rule, [a, b])
    # a clock time and a duration: "from 10 am for 3 hours", "for 2 hours from 2pm"
    for d_f, t_f in ((a, b), (b, a)):
        dur, tv = d_f.v.duration, t_f.v
        if dur and tv.tod and not tv.tod_end and tv.day is None and any(k in dur for k in ("H", "MIN", "S")):
            t0 = dt.datetime.combine(dt.date(2000, 1, 1), dt.time(*tv.tod))
            t1 = cast(dt.datetime, _shift(t0.date(), dur, 1)) + (t0 - dt.datetime(2000, 1, 1))
            if t1.date() != t0.date():
                continue
            tod_end = (t1.hour, t1.minute, t1.second)
            v = _V("time", f"{_hms(tv.tod)}/{_hms(tod_end)}", tod=tv.tod, tod_end=tod_end)
            return _Fact(min(a.start, b.start), max(a.end, b.end), v, a.rule + "+" + b.rule, [a, b])
    # an offset waiting for its anchor: "3 days after January 12th", "2 weeks from January 15"
    anchored = a.v.duration and regex.fullmatch(r"\s+(?:from|after|before)\s+", gap, regex.IGNORECASE)
    if (a.v.offset or anchored) and b.v.day is not None and b.v.kind == "date":
        if a.v.offset:
            dur, sign = a.v.offset
        else:
            dur, sign = a.v.duration or {}, -1 if "before" in gap.lower() else 1
        x = _shift(b.v.day, dur, sign)
        v = _V("date", _iso_instant(x), b.v.relative)
        return _Fact(a.start, b.end, v, a.rule + "+" + b.rule, [a, b])
    return None


def _join_sets(text: str, facts: list[_Fact]) -> list[_Fact]:
    """A clock time next to a daily set: "3pm each day", "every day at 7:13 p.m."."""
    out: list[_Fact] = []
    i = 0
    while i < len(facts):
        a = facts[i]
        if i + 1 < len(facts):
            b = facts[i + 1]
            gap = text[a.end : b.start]
            if regex.fullmatch(r"\s*(?:at\s+)?", gap, regex.IGNORECASE):
                for s_f, t_f in ((a, b), (b, a)):
                    if s_f.v.kind == "set" and s_f.v.value in ("P1D",) and t_f.v.tod and not t_f.v.tod_end:
                        h, m, _ = t_f.v.tod
                        val = f"T{h:02d}" + (f":{m:02d}" if m else "")
                        out.append(_Fact(a.start, b.end, _V("set", val), s_f.rule, [a, b]))
                        i += 2
                        break
                else:
                    out.append(a)
                    i += 1
                continue
        out.append(a)
        i += 1
    return out


def extract_dates(
    text: str, ref_date: dt.date | None, rules: Rules, *, candidates: list[_Candidate] | None = None
) -> list[DateFact]:
    """Every date expression in ``text``; relative ones resolved against ``ref_date``.
    ``candidates``: ``find_candidates(text, rules)`` when the caller already has them."""
    if not text:
        return []
    c = _compiled(rules)
    facts = _resolve_all(text, ref_date, rules, c, candidates)
    facts = _join_ranges(text, facts, c)
    facts = _join_datetime(text, facts, c)
    facts = _join_datetime(text, facts, c)
    facts = _join_sets(text, facts)
    out = []
    for f in facts:
        kind = f.v.kind
        if kind == "date" and f.v.value and "/" in f.v.value:
            kind = "interval"
        out.append(
            DateFact(
                text=text[f.start : f.end],
                start=f.start,
                end=f.end,
                kind=cast(DateKind, kind),
                value=f.v.value,
                relative=f.v.relative,
                rule=f.rule,
            )
        )
    return out


__all__ = ["extract_dates", "find_candidates"]
