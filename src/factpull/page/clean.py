"""Boilerplate stripping: which lines of a page are the article. Pure: no spaCy, no I/O.

Every non-blank line gets a score from two logistic models whose weights are data
(``patterns/boilerplate_weights.toml``, trained by ``benchmarks/train_clean.py``):

* stage 1 reads the line's own features (length, function-word share, sentence end, list
  bullet, capitals, digits, position, table-row gaps, voice: "we"/"you"/"I" shares and a
  call-to-action first word, rule hits of ``patterns/boilerplate.toml``), its block and its
  neighbourhood (article text comes in runs of long lines, menus in runs of short ones), and
  its place in the page: inside the main region (the densest run of prose) or not, how far
  into that region's prose, and how much of its vocabulary the region's prose shares
  (pitches, bios and teasers about other things share little);
* stage 2 adds the stage-1 scores of the neighbouring lines, so a heading between two
  article paragraphs stays and a long line inside a footer goes.

Then (``decide``): strong rules drop their lines whatever the score; the lines under a
list header ("MUST READ", "Related stories") that are not sentences go (also over teaser
cards: headline, date, summary); repeated and near-repeated paragraphs (and captions
repeating one) keep one copy, the first unless a later one scores clearly higher; a dated
list that continues the article (a tour's dates, a timeline: ``[[dated_entry]]`` lines whose
dates run forward) stays, one in no date order goes (``signal.dated_links``); a headline of
another story in capitals between two paragraphs goes (``signal.promo_headline``), and so does
the standfirst between the headline and the byline or dateline (``signal.standfirst``); a page
never comes out empty (the best-scoring lines stay); and a short input (a few lines, or one
paragraph) is kept whole unless a strong rule fires. Every dropped line is reported with
the rule id or the signal that best explains the drop (``signal.short_run``,
``signal.duplicate``, ``signal.outside_article``, ...).

Features are computed column-wise with numpy (installed with spaCy); the thresholds and word
lists they use are in ``patterns/boilerplate.toml``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import regex

from ..errors import PatternTimeoutError
from ..rules.cache import compile_regex
from ..rules.load import USER_REGEX_TIMEOUT, Rules, per_rules
from ..types import Removed, Span


@dataclass(frozen=True, slots=True)
class CleanResult:
    kept: tuple[Span, ...]  # spans of the input, in order, that form the article
    removed: tuple[Removed, ...]  # every dropped line with the rule id or signal that dropped it


@dataclass(slots=True)
class Line:
    """One non-blank line of the page: its stripped span and what the features need."""

    start: int
    end: int
    text: str  # stripped, without the list bullet
    block: int  # index of the blank-line separated block
    tokens: list[str]
    bullet: bool
    numbered: bool
    indent: int
    rule_ids: tuple[str, ...] = ()
    strong: str | None = None  # id of a strong rule that fired


# --------------------------------------------------------------------------------------
# Configuration derived from the rules (built once per Rules object)


@dataclass(frozen=True, slots=True)
class _LineRule:
    id: str
    pattern: regex.Pattern[str]
    max_tokens: int | None
    strong: bool
    timeout: float | None  # user rules only
    requires: regex.Pattern[str] | None  # the lower-cased line must contain one of the rule's `requires`


@dataclass(frozen=True, slots=True)
class _Config:
    token: regex.Pattern[str]
    bullets: frozenset[str]
    sentence_end: frozenset[str]
    separators: frozenset[str]
    stopwords: frozenset[str]
    persons: tuple[tuple[str, frozenset[str]], ...]  # feature name -> pronouns (we/you/I voice)
    cta_words: frozenset[str]  # first words of calls to action ("Join", "Discover")
    line_rules: tuple[_LineRule, ...]
    list_headers: frozenset[str]  # ids of rules that head a list of links
    bullet_list_headers: frozenset[str]  # ids of rules after which a bulleted list is links
    comment_rules: frozenset[str]  # ids of rules that label a comment section
    legal_rules: frozenset[str]  # ids of rules for footer lines (copyright, legal links)
    comment_meta_rules: frozenset[str]  # ids of comment cues (labels, "2 hours ago")
    bio_rules: frozenset[str]  # ids of rules for author bios
    head_rules: frozenset[str]  # ids of rules for the article's byline and dateline
    dated_entries: tuple[tuple[str, regex.Pattern[str]], ...]  # shapes of a dated list's lines
    months: Mapping[str, int]  # month names and abbreviations (dates.vocab) -> 1..12
    own_weights: Mapping[str, float]  # "rule:<id>" -> the rule's own weight, if it has one
    thresholds: Mapping[str, Any]
    classifier: Mapping[str, Any]  # threshold and the weights of each stage
    stage1: Mapping[str, float]
    stage2: Mapping[str, float]
    stage3: Mapping[str, float]
    # Rule hits by line text: menus and footers repeat within and across pages.
    hit_cache: dict[str, tuple[tuple[str, ...], str | None]]


# Lines whose rule hits are remembered (memory bounds, not rules): short lines only, since
# those are what repeats (menus, footers), and few enough that a long batch stays flat.
_HIT_CACHE_SIZE = 20_000
_HIT_CACHE_LINE_CHARS = 160


def compile_rules(rules: Rules) -> None:
    """Build the cleaner's rules and weights now (a batch does it once before forking)."""
    _config(rules)


