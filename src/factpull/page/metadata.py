"""Title, byline and publication date, found near the top of the page. Pure.

The article starts at the first substantial kept line. The lines above it (the page head)
hold the headline, the byline and the dateline; the first article lines may hold a
dateline too. Rules are data: ``patterns/metadata.toml`` (date formats, byline forms,
lines that are never headlines) and ``patterns/boilerplate.toml`` (line rules: a line
another rule calls boilerplate is not a headline).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import regex

from ..rules.cache import compile_regex
from ..rules.load import Rule, Rules, per_rules
from ..types import Metadata, Span
from .clean import CleanResult, Line, page_lines


@dataclass(frozen=True, slots=True)
class MetadataResult:
    metadata: Metadata
    # Input spans of the title and byline lines: the extractors read them (a byline names a
    # person, a dateline holds a date) even though they are not part of the article text.
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class _Config:
    """The metadata rules as the stage reads them, built once per Rules object."""

    settings: Mapping[str, Any]
    sentence_end: str
    name_stop: regex.Pattern[str]  # where a byline's name list ends
    name_line: regex.Pattern[str] | None  # a line that is only a name
    job_words: frozenset[str]
    job_nouns: frozenset[str]
    months: Mapping[str, int]


@per_rules
def _config(rules: Rules) -> _Config:
    settings = rules.setting("metadata.settings")
    name_line = settings.get("name_line")
    return _Config(
        settings=settings,
        sentence_end=rules.setting("boilerplate.lexicon")["sentence_end"],
        name_stop=compile_regex(settings["name_separators"]),
        name_line=compile_regex(name_line) if name_line else None,
        job_words=frozenset(w.lower() for w in settings["job_titles"]),
        job_nouns=frozenset(w.lower() for w in settings.get("job_title_nouns", ())),
        months=rules.setting("metadata.months")["names"],
    )


def compile_rules(rules: Rules) -> None:
    """Build the stage's regexes and word lists now (a batch does it once before forking)."""
    _config(rules)


def find_metadata(text: str, cleaned: CleanResult, rules: Rules) -> MetadataResult:
    """Look at the first lines of the page for the title, the byline and the date."""
    cfg = _config(rules)
    settings = cfg.settings
    lines = page_lines(text, rules)
    if not lines:
        return MetadataResult(Metadata())
    start = _article_start(lines, cleaned, int(settings["article_min_tokens"]), cfg.sentence_end)
    head = list(range(max(0, start - int(settings["head_lines"])), start))
    body = [i for i in range(start, min(len(lines), start + int(settings["body_lines"])))]

    byline, byline_at = _byline(lines, head + body, rules, cfg)
    published, date_at = _published(lines, head + body, rules, cfg)
    meta_lines = {i for i in (byline_at, date_at) if i is not None}
    title, title_at = _title(lines, head, meta_lines, rules, cfg)
    spans = tuple(
        Span(lines[i].start, lines[i].end) for i in sorted({*meta_lines, *([title_at] if title_at is not None else [])})
    )
    return MetadataResult(Metadata(title=title, byline=byline, published=published), spans)


def _article_start(lines: Sequence[Line], cleaned: CleanResult, min_tokens: int, sentence_end: str) -> int:
    """Index of the first kept sentence with enough words (else the first kept line with
    enough words, else the first kept line, else 0)."""
    kept_starts = {span.start for span in cleaned.kept}
    first_kept = first_long = None
    for i, line in enumerate(lines):
        if line.start in kept_starts:
            if first_kept is None:
                first_kept = i
            if len(line.tokens) >= min_tokens:
                if line.text[-1:] and line.text[-1] in sentence_end:
                    return i  # a sentence: the article has begun
                if first_long is None:
                    first_long = i
    for candidate in (first_long, first_kept):
        if candidate is not None:
            return candidate
    return 0


