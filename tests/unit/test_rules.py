"""The pattern loader: validation errors name the file and the rule, user files extend."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from factpull.errors import PatternError, PatternTimeoutError
from factpull.rules.load import _Builder, load_rules

SCHEMA = """
[schema.line]
pattern = "regex"
flags = "list?"
weight = "float?"

[schema.thresholds]
min_words = "int"
"""


def build(tmp_path: Path, builtin: str, user: str | None = None) -> object:
    builder = _Builder()
    (tmp_path / "base").mkdir(exist_ok=True)
    base = tmp_path / "base" / "demo.toml"
    base.write_text(SCHEMA + builtin, encoding="utf-8")
    builder.add_file(base, user=False)
    if user is not None:
        extra = tmp_path / "demo.toml"
        extra.write_text(user, encoding="utf-8")
        builder.add_file(extra, user=True)
    return builder.build()


GOOD = """
[[line]]
id = "demo.cookie"
pattern = '(?i)cookies'
examples = ["We use cookies"]

[thresholds]
min_words = 3
"""


def test_sections_and_settings(tmp_path: Path) -> None:
    rules = build(tmp_path, GOOD)
    assert [r.id for r in rules.section("demo.line")] == ["demo.cookie"]  # type: ignore[attr-defined]
    assert rules.setting("demo.thresholds") == {"min_words": 3}  # type: ignore[attr-defined]


def test_user_rules_replace_by_id_and_add(tmp_path: Path) -> None:
    user = """
[[line]]
id = "demo.cookie"
pattern = 'biscuits'

[[line]]
id = "demo.subscribe"
pattern = 'Subscribe'

[thresholds]
min_words = 5
"""
    rules = build(tmp_path, GOOD, user)
    line = {r.id: r for r in rules.section("demo.line")}  # type: ignore[attr-defined]
    assert line["demo.cookie"].regex.pattern == "biscuits"
    assert line["demo.cookie"].user
    assert "demo.subscribe" in line
    assert rules.setting("demo.thresholds") == {"min_words": 5}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[[line]]\nid = "demo.a"\npattern = "x"\ncolour = "red"\n', r"rule demo\.a: unknown key 'colour'"),
        ('[[line]]\nid = "demo.a"\npattern = "(unclosed"\n', r"rule demo\.a: 'pattern' does not compile"),
        (
            '[[line]]\nid = "demo.a"\npattern = "x"\n[[line]]\nid = "demo.a"\npattern = "y"\n',
            r"rule demo\.a: duplicate id",
        ),
        ('[[line]]\nid = "demo.a"\n', r"rule demo\.a: missing key 'pattern'"),
        ('[[line]]\nid = "Bad Id"\npattern = "x"\n', r"ids are dotted lower-case words"),
        ('[[line]]\nid = "demo.a"\npattern = 3\n', r"'pattern' must be regex"),
        ('[[line]]\nid = "demo.a"\npattern = "x"\nflags = ["LOUD"]\n', r"unknown flag 'LOUD'"),
        ("[[nothing]]\nid = 'demo.a'\n", r"unknown section \[nothing\]"),
        ("[[line]\nid = 1", r"not valid TOML"),
    ],
)
def test_bad_pattern_files_name_file_and_problem(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(PatternError, match=message) as info:
        build(tmp_path, body)
    assert "demo.toml" in str(info.value)


def test_user_files_cannot_declare_schemas_or_sections(tmp_path: Path) -> None:
    with pytest.raises(PatternError, match="cannot declare a"):
        build(tmp_path, GOOD, '[schema.line]\nexec = "str"\n')
    with pytest.raises(PatternError, match=r"unknown section \[extra\]"):
        build(tmp_path, GOOD, '[[extra]]\nid = "demo.x"\n')


def test_malformed_jsonl_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "people.jsonl"
    path.write_text('{"id": "people.a", "label": "ORG", "pattern": "Acme"}\n{"id": \n', encoding="utf-8")
    with pytest.raises(PatternError, match=r"people\.jsonl:2: not valid JSON"):
        _Builder().add_file(path, user=True)


def test_catastrophic_user_regex_times_out(tmp_path: Path) -> None:
    rules = build(tmp_path, GOOD, '[[line]]\nid = "demo.evil"\npattern = "(a+)+$"\n')
    evil = next(r for r in rules.section("demo.line") if r.id == "demo.evil")  # type: ignore[attr-defined]
    began = time.monotonic()
    with pytest.raises(PatternTimeoutError, match=r"demo\.toml: rule demo\.evil took longer than 1 s"):
        list(evil.finditer("a" * 5000 + "!"))
    assert time.monotonic() - began < 10


def test_missing_user_pattern_path() -> None:
    with pytest.raises(PatternError, match="no such pattern file"):
        load_rules((Path("/nonexistent/patterns"),))
