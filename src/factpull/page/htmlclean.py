"""Boilerplate stripping for HTML pages: the text cleaner's score of each rendered line,
combined with what the markup says about the line's block. Pure: no spaCy, no I/O.

The rendered page (``page.html.HtmlText``) is cleaned line by line as any text is
(``page.clean``: line features, neighbourhood, rules), and each line's text score then meets
its block's structural evidence in two logistic models whose weights are data
(``patterns/html_weights.toml``, trained by ``benchmarks/train_clean_html.py`` on the dev
pages): zones (inside ``<nav>``, ``<footer>``, ``<aside>``, a comment list, a share bar,
by tag, ARIA role or class/id words), link density, list and table membership, heading
level, the block's tag, and whether the line lies in the container holding the page's
densest prose. Stage 2 adds the stage-1 scores of the neighbouring lines. The decision
is the text cleaner's (``clean.decide``: strong rules, link lists, repeats, never empty);
a line dropped inside a zone is reported as ``html.<zone>``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..rules.load import Rules, per_rules
from ..types import Removed, Span
from .clean import CleanResult, Columns, Line, decide, page_lines, score_lines, stage2_features
from .html import Block, HtmlText, config

# Zones whose name explains a drop better than the text signal does.
_EXPLAINING_ZONES = ("nav", "footer", "comments", "share", "related", "aside", "ads", "subscribe", "consent", "header")


@dataclass(frozen=True, slots=True)
class _Model:
    threshold: float
    stage1: Mapping[str, float]
    stage2: Mapping[str, float]
    text_threshold: float


@per_rules
def _model(rules: Rules) -> _Model:
    m: Mapping[str, Any] = rules.settings.get("html_weights.classifier", {})
    text = rules.settings.get("boilerplate_weights.classifier", {})
    return _Model(
        threshold=float(m.get("threshold", 0.5)),
        stage1=dict(zip(m.get("stage1_features", []), map(float, m.get("stage1_weights", [])), strict=False)),
        stage2=dict(zip(m.get("stage2_features", []), map(float, m.get("stage2_weights", [])), strict=False)),
        text_threshold=float(text.get("threshold", 0.5)),
    )


def line_blocks(lines: Sequence[Line], blocks: Sequence[Block]) -> list[Block | None]:
    """The block each line was rendered from (lines and blocks are both in text order)."""
    out: list[Block | None] = []
    k = 0
    for line in lines:
        while k < len(blocks) and blocks[k].end <= line.start:
            k += 1
        out.append(blocks[k] if k < len(blocks) and blocks[k].start <= line.start else None)
    return out


def html_features(page: HtmlText, lines: Sequence[Line], text_probs: np.ndarray[Any, Any], rules: Rules) -> Columns:
    """Stage-1 features of every line: the text score and its block's evidence."""
    n = len(lines)
    zones = sorted(set(config(rules).zone_words) | set(config(rules).zone_tags.values()))
    blocks = line_blocks(lines, page.blocks)
    p = np.clip(text_probs, 1e-4, 1 - 1e-4)
    f: Columns = {"bias": np.ones(n), "text_logit": np.log(p / (1 - p)), "text_p": p}
    names = ("link_density", "link_all", "h1", "h2_3", "h4_6", "li", "li_deep", "table", "in_best", "hidden")
    for name in (*names, *(f"tag_{t}" for t in ("p", "div", "td", "pre", "dd", "other"))):
        f[name] = np.zeros(n)
    for name in zones:
        f["zone_" + name] = np.zeros(n)
        f["near_" + name] = np.zeros(n)
    best_tokens = 0.0
    total_tokens = 0.0
    for i, b in enumerate(blocks):
        if b is None:
            continue
        ntok = len(lines[i].tokens)
        total_tokens += ntok
        ld = b.link_density
        f["link_density"][i] = ld
        f["link_all"][i] = ld >= 0.8
        f["h1"][i] = b.heading == 1
        f["h2_3"][i] = b.heading in (2, 3)
        f["h4_6"][i] = b.heading >= 4
        f["li"][i] = b.list_depth >= 1
        f["li_deep"][i] = b.list_depth >= 2
        f["table"][i] = b.in_table
        f["hidden"][i] = b.hidden
        inside = page.best >= 0 and page.best in b.ancestors
        f["in_best"][i] = inside
        best_tokens += ntok * inside
        tag = b.tag if b.tag in ("p", "div", "td", "pre", "dd") else "other"
        f["tag_" + tag][i] = 1.0
        for prefix, found in (("zone_", b.zones), ("near_", b.near)):
            for z in found:
                col = f.get(prefix + z)
                if col is not None:
                    col[i] = 1.0
    f["best_share"] = np.full(n, best_tokens / total_tokens if total_tokens else 0.0)
    f["in_best_text"] = f["in_best"] * f["text_logit"]
    best_lines = np.flatnonzero(f["in_best"])
    idx = np.arange(n)
    f["before_best"] = (idx < best_lines[0]).astype(float) if len(best_lines) else np.zeros(n)
    f["after_best"] = (idx > best_lines[-1]).astype(float) if len(best_lines) else np.zeros(n)
    f["page_has_best"] = np.full(n, float(page.best >= 0))
    return f


def _logit(cols: Columns, weights: Mapping[str, float], n: int) -> np.ndarray[Any, Any]:
    z = np.zeros(n)
    for name, w in weights.items():
        col = cols.get(name)
        if col is not None:
            z += w * col
    return z


def _sigmoid(z: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0))))


def score_html_lines(page: HtmlText, lines: Sequence[Line], rules: Rules) -> tuple[np.ndarray[Any, Any], Columns]:
    """Probability that each line is main content, and the text cleaner's features (they
    explain the drops)."""
    model = _model(rules)
    text_probs, text_feats = score_lines(lines, rules)
    f1 = html_features(page, lines, text_probs, rules)
    n = len(lines)
    p1 = _sigmoid(_logit(f1, model.stage1, n))
    if not model.stage2:
        return p1, text_feats
    return _sigmoid(_logit(stage2_features(f1, p1, lines), model.stage2, n)), text_feats


def clean_html(page: HtmlText, rules: Rules, *, template: frozenset[str] = frozenset()) -> CleanResult:
    """Keep the lines of a rendered HTML page that belong to the article."""
    lines = page_lines(page, rules)
    if not lines:
        return CleanResult((), ())
    probs, feats = score_html_lines(page, lines, rules)
    reasons = decide(lines, _to_text_scale(probs, _model(rules)), feats, rules, template=template)
    blocks = line_blocks(lines, page.blocks)
    for i, reason in enumerate(reasons):
        b = blocks[i]
        if reason is not None and reason.startswith("signal.") and b is not None:
            zone = next((z for z in _EXPLAINING_ZONES if z in b.zones), None)
            if zone is not None:
                reasons[i] = "html." + zone
    kept = tuple(Span(line.start, line.end) for line, r in zip(lines, reasons, strict=True) if r is None)
    removed = tuple(Removed(line.start, line.end, r) for line, r in zip(lines, reasons, strict=True) if r is not None)
    return CleanResult(kept, removed)


def _to_text_scale(probs: np.ndarray[Any, Any], model: _Model) -> np.ndarray[Any, Any]:
    """Shift the scores so the HTML model's threshold falls on the text model's (which
    ``decide`` applies)."""
    shift = _logit_of(model.text_threshold) - _logit_of(model.threshold)
    p = np.clip(probs, 1e-9, 1 - 1e-9)
    return _sigmoid(np.log(p / (1 - p)) + shift)


def _logit_of(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))
