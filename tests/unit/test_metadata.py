"""Title, byline and publication date from page heads written for these tests."""

from __future__ import annotations

import pytest

from factpull import Extractor
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


# --------------------------------------------------------------------------------------
# Page furniture (issue 15): datelines, bylines and headlines in the forms real pages use.

HARBOUR = """
The harbour board voted on Tuesday to close the old ferry pier for repairs, after divers found that several of its timber piles had rotted through below the waterline.

Ferries will use the temporary landing at the north quay while the work goes on, and the board said the timetable would not change for passengers on the island routes.

Repairs to the pier are expected to take most of the summer, and the board will ask the council to share the cost of the new piles and the decking above them.
"""


def _meta(head: str, tail: str = "") -> Metadata:
    text = head + HARBOUR + tail
    return find_metadata(text, clean_text(text, RULES), RULES).metadata


@pytest.mark.parametrize(
    ("dateline", "published"),
    [
        ("Mar 3 20216:15 PM EST", "2021-03-03"),
        ("Published Jun 9 20218:40 AM", "2021-06-09"),
        ("Updated Mar. 2, 2021 9:14 am ET", "2021-03-02"),
        ("2021-03-02T09:14:00Z", "2021-03-02"),
        ("Posted 2022-11-30 18:05:12+00:00", "2022-11-30"),
        ("Friday 14 May 202109:40, UK", "2021-05-14"),
        ("By Ann Lee - 6/14/22 08:15 AM EDT", "2022-06-14"),
    ],
)
def test_dateline_forms(dateline: str, published: str) -> None:
    assert _meta("Harbour board shuts the old ferry pier\n\n" + dateline + "\n").published == published


def test_published_line_beats_an_updated_line_and_a_caption_date() -> None:
    head = (
        "Harbour board shuts the old ferry pier\n\n"
        "Photo: the pier in its first summer, June 4, 1998\n"
        "Updated July 2, 2021\n"
        "Published June 30, 2021\n"
    )
    assert _meta(head).published == "2021-06-30"


def test_dateline_near_the_headline_beats_a_related_story_date() -> None:
    head = (
        "Related stories\n"
        "Island ferries to run later on Fridays, March 1, 2021\n"
        "New quay opens to cargo boats, February 20, 2021\n\n"
        "Harbour board shuts the old ferry pier\n"
        "By Lena Fischer\n"
        "April 6, 2021\n"
    )
    assert _meta(head).published == "2021-04-06"


def test_embedded_post_date_is_not_the_page_date() -> None:
    tail = "\n— Island Ferries (@islandferries) May 30, 2021\n"
    assert _meta("Harbour board shuts the old ferry pier\n\n", tail).published is None


def test_published_line_below_the_article() -> None:
    tail = "\nPosted by Omar Haddad on August 17, 2021 at 7:12 am\n\nLeave a comment\n"
    meta = _meta("Harbour board shuts the old ferry pier\n\n", tail)
    assert meta.published == "2021-08-17"


def test_dateline_removed_as_boilerplate_still_dates_the_page() -> None:
    text = "Harbour board shuts the old ferry pier\n\nWednesday 7 July 2021\n" + HARBOUR
    cleaned = clean_text(text, RULES)
    line = text.index("Wednesday")
    assert any(r.start == line for r in cleaned.removed)  # the cleaner drops the dateline
    result = find_metadata(text, cleaned, RULES)
    assert result.metadata.published == "2021-07-07"
    assert result.provenance.published is not None
    assert text[result.provenance.published.start : result.provenance.published.end] == "Wednesday 7 July 2021"


@pytest.mark.parametrize(
    ("head", "byline"),
    [
        ("Harbour board shuts the old ferry pier\n\nBy\nPriya Natarajan\nJune 2, 2021\n", "Priya Natarajan"),
        ("Harbour board shuts the old ferry pier\n\nBy Jane Roe Associated Press\n", "Jane Roe"),
        ("Harbour board shuts the old ferry pier\n\nBy Tomas Berg Staff Writer\n", "Tomas Berg"),
        ("Harbour board shuts the old ferry pier\n\nBy Ada Kim and Rui Costa Reuters\n", "Ada Kim and Rui Costa"),
        ("Harbour board shuts the old ferry pier\n\nNia Brooks\nBusiness reporter @niabrooks\n", "Nia Brooks"),
    ],
)
def test_byline_forms(head: str, byline: str) -> None:
    assert _meta(head).byline == byline


@pytest.mark.parametrize(
    "not_a_title",
    [
        "Back to Gallery",
        "https://example-harbour.org/news/ferry-pier",
        "Home > News > Harbour",
        "Read more: Island school gets a new roof before winter",
        "Watch: Seals return to the north quay after twenty years",
        "Media captionDivers inspect the rotten piles",
        "Share on: Facebook Twitter Email",
    ],
)
def test_title_is_never_furniture(not_a_title: str) -> None:
    head = f"Harbour board shuts the old ferry pier\n\n{not_a_title}\n\nBy Lena Fischer\n"
    assert _meta(head).title == "Harbour board shuts the old ferry pier"


def test_title_is_not_a_promo_headline_for_another_story() -> None:
    head = (
        "Harbour board shuts the old ferry pier for summer repairs\n\n"
        "Menu\nNews\nSport\n\n"
        "Mountain village celebrates its oldest cheese festival\n\n"
        "By Lena Fischer\nApril 6, 2021\n"
    )
    meta = _meta(head)
    # The promo shares no words with the article; the headline does, even further up.
    assert meta.title == "Harbour board shuts the old ferry pier for summer repairs"


