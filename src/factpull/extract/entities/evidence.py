"""Step 3, evidence: a name's type from what the whole document says of it."""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import regex

from ...rules.reach import match_at

if TYPE_CHECKING:
    pass

from .boundaries import _is_title, _strip
from .config import (
    _AND_GAP,
    _ARTICLE_BEFORE,
    _AT_SIGN_BEFORE,
    _CAMEL,
    _LIST_GAP,
    _LOWER_WORD,
    _NEXT_LOWER,
    _OTHER,
    _PLACE_JOIN,
    _PLACE_LABELS,
    _POSSESSIVE,
    _STORE_AFTER,
    _STORE_BEFORE,
    _WORD,
    ORG,
    PER,
    _Cand,
    _Config,
    _key,
    _only_spaces,
    _org_tokens,
    _tokens,
)
from .roles import _roles_before


def _title_owners(text: str, cands: list[_Cand], cfg: _Config) -> list[_Cand]:
    """ "Velby coach Marek Quade", "Zendrix co-founder Ines Farrow": the capitalised words right
    before a post in an organisation (``org_roles``) that comes right before a person's name
    name that organisation, whether or not spaCy marked them. A place or a person there
    ("Velden governor", "Quade adviser") keeps its type; a common word opening the sentence
    ("Assistant coach Marek Quade") or a role's qualifier is no owner."""
    if not cfg.word_lists["org_roles"]:
        return cands
    added: list[_Cand] = []
    lower_words: set[str] | None = None
    for c in cands:
        if c.label != PER:
            continue
        owner = _owner_before_role(text, c.start, cfg)
        if owner is None:
            continue
        s, e = owner
        covering = [o for o in [*cands, *added] if o.start < e and s < o.end]
        if covering:
            for o in covering:
                if o.label == ORG and o.start <= s and e <= o.end:
                    o.forced = True
            continue
        if " " not in text[s:e]:
            if lower_words is None:
                lower_words = set(_LOWER_WORD.findall(text))
            if text[s:e].lower() in lower_words:
                continue  # "Assistant coach Marek Quade", "the assistant"
        added.append(_Cand(s, e, ORG, "title_owner", forced=True))
    if not added:
        return cands
    return sorted([*cands, *added], key=lambda c: (c.start, c.end))


def _owner_before_role(text: str, start: int, cfg: _Config) -> tuple[int, int] | None:
    """The span of the capitalised words before an organisation's post right before ``start``
    ("Velby" in "Velby coach Marek Quade"), on the same line, or None."""
    line_start = text.rfind("\n", max(0, start - 80), start) + 1
    words_ = list(_WORD.finditer(text, max(line_start, start - 80), start))
    i, end = len(words_), start
    for size in range(min(cfg.max_org_role_words, i), 0, -1):
        phrase = " ".join(w.group().lower() for w in words_[i - size : i])
        if phrase in cfg.word_lists["org_roles"] and _only_spaces(text, words_[i - 1].end(), end):
            i -= size
            end = words_[i].start()
            break
    else:
        return None
    first = i
    while (
        first > 0 and i - first < cfg.limits["max_given_names"] + 2 and _only_spaces(text, words_[first - 1].end(), end)
    ):
        word = words_[first - 1].group()
        low = word.lower()
        if (
            not word[0].isupper()
            or _POSSESSIVE.search(word)
            or _is_title(word, cfg)
            or cfg.listed(low, "determiners", "leading_noise", "role_qualifiers", "org_roles")
        ):
            break
        first -= 1
        end = words_[first].start()
    if first == i:
        return None
    return words_[first].start(), words_[i - 1].end()


