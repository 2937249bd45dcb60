"""numbers: digits, separators, words, multipliers and fractions (sentences written for these tests)."""

from __future__ import annotations

import math
import time

import pytest

from factpull.extract.numbers import ordinal_value, parse_number, scan_numbers
from factpull.extract.quantities import extract_quantities
from factpull.rules.load import Example, Rule, load_rules

RULES = load_rules()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("four", 4),
        ("seventeen", 17),
        ("twenty-one", 21),
        ("two dozen", 24),
        ("one hundred and three", 103),
        ("two thousand and five hundred", 2500),
        ("three hundred and forty thousand", 340000),
        ("1.2 million", 1_200_000),
        ("3,500", 3500),
        ("3.5k", 3500),
        ("30-billion", 30_000_000_000),
        ("2.4 bn", 2_400_000_000),
        ("7M", 7_000_000),
        ("12 345 678", 12_345_678),
        ("0.75", 0.75),
        (".5", 0.5),
        ("-12.5", -12.5),
        ("minus seven", -7),
        ("5 lakh", 500_000),
        ("2 crore", 20_000_000),
        ("3/8", 0.375),
        ("1 1/2", 1.5),
        ("¾", 0.75),
        ("two thirds", 2 / 3),
        ("a quarter", 0.25),
        ("four and a half million", 4_500_000),
        ("eleven point two five", 11.25),
        ("6.02e23", 6.02e23),
        ("15,00,000", 1_500_000),
        # a fraction after "and" is a proper fraction; else the whole phrase counts the parts
        ("two and three fifths", 2.6),
        ("forty and one quarter", 40.25),
        ("one hundred and twenty-six fifths", 25.2),
        ("seven hundred and fifty quarters", 187.5),
    ],
)
def test_parse_number(text: str, expected: float) -> None:
    value = parse_number(text, RULES)
    assert value == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("We sold 3,500 copies and four posters.", [("3,500", 3500), ("four", 4)]),
        ("Budgets rose to 1.2 million in the spring.", [("1.2 million", 1_200_000)]),
        ("The range 2011-2015 is two numbers.", [("2011", 2011), ("2015", 2015), ("two", 2)]),
        ("She paid $4.25 and 30 cents.", [("4.25", 4.25), ("30", 30)]),
        ("a fifth of the class", [("a fifth", 0.2)]),
        ("the twenty-third of June", [("twenty-third", 23)]),
    ],
)
def test_scan_numbers(text: str, found: list[tuple[str, float]]) -> None:
    got = [(text[n.start : n.end], n.value) for n in scan_numbers(text, RULES)]
    assert [g[0] for g in got] == [f[0] for f in found]
    for (_, value), (_, want) in zip(got, found, strict=True):
        assert value == pytest.approx(want)


def test_ordinals_are_marked() -> None:
    nums = scan_numbers("the twenty-third and the fifth", RULES)
    assert [n.ordinal for n in nums] == [True, True]
    assert ordinal_value("thirty-first", RULES) == 31
    assert ordinal_value("second", RULES) == 2


def test_offsets_point_into_text() -> None:
    text = "Between  two   hundred and five"
    for n in scan_numbers(text, RULES):
        assert text[n.start : n.end].strip() == text[n.start : n.end]
    assert parse_number("not a number", RULES) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Café one and naïve twelve", [("one", 1.0), ("twelve", 12.0)]),
        ("Ötwo and twoé are not numbers, but İstanbul has two", [("two", 2.0)]),
        ("FORTY-TWO guests and Seven hosts", [("FORTY-TWO", 42.0), ("Seven", 7.0)]),
        ("someone often tends to attend", []),
    ],
)
def test_number_words_stand_alone(text: str, expected: list[tuple[str, float]]) -> None:
    assert [(text[n.start : n.end], n.value) for n in scan_numbers(text, RULES)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3^4", 81),
        ("1.5^-1", 1 / 1.5),
        ("1.234,5", 1234.5),
        ("12 , 500", 12500),
        ("nine and two thirds", 9 + 2 / 3),
        ("thirty and one and one half", 31.5),
        ("two hundred and three quarters", 200.75),
    ],
)
def test_parse_number_more_forms(text: str, expected: float) -> None:
    assert parse_number(text, RULES) == pytest.approx(expected)


def test_two_words_joined_by_and_are_two_numbers() -> None:
    text = "seven and eight"
    assert [(text[n.start : n.end], n.value) for n in scan_numbers(text, RULES)] == [("seven", 7), ("eight", 8)]


DIGIT_CASES = [(r, e) for r in RULES.section("numbers.digits") for e in r.examples()]


@pytest.mark.parametrize(("rule", "example"), DIGIT_CASES, ids=[f"{r.id}:{e.text[:40]}" for r, e in DIGIT_CASES])
def test_digit_rule_examples(rule: Rule, example: Example) -> None:
    """Each example of a digit rule: the rule reads the number, and it is found with the expected value."""
    m = rule.search(example.text)
    assert m is not None, rule.id
    (num,) = [n for n in scan_numbers(example.text, RULES) if n.start == m.start()]
    assert num.end == m.end()
    assert num.value == pytest.approx(example.expected["value"])


def test_half_a_dozen_is_six() -> None:
    text = "Bring half a dozen cups."
    (num,) = scan_numbers(text, RULES)
    assert (num.start, num.end, num.value) == (text.index("half"), text.index(" cups"), 6)


def test_a_long_run_of_digits_is_read_in_linear_time() -> None:
    """20,000 digits (the fraction and scientific rules used to try every start inside the run:
    minutes, then a time-out or an OverflowError): no number that no float holds, and the
    fraction after the run is still found."""
    text = "Mix " + "7" * 20_000 + " and 1/2 cup of flour."
    began = time.monotonic()
    nums = scan_numbers(text, RULES)
    assert time.monotonic() - began < 30  # generous: the old rules took minutes at this size
    assert [(text[n.start : n.end], n.value) for n in nums] == [("1/2", 0.5)]


def test_a_long_chain_of_slashes_and_digits_is_linear() -> None:
    text = "1/" * 20_000
    began = time.monotonic()
    quantities = extract_quantities(text, RULES, dates=[])
    assert time.monotonic() - began < 60  # generous: the old token scans took minutes at this size
    assert len(quantities) == 20_000


@pytest.mark.parametrize(
    "text",
    [
        "It cost 1e400 dollars.",
        "A gain of 9^999 was claimed.",
        "They owe $1" + ",000" * 5_000 + " now.",
        "1e" + "5" * 5_000,
    ],
)
def test_numbers_no_float_holds_are_no_numbers(text: str) -> None:
    """No OverflowError (E900): the number is not read, and no piece of it is read instead."""
    assert scan_numbers(text, RULES) == []
    assert extract_quantities(text, RULES, dates=[]) == []


def test_scale_words_without_end_give_no_infinite_value() -> None:
    text = "one" + " trillion" * 40 + " stars"
    assert all(math.isfinite(n.value) for n in scan_numbers(text, RULES))