@per_rules
def _config(rules: Rules) -> _Config:
    """The cleaner's view of ``rules``, built once per Rules object."""
    lex = rules.setting("boilerplate.lexicon")
    line_rules = tuple(
        _LineRule(
            r.id,
            r.regex,
            r.get("max_tokens"),
            bool(r.get("strong", False)),
            USER_REGEX_TIMEOUT if r.user else None,
            compile_regex("|".join(regex.escape(w.lower()) for w in r["requires"])) if r.get("requires") else None,
        )
        for r in rules.section("boilerplate.line")
    )
    classifier: Mapping[str, Any] = rules.settings.get("boilerplate_weights.classifier", {})
    names1 = list(classifier.get("stage1_features", []))
    names2 = list(classifier.get("stage2_features", []))
    return _Config(
        token=compile_regex(lex["token"]),
        bullets=frozenset(lex["bullets"]),
        sentence_end=frozenset(lex["sentence_end"]),
        separators=frozenset(lex["separators"]),
        stopwords=frozenset(w.lower() for w in lex["stopwords"]),
        persons=tuple(
            (name, frozenset(w.lower() for w in lex.get(key, ())))
            for name, key in (("we_ratio", "we_words"), ("you_ratio", "you_words"), ("i_ratio", "i_words"))
        ),
        cta_words=frozenset(w.lower() for w in lex.get("cta_words", ())),
        line_rules=line_rules,
        list_headers=frozenset(r.id for r in rules.section("boilerplate.line") if r.get("list_header")),
        bullet_list_headers=frozenset(r.id for r in rules.section("boilerplate.line") if r.get("bullet_list_header")),
        comment_rules=frozenset(r.id for r in rules.section("boilerplate.line") if r.get("group") == "comments"),
        legal_rules=frozenset(r.id for r in rules.section("boilerplate.line") if r.get("group") == "footer"),
        comment_meta_rules=frozenset(
            r.id for r in rules.section("boilerplate.line") if r.get("group") in ("comments", "comment_meta")
        ),
        bio_rules=frozenset(r.id for r in rules.section("boilerplate.line") if r.get("group") == "bio"),
        head_rules=frozenset(r.id for r in rules.section("boilerplate.line") if r.get("group") == "article_head"),
        dated_entries=tuple((r.id, r.regex) for r in rules.section("boilerplate.dated_entry")),
        months=_month_numbers(rules),
        own_weights={
            "rule:" + r.id: float(r["weight"]) for r in rules.section("boilerplate.line") if r.get("weight") is not None
        },
        thresholds=rules.setting("boilerplate.thresholds"),
        classifier=classifier,
        stage1=dict(zip(names1, (float(w) for w in classifier.get("stage1_weights", [])), strict=False)),
        stage2=dict(zip(names2, (float(w) for w in classifier.get("stage2_weights", [])), strict=False)),
        hit_cache={},
        stage3=dict(zip(names2, (float(w) for w in classifier.get("stage3_weights", [])), strict=False)),
    )


def _month_numbers(rules: Rules) -> dict[str, int]:
    vocab = rules.settings.get("dates.vocab", {})
    return {str(k).lower(): int(v) for table in ("months", "ambiguous_months") for k, v in vocab.get(table, {}).items()}


# --------------------------------------------------------------------------------------
# Lines


def page_lines(text: str, rules: Rules) -> list[Line]:
    """The non-blank lines of ``text`` with their tokens, bullets and rule hits."""
    cfg = _config(rules)
    out: list[Line] = []
    pos, block, blank = 0, 0, False
    findall = cfg.token.findall
    for raw in text.split("\n"):
        start = pos
        pos += len(raw) + 1
        stripped = raw.strip()
        if not stripped:
            blank = True
            continue
        if blank and out:
            block += 1
        blank = False
        lead = len(raw) - len(raw.lstrip())
        s = start + lead
        e = s + len(stripped)
        body = stripped
        bullet = numbered = False
        if body[0] in cfg.bullets and (len(body) == 1 or body[1] == " "):
            bullet = True
            body = body[1:].lstrip()
        else:
            head = body.split(" ", 1)[0]
            if len(head) <= 4 and head[:-1].isdigit() and head[-1] in ".)":
                numbered = True
                body = body[len(head) :].lstrip()
        out.append(Line(s, e, body, block, findall(body.lower()), bullet, numbered, lead))
    _apply_rules(out, cfg)
    return out


def _apply_rules(lines: list[Line], cfg: _Config) -> None:
    cache = cfg.hit_cache
    for line in lines:
        if not line.text:
            continue
        known = cache.get(line.text)
        if known is not None:
            line.rule_ids, line.strong = known
            continue
        hits: list[str] = []
        n = len(line.tokens)
        lower = line.text.lower()
        for rule in cfg.line_rules:
            if rule.max_tokens is not None and n > rule.max_tokens:
                continue
            if rule.requires is not None and rule.requires.search(lower) is None:
                continue
            if rule.timeout is None:  # built-in rule: vetted, and a time budget doubles the cost
                found = rule.pattern.search(line.text)
            else:
                try:
                    found = rule.pattern.search(line.text, timeout=rule.timeout)
                except TimeoutError as exc:
                    raise PatternTimeoutError(f"rule {rule.id} took longer than {rule.timeout:g} s on a line") from exc
            if found:
                hits.append(rule.id)
                if rule.strong and line.strong is None:
                    line.strong = rule.id
        line.rule_ids = tuple(hits)
        if len(line.text) <= _HIT_CACHE_LINE_CHARS:
            if len(cache) >= _HIT_CACHE_SIZE:
                cache.clear()
            cache[line.text] = (line.rule_ids, line.strong)


# --------------------------------------------------------------------------------------
# Features (column-wise: name -> one value per line)

Columns = dict[str, "np.ndarray[Any, np.dtype[np.float64]]"]


def _windows(values: np.ndarray[Any, np.dtype[np.float64]], k: int) -> np.ndarray[Any, np.dtype[np.float64]]:
    """The mean of ``values`` over the k lines either side of each line (not the line itself)."""
    n = len(values)
    pre = np.concatenate(([0.0], np.cumsum(values)))
    idx = np.arange(n)
    lo = np.maximum(0, idx - k)
    hi = np.minimum(n, idx + k + 1)
    count = hi - lo - 1
    total = pre[hi] - pre[lo] - values
    out: np.ndarray[Any, np.dtype[np.float64]] = np.divide(total, count, out=np.zeros(n), where=count > 0)
    return out


@dataclass(slots=True)
class _Stats:
    """Per-line counts and shares, one array each (the raw material of the features)."""

    ntok: np.ndarray[Any, np.dtype[np.float64]]
    nstop: np.ndarray[Any, np.dtype[np.float64]]
    nalpha: np.ndarray[Any, np.dtype[np.float64]]
    text: Columns  # character, capital, line-end, table-gap and call-to-action columns
    person: Columns  # we/you/I voice shares
    block: np.ndarray[Any, np.dtype[np.int64]]


