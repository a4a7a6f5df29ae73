"""The default store: one SQLite file (stdlib ``sqlite3``), WAL, FTS5.

One writer at a time (``BEGIN IMMEDIATE`` with a busy timeout); readers open
the file read-only with ``SQLiteStore.open_read_only``. Writes are grouped in
transactions of ``batch_size`` documents: a killed ingest loses at most the
open batch, never half a document, and running it again completes it.
"""

from __future__ import annotations

import json
import re
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from counterpoint.errors import StoreError, UsageError
from counterpoint.model import Document, Failure, Item, PartialDate
from counterpoint.store.annotations import AnnotationTables
from counterpoint.store.base import Counts, SearchHit, StoredFailure, StoredItem
from counterpoint.store.events import EventTables
from counterpoint.store.framing import FramingTables
from counterpoint.store.link import LinkTables

_MIGRATION_NAME = re.compile(r"^\d{4}_[a-z0-9_]+\.sql$")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def migrations() -> list[tuple[str, str]]:
    """The packaged migrations as ``(name, sql)``, in name order."""
    folder = resources.files("counterpoint.store") / "migrations"
    found = [(p.name, p.read_text("utf-8")) for p in folder.iterdir() if _MIGRATION_NAME.match(p.name)]
    return sorted(found)


def _fts_query(query: str) -> str:
    """Plain words to an FTS5 query: every word must match, in any order."""
    words = re.findall(r"\w[\w'’-]*", query)
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


