"""HTML inputs: detection, rendering, markup metadata, cleaning, offsets, every input kind."""

from __future__ import annotations

import gzip
import io
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from factpull.cli import main
from factpull.io.readers import read_page
from factpull.page.html import HtmlText, decode_html, looks_like_html, render_html
from factpull.pipeline import Extractor

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "html" / "harbour-ferry-news.html"

SMALL = """<!doctype html><html><head><title>Library hours | Town of Elmford</title>
<style>p { color: red }</style><script>var hidden = "never shown";</script></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/events">Events</a></li></ul></nav>
<!-- a comment that must not show -->
<h1>Library extends weekend hours</h1>
<p>The Elmford public library will open on Sundays from 1 May, the town council said on Tuesday.</p>
<p>The change costs about $30,000 a year and was approved by 7 votes to 2.</p>
<footer><p>Copyright 2021 Town of Elmford</p></footer></body></html>"""


def invoke(*args: str | Path, input: bytes | None = None) -> Any:
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


# -- detection ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        SMALL,
        "<html><body><p>Hello there, a short page.</p></body></html>",
        "\ufeff  <?xml version='1.0'?>\n<!DOCTYPE html><html><head><title>x</title></head></html>",
        "<div class='a'><p>One</p><p>Two</p></div>",
    ],
)
def test_html_is_recognised_by_content(text: str) -> None:
    assert looks_like_html(text)


@pytest.mark.parametrize(
    "text",
    [
        "The council met on Tuesday. <3 to all who came.",
        "<b>not a page</b> but a line of text that starts with a tag",
        "Plain text page\nwith two lines",
    ],
)
def test_text_is_not_html(text: str) -> None:
    assert not looks_like_html(text)


def test_read_page_renders_html_and_gunzips() -> None:
    page = read_page(gzip.compress(SMALL.encode()), source="x.html.gz")
    assert isinstance(page, HtmlText)
    assert "Library extends weekend hours" in page
    assert read_page(gzip.compress(b"Just text.\n")) == "Just text.\n"


def test_binary_input_keeps_its_clear_error() -> None:
    result = invoke("extract", "-", input=b"\x00\x01\x02\x03binary\x00\x00" * 50)
    assert result.exit_code != 0
    assert "binary data" in result.stderr


# -- rendering ---------------------------------------------------------------------------


def test_scripts_styles_and_comments_are_dropped() -> None:
    page = render_html(SMALL)
    assert "never shown" not in page
    assert "color: red" not in page
    assert "must not show" not in page
    assert "The change costs about $30,000 a year" in page


def test_blocks_carry_structural_evidence() -> None:
    page = render_html(SMALL)
    by_text = {page[b.start : b.end].lstrip(" *"): b for b in page.blocks}
    assert "nav" in by_text["Home"].zones
    assert by_text["Home"].list_depth == 1
    assert by_text["Home"].link_density == 1.0
    assert by_text["Library extends weekend hours"].heading == 1
    assert "footer" in by_text["Copyright 2021 Town of Elmford"].zones
    para = by_text["The change costs about $30,000 a year and was approved by 7 votes to 2."]
    assert para.tag == "p"
    assert para.link_density == 0.0


def test_paragraphs_are_set_off_by_blank_lines_and_list_items_get_bullets() -> None:
    page = render_html(SMALL)
    assert "* Home\n* Events" in page
    assert "Library extends weekend hours\n\nThe Elmford public library" in page


def test_malformed_html_is_repaired() -> None:
    broken = (
        "<html><body><div><p>First paragraph about the harbour <b>bold <i>nested</b> still going"
        "<p>Second paragraph without closing tags <td>cell</tr></table></span></div></div>"
        "<p>Third & last paragraph &amp; an entity &copy; 2020 &bogus; end"
    )
    page = render_html(broken)
    assert "First paragraph about the harbour bold nested still going" in page
    assert "Second paragraph without closing tags" in page
    assert "Third & last paragraph & an entity © 2020" in page


def test_a_huge_page_renders_and_cleans_quickly() -> None:
    para = "<p>The port authority counted 1,250 ships in the harbour during the week of the fair.</p>\n"
    nav = "<nav><ul>" + "".join(f"<li><a href='/{i}'>Section {i}</a></li>" for i in range(50)) + "</ul></nav>"
    html = f"<html><body>{nav}<article>{para * 20000}</article></body></html>"
    assert len(html) > 1_500_000
    start = time.perf_counter()
    page = render_html(html)
    doc = Extractor().clean_document(page)
    assert time.perf_counter() - start < 60
    assert doc.text.count("1,250 ships") >= 1
    assert "Section 7" not in doc.text


