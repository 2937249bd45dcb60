"""``factpull report``: one self-contained HTML report of many pages (no scripts, no assets).

Each document's section is drawn from its input text (removed lines folded away in
``<details>`` with their reasons, facts highlighted with their values, a facts table); the
overview (counts, top people and organisations, a timeline, errors) comes first. Sections are
made by the batch workers (``SectionMaker``) and spooled to a file (``ReportCollector``) so
memory stays flat.
"""

from __future__ import annotations

import collections
import html
import io
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from ..terminal import sanitize
from ..types import Document
from .layout import FACT_TYPES, Line, Mark, Piece, counts, fact_rows, layout, metadata, plural

# Short CSS classes: they repeat for every fact of a 1,000-page report.
CSS_CLASS = {"person": "p", "organization": "o", "date": "d", "quantity": "q"}
# How many people/organisations the report overview lists.
TOP_ENTITIES = 25
# The timeline counts dates by month unless that makes more rows than this; then by year.
TIMELINE_ROWS = 48
# How many documents each of them links to.
TOP_LINKS = 3

# -- HTML --------------------------------------------------------------------------------


def esc(text: str) -> str:
    """Escape for HTML text and attribute values; the result is also well-formed XML."""
    return html.escape(sanitize(text), quote=True)


def document_html(source: str, doc: Document) -> str:
    """The body of one document's section: metadata, highlighted text (removed lines folded
    away in <details>), and the facts table. Well-formed XHTML; every input character escaped."""
    out = io.StringIO()
    w = out.write
    w('<dl class="meta">')
    for label, value in metadata(doc):
        if value is not None:
            w(f"<dt>{label}</dt><dd>{esc(value)}</dd>")
    for warning in doc.warnings:
        w(f'<dt>warning</dt><dd class="warn">{esc(warning)}</dd>')
    w("</dl>\n")
    w('<div class="page">')
    lines = layout(source, doc)
    i = 0
    while i < len(lines):
        end = i + 1
        if lines[i].removed:
            # A run of removed lines, with the blank lines between them, folds into one <details>.
            j = end
            while j < len(lines) and not lines[j].kept:
                if lines[j].removed:
                    end = j + 1
                j += 1
            _removed_group(w, source, lines[i:end])
        else:
            # A run of kept (and blank) lines: one block, lines kept apart by newlines (pre-wrap).
            while end < len(lines) and not lines[end].removed:
                end += 1
            w('<div class="k">')
            for n, line in enumerate(lines[i:end]):
                w("\n" if n else "")
                _pieces(w, source, line.pieces)
            w("</div>")
        i = end
    w("</div>\n")
    rows = fact_rows(doc)
    if rows:
        w('<table class="facts"><thead><tr><th>type</th><th>text</th><th>value</th>')
        w("<th>kind / rule</th><th>offsets</th></tr></thead><tbody>\n")
        for row in rows:
            c = CSS_CLASS[row.type]
            w(f'<tr><td><span class="t {c}">{row.type}</span></td><td>{esc(row.text)}</td>')
            w(f'<td class="val">{esc(row.value)}</td><td>{esc(row.detail)}</td><td>{esc(row.offsets)}</td></tr>\n')
        w("</tbody></table>\n")
    else:
        w('<p class="none">No facts found.</p>\n')
    return out.getvalue()


def _removed_group(w: Any, source: str, group: Sequence[Line]) -> None:
    removed = [line for line in group if line.removed]
    reasons = list(dict.fromkeys(r for line in removed for r in line.reasons))
    n = len(removed)
    w(f'<details class="rm"><summary>{n} line{"s" if n != 1 else ""} removed: {esc(", ".join(reasons))}</summary>')
    w('<div class="k">')
    for i, line in enumerate(group):
        w("\n" if i else "")
        if line.removed:
            w(f'<i class="why">{esc(", ".join(line.reasons))}</i>')
            _pieces(w, source, line.pieces, strike=False)
    w("</div></details>")


