"""What the entity model reads: pieces that cannot hold a name are blanked, offsets hold."""

from __future__ import annotations

import pytest

from factpull.extract.nlp import nameless_blanked

STOP = frozenset({"the", "he", "she", "it", "but", "and", "a", "they", "in"})


def blanked_words(text: str, margin: int = 0) -> list[str]:
    out = nameless_blanked(text, STOP, margin)
    assert len(out) == len(text)
    assert [i for i, c in enumerate(out) if c == "\n"] == [i for i, c in enumerate(text) if c == "\n"]
    return out.split()


def test_pieces_without_a_capitalised_word_are_blanked() -> None:
    text = "The ferry was late again. Marta Okonjo runs the Dunmore Pier Trust. It rained all week."
    assert blanked_words(text) == ["Marta", "Okonjo", "runs", "the", "Dunmore", "Pier", "Trust."]


@pytest.mark.parametrize(
    "text",
    [
        "Okafor said the plan would fail.",  # a name opening the sentence
        "said the plan would fail, according to eBay.",  # a capital inside a word
        "The council and the NHS met on Friday.",  # an acronym after the first word
        "IBM said profits rose.",  # a first word in capitals is no function word
    ],
)
def test_a_piece_that_may_hold_a_name_is_kept(text: str) -> None:
    assert nameless_blanked(text, STOP, 0) == text


def test_margin_words_next_to_a_kept_piece_stay() -> None:
    text = "It was a long and cold night on the hill. Ruth Abara waited. They all went home early that day."
    assert blanked_words(text, margin=2) == ["the", "hill.", "Ruth", "Abara", "waited.", "They", "all"]


def test_line_structure_is_kept() -> None:
    text = "the first line has no name\nVelden Rovers won\nand the last line has none either\n"
    assert blanked_words(text) == ["Velden", "Rovers", "won"]
