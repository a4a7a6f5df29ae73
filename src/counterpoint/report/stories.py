"""Story, copy and timeline records: what the CLI prints and exports, and what the web UI shows.

Built from the store when asked (comparisons are computed from the stored records, never
stored themselves), so they always reflect the latest run of the link stage.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from counterpoint.link.bundle import ItemBundle
from counterpoint.store import Store
from counterpoint.store.link import StoryRow


def story_bundles(store: Store, story_id: str) -> tuple[list[str], list[ItemBundle], dict[str, str]]:
    """A story's item ids (earliest first), the bundles to compare, and the copies left out of the
    comparison (copy item id -> the earlier item it copies): a mirror repeats its original's claims and
    must not count as a second source agreeing with it."""
    ids = store.story_item_ids(story_id)
    kept: dict[str, str] = {}  # copy group -> first item of the story in it
    copies: dict[str, str] = {}
    for item_id in ids:
        group = store.copy_group_of(item_id)
        if group is None:
            continue
        if group in kept:
            copies[item_id] = kept[group]
        else:
            kept[group] = item_id
    bundles = list(store.load_bundles([i for i in ids if i not in copies]))
    return ids, bundles, copies


def story_record(store: Store, story: StoryRow, actor_names: dict[str, str] | None = None) -> dict[str, Any]:
    """The ``export stories`` record: the story, its items, sources and events, and its comparison
    (agree, conflict, only, naming, attribution; copies left out and listed)."""
    from counterpoint.compare import compare_story

    ids, bundles, copies = story_bundles(store, story.id)
    comparison = compare_story(story.id, bundles, actor_names).to_dict()
    bundles += list(store.load_bundles(list(copies)))
    record = dict(story.record)
    return {
        "id": story.id, "title": story.title, "first_reported": story.first_reported,
        "start": story.start, "end": story.end, "item_ids": ids,
        "sources": sorted({b.source for b in bundles if b.source is not None}),
        "event_ids": [e.id for b in bundles for e in b.events],
        "event_types": record.get("event_types", []), "actors": record.get("actors", []),
        **{k: comparison.get(k, []) for k in ("agree", "conflict", "only", "naming", "attribution")},
        "copies": [{"item_id": c, "copies": o} for c, o in copies.items()],
    }


def copy_records(store: Store, *, source: str | None = None) -> Iterator[dict[str, Any]]:
    """Export records of the copy groups, each with its members' source, date and headline."""
    for row in store.iter_copy_groups(source=source):
        members = []
        for bundle in store.load_bundles(list(row.item_ids)):  # in the group's order, earliest first
            members.append({"item_id": bundle.id, "source": bundle.source, "url": bundle.url,
                            "published": bundle.item.published.iso(), "first_seen": bundle.first_seen,
                            "headline": bundle.headline or None})
        earliest = members[0] if members else {}
        yield {
            "group_id": row.group_id, "kind": row.kind, "earliest_item_id": row.earliest_item_id,
            "earliest_source": earliest.get("source"), "earliest_published": earliest.get("published"),
            "item_ids": list(row.item_ids), "sources": sorted({m["source"] for m in members if m["source"]}),
            "members": members, "pairs": row.record.get("pairs", []),
        }


def timeline_record(story: StoryRow) -> dict[str, Any]:
    """A story as a point on the timeline."""
    record = story.record
    return {"id": story.id, "title": story.title, "first_reported": story.first_reported, "start": story.start,
            "end": story.end, "items": story.size, "sources": record.get("sources", []),
            "event_types": list(record.get("event_types", [])), "actors": list(record.get("actors", []))}