def _pieces(w: Any, source: str, pieces: Sequence[Piece], *, strike: bool = True) -> None:
    """One line's pieces; marks are closed at the line end (a mark across lines is drawn in
    parts) so the elements always nest. Removed pieces of a kept line are struck out."""
    open_mark: Mark | None = None
    for piece in pieces:
        mark = piece.mark
        if open_mark is not None and mark is not open_mark:
            w("</mark>")
            open_mark = None
        if mark is not None and open_mark is None:
            w(f'<mark class="{CSS_CLASS[mark.type]}">')
            open_mark = mark
        chunk = esc(source[piece.start : piece.end])
        if strike and piece.reason is not None:
            w(f'<del title="removed: {esc(piece.reason)}">{chunk}</del>')
        else:
            w(chunk)
        if mark is not None and piece.mark_ends:
            if mark.value:
                w(f'<span class="v"> → {esc(mark.value)}</span>')
            w("</mark>")
            open_mark = None
    if open_mark is not None:
        w("</mark>")


# -- the report: one section per document, then the overview -----------------------------


@dataclass
class SectionMaker:
    """A batch handler that keeps the input text of the page it last processed, and a format
    that turns that page's Document into its report section plus what the overview needs.

    ``Worker`` calls the handler and then the format in the same process, one page after the
    other, so the pair can share the input text (the Document holds only the cleaned text)."""

    handler: Callable[..., Document]  # an Extractor, or anything called as batch.Handler is
    _source: str = field(default="", repr=False)

    def __call__(self, text: str, **page: Any) -> Document:
        self._source = text
        return self.handler(text, **page)

    def format(self, record: dict[str, Any] | None, doc: Document | None) -> str:
        if doc is None:
            return json.dumps({"error": record}, ensure_ascii=False)
        section = document_html(self._source, doc)
        return json.dumps({"section": section, "summary": summarize(self._source, doc)}, ensure_ascii=False)


def summarize(source: str, doc: Document) -> dict[str, Any]:
    """What the overview needs from one document (small: the section itself is spooled)."""
    return {
        "source": doc.source,
        "id": doc.id,
        "title": doc.title,
        "published": doc.published,
        "counts": counts(doc),
        "mentions": sum(len(e.mentions) for e in (*doc.people, *doc.organizations)),
        "removed": sum(1 for line in layout(source, doc) if line.removed),
        "people": [[e.name, len(e.mentions)] for e in doc.people],
        "organizations": [[e.name, len(e.mentions)] for e in doc.organizations],
        "dates": [[d.value, d.text] for d in doc.dates if d.value],
        "warnings": list(doc.warnings),
    }


class ReportCollector(io.StringIO):
    """The stream ``batch.run`` writes formatted results to: sections go to ``spool`` (a
    temporary file, so memory stays flat), summaries and errors are kept for the overview."""

    def __init__(self, spool: IO[str], *, open_all: bool = False) -> None:
        super().__init__()
        self.spool = spool
        self.open_all = open_all
        self.summaries: list[dict[str, Any]] = []
        self.failures: list[dict[str, Any]] = []

    def write(self, s: str) -> int:
        if not s:
            return 0
        item = json.loads(s)
        if "error" in item:
            self.failures.append(item["error"] or {})
            return len(s)
        summary = item["summary"]
        self.summaries.append(summary)
        number = len(self.summaries)
        self.spool.write(_section_head(number, summary, self.open_all))
        self.spool.write(item["section"])
        self.spool.write("</section></details>\n")
        return len(s)


def _section_head(number: int, summary: dict[str, Any], open_: bool) -> str:
    found = summary["counts"]
    badges = "".join(f' <span class="t {CSS_CLASS[t]}">{found[t]}</span>' for t in FACT_TYPES if found.get(t, 0))
    title = f" — {esc(summary['title'])}" if summary.get("title") else ""
    opened = ' open="open"' if open_ else ""
    return (
        f'<details class="doc" id="doc{number}"{opened}>'
        f'<summary><span class="n">{number}.</span> <span class="src">{esc(_label(summary))}</span>{title}{badges}'
        f"</summary><section>\n"
    )


