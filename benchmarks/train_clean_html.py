"""Train the HTML cleaner's line model on the boilerplate DEV pages' HTML and write
patterns/html_weights.toml.

Reads ../shared/bench/boilerplate/dev-html/ID.html.gz and the gold of ../shared/bench/boilerplate/dev
(or the folders given); exits 0 with a message when they are absent. numpy only (and factpull).
Reproducible: fixed fold assignment (a hash of the page id, as benchmarks/train_clean.py).

Each page is rendered by factpull (page.html), its lines are labelled as in train_clean.py (a
line is content when at least half its tokens align to the gold text), and two logistic models
are fitted on the features of page.htmlclean (the text cleaner's score plus the block's markup
evidence; stage 2 adds the neighbours' stage-1 scores, learned from out-of-fold stage-1 scores).
Prints the k-fold-by-page cross-validated token F1 (the scorer's measure, after the full
decision) by page type; the threshold written is the best CV weighted mean of all-pages and
article-pages F1 (articles weigh --article-weight) among those keeping article recall >=
--min-article-recall. Caveat: the text
cleaner's own weights (an input feature) were trained on the text renderings of the same dev
pages, so the CV figure is somewhat optimistic; the hidden HTML pages measure it honestly.

    .venv/bin/python benchmarks/train_clean_html.py [--shared ../shared] [--folds 5] [--write]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
from train_clean import LogReg, fold_of, kept_score, label_lines, matrix, sample_weights

from factpull.page.clean import decide, page_lines, score_lines, stage2_features
from factpull.page.html import render_html
from factpull.page.htmlclean import _Model, _to_text_scale, html_features
from factpull.rules.load import builtin_dir, load_rules

HERE = Path(__file__).resolve().parent
CACHE = Path("/tmp/factpull_html_labels.json")


def load(shared: Path, rules: Any) -> list[dict[str, Any]]:
    dev, html = shared / "bench/boilerplate/dev", shared / "bench/boilerplate/dev-html"
    manifest = {}
    for row in (dev / "manifest.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        cols = row.split("\t")
        manifest[cols[0]] = cols[2]
    cache: dict[str, list[float]] = json.loads(CACHE.read_text()) if CACHE.exists() else {}
    pages, dirty = [], False
    for pid in sorted(manifest):
        page = render_html(gzip.decompress((html / f"{pid}.html.gz").read_bytes()), rules)
        gold = (dev / f"{pid}.gold.txt").read_text(encoding="utf-8")
        lines = page_lines(page, rules)
        key = hashlib.sha1((page + "\0" + gold).encode()).hexdigest()
        if key not in cache or len(cache[key]) != len(lines):
            cache[key], dirty = label_lines(lines, gold), True
        text_probs, text_feats = score_lines(lines, rules) if lines else (np.zeros(0), {})
        pages.append(
            {
                "id": pid,
                "type": manifest[pid],
                "text": page,
                "gold": gold,
                "lines": lines,
                "labels": cache[key],
                "feats": text_feats,
                "f1": html_features(page, lines, text_probs, rules),
            }
        )
    if dirty:
        CACHE.write_text(json.dumps(cache))
    return [p for p in pages if p["lines"]]


def evaluate(pages: list[dict[str, Any]], probs: list[np.ndarray], rules: Any, threshold: float) -> dict[str, Any]:
    text_t = float(rules.settings["boilerplate_weights.classifier"]["threshold"])
    model = _Model(threshold, {}, {}, text_t)
    rows: dict[str, list[tuple[float, float, float]]] = {}
    for pg, pr in zip(pages, probs, strict=True):
        reasons = decide(pg["lines"], _to_text_scale(pr, model), pg["feats"], rules)
        s = kept_score(pg, reasons)
        rows.setdefault("all", []).append(s)
        rows.setdefault(pg["type"], []).append(s)
    return {k: tuple(float(np.mean([r[i] for r in v])) for i in range(3)) for k, v in sorted(rows.items())}


def fit_predict(
    pages: list[dict[str, Any]], args: Any, folds: int
) -> tuple[list[np.ndarray], np.ndarray, list[str], list[str]]:
    """Out-of-fold stage-2 scores of every page, the out-of-fold stage-1 scores of every line
    (the final stage 2 learns from them), and the feature names."""
    names1 = list(pages[0]["f1"])
    y = np.concatenate([np.asarray([1.0 if lab >= 0.5 else 0.0 for lab in p["labels"]]) for p in pages])
    sw = sample_weights(pages, "page")
    x1 = matrix([p["f1"] for p in pages], names1)
    owner = np.concatenate([np.full(len(p["lines"]), fold_of(p["id"], folds)) for p in pages])
    p1 = out_of_fold(x1, y, sw, owner, names1, args, folds)
    f2, pos = [], 0
    for p in pages:
        n = len(p["lines"])
        f2.append(stage2_features(p["f1"], p1[pos : pos + n], p["lines"]))
        pos += n
    names2 = list(f2[0])
    p2 = out_of_fold(matrix(f2, names2), y, sw, owner, names2, args, folds)
    out, pos = [], 0
    for p in pages:
        n = len(p["lines"])
        out.append(p2[pos : pos + n])
        pos += n
    return out, p1, names1, names2


def out_of_fold(x: Any, y: Any, sw: Any, owner: Any, names: list[str], args: Any, folds: int) -> np.ndarray:
    """Each line's score from the model fitted on the other folds' pages."""
    p = np.zeros(len(y))
    for k in range(folds):
        tr, te = owner != k, owner == k
        p[te] = LogReg(names, l2=args.l2, iters=args.iters).fit(x[tr], y[tr], sw[tr]).predict(x[te])
    return p


def final_weights(
    pages: list[dict[str, Any]], args: Any, names1: list[str], names2: list[str], oof1: np.ndarray
) -> tuple[Any, Any]:
    """Stage 1 on all pages; stage 2 on the out-of-fold stage-1 scores (the scores it will
    meet on new pages are out-of-sample too)."""
    y = np.concatenate([np.asarray([1.0 if lab >= 0.5 else 0.0 for lab in p["labels"]]) for p in pages])
    sw = sample_weights(pages, "page")
    x1 = matrix([p["f1"] for p in pages], names1)
    m1 = LogReg(names1, l2=args.l2, iters=args.iters).fit(x1, y, sw)
    f2, pos = [], 0
    p1 = oof1
    for p in pages:
        n = len(p["lines"])
        f2.append(stage2_features(p["f1"], p1[pos : pos + n], p["lines"]))
        pos += n
    m2 = LogReg(names2, l2=args.l2, iters=args.iters).fit(matrix(f2, names2), y, sw)
    return m1.w, m2.w


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=HERE.parents[1] / "shared")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--l2", type=float, default=1e-4)
    ap.add_argument("--iters", type=int, default=600)
    ap.add_argument("--min-article-recall", type=float, default=0.95)
    ap.add_argument(
        "--article-weight", type=float, default=3.0, help="weight of article-pages F1 in the operating point"
    )
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    if not (args.shared / "bench/boilerplate/dev-html").is_dir():
        print(f"train_clean_html: {args.shared}/bench/boilerplate/dev-html not found; skipped")
        return 0
    rules = load_rules()
    pages = load(args.shared, rules)
    print(f"{len(pages)} pages, {sum(len(p['lines']) for p in pages)} lines", file=sys.stderr)
    oof, oof1, names1, names2 = fit_predict(pages, args, args.folds)
    best_t, best = 0.5, -1.0
    for t in np.arange(0.2, 0.71, 0.05):
        ev = evaluate(pages, oof, rules, float(t))
        art = ev.get("article", ev["all"])
        line = "  ".join(f"{k} {v[0]:.3f}" for k, v in ev.items())
        print(f"t={t:.2f} CV F1 {line}  article R {art[2]:.3f}")
        goal = (ev["all"][0] + args.article_weight * art[0]) / (1 + args.article_weight)
        if art[2] >= args.min_article_recall and goal > best:
            best, best_t = goal, float(round(t, 2))
    print(f"threshold {best_t}")
    if args.write:
        w1, w2 = final_weights(pages, args, names1, names2, oof1)
        write_model(names1, w1, names2, w2, best_t, args)
    return 0


def write_model(names1: list[str], w1: Any, names2: list[str], w2: Any, threshold: float, args: Any) -> None:
    def fmt(values: list[Any], f: Any) -> str:
        return "[\n" + "".join(f"  {f(v)},\n" for v in values) + "]"

    body = f"""# Line model of the HTML cleaner (src/factpull/page/htmlclean.py): two logistic models over the
# text cleaner's score and the markup evidence of each line. GENERATED by benchmarks/train_clean_html.py
# (l2={args.l2}, iters={args.iters}, folds={args.folds}, article weight {args.article_weight}) from the boilerplate DEV
# pages' HTML; do not edit by hand.

[schema.classifier]
threshold = "float"
stage1_features = "list"
stage1_weights = "list"
stage2_features = "list"
stage2_weights = "list"

[classifier]
threshold = {threshold}
stage1_features = {fmt(names1, json.dumps)}
stage1_weights = {fmt(list(w1), lambda v: f"{float(v):.6g}")}
stage2_features = {fmt(names2, json.dumps)}
stage2_weights = {fmt(list(w2), lambda v: f"{float(v):.6g}")}
"""
    path = builtin_dir() / "html_weights.toml"
    path.write_text(body, encoding="utf-8")
    print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
