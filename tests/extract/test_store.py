"""The extract stage over a store: pending items, saved events, statuses, re-runs, failures."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from counterpoint.config import Settings
from counterpoint.extract.extractor import EXTRACTOR, Extractor, ItemEvents
from counterpoint.extract.stage import MIN_CONFIDENCE, extract_pending
from counterpoint.model import Document, PartialDate
from counterpoint.store.events import EventTables, PendingExtraction
from counterpoint.store.sqlite import SQLiteStore
from tests.extract.helpers import extractor, make_document, make_item, mentions_of, nlp


class Store(SQLiteStore, EventTables):
    """The SQLite store with the event tables mixed in (as ``SQLiteStore`` will have them)."""


HEADLINE = "Russia shells Kharkiv"
BODY = "Russian forces shelled Kharkiv on Monday, killing 12 civilians, Kyiv said."


def _annotate(store: Store, doc: Document) -> str:
    """Store a document with one item and hand-made annotations (no registry)."""
    from counterpoint.annotate.nlp import sentence_char_bounds
    from counterpoint.model import Sentence, TimeExpr

    item = make_item(doc, published=PartialDate(2024, 10, 15, "headline"), headline_end=len(HEADLINE))
    run = store.begin_run("test", [])
    store.add_document(doc, [item], run)
    sentences, mentions, times = [], [], []
    for fld, text in (("headline", HEADLINE), ("body", item.body)):
        for k, (s, e) in enumerate(sentence_char_bounds(nlp()(text))):
            sentences.append(Sentence(item.id, fld, k, s, e))  # type: ignore[arg-type]
        mentions.extend(mentions_of(item.id, fld, text))  # type: ignore[arg-type]
    start = item.body.index("Monday")
    times.append(TimeExpr(item.id, "body", start, start + 6, "Monday", PartialDate(2024, 10, 14, "document"), "event"))
    store.save_annotations(item.id, status="done", annotator="test", sentences=sentences, mentions=mentions,
                           times=times)
    store.commit()
    return item.id


@pytest.fixture
def estore(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "e.db")
    s.migrate()
    yield s
    s.close()


def test_extract_pending_saves_events_with_evidence(estore: Store) -> None:
    item_id = _annotate(estore, make_document(HEADLINE + "\n" + BODY))
    summary = extract_pending(estore, Settings(), extractor=extractor())
    assert summary["items"] == summary["extracted"] == 1 and summary["failed"] == 0
    assert summary["events"] >= 1 and summary["sentences"] >= 2
    assert estore.extraction_status() == {"done": 1}
    rows = list(estore.iter_events())
    assert rows
    event, meta = rows[0]
    assert event.item_id == item_id and event.event_type == "ASSAULT" and event.field == "body"
    assert event.fatalities == 12 and event.date.iso() == "2024-10-14"
    assert event.attribution.speaker_actor_id == "ukr-government" and event.attribution.cue == "said"
    assert event.actor is not None and event.actor.country == "RUS"
    assert meta["source"] == "example.org" and meta["published"] == "2024-10-15" and meta["headline"] == HEADLINE
    assert meta["explanation"]["trigger"] == "shelled" and meta["explanation"]["headline"]
    assert all(e.confidence >= MIN_CONFIDENCE for e, _ in rows)
    # a second run finds nothing pending
    assert extract_pending(estore, Settings(), extractor=extractor())["items"] == 0


def test_round_trip_keeps_every_field(estore: Store) -> None:
    _annotate(estore, make_document(HEADLINE + "\n" + BODY))
    result = extractor().extract(list(estore.items_to_extract()))[0]
    estore.save_events(result.item_id, result.events, status="done", extractor=EXTRACTOR,
                       explanations=result.explanations)
    back = {e.id: e for e, _ in estore.iter_events()}
    assert back == {e.id: e for e in result.events}


def test_min_confidence_filters_on_read(estore: Store) -> None:
    _annotate(estore, make_document(HEADLINE + "\n" + BODY))
    extract_pending(estore, Settings(), extractor=extractor())
    assert list(estore.iter_events(min_confidence=1.0)) == []


def test_only_annotated_items_are_offered(estore: Store) -> None:
    doc = make_document("Unannotated text about Kharkiv.", locator="other.txt")
    run = estore.begin_run("test", [])
    estore.add_document(doc, [make_item(doc)], run)
    estore.commit()
    assert list(estore.items_to_extract()) == []


class _Broken(Extractor):
    def extract(self, items: Sequence[PendingExtraction]) -> list[ItemEvents]:
        if any("boom" in p.item.body for p in items):
            raise RuntimeError("boom")
        return super().extract(items)


def test_a_bad_item_is_recorded_as_failed_and_the_run_goes_on(estore: Store) -> None:
    _annotate(estore, make_document(HEADLINE + "\n" + BODY))
    _annotate(estore, make_document(HEADLINE + "\n" + BODY + " boom", locator="boom.txt"))
    summary = extract_pending(estore, Settings(), extractor=_Broken(nlp(), typer=None, extra_lexicon={}))
    assert summary["failed"] == 1 and summary["extracted"] == 1
    assert estore.extraction_status() == {"done": 1, "failed": 1}