def _label(summary: dict[str, Any]) -> str:
    source = str(summary.get("source") or "")
    return f"{source} [{summary['id']}]" if summary.get("id") is not None else source


CSS = """
:root{--p:#f3d1ff;--o:#cde7ff;--d:#d4f5d0;--q:#ffe7b3;--pb:#8a2be2;--ob:#1f6fb2;--db:#2e7d32;--qb:#b26a00}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:72rem;padding:1rem 1.5rem;color:#1d1d1f;background:#fff}
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.25rem;margin:1.6rem 0 .5rem;border-bottom:1px solid #ddd}h3{font-size:1.05rem;margin:1rem 0 .3rem}
table{border-collapse:collapse;margin:.4rem 0 1rem;font-size:.9rem}th,td{border-bottom:1px solid #e3e3e3;padding:.2rem .6rem;text-align:left;vertical-align:top}
th{background:#f6f6f6}td.num{text-align:right;font-variant-numeric:tabular-nums}
.cols{display:flex;flex-wrap:wrap;gap:2rem}.cols>div{flex:1 1 20rem}.cols table{width:100%}
mark{padding:0 .15em;border-radius:.25em;border-bottom:2px solid;color:inherit}
mark.p{background:var(--p);border-color:var(--pb)}mark.o{background:var(--o);border-color:var(--ob)}
mark.d{background:var(--d);border-color:var(--db)}mark.q{background:var(--q);border-color:var(--qb)}
mark .v{font-size:.8em;font-weight:600;white-space:nowrap}
mark.p .v{color:var(--pb)}mark.o .v{color:var(--ob)}mark.d .v{color:var(--db)}mark.q .v{color:var(--qb)}
.t{display:inline-block;padding:0 .45em;border-radius:.6em;font-size:.8em;font-weight:600}
.t.p{background:var(--p)}.t.o{background:var(--o)}.t.d{background:var(--d)}.t.q{background:var(--q)}
.page{font:14px/1.55 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;border:1px solid #e3e3e3;border-radius:.4rem;padding:.5rem .8rem;background:#fcfcfc}
.k{white-space:pre-wrap;overflow-wrap:anywhere}
details.rm{color:#888;background:#f3f3f3;border-left:3px solid #bbb;margin:.5rem 0;padding:0 .5rem}
details.rm summary{cursor:pointer;font-style:italic;font-size:.85em}
details.rm .k{text-decoration:line-through;text-decoration-color:#bbb}
.why{display:inline-block;text-decoration:none;font:italic .8em system-ui,sans-serif;color:#a66;margin-right:.8em}
del{color:#999}
details.doc{border:1px solid #ddd;border-radius:.4rem;margin:.4rem 0;padding:.3rem .8rem}
details.doc>summary{cursor:pointer;font-weight:600}details.doc[open]>summary{margin-bottom:.5rem}
.n{color:#888}.src{font-family:ui-monospace,monospace;font-weight:400}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:.3rem 0 .8rem}dl.meta dt{font-weight:600;color:#555}dl.meta dd{margin:0}
.warn{color:#a15c00}.err{color:#b00020}.none{color:#888;font-style:italic}
.bar{display:inline-block;height:.8em;background:var(--db);border-radius:.2em;vertical-align:middle}
.legend mark{margin-right:.6rem}
""".strip()


