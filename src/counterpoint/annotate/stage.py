"""The annotate stage: sentences, actor and place mentions, time expressions.

Needs: stored items (segment stage). Adds: ``sentences``, ``mentions``
(kind actor or place) and ``time_exprs`` per item, and an ``annotations``
status row (done, skipped-language, failed).

Guarantees: offsets are into the item's headline or body as ``field`` says;
items of documents in a language that is not analysed are skipped and marked,
never mis-analysed; a long body is given to spaCy in chunks cut at paragraph
boundaries (memory bounded); one bad item is recorded as failed and the run
goes on; a re-run only annotates what is still pending.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from counterpoint.annotate.actors import ActorRegistry, LinkContext, link_mentions
from counterpoint.annotate.dates import find_dates, page_date_order
from counterpoint.annotate.nlp import load_nlp, sentence_char_bounds
from counterpoint.annotate.places import PlaceContext, find_places
from counterpoint.annotate.places import patterns as place_patterns
from counterpoint.batching import batches, each_or_alone
from counterpoint.config import Settings
from counterpoint.model import Field, Mention, Sentence, TimeExpr
from counterpoint.store.annotations import PendingItem
from counterpoint.store.base import Store

#: Bump when the output of this stage changes for the same input.
ANNOTATOR = "annotate.v1"
#: Characters given to spaCy in one batch (bounds peak memory on long items).
CHARS_PER_BATCH = 40_000
#: Where a piece of text comes from: item index, field, offset of the piece in the field.
Meta = tuple[int, Field, int]


def chunks(text: str, limit: int) -> list[tuple[int, str]]:
    """Cut ``text`` into ``(offset, piece)`` of at most ``limit`` characters.

    Cuts fall on paragraph breaks, else on sentence ends, else on spaces, so a
    sentence is only split when it alone is longer than ``limit``.
    """
    out: list[tuple[int, str]] = []
    start = 0
    n = len(text)
    while start < n:
        end = min(start + limit, n)
        if end < n:
            window = text[start:end]
            cut = max(window.rfind("\n\n"), -1)
            if cut <= 0:
                cut = max(window.rfind(". "), window.rfind("\n"))
                cut = cut + 1 if cut > 0 else window.rfind(" ")
            if cut > 0:
                end = start + cut
        out.append((start, text[start:end]))
        start = end
    return out


def analysed_body(body: str, cap: int) -> str:
    """The part of an item's body that annotation, extraction and framing read: all of it up to
    ``cap`` characters, else its start cut before ``cap`` as :func:`chunks` cuts (paragraph, sentence
    end, space). A prefix, so offsets into it are offsets into the body."""
    if len(body) <= cap:
        return body
    return chunks(body[: cap + 1], cap)[0][1]


@dataclass(slots=True)
class Annotated:
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)


@dataclass(slots=True)
class AnnotateSummary:
    items: int = 0
    annotated: int = 0
    skipped_language: int = 0
    failed: int = 0
    mentions: int = 0
    linked: int = 0
    times: int = 0

    def to_dict(self) -> dict[str, int]:
        return dataclasses.asdict(self)


class Annotator:
    """Loads the pipeline, the registry and the gazetteer once; annotates items."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.registry = ActorRegistry.load(extra=settings.registry_files)
        self.nlp = load_nlp(settings.spacy_model, [*self.registry.patterns(), *place_patterns()])

    def _pieces(self, items: list[PendingItem]) -> Iterator[tuple[str, Meta]]:
        for n, pending in enumerate(items):
            item = pending.item
            if item.headline is not None and item.headline.text.strip():
                yield item.headline.text, (n, "headline", 0)
            body = analysed_body(item.body, self.settings.max_analysed_chars)
            for offset, piece in chunks(body, self.settings.chunk_chars):
                yield piece, (n, "body", offset)

    def _parse(self, pieces: Iterable[tuple[str, Meta]]) -> Iterator[tuple[Any, Meta]]:
        """``nlp.pipe`` in batches bounded by text count and by characters.

        spaCy's activations grow with the characters in a batch, so a batch
        of 64 long chunks would take memory in proportion to the item: the
        character budget (``CHARS_PER_BATCH``) keeps peak memory flat.
        """
        settings = self.settings
        if settings.nlp_processes > 1:
            yield from self.nlp.pipe(pieces, as_tuples=True, batch_size=settings.nlp_batch_size,
                                     n_process=settings.nlp_processes)
            return
        group: list[tuple[str, Meta]] = []
        chars = 0
        for piece in pieces:
            if group and (len(group) >= settings.nlp_batch_size or chars + len(piece[0]) > CHARS_PER_BATCH):
                yield from self.nlp.pipe(group, as_tuples=True, batch_size=len(group))
                group, chars = [], 0
            group.append(piece)
            chars += len(piece[0])
        if group:
            yield from self.nlp.pipe(group, as_tuples=True, batch_size=len(group))

    def annotate(self, items: list[PendingItem]) -> list[Annotated]:
        """Annotate items of analysed documents (the caller filters languages)."""
        results = [Annotated() for _ in items]
        order = page_date_order(
            [p.item.headline.text for p in items if p.item.headline] + [p.item.body[:2000] for p in items]
        )
        contexts: dict[int, tuple[LinkContext, PlaceContext]] = {}
        sentence_base: dict[tuple[int, Field], int] = {}
        for doc, (n, fld, offset) in self._parse(self._pieces(items)):
            pending = items[n]
            item = pending.item
            published = item.published.iso()
            if n not in contexts:
                contexts[n] = (LinkContext(registry=self.registry), PlaceContext())
            link_ctx, place_ctx = contexts[n]
            result = results[n]
            base = sentence_base.get((n, fld), 0)
            piece_text = doc.text
            spans = sentence_char_bounds(doc)
            for k, (s_start, s_end) in enumerate(spans):
                result.sentences.append(Sentence(item.id, fld, base + k, offset + s_start, offset + s_end))
            sentence_base[(n, fld)] = base + len(spans)
            found = link_mentions(doc, item_id=item.id, field=fld, published=published, context=link_ctx)
            found += find_places(doc, item_id=item.id, field=fld, context=place_ctx)
            times = find_dates(piece_text, item_id=item.id, field=fld, published=item.published, order=order,
                               sentences=spans)
            result.mentions.extend(_shift(m, offset, base) for m in found)
            result.times.extend(_shift(t, offset, base) for t in times)
        return results


