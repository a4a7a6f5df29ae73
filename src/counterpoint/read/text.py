"""Plain-text reader, with crawler header lines.

Crawler dumps may open with header lines `` key value`` (a leading space, a
key among ``date url title source author language``, a value). The last
header line may carry the first paragraph after its value::

     date 2025-04-28 The commission confirmed ...

Guarantees:

* a header block is taken only at the very start of the text, and only when it
  holds a ``date`` line with an ISO date (``YYYY-MM-DD`` or ``YYYY-MM``,
  optionally with a time) or a ``url`` line with an ``http(s)`` URL, so prose
  that happens to start with " date" or " title" is left alone;
* only a ``date``, ``url`` or ``language`` line can carry the first paragraph
  after its value; ``title``, ``source`` and ``author`` take the whole line;
* the header block is removed from the stored text, which starts at the first
  paragraph; its date becomes ``published`` (origin ``"header"``) with the
  granularity written; ``source`` goes to ``header_source``;
* the stored text is normalised (see :mod:`counterpoint.read.decode`) and has
  no leading or trailing whitespace;
* without a header date, the date the page prints near its top is read
  (:mod:`counterpoint.segment.pagedates`: a ``Published:`` line, a stamp, a
  dateline with a year), with origin ``"date-line"`` or ``"dateline"``; never
  a site header's today, a caption or a sentence. A header date with only a
  month is made precise by a printed date of the same month. What was read is
  kept in ``extras``: ``date_printed`` (the date as printed), ``dateline``,
  ``date_ignored`` (a site header's date, not used) and ``date_note`` (dates
  that disagreed with the one taken); a printed date that is no calendar date
  (31 February) leaves the text undated with ``extras["date_refused"]``, so
  the document gets an ``invalid-date`` warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from hashlib import sha256
from pathlib import Path

from counterpoint.config import Settings
from counterpoint.errors import EmptyInputError, InputError
from counterpoint.model import InputKind, PartialDate
from counterpoint.read.base import Extracted, RawInput
from counterpoint.read.decode import decode
from counterpoint.segment.pagedates import PageDates, read_page_dates

_TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".rst", ".log"}
_HEADER_RE = re.compile(r"[ \t]{1,4}(date|url|title|source|author|language)[ \t]+(\S[^\n]*)")
_DATE_VALUE_RE = re.compile(
    r"(\d{4})-(\d{2})(?:-(\d{2}))?"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"(?=\s|$)"
)
_URL_VALUE_RE = re.compile(r"https?://[^\s/$.?#][^\s]*(?=\s|$)", re.IGNORECASE)
_LANGUAGE_VALUE_RE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?(?=\s|$)")
#: Longest value kept for the free-text keys.
_MAX_VALUE = 300


@dataclass(slots=True)
class Header:
    """What a crawler header block said, and where the body starts."""

    body_start: int = 0
    first_paragraph: str = ""
    values: dict[str, str] = field(default_factory=dict)
    published: PartialDate = field(default_factory=PartialDate)


def _value(key: str, rest: str) -> tuple[str, str, PartialDate] | None:
    """Split a header line's value from text after it; ``None`` if invalid."""
    if key == "date":
        match = _DATE_VALUE_RE.match(rest)
        if not match:
            return None
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            published = PartialDate(year, month, day, "header")
        except ValueError:
            return None
        return match.group(0), rest[match.end() :].strip(), published
    if key in ("url", "language"):
        match = (_URL_VALUE_RE if key == "url" else _LANGUAGE_VALUE_RE).match(rest)
        if not match:
            return None
        return match.group(0), rest[match.end() :].strip(), PartialDate()
    value = rest.strip()
    if not value or len(value) > _MAX_VALUE:
        return None
    return value, "", PartialDate()


def parse_header(text: str) -> Header | None:
    """Read a crawler header block at the start of ``text``; ``None`` if none."""
    header = Header()
    pos = 0
    while True:
        match = _HEADER_RE.match(text, pos)
        if not match:
            break
        key, rest = match.group(1), match.group(2)
        parsed = _value(key, rest)
        if parsed is None:
            break
        value, remainder, published = parsed
        if key in header.values:
            break
        header.values[key] = value
        if published.known:
            header.published = published
        pos = match.end()
        if remainder:
            header.first_paragraph = remainder
            break
        if pos < len(text):
            pos += 1  # the newline
    if "date" not in header.values and "url" not in header.values:
        return None
    header.body_start = pos
    return header


def page_date(text: str, published: PartialDate, settings: Settings) -> tuple[PartialDate, dict[str, str]]:
    """The document's date given the header's ``published`` and what the text prints, and the
    extras that record where it came from (see the module doc)."""
    found: PageDates = read_page_dates(text, known=published, today=settings.run_day())
    extras: dict[str, str] = {}
    if found.dateline:
        extras["dateline"] = found.dateline
    if found.ignored:
        extras["date_ignored"] = "; ".join(f"{c.text} (a site header's date, not the article's)" for c in found.ignored)
    chosen = found.chosen
    if not published.known:
        if chosen is not None:
            extras["date_printed"] = chosen.text
            if found.note:
                extras["date_note"] = found.note
            return found.published, extras
        if found.refused:
            extras["date_refused"] = found.refused[0][0]  # read.DATE_REFUSED: finish() warns
            extras["date_field"] = "printed"
        return published, extras
    if chosen is None:
        return published, extras
    mine, theirs = published.iso() or "", found.published.iso() or ""
    if published.day is None and published.month is not None and theirs.startswith(mine) and len(theirs) > len(mine):
        extras["date_printed"] = chosen.text
        return found.published, extras
    if not mine.startswith(theirs) and not theirs.startswith(mine):
        extras["date_note"] = f"the page prints {chosen.text!r}; the header's date {mine} was kept"
    return published, extras


class TextReader:
    """Reads plain text (the fallback reader: it accepts anything decodable)."""

    name: InputKind = "text"

    def sniff(self, head: bytes, path: Path | None) -> float:
        """Always a low 0.1 (0.15 with a text extension): any other reader that
        recognises the content wins."""
        if path is not None and path.suffix.lower() in _TEXT_SUFFIXES:
            return 0.15
        return 0.1

    def read(self, raw: RawInput, settings: Settings) -> Iterator[Extracted | InputError]:
        """Yield one text, with crawler header lines removed and read."""
        decoded = decode(raw.data, locator=raw.locator)
        text = decoded.text
        header = parse_header(text.lstrip("\n")) if text[:1] in (" ", "\t", "\n") else None
        values: dict[str, str] = {}
        published = PartialDate()
        if header is not None:
            body = text.lstrip("\n")[header.body_start :]
            if header.first_paragraph:
                body = header.first_paragraph + body
            text = body
            values = header.values
            published = header.published
        text = text.strip()
        published, date_extras = page_date(text, published, settings)
        if not text:
            raise EmptyInputError(
                "the input holds crawler header lines but no text after them",
                fix="check that the crawler saved the page body",
                locator=raw.locator,
            )
        yield Extracted(
            locator=raw.locator,
            kind="text",
            text=text,
            url=values.get("url"),
            title=values.get("title"),
            author=values.get("author"),
            published=published,
            header_source=values.get("source"),
            language_hint=values.get("language"),
            encoding=decoded.encoding,
            raw_sha256=sha256(raw.data).hexdigest(),
            raw_size=len(raw.data),
            extras=date_extras,
        )
