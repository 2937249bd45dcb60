"""Numbers in text: digits with separators, fractions, number words and multipliers. Pure.

Shared by ``dates`` and ``quantities``. The vocabulary (number words, multipliers, the digit
grammar) is data in ``patterns/numbers.toml``; this module only combines it:

* ``scan_numbers(text, rules)`` finds every number ("3,500", "3.5k", "1.2 million", "one hundred
  and three", "two dozen", "2 1/4", "½", "twenty-first") with its value;
* ``parse_number(phrase, rules)`` reads a phrase that is exactly one number;
* ``word_number_regex(rules)`` / ``ordinal_regex(rules)`` give regex sources other stages
  embed in their own grammars.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import regex

from ..rules.cache import compile_regex
from ..rules.load import Rule, Rules, per_rules
from ..rules.reach import match_at

_VULGAR = {
    "½": 0.5,
    "⅓": 1 / 3,
    "⅔": 2 / 3,
    "¼": 0.25,
    "¾": 0.75,
    "⅕": 0.2,
    "⅖": 0.4,
    "⅗": 0.6,
    "⅘": 0.8,
    "⅙": 1 / 6,
    "⅚": 5 / 6,
    "⅛": 0.125,
    "⅜": 0.375,
    "⅝": 0.625,
    "⅞": 0.875,
}


@dataclass(frozen=True, slots=True)
class Num:
    """One number found in a text. ``form`` is digits | words | mixed | fraction | scientific
    (quantities adds "article": "a"/"an" read as 1 before a currency or a unit)."""

    start: int
    end: int
    value: float
    form: str
    ordinal: bool = False
    scaled: bool = False  # a multiplier ("k", "million", "dozen") was applied
    plain: bool = False  # bare digits: no sign, separator, decimal part or multiplier
    decimals: bool = False
    via: str = ""  # the form of writing that made this number from more words (quantities: "of_a", "odd")

    @property
    def integer(self) -> bool:
        return float(self.value).is_integer()


# The tables of ``[numbers.words]`` taken as written: values by word, and word sets.
_WORD_VALUES = ("cardinals", "tens", "scales", "ordinals", "ordinal_tens", "signs", "dozens")
_WORD_SETS = ("point", "joiners", "articles")


@dataclass(frozen=True, slots=True)
class _Vocab:
    cardinals: Mapping[str, int]
    tens: Mapping[str, int]
    scales: Mapping[str, int]
    ordinals: Mapping[str, int]
    ordinal_tens: Mapping[str, int]
    denominators: Mapping[str, int]
    signs: Mapping[str, int]
    point: frozenset[str]
    joiners: frozenset[str]
    articles: frozenset[str]
    dozens: Mapping[str, int]
    multipliers: Mapping[str, int]
    scale_words: Mapping[str, int]
    block_before: frozenset[str]
    block_after: frozenset[str]
    table_words: frozenset[str]  # every word of the tables cardinals to dozens above, as written
    words: frozenset[str]  # every number word, lower-case (all letters)
    word_scan: re.Pattern[str]  # any of them in lower-cased text between ASCII non-alphanumerics (checked after)
    digit_res: tuple[tuple[str, Rule], ...]  # run through Rule.finditer: a user rule has a time budget
    suffix_re: regex.Pattern[str]

    def is_word(self, w: str) -> bool:
        return w in self.table_words


def _alternation(words: Any) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


def compile_rules(rules: Rules) -> None:
    """Build the number reader's word tables and regexes now (a batch does it once before forking)."""
    _vocab(rules)
    word_number_regex(rules)
    ordinal_regex(rules)


