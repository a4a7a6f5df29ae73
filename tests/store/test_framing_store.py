"""Framing tables: pending items, atomic replace, cascade, status, filters and per-source profiles."""

from __future__ import annotations

import pytest

from counterpoint.errors import StoreError
from counterpoint.model import FramingSpan, Item, Mention, Naming, PartialDate, Sentence
from counterpoint.store.base import Store
from counterpoint.store.framing import NameCount, PendingFraming, TextCount, count_words, item_words
from tests.conftest import make_document, make_item


@pytest.fixture
def store(any_store: Store) -> Store:
    """Every test here runs on SQLite and on PostgreSQL."""
    return any_store

HEADLINE = "Kiev regime shells Donetsk"
BODY = 'The so-called "referendum" was allegedly a sham, said the Kiev regime.'


def _add(store: Store, text: str = HEADLINE + "\n" + BODY, *, locator: str = "a.txt",
         source: str | None = "a.example", published: PartialDate | None = None,
         annotated: str | None = "done") -> Item:
    """Store a one-item document; mark it annotated (status ``annotated``) with one sentence per field."""
    doc = make_document(text, locator=locator, source=source)
    headline_end = text.index("\n") if "\n" in text else None
    item = make_item(doc, 0, len(text), published=published, headline_end=headline_end)
    run = store.begin_run("test", [])
    store.add_document(doc, [item], run)
    if annotated is not None:
        sentences = [Sentence(item.id, "body", 0, 0, len(item.body))]
        if item.headline:
            sentences.insert(0, Sentence(item.id, "headline", 0, 0, len(item.headline.text)))
        mentions = [Mention(item.id, "body", 0, 3, item.body[:3], "actor", "x-actor", "UKR", "GOV")]
        store.save_annotations(item.id, status=annotated, annotator="test", sentences=sentences, mentions=mentions)
    store.commit()
    return item


def _span(item: Item, text: str, label: str, *, kind: str = "technique", confidence: float = 0.9,
          field: str = "body") -> FramingSpan:
    stored = item.body if field == "body" else (item.headline.text if item.headline else "")
    start = stored.index(text)
    return FramingSpan(item.id, field, start, start + len(text), text, label, kind, confidence,  # type: ignore[arg-type]
                       "lexicon", 0, f"cue: {text}")


def _naming(item: Item, text: str, actor_id: str, tone: str = "neutral") -> Naming:
    start = item.body.index(text) if text in item.body else 0
    return Naming(item.id, "body", start, start + len(text), text, actor_id, tone, ("regime",))  # type: ignore[arg-type]


def _rows(store: Store, table: str, item_id: str) -> int:
    return int(store.conn.execute(f"SELECT count(*) FROM {table} WHERE item_id = ?", (item_id,)).fetchone()[0])


def test_migration_creates_the_framing_tables(store: Store) -> None:
    for table in ("framings", "framing_spans", "namings"):
        assert store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    store.conn.execute("SELECT item_id, status, framer, detail, words, at FROM framings").fetchall()


def test_only_annotated_done_unframed_items_are_pending(store: Store) -> None:
    assert store.has_items_to_frame() is False
    first = _add(store, locator="1.txt")
    _add(store, "Not annotated yet\nA body.", locator="2.txt", annotated=None)
    _add(store, "Annotation failed\nA body.", locator="3.txt", annotated="failed")
    second = _add(store, "Second annotated\nAnother body about Kharkiv.", locator="4.txt")
    assert store.has_items_to_frame() is True
    pending = list(store.items_to_frame())
    assert [p.item.id for p in pending] == [first.id, second.id]  # document order
    p = pending[0]
    assert isinstance(p, PendingFraming) and p.item == first
    assert [s.field for s in p.sentences] == ["body", "headline"]
    assert [m.actor_id for m in p.mentions] == ["x-actor"]
    assert p.words == item_words(first) == count_words(HEADLINE) + count_words(BODY)
    store.save_framing(first.id, [], [], status="done", framer="t1")
    store.save_framing(second.id, [], [], status="failed", framer="t1", detail="boom")
    assert [p.item.id for p in store.items_to_frame()] == []
    assert store.has_items_to_frame() is False
    # extraction state is independent: both items are still pending for the extract stage
    assert [p.item.id for p in store.items_to_extract()] == [first.id, second.id]


def test_count_words() -> None:
    assert count_words(None) == count_words("") == 0
    assert count_words("The so-called \"referendum\" wasn't real, 2024.") == 6
    assert count_words("Киевский режим — 3 раза") == 4


