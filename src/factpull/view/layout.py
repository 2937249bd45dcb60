"""What the views draw, shared by the terminal view (``show``) and the HTML report (``report``).

Both views are drawn from the ORIGINAL input text, since every offset in a ``Document`` points
into it: ``layout`` cuts the input into lines and pieces (removed stretches with the rule id or
signal that removed them, marks for facts with their normalised value, ``April 1 → 2021-04-01``),
``fact_rows`` gives the facts table.

Only the command line imports the view package; the pipeline and the stages never do. Nothing
here touches files or prints.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..types import DateFact, Document, Entity, Quantity

FACT_TYPES = ("person", "organization", "date", "quantity")
# How many mention offsets one row of a facts table lists before "…".
MAX_OFFSETS = 12

# -- what to draw ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mark:
    """One highlighted stretch of the input: a mention or a fact, and its normalised value."""

    start: int
    end: int
    type: str  # one of FACT_TYPES
    value: str  # shown beside the text; "" when it would only repeat it


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of one line with one look: removed (``reason``) or kept, inside a mark or not."""

    start: int
    end: int
    reason: str | None = None
    mark: Mark | None = None
    mark_ends: bool = False  # the mark ends here: its value is shown after this piece


@dataclass(frozen=True, slots=True)
class Line:
    start: int
    end: int
    pieces: tuple[Piece, ...]
    kept: bool  # some visible text of the line was kept
    reasons: tuple[str, ...]  # why the removed parts of the line were removed

    @property
    def removed(self) -> bool:
        return not self.kept and bool(self.reasons)

    @property
    def blank(self) -> bool:
        return not self.kept and not self.reasons


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a facts table."""

    type: str
    text: str
    value: str
    detail: str
    offsets: str
    start: int


def format_number(value: float | int | None) -> str:
    if value is None:
        return "?"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 2**63:
            return str(int(value))
        return repr(value)
    return str(value)


def quantity_value(q: Quantity) -> str:
    """``30000000000 CNY``, ``> 60 disciplines``: the value with its approximation and unit."""
    parts: list[str] = [q.approximate] if q.approximate else []
    parts.append(format_number(q.value))
    if q.unit:
        parts.append(q.unit)
    return " ".join(parts)


def marks(doc: Document) -> list[Mark]:
    """Every mention and fact of ``doc`` as a Mark, in input order."""
    out: list[Mark] = []
    for type_, entities in (("person", doc.people), ("organization", doc.organizations)):
        for entity in entities:
            for m in entity.mentions:
                value = "" if m.text == entity.name else entity.name
                out.append(Mark(m.start, m.end, type_, value))
    for d in doc.dates:
        out.append(Mark(d.start, d.end, "date", d.value or "?"))
    for q in doc.quantities:
        out.append(Mark(q.start, q.end, "quantity", quantity_value(q)))
    out.sort(key=lambda m: (m.start, -m.end, FACT_TYPES.index(m.type)))
    return out


def _disjoint(spans: Iterable[Any]) -> list[Any]:
    """The spans (sorted by start, longest first) that do not overlap an earlier one."""
    out: list[Any] = []
    end = -1
    for span in spans:
        if span.start >= end and span.end > span.start:
            out.append(span)
            end = span.end
    return out


def layout(source: str, doc: Document) -> list[Line]:
    """The lines of ``source`` cut into pieces by removed stretches and marks.

    Overlapping marks (a date inside an organisation's name, say) are drawn once, the first
    and longest winning; the facts table lists every fact anyway."""
    removed = _disjoint(sorted(doc.removed, key=lambda r: (r.start, -r.end)))
    shown = _disjoint(marks(doc))
    n = len(source)
    cuts = {0, n}
    for span in itertools.chain(removed, shown):
        cuts.add(min(max(span.start, 0), n))
        cuts.add(min(max(span.end, 0), n))
    newline = source.find("\n")
    while newline != -1:
        cuts.add(newline)
        cuts.add(newline + 1)
        newline = source.find("\n", newline + 1)
    lines: list[Line] = []
    pieces: list[Piece] = []
    line_start = ri = mi = 0

    def close(end: int) -> None:
        kept = any(p.reason is None and source[p.start : p.end].strip() for p in pieces)
        # a line of removed whitespace counts as blank
        reasons = tuple(
            dict.fromkeys(p.reason for p in pieces if p.reason is not None and source[p.start : p.end].strip())
        )
        lines.append(Line(line_start, end, tuple(pieces), kept, reasons))

    for a, b in itertools.pairwise(sorted(cuts)):
        while ri < len(removed) and removed[ri].end <= a:
            ri += 1
        while mi < len(shown) and shown[mi].end <= a:
            mi += 1
        if source[a:b] == "\n":
            close(a)
            pieces = []
            line_start = b
            continue
        reason = removed[ri].reason if ri < len(removed) and removed[ri].start <= a else None
        mark = shown[mi] if mi < len(shown) and shown[mi].start <= a else None
        pieces.append(Piece(a, b, reason, mark, mark is not None and mark.end <= b))
    if pieces or line_start < n or not lines:
        close(n)
    return lines


def _offsets(spans: Sequence[tuple[int, int]]) -> str:
    shown = ", ".join(f"{s}–{e}" for s, e in spans[:MAX_OFFSETS])
    return shown + (f", … ({len(spans)} in all)" if len(spans) > MAX_OFFSETS else "")


def _entity_row(type_: str, e: Entity) -> Row:
    forms = list(dict.fromkeys(m.text for m in e.mentions))
    detail = []
    if e.aliases:
        detail.append("aliases: " + "; ".join(e.aliases))
    if e.roles:
        detail.append("roles: " + "; ".join(e.roles))
    detail.append(f"{len(e.mentions)} mention{'s' if len(e.mentions) != 1 else ''}")
    return Row(
        type_,
        " / ".join(forms) or e.name,
        e.name,
        "; ".join(detail),
        _offsets([(m.start, m.end) for m in e.mentions]),
        min((m.start for m in e.mentions), default=-1),
    )


def _date_row(d: DateFact) -> Row:
    detail = d.kind + (", relative" if d.relative else "") + (f", {d.rule}" if d.rule else "")
    return Row("date", d.text, d.value or "?", detail, _offsets([(d.start, d.end)]), d.start)


def _quantity_row(q: Quantity) -> Row:
    detail = q.kind + (f", {q.rule}" if q.rule else "")
    return Row("quantity", q.text, quantity_value(q), detail, _offsets([(q.start, q.end)]), q.start)


def fact_rows(doc: Document) -> list[Row]:
    """The facts table: one row per person and organisation (all mentions), date and quantity."""
    rows = [_entity_row("person", e) for e in doc.people]
    rows += [_entity_row("organization", e) for e in doc.organizations]
    rows += [_date_row(d) for d in doc.dates]
    rows += [_quantity_row(q) for q in doc.quantities]
    return rows


def metadata(doc: Document) -> tuple[tuple[str, str | None], ...]:
    """The head of a document's view: title, byline, published, source, url, id."""
    return (
        ("title", doc.title),
        ("byline", doc.byline),
        ("published", doc.published),
        ("source", doc.source),
        ("url", doc.url),
        ("id", doc.id),
    )


def counts(doc: Document) -> dict[str, int]:
    return {
        "person": len(doc.people),
        "organization": len(doc.organizations),
        "date": len(doc.dates),
        "quantity": len(doc.quantities),
    }


def plural(type_: str, n: int) -> str:
    if n == 1:
        return type_
    return {"person": "people", "quantity": "quantities"}.get(type_, type_ + "s")
