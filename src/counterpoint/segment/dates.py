"""Publication dates printed in headlines.

A headline date sits at the end of the headline (``... Moscow! (7.10.2025)``,
``... - October 7, 2025``, ``... [7/10/2025]``) or at its start
(``2025-10-07 | ...``, ``[Oct. 7, 2025] ...``). Recognised forms:

* day-first with dots ``7.10.2025`` / ``07.10.2025``;
* numeric with slashes or dashes ``7/10/2025``, ``07-10-2025`` (order decided
  per page, see ``slash_order``);
* ISO ``2025-10-07`` (also ``2025/10/07``, ``2025.10.07``);
* ``7 October 2025``, ``7th Oct. 2025``, ``October 7, 2025``, ``Oct. 7 2025``,
  each with an optional weekday in front;
* month and year ``October 2025`` (granularity month).

Guarantees: regular expressions only (no date parser), linear in the length
of the line; an invalid calendar date (31.2.2025) or a year outside
1900..2100 is no date; nothing is completed: a month-year date stays a month.
A date after the day after the run's date (``today``, the clock's date unless
given) is not plausible (``PartialDate.plausible``, the check documents get
too): the line is still a dated headline, but its date is unknown and the
printed date is in ``HeadlineDate.refused``; :func:`refused_dates` turns the
items such headlines left undated into warning failures. The headline keeps
its text: callers get where the date and the title part are, never a
rewritten string.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from counterpoint.errors import ImplausibleDateError
from counterpoint.model import Document, Failure, Item, PartialDate

SlashOrder = Literal["day-first", "month-first"]
Position = Literal["leading", "trailing"]

#: Month number by the first three letters of its English name (shared with ``segment.pagedates``).
MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
#: An English month name or its abbreviation, as a regular expression group.
MONTH_PATTERN = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_ORD = r"(?:st|nd|rd|th)?"
_DATE = (
    r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
    r"(?:"
    r"(?P<dd>\d{1,2})\.(?P<dm>\d{1,2})\.(?P<dy>\d{4})"
    r"|(?P<na>\d{1,2})(?P<ns>[/-])(?P<nb>\d{1,2})(?P=ns)(?P<ny>\d{4})"
    r"|(?P<iy>\d{4})(?P<is>[-/.])(?P<im>\d{1,2})(?P=is)(?P<id>\d{1,2})"
    rf"|(?P<ld>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<lm>{MONTH_PATTERN})\b\.?,?\s+(?P<ly>\d{{4}})"
    rf"|(?P<mm>{MONTH_PATTERN})\b\.?\s+(?P<md>\d{{1,2}}){_ORD},?\s+(?P<my>\d{{4}})"
    rf"|(?P<om>{MONTH_PATTERN})\b\.?,?\s+(?P<oy>\d{{4}})"
    r")(?![\d])"
)
_TRAILING = re.compile(rf"(?i)(?<![\w.])(?P<open>[(\[]?)\s*{_DATE}\s*(?P<close>[)\]]?)\s*$")
_LEADING = re.compile(rf"(?i)(?P<open>[(\[]?)\s*{_DATE}\s*(?P<close>[)\]]?)")
_NUMERIC = re.compile(r"(?<![\d./-])(\d{1,2})([/-])(\d{1,2})\2(\d{4})(?![\d/-])")
_NUMERIC_HINT = re.compile(r"\d[/-]\d{1,2}[/-]\d{4}")
_DIGIT = re.compile(r"\d")
_SEPARATORS = "-–—|,·:/"
_PREPOSITIONS = frozenset(
    [
        "in",
        "on",
        "by",
        "since",
        "from",
        "until",
        "till",
        "to",
        "of",
        "after",
        "before",
        "during",
        "for",
        "at",
        "through",
        "around",
        "as",
    ]
)
_DATE_GROUPS = ("dd", "dy", "na", "ny", "iy", "id", "ld", "ly", "mm", "my", "om", "oy")
#: Only this many characters at the end of a line are searched for a date.
_TAIL = 48


@dataclass(frozen=True, slots=True)
class HeadlineDate:
    """A date found in a headline.

    ``date`` has origin ``"headline"``. ``key`` names the printed form
    (position, kind, bracket) so that a page's headlines can be compared.
    ``title_start``/``title_end`` bound the rest of the line, separators and
    brackets trimmed, relative to the string that was searched. ``refused``
    is the printed date when it is not plausible (``date`` is then unknown).
    """

    date: PartialDate
    key: tuple[str, str, str]
    title_start: int
    title_end: int
    refused: str | None = None


def slash_order(text: str) -> SlashOrder:
    """How to read numeric dates such as ``7/10/2025`` on this page.

    If any numeric slash or dash date on the page has a first number over 12
    the page is day-first; otherwise, if any has a second number over 12, it
    is month-first; otherwise day-first (the style of the state media this
    tool reads). A page with both kinds is day-first, and its month-first
    dates (``3/25/2025``) are then no dates at all.
    """
    second_big = False
    for m in _NUMERIC.finditer(text):
        if int(m.group(1)) > 12:
            return "day-first"
        if int(m.group(3)) > 12:
            second_big = True
    return "month-first" if second_big else "day-first"


def has_numeric_date(s: str) -> bool:
    """True when ``s`` holds a numeric slash or dash date (``7/10/2025``),
    whose reading depends on the page (``slash_order``)."""
    return ("/" in s or "-" in s) and _NUMERIC_HINT.search(s) is not None


def _make(year: int, month: int, day: int | None) -> PartialDate | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return PartialDate(year, month, day, "headline")
    except ValueError:
        return None


def _checked(m: re.Match[str], order: SlashOrder, today: date | None) -> tuple[PartialDate, str, str | None] | None:
    """The date matched, its kind and, when it is not plausible, the printed date (the date
    is then unknown); ``None`` for no date."""
    found, kind = _parse(m, order)
    if found is None:
        return None
    if found.plausible(today or date.today()):
        return found, kind, None
    spans = [m.span(g) for g in _DATE_GROUPS if m.group(g)]
    return PartialDate(), kind, m.string[min(a for a, _ in spans) : max(b for _, b in spans)]


def _parse(m: re.Match[str], order: SlashOrder) -> tuple[PartialDate | None, str]:
    g = m.group
    if g("dd"):
        return _make(int(g("dy")), int(g("dm")), int(g("dd"))), "dmy-dot"
    if g("na"):
        a, b = int(g("na")), int(g("nb"))
        day, month = (a, b) if order == "day-first" else (b, a)
        return _make(int(g("ny")), month, day), "numeric" + g("ns")
    if g("iy"):
        return _make(int(g("iy")), int(g("im")), int(g("id"))), "iso" + g("is")
    if g("ld"):
        return _make(int(g("ly")), MONTHS[g("lm")[:3].lower()], int(g("ld"))), "d-month-y"
    if g("mm"):
        return _make(int(g("my")), MONTHS[g("mm")[:3].lower()], int(g("md"))), "month-d-y"
    return _make(int(g("oy")), MONTHS[g("om")[:3].lower()], None), "month-y"


def _brackets_pair(open_: str, close: str) -> bool:
    return (open_, close) in {("", ""), ("(", ")"), ("[", "]")}


def _trim(s: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``s[start:end]`` past whitespace and date separators."""
    strip = " \t\xa0" + _SEPARATORS
    while start < end and (s[start].isspace() or s[start] in strip):
        start += 1
    while end > start and (s[end - 1].isspace() or s[end - 1] in strip):
        end -= 1
    return start, end


