"""Step 2, boundaries: where a name starts and ends (articles, titles, possessives, cut spans,
given names)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING

import regex

from ...rules.reach import match_at

if TYPE_CHECKING:
    pass

from .config import (
    _GLUED,
    _HYPHEN_TAIL,
    _LOWER_WORD,
    _OTHER,
    _PARTS,
    _POSSESSIVE,
    _PREV_ANY_WORD,
    _PREV_WORD,
    _WORD,
    ORG,
    PER,
    _Cand,
    _Config,
    _key,
)
from .roles import _qualified

_INNER_POSSESSIVE = regex.compile(r"['’]s[ \t]+(?=\p{Lu})")


def _split_titled(text: str, cands: list[_Cand], cfg: _Config) -> list[_Cand]:
    """spaCy's organisation "Velden Radio host Marek Quade" is the organisation and a person:
    a lower-case title inside it, followed by a capitalised name, splits it."""
    out: list[_Cand] = []
    for c in cands:
        words_ = list(_WORD.finditer(text, c.start, c.end)) if c.label == ORG and c.source == "spacy" else []
        cut = next(
            (
                i
                for i in range(1, len(words_) - 1)
                if words_[i].group()[0].islower()
                and _is_title(words_[i].group(), cfg)
                and words_[i + 1].group()[0].isupper()
            ),
            0,
        )
        if not cut:
            out.append(c)
            continue
        out.append(_Cand(c.start, words_[cut - 1].end(), ORG, c.source))
        out.append(_Cand(words_[cut + 1].start(), c.end, PER, c.source))
    return out


def _split_possessives(text: str, cands: list[_Cand]) -> list[_Cand]:
    """spaCy's "Wanda Pell's Velby Labs" is two names: the owner, and what a person owns (a
    company, a team) is an organisation. An organisation's "Velby's Office of Audits" names
    Velby when the document also names Velby alone; "Harlow Magistrate's Court" stays whole."""
    alone = {_key(text[c.start : c.end]): c.label for c in cands if not match_at(_POSSESSIVE, text, c.end)}
    out: list[_Cand] = []
    for c in cands:
        inner = _INNER_POSSESSIVE.search(text, c.start, c.end) if c.source == "spacy" else None
        owner = alone.get(_key(text[c.start : inner.start()])) if inner else None
        if inner is None or not (c.label == PER or (c.label == ORG and owner is not None)):
            out.append(c)
            continue
        if c.label == PER and owner == ORG:  # "Velby Labs's Wanda Pell": the firm's person
            out.append(_Cand(c.start, inner.start(), ORG, c.source))
            out.append(_Cand(inner.end(), c.end, PER, c.source))
            continue
        out.append(_Cand(c.start, inner.start(), c.label, c.source))
        if c.label == PER:
            out.append(_Cand(inner.end(), c.end, ORG, c.source, forced=True))
    return out


def _normalise(text: str, cand: _Cand, cfg: _Config) -> _Cand | None:
    """The name part of a candidate, or None when it holds no name; named steps in order."""
    span = _first_capitalised_line(text, cand.start, cand.end)
    if span is None:
        return None
    span = _after_label(text, *span)
    if span is None:
        return None
    s, e = _split_separators(text, *span, cfg)
    s, e, cand = _split_credit(text, s, e, cand, cfg)
    s, e = _balance_brackets(text, s, e)
    trimmed = _trim_ends(text, s, e, cand.label, cfg)
    if trimmed is None:
        return None
    s, e = trimmed
    if cand.label == PER:
        e = _extend_name_tail(text, e, cfg)
    words_ = list(_WORD.finditer(text, s, e))
    roles: list[str] = []
    if cand.label == PER:
        s, words_ = _cut_titles(text, s, words_, cfg, roles)
    e = _drop_final_stop(text, e, words_, cfg)
    if cand.label == PER:
        e = _unglue(text, s, e, words_)
    s, e = _strip(text, s, e)
    if s >= e or _cut_from_a_word(text, s, e) or not _is_name(text[s:e], cand.label, cfg):
        return None
    return _Cand(s, e, cand.label, cand.source, cand.forced, roles, kind=cand.kind)


def _cut_leading_places(text: str, cands: Sequence[_Cand], cfg: _Config) -> None:
    """ "the ambassador to Velden Marek Quade": spaCy runs the place into the name. A mention
    after "to", "of", "in"... that opens with a place the document names alone and goes on with
    a person's name (a person, or a name the document gives a person) starts after the place."""
    places = {_key(text[c.start : c.end]) for c in cands if c.label == _OTHER}
    people = {_key(text[c.start : c.end]) for c in cands if c.label == PER}
    for c in cands:
        if c.label == _OTHER or " " not in text[c.start : c.end]:
            continue
        before = _PREV_ANY_WORD.search(text, max(0, c.start - 12), c.start)
        if before is None or before.group("word") not in cfg.word_lists["connectors"]:
            continue
        words_ = list(_WORD.finditer(text, c.start, c.end))
        for i in range(1, len(words_) - 1):
            head, rest = _key(text[c.start : words_[i - 1].end()]), _key(text[words_[i].start() : c.end])
            if head in places and (c.label == PER or rest in people):
                c.start, c.label = words_[i].start(), PER
                break


