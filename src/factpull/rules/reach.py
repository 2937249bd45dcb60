"""Matching a regex at one position of a long text, in time that does not grow with the text.

The ``regex`` module's ``pattern.match(text, pos)`` (and ``fullmatch``, ``search``) without an
``endpos`` can cost time in the length of the text after ``pos``: before it tries a pattern that
needs some literal word, it scans for that word up to ``endpos``. On a 5 MB page that is up to
2 ms a call, and a stage that matches once per number, date or name goes quadratic. The phrases
matched at a position (a unit after a number, "'s" after a name, a year after a date) are short:
looking no further than ``REACH`` characters finds the same match.
"""

from __future__ import annotations

import regex

REACH = 160  # characters: longer than any phrase matched at a position (a date's window is 300)


def match_at(pattern: regex.Pattern[str], text: str, pos: int, reach: int = REACH) -> regex.Match[str] | None:
    """``pattern.match(text, pos)`` looking at no more than ``reach`` characters from ``pos``."""
    return pattern.match(text, pos, pos + reach)
