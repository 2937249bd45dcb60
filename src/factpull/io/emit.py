"""Documents to JSON: fixed key order, deterministic, and atomic file writes."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import FactpullError, OutputError
from ..types import SCHEMA_VERSION, Document, Entity, Provenance

# The keys of each JSON object, in the order of the schema (the attribute of the same name).
_DOCUMENT_KEYS = (
    "schema_version",
    "source",
    "id",
    "url",
    "title",
    "byline",
    "published",
    "provenance",
    "text",
    "people",
    "organizations",
    "dates",
    "quantities",
    "removed",
    "warnings",
)
_DATE_KEYS = ("text", "start", "end", "kind", "value", "mod", "within", "relative", "rule", "section")
_QUANTITY_KEYS = ("text", "start", "end", "kind", "value", "unit", "approximate", "high", "rule", "section")
_MENTION_KEYS = ("text", "start", "end", "section")
_REMOVED_KEYS = ("start", "end", "reason")


def _record(obj: object, keys: tuple[str, ...], **convert: Callable[[Any], Any]) -> dict[str, Any]:
    """The attributes ``keys`` of ``obj`` as a JSON object, in that order; ``convert`` maps a
    key to what turns its value into JSON."""
    return {key: convert[key](getattr(obj, key)) if key in convert else getattr(obj, key) for key in keys}


def _each(convert: Callable[[Any], Any]) -> Callable[[Any], list[Any]]:
    """A list's converter from its items' one."""
    return lambda items: [convert(item) for item in items]


def document_to_dict(doc: Document) -> dict[str, Any]:
    """The JSON object of one document, keys in the order of the schema."""
    return _record(
        doc,
        _DOCUMENT_KEYS,
        provenance=_provenance,
        people=_each(lambda e: _entity(e, person=True)),
        organizations=_each(lambda e: _entity(e, person=False)),
        dates=_each(lambda d: _record(d, _DATE_KEYS)),
        quantities=_each(lambda q: _record(q, _QUANTITY_KEYS, value=_number, high=_number)),
        removed=_each(lambda r: _record(r, _REMOVED_KEYS)),
        warnings=list,
    )


def error_to_dict(source: str, error: FactpullError, *, id: str | None = None) -> dict[str, Any]:
    """The record that stands in the output for an input that failed."""
    record: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "source": source}
    if id is not None:
        record["id"] = id
    record["error"] = {"code": error.code, "message": error.message}
    return record


def dumps(record: dict[str, Any], *, pretty: bool = False) -> str:
    if pretty:
        return json.dumps(record, ensure_ascii=False, indent=2)
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def _entity(e: Entity, *, person: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"name": e.name, "aliases": list(e.aliases)}
    if person:
        out["roles"] = list(e.roles)
    out["mentions"] = [_record(m, _MENTION_KEYS) for m in e.mentions]
    return out


def _provenance(p: Provenance) -> dict[str, Any]:
    markup = dict(p.markup)
    out: dict[str, Any] = {}
    for key, span in (("title", p.title), ("byline", p.byline), ("published", p.published)):
        entry: dict[str, Any] | None = None if span is None else {"start": span.start, "end": span.end}
        if key in markup:  # an HTML page's value read from its markup
            entry = {**(entry or {}), "markup": markup[key]}
        out[key] = entry
    return out


def _number(value: float | int | None) -> float | int | None:
    """Whole numbers as JSON integers (30000000000, not 3e10)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**63:
        return int(value)
    return value


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[IO[str]]:
    """Write ``path`` through a temporary sibling renamed into place on success: readers never
    see a half-written file, and a failure (disk full, Ctrl-C) leaves no partial file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; give the file a normal file's mode
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        _unlink(tmp)
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        _unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _unlink(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
