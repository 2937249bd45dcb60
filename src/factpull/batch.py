"""Inputs (stdin, files, folders, JSON Lines records) -> outcomes -> outputs.

Every input becomes one or more outcomes: a Document, or an error record standing in for
an input that could not be read. One bad input never stops the batch; the caller learns
how many failed. Outputs are written atomically. Nothing here prints except through the
``Reporter`` the caller passes in.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import IO, Any, Literal, Protocol

from .emit import atomic_writer, document_to_dict, dumps, error_to_dict
from .errors import (
    EmptyInputError,
    FactpullError,
    InputError,
    InternalError,
    NotFoundError,
    OutputError,
    RecordError,
    UnreadableError,
)
from .model import Document
from .readers import decode

OutputMode = Literal["json", "jsonl", "text"]


@dataclass(frozen=True, slots=True)
class Task:
    """One input: a file, stdin (``path`` None), or a problem found while discovering inputs."""

    source: str
    path: Path | None
    rel: PurePath  # where its output goes under ``-o DIR`` (suffix replaced)
    problem: InputError | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    source: str
    document: Document | None = None
    error: FactpullError | None = None
    id: str | None = None

    def record(self) -> dict[str, Any]:
        if self.document is not None:
            return document_to_dict(self.document)
        assert self.error is not None
        return error_to_dict(self.source, self.error, id=self.id)


class Handler(Protocol):
    def __call__(self, text: str, *, source: str, id: str | None, url: str | None, ref_date: dt.date | None) -> Document: ...


class Reporter(Protocol):
    def error(self, message: str) -> None: ...
    def document(self, document: Document, text: str) -> None: ...


@dataclass
class Summary:
    inputs: int = 0
    documents: int = 0
    failed: int = 0
    failures: list[str] = field(default_factory=list)


# -- discovery ---------------------------------------------------------------------------


def discover(inputs: Sequence[str], pattern: str = "*.txt") -> list[Task]:
    """The tasks for INPUT arguments: ``-`` is stdin, a folder is searched recursively for
    files matching ``pattern`` (sorted, symlinked folders not followed, so no loops)."""
    tasks: list[Task] = []
    for arg in inputs or ["-"]:
        if arg == "-":
            tasks.append(Task("-", None, PurePath("stdin")))
            continue
        path = Path(arg)
        if path.is_dir():
            tasks.extend(_walk(path, pattern))
        elif path.exists() or path.is_symlink():
            tasks.append(Task(arg, path, PurePath(path.name)))
        else:
            tasks.append(Task(arg, path, PurePath(path.name), NotFoundError(f"{arg}: no such file or folder")))
    return tasks


def _walk(root: Path, pattern: str) -> Iterator[Task]:
    for folder, dirs, files in os.walk(root, onerror=None, followlinks=False):
        dirs.sort()
        base = Path(folder)
        for name in sorted(files):
            path = base / name
            if not PurePath(name).match(pattern):
                continue
            yield Task(str(path), path, path.relative_to(root))


# -- reading -----------------------------------------------------------------------------


def read_input(task: Task, stdin: IO[bytes] | None = None) -> bytes:
    if task.problem is not None:
        raise task.problem
    if task.path is None:
        return (stdin or sys.stdin.buffer).read()
    try:
        mode = task.path.stat().st_mode
    except FileNotFoundError:
        raise NotFoundError(f"{task.source}: no such file (it may have been removed)") from None
    except OSError as exc:
        raise UnreadableError(f"{task.source}: cannot read: {exc.strerror}") from None
    if not stat.S_ISREG(mode):
        raise UnreadableError(f"{task.source}: not a regular file")
    try:
        return task.path.read_bytes()
    except OSError as exc:
        raise UnreadableError(f"{task.source}: cannot read: {exc.strerror}") from None


def outcomes(
    task: Task,
    handler: Handler,
    *,
    jsonl_in: bool = False,
    stdin: IO[bytes] | None = None,
) -> Iterator[tuple[Outcome, str]]:
    """The outcomes of one input (one per page; one per record with ``jsonl_in``), each with
    the text it was made from."""
    try:
        text = decode(read_input(task, stdin), source=task.source)
    except InputError as exc:
        yield Outcome(task.source, error=exc), ""
        return
    if not jsonl_in:
        if not text.strip():
            yield Outcome(task.source, error=EmptyInputError(f"{task.source}: empty input")), text
            return
        yield _run(handler, text, task.source, None, None, None), text
        return
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{task.source}:{number}"
        try:
            page, rid, url, ref = _parse_record(line, where)
        except RecordError as exc:
            yield Outcome(where, error=exc), ""
            continue
        yield _run(handler, page, task.source, rid, url, ref), page


def _run(handler: Handler, text: str, source: str, rid: str | None, url: str | None, ref: dt.date | None) -> Outcome:
    try:
        return Outcome(source, handler(text, source=source, id=rid, url=url, ref_date=ref), id=rid)
    except FactpullError as exc:
        return Outcome(source, error=exc, id=rid)
    except (RecursionError, ValueError, IndexError, KeyError, TypeError, AttributeError, AssertionError) as exc:
        if os.environ.get("FACTPULL_DEBUG"):
            raise
        return Outcome(source, error=InternalError(f"{source}: internal error ({type(exc).__name__}: {exc}); please report it"), id=rid)


def _parse_record(line: str, where: str) -> tuple[str, str | None, str | None, dt.date | None]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise RecordError(f"{where}: not a JSON object ({exc.msg})") from None
    if not isinstance(obj, dict):
        raise RecordError(f"{where}: not a JSON object")
    text = obj.get("text")
    if not isinstance(text, str):
        raise RecordError(f"{where}: the record has no string 'text'")
    rid = obj.get("id")
    url = obj.get("url")
    ref = obj.get("ref_date")
    ref_date = None
    if ref is not None:
        try:
            ref_date = dt.date.fromisoformat(str(ref)[:10])
        except ValueError:
            raise RecordError(f"{where}: 'ref_date' is not a YYYY-MM-DD date: {ref!r}") from None
    return text, None if rid is None else str(rid), None if url is None else str(url), ref_date


# -- running and writing -----------------------------------------------------------------


Format = Callable[[Outcome], str]


def run(
    tasks: Sequence[Task],
    handler: Handler,
    *,
    fmt: Format,
    out: IO[str] | None,
    out_dir: Path | None,
    suffix: str,
    reporter: Reporter,
    jsonl_in: bool = False,
    between: str = "",
    advance: Callable[[], None] | None = None,
) -> Summary:
    """Process ``tasks`` in order, writing each formatted outcome to ``out`` as it is made (or,
    with ``out_dir``, to one file per input mirroring the input tree)."""
    summary = Summary()
    first = True
    for task in tasks:
        summary.inputs += 1
        results = outcomes(task, handler, jsonl_in=jsonl_in)
        if out_dir is not None:
            first_result = next(results)
            if first_result[0].error is not None and not jsonl_in:
                # A failed page writes no output file, so a rerun tries it again.
                _count(*first_result, reporter, summary)
            else:
                _write_one(out_dir / task.rel.with_suffix(suffix), _chain(first_result, results), fmt, reporter, summary)
        else:
            assert out is not None
            for outcome, text in results:
                _count(outcome, text, reporter, summary)
                if not first:
                    out.write(between)
                out.write(fmt(outcome))
                out.flush()
                first = False
        if advance is not None:
            advance()
    return summary


def _chain(first: tuple[Outcome, str], rest: Iterator[tuple[Outcome, str]]) -> Iterator[tuple[Outcome, str]]:
    yield first
    yield from rest


def _write_one(
    path: Path, results: Iterable[tuple[Outcome, str]], fmt: Format, reporter: Reporter, summary: Summary
) -> None:
    try:
        with atomic_writer(path) as handle:
            for outcome, text in results:
                _count(outcome, text, reporter, summary)
                handle.write(fmt(outcome))
    except OutputError as exc:
        summary.failed += 1
        summary.failures.append(exc.message)
        reporter.error(exc.message)


def _count(outcome: Outcome, text: str, reporter: Reporter, summary: Summary) -> None:
    if outcome.error is not None:
        summary.failed += 1
        summary.failures.append(outcome.error.message)
        reporter.error(outcome.error.message)
    else:
        assert outcome.document is not None
        summary.documents += 1
        reporter.document(outcome.document, text)


def json_format(*, pretty: bool) -> Format:
    def fmt(outcome: Outcome) -> str:
        return dumps(outcome.record(), pretty=pretty) + "\n"

    return fmt


def text_format(*, headers: bool) -> Format:
    """``factpull clean``'s text output: the article, with ``==> source <==`` headers when
    several inputs share one stream (as ``head`` does)."""

    def fmt(outcome: Outcome) -> str:
        body = outcome.document.text if outcome.document is not None else ""
        if outcome.error is not None and not headers:
            return ""
        head = f"==> {outcome.source} <==\n" if headers else ""
        return head + body + ("\n" if body and not body.endswith("\n") else "")

    return fmt
