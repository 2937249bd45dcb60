"""Frozen value types shared by every stage: spans, facts, entities and the Document.

Offsets are code points into the decoded input (see ``readers.decode``), end exclusive,
so for every fact ``input[start:end] == text`` holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

SCHEMA_VERSION = "1.2"

DateKind = Literal["date", "time", "interval", "duration", "set"]
QuantityKind = Literal["count", "money", "percent", "measure", "age", "temperature"]
DateMod = Literal["start", "mid", "end"]
Approximation = Literal[">", "<", "~", ">=", "<="]
# Where a fact was read: the article body, or a furniture line the cleaner keeps out of
# ``text`` (the headline, the byline, the dateline).
Section = Literal["title", "byline", "dateline", "body"]


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range ``[start, end)`` of the input."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Removed:
    """A stretch of the input the cleaner dropped, and the rule id or signal that dropped it."""

    start: int
    end: int
    reason: str


@dataclass(frozen=True, slots=True)
class Mention:
    text: str
    start: int
    end: int
    section: Section = "body"


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world person or organisation with all its mentions in the document."""

    name: str
    aliases: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DateFact:
    text: str
    start: int
    end: int
    kind: DateKind
    value: str | None
    relative: bool = False
    rule: str | None = None
    section: Section = "body"
    # since 1.2: the part of ``value`` the words name ("mid-May": value 2021-05, mod "mid") and
    # the finer reading of it ("2021-05-10/2021-05-21"; "a week ago": the day itself)
    mod: DateMod | None = None
    within: str | None = None


@dataclass(frozen=True, slots=True)
class Quantity:
    text: str
    start: int
    end: int
    kind: QuantityKind
    value: float | int | None
    unit: str | None = None
    approximate: Approximation | None = None
    rule: str | None = None
    high: float | int | None = None  # a range's upper end ("10-15 km": value 10, high 15); None when not a range
    section: Section = "body"


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where the title, byline and publication date were read: the input span of each one's
    line (None when the value is None)."""

    title: Span | None = None
    byline: Span | None = None
    published: Span | None = None
    # HTML inputs: the markup each value was read from, as (field, source) pairs:
    # ("title", "meta:og:title"), ("published", "jsonld:datePublished"), ...
    markup: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Metadata:
    """Title, byline and publication date found near the top of a page."""

    title: str | None = None
    byline: str | None = None
    published: str | None = None  # ISO 8601 date


@dataclass(frozen=True, slots=True)
class Document:
    source: str
    text: str
    id: str | None = None
    url: str | None = None
    title: str | None = None
    byline: str | None = None
    published: str | None = None
    people: tuple[Entity, ...] = ()
    organizations: tuple[Entity, ...] = ()
    dates: tuple[DateFact, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    removed: tuple[Removed, ...] = ()
    warnings: tuple[str, ...] = ()
    provenance: Provenance = field(default_factory=Provenance)  # the lines title, byline, published came from
    schema_version: str = field(default=SCHEMA_VERSION)
