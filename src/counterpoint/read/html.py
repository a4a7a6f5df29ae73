"""HTML reader: main text and metadata through trafilatura.

Main text comes from ``trafilatura.bare_extraction(tree, include_comments=False,
with_metadata=True)``; its text is what ``trafilatura.extract(...,
output_format="json", with_metadata=True)`` puts under ``"text"`` (the same
``xmltotxt`` of the same body), without the JSON round trip. Barbaresi,
"Trafilatura: A Web Scraping Library and Command-Line Tool for Text Discovery
and Extraction", ACL 2021 (demos).

Guarantees:

* nothing is fetched: URLs in the page are only read as strings;
* every line trafilatura gives becomes a paragraph, and paragraphs are
  separated by one blank line (``\\n\\n``); the text is normalised;
* ``url`` is the page's canonical URL (``<link rel=canonical>``, else
  ``og:url``, else trafilatura's), made absolute against a known page URL;
* ``published`` (origin ``"html-meta"``) comes from the page's metadata and
  markup only (no date guessed from the body text), with day, month or year
  granularity as the page gives it: a date completed by htmldate is reduced to
  month or year unless the page writes the full date (see :func:`honest_date`);
* ``language_hint`` is ``<html lang>`` (or ``xml:lang``);
* a page with no main text raises :class:`EmptyInputError`, one that cannot be
  parsed at all :class:`MalformedInputError`; truncated or malformed pages
  are read as far as lxml recovers them;
* work is bounded before extraction: one streaming pass of lxml's HTML parser
  (:func:`scan_page`, linear, no tree, no depth limit) counts the elements and
  the nesting depth; a page over ``max_html_elements`` or ``max_html_depth``
  is *reduced*: read without main-text extraction (which is slow on huge pages
  and loses text nested deeper than lxml's tree limit of 256), its visible
  text taken from that same pass (block elements end paragraphs; scripts,
  styles and the head left out), title, canonical URL and language from the
  markup, no date; ``extras["reduced"]`` says why and the reader yields a
  :class:`ReducedInputError` warning beside the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from hashlib import sha256
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from counterpoint.config import Settings
from counterpoint.errors import EmptyInputError, InputError, MalformedInputError, ReducedInputError
from counterpoint.model import InputKind, PartialDate
from counterpoint.read.base import Extracted, RawInput
from counterpoint.read.decode import HEAD_SIZE, decode, head_text, normalise
from counterpoint.read.markup import root_tag

_HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx", ".jsp"}
_HTML_ROOTS = {"html", "head", "body"}
_HTML_FRAGMENT_ROOTS = {
    "div", "p", "meta", "title", "script", "link", "article", "section", "header", "main",
    "table", "span", "a", "h1", "h2", "h3", "ul", "style", "nav", "form", "img", "br",
}  # fmt: skip
_FEED_ROOTS = {"rss", "feed", "rdf:rdf"}
_TAG_RE = re.compile(r"<(?:p|br|div|span|a|table|td|li|h[1-6]|img|b|i|em|strong)\b")
_META_CHARSET_RE = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I)
_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_CANONICAL_XPATH = (
    "//link[contains(concat(' ', normalize-space(translate(@rel, 'CANONICAL', 'canonical')), ' '),"
    " ' canonical ')]/@href"
)
_OG_URL_XPATH = "//meta[@property='og:url' or @name='og:url']/@content"
#: Deepest nesting lxml's tree builder keeps (libxml2's limit); deeper text is lost in the tree.
TREE_DEPTH_LIMIT = 250
#: Elements that end a line of text in a reduced read.
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "dialog", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "main", "nav", "ol", "option", "p", "pre", "section", "summary", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})  # fmt: skip
#: Elements whose text is not visible (or not the page's): left out of a reduced read.
_HIDDEN = frozenset({
    "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "select", "textarea",
})  # fmt: skip


def declared_charset(head: bytes) -> str | None:
    """The charset a ``<meta>`` tag in the first bytes declares, if any."""
    match = _META_CHARSET_RE.search(head)
    return match.group(1).decode("ascii") if match else None


def _http_url(value: object, base: str | None) -> str | None:
    """An absolute http(s) URL from ``value`` (resolved against ``base``)."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value:
        return None
    if base and not value.lower().startswith(("http://", "https://")):
        value = urljoin(base, value)
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return value


