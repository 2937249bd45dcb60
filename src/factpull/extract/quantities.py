"""Counts, money, percentages, measures, ages and temperatures with normalised values. Pure.

Every number ``numbers.scan_numbers`` finds is looked at in its context, in this order:
a currency before or after it (money), a percent word (percent), an age phrase (age), a
temperature or a unit of measure (temperature, measure); else it is a count, unless it is a
year, part of a date or time, a phone number, an id, a version, an ordinal or sits inside a
word, URL or e-mail. All the vocabulary is in ``patterns/`` (currencies.toml, units.toml,
quantities.toml, numbers.toml).

Conventions:

* ``text`` is the number with its currency or unit ("$ 100 million", "12.5 km"); an
  approximation word before it is not part of the span but sets ``approximate``: ">" more
  than / over, "<" less than / under / nearly / almost, "~" about / around, ">=" at least,
  "<=" up to / at most.
* money ``unit`` is an ISO 4217 code where there is one ("CNY"), else a name ("pence");
  measures carry a unit name ("kilometer", "kilometer per hour"); ages "year" or "month";
  counts carry the counted noun phrase ("cooperation agreements") or None.
* a range ("10-15 km", "between 20 and 30 mg", "350-375 million") is one quantity: ``value``
  is its lower end (with the scale word of the upper end: 350000000), ``high`` its upper end,
  the unit that of its second end; no midpoint is made up. Approximate only when a modifier
  says so ("about 10-15 km").
* a number inside a date, time or duration is not a count; a number of times or a multiple
  ("scored 3 times", "twice", "a 4-fold rise", "10x") is a measure in the unit "times".
* a bare "one" counts only against another amount in its sentence ("one of three sites", "one
  adult and two children") or with a bound ("one or more"); alone it is the indefinite "one".
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import regex

from ..errors import PatternTimeoutError
from ..rules.cache import compile_regex
from ..rules.load import Rules, per_rules
from ..rules.reach import match_at
from ..types import Approximation, DateFact, Quantity, QuantityKind
from .neighbours import join_pairs
from .numbers import Num, is_article_fraction, is_pronoun_one, parse_number, scan_numbers
from .numbers import compile_rules as compile_number_rules

_WINDOW = 40
_BACK = regex.IGNORECASE | regex.REVERSE  # phrases read before a number: matched from the number backwards


@dataclass(frozen=True, slots=True)
class _Phrases:
    """A phrase table of the patterns: the regex that finds one of its phrases (``_phrases``),
    each phrase's value by its lower-case form, and the last words of the phrases, lower-case
    (where a phrase read before a number can end: ``_before``)."""

    pattern: regex.Pattern[str]
    values: dict[str, str]
    ends: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Subunits:
    """Cents after an amount of money, said ("15 dollars 50") or glued to their number ("$35 and 12c"):
    ``[currencies.subunits]`` and ``[quantities.cents]``."""

    codes: frozenset[str]  # the currencies whose amounts take cents
    names: frozenset[str]  # subunits read as an amount of their own ("50 cents")
    gap: regex.Pattern[str]  # between the amount and the cents
    words: regex.Pattern[str]  # after the cents: "cents", "pence"
    after: regex.Pattern[str]  # what may follow bare cents ("15 dollars 50 for a ticket")
    glued: regex.Pattern[str]  # after the amount: "and 12c"


@dataclass(frozen=True, slots=True)
class _Tables:
    article_one: regex.Pattern[str]
    article_one_after: regex.Pattern[str]
    article_not_units: frozenset[str]
    article_per_gap: regex.Pattern[str]
    cur_prefix: regex.Pattern[str]
    cur_suffix: regex.Pattern[str]
    cur_by_surface: dict[str, tuple[str, str, float, bool]]  # surface -> (rule id, code, mult, needs_scale)
    cur_follow: dict[str, regex.Pattern[str]]  # rule id -> what must follow its suffix ("5 grand", not "3 grand slams")
    money_scale: regex.Pattern[str]
    money_scales: dict[str, float]
    units: regex.Pattern[str]
    unit_by_surface: dict[str, tuple[str, str, str]]  # surface -> (rule id, name, kind)
    degrees: regex.Pattern[str]
    degree_context: regex.Pattern[str]
    percent: _Phrases  # "per cent", "percentage points" after a number
    age_after: _Phrases  # "years old"
    age_before: _Phrases  # "aged"
    approx_before: _Phrases  # "about", "more than"
    approx_after: _Phrases  # "or so", "or more"
    per: regex.Pattern[str]
    per_units: dict[str, str]
    per_measure: regex.Pattern[str]  # a unit of measure as the denominator of a rate: "mg/L", "kg per tonne"
    range_gap: regex.Pattern[str]
    range_between: regex.Pattern[str]
    scale_after: regex.Pattern[str]
    scale_after_values: dict[str, float]
    scale_glued: regex.Pattern[str]  # a multiplier glued to the digits at the end of a quantity: "6bn", "$3m"
    scale_glued_values: dict[str, float]
    stop: frozenset[str]
    max_words: int
    year_min: int
    year_max: int
    max_plain_digits: int
    cur_prefix_ends: tuple[str, ...]  # the last word of each phrase read before a number, lower-case
    labels_ends: tuple[str, ...]
    cur_suffix_starts: frozenset[str]  # the characters a phrase read after a number can start with
    unit_starts: frozenset[str]
    labels: regex.Pattern[str]
    not_counted: regex.Pattern[str]
    fraction_gap: regex.Pattern[str]
    fraction_one_gap: regex.Pattern[str]
    fraction_part_gap: regex.Pattern[str]
    tolerance_gap: regex.Pattern[str]
    score_gap: regex.Pattern[str]
    score_before: regex.Pattern[str]
    score_after: regex.Pattern[str]
    subunits: _Subunits
    compounds: tuple[tuple[str, str, float, regex.Pattern[str]], ...]  # (rule id, major unit, factor, pattern)
    conv_kinds: frozenset[str]
    conv_after: regex.Pattern[str]  # matched after a quantity of those kinds: " to fahrenheit"
    conv_bare: regex.Pattern[str]  # searched: "fahrenheit to celsius", "how much celsius"
    age_appos_before: regex.Pattern[str]  # "Ann Lee, " before a number set off by commas
    age_appos_after: regex.Pattern[str]
    age_appos_max: int
    age_turned_before: regex.Pattern[str]  # "she turned " before a number: an age
    age_turned_after: regex.Pattern[str]
    verbs: frozenset[str]
    participle_after_plural: bool
    plural_head: regex.Pattern[str]
    plural_modifiers: frozenset[str]
    not_units: frozenset[str]
    name_before: regex.Pattern[str]
    name_before_unless: frozenset[str]
    sentence_marks: str
    one_of_number: regex.Pattern[str]
    irregular_plurals: frozenset[str]
    enumerator: regex.Pattern[str]
    enumerator_reach: int
    from_zero: frozenset[str]
    sentence_end: regex.Pattern[str]
    approx_positional: frozenset[str]
    approx_moved: regex.Pattern[str]
    approx_singular: frozenset[str]
    forms: dict[str, tuple[str, regex.Pattern[str], str | None]]  # "odd" -> (rule id, pattern, approximation)
    scale_word: regex.Pattern[str]  # a scale word read at a position: "million"
    table_cells: regex.Pattern[str]  # between the cells of a table line
    table_scales: dict[str, float]  # a column header's scale token -> multiplier: "'000" -> 1000
    times_words: dict[str, float]  # "twice" -> 2
    times_unit: str  # the unit of a multiple or a frequency: "times"


def _alt(surfaces: Any) -> str:
    return "|".join(regex.escape(s) for s in sorted(set(surfaces), key=lambda s: (-len(s), s)))


def _flexible(surface: str) -> str:
    """Regex for a surface where spaces may be any run of whitespace."""
    return r"\s+".join(regex.escape(p) for p in surface.split())


def _alt_flex(surfaces: Any) -> str:
    return "|".join(_flexible(s) for s in sorted(set(surfaces), key=lambda s: (-len(s), s)))


def _alt_cur(surfaces: list[str], exact: list[str]) -> str:
    """Currency forms, longest first: ``surfaces`` ignore case and spacing, ``exact`` ones match as written."""
    forms = {s: "(?-i:" + regex.escape(s) + ")" for s in exact} | {s: _flexible(s) for s in surfaces}
    return "|".join(forms[s] for s in sorted(forms, key=lambda s: (-len(s), s)))


def compile_rules(rules: Rules) -> None:
    """Build the quantity stage's tables and regexes, and the number reader's, now (a batch
    does it once before forking)."""
    compile_number_rules(rules)
    _tables(rules)


@per_rules
def _tables(rules: Rules) -> _Tables:
    return _Tables(
        **_currency_tables(rules),
        **_unit_tables(rules),
        **_phrase_tables(rules),
        **_count_tables(rules),
        **_pair_tables(rules),
    )


def _currency_tables(rules: Rules) -> dict[str, Any]:
    """Currencies before and after a number, money scales ("$3m"), subunits ("15 dollars 50")."""
    cur_by_surface: dict[str, tuple[str, str, float, bool]] = {}
    prefixes: list[str] = []
    suffixes: list[str] = []
    exact_before: list[str] = []
    exact_after: list[str] = []
    for r in rules.section("currencies.currency"):
        entry = (r.id, str(r["code"]), float(r.get("multiplier", 1.0)), bool(r.get("needs_scale", False)))
        for s in r.get("prefixes", []):
            prefixes.append(s)
            cur_by_surface.setdefault("p:" + s.lower(), entry)
        for s in r.get("suffixes", []):
            suffixes.append(s)
            cur_by_surface.setdefault("s:" + s.lower(), entry)
        for s in r.get("exact", []) + r.get("exact_after", []):  # codes, read as written: "85 MYR", "85 ALL"
            exact_after.append(s)
            cur_by_surface.setdefault("s:" + s.lower(), entry)
        for s in r.get("exact", []) + r.get("exact_before", []):  # "MYR 85", "RM 85"
            exact_before.append(s)
            cur_by_surface.setdefault("p:" + s.lower(), entry)
    ms = {k: float(v) for k, v in rules.setting("currencies.money_scales")["suffixes"].items()}
    sub = rules.setting("currencies.subunits")
    return {
        "cur_prefix": compile_regex(
            r"(?:(?<![\p{L}\d])|(?<=\d))(?P<cur>" + _alt_cur(prefixes, exact_before) + r")\s{0,2}\Z", _BACK
        ),
        "cur_suffix": compile_regex(
            r"(?:\s{0,2}|\s*-\s*)(?P<cur>" + _alt_cur(suffixes, exact_after) + r")(?![\p{L}\d])", regex.I
        ),
        "cur_by_surface": cur_by_surface,
        "cur_follow": {r.id: r.compiled["follow"] for r in rules.section("currencies.currency") if r.get("follow")},
        "money_scale": compile_regex(r"\s?(?P<s>" + _alt(ms) + r")(?![\p{L}\d])"),
        "money_scales": ms,
        "cur_prefix_ends": _last_words(prefixes + exact_before),
        "cur_suffix_starts": _first_chars(suffixes + exact_after),
        "subunits": _Subunits(
            codes=frozenset(sub["codes"]),
            names=frozenset(sub["names"]),
            gap=compile_regex(sub["gap"], regex.I),
            words=compile_regex(sub["words"], regex.I),
            after=compile_regex(sub["after"], regex.I),
            glued=compile_regex(rules.setting("quantities.cents")["after"]),
        ),
    }


def _unit_tables(rules: Rules) -> dict[str, Any]:
    """Units of measure, degrees, rates ("km/h"), compound measures, conversion requests."""
    unit_by_surface: dict[str, tuple[str, str, str]] = {}
    words: list[str] = []
    symbols: list[str] = []
    for r in rules.section("units.unit"):
        unit_entry = (r.id, str(r["name"]), str(r["kind"]))
        for s in r.get("words", []):
            words.append(s)
            unit_by_surface.setdefault("w:" + s.lower(), unit_entry)
        for s in r.get("symbols", []):
            symbols.append(s)
            unit_by_surface.setdefault("s:" + s, unit_entry)
    deg = rules.setting("units.degrees")
    per_units = {k.lower(): str(v) for k, v in rules.setting("quantities.per")["units"].items()}
    conv = rules.setting("units.conversions")
    conv_words = [w for r in rules.section("units.unit") if str(r["kind"]) in conv["kinds"] for w in r.get("words", [])]
    cu = _alt_flex(conv_words)
    return {
        "units": compile_regex(
            r"(?:\s{0,2}|\s*-\s*)(?:(?i:(?P<w>" + _alt_flex(words) + r"))|(?P<s>" + _alt(symbols) + r"))(?![\p{L}\d])"
            r"|\s{0,2}[(\[{<](?:(?i:(?P<w2>" + _alt_flex(words) + r"))|(?P<s2>" + _alt(symbols) + r"))[)\]}>]"
        ),
        "unit_by_surface": unit_by_surface,
        "unit_starts": _first_chars([*words, *symbols, "(", "[", "{", "<"]),
        "degrees": compile_regex(r"(?:\s{0,2}|-)(?P<d>" + _alt(deg["words"]) + r")(?![\p{L}\d])", regex.I),
        "degree_context": compile_regex(r"(?i)\b(?:" + "|".join(regex.escape(w) for w in deg["context"]) + r")"),
        "per": compile_regex(r"(?:\s*/\s*|\s+per\s+|\s+an?\s+)(?P<u>" + _alt(per_units) + r")(?![\p{L}\d])", regex.I),
        "per_units": per_units,
        "per_measure": compile_regex(
            r"(?:[^\S\n]*/[^\S\n]*|[^\S\n]+per[^\S\n]+)(?:(?i:(?P<w>"
            + _alt_flex(words)
            + r"))|(?P<s>"
            + _alt(symbols)
            + r"))(?![\p{L}\d])"
        ),
        "compounds": tuple(
            (r.id, str(r["major"]), float(r["factor"]), compile_regex(r["pattern"], regex.I))
            for r in rules.section("units.compound")
        ),
        "conv_kinds": frozenset(conv["kinds"]),
        "conv_after": compile_regex(r"(?:" + conv["after"] + r")(?P<u>" + cu + r")(?![\p{L}])", regex.I),
        "conv_bare": compile_regex(
            rf"(?<![\d\p{{L}}][^\S\n]{{0,2}})(?<![\p{{L}}])(?P<u>{cu})(?:{conv['pair']})(?P<u3>{cu})(?![\p{{L}}])"
            rf"|(?:{conv['query']})(?P<u2>{cu})(?![\p{{L}}])",
            regex.I,
        ),
    }


def _phrase_tables(rules: Rules) -> dict[str, Any]:
    """Percent words, age phrases, approximation words."""
    pct = dict(rules.setting("quantities.percent")["words"])
    age = rules.setting("quantities.age")
    ap = rules.setting("quantities.approximations")
    return {
        "percent": _phrases(r"(?:\s{0,2}|-)(?P<p>{phrases})(?![\p{L}\d])", pct, regex.I),
        "age_after": _phrases(r"(?:\s{1,2}|-)(?P<a>{phrases})(?![\p{L}\d])", age["after"], regex.I),
        "age_before": _phrases(r"(?<![\p{L}])(?P<a>{phrases})\s+\Z", age["before"], _BACK),
        "age_appos_before": compile_regex(age["apposition_before"], regex.REVERSE),
        "age_appos_after": compile_regex(age["apposition_after"]),
        "age_appos_max": int(age["apposition_max"]),
        "age_turned_before": compile_regex(age["turned_before"], _BACK),
        "age_turned_after": compile_regex(age["turned_after"]),
        "approx_positional": frozenset(_norm(w) for w in ap["positional"]),
        "approx_moved": compile_regex(ap["moved"], regex.REVERSE),
        "approx_singular": frozenset(w.lower() for w in ap["singular"]),
        "approx_before": _phrases(r"(?<![\p{L}])(?P<a>{phrases})\s*\Z", ap["before"], _BACK),
        "approx_after": _phrases(r"\s+(?P<a>{phrases})(?![\p{L}\d])", ap["after"], regex.I),
    }


def _phrases(template: str, table: Mapping[str, str], flags: int) -> _Phrases:
    """``table`` (phrase -> value) with the regex ``template`` where ``{phrases}`` stands for
    its phrases, longest first, a space in one matching any run of whitespace."""
    pattern = compile_regex(template.replace("{phrases}", _alt_flex(table)), flags)
    return _Phrases(pattern, {k.lower(): v for k, v in table.items()}, _last_words(table))


def _count_tables(rules: Rules) -> dict[str, Any]:
    """What a bare count counts and what is no count: stop words, years, labels, frequencies."""
    count = rules.setting("quantities.count")
    return {
        "stop": frozenset(w.lower() for w in count["stop"]),
        "max_words": int(count["max_words"]),
        "year_min": int(count["year_min"]),
        "year_max": int(count["year_max"]),
        "max_plain_digits": int(count["max_plain_digits"]),
        "labels_ends": _last_words(count["labels"]),
        "not_counted": compile_regex(r"\s+(?:" + _alt(count["not_counted"]) + r")(?![\p{L}])", regex.I),
        "labels": compile_regex(r"(?<![\p{L}\d])(?:" + _alt(count["labels"]) + r")\s*\Z", _BACK),
        "verbs": frozenset(w.lower() for w in count["verbs"]),
        "participle_after_plural": bool(count["participle_after_plural"]),
        "plural_head": compile_regex(count["plural_head"]),
        "plural_modifiers": frozenset(w.lower() for w in count["plural_modifiers"]),
        "not_units": frozenset(count["not_units"]),
        "name_before": compile_regex(count["name_before"], regex.REVERSE),
        "name_before_unless": frozenset(count["name_before_unless"]),
        "sentence_marks": str(count["sentence_marks"]),
        "one_of_number": compile_regex(count["one_of_number"]),
        "irregular_plurals": frozenset(w.lower() for w in count["irregular_plurals"]),
        "enumerator": compile_regex(count["enumerator"]),
        "enumerator_reach": int(count["enumerator_reach"]),
        "sentence_end": compile_regex(count["sentence_end"]),
    }


def _pair_tables(rules: Rules) -> dict[str, Any]:
    """What joins two numbers: ranges, scale words, fractions, tolerances, scores."""
    ranges = rules.setting("quantities.ranges")
    scale_words = {k.lower(): float(v) for k, v in rules.setting("numbers.suffixes")["words"].items()}
    glued = {str(k): float(v) for k, v in rules.setting("numbers.suffixes")["multipliers"].items()}
    glued |= {str(k): float(v) for k, v in rules.setting("currencies.money_scales")["suffixes"].items()}
    fr = rules.setting("quantities.fractions")
    sco = rules.setting("quantities.scores")
    return {
        "range_gap": compile_regex(ranges["gap"], regex.I),
        "range_between": compile_regex(ranges["between"]),
        "from_zero": frozenset(ranges["from_zero"]),
        "scale_after": compile_regex(r"\s+(?P<s>" + _alt(scale_words) + r")(?![\p{L}])", regex.I),
        "scale_after_values": scale_words,
        "scale_glued": compile_regex(r"(?<=\d)[^\S\n]?(?P<s>" + _alt(glued) + r")\Z"),
        "scale_glued_values": glued,
        "fraction_gap": compile_regex(fr["gap"], regex.I),
        "fraction_one_gap": compile_regex(fr["one_gap"], regex.I),
        "fraction_part_gap": compile_regex(fr["part_gap"], regex.I),
        "tolerance_gap": compile_regex(rules.setting("quantities.tolerance")["gap"]),
        "article_one": compile_regex(rules.setting("quantities.article_one")["article"]),
        "article_one_after": compile_regex(rules.setting("quantities.article_one")["after"]),
        "article_per_gap": compile_regex(rules.setting("quantities.article_one")["per_gap"]),
        "article_not_units": frozenset(w.lower() for w in rules.setting("quantities.article_one")["not_units"]),
        "forms": {
            r.id.rsplit(".", 1)[1]: (r.id, r.regex, r.get("approximate")) for r in rules.section("quantities.form")
        },
        "table_cells": compile_regex(rules.setting("quantities.table_scale")["cells"]),
        "table_scales": {k.lower(): float(v) for k, v in rules.setting("quantities.table_scale")["scales"].items()},
        "scale_word": compile_regex(r"(?P<s>" + _alt(scale_words) + r")(?![\p{L}])", regex.I),
        "times_words": {k.lower(): float(v) for k, v in rules.setting("quantities.multiples")["words"].items()},
        "times_unit": str(rules.setting("quantities.multiples")["unit"]),
        "score_gap": compile_regex(sco["gap"], regex.I),
        "score_before": compile_regex(sco["before"]),
        "score_after": compile_regex(sco["after"]),
    }


def _last_words(phrases: Any) -> tuple[str, ...]:
    return tuple(sorted({p.split()[-1].lower() for p in phrases if p.split()}))


def _first_chars(phrases: Any) -> frozenset[str]:
    chars = {p.lstrip()[0] for p in phrases if p.strip()}
    return frozenset(chars | {c.lower() for c in chars} | {c.upper() for c in chars} | {c.casefold() for c in chars})


def _before(left: str, pattern: regex.Pattern[str], ends: tuple[str, ...]) -> regex.Match[str] | None:
    """``pattern`` (anchored at the end) searched in ``left``, skipped at once when the text
    before the number does not end with the last word of any of its phrases."""
    stripped = left.rstrip()
    if not stripped or not stripped.lower().endswith(ends):
        return None
    return pattern.search(left)


def _after(text: str, end: int, pattern: regex.Pattern[str], starts: frozenset[str]) -> regex.Match[str] | None:
    """``pattern`` matched at ``end``: a phrase after at most a few spaces or a hyphen, tried only
    when the next non-space character (or the one after a hyphen) can start one of its phrases."""
    n = len(text)
    i = end
    while i < n and text[i].isspace():
        i += 1
    if i >= n or "\t" in text[end:i]:
        return None  # a tab separates table columns
    if text[i] not in starts:
        if text[i] not in "-–":  # "30-billion-yuan", "3-inch"
            return None
        j = i + 1
        while j < n and text[j].isspace():
            j += 1
        if j >= n or text[j] not in starts:
            return None
    return match_at(pattern, text, end)


def _norm(surface: str) -> str:
    return " ".join(surface.lower().split())


def _skip_spans(text: str, rules: Rules, nums: list[Num]) -> list[tuple[int, int, str]]:
    """Stretches no quantity may touch; the third item lists the kinds ruled out ("" = all).
    Only the text around the numbers is searched (a stretch matters only where it meets one):
    the windows are joined by a separator no rule reads across (a space, NUL, a space; each
    window starts and ends at whitespace in the text too), and each rule runs once over them."""
    windows = _windows(text, nums)
    if not windows:
        return []
    joined = _SEPARATOR.join(text[lo:hi] for lo, hi in windows)
    offsets = []  # where each window starts in ``joined``
    at = 0
    for lo, hi in windows:
        offsets.append(at)
        at += hi - lo + len(_SEPARATOR)
    spans = []
    for r in rules.section("quantities.skip"):
        kinds = ",".join(r.get("kinds", []))
        try:
            for m in r.regex.finditer(joined, timeout=r.timeout):
                k = bisect.bisect_right(offsets, m.start()) - 1
                lo, hi = windows[k]
                start = lo + m.start() - offsets[k]
                spans.append((start, min(hi, lo + m.end() - offsets[k]), kinds))
        except TimeoutError as exc:
            raise PatternTimeoutError(f"{r.source}: rule {r.id} took longer than {r.timeout:g} s") from exc
    return spans


_SEPARATOR = " \x00 "


def _windows(text: str, nums: list[Num]) -> list[tuple[int, int]]:
    """Disjoint stretches holding every number with the token before it and the four after it (a
    phone number's groups, "2 pm", a URL around its digits). Tokens are split at spaces and line
    breaks (other whitespace only makes a window longer); each window starts after and ends
    before whitespace, or at an end of the text, or ``_REACH`` characters away in one long token."""
    out: list[tuple[int, int]] = []
    n = len(text)
    for num in nums:
        if out and num.start <= out[-1][1] + _GAP_MERGED:
            lo = out[-1][0]  # joins the window before it anyway
        else:
            i = _space_before(text, num.start)
            if i > 0:
                while i > 0 and text[i - 1].isspace():
                    i -= 1
                i = _space_before(text, i)
            lo = i + 1 if i >= 0 else max(0, num.start - _REACH)
        hi = num.end
        for step in range(_TOKENS_AFTER + 1):
            hi = _space_after(text, hi)
            if step < _TOKENS_AFTER:
                while hi < n and text[hi].isspace():
                    hi += 1
        if out and lo <= out[-1][1] + _GAP_MERGED:  # one longer search costs less than two short ones
            out[-1] = (out[-1][0], max(hi, out[-1][1]))
        else:
            out.append((lo, hi))
    return out


def _space_before(text: str, x: int) -> int:
    """The last space or line break before ``x`` (within ``_REACH``), -1 at the start of the text, -2 when none."""
    found = max(text.rfind(" ", max(0, x - _REACH), x), text.rfind("\n", max(0, x - _REACH), x))
    if found < 0 and x - _REACH > 0:
        return -2
    return found


def _space_after(text: str, x: int) -> int:
    """The first space or line break at or after ``x`` (within ``_REACH``), else that far or the end."""
    end = min(len(text), x + _REACH)
    hits = [h for h in (text.find(" ", x, end), text.find("\n", x, end)) if h >= 0]
    return min(hits) if hits else end


_REACH = 1000
_TOKEN_REACH = 300  # how far a number's token is read each way: a run of 40,000 digits and slashes stays linear
_TOKENS_AFTER = 4  # a street address: "44 North Elm St."
_GAP_MERGED = 20


class _Spans:
    """Spans sorted by start, for fast "what lies near [start, end)" questions."""

    def __init__(self, spans: list[tuple[int, int, str]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _, _ in self.spans]
        self.longest = max((e - s for s, e, _ in self.spans), default=0)

    def near(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """Every span that may overlap [start, end) (and a few that do not)."""
        lo = bisect.bisect_left(self.starts, start - self.longest)
        hi = bisect.bisect_left(self.starts, end)
        return self.spans[lo:hi]


def _skipped(start: int, end: int, kind: str, spans: _Spans) -> bool:
    for s, e, kinds in spans.near(start, end):
        if s < end and start < e and not (start <= s and e <= end) and (not kinds or kind in kinds.split(",")):
            return True
    return False


_HYPHEN_WORD = regex.compile(r"-(\p{L}{2,})(?![\p{L}\d'’-])")
_WORDS = regex.compile(r"[\p{L}][\p{L}\-']*|[^\s\p{L}]")


def _counted_noun(text: str, end: int, t: _Tables, limit: int | None = None) -> tuple[str | None, int]:
    """The noun phrase a count counts: up to ``max_words`` content words right after it (and
    before ``limit``, where a date begins after its first word: "two meetings next week"; a date
    word first stays: "263 daily newspapers", "1,500 Christmas hampers")."""
    glued = match_at(_HYPHEN_WORD, text, end)
    if glued and glued[1].lower() not in t.stop and (limit is None or glued.end() <= limit):
        return glued[1], glued.end()  # "a 3-bedroom house", "a 4-cylinder engine": one of them counted
    words: list[str] = []
    pos = end
    for m in _WORDS.finditer(text, end, min(len(text), end + 80)):
        if limit is not None and m.start() >= limit:
            if words:
                break
            limit = None  # the date is the first word: part of the noun phrase
        gap = text[pos : m.start()]
        if "\n" in gap or "\t" in gap or (m.start() > pos and not gap.isspace()) or (m.start() == pos and pos == end):
            break
        w = m.group()
        if not w[0].isalpha() or w.lower() in t.stop or w in t.not_units or len(words) >= t.max_words:
            break
        low = w.lower()
        if words and (low.endswith("ed") or low.endswith("ly") or low in t.verbs):
            break  # "40 fans cheered", "9 banks hold"
        if words and t.participle_after_plural and low.endswith("ing") and words[-1].lower().endswith("s"):
            break  # "12 lenders holding"
        if m.end() < len(text) and text[m.end()].isdecimal():
            break  # a code, not a noun: "two B787s"
        words.append(w)
        pos = m.end()
        if low not in t.plural_modifiers and t.plural_head.fullmatch(low):
            break  # the plural head noun ends the phrase: "7 tourists visit", "30 jets flew"
    return (" ".join(words) if words else None), pos


def extract_quantities(text: str, rules: Rules, *, dates: Sequence[DateFact]) -> list[Quantity]:
    """Every quantity in ``text``, sorted by start. ``dates`` are the date facts of the same text
    (``extract_dates``): a number inside one is not a count. Pass ``[]`` to count every number."""
    t = _tables(rules)
    nums = _with_tolerances(text, [n for n in scan_numbers(text, rules) if not n.ordinal], t)
    nums = _with_article_ones(text, _with_couples(text, _with_forms(text, nums, t, rules), t), t)
    nums = _with_times_words(text, nums, t)
    skips = _Spans(_skip_spans(text, rules, nums))
    date_spans = _Spans([(d.start, d.end, d.rule or "") for d in dates] if nums else [])
    out: list[Quantity] = []
    taken_until = 0
    for n in nums:
        if n.start < taken_until:
            continue
        q = _classify(text, n, t, skips, date_spans, rules, floor=taken_until)
        if q is not None:
            out.append(q)
            taken_until = q.end
    if t.conv_kinds and any(q.kind in t.conv_kinds for q in out):
        out = _with_conversions(text, out, t)
    if len(out) > 1:
        out = _drop_scores(text, out, t)
        out = _join_ranges(text, out, t)
    if out:
        out = _join_pairs(text, out, t, rules)
        out = _without_lone_ones(text, out, t)
        out = _with_table_scales(text, out, t)
    out.sort(key=lambda q: (q.start, q.end))
    return out


def _with_forms(text: str, nums: list[Num], t: _Tables, rules: Rules) -> list[Num]:
    """Numbers that run on into the words after them: a number restated in brackets ("thirty
    (30)"), a fraction of one unit or of a scale ("a quarter of a million", "half a litre")."""
    out: list[Num] = []
    until = -1
    for n in nums:
        if n.start < until:
            continue  # inside the number before: the "30" of "thirty (30)"
        m = match_at(t.forms["restated"][1], text, n.end)
        if m and not n.ordinal and parse_number(m["n"], rules) == n.value:
            n = dataclasses.replace(n, end=m.end(), plain=False, via="restated")
        elif n.form == "digits" and not n.scaled and (mm := match_at(t.forms["million_m"][1], text, n.end)):
            n = dataclasses.replace(n, end=mm.end(), value=n.value * 1e6, scaled=True, plain=False, via="million_m")
        elif 0 < n.value < 1 and n.form in ("words", "fraction") and (m := match_at(t.forms["of_a"][1], text, n.end)):
            sc = match_at(t.scale_word, text, m.end())
            if sc:
                value = n.value * t.scale_after_values[sc["s"].lower()]
                n = dataclasses.replace(n, end=sc.end(), value=value, scaled=True, form="words", via="of_a")
            elif match_at(t.cur_suffix, text, m.end()) or match_at(t.units, text, m.end()):
                n = dataclasses.replace(n, end=m.end(), form="words", via="of_a")
        out.append(n)
        until = n.end
    return out


def _cells(text: str, start: int, end: int, t: _Tables) -> list[tuple[int, int]]:
    """The cells of the table line ``text[start:end]`` as (start, end), split at tabs, " | " or
    runs of spaces; one cell (or none) for a line that is no table row."""
    out: list[tuple[int, int]] = []
    pos = start
    for m in t.table_cells.finditer(text, start, end):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if end > pos and text[pos:end].strip():
        out.append((pos, end))
    return out


def _column_scales(text: str, t: _Tables) -> list[tuple[int, int, float, str | None]]:
    """The cells (start, end, multiplier, currency code) under a column header that gives a
    multiplier ("Sales ($'000)"), while the rows below keep the header line's number of cells."""
    found: list[tuple[int, int, float, str | None]] = []
    for m in t.forms["table_header"][1].finditer(text):
        le = _line_end(text, m.end())
        header = _cells(text, text.rfind("\n", 0, m.start()) + 1, le, t)
        col = [i for i, (s, e) in enumerate(header) if s <= m.start() and m.end() <= e]
        if len(header) < 2 or not col:
            continue
        scale = t.table_scales.get(m["s"].lower().replace("’", "'"))
        cur = t.cur_by_surface.get("p:" + _norm(m["cur"])) if m["cur"] else None
        pos = le + 1
        while scale and pos < len(text):
            nl = _line_end(text, pos)
            row = _cells(text, pos, nl, t)
            if len(row) != len(header):
                break  # no longer the same table
            found.append((*row[col[0]], scale, cur[1] if cur else None))
            pos = nl + 1
    return found


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _with_table_scales(text: str, qs: list[Quantity], t: _Tables) -> list[Quantity]:
    """Amounts in a table column whose header gives a multiplier (and a currency): "1,250" under
    "Sales ($'000)" is 1,250,000 USD. Percentages and amounts with their own scale stay as written."""
    if "(" not in text or ("\t" not in text and "|" not in text and "  " not in text):
        return qs
    cells = _column_scales(text, t)
    if not cells:
        return qs
    out = []
    for q in qs:
        cell = next((c for c in cells if c[0] <= q.start and q.end <= c[1]), None)
        if cell is None or q.kind not in ("count", "money") or not isinstance(q.value, int | float):
            out.append(q)
            continue
        if _scale_in(q.text, t) != 1 or (q.kind == "money" and cell[3] and q.unit != cell[3]):
            out.append(q)
            continue
        kind, unit = ("money", cell[3]) if cell[3] else (q.kind, q.unit)
        value = _number(q.value * cell[2])
        rule = (q.rule or "") + "+table_header"
        out.append(dataclasses.replace(q, kind=kind, unit=unit, value=value, rule=rule))
    return out


def _with_couples(text: str, nums: list[Num], t: _Tables) -> list[Num]:
    """ "A couple of" or "a pair of" before a scale word: about two of that scale ("a couple of
    hundred", "a couple thousand"); the bare scale word, if it was read as a number, goes."""
    low = text.lower()
    if "couple" not in low and "pair" not in low:
        return nums
    extra = []
    for m in t.forms["couple_of"][1].finditer(text):
        sc = match_at(t.scale_word, text, m.end())
        if sc:
            value = 2 * t.scale_after_values[sc["s"].lower()]
            extra.append(Num(m.start(), sc.end(), value, "words", scaled=True, via="couple_of"))
    if not extra:
        return nums
    kept = [n for n in nums if not any(x.start < n.end and n.start < x.end for x in extra)]
    return sorted(kept + extra, key=lambda n: n.start)


def _with_times_words(text: str, nums: list[Num], t: _Tables) -> list[Num]:
    """ "Twice", "thrice" and a counting "once" as numbers of times ("won twice", "just once")."""
    low = text.lower()
    if not any(w in low for w in t.times_words):
        return nums
    extra = [
        Num(m.start(), m.end(), t.times_words[m.group().lower()], "words", via="times_word")
        for m in t.forms["times_word"][1].finditer(text)
        if not any(n.start < m.end() and m.start() < n.end for n in nums)
    ]
    return sorted(nums + extra, key=lambda n: n.start) if extra else nums


def _with_article_ones(text: str, nums: list[Num], t: _Tables) -> list[Num]:
    """An article before a currency name or a unit word, when the text means one of it ("it
    costs a euro", "a kilogram of flour", "an hour's pay"), as the number 1 (form "article",
    never a count); not where the word starts a compound ("a dollar store")."""
    starts = {n.start for n in nums}
    # for any position, in log time: is it inside a number, and where does the last number before it end
    by_start = sorted(nums, key=lambda n: n.start)
    firsts = [n.start for n in by_start]
    furthest = list(itertools.accumulate((n.end for n in by_start), max))  # of the numbers up to each one
    ends = sorted(n.end for n in nums)
    extra = []
    for m in t.article_one.finditer(text):
        at = m.start()
        k = bisect.bisect_right(firsts, at)
        if at in starts or (k and furthest[k - 1] > at):
            continue  # inside a number
        k = bisect.bisect_right(ends, at)
        last = ends[k - 1] if k else None
        if last is not None and t.article_per_gap.match(text[last:at]):
            continue  # "$80 a tonne", "40 hours a week": a rate, not one of it
        word = match_at(t.cur_suffix, text, m.end())
        surface = word["cur"] if word else None
        if not word:
            word = match_at(t.units, text, m.end())
            surface = (word["w"] or word["w2"]) if word else None
        if word is None or not surface:
            continue
        idiom = surface.lower() in t.article_not_units and not match_at(t.forms["and_half"][1], text, word.end())
        named = len(surface) > 2 and surface.isalpha() and not idiom
        if named and match_at(t.article_one_after, text, word.end()):
            extra.append(Num(m.start(), m.end(), 1, "article"))
    return sorted(nums + extra, key=lambda n: n.start) if extra else nums


def _with_conversions(text: str, qs: list[Quantity], t: _Tables) -> list[Quantity]:
    """Units named with no number in a conversion request ("10 celsius to fahrenheit",
    "fahrenheit to celsius", "how much celsius"): quantities of the unit's kind, value None."""
    found: list[tuple[int, int, str]] = []
    for q in qs:
        if q.kind in t.conv_kinds:
            m = match_at(t.conv_after, text, q.end)
            if m:
                found.append((m.start("u"), m.end("u"), m["u"]))
    for m in t.conv_bare.finditer(text):
        for g in ("u", "u2", "u3"):
            if m[g]:
                found.append((m.start(g), m.end(g), m[g]))
    out = list(qs)
    for s, e, surface in sorted(set(found)):
        if any(q.start < e and s < q.end for q in out):
            continue
        entry = t.unit_by_surface.get("w:" + _norm(surface))
        if entry is None or entry[2] not in t.conv_kinds:
            continue
        out.append(
            Quantity(text[s:e], s, e, cast(QuantityKind, entry[2]), None, entry[1], None, entry[0] + "+conversion")
        )
    out.sort(key=lambda q: (q.start, q.end))
    return out


def _with_tolerances(text: str, nums: list[Num], t: _Tables) -> list[Num]:
    """A value and its tolerance ("2,000.45±0.01 pounds") become one number: the value's, with
    the span running to the end of the tolerance so that the unit after it is read."""
    if len(nums) < 2 or ("±" not in text and "+/" not in text and "+-" not in text):
        return nums
    out: list[Num] = []
    i = 0
    while i < len(nums):
        a = nums[i]
        if i + 1 < len(nums) and t.tolerance_gap.match(text[a.end : nums[i + 1].start]):
            b = nums[i + 1]
            out.append(dataclasses.replace(a, end=b.end, plain=False))
            i += 2
            continue
        out.append(a)
        i += 1
    return out


_SCORE_MAX = 1000  # votes and scores are small numbers: "120-150 million" is a range


def _drop_scores(text: str, qs: list[Quantity], t: _Tables) -> list[Quantity]:
    """A vote or a score ("voted 7-2", "by 34 to 19", "a 5-4 decision") is neither two counts nor a range."""
    drop: set[int] = set()
    for i in range(len(qs) - 1):
        a, b = qs[i], qs[i + 1]
        if a.kind != "count" or b.kind != "count" or not isinstance(a.value, int) or not isinstance(b.value, int):
            continue
        if (
            not 0 <= a.value < _SCORE_MAX
            or not 0 <= b.value < _SCORE_MAX
            or not t.score_gap.match(text[a.end : b.start])
        ):
            continue
        gap = text[a.end : b.start]
        falling = gap in ("-", "–") and a.value > b.value and not a.unit  # "beat them 5-2": no range runs down
        if (
            falling
            or t.score_before.search(text, max(0, a.start - _WINDOW), a.start)
            or match_at(t.score_after, text, b.end)
        ):
            drop.update((i, i + 1))
    return [q for i, q in enumerate(qs) if i not in drop] if drop else qs


def _join_pairs(text: str, qs: list[Quantity], t: _Tables, rules: Rules) -> list[Quantity]:
    """Neighbours that make one quantity: a fraction ("one over three", "3 out of 4", "1 in 5"),
    an amount and its cents ("15 dollars 50", "one dollar and two"), a compound measure
    ("5 feet and 2 inches", "12 ft 2 in")."""

    def alone(text: str, a: Quantity) -> Quantity | None:
        # compound measures: the smaller part is read by the rule's pattern, whatever it was found as
        return _compound(text, a, t, rules) if a.kind == "measure" and t.compounds else _glued_cents(text, a, t)

    def pair(text: str, a: Quantity, b: Quantity) -> Quantity | None:
        return _fraction(text, a, b, t) or _cents(text, a, b, t)

    return join_pairs(text, qs, pair, alone=alone)


def _without_lone_ones(text: str, qs: list[Quantity], t: _Tables) -> list[Quantity]:
    """A bare "one" counts something only against another amount in its sentence ("one adult and
    two children", "one of three sites") or with a bound ("one or more"); alone it is the
    indefinite "one" ("one user wrote", "one possible reason"), no amount."""
    order = sorted(range(len(qs)), key=lambda j: qs[j].start)  # the sentence's amounts found by bisection
    firsts = [qs[j].start for j in order]
    out = []
    for i, q in enumerate(qs):
        if q.kind == "count" and q.text.lower() == "one" and q.approximate is None:
            lo, hi = _sentence_around(text, q.start, t)
            near = order[bisect.bisect_left(firsts, lo) : bisect.bisect_right(firsts, hi)]
            if not any(j != i and qs[j].end <= hi for j in near):
                continue
        out.append(q)
    return out


def _sentence_around(text: str, pos: int, t: _Tables) -> tuple[int, int]:
    """The start and end of the sentence holding ``pos`` (looked for within 600 characters)."""
    lo = max(0, pos - 600)
    ends = [m.end() for m in t.sentence_end.finditer(text, lo, pos)]
    start = ends[-1] if ends else lo
    m = t.sentence_end.search(text, pos, min(len(text), pos + 600))
    return start, (m.start() if m else min(len(text), pos + 600))


def _pairable(a: Quantity, b: Quantity, t: _Tables) -> bool:
    """Whether ``b`` may complete ``a``: a count, or money in a subunit ("50 cents")."""
    return b.kind == "count" or (b.kind == "money" and b.unit in t.subunits.names)


def _fraction(text: str, a: Quantity, b: Quantity, t: _Tables) -> Quantity | None:
    """Two counts that make one fraction: "one over three", "3 out of 4", "1 in 5"."""
    if a.kind != "count" or b.kind != "count" or a.unit is not None or b.value == 0:
        return None
    if not isinstance(a.value, int | float) or not isinstance(b.value, int | float):
        return None
    gap = text[a.end : b.start]
    if not (
        t.fraction_gap.match(gap)
        or (isinstance(a.value, int) and 0 <= a.value <= b.value and t.fraction_part_gap.match(gap))
        or (a.value == 1 and t.fraction_one_gap.match(gap))
    ):
        return None
    value = _number(a.value / b.value)
    rule = (a.rule or "") + "+fraction"
    return Quantity(text[a.start : b.end], a.start, b.end, "count", value, b.unit, a.approximate, rule)


def _cents(text: str, a: Quantity, b: Quantity, t: _Tables) -> Quantity | None:
    """An amount and its cents: "15 dollars 50", "one dollar and two"."""
    if (
        not _pairable(a, b, t)
        or a.kind != "money"
        or a.unit not in t.subunits.codes
        or not isinstance(a.value, int | float)
        or not float(a.value).is_integer()
        or not isinstance(b.value, int)
        or not 0 < b.value < 100
        or not t.subunits.gap.match(text[a.end : b.start])
        or (a.rule or "").endswith("+range")
    ):
        return None
    end = b.end
    w = match_at(t.subunits.words, text, end)
    if w:
        end = w.end()
    if b.kind == "money" or ((b.unit is None or w) and match_at(t.subunits.after, text, end)):
        value = _number(a.value + b.value / 100)
        return Quantity(text[a.start : end], a.start, end, "money", value, a.unit, a.approximate, a.rule)
    return None


def _glued_cents(text: str, a: Quantity, t: _Tables) -> Quantity | None:
    """An amount and cents written glued to their number: "$35 and 12c" is 35.12."""
    if a.kind != "money" or a.unit not in t.subunits.codes or not isinstance(a.value, int | float):
        return None
    if not float(a.value).is_integer() or (a.rule or "").endswith("+range"):
        return None
    m = match_at(t.subunits.glued, text, a.end)
    if not m:
        return None
    value = _number(a.value + int(m["n"]) / 100)
    return Quantity(text[a.start : m.end()], a.start, m.end(), "money", value, a.unit, a.approximate, a.rule)


def _compound(text: str, a: Quantity, t: _Tables, rules: Rules) -> Quantity | None:
    for rid, major, factor, pattern in t.compounds:
        if a.unit != major or not isinstance(a.value, int | float):
            continue
        m = match_at(pattern, text, a.end)
        if not m:
            continue
        small = parse_number(m["n"], rules)
        if small is None or small < 0:
            continue
        value = _number(a.value + small * factor)
        return Quantity(text[a.start : m.end()], a.start, m.end(), "measure", value, major, a.approximate, rid)
    return None


def _join_ranges(text: str, qs: list[Quantity], t: _Tables) -> list[Quantity]:
    """Two quantities joined as a range ("10-15 exabytes", "between 44 and 50 mg", "3 to 4 L")
    become one quantity: ``value`` the lower end, ``high`` the upper end, the second one's unit."""
    out: list[Quantity] = []
    i = 0
    while i < len(qs):
        joined = _range(text, qs[i], qs[i + 1], t) if i + 1 < len(qs) else None
        if joined is not None:
            out.append(joined)
            i += 2
            continue
        shared = _shared_unit(text, qs[i], qs[i + 1], t) if i + 1 < len(qs) else None
        out.append(shared or qs[i])
        i += 1
    return out


def _range(text: str, a: Quantity, b: Quantity, t: _Tables) -> Quantity | None:
    gap = text[a.end : b.start]
    glued = t.scale_glued.search(b.text) if a.kind == "money" and b.kind == "measure" else None
    if glued and isinstance(b.value, int | float) and _scale_in(a.text, t) == 1:
        # "£2-3m": the multiplier of a money range, not metres
        b = dataclasses.replace(b, kind="count", unit=None, value=b.value * t.scale_glued_values[glued["s"]])
    if not t.range_gap.fullmatch(gap) or not isinstance(a.value, int | float) or not isinstance(b.value, int | float):
        return None
    between = t.range_between.search(text, max(0, a.start - 12), a.start)
    if "and" in gap.lower() and not between:
        return None
    low = a.value
    if low == 0 and b.kind == "measure" and b.unit in t.from_zero and "and" not in gap.lower():
        return b  # "0-60 mph in 5 seconds": the speed reached, not a range of speeds
    if 0 <= b.value < low:
        return None  # a range of positive numbers runs upwards: "5-2" is a score, "1-1/2" a whole and a fraction
    bare = a.kind == "count" and a.text.strip().lstrip("-−").replace(".", "").isdigit()
    kind, unit = b.kind, b.unit
    scale = _scale_in(b.text, t) if bare or _money_then_scale(a, b, t) else 1.0
    if scale > 1 and a.kind == "money" and _scale_in(a.text, t) == scale and low <= b.value:
        kind, unit = a.kind, a.unit  # "$5 million to 10 million": the scale written at both ends
    elif scale > 1 and a.kind == "money" and low * scale <= b.value:
        low, kind, unit = low * scale, a.kind, a.unit  # "$5-10 million": the upper end's scale, the lower's currency
    elif scale > 1 and low * scale <= b.value and (b.kind == "count" or a.kind != b.kind):
        low = low * scale  # "350-375 million": the lower end shares the scale word
    elif a.kind == b.kind and a.unit == b.unit:
        if a.kind == "count" and b.kind == "count" and "-" in gap:
            return None  # "2-3" between two bare counts: a score, a code or two numbers as often as a range
    elif not (bare and b.kind != "count"):
        return None
    start = between.start() if between else a.start
    return Quantity(
        text[start : b.end],
        start,
        b.end,
        kind,
        _number(min(low, b.value)),  # "-18 °C to -34 °C" runs from -34 to -18
        unit,
        a.approximate or b.approximate,
        ((a if kind == a.kind and unit == a.unit else b).rule or "") + "+range",
        high=_number(max(low, b.value)),
    )


def _money_then_scale(a: Quantity, b: Quantity, t: _Tables) -> bool:
    """Money, then a bare count with a scale word: "$5-10 million", "€4-6bn", "$5 million to 10
    million" (the money's own scale, if it has one, is the count's)."""
    if a.kind != "money" or b.kind != "count":
        return False
    scale = _scale_in(b.text, t)
    return (b.unit is None or scale > 1) and _scale_in(a.text, t) in (1.0, scale)


def _shared_unit(text: str, a: Quantity, b: Quantity, t: _Tables) -> Quantity | None:
    """A bare number before another joined by "or" (for measures and money also "and"; for counts
    "to" and "between ... and") that names its unit, currency or counted noun only after the
    second: the first has the same ("3 or 4 km" is 3 km, "45 and 50 mg" 45 mg; "two or three million people" 2 million; "from 20 to 30 ships" 20
    ships). They stay two quantities, as a reader lists them."""
    if a.kind != "count" or a.unit is not None or b.unit is None or not isinstance(a.value, int | float):
        return None
    words = text[a.end : b.start].lower().split()
    scale = _scale_in(b.text, t) if words == ["or"] and _scale_in(a.text, t) == 1 else 1.0
    if b.kind == "count":
        between = words == ["and"] and t.range_between.search(text, max(0, a.start - 12), a.start)
        if not (between or words in (["to"], ["or"])):
            return None
        return dataclasses.replace(a, unit=b.unit, value=_number(a.value * scale))
    if words not in (["or"], ["and"]) or (b.rule or "").endswith("+range") or _scale_in(a.text, t) != 1:
        return None  # "3 or 4 km", "doses of 45 and 50 mg"
    value = _number(a.value * scale)
    return dataclasses.replace(a, kind=b.kind, unit=b.unit, value=value, rule=(b.rule or "") + "+shared")


def _scale_in(surface: str, t: _Tables) -> float:
    """The scale word or multiplier written in a quantity ("375 million" -> 1e6, "6bn" -> 1e9), else 1."""
    m = t.scale_after.search(surface)
    if m:
        return t.scale_after_values[m["s"].lower()]
    m = t.scale_glued.search(surface)
    return t.scale_glued_values[m["s"]] if m else 1.0


class _Stop:
    """A classifier's verdict that the number is no quantity at all: the chain stops."""


_STOP = _Stop()
_Verdict = Quantity | _Stop | None  # a quantity, no quantity, or "not mine: ask the next classifier"


class _Candidate:
    """One number in its text, with what every classifier reads around it: the text before it,
    an approximation word, a currency before or after it."""

    def __init__(self, text: str, n: Num, t: _Tables, skips: _Spans, dates: _Spans, rules: Rules, floor: int) -> None:
        odd = match_at(t.forms["odd"][1], text, n.end) if n.integer and n.value >= 10 else None
        if odd:  # "a hundred-odd": about that many
            n = dataclasses.replace(n, end=odd.end(), plain=False, via="odd")
        self.text, self.n, self.t, self.skips, self.dates, self.rules = text, n, t, skips, dates, rules
        self.start, self.end, self.value = n.start, n.end, n.value
        self.left = text[max(0, n.start - _WINDOW) : n.start]
        self.approx = _approximation(text, n.start, n.end, t) or (t.forms[n.via][2] if n.via else None)
        self.glued_left = _glued_left(text, n.start)
        suffix = _after(text, n.end, t.cur_suffix, t.cur_suffix_starts)
        prefix = _before(self.left, t.cur_prefix, t.cur_prefix_ends)
        if prefix and suffix and prefix["cur"][:1].isalpha():
            if match_at(_DIGIT_NEXT, text, suffix.end()):
                suffix = None  # "yen 30 eur 45": the second currency belongs to the amount after it
            else:
                prefix = None  # "70 euro 15 cny": the word belongs to the amount before
        if prefix and self.at_left(prefix.start("cur")) < floor:
            prefix = None  # "20 euros 40": the currency already belongs to the amount before
        self.prefix, self.suffix = prefix, suffix

    def at_left(self, i: int) -> int:
        """The offset in the text of position ``i`` of ``left``."""
        return self.start - (len(self.left) - i)

    def skipped(self, kind: str) -> bool:
        return _skipped(self.start, self.end, kind, self.skips)

    def make(self, kind: str, s: int, e: int, val: float, unit: str | None, rule: str, *, tail: int = -1) -> Quantity:
        appr = self.approx
        half = match_at(self.t.forms["and_half"][1], self.text, e) if kind in ("measure", "money") else None
        if half and float(val).is_integer():  # "a mile and a half"
            val, e, rule = val + 0.5 * (val / self.value if self.value else 1), half.end(), rule + "+and_half"
        after = match_at(self.t.approx_after.pattern, self.text, max(e, tail))
        if appr is None and after:
            appr = self.t.approx_after.values.get(_norm(after["a"]))
        return Quantity(
            self.text[s:e],
            s,
            e,
            cast(QuantityKind, kind),
            _number(val),
            unit,
            cast(Approximation | None, appr),
            rule + ("+" + self.n.via if self.n.via else ""),
        )


def _glued_left(text: str, start: int) -> bool:
    """Whether the number is the tail of a word or a code: "备20009753号-2", "A-4", "scp2-173m"."""
    if start > 0 and (text[start - 1].isalpha() or text[start - 1] in "_"):
        return True
    if start > 1 and text[start - 1] in "-–−/+^":
        ts = start - 1
        lo = max(0, start - _TOKEN_REACH)
        while ts > lo and not text[ts - 1].isspace():
            ts -= 1
        return text[start - 2].isalpha() or text[start - 1] == "+" or (ts < start - 1 and text[ts].isalpha())
    return False


def _money_before(c: _Candidate) -> _Verdict:
    """Money with the currency before the number: "$ 100 million", "US$5", "Rs 1.2 crore", "USD115"."""
    if not c.prefix or c.skipped("money"):
        return None
    t, text = c.t, c.text
    rid, code, mult, _ = t.cur_by_surface["p:" + _norm(c.prefix["cur"])]
    e, val = c.end, c.value * mult
    sc = match_at(t.money_scale, text, e) if not c.n.scaled else None
    if sc:
        val *= t.money_scales[sc["s"]]
        e = sc.end()
    # "$ 10 dollars": a suffix repeating the currency belongs to the amount
    suf = match_at(t.cur_suffix, text, e)
    if (
        suf
        and t.cur_by_surface.get("s:" + _norm(suf["cur"]), ("", "", 0, False))[1] == code
        and not match_at(_DIGIT_NEXT, text, suf.end())  # "$ 20 $ 37": the second symbol starts the next amount
    ):
        e = suf.end()
    return c.make("money", c.at_left(c.prefix.start("cur")), e, val, code, rid)


def _glued(c: _Candidate) -> _Verdict:
    """A number glued to the word or code before it is no quantity."""
    return _STOP if c.glued_left else None


def _money_after(c: _Candidate) -> _Verdict:
    """Money with the currency after the number: "40 rmb", "5 billion yuan", "30-billion-yuan", "10 €"."""
    if not c.suffix or c.skipped("money"):
        return None
    t = c.t
    rid, code, mult, needs_scale = t.cur_by_surface["s:" + _norm(c.suffix["cur"])]
    if needs_scale and not c.n.scaled:
        return None
    follow = t.cur_follow.get(rid)
    if follow is not None and not match_at(follow, c.text, c.suffix.end()):
        return None  # "3 grand slams": the word starts a compound
    e, val = c.suffix.end(), c.value * mult
    sc = match_at(t.scale_after, c.text, e) if not c.n.scaled else None  # "60 EUR million"
    if sc:
        val *= t.scale_after_values[sc["s"].lower()]
        e = sc.end()
    return c.make("money", c.start, e, val, code, rid)


def _percent(c: _Candidate) -> _Verdict:
    """A percentage: "12%", "40 per cent", "3 percentage points"."""
    if c.skipped("percent"):
        return _STOP
    m = match_at(c.t.percent.pattern, c.text, c.end)
    if not m:
        return None
    return c.make("percent", c.start, m.end(), c.value, c.t.percent.values[_norm(m["p"])], "quantity.percent")


def _age(c: _Candidate) -> _Verdict:
    """An age: "60 years old", "3 years of age", "aged 87", "Ann Lee, 34,", "she turned 40"."""
    t = c.t
    m = match_at(t.age_after.pattern, c.text, c.end)
    if m:
        return c.make("age", c.start, m.end(), c.value, t.age_after.values[_norm(m["a"])], "quantity.age")
    m = _before(c.left, t.age_before.pattern, t.age_before.ends)
    if m and c.n.integer and 0 < c.value < 130:
        return c.make(
            "age", c.at_left(m.start("a")), c.end, c.value, t.age_before.values[_norm(m["a"])], "quantity.age"
        )
    if (
        c.n.plain
        and 0 < c.value <= t.age_appos_max
        and match_at(t.age_appos_after, c.text, c.end)
        and t.age_appos_before.search(c.left)
    ):
        return c.make("age", c.start, c.end, c.value, "year", "quantity.age.apposition")  # "Ann Lee, 34, of Hull"
    if (
        c.n.integer
        and 0 < c.value < 130
        and t.age_turned_before.search(c.left)
        and match_at(t.age_turned_after, c.text, c.end)
    ):
        return c.make("age", c.start, c.end, c.value, "year", "quantity.age.turned")  # "she turned 40 in May"
    return None


def _measure(c: _Candidate) -> _Verdict:
    """A measure or a temperature: "12.5 km", "-5 °C", "3-inch", "20 (kg)", "50 km/ms", "30 degrees"."""
    t, text = c.t, c.text
    prime = match_at(t.forms["feet_prime"][1], text, c.end) if c.n.form == "digits" and c.value >= 0 else None
    if prime:  # 6'2", 12' x 14'
        value = c.value + (float(prime["inch"]) / 12 if prime["inch"] else 0)
        return c.make("measure", c.start, prime.end(), value, "foot", "unit.foot+feet_prime")
    m = _after(text, c.end, t.units, t.unit_starts)
    if m and (m["w"] or m["w2"] or m["s"] or m["s2"]) in t.not_units:
        m = None  # a column marker: "NM" (not meaningful)
    if m:
        key = ("w:" + _norm(m["w"] or m["w2"])) if (m["w"] or m["w2"]) else ("s:" + (m["s"] or m["s2"]))
        rid, name, kind = t.unit_by_surface[key]
        e = m.end()
        per = match_at(t.per, text, e) if kind == "measure" and " per " not in name else None
        if per:  # a rate: "50 km/ms", "50 meters per millisecond"
            name = f"{name} per {t.per_units[per['u'].lower()]}"
            e = per.end()
        elif kind == "measure" and " per " not in name and (per := match_at(t.per_measure, text, e)):
            key = ("w:" + _norm(per["w"])) if per["w"] else ("s:" + per["s"])
            name = f"{name} per {t.unit_by_surface[key][1]}"  # "mg/L", "grams per litre", "kg per tonne"
            e = per.end()
        below = match_at(t.forms["below_zero"][1], text, e) if kind == "temperature" else None
        if below:  # "12 °C below zero"
            return c.make(kind, c.start, below.end(), -c.value, name, rid + "+below_zero")
        return c.make(kind, c.start, e, c.value, name, rid)
    m = match_at(t.degrees, text, c.end)
    if m:
        below = match_at(t.forms["below_zero"][1], text, m.end())
        if below:  # "4 degrees below zero"
            return c.make("temperature", c.start, below.end(), -c.value, "degree", "unit.degree+below_zero")
        sentence = text[max(0, c.start - 120) : min(len(text), c.end + 60)]
        kind = "temperature" if t.degree_context.search(sentence) else "measure"
        return c.make(kind, c.start, m.end(), c.value, "degree", "unit.degree")
    below = match_at(t.forms["below_zero"][1], text, c.end) if c.value > 0 else None
    if below and below["z"]:  # "10 below zero": the degrees go unsaid
        return c.make("temperature", c.start, below.end(), -c.value, "degree", "unit.degree+below_zero")
    return None


def _multiple(c: _Candidate) -> _Verdict:
    """A number of times or a multiple: "scored 3 times", "twice", "a 4-fold rise", "10x" (a
    measure in the unit "times"; "3 times a week" is a rate of it)."""
    t, text = c.t, c.text
    m = None if c.n.via == "times_word" else match_at(t.forms["times"][1], text, c.end)
    if m is None and c.n.via != "times_word":
        return None
    e = m.end() if m else c.end
    c.end = e  # "10x": the glued "x" is part of the multiple, not a code's letter
    if _no_amount(c):
        return _STOP
    unit = t.times_unit
    per = match_at(t.per, text, e)
    if per:  # "4 times per week"
        unit, e = f"{unit} per {t.per_units[per['u'].lower()]}", per.end()
    return c.make("measure", c.start, e, c.value, unit, "quantity.multiple+times" if m else "quantity.multiple")


def _not_a_count(c: _Candidate) -> bool:
    """A bare number that counts nothing: no amount at all (``_no_amount``) or a frequency ("3 times")."""
    return _no_amount(c) or bool(match_at(c.t.not_counted, c.text, c.end))


def _no_amount(c: _Candidate) -> bool:
    """A bare number that is no amount: a pronoun "one", part of a date, inside a word or a
    URL, a year, an id, a label's number ("Room 101")."""
    t, text, n, start, end = c.t, c.text, c.n, c.start, c.end
    if n.form == "article" or c.skipped("count") or _enumerator(c):
        return True
    if is_pronoun_one(text, n, c.rules) and not match_at(t.one_of_number, text, end):
        return True  # "one of them", not "one of three"
    for ds, de, drule in c.dates.near(start, end):
        # a written fraction that a date rule read as month/day ("3/4", "2 1/4") stays a number
        fraction = n.form == "fraction" and drule == "date.month_day_numeric" and start <= ds and de <= end
        if ds < end and start < de and not fraction:
            return True
    if end < len(text) and (text[end].isalpha() or text[end] in "_") and n.form != "words":
        return True  # inside a word or code: 11a, 20009753号
    if n.plain:
        digits = text[start:end]
        if len(digits) > t.max_plain_digits or (len(digits) > 1 and digits.startswith("0") and len(digits) > 4):
            return True
        if len(digits) == 4 and t.year_min <= c.value <= t.year_max:
            return True
    if _near_url_or_id(text, start, end) or (
        n.form in ("digits", "words") and _before(c.left, t.labels, t.labels_ends)
    ):
        return True
    return _in_name(c)


def _enumerator(c: _Candidate) -> bool:
    """A list item's number in brackets inside a line, "(1) ..., (2) ...": the item before or after is near."""
    t, text, n = c.t, c.text, c.n
    m = t.enumerator.match(text, c.start, min(len(text), c.end + 1)) if n.plain else None
    if m is None or m.end() != c.end:
        return False
    k = int(n.value)
    near = text[max(0, c.start - t.enumerator_reach) : c.end + t.enumerator_reach]
    return any(f"{o}{k + d}{cl}" in near for o, cl in ("()", "[]") for d in (-1, 1))


def _in_name(c: _Candidate) -> bool:
    """A number that is part of a name: bare digits after a capitalised word inside a sentence
    ("the Fortune 500", "an FTSE 100 firm"), or a capitalised number word inside a sentence
    before another capitalised word ("the Seven Seas Ltd")."""
    t, text = c.t, c.text
    if c.n.plain:
        if match_at(_DASH_DIGIT, text, c.end):
            return False  # "the Otters 5-2": a score, read as a pair
        m = t.name_before.search(c.left)
        return bool(m and m["w"] not in t.name_before_unless and not _sentence_start(text, c.at_left(m.start("w")), t))
    if c.n.form == "words" and text[c.start].isupper() and not _sentence_start(text, c.start, t):
        i = c.end
        while i < len(text) and text[i] in " \u00a0":
            i += 1
        return i < len(text) and text[i].isupper()
    return False


def _sentence_start(text: str, i: int, t: _Tables) -> bool:
    """Whether position ``i`` starts a sentence, a line or a quotation."""
    j = i
    while j > max(0, i - 20) and text[j - 1] in " \t\u00a0":
        j -= 1
    return j == 0 or text[j - 1] == "\n" or text[j - 1] in t.sentence_marks


def _count(c: _Candidate) -> _Verdict:
    """A bare count with the noun phrase it counts: "236 oak trees", "four new schools"."""
    if _not_a_count(c):
        return _STOP
    after = [(ds, de) for ds, de, _ in c.dates.near(c.end, c.end + 80) if ds >= c.end]
    limit = min((ds for ds, _ in after), default=None)
    unit, tail = _counted_noun(c.text, c.end, c.t, limit)
    rest = c.text[c.end : tail]
    first = c.end + len(rest) - len(rest.lstrip())  # where the counted noun starts
    if unit is not None and any(ds == first and de >= tail for ds, de in after):
        unit, tail = None, c.end  # the words after the number are all a date: "turned 40 last week"
    noun_is_date = limit is not None and limit < tail
    if c.value == 0 and c.n.form == "words" and unit is not None and not _plural(unit.split()[-1], c.t):
        return _STOP  # "zero tolerance", "zero chance": "no", not an amount of it
    if unit is not None and not noun_is_date and is_article_fraction(c.text, c.n, c.rules):
        return _STOP  # "a third straight loss": an ordinal, not a third of anything
    return c.make("count", c.start, c.end, c.value, unit, "quantity.count." + c.n.form, tail=tail)


def _plural(word: str, t: _Tables) -> bool:
    low = word.lower()
    return low in t.irregular_plurals or bool(t.plural_head.fullmatch(low))


# One classifier per dimension, asked in this order (as Duckling orders its rules); the first
# that answers decides.
_CLASSIFIERS: tuple[Callable[[_Candidate], _Verdict], ...] = (
    _money_before,
    _glued,
    _money_after,
    _percent,
    _age,
    _measure,
    _multiple,
    _count,
)


def _classify(
    text: str, n: Num, t: _Tables, skips: _Spans, dates: _Spans, rules: Rules, floor: int = 0
) -> Quantity | None:
    c = _Candidate(text, n, t, skips, dates, rules, floor)
    for classify in _CLASSIFIERS:
        verdict = classify(c)
        if verdict is not None:
            return verdict if isinstance(verdict, Quantity) else None
    return None


_DIGIT_NEXT = regex.compile(r"\s*\d")
_DASH_DIGIT = regex.compile(r"[-–]\d")


def _near_url_or_id(text: str, start: int, end: int) -> bool:
    # the whitespace-delimited token holding the number (its first and last _TOKEN_REACH characters)
    s = start
    lo, hi = max(0, start - _TOKEN_REACH), min(len(text), end + _TOKEN_REACH)
    while s > lo and not text[s - 1].isspace():
        s -= 1
    e = end
    while e < hi and not text[e].isspace():
        e += 1
    token = text[s:e]
    return "/" in token.replace(" / ", "") and regex.search(r"[\p{L}]", token) is not None and "://" in token


def _approximation(text: str, start: int, end: int, t: _Tables) -> str | None:
    """The bound an approximation word before the number sets; none when a positional word
    ("above", "under") follows a verb of change ("rose above $5") or precedes a single thing
    ("under one roof"): it says where, not how many."""
    left = text[max(0, start - _WINDOW) : start]
    # skip a currency symbol between the approximation and the number: "about $ 14 million"
    m = _before(left, t.cur_prefix, t.cur_prefix_ends)
    if m:
        left = left[: m.start("cur")]
    m = _before(left, t.approx_before.pattern, t.approx_before.ends)
    if not m:
        return None
    phrase = _norm(m["a"])
    if phrase in t.approx_positional and (
        text[start:end].lower() in t.approx_singular or t.approx_moved.search(left, 0, m.start("a"))
    ):
        return None
    return t.approx_before.values.get(phrase)


def _number(value: float) -> float | int | None:
    """A whole number as an int; None for a value no float holds ("1e300 trillion dollars")."""
    if not math.isfinite(value):
        return None
    if float(value).is_integer() and abs(value) < 1e18:
        return int(value)
    return value
