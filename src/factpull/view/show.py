"""``factpull show``: one page in the terminal (rich), drawn from its input text.

Removed lines are dimmed with the rule id or signal that removed them; kept text shows each
fact highlighted by type with its normalised value beside it (``April 1 → 2021-04-01``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..terminal import sanitize
from ..types import Document
from .layout import FACT_TYPES, Line, counts, fact_rows, layout, metadata, plural

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

TERMINAL_STYLE = {
    "person": "bold magenta",
    "organization": "bold cyan",
    "date": "bold green",
    "quantity": "bold yellow",
}


def render_terminal(console: Console, source: str, doc: Document) -> None:
    """Print ``doc`` over its input ``source``: metadata on top, the page line by line (removed
    lines dimmed with their reason, facts highlighted with their values), then a facts table.

    Without colour (not a terminal, ``NO_COLOR``) facts are bracketed, ``[date: April 1 →
    2021-04-01]``, and removed lines start with ``-``, so the plain text says the same."""
    from rich.rule import Rule
    from rich.table import Table
    from rich.text import Text

    plain = console.no_color or console.color_system is None
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    for label, value in metadata(doc):
        if value is not None or label in ("title", "byline", "published"):
            head.add_row(label, Text(sanitize(value) if value is not None else "—"))
    for warning in doc.warnings:
        head.add_row("warning", Text(sanitize(warning), style="yellow"))
    found = counts(doc)
    summary = Text()
    for i, type_ in enumerate(FACT_TYPES):
        if i:
            summary.append(", ")
        summary.append(f"{found[type_]} {plural(type_, found[type_])}", style=TERMINAL_STYLE[type_])
    summary.append(f"; {sum(1 for line in layout(source, doc) if line.removed)} lines removed", style="dim")
    head.add_row("found", summary)
    console.print(head)
    console.print(Rule(style="dim"))
    for line in layout(source, doc):
        for screen_line in _screen_lines(console, source, line, plain):
            console.print(screen_line, soft_wrap=True)
    console.print(Rule(style="dim"))
    rows = fact_rows(doc)
    if not rows:
        console.print(Text("No facts found.", style="dim"))
        return
    table = Table(title="Facts", title_justify="left", show_lines=False, expand=False)
    for name in ("type", "text", "value", "kind / rule", "offsets"):
        table.add_column(name, overflow="fold")
    for row in rows:
        style = TERMINAL_STYLE[row.type]
        table.add_row(
            Text(row.type, style=style),
            Text(sanitize(row.text)),
            Text(sanitize(row.value), style=style),
            Text(sanitize(row.detail), style="dim"),
            Text(row.offsets, style="dim"),
        )
    console.print(table)


def _screen_lines(console: Console, source: str, line: Line, plain: bool) -> list[Text]:
    """One input line as the screen lines it wraps to, each starting with the line's marker
    ("- " or "✗ " for a removed line, so every screen line of it says so; "  " else)."""
    from rich.text import Text

    marker = Text(("- " if plain else "✗ ") if line.removed else "  ", style="red dim")
    body = _terminal_line(source, line, plain)
    wrapped = body.wrap(console, max(console.width - len(marker), 1), overflow="fold") if body else [body]
    return [Text.assemble(marker, part) for part in wrapped]


def _terminal_line(source: str, line: Line, plain: bool) -> Text:
    from rich.text import Text

    whole = line.removed
    text = Text()
    for piece in line.pieces:
        chunk = sanitize(source[piece.start : piece.end])
        dim = "dim" if whole else "dim strike" if piece.reason is not None else ""
        mark = piece.mark
        if mark is None:
            text.append(chunk, style=dim)
        else:
            style = TERMINAL_STYLE[mark.type]
            if plain and piece.start == mark.start:
                text.append(f"[{mark.type}: ", style=dim)
            text.append(chunk, style=f"{style} underline {dim}".strip())
            if piece.mark_ends:
                if mark.value:
                    text.append(f" → {sanitize(mark.value)}", style=f"{style.replace('bold', 'italic')} {dim}".strip())
                if plain:
                    text.append("]", style=dim)
        if piece.reason is not None and not whole:
            text.append(f" [removed: {piece.reason}]", style="yellow dim")
    if whole:
        text.append(f"  [removed: {', '.join(line.reasons)}]", style="yellow dim")
    return text
