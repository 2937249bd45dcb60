"""entities: people and organisations from spaCy plus rules (sentences written for these tests)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from factpull.errors import PatternError
from factpull.extract.entities import compile_rules, extract_entities
from factpull.rules.load import Example, Rule, RulerPattern, Rules, load_rules
from factpull.types import Entity
from support import SEED

RULES = load_rules()


def run(nlp: Any, text: str) -> tuple[list[Entity], list[Entity]]:
    return extract_entities(text, [(0, nlp(text))], RULES)


def names(entities: list[Entity]) -> list[str]:
    return [e.name for e in entities]


def named_mentions(entities: list[Entity]) -> list[tuple[str, int]]:
    """Each entity's name with its number of mentions, in output order."""
    return [(e.name, len(e.mentions)) for e in entities]


def find(entities: list[Entity], name: str) -> Entity:
    matches = [e for e in entities if e.name == name]
    assert len(matches) == 1, f"{name!r} not found once in {names(entities)}"
    return matches[0]


def all_surfaces(entities: list[Entity]) -> list[str]:
    return [m.text for e in entities for m in e.mentions] + [a for e in entities for a in e.aliases]


# -- boundaries ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "person", "role"),
    [
        ("President Joe Biden met the press on Monday.", "Joe Biden", "President"),
        ("Yesterday Dr. Jane Smith spoke at the clinic.", "Jane Smith", "Dr."),
        ("Senator Elizabeth Warren criticised the bank.", "Elizabeth Warren", "Senator"),
        ("Deputy Secretary-General Huang Chaoyong opened the meeting.", "Huang Chaoyong", "Deputy Secretary-General"),
    ],
)
def test_title_outside_name_kept_as_role(nlp: Any, text: str, person: str, role: str) -> None:
    people, _ = run(nlp, text)
    entity = find(people, person)
    assert role in entity.roles
    assert all(not m.text.startswith(role) for m in entity.mentions)


@pytest.mark.parametrize(
    ("text", "label", "name"),
    [
        ("Angela Merkel's government fell in the autumn.", "PER", "Angela Merkel"),
        (
            "The World Health Organization said on Tuesday that the virus was spreading.",
            "ORG",
            "World Health Organization",
        ),
        ("Officials from the European Space Agency said the launch would slip.", "ORG", "European Space Agency"),
    ],
)
def test_possessive_and_article_outside_name(nlp: Any, text: str, label: str, name: str) -> None:
    people, orgs = run(nlp, text)
    entity = find(people if label == "PER" else orgs, name)
    assert [m.text for m in entity.mentions] == [name]


# -- names in capitals -----------------------------------------------------------------


def test_byline_in_capitals_joins_the_name_in_the_text(nlp: Any) -> None:
    text = "By MARIA LOPEZ|Jan 5, 2022\n\nMaria Lopez reports from Madrid on the new budget."
    people, _ = run(nlp, text)
    entity = find(people, "Maria Lopez")
    assert [m.text for m in entity.mentions] == ["MARIA LOPEZ", "Maria Lopez"]
    assert "MARIA LOPEZ" in entity.aliases


def test_headline_in_capitals_names_a_known_person(nlp: Any) -> None:
    text = "GOVERNOR GAVIN NEWSOM SIGNS CLIMATE BILL\n\nGavin Newsom signed the bill on Friday in Sacramento."
    people, _ = run(nlp, text)
    assert len(people) == 1
    assert [m.text for m in people[0].mentions] == ["GAVIN NEWSOM", "Gavin Newsom"]


def test_capitals_do_not_make_people_of_normal_text(nlp: Any) -> None:
    people, orgs = run(nlp, "The committee met on Friday and agreed on the budget for next year.")
    assert people == []
    assert orgs == []


# -- merging ---------------------------------------------------------------------------


def test_surname_joins_full_name(nlp: Any) -> None:
    text = "Thomas Edison opened a laboratory in New Jersey. Edison said the work was hard."
    people, _ = run(nlp, text)
    entity = find(people, "Thomas Edison")
    assert [m.text for m in entity.mentions] == ["Thomas Edison", "Edison"]
    assert len(people) == 1


def test_chinese_surname_first_joins_full_name(nlp: Any) -> None:
    text = "The Ministry of Finance said Zhang Wei, a spokesman for the ministry, would retire. Zhang thanked his colleagues."
    people, _ = run(nlp, text)
    entity = find(people, "Zhang Wei")
    assert [m.text for m in entity.mentions] == ["Zhang Wei", "Zhang"]
    assert entity.roles == ("spokesman for the ministry",)


def test_name_order_variants_join(nlp: Any) -> None:
    text = "By LIN MEI|May 2, 2023\n\nThe photographs were taken in Shanghai. (Photo/Mei Lin)"
    people, _ = run(nlp, text)
    assert len(people) == 1
    assert sorted(m.text for m in people[0].mentions) == ["LIN MEI", "Mei Lin"]


def test_acronym_in_brackets_joins_its_organisation(nlp: Any) -> None:
    text = (
        "The World Health Organization (WHO) warned of a new outbreak. WHO officials met in Geneva. "
        "The WHO Regional Office for Europe disagreed."
    )
    _, orgs = run(nlp, text)
    who = find(orgs, "World Health Organization")
    assert "WHO" in who.aliases
    assert [m.text for m in who.mentions] == ["World Health Organization", "WHO", "WHO"]
    # A longer name that holds the acronym is another organisation.
    regional = find(orgs, "WHO Regional Office for Europe")
    assert regional is not who


def test_article_variants_of_an_organisation_join(nlp: Any) -> None:
    text = (
        "On Monday, Information Office of Jiangsu Provincial Government held a briefing. "
        "The briefing was held by the Information Office of Jiangsu Provincial Government in Nanjing."
    )
    _, orgs = run(nlp, text)
    office = find(orgs, "Information Office of Jiangsu Provincial Government")
    assert len(office.mentions) == 2


# -- roles -----------------------------------------------------------------------------


def test_role_from_apposition(nlp: Any) -> None:
    text = "Maria Gonzalez, Deputy Director of the National Museum of Art, said the collection would grow."
    people, orgs = run(nlp, text)
    assert find(people, "Maria Gonzalez").roles == ("Deputy Director of the National Museum of Art",)
    assert "National Museum of Art" in names(orgs)


def test_two_roles_joined_by_and(nlp: Any) -> None:
    text = (
        "Li Qiang, Deputy Director of the Trade Office of Sichuan Province and Executive Secretary "
        "of the Sichuan Business Council said the talks went well."
    )
    people, _ = run(nlp, text)
    assert find(people, "Li Qiang").roles == (
        "Deputy Director of the Trade Office of Sichuan Province",
        "Executive Secretary of the Sichuan Business Council",
    )


def test_no_role_without_a_title(nlp: Any) -> None:
    people, _ = run(nlp, "Peter Brown, who lives in Leeds, said the road was closed.")
    assert find(people, "Peter Brown").roles == ()


# -- cleanup ---------------------------------------------------------------------------


def test_fragment_of_a_name_is_not_a_person(nlp: Any) -> None:
    text = (
        "arah Connor, chief engineer of Skynet Industries\n\n"
        "Sarah Connor, chief engineer of Skynet Industries, spoke to reporters."
    )
    people, _ = run(nlp, text)
    assert names(people) == ["Sarah Connor"]
    assert not any(s.startswith("arah") for s in all_surfaces(people))


def test_page_furniture_is_no_organisation(nlp: Any) -> None:
    _, orgs = run(nlp, "Read our Privacy Policy and Terms of Use before you continue.")
    assert orgs == []


def test_acronym_of_a_common_noun_is_no_organisation(nlp: Any) -> None:
    _, orgs = run(nlp, "Measurements of sea surface temperature (SST) rose. SST data came from satellites.")
    assert orgs == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Shares of Jones Ltd rose 5 percent on Monday.", "Jones Ltd"),
        ("Globex Inc. said it would hire more staff.", "Globex Inc."),
        ("She studied at the University of Portsmouth last year.", "University of Portsmouth"),
        ("The Ministry of Foreign Affairs said so.", "Ministry of Foreign Affairs"),
    ],
)
def test_organisation_words_make_organisations(nlp: Any, text: str, name: str) -> None:
    people, orgs = run(nlp, text)
    assert name in names(orgs)
    assert name not in names(people)