def _shown(year: int, month: int, day: int | None, html: str) -> bool:
    """Whether the page writes this day (or, with ``day=None``, this month)
    in a common numeric or English form."""
    name = _MONTHS[month - 1][:3] + r"[a-z]*\.?"
    y, m = str(year), f"0?{month}"
    if day is None:
        pattern = rf"{y}[-/.]{m}(?!\d)|{y}{month:02d}(?!\d)|\b{name},? {y}|(?<!\d){m}[-/.]{y}"
    else:
        d = f"0?{day}(?:st|nd|rd|th)?"
        pattern = (
            rf"{y}[-/.]{m}[-/.]0?{day}(?!\d)|{y}{month:02d}{day:02d}(?!\d)"
            rf"|(?<!\d)0?{day}[-/.]{m}[-/.]{y}|(?<!\d){m}/0?{day}/{y}"
            rf"|\b{name} {d},? {y}|(?<!\d){d} (?:of )?{name},? {y}"
        )
    return re.search(pattern, html, re.IGNORECASE) is not None


def honest_date(value: str | None, html: str) -> PartialDate:
    """Turn trafilatura's ``YYYY-MM-DD`` into a :class:`PartialDate` whose
    granularity the page supports. htmldate completes partial dates (a month
    becomes its first or last day, a year its first of January), so the day
    is kept only when the page writes that day (ISO, ``2024/06/19``,
    ``19.06.2024``, ``June 19, 2024``, ``19 June 2024``, ...); else the month
    when the page writes it; else the year."""
    if not value:
        return PartialDate()
    try:
        found = date.fromisoformat(value[:10])
    except ValueError:
        return PartialDate()
    y, m, d = found.year, found.month, found.day
    if _shown(y, m, d, html):
        return PartialDate(y, m, d, "html-meta")
    if _shown(y, m, None, html):
        return PartialDate(y, m, None, "html-meta")
    return PartialDate(y, None, None, "html-meta")


def paragraphs_from_lines(text: str) -> str:
    """Each non-blank line a paragraph, stripped, separated by a blank line."""
    return "\n\n".join(line.strip() for line in text.split("\n") if line.strip())


def _visible_words(tree: Any) -> int:
    texts = tree.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]")
    return sum(len(str(t).split()) for t in texts)


class _Scan:
    """lxml parser target: counts elements and depth, keeps the visible text (see :func:`scan_page`)."""

    def __init__(self) -> None:
        self.elements = 0
        self.depth = 0
        self.max_depth = 0
        self.parts: list[str] = []
        self.hidden = 0
        self.title: list[str] | None = None
        self.title_done = False
        self.lang: str | None = None
        self.canonical: str | None = None
        self.og_url: str | None = None

    def start(self, tag: str, attrib: Any) -> None:
        self.elements += 1
        self.depth += 1
        if self.depth > self.max_depth:
            self.max_depth = self.depth
        if tag == "html" and self.lang is None:
            self.lang = attrib.get("lang") or attrib.get("xml:lang")
        elif tag == "title" and not self.title_done:
            self.title = []
        elif tag == "link" and self.canonical is None and "canonical" in (attrib.get("rel") or "").lower().split():
            self.canonical = attrib.get("href")
        elif tag == "meta" and self.og_url is None and "og:url" in (attrib.get("property"), attrib.get("name")):
            self.og_url = attrib.get("content")
        if self.hidden or tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def end(self, tag: str) -> None:
        self.depth -= 1
        if tag == "title" and self.title is not None:
            self.title_done = True
        if self.hidden:
            self.hidden -= 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def data(self, text: str) -> None:
        if self.title is not None and not self.title_done:
            self.title.append(text)
        if not self.hidden:
            self.parts.append(text)

    def comment(self, text: str) -> None:
        return None

    def close(self) -> _Scan:
        return self


