"""Resolvers: one function per ``resolver`` name of ``patterns/dates.toml``, turning a rule's
named groups into a ``TemporalValue`` (or raising ``Reject``). Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import cast

import regex

from ...rules.reach import match_at
from .context import (
    MatchContext,
    date_value,
    day_of,
    first_group,
    month_of,
    number_of,
    ordinal_of,
    unit_duration,
    year_of,
)
from .values import (
    DAY,
    Reject,
    TemporalValue,
    add_months,
    hms,
    iso_duration,
    iso_instant,
    iso_week,
    monday_of,
    shift_by,
    shift_instant,
)


def _r_calendar(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    ys = first_group(g, "year")
    yy = first_group(g, "yy")
    ms = first_group(g, "month")
    ds = first_group(g, "day")
    mod = first_group(g, "mod")
    year = year_of(ys, ctx) if ys else (year_of(yy, ctx) if yy else None)
    if ms is None:
        if year is None:
            raise Reject("nothing")
        return TemporalValue("date", f"{year:04d}", False, point=True)
    month = month_of(ms, ctx)
    day = day_of(ds, ctx) if ds else None
    wds = g.get("wd")
    if wds and year is None and day is not None:
        return _weekday_fit(ctx.vocab.numbers["weekdays"][wds.lower().rstrip(".")], month, day, ctx)
    if year is None and mod and ctx.ref is not None:
        off = ctx.step(mod)
        year = ctx.ref.year + off
        v = date_value(year, month, day, ctx, True)
        v.relative = True
        return v
    v = date_value(year, month, day, ctx, False)
    if year is None:
        v.year_explicit = False

        def again(y: int, month: int = month, day: int | None = day) -> TemporalValue:
            return date_value(y, month, day, ctx, False)

        v.with_year = again
    return v


def _r_stamp(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    """A date and a clock time with the year after the time ("Tue Mar 2 09:14:55 2010", as
    logs, mail headers and C's ctime print them)."""
    day = dt.date(
        year_of(g.get("year") or "", ctx), month_of(g.get("month") or "", ctx), day_of(g.get("day") or "", ctx)
    )
    clock = (int(g.get("hour") or 0), int(g.get("minute") or 0), int(g.get("second") or 0))
    if clock[0] > 23:
        raise Reject("hour")
    return TemporalValue("time", f"{day}T{hms(clock)}", day=day, clock=clock)


def _month_day(a: int, b: int) -> tuple[int, int]:
    """(month, day) of two numbers: month first (US order) when it can be, else day first."""
    if 1 <= a <= 12 and 1 <= b <= 31:
        return a, b
    if 1 <= b <= 12 and 1 <= a <= 31:
        return b, a
    raise Reject("not a date")


def _r_numeric_dmy(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    month, day = _month_day(int(g["a"] or 0), int(g["b"] or 0))
    return date_value(year_of(g["y"] or "", ctx), month, day, ctx, False)


def _r_numeric_dm(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    month, day = _month_day(int(g["a"] or 0), int(g["b"] or 0))
    v = date_value(None, month, day, ctx, True)
    v.year_explicit = False
    v.with_year = lambda y: date_value(y, month, day, ctx, False)
    return v


def _r_year_range(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    y1, y2 = int(g["y1"] or 0), int(g["y2"] or 0)
    if y2 <= y1:
        raise Reject("range")
    return TemporalValue("date", f"{y1:04d}/{y2:04d}")


def _r_day_range(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    d1 = day_of(first_group(g, "d1", "d3") or "", ctx)
    d2 = day_of(first_group(g, "d2", "d4") or "", ctx)
    if not (1 <= d1 < d2 <= 31):
        raise Reject("range")
    ms = first_group(g, "month")
    ys = first_group(g, "year")
    mod = g.get("mod")
    relative = False
    if ms:
        month = month_of(ms, ctx)
        if ys:
            year = int(ys)
        elif ctx.ref is None:
            return TemporalValue("date", None, True)
        else:
            year, relative = ctx.ref.year, True
    else:
        if ctx.ref is None:
            return TemporalValue("date", None, True)
        first = add_months(ctx.ref.replace(day=1), ctx.step(mod))
        year, month, relative = first.year, first.month, True
    try:
        a, b = dt.date(year, month, d1), dt.date(year, month, d2)
    except ValueError:
        return TemporalValue("date", None, relative)
    return TemporalValue("date", f"{a.isoformat()}/{b.isoformat()}", relative)


def _r_numeric_range(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    def point(a: str | None, b: str | None, y: int | None) -> TemporalValue:
        month, day = int(a or 0), int(b or 0)
        if not (1 <= month <= 12 and 1 <= day <= 31):
            raise Reject("not a date")
        return date_value(y, month, day, ctx, y is None)

    def year(*names: str) -> int | None:
        for n in names:
            if g.get(n):
                return year_of(g[n] or "", ctx)
        return None

    if g.get("a3"):
        va, vb = point(g["a3"], g["b3"], year("y4")), point(g["a4"], g["b4"], year("y5"))
    else:
        y2 = year("y2", "y3")
        y1 = year("y1") or y2
        va = point(g["a1"], g["b1"], y1)
        if y2 is None and va.value:
            y2 = int(va.value[:4])
        vb = point(g["a2"], g["b2"], y2)
    if not va.value or not vb.value or vb.value < va.value:
        return TemporalValue("date", None, va.relative)
    return TemporalValue("date", f"{va.value}/{vb.value}", va.relative or vb.relative)


def _r_nth_day_of(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    day = day_of(g.get("day") or "", ctx)
    if g.get("month"):
        return date_value(None, month_of(g["month"] or "", ctx), day, ctx, True)
    if ctx.ref is None:
        return TemporalValue("date", None, True)
    first = add_months(ctx.ref.replace(day=1), ctx.step(g.get("mod")))
    return date_value(first.year, first.month, day, ctx, True)


def _r_day_of_month(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    day = day_of(first_group(g, "day") or "", ctx)
    if not 1 <= day <= 31:
        raise Reject("day")
    if ctx.ref is None:
        return TemporalValue("date", None, True)
    return date_value(ctx.ref.year, ctx.ref.month, day, ctx, True)


def _r_season_years(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    y1 = int(g["y1"] or 0)
    y2 = y1 // 100 * 100 + int(g["y2"] or 0)
    if y2 != y1 + 1:
        raise Reject("not consecutive years")
    return TemporalValue("date", f"{y1:04d}/{y2:04d}")


def _r_decade(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    d = g.get("decade")
    if d:
        start = int(d)
    elif g.get("decade2"):
        start = 1900 + int(g["decade2"] or 0)
    else:
        start = ctx.vocab.numbers["decades"][(g.get("decade3") or "").lower()]
    return TemporalValue("date", f"{start:04d}/{start + 10:04d}")


def _r_hundreds(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    start = int(g["hundreds"] or 0) * 100
    return TemporalValue("date", f"{start:04d}/{start + 100:04d}")


def _r_century(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    n = day_of(g["nth"] or "", ctx)
    if not 1 <= n <= 22:
        raise Reject("century")
    return TemporalValue("date", f"{(n - 1) * 100:04d}/{n * 100:04d}")


def _quarter_value(year: int, q: int, half: bool) -> str:
    if half:
        a = dt.date(year, 1 + 6 * (q - 1), 1)
        b = add_months(a, 6)
    else:
        a = dt.date(year, 1 + 3 * (q - 1), 1)
        b = add_months(a, 3)
    return f"{a:%Y-%m}/{b:%Y-%m}"


def _r_quarter(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    qs = first_group(g, "q")
    ys = first_group(g, "year")
    half = False
    if qs:
        half = qs[0] in "hH"
        q = int(qs[1])
    else:
        qn = (g.get("qn") or "").lower()
        half = (g.get("qunit") or "").lower() == "half"
        q = ordinal_of(qn, ctx, 4) or (2 if half else 4)
    relative = False
    if ys:
        year = int(ys)
    else:
        if ctx.ref is None:
            return TemporalValue("date", None, True)
        year = ctx.ref.year + ctx.step(g.get("qmod"))
        relative = True
        if not g.get("qmod"):
            start = dt.date(year, 1 + (6 if half else 3) * (q - 1), 1)
            tense = ctx.tense()
            if tense < 0 and start > ctx.ref:
                year -= 1
            elif tense > 0 and add_months(start, 6 if half else 3) <= ctx.ref:
                year += 1
    v = TemporalValue("date", _quarter_value(year, q, half), relative)
    if not ys and not g.get("qmod"):  # "from Q1 to Q3 2020": the range's year
        v.year_explicit, v.ref, v.tense = False, ctx.ref, ctx.tense()
        v.with_year = lambda y: TemporalValue("date", _quarter_value(y, q, half))
    return v


def _r_week_number(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    if ctx.ref is None:
        return TemporalValue("date", None, True)
    w = int(g["week"] or 0)
    try:
        monday = dt.date.fromisocalendar(ctx.ref.year, w, 1)
    except ValueError as exc:
        raise Reject("week") from exc
    return TemporalValue("date", iso_week(monday), True)


def _r_nth_week(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    nth = (g.get("nth") or "").lower()
    n = ordinal_of(nth, ctx, 5)  # None: "last"
    ms, ys = g.get("month"), first_group(g, "year")
    unit = (g.get("unit") or "").lower()
    relative = not ys
    if (ms or unit == "month") and not ys:
        if ctx.ref is None:
            return TemporalValue("date", None, True)
        first = ctx.ref.replace(day=1)
        base = dt.date(ctx.ref.year, month_of(ms, ctx), 1) if ms else add_months(first, ctx.step(g.get("mod")))
    elif ms:
        base = dt.date(int(ys or 0), month_of(ms, ctx), 1)
    else:
        if ys:
            year = int(ys)
        elif ctx.ref is None:
            return TemporalValue("date", None, True)
        else:
            year = ctx.ref.year + ctx.step(g.get("mod"))
        if n is None:
            monday = dt.date.fromisocalendar(year, dt.date(year, 12, 28).isocalendar()[1], 1)
        else:
            monday = dt.date.fromisocalendar(year, n, 1)
        return TemporalValue("date", iso_week(monday), relative)
    if n is None:
        last = add_months(base, 1) - DAY
        monday = monday_of(last)
    else:
        monday = monday_of(base) + (n - 1) * 7 * DAY
    return TemporalValue("date", iso_week(monday), relative)


def _r_nth_weekday(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    if ctx.ref is None:
        return TemporalValue("date", None, True)
    wd = ctx.vocab.numbers["weekdays"][(g.get("weekday") or "").lower()]
    nth = (g.get("nth") or "").lower()
    ms = g.get("month")
    if ms:
        base = dt.date(ctx.ref.year, month_of(ms, ctx), 1)
    else:
        base = add_months(ctx.ref.replace(day=1), ctx.step(g.get("mod")))
    if nth == "last":
        d = add_months(base, 1) - DAY
        d -= ((d.weekday() - wd) % 7) * DAY
    else:
        n = ordinal_of(nth, ctx, 4)
        if n is None:
            raise Reject(nth)
        d = base + ((wd - base.weekday()) % 7) * DAY + (n - 1) * 7 * DAY
    return TemporalValue("date", d.isoformat(), True, day=d, point=True)


_WEEKDAY_RULE = regex.compile(r"(\d\d)/([0-6])/(-1|[1-5])([+-]\d+)?")  # month/weekday/nth[+days]
_EASTER_RULE = regex.compile(r"easter([+-]\d+)?")


def _nth_weekday(year: int, month: int, wd: int, n: int) -> dt.date:
    """The ``n``-th weekday ``wd`` (Monday 0) of a month; ``n`` -1: the last one."""
    first = dt.date(year, month, 1)
    if n > 0:
        return first + ((wd - first.weekday()) % 7) * DAY + (n - 1) * 7 * DAY
    last = add_months(first, 1) - DAY
    return last - ((last.weekday() - wd) % 7) * DAY


def _holiday_date(name: str, year: int, ctx: MatchContext) -> dt.date:
    """A holiday's day in ``year`` from its rule in ``[vocab] holidays``: "MM-DD" (fixed),
    "MM/W/N+D" (the N-th weekday W of month MM, plus D days) or "easter+D"."""
    from dateutil.easter import easter

    spec = ctx.vocab.codes["holidays"][name]
    m = regex.fullmatch(r"(\d\d)-(\d\d)", spec)
    if m:
        return dt.date(year, int(m[1]), int(m[2]))
    m = _WEEKDAY_RULE.fullmatch(spec)
    if m:
        return _nth_weekday(year, int(m[1]), int(m[2]), int(m[3])) + int(m[4] or 0) * DAY
    m = _EASTER_RULE.fullmatch(spec)
    if m:
        return easter(year) + int(m[1] or 0) * DAY
    raise Reject(spec)


def _r_holiday(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    name = " ".join(((g.get("holiday") or "").lower()).split()).replace("’", "'")
    if name not in ctx.vocab.codes["holidays"]:
        name = name.replace("'", "")
        if name not in ctx.vocab.codes["holidays"]:
            raise Reject(name)
    ys, mod = first_group(g, "year"), (g.get("mod") or "").lower()
    if ys:
        d = _holiday_date(name, int(ys), ctx)
        return _holiday_or_its_weekend(g, d, False, ctx)
    if ctx.ref is None:
        return TemporalValue("date", None, True)
    ref = ctx.ref
    this = _holiday_date(name, ref.year, ctx)
    step = ctx.step(mod)
    if step > 0:  # next, following
        d = this if this > ref else _holiday_date(name, ref.year + 1, ctx)
    elif step < 0:  # last, previous
        d = this if this < ref else _holiday_date(name, ref.year - 1, ctx)
    else:
        tense = ctx.tense()
        d = this
        if tense > 0 and this < ref:
            d = _holiday_date(name, ref.year + 1, ctx)
        elif tense < 0 and this > ref:
            d = _holiday_date(name, ref.year - 1, ctx)
    return _holiday_or_its_weekend(g, d, True, ctx)


def _holiday_or_its_weekend(
    g: Mapping[str, str | None], d: dt.date, relative: bool, ctx: MatchContext
) -> TemporalValue:
    """The holiday's day, or for "the Labor Day weekend", "the weekend of Halloween" the weekend
    around it ([vocab] holiday_weekend)."""
    if not (g.get("wk") or g.get("wkof")):
        return TemporalValue("date", d.isoformat(), relative, day=d, point=True)
    a, b = ctx.vocab.holiday_weekend[d.weekday()]
    return TemporalValue("date", f"{d + a * DAY}/{d + b * DAY}", relative)


def _r_weekday_day(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    wd = ctx.vocab.numbers["weekdays"][(first_group(g, "weekday") or "").lower().rstrip(".")]
    if g.get("m2") and g.get("d2"):
        month, day = int(g["m2"] or 0), int(g["d2"] or 0)
        if ctx.match is not None and ctx.text[ctx.match.end("m2")] == "-":
            v = date_value(None, month, day, ctx, True)
            if v.day is not None and v.day.weekday() != wd:
                raise Reject("hours")  # the day is no such weekday this year: "Monday 5-7" is two hours
        return _weekday_fit(wd, month, day, ctx)
    if g.get("month3"):
        return _weekday_fit(wd, month_of(g["month3"] or "", ctx), int(g["day3"] or 0), ctx)
    day = day_of(g.get("day") or "", ctx)
    if not 1 <= day <= 31:
        raise Reject("day")
    if ctx.ref is None:
        return TemporalValue("date", None, True)
    future = ctx.future() or bool(g.get("mod"))
    step = 1 if future else -1
    m = ctx.ref.replace(day=1)
    for i in range(0, 24):
        cand_month = add_months(m, step * i)
        try:
            d = cand_month.replace(day=day)
        except ValueError:
            continue
        if d.weekday() == wd and ((d >= ctx.ref) if future else (d <= ctx.ref) or i > 0):
            return TemporalValue("date", d.isoformat(), True, day=d, point=True)
    return TemporalValue("date", None, True)


def _weekday_fit(wd: int, month: int, day: int, ctx: MatchContext) -> TemporalValue:
    """A year-less month/day with a weekday: the nearest year in which the day falls on it."""
    v = date_value(None, month, day, ctx, True)
    if ctx.ref is None or v.day is None or v.day.weekday() == wd:
        return v
    for dy in (0, -1, 1):
        try:
            d = dt.date(ctx.ref.year + dy, month, day)
        except ValueError:
            continue
        if d.weekday() == wd:
            return TemporalValue("date", d.isoformat(), True, day=d, point=True)
    return v


def _r_relative_day(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    if ctx.ref is None:
        return TemporalValue("date", None, True)
    off = ctx.vocab.numbers["relative_days"][(g.get("relday") or "").lower()]
    shift = (g.get("shift") or "").lower()
    off += 1 if shift == "after" else -1 if shift == "before" else 0
    d = ctx.ref + off * DAY
    return TemporalValue("date", d.isoformat(), True, day=d, point=True)


def _r_anaphoric(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    """ "the next day", "that year", "later that month", "the week before": a day, week, month or
    year counted from the date the text has just named (anchor.py places it); until then, and
    when the text names none, from the reference."""
    unit = (first_group(g, "unit") or "").lower()
    step = ctx.vocab.numbers["anaphor_steps"][" ".join((first_group(g, "step") or "").lower().split())]

    def at(anchor: dt.date) -> TemporalValue:
        if unit == "day":
            d = anchor + step * DAY
            return TemporalValue("date", d.isoformat(), True, day=d, point=True)
        if unit == "week":
            return TemporalValue("date", iso_week(anchor + step * 7 * DAY), True, point=True)
        if unit == "month":
            return TemporalValue("date", f"{add_months(anchor.replace(day=1), step):%Y-%m}", True, point=True)
        return TemporalValue("date", f"{anchor.year + step:04d}", True, point=True)

    v = at(ctx.ref) if ctx.ref is not None else TemporalValue("date", None, True)
    v.reanchor, v.needs = at, unit
    return v


def _r_reference_day(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    """The reference day itself: "by end of day", "close of business"."""
    if ctx.ref is None:
        return TemporalValue("date", None, True)
    return TemporalValue("date", ctx.ref.isoformat(), True, day=ctx.ref, point=True)


def _r_after_next(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    """ "the week after next": two units on from the reference's."""
    if ctx.ref is None:
        return TemporalValue("date", None, True)
    value, point = _unit_interval(g.get("unit") or "", 2, ctx.ref, ctx.vocab.word_sets["work_week_units"])
    return TemporalValue("date", value, True, point=point)


def _r_week_of(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    """ "the week of June 3rd", "w/c 9 March": the ISO week holding that day."""
    ms, ds, ys = first_group(g, "month"), first_group(g, "day"), first_group(g, "year")
    day = date_value(int(ys) if ys else None, month_of(ms or "", ctx), day_of(ds or "", ctx), ctx, not ys)
    if day.day is None:
        return TemporalValue("date", None, day.relative)
    return TemporalValue("date", iso_week(day.day), day.relative)


def _r_now(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    if ctx.ref is None:
        return TemporalValue("time", None, True)
    if ctx.now is not None:
        return TemporalValue("time", iso_instant(ctx.now.replace(microsecond=0)), True, day=ctx.ref)
    return TemporalValue("time", f"{ctx.ref.isoformat()}T00:00:00", True, day=ctx.ref)


def _unit_interval(unit: str, off: int, ref: dt.date, work_weeks: frozenset[str]) -> tuple[str, bool]:
    """The calendar unit ``off`` steps from the one holding ``ref``: (value, is_point)."""
    u = regex.sub(r"[\s-]+", " ", unit.lower())
    if u == "week":
        return iso_week(ref + off * 7 * DAY), True
    if u == "month":
        d = add_months(ref.replace(day=1), off)
        return f"{d:%Y-%m}", True
    if u == "year":
        return f"{ref.year + off:04d}", True
    if u == "quarter":
        q = (ref.month - 1) // 3
        start = add_months(dt.date(ref.year, 1 + 3 * q, 1), 3 * off)
        return f"{start:%Y-%m}/{add_months(start, 3):%Y-%m}", False
    if u == "weekend":
        sat = monday_of(ref) + 5 * DAY + off * 7 * DAY
        return f"{sat.isoformat()}/{(sat + 2 * DAY).isoformat()}", False
    if u == "fortnight":
        mon = monday_of(ref) + off * 14 * DAY
        return f"{mon.isoformat()}/{(mon + 14 * DAY).isoformat()}", False
    if u in work_weeks:
        mon = monday_of(ref) + off * 7 * DAY
        return f"{mon.isoformat()}/{(mon + 5 * DAY).isoformat()}", False
    if u == "decade":
        y0 = ref.year // 10 * 10 + 10 * off
        return f"{y0:04d}/{y0 + 10:04d}", False
    if u == "century":
        y0 = ref.year // 100 * 100 + 100 * off
        return f"{y0:04d}/{y0 + 100:04d}", False
    raise Reject(unit)


def _r_modified_unit(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    if ctx.ref is None:
        return TemporalValue("date", None, True)
    mod = (g.get("mod") or "this").lower()
    unit = " ".join(((g.get("unit") or "").lower()).split())
    sign, units = ctx.vocab.stretch_modifiers.get(mod, (0, frozenset()))
    if unit in ("hour", "minute"):  # "the past hour", "the next minute"
        return _stretch_of_time(unit_duration(unit, 1.0, ctx), sign or ctx.step(mod), ctx)
    if unit in units:
        # "over the past year", "the coming year": the stretch of one unit before or after the
        # reference, not the previous or next calendar unit
        other = iso_instant(shift_by(ctx.ref, unit_duration(unit, 1.0, ctx), sign))
        ends = (other, ctx.ref.isoformat()) if sign < 0 else (ctx.ref.isoformat(), other)
        return TemporalValue("date", "/".join(ends), True)
    off = ctx.step(mod)
    value, point = _unit_interval(unit, off, ctx.ref, ctx.vocab.word_sets["work_week_units"])
    return TemporalValue("date", value, True, point=point)


def _r_to_date(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    if ctx.ref is None:
        return TemporalValue("date", None, True)
    unit = ctx.text[ctx.start : ctx.end].lower()
    start = ctx.ref.replace(month=1, day=1)
    if unit.startswith("month"):
        start = ctx.ref.replace(day=1)
    elif unit.startswith("quarter"):
        start = ctx.ref.replace(month=1 + 3 * ((ctx.ref.month - 1) // 3), day=1)
    return TemporalValue("date", f"{start.isoformat()}/{ctx.ref.isoformat()}", True)


def _r_modified_weekday(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    wd = ctx.vocab.numbers["weekdays"][(first_group(g, "weekday") or "").lower()]
    mod = " ".join(((first_group(g, "mod") or "").lower()).split())
    if ctx.ref is None:
        return TemporalValue("date", None, True)
    ref = ctx.ref
    week_form = bool(g.get("mod2") or g.get("mod3"))
    how = ctx.vocab.codes["weekday_modifiers"].get(mod)
    if how == "ahead":  # "this coming Friday": the next one after the reference day
        d = ref + (((wd - ref.weekday()) % 7) or 7) * DAY
    elif how == "back" and not week_form:  # "this past Friday": the latest one before it
        d = ref - (((ref.weekday() - wd) % 7) or 7) * DAY
    elif how == "week after":  # "Friday of the following week"
        d = monday_of(ref) + 7 * DAY + wd * DAY
    else:
        off = ctx.step(mod)
        d = monday_of(ref) + off * 7 * DAY + wd * DAY
    return TemporalValue("date", d.isoformat(), True, day=d, point=True)


def _r_weekday(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    wd = ctx.vocab.numbers["weekdays"][(first_group(g, "weekday") or "").lower().rstrip(".")]
    if ctx.ref is None:
        return TemporalValue("date", None, True)
    if ctx.vocab.regexes["greeting_before"].search(ctx.text, max(0, ctx.start - 6), ctx.start):
        raise Reject("greeting")
    word = ctx.text[ctx.start : ctx.end].rstrip(".")
    if word in ctx.vocab.verb_weekdays and not match_at(ctx.vocab.regexes["weekday_after"], ctx.text, ctx.end):
        raise Reject("verb")  # "the keeper sat out the game", "they wed in June"
    ref = ctx.ref
    tense = ctx.tense()
    before_it = ctx.vocab.regexes["future_before"].search(ctx.text, max(0, ctx.start - 40), ctx.start)
    ahead = tense > 0 or (tense == 0 and before_it is not None)  # "by Friday"
    # the nearest such day in the direction of the tense; the reference's own weekday is the reference day
    d = ref + ((wd - ref.weekday()) % 7) * DAY if ahead else ref - ((ref.weekday() - wd) % 7) * DAY
    return TemporalValue("date", d.isoformat(), True, day=d, point=True, weekday=wd)


def _r_part_of(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    """ "early May", "mid-2018", "the end of next week", "earlier this year": the value is the
    named unit (TimeML's convention), ``mod`` the part meant, and the finer reading the sub-range."""
    part, mod = ctx.vocab.part_modifiers[(first_group(g, "part") or "").lower()]
    if g.get("y1"):  # "the end of the 2022/23 season": its first or last year
        y1 = int(g["y1"] or 0)
        if int(g["y2"] or 0) != (y1 + 1) % 100:
            raise Reject("not consecutive years")
        named = {"start": f"{y1:04d}", "end": f"{y1 + 1:04d}"}.get(part, f"{y1:04d}/{y1 + 1:04d}")
        return TemporalValue("date", named, mod=mod or None)
    unit = (g.get("unit") or "").lower()
    ms, ys = g.get("month"), first_group(g, "year")
    relative = not ys
    if (unit or (ms and not ys)) and ctx.ref is None:
        return TemporalValue("date", None, True)
    step = ctx.step(g.get("mod"))
    if unit == "week":
        assert ctx.ref is not None
        mon = monday_of(ctx.ref) + step * 7 * DAY
        a, b = (mon, mon + 3 * DAY) if part == "start" else (max(mon + 3 * DAY, ctx.ref), mon + 7 * DAY)
        coarse = iso_week(mon)
    elif unit == "month" or ms:
        if ms and ys:
            first = dt.date(int(ys), month_of(ms, ctx), 1)
        elif ms:  # the year the sentence's tense puts the month in
            first = dt.date.fromisoformat((date_value(None, month_of(ms, ctx), None, ctx, True).value or "") + "-01")
        else:
            first = add_months(cast(dt.date, ctx.ref).replace(day=1), step)
        a, b = {
            "start": (first, first.replace(day=16)),
            "end": (first.replace(day=16), add_months(first, 1)),
        }.get(part, (first.replace(day=10), first.replace(day=21)))
        coarse = f"{first:%Y-%m}"
    else:
        year = cast(dt.date, ctx.ref).year + step if unit == "year" else int(ys or 0)
        a, b = {
            "start": (dt.date(year, 1, 1), dt.date(year, 7, 1)),
            "end": (dt.date(year, 7, 1), dt.date(year + 1, 1, 1)),
        }.get(part, (dt.date(year, 4, 1), dt.date(year, 10, 1)))
        v = TemporalValue("date", f"{a:%Y-%m}/{b:%Y-%m}", relative, anchor_end=part == "end")
        v.coarse, v.mod = f"{year:04d}", mod or None
        return v
    v = TemporalValue("date", f"{a.isoformat()}/{b.isoformat()}", relative, anchor_end=part == "end")
    v.coarse, v.mod = coarse, mod or None
    return v


_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}  # TIMEX season codes: first month (winter: of its first year)


def _season_start(code: str, year: int) -> dt.date:
    return dt.date(year, _SEASON_START[code], 1)


def _r_season(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    code = ctx.vocab.codes["seasons"][(first_group(g, "season") or "").lower()]
    ys = first_group(g, "year")
    if ys:
        return TemporalValue("date", f"{int(ys):04d}-{code}", False)
    if ctx.ref is None:
        return TemporalValue("date", None, True)
    ref = ctx.ref
    mod = (g.get("mod") or "this").lower()
    year = ref.year + ctx.step(mod)
    step = ctx.step(mod)
    if step < 0:  # "last winter": the latest one that began and ended before the reference
        year = max(y for y in range(ref.year - 2, ref.year + 1) if add_months(_season_start(code, y), 3) <= ref)
    elif step > 0:  # "next spring": the first one to begin after it
        year = min(y for y in range(ref.year - 1, ref.year + 2) if _season_start(code, y) > ref)
    return TemporalValue("date", f"{year:04d}-{code}", True)


def _offset_amount(g: Mapping[str, str | None], ctx: MatchContext) -> dict[str, float]:
    """The amount of an offset or duration: "18 months", "an hour and a half", "2 years, 5 days"."""
    n = number_of(g.get("num") or "", ctx)
    for frac in (
        (g.get("frac") or "").lower(),
        (g.get("half") or "").lower(),
    ):  # "two and a half", "an hour and a quarter"
        if frac:
            n += 0.5 if frac == "half" else 0.25
    dur = unit_duration(g.get("unit") or "", n, ctx)
    # every further part: "2 years, 5 days, 1 hour and 9 seconds"
    for num2, unit2 in zip(ctx.captures("num2"), ctx.captures("unit2"), strict=True):
        for k, amount in unit_duration(unit2, number_of(num2, ctx), ctx).items():
            dur[k] = dur.get(k, 0.0) + amount
    return dur


def _r_offset(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    if ctx.vocab.regexes["age_after"].match(ctx.text[ctx.end : ctx.end + 14].lower()):
        raise Reject("age")
    dur = _offset_amount(g, ctx)
    direction = " ".join(((g.get("dir") or "").lower()).split())
    inside = (g.get("in") or "").lower()
    if (g.get("num") or "").lower() in ("a", "an") and not direction and not inside and not g.get("num2"):
        unit = (g.get("unit") or "").lower()
        if unit in ctx.vocab.word_sets["ordinal_units"] and match_at(
            ctx.vocab.regexes["ordinal_after"], ctx.text, ctx.end
        ):
            raise Reject("ordinal")  # "a second container terminal"
        if ctx.vocab.regexes["rate_before"].search(ctx.text[max(0, ctx.start - 60) : ctx.start]):
            raise Reject("rate")  # "£83 a year", "1.2 million containers a year"
    sub_day = any(k in dur for k in ("H", "MIN", "S"))
    # "within six months" is an amount of time (TimeML's DURATION); so is "in a decade" in a past
    # sentence ("the lowest level in a decade"): not a point ahead
    if not direction and (not inside or inside in ctx.vocab.word_sets["duration_prepositions"] or ctx.tense() < 0):
        v = TemporalValue("duration", iso_duration(dur))
        v.duration = dur
        if inside and ctx.match is not None:
            v.amount_start = ctx.match.start("num")
        return v
    sign, counts_from = ctx.vocab.offset_directions.get(direction, (1, "reference"))
    if counts_from == "event":  # "3 days after May 2", or an event: "nine days before the vote"
        v = TemporalValue("date", None, True, offset=(dur, sign), duration=dur)
        if ctx.match is not None:
            v.amount_end = len(ctx.text[: ctx.match.start("dir")].rstrip())
        return v
    if ctx.ref is None:
        return TemporalValue("time" if sub_day else "date", None, True)
    ref: dt.date = ctx.ref + DAY if counts_from == "tomorrow" else ctx.ref
    now = ctx.now.replace(microsecond=0) if ctx.now is not None and sub_day else None
    x = shift_instant(now, dur, sign) if now is not None and ref == ctx.ref else shift_by(ref, dur, sign)
    v = TemporalValue("time" if isinstance(x, dt.datetime) else "date", iso_instant(x), True)
    if isinstance(x, dt.datetime):
        return v
    v.day, v.point = x, True
    if counts_from == "reference (coarse)":  # "a week ago": the week, as TimeML annotates
        v.coarse = _at_granularity(x, dur)
    elif counts_from == "anchor" and not sub_day:  # "three years later": after the date just named

        def at(anchor: dt.date) -> TemporalValue:
            day = shift_by(anchor, dur, sign)
            return TemporalValue("date", _at_granularity(day, dur) or day.isoformat(), True, point=True)

        v.reanchor, v.needs = at, _NEEDS[_finest_unit(dur) or "D"]
    return v


_NEEDS = {"Y": "year", "M": "month", "W": "day", "D": "day"}


def _finest_unit(dur: Mapping[str, float]) -> str | None:
    """The finest calendar unit of an amount (Y, M, W or D); a fraction of a unit counts as the
    next finer one ("a year and a half": M). None when there is none."""
    finest = None
    for key, finer in (("Y", "M"), ("M", "D"), ("W", "D"), ("D", "D")):
        amount = dur.get(key)
        if amount:
            finest = key if float(amount).is_integer() else finer
    return finest


def _at_granularity(day: dt.date, dur: Mapping[str, float]) -> str | None:
    """``day`` at the granularity of the finest unit of ``dur`` ("a week ago": the ISO week;
    "two years ago": the year); None when that is the day itself."""
    finest = _finest_unit(dur)
    if finest == "Y":
        return f"{day.year:04d}"
    if finest == "M":
        return f"{day:%Y-%m}"
    if finest == "W":
        return iso_week(day)
    return None


def _r_next_n(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    n = number_of(first_group(g, "num") or "", ctx)
    unit = " ".join(((g.get("unit") or "").lower()).split())
    dur = unit_duration(unit, n, ctx)
    mod = (first_group(g, "mod") or "").lower()
    if (
        (g.get("mod") or "").lower() == "last"
        and ctx.text[ctx.start : ctx.start + 4].lower() == "last"
        and ctx.vocab.regexes["verb_last_before"].search(ctx.text[max(0, ctx.start - 40) : ctx.start])
    ):
        raise Reject("verb")  # "the talks last 18 months": how long they take, not the months before now
    if ctx.ref is None:
        return TemporalValue("date", None, True)
    step = ctx.step(mod)
    if any(k in dur for k in ("H", "MIN", "S")):
        return _stretch_of_time(dur, step, ctx)
    if step > 0:  # the next, coming, upcoming N units
        a = ctx.ref + DAY
        b = shift_by(a, dur, 1)
    elif step < 0:  # the last, past, previous N units
        b = ctx.ref
        a = shift_by(ctx.ref, dur, -1)
    else:
        return TemporalValue("date", None, True)
    return TemporalValue("date", f"{iso_instant(a)}/{iso_instant(b)}", True)


def _stretch_of_time(dur: Mapping[str, float], step: int, ctx: MatchContext) -> TemporalValue:
    """ "The last 24 hours", "the next hour": the stretch of time that ends or starts at the
    reference time; unknown (None) when the reference has no time of day."""
    if ctx.now is None or not step:
        return TemporalValue("time", None, True)
    now = ctx.now.replace(microsecond=0)
    ends = (shift_instant(now, dur, -1), now) if step < 0 else (now, shift_instant(now, dur, 1))
    return TemporalValue("time", "/".join(iso_instant(x) for x in ends), True)


def _r_abbrev_duration(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    n = float(g["num"] or 0)
    return TemporalValue("duration", iso_duration({(g["unit"] or "D").upper(): n}))


def _r_vague_duration(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    unit = (first_group(g, "unit") or "").lower()
    n = 0.5 if g.get("half") else 1.0
    table = {"day": "D", "week": "W", "month": "M", "year": "Y", "hour": "H", "minute": "MIN", "night": "D"}
    if unit not in table:
        return TemporalValue("duration", None)
    return TemporalValue("duration", iso_duration({table[unit]: n}))


def _to24(h: int, ampm: str | None) -> int:
    if not ampm:
        return h
    a = ampm.strip().lower()[0]
    if a == "p" and h < 12:
        return h + 12
    if a == "a" and h == 12:
        return 0
    return h


def _r_clock(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    hs = first_group(g, "hour")
    if hs is None:
        raise Reject("hour")
    h = int(hs)
    m = int(first_group(g, "minute") or 0)
    s = int(g.get("second") or 0)
    ampm = first_group(g, "ampm")
    if h > 23 or (ampm and h > 12):
        raise Reject("hour")
    h24 = _to24(h, ampm)
    clock = (h24, m, s)
    return TemporalValue("time", hms(clock), clock=clock, clock_known=bool(ampm) or h > 12 or h == 0)


_WORD_MINUTES = {"half": 30, "quarter": 15}


def _r_clock_words(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    hs = first_group(g, "hour")
    if hs is None:
        raise Reject("hour")
    h = int(number_of(hs.replace("-", " "), ctx))
    if not 0 <= h <= 23:
        raise Reject("hour")
    m = 0
    half = first_group(g, "half")
    rel = (first_group(g, "rel") or "").lower()
    if half:
        hw = half.lower().split()[0]
        m = _WORD_MINUTES.get(hw) or int(number_of(hw, ctx))
        if rel == "to":
            m = 60 - m
            h = (h - 1) % 24
    elif first_group(g, "minute"):
        words = (first_group(g, "minute") or "").replace("-", " ").split()
        m = int(number_of(" ".join(w for w in words if w.lower() not in ("oh", "o")), ctx))  # "nine oh five"
    if not 0 <= m < 60:
        raise Reject("minute")
    day_part = (first_group(g, "pod") or first_group(g, "ampm") or "").lower()
    known = bool(day_part)
    night = ctx.vocab.numbers["night_parts"].get(day_part.split()[-1] if day_part else "")
    if night is not None and (h < night or h == 12):
        h %= 12  # "one o'clock at night", "two thirty tonight": after midnight
    elif regex.match(r"p|in\s+the\s+(?:afternoon|evening)|at\s+night|tonight", day_part) and h < 12:
        h += 12
    elif day_part.startswith("a") and h == 12:
        h = 0
    clock = (h, m, 0)
    return TemporalValue("time", hms(clock), clock=clock, clock_known=known)


def _r_noon(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    if g.get("hour"):
        h = int(g["hour"] or 0)
        if h > 23:
            raise Reject("hour")
        return TemporalValue("time", hms((h, 0, 0)), clock=(h, 0, 0))
    clock = (12, 0, 0) if g.get("noon") else (0, 0, 0)
    return TemporalValue("time", hms(clock), clock=clock)


def _r_time_range(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    h1s = next((g[k] for k in ("h1", "h3", "h5", "h7", "h9", "h11", "h13", "h15", "h17") if g.get(k)), None)
    h2s = next((g[k] for k in ("h2", "h4", "h6", "h8", "h10", "h12", "h14", "h16", "h18") if g.get(k)), None)
    if h1s is None or h2s is None:
        raise Reject("range")
    m1 = int(next((g[k] for k in ("m1", "m3", "m5", "m7", "m9") if g.get(k)), 0) or 0)
    m2 = int(next((g[k] for k in ("m2", "m4", "m6", "m8", "m10") if g.get(k)), 0) or 0)
    h1, h2 = int(h1s), int(h2s)
    ap1, ap2 = g.get("ap1"), g.get("ap2")
    if h1 > 23 or h2 > 23:
        raise Reject("hour")
    b = _to24(h2, ap2)
    if ap1:
        a = _to24(h1, ap1)
    elif ap2 and h1 <= 12:
        a = _to24(h1, ap2)
        if (a, m1) > (b, m2):
            a = h1
    else:
        a = h1
    if ap2 and ap2.lower().startswith("a") and h2 == 12 and not (ap1 and ap1.lower().startswith("p")):
        b = 12  # "10am-12am": noon in practice
    known = bool(ap1 or ap2) or a > 12 or b > 12 or bool(g.get("h3") or g.get("h5"))
    if not known and (b, m2) < (a, m1) and b < 12:
        b += 12  # "10-4": ten in the morning to four in the afternoon
    return TemporalValue(
        "time", f"{hms((a, m1, 0))}/{hms((b, m2, 0))}", clock=(a, m1, 0), clock_end=(b, m2, 0), clock_known=known
    )


def _r_part_of_day(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    if ctx.vocab.regexes["greeting_before"].search(ctx.text, max(0, ctx.start - 6), ctx.start):
        raise Reject("greeting")
    name = (first_group(g, "pod") or ("tonight" if g.get("tonight") else "")).lower()
    if name == "lunch" and not g.get("pod3"):
        raise Reject("lunch")
    relday = (first_group(g, "relday") or "").lower()
    if g.get("tonight"):
        relday = "today"
    day_part = ctx.vocab.parts_of_day.get(name)
    if day_part is None:
        raise Reject(name)
    a, b = (p if p.count(":") == 2 else p + ":00" for p in day_part)
    if not relday:
        return TemporalValue("time", f"{a}/{b}", day_part=(a, b), day_part_name=name)
    if ctx.ref is None:
        return TemporalValue("time", None, True, day_part=(a, b), day_part_name=name)
    off = ctx.vocab.numbers["relative_days"].get(relday, ctx.step(relday))  # "this", "that": 0
    d = ctx.ref + off * DAY
    return TemporalValue("time", f"{d}T{a}/{d}T{b}", True, day=d, day_part=(a, b), day_part_name=name)


def _r_frequency(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    return TemporalValue("set", ctx.vocab.codes["frequencies"][(g.get("freq") or "").lower()])


def _r_every(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    unit = (g.get("unit") or "").lower()
    wds = g.get("weekday")
    n = 2 if g.get("other") else int(number_of(g.get("n") or "1", ctx))
    time = ""
    if g.get("hour"):
        time = "T" + f"{_to24(int(g['hour'] or 0), g.get('ampm')):02d}" + (f":{g['minute']}" if g.get("minute") else "")
    if wds:
        return TemporalValue("set", f"XXXX-WXX-{ctx.vocab.numbers['weekdays'][wds.lower()] + 1}{time}")
    table = {
        "day": f"P{n}D",
        "week": f"P{n}W",
        "month": f"P{n}M",
        "year": f"P{n}Y",
        "quarter": f"P{3 * n}M",
        "hour": f"PT{n}H",
        "minute": f"PT{n}M",
        "weekday": f"P{n}WD",
        "weekend": f"P{n}WE",
        "weekends": f"P{n}WE",
        "morning": "TMO",
        "afternoon": "TAF",
        "evening": "TEV",
        "night": "TNI",
    }
    if unit in ("day", "morning", "afternoon", "evening", "night") and time:
        return TemporalValue("set", time)
    return TemporalValue("set", table.get(unit))


def _r_day_of_every_month(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    """ "The 15th of every month": that day of each month (TIMEX3 XXXX-XX-15)."""
    day = day_of(first_group(g, "day") or "", ctx)
    if not 1 <= day <= 31:
        raise Reject("day")
    return TemporalValue("set", f"XXXX-XX-{day:02d}")


def _r_times_per(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    unit = (g.get("unit") or "").lower()
    return TemporalValue("set", {"day": "P1D", "week": "P1W", "month": "P1M", "year": "P1Y"}[unit])


def _r_plural_weekday(g: Mapping[str, str | None], ctx: MatchContext) -> TemporalValue:
    pods = {"mornings": "MO", "afternoons": "AF", "evenings": "EV", "nights": "NI"}
    day_part = (first_group(g, "pod") or "").lower()
    if day_part == "weekends":
        return TemporalValue("set", "P1WE")
    wdw = g.get("weekday") or g.get("weekday2")
    if not wdw:
        return TemporalValue("set", "T" + pods[day_part])
    wd = ctx.vocab.numbers["weekday_plurals"].get(wdw.lower(), ctx.vocab.numbers["weekdays"].get(wdw.lower(), 0)) + 1
    suffix = ""
    if day_part:
        suffix = "T" + pods[day_part]
    elif g.get("hour"):
        suffix = f"T{_to24(int(g['hour'] or 0), g.get('ampm')):02d}" + (f":{g['minute']}" if g.get("minute") else "")
    return TemporalValue("set", f"XXXX-WXX-{wd}{suffix}")


RESOLVERS: dict[str, Callable[[Mapping[str, str | None], MatchContext], TemporalValue]] = {
    "calendar": _r_calendar,
    "stamp": _r_stamp,
    "numeric_dmy": _r_numeric_dmy,
    "numeric_dm": _r_numeric_dm,
    "year_range": _r_year_range,
    "day_range": _r_day_range,
    "decade": _r_decade,
    "season_years": _r_season_years,
    "numeric_range": _r_numeric_range,
    "nth_day_of": _r_nth_day_of,
    "day_of_month": _r_day_of_month,
    "century": _r_century,
    "hundreds": _r_hundreds,
    "quarter": _r_quarter,
    "week_number": _r_week_number,
    "nth_week": _r_nth_week,
    "nth_weekday": _r_nth_weekday,
    "holiday": _r_holiday,
    "weekday_day": _r_weekday_day,
    "relative_day": _r_relative_day,
    "anaphoric": _r_anaphoric,
    "now": _r_now,
    "reference_day": _r_reference_day,
    "after_next": _r_after_next,
    "week_of": _r_week_of,
    "modified_unit": _r_modified_unit,
    "to_date": _r_to_date,
    "modified_weekday": _r_modified_weekday,
    "weekday": _r_weekday,
    "part_of": _r_part_of,
    "season": _r_season,
    "offset": _r_offset,
    "next_n": _r_next_n,
    "abbrev_duration": _r_abbrev_duration,
    "vague_duration": _r_vague_duration,
    "clock": _r_clock,
    "clock_words": _r_clock_words,
    "noon": _r_noon,
    "time_range": _r_time_range,
    "part_of_day": _r_part_of_day,
    "frequency": _r_frequency,
    "every": _r_every,
    "times_per": _r_times_per,
    "day_of_every_month": _r_day_of_every_month,
    "plural_weekday": _r_plural_weekday,
}
