"""Resolved temporal values, the facts that carry them, and ISO 8601 formatting. Pure."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

DAY = dt.timedelta(days=1)
Clock = tuple[int, int, int]  # hour, minute, second


class Reject(Exception):
    """A resolver's verdict: this match is not a date after all."""


# ---------------------------------------------------------------------------- values
@dataclass
class TemporalValue:
    """A resolved temporal expression, with the pieces later joins need."""

    kind: str  # date | time | duration | set | interval
    value: str | None
    relative: bool = False
    day: dt.date | None = None  # a single day (for date + time joins)
    clock: Clock | None = None  # time of day
    clock_known: bool = True  # False when "7" could be 07:00 or 19:00
    clock_end: Clock | None = None  # end of a clock range
    day_part: tuple[str, str] | None = None  # part of day ("morning"): start and end, "HH:MM:SS" strings
    day_part_name: str | None = None  # its word ("morning", "tonight")
    point: bool = False  # a calendar point (year, month, day, week ...) usable in ranges
    weekday: int | None = None  # set by a bare weekday ("friday")
    anchor_end: bool = False  # as a range end point, the interval's end counts ("to the end of 2008")
    ref: dt.date | None = None  # the reference a year-less date was placed against
    tense: int = 0  # of the sentence around a year-less date: +1 future, -1 past, 0 neither
    year_explicit: bool = True
    with_year: Callable[[int], TemporalValue] | None = None
    offset: tuple[dict[str, float], int] | None = None  # duration and direction awaiting an anchor
    duration: dict[str, float] | None = None
    # the value at the granularity the words name, when it is coarser than ``value`` ("mid-May":
    # 2021-05, "a week ago": 2021-W13); a fact standing alone reports it as its value, with
    # ``value`` as its finer reading (joins keep working on ``value``)
    coarse: str | None = None
    # an offset awaiting its anchor ("nine days before ..."): where its amount ends; left without
    # a date to anchor on, the fact is that amount, a duration
    amount_end: int | None = None
    amount_start: int | None = None  # a duration read after a preposition ("within| six months"): where it starts
    mod: str | None = None  # the part of ``coarse`` meant: start | mid | end (TimeML's mod)
    # an anaphor ("the next day", "later that month"): its value placed against an anchor day,
    # and the precision that anchor needs (day, week, month, year); see anchor.py
    reanchor: Callable[[dt.date], TemporalValue] | None = None
    needs: str | None = None


# ---------------------------------------------------------------------------- formatting
def iso_day(d: dt.date) -> str:
    return d.isoformat()


def iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def hms(t: Clock) -> str:
    return f"{t[0]:02d}:{t[1]:02d}:{t[2]:02d}"


def add_months(d: dt.date, n: int) -> dt.date:
    m = d.month - 1 + n
    y = d.year + m // 12
    m = m % 12 + 1
    return dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def shift_by(d: dt.date, dur: Mapping[str, float], sign: int) -> dt.date | dt.datetime:
    years = dur.get("Y", 0.0)
    months = dur.get("M", 0.0) + 12 * (years - int(years))
    out: dt.date | dt.datetime = add_months(d, sign * (int(years) * 12 + int(months)))
    days = dur.get("W", 0.0) * 7 + dur.get("D", 0.0) + 30 * (months - int(months))
    secs = dur.get("H", 0.0) * 3600 + dur.get("MIN", 0.0) * 60 + dur.get("S", 0.0)
    if secs:
        out = dt.datetime.combine(out, dt.time()) + sign * dt.timedelta(days=days, seconds=secs)
    else:
        out = out + sign * dt.timedelta(days=round(days))
    return out


def shift_instant(now: dt.datetime, dur: Mapping[str, float], sign: int) -> dt.datetime:
    """``now`` moved by ``dur`` (``sign`` -1: back), keeping its time of day."""
    day = shift_by(now.date(), dur, sign)
    start = day if isinstance(day, dt.datetime) else dt.datetime.combine(day, dt.time())
    return start + (now - dt.datetime.combine(now.date(), dt.time()))


def iso_duration(dur: Mapping[str, float]) -> str:
    def n(x: float) -> str:
        return str(int(x)) if float(x).is_integer() else f"{x:g}"

    date_part = "".join(n(dur[k]) + k for k in ("Y", "M", "W", "D") if dur.get(k))
    time_part = "".join(n(dur[k]) + ("M" if k == "MIN" else k) for k in ("H", "MIN", "S") if dur.get(k))
    return "P" + date_part + ("T" + time_part if time_part else "")


def iso_instant(x: dt.date | dt.datetime) -> str:
    if isinstance(x, dt.datetime):
        return x.strftime("%Y-%m-%dT%H:%M:%S")
    return x.isoformat()


def monday_of(d: dt.date) -> dt.date:
    return d - d.weekday() * DAY


@dataclass
class Fact:
    """A resolved expression at ``text[start:end]``, the id of the rule (or joined rules) that
    found it, and the facts it was joined from."""

    start: int
    end: int
    v: TemporalValue
    rule: str
    parts: list[Fact] = field(default_factory=list)
