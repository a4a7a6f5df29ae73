"""The link stage: item vectors, copies and stories over the whole corpus, incrementally.

Each run links the items that went through every per-item stage and are not
linked yet (``items_to_link``):

1. **vectors**: one sentence-encoder vector per analysed item (its headline and
   first sentences), stored in ``item_vectors``; the copy detector uses them to
   confirm rewrites and the story clusterer to compare texts;
2. **restore**: the copy and story indexes are rebuilt from the items linked by
   earlier runs, in the order they were linked, *without comparing them again*
   (copy links and story assignments are read back, story features come from
   the JSON each item was saved with);
3. **add**: the new items are compared with the indexes only (LSH and blocking
   candidates, never all pairs) and assigned to copy groups and stories; then
   the stories this run opened are merged into the stories they agree with as a
   whole (``StoryIndex.merge``: a split by arrival order healed, stored stories
   never absorbed), and an item of the run that joined a look-alike early
   (undated, or by a weak score) moves to the run's story it clearly agrees with
   better (``StoryIndex.reassign``; never into or out of a stored story);
4. **save**: the changed copy groups, the new assignments and the summaries of
   the stories that changed, in one savepoint.

An item that cannot be linked (a bug on hostile input) is recorded with status
``failed`` and its reason; the others are linked.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from counterpoint.gcutil import gc_paused
from counterpoint.link.bundle import ItemBundle
from counterpoint.link.copies import CopyCandidate, CopyGroup, CopyIndex, CopyLink
from counterpoint.link.stories import StoryFeatures, StoryIndex, arrival_order, features_of, reassignable
from counterpoint.store.link import CopyGroupRow, LinkedItem, StoryRow

#: Version tag of the stage, stored with each item's link status.
LINKER = "link-1"
#: The encoder the item vectors come from (stored with each vector).
VECTOR_MODEL = "all-MiniLM-L6-v2-int8"
#: Characters of an item's vector text at most (the encoder reads 256 word pieces anyway).
VECTOR_CHARS = 1500
#: Items loaded and encoded at a time.
CHUNK = 256


class LinkStore(Protocol):
    def items_to_link(self) -> list[str]: ...

    def load_bundles(self, item_ids: Sequence[str] | None = None) -> Any: ...

    def save_item_vectors(self, vectors: Any, *, model: str) -> None: ...

    def linked_items(self) -> Any: ...

    def iter_copy_groups(self, *, source: str | None = None) -> Any: ...

    def save_links(self, *, linker: str, done: Sequence[tuple[str, str | None]],
                   failed: Sequence[tuple[str, str]] = (), groups: Any = (),
                   assignments: Sequence[tuple[str, str, float | None]] = (), stories: Any = ()) -> None: ...

    def commit(self) -> None: ...


def vector_text(bundle: ItemBundle) -> str:
    """What an item's vector encodes: its headline and the start of its body (the encoder reads
    256 word pieces at most, about the first 1,000 characters)."""
    return bundle.text[:VECTOR_CHARS]


def copy_candidate(bundle: ItemBundle) -> CopyCandidate:
    return CopyCandidate(bundle.id, bundle.source, bundle.text, bundle.item.published.iso(), bundle.first_seen,
                         bundle.vector)


def _restored_candidate(item: LinkedItem) -> CopyCandidate:
    return CopyCandidate(item.item_id, item.source, item.text, item.published, item.first_seen, item.vector)


def _group_row(group: CopyGroup) -> CopyGroupRow:
    return CopyGroupRow(group.group_id, group.kind, group.earliest_item_id, group.item_ids, group.to_dict())


def _stored_links(store: LinkStore) -> list[CopyLink]:
    links: list[CopyLink] = []
    for row in store.iter_copy_groups():
        links.extend(CopyLink.from_dict(p) for p in row.record.get("pairs", ()))
    return links


def encode_items(bundles: Sequence[ItemBundle]) -> dict[str, npt.NDArray[np.float32]]:
    """Unit vectors of the analysed items among ``bundles`` (those with sentences)."""
    from counterpoint.embed import get_encoder

    todo = [b for b in bundles if b.sentences and vector_text(b).strip()]
    if not todo:
        return {}
    vectors = get_encoder().encode([vector_text(b) for b in todo])
    return {b.id: vectors[k] for k, b in enumerate(todo)}


def vector_pending(store: LinkStore) -> dict[str, int]:
    """Store the vectors of the items ready to link that have none yet (step 1 of the stage).

    A worker runs this on its task's items, so the encoder's work is spread over the
    workers with the other per-item stages; the link stage then only encodes the items
    that came another way (an ``ingest`` analysed later). Counts: ``vectors`` stored."""
    pending = store.items_to_link()
    stored = 0
    for k in range(0, len(pending), CHUNK):
        fresh = encode_items([b for b in store.load_bundles(pending[k:k + CHUNK]) if b.vector is None])
        if fresh:
            store.save_item_vectors(fresh, model=VECTOR_MODEL)
            stored += len(fresh)
    return {"vectors": stored}


def link_pending(store: LinkStore, *, encode: Callable[[Sequence[ItemBundle]], dict[str, Any]] | None = None,
                 progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Link every item not linked yet; returns counts.

    Keys: ``items`` (linked this run), ``failed``, ``copy_groups`` (changed),
    ``copies`` (new items in a copy group), ``stories`` (changed), ``new_stories``,
    ``restored`` (items read back from earlier runs), ``seconds``.
    """
    summary = {"items": 0, "failed": 0, "copy_groups": 0, "copies": 0, "stories": 0, "new_stories": 0,
               "restored": 0, "seconds": 0}
    pending = store.items_to_link()
    if not pending:
        return summary
    with gc_paused():  # the indexes are many long-lived objects: see counterpoint.gcutil
        return _link(store, pending, encode or encode_items, summary, progress)


