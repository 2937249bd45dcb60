"""stderr, where factpull talks to a person: error and warning lines, ``--explain`` and the
progress bar (colour only on a terminal, never under NO_COLOR; page text and file names
sanitised, so they cannot drive the terminal)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence

from ..terminal import sanitize
from ..types import Removed


class StderrReporter:
    """Errors, warnings and --explain output on stderr (the batch's ``Reporter``)."""

    def __init__(self) -> None:
        from rich.console import Console

        self.console = Console(stderr=True, highlight=False, soft_wrap=True)

    @property
    def is_terminal(self) -> bool:
        return self.console.is_terminal

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

    @contextlib.contextmanager
    def progress(self, total: int) -> Iterator[Callable[[], None] | None]:
        """A transient progress bar over ``total`` inputs (none for fewer than two)."""
        if total < 2:
            yield None
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        with Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=self.console,
            transient=True,
        ) as bar:
            task_id = bar.add_task("factpull", total=total)
            yield lambda: bar.advance(task_id)
