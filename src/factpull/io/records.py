"""Reading and parsing: the pages of one input, and the text of one page.

A plain file is one page, read by whoever processes it (a worker); stdin, JSON Lines
(``--jsonl-in``, one record a line) and web archives (WARC/WET, found by content) are read
here and give one page per record. A problem becomes a page that carries it, so the batch
writes an error record for it and goes on.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..errors import EmptyInputError, FactpullError, InputError, RecordError, UnreadableError
from ..jsonline import NotAnObject, json_object
from ..options import iso_reference
from .archives import ArchiveStats, is_archive, is_archive_bytes, iter_records
from .inputs import Input, read_input, read_stream
from .readers import decode, normalise_newlines, read_page


@dataclass(frozen=True, slots=True)
class Page:
    """One unit of work: a page to read (``path``), or one already in memory (``data``/``text``)."""

    source: str
    path: Path | None = None
    data: bytes | None = None
    text: str | None = None
    id: str | None = None
    url: str | None = None
    ref_date: dt.date | None = None  # overrides the page's publication date
    fallback_date: dt.date | None = None  # used when the page shows no publication date
    html: bool = False  # ``data`` is an HTML payload (from a WARC response record)
    charset: str | None = None
    problem: FactpullError | None = None


def pages(
    item: Input, *, jsonl_in: bool, stdin: IO[bytes] | None = None, stats: ArchiveStats | None = None
) -> Iterator[Page]:
    """The pages of one input. A plain file is read by whoever processes the page (a worker);
    stdin, JSON Lines and web archives (WARC/WET, found by content) are read here."""
    if item.problem is not None:
        yield Page(item.source, problem=item.problem)
        return
    if not jsonl_in:
        if item.path is None:
            data = read_stream(stdin or sys.stdin.buffer, item.source)
            if is_archive_bytes(data):
                yield from _archive_pages(io.BytesIO(data), item.source, stats)
            else:
                yield Page(item.source, data=data)
        elif is_archive(item.path):
            try:
                with item.path.open("rb") as handle:
                    yield from _archive_pages(handle, item.source, stats)
            except OSError as exc:
                yield Page(item.source, problem=UnreadableError(f"{item.source}: cannot read: {exc.strerror}"))
        else:
            yield Page(item.source, path=item.path)
        return
    try:
        text = decode(read_input(item, stdin), source=item.source)
    except InputError as exc:
        yield Page(item.source, problem=exc)
        return
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{item.source}:{number}"
        try:
            yield _parse_record(line, item.source, where)
        except RecordError as exc:
            yield Page(where, problem=exc)


def _archive_pages(stream: IO[bytes], source: str, stats: ArchiveStats | None) -> Iterator[Page]:
    try:
        for record in iter_records(stream, source, stats):
            yield Page(
                source,
                data=record.payload,
                id=record.id,
                url=record.url,
                fallback_date=record.date,
                html=record.html,
                charset=record.charset,
            )
    except InputError as exc:
        yield Page(source, problem=exc)


def _parse_record(line: str, source: str, where: str) -> Page:
    """One ``--jsonl-in`` line as a page; a bad record is a page carrying an E106 problem (with
    the record's ``id`` when it has a usable one) or, for an empty ``text``, an E105 one."""
    try:
        obj = json_object(line)
    except NotAnObject as exc:
        raise RecordError(f"{where}: not a JSON object" + (f" ({exc.reason})" if exc.reason else "")) from None
    rid = _key(obj, "id", where)
    try:
        url = _key(obj, "url", where)
        page = _record_page(obj, source, where)
    except InputError as exc:
        return Page(where, id=rid, problem=exc)
    return dataclasses.replace(page, id=rid, url=url)


def _key(obj: dict[str, Any], key: str, where: str) -> str | None:
    """``id``/``url``: a string, or a number written as JSON writes it; anything else is E106."""
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise RecordError(f"{where}: {key!r} must be a string or a number, not {_json_type(value)}")
    text = value if isinstance(value, str) else json.dumps(value)
    _check_unicode(text, key, where)
    return text


def _json_type(value: object) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return "true/false" if isinstance(value, bool) else type(value).__name__


def _check_unicode(text: str, key: str, where: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise RecordError(
            f"{where}: {key!r} holds a lone surrogate ({text[exc.start]!r} at {exc.start}): not valid Unicode"
        ) from None


def _record_page(obj: dict[str, Any], source: str, where: str) -> Page:
    text, html, ref = obj.get("text"), obj.get("html"), obj.get("ref_date")
    if not isinstance(text, str) and not isinstance(html, str):
        raise RecordError(f"{where}: the record has no string 'text' (or 'html')")
    ref_date = None
    if ref is not None:
        ref_date = iso_reference(str(ref))  # YYYY-MM-DD, or with a time: YYYY-MM-DDTHH:MM
        if ref_date is None:
            raise RecordError(f"{where}: 'ref_date' is not a YYYY-MM-DD date: {ref!r}")
    if isinstance(text, str):
        _check_unicode(text, "text", where)
        if not text.strip():
            raise EmptyInputError(f"{where}: empty 'text'")
        return Page(source, text=text, ref_date=ref_date)
    assert isinstance(html, str)
    _check_unicode(html, "html", where)
    return Page(source, data=html.encode("utf-8"), html=True, charset="utf-8", ref_date=ref_date)


def page_text(page: Page) -> str:
    """The decoded text of a page (reading its file, rendering its HTML); raises InputError."""
    if page.text is not None:
        return page.text
    if page.problem is not None:
        raise page.problem
    data = page.data if page.data is not None else read_input(page)
    text = read_page(data, source=page.source, charset=page.charset, html=page.html)
    if not text.strip():
        raise EmptyInputError(f"{page.source}: empty input")
    return text


def texts(items: Iterator[Input], *, jsonl_in: bool, stdin: IO[bytes] | None = None) -> Iterator[str]:
    """The text of every readable page of ``items`` (unreadable ones are left to the real run)."""
    for item in items:
        for page in pages(item, jsonl_in=jsonl_in, stdin=stdin):
            try:
                yield normalise_newlines(page_text(page))
            except FactpullError:
                continue
