"""The default store: one SQLite file (stdlib ``sqlite3``), WAL, FTS5.

One writer at a time (``BEGIN IMMEDIATE`` with a busy timeout); readers open
the file read-only with ``SQLiteStore.open_read_only``. Writes are grouped in
transactions of ``batch_size`` documents: a killed ingest loses at most the
open batch, never half a document, and running it again completes it.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from counterpoint.errors import StoreError, UsageError
from counterpoint.model import Document, Item
from counterpoint.store.annotations import AnnotationTables
from counterpoint.store.base import SearchHit
from counterpoint.store.core import DocumentTables, _now
from counterpoint.store.events import EventTables
from counterpoint.store.framing import FramingTables
from counterpoint.store.link import LinkTables

_MIGRATION_NAME = re.compile(r"^\d{4}_[a-z0-9_]+\.sql$")


def migrations() -> list[tuple[str, str]]:
    """The packaged migrations as ``(name, sql)``, in name order."""
    folder = resources.files("counterpoint.store") / "migrations"
    found = [(p.name, p.read_text("utf-8")) for p in folder.iterdir() if _MIGRATION_NAME.match(p.name)]
    return sorted(found)


def _fts_query(query: str) -> str:
    """Plain words to an FTS5 query: every word must match, in any order."""
    words = re.findall(r"\w[\w'’-]*", query)
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


class SQLiteStore(DocumentTables, AnnotationTables, EventTables, FramingTables, LinkTables):
    """A ``Store`` over one SQLite file. Not shared across threads."""

    conn: sqlite3.Connection
    _dialect = "sqlite"
    #: What the database driver raises (the PostgreSQL store has its own).
    _db_errors: tuple[type[Exception], ...] = (sqlite3.Error,)

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
                # the first read opens the file (and the -shm beside a WAL store): fail here, not later
                self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            else:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                if Path(self.path).exists() and not os.access(self.path, os.R_OK | os.W_OK):
                    raise sqlite3.OperationalError("attempt to write a readonly database")
                self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
                self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA busy_timeout=30000")
            self.conn.row_factory = sqlite3.Row
        except (sqlite3.Error, OSError) as exc:
            raise cannot_open(self.path, exc, read_only=read_only) from exc

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
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return set()
            raise cannot_open(self.path, exc, read_only=self.read_only) from exc
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

    def close(self) -> None:
        try:
            self.commit()
        finally:
            self.conn.close()


def cannot_open(path: str, exc: BaseException, *, read_only: bool) -> StoreError:
    """Why SQLite cannot open or read the store at ``path``, and the fix: a folder or file this
    user may not write (SQLite creates ``NAME-wal`` and ``NAME-shm`` beside a store in WAL mode,
    even to read it), a ``-wal`` or ``-shm`` left by another user, or something else."""
    file = Path(path)
    folder = file.parent
    shown = str(folder) if str(folder) != "." else "the current folder"
    detail = f" ({exc.strerror or exc})" if isinstance(exc, OSError) else f" ({exc})"
    doing = "read" if read_only else "open"
    sides = [file.with_name(file.name + suffix) for suffix in ("-wal", "-shm")]
    if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK) and not all(p.exists() for p in sides):
        why = " even to read it (the store is in WAL mode)" if read_only else ""
        must = (f"SQLite must create {file.name}-wal and {file.name}-shm beside the store{why}" if file.exists()
                else "the store cannot be created there")
        return StoreError(
            f"cannot {doing} the SQLite store {path}: {shown} is not writable for this user, and {must}{detail}",
            fix=f"make the folder writable (e.g. `chmod u+w {folder}`, or a writable mount), or copy the store"
            " into a writable folder and give the copy with --db",
        )
    if not folder.exists() or (not folder.is_dir()):
        return StoreError(
            f"cannot {doing} the SQLite store {path}: {shown} cannot be made or is not a folder{detail}",
            fix="give --db a path in a folder this user can write",
        )
    need = os.R_OK if read_only else os.R_OK | os.W_OK
    for candidate in [file, *sides]:
        if candidate.exists() and not os.access(candidate, need):
            what = "readable" if read_only else "readable and writable"
            left = "" if candidate == file else " (left by a program of another user?)"
            return StoreError(
                f"cannot {doing} the SQLite store {path}: {candidate} is not {what} for this user{left}{detail}",
                fix=f"give this user access (e.g. `chmod u+rw {candidate}`), or copy the store into a folder of"
                " yours and give the copy with --db",
            )
    return StoreError(
        f"cannot {doing} the SQLite store {path}{detail}",
        fix="check that the path is a SQLite file this user can read and write, or give another --db",
    )


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
