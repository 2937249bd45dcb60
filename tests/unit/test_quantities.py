"""quantities: money, counts, percentages, measures, ages, temperatures (sentences written for these tests)."""

from __future__ import annotations

from typing import Any

import pytest

from factpull.extract.dates import extract_dates
from factpull.extract.quantities import extract_quantities
from factpull.rules.load import Example, Rule, load_rules
from factpull.types import Quantity

RULES = load_rules()


def quantities(text: str) -> list[Quantity]:
    """The quantities of ``text`` given its date facts, as the pipeline finds them."""
    return extract_quantities(text, RULES, dates=extract_dates(text, None, RULES))


def found(text: str) -> list[tuple[str, str, Any, Any]]:
    return [(q.text, q.kind, q.value, q.unit) for q in quantities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The council set aside $ 100 million for roads.", [("$ 100 million", "money", 100_000_000, "USD")]),
        ("A ticket costs 40 rmb at the gate.", [("40 rmb", "money", 40, "CNY")]),
        ("They launched a 30-billion-yuan fund.", [("30-billion-yuan", "money", 30_000_000_000, "CNY")]),
        (
            "a 5 billion yuan (first phase 1 billion yuan) venture pool",
            [("5 billion yuan", "money", 5_000_000_000, "CNY"), ("1 billion yuan", "money", 1_000_000_000, "CNY")],
        ),
        ("The club paid €2.5bn for the stadium.", [("€2.5bn", "money", 2_500_000_000, "EUR")]),
        ("The flat sold for Rs 1.2 crore last week.", [("Rs 1.2 crore", "money", 12_000_000, "INR")]),
        ("Profits reached £3m this year.", [("£3m", "money", 3_000_000, "GBP")]),
        ("Entry is US$5 per person.", [("US$5", "money", 5, "USD")]),
        ("Lend me 5 dollars, please.", [("5 dollars", "money", 5, "USD")]),
        ("The bill was 12,000 yen.", [("12,000 yen", "money", 12000, "JPY")]),
        ("Rates rose 12% in March.", [("12%", "percent", 12, "percent")]),
        ("Turnout fell 40 per cent.", [("40 per cent", "percent", 40, "percent")]),
        ("Support grew 12 percentage points.", [("12 percentage points", "percent", 12, "percentage point")]),
        ("The trail is 12.5 km long.", [("12.5 km", "measure", 12.5, "kilometer")]),
        ("The tank holds 300 litres.", [("300 litres", "measure", 300, "liter")]),
        ("A 3-inch nail bent.", [("3-inch", "measure", 3, "inch")]),
        ("The van was going at 90 km/h.", [("90 km/h", "measure", 90, "kilometer per hour")]),
        ("Her grandfather is 71 years old.", [("71 years old", "age", 71, "year")]),
        ("Overnight it reached -5 °C in the valley.", [("-5 °C", "temperature", -5, "celsius")]),
        ("It felt like 95 degrees fahrenheit.", [("95 degrees fahrenheit", "temperature", 95, "fahrenheit")]),
        ("We planted 236 oak trees.", [("236", "count", 236, "oak trees")]),
        ("They built four new schools.", [("four", "count", 4, "new schools")]),
        ("He bought two dozen eggs.", [("two dozen", "count", 24, "eggs")]),
        ("It has one hundred and three rooms.", [("one hundred and three", "count", 103, "rooms")]),
        ("Visitors topped 1.2 million.", [("1.2 million", "count", 1_200_000, None)]),
        ("The hall seats 3,500 fans.", [("3,500", "count", 3500, "fans")]),
        ("Subscribers hit 3.5k.", [("3.5k", "count", 3500, None)]),
        ("Doses ranged between 20 and 30 mg daily.", [("between 20 and 30 mg", "measure", 20, "milligram")]),
    ],
)
def test_quantities(text: str, expected: list[tuple[str, str, Any, Any]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "approx"),
    [
        ("more than 60 disciplines", ">"),
        ("over 300 stalls", ">"),
        ("about 5 cars", "~"),
        ("nearly 90 villages", "<"),
        ("up to 5 guests", "<="),
        ("at least 12 boats", ">="),
        ("less than 4 tables", "<"),
        ("20 chairs or more", ">="),
    ],
)
def test_approximations(text: str, approx: str) -> None:
    q = quantities(text)[0]
    assert q.approximate == approx


@pytest.mark.parametrize(
    "text",
    [
        "The museum opened in 2019.",
        "Call us on +86-23-67158993 today.",
        "Licence number 50120220004 is shown.",
        "Record 20009753号 applies.",
        "She finished 3rd in the race.",
        "The meeting starts at 10:30.",
        "Upgrade to version 3.8.0 now.",
        "The 2012–13 season was long.",
        "Mail staff2024@example.org or see https://example.org/page/42.",
        "Model SCP-173 and part AB12C.",
        "We talked on Saturday.",
        "Which one would you pick?",
    ],
)
def test_not_quantities(text: str) -> None:
    assert found(text) == []


