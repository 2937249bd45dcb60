"""The cleaner on page snippets written for these tests, in the layouts scrapers produce."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from factpull.page.clean import CleanResult, _explain, clean_text, decide, line_features, page_lines
from factpull.page.metadata import find_metadata
from factpull.page.textview import TextView
from factpull.rules.load import load_rules

RULES = load_rules()

CONSENT_WALL = """\
We value your privacy
We and our partners use cookies to store and access information on your device. By clicking Accept you consent to our use of cookies.
Accept all
Manage preferences

  * News
  * Business
  * Sport
  * Weather

Harbour town opens new ferry terminal after three years of work

The new ferry terminal in Westport opened on Tuesday, three years after building work began on the site of the old fish market, and the first crossing left at seven in the morning with more than two hundred passengers on board.

The council said the terminal cost 42 million pounds, most of it paid by a regional development fund, and that it would bring about 150 jobs to the harbour area over the next two years.

Local business owners said they hoped the new crossings would bring more visitors to the town in the winter months, when many of the cafes along the front have had to close.

Share
Facebook Twitter LinkedIn

© 2024 Westport Gazette Ltd. All rights reserved.
"""

CAPITAL_BYLINE = """\
Home
World
Science

Deep-sea robots map coral reefs off the coast of Chile

By MARIA GONZALEZ | March 3, 2022

Researchers working off the coast of Chile have used a pair of underwater robots to map coral reefs at depths of more than 800 metres, a survey that took the team almost two months to complete.

The robots carried cameras and sonar, and sent back more than 90,000 images that the scientists are now using to build a three-dimensional model of the reef system.

"We had no idea how large these reefs were until we saw the first maps," said the lead researcher, who added that the team hopes to return next year with a third robot.

3 hours ago
"""

RELATED_AND_COMMENTS = """\
Menu
Search

Why the price of olive oil has doubled

Producers in southern Europe have seen two years of drought cut their harvests by almost half, and the shortage has pushed prices in shops to record highs across the continent.

Traders say that prices could start to fall later this year if the spring rains return, but that shoppers should not expect a quick return to the prices of three years ago.

Some supermarkets have started to sell smaller bottles, while restaurants say they are using other oils for cooking and keeping olive oil for the table.

Related Articles
Wheat prices climb as export routes close
Coffee growers face another difficult season
Sugar output falls in Brazil

2 Comments
Leave a Reply
Your email address will not be published.
Post Comment
"""

BRITISH_PAGE = """\
Skip to main content
Sign in
  * Home
  * UK
  * World
  * Business
  * Politics

Council approves plans for new cycle lanes in the city centre

Published 12 June 2023

The city council has approved plans for a network of protected cycle lanes in the centre, despite objections from some shopkeepers who fear the loss of parking spaces will harm their trade.

The scheme, which will be paid for by a government grant of £6.5m, is due to be finished by the autumn of next year, and the council said it would favour routes used by schoolchildren.

Councillors said the neighbourhood around the railway station would be the first to see work begin, with the main roads closed to traffic for several weekends.

Advertisement

More from BBC Local
Read more
Terms of Use | Privacy Policy | Cookies
Copyright © 2023 Example Broadcasting. All rights reserved.
"""

TEASERS_AND_COMMENTS = """\
Home
World
Science
Sign in

Volunteers count record number of swifts over the valley

By Ada Example
June 4, 2025

Volunteers counting birds over the Arden valley recorded more than 4,000 swifts on a single evening last week, the highest number since the survey began in 1998.

The count was organised by the local wildlife trust, which has put up more than 300 nest boxes on churches, schools and barns across the valley over the past decade.

Trust staff said the warm spring had helped, but warned that a single good year did not mean the decline of the species had been reversed across the country.

Sign up to our weekly nature newsletter and get the best stories in your inbox.

Click to print (Opens in new window)

Ada Example is a science writer at the Valley Courier who covers wildlife and farming.

More from the Courier
Otters return to the upper river
A survey found signs of otters at six sites where none were seen ten years ago.
New footbridge opens at the reservoir
The bridge links the two walking trails for the first time since the dam was built.
School garden wins county prize
Pupils grew more than forty kinds of vegetables on a plot behind the sports hall.