def test_a_charset_declared_in_meta_is_honoured() -> None:
    body = "<p>Городской совет утвердил бюджет на 2021 год.</p><p>Café prices rose.</p>"
    html = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><body>{body}</body></html>'
    data = html.replace("Café", "Cafe").encode("cp1251")
    assert "Городской совет утвердил бюджет" in read_page(data)
    latin = '<html><head><meta charset="iso-8859-1"></head><body><p>Un café à Genève coûte 4 francs.</p></body></html>'
    assert "Un café à Genève coûte 4 francs." in decode_html(latin.encode("latin-1"))


def test_an_empty_page_is_an_empty_input() -> None:
    result = invoke("clean", "-", input=b"<html><head><title>x</title></head><body><script>x()</script></body></html>")
    assert result.exit_code != 0
    assert "empty input" in result.stderr


# -- markup metadata ---------------------------------------------------------------------


def test_markup_metadata_with_provenance() -> None:
    page = render_html(SAMPLE.read_bytes())
    meta = page.markup
    assert meta.title == "Ferry service to Gull Island resumes after repairs"
    assert meta.byline == "Priya Lindqvist"
    assert meta.published == "2022-03-14"
    assert meta.provenance == {
        "title": "meta:og:title",
        "byline": "meta:author",
        "published": "meta:article:published_time",
    }


def test_markup_metadata_falls_back_through_the_sources() -> None:
    html = """<html><head><title>Bakery wins prize - Valley Times</title>
    <script type="application/ld+json">{"@graph": [{"@type": "WebPage"},
      {"@type": "Article", "author": [{"name": "Ann Oduya"}, {"name": "Lee Park"}], "datePublished": "2020-07-02T10:00:00Z"}]}</script>
    </head><body><p>Text.</p></body></html>"""
    meta = render_html(html).markup
    assert meta.title == "Bakery wins prize"
    assert meta.byline == "Ann Oduya, Lee Park"
    assert meta.published == "2020-07-02"
    assert meta.provenance == {"title": "title", "byline": "jsonld:author", "published": "jsonld:datePublished"}
    html2 = (
        '<html><body><h1>River cleanup draws volunteers</h1><p>By <a rel="author" href="/x">Sam Reyes</a></p>'
        '<time datetime="2018-09-30">Sunday</time></body></html>'
    )
    meta2 = render_html(html2).markup
    assert (meta2.title, meta2.byline, meta2.published) == ("River cleanup draws volunteers", "Sam Reyes", "2018-09-30")
    assert meta2.provenance == {"title": "h1", "byline": "rel:author", "published": "time"}


def test_text_heuristics_fill_what_the_markup_lacks() -> None:
    html = (
        "<html><body><h2>Menu</h2><p>Published 3 June 2019</p>"
        "<p>The museum reopened its east wing after a two-year renovation, the director said on Monday.</p>"
        "<p>Visitors will pay $12 for entry, up from $10, and children under 5 go free.</p></body></html>"
    )
    doc = Extractor().clean_document(render_html(html))
    assert doc.published == "2019-06-03"


# -- cleaning and offsets ----------------------------------------------------------------


def test_the_cleaner_drops_nav_footer_aside_and_comments() -> None:
    doc = Extractor().clean_document(render_html(SAMPLE.read_bytes()))
    assert "loading ramp at a cost of $1.2 million" in doc.text
    assert "Fares will stay at $4.50" in doc.text
    for boiler in ("Sport", "Most read", "Storm warning", "My commute has been", "All rights reserved"):
        assert boiler not in doc.text
    reasons = {r.reason for r in doc.removed}
    assert "html.nav" in reasons
    assert "html.aside" in reasons


def test_offsets_index_the_rendered_text() -> None:
    page = render_html(SAMPLE.read_bytes())
    doc = Extractor()(page)
    assert doc.quantities
    assert doc.dates
    assert doc.people
    for fact in (*doc.quantities, *doc.dates):
        assert page[fact.start : fact.end] == fact.text
    for entity in doc.people:
        for m in entity.mentions:
            assert page[m.start : m.end] == m.text
    for r in doc.removed:
        assert page[r.start : r.end].strip()
    # The CLI gives the same rendered text: `factpull clean --no-clean page.html`.
    result = invoke("clean", "--no-clean", SAMPLE)
    assert result.exit_code == 0
    assert result.stdout == str(page)