def test_date_and_quantity_side_by_side() -> None:
    assert found("On Saturday, 69 percent voted.") == [("69 percent", "percent", 69, "percent")]


def test_number_in_date_is_not_a_count() -> None:
    assert found("It closed on January 3, 2020 after 40 years.") == []


def test_offsets_and_order() -> None:
    text = "Sales of 5 cars, 12% growth and $ 3 million profit, 7 km away."
    qs = quantities(text)
    assert [q.start for q in qs] == sorted(q.start for q in qs)
    for q in qs:
        assert text[q.start : q.end] == q.text
        assert q.rule


# The examples of currencies.toml and units.toml run in test_currency_unit_examples.py.


SKIP_CASES = [(r, e) for r in RULES.section("quantities.skip") for e in r.examples()]


@pytest.mark.parametrize(("rule", "example"), SKIP_CASES, ids=[f"{r.id}:{e.text[:40]}" for r, e in SKIP_CASES])
def test_skip_rule_examples(rule: Rule, example: Example) -> None:
    """Each example of a skip rule: the rule matches in it and the sentence gives exactly the
    quantities listed (the numbers the rule covers are not among them)."""
    assert rule.search(example.text), rule.id
    assert [q.value for q in quantities(example.text)] == example.expected["values"]


def test_seed_page() -> None:
    """The committed sample page gives its counts and money, and no phone or licence numbers."""
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "samples" / "ichongqing-chengdu-chongqing-2021-04-06.txt"
    text = path.read_text(encoding="utf-8")
    qs = quantities(text)
    counts = [q.value for q in qs if q.kind == "count"]
    for value in (236, 11, 50, 210, 23, 3, 26, 4, 1_200_000):
        assert value in counts, value
    money = [(q.value, q.unit) for q in qs if q.kind == "money"]
    assert money == [(30_000_000_000, "CNY"), (5_000_000_000, "CNY"), (1_000_000_000, "CNY")]
    (sixty,) = [q for q in qs if q.value == 60]
    assert (sixty.kind, sixty.approximate) == ("count", ">")
    assert next(q for q in qs if q.value == 236).unit == "cooperation agreements"
    assert not [q for q in qs if q.start > text.index("telephone number")]


def test_codes_are_not_counts() -> None:
    assert found("Part scp2-173m failed.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She called 3 times.", [("3 times", "measure", 3, "times")]),
        ("Costs rose 100 times over.", [("100 times", "measure", 100, "times")]),
        ("The mill turned out five times as much flour.", [("five times", "measure", 5, "times")]),
        ("The keeper was beaten twice before lunch.", [("twice", "measure", 2, "times")]),
        ("The ferry sank only once in fifty years.", [("once", "measure", 1, "times")]),
        ("Yields showed a 3-fold gain.", [("3-fold", "measure", 3, "times")]),
        ("Investors wanted a 5x payback.", [("5x", "measure", 5, "times")]),
        # not a number of times: "once" as "formerly" or "as soon as", a rate the dates read
        ("The mill was once a chapel.", []),
        ("Once the rain stops, the match restarts.", []),
        ("The council meets twice a month.", []),
        ("Cut a 2x4 board for the shelf.", []),
    ],
)
def test_multiples_and_numbers_of_times(text: str, expected: list[tuple[str, str, Any, Any]]) -> None:
    """A number of times ("3 times", "twice") or a multiple ("5x", "3-fold") is a measure in "times"."""
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Call our desk on +1 555 123 4567 between shows.",  # a phone number spread over several tokens
        "The brochure is at https://example.org/files/2019/brochure-42.pdf today.",
        "Write to sales.team7@example.com for a quote.",
        "Download IMG_2041.JPG from the shared folder.",
    ],
)
def test_skip_stretches_around_numbers(text: str) -> None:
    assert not [q for q in quantities(text) if q.kind == "count"]


def test_the_date_facts_passed_in_decide_which_numbers_are_dates() -> None:
    import datetime as dt

    text = "The fair opens on 14 May with 12 bikes for hire."
    dates = extract_dates(text, dt.date(2021, 6, 1), RULES)
    assert [q.text for q in extract_quantities(text, RULES, dates=dates)] == ["12"]
    # without the date facts the day of the month is counted like any other number
    assert [q.text for q in extract_quantities(text, RULES, dates=[])] == ["14", "12"]


