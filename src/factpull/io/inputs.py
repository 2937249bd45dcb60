"""Finding inputs: INPUT arguments (``-`` for stdin, files, folders searched recursively) as
``Input`` items, lazily, and reading the bytes of one of them.

An ``Input`` is one input argument or one file found in a folder; its pages (one, or one per
JSON Lines record or web-archive record) are made by ``records``.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import IO, Protocol

from ..errors import InputError, NotFoundError, UnreadableError

# The largest input read (a file or stdin): one page or one JSON Lines dump / web archive.
MAX_INPUT_BYTES = 1024 * 1024 * 1024

# The files of a folder read by default (``--glob``): pages as text or HTML, plain or gzipped.
# What a file holds is decided by its content, not by these names.
PAGE_PATTERNS = ("*.txt", "*.html", "*.htm", "*.txt.gz", "*.html.gz", "*.htm.gz")


@dataclass(frozen=True, slots=True)
class Input:
    """One input: a file, stdin (``path`` None), or a problem found while discovering inputs."""

    source: str
    path: Path | None
    rel: PurePath  # where its output goes under ``-o DIR`` (suffix replaced)
    problem: InputError | None = None


def discover(
    inputs: Sequence[str], pattern: str | Sequence[str] = PAGE_PATTERNS, *, exclude: Path | None = None
) -> Iterator[Input]:
    """The inputs for INPUT arguments, lazily: ``-`` is stdin, a folder is searched recursively
    for files matching ``pattern`` or any of several patterns (sorted; symlinked folders are not
    followed, so no loops; the folder ``exclude``, factpull's own output folder, is not read)."""
    for arg in inputs or ["-"]:
        if arg == "-":
            yield Input("-", None, PurePath("stdin"))
            continue
        path = Path(arg)
        if path.is_dir():
            patterns = (pattern,) if isinstance(pattern, str) else tuple(pattern)
            yield from _walk(path, patterns, None if exclude is None else exclude.resolve())
        elif path.exists() or path.is_symlink():
            yield Input(arg, path, PurePath(path.name))
        else:
            yield Input(arg, path, PurePath(path.name), NotFoundError(f"{arg}: no such file or folder"))


def count_inputs(
    inputs: Sequence[str], pattern: str | Sequence[str] = PAGE_PATTERNS, *, exclude: Path | None = None
) -> int:
    """How many inputs ``discover`` yields (for a progress bar), without reading any file."""
    return sum(1 for _ in discover(inputs, pattern, exclude=exclude))


def _walk(root: Path, patterns: tuple[str, ...], exclude: Path | None) -> Iterator[Input]:
    for folder, dirs, files in os.walk(root, followlinks=False):
        base = Path(folder)
        dirs[:] = sorted(d for d in dirs if exclude is None or (base / d).resolve() != exclude)
        for name in sorted(files):
            if any(PurePath(name).match(p) for p in patterns):
                path = base / name
                yield Input(str(path), path, path.relative_to(root))


class Readable(Protocol):
    """An ``Input`` or a ``records.Page``: something with a source name and maybe a file."""

    @property
    def source(self) -> str: ...
    @property
    def path(self) -> Path | None: ...


def read_stream(stream: IO[bytes], source: str = "-") -> bytes:
    """All of ``stream`` (stdin), up to ``MAX_INPUT_BYTES``, as for a file (``< /dev/zero`` ends)."""
    data = stream.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise UnreadableError(f"{source}: larger than {MAX_INPUT_BYTES >> 20} MB")
    return data


def read_input(item: Readable, stdin: IO[bytes] | None = None) -> bytes:
    """The bytes of a file input (or stdin); refuses what is not a regular file, and what is
    larger than ``MAX_INPUT_BYTES``."""
    if item.path is None:
        return read_stream(stdin or sys.stdin.buffer, item.source)
    try:
        mode = item.path.stat().st_mode
    except FileNotFoundError:
        raise NotFoundError(f"{item.source}: no such file (it may have been removed)") from None
    except OSError as exc:
        raise UnreadableError(f"{item.source}: cannot read: {exc.strerror}") from None
    if not stat.S_ISREG(mode):
        raise UnreadableError(f"{item.source}: not a regular file")
    if item.path.stat().st_size > MAX_INPUT_BYTES:
        raise UnreadableError(f"{item.source}: larger than {MAX_INPUT_BYTES >> 20} MB")
    try:
        return item.path.read_bytes()
    except OSError as exc:
        raise UnreadableError(f"{item.source}: cannot read: {exc.strerror}") from None