@pytest.mark.parametrize(
    ("text", "people_expected"),
    [
        ("Earlier work (Renwick & Pell 2011; Quade 2010) found this.", ["Renwick", "Pell", "Quade"]),
        ("As Stenmo (1964) showed, the rule holds.", ["Stenmo"]),
        ("Okonjo et al. reported a larger effect.", ["Okonjo"]),
        ("Dagny Rose Holloway (born March 2, 1971) is a painter.", ["Dagny Rose Holloway"]),
    ],
)
def test_context_rules_find_people(nlp: Any, text: str, people_expected: list[str]) -> None:
    people, _ = run(nlp, text)
    assert names(people) == people_expected


# -- offsets, chunks and order ---------------------------------------------------------


def test_offsets_in_chunked_text_and_order(nlp: Any) -> None:
    first = "Thomas Edison opened a laboratory in New Jersey.\n\n"
    second = "The World Health Organization met. Edison said the work was hard."
    text = first + second
    docs = [(0, nlp(first)), (len(first), nlp(second))]
    people, orgs = extract_entities(text, docs, RULES)
    for entity in people + orgs:
        for m in entity.mentions:
            assert text[m.start : m.end] == m.text
    assert [m.text for m in find(people, "Thomas Edison").mentions] == ["Thomas Edison", "Edison"]
    assert names(orgs) == ["World Health Organization"]
    again = extract_entities(text, docs, RULES)
    assert again == (people, orgs)


def test_empty_input(nlp: Any) -> None:
    assert extract_entities("", [], RULES) == ([], [])


# -- the seed page ---------------------------------------------------------------------


def test_seed_page(nlp: Any) -> None:
    text = SEED.read_text(encoding="utf-8")
    people, orgs = run(nlp, text)
    huang = [e for e in people if "Chaoyong" in e.name]
    assert names(huang) == ["Huang Chaoyong"]
    assert not any(s.startswith("uang") for s in all_surfaces(people) + all_surfaces(orgs))
    assert any(r.startswith("Deputy Secretary-General of the Communist Party of China") for r in huang[0].roles)
    wang = [e for e in people if any("jieyu" in s.lower() for s in (e.name, *e.aliases))]
    assert len(wang) == 1
    assert {"Wang Jieyu", "JIEYU WANG"} <= {wang[0].name, *wang[0].aliases}
    cpc = find(orgs, "Communist Party of China")
    assert "CPC" in cpc.aliases
    office = find(orgs, "Information Office of Chongqing Municipal People’s Government")
    assert len(office.mentions) == 3
    assert "CPC Chongqing Municipal Committee" in names(orgs)


# -- the examples of the rules in patterns/entities.toml ---------------------------------
# Each example is a table: the text, optionally the entities spaCy is taken to have found
# (``spacy``, so that the case tests the rule and not the model), and what the stage must give
# (``people`` and ``orgs``: the entity names in order; ``roles``: the first person's roles).
# Each example runs twice: with every rule it must give that, and without its own rule it
# must not, so an example that does not need its rule fails.

ENTITY_EXAMPLES = [
    (r, e)
    for section, rules in RULES.sections.items()
    if section.startswith("entities.")
    for r in rules
    for e in r.examples()
]


def without(rule_id: str) -> Rules:
    """The built-in rules less one rule."""
    sections = {k: tuple(r for r in v if r.id != rule_id) for k, v in RULES.sections.items()}
    return Rules(sections, RULES.settings, RULES.ruler)


def outcome(nlp: Any, example: Example, rules: Rules) -> dict[str, Any]:
    text = example.text
    spans = example.expected.get("spacy")
    doc = nlp(text) if spans is None else doc_with(nlp, text, [(str(s), str(label)) for s, label in spans])
    people, orgs = extract_entities(text, [(0, doc)], rules)
    got: dict[str, Any] = {"people": names(people), "orgs": names(orgs)}
    got["roles"] = list(people[0].roles) if people else []
    return {k: got[k] for k in ("people", "orgs", "roles") if k in example.expected}


@pytest.mark.parametrize(
    ("rule", "example"), ENTITY_EXAMPLES, ids=[f"{r.id}:{e.text[:40]}" for r, e in ENTITY_EXAMPLES]
)
def test_rule_example(nlp: Any, rule: Rule, example: Example) -> None:
    expected = {k: v for k, v in example.expected.items() if k != "spacy"}
    assert expected, f"{rule.id}: the example {example.text!r} says nothing it expects"
    assert outcome(nlp, example, RULES) == expected
    assert outcome(nlp, example, without(rule.id)) != expected, f"{rule.id} is not needed for {example.text!r}"


def doc_with(nlp: Any, text: str, spans: list[tuple[str, str]]) -> Any:
    """A Doc whose entities are exactly ``spans`` (surface, label), as spaCy might have found them."""
    doc = nlp.make_doc(text)
    ents: list[Any] = []
    for surface, label in spans:
        start = text.index(surface)
        while any(e.start_char < start + len(surface) and start < e.end_char for e in ents):
            start = text.index(surface, start + 1)  # the next occurrence, when this one is taken
        span = doc.char_span(start, start + len(surface), label=label)
        assert span is not None
        ents.append(span)
    doc.ents = ents
    return doc


@pytest.mark.parametrize(
    ("text", "found", "expected"),
    [
        ("Élodie Varenne was buried in the village.", "Varenne", "Élodie Varenne"),
        ("The letter went to Marcus T. Heddle at home.", "Heddle", "Marcus T. Heddle"),
        ("Only Varenne knew the answer, and only he wrote it down.", "Varenne", "Varenne"),
        ("They met in New Jersey. Edison said little.", "Edison", "Edison"),
        ("CEO Laura Whitfield said so.", "Whitfield", "Laura Whitfield"),
    ],
)
def test_given_names_spacy_left_out(nlp: Any, text: str, found: str, expected: str) -> None:
    people, _ = extract_entities(text, [(0, doc_with(nlp, text, [(found, "PERSON")]))], RULES)
    assert names(people) == [expected]


def test_title_and_comma_before_a_place_make_a_person(nlp: Any) -> None:
    text = "The opposition leader, Kemi Badenoch, criticised the plan."
    doc = doc_with(nlp, text, [("Kemi Badenoch", "GPE")])
    people, _ = extract_entities(text, [(0, doc)], RULES)
    assert names(people) == ["Kemi Badenoch"]
    assert people[0].roles == ("leader",)


def test_news_paragraph(nlp: Any) -> None:
    text = (
        "U.S. Treasury Secretary Janet Yellen said on Tuesday that the International Monetary Fund (IMF) "
        "should do more. Yellen told reporters that the IMF's managing director agreed. "
        "Shares of Microsoft Corp. rose, as did those of the European Central Bank's partners."
    )
    people, orgs = run(nlp, text)
    yellen = find(people, "Janet Yellen")
    assert [m.text for m in yellen.mentions] == ["Janet Yellen", "Yellen"]
    assert yellen.roles == ("U.S. Treasury Secretary",)
    imf = find(orgs, "International Monetary Fund")
    assert imf.aliases == ("IMF",)
    assert len(imf.mentions) == 3
    assert "Microsoft Corp." in names(orgs)
    assert "European Central Bank" in names(orgs)


def test_particles_hyphens_and_multiword_surnames(nlp: Any) -> None:
    text = "Mrs. Okonkwo-Adeyemi agreed. Ursula von der Leyen spoke. Von der Leyen said more."
    doc = doc_with(nlp, text, [("Okonkwo", "PERSON"), ("Ursula von", "PERSON"), ("Von der Leyen", "ORG")])
    people, orgs = extract_entities(text, [(0, doc)], RULES)
    assert names(people) == ["Okonkwo-Adeyemi", "Ursula von der Leyen"]
    assert [m.text for m in people[1].mentions] == ["Ursula von der Leyen", "Von der Leyen"]
    assert orgs == []