@dataclass(frozen=True, slots=True)
class PageScan:
    """What one linear pass over a page found (:func:`scan_page`)."""

    elements: int
    depth: int
    text: str
    title: str | None
    lang: str | None
    canonical: str | None
    og_url: str | None


def scan_page(html: str) -> PageScan:
    """One streaming pass of lxml's HTML parser over ``html``: element count, deepest nesting,
    visible text (block elements on lines of their own; ``head``, scripts and styles left out),
    title, canonical URL and language. Linear in the page, no tree built, no depth limit."""
    from lxml import etree  # type: ignore[import-untyped]

    target = _Scan()
    parser = etree.HTMLParser(target=target, huge_tree=True, recover=True, no_network=True)
    try:
        parser.feed(html)
        parser.close()
    except (etree.LxmlError, ValueError):  # what was read before the error is kept
        pass
    return PageScan(
        elements=target.elements,
        depth=target.max_depth,
        text="".join(target.parts),
        title="".join(target.title) if target.title is not None else None,
        lang=target.lang,
        canonical=target.canonical,
        og_url=target.og_url,
    )


def over_caps(scan: PageScan, settings: Settings) -> str | None:
    """Why ``scan``'s page is too big for main-text extraction (each cap it is over), or ``None``."""
    reasons = []
    depth_cap = min(settings.max_html_depth, TREE_DEPTH_LIMIT)
    if scan.depth > depth_cap:
        reasons.append(f"nests elements {scan.depth:,} deep, over the max_html_depth cap of {depth_cap:,}")
    if scan.elements > settings.max_html_elements:
        reasons.append(f"has {scan.elements:,} elements, over the max_html_elements cap of "
                       f"{settings.max_html_elements:,}")
    return "the HTML page " + " and ".join(reasons) if reasons else None


def _reduced(scan: PageScan, why: str, *, locator: str, base_url: str | None, decoded: Any, data: bytes) -> Extracted:
    body = paragraphs_from_lines(normalise(scan.text))
    if not body:
        raise EmptyInputError(
            f"{why}, and it holds no visible text",
            fix="check that the file is the page itself (not a script-built shell) and not damaged",
            locator=locator,
        )
    url = _http_url(scan.canonical, base_url) or _http_url(scan.og_url, base_url)
    if url is None and base_url:
        url = _http_url(base_url, None)
    title = " ".join(normalise(scan.title).split()) if scan.title else None
    lang = " ".join(scan.lang.split()) if scan.lang else None
    return Extracted(
        locator=locator,
        kind="html",
        text=body,
        url=url,
        title=title or None,
        language_hint=lang or None,
        encoding=decoded.encoding,
        raw_sha256=sha256(data).hexdigest(),
        raw_size=len(data),
        extras={"reduced": f"{why}: read without main-text extraction"},
    )


def reduced_warning(extracted: Extracted) -> ReducedInputError | None:
    """The warning for a page :func:`extract_page` reduced (``None`` for a page read in full)."""
    why = extracted.extras.get("reduced")
    if not why:
        return None
    return ReducedInputError(
        why + " (all its visible text is kept, navigation and boilerplate included; no date read)",
        fix="raise max_html_elements or max_html_depth (counterpoint.toml or COUNTERPOINT_MAX_HTML_ELEMENTS /"
        " COUNTERPOINT_MAX_HTML_DEPTH) to extract its main text: about 0.1 ms and 2 KB per element; depths"
        f" over {TREE_DEPTH_LIMIT} are always read this way",
        locator=extracted.locator,
    )


