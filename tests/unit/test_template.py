"""Site templates across a batch: lines on many pages of one run are boilerplate."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from factpull.cli import main
from factpull.page.sitetemplate import site_template
from factpull.rules.load import load_rules

PROMO = "Our weekly newsletter brings you the best local stories, delivered every Friday morning to your inbox."
FOOTER = "The Valley Courier is published by Courier Media Group, which also runs two radio stations in the area."
STORIES = [
    "The school board approved a new science building on Monday. Construction will begin in the spring and should take about two years, officials said.",
    "Heavy rain flooded several streets downtown on Tuesday night. Firefighters rescued two drivers whose cars stalled near the river.",
    "A local bakery won a regional award for its sourdough bread. The owners said they would use the prize money to hire another baker.",
    "The city library will extend its opening hours during exam season. Students had asked for quiet places to study in the evening.",
]


def page(story: str) -> str:
    return f"Valley Courier\n\n{story}\n\n{story.split('.')[0]} drew comments from residents at the meeting.\n\n{PROMO}\n\n{FOOTER}\n"


def test_lines_on_many_pages_are_the_template() -> None:
    template = site_template([page(s) for s in STORIES], load_rules())
    assert any("newsletter" in line for line in template)
    assert any("courier media group" in line for line in template)
    assert not any("sourdough" in line for line in template)


def test_a_line_on_too_few_pages_is_not_template() -> None:
    assert site_template([page(s) for s in STORIES[:2]], load_rules()) == frozenset()


def test_site_template_option_removes_the_template_everywhere(tmp_path: Path) -> None:
    for i, story in enumerate(STORIES):
        (tmp_path / f"{i}.txt").write_text(page(story), encoding="utf-8")
    runner = CliRunner()
    plain = runner.invoke(main, ["clean", "--jsonl", str(tmp_path)])
    result = runner.invoke(main, ["clean", "--jsonl", "--site-template", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    for doc, story in zip(docs, STORIES, strict=True):
        assert PROMO not in doc["text"]
        assert FOOTER not in doc["text"]
        assert story in doc["text"]
        assert "signal.template" in {r["reason"] for r in doc["removed"]}
    assert plain.stdout != result.stdout