3 Comments
birdfan_77 2 hours ago
Lovely news, we saw dozens over the church too.
Reply
Like
Tom Sample · 5 hours ago
Great work by the volunteers.
Reply
"""


def _article(text: str, result: CleanResult) -> str:
    return TextView.build(text, result.kept).text


def _reason(text: str, result: CleanResult, line: str) -> str | None:
    for r in result.removed:
        if text[r.start : r.end].strip() == line:
            return r.reason
    return None


@pytest.mark.parametrize(
    ("page", "kept", "dropped"),
    [
        (
            CONSENT_WALL,
            ["The new ferry terminal in Westport opened on Tuesday", "cost 42 million pounds", "winter months"],
            {
                "We and our partners use cookies to store and access information on your device. By clicking Accept you consent to our use of cookies.": "boilerplate.cookie_notice",
                "Accept all": "boilerplate.consent_button",
                "Manage preferences": "boilerplate.consent_button",
                "© 2024 Westport Gazette Ltd. All rights reserved.": "boilerplate.copyright",
                "Share": None,
                "Facebook Twitter LinkedIn": None,
                "* Business": None,
            },
        ),
        (
            CAPITAL_BYLINE,
            ["underwater robots", "90,000 images", "third robot"],
            {"By MARIA GONZALEZ | March 3, 2022": "boilerplate.byline", "3 hours ago": None, "Home": None},
        ),
        (
            RELATED_AND_COMMENTS,
            ["two years of drought", "smaller bottles"],
            {
                "Related Articles": "boilerplate.related",
                "Wheat prices climb as export routes close": None,
                "Coffee growers face another difficult season": None,
                "Sugar output falls in Brazil": None,
                "2 Comments": None,
                "Leave a Reply": "boilerplate.comment_label",
                "Post Comment": None,
            },
        ),
        (
            BRITISH_PAGE,
            ["protected cycle lanes", "£6.5m", "favour routes used by schoolchildren", "neighbourhood around"],
            {
                "Skip to main content": "boilerplate.skip_link",
                "Advertisement": None,
                "Terms of Use | Privacy Policy | Cookies": "boilerplate.legal_links",
                "Copyright © 2023 Example Broadcasting. All rights reserved.": "boilerplate.copyright",
                "Read more": None,
                "* Politics": None,
            },
        ),
        (
            TEASERS_AND_COMMENTS,
            ["more than 4,000 swifts", "300 nest boxes", "had been reversed across the country."],
            {
                "Sign up to our weekly nature newsletter and get the best stories in your inbox.": None,
                "Click to print (Opens in new window)": None,
                "Ada Example is a science writer at the Valley Courier who covers wildlife and farming.": None,
                "Otters return to the upper river": None,
                "A survey found signs of otters at six sites where none were seen ten years ago.": None,
                "School garden wins county prize": None,
                "3 Comments": None,
                "birdfan_77 2 hours ago": None,
                "Lovely news, we saw dozens over the church too.": None,
                "Tom Sample · 5 hours ago": None,
                "Reply": None,
            },
        ),
    ],
    ids=["consent-wall", "capital-byline", "related-and-comments", "british", "teasers-and-comments"],
)
def test_page_layouts(page: str, kept: list[str], dropped: dict[str, str | None]) -> None:
    result = clean_text(page, RULES)
    article = _article(page, result)
    for phrase in kept:
        assert phrase in article
    for line, reason in dropped.items():
        assert line.lstrip("* ") not in article.splitlines(), line
        got = _reason(page, result, line)
        assert got is not None, f"{line!r} not reported as removed"
        if reason is not None:
            assert got == reason
        else:
            assert got.startswith(("boilerplate.", "signal.")), got


def test_every_dropped_line_is_reported_once() -> None:
    result = clean_text(CONSENT_WALL, RULES)
    non_blank = [line for line in CONSENT_WALL.splitlines() if line.strip()]
    assert len(result.kept) + len(result.removed) == len(non_blank)
    spans = sorted([(s.start, s.end) for s in result.kept] + [(r.start, r.end) for r in result.removed])
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    assert all(CONSENT_WALL[s.start : s.end] == CONSENT_WALL[s.start : s.end].strip() for s in result.kept)


def test_headline_is_not_article_text() -> None:
    result = clean_text(CAPITAL_BYLINE, RULES)
    assert "Deep-sea robots map coral reefs off the coast of Chile" not in _article(CAPITAL_BYLINE, result)


@pytest.mark.parametrize(
    "text",
    [
        "Acme Corp said on Monday it would buy Widget Ltd for $2.5 billion.",
        "Revenue rose 12% to 4.1 billion euros in 2023",
        "Share prices fell",
        "The minister said the bridge would open in May.\nIt will cost 30 million pounds.",
        "Apple opened a store in Leeds on 3 May 2021. About 200 people queued outside. The store employs 85 staff,"
        " the company said, and will open seven days a week.",
    ],
    ids=["sentence", "no-full-stop", "headline-like", "two-lines", "paragraph"],
)
def test_short_input_is_kept_whole(text: str) -> None:
    result = clean_text(text, RULES)
    assert _article(text, result) == text.strip()
    assert result.removed == ()


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "We use cookies to improve your experience. By continuing to browse you agree to our use of cookies.",
            "boilerplate.cookie_notice",
        ),
        ("© 2020 Example News Ltd. All rights reserved.", "boilerplate.copyright"),
        ("京ICP备12345678号-1", "boilerplate.registration"),
    ],
)
def test_short_input_strong_rule_still_fires(text: str, reason: str) -> None:
    result = clean_text(text, RULES)
    assert result.kept == ()
    assert [r.reason for r in result.removed] == [reason]


def test_repeated_paragraph_and_caption_keep_first_copy() -> None:
    page = """\