def _shift(record: Any, offset: int, base: int) -> Any:
    if offset == 0 and base == 0:
        return record
    return dataclasses.replace(record, start=record.start + offset, end=record.end + offset,
                               sentence=record.sentence + base)


def annotate_pending(
    store: Store,
    settings: Settings,
    *,
    annotator: Annotator | None = None,
    progress: Callable[[int], None] | None = None,
) -> AnnotateSummary:
    """Annotate every stored item not yet annotated; returns what was done."""
    summary = AnnotateSummary()
    pending = list(store.items_to_annotate())
    if not pending:
        return summary
    todo = []
    for p in pending:
        summary.items += 1
        if p.analysed:
            todo.append(p)
        else:
            store.save_annotations(p.item.id, status="skipped-language", annotator=ANNOTATOR,
                                   detail=f"language {p.language} is not analysed")
            summary.skipped_language += 1
    if todo:
        annotator = annotator or Annotator(settings)

    def failed(p: PendingItem, exc: Exception) -> None:
        store.save_annotations(p.item.id, status="failed", annotator=ANNOTATOR, detail=f"{type(exc).__name__}: {exc}")
        summary.failed += 1

    for batch in batches(todo, 64, group=lambda p: p.document_id):
        assert annotator is not None
        results = each_or_alone(batch, annotator.annotate, failed)
        for p, result in zip(batch, results, strict=True):
            if result is None:
                continue
            store.save_annotations(p.item.id, status="done", annotator=ANNOTATOR, sentences=result.sentences,
                                   mentions=result.mentions, times=result.times)
            summary.annotated += 1
            summary.mentions += len(result.mentions)
            summary.linked += sum(1 for m in result.mentions if m.actor_id or m.place)
            summary.times += len(result.times)
        if progress:
            progress(len(batch))
    store.commit()
    return summary
