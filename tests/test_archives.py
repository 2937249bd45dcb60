"""Web archives (WARC/WET) as input: records become documents; damaged archives fail cleanly."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from factpull.cli import main
from factpull.io.archives import is_archive, is_archive_bytes

warcio = pytest.importorskip("warcio")
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

HTML = (
    b"<html><head><title>Bridge news</title></head><body><nav><a href='/'>Home</a></nav>"
    b"<h1>Bridge reopens</h1><p>The county spent $4 million on the bridge, which reopened last month "
    b"after repairs that lasted about 18 months.</p><p>Engineer Maria Costa said traffic would "
    b"return to 12,000 cars a day.</p></body></html>"
)
WET_TEXT = "Harbor Foods said on Monday it would hire 300 workers at its Ohio plant, a rise of 5%.\n"


def build(path: Path, *, gzip_members: bool = True) -> Path:
    with path.open("wb") as raw:
        writer = WARCWriter(raw, gzip=gzip_members)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "factpull-tests"}))
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://example.org/bridge",
                "response",
                payload=io.BytesIO(HTML),
                http_headers=http,
                warc_headers_dict={"WARC-Date": "2019-06-15T10:00:00Z", "WARC-Record-ID": "<urn:uuid:bridge>"},
            )
        )
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://example.org/logo.png", "response", payload=io.BytesIO(b"\x89PNG"), http_headers=image
            )
        )
        writer.write_record(
            writer.create_warc_record(
                "https://example.org/jobs",
                "conversion",
                payload=io.BytesIO(WET_TEXT.encode()),
                warc_headers_dict={
                    "Content-Type": "text/plain",
                    "WARC-Date": "2023-03-15T08:00:00Z",
                    "WARC-Record-ID": "<urn:uuid:jobs>",
                },
            )
        )
    return path


def invoke(*args: str | Path, input: bytes | None = None) -> Any:
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


def records(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc", "no-suffix"])
def test_archive_records_become_documents(tmp_path: Path, name: str) -> None:
    path = build(tmp_path / name, gzip_members=name.endswith(".gz"))
    assert is_archive(path)
    result = invoke("extract", path)
    assert result.exit_code == 0, result.stderr
    docs = records(result.stdout)
    assert [(d["id"], d["url"]) for d in docs] == [
        ("<urn:uuid:bridge>", "https://example.org/bridge"),
        ("<urn:uuid:jobs>", "https://example.org/jobs"),
    ]
    bridge, jobs = docs
    assert "$4 million" in bridge["text"]
    assert "<p>" not in bridge["text"]
    assert any(q["value"] == 4_000_000 and q["unit"] == "USD" for q in bridge["quantities"])
    # no publication date on the page: WARC-Date is the reference for "last month"
    assert any(d["text"] == "last month" and d["value"] == "2019-05" for d in bridge["dates"])
    assert any(q["value"] == 300 for q in jobs["quantities"])
    assert "factpull: 2 archive records skipped (not text or HTML pages)" in result.stderr


def test_archive_on_stdin(tmp_path: Path) -> None:
    data = build(tmp_path / "crawl.warc.gz").read_bytes()
    assert is_archive_bytes(data)
    result = invoke("extract", input=data)
    assert result.exit_code == 0, result.stderr
    assert len(records(result.stdout)) == 2


def test_truncated_archive_keeps_the_records_before_the_damage(tmp_path: Path) -> None:
    path = build(tmp_path / "crawl.warc.gz")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 40])  # cut into the last gzip member
    result = invoke("extract", path)
    assert result.exit_code == 1
    docs = records(result.stdout)
    assert docs[0]["id"] == "<urn:uuid:bridge>"
    assert docs[-1]["error"]["code"] == "E107"
    assert docs[-1]["error"]["message"].startswith(f"{path}: damaged archive at record")


def test_bad_content_length(tmp_path: Path) -> None:
    body = b"Prices rose 3% in May.\n"
    record = (
        b"WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: https://example.org/a\r\n"
        b"WARC-Record-ID: <urn:uuid:a>\r\nContent-Type: text/plain\r\nContent-Length: 4000\r\n\r\n" + body + b"\r\n\r\n"
    )
    path = tmp_path / "bad.warc"
    path.write_bytes(record)
    result = invoke("extract", path)
    assert result.exit_code == 1
    assert result.stderr.count("factpull: error:") == 1
    assert records(result.stdout)[-1]["error"]["code"] == "E107"


def test_a_gzip_file_that_is_not_an_archive_is_a_page(tmp_path: Path) -> None:
    path = tmp_path / "page.txt.gz"
    path.write_bytes(gzip.compress(b"hello"))
    assert not is_archive(path)
