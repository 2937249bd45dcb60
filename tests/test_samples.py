"""What a careful reader finds in each sample page, asserted fact by fact (the golden files
pin everything else)."""

from __future__ import annotations

from typing import Any

import pytest

from factpull import Document, Extractor, Quantity
from support import SAMPLES, SEED


@pytest.fixture(scope="module")
def docs(extractor: Extractor) -> dict[str, Document]:
    return {p.stem: extractor(p.read_text(encoding="utf-8"), source=p.name) for p in SAMPLES.glob("*.txt")}


ANY = object()


def quantity(
    doc: Document, value: float, kind: str | None = None, unit: str | None = None, approximate: object = ANY
) -> Quantity:
    """The first quantity with this value (and kind, unit, approximation when given)."""
    for q in doc.quantities:
        close = q.value is not None and abs(float(q.value) - value) <= 1e-6 * max(1.0, abs(value))
        if (
            close
            and (kind is None or q.kind == kind)
            and (unit is None or q.unit == unit)
            and (approximate is ANY or q.approximate == approximate)
        ):
            return q
    found = [(q.text, q.value, q.approximate) for q in doc.quantities]
    raise AssertionError(f"no quantity {value} {kind or ''} {unit or ''} {approximate} in {found}")


def names(entities: Any) -> list[str]:
    return [e.name for e in entities]


def date_values(doc: Document) -> set[str]:
    return {d.value for d in doc.dates if d.value}


def test_seed_page(docs: dict[str, Document]) -> None:
    doc = docs[SEED.stem]
    assert doc.title == "Chengdu-Chongqing Economic Circle Enters 'Fast Lane'"
    assert doc.published == "2021-04-06"
    people = names(doc.people)
    assert sum("Chaoyong" in n for n in people) == 1
    assert not any(
        n.startswith("uang") or any(a.startswith("uang") for a in e.aliases) for e in doc.people for n in [e.name]
    )
    wang = [e for e in doc.people if "jieyu" in " ".join([e.name, *e.aliases]).lower()]
    assert len(wang) == 1
    # the byline's upper-case name is one person with a name in normal case (the captions that
    # credit "Wang Jieyu" are removed as captions; name-order merging is tested in test_entities)
    assert "JIEYU WANG" in [m.text for m in wang[0].mentions]
    assert wang[0].name.lower() in ("wang jieyu", "jieyu wang")
    orgs = " | ".join(n for e in doc.organizations for n in [e.name, *e.aliases])
    assert "Communist Party of China" in orgs
    assert "CPC" in orgs
    assert "Information Office of Chongqing Municipal People’s Government" in orgs
    assert {"2021-04-01", "2020-01-03"} <= date_values(doc)
    april = next(d for d in doc.dates if d.text == "April 1")
    assert april.relative
    assert april.value == "2021-04-01"
    for value in (236, 11, 50, 210, 23, 3, 26, 4, 1_200_000):
        quantity(doc, value)
    assert quantity(doc, 236).unit == "cooperation agreements"
    for value in (30e9, 5e9, 1e9):
        quantity(doc, value, "money", "CNY")
    quantity(doc, 60, approximate=">")
    for junk in (67158993, 20009753, 50120220004):
        with pytest.raises(AssertionError):
            quantity(doc, junk)
    for junk in ("cookies", "I Agree", "MUST READ", "ICP", "About Us", "inquiries", "A Tour in Chongqing"):
        assert junk not in doc.text


def test_consent_wall_before_the_article(docs: dict[str, Document]) -> None:
    doc = docs["consent-wall-business"]
    assert doc.title == "Harbor Foods to buy Greenleaf Farms in $2.4 billion deal"
    assert doc.published == "2023-03-14"
    for junk in ("cookies", "Accept all", "Manage preferences", "Advertisement", "LinkedIn", "All rights reserved"):
        assert junk not in doc.text
    assert doc.text.startswith("Harbor Foods Inc. said on Monday")
    quantity(doc, 2.4e9, "money", "USD", approximate="~")
    quantity(doc, 38, "money", "USD")
    quantity(doc, 910e6, "money", "USD")
    quantity(doc, 27, "percent")
    quantity(doc, 3.5, "percent")
    quantity(doc, 1500, approximate=">")
    assert "2023-03-13" in date_values(doc)  # "on Monday" before the publication date
    people = names(doc.people)
    assert "Laura Whitfield" in people
    assert "Tomas Beltran" in people
    whitfield = doc.people[people.index("Laura Whitfield")]
    assert len(whitfield.mentions) == 2
    orgs = {n for e in doc.organizations for n in [e.name, *e.aliases]}
    assert {"Federal Trade Commission", "FTC"} <= orgs


def test_capitals_byline_and_dateline(docs: dict[str, Document]) -> None:
    doc = docs["capitals-byline-dateline"]
    assert doc.title == "Port authority approves second container terminal after two-year review"
    assert doc.byline == "AMARA NWOSU and KELECHI EZE"
    assert doc.published == "2022-06-05"
    quantity(doc, 1.1e9, "money", "USD")
    quantity(doc, 1.2e6)
    quantity(doc, 15, "percent", approximate=">")
    assert "2022-06-04" in date_values(doc)  # "on Saturday"
    orgs = {n for e in doc.organizations for n in [e.name, *e.aliases]}
    assert {"Nigerian Ports Authority", "NPA"} <= orgs
    people = names(doc.people)
    assert people.count("Ibrahim Danjuma-Okoro") == 1
    assert "Copyright" not in doc.text
    assert "Related Topics" not in doc.text


def test_related_links_and_comments_after_the_article(docs: dict[str, Document]) -> None:
    doc = docs["related-links-comments"]
    assert doc.title == "City council votes to rebuild Maple Street bridge"
    assert doc.published == "2024-10-03"
    assert doc.text.rstrip().endswith("to explain the detour.")
    for junk in ("expand_more", "Read more", "200 seats", "Comments (12)", "Reply", "hours ago", "Load more"):
        assert junk not in doc.text
    quantity(doc, 14.5e6, "money", "USD")
    quantity(doc, 6e6, "money", "USD", approximate="<")
    assert "2024-10-01" in date_values(doc)  # "on Tuesday"
    assert "Helen Brooks" in names(doc.people)


def test_british_page(docs: dict[str, Document]) -> None:
    doc = docs["british-council-budget"]
    assert doc.title == "Northshire council agrees £48m budget as tax rises by 4.99 per cent"
    assert doc.published == "2023-02-23"
    quantity(doc, 48e6, "money", "GBP")
    quantity(doc, 6.5e6, "money", "GBP")
    quantity(doc, 750_000, "money", "GBP")
    quantity(doc, 1e6, "money", "GBP", approximate=">")
    quantity(doc, 4.99, "percent")
    for junk in ("cookies", "Share this story", "WhatsApp", "Follow us", "Bus routes cut"):
        assert junk not in doc.text
    assert "Fiona McAllister" in names(doc.people)
    assert "Local Government Association" in names(doc.organizations)
