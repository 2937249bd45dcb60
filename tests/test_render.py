"""The terminal view and the HTML report (factpull.view: layout, show, report), and the `show` and `report` commands."""

from __future__ import annotations

import html.parser
import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from factpull import Document, Entity, Extractor, Mention, Quantity, Removed
from factpull.cli import main
from factpull.io.readers import decode
from factpull.terminal import sanitize
from factpull.types import DateFact
from factpull.view.layout import fact_rows, layout, marks
from factpull.view.report import report_html
from factpull.view.show import render_terminal
from support import SAMPLES, SEED

SAMPLE_FILES = sorted(SAMPLES.glob("*.txt"))
XHTML = "{http://www.w3.org/1999/xhtml}"
# Tags the report may contain: no script, no external resources of any kind.
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "div", "span", "section",
    "details", "summary", "table", "thead", "tbody", "tr", "th", "td", "mark", "del", "a", "dl", "dt", "dd", "i",
}  # fmt: skip


@pytest.fixture(scope="module")
def pages(extractor: Extractor) -> list[tuple[str, Document]]:
    out = []
    for path in SAMPLE_FILES:
        text = decode(path.read_bytes(), source=str(path))
        out.append((text, extractor(text, source=str(path))))
    return out


@pytest.fixture(scope="module")
def seed(pages: list[tuple[str, Document]]) -> tuple[str, Document]:
    return next((t, d) for t, d in pages if d.source == str(SEED))


def plain_view(source: str, doc: Document, **console: Any) -> str:
    buffer = io.StringIO()
    render_terminal(Console(file=buffer, width=120, highlight=False, **console), source, doc)
    return buffer.getvalue()


def parse(report: str) -> ET.Element:
    """The report is well-formed XHTML (which also makes it unambiguous HTML)."""
    return ET.fromstring(report)


def visible_text(element: ET.Element, *, values: bool = True) -> str:
    """The text of an element; without the values shown beside facts when ``values`` is false."""
    parts = [element.text or ""]
    for child in element:
        if values or child.get("class") != "v":
            parts.append(visible_text(child, values=values))
        parts.append(child.tail or "")
    return "".join(parts)