def _cut_from_a_word(text: str, s: int, e: int) -> bool:
    """A piece of a longer word or name: "&T" of "AT&T", "ank" of "Bank"."""
    return (
        text[s] == "&"
        or (s > 0 and (text[s - 1].isalnum() or text[s - 1] == "&"))
        or (e < len(text) and text[e] == "&" and e + 1 < len(text) and text[e + 1].isalnum())
    )


def _first_capitalised_line(text: str, s: int, e: int) -> tuple[int, int] | None:
    """A span running over a line break: the first line that holds a capital letter."""
    seg = text[s:e]
    if "\n" not in seg:
        return s, e
    pos = s
    for line in seg.split("\n"):
        if any(ch.isupper() for ch in line):
            return pos, pos + len(line)
        pos += len(line) + 1
    return None


def _after_label(text: str, s: int, e: int) -> tuple[int, int] | None:
    """A field label and its value ("Name: Dealing", "Source: Harwick Post"): the value when the
    label is one word and the value a name of two words or more, else nothing."""
    colon = text.find(": ", s, e)
    if colon < 0:
        return s, e
    label, value = text[s:colon], text[colon + 2 : e]
    if " " not in label.strip() and len(value.split()) > 1:
        return colon + 2, e
    return None


def _split_credit(text: str, s: int, e: int, cand: _Cand, cfg: _Config) -> tuple[int, int, _Cand]:
    """ "Photo/Wang Jieyu": the part after a credit word (a person), else the longest part."""
    seg = text[s:e]
    if "/" not in seg:
        return s, e, cand
    parts, pos, best = seg.split("/"), s, None
    for i, part in enumerate(parts):
        if i > 0 and parts[i - 1].strip().lower() in cfg.word_lists["person_cues"]:
            best = (pos, pos + len(part), PER)
            break
        if best is None or len(part) > best[1] - best[0]:
            best = (pos, pos + len(part), cand.label)
        pos += len(part) + 1
    assert best is not None
    s, e, label = best
    if label != cand.label:
        cand = _Cand(s, e, label, cand.source, forced=True)
    return s, e, cand


def _split_separators(text: str, s: int, e: int, cfg: _Config) -> tuple[int, int]:
    """ "KY @ Ostbury Hall", "Opinion | Harwick Post": the longest part between separators."""
    seg = text[s:e]
    cuts = [
        i
        for i, ch in enumerate(seg)
        if ch in cfg.word_lists["separators"] and seg[i - 1 : i] in (" ", "") and seg[i + 1 : i + 2] in (" ", "")
    ]
    if not cuts:
        return s, e
    bounds = [-1, *cuts, len(seg)]
    parts = [(s + a + 1, s + b) for a, b in itertools.pairwise(bounds)]
    return max(parts, key=lambda p: len(text[p[0] : p[1]].strip()))


def _balance_brackets(text: str, s: int, e: int) -> tuple[int, int]:
    """Unbalanced brackets: "the American College of Pediatricians (ACPeds" ends before "("."""
    seg = text[s:e]
    if "(" in seg and ")" not in seg[seg.index("(") :]:
        e = s + seg.index("(")
    elif ")" in seg and "(" not in seg[: seg.index(")")]:
        s = s + seg.index(")") + 1
    return s, e


def _trim_ends(text: str, s: int, e: int, label: str, cfg: _Config) -> tuple[int, int] | None:
    """Drop what opens or ends a mention but is not the name, until nothing changes: articles
    and sentence openers, trailing connectors, an organisation's tail after a cut word, a
    comma or a title, a trailing possessive, "et al." or year."""
    while True:
        s, e = _strip(text, s, e)
        if s >= e:
            return None
        words_ = list(_WORD.finditer(text, s, e))
        if not words_:
            return None
        low = words_[0].group().lower()
        if cfg.listed(low, "determiners", "leading_noise") and len(words_) > 1:
            s = words_[1].start()
            continue
        if words_[-1].group().lower() in cfg.word_lists["connectors"] and len(words_) > 1:
            e = words_[-2].end()
            continue
        if label == ORG:
            org = _trim_org(text, s, e, words_, cfg)
            if org is not None:
                s, e = org
                continue
        tail = cfg.cues["trailing"].search(text, s, e) if cfg.cues["trailing"] is not None else None
        if tail and tail.start() > s:
            e = tail.start()
            continue
        return s, e


