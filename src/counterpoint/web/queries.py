"""Read-only queries the web UI needs beyond the ``Store`` interface, on a store's connection (SQLite or
PostgreSQL: the SQL both accept; full-text search has one form per engine).

Every function here only reads (``SELECT``), is bounded (``LIMIT``) where a result can grow with
the corpus, and uses the store's indexes: stories by ``first_reported``, story items by story and
item, mentions and namings by actor, events by type and participant, documents by source, items by
document. Results are plain JSON-ready values; text in them is hostile (escape where shown).
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from counterpoint.errors import UsageError
from counterpoint.store.connection import Connection
from counterpoint.store.sqlite import _fts_query

#: FTS5 snippet markers: control characters no stored text is expected to use (a stray one only
#: widens a highlight; pieces are escaped whatever they hold).
SNIPPET_OPEN, SNIPPET_CLOSE = "\x02", "\x03"
_SAFE_SOURCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._-]{0,119}")


def source_id(name: str) -> str:
    """The id a source has in URLs: its name when that is plain (letters, digits, space, ``._-``) and
    cannot be taken for something else, else ``src_`` and a hash of the name."""
    if _SAFE_SOURCE.fullmatch(name) and not name.endswith((".json", " ")) and not name.startswith("src_"):
        return name
    return "src_" + hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def resolve_source(conn: Connection, sid: str) -> str | None:
    """The source name a source id stands for, or ``None``."""
    if source_id(sid) == sid:
        row = conn.execute("SELECT 1 FROM documents WHERE source = ? LIMIT 1", (sid,)).fetchone()
        return sid if row else None
    if not sid.startswith("src_"):
        return None
    for (name,) in conn.execute("SELECT DISTINCT source FROM documents WHERE source IS NOT NULL"):
        if source_id(name) == sid:
            return str(name)
    return None


def source_names(conn: Connection) -> list[str]:
    """Every source name, sorted (an index-only scan)."""
    return [r[0] for r in conn.execute("SELECT DISTINCT source FROM documents WHERE source IS NOT NULL ORDER BY 1")]


def source_table(conn: Connection) -> list[dict[str, Any]]:
    """Each source with its number of documents, most first (an index-only count; a source page has its
    items and dates)."""
    rows = conn.execute("SELECT source, count(*) AS n FROM documents GROUP BY source ORDER BY n DESC, source")
    return [{"source": r[0], "documents": r[1]} for r in rows]


def event_types(conn: Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT DISTINCT event_type FROM events ORDER BY 1")]


def story_summary(conn: Connection) -> dict[str, Any]:
    r = conn.execute(
        "SELECT count(*), min(first_reported), max(first_reported), "
        "coalesce(sum(CASE WHEN sources >= 2 THEN 1 ELSE 0 END), 0) FROM stories"
    ).fetchone()
    groups = conn.execute("SELECT count(*), coalesce(sum(size), 0) FROM copy_groups").fetchone()
    return {"stories": r[0], "first_reported": r[1], "last_reported": r[2], "multi_source": r[3],
            "copy_groups": groups[0], "copied_items": groups[1]}


def statuses(conn: Connection) -> dict[str, dict[str, int]]:
    """Per-item stage statuses: how many items each stage did, skipped or failed."""
    out: dict[str, dict[str, int]] = {}
    for stage, table in (("annotate", "annotations"), ("extract", "extractions"), ("framing", "framings"),
                         ("link", "links")):
        out[stage] = {r[0]: r[1] for r in conn.execute(f"SELECT status, count(*) FROM {table} GROUP BY status")}
    return out


# -- timeline -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class TimelineFilter:
    """Which stories the timeline shows: naming an actor (id), told by a source, with an event of a type,
    first reported within ``since``..``until`` (ISO dates, inclusive, compared as text)."""

    actor: str | None = None
    source: str | None = None
    event_type: str | None = None
    since: str | None = None
    until: str | None = None

    def clauses(self, *, dates: bool = True) -> tuple[list[str], list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.actor:
            clauses.append("""s.id IN (SELECT si.story_id FROM mentions m JOIN story_items si ON si.item_id = m.item_id
                                       WHERE m.actor_id = ?)""")
            params.append(self.actor)
        if self.source:
            clauses.append("""s.id IN (SELECT si.story_id FROM documents d JOIN items i ON i.document_id = d.id
                                       JOIN story_items si ON si.item_id = i.id WHERE d.source = ?)""")
            params.append(self.source)
        if self.event_type:
            clauses.append("""s.id IN (SELECT si.story_id FROM events e JOIN story_items si ON si.item_id = e.item_id
                                       WHERE e.event_type = ?)""")
            params.append(self.event_type)
        if dates and self.since:
            clauses.append("s.first_reported >= ?")
            params.append(self.since)
        if dates and self.until:
            clauses.append("s.first_reported <= ?")
            params.append(self.until + "\uffff")  # "2025-04" and "2025-04-30T..." fall within until=2025-04
        return clauses, params


_STORY_COLUMNS = 's.id, s.title, s.first_reported, s.start, s."end", s.size, s.sources, s.record'


def _where(clauses: Sequence[str]) -> str:
    return ("WHERE " + " AND ".join(clauses)) if clauses else ""


@dataclass(frozen=True, slots=True)
class TimelinePage:
    """Stories per month of first report (under the actor, source and type filters, all dates), the undated
    ones, one page of the stories the whole filter keeps (latest first report first, undated last) and
    their total."""

    months: list[tuple[str, int]]
    undated: int
    rows: list[Any]
    total: int


_MONTH = re.compile(r"\d{4}-\d{2}")


def timeline_page(conn: Connection, flt: TimelineFilter, *, limit: int, offset: int) -> TimelinePage:
    """The timeline under ``flt``. Without an actor, source or type filter it reads the ``first_reported``
    index only (and the page's rows); with one, the filter's subquery runs once and the months, the date
    range and the page are taken from its result."""
    if not (flt.actor or flt.source or flt.event_type):
        months: list[tuple[str, int]] = []
        undated = 0
        for month, n in conn.execute(
            "SELECT substr(s.first_reported, 1, 7) AS month, count(*) FROM stories s GROUP BY month ORDER BY month"
        ):
            if month is not None and _MONTH.fullmatch(month):
                months.append((month, n))
            else:
                undated += n
        clauses, params = flt.clauses()
        where = _where(clauses)
        total = int(conn.execute(f"SELECT count(*) FROM stories s {where}", params).fetchone()[0])
        rows = conn.execute(
            f"SELECT {_STORY_COLUMNS} FROM stories s {where} ORDER BY s.first_reported DESC, s.id DESC "
            "LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
        return TimelinePage(months, undated, rows, total)
    clauses, params = flt.clauses(dates=False)
    kept = conn.execute(
        f"""SELECT substr(s.first_reported, 1, 7), s.first_reported, s.id FROM stories s {_where(clauses)}
            ORDER BY s.first_reported DESC, s.id DESC""", params).fetchall()
    by_month = Counter(k[0] for k in kept)
    months = sorted((m, n) for m, n in by_month.items() if m is not None and _MONTH.fullmatch(m))
    undated = len(kept) - sum(n for _, n in months)
    low = flt.since
    high = flt.until + "\uffff" if flt.until else None
    if low or high:
        kept = [k for k in kept if k[1] is not None and (not low or k[1] >= low) and (not high or k[1] <= high)]
    page_ids = [k[2] for k in kept[offset:offset + limit]]
    found = {r[0]: r for r in conn.execute(
        f"SELECT {_STORY_COLUMNS} FROM stories s WHERE s.id IN ({','.join('?' * len(page_ids))})", page_ids)
    } if page_ids else {}
    return TimelinePage(months, undated, [found[i] for i in page_ids if i in found], len(kept))


def stories_of_items(conn: Connection, item_ids: Sequence[str]) -> dict[str, str]:
    if not item_ids:
        return {}
    marks = ",".join("?" * len(item_ids))
    return {r[0]: r[1] for r in conn.execute(
        f"SELECT item_id, story_id FROM story_items WHERE item_id IN ({marks})", list(item_ids))}


# -- items ----------------------------------------------------------------------------
def item_document(conn: Connection, item_id: str) -> dict[str, Any] | None:
    r = conn.execute(
        """SELECT d.id, d.locator, d.version, d.kind, d.source, d.source_origin, d.url, d.title, d.author,
                  d.published, d.language, d.analysed, d.first_seen
           FROM items i JOIN documents d ON d.id = i.document_id WHERE i.id = ?""", (item_id,)).fetchone()
    if r is None:
        return None
    keys = ("id", "locator", "version", "kind", "source", "source_origin", "url", "title", "author", "published",
            "language", "analysed", "first_seen")
    out = dict(zip(keys, r, strict=True))
    out["analysed"] = bool(out["analysed"])
    return out


def item_statuses(conn: Connection, item_id: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for stage, table in (("annotate", "annotations"), ("extract", "extractions"), ("framing", "framings"),
                         ("link", "links")):
        r = conn.execute(f"SELECT status, detail FROM {table} WHERE item_id = ?", (item_id,)).fetchone()
        out[stage] = {"status": r[0], "detail": r[1]} if r else None
    return out


def copy_group(conn: Connection, group_id: str) -> dict[str, Any] | None:
    g = conn.execute("SELECT group_id, kind, earliest_item_id, size FROM copy_groups WHERE group_id = ?",
                     (group_id,)).fetchone()
    if g is None:
        return None
    members = [{"item_id": r[0], "position": r[1], "source": r[2], "source_id": source_id(r[2]) if r[2] else None,
                "published": r[3], "headline": r[4]}
               for r in conn.execute(
                   """SELECT m.item_id, m.position, d.source, i.published, i.headline FROM copy_members m
                      JOIN items i ON i.id = m.item_id JOIN documents d ON d.id = i.document_id
                      WHERE m.group_id = ? ORDER BY m.position""", (group_id,))]
    return {"group_id": g[0], "kind": g[1], "earliest_item_id": g[2], "size": g[3], "members": members}


# -- actors ---------------------------------------------------------------------------
def actor_names(conn: Connection, actor_id: str, *, limit: int = 400) -> list[dict[str, Any]]:
    """The naming phrases each source gives an actor, with tone and count, most used first."""
    return [{"source": r[0], "name": r[1], "tone": r[2], "count": r[3]} for r in conn.execute(
        """SELECT d.source, min(n.text), n.tone, count(*) AS c FROM namings n JOIN items i ON i.id = n.item_id
           JOIN documents d ON d.id = i.document_id WHERE n.actor_id = ?
           GROUP BY d.source, lower(n.text), n.tone ORDER BY d.source IS NULL, d.source, c DESC, lower(n.text)
           LIMIT ?""", (actor_id, limit))]


def actor_mentions(conn: Connection, actor_id: str, *, limit: int = 400) -> list[dict[str, Any]]:
    """The words each source names an actor with (mention texts and how they were linked), most used first."""
    return [{"source": r[0], "text": r[1], "alias_kind": r[2], "count": r[3]} for r in conn.execute(
        """SELECT d.source, min(m.text), m.alias_kind, count(*) AS c FROM mentions m JOIN items i ON i.id = m.item_id
           JOIN documents d ON d.id = i.document_id WHERE m.actor_id = ?
           GROUP BY d.source, lower(m.text), m.alias_kind ORDER BY d.source IS NULL, d.source, c DESC, lower(m.text)
           LIMIT ?""", (actor_id, limit))]


def actor_events(conn: Connection, actor_id: str, *, limit: int = 300) -> tuple[list[dict[str, Any]], int]:
    """Events where the actor acts or is acted on (latest first, by event date else publication) and their count."""
    total = conn.execute("SELECT count(*) FROM events WHERE actor_id = ? OR recipient_id = ?",
                         (actor_id, actor_id)).fetchone()[0]
    rows = conn.execute(
        """SELECT e.id, e.item_id, e.event_type, e.date, i.published, e.text, e.actor_id, e.recipient_id, d.source,
                  e.stance, e.field, e.start, e."end"
           FROM events e JOIN items i ON i.id = e.item_id JOIN documents d ON d.id = i.document_id
           WHERE e.actor_id = ? OR e.recipient_id = ?
           ORDER BY coalesce(e.date, i.published) DESC, e.id LIMIT ?""", (actor_id, actor_id, limit)).fetchall()
    keys = ("id", "item_id", "event_type", "date", "published", "text", "actor_id", "recipient_id", "source",
            "stance", "field", "start", "end")
    return [dict(zip(keys, r, strict=True)) for r in rows], int(total)


def actor_months(conn: Connection, actor_id: str) -> list[tuple[str, int]]:
    return [(r[0], r[1]) for r in conn.execute(
        """SELECT substr(coalesce(e.date, i.published), 1, 7) AS month, count(*) FROM events e
           JOIN items i ON i.id = e.item_id
           WHERE (e.actor_id = ? OR e.recipient_id = ?) AND coalesce(e.date, i.published) IS NOT NULL
           GROUP BY month ORDER BY month""", (actor_id, actor_id)) if r[0] and re.fullmatch(r"\d{4}-\d{2}", r[0])]


def actor_stories(conn: Connection, actor_id: str, *, limit: int = 100) -> list[Any]:
    return conn.execute(
        f"""SELECT {_STORY_COLUMNS} FROM stories s WHERE s.id IN (
                SELECT si.story_id FROM mentions m JOIN story_items si ON si.item_id = m.item_id WHERE m.actor_id = ?)
            ORDER BY s.first_reported DESC, s.id DESC LIMIT ?""", (actor_id, limit)).fetchall()


def actor_known(conn: Connection, actor_id: str) -> bool:
    for table, column in (("mentions", "actor_id"), ("namings", "actor_id"), ("events", "actor_id"),
                          ("events", "recipient_id")):
        if conn.execute(f"SELECT 1 FROM {table} WHERE {column} = ? LIMIT 1", (actor_id,)).fetchone():
            return True
    return False


# -- sources --------------------------------------------------------------------------
def source_items(conn: Connection, source: str, *, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    total = conn.execute("SELECT count(*) FROM items i JOIN documents d ON d.id = i.document_id WHERE d.source = ?",
                         (source,)).fetchone()[0]
    rows = conn.execute(
        """SELECT i.id, i.headline, i.published, d.url, d.title FROM items i JOIN documents d ON d.id = i.document_id
           WHERE d.source = ? ORDER BY i.published DESC, i.id LIMIT ? OFFSET ?""", (source, limit, offset)).fetchall()
    return ([{"item_id": r[0], "headline": r[1], "published": r[2], "url": r[3], "title": r[4]} for r in rows],
            int(total))


def source_copies(conn: Connection, source: str) -> dict[str, list[dict[str, Any]]]:
    """Whom a source copies (an earlier publisher of a copy group it is in) and who copies it, each with the
    number of groups and their kinds, most groups first."""
    rows = conn.execute(
        """SELECT g.group_id, g.kind, eo.source, dm.source FROM copy_groups g
           JOIN items ie ON ie.id = g.earliest_item_id JOIN documents eo ON eo.id = ie.document_id
           JOIN copy_members m ON m.group_id = g.group_id JOIN items im ON im.id = m.item_id
           JOIN documents dm ON dm.id = im.document_id
           WHERE m.position > 0 AND g.group_id IN (
               SELECT m2.group_id FROM documents d2 JOIN items i2 ON i2.document_id = d2.id
               JOIN copy_members m2 ON m2.item_id = i2.id WHERE d2.source = ?)""", (source,)).fetchall()
    copies: dict[str | None, dict[str, Any]] = {}
    copied_by: dict[str | None, dict[str, Any]] = {}
    for group_id, kind, origin, member in rows:
        if member == source and origin != source:
            entry = copies.setdefault(origin, {"source": origin, "groups": set(), "kinds": set()})
        elif origin == source and member != source:
            entry = copied_by.setdefault(member, {"source": member, "groups": set(), "kinds": set()})
        else:
            continue
        entry["groups"].add(group_id)
        entry["kinds"].add(kind)

    def listed(found: dict[str | None, dict[str, Any]]) -> list[dict[str, Any]]:
        out = [{"source": e["source"], "groups": len(e["groups"]), "kinds": sorted(e["kinds"]),
                "group_ids": sorted(e["groups"])[:20]} for e in found.values()]
        return sorted(out, key=lambda e: (-e["groups"], e["source"] or ""))[:200]

    return {"copies": listed(copies), "copied_by": listed(copied_by)}


# -- search ---------------------------------------------------------------------------
def has_words(query: str) -> bool:
    return bool(_fts_query(query).strip())


#: Matches looked at, at most: past this many, a search ranks the matches stored last (bm25 and the filters
#: cost a few microseconds a match, so a word in every item of a large corpus would cost a second).
MATCH_CAP = 5_000


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One page of hits; ``capped``: more than ``MATCH_CAP`` items matched the words, and only the
    ``MATCH_CAP`` stored last were filtered and ranked."""

    hits: list[dict[str, Any]]
    capped: bool


def _search_filters(clauses: list[str], params: list[Any], source: str | None, since: str | None,
                    until: str | None) -> tuple[list[str], list[Any]]:
    """A search's WHERE clauses and parameters, with its source and publication-date filters."""
    if source:
        clauses.append("d.source = ?")
        params.append(source)
    if since:
        clauses.append("i.published >= ?")
        params.append(since)
    if until:
        clauses.append("i.published <= ?")
        params.append(until + "\uffff")
    return clauses, params


def search(conn: Connection, query: str, *, source: str | None = None, since: str | None = None,
           until: str | None = None, limit: int = 20, offset: int = 0) -> SearchResult:
    """Ranked full-text search (every word must match, in any order; bm25, headline weighted 5) with snippets,
    optionally within one source and a publication date range. Snippets mark matches with
    ``SNIPPET_OPEN``/``SNIPPET_CLOSE``. At most ``MATCH_CAP`` matches are looked at (see ``SearchResult``)."""
    match = _fts_query(query)
    if not match.strip():
        raise UsageError("the search query has no words", fix="give at least one word to search for")
    if not isinstance(conn, sqlite3.Connection):
        return _search_postgres(conn, query, source=source, since=since, until=until, limit=limit, offset=offset)
    clauses, params = _search_filters(["items_fts MATCH ?"], [match], source, since, until)
    joins = ""
    if len(clauses) > 1:
        joins = "JOIN items i ON i.rowid = items_fts.rowid JOIN documents d ON d.id = i.document_id"
    try:
        cut = conn.execute("SELECT rowid FROM items_fts WHERE items_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
                           (match, MATCH_CAP)).fetchone()
        if cut is not None:
            clauses.append("items_fts.rowid > ?")
            params.append(cut[0])
        ranked = conn.execute(
            f"""SELECT items_fts.rowid, bm25(items_fts, 5.0, 1.0) AS score FROM items_fts {joins}
                WHERE {" AND ".join(clauses)} ORDER BY score, items_fts.rowid DESC LIMIT ? OFFSET ?""",
            [*params, limit, offset]).fetchall()
        if not ranked:
            return SearchResult([], cut is not None)
        rowids = [r[0] for r in ranked]
        marks = ",".join("?" * len(rowids))
        found = {r[0]: r for r in conn.execute(
            f"""SELECT items_fts.rowid, i.id, i.document_id, d.source, i.headline, i.published, d.url,
                       snippet(items_fts, 1, ?, ?, '…', 16), snippet(items_fts, 0, ?, ?, '…', 12)
                FROM items_fts JOIN items i ON i.rowid = items_fts.rowid JOIN documents d ON d.id = i.document_id
                WHERE items_fts MATCH ? AND items_fts.rowid IN ({marks})""",
            [SNIPPET_OPEN, SNIPPET_CLOSE, SNIPPET_OPEN, SNIPPET_CLOSE, match, *rowids])}
    except sqlite3.OperationalError as exc:
        raise UsageError(f"the search query {query!r} could not be run ({exc})",
                         fix="search for plain words") from exc
    out = []
    for rowid, score in ranked:
        r = found.get(rowid)
        if r is None:
            continue
        out.append({"item_id": r[1], "document_id": r[2], "source": r[3], "headline": r[4], "published": r[5],
                    "url": r[6], "snippet": r[7], "headline_snippet": r[8], "score": round(-float(score), 4)})
    return SearchResult(out, cut is not None)


def _search_postgres(conn: Connection, query: str, *, source: str | None, since: str | None, until: str | None,
                     limit: int, offset: int) -> SearchResult:
    """``search`` on a PostgreSQL store: the items' ``tsvector`` (every word must match), ranked as the
    store's ``search`` ranks (headline weighted 5), snippets by ``ts_headline``."""
    from counterpoint.store.postgres import _HEADLINE_OPTIONS, _words

    words = " ".join(_words(query))
    clauses, params = _search_filters(["i.fts @@ q.q"], [], source, since, until)
    cut = conn.execute(
        "SELECT i.rowid FROM items i WHERE i.fts @@ plainto_tsquery('simple', ?) "
        "ORDER BY i.rowid DESC LIMIT 1 OFFSET ?",
        (words, MATCH_CAP)).fetchone()
    if cut is not None:
        clauses.append("i.rowid > ?")
        params.append(cut[0])
    body = _HEADLINE_OPTIONS.replace("StartSel=[, StopSel=]", f'StartSel="{SNIPPET_OPEN}", StopSel="{SNIPPET_CLOSE}"')
    headline = body.replace("MaxWords=16, MinWords=15", "MaxWords=12, MinWords=11")
    rows = conn.execute(
        f"""WITH q AS (SELECT plainto_tsquery('simple', ?) AS q),
                 ranked AS (SELECT i.rowid, ts_rank('{{0.1, 0.2, 0.2, 1.0}}', i.fts, q.q, 1) AS score
                            FROM q, items i JOIN documents d ON d.id = i.document_id
                            WHERE {" AND ".join(clauses)} ORDER BY score DESC, i.rowid DESC LIMIT ? OFFSET ?)
            SELECT i.id, i.document_id, d.source, i.headline, i.published, d.url,
                   ts_headline('simple', i.body, q.q, ?), ts_headline('simple', coalesce(i.headline, ''), q.q, ?),
                   r.score
            FROM q, ranked r JOIN items i ON i.rowid = r.rowid JOIN documents d ON d.id = i.document_id
            ORDER BY r.score DESC, r.rowid DESC""",
        [words, *params, limit, offset, body, headline]).fetchall()
    hits = [{"item_id": r[0], "document_id": r[1], "source": r[2], "headline": r[3], "published": r[4], "url": r[5],
             "snippet": r[6], "headline_snippet": r[7], "score": round(float(r[8]), 4)} for r in rows]
    return SearchResult(hits, cut is not None)