def _apply_evidence(text: str, cands: list[_Cand], cfg: _Config) -> None:
    for c in cands:
        if c.label != PER and not c.forced and _used_as(text, c, None, cfg.cues["person_before"]):
            c.label, c.forced = PER, True  # "his wife, Tamsin": a person, whatever spaCy said
            continue
        if c.label == _OTHER:
            if not c.forced and " " in text[c.start : c.end] and _roles_before(text, c.start, cfg):
                c.label, c.forced = PER, True  # "the party leader, Kemi Badenoch" (spaCy: a place)
            continue
        tokens = [w.group().lower() for w in _WORD.finditer(text, c.start, c.end)]
        if c.label == PER and not c.forced and tokens and tokens[0] in cfg.word_lists["place_words"]:
            c.label, c.forced = _OTHER, True  # "Fort Lee", "Cyclone Phailin"
        elif not c.forced and (
            (tokens and tokens[-1] in cfg.word_lists["venue_heads"])
            or _AT_SIGN_BEFORE.search(text, max(0, c.start - 4), c.start)
        ):
            # "Harlow Arena", "Kelby Bank Amphitheater", a listing's "Ashby, KY @ Ostbury Brewing Co.": venues
            c.label, c.forced = _OTHER, True
        elif c.label == ORG and not c.forced and _head(tokens) in cfg.word_lists["thing_heads"]:
            c.label, c.forced = _OTHER, True  # "the Velden Book Prize", "the Festival of Lanterns", "the Harlow Index"
        elif any(_is_org_head(t, cfg) for t in tokens):
            # A rule's person ("by Jane Bank") keeps its type unless the name ends with the
            # organisation word ("by the Velden Water Agency").
            if not (c.forced and c.label == PER and c.source != "spacy") or _is_org_head(tokens[-1], cfg):
                c.label = ORG
                c.forced = True
        elif c.label == ORG and (
            c.roles
            or (
                cfg.cues["person_after"] is not None
                and cfg.cues["person_after"].match(text, c.end, min(len(text), c.end + 20))
            )
            or _roles_before(text, c.start, cfg)
        ):
            # "captain Thibaut Courtois", "Dean Kamen, who founded ...": a person.
            c.label = PER
            c.forced = True


def _head(tokens: Sequence[str]) -> str:
    """The head word of a name: its last word, or the last before "of"/"for" ("Festival of Lights")."""
    for i, t in enumerate(tokens[1:], 1):
        if t in ("of", "for"):
            return tokens[i - 1]
    return tokens[-1] if tokens else ""


def _work_titles(text: str, cands: Sequence[_Cand], cfg: _Config) -> None:
    """A title in quotation marks names a work (a song, a show, a book): an organisation guess,
    or a one-word person guess, inside a longer quoted title ("“Take Velby to the River”"), and
    any guess that is the whole title next to a work noun ("the “Harlow Heights” star", "the film
    “Marek Quade”"), is neither a person nor an organisation."""
    if cfg.work_quote is None or not any(q in text for q in '“"«'):
        return
    titles: list[tuple[int, int, bool]] = []  # start, end, next to a work noun
    for m in cfg.work_quote.finditer(text, timeout=5.0):
        s, e = _strip(text, *m.span("title"))
        words_ = _WORD.findall(text, s, e)
        if words_ and words_[0][0].isupper() and all(_title_word(w, cfg) for w in words_):
            titles.append((s, e, _used_as(text, _Cand(s, e, _OTHER, ""), cfg.work_after, cfg.work_before)))
    starts = [t[0] for t in titles]
    for c in cands:
        i = bisect.bisect_right(starts, c.start) - 1
        if i < 0 or c.label not in (PER, ORG) or (c.forced and c.source != "spacy") or c.end > titles[i][1]:
            continue
        s, e, noun = titles[i]
        whole = c.start <= s and c.end >= e
        inside = not whole and (c.label == ORG or " " not in text[c.start : c.end])
        if inside or (whole and noun):
            c.label, c.forced = _OTHER, True


def _title_word(word: str, cfg: _Config) -> bool:
    return word[0].isupper() or word[0].isdigit() or word.lower() in cfg.title_small_words


def _is_org_head(token: str, cfg: _Config) -> bool:
    return token in cfg.word_lists["org_heads"] or token.rstrip(".") in cfg.word_lists["org_heads"]