def line_features(lines: Sequence[Line], rules: Rules) -> Columns:
    """Stage-1 features of every line, as columns by name (the model's weights use these names).

    Built group by group, in a fixed order (the weighted sum adds the columns in this order)."""
    cfg = _config(rules)
    n = len(lines)
    th = cfg.thresholds
    s = _line_stats(lines, cfg)
    f = _own_features(lines, s)
    if n == 0:
        return f
    end_punct = s.text["end_punct"]
    stop_ratio = f["stop_ratio"]
    prose = ((s.ntok >= th["prose_min_tokens"]) & (stop_ratio >= th["prose_min_stop_ratio"]) & (end_punct > 0)).astype(
        float
    )
    _context_features(f, prose)
    b_tokens = _block_features(f, s, prose)
    _prose_distance_features(f, prose)
    _region_features(f, lines, s, prose, b_tokens, cfg)
    _teaser_features(f, s.ntok, end_punct, th)
    _comment_features(f, lines, s.ntok, cfg)
    _after_marker_features(f, lines, cfg)
    total = float(s.ntok.sum()) or 1.0
    f["page_prose_share"] = np.full(n, float((s.ntok * prose).sum()) / total)
    f["page_log_tokens"] = np.full(n, math.log1p(total))
    f["page_log_lines"] = np.full(n, math.log1p(n))
    return f


_TEXT_COLUMNS = (
    "cap_ratio",
    "all_caps",
    "digit_ratio",
    "punct_ratio",
    "separators",
    "end_punct",
    "end_colon",
    "end_question",
    "end_exclaim",
    "cta_start",
    "table_row",
)


def _line_stats(lines: Sequence[Line], cfg: _Config) -> _Stats:
    """Token counts, character shares, line ends, table gaps and voice of each line."""
    n = len(lines)
    th = cfg.thresholds
    char_sample = int(th["char_sample"])
    gap = " " * int(th.get("table_gap_min_spaces", 0) or 10**6)
    col = {name: np.zeros(n) for name in _TEXT_COLUMNS}
    person = {name: np.zeros(n) for name, _ in cfg.persons}
    ntok, nstop, nalpha = np.zeros(n), np.zeros(n), np.zeros(n)
    for i, line in enumerate(lines):
        toks, text = line.tokens, line.text
        nt = ntok[i] = len(toks)
        nstop[i] = sum(1 for t in toks if t in cfg.stopwords)
        nalpha[i] = sum(1 for t in toks if t[0].isalpha())
        words = text.split()
        if words:
            col["cap_ratio"][i] = sum(1 for w in words if w[0].isupper()) / len(words)
        _char_shares(col, i, text[:char_sample], cfg.separators)
        last = text[-1:]
        col["end_punct"][i] = last in cfg.sentence_end if last else 0.0
        col["end_colon"][i] = last == ":"
        col["end_question"][i] = last == "?"
        col["end_exclaim"][i] = last == "!"
        if gap in text:  # column gaps: a table row (tables are content)
            col["table_row"][i] = min(3, len([c for c in text.split(gap) if c.strip()]) - 1) / 3
        if nt:
            col["cta_start"][i] = toks[0] in cfg.cta_words
            for name, vocab in cfg.persons:
                person[name][i] = sum(1 for t in toks if t in vocab) / nt
    block = np.fromiter((line.block for line in lines), dtype=np.int64, count=n)
    return _Stats(ntok, nstop, nalpha, col, person, block)


def _char_shares(col: Columns, i: int, head: str, separators: frozenset[str]) -> None:
    """Character shares from the start of the line (enough to tell prose from a menu)."""
    chars = len(head) or 1
    letters = sum(map(str.isalpha, head))
    if letters >= 3 and sum(map(str.isupper, head)) == letters:
        col["all_caps"][i] = 1.0
    digits = sum(map(str.isdigit, head))
    spaces = sum(map(str.isspace, head))
    alnum = sum(map(str.isalnum, head))
    col["digit_ratio"][i] = digits / chars
    col["punct_ratio"][i] = (chars - alnum - spaces) / chars
    col["separators"][i] = min(3, sum(1 for c in head if c in separators)) / 3


def _own_features(lines: Sequence[Line], s: _Stats) -> Columns:
    """What a line says about itself: length, function words, ends, bullets, capitals,
    position, repeats and rule hits."""
    n = len(lines)
    ntok, col = s.ntok, s.text
    safe = np.maximum(ntok, 1)
    pos = np.arange(n) / max(n, 1)
    f: Columns = {
        "bias": np.ones(n),
        "log_tokens": np.log1p(ntok),
        "tok_le1": (ntok <= 1).astype(float),
        "tok_le3": (ntok <= 3).astype(float),
        "tok_ge10": (ntok >= 10).astype(float),
        "tok_ge25": (ntok >= 25).astype(float),
        "stop_ratio": np.where(ntok > 0, s.nstop / safe, 0.0),
        "log_stops": np.log1p(s.nstop),
        **{k: col[k] for k in ("end_punct", "end_colon", "end_question", "end_exclaim", "cta_start", "table_row")},
        **s.person,
        "bullet": np.fromiter((line.bullet for line in lines), dtype=float, count=n),
        "numbered": np.fromiter((line.numbered for line in lines), dtype=float, count=n),
        "indent": np.fromiter((line.indent >= 4 for line in lines), dtype=float, count=n),
        **{k: col[k] for k in ("cap_ratio", "all_caps", "digit_ratio", "punct_ratio")},
        "alpha_ratio": np.where(ntok > 0, s.nalpha / safe, 0.0),
        "separators": col["separators"],
        "pos": pos,
        "pos_sq": pos**2,
    }
    f.update(_repeat_features(lines))
    f.update(_rule_features(lines))
    return f


def _repeat_features(lines: Sequence[Line]) -> Columns:
    """Lines whose words occur again on the page (menus, footers): any copy, or a later one."""
    n = len(lines)
    keys = [" ".join(line.tokens) or line.text for line in lines]
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    dup_earlier, repeated = np.zeros(n), np.zeros(n)
    seen: set[str] = set()
    for i, key in enumerate(keys):
        dup_earlier[i] = key in seen
        seen.add(key)
        repeated[i] = counts[key] > 1
    return {"dup_earlier": dup_earlier, "repeated": repeated}


def _rule_features(lines: Sequence[Line]) -> Columns:
    """``rule_any`` and one ``rule:<id>`` column per boilerplate rule that fired on the page."""
    n = len(lines)
    rule_any = np.zeros(n)
    cols: Columns = {}
    for i, line in enumerate(lines):
        if line.rule_ids:
            rule_any[i] = 1.0
            for rid in line.rule_ids:
                col = cols.get("rule:" + rid)
                if col is None:
                    col = cols["rule:" + rid] = np.zeros(n)
                col[i] = 1.0
    return {"rule_any": rule_any, **cols}


