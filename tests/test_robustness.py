"""Bad inputs get a clear one-line answer; nothing is lost; nothing half-written is left."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import spacy
from click.testing import CliRunner

from factpull import Extractor, Options
from factpull.cli import main
from factpull.io.emit import document_to_dict
from support import SEED, assert_offsets

PAGE = "The museum reopened on Tuesday after a $12 million renovation, its director Ana Lima said.\n"


def invoke(*args: str | Path, input: str | bytes | None = None) -> Any:
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


def records(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Cost: £5 – “quoted”\n".encode("cp1252"), "Cost: £5 – “quoted”\n"),
        (b"\xef\xbb\xbf" + PAGE.encode(), PAGE),
        (PAGE.encode("utf-16"), PAGE),
        (PAGE.replace("\n", "\r\n").encode(), PAGE),
        (PAGE.replace("\n", "\r").encode(), PAGE),
    ],
    ids=["cp1252", "utf8-bom", "utf16-bom", "crlf", "cr"],
)
def test_encodings_decode_and_offsets_point_into_the_decoded_text(data: bytes, expected: str, tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(data)
    result = invoke("extract", path)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["text"] == expected.strip()
    assert_offsets(doc, expected)


def test_special_files_in_a_folder_are_skipped_with_a_message(tmp_path: Path) -> None:
    root = tmp_path / "pages"
    root.mkdir()
    (root / "good.txt").write_text(PAGE, encoding="utf-8")
    os.mkfifo(root / "pipe.txt")
    (root / "loop").symlink_to(root, target_is_directory=True)  # a symlink loop: not followed
    (root / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (root / "image.txt").write_bytes(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")
    result = invoke("extract", root)
    assert result.exit_code == 1
    by_name = {Path(r["source"]).name: r for r in records(result.stdout)}
    assert set(by_name) == {"good.txt", "pipe.txt", "dangling.txt", "image.txt"}
    assert by_name["pipe.txt"]["error"] == {"code": "E102", "message": f"{root / 'pipe.txt'}: not a regular file"}
    assert by_name["dangling.txt"]["error"]["code"] == "E101"
    assert by_name["image.txt"]["error"]["code"] == "E104"
    assert "people" in by_name["good.txt"]
    assert len([line for line in result.stderr.splitlines() if line.startswith("factpull: error:")]) == 3


def test_unreadable_and_vanishing_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "pages"
    root.mkdir()
    for name in ("a.txt", "denied.txt", "vanishes.txt", "z.txt"):
        (root / name).write_text(PAGE, encoding="utf-8")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "denied.txt":
            raise PermissionError(errno.EACCES, "Permission denied")
        if self.name == "vanishes.txt":
            raise FileNotFoundError(errno.ENOENT, "No such file or directory")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = invoke("extract", root, "--jobs", "1")
    assert result.exit_code == 1
    errors = {Path(r["source"]).name: r.get("error") for r in records(result.stdout)}
    assert errors["a.txt"] is None
    assert errors["z.txt"] is None
    assert errors["denied.txt"] == {"code": "E102", "message": f"{root / 'denied.txt'}: cannot read: Permission denied"}
    assert errors["vanishes.txt"]["code"] == "E102"


def test_disk_full_names_the_file_and_keeps_earlier_outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "pages"
    root.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (root / name).write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    import factpull.io.emit

    real_fsync = os.fsync
    calls = {"n": 0}

    def fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(factpull.io.emit.os, "fsync", fsync)
    result = invoke("clean", root, "-o", out, "--jobs", "1")
    assert result.exit_code == 1
    assert f"factpull: error: {out / 'b.txt'}: cannot write: No space left on device" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["a.txt", "c.txt"]  # no partial or temporary file
    assert "$12 million" in (out / "a.txt").read_text(encoding="utf-8")


def test_output_folder_not_writable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import factpull.io.emit

    def mkstemp(**kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(factpull.io.emit.tempfile, "mkstemp", mkstemp)
    out = tmp_path / "out"
    out.mkdir()
    result = invoke("clean", SEED, "-o", out)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"factpull: error: {out / SEED.name}: cannot write: Permission denied"


def test_ctrl_c_exits_130_without_partial_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "pages"
    root.mkdir()
    for name in ("a.txt", "b.txt"):
        (root / name).write_text(PAGE, encoding="utf-8")
    calls = {"n": 0}
    real = Extractor.clean_document

    def interrupted(self: Extractor, text: str, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(self, text, **kwargs)

    monkeypatch.setattr(Extractor, "clean_document", interrupted)
    out = tmp_path / "all.txt"
    result = invoke("clean", root, "-o", out, "--jobs", "1")
    assert result.exit_code == 130
    assert result.stderr.strip() == "factpull: interrupted"
    assert list(tmp_path.iterdir()) == [root]  # neither all.txt nor a temporary file


def test_closed_stdout_is_a_quiet_exit(tmp_path: Path) -> None:
    root = tmp_path / "pages"
    root.mkdir()
    for i in range(40):
        (root / f"{i:02}.txt").write_text(PAGE * 50, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "factpull", "clean", str(root), "--jsonl", "--jobs", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    assert proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141
    assert stderr == ""


@pytest.mark.parametrize(
    ("page", "script"),
    [
        (
            "Пресс-конференция состоялась 1 апреля в Москве. Было подписано 236 соглашений о сотрудничестве между регионами.\n",
            "Cyrillic",
        ),
        (
            "重庆市人民政府新闻办公室4月1日举行新闻发布会，介绍成渝地区双城经济圈建设情况，两地签署了236项合作协议。\n",
            "Han",
        ),
    ],
)
def test_a_non_english_page_gets_a_warning_and_no_facts(page: str, script: str) -> None:
    result = invoke("extract", input=page)
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["quantities"] == doc["dates"] == doc["people"] == doc["organizations"] == []
    assert doc["warnings"] == [f"the page is not in English (mostly {script} script): no facts extracted"]
    assert "factpull: warning: -: the page is not in English" in result.stderr


@pytest.mark.skipif(os.geteuid() != 0, reason="creating a device file needs root")
def test_a_device_file_in_a_folder_is_skipped(tmp_path: Path) -> None:
    import stat

    root = tmp_path / "pages"
    root.mkdir()
    (root / "good.txt").write_text(PAGE, encoding="utf-8")
    os.mknod(root / "null.txt", stat.S_IFCHR | 0o600, os.makedev(1, 3))  # like /dev/null
    result = invoke("extract", root)
    assert result.exit_code == 1
    errors = [r["error"]["message"] for r in records(result.stdout) if "error" in r]
    assert errors == [f"{root / 'null.txt'}: not a regular file"]


@pytest.fixture(scope="module")
def blank_extractor() -> Extractor:
    # A blank English pipeline (tokenizer only) keeps the long-input test fast; no cleaning,
    # which would rightly drop the repeated paragraphs.
    return Extractor(Options(clean=False), nlp=spacy.blank("en"))


def test_a_page_beyond_spacy_max_length_is_processed_in_chunks(blank_extractor: Extractor) -> None:
    paragraph = "On March 3, 2020, the board approved 12 new schools costing $40 million in total.\n\n"
    text = paragraph * (5_000_000 // len(paragraph) + 1)
    assert len(text) > 1_000_000  # spaCy's default max_length
    doc = blank_extractor(text, source="big.txt")
    record = document_to_dict(doc)
    assert_offsets(record, text)
    money = [q for q in doc.quantities if q.kind == "money"]
    assert len(money) == text.count("$40 million")
    assert money[-1].end > 4_900_000  # facts from the end of the page too: nothing truncated


def test_a_50_mb_single_line_file_is_cleaned(tmp_path: Path) -> None:
    path = tmp_path / "line.txt"
    path.write_text("word " * 10_000_000 + "\n", encoding="utf-8")
    result = invoke("clean", path, "--jsonl")
    assert result.exit_code == 0, result.stderr[-500:]
    assert json.loads(result.stdout)["source"] == str(path)


# -- terminal safety: page text and file names never reach stderr as raw escapes ---------

TITLE = "\x1b]0;pwned\x07"  # sets the terminal's title
CLEAR = "\x1b[2J"  # clears the screen


def _no_raw_controls(stream: str) -> None:
    assert not [c for c in stream if (ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) <= 0x9F]


def test_error_lines_show_escapes_in_file_names_visibly(tmp_path: Path) -> None:
    bad = tmp_path / f"a{TITLE}b{CLEAR}.txt"
    bad.write_bytes(b"\x00\x01\x02 not text")
    forged = tmp_path / "c\nfactpull: error: forged.txt"
    forged.write_bytes(b"\x00\x01")
    result = invoke("extract", bad, forged, "--jobs", "1")
    assert result.exit_code == 1
    _no_raw_controls(result.stderr)
    assert "a␛]0;pwned␇b␛[2J.txt: binary data, not text" in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("factpull: error:")]
    assert len(errors) == 2  # the newline in a name cannot forge a line of its own
    assert "c␊factpull: error: forged.txt: binary data" in errors[1]
    assert {r["source"] for r in records(result.stdout)} == {str(bad), str(forged)}  # data keeps the real name


def test_explain_and_warnings_show_page_text_escapes_visibly(tmp_path: Path) -> None:
    page = tmp_path / f"page{CLEAR}.txt"
    page.write_text(
        f"Share on Facebook {TITLE}\n\n{PAGE}\nThe works took nine months and the hall seats 800 people.\n"
        f"\nCopyright 2021 Example Media. All rights reserved.{CLEAR}\n",
        encoding="utf-8",
    )
    result = invoke("clean", "--explain", page)
    assert result.exit_code == 0, result.stderr
    _no_raw_controls(result.stderr)
    assert f"== {tmp_path}/page␛[2J.txt:" in result.stderr
    assert "Share on Facebook ␛]0;pwned␇" in result.stderr
    foreign = tmp_path / f"ru{TITLE}.txt"
    foreign.write_text("Пресс-конференция состоялась 1 апреля в Москве. Было подписано 236 соглашений.\n", "utf-8")
    result = invoke("extract", foreign)
    _no_raw_controls(result.stderr)
    assert "factpull: warning: " in result.stderr
    assert "ru␛]0;pwned␇.txt: the page is not in English" in result.stderr


def test_sanitize_one_line() -> None:
    from factpull.terminal import sanitize

    assert sanitize("a\nb\tc\x1b") == "a\nb\tc␛"
    assert sanitize("a\nb\tc\x1b", one_line=True) == "a␊b\tc␛"


# -- a budget per page: time (--page-timeout, E108) and size ------------------------------


def test_the_page_budget_interrupts_the_regex_engine() -> None:
    import time

    import regex

    from factpull.budget import page_budget
    from factpull.errors import PageTimeoutError

    began = time.monotonic()
    with pytest.raises(PageTimeoutError, match=r"big\.txt: the page took longer than its budget of 0\.5 s"):  # noqa: SIM117
        with page_budget(0.5, "big.txt"):
            regex.search(r"(x+)+$", "x" * 5000 + "!")  # catastrophic: minutes without a budget
    assert time.monotonic() - began < 5


def _slow_on(marker: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    real = Extractor.__call__

    def slow(self: Extractor, text: str, **kwargs: Any) -> Any:
        if marker in text:
            time.sleep(60)
        return real(self, text, **kwargs)

    monkeypatch.setattr(Extractor, "__call__", slow)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_page_over_its_time_budget_is_e108_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    import time

    _slow_on("SLOWPAGE", monkeypatch)
    root = tmp_path / "pages"
    root.mkdir()
    (root / "a.txt").write_text(PAGE, encoding="utf-8")
    (root / "b.txt").write_text("SLOWPAGE\n" + PAGE, encoding="utf-8")
    (root / "c.txt").write_text(PAGE, encoding="utf-8")
    began = time.monotonic()
    result = invoke("extract", root, "--page-timeout", "10", "--jobs", jobs)
    assert time.monotonic() - began < 40
    assert result.exit_code == 1
    docs = {Path(r["source"]).name: r for r in records(result.stdout)}
    assert docs["b.txt"]["error"] == {
        "code": "E108",
        "message": f"{root / 'b.txt'}: the page took longer than its budget of 10 s (--page-timeout)",
    }
    assert "error" not in docs["a.txt"]
    assert "error" not in docs["c.txt"]
    assert any(q["value"] == 12_000_000 for q in docs["c.txt"]["quantities"])


def test_page_timeout_zero_means_no_limit_and_bad_values_are_usage_errors() -> None:
    from factpull.budget import page_budget

    with page_budget(0):
        pass
    result = invoke("extract", "--page-timeout", "-1", input=PAGE)
    assert result.exit_code == 2


def test_the_entity_model_reads_long_runs_without_a_space_as_spaces() -> None:
    from factpull.budget import MAX_RUN, blank_long_runs

    text = "Mayor Ana Lima said (" + "(" * 5000 + ")" * 5000 + ") ok"
    blanked = blank_long_runs(text)
    assert len(blanked) == len(text)  # offsets hold
    assert blanked.startswith("Mayor Ana Lima said ")
    assert blanked.rstrip().endswith("ok")
    assert "(" not in blanked
    assert blank_long_runs("x" * MAX_RUN) == "x" * MAX_RUN


def test_deep_bracket_nesting_costs_about_a_normal_page(blank_extractor: Extractor) -> None:
    import time

    nlp = spacy.load("en_core_web_sm") if spacy.util.is_package("en_core_web_sm") else spacy.blank("en")
    extractor = Extractor(Options(clean=False), nlp=nlp)
    extractor("Warm-up: Ana Lima paid $5.")
    began = time.monotonic()
    extractor("The clerk wrote " + "(" * 5000 + "x" + ")" * 5000 + " in the minutes.\n")
    assert time.monotonic() - began < 10  # 40-60 s before: spaCy splits such a run affix by affix


def test_bracket_runs_cost_the_acronym_rule_linear_time() -> None:
    import time

    from factpull.rules.load import load_rules

    rule = load_rules().rule("acronym.bracketed")
    began = time.monotonic()
    assert list(rule.finditer("(" * 100_000 + "x" + ")" * 100_000)) == []
    assert time.monotonic() - began < 2  # its look-ahead scanned to the end of the run from each '(': minutes
    assert rule.search(" (KRC)") is not None


def test_a_deeply_nested_jsonl_record_is_e106_and_the_batch_goes_on(tmp_path: Path) -> None:
    dump = tmp_path / "deep.jsonl"
    deep = '{"text": "Rents rose 4%.", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    dump.write_text(deep + "\n" + json.dumps({"text": PAGE}) + "\n", encoding="utf-8")
    result = invoke("clean", "--jsonl-in", dump, "--jsonl", "--jobs", "1")
    assert result.exit_code == 1
    first, second = records(result.stdout)
    assert first["error"] == {"code": "E106", "message": f"{dump}:1: not a JSON object (nested too deeply)"}
    assert "$12 million" in second["text"]


def test_a_long_page_gets_a_budget_in_proportion() -> None:
    import time

    from factpull.budget import page_budget
    from factpull.errors import PageTimeoutError

    began = time.monotonic()
    with page_budget(0.5) as budget:
        budget.scale(300_000)  # three times the characters: 1.5 s
        time.sleep(1)
    with pytest.raises(PageTimeoutError), page_budget(0.5) as budget:  # noqa: PT012
        budget.scale(1_000)
        time.sleep(1)
    assert time.monotonic() - began < 3


def test_a_run_of_comma_groups_with_a_bad_tail_does_not_backtrack_group_by_group() -> None:
    import time

    from factpull.rules.load import load_rules

    rule = load_rules().rule("number.digits")
    text = "It said " + (",234" * 4000)[:13_011] + " today."  # ends in ',23': no grouped number
    began = time.monotonic()
    assert len(list(rule.finditer(text))) == 3253
    assert time.monotonic() - began < 10  # 20 s before: each start gave back every group
    assert [m.group() for m in rule.finditer("paid 8,402,915 in 71,406,58")] == ["8,402,915", "71", "406", "58"]
