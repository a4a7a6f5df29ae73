"""The publication date a page prints in its text: date lines, stamps and datelines.

Pages saved as plain text carry their date in a few recurring shapes, all near the top:

* **labelled date lines**: ``Published: Jul 17, 2023 12:07 pm``, ``Updated on: August 24, 2023``,
  ``Posted on 3 May 2024``, ``Date: 14/09/2023 | Source: ...``, ``Date 10/14/2024``;
* **stamps**: a line that is only a date, maybe with a time, a weekday, a byline or a site name
  beside it (``2023-05-31 04:20:25``, ``16 February 2024 08:00 (UTC+04:00)``,
  ``May 31, 2023, 1:51 AM``, ``17.07.2023, 9:17 – Site Name``);
* **datelines** at the start of the lead: ``Seoul, Feb 15 (EFE) -``, ``MOSCOW, July 17. /TASS/.``,
  ``Sept 12 (Reuters) -``, ``18th June 2024 – (Pyongyang)``. A dateline without a year takes its
  year only from a date the page is already known by (a crawler header, a stamp); alone it gives
  no date. A dateline without a date (``MANILA, Philippines –``) gives a place, not a date.

What is never a publication date:

* a site header showing today's date: a line marked ``Today``, ``... 2024 year``, a weather
  widget beside it, or a bare date (no label, no clock time) above the headline, where sites
  print the day the page was seen (the crawl day), not the day the article appeared;
* a date in a photo caption or in running text (a sentence is no date line);
* an impossible date (31 February: ``refused``) and, when a plausible candidate exists, a date
  after the run's date plus a day (a page dated 2099 is returned so that the caller refuses it
  with a warning, see ``counterpoint.read.finish``).

When candidates disagree the one nearest the lead wins (a labelled ``Updated`` date only when
nothing else is there) and ``note`` says which were passed over. Guarantees: regular
expressions over the first ``HEAD_LINES`` lines and ``HEAD_CHARS`` characters only (linear, no
date parser, a few microseconds for an article), pure and deterministic; offsets are into the
text given; nothing is completed (a month-year date stays a month).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from counterpoint.model import DateOrigin, PartialDate
from counterpoint.segment.dates import MONTH_PATTERN, MONTHS, SlashOrder, slash_order
from counterpoint.segment.lines import (
    Line,
    ends_sentence,
    ends_terminal,
    has_letters,
    is_photo_caption,
    split_lines,
    title_case_ratio,
)

#: Only this many lines and characters at the top of a text are searched.
HEAD_LINES = 30
HEAD_CHARS = 4_000
#: A date line has at most this many words beside its dates, times and labels (a byline, a site).
MAX_RESIDUE_WORDS = 6

CandidateKind = Literal["labelled", "updated", "stamp", "dateline", "page-header"]

_RU_MONTHS = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6,
    "июл": 7, "август": 8, "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
}  # fmt: skip
_RU_MONTH = r"(?:января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)"
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
_ORD = r"(?:st|nd|rd|th)?"
#: A full date (day, month and year, or month and year) in any of the forms pages print.
_FULL = re.compile(
    rf"(?i)(?<![\d./:-])(?:{_WEEKDAY},?\s*)?(?:"
    r"(?P<dd>\d{1,2})\.(?P<dm>\d{1,2})\.(?P<dy>\d{4})"
    r"|(?P<na>\d{1,2})(?P<ns>[/-])(?P<nb>\d{1,2})(?P=ns)(?P<ny>\d{4})"
    r"|(?P<iy>\d{4})(?P<is>[-/.])(?P<im>\d{1,2})(?P=is)(?P<id>\d{1,2})"
    rf"|(?P<ld>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<lm>{MONTH_PATTERN})\b\.?,?\s+(?P<ly>\d{{4}})"
    rf"|(?P<mm>{MONTH_PATTERN})\b\.?\s+(?P<md>\d{{1,2}}){_ORD},?\s+(?P<my>\d{{4}})"
    rf"|(?P<rd>\d{{1,2}})\s+(?P<rm>{_RU_MONTH})\s+(?P<ry>\d{{4}})"
    rf"|(?P<om>{MONTH_PATTERN})\b\.?,?\s+(?P<oy>\d{{4}})"
    r")(?![\d])"
)
_TIME = re.compile(
    r"(?i)(?<![\d.])(?:T|,\s*|\s+)?\d{1,2}[:.]\d{2}(?::\d{2}(?:\.\d+)?)?"
    r"(?:\s*[ap]\.?m\.?\b)?(?:\s*(?:Z|[+-]\d{2}:?\d{2}|\(?UTC[+-]?\d{0,2}:?\d{0,2}\)?|GMT[+-]?\d{0,4}|[A-Z]{2,4}T|IST|KST|MSK))?"
)
_UNIX = re.compile(r"\d{9,10}|\d{12,13}")
_CLOCK_ONLY = re.compile(r"(?i)\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?")
_LABEL = re.compile(
    r"(?i)(?:first\s+|last\s+|originally\s+)?"
    r"(?P<label>published|updated|posted|modified|date|dated|опубликовано|обновлено)"
    r"(?:\s+(?:on|at))?\s*[:\-–—]?\s*$"
)
#: A label counts only near the start of its field (at most this many words before it).
_LABEL_LEAD_WORDS = 3
_TODAY = re.compile(r"(?i)\b(?:today|сегодня|heute|aujourd'hui|hoy)\b|\d{4}\s+(?:year|г\.|года?)(?!\w)|°")
_FIELD_SPLIT = re.compile(r"\s*[|•·]\s*|\s+>>\s+")
_RESIDUE_WORD = re.compile(r"[^\W\d_][\w'’.&-]*|\d+")
_FILLER = re.compile(r"(?i)^(?:on|at|by|of|the|am|pm|utc|gmt|ist|kst|msk|year|г|года?)$")
#: A dateline: place (optional, with a region), date, optional agency, then a dash or colon.
_PLACE = r"[A-Z][\w.'’-]*(?:[ /]+[A-Z/][\w.'’/-]*){0,4}(?:,\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})?"
_DATELINE = re.compile(
    rf"(?:(?P<place>{_PLACE}),\s*)?"
    rf"(?P<date>(?P<m>(?i:{MONTH_PATTERN}))\b\.?\s+(?P<d>\d{{1,2}}){_ORD}(?:,?\s+(?P<y>\d{{4}}))?"
    rf"|(?P<d2>\d{{1,2}}){_ORD}\s+(?P<m2>(?i:{MONTH_PATTERN}))\b\.?(?:,?\s+(?P<y2>\d{{4}}))?)\.?"
    r"\s*(?:\((?P<agency>[^()\n]{1,30})\)\s*(?:--|[-–—:])|/(?P<agency2>[^/\n]{1,20})/\.?|(?:--|[-–—:]))"
    r"\s*(?:\((?P<place2>[^()\n]{1,30})\))?"
)
_PLACE_ONLY = re.compile(rf"(?P<place>{_PLACE})\s*(?:\([^()\n]{{1,30}}\)\s*)?(?:--|[-–—])\s")
_WEATHER = re.compile(r"°|^\s*-?\d{1,2}(?:[.,]\d)?\s?°?\s?[CF]\s*$")


@dataclass(frozen=True, slots=True)
class DateCandidate:
    """A date printed near the top of a page. ``text`` is the printed date, ``start``/``end``
    its offsets in the page text, ``line`` the index of its line among the non-blank lines."""

    date: PartialDate
    text: str
    start: int
    end: int
    line: int
    kind: CandidateKind


@dataclass(frozen=True, slots=True)
class PageDates:
    """What the top of a page says about its date.

    ``published`` is the date chosen (unknown when none), its origin ``"date-line"`` or
    ``"dateline"``; ``chosen`` the candidate it came from. ``ignored`` are dates that are not the
    page's (a site header's today), ``refused`` printed dates that are no calendar dates (with
    why), ``dateline`` the dateline at the start of the lead as printed (a place, maybe a date),
    ``note`` a sentence saying which candidates disagreed with the one chosen.
    """

    published: PartialDate
    chosen: DateCandidate | None = None
    candidates: tuple[DateCandidate, ...] = ()
    ignored: tuple[DateCandidate, ...] = ()
    refused: tuple[tuple[str, str], ...] = ()
    dateline: str | None = None
    note: str | None = None


def _value(m: re.Match[str], order: SlashOrder) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) as printed, unchecked; ``None`` for a year outside 1000..9999."""
    g = m.group
    if g("dd"):
        y, mo, d = int(g("dy")), int(g("dm")), int(g("dd"))
    elif g("na"):
        a, b = int(g("na")), int(g("nb"))
        d, mo = (a, b) if order == "day-first" else (b, a)
        y = int(g("ny"))
    elif g("iy"):
        y, mo, d = int(g("iy")), int(g("im")), int(g("id"))
    elif g("ld"):
        y, mo, d = int(g("ly")), MONTHS[g("lm")[:3].lower()], int(g("ld"))
    elif g("mm"):
        y, mo, d = int(g("my")), MONTHS[g("mm")[:3].lower()], int(g("md"))
    elif g("rd"):
        stem = g("rm").lower()
        mo = next(v for k, v in _RU_MONTHS.items() if stem.startswith(k) and len(stem) - len(k) <= 2)
        y, d = int(g("ry")), int(g("rd"))
    else:
        return int(g("oy")), MONTHS[g("om")[:3].lower()], None
    return y, mo, d


