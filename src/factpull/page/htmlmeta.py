"""Title, byline and publication date declared by an HTML page's markup. Pure.

Sources, tried in the order ``patterns/html.toml`` [metadata] lists them (the first that
gives a usable value wins): ``meta:NAME`` (a ``<meta>`` whose ``property``, ``name`` or
``itemprop`` is NAME: ``og:title``, ``author``, ``article:published_time``, ...),
``jsonld:KEY`` (a schema.org JSON-LD object: ``headline``, ``author`` (its ``name``),
``datePublished``), ``rel:author`` (the text of a ``rel="author"`` link), ``h1`` (the first
top-level heading), ``title`` (the ``<title>``, cut before a " | Site name" tail) and
``time`` (the first ``<time datetime>``). Each value keeps its provenance, the source that
gave it (``meta:og:title``), so a user can see why factpull believes it; the text
heuristics of ``page.metadata`` fill what the markup leaves out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..rules.cache import compile_regex
from ..rules.load import Rules
from ..types import Metadata, Provenance, Span
from .metadata import MetadataResult, page_dates

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_SPACE = re.compile(r"\s+")
_MAX_JSONLD_CHARS = 200_000


@dataclass(frozen=True, slots=True)
class MarkupMetadata:
    title: str | None = None
    byline: str | None = None
    published: str | None = None  # ISO 8601 date
    provenance: Mapping[str, str] = field(default_factory=dict)  # field -> source ("meta:og:title")


def markup_metadata(root: Any, rules: Rules) -> MarkupMetadata:
    """The metadata ``root`` (an lxml tree) declares, with the provenance of each value."""
    cfg = rules.setting("html.metadata")
    finder = _Finder(root)
    values: dict[str, str] = {}
    provenance: dict[str, str] = {}
    for name, clean in (("title", _title_text), ("byline", _person), ("published", _iso_date)):
        for source in cfg[name]:
            raw = finder.get(source)
            value = clean(raw, cfg) if raw else None
            if value:
                values[name], provenance[name] = value, source
                break
    return MarkupMetadata(values.get("title"), values.get("byline"), values.get("published"), provenance)


class _Finder:
    """Reads the sources named in the rules from one parsed page (each looked up once)."""

    def __init__(self, root: Any) -> None:
        self.root = root
        self._meta: dict[str, str] | None = None
        self._jsonld: list[Mapping[str, Any]] | None = None

    def get(self, source: str) -> str | None:
        kind, _, key = source.partition(":")
        if kind == "meta":
            return self.meta().get(key.lower())
        if kind == "jsonld":
            return next((v for v in (_jsonld_value(o, key) for o in self.jsonld()) if v), None)
        if kind == "rel":
            return self._first_text(f'//a[@rel="{key}"]') or self._first_text(f'//*[@rel="{key}"]')
        if source == "h1":
            return self._first_text("//h1")
        if source == "title":
            return self._first_text("//title")
        if source == "time":
            found = self.root.xpath("//time[@datetime]/@datetime")
            return str(found[0]) if found else None
        return None

    def meta(self) -> dict[str, str]:
        if self._meta is None:
            self._meta = {}
            for el in self.root.iter("meta"):
                content = el.get("content")
                if not content or not content.strip():
                    continue
                for attr in ("property", "name", "itemprop"):
                    key = (el.get(attr) or "").strip().lower()
                    if key and key not in self._meta:
                        self._meta[key] = content.strip()
        return self._meta

    def jsonld(self) -> list[Mapping[str, Any]]:
        if self._jsonld is None:
            self._jsonld = []
            for el in self.root.iter("script"):
                if (el.get("type") or "").strip().lower() != "application/ld+json" or not el.text:
                    continue
                try:
                    data = json.loads(el.text[:_MAX_JSONLD_CHARS])
                except ValueError:
                    continue
                self._jsonld.extend(_objects(data))
        return self._jsonld

    def _first_text(self, xpath: str) -> str | None:
        for el in self.root.xpath(xpath):
            text = _SPACE.sub(" ", "".join(el.itertext())).strip()
            if text:
                return text
        return None


def _objects(data: Any, depth: int = 0) -> Iterator[Mapping[str, Any]]:
    """The JSON-LD objects in ``data`` (lists and ``@graph`` included), articles first."""
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _objects(item, depth + 1)
    elif isinstance(data, dict):
        if isinstance(data.get("@graph"), list):
            yield from _objects(data["@graph"], depth + 1)
        if any(k in data for k in ("headline", "datePublished", "author")):
            yield data


def _jsonld_value(obj: Mapping[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value) if n]
        return ", ".join(names) if names else None
    return _name(value)


def _name(value: Any) -> str | None:
    if isinstance(value, dict):
        if str(value.get("@type", "")).lower() == "organization":
            return None  # the publisher, not a byline
        value = value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _title_text(raw: str, cfg: Mapping[str, Any]) -> str | None:
    text = _SPACE.sub(" ", raw).strip()
    parts = compile_regex(cfg["title_separators"]).split(text)
    # "Headline | Site": keep the longest part (the site's name is the short one).
    best = max(parts, key=len) if len(parts) > 1 else text
    return best.strip() or None


def _person(raw: str, cfg: Mapping[str, Any]) -> str | None:
    text = _SPACE.sub(" ", raw).strip()
    if not text or text.startswith(("http://", "https://", "@")) or len(text.split()) > 12:
        return None
    return text


def _iso_date(raw: str, cfg: Mapping[str, Any]) -> str | None:
    m = _ISO_DATE.search(raw)
    if m is not None:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            return None
    from dateutil import parser

    try:
        return parser.parse(raw, fuzzy=False).date().isoformat()
    except (ValueError, OverflowError):
        return None


def with_markup(text: str, found: MetadataResult, rules: Rules) -> MetadataResult:
    """The metadata ``found`` in the text, completed and confirmed by what the markup of an
    HTML page declares. A value read from the markup has its source in ``provenance.markup``
    and, when it is also a whole line of the rendered text (an <h1>), that line as its span.

    The publication date is the date the page shows: the markup's date when the page shows
    it too (a dateline, a "Posted" line); the text's dateline when it is within a day of the
    markup's (a UTC timestamp past midnight is the page's local date of the day before); else
    the text's dateline, or none when the page shows no date at all."""
    markup = getattr(text, "markup", None)
    if not isinstance(markup, MarkupMetadata) or not markup.provenance:
        return found
    meta, where = found.metadata, found.provenance
    published = _shown_date(markup.published, meta.published, text, rules)
    shown_title = markup.title is not None and _line_of(text, markup.title) is not None
    values = {
        # The headline and the byline as the page shows them: the markup's title when it is a
        # line of the page (an <h1>), else the text's headline; the text's byline when the page
        # shows one (the markup often names the desk or the site).
        "title": markup.title if shown_title or not meta.title else None,
        "byline": markup.byline if not meta.byline else None,
        "published": markup.published if published == markup.published else None,
    }
    merged = {k: v or getattr(meta, k) for k, v in values.items()}
    spans = {k: getattr(where, k) if not values[k] else _line_of(text, values[k]) for k in values}
    if values["published"] and published == meta.published:
        spans["published"] = where.published  # the dateline shows the markup's date
    agree = {k for k in ("title", "byline") if not values[k] and getattr(markup, k) == getattr(meta, k)}
    sources = tuple(sorted((k, v) for k, v in markup.provenance.items() if values.get(k) or k in agree))
    provenance = Provenance(**spans, markup=sources)
    return dataclasses.replace(found, metadata=Metadata(**merged), provenance=provenance)


def _shown_date(declared: str | None, dateline: str | None, text: str, rules: Rules) -> str | None:
    if declared is None:
        return dateline
    day = dt.date.fromisoformat(declared)
    near = {(day + dt.timedelta(days=k)).isoformat() for k in (-1, 0, 1) if dt.date.min < day < dt.date.max}
    if dateline in near:
        return dateline if dateline != declared else declared
    shown = page_dates(text, rules)
    if declared in shown:
        return declared
    return dateline


def _line_of(text: str, value: str | None) -> Span | None:
    """The span of the first line of ``text`` that is exactly ``value``."""
    if not value:
        return None
    at = text.find("\n" + value + "\n")
    if at >= 0:
        return Span(at + 1, at + 1 + len(value))
    return Span(0, len(value)) if text.startswith(value + "\n") else None
