"""Load, validate and compile the rules in ``patterns/`` (and users' ``--patterns``).

Two kinds of pattern files:

* ``NAME.toml``: a ``[schema]`` table declares, for each section of the file, the keys an
  entry may carry and their types; every other top-level key is a section. A section is
  either an array of tables (rules, each with a unique dotted ``id``) or one table of
  settings. A key typed ``regex`` is compiled with the ``regex`` module; such a rule's
  ``examples`` must match and its ``counter_examples`` must not (``tests/test_patterns.py``).
  An example is a sentence, or a table ``{ text = "...", value = ..., ... }`` that also gives
  the value the rule's stage must produce for it (as Duckling's corpora do): the other keys
  name fields of the fact (``value``, ``unit``, ``currency``, ``kind``...). Relative dates in
  examples resolve against ``EXAMPLE_REF_DATE``. Each example is one test case.
* ``NAME.jsonl``: spaCy EntityRuler/SpanRuler patterns, one ``{"id", "label", "pattern"}``
  object a line, optionally with ``examples`` and ``counter_examples``.

User files extend the built-in ones: a rule with a known id replaces it, a new id is
added. User files cannot declare new sections or keys, and their regexes run with a
time budget (``USER_REGEX_TIMEOUT``) so that a catastrophic pattern is reported, not hung.
Every key typed ``regex``, in rules and in settings tables, is compiled at load, so a bad
one stops the run with the file and the rule or table named (exit 2), before any page;
nested counted repeats that would take the engine's memory (``cache.MAX_REPEAT``) and
files nested too deeply are refused the same way.
Pattern files are data only: nothing in them is ever executed.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import regex
from regex import Match as _Match

from ..errors import PatternError, PatternTimeoutError
from ..jsonline import NotAnObject, json_object
from .cache import compile_regex, parse_toml

BUILTIN_REGEX_TIMEOUT = 5.0
EXAMPLE_REF_DATE = "2021-04-06"  # a Tuesday: the reference date of every rule example with a value
USER_REGEX_TIMEOUT = 1.0

_COMMON_KEYS = {"id": "str", "description": "str?", "examples": "list?", "counter_examples": "list?"}
_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "regex": (str,),
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
    "list": (list,),
    "table": (dict,),
    "any": (object,),
}
_FLAGS = {
    "IGNORECASE": regex.IGNORECASE,
    "MULTILINE": regex.MULTILINE,
    "VERBOSE": regex.VERBOSE,
    "DOTALL": regex.DOTALL,
    "ASCII": regex.ASCII,
}
_ID = regex.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")
_RULER_KEYS = {"id", "label", "pattern", "examples", "counter_examples", "description"}


@dataclass(frozen=True, slots=True)
class Example:
    """One example sentence of a rule, with the fields of the fact it must give (may be empty)."""

    text: str
    expected: Mapping[str, Any]


def _example(entry: Mapping[str, Any]) -> Example:
    return Example(entry["text"], {k: v for k, v in entry.items() if k != "text"})


@dataclass(frozen=True, slots=True)
class Rule:
    """One entry of a pattern section; ``data`` holds its keys as written in the file."""

    id: str
    section: str
    data: Mapping[str, Any]
    source: str
    user: bool = False
    compiled: Mapping[str, regex.Pattern[str]] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def examples(self, key: str = "examples") -> list[Example]:
        """The rule's examples (or ``counter_examples``), each as its text and expected fields."""
        return [Example(e, {}) if isinstance(e, str) else _example(e) for e in self.data.get(key, [])]

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    @property
    def regex(self) -> regex.Pattern[str]:
        """The rule's ``pattern`` key, compiled."""
        return self.compiled["pattern"]

    @property
    def timeout(self) -> float:
        return USER_REGEX_TIMEOUT if self.user else BUILTIN_REGEX_TIMEOUT

    def finditer(self, text: str, key: str = "pattern") -> Iterator[_Match[str]]:
        """All matches of the compiled regex ``key`` in ``text``, within the time budget."""
        try:
            yield from self.compiled[key].finditer(text, timeout=self.timeout)
        except TimeoutError as exc:
            raise PatternTimeoutError(
                f"{self.source}: rule {self.id} took longer than {self.timeout:g} s on an input"
            ) from exc

    def search(self, text: str, key: str = "pattern") -> _Match[str] | None:
        try:
            return self.compiled[key].search(text, timeout=self.timeout)
        except TimeoutError as exc:
            raise PatternTimeoutError(
                f"{self.source}: rule {self.id} took longer than {self.timeout:g} s on an input"
            ) from exc


