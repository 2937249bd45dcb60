"""The date grammar: word tables, regex fragments and rule templates of ``patterns/dates.toml``
compiled once per ``Rules``, and the words a date expression can start with. Pure."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

import regex

from ...rules.cache import compile_regex
from ...rules.load import Rule, Rules, per_rules
from ..numbers import ordinal_regex, word_number_regex

# The tables of ``[vocab]`` and ``[context]`` in patterns/dates.toml by what ``Vocab`` makes of them,
# each under its name there (no name is in both sections): tables of words read as a number ("months"
# takes in "ambiguous_months") or as a code, word sets, and regexes (a cue list is read as one regex).
NumberTable = Literal[
    "months",
    "weekdays",
    "weekday_plurals",
    "modifiers",
    "relative_days",
    "vague_amounts",
    "decades",
    "anaphor_steps",
    "night_parts",
]
CodeTable = Literal["units", "unit_multiples", "holidays", "seasons", "frequencies", "weekday_modifiers"]
WordSet = Literal["pm_parts_of_day", "work_week_units", "duration_prepositions", "ordinal_units", "verb_cues"]
CueList = Literal[
    "future_modals", "near_future_modals", "future_verbs", "past_verbs", "reporting_verbs", "future_cues", "past_cues"
]
CaselessRegex = Literal[
    "greeting_before",
    "modal_before_participle",
    "present_before_participle",
    "past_before_future",
    "past_verb",
    "nonfinite_clause",
    "rate_before",
    "future_before",
]
CasedRegex = Literal["weekday_after", "ordinal_after", "verb_last_before", "age_after", "list_item_before"]
RegexName = Literal[CueList, CaselessRegex, CasedRegex]


@dataclass(frozen=True)
class Vocab:
    """The tables of ``[vocab]`` and ``[context]``, word tables and word sets with lower-case keys."""

    numbers: Mapping[NumberTable, Mapping[str, int]]
    codes: Mapping[CodeTable, Mapping[str, str]]
    word_sets: Mapping[WordSet, frozenset[str]]
    regexes: Mapping[RegexName, regex.Pattern[str]]
    verb_weekdays: frozenset[str]  # as written: "sat" is a verb, "Sat" a weekday
    parts_of_day: Mapping[str, tuple[str, str]]
    part_modifiers: Mapping[str, tuple[str, str]]
    offset_directions: Mapping[str, tuple[int, str]]
    stretch_modifiers: Mapping[str, tuple[int, frozenset[str]]]
    list_lookback: int
    clause_reach: int  # how far before a date the start of its clause is looked for
    holiday_weekend: tuple[tuple[int, int], ...]  # by weekday: a holiday's weekend from and to (exclusive), in days


@dataclass(frozen=True, eq=False)  # hashed by identity: one per Rules object
class Grammar:
    """Every rule's compiled template (with the probe that says where it can start) and the join connectors."""

    vocab: Vocab
    rules: tuple[tuple[Rule, regex.Pattern[str]], ...]
    probes: tuple[regex.Pattern[str] | None, ...]  # each rule without its positive look-behinds; None: try always
    range_gap: regex.Pattern[str]
    range_prefix: regex.Pattern[str]
    datetime_gap: regex.Pattern[str]
    year_tail: regex.Pattern[str]
    trigger_words: frozenset[str]  # lower-case words a date expression can start with (besides digits)
    abbreviations: frozenset[str]  # month and weekday names cut short ("Sept", "Tue"): a full stop after them is theirs


def _alt(words: Any) -> str:
    """An alternation of ``words``, longest first, any run of spaces inside a word matching ``\\s+``."""
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
def grammar(rules: Rules) -> Grammar:
    """The compiled date grammar of ``rules`` (once per ``Rules`` object)."""
    jn = rules.setting("dates.joins")
    vocab = _vocab(rules)
    frags = _fragments(rules, vocab)
    compiled = []
    probes: list[regex.Pattern[str] | None] = []
    for rule in rules.section("dates.rule"):
        source = regex.sub(
            r"\{(\w+)\}", lambda m: "(?:" + frags[m[1]] + ")" if m[1] in frags else m[0], rule["template"]
        )
        compiled.append((rule, compile_regex(source, regex.IGNORECASE)))
        probes.append(None if rule.user else compile_regex(_drop_lookbehinds(source), regex.IGNORECASE))
    return Grammar(
        vocab=vocab,
        rules=tuple(compiled),
        probes=tuple(probes),
        range_gap=compile_regex(jn["range_gap"], regex.IGNORECASE),
        range_prefix=compile_regex(r"(?:" + jn["range_prefix"] + r")\Z", regex.IGNORECASE),
        datetime_gap=compile_regex(jn["datetime_gap"], regex.IGNORECASE),
        year_tail=compile_regex(r"(?:\s*,\s*|\s+in\s+|\s+of\s+)(?P<year>" + frags["year"] + ")", regex.IGNORECASE),
        trigger_words=_trigger_words(rules),
        abbreviations=_abbreviations(vocab),
    )


