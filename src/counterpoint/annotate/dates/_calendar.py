"""Calendar arithmetic for time expressions: every function returns an honest ``PartialDate``.

A value is computed only from what is known; when the publication date is too coarse for an
expression (a weekday in an item dated to the month only), the answer is unknown.
"""

from __future__ import annotations

from datetime import date, timedelta

from counterpoint.model import PartialDate

UNKNOWN = PartialDate()

#: season -> (first month, last month); winter runs from December to February.
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}


def pd(year: int, month: int | None = None, day: int | None = None) -> PartialDate:
    """A date read from the text (raises ``ValueError`` for 31 June and the like)."""
    return PartialDate(year, month, day, "document")


def full_date(year: int, month: int, day: int) -> PartialDate | None:
    """``pd`` for a complete date, ``None`` when no such day exists."""
    try:
        return pd(year, month, day)
    except ValueError:
        return None


def of_day(value: date) -> PartialDate:
    return pd(value.year, value.month, value.day)


def cover(first: date, last: date) -> PartialDate:
    """The finest calendar unit that holds every day from ``first`` to ``last``."""
    if first == last:
        return of_day(first)
    if (first.year, first.month) == (last.year, last.month):
        return pd(first.year, first.month)
    if first.year == last.year:
        return pd(first.year)
    return UNKNOWN


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    k = year * 12 + month - 1 + delta
    return k // 12, k % 12 + 1


def _pick(candidates: list[tuple[int, int]], future: bool) -> int | None:
    """The year of the nearest (gap, year) candidate, a tie to the past; when ``future``, the nearest not before."""
    if future:
        candidates = [c for c in candidates if c[0] >= 0] or candidates
    best = min(candidates, key=lambda c: (abs(c[0]), c[0] > 0), default=None)
    return None if best is None else best[1]


def nearest_month_day(month: int, day: int, pub_day: date | None, pub_month: tuple[int, int] | None,
                      future: bool = False) -> PartialDate | None:
    """A month and day without a year: the year that puts it nearest the publication date.

    A tie goes to the past; when the clause is in the future, the nearest on or after publication.
    With only the published month known, months are compared. ``None`` when the day never exists
    in that month (31 June); unknown without a published month.
    """
    try:
        date(2000, month, day)  # 2000 is a leap year: is this day ever valid?
    except ValueError:
        return None
    candidates: list[tuple[int, int]] = []  # (gap, year): days when the day is known, else months
    if pub_day is not None:
        for year in (pub_day.year - 1, pub_day.year, pub_day.year + 1):
            if full_date(year, month, day) is not None:
                candidates.append(((date(year, month, day) - pub_day).days, year))
    elif pub_month is not None:
        for year in (pub_month[0] - 1, pub_month[0], pub_month[0] + 1):
            if full_date(year, month, day) is not None:
                candidates.append(((year * 12 + month) - (pub_month[0] * 12 + pub_month[1]), year))
    picked = _pick(candidates, future)
    return UNKNOWN if picked is None else pd(picked, month, day)


def nearest_day_of_month(day: int, pub_day: date | None, future: bool = False) -> PartialDate:
    """``the 9th``: that day of the published month, the month before or the month after, whichever
    is nearest (a tie to the past; when ``future``, the nearest on or after publication)."""
    if pub_day is None:
        return UNKNOWN
    candidates: list[tuple[int, date]] = []
    for delta in (-1, 0, 1):
        year, month = add_months(pub_day.year, pub_day.month, delta)
        if full_date(year, month, day) is not None:
            candidates.append(((date(year, month, day) - pub_day).days, date(year, month, day)))
    if future:
        candidates = [c for c in candidates if c[0] >= 0] or candidates
    best = min(candidates, key=lambda c: (abs(c[0]), c[0] > 0), default=None)
    return UNKNOWN if best is None else of_day(best[1])


def month_alone(month: int, rel: str, future: bool, pub_month: tuple[int, int] | None,
                pub_year: int | None) -> PartialDate:
    """``in June`` (rel ""), ``last June``, ``this June``, ``next June`` against the published month."""
    if rel == "this":
        return UNKNOWN if pub_year is None else pd(pub_year, month)
    if pub_month is None:
        return UNKNOWN
    year, current = pub_month
    if rel in ("last", "past"):
        return pd(year if month < current else year - 1, month)
    if rel in ("next", "coming"):
        return pd(year if month > current else year + 1, month)
    if month == current:
        return pd(year, month)
    if future:
        return pd(year if month > current else year + 1, month)
    return pd(year if month < current else year - 1, month)


