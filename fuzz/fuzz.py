"""Fuzz the reader, the cleaner and the date/quantity parsers with Hypothesis (``make fuzz``).

Each target runs with a large example budget, bounded in time; the script prints the cases
run and the failures found per target, and exits 1 if any target failed. It complements the
fast property tests in tests/test_properties.py.

Hostile shapes (issue 18) have targets of their own: long runs of capitalised words, digits
or punctuation and deep bracket nesting run through every stage (the entity stage with a
blank spaCy pipeline) under a per-case time budget, so a super-linear rule is a failure;
damaged web archives (cut, patched Content-Length, flipped or inserted bytes) must give
their pages and then E107, never another exception; deeply nested pattern files must give
E200, never a RecursionError.

    python fuzz/fuzz.py [--seconds 120] [--examples 20000]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factpull.budget import page_budget
from factpull.errors import ArchiveError, InputError, PatternError
from factpull.extract.dates import extract_dates
from factpull.extract.quantities import extract_quantities
from factpull.io.archives import iter_records
from factpull.io.readers import decode
from factpull.page.clean import clean_text
from factpull.page.textview import TextView
from factpull.rules.load import _Builder, load_rules

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


# -- hostile shapes -------------------------------------------------------------------------

SHAPE_UNITS = {
    "capitalised": st.lists(
        st.sampled_from(["National", "Bank", "Of", "Wales", "The", "And", "Mr", "St."]), min_size=1
    ),
    "digits": st.text("0123456789", min_size=1, max_size=12),
    "punctuation": st.text("!?.,;:-–()[]/\\'\"*&%$#@", min_size=1, max_size=12),
    "grouped": st.sampled_from([",234", ".5", " 000", "1/2", "e9", "%"]),
}
SHAPES = st.one_of(
    *(
        st.tuples(st.just(name), unit.map(lambda u: " ".join(u) + " " if isinstance(u, list) else u))
        for name, unit in SHAPE_UNITS.items()
    ),
    st.tuples(st.just("nesting"), st.sampled_from(["(", "[", "{", "((", "<"])),
).flatmap(lambda pair: st.tuples(st.just(pair[0]), st.just(pair[1]), st.integers(200, 20_000)))
SHAPE_SECONDS = 20.0  # per case: a normal page of 20 KB takes well under a second in these stages


def _shape_text(shape: tuple[str, str, int]) -> str:
    name, unit, size = shape
    if name == "nesting":
        closing = {"(": ")", "[": "]", "{": "}", "((": "))", "<": ">"}[unit]
        return unit * (size // (2 * len(unit))) + "x" + closing * (size // (2 * len(unit)))
    return "It said " + (unit * (size // len(unit) + 1))[:size] + " today.\n"


_BLANK: object = None


def target_shapes(shape: tuple[str, str, int]) -> None:
    global _BLANK
    import spacy

    from factpull.options import Options
    from factpull.pipeline import Extractor

    if _BLANK is None:
        _BLANK = Extractor(Options(clean=True), nlp=spacy.blank("en"), rules=RULES)
        _BLANK("Warm-up: Ana Lima of the Harbour Trust paid $5 on 1 May 2020.")  # type: ignore[operator]
    text = _shape_text(shape)
    with page_budget(SHAPE_SECONDS, f"{shape[0]} x{shape[2]}"):
        _BLANK(text)  # type: ignore[operator]


def _archive() -> bytes:
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    for n, body in enumerate([b"The mill reopened in May.", b"Rents rose 4% last year.", b"Ana Lima won."]):
        writer.write_record(
            writer.create_warc_record(
                f"https://example.org/{n}",
                "conversion",
                payload=io.BytesIO(body),
                warc_headers_dict={"Content-Type": "text/plain"},
            )
        )
    return out.getvalue()


ARCHIVE = _archive()
DAMAGE = st.one_of(
    st.tuples(st.just("cut"), st.integers(1, len(ARCHIVE) - 1), st.just(b"")),
    st.tuples(st.just("flip"), st.integers(0, len(ARCHIVE) - 1), st.binary(min_size=1, max_size=8)),
    st.tuples(st.just("insert"), st.integers(0, len(ARCHIVE)), st.binary(min_size=1, max_size=64)),
    st.tuples(
        st.just("length"),
        st.integers(0, 2),
        st.sampled_from([b"0", b"1", b"99999999999", b"100000000000000000000", b"-5", b"x", b""]),
    ),
)


def _damaged(damage: tuple[str, int, bytes]) -> bytes:
    kind, at, data = damage
    if kind == "cut":
        return ARCHIVE[:at]
    if kind == "flip":
        return ARCHIVE[:at] + data + ARCHIVE[at + len(data) :]
    if kind == "insert":
        return ARCHIVE[:at] + data + ARCHIVE[at:]
    parts = ARCHIVE.split(b"Content-Length: ")
    head = parts[at + 1].split(b"\r\n", 1)[1]
    parts[at + 1] = data + b"\r\n" + head
    return b"Content-Length: ".join(parts)


def target_archives(damage: tuple[str, int, bytes]) -> None:
    pages = []
    with contextlib.suppress(ArchiveError):
        pages.extend(iter_records(io.BytesIO(_damaged(damage)), "fuzz.warc"))
    assert len(pages) <= 3


def target_nested_patterns(shape: tuple[int, str]) -> None:
    depth, kind = shape
    body = {"array": "a = " + "[" * depth + "]" * depth, "table": "a = " + "{ b = " * depth + "1" + " }" * depth}[kind]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "numbers.toml"
        path.write_text(body + "\n", encoding="utf-8")
        with contextlib.suppress(PatternError):
            _Builder().add_file(path, user=True)


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
        for sub in exc.exceptions if isinstance(exc, ExceptionGroup) else ():
            print(f"  {type(sub).__name__}: {str(sub)[:300]}")
            for inner in sub.exceptions if isinstance(sub, ExceptionGroup) else ():
                print(f"    {type(inner).__name__}: {str(inner)[:300]}")
        return False
    print(f"{name}: {count['n']} cases, no failure")
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=120.0, help="time budget per target")
    parser.add_argument("--examples", type=int, default=20000, help="example budget per target")
    parser.add_argument("--only", help="comma-separated targets (default: all)")
    args = parser.parse_args()
    nested = st.tuples(st.integers(1, 20_000), st.sampled_from(["array", "table"]))
    targets: list[tuple[str, Callable[..., None], st.SearchStrategy[Any]]] = [
        ("reader", target_reader, st.binary(max_size=2000)),
        ("cleaner", target_cleaner, TEXT),
        ("dates", target_dates, TEXT),
        ("quantities", target_quantities, TEXT),
        ("shapes", target_shapes, SHAPES),
        ("archives", target_archives, DAMAGE),
        ("nested-patterns", target_nested_patterns, nested),
    ]
    only = set(args.only.split(",")) if args.only else None
    ok = True
    for name, target, strategy in targets:
        if only is None or name in only:
            ok &= run(name, target, strategy, args.examples, args.seconds)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
