"""Documents, items, runs and failures: the tables every store shares (SQL both engines accept).

Mixed into ``SQLiteStore`` and ``PostgresStore``; each store provides the
connection, the transactions (``_begin``, ``_written``, ``commit``,
``_atomic``) and full-text search, which differs between engines.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

from counterpoint.locators import display_path, safe_locator
from counterpoint.model import Document, Failure, Item, PartialDate
from counterpoint.store.base import Counts, StoredFailure, StoredItem
from counterpoint.store.connection import Connection


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _text(value: str) -> str:
    """``value`` as text a database takes: the bytes of a file name that are not UTF-8 (lone
    surrogates) as ``\\xXX``. Stored locators are made so by ``counterpoint.locators``; this keeps
    a message that names such a path from failing the write."""
    return display_path(value)


class DocumentTables:
    """Mixed into the stores; uses their ``conn`` and transaction helpers."""

    conn: Connection
    path: str

    def _begin(self) -> None: ...  # provided by the store

    def _written(self) -> None: ...  # provided by the store

    def commit(self) -> None: ...  # provided by the store

    _atomic: Callable[[str, str], AbstractContextManager[None]]  # provided by the store

    # -- runs and failures --------------------------------------------------
    def begin_run(self, command: str, args: Sequence[str]) -> str:
        run_id = "r_" + uuid.uuid4().hex[:16]
        self._begin()
        self.conn.execute(
            "INSERT INTO runs(id, command, args, started) VALUES (?, ?, ?, ?)",
            (run_id, command, json.dumps([_text(a) for a in args]), _now()),
        )
        self.commit()
        return run_id

    def finish_run(self, run_id: str, summary: dict[str, Any]) -> None:
        self._begin()
        self.conn.execute(
            "UPDATE runs SET finished = ?, summary = ? WHERE id = ?", (_now(), json.dumps(summary), run_id)
        )
        self.commit()

    def add_failure(self, failure: Failure, run_id: str) -> None:
        self._begin()
        self.conn.execute(
            "INSERT INTO failures(id, run_id, locator, stage, code, severity, reason, fix, at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (failure.id, run_id, safe_locator(failure.locator), failure.stage, failure.code, failure.severity,
             _text(failure.reason), _text(failure.fix), _now()),
        )
        self._written()

    def failures(self, *, last_run_only: bool = False) -> list[StoredFailure]:
        where = ""
        if last_run_only:
            where = "WHERE run_id = (SELECT id FROM runs ORDER BY started DESC, rowid DESC LIMIT 1)"
        # per failure id (a hash of locator, stage, code and reason): the latest row's columns
        rows = self.conn.execute(
            f"""SELECT f.id, f.locator, f.stage, f.code, f.severity, f.reason, f.fix, g.at, g.times,
                       (SELECT run_id FROM failures f2 WHERE f2.id = f.id ORDER BY rowid DESC LIMIT 1) AS run_id
                FROM (SELECT id, max(at) AS at, count(*) AS times, max(rowid) AS last
                      FROM failures {where} GROUP BY id) g
                JOIN failures f ON f.rowid = g.last ORDER BY g.last DESC"""
        ).fetchall()
        return [
            StoredFailure(
                Failure(r["locator"], r["stage"], r["code"], r["reason"], r["fix"], r["severity"]),
                run_id=r["run_id"], at=r["at"], times=r["times"],
            )
            for r in rows
        ]

    # -- documents and items ------------------------------------------------
    def document_ids_at(self, locators: Sequence[str]) -> set[str]:
        """Ids of the stored documents read from these inputs: at a locator, or at a part of it
        (``feed.xml#entry=3``). Lets an engine skip what an earlier run stored. Locators are
        stored ones (``counterpoint.locators``); a raw path with bytes that are not UTF-8 is
        looked up by its stored form."""
        found: set[str] = set()
        for locator in map(safe_locator, locators):
            rows = self.conn.execute(
                "SELECT id FROM documents WHERE locator = ? OR (locator >= ? AND locator < ?)",
                (locator, locator + "#", locator + "$"),  # '$' follows '#': every 'locator#...'
            ).fetchall()
            found.update(r[0] for r in rows)
        return found

    def has_document(self, document_id: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (document_id,)).fetchone()
        return row is not None

    def _lock_locator(self, locator: str) -> None:
        """Hold off other writers of this locator until the transaction ends (a store with
        concurrent writers overrides this; SQLite has one writer at a time anyway)."""

    def _insert_document(self, doc: Document, items: Sequence[Item], run_id: str) -> bool:
        """The document and its items, unless it is stored already; its version is one more than
        the last at its locator. Call inside a transaction."""
        self._lock_locator(doc.locator)
        if self.has_document(doc.id):
            return False
        version_row = self.conn.execute(
            "SELECT coalesce(max(version), 0) FROM documents WHERE locator = ?", (doc.locator,)
        ).fetchone()
        row = self.conn.execute(
            """INSERT INTO documents(id, locator, version, kind, source, source_origin, url, title, author,
                   published, published_granularity, published_origin, language, language_score, analysed,
                   encoding, raw_sha256, raw_size, extras, text, first_seen, run_id)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                       coalesce((SELECT started FROM runs WHERE id = ?), ?), ?)
               ON CONFLICT (id) DO NOTHING RETURNING rowid""",
            (doc.id, doc.locator, version_row[0] + 1, doc.kind, doc.source, doc.source_origin, doc.url,
             doc.title, doc.author, doc.published.iso(), doc.published.granularity, doc.published.origin,
             doc.language, doc.language_score, int(doc.analysed), doc.encoding, doc.raw_sha256,
             doc.raw_size, json.dumps(doc.extras), doc.text, run_id, _now(), run_id),
        ).fetchone()
        if row is None:  # another writer stored it since has_document
            return False
        self.conn.executemany(
            """INSERT INTO items(id, document_id, position, start, "end", caption, headline, published,
                   published_granularity, published_origin, body, record)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                (it.id, doc.id, it.position, it.start, it.end,
                 it.caption.text if it.caption else None, it.headline.text if it.headline else None,
                 it.published.iso(), it.published.granularity, it.published.origin, it.body,
                 json.dumps(it.to_dict(), ensure_ascii=False))
                for it in items
            ],
        )
        return True

    def get_document(self, document_id: str) -> Document | None:
        row = self.conn.execute("SELECT * FROM documents WHERE id = ?", (document_id,)).fetchone()
        if row is None:
            return None
        return Document(
            id=row["id"], locator=row["locator"], kind=row["kind"], text=row["text"], source=row["source"],
            source_origin=row["source_origin"], url=row["url"], title=row["title"], author=row["author"],
            published=PartialDate.parse_iso(row["published"], row["published_origin"]),
            language=row["language"], language_score=row["language_score"], analysed=bool(row["analysed"]),
            encoding=row["encoding"], raw_sha256=row["raw_sha256"], raw_size=row["raw_size"],
            extras=json.loads(row["extras"]),
        )

    def iter_items(
        self, *, source: str | None = None, since: PartialDate | None = None
    ) -> Iterator[StoredItem]:
        clauses: list[str] = []
        params: list[Any] = []
        if source is not None:
            clauses.append("d.source = ?")
            params.append(source)
        if since is not None and since.known:
            clauses.append("i.published >= ?")
            params.append(since.iso())
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        cursor = self.conn.execute(
            f"""SELECT i.record, d.source, d.url, d.locator, d.title, d.version, d.language, d.analysed
                FROM items i JOIN documents d ON d.id = i.document_id {where}
                ORDER BY i.published IS NULL, i.published, d.rowid, i.position""",
            params,
        )
        for row in cursor:
            yield StoredItem(
                item=Item.from_dict(json.loads(row[0])), source=row[1], url=row[2], locator=row[3],
                document_title=row[4], document_version=row[5], language=row[6], analysed=bool(row[7]),
            )

    def counts(self) -> Counts:
        row = self.conn.execute(
            """SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM items),
                      (SELECT count(DISTINCT source) FROM documents),
                      (SELECT count(DISTINCT id) FROM failures WHERE severity = 'error'),
                      (SELECT count(*) FROM runs),
                      (SELECT min(published) FROM items), (SELECT max(published) FROM items)"""
        ).fetchone()
        return Counts(*row)

