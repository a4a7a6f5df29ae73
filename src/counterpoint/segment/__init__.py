"""Segmentation: the items of a page, each with its caption, headline,
photo captions, paragraphs, date and the boilerplate removed from it.

Public API: ``segment(document) -> tuple[Item, ...]``.

What it guarantees (see ``counterpoint.segment.items`` for the details):

* pure and deterministic: the same document gives the same items, ids
  included (``Item.make_id(document.id, start, end)``); the document is not
  changed;
* it never raises for any text: a text with no non-whitespace character
  gives ``()``, any other text at least one item (a text that is all
  boilerplate gives one item whose paragraphs are empty and whose ``dropped``
  holds the lines);
* items are in text order, numbered 1..n, do not overlap, and every
  non-blank line of the text belongs to one of them;
* every offset is into ``document.text`` and every ``Span``/``Dropped`` text
  equals ``document.text[start:end]``; the headline keeps its printed date;
* boilerplate is never removed silently: each removed stretch is a
  ``Dropped`` with a reason from ``counterpoint.segment.boilerplate.REASONS``;
* a headline date gives ``published`` with origin ``"headline"`` and its
  granularity (day or month); a document that is one item falls back to
  ``document.published`` with origin ``"document"``; an item of a multi-item
  page without a headline date stays unknown. Numeric slash dates are read
  day-first unless the page shows otherwise (``dates.slash_order``);
* fast: regular expressions over lines, no date parser (well under a
  millisecond for a 600-word article); bounded: a text of more than
  ``MAX_LINES`` lines (no news page has that many: a dump of a whole site, or
  a hostile page of a million one-word elements) is not cut into items, but
  stored as one item whose body is its whole text (:func:`too_many_lines`
  says so, and the caller records a warning), which costs one pass.

How a page is cut (``headlines``): two or more item headlines make a
multi-item page; otherwise the document is one item whose headline is found
near its top (``headlines.single_headline``).
"""

from __future__ import annotations

from counterpoint.model import Document, Item, PartialDate, Span
from counterpoint.segment.boilerplate import REASONS
from counterpoint.segment.items import segment_document

__all__ = ["MAX_LINES", "REASONS", "segment", "too_many_lines"]

#: Lines over which a text is stored as one item, not cut (segmentation takes 20-60 µs a line).
MAX_LINES = 50_000


def too_many_lines(document: Document) -> bool:
    """Whether ``document`` is over ``MAX_LINES`` lines, so :func:`segment` keeps it whole."""
    return document.text.count("\n", 0, len(document.text)) >= MAX_LINES


def _whole(document: Document) -> tuple[Item, ...]:
    """One item whose one paragraph is the whole text (blank edges left out)."""
    text = document.text
    start, end = len(text) - len(text.lstrip()), len(text.rstrip())
    if start >= end:
        return ()
    p = document.published
    published = PartialDate(p.year, p.month, p.day, "document") if p.known else PartialDate()
    return (Item(id=Item.make_id(document.id, start, end), document_id=document.id, position=1, start=start,
                 end=end, caption=None, headline=None, photo_captions=(), paragraphs=(Span.of(text, start, end),),
                 published=published, dropped=()),)


def segment(document: Document) -> tuple[Item, ...]:
    """The items of ``document``, in text order (empty for a blank text)."""
    if too_many_lines(document):
        return _whole(document)
    return segment_document(document)
