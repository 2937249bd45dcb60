"""Web archives (WARC, WET; plain or gzipped) as pages: detection by content and record iteration.

Each WET ``conversion`` record (plain text) and each ``response`` record with an HTML payload
is one page; its ``url`` is ``WARC-Target-URI``, its ``id`` ``WARC-Record-ID`` and its
``WARC-Date`` the fallback reference date. Other records (request, metadata, warcinfo,
images, PDFs...) are skipped and counted. A damaged archive (truncated record, bad
Content-Length) ends with an error for the rest of that file; the records before it stay.
``warcio`` is imported only when an archive is actually read.
"""

from __future__ import annotations

import datetime as dt
import gzip
import stat
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..errors import InputError, UnreadableError
from ..options import iso_date

_GZIP_MAGIC = b"\x1f\x8b"
_WARC_MAGIC = b"WARC/"


class ArchiveError(InputError):
    """A web archive is damaged: the message names the file and the record."""

    code = "E107"


@dataclass(frozen=True, slots=True)
class ArchiveRecord:
    id: str | None
    url: str | None
    date: dt.date | None
    html: bool  # True: an HTML payload to render to text; False: plain text (WET)
    payload: bytes
    charset: str | None = None


def is_archive(path: Path) -> bool:
    """True when the file starts like a WARC/WET file, plain or gzipped (names do not matter).
    Only regular files are opened: opening a FIFO would wait for a writer."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return False
        with path.open("rb") as handle:
            head = handle.read(64)
            if head.startswith(_GZIP_MAGIC):
                handle.seek(0)
                try:
                    with gzip.GzipFile(fileobj=handle) as unzipped:
                        head = unzipped.read(len(_WARC_MAGIC))
                except (OSError, EOFError, zlib.error):
                    return False
    except OSError:
        return False
    return head.startswith(_WARC_MAGIC)


def is_archive_bytes(data: bytes) -> bool:
    """``is_archive`` for bytes already in memory (stdin)."""
    if data.startswith(_GZIP_MAGIC):
        try:
            return zlib.decompressobj(wbits=31).decompress(data[:4096], len(_WARC_MAGIC)).startswith(_WARC_MAGIC)
        except zlib.error:
            return False
    return data.startswith(_WARC_MAGIC)


@dataclass
class ArchiveStats:
    records: int = 0
    pages: int = 0
    skipped: int = 0


def iter_records(stream: IO[bytes], source: str, stats: ArchiveStats | None = None) -> Iterator[ArchiveRecord]:
    """The page records of an archive stream, in order; raises ArchiveError where it is damaged."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    stats = stats if stats is not None else ArchiveStats()
    number = 0
    try:
        for record in ArchiveIterator(stream, check_digests=False):
            number += 1
            stats.records += 1
            if record.rec_type is None:
                raise ArchiveError(f"{source}: damaged archive at record {number}: no WARC-Type")
            page = _page(record)
            _drain(record)
            if getattr(record.raw_stream, "limit", 0) > 0:
                raise ArchiveError(f"{source}: damaged archive at record {number}: shorter than its Content-Length")
            if page is None:
                stats.skipped += 1
                continue
            stats.pages += 1
            yield page
    except ArchiveLoadFailed as exc:
        raise ArchiveError(f"{source}: damaged archive at record {number + 1}: {_first_line(exc)}") from None
    except (EOFError, zlib.error, gzip.BadGzipFile, ValueError) as exc:
        raise ArchiveError(
            f"{source}: damaged archive at record {number + 1}: {type(exc).__name__}: {_first_line(exc)}"
        ) from None
    except OSError as exc:
        raise UnreadableError(f"{source}: cannot read: {exc.strerror or exc}") from None


def _page(record: object) -> ArchiveRecord | None:
    rec_type = getattr(record, "rec_type", None)
    headers = record.rec_headers  # type: ignore[attr-defined]
    if rec_type == "conversion":
        content_type = (headers.get_header("Content-Type") or "text/plain").lower()
        if not content_type.startswith("text/plain"):
            return None
        html = False
        charset = _charset(content_type)
    elif rec_type == "response":
        http = getattr(record, "http_headers", None)
        content_type = ((http.get_header("Content-Type") if http else None) or "").lower()
        if "html" not in content_type:
            return None
        html = True
        charset = _charset(content_type)
    else:
        return None
    payload = record.content_stream().read()  # type: ignore[attr-defined]
    return ArchiveRecord(
        id=headers.get_header("WARC-Record-ID"),
        url=headers.get_header("WARC-Target-URI"),
        date=iso_date(headers.get_header("WARC-Date")),
        html=html,
        payload=payload,
        charset=charset,
    )


def _drain(record: object) -> None:
    """Read what is left of a record, so its length can be checked against Content-Length."""
    stream = record.raw_stream  # type: ignore[attr-defined]
    while stream.read(65536):
        pass


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key == "charset" and value:
            return value.strip('"')
    return None


def html_to_text(html: bytes, charset: str | None) -> str:
    """Render an HTML payload to text as the boilerplate benchmark's pages were (inscriptis)."""
    from inscriptis import get_text

    text = None
    for encoding in (charset, "utf-8"):
        if not encoding:
            continue
        try:
            text = html.decode(encoding)
            break
        except (LookupError, UnicodeDecodeError):
            continue
    if text is None:
        text = html.decode("cp1252", errors="replace")
    return str(get_text(text))


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