def _abbreviations(vocab: Vocab) -> frozenset[str]:
    """The month and weekday names that are the start of a longer name of the same month or day."""
    out = set()
    for table in (vocab.numbers["months"], vocab.numbers["weekdays"]):
        out |= {
            k for k, x in table.items() if any(k2 != k and k2.startswith(k) and x2 == x for k2, x2 in table.items())
        }
    return frozenset(out)


def _lower_keys(table: Mapping[str, Any], convert: Callable[[Any], Any]) -> dict[str, Any]:
    return {k.lower(): convert(x) for k, x in table.items()}


def _vocab(rules: Rules) -> Vocab:
    s = {**rules.setting("dates.vocab"), **rules.setting("dates.context")}
    numbers = {name: _lower_keys(s[name], int) for name in get_args(NumberTable)}
    numbers["months"] |= _lower_keys(s["ambiguous_months"], int)
    return Vocab(
        numbers=numbers,
        codes={name: _lower_keys(s[name], str) for name in get_args(CodeTable)},
        word_sets={name: frozenset(w.lower() for w in s[name]) for name in get_args(WordSet)},
        regexes={name: _cue_regex(s[name]) for name in get_args(CueList)}
        | {name: compile_regex(s[name], regex.IGNORECASE) for name in get_args(CaselessRegex)}
        | {name: compile_regex(s[name]) for name in get_args(CasedRegex)},
        verb_weekdays=frozenset(s["verb_weekdays"]),
        parts_of_day=_lower_keys(s["parts_of_day"], lambda x: (str(x[0]), str(x[1]))),
        part_modifiers=_lower_keys(s["part_modifiers"], lambda x: (str(x[0]), str(x[1]))),
        offset_directions=_lower_keys(s["offset_directions"], lambda x: (int(x[0]), str(x[1]))),
        stretch_modifiers=_lower_keys(s["stretch_modifiers"], lambda x: (int(x[0]), frozenset(map(str, x[1])))),
        list_lookback=int(s["list_lookback"]),
        clause_reach=int(s["clause_reach"]),
        holiday_weekend=tuple((int(a), int(b)) for a, b in s["holiday_weekend"]),
    )


def _fragments(rules: Rules, vocab: Vocab) -> dict[str, str]:
    """The ``{name}`` pieces of the templates: ``[fragments]`` and the word tables as alternations."""
    v = rules.setting("dates.vocab")
    months = _lower_keys(v["months"], int)
    amb = _lower_keys(v["ambiguous_months"], int)
    full = [m for m in months if len(m) > 3 and m not in ("sept",)]
    frags: dict[str, str] = {k: str(x) for k, x in rules.setting("dates.fragments").items()}
    frags.update(
        month=_alt(months),
        month_ambiguous=_alt(amb),
        month_any=_alt({**months, **amb}),
        month_full=_alt(full),
        weekday=_alt(vocab.numbers["weekdays"]),
        weekday_plural=_alt(vocab.numbers["weekday_plurals"]),
        unit=_alt(vocab.codes["units"]),
        unit_multiple=_alt(vocab.codes["unit_multiples"]),
        modifier=_alt(vocab.numbers["modifiers"]),
        holiday=_alt(vocab.codes["holidays"]).replace("'", "['’]?"),
        frequency=_alt(vocab.codes["frequencies"]),
        decade_name=_alt(vocab.numbers["decades"]),
        word_number=word_number_regex(rules),
        ordinal_words=ordinal_regex(rules),
        day_words=_day_words(rules),
    )
    return frags


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


# The tables of ``[vocab]`` whose words can open a date expression.
_TRIGGER_TABLES = (
    "months",
    "ambiguous_months",
    "weekdays",
    "weekday_plurals",
    "modifiers",
    "relative_days",
    "parts_of_day",
    "units",
    "unit_multiples",
    "holidays",
    "vague_amounts",
    "seasons",
    "frequencies",
)


def _trigger_words(rules: Rules) -> frozenset[str]:
    """Every rule's match starts with a digit or one of these words; rules are tried only there."""
    v = rules.setting("dates.vocab")
    nw = rules.setting("numbers.words")
    words: set[str] = set(rules.setting("dates.joins")["triggers"])
    tables = [v[name] for name in _TRIGGER_TABLES] + [
        nw[name] for name in ("cardinals", "tens", "ordinals", "ordinal_tens")
    ]
    for table in tables:
        for key in table:
            words.add(regex.split(r"[\s\-']+", key.lower())[0])
    words.discard("")
    return frozenset(words)
