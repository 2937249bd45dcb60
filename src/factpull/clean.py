"""Boilerplate stripping: which lines of a page are the article. Pure: no spaCy, no I/O."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Removed, Span
from .rules import Rules


@dataclass(frozen=True, slots=True)
class CleanResult:
    kept: tuple[Span, ...]  # spans of the input, in order, that form the article
    removed: tuple[Removed, ...]  # every dropped line with the rule id or signal that dropped it


def clean_text(text: str, rules: Rules) -> CleanResult:
    """Split ``text`` into lines and keep those that belong to the article."""
    kept = tuple(Span(m_start, m_end) for m_start, m_end in _lines(text) if text[m_start:m_end].strip())
    return CleanResult(kept, ())


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out
