"""Title, byline and publication date, found near the top of the page. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from .clean import CleanResult
from .model import Metadata, Span
from .rules import Rules


@dataclass(frozen=True, slots=True)
class MetadataResult:
    metadata: Metadata
    # Input spans of the title and byline lines: the extractors read them (a byline names a
    # person, a dateline holds a date) even though they are not part of the article text.
    spans: tuple[Span, ...] = ()


def find_metadata(text: str, cleaned: CleanResult, rules: Rules) -> MetadataResult:
    """Look at the first lines of the page for the title, the byline and the date."""
    return MetadataResult(Metadata())
