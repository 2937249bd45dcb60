"""Inputs (stdin, files, folders, JSON Lines records) -> pages -> outputs.

Inputs are discovered lazily; each becomes one page (one per record with ``--jsonl-in``).
Pages are processed in this process or in a pool of worker processes, each of which loads
the spaCy pipeline once; results come back in input order whatever the number of workers,
and at most a few pages per worker are in flight, so memory stays flat however many inputs
there are. One bad input never stops the batch: it becomes an error record. Outputs are
written atomically. Nothing here prints: messages go through the ``Reporter`` the caller
passes in.
"""

from __future__ import annotations

import collections
import datetime as dt
import io
import itertools
import json
import multiprocessing
import os
import signal
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import IO, Any, Protocol

from ..budget import PAGE_TIMEOUT, page_budget
from ..errors import (
    EmptyInputError,
    FactpullError,
    InputError,
    InternalError,
    NotFoundError,
    OutputError,
    RecordError,
    UnreadableError,
)
from ..types import Document, Removed
from .archives import ArchiveStats, is_archive, is_archive_bytes, iter_records
from .emit import atomic_writer, document_to_dict, dumps, error_to_dict
from .readers import decode, read_page

# Pages in flight per worker process: enough to keep workers busy, small enough for flat memory.
IN_FLIGHT_PER_WORKER = 4


@dataclass(frozen=True, slots=True)
class Task:
    """One input: a file, stdin (``path`` None), or a problem found while discovering inputs."""

    source: str
    path: Path | None
    rel: PurePath  # where its output goes under ``-o DIR`` (suffix replaced)
    problem: InputError | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """One unit of work: a page to read (``path``), or one already in memory (``data``/``text``)."""

    source: str
    path: Path | None = None
    data: bytes | None = None
    text: str | None = None
    id: str | None = None
    url: str | None = None
    ref_date: dt.date | None = None  # overrides the page's publication date
    fallback_date: dt.date | None = None  # used when the page shows no publication date
    html: bool = False  # ``data`` is an HTML payload (from a WARC response record)
    charset: str | None = None
    problem: FactpullError | None = None


@dataclass(frozen=True, slots=True)
class Result:
    """What a worker sends back: the formatted output and what the reporter needs."""

    source: str
    output: str
    error: str | None = None
    removed: tuple[tuple[Removed, str], ...] = ()  # removed stretches with their text (--explain)
    warnings: tuple[str, ...] = ()


class Handler(Protocol):
    def __call__(
        self,
        text: str,
        *,
        source: str,
        id: str | None,
        url: str | None,
        ref_date: dt.date | None,
        fallback_date: dt.date | None,
    ) -> Document: ...


class Reporter(Protocol):
    def error(self, message: str) -> None: ...
    def warning(self, message: str) -> None: ...
    def removed(self, source: str, lines: Sequence[tuple[Removed, str]]) -> None: ...


Format = Callable[[dict[str, Any] | None, Document | None], str]


@dataclass
class Summary:
    inputs: int = 0
    documents: int = 0
    failed: int = 0
    skipped: int = 0  # inputs skipped by --resume
    archive: ArchiveStats = field(default_factory=ArchiveStats)
    failures: list[str] = field(default_factory=list)


# -- discovery ---------------------------------------------------------------------------


def discover(inputs: Sequence[str], pattern: str = "*.txt") -> Iterator[Task]:
    """The tasks for INPUT arguments, lazily: ``-`` is stdin, a folder is searched recursively
    for files matching ``pattern`` (sorted; symlinked folders are not followed, so no loops)."""
    for arg in inputs or ["-"]:
        if arg == "-":
            yield Task("-", None, PurePath("stdin"))
            continue
        path = Path(arg)
        if path.is_dir():
            yield from _walk(path, pattern)
        elif path.exists() or path.is_symlink():
            yield Task(arg, path, PurePath(path.name))
        else:
            yield Task(arg, path, PurePath(path.name), NotFoundError(f"{arg}: no such file or folder"))


