"""RSS and Atom reader through feedparser: one text per entry.

Guarantees:

* feedparser is given a file object over the input bytes, never a string:
  a string could be taken for a URL or a file name and fetched or opened;
  nothing in the feed is fetched (relative URIs are not even resolved);
* entities are never fetched, and a feed whose internal DTD subset declares
  entities that would expand to over :data:`MAX_ENTITY_EXPANSION` characters
  (a "billion laughs" or a quadratic blow-up) is refused with a
  :class:`MalformedInputError` before any parser expands them (feedparser's
  fallback parser expands simple entities without a bound);
* one :class:`Extracted` per entry, located ``PATH#entry=N`` (N counts
  entries from 1, in feed order);
* the text is the entry's full content when present (the longest one), else
  its summary; HTML in it becomes paragraphs separated by a blank line;
* ``published`` (origin ``"feed"``) is the entry's published date, else its
  updated date (``extras["date_field"]`` says which), as the feed wrote it:
  the calendar date in the feed's own time zone (not converted to UTC), with
  the granularity written (W3C dates may give only a year or a month);
  dates are never invented: feedparser rolls fields over (``2025-13-45`` becomes
  2026-01-01, ``2025-02-29`` March 1), so the date string is checked here, and
  one that is not a calendar date leaves the entry undated with the string in
  ``extras["date_refused"]`` (``finish`` records an ``invalid-date`` warning);
  the first date field written (published, else updated) decides;
* the feed title becomes ``site`` and the feed language ``language_hint``;
* broken XML: entries feedparser still recovered are yielded; only when none
  was recovered is a :class:`MalformedInputError` yielded, naming the line;
* an entry without text yields an :class:`EmptyInputError` for that entry,
  and reading goes on;
* a well-formed feed of several entries is cut into one-entry feeds (``parts``:
  the feed's head and tail around each entry), which the engines spread over
  their workers; reading the parts in order gives what reading the feed gives.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from dataclasses import replace
from email.utils import parsedate_tz
from itertools import pairwise
from pathlib import Path
from typing import Any

from counterpoint.config import Settings
from counterpoint.errors import BinaryInputError, EmptyInputError, InputError, MalformedInputError
from counterpoint.model import InputKind, PartialDate
from counterpoint.read.base import Extracted, InputPart, RawInput
from counterpoint.read.decode import HEAD_SIZE, binary_kind, head_text, normalise, strip_bom, utf16_without_bom
from counterpoint.read.markup import entity_expansion, html_to_text, plain_paragraphs, root_tag

_FEED_SUFFIXES = {".rss", ".atom", ".xml", ".rdf", ".feed"}


def feed_sniff_score(head: bytes, path: Path | None) -> float:
    """How much ``head`` looks like an RSS/Atom feed (0..1)."""
    text = head_text(head)
    root = root_tag(text)
    if root == "rss":
        score = 0.97
    elif root == "feed":
        score = 0.97 if "http://www.w3.org/2005/atom" in text else 0.8
    elif root == "rdf:rdf":
        score = 0.95 if "purl.org/rss" in text else 0.3
    elif root in ("html", "head", "body"):
        score = 0.0
    elif "<rss" in text or ("<channel" in text and "<item" in text):
        score = 0.6
    else:
        score = 0.0
    if score and path is not None and path.suffix.lower() in _FEED_SUFFIXES:
        score += 0.04
    return score


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    cleaned = " ".join(normalise(html_to_text(value) if "<" in value else value).split())
    return cleaned or None


def _entry_body(entry: Any) -> str:
    contents = [c for c in entry.get("content") or [] if isinstance(c.get("value"), str) and c["value"].strip()]
    if contents:
        best = max(contents, key=lambda c: len(c["value"]))
        value, kind = best["value"], str(best.get("type") or "text/html")
    else:
        value = entry.get("summary") or ""
        kind = str((entry.get("summary_detail") or {}).get("type") or "text/html")
    if not isinstance(value, str):
        return ""
    if "html" in kind or "<" in value:
        return normalise(html_to_text(value))
    return normalise(plain_paragraphs(value))


_ISO_RE = re.compile(
    r"\s*(?:(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?|(\d{4})(\d{2})(\d{2}))(?:[T ]|\s*$)"
)
_NUMBER_RE = re.compile(r"\d+")
#: What :func:`_written_date` returns for a date string of a known form that is no calendar date.
_INVALID = "invalid"


def _written_date(raw: str) -> PartialDate | str | None:
    """The date as the feed wrote it, in the feed's own time zone (an RFC 822
    date or an ISO/W3C-DTF one, which may be just a year or a month);
    :data:`_INVALID` when it has one of those forms but is no calendar date
    (``2025-13-45``, ``Mon, 31 Feb 2025``); ``None`` for any other form."""
    parts = parsedate_tz(raw)
    if parts is not None:
        year, month, day = parts[0], parts[1], parts[2]
        try:
            return PartialDate(year, month, day, "feed")
        except ValueError:
            return _INVALID
    match = _ISO_RE.match(raw)
    if match:
        groups = match.groups()
        y, m, d = (int(g) if g else None for g in (groups[:3] if groups[0] else groups[3:]))
        try:
            return PartialDate(y, m, d, "feed")
        except ValueError:
            return _INVALID
    return None


def _agrees(raw: str, parsed: time.struct_time) -> bool:
    """True when feedparser's reading of a date string of a form not read here writes its
    year and its day (or a day beside it: feedparser converts to UTC) as numbers: a reading
    whose fields rolled over (day 45 → the 14th of the next month) does not."""
    numbers = {int(n) for n in _NUMBER_RE.findall(raw) if len(n) <= 4}
    day = parsed.tm_mday
    return parsed.tm_year in numbers and bool({day - 1, day, day + 1} & numbers)


def _entry_date(entry: Any) -> tuple[PartialDate, str | None, str | None]:
    """The entry's date, the field it came from and, when that field's string is no calendar
    date, the string (the date is then unknown)."""
    for key in ("published", "updated"):
        raw = entry.get(key)
        parsed = entry.get(key + "_parsed")
        if isinstance(raw, str) and raw.strip():
            written = _written_date(raw.strip())
            if isinstance(written, PartialDate):
                return written, key, None
            if written is None and isinstance(parsed, time.struct_time) and _agrees(raw, parsed):
                try:
                    return PartialDate(parsed.tm_year, parsed.tm_mon, parsed.tm_mday, "feed"), key, None
                except ValueError:
                    pass
            return PartialDate(), key, raw.strip()[:200]
        if isinstance(parsed, time.struct_time):  # a parsed date without its string: never seen
            try:
                return PartialDate(parsed.tm_year, parsed.tm_mon, parsed.tm_mday, "feed"), key, None
            except ValueError:
                continue
    return PartialDate(), None, None


_EMAIL_NAME_RE = re.compile(r"^\S+@\S+\s+\((.+)\)$")


def _author(entry: Any) -> str | None:
    """The entry's author; an RSS ``email (Name)`` gives the name."""
    author = _text(entry.get("author"))
    if author and len(author) <= 300:
        match = _EMAIL_NAME_RE.match(author)
        if match:
            return match.group(1).strip() or author
    return author