Menu

Port traffic rises

The port of Northhaven handled 1.8 million containers last year, the harbour authority said on Friday, a rise of nine per cent on the year before.

Cranes unload a container ship at the port of Northhaven on Friday. (Photo/Sam Reed)

The authority said it expects the growth to continue this year as two new berths open in the spring and a rail link to the inland depot is finished.

The port of Northhaven handled 1.8 million containers last year, the harbour authority said on Friday, a rise of nine per cent on the year before.

Officials said the port would hire about 300 more dock workers by the end of the year to cope with the extra traffic.
"""
    result = clean_text(page, RULES)
    article = _article(page, result)
    assert article.count("handled 1.8 million containers") == 1
    assert "(Photo/Sam Reed)" not in article
    assert "two new berths" in article
    assert "300 more dock workers" in article
    reasons = {page[r.start : r.end][:30]: r.reason for r in result.removed}
    assert reasons["The port of Northhaven handled"] == "signal.duplicate"
    assert reasons["Cranes unload a container ship"] == "boilerplate.photo_caption"


def test_template_lines_are_dropped() -> None:
    page = CAPITAL_BYLINE.replace("3 hours ago", "Northern Science Weekly newsletter sign-up page")
    template = frozenset({"northern science weekly newsletter sign up page"})
    result = clean_text(page, RULES, template=template)
    assert _reason(page, result, "Northern Science Weekly newsletter sign-up page") == "signal.template"


def test_empty_and_blank_input() -> None:
    assert clean_text("", RULES) == CleanResult((), ())
    assert clean_text("\n  \n\t\n", RULES) == CleanResult((), ())


SEED = Path(__file__).resolve().parents[2] / "samples" / "ichongqing-chengdu-chongqing-2021-04-06.txt"


@pytest.mark.skipif(not SEED.exists(), reason="seed sample not in this checkout")
def test_seed_page_comes_out_clean() -> None:
    text = SEED.read_text(encoding="utf-8")
    result = clean_text(text, RULES)
    article = _article(text, result)
    for phrase in ("236 cooperation agreements", "26 educational cooperation alliances", "1.2 million"):
        assert phrase in article
    for phrase in (
        "cookie",
        "ICP",
        "MUST READ",
        "A Tour in Chongqing",
        "telephone number",
        "About Us",
        "Leaving a message",
        "I Agree",
        "(Photo/",
    ):
        assert phrase not in article, phrase
    assert article.count("Information Office of Chongqing Municipal People") <= 2
    meta = find_metadata(text, result, RULES).metadata
    assert meta.title == "Chengdu-Chongqing Economic Circle Enters 'Fast Lane'"
    assert meta.byline == "JIEYU WANG"
    assert meta.published == "2021-04-06"


FEATURE_PAGE = """\
Harbour town opens new ferry terminal

The new ferry terminal in Westport opened on Tuesday, three years after building work began on the site of the old fish market.

The ferry terminal cost 42 million pounds, and the council said the first crossing left the terminal with two hundred passengers.

Local business owners said they hoped the new ferry crossings would bring more visitors to Westport in the winter months.

We help you plan your dream holiday with our award-winning travel experts, so you can relax and enjoy every minute.
Join our newsletter today!