def _make(value: tuple[int, int | None, int | None], origin: DateOrigin) -> PartialDate | None:
    y, mo, d = value
    try:
        return PartialDate(y, mo, d, origin)
    except ValueError:
        return None


def _residue_words(s: str) -> list[str]:
    out = []
    for w in _RESIDUE_WORD.findall(s):
        if not _FILLER.match(w):
            out.append(w)
    return out


def is_date_line(s: str) -> bool:
    """True when ``s`` is only a date, a time, a timestamp or a Unix time (with a weekday, a label
    such as ``Published:`` or ``Today:``, a time zone or separators beside it), so it can never be
    a headline or a story title: ``2023-05-31 04:20:25``, ``Today: Wednesday, 24 April 2024
    year``, ``1685509057``, ``12:07 pm``."""
    t = s.strip()
    if not t or len(t) > 120:
        return False
    if _UNIX.fullmatch(t) or _CLOCK_ONLY.fullmatch(t):
        return True
    rest, found = _FULL.subn(" ", t)
    if not found:
        return False
    rest = _TIME.sub(" ", rest)
    rest = re.sub(rf"(?i)\b{_WEEKDAY}|\btoday\b|\bсегодня\b", " ", rest)
    rest = re.sub(r"(?i)\b(?:first|last|originally)?\s*(?:published|updated|posted|modified|date|dated)\b", " ", rest)
    return not _residue_words(rest)


