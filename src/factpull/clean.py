"""Boilerplate stripping: which lines of a page are the article. Pure: no spaCy, no I/O.

Every non-blank line gets a score from two logistic models whose weights are data
(``patterns/boilerplate_model.toml``, trained by ``benchmarks/train_clean.py``):

* stage 1 reads the line's own features (length, function-word share, sentence end, list
  bullet, capitals, digits, position, rule hits of ``patterns/boilerplate.toml``) and its
  neighbourhood (article text comes in runs of long lines, menus in runs of short ones);
* stage 2 adds the stage-1 scores of the neighbouring lines, so a heading between two
  article paragraphs stays and a long line inside a footer goes.

Then: strong rules drop their lines, repeated and near-repeated paragraphs keep only their
first copy, and a short input (one line, one paragraph) is kept whole unless a strong rule
fires. Every dropped line is reported with the rule id or the signal that dropped it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import regex

from .model import Removed, Span
from .rules import BUILTIN_REGEX_TIMEOUT, Rule, Rules


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
# Configuration derived from the rules (cached per Rules object)


@dataclass(frozen=True, slots=True)
class _Config:
    token: regex.Pattern[str]
    bullets: frozenset[str]
    sentence_end: frozenset[str]
    separators: frozenset[str]
    stopwords: frozenset[str]
    line_rules: tuple[Rule, ...]
    prefilter: regex.Pattern[str] | None
    thresholds: Mapping[str, Any]
    model: Mapping[str, Any]
    stage1: dict[str, float]
    stage2: dict[str, float]


_CONFIGS: dict[int, tuple[Rules, _Config]] = {}


def _config(rules: Rules) -> _Config:
    """The cleaner's view of ``rules``, built once per Rules object (keyed by identity: Rules
    holds dicts, so it cannot be hashed)."""
    hit = _CONFIGS.get(id(rules))
    if hit is not None and hit[0] is rules:
        return hit[1]
    cfg = _build_config(rules)
    if len(_CONFIGS) >= 8:
        _CONFIGS.clear()
    _CONFIGS[id(rules)] = (rules, cfg)
    return cfg


def _build_config(rules: Rules) -> _Config:
    lex = rules.setting("boilerplate.lexicon")
    line_rules = rules.section("boilerplate.line")
    model: Mapping[str, Any] = rules.settings.get("boilerplate_model.model", {})
    names1 = list(model.get("stage1_features", []))
    names2 = list(model.get("stage2_features", []))
    stage1 = dict(zip(names1, (float(w) for w in model.get("stage1_weights", [])), strict=False))
    stage2 = dict(zip(names2, (float(w) for w in model.get("stage2_weights", [])), strict=False))
    return _Config(
        token=regex.compile(lex["token"]),
        bullets=frozenset(lex["bullets"]),
        sentence_end=frozenset(lex["sentence_end"]),
        separators=frozenset(lex["separators"]),
        stopwords=frozenset(w.lower() for w in lex["stopwords"]),
        line_rules=line_rules,
        prefilter=None,
        thresholds=rules.setting("boilerplate.thresholds"),
        model=model,
        stage1=stage1,
        stage2=stage2,
    )


# --------------------------------------------------------------------------------------
# Lines


def page_lines(text: str, rules: Rules) -> list[Line]:
    """The non-blank lines of ``text`` with their tokens, bullets and rule hits."""
    cfg = _config(rules)
    out: list[Line] = []
    pos, block, blank = 0, 0, False
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        stripped = raw.strip()
        if not stripped:
            blank = True
            continue
        if blank and out:
            block += 1
        blank = False
        lead = len(raw) - len(raw.lstrip())
        s = start + lead
        e = start + len(raw.rstrip())
        body = stripped
        bullet = numbered = False
        if body[0] in cfg.bullets and (len(body) == 1 or body[1] == " "):
            bullet = True
            body = body[1:].strip()
        else:
            head = body.split(" ", 1)[0]
            if len(head) <= 4 and head[:-1].isdigit() and head[-1] in ".)":
                numbered = True
                body = body[len(head) :].strip()
        tokens = [t.lower() for t in cfg.token.findall(body)]
        out.append(Line(s, e, body, block, tokens, bullet, numbered, lead))
    _apply_rules(out, cfg)
    return out


def _apply_rules(lines: list[Line], cfg: _Config) -> None:
    for line in lines:
        if not line.text:
            continue
        hits: list[str] = []
        n = len(line.tokens)
        for rule in cfg.line_rules:
            limit = rule.get("max_tokens")
            if limit is not None and n > limit:
                continue
            if rule.compiled["pattern"].search(line.text, timeout=BUILTIN_REGEX_TIMEOUT if not rule.user else 1.0):
                hits.append(rule.id)
                if rule.get("strong") and line.strong is None:
                    line.strong = rule.id
        line.rule_ids = tuple(hits)


# --------------------------------------------------------------------------------------
# Features


def _is_prose(line: Line, cfg: _Config) -> bool:
    th = cfg.thresholds
    n = len(line.tokens)
    if n < th["prose_min_tokens"]:
        return False
    stops = sum(1 for t in line.tokens if t in cfg.stopwords)
    return stops / n >= th["prose_min_stop_ratio"]


def _window_mean(values: Sequence[float], i: int, k: int) -> float:
    lo, hi = max(0, i - k), min(len(values), i + k + 1)
    count = hi - lo - 1
    if count <= 0:
        return 0.0
    return (sum(values[lo:hi]) - values[i]) / count


def _prefix(values: Sequence[float]) -> list[float]:
    acc, out = 0.0, [0.0]
    for v in values:
        acc += v
        out.append(acc)
    return out


def _windows(values: Sequence[float], ks: Sequence[int]) -> list[list[float]]:
    """For each k, the mean of ``values`` over the k lines either side (not the line itself)."""
    pre = _prefix(values)
    n = len(values)
    out = []
    for k in ks:
        col = []
        for i in range(n):
            lo, hi = max(0, i - k), min(n, i + k + 1)
            count = hi - lo - 1
            col.append((pre[hi] - pre[lo] - values[i]) / count if count > 0 else 0.0)
        out.append(col)
    return out


def line_features(lines: Sequence[Line], rules: Rules) -> list[dict[str, float]]:
    """Stage-1 features of every line, by name (the model's weights are keyed by these names)."""
    cfg = _config(rules)
    n = len(lines)
    if n == 0:
        return []
    th = cfg.thresholds
    seen: dict[str, int] = {}
    counts: dict[str, int] = {}
    for line in lines:
        key = " ".join(line.tokens) or line.text
        counts[key] = counts.get(key, 0) + 1
    base: list[dict[str, float]] = []
    logtok: list[float] = []
    prose: list[float] = []
    bullets: list[float] = []
    endp: list[float] = []
    stopr: list[float] = []
    total_tokens = sum(len(line.tokens) for line in lines) or 1
    for i, line in enumerate(lines):
        toks = line.tokens
        nt = len(toks)
        stops = sum(1 for t in toks if t in cfg.stopwords)
        alpha = [t for t in toks if t[:1].isalpha()]
        text = line.text
        words = text.split()
        caps = sum(1 for w in words if w[:1].isupper())
        letters = sum(1 for c in text if c.isalpha())
        upper = sum(1 for c in text if c.isupper())
        digits = sum(1 for c in text if c.isdigit())
        punct = sum(1 for c in text if not c.isalnum() and not c.isspace())
        chars = max(1, len(text))
        last = text[-1:] if text else ""
        key = " ".join(toks) or text
        f: dict[str, float] = {
            "bias": 1.0,
            "log_tokens": math.log1p(nt),
            "tok_le1": float(nt <= 1),
            "tok_le3": float(nt <= 3),
            "tok_ge10": float(nt >= 10),
            "tok_ge25": float(nt >= 25),
            "stop_ratio": stops / nt if nt else 0.0,
            "log_stops": math.log1p(stops),
            "end_punct": float(last in cfg.sentence_end),
            "end_colon": float(last == ":"),
            "bullet": float(line.bullet),
            "numbered": float(line.numbered),
            "indent": float(line.indent >= 4),
            "cap_ratio": caps / len(words) if words else 0.0,
            "all_caps": float(letters >= 3 and upper == letters),
            "digit_ratio": digits / chars,
            "punct_ratio": punct / chars,
            "alpha_ratio": len(alpha) / nt if nt else 0.0,
            "separators": min(3, sum(1 for c in text if c in cfg.separators)) / 3,
            "pos": i / n,
            "pos_sq": (i / n) ** 2,
            "dup_earlier": float(key in seen),
            "repeated": float(counts[key] > 1),
            "rule_any": float(bool(line.rule_ids)),
        }
        for rid in line.rule_ids:
            f["rule:" + rid] = 1.0
        seen[key] = i
        base.append(f)
        logtok.append(f["log_tokens"])
        is_prose = _is_prose(line, cfg)
        prose.append(float(is_prose))
        bullets.append(float(line.bullet or line.numbered))
        endp.append(f["end_punct"])
        stopr.append(f["stop_ratio"])
    # Blocks (blank-line separated).
    block_lines: dict[int, int] = {}
    block_tokens: dict[int, int] = {}
    block_prose: dict[int, float] = {}
    for line, p in zip(lines, prose, strict=True):
        block_lines[line.block] = block_lines.get(line.block, 0) + 1
        block_tokens[line.block] = block_tokens.get(line.block, 0) + len(line.tokens)
        block_prose[line.block] = block_prose.get(line.block, 0.0) + p
    # Neighbourhood windows.
    ks = (1, 3, 8)
    w_tok = _windows(logtok, ks)
    w_prose = _windows(prose, ks)
    w_bul = _windows(bullets, ks)
    w_end = _windows(endp, ks)
    w_stop = _windows(stopr, ks)
    # Distance to the nearest prose line; first and last prose line.
    prose_idx = [i for i, p in enumerate(prose) if p]
    first = prose_idx[0] if prose_idx else n
    last = prose_idx[-1] if prose_idx else -1
    dist_prev = [n] * n
    d = n
    for i in range(n):
        d = 0 if prose[i] else d + 1
        dist_prev[i] = d
    dist_next = [n] * n
    d = n
    for i in range(n - 1, -1, -1):
        d = 0 if prose[i] else d + 1
        dist_next[i] = d
    # Main region: the run of lines with the largest sum of (prose tokens - penalty).
    penalty = float(th["region_penalty"])
    gains = [len(line.tokens) if p else -penalty for line, p in zip(lines, prose, strict=True)]
    r_lo, r_hi = _max_subarray(gains)
    prose_tokens = sum(len(line.tokens) for line, p in zip(lines, prose, strict=True) if p)
    page_prose_share = prose_tokens / total_tokens
    for i, f in enumerate(base):
        line = lines[i]
        for j, k in enumerate(ks):
            f[f"ctx{k}_tokens"] = w_tok[j][i]
            f[f"ctx{k}_prose"] = w_prose[j][i]
            f[f"ctx{k}_bullet"] = w_bul[j][i]
            f[f"ctx{k}_end"] = w_end[j][i]
            f[f"ctx{k}_stop"] = w_stop[j][i]
        f["prose"] = prose[i]
        f["block_log_lines"] = math.log1p(block_lines[line.block])
        f["block_log_tokens"] = math.log1p(block_tokens[line.block])
        f["block_prose"] = block_prose[line.block] / block_lines[line.block]
        f["before_first_prose"] = float(i < first)
        f["after_last_prose"] = float(i > last)
        f["log_dist_prose"] = math.log1p(min(dist_prev[i], dist_next[i]))
        f["in_region"] = float(r_lo <= i <= r_hi)
        f["region_edge_dist"] = math.log1p(min(abs(i - r_lo), abs(i - r_hi))) * (1.0 if r_lo <= i <= r_hi else -1.0)
        f["page_prose_share"] = page_prose_share
        f["page_log_tokens"] = math.log1p(total_tokens)
        f["page_log_lines"] = math.log1p(n)
    return base


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


def stage2_features(stage1: Sequence[dict[str, float]], probs: Sequence[float], lines: Sequence[Line]) -> list[dict[str, float]]:
    """Stage-2 features: stage-1 features plus the stage-1 scores around each line."""
    n = len(probs)
    ks = (1, 2, 5, 12)
    wins = _windows(probs, ks)
    # Mean probability of the line's block.
    block_sum: dict[int, float] = {}
    block_n: dict[int, int] = {}
    for line, p in zip(lines, probs, strict=True):
        block_sum[line.block] = block_sum.get(line.block, 0.0) + p
        block_n[line.block] = block_n.get(line.block, 0) + 1
    # Highest probability before and after (is the line between two article stretches?).
    max_before = [0.0] * n
    m = 0.0
    for i in range(n):
        max_before[i] = m
        m = max(m, probs[i])
    max_after = [0.0] * n
    m = 0.0
    for i in range(n - 1, -1, -1):
        max_after[i] = m
        m = max(m, probs[i])
    out = []
    for i, f in enumerate(stage1):
        g = dict(f)
        g["p_self"] = probs[i]
        g["p_prev"] = probs[i - 1] if i > 0 else 0.0
        g["p_next"] = probs[i + 1] if i + 1 < n else 0.0
        for j, k in enumerate(ks):
            g[f"p_ctx{k}"] = wins[j][i]
        g["p_block"] = block_sum[lines[i].block] / block_n[lines[i].block]
        g["p_between"] = min(max_before[i], max_after[i])
        out.append(g)
    return out


def _logit(features: Mapping[str, float], weights: Mapping[str, float], default_rule: float) -> float:
    z = 0.0
    for name, value in features.items():
        w = weights.get(name)
        if w is None:
            if name.startswith("rule:"):
                z += default_rule * value
            continue
        z += w * value
    return z


def _sigmoid(z: float) -> float:
    if z < -40:
        return 0.0
    if z > 40:
        return 1.0
    return 1.0 / (1.0 + math.exp(-z))


def score_lines(lines: Sequence[Line], rules: Rules) -> tuple[list[float], list[dict[str, float]]]:
    """Probability that each line belongs to the main content (stage 2 of the model), and
    the stage-1 features (they explain the drops)."""
    cfg = _config(rules)
    f1 = line_features(lines, rules)
    default_rule = float(cfg.thresholds["default_rule_weight"])
    own = {"rule:" + r.id: float(r["weight"]) for r in cfg.line_rules if r.get("weight") is not None}
    p1 = [_sigmoid(_logit(f, {**own, **cfg.stage1}, default_rule)) for f in f1]
    if not cfg.stage2:
        return p1, f1
    f2 = stage2_features(f1, p1, lines)
    w2 = {**own, **cfg.stage2}
    return [_sigmoid(_logit(f, w2, default_rule)) for f in f2], f1


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
    probs, feats = ([1.0] * len(lines), None) if whole else score_lines(lines, rules)
    reasons = decide(lines, probs, feats, rules, whole=whole, template=template)
    kept = tuple(Span(line.start, line.end) for line, r in zip(lines, reasons, strict=True) if r is None)
    removed = tuple(Removed(line.start, line.end, r) for line, r in zip(lines, reasons, strict=True) if r is not None)
    return CleanResult(kept, removed)


def decide(
    lines: Sequence[Line],
    probs: Sequence[float],
    feats: Sequence[Mapping[str, float]] | None,
    rules: Rules,
    *,
    whole: bool = False,
    template: frozenset[str] = frozenset(),
) -> list[str | None]:
    """For each line, None (kept) or the reason it was dropped."""
    cfg = _config(rules)
    threshold = float(cfg.model.get("threshold", 0.5))
    reasons: list[str | None] = [None] * len(lines)
    for i, line in enumerate(lines):
        if line.strong is not None:
            reasons[i] = line.strong
        elif not line.text:
            reasons[i] = "signal.empty_bullet"
        elif template and " ".join(line.tokens) in template:
            reasons[i] = "signal.template"
        elif not whole and probs[i] < threshold:
            reasons[i] = _explain(line, feats[i] if feats is not None else {})
    if not whole:
        _drop_repeats(lines, reasons, cfg)
    return reasons


def _is_short_input(lines: Sequence[Line], th: Mapping[str, Any]) -> bool:
    if len(lines) <= th["whole_max_lines"]:
        return True
    one_block = all(line.block == lines[0].block for line in lines)
    return one_block and sum(len(line.tokens) for line in lines) <= th["whole_max_tokens"]


def _explain(line: Line, f: Mapping[str, float]) -> str:
    """The signal that best explains why a line was dropped."""
    if line.rule_ids:
        return line.rule_ids[0]
    if f.get("dup_earlier"):
        return "signal.duplicate"
    if f.get("repeated"):
        return "signal.repeated"
    if f.get("tok_le3") and (f.get("ctx3_tokens", 0.0) < 1.6 or f.get("bullet") or f.get("numbered")):
        return "signal.short_run"
    if f.get("before_first_prose") or f.get("after_last_prose") or not f.get("in_region"):
        return "signal.outside_article"
    if not f.get("end_punct") and f.get("cap_ratio", 0.0) > 0.6:
        return "signal.heading_like"
    return "signal.low_score"


def _drop_repeats(lines: Sequence[Line], reasons: list[str | None], cfg: _Config) -> None:
    """Keep only the first copy of a repeated or near-repeated kept line (also captions that
    repeat the paragraph before them)."""
    th = cfg.thresholds
    min_tokens = int(th["near_dup_min_tokens"])
    overlap = float(th["near_dup_overlap"])
    window = int(th["near_dup_window"])
    seen: set[str] = set()
    recent: list[frozenset[str]] = []
    for i, line in enumerate(lines):
        if reasons[i] is not None:
            continue
        key = " ".join(line.tokens)
        if key and key in seen and len(line.tokens) >= 2:
            reasons[i] = "signal.duplicate"
            continue
        seen.add(key)
        if len(line.tokens) < min_tokens:
            continue
        words = frozenset(line.tokens)
        for other in recent[-window:]:
            common = len(words & other)
            if common >= overlap * len(words) and common >= overlap * 0.5 * len(other):
                reasons[i] = "signal.duplicate"
                break
        else:
            recent.append(words)
