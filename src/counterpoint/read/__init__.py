"""Read inputs into documents: the first stage of the pipeline.

:func:`read_inputs` streams paths → input bytes → a reader chosen by content →
finished :class:`~counterpoint.model.Document` records. Guarantees:

* it never raises for a bad input: every :class:`InputError` becomes a
  :class:`~counterpoint.model.Failure` (stage ``"input"`` for getting the
  bytes, ``"read"`` for reading them) and the run goes on; an unexpected
  exception in a reader becomes a failure with code ``"reader-bug"``;
* it is lazy: one input is in memory at a time;
* the reader is picked by content (:func:`pick_reader`), the extension only
  breaking ties; plain text is the fallback;
* documents are finished in one place (:func:`finish`): source, language,
  cap on length, published date, content-hash id; the same input (and run
  date) always gives the same document;
* dates are never invented: a date that is not a calendar date (refused by
  its reader) or not plausible (before 1900 or after the day after the run's
  date, from any origin) leaves the document undated, keeps the date as text
  in ``extras["date_refused"]`` and gives a warning failure.

Readers live in :data:`READERS`, keyed by versioned names (``html.v1``). The
four built-ins are registered here; third-party readers come from the entry
point group ``counterpoint.readers`` (an object or class satisfying
:class:`~counterpoint.read.base.Reader`), loaded on first use.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from counterpoint.config import Settings
from counterpoint.errors import ImplausibleDateError, InputError, InvalidDateError, TruncatedError
from counterpoint.model import Document, Failure, PartialDate, SourceOrigin, Stage
from counterpoint.read.base import Extracted, InputPart, RawInput, Reader
from counterpoint.read.credits import find_text_sources
from counterpoint.read.decode import HEAD_SIZE
from counterpoint.read.feed import FeedReader
from counterpoint.read.html import HtmlReader
from counterpoint.read.inputs import SidecarError, iter_inputs
from counterpoint.read.language import decide
from counterpoint.read.text import TextReader
from counterpoint.read.warc import WarcReader
from counterpoint.sources import canonical_source

__all__ = [
    "ENTRY_POINT_GROUP",
    "READERS",
    "Extracted",
    "InputPart",
    "RawInput",
    "Reader",
    "SidecarError",
    "finish",
    "iter_inputs",
    "iter_raw_inputs",
    "load_plugins",
    "pick_reader",
    "read_inputs",
    "read_one",
    "register_reader",
    "split_input",
]

ENTRY_POINT_GROUP = "counterpoint.readers"

#: Registered readers by versioned name, in registration order (earlier wins ties).
READERS: dict[str, Reader] = {}
_FALLBACK = "text.v1"
_plugins_loaded = False
_plugin_failures: list[Failure] = []


def register_reader(key: str, reader: Reader) -> None:
    """Register ``reader`` under ``key`` (e.g. ``"pdf.v1"``); a reader already
    registered under the same key is replaced."""
    READERS[key] = reader


register_reader("text.v1", TextReader())
register_reader("html.v1", HtmlReader())
register_reader("feed.v1", FeedReader())
register_reader("warc.v1", WarcReader())


def load_plugins() -> list[Failure]:
    """Load third-party readers from the ``counterpoint.readers`` entry points
    (once per process). A plugin that cannot be loaded is left out and
    reported as a warning failure, returned on every call."""
    global _plugins_loaded
    if _plugins_loaded:
        return list(_plugin_failures)
    _plugins_loaded = True
    for entry_point in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        try:
            obj = entry_point.load()
            reader = obj() if isinstance(obj, type) else obj
            if not (callable(getattr(reader, "sniff", None)) and callable(getattr(reader, "read", None))):
                raise TypeError("it has no sniff() and read() methods")
        except Exception as exc:  # a broken plugin must not stop the run
            _plugin_failures.append(
                Failure(
                    locator=f"entry-point:{entry_point.name}",
                    stage="read",
                    code="reader-plugin",
                    reason=f"the reader plugin {entry_point.value} could not be loaded ({type(exc).__name__}: {exc})",
                    fix="upgrade or uninstall the package that provides it",
                    severity="warning",
                )
            )
            continue
        register_reader(entry_point.name, reader)
    return list(_plugin_failures)


def pick_reader(head: bytes, path: Path | str | None) -> Reader:
    """The reader most sure it can read an input starting with ``head``: the
    highest :meth:`Reader.sniff` score, the earliest registered on a tie, the
    text reader when none scores above it. A sniff that raises scores 0."""
    load_plugins()
    where = Path(path) if isinstance(path, str) else path
    best_key, best_score = _FALLBACK, -1.0
    for key, reader in READERS.items():
        try:
            score = float(reader.sniff(head, where))
        except Exception:  # a faulty third-party sniff only loses its vote
            continue
        if score > best_score:
            best_key, best_score = key, score
    return READERS.get(best_key) or READERS[_FALLBACK]


def _hostname(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def _host_like(name: str) -> bool:
    return "." in name and " " not in name.strip()


def _source(
    extracted: Extracted, raw: RawInput, settings: Settings, extras: dict[str, str]
) -> tuple[str | None, SourceOrigin]:
    """The document's source and where it came from; the credited agency goes to ``extras``.

    Precedence: flag > sidecar > crawler header > the page's site name (HTML) or feed title >
    the publisher the text names (a copyright line, a distributor's prefix such as
    ``(MENAFN- AzerNews)``) > the URL's host name > the agency the text credits (dateline,
    byline, credit line: the text is that agency's when nothing names its publisher) > none.
    A source naming a registry outlet (by name, alias or host) takes the outlet's name, the
    name as given kept in ``extras["source_as_given"]``; the credited agency is kept in
    ``extras["credit"]`` with its form in ``extras["credit_from"]`` (see
    :mod:`counterpoint.read.credits`), apart from the publisher.
    """
    found = find_text_sources(extracted.text)
    if found.credit:
        extras["credit"] = found.credit
        extras["credit_from"] = found.credit_from or ""
    source: str | None
    origin: SourceOrigin
    if settings.source:
        source, origin = settings.source, "flag"
    elif raw.sidecar.get("source"):
        source, origin = raw.sidecar["source"], "sidecar"
    elif extracted.header_source:
        source, origin = extracted.header_source, "header"
    elif extracted.site and not _host_like(extracted.site):
        source, origin = extracted.site, "feed" if extracted.kind == "feed" else "site"
    elif found.publisher:
        source, origin = found.publisher, "copyright" if found.publisher_from == "copyright" else "credit"
    elif host := _hostname(extracted.url):
        source, origin = host, "url"
    elif extracted.site:  # a site "name" that is a host name (HTML extraction falls back to the URL's)
        source, origin = extracted.site.lower().removeprefix("www."), "feed" if extracted.kind == "feed" else "url"
    elif found.credit:
        source, origin = found.credit, "credit"
    else:
        return None, "none"
    named = canonical_source(source)
    if named != source:
        extras["source_as_given"] = source
    return named, origin


#: Where a document keeps a date it was given but that is not used as its date.
DATE_REFUSED = "date_refused"


def _checked_date(
    published: PartialDate, extras: dict[str, str], settings: Settings, locator: str
) -> tuple[PartialDate, Failure | None]:
    """``published`` when it can be a publication date, else an unknown date, the date written
    into ``extras[DATE_REFUSED]`` and a warning saying why."""
    refused = extras.get(DATE_REFUSED)
    if refused is not None and not published.known:  # the reader refused what the input wrote
        field = extras.get("date_field", "date")
        error: InputError = InvalidDateError(
            f"the {field} date {refused!r} is not a calendar date (a month over 12, a day the "
            f"month does not have, or a form that cannot be read as a date): the document is "
            f"stored undated, the date kept as text in extras[{DATE_REFUSED!r}]",
            fix="correct the date in the input (or give the date in a sidecar file) and read it again",
            locator=locator,
        )
        return published, _failure(error, "read", locator)
    today = settings.run_day()
    if published.plausible(today):
        return published, None
    written = published.iso() or ""
    extras[DATE_REFUSED] = written
    when = "before 1900" if (published.year or 0) < 1900 else f"after the run's date {today.isoformat()}"
    error = ImplausibleDateError(
        f"the published date {written} (from {published.origin}) is {when}, so it cannot be a "
        f"publication date: the document is stored undated, the date kept as text in "
        f"extras[{DATE_REFUSED!r}]",
        fix="correct the date in the input (or give the date in a sidecar file); set run_date "
        "if the run's date is not today",
        locator=locator,
    )
    return PartialDate(), _failure(error, "read", locator)


def finish(extracted: Extracted, raw: RawInput, settings: Settings) -> tuple[Document, list[Failure]]:
    """Make the :class:`Document` for one extracted text.

    Precedence: source = see :func:`_source` (flag > sidecar > crawler header > site name
    > publisher named in the text > URL host without ``www.`` > credited agency > none);
    url, title and published = sidecar > reader (the sidecar's url, title and published apply only to inputs that
    are one document: text and HTML files); language = sidecar > identified
    (the reader's hint when identification is unsure). Text over
    ``settings.max_chars`` is cut there and a ``truncated`` warning returned.
    A published date that is refused (see the module doc) gives an ``invalid-date`` or
    ``implausible-date`` warning. Returns the document and its warnings.
    """
    text = extracted.text
    warnings: list[Failure] = []
    if len(text) > settings.max_chars:
        warnings.append(_failure(
            TruncatedError(
                f"the text is {len(text)} characters long, over the max_chars cap of "
                f"{settings.max_chars}: only the first {settings.max_chars} are stored",
                fix="raise max_chars (max_chars in counterpoint.toml or COUNTERPOINT_MAX_CHARS) to keep all of it",
                locator=extracted.locator,
            ),
            "read",
            extracted.locator,
        ))
        text = text[: settings.max_chars]
    sidecar = raw.sidecar
    single = extracted.kind in ("text", "html")
    url = (sidecar.get("url") if single else None) or extracted.url
    title = (sidecar.get("title") if single else None) or extracted.title
    published = extracted.published
    extras = dict(extracted.extras)
    if single and sidecar.get("published"):
        published = PartialDate.parse_iso(sidecar["published"], "sidecar")
        extras.pop(DATE_REFUSED, None)
    published, date_warning = _checked_date(published, extras, settings, extracted.locator)
    if date_warning is not None:
        warnings.append(date_warning)
    if sidecar.get("language"):
        language, score = sidecar["language"], 1.0
    else:
        language, score = decide(text, hint=extracted.language_hint, min_score=settings.min_language_score)
    source, origin = _source(replace(extracted, url=url), raw, settings, extras)
    document = Document(
        id=Document.make_id(source, extracted.locator, url, text),
        locator=extracted.locator,
        kind=extracted.kind,
        text=text,
        source=source,
        source_origin=origin,
        url=url,
        title=title,
        author=extracted.author,
        published=published,
        language=language,
        language_score=round(score, 4),
        analysed=language in settings.analysed_languages,
        encoding=extracted.encoding,
        raw_sha256=extracted.raw_sha256,
        raw_size=extracted.raw_size or len(raw.data),
        extras=extras,
    )
    return document, warnings


def _failure(error: InputError, stage: Stage, locator: str) -> Failure:
    return Failure(
        locator=error.locator or locator,
        stage=stage,
        code=error.code,
        reason=error.reason,
        fix=error.fix,
        severity=error.severity,
    )


def read_one(raw: RawInput, settings: Settings) -> Iterator[Document | Failure]:
    reader = pick_reader(raw.data[:HEAD_SIZE], raw.path)
    try:
        for out in reader.read(raw, settings):
            if isinstance(out, InputError):
                yield _failure(out, "read", raw.locator)
                continue
            if not out.raw_sha256 and raw.part is not None:  # a slice: the whole input's hash
                out = replace(out, raw_sha256=raw.part.sha256, raw_size=raw.part.size)
            elif not out.raw_sha256:
                from hashlib import sha256

                out = replace(out, raw_sha256=sha256(raw.data).hexdigest(), raw_size=len(raw.data))
            document, warnings = finish(out, raw, settings)
            yield document
            yield from warnings
    except InputError as error:
        yield _failure(error, "read", raw.locator)
    except Exception as exc:  # one input's bug must not end the batch
        detail = str(exc)
        if len(detail) > 300:
            detail = detail[:300] + "..."
        yield Failure(
            locator=raw.locator,
            stage="read",
            code="reader-bug",
            reason=f"the {getattr(reader, 'name', '?')} reader failed on this input with "
            f"{type(exc).__name__}: {detail}",
            fix="this is a bug in counterpoint or in a reader plugin: please report it with the input; "
            "the rest of the batch was read",
        )


def split_input(raw: RawInput) -> list[RawInput]:
    """``raw`` as slices the engines may give to different workers (a web archive: one HTML
    page per slice), or ``[raw]``. A reader cuts its own inputs (an optional ``parts`` method);
    reading the slices in order gives what reading ``raw`` gives."""
    reader = pick_reader(raw.data[:HEAD_SIZE], raw.path)
    cut = getattr(reader, "parts", None)
    if cut is None or raw.part is not None:
        return [raw]
    try:
        parts = list(cut(raw))
    except Exception:  # a reader's bug in cutting: read the input whole, as ever
        return [raw]
    return parts or [raw]


def _in_slices(raw: RawInput, cap: int) -> Iterator[RawInput | InputError] | None:
    """A file over the cap, read in slices by a reader that can (a web archive), or ``None``."""
    if raw.path is None:
        return None
    with open(raw.path, "rb") as stream:
        head = stream.read(HEAD_SIZE)
    stream_parts = getattr(pick_reader(head, raw.path), "stream_parts", None)
    return None if stream_parts is None else stream_parts(raw, cap)


def iter_raw_inputs(
    paths: Sequence[str], settings: Settings, *, stdin: BinaryIO | None = None
) -> Iterator[RawInput | Failure]:
    """The bytes of every input named by ``paths``, or a :class:`Failure` for each one that
    cannot be had (and for each reader plugin that cannot be loaded). Lazy: one file at a time."""
    yield from load_plugins()
    for item in iter_inputs(paths, settings, stdin, large=_in_slices):
        if isinstance(item, InputError):
            yield _failure(item, "input", item.locator or "?")
            continue
        yield item


def read_inputs(
    paths: Sequence[str], settings: Settings, *, stdin: BinaryIO | None = None
) -> Iterator[Document | Failure]:
    """Read every input named by ``paths`` (files, folders, patterns, ``-``)
    and yield a :class:`Document` per text found, or a :class:`Failure` per
    problem (see the module doc). Lazy; never raises for bad input."""
    for item in iter_raw_inputs(paths, settings, stdin=stdin):
        if isinstance(item, Failure):
            yield item
            continue
        yield from read_one(item, settings)
