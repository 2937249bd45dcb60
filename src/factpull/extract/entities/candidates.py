"""Step 1, candidates: spaCy PERSON and ORG spans, token patterns and context regexes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ...rules.load import Rules

if TYPE_CHECKING:
    from spacy.tokens import Doc

from .config import _OTHER, _OTHER_LABELS, _SPACY_LABELS, _Cand, _Config, _matcher


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
