"""Title, byline and publication date from the page furniture around the article. Pure.

The article starts at the first substantial kept line. The lines around that start (a
window of ``head_lines`` above and ``body_lines`` below, kept or removed by the cleaner:
a dateline the cleaner drops still dates the page) hold the headline, the byline and the
dateline. Each is chosen by a small score rather than "the first match":

* byline: a "By ..." line (the name may be on the next line), an author label, or a line
  that is only a name above a job-title line; the nearest to the article start wins; failing
  those, a name and a job title on one line ("Ana P. Silva Senior Contributor"), then the
  byline of the dateline's block wherever it is ("Published <date>" / "By" / name, or a
  name alone right above the dateline), never with words the page writes in lower case. The
  name list stops at a separator, a job title or a news agency ("Jane Roe Associated Press").
* published: every date in the window is a candidate, scored by its cue ("Published",
  "Posted" over "Updated"), by how much of its line is the date (a dateline, not a sentence),
  by its nearness to the byline and the article start; dates in captions, embedded posts and
  related-story lists do not count. Times glued to the year ("Mar 3 20216:15 PM") and
  two-digit years ("11/18/19") are read.
* title: headline-like lines (not a sentence, a byline, a date, a URL, a breadcrumb, a
  caption or a promo label) scored by the share of their words that the article uses (a
  promo headline for another story shares few), their nearness to the byline/dateline or the
  article start, and whether a standfirst follows them.

Each comes with its provenance: the input span of the line it was read from. Rules are data:
``patterns/metadata.toml`` (date formats, cues, byline forms, lines that are never headlines,
weights of the scores) and ``patterns/boilerplate.toml`` (line rules, stopwords).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import regex

from ..rules.cache import compile_regex
from ..rules.load import Rule, Rules, per_rules
from ..types import Metadata, Provenance, Span
from .clean import CleanResult, Line, page_lines


@dataclass(frozen=True, slots=True)
class MetadataResult:
    metadata: Metadata
    # Input spans of the title, byline and dateline lines: the extractors read them (a byline
    # names a person, a dateline holds a date) even though they are not part of the article text.
    spans: tuple[Span, ...] = ()
    provenance: Provenance = field(default_factory=Provenance)


@dataclass(frozen=True, slots=True)
class _Config:
    """The metadata rules as the stage reads them, built once per Rules object."""

    settings: Mapping[str, Any]
    score: Mapping[str, float]  # weights of the published and title scores
    sentence_end: str
    stopwords: frozenset[str]
    cta_words: frozenset[str]  # first words of calls to action ("Download", "Join")
    name_stop: regex.Pattern[str]  # where a byline's name list ends
    name_cut: regex.Pattern[str] | None  # a job title or agency after the names
    name_line: regex.Pattern[str] | None  # a line that is only a name
    by_alone: regex.Pattern[str] | None  # "By" alone on its line: the name is on the next
    handle: regex.Pattern[str]  # "@name" handles on a job-title line
    job_words: frozenset[str]
    job_nouns: frozenset[str]
    months: Mapping[str, int]
    dates: tuple[Rule, ...]
    published_cues: tuple[Rule, ...]
    updated_cues: tuple[Rule, ...]
    not_dateline: tuple[Rule, ...]
    not_title: tuple[Rule, ...]
    bylines: tuple[Rule, ...]
    date_filler: regex.Pattern[str]  # weekdays, times, zones, labels: what a dateline holds


@per_rules
def _config(rules: Rules) -> _Config:
    settings = rules.setting("metadata.settings")
    optional = {key: settings.get(key) for key in ("name_line", "by_alone", "name_cut")}
    compiled = {key: compile_regex(value) if value else None for key, value in optional.items()}
    return _Config(
        settings=settings,
        score={k: float(v) for k, v in rules.setting("metadata.score").items()},
        sentence_end=rules.setting("boilerplate.lexicon")["sentence_end"],
        stopwords=frozenset(w.lower() for w in rules.setting("boilerplate.lexicon")["stopwords"]),
        cta_words=frozenset(w.lower() for w in rules.setting("boilerplate.lexicon").get("cta_words", ())),
        name_stop=compile_regex(settings["name_separators"]),
        name_cut=compiled["name_cut"],
        name_line=compiled["name_line"],
        by_alone=compiled["by_alone"],
        handle=compile_regex(r"@\w+"),
        job_words=frozenset(w.lower() for w in settings["job_titles"]),
        job_nouns=frozenset(w.lower() for w in settings.get("job_title_nouns", ())),
        months=rules.setting("metadata.months")["names"],
        dates=tuple(rules.section("metadata.date")),
        published_cues=tuple(rules.section("metadata.published_cue")),
        updated_cues=tuple(rules.section("metadata.updated_cue")),
        not_dateline=tuple(rules.section("metadata.not_dateline")),
        not_title=tuple(rules.section("metadata.not_title")),
        bylines=tuple(rules.section("metadata.byline")),
        date_filler=compile_regex(settings["date_filler"]),
    )


def compile_rules(rules: Rules) -> None:
    """Build the stage's regexes and word lists now (a batch does it once before forking)."""
    _config(rules)


