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

from factpull.rules import cache


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("FACTPULL_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("FACTPULL_NO_CACHE", raising=False)
    cache._reset()
    yield tmp_path
    cache._reset()


def _forbid_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled although the pattern was cached")

    monkeypatch.setattr(cache.regex, "compile", refuse)


def test_a_saved_pattern_is_loaded_without_compiling(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache.compile_regex(r"(?P<n>\d+)\s*km\b", regex.IGNORECASE)
    cache.save()
    files = list(cache_dir.iterdir())
    assert [f.name for f in files] == [cache.cache_file().name]  # type: ignore[union-attr]
    cache._reset()
    _forbid_compiling(monkeypatch)
    again = cache.compile_regex(r"(?P<n>\d+)\s*km\b", regex.IGNORECASE)
    match = again.search("a 12 KM walk")
    assert match is not None
    assert match["n"] == "12"


def test_flags_are_part_of_the_key(cache_dir: Path) -> None:
    plain = cache.compile_regex("abc")
    folded = cache.compile_regex("abc", regex.IGNORECASE)
    assert plain.search("ABC") is None
    assert folded.search("ABC") is not None


def test_nothing_is_written_when_nothing_was_compiled(cache_dir: Path) -> None:
    cache.compile_regex("x+")
    cache.save()
    path = cache.cache_file()
    assert path is not None
    before = path.stat().st_mtime_ns
    cache._reset()
    cache.compile_regex("x+")
    cache.save()
    assert path.stat().st_mtime_ns == before


def test_only_the_patterns_a_process_used_are_kept(cache_dir: Path) -> None:
    cache.compile_regex("old")
    cache.save()
    cache._reset()
    cache.compile_regex("new")
    cache.save()
    cache._reset()
    path = cache.cache_file()
    assert path is not None
    assert set(cache._load(path)[0]) == {("new", 0)}


@pytest.mark.parametrize(
    "content",
    [b"", b"not a pickle at all", pickle.dumps(["a list"]), pickle.dumps({"format": 99, "patterns": {}})],
    ids=["empty", "garbage", "wrong shape", "other format"],
)
def test_a_bad_cache_file_is_ignored(cache_dir: Path, content: bytes) -> None:
    path = cache.cache_file()
    assert path is not None
    path.write_bytes(content)
    assert cache.compile_regex("b+c").fullmatch("bbc") is not None
    cache.save()
    assert set(cache._load(path)[0]) == {("b+c", 0)}  # rewritten


class _Exploit:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch pwned",))


def test_a_cache_file_cannot_run_code(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(cache_dir)
    path = cache.cache_file()
    assert path is not None
    path.write_bytes(pickle.dumps({"format": cache._FORMAT, "toml": {}, "patterns": {("a", 0): _Exploit()}}))
    assert cache._load(path) == ({}, {})
    assert not (cache_dir / "pwned").exists()


def test_a_mislabelled_entry_is_dropped(cache_dir: Path) -> None:
    path = cache.cache_file()
    assert path is not None
    path.write_bytes(pickle.dumps({"format": cache._FORMAT, "toml": {}, "patterns": {("a", 0): regex.compile("b")}}))
    assert cache._load(path) == ({}, {})


def test_caching_can_be_turned_off(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTPULL_NO_CACHE", "1")
    assert cache.cache_file() is None
    cache.compile_regex("q+")
    cache.save()
    assert list(cache_dir.iterdir()) == []


def test_an_unwritable_cache_folder_is_not_an_error(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = cache_dir / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("FACTPULL_CACHE_DIR", str(blocker / "sub"))
    cache.compile_regex("z+")
    cache.save()  # no exception
    assert blocker.read_text() == "not a folder"


def test_default_location_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("FACTPULL_CACHE_DIR", raising=False)
    monkeypatch.delenv("FACTPULL_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = cache.cache_file()
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
    assert len(cache._load(files[0])[0]) > 100  # the rules' patterns and the stages' derived ones
    second = subprocess.run(cmd, input=page, capture_output=True, text=True, env=env, check=True).stdout
    assert second == first
    assert '"unit": "USD"' in first
    assert '"value": "2020-05-03"' in first


def test_parsed_toml_is_served_from_the_cache(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = '[thresholds]\nshort = 4\nwords = ["menu", "home"]\n'
    assert cache.parse_toml(text) == {"thresholds": {"short": 4, "words": ["menu", "home"]}}
    cache.save()
    cache._reset()

    def refuse(_: str) -> None:
        raise AssertionError("parsed although the text was cached")

    monkeypatch.setattr(cache.tomllib, "loads", refuse)
    assert cache.parse_toml(text) == {"thresholds": {"short": 4, "words": ["menu", "home"]}}


def test_toml_with_dates_is_parsed_but_not_cached(cache_dir: Path) -> None:
    import datetime as dt

    assert cache.parse_toml("when = 2021-04-06\n") == {"when": dt.date(2021, 4, 6)}
    cache.save()
    assert not any(cache_dir.iterdir())  # nothing new worth writing


def test_invalid_toml_raises_as_tomllib_does(cache_dir: Path) -> None:
    import tomllib

    with pytest.raises(tomllib.TOMLDecodeError):
        cache.parse_toml("this is = = not toml")