def _context_features(f: Columns, prose: np.ndarray[Any, np.dtype[np.float64]]) -> None:
    """The neighbourhood: means over the 1, 3 and 8 lines either side."""
    listed = np.maximum(f["bullet"], f["numbered"])
    for k in (1, 3, 8):
        f[f"ctx{k}_tokens"] = _windows(f["log_tokens"], k)
        f[f"ctx{k}_prose"] = _windows(prose, k)
        f[f"ctx{k}_bullet"] = _windows(listed, k)
        f[f"ctx{k}_end"] = _windows(f["end_punct"], k)
        f[f"ctx{k}_stop"] = _windows(f["stop_ratio"], k)
    f["ctx3_table"] = _windows(f["table_row"], 3)
    f["prose"] = prose


def _block_features(
    f: Columns, s: _Stats, prose: np.ndarray[Any, np.dtype[np.float64]]
) -> np.ndarray[Any, np.dtype[np.float64]]:
    """The blank-line separated block: size, prose share, voice; and the page's voice.
    Returns the word tokens of each block."""
    n, block, ntok = len(prose), s.block, s.ntok
    nblocks = int(block[-1]) + 1
    b_lines = np.bincount(block, minlength=nblocks).astype(float)
    b_tokens = np.bincount(block, weights=ntok, minlength=nblocks)
    b_prose = np.bincount(block, weights=prose, minlength=nblocks)
    f["block_log_lines"] = np.log1p(b_lines[block])
    f["block_log_tokens"] = np.log1p(b_tokens[block])
    f["block_prose"] = b_prose[block] / b_lines[block]
    for name, share in s.person.items():
        # Voice of the block and of the page: marketing and bios speak as "we" / to "you".
        col = share * ntok
        b_words = np.bincount(block, weights=col, minlength=nblocks)
        f[f"block_{name}"] = b_words[block] / np.maximum(b_tokens[block], 1.0)
        f[f"ctx3_{name}"] = _windows(share, 3)
        f[f"page_{name}"] = np.full(n, float(col.sum()) / max(float(ntok.sum()), 1.0))
    f["block_cta"] = np.bincount(block, weights=f["cta_start"], minlength=nblocks)[block] / b_lines[block]
    return np.asarray(b_tokens, dtype=np.float64)


def _prose_distance_features(f: Columns, prose: np.ndarray[Any, np.dtype[np.float64]]) -> None:
    """Before the first prose line, after the last, and how far from the nearest."""
    n = len(prose)
    idx = np.arange(n)
    prose_idx = np.flatnonzero(prose)
    first_prose = int(prose_idx[0]) if len(prose_idx) else n
    last_prose = int(prose_idx[-1]) if len(prose_idx) else -1
    f["before_first_prose"] = (idx < first_prose).astype(float)
    f["after_last_prose"] = (idx > last_prose).astype(float)
    if len(prose_idx):
        j = np.searchsorted(prose_idx, idx)
        prev_d = np.where(j > 0, idx - prose_idx[np.maximum(j - 1, 0)], n)
        nxt = np.minimum(j, len(prose_idx) - 1)
        next_d = np.where(prose_idx[nxt] >= idx, prose_idx[nxt] - idx, n)
        dist = np.minimum(prev_d, next_d)
    else:
        dist = np.full(n, n)
    f["log_dist_prose"] = np.log1p(dist)


def _region_features(
    f: Columns,
    lines: Sequence[Line],
    s: _Stats,
    prose: np.ndarray[Any, np.dtype[np.float64]],
    b_tokens: np.ndarray[Any, np.dtype[np.float64]],
    cfg: _Config,
) -> None:
    """The main region (the run of lines with the largest sum of prose tokens less a penalty
    per other line): inside or not, where in its prose, and how much of its vocabulary."""
    th, ntok, n = cfg.thresholds, s.ntok, len(prose)
    idx = np.arange(n)
    gains = np.where(prose > 0, ntok, -float(th["region_penalty"]))
    r_lo, r_hi = _max_subarray(gains.tolist())
    inside = (idx >= r_lo) & (idx <= r_hi)
    f["in_region"] = inside.astype(float)
    f["region_edge_dist"] = np.log1p(np.minimum(np.abs(idx - r_lo), np.abs(idx - r_hi))) * np.where(inside, 1.0, -1.0)
    after_region = (idx > r_hi).astype(float)
    # Where in the main region's prose the line sits (0 at its start, 1 at its end): the
    # tail of the region holds pitches, bios and teasers.
    region_prose = np.where(inside, ntok * prose, 0.0)
    cum = np.cumsum(region_prose)
    total_region = float(cum[-1]) if n else 0.0
    if total_region > 0:
        share_before = (cum - region_prose) / total_region
        f["region_share_before"] = np.where(inside, share_before, 0.0)
        f["region_share_after"] = np.where(inside, 1.0 - cum / total_region, 0.0)
        f["region_tail"] = np.where(
            inside & (1.0 - cum / total_region < float(th.get("region_tail_share", 0.0))), 1.0, 0.0
        )
    f["after_region"] = after_region
    f["before_region"] = (idx < r_lo).astype(float)
    topic = f["topic_overlap"] = _topic_overlap(lines, inside & (prose > 0), cfg.stopwords)
    f["ctx3_topic"] = _windows(topic, 3)
    nblocks = len(b_tokens)
    f["block_topic"] = np.bincount(s.block, weights=topic * ntok, minlength=nblocks)[s.block] / np.maximum(
        b_tokens[s.block], 1.0
    )
    short = (ntok <= th["short_line_max_tokens"]).astype(float)
    f["after_region_short"] = after_region * short
    f["after_region_rule"] = after_region * f["rule_any"]
    f["after_region_end"] = after_region * f["end_punct"]


def _comment_features(
    f: Columns, lines: Sequence[Line], ntok: np.ndarray[Any, np.dtype[np.float64]], cfg: _Config
) -> None:
    """How many comment cues ("Reply", "2 hours ago") are near the line."""
    th = cfg.thresholds
    meta = np.zeros(len(lines))
    for i, line in enumerate(lines):
        if any(rid in cfg.comment_meta_rules for rid in line.rule_ids):
            meta[i] = 1.0
    short = (ntok <= th["short_line_max_tokens"]).astype(float)
    f["comment_density"] = _windows(meta, int(th["comment_window"]))
    f["comment_density_short"] = f["comment_density"] * short