@dataclass(frozen=True, slots=True)
class _Found:
    """A value read from line ``at``."""

    value: str
    at: int


@dataclass(slots=True)
class _Page:
    lines: Sequence[Line]
    start: int  # index of the first article line
    window: range  # the lines searched
    removed: Mapping[int, str]  # line start offset -> the cleaner's reason
    cfg: _Config
    lower_words: frozenset[str] | None = None  # words the window writes in lower case


def find_metadata(text: str, cleaned: CleanResult, rules: Rules) -> MetadataResult:
    """Look around the start of the article for the title, the byline and the date."""
    cfg = _config(rules)
    settings = cfg.settings
    lines = page_lines(text, rules)
    if not lines:
        return MetadataResult(Metadata())
    start = _article_start(lines, cleaned, int(settings["article_min_tokens"]), cfg.sentence_end)
    window = range(max(0, start - int(settings["head_lines"])), min(len(lines), start + int(settings["body_lines"])))
    page = _Page(lines, start, window, {r.start: r.reason for r in cleaned.removed}, cfg)
    byline = _byline(page)
    published = _published(page, byline)
    title = _title(page, [f.at for f in (byline, published) if f is not None])
    if byline is None and published is not None:
        byline = _byline_by_dateline(page, published.at)
        if byline is not None and (title is None or title.at == byline.at):
            # With no headline elsewhere, a short headline above the dateline ("Westport
            # Votes" / "April 6, 2021") may look like a name: no byline then.
            byline = None
    found = {"title": title, "byline": byline, "published": published}
    spans = tuple(Span(lines[i].start, lines[i].end) for i in sorted({f.at for f in found.values() if f is not None}))
    span = {k: None if f is None else Span(lines[f.at].start, lines[f.at].end) for k, f in found.items()}
    provenance = Provenance(title=span["title"], byline=span["byline"], published=span["published"])
    metadata = Metadata(*(None if f is None else f.value for f in (title, byline, published)))
    return MetadataResult(metadata, spans, provenance)


def page_dates(text: str, rules: Rules) -> set[str]:
    """Every calendar date written on a short line of ``text`` (the dates a page shows as
    datelines, "Posted ..." lines, timestamps), as ISO strings."""
    cfg = _config(rules)
    max_tokens = int(cfg.settings["dateline_max_tokens"])
    found: set[str] = set()
    for line in page_lines(text, rules):
        if len(line.tokens) <= max_tokens and any(c.isdigit() for c in line.text):
            found.update(h.value for h in _dates_in(line.text, cfg))
    return found


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


def _by_nearness(page: _Page) -> list[int]:
    """The window's lines, nearest to the article start first (above before below)."""
    return sorted(page.window, key=lambda i: (page.start - i) if i < page.start else (i - page.start) + 1.5)


# --------------------------------------------------------------------------------------
# Byline


def _byline(page: _Page) -> _Found | None:
    cfg, lines = page.cfg, page.lines
    for i in _by_nearness(page):
        line = lines[i]
        if len(line.tokens) > cfg.settings["byline_line_max_tokens"]:
            continue
        for rule in cfg.bylines:
            m = rule.search(line.text)
            if m is not None and (name := _names(m.group("name"), cfg)) is not None:
                return _Found(name, i)
        if cfg.by_alone is not None and cfg.by_alone.search(line.text) and i + 1 < len(lines):
            # "By" alone, the name on the next line.
            nxt = lines[i + 1].text
            if len(lines[i + 1].tokens) <= cfg.settings["byline_line_max_tokens"] and nxt[:1].isupper():
                name = _names(nxt, cfg)
                if name is not None:
                    return _Found(name, i + 1)
        if _name_above_job_title(lines, i, cfg):
            return _Found(line.text, i)
    # The weakest form last: a name and a job title on one line, with no "By".
    for i in _by_nearness(page):
        if (name := _name_before_job_title(page, i)) is not None:
            return _Found(name, i)
    return None


