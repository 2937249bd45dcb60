"""Joining neighbouring facts: ranges ("from June to August"), a day with its time ("Thursday at
10 am") and a daily set with its clock time ("6am each day"), all through the one pairwise loop
of ``extract.neighbours``. Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import cast

import regex

from ...rules.reach import match_at
from ..neighbours import join_pairs
from .grammar import Grammar, Vocab
from .values import DAY, Clock, Fact, TemporalValue, hms, iso_duration, iso_instant, shift_by

WithYear = Callable[[int], TemporalValue]


# ---------------------------------------------------------------------------- ranges
def join_ranges(text: str, facts: list[Fact], c: Grammar) -> list[Fact]:
    """ "from June to August", "between 2011 and 2014", "8am-3pm"."""

    def pair(text: str, a: Fact, b: Fact) -> Fact | None:
        gap = text[a.end : b.start]
        if not c.range_gap.fullmatch(gap):
            return None
        prefix = c.range_prefix.search(text, max(0, a.start - 16), a.start)
        if "and" in gap.lower() and not (prefix and prefix.group().lower().startswith("between")):
            return None
        return _range(a, b, prefix.start() if prefix else a.start, text, c)

    return join_pairs(text, facts, pair)


def join_year_tails(text: str, facts: list[Fact], c: Grammar) -> list[Fact]:
    """A date written without its year and the year right after it: "the 4th of July in 1999",
    "October 2 of 1911" (then a range takes the year from its end: "3 July to 5 July in 2022")."""

    def pair(text: str, a: Fact, b: Fact) -> Fact | None:
        if a.v.year_explicit or a.v.with_year is None or b.rule != "date.year":
            return None
        tail = match_at(c.year_tail, text, a.end)
        if tail is None or tail.end() != b.end:
            return None
        return Fact(a.start, b.end, a.v.with_year(int(tail["year"])), a.rule + "+year", [a, b])

    return join_pairs(text, facts, pair)


def _as_day(f: Fact) -> TemporalValue:
    """ "now" as a range end is the reference day."""
    v = f.v
    if f.rule == "date.now" and v.day:
        return TemporalValue("date", v.day.isoformat(), True, day=v.day, point=True)
    return v


def _range(a: Fact, b: Fact, start: int, text: str, c: Grammar) -> Fact | None:
    va, vb = _as_day(a), _as_day(b)
    if va.offset or vb.offset:  # "May 4 - nine days before the vote": an offset is no range end
        return None
    if (
        not va.year_explicit
        and not vb.year_explicit
        and va.with_year
        and vb.with_year
        and va.ref is not None
        and not match_at(c.year_tail, text, b.end)
    ):
        value = _yearless_range(va.with_year, vb.with_year, va.ref, va.tense)
        if value is None:
            return None
        return Fact(start, b.end, TemporalValue("date", value, True), a.rule + "+range", [a, b])
    if va.kind == "date" and vb.kind == "date" and va.value and vb.value:
        return _date_range(a, b, va, vb, start, text, c)
    if va.kind == "time" and vb.kind == "time" and va.clock and vb.clock and not va.day and not vb.day:
        return _clock_range(a, b, (va.clock, va.clock_known), (vb.clock, vb.clock_known), start)
    return None


def _yearless_range(fa: WithYear, fb: WithYear, ref: dt.date, tense: int) -> str | None:
    """Both ends without a year (``fa``, ``fb`` place them in a year): the range placed as a
    whole around the reference."""
    ya = yb = ref.year
    va, vb = fa(ya), fb(yb)
    if va.value and vb.value and vb.value < va.value:
        yb += 1
        vb = fb(yb)
    if tense > 0 and vb.value and vb.value[:10] < ref.isoformat()[: len(vb.value[:10])]:
        ya, yb = ya + 1, yb + 1
    elif tense < 0 and va.value and va.value[:10] > ref.isoformat()[: len(va.value[:10])]:
        ya, yb = ya - 1, yb - 1
    va, vb = fa(ya), fb(yb)
    if va.value and vb.value:  # an interval end point counts by its start, as in _date_range ("from Q2 to Q4")
        return f"{va.value.split('/')[0]}/{vb.value.split('/')[-1 if vb.anchor_end else 0]}"
    return None


def _date_range(
    a: Fact, b: Fact, va: TemporalValue, vb: TemporalValue, start: int, text: str, c: Grammar
) -> Fact | None:
    assert va.value
    assert vb.value
    end = b.end
    if not va.year_explicit and vb.year_explicit and va.with_year:
        fill = va.with_year
        va = fill(int(vb.value[:4]))
        if va.value and va.value > vb.value[: len(va.value)]:
            va = fill(int(vb.value[:4]) - 1)  # "Oct-Jan 2019"
    tail = match_at(c.year_tail, text, end)
    if tail and not va.year_explicit and not vb.year_explicit and va.with_year and vb.with_year:
        y = int(tail["year"])
        va, vb = va.with_year(y), vb.with_year(y)
        end = tail.end()
    if vb.weekday is not None and va.day is not None:  # "from next tuesday to thursday"
        d = va.day + ((vb.weekday - va.day.weekday()) % 7) * DAY
        vb = TemporalValue("date", d.isoformat(), True, day=d, point=True)
    if not va.value or not vb.value:
        return None
    # an interval end point counts by its start ("to 2018 q1"), or by its end ("to the end of 2008")
    lo = va.value.split("/")[-1 if va.anchor_end else 0]
    hi = vb.value.split("/")[-1 if vb.anchor_end else 0]
    if hi[: len(lo)] < lo[: len(hi)] and not vb.year_explicit and vb.with_year:
        vb = vb.with_year(int(lo[:4]) + 1)  # "from Oct to Feb"
        hi = (vb.value or "").split("/")[-1]
    if hi[: len(lo)] < lo[: len(hi)]:
        return None
    value = TemporalValue("date", f"{lo}/{hi}", va.relative or vb.relative)
    return Fact(start, end, value, a.rule + "+range", [a, b])


def _clock_range(a: Fact, b: Fact, first: tuple[Clock, bool], second: tuple[Clock, bool], start: int) -> Fact:
    """Two clock times (each with whether its half of the day is known): "9-5", "10am to 2"."""
    (ta, a_known), (tb, b_known) = first, second
    if not a_known and b_known and ta[0] < 12 and (ta[0] + 12, ta[1]) <= (tb[0], tb[1]):
        ta = (ta[0] + 12, ta[1], ta[2])
    if not b_known and a_known and (tb[0], tb[1]) < (ta[0], ta[1]) and tb[0] < 12:
        tb = (tb[0] + 12, tb[1], tb[2])
    v = TemporalValue("time", f"{hms(ta)}/{hms(tb)}", clock=ta, clock_end=tb)
    return Fact(start, b.end, v, a.rule + "+range", [a, b])


# ---------------------------------------------------------------------------- date + time
def join_datetimes(text: str, facts: list[Fact], c: Grammar) -> list[Fact]:
    """A day with its time, a part of day with its clock time, a clock time with a duration,
    an offset with its anchor ("3 days after May 2")."""

    def pair(text: str, a: Fact, b: Fact) -> Fact | None:
        gap = text[a.end : b.start]
        if not c.datetime_gap.fullmatch(gap):
            return None
        for pairer in (_day_and_time, _day_part_and_clock, _clock_and_duration):
            for first, second in ((a, b), (b, a)):
                v = pairer(first.v, second.v, c.vocab)
                if v is not None:
                    return Fact(min(a.start, b.start), max(a.end, b.end), v, a.rule + "+" + b.rule, [a, b])
        return _offset_and_anchor(a, b, gap)

    return join_pairs(text, facts, pair)


def _pm(clock: Clock, day_part_name: str | None, vocab: Vocab) -> Clock:
    """An ambiguous morning hour read in an afternoon or evening part of day; in a night, the
    small hours stay after midnight ("tonight at 2" is 02:00, "tonight at 12" is 00:00)."""
    small_hours = vocab.numbers["night_parts"].get(day_part_name or "")
    if small_hours is not None and (clock[0] < small_hours or clock[0] == 12):
        return (clock[0] % 12, clock[1], clock[2])
    if day_part_name in vocab.word_sets["pm_parts_of_day"] and clock[0] < 12:
        return (clock[0] + 12, clock[1], clock[2])
    return clock


def _day_and_time(dv: TemporalValue, tv: TemporalValue, vocab: Vocab) -> TemporalValue | None:
    """One side gives the day, the other the time of day: "Thursday at 10 am", "7am this morning"."""
    if dv.day is None or dv.kind not in ("date", "time") or tv.kind != "time" or tv.day is not None:
        return None
    if dv.day_part and tv.clock:  # "8am this morning", "tonight at 8", "from 3-8pm yesterday afternoon"
        clock, clock_end = tv.clock, tv.clock_end
        if not tv.clock_known:
            clock = _pm(clock, dv.day_part_name, vocab)
            clock_end = _pm(clock_end, dv.day_part_name, vocab) if clock_end else None
        if clock_end:
            v = TemporalValue("time", f"{dv.day}T{hms(clock)}/{dv.day}T{hms(clock_end)}", True)
        else:
            v = TemporalValue("time", f"{dv.day}T{hms(clock)}", True)
    elif dv.day_part:
        return None
    elif tv.clock and tv.clock_end:
        v = TemporalValue("time", f"{dv.day}T{hms(tv.clock)}/{dv.day}T{hms(tv.clock_end)}", dv.relative)
    elif tv.clock:
        v = TemporalValue("time", f"{dv.day}T{hms(tv.clock)}", dv.relative)
    elif tv.day_part:
        a, b = tv.day_part
        v = TemporalValue(
            "time", f"{dv.day}T{a}/{dv.day}T{b}", dv.relative, day_part=tv.day_part, day_part_name=tv.day_part_name
        )
        v.day = dv.day
    else:
        return None
    if dv.value is None:
        v.value = None
    return v


def _day_part_and_clock(pv: TemporalValue, tv: TemporalValue, vocab: Vocab) -> TemporalValue | None:
    """A part of day and a clock time without a day: "in the morning at 7", "7 in the evening"."""
    if not (pv.day_part and pv.day is None and tv.clock and tv.day is None and not tv.day_part):
        return None
    clock, clock_end = tv.clock, tv.clock_end
    if not tv.clock_known and clock[0] < 12:
        clock = _pm(clock, pv.day_part_name, vocab)
        clock_end = _pm(clock_end, pv.day_part_name, vocab) if clock_end else None
    if clock_end:
        return TemporalValue("time", f"{hms(clock)}/{hms(clock_end)}", clock=clock, clock_end=clock_end)
    return TemporalValue("time", hms(clock), clock=clock)


def _clock_and_duration(dv: TemporalValue, tv: TemporalValue, _vocab: Vocab) -> TemporalValue | None:
    """A clock time and a duration: "from 10 am for 3 hours", "for 2 hours from 2pm"."""
    dur = dv.duration
    if not (dur and tv.clock and not tv.clock_end and tv.day is None and any(k in dur for k in ("H", "MIN", "S"))):
        return None
    t0 = dt.datetime.combine(dt.date(2000, 1, 1), dt.time(*tv.clock))
    t1 = cast(dt.datetime, shift_by(t0.date(), dur, 1)) + (t0 - dt.datetime(2000, 1, 1))
    if t1.date() != t0.date():
        return None
    clock_end = (t1.hour, t1.minute, t1.second)
    return TemporalValue("time", f"{hms(tv.clock)}/{hms(clock_end)}", clock=tv.clock, clock_end=clock_end)


def _offset_and_anchor(a: Fact, b: Fact, gap: str) -> Fact | None:
    """An offset waiting for its anchor: "3 days after January 12th", "2 weeks from January 15"."""
    anchored = a.v.duration and regex.fullmatch(r"\s+(?:from|after|before)\s+", gap, regex.IGNORECASE)
    if not ((a.v.offset or anchored) and b.v.day is not None and b.v.kind == "date"):
        return None
    if a.v.offset:
        dur, sign = a.v.offset
    else:
        dur, sign = a.v.duration or {}, -1 if "before" in gap.lower() else 1
    x = shift_by(b.v.day, dur, sign)
    v = TemporalValue("date", iso_instant(x), b.v.relative)
    return Fact(a.start, b.end, v, a.rule + "+" + b.rule, [a, b])


def unanchored_offsets(facts: list[Fact]) -> list[Fact]:
    """An offset left without a date to anchor on ("three days before the vote", "a month
    after it opened") is anchored on an event: the fact is its amount, a duration."""
    out = []
    for f in facts:
        if f.v.offset is not None and f.v.duration is not None and f.v.amount_end is not None:
            v = TemporalValue("duration", iso_duration(f.v.duration))
            v.duration = f.v.duration
            f = Fact(f.start, f.v.amount_end, v, f.rule, f.parts)
        out.append(f)
    return out


# ---------------------------------------------------------------------------- sets
_SET_GAP = regex.compile(r"\s*(?:at\s+)?", regex.IGNORECASE)


def join_sets(text: str, facts: list[Fact]) -> list[Fact]:
    """A clock time next to a daily set: "6am each day", "every day at 9:40 p.m."."""

    def pair(text: str, a: Fact, b: Fact) -> Fact | None:
        if not _SET_GAP.fullmatch(text, a.end, b.start):
            return None
        for s_f, t_f in ((a, b), (b, a)):
            if s_f.v.kind == "set" and s_f.v.value in ("P1D",) and t_f.v.clock and not t_f.v.clock_end:
                h, m, _ = t_f.v.clock
                val = f"T{h:02d}" + (f":{m:02d}" if m else "")
                return Fact(a.start, b.end, TemporalValue("set", val), s_f.rule, [a, b])
        return None

    return join_pairs(text, facts, pair)