def _after_marker_features(f: Columns, lines: Sequence[Line], cfg: _Config) -> None:
    """Below a list header, a comment label, a footer line (copyright, legal links) or a bio?"""
    n = len(lines)
    for name, ids in (
        ("after_list_header", cfg.list_headers),
        ("after_comments", cfg.comment_rules),
        ("after_legal", cfg.legal_rules),
        ("after_bio", cfg.bio_rules),
    ):
        marks = np.zeros(n)
        for i, line in enumerate(lines):
            if any(rid in ids for rid in line.rule_ids):
                marks[i] = 1.0
        f[name] = np.concatenate(([0.0], np.maximum.accumulate(marks)[:-1]))


def _topic_overlap(
    lines: Sequence[Line], core: np.ndarray[Any, np.dtype[np.bool_]], stopwords: frozenset[str]
) -> np.ndarray[Any, np.dtype[np.float64]]:
    """Share of each line's content words (not function words, not numbers) that occur in
    another prose line of the main region: the article's own vocabulary, where pitches and
    teasers about other things share little."""
    n = len(lines)
    words = [{t for t in line.tokens if len(t) > 2 and t not in stopwords and not t.isdigit()} for line in lines]
    df: dict[str, int] = {}
    for k in np.flatnonzero(core):
        for t in words[int(k)]:
            df[t] = df.get(t, 0) + 1
    out = np.zeros(n)
    for i, ws in enumerate(words):
        if not ws:
            continue
        own = 1 if core[i] else 0
        out[i] = sum(1 for t in ws if df.get(t, 0) > own) / len(ws)
    return out


def _teaser_features(
    f: Columns,
    ntok: np.ndarray[Any, np.dtype[np.float64]],
    end_punct: np.ndarray[Any, np.dtype[np.float64]],
    th: Mapping[str, Any],
) -> None:
    """Teaser lists: runs of a title-like line followed by its one-sentence summary."""
    n = len(ntok)
    title = (end_punct == 0) & (ntok >= th["teaser_title_min_tokens"]) & (ntok <= th["teaser_title_max_tokens"])
    summary = (end_punct > 0) & (ntok >= th["teaser_summary_min_tokens"]) & (ntok <= th["teaser_summary_max_tokens"])
    start = np.zeros(n)
    if n > 1:
        start[:-1] = (title[:-1] & summary[1:]).astype(float)
    k = int(th["teaser_window"])
    pre = np.concatenate(([0.0], np.cumsum(start)))
    idx = np.arange(n)
    near = pre[np.minimum(n, idx + k + 1)] - pre[np.maximum(0, idx - k)]
    member = np.maximum(start, np.concatenate(([0.0], start[:-1])))
    run = (near >= th["teaser_min_pairs"]) * member
    f["teaser_member"] = member
    f["teaser_run"] = run
    f["teaser_run_size"] = run * np.log1p(near)
    f["teaser_title"] = run * start
    f["teaser_density"] = np.minimum(near, 4.0) / 4.0


def _teaser_cards(lines: Sequence[Line], cfg: _Config) -> list[bool]:
    """The lines of a run of teaser cards whose headline and summary have short meta lines
    between them, one with a number (a date, a time, a reading time: "Headline" / "12 March
    2021" / "Business" / "One-sentence summary."), a question headline included: at least
    ``teaser_min_pairs`` such cards within ``teaser_window`` lines either side. A list
    header's list goes on across them."""
    th = cfg.thresholds
    n, max_meta = len(lines), int(th.get("teaser_card_max_meta_lines", 0) or 0)
    out = [False] * n
    if not max_meta:
        return out
    meta_max = int(th["teaser_card_meta_max_tokens"])

    def ends(line: Line) -> str:
        return line.text[-1:] if line.text[-1:] in cfg.sentence_end else ""

    def is_meta(line: Line) -> bool:
        return 0 < len(line.tokens) <= meta_max and not ends(line)

    cards: list[tuple[int, int]] = []  # (headline, summary) of each card
    for i, line in enumerate(lines):
        if not (ends(line) and th["teaser_summary_min_tokens"] <= len(line.tokens) <= th["teaser_summary_max_tokens"]):
            continue
        j = i - 1
        while j >= 0 and i - j <= max_meta and is_meta(lines[j]):
            j -= 1
        if not (1 <= i - j - 1 <= max_meta and j >= 0 and ends(lines[j]) in ("", "?")):
            continue
        dated = any(any(t.isdigit() for t in lines[m].tokens) for m in range(j + 1, i))
        if dated and th["teaser_title_min_tokens"] <= len(lines[j].tokens) <= th["teaser_card_title_max_tokens"]:
            cards.append((j, i))
    k, need = int(th["teaser_window"]), int(th["teaser_min_pairs"])
    for head, summary in cards:
        if sum(1 for _, other in cards if abs(other - summary) <= 2 * k) >= need:
            out[head : summary + 1] = [True] * (summary + 1 - head)
    return out


def _max_subarray(gains: Sequence[float]) -> tuple[int, int]:
    best, best_lo, best_hi = -math.inf, 0, -1
    cur, lo = 0.0, 0
    for i, g in enumerate(gains):
        if cur <= 0:
            cur, lo = g, i
        else:
            cur += g
        if cur > best:
            best, best_lo, best_hi = cur, lo, i
    return (best_lo, best_hi) if best > 0 else (0, -1)


def stage2_features(stage1: Columns, probs: np.ndarray[Any, np.dtype[np.float64]], lines: Sequence[Line]) -> Columns:
    """Stage-2 features: stage-1 features plus the stage-1 scores around each line."""
    n = len(probs)
    g = dict(stage1)
    if n == 0:
        return g
    g["p_self"] = probs
    g["p_prev"] = np.concatenate(([0.0], probs[:-1]))
    g["p_next"] = np.concatenate((probs[1:], [0.0]))
    for k in (2, 5, 12):
        g[f"p_ctx{k}"] = _windows(probs, k)
    # One-sided means over the 3 lines before and after.
    pre = np.concatenate(([0.0], np.cumsum(probs)))
    idx = np.arange(n)
    lo = np.maximum(0, idx - 3)
    hi = np.minimum(n, idx + 4)
    g["p_before3"] = np.divide(pre[idx] - pre[lo], idx - lo, out=np.zeros(n), where=idx > lo)
    g["p_after3"] = np.divide(pre[hi] - pre[idx + 1], hi - idx - 1, out=np.zeros(n), where=hi > idx + 1)
    block = np.fromiter((line.block for line in lines), dtype=np.int64, count=n)
    nblocks = int(block[-1]) + 1
    g["p_block"] = (np.bincount(block, weights=probs, minlength=nblocks) / np.bincount(block, minlength=nblocks))[block]
    before = np.concatenate(([0.0], np.maximum.accumulate(probs)[:-1]))
    after = np.concatenate((np.maximum.accumulate(probs[::-1])[::-1][1:], [0.0]))
    g["p_between"] = np.minimum(before, after)
    return g