def test_long_text_with_many_numbers() -> None:
    paragraph = "The shop sold 14 lamps for $30 each at 9 am; call 555-1234.\n"
    one = [(q.start, q.end, q.kind, q.value) for q in quantities(paragraph)]
    assert [kind for _, _, kind, _ in one] == ["count", "money"]
    many = [(q.start, q.end, q.kind, q.value) for q in quantities(paragraph * 400)]
    shift = len(paragraph)
    assert many == [(s + k * shift, e + k * shift, kind, v) for k in range(400) for s, e, kind, v in one]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # fractions written with words
        ("The ratio was two over five.", [("two over five", "count", pytest.approx(2 / 5), None)]),
        ("Two out of five residents voted.", [("Two out of five", "count", 0.4, "residents")]),
        ("It affects 1 in 4 adults.", [("1 in 4", "count", 0.25, "adults")]),
        ("The class had 30 out of 25 chairs filled.", [("30", "count", 30, None), ("25", "count", 25, "chairs")]),
        # cents after an amount
        ("The bus fare is 3 dollars 20.", [("3 dollars 20", "money", 3.2, "USD")]),
        ("A coffee costs two euros and forty.", [("two euros and forty", "money", 2.4, "EUR")]),
        ("She paid 4 euros and 15 cents for bread.", [("4 euros and 15 cents", "money", 4.15, "EUR")]),
        ("It was $4.50 and 12 people.", [("$4.50", "money", 4.5, "USD"), ("12", "count", 12, "people")]),
        # a currency word belongs to the amount before it
        (
            "They paid nine hundred dollars forty times.",
            [("nine hundred dollars", "money", 900, "USD"), ("forty times", "measure", 40, "times")],
        ),
        ("Swap eur 10 gbp 20 today.", [("eur 10", "money", 10, "EUR"), ("gbp 20", "money", 20, "GBP")]),
        ("Receipts: $ 45.00 $ 12.50 in all.", [("$ 45.00", "money", 45, "USD"), ("$ 12.50", "money", 12.5, "USD")]),
        # compound measures and tolerances
        ("The shelf is 6 ft 4 in tall.", [("6 ft 4 in", "measure", pytest.approx(6 + 4 / 12), "foot")]),
        ("The baby weighed 7 lb 8 oz at birth.", [("7 lb 8 oz", "measure", 7.5, "pound")]),
        ("The beam is 4.20±0.05 m long.", [("4.20±0.05 m", "measure", 4.2, "meter")]),
        # powers and continental decimals
        ("The factor is 2^10 here.", [("2^10", "count", 1024, None)]),
        ("Der Preis: 2.345,50 in total.", [("2.345,50", "count", 2345.5, None)]),
        ("The crowd reached 45 , 000 fans.", [("45 , 000", "count", 45000, "fans")]),
        # conversion requests name a unit without a number
        (
            "Please convert 40 celsius to fahrenheit.",
            [("40 celsius", "temperature", 40, "celsius"), ("fahrenheit", "temperature", None, "fahrenheit")],
        ),
    ],
)
def test_joined_forms(text: str, expected: list[tuple[str, str, Any, Any]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The board voted 5-4 to close the branch.",
        "Members voted by 212 to 40 on Friday.",
        "It was a 6-3 ruling.",
        "The visitors won 3-1 at home.",
    ],
)
def test_votes_and_scores_are_not_quantities(text: str) -> None:
    assert found(text) == []


def test_number_words_joined_by_and_stay_apart() -> None:
    assert found("We saw two and three birds.") == [("two", "count", 2, None), ("three", "count", 3, "birds")]
    assert found("It took one and a half days.") == []  # a duration, for dates


@pytest.mark.parametrize(
    "text",
    ["The flux reached 3 fb−1 last run.", "Intensity fell as 1/r^2 with distance."],
)
def test_exponents_glued_to_units_are_not_counts(text: str) -> None:
    assert all(text[q.start - 1] not in "−^" for q in quantities(text))


def test_counted_noun_stops_at_a_date() -> None:
    assert found("The board will hold three open meetings next month.") == [("three", "count", 3, "open meetings")]
    assert found("The chain owns 120 daily papers.") == [("120", "count", 120, "daily papers")]  # a date word first


