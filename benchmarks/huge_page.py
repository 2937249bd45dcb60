"""Time each stage on one huge page: the samples/*.txt concatenated to SIZE characters.

    .venv/bin/python benchmarks/huge_page.py [--size 5000000]

Cleaner, metadata, dates and quantities run in-process on the one page (no spaCy), each
timed; a stage whose time grows faster than the page does shows here long before a real
crawl meets such a page. Prints a digest of each stage's output, so that two versions of
the code can be checked to give the same facts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from factpull.extract.dates import extract_dates
from factpull.extract.quantities import extract_quantities
from factpull.page.clean import clean_text
from factpull.page.metadata import find_metadata
from factpull.pipeline import Extractor

ROOT = Path(__file__).resolve().parents[1]
T = TypeVar("T")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=5_000_000, help="characters of the page (default 5,000,000)")
    size = ap.parse_args().size
    sample = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*.txt")))
    text = ((sample + "\n\n") * (size // (len(sample) + 2) + 1))[:size]
    extractor = Extractor()
    extractor.prepare()
    rules = extractor.rules

    def timed(name: str, stage: Callable[[], T]) -> T:
        start = time.perf_counter()
        out = stage()
        print(f"{name:12s} {time.perf_counter() - start:8.2f} s", flush=True)
        return out

    cleaned = timed("clean", lambda: clean_text(text, rules))
    metadata = timed("metadata", lambda: find_metadata(text, cleaned, rules))
    dates = timed("dates", lambda: extract_dates(text, dt.date(2021, 4, 6), rules))
    quantities = timed("quantities", lambda: extract_quantities(text, rules, dates=dates))
    print(f"{len(text):,} characters: {len(dates):,} dates, {len(quantities):,} quantities")
    for name, out in (("clean", cleaned), ("metadata", metadata), ("dates", dates), ("quantities", quantities)):
        print(f"digest {name:10s} {hashlib.sha256(repr(out).encode()).hexdigest()[:16]}")


if __name__ == "__main__":
    main()
