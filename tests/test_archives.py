"""Web archives (WARC/WET) as input: records become documents; damaged archives fail cleanly."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from factpull.cli import main
from factpull.io.archives import is_archive, is_archive_bytes

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


# -- damaged archives: every failure is E107 for that archive, after the pages read before it --


def _record(body: bytes, length: int | str) -> bytes:
    return (
        b"WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: https://example.org/x\r\n"
        b"WARC-Record-ID: <urn:uuid:x>\r\nContent-Type: text/plain\r\n"
        + f"Content-Length: {length}\r\n\r\n".encode()
        + body
        + b"\r\n\r\n"
    )


def _boundaries(data: bytes) -> set[int]:
    """Where complete records end (a cut there leaves a whole, shorter archive)."""
    from warcio.archiveiterator import ArchiveIterator

    ends = set()
    records_ = ArchiveIterator(io.BytesIO(data))
    for _ in records_:
        records_.read_to_end()
        ends.add(records_.get_record_offset() + records_.get_record_length())
    return ends


@pytest.mark.parametrize("gzipped", [True, False], ids=["warc.gz", "warc"])
def test_every_truncation_is_reported_after_the_pages_before_it(tmp_path: Path, gzipped: bool) -> None:
    from factpull.errors import ArchiveError
    from factpull.io.archives import iter_records

    data = build(tmp_path / "crawl", gzip_members=gzipped).read_bytes()
    ends = _boundaries(data)
    full = [r.id for r in iter_records(io.BytesIO(data), "crawl")]
    silent = []
    for cut in range(1, len(data), 3):
        got: list[str | None] = []
        error: ArchiveError | None = None
        try:
            got.extend(r.id for r in iter_records(io.BytesIO(data[:cut]), "crawl"))
        except ArchiveError as exc:
            error = exc
        if error is not None:
            assert error.code == "E107"
            assert error.message.startswith("crawl: damaged archive at record ")
            assert got == full[: len(got)]  # the pages before the damage, in order
            continue
        # a whole archive may end at a record boundary (plus the blank lines after it)
        if not any(end <= cut <= end + 4 for end in ends):
            silent.append(cut)
    assert silent == []


def test_an_absurd_content_length_is_e107_and_the_batch_goes_on(tmp_path: Path) -> None:
    good = build(tmp_path / "good.warc", gzip_members=False).read_bytes()
    bad = tmp_path / "bad.warc"
    bad.write_bytes(good + _record(b"Prices rose 3% in May.", 10**20))
    page = tmp_path / "page.txt"
    page.write_text("The council spent $3 million on roads in 2020.\n", encoding="utf-8")
    result = invoke("extract", bad, page, "--jobs", "1")
    assert result.exit_code == 1
    docs = records(result.stdout)
    assert [d.get("id") for d in docs[:2]] == ["<urn:uuid:bridge>", "<urn:uuid:jobs>"]
    assert docs[2]["error"]["code"] == "E107"
    assert docs[2]["error"]["message"].startswith(f"{bad}: damaged archive at record 5")
    assert docs[3]["source"] == str(page)
    assert "error" not in docs[3]
    assert "Traceback" not in result.stderr


def test_a_too_short_content_length_does_not_pass_a_cut_page_silently(tmp_path: Path) -> None:
    path = tmp_path / "short.warc"
    path.write_bytes(_record(b"The mayor said 40 new homes were built last year.", 14))
    result = invoke("extract", path)
    assert result.exit_code == 1
    (doc,) = records(result.stdout)
    assert doc["error"]["code"] == "E107"
    assert "Content-Length" in doc["error"]["message"]
    assert "WARNING" not in result.stderr  # warcio's own raw message does not leak


@pytest.mark.parametrize(
    "tail",
    [b"garbage\x00\xff" * 10, b"WARC/1.0\r\nfoo\r\n\r\n", b"WARC/1.0\r\nWARC-Type: conversion\r\nContent-Len"],
    ids=["garbage", "no-type", "cut-header"],
)
def test_bytes_that_are_no_record_after_good_ones(tmp_path: Path, tail: bytes) -> None:
    path = tmp_path / "tail.warc"
    path.write_bytes(build(tmp_path / "good.warc", gzip_members=False).read_bytes() + tail)
    result = invoke("extract", path)
    assert result.exit_code == 1
    docs = records(result.stdout)
    assert [d.get("id") for d in docs[:2]] == ["<urn:uuid:bridge>", "<urn:uuid:jobs>"]
    assert docs[2]["error"]["code"] == "E107"
    assert len(docs) == 3


def test_a_damaged_archive_in_a_dask_partition_keeps_the_shard(tmp_path: Path) -> None:
    from factpull.io.dask_runner import process_partition
    from factpull.io.inputs import Input
    from factpull.io.output import json_format
    from factpull.io.pool import Worker
    from factpull.pipeline import CleanHandler, Extractor

    data = build(tmp_path / "crawl.warc", gzip_members=False).read_bytes()
    path = tmp_path / "cut.warc"
    path.write_bytes(data + _record(b"Rents rose 2%.", 10**20))
    worker = Worker(CleanHandler(Extractor()), json_format(pretty=False))
    report = process_partition(0, [Input(str(path), path, Path("cut.warc"))], worker, str(tmp_path), False)
    assert (report.documents, report.failed) == (2, 1)
    lines = records((tmp_path / "part-00000.jsonl").read_text(encoding="utf-8"))
    assert lines[0]["id"] == "<urn:uuid:bridge>"
    assert lines[-1]["error"]["code"] == "E107"
