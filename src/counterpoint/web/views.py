"""What each page shows, as JSON-ready records: the JSON twin of a page is its record, and the HTML page
renders the same record. Records hold stored text as it was stored (hostile: escape where shown).

Every function takes a read-only SQLite store and reads only; ``NotFound`` says a page's subject does
not exist.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from counterpoint.compare.claims import source_label
from counterpoint.errors import CounterpointError
from counterpoint.link.bundle import ItemBundle
from counterpoint.model import TECHNIQUES
from counterpoint.report.stories import story_record, timeline_record
from counterpoint.store.base import SQLStore
from counterpoint.store.link import StoryRow
from counterpoint.web import queries
from counterpoint.web.queries import TimelineFilter, source_id

#: Technique labels in legend order: the 14 PTC techniques, then scare quotes and hedges.
LEGEND_ORDER: tuple[str, ...] = (*TECHNIQUES, "Scare_Quotes", "Hedge")
TIMELINE_PAGE = 100
SOURCE_PAGE = 100
SEARCH_PAGE = 20
#: A story page shows at most this many sources side by side, each with at most this many versions
#: (earliest first); the rest are counted (the comparison has its own caps, ``counterpoint.compare.story``).
MAX_COLUMNS = 40
MAX_VERSIONS = 5
MAX_PAGE = 10_000


class NotFound(CounterpointError):
    """The page's subject is not in the store."""

    code = "not-found"
    exit_code = 2


class Actors:
    """Actor display names from the registry, loaded once per process on first use."""

    def __init__(self, registry_files: Sequence[str] = ()) -> None:
        self.registry_files = tuple(registry_files)

    @functools.cached_property
    def registry(self) -> Any:
        from counterpoint.annotate.actors import ActorRegistry

        return ActorRegistry.load(extra=self.registry_files)

    @functools.cached_property
    def names(self) -> dict[str, str]:
        return {a.id: a.name for a in self.registry}

    def name(self, actor_id: str | None) -> str | None:
        if actor_id is None:
            return None
        return self.names.get(actor_id, actor_id)

    def labels(self, ids: Sequence[str | None]) -> dict[str, str]:
        return {i: self.names.get(i, i) for i in ids if i}

    def describe(self, actor_id: str) -> dict[str, Any] | None:
        actor = self.registry.get(actor_id)
        if actor is None:
            return None
        return {"id": actor.id, "name": actor.name, "country": actor.country, "sector": actor.sector,
                "affiliation": actor.affiliation, "aliases": [a.text for a in actor.aliases][:40]}


def _page(page: int) -> int:
    return max(1, min(int(page), MAX_PAGE))


def _story_row(r: Any) -> StoryRow:
    return StoryRow(id=r[0], title=r[1], first_reported=r[2], first_item_id="", start=r[3], end=r[4], size=r[5],
                    sources=r[6], record=json.loads(r[7]))


def timeline_entry(row: StoryRow) -> dict[str, Any]:
    entry = timeline_record(row)
    entry["source_count"] = row.sources
    return entry


# -- home -----------------------------------------------------------------------------
def home(store: SQLStore) -> dict[str, Any]:
    """The corpus at a glance: counts, date range, sources, stories, stage statuses and failures."""
    counts = store.counts()
    failures = store.failures()
    sources = queries.source_table(store.conn)
    for s in sources:
        s["source_id"] = source_id(s["source"]) if s["source"] is not None else None
    return {
        "counts": {"documents": counts.documents, "items": counts.items, "sources": counts.sources,
                   "failures": counts.failures, "runs": counts.runs},
        "published": {"first": counts.first_published, "last": counts.last_published},
        "stories": queries.story_summary(store.conn),
        "statuses": queries.statuses(store.conn),
        "sources": sources,
        "failures": [{"locator": f.failure.locator, "stage": f.failure.stage, "code": f.failure.code,
                      "severity": f.failure.severity, "reason": f.failure.reason, "fix": f.failure.fix,
                      "at": f.at, "times": f.times} for f in failures[:50]],
        "failures_listed": min(len(failures), 50),
        "failures_total": len(failures),
    }


