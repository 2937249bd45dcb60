"""The compiled-pattern cache: hits skip compiling, bad cache files are ignored, never executed."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import regex

from factpull import regexcache


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("FACTPULL_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("FACTPULL_NO_CACHE", raising=False)
    regexcache._reset()
    yield tmp_path
    regexcache._reset()


def _forbid_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled although the pattern was cached")

    monkeypatch.setattr(regexcache.regex, "compile", refuse)


def test_a_saved_pattern_is_loaded_without_compiling(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    regexcache.compile_regex(r"(?P<n>\d+)\s*km\b", regex.IGNORECASE)
    regexcache.save()
    files = list(cache_dir.iterdir())
    assert [f.name for f in files] == [regexcache.cache_file().name]  # type: ignore[union-attr]
    regexcache._reset()
    _forbid_compiling(monkeypatch)
    again = regexcache.compile_regex(r"(?P<n>\d+)\s*km\b", regex.IGNORECASE)
    match = again.search("a 12 KM walk")
    assert match is not None
    assert match["n"] == "12"


def test_flags_are_part_of_the_key(cache_dir: Path) -> None:
    plain = regexcache.compile_regex("abc")
    folded = regexcache.compile_regex("abc", regex.IGNORECASE)
    assert plain.search("ABC") is None
    assert folded.search("ABC") is not None


def test_nothing_is_written_when_nothing_was_compiled(cache_dir: Path) -> None:
    regexcache.compile_regex("x+")
    regexcache.save()
    path = regexcache.cache_file()
    assert path is not None
    before = path.stat().st_mtime_ns
    regexcache._reset()
    regexcache.compile_regex("x+")
    regexcache.save()
    assert path.stat().st_mtime_ns == before


def test_only_the_patterns_a_process_used_are_kept(cache_dir: Path) -> None:
    regexcache.compile_regex("old")
    regexcache.save()
    regexcache._reset()
    regexcache.compile_regex("new")
    regexcache.save()
    regexcache._reset()
    path = regexcache.cache_file()
    assert path is not None
    assert set(regexcache._load(path)) == {("new", 0)}


@pytest.mark.parametrize(
    "content",
    [b"", b"not a pickle at all", pickle.dumps(["a list"]), pickle.dumps({"format": 99, "patterns": {}})],
    ids=["empty", "garbage", "wrong shape", "other format"],
)
def test_a_bad_cache_file_is_ignored(cache_dir: Path, content: bytes) -> None:
    path = regexcache.cache_file()
    assert path is not None
    path.write_bytes(content)
    assert regexcache.compile_regex("b+c").fullmatch("bbc") is not None
    regexcache.save()
    assert set(regexcache._load(path)) == {("b+c", 0)}  # rewritten


class _Exploit:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch pwned",))


def test_a_cache_file_cannot_run_code(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(cache_dir)
    path = regexcache.cache_file()
    assert path is not None
    path.write_bytes(pickle.dumps({"format": 1, "patterns": {("a", 0): _Exploit()}}))
    assert regexcache._load(path) == {}
    assert not (cache_dir / "pwned").exists()


def test_a_mislabelled_entry_is_dropped(cache_dir: Path) -> None:
    path = regexcache.cache_file()
    assert path is not None
    path.write_bytes(pickle.dumps({"format": 1, "patterns": {("a", 0): regex.compile("b")}}))
    assert regexcache._load(path) == {}


def test_caching_can_be_turned_off(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTPULL_NO_CACHE", "1")
    assert regexcache.cache_file() is None
    regexcache.compile_regex("q+")
    regexcache.save()
    assert list(cache_dir.iterdir()) == []


def test_an_unwritable_cache_folder_is_not_an_error(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = cache_dir / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("FACTPULL_CACHE_DIR", str(blocker / "sub"))
    regexcache.compile_regex("z+")
    regexcache.save()  # no exception
    assert blocker.read_text() == "not a folder"


def test_default_location_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("FACTPULL_CACHE_DIR", raising=False)
    monkeypatch.delenv("FACTPULL_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = regexcache.cache_file()
    assert path is not None
    assert path.parent == tmp_path / "factpull"
    assert path.name.startswith(f"regex-{regex.__version__}-")


def test_a_second_run_of_the_cli_reads_the_cache_and_gives_the_same_output(tmp_path: Path) -> None:
    env = {**os.environ, "FACTPULL_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("FACTPULL_NO_CACHE", None)
    page = "Acme Corp paid $5 million on 3 May 2020 for 40 km of road.\n"
    cmd = [sys.executable, "-m", "factpull", "extract", "--ref-date", "2020-06-01"]
    first = subprocess.run(cmd, input=page, capture_output=True, text=True, env=env, check=True).stdout
    files = list((tmp_path / "cache").iterdir())
    assert len(files) == 1
    assert len(regexcache._load(files[0])) > 100  # the rules' patterns and the stages' derived ones
    second = subprocess.run(cmd, input=page, capture_output=True, text=True, env=env, check=True).stdout
    assert second == first
    assert '"unit": "USD"' in first
    assert '"value": "2020-05-03"' in first
