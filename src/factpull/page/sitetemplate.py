"""Site templates: lines that repeat across many pages of one batch are boilerplate. Pure."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ..rules.load import Rules
from .clean import page_lines


def site_template(texts: Iterable[str], rules: Rules) -> frozenset[str]:
    """The normalised lines (as ``clean_text(template=...)`` takes them) found on at least
    ``min_pages`` pages and ``min_share`` of all the pages of ``texts``."""
    limits = rules.setting("template.thresholds")
    seen: Counter[str] = Counter()
    pages = 0
    for text in texts:
        pages += 1
        keys = {
            " ".join(line.tokens) for line in page_lines(text, rules) if 0 < len(line.tokens) <= limits["max_tokens"]
        }
        seen.update(keys)
    floor = max(limits["min_pages"], limits["min_share"] * pages)
    return frozenset(key for key, count in seen.items() if count >= floor)