def _link(store: LinkStore, pending: list[str], encode: Callable[[Sequence[ItemBundle]], dict[str, Any]],
          summary: dict[str, int], progress: Callable[[int], None] | None) -> dict[str, int]:
    started = time.perf_counter()
    copies = CopyIndex()
    stories = StoryIndex()
    restored = list(store.linked_items())
    summary["restored"] = len(restored)
    copies.restore((_restored_candidate(r) for r in restored), _stored_links(store))
    stories.restore((StoryFeatures.from_json(r.features, vector=r.vector), r.story_id) for r in restored
                    if r.features is not None and r.story_id is not None)
    known_stories = set(stories.story_ids())

    done: list[tuple[str, str | None]] = []
    failed: list[tuple[str, str]] = []
    touched_groups: dict[str, CopyGroup] = {}
    assignments: list[tuple[str, str, float | None]] = []
    loose: list[tuple[StoryFeatures, float | None]] = []  # what StoryIndex.reassign looks at again
    for k in range(0, len(pending), CHUNK):
        bundles = list(store.load_bundles(pending[k:k + CHUNK]))
        fresh = encode([b for b in bundles if b.vector is None])
        if fresh:
            store.save_item_vectors(fresh, model=VECTOR_MODEL)
        bundles = [b if b.vector is not None or b.id not in fresh else _with_vector(b, fresh[b.id])
                   for b in bundles]
        ready: list[StoryFeatures] = []
        for bundle in bundles:
            try:
                features = features_of(bundle)
                for group in copies.add([copy_candidate(bundle)]):
                    for item_id in group.item_ids:
                        touched_groups.pop(item_id, None)
                    for item_id in group.item_ids:
                        touched_groups[item_id] = group
            except Exception as exc:  # one hostile item must not stop the corpus-wide stage
                failed.append((bundle.id, f"{type(exc).__name__}: {exc}"))
                continue
            ready.append(features)
        for features in arrival_order(ready):  # the dated first: see arrival_order
            try:
                story_id, score = stories.add_one(features)
            except Exception as exc:
                failed.append((features.item_id, f"{type(exc).__name__}: {exc}"))
                continue
            done.append((features.item_id, features.to_json()))
            assignments.append((features.item_id, story_id, score))
            if reassignable(features, score, stories.params):
                loose.append((features, score))
        if progress:
            progress(len(bundles))
    # stories this run opened that, as a whole, agree with another story are merged into it (stored
    # stories are never absorbed, so no stored assignment changes): see StoryIndex.merge
    merged = stories.merge({story_id for _, story_id, _ in assignments})
    # then an item that joined a look-alike early (undated, or by a weak score) moves to the story of
    # this run it clearly agrees with better (never into or out of a stored story): see StoryIndex.reassign
    moved = stories.reassign(loose)
    if merged or moved:
        rescored = {item_id: score for item_id, _, _, score in moved}
        assignments = [(item_id, stories.story_of(item_id) or story_id, rescored.get(item_id, score))
                       for item_id, story_id, score in assignments]
    groups = {g.group_id: g for g in touched_groups.values()}
    changed = {story_id for _, story_id, _ in assignments}
    rows = [_story_row(s) for s in stories.stories(changed)]
    store.save_links(linker=LINKER, done=done, failed=failed, groups=[_group_row(g) for g in groups.values()],
                     assignments=assignments, stories=rows)
    new_ids = {item_id for item_id, _ in done}
    summary.update(
        items=len(done), failed=len(failed), copy_groups=len(groups),
        copies=sum(1 for g in groups.values() for i in g.item_ids if i in new_ids),
        stories=len(changed), new_stories=len(changed - known_stories),
        seconds=round(time.perf_counter() - started),
    )
    return summary


def _with_vector(bundle: ItemBundle, vector: npt.NDArray[np.float32]) -> ItemBundle:
    from dataclasses import replace

    return replace(bundle, vector=vector)


def _story_row(story: Any) -> StoryRow:
    record = story.to_dict()
    return StoryRow(
        id=story.id, title=record.get("title"), first_reported=record.get("first_reported"),
        first_item_id=record["first_item_id"], start=record.get("start"), end=record.get("end"),
        size=len(record["item_ids"]), sources=len(record.get("sources", ())),
        record=json.loads(json.dumps(record, default=str)),
    )