def _fields(line: Line) -> list[tuple[int, str]]:
    """The ``|``-separated fields of a line as (offset in the page, text)."""
    out: list[tuple[int, str]] = []
    pos = 0
    for m in _FIELD_SPLIT.finditer(line.text):
        out.append((line.start + pos, line.text[pos : m.start()]))
        pos = m.end()
    out.append((line.start + pos, line.text[pos:]))
    return [(a, t) for a, t in out if t.strip()]


def _line_dates(
    line: Line, order: SlashOrder
) -> list[tuple[re.Match[str], int, CandidateKind | None, bool]]:
    """The dates of a date line: (match, field offset, label kind or None, has clock time)."""
    if len(line.text) > 200:
        return []
    out: list[tuple[re.Match[str], int, CandidateKind | None, bool]] = []
    for offset, field in _fields(line):
        if len(field) > 160:
            continue
        matches = list(_FULL.finditer(field))
        if not matches:
            continue
        rest = _TIME.sub(" ", _FULL.sub(" ", field))
        clock = _TIME.search(_FULL.sub(" ", field)) is not None
        for m in matches:
            before = field[: m.start()]
            label = _LABEL.search(before[-40:])
            if label is not None and len(before[: len(before) - len(label.group(0))].split()) > _LABEL_LEAD_WORDS:
                label = None  # "... released on Oct. 8, 2022 shows ...": a sentence, not a label
            kind: CandidateKind | None = None
            if label is not None:
                kind = "updated" if label.group("label").lower() in ("updated", "modified", "обновлено") else "labelled"
            elif len(_residue_words(rest)) > MAX_RESIDUE_WORDS or (ends_terminal(field) and field.rstrip()[-1:] != "."):
                continue
            elif len(_residue_words(rest)) > 2 and field.rstrip().endswith(".") and len(field) > 60:
                continue  # a short sentence that mentions a date
            elif not clock and len(_residue_words(rest)) >= 3 and title_case_ratio(rest) >= 0.6:
                continue  # a dated headline ("Talks Resume In Seoul (7.10.2025)"): segmentation's
            out.append((m, offset, kind, clock))
    return out


