from __future__ import annotations

import pytest

from factpull.page.textview import TextView
from factpull.types import Span


def test_view_joins_kept_spans_and_maps_back() -> None:
    source = "Menu\nFirst paragraph here.\nNext line.\nAds\n\nLast one."
    spans = [Span(5, 26), Span(27, 37), Span(43, 52)]
    view = TextView.build(source, spans)
    assert view.text == "First paragraph here.\nNext line.\n\nLast one."
    start = view.text.index("Last")
    assert view.to_input(start, start + 4) == (43, 47)
    assert source[43:47] == "Last"


@pytest.mark.parametrize(
    ("source", "word"),
    [
        ("Cafe\u0301 opened\u00a0\u00a0in Paris", "Paris"),  # combining accent, non-breaking spaces
        ("zero\u200bwidth then Lyon", "Lyon"),
        ("tab\tseparated  Rome", "Rome"),
    ],
)
def test_normalised_text_maps_back_exactly(source: str, word: str) -> None:
    view = TextView.build(source, [Span(0, len(source))])
    assert "\u200b" not in view.text
    assert "  " not in view.text
    assert "\t" not in view.text
    start = view.text.index(word)
    a, b = view.to_input(start, start + len(word))
    assert source[a:b] == word


def test_nfc_composes_and_maps_the_cluster() -> None:
    source = "Cafe\u0301"
    view = TextView.build(source, [Span(0, len(source))])
    assert view.text == "Café"
    assert view.to_input(3, 4) == (3, 5)
