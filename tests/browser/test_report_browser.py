"""The HTML report in a real browser: headless Chromium loads it from a file:// URL, takes a
screenshot, and the highlighted facts are in the DOM it rendered. Run with `make test-browser`."""

from __future__ import annotations

import html.parser
from pathlib import Path

import pytest
from chromium import dump_dom, find_chromium, screenshot
from click.testing import CliRunner

from factpull import Document, Extractor
from factpull.cli import main
from factpull.io.readers import decode
from factpull.view.layout import layout
from support import SAMPLES, SEED

CLASSES = {"p": "person", "o": "organization", "d": "date", "q": "quantity"}


@pytest.fixture(scope="module")
def chromium() -> str:
    binary = find_chromium()
    if binary is None:
        pytest.skip("chromium not found: install Debian's package (apt-get install -y chromium) or set CHROMIUM=/path")
    return binary


class Marks(html.parser.HTMLParser):
    """The text of every <mark> of the documents' pages, by type, without the values beside."""

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, list[str]] = {t: [] for t in CLASSES.values()}
        self.values: list[str] = []
        self.scripts = 0
        self._page = 0  # depth inside <div class="page">
        self._mark: tuple[str, list[str]] | None = None
        self._value = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        cls = dict(attrs).get("class") or ""
        if tag == "script":
            self.scripts += 1
        if tag == "div" and (self._page or cls == "page"):
            self._page += 1
        elif tag == "mark" and self._page:
            self._mark = (CLASSES[cls], [])
        elif tag == "span" and cls == "v" and self._mark is not None:
            self._value = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self._page:
            self._page -= 1
        elif tag == "span" and self._value:
            self._value = False
        elif tag == "mark" and self._mark is not None:
            self.found[self._mark[0]].append("".join(self._mark[1]))
            self._mark = None

    def handle_data(self, data: str) -> None:
        if self._value:
            self.values.append(data.strip())
        elif self._mark is not None:
            self._mark[1].append(data)


def test_report_renders_in_chromium(chromium: str, extractor: Extractor, tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for sample in sorted(SAMPLES.glob("*.txt")):
        (pages / sample.name).write_bytes(sample.read_bytes())
    (pages / "xss.txt").write_text('<script>document.title="pwned"</script>\nHarbor Foods paid $5 on Monday.\n')
    (pages / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    report = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", str(pages), "-o", str(report), "-j", "1"])
    assert result.exit_code == 1, result.stderr  # broken.txt is listed as an error
    url = report.resolve().as_uri()

    shot = tmp_path / "report.png"
    screenshot(chromium, url, shot)
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 20_000  # a page with text and colour, not a blank one

    dom = dump_dom(chromium, url)
    marks = Marks()
    marks.feed(dom)
    assert marks.scripts == 0  # the page's <script> is text, never an element
    assert '&lt;script&gt;document.title="pwned"&lt;/script&gt;' in dom
    assert "<title>factpull report</title>" in dom
    assert "broken.txt: binary data" in dom
    # every fact and mention of every sample is highlighted in the rendered DOM (overlapping
    # facts are drawn once, the first and longest winning: render.layout says which)
    drawn: dict[str, list[str]] = {t: [] for t in CLASSES.values()}
    for sample in sorted(SAMPLES.glob("*.txt")):
        source = decode(sample.read_bytes())
        doc: Document = extractor(source, source=sample.name)
        assert doc.dates
        assert doc.quantities
        assert doc.people or doc.organizations
        shown = {p.mark for line in layout(source, doc) for p in line.pieces if p.mark is not None}
        for mark in sorted(shown, key=lambda m: m.start):
            text = source[mark.start : mark.end].split("\n")[0]
            drawn[mark.type].append(text)
            assert any(m.startswith(text) for m in marks.found[mark.type]), (sample.name, mark)
    for type_, texts in drawn.items():
        assert len(marks.found[type_]) >= len(texts) > 0, type_
    # with the normalised values beside them
    seed = extractor(decode(SEED.read_bytes()), source=SEED.name)
    assert any(d.text == "April 1" for d in seed.dates)
    assert "→ 2021-04-01" in marks.values
    assert "→ 30000000000 CNY" in marks.values
