"""Every built-in pattern file loads, and every regex rule's examples hold."""

from __future__ import annotations

import pytest

from factpull.rules.load import Rule, load_rules

RULES = load_rules()
REGEX_RULES = [r for rules in RULES.sections.values() for r in rules if "pattern" in r.compiled]


def test_builtin_patterns_load() -> None:
    assert RULES.sections or RULES.ruler


@pytest.mark.parametrize("rule", REGEX_RULES, ids=lambda r: r.id)
def test_regex_rule_examples(rule: Rule) -> None:
    for example in rule.get("examples", []):
        assert rule.search(example), f"{rule.id} should match {example!r}"
    for example in rule.get("counter_examples", []):
        assert not rule.search(example), f"{rule.id} should not match {example!r}"
