"""The e2e scorer's command for HTML inputs: page text on stdin -> facts JSON on stdout, made
from the page's original HTML.

The e2e scorer (../shared/bench/score_e2e.py) feeds ID.page.txt on stdin and reads offsets into
that text. This wrapper finds the page's id (the dev page whose text is identical), runs
`factpull extract` on ../shared/bench/boilerplate/dev-html/ID.html.gz instead, and maps every
offset from factpull's rendering of the HTML to the scorer's text by aligning the two texts' word
tokens (difflib); a fact whose first or last token has no counterpart is dropped. Measurement
glue only: it reads the benchmark's own files and never feeds anything back to factpull.

    PATH=.venv/bin:$PATH python3 ../shared/bench/score_e2e.py ../shared/bench/boilerplate/dev \\
        ../shared/bench/e2e/dev/e2e.jsonl --cmd ".venv/bin/python benchmarks/e2e_html.py --shared ../shared"
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from factpull.io.readers import read_page

TOKEN = re.compile(r"\w+")


def find_id(text: str, dev: Path) -> str | None:
    for path in sorted(dev.glob("*.page.txt")):
        if path.read_bytes().decode("utf-8") == text:
            return path.name[: -len(".page.txt")]
    return None


def offset_map(src: str, dst: str) -> tuple[dict[int, int], dict[int, int]]:
    """Token starts and ends of ``src`` mapped to those of ``dst`` where the tokens align."""
    a = [(m.start(), m.end(), m.group().lower()) for m in TOKEN.finditer(src)]
    b = [(m.start(), m.end(), m.group().lower()) for m in TOKEN.finditer(dst)]
    sm = difflib.SequenceMatcher(None, [t[2] for t in a], [t[2] for t in b], autojunk=False)
    starts: dict[int, int] = {}
    ends: dict[int, int] = {}
    for i, j, size in sm.get_matching_blocks():
        for k in range(size):
            starts[a[i + k][0]] = b[j + k][0]
            ends[a[i + k][1]] = b[j + k][1]
    return starts, ends


def remap(span: tuple[int, int], src: str, starts: dict[int, int], ends: dict[int, int]) -> tuple[int, int] | None:
    tokens = [(m.start() + span[0], m.end() + span[0]) for m in TOKEN.finditer(src[span[0] : span[1]])]
    if not tokens or tokens[0][0] not in starts or tokens[-1][1] not in ends:
        return None
    lead, trail = tokens[0][0] - span[0], span[1] - tokens[-1][1]
    return starts[tokens[0][0]] - lead, ends[tokens[-1][1]] + trail


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    ap.add_argument("--factpull", default="factpull")
    args = ap.parse_args()
    text = sys.stdin.buffer.read().decode("utf-8")
    pid = find_id(text, args.shared / "bench/boilerplate/dev")
    if pid is None:
        print("e2e_html: page not found among the dev pages", file=sys.stderr)
        return 1
    html = gzip.decompress((args.shared / f"bench/boilerplate/dev-html/{pid}.html.gz").read_bytes())
    out = subprocess.run([args.factpull, "extract", "-"], input=html, capture_output=True, check=True).stdout
    rendered = read_page(html)  # the text factpull's offsets index
    doc: dict[str, Any] = json.loads(out)
    starts, ends = offset_map(rendered, text)
    for key in ("dates", "quantities"):
        kept = []
        for fact in doc[key]:
            new = remap((fact["start"], fact["end"]), rendered, starts, ends)
            if new is not None:
                fact["start"], fact["end"] = new
                kept.append(fact)
        doc[key] = kept
    for key in ("people", "organizations"):
        for entity in doc[key]:
            mentions = []
            for m in entity["mentions"]:
                new = remap((m["start"], m["end"]), rendered, starts, ends)
                if new is not None:
                    mentions.append({"text": m["text"], "start": new[0], "end": new[1]})
            entity["mentions"] = mentions
        doc[key] = [e for e in doc[key] if e["mentions"]]
    json.dump(doc, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
