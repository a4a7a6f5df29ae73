"""What only the PostgreSQL store has: concurrent writers, killed writers, tsvector search, addresses,
read-only sessions, the connection adapter. (The shared contract runs in test_store_contract.py.)"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import psycopg
import pytest

from counterpoint.errors import StoreError, UsageError
from counterpoint.store import open_store
from counterpoint.store.postgres import PostgresStore, Row, migrations, redact, translate
from counterpoint.store.sqlite import SQLiteStore
from tests.conftest import PgServer, make_document, make_item

ROOT = Path(__file__).resolve().parents[2]


def _writer(dsn: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "tests.store.pg_writer", dsn, *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _check_consistent(dsn: str) -> tuple[int, int]:
    """Documents and items (every document with exactly its three items); versions unique per locator."""
    with psycopg.connect(dsn) as conn:
        per_doc = conn.execute(
            "SELECT d.id, count(i.id) FROM documents d LEFT JOIN items i ON i.document_id = d.id GROUP BY d.id"
        ).fetchall()
        assert all(n == 3 for _, n in per_doc), "a document without all its items"
        orphans = conn.execute(
            "SELECT count(*) FROM items i WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = i.document_id)"
        ).fetchone()
        assert orphans is not None and orphans[0] == 0
        versions = conn.execute(
            "SELECT locator, array_agg(version ORDER BY version) FROM documents GROUP BY locator").fetchall()
        for _, got in versions:
            assert got == list(range(1, len(got) + 1)), f"versions {got}"
        items = conn.execute("SELECT count(*) FROM items").fetchone()
        assert items is not None
        return len(per_doc), int(items[0])


def test_two_concurrent_ingests_never_duplicate_a_document(pg_dsn: str) -> None:
    # the same 60 documents (30 locators x 2 versions) in different orders, at once
    writers = [_writer(pg_dsn, "--seed", str(seed), "--batch", "4") for seed in (0, 7)]
    outputs = [w.communicate(timeout=120) for w in writers]
    for w, (_, err) in zip(writers, outputs, strict=True):
        assert w.returncode == 0, err
    assert _check_consistent(pg_dsn) == (60, 180)
    with psycopg.connect(pg_dsn) as conn:
        row = conn.execute("SELECT count(*), count(DISTINCT (locator, version)) FROM documents").fetchone()
        assert row == (60, 60)


def test_two_writers_in_threads_add_the_same_documents(pg_dsn: str) -> None:
    from tests.store.pg_writer import corpus

    docs = corpus(10, 2)
    results: list[int] = []
    errors: list[BaseException] = []

    def ingest(order: list[int]) -> None:
        try:
            store = PostgresStore.open(pg_dsn, batch_size=3)
            run = store.begin_run("ingest", [])
            results.append(sum(store.add_document(*docs[k], run) for k in order))
            store.close()
        except BaseException as exc:  # reported below
            errors.append(exc)

    forward = list(range(len(docs)))
    threads = [threading.Thread(target=ingest, args=(o,)) for o in (forward, forward[::-1])]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    assert sum(results) == len(docs)  # each document stored by exactly one of them
    assert _check_consistent(pg_dsn) == (20, 60)


def test_a_killed_ingest_leaves_the_database_consistent_and_a_rerun_completes(pg_dsn: str) -> None:
    writer = _writer(pg_dsn, "--locators", "200", "--versions", "1", "--batch", "7", "--pause", "0.01")
    assert writer.stdout is not None
    for line in writer.stdout:
        if line.startswith("stored 40"):
            break
    writer.send_signal(signal.SIGKILL)
    writer.wait(30)
    assert writer.returncode == -signal.SIGKILL
    documents, items = _check_consistent(pg_dsn)
    assert documents < 200 and documents % 7 == 0  # whole batches only
    assert items == 3 * documents
    rerun = _writer(pg_dsn, "--locators", "200", "--versions", "1", "--batch", "7")
    _, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    assert _check_consistent(pg_dsn) == (200, 600)


def test_two_processes_migrating_at_once_apply_each_migration_once(pg: PgServer) -> None:
    dsn = pg.fresh(migrated=False)
    code = ("import sys; from counterpoint.store.postgres import PostgresStore; "
            "s = PostgresStore(sys.argv[1]); print(len(s.migrate())); s.close()")
    procs = [subprocess.Popen([sys.executable, "-c", code, dsn], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(3)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [e for _, e in outs]
    assert sum(int(o) for o, _ in outs) == len(migrations())  # each applied by one of them
    with psycopg.connect(dsn) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM _migrations ORDER BY name")]
    assert names == [n for n, _ in migrations()]


def test_search_finds_any_language_and_ranks_the_headline_first(pg_dsn: str) -> None:
    store = PostgresStore.open(pg_dsn)
    run = store.begin_run("ingest", [])
    a = make_document("Обстріл Києва\nУ Київ прибули рятувальники, повідомили в Києві.", locator="a")
    b = make_document("Markets\nRice prices rose; Київ was mentioned once.", locator="b")
    c = make_document("Київ\nA short note about the city, from 50% of sources.", locator="c")
    for doc in (a, b, c):
        store.add_document(doc, [make_item(doc, 0, len(doc.text), headline_end=doc.text.index("\n"))], run)
    store.commit()
    hits = store.search("Київ")
    assert hits[0].document_id == c.id  # in the headline
    assert {h.document_id for h in hits} == {a.id, b.id, c.id}
    assert "[Київ]" in next(h for h in hits if h.document_id == b.id).snippet
    assert [h.document_id for h in store.search("київ")] == [h.document_id for h in hits]  # case-folded
    assert [h.document_id for h in store.search("rice prices")] == [b.id]
    assert [h.document_id for h in store.search("rice & !prices", raw=True)] == []
    assert [h.document_id for h in store.search("rice <-> prices", raw=True)] == [b.id]
    with pytest.raises(UsageError, match="tsquery"):
        store.search("AND OR (", raw=True)
    # a bad query inside an open batch does not lose the batch
    d = make_document("Pending\nA document not committed yet.", locator="d")
    store.add_document(d, [make_item(d, 0, len(d.text), headline_end=7)], run)
    with pytest.raises(UsageError):
        store.search("((", raw=True)
    store.commit()
    assert store.has_document(d.id)
    store.close()


def test_vectors_round_trip_as_float32(pg_dsn: str) -> None:
    store = PostgresStore.open(pg_dsn)
    doc = make_document("Headline\nBody text.", locator="v")
    item = make_item(doc, 0, len(doc.text), headline_end=8)
    store.add_document(doc, [item], "run")
    vector = np.array([0.1, -0.2, 1e-8, 3.4028235e38], dtype=np.float32)
    store.save_item_vectors({item.id: vector}, model="m")
    store.commit()
    [bundle] = store.load_bundles([item.id])
    assert bundle.vector is not None and bundle.vector.dtype == np.float32
    assert bundle.vector.tobytes() == vector.tobytes()
    store.close()


def test_read_only_sessions_cannot_write(pg_dsn: str, pg: PgServer) -> None:
    ro = PostgresStore.open_read_only(pg_dsn)
    with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
        ro.conn.execute("INSERT INTO runs(id, command, args, started) VALUES ('r', 'c', '[]', 'now')")
    assert ro.counts().documents == 0
    ro.close()
    with pytest.raises(StoreError, match="no store"):
        PostgresStore.open_read_only(pg.fresh(migrated=False))
    assert isinstance(open_store(pg_dsn, read_only=True), PostgresStore)


def test_open_store_picks_the_engine_by_address(pg_dsn: str, tmp_path: Path) -> None:
    store = open_store(pg_dsn)
    assert isinstance(store, PostgresStore)
    store.close()
    postgres = open_store("postgres://" + pg_dsn.split("://", 1)[1])
    assert isinstance(postgres, PostgresStore)
    postgres.close()
    sqlite = open_store(str(tmp_path / "x.db"))
    assert isinstance(sqlite, SQLiteStore)
    sqlite.close()
    with pytest.raises(UsageError, match="mysql:// is not supported"):
        open_store("mysql://localhost/x")


def test_unreachable_server_and_bad_addresses_say_what_to_do(pg: PgServer) -> None:
    with pytest.raises(StoreError, match="cannot connect") as info:
        PostgresStore(f"postgresql://someone:s3cret-pw@127.0.0.1:{_closed_port()}/db")
    assert "s3cret-pw" not in str(info.value) and "running and reachable" in str(info.value)
    with pytest.raises(StoreError) as info:
        PostgresStore("postgresql://someone:s3cret-pw@127.0.0.1:notaport/db")
    assert "s3cret-pw" not in str(info.value)
    missing = pg.dsn("cp_no_such_database")
    with pytest.raises(StoreError, match="createdb"):
        PostgresStore(missing)
    assert redact("postgresql://u:pw@h:5432/d") == "postgresql://u:***@h:5432/d"


def _closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_placeholders_and_rows() -> None:
    assert translate("SELECT ? WHERE a LIKE '50%' AND b = '?' AND \"c?\" = ?") == (
        "SELECT %s WHERE a LIKE '50%%' AND b = '?' AND \"c?\" = %s")
    row = Row((1, "x"), {"a": 0, "b": 1})
    assert row[0] == 1 and row["b"] == "x" and tuple(row) == (1, "x") and row.keys() == ["a", "b"]
    a, b = row
    assert (a, b) == (1, "x")


def test_literal_percent_and_question_marks_reach_the_server(pg_dsn: str) -> None:
    store = PostgresStore.open(pg_dsn)
    assert store.conn.execute("SELECT '50%' || ?, '?'", ("!",)).fetchone() == ("50%!", "?")
    store.close()
