"""Link tables of the SQLite store: item vectors, copy groups, stories and the link status of each item.

The link stage works on the whole corpus but stays incremental: an item is
linked once (a ``links`` row, in ``seq`` order); a later run restores the
copy and story indexes from what is stored (texts, vectors, the story
features saved as JSON) and compares only the new items with them. A story
never loses an item it was given; a copy group is replaced by the larger
group when a new copy joins it (its ``group_id`` is a hash of its members).

Everything one run of the stage decides is written in one savepoint
(``save_links``): a killed run leaves the items unlinked, and the next run
links them again from the same state.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from counterpoint.link.bundle import ItemBundle
from counterpoint.model import FramingSpan, Item, Mention, Naming, PartialDate, Sentence, TimeExpr
from counterpoint.store.connection import Connection
from counterpoint.store.events import EVENT_COLUMNS, _place, event_from_row

#: Ids per ``IN (...)`` query (SQLite's default limit on variables is far above it).
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class LinkedItem:
    """An item already linked, as the indexes are restored from it (in ``seq`` order)."""

    item_id: str
    source: str | None
    published: str | None
    first_seen: str
    text: str
    features: str | None
    story_id: str | None
    vector: npt.NDArray[np.float32] | None


@dataclass(frozen=True, slots=True)
class StoryRow:
    """A story as stored: the summary columns and its full record (JSON-ready)."""

    id: str
    title: str | None
    first_reported: str | None
    first_item_id: str
    start: str | None
    end: str | None
    size: int
    sources: int
    record: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class CopyGroupRow:
    """A copy group as stored."""

    group_id: str
    kind: str
    earliest_item_id: str
    item_ids: tuple[str, ...]
    record: Mapping[str, Any]


def _vector(blob: bytes | None) -> npt.NDArray[np.float32] | None:
    if not blob:
        return None
    return np.frombuffer(blob, dtype="<f4").astype(np.float32)


def _chunks(ids: Sequence[str]) -> Iterator[Sequence[str]]:
    for k in range(0, len(ids), _CHUNK):
        yield ids[k:k + _CHUNK]


def _marks(n: int) -> str:
    return ",".join("?" * n)


class LinkTables:
    """Mixed into ``SQLiteStore``; uses its ``conn`` and transaction helpers."""

    conn: Connection
    path: str

    def _begin(self) -> None: ...  # provided by SQLiteStore

    def _written(self) -> None: ...  # provided by SQLiteStore

    def commit(self) -> None: ...  # provided by SQLiteStore

    _atomic: Callable[[str, str], AbstractContextManager[None]]  # provided by SQLiteStore

    # -- what waits ------------------------------------------------------------
    def items_to_link(self) -> list[str]:
        """Ids of items that went through every per-item stage and are not linked yet, in document order.

        An item is ready when its annotation is finished with any status other than done
        (skipped language, failed: it is linked on its text alone), or when it is done and
        both its extraction and framing have a status.
        """
        rows = self.conn.execute(
            """SELECT i.id FROM items i JOIN documents d ON d.id = i.document_id
               JOIN annotations a ON a.item_id = i.id
               WHERE NOT EXISTS (SELECT 1 FROM links l WHERE l.item_id = i.id)
                 AND (a.status != 'done' OR (EXISTS (SELECT 1 FROM extractions x WHERE x.item_id = i.id)
                                            AND EXISTS (SELECT 1 FROM framings f WHERE f.item_id = i.id)))
               ORDER BY d.rowid, i.position"""
        ).fetchall()
        return [r[0] for r in rows]

    def has_items_to_link(self) -> bool:
        return bool(self.items_to_link())

    def link_status(self) -> dict[str, int]:
        rows = self.conn.execute("SELECT status, count(*) FROM links GROUP BY status").fetchall()
        return {r[0]: r[1] for r in rows}

    # -- bundles ---------------------------------------------------------------
    def load_bundles(self, item_ids: Sequence[str] | None = None) -> Iterator[ItemBundle]:
        """Items with their sentences, mentions, times, events, namings, framing and vector.

        With ``item_ids``, those items in the order given (unknown ids are skipped);
        without, every item in document order.
        """
        if item_ids is None:
            item_ids = [r[0] for r in self.conn.execute(
                "SELECT i.id FROM items i JOIN documents d ON d.id = i.document_id ORDER BY d.rowid, i.position")]
        for chunk in _chunks(list(item_ids)):
            yield from self._bundles(chunk)

    def _bundles(self, ids: Sequence[str]) -> Iterator[ItemBundle]:
        marks = _marks(len(ids))
        base: dict[str, tuple[Item, str | None, str | None, str]] = {}
        for record, source, url, first_seen in self.conn.execute(
            f"""SELECT i.record, d.source, d.url, d.first_seen FROM items i JOIN documents d ON d.id = i.document_id
                WHERE i.id IN ({marks})""", ids,
        ):
            item = Item.from_dict(json.loads(record))
            base[item.id] = (item, source, url, first_seen)

        def grouped(sql: str, make: Callable[[Sequence[Any]], Any]) -> dict[str, list[Any]]:
            out: dict[str, list[Any]] = {}
            for row in self.conn.execute(sql, ids):
                out.setdefault(row[0], []).append(make(row[1:]))
            return out

        sentences = grouped(
            f'SELECT item_id, item_id, field, idx, start, "end" FROM sentences WHERE item_id IN ({marks}) '
            "ORDER BY item_id, field, idx",
            lambda r: Sentence(r[0], r[1], r[2], r[3], r[4]))
        mentions = grouped(
            f"""SELECT item_id, item_id, field, start, "end", text, kind, actor_id, country, sector, alias_kind,
                       method, confidence, place, sentence FROM mentions WHERE item_id IN ({marks}) ORDER BY rowid""",
            lambda r: Mention(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11],
                              _place(json.loads(r[12])) if r[12] else None, r[13]))
        times = grouped(
            f"""SELECT item_id, item_id, field, start, "end", text, value, kind, sentence FROM time_exprs
                WHERE item_id IN ({marks}) ORDER BY rowid""",
            lambda r: TimeExpr(r[0], r[1], r[2], r[3], r[4], PartialDate.parse_iso(r[5], "document"), r[6], r[7]))
        events = grouped(
            f"""SELECT item_id, {EVENT_COLUMNS} FROM events WHERE item_id IN ({marks})
                ORDER BY item_id, field DESC, trigger_start""",
            event_from_row)
        namings = grouped(
            f"""SELECT item_id, item_id, field, start, "end", text, actor_id, tone, cues FROM namings
                WHERE item_id IN ({marks}) ORDER BY rowid""",
            lambda r: Naming(r[0], r[1], r[2], r[3], r[4], r[5], r[6], tuple(json.loads(r[7]))))
        framing = grouped(
            f"""SELECT item_id, item_id, field, start, "end", text, label, kind, confidence, method, sentence,
                       evidence FROM framing_spans WHERE item_id IN ({marks}) ORDER BY rowid""",
            lambda r: FramingSpan(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10]))
        vectors = {r[0]: _vector(r[1]) for r in self.conn.execute(
            f"SELECT item_id, vector FROM item_vectors WHERE item_id IN ({marks})", ids)}
        for item_id in ids:
            if item_id not in base:
                continue
            item, source, url, first_seen = base[item_id]
            yield ItemBundle(
                item=item, source=source, url=url, first_seen=first_seen,
                sentences=tuple(sentences.get(item_id, ())), mentions=tuple(mentions.get(item_id, ())),
                times=tuple(times.get(item_id, ())), events=tuple(events.get(item_id, ())),
                namings=tuple(namings.get(item_id, ())), framing=tuple(framing.get(item_id, ())),
                vector=vectors.get(item_id),
            )

    # -- vectors ------------------------------------------------------------------
    def save_item_vectors(self, vectors: Mapping[str, npt.NDArray[np.float32]], *, model: str) -> None:
        """Store (or replace) the item vectors given, float32 little-endian."""
        with self._atomic("vec", "item vectors"):
            self.conn.executemany(
                "INSERT INTO item_vectors(item_id, model, vector) VALUES (?, ?, ?) "
                "ON CONFLICT(item_id) DO UPDATE SET model = excluded.model, vector = excluded.vector",
                [(k, model, np.asarray(v, dtype="<f4").tobytes()) for k, v in vectors.items()],
            )
        self._written()

    def item_ids_with_vectors(self, item_ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(list(item_ids)):
            found.update(r[0] for r in self.conn.execute(
                f"SELECT item_id FROM item_vectors WHERE item_id IN ({_marks(len(chunk))})", chunk))
        return found

    # -- restoring the indexes -----------------------------------------------------
    def linked_items(self) -> Iterator[LinkedItem]:
        """Items linked before (status done), in the order they were linked."""
        cursor = self.conn.execute(
            """SELECT i.id, d.source, i.published, d.first_seen, coalesce(i.headline, ''), i.body, l.features,
                      s.story_id, v.vector
               FROM links l JOIN items i ON i.id = l.item_id JOIN documents d ON d.id = i.document_id
               LEFT JOIN story_items s ON s.item_id = l.item_id LEFT JOIN item_vectors v ON v.item_id = l.item_id
               WHERE l.status = 'done' ORDER BY l.seq"""
        )
        for r in cursor:
            text = f"{r[4]}\n\n{r[5]}" if r[4] else r[5]
            yield LinkedItem(r[0], r[1], r[2], r[3], text, r[6], r[7], _vector(r[8]))

    # -- saving what a run decided ---------------------------------------------------
    def save_links(
        self,
        *,
        linker: str,
        done: Sequence[tuple[str, str | None]],
        failed: Sequence[tuple[str, str]] = (),
        groups: Iterable[CopyGroupRow] = (),
        assignments: Sequence[tuple[str, str, float | None]] = (),
        stories: Iterable[StoryRow] = (),
    ) -> None:
        """Write one run of the link stage atomically.

        ``done``: (item id, story features JSON) of the items linked; ``failed``: (item id,
        reason); ``groups``: copy groups that changed (each replaces every group one of its
        members was in); ``assignments``: (item id, story id, score); ``stories``: the
        summaries of the stories that changed (replaced whole).
        """
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._atomic("lnk", "the links of this run"):
            seq = self.conn.execute("SELECT coalesce(max(seq), 0) FROM links").fetchone()[0]
            rows: list[tuple[Any, ...]] = []
            for item_id, features in done:
                seq += 1
                rows.append((item_id, "done", linker, None, seq, features, now))
            for item_id, reason in failed:
                seq += 1
                rows.append((item_id, "failed", linker, reason, seq, None, now))
            self.conn.executemany(
                "INSERT INTO links(item_id, status, linker, detail, seq, features, at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(item_id) DO UPDATE SET status = excluded.status, linker = excluded.linker, "
                "detail = excluded.detail, seq = excluded.seq, features = excluded.features, at = excluded.at", rows)
            for group in groups:
                old = [r[0] for r in self.conn.execute(
                    f"SELECT DISTINCT group_id FROM copy_members WHERE item_id IN ({_marks(len(group.item_ids))})",
                    group.item_ids)]
                self.conn.executemany("DELETE FROM copy_members WHERE group_id = ?", [(g,) for g in old])
                self.conn.executemany("DELETE FROM copy_groups WHERE group_id = ?", [(g,) for g in old])
                self.conn.execute(
                    "INSERT INTO copy_groups(group_id, kind, earliest_item_id, size, record) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT(group_id) DO UPDATE SET kind = excluded.kind, "
                    "earliest_item_id = excluded.earliest_item_id, size = excluded.size, record = excluded.record",
                    (group.group_id, group.kind, group.earliest_item_id, len(group.item_ids),
                     json.dumps(dict(group.record), ensure_ascii=False)))
                self.conn.executemany(
                    "INSERT INTO copy_members(item_id, group_id, position) VALUES (?, ?, ?) "
                    "ON CONFLICT(item_id) DO UPDATE SET group_id = excluded.group_id, position = excluded.position",
                    [(item_id, group.group_id, k) for k, item_id in enumerate(group.item_ids)])
            stories = list(stories)
            for story in stories:
                self.conn.execute(
                    # an upsert, not REPLACE: replacing the row would cascade to its story_items
                    """INSERT INTO stories(id, title, first_reported, first_item_id, start, "end", size, sources,
                           record)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                       ON CONFLICT(id) DO UPDATE SET title = excluded.title, first_reported = excluded.first_reported,
                           first_item_id = excluded.first_item_id, start = excluded.start, "end" = excluded."end",
                           size = excluded.size, sources = excluded.sources, record = excluded.record""",
                    (story.id, story.title, story.first_reported, story.first_item_id, story.start, story.end,
                     story.size, story.sources, json.dumps(dict(story.record), ensure_ascii=False)))
            self.conn.executemany(
                "INSERT INTO story_items(item_id, story_id, score) VALUES (?, ?, ?) "
                "ON CONFLICT(item_id) DO UPDATE SET story_id = excluded.story_id, score = excluded.score", assignments)
            # a document without a source counts as a source of its own
            self.conn.executemany(
                """UPDATE stories SET sources = (
                       SELECT count(DISTINCT coalesce(d.source, d.id)) FROM story_items si
                       JOIN items i ON i.id = si.item_id JOIN documents d ON d.id = i.document_id
                       WHERE si.story_id = stories.id) WHERE id = ?""", [(story.id,) for story in stories])
        self.commit()

    # -- reading -----------------------------------------------------------------
    def iter_copy_groups(self, *, source: str | None = None) -> Iterator[CopyGroupRow]:
        """Copy groups, earliest publisher's publication first; with ``source``, groups it is in."""
        where, params = "", []
        if source is not None:
            where = """WHERE g.group_id IN (SELECT m.group_id FROM copy_members m JOIN items i ON i.id = m.item_id
                                            JOIN documents d ON d.id = i.document_id WHERE d.source = ?)"""
            params = [source]
        cursor = self.conn.execute(
            f"""SELECT g.group_id, g.kind, g.earliest_item_id, g.record FROM copy_groups g
                JOIN items i ON i.id = g.earliest_item_id {where}
                ORDER BY i.published IS NULL, i.published, g.group_id""", params)
        for r in cursor:
            record = json.loads(r[3])
            yield CopyGroupRow(r[0], r[1], r[2], tuple(record.get("item_ids", ())), record)

    def iter_stories(self, *, actor_id: str | None = None, since: str | None = None,
                     min_size: int = 1) -> Iterator[StoryRow]:
        """Stories by first report (unknown last); ``actor_id`` keeps those whose events or mentions name
        the actor; ``since`` (ISO date) those first reported on or after it."""
        clauses = ["s.size >= ?"]
        params: list[Any] = [min_size]
        if since is not None:
            clauses.append("s.first_reported >= ?")
            params.append(since)
        if actor_id is not None:
            clauses.append("""s.id IN (SELECT si.story_id FROM story_items si JOIN mentions m ON m.item_id = si.item_id
                                       WHERE m.actor_id = ?)""")
            params.append(actor_id)
        cursor = self.conn.execute(
            f"""SELECT s.id, s.title, s.first_reported, s.first_item_id, s.start, s."end", s.size, s.sources, s.record
                FROM stories s WHERE {" AND ".join(clauses)}
                ORDER BY s.first_reported IS NULL, s.first_reported, s.id""", params)
        for r in cursor:
            yield StoryRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], json.loads(r[8]))

    def get_story(self, story_id: str) -> StoryRow | None:
        r = self.conn.execute(
            """SELECT id, title, first_reported, first_item_id, start, "end", size, sources, record
               FROM stories WHERE id = ?""", (story_id,)).fetchone()
        if r is None:
            return None
        return StoryRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], json.loads(r[8]))

    def story_item_ids(self, story_id: str) -> list[str]:
        """The story's items, earliest publication first (unknown last), then first seen."""
        return [r[0] for r in self.conn.execute(
            """SELECT si.item_id FROM story_items si JOIN items i ON i.id = si.item_id
               JOIN documents d ON d.id = i.document_id WHERE si.story_id = ?
               ORDER BY i.published IS NULL, i.published, d.first_seen, d.rowid, i.position""", (story_id,))]

    def story_of(self, item_id: str) -> str | None:
        row = self.conn.execute("SELECT story_id FROM story_items WHERE item_id = ?", (item_id,)).fetchone()
        return row[0] if row else None

    def copy_group_of(self, item_id: str) -> str | None:
        row = self.conn.execute("SELECT group_id FROM copy_members WHERE item_id = ?", (item_id,)).fetchone()
        return row[0] if row else None
