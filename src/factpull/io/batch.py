"""One batch run of ``extract`` or ``clean``: inputs -> pages -> workers -> outputs.

The command line builds one frozen ``Settings``; ``run_batch`` finds the inputs
(``inputs``), reads and parses their pages (``records``), processes them in order in this
process or a pool (``pool``) and writes each result as soon as it and those before it are
done (``output``). One bad input never stops the batch: it becomes an error record.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import IO, Any

from ..budget import PAGE_TIMEOUT
from .archives import is_archive, is_archive_bytes
from .emit import atomic_writer
from .inputs import PAGE_PATTERNS, Input, discover, read_stream
from .output import Output, Reporter, Summary, json_format, remove_stale_temporaries, text_format, write_results
from .pool import Format, Groups, Worker, results
from .records import pages, texts

# A progress bar: given the number of inputs, a context that gives a function to call once
# per input done (or None: no bar).
Progress = Callable[[int], AbstractContextManager[Callable[[], None] | None]]


class SettingsError(Exception):
    """Settings that exclude each other or miss a part (a usage error on the command line)."""


@dataclass(frozen=True, slots=True)
class Settings:
    """What one run reads, how it processes it and where it writes (``extract``/``clean``)."""

    command: str = "extract"  # or "clean"
    inputs: tuple[str, ...] = ()
    pattern: str | tuple[str, ...] = PAGE_PATTERNS  # --glob
    jsonl_in: bool = False
    output: Path | None = None  # -o: a file, or a folder for one file per input
    jsonl: bool = False  # --jsonl
    json: bool = False  # --json (extract)
    explain: bool = False
    jobs: int = 1
    resume: bool = False
    site_template: bool = False
    page_timeout: float = PAGE_TIMEOUT  # seconds per page (budget.py); 0: no limit
    debug: bool = False

    def __post_init__(self) -> None:
        if self.json and self.jsonl:
            raise SettingsError("--json and --jsonl exclude each other")

    @property
    def out_dir(self) -> Path | None:
        return self.output if self.output is not None and self.output.is_dir() else None

    def found(self) -> Iterator[Input]:
        """The inputs, lazily (the output folder, when inside an input folder, is not read)."""
        return discover(self.inputs, self.pattern, exclude=self.out_dir)

    def many(self, stdin: bytes | None = None) -> bool:
        """Several documents may come out: more than one INPUT, a folder, JSON Lines or a web archive."""
        if self.jsonl_in or len(self.inputs) > 1:
            return True
        if not self.inputs or self.inputs[0] == "-":
            return stdin is not None and is_archive_bytes(stdin)
        path = Path(self.inputs[0])
        return path.is_dir() or is_archive(path)


def read_stdin(inputs: tuple[str, ...]) -> bytes | None:
    """stdin's bytes when it is an input (read once, up front, to tell a page from an archive)."""
    if inputs and "-" not in inputs:
        return None
    return read_stream(sys.stdin.buffer)


def run(
    items: Iterator[Input],
    worker: Worker,
    output: Output,
    reporter: Reporter,
    *,
    jobs: int = 1,
    jsonl_in: bool = False,
    advance: Callable[[], None] | None = None,
    stdin: IO[bytes] | None = None,
) -> Summary:
    """Process every input in order and write each result as soon as it and those before it are done."""
    summary = Summary()
    groups = _grouped(items, output, jsonl_in, summary, advance, stdin)
    with results(worker, groups, jobs) as flat:
        write_results(flat, output, reporter, summary, jsonl_in, advance)
    return summary


def _grouped(
    items: Iterator[Input],
    output: Output,
    jsonl_in: bool,
    summary: Summary,
    advance: Callable[[], None] | None,
    stdin: IO[bytes] | None,
) -> Groups:
    for item in items:
        summary.inputs += 1
        if (
            output.resume
            and output.folder is not None
            and (output.folder / item.rel.with_suffix(output.suffix)).exists()
        ):
            summary.skipped += 1
            if advance is not None:
                advance()
            continue
        yield item, pages(item, jsonl_in=jsonl_in, stdin=stdin, stats=summary.archive)


