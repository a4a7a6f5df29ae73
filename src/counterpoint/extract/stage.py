"""The extract stage: events with attribution for every annotated item.

Needs: items whose annotation status is "done" (annotate stage). Adds:
``events`` and an ``extractions`` status row per item (done, failed).

Guarantees: only events with ``confidence >= MIN_CONFIDENCE`` are stored (all
carry their confidence, so exports can filter further); one bad item is
recorded as failed and the run goes on; a re-run only extracts what is still
pending. Pass the annotate stage's pipeline wrapped in a ``DocKeeper`` as
``nlp`` to reuse its parse instead of parsing every text again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Protocol

from counterpoint.batching import run_batches
from counterpoint.config import Settings
from counterpoint.extract.docs import DocKeeper
from counterpoint.extract.extractor import EXTRACTOR, Extractor, ItemEvents
from counterpoint.model import Event
from counterpoint.store.events import PendingExtraction

#: Events below this confidence are not stored. (A setting ``event_min_confidence``
#: for filtering exports belongs in ``Settings``; storing uses this floor.)
MIN_CONFIDENCE = 0.3
#: Items per extraction batch (one ``nlp.pipe`` and one classifier call each).
BATCH_ITEMS = 64


class EventStore(Protocol):
    def items_to_extract(self) -> Iterator[PendingExtraction]: ...

    def save_events(self, item_id: str, events: Sequence[Event], *, status: str, extractor: str,
                    detail: str | None = None,
                    explanations: Mapping[str, Mapping[str, Any]] | None = None) -> None: ...

    def commit(self) -> None: ...


def extract_pending(
    store: EventStore,
    settings: Settings,
    *,
    nlp: Any | None = None,
    extractor: Extractor | None = None,
    progress: Callable[[int], None] | None = None,
    classifier: bool = True,
) -> dict[str, int]:
    """Extract events from every annotated item not yet extracted; returns counts of what was done.

    ``classifier=False`` types by the lexicon alone (the learned classifier's sentence
    embeddings cost more than the rest of extraction).

    Keys: ``items``, ``extracted``, ``failed``, ``events`` (stored), ``below_confidence``
    (found but not stored), ``sentences``, ``sentences_skipped``, ``sentences_per_s``,
    ``reused_parses`` and ``classifier`` (1 when the learned classifier was used).
    """
    summary = {"items": 0, "extracted": 0, "failed": 0, "events": 0, "below_confidence": 0, "sentences": 0,
               "sentences_skipped": 0, "sentences_per_s": 0, "reused_parses": 0, "classifier": 0}
    pending = store.items_to_extract()
    elapsed = 0.0

    def failed(p: PendingExtraction, exc: Exception) -> None:
        store.save_events(p.item.id, [], status="failed", extractor=EXTRACTOR, detail=f"{type(exc).__name__}: {exc}")
        summary["failed"] += 1

    def worker() -> Callable[[list[PendingExtraction]], list[ItemEvents]]:
        nonlocal extractor
        if extractor is None:
            extractor = Extractor(nlp, settings=settings, typer="auto" if classifier else None)
        _ = extractor.nlp  # load before timing: sentences_per_s measures extraction, not model loading
        return extractor.extract

    for batch, results, seconds in run_batches(pending, BATCH_ITEMS, worker, failed):
        summary["items"] += len(batch)
        elapsed += seconds
        for p, result in zip(batch, results, strict=True):
            if result is None:
                continue
            kept = [e for e in result.events if e.confidence >= MIN_CONFIDENCE]
            summary["below_confidence"] += len(result.events) - len(kept)
            summary["events"] += len(kept)
            summary["sentences"] += result.sentences
            summary["sentences_skipped"] += sum(result.skipped.values())
            detail = ", ".join(f"{k}: {v}" for k, v in sorted(result.skipped.items())) or None
            store.save_events(p.item.id, kept, status="done", extractor=EXTRACTOR,
                              detail=f"sentences skipped ({detail})" if detail else None,
                              explanations={e.id: result.explanations[e.id] for e in kept})
            summary["extracted"] += 1
        if progress:
            progress(len(batch))
    store.commit()
    if summary["sentences"] and elapsed > 0:
        summary["sentences_per_s"] = int(summary["sentences"] / elapsed)
    if extractor is not None:
        summary["classifier"] = int(extractor.typer is not None)
        keeper = extractor._nlp
        if isinstance(keeper, DocKeeper):
            summary["reused_parses"] = keeper.hits
    return summary
