"""Resolving a :class:`~marsad.dates.parse.DateExpr` to a calendar date, ACLED's way.

:func:`resolve` gives a :class:`ResolvedDate`: the date, ACLED's ``time_precision``
(1 the day is known, 2 the week, 3 only the month), whether the expression is
background (a year only, or a span of years: the extractor keeps those out of
current events) or an aggregate (a period or a range, "خلال السنوات الأخيرة",
"منذ عام 2013"), the rule that decided (for evidence), a confidence and an error.

Rules (``published`` is the publication date, ``tense`` the tense of the report):

- relative days: اليوم = published, أمس/البارحة = −1, أول أمس = −2 (precision 1);
- "قبل يومين" / "منذ ثلاثة أيام" = published − N days (precision 1 up to 7 days,
  else 2); "قبل أسبوع" − 7 days, "قبل N أسابيع" − 7N days (precision 2); "قبل شهر"
  the same day N months back (precision 3); "قبل عام" N years back (background);
- "قبل أيام" = published − 4 days, precision 2 (a few days; the dev gold's
  convention); "منذ أيام" (ongoing for days) = published, precision 2;
  "خلال الأيام الماضية" = published − 3 days, precision 2, aggregate;
- "الأسبوع الماضي" = published − 7 days, precision 2; "هذا الأسبوع" = published,
  precision 2; "الشهر الماضي" = the 15th of the previous month, precision 3;
  "العام الماضي" = 15 June of the previous year, precision 3, background;
- weekdays: "يوم الخميس الماضي" = the most recent Thursday strictly before
  publication; a bare weekday in a past-tense report = the most recent such day on
  or before publication (the publication day itself if it is that weekday);
  "المقبل"/future tense = the next such day; "ليل السبت الأحد" = the first night
  (Saturday);
- explicit dates as written; a missing year is the publication's year, or the year
  before when that would put a past-tense date after publication;
- a month without a day = its 15th (early/mid/late of a month: 5th/15th/25th), with
  precision 3, clamped to the publication date when that is earlier in the same
  month; "نيسان الماضي" = the most recent April strictly before the publication's
  month;
- a year only = 15 June of that year (the dev gold's convention), precision 3,
  background (clamped to the publication date in the publication's year);
- Hijri dates are converted with the tabular (arithmetic) Islamic calendar, epoch
  16 July 622 (Julian), leap years 2, 5, 7, 10, 13, 16, 18, 21, 24, 26, 29 of each
  30-year cycle: it can differ by a day or two from the sighted calendar, so Hijri
  dates get confidence 0.8;
- a relative expression with no publication date: ``date`` None, error
  "no publication date" (absolute dates with a year still resolve);
- a resolved date AFTER publication in a past-tense report: the date is kept and
  ``error`` says so (the extractor drops such events).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from marsad.dates.parse import DateExpr

__all__ = ["ResolvedDate", "resolve", "resolve_default", "hijri_to_gregorian"]


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    date: date | None
    time_precision: int | None  # 1 day, 2 week, 3 month
    background: bool = False
    aggregate: bool = False
    rule: str = ""
    confidence: float = 1.0
    error: str | None = None


def hijri_to_gregorian(year: int, month: int, day: int) -> date:
    """The Gregorian date of a tabular Islamic calendar date (see the module doc)."""
    if not 1 <= month <= 12 or not 1 <= day <= 30:
        raise ValueError(f"invalid Hijri date {year}-{month}-{day}")
    jdn = (
        day
        + (295 * (month - 1) + 9) // 10  # ceil(29.5 * (month - 1))
        + (year - 1) * 354
        + (3 + 11 * year) // 30
        + 1948440
        - 1
    )
    return date.fromordinal(jdn - 1721425)


_NO_PUB = "no publication date"
_WEEKDAY_NAMES = ("الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "السبت", "الاحد")
_PART_DAY = {"early": 5, "mid": 15, "late": 25, None: 15}
_PART_YEAR = {"early": (2, 15), "mid": (6, 15), "late": (11, 15), None: (6, 15)}


def _add_months(d: date, n: int, day: int | None = None) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    m += 1
    last = calendar.monthrange(y, m)[1]
    return date(y, m, min(day or d.day, last))


def _no_pub(expr: DateExpr) -> ResolvedDate:
    return ResolvedDate(None, None, rule=f"{expr.kind}: {expr.text} needs a publication date",
                        confidence=0.0, error=_NO_PUB)


def _first_day(expr: DateExpr, published: date | None, tense: str, what: str) -> tuple[date, str] | ResolvedDate:
    """The day of a dated expression (its first day for a range), the year taken from
    the publication date when not written; or the ResolvedDate saying why there is none."""
    year = expr.year
    how = "as written"
    if year is None:
        if published is None:
            return _no_pub(expr)
        year, how = _infer_year(expr.month, expr.day, published, tense, expr.qualifier == "last")
    try:
        return date(year, expr.month, expr.day), how  # type: ignore[arg-type]
    except ValueError:
        return ResolvedDate(None, None, rule=f"{what}: {expr.text}", confidence=0.0,
                            error=f"invalid date {year}-{expr.month}-{expr.day}")


def _finish(expr: DateExpr, published: date | None, tense: str, d: date | None, precision: int | None,
            rule: str, confidence: float, background: bool = False, aggregate: bool = False,
            error: str | None = None) -> ResolvedDate:
    if error is None and d is not None and published is not None and tense == "past" and d > published:
        error = f"resolved date {d.isoformat()} is after publication {published.isoformat()}"
    return ResolvedDate(d, precision, background, aggregate, rule, round(confidence, 3), error)


def _clamp(d: date, published: date | None, within: str = "month") -> tuple[date, bool]:
    """A mid-month/mid-year default date may not pass the publication date when it
    falls in the publication's month (``within="month"``) or year (``"year"``)."""
    if published is None or d <= published:
        return d, False
    if d.year == published.year and (within == "year" or d.month == published.month):
        return published, True
    return d, False


