from __future__ import annotations

import pytest

from factpull.errors import BinaryInputError, DecodeError
from factpull.io.readers import decode


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("Café à Paris".encode(), "Café à Paris"),
        (b"\xef\xbb\xbfBOM first", "BOM first"),
        ("UTF-16 text £5".encode("utf-16"), "UTF-16 text £5"),
        ("Windows text costs £5 – “quoted”".encode("cp1252"), "Windows text costs £5 – “quoted”"),
        (b"one\r\ntwo\rthree\n", "one\r\ntwo\rthree\n"),  # line ends as given (offsets index them)
        (b"", ""),
    ],
)
def test_decode(data: bytes, text: str) -> None:
    assert decode(data) == text


def test_binary_is_refused_with_the_source_named() -> None:
    with pytest.raises(BinaryInputError, match=r"^img\.png: binary data"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", source="img.png")


def test_invalid_utf8_that_is_not_single_byte_text() -> None:
    with pytest.raises(DecodeError, match=r"^page\.txt: not valid UTF-8"):
        decode(b"ok \xe2\x82 then \xe2\x82\xe2 and \xf0\x9f\x98 more \xe2\x82\xe2\x82", source="page.txt")
