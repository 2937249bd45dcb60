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

from .extract.dates import extract_dates
from .extract.entities import extract_entities, prepare_vocab
from .extract.nlp import load_pipeline
from .extract.quantities import extract_quantities
from .options import Options, iso_date
from .page.clean import CleanResult, clean_text
from .page.language import check_language
from .page.metadata import find_metadata
from .page.textview import TextView
from .rules.load import Rules, load_rules
from .types import DateFact, Document, Entity, Mention, Quantity, Span

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Texts longer than this go through spaCy in paragraph-aligned chunks, one chunk at a time:
# the model's working memory grows with the text it is given at once (a 50k-character
# article costs some 150 MB in one piece, 25 MB in 10k pieces).
CHUNK_CHARS = 10_000


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

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load_pipeline(self.options.model)
        return self._nlp

    def prepare(self, *, facts: bool = True) -> None:
        """Compile every stage's rules now, without the spaCy model (``facts=False``: the
        cleaner's only). A batch calls this once before it forks its workers, so that they
        share the compiled rules instead of each building them."""
        text = "Prepared by Jane Doe on 1 May 2020: 5 km for $3."
        cleaned, view = self.clean(text)
        find_metadata(text, cleaned, self.rules)
        if facts:
            check_language(view.text, self.rules)
            extract_entities(view.text, [], self.rules)
            extract_quantities(view.text, self.rules, dates=extract_dates(view.text, None, self.rules))

    def clean(self, text: str) -> tuple[CleanResult, TextView]:
        """The cleaner alone (no spaCy): kept/removed spans and the article text view."""
        if self.options.clean:
            cleaned = clean_text(text, self.rules, template=self.options.template)
        else:
            cleaned = CleanResult((Span(0, len(text)),) if text else (), ())
        return cleaned, TextView.build(text, cleaned.kept)

    def clean_document(
        self,
        text: str,
        *,
        source: str = "-",
        id: str | None = None,
        url: str | None = None,
        ref_date: dt.date | None = None,
        fallback_date: dt.date | None = None,
    ) -> Document:
        """A Document with the cleaned text and metadata but no facts (``factpull clean``)."""
        cleaned, view = self.clean(text)
        meta = find_metadata(text, cleaned, self.rules).metadata
        return Document(
            source=source,
            id=id,
            url=url,
            text=view.text,
            title=meta.title,
            byline=meta.byline,
            published=meta.published,
            removed=cleaned.removed,
        )

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
        cleaned, article = self.clean(text)
        found = find_metadata(text, cleaned, self.rules)
        meta = found.metadata
        reference = ref_date or self.options.ref_date or iso_date(meta.published) or fallback_date
        # The extractors read the article plus the title and byline lines.
        view = TextView.build(text, _union([*cleaned.kept, *found.spans]))
        language = check_language(view.text, self.rules)
        people: list[Entity] = []
        organizations: list[Entity] = []
        dates: list[DateFact] = []
        quantities: list[Quantity] = []
        if language.english:
            nlp = self.nlp
            prepare_vocab(self.rules, nlp.vocab)
            # spaCy frees the strings and lexemes this page added when the zone closes, so a long
            # batch does not grow; nothing below keeps a Doc, a Token or a string id beyond it.
            with nlp.memory_zone():
                people, organizations = extract_entities(view.text, self._spacy_docs(view.text), self.rules)
            dates = extract_dates(view.text, reference, self.rules)
            quantities = extract_quantities(view.text, self.rules, dates=dates)
        return Document(
            source=source,
            id=id,
            url=url,
            text=article.text,
            title=meta.title,
            byline=meta.byline,
            published=meta.published,
            people=tuple(_map_entity(e, text, view) for e in people),
            organizations=tuple(_map_entity(e, text, view) for e in organizations),
            dates=tuple(sorted((_map_fact(f, text, view) for f in dates), key=_order)),
            quantities=tuple(sorted((_map_fact(f, text, view) for f in quantities), key=_order)),
            removed=cleaned.removed,
            warnings=(language.warning,) if language.warning else (),
        )

    def _spacy_docs(self, text: str) -> Iterator[tuple[int, Doc]]:
        if not text.strip():
            return
        chunks = list(_chunks(text, min(CHUNK_CHARS, self.nlp.max_length)))
        docs = self.nlp.pipe((text[s:e] for s, e in chunks), batch_size=1)
        for (start, _end), doc in zip(chunks, docs, strict=True):
            yield start, doc


def _chunks(text: str, size: int) -> Iterator[tuple[int, int]]:
    """Consecutive ranges of ``text`` no longer than ``size``, cut at a paragraph, line or
    sentence end when there is one."""
    start, n = 0, len(text)
    while start < n:
        end = min(start + size, n)
        if end < n:
            window = text[start:end]
            for sep in ("\n\n", "\n", ". ", " "):
                cut = window.rfind(sep)
                if cut > size // 2:
                    end = start + cut + len(sep)
                    break
        yield start, end
        start = end


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


def _map_fact(fact: Any, source: str, view: TextView) -> Any:
    start, end = view.to_input(fact.start, fact.end)
    return dataclasses.replace(fact, start=start, end=end, text=source[start:end])


def _map_entity(entity: Entity, source: str, view: TextView) -> Entity:
    mentions = []
    for m in entity.mentions:
        start, end = view.to_input(m.start, m.end)
        mentions.append(Mention(source[start:end], start, end))
    mentions.sort(key=lambda m: (m.start, m.end))
    return dataclasses.replace(entity, mentions=tuple(mentions))


def extract(text: str, options: Options | None = None, **kwargs: Any) -> Document:
    """One-call API: clean ``text`` and extract its facts (the pipeline is loaded once per process)."""
    return _default_extractor(options or Options())(text, **kwargs)


_EXTRACTORS: dict[Options, Extractor] = {}


def _default_extractor(options: Options) -> Extractor:
    if options not in _EXTRACTORS:
        _EXTRACTORS[options] = Extractor(options)
    return _EXTRACTORS[options]


__all__: Sequence[str] = ("Extractor", "extract")
