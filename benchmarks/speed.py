"""Speed and memory of factpull against raw spaCy on the same texts (``make bench-speed``).

Prints, in one run:
1. words/second of raw spaCy ``nlp.pipe`` with the same model: full default pipeline, and
   tok2vec+ner only;
2. words/second of factpull end to end (clean + extract + JSON, whole processes, start-up
   included) with ``--jobs 1`` and ``--jobs 2``, and their ratios to (1);
3. cold start: ``factpull extract`` on a one-line stdin vs ``python -c "import spacy;
   spacy.load(MODEL)"``, median of 5;
4. peak RSS for 100 and 2,000 inputs, and for one 20 MB input.

Texts: the pages of ../shared/bench/boilerplate/dev when present (``--shared``), else the
pages of samples/ repeated. Words are whitespace-separated tokens of the INPUT.
It prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def load_texts(shared: Path) -> tuple[list[str], str]:
    dev = shared / "bench" / "boilerplate" / "dev"
    if dev.is_dir():
        pages = sorted(dev.glob("*.page.txt"))
        return [p.read_text(encoding="utf-8") for p in pages], f"{len(pages)} pages of {dev}"
    samples = sorted((ROOT / "samples").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in samples] * 100
    return texts, f"{shared} not found: samples/ repeated ({len(texts)} pages)"


def words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def raw_spacy(texts: list[str], model: str) -> tuple[float, float]:
    import spacy

    full = spacy.load(model)
    began = time.perf_counter()
    for _ in full.pipe(texts, batch_size=32):
        pass
    full_s = time.perf_counter() - began
    ner_only = spacy.load(model, exclude=[n for n in full.pipe_names if n not in ("tok2vec", "ner")])
    began = time.perf_counter()
    for _ in ner_only.pipe(texts, batch_size=32):
        pass
    return full_s, time.perf_counter() - began


def write_pages(folder: Path, texts: list[str], count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in zip(range(count), itertools.cycle(texts), strict=False):
        (folder / f"page-{i:05}.txt").write_text(text, encoding="utf-8")


def timed(cmd: list[str], stdin: str | None = None) -> float:
    began = time.perf_counter()
    subprocess.run(cmd, input=stdin, text=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - began


def peak_rss_mb(cmd: list[str]) -> float:
    """Peak RSS of the largest process ``cmd`` ran, measured in a fresh child so earlier runs do not count."""
    probe = (
        "import resource, subprocess, sys;"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, text=True, check=True).stdout
    return int(out.strip()) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--model", default=None, help="spaCy pipeline (default: factpull's default)")
    parser.add_argument("--quick", action="store_true", help="skip the 2,000-input and 20 MB runs")
    parser.add_argument(
        "--parts",
        default="raw,factpull,cold,rss",
        help="comma-separated parts to run: raw (1), factpull (2), cold (3), rss (4) (default: all)",
    )
    args = parser.parse_args()

    import spacy.util

    from factpull.options import DEFAULT_MODELS

    model = args.model or next(m for m in DEFAULT_MODELS if spacy.util.is_package(m))
    texts, what = load_texts(args.shared)
    n_words = words(texts)
    factpull = str(BIN / "factpull")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; texts: {what}; {n_words:,} words")

    parts = set(args.parts.split(","))
    base = 0.0
    if "raw" in parts:
        full_s, ner_s = raw_spacy(texts, model)
        base = n_words / ner_s
        print(
            f"1. raw spaCy nlp.pipe ({model}): full pipeline {n_words / full_s:,.0f} words/s; tok2vec+ner {base:,.0f} words/s"
        )

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        pages = work / "pages"
        pages.mkdir()
        for i, text in enumerate(texts):
            (pages / f"{i:05}.txt").write_text(text, encoding="utf-8")
        if "factpull" in parts:
            rates = {}
            for jobs in (1, 2):
                out = work / f"out{jobs}"
                out.mkdir()
                seconds = timed([factpull, "extract", str(pages), "--jobs", str(jobs), "-o", f"{out}/"])
                rates[jobs] = n_words / seconds
            ratio = (lambda r: f" ({r / base:.2f}x tok2vec+ner)") if base else (lambda r: "")
            print(
                f"2. factpull extract (whole process): --jobs 1 {rates[1]:,.0f} words/s{ratio(rates[1])}, "
                f"--jobs 2 {rates[2]:,.0f} words/s{ratio(rates[2])}; --jobs 2 is {rates[2] / rates[1]:.2f}x --jobs 1"
            )
        if "cold" in parts:
            cold_start(factpull, model, work)
        if "rss" in parts:
            memory(factpull, texts, work, quick=args.quick)
    return 0


def cold_start(factpull: str, model: str, work: Path) -> None:
    """One-line runs in a fresh pattern cache: the first fills it (as the first run after an
    install or a rules change does), the next five are the usual start-up."""
    os.environ["FACTPULL_CACHE_DIR"] = str(work / "cache")
    line = "One line of text.\n"
    first = timed([factpull, "extract"], line)
    cold = statistics.median(timed([factpull, "extract"], line) for _ in range(5))
    load = statistics.median(timed([sys.executable, "-c", f"import spacy; spacy.load({model!r})"]) for _ in range(5))
    print(
        f"3. cold start (median of 5): factpull {cold:.2f} s; import spacy + load {load:.2f} s ({cold / load:.2f}x); "
        f"first run with an empty pattern cache {first:.2f} s ({first / load:.2f}x)"
    )


def memory(factpull: str, texts: list[str], work: Path, *, quick: bool) -> None:
    """Peak RSS of ``--jobs 1`` runs over the first 100 and 2,000 pages of the texts taken
    largest first (and cycled): both runs meet the same largest pages, so what differs is the
    number of inputs, not the size of the biggest page."""
    rss = {}
    counts = (100,) if quick else (100, 2000)
    largest_first = sorted(texts, key=len, reverse=True)
    for count in counts:
        folder = work / f"n{count}"
        write_pages(folder, largest_first, count)
        rss[count] = peak_rss_mb([factpull, "extract", str(folder), "--jobs", "1", "-o", f"{work}/o{count}/"])
        shutil.rmtree(folder)
    line = f"4. peak RSS: 100 inputs {rss[100]:,.0f} MB"
    if 2000 in rss:
        line += f"; 2,000 inputs {rss[2000]:,.0f} MB ({rss[2000] / rss[100]:.2f}x)"
    if not quick:
        big = work / "big.txt"
        with big.open("w", encoding="utf-8") as handle:
            size = 0
            for text in itertools.cycle(texts):
                handle.write(text + "\n\n")
                size += len(text.encode()) + 2
                if size >= 20 * 1024 * 1024:
                    break
        began = time.perf_counter()
        rss_big = peak_rss_mb([factpull, "extract", str(big), "-o", str(work / "big.json")])
        line += f"; one 20 MB input {rss_big:,.0f} MB in {time.perf_counter() - began:.0f} s"
    print(line)


if __name__ == "__main__":
    sys.exit(main())