_CREDIT = re.compile(r"(?i)(?:sources?|via|credits?|by|from|photos?|image)\b\s*[:\-–—]?")


def _titleish(s: str) -> bool:
    """A line that can be a headline (so a bare date above it is a site header's)."""
    n = len(s.split())
    return (3 <= n <= 30 and len(s) <= 200 and has_letters(s) and not ends_terminal(s) and not is_date_line(s)
            and not _CREDIT.match(s))


def _running(lines: list[Line]) -> list[int]:
    """The first two lines of running text (a sentence of eight words or more, or a long line not
    in title case: a long headline is no lead; not a caption). The first may be a standfirst
    under the headline, so the page's stamp and the lead's dateline are looked for up to the
    second."""
    out: list[int] = []
    for i, line in enumerate(lines):
        t = line.text
        running = (ends_sentence(t) and len(t.split()) >= 8) or (len(t) > 200 and title_case_ratio(t) < 0.6)
        if running and not is_photo_caption(t) and not is_date_line(t):
            out.append(i)
            if len(out) == 2:
                break
    return out or [len(lines) - 1]


def _dateline(lead: Line, known: PartialDate, today: date) -> tuple[DateCandidate | None, str | None, str | None]:
    """(candidate, dateline as printed, refused date) read from the start of the lead."""
    text = lead.text
    m = _DATELINE.match(text)
    if m is None or not any(m.group(k) for k in ("place", "agency", "agency2", "place2")):
        p = _PLACE_ONLY.match(text)
        return None, (p.group(0).strip() if p else None), None
    printed = m.group(0).strip()
    month = MONTHS[(m.group("m") or m.group("m2"))[:3].lower()]
    day = int(m.group("d") or m.group("d2"))
    year_text = m.group("y") or m.group("y2")
    a, b = m.span("date")
    if year_text:
        found = _make((int(year_text), month, day), "dateline")
        if found is None:
            return None, printed, m.group("date")
        cand = DateCandidate(found, m.group("date"), lead.start + a, lead.start + b, lead.index, "dateline")
        return cand, printed, None
    if known.year is None:
        return None, printed, None
    # the year that puts the month and day nearest the known date (a dateline is written on the day)
    best: PartialDate | None = None
    best_gap = 10**6
    ref = date(known.year, known.month or 6, known.day or 15)
    for y in (known.year - 1, known.year, known.year + 1):
        try:
            d = date(y, month, day)
        except ValueError:
            continue
        gap = abs((d - ref).days)
        if gap < best_gap:
            best, best_gap = PartialDate(y, month, day, "dateline"), gap
    if best is None:
        return None, printed, m.group("date")
    limit = 40 if known.month is not None and known.day is None else 200
    if best_gap > limit or (known.month is not None and known.day is None and best.month != known.month):
        return None, printed, None
    return DateCandidate(best, m.group("date"), lead.start + a, lead.start + b, lead.index, "dateline"), printed, None