def test_save_replaces_spans_namings_and_status(store: Store) -> None:
    item = _add(store)
    store.save_framing(item.id, [_span(item, "so-called", "Doubt"), _span(item, "sham", "Loaded_Language")],
                       [_naming(item, "Kiev regime", "ukr-government", "pejorative")],
                       status="done", framer="t1", words=12)
    store.commit()
    assert (_rows(store, "framing_spans", item.id), _rows(store, "namings", item.id)) == (2, 1)
    assert list(store.iter_namings()) == [_naming(item, "Kiev regime", "ukr-government", "pejorative")]
    store.save_framing(item.id, [_span(item, "allegedly", "Hedge", kind="hedge")], [], status="done", framer="t2",
                       words=12)
    store.commit()
    assert [s.label for s, _ in store.iter_framing_spans()] == ["Hedge"]
    assert list(store.iter_namings()) == []
    row = store.conn.execute("SELECT status, framer, words FROM framings WHERE item_id = ?", (item.id,)).fetchone()
    assert tuple(row) == ("done", "t2", 12)
    assert store.framing_status() == {"done": 1}


def test_a_failed_save_leaves_the_previous_framing_whole(store: Store) -> None:
    item = _add(store)
    before = [_span(item, "sham", "Loaded_Language")]
    store.save_framing(item.id, before, [], status="done", framer="t1", words=12)
    store.commit()
    orphan = FramingSpan("i_missing", "body", 0, 3, "The", "Doubt", "technique", 0.5, "rule")
    with pytest.raises(StoreError, match="cannot store framing"):
        store.save_framing(item.id, [_span(item, "so-called", "Doubt"), orphan], [], status="done", framer="t2")
    store.commit()
    assert [s for s, _ in store.iter_framing_spans()] == before
    assert store.conn.execute("SELECT framer FROM framings").fetchall()[0][0] == "t1"


def test_deleting_an_item_cascades(store: Store) -> None:
    item = _add(store)
    store.save_framing(item.id, [_span(item, "sham", "Loaded_Language")], [_naming(item, "Kiev regime", "ukr")],
                       status="done", framer="t1")
    store.commit()
    store.conn.execute("DELETE FROM items WHERE id = ?", (item.id,))
    assert [_rows(store, t, item.id) for t in ("framing_spans", "namings", "framings")] == [0, 0, 0]


def test_status_counts(store: Store) -> None:
    a, b, c = (_add(store, locator=f"{k}.txt", text=f"Headline {k}\nBody {k}.") for k in range(3))
    for item, status in ((a, "done"), (b, "done"), (c, "failed")):
        store.save_framing(item.id, [], [], status=status, framer="t1")
    assert store.framing_status() == {"done": 2, "failed": 1}


def test_iter_spans_filters_and_meta(store: Store) -> None:
    late = _add(store, locator="late.txt", published=PartialDate(2024, 10, 9, "headline"))
    early = _add(store, HEADLINE + "\n" + BODY + " More.", locator="early.txt", source="b.example",
                 published=PartialDate(2024, 3, origin="headline"))
    store.save_framing(late.id, [_span(late, "sham", "Loaded_Language", confidence=0.4),
                                 _span(late, "so-called", "Doubt", confidence=0.8),
                                 _span(late, "Kiev regime", "Name_Calling,Labeling", field="headline")],
                       [], status="done", framer="t1")
    store.save_framing(early.id, [_span(early, "sham", "Loaded_Language", confidence=0.95)], [], status="done",
                       framer="t1")
    rows = list(store.iter_framing_spans())
    # publication order, then headline before body, then offset
    assert [(m["source"], s.text) for s, m in rows] == [
        ("b.example", "sham"), ("a.example", "Kiev regime"), ("a.example", "so-called"), ("a.example", "sham")]
    span, meta = rows[1]
    assert span.field == "headline" and span.label == "Name_Calling,Labeling" and span.evidence == "cue: Kiev regime"
    assert meta == {"source": "a.example", "url": None, "published": "2024-10-09", "document_id": late.document_id,
                    "locator": "late.txt", "position": 1}
    assert [s.text for s, _ in store.iter_framing_spans(source="a.example", label="Loaded_Language")] == ["sham"]
    assert [s.item_id for s, _ in store.iter_framing_spans(min_confidence=0.85)] == [early.id, late.id]
    assert [s.confidence for s, _ in store.iter_framing_spans(label="Loaded_Language", min_confidence=0.5)] == [0.95]
    assert list(store.iter_framing_spans(source="nobody")) == []


