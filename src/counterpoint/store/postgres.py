"""The team store: one PostgreSQL database (psycopg 3), behind the same ``Store`` interface.

The table mixins send the same SQL as to SQLite: a thin adapter turns ``?``
placeholders into psycopg's and gives rows readable by index and by column
name. Transactions work as in ``SQLiteStore``: writes are grouped in
transactions of ``batch_size`` documents, each document (or item's
annotations, events, ...) in a savepoint, so a killed ingest loses at most
the open batch, never half a document.

Several writers may work at once: a document is inserted under an advisory
lock on its locator (so two ingests of the same file never store it twice nor
number two versions alike) and migrations under an advisory lock of their
own. Full-text search reads a stored ``tsvector`` (headline weighted A, body
B, the ``simple`` configuration, so any language) through a GIN index.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from typing import Any

import psycopg
import psycopg.errors
from psycopg.pq import TransactionStatus

from counterpoint.errors import StoreError, UsageError
from counterpoint.model import Document, Item
from counterpoint.store.annotations import AnnotationTables
from counterpoint.store.base import SearchHit
from counterpoint.store.connection import Cursor
from counterpoint.store.core import DocumentTables, _now
from counterpoint.store.events import EventTables
from counterpoint.store.framing import FramingTables
from counterpoint.store.link import LinkTables

_MIGRATION_NAME = re.compile(r"^\d{4}_[a-z0-9_]+\.sql$")
#: The advisory lock migrations take (any constant; "cpmigr" in ASCII).
_MIGRATION_LOCK = 0x6370_6D69_6772
#: Retries of a document whose insert lost a deadlock to another writer (committing in between).
_DEADLOCK_RETRIES = 5


def migrations() -> list[tuple[str, str]]:
    """The packaged PostgreSQL migrations as ``(name, sql)``, in name order (the SQLite names)."""
    folder = resources.files("counterpoint.store") / "migrations" / "postgresql"
    found = [(p.name, p.read_text("utf-8")) for p in folder.iterdir() if _MIGRATION_NAME.match(p.name)]
    return sorted(found)


def redact(dsn: str) -> str:
    """The DSN without its password (for messages)."""
    try:
        parts = urllib.parse.urlsplit(dsn)
    except ValueError:
        return "postgresql://…"
    if parts.password is None:
        return dsn
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[1]}"))


def _scrub(message: str, dsn: str) -> str:
    """A driver message without the DSN's password, on one line."""
    try:
        password = urllib.parse.urlsplit(dsn).password
    except ValueError:
        password = None
    if password:
        message = message.replace(password, "***").replace(urllib.parse.unquote(password), "***")
    return " ".join(message.split())


@lru_cache(maxsize=1024)
def translate(sql: str) -> str:
    """``?`` placeholders to psycopg's ``%s`` (literal ``%`` doubled), outside quoted strings and names."""
    out: list[str] = []
    quote = ""
    for ch in sql:
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "?":
            out.append("%s")
            continue
        out.append("%%" if ch == "%" else ch)
    return "".join(out)


class Row(tuple[Any, ...]):
    """A result row readable by index, by column name and unpacked, like ``sqlite3.Row``."""

    _names: dict[str, int]

    def __new__(cls, values: Iterable[Any], names: dict[str, int]) -> Row:
        row = super().__new__(cls, values)
        row._names = names
        return row

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return super().__getitem__(self._names[key])
        return super().__getitem__(key)

    def keys(self) -> list[str]:
        return list(self._names)


def _row_factory(cursor: Any) -> Callable[[Sequence[Any]], Row]:
    names: dict[str, int] = {}
    for k, column in enumerate(cursor.description or ()):
        names.setdefault(column.name, k)

    def make(values: Sequence[Any]) -> Row:
        return Row(values, names)

    return make


class PgConnection:
    """A psycopg connection with the ``sqlite3``-style calls the table mixins make (``?`` placeholders)."""

    def __init__(self, raw: psycopg.Connection[Any]) -> None:
        self.raw = raw

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> Cursor:
        return self.raw.execute(translate(sql), tuple(parameters))

    def executemany(self, sql: str, seq_of_parameters: Iterable[Sequence[Any]], /) -> None:
        rows = [tuple(p) for p in seq_of_parameters]
        if rows:
            with self.raw.cursor() as cursor:
                cursor.executemany(translate(sql), rows)

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != TransactionStatus.IDLE

    @property
    def failed_transaction(self) -> bool:
        return self.raw.info.transaction_status == TransactionStatus.INERROR

    def close(self) -> None:
        self.raw.close()


