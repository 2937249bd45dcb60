"""People and organisations: spaCy PERSON/ORG plus rules, merged into one entity each. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .model import Entity
from .rules import Rules

if TYPE_CHECKING:
    from spacy.tokens import Doc


def extract_entities(
    text: str, docs: Sequence[tuple[int, Doc]], rules: Rules
) -> tuple[list[Entity], list[Entity]]:
    """People and organisations of ``text``; ``docs`` are spaCy Docs of consecutive chunks of
    ``text``, each with the offset where it starts. Mention offsets are offsets into ``text``.
    """
    return [], []