def test_title_of_the_next_person_is_not_a_role(nlp: Any) -> None:
    text = "The guests were Mary Smith, President Joe Biden and the mayor."
    doc = doc_with(nlp, text, [("Mary Smith", "PERSON"), ("Joe Biden", "PERSON")])
    people, _ = extract_entities(text, [(0, doc)], RULES)
    assert [(e.name, e.roles) for e in people] == [("Mary Smith", ()), ("Joe Biden", ("President",))]


@pytest.mark.parametrize(
    ("text", "person", "role"),
    [
        ("Apple CEO Tim Cook unveiled the phone in Cupertino.", "Tim Cook", "Apple CEO"),
        ("Yesterday CEO Tim Cook unveiled the phone in Cupertino.", "Tim Cook", "CEO"),
        ("A World Bank spokesperson, Maria Silva, said nothing.", "Maria Silva", "World Bank spokesperson"),
    ],
)
def test_role_with_its_organisation(nlp: Any, text: str, person: str, role: str) -> None:
    doc = doc_with(nlp, text, [(person, "PERSON")])
    people, _ = extract_entities(text, [(0, doc)], RULES)
    assert find(people, person).roles == (role,)


# -- the token patterns of patterns/entities.jsonl ---------------------------------------

RULER = RULES.ruler_patterns("entities")
RULER_CASES = [(p, t, True) for p in RULER for t in p.examples] + [
    (p, t, False) for p in RULER for t in p.counter_examples
]


@pytest.mark.parametrize(
    ("pattern", "text", "fires"), RULER_CASES, ids=[f"{p.id}:{'+' if f else '-'}{t[:40]}" for p, t, f in RULER_CASES]
)
def test_ruler_pattern_example(nlp: Any, pattern: RulerPattern, text: str, fires: bool) -> None:
    """Each example is found by its own pattern (and that pattern's label reaches the output)."""
    only = Rules(RULES.sections, RULES.settings, {"entities": (pattern,)})
    doc = nlp.make_doc(text)  # no model entities: what is found comes from the pattern alone
    people, orgs = extract_entities(text, [(0, doc)], only)
    found = people if pattern.label in ("PER", "PERSON") else orgs
    assert bool(found) is fires, f"{pattern.id} {'should' if fires else 'should not'} fire on {text!r}"


def test_long_run_of_capitalised_words_takes_linear_time(nlp: Any) -> None:
    """20 KB of Title Case words (a pathological page): the token patterns repeat a bounded
    number of words, so the stage costs about what a normal page of that size costs."""
    text = "Northern Savings Bank Of Velden " * 640
    assert len(text) > 20_000
    doc = nlp(text)
    started = time.perf_counter()
    extract_entities(text, [(0, doc)], RULES)
    assert time.perf_counter() - started < 8.0


def user_rules(tmp_path: Any, *lines: str) -> Rules:
    path = tmp_path / "entities.jsonl"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return load_rules((path,))


def test_phrase_pattern_is_matched_as_written(nlp: Any, tmp_path: Any) -> None:
    rules = user_rules(
        tmp_path,
        '{"id": "org.quillon", "label": "ORG", "pattern": "Quillon Data", '
        '"examples": ["We met the Quillon Data team."], "counter_examples": ["Quillon Database"]}',
        '{"id": "per.pell", "label": "PERSON", "pattern": "W. Pell"}',
    )
    text = "Quillon Data hired W. Pell in May. Later Quillon Data grew, but Quillon Database did not."
    doc = nlp.make_doc(text)  # the model found nothing: the phrases alone find the names
    people, orgs = extract_entities(text, [(0, doc)], rules)
    assert [(e.name, len(e.mentions)) for e in orgs] == [("Quillon Data", 2)]
    assert names(people) == ["W. Pell"]
    pattern = rules.ruler_patterns("entities")[-2]
    only = Rules(rules.sections, rules.settings, {"entities": (pattern,)})
    for example, fires in [(t, True) for t in pattern.examples] + [(t, False) for t in pattern.counter_examples]:
        _, found = extract_entities(example, [(0, nlp.make_doc(example))], only)
        assert bool(found) is fires, example


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": "gpe.velden", "label": "GPE", "pattern": "Velden"}', "is not PERSON, PER or ORG"),
        ('{"id": "org.blank", "label": "ORG", "pattern": "  "}', "phrase pattern"),
        ('{"id": "org.run", "label": "ORG", "pattern": [{"IS_TITLE": true, "OP": "+"}, {"LOWER": "bank"}]}', "bounded"),
    ],
)
def test_pattern_the_stage_cannot_run_is_refused_at_load(tmp_path: Any, line: str, message: str) -> None:
    rules = user_rules(tmp_path, line)
    with pytest.raises(PatternError, match=message) as caught:
        compile_rules(rules)
    assert "entities.jsonl:1" in str(caught.value)


# -- issue 16: type by evidence from the whole document, no junk, one entity per name ----


def given(nlp: Any, text: str, spans: list[tuple[str, str]]) -> tuple[list[Entity], list[Entity]]:
    """The stage on ``text`` as if spaCy had found exactly ``spans`` (each surface's occurrences
    in order, as many times as listed)."""
    return extract_entities(text, [(0, doc_with(nlp, text, spans))], RULES)


@pytest.mark.parametrize(
    ("text", "spans", "people_expected", "orgs_expected"),
    [
        # a one-word person that is no person
        # a brand written in camel case is no person
        ("We asked QuorraTech about it. QuorraTech did not reply.", [("QuorraTech", "PERSON")] * 2, [], ["QuorraTech"]),
        ("The app runs on ZipLane and nothing else.", [("ZipLane", "PERSON")], [], ["ZipLane"]),
        (
            "McAllister and Wanda Pell met.",
            [("McAllister", "PERSON"), ("Wanda Pell", "PERSON")],
            ["McAllister", "Wanda Pell"],
            [],
        ),
        # a team or a thing named with "the" is no person
        (
            "The Harriers won again. The coach said the Harriers played well.",
            [("Harriers", "PERSON")] * 2,
            [],
            ["Harriers"],
        ),
        ("Fans of the Corbels sang. The Corbels lost.", [("Corbels", "PERSON")] * 2, [], ["Corbels"]),
        ("Then the Velbys scored twice.", [("Velbys", "PERSON")], [], ["Velbys"]),
        # names in quotes that are no titles stay
        # a quoted sentence is no title: its names stay
        (
            "“We thank Velby Labs for the help,” she said.",
            [("Velby Labs", "ORG")],
            [],
            ["Velby Labs"],
        ),
        # a person named in a quoted headline is still that person
        (
            "He wrote “Why Marek Quade Left the Club” last year.",
            [("Marek Quade", "PERSON")],
            ["Marek Quade"],
            [],
        ),
        # a whole quoted title without a work noun next to it stays what spaCy said
        (
            "They signed with “Kestrel Works” in May.",
            [("Kestrel Works", "ORG")],
            [],
            ["Kestrel Works"],
        ),
    ],
)
def test_names_typed_by_the_page(
    nlp: Any, text: str, spans: list[tuple[str, str]], people_expected: list[str], orgs_expected: list[str]
) -> None:
    people, orgs = given(nlp, text, spans)
    assert names(people) == people_expected
    assert names(orgs) == orgs_expected


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        # places joined by "and" are no organisation
        (
            "Rail links between Ashby and Velden were cut. Ashby and Velden were flooded.",
            [("Ashby", "GPE"), ("Velden", "GPE"), ("Ashby and Velden", "ORG")],
        ),
        (
            "Harwick-Dunfield trade grew. Harwick is old and Dunfield is new.",
            [("Harwick-Dunfield", "ORG"), ("Harwick", "GPE"), ("Dunfield", "GPE")],
        ),
        (
            "Both Ostbury & Lenning voted. Ostbury is small; Lenning is big.",
            [("Ostbury & Lenning", "ORG"), ("Ostbury", "GPE"), ("Lenning", "GPE")],
        ),
        # names listed after an at sign are venues
        ("June 3 – Velby, TX @ Dunmore Music Factory", [("Velby", "GPE"), ("Dunmore Music Factory", "ORG")]),
        (
            "May 9 - Harlow, TX @ Kestrel Credit Union Park",
            [("Harlow", "GPE"), ("TX @ Kestrel Credit Union Park", "ORG")],
        ),
        ("Aug 2 – Lenning, OH @ Brisko Bank Gardens", [("Lenning", "GPE"), ("Brisko Bank Gardens", "ORG")]),
    ],
)
def test_places_and_venues_are_neither(nlp: Any, text: str, spans: list[tuple[str, str]]) -> None:
    people, orgs = given(nlp, text, spans)
    assert people == []
    assert orgs == []