def _infer_year(month: int, day: int, published: date, tense: str, last: bool) -> tuple[int, str]:
    y = published.year
    try:
        cand = date(y, month, min(day, calendar.monthrange(y, month)[1]))
    except ValueError:
        return y, "year of publication"
    if (tense == "past" or last) and (cand > published or (last and (month, day) == (published.month, published.day))):
        return y - 1, "year before publication (the date would follow it)"
    return y, "year of publication"


def resolve(expr: DateExpr, published: date | None, *, tense: str = "past") -> ResolvedDate:
    """Resolve ``expr`` against the publication date (see the module doc for the rules)."""
    k = expr.kind
    if k == "absolute":
        return _absolute(expr, published, tense)
    if k == "month":
        return _month(expr, published, tense)
    if k == "year":
        return _year(expr, published, tense)
    if k == "range":
        return _range(expr, published, tense)
    if published is None:
        return _no_pub(expr)
    if k == "relative_day":
        return _relative_day(expr, published, tense)
    if k == "weekday":
        return _weekday(expr, published, tense)
    if k == "relative_period":
        if expr.pattern == "defper":
            return _definite_period(expr, published, tense)
        return _relative_period(expr, published, tense)
    if k == "vague":
        return _finish(expr, published, tense, published, 3,
                       f"vague-recent: {expr.text} → publication month", expr.confidence * 0.5,
                       aggregate=expr.qualifier == "since")
    raise ValueError(f"unknown date kind {k!r}")


def resolve_default(published: date | None, *, today_cue: bool) -> ResolvedDate:
    """The date of an event reported with no date expression: the publication date."""
    if published is None:
        return ResolvedDate(None, None, rule="default: no date expression and no publication date",
                            confidence=0.0, error=_NO_PUB)
    if today_cue:
        return ResolvedDate(published, 1, rule=f"default-today: today/breaking-news cue → {published.isoformat()}",
                            confidence=0.8)
    return ResolvedDate(published, 1,
                        rule=f"default-publication: no date expression → publication {published.isoformat()}",
                        confidence=0.5)


# --------------------------------------------------------------------------- by kind


def _absolute(expr: DateExpr, published: date | None, tense: str) -> ResolvedDate:
    assert expr.month is not None and expr.day is not None  # nosec B101  # narrowing: the parser sets it
    if expr.calendar == "hijri":
        if expr.year is None:
            return _no_pub(expr)
        try:
            d = hijri_to_gregorian(expr.year, expr.month, expr.day)
        except ValueError as exc:
            return ResolvedDate(None, None, rule=f"hijri: {expr.text}", confidence=0.0, error=str(exc))
        return _finish(expr, published, tense, d, 1,
                       f"hijri-tabular: {expr.day}/{expr.month}/{expr.year} AH → {d.isoformat()}", 0.8)
    day = _first_day(expr, published, tense, "absolute")
    if isinstance(day, ResolvedDate):
        return day
    d, how = day
    conf = expr.confidence
    rule = f"absolute: {expr.text} ({how}) → {d.isoformat()}"
    if expr.weekday is not None and d.weekday() != expr.weekday:
        conf *= 0.6
        rule += f"; weekday {_WEEKDAY_NAMES[expr.weekday]} does not match"
    return _finish(expr, published, tense, d, 1, rule, conf, aggregate=expr.qualifier in ("since", "during", "until"))