def _logit(cols: Columns, weights: Mapping[str, float], cfg: _Config, n: int) -> np.ndarray[Any, np.dtype[np.float64]]:
    z = np.zeros(n)
    default_rule = float(cfg.thresholds["default_rule_weight"])
    for name, col in cols.items():
        w = cfg.own_weights.get(name)
        if w is None:
            w = weights.get(name)
        if w is None:
            if not name.startswith("rule:"):
                continue
            w = default_rule
        z += w * col
    return z


def _sigmoid(z: np.ndarray[Any, np.dtype[np.float64]]) -> np.ndarray[Any, np.dtype[np.float64]]:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0))))


def score_lines(lines: Sequence[Line], rules: Rules) -> tuple[np.ndarray[Any, np.dtype[np.float64]], Columns]:
    """Probability that each line belongs to the main content (stage 2 of the model), and
    the stage-1 features (they explain the drops)."""
    cfg = _config(rules)
    n = len(lines)
    f1 = line_features(lines, rules)
    p1 = _sigmoid(_logit(f1, cfg.stage1, cfg, n))
    if not cfg.stage2:
        return p1, f1
    p2 = _sigmoid(_logit(stage2_features(f1, p1, lines), cfg.stage2, cfg, n))
    if not cfg.stage3:
        return p2, f1
    # Stage 3: the stage-2 features again, over the stage-2 scores.
    return _sigmoid(_logit(stage2_features(f1, p2, lines), cfg.stage3, cfg, n)), f1


# --------------------------------------------------------------------------------------
# The cleaner


def clean_text(text: str, rules: Rules, *, template: frozenset[str] = frozenset()) -> CleanResult:
    """Split ``text`` into lines and keep those that belong to the article.

    ``template``: normalised lines (lower-case word tokens joined by spaces) known to be the
    site's template (seen on many pages of a batch); such lines are dropped as
    ``signal.template``.
    """
    lines = page_lines(text, rules)
    if not lines:
        return CleanResult((), ())
    whole = _is_short_input(lines, _config(rules).thresholds)
    probs, feats = (np.ones(len(lines)), None) if whole else score_lines(lines, rules)
    reasons = decide(lines, probs, feats, rules, whole=whole, template=template)
    kept = tuple(Span(line.start, line.end) for line, r in zip(lines, reasons, strict=True) if r is None)
    removed = tuple(Removed(line.start, line.end, r) for line, r in zip(lines, reasons, strict=True) if r is not None)
    return CleanResult(kept, removed)


def decide(
    lines: Sequence[Line],
    probs: Sequence[float] | np.ndarray[Any, np.dtype[np.float64]],
    feats: Columns | None,
    rules: Rules,
    *,
    whole: bool = False,
    template: frozenset[str] = frozenset(),
) -> list[str | None]:
    """For each line, None (kept) or the reason it was dropped."""
    cfg = _config(rules)
    threshold = float(cfg.classifier.get("threshold", 0.5))
    reasons: list[str | None] = [None] * len(lines)
    if not whole and len(probs):
        # Never return (almost) nothing: when few tokens pass, keep what scores near the best.
        passing = sum(len(line.tokens) for line, p in zip(lines, probs, strict=True) if p >= threshold)
        if passing < cfg.thresholds["fallback_min_tokens"]:
            threshold = min(threshold, float(max(probs)) * cfg.thresholds["fallback_ratio"])
    for i, line in enumerate(lines):
        if line.strong is not None:
            reasons[i] = line.strong
        elif not line.text:
            reasons[i] = "signal.empty_bullet"
        elif template and " ".join(line.tokens) in template:
            reasons[i] = "signal.template"
        elif not whole and probs[i] < threshold:
            reasons[i] = _explain(line, feats or {}, i, cfg.thresholds)
    if not whole and feats is not None:
        _drop_outside(lines, reasons, feats, cfg)
    if not whole:
        _drop_lists(lines, reasons, cfg, feats)
        _keep_dated_lists(lines, reasons, cfg)
        if feats is not None:
            _drop_caps_promos(lines, reasons, feats, cfg)
            _drop_standfirst(lines, reasons, feats, cfg)
        _drop_repeats(lines, reasons, cfg, probs)
    return reasons


# Drops a dated list may overturn: the model's signals, not rules, lists, repeats or templates.
_DATED_LIST_OVERRULES = frozenset(
    {"signal.outside_article", "signal.low_score", "signal.short_run", "signal.heading_like", "signal.off_topic"}
)


DateKey = tuple[int, int, int]  # (year or 0, month or 0, day or 0) of a dated entry


def dated_entry(line: Line, cfg: _Config) -> tuple[str, tuple[DateKey, ...]] | None:
    """The [[dated_entry]] shape that leads ``line`` ("June 9 – Tampa, FL") and its date as
    (year, month, day) keys: one, or two for a numeric "6/9" (month first, day first)."""
    first = line.text[:1]
    if not (first.isascii() and first.isalnum()):
        return None
    for rid, pattern in cfg.dated_entries:
        m = pattern.match(line.text)
        if m is None:
            continue
        groups = m.groupdict()
        year = int(groups.get("year") or 0)
        year += 2000 if 0 < year < 100 else 0
        day = int(groups.get("day") or 0)
        month_text = (groups.get("month") or "").lower().rstrip(".")
        if month_text.isdigit():
            return rid, ((year, int(month_text), day), (year, day, int(month_text)))
        return rid, ((year, cfg.months.get(month_text, 0), day),)
    return None


def _date_order(keys: Sequence[tuple[DateKey, ...]]) -> int:
    """+1 when the dates run forward (a schedule, a timeline), -1 backward (a changelog, news
    newest first), 0 in no order (stories picked by topic). Without years the dates may
    turn the year once (December, then January) but not come back past the first."""
    for reading in (0, 1):
        seq = [k[min(reading, len(k) - 1)] for k in keys]
        wrap = all(k[0] == 0 for k in seq)
        pairs = list(itertools.pairwise(seq))
        for sign in (1, -1):
            back = sum(1 for x, y in pairs if (y < x if sign > 0 else y > x))
            if back == 0 or (back == 1 and wrap and (seq[-1] <= seq[0] if sign > 0 else seq[-1] >= seq[0])):
                return sign
    return 0