def count_inputs(inputs: Sequence[str], pattern: str = "*.txt") -> int:
    """How many tasks ``discover`` yields (for a progress bar), without reading any file."""
    return sum(1 for _ in discover(inputs, pattern))


def _walk(root: Path, pattern: str) -> Iterator[Task]:
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs.sort()
        base = Path(folder)
        for name in sorted(files):
            if PurePath(name).match(pattern):
                path = base / name
                yield Task(str(path), path, path.relative_to(root))


# -- reading -----------------------------------------------------------------------------


def read_input(task: Task | Page, stdin: IO[bytes] | None = None) -> bytes:
    """The bytes of a file input (or stdin); refuses what is not a regular file."""
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


def pages(
    task: Task, *, jsonl_in: bool, stdin: IO[bytes] | None = None, stats: ArchiveStats | None = None
) -> Iterator[Page]:
    """The pages of one input. A plain file is read by whoever processes the page (a worker);
    stdin, JSON Lines and web archives (WARC/WET, found by content) are read here."""
    if task.problem is not None:
        yield Page(task.source, problem=task.problem)
        return
    if not jsonl_in:
        if task.path is None:
            data = (stdin or sys.stdin.buffer).read()
            if is_archive_bytes(data):
                yield from _archive_pages(io.BytesIO(data), task.source, stats)
            else:
                yield Page(task.source, data=data)
        elif is_archive(task.path):
            try:
                with task.path.open("rb") as handle:
                    yield from _archive_pages(handle, task.source, stats)
            except OSError as exc:
                yield Page(task.source, problem=UnreadableError(f"{task.source}: cannot read: {exc.strerror}"))
        else:
            yield Page(task.source, path=task.path)
        return
    try:
        text = decode(read_input(task, stdin), source=task.source)
    except InputError as exc:
        yield Page(task.source, problem=exc)
        return
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{task.source}:{number}"
        try:
            yield _parse_record(line, task.source, where)
        except RecordError as exc:
            yield Page(where, problem=exc)


def _archive_pages(stream: IO[bytes], source: str, stats: ArchiveStats | None) -> Iterator[Page]:
    try:
        for record in iter_records(stream, source, stats):
            yield Page(
                source,
                data=record.payload,
                id=record.id,
                url=record.url,
                fallback_date=record.date,
                html=record.html,
                charset=record.charset,
            )
    except InputError as exc:
        yield Page(source, problem=exc)


def _parse_record(line: str, source: str, where: str) -> Page:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise RecordError(f"{where}: not a JSON object ({exc.msg})") from None
    if not isinstance(obj, dict):
        raise RecordError(f"{where}: not a JSON object")
    text, html = obj.get("text"), obj.get("html")
    if not isinstance(text, str) and not isinstance(html, str):
        raise RecordError(f"{where}: the record has no string 'text' (or 'html')")
    rid, url, ref = obj.get("id"), obj.get("url"), obj.get("ref_date")
    ref_date = None
    if ref is not None:
        try:
            ref_date = dt.date.fromisoformat(str(ref)[:10])
        except ValueError:
            raise RecordError(f"{where}: 'ref_date' is not a YYYY-MM-DD date: {ref!r}") from None
    return Page(
        source,
        text=text if isinstance(text, str) else None,
        data=html.encode("utf-8") if not isinstance(text, str) and isinstance(html, str) else None,
        html=not isinstance(text, str),
        charset="utf-8",
        id=None if rid is None else str(rid),
        url=None if url is None else str(url),
        ref_date=ref_date,
    )


# -- processing one page (in this process or a worker) -----------------------------------


def page_text(page: Page) -> str:
    """The decoded text of a page (reading its file, rendering its HTML); raises InputError."""
    if page.text is not None:
        return page.text
    if page.problem is not None:
        raise page.problem
    data = page.data if page.data is not None else read_input(page)
    text = read_page(data, source=page.source, charset=page.charset, html=page.html)
    if not text.strip():
        raise EmptyInputError(f"{page.source}: empty input")
    return text