def _trailing(s: str, order: SlashOrder, today: date | None) -> HeadlineDate | None:
    offset = max(0, len(s) - _TAIL)
    m = _TRAILING.search(s, offset)
    if not m or not _brackets_pair(m.group("open"), m.group("close")):
        return None
    checked = _checked(m, order, today)
    if checked is None:
        return None
    found, kind, refused = checked
    before = s[: m.start()].rstrip()
    if not m.group("open") and before:
        # a bare date must be set off from the title by a separator, and not
        # be the object of a preposition ("talks resume in October 2025")
        last = before[-1]
        if last not in _SEPARATORS and last not in "!?)]\"”’'":
            tail_words = before.split()
            if tail_words and tail_words[-1].lower().strip("\"'“”‘’") in _PREPOSITIONS:
                return None
    t0, t1 = _trim(s, 0, m.start())
    return HeadlineDate(found, ("trailing", kind, m.group("open")), t0, t1, refused)


def _leading(s: str, order: SlashOrder, today: date | None) -> HeadlineDate | None:
    m = _LEADING.match(s)
    if not m or not _brackets_pair(m.group("open"), m.group("close")):
        return None
    rest = s[m.end() :]
    if not m.group("open"):
        stripped = rest.lstrip()
        if stripped and stripped[0] not in _SEPARATORS:
            return None
    checked = _checked(m, order, today)
    if checked is None:
        return None
    found, kind, refused = checked
    t0, t1 = _trim(s, m.end(), len(s))
    return HeadlineDate(found, ("leading", kind, m.group("open")), t0, t1, refused)


def find_headline_date(s: str, order: SlashOrder = "day-first", today: date | None = None) -> HeadlineDate | None:
    """The date printed at the end (preferred) or start of ``s``, or ``None``.

    A line that is only a date gives a ``HeadlineDate`` with an empty title
    part (``title_start == title_end``). A date after the day after ``today``
    (default: the clock's date) gives an unknown ``date`` and ``refused``.
    """
    if not s or len(s) > 400:
        return None
    if _DIGIT.search(s, max(0, len(s) - _TAIL)) is None and _DIGIT.search(s, 0, _TAIL) is None:
        return None
    return _trailing(s, order, today) or _leading(s, order, today)


def refused_dates(document: Document, items: Iterable[Item], today: date | None = None) -> list[Failure]:
    """A warning failure (stage ``"segment"``, code ``"implausible-date"``) for each item left
    undated because the date printed in its headline is not plausible on ``today`` (default:
    the clock's date); the date stays in the headline's text. Reads only the headlines."""
    today = today or date.today()
    out: list[Failure] = []
    for item in items:
        if item.headline is None or item.published.known:
            continue
        line = item.headline.text
        # the order segmentation read the line in: the page's, for a numeric date
        order = slash_order(document.text) if has_numeric_date(line) else "day-first"
        found = find_headline_date(line, order, today)
        if found is None or found.refused is None:
            continue
        bound = today.isoformat()
        error = ImplausibleDateError(
            f"item {item.position}'s headline gives the date {found.refused!r}, after the run's date "
            f"{bound}: the item is stored undated, the date kept in its headline",
            fix="correct the date in the input; set run_date if the run's date is not today",
        )
        out.append(Failure(locator=document.locator, stage="segment", code=error.code,
                           reason=error.reason, fix=error.fix, severity=error.severity))
    return out