Basic plan      $10 a month      500 contacts
"""


def _features(text: str) -> tuple[list[str], dict[str, list[float]]]:
    lines = page_lines(text, RULES)
    cols = line_features(lines, RULES)
    return [line.text for line in lines], {k: [float(x) for x in v] for k, v in cols.items()}


@pytest.mark.parametrize(
    ("line", "feature", "low", "high"),
    [
        # Voice: marketing speaks as "we" to "you"; reporting does neither.
        ("We help you plan", "we_ratio", 0.05, 0.15),
        ("We help you plan", "you_ratio", 0.1, 0.2),
        ("The new ferry terminal in Westport", "you_ratio", 0.0, 0.0),
        ("Join our newsletter", "cta_start", 1.0, 1.0),
        ("Join our newsletter", "end_exclaim", 1.0, 1.0),
        ("Local business owners", "cta_start", 0.0, 0.0),
        ("Basic plan", "table_row", 0.6, 0.7),  # three cells: two gaps
        ("Join our newsletter", "table_row", 0.0, 0.0),
        # Vocabulary shared with the other prose lines of the main region.
        ("The ferry terminal cost", "topic_overlap", 0.15, 0.2),  # ferry, terminal of 12 words
        ("We help you plan", "topic_overlap", 0.0, 0.0),
    ],
)
def test_line_features(line: str, feature: str, low: float, high: float) -> None:
    texts, cols = _features(FEATURE_PAGE)
    i = next(k for k, t in enumerate(texts) if t.startswith(line))
    assert low <= cols[feature][i] <= high


def test_region_share_runs_from_start_to_end_of_the_main_region() -> None:
    texts, cols = _features(FEATURE_PAGE)
    first = next(k for k, t in enumerate(texts) if t.startswith("The new ferry terminal"))
    last = next(k for k, t in enumerate(texts) if t.startswith("Local business owners"))
    assert cols["in_region"][first] == 1.0
    assert cols["region_share_before"][first] == 0.0
    assert cols["region_share_after"][last] == 0.0 or cols["in_region"][last + 1] == 1.0
    assert cols["region_share_before"][last] > 0.5


@pytest.mark.parametrize(
    ("line", "signal"),
    [
        ("We offer a wide range of holiday cottages for you", "signal.pitch"),
        ("Discover the finest holiday cottages", "signal.pitch"),
        ("Scientists in Chile have measured", "signal.off_topic"),
        ("Local business owners said", "signal.low_score"),
    ],
)
def test_explain_names_the_signal_of_a_dropped_line(line: str, signal: str) -> None:
    paragraphs = [
        "The new ferry terminal in Westport opened on Tuesday, three years after building work began on the site "
        "of the old fish market, and the first crossing left at seven.",
        "The ferry terminal cost 42 million pounds, most of it paid by a regional development fund, and the council "
        "said the terminal would bring about 150 jobs to the harbour.",
        "We offer a wide range of holiday cottages for you and your family, with flexible booking and our best price.",
        "Discover the finest holiday cottages on the coast, with flexible booking and the best price guaranteed.",
        "Scientists in Chile have measured the fastest wind speed ever recorded on a mountain summit near Santiago.",
        "Local business owners said they hoped the new ferry crossings would bring more visitors to the harbour "
        "in the winter months.",
        "The council said a second ferry berth could follow in five years if the number of passengers keeps growing "
        "at the rate seen since the terminal opened.",
    ]
    text = "\n\n".join(paragraphs) + "\n"
    lines = page_lines(text, RULES)
    feats = line_features(lines, RULES)
    i = next(k for k, ln in enumerate(lines) if ln.text.startswith(line))
    assert feats["in_region"][i] == 1.0
    assert _explain(lines[i], feats, i, RULES.setting("boilerplate.thresholds")) == signal


# --------------------------------------------------------------------------------------
# Nothing from around the article (issue 15): promo labels, video and gallery teasers,
# caption labels and credits go, even when the line sits between article paragraphs.

QUAY = [
    "The island council agreed on Thursday to rebuild the north quay, which has been closed to cargo boats since a storm damaged its stone wall in the winter.",
    "Engineers expect the work to take eight months, and the council said the ferries would keep running from the south landing until the quay reopens.",
    "Fishermen who land their catch at the quay said they had lost more than a third of their trade since the closure and welcomed the decision.",
    "The council will pay for the work from its harbour reserve, and it has asked the national government to cover the cost of a new breakwater.",
]


@pytest.mark.parametrize(
    ("leak", "reason"),
    [
        ("Read more: Island school gets a new roof before winter", "boilerplate.promo_prefix"),
        ("SEE MORE: Seal pups return to the south beach", "boilerplate.promo_prefix"),
        ("Watch: Waves break over the old quay wall during the storm", "boilerplate.promo_prefix"),
        ("Trending: Ferry fares | Bridge tolls | Beach closures", "boilerplate.promo_prefix"),
        ("Gallery: Ten pictures of the island in the snow", "boilerplate.promo_prefix"),
        ("CLICK HERE TO GET THE ISLAND NEWS APP", "boilerplate.click_here"),
        ("Image caption The storm left a gap in the quay wall", "boilerplate.caption_label"),
        ("Image copyright Island Council", "boilerplate.caption_label"),
        ("Media captionThe harbour master shows the damage", "boilerplate.caption_label"),
        ("Media playback is unsupported on your device", "boilerplate.caption_label"),
        ("A crane lifts stones from the damaged wall. Credit: Mia Lund/Island Council", "boilerplate.caption_credit"),
        ("Boats tied up at the south landing | Photo: Ola Berg", "boilerplate.caption_credit"),
        ("TEACHER WHO SWAM THE CHANNEL AT SEVENTY TELLS HER STORY", "signal.promo_headline"),
        ("'HARVEST SUPPER' RETURNS TO THE VILLAGE HALL AFTER A LONG BREAK", "signal.promo_headline"),
        ("GET THE ISLAND NEWS APP ON YOUR PHONE BY CLICKING HERE", "boilerplate.click_here"),
    ],
)
def test_leaks_between_article_paragraphs_go(leak: str, reason: str) -> None:
    text = "\n\n".join([*QUAY[:2], leak, *QUAY[2:]]) + "\n"
    result = clean_text(text, RULES)
    at = text.index(leak)
    assert [r.reason for r in result.removed if r.start == at] == [reason]
    kept = [text[s.start : s.end] for s in result.kept]
    assert kept == QUAY


def test_promo_label_alone_takes_its_bulleted_links_along() -> None:
    links = ["* Island school gets a new roof", "* Seal pups return to the south beach"]
    text = "\n\n".join([*QUAY[:2], "More:\n" + "\n".join(links), *QUAY[2:]]) + "\n"
    result = clean_text(text, RULES)
    assert [text[s.start : s.end] for s in result.kept] == QUAY


@pytest.mark.parametrize(
    "prose",
    [
        "Read the council's report before Thursday's vote, the harbour master urged the fishermen.",
        "More than 300 islanders signed a letter asking the council to act before the summer.",
        "Watchers on the cliff said the waves were the highest they had seen in twenty years.",
        "The council released a new photo: the quay wall with a gap as wide as a bus.",
    ],
)
def test_article_sentences_with_those_words_stay(prose: str) -> None:
    text = "\n\n".join([*QUAY[:2], prose, *QUAY[2:]]) + "\n"
    result = clean_text(text, RULES)
    assert prose in [text[s.start : s.end] for s in result.kept]


# --------------------------------------------------------------------------------------
# Dated lists that continue the article (issue 15): a tour's dates, an itinerary or a
# timeline after the body is article text; lists of other stories, archive widgets and
# comment headers that carry dates are not.

CHOIR_TOP = """\
Skip to main content
  * News
  * Music
  * Arts
  * Events