@pytest.mark.parametrize(
    ("words", "fragment"),
    [
        (["Shares", "of", "Brivon", "AT", "&T", "rose", "."], "&T"),
        (["The", "Har", "bank", "shop", "closed", "."], "bank"),
        (["Call", "Pell&", "Quade", "today", "."], "Quade"),
    ],
)
def test_fragments_of_a_word_are_no_names(nlp: Any, words: list[str], fragment: str) -> None:
    """A tokenizer (or a scrape) that cuts a word leaves a piece that is no name."""
    from spacy.tokens import Doc

    spaces = [True] * len(words)
    for i, w in enumerate(words[:-1]):
        if words[i + 1] in (fragment, ".") or w.endswith("&") or w == "Har":
            spaces[i] = False
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    i = words.index(fragment)
    doc.ents = [doc.char_span(doc[i].idx, doc[i].idx + len(fragment), label="ORG")]
    people, orgs = extract_entities(doc.text, [(0, doc)], RULES)
    assert people == [], doc.text
    assert orgs == [], doc.text


@pytest.mark.parametrize(
    ("text", "spans", "people_expected"),
    [
        # field labels are not part of a name
        ("Name: Dealing with grief", [("Name: Dealing", "PERSON")], []),
        ("Author: Wanda Pell", [("Author: Wanda Pell", "PERSON")], ["Wanda Pell"]),
        ("Tags: Gardening", [("Tags: Gardening", "PERSON")], []),
        # possessive store name is no person
        ("We shop at Velby's every week. Velby's has good bread.", [("Velby", "PERSON"), ("Velby", "PERSON")], []),
        (
            "Her coat came from Harlan's. Harlan's stores close at six.",
            [("Harlan", "PERSON"), ("Harlan", "PERSON")],
            [],
        ),
        ("Dunmore's stores opened late.", [("Dunmore", "PERSON")], []),
        # a person named only in the possessive, not as a shop, stays a person
        ("Quade's book sold well. Critics liked Quade's style.", [("Quade", "PERSON"), ("Quade", "PERSON")], ["Quade"]),
        # a name with an article is no person
        ("Rockets will fly to the Comet and back.", [("Comet", "PERSON")], []),
        ("Light from the Sun, the Comet and the stars.", [("Comet", "PERSON")], []),
        # "the Quade family" is a person's
        (
            "Lunch with the Quade family. Marek Quade cooked.",
            [("Quade", "PERSON"), ("Marek Quade", "PERSON")],
            ["Marek Quade"],
        ),
    ],
)
def test_people_kept_apart_from_labels_stores_and_articles(
    nlp: Any, text: str, spans: list[tuple[str, str]], people_expected: list[str]
) -> None:
    people, _ = given(nlp, text, spans)
    assert names(people) == people_expected


@pytest.mark.parametrize(
    ("text", "spans", "orgs_expected"),
    [
        # a name given a type by evidence once has it everywhere, however many guesses say otherwise
        (
            "Corvane Ltd hired Ines. Corvane grew. Corvane bought a van. Corvane sold it.",
            [("Corvane Ltd", "ORG"), ("Corvane", "PERSON"), ("Corvane", "PERSON"), ("Corvane", "PERSON")],
            ["Corvane Ltd"],
        ),
        # singular and plural forms of one name
        (
            "Velden Air Lines cut fares. Velden Air Line staff were happy.",
            [("Velden Air Lines", "ORG"), ("Velden Air Line", "ORG")],
            ["Velden Air Lines"],
        ),
        # "Company" is a legal form like "Co."
        (
            "The Harwick Tea Company opened. Harwick Tea hired staff.",
            [("Harwick Tea Company", "ORG"), ("Harwick Tea", "ORG")],
            ["Harwick Tea Company"],
        ),
    ],
)
def test_one_entity_per_organisation(
    nlp: Any, text: str, spans: list[tuple[str, str]], orgs_expected: list[str]
) -> None:
    people, orgs = given(nlp, text, spans)
    assert people == []
    assert names(orgs) == orgs_expected
    assert len(orgs[0].mentions) == len(spans)


@pytest.mark.parametrize(
    ("text", "spans", "acronym"),
    [
        (
            "The NFU met. Later the Northwind Freight Union called a strike.",
            [("NFU", "ORG"), ("Northwind Freight Union", "ORG")],
            "NFU",
        ),
        (
            "The Dunfield Heritage Society met. DHS gave out grants.",
            [("Dunfield Heritage Society", "ORG"), ("DHS", "ORG")],
            "DHS",
        ),
        ("The Bank of Lenning lent more. BOL said so.", [("Bank of Lenning", "ORG"), ("BOL", "ORG")], "BOL"),
        # an acronym that leaves out a leading qualifier of the long form
        (
            "The Ostmark Centre for Water Safety tested the river. Later the CWS said it was clean.",
            [("Ostmark Centre for Water Safety", "ORG"), ("CWS", "ORG")],
            "CWS",
        ),
        # ... or the tail the name took on after an "and"
        (
            "The Velden Institute for Soil Research and Teaching opened a lab. A VISR spokesman said so.",
            [("Velden Institute for Soil Research and Teaching", "ORG"), ("VISR", "ORG")],
            "VISR",
        ),
        # ... or both
        (
            "The Harlow Bureau of Rail Safety and Planning fined the firm. The BRS said the fine was fair.",
            [("Harlow Bureau of Rail Safety and Planning", "ORG"), ("BRS", "ORG")],
            "BRS",
        ),
    ],
)
def test_acronym_anywhere_joins_its_long_form(nlp: Any, text: str, spans: list[tuple[str, str]], acronym: str) -> None:
    _, orgs = given(nlp, text, spans)
    assert len(orgs) == 1
    assert acronym in orgs[0].aliases


def test_acronym_of_two_organisations_joins_neither(nlp: Any) -> None:
    text = "The Velden Rail Union and the Velden Road Union met. VRU said no."
    _, orgs = given(nlp, text, [("Velden Rail Union", "ORG"), ("Velden Road Union", "ORG"), ("VRU", "ORG")])
    assert names(orgs) == ["Velden Rail Union", "Velden Road Union", "VRU"]


@pytest.mark.parametrize(
    ("text", "spans", "count"),
    [
        (
            "Corvane opened a shop. Corvane hired staff. Later Corvane closed.",
            [("Corvane", "ORG"), ("Corvane", "ORG")],
            3,
        ),
        (
            "Brindle makes tea. Brindle sells it. Brindle exports it. Brindle grew.",
            [("Brindle", "ORG"), ("Brindle", "ORG")],
            4,
        ),
        ("Ostmark Rail runs trains. Ostmark Rail lost money. Ostmark Rail cut jobs.", [("Ostmark Rail", "ORG")], 3),
        # the model saw only the place inside the name
        (
            "Velden Rovers won. Fans of Velden Rovers sang, and Velden was loud.",
            [("Velden Rovers", "ORG"), ("Velden", "GPE"), ("Velden", "GPE")],
            2,
        ),
        (
            "Kelby Dynamo lost. The Kelby Dynamo fans left early.",
            [("Kelby Dynamo", "ORG"), ("Kelby", "GPE")],
            2,
        ),
    ],
)
def test_a_confirmed_organisation_is_found_where_the_model_missed_it(
    nlp: Any, text: str, spans: list[tuple[str, str]], count: int
) -> None:
    _, orgs = given(nlp, text, spans)
    assert len(orgs) == 1
    assert len(orgs[0].mentions) == count


