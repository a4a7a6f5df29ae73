"""Chart geometry for SVG drawn on the server: numbers only, so the templates draw shapes from numbers and
escape every label. No chart library, nothing fetched: charts work offline and inside the report file.

Time charts draw the data's real range: dates outside a plausible range (before 1900, or after today plus a
day; a store written before dates were checked at ingest may hold 9999-12-31) are not drawn, and when the
rest spans more than the chart can show (``MAX_MONTHS``), the span that holds the most items is drawn.
What is left out is counted (``Chart.outside``) and the chart says so, so one bad date never hides the
real months and no item leaves the chart silently.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

_MONTH = re.compile(r"(\d{4})-(\d{2})")
#: The earliest date a chart draws; later than today plus ``LEEWAY`` is not drawn either.
EARLIEST = date(1900, 1, 1)
LEEWAY = timedelta(days=1)
#: The most months a time chart spans (20 years): past it, the span holding the most items is drawn.
MAX_MONTHS = 240


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int | float
    href: str | None = None
    selected: bool = False


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True, slots=True)
class Dot:
    x: float
    y: float
    r: float
    label: str
    href: str | None
    css: str = ""


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    dots: list[Dot] = field(default_factory=list)
    baseline: float = 0.0
    maximum: float = 0.0
    #: How many items (the counts of the months left out) the chart does not draw, and the range it draws.
    outside: int = 0
    shown: str = ""


def _month_index(month: str) -> int | None:
    m = _MONTH.fullmatch(month)
    if not m:
        return None
    year, mon = int(m.group(1)), int(m.group(2))
    if not 1 <= mon <= 12:
        return None
    return year * 12 + mon - 1


def _month_name(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def latest_plausible(today: date | None = None) -> date:
    """The latest date a chart draws: today (``today``, for a report of a given day) plus ``LEEWAY``."""
    return (today or date.today()) + LEEWAY


def real_months(counts: Mapping[int, int], *, max_months: int = MAX_MONTHS,
                today: date | None = None) -> tuple[int, int] | None:
    """The first and last month (indices, year * 12 + month - 1) a chart of ``counts`` draws: months from 1900
    to ``latest_plausible(today)`` only, and of those the span of at most ``max_months`` months that holds the
    most items (the latest such span on a tie). ``None`` when no month is plausible."""
    lo = EARLIEST.year * 12 + EARLIEST.month - 1
    end = latest_plausible(today)
    hi = end.year * 12 + end.month - 1
    months = sorted(i for i, n in counts.items() if lo <= i <= hi and n > 0)
    if not months:
        return None
    best: tuple[int, int, int] | None = None  # (items, first, last)
    held, start = 0, 0
    for index in months:
        held += counts[index]
        while index - months[start] >= max_months:
            held -= counts[months[start]]
            start += 1
        if best is None or held >= best[0]:
            best = (held, months[start], index)
    assert best is not None
    return best[1], best[2]


def month_bars(counts: Sequence[tuple[str, int]], *, width: int = 960, height: int = 120,
               href: Callable[[str], str | None] | None = None,
               selected: Callable[[str], bool] | None = None, max_months: int = MAX_MONTHS,
               today: date | None = None) -> Chart:
    """One bar per month from the first month to the last of the data's real range (``real_months``: empty
    months included, at most ``max_months``), its height the count; ``href(month)`` links a bar,
    ``selected(month)`` highlights it. ``Chart.outside`` counts the items of the months not drawn."""
    known: dict[int, int] = {}
    outside = 0
    for month, n in counts:
        i = _month_index(month)
        if i is None:
            outside += n
        else:
            known[i] = known.get(i, 0) + n
    drawn = real_months(known, max_months=max_months, today=today)
    if drawn is None:
        return Chart(width, height, outside=outside + sum(known.values()))
    first, last = drawn
    outside += sum(n for i, n in known.items() if not first <= i <= last)
    span = last - first + 1
    top, bottom = 8.0, 22.0
    plot = height - top - bottom
    step = width / span
    biggest = max(known.get(i, 0) for i in range(first, last + 1)) or 1
    bars: list[Bar] = []
    ticks: list[Tick] = []
    for k, index in enumerate(range(first, last + 1)):
        n = known.get(index, 0)
        name = _month_name(index)
        h = plot * n / biggest if n else 0.0
        bars.append(Bar(x=round(k * step + 0.5, 2), y=round(top + plot - h, 2), width=round(max(step - 1, 1), 2),
                        height=round(h, 2), label=f"{name}: {n}", value=n, href=href(name) if href and n else None,
                        selected=bool(selected and selected(name))))
        if span <= 24 or index % 12 == 0:
            ticks.append(Tick(x=round(k * step + 0.5, 2), label=name if span <= 24 else name[:4]))
    return Chart(width, height, bars=bars, ticks=_thin(ticks, width), baseline=top + plot, maximum=biggest,
                 outside=outside, shown=_shown(first, last))


def _shown(first: int, last: int) -> str:
    return _month_name(first) if first == last else f"{_month_name(first)} to {_month_name(last)}"


def _thin(ticks: list[Tick], width: int, min_gap: float = 56.0) -> list[Tick]:
    out: list[Tick] = []
    for t in ticks:
        if not out or t.x - out[-1].x >= min_gap:
            out.append(t)
    return out


def _day(value: str | None) -> date | None:
    if not value:
        return None
    m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return None


def story_dots(stories: Sequence[Mapping[str, object]], *, width: int = 960, height: int = 160,
               href: Callable[[str], str | None] | None = None, max_months: int = MAX_MONTHS,
               today: date | None = None) -> Chart:
    """Stories as dots on a time axis (first report), higher and larger the more sources told them; the axis
    spans the data's real range (``real_months``; days after ``latest_plausible(today)`` are not drawn either),
    ``Chart.outside`` counts the dated stories not drawn."""
    all_dated = [(d, s) for s in stories if (d := _day(str(s.get("first_reported") or ""))) is not None]
    latest = latest_plausible(today)
    per_month: dict[int, int] = {}
    for d, _ in all_dated:
        if EARLIEST <= d <= latest:
            per_month[d.year * 12 + d.month - 1] = per_month.get(d.year * 12 + d.month - 1, 0) + 1
    drawn = real_months(per_month, max_months=max_months, today=today)
    dated = [(d, s) for d, s in all_dated if EARLIEST <= d <= latest and drawn is not None
             and drawn[0] <= d.year * 12 + d.month - 1 <= drawn[1]]
    outside = len(all_dated) - len(dated)
    if not dated or drawn is None:
        return Chart(width, height, outside=outside)
    lo = min(d for d, _ in dated).toordinal()
    hi = max(d for d, _ in dated).toordinal()
    left, right, top, bottom = 16.0, 16.0, 12.0, 24.0
    span = max(hi - lo, 1)
    most = max(int(str(s.get("source_count") or 1)) for _, s in dated) or 1
    dots: list[Dot] = []
    for d, s in dated:
        sources = int(str(s.get("source_count") or 1))
        x = left + (width - left - right) * (d.toordinal() - lo) / span if hi > lo else width / 2
        y = top + (height - top - bottom) * (1 - math.log1p(sources - 1) / math.log1p(max(most - 1, 1)))
        if most <= 1:
            y = top + (height - top - bottom) / 2
        story_id = str(s.get("id"))
        title = str(s.get("title") or "(no headline)")
        dots.append(Dot(x=round(x, 2), y=round(y, 2), r=round(3 + min(sources, 12) * 0.6, 2),
                        label=f"{s.get('first_reported')} · {sources} source{'s' if sources != 1 else ''} · {title}",
                        href=href(story_id) if href else None, css="multi" if sources >= 2 else ""))
    ticks = []
    first, last = date.fromordinal(lo), date.fromordinal(hi)
    months = (last.year - first.year) * 12 + last.month - first.month
    step = max(1, months // 8 + (1 if months % 8 else 0))
    index = first.year * 12 + first.month - 1
    while index <= last.year * 12 + last.month - 1:
        d = date(index // 12, index % 12 + 1, 1)
        if d >= first or months == 0:
            x = left + (width - left - right) * (d.toordinal() - lo) / span if hi > lo else width / 2
            ticks.append(Tick(x=round(x, 2), label=_month_name(index)))
        index += step
    return Chart(width, height, dots=dots, ticks=_thin(ticks, width, 70.0), baseline=height - bottom,
                 outside=outside, shown=_shown(*drawn))


def hbars(values: Sequence[tuple[str, float]], *, width: int = 420, row: int = 18) -> Chart:
    """Horizontal bars (a technique profile): one row per value, longest first as given."""
    biggest = max((v for _, v in values), default=0.0) or 1.0
    label_w = 0.0
    bars = [Bar(x=label_w, y=k * row, width=round((width - 60) * v / biggest, 2), height=row - 4, label=name,
                value=round(v, 2)) for k, (name, v) in enumerate(values)]
    return Chart(width, max(row * len(values), row), bars=bars, maximum=biggest)
