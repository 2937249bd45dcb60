"""Time and peak memory of factpull on hostile page shapes, next to a normal page of the same size.

Twenty cases: six shapes at 10 KB, 100 KB and 1 MB (a run of capitalised words, a run of
digits, a run of punctuation, one line of ordinary prose with no line break, deep bracket
nesting, one token with no space), plus long grouped numbers ("1,234,567,...") at 100 KB and
1 MB. The normal page of each size is made-up article prose (paragraphs of four sentences
with names, money, dates and counts, none repeated, so the cleaner keeps it all); the
one-line case is the same prose with no line break. Each case
is one ``factpull extract FILE --jobs 1`` process (start-up included, as a user sees it);
peak RSS is that process's. Issue 18's target: every case within 10x the time of the normal
page of its size and under 1 GB.

    python benchmarks/adversarial.py [--sizes 10000,100000,1000000] [--only digits,nesting]
        [--timeout 900] [--page-timeout SECONDS]

It prints a table; it is not a test. The shapes are made up here, from no benchmark.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

SIZES = (10_000, 100_000, 1_000_000)


def _fill(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def capitalised(size: int) -> str:
    return _fill("National Bank Of Western Harbour Trust Company ", size) + "\n"


def digits(size: int) -> str:
    return "The total was " + _fill("8402957163", size) + " units.\n"


def punctuation(size: int) -> str:
    return _fill("!?.,;:-–()[]/\\\"'*&%$#@", size) + "\n"


def one_line(size: int) -> str:
    return normal(size).replace("\n\n", " ").replace("\n", " ")[: size - 1] + "\n"


def nesting(size: int) -> str:
    half = size // 2 - 4
    return "(" * half + "deep" + ")" * half + "\n"


def one_token(size: int) -> str:
    return _fill("abcdefghijklmnopqrstuvwxyz", size) + "\n"


def grouped(size: int) -> str:
    return "It cost $1" + _fill(",234", size) + ".\n"


SHAPES: dict[str, Callable[[int], str]] = {
    "capitalised": capitalised,
    "digits": digits,
    "punctuation": punctuation,
    "one-line": one_line,
    "nesting": nesting,
    "one-token": one_token,
}
EXTRA = {"grouped": (grouped, (100_000, 1_000_000))}


_BODIES = ["harbour board", "county council", "water company", "rail operator", "museum trust", "school district"]
_PEOPLE = ["Ruth Anders", "Tomas Reyes", "Aiko Brandt", "Kofi Mensah", "Lena Varga", "Omar Haddad", "Ines Duarte"]
_THINGS = ["two new cranes", "a flood wall", "forty buses", "a new library", "solar panels", "the old bridge"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
_MONTHS = ["January", "March", "May", "July", "September", "November"]


def normal(size: int) -> str:
    """Ordinary article prose, paragraphs of four sentences, none repeated (so the cleaner keeps it)."""
    rng = random.Random(size)
    paragraphs, length = [], 0
    while length < size:
        sentences = [
            f"The {rng.choice(_BODIES)} said on {rng.choice(_DAYS)} that it would spend "
            f"${rng.randint(2, 90)}.{rng.randint(1, 9)} million on {rng.choice(_THINGS)}.",
            f"Its chair, {rng.choice(_PEOPLE)}, expects the work to take about {rng.randint(3, 30)} months "
            f"and to finish by {rng.choice(_MONTHS)} {rng.randint(2025, 2031)}.",
            f"About {rng.randint(100, 9000):,} people wrote to the board, and {rng.randint(5, 95)}% of them "
            f"backed the plan, according to {rng.choice(_PEOPLE)}.",
            f"A first phase costing ${rng.randint(100, 900)},000 was approved in {rng.choice(_MONTHS)}.",
        ]
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(paragraphs)[: size - 1] + "\n"


def cases(sizes: tuple[int, ...], only: set[str] | None) -> list[tuple[str, int, str]]:
    out = [(name, size, fn(size)) for name, fn in SHAPES.items() for size in sizes]
    out += [(name, size, fn(size)) for name, (fn, extra) in EXTRA.items() for size in extra if size in sizes]
    return [c for c in out if only is None or c[0] in only]


def measure(path: Path, timeout: float, page_timeout: float | None) -> tuple[float, float, str]:
    """Seconds, peak RSS in MB and the outcome ('ok', an error code, or 'killed')."""
    factpull = shutil.which("factpull") or str(Path(sys.executable).with_name("factpull"))
    cmd = [factpull, "extract", str(path), "--jobs", "1"]
    if page_timeout is not None:
        cmd += ["--page-timeout", str(page_timeout)]
    began = time.monotonic()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)  # the child's own peak RSS
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - began
        out.seek(0)
        try:
            doc = json.loads(out.read())
            outcome = doc["error"]["code"] if "error" in doc else "ok"
        except (ValueError, KeyError):
            outcome = "killed" if proc.returncode < 0 else f"exit {proc.returncode}"
    return seconds, usage.ru_maxrss / 1024, outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--only", help="comma-separated shape names")
    parser.add_argument("--timeout", type=float, default=900.0, help="kill a case after this many seconds")
    parser.add_argument("--page-timeout", type=float, help="pass --page-timeout to factpull")
    args = parser.parse_args()
    sizes = tuple(int(s) for s in args.sizes.split(","))
    only = set(args.only.split(",")) if args.only else None
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base: dict[int, float] = {}
        print(f"{'case':<22}{'seconds':>9}{'x normal':>10}{'peak MB':>9}  outcome", flush=True)
        for size in sizes:
            path = folder / f"normal-{size}.txt"
            path.write_text(normal(size), encoding="utf-8")
            seconds, peak, outcome = measure(path, args.timeout, args.page_timeout)
            base[size] = seconds
            print(f"{'normal ' + _kb(size):<22}{seconds:>9.1f}{1.0:>10.1f}{peak:>9.0f}  {outcome}", flush=True)
        worst = 0.0
        for name, size, text in cases(sizes, only):
            path = folder / f"{name}-{size}.txt"
            path.write_text(text, encoding="utf-8")
            seconds, peak, outcome = measure(path, args.timeout, args.page_timeout)
            ratio = seconds / base[size]
            worst = max(worst, ratio)
            flag = "" if ratio <= 10 and peak < 1024 else "  OVER"
            print(f"{name + ' ' + _kb(size):<22}{seconds:>9.1f}{ratio:>10.1f}{peak:>9.0f}  {outcome}{flag}", flush=True)
        print(f"worst: {worst:.1f}x the normal page of the same size")
    return 0


def _kb(size: int) -> str:
    return f"{size // 1000} KB" if size < 1_000_000 else f"{size // 1_000_000} MB"


if __name__ == "__main__":
    sys.exit(main())
