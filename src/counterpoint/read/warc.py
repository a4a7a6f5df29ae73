"""WARC reader (plain or gzipped) through warcio: one text per HTML page.

Guarantees:

* every ``response`` record with a 2xx HTTP status, and every ``resource``
  record, whose content type is HTML (or, lacking one, whose payload sniffs as
  HTML) is read by the HTML reader; other records (requests, metadata,
  images, scripts, redirects, errors) are passed over: they are not documents;
* each text is located ``PATH#record=N``, N counting every record of the file
  from 1; its ``url`` is the record's ``WARC-Target-URI`` (a different
  canonical URL goes to ``extras["canonical_url"]``);
* the capture date (``WARC-Date``) is kept in ``extras["warc_date"]`` and never
  used as a publication date: a page that gives no date of its own has its
  ``published`` unknown;
* a truncated or corrupt record yields an :class:`InputError` naming the
  record; records before it have been yielded; reading stops where warcio
  cannot go on;
* a payload is decompressed to at most ``max_bytes``;
* ``parts`` cuts an archive into slices of whole records, one HTML page each, for the
  engines to spread over workers: reading the slices in order gives exactly what reading
  the archive gives (the same locators, texts, errors and whole-file hash).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace
from itertools import pairwise
from pathlib import Path
from typing import Any, BinaryIO

from counterpoint.config import Settings
from counterpoint.errors import EmptyInputError, InputError, MalformedInputError, TooLargeError, UnreadableError
from counterpoint.model import InputKind
from counterpoint.read.base import Extracted, InputPart, RawInput
from counterpoint.read.decode import looks_like_warc_gzip
from counterpoint.read.html import extract_page, html_sniff_score, reduced_warning

_CAP_FIX = "raise the cap with --max-bytes, max_bytes in counterpoint.toml or COUNTERPOINT_MAX_BYTES"


def warc_sniff_score(head: bytes, path: Path | None) -> float:
    """0.99 for a WARC (``WARC/1.x`` first line, plain or gzipped), else 0."""
    if head.startswith(b"WARC/") or looks_like_warc_gzip(head):
        name = path.name.lower() if path is not None else ""
        return 1.0 if name.endswith((".warc", ".warc.gz")) else 0.99
    return 0.0


def _charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _status(record: Any) -> int | None:
    headers = record.http_headers
    if headers is None:
        return None
    try:
        return int(headers.get_statuscode())
    except (TypeError, ValueError):
        return None


def _content_type(record: Any) -> str | None:
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    if headers is None:
        return None
    value = headers.get_header("Content-Type")
    return value if isinstance(value, str) else None


def _page_candidate(record: Any) -> bool | None:
    """From the record's headers alone: ``True`` when it is an HTML page to read (declared
    ``text/html``), ``None`` when it may be one (no content type: the payload decides),
    ``False`` when it is not one."""
    if record.rec_type not in ("response", "resource"):
        return False
    if record.rec_type == "response":
        status = _status(record)
        if status is None or not 200 <= status < 300:
            return False
    content_type = _content_type(record)
    if content_type is None:
        return None
    return "html" in content_type.lower()


def record_slices(stream: BinaryIO, size: int) -> list[tuple[int, int, int]] | None:
    """Where to cut the archive in ``stream`` (``size`` bytes) for the engines: ``(start, end,
    first record number)`` of slices of whole records, each ending with one HTML page (the
    records after the last page go with it), so that reading the slices in order gives what
    reading the archive gives. ``None`` when it cannot or need not be cut: fewer than two pages
    declared ``text/html``, or records that are not separate gzip members. Reads the record
    headers only; a record warcio cannot parse, and everything after it, goes into the last
    slice, where reading reports it as reading the whole would.
    """
    from warcio.archiveiterator import ArchiveIterator

    starts: list[int] = []
    kinds: list[bool | None] = []
    iterator = ArchiveIterator(stream)
    try:
        for record in iterator:
            starts.append(int(iterator.get_record_offset()))
            kinds.append(_page_candidate(record))
    except Exception:  # a corrupt record: it and the rest go into the last slice
        if len(starts) > len(kinds):
            starts.pop()
    if sum(kind is True for kind in kinds) < 2:
        return None
    ends = [i for i, kind in enumerate(kinds) if kind is not False]  # a slice ends with each page
    ends[-1] = len(kinds) - 1  # the records after the last page go with it
    firsts = [0] + [end + 1 for end in ends[:-1]]  # each slice's first record (index from 0)
    bounds = [starts[f] for f in firsts] + [size]
    if any(b <= a for a, b in pairwise(bounds)):
        return None
    stream.seek(0)
    magic = b"\x1f\x8b" if stream.read(2) == b"\x1f\x8b" else b"WARC/"
    for cut in bounds[1:-1]:  # one gzip stream over all records (not one per record): no cutting inside it
        stream.seek(cut)
        if stream.read(len(magic)) != magic:
            return None
    return [(a, b, first + 1) for (a, b), first in zip(pairwise(bounds), firsts, strict=True)]


class WarcReader:
    """Reads the HTML pages of a web archive (WARC, plain or gzipped)."""

    name: InputKind = "warc"

    def sniff(self, head: bytes, path: Path | None) -> float:
        """0.99 for WARC content (1.0 with a ``.warc``/``.warc.gz`` name), else 0."""
        return warc_sniff_score(head, path)

    def read(self, raw: RawInput, settings: Settings) -> Iterator[Extracted | InputError]:
        """Yield one text per HTML page, or an error per bad record (see the module doc)."""
        from warcio.archiveiterator import ArchiveIterator

        iterator = ArchiveIterator(io.BytesIO(raw.data))
        number = raw.part.first - 1 if raw.part else 0
        pages = 0
        failed = False
        try:
            for record in iterator:
                number += 1
                result = self._record(record, number, raw, settings)
                if result is None:
                    continue
                if isinstance(result, InputError):
                    failed = True
                    yield result
                    continue
                pages += 1
                yield result
                warning = reduced_warning(result)  # a page over an HTML work cap, read the simple way
                if warning is not None:
                    yield warning
        except Exception as exc:  # warcio raises many kinds on corrupt input
            yield MalformedInputError(
                f"WARC record {number + 1} could not be read ({type(exc).__name__}: {exc}); "
                f"{number} record(s) before it were read",
                fix="the archive is corrupt or truncated: re-download or re-create it; "
                "records before this one were kept",
                locator=f"{raw.locator}#record={number + 1}",
            )
            return
        rest = raw.data[iterator.offset :] if isinstance(iterator.offset, int) else b""
        if rest.strip():
            yield MalformedInputError(
                f"the archive ends with an incomplete record after record {number} "
                f"({len(rest)} bytes could not be read)",
                fix="the archive is truncated: re-download or re-create it; records before it were kept",
                locator=f"{raw.locator}#record={number + 1}",
            )
            failed = True
        if not pages and not failed and raw.part is None:  # a slice: ``parts`` saw a page
            yield EmptyInputError(
                f"the archive holds no HTML pages ({number} records read)",
                fix="check that the crawl saved response records of HTML pages",
                locator=raw.locator,
            )

    def parts(self, raw: RawInput) -> list[RawInput]:
        """``raw`` cut into slices of whole records, each ending with one HTML page (see
        ``record_slices``), in order; ``[raw]`` when it cannot or need not be cut."""
        slices = record_slices(io.BytesIO(raw.data), len(raw.data))
        if slices is None:
            return [raw]
        whole = InputPart.whole(raw.data)
        return [replace(raw, data=raw.data[a:b], part=replace(whole, first=first)) for a, b, first in slices]

    def stream_parts(self, raw: RawInput, cap: int) -> Iterator[RawInput | InputError] | None:
        """The slices of an archive on disk too large to hold (``raw.path``; ``raw.data`` empty),
        read one at a time: the same slices ``parts`` gives of the whole file. ``None`` when it
        cannot be cut (then it is too large, as before). A slice over ``cap`` bytes is an error
        for its records; the others are read. Costs one pass to find the records (warcio
        decompresses them) and one to hash the file, in the process that reads the inputs."""
        if raw.path is None:
            return None
        from hashlib import sha256

        with open(raw.path, "rb") as stream:  # chosen for this file by its sniff: no second look
            size = stream.seek(0, io.SEEK_END)
            stream.seek(0)
            slices = record_slices(stream, size)
            if slices is None:
                return None
            stream.seek(0)
            digest = sha256()
            while block := stream.read(1 << 20):
                digest.update(block)
        whole = InputPart(1, digest.hexdigest(), size)
        path = raw.path

        def read() -> Iterator[RawInput | InputError]:
            for a, b, first in slices:
                if b - a > cap:
                    yield TooLargeError(
                        f"WARC records from record {first} take {b - a} bytes together, over the "
                        f"{cap / 1e6:g} MB cap on one slice of an archive; the other records were read",
                        fix=_CAP_FIX, locator=f"{raw.locator}#record={first}")
                    continue
                try:
                    with open(path, "rb") as stream:
                        stream.seek(a)
                        data = stream.read(b - a)
                except OSError as exc:
                    yield UnreadableError(f"cannot read {path} any more ({exc.strerror or exc})",
                                          fix="check that the file and its disk are still there, then run again",
                                          locator=f"{raw.locator}#record={first}")
                    return
                yield replace(raw, data=data, part=replace(whole, first=first))

        return read()

    def _record(self, record: Any, number: int, raw: RawInput, settings: Settings) -> Extracted | InputError | None:
        locator = f"{raw.locator}#record={number}"
        if record.rec_type not in ("response", "resource"):
            return None
        status = _status(record)
        if record.rec_type == "response" and (status is None or not 200 <= status < 300):
            return None
        content_type = _content_type(record)
        target = record.rec_headers.get_header("WARC-Target-URI")
        warc_date = record.rec_headers.get_header("WARC-Date")
        try:
            payload = record.content_stream().read(settings.max_bytes + 1)
            while record.raw_stream.read(1 << 16):
                pass
        except Exception as exc:  # bad chunking or content encoding
            return MalformedInputError(
                f"WARC record {number} has a payload that cannot be read ({type(exc).__name__}: {exc})",
                fix="the record is corrupt: re-create the archive; other records were read",
                locator=locator,
            )
        missing = getattr(record.raw_stream, "limit", 0)
        if isinstance(missing, int) and missing > 0:
            return MalformedInputError(
                f"WARC record {number} is truncated: {missing} bytes of it are missing",
                fix="the archive was cut short: re-download or re-create it; records before it were kept",
                locator=locator,
            )
        if len(payload) > settings.max_bytes:
            return TooLargeError(
                f"WARC record {number} has a payload over the {settings.max_bytes / 1e6:g} MB cap",
                fix=_CAP_FIX,
                locator=locator,
            )
        if content_type is not None:
            if "html" not in content_type.lower():
                return None
        elif html_sniff_score(payload[:4096], None) < 0.5:
            return None
        if not payload.strip():
            return None
        base = target if isinstance(target, str) and target else None
        try:
            page = extract_page(payload, locator=locator, declared=_charset(content_type), base_url=base,
                                settings=settings)
        except InputError as error:
            return error
        extras = dict(page.extras)
        if isinstance(warc_date, str) and warc_date:
            extras["warc_date"] = warc_date
        if base and page.url and page.url != base:
            extras["canonical_url"] = page.url
        return replace(page, kind="warc", url=base or page.url, extras=extras)