def write_report(
    out: IO[str],
    collector: ReportCollector,
    *,
    title: str = "factpull report",
    version: str = "",
) -> None:
    """Write the whole report: the overview (from the collector's summaries and errors), then
    the spooled document sections. One file, inline CSS, no scripts, no external assets."""
    summaries, errors = collector.summaries, collector.failures
    w = out.write
    w("<!DOCTYPE html>\n")
    w('<html xmlns="http://www.w3.org/1999/xhtml" lang="en"><head><meta charset="utf-8"/>')
    w('<meta name="viewport" content="width=device-width, initial-scale=1"/>')
    w('<meta name="generator" content="factpull' + (f" {esc(version)}" if version else "") + '"/>')
    w(f"<title>{esc(title)}</title><style>\n{CSS}\n</style></head>\n<body>\n")
    w(f"<h1>{esc(title)}</h1>\n")
    totals = collections.Counter[str]()
    for s in summaries:
        totals.update(s["counts"])
    w(
        f"<p>{len(summaries)} document{'s' if len(summaries) != 1 else ''}, "
        f"{len(errors)} error{'s' if len(errors) != 1 else ''}. "
        '<span class="legend">'
        + "".join(f'<mark class="{CSS_CLASS[t]}">{t}</mark>' for t in FACT_TYPES)
        + "</span> Removed lines are folded away: click to see them and why.</p>\n"
    )
    w('<h2 id="overview">Overview</h2>\n<div class="cols"><div>\n')
    _overview_counts(w, summaries, errors, totals)
    w("</div><div>\n")
    _top(w, "People", "person", summaries, "people")
    w("</div><div>\n")
    _top(w, "Organisations", "organization", summaries, "organizations")
    w("</div></div>\n")
    _timeline(w, summaries)
    if errors:
        w(f'<h3 id="errors">Errors ({len(errors)})</h3>\n<table><thead><tr><th>input</th><th>code</th><th>message</th>')
        w("</tr></thead><tbody>\n")
        for e in errors:
            err = e.get("error") or {}
            w(
                f'<tr class="err"><td>{esc(str(e.get("source", "")))}</td><td>{esc(str(err.get("code", "")))}</td>'
                f"<td>{esc(str(err.get('message', '')))}</td></tr>\n"
            )
        w("</tbody></table>\n")
    _index(w, summaries)
    w('<h2 id="documents">Documents</h2>\n')
    collector.spool.seek(0)
    while chunk := collector.spool.read(1 << 20):
        w(chunk)
    w("</body></html>\n")


def _overview_counts(
    w: Any, summaries: list[dict[str, Any]], errors: list[dict[str, Any]], totals: collections.Counter[str]
) -> None:
    w("<h3>Facts</h3><table><tbody>\n")
    w(f'<tr><th>documents</th><td class="num">{len(summaries)}</td></tr>\n')
    w(f'<tr><th>errors</th><td class="num">{len(errors)}</td></tr>\n')
    for t in FACT_TYPES:
        w(f'<tr><th><span class="t {CSS_CLASS[t]}">{plural(t, 2)}</span></th><td class="num">{totals[t]}</td></tr>\n')
    mentions = sum(s["mentions"] for s in summaries)
    removed = sum(s["removed"] for s in summaries)
    w(f'<tr><th>mentions of people and organisations</th><td class="num">{mentions}</td></tr>\n')
    w(f'<tr><th>lines removed</th><td class="num">{removed}</td></tr>\n')
    w("</tbody></table>\n")


def _top(w: Any, heading: str, type_: str, summaries: list[dict[str, Any]], key: str) -> None:
    docs: dict[str, list[int]] = collections.defaultdict(list)
    mentions = collections.Counter[str]()
    for number, s in enumerate(summaries, 1):
        for name, n in s[key]:
            if not docs[name] or docs[name][-1] != number:
                docs[name].append(number)
            mentions[name] += n
    w(f"<h3>{heading} ({len(docs)})</h3>\n")
    if not docs:
        w('<p class="none">None found.</p>\n')
        return
    ranked = sorted(docs, key=lambda name: (-len(docs[name]), -mentions[name], name))[:TOP_ENTITIES]
    w("<table><thead><tr><th>name</th><th>docs</th><th>mentions</th><th>in</th></tr></thead><tbody>\n")
    for name in ranked:
        links = " ".join(f'<a href="#doc{n}">{n}</a>' for n in docs[name][:TOP_LINKS])
        links += " …" if len(docs[name]) > TOP_LINKS else ""
        w(
            f'<tr><td><mark class="{CSS_CLASS[type_]}">{esc(name)}</mark></td><td class="num">{len(docs[name])}</td>'
            f'<td class="num">{mentions[name]}</td><td>{links}</td></tr>\n'
        )
    w("</tbody></table>\n")


