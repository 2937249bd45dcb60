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


# -- every pattern budgeted and validated at load (issue 18, item 4) ---------------------


def test_nested_counted_repeats_are_refused_at_load_not_compiled(tmp_path: Path) -> None:
    began = time.monotonic()
    with pytest.raises(PatternError, match=r"demo\.toml: rule demo\.huge: 'pattern' does not compile: nested counted"):
        build(tmp_path, GOOD, '[[line]]\nid = "demo.huge"\npattern = "(?:(?:a{1000}){1000}){1000}b"\n')
    assert time.monotonic() - began < 5  # refused before the engine expands a billion copies


@pytest.mark.parametrize(
    ("pattern", "refused"),
    [
        ("(?:(?:a{1000,}){1000,}){1000,}b", True),
        ("(?:x{400}){400}", True),
        (r"\d{1,3}(?:,\d{3}){1,6}", False),
        ("(?:ab{1,1000}){1,1000}", False),  # optional repeats are loops, not copies
        (r"[{]{3}\p{L}{2,}", False),
    ],
)
def test_repeat_limit(tmp_path: Path, pattern: str, refused: bool) -> None:
    from factpull.rules.cache import MAX_REPEAT, repeat_weight

    assert (repeat_weight(pattern) > MAX_REPEAT) is refused


def test_every_builtin_pattern_is_within_the_repeat_limit() -> None:
    from factpull.rules.cache import MAX_REPEAT, repeat_weight

    rules = load_rules()
    for section in rules.sections.values():
        for rule in section:
            for compiled in rule.compiled.values():
                assert repeat_weight(compiled.pattern) <= MAX_REPEAT, rule.id


def test_a_bad_regex_in_a_settings_table_fails_at_load(tmp_path: Path) -> None:
    schema_regex = SCHEMA + 'separator = "regex?"\n'
    builder = _Builder()
    base = tmp_path / "base.toml"
    base.write_text(schema_regex + GOOD.replace("[thresholds]", "[thresholds]\nseparator = ','"), encoding="utf-8")
    builder.add_file(base.rename(tmp_path / "demo.toml"), user=False)
    user = tmp_path / "user"
    user.mkdir()
    (user / "demo.toml").write_text('[thresholds]\nseparator = "(unclosed"\n', encoding="utf-8")
    with pytest.raises(PatternError, match=r"user/demo\.toml: \[thresholds\]: 'separator' does not compile"):
        builder.add_file(user / "demo.toml", user=True)


def test_a_bad_settings_regex_in_a_user_file_is_a_usage_error_naming_file_and_table(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from factpull.cli import main

    (tmp_path / "metadata.toml").write_text('[settings]\nname_separators = "[unclosed"\n', encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text("By Jane Roe\n\nThe council met on Monday.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["clean", "--patterns", str(tmp_path / "metadata.toml"), str(page)])
    assert result.exit_code == 2
    assert f"{tmp_path / 'metadata.toml'}: [settings]: 'name_separators' does not compile" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("demo.toml", "a = " + "[" * 5000 + "]" * 5000 + "\n"),
        ("demo.toml", "a = " + "{ b = " * 3000 + "1" + " }" * 3000 + "\n"),
        ("people.jsonl", '{"id": "people.a", "label": "ORG", "pattern": ' + "[" * 100_000 + "]" * 100_000 + "}\n"),
    ],
    ids=["arrays", "tables", "jsonl"],
)
def test_deeply_nested_pattern_files_are_e200(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PatternError, match="nested too deeply") as info:
        _Builder().add_file(path, user=True)
    assert info.value.code == "E200"
    assert str(path) in str(info.value)


def test_a_catastrophic_user_digits_rule_times_out(tmp_path: Path) -> None:
    from factpull.extract.quantities import extract_quantities

    path = tmp_path / "numbers.toml"
    path.write_text('[[digits]]\nid = "number.evil"\npattern = "(x+)+$"\n', encoding="utf-8")
    rules = load_rules((path,))
    began = time.monotonic()
    with pytest.raises(PatternTimeoutError, match=r"numbers\.toml: rule number\.evil took longer than 1 s"):
        extract_quantities("x" * 5000 + "!", rules, dates=[])
    assert time.monotonic() - began < 10