def _byline_by_dateline(page: _Page, at: int) -> _Found | None:
    """A byline in the dateline's block, also below the article (fact checks, blogs): a
    byline form within ``near_byline_lines`` of the dateline (line ``at``: "Published
    <date>" / "By" / the name), or a line of ``name_min_words`` to ``name_alone_max_words``
    words that is only a name right above it, none of them a word the page writes in lower
    case or a function word ("Omar Haddad" / "Published <date>"; not "No Comments")."""
    cfg, lines = page.cfg, page.lines
    near = int(cfg.settings["near_byline_lines"])
    block = range(max(0, at - near), min(len(lines), at + near + 1))
    found = _byline(_Page(lines, at, block, page.removed, cfg))
    if found is not None or cfg.name_line is None:
        return found
    common = _lower_words(page) | cfg.job_words | cfg.job_nouns | cfg.stopwords | cfg.cta_words
    words = lines[at - 1].text.split() if at > 0 else []
    if (
        int(cfg.settings["name_min_words"]) <= len(words) <= int(cfg.settings["name_alone_max_words"])
        and cfg.name_line.search(lines[at - 1].text) is not None
        and not any(w.lower() in common for w in words if len(w.rstrip(".")) > 1)
    ):
        return _Found(lines[at - 1].text, at - 1)
    return None


def _names(raw: str, cfg: _Config) -> str | None:
    """The name list of a byline: up to a separator, a job title or an agency name."""
    cut = cfg.name_stop.search(raw)
    if cut is not None:
        raw = raw[: cut.start()]
    if cfg.name_cut is not None and (cut := cfg.name_cut.search(raw)) is not None:
        raw = raw[: cut.start()]
    name = raw.strip(" .,:;-–—|")
    words = _unglue(name.split(), cfg.job_words)
    while words and words[-1].lower() in ("and", "&"):
        words.pop()
    if words and len(words) <= int(cfg.settings["name_max_tokens"]):
        return " ".join(words)
    return None


def _name_above_job_title(lines: Sequence[Line], i: int, cfg: _Config) -> bool:
    """No "By": a name alone on its line, a job title (perhaps with a @handle) on the next."""
    if cfg.name_line is None or i + 1 >= len(lines):
        return False
    words = cfg.job_words | cfg.job_nouns
    below = cfg.handle.sub("", lines[i + 1].text).strip()
    return (
        _is_job_title(below, words, cfg.job_nouns)
        and cfg.name_line.search(lines[i].text) is not None
        and not _is_job_title(lines[i].text, words, cfg.job_nouns)
    )


def _name_before_job_title(page: _Page, i: int) -> str | None:
    """No "By": a name and a job title on one line ("Ana P. Silva Senior Contributor"). The
    name's words are none of the page's lower-case words: a headline ending in a job noun
    ("Harbour Board Appoints Editor") is made of them."""
    cfg, line = page.cfg, page.lines[i]
    if cfg.name_line is None or cfg.name_cut is None or (cut := cfg.name_cut.search(line.text)) is None:
        return None
    name, jobs = line.text[: cut.start()].strip(), cfg.job_words | cfg.job_nouns
    if not _is_job_title(cut.group().strip(), jobs, cfg.job_nouns) or cfg.name_line.search(name) is None:
        return None  # an agency after the name, or no name before the job title
    common = _lower_words(page) | jobs  # also "Senior Transport" of a job title alone
    if any(w.lower() in common for w in name.split() if len(w.rstrip(".")) > 1):
        return None
    return name


_LOWER_WORD = regex.compile(r"(?<![\p{L}\p{N}'’-])\p{Ll}+(?![\p{L}\p{N}'’-])")


def _lower_words(page: _Page) -> frozenset[str]:
    """Words the page writes in lower case (common words, not names; built once per page)."""
    if page.lower_words is None:
        page.lower_words = frozenset(w for line in page.lines for w in _LOWER_WORD.findall(line.text))
    return page.lower_words


def _is_job_title(text: str, words: frozenset[str], nouns: frozenset[str]) -> bool:
    """A line that is only a job title ("Staff Writer", "Senior Transport Correspondent"): a
    job noun last, before it job words or capitalised words (a beat), at most 5 words."""
    raw = text.split()
    toks = [w.lower().strip(".,:;") for w in raw]
    if not toks or len(toks) > 5 or toks[-1] not in nouns:
        return False
    return all(t in words or w[:1].isupper() for t, w in zip(toks, raw, strict=True))