def _line_of(exc: object) -> int | None:
    getter = getattr(exc, "getLineNumber", None)
    if callable(getter):
        try:
            line = getter()
        except Exception:  # any failure here only loses the line number
            return None
        return line if isinstance(line, int) else None
    return None


#: Largest feed head + tail (the bytes around the entries) copied into every one-entry part.
MAX_FRAME_BYTES = 64 * 1024
_GAP = re.compile(rb"(?:\s|<!--.*?-->)*", re.S)


class _Uncuttable(Exception):
    pass


def entry_spans(data: bytes) -> list[tuple[int, int]] | None:
    """The byte spans of the entries of a feed (RSS ``<item>``, Atom ``<entry>``), in order, when
    the feed can be cut into one-entry feeds; ``None`` when it cannot or need not be: not
    well-formed XML to expat (or in an encoding it does not read), fewer than two entries,
    an entry written ``<item/>``, anything but white space or comments between two entries
    (channel elements among the items: each part must carry them), or a head and tail
    together over ``MAX_FRAME_BYTES``. Entities are never fetched (expat has no handler)."""
    import xml.parsers.expat

    parser = xml.parsers.expat.ParserCreate()
    stack: list[str] = []
    spans: list[tuple[int, int]] = []
    opened: tuple[int, int] | None = None  # (depth, byte offset) of the entry being read

    def start(name: str, _attrs: Any) -> None:
        nonlocal opened
        stack.append(name.rsplit(":", 1)[-1].lower())
        depth = len(stack)
        if opened is None and stack[-1] in ("item", "entry") and (
                depth == 2 or (depth == 3 and stack[1] == "channel")):
            opened = (depth, parser.CurrentByteIndex)

    def end(_name: str) -> None:
        nonlocal opened
        if opened is not None and len(stack) == opened[0]:
            at = parser.CurrentByteIndex
            if data[at:at + 2] != b"</":
                raise _Uncuttable
            spans.append((opened[1], data.index(b">", at) + 1))
            opened = None
        stack.pop()

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except (_Uncuttable, xml.parsers.expat.ExpatError, ValueError):
        return None
    if len(spans) < 2 or spans[0][0] + len(data) - spans[-1][1] > MAX_FRAME_BYTES:
        return None
    if any(not _GAP.fullmatch(data[a_end:b_start]) for (_, a_end), (b_start, _) in pairwise(spans)):
        return None
    return spans


