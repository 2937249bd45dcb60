"""Crawl-scale figures (``make bench-crawl``): Dask against the local pool, archives against files.

Prints, on the same pages (../shared/bench/boilerplate/dev when present, else samples/
repeated to 500 pages):
1. words/second of ``factpull extract --jobs 2`` and of ``--dask local:2`` (whole processes,
   start-up included), and their ratio;
2. words/second of reading the same texts as one WET file (``.wet.gz``) vs as files, with
   ``--jobs 1``, and the overhead;
3. from the per-core rate, a paper estimate of core-hours for one Common Crawl WET snapshot.
It prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FACTPULL = str(Path(sys.executable).parent / "factpull")
# One Common Crawl snapshot: about 2.5 billion pages whose WET text averages about 750 words
# (order of magnitude from Common Crawl's published statistics; change them to your snapshot).
CC_PAGES = 2.5e9
CC_WORDS_PER_PAGE = 750


def load_texts(shared: Path) -> tuple[list[str], str]:
    dev = shared / "bench" / "boilerplate" / "dev"
    if dev.is_dir():
        pages = sorted(dev.glob("*.page.txt"))
        return [p.read_text(encoding="utf-8") for p in pages], f"{len(pages)} pages of {dev}"
    samples = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*.txt"))]
    texts = (samples * (500 // len(samples) + 1))[:500]
    return texts, f"{shared} not found: samples/ repeated to {len(texts)} pages"


def timed(cmd: list[str]) -> float:
    began = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - began


def write_wet(path: Path, texts: list[str]) -> None:
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as raw:
        writer = WARCWriter(raw, gzip=True)
        for i, text in enumerate(texts):
            record = writer.create_warc_record(
                f"https://example.org/page/{i}",
                "conversion",
                payload=io.BytesIO(text.encode("utf-8")),
                warc_headers_dict={"Content-Type": "text/plain", "WARC-Date": "2020-01-01T00:00:00Z"},
            )
            writer.write_record(record)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    texts, what = load_texts(args.shared)
    words = sum(len(t.split()) for t in texts)
    print(f"texts: {what}; {words:,} words")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        pages = work / "pages"
        pages.mkdir()
        for i, text in enumerate(texts):
            (pages / f"{i:05}.txt").write_text(text, encoding="utf-8")
        jobs2 = words / timed([FACTPULL, "extract", str(pages), "--jobs", "2", "-o", f"{work}/j2/"])
        dask2 = words / timed([FACTPULL, "extract", str(pages), "--dask", "local:2", "-o", f"{work}/d2/"])
        print(
            f"1. --jobs 2: {jobs2:,.0f} words/s; --dask local:2: {dask2:,.0f} words/s ({dask2 / jobs2:.2f}x --jobs 2)"
        )
        wet = work / "pages.wet.gz"
        write_wet(wet, texts)
        files1 = words / timed([FACTPULL, "extract", str(pages), "--jobs", "1", "-o", f"{work}/f1/"])
        wet1 = words / timed([FACTPULL, "extract", str(wet), "--jobs", "1", "-o", f"{work}/w1/"])
        print(
            f"2. --jobs 1: files {files1:,.0f} words/s; one WET file {wet1:,.0f} words/s ({files1 / wet1 - 1:+.1%} time)"
        )
        per_core = jobs2 / 2
        hours = CC_PAGES * CC_WORDS_PER_PAGE / per_core / 3600
        print(
            f"3. estimate: one Common Crawl WET snapshot ({CC_PAGES:.1e} pages x {CC_WORDS_PER_PAGE} words) at "
            f"{per_core:,.0f} words/s per core = {hours:,.0f} core-hours; "
            f"{hours / 24 / 7:,.0f} cores for a week, {hours / 24:,.0f} cores for a day"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