def texts(tasks: Iterator[Task], *, jsonl_in: bool, stdin: IO[bytes] | None = None) -> Iterator[str]:
    """The text of every readable page of ``tasks`` (unreadable ones are left to the real run)."""
    for task in tasks:
        for page in pages(task, jsonl_in=jsonl_in, stdin=stdin):
            try:
                yield page_text(page)
            except FactpullError:
                continue


@dataclass(frozen=True, slots=True)
class Worker:
    """Everything a process needs to turn a Page into a Result; pickled once per worker."""

    handler: Handler
    fmt: Format
    explain: bool = False
    debug: bool = False
    page_timeout: float | None = PAGE_TIMEOUT  # seconds per page (budget.py); None: no limit

    def __call__(self, page: Page) -> Result:
        try:
            with page_budget(self.page_timeout, page.source):
                text = page_text(page)
                doc = self.handler(
                    text,
                    source=page.source,
                    id=page.id,
                    url=page.url,
                    ref_date=page.ref_date,
                    fallback_date=page.fallback_date,
                )
        except FactpullError as exc:
            return self._error(page, exc)
        except Exception as exc:  # a bug met by one page must not stop the batch
            if self.debug:
                raise
            return self._error(
                page, InternalError(f"{page.source}: internal error ({type(exc).__name__}: {exc}); please report it")
            )
        removed = tuple((r, text[r.start : r.end]) for r in doc.removed) if self.explain else ()
        warnings = tuple(f"{page.source}: {w}" for w in doc.warnings)
        return Result(page.source, self.fmt(document_to_dict(doc), doc), removed=removed, warnings=warnings)

    def _error(self, page: Page, exc: FactpullError) -> Result:
        return Result(page.source, self.fmt(error_to_dict(page.source, exc, id=page.id), None), error=exc.message)


_WORKER: Worker | None = None  # the Worker of a pool process, set by _init_worker


def _init_worker(worker: Worker) -> None:
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is handled once, by the parent
    _WORKER = worker


def _work(page: Page) -> Result:
    assert _WORKER is not None
    return _WORKER(page)


# -- running and writing -----------------------------------------------------------------


@dataclass
class Output:
    """Where results go: one stream, or one file per input under a folder."""

    stream: IO[str] | None = None
    folder: Path | None = None
    suffix: str = ".json"
    resume: bool = False
    between: str = ""


def run(
    tasks: Iterator[Task],
    worker: Worker,
    output: Output,
    reporter: Reporter,
    *,
    jobs: int = 1,
    jsonl_in: bool = False,
    advance: Callable[[], None] | None = None,
    stdin: IO[bytes] | None = None,
) -> Summary:
    """Process every task in order and write each result as soon as it and those before it are done."""
    summary = Summary()
    groups = _grouped(tasks, output, jsonl_in, summary, advance, stdin)
    if jobs <= 1:
        _write(_sequential(worker, groups), output, reporter, summary, jsonl_in, advance)
        return summary
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    with context.Pool(jobs, initializer=_init_worker, initargs=(worker,)) as pool:
        try:
            _write(_parallel(pool, groups, jobs * IN_FLIGHT_PER_WORKER), output, reporter, summary, jsonl_in, advance)
        except BaseException:
            pool.terminate()
            raise
    return summary


def _grouped(
    tasks: Iterator[Task],
    output: Output,
    jsonl_in: bool,
    summary: Summary,
    advance: Callable[[], None] | None,
    stdin: IO[bytes] | None,
) -> Iterator[tuple[Task, Iterator[Page]]]:
    for task in tasks:
        summary.inputs += 1
        if (
            output.resume
            and output.folder is not None
            and (output.folder / task.rel.with_suffix(output.suffix)).exists()
        ):
            summary.skipped += 1
            if advance is not None:
                advance()
            continue
        yield task, pages(task, jsonl_in=jsonl_in, stdin=stdin, stats=summary.archive)