Subscribe

Valley choir sets out on its first tour in ten years

By Nora Example | Published 4 March 2021

"""

CHOIR_BODY = [
    "The Valley Community Choir will take its spring programme on the road this summer, the first time the sixty singers have toured since the old church hall closed a decade ago.",
    "The choir's director said the group had raised most of the money for the coaches and the halls through a winter of bake sales, raffles and a sponsored walk along the canal.",
    "Tickets for every date go on sale next week at the choir's own shop in the high street and at the door of each hall, with children admitted free.",
]

CHOIR_BOTTOM = """

Sign up for our weekly newsletter and get the best stories in your inbox.

Most read
  * Bridge repairs delayed until the autumn
  * New bakery opens on the market square

© 2021 Valley Courier Ltd. All rights reserved.
"""


def _choir_page(tail: str) -> str:
    return CHOIR_TOP + "\n\n".join(CHOIR_BODY) + "\n\n" + tail.strip("\n") + CHOIR_BOTTOM


def _kept_lines(text: str) -> list[str]:
    result = clean_text(text, RULES)
    return [text[s.start : s.end] for s in result.kept]


@pytest.mark.parametrize(
    "tail",
    [
        "Valley Community Choir tour dates:\nJune 12 – Ashford, Kent @ St Mary's Hall\n"
        "June 19 – Canterbury @ The Marlowe Studio\nJuly 3 – Dover @ Town Hall Assembly Rooms\n"
        "July 17 – Folkestone @ Leas Cliff Hall",
        "Timeline\n\n1962: The choir gives its first concert in the church hall\n"
        "1978: A second choir for children is founded\n1994 – The choir records its first album\n"
        "2011: The church hall closes and rehearsals move to the school",
        "6/14 -- Austin, TX -- Lakeside Music Hall\n6/16 -- Dallas, TX -- The Granada\n"
        "6/19 -- Tulsa, OK -- Cain's Ballroom\n6/21 -- Wichita, KS -- Orpheum Theatre",
        "Nov. 27 — Carols at the cathedral, Ely\nDec. 11 — Winter concert, Cambridge Corn Exchange\n"
        "Jan. 8 — New Year gala, Norwich Theatre Royal",
        "March 11, 2020 – Rehearsals stop as the hall closes its doors\n"
        "June 1, 2020 – The choir starts singing together online\n"
        "September 14, 2020 – Small groups meet again in the park\n"
        "May 17, 2021 – The full choir returns to the hall",
    ],
    ids=["tour-dates", "timeline-years", "numeric-dates", "over-new-year", "full-dates"],
)
def test_dated_list_after_the_article_stays(tail: str) -> None:
    text = _choir_page(tail)
    kept = _kept_lines(text)
    assert kept[: len(CHOIR_BODY)] == CHOIR_BODY
    assert kept[len(CHOIR_BODY) :] == [line for line in tail.splitlines() if line.strip()]


@pytest.mark.parametrize(
    "tail",
    [
        # other stories, newest first
        "Mar 3, 2021 – Bridge repairs delayed until the autumn\nMar 1, 2021 – New bakery opens on the market square\n"
        "Feb 26, 2021 – Council approves the new car park\nFeb 20, 2021 – Canal path to close for a week",
        # other stories under a list header, in date order
        "Related stories\nJan 4 – Choir raises money for new robes\nJan 19 – Bake sale breaks its record\n"
        "Feb 2 – Sponsored walk along the canal",
        # an archive widget
        "Archives\nMarch 2021 (4)\nFebruary 2021 (7)\nJanuary 2021 (5)\nDecember 2020 (6)",
        # comment headers with their comments
        "4 Comments\nMarch 4, 2021 at 6:15 pm\nWonderful news, we will be there in Ashford.\n"
        "March 4, 2021 at 7:02 pm\nCan we buy tickets online?\nMarch 5, 2021 at 9:40 am\nSee you in Dover!",
        # dates in no order (a list of stories picked by topic)
        "June 12 – Harbour festival moves to the beach\nMay 3 – Library extends its opening hours\n"
        "July 9 – Council approves the new car park\nApril 30 – Canal path to close for a week",
    ],
    ids=["stories-newest-first", "related-header", "archive-widget", "comments", "no-order"],
)
def test_dated_lines_that_are_not_the_article_go(tail: str) -> None:
    text = _choir_page(tail)
    assert _kept_lines(text) == CHOIR_BODY


def test_capitals_subheading_that_the_text_takes_up_stays() -> None:
    heading = "WHAT THE FISHERMEN LOST WHILE THE NORTH QUAY WAS CLOSED"
    text = "\n\n".join([*QUAY[:2], heading, *QUAY[2:]]) + "\n"
    assert heading in _kept_lines(text)


VIDEO_PLAYLIST = """\
  * News
  * Markets
  * Travel