def _keep_dated_lists(lines: Sequence[Line], reasons: list[str | None], cfg: _Config) -> None:
    """Runs of at least ``dated_list_min_items`` lines of one dated-entry shape. A run whose
    dates run forward (a tour's dates, an itinerary, a timeline) and that follows a kept line
    directly or under one short heading ("Tour dates:") is article: kept, the heading
    included, overturning only the model's own drops (a line a rule, a link list or a repeat
    dropped keeps the whole run out). A run in no date order is a list of other stories:
    its lines go."""
    th = cfg.thresholds
    min_items = int(th.get("dated_list_min_items", 0) or 0)
    if not min_items or not cfg.dated_entries:
        return
    max_tokens = int(th["dated_list_item_max_tokens"])
    entries = [dated_entry(line, cfg) if len(line.tokens) <= max_tokens else None for line in lines]
    i, n = 0, len(lines)
    while i < n:
        entry = entries[i]
        if entry is None:
            i += 1
            continue
        j = i + 1
        while j < n and (e := entries[j]) is not None and e[0] == entry[0]:
            j += 1
        if j - i >= min_items:
            order = _date_order([e[1] for e in entries[i:j] if e is not None])
            start = _dated_list_start(lines, reasons, i, cfg) if order > 0 else None
            if start is not None and all(r is None or r in _DATED_LIST_OVERRULES for r in reasons[i:j]):
                reasons[start:j] = [None] * (j - start)
            elif order == 0:
                reasons[i:j] = [r or "signal.dated_links" for r in reasons[i:j]]
        i = j


def _content_stems(line: Line, cfg: _Config) -> set[str]:
    k = int(cfg.thresholds["promo_caps_stem_chars"])
    return {t[:k] for t in line.tokens if len(t) > 2 and t not in cfg.stopwords and not t.isdigit()}


def _drop_caps_promos(lines: Sequence[Line], reasons: list[str | None], feats: Columns, cfg: _Config) -> None:
    """Drop the headline of another story set between two paragraphs in capitals ("MAYOR'S
    DOG WINS THE TOWN SHOW AGAIN"): a kept all-capitals line of at least
    ``promo_caps_min_tokens`` tokens between two prose lines, whose content words (compared
    by their first letters, "teach"/"teaching") the next two lines mostly do not take up, as a
    subheading's would. A line in brackets ("(MUSIC PLAYS)") is a note, not a headline."""
    th = cfg.thresholds
    min_tokens = int(th.get("promo_caps_min_tokens", 0) or 0)
    caps, prose = feats.get("all_caps"), feats.get("prose")
    if not min_tokens or caps is None or prose is None:
        return
    limit = float(th["promo_caps_max_next_overlap"])
    for i in range(1, len(lines) - 1):
        line = lines[i]
        if reasons[i] is not None or not caps[i] or len(line.tokens) < min_tokens or line.text[0] in "([":
            continue
        if not (prose[i - 1] and prose[i + 1] and reasons[i - 1] is None and reasons[i + 1] is None):
            continue
        words = _content_stems(line, cfg)
        below = set().union(*(_content_stems(other, cfg) for other in lines[i + 1 : i + 3]))
        if words and len(words & below) <= limit * len(words):
            reasons[i] = "signal.promo_headline"


def _drop_standfirst(lines: Sequence[Line], reasons: list[str | None], feats: Columns, cfg: _Config) -> None:
    """Drop the standfirst: the summary printed between the headline and the byline or
    dateline ("Headline" / "One-sentence summary." / "By Jo Reyes" / "4 March 2024"), i.e.
    the first kept line of some length before any kept prose whose next lines (at most
    ``standfirst_max_gap``) hold an ``article_head`` rule's line, with the article's prose
    below them. The article repeats or expands what it says. A line right below a byline or
    dateline is a post's text, not a standfirst."""
    th = cfg.thresholds
    min_tokens = int(th.get("standfirst_min_tokens", 0) or 0)
    prose = feats.get("prose")
    if not min_tokens or prose is None or not cfg.head_rules:
        return
    gap, after = int(th["standfirst_max_gap"]), int(th["standfirst_min_after_tokens"])
    for i, line in enumerate(lines):
        if reasons[i] is not None or len(line.tokens) < min_tokens:
            continue
        heads = [k for k in range(i + 1, min(len(lines), i + 1 + gap)) if cfg.head_rules & set(lines[k].rule_ids)]
        above = any(cfg.head_rules & set(lines[k].rule_ids) for k in range(max(0, i - gap), i))
        if heads and not above and all(reasons[k] is not None for k in range(i + 1, heads[0])):
            below = sum(
                len(lines[k].tokens) for k in range(heads[0] + 1, len(lines)) if reasons[k] is None and prose[k]
            )
            if below >= after:
                reasons[i] = "signal.standfirst"
        if prose[i]:
            return  # only before the article's first prose line


def _dated_list_start(lines: Sequence[Line], reasons: Sequence[str | None], i: int, cfg: _Config) -> int | None:
    """Where the dated list starting at line ``i`` begins when it continues the article: ``i``
    after a kept line, ``i - 1`` under a short heading after a kept line; else None."""
    if i == 0:
        return None
    if reasons[i - 1] is None:
        return i
    head = lines[i - 1]
    if (
        i >= 2
        and reasons[i - 2] is None
        and reasons[i - 1] in _DATED_LIST_OVERRULES
        and not head.rule_ids
        and len(head.tokens) <= int(cfg.thresholds["dated_list_heading_max_tokens"])
        and (head.text[-1] not in cfg.sentence_end or head.text[-1] == ":")
    ):
        return i - 1
    return None


def _drop_outside(lines: Sequence[Line], reasons: list[str | None], feats: Columns, cfg: _Config) -> None:
    """Outside the main region, drop the non-prose lines of confident rules (own weight at most
    ``outside_rule_drop_weight``); below it, after a comment label, drop the short lines too,
    and the line under a comment header ("mike_r 2 hours ago"): a comment's first line."""
    th = cfg.thresholds
    limit = float(th["outside_rule_drop_weight"])
    short = int(th["short_line_max_tokens"])
    inside, after, prose = feats.get("in_region"), feats.get("after_region"), feats.get("prose")
    if inside is None or after is None or prose is None:
        return
    comments = False
    for i, line in enumerate(lines):
        if inside[i]:
            comments = False
            continue
        if prose[i]:
            comments = False
            continue
        if after[i] and any(rid in cfg.comment_rules for rid in line.rule_ids):
            comments = True
        if reasons[i] is not None:
            continue
        for rid in line.rule_ids:
            if cfg.own_weights.get("rule:" + rid, 0.0) <= limit:
                reasons[i] = rid
                break
        else:
            if comments and (
                len(line.tokens) <= short
                or (i > 0 and any(rid in cfg.comment_meta_rules for rid in lines[i - 1].rule_ids))
            ):
                reasons[i] = "signal.comments"