@per_rules
def _vocab(rules: Rules) -> _Vocab:
    w = rules.setting("numbers.words")
    s = rules.setting("numbers.suffixes")
    b = rules.setting("numbers.blockers")
    tables: dict[str, Any] = {k: dict(w[k]) for k in _WORD_VALUES} | {k: frozenset(w[k]) for k in _WORD_SETS}
    tables["denominators"] = {k.lower(): int(v) for k, v in w["denominators"].items()}
    every = frozenset(word for table in tables.values() for word in table)
    digit_res = tuple((r.id, r) for r in rules.section("numbers.digits"))
    lows = {x.lower() for x in every}
    mult = _alternation(s["multipliers"])
    words = _alternation(s["words"])
    spaced = _alternation(s["spaced"])
    suffix_re = compile_regex(
        r"(?:(?P<mult>" + mult + r")(?![\p{L}\d])|\s{1,2}(?P<spaced>" + spaced + r")(?![\p{L}\d])"
        r"|(?:\s*|\s*-\s*)(?i:(?P<word>" + words + r"))(?![\p{L}]))"
    )
    return _Vocab(
        **tables,
        multipliers=dict(s["multipliers"]),
        scale_words={k.lower(): int(v) for k, v in s["words"].items()},
        block_before=frozenset(x.lower() for x in b["before"]),
        block_after=frozenset(x.lower() for x in b["after"]),
        table_words=every,
        words=frozenset(lows),
        word_scan=re.compile(
            r"(?<![a-z0-9])(?:"
            + "|".join(re.escape(x) for x in sorted(lows, key=lambda x: (-len(x), x)))
            + r")(?![a-z0-9])"
        ),
        digit_res=digit_res,
        suffix_re=suffix_re,
    )


# ---------------------------------------------------------------------------- tokens
@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    word: str | None  # lower-cased number word, or None for a digit number
    value: float = 0.0
    form: str = "words"
    plain: bool = False
    decimals: bool = False
    raw: str = ""  # the digits of a plain whole number as written ("05"), read after "point"


def _digit_tokens(text: str, v: _Vocab) -> list[_Tok]:
    found: list[_Tok] = []
    for rule_id, rule in v.digit_res:
        for m in rule.finditer(text):
            tok = _digit_value(rule_id, m)
            if tok is not None:
                found.append(tok)
    # longest first at each position, then drop overlaps
    found.sort(key=lambda t: (t.start, -(t.end - t.start)))
    out: list[_Tok] = []
    for t in found:
        if out and t.start < out[-1].end:
            continue
        out.append(t)
    return [t for t in out if t.form != _UNREADABLE]


def _digit_value(rule_id: str, m: regex.Match[str]) -> _Tok | None:
    """The token a digit rule's match stands for. A value no float holds ("1e400", a run of
    20,000 digits, an exponent of thousands of digits) gives an unreadable token: it keeps the
    other rules from reading pieces of it ("9^999" is not 9 and 999) and is dropped after."""
    try:
        tok = _read_digits(rule_id, m)
    except (OverflowError, ValueError):
        tok = _Tok(m.start(), m.end(), None, math.inf)
    if tok is not None and not math.isfinite(tok.value):
        tok.form = _UNREADABLE
    return tok


_UNREADABLE = "unreadable"


def _read_digits(rule_id: str, m: regex.Match[str]) -> _Tok | None:
    g = m.groupdict()
    sign = -1.0 if g.get("sign") else 1.0
    if rule_id.endswith("fraction"):
        if g.get("vulgar"):
            whole = float(g["whole2"]) if g.get("whole2") else 0.0
            return _Tok(m.start(), m.end(), None, sign * (whole + _VULGAR[g["vulgar"]]), "fraction")
        den = float(g["den"])
        if den == 0:
            return None
        whole = float(g["whole"]) if g.get("whole") else 0.0
        return _Tok(m.start(), m.end(), None, sign * (whole + float(g["num"]) / den), "fraction")
    if rule_id.endswith("power"):
        power = int(g["exp"].replace("−", "-"))
        base = float(g["base"])
        if base == 0 and power < 0:
            return None
        return _Tok(m.start(), m.end(), None, sign * base**power, "scientific")
    if rule_id.endswith("decimal_comma"):
        whole = float(g["int"].replace(".", "") + "." + g["frac"])
        return _Tok(m.start(), m.end(), None, sign * whole, "digits", decimals=True)
    if rule_id.endswith("scientific"):
        exp = (g.get("exp") or g.get("exp2") or "0").replace("−", "-")
        return _Tok(m.start(), m.end(), None, float(g["mant"]) * 10.0 ** int(exp), "scientific")
    whole_s = g.get("int")
    frac_s = g.get("frac") or g.get("frac2") or g.get("frac3")  # frac3: tokenised text, "6 . 2"
    digits = "".join(ch for ch in (whole_s or "0") if ch.isdigit())
    value = float(digits + ("." + frac_s if frac_s else ""))
    plain = not g.get("sign") and not frac_s and whole_s is not None and whole_s.isdigit()
    raw = whole_s if plain and whole_s else ""
    return _Tok(m.start(), m.end(), None, sign * value, "digits", plain=plain, decimals=bool(frac_s), raw=raw)