@pytest.mark.parametrize(
    ("text", "spans", "role"),
    [
        ("Velden thanked former Governor Halvard Stenmo.", [("Halvard Stenmo", "PERSON")], "former Governor"),
        ("The deputy mayor, Priya Okafor, spoke.", [("Priya Okafor", "PERSON")], "deputy mayor"),
        ("Wanda Pell, interim director of the museum.", [("Wanda Pell", "PERSON")], "interim director of the museum"),
    ],
)
def test_roles_keep_qualifiers_and_end_without_a_full_stop(
    nlp: Any, text: str, spans: list[tuple[str, str]], role: str
) -> None:
    people, _ = given(nlp, text, spans)
    assert people[0].roles == (role,)


@pytest.mark.parametrize(
    ("text", "spans", "people_expected"),
    [
        # a common noun opening a line is no name
        ("Paella\nCook the paella slowly. Serve the paella hot.", [("Paella", "PERSON")], []),
        ("Mum\nI called mum on Sunday.", [("Mum", "PERSON")], []),
        ("- Saffron\nAdd the saffron last.", [("Saffron", "PERSON")], []),
        ("Wanda\nWanda Pell wrote this.", [("Wanda", "PERSON"), ("Wanda Pell", "PERSON")], ["Wanda Pell"]),
        # roster of players is people
        (
            "The squad: Wanda Pell, Oskar Tremblay, Brindle Ashby and Corvin Quade.",
            [
                ("Wanda Pell", "PERSON"),
                ("Oskar Tremblay", "PERSON"),
                ("Brindle Ashby", "ORG"),
                ("Corvin Quade", "PERSON"),
            ],
            ["Wanda Pell", "Oskar Tremblay", "Brindle Ashby", "Corvin Quade"],
        ),
        (
            "Starters\nRafe Dunmore\nLucan Ferreira\nHarwick Stenmo\n",
            [("Rafe Dunmore", "PERSON"), ("Lucan Ferreira", "ORG"), ("Harwick Stenmo", "PERSON")],
            ["Rafe Dunmore", "Lucan Ferreira", "Harwick Stenmo"],
        ),
        (
            "Goals came from Ines Farrow, Dagny Holloway and Tobias Renwick.",
            [("Ines Farrow", "ORG"), ("Dagny Holloway", "PERSON"), ("Tobias Renwick", "PERSON")],
            ["Ines Farrow", "Dagny Holloway", "Tobias Renwick"],
        ),
        # a one word person in a list of places is a place
        (
            "Cases were found in Velden, Ostbury, Harlow and Kelby.",
            [("Velden", "GPE"), ("Ostbury", "GPE"), ("Harlow", "PERSON"), ("Kelby", "GPE")],
            [],
        ),
        (
            "The tour stops in Lenning, Dunfield and Ashgrove.",
            [("Lenning", "GPE"), ("Dunfield", "PERSON"), ("Ashgrove", "GPE")],
            [],
        ),
        # a list of people with one place in it stays a list of people
        (
            "Wanda Pell, Marek Quade and Velden were named.",
            [("Wanda Pell", "PERSON"), ("Marek Quade", "PERSON"), ("Velden", "GPE")],
            ["Wanda Pell", "Marek Quade"],
        ),
    ],
)
def test_people_only_no_organisations(
    nlp: Any, text: str, spans: list[tuple[str, str]], people_expected: list[str]
) -> None:
    people, orgs = given(nlp, text, spans)
    assert names(people) == people_expected
    assert orgs == []


@pytest.mark.parametrize(
    ("role_text", "role"),
    [
        ("Wanda Pell, the acting chief executive.", "acting chief executive"),
        ("Oskar Tremblay, director of the Velden museum.", "director of the Velden museum"),
        ("Ines Farrow, director.", "director"),
    ],
)
def test_role_ends_without_a_full_stop(nlp: Any, role_text: str, role: str) -> None:
    name = role_text.split(",")[0]
    people, _ = given(nlp, role_text, [(name, "PERSON")])
    assert people[0].roles == (role,)


def test_roster_keeps_a_named_organisation(nlp: Any) -> None:
    text = "We owe thanks to Wanda Pell, Oskar Tremblay, Velden Rowing Club and Corvin Quade."
    spans = [
        ("Wanda Pell", "PERSON"),
        ("Oskar Tremblay", "PERSON"),
        ("Velden Rowing Club", "ORG"),
        ("Corvin Quade", "PERSON"),
    ]
    people, orgs = given(nlp, text, spans)
    assert names(orgs) == ["Velden Rowing Club"]
    assert len(people) == 3


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        # the surname before the full name is introduced
        (
            "Pell said the bridge was safe. Engineer Wanda Pell built it in May.",
            [("Pell", "PERSON"), ("Wanda Pell", "PERSON")],
            [("Wanda Pell", 2)],
        ),
        # a first name alone
        (
            "Oskar Tremblay runs the bakery. Oskar opens it at six.",
            [("Oskar Tremblay", "PERSON"), ("Oskar", "PERSON")],
            [("Oskar Tremblay", 2)],
        ),
        # two people with one surname stay apart; the surname goes to the one named last
        (
            "Ines Farrow and Marek Farrow sued. Ines Farrow spoke first. Later Farrow left.",
            [("Ines Farrow", "PERSON"), ("Marek Farrow", "PERSON"), ("Ines Farrow", "PERSON"), ("Farrow", "PERSON")],
            [("Ines Farrow", 3), ("Marek Farrow", 1)],
        ),
        # end of a longer name joins that person
        # the end of a longer name joins the full name, particles or not
        (
            "Marta van der Hoek won. Van der Hoek thanked her team, and van der Hoek left.",
            [("Marta van der Hoek", "PERSON"), ("Van der Hoek", "PERSON"), ("van der Hoek", "PERSON")],
            [("Marta van der Hoek", 3)],
        ),
        # a double surname after the given name
        (
            "Ines Garcia Lorca scored twice. Garcia Lorca also set up the third goal.",
            [("Ines Garcia Lorca", "PERSON"), ("Garcia Lorca", "PERSON")],
            [("Ines Garcia Lorca", 2)],
        ),
        # a compound given name and surname, the short form first
        (
            "Berg Olsen spoke first. Later Anna Maria Berg Olsen took questions.",
            [("Berg Olsen", "PERSON"), ("Anna Maria Berg Olsen", "PERSON")],
            [("Anna Maria Berg Olsen", 2)],
        ),
        # initials and generational suffixes do not split a person
        (
            "Marek T. Quade was charged. Marek Quade Jr. denied it, and Quade left.",
            [("Marek T. Quade", "PERSON"), ("Marek Quade Jr.", "PERSON"), ("Quade", "PERSON")],
            [("Marek T. Quade", 3)],
        ),
        (
            "Ines Farrow Sr. founded it; Ines B. Farrow still runs it.",
            [("Ines Farrow Sr.", "PERSON"), ("Ines B. Farrow", "PERSON")],
            [("Ines Farrow Sr.", 2)],
        ),
        (
            "Dagny R. Holloway won. Dagny Holloway thanked her team.",
            [("Dagny R. Holloway", "PERSON"), ("Dagny Holloway", "PERSON")],
            [("Dagny R. Holloway", 2)],
        ),
    ],
)
def test_one_entity_per_person(
    nlp: Any, text: str, spans: list[tuple[str, str]], expected: list[tuple[str, int]]
) -> None:
    people, _ = given(nlp, text, spans)
    assert named_mentions(people) == expected


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        (
            "Corvin Ashby signed on Monday. Ashby will start on Saturday.",
            [("Corvin Ashby", "PERSON"), ("Ashby", "GPE")],
        ),
        ("Tamsin Velde won the vote. Velde promised lower rents.", [("Tamsin Velde", "PERSON"), ("Velde", "NORP")]),
        ("Bram Okonjo wrote the score. Okonjo conducted it too.", [("Bram Okonjo", "PERSON"), ("Okonjo", "PRODUCT")]),
    ],
)
def test_surname_spacy_took_for_a_place_is_the_person(nlp: Any, text: str, spans: list[tuple[str, str]]) -> None:
    people, orgs = given(nlp, text, spans)
    assert [(e.name, len(e.mentions)) for e in people] == [(spans[0][0], 2)]
    assert orgs == []