_YEAR_MONTH = re.compile(r"^(\d{4})(?:-(\d{2}))?")


def _timeline(w: Any, summaries: list[dict[str, Any]]) -> None:
    """Dates by month (or year, when only the year is known, or when months would make more
    than TIMELINE_ROWS rows), as bars; intervals by their start."""
    found: list[tuple[str, str, int, str]] = []  # (year, month or "", document, text)
    for number, s in enumerate(summaries, 1):
        for value, text in s["dates"]:
            match = _YEAR_MONTH.match(str(value))
            if match:
                found.append((match.group(1), match.group(2) or "", number, text))
    by_month = len({(y, m) for y, m, _, _ in found}) <= TIMELINE_ROWS
    buckets: dict[str, list[tuple[int, str]]] = collections.defaultdict(list)
    for year, month, number, text in found:
        buckets[f"{year}-{month}" if by_month and month else year].append((number, text))
    w(f"<h3>Timeline of dates ({len(found)})</h3>\n")
    if not buckets:
        w('<p class="none">No dates with a year.</p>\n')
        return
    most = max(len(v) for v in buckets.values())
    w('<table class="timeline"><thead><tr><th>when</th><th>dates</th><th>for example</th></tr></thead><tbody>\n')
    for key in sorted(buckets):
        items = buckets[key]
        width = max(2, round(160 * len(items) / most))
        examples = ", ".join(f'<a href="#doc{n}">{esc(text)}</a>' for n, text in list(dict.fromkeys(items))[:4]) + (
            " …" if len(items) > 4 else ""
        )
        w(
            f'<tr><td>{key}</td><td><span class="bar" style="width:{width}px"></span> {len(items)}</td>'
            f"<td>{examples}</td></tr>\n"
        )
    w("</tbody></table>\n")


def _index(w: Any, summaries: list[dict[str, Any]]) -> None:
    if len(summaries) < 2:
        return
    w('<h3 id="index">Documents</h3>\n<table class="index"><thead><tr><th>#</th><th>input</th><th>title</th>')
    w("<th>published</th>" + "".join(f'<th><span class="t {CSS_CLASS[t]}">{t}</span></th>' for t in FACT_TYPES))
    w("<th>removed lines</th></tr></thead><tbody>\n")
    for number, s in enumerate(summaries, 1):
        found = s["counts"]
        w(
            f'<tr><td class="num">{number}</td><td><a href="#doc{number}">{esc(_label(s))}</a></td>'
            f"<td>{esc(s.get('title') or '')}</td><td>{esc(s.get('published') or '')}</td>"
            + "".join(f'<td class="num">{found.get(t, 0)}</td>' for t in FACT_TYPES)
            + f'<td class="num">{s["removed"]}</td></tr>\n'
        )
    w("</tbody></table>\n")


def report_html(pages: Iterable[tuple[str, Document | dict[str, Any]]], *, title: str = "factpull report") -> str:
    """The report of (input text, Document) pairs as one string; an error record (a dict as
    ``emit.error_to_dict`` makes) stands for an input that failed. For tests and library use;
    the command line streams through ``SectionMaker`` and ``ReportCollector`` instead."""
    spool = io.StringIO()
    items = list(pages)
    collector = ReportCollector(spool, open_all=len(items) <= 3)
    for source, doc in items:
        if isinstance(doc, Document):
            maker = SectionMaker(_Fixed(doc))
            maker(source, source=doc.source)
            collector.write(maker.format({}, doc))
        else:
            collector.write(json.dumps({"error": doc}))
    out = io.StringIO()
    write_report(out, collector, title=title)
    return out.getvalue()


@dataclass(frozen=True)
class _Fixed:
    doc: Document

    def __call__(self, text: str, **page: Any) -> Document:
        return self.doc