def _drop_lists(
    lines: Sequence[Line],
    reasons: list[str | None],
    cfg: _Config,
    feats: Columns | None = None,
) -> None:
    """Drop the link list under a list header ("MUST READ", "Related stories"): the lines
    after it that are not sentences, up to the next sentence-like line that is not the
    summary in a teaser run (headline + one-sentence summary, repeated), unless it opens the
    main region (there, a sentence after a headline-like line is the article's lead)."""
    th = cfg.thresholds
    teaser = None if feats is None else feats.get("teaser_run")
    cards = _teaser_cards(lines, cfg)
    inside = None if feats is None else feats.get("in_region")
    max_tokens = int(th["list_item_max_tokens"])
    in_list = bullets_only = False
    items = 0
    bullet_indent: int | None = None  # least indent of the list's items while all are bulleted
    for i, line in enumerate(lines):
        if any(rid in cfg.list_headers for rid in line.rule_ids):
            in_list, bullets_only, items = True, False, 0
            continue
        if any(rid in cfg.bullet_list_headers for rid in line.rule_ids):
            in_list, bullets_only, items = True, True, 0
            continue
        if not in_list:
            continue
        last = line.text[-1:]
        listed = line.bullet or line.numbered
        lead = inside is not None and bool(inside[i]) and i > 0 and not inside[i - 1]
        # A sentence set back from a run of bulleted items is out of the list, even when a
        # teaser run's pattern (headline, then a summary) seems to go on across it.
        outdented = items > 0 and bullet_indent is not None and line.indent < bullet_indent and not listed
        in_teasers = ((teaser is not None and bool(teaser[i])) or cards[i]) and not lead and not outdented
        if not listed:
            bullet_indent = None
        elif items == 0:
            bullet_indent = line.indent
        elif bullet_indent is not None:
            bullet_indent = min(bullet_indent, line.indent)
        items += 1
        if (len(line.tokens) > max_tokens and not (cards[i] and in_teasers)) or (
            last in cfg.sentence_end and len(line.tokens) >= int(th["prose_min_tokens"]) and not in_teasers
        ):
            in_list = False
            continue
        if bullets_only and not listed:
            in_list = False
            continue
        if reasons[i] is None:
            reasons[i] = "signal.related_list"


def _is_short_input(lines: Sequence[Line], th: Mapping[str, Any]) -> bool:
    if len(lines) <= th["whole_max_lines"]:
        return True
    one_block = all(line.block == lines[0].block for line in lines)
    return one_block and sum(len(line.tokens) for line in lines) <= th["whole_max_tokens"]


def _explain(line: Line, feats: Columns, i: int, th: Mapping[str, Any]) -> str:
    """The signal that best explains why a line was dropped."""

    def f(name: str) -> float:
        col = feats.get(name)
        return float(col[i]) if col is not None else 0.0

    if line.rule_ids:
        return line.rule_ids[0]
    if f("dup_earlier"):
        return "signal.duplicate"
    if f("repeated"):
        return "signal.repeated"
    if f("tok_le3") and (f("ctx3_tokens") < th["explain_short_context"] or f("bullet") or f("numbered")):
        return "signal.short_run"
    if f("before_first_prose") or f("after_last_prose") or not f("in_region"):
        return "signal.outside_article"
    if not f("end_punct") and f("cap_ratio") > th["explain_heading_caps"]:
        return "signal.heading_like"
    if f("we_ratio") + f("you_ratio") >= th.get("explain_pitch_voice", 1.0) or f("cta_start"):
        return "signal.pitch"
    if f("prose") and f("topic_overlap") <= th.get("explain_off_topic_overlap", -1.0):
        return "signal.off_topic"
    return "signal.low_score"


def _drop_repeats(
    lines: Sequence[Line],
    reasons: list[str | None],
    cfg: _Config,
    probs: Sequence[float] | np.ndarray[Any, np.dtype[np.float64]] | None = None,
) -> None:
    """Keep only one copy of a repeated or near-repeated kept line (also captions that repeat
    the paragraph before them): the first, unless a later copy of the same words scores
    higher by ``repeat_prefer_margin`` (a standfirst or caption above the article repeating
    its first paragraph: the copy among the article's paragraphs stays, the other goes)."""
    th = cfg.thresholds
    min_tokens = int(th["near_dup_min_tokens"])
    overlap = float(th["near_dup_overlap"])
    window = int(th["near_dup_window"])
    margin = float(th.get("repeat_prefer_margin", math.inf) if probs is not None else math.inf)

    def later_wins(i: int, j: int) -> bool:
        """Line ``i`` replaces its earlier copy ``j`` (which goes instead)."""
        if probs is None or float(probs[i]) < float(probs[j]) + margin:
            return False
        reasons[j] = "signal.duplicate"
        return True

    seen: dict[str, int] = {}
    recent: list[tuple[int, frozenset[str]]] = []
    for i, line in enumerate(lines):
        if reasons[i] is not None:
            continue
        key = " ".join(line.tokens)
        if key and key in seen and len(line.tokens) >= 2:
            j = seen[key]
            if not later_wins(i, j):
                reasons[i] = "signal.duplicate"
                continue
            recent = [(k, w) for k, w in recent if k != j]
        seen[key] = i
        if len(line.tokens) < min_tokens:
            continue
        words = frozenset(line.tokens)
        for k, (j, other) in enumerate(recent[-window:], start=max(0, len(recent) - window)):
            # Nearly the same words as a kept line (a repeat), or nearly all of its words
            # inside a longer kept line (a caption repeating a paragraph).
            common = len(words & other)
            if common >= overlap * len(words) and common >= overlap * len(other) and later_wins(i, j):
                del recent[k]
                recent.append((i, words))
                break
            if common >= overlap * len(words) and (common >= overlap * len(other) or len(words) < len(other)):
                reasons[i] = "signal.duplicate"
                break
        else:
            recent.append((i, words))
