"""Matching at a position of a long text within a reach finds what the unbounded match finds."""

from __future__ import annotations

import regex

from factpull.rules.reach import REACH, match_at

_UNIT = regex.compile(r"\s{0,2}(?P<w>kilometres|km|euros)(?![\p{L}\d])")


def test_a_phrase_after_a_number_is_found_as_by_an_unbounded_match() -> None:
    text = "The road is 12 km long. " * 5_000 + "It cost 40 euros in all."
    for pos in (text.index("12") + 2, text.rindex("40") + 2, 3):
        bounded, whole = match_at(_UNIT, text, pos), _UNIT.match(text, pos)
        assert (bounded and bounded.span()) == (whole and whole.span())


def test_nothing_beyond_the_reach_is_read() -> None:
    text = "12" + " " * REACH + "km"
    assert _UNIT.match(text, 2) is None  # two spaces at most: no match either way
    assert match_at(regex.compile(r"\s*km"), text, 2) is None  # the unit lies beyond the reach