Ferry firm orders two electric boats

By Ana Example, Valley Courier

    JUST WATCHED

    Crane topples on the north quay in high winds

Replay
More Videos ...

MUST WATCH

(9 Videos)

Crane topples on the north quay in high winds

Ferry captain retires after forty years at sea

Seal pups return to the south beach

Why do island fares cost more than the mainland's?

Inside the boatyard building the new lifeboat

What the storm did to the harbour wall

Westport (Valley Courier) The island's ferry company has ordered two electric boats for the crossing to the mainland.

The boats will be built at a yard on the south coast and should enter service in two years, replacing diesel ferries that are more than thirty years old.

The company said the new boats would cut its fuel bill by more than half, and that fares would not rise to pay for them.

Islanders have asked for quieter and cleaner ferries for years, and the council said it welcomed the order.
"""


def test_video_playlist_goes_and_the_lead_after_it_stays() -> None:
    kept = _kept_lines(VIDEO_PLAYLIST)
    assert kept[0].startswith("Westport (Valley Courier) The island's ferry company")
    assert not any("Ferry captain retires" in line or "boatyard" in line for line in kept)


# A standfirst above the byline repeating the article's first paragraph (news sites print the
# same sentence as the summary and as the lead): the copy among the paragraphs stays.
STANDFIRST_REPEATED = """\
  * News
  * Sport
  * Weather

