"""RSS and Atom reader through feedparser: one text per entry.

Guarantees:

* feedparser is given a file object over the input bytes, never a string:
  a string could be taken for a URL or a file name and fetched or opened;
  nothing in the feed is fetched (relative URIs are not even resolved);
* one :class:`Extracted` per entry, located ``PATH#entry=N`` (N counts
  entries from 1, in feed order);
* the text is the entry's full content when present (the longest one), else
  its summary; HTML in it becomes paragraphs separated by a blank line;
* ``published`` (origin ``"feed"``) is the entry's published date, else its
  updated date (``extras["date_field"]`` says which), as the feed wrote it:
  the calendar date in the feed's own time zone (not converted to UTC), with
  the granularity written (W3C dates may give only a year or a month);
* the feed title becomes ``site`` and the feed language ``language_hint``;
* broken XML: entries feedparser still recovered are yielded; only when none
  was recovered is a :class:`MalformedInputError` yielded, naming the line;
* an entry without text yields an :class:`EmptyInputError` for that entry,
  and reading goes on.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from email.utils import parsedate_tz
from hashlib import sha256
from pathlib import Path
from typing import Any

from counterpoint.config import Settings
from counterpoint.errors import BinaryInputError, EmptyInputError, InputError, MalformedInputError
from counterpoint.model import InputKind, PartialDate
from counterpoint.read.base import Extracted, RawInput
from counterpoint.read.decode import HEAD_SIZE, binary_kind, head_text, normalise
from counterpoint.read.markup import html_to_text, plain_paragraphs, root_tag

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


_ISO_RE = re.compile(r"\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ]|\s*$)")


def _written_date(raw: str) -> PartialDate | None:
    """The date as the feed wrote it, in the feed's own time zone (an RFC 822
    date or an ISO/W3C-DTF one, which may be just a year or a month)."""
    parts = parsedate_tz(raw)
    if parts is not None:
        year, month, day = parts[0], parts[1], parts[2]
        try:
            return PartialDate(year, month, day, "feed")
        except ValueError:
            return None
    match = _ISO_RE.match(raw)
    if match:
        y, m, d = (int(g) if g else None for g in match.groups())
        try:
            return PartialDate(y, m, d, "feed")
        except ValueError:
            return None
    return None


def _entry_date(entry: Any) -> tuple[PartialDate, str | None]:
    for key in ("published", "updated"):
        raw = entry.get(key)
        if isinstance(raw, str) and raw.strip():
            written = _written_date(raw.strip())
            if written is not None:
                return written, key
        parsed = entry.get(key + "_parsed")
        if isinstance(parsed, time.struct_time):
            try:
                return PartialDate(parsed.tm_year, parsed.tm_mon, parsed.tm_mday, "feed"), key
            except ValueError:
                continue
    return PartialDate(), None


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
        import feedparser

        # a file object: feedparser opens or fetches strings that look like paths or URLs
        result = feedparser.parse(io.BytesIO(raw.data), resolve_relative_uris=False, sanitize_html=False)
        entries = list(result.get("entries") or [])
        bozo = bool(result.get("bozo"))
        feed = result.get("feed") or {}
        site = _text(feed.get("title"))
        language = feed.get("language") if isinstance(feed.get("language"), str) else None
        encoding = result.get("encoding") if isinstance(result.get("encoding"), str) else None
        digest = sha256(raw.data).hexdigest()
        held: list[InputError] = []  # entry errors of a broken feed, until an entry has text
        recovered = False
        for number, entry in enumerate(entries, start=1):
            out = self._entry(entry, f"{raw.locator}#entry={number}", site, language, encoding, digest, raw)
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
        elif not entries:
            yield EmptyInputError(
                "the feed holds no entries",
                fix="check that the feed was saved with its items or entries",
                locator=raw.locator,
            )

    def _entry(
        self,
        entry: Any,
        locator: str,
        site: str | None,
        language: str | None,
        encoding: str | None,
        digest: str,
        raw: RawInput,
    ) -> Extracted | InputError:
        body = _entry_body(entry)
        if not body.strip():
            return EmptyInputError(
                "the feed entry holds no text (no content and no summary)",
                fix="read the page the entry links to instead (save it and give the HTML file)",
                locator=locator,
            )
        published, date_field = _entry_date(entry)
        extras: dict[str, str] = {}
        if date_field:
            extras["date_field"] = date_field
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
            raw_sha256=digest,
            raw_size=len(raw.data),
            extras=extras,
        )
