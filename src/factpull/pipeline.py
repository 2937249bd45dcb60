"""Compose the stages: decoded page text + Options -> Document.

``Extractor`` is the one object a program (or a worker process) keeps: it holds the rules
and, once needed, the spaCy pipeline. It pickles without the pipeline, which each process
loads once on first use, so it can be shipped to process pools and Dask workers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from .extract.dates import compile_rules as compile_date_rules
from .extract.dates import extract_dates
from .extract.entities import compile_rules as compile_entity_rules
from .extract.entities import extract_entities, prepare_vocab
from .extract.nlp import load_pipeline, read_names
from .extract.quantities import compile_rules as compile_quantity_rules
from .extract.quantities import extract_quantities
from .options import Options, iso_date
from .page.clean import CleanResult, clean_text
from .page.clean import compile_rules as compile_clean_rules
from .page.html import HtmlText
from .page.htmlclean import clean_html
from .page.htmlmeta import with_markup
from .page.language import check_language
from .page.metadata import MetadataResult, find_metadata
from .page.metadata import compile_rules as compile_metadata_rules
from .page.textview import TextView
from .rules.load import Rules, load_rules
from .types import DateFact, Document, Entity, Mention, Provenance, Quantity, Removed, Section, Span

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


class Extractor:
    """Turns page text into a ``Document``. Build once, call for every page."""

    def __init__(
        self, options: Options | None = None, *, nlp: Language | None = None, rules: Rules | None = None
    ) -> None:
        self.options = options or Options()
        self.rules = rules if rules is not None else load_rules(tuple(self.options.patterns))
        self._nlp = nlp
        self._own_nlp = nlp is None

    def __getstate__(self) -> dict[str, Any]:
        # The spaCy pipeline is reloaded by each process that unpickles this object.
        return {
            "options": self.options,
            "rules": self.rules,
            "_nlp": None if self._own_nlp else self._nlp,
            "_own_nlp": self._own_nlp,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def with_options(self, **changes: Any) -> Extractor:
        """A copy with some options changed, sharing the rules and the loaded pipeline."""
        options = dataclasses.replace(self.options, **changes)
        rules = self.rules if options.patterns == self.options.patterns else None
        copy = Extractor(options, nlp=self._nlp, rules=rules)
        copy._own_nlp = self._own_nlp
        return copy

    def load_pipeline(self) -> Language:
        """The spaCy pipeline, loaded on the first call (an unknown ``--model`` fails here)."""
        if self._nlp is None:
            self._nlp = load_pipeline(self.options.model)
        return self._nlp

    def prepare(self, *, facts: bool = True) -> None:
        """Compile every stage's rules now, without the spaCy model (``facts=False``: the
        cleaner's and the metadata's only). A batch calls this once before it forks its
        workers, so that they share the compiled rules instead of each building them."""
        compile_clean_rules(self.rules)
        compile_metadata_rules(self.rules)
        if facts:
            compile_entity_rules(self.rules)
            compile_date_rules(self.rules)
            compile_quantity_rules(self.rules)  # and the number reader's

    def clean(self, text: str) -> tuple[CleanResult, TextView]:
        """The cleaner alone (no spaCy): kept/removed spans and the article text view."""
        cleaned = self._cleaned(text)
        return cleaned, TextView.build(text, cleaned.kept)

    def _cleaned(self, text: str) -> CleanResult:
        if self.options.clean and isinstance(text, HtmlText):
            return clean_html(text, self.rules, template=self.options.template)
        if self.options.clean:
            return clean_text(text, self.rules, template=self.options.template)
        return CleanResult((Span(0, len(text)),) if text else (), ())

    def _read(self, text: str) -> tuple[CleanResult, TextView, MetadataResult]:
        """Clean the page and find its furniture (title, byline, dateline); a furniture line
        the cleaner kept leaves the article text too, reported as removed (metadata.title,
        metadata.byline, metadata.dateline). With cleaning off the input is the article."""
        cleaned = self._cleaned(text)
        found = with_markup(text, find_metadata(text, cleaned, self.rules), self.rules)
        if self.options.clean:
            cleaned = _without_furniture(text, cleaned, found.provenance)
        return cleaned, TextView.build(text, cleaned.kept), found

    def clean_document(
        self, text: str, *, source: str = "-", id: str | None = None, url: str | None = None
    ) -> Document:
        """A Document with the cleaned text and metadata but no facts (``factpull clean``)."""
        cleaned, article, found = self._read(text)
        return _document(_Page(source, id, url), article, cleaned, found)

    def __call__(
        self,
        text: str,
        *,
        source: str = "-",
        id: str | None = None,
        url: str | None = None,
        ref_date: dt.date | None = None,
        fallback_date: dt.date | None = None,
    ) -> Document:
        """Clean ``text`` and extract its facts. Relative dates are resolved against ``ref_date``
        (or Options.ref_date), else the page's publication date, else ``fallback_date`` (an
        archive's crawl date)."""
        cleaned, article, found = self._read(text)
        reference = ref_date or self.options.ref_date or iso_date(found.metadata.published) or fallback_date
        # The extractors read the article plus the title and byline lines.
        view = TextView.build(text, _union([*cleaned.kept, *found.spans]))
        language = check_language(view.text, self.rules)
        facts = self._facts(view, reference, _context(text, cleaned, self.rules)) if language.english else _Facts()
        warnings = (language.warning,) if language.warning else ()
        return _document(
            _Page(source, id, url), article, cleaned, found, facts.to_input(text, view, found.provenance), warnings
        )

    def _facts(self, view: TextView, reference: dt.date | None, context: str = "") -> _Facts:
        """The facts of ``view.text`` (offsets into the view). ``context``: removed lines whose
        names help recognise the article's (a standfirst or a caption naming in full a company
        the article then names alone); none of their own mentions is reported."""
        nlp = self.load_pipeline()
        prepare_vocab(self.rules, nlp.vocab)
        names = f"{view.text}\n\n{context}" if context else view.text
        # spaCy frees the strings and lexemes this page added when the zone closes, so a long
        # batch does not grow; nothing below keeps a Doc, a Token or a string id beyond it.
        with nlp.memory_zone():
            people, organizations = extract_entities(
                names, self._spacy_docs(names), self.rules, body_end=len(view.text)
            )
        dates = extract_dates(view.text, reference, self.rules)
        quantities = extract_quantities(view.text, self.rules, dates=dates)
        return _Facts(tuple(people), tuple(organizations), tuple(dates), tuple(quantities))

    def _spacy_docs(self, text: str) -> Iterator[tuple[int, Doc]]:
        return read_names(self.load_pipeline(), text)