def _unglue(words: list[str], jobs: frozenset[str]) -> list[str]:
    """Cut a job title glued to the last name ("JamesStaff Writer" -> "James")."""
    for k, word in enumerate(words):
        for j in range(1, len(word)):
            if word[j - 1].islower() and word[j].isupper():
                rest = word[j:]
                if rest.lower() in jobs:
                    return [*words[:k], word[:j]]
    return words


# --------------------------------------------------------------------------------------
# Publication date


@dataclass(frozen=True, slots=True)
class _DateHit:
    value: str  # ISO date
    start: int  # where the date is in the line
    end: int


def _published(page: _Page, byline: _Found | None) -> _Found | None:
    """The best-scoring date of the window (see the module docstring); failing that, the
    first "Published"/"Posted" line elsewhere on the page (some put it below the article)."""
    cfg, lines, w = page.cfg, page.lines, page.cfg.score
    best: tuple[float, int, str] | None = None
    for i in page.window:
        found = _dateline(page, i)
        if found is None:
            continue
        hit, cue, share = found
        score = w.get(f"cue_{cue}", 0.0) + w["date_share"] * share
        if byline is not None and abs(i - byline.at) <= int(cfg.settings["near_byline_lines"]):
            score += w["near_byline"]
        text = lines[i].text
        if text[-1:] in cfg.sentence_end and len(lines[i].tokens) >= int(cfg.settings["sentence_min_tokens"]):
            score += w["sentence"]
        score -= w["distance"] * abs(i - page.start)
        if best is None or score > best[0]:
            best = (score, i, hit.value)
    if best is not None:
        return _Found(best[2], best[1])
    for i in range(len(lines)):
        if i not in page.window and (found := _dateline(page, i)) is not None and found[1] == "published":
            return _Found(found[0].value, i)
    return None


def _dateline(page: _Page, i: int) -> tuple[_DateHit, str, float] | None:
    """The date line ``i`` gives for the page, its cue and the share of the line it fills;
    None for a line with no date, a long line, a caption, an embedded post or a related link."""
    cfg, line = page.cfg, page.lines[i]
    if len(line.tokens) > cfg.settings["dateline_max_tokens"] or not any(c.isdigit() for c in line.text):
        return None
    hits = _dates_in(line.text, cfg)
    if not hits or page.removed.get(line.start) == "signal.related_list":
        return None
    if any(r.search(line.text) for r in cfg.not_dateline):
        return None
    hit, cue = _pick_date(line.text, hits, cfg)
    return hit, cue, _date_share(line.text, hits, cfg)


def _pick_date(text: str, hits: Sequence[_DateHit], cfg: _Config) -> tuple[_DateHit, str]:
    """The date a line gives for the page, and its cue: the first date after a "Published"
    cue, else after an "Updated" cue, else the line's first date."""
    for kind, cues in (("published", cfg.published_cues), ("updated", cfg.updated_cues)):
        for cue in cues:
            m = cue.search(text)
            if m is None:
                continue
            after = [h for h in hits if h.start >= m.start()]
            return (after[0] if after else hits[0]), kind
    return hits[0], "none"


def _date_share(text: str, hits: Sequence[_DateHit], cfg: _Config) -> float:
    """How much of the line is dates, times, weekdays and labels (1.0: a pure dateline)."""
    rest = text
    for h in sorted(hits, key=lambda h: -h.start):
        rest = rest[: h.start] + " " + rest[h.end :]
    rest = cfg.date_filler.sub(" ", rest)
    left = len(regex.findall(r"\w+", rest))
    total = len(regex.findall(r"\w+", text)) or 1
    return max(0.0, 1.0 - left / total)


def _dates_in(text: str, cfg: _Config) -> list[_DateHit]:
    """Every valid calendar date in ``text``, in order (overlapping readings: the first rule's)."""
    hits: list[_DateHit] = []
    for rule in cfg.dates:
        for m in rule.finditer(text):
            if any(h.start < m.end() and m.start() < h.end for h in hits):
                continue
            value = _date_value(m, cfg)
            if value is not None:
                hits.append(_DateHit(value, m.start(), m.end()))
    return sorted(hits, key=lambda h: h.start)


