"""Step 6, roles: titles before a name and appositions after it ("Ana Silva, deputy mayor of ...")."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

from .config import _AND_TITLE, _LAST_WORD, _NONSPACE, _PREV_ANY_WORD, _WORD, _Config, _only_spaces


def _roles_before(text: str, start: int, cfg: _Config) -> list[str]:
    """Title words right before a person's name: "Deputy Secretary-General Huang Chaoyong",
    "the party's leader, Kemi Badenoch"."""
    line_start = text.rfind("\n", max(0, start - 80), start) + 1
    words_ = list(_WORD.finditer(text, max(line_start, start - 80), start))
    i, end = len(words_), start
    last = len(words_)
    while i > 0:
        gap = text[words_[i - 1].end() : end]
        if not _only_spaces(text, words_[i - 1].end(), end) and not (i == len(words_) and gap == ", "):
            break
        for size in range(min(cfg.max_title_words, i), 0, -1):
            phrase = " ".join(w.group().lower() for w in words_[i - size : i])
            if phrase in cfg.word_lists["titles"] or phrase.rstrip(".") in cfg.word_lists["titles"]:
                i -= size
                end = words_[i].start()
                break
        else:
            break
    if i == last:
        return []
    # The organisation or country the title belongs to: "European Commission President".
    for _ in range(cfg.limits["max_given_names"] + 2):
        if i == 0 or not _only_spaces(text, words_[i - 1].end(), end):
            break
        word = words_[i - 1].group()
        low = word.lower()
        if not word[0].isupper() or cfg.listed(low, "determiners", "leading_noise", "connectors"):
            break
        i -= 1
        end = words_[i].start()
    return [text[_qualified(text, end, cfg) : words_[last - 1].end()]]


def _qualified(text: str, start: int, cfg: _Config) -> int:
    """Where a role starting at ``start`` begins with its qualifiers: "former", "acting"."""
    while True:
        prev = _PREV_ANY_WORD.search(text, max(0, start - 30), start)
        if prev is None or prev.group("word").lower() not in cfg.word_lists["role_qualifiers"]:
            return start
        start = prev.start("word")


def _roles_after(text: str, end: int, cfg: _Config, person_starts: Sequence[int] = ()) -> list[str]:
    """The role in an apposition after a person's name: "X, Deputy Director of the Y, said".
    None when another person's name follows inside it ("X, President Joe Biden and ...")."""
    if cfg.role_lead is None:
        return []
    lead = cfg.role_lead.match(text, end, min(len(text), end + 10))
    if not lead:
        return []
    start = lead.end()
    limit = min(len(text), start + cfg.limits["max_role_chars"])
    stop = cfg.role_stop.search(text, start, limit) if cfg.role_stop is not None else None
    stop_at = stop.start() if stop else limit
    nxt = bisect.bisect_left(person_starts, start)
    if nxt < len(person_starts) and person_starts[nxt] < stop_at:
        return []  # the title before another name is that person's ("X, President Joe Biden and ...")
    words_ = list(_NONSPACE.finditer(text, start, stop_at))
    kept_end = start
    for w in words_:
        token = w.group().strip("()")
        if not token:
            kept_end = w.end()
            continue
        low = token.lower().rstrip(".")
        if token[0].islower() and not cfg.listed(low, "connectors", "titles", "org_heads", "role_qualifiers"):
            break
        kept_end = w.end()
    role_text = text[start:kept_end].rstrip()
    # Trailing connectors ("of the") belong to what was cut off.
    while True:
        tail = _LAST_WORD.search(role_text)
        if tail and tail.group(1).lower() in cfg.word_lists["connectors"]:
            role_text = role_text[: tail.start()]
            continue
        break
    if not role_text:
        return []
    toks = [w.group().lower() for w in _WORD.finditer(role_text)]
    if not toks or not (_has_title(toks[:4], cfg)):
        return []
    # "Deputy Secretary-General of X and Executive Deputy Director of Y": two roles.
    parts = _AND_TITLE.split(role_text)
    roles: list[str] = []
    current = ""
    for part in parts:
        ptoks = [w.group().lower() for w in _WORD.finditer(part)]
        if current and _has_title(ptoks[:3], cfg):
            roles.append(current)
            current = part
        else:
            current = f"{current} and {part}" if current else part
    if current:
        roles.append(current)
    return roles


def _has_title(toks: Sequence[str], cfg: _Config) -> bool:
    for i in range(len(toks)):
        for size in range(1, cfg.max_title_words + 1):
            phrase = " ".join(toks[i : i + size])
            if phrase in cfg.word_lists["titles"]:
                return True
    return False