def test_profiles_rates_texts_and_a_source_without_spans(store: Store) -> None:
    a1 = _add(store, locator="a1.txt")
    a2 = _add(store, HEADLINE + "\n" + BODY + " Again.", locator="a2.txt")
    quiet = _add(store, "Weather\nSunny.", locator="q.txt", source="quiet.example")
    nosrc = _add(store, locator="n.txt", source=None)
    failed = _add(store, HEADLINE + "\n" + BODY + " Failed.", locator="f.txt")
    store.save_framing(a1.id, [_span(a1, "sham", "Loaded_Language"), _span(a1, "so-called", "Doubt"),
                               _span(a1, '"referendum"', "Scare_Quotes", kind="scare_quote"),
                               _span(a1, "allegedly", "Hedge", kind="hedge")],
                       [], status="done", framer="t1", words=1500)
    store.save_framing(a2.id, [_span(a2, "sham", "Loaded_Language"), _span(a2, "Kiev", "Loaded_Language"),
                               _span(a2, '"referendum"', "Scare_Quotes", kind="scare_quote"),
                               _span(a2, "so-called", "Scare_Quotes", kind="scare_quote")],
                       [], status="done", framer="t1", words=500)
    store.save_framing(quiet.id, [], [], status="done", framer="t1", words=2)
    store.save_framing(nosrc.id, [_span(nosrc, "sham", "Loaded_Language")], [], status="done", framer="t1",
                       words=100)
    store.save_framing(failed.id, [], [], status="failed", framer="t1", words=999)
    profiles = store.framing_profiles()
    assert [p.source for p in profiles] == ["a.example", "quiet.example", None]
    a, q, n = profiles
    assert (a.items, a.words) == (2, 2000)  # the failed item counts neither as an item nor in words
    assert a.techniques == {"Loaded_Language": 3, "Doubt": 1} and list(a.techniques) == ["Loaded_Language", "Doubt"]
    assert a.per_1000_words == {"Loaded_Language": 1.5, "Doubt": 0.5}
    assert a.spans == 4
    assert a.scare_quotes == (TextCount('"referendum"', 2), TextCount("so-called", 1))
    assert a.hedges == (TextCount("allegedly", 1),)
    assert (q.items, q.words, q.techniques, q.per_1000_words, q.scare_quotes, q.hedges, q.names) == (
        1, 2, {}, {}, (), (), {})
    assert n.techniques == {"Loaded_Language": 1} and n.per_1000_words == {"Loaded_Language": 10.0}
    only = store.framing_profiles(source="quiet.example")
    assert [p.source for p in only] == ["quiet.example"]
    assert store.framing_profiles(source="nobody") == []
    d = a.to_dict()
    assert d["per_1000_words"] == {"Loaded_Language": 1.5, "Doubt": 0.5}
    assert d["scare_quotes"][0] == {"text": '"referendum"', "count": 2}


def test_profile_zero_words_gives_zero_rates(store: Store) -> None:
    item = _add(store)
    store.save_framing(item.id, [_span(item, "sham", "Loaded_Language")], [], status="done", framer="t1")
    (profile,) = store.framing_profiles()
    assert profile.words == 0 and profile.per_1000_words == {"Loaded_Language": 0.0}


def test_profile_names_grouped_per_actor_most_used_first(store: Store) -> None:
    items = [_add(store, locator=f"{k}.txt", text=f"Headline {k}\n{BODY} {k}") for k in range(3)]
    other = _add(store, locator="other.txt", source="b.example")
    namings = {
        items[0].id: [_naming(items[0], "Kiev regime", "ukr-government", "pejorative"),
                      _naming(items[0], "the Kremlin", "rus-government")],
        items[1].id: [_naming(items[1], "Kiev regime", "ukr-government", "pejorative"),
                      _naming(items[1], "Kyiv", "ukr-government")],
        items[2].id: [_naming(items[2], "kiev REGIME", "ukr-government", "pejorative"),
                      _naming(items[2], "Kyiv", "ukr-government")],
        other.id: [_naming(other, "Kyiv", "ukr-government")],
    }
    for item_id, named in namings.items():
        store.save_framing(item_id, [], named, status="done", framer="t1", words=10)
    a, b = store.framing_profiles()
    assert list(a.names) == ["ukr-government", "rus-government"]
    assert a.names["ukr-government"] == (NameCount("Kiev regime", "pejorative", 3), NameCount("Kyiv", "neutral", 2))
    assert a.names["rus-government"] == (NameCount("the Kremlin", "neutral", 1),)
    assert b.names == {"ukr-government": (NameCount("Kyiv", "neutral", 1),)}
    assert a.to_dict()["names"]["ukr-government"][0] == {"text": "Kiev regime", "tone": "pejorative", "count": 3}


def test_framing_and_extraction_read_the_same_annotations(store: Store) -> None:
    item = _add(store)
    (framing,) = store.items_to_frame()
    (extraction,) = store.items_to_extract()
    assert framing.item.id == item.id
    assert (framing.item, framing.sentences, framing.mentions) == (
        extraction.item, extraction.sentences, extraction.mentions)