@pytest.mark.parametrize(
    "text",
    ["Prices: EUR 40\n2. Delivery", "The rating is 4.5 out of 5 stars."],
)
def test_no_cents_across_lines_and_no_fraction_of_a_rating(text: str) -> None:
    assert all("\n" not in q.text and q.value not in (40.02, 0.9) for q in quantities(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # sports scores and records
        ("The Otters beat the Herons 5-2 at home.", []),
        ("They went 6-3 in the spring.", []),
        ("The side closed on a 12-5-1 record.", []),
        # model and product numbers, index names, names with numbers
        ("The crew flew an A350-900 to Lima.", []),
        ("He sold his old F-350 last week.", []),
        ("The Nikkei 225 slipped 1.4%.", [("1.4%", "percent", 1.4, "percent")]),
        ("The Russell 2000 index climbed.", []),
        ("The firm joined the Fortune 100 list.", []),
        ("The Nine Rivers Trust bought a barn.", []),
        # emergency numbers, references, list numbering, phones, addresses
        ("A neighbour called 911 at once.", []),
        ("The figure was revised later.[12]", []),
        ("See Coastal Studies 9: 310-318 on this.", []),
        ("3. Rinse the rice.", []),
        ("Step 4: add the salt.", []),
        ("Tickets on (555) 902-3341 only.", []),
        ("The cafe at 2317 Ninth Ave. shut.", []),
        ("She lives at 14 Orchard Lane.", []),
        # times of day and clocks
        ("The whistle blew with 3:41 left.", []),
        ("Lunch is at 12:30 sharp.", []),
        # tables
        ("Sales ($'000)", []),
        ("1\tRiver Mills\t4,200", [("4,200", "count", 4200, None)]),
        ("The margin was 6.1 NM in the filing.", [("6.1", "count", 6.1, None)]),
    ],
)
def test_numbers_that_are_not_quantities(text: str, expected: list[tuple[str, str, Any, Any]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Maria Lopez, 52, of Tacoma was charged.", [("52", "age", 52, "year")]),
        ("The driver, Tom Hale, 19, was unhurt.", [("19", "age", 19, "year")]),
        ("A man aged 71 was rescued.", [("aged 71", "age", 71, "year")]),
        ("A 33-year-old nurse spoke.", [("33-year-old", "age", 33, "year")]),
        ("Lena, 7, and Ivo, 4, sang.", [("7", "age", 7, "year"), ("4", "age", 4, "year")]),
    ],
)
def test_ages(text: str, expected: list[tuple[str, str, Any, Any]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("The fund hired 8 brokers working on commission.", "brokers"),
        ("Some 14 banks hold the bonds.", "banks"),
        ("The fleet added 20 planes last year.", "planes"),
        ("The airline bought four A321s.", None),
        ("About 60 fans fell silent.", "fans"),
        ("They own 3 farm houses.", "farm houses"),
    ],
)
def test_counts_say_what_they_count(text: str, unit: str | None) -> None:
    (q,) = [q for q in quantities(text) if q.kind == "count"]
    assert q.unit == unit


@pytest.mark.parametrize(
    ("text", "approx"),
    [
        ("Fees rose up to 9 per cent.", "<="),
        ("The stock rose above $31.75 on Friday.", None),
        ("The index fell below 4,000 points.", None),
        ("Two clubs now play under one roof.", None),
        ("It has under 50 staff.", "<"),
        ("Prices climbed to above 200 euros.", ">"),
        ("The town has over 9,000 homes.", ">"),
    ],
)
def test_approximation_only_when_it_bounds_the_number(text: str, approx: str | None) -> None:
    q = quantities(text)[-1]
    assert q.approximate == approx


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Doses ranged between 20 and 30 mg daily.", ("between 20 and 30 mg", 20, 30, "milligram", None)),
        ("The shelf is about 10-15 cm deep.", ("10-15 cm", 10, 15, "centimeter", "~")),
        ("Seats cost $40 to $65 each.", ("$40 to $65", 40, 65, "USD", None)),
        ("Yields of 3-7% are usual.", ("3-7%", 3, 7, "percent", None)),
        ("Margins of 40%–45% held.", ("40%–45%", 40, 45, "percent", None)),
        ("Nights fell from -12 °C to -25 °C.", ("-12 °C to -25 °C", -25, -12, "celsius", None)),
        ("Turnout was 61 % - 64 % in the north.", ("61 % - 64 %", 61, 64, "percent", None)),
        ("Each vial takes 50 - 500 ml of dye.", ("50 - 500 ml", 50, 500, "milliliter", None)),
        (
            "Output reached 120-150 million tonnes.",
            ("120-150 million tonnes", 120_000_000, 150_000_000, "metric ton", None),
        ),
        ("The site drew 120-150 million visitors.", ("120-150 million", 120_000_000, 150_000_000, "visitors", None)),
    ],
)
def test_a_range_keeps_both_ends(text: str, expected: tuple[str, Any, Any, str, str | None]) -> None:
    """A range is one quantity: value is the lower end, high the upper end, never a midpoint."""
    (q,) = quantities(text)
    assert (q.text, q.value, q.high, q.unit, q.approximate) == expected