class TagCollector(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            self.attributes.add(name)
            if name in ("href", "src"):
                self.urls.append(value or "")


# -- layout: the pieces the views draw -------------------------------------------------


@pytest.mark.parametrize("index", range(len(SAMPLE_FILES)), ids=[p.name for p in SAMPLE_FILES])
def test_layout_covers_the_input_exactly_once(pages: list[tuple[str, Document]], index: int) -> None:
    source, doc = pages[index]
    lines = layout(source, doc)
    # one Line per line of the input (a final newline ends the last line, it opens no new one)
    drawn = "\n".join("".join(source[p.start : p.end] for p in line.pieces) for line in lines)
    assert drawn == source.removesuffix("\n")
    assert len(lines) == len(source.removesuffix("\n").split("\n"))
    removed_chars = {i for r in doc.removed for i in range(r.start, r.end)}
    for line in lines:
        for piece in line.pieces:
            assert (piece.reason is not None) == (piece.start in removed_chars)


def test_every_fact_is_a_mark_and_a_row(seed: tuple[str, Document]) -> None:
    source, doc = seed
    found = marks(doc)
    mentions = sum(len(e.mentions) for e in (*doc.people, *doc.organizations))
    assert len(found) == mentions + len(doc.dates) + len(doc.quantities)
    assert all(source[m.start : m.end] for m in found)
    rows = fact_rows(doc)
    assert len(rows) == len(doc.people) + len(doc.organizations) + len(doc.dates) + len(doc.quantities)


def test_layout_draws_overlapping_marks_once() -> None:
    source = "Paid $5 on 5 May 2020 here.\n"
    doc = Document(
        source="-",
        text=source,
        dates=(DateFact("5 May 2020", 11, 21, "date", "2020-05-05"),),
        quantities=(Quantity("5", 11, 12, "count", 5), Quantity("$5", 5, 7, "money", 5, "USD")),
    )
    drawn = [p.mark for line in layout(source, doc) for p in line.pieces if p.mark is not None]
    assert [(m.type, m.value) for m in drawn] == [("quantity", "5 USD"), ("date", "2020-05-05")]


def test_a_mark_across_a_line_break_is_drawn_on_both_lines() -> None:
    source = "Ministry of\nFinance said so.\n"
    doc = Document(
        source="-", text=source, organizations=(Entity("Ministry of Finance", (), (Mention(source[0:19], 0, 19),)),)
    )
    lines = layout(source, doc)
    assert [p.mark is not None for p in lines[0].pieces] == [True]
    assert [p.mark_ends for p in lines[1].pieces][:1] == [True]
    page = parse(report_html([(source, doc)])).find(f".//{XHTML}div[@class='page']")
    assert page is not None
    assert [visible_text(m) for m in page.iter(f"{XHTML}mark")] == ["Ministry of", "Finance → Ministry of Finance"]


# -- terminal --------------------------------------------------------------------------


def test_terminal_view_of_the_seed_page_as_plain_text(seed: tuple[str, Document]) -> None:
    source, doc = seed
    out = plain_view(source, doc)
    assert "\x1b" not in out  # not a terminal: no escape codes at all
    head = out.split("\n", 8)
    assert any(line.startswith("title") and "Chengdu-Chongqing Economic Circle" in line for line in head)
    assert any(line.startswith("published") and "2021-04-06" in line for line in head)
    assert "[date: April 1 → 2021-04-01]" in out
    assert "[quantity: 30-billion-yuan → 30000000000 CNY]" in out
    assert "[person: Huang Chaoyong]" in out
    # removed lines start with '-' and say why
    removed = [line for line in out.splitlines() if line.startswith("- ")]
    assert removed
    assert all(re.search(r"\[removed: [a-z_.]+", line) for line in removed if "]" in line[-40:])
    assert doc.removed[0].reason in out
    # the facts table at the end
    table = out[out.index("Facts") :]
    for row in fact_rows(doc):
        assert row.type in table
    assert "30000000000 CNY" in table


def test_terminal_view_in_colour(seed: tuple[str, Document]) -> None:
    source, doc = seed
    out = plain_view(source, doc, force_terminal=True, color_system="truecolor")
    assert "\x1b[" in out
    assert "[date: " not in out  # brackets only when there is no colour
    assert "→ 2021-04-01" in out


def test_terminal_view_under_no_color(seed: tuple[str, Document], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    source, doc = seed
    out = plain_view(source, doc, force_terminal=True)
    assert not re.search(r"\x1b\[[0-9;]*(?:3[0-7]|38;|9[0-7])[;m]", out)  # no foreground colours
    assert "[date: April 1 → 2021-04-01]" in re.sub(r"\x1b\[[0-9;]*m", "", out)  # bold and dim may stay


def test_terminal_view_neutralises_control_characters() -> None:
    source = "Evil \x1b[2J page \x07 with \ud800 bytes.\n"
    doc = Document(source="-", text=source)
    out = plain_view(source, doc)
    assert "\x1b" not in out
    assert "\x07" not in out
    assert "␛[2J" in out


def test_sanitize_keeps_offsets() -> None:
    text = "a\x00b\x1bc\x7fd\x85e\ud800f\tg\nh"
    assert sanitize(text) == "a␀b␛c␡d\ufffde\ufffdf\tg\nh"
    assert len(sanitize(text)) == len(text)


# -- HTML report -----------------------------------------------------------------------


def test_report_of_the_samples_is_well_formed_and_self_contained(pages: list[tuple[str, Document]]) -> None:
    report = report_html(pages, title="Samples")
    root = parse(report)
    assert root.tag == f"{XHTML}html"
    collector = TagCollector()
    collector.feed(report)
    assert collector.tags <= ALLOWED_TAGS, collector.tags - ALLOWED_TAGS
    assert not any(a.startswith("on") for a in collector.attributes)
    assert all(url.startswith("#") for url in collector.urls)  # only links inside the page
    assert "<script" not in report
    assert "@import" not in report
    assert "url(" not in report
    sections = root.findall(f".//{XHTML}details[@class='doc']")
    assert len(sections) == len(pages)
    assert [s.get("id") for s in sections] == [f"doc{i}" for i in range(1, len(pages) + 1)]


def test_report_highlights_facts_with_values(seed: tuple[str, Document]) -> None:
    source, doc = seed
    report = report_html([(source, doc)])
    root = parse(report)
    found = {}
    for mark in root.iter(f"{XHTML}mark"):
        value = mark.find(f"{XHTML}span")
        found.setdefault(mark.get("class"), set()).add(
            ("".join(mark.itertext()).split(" → ")[0], value.text if value is not None else None)
        )
    assert ("April 1", " → 2021-04-01") in found["d"]
    assert ("30-billion-yuan", " → 30000000000 CNY") in found["q"]
    assert ("1.2 million", " → 1200000") in found["q"]
    wang = next(p for p in doc.people if any(m.text == "JIEYU WANG" for m in p.mentions))
    assert ("JIEYU WANG", f" → {wang.name}") in found["p"]
    assert any(text == "Huang Chaoyong" for text, _ in found["p"])
    assert any(text == "CPC" for text, _ in found["o"])


def test_report_folds_removed_lines_with_their_reasons(seed: tuple[str, Document]) -> None:
    source, doc = seed
    root = parse(report_html([(source, doc)]))
    folded = root.findall(f".//{XHTML}details[@class='rm']")
    assert folded
    summaries = " ".join("".join(d.find(f"{XHTML}summary").itertext()) for d in folded)  # type: ignore[union-attr]
    for reason in {r.reason for r in doc.removed}:
        assert reason in summaries
    folded_text = " ".join(visible_text(d, values=False) for d in folded)
    for removed in doc.removed:
        first_line = source[removed.start : removed.end].strip().split("\n")[0]
        assert first_line[:40] in folded_text


def test_report_facts_table_has_values_and_offsets(seed: tuple[str, Document]) -> None:
    source, doc = seed
    root = parse(report_html([(source, doc)]))
    table = root.find(f".//{XHTML}table[@class='facts']")
    assert table is not None
    rows = [["".join(td.itertext()) for td in tr.findall(f"{XHTML}td")] for tr in table.iter(f"{XHTML}tr")]
    rows = [r for r in rows if r]
    assert len(rows) == len(fact_rows(doc))
    money = next(q for q in doc.quantities if q.value == 30000000000)
    assert [
        "quantity",
        "30-billion-yuan",
        "30000000000 CNY",
        f"money, {money.rule}",
        f"{money.start}–{money.end}",
    ] in rows
    huang = next(p for p in doc.people if p.name == "Huang Chaoyong")
    row = next(r for r in rows if r[0] == "person" and r[2] == "Huang Chaoyong")
    assert row[4].startswith(f"{huang.mentions[0].start}–{huang.mentions[0].end}")


def test_report_overview(pages: list[tuple[str, Document]]) -> None:
    error = {"schema_version": "1.0", "source": "bad.txt", "error": {"code": "E104", "message": "bad.txt: binary data"}}
    report = report_html([*pages, ("", error)])
    root = parse(report)
    text = "".join(root.itertext())
    assert f"{len(pages)} documents, 1 error." in text
    assert "bad.txt: binary data" in text
    people = sum(len(d.people) for _, d in pages)
    cell = root.find(f".//{XHTML}table/{XHTML}tbody/{XHTML}tr[3]")  # documents, errors, people, ...
    assert cell is not None
    assert "".join(cell.itertext()) == f"people{people}"
    assert "Huang Chaoyong" in text
    assert "Timeline of dates" in text
    assert "2021-04" in text  # April 1 and the publication date fall in April 2021
    assert root.find(f".//{XHTML}table[@class='index']") is not None


XSS_PAGE = """\
<script>alert("page")</script>
Headline <img src=x onerror=alert(1)> here

Mr <b>Evil</b> & "Co" paid $5 on 5 May 2020 in <a href="javascript:alert(2)">town</a>.
"""


def test_report_escapes_everything_from_the_page() -> None:
    start = XSS_PAGE.index("<b>Evil</b>")
    money = XSS_PAGE.index("$5")
    doc = Document(
        source='pages/<script>x</script>.txt"',
        text=XSS_PAGE,
        id="<i>id</i>",
        url="javascript:alert(3)",
        title='<script>alert("title")</script>',
        byline="<b onmouseover=alert(4)>me</b>",
        published="2020-05-05",
        people=(
            Entity(
                "<b>Evil</b>", ("</mark><script>",), (Mention("<b>Evil</b>", start, start + 11),), ("<em>boss</em>",)
            ),
        ),
        quantities=(Quantity("$5", money, money + 2, "money", 5, "<script>", rule="x\"'><script>"),),
        removed=(Removed(0, 30, "<script>reason</script>"),),
        warnings=("<blink>warn</blink>",),
    )
    error = {"source": "<script>bad</script>", "error": {"code": "E1", "message": "<script>alert(5)</script>"}}
    report = report_html([(XSS_PAGE, doc), ("", error)], title="<script>t</script>")
    parse(report)
    collector = TagCollector()
    collector.feed(report)
    assert collector.tags <= ALLOWED_TAGS, collector.tags - ALLOWED_TAGS
    assert not any(a.startswith("on") for a in collector.attributes)
    assert not any(url.startswith("javascript") for url in collector.urls)
    assert "<script" not in report
    assert "<b>" not in report
    assert "&lt;script&gt;alert(&quot;page&quot;)&lt;/script&gt;" in report
    assert "&lt;b&gt;Evil&lt;/b&gt;" in report


def test_report_with_control_characters_and_surrogates_is_valid_xml() -> None:
    source = "Line \x00 one \x1b[31m red \ud800 end \x0c.\n"
    report = report_html([(source, Document(source="-", text=source))])
    parse(report)
    report.encode("utf-8")  # no lone surrogate left


# -- the commands ----------------------------------------------------------------------


def invoke(*args: str | Path, input: str | bytes | None = None) -> Any:
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


def test_show_a_file_as_plain_text() -> None:
    result = invoke("show", SEED, "--width", "120")
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout
    assert "[date: April 1 → 2021-04-01]" in result.stdout
    assert "[quantity: 30-billion-yuan → 30000000000 CNY]" in result.stdout


def test_show_stdin_with_forced_colour() -> None:
    result = invoke(
        "show", "--color", "--ref-date", "2021-04-06", input="Harbor Foods hired 120 engineers on April 1.\n"
    )
    assert result.exit_code == 0, result.stderr
    assert "\x1b[" in result.stdout
    assert "2021-04-01" in result.stdout


def test_show_bad_input_is_an_error() -> None:
    result = invoke("show", input=b"abc\x00\x01\x02def")
    assert result.exit_code == 1
    assert "factpull: error: -: binary data" in result.stderr
    assert result.stdout == ""


def test_report_command(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text(XSS_PAGE, encoding="utf-8")
    (pages / "b.txt").write_bytes(b"abc\x00\x01\x02def")
    out = tmp_path / "report.html"
    result = invoke("report", SEED, pages, "-o", out, "-j", "1", "--title", "Seed & friends")
    assert result.exit_code == 1  # one input failed
    assert "b.txt: binary data" in result.stderr
    report = out.read_text(encoding="utf-8")
    root = parse(report)
    text = "".join(root.itertext())
    assert "Seed &amp; friends" in report
    assert "2 documents, 1 error." in text
    assert "b.txt: binary data, not text" in text
    assert "<script" not in report
    assert [d.get("id") for d in root.findall(f".//{XHTML}details[@class='doc']")] == ["doc1", "doc2"]
    assert not list(tmp_path.glob(".report.html.*"))  # no temporary file left


def test_report_needs_an_output() -> None:
    result = invoke("report", SEED)
    assert result.exit_code == 2
    assert "-o" in result.stderr


# -- any arrangement of spans gives a well-formed page ---------------------------------


def test_a_mark_from_kept_space_into_a_removed_stretch_nests() -> None:
    source = "Price: 1. QHD 2 items\n"
    doc = Document(
        source="-",
        text=source,
        quantities=(Quantity(source[6:15], 6, 15, "count", 1),),
        removed=(Removed(7, len(source) - 1, "signal.outside_article"),),
    )
    parse(report_html([(source, doc)]))


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, Document]:
    source = draw(st.text(alphabet="ab <&\n\x1b", min_size=0, max_size=60))
    n = len(source)
    span = st.tuples(st.integers(0, n), st.integers(0, n)).map(sorted)
    removed = tuple(
        Removed(a, b, draw(st.sampled_from(["r.one", "r.two"]))) for a, b in draw(st.lists(span, max_size=4))
    )
    quantities = tuple(Quantity(source[a:b], a, b, "count", b - a) for a, b in draw(st.lists(span, max_size=4)))
    dates = tuple(DateFact(source[a:b], a, b, "date", "2020-01-01") for a, b in draw(st.lists(span, max_size=3)))
    people = tuple(Entity("X", (), (Mention(source[a:b], a, b),)) for a, b in draw(st.lists(span, max_size=3)))
    return source, Document(source="-", text=source, removed=removed, quantities=quantities, dates=dates, people=people)


@settings(max_examples=300, deadline=None)
@given(documents())
def test_any_spans_give_a_well_formed_report_and_a_view(page: tuple[str, Document]) -> None:
    source, doc = page
    lines = layout(source, doc)
    assert "\n".join("".join(source[p.start : p.end] for p in line.pieces) for line in lines) == source.removesuffix(
        "\n"
    )
    parse(report_html([(source, doc)]))
    assert "\x1b" not in plain_view(source, doc)


@pytest.mark.parametrize("color", [False, True], ids=["plain", "colour"])
def test_a_removed_line_that_wraps_keeps_its_marker_on_every_screen_line(color: bool) -> None:
    long_line = " ".join(f"menuword{i}" for i in range(40))  # about 400 characters: wraps at width 60
    source = f"Kept opening line.\n{long_line}\nKept closing line.\n"
    start = source.index(long_line)
    doc = Document(source="-", text=source, removed=(Removed(start, start + len(long_line), "rule.menu"),))
    buffer = io.StringIO()
    console = Console(file=buffer, width=60, highlight=False, force_terminal=color, no_color=not color)
    render_terminal(console, source, doc)
    screen = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in buffer.getvalue().splitlines()]
    marker = "- " if not color else "✗ "
    shown = [line for line in screen if "menuword" in line]
    assert len(shown) >= 5  # the line did wrap
    assert all(line.startswith(marker) for line in shown), shown
    assert " ".join(line[2:].strip() for line in shown).startswith(long_line)
    kept = [line for line in screen if line.strip().startswith("Kept")]
    assert kept
    assert all(line.startswith("  ") for line in kept)
