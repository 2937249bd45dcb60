"""The date grammar: word tables, regex fragments and rule templates of ``patterns/dates.toml``
compiled once per ``Rules``, and the words a date expression can start with. Pure."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import regex

from ...rules.cache import compile_regex
from ...rules.load import Rule, Rules, per_rules
from ..numbers import ordinal_regex, word_number_regex


@dataclass(frozen=True)
class Vocab:
    """The word tables of ``[vocab]`` (lower-case keys) and the cue regexes of ``[vocab]``/``[context]``."""

    months: Mapping[str, int]
    weekdays: Mapping[str, int]
    weekday_plurals: Mapping[str, int]
    units: Mapping[str, str]
    unit_multiples: Mapping[str, str]
    modifiers: Mapping[str, int]
    relative_days: Mapping[str, int]
    parts_of_day: Mapping[str, tuple[str, str]]
    pm_parts_of_day: frozenset[str]
    holidays: Mapping[str, str]
    vague: Mapping[str, int]
    seasons: Mapping[str, str]
    frequencies: Mapping[str, str]
    decades: Mapping[str, int]
    part_mods: Mapping[str, tuple[str, str]]
    anaphor_steps: Mapping[str, int]
    offset_directions: Mapping[str, tuple[int, str]]
    stretch_modifiers: Mapping[str, tuple[int, frozenset[str]]]
    weekday_modifiers: Mapping[str, str]
    work_week_units: frozenset[str]
    duration_prepositions: frozenset[str]
    greeting_before: regex.Pattern[str]
    verb_weekdays: frozenset[str]
    weekday_after: regex.Pattern[str]
    future_modals: regex.Pattern[str]
    near_future: regex.Pattern[str]
    future_verbs: regex.Pattern[str]
    past_verbs: regex.Pattern[str]
    reporting_verbs: regex.Pattern[str]
    modal_before_participle: regex.Pattern[str]
    past_before_future: regex.Pattern[str]
    future_cues: regex.Pattern[str]
    past_cues: regex.Pattern[str]
    past_verb: regex.Pattern[str]
    ordinal_units: frozenset[str]
    ordinal_after: regex.Pattern[str]
    rate_before: regex.Pattern[str]
    verb_last_before: regex.Pattern[str]
    verb_cues: frozenset[str]
    future_before: regex.Pattern[str]
    age_after: regex.Pattern[str]
    list_item_before: regex.Pattern[str]
    list_lookback: int


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
        trigger_words=_trigger_words(rules, vocab),
    )


def _lower_keys(table: Mapping[str, Any], convert: Callable[[Any], Any]) -> dict[str, Any]:
    return {k.lower(): convert(x) for k, x in table.items()}


def _vocab(rules: Rules) -> Vocab:
    v = rules.setting("dates.vocab")
    cx = rules.setting("dates.context")
    return Vocab(
        months={**_lower_keys(v["months"], int), **_lower_keys(v["ambiguous_months"], int)},
        weekdays=_lower_keys(v["weekdays"], int),
        weekday_plurals=_lower_keys(v["weekday_plurals"], int),
        units=_lower_keys(v["units"], str),
        unit_multiples=_lower_keys(v["unit_multiples"], str),
        modifiers=_lower_keys(v["modifiers"], int),
        relative_days=_lower_keys(v["relative_days"], int),
        parts_of_day=_lower_keys(v["parts_of_day"], lambda x: (str(x[0]), str(x[1]))),
        pm_parts_of_day=frozenset(w.lower() for w in v["pm_parts_of_day"]),
        holidays=_lower_keys(v["holidays"], str),
        vague=_lower_keys(v["vague_amounts"], int),
        seasons=_lower_keys(v["seasons"], str),
        frequencies=_lower_keys(v["frequencies"], str),
        decades=_lower_keys(v["decades"], int),
        part_mods=_lower_keys(v["part_modifiers"], lambda x: (str(x[0]), str(x[1]))),
        anaphor_steps=_lower_keys(v["anaphor_steps"], int),
        offset_directions=_lower_keys(v["offset_directions"], lambda x: (int(x[0]), str(x[1]))),
        stretch_modifiers=_lower_keys(v["stretch_modifiers"], lambda x: (int(x[0]), frozenset(map(str, x[1])))),
        weekday_modifiers=_lower_keys(v["weekday_modifiers"], str),
        work_week_units=frozenset(w.lower() for w in v["work_week_units"]),
        duration_prepositions=frozenset(w.lower() for w in v["duration_prepositions"]),
        greeting_before=compile_regex(cx["greeting_before"], regex.IGNORECASE),
        verb_weekdays=frozenset(cx["verb_weekdays"]),
        weekday_after=compile_regex(cx["weekday_after"]),
        future_modals=_cue_regex(v["future_modals"]),
        near_future=_cue_regex(v["near_future_modals"]),
        future_verbs=_cue_regex(v["future_verbs"]),
        past_verbs=_cue_regex(v["past_verbs"]),
        reporting_verbs=_cue_regex(v["reporting_verbs"]),
        modal_before_participle=compile_regex(v["modal_before_participle"], regex.IGNORECASE),
        past_before_future=compile_regex(v["past_before_future"], regex.IGNORECASE),
        future_cues=_cue_regex(v["future_cues"]),
        past_cues=_cue_regex(v["past_cues"]),
        past_verb=compile_regex(v["past_verb"], regex.IGNORECASE),
        ordinal_units=frozenset(w.lower() for w in cx["ordinal_units"]),
        ordinal_after=compile_regex(cx["ordinal_after"]),
        rate_before=compile_regex(cx["rate_before"], regex.IGNORECASE),
        verb_last_before=compile_regex(cx["verb_last_before"]),
        verb_cues=frozenset(w.lower() for w in cx["verb_cues"]),
        future_before=compile_regex(cx["future_before"], regex.IGNORECASE),
        age_after=compile_regex(cx["age_after"]),
        list_item_before=compile_regex(cx["list_item_before"]),
        list_lookback=int(cx["list_lookback"]),
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
        weekday=_alt(vocab.weekdays),
        weekday_plural=_alt(vocab.weekday_plurals),
        unit=_alt(vocab.units),
        unit_multiple=_alt(vocab.unit_multiples),
        modifier=_alt(vocab.modifiers),
        holiday=_alt(vocab.holidays).replace("'", "['’]?"),
        frequency=_alt(vocab.frequencies),
        decade_name=_alt(vocab.decades),
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


def _trigger_words(rules: Rules, vocab: Vocab) -> frozenset[str]:
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