def _trim_org(text: str, s: int, e: int, words_: Sequence[regex.Match[str]], cfg: _Config) -> tuple[int, int] | None:
    """One trimming step of an organisation's name, or None when there is none to make."""
    lead = _role_lead_words(words_, cfg)
    if 0 < lead < len(words_) - 1 and words_[lead].group().lower() in ("of", "at"):
        return words_[lead + 1].start(), e  # "Founder of Velby Labs": the firm, not its founder
    org_cut = next((w for w in words_[1:-1] if w.group() in cfg.word_lists["org_cuts"]), None)
    if org_cut is not None:
        return s, org_cut.start()
    if "," in text[s:e]:
        # "County of Velden, Office of the Mayor", "University of Lenning, Harwick":
        # the first part naming an organisation.
        return _org_part(text, s, e, cfg)
    if (
        len(words_) > 2
        and _is_title(words_[-1].group(), cfg)
        and words_[-2].group().lower() not in cfg.word_lists["connectors"]
        and not _is_title(words_[-2].group(), cfg)
    ):
        return s, words_[-2].end()  # "the State Department Spokesperson"
    return None


def _role_lead_words(words_: Sequence[regex.Match[str]], cfg: _Config) -> int:
    """How many words open a mention as a role: titles, their qualifiers and "and" ("Co-founder and CEO")."""
    n = 0
    while n < len(words_):
        low = words_[n].group().lower()
        if not (_is_title(low, cfg) or low in cfg.word_lists["role_qualifiers"] or (n > 0 and low in ("and", "&"))):
            break
        n += 1
    return n


def _extend_name_tail(text: str, e: int, cfg: _Config) -> int:
    """A person's name cut at a hyphen ("Okonkwo" of "Okonkwo-Adeyemi") or before its
    particles ("Ursula" of "Ursula von der Leyen") goes on."""
    more = match_at(_HYPHEN_TAIL, text, e)
    if more:
        e = more.end()
    if cfg.particle_tail is not None:
        more = match_at(cfg.particle_tail, text, e)
        if more:
            e = more.end()
    return e


def _cut_titles(
    text: str, s: int, words_: list[regex.Match[str]], cfg: _Config, roles: list[str]
) -> tuple[int, list[regex.Match[str]]]:
    """Titles: "President Donald Trump", "Port Authority Administrator Lena Szabo": cut after the last
    title that is followed by a name word; the cut part (without an article) is a role."""
    cut = _title_cut(words_, cfg)
    if not 0 < cut < len(words_):
        return s, words_
    role = text[_qualified(text, s, cfg) : words_[cut - 1].end()]
    lead = _WORD.match(role)
    if lead and lead.group().lower() in cfg.word_lists["determiners"]:
        role = role[lead.end() :].strip()
    roles.append(role)
    return words_[cut].start(), words_[cut:]


def _unglue(text: str, s: int, e: int, words_: Sequence[regex.Match[str]]) -> int:
    """A page that lost a space glues a name to the next word ("Marek QuadeStaff Writer"): a
    person's name ends at a capital right after a small letter in a word after the first
    (surname prefixes such as "McAdam", "DeLuca" aside)."""
    for w in words_[1:]:
        glued = _GLUED.search(w.group())
        if glued and w.start() + glued.end() < e:
            return w.start() + glued.end()
    return e


def _drop_final_stop(text: str, e: int, words_: Sequence[regex.Match[str]], cfg: _Config) -> int:
    """A final full stop belongs to the name only after an abbreviation ("Inc.", "Jr.") or an initial."""
    if text[e - 1] == "." and words_ and words_[-1].group().lower() not in cfg.word_lists["abbreviations"]:
        final = words_[-1].group()
        if not (len(final) == 2 and final[0].isupper()):  # an initial: "John F."
            e -= 1
    return e


def _is_name(seg: str, label: str, cfg: _Config) -> bool:
    """Whether a trimmed mention can be a name: not too long, not a fragment cut by the scrape
    ("uang Chaoyong"), not lower case (camel-case brands such as "iPhone" are kept), not page
    furniture, no digits in a person's name, not titles alone."""
    words_ = list(_WORD.finditer(seg))
    if not words_ or len(words_) > cfg.limits["max_name_words"]:
        return False
    first_word = words_[0].group()
    if (
        first_word[0].islower()
        and not any(ch.isupper() for ch in first_word[1:])
        and first_word.lower() not in cfg.word_lists["connectors"]
    ):
        return False
    if not any(ch.isupper() for ch in seg) or not any(ch.isalpha() for ch in seg):
        return False
    if all(part in cfg.boilerplate for part in _PARTS.split(_key(seg))):
        return False
    if label == PER and any(ch.isdigit() for ch in seg):
        return False
    lowered = [w.group().lower() for w in words_]
    return not all(cfg.listed(w, "titles", "name_suffixes", "determiners") for w in lowered)


