"""Cut a document into items and fill each item's parts.

Guarantees of ``segment_document`` (the public ``segment``):

* a text without a non-whitespace character gives no item; any other text
  gives at least one;
* items come in text order, do not overlap, are numbered 1..n, and together
  cover every non-blank line of the text: each line belongs to exactly one
  item, and item ``start``/``end`` run from its first line to its last;
* inside an item every non-whitespace character is in exactly one of its
  caption, headline, photo captions, paragraphs or dropped records, except a
  list marker (``• ``, ``1. ``) in front of a headline, which no record holds;
* every ``Span`` and ``Dropped`` satisfies ``text == document.text[start:end]``;
* ``published`` comes from the headline (origin ``"headline"``); only a
  document that is one item falls back to ``document.published`` (origin
  ``"document"``); otherwise it stays unknown;
* pure and deterministic; no date parser, no model, linear in the text.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

from counterpoint.model import Document, Dropped, Item, PartialDate, Span
from counterpoint.segment.blocks import mark_blocks
from counterpoint.segment.dates import slash_order
from counterpoint.segment.headlines import LineInfo, analyse, item_headlines, single_headline
from counterpoint.segment.lines import body_like, ends_sentence, is_photo_caption, kicker_like, split_lines
from counterpoint.segment.pagedates import is_date_line

#: Two lines of one block are one paragraph when the first is at least this
#: long and does not end a sentence (hard-wrapped text).
_WRAP_MIN = 40


@dataclass(slots=True)
class Plan:
    """The lines ``first..last`` (inclusive, indices into the analysed lines)
    of one item and the roles of some of them."""

    first: int
    last: int
    caption: int | None = None
    headline: int | None = None
    photos: set[int] = field(default_factory=set)
    page_header: set[int] = field(default_factory=set)


def _plan_multi(infos: Sequence[LineInfo], heads: Sequence[int]) -> list[Plan]:
    head_set = set(heads)
    plans: list[Plan] = []
    prev = -1
    for h in heads:
        lo = prev + 1
        plan = Plan(first=h, last=h, headline=h)
        j = h - 1
        while j >= lo and infos[j].reason is None and is_photo_caption(infos[j].content, slot=j == h - 1):
            plan.photos.add(j)
            j -= 1
        # a bullet headline of a digest has no kicker
        above = infos[j] if j >= lo and j not in head_set and not infos[h].marker else None
        if above is not None and above.reason is None and not above.marker and kicker_like(above.content):
            plan.caption = j
            j -= 1
            while j >= lo and infos[j].reason is None and infos[j].photo:
                plan.photos.add(j)
                j -= 1
        plan.first = j + 1
        plans.append(plan)
        prev = h
    for a, b in itertools.pairwise(plans):
        a.last = b.first - 1
    plans[-1].last = len(infos) - 1
    lead = range(0, plans[0].first)
    if not lead:
        return plans
    if any(infos[i].reason is None and body_like(infos[i].content) for i in lead):
        return [Plan(first=0, last=plans[0].first - 1), *plans]
    for i in lead:
        if infos[i].reason is None:
            if infos[i].photo:
                plans[0].photos.add(i)
            else:
                plans[0].page_header.add(i)
    plans[0].first = 0
    return plans


def _span(text: str, start: int, end: int) -> Span:
    return Span(start, end, text[start:end])


def _build(document: Document, infos: Sequence[LineInfo], plan: Plan, position: int, *, alone: bool) -> Item:
    text = document.text
    caption: Span | None = None
    headline: Span | None = None
    photos: list[Span] = []
    paragraphs: list[Span] = []
    dropped: list[Dropped] = []
    para: list[int] = []  # start, end of the open paragraph
    last_body: LineInfo | None = None

    def close() -> None:
        if para:
            paragraphs.append(_span(text, para[0], para[1]))
            para.clear()

    for i in range(plan.first, plan.last + 1):
        inf = infos[i]
        line = inf.line
        dropped.extend(inf.tails)
        if inf.reason is not None or i in plan.page_header:
            # a whole boilerplate line has no tails; a page-header line keeps its own
            close()
            end = inf.content_end
            dropped.append(Dropped(line.start, end, text[line.start : end], inf.reason or "page-header"))
            last_body = None
            continue
        if i == plan.headline:
            close()
            headline = _span(text, line.start + inf.marker, inf.content_end)
        elif i == plan.caption:
            close()
            caption = _span(text, line.start, inf.content_end)
        elif i in plan.photos or inf.photo:
            close()
            photos.append(_span(text, line.start, inf.content_end))
        else:
            joins = (
                para
                and last_body is not None
                and last_body.line.index == line.index - 1
                and last_body.line.block == line.block
                and not last_body.tails
                and len(last_body.content) >= _WRAP_MIN
                and not ends_sentence(last_body.content)
                and not inf.marker
            )
            if joins:
                para[1] = inf.content_end
            else:
                close()
                para.extend((line.start, inf.content_end))
            last_body = inf
            continue
        last_body = None
    close()

    published = PartialDate()
    head_info = infos[plan.headline] if plan.headline is not None else None
    if head_info is not None and head_info.dated and head_info.date is not None:
        published = head_info.date.date
    elif alone and document.published.known:
        p = document.published
        published = PartialDate(p.year, p.month, p.day, "document")
    start = infos[plan.first].line.start
    end = infos[plan.last].line.end
    return Item(
        id=Item.make_id(document.id, start, end),
        document_id=document.id,
        position=position,
        start=start,
        end=end,
        caption=caption,
        headline=headline,
        photo_captions=tuple(photos),
        paragraphs=tuple(paragraphs),
        published=published,
        dropped=tuple(sorted(dropped, key=lambda d: (d.start, d.end))),
    )


def segment_document(document: Document) -> tuple[Item, ...]:
    """Split ``document`` into items (see the module docstring for guarantees)."""
    lines = split_lines(document.text)
    if not lines:
        return ()
    infos = [analyse(line, "day-first") for line in lines]
    if any(inf.numeric for inf in infos) and slash_order(document.text) == "month-first":
        infos = [analyse(line, "month-first") for line in lines]
    infos = mark_blocks(infos)  # link lists, related-story blocks, menus (segment.blocks)
    heads = item_headlines(infos)
    if heads:
        plans = _plan_multi(infos, heads)
    else:
        single = single_headline(infos, document.title)
        plan = Plan(0, len(infos) - 1, caption=single.caption, headline=single.headline)
        # a line that is only a date, a time or a stamp is page furniture: the document's date
        # is read from it (read.text), it is no paragraph and no story title
        plan.page_header = {i for i, inf in enumerate(infos) if inf.reason is None
                            and i not in (plan.headline, plan.caption) and is_date_line(inf.content)}
        plans = [plan]
    alone = len(plans) == 1
    return tuple(_build(document, infos, plan, n, alone=alone) for n, plan in enumerate(plans, start=1))