def test_offsets_from_the_cli_slice_the_no_clean_rendering() -> None:
    result = invoke("extract", SAMPLE)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    rendered = invoke("clean", "--no-clean", SAMPLE).stdout
    assert doc["quantities"]
    for q in doc["quantities"]:
        assert rendered[q["start"] : q["end"]] == q["text"]
    assert doc["published"] == "2022-03-14"


# -- every input kind --------------------------------------------------------------------


def test_stdin_file_gz_and_folder(tmp_path: Path) -> None:
    stdin = invoke("clean", "-", input=SAMPLE.read_bytes())
    assert stdin.exit_code == 0
    assert "Fares will stay" in stdin.stdout
    gz = tmp_path / "page.html.gz"
    gz.write_bytes(gzip.compress(SAMPLE.read_bytes()))
    zipped = invoke("clean", gz)
    assert zipped.exit_code == 0
    assert zipped.stdout == stdin.stdout
    named = tmp_path / "pages" / "no-suffix"
    named.parent.mkdir()
    named.write_bytes(SAMPLE.read_bytes())
    (tmp_path / "pages" / "b.htm").write_text(SMALL, encoding="utf-8")
    folder = invoke("clean", tmp_path / "pages", "--glob", "*", "--jsonl")
    assert folder.exit_code == 0
    docs = [json.loads(line) for line in folder.stdout.splitlines()]
    assert [d["title"] for d in docs] == [
        "Library extends weekend hours",
        "Ferry service to Gull Island resumes after repairs",
    ]


def test_a_folder_mixing_text_and_html_is_read_by_default(tmp_path: Path) -> None:
    root = tmp_path / "crawl"
    (root / "old").mkdir(parents=True)
    (root / "notice.txt").write_text("The pool reopens on 3 June after a $12,000 repair.\n", encoding="utf-8")
    (root / "library.html").write_text(SMALL, encoding="utf-8")
    (root / "old" / "ferry.htm.gz").write_bytes(gzip.compress(SAMPLE.read_bytes()))
    (root / "notes.md").write_text("Not a page: left out by the default patterns.", encoding="utf-8")
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = invoke("extract", root, "--jsonl")
    assert result.exit_code == 0, result.output
    docs = {Path(d["source"]).name: d for d in map(json.loads, result.stdout.splitlines())}
    assert sorted(docs) == ["ferry.htm.gz", "library.html", "notice.txt"]
    assert docs["library.html"]["title"] == "Library extends weekend hours"
    assert "Home" not in docs["library.html"]["text"]
    assert docs["ferry.htm.gz"]["title"] == "Ferry service to Gull Island resumes after repairs"
    assert [q["value"] for q in docs["notice.txt"]["quantities"]] == [12000]
    only_md = invoke("clean", root, "--glob", "*.md", "--jsonl")
    assert [Path(json.loads(x)["source"]).name for x in only_md.stdout.splitlines()] == ["notes.md"]
    both = invoke("clean", root, "--glob", "*.md", "--glob", "*.txt", "--jsonl")
    assert [Path(json.loads(x)["source"]).name for x in both.stdout.splitlines()] == ["notes.md", "notice.txt"]


