"""dates: absolute and relative dates, times, intervals, durations and sets (sentences written for these tests)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from factpull.extract.dates import extract_dates
from factpull.rules.load import EXAMPLE_REF_DATE, Example, load_rules
from factpull.types import DateFact

RULES = load_rules()
REF = dt.date(2021, 4, 6)  # a Tuesday


def facts(text: str, ref: dt.date | None = REF) -> list[tuple[str, str, str | None]]:
    return [(d.text, d.kind, d.value) for d in extract_dates(text, ref, RULES)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The plant opened on January 3, 2020 with fanfare.", [("January 3, 2020", "date", "2020-01-03")]),
        ("By JANE DOE|Apr 06,2021", [("Apr 06,2021", "date", "2021-04-06")]),
        ("Signed 3 Jan 2019 in Lyon.", [("3 Jan 2019", "date", "2019-01-03")]),
        ("Filed 2019-01-03 by the clerk.", [("2019-01-03", "date", "2019-01-03")]),
        ("Due 03/01/2019 at the latest.", [("03/01/2019", "date", "2019-03-01")]),
        ("Due 25/12/2019 at the latest.", [("25/12/2019", "date", "2019-12-25")]),
        ("The law dates from March 1998.", [("March 1998", "date", "1998-03")]),
        ("He retired in 1987.", [("1987", "date", "1987")]),
        ("It was built in the 1960s.", [("the 1960s", "interval", "1960/1970")]),
        ("Results for 2019 Q3 are in.", [("2019 Q3", "interval", "2019-07/2019-10")]),
    ],
)
def test_absolute(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert facts(text) == expected


@pytest.mark.parametrize(
    ("text", "ref", "expected"),
    [
        ("On April 1, the mayor spoke.", REF, [("April 1", "date", "2021-04-01")]),
        ("Prices fell last year.", dt.date(1998, 9, 11), [("last year", "date", "1997")]),
        ("Prices fell last month.", dt.date(1998, 9, 11), [("last month", "date", "1998-08")]),
        ("We will meet next week.", REF, [("next week", "date", "2021-W15")]),
        ("The vote was held on Friday.", REF, [("Friday", "date", "2021-04-02")]),
        ("The vote will be held on Friday.", REF, [("Friday", "date", "2021-04-09")]),
        ("She left yesterday.", REF, [("yesterday", "date", "2021-04-05")]),
        ("They arrived two weeks ago.", REF, [("two weeks ago", "date", "2021-W12")]),
        ("The fair opens in 3 days.", REF, [("in 3 days", "date", "2021-04-09")]),
        ("Harvest starts in early September.", REF, [("early September", "date", "2021-09")]),
        ("He moved here in the summer of 2010.", REF, [("summer of 2010", "date", "2010-SU")]),
    ],
)
def test_relative(text: str, ref: dt.date, expected: list[tuple[str, str, str | None]]) -> None:
    assert facts(text, ref) == expected


def test_relative_flag_and_no_reference() -> None:
    (d,) = extract_dates("On April 1, the mayor spoke.", REF, RULES)
    assert d.relative is True
    assert d.rule
    (d,) = extract_dates("On April 1, the mayor spoke.", None, RULES)
    assert d.value is None
    (d,) = extract_dates("It closed on January 3, 2020.", None, RULES)
    assert (d.value, d.relative) == ("2020-01-03", False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'll be away from 3-19 in next month.", [("from 3-19 in next month", "interval", "2021-05-03/2021-05-19")]),
        ("Sales grew between 2015 and 2017.", [("between 2015 and 2017", "interval", "2015/2017")]),
        ("The show runs from February to June.", [("from February to June", "interval", "2021-02/2021-06")]),
        ("Closed October 11-12 for repairs.", [("October 11-12", "interval", "2021-10-11/2021-10-12")]),
        ("He served for 40 years.", [("40 years", "duration", "P40Y")]),
        ("The talk lasted 2 hours.", [("2 hours", "duration", "PT2H")]),
        ("It took half an hour.", [("half an hour", "duration", "PT0.5H")]),
        ("The paper appears weekly.", [("weekly", "set", "P1W")]),
        ("We swim every Monday.", [("every Monday", "set", "XXXX-WXX-1")]),
    ],
)
def test_intervals_durations_sets(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert facts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The train leaves at 3:30 pm.", [("3:30 pm", "time", "2021-04-06T15:30:00")]),
        ("Doors open at 8am tomorrow.", [("8am tomorrow", "time", "2021-04-07T08:00:00")]),
        ("Let's meet Friday at 9 am.", [("Friday at 9 am", "time", "2021-04-09T09:00:00")]),
        ("Office hours are 9-11am.", [("9-11am", "time", "09:00:00/11:00:00")]),
        ("We met this morning.", [("this morning", "time", "2021-04-06T08:00:00/2021-04-06T12:00:00")]),
    ],
)
def test_times(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert facts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "You may go on with the plan.",
        "Veterans march on the capital.",
        "The spring in the garden is dry.",
        "Support reached 69 percent.",
        "It may rain on and off.",
        "Good morning, everyone.",
        "Her grandfather is 60 years old.",
        "Call +86-23-67158993 for help.",
        "About 3/4 of the crew stayed ashore.",  # a fraction of something, not March 4
    ],
)
def test_not_dates(text: str) -> None:
    assert facts(text) == []


def test_date_and_quantity_side_by_side() -> None:
    assert facts("On Saturday, 69 percent voted.", dt.date(2021, 4, 6)) == [("Saturday", "date", "2021-04-03")]


def _fired(rule_id: str, text: str) -> list[DateFact]:
    """The facts of ``text`` that rule ``rule_id`` gave, alone or as one part of a join (exact id)."""
    return [d for d in extract_dates(text, REF, RULES) if rule_id in d.rule.split("+")]


_EXAMPLES = [(r.id, e) for r in RULES.section("dates.rule") for e in r.examples()]
_COUNTER_EXAMPLES = [(r.id, e) for r in RULES.section("dates.rule") for e in r.examples("counter_examples")]


@pytest.mark.parametrize(("rule_id", "example"), _EXAMPLES, ids=[f"{i}:{e.text}" for i, e in _EXAMPLES])
def test_rule_example(rule_id: str, example: Example) -> None:
    """Each example of a dates.toml rule fires that rule and gives its value (EXAMPLE_REF_DATE)."""
    assert REF.isoformat() == EXAMPLE_REF_DATE
    got = _fired(rule_id, example.text)
    assert got, (rule_id, example.text, extract_dates(example.text, REF, RULES))
    assert example.expected["value"] in [d.value for d in got]
    for key in ("mod", "within"):  # the part meant and the finer reading, when the example gives them
        if key in example.expected:
            assert example.expected[key] in [getattr(d, key) for d in got if d.value == example.expected["value"]]


@pytest.mark.parametrize(("rule_id", "example"), _COUNTER_EXAMPLES, ids=[f"{i}:{e.text}" for i, e in _COUNTER_EXAMPLES])
def test_rule_counter_example(rule_id: str, example: Example) -> None:
    assert _fired(rule_id, example.text) == []


def test_every_rule_has_three_examples_with_values() -> None:
    for rule in RULES.section("dates.rule"):
        with_value = [e for e in rule.examples() if "value" in e.expected]
        assert len(with_value) >= 3, rule.id


def test_offsets() -> None:
    text = "From 2015 to 2017, and again on May 5, 2019 at 10:00, sales rose."
    for d in extract_dates(text, REF, RULES):
        assert text[d.start : d.end] == d.text


def test_seed_page() -> None:
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "samples" / "ichongqing-chengdu-chongqing-2021-04-06.txt"
    text = path.read_text(encoding="utf-8")
    got = [(d.text, d.value, d.relative) for d in extract_dates(text, dt.date(2021, 4, 6), RULES)]
    assert ("April 1", "2021-04-01", True) in got
    assert ("January 3, 2020", "2020-01-03", False) in got
    assert ("Apr 06,2021", "2021-04-06", False) in got
    assert not [d for d in extract_dates(text, None, RULES) if d.start > text.index("telephone number")]


def test_weekday_on_the_reference_day() -> None:
    tuesday = dt.date(2021, 4, 6)
    assert facts("The vote was held on Tuesday.", tuesday) == [("Tuesday", "date", "2021-04-06")]
    assert facts("The vote will be held on Tuesday.", tuesday) == [("Tuesday", "date", "2021-04-06")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # past tense and reported speech: the most recent such day
        ("The board said on Thursday it had sold the depot.", [("Thursday", "date", "2021-04-01")]),
        ("Voting ended Sunday.", [("Sunday", "date", "2021-04-04")]),
        # future, modal or scheduled: the next one
        ("The ferry will sail on Saturday.", [("Saturday", "date", "2021-04-10")]),
        ("The rent is due Friday.", [("Friday", "date", "2021-04-09")]),
        ("The book fair starts Thursday.", [("Thursday", "date", "2021-04-08")]),
        ("The final is scheduled for Sunday.", [("Sunday", "date", "2021-04-11")]),
        ("Please return the keys by Monday.", [("Monday", "date", "2021-04-12")]),
        # a present tense that schedules: the next one
        ("The pool reopens Thursday.", [("Thursday", "date", "2021-04-08")]),
        ("The parade is on Sunday.", [("Sunday", "date", "2021-04-11")]),
        ("The choir sings Saturday.", [("Saturday", "date", "2021-04-10")]),
        # a plural noun before the weekday is no such verb
        ("The results Friday were strong.", [("Friday", "date", "2021-04-02")]),
        # a deadline in a past sentence stays in the past
        ("The roof was fixed by Monday.", [("Monday", "date", "2021-04-05")]),
    ],
)
def test_weekday_direction(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert facts(text) == expected


@pytest.mark.parametrize(
    ("text", "ref", "value"),
    [
        ("The pier was repainted last spring.", dt.date(2022, 10, 12), "2022-SP"),  # spring is over: this year's
        ("The pier was repainted last spring.", dt.date(2022, 4, 12), "2021-SP"),  # in spring: the one before
        ("Ice closed the lake last winter.", dt.date(2022, 4, 12), "2021-WI"),  # December 2021 to February
        ("The dig resumes next summer.", dt.date(2022, 10, 12), "2023-SU"),
        ("The dig resumes next autumn.", dt.date(2022, 4, 12), "2022-FA"),
    ],
)
def test_last_and_next_season(text: str, ref: dt.date, value: str) -> None:
    assert [f[2] for f in facts(text, ref)] == [value]


def test_the_coming_year_is_the_year_after_the_reference() -> None:
    assert facts("The plan sets rents for the coming year.", dt.date(2022, 11, 3)) == [
        ("coming year", "interval", "2022-11-03/2023-11-03")
    ]
    assert facts("Prices rose over the past year.", dt.date(2022, 11, 3)) == [
        ("past year", "interval", "2021-11-03/2022-11-03")
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The library shuts on New Year's Eve.", "2021-12-31"),  # fixed
        ("Fireworks were banned on Guy Fawkes Night 2019.", "2019-11-05"),
        ("Schools close on Juneteenth.", "2021-06-19"),
        ("The march is on Martin Luther King Jr. Day 2022.", "2022-01-17"),  # third Monday of January
        ("Stores open early on Memorial Day 2020.", "2020-05-25"),  # last Monday of May
        ("We ate turkey on Thanksgiving 2019.", "2019-11-28"),  # fourth Thursday of November
        ("Flowers sell out before Mother's Day 2021.", "2021-05-09"),  # second Sunday of May
        ("Polls opened early on Election Day 2020.", "2020-11-03"),  # the Tuesday after the first Monday
        ("The choir sang on Easter 2021.", "2021-04-04"),  # movable, from dateutil.easter
        ("Lent starts on Ash Wednesday 2022.", "2022-03-02"),
        ("The shops close on Whit Monday 2019.", "2019-06-10"),
    ],
)
def test_holidays(text: str, value: str) -> None:
    assert [f[2] for f in facts(text) if f[1] == "date"] == [value]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The depot opens at 11 a.m. Thursday.", ("11 a.m. Thursday", "2021-04-01T11:00:00")),
        ("The hearing began at 4pm on 2/3/2016.", ("4pm on 2/3/2016", "2016-02-03T16:00:00")),
        ("The clinic was open Friday 9-5.", ("Friday 9-5", "2021-04-02T09:00:00/2021-04-02T17:00:00")),
        (
            "The stall was staffed from 9:15 to 2 on Saturday.",
            ("from 9:15 to 2 on Saturday", "2021-04-03T09:15:00/2021-04-03T14:00:00"),
        ),
    ],
)
def test_times_joined_with_their_date(text: str, expected: tuple[str, str]) -> None:
    assert [(f[0], f[2]) for f in facts(text)] == [expected]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The show starts at a quarter past 5pm.", "2021-04-06T17:15:00"),
        ("Dinner is served at half past 7 pm.", "2021-04-06T19:30:00"),
        ("The ferry leaves at 18h45.", "2021-04-06T18:45:00"),
        ("The bakery opens at noon.", "2021-04-06T12:00:00"),
        ("The bar shuts at midnight.", "2021-04-06T00:00:00"),
        ("The bell rings at a quarter to nine.", "2021-04-06T08:45:00"),
    ],
)
def test_clock_forms(text: str, value: str) -> None:
    assert [f[2] for f in facts(text)] == [value]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The novel was written in nineteen eighty-four.", ("nineteen eighty-four", "1984")),
        ("The firm has traded since two thousand and nine, when it opened.", ("two thousand and nine", "2009")),
        ("The crew returns the week after next.", ("the week after next", "2021-W16")),
        ("Sales this calendar month are weak.", ("this calendar month", "2021-04")),
        ("Rotas for w/c Mar 15 are out.", ("w/c Mar 15", "2021-W11")),
        ("The audit is the week of June 3rd.", ("the week of June 3rd", "2021-W22")),
        ("Please send the figures by end of day.", ("end of day", "2021-04-06")),
        ("The fair is on June twenty one.", ("June twenty one", "2021-06-21")),
        ("The shop opened 2019 August 4 with a party.", ("2019 August 4", "2019-08-04")),
        ("The lease ends 12-March-2022 for the flat.", ("12-March-2022", "2022-03-12")),
        ("Output grew from Q2 2015 to Q4 2016.", ("from Q2 2015 to Q4 2016", "2015-04/2016-10")),
        ("Output fell from Q1 to Q3 2019.", ("from Q1 to Q3 2019", "2019-01/2019-07")),  # the year of the end
        ("Output fell from Q2 to Q4.", ("from Q2 to Q4", "2020-04/2020-10")),  # both in the year the tense gives
        ("The scan is dated Aug-14-2011.", ("Aug-14-2011", "2011-08-14")),
        ("The deed is dated 1987 March 9.", ("1987 March 9", "1987-03-09")),
    ],
)
def test_spelled_and_unusual_forms(text: str, expected: tuple[str, str]) -> None:
    assert [(f[0], f[2]) for f in facts(text)] == [expected]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Fees rose earlier this month.", "2021-04"),
        ("The mall opens later this year.", "2021"),
    ],
)
def test_earlier_and_later_in_the_current_unit(text: str, value: str) -> None:
    assert [f[2] for f in facts(text)] == [value]


def test_not_a_spelled_year_or_the_idiom() -> None:
    assert facts("The grant helped in two thousand homes.") == []
    assert facts("In June twelve people left the board.", dt.date(2021, 8, 2)) == [("June", "date", "2021-06")]
    assert facts("At the end of the day, the voters decide.") == []
    assert facts("The score was 3-1 on Sunday.") == [("Sunday", "date", "2021-04-04")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The voyage took 2 years, 5 days, 1 hour and 9 seconds.", ("duration", "P2Y5DT1H9S")),
        ("The dough rests 3/4 h.", ("duration", "PT0.75H")),
        ("The drive took an hour and a half.", ("duration", "PT1.5H")),
        ("The walk took an hour and a quarter.", ("duration", "PT1.25H")),
        ("The mill closed 4 weeks ago.", ("date", "2021-W10")),
        ("The ferry left 3 hours ago.", ("time", "2021-04-05T21:00:00")),
    ],
)
def test_durations_with_several_parts_and_ago(text: str, expected: tuple[str, str]) -> None:
    assert [(f[1], f[2]) for f in facts(text)] == [expected]


@pytest.mark.parametrize(
    ("text", "ref", "value"),
    [
        # a clause with no tense of its own takes the time its sentence speaks of, not its main verb's tense
        (
            "The board has agreed a levy for the coming year, with fees rising by 3 per cent from June.",
            "2023-03-01",
            "2023-06",
        ),
        (
            "The council approved its budget for next year on Monday, with parking going up from May.",
            "2022-02-10",
            "2022-05",
        ),
        ("Rail fares were frozen for the coming year, taking effect from March.", "2022-01-10", "2022-03"),
        ("The trust sold two farms last year, with the last tenants leaving in October.", "2022-03-10", "2021-10"),
        # its own tense words come first
        ("The plan was agreed, with work due to start in September.", "2022-03-10", "2022-09"),
        ("Sales fell last year, with a new model due in June.", "2022-03-10", "2022-06"),
        # no time in the sentence: the main verb's tense, as before
        ("The firm posted a loss, with sales falling from June.", "2022-03-10", "2021-06"),
    ],
)
def test_month_in_a_clause_without_tense_follows_its_sentence(text: str, ref: str, value: str) -> None:
    months = [d.value for d in extract_dates(text, dt.date.fromisoformat(ref), RULES) if d.value and len(d.value) == 7]
    assert months == [value]


def test_candidates_computed_once_give_the_same_dates() -> None:
    from factpull.extract.dates import find_candidates

    text = "In early March the firm met on Tuesday at 9 am; by 2019-05-03 it had hired 40 people for 3 years."
    ref = dt.date(2020, 5, 6)
    assert extract_dates(text, ref, RULES, candidates=find_candidates(text, RULES)) == extract_dates(text, ref, RULES)


def test_rules_behind_a_look_behind_still_fire() -> None:
    # rules that read the words before their match ("in 1400", "the 3 next days") are tried too
    found = [(d.text, d.value) for d in extract_dates("It was built in 1450 by monks.", dt.date(2020, 5, 6), RULES)]
    assert found == [("1450", "1450")]


@pytest.mark.parametrize(
    "text",
    [
        "The city approved a second bus depot.",  # an ordinal, not a duration of one second
        "It is a second chance for the team.",
        "The levy adds about £52 a year to each bill.",  # a rate, not a duration
        "The mill ships 40,000 tonnes a month.",
    ],
)
def test_not_these_dates(text: str) -> None:
    assert [f for f in facts(text) if f[1] in ("duration", "set") or "last" in f[0].lower()] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hold on a second.", [("a second", "duration", "PT1S")]),
        ("The sale ended a year ago.", [("a year ago", "date", "2020")]),
        ("She jogs 4 times a week.", [("4 times a week", "set", "P1W")]),
        ("Prices doubled over the last 6 months.", [("the last 6 months", "interval", "2020-10-06/2021-04-06")]),
        ("Last 2 weeks were quiet.", [("Last 2 weeks", "interval", "2021-03-23/2021-04-06")]),
        ("The hearings last 6 months.", [("6 months", "duration", "P6M")]),  # "last" is a verb here
        ("Repairs begin in June and last 9 weeks.", [("June", "date", "2021-06"), ("9 weeks", "duration", "P9W")]),
    ],
)
def test_durations_rates_and_verbs(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert facts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The museum will open in September.", [("September", "date", "2021-09")]),
        ("The mayor said the bridge would reopen in February.", [("February", "date", "2022-02")]),
        ("The mayor said the bridge reopened in February.", [("February", "date", "2021-02")]),
        ("The firm said on Friday it would hire staff.", [("Friday", "date", "2021-04-02")]),  # "said" is nearer
    ],
)
def test_month_follows_the_tense(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert facts(text) == expected


FUTURE_LIST = """The orchestra will play eight towns on its spring tour, its manager said.

