"""Web archives (WARC, WET; plain or gzipped) as pages: detection by content and record iteration.

Each WET ``conversion`` record (plain text) and each ``response`` record with an HTML payload
is one page; its ``url`` is ``WARC-Target-URI``, its ``id`` ``WARC-Record-ID`` and its
``WARC-Date`` the fallback reference date. Other records (request, metadata, warcinfo,
images, PDFs...) are skipped and counted. A damaged archive (a truncated record or gzip
member, a Content-Length too long, too short or absurd, bytes that are no record) ends with
one E107 error for the rest of that file, after the pages read before the damage: every
failure of warcio's parser counts as damage, and a file that does not end where its last
whole record ends is reported as truncated, never passed as a shorter archive.
``warcio`` is imported only when an archive is actually read.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import io
import stat
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..errors import ArchiveError, UnreadableError
from ..options import iso_reference

_GZIP_MAGIC = b"\x1f\x8b"
_WARC_MAGIC = b"WARC/"


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
    """The page records of an archive stream, in order. Where the archive is damaged (a
    truncated record or gzip member, a Content-Length that is too long, too short or absurd,
    bytes that are no record) it raises ArchiveError after the pages read before the damage."""
    from warcio.archiveiterator import ArchiveIterator

    stats = stats if stats is not None else ArchiveStats()
    counted = _Counted(stream)
    number = 0
    end = 0  # where the last complete record ends in the (compressed) stream
    try:
        with _warcio_messages() as messages:
            records = ArchiveIterator(counted, check_digests=False)
        while True:
            number += 1  # the record being read
            with _warcio_messages() as messages:
                record = next(records, None)
                if record is None:
                    break
                stats.records += 1
                page = _checked(records, record, number)
            if messages.getvalue():
                raise _damaged(number, messages.getvalue())
            end = records.offset
            if page is None:
                stats.skipped += 1
                continue
            stats.pages += 1
            yield page
        if counted.total() > end:
            raise _damaged(number, "truncated record (the archive ends inside it)")
    except ArchiveError as exc:
        raise ArchiveError(f"{source}: {exc.message}") from None
    except OSError as exc:
        raise UnreadableError(f"{source}: cannot read: {exc.strerror or exc}") from None
    except Exception as exc:  # warcio has no one error type: every failure of its parser is damage
        raise ArchiveError(
            f"{source}: damaged archive at record {number}: {type(exc).__name__}: {_first_line(exc)}"
        ) from None


def _checked(records: Any, record: Any, number: int) -> ArchiveRecord | None:
    """The page of a record just read (None: not a page), once the record is known whole."""
    if not record.rec_type:
        raise _damaged(number, "no WARC-Type")
    length = record.rec_headers.get_header("Content-Length")
    if str(record.format).startswith("warc") and not (length or "").strip().isdigit():
        raise _damaged(number, "no Content-Length (a header cut short or malformed)")
    page = _page(record)
    records.read_to_end()  # the rest of the record and the blank lines after it
    if getattr(record.raw_stream, "limit", 0) > 0:
        raise _damaged(number, "shorter than its Content-Length (truncated)")
    decompressor = records.reader.decompressor if records.reader is not None else None
    if decompressor is not None and not getattr(decompressor, "eof", True):
        raise _damaged(number, "truncated gzip member")
    return page


def _damaged(number: int, detail: str) -> ArchiveError:
    if "Content-Length" in detail:
        detail = "its Content-Length does not match its content (no blank line after it)"
    return ArchiveError(f"damaged archive at record {number}: {_first_line(detail)}")


@contextlib.contextmanager
def _warcio_messages() -> Iterator[io.StringIO]:
    """warcio reports some damage only as text on stderr: catch it (it is damage, and raw
    record bytes must not reach a terminal)."""
    with contextlib.redirect_stderr(io.StringIO()) as messages:
        yield messages


class _Counted:
    """A byte stream that counts what is read from it (and has no ``tell``, so warcio counts
    offsets from where the archive starts)."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.count += len(data)
        return data

    def total(self) -> int:
        """The length of the whole stream (reading what is left)."""
        while self.read(1 << 20):
            pass
        return self.count


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
        date=iso_reference(headers.get_header("WARC-Date")),  # keeps its time of day
        html=html,
        payload=payload,
        charset=charset,
    )


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


def _first_line(exc: BaseException | str) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
