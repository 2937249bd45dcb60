"""Shared fixtures: the spaCy pipeline is loaded once per test run."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from typing import Any

import jsonschema
import pytest

from factpull import Extractor, Options
from factpull.extract.nlp import load_pipeline
from support import SCHEMA

# The compiled-pattern cache of this test run (and of the CLIs it starts) stays out of the user's home.
os.environ.setdefault("FACTPULL_CACHE_DIR", tempfile.mkdtemp(prefix="factpull-test-cache-"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/*.json from the current output")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def nlp() -> Any:
    return load_pipeline()


@pytest.fixture(scope="session")
def extractor(nlp: Any) -> Extractor:
    return Extractor(Options(), nlp=nlp)


@pytest.fixture(scope="session")
def validate() -> Callable[[dict[str, Any]], None]:
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())

    def check(record: dict[str, Any]) -> None:
        errors = sorted(validator.iter_errors(record), key=str)
        assert not errors, "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:3])

    return check