# -- timeline -------------------------------------------------------------------------
def timeline(store: SQLStore, flt: TimelineFilter, actors: Actors, *, page: int = 1,
             per_page: int = TIMELINE_PAGE) -> dict[str, Any]:
    """Stories on a time axis: stories per month (under the actor, source and type filters) and one page of
    the stories the whole filter keeps, latest first."""
    page = _page(page)
    found = queries.timeline_page(store.conn, flt, limit=per_page, offset=(page - 1) * per_page)
    months, undated, total = found.months, found.undated, found.total
    stories = [timeline_entry(_story_row(r)) for r in found.rows]
    shown_actors = {a for s in stories for a in s["actors"]}
    if flt.actor:
        shown_actors.add(flt.actor)
    return {
        "filters": {"actor": flt.actor, "source": flt.source, "type": flt.event_type, "since": flt.since,
                    "until": flt.until},
        "months": [{"month": m, "stories": n} for m, n in months],
        "undated": undated,
        "total": total, "page": page, "per_page": per_page, "pages": max(1, -(-total // per_page)),
        "stories": stories,
        "actor_names": actors.labels(sorted(shown_actors)),
        "event_types": queries.event_types(store.conn),
        "sources": queries.source_names(store.conn),
    }


# -- story ----------------------------------------------------------------------------
def _framing(bundle: ItemBundle) -> list[dict[str, Any]]:
    return [{"field": s.field, "start": s.start, "end": s.end, "text": s.text, "label": s.label, "kind": s.kind,
             "confidence": round(s.confidence, 3), "method": s.method} for s in bundle.framing]


def _version(bundle: ItemBundle, copy_of: str | None) -> dict[str, Any]:
    item = bundle.item
    return {"item_id": bundle.id, "source": bundle.source, "url": bundle.url, "published": item.published.iso(),
            "first_seen": bundle.first_seen, "headline": item.headline.text if item.headline else None,
            "caption": item.caption.text if item.caption else None, "body": bundle.body, "copy_of": copy_of,
            "framing": _framing(bundle)}


def story(store: SQLStore, story_id: str, actors: Actors) -> dict[str, Any]:
    """One story: its record with the comparison (``counterpoint.report.stories.story_record``), one column
    per source with each of its versions and their framing spans, the technique legend and the copy groups."""
    row = store.get_story(story_id)
    if row is None:
        raise NotFound(f"no story {story_id!r}", fix="pick a story on the timeline")
    record = story_record(store, row, actors.names)
    copy_of = {c["item_id"]: c["copies"] for c in record["copies"]}
    bundles = list(store.load_bundles(record["item_ids"]))
    columns: dict[str, dict[str, Any]] = {}
    legend: Counter[str] = Counter()
    groups: dict[str, None] = {}
    columns_left_out = 0
    for bundle in bundles:
        label = source_label(bundle)
        if label not in columns and len(columns) >= MAX_COLUMNS:
            columns_left_out += 1
            continue
        column = columns.setdefault(label, {"source": label, "source_id": source_id(bundle.source)
                                            if bundle.source else None, "items": [], "items_total": 0})
        column["items_total"] += 1
        if len(column["items"]) < MAX_VERSIONS:
            column["items"].append(_version(bundle, copy_of.get(bundle.id)))
            legend.update(s.label for s in bundle.framing)
        group = store.copy_group_of(bundle.id)
        if group is not None:
            groups[group] = None
    copy_groups = [g for g in (queries.copy_group(store.conn, gid) for gid in groups) if g is not None]
    ids = {*record["actors"], *(n["actor_id"] for n in record["naming"])}
    in_claims: dict[str, None] = {}
    for part, key in (("agree", "claims"), ("conflict", "claims"), ("only", "claims"), ("naming", "names"),
                      ("attribution", "views")):
        for entry in record[part]:
            in_claims.update(dict.fromkeys(entry[key]))
    compared = [c for c in columns if c in in_claims] + [c for c in in_claims if c not in columns]
    return {
        **record,
        "size": row.size, "source_count": row.sources,
        "compared_sources": compared,
        "columns": list(columns.values()), "items_left_out": columns_left_out,
        "legend": [{"label": label, "count": legend[label]} for label in
                   sorted(legend, key=lambda lb: (LEGEND_ORDER.index(lb) if lb in LEGEND_ORDER else 99, lb))],
        "copy_groups": copy_groups,
        "actor_names": actors.labels(sorted(ids)),
    }


# -- item -----------------------------------------------------------------------------
def item(store: SQLStore, item_id: str, actors: Actors) -> dict[str, Any]:
    """One item: its text (headline, caption, body, photo captions, dropped boilerplate) and every annotation
    with its field and offsets into that field's text (``ItemBundle.field_text``)."""
    found = list(store.load_bundles([item_id]))
    if not found:
        raise NotFound(f"no item {item_id!r}", fix="find items through search or a source page")
    bundle = found[0]
    it = bundle.item
    document = queries.item_document(store.conn, item_id) or {}
    group_id = store.copy_group_of(item_id)
    ids = {m.actor_id for m in bundle.mentions} | {n.actor_id for n in bundle.namings}
    ids |= {p.actor_id for e in bundle.events for p in (e.actor, e.recipient) if p is not None}
    ids |= {e.attribution.speaker_actor_id for e in bundle.events}
    return {
        "item_id": it.id, "document": document,
        "source": bundle.source, "source_id": source_id(bundle.source) if bundle.source else None,
        "url": bundle.url, "published": it.published.iso(), "published_granularity": it.published.granularity,
        "position": it.position,
        "headline": it.headline.text if it.headline else None,
        "caption": it.caption.text if it.caption else None,
        "photo_captions": [p.text for p in it.photo_captions],
        "body": bundle.body,
        "dropped": [{"text": d.text, "reason": d.reason, "start": d.start, "end": d.end} for d in it.dropped],
        "sentences": [s.to_dict() for s in bundle.sentences],
        "mentions": [m.to_dict() for m in bundle.mentions],
        "times": [t.to_dict() for t in bundle.times],
        "events": [{**e.to_dict(), "date_iso": e.date.iso()} for e in bundle.events],
        "namings": [n.to_dict() for n in bundle.namings],
        "framing": [s.to_dict() for s in bundle.framing],
        "story_id": store.story_of(item_id),
        "copy_group": queries.copy_group(store.conn, group_id) if group_id else None,
        "statuses": queries.item_statuses(store.conn, item_id),
        "actor_names": actors.labels(sorted(i for i in ids if i)),
    }


# -- actor ----------------------------------------------------------------------------
def actor(store: SQLStore, actor_id: str, actors: Actors) -> dict[str, Any]:
    """One actor: the names each source gives it (naming phrases with tone, and the words of its mentions),
    its events over time and the stories that name it."""
    described = actors.describe(actor_id)
    if described is None and not queries.actor_known(store.conn, actor_id):
        raise NotFound(f"no actor {actor_id!r} in the registry or the store",
                       fix="follow an actor link from a story or an item")
    events, total = queries.actor_events(store.conn, actor_id)
    stories = [timeline_entry(_story_row(r)) for r in queries.actor_stories(store.conn, actor_id)]
    ids = {actor_id} | {e["actor_id"] for e in events} | {e["recipient_id"] for e in events}
    return {
        "actor_id": actor_id,
        "actor": described,
        "name": actors.name(actor_id),
        "names": queries.actor_names(store.conn, actor_id),
        "mentions": queries.actor_mentions(store.conn, actor_id),
        "events": events, "events_total": total,
        "months": [{"month": m, "events": n} for m, n in queries.actor_months(store.conn, actor_id)],
        "stories": stories,
        "actor_names": actors.labels(sorted(i for i in ids if i)),
    }


# -- source ---------------------------------------------------------------------------
def source(store: SQLStore, sid: str, actors: Actors, *, page: int = 1) -> dict[str, Any]:
    """One source: its items (latest first, a page at a time), its technique profile (per 1,000 words,
    scare quotes, hedges, names per actor) and whom it copies and who copies it."""
    name = queries.resolve_source(store.conn, sid)
    if name is None:
        raise NotFound(f"no source {sid!r}", fix="pick a source on the home page")
    page = _page(page)
    items, total = queries.source_items(store.conn, name, limit=SOURCE_PAGE, offset=(page - 1) * SOURCE_PAGE)
    profiles = store.framing_profiles(source=name)
    profile = profiles[0].to_dict() if profiles else None
    copies = queries.source_copies(store.conn, name)
    for entry in (*copies["copies"], *copies["copied_by"]):
        entry["source_id"] = source_id(entry["source"]) if entry["source"] is not None else None
    return {
        "source": name, "source_id": source_id(name),
        "items": items, "items_total": total, "page": page, "per_page": SOURCE_PAGE,
        "pages": max(1, -(-total // SOURCE_PAGE)),
        "profile": profile,
        **copies,
        "actor_names": actors.labels(sorted(profile["names"]) if profile else []),
    }


# -- search ---------------------------------------------------------------------------
def search(store: SQLStore, query: str, *, source: str | None = None, since: str | None = None,
           until: str | None = None, page: int = 1) -> dict[str, Any]:
    """Ranked full-text search with snippets (matches between ``\\x02`` and ``\\x03``), filtered by source
    and publication dates; a query without words finds nothing (and says so in ``note``)."""
    page = _page(page)
    hits: list[dict[str, Any]] = []
    more = False
    note = None
    if query.strip() and not queries.has_words(query):
        note = "no words to search for: give at least one word"
    elif query.strip():
        result = queries.search(store.conn, query, source=source or None, since=since or None,
                                until=until or None, limit=SEARCH_PAGE + 1, offset=(page - 1) * SEARCH_PAGE)
        more = len(result.hits) > SEARCH_PAGE
        hits = result.hits[:SEARCH_PAGE]
        if result.capped:
            note = (f"more than {queries.MATCH_CAP:,} items match these words: only the {queries.MATCH_CAP:,} stored "
                    "last were searched; add words to narrow the search")
    stories = queries.stories_of_items(store.conn, [h["item_id"] for h in hits])
    for h in hits:
        h["source_id"] = source_id(h["source"]) if h["source"] is not None else None
        h["story_id"] = stories.get(h["item_id"])
    return {"query": query, "filters": {"source": source, "since": since, "until": until}, "page": page,
            "per_page": SEARCH_PAGE, "more": more, "note": note, "hits": hits,
            "sources": queries.source_names(store.conn)}


def jsonable(record: Mapping[str, Any]) -> dict[str, Any]:
    """``record`` as plain JSON values (tuples to lists, sets to sorted lists)."""
    return dict(json.loads(json.dumps(record, default=lambda v: sorted(v) if isinstance(v, set) else str(v))))
