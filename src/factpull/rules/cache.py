"""A persistent start-up cache: compiled regular expressions and parsed pattern files.

The ``regex`` module parses and compiles a pattern in Python, and factpull's rules make
large patterns (dates alone build ~120 of them): compiling them all takes about a second,
a third of a one-page run. A compiled ``regex`` pattern pickles as the engine's own code
(the arguments of ``regex._regex.compile``), so loading it back costs almost nothing.
Parsing the TOML pattern files (pure Python) is the next cost; their parsed form is kept
too, keyed by a hash of the file's text.

``compile_regex`` and ``parse_toml`` look their input up in a per-user cache file (one per
``regex`` and Python version) and do the work only on a miss; when a process did some, it
writes what it used back at exit, atomically. The cache is only an optimisation: a
missing, unreadable, corrupt or foreign file is ignored (and rewritten), and the file can
only ever rebuild patterns and plain data: its unpickler refuses any callable but
``regex``'s compiler.

Where: ``$FACTPULL_CACHE_DIR``, else ``$XDG_CACHE_HOME/factpull``, else ``~/.cache/factpull``.
``FACTPULL_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import io
import os
import pickle
import sys
import tempfile
import threading
import tomllib
from pathlib import Path
from typing import Any

import regex

_FORMAT = 2
_lock = threading.Lock()
_Patterns = dict[tuple[str, int], regex.Pattern[str]]
_Tomls = dict[str, dict[str, Any]]
_cache: tuple[_Patterns, _Tomls] | None = None  # loaded lazily
_used: tuple[_Patterns, _Tomls] = ({}, {})
_dirty = False


def cache_file() -> Path | None:
    """Where the cache lives for this ``regex`` and Python, or None when caching is off."""
    if os.environ.get("FACTPULL_NO_CACHE", "") not in ("", "0"):
        return None
    folder = os.environ.get("FACTPULL_CACHE_DIR")
    if not folder:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = Path(xdg) if xdg else Path.home() / ".cache"
        folder = str(base / "factpull")
    py = f"{sys.implementation.name}{sys.version_info.major}{sys.version_info.minor}"
    return Path(folder) / f"regex-{regex.__version__}-{py}.pickle"


# The regex engine expands counted repeats when it compiles: ``(?:(?:a{1000}){1000}){1000}``
# would take all memory. A pattern whose nested counts multiply beyond this is refused.
MAX_REPEAT = 100_000
_COUNT = regex.compile(r"\{(\d*)(?:,(\d*))?\}")
_BRACED_ESCAPES = frozenset("pPNxuUgk")


def repeat_weight(pattern: str) -> int:
    """The largest product of the required counts of nested repeats in ``pattern``
    (``(?:a{10}){20,}`` is 200; ``*``, ``+``, ``?`` and the optional part of ``{m,n}`` count
    nothing: the engine loops over them instead of copying)."""
    stack, last, i, n = [1], 0, 0, len(pattern)
    while i < n:
        c = pattern[i]
        weight: int | None = 1  # an atom, unless a quantifier or a group end says otherwise
        if c == "\\":
            i += 2
            if pattern[i - 1 : i] in _BRACED_ESCAPES and pattern[i : i + 1] == "{":
                i = pattern.find("}", i) + 1 or n
        elif c == "[":
            i = _class_end(pattern, i)
        elif c == "(":
            stack.append(1)
            i += 1
            weight = None
        elif c == ")":
            weight = stack.pop() if len(stack) > 1 else 1
            i += 1
        elif c == "|":
            last, weight, i = 0, None, i + 1
        elif c == "{" and (m := _COUNT.match(pattern, i)) and (m.group(1) or m.group(2)):
            count = max(1, int(m.group(1) or 0))  # the engine copies the required repeats, not the optional ones
            last, weight, i = last * count, None, m.end()
            stack[-1] = max(stack[-1], last)
        else:
            i += 1
        if weight is not None:
            last = weight
            stack[-1] = max(stack[-1], weight)
    return max(stack)


def _class_end(pattern: str, i: int) -> int:
    """Where the character class opening at ``i`` ends (nested sets of regex's V1 counted)."""
    depth, i, n = 1, i + 1, len(pattern)
    if pattern[i : i + 1] == "^":
        i += 1
    if pattern[i : i + 1] == "]":
        i += 1
    while i < n and depth:
        c = pattern[i]
        if c == "\\":
            i += 1
        elif c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
        i += 1
    return i


def compile_regex(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """``regex.compile(pattern, flags)``, served from the cache when it has it. Raises
    ``regex.error`` as regex does, also for nested counted repeats beyond ``MAX_REPEAT``."""
    key = (pattern, int(flags))  # a plain int: flag enums would not unpickle here
    with _lock:
        patterns = _loaded()[0]
        compiled = patterns.get(key)
        if compiled is None:
            weight = repeat_weight(pattern)
            if weight > MAX_REPEAT:
                raise regex.error(f"nested counted repeats would make {weight:,} copies (the limit is {MAX_REPEAT:,})")
            compiled = patterns[key] = regex.compile(pattern, flags)
            _changed()
        _used[0][key] = compiled
        return compiled


def parse_toml(text: str) -> dict[str, Any]:
    """``tomllib.loads(text)``, served from the cache when it has it. Raises
    ``tomllib.TOMLDecodeError`` as tomllib does. Callers must not change the result."""
    key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    with _lock:
        tomls = _loaded()[1]
        data = tomls.get(key)
        if data is None:
            try:
                data = tomllib.loads(text)
            except RecursionError:
                raise tomllib.TOMLDecodeError("arrays or tables nested too deeply") from None
            if not _plain(data):  # TOML dates and times are not cached (they would not unpickle)
                return data
            tomls[key] = data
            _changed()
        _used[1][key] = data
        return data


def _loaded() -> tuple[_Patterns, _Tomls]:
    global _cache
    if _cache is None:
        _cache = _load(cache_file())
    return _cache


def _changed() -> None:
    global _dirty
    if not _dirty:
        _dirty = True
        atexit.register(save)


def _plain(value: Any, depth: int = 0) -> bool:
    if depth > 64:  # deeper than any pattern file: not worth caching
        return False
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v, depth + 1) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v, depth + 1) for v in value)
    return isinstance(value, str | int | float | bool)