def _document_evidence(text: str, cands: list[_Cand], cfg: _Config) -> None:
    """What the document says of a name anywhere types all its mentions: a name used as a place
    ("the Eastside neighborhood", "Kelby, the country's busiest port", two places joined by "-"
    or "and") is neither a person nor an organisation; a one-word "person" used as a company
    ("X's shares", "X, a software company", "shares of X") is an organisation; post-nominal
    letters ("DBA") are no names, nor are acronyms the text uses as common nouns ("two EVs")."""
    place_keys = _term_names(text, cfg)  # names that are no person or organisation
    org_keys: set[str] = set()
    stores: dict[str, bool] = {}
    uses = _Uses()
    team_keys: set[str] = set()
    lower: list[frozenset[str]] = []

    def scan_lower(text: str) -> frozenset[str]:
        if not lower:
            lower.append(frozenset(_LOWER_WORD.findall(text)))
        return lower[0]

    other_keys = {_key(text[c.start : c.end]) for c in cands if c.label == _OTHER}
    # Names spaCy calls an organisation at least once: a place name that is also a team or a company.
    spacy_orgs = {_key(text[c.start : c.end]) for c in cands if c.label == ORG and c.source == "spacy"}
    for c in cands:
        if c.label == _OTHER and c.forced and cfg.acronym is not None:
            acr = cfg.acronym.match(text, c.end, min(len(text), c.end + 20))
            if acr:  # "the Harlow Index (HIX)": the acronym of a thing is that thing
                place_keys.add(_key(acr.group("acronym")))
        if c.label == ORG and c.forced:
            org_keys.add(" ".join(_org_tokens(_tokens(text[c.start : c.end]), cfg)))  # "X Inc." names X
        if c.source != "spacy":
            continue
        key = _key(text[c.start : c.end])
        if _used_as(text, c, cfg.cues["place_after"], cfg.cues["place_before"]) or _used_as(
            text, c, cfg.cues["thing_after"], None
        ):
            place_keys.add(key)
        elif c.label in (PER, _OTHER) and _used_as(text, c, cfg.cues["org_after"], cfg.cues["org_before"]):
            org_keys.add(key)
        elif c.label == PER and " " not in key and _ARTICLE_BEFORE.search(text, max(0, c.start - 5), c.start):
            # A person is not named with an article: "the Harriers" is a team, "the Comet" a
            # thing (but "the Quade family" is a person's).
            if key.endswith("s"):
                org_keys.add(key)
            elif not _noun_after(text, c.end, cfg):
                place_keys.add(key)
        elif c.label == PER and " " not in key and _store_name(text, text[c.start : c.end], uses, stores):
            place_keys.add(key)  # "shop at Velby's": a store, not a person named Velby
        elif c.label == PER and _CAMEL.fullmatch(text, c.start, c.end):
            org_keys.add(key)  # "QuorraTech", "ZipLane": brands, not people
        elif c.label == PER and " " not in key and _org_use_elsewhere(text, text[c.start : c.end], cfg, uses):
            org_keys.add(key)  # "Brisko have won" where spaCy saw no name: the "person" Brisko is a team
        elif c.label == _OTHER and c.kind in _PLACE_LABELS and _team_use(text, text[c.start : c.end], cfg, uses):
            org_keys.add(key)  # "Velden 2-1 Ostbury", "Velden's goalkeeper": a place's team
            team_keys.add(key)
        elif not c.forced and " " not in key and _common_word_at_line_start(text, c, scan_lower(text)):
            place_keys.add(key)  # "Paella", "Mum" opening a line, "paella" elsewhere: no name
    for c in cands:
        key = _key(text[c.start : c.end])
        if key in cfg.word_lists["credentials"]:
            c.label, c.forced = _OTHER, True
        elif c.source != "spacy" and c.forced:
            continue
        elif key in place_keys or _joins_places(key, other_keys) or (c.label == PER and _all_other(key, other_keys)):
            c.label, c.forced = _OTHER, True
        elif key in org_keys and (c.label == PER or (c.label == _OTHER and (key in spacy_orgs or key in team_keys))):
            c.label, c.forced = ORG, True  # "Velby manager Ines Farrow": Velby (also a town) is a team


