"""Every built-in pattern file loads, and every regex rule's examples hold (one case per example)."""

from __future__ import annotations

import pytest

from factpull.rules.load import Rule, load_rules

RULES = load_rules()
REGEX_RULES = [r for rules in RULES.sections.values() for r in rules if "pattern" in r.compiled]
CASES = [(r, e.text, True) for r in REGEX_RULES for e in r.examples()] + [
    (r, e.text, False) for r in REGEX_RULES for e in r.examples("counter_examples")
]


def test_builtin_patterns_load() -> None:
    assert RULES.sections or RULES.ruler


@pytest.mark.parametrize(
    ("rule", "text", "matches"), CASES, ids=[f"{r.id}:{'+' if m else '-'}{t[:40]}" for r, t, m in CASES]
)
def test_regex_rule_example(rule: Rule, text: str, matches: bool) -> None:
    assert bool(rule.search(text)) is matches, f"{rule.id} {'should' if matches else 'should not'} match {text!r}"
