"""Dates, times, intervals, durations and sets, with ISO 8601 values. Pure."""

from __future__ import annotations

import datetime as dt

from .model import DateFact
from .rules import Rules


def extract_dates(text: str, ref_date: dt.date | None, rules: Rules) -> list[DateFact]:
    """Every date expression in ``text``; relative ones resolved against ``ref_date``."""
    return []