# A flat stream of (task, result); a task whose input holds no page gives (task, None).
Flat = Iterator[tuple[Task, Result | None]]


def _sequential(worker: Worker, groups: Iterator[tuple[Task, Iterator[Page]]]) -> Flat:
    for task, group in groups:
        empty = True
        for page in group:
            empty = False
            yield task, worker(page)
        if empty:
            yield task, None


def _parallel(pool: Any, groups: Iterator[tuple[Task, Iterator[Page]]], window: int) -> Flat:
    """Submit pages to the pool ahead of the writer, at most ``window`` in flight, and give
    the results back in input order."""

    def submitted() -> Iterator[tuple[Task, Any]]:
        for task, group in groups:
            empty = True
            for page in group:
                empty = False
                yield task, pool.apply_async(_work, (page,))
            if empty:
                yield task, None

    flight: collections.deque[tuple[Task, Any]] = collections.deque()
    feeder = submitted()
    for item in feeder:
        flight.append(item)
        if len(flight) >= window:
            task, pending = flight.popleft()
            yield task, None if pending is None else pending.get()
    while flight:
        task, pending = flight.popleft()
        yield task, None if pending is None else pending.get()


def _write(
    flat: Flat,
    output: Output,
    reporter: Reporter,
    summary: Summary,
    jsonl_in: bool,
    advance: Callable[[], None] | None,
) -> None:
    first = True
    for _, group in itertools.groupby(flat, key=lambda item: id(item[0])):
        items = iter(group)
        task, head = next(items)
        results = itertools.chain([] if head is None else [head], (r for _, r in items if r is not None))
        if output.folder is not None:
            _write_file(output.folder / task.rel.with_suffix(output.suffix), results, reporter, summary, jsonl_in)
        else:
            assert output.stream is not None
            for result in results:
                _count(result, reporter, summary)
                if not first:
                    output.stream.write(output.between)
                output.stream.write(result.output)
                output.stream.flush()
                first = False
        if advance is not None:
            advance()


def _write_file(path: Path, results: Iterator[Result], reporter: Reporter, summary: Summary, jsonl_in: bool) -> None:
    head = next(results, None)
    if head is None:
        return
    if head.error is not None and not jsonl_in:
        # A failed page writes no output file, so a rerun (--resume) tries it again.
        _count(head, reporter, summary)
        return
    try:
        with atomic_writer(path) as handle:
            for result in itertools.chain([head], results):
                handle.write(result.output)
                _count(result, reporter, summary)
    except OutputError as exc:
        summary.failed += 1
        summary.failures.append(exc.message)
        reporter.error(exc.message)


def _count(result: Result, reporter: Reporter, summary: Summary) -> None:
    if result.error is not None:
        summary.failed += 1
        summary.failures.append(result.error)
        reporter.error(result.error)
    else:
        summary.documents += 1
        for warning in result.warnings:
            reporter.warning(warning)
        if result.removed:
            reporter.removed(result.source, result.removed)


# -- formats -----------------------------------------------------------------------------


def json_format(*, pretty: bool) -> Format:
    def fmt(record: dict[str, Any] | None, doc: Document | None) -> str:
        assert record is not None
        return dumps(record, pretty=pretty) + "\n"

    return fmt


def text_format(*, headers: bool) -> Format:
    """``factpull clean``'s text output: the article, with ``==> source <==`` headers when
    several inputs share one stream (as ``head`` does)."""

    def fmt(record: dict[str, Any] | None, doc: Document | None) -> str:
        body = doc.text if doc is not None else ""
        if doc is None and not headers:
            return ""
        source = doc.source if doc is not None else str((record or {}).get("source", ""))
        head = f"==> {source} <==\n" if headers else ""
        return head + body + ("\n" if body and not body.endswith("\n") else "")

    return fmt
