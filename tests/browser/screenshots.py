"""Regenerate the pictures in docs/: `factpull show` (rich's SVG export) and the HTML report
(headless Chromium). Run from the repository root: `.venv/bin/python tests/browser/screenshots.py`."""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path

from chromium import find_chromium, screenshot
from click.testing import CliRunner
from rich.console import Console

from factpull import Extractor, Options
from factpull.cli import main
from factpull.io.readers import decode
from factpull.view.show import render_terminal

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SHOW_SAMPLE = "samples/consent-wall-business.txt"
REPORT_SAMPLE = "samples/ichongqing-chengdu-chongqing-2021-04-06.txt"


def show_svg(extractor: Extractor) -> Path:
    source = decode((ROOT / SHOW_SAMPLE).read_bytes())
    doc = extractor(source, source=SHOW_SAMPLE)
    console = Console(record=True, file=io.StringIO(), width=110, force_terminal=True, color_system="truecolor")
    render_terminal(console, source, doc)
    path = DOCS / "show.svg"
    console.save_svg(str(path), title=f"factpull show {SHOW_SAMPLE}")
    return path


def report_pngs(binary: str) -> list[Path]:
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, inputs, height in (
            ("report-overview.png", ["samples"], 1500),
            ("report-document.png", [REPORT_SAMPLE], 1900),
        ):
            html = Path(tmp) / "report.html"
            result = CliRunner().invoke(main, ["report", *inputs, "-o", str(html), "-j", "1"])
            if result.exit_code != 0:
                sys.exit(result.stderr)
            path = DOCS / name
            screenshot(binary, html.as_uri(), path, width=1280, height=height)
            out.append(path)
    return out


def main_() -> None:
    os.chdir(ROOT)  # sources in the pictures read as relative paths
    DOCS.mkdir(exist_ok=True)
    written = [show_svg(Extractor(Options()))]
    binary = find_chromium()
    if binary is None:
        print("chromium not found: the report screenshots were not made", file=sys.stderr)
    else:
        written += report_pngs(binary)
    for path in written:
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main_()