def season(name: str, rel: str, pub_month: tuple[int, int] | None, pub_year: int | None) -> PartialDate:
    """``last summer`` and the like: the year of that season; any winter is unknown (two years)."""
    first, last = SEASONS[name]
    if first > last:
        return UNKNOWN
    if rel in ("this", "current"):
        return UNKNOWN if pub_year is None else pd(pub_year)
    if pub_month is None:
        return UNKNOWN
    year, current = pub_month
    if rel in ("last", "past"):
        return pd(year if last < current else year - 1)
    return pd(year if first > current else year + 1)


def period(rel: str, unit: str, pub: PartialDate, pub_day: date | None) -> PartialDate:
    """``rel`` (last, this, current, next, past, coming) + one calendar unit, against ``pub``.

    last/this/next are calendar units (weeks run Monday to Sunday); past/coming are the rolling
    period that ends or starts on the publication day.
    """
    shift = {"last": -1, "next": 1}.get(rel, 0)
    calendar = rel in ("last", "this", "current", "next")
    if unit == "year" and calendar and pub.year is not None:
        return pd(pub.year + shift)
    if unit == "month" and calendar and pub.year is not None and pub.month is not None:
        return pd(*add_months(pub.year, pub.month, shift))
    if pub_day is None or unit not in ("week", "weekend", "month", "year"):
        return UNKNOWN
    if not calendar:
        length = {"week": 7, "weekend": 2, "month": 30, "year": 365}[unit] - 1
        if rel == "past":
            return cover(pub_day - timedelta(days=length), pub_day)
        return cover(pub_day, pub_day + timedelta(days=length))
    monday = pub_day - timedelta(days=pub_day.weekday()) + timedelta(weeks=shift)
    if unit == "weekend":
        return cover(monday + timedelta(days=5), monday + timedelta(days=6))
    return cover(monday, monday + timedelta(days=6))


def rolling(rel: str, days: int, pub_day: date | None) -> PartialDate:
    """``the past two weeks`` (rel past/last) or ``the next ten days`` (next/coming)."""
    if pub_day is None:
        return UNKNOWN
    if rel in ("past", "last"):
        return cover(pub_day - timedelta(days=days), pub_day)
    return cover(pub_day, pub_day + timedelta(days=days))


def ago(n: int, unit: str, pub: PartialDate, pub_day: date | None) -> PartialDate:
    """``N days/weeks/months/years ago``; a week gives the unit holding that Monday-to-Sunday week."""
    if unit == "year" and pub.year is not None:
        return pd(pub.year - n)
    if unit == "month" and pub.year is not None and pub.month is not None:
        return pd(*add_months(pub.year, pub.month, -n))
    if pub_day is None or unit not in ("day", "week"):
        return UNKNOWN
    if unit == "day":
        return of_day(pub_day - timedelta(days=n))
    then = pub_day - timedelta(weeks=n)
    monday = then - timedelta(days=then.weekday())
    return cover(monday, monday + timedelta(days=6))


def weekday(target: int, rel: str, future: bool, pub_day: date | None) -> PartialDate:
    """A weekday (0 = Monday) against the publication day.

    Plain: the most recent such day on or before publication (the first on or after it when the
    clause is in the future); last/past: strictly before; next/coming: strictly after; this: in the
    week of publication.
    """
    if pub_day is None:
        return UNKNOWN
    back = (pub_day.weekday() - target) % 7
    ahead = (target - pub_day.weekday()) % 7
    if rel in ("last", "past"):
        return of_day(pub_day - timedelta(days=back or 7))
    if rel in ("next", "coming"):
        return of_day(pub_day + timedelta(days=ahead or 7))
    if rel == "this":
        return of_day(pub_day + timedelta(days=target - pub_day.weekday()))
    return of_day(pub_day + timedelta(days=ahead) if future else pub_day - timedelta(days=back))