def _person_uses(text: str, cands: Sequence[_Cand], cfg: _Config) -> None:
    """A name whose possessive owns what only a person has ("X's wife", "X's funeral") is a
    person in all the mentions spaCy guessed an organisation or a place."""
    owned = cfg.cues["person_owned"]
    if owned is None:
        return
    guessed = [c for c in cands if c.source == "spacy" and not c.forced and c.label in (ORG, _OTHER)]
    keys = {_key(text[c.start : c.end]) for c in guessed if owned.match(text, c.end, min(len(text), c.end + 40))}
    for c in guessed:
        if keys and _key(text[c.start : c.end]) in keys:
            c.label, c.forced = PER, True


def _term_names(text: str, cfg: _Config) -> set[str]:
    """Names the text uses as common nouns ("a used EV", "two EVs", "40 DKK", "a disease called
    Velby fever"), as keys; a plural's singular and a singular's plural both count."""
    keys: set[str] = set()
    for pattern in cfg.term_uses:
        for m in pattern.finditer(text, timeout=5.0):
            key = _key(m.group("name"))
            keys.update((key, key + "s"))
    return keys


def _org_use_elsewhere(text: str, word: str, cfg: _Config, seen: _Uses) -> bool:
    """Whether ``word`` is used as an organisation ("X's shares", "X have won", "shares of X")
    anywhere in the text, also where spaCy did not mark it."""
    return seen.used(text, word, cfg.cues["org_after"], cfg.cues["org_before"])


def _team_use(text: str, word: str, cfg: _Config, seen: _Uses) -> bool:
    """Whether the place ``word`` names a sports team somewhere in the text ("Velden 2-1
    Ostbury", "a goal for Velden", "Velden's goalkeeper"): then it does in all its mentions."""
    return seen.used(text, word, cfg.cues["team_after"], cfg.cues["team_before"])


_CAPITALISED = regex.compile(r"(?<![\p{L}\p{M}\p{N}])\p{Lu}[\p{L}\p{M}\p{N}]*")


class _Uses:
    """Where each capitalised word of the text starts (listed once, on first use), and which
    names have been found used with which cues (remembered)."""

    __slots__ = ("answers", "starts")

    def __init__(self) -> None:
        self.starts: dict[str, list[int]] | None = None
        self.answers: dict[tuple[str, int], bool] = {}

    def used(self, text: str, word: str, after: regex.Pattern[str] | None, before: regex.Pattern[str] | None) -> bool:
        """Whether some occurrence of ``word`` is followed by ``after`` or preceded by ``before``."""
        key = (word, id(after))
        if key not in self.answers:
            self.answers[key] = (after is not None or before is not None) and any(
                _used_as(text, _Cand(s, s + len(word), PER, "scan"), after, before)
                for s in self.occurrences(text, word)
            )
        return self.answers[key]

    def occurrences(self, text: str, word: str) -> list[int]:
        if self.starts is None:
            self.starts = {}
            for m in _CAPITALISED.finditer(text):
                self.starts.setdefault(m.group(), []).append(m.start())
        first = _CAPITALISED.match(word)
        if first is None:
            return []
        return [
            s
            for s in self.starts.get(first.group(), ())
            if text.startswith(word, s) and not _is_letter(text, s + len(word))
        ]


def _is_letter(text: str, i: int) -> bool:
    return i < len(text) and (text[i].isalpha() or unicodedata.category(text[i]).startswith("M"))


def _noun_after(text: str, end: int, cfg: _Config) -> bool:
    """Whether a lower-case word other than a connector follows: "the Quade family"."""
    nxt = match_at(_NEXT_LOWER, text, end)
    return nxt is not None and nxt.group(1) not in cfg.word_lists["connectors"]


