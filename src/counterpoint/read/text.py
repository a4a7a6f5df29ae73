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
  no leading or trailing whitespace.
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
        )
