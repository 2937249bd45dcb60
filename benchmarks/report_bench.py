"""Size and speed of `factpull report` for a large batch (default 1,000 documents).

Extracts each page of ../shared/bench/boilerplate/dev once (``--shared``; without it, says so
and stops), repeats the Documents up to ``--documents``, then times the HTML rendering alone
(sections + overview, what ``factpull report`` adds to extraction), reports the file size,
the largest document section, and checks the file is well-formed XML. It prints figures; it
is not a test. End to end, time the command itself:
``time factpull report PAGES/ -o report.html``.
"""

from __future__ import annotations

import argparse
import io
import itertools
import pickle
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from factpull import Extractor, Options
from factpull.io.readers import decode
from factpull.view.report import ReportCollector, SectionMaker, write_report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=None, help="keep the report here (default: a temporary file)")
    parser.add_argument("--cache", type=Path, default=None, help="pickle the extracted Documents here and reuse them")
    args = parser.parse_args()
    dev = args.shared / "bench" / "boilerplate" / "dev"
    if not dev.is_dir():
        print(f"report_bench: {dev} not found (the benchmarks live in ../shared); nothing measured")
        return 0
    paths = sorted(dev.glob("*.page.txt"))
    if args.cache and args.cache.is_file():
        with args.cache.open("rb") as handle:
            pages, extract_s = pickle.load(handle)
    else:
        extractor = Extractor(Options())
        extractor.load_pipeline()  # before timing
        started = time.perf_counter()
        pages = []
        for path in paths:
            text = decode(path.read_bytes(), source=path.name)
            pages.append((path.name, text, extractor(text, source=path.name)))
        extract_s = time.perf_counter() - started
        if args.cache:
            with args.cache.open("wb") as handle:
                pickle.dump((pages, extract_s), handle)
    chars = sum(len(t) for _, t, _ in pages)
    print(f"pages: {len(pages)} ({chars / 1e6:.1f} M characters), extraction {extract_s:.1f} s")

    batch = list(itertools.islice(itertools.cycle(pages), args.documents))
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        collector = ReportCollector(spool)
        biggest = 0
        for _name, text, doc in batch:
            maker = SectionMaker(lambda t, d=doc, **_: d)
            maker(text, source=doc.source)
            formatted = maker.format({}, doc)
            biggest = max(biggest, len(formatted))
            collector.write(formatted)
        out = io.StringIO()
        write_report(out, collector, title="report_bench")
    render_s = time.perf_counter() - started
    report = out.getvalue()
    size = len(report.encode("utf-8"))
    input_chars = sum(len(t) for _, t, _ in batch)
    print(
        f"report of {len(batch)} documents ({input_chars / 1e6:.1f} M input characters): "
        f"{size / 1e6:.1f} MB HTML ({size / input_chars:.1f} bytes per input character), "
        f"rendered in {render_s:.1f} s ({1000 * render_s / len(batch):.1f} ms per document); "
        f"largest section {biggest / 1e6:.2f} MB"
    )
    started = time.perf_counter()
    ET.fromstring(report)
    print(f"well-formed XML: yes (parsed in {time.perf_counter() - started:.1f} s)")
    if args.out:
        args.out.write_text(report, encoding="utf-8")
        print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