#: Most characters the entities a feed declares may add to it when expanded.
MAX_ENTITY_EXPANSION = 1_000_000
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)


def _check_entities(data: bytes, locator: str) -> None:
    """Raise :class:`MalformedInputError` when the entities the feed declares would expand
    to over :data:`MAX_ENTITY_EXPANSION` characters."""
    body, codec = strip_bom(data)
    codec = codec or utf16_without_bom(body[:HEAD_SIZE])
    if codec in (None, "utf-8"):
        if _ENTITY_DECL.search(body) is None:  # the common case: one scan in C
            return
        text = body.decode("latin-1")  # entity names and values: ASCII in every ASCII-based encoding
    else:
        text = body.decode(codec, "ignore")
    added = entity_expansion(text, limit=MAX_ENTITY_EXPANSION)
    if added > MAX_ENTITY_EXPANSION:
        raise MalformedInputError(
            f"the feed declares entities that would expand to over {MAX_ENTITY_EXPANSION:,} characters "
            "(an entity expansion bomb, such as 'billion laughs'): it is not read",
            fix="remove the <!DOCTYPE ...[...]> entity declarations from the feed, or get the feed "
            "again from its publisher",
            locator=locator,
        )


def _parse(data: bytes) -> Any:
    import feedparser

    # a file object: feedparser opens or fetches strings that look like paths or URLs
    return feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=False)