Ferry company orders three electric boats for the island route

The island ferry will run on batteries from 2026, cutting the route's fuel bill by half.

Dana Miles

Transport reporter

Monday 4 March 2024 09:15, UK

The island ferry will run on batteries from 2026, cutting the route's fuel bill by half.

The operator said on Monday it had ordered three electric boats from a yard in Norway, at a cost of about 60 million euros, and that the first would arrive in the spring of 2026.

Each boat will carry 300 passengers and 40 cars, and will charge at both ends of the crossing in the 20 minutes it spends at the quay.

The council, which owns the harbour, will pay for the chargers with money from a regional climate fund.

Islanders have asked for years for more crossings in the winter, when storms often cancel the last boat of the day.

© 2024 Island News Ltd
"""


def test_repeated_standfirst_keeps_the_copy_in_the_article() -> None:
    page = STANDFIRST_REPEATED
    result = clean_text(page, RULES)
    sentence = "The island ferry will run on batteries from 2026"
    copies = [k for k in result.kept if page[k.start : k.end].startswith(sentence)]
    assert len(copies) == 1
    assert copies[0].start > page.index("Transport reporter")
    first = page.index(sentence)
    assert [r.reason for r in result.removed if r.start == first] == ["signal.duplicate"]


# A bulleted "More from" list between two paragraphs: the paragraph after it, set back from the
# bullets, is the article again (even where a bullet and the quote look like a teaser pair).
MORE_FROM_BETWEEN_PARAGRAPHS = """\
Home
Sport

Harbour club appoints new coach after a poor start to the season

The harbour club has named a new head coach after losing eight of its first ten games of the season, the board said on Wednesday.

The new coach, who led two other clubs to the league title, signed a contract until the end of the 2026 season.

"She is known for her attacking style and has won the cup three times with three different clubs," the chairman said.

More from Sport

  * Lighthouse rowers win the coastal regatta for a third year
  * Town swimming pool to close for repairs over the summer
  * Cricket club celebrates its 150th anniversary with a match on the green

"She can bring the team back to the top half of the table," the chairman added.

Club statement

"She has won a title in three different countries and is one of only two coaches to win the cup twice," the club said.

The club's next game is away to the river town side on Saturday, and tickets are still on sale at the ground.

© 2024 Coast Sport
"""


def test_paragraph_after_bulleted_list_is_article() -> None:
    page = MORE_FROM_BETWEEN_PARAGRAPHS
    result = clean_text(page, RULES)
    article = _article(page, result)
    assert "bring the team back to the top half" in article
    assert "a title in three different countries" in article
    assert "next game is away" in article
    assert "Lighthouse rowers" not in article
    assert _reason(page, result, "* Town swimming pool to close for repairs over the summer") == "signal.related_list"


# Teaser cards after the article: headline, date, category, one-sentence summary, repeated.
TEASER_CARDS = """\
Fact check: no, the river did not run backwards last week

A video shared thousands of times claims the river through the town flowed backwards for an hour on Tuesday.

We found no evidence for the claim. The video was filmed at high tide, when the sea pushes up the river mouth twice a day, as it does every day of the year.

The water board told us the river's flow was normal all week, and its gauges show no change in direction at any point.

In sum, the claim that the river ran backwards is false.

Editors' Picks

How a network of fake pages sold the same miracle cure to millions of readers across three continents
12 February 2024
News
Hundreds of pages and more than 4,000 paid posts tell the story of a network that spread across three continents and sold a cure that does not work.
Did the Mayor Ban Bicycles from the Old Town Bridge?
9 February 2024
Fact Check
A routine change to the traffic rules was read as a ban.
Was a Shark Seen in the Harbour Last Sunday?
2 February 2024
Fact Check
The photo shows a seal, and it was taken in another country.

