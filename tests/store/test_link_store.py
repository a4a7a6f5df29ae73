"""Link tables: what waits for linking, bundles, vectors, copy groups and stories, atomic saves."""

from __future__ import annotations

import numpy as np
import pytest

from counterpoint.errors import StoreError
from counterpoint.model import Mention, Naming, PartialDate, Sentence, TimeExpr
from counterpoint.store.base import Store
from counterpoint.store.link import CopyGroupRow, StoryRow
from tests.conftest import make_document, make_item


@pytest.fixture
def store(any_store: Store) -> Store:
    """Every test here runs on SQLite and on PostgreSQL."""
    return any_store


def _add(store: Store, text: str, locator: str, source: str, published: str) -> str:
    doc = make_document(text, locator=locator, source=source, published=PartialDate.parse_iso(published, "flag"))
    headline_end = text.index("\n")
    item = make_item(doc, 0, len(text), published=PartialDate.parse_iso(published, "flag"),
                     headline_end=headline_end)
    store.add_document(doc, [item], "run")
    return item.id


def _finish(store: Store, item_id: str, *, annotate: str = "done", later: bool = True) -> None:
    store.save_annotations(item_id, status=annotate, annotator="t",
                           sentences=[Sentence(item_id, "body", 0, 0, 10)],
                           mentions=[Mention(item_id, "body", 0, 5, "Kyiv", "actor", "UKR", "UKR", "GOV")],
                           times=[TimeExpr(item_id, "body", 6, 10, "June", PartialDate(2024, 6))])
    if later:
        store.save_events(item_id, [], status="done", extractor="t")
        store.save_framing(item_id, [], [Naming(item_id, "body", 0, 5, "Kyiv", "UKR", "neutral")], status="done",
                           framer="t")


@pytest.fixture
def linked_store(store: Store) -> tuple[Store, list[str]]:
    ids = [_add(store, f"Headline {n}\nKyiv said things {n} times in June.", f"d{n}.txt", f"s{n % 2}",
                f"2024-06-{10 + n:02d}") for n in range(3)]
    store.commit()
    return store, ids


def test_items_wait_for_every_per_item_stage(linked_store: tuple[Store, list[str]]) -> None:
    store, ids = linked_store
    assert store.items_to_link() == []  # not annotated yet
    _finish(store, ids[0])
    _finish(store, ids[1], later=False)  # annotated, not extracted nor framed
    _finish(store, ids[2], annotate="skipped-language", later=False)  # never analysed: linked on its text
    assert store.items_to_link() == [ids[0], ids[2]]
    store.save_links(linker="t", done=[(ids[0], '{"x": 1}')], failed=[(ids[2], "boom")])
    assert store.items_to_link() == []
    assert store.link_status() == {"done": 1, "failed": 1}


def test_bundles_carry_every_annotation_and_the_vector(linked_store: tuple[Store, list[str]]) -> None:
    store, ids = linked_store
    _finish(store, ids[0])
    store.save_item_vectors({ids[0]: np.arange(4, dtype=np.float32)}, model="m")
    [bundle] = store.load_bundles([ids[0], "i_missing"])
    assert bundle.id == ids[0] and bundle.source == "s0" and bundle.first_seen
    assert bundle.headline == "Headline 0" and bundle.body.startswith("Kyiv said")
    assert [m.actor_id for m in bundle.mentions] == ["UKR"]
    assert [t.value.iso() for t in bundle.times] == ["2024-06"]
    assert [n.text for n in bundle.namings] == ["Kyiv"]
    assert len(bundle.sentences) == 1 and bundle.events == ()
    assert bundle.vector is not None and bundle.vector.tolist() == [0.0, 1.0, 2.0, 3.0]
    assert bundle.text == "Headline 0\n\n" + bundle.body
    assert [b.id for b in store.load_bundles()] == ids  # every item, document order


def test_copy_groups_are_replaced_when_they_grow(linked_store: tuple[Store, list[str]]) -> None:
    store, ids = linked_store
    a, b, c = ids
    store.save_links(linker="t", done=[(a, None), (b, None)],
                     groups=[CopyGroupRow("c_1", "exact", a, (a, b), {"item_ids": [a, b], "pairs": []})])
    assert [g.item_ids for g in store.iter_copy_groups()] == [(a, b)]
    store.save_links(linker="t", done=[(c, None)],
                     groups=[CopyGroupRow("c_2", "near", a, (a, b, c), {"item_ids": [a, b, c], "pairs": []})])
    groups = list(store.iter_copy_groups())
    assert [(g.group_id, g.item_ids) for g in groups] == [("c_2", (a, b, c))]
    assert store.copy_group_of(b) == "c_2"
    assert [g.group_id for g in store.iter_copy_groups(source="s1")] == ["c_2"]
    assert list(store.iter_copy_groups(source="nobody")) == []


def test_stories_are_listed_filtered_and_their_items_ordered(linked_store: tuple[Store, list[str]]) -> None:
    store, ids = linked_store
    for item_id in ids:
        _finish(store, item_id)
    story = StoryRow("s_1", "Headline 0", "2024-06-10", ids[0], "2024-06", "2024-06", 3, 2,
                     {"item_ids": ids, "sources": ["s0", "s1"]})
    late = StoryRow("s_2", "Other", None, ids[2], None, None, 1, 1, {"item_ids": [ids[2]]})
    store.save_links(linker="t", done=[(i, None) for i in ids],
                     assignments=[(ids[2], "s_1", 0.9), (ids[0], "s_1", None), (ids[1], "s_1", 0.8)],
                     stories=[story, late])
    assert [s.id for s in store.iter_stories()] == ["s_1", "s_2"]  # undated last
    assert [s.id for s in store.iter_stories(since="2024-06-11")] == []
    assert [s.id for s in store.iter_stories(actor_id="UKR")] == ["s_1"]
    assert store.story_item_ids("s_1") == ids  # publication order, whatever the assignment order
    assert store.story_of(ids[1]) == "s_1" and store.story_of("i_none") is None
    got = store.get_story("s_1")
    assert got is not None and got.record["sources"] == ["s0", "s1"] and got.size == 3
    assert store.get_story("s_404") is None
    restored = list(store.linked_items())
    assert [r.item_id for r in restored] == ids and all(r.story_id == "s_1" for r in restored)


def test_a_failed_save_leaves_nothing_half_written(linked_store: tuple[Store, list[str]]) -> None:
    store, ids = linked_store
    bad = StoryRow("s_1", "t", None, ids[0], None, None, 1, 1, {"item_ids": [ids[0]]})
    with pytest.raises(StoreError):
        # the story references an item id that does not exist: the foreign key fails, the savepoint rolls back
        store.save_links(linker="t", done=[(ids[0], None)], assignments=[("i_missing", "s_1", None)], stories=[bad])
    assert store.link_status() == {}
    assert list(store.iter_stories()) == []
