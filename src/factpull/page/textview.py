"""The text the extractors see, built from kept spans of the input, with an offset map back.

The cleaner keeps spans of the original input. The view joins them (a blank line between
blocks that were not adjacent), applies Unicode NFC and collapses odd whitespace inside a
line. Every character of the view remembers the range of input characters it came from,
so a fact found at ``view[a:b]`` maps to ``input[start:end]``.
"""

from __future__ import annotations

import bisect
import dataclasses
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from ..types import Span

_ODD_SPACE = regex.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]|  |[\u200b-\u200d\u2060\ufeff]")


@dataclass(frozen=True, slots=True)
class _Piece:
    view_start: int
    orig_start: int
    length: int
    # For pieces that normalisation changed: input range of each view character.
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None


class TextView:
    """A derived text plus the map from its offsets to the input's."""

    __slots__ = ("_keys", "_pieces", "text")

    def __init__(self, text: str, pieces: Sequence[_Piece]) -> None:
        self.text = text
        self._pieces = list(pieces)
        self._keys = [p.view_start for p in self._pieces]

    @classmethod
    def build(cls, source: str, spans: Sequence[Span]) -> TextView:
        parts: list[str] = []
        pieces: list[_Piece] = []
        pos = 0
        prev_end: int | None = None
        for span in spans:
            span = _trim(source, span)
            if span.end <= span.start:
                continue
            chunk = source[span.start : span.end]
            if unicodedata.is_normalized("NFC", chunk) and not _ODD_SPACE.search(chunk):
                piece = _Piece(pos, span.start, len(chunk))
            else:
                chunk, starts, ends = _normalise(chunk, span.start)
                if not chunk:  # only zero-width characters
                    continue
                piece = _Piece(pos, span.start, len(chunk), tuple(starts), tuple(ends))
            if prev_end is not None:
                sep = _separator(source[prev_end : span.start])
                parts.append(sep)
                pos += len(sep)
                piece = dataclasses.replace(piece, view_start=pos)
            pieces.append(piece)
            parts.append(chunk)
            pos += len(chunk)
            prev_end = span.end
        return cls("".join(parts), pieces)

    def to_input(self, start: int, end: int) -> tuple[int, int]:
        """Map a view range to the input range it came from."""
        if end <= start:
            raise ValueError("empty range")
        return self._char(start)[0], self._char(end - 1)[1]

    def _char(self, index: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._keys, index) - 1
        if i < 0:
            raise IndexError(index)
        piece = self._pieces[i]
        offset = index - piece.view_start
        if offset >= piece.length:
            # A separator between pieces: attach it to the end of the previous piece.
            offset = piece.length - 1
        if piece.starts is None or piece.ends is None:
            at = piece.orig_start + offset
            return at, at + 1
        return piece.starts[offset], piece.ends[offset]


_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_BLANK = " \t\n\r\f\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u200c\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"


def _trim(source: str, span: Span) -> Span:
    """The span without blank or zero-width characters at its edges."""
    start, end = span.start, span.end
    while start < end and source[start] in _BLANK:
        start += 1
    while end > start and source[end - 1] in _BLANK:
        end -= 1
    return Span(start, end)


def _separator(gap: str) -> str:
    """What stands between two kept spans: their own gap when it is only spaces or one line
    end, else a blank line (something was removed, or a paragraph ended)."""
    if gap.strip():
        return "\n\n"
    newlines = gap.count("\n")
    return "" if not gap else " " if newlines == 0 else "\n" if newlines == 1 else "\n\n"


def _normalise(chunk: str, base: int) -> tuple[str, list[int], list[int]]:
    """NFC per grapheme-ish cluster (a base character and its combining marks), odd spaces
    to one space, zero-width characters dropped; returns the text and each character's input range.
    """
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(chunk)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(chunk[j]):
            j += 1
        cluster = chunk[i:j]
        ch = cluster[0]
        if ch in _ZERO_WIDTH or (ch.isspace() and ch != "\n"):
            # A run of spaces and zero-width characters: one space, or nothing if all are zero-width.
            k = i
            while k < n and (chunk[k] in _ZERO_WIDTH or (chunk[k].isspace() and chunk[k] != "\n")):
                k += 1
            if any(c not in _ZERO_WIDTH for c in chunk[i:k]):
                out.append(" ")
                starts.append(base + i)
                ends.append(base + k)
            i = k
            continue
        for c in unicodedata.normalize("NFC", cluster):
            out.append(c)
            starts.append(base + i)
            ends.append(base + j)
        i = j
    return "".join(out), starts, ends