Tour dates

February 2 – Ashby, Corn Exchange
* Sat 13 March: Wells, Town Hall
1. April 20 – Ripon Cathedral
"""

PAST_LIST = """The club had a wretched autumn, as its results show.

Results

May 8 – home draw with Rovers
* 16 May: away loss at Ashby
"""


@pytest.mark.parametrize(
    ("text", "ref", "expected"),
    [
        # REF is Tuesday 6 April 2021: a list introduced in the future tense runs into next year
        (
            FUTURE_LIST,
            REF,
            [
                ("February 2", "2022-02-02"),
                ("Sat", "2021-04-10"),
                ("13 March", "2022-03-13"),
                ("April 20", "2021-04-20"),
            ],
        ),
        # introduced in the past tense, it lies before the reference (a year back when needed)
        (PAST_LIST, dt.date(2021, 3, 1), [("May 8", "2020-05-08"), ("16 May", "2020-05-16")]),
        # no sentence with a tense above the list: the reference year, as for any date with no tense
        ("Fixtures\n\nFebruary 2 – home to Rovers\n", REF, [("February 2", "2021-02-02")]),
        # a date inside a sentence, not opening a list item, does not look above
        (
            "The market will move next spring.\n\nStalls 10 February at the quay.\n",
            REF,
            [("next spring", "2022-SP"), ("10 February", "2021-02-10")],
        ),
    ],
)
def test_a_list_of_dates_takes_the_tense_of_its_introduction(
    text: str, ref: dt.date, expected: list[tuple[str, str]]
) -> None:
    assert [(span, value) for span, _kind, value in facts(text, ref)] == expected


def test_tokenised_month_abbreviation() -> None:
    assert facts("shares fell on sept . 30 , 1994 .") == [("sept . 30 , 1994", "date", "1994-09-30")]


def test_budget_sample_from_april_is_this_april() -> None:
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "samples" / "british-council-budget.txt"
    text = path.read_text(encoding="utf-8")
    april = [d for d in extract_dates(text, dt.date(2023, 2, 23), RULES) if d.text == "April"]
    assert [d.value for d in april] == ["2023-04"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The shuttle leaves now.", "2021-04-06T14:20:00"),
        ("The shuttle leaves in 2 minutes.", "2021-04-06T14:22:00"),
        ("The ferry docked 3 hours ago.", "2021-04-06T11:20:00"),
        ("The results come 2 hours from now.", "2021-04-06T16:20:00"),
        ("The vote is in 3 days.", "2021-04-09"),  # whole days keep the day
    ],
)
def test_reference_with_a_time_of_day(text: str, value: str) -> None:
    assert [f[2] for f in facts(text, dt.datetime(2021, 4, 6, 14, 20))] == [value]


@pytest.mark.parametrize(
    ("raw", "ref"),
    [
        ("2021-04-06", dt.date(2021, 4, 6)),
        ("2021-04-06T14:20", dt.datetime(2021, 4, 6, 14, 20)),
        ("2019-06-15T10:00:05Z", dt.datetime(2019, 6, 15, 10, 0, 5)),  # a WARC-Date keeps its time
        ("2021-04-06T25:00", None),
        ("soon", None),
    ],
)
def test_reference_strings(raw: str, ref: dt.date | None) -> None:
    from factpull.options import iso_reference

    assert iso_reference(raw) == ref


def test_cli_reference_with_a_time(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from factpull.cli import main

    page = tmp_path / "page.txt"
    page.write_text("The shuttle left 20 minutes ago.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", "--ref-date", "2021-04-06T14:20", str(page)])
    assert result.exit_code == 0, result.output
    assert [d["value"] for d in json.loads(result.stdout)["dates"]] == ["2021-04-06T14:00:00"]
    bad = CliRunner().invoke(main, ["extract", "--ref-date", "2021-04-06T25:00", str(page)])
    assert bad.exit_code != 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the value names the unit the words name; the part meant and the finer reading beside it
        ("The ferry service resumes in mid-June.", ("mid-June", "2021-06", "mid", "2021-06-10/2021-06-21")),
        ("Snow closed the pass in late January.", ("late January", "2021-01", "end", "2021-01-16/2021-02-01")),
        ("The tower was finished early last year.", ("early last year", "2020", "start", "2020-01/2020-07")),
        ("Rents went up earlier in the month.", ("earlier in the month", "2021-04", None, "2021-04-01/2021-04-16")),
        ("The shop changed hands a week ago.", ("a week ago", "2021-W13", None, "2021-03-30")),
        ("The ship docked three years ago.", ("three years ago", "2018", None, "2018-04-06")),
        ("The ship docked three days ago.", ("three days ago", "2021-04-03", None, None)),
    ],
)
def test_value_at_the_granularity_the_words_name(text: str, expected: tuple[str, str, str | None, str | None]) -> None:
    assert [(d.text, d.value, d.mod, d.within) for d in extract_dates(text, REF, RULES)] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an offset from an event is an amount of time, not a date counted from the reference
        ("The river flooded on May 4 - nine days before the inquiry.", [("May 4", "2020-05-04"), ("nine days", "P9D")]),
        ("Two weeks after the fire, the shop reopened.", [("Two weeks", "P2W")]),
        ("She resigned a month before the merger was signed.", [("a month", "P1M")]),
        # with a date to anchor on, it is that date
        ("The bridge opened 3 days after May 2.", [("3 days after May 2", "2020-05-05")]),
    ],
)
def test_offset_from_an_event_is_a_duration(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(d.text, d.value) for d in extract_dates(text, REF, RULES)] == expected


@pytest.mark.parametrize(
    ("text", "ref", "value"),
    [
        # the nearest tense word before the date decides, not an earlier clause
        (
            "Last week the court refused a delay to the trial, which is scheduled to open in March.",
            dt.date(2021, 11, 20),
            "2022-03",
        ),
        ("The firm closed two plants in 2019 and will open a new one in May.", dt.date(2021, 8, 2), "2022-05"),
        ("A passenger told reporters the ferry, which sails in July, was full.", dt.date(2021, 9, 1), "2021-07"),
        # a reporting verb frames the clause; it decides only when no other tense word does
        ("The tram line will open in May, the mayor said.", dt.date(2021, 9, 1), "2022-05"),
        ("Tolls rise in March, the operator says.", dt.date(2021, 9, 1), "2021-03"),
        ("The council said in June that the pool will reopen.", dt.date(2021, 9, 1), "2021-06"),
        # a participle after a modal is a future
        ("The ballot will be held in February, officials said.", dt.date(2021, 10, 5), "2022-02"),
        ("The new line is to be opened in January.", dt.date(2021, 10, 5), "2022-01"),
        # a plan told in the past tense lies in the past
        ("The prisoner was due to be freed in September, a lawyer said.", dt.date(2021, 11, 20), "2021-09"),
        ("The talks were scheduled to end in October.", dt.date(2021, 11, 20), "2021-10"),
        ("The ship was expected to dock in August.", dt.date(2021, 11, 20), "2021-08"),
    ],
)
def test_month_follows_the_nearest_tense_word(text: str, ref: dt.date, value: str) -> None:
    months = [d.value for d in extract_dates(text, ref, RULES) if d.value and len(d.value) == 7]
    assert months == [value]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # counted from the latest date the text names before it, in its paragraph or the one before
        (
            "The depot burned on March 9, 2017.\n\nThe day after, the owners filed a claim.",
            [("March 9, 2017", "2017-03-09"), ("The day after", "2017-03-10")],
        ),
        (
            "Work began in 2014 and the same year the firm hired 40 people. The next year it moved.",
            [("2014", "2014"), ("the same year", "2014"), ("The next year", "2015")],
        ),
        # a placed anaphor anchors the next one
        (
            "The strike began on 4 May 2010. The following day talks failed, and the day after that the army came.",
            [("4 May 2010", "2010-05-04"), ("The following day", "2010-05-05"), ("the day after that", "2010-05-06")],
        ),
        # an anchor that is not precise enough is skipped: a day needs a day
        (
            "The harbour opened on 2 July 2001. By 2003 it was busy; the following day is not recorded.",
            [("2 July 2001", "2001-07-02"), ("2003", "2003"), ("the following day", "2001-07-03")],
        ),
        # no date before it in reach: counted from the reference
        (
            "The museum opened in 1990.\n\nIt was rebuilt.\n\nIt grew.\n\nThe following day is a holiday.",
            [("1990", "1990"), ("The following day", "2021-04-07")],
        ),
    ],
)
def test_anaphoric_dates_count_from_the_date_just_named(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(d.text, d.value) for d in extract_dates(text, REF, RULES)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a clock time alone is a time on the latest day named before it in its paragraph
        (
            "The vote on 12 March 2019 ran late; the count ended at 11:40 pm.",
            [("12 March 2019", "2019-03-12"), ("11:40 pm", "2019-03-12T23:40:00")],
        ),
        # else on the reference day, marked relative
        ("Firefighters reached the barn at 6 a.m.", [("6 a.m.", "2021-04-06T06:00:00")]),
        ("The polls close at noon.", [("noon", "2021-04-06T12:00:00")]),
        # a year is no day to put it on
        ("The mill, built in 1911, blew its whistle at 7 pm.", [("1911", "1911"), ("7 pm", "2021-04-06T19:00:00")]),
        # ranges of hours and parts of day stay times of day (opening hours, schedules)
        ("The library is open 10am-4pm.", [("10am-4pm", "10:00:00/16:00:00")]),
        ("The roads are quiet in the afternoon.", [("in the afternoon", "12:00:00/16:00:00")]),
    ],
)
def test_clock_time_alone_is_on_a_day(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(d.text, d.value) for d in extract_dates(text, REF, RULES)] == expected


def test_clock_time_without_a_reference_stays_a_time_of_day() -> None:
    assert [(d.text, d.value) for d in extract_dates("Firefighters reached the barn at 6 a.m.", None, RULES)] == [
        ("6 a.m.", "06:00:00")
    ]


def test_lower_case_weekday_abbreviations_that_are_verbs() -> None:
    assert facts("The keeper sat out the final.") == []
    assert facts("They wed in a barn.") == []
    assert facts("Doors open sat, 10 April.")[0][0].startswith("sat")
    assert facts("The fair is on Sat.")[0][0].startswith("Sat")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "within" an amount is that amount of time (TimeML's DURATION), the preposition left out
        ("The loan must be repaid within 2 years.", [("2 years", "duration", "P2Y")]),
        ("Crews reached the village within 40 minutes.", [("40 minutes", "duration", "PT40M")]),
        ("Ships will dock within the next 3 days.", [("3 days", "duration", "P3D")]),
        # as is "in" an amount in a past sentence: the stretch it took, not a point ahead
        ("The lake flooded twice in ten years.", [("ten years", "duration", "P10Y")]),
    ],
)
def test_within_an_amount_is_a_duration(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert facts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an hour and its minutes in words, after "at", "from", "to" or a day of the month
        ("The train left at nine oh five.", ("nine oh five", "2021-04-06T09:05:00")),
        (
            "The choir sings from two thirty to three forty-five.",
            ("from two thirty to three forty-five", "02:30:00/03:45:00"),
        ),
        ("The auction opened on June 3rd, eleven forty-five.", ("June 3rd, eleven forty-five", "2020-06-03T11:45:00")),
        ("I left at one thirty p m.", ("one thirty p m.", "2021-04-06T13:30:00")),
    ],
)
def test_clock_times_in_words(text: str, expected: tuple[str, str]) -> None:
    assert [(f[0], f[2]) for f in facts(text)] == [expected]


def test_numbers_in_words_are_no_clock_time() -> None:
    assert facts("The count rose to three hundred.") == []
    assert facts("The first nine thirty-day permits were issued.") == [("thirty-day", "duration", "P30D")]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # in a night, the small hours are after midnight; later hours are p.m.
        ("The alarm went off tonight at 2.", "2021-04-06T02:00:00"),
        ("The party ends at 1 tonight.", "2021-04-06T01:00:00"),
        ("The phone rang at one o'clock at night.", "2021-04-06T01:00:00"),
        ("We leave tonight at 9.", "2021-04-06T21:00:00"),
        ("The phone rang at ten o'clock tonight.", "2021-04-06T22:00:00"),
    ],
)
def test_night_hours(text: str, value: str) -> None:
    assert [f[2] for f in facts(text)] == [value]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "Monday 5-7": May 7 is no Monday this year, so the numbers are two hours of that Monday
        ("The clinic is open next Monday 5-7", ("next Monday 5-7", "2021-04-12T05:00:00/2021-04-12T07:00:00")),
        ("The clinic was open Monday 5-7.", ("Monday 5-7", "2021-04-05T05:00:00/2021-04-05T07:00:00")),
        # a weekday that fits the day of the month this year stays a date
        ("Clinic reopening: Tuesday 6-8", ("Tuesday 6-8", "2021-06-08")),
    ],
)
def test_weekday_with_two_numbers(text: str, expected: tuple[str, str]) -> None:
    assert [(f[0], f[2]) for f in facts(text)] == [expected]


def test_a_day_of_every_month_is_a_set() -> None:
    assert facts("Rent is due on the 1st of every month.") == [("the 1st of every month", "set", "XXXX-XX-01")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a stretch of hours or minutes ends or starts at the reference time
        ("Traffic was heavy in the past hour.", ("past hour", "2021-04-06T08:15:00/2021-04-06T09:15:00")),
        ("Six ships docked in the last 24 hours.", ("the last 24 hours", "2021-04-05T09:15:00/2021-04-06T09:15:00")),
        ("Results are due in the next hour.", ("next hour", "2021-04-06T09:15:00/2021-04-06T10:15:00")),
    ],
)
def test_stretch_of_hours_from_the_reference_time(text: str, expected: tuple[str, str]) -> None:
    assert [(f[0], f[2]) for f in facts(text, dt.datetime(2021, 4, 6, 9, 15))] == [expected]


def test_stretch_of_hours_needs_a_reference_time_and_the_idiom_is_none() -> None:
    now = dt.datetime(2021, 4, 6, 9, 15)
    assert facts("Six ships docked in the last 24 hours.") == [("the last 24 hours", "time", None)]
    assert facts("She booked at the last minute.", now) == []
    assert facts("He scored in the last minute of the game.", now) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the year written after the time (logs, mail headers) or after "in" / "of"
        (
            "The crash report is stamped Fri Jan 8 07:12:40 2016 in the log.",
            ("Fri Jan 8 07:12:40 2016", "2016-01-08T07:12:40"),
        ),
        ("The dam was finished in October in 1931.", ("October in 1931", "1931-10")),
        (
            "Sales rose from April in 2015 to August in 2016.",
            ("from April in 2015 to August in 2016", "2015-04/2016-08"),
        ),
        ("The fair runs 3 July to 5 July in 2022.", ("3 July to 5 July in 2022", "2022-07-03/2022-07-05")),
        ("The fair opened on the 4th of July in 1999.", ("the 4th of July in 1999", "1999-07-04")),
        ("The club was founded on October 2 of 1911.", ("October 2 of 1911", "1911-10-02")),
    ],
)
def test_year_written_after_the_date(text: str, expected: tuple[str, str]) -> None:
    assert [(f[0], f[2]) for f in facts(text)] == [expected]


def test_full_stop_after_a_short_month_name_ends_the_sentence() -> None:
    assert facts("The festival is on the third of July.") == [("the third of July", "date", "2021-07-03")]
    assert facts("The law came into force on Sept. 3.", dt.date(2021, 11, 2)) == [("Sept. 3", "date", "2021-09-03")]


@pytest.mark.parametrize(
    ("text", "ref", "value"),
    [
        # a holiday without a year: the one the tense points to
        ("The shops were shut on Christmas Day.", REF, "2020-12-25"),
        ("The parade will be on Thanksgiving.", REF, "2021-11-25"),
        ("Crowds will gather on St Patrick's Day.", REF, "2022-03-17"),
        ("The bar was packed on St Patrick's Day.", dt.date(2021, 2, 10), "2020-03-17"),
        ("Schools reopen after Labor Day.", dt.date(2021, 9, 1), "2021-09-06"),
        ("The church was full at Easter.", dt.date(2021, 5, 1), "2021-04-04"),
        # a present passive is no past tense: this year's
        ("The race is held on Independence Day.", REF, "2021-07-04"),
        ("The race was held on Independence Day.", REF, "2020-07-04"),
    ],
)
def test_holiday_without_a_year_follows_the_tense(text: str, ref: dt.date, value: str) -> None:
    assert [f[2] for f in facts(text, ref)] == [value]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The vote is held on Thursday.", "2021-11-04"),
        ("The vote is planned for Thursday.", "2021-11-04"),
        ("The vote was held on Thursday.", "2021-10-28"),
    ],
)
def test_present_passive_schedules_a_weekday(text: str, value: str) -> None:
    assert [f[2] for f in facts(text, dt.date(2021, 11, 2))] == [value]


@pytest.mark.parametrize(
    ("text", "ref", "expected"),
    [
        # a holiday's weekend: Saturday to Monday for a Monday holiday, the Saturday and Sunday around a Sunday one
        ("Beaches will be packed over Memorial Day weekend.", REF, ("Memorial Day weekend", "2021-05-29/2021-06-01")),
        ("We went away for the Easter weekend.", REF, ("Easter weekend", "2021-04-03/2021-04-05")),
        (
            "Hotels filled up on the weekend of Halloween 2020.",
            REF,
            ("the weekend of Halloween 2020", "2020-10-31/2020-11-02"),
        ),
    ],
)
def test_holiday_weekend(text: str, ref: dt.date, expected: tuple[str, str]) -> None:
    assert [(f[0], f[2]) for f in facts(text, ref)] == [expected]


@pytest.mark.parametrize(
    ("text", "ref", "value"),
    [
        ("The bus comes in half an hour.", dt.datetime(2021, 4, 6, 18, 55), "2021-04-06T19:25:00"),
        ("The ferry left half an hour ago.", dt.datetime(2021, 4, 6, 18, 55), "2021-04-06T18:25:00"),
        ("The meeting lasted half an hour.", REF, "PT0.5H"),
        # an hour in digits with its part of day, after a preposition
        ("The bakers work from 3 in the morning until 11am.", REF, "03:00:00/11:00:00"),
        ("The shop is open till 9 in the evening.", REF, "2021-04-06T21:00:00"),
    ],
)
def test_half_an_hour_and_hours_with_their_part_of_day(text: str, ref: dt.date, value: str) -> None:
    assert [f[2] for f in facts(text, ref)] == [value]


def test_a_number_before_a_part_of_day_without_a_preposition_is_no_hour() -> None:
    assert [f[2] for f in facts("The top 5 in the evening ratings were all dramas.")] == ["16:00:00/20:00:00"]


@pytest.mark.parametrize(
    ("text", "ref", "value"),
    [
        # a month-day without a year: the nearest one in the direction of the tense
        ("The vote on April 14 will decide the matter.", dt.date(2021, 2, 10), "2021-04-14"),
        ("The vote on April 14 will decide the matter.", dt.date(2021, 10, 10), "2022-04-14"),
        ("The polls closed on April 14.", dt.date(2021, 2, 10), "2020-04-14"),
        ("Voters go to the polls on April 14.", dt.date(2021, 2, 10), "2021-04-14"),
    ],
)
def test_month_day_follows_the_tense(text: str, ref: dt.date, value: str) -> None:
    assert [f[2] for f in facts(text, ref)] == [value]
