"""The link stage on degenerate corpora: every item identical, no dates, no actors, one huge source."""

from __future__ import annotations

from collections.abc import Sequence

from counterpoint.link.bundle import ItemBundle
from counterpoint.link.stage import link_pending
from counterpoint.model import PartialDate
from counterpoint.store.sqlite import SQLiteStore
from tests.conftest import make_document, make_item

TEXT = ("Shelling hits a market in the town\nArtillery shells struck the central market of the town on Tuesday "
        "morning, local officials said, damaging stalls and a bus stop. Rescue teams searched the rubble for hours "
        "and the regional administration promised to pay for repairs within a month.")


def _no_vectors(bundles: Sequence[ItemBundle]) -> dict[str, object]:
    return {}


def _fill(store: SQLiteStore, texts: list[tuple[str, str | None]]) -> list[str]:
    ids = []
    for n, (text, source) in enumerate(texts):
        doc = make_document(text, locator=f"d{n}.txt", source=source)
        item = make_item(doc, 0, len(text), headline_end=text.index("\n"))
        store.add_document(doc, [item], "run")
        # no analysis (as for a language that is not analysed): linked on text alone, no date, no actor
        store.save_annotations(item.id, status="skipped-language", annotator="t")
        ids.append(item.id)
    store.commit()
    return ids


def test_every_item_identical_makes_one_group_and_one_story(store: SQLiteStore) -> None:
    ids = _fill(store, [(TEXT, f"site{n % 7}") for n in range(1500)])
    summary = link_pending(store, encode=_no_vectors)
    assert summary["items"] == 1500 and summary["failed"] == 0
    [group] = list(store.iter_copy_groups())
    assert len(group.item_ids) == 1500 and group.kind == "exact"
    assert len(group.record["pairs"]) == 1499  # linear, not every pair
    [story] = list(store.iter_stories())
    assert story.size == 1500 and story.sources == 7
    assert set(store.story_item_ids(story.id)) == set(ids)


def test_items_without_dates_or_actors_and_a_lopsided_source(store: SQLiteStore) -> None:
    texts: list[tuple[str, str | None]] = [
        (f"Report {n} from the wires\nOfficials in district {n} counted {n * 7 + 3} damaged houses after storms "
         f"number {n} and {n + 1} crossed the valley, and asked residents of block {n * 13} to stay indoors.",
         "big-source") for n in range(400)]
    texts.append(("A lone note\nA single item from a tiny source with nothing else in it.", None))
    ids = _fill(store, texts)
    summary = link_pending(store, encode=_no_vectors)
    assert summary["items"] == 401 and summary["failed"] == 0
    assert list(store.iter_copy_groups()) == []  # same template, other facts: not copies
    assert all(store.story_of(i) is not None for i in ids)
    stories = list(store.iter_stories())
    assert sum(s.size for s in stories) == 401
    lone = store.story_of(ids[-1])
    assert lone is not None and store.story_item_ids(lone) == [ids[-1]]


def test_a_second_run_with_nothing_new_does_nothing(store: SQLiteStore) -> None:
    _fill(store, [(TEXT, "a"), (TEXT, "b")])
    assert link_pending(store, encode=_no_vectors)["items"] == 2
    again = link_pending(store, encode=_no_vectors)
    assert again["items"] == 0 and again["restored"] == 0  # nothing pending: nothing restored either
    assert [g.item_ids for g in store.iter_copy_groups()] and len(list(store.iter_stories())) == 1


def test_new_copies_extend_a_stored_group(store: SQLiteStore) -> None:
    first = _fill(store, [(TEXT, "a"), (TEXT, "b")])
    link_pending(store, encode=_no_vectors)
    [old] = list(store.iter_copy_groups())
    doc = make_document(TEXT, locator="late.txt", source="c", published=PartialDate(2025, 1, 1))
    item = make_item(doc, 0, len(TEXT), headline_end=TEXT.index("\n"))
    store.add_document(doc, [item], "run")
    store.save_annotations(item.id, status="skipped-language", annotator="t")
    summary = link_pending(store, encode=_no_vectors)
    assert summary["restored"] == 2 and summary["copies"] == 1
    [group] = list(store.iter_copy_groups())
    assert group.group_id != old.group_id and set(group.item_ids) == {*first, item.id}
    assert store.story_of(item.id) == store.story_of(first[0])