@dataclass(frozen=True, slots=True)
class RulerPattern:
    """One spaCy EntityRuler pattern with its examples."""

    id: str
    label: str
    pattern: str | tuple[Mapping[str, Any], ...]
    source: str
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()

    def as_ruler_dict(self) -> dict[str, Any]:
        pattern = self.pattern if isinstance(self.pattern, str) else [dict(t) for t in self.pattern]
        return {"id": self.id, "label": self.label, "pattern": pattern}


@dataclass(frozen=True, eq=False)
class Rules:
    """Every rule, by section (``"FILE.SECTION"``), plus settings tables and ruler patterns.

    Compared and hashed by identity, so stages can cache structures derived from it."""

    sections: Mapping[str, tuple[Rule, ...]]
    settings: Mapping[str, Mapping[str, Any]]
    ruler: Mapping[str, tuple[RulerPattern, ...]]

    def section(self, name: str) -> tuple[Rule, ...]:
        """The rules of ``name`` (e.g. ``"boilerplate.line"``); empty when no file has it."""
        return self.sections.get(name, ())

    def setting(self, name: str) -> Mapping[str, Any]:
        """A settings table (e.g. ``"boilerplate.thresholds"``)."""
        try:
            return self.settings[name]
        except KeyError:
            raise PatternError(f"no settings table {name!r} in the pattern files") from None

    def ruler_patterns(self, name: str) -> tuple[RulerPattern, ...]:
        """The patterns of ``NAME.jsonl``."""
        return self.ruler.get(name, ())

    def rule(self, rule_id: str) -> Rule:
        for rules in self.sections.values():
            for r in rules:
                if r.id == rule_id:
                    return r
        raise KeyError(rule_id)


T = TypeVar("T")


def per_rules(fn: Callable[[Rules], T]) -> Callable[[Rules], T]:
    """Cache ``fn(rules)`` per Rules object, for the structures a stage derives from its rules
    (Rules hashes by identity; the last few are kept)."""
    return lru_cache(maxsize=8)(fn)


def builtin_dir() -> Path:
    """The built-in ``patterns/`` folder: inside the installed package, else the checkout's."""
    packaged = Path(str(resources.files("factpull"))) / "patterns"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "patterns"


@lru_cache(maxsize=8)
def load_rules(extra: tuple[Path, ...] = ()) -> Rules:
    """Load the built-in rules, extended by the files or folders in ``extra``."""
    builder = _Builder()
    for path in _pattern_files(builtin_dir()):
        builder.add_file(path, user=False)
    for item in extra:
        if not item.exists():
            raise PatternError(f"{item}: no such pattern file or folder")
        for path in _pattern_files(item) if item.is_dir() else [item]:
            builder.add_file(path, user=True)
    return builder.build()


def _pattern_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in (".toml", ".jsonl") and p.is_file())