@pytest.mark.parametrize(
    ("text", "spans", "people_expected", "orgs_expected"),
    [
        # a person's company
        (
            "Wanda Pell's Velby Labs will build the probe. Velby Labs hired forty engineers.",
            [("Wanda Pell's Velby Labs", "PERSON"), ("Velby Labs", "PERSON")],
            ["Wanda Pell"],
            ["Velby Labs"],
        ),
        # a person's team
        (
            "Marek Quade's Harlow Albion lost again.",
            [("Marek Quade's Harlow Albion", "PERSON")],
            ["Marek Quade"],
            ["Harlow Albion"],
        ),
        # an organisation's office names the organisation the document names alone
        (
            "Ostmark Rail said so. Ostmark Rail's Office of Audits agreed.",
            [("Ostmark Rail", "ORG"), ("Ostmark Rail's Office of Audits", "ORG")],
            [],
            ["Ostmark Rail"],
        ),
    ],
)
def test_possessive_inside_a_name_makes_two_names(
    nlp: Any, text: str, spans: list[tuple[str, str]], people_expected: list[str], orgs_expected: list[str]
) -> None:
    people, orgs = given(nlp, text, spans)
    assert names(people) == people_expected
    assert names(orgs)[: len(orgs_expected)] == orgs_expected
    assert len(find(orgs, orgs_expected[0]).mentions) == text.count(orgs_expected[0])


def test_possessive_inside_an_organisation_name_stays() -> None:
    """ "Harlow Magistrate's Court": no "Harlow Magistrate" alone in the document."""
    import spacy

    nlp = spacy.blank("en")
    text = "The case went to Harlow Magistrate's Court on Friday."
    _, orgs = given(nlp, text, [("Harlow Magistrate's Court", "ORG")])
    assert names(orgs) == ["Harlow Magistrate's Court"]


@pytest.mark.parametrize(
    ("text", "span", "org"),
    [
        ("Founder of Velby Labs Inc. Wanda Pell spoke.", "Founder of Velby Labs Inc.", "Velby Labs Inc."),
        ("The Chief Executive of Ostmark Rail resigned.", "Chief Executive of Ostmark Rail", "Ostmark Rail"),
        (
            "Former Director at Harlow Museum Trust Ines Farrow left.",
            "Former Director at Harlow Museum Trust",
            "Harlow Museum Trust",
        ),
    ],
)
def test_role_before_an_organisation_is_not_its_name(nlp: Any, text: str, span: str, org: str) -> None:
    _, orgs = given(nlp, text, [(span, "ORG")])
    assert names(orgs) == [org]


@pytest.mark.parametrize(
    ("text", "spans", "orgs_expected"),
    [
        (
            "He has coached Velby, Harlow Albion and Ostbury Rovers.",
            [("Velby", "PERSON"), ("Harlow Albion", "ORG"), ("Ostbury Rovers", "ORG")],
            ["Velby", "Harlow Albion", "Ostbury Rovers"],
        ),
        (
            "Suppliers include Dunmore Steel, Kestrel Optics, Brisko and Tallow Biscuits.",
            [("Dunmore Steel", "ORG"), ("Kestrel Optics", "ORG"), ("Brisko", "PERSON"), ("Tallow Biscuits", "ORG")],
            ["Dunmore Steel", "Kestrel Optics", "Brisko", "Tallow Biscuits"],
        ),
        (
            "Bids came from Corbel Airways, Quimby Motors and Zendro Fane.",
            [("Corbel Airways", "ORG"), ("Quimby Motors", "ORG"), ("Zendro Fane", "PERSON")],
            ["Corbel Airways", "Quimby Motors", "Zendro Fane"],
        ),
    ],
)
def test_list_of_organisations_types_its_guessed_people(
    nlp: Any, text: str, spans: list[tuple[str, str]], orgs_expected: list[str]
) -> None:
    people, orgs = given(nlp, text, spans)
    assert people == []
    assert names(orgs) == orgs_expected


@pytest.mark.parametrize(
    "text",
    [
        "by Velden Water Agency\n\nThe reservoir is full again.",
        "By Harlow Heritage Society\n\nThe old mill reopens in May.",
        "by Ostbury Rowing Club\n\nOur boats are back on the river.",
    ],
)
def test_byline_of_an_organisation_is_no_person(nlp: Any, text: str) -> None:
    name = text.split("\n")[0].split(" ", 1)[1]
    people, orgs = given(nlp, text, [(name, "ORG")])
    assert people == []
    assert names(orgs) == [name]


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        # an acronym alone names itself, not a longer name
        (
            "The Velden Transit Agency cut fares. The VTA Design Team drew it, and the VTA paid.",
            [("Velden Transit Agency", "ORG"), ("VTA Design Team", "ORG"), ("VTA", "ORG")],
            [("Velden Transit Agency", 2), ("VTA Design Team", 1)],
        ),
        (
            "KPL Research published it. KPL, the parent, agreed. KPL will pay.",
            [("KPL Research", "ORG"), ("KPL", "ORG"), ("KPL", "ORG")],
            [("KPL Research", 1), ("KPL", 2)],
        ),
        # a plain first word still joins the longer name
        (
            "Greenleaf Farms grew. Greenleaf hired ten people.",
            [("Greenleaf Farms", "ORG"), ("Greenleaf", "ORG")],
            [("Greenleaf Farms", 2)],
        ),
        # organisation word alone names the one organisation it ends
        (
            "The Velden Water Agency cut prices. The Agency said rain helped.",
            [("Velden Water Agency", "ORG"), ("Agency", "ORG")],
            [("Velden Water Agency", 2)],
        ),
        (
            "Staff of the Ministry of Ports met the Coastal Ministry. The Ministry said no.",
            [("Ministry of Ports", "ORG"), ("Coastal Ministry", "ORG"), ("Ministry", "ORG")],
            [("Ministry of Ports", 1), ("Coastal Ministry", 2)],
        ),
        # two agencies: "the Agency" is neither of them for sure
        (
            "The Harlow Food Agency and the Velby Rail Agency met. The Agency agreed.",
            [("Harlow Food Agency", "ORG"), ("Velby Rail Agency", "ORG"), ("Agency", "ORG")],
            [("Harlow Food Agency", 1), ("Velby Rail Agency", 1), ("Agency", 1)],
        ),
        # one word names the company it ends
        (
            "Tamsin Pell Co. owns Pell Radio. Pell said profits rose.",
            [("Tamsin Pell Co.", "ORG"), ("Pell Radio", "ORG"), ("Pell", "ORG")],
            [("Tamsin Pell Co.", 2), ("Pell Radio", 1)],
        ),
        (
            "Harlow Velby Inc. bought Velby Books. Velby will keep the shops.",
            [("Harlow Velby Inc.", "ORG"), ("Velby Books", "ORG"), ("Velby", "ORG")],
            [("Harlow Velby Inc.", 2), ("Velby Books", 1)],
        ),
        (
            "Ostmark Kivvo Ltd runs Kivvo Travel. Kivvo hired pilots.",
            [("Ostmark Kivvo Ltd", "ORG"), ("Kivvo Travel", "ORG"), ("Kivvo", "ORG")],
            [("Ostmark Kivvo Ltd", 2), ("Kivvo Travel", 1)],
        ),
        # first word typed an organisation by evidence joins its long form
        (
            "Harbor Foods Inc. opened a plant. Shares of Harbor rose.",
            [("Harbor Foods Inc.", "ORG"), ("Harbor", "PERSON")],
            [("Harbor Foods Inc.", 2)],
        ),
        (
            "Kestrel Optics makes lenses. Engineers at Kestrel built a new one.",
            [("Kestrel Optics", "ORG"), ("Kestrel", "PERSON")],
            [("Kestrel Optics", 2)],
        ),
        (
            "Velmont Retail hired staff. Velmont, the retailer, cut prices.",
            [("Velmont Retail", "ORG"), ("Velmont", "PERSON")],
            [("Velmont Retail", 2)],
        ),
    ],
)
def test_a_short_name_names_the_organisation_it_belongs_to(
    nlp: Any, text: str, spans: list[tuple[str, str]], expected: list[tuple[str, int]]
) -> None:
    _, orgs = given(nlp, text, spans)
    assert named_mentions(orgs) == expected


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        (
            "Voters in Velden backed the Greens. Velden Greens won ten seats.",
            [("Velden", "GPE"), ("Greens", "NORP"), ("Velden Greens", "PERSON")],
        ),
        (
            "Ostbury is wet; Lenning is dry. Ostbury Lenning trains run late.",
            [("Ostbury", "GPE"), ("Lenning", "GPE"), ("Ostbury Lenning", "PERSON")],
        ),
        (
            "Harlow farmers and Quakers met. Harlow Quakers sent food.",
            [("Harlow", "GPE"), ("Quakers", "NORP"), ("Harlow Quakers", "PERSON")],
        ),
    ],
)
def test_person_made_of_places_and_groups_is_no_person(nlp: Any, text: str, spans: list[tuple[str, str]]) -> None:
    people, _ = given(nlp, text, spans)
    assert people == []


