"""Step 4, merging: mentions into one entity per person or organisation (surnames, acronyms,
variants), and known names found again where the model missed them."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

from .config import (
    _LIST_GAP,
    _OTHER,
    _SCAN_WORD,
    _SENTENCE_GAP,
    _WORD,
    ORG,
    PER,
    _Cand,
    _Cluster,
    _Config,
    _is_org_suffix,
    _key,
    _only_spaces,
    _org_tokens,
    _Scan,
    _tokens,
)
from .evidence import _is_org_head


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
