"""A persistent cache of compiled regular expressions, to keep start-up short.

The ``regex`` module parses and compiles a pattern in Python, and factpull's rules make
large patterns (dates alone build ~120 of them): compiling them all takes about a second,
a third of a one-page run. A compiled ``regex`` pattern pickles as the engine's own code
(the arguments of ``regex._regex.compile``), so loading it back costs almost nothing.

``compile_regex`` looks a pattern up in a per-user cache file (one per ``regex`` and Python
version) and compiles it only on a miss; when a process compiled something new, it writes
the patterns it used back at exit, atomically. The cache is only an optimisation: a
missing, unreadable, corrupt or foreign file is ignored (and rewritten), and the file can
only ever rebuild patterns: its unpickler refuses any callable but ``regex``'s compiler.

Where: ``$FACTPULL_CACHE_DIR``, else ``$XDG_CACHE_HOME/factpull``, else ``~/.cache/factpull``.
``FACTPULL_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import os
import pickle
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

import regex

_FORMAT = 1
_lock = threading.Lock()
_cache: dict[tuple[str, int], regex.Pattern[str]] | None = None  # loaded lazily
_used: dict[tuple[str, int], regex.Pattern[str]] = {}
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


def compile_regex(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """``regex.compile(pattern, flags)``, served from the cache when it has it."""
    global _cache, _dirty
    key = (pattern, int(flags))  # a plain int: flag enums would not unpickle here
    with _lock:
        if _cache is None:
            _cache = _load(cache_file())
        compiled = _cache.get(key)
        if compiled is None:
            compiled = regex.compile(pattern, flags)
            _cache[key] = compiled
            if not _dirty:
                _dirty = True
                atexit.register(save)
        _used[key] = compiled
        return compiled


def save() -> None:
    """Write the patterns this process used to the cache file, when it compiled new ones."""
    global _dirty
    with _lock:
        path = cache_file()
        if not _dirty or path is None:
            return
        _dirty = False
        payload = {"format": _FORMAT, "patterns": dict(_used)}
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".regex-", suffix=".tmp", dir=path.parent)
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


def _load(path: Path | None) -> dict[tuple[str, int], regex.Pattern[str]]:
    if path is None:
        return {}
    try:
        data = path.read_bytes()
        payload = _PatternUnpickler(io.BytesIO(data)).load()
    except Exception:
        return {}
    if not isinstance(payload, dict) or payload.get("format") != _FORMAT:
        return {}
    patterns = payload.get("patterns")
    if not isinstance(patterns, dict):
        return {}
    return {
        key: value
        for key, value in patterns.items()
        if isinstance(key, tuple)
        and len(key) == 2
        and isinstance(value, regex.Pattern)
        and value.pattern == key[0]
        and isinstance(key[1], int)
    }


def _reset() -> None:
    """Forget the in-memory cache (tests)."""
    global _cache, _dirty
    with _lock:
        _cache = None
        _dirty = False
        _used.clear()