def test_a_listing_of_venues_names_no_people_or_organisations(nlp: Any) -> None:
    # a tour or fixtures list: "date – Town, ST @ Venue"; spaCy's guesses as a model might make them
    text = (
        "May 2 – Dunmore, KY @ Harlow Arena\n"
        "May 4 – Ostbury Falls, OH @ Kelby Bank Amphitheater\n"
        "May 9 – Lenning, ON @ Velden Pavilion\n"
    )
    spans = [
        ("Dunmore", "ORG"),
        ("KY @ Harlow Arena", "ORG"),
        ("Ostbury Falls", "PERSON"),
        ("Kelby Bank Amphitheater", "ORG"),
        ("Lenning", "PERSON"),
        ("ON @ Velden Pavilion", "ORG"),
    ]
    people, orgs = extract_entities(text, [(0, doc_with(nlp, text, spans))], RULES)
    assert (names(people), names(orgs)) == ([], [])


def test_post_nominal_letters_that_are_also_state_codes_keep_the_person(nlp: Any) -> None:
    text = "The case was argued by Hana Quillfeld, QC, and Orrin Maddox, MD, gave evidence."
    doc = doc_with(nlp, text, [("Hana Quillfeld", "PERSON"), ("Orrin Maddox", "PERSON")])
    people, _ = extract_entities(text, [(0, doc)], RULES)
    assert names(people) == ["Hana Quillfeld", "Orrin Maddox"]


def with_context(nlp: Any, body: str, context: str, spans: list[tuple[str, str, str]]) -> Any:
    """Body and context as the pipeline joins them, spaCy's guesses ``spans`` (surface, label,
    "body" or "context") placed at the last occurrence in the body or the first in the context."""
    text = f"{body}\n\n{context}"
    doc = nlp.make_doc(text)
    ents = []
    for surface, label, part in spans:
        start = text.rindex(surface, 0, len(body)) if part == "body" else text.index(surface, len(body))
        ents.append(doc.char_span(start, start + len(surface), label=label))
    doc.ents = ents
    return extract_entities(text, [(0, doc)], RULES, body_end=len(body))


def test_context_after_the_body_names_the_body_but_reports_nothing_of_its_own(nlp: Any) -> None:
    body = "The rover was built by Quillon Labs and tested for a year."
    context = "A drawing of the rover by Quillon Labs, shown at the spring fair"
    people, orgs = with_context(nlp, body, context, [("Quillon Labs", "ORG", "context")])
    assert [(e.name, [(m.start, m.end) for m in e.mentions]) for e in orgs] == [("Quillon Labs", [(23, 35)])]
    assert people == []
    alone, _ = extract_entities(body, [(0, nlp.make_doc(body))], RULES)
    assert alone == []  # without the caption spaCy's miss stays a miss


def test_a_context_guess_of_a_person_the_body_names_by_surname_is_that_person(nlp: Any) -> None:
    body = (
        "Deputy Director of Harbour Safety Ana-Lisa Tarrow took the decision to close the quay.\n\n"
        'Ms Tarrow said: "We will reopen it."'
    )
    context = "Image caption Ana-Lisa Tarrow said the decision had been taken after talks with nine divers"
    spans = [("Tarrow", "PERSON", "body"), ("Ana-Lisa Tarrow", "ORG", "context")]
    people, orgs = with_context(nlp, body, context, spans)
    assert [(e.name, [m.text for m in e.mentions]) for e in people] == [
        ("Ana-Lisa Tarrow", ["Ana-Lisa Tarrow", "Tarrow"])
    ]
    assert orgs == []
    assert all(m.end <= len(body) for e in people for m in e.mentions)


def test_the_body_types_a_name_the_context_guesses_otherwise(nlp: Any) -> None:
    body = "Dana Velk spoke first. Velk said the dam would hold."
    context = "Dana Velk at the hearing on the dam, and Dana Velk with the engineers last spring"
    text = f"{body}\n\n{context}"
    doc = nlp.make_doc(text)
    first = len(body) + 2
    second = text.index("Dana Velk", first + 1)
    doc.ents = [
        doc.char_span(0, 9, label="PERSON"),
        doc.char_span(first, first + 9, label="ORG"),  # two guesses in the context outvote one in the body
        doc.char_span(second, second + 9, label="ORG"),
    ]
    people, orgs = extract_entities(text, [(0, doc)], RULES, body_end=len(body))
    assert [(e.name, [m.text for m in e.mentions]) for e in people] == [("Dana Velk", ["Dana Velk", "Velk"])]
    assert orgs == []


@pytest.mark.parametrize(
    ("text", "span", "person"),
    [
        ("Marek QuadeStaff Writer\n\nThe council met.", "Marek QuadeStaff Writer", "Marek Quade"),
        ("Tags: Wanda PellWanda Pell spoke on Monday.", "Wanda PellWanda", "Wanda Pell"),
        ("Photos by Ines FarrowGetty Images", "Ines FarrowGetty Images", "Ines Farrow"),
        # surname prefixes are no glue
        ("Then Tamsin McAdam spoke, and Corvin DeLuca.", "Tamsin McAdam", "Tamsin McAdam"),
    ],
)
def test_words_glued_by_the_page_end_a_name(nlp: Any, text: str, span: str, person: str) -> None:
    people, _ = given(nlp, text, [(span, "PERSON")])
    assert names(people) == [person]


@pytest.mark.parametrize(
    ("text", "spans", "person"),
    [
        (
            "Velden is far. The ambassador to Velden Marek Quade left. Marek Quade said so.",
            [("Velden", "GPE"), ("Velden Marek Quade", "ORG"), ("Marek Quade", "PERSON")],
            "Marek Quade",
        ),
        (
            "Trade with Ostbury grew, said the envoy of Ostbury Ines Farrow.",
            [("Ostbury", "GPE"), ("Ostbury Ines Farrow", "PERSON")],
            "Ines Farrow",
        ),
        (
            "Harlow voted. The mayor of Harlow Dagny Holloway agreed.",
            [("Harlow", "GPE"), ("Harlow Dagny Holloway", "PERSON")],
            "Dagny Holloway",
        ),
    ],
)
def test_place_run_into_a_name_is_cut(nlp: Any, text: str, spans: list[tuple[str, str]], person: str) -> None:
    people, orgs = given(nlp, text, spans)
    assert names(people) == [person]
    assert orgs == []