def connect(dsn: str, *, read_only: bool = False) -> psycopg.Connection[Any]:
    """A psycopg connection to ``dsn`` in autocommit mode (transactions are explicit), or a ``StoreError``."""
    shown = redact(dsn)
    form = "postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE"
    try:
        conninfo = psycopg.conninfo.make_conninfo(dsn)
        params = psycopg.conninfo.conninfo_to_dict(conninfo)
    except psycopg.Error as exc:
        raise StoreError(f"the PostgreSQL address {shown} is not valid ({_scrub(str(exc), dsn)})",
                         fix=f"give --db as {form}") from exc
    extra: dict[str, Any] = {"application_name": "counterpoint"}
    if "connect_timeout" not in params:
        extra["connect_timeout"] = 10
    if read_only:
        extra["options"] = (str(params.get("options", "")) + " -c default_transaction_read_only=on").strip()
    try:
        conn = psycopg.connect(conninfo, autocommit=True, row_factory=_row_factory, **extra)
    except psycopg.OperationalError as exc:
        detail = _scrub(str(exc), dsn)
        low = detail.lower()
        if "password authentication failed" in low or "no password supplied" in low:
            fix = "check the user and password in the address (or set PGPASSWORD, or use ~/.pgpass)"
        elif "does not exist" in low and "database" in low:
            fix = f"create the database first (`createdb {params.get('dbname', 'NAME')}`), or give another --db"
        elif "invalid" in low and "connection option" in low:
            fix = f"give --db as {form}"
        elif "role" in low and "does not exist" in low:
            fix = "give an existing user in the address, or create it (`createuser NAME`)"
        else:
            fix = (f"check that the PostgreSQL server is running and reachable at the host and port given "
                   f"({form}), or give a SQLite file path to --db")
        raise StoreError(f"cannot connect to the PostgreSQL store {shown} ({detail})", fix=fix) from exc
    except psycopg.Error as exc:
        raise StoreError(f"cannot connect to the PostgreSQL store {shown} ({_scrub(str(exc), dsn)})",
                         fix=f"give --db as {form}") from exc
    return conn


#: ``ts_headline`` options: about 16 words around the first match, matches in [brackets] (as SQLite's snippet).
_HEADLINE_OPTIONS = "StartSel=[, StopSel=], MaxWords=16, MinWords=15, MaxFragments=1, FragmentDelimiter=…"


def _ellipsis(snippet: str, body: str) -> str:
    """``…`` where the snippet cuts the body (as SQLite's snippet marks it)."""
    snippet = snippet.strip()
    plain = snippet.replace("[", "").replace("]", "") if "[" not in body and "]" not in body else None
    at = body.find(plain) if plain else -1
    if at < 0:
        return snippet
    return ("…" if at > 0 else "") + snippet + ("…" if at + len(plain or "") < len(body.rstrip()) else "")


def _words(query: str) -> list[str]:
    return re.findall(r"\w[\w'’-]*", query)