def _is_title(word: str, cfg: _Config) -> bool:
    low = word.lower()
    return low in cfg.word_lists["titles"] or low.rstrip(".") in cfg.word_lists["titles"]


def _org_part(text: str, s: int, e: int, cfg: _Config) -> tuple[int, int]:
    parts: list[tuple[int, int]] = []
    pos = s
    for piece in text[s:e].split(","):
        parts.append((pos, pos + len(piece)))
        pos += len(piece) + 1
    for a, b in parts:
        if any(w.lower() in cfg.word_lists["org_heads"] for w in _WORD.findall(text, a, b)):
            return a, b
    return parts[0]


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    """Drop spaces and punctuation at both ends (but not a closing bracket or a final full stop)."""
    while s < e and (text[s].isspace() or text[s] in "\"'“”‘’,;:-–—|•·*([{<"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in "\"'“”‘’,;:-–—|•·*[{<>(/"):
        e -= 1
    return s, e


def _title_cut(words_: Sequence[regex.Match[str]], cfg: _Config) -> int:
    """Number of leading words up to and including the last title followed by a name word."""
    cut = 0
    i = 0
    n = len(words_)
    while i < n:
        matched = 0
        for size in range(min(cfg.max_title_words, n - i), 0, -1):
            phrase = " ".join(w.group().lower() for w in words_[i : i + size])
            if phrase in cfg.word_lists["titles"] or phrase.rstrip(".") in cfg.word_lists["titles"]:
                matched = size
                break
        if matched and i + matched < n:
            nxt = words_[i + matched].group()
            if nxt[0].isupper() and nxt.lower() not in cfg.word_lists["name_suffixes"]:
                cut = i + matched
        i += matched or 1
    return cut


def _drop_headline_guesses(text: str, cands: list[_Cand], cfg: _Config) -> list[_Cand]:
    """spaCy takes runs of capitalised headline words for names ("Economic Circle Enters"): on a
    Title Case line, keep only rule finds and names the body text also has."""
    headline: dict[int, bool] = {}

    def is_headline(pos: int) -> bool:
        start = text.rfind("\n", 0, pos) + 1
        if start not in headline:
            end = text.find("\n", pos)
            line_words = _WORD.findall(text, start, len(text) if end < 0 else end)
            content = [w for w in line_words if not cfg.listed(w.lower(), "connectors", "determiners")]
            upper = sum(1 for w in content if w[0].isupper())
            headline[start] = len(content) >= cfg.limits["headline_min_words"] and upper == len(content)
        return headline[start]

    body_keys = {_key(text[c.start : c.end]) for c in cands if c.forced or not is_headline(c.start)}
    return [c for c in cands if c.forced or _key(text[c.start : c.end]) in body_keys]


def _extend_given_names(text: str, cands: list[_Cand], cfg: _Config) -> None:
    """spaCy often stops short of a person's given names ("Élodie [Varenne]", "Marcus T.
    [Heddle]"): capitalised words right before a person's name, on the same line and not
    titles, articles or other names, belong to it."""
    ends = {c.end for c in cands}
    places = {_key(text[c.start : c.end]) for c in cands if c.label == _OTHER}
    lower_words: set[str] | None = None
    for c in cands:
        if c.label != PER:
            continue
        s = c.start
        for _ in range(cfg.limits["max_given_names"]):
            prev = _PREV_WORD.search(text, max(0, s - 40), s)
            if prev is None or prev.end() in ends:
                break
            word = prev.group("word")
            low = word.lower()
            if (
                not word[0].isupper()
                or (word.isupper() and len(word) > 2)
                or _is_title(word, cfg)
                or cfg.listed(low, "determiners", "leading_noise", "org_heads", "place_words", "connectors")
                or low in places
            ):
                break
            if lower_words is None:
                lower_words = set(_LOWER_WORD.findall(text))
            if low.rstrip(".") in lower_words:
                break  # a common word ("Only", "Both", "There") that opens the sentence
            s = prev.start("word")
        if s != c.start:
            c.start = s


def _resolve_overlaps(cands: list[_Cand]) -> list[_Cand]:
    """One candidate per stretch of text: context rules first, then the longer, then token rules, then the earlier."""
    order = sorted(
        cands, key=lambda c: (not c.source.startswith("context."), -(c.end - c.start), not c.forced, c.start)
    )
    end = max((c.end for c in cands), default=0)
    taken = bytearray(end)  # 1 where a kept candidate lies
    out: list[_Cand] = []
    for c in order:
        if 1 in taken[c.start : c.end]:
            continue
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
        out.append(c)
    out.sort(key=lambda c: (c.start, c.end))
    return out
