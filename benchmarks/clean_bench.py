"""Boilerplate benchmark: run clean_text in-process over a folder of ID.page.txt files, write
ID.pred.txt (the article text as the pipeline builds it) and score them with the shared scorer.

Reads ../shared/bench/boilerplate/dev by default (or the folder given as first argument);
prints a message and exits 0 when it is absent.

    .venv/bin/python benchmarks/clean_bench.py [FOLDER] [--out DIR] [--worst N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from factpull.page.clean import clean_text
from factpull.page.textview import TextView
from factpull.rules.load import load_rules

HERE = Path(__file__).resolve().parent
BENCH = HERE.parents[1] / "shared" / "bench"
DEFAULT = BENCH / "boilerplate" / "dev"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default=str(DEFAULT))
    ap.add_argument("--out", help="folder for the ID.pred.txt files (default: a temporary folder)")
    ap.add_argument("--worst", type=int, default=0, help="also list the N worst pages")
    args = ap.parse_args()
    folder = Path(args.folder)
    scorer = BENCH / "score_boilerplate.py"
    if not folder.is_dir() or not scorer.exists():
        print(f"clean_bench: {folder} or {scorer} not found (they live in ../shared); nothing to do")
        return 0
    pages = sorted(folder.glob("*.page.txt"))
    rules = load_rules()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(args.out) if args.out else Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        texts = [(p.name[: -len(".page.txt")], p.read_text(encoding="utf-8")) for p in pages]
        t0, c0 = time.perf_counter(), time.process_time()
        preds = []
        for pid, text in texts:
            result = clean_text(text, rules)
            preds.append((pid, TextView.build(text, result.kept).text))
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
        for pid, pred in preds:
            (out / f"{pid}.pred.txt").write_text(pred, encoding="utf-8")
        base = [sys.executable, str(scorer), str(folder), "--pred-dir", str(out)]
        print("== overall (by source)")
        subprocess.run(base, check=False)
        print("\n== by page type")
        subprocess.run([*base, "--by", "page_type"], check=False)
        if args.worst:
            print(f"\n== worst {args.worst}")
            subprocess.run([*base, "--worst", str(args.worst)], check=False)
    rate = len(texts) / elapsed if elapsed else float("inf")
    print(f"\ncleaned {len(texts)} pages in {elapsed:.1f} s wall, {cpu:.1f} s CPU ({rate:.1f} pages/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
