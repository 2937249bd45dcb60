"""The rules of the entity stage as data (word lists, cues and limits of ``patterns/entities.toml``;
the token matcher of ``entities.jsonl``), the candidate and cluster types, and the name helpers
every step shares (keys, tokens)."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, get_args

import regex

from ...errors import PatternError
from ...rules.cache import compile_regex
from ...rules.load import Rule, RulerPattern, Rules, per_rules, words

if TYPE_CHECKING:
    from spacy.matcher import Matcher
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


def _key(surface: str) -> str:
    return str(_SPACES.sub(" ", surface.translate(_APOSTROPHES))).strip().casefold()


def _tokens(surface: str) -> tuple[str, ...]:
    return tuple(w.group().casefold().translate(_APOSTROPHES) for w in _WORD.finditer(surface))


def _is_org_suffix(token: str, cfg: _Config) -> bool:
    return token in cfg.word_lists["org_suffixes"] or token.rstrip(".") in cfg.word_lists["org_suffixes"]


def _org_tokens(toks: tuple[str, ...], cfg: _Config) -> tuple[str, ...]:
    """An organisation's name words without a legal-form suffix: "Harbor Foods Inc." = "Harbor Foods"."""
    while len(toks) > 1 and _is_org_suffix(toks[-1], cfg):
        toks = toks[:-1]
    if len(toks) > 1 and len(toks[-1]) > 3 and toks[-1].endswith("s") and not toks[-1].endswith("ss"):
        toks = (*toks[:-1], toks[-1][:-1])  # "Delta Air Lines" and "Delta Air Line" are one
    return toks


def _only_spaces(text: str, a: int, b: int) -> bool:
    return a <= b and (a == b or text[a:b].isspace()) and "\n" not in text[a:b]
