"""The command line, driven in-process with click's CliRunner."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from factpull import __version__
from factpull.cli import main
from support import SEED, assert_offsets

PAGE = "Harbor Foods said on Monday that it hired 120 engineers in Ohio.\n"


def invoke(*args: str | Path, input: str | bytes | None = None) -> Any:
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


def lines(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "pages"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(PAGE, encoding="utf-8")
    (root / "sub" / "b.txt").write_text("The council spent £3m on roads in 2022.\n", encoding="utf-8")
    (root / "notes.md").write_text("not a page", encoding="utf-8")
    return root


def test_stdin_gives_one_pretty_document(validate: Callable[[dict[str, Any]], None]) -> None:
    result = invoke("extract", input=PAGE)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("{\n  ")
    doc = json.loads(result.stdout)
    validate(doc)
    assert doc["source"] == "-"
    assert doc["schema_version"] == "1.2"
    assert list(doc)[:9] == [
        "schema_version",
        "source",
        "id",
        "url",
        "title",
        "byline",
        "published",
        "provenance",
        "text",
    ]
    assert result.stderr == ""


def test_file_and_stdin_give_the_same_facts(validate: Callable[[dict[str, Any]], None]) -> None:
    from_file = json.loads(invoke("extract", SEED).stdout)
    from_stdin = json.loads(invoke("extract", "-", input=SEED.read_bytes()).stdout)
    validate(from_file)
    assert from_file["source"] == str(SEED)
    from_file.pop("source"), from_stdin.pop("source")
    assert from_file == from_stdin
    assert_offsets(from_file, SEED.read_text(encoding="utf-8"))


def test_folder_gives_json_lines_in_path_order(folder: Path, validate: Callable[[dict[str, Any]], None]) -> None:
    result = invoke("extract", folder)
    assert result.exit_code == 0, result.stderr
    docs = lines(result.stdout)
    assert [Path(d["source"]).name for d in docs] == ["a.txt", "b.txt"]
    for doc in docs:
        validate(doc)


def test_glob_selects_files(folder: Path) -> None:
    result = invoke("extract", folder, "--glob", "*.md")
    assert [Path(d["source"]).name for d in lines(result.stdout)] == ["notes.md"]


def test_jsonl_forces_json_lines_for_one_input() -> None:
    result = invoke("extract", "--jsonl", input=PAGE)
    assert result.stdout.count("\n") == 1
    assert json.loads(result.stdout)["source"] == "-"


def test_json_forces_an_array_for_several(folder: Path) -> None:
    result = invoke("extract", "--json", folder)
    assert [Path(d["source"]).name for d in json.loads(result.stdout)] == ["a.txt", "b.txt"]


def test_output_file_is_written_whole(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "facts.jsonl"
    result = invoke("extract", folder, "-o", out)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert len(lines(out.read_text(encoding="utf-8"))) == 2
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_output_folder_mirrors_the_input_tree(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = invoke("extract", folder, "-o", out)
    assert result.exit_code == 0
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*.json"))
    assert written == ["a.json", "sub/b.json"]
    assert json.loads((out / "sub" / "b.json").read_text(encoding="utf-8"))["source"].endswith("b.txt")


@pytest.mark.parametrize("command", ["extract", "clean"])
def test_an_output_path_ending_in_a_slash_is_a_new_folder(folder: Path, tmp_path: Path, command: str) -> None:
    out = tmp_path / "new" / "out"
    result = invoke(command, folder, "-o", f"{out}/")
    assert result.exit_code == 0, result.output
    assert out.is_dir()
    suffix = "json" if command == "extract" else "txt"
    assert sorted(str(p.relative_to(out)) for p in out.rglob(f"*.{suffix}")) == [f"a.{suffix}", f"sub/b.{suffix}"]


def test_an_output_folder_that_cannot_be_created_is_a_usage_error(folder: Path, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    result = invoke("extract", folder, "-o", f"{tmp_path / 'file' / 'out'}/")
    assert result.exit_code == 2
    assert "cannot create folder" in result.output


def test_jsonl_in_keeps_ids_urls_and_order(validate: Callable[[dict[str, Any]], None]) -> None:
    records = [
        {"id": "p1", "url": "https://example.org/1", "text": "Prices rose 12% last year.", "ref_date": "2020-06-01"},
        {"text": "She paid $5 million for the house."},
        {"id": 7, "text": "Nothing to see here."},
    ]
    result = invoke("extract", "--jsonl-in", "-", input="\n".join(json.dumps(r) for r in records) + "\n")
    assert result.exit_code == 0, result.stderr
    docs = lines(result.stdout)
    assert [(d["id"], d["url"]) for d in docs] == [("p1", "https://example.org/1"), (None, None), ("7", None)]
    for doc in docs:
        validate(doc)


def test_jsonl_in_bad_records_are_error_records(validate: Callable[[dict[str, Any]], None]) -> None:
    result = invoke("extract", "--jsonl-in", input='{"text": "Fine page."}\nnot json\n{"id": "x"}\n')
    assert result.exit_code == 1
    docs = lines(result.stdout)
    assert [d.get("error", {}).get("code") for d in docs] == [None, "E106", "E106"]
    assert docs[1]["source"] == "-:2"
    for doc in docs:
        validate(doc)
    assert "factpull: error: -:2: not a JSON object" in result.stderr
    assert "factpull: error: -:3: the record has no string 'text'" in result.stderr


def test_bad_file_in_a_folder_does_not_stop_the_batch(folder: Path, validate: Callable[[dict[str, Any]], None]) -> None:
    (folder / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    (folder / "empty.txt").write_text("  \n", encoding="utf-8")
    result = invoke("extract", folder)
    assert result.exit_code == 1
    docs = lines(result.stdout)
    assert [Path(d["source"]).name for d in docs] == ["a.txt", "broken.txt", "empty.txt", "b.txt"]
    assert docs[1]["error"] == {"code": "E104", "message": f"{folder / 'broken.txt'}: binary data, not text"}
    assert docs[2]["error"]["code"] == "E105"
    for doc in docs:
        validate(doc)
    errors = [line for line in result.stderr.splitlines() if line.startswith("factpull: error:")]
    assert len(errors) == 2
    assert "factpull: 2 of 4 failed" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["extract", "--ref-date", "2021-02-30"], "is not a date in the form YYYY-MM-DD"),
        (["extract", "--model", "no_such_pipeline"], "cannot load spaCy pipeline 'no_such_pipeline'"),
        (["extract", "--json", "--jsonl"], "--json and --jsonl exclude each other"),
        (["extract", "--nope"], "No such option '--nope'"),
        (["extract", "--patterns", "/nonexistent"], "does not exist"),
        (["clean", "--glob", ""], "'' is not a file name pattern"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    result = invoke(*args, input=PAGE)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_ref_date_overrides_and_env_var() -> None:
    a = json.loads(invoke("extract", "--ref-date", "2020-05-05", input="It opened last year.").stdout)
    b = CliRunner(env={"FACTPULL_REF_DATE": "2020-05-05"}).invoke(main, ["extract"], input="It opened last year.")
    assert a == json.loads(b.stdout)


def test_clean_prints_only_the_article() -> None:
    result = invoke("clean", SEED)
    assert result.exit_code == 0
    assert "236 cooperation agreements" in result.stdout
    assert "cookies" not in result.stdout
    assert not result.stdout.lstrip().startswith("{")


def test_clean_folder_to_folder_writes_text_files(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "clean"
    out.mkdir()
    result = invoke("clean", folder, "-o", out)
    assert result.exit_code == 0
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*.txt")) == ["a.txt", "sub/b.txt"]
    assert "120 engineers" in (out / "a.txt").read_text(encoding="utf-8")


def test_clean_several_inputs_have_headers(folder: Path) -> None:
    result = invoke("clean", folder)
    assert f"==> {folder / 'a.txt'} <==" in result.stdout.splitlines()


def test_clean_jsonl(validate: Callable[[dict[str, Any]], None]) -> None:
    doc = json.loads(invoke("clean", "--jsonl", SEED).stdout)
    validate(doc)
    assert doc["quantities"] == []
    assert "1.2 million" in doc["text"]


def test_explain_lists_removed_lines_on_stderr() -> None:
    result = invoke("clean", "--explain", SEED)
    assert result.exit_code == 0
    removed = json.loads(invoke("clean", "--jsonl", SEED).stdout)["removed"]
    lines = result.stderr.splitlines()
    assert lines[0] == f"== {SEED}: {len(removed)} removed =="
    assert len(lines) == 1 + len(removed)  # one line per removed stretch, nothing else
    assert "I Agree" in result.stderr
    assert "I Agree" not in result.stdout


def test_no_clean_keeps_everything() -> None:
    doc = json.loads(invoke("extract", "--no-clean", SEED).stdout)
    assert "MUST READ" in doc["text"]
    assert doc["removed"] == []


def test_schema_command_prints_the_schema() -> None:
    schema = json.loads(invoke("schema").stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_version_and_help() -> None:
    assert invoke("--version").stdout.strip() == f"factpull, version {__version__}"
    help_text = invoke("extract", "--help").stdout
    assert "Examples:" in help_text
    assert "cat page.txt | factpull extract" in help_text


def test_user_patterns_extend_the_rules(tmp_path: Path) -> None:
    (tmp_path / "boilerplate.toml").write_text(
        '[[line]]\nid = "boilerplate.local_promo"\npattern = "^Win a free toaster"\nstrong = true\n', encoding="utf-8"
    )
    text = SEED.read_text(encoding="utf-8")
    cut = text.index("Besides,")
    page = text[:cut] + "Win a free toaster today!\n\n" + text[cut:]
    result = invoke("clean", "--patterns", tmp_path, "--explain", input=page)
    assert result.exit_code == 0, result.stderr
    assert "toaster" not in result.stdout
    assert "boilerplate.local_promo" in result.stderr


def test_bad_user_pattern_file_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "boilerplate.toml"
    bad.write_text('[[line]]\nid = "boilerplate.x"\npattern = "(a"\n', encoding="utf-8")
    result = invoke("clean", "--patterns", bad, input=PAGE)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"factpull: error: {bad}: rule boilerplate.x: 'pattern' does not compile")


def test_jobs_keep_input_order_and_output(tmp_path: Path) -> None:
    root = tmp_path / "many"
    root.mkdir()
    for i in range(12):
        (root / f"p{i:02}.txt").write_text(
            f"Page {i} says {i + 3} workers earned ${i + 1} million in 2020.\n", encoding="utf-8"
        )
    (root / "p05.txt").write_bytes(b"\x00\x01binary")
    one = invoke("extract", root, "--jobs", "1")
    two = invoke("extract", root, "--jobs", "2")
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout
    assert [Path(d["source"]).name for d in lines(two.stdout)] == [f"p{i:02}.txt" for i in range(12)]


def test_jobs_zero_is_a_usage_error() -> None:
    result = invoke("extract", "--jobs", "0", input=PAGE)
    assert result.exit_code == 2
    assert "--jobs" in result.stderr


def test_resume_skips_complete_outputs_and_retries_failures(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (folder / "bad.txt").write_bytes(b"")
    first = invoke("clean", folder, "-o", out)
    assert first.exit_code == 1
    assert not (out / "bad.txt").exists()  # a failed input leaves no output file
    (out / "a.txt").write_text("kept from the first run", encoding="utf-8")
    (folder / "bad.txt").write_text("The bridge cost $3 million and opened in 2020.\n", encoding="utf-8")
    second = invoke("clean", folder, "-o", out, "--resume")
    assert second.exit_code == 0, second.stderr
    assert (out / "a.txt").read_text(encoding="utf-8") == "kept from the first run"
    assert "$3 million" in (out / "bad.txt").read_text(encoding="utf-8")


def test_resume_needs_an_output_folder() -> None:
    result = invoke("clean", "--resume", input=PAGE)
    assert result.exit_code == 2
    assert "--resume needs -o FOLDER" in result.stderr


def test_output_files_get_the_usual_mode(tmp_path: Path) -> None:
    import os

    out = tmp_path / "facts.json"
    invoke("extract", SEED, "-o", out)
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask


# -- issue 18: inputs and outputs that must not surprise -----------------------------------


def test_a_missing_input_among_good_ones_is_an_e101_record(folder: Path) -> None:
    result = invoke("extract", folder / "a.txt", folder / "missing.txt", folder / "sub" / "b.txt")
    assert result.exit_code == 1
    docs = lines(result.stdout)
    assert [Path(d["source"]).name for d in docs] == ["a.txt", "missing.txt", "b.txt"]
    assert docs[1]["error"] == {"code": "E101", "message": f"{folder / 'missing.txt'}: no such file or folder"}
    assert "people" in docs[0]
    assert "people" in docs[2]
    assert "factpull: 1 of 3 failed" in result.stderr


@pytest.mark.parametrize(
    ("names", "args"),
    [
        (["a/x.txt", "b/x.txt"], ["a/x.txt", "b/x.txt"]),  # two files of one name
        (["a/x.txt", "b/x.txt"], ["a", "b"]),  # two folders
        (["a/x.txt", "a/x.md"], ["a/x.txt", "a/x.md"]),  # one stem, two suffixes
    ],
    ids=["files", "folders", "suffixes"],
)
@pytest.mark.parametrize("resume", [False, True], ids=["", "resume"])
def test_two_inputs_for_one_output_file_are_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, names: list[str], args: list[str], resume: bool
) -> None:
    for name in names:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(PAGE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = invoke("clean", *args, "-o", "out/", *(["--resume"] if resume else []))
    assert result.exit_code == 2
    first, second = names
    assert f"{first} and {second} would both be written to out/x.txt" in result.stderr
    assert list((tmp_path / "out").iterdir()) == []  # nothing written, nothing to skip later


def test_an_output_folder_inside_the_input_folder_is_not_read(folder: Path) -> None:
    out = folder / "clean"
    for _ in range(2):  # the second run would read the first's outputs, and they would collide
        result = invoke("clean", folder, "-o", f"{out}/")
        assert result.exit_code == 0, result.stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == ["a.txt", "sub", "sub/b.txt"]


def test_an_output_file_that_is_an_input_is_refused(folder: Path) -> None:
    page = folder / "a.txt"
    result = invoke("clean", page, folder / "sub" / "b.txt", "-o", page)
    assert result.exit_code == 2
    assert f"-o {page} is the input {page}" in result.stderr
    assert page.read_text(encoding="utf-8") == PAGE


def test_resume_removes_stale_temporary_files(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    stale = [out / ".a.txt.k3j_9xq2.tmp", out / "sub" / ".b.txt.abcd1234.tmp"]
    for path in stale:
        path.write_text("half", encoding="utf-8")
    keep = out / ".notes.tmp"  # not a name factpull makes
    keep.write_text("mine", encoding="utf-8")
    result = invoke("clean", folder, "-o", out, "--resume")
    assert result.exit_code == 0, result.stderr
    assert not any(path.exists() for path in stale)
    assert keep.exists()
    assert (out / "a.txt").exists()


def test_stdin_has_the_size_limit_of_files(monkeypatch: pytest.MonkeyPatch) -> None:
    import factpull.io.inputs

    monkeypatch.setattr(factpull.io.inputs, "MAX_INPUT_BYTES", 1000)
    result = invoke("clean", input=b"word " * 1000)
    assert result.exit_code == 1
    assert "factpull: error: -: larger than" in result.stderr
    assert result.stdout == ""


def test_a_file_over_the_size_limit_is_e102(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    import factpull.io.inputs

    monkeypatch.setattr(factpull.io.inputs, "MAX_INPUT_BYTES", 200)
    (folder / "big.txt").write_text("word " * 100, encoding="utf-8")
    result = invoke("clean", "--jsonl", folder, "-j", "1")
    docs = {Path(d["source"]).name: d for d in lines(result.stdout)}
    assert docs["big.txt"]["error"]["code"] == "E102"
    assert "text" in docs["a.txt"]


def test_stdin_from_dev_zero_ends(tmp_path: Path) -> None:
    script = "import factpull.io.inputs as i, sys; i.MAX_INPUT_BYTES = 1 << 20; from factpull.cli import main; main()"
    with open("/dev/zero", "rb") as zero:
        proc = subprocess.run(
            [sys.executable, "-c", script, "clean"], stdin=zero, capture_output=True, timeout=60, check=False
        )
    assert proc.returncode == 1
    assert b"-: larger than 1 MB" in proc.stderr


@pytest.mark.parametrize(
    ("record", "code", "message"),
    [
        ('{"id": "e1", "text": ""}', "E105", "-:1: empty 'text'"),
        ('{"id": "e2", "text": "a \\ud800 b"}', "E106", "-:1: 'text' holds a lone surrogate ('\\ud800' at 2)"),
        ('{"id": "e3", "ref_date": "soon", "text": "A page."}', "E106", "-:1: 'ref_date' is not a YYYY-MM-DD date"),
        ('{"id": {"n": 1}, "text": "A page."}', "E106", "-:1: 'id' must be a string or a number, not an object"),
        ('{"url": [1], "text": "A page."}', "E106", "-:1: 'url' must be a string or a number, not an array"),
        ('{"url": true, "text": "A page."}', "E106", "-:1: 'url' must be a string or a number, not true/false"),
    ],
)
def test_jsonl_in_bad_fields_are_clear_errors_that_keep_the_id(record: str, code: str, message: str) -> None:
    result = invoke("clean", "--jsonl", "--jsonl-in", input=record + "\n")
    assert result.exit_code == 1
    (doc,) = lines(result.stdout)
    assert doc["error"]["code"] == code
    assert doc["error"]["message"].startswith(message)
    rid = json.loads(record)["id"] if "id" in record else None
    assert doc.get("id") == (rid if isinstance(rid, str) else None)


def test_jsonl_in_number_ids_and_urls_are_written_as_json_writes_them() -> None:
    result = invoke("clean", "--jsonl", "--jsonl-in", input='{"id": 7, "url": 1.5, "text": "A page."}\n')
    assert result.exit_code == 0, result.stderr
    (doc,) = lines(result.stdout)
    assert (doc["id"], doc["url"]) == ("7", "1.5")


def test_a_full_disk_counts_each_failed_input_once(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = invoke("clean", folder, "-o", f"{tmp_path / 'out'}/", "-j", "1")
    assert result.exit_code == 1
    assert "factpull: 2 of 2 failed" in result.stderr
    assert result.stderr.count("No space left on device") == 2


def test_sigterm_stops_cleanly_like_ctrl_c(tmp_path: Path) -> None:
    root = tmp_path / "pages"
    root.mkdir()
    for i in range(400):
        (root / f"{i:03}.txt").write_text(PAGE * 200, encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "factpull", "clean", str(root), "-o", f"{out}/", "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    children: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (out.is_dir() and len(list(out.iterdir())) >= 3):
        time.sleep(0.05)
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
    assert len(children) == 2  # the two workers
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 143
    assert stderr.decode().strip() == "factpull: terminated"
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    time.sleep(0.2)
    assert not [pid for pid in children if Path(f"/proc/{pid}").exists()]


# -- issue 18 item 8: one offset contract --------------------------------------------------


def _without_offsets(record: dict[str, Any]) -> Any:
    if isinstance(record, dict):
        return {k: _without_offsets(v) for k, v in record.items() if k not in ("start", "end", "source", "id")}
    if isinstance(record, list):
        return [_without_offsets(v) for v in record]
    return record


def test_offsets_index_a_crlf_input_as_given(tmp_path: Path) -> None:
    lf = SEED.read_text(encoding="utf-8")
    assert "\r" not in lf
    crlf = lf.replace("\n", "\r\n")
    (tmp_path / "crlf.txt").write_bytes(crlf.encode("utf-8"))
    (tmp_path / "lf.txt").write_bytes(lf.encode("utf-8"))
    record = json.dumps({"id": "r", "text": crlf})
    (tmp_path / "dump.jsonl").write_text(record + "\n", encoding="utf-8")
    from_file = json.loads(invoke("extract", "--ref-date", "2021-04-06", tmp_path / "crlf.txt").stdout)
    from_stdin = json.loads(invoke("extract", "--ref-date", "2021-04-06", input=crlf.encode("utf-8")).stdout)
    from_record = json.loads(
        invoke("extract", "--ref-date", "2021-04-06", "--jsonl-in", tmp_path / "dump.jsonl").stdout
    )
    from_lf = json.loads(invoke("extract", "--ref-date", "2021-04-06", tmp_path / "lf.txt").stdout)
    assert from_lf["quantities"]  # there are facts to check
    for doc in (from_file, from_stdin, from_record):
        assert_offsets(doc, crlf)  # input[start:end] == text, on the bytes as given, decoded
        for removed in doc["removed"]:
            assert crlf[removed["start"] : removed["end"]].strip()
        for span in doc["provenance"].values():
            if span is not None:
                line = crlf[span["start"] : span["end"]]
                assert "\n" not in line.strip("\r\n")
        # the same facts as the LF file, only the offsets differ (by one per line end before them)
        assert _without_offsets(doc) == _without_offsets(from_lf)
    assert [q["start"] for q in from_file["quantities"]] == [q["start"] for q in from_record["quantities"]]
    assert from_file["quantities"][-1]["start"] > from_lf["quantities"][-1]["start"]


def test_a_fact_across_a_crlf_line_end_keeps_the_crlf_in_its_text() -> None:
    from factpull.io.lineends import LineEnds

    raw = "one\r\ntwo\r\nthree\rfour\r\n"
    normalised, ends = LineEnds.of(raw)
    assert normalised == "one\ntwo\nthree\nfour\n"
    assert ends is not None
    for start in range(len(normalised) + 1):
        for end in range(start, len(normalised) + 1):
            piece = raw[ends.offset(start) : ends.offset(end)]
            assert piece.replace("\r\n", "\n").replace("\r", "\n") == normalised[start:end]