def test_title_is_not_the_byline_line() -> None:
    head = "By Lena Fischer | April 6, 2021\n\nHarbour board shuts the old ferry pier\n\n"
    meta = _meta(head)
    assert meta.title == "Harbour board shuts the old ferry pier"
    assert meta.byline == "Lena Fischer"


def test_title_above_its_standfirst() -> None:
    head = (
        "Harbour board shuts the old ferry pier\n"
        "Divers found rotten piles below the waterline and ferries move to the north quay for the summer\n"
        "By Lena Fischer\n"
    )
    assert _meta(head).title == "Harbour board shuts the old ferry pier"


def test_provenance_names_the_source_line_of_each_value() -> None:
    head = "Harbour board shuts the old ferry pier\n\nBy Lena Fischer\nPublished: April 6, 2021 10:15 AM\n"
    text = head + HARBOUR
    result = find_metadata(text, clean_text(text, RULES), RULES)
    prov = result.provenance
    lines = {
        k: None if s is None else text[s.start : s.end]
        for k, s in (("title", prov.title), ("byline", prov.byline), ("published", prov.published))
    }
    assert lines == {
        "title": "Harbour board shuts the old ferry pier",
        "byline": "By Lena Fischer",
        "published": "Published: April 6, 2021 10:15 AM",
    }


def test_facts_say_which_section_they_come_from(extractor: Extractor) -> None:
    head = "Harbour board approves £3m repairs to the old ferry pier\n\nBy Lena Fischer\nPublished: April 6, 2021 10:15 AM\n"
    doc = extractor(head + HARBOUR)
    quantities = {q.text: q.section for q in doc.quantities}
    assert quantities["£3m"] == "title"
    dates = {d.text: d.section for d in doc.dates}
    assert dates["April 6, 2021 10:15 AM"] == "dateline"
    assert dates["Tuesday"] == "body"
    mentions = {m.text: m.section for p in doc.people for m in p.mentions}
    assert mentions["Lena Fischer"] == "byline"
    # Filtering on the body leaves the article's own facts only.
    assert [q.text for q in doc.quantities if q.section == "body"] == []
    assert [d.value for d in doc.dates if d.section == "body"] == ["2021-04-06"]


def test_furniture_lines_leave_the_article_text_even_when_the_cleaner_keeps_them() -> None:
    # Three lines are kept whole by the cleaner; the headline and the dateline still go.
    title = "Harbour board shuts the old ferry pier"
    dateline = "Lena Fischer | April 6, 2021"
    body = (
        "The harbour board voted on Tuesday to close the old ferry pier for repairs, after divers found rotten piles."
    )
    text = f"{title}\n{dateline}\n{body}\n"
    doc = Extractor().clean_document(text)
    assert doc.text == body
    assert [(r.reason, text[r.start : r.end]) for r in doc.removed] == [
        ("metadata.title", title),
        ("metadata.dateline", dateline),
    ]
    assert (doc.title, doc.published) == (title, "2021-04-06")


def test_a_page_without_byline_or_dateline_keeps_its_lines() -> None:
    # No furniture to anchor on (a listing, a note): nothing is taken out of the text.
    text = "Harbour notes for the week\nThe harbour board voted on Tuesday to close the old ferry pier for repairs.\n"
    doc = Extractor().clean_document(text)
    assert doc.removed == ()


def test_byline_in_a_dated_block_below_the_article() -> None:
    # Fact-check and blog layouts: "Published <date>" / "By" / the name, all below the article.
    more = (
        "\nThe ferry company said the move would add ten minutes to each crossing.\n"
        "\nIslanders asked the board to publish the divers' report in full.\n"
        "\nThe board said it would do so once the insurers had read it.\n"
        "\nA public meeting on the repairs will be held in the harbour office next month.\n"
        "\nThe old pier was built in 1908 and last repaired after a storm in 1987.\n"
    )
    tail = more + "\n  * Published 17 August 2021\n  * By\n      + Omar Haddad\n\n  * Sources\n"
    meta = _meta("Harbour board shuts the old ferry pier\n\n", tail)
    assert (meta.published, meta.byline) == ("2021-08-17", "Omar Haddad")


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("Ana P. Silva Senior Contributor", "Ana P. Silva"),
        ("Tomas Berg Staff Writer", "Tomas Berg"),
        ("Ines Farrow Transport Correspondent", "Ines Farrow"),
    ],
)
def test_name_and_job_title_on_one_line_without_by(line: str, byline: str) -> None:
    head = f"Harbour board shuts the old ferry pier\n\n{line}\nApril 6, 2021\n"
    meta = _meta(head)
    assert meta.byline == byline
    assert meta.title == "Harbour board shuts the old ferry pier"


def test_a_title_case_headline_ending_in_a_job_noun_is_no_byline() -> None:
    # Its words are the article's common words ('harbour', 'board'), not a person's name.
    head = "Harbour Board Appoints Editor\n\nApril 6, 2021\n"
    meta = _meta(head)
    assert meta.byline is None
    assert meta.title == "Harbour Board Appoints Editor"


def test_name_next_to_the_dateline_is_the_byline() -> None:
    head = "Harbour board shuts the old ferry pier\n\n  * Omar Haddad\n  * Published 17 August 2021\n"
    meta = _meta(head)
    assert (meta.byline, meta.published) == ("Omar Haddad", "2021-08-17")
    assert meta.title == "Harbour board shuts the old ferry pier"


@pytest.mark.parametrize("headline", ["Westport Votes", "Northhaven Celebrates", "Kessington Decides"])
def test_a_short_headline_above_the_dateline_is_no_byline(headline: str) -> None:
    meta = _meta(f"  * Home\n  * Local\n\n{headline}\n\nApril 6, 2021\n")
    assert (meta.byline, meta.published) == (None, "2021-04-06")
