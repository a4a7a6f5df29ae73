"""Annotation tables of the SQLite store: sentences, mentions, time expressions.

An item's annotations are replaced as a whole, in one savepoint, together
with its ``annotations`` status row: a killed run leaves an item either fully
annotated or not at all, and the next run picks it up.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from counterpoint.model import Item, Mention, PartialDate, Place, Sentence, TimeExpr
from counterpoint.store.connection import Connection


@dataclass(frozen=True, slots=True)
class PendingItem:
    """An item waiting for annotation, with what the annotator needs to know."""

    item: Item
    document_id: str
    document_locator: str
    analysed: bool
    language: str


@dataclass(frozen=True, slots=True)
class NameUse:
    """How often one source calls one actor by one name."""

    actor_id: str
    source: str | None
    text: str
    alias_kind: str
    count: int


def _place_from(data: str | None) -> Place | None:
    if not data:
        return None
    d = json.loads(data)
    return Place(d["name"], d["geonameid"], d["lat"], d["lon"], d["country"], d["admin1"], d["feature"],
                 d.get("population", 0))


class AnnotationTables:
    """Mixed into ``SQLiteStore``; uses its ``conn`` and transaction helpers."""

    conn: Connection
    path: str

    def _begin(self) -> None: ...  # provided by SQLiteStore

    def _written(self) -> None: ...  # provided by SQLiteStore

    _atomic: Callable[[str, str], AbstractContextManager[None]]  # provided by SQLiteStore
    _dialect: str  # "sqlite" or "postgresql", provided by the store

    def has_items_to_annotate(self) -> bool:
        """Whether any item waits for annotation (one indexed lookup, no records read)."""
        row = self.conn.execute(
            "SELECT 1 FROM items i WHERE NOT EXISTS (SELECT 1 FROM annotations a WHERE a.item_id = i.id) LIMIT 1"
        ).fetchone()
        return row is not None

    def items_to_annotate(self) -> Iterator[PendingItem]:
        """Items without an annotation status, in document order then position."""
        cursor = self.conn.execute(
            """SELECT i.record, d.id, d.locator, d.analysed, d.language FROM items i
               JOIN documents d ON d.id = i.document_id
               WHERE NOT EXISTS (SELECT 1 FROM annotations a WHERE a.item_id = i.id)
               ORDER BY d.rowid, i.position"""
        )
        for row in cursor.fetchall():
            yield PendingItem(Item.from_dict(json.loads(row[0])), row[1], row[2], bool(row[3]), row[4])

    def save_annotations(
        self,
        item_id: str,
        *,
        status: str,
        annotator: str,
        sentences: Sequence[Sentence] = (),
        mentions: Sequence[Mention] = (),
        times: Sequence[TimeExpr] = (),
        detail: str | None = None,
    ) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._atomic("ann", f"annotations of {item_id}"):
            for table in ("sentences", "mentions", "time_exprs", "annotations"):
                self.conn.execute(f"DELETE FROM {table} WHERE item_id = ?", (item_id,))
            self.conn.executemany(
                'INSERT INTO sentences(item_id, field, idx, start, "end") VALUES (?, ?, ?, ?, ?)',
                [(s.item_id, s.field, s.index, s.start, s.end) for s in sentences],
            )
            self.conn.executemany(
                """INSERT INTO mentions(item_id, field, start, "end", text, kind, actor_id, country, sector,
                       alias_kind, method, confidence, sentence, place)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [(m.item_id, m.field, m.start, m.end, m.text, m.kind, m.actor_id, m.country, m.sector,
                  m.alias_kind, m.method, m.confidence, m.sentence,
                  json.dumps(m.place.to_dict()) if m.place else None) for m in mentions],
            )
            self.conn.executemany(
                """INSERT INTO time_exprs(item_id, field, start, "end", text, value, granularity, kind, sentence)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [(t.item_id, t.field, t.start, t.end, t.text, t.value.iso(), t.value.granularity, t.kind,
                  t.sentence) for t in times],
            )
            self.conn.execute(
                "INSERT INTO annotations(item_id, status, annotator, detail, at) VALUES (?, ?, ?, ?, ?)",
                (item_id, status, annotator, detail, now),
            )
        self._written()

    def annotation_status(self) -> dict[str, int]:
        rows = self.conn.execute("SELECT status, count(*) FROM annotations GROUP BY status").fetchall()
        return {r[0]: r[1] for r in rows}

    def iter_mentions(self, *, kind: str | None = None, actor_id: str | None = None) -> Iterator[Mention]:
        clauses: list[str] = []
        params: list[Any] = []
        if kind:
            clauses.append("kind = ?")
            params.append(kind)
        if actor_id:
            clauses.append("actor_id = ?")
            params.append(actor_id)
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        cursor = self.conn.execute(
            f"""SELECT item_id, field, start, "end", text, kind, actor_id, country, sector, alias_kind, method,
                       confidence, place, sentence FROM mentions {where} ORDER BY rowid""",
            params,
        )
        for r in cursor:
            yield Mention(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11],
                          _place_from(r[12]), r[13])

    def iter_time_exprs(self) -> Iterator[TimeExpr]:
        cursor = self.conn.execute(
            'SELECT item_id, field, start, "end", text, value, kind, sentence FROM time_exprs ORDER BY rowid'
        )
        for r in cursor:
            yield TimeExpr(r[0], r[1], r[2], r[3], r[4], PartialDate.parse_iso(r[5], "document"), r[6], r[7])

    def name_uses(self) -> list[NameUse]:
        """Per actor and source, each name used and how often (most used first)."""
        text, order = "m.text", ""
        if self._dialect != "sqlite":
            # SQLite takes the spelling from a row of the group (a bare column: the first stored, as it
            # scans by actor) and leaves ties in group order; PostgreSQL has no bare columns, so both spelled out
            text = "(array_agg(m.text ORDER BY m.rowid))[1]"
            order = ", d.source NULLS FIRST, lower(m.text), m.alias_kind"
        rows = self.conn.execute(
            f"""SELECT m.actor_id, d.source, {text}, m.alias_kind, count(*) AS n
               FROM mentions m JOIN items i ON i.id = m.item_id JOIN documents d ON d.id = i.document_id
               WHERE m.kind = 'actor' AND m.actor_id IS NOT NULL
               GROUP BY m.actor_id, d.source, lower(m.text), m.alias_kind
               ORDER BY m.actor_id, n DESC{order}"""
        ).fetchall()
        return [NameUse(r[0], r[1], r[2], r[3], r[4]) for r in rows]
