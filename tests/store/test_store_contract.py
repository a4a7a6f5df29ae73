"""The storage contract, on every store (SQLite and PostgreSQL): idempotent upserts, versions, order,
full-text search, failures, atomic writes."""

from __future__ import annotations

import pytest

from counterpoint.errors import StoreError, UsageError
from counterpoint.model import Failure, PartialDate
from counterpoint.store.base import Store
from counterpoint.store.postgres import migrations as pg_migrations
from counterpoint.store.sqlite import migrations
from tests.conftest import make_document, make_item

TEXT = "Troops cross the border\nSoldiers crossed the border near Kursk on Tuesday, officials said."


@pytest.fixture
def store(any_store: Store) -> Store:
    return any_store


def test_both_engines_have_the_same_migrations() -> None:
    assert [n for n, _ in pg_migrations()] == [n for n, _ in migrations()]


def test_migrations_are_recorded_and_applied_once(store: Store) -> None:
    assert store.migrate() == []
    applied = {r[0] for r in store.conn.execute("SELECT name FROM _migrations")}
    assert applied == {n for n, _ in migrations()}


def test_same_document_twice_changes_nothing(store: Store) -> None:
    doc = make_document(TEXT)
    item = make_item(doc, 0, len(TEXT), headline_end=TEXT.index("\n"))
    run = store.begin_run("ingest", ["x"])
    assert store.add_document(doc, [item], run) is True
    assert store.add_document(doc, [item], run) is False
    store.commit()
    counts = store.counts()
    assert (counts.documents, counts.items) == (1, 1)
    stored = list(store.iter_items())
    assert stored[0].item == item
    assert store.get_document(doc.id) == doc


def test_changed_file_is_a_new_version_and_the_old_stays(store: Store) -> None:
    run = store.begin_run("ingest", [])
    old = make_document(TEXT, locator="same.txt")
    new = make_document(TEXT + " Updated.", locator="same.txt")
    store.add_document(old, [make_item(old, 0, len(old.text))], run)
    store.add_document(new, [make_item(new, 0, len(new.text))], run)
    store.commit()
    versions = sorted((r.document_version, r.item.document_id) for r in store.iter_items())
    assert [v for v, _ in versions] == [1, 2]
    assert {d for _, d in versions} == {old.id, new.id}


def test_items_filter_by_source_and_since_unknown_last(store: Store) -> None:
    run = store.begin_run("ingest", [])
    a = make_document("Alpha text about Pyongyang.", source="a.example", locator="a")
    b = make_document("Beta text about Seoul.", source="b.example", locator="b")
    c = make_document("Gamma text without a date.", source="a.example", locator="c")
    store.add_document(a, [make_item(a, 0, len(a.text), published=PartialDate(2024, 10, 9, "headline"))], run)
    store.add_document(b, [make_item(b, 0, len(b.text), published=PartialDate(2025, 4, origin="headline"))], run)
    store.add_document(c, [make_item(c, 0, len(c.text))], run)
    store.commit()
    order = [r.item.document_id for r in store.iter_items()]
    assert order == [a.id, b.id, c.id]
    assert [r.source for r in store.iter_items(source="a.example")] == ["a.example", "a.example"]
    since = [r.item.document_id for r in store.iter_items(since=PartialDate(2025, 1, 1))]
    assert since == [b.id]


def test_search_ranks_headline_and_returns_snippets(store: Store) -> None:
    run = store.begin_run("ingest", [])
    a = make_document("Kursk offensive ends\nRussia says the region is retaken.", locator="a")
    b = make_document("Markets\nA note on rice prices, with Kursk mentioned once.", locator="b")
    store.add_document(a, [make_item(a, 0, len(a.text), headline_end=a.text.index("\n"))], run)
    store.add_document(b, [make_item(b, 0, len(b.text), headline_end=b.text.index("\n"))], run)
    store.commit()
    hits = store.search("kursk")
    assert [h.document_id for h in hits] == [a.id, b.id]
    assert "[Kursk]" in hits[1].snippet
    assert store.search('rice "prices') [0].document_id == b.id  # stray quote is harmless
    with pytest.raises(UsageError):
        store.search("AND OR (", raw=True)
    with pytest.raises(UsageError):
        store.search("  !! ")


def test_failures_are_kept_per_run_and_grouped(store: Store) -> None:
    f = Failure("bad.png", "input", "binary", "looks like a PNG image", "give a text file")
    r1 = store.begin_run("ingest", [])
    store.add_failure(f, r1)
    store.add_failure(f, r1)  # same run: once
    r2 = store.begin_run("ingest", [])
    store.add_failure(f, r2)
    store.commit()
    rows = store.failures()
    assert len(rows) == 1 and rows[0].times == 2 and rows[0].run_id == r2
    assert store.counts().failures == 1
    r3 = store.begin_run("ingest", [])
    store.commit()
    assert store.failures(last_run_only=True) == []
    assert r3


def test_a_failed_document_write_leaves_no_half_rows(store: Store) -> None:
    run = store.begin_run("ingest", [])
    doc = make_document(TEXT)
    item = make_item(doc, 0, 5)
    with pytest.raises(StoreError):
        store.add_document(doc, [item, item], run)  # duplicate item id violates UNIQUE
    store.commit()
    assert store.counts().documents == 0 and store.counts().items == 0


def test_has_items_to_annotate_follows_the_status_rows(store: Store) -> None:
    assert store.has_items_to_annotate() is False
    run = store.begin_run("ingest", [])
    doc = make_document(TEXT)
    item = make_item(doc, 0, len(TEXT))
    store.add_document(doc, [item], run)
    assert store.has_items_to_annotate() is True
    store.save_annotations(item.id, status="done", annotator="test")
    assert store.has_items_to_annotate() is False
