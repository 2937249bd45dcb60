"""Train the cleaner's line model on the boilerplate DEV set and write patterns/boilerplate_weights.toml.

Reads ../shared/bench/boilerplate/dev (or the folder given as first argument); exits 0 with a
message when it is absent. Standard library + numpy only. Reproducible: fixed seeds, fixed
fold assignment (a hash of the page id).

Labels: the page's word tokens are aligned to the gold text's (difflib, in order); a line is
content when at least half its tokens are aligned. Two logistic models: stage 1 on the line
and neighbourhood features, stage 2 adding the stage-1 scores of the neighbours (trained on
out-of-fold stage-1 scores). Prints in-sample and k-fold-by-page cross-validated token F1
(the same measure as score_boilerplate.py, computed in-process, after the full decision:
strong rules, lists, repeats). Caveat: the CV is not nested, so the stage-1 scores that
stage 2 learns from on a fold's training pages came from models that had seen that fold's
test pages; the CV figure is therefore slightly optimistic for stage 2. The threshold
written is the operating point chosen on the CV figures: the best mean of all-pages and
article-pages F1 among thresholds keeping article recall >= --min-article-recall.

    .venv/bin/python benchmarks/train_clean.py [DEV_DIR] [--folds 5] [--l2 1e-4] [--iters 600] [--stages 2]
        [--min-article-recall 0.96] [--write]
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import math
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from factpull.page import clean
from factpull.page.clean import Line, decide, line_features, page_lines, stage2_features
from factpull.rules.load import builtin_dir, load_rules

HERE = Path(__file__).resolve().parent
DEFAULT_DEV = HERE.parents[1] / "shared" / "bench" / "boilerplate" / "dev"
CACHE = Path("/tmp/factpull_clean_labels.json")
TOKEN = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    return [t.lower() for t in TOKEN.findall(text)]


def label_lines(lines: list[Line], gold: str) -> list[float]:
    """Share of each line's tokens aligned to the gold tokens."""
    page_toks: list[str] = []
    owner: list[int] = []
    for i, line in enumerate(lines):
        for t in line.tokens:
            page_toks.append(t)
            owner.append(i)
    gold_toks = tokens(gold)
    matched = [0] * len(lines)
    sm = difflib.SequenceMatcher(None, page_toks, gold_toks, autojunk=False)
    for a, _b, size in sm.get_matching_blocks():
        # Single-token matches between unrelated places are noise unless the line is that short.
        for k in range(a, a + size):
            matched[owner[k]] += 1
    return [matched[i] / len(line.tokens) if line.tokens else 0.0 for i, line in enumerate(lines)]


