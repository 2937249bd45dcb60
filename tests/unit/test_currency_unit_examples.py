"""The examples of patterns/currencies.toml and patterns/units.toml, one case each, and the ISO 4217
forms of money (codes before, after and glued to the number, names, symbols) in sentences written
for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from factpull.extract.dates import extract_dates
from factpull.extract.quantities import extract_quantities
from factpull.rules.load import Example, Rule, load_rules
from factpull.types import Quantity

RULES = load_rules()
SECTIONS = ("currencies.currency", "units.unit", "units.compound")
FORM_KEYS = ("prefixes", "suffixes", "exact", "exact_before", "exact_after", "words", "symbols")


def _cases(key: str) -> list[tuple[Rule, Example]]:
    return [(rule, ex) for section in SECTIONS for rule in RULES.section(section) for ex in rule.examples(key)]


EXAMPLES = _cases("examples")
COUNTER_EXAMPLES = _cases("counter_examples")


def quantities(text: str) -> list[Quantity]:
    """The quantities of ``text`` given its date facts, as the pipeline finds them."""
    return extract_quantities(text, RULES, dates=extract_dates(text, None, RULES))


def _of_rule(qs: list[Quantity], rule: Rule) -> list[Quantity]:
    """The quantities ``rule`` gave (a range or a compound keeps the rule id before its "+")."""
    return [q for q in qs if (q.rule or "").split("+")[0] == rule.id]


def _forms(rule: Rule) -> list[str]:
    """The written forms of a currency or unit; a compound measure's are those of its larger unit."""
    if rule.get("major"):
        rule = next(r for r in RULES.section("units.unit") if r["name"] == rule["major"])
    return [str(f).lower() for key in FORM_KEYS for f in rule.get(key, [])]


def test_every_rule_has_three_examples_with_a_value() -> None:
    thin = [
        rule.id
        for section in SECTIONS
        for rule in RULES.section(section)
        if len([ex for ex in rule.examples() if "value" in ex.expected]) < 3
    ]
    assert thin == []


@pytest.mark.parametrize(("rule", "example"), EXAMPLES, ids=[f"{rule.id}:{ex.text[:50]}" for rule, ex in EXAMPLES])
def test_example(rule: Rule, example: Example) -> None:
    qs = quantities(example.text)
    mine = _of_rule(qs, rule)
    assert mine, f"{rule.id} gave nothing in {example.text!r}: {qs}"
    want: dict[str, Any] = dict(example.expected)
    q = next((q for q in mine if q.value == pytest.approx(want.get("value", q.value))), mine[0])
    assert q.value == pytest.approx(want["value"]), q
    if "currency" in want:
        assert (q.kind, q.unit) == ("money", want["currency"]), q
    if "unit" in want:
        assert q.unit == want["unit"], q
    if "kind" in want:
        assert q.kind == want["kind"], q
    assert example.text[q.start : q.end] == q.text
    if "span" in want:
        assert q.text == want["span"]
    else:  # the fact holds the amount and the written currency or unit
        assert any(ch.isnumeric() for ch in q.text) or q.text.replace("-", " ").split()[0].isalpha(), q
        assert any(form in q.text.lower() for form in _forms(rule)), q


@pytest.mark.parametrize(
    ("rule", "example"), COUNTER_EXAMPLES, ids=[f"{rule.id}:-{ex.text[:50]}" for rule, ex in COUNTER_EXAMPLES]
)
def test_counter_example(rule: Rule, example: Example) -> None:
    qs = quantities(example.text)
    assert _of_rule(qs, rule) == [], qs


