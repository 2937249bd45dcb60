"""Words per second of ``extract_dates`` and ``extract_quantities`` on real pages (reads ../shared).

    .venv/bin/python benchmarks/facts_speed.py [--shared ../shared] [--pages 60] [--passes 3]

Runs both extractors over the first N ``SHARED/bench/boilerplate/dev/*.page.txt`` pages, several
passes in one process (the first pass is cold: the per-Rules memo of which date rules can start
with which tokens is still empty), and prints CPU-time words per second for dates, quantities on
their own (they find the dates themselves) and quantities given the dates (as the pipeline calls
them). Exits 0 with a note when the shared folder is absent.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

from factpull.extract.dates import extract_dates
from factpull.extract.quantities import extract_quantities
from factpull.rules.load import load_rules

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--pages", type=int, default=60)
    ap.add_argument("--passes", type=int, default=3)
    args = ap.parse_args()
    pages = sorted((args.shared / "bench" / "boilerplate" / "dev").glob("*.page.txt"))[: args.pages]
    if not pages:
        print(f"no pages under {args.shared}/bench/boilerplate/dev: nothing to measure")
        return 0
    rules = load_rules()
    texts = [p.read_text(encoding="utf-8") for p in pages]
    words = sum(len(t.split()) for t in texts)
    ref = dt.date(2020, 5, 6)
    extract_dates("3 May 2020", ref, rules)  # compile the grammars outside the timing
    extract_quantities("5 km", rules, dates=[])
    print(f"{len(texts)} pages, {words} words")
    for k in range(args.passes):
        t0 = time.process_time()
        dates = [extract_dates(t, ref, rules) for t in texts]
        t1 = time.process_time()
        for t in texts:  # each finding its own dates
            extract_quantities(t, rules, dates=extract_dates(t, ref, rules))
        t2 = time.process_time()
        for t, d in zip(texts, dates, strict=True):
            extract_quantities(t, rules, dates=d)
        t3 = time.process_time()
        print(
            f"pass {k + 1}: dates {words / (t1 - t0):,.0f} w/s | quantities alone {words / (t2 - t1):,.0f} w/s"
            f" | quantities(dates=) {words / (t3 - t2):,.0f} w/s | dates + quantities(dates=)"
            f" {words / (t1 - t0 + t3 - t2):,.0f} w/s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