def load_pages(folder: Path, rules: Any) -> list[dict[str, Any]]:
    manifest = {}
    for row in (folder / "manifest.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        cols = row.split("\t")
        manifest[cols[0]] = cols[2]
    cache: dict[str, list[float]] = {}
    if CACHE.exists():
        cache = json.loads(CACHE.read_text())
    pages = []
    dirty = False
    for pid in sorted(manifest):
        text = (folder / f"{pid}.page.txt").read_text(encoding="utf-8")
        gold = (folder / f"{pid}.gold.txt").read_text(encoding="utf-8")
        lines = page_lines(text, rules)
        key = hashlib.sha1((text + "\0" + gold).encode()).hexdigest()
        if key not in cache or len(cache[key]) != len(lines):
            cache[key] = label_lines(lines, gold)
            dirty = True
        pages.append(
            {"id": pid, "type": manifest[pid], "text": text, "gold": gold, "lines": lines, "labels": cache[key]}
        )
    if dirty:
        CACHE.write_text(json.dumps(cache))
    return pages


def fold_of(pid: str, k: int) -> int:
    return int(hashlib.sha256(("fold:" + pid).encode()).hexdigest()[:8], 16) % k


def page_f1(pred_tokens: Counter[str], gold_tokens: Counter[str]) -> tuple[float, float, float]:
    overlap = sum((pred_tokens & gold_tokens).values())
    p = overlap / max(1, sum(pred_tokens.values()))
    r = overlap / max(1, sum(gold_tokens.values()))
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def kept_score(pg: dict[str, Any], reasons: Sequence[str | None]) -> tuple[float, float, float]:
    """F1 / P / R of the tokens of a page's kept lines (``reasons[i] is None``) against its gold;
    the per-line token counts are computed once per page and kept in ``pg``."""
    if "span_tokens" not in pg:
        pg["span_tokens"] = [Counter(tokens(pg["text"][line.start : line.end])) for line in pg["lines"]]
        pg["gold_tokens"] = Counter(tokens(pg["gold"]))
    pred: Counter[str] = Counter()
    for c, r in zip(pg["span_tokens"], reasons, strict=True):
        if r is None:
            pred.update(c)
    return page_f1(pred, pg["gold_tokens"])


class LogReg:
    def __init__(self, names: list[str], l2: float = 1e-3, iters: int = 250, lr: float = 0.08) -> None:
        self.names, self.l2, self.iters, self.lr = names, l2, iters, lr
        self.w = np.zeros(len(names))

    def fit(self, x: np.ndarray, y: np.ndarray, sw: np.ndarray, offset: np.ndarray | None = None) -> LogReg:
        off = np.zeros(len(y)) if offset is None else offset
        mean = x.mean(axis=0)
        std = x.std(axis=0)
        mean[0], std[0] = 0.0, 1.0  # bias column
        std[std < 1e-9] = 1.0
        z = (x - mean) / std
        w = np.zeros(x.shape[1])
        m = np.zeros_like(w)
        v = np.zeros_like(w)
        sw = sw / sw.sum()
        for t in range(1, self.iters + 1):
            p = 1 / (1 + np.exp(-np.clip(z @ w + off, -30, 30)))
            g = z.T @ ((p - y) * sw) + self.l2 * np.r_[0.0, w[1:]]
            m = 0.9 * m + 0.1 * g
            v = 0.999 * v + 0.001 * g * g
            w -= self.lr * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
        # Fold the standardisation into raw-feature weights.
        raw = w / std
        raw[0] = w[0] - float((w[1:] * mean[1:] / std[1:]).sum())
        self.w = raw
        return self

    def predict(self, x: np.ndarray, offset: np.ndarray | None = None) -> np.ndarray:
        off = 0.0 if offset is None else offset
        return np.asarray(1 / (1 + np.exp(-np.clip(x @ self.w + off, -30, 30))))


def matrix(feats: list[dict[str, np.ndarray]], names: list[str]) -> np.ndarray:
    blocks = []
    for cols in feats:
        n = len(next(iter(cols.values())))
        blocks.append(np.column_stack([cols.get(name, np.zeros(n)) for name in names]))
    return np.vstack(blocks)


def feature_names(feats: list[dict[str, np.ndarray]], fixed: dict[str, float], min_count: int = 5) -> list[str]:
    """Features seen often enough to learn a weight (rules with their own weight are fixed)."""
    counts: Counter[str] = Counter()
    for cols in feats:
        for k, v in cols.items():
            if k not in fixed:
                counts[k] += int(np.count_nonzero(v))
    names = sorted(k for k, c in counts.items() if c >= min_count and k != "bias")
    return ["bias", *names]


def sample_weights(pages: list[dict[str, Any]], mode: str) -> np.ndarray:
    out = []
    for pg in pages:
        total = sum(len(line.tokens) for line in pg["lines"]) or 1
        gold_total = len(tokens(pg["gold"])) or 1
        for line in pg["lines"]:
            n = len(line.tokens)
            if mode == "tokens":
                out.append(n + 0.5)
            elif mode == "page":
                out.append((n + 0.5) / math.sqrt(total * gold_total) * 1000)
            else:
                out.append(1.0)
    return np.asarray(out)


def evaluate(pages: list[dict[str, Any]], probs: list[np.ndarray], rules: Any, threshold: float) -> dict[str, Any]:
    cfg = clean._config(rules)
    saved = cfg.classifier
    object.__setattr__(cfg, "classifier", {**saved, "threshold": threshold})
    by_type: dict[str, list[tuple[float, float, float]]] = {}
    allp = []
    try:
        for pg, pr in zip(pages, probs, strict=True):
            lines = pg["lines"]
            whole = clean._is_short_input(lines, cfg.thresholds)
            reasons = decide(lines, pr if not whole else np.ones(len(lines)), pg["feats"], rules, whole=whole)
            s = kept_score(pg, reasons)
            by_type.setdefault(pg["type"], []).append(s)
            allp.append(s)
    finally:
        object.__setattr__(cfg, "classifier", saved)

    def mean(rows: list[tuple[float, float, float]]) -> tuple[float, float, float]:
        return tuple(sum(r[i] for r in rows) / len(rows) for i in range(3))  # type: ignore[return-value]

    return {"all": mean(allp), **{t: mean(v) for t, v in sorted(by_type.items())}}


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser()
    ap.add_argument("dev", nargs="?", default=str(DEFAULT_DEV))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--weights", default="page")
    ap.add_argument("--l2", type=float, default=1e-4)
    ap.add_argument("--min-article-recall", type=float, default=0.96, help="recall floor of the operating point")
    ap.add_argument("--iters", type=int, default=600, help="optimiser steps per model")
    ap.add_argument("--stages", type=int, default=2, choices=(2, 3), help="stacked models (2 or 3)")
    ap.add_argument("--write", action="store_true", help="write patterns/boilerplate_weights.toml")
    return ap.parse_args()


class Data:
    """The training set: every line of every page, its label, weight, fold and fixed-weight offset."""

    def __init__(self, pages: list[dict[str, Any]], rules: Any, args: argparse.Namespace) -> None:
        self.pages, self.args = pages, args
        self.fixed = dict(clean._config(rules).own_weights)
        self.y = np.asarray([1.0 if lab >= 0.5 else 0.0 for pg in pages for lab in pg["labels"]])
        self.sw = sample_weights(pages, args.weights)
        all1 = [pg["feats"] for pg in pages]
        fixed = self.fixed
        self.off = matrix(all1, list(fixed)) @ np.asarray(list(fixed.values())) if fixed else np.zeros(len(self.y))
        self.names1 = feature_names(all1, fixed)
        self.x1 = matrix(all1, self.names1)
        page_of = np.asarray([i for i, pg in enumerate(pages) for _ in pg["lines"]])
        self.folds = np.asarray([fold_of(pages[i]["id"], args.folds) for i in page_of])

    def model(self, names: list[str]) -> LogReg:
        return LogReg(names, l2=self.args.l2, iters=self.args.iters)

    def out_of_fold(self, names: list[str], x: np.ndarray) -> np.ndarray:
        """Scores of every line by a model trained on the other folds."""
        oof = np.zeros(len(self.y))
        for k in range(self.args.folds):
            tr, te = self.folds != k, self.folds == k
            m = self.model(names).fit(x[tr], self.y[tr], self.sw[tr], self.off[tr])
            oof[te] = m.predict(x[te], self.off[te])
        return oof

    def fit(self, names: list[str], x: np.ndarray) -> LogReg:
        return self.model(names).fit(x, self.y, self.sw, self.off)

    def stage2(self, p1: np.ndarray) -> list[dict[str, np.ndarray]]:
        """Stage-2 features of every page over the scores ``p1``."""
        out = []
        for pg, p in zip(self.pages, self.per_page(p1), strict=True):
            out.append(stage2_features(pg["feats"], p, pg["lines"]))
        return out

    def per_page(self, p: np.ndarray) -> list[np.ndarray]:
        out, pos = [], 0
        for pg in self.pages:
            n = len(pg["lines"])
            out.append(p[pos : pos + n])
            pos += n
        return out


def main() -> int:
    args = parse_args()
    folder = Path(args.dev)
    if not (folder / "manifest.tsv").exists():
        print(f"train_clean: {folder} not found (it lives in ../shared); nothing to do")
        return 0
    t0 = time.time()
    rules = load_rules()
    pages = load_pages(folder, rules)
    for pg in pages:
        pg["feats"] = line_features(pg["lines"], rules)
    print(f"{len(pages)} pages, features in {time.time() - t0:.1f}s", file=sys.stderr)
    data = Data(pages, rules, args)
    names1, x1 = data.names1, data.x1
    # Out-of-fold stage-1 scores (stage 2 learns from scores like those it will see).
    oof1 = data.out_of_fold(names1, x1)
    feats2 = data.stage2(oof1)
    names2 = feature_names(feats2, data.fixed)
    x2 = matrix(feats2, names2)
    # Cross-validated stage 2 (its stage-1 inputs are already out of fold for every page;
    # inner stage 1 for the test fold is the OOF one, so the test pages were never seen).
    oof2 = data.out_of_fold(names2, x2)
    # Stage 3 (optional): the same stacking once more, over out-of-fold stage-2 scores.
    oof3 = oof2
    x3 = None
    if args.stages >= 3:
        x3 = matrix(data.stage2(oof2), names2)
        oof3 = data.out_of_fold(names2, x3)
    # Final models on all pages.
    final1 = data.fit(names1, x1)
    final2 = data.fit(names2, x2)  # trained on OOF stage-1 scores
    p2_in = final2.predict(matrix(data.stage2(final1.predict(x1, data.off)), names2), data.off)
    final3 = data.fit(names2, x3) if x3 is not None else None  # trained on OOF stage-2 scores
    p_in = p2_in if final3 is None else final3.predict(matrix(data.stage2(p2_in), names2), data.off)
    print(f"trained in {time.time() - t0:.1f}s", file=sys.stderr)
    best_t, cv = choose_threshold(data, rules, oof1, oof2, oof3)
    ins = evaluate(pages, data.per_page(p_in), rules, best_t)
    print(f"\nthreshold {best_t}: F1 / P / R by page type (CV {args.folds}-fold by page | in-sample)")
    for key in cv:
        c, i = cv[key], ins[key]
        print(f"  {key:14s} {c[0]:.3f} / {c[1]:.3f} / {c[2]:.3f}   | {i[0]:.3f} / {i[1]:.3f} / {i[2]:.3f}")
    if args.write:
        write_model(names1, final1.w, names2, final2.w, final3.w if final3 is not None else None, best_t, args)
    return 0


def choose_threshold(
    data: Data, rules: Any, oof1: np.ndarray, oof2: np.ndarray, oof3: np.ndarray
) -> tuple[float, dict[str, Any]]:
    """The operating point: the threshold with the best mean of the CV F1 over all pages and over
    article pages, among those keeping CV article recall >= --min-article-recall (dropping
    article text is worse than keeping a stray line). Returns it and its CV figures."""
    args, pages = data.args, data.pages
    print("threshold  CV-stage1  CV-stage2  CV-final  (CV-final articles F1 / P / R)")
    best_t, best_f = 0.5, -1.0
    results = {}
    for t in (0.35, 0.4, 0.425, 0.45, 0.475, 0.5):
        cv1 = evaluate(pages, data.per_page(oof1), rules, t)
        cv2 = evaluate(pages, data.per_page(oof2), rules, t)
        cvf = evaluate(pages, data.per_page(oof3), rules, t) if args.stages >= 3 else cv2
        results[t] = cvf
        art = cvf.get("article", (0.0, 0.0, 0.0))
        print(
            f"{t:9.2f}  {cv1['all'][0]:.4f}     {cv2['all'][0]:.4f}     {cvf['all'][0]:.4f}"
            f"    ({art[0]:.4f} / {art[1]:.4f} / {art[2]:.4f})"
        )
        score = (cvf["all"][0] + art[0]) / 2 if art[2] >= args.min_article_recall else art[2] - 1.0
        if score > best_f:
            best_t, best_f = t, score
    return best_t, results[best_t]


def write_model(
    names1: list[str],
    w1: np.ndarray,
    names2: list[str],
    w2: np.ndarray,
    w3: np.ndarray | None,
    threshold: float,
    args: Any,
) -> None:
    def fmt_list(values: list[str]) -> str:
        return "[\n" + "".join(f"  {json.dumps(v)},\n" for v in values) + "]"

    def fmt_floats(values: np.ndarray) -> str:
        return "[\n" + "".join(f"  {float(v):.6g},\n" for v in values) + "]"

    body = f"""# Line model of the cleaner: weights of two logistic models over the features computed by
# src/factpull/page/clean.py (a third, if stage3_weights is present). GENERATED by benchmarks/train_clean.py (weights={args.weights},
# l2={args.l2}, iters={args.iters}, folds={args.folds}) from the boilerplate DEV set; do not edit by hand.
# Features are raw (not standardised); rule features are "rule:<id>" of boilerplate.toml.

[schema.classifier]
threshold = "float"
stage1_features = "list"
stage1_weights = "list"
stage2_features = "list"
stage2_weights = "list"
stage3_weights = "list?"

[classifier]
threshold = {threshold}
stage1_features = {fmt_list(names1)}
stage1_weights = {fmt_floats(w1)}
stage2_features = {fmt_list(names2)}
stage2_weights = {fmt_floats(w2)}
"""
    if w3 is not None:
        body += f"# Stage 3 reads the stage-2 features with the stage-2 scores in place of the stage-1 ones.\nstage3_weights = {fmt_floats(w3)}\n"
    path = builtin_dir() / "boilerplate_weights.toml"
    path.write_text(body, encoding="utf-8")
    print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
