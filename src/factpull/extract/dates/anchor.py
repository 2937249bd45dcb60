"""Anaphoric dates: "the next day", "later that month", "the following year", "three years
later" name a time relative to a date the text has just named, not to the reference date.
Each such fact carries how to place itself against an anchor (``TemporalValue.reanchor``)
and the precision the anchor needs; this pass gives it the latest date named before it in
the same paragraph or the one before, else it keeps its reading against the reference. Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import regex

from .values import Fact, TemporalValue, hms

_PRECISION = {"day": 3, "week": 2, "month": 2, "year": 1}  # what an anaphor needs of its anchor
_DAY = regex.compile(r"(\d{4})-(\d\d)-(\d\d)(?:T[\d:]+)?")
_WEEK = regex.compile(r"(\d{4})-W(\d\d)")
_MONTH = regex.compile(r"(\d{4})-(\d\d)")
_YEAR = regex.compile(r"\d{4}")


def anchor_of(value: str | None) -> tuple[dt.date, str] | None:
    """The day a value starts on and its precision (day, week, month, year); None for
    intervals, durations, sets and times of day."""
    if not value:
        return None
    if m := _DAY.fullmatch(value):
        return dt.date(int(m[1]), int(m[2]), int(m[3])), "day"
    if m := _WEEK.fullmatch(value):
        return dt.date.fromisocalendar(int(m[1]), int(m[2]), 1), "week"
    if m := _MONTH.fullmatch(value):
        return dt.date(int(m[1]), int(m[2]), 1), "month"
    if _YEAR.fullmatch(value):
        return dt.date(int(value), 1, 1), "year"
    return None


def _fits(precision: str, needs: str) -> bool:
    """An anchor of ``precision`` can place an anaphor that ``needs`` one (a week needs a day or week)."""
    if needs == "week":
        return precision in ("day", "week")
    if needs == "month":
        return precision in ("day", "month")
    return _PRECISION[precision] >= _PRECISION[needs]


def _window_start(text: str, pos: int) -> int:
    """Where the paragraph before the one holding ``pos`` begins."""
    here = text.rfind("\n\n", 0, pos)
    return 0 if here < 0 else text.rfind("\n\n", 0, here) + 1


def anchor_anaphors(text: str, facts: list[Fact]) -> list[Fact]:
    """Each anaphoric fact placed against the latest fitting date before it (in order, so a
    placed anaphor anchors the next one: "the next day ... the day after")."""
    out: list[Fact] = []
    for f in facts:
        v = f.v
        if v.reanchor is not None and (needs := v.needs) is not None:
            day = _latest_day(out, _window_start(text, f.start), lambda precision: _fits(precision, needs))
            if day is not None:
                f = Fact(f.start, f.end, v.reanchor(day), f.rule, f.parts)
        out.append(f)
    return out


def anchor_times(text: str, facts: list[Fact], ref: dt.date | None) -> list[Fact]:
    """A clock time standing alone ("at 3 p.m.", "noon") is a time on a day: the latest day
    named before it in its paragraph, else the reference day (marked relative); without either
    it stays a time of day. Ranges of clock times and parts of day ("9am-5pm", "in the morning")
    are mostly hours kept every day (opening hours, schedules) and stay times of day."""
    out: list[Fact] = []
    for f in facts:
        v = f.v
        if v.kind == "time" and v.clock is not None and v.clock_end is None and v.day is None and v.value:
            day = _latest_day(out, text.rfind("\n\n", 0, f.start) + 1, lambda precision: precision == "day") or ref
            if day is not None:
                anchored = TemporalValue("time", f"{day.isoformat()}T{hms(v.clock)}", True, day=day, clock=v.clock)
                f = Fact(f.start, f.end, anchored, f.rule, f.parts)
        out.append(f)
    return out


def _latest_day(facts: list[Fact], lo: int, fits: Callable[[str], bool]) -> dt.date | None:
    """The day the latest fact ending after ``lo`` starts on, among those whose precision ``fits``."""
    for prev in reversed(facts):
        if prev.end <= lo:
            break
        got = anchor_of(prev.v.coarse or prev.v.value)
        if got is not None and fits(got[1]):
            return got[0]
    return None