def _store_name(text: str, word: str, uses: _Uses, seen: dict[str, bool]) -> bool:
    """A one-word name the document only writes as a possessive, once as a place to shop at
    (remembered in ``seen``: each name's uses are looked up once, not once per mention)."""
    if word not in seen:
        starts = uses.occurrences(text, word)
        ends = [s + len(word) for s in starts]
        seen[word] = (
            bool(starts)
            and all(match_at(_POSSESSIVE, text, e) for e in ends)
            and any(
                _STORE_BEFORE.search(text, max(0, s - 12), s) or match_at(_STORE_AFTER, text, e)
                for s, e in zip(starts, ends, strict=True)
            )
        )
    return seen[word]


def _rosters(text: str, cands: list[_Cand], cfg: _Config) -> None:
    """A list of names ("A B, C D, E F and G H") most of which are people is a roster of people:
    its guessed organisations of two or three plain words are people too; a list two thirds
    of which are organisations is a list of clubs or firms: its guessed people of one or two
    words are organisations."""
    for run in _lists(text, [c for c in cands if c.label in (PER, ORG)]):
        people = sum(1 for r in run if r.label == PER)
        if len(run) >= 3 and people * 3 <= len(run):
            # Mostly organisations ("Velby, Harlow Albion and Ostbury Rovers"): clubs or firms.
            for r in run:
                if r.label == PER and not r.forced and len(_WORD.findall(text, r.start, r.end)) <= 2:
                    r.label = ORG
        elif len(run) >= 3 and people * 2 > len(run):
            for r in run:
                words_ = _WORD.findall(text, r.start, r.end)
                if (
                    r.label == ORG
                    and not r.forced
                    and 2 <= len(words_) <= 3
                    and all(w[0].isupper() and w.lower() not in cfg.word_lists["org_heads"] for w in words_)
                ):
                    r.label = PER


def _lists(text: str, order: Sequence[_Cand]) -> Iterator[list[_Cand]]:
    """The runs of names of ``order`` written as a list ("A, B and C"), one name or more each."""
    run: list[_Cand] = []
    for c in order:
        if run and _LIST_GAP.fullmatch(text, run[-1].end, c.start):
            run.append(c)
        else:
            if run:
                yield run
            run = [c]
    if run:
        yield run


def _place_lists(text: str, cands: Sequence[_Cand]) -> None:
    """A list of three names or more ("Velden, Harlow and Ostbury") all of which but one spaCy
    calls places is a list of places: a one-word person guessed in it is a place too."""
    order = [c for c in cands if c.label in (PER, ORG) or (c.label == _OTHER and c.kind in _PLACE_LABELS)]
    for run in _lists(text, order):
        places = sum(1 for r in run if r.label == _OTHER)
        # a true list ends with "and": in "Velden, Harlow, Quade went" the last comma opens the clause
        closed = len(run) >= 3 and _AND_GAP.search(text, run[-2].end, run[-1].start) is not None
        if closed and places >= len(run) - 1:
            for r in run:
                if r.label == PER and not r.forced and " " not in text[r.start : r.end]:
                    r.label, r.forced = _OTHER, True


def _common_word_at_line_start(text: str, c: _Cand, lower_words: frozenset[str]) -> bool:
    """A one-word mention opening a line whose lower-case form the document also uses."""
    line_start = text.rfind("\n", 0, c.start) + 1
    return not text[line_start : c.start].strip(" \t-*•·#>") and text[c.start : c.end].lower() in lower_words


def _used_as(text: str, c: _Cand, after: regex.Pattern[str] | None, before: regex.Pattern[str] | None) -> bool:
    if after is not None and after.match(text, c.end, min(len(text), c.end + 80)):
        return True
    if before is None:
        return False
    return any(m.end() == c.start for m in before.finditer(text, max(0, c.start - 40), c.start + 1))


def _all_other(key: str, other_keys: set[str]) -> bool:
    """ "velden greens": every word of a "person" a place or a group the document names alone."""
    parts = key.split()
    return len(parts) > 1 and all(p in other_keys for p in parts)


def _joins_places(key: str, other_keys: set[str]) -> bool:
    """ "sichuan and chongqing", "chengdu-chongqing": every part a place the document names."""
    parts = [p.strip() for p in _PLACE_JOIN.split(key)]
    return len(parts) > 1 and all(p in other_keys for p in parts)