class FeedReader:
    """Reads an RSS or Atom feed into one text per entry."""

    name: InputKind = "feed"

    def sniff(self, head: bytes, path: Path | None) -> float:
        """0.97 for a document whose root is ``<rss>`` or an Atom ``<feed>``,
        0.95 for RSS 1.0 ``<rdf:RDF>``, 0.6 for RSS markup further in; a feed
        extension adds 0.04."""
        return feed_sniff_score(head, path)

    def read(self, raw: RawInput, settings: Settings) -> Iterator[Extracted | InputError]:
        """Yield one text per entry (see the module doc)."""
        kind = binary_kind(raw.data[:HEAD_SIZE])
        if kind is not None:
            raise BinaryInputError(
                f"looks like {kind}, not a feed",
                fix="give counterpoint the feed's XML itself",
                locator=raw.locator,
            )
        _check_entities(raw.data, raw.locator)
        result = _parse(raw.data)
        entries = list(result.get("entries") or [])
        bozo = bool(result.get("bozo")) and raw.part is None  # ``parts`` cuts only feeds read clean
        feed = result.get("feed") or {}
        site = _text(feed.get("title"))
        language = feed.get("language") if isinstance(feed.get("language"), str) else None
        encoding = result.get("encoding") if isinstance(result.get("encoding"), str) else None
        whole = raw.part or InputPart.whole(raw.data)
        held: list[InputError] = []  # entry errors of a broken feed, until an entry has text
        recovered = False
        for number, entry in enumerate(entries, start=whole.first):
            out = self._entry(entry, f"{raw.locator}#entry={number}", site, language, encoding, whole)
            if isinstance(out, Extracted):
                recovered = True
                yield from held
                held.clear()
                yield out
            elif bozo and not recovered:
                held.append(out)
            else:
                yield out
        if recovered:
            yield from held
            return
        if bozo:
            exc = result.get("bozo_exception")
            line = _line_of(exc)
            where = f" at line {line}" if line else ""
            message = str(exc) if exc is not None else "unknown error"
            yield MalformedInputError(
                f"feed XML is broken{where}: {message}; no entry could be recovered",
                fix="check that the feed was saved completely and is well-formed XML "
                "(for example with xmllint --noout FILE)",
                locator=raw.locator,
            )
        elif not entries and raw.part is None:
            yield EmptyInputError(
                "the feed holds no entries",
                fix="check that the feed was saved with its items or entries",
                locator=raw.locator,
            )

    def parts(self, raw: RawInput) -> list[RawInput]:
        """``raw`` cut into one-entry feeds (its head, one entry, its tail), in order, numbered as
        in the whole feed; ``[raw]`` when it cannot be cut (see ``entry_spans``) or when
        feedparser does not read it cleanly into exactly those entries."""
        try:
            _check_entities(raw.data, raw.locator)
        except MalformedInputError:
            return [raw]  # refused when read
        spans = entry_spans(raw.data)
        if spans is None:
            return [raw]
        result = _parse(raw.data)
        if result.get("bozo") or len(result.get("entries") or ()) != len(spans):
            return [raw]
        head, tail = raw.data[:spans[0][0]], raw.data[spans[-1][1]:]
        whole = InputPart.whole(raw.data)
        return [replace(raw, data=head + raw.data[a:b] + tail, part=replace(whole, first=n))
                for n, (a, b) in enumerate(spans, start=1)]

    def _entry(
        self,
        entry: Any,
        locator: str,
        site: str | None,
        language: str | None,
        encoding: str | None,
        whole: InputPart,
    ) -> Extracted | InputError:
        body = _entry_body(entry)
        if not body.strip():
            return EmptyInputError(
                "the feed entry holds no text (no content and no summary)",
                fix="read the page the entry links to instead (save it and give the HTML file)",
                locator=locator,
            )
        published, date_field, refused = _entry_date(entry)
        extras: dict[str, str] = {}
        if date_field:
            extras["date_field"] = date_field
        if refused is not None:
            extras["date_refused"] = refused
        entry_id = entry.get("id")
        if isinstance(entry_id, str) and entry_id:
            extras["entry_id"] = entry_id
        link = entry.get("link")
        return Extracted(
            locator=locator,
            kind="feed",
            text=body,
            url=link.strip() if isinstance(link, str) and link.strip() else None,
            title=_text(entry.get("title")),
            author=_author(entry),
            published=published,
            site=site,
            language_hint=language,
            encoding=encoding,
            raw_sha256=whole.sha256,
            raw_size=whole.size,
            extras=extras,
        )
