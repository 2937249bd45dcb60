"""Fuzz the reader, the cleaner and the date/quantity parsers with Hypothesis (``make fuzz``).

Each target runs with a large example budget, bounded in time; the script prints the cases
run and the failures found per target, and exits 1 if any target failed. It complements the
fast property tests in tests/test_properties.py.

    python fuzz/fuzz.py [--seconds 120] [--examples 20000]
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factpull.errors import InputError
from factpull.extract.dates import extract_dates
from factpull.extract.quantities import extract_quantities
from factpull.io.readers import decode
from factpull.page.clean import clean_text
from factpull.page.textview import TextView
from factpull.rules.load import load_rules

RULES = load_rules()
WORDS = st.sampled_from(
    [
        "the",
        "on",
        "may",
        "March",
        "April 1",
        "2021",
        "1.2",
        "million",
        "bn",
        "$",
        "£",
        "€",
        "¥",
        "Rs",
        "yuan",
        "per cent",
        "%",
        "more than",
        "up to",
        "km",
        "°C",
        "-",
        "–",
        "/",
        ":",
        ",",
        ".",
        "(",
        ")",
        "\n",
        "\n\n",
        "last year",
        "next week",
        "Tuesday",
        "3rd",
        "12:30",
        "1,500",
        "one hundred and three",
        "dozen",
        "between",
        "and",
        "from",
        "to",
        "ago",
        "+86-23-67158993",
        "v3.8.0",
        "2012–13",
        "Cookie",
        "Share",
        "©",
        "*",
        "By",
    ]
)
TEXT = st.one_of(st.lists(WORDS, max_size=80).map(" ".join), st.text(max_size=500))


def target_reader(data: bytes) -> None:
    with contextlib.suppress(InputError):
        decode(data, source="fuzz")


def target_cleaner(text: str) -> None:
    result = clean_text(text, RULES)
    view = TextView.build(text, result.kept)
    for span in result.kept:
        assert 0 <= span.start <= span.end <= len(text)
    for removed in result.removed:
        assert 0 <= removed.start < removed.end <= len(text)
    assert clean_text(view.text, RULES) is not None


def target_dates(text: str) -> None:
    for fact in extract_dates(text, None, RULES):
        assert text[fact.start : fact.end] == fact.text


def target_quantities(text: str) -> None:
    for fact in extract_quantities(text, RULES, dates=extract_dates(text, None, RULES)):
        assert text[fact.start : fact.end] == fact.text


def run(
    name: str, target: Callable[..., None], strategy: st.SearchStrategy[object], examples: int, seconds: float
) -> bool:
    count = {"n": 0}
    deadline = time.monotonic() + seconds

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(value=strategy)
    def case(value: object) -> None:
        if time.monotonic() > deadline:
            return
        count["n"] += 1
        target(value)

    try:
        case()
    except Exception as exc:  # report the minimal failing case hypothesis found
        print(f"{name}: {count['n']} cases, FAILED: {type(exc).__name__}: {exc}")
        return False
    print(f"{name}: {count['n']} cases, no failure")
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=120.0, help="time budget per target")
    parser.add_argument("--examples", type=int, default=20000, help="example budget per target")
    args = parser.parse_args()
    ok = True
    ok &= run("reader", target_reader, st.binary(max_size=2000), args.examples, args.seconds)
    ok &= run("cleaner", target_cleaner, TEXT, args.examples, args.seconds)
    ok &= run("dates", target_dates, TEXT, args.examples, args.seconds)
    ok &= run("quantities", target_quantities, TEXT, args.examples, args.seconds)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