def save() -> None:
    """Write what this process used to the cache file, when it had to build something new."""
    global _dirty
    with _lock:
        path = cache_file()
        if not _dirty or path is None:
            return
        _dirty = False
        payload = {"format": _FORMAT, "patterns": dict(_used[0]), "toml": dict(_used[1])}
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".cache-", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(payload, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
            tmp = None
        except OSError:
            pass  # a read-only home or a full disk only costs the next start-up some time
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


class _PatternUnpickler(pickle.Unpickler):
    """Rebuilds compiled patterns and plain containers; refuses every other callable."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("regex._regex", "compile"):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a pattern cache")


def _load(path: Path | None) -> tuple[_Patterns, _Tomls]:
    if path is None:
        return {}, {}
    try:
        data = path.read_bytes()
        payload = _PatternUnpickler(io.BytesIO(data)).load()
    except Exception:
        return {}, {}
    if not isinstance(payload, dict) or payload.get("format") != _FORMAT:
        return {}, {}
    patterns, tomls = payload.get("patterns"), payload.get("toml")
    if not isinstance(patterns, dict) or not isinstance(tomls, dict):
        return {}, {}
    return (
        {
            key: value
            for key, value in patterns.items()
            if isinstance(key, tuple)
            and len(key) == 2
            and isinstance(value, regex.Pattern)
            and value.pattern == key[0]
            and isinstance(key[1], int)
        },
        {key: value for key, value in tomls.items() if isinstance(key, str) and isinstance(value, dict)},
    )


def _reset() -> None:
    """Forget the in-memory cache (tests)."""
    global _cache, _dirty
    with _lock:
        _cache = None
        _dirty = False
        _used[0].clear()
        _used[1].clear()
