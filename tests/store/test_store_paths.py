"""The store and hostile paths (issue 16): names that are not UTF-8, a store in a folder it cannot write."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from counterpoint.cli import cli
from counterpoint.errors import StoreError
from counterpoint.locators import display_locator, locator_bytes, path_locator
from counterpoint.model import Failure
from counterpoint.store.sqlite import SQLiteStore, cannot_open

needs_bytes_names = pytest.mark.skipif(os.name != "posix", reason="file names are bytes on POSIX only")
RAW = "/news/caf\udce9.txt"  # what os.fsdecode gives for b"/news/caf\xe9.txt"


@needs_bytes_names
def test_document_ids_at_and_failures_take_names_that_are_not_utf8(store: SQLiteStore) -> None:
    run_id = store.begin_run("ingest", [RAW])
    assert store.document_ids_at([RAW, path_locator(RAW)]) == set()
    store.add_failure(Failure(RAW, "read", "empty", f"{RAW} is empty", "leave it out"), run_id)
    store.commit()
    [row] = store.failures()
    assert row.failure.locator == "bytes:/news/caf%E9.txt"
    assert locator_bytes(row.failure.locator) == b"/news/caf\xe9.txt"
    assert row.failure.reason == "/news/caf\\xe9.txt is empty"
    assert json.loads(store.conn.execute("SELECT args FROM runs").fetchone()[0]) == ["/news/caf\\xe9.txt"]


@needs_bytes_names
@pytest.mark.timeout(600)
def test_analyze_a_folder_with_a_name_that_is_not_utf8_stores_it_and_skips_it_again(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "good.txt").write_text("Seoul said North Korea fired a missile into the sea on Monday.\n")
    with open(os.fsencode(folder) + b"/caf\xe9.txt", "wb") as f:
        f.write(b"North Korea sent troops to Russia, officials in Seoul said on Tuesday.\n")
    open(os.fsencode(folder) + b"/empty\xe9.txt", "wb").close()
    db = tmp_path / "s.db"

    def run(*args: str) -> str:
        result = CliRunner().invoke(cli, ["--db", str(db), "-q", *args], catch_exceptions=False)
        assert result.exit_code in (0, 1), result.output
        return result.output

    first = json.loads(run("analyze", "--workers", "1", "--json", str(folder)))
    assert (first["documents"], first["new_documents"], first["errors"]) == (2, 2, 1)
    again = json.loads(run("analyze", "--workers", "1", "--json", str(folder)))
    assert (again["new_documents"], again["unchanged_documents"]) == (0, 2)
    with contextlib.closing(sqlite3.connect(db)) as conn:
        locators = {r[0] for r in conn.execute("SELECT locator FROM documents")}
    odd = path_locator(os.fsdecode(os.fsencode(folder) + b"/caf\xe9.txt"))
    assert locators == {odd, str(folder / "good.txt")}
    listing = run("failures")
    assert "empty\\xe9.txt" in listing and "[read/empty]" in listing
    assert display_locator(odd).endswith("caf\\xe9.txt")
    assert "North Korea sent troops" in run("items")


# -- a store in a folder this user cannot write ------------------------------------------------------
@contextlib.contextmanager
def unwritable(folder: Path) -> Iterator[None]:
    """``folder`` made unwritable for this user: by its mode, or (for root, whom modes do not stop)
    by the immutable attribute where the system allows it; skips the test otherwise."""
    folder.chmod(0o555)
    immutable = False
    try:
        if os.access(folder, os.W_OK) and shutil.which("chattr"):
            immutable = subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0
        if os.access(folder, os.W_OK):
            pytest.skip("cannot make a folder unwritable for this user (root without chattr +i)")
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=False)
        folder.chmod(0o755)


def test_a_store_in_a_folder_it_cannot_write_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    SQLiteStore.open(folder / "s.db").close()  # closed cleanly: no -wal or -shm left beside it
    assert sorted(p.name for p in folder.iterdir()) == ["s.db"]
    with unwritable(folder):
        with pytest.raises(StoreError) as read_error:
            SQLiteStore.open_read_only(folder / "s.db")
        with pytest.raises(StoreError) as write_error:
            SQLiteStore.open(folder / "s.db")
        with pytest.raises(StoreError) as new_error:
            SQLiteStore.open(folder / "new.db")
    for error in (read_error.value, write_error.value, new_error.value):
        assert "another version" not in error.reason
        assert "is not writable for this user" in error.reason and "writable folder" in error.fix
    assert "s.db-wal" in read_error.value.reason and "even to read it" in read_error.value.reason
    assert "cannot be created there" in new_error.value.reason


def test_cannot_open_names_a_side_file_of_another_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "s.db"
    db.write_bytes(b"")
    (tmp_path / "s.db-shm").write_bytes(b"")
    shm = str(tmp_path / "s.db-shm")
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if str(p) == shm else real_access(p, mode))
    error = cannot_open(str(db), sqlite3.OperationalError("unable to open database file"), read_only=False)
    assert "s.db-shm is not readable and writable" in error.reason and "chmod" in error.fix