class SQLiteStore(AnnotationTables, EventTables, FramingTables, LinkTables):
    """A ``Store`` over one SQLite file. Not shared across threads."""

    def __init__(self, path: str | Path, *, read_only: bool = False, batch_size: int = 200) -> None:
        self.path = str(path)
        self.read_only = read_only
        self.batch_size = batch_size
        self._pending = 0
        try:
            if read_only:
                if not Path(self.path).is_file():
                    raise StoreError(
                        f"no store at {self.path}",
                        fix="run `counterpoint analyze PATH...` first, or give the right --db",
                    )
                uri = Path(self.path).resolve().as_uri() + "?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
            else:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
                self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA busy_timeout=30000")
            self.conn.row_factory = sqlite3.Row
        except sqlite3.Error as exc:
            raise StoreError(
                f"cannot open the SQLite store {self.path} ({exc})",
                fix="check that the path is a writable SQLite file, or give another --db",
            ) from exc

    @classmethod
    def open(cls, path: str | Path, *, batch_size: int = 200) -> SQLiteStore:
        """Open for writing and apply pending migrations."""
        store = cls(path, batch_size=batch_size)
        store.migrate()
        return store

    @classmethod
    def open_read_only(cls, path: str | Path) -> SQLiteStore:
        store = cls(path, read_only=True)
        if store._applied() != {name for name, _ in migrations()}:
            raise StoreError(
                f"the store {path} was written by another version of counterpoint",
                fix="run any writing command (e.g. `counterpoint ingest`) once to migrate it",
            )
        return store

    # -- transactions -------------------------------------------------------
    def _begin(self) -> None:
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        if self.conn.in_transaction:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                raise StoreError(f"cannot commit to {self.path} ({exc})", fix="check disk space") from exc
        self._pending = 0

    def _written(self) -> None:
        self._pending += 1
        if self._pending >= self.batch_size:
            self.commit()

    # -- migrations ---------------------------------------------------------
    def _applied(self) -> set[str]:
        try:
            rows = self.conn.execute("SELECT name FROM _migrations").fetchall()
        except sqlite3.OperationalError:
            return set()
        return {r[0] for r in rows}

    def migrate(self) -> list[str]:
        self.conn.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL)")
        applied = self._applied()
        done: list[str] = []
        for name, sql in migrations():
            if name in applied:
                continue
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                for statement in _split_sql(sql):
                    self.conn.execute(statement)
                self.conn.execute("INSERT INTO _migrations(name, applied) VALUES (?, ?)", (name, _now()))
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self.conn.execute("ROLLBACK")
                raise StoreError(
                    f"migration {name} failed on {self.path} ({exc})",
                    fix="the store is unchanged; report this with the file if it persists",
                ) from exc
            done.append(name)
        return done

    # -- runs and failures --------------------------------------------------
    def begin_run(self, command: str, args: Sequence[str]) -> str:
        run_id = "r_" + uuid.uuid4().hex[:16]
        self._begin()
        self.conn.execute(
            "INSERT INTO runs(id, command, args, started) VALUES (?, ?, ?, ?)",
            (run_id, command, json.dumps(list(args)), _now()),
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
            "INSERT OR IGNORE INTO failures(id, run_id, locator, stage, code, severity, reason, fix, at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (failure.id, run_id, failure.locator, failure.stage, failure.code, failure.severity,
             failure.reason, failure.fix, _now()),
        )
        self._written()

    def failures(self, *, last_run_only: bool = False) -> list[StoredFailure]:
        where = ""
        if last_run_only:
            where = "WHERE run_id = (SELECT id FROM runs ORDER BY started DESC, rowid DESC LIMIT 1)"
        rows = self.conn.execute(
            f"""SELECT id, locator, stage, code, severity, reason, fix,
                       max(at) AS at, count(*) AS times,
                       (SELECT run_id FROM failures f2 WHERE f2.id = f.id ORDER BY rowid DESC LIMIT 1) AS run_id
                FROM failures f {where} GROUP BY id ORDER BY max(rowid) DESC"""
        ).fetchall()
        return [
            StoredFailure(
                Failure(r["locator"], r["stage"], r["code"], r["reason"], r["fix"], r["severity"]),
                run_id=r["run_id"], at=r["at"], times=r["times"],
            )
            for r in rows
        ]

    # -- documents and items ------------------------------------------------
    def has_document(self, document_id: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (document_id,)).fetchone()
        return row is not None

    @contextmanager
    def _atomic(self, name: str, what: str, *,
                fix: str = "check disk space and that no other program holds the store") -> Iterator[None]:
        """A savepoint: everything written inside is kept together or not at all."""
        try:
            self._begin()
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                self.conn.execute(f"ROLLBACK TO {name}")
                self.conn.execute(f"RELEASE {name}")
                raise
            self.conn.execute(f"RELEASE {name}")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot store {what} in {self.path} ({exc})", fix=fix) from exc

    def add_document(self, document: Document, items: Sequence[Item], run_id: str) -> bool:
        with self._atomic("doc", document.locator):
            inserted = self._insert_document(document, items, run_id)
        if inserted:
            self._written()
        return inserted

    def _insert_document(self, doc: Document, items: Sequence[Item], run_id: str) -> bool:
        if self.has_document(doc.id):
            return False
        version_row = self.conn.execute(
            "SELECT coalesce(max(version), 0) FROM documents WHERE locator = ?", (doc.locator,)
        ).fetchone()
        self.conn.execute(
            """INSERT INTO documents(id, locator, version, kind, source, source_origin, url, title, author,
                   published, published_granularity, published_origin, language, language_score, analysed,
                   encoding, raw_sha256, raw_size, extras, text, first_seen, run_id)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (doc.id, doc.locator, version_row[0] + 1, doc.kind, doc.source, doc.source_origin, doc.url,
             doc.title, doc.author, doc.published.iso(), doc.published.granularity, doc.published.origin,
             doc.language, doc.language_score, int(doc.analysed), doc.encoding, doc.raw_sha256,
             doc.raw_size, json.dumps(doc.extras), doc.text, _now(), run_id),
        )
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

    def search(self, query: str, *, limit: int = 20, raw: bool = False) -> list[SearchHit]:
        match = query if raw else _fts_query(query)
        if not match.strip():
            raise UsageError("the search query has no words", fix="give at least one word to search for")
        try:
            rows = self.conn.execute(
                """SELECT i.id, i.document_id, d.source, i.headline, i.published,
                          snippet(items_fts, 1, '[', ']', '…', 16) AS snip, bm25(items_fts, 5.0, 1.0) AS score
                   FROM items_fts JOIN items i ON i.rowid = items_fts.rowid
                   JOIN documents d ON d.id = i.document_id
                   WHERE items_fts MATCH ? ORDER BY score LIMIT ?""",
                (match, limit),
            ).fetchall()
        except sqlite3.OperationalError as exc:
            raise UsageError(
                f"the search query {query!r} is not valid FTS5 syntax ({exc})",
                fix="leave out --raw to search for plain words, or quote phrases with double quotes",
            ) from exc
        return [SearchHit(r[0], r[1], r[2], r[3], r[4], r[5], -float(r[6])) for r in rows]

    def counts(self) -> Counts:
        row = self.conn.execute(
            """SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM items),
                      (SELECT count(DISTINCT source) FROM documents),
                      (SELECT count(DISTINCT id) FROM failures WHERE severity = 'error'),
                      (SELECT count(*) FROM runs),
                      (SELECT min(published) FROM items), (SELECT max(published) FROM items)"""
        ).fetchone()
        return Counts(*row)

    def close(self) -> None:
        try:
            self.commit()
        finally:
            self.conn.close()


def _split_sql(sql: str) -> list[str]:
    """Split a migration into statements (``sqlite3.complete_statement`` aware)."""
    statements: list[str] = []
    buf = ""
    for line in sql.splitlines(keepends=True):
        if not buf and line.strip().startswith("--"):
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            statements.append(buf.strip())
            buf = ""
    if buf.strip():
        statements.append(buf.strip())
    return statements