def test_a_quantity_that_is_no_range_has_no_high() -> None:
    assert [q.high for q in quantities("We bought 12 chairs and 3 tables for $90.")] == [None, None, None]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The farm sold three hundred dozens of eggs.", ("count", 3600)),
        ("They baked two dozen rolls.", ("count", 24)),
        ("The order was two thousand dozen pens.", ("count", 24000)),
        ("The lunch came to $35 and 12c in all.", ("money", 35.12)),
        ("A stamp costs €2 and 40c now.", ("money", 2.4)),
        ("The path runs 3 km and 20 meters.", ("measure", 3.02)),
        ("The pole is 2 m 40 cm tall.", ("measure", 2.4)),
        ("He is 6 feet and 2 inches tall.", ("measure", pytest.approx(6 + 2 / 12))),
        ("Cut a 2-3/4 inch strip.", ("measure", 2.75)),
        ("Add 1-1/2 cups of stock.", ("measure", 1.5)),
    ],
)
def test_composite_amounts(text: str, expected: tuple[str, Any]) -> None:
    (q,) = quantities(text)
    assert (q.kind, q.value) == expected


def test_compile_rules_builds_what_the_stage_reads_before_any_text() -> None:
    """A batch compiles once before forking: afterwards a page builds no table or regex."""
    from factpull.extract import numbers
    from factpull.extract.quantities import _tables, compile_rules

    fresh = load_rules.__wrapped__()  # a Rules object no test has compiled yet
    compile_rules(fresh)
    built = (_tables.cache_info().misses, numbers._vocab.cache_info().misses)
    got = extract_quantities("The crate weighs 12 kg and costs $30.", fresh, dates=[])
    assert [(q.value, q.unit) for q in got] == [(12, "kilogram"), (30, "USD")]
    assert (_tables.cache_info().misses, numbers._vocab.cache_info().misses) == built


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "one" as a determiner or pronoun counts nothing
        ("That was one of the reasons the ferry stopped.", []),
        ("One evening the lights in the harbour went out.", []),
        ("At one point the crowd began to sing.", []),
        ("One reason is the price of diesel.", []),
        ("One such case reached the county court.", []),
        ("No one answered the phone at the depot.", []),
        # ... and so is a lone "one" before a noun: the indefinite "one", no amount
        ("One porter was hurt when the crane tipped.", []),
        ("One possible reason is the cold spring.", []),
        ("She walked from one stall to another.", []),
        # ... but a "one" set against another amount counts
        ("One porter was hurt and two were shaken.", [("One", 1, "porter"), ("two", 2, None)]),
        ("She is one of five bidders for the lease.", [("one", 1, None), ("five", 5, "bidders")]),
        ("The mill is one of the three mills in the valley.", [("one", 1, None), ("three", 3, "mills")]),
        ("Bring one or more spare tyres.", [("one", 1, None)]),
        # an article and an ordinal before a noun is an ordinal, before "of" a fraction
        ("A third bakery opened on the square.", []),
        ("The club posted a fifth straight loss.", []),
        ("An eighth ferry joined the route.", []),
        ("A third of the orchard was lost to frost.", [("A third", 1 / 3, None)]),
        ("The union won a pay rise for about a third of its members.", [("a third", 1 / 3, None)]),
        # "zero" in set phrases
        ("The school keeps a zero tolerance rule on phones.", []),
        ("Crews cleared rubble at ground zero for weeks.", []),
        ("The ward reported zero new cases.", [("zero", 0, "new cases")]),
    ],
)
def test_determiner_one_ordinal_third_and_zero_idioms_are_no_amounts(text: str, expected: list[Any]) -> None:
    assert [(q.text, q.value, q.unit) for q in quantities(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The bid for the mill was $5-10 million.", ("$5-10 million", 5_000_000, 10_000_000, "USD")),
        ("The bridge will cost £2 to 3 billion.", ("£2 to 3 billion", 2_000_000_000, 3_000_000_000, "GBP")),
        ("Analysts put the fine at €40-60 million.", ("€40-60 million", 40_000_000, 60_000_000, "EUR")),
    ],
)
def test_money_range_with_the_scale_word_on_the_upper_end_only(text: str, expected: tuple[Any, ...]) -> None:
    """The scale word written once after the upper end applies to both ends; the currency
    written once before the lower end is the range's."""
    [q] = quantities(text)
    assert (q.text, q.value, q.high, q.unit) == expected
    assert q.kind == "money"