def _month(expr: DateExpr, published: date | None, tense: str) -> ResolvedDate:
    assert expr.month is not None  # nosec B101  # narrowing: the parser sets it
    day = _PART_DAY[expr.part_of_month]
    if expr.calendar == "hijri":
        if expr.year is None:
            return _no_pub(expr)
        d = hijri_to_gregorian(expr.year, expr.month, day)
        return _finish(expr, published, tense, d, 3, f"hijri-month: {expr.text} → {d.isoformat()}", 0.8)
    if expr.year is not None:
        year, how = expr.year, "year as written"
    elif published is None:
        return _no_pub(expr)
    elif expr.unit == "year" and expr.count is not None:  # "شهر مارس من العام الماضي"
        year, how = published.year + expr.count, "year relative to publication"
    elif expr.direction == "current":
        year, how = published.year, "current month"
    elif expr.qualifier == "last":
        year = published.year if expr.month < published.month else published.year - 1
        how = "most recent such month before publication"
    else:
        year = published.year
        how = "year of publication"
        if tense == "past" and expr.month > published.month:
            year -= 1
            how = "year before publication (the month would follow it)"
    d = date(year, expr.month, day)
    d, clamped = _clamp(d, published)
    rule = f"month: {expr.text} ({how}) → {'publication date' if clamped else f'day {day}'} {d.isoformat()}"
    return _finish(expr, published, tense, d, 3, rule, expr.confidence,
                   aggregate=expr.qualifier in ("since", "during", "until"))


def _year(expr: DateExpr, published: date | None, tense: str) -> ResolvedDate:
    assert expr.year is not None  # nosec B101  # narrowing: the parser sets it
    if expr.calendar == "hijri":
        d = hijri_to_gregorian(expr.year, 6, 15)
    else:
        m, dd = _PART_YEAR[expr.part_of_month]
        d = date(expr.year, m, dd)
    d, clamped = _clamp(d, published, "year")
    rule = f"year-only: {expr.text} → {d.isoformat()}" + (" (publication date)" if clamped else "")
    return _finish(expr, published, tense, d, 3, rule, expr.confidence, background=True,
                   aggregate=expr.qualifier in ("since", "during", "until"))


def _range(expr: DateExpr, published: date | None, tense: str) -> ResolvedDate:
    assert expr.year is not None or expr.month is not None  # nosec B101  # narrowing: the parser sets it
    if expr.unit == "year":
        d = date(expr.year, 6, 15)  # type: ignore[arg-type]
        return _finish(expr, published, tense, d, 3, f"year-range: {expr.text} → start year {d.isoformat()}",
                       expr.confidence, background=True, aggregate=True)
    assert expr.month is not None and expr.day is not None and expr.end_day is not None  # nosec B101  # narrowing: the parser sets it
    day = _first_day(expr, published, tense, "range")
    if isinstance(day, ResolvedDate):
        return day
    d, how = day
    precision = 2 if expr.end_day - expr.day <= 6 else 3
    return _finish(expr, published, tense, d, precision, f"day-range: {expr.text} ({how}) → first day {d.isoformat()}",
                   expr.confidence, aggregate=True)


def _relative_day(expr: DateExpr, published: date, tense: str) -> ResolvedDate:
    assert expr.offset_days is not None  # nosec B101  # narrowing: the parser sets it
    d = published + timedelta(days=expr.offset_days)
    conf = expr.confidence
    rule = f"relative-day: {expr.text} = publication {expr.offset_days:+d} day(s) → {d.isoformat()}"
    if expr.weekday is not None and d.weekday() != expr.weekday:
        conf *= 0.6
        rule += f"; weekday {_WEEKDAY_NAMES[expr.weekday]} does not match"
    return _finish(expr, published, tense, d, 1, rule, conf)