class CleanHandler:
    """``factpull clean`` as a batch handler: the cleaned Document of each page. The page's
    reference dates are not read (no date is resolved without facts)."""

    def __init__(self, extractor: Extractor) -> None:
        self.extractor = extractor

    def __call__(self, text: str, *, source: str, id: str | None, url: str | None, **dates: object) -> Document:
        del dates  # the batch hands every page's fields to its handler: ref_date, fallback_date
        return self.extractor.clean_document(text, source=source, id=id, url=url)


@dataclasses.dataclass(frozen=True, slots=True)
class _Page:
    """Where a page came from: the fields a Document repeats."""

    source: str
    id: str | None
    url: str | None


@dataclasses.dataclass(frozen=True, slots=True)
class _Facts:
    people: tuple[Entity, ...] = ()
    organizations: tuple[Entity, ...] = ()
    dates: tuple[DateFact, ...] = ()
    quantities: tuple[Quantity, ...] = ()

    def to_input(self, source: str, view: TextView, where: Provenance) -> _Facts:
        """The facts with offsets into the input instead of the view and the section each was
        read in (``where``: the furniture lines), dates and quantities in order."""
        return _Facts(
            tuple(_map_entity(e, source, view, where) for e in self.people),
            tuple(_map_entity(e, source, view, where) for e in self.organizations),
            tuple(sorted((_map_fact(f, source, view, where) for f in self.dates), key=_order)),
            tuple(sorted((_map_fact(f, source, view, where) for f in self.quantities), key=_order)),
        )


def _document(
    page: _Page,
    article: TextView,
    cleaned: CleanResult,
    found: MetadataResult,
    facts: _Facts | None = None,
    warnings: tuple[str, ...] = (),
) -> Document:
    """The one place a Document is built, for ``extract`` (with facts) and ``clean`` (without):
    the fields of ``page``, of the metadata and of ``facts`` are the Document's of the same names."""
    return Document(
        **_fields(page),
        **_fields(found.metadata),
        **_fields(facts or _Facts()),
        text=article.text,
        removed=cleaned.removed,
        warnings=warnings,
        provenance=found.provenance,
    )


