"""Each sample page's whole output, pinned: `pytest --update-golden` rewrites the files after a
deliberate change (review the diff before committing it)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from factpull import Extractor
from factpull.io.emit import document_to_dict
from support import ROOT, SAMPLES, assert_offsets

GOLDEN = ROOT / "tests" / "golden"
PAGES = sorted(SAMPLES.glob("*.txt"))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_sample_matches_golden(
    page: Path, extractor: Extractor, validate: Callable[[dict[str, Any]], None], update_golden: bool
) -> None:
    text = page.read_text(encoding="utf-8")
    record = document_to_dict(extractor(text, source=f"samples/{page.name}"))
    validate(record)
    assert_offsets(record, text)
    golden = GOLDEN / f"{page.stem}.json"
    if update_golden:
        golden.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert golden.exists(), f"no golden file for {page.name}: run pytest --update-golden"
    assert record == json.loads(golden.read_text(encoding="utf-8"))


def test_every_golden_file_has_a_sample() -> None:
    assert {p.stem for p in GOLDEN.glob("*.json")} == {p.stem for p in PAGES}