def test_money_then_a_larger_bare_count_is_no_range() -> None:
    """Only a scale word joins the ends: "$5 to 10 each" keeps its two numbers apart."""
    assert [(q.text, q.kind) for q in quantities("Tickets went for $5 to 10 each.")] == [
        ("$5", "money"),
        ("10", "count"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A cup of tea costs a euro at the station.", [("a euro", "money", 1, "EUR")]),
        ("Parking is a dollar, cash only.", [("a dollar", "money", 1, "USD")]),
        ("Stir in a kilogram of sugar.", [("a kilogram", "measure", 1, "kilogram")]),
        ("A litre of diesel went up again.", [("A litre", "measure", 1, "liter")]),
        ("The bakery is a kilometre away.", [("a kilometre", "measure", 1, "kilometer")]),
        ("The track runs a kilometre further.", [("a kilometre", "measure", 1, "kilometer")]),
        # the word starts a compound: no amount
        ("He opened a dollar store on Elm Street.", []),
        ("Latvia is a euro zone member.", []),
        ("She bought a kilogram bag and left.", []),
        # after an amount the article means "per"
        ("Copper traded at $9,000 a tonne.", [("$9,000", "money", 9000, "USD")]),
        ("Gold fetched 1,800 dollars an ounce.", [("1,800 dollars", "money", 1800, "USD")]),
        ("Have a cup of tea first.", []),
        # idioms
        ("The favourite won by a mile.", []),
        ("Move it a bit to the left.", []),
    ],
)
def test_article_as_one_before_a_currency_or_unit(text: str, expected: list[Any]) -> None:
    assert found(text) == expected


FORM_CASES = [(r, e) for r in RULES.section("quantities.form") for e in r.examples()]


@pytest.mark.parametrize(("rule", "example"), FORM_CASES, ids=[f"{r.id}:{e.text[:40]}" for r, e in FORM_CASES])
def test_form_examples(rule: Rule, example: Example) -> None:
    """Each example of a form of writing an amount gives the fact it names, made by that form."""
    mine = [q for q in quantities(example.text) if rule.id.rsplit(".", 1)[1] in (q.rule or "").split("+")]
    assert mine, (rule.id, quantities(example.text))
    q = mine[0]  # the first one the form made ("10' x 8'" makes two)
    want = example.expected
    assert q.value == pytest.approx(want["value"], rel=1e-5)
    assert example.text[q.start : q.end] == q.text
    for key in ("kind", "unit", "approximate"):
        if key in want:
            assert getattr(q, key) == want[key], q
    if "span" in want:
        assert q.text == want["span"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a multiplier or a scale word written once, at the upper end, or at both ends
        ("The port authority will spend €4-6bn on new quays.", ("€4-6bn", 4e9, 6e9, "EUR")),
        ("A rescue would cost £2-3m, the trustees said.", ("£2-3m", 2e6, 3e6, "GBP")),
        ("Bids of $7-9k came in for the painting.", ("$7-9k", 7000, 9000, "USD")),
        ("Backers pledged $5 million to 10 million last autumn.", ("$5 million to 10 million", 5e6, 1e7, "USD")),
        ("The mine needs ¥1 billion to 2 billion in fresh capital.", ("¥1 billion to 2 billion", 1e9, 2e9, "JPY")),
        ("The city wants from $2bn to $3bn for its trams.", ("$2bn to $3bn", 2e9, 3e9, "USD")),
        (
            "Farms there grow between 3 and 5 million tonnes of rice.",
            ("between 3 and 5 million tonnes", 3e6, 5e6, "metric ton"),
        ),
        ("Fees went up 10 to 15 per cent this term.", ("10 to 15 per cent", 10, 15, "percent")),
        ("Sales slid 4 to 6 percent in the quarter.", ("4 to 6 percent", 4, 6, "percent")),
    ],
)
def test_a_range_shares_its_scale_and_currency(text: str, expected: tuple[str, Any, Any, str]) -> None:
    (q,) = quantities(text)
    assert (q.text, q.value, q.high, q.unit) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The walk is 3 or 4 km each way.", [("3", "measure", 3, "kilometer"), ("4 km", "measure", 4, "kilometer")]),
        ("Tickets cost 10 or 12 dollars.", [("10", "money", 10, "USD"), ("12 dollars", "money", 12, "USD")]),
        (
            "Two or three million people watched.",
            [("Two", "count", 2e6, "people"), ("three million", "count", 3e6, "people")],
        ),
        ("The fleet grew from 20 to 30 ships.", [("20", "count", 20, "ships"), ("30", "count", 30, "ships")]),
        ("Between 200 and 300 workers struck.", [("200", "count", 200, "workers"), ("300", "count", 300, "workers")]),
    ],
)
def test_the_unit_after_the_second_number_is_the_first_ones(text: str, expected: list[Any]) -> None:
    """ "3 or 4 km", "20 to 30 ships": two quantities, and the first has the unit or noun of the second."""
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The well water held 250 mg/L of chloride.", ("250 mg/L", "milligram per liter")),
        ("The alloy weighs 2.7 g/cm3.", ("2.7 g/cm3", "gram per cubic centimeter")),
        ("Plants emit 30 kg per tonne of cement.", ("30 kg per tonne", "kilogram per metric ton")),
        ("The dose is 5 milligrams per kilogram.", ("5 milligrams per kilogram", "milligram per kilogram")),
    ],
)
def test_a_rate_over_a_unit_of_measure(text: str, expected: tuple[str, str]) -> None:
    (q,) = quantities(text)
    assert (q.text, q.unit) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Half a million people marched.", ("Half a million", 500_000)),
        ("The estate sold for half a billion dollars.", ("half a billion dollars", 500_000_000)),
        ("She bought a half dozen eggs.", ("a half dozen", 6)),
        ("The ratio came to 2 point 5 overall.", ("2 point 5", 2.5)),
        ("The index gained 3 point 05 today.", ("3 point 05", 3.05)),
    ],
)
def test_spoken_numbers(text: str, expected: tuple[str, Any]) -> None:
    (q,) = quantities(text)
    assert (q.text, q.value) == expected


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("7 tourists visit the caves daily.", "tourists"),
        ("Some 30 new jets land there each hour.", "new jets"),
        ("The 3 sports cars were sold.", "sports cars"),
        ("We opened 2 savings accounts.", "savings accounts"),
    ],
)
def test_the_counted_noun_ends_at_its_plural_head(text: str, unit: str) -> None:
    (q,) = quantities(text)
    assert q.unit == unit