def extract_page(
    data: bytes,
    *,
    locator: str,
    declared: str | None = None,
    base_url: str | None = None,
    settings: Settings | None = None,
) -> Extracted:
    """Read one HTML page (the bytes of a file or of a WARC payload).

    ``declared`` is a charset known from outside (an HTTP header); the page's
    own ``<meta charset>`` is used when there is none. ``base_url`` is the
    page's address when known; relative canonical URLs are resolved against
    it. A page over the caps of ``settings`` (defaults when ``None``) is
    reduced (see the module doc; :func:`reduced_warning`). Raises
    :class:`InputError` subclasses with a fix.
    """
    decoded = decode(data, declared=declared or declared_charset(data[:HEAD_SIZE]), locator=locator)
    html = decoded.text
    scan = scan_page(html)
    why = over_caps(scan, settings or Settings())
    if why is not None:
        return _reduced(scan, why, locator=locator, base_url=base_url, decoded=decoded, data=data)
    from trafilatura import bare_extraction
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        raise MalformedInputError(
            "the HTML could not be parsed (no element tree could be built from it)",
            fix="check that the file is an HTML page and not another format saved with .html",
            locator=locator,
        )
    lang = tree.get("lang") or tree.get(_XML_LANG)
    canonical = next(
        (u for u in map(lambda v: _http_url(v, base_url), tree.xpath(_CANONICAL_XPATH)) if u), None
    ) or next((u for u in map(lambda v: _http_url(v, base_url), tree.xpath(_OG_URL_XPATH)) if u), None)
    doc: Any = bare_extraction(
        tree,
        url=base_url,
        include_comments=False,
        with_metadata=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    body = paragraphs_from_lines(normalise(doc.text or "")) if doc is not None else ""
    if not body:
        words = _visible_words(tree)
        if not words:
            reason = "the HTML page holds no visible text"
        else:
            reason = f"no main text found: the page's {words} visible words are all navigation or boilerplate"
        raise EmptyInputError(
            reason,
            fix="if the page is built by JavaScript, save it after it has rendered (a browser's "
            "'Save page as' or a headless browser); if it is an index page, read the article pages instead",
            locator=locator,
        )
    url = canonical or _http_url(doc.url, base_url) or (_http_url(base_url, None) if base_url else None)

    def clean(value: object) -> str | None:
        if not isinstance(value, str):
            return None
        value = " ".join(normalise(value).split())
        return value or None

    return Extracted(
        locator=locator,
        kind="html",
        text=body,
        url=url,
        title=clean(doc.title),
        author=clean(doc.author),
        published=honest_date(doc.date, html),
        site=clean(doc.sitename),
        language_hint=clean(lang),
        encoding=decoded.encoding,
        raw_sha256=sha256(data).hexdigest(),
        raw_size=len(data),
    )


def html_sniff_score(head: bytes, path: Path | None) -> float:
    """How much ``head`` looks like an HTML page (0..1); see :class:`HtmlReader`."""
    text = head_text(head)
    root = root_tag(text)
    if root in _FEED_ROOTS:
        score = 0.0
    elif root in _HTML_ROOTS or text.lstrip().startswith("<!doctype html"):
        score = 0.95
    elif root in _HTML_FRAGMENT_ROOTS:
        score = 0.7
    elif "<html" in text or "<body" in text:
        score = 0.6
    elif root is not None and len(_TAG_RE.findall(text, 0, 4096)) >= 3:
        score = 0.4
    else:
        score = 0.0
    if score and path is not None and path.suffix.lower() in _HTML_SUFFIXES:
        score += 0.04
    return score


class HtmlReader:
    """Reads one HTML page into one text."""

    name: InputKind = "html"

    def sniff(self, head: bytes, path: Path | None) -> float:
        """0.95 for a page that opens with ``<html>`` or an HTML doctype, 0.7
        for one that opens with another HTML element, 0.6 for ``<html>`` or
        ``<body>`` further in, 0.4 for other markup that opens with a tag; 0
        for feeds and for text that merely contains a few tags. An HTML
        extension adds 0.04."""
        return html_sniff_score(head, path)

    def read(self, raw: RawInput, settings: Settings) -> Iterator[Extracted | InputError]:
        """Yield the page's main text and metadata (see the module doc)."""
        page = extract_page(raw.data, locator=raw.locator, settings=settings)
        yield page
        warning = reduced_warning(page)
        if warning is not None:
            yield warning
