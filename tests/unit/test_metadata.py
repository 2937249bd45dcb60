"""Title, byline and publication date from page heads written for these tests."""

from __future__ import annotations

import pytest

from factpull.page.clean import clean_text
from factpull.page.metadata import find_metadata
from factpull.rules.load import load_rules
from factpull.types import Metadata

RULES = load_rules()

BODY = """
The regional government announced on Monday that it would spend more than two billion dollars on new rail lines over the next five years, with the first stretch due to open in the spring.

Officials said the plan would cut journey times between the two largest cities by almost an hour, and that construction would create about 12,000 jobs in the region.

Critics said the money would be better spent on buses, which carry far more passengers than the existing trains, and on repairing roads in the rural districts.
"""

HEADS = [
    (
        "site-name-then-capital-byline",
        "Northern Post Title\n\nRail Plan Gets Green Light in Regional Budget\n\nBy ANNA KOWALSKI|Apr 06,2021\n",
        Metadata("Rail Plan Gets Green Light in Regional Budget", "ANNA KOWALSKI", "2021-04-06"),
    ),
    (
        "menu-then-title-byline-date-lines",
        "  * Home\n  * Politics\n  * Business\n\nRegional rail plan approved\n\nBy Tom Baker, Transport Correspondent\n\n6 April 2021\n",
        Metadata("Regional rail plan approved", "Tom Baker", "2021-04-06"),
    ),
    (
        "published-label-with-time",
        "Menu\n\nWhat the new rail plan means for commuters\n\nPublished: April 6, 2021 10:32 AM\n",
        Metadata("What the new rail plan means for commuters", None, "2021-04-06"),
    ),
    (
        "iso-date-and-two-authors",
        "Budget 2021: the rail plan explained\n\nWritten by Li Wei and Sara Moreno\n\n2021-04-06\n",
        Metadata("Budget 2021: the rail plan explained", "Li Wei and Sara Moreno", "2021-04-06"),
    ),
    (
        "agency-dateline-updated-and-published",
        "Trains, not buses: region bets on rail\n\nUpdated Apr 8, 2021\nPosted Apr. 6, 2021\n",
        Metadata("Trains, not buses: region bets on rail", None, "2021-04-06"),
    ),
    (
        "name-line-above-job-title-line",
        "  * Home\n  * Local\n\nRail plan approved after long debate\n\nMeg O'Hara\nSenior Transport Reporter\nApr 6, 2021\n",
        Metadata("Rail plan approved after long debate", "Meg O'Hara", "2021-04-06"),
    ),
    (
        "by-line-above-job-title-line",
        "Rail plan approved after long debate\n\nBy Meg O'Hara\nStaff Writer\nApr 6, 2021\n",
        Metadata("Rail plan approved after long debate", "Meg O'Hara", "2021-04-06"),
    ),
    (
        "section-label-above-non-job-line-is-no-byline",
        "Regional Rail\nStaff Picks\n\nRail plan approved after long debate\n\nApr 6, 2021\n",
        Metadata("Rail plan approved after long debate", None, "2021-04-06"),
    ),
    ("nothing-in-the-head", "", Metadata(None, None, None)),
]


@pytest.mark.parametrize(("head", "expected"), [(h, e) for _, h, e in HEADS], ids=[i for i, _, _ in HEADS])
def test_metadata_from_head(head: str, expected: Metadata) -> None:
    text = head + BODY
    result = find_metadata(text, clean_text(text, RULES), RULES)
    assert result.metadata == expected


def test_spans_cover_title_and_byline_lines() -> None:
    head = HEADS[0][1]
    text = head + BODY
    result = find_metadata(text, clean_text(text, RULES), RULES)
    covered = [text[s.start : s.end] for s in result.spans]
    assert covered == ["Rail Plan Gets Green Light in Regional Budget", "By ANNA KOWALSKI|Apr 06,2021"]


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("Nov. 18, 2019", "2019-11-18"),
        ("18 November 2019", "2019-11-18"),
        ("Posted 11/18/2019", "2019-11-18"),
        ("2019/11/18 09:15", "2019-11-18"),
        ("March 31st, 2020", "2020-03-31"),
        ("Feb 30, 2020", None),
    ],
)
def test_date_formats(line: str, published: str | None) -> None:
    text = "A headline for the date test\n\n" + line + "\n" + BODY
    assert find_metadata(text, clean_text(text, RULES), RULES).metadata.published == published


def test_single_sentence_has_no_metadata() -> None:
    text = "Acme Corp said on Monday it would buy Widget Ltd for $2.5 billion."
    result = find_metadata(text, clean_text(text, RULES), RULES)
    assert result.metadata == Metadata()
    assert result.spans == ()