def _date_value(m: regex.Match[str], cfg: _Config) -> str | None:
    raw_month, raw_year, day = m.group("month"), m.group("year"), int(m.group("day"))
    month = int(raw_month) if raw_month.isdigit() else cfg.months.get(raw_month[:3].lower())
    if month is None:
        return None
    year = int(raw_year)
    if len(raw_year) == 2:
        pivot = int(cfg.settings["two_digit_year_pivot"])
        year += 2000 if year <= pivot else 1900
    for y, mo, d in ((year, month, day), (year, day, month)):  # day and month swapped: 18/11/19
        try:
            return dt.date(y, mo, d).isoformat()
        except ValueError:
            if not raw_month.isdigit():
                return None
    return None


# --------------------------------------------------------------------------------------
# Title


def _title(page: _Page, anchors: Sequence[int]) -> _Found | None:
    """The headline: the best headline-like line by topic, nearness and position."""
    cfg, lines, w = page.cfg, page.lines, page.cfg.score
    meta = set(anchors)
    # The byline/dateline anchors the search (the headline sits just above it), unless it
    # is well inside the article; else the article start does.
    anchor = min(anchors, default=page.start)
    if anchor > page.start + int(cfg.settings["anchor_below_start_lines"]):
        anchor = page.start
    hi = max(anchor, page.start) + int(cfg.settings["title_below_lines"])
    candidates = [i for i in page.window if i <= hi and i not in meta and _headline_like(lines[i], page)]
    vocab = _Vocabulary(page)
    best: tuple[float, int] | None = None
    for i in candidates:
        d = anchor - i
        near = w["title_above"] - w["title_distance"] * (d - 1) if d > 0 else w["title_below"] + w["title_distance"] * d
        score = max(0.0, near) + w["title_topic"] * vocab.overlap(i)
        if _menu_like(lines[i], cfg):
            score -= w["title_menu"]
        # Headlines are short; a long line near the top is more likely the standfirst.
        score -= w["title_long"] * max(0, len(lines[i].tokens) - int(cfg.settings["title_long_tokens"]))
        if i + 1 in candidates or i + 1 == page.start:
            score += w["title_above_standfirst"]
        if best is None or score > best[0]:
            best = (score, i)
    return None if best is None else _Found(lines[best[1]].text, best[1])


def _headline_like(line: Line, page: _Page) -> bool:
    cfg = page.cfg
    settings = cfg.settings
    n = len(line.tokens)
    if not int(settings["title_min_tokens"]) <= n <= int(settings["title_max_tokens"]):
        return False
    if line.bullet or line.numbered or line.rule_ids:
        return False
    text = line.text
    if text.endswith((".", ":", ";", ",")) and not text.endswith("..."):
        return False
    if any(r.search(text) for r in cfg.not_title):
        return False
    if any(r.search(text) for r in cfg.bylines):
        return False
    return not (n <= settings["title_date_max_tokens"] and _dates_in(text, cfg))  # a dateline


def _menu_like(line: Line, cfg: _Config) -> bool:
    """A run of capitalised words without a function word ("News Sport Weather Travel"):
    a menu, or a Title Case headline without one; the article's words tell them apart."""
    if len(line.tokens) < int(cfg.settings["title_function_word_min_tokens"]):
        return False
    if any(t in cfg.stopwords for t in line.tokens):
        return False
    return not any(w[:1].islower() for w in line.text.split())


class _Vocabulary:
    """Content words of the article's first lines (from its start on, kept or not), with the
    number of lines each occurs in."""

    def __init__(self, page: _Page) -> None:
        self.page = page
        self.lo = page.start
        self.hi = page.start + int(page.cfg.settings["title_topic_lines"])
        self.lines: dict[str, int] = {}
        for line in page.lines[self.lo : self.hi]:
            for t in self.words(line):
                self.lines[t] = self.lines.get(t, 0) + 1

    def words(self, line: Line) -> set[str]:
        """Content words, cut to a stem of a few letters ("following" and "followed" meet)."""
        stop, stem = self.page.cfg.stopwords, int(self.page.cfg.settings["title_stem_chars"])
        return {t[:stem] for t in line.tokens if len(t) > 2 and t not in stop and not t.isdigit()}

    def overlap(self, i: int) -> float:
        """Share of line ``i``'s content words found in another line of the article, smoothed
        so that a line of two words does not score like a headline of ten."""
        words = self.words(self.page.lines[i])
        own = 1 if self.lo <= i < self.hi else 0
        shared = sum(1 for t in words if self.lines.get(t, 0) > own)
        return shared / (len(words) + float(self.page.cfg.settings["title_topic_smoothing"]))
