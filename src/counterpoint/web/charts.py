"""Chart geometry for SVG drawn on the server: numbers only, so the templates draw shapes from numbers and
escape every label. No chart library, nothing fetched: charts work offline and inside the report file.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

_MONTH = re.compile(r"(\d{4})-(\d{2})")


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


def month_bars(counts: Sequence[tuple[str, int]], *, width: int = 960, height: int = 120,
               href: Callable[[str], str | None] | None = None,
               selected: Callable[[str], bool] | None = None, max_months: int = 240) -> Chart:
    """One bar per month from the first month to the last (empty months included, at most ``max_months``, the
    latest kept), its height the count; ``href(month)`` links a bar, ``selected(month)`` highlights it."""
    known = {i: n for i, n in ((_month_index(m), n) for m, n in counts) if i is not None}
    if not known:
        return Chart(width, height)
    last = max(known)
    first = max(min(known), last - max_months + 1)
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
    return Chart(width, height, bars=bars, ticks=_thin(ticks, width), baseline=top + plot, maximum=biggest)


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
               href: Callable[[str], str | None] | None = None) -> Chart:
    """Stories as dots on a time axis (first report), higher and larger the more sources told them."""
    dated = [(d, s) for s in stories if (d := _day(str(s.get("first_reported") or ""))) is not None]
    if not dated:
        return Chart(width, height)
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
    return Chart(width, height, dots=dots, ticks=_thin(ticks, width, 70.0), baseline=height - bottom)


def hbars(values: Sequence[tuple[str, float]], *, width: int = 420, row: int = 18) -> Chart:
    """Horizontal bars (a technique profile): one row per value, longest first as given."""
    biggest = max((v for _, v in values), default=0.0) or 1.0
    label_w = 0.0
    bars = [Bar(x=label_w, y=k * row, width=round((width - 60) * v / biggest, 2), height=row - 4, label=name,
                value=round(v, 2)) for k, (name, v) in enumerate(values)]
    return Chart(width, max(row * len(values), row), bars=bars, maximum=biggest)
