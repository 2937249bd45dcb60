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

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ...rules.load import Rules
from ...types import Entity, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

from .boundaries import (
    _cut_leading_places,
    _drop_headline_guesses,
    _extend_given_names,
    _normalise,
    _resolve_overlaps,
    _split_possessives,
    _split_titled,
)
from .candidates import _collect
from .config import ORG, PER, _Cluster, _Config, _config, _Scan, _tokens, compile_rules, prepare_vocab
from .evidence import (
    _apply_evidence,
    _document_evidence,
    _person_uses,
    _place_lists,
    _rosters,
    _title_owners,
    _work_titles,
)
from .merging import _cluster, _find_acronyms, _join_acronyms, _join_heads, _org_lists, _propagate, _term_acronyms
from .roles import _roles_after, _roles_before

__all__ = ["ORG", "PER", "compile_rules", "extract_entities", "prepare_vocab"]


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