def test_the_same_page_as_text_and_html_cannot_share_an_output_file(tmp_path: Path) -> None:
    root = tmp_path / "pages"
    root.mkdir()
    (root / "library.txt").write_text("Library extends weekend hours\n", encoding="utf-8")
    (root / "library.html").write_text(SMALL, encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("clean", root, "-o", f"{out}/")
    assert result.exit_code == 2
    assert "would both be written to" in result.output
    assert not list(out.rglob("*.txt"))  # a usage error: nothing written
    chosen = invoke("clean", root, "--glob", "*.html", "-o", f"{out}/")
    assert chosen.exit_code == 0, chosen.output
    assert [p.name for p in out.iterdir()] == ["library.txt"]


def test_jsonl_records_may_carry_html(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl"
    rows = [{"id": "a", "html": SMALL}, {"id": "b", "text": "Plain text about 5 apples."}, {"id": "c"}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = invoke("clean", "--jsonl-in", path, "--jsonl")
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert out[0]["id"] == "a"
    assert "Sundays from 1 May" in out[0]["text"]
    assert "Home" not in out[0]["text"]
    assert out[1]["text"].startswith("Plain text")
    assert "'text' (or 'html')" in out[2]["error"]["message"]


def test_warc_responses_go_through_the_html_path(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as raw:
        writer = WARCWriter(raw, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://example.org/ferry", "response", payload=io.BytesIO(SAMPLE.read_bytes()), http_headers=http
            )
        )
    result = invoke("clean", path, "--jsonl")
    doc = json.loads(result.stdout)
    assert doc["url"] == "https://example.org/ferry"
    assert doc["published"] == "2022-03-14"
    assert "Fares will stay" in doc["text"]
    assert "Most read" not in doc["text"]


def test_show_and_report_work_on_html(tmp_path: Path) -> None:
    shown = invoke("show", SAMPLE)
    assert shown.exit_code == 0, shown.stderr
    assert "will stay at" in shown.stdout
    assert "Ferry service to Gull Island" in shown.stdout
    out = tmp_path / "report.html"
    reported = invoke("report", SAMPLE, "-o", out)
    assert reported.exit_code == 0, reported.stderr
    html = out.read_text(encoding="utf-8")
    assert "will stay at" in html
    assert "window.dataLayer" not in html


def test_hidden_containers_are_rendered_and_marked() -> None:
    # Pages built by scripts stream their content into hidden containers that scripts show.
    page = render_html(
        "<html><body><div hidden id='stream'><p>The quarry closed in 1998 after 60 years.</p></div>"
        "<p style='display: none'>Subscribe now</p><p>Seen by all.</p></body></html>"
    )
    hidden = {page[b.start : b.end]: b.hidden for b in page.blocks}
    assert hidden == {"The quarry closed in 1998 after 60 years.": True, "Subscribe now": True, "Seen by all.": False}


def test_the_output_names_the_markup_each_value_came_from(validate: Callable[[dict[str, Any]], None]) -> None:
    result = invoke("extract", SAMPLE)
    doc = json.loads(result.stdout)
    validate(doc)
    rendered = invoke("clean", "--no-clean", SAMPLE).stdout
    prov = doc["provenance"]
    # The page shows the byline too ("By Priya Lindqvist, Transport Reporter"): its line and the markup.
    assert prov["byline"]["markup"] == "meta:author"
    assert "By Priya Lindqvist" in rendered[prov["byline"]["start"] : prov["byline"]["end"]]
    assert prov["published"]["markup"] == "meta:article:published_time"
    assert "March 14, 2022" in rendered[prov["published"]["start"] : prov["published"]["end"]]
    # The og:title is also the page's <h1> line: its span is given too.
    assert prov["title"]["markup"] == "meta:og:title"
    assert rendered[prov["title"]["start"] : prov["title"]["end"]] == doc["title"]


def test_text_pages_keep_line_provenance(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("Harbour news\n\nBy Ann Lee\n\n" + "The pier reopened on Monday after a long repair. " * 5 + "\n")
    doc = json.loads(invoke("clean", page, "--jsonl").stdout)
    assert all(v is None or "markup" not in v for v in doc["provenance"].values())


BODY = (
    "<p>The bakery on Mill Street won the regional bread prize, its owner said on Friday.</p>"
    "<p>It bakes about 400 loaves a day and employs 9 people.</p>"
)


@pytest.mark.parametrize(
    ("head", "shown", "expected"),
    [
        # The markup's date, shown on the page: kept.
        ('<meta property="article:published_time" content="2020-05-08T09:00:00Z">', "<p>May 8, 2020</p>", "2020-05-08"),
        # A UTC timestamp past midnight: the page's own dateline (the day before) wins.
        ('<meta property="article:published_time" content="2020-05-09T01:30:00Z">', "<p>May 8, 2020</p>", "2020-05-08"),
        # A date only in the markup, none on the page: the page shows no publication date.
        ('<meta property="article:published_time" content="2020-05-08T09:00:00Z">', "<p>2 days ago</p>", None),
    ],
)
def test_the_publication_date_is_the_one_the_page_shows(head: str, shown: str, expected: str | None) -> None:
    html = f"<html><head>{head}</head><body><h1>Bakery wins bread prize</h1>{shown}{BODY}</body></html>"
    assert Extractor().clean_document(render_html(html)).published == expected


def test_a_placeholder_date_in_the_markup_is_harmless() -> None:
    html = (
        f'<html><head><meta name="date" content="0001-01-01T00:00:00Z"></head><body><h1>Bakery</h1>{BODY}</body></html>'
    )
    assert Extractor().clean_document(render_html(html)).published is None


def test_the_byline_is_the_one_the_page_shows() -> None:
    html = (
        '<html><head><meta name="author" content="City Desk">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type": "Organization", "name": "Valley Times"}}</script>'
        "</head><body><h1>Bakery wins bread prize</h1><p>By Nadia Ferro</p>" + BODY + "</body></html>"
    )
    assert render_html(html).markup.byline == "City Desk"  # the organisation in JSON-LD is no byline
    assert Extractor().clean_document(render_html(html)).byline == "Nadia Ferro"
    no_visible = html.replace("<p>By Nadia Ferro</p>", "")
    assert Extractor().clean_document(render_html(no_visible)).byline == "City Desk"


@pytest.mark.parametrize("box", ['class="staff-list"', 'id="our-team"', 'class="team team-grid"'])
def test_the_cleaner_drops_a_staff_list_outside_the_article(box: str) -> None:
    # A site's list of its staff (a colophon) is furniture: its names are not people of the story.
    members = "".join(f'<li class="member"><span class="name">{n}</span></li>' for n in STAFF)
    html = (
        "<html><body><article><h1>Orchard town votes to keep its cider fair</h1>"
        "<p>Residents of Pellwick voted on Thursday to keep the autumn cider fair, which drew 4,000 visitors last "
        "year, the council clerk Marta Quell said after the count.</p>"
        "<p>The fair will run for three days in October, and stall fees will rise from $40 to $55 to cover "
        "the cost of extra security, according to the council.</p></article>"
        f"<div {box}><section><h5>Editors</h5><ul>{members}</ul></section></div></body></html>"
    )
    page = render_html(html)
    zones = {page[b.start : b.end].lstrip(" *"): b.zones for b in page.blocks}
    assert all("footer" in zones[name] for name in STAFF)
    assert "footer" not in zones[next(k for k in zones if k.startswith("Residents of Pellwick"))]
    doc = Extractor()(page)
    assert "stall fees will rise" in doc.text
    people = {m.text for e in doc.people for m in e.mentions}
    for name in STAFF:
        assert name not in doc.text
        assert name not in people


STAFF = ("Dorin Halvik", "Agnes Tremont", "Ruben Kask", "Lila Morrow", "Peder Oyen")


def test_removed_prose_above_and_inside_the_article_is_context_for_names() -> None:
    from factpull.page.clean import CleanResult
    from factpull.pipeline import _context
    from factpull.rules.load import load_rules
    from factpull.types import Removed, Span

    lines = [
        ("Home", False),
        ("News", False),
        ("A drawing of the rover by Quillon Labs, shown at the spring fair", False),  # a caption
        ("The rover was tested for a year.", True),
        ("Engineers of the team at work on the test track in the hills", False),  # a caption inside
        ("It will launch in May.", True),
        ("More stories about rovers and the robots that build them", False),  # after the article
    ]
    text, kept, removed, pos = "", [], [], 0
    for line, keep in lines:
        (kept if keep else removed).append(Span(pos, pos + len(line)) if keep else Removed(pos, pos + len(line), "x"))
        text += line + "\n"
        pos += len(line) + 1
    context = _context(text, CleanResult(tuple(kept), tuple(removed)), load_rules())
    assert context.split("\n\n") == [lines[2][0], lines[4][0]]
    assert _context(text, CleanResult((), tuple(removed)), load_rules()) == ""


def test_a_zone_the_article_sits_in_is_taken_back() -> None:
    # a page wrapper named after its layout ("page-with-rail") holds the story: it is no sidebar;
    # the real sidebar and page header stay, and so does the story's own header block (a sibling
    # of the story's container, not around it)
    story = " ".join(["The harbour board will rebuild the north quay after the winter storms."] * 3)
    page = render_html(
        f"""<html><body><header class="site-header"><a href="/">Pellwick Gazette</a></header>
        <div class="page-with-rail"><div class="article-header"><h1>Quay to be rebuilt</h1>
        <p class="standfirst">Work on the storm-damaged quay starts in spring, the board said.</p></div>
        <div class="story-body"><p>{story}</p><p>{story}</p><p>{story}</p></div>
        <div class="rail"><p>Most read: ferry fares rise again</p></div></div></body></html>"""
    )
    zones = {page[b.start : b.end][:20]: b.zones for b in page.blocks}
    assert "header" in zones["Pellwick Gazette"]
    assert "aside" in zones["Most read: ferry far"]
    assert zones["Quay to be rebuilt"] & {"header", "aside"} == {"header"}
    assert zones["Work on the storm-da"] & {"header", "aside"} == {"header"}
    assert not zones["The harbour board wi"] & {"header", "aside"}
