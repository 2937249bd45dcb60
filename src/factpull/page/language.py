"""Is a page English? The extractors are English-only; other pages get a warning. Pure."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex

from ..rules.load import Rules

_WORD = regex.compile(r"\p{L}+")


@dataclass(frozen=True, slots=True)
class LanguageCheck:
    english: bool  # False: do not extract (another script)
    warning: str | None = None


def check_language(text: str, rules: Rules) -> LanguageCheck:
    """Judge the script of ``text`` and, for Latin script, its share of English function words."""
    limits = rules.setting("language.thresholds")
    letters = [c for c in text if c.isalpha()]
    if len(letters) < limits["min_letters"]:
        return LanguageCheck(True)
    latin = sum(1 for c in letters if c.isascii() or "LATIN" in unicodedata.name(c, ""))
    share = latin / len(letters)
    if share < limits["min_latin_share"]:
        script = _main_script(letters)
        return LanguageCheck(False, f"the page is not in English (mostly {script} script): no facts extracted")
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) >= limits["min_words"]:
        stop = frozenset(rules.setting("boilerplate.lexicon")["stopwords"])
        stop_share = sum(1 for w in words if w in stop) / len(words)
        if stop_share < limits["min_stopword_share"]:
            return LanguageCheck(True, "the page does not look like English: facts may be missing or wrong")
    return LanguageCheck(True)


def _main_script(letters: list[str]) -> str:
    counts: dict[str, int] = {}
    for c in letters:
        name = unicodedata.name(c, "OTHER")
        script = name.split()[0] if not name.startswith("CJK") else "Han"
        counts[script] = counts.get(script, 0) + 1
    return max(counts, key=lambda k: counts[k]).capitalize() if counts else "another"