def test_a_column_header_multiplier_applies_to_its_column_only() -> None:
    text = "Region\tSales ($'000)\tStaff\tMargin\nNorth\t1,250\t40\t12%\nSouth\t980\t22\t9%\n"
    got = [(q.text, q.kind, q.value, q.unit) for q in quantities(text)]
    assert got == [
        ("1,250", "money", 1_250_000, "USD"),
        ("40", "count", 40, None),
        ("12%", "percent", 12, "percent"),
        ("980", "money", 980_000, "USD"),
        ("22", "count", 22, None),
        ("9%", "percent", 9, "percent"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # the rows below do not keep the header's cells: not certainly the same column
        "Sales ($'000) by region\nThe north sold 1,250 crates.\n",
        "Region\tSales ($'000)\nNorth 1,250 in all\n",
        # a blank line ends the table
        "Region\tSales (€m)\n\nNorth\t1,250\n",
    ],
)
def test_a_header_multiplier_is_left_alone_when_the_column_is_not_certain(text: str) -> None:
    assert [(q.kind, q.value) for q in quantities(text)] == [("count", 1250)]


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("They listed a 3-bedroom flat.", "bedroom"),
        ("The 6-cylinder engine hummed.", "cylinder"),
        ("The union set out a 12-point charter.", "point"),
    ],
)
def test_a_noun_hyphenated_to_the_number_is_what_it_counts(text: str, unit: str) -> None:
    (q,) = quantities(text)
    assert (q.kind, q.unit) == ("count", unit)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tickets were 12 quid each.", ("12 quid", "money", 12, "GBP")),
        ("He retired at the age of sixty.", ("age of sixty", "age", 60, "year")),
        ("The pond was 9 ° c at dawn .", ("9 ° c", "temperature", 9, "celsius")),
        ("She turned 30 last month.", ("30", "age", 30, "year")),
        ("The twins turn 7 on Friday.", ("7", "age", 7, "year")),
        ("The bus turned 3 corners.", ("3", "count", 3, "corners")),
        ("It was 31 degrees in the shade.", ("31 degrees", "temperature", 31, "degree")),
    ],
)
def test_more_written_forms(text: str, expected: tuple[str, str, Any, Any]) -> None:
    assert found(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "zero" before a singular noun means "no"; before a plural or alone it is an amount
        ("There should be zero shame in asking.", []),
        ("The plan leaves zero room for error.", []),
        ("The clinic had zero new patients and zero deaths.", [("zero", 0, "new patients"), ("zero", 0, "deaths")]),
        ("Sales dropped to zero.", [("zero", 0, None)]),
        # list items numbered in brackets inside a line
        ("The kit holds (1) a pump, (2) a hose and (3) a gauge.", []),
        ("Rules: [1] no dogs, [2] no fires.", []),
        ("They sold (12) apples.", [("12", 12, None)]),
        # an edition's number is a name
        ("Fans queued for the edition two release.", []),
    ],
)
def test_words_and_numbers_that_name_no_amount(text: str, expected: list[Any]) -> None:
    assert [(q.text, q.value, q.unit) for q in quantities(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The coupe does 0-60 mph in 4.1 seconds.", ("60 mph", 60, None, "mile per hour")),
        ("It sprints from 0 to 100 km/h quickly.", ("100 km/h", 100, None, "kilometer per hour")),
        ("Winds rose from 10 to 40 mph overnight.", ("10 to 40 mph", 10, 40, "mile per hour")),
    ],
)
def test_a_sprint_from_zero_gives_the_speed_reached(text: str, expected: tuple[str, Any, Any, str]) -> None:
    """ "0-60 mph" is a benchmark of acceleration: the speed reached, not a range from standstill."""
    (q,) = [q for q in quantities(text) if q.kind == "measure"]
    assert (q.text, q.value, q.high, q.unit) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The battery charges to 80-percent in an hour.", ("80-percent", "percent", 80, "percent")),
        ("The dome gives a 360-degree view.", ("360-degree", "measure", 360, "degree")),
        ("Rents rose by a 12-per-cent margin.", ("12-per-cent", "percent", 12, "percent")),
    ],
)
def test_a_percent_or_degree_word_hyphenated_to_its_number(text: str, expected: tuple[str, str, Any, str]) -> None:
    assert found(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The band sold the van for 6 grand.", [("6 grand", "money", 6000, "USD")]),
        ("She won 2 grand slams in a year.", [("2", "count", 2, "grand slams")]),
        ("The new forward is six-foot-two.", [("six-foot-two", "measure", pytest.approx(6 + 2 / 12), "foot")]),
        ("My sister is five foot four in heels.", [("five foot four", "measure", pytest.approx(5 + 4 / 12), "foot")]),
        ("The tablet has 64 gb of storage.", [("64 gb", "measure", 64, "gigabyte")]),
        ("The town has 1.2m people.", [("1.2m", "count", 1_200_000, "people")]),
        ("A 12m mast was raised.", [("12m", "measure", 12, "meter")]),
        ("She ordered a dozen eggs.", [("a dozen", "count", 12, "eggs")]),
        ("Half a million people live there.", [("Half a million", "count", 500_000, "people")]),
        ("A couple of hundred fans sang.", [("A couple of hundred", "count", 200, "fans")]),
        # vague magnitudes with no numeral are no amount; an exact count beside them is
        ("Tens of thousands of people marched and 12 were held.", [("12", "count", 12, None)]),
        ("Dozens of shops and hundreds of homes lost power.", []),
    ],
)
def test_spoken_and_informal_forms(text: str, expected: list[tuple[str, str, Any, Any]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # cents said after the amount, with no word for them
        ("The tram fare is one dollar fifty for adults.", [("one dollar fifty", "money", 1.5, "USD")]),
        ("A pretzel costs a dollar twenty at the fair.", [("a dollar twenty", "money", 1.2, "USD")]),
        ("Plums were 2 euros 40 each.", [("2 euros 40", "money", 2.4, "EUR")]),
        ("He paid 5 dollars 20 people came.", [("5 dollars", "money", 5, "USD"), ("20", "count", 20, "people")]),
        # sub-units of other currencies, by their own names
        ("The chai was 20 rupees and 50 paise.", [("20 rupees and 50 paise", "money", 20.5, "INR")]),
        ("Bread costs 4 zlotys and 30 groszy.", [("4 zlotys and 30 groszy", "money", 4.3, "PLN")]),
        ("The ferry is 45 kronor and 50 öre.", [("45 kronor and 50 öre", "money", 45.5, "SEK")]),
        # a unit written once after two amounts joined by "and"
        (
            "The mice got 15 and 30 mg of the salt.",
            [("15", "measure", 15, "milligram"), ("30 mg", "measure", 30, "milligram")],
        ),
        (
            "Tips of 5 and 10 euros were common.",
            [("5", "money", 5, "EUR"), ("10 euros", "money", 10, "EUR")],
        ),
    ],
)
def test_cents_and_units_written_once(text: str, expected: list[tuple[str, str, Any, Any]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # sports: tallies, one shot or player measured by its number, heights as adjectives
        ("The shortstop went 2-for-4 with a walk.", []),
        ("Her last-second 3-pointer won it.", []),
        ("The 6-foot-4 winger signed.", [("6-foot-4", "measure", pytest.approx(6 + 4 / 12), "foot")]),
        # splits and eyesight are no fractions
        ("The estate was split 70/30 between them.", []),
        ("Pilots need 20/20 vision.", []),
        ("Use 2/3 cup of rice.", [("2/3 cup", "measure", pytest.approx(2 / 3), "cup")]),
        # a preposition after a number ends its counted noun
        ("The index closed 40 below the record.", [("40", "count", 40, None)]),
        ("The pass sat at 15 below zero.", [("15 below zero", "temperature", -15, "degree")]),
    ],
)
def test_more_forms_from_news(text: str, expected: list[tuple[str, str, Any, Any]]) -> None:
    assert found(text) == expected