class PostgresStore(DocumentTables, AnnotationTables, EventTables, FramingTables, LinkTables):
    """A ``Store`` over one PostgreSQL database. Not shared across threads."""

    conn: PgConnection
    _dialect = "postgresql"
    _db_errors: tuple[type[Exception], ...] = (psycopg.Error,)

    def __init__(self, dsn: str, *, read_only: bool = False, batch_size: int = 200) -> None:
        self.dsn = dsn
        self.path = redact(dsn)
        self.read_only = read_only
        self.batch_size = batch_size
        self._pending = 0
        self.conn = PgConnection(connect(dsn, read_only=read_only))

    @classmethod
    def open(cls, dsn: str, *, batch_size: int = 200) -> PostgresStore:
        """Open for writing and apply pending migrations."""
        store = cls(dsn, batch_size=batch_size)
        try:
            store.migrate()
        except BaseException:
            store.conn.close()
            raise
        return store

    @classmethod
    def open_read_only(cls, dsn: str) -> PostgresStore:
        store = cls(dsn, read_only=True)
        applied = store._applied()
        if applied != {name for name, _ in migrations()}:
            store.conn.close()
            if not applied:
                raise StoreError(
                    f"no store in the PostgreSQL database {store.path}",
                    fix="run `counterpoint analyze PATH... --db` with this address first, or give the right --db",
                )
            raise StoreError(
                f"the store {store.path} was written by another version of counterpoint",
                fix="run any writing command (e.g. `counterpoint ingest`) once to migrate it",
            )
        return store

    # -- transactions -------------------------------------------------------
    def _begin(self) -> None:
        if not self.conn.in_transaction:
            self.conn.raw.execute("BEGIN")

    def commit(self) -> None:
        if self.conn.in_transaction:
            if self.conn.failed_transaction:
                self.conn.raw.execute("ROLLBACK")
                self._pending = 0
                raise StoreError(f"the open transaction on {self.path} failed and was rolled back",
                                 fix="run the command again; what it stored before is kept")
            try:
                self.conn.raw.execute("COMMIT")
            except psycopg.Error as exc:
                raise StoreError(f"cannot commit to {self.path} ({_scrub(str(exc), self.dsn)})",
                                 fix="check that the server is up and has disk space") from exc
        self._pending = 0

    def _written(self) -> None:
        self._pending += 1
        if self._pending >= self.batch_size:
            self.commit()

    @contextmanager
    def _atomic(self, name: str, what: str, *,
                fix: str = "check that the PostgreSQL server is up and has disk space") -> Iterator[None]:
        """A savepoint: everything written inside is kept together or not at all."""
        try:
            self._begin()
            self.conn.raw.execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.raw.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    self.conn.raw.execute(f"RELEASE SAVEPOINT {name}")
                raise
            self.conn.raw.execute(f"RELEASE SAVEPOINT {name}")
        except psycopg.Error as exc:
            raise StoreError(f"cannot store {what} in {self.path} ({_scrub(str(exc), self.dsn)})", fix=fix) from exc

    # -- migrations ---------------------------------------------------------
    def _applied(self) -> set[str]:
        found = self.conn.execute("SELECT to_regclass('_migrations') IS NOT NULL").fetchone()
        if not found[0]:
            return set()
        return {r[0] for r in self.conn.execute("SELECT name FROM _migrations").fetchall()}

    def migrate(self) -> list[str]:
        """Apply pending migrations, each in its own transaction under an advisory lock
        (two processes migrating at once apply each migration once)."""
        self.commit()
        done: list[str] = []
        raw = self.conn.raw
        for name, sql in migrations():
            try:
                with raw.transaction():
                    raw.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
                    raw.execute('CREATE TABLE IF NOT EXISTS _migrations (name TEXT COLLATE "C" PRIMARY KEY, '
                                'applied TEXT COLLATE "C" NOT NULL)')
                    if raw.execute("SELECT 1 FROM _migrations WHERE name = %s", (name,)).fetchone():
                        continue
                    raw.execute(sql.encode("utf-8"))  # no parameters: several statements at once
                    raw.execute("INSERT INTO _migrations(name, applied) VALUES (%s, %s)", (name, _now()))
            except psycopg.Error as exc:
                raise StoreError(
                    f"migration {name} failed on {self.path} ({_scrub(str(exc), self.dsn)})",
                    fix="the database is unchanged by it; check that the user may create tables in it",
                ) from exc
            done.append(name)
        return done

    # -- documents ----------------------------------------------------------
    def add_document(self, document: Document, items: Sequence[Item], run_id: str) -> bool:
        for attempt in range(_DEADLOCK_RETRIES + 1):
            try:
                with self._atomic("doc", document.locator):
                    inserted = self._insert_document(document, items, run_id)
            except StoreError as exc:
                # another writer holds a lock this batch waits for while it waits for ours: keep
                # what this batch wrote (commit, releasing our locks) and try the document again
                if isinstance(exc.__cause__, psycopg.errors.DeadlockDetected) and attempt < _DEADLOCK_RETRIES:
                    self.commit()
                    continue
                raise
            if inserted:
                self._written()
            return inserted
        raise AssertionError("unreachable")

    def _lock_locator(self, locator: str) -> None:
        # one writer per locator at a time, until this transaction ends: the other sees this
        # document (and this version) once it gets the lock
        self.conn.execute("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", (locator,))

    # -- search -------------------------------------------------------------
    def search(self, query: str, *, limit: int = 20, raw: bool = False) -> list[SearchHit]:
        if raw:
            if not query.strip():
                raise UsageError("the search query has no words", fix="give at least one word to search for")
            tsquery, text = "to_tsquery('simple', ?)", query
        else:
            words = _words(query)
            if not words:
                raise UsageError("the search query has no words", fix="give at least one word to search for")
            tsquery, text = "plainto_tsquery('simple', ?)", " ".join(words)
        # ranks like SQLite's bm25(5.0, 1.0): the headline (A) five times the body (B), length-normalised
        sql = f"""WITH q AS (SELECT {tsquery} AS q)
                  SELECT i.id, i.document_id, d.source, i.headline, i.published,
                         ts_headline('simple', i.body, q.q, '{_HEADLINE_OPTIONS}') AS snip,
                         ts_rank('{{0.1, 0.2, 0.2, 1.0}}', i.fts, q.q, 1) AS score, i.body
                  FROM q, items i JOIN documents d ON d.id = i.document_id
                  WHERE i.fts @@ q.q ORDER BY score DESC, i.rowid LIMIT ?"""
        try:
            with self._savepoint_if_open("search"):
                rows = self.conn.execute(sql, (text, limit)).fetchall()
        except psycopg.errors.SyntaxError as exc:
            raise UsageError(
                f"the search query {query!r} is not valid tsquery syntax ({' '.join(str(exc).split())})",
                fix="leave out --raw to search for plain words, or join words with & | ! and <->",
            ) from exc
        return [SearchHit(r[0], r[1], r[2], r[3], r[4], _ellipsis(r[5], r[7]), float(r[6])) for r in rows]

    @contextmanager
    def _savepoint_if_open(self, name: str) -> Iterator[None]:
        """Inside an open transaction, a savepoint, so a failing read does not abort the batch."""
        if not self.conn.in_transaction:
            yield
            return
        self.conn.raw.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            self.conn.raw.execute(f"ROLLBACK TO SAVEPOINT {name}")
            raise
        finally:
            self.conn.raw.execute(f"RELEASE SAVEPOINT {name}")

    def close(self) -> None:
        try:
            self.commit()
        finally:
            self.conn.close()
