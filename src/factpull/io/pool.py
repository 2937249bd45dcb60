"""Processing pages: a ``Worker`` turns a page into a ``Result``, in this process or in a pool
of worker processes.

Each worker process loads the spaCy pipeline once. Results come back in input order whatever
the number of workers, and at most a few pages per worker are in flight, so memory stays flat
however many inputs there are. A page that fails gives an error result, never an exception.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import multiprocessing
import signal
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from ..budget import PAGE_TIMEOUT, page_budget
from ..errors import FactpullError, InternalError
from ..types import Document, Removed
from .emit import document_to_dict, error_to_dict
from .inputs import Input
from .lineends import as_given
from .readers import normalise_newlines
from .records import Page, page_text

# Pages in flight per worker process: enough to keep workers busy, small enough for flat memory.
IN_FLIGHT_PER_WORKER = 4


@dataclass(frozen=True, slots=True)
class Result:
    """What a worker sends back: the formatted output and what the reporter needs."""

    source: str
    output: str
    error: str | None = None
    removed: tuple[tuple[Removed, str], ...] = ()  # removed stretches with their text (--explain)
    warnings: tuple[str, ...] = ()


class Handler(Protocol):
    """Turns the text of a page into its Document, told the page's ``HANDLER_FIELDS``."""

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


HANDLER_FIELDS = ("source", "id", "url", "ref_date", "fallback_date")  # the Page fields a Handler is told


# Turns a page's record (``emit`` dict) and Document (None for an error) into output text.
Format = Callable[[dict[str, Any] | None, Document | None], str]


@dataclass(frozen=True, slots=True)
class Worker:
    """Everything a process needs to turn a Page into a Result; pickled once per worker."""

    handler: Handler
    fmt: Format
    explain: bool = False
    debug: bool = False
    page_timeout: float | None = PAGE_TIMEOUT  # seconds per page (budget.py); None: no limit
    # Offsets index the text as given ("\r\n" kept, see lineends); False: the handler's own
    # offsets into the newline-normalised text (the HTML report draws on that text).
    as_given: bool = True

    def __call__(self, page: Page) -> Result:
        try:
            with page_budget(self.page_timeout, page.source) as budget:
                text = page_text(page)
                budget.scale(len(text))
                if not self.as_given:
                    text = normalise_newlines(text)
                doc = as_given(self.handler, text, **{name: getattr(page, name) for name in HANDLER_FIELDS})
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
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent's handler (cli) is not for workers
    _WORKER = worker


def _work(page: Page) -> Result:
    assert _WORKER is not None
    return _WORKER(page)


# The pages of each input, in order; and what ``results`` gives back for them: a flat stream
# of (input, result), where an input that holds no page gives (input, None).
Groups = Iterator[tuple[Input, Iterator[Page]]]
Flat = Iterator[tuple[Input, Result | None]]


@contextlib.contextmanager
def results(worker: Worker, groups: Groups, jobs: int) -> Iterator[Flat]:
    """The results of every page of ``groups`` in input order, from ``jobs`` processes; the
    pool (if any) is ended when the caller leaves, also on an exception (Ctrl-C)."""
    if jobs <= 1:
        yield _sequential(worker, groups)
        return
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    with context.Pool(jobs, initializer=_init_worker, initargs=(worker,)) as pool:
        try:
            yield _parallel(pool, groups, jobs * IN_FLIGHT_PER_WORKER)
        except BaseException:
            pool.terminate()
            raise


def _sequential(worker: Worker, groups: Groups) -> Flat:
    for item, group in groups:
        empty = True
        for page in group:
            empty = False
            yield item, worker(page)
        if empty:
            yield item, None


def _parallel(pool: Any, groups: Groups, window: int) -> Flat:
    """Submit pages to the pool ahead of the writer, at most ``window`` in flight, and give
    the results back in input order."""

    def submitted() -> Iterator[tuple[Input, Any]]:
        for item, group in groups:
            empty = True
            for page in group:
                empty = False
                yield item, pool.apply_async(_work, (page,))
            if empty:
                yield item, None

    flight: collections.deque[tuple[Input, Any]] = collections.deque()
    for entry in submitted():
        flight.append(entry)
        if len(flight) >= window:
            item, pending = flight.popleft()
            yield item, None if pending is None else pending.get()
    while flight:
        item, pending = flight.popleft()
        yield item, None if pending is None else pending.get()
