"""What only the SQLite store has: its file, WAL, read-only opening (the rest: test_store_contract.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from counterpoint.errors import StoreError
from counterpoint.store.sqlite import SQLiteStore, migrations

TEXT = "Troops cross the border\nSoldiers crossed the border near Kursk on Tuesday, officials said."


def test_migrations_are_named_recorded_and_applied_once(tmp_path: Path) -> None:
    s = SQLiteStore.open(tmp_path / "a.db")
    names = [n for n, _ in migrations()]
    assert names and names[0].startswith("0001_")
    assert s.migrate() == []  # second time: nothing to apply
    applied = {r[0] for r in s.conn.execute("SELECT name FROM _migrations")}
    assert applied == set(names)
    assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    s.close()


def test_read_only_store_cannot_write_and_needs_a_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store"):
        SQLiteStore.open_read_only(tmp_path / "missing.db")
    SQLiteStore.open(tmp_path / "x.db").close()
    ro = SQLiteStore.open_read_only(tmp_path / "x.db")
    with pytest.raises(sqlite3.OperationalError):
        ro.conn.execute("INSERT INTO runs(id, command, args, started) VALUES ('r', 'c', '[]', 'now')")
    ro.close()
