"""Stores behind one interface (``Store``): a SQLite file (the default) or a PostgreSQL database."""

from __future__ import annotations

from counterpoint.errors import UsageError
from counterpoint.store.base import Counts, SearchHit, SQLStore, Store, StoredFailure, StoredItem
from counterpoint.store.sqlite import SQLiteStore

__all__ = ["Counts", "SQLStore", "SQLiteStore", "SearchHit", "Store", "StoredFailure", "StoredItem", "is_postgres",
           "open_store"]


def is_postgres(db: str) -> bool:
    """Whether ``db`` names a PostgreSQL database (``postgresql://`` or ``postgres://``)."""
    return "://" in db and db.split("://", 1)[0].lower() in ("postgresql", "postgres")


def open_store(db: str, *, read_only: bool = False, batch_size: int = 200) -> SQLStore:
    """Open the store named by ``db``: a SQLite file path (the default) or a PostgreSQL address
    (``postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE``)."""
    if is_postgres(db):
        from counterpoint.store.postgres import PostgresStore

        if read_only:
            return PostgresStore.open_read_only(db)
        return PostgresStore.open(db, batch_size=batch_size)
    if "://" in db:
        scheme = db.split("://", 1)[0]
        raise UsageError(
            f"the store {scheme}:// is not supported by this version",
            fix="give a SQLite file path or a postgresql://USER@HOST/DATABASE address to --db",
        )
    if read_only:
        return SQLiteStore.open_read_only(db)
    return SQLiteStore.open(db, batch_size=batch_size)