class _Builder:
    def __init__(self) -> None:
        self.schemas: dict[str, dict[str, str]] = {}
        self.sections: dict[str, dict[str, Rule]] = {}
        self.settings: dict[str, dict[str, Any]] = {}
        self.ruler: dict[str, dict[str, RulerPattern]] = {}
        self.ids: dict[str, str] = {}  # id -> section, across files

    def build(self) -> Rules:
        return Rules(
            sections={k: tuple(v.values()) for k, v in self.sections.items()},
            settings=self.settings,
            ruler={k: tuple(v.values()) for k, v in self.ruler.items()},
        )

    def add_file(self, path: Path, *, user: bool) -> None:
        if path.suffix == ".jsonl":
            self._add_jsonl(path, user=user)
        elif path.suffix == ".toml":
            self._add_toml(path, user=user)
        else:
            raise PatternError(f"{path}: pattern files end in .toml or .jsonl")

    # -- TOML -------------------------------------------------------------------------
    def _add_toml(self, path: Path, *, user: bool) -> None:
        try:
            data = dict(parse_toml(path.read_text(encoding="utf-8")))  # a copy: the cached one stays intact
        except tomllib.TOMLDecodeError as exc:
            raise PatternError(f"{path}: not valid TOML: {exc}") from None
        except RecursionError:
            raise PatternError(f"{path}: not valid TOML: arrays or tables nested too deeply") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise PatternError(f"{path}: cannot read: {exc}") from None
        stem = path.stem
        schema = data.pop("schema", None)
        if schema is not None:
            if user:
                raise PatternError(f"{path}: user pattern files cannot declare a [schema]")
            if not isinstance(schema, dict):
                raise PatternError(f"{path}: [schema] must be a table")
            for section, keys in schema.items():
                if not isinstance(keys, dict) or not all(
                    isinstance(t, str) and t.rstrip("?") in _TYPES for t in keys.values()
                ):
                    raise PatternError(f"{path}: [schema.{section}] maps keys to {sorted(_TYPES)}")
                self.schemas[f"{stem}.{section}"] = keys
        for section, body in data.items():
            name = f"{stem}.{section}"
            if name not in self.schemas:
                raise PatternError(f"{path}: unknown section [{section}] (no schema declares it)")
            if isinstance(body, list):
                for entry in body:
                    self._add_rule(path, name, entry, user=user)
            elif isinstance(body, dict):
                self._add_settings(path, name, body, user=user)
            else:
                raise PatternError(f"{path}: [{section}] must be a table or an array of tables")

    def _check_keys(self, path: Path, where: str, entry: Mapping[str, Any], schema: Mapping[str, str]) -> None:
        for key, value in entry.items():
            spec = schema.get(key)
            if spec is None:
                raise PatternError(f"{path}: {where}: unknown key {key!r}")
            if not isinstance(value, _TYPES[spec.rstrip("?")]) or (spec.startswith("int") and isinstance(value, bool)):
                raise PatternError(f"{path}: {where}: {key!r} must be {spec.rstrip('?')}")
        for key, spec in schema.items():
            if not spec.endswith("?") and key not in entry:
                raise PatternError(f"{path}: {where}: missing key {key!r}")

    def _add_settings(self, path: Path, name: str, body: dict[str, Any], *, user: bool) -> None:
        schema = self.schemas[name]
        where = f"[{name.split('.', 1)[1]}]"
        self._check_keys(path, where, body, {k: v + "?" if user else v for k, v in schema.items()})
        for key, spec in schema.items():
            if spec.rstrip("?") == "regex" and key in body:
                _compile(f"{path}: {where}", key, body[key], 0)
        self.settings.setdefault(name, {}).update(body)

    def _add_rule(self, path: Path, name: str, entry: Any, *, user: bool) -> None:
        if not isinstance(entry, dict):
            raise PatternError(f"{path}: [[{name.split('.', 1)[1]}]] entries must be tables")
        rule_id = entry.get("id")
        where = f"rule {rule_id}" if isinstance(rule_id, str) else f"a [[{name.split('.', 1)[1]}]] entry"
        schema = {**_COMMON_KEYS, **self.schemas[name]}
        self._check_keys(path, where, entry, schema)
        assert isinstance(rule_id, str)
        for key in ("examples", "counter_examples"):
            for example in entry.get(key, []):
                if not (
                    isinstance(example, str) or (isinstance(example, dict) and isinstance(example.get("text"), str))
                ):
                    raise PatternError(f"{path}: rule {rule_id}: each of {key} is a string or a table with a 'text'")
        if not _ID.match(rule_id):
            raise PatternError(f"{path}: rule {rule_id}: ids are dotted lower-case words, like 'money.cny'")
        section_rules = self.sections.setdefault(name, {})
        if rule_id in self.ids:
            if not user:
                raise PatternError(f"{path}: rule {rule_id}: duplicate id")
            if self.ids[rule_id] != name:
                raise PatternError(f"{path}: rule {rule_id}: this id belongs to section {self.ids[rule_id]}")
        flags = 0
        for flag in entry.get("flags", []) if isinstance(entry.get("flags"), list) else []:
            if flag not in _FLAGS:
                raise PatternError(f"{path}: rule {rule_id}: unknown flag {flag!r} (one of {sorted(_FLAGS)})")
            flags |= _FLAGS[flag]
        compiled = {
            key: _compile(f"{path}: rule {rule_id}", key, entry[key], flags)
            for key, spec in schema.items()
            if spec.rstrip("?") == "regex" and key in entry
        }
        section_rules[rule_id] = Rule(rule_id, name, entry, str(path), user, compiled)
        self.ids[rule_id] = name

    # -- JSONL ------------------------------------------------------------------------
    def _add_jsonl(self, path: Path, *, user: bool) -> None:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise PatternError(f"{path}: cannot read: {exc}") from None
        patterns = self.ruler.setdefault(path.stem, {})
        for number, line in enumerate(lines, 1):
            if not line.strip() or line.lstrip().startswith("//"):
                continue
            where = f"{path}:{number}"
            try:
                obj = json_object(line)
            except NotAnObject as exc:
                problem = f"not valid JSON: {exc.reason}" if exc.reason else "each line is one JSON object"
                raise PatternError(f"{where}: {problem}") from None
            unknown = set(obj) - _RULER_KEYS
            if unknown:
                raise PatternError(f"{where}: unknown key {sorted(unknown)[0]!r}")
            rule_id, label, pattern = obj.get("id"), obj.get("label"), obj.get("pattern")
            if not isinstance(rule_id, str) or not _ID.match(rule_id):
                raise PatternError(f"{where}: 'id' must be a dotted lower-case id")
            if not isinstance(label, str) or not label:
                raise PatternError(f"{where}: rule {rule_id}: 'label' must be a string")
            if not (
                isinstance(pattern, str) or (isinstance(pattern, list) and all(isinstance(t, dict) for t in pattern))
            ):
                raise PatternError(f"{where}: rule {rule_id}: 'pattern' must be a string or a list of token objects")
            if rule_id in patterns and not user:
                raise PatternError(f"{where}: rule {rule_id}: duplicate id")
            patterns[rule_id] = RulerPattern(
                rule_id,
                label,
                pattern if isinstance(pattern, str) else tuple(pattern),
                where,
                tuple(_strings(obj.get("examples", []), where)),
                tuple(_strings(obj.get("counter_examples", []), where)),
            )


def _compile(where: str, key: str, pattern: str, flags: int) -> regex.Pattern[str]:
    """Compile a pattern of a file at load time; what does not compile (or would take all
    memory to) is a PatternError naming the file, the rule or table, and the key."""
    try:
        return compile_regex(pattern, flags)
    except (regex.error, RecursionError, OverflowError, MemoryError) as exc:
        raise PatternError(f"{where}: {key!r} does not compile: {exc}") from None


def _strings(values: Any, where: str) -> Iterable[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise PatternError(f"{where}: examples must be a list of strings")
    return values


def words(rules: Sequence[Rule], key: str = "words") -> frozenset[str]:
    """The union of the word lists ``key`` of several rules, lower-cased."""
    return frozenset(w.lower() for r in rules for w in r.get(key, []))