_LETTER_RUN = re.compile(r"[^\W\d_]+")  # letters, and the odd numeric sign ("½") stdlib counts as a word character
_LETTERS = regex.compile(r"\p{L}+")


def _word_tokens(text: str, v: _Vocab) -> list[_Tok]:
    """Number words standing alone: not glued to a letter or digit."""
    out = []
    words = v.words
    n = len(text)
    lowered = text.lower()
    if len(lowered) == n:  # fast path: find the words, then check that each stands alone
        for m in v.word_scan.finditer(lowered):
            start, end = m.span()
            if start and (text[start - 1].isalpha() or text[start - 1].isdecimal()):
                continue
            if end < n and (text[end].isalpha() or text[end].isdecimal()):
                continue
            out.append(_Tok(start, end, m.group()))
        return out
    for m in _LETTER_RUN.finditer(text):
        w = m.group()
        if w.isalpha():
            runs: Iterable[tuple[int, int, str]] = ((m.start(), m.end(), w),)
        else:
            runs = ((x.start(), x.end(), x.group()) for x in _LETTERS.finditer(w) if x.group().lower() in words)
            runs = ((m.start() + a, m.start() + b, x) for a, b, x in runs)
        for start, end, word in runs:
            low = word.lower()
            if low not in words:
                continue
            if start and (text[start - 1].isalpha() or text[start - 1].isdecimal()):
                continue
            if end < n and (text[end].isalpha() or text[end].isdecimal()):
                continue
            out.append(_Tok(start, end, low))
    return out


_GAP = regex.compile(r"\s+|\s*-\s*|\s*&\s*|\s*,\s*")


# ---------------------------------------------------------------------------- parsing
@dataclass(slots=True)
class _Parsed:
    value: float
    end_index: int  # index after the last consumed token
    ordinal: bool = False
    scaled: bool = False
    has_words: bool = False
    has_digits: bool = False


_NEXT = "next"  # the token is part of the number: go on to the next one
_AND = "and"  # a joiner: go on, but the number does not end here
_END = "end"  # the token is not part of the number: it ends before it