def _weekday(expr: DateExpr, published: date, tense: str) -> ResolvedDate:
    assert expr.weekday is not None  # nosec B101  # narrowing: the parser sets it
    wd = expr.weekday
    name = _WEEKDAY_NAMES[wd]
    if expr.direction == "past":
        delta = (published.weekday() - wd) % 7 or 7
        d = published - timedelta(days=delta)
        rule = f"weekday-last: {name} before {published.isoformat()} → {d.isoformat()}"
    elif expr.direction == "future" or tense == "future":
        delta = (wd - published.weekday()) % 7
        if expr.direction == "future":
            delta = delta or 7
        d = published + timedelta(days=delta)
        rule = f"weekday-next: {name} after {published.isoformat()} → {d.isoformat()}"
    else:
        delta = (published.weekday() - wd) % 7
        d = published - timedelta(days=delta)
        rule = f"weekday-recent: {name} on or before {published.isoformat()} → {d.isoformat()}"
    if expr.weekday2 is not None:
        rule += " (first night of the pair)"
    return _finish(expr, published, tense, d, 1, rule, expr.confidence)


def _relative_period(expr: DateExpr, published: date, tense: str) -> ResolvedDate:
    unit, n, q = expr.unit, expr.count, expr.qualifier
    sign = 1 if expr.direction == "future" else -1
    conf = expr.confidence
    background = aggregate = False
    if unit == "hour":
        return _finish(expr, published, tense, published, 1, f"hours: {expr.text} → publication day",
                       conf, aggregate=q == "during")
    if n is None:  # قبل أيام, منذ أيام, خلال الأيام الماضية, خلال السنوات الأخيرة
        if unit == "day":
            if q == "since":
                d, p, how = published, 2, "ongoing for days: publication date"
            elif q == "during":
                d, p, how, aggregate = published + timedelta(days=3 * sign), 2, "days around publication", True
            else:
                d, p, how = published + timedelta(days=4 * sign), 2, "a few days: 4 days"
        elif unit == "week":
            d, p, how = published + timedelta(days=14 * sign), 3, "a few weeks: 14 days"
            aggregate = q in ("since", "during")
        elif unit == "month":
            d, p, how = _add_months(published, 3 * sign), 3, "a few months: 3 months"
            aggregate = q in ("since", "during")
        else:
            m, dd = _PART_YEAR[None]
            d, p, how = date(published.year + 2 * sign, m, dd), 3, "a few years: 2 years"
            background = True
            aggregate = q in ("since", "during")
        return _finish(expr, published, tense, d, p, f"vague-period: {expr.text} ({how}) → {d.isoformat()}",
                       conf * 0.8, background, aggregate)
    if q == "during":
        # "خلال يومين": a period of n units up to (or from) publication
        aggregate = True
    elif q == "since" and unit in ("week", "month", "year") and n >= 2 or (q == "since" and unit == "year"):
        aggregate = True
    if unit == "day":
        d = published + timedelta(days=sign * n)
        p = 1 if n <= 7 else 2
    elif unit == "week":
        d = published + timedelta(days=7 * sign * n)
        p = 2
    elif unit == "month":
        d = _add_months(published, sign * n)
        p = 3
    else:
        try:
            d = published.replace(year=published.year + sign * n)
        except ValueError:  # 29 February
            d = published.replace(year=published.year + sign * n, day=28)
        p = 3
        background = True
    if q == "during":
        p = max(p, 2)
    rule = f"relative-period: {expr.text} = publication {sign * n:+d} {unit}(s) → {d.isoformat()}"
    return _finish(expr, published, tense, d, p, rule, conf, background, aggregate)


def _definite_period(expr: DateExpr, published: date, tense: str) -> ResolvedDate:
    unit, direction = expr.unit, expr.direction
    shift = {"past": -1, "current": 0, "future": 1}[direction or "current"]
    conf = expr.confidence
    if unit == "week":
        d = published + timedelta(days=7 * shift)
        return _finish(expr, published, tense, d, 2, f"week: {expr.text} → {d.isoformat()}", conf)
    if unit == "month":
        d = _add_months(published, shift, day=_PART_DAY[expr.part_of_month])
        d, clamped = _clamp(d, published)
        return _finish(expr, published, tense, d, 3, f"month: {expr.text} → {d.isoformat()}", conf)
    m, dd = _PART_YEAR[expr.part_of_month]
    d = date(published.year + shift, m, dd)
    d, clamped = _clamp(d, published, "year")
    return _finish(expr, published, tense, d, 3, f"year: {expr.text} → {d.isoformat()}", conf, background=True)
