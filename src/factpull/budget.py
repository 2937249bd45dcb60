"""A budget per page, in time and in size, so that no page (hostile or unlucky) stops a batch.

Time: ``page_budget(seconds)`` bounds the work on one page (``--page-timeout``, default
``PAGE_TIMEOUT``; a page of more than 100,000 characters gets that many seconds per
100,000). It arms a timer signal, so it also interrupts the regex engine, which checks for
signals while it matches: every built-in pattern of every stage is under this
budget, and user patterns have their own, shorter one (``rules.load.USER_REGEX_TIMEOUT``).
A page over budget raises ``PageTimeoutError`` (E108): the batch writes an error record and
goes on. The timer only works in a process's main thread (a ``-j N`` worker's is); elsewhere
(a Dask worker thread) the budget is not enforced.

Size: the spaCy tokenizer costs the square of the length of a run of characters without a
space that it must split into affixes (10,000 closing brackets take half a minute), and such
a run is never a name. ``blank_long_runs`` hands it spaces instead of any run longer than
``MAX_RUN`` (same length, so offsets hold).
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator
from types import FrameType

import regex

from .errors import PageTimeoutError

PAGE_TIMEOUT = 60.0  # seconds per page of up to SCALE_CHARS: generous (a normal 100 KB page takes 5-15 s)
SCALE_CHARS = 100_000  # longer pages get proportionally more time
MAX_RUN = 200  # characters without a space the entity model reads

_LONG_RUN = regex.compile(rf"\S{{{MAX_RUN + 1},}}")


class Budget:
    """The running budget of one page (see ``page_budget``)."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.began = time.monotonic()
        self.armed = False

    def scale(self, chars: int) -> None:
        """A page longer than ``SCALE_CHARS`` gets its budget times its length in those units
        (a 1 MB page 10x the budget of a 100 KB one): the budget bounds pathological cost, not size."""
        if self.armed and self.seconds and chars > SCALE_CHARS:
            left = self.seconds * chars / SCALE_CHARS - (time.monotonic() - self.began)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001))


@contextlib.contextmanager
def page_budget(seconds: float | None, source: str = "-") -> Iterator[Budget]:
    """Raise PageTimeoutError in the block when it runs longer than ``seconds`` (None or 0:
    no limit; outside the main thread: not enforced)."""
    budget = Budget(seconds)
    if not seconds or seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield budget
        return

    def expired(signum: int, frame: FrameType | None) -> None:
        raise PageTimeoutError(f"{source}: the page took longer than its budget of {seconds:g} s (--page-timeout)")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    budget.armed = True
    try:
        yield budget
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def blank_long_runs(text: str) -> str:
    """``text`` with every run of more than ``MAX_RUN`` non-space characters made spaces."""
    if len(text) <= MAX_RUN:
        return text
    return _LONG_RUN.sub(lambda m: " " * len(m.group()), text)