© 2024 Check Desk
"""


def test_teaser_cards_with_dates_stay_in_the_list() -> None:
    page = TEASER_CARDS
    result = clean_text(page, RULES)
    article = _article(page, result)
    assert "the claim that the river ran backwards is false" in article
    assert "4,000 paid posts" not in article
    assert "routine change to the traffic rules" not in article
    assert "shows a seal" not in article
    # Even where the model would keep every line, the list header's list runs over the cards.
    lines = page_lines(page, RULES)
    reasons = decide(lines, np.ones(len(lines)), line_features(lines, RULES), RULES)
    dropped = {line.text[:20] for line, r in zip(lines, reasons, strict=True) if r == "signal.related_list"}
    assert {"Hundreds of pages an", "A routine change to ", "The photo shows a se"} <= dropped
    assert not any(r for line, r in zip(lines, reasons, strict=True) if line.text.startswith("In sum"))


STANDFIRST_ABOVE_BYLINE = """\
  * Home
  * Science

Space agency picks two firms to build a lunar cargo lander

The agency's plans to return to the Moon depend on private rockets, and it now has two more firms to choose from.

by Jo Reyes

4 March 2024 09:15 GMT

The space agency said on Monday it had added two companies to the list of firms that may bid to carry cargo to the Moon, bringing the total to eleven.

Each firm will compete for contracts worth up to 2.6 billion dollars over ten years, and the first landing is planned for the end of 2026.

Officials said the landers would carry scientific instruments, rovers and supplies for the crews that will follow, and that more firms could join the list next year.

One of the new firms has never flown a rocket, but said its lander had passed all of its ground tests and would be ready to fly within two years.

The agency has been criticised for relying on private firms, but its chief said the approach had cut the cost of each mission by more than half.

© 2024 Orbit News
"""


def test_standfirst_between_headline_and_byline_goes() -> None:
    page = STANDFIRST_ABOVE_BYLINE
    result = clean_text(page, RULES)
    article = _article(page, result)
    standfirst = "The agency's plans to return to the Moon depend on private rockets, and it now has two more firms to choose from."
    assert _reason(page, result, standfirst) == "signal.standfirst"
    assert "bringing the total to eleven" in article
    # A post's text right below its 'Posted' line is no standfirst.
    post = page.replace("\n\nSpace agency picks", "\n\nPosted March 3, 2024\n\nSpace agency picks").replace(
        "Space agency picks two firms to build a lunar cargo lander\n\n", ""
    )
    assert _reason(post, clean_text(post, RULES), standfirst) is None


def test_the_site_speaking_about_itself_is_no_article_text() -> None:
    page = STANDFIRST_ABOVE_BYLINE.replace("by Jo Reyes\n", "by Jo Reyes\n\nWhy you can trust Orbit News\n").replace(
        "© 2024 Orbit News",
        "Orbit News welcomes letters from readers. We'd like to hear what you think about this or any of our "
        "articles. Here are some tips, and here is our email address.\n\n© 2024 Orbit News",
    )
    result = clean_text(page, RULES)
    article = _article(page, result)
    assert "bringing the total to eleven" in article
    assert "trust Orbit News" not in article
    assert "hear what you think" not in article
    assert _reason(page, result, "Why you can trust Orbit News") == "boilerplate.reader_pitch"


def test_gallery_counters_polls_and_a_comment_count_header_go() -> None:
    page = STANDFIRST_ABOVE_BYLINE.replace(
        "\nThe space agency said on Monday", "\nImage 1 of 4\n\nThe space agency said on Monday"
    ).replace(
        "© 2024 Orbit News",
        "Should the agency build its own lander?\n"
        "  * Yes, it would cost less in the end (41%, 1,680 Votes)\n"
        "  * No, private firms are cheaper (59%, 2,415 Votes)\n"
        "Total Voters: 4,095\n\n"
        "3 thoughts on “Space agency picks two firms to build a lunar cargo lander”\n\n"
        "moonfan42\nMarch 4, 2024 at 10:02 am\n"
        "Eleven firms and not one has landed yet. I will believe it when I see it.\nReply\n\n"
        "© 2024 Orbit News",
    )
    result = clean_text(page, RULES)
    article = _article(page, result)
    assert "bringing the total to eleven" in article
    for gone in ("Image 1 of 4", "1,680 Votes", "Total Voters", "3 thoughts on"):
        assert gone not in article, gone
    assert _reason(page, result, "Image 1 of 4") == "boilerplate.gallery_counter"
    assert _reason(page, result, "Total Voters: 4,095") == "boilerplate.poll_result"
    header = "3 thoughts on “Space agency picks two firms to build a lunar cargo lander”"
    assert _reason(page, result, header) == "boilerplate.comment_count_header"