def run_batch(
    settings: Settings, extractor: Any, reporter: Reporter, *, stdin: bytes | None, progress: Progress | None = None
) -> Summary:
    """Run ``extract`` or ``clean`` as ``settings`` say with ``extractor`` (a pipeline.Extractor)."""
    many = settings.many(stdin)
    out_dir = settings.out_dir
    if settings.resume and out_dir is None:
        raise SettingsError("--resume needs -o FOLDER")
    fmt, suffix, array = _format(settings, many)
    check_outputs(settings, suffix)
    if settings.resume and out_dir is not None:
        remove_stale_temporaries(out_dir)
    if settings.site_template:
        extractor = _with_site_template(settings, extractor, stdin)
    from ..pipeline import CleanHandler

    handler = extractor if settings.command == "extract" else CleanHandler(extractor)
    worker = Worker(
        handler, fmt, explain=settings.explain, debug=settings.debug, page_timeout=settings.page_timeout or None
    )
    if many and settings.jobs > 1:
        extractor.prepare(facts=settings.command == "extract")
    total = sum(1 for _ in settings.found()) if many and progress is not None else 0
    bar = progress(total) if progress is not None and total >= 2 else contextlib.nullcontext(None)
    with bar as advance, _sink(settings.output if out_dir is None else None) as out:
        if array:
            out.write("[\n")
        summary = run(
            settings.found(),
            worker,
            Output(out, out_dir, suffix, settings.resume, ",\n" if array else ""),
            reporter,
            jobs=settings.jobs if many else 1,
            jsonl_in=settings.jsonl_in,
            advance=advance,
            stdin=None if stdin is None else io.BytesIO(stdin),
        )
        if array:
            out.write("]\n")
    return summary


def check_outputs(settings: Settings, suffix: str) -> None:
    """One output per input, and no input overwritten: ``-o FILE`` must not be an input, and
    under ``-o FOLDER`` two inputs must not map to the same file (a/x.txt and b/x.txt, x.txt
    and x.md): a usage error naming both, before anything is written."""
    output, out_dir = settings.output, settings.out_dir
    if output is None:
        return
    if out_dir is None:
        for item in settings.found():
            if item.path is not None and _same_file(item.path, output):
                raise SettingsError(f"-o {output} is the input {item.source}: writing it would destroy the input")
        return
    seen: dict[PurePath, str] = {}
    for item in settings.found():
        target = item.rel.with_suffix(suffix)
        if target in seen:
            raise SettingsError(
                f"{seen[target]} and {item.source} would both be written to {out_dir / target}: "
                "give them apart in separate runs (or separate -o folders), or rename one"
            )
        seen[target] = item.source


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def _format(settings: Settings, many: bool) -> tuple[Format, str, bool]:
    """The output format, the suffix of output files, and whether the output is one JSON array."""
    out_dir = settings.out_dir
    extract = settings.command == "extract"
    jsonl = settings.jsonl or (extract and many and not settings.json)
    if extract or jsonl:
        fmt = json_format(pretty=not jsonl and not (out_dir and settings.jsonl_in))
        suffix = ".jsonl" if settings.jsonl_in else ".json"
    else:
        fmt = text_format(headers=many and out_dir is None)
        suffix = ".txt"
    return fmt, suffix, extract and not jsonl and many and out_dir is None


def _with_site_template(settings: Settings, extractor: Any, stdin: bytes | None) -> Any:
    from ..page.sitetemplate import site_template

    stream = None if stdin is None else io.BytesIO(stdin)
    found = texts(settings.found(), jsonl_in=settings.jsonl_in, stdin=stream)
    return extractor.with_options(template=site_template(found, extractor.rules))


@contextlib.contextmanager
def _sink(path: Path | None) -> Iterator[IO[str]]:
    """stdout (always UTF-8), or the file ``path`` written atomically."""
    if path is None:
        stream = sys.stdout
        if isinstance(stream, io.TextIOWrapper) and stream.encoding.lower() not in ("utf-8", "utf8"):
            stream.reconfigure(encoding="utf-8")  # JSON and text output are UTF-8 whatever the locale
        yield stream
        return
    with atomic_writer(path) as handle:
        yield handle
