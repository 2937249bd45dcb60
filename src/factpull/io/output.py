"""Output formats and writing: results to one stream, or one file per input under a folder.

Files are written atomically (a failed page writes none, so ``--resume`` tries it again); a
``Summary`` counts documents and failures. Nothing here prints: messages go through the
``Reporter`` the caller passes in.
"""

from __future__ import annotations

import contextlib
import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from ..errors import OutputError
from ..types import Document, Removed
from .archives import ArchiveStats
from .emit import atomic_writer, dumps
from .pool import Flat, Format, Result


class Reporter(Protocol):
    def error(self, message: str) -> None: ...
    def warning(self, message: str) -> None: ...
    def removed(self, source: str, lines: Sequence[tuple[Removed, str]]) -> None: ...


@dataclass
class Summary:
    inputs: int = 0
    documents: int = 0
    failed: int = 0
    skipped: int = 0  # inputs skipped by --resume
    archive: ArchiveStats = field(default_factory=ArchiveStats)
    failures: list[str] = field(default_factory=list)


@dataclass
class Output:
    """Where results go: one stream, or one file per input under a folder."""

    stream: IO[str] | None = None
    folder: Path | None = None
    suffix: str = ".json"
    resume: bool = False
    between: str = ""


def write_results(
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
        item, head = next(items)
        results = itertools.chain([] if head is None else [head], (r for _, r in items if r is not None))
        if output.folder is not None:
            _write_file(output.folder / item.rel.with_suffix(output.suffix), results, reporter, summary, jsonl_in)
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
    before = (summary.documents, summary.failed)
    try:
        with atomic_writer(path) as handle:
            for result in itertools.chain([head], results):
                handle.write(result.output)
                _count(result, reporter, summary)
    except OutputError as exc:
        # The input's file is not written: it is ONE failure, whatever was counted for its pages.
        summary.documents, summary.failed = before[0], before[1] + 1
        summary.failures.append(exc.message)
        reporter.error(exc.message)


# The temporary files ``emit.atomic_writer`` makes: ``.NAME.XXXXXXXX.tmp`` (mkstemp's 8 characters).
_TEMPORARY = re.compile(r"\..+\.[A-Za-z0-9_]{8}\.tmp")


def remove_stale_temporaries(folder: Path) -> int:
    """Remove the temporary files a killed run left under ``folder`` (for ``--resume``)."""
    removed = 0
    for path in folder.rglob(".*.tmp"):
        if _TEMPORARY.fullmatch(path.name) and path.is_file() and not path.is_symlink():
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
    return removed


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
