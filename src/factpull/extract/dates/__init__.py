"""Dates, times, intervals, durations and sets, with ISO 8601 values. Pure.

The grammar is data (``patterns/dates.toml``): each rule is a regex template over shared
fragments and word tables, with the name of the resolver below that turns its match into a
value. Extraction runs in three steps:

1. every rule's matches become candidates; the longest candidate wins an overlap (then the
   higher priority), and a candidate whose resolver rejects it leaves room for the others;
2. each kept candidate is resolved (relative expressions against ``ref_date``; without one
   their value is None);
3. neighbours are joined by the connectors of ``[joins]``: time ranges, date ranges
   ("from June to August", "between 2011 and 2014") and date + time ("Thursday at 10 am").

The package: ``grammar`` compiles the rule data, ``context`` is what a resolver sees of its
match, ``resolve`` holds the resolvers, ``join`` pairs neighbours, ``values`` the value type and
ISO formatting; this module finds the candidates and runs the steps.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import cast

import regex

from ...rules.load import Rule, Rules
from ...rules.reach import match_at
from ...types import DateFact, DateKind, DateMod
from .anchor import anchor_anaphors, anchor_times
from .context import MatchContext
from .grammar import Grammar, grammar
from .join import join_datetimes, join_ranges, join_sets, join_year_tails, unanchored_offsets
from .resolve import RESOLVERS
from .values import Fact, Reject

_WINDOW = 300  # no date expression is longer; candidates are matched within this many characters


Candidate = tuple[int, int, int, Rule, regex.Match[str]]
# a word, a digit or a quote/fraction sign not preceded by a letter or digit: where a date may start
_START = re.compile(r"(?<![^\W_])(?:[^\W\d_]+|\d|[½'’])")
_TOKEN = regex.compile(r"[^\s\p{L}\d]?[\p{L}\d]*")
_LAST_WORD = regex.compile(r"(?<![\p{L}.])\p{L}{2,}\Z")  # a whole word of two letters or more, at the end
_TWO_TOKENS = regex.compile(r"[^\s\p{L}\d]?[\p{L}\d]*[^\p{L}\d]{0,3}[\p{L}\d]*")


def _starts(text: str, c: Grammar) -> list[int]:
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
def _allowed(c: Grammar, token: str) -> tuple[int, ...]:
    """The rules whose match can begin with ``token`` (a pure function, memoised)."""
    return tuple(i for i, probe in enumerate(c.probes) if probe is None or probe.match(token, partial=True) is not None)


@functools.lru_cache(maxsize=1 << 14)
def _allowed_two(c: Grammar, prefix: str) -> tuple[int, ...]:
    """The rules whose match can begin with ``prefix`` (the text's first two tokens from a start):
    those that can begin with its first token and do not fail on the second."""
    first = _TOKEN.match(prefix)
    allowed = _allowed(c, first.group() if first else "")
    if len(allowed) <= 2 or first is None or first.end() == len(prefix):
        return allowed
    probes = c.probes
    return tuple(i for i in allowed if (p := probes[i]) is None or p.match(prefix, partial=True) is not None)


def compile_rules(rules: Rules) -> None:
    """Build the date grammar of ``rules`` now (a batch does it once before forking)."""
    grammar(rules)


def find_candidates(text: str, rules: Rules) -> list[Candidate]:
    """Every date rule's match in ``text`` before overlaps are settled. They do not depend on the
    reference date: compute them once and pass them to ``extract_dates`` and
    ``extract_quantities`` (``candidates=``) when both run on the same text."""
    return _find_candidates(text, grammar(rules))


def _find_candidates(text: str, c: Grammar) -> list[Candidate]:
    """Matches of every rule at every position where a date expression can start.

    A rule is tried only where its regex can begin: the first token alone must be a (partial)
    match of it with its positive look-behinds dropped, which is worked out once per token.
    User rules are tried at every start.
    """
    n = len(text)
    out = []
    rules = c.rules
    for pos in _starts(text, c):
        m0 = match_at(_TWO_TOKENS, text, pos, _WINDOW)
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


def _strip(text: str, start: int, end: int, abbreviations: frozenset[str]) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in " \t\n,":
        end -= 1
    # a full stop after a whole word ends the sentence ("the third of July."); after "Dec" or
    # "Sept" it abbreviates, and "a.m." keeps its own
    if end - start > 5 and text[end - 1] == ".":
        word = _LAST_WORD.search(text, start, end - 1)
        if word is not None and (len(word[0]) >= 5 or word[0].lower() not in abbreviations):
            end -= 1
    return start, end


def _resolve_all(
    text: str, ref: dt.date | None, rules: Rules, c: Grammar, candidates: list[Candidate] | None
) -> list[Fact]:
    now = ref if isinstance(ref, dt.datetime) else None
    ref = now.date() if now is not None else ref
    cands = list(_find_candidates(text, c) if candidates is None else candidates)
    cands.sort(key=lambda x: (-(x[1] - x[0]), -x[2], x[0]))
    taken = bytearray(len(text))  # 1 where a kept candidate lies
    facts: list[Fact] = []
    for start, end, _prio, rule, m in cands:
        start, end = _strip(text, start, end, c.abbreviations)
        if taken.find(1, start, end) != -1:
            continue
        resolver = RESOLVERS.get(rule["resolver"])
        if resolver is None:
            continue
        ctx = MatchContext(text, ref, c.vocab, rules, start, end, m, now)
        try:
            v = resolver(m.groupdict(), ctx)
        except (Reject, KeyError, ValueError, OverflowError):
            continue
        taken[start:end] = b"\x01" * (end - start)
        facts.append(Fact(start if v.amount_start is None else v.amount_start, end, v, rule.id))
    facts.sort(key=lambda f: f.start)
    return facts


def extract_dates(
    text: str, ref_date: dt.date | None, rules: Rules, *, candidates: list[Candidate] | None = None
) -> list[DateFact]:
    """Every date expression in ``text``; relative ones resolved against ``ref_date`` (a
    ``datetime`` also gives "now" and "in 2 minutes" their time of day).
    ``candidates``: ``find_candidates(text, rules)`` when the caller already has them."""
    if not text:
        return []
    c = grammar(rules)
    facts = _resolve_all(text, ref_date, rules, c, candidates)
    facts = anchor_anaphors(text, facts)
    facts = join_year_tails(text, facts, c)
    facts = join_ranges(text, facts, c)
    # twice: the first pass pairs neighbours ("in the morning" + "at 7", "3 days" + "after
    # May 2"), the second pairs what the first built with the next fact ("tomorrow" + "in the
    # morning at 7"); the pairs are disjoint within a pass
    facts = join_datetimes(text, facts, c)
    facts = join_datetimes(text, facts, c)
    facts = unanchored_offsets(facts)
    facts = join_sets(text, facts)
    facts = anchor_times(text, facts, ref_date.date() if isinstance(ref_date, dt.datetime) else ref_date)
    return [_date_fact(text, f) for f in facts]


def _date_fact(text: str, f: Fact) -> DateFact:
    """The fact as output: a value at the granularity its words name ("mid-May": the month),
    with the part meant (``mod``) and the finer reading (``within``) beside it."""
    v = f.v
    value, within = v.value, None
    if v.coarse is not None and v.value is not None:
        value, within = v.coarse, v.value
    kind = v.kind
    if kind == "date" and value and "/" in value:
        kind = "interval"
    return DateFact(
        text=text[f.start : f.end],
        start=f.start,
        end=f.end,
        kind=cast(DateKind, kind),
        value=value,
        relative=v.relative,
        rule=f.rule,
        mod=cast(DateMod, v.mod) if v.mod and value else None,
        within=within if within != value else None,
    )


__all__ = ["compile_rules", "extract_dates", "find_candidates"]
