"""factpull: facts (people, organisations, dates, quantities) from scraped page text."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .options import Options
from .page.html import render_html
from .pipeline import Extractor, extract
from .types import DateFact, Document, Entity, Mention, Metadata, Quantity, Removed, Span

try:
    __version__ = version("factpull")
except PackageNotFoundError:  # running from a checkout without installing
    __version__ = "0.0.0"

__all__ = [
    "DateFact",
    "Document",
    "Entity",
    "Extractor",
    "Mention",
    "Metadata",
    "Options",
    "Quantity",
    "Removed",
    "Span",
    "__version__",
    "extract",
    "render_html",
]