def _byline(lines: Sequence[Line], where: Sequence[int], rules: Rules, cfg: _Config) -> tuple[str | None, int | None]:
    settings = cfg.settings
    stop, name_re = cfg.name_stop, cfg.name_line
    max_tokens = int(settings["name_max_tokens"])
    jobs, nouns = cfg.job_words, cfg.job_nouns
    for i in where:
        line = lines[i]
        if len(line.tokens) > settings["byline_line_max_tokens"]:
            continue
        for rule in rules.section("metadata.byline"):
            m = rule.search(line.text)
            if m is None:
                continue
            name = m.group("name")
            cut = stop.search(name)
            if cut is not None:
                name = name[: cut.start()]
            name = name.strip(" .,:;-–—|")
            words = _unglue(name.split(), jobs)
            while words and words[-1].lower() in ("and", "&"):
                words.pop()
            if words and len(words) <= max_tokens:
                return " ".join(words), i
        # No "By": a name alone on its line, a job title alone on the next.
        if (
            name_re is not None
            and i + 1 < len(lines)
            and _is_job_title(lines[i + 1], jobs | nouns, nouns)
            and name_re.search(line.text)
            and not _is_job_title(line, jobs | nouns, nouns)
        ):
            return line.text, i
    return None, None


def _is_job_title(line: Line, words: frozenset[str], nouns: frozenset[str]) -> bool:
    """A line that is only a job title ("Staff Writer", "Senior Transport Correspondent"): a
    job noun last, before it job words or capitalised words (a beat), at most 5 words."""
    toks = line.tokens
    if not toks or len(toks) > 5 or toks[-1] not in nouns:
        return False
    return all(t in words or w[:1].isupper() for t, w in zip(toks, line.text.split(), strict=False))


def _unglue(words: list[str], jobs: frozenset[str]) -> list[str]:
    """Cut a job title glued to the last name ("JamesStaff Writer" -> "James")."""
    for k, word in enumerate(words):
        for j in range(1, len(word)):
            if word[j - 1].islower() and word[j].isupper():
                rest = word[j:]
                if rest.lower() in jobs:
                    return [*words[:k], word[:j]]
    return words


def _published(
    lines: Sequence[Line], where: Sequence[int], rules: Rules, cfg: _Config
) -> tuple[str | None, int | None]:
    months, max_tokens = cfg.months, int(cfg.settings["dateline_max_tokens"])
    cues = rules.section("metadata.published_cue")
    found: list[tuple[int, str]] = []
    for i in where:
        text = lines[i].text
        if len(lines[i].tokens) > max_tokens:
            continue
        value = _date_in(text, rules.section("metadata.date"), months)
        if value is None:
            continue
        if any(c.search(text) for c in cues):
            return value, i
        found.append((i, value))
    if found:
        i, value = found[0]
        return value, i
    return None, None


def _date_in(text: str, date_rules: Sequence[Rule], months: Mapping[str, int]) -> str | None:
    for rule in date_rules:
        for m in rule.finditer(text):
            raw_month = m.group("month")
            month = int(raw_month) if raw_month.isdigit() else months.get(raw_month[:3].lower())
            if month is None:
                continue
            try:
                return dt.date(int(m.group("year")), month, int(m.group("day"))).isoformat()
            except ValueError:
                continue
    return None


def _title(
    lines: Sequence[Line], head: Sequence[int], meta_lines: set[int], rules: Rules, cfg: _Config
) -> tuple[str | None, int | None]:
    """The headline: the nearest plausible line above the byline/dateline, else above the article."""
    settings, months = cfg.settings, cfg.months
    lo, hi = int(settings["title_min_tokens"]), int(settings["title_max_tokens"])
    not_title = rules.section("metadata.not_title")
    # Search upwards from the byline/dateline when it is in the head, else from the article.
    anchor = min((i for i in meta_lines if i in set(head)), default=None)
    order = [i for i in reversed(head) if anchor is None or i < anchor]
    if anchor is not None:
        order += [i for i in reversed(head) if i > anchor and i not in meta_lines]
    for i in order:
        if i in meta_lines:
            continue
        line = lines[i]
        n = len(line.tokens)
        if not lo <= n <= hi or line.bullet or line.numbered:
            continue
        if line.rule_ids:
            continue
        text = line.text
        if text.endswith((".", ":", ";", ",")) and not text.endswith("..."):
            continue
        if any(r.search(text) for r in not_title):
            continue
        if n <= settings["title_date_max_tokens"] and _date_in(text, rules.section("metadata.date"), months):
            continue  # a dateline
        return text, i
    return None, None
