"""One offset contract for every input: offsets index the decoded input AS GIVEN.

The page layer reads lines ending in ``\\n``, so a text with ``\\r\\n`` (or lone ``\\r``) line
ends is processed newline-normalised, and every offset of the resulting Document is mapped
back to the text as given: ``input[start:end] == text`` holds for a CRLF file, a ``--jsonl-in``
record and stdin alike, for a reader in any language (no newline translation needed).
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Callable
from typing import Any

from ..types import Document
from .readers import normalise_newlines


@dataclasses.dataclass(frozen=True, slots=True)
class LineEnds:
    """The map from offsets into the normalised text to offsets into the text as given."""

    raw: str
    dropped: tuple[int, ...]  # normalised offsets of each "\n" that was "\r\n" (its "\r" dropped)

    @classmethod
    def of(cls, raw: str) -> tuple[str, LineEnds | None]:
        """The normalised text, and the map back (None when nothing changed length)."""
        if "\r" not in raw or type(raw) is not str:  # rendered HTML (a str subclass) is normalised
            return raw, None
        normalised = normalise_newlines(raw)
        if len(normalised) == len(raw):
            return normalised, None  # lone "\r" only: same offsets
        dropped: list[int] = []
        at = raw.find("\r\n")
        while at != -1:
            dropped.append(at - len(dropped))
            at = raw.find("\r\n", at + 2)
        return normalised, cls(raw, tuple(dropped))

    def offset(self, n: int) -> int:
        return n + bisect.bisect_left(self.dropped, n)

    def remap(self, doc: Document) -> Document:
        """``doc`` with every ``start``/``end`` pointing into the text as given (a fact's
        ``text`` spanning a line end then holds the ``\\r\\n`` too, as the input does)."""
        result: Document = self._remap(doc)
        return result

    def _remap(self, obj: Any) -> Any:
        if isinstance(obj, tuple):
            return tuple(self._remap(item) for item in obj)
        if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
            return obj
        changes: dict[str, Any] = {}
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if f.name in ("start", "end") and isinstance(value, int):
                changes[f.name] = self.offset(value)
            elif isinstance(value, tuple) or dataclasses.is_dataclass(value):
                changes[f.name] = self._remap(value)
        if "start" in changes and isinstance(getattr(obj, "text", None), str) and not isinstance(obj, Document):
            changes["text"] = self.raw[changes["start"] : changes["end"]]
        return dataclasses.replace(obj, **changes)


def as_given(handler: Callable[..., Document], text: str, **page: Any) -> Document:
    """``handler(text, **page)`` run on ``text`` newline-normalised, offsets into ``text``."""
    normalised, ends = LineEnds.of(text)
    doc = handler(normalised, **page)
    return doc if ends is None else ends.remap(doc)
