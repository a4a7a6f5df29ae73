"""Stores behind one interface (``Store``): SQLite now, PostgreSQL later."""

from __future__ import annotations

from counterpoint.errors import UsageError
from counterpoint.store.base import Counts, SearchHit, Store, StoredFailure, StoredItem
from counterpoint.store.sqlite import SQLiteStore

__all__ = ["Counts", "SQLiteStore", "SearchHit", "Store", "StoredFailure", "StoredItem", "open_store"]


def open_store(db: str, *, read_only: bool = False, batch_size: int = 200) -> Store:
    """Open the store named by ``db``: a SQLite file path (the default)."""
    if "://" in db:
        scheme = db.split("://", 1)[0]
        raise UsageError(
            f"the store {scheme}:// is not supported by this version",
            fix="give a SQLite file path to --db (PostgreSQL support is planned)",
        )
    if read_only:
        return SQLiteStore.open_read_only(db)
    return SQLiteStore.open(db, batch_size=batch_size)