@pytest.mark.parametrize(
    ("text", "span", "org", "person"),
    [
        (
            "It echoed Velden Radio host Marek Quade on Monday.",
            "Velden Radio host Marek Quade",
            "Velden Radio",
            "Marek Quade",
        ),
        (
            "Staff heard Harlow Foods chairman Ines Farrow.",
            "Harlow Foods chairman Ines Farrow",
            "Harlow Foods",
            "Ines Farrow",
        ),
        (
            "A memo from Ostbury Bank economist Bram Okonjo leaked.",
            "Ostbury Bank economist Bram Okonjo",
            "Ostbury Bank",
            "Bram Okonjo",
        ),
    ],
)
def test_title_inside_an_organisation_span_makes_a_person(
    nlp: Any, text: str, span: str, org: str, person: str
) -> None:
    people, orgs = given(nlp, text, [(span, "ORG")])
    assert names(orgs) == [org]
    assert names(people) == [person]


@pytest.mark.parametrize(
    ("text", "spans", "people_expected"),
    [
        (
            "Marek Quade opened the Marek Quade Bridge. Quade cut the ribbon on the Marek Quade Bridge.",
            [
                ("Marek Quade", "PERSON"),
                ("Marek Quade Bridge", "ORG"),
                ("Quade", "PERSON"),
                ("Marek Quade Bridge", "ORG"),
            ],
            [("Marek Quade", 2)],
        ),
        (
            "Ines Farrow won the Ines Farrow Cup twice. Farrow said the Ines Farrow Cup was hers.",
            [("Ines Farrow", "PERSON"), ("Ines Farrow Cup", "ORG"), ("Farrow", "PERSON"), ("Ines Farrow Cup", "ORG")],
            [("Ines Farrow", 2)],
        ),
        (
            "Velby Tower is tall. Oskar Velby, who built Velby Tower, lives in Velby Tower.",
            [("Velby Tower", "ORG"), ("Oskar Velby", "PERSON"), ("Velby Tower", "ORG"), ("Velby Tower", "ORG")],
            [("Oskar Velby", 1)],
        ),
    ],
)
def test_a_known_name_is_not_found_again_inside_a_thing(
    nlp: Any, text: str, spans: list[tuple[str, str]], people_expected: list[tuple[str, int]]
) -> None:
    """A building, a prize or a road named after a person is neither that person nor an organisation."""
    people, orgs = given(nlp, text, spans)
    assert [(p.name, len(p.mentions)) for p in people] == people_expected
    assert orgs == []


@pytest.mark.parametrize(
    ("text", "spans", "orgs_expected", "mentions"),
    [
        # the name before a post in an organisation, spaCy having missed it, and its other mentions
        (
            "Brisko goalie Rafe Dunmore made ten saves. Later Brisko defender Ines Farrow scored, and Brisko won.",
            [("Rafe Dunmore", "PERSON"), ("Ines Farrow", "PERSON")],
            ["Brisko"],
            3,
        ),
        ("The Harwick Courier editor Oona Petrakis quit.", [("Oona Petrakis", "PERSON")], ["Harwick Courier"], 1),
        # a place, a person or a common word before the post is no organisation
        ("Velden governor Halvard Stenmo spoke.", [("Velden", "GPE"), ("Halvard Stenmo", "PERSON")], [], 0),
        ("Quade lawyer Bram Okonjo spoke.", [("Quade", "PERSON"), ("Bram Okonjo", "PERSON")], [], 0),
        ("Assistant coach Marek Quade left. He was an assistant for years.", [("Marek Quade", "PERSON")], [], 0),
        ("Senior researcher Wanda Pell spoke.", [("Wanda Pell", "PERSON")], [], 0),
    ],
)
def test_the_owner_of_a_post_before_a_name_is_an_organisation(
    nlp: Any, text: str, spans: list[tuple[str, str]], orgs_expected: list[str], mentions: int
) -> None:
    _, orgs = given(nlp, text, spans)
    assert names(orgs) == orgs_expected
    assert sum(len(o.mentions) for o in orgs) == mentions


def test_acronym_of_part_of_two_long_forms_joins_neither(nlp: Any) -> None:
    text = "The Velden Office of Road Safety and the Harlow Office of Road Safety met. ORS staff left."
    spans = [("Velden Office of Road Safety", "ORG"), ("Harlow Office of Road Safety", "ORG"), ("ORS", "ORG")]
    _, orgs = given(nlp, text, spans)
    assert names(orgs) == ["Velden Office of Road Safety", "Harlow Office of Road Safety", "ORS"]


@pytest.mark.parametrize(
    ("text", "spans", "people_expected", "orgs_expected"),
    [
        # a plural verb after a name ending in -s, anywhere in the text: a team or a band
        (
            "Fans waited for Harriers. Harriers have won five games.",
            [("Harriers", "PERSON")],
            [],
            ["Harriers"],
        ),
        (
            "Velbies were top. Fans love Velbies.",
            [("Velbies", "PERSON"), ("Velbies", "PERSON")],
            [],
            ["Velbies"],
        ),
        # people: names joined by "and", an auxiliary before the name
        (
            "Wanda Pell and Edwards have left. Edwards said so.",
            [("Wanda Pell", "PERSON"), ("Edwards", "PERSON")],
            ["Wanda Pell", "Edwards"],
            [],
        ),
        (
            "Why would Edwards have won? Edwards thinks so.",
            [("Edwards", "PERSON"), ("Edwards", "PERSON")],
            ["Edwards"],
            [],
        ),
        # a place's team: a score, a goal for it, its goalkeeper
        (
            "Velden 2-0 Ostbury. Late on, Marek Quade scored for Velden, and Velden fans sang.",
            [("Velden", "GPE"), ("Ostbury", "GPE"), ("Marek Quade", "PERSON"), ("Velden", "GPE"), ("Velden", "GPE")],
            ["Marek Quade"],
            ["Velden", "Ostbury"],
        ),
        # people with a score stay people; a product with a range and a vote are no teams
        (
            "Marek Quade beat Ines Farrow 6-4 in the final.",
            [("Marek Quade", "PERSON"), ("Ines Farrow", "PERSON")],
            ["Marek Quade", "Ines Farrow"],
            [],
        ),
        ("The Kelby 24-70 lens is sharp.", [("Kelby", "PRODUCT")], [], []),
        ("Velden voted 55-45 for the plan. Velden is calm.", [("Velden", "GPE"), ("Velden", "GPE")], [], []),
        # a one-word place or person in a list of organisations is one too
        (
            "He bought Velby Labs, Kivvo and Harlow Foods last year.",
            [("Velby Labs", "ORG"), ("Kivvo", "GPE"), ("Harlow Foods", "ORG")],
            [],
            ["Velby Labs", "Kivvo", "Harlow Foods"],
        ),
        (
            "She coached Brisko, Ostbury Rovers and Lenning Albion.",
            [("Brisko", "PERSON"), ("Ostbury Rovers", "ORG"), ("Lenning Albion", "ORG")],
            [],
            ["Brisko", "Ostbury Rovers", "Lenning Albion"],
        ),
        # a list of places, or of people, stays as it is
        (
            "Offices in Velden, Harlow and Kelby Bank opened.",
            [("Velden", "GPE"), ("Harlow", "GPE"), ("Kelby Bank", "ORG")],
            [],
            ["Kelby Bank"],
        ),
        (
            "Marek Quade, Ines Farrow and Velby Bank signed.",
            [("Marek Quade", "PERSON"), ("Ines Farrow", "PERSON"), ("Velby Bank", "ORG")],
            ["Marek Quade", "Ines Farrow"],
            ["Velby Bank"],
        ),
    ],
)
def test_names_typed_by_how_the_text_uses_them(
    nlp: Any, text: str, spans: list[tuple[str, str]], people_expected: list[str], orgs_expected: list[str]
) -> None:
    """A plural verb after a name ending in -s, a place named as a team, a list of organisations."""
    people, orgs = given(nlp, text, spans)
    assert names(people) == people_expected
    assert names(orgs) == orgs_expected


def test_a_person_after_a_comma_list_of_places_stays_a_person(nlp: Any) -> None:
    text = "Born in Velden, Harlow county, Quade moved to Ostbury."
    people, _ = given(nlp, text, [("Velden", "GPE"), ("Harlow county", "GPE"), ("Quade", "PERSON"), ("Ostbury", "GPE")])
    assert names(people) == ["Quade"]
