"""The one left-to-right loop that joins neighbouring facts: date ranges ("from June to
August"), a day with its time ("Thursday at 10 am"), quantities read as one ("3 out of 4",
"15 dollars 50", "5 feet and 2 inches"). Pure."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar


class _Spanned(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


T = TypeVar("T", bound=_Spanned)


def join_pairs(
    text: str,
    items: list[T],
    pair: Callable[[str, T, T], T | None],
    *,
    alone: Callable[[str, T], T | None] | None = None,
) -> list[T]:
    """Left to right, each item with its right neighbour: where ``pair`` joins them the joined
    item replaces both and the scan goes on after them (so a pass joins disjoint pairs).

    ``alone``, tried first on each item, reads a longer item from it by itself (a compound
    measure read by its own pattern): that replaces the item and every next one that starts
    before its end."""
    out: list[T] = []
    i, n = 0, len(items)
    while i < n:
        a = items[i]
        joined = alone(text, a) if alone is not None else None
        if joined is not None:
            out.append(joined)
            i += 1
            while i < n and items[i].start < joined.end:
                i += 1
            continue
        joined = pair(text, a, items[i + 1]) if i + 1 < n else None
        if joined is not None:
            out.append(joined)
            i += 2
            continue
        out.append(a)
        i += 1
    return out
