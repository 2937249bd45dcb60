"""People and organisations: spaCy PERSON/ORG plus rules, merged into one entity each. Pure.

Steps, all driven by ``patterns/entities.toml`` and ``patterns/entities.jsonl``:

1. Candidates: spaCy's PERSON and ORG spans, token patterns (``entities.jsonl``, run with a
   spaCy ``Matcher`` built once per vocabulary and rules) and context regexes (bylines, photo
   credits, citations) of ``entities.toml``.
2. Boundaries: a leading article, a leading title ("President", "Dr.", kept as a role), a
   trailing possessive, "et al." and stray punctuation fall outside the name; a span cut by a
   line break, a slash or a comma keeps its name part; given names, particles and hyphenated
   parts spaCy left out join a person's name ("Élodie Varenne", "Ursula von der Leyen").
   Title Case headline guesses count only when the body has the same name.
3. Evidence: an organisation word (Ltd, Ministry, University, Committee, ...) makes an
   organisation, a title before a name or ", who" after it makes a person, a place or storm
   word ("Fort", "Cyclone") unmakes one, and so does the head word of an event, a prize, a law,
   an index, a road or a building ("Festival", "Prize", "Act", "Index", "Bridge"); otherwise the document's majority label for the same
   name (other spaCy labels voting too) wins, and a single word that is part of a person's
   name is that person. Acronyms the text defines as common nouns ("sea surface salinity
   (SSS)") are no organisations.
4. Merging within the document: surnames and name-order variants join the full name, an
   acronym in brackets after an organisation joins it as an alias; names already known are
   also found where spaCy missed them.
5. Cleanup: fragments (a name missing its first letters), single lower-case words and
   page furniture are dropped.
6. Roles: titles before a name and appositions after it ("Huang Chaoyong, Deputy
   Secretary-General of ..., said").
"""

from __future__ import annotations

import bisect
import functools
import itertools
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, get_args

import regex

from ..errors import PatternError
from ..rules.cache import compile_regex
from ..rules.load import Rule, RulerPattern, Rules, per_rules, words
from ..rules.reach import match_at
from ..types import Entity, Mention

if TYPE_CHECKING:
    from spacy.matcher import Matcher
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

