"""Properties over arbitrary input (Hypothesis): never raise, always valid, offsets exact."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from factpull import Extractor
from factpull.errors import InputError
from factpull.io.emit import document_to_dict
from factpull.io.readers import decode
from support import assert_offsets

# Page-like text: words, numbers, currency signs, dates, punctuation, odd spaces and line ends.
# fmt: off
PIECES = st.sampled_from(
    [
        "the", "council", "said", "Smith", "John", "Acme Inc.", "on", "May", "march", "April 1", "2021", "$",
        "£", "€", "5", "1.2", "million", "bn", "per cent", "%", "more than", "about", "km", "-", "–", ",",
        ".", "(CPC)", "Communist Party of China", "\n", "\n\n", " ", "\u00a0", "\u200b", "e\u0301", "Cookie",
        "Share", "Read more", "By JIEYU WANG|Apr 06,2021", "©", "*", "last year", "Tuesday", "3rd", "12:30",
    ]
)
# fmt: on
PAGES = st.one_of(
    st.lists(PIECES, max_size=60).map(" ".join),
    st.text(max_size=300),
)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(text=PAGES)
def test_extract_never_raises_and_output_is_valid(
    text: str, extractor: Extractor, validate: Callable[[dict[str, Any]], None]
) -> None:
    record = document_to_dict(extractor(text))
    validate(record)
    assert_offsets(record, text)
    for removed in record["removed"]:
        assert 0 <= removed["start"] < removed["end"] <= len(text)


@SETTINGS
@given(text=PAGES)
@example(text="the By Ann Lee|May 04,2021 \n By Ann Lee|May 04,2021")
def test_cleaning_is_idempotent(text: str, extractor: Extractor) -> None:
    once = extractor.clean_document(text).text
    twice = extractor.clean_document(once)
    # The line model keeps what it kept. Only the furniture may move: of two near-copies of a
    # byline ("By Ann Lee | May 4" and "the By Ann Lee | May 4"), the second pass may take the
    # one the first pass left as text.
    assert all(r.reason.startswith("metadata.") for r in twice.removed)
    if not twice.removed:
        assert twice.text == once


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=400))
def test_any_bytes_decode_or_give_an_input_error(data: bytes) -> None:
    try:
        text, message = decode(data, source="x"), ""
    except InputError as exc:
        text, message = "", exc.message
    if not message and data.isascii():
        assert text == data.decode("ascii")  # as given: no newline translation ("\r\n" kept)
    assert not message or message.startswith("x: ")


def test_a_repeated_byline_line_goes_with_the_byline(extractor: Extractor) -> None:
    """A page whose furniture line is repeated word for word: both copies leave the text, so
    cleaning the cleaned text changes nothing (found by the idempotence property)."""
    page = "By Mira Osei | Jan 12, 2023\nBy Mira Osei | Jan 12, 2023\n"
    doc = extractor.clean_document(page)
    assert doc.text == ""
    assert [r.reason for r in doc.removed] == ["metadata.byline", "metadata.byline"]
    assert extractor.clean_document(doc.text).text == doc.text