def _context(text: str, cleaned: CleanResult, rules: Rules) -> str:
    """The prose lines the cleaner removed right above the article and between its lines
    (a standfirst, image captions), as context for the names of the article."""
    if not cleaned.kept:
        return ""
    limits = rules.settings.get("entities.limits", {})
    above, min_words = int(limits.get("context_lines", 0)), int(limits.get("context_min_words", 6))
    first, last = cleaned.kept[0].start, cleaned.kept[-1].end
    lines = [r for r in cleaned.removed if r.end <= first][-above:] if above else []
    lines += [r for r in cleaned.removed if first <= r.start and r.end <= last]
    prose = (" ".join(text[r.start : r.end].split()) for r in lines)
    return "\n\n".join(line for line in prose if len(line.split()) >= min_words)


def _fields(obj: Any) -> dict[str, Any]:
    """A dataclass's fields by name, values as they are (``dataclasses.asdict`` would copy them
    into dicts)."""
    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}


def _union(spans: Sequence[Span]) -> list[Span]:
    """Sorted spans with overlaps merged."""
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        if out and span.start < out[-1].end:
            out[-1] = Span(out[-1].start, max(out[-1].end, span.end))
        else:
            out.append(span)
    return out


def _order(fact: DateFact | Quantity) -> tuple[int, int]:
    return fact.start, fact.end


def _map_fact(fact: Any, source: str, view: TextView, where: Provenance) -> Any:
    start, end = view.to_input(fact.start, fact.end)
    section = _section(start, where, date=isinstance(fact, DateFact))
    return dataclasses.replace(fact, start=start, end=end, text=source[start:end], section=section)


def _map_entity(entity: Entity, source: str, view: TextView, where: Provenance) -> Entity:
    mentions = []
    for m in entity.mentions:
        start, end = view.to_input(m.start, m.end)
        mentions.append(Mention(source[start:end], start, end, _section(start, where, date=False)))
    mentions.sort(key=lambda m: (m.start, m.end))
    return dataclasses.replace(entity, mentions=tuple(mentions))


def _without_furniture(text: str, cleaned: CleanResult, where: Provenance) -> CleanResult:
    """``cleaned`` with the kept lines that are the title, byline or dateline (or repeat one of
    them word for word) moved to removed, on a page with article furniture (a byline or a
    dateline; a listing has neither). Repeats go too, so cleaning the cleaned text is a no-op."""
    if where.byline is None and where.published is None:
        return cleaned
    reasons: dict[str, str] = {}
    for span, reason in (
        (where.published, "metadata.dateline"),
        (where.byline, "metadata.byline"),
        (where.title, "metadata.title"),  # the last one wins when a line is several at once
    ):
        if span is not None:
            reasons[text[span.start : span.end].strip()] = reason
    moved = [
        Removed(s.start, s.end, reasons[line])
        for s in cleaned.kept
        if (line := text[s.start : s.end].strip()) in reasons
    ]
    if not moved:
        return cleaned
    gone = {(r.start, r.end) for r in moved}
    kept = tuple(s for s in cleaned.kept if (s.start, s.end) not in gone)
    removed = tuple(sorted((*cleaned.removed, *moved), key=lambda r: (r.start, r.end)))
    return CleanResult(kept, removed)


def _section(start: int, where: Provenance, *, date: bool) -> Section:
    """The furniture line a fact starting at ``start`` lies on, else "body". A line that is
    byline and dateline at once ("By Ann Lee | May 4, 2021") gives its dates to the dateline."""
    roles: tuple[tuple[Span | None, Section], ...] = (
        (where.title, "title"),
        (where.byline, "byline"),
        (where.published, "dateline"),
    )
    hits = [name for span, name in roles if span is not None and span.start <= start < span.end]
    if date and "dateline" in hits:
        return "dateline"
    return hits[0] if hits else "body"


def extract(text: str, options: Options | None = None, **kwargs: Any) -> Document:
    """One-call API: clean ``text`` and extract its facts (the pipeline is loaded once per process)."""
    return _default_extractor(options or Options())(text, **kwargs)


_EXTRACTORS: dict[Options, Extractor] = {}


def _default_extractor(options: Options) -> Extractor:
    if options not in _EXTRACTORS:
        _EXTRACTORS[options] = Extractor(options)
    return _EXTRACTORS[options]


__all__: Sequence[str] = ("CleanHandler", "Extractor", "extract")
