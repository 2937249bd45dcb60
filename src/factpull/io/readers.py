"""Bytes to text: encoding detection, BOMs, line ends. The decoded text is never rewritten
afterwards; every offset factpull emits is a code-point index into it.

Line ends are kept as they are: offsets index the decoded input as given, ``\\r\\n`` included
(the batch processes such a text newline-normalised and maps offsets back: ``lineends``), so
``open(path, encoding=..., newline="").read()[start:end]`` slices the same characters.
"""

from __future__ import annotations

import codecs

from ..errors import BinaryInputError, DecodeError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control bytes that never occur in text (tab, LF, VT, FF, CR and ESC aside).
_BINARY_BYTES = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x1B)) | frozenset(range(0x1C, 0x20))


def decode(data: bytes, *, source: str = "-") -> str:
    """Decode page bytes: a BOM decides; else UTF-8; else Windows-1252 when the bytes look
    like single-byte text. Binary data (NUL and other control bytes) is refused.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"{source}: not valid {encoding.upper()} despite its byte order mark ({exc.reason})"
                ) from None
    sample = data[:65536]
    if b"\x00" in sample or sum(b in _BINARY_BYTES for b in sample) > max(8, len(sample) // 200):
        raise BinaryInputError(f"{source}: binary data, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if _looks_single_byte(data):
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")
    raise DecodeError(f"{source}: not valid UTF-8 (byte {utf8_error.start}: {utf8_error.reason})")


def _looks_single_byte(data: bytes) -> bool:
    """Latin-1/Windows-1252 text: high bytes are mostly isolated between ASCII letters."""
    high = [i for i, b in enumerate(data) if b >= 0x80]
    if not high:
        return True
    runs = sum(1 for i in high if i + 1 < len(data) and data[i + 1] >= 0x80)
    return runs <= len(high) // 4


def normalise_newlines(text: str) -> str:
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


# -- pages: text or HTML, gzip-compressed or not ------------------------------------------

_GZIP_MAGIC = b"\x1f\x8b"
# A compressed input may not expand beyond this (a decompression bomb is refused).
MAX_GUNZIPPED_BYTES = 512 * 1024 * 1024


def gunzip(data: bytes, *, source: str = "-") -> bytes:
    """The content of gzip-compressed ``data`` (several members included); other data as is."""
    if not data.startswith(_GZIP_MAGIC):
        return data
    import zlib

    out: list[bytes] = []
    size = 0
    rest = data
    while rest.startswith(_GZIP_MAGIC):
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            chunk = inflater.decompress(rest, MAX_GUNZIPPED_BYTES - size + 1)
        except zlib.error as exc:
            raise DecodeError(f"{source}: damaged gzip data ({exc})") from None
        size += len(chunk)
        if size > MAX_GUNZIPPED_BYTES or inflater.unconsumed_tail:
            raise DecodeError(f"{source}: gzip data expands beyond {MAX_GUNZIPPED_BYTES >> 20} MB")
        out.append(chunk)
        rest = inflater.unused_data
    return b"".join(out)


def read_page(data: bytes, *, source: str = "-", charset: str | None = None, html: bool = False) -> str:
    """The text factpull reads from an input's bytes: gzip is undone; HTML (``html``, or found
    by content) becomes its rendered text (a ``page.html.HtmlText`` carrying the markup's
    evidence; offsets index it); anything else is decoded as text (``decode``)."""
    from ..page.html import decode_html, looks_like_html, render_html

    data = gunzip(data, source=source)
    if html or looks_like_html(data[:4096].decode("latin-1")):
        return render_html(decode_html(data, charset))
    return decode(data, source=source)