PER = "PER"
ORG = "ORG"
_OTHER = "OTHER"  # a place, a work, an event...: counts in votes, never output
_SPACY_LABELS = {"PERSON": PER, "PER": PER, "ORG": ORG}
# spaCy labels of names that are neither people nor organisations: a known name found again
# inside one of these is not a mention ("Quimby" in "the Emperor Quimby Bridge").
_OTHER_LABELS = frozenset({"GPE", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE", "NORP"})
_PLACE_LABELS = frozenset({"GPE", "LOC"})  # a place's name may name its sports team

_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:['’.\-][\p{L}\p{M}\p{N}]+)*\.?|&")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "–": "-", "—": "-"})
_SPACES = regex.compile(r"\s+")
# Words for finding known names again: "Quimby's" gives "Quimby", "O'Brien" stays whole.
_SCAN_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:(?:['’](?![sS](?![\p{L}\p{M}\p{N}]))|[.\-])[\p{L}\p{M}\p{N}]+)*")
_SENTENCE_GAP = regex.compile(r"[^\p{L}\p{M}\p{N}]*[.!?:;,\n\"“(][^\p{L}\p{M}\p{N}]*")
_PREV_WORD = regex.compile(r"(?<![\p{L}\p{M}])(?P<word>\p{Lu}\.|\p{Lu}[\p{L}\p{M}'’\-]*)[ \t]\Z")
_PREV_ANY_WORD = regex.compile(r"(?<![\p{L}\p{M}])(?P<word>[\p{L}\p{M}]+)[ \t]\Z")
_LOWER_WORD = regex.compile(r"(?<![\p{L}\p{M}])\p{Ll}[\p{Ll}\p{M}]*(?![\p{L}\p{M}])")
_HYPHEN_TAIL = regex.compile(r"(?:-\p{Lu}[\p{L}\p{M}'’]*)+")
_PARTS = regex.compile(r" (?:and|&) ")
_LAST_WORD = regex.compile(r"[ \t]+(\S+)\Z")
_NONSPACE = regex.compile(r"\S+")
_ARTICLE_BEFORE = regex.compile(r"(?<![\p{L}\p{M}])[Tt]he[ \t]\Z")
# One word with a capital after a lower-case letter, not a surname prefix ("McAdam", "DeLuca").
_CAMEL = regex.compile(r"(?!(?:Mc|Mac|De|Di|Da|La|Le|Van|Von|Du|Fitz)\p{Lu})\p{L}+\p{Ll}\p{Lu}\p{L}*")
_GLUED = regex.compile(r"(?<!\A(?:Mc|Mac|De|Di|Da|La|Le|Van|Von|Du|Fitz|O))(?<=\p{Ll})(?=\p{Lu})")
_AT_SIGN_BEFORE = regex.compile(r"(?<!\S)@[ \t]+\Z")  # "Ashby, KY @ Harlow Hall": the venue of a listing
_POSSESSIVE = regex.compile(r"['’]s(?![\p{L}\p{M}])")
_STORE_BEFORE = regex.compile(r"(?i:\b(?:at|from|to|into|inside|outside)[ \t]+)\Z")
_STORE_AFTER = regex.compile(
    r"['’]s[ \t]+(?:stores?|shops?|locations?|outlets?|branch|branches|restaurants?|aisles?)\b"
)
_AND_GAP = regex.compile(r"(?<![\p{L}\p{M}])(?:and|&)(?![\p{L}\p{M}])")
_LIST_GAP = regex.compile(r"[ \t]*(?:,|;|,?[ \t]+(?:and|&))[ \t]*|[ \t]*\n[ \t]*")
_PLACE_JOIN = regex.compile(r"-| and | & ")
_NEXT_LOWER = regex.compile(r"[ \t]+(\p{Ll}+)")
_AND_TITLE = regex.compile(r"[ \t]+and[ \t]+(?=\p{Lu})")


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    label: str
    source: str  # "spacy" or a rule id
    forced: bool = False  # the label comes from evidence stronger than spaCy's guess
    roles: list[str] = field(default_factory=list)
    cluster: int = -1
    kind: str = ""  # spaCy's label of a name that is neither a person nor an organisation ("GPE")


class _Scan:
    """The words of the text for finding known names again, listed once on first use."""

    __slots__ = ("toks",)

    def __init__(self) -> None:
        self.toks: list[tuple[int, int, str]] | None = None

    def get(self, text: str) -> list[tuple[int, int, str]]:
        if self.toks is None:
            self.toks = [(m.start(), m.end(), m.group()) for m in _SCAN_WORD.finditer(text)]
        return self.toks


@dataclass(slots=True)
class _Cluster:
    label: str
    mentions: list[_Cand]
    aliases: list[str] = field(default_factory=list)  # acronyms found in brackets


# The word lists, cue regexes and limits of patterns/entities.toml, each under the name of its section.
WordList = Literal[
    "titles",
    "determiners",
    "org_heads",
    "person_cues",
    "place_words",
    "venue_heads",
    "thing_heads",
    "separators",
    "name_suffixes",
    "abbreviations",
    "org_suffixes",
    "connectors",
    "leading_noise",
    "org_cuts",
    "credentials",
    "role_qualifiers",
    "org_roles",
]
Cue = Literal[
    "person_after",
    "person_owned",
    "person_before",
    "thing_after",
    "place_after",
    "place_before",
    "org_after",
    "org_before",
    "team_after",
    "team_before",
    "trailing",
]
Limit = Literal[
    "max_name_words", "max_role_chars", "max_span_chars", "max_given_names", "headline_min_words", "min_acronym_letters"
]
_LIMIT_DEFAULTS: dict[Limit, int] = {
    "max_name_words": 12,
    "max_role_chars": 240,
    "max_span_chars": 1000,
    "max_given_names": 2,
    "headline_min_words": 4,
    "min_acronym_letters": 2,
}


@dataclass(frozen=True)
class _Config:
    word_lists: Mapping[WordList, frozenset[str]]
    cues: Mapping[Cue, regex.Pattern[str] | None]  # each section's phrases as one regex; None: no phrase
    limits: Mapping[Limit, int]
    max_title_words: int
    term_uses: tuple[regex.Pattern[str], ...]
    work_quote: regex.Pattern[str] | None
    work_before: regex.Pattern[str] | None
    work_after: regex.Pattern[str] | None
    title_small_words: frozenset[str]
    boilerplate: frozenset[str]
    contexts: tuple[tuple[str, str, regex.Pattern[str]], ...]
    phrases: regex.Pattern[str] | None  # the phrase patterns of entities.jsonl, as one regex
    phrase_labels: dict[str, tuple[str, str]]  # phrase -> (rule id, label)
    acronym: regex.Pattern[str] | None
    particle_tail: regex.Pattern[str] | None
    max_org_role_words: int
    role_lead: regex.Pattern[str] | None
    role_stop: regex.Pattern[str] | None

    def listed(self, word: str, *lists: WordList) -> bool:
        """``word`` is in one of these word lists."""
        return any(word in self.word_lists[name] for name in lists)


def compile_rules(rules: Rules) -> None:
    """Build the stage's word lists and regexes now (a batch does it once before forking)."""
    _config(rules)


@per_rules
def _config(rules: Rules) -> _Config:
    """The word lists and regexes of the entity rules, derived once per Rules object."""
    given = rules.settings.get("entities.limits", {})
    limits = {name: int(given.get(name, default)) for name, default in _LIMIT_DEFAULTS.items()}
    word_lists = {name: words(rules.section(f"entities.{name}")) for name in get_args(WordList)}
    acr = rules.section("entities.acronym")
    role = rules.section("entities.role")
    work = rules.section("entities.work_title")
    phrase_labels = _check_ruler_patterns(rules.ruler_patterns("entities"), limits["max_span_chars"])
    return _Config(
        word_lists=word_lists,
        cues={name: _alternation(rules.section(f"entities.{name}")) for name in get_args(Cue)},
        limits=limits,
        max_title_words=max((len(t.split()) for t in word_lists["titles"]), default=1),
        term_uses=tuple(r.regex for r in rules.section("entities.term_use")),
        work_quote=work[0].regex if work else None,
        work_before=work[0].compiled.get("before") if work else None,
        work_after=work[0].compiled.get("after") if work else None,
        title_small_words=words(work, "small"),
        boilerplate=frozenset(_key(n) for n in words(rules.section("entities.boilerplate"), "names")),
        contexts=tuple((r.id, str(r["label"]), r.regex) for r in rules.section("entities.context")),
        phrases=_phrase_regex(phrase_labels),
        phrase_labels=phrase_labels,
        acronym=acr[0].regex if acr else None,
        particle_tail=_particle_tail(words(rules.section("entities.particles"))),
        max_org_role_words=max((len(t.split()) for t in word_lists["org_roles"]), default=1),
        role_lead=role[0].regex if role else None,
        role_stop=role[0].compiled.get("stop") if role else None,
    )


# Repeat operators of spaCy's Matcher that have no upper bound: over a long run of matching
# tokens they make a number of matches that grows with the square of the run.
_UNBOUNDED_OPS = frozenset({"*", "+"})


def _check_ruler_patterns(patterns: Sequence[RulerPattern], max_chars: int) -> dict[str, tuple[str, str]]:
    """Refuse ``entities.jsonl`` lines the stage cannot run (a label other than a person or an
    organisation, an empty or overlong phrase, a repeat without bound); return the phrase
    patterns as phrase -> (rule id, label)."""
    phrases: dict[str, tuple[str, str]] = {}
    for p in patterns:
        label = _SPACY_LABELS.get(p.label)
        if label is None:
            raise PatternError(f"{p.source}: rule {p.id}: label {p.label!r} is not PERSON, PER or ORG")
        if isinstance(p.pattern, str):
            if not p.pattern.strip() or len(p.pattern) > max_chars or p.pattern != p.pattern.strip():
                raise PatternError(f"{p.source}: rule {p.id}: a phrase pattern is a name without surrounding spaces")
            phrases[p.pattern] = (p.id, label)
            continue
        for token in p.pattern:
            if token.get("OP") in _UNBOUNDED_OPS:
                raise PatternError(
                    f"{p.source}: rule {p.id}: 'OP': {token['OP']!r} repeats without bound; "
                    "write a bounded repeat such as '{0,4}' or '{1,4}'"
                )
    return phrases


def _phrase_regex(phrases: Mapping[str, tuple[str, str]]) -> regex.Pattern[str] | None:
    """Every phrase as written, as a whole word sequence (longest first), like spaCy's
    PhraseMatcher on ORTH, but on the text so that the tokenizer does not matter."""
    if not phrases:
        return None
    alternation = "|".join(regex.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return compile_regex(rf"(?<![\p{{L}}\p{{M}}\p{{N}}])(?:{alternation})(?![\p{{L}}\p{{M}}\p{{N}}])")


def _particle_tail(particles: frozenset[str]) -> regex.Pattern[str] | None:
    """Name particles and the name word after them: " von der Leyen", " da Silva"."""
    if not particles:
        return None
    alternation = "|".join(regex.escape(p) for p in sorted(particles, key=len, reverse=True))
    return compile_regex(rf"(?:[ \t]+(?:{alternation})){{1,3}}[ \t]+\p{{Lu}}[\p{{L}}\p{{M}}'’\-]*", regex.IGNORECASE)


def _alternation(section: Sequence[Rule]) -> regex.Pattern[str] | None:
    """One regex matching any of the rules' patterns (each must be anchored as it needs)."""
    if not section:
        return None
    return compile_regex("|".join(f"(?:{r['pattern']})" for r in section))


@functools.lru_cache(maxsize=8)
def _matcher(rules: Rules, vocab: Vocab) -> tuple[Matcher | None, dict[int, tuple[str, str]]]:
    """A spaCy Matcher of the token patterns of ``entities.jsonl``, built once per vocabulary."""
    return _build_matcher(rules, vocab)


def prepare_vocab(rules: Rules, vocab: Vocab) -> None:
    """Build the Matcher of ``vocab`` now: it must exist outside spaCy's per-page memory zones,
    whose strings are freed when they close."""
    _matcher(rules, vocab)


def _build_matcher(rules: Rules, vocab: Vocab) -> tuple[Matcher | None, dict[int, tuple[str, str]]]:
    _config(rules)  # the patterns are checked there
    patterns = [p for p in rules.ruler_patterns("entities") if not isinstance(p.pattern, str)]
    if not patterns:
        return None, {}
    from spacy.matcher import Matcher

    matcher = Matcher(vocab)
    labels: dict[int, tuple[str, str]] = {}
    for p in patterns:
        matcher.add(p.id, [p.as_ruler_dict()["pattern"]], greedy="LONGEST")
        labels[vocab.strings[p.id]] = (p.id, _SPACY_LABELS[p.label])
    return matcher, labels


def extract_entities(
    text: str, docs: Iterable[tuple[int, Doc]], rules: Rules, *, body_end: int | None = None
) -> tuple[list[Entity], list[Entity]]:
    """People and organisations of ``text``; ``docs`` are spaCy Docs of consecutive chunks of
    ``text``, each with the offset where it starts, read once (a generator keeps only one in
    memory). Mention offsets are offsets into ``text``. ``body_end``: the text after it is
    context (lines the cleaner removed): its names are found and typed with the rest, and
    name the body's mentions, but its own mentions are not reported.
    """
    cfg = _config(rules)
    raw, blocked = _collect(text, docs, rules, cfg)
    raw = _split_titled(text, _split_possessives(text, raw), cfg)
    cands = [c for c in (_normalise(text, c, cfg) for c in raw) if c is not None]
    _cut_leading_places(text, cands, cfg)
    terms = _term_acronyms(text, cfg)
    if terms:
        cands = [c for c in cands if text[c.start : c.end] not in terms]
    cands = _resolve_overlaps(cands)
    cands = _drop_headline_guesses(text, cands, cfg)
    _extend_given_names(text, cands, cfg)
    cands = _title_owners(text, cands, cfg)
    _apply_evidence(text, cands, cfg)
    _work_titles(text, cands, cfg)
    _document_evidence(text, cands, cfg)
    _person_uses(text, cands, cfg)
    _rosters(text, cands, cfg)
    _place_lists(text, cands)
    end = len(text) if body_end is None else body_end
    clusters = _cluster(text, cands, cfg, end, blocked)
    scan = _Scan()
    _find_acronyms(text, clusters, cands, cfg, scan)
    _join_acronyms(text, clusters, cfg)
    _join_heads(text, clusters, cfg)
    _propagate(text, clusters, cands, blocked, cfg, scan)
    _org_lists(text, clusters, cands, blocked)
    person_starts = sorted(c.start for c in cands if clusters[c.cluster].label == PER)
    for cand in cands:
        if clusters[cand.cluster].label == PER:
            if not cand.roles:
                cand.roles.extend(_roles_before(text, cand.start, cfg))
            cand.roles.extend(_roles_after(text, cand.end, cfg, person_starts))
    return _entities(text, clusters, PER, cfg, end), _entities(text, clusters, ORG, cfg, end)


# -- 1. candidates ---------------------------------------------------------------------


def _collect(
    text: str, docs: Iterable[tuple[int, Doc]], rules: Rules, cfg: _Config
) -> tuple[list[_Cand], list[tuple[int, int]]]:
    cands: list[_Cand] = []
    blocked: list[tuple[int, int]] = []
    for offset, doc in docs:
        for ent in doc.ents:
            label = _SPACY_LABELS.get(ent.label_)
            start, end = offset + ent.start_char, offset + ent.end_char
            if end - start > cfg.limits["max_span_chars"]:
                continue
            if label is not None:
                cands.append(_Cand(start, end, label, "spacy"))
            elif ent.label_ in _OTHER_LABELS:
                blocked.append((start, end))
                cands.append(_Cand(start, end, _OTHER, "spacy", kind=ent.label_))
        matcher, labels = _matcher(rules, doc.vocab)
        if matcher is not None:
            for match_id, s, e in matcher(doc):
                rule_id, label = labels[match_id]
                span = doc[s:e]
                cands.append(_Cand(offset + span.start_char, offset + span.end_char, label, rule_id, forced=True))
    for rule_id, label, pattern in cfg.contexts:
        for m in pattern.finditer(text, timeout=5.0):
            for s, e in m.spans("name"):
                cands.append(_Cand(s, e, label, rule_id, forced=True))
    if cfg.phrases is not None:
        for m in cfg.phrases.finditer(text, timeout=5.0):
            rule_id, label = cfg.phrase_labels[m.group()]
            cands.append(_Cand(m.start(), m.end(), label, rule_id, forced=True))
    return cands, blocked


# -- 2. boundaries ---------------------------------------------------------------------


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


# -- 3. evidence -----------------------------------------------------------------------


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
        elif c.label == PER and " " not in key and _store_name(text, text[c.start : c.end], stores):
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


def _store_name(text: str, word: str, seen: dict[str, bool]) -> bool:
    """A one-word name the document only writes as a possessive, once as a place to shop at
    (remembered in ``seen``: each name's uses are searched for once, not once per mention)."""
    if word not in seen:
        uses = list(regex.finditer(rf"(?<![\p{{L}}\p{{M}}]){regex.escape(word)}(?![\p{{L}}\p{{M}}])", text))
        seen[word] = (
            bool(uses)
            and all(match_at(_POSSESSIVE, text, m.end()) for m in uses)
            and any(
                _STORE_BEFORE.search(text, max(0, m.start() - 12), m.start()) or match_at(_STORE_AFTER, text, m.end())
                for m in uses
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


# -- 4. merging ------------------------------------------------------------------------


def _key(surface: str) -> str:
    return str(_SPACES.sub(" ", surface.translate(_APOSTROPHES))).strip().casefold()


def _tokens(surface: str) -> tuple[str, ...]:
    return tuple(w.group().casefold().translate(_APOSTROPHES) for w in _WORD.finditer(surface))


@dataclass
class _People:
    """Multi-word person names seen in the document, for joining their shorter mentions."""

    by_tokens: dict[tuple[str, ...], int] = field(default_factory=dict)  # sorted name words -> cluster
    words: dict[str, list[int]] = field(default_factory=dict)  # first and last words of full names
    surnames: set[str] = field(default_factory=set)
    tails: dict[tuple[str, ...], list[int]] = field(default_factory=dict)  # "von der leyen"


def _cluster(
    text: str, cands: list[_Cand], cfg: _Config, body_end: int, blocked: list[tuple[int, int]]
) -> list[_Cluster]:
    """One cluster per real-world name: labels voted per name, full names of people first, then
    every other mention joins the person or organisation it names, or a cluster of its own.
    Names that are neither go to ``blocked``: a known name is not found again inside them."""
    _vote_labels(text, cands, body_end)
    _surnames_as_people(text, cands)
    blocked.extend((c.start, c.end) for c in cands if c.label == _OTHER)
    cands[:] = [c for c in cands if c.label != _OTHER]
    clusters: list[_Cluster] = []
    people = _seed_people(text, cands, clusters, cfg)
    org_first = _org_first_words(text, cands, cfg)
    by_key: dict[tuple[str, str], int] = {}
    for c in cands:
        if c.cluster >= 0:
            clusters[c.cluster].mentions.append(c)
            continue
        toks = _tokens(text[c.start : c.end])
        owner = _person_owner(c, toks, people, clusters)
        if owner is not None:
            c.label, c.cluster = PER, owner
            clusters[owner].mentions.append(c)
            continue
        if c.label == ORG:
            toks = _org_tokens(toks, cfg)
        key = (c.label, " ".join(toks))
        surface = text[c.start : c.end]
        # "Greenleaf" is "Greenleaf Farms", but an acronym alone ("VTA") is its own organisation,
        # not the longer "VTA Design Team" named after it.
        if (
            len(toks) == 1
            and (not c.forced or (c.label == ORG and not _is_org_head(toks[0], cfg)))
            and not surface.isupper()
            and len(org_first.get(toks[0], ())) == 1
        ):
            key = next(iter(org_first[toks[0]]))
            c.label = ORG
        if key not in by_key:
            by_key[key] = len(clusters)
            clusters.append(_Cluster(c.label, []))
        c.cluster = by_key[key]
        clusters[c.cluster].mentions.append(c)
    return clusters


def _vote_labels(text: str, cands: Sequence[_Cand], body_end: int) -> None:
    """Majority label per name; a label given by evidence outweighs any number of guesses (a name
    once typed confidently has that type in all its mentions); forced labels stay. Mentions in
    the context after ``body_end`` vote only for names the body does not type."""
    votes: dict[str, Counter[str]] = {}
    context: dict[str, Counter[str]] = {}
    for c in cands:
        ballot = votes if c.end <= body_end else context
        ballot.setdefault(_key(text[c.start : c.end]), Counter())[c.label] += 3 if c.forced else 1
    # a name only the context types by a guess, whose last word the body uses alone for a
    # person ("Ms Quade" in the body, "Marek Quade" guessed an organisation in a caption)
    surnames = {
        t for c in cands if c.end <= body_end and c.label == PER and len(t := _tokens(text[c.start : c.end])) == 1
    }
    for key, counts in context.items():
        if key not in votes:
            toks = _tokens(key)
            if len(toks) > 1 and toks[-1:] in surnames and counts.most_common(1)[0][0] == ORG:
                counts = Counter({PER: 1})
            votes[key] = counts
    for c in cands:
        if not c.forced:
            c.label = votes[_key(text[c.start : c.end])].most_common(1)[0][0]


def _surnames_as_people(text: str, cands: Sequence[_Cand]) -> None:
    """A one-word name that spaCy took for a place, a product or a group ("Quade said") is a
    person when it is the surname of a person the document names in full ("Marek Quade")."""
    surnames = {toks[-1:] for c in cands if c.label == PER and len(toks := _tokens(text[c.start : c.end])) > 1}
    for c in cands:
        if c.label == _OTHER and not c.forced and _tokens(text[c.start : c.end]) in surnames:
            c.label = PER


def _seed_people(text: str, cands: Sequence[_Cand], clusters: list[_Cluster], cfg: _Config) -> _People:
    """A cluster per multi-word person name (word order, initials and "Jr." aside: "Marek T.
    Quade" and "Marek Quade Jr." are one), so that surnames can join them."""
    people = _People()

    def core(c: _Cand) -> tuple[str, ...]:
        toks = _tokens(text[c.start : c.end])
        kept = tuple(t for t in toks if len(t.rstrip(".")) > 1 and t not in cfg.word_lists["name_suffixes"])
        return kept if len(kept) > 1 else toks

    names = {core(c) for c in cands if c.label == PER}
    tails: dict[tuple[str, ...], list[tuple[str, ...]]] = {}  # "eriksson ek" -> ["joel eriksson ek"]
    for toks in names:
        for cut in range(1, len(toks) - 1):
            tails.setdefault(toks[cut:], []).append(toks)
    later: list[_Cand] = []
    for c in cands:
        toks = core(c)
        if c.label != PER or len(toks) < 2:
            continue
        if toks in tails:
            later.append(c)  # the end of a longer name: it joins that person below
            continue
        sorted_toks = tuple(sorted(toks))
        if sorted_toks not in people.by_tokens:
            idx = people.by_tokens[sorted_toks] = len(clusters)
            clusters.append(_Cluster(PER, []))
            for pos in (0, len(toks) - 1):
                people.words.setdefault(toks[pos], []).append(idx)
            people.surnames.add(toks[-1])
            for cut in range(1, len(toks) - 1):  # "von der Leyen" of "Ursula von der Leyen"
                people.tails.setdefault(toks[cut:], []).append(idx)
        c.cluster = people.by_tokens[sorted_toks]
    for c in later:
        c.cluster = _nearest(people.tails[core(c)], clusters, c.start)
    return people


def _org_first_words(text: str, cands: Sequence[_Cand], cfg: _Config) -> dict[str, set[tuple[str, str]]]:
    """First words of multi-word organisation names: "Greenleaf" for "Greenleaf Farms"; a
    company's last name word before its legal form comes first: "Quade" for "Marek Quade Co."
    (rather than for "Quade Radio")."""
    org_first: dict[str, set[tuple[str, str]]] = {}
    by_suffix: dict[str, set[tuple[str, str]]] = {}
    for c in cands:
        full = _tokens(text[c.start : c.end]) if c.label == ORG else ()
        toks = _org_tokens(full, cfg)
        if len(toks) > 1 and toks[0] not in cfg.word_lists["connectors"]:
            org_first.setdefault(toks[0], set()).add((ORG, " ".join(toks)))
        if len(toks) > 1 and full[len(toks) :] and any(_is_org_suffix(t, cfg) for t in full[len(toks) :]):
            by_suffix.setdefault(toks[-1], set()).add((ORG, " ".join(toks)))
    return org_first | by_suffix


def _person_owner(c: _Cand, toks: tuple[str, ...], people: _People, clusters: Sequence[_Cluster]) -> int | None:
    """The person cluster a shorter mention names: a surname tail ("von der Leyen"), or a
    surname or given name of a person seen in full (the nearest such person)."""
    if c.forced and c.label == ORG:
        return None
    if len(toks) > 1 and toks in people.tails:
        return _nearest(people.tails[toks], clusters, c.start)
    if len(toks) == 1 and toks[0] in people.words and (c.label == PER or toks[0] in people.surnames):
        return _nearest(people.words[toks[0]], clusters, c.start)
    return None


def _is_org_suffix(token: str, cfg: _Config) -> bool:
    return token in cfg.word_lists["org_suffixes"] or token.rstrip(".") in cfg.word_lists["org_suffixes"]


def _org_tokens(toks: tuple[str, ...], cfg: _Config) -> tuple[str, ...]:
    """An organisation's name words without a legal-form suffix: "Harbor Foods Inc." = "Harbor Foods"."""
    while len(toks) > 1 and _is_org_suffix(toks[-1], cfg):
        toks = toks[:-1]
    if len(toks) > 1 and len(toks[-1]) > 3 and toks[-1].endswith("s") and not toks[-1].endswith("ss"):
        toks = (*toks[:-1], toks[-1][:-1])  # "Delta Air Lines" and "Delta Air Line" are one
    return toks


def _nearest(owners: Sequence[int], clusters: Sequence[_Cluster], at: int) -> int:
    """The owner cluster mentioned last before ``at`` (else the first one mentioned)."""
    if len(set(owners)) == 1:
        return owners[0]
    best, best_pos = owners[0], -1
    for i in owners:
        before = [m.start for m in clusters[i].mentions if m.start < at]
        if before and max(before) > best_pos:
            best, best_pos = i, max(before)
    return best


def _find_acronyms(text: str, clusters: list[_Cluster], cands: list[_Cand], cfg: _Config, scan: _Scan) -> None:
    """'Communist Party of China (CPC)': the acronym becomes an alias; mentions of it join."""
    if cfg.acronym is None:
        return
    acronyms: dict[str, int] = {}
    for idx, cl in enumerate(clusters):
        if cl.label != ORG:
            continue
        for m in cl.mentions:
            found = cfg.acronym.match(text, m.end, min(len(text), m.end + 20))
            if not found:
                continue
            acr = found.group("acronym")
            if _is_acronym_of(acr, text[m.start : m.end], cfg) and acr not in cl.aliases:
                cl.aliases.append(acr)
                acronyms[acr] = idx
    if not acronyms:
        return
    for c in cands:
        surface = text[c.start : c.end]
        target = acronyms.get(surface)
        if target is None or c.cluster == target:
            continue
        old = clusters[c.cluster]
        old.mentions.remove(c)
        c.cluster, c.label = target, ORG
        clusters[target].mentions.append(c)
    # Bracketed acronyms spaCy did not mark.
    _add_occurrences(text, clusters, cands, [], dict(acronyms), cfg, scan, single_ok=True)


def _join_acronyms(text: str, clusters: list[_Cluster], cfg: _Config) -> None:
    """An acronym anywhere in the document ("the NFU") joins the one organisation whose name
    words' initials spell it ("Northwind Freight Union"), with or without "Long Form (LF)"."""
    by_initials: dict[str, list[int]] = {}
    for idx, cl in enumerate(clusters):
        if cl.label != ORG or not cl.mentions:
            continue
        for surface in {text[m.start : m.end] for m in cl.mentions}:
            toks = [w for w in _WORD.findall(surface) if w.lower() not in cfg.word_lists["determiners"]]
            for initials in _initials(toks, cfg):
                if idx not in by_initials.setdefault(initials, []):
                    by_initials[initials].append(idx)
    for idx, cl in enumerate(clusters):
        if cl.label != ORG or not cl.mentions:
            continue
        surfaces = {text[m.start : m.end].replace(".", "") for m in cl.mentions}
        acronym = next(iter(surfaces)) if len(surfaces) == 1 else ""
        owners = by_initials.get(acronym, []) if acronym.isupper() and " " not in acronym else []
        if len(owners) == 1 and owners[0] != idx:
            _merge(clusters, idx, owners[0], acronym)


def _initials(toks: Sequence[str], cfg: _Config) -> set[str]:
    """The acronyms a name's words may give: the initials of its capitalised words ("NFU" of
    "Northwind Freight Union"), with its connectors ("BOL" of "Bank of Lenning"), and, in three
    letters or more, without a leading qualifier ("VFA" of "Harlow Velden Food Agency") or a
    tail after a last "and" ("VHR" of "Velden Health Research and Training")."""
    content = [t for t in toks if t.lower() not in cfg.word_lists["connectors"]]
    if len(content) < cfg.limits["min_acronym_letters"] or not all(t[0].isupper() for t in content):
        return set()
    out = {"".join(t[0] for t in content), "".join(t[0] for t in toks).upper()}
    lowered = [t.lower() for t in toks]
    cut = len(lowered) - lowered[::-1].index("and") - 1 if "and" in lowered else len(toks)
    heads = [t for t in toks[:cut] if t.lower() not in cfg.word_lists["connectors"]]
    for words_ in (content[1:], heads, heads[1:]):
        if len(words_) >= 3:
            out.add("".join(t[0] for t in words_))
    return out


def _merge(clusters: list[_Cluster], source: int, target: int, alias: str = "") -> None:
    """The mentions and aliases of cluster ``source`` go to cluster ``target``."""
    cl, into = clusters[source], clusters[target]
    for m in cl.mentions:
        m.cluster = target
    into.mentions.extend(cl.mentions)
    into.aliases.extend(a for a in [alias, *cl.aliases] if a and a not in into.aliases)
    cl.mentions = []


def _join_heads(text: str, clusters: list[_Cluster], cfg: _Config) -> None:
    """ "the Agency", "the Ministry" alone name the one organisation of the document whose
    name ends with that word ("the Velden Water Agency")."""
    by_head: dict[str, set[int]] = {}
    for idx, cl in enumerate(clusters):
        if cl.label == ORG:
            for m in cl.mentions:
                toks = _tokens(text[m.start : m.end])
                if len(toks) > 1 and _is_org_head(toks[-1], cfg):
                    by_head.setdefault(toks[-1], set()).add(idx)
    for idx, cl in enumerate(clusters):
        if cl.label != ORG or not cl.mentions:
            continue
        heads = {_tokens(text[m.start : m.end]) for m in cl.mentions}
        if len(heads) != 1:
            continue
        (toks,) = heads
        owners = by_head.get(toks[0], set()) if len(toks) == 1 else set()
        if len(owners) == 1 and idx not in owners:
            _merge(clusters, idx, owners.pop())


def _term_acronyms(text: str, cfg: _Config) -> frozenset[str]:
    """Acronyms the text defines as common nouns: "sea surface salinity (SSS)" is no organisation."""
    if cfg.acronym is None or "(" not in text:
        return frozenset()
    terms: set[str] = set()
    for m in cfg.acronym.finditer(text):
        acr = m.group("acronym")
        letters = [ch.lower() for ch in acr if ch.isalpha() and ch.isupper()]
        if len(letters) < cfg.limits["min_acronym_letters"]:
            continue
        before = [w.group() for w in _WORD.finditer(text, max(0, m.start() - 120), m.start())]
        content: list[str] = []
        for w in reversed(before):
            if cfg.listed(w.lower(), "connectors", "determiners"):
                continue
            content.append(w)
            if len(content) == len(letters):
                break
        content.reverse()
        if len(content) == len(letters) and all(w[0].islower() for w in content) and [w[0] for w in content] == letters:
            terms.add(acr)
    return frozenset(terms)


def _is_acronym_of(acr: str, name: str, cfg: _Config) -> bool:
    letters = [ch.lower() for ch in acr if ch.isalpha()]
    if len(letters) < cfg.limits["min_acronym_letters"]:
        return False
    toks = [w.group() for w in _WORD.finditer(name)]
    initials = "".join(t[0].lower() for t in toks if t.lower() not in cfg.word_lists["determiners"])
    # Each acronym letter in order among the name's letters, the first matching its first initial.
    if not initials or letters[0] != initials[0]:
        return False
    pool = "".join(t.lower() for t in toks)
    pos = 0
    for ch in letters:
        pos = pool.find(ch, pos)
        if pos < 0:
            return False
        pos += 1
    return True


def _propagate(
    text: str,
    clusters: list[_Cluster],
    cands: list[_Cand],
    blocked: list[tuple[int, int]],
    cfg: _Config,
    scan: _Scan,
) -> None:
    """Known names found again where spaCy did not mark them."""
    forms: dict[str, int] = {}
    ambiguous: set[str] = set()
    for idx, cl in enumerate(clusters):
        for m in cl.mentions:
            surface = text[m.start : m.end]
            toks = _tokens(surface)
            if len(toks) == 1 and not surface.isupper() and len(cl.mentions) < 2 and (cl.label == PER or not m.forced):
                continue  # one word seen once (or an organisation's one word) is too weak a clue
            variants = [surface]
            if len(toks) > 1:
                variants.append(surface.upper())
            if cl.label == PER and len(toks) > 1:
                words_ = [w.group() for w in _WORD.finditer(surface)]
                variants.append(words_[-1])
                if len(words_) == 2:
                    variants.append(words_[0])  # "Zhang Wei" ... "Zhang said"
            for v in variants:
                if v in forms and forms[v] != idx:
                    ambiguous.add(v)
                forms.setdefault(v, idx)
    for v in ambiguous:
        del forms[v]
    _add_occurrences(text, clusters, cands, blocked, forms, cfg, scan, single_ok=False)


def _add_occurrences(
    text: str,
    clusters: list[_Cluster],
    cands: list[_Cand],
    blocked: list[tuple[int, int]],
    forms: dict[str, int],
    cfg: _Config,
    scan: _Scan,
    *,
    single_ok: bool,
) -> None:
    """Add a mention for every occurrence of a form (a word sequence) that overlaps nothing found yet."""
    if not forms:
        return
    by_first: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for form, idx in forms.items():
        seq = tuple(_SCAN_WORD.findall(form))
        if seq:
            by_first.setdefault(seq[0], []).append((seq, idx))
    for options in by_first.values():
        options.sort(key=lambda o: -len(o[0]))
    toks = scan.get(text)
    taken = sorted([(c.start, c.end) for c in cands] + blocked)
    inner = set(blocked)  # a place or a thing inside a longer known name: "Velden" in "Velden Rovers"
    starts = [t[0] for t in taken]
    longest = max((b - a for a, b in taken), default=0) + 1
    lower_words: set[str] | None = None
    n = len(toks)
    for i, (s, _e, word) in enumerate(toks):
        found = by_first.get(word)
        if found is None:
            continue
        for seq, idx in found:
            k = len(seq)
            if i + k > n or any(
                toks[i + j][2] != seq[j] or not _only_spaces(text, toks[i + j - 1][1], toks[i + j][0])
                for j in range(1, k)
            ):
                continue
            e = toks[i + k - 1][1]
            if _overlaps(taken, starts, s, e, longest, inner if k > 1 else None):
                break
            if not single_ok and k == 1:
                # A single word the text also uses in lower case is more likely a common
                # word ("Long", "Grant"); one next to another capitalised word belongs to a
                # longer name ("the Emperor Quimby Bridge").
                if lower_words is None:
                    lower_words = {t[2] for t in toks if t[2].islower()}
                if word.lower() in lower_words:
                    break
                if i + 1 < n and toks[i + 1][2][0].isupper() and _only_spaces(text, e, toks[i + 1][0]):
                    break
                if (
                    i > 0
                    and toks[i - 1][2][0].isupper()
                    and _only_spaces(text, toks[i - 1][1], s)
                    and not (i == 1 or _SENTENCE_GAP.fullmatch(text, toks[i - 2][1], toks[i - 1][0]))
                ):
                    break
            c = _Cand(s, e, clusters[idx].label, "propagated", cluster=idx)
            cands.append(c)
            clusters[idx].mentions.append(c)
            pos = bisect.bisect_left(taken, (s, e))
            taken.insert(pos, (s, e))
            starts.insert(pos, s)
            break


def _org_lists(text: str, clusters: list[_Cluster], cands: list[_Cand], blocked: Sequence[tuple[int, int]]) -> None:
    """A list of three names or more ("Velby Labs, Kivvo and Harlow Foods"), two thirds of
    them organisations once every name is typed and found again, is a list of organisations:
    a one-word name in it that the model took for a place or a person ("Kivvo") is one too."""
    taken = sorted((c.start, c.end) for c in cands)
    starts = [t[0] for t in taken]
    longest = max((b - a for a, b in taken), default=0) + 1
    others = {(a, b) for a, b in blocked if not _overlaps(taken, starts, a, b, longest)}
    items: list[tuple[int, int, _Cand | None]] = sorted(
        [(c.start, c.end, c) for c in cands] + [(a, b, None) for a, b in others], key=lambda t: (t[0], t[1])
    )
    run: list[tuple[int, int, _Cand | None]] = []
    for item in [*items, None]:
        if item is not None and run and _LIST_GAP.fullmatch(text, run[-1][1], item[0]):
            run.append(item)
            continue
        orgs = sum(1 for _, _, c in run if c is not None and clusters[c.cluster].label == ORG)
        if len(run) >= 3 and orgs >= 2 and orgs * 3 >= len(run) * 2:
            for a, b, c in run:
                _list_member_is_org(text, clusters, cands, a, b, c)
        run = [item] if item is not None else []


def _list_member_is_org(
    text: str, clusters: list[_Cluster], cands: list[_Cand], start: int, end: int, cand: _Cand | None
) -> None:
    """A one-word member of a list of organisations that is not one yet becomes one: a place
    gets a mention (joining the organisation of that name, if any), a guessed person's
    one-word name is relabelled in all its mentions."""
    surface = text[start:end]
    if " " in surface or not surface[:1].isupper():
        return
    if cand is None:
        key = _key(surface)
        idx = next(
            (
                i
                for i, cl in enumerate(clusters)
                if cl.label == ORG and any(_key(text[m.start : m.end]) == key for m in cl.mentions)
            ),
            -1,
        )
        if idx < 0:
            idx = len(clusters)
            clusters.append(_Cluster(ORG, []))
        new = _Cand(start, end, ORG, "org_list", cluster=idx)
        cands.append(new)
        clusters[idx].mentions.append(new)
        return
    cl = clusters[cand.cluster]
    if cl.label == PER and all(not m.forced and " " not in text[m.start : m.end] for m in cl.mentions):
        cl.label = ORG
        for m in cl.mentions:
            m.label = ORG


def _only_spaces(text: str, a: int, b: int) -> bool:
    return a <= b and (a == b or text[a:b].isspace()) and "\n" not in text[a:b]


def _overlaps(
    taken: list[tuple[int, int]],
    starts: list[int],
    s: int,
    e: int,
    longest: int,
    inner: set[tuple[int, int]] | None = None,
) -> bool:
    """Whether [s, e) overlaps a span of ``taken`` (sorted; no span is longer than ``longest``),
    a shorter span of ``inner`` lying inside [s, e) aside."""
    i = bisect.bisect_left(starts, e) - 1
    while i >= 0 and taken[i][0] > s - longest:
        a, b = taken[i]
        if b > s and not (inner is not None and s <= a and b <= e and b - a < e - s and (a, b) in inner):
            return True
        i -= 1
    return False


# -- roles -----------------------------------------------------------------------------


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


# -- output ----------------------------------------------------------------------------


def _entities(text: str, clusters: Iterable[_Cluster], label: str, cfg: _Config, end: int) -> list[Entity]:
    out: list[tuple[int, Entity]] = []
    for cl in clusters:
        mentions = sorted({(m.start, m.end) for m in cl.mentions if m.end <= end})
        if cl.label != label or not mentions:
            continue
        surfaces: list[str] = []
        for s, e in mentions:
            surface = text[s:e]
            if surface not in surfaces:
                surfaces.append(surface)
        name = _best_name(surfaces, person=label == PER)
        aliases = [a for a in surfaces if a != name]
        aliases += [a for a in cl.aliases if a not in aliases and a != name]
        roles: list[str] = []
        for m in sorted((m for m in cl.mentions if m.end <= end), key=lambda m: m.start):
            for r in m.roles:
                r = _role_end(r, cfg)
                if r and r not in roles:
                    roles.append(r)
        entity = Entity(
            name=name,
            aliases=tuple(aliases),
            mentions=tuple(Mention(text[s:e], s, e) for s, e in mentions),
            roles=tuple(roles),
        )
        out.append((mentions[0][0], entity))
    out.sort(key=lambda pair: pair[0])
    return [e for _, e in out]


def _role_end(role: str, cfg: _Config) -> str:
    """A role ends without a full stop, unless its last word is an abbreviation ("Dr.", "Inc.")."""
    role = role.rstrip(" ,;:")
    last = role.rsplit(" ", 1)[-1].lower()
    if (
        role.endswith(".")
        and last not in cfg.word_lists["abbreviations"]
        and last not in cfg.word_lists["titles"]
        and len(last) > 2
    ):
        role = role[:-1]
    return role


def _best_name(surfaces: Sequence[str], *, person: bool) -> str:
    """The fullest form: most words, then not all capitals, then the first seen."""

    def score(item: tuple[int, str]) -> tuple[int, int, int]:
        i, s = item
        n = len(_tokens(s))
        return (n, 0 if s.isupper() and n > 0 else 1, -i)

    best = max(enumerate(surfaces), key=score)[1]
    if person and best.isupper() and len(best) > 4:
        # Only capitals seen ("JIEYU WANG"): a person's name reads better capitalised.
        return " ".join(w.capitalize() for w in best.split())
    return best
