"""Paths and assertions shared by the tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SEED = SAMPLES / "ichongqing-chengdu-chongqing-2021-04-06.txt"
SCHEMA = json.loads((ROOT / "src" / "factpull" / "schema" / "factpull.schema.json").read_text(encoding="utf-8"))


def assert_offsets(record: dict[str, Any], source: str) -> None:
    """Every fact and mention slices its own text out of the input."""
    for key in ("dates", "quantities"):
        for fact in record[key]:
            assert source[fact["start"] : fact["end"]] == fact["text"], fact
    for key in ("people", "organizations"):
        for entity in record[key]:
            for m in entity["mentions"]:
                assert source[m["start"] : m["end"]] == m["text"], m