def money(text: str) -> list[tuple[str, Any, str | None]]:
    return [(q.text, q.value, q.unit) for q in quantities(text) if q.kind == "money"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # codes after and before the number, with a space or glued to it
        ("The visa fee is 85 MYR at the counter.", [("85 MYR", 85, "MYR")]),
        ("The visa fee is 85MYR at the counter.", [("85MYR", 85, "MYR")]),
        ("Our guide asked MYR 60 for the day.", [("MYR 60", 60, "MYR")]),
        ("The deposit was PLN400 in cash.", [("PLN400", 400, "PLN")]),
        ("Rent is 3,900 CZK a month.", [("3,900 CZK", 3900, "CZK")]),
        ("The tour costs VND 1.5 million per person.", [("VND 1.5 million", 1_500_000, "VND")]),
        # a symbol written with letters, before the number
        ("Satay for four came to RM 85 in all.", [("RM 85", 85, "MYR")]),
        ("The ferry was Rp 75,000 each way.", [("Rp 75,000", 75000, "IDR")]),
        ("A falafel is 18 NIS at the stand.", [("18 NIS", 18, "ILS")]),
        ("The matatu fare is KSh 100 now.", [("KSh 100", 100, "KES")]),
        # symbols of one currency
        ("The borscht was ₴95 in the café.", [("₴95", 95, "UAH")]),
        ("Street pad thai costs ฿60 here.", [("฿60", 60, "THB")]),
        ("The ticket is 40 zł for adults.", [("40 zł", 40, "PLN")]),
        ("Khachapuri costs 12 ₾ in Tbilisi.", [("12 ₾", 12, "GEL")]),
        ("Jeepney rides start at ₱13.", [("₱13", 13, "PHP")]),
        # names with the country, in the plural and the singular
        ("He changed 17 Kuwaiti dinars at the airport.", [("17 Kuwaiti dinars", 17, "KWD")]),
        ("A sandwich was 1 Kuwaiti dinar.", [("1 Kuwaiti dinar", 1, "KWD")]),
        ("The cab cost 17 kuwaiti dinar.", [("17 kuwaiti dinar", 17, "KWD")]),
        ("Her stall earns 900 Kenyan shillings a day.", [("900 Kenyan shillings", 900, "KES")]),
        ("The lamp was 45 Saudi riyals.", [("45 Saudi riyals", 45, "SAR")]),
        ("Bread now costs 2,000 Lebanese pounds.", [("2,000 Lebanese pounds", 2000, "LBP")]),
        ("The tram costs 350 Hungarian forints.", [("350 Hungarian forints", 350, "HUF")]),
        # names of one currency without the country
        ("Noodles are 12 ringgit at the hawker centre.", [("12 ringgit", 12, "MYR")]),
        ("The tuk-tuk driver wanted 200 baht.", [("200 baht", 200, "THB")]),
        ("A coffee is 9 zlotys near the square.", [("9 zlotys", 9, "PLN")]),
        ("The hostel charged 3,000 tenge.", [("3,000 tenge", 3000, "KZT")]),
        # names shared by several currencies give the name
        ("The taxi cost 20 dinars.", [("20 dinars", 20, "dinar")]),
        ("The lamp was 45 riyals.", [("45 riyals", 45, "riyal")]),
    ],
)
def test_iso_currencies(text: str, expected: list[tuple[str, Any, str]]) -> None:
    assert money(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ALL 4 bedrooms face the sea.",  # a code that is a word is read only after the number
        "TOP 10 places to eat in town.",
        "The 4 Rp coins are old.",  # a letter symbol written before the number is read only there
        "Upgrade to PHP 8 before the release.",
        "See CVE-2021-0001 for the details.",
        "The myr 85 typo is not a currency.",  # codes are read as written
        "Each bag holds 5 cups of rice.",
        "The song was a top 5 hit.",
        "He won 3 games in a row.",
    ],
)
def test_words_that_look_like_codes_are_not_money(text: str) -> None:
    assert money(text) == []


def test_ambiguous_symbols_keep_their_reading() -> None:
    assert money("A kebab is $7 and a soda ¥300.") == [("$7", 7, "USD"), ("¥300", 300, "JPY")]
    assert money("The bus costs 30 kr in town.") == []
    assert money("The guide charged R 50 for the walk.") == []