class _RunParser:
    """Reads the longest number starting at one token of a run of adjacent tokens.

    One method per token kind (digits, article, cardinal, scale, dozen, joiner, point,
    fraction word, ordinal); each returns ``_NEXT``, ``_AND``, ``_END`` or the finished
    number. The state is the running value (``total`` of closed scale groups plus the
    ``current`` group) and what the last token was."""

    def __init__(self, toks: list[_Tok], i: int, v: _Vocab) -> None:
        self.toks = toks
        self.v = v
        self.n = len(toks)
        self.j = i
        self.sign = 1.0
        self.total = 0.0
        self.current = 0.0
        self.seen = False  # a number word or digits were read (an article alone is not)
        self.last = ""  # kind of the last consumed token
        self.last_scale = float("inf")
        self.pre_and: float | None = None
        self.and_scale = 0.0  # the scale an "and" followed ("six million and two thirds")
        self.hundreds = False  # a hundred was applied in the current group
        self.before_and: _Parsed | None = None
        self.best: _Parsed | None = None
        self.has_words = self.has_digits = self.scaled = False

    def snapshot(self, k: int, value: float, ordinal: bool = False) -> _Parsed:
        return _Parsed(self.sign * value, k, ordinal, self.scaled, self.has_words, self.has_digits)

    def word(self, k: int) -> str | None:
        return self.toks[k].word if k < self.n else None

    def parse(self) -> _Parsed | None:
        v = self.v
        first = self.toks[self.j].word
        if first in v.signs:
            if self.j + 1 >= self.n:
                return None
            self.sign = float(v.signs[first or ""])
            self.j += 1
        while self.j < self.n:
            step = self.step(self.toks[self.j])
            if isinstance(step, _Parsed):
                return step
            if step == _END:
                break
            self.j += 1
            if step == _NEXT:
                self.best = self.snapshot(self.j, self.total + self.current)
        return self.best

    def step(self, t: _Tok) -> _Parsed | str:
        v, w = self.v, t.word
        if w is None:
            return self.digits(t)
        if w in v.articles:
            return self.article()
        if w in v.cardinals or w in v.tens:
            return self.cardinal(w)
        if w in v.scales:
            return self.scale(w)
        if w in v.dozens:
            return self.dozen()
        if w in v.joiners:
            return self.joiner()
        if w in v.point:
            return self.point()
        if w in v.ordinals and self.seen and self.last == "tens":  # "twenty-third"
            return self.snapshot(self.j + 1, self.total + self.current + v.ordinals[w], ordinal=True)
        if w in v.denominators:
            return self.denominator(w)
        if w in v.ordinals or w in v.ordinal_tens:
            return self.ordinal(w)
        return _END

    def digits(self, t: _Tok) -> str:
        if self.seen and not (self.last in ("and", "scale", "hundred") and t.value < min(self.last_scale, 1000)):
            return _END
        if self.seen and self.last == "hundred" and self.current % 100:
            return _END
        self.current += t.value
        self.seen = self.has_digits = True
        self.last = "digits"
        return _NEXT

    def article(self) -> str:
        v, nxt = self.v, self.word(self.j + 1)
        if (self.seen and self.last != "and") or nxt is None:
            return _END
        if not (
            nxt in v.scales
            or nxt in v.dozens
            or nxt in v.denominators
            or nxt in v.ordinal_tens
            or v.ordinals.get(nxt, 0) >= 3
        ):
            return _END
        if not self.seen:
            self.current = 1.0
        self.last = "article"
        return _NEXT

    def cardinal(self, w: str) -> str:
        v = self.v
        val = float(v.cardinals.get(w, v.tens.get(w, 0)))
        if self.last in ("digits", "point_digit"):
            return _END
        # "twenty one" is fine, "one two" and "twenty thirty" are not
        if (
            self.seen
            and self.last in ("cardinal", "tens")
            and not (self.last == "tens" and w in v.cardinals and val < 10)
        ):
            return _END
        self.current += val
        self.seen = self.has_words = True
        self.last = "tens" if w in v.tens else "cardinal"
        return _NEXT

    def scale(self, w: str) -> _Parsed | str:
        sc = float(self.v.scales[w])
        if not self.seen and self.last != "article" and w != "hundred":
            return _END
        if sc == 100:
            if self.hundreds and self.before_and is not None:
                return self.before_and  # "4 hundred and 6 hundred" are two numbers
            if (
                self.last == "hundred"
                or self.hundreds
                or (self.seen and self.last != "digits" and self.current % 100 != self.current)
            ):
                return _END
            self.hundreds = True
            self.current = (self.current or 1.0) * 100
            self.last = "hundred"
        else:
            if self.current == 0 and self.total == 0 and self.last != "article":
                return _END
            if self.current == 0 and sc > self.last_scale:
                self.total *= sc
            elif sc >= self.last_scale and self.total:
                self.total = (self.total + self.current) * sc
            else:
                self.total += (self.current or 1.0) * sc
            self.current = 0.0
            self.last_scale = sc
            self.last = "scale"
            self.hundreds = False
        self.seen = self.scaled = self.has_words = True
        return _NEXT

    def dozen(self) -> str:
        if not self.seen and self.last != "article":
            return _END
        if self.current == 0 and self.total:  # "two thousand dozen"
            self.total *= 12
        else:  # "two dozen", "a dozen", "three hundred dozen", "one hundred and two dozen"
            hund = (self.current // 100) * 100
            rest = self.current - hund
            self.current = hund + rest * 12 if rest else (self.current or 1.0) * 12
        self.seen = self.scaled = self.has_words = True
        self.last = "dozen"
        return _NEXT

    def joiner(self) -> str:
        v, j, n = self.v, self.j, self.n
        nxt = self.word(j + 1)
        if not self.seen or j + 1 >= n or nxt in v.joiners or nxt in v.signs:
            return _END
        if nxt is not None and not v.is_word(nxt):
            return _END
        if self.last == "digits" and nxt not in v.articles:
            return _END  # "$7.10 and 45" are two numbers
        if (
            self.last in ("cardinal", "tens")
            and nxt not in v.articles
            and not self.hundreds
            and self.last_scale == float("inf")
        ):
            # "two and three" are two numbers; "one and a half", "two and three quarters" are one
            k = j + 2
            if k + 2 < n and self.word(k) in v.joiners:  # "thirty and two and four fifths"
                k += 2
            after = self.word(k)
            if not (after in v.denominators or after in v.ordinal_tens or v.ordinals.get(after or "", 0) >= 3):
                return _END
        self.before_and = self.best
        if self.last in ("cardinal", "tens", "digits", "hundred"):
            self.pre_and = self.total + self.current  # "two hundred and six and one third"
            self.and_scale = 0.0
        elif self.last == "scale":
            self.and_scale = self.last_scale
        self.last = "and"
        return _AND

    def point(self) -> _Parsed | str:
        v, n = self.v, self.n
        small = (*v.cardinals, *v.tens)
        if not self.seen or self.j + 1 >= n:
            return _END
        nxt = self.toks[self.j + 1]
        if nxt.word is None and nxt.raw and self.last in ("digits", "cardinal", "tens"):  # "2 point 75"
            self.has_digits = self.has_words = True
            return self.snapshot(self.j + 2, self.total + self.current + float("0." + nxt.raw))
        if nxt.word not in small:
            return _END
        k = self.j + 1
        digits = ""
        while k < n and self.word(k) in small:
            w = self.word(k) or ""
            digits += str(v.cardinals.get(w, v.tens.get(w, 0)))
            if w in v.tens and k + 1 < n and self.word(k + 1) in v.cardinals:
                d = v.cardinals[self.word(k + 1) or ""]
                if 0 < d < 10:
                    digits = digits[:-1] + str(d)
                    k += 1
            k += 1
        return self.snapshot(k, self.total + self.current + float("0." + digits))

    def denominator(self, w: str) -> _Parsed | str:
        v, j, nxt = self.v, self.j, self.word(self.j + 1)
        self.has_words = True
        if w in ("half", "halves") and not self.seen and self.last != "article":
            # "half a dozen", "half a million", "half million", bare "half"
            after = self.word(j + 2)
            if nxt in v.articles and after in v.dozens:
                return self.snapshot(j + 3, 6.0)
            if nxt in v.articles and after in v.scales:
                self.scaled = True
                return self.snapshot(j + 3, 0.5 * v.scales[after or ""])
            if nxt in v.scales and v.scales[nxt or ""] >= 1000:
                return self.snapshot(j + 2, 0.5 * v.scales[nxt or ""])
            return self.snapshot(j + 1, 0.5)
        den = float(v.denominators[w])
        if not self.seen and self.last != "article":
            return _END
        whole = self.total + self.current
        if self.last == "article" and self.seen:  # "and a half"; "3 million and a half"
            unit = self.last_scale if self.current == 0 and self.last_scale != float("inf") else 1.0
            value = whole + unit / den
        elif self.last == "article":
            value = 1.0 / den
            if nxt in v.dozens:  # "a half dozen"
                self.scaled = True
                return self.snapshot(j + 2, value * v.dozens[nxt or ""])
        elif self.and_scale >= 1000 and self.current:
            value = self.total + self.current / den * self.and_scale
        elif self.pre_and is not None and whole - self.pre_and < den:
            value = self.pre_and + (whole - self.pre_and) / den  # "two and three fifths": a proper fraction after "and"
        else:
            value = whole / den
        # "six and a half billion"
        if nxt in v.scales and float(v.scales[nxt or ""]) >= 1000:
            return self.snapshot(j + 2, value * v.scales[nxt or ""])
        return self.snapshot(j + 1, value)

    def ordinal(self, w: str) -> _Parsed | str:
        v, j = self.v, self.j
        val = float(v.ordinals.get(w, v.ordinal_tens.get(w, 0)))
        whole = self.total + self.current
        if self.last == "article" and (w in v.ordinal_tens or val >= 3):
            self.has_words = True
            return self.snapshot(j + 1, (whole if self.seen else 0.0) + 1.0 / val)
        if self.seen and self.last == "tens" and w in v.ordinals:
            return self.snapshot(j + 1, whole + val, ordinal=True)
        if self.seen and self.last in ("cardinal", "tens", "hundred", "scale") and val >= 3:
            self.has_words = True
            return self.snapshot(j + 1, whole / val)  # "one eighth"
        if self.seen:
            return _END
        return self.snapshot(j + 1, val, ordinal=True)


def _parse_run(toks: list[_Tok], i: int, v: _Vocab) -> _Parsed | None:
    """Parse the longest number starting at token ``i`` (tokens ``i..`` are adjacent)."""
    return _RunParser(toks, i, v).parse()


def _adjacent(text: str, a: _Tok, b: _Tok) -> bool:
    gap = text[a.end : b.start]
    if gap == "":
        return a.word is not None or b.word is not None
    if not _GAP.fullmatch(gap):
        return False
    if "," in gap or "&" in gap:
        # only inside word numbers after a scale: "three million, two hundred & forty"
        return a.word is not None and b.word is not None and a.word not in ("and",)
    if "-" in gap and a.word is None and b.word is None:
        return False  # "2014-2018" is two numbers
    return not (a.word is None and b.word is None)


def _merge(digits: list[_Tok], words: list[_Tok]) -> list[_Tok]:
    out: list[_Tok] = []
    for t in sorted([*digits, *words], key=lambda t: (t.start, -(t.end - t.start))):
        if out and t.start < out[-1].end:
            continue
        out.append(t)
    return out


def scan_numbers(text: str, rules: Rules) -> list[Num]:
    """Every number in ``text`` with its value, sorted by start; no two overlap."""
    v = _vocab(rules)
    toks = _merge(_digit_tokens(text, v), _word_tokens(text, v))
    # split into runs of adjacent tokens
    runs: list[list[_Tok]] = []
    for t in toks:
        if runs and _adjacent(text, runs[-1][-1], t):
            runs[-1].append(t)
        else:
            runs.append([t])
    out: list[Num] = []
    for run in runs:
        i = 0
        while i < len(run):
            p = _parse_run(run, i, v)
            if p is None or p.end_index <= i:
                i += 1
                continue
            first, last = run[i], run[p.end_index - 1]
            value = p.value
            end = last.end
            scaled = p.scaled
            # a multiplier right after digits: 3.5k, 1.2 million, 30-billion
            if last.word is None and last.form == "digits":
                m = match_at(v.suffix_re, text, end)
                if m and p.end_index < len(run) and run[p.end_index].start < m.end():
                    m = None
                if m:
                    key = m["mult"] or m["spaced"]
                    mult = v.multipliers[key] if key else v.scale_words[m["word"].lower()]
                    value *= mult
                    end = m.end()
                    scaled = True
            if not math.isfinite(value):  # "1e300 trillion", scale words repeated without end
                i = p.end_index
                continue
            single = p.end_index - i == 1
            form = "digits" if not p.has_words else ("words" if not p.has_digits else "mixed")
            if single and first.word is None:
                form = first.form
            plain = single and first.plain and not scaled
            out.append(
                Num(
                    first.start,
                    end,
                    _tidy(value),
                    form,
                    ordinal=p.ordinal,
                    scaled=scaled,
                    plain=plain,
                    decimals=single and first.decimals,
                )
            )
            i = p.end_index
            while i < len(run) and run[i].start < end:
                i += 1
    return out


def _tidy(value: float) -> float:
    r = round(value)
    if r and abs(value - r) < 1e-9 * abs(value):
        return float(r)
    return value


_WORD = regex.compile(r"[\p{L}']+")


def is_pronoun_one(text: str, n: Num, rules: Rules) -> bool:
    """Whether a bare "one" is a pronoun ("which one", "one of them", "the one") rather than a count."""
    if n.form != "words" or text[n.start : n.end].lower() != "one":
        return False
    v = _vocab(rules)
    before = _WORD.findall(text[max(0, n.start - 20) : n.start])
    after = _WORD.findall(text[n.end : n.end + 20])
    if (before and before[-1].lower() in v.block_before) or (after and after[0].lower() in v.block_after):
        return True
    return not after


def is_article_fraction(text: str, n: Num, rules: Rules) -> bool:
    """Whether ``n`` is an article and a word that is both a denominator and an ordinal ("a
    third", "an eighth"; not "a half", "a quarter"): before a noun that is an ordinal ("a third
    term"), before "of" or alone a fraction ("a third of it")."""
    words = [w.lower() for w in text[n.start : n.end].split()]
    v = _vocab(rules)
    return n.form == "words" and len(words) == 2 and words[0] in v.articles and words[1] in v.ordinals


def parse_number(phrase: str, rules: Rules) -> float | None:
    """The value of ``phrase`` when it is exactly one number ("twenty-one", "3.5k", "a dozen")."""
    s = phrase.strip()
    if not s:
        return None
    if s.lower() in _vocab(rules).articles:
        return 1.0
    nums = scan_numbers(s, rules)
    if len(nums) != 1 or nums[0].start != 0 or nums[0].end != len(s):
        return None
    return nums[0].value


@per_rules
def word_number_regex(rules: Rules) -> str:
    """Regex source for a cardinal written in words (up to the hundreds, with scales)."""
    v = _vocab(rules)
    small = _alternation([*v.cardinals, *v.tens])
    scales = _alternation(v.scales)
    unit = rf"(?:{small})(?:[\s-]+(?:{small}))?"
    return rf"(?:(?:{unit})(?:\s+(?:and\s+)?(?:{scales}|{unit}))*)"


@per_rules
def ordinal_regex(rules: Rules) -> str:
    """Regex source for a day-of-month ordinal in words ("twenty-first", "third", "thirty first")."""
    v = _vocab(rules)
    ords = _alternation(v.ordinals)
    tens_ord = _alternation(k for k, val in v.ordinal_tens.items() if val in (20, 30))
    tens = _alternation(k for k, val in v.tens.items() if val in (20, 30))
    return rf"(?:(?:{tens})[\s-]?(?:{ords})|{tens_ord}|{ords})"


def ordinal_value(phrase: str, rules: Rules) -> int | None:
    """The value of an ordinal in words ("twenty-first" -> 21)."""
    v = _vocab(rules)
    words = regex.split(r"[\s-]+", phrase.strip().lower())
    total = 0
    for i, w in enumerate(words):
        if w in v.tens and i == 0:
            total += v.tens[w]
        elif w in v.ordinals:
            total += v.ordinals[w]
        elif w in v.ordinal_tens:
            total += v.ordinal_tens[w]
        else:
            return None
    return total or None