def read_page_dates(
    text: str,
    *,
    known: PartialDate | None = None,
    today: date | None = None,
    order: SlashOrder | None = None,
) -> PageDates:
    """The publication date the top of ``text`` prints (see the module docstring).

    ``known`` is a date the page already has from elsewhere (a crawler header): it gives a
    yearless dateline its year and is never replaced here (the caller decides). ``today`` is
    the run's date (default: the clock's). ``order`` reads numeric dates (default: the page's,
    ``slash_order``)."""
    today = today or date.today()
    known = known or PartialDate()
    head = text[:HEAD_CHARS]
    lines = split_lines(head)[:HEAD_LINES]
    if not lines:
        return PageDates(PartialDate())
    order = order or slash_order(head)
    running = _running(lines)
    lead = running[-1]
    candidates: list[DateCandidate] = []
    ignored: list[DateCandidate] = []
    refused: list[tuple[str, str]] = []
    for i, line in enumerate(lines[:lead]):
        if is_photo_caption(line.text):
            continue
        for m, offset, kind, clock in _line_dates(line, order):
            value = _value(m, order)
            printed = m.group(0).strip()
            start = offset + m.start()
            if value is None:
                continue
            found = _make(value, "date-line")
            if found is None:
                refused.append((printed, "no calendar date"))
                continue
            cand = DateCandidate(found, printed, start, start + len(m.group(0)), i, kind or "stamp")
            weather = any(_WEATHER.search(x.text) for x in lines[max(0, i - 2) : i])
            if _TODAY.search(line.text) or (kind is None and weather):
                ignored.append(DateCandidate(found, printed, cand.start, cand.end, i, "page-header"))
                continue
            # a bare date at the top, above the headline, is the site's today (the crawl day), not
            # the article's; under a headline it is the article's
            above_headline = any(_titleish(lines[j].text) and not is_photo_caption(lines[j].text)
                                 for j in range(i + 1, lead))
            under_headline = any(_titleish(lines[j].text) for j in range(i))
            if kind is None and not clock and above_headline and not under_headline:
                ignored.append(DateCandidate(found, printed, cand.start, cand.end, i, "page-header"))
                continue
            candidates.append(cand)
    dl_known = known if known.known else next((c.date for c in reversed(candidates) if c.kind != "updated"), known)
    dated_line: DateCandidate | None = None
    dateline_text = bad = None
    for r in running:
        dated_line, dateline_text, bad = _dateline(lines[r], dl_known, today)
        if dateline_text is not None:
            break
    if bad is not None:
        refused.append((bad, "no calendar date"))
    if dated_line is not None:
        candidates.append(dated_line)
    plausible = [c for c in candidates if c.date.plausible(today)]
    pool = plausible or candidates
    main = [c for c in pool if c.kind != "updated"] or pool
    chosen = max(main, key=lambda c: (c.line, c.start)) if main else None
    note = None
    if chosen is not None:
        others = sorted({c.text for c in candidates if c.date.iso() != chosen.date.iso() and c.kind != "updated"})
        if others:
            note = (f"the page prints other dates ({'; '.join(others)}); {chosen.text!r} was taken, "
                    f"the one nearest the lead")
    published = chosen.date if chosen is not None else PartialDate()
    return PageDates(published, chosen, tuple(candidates), tuple(ignored), tuple(refused), dateline_text, note)
