"""The web UI over a PostgreSQL store: the same corpus (``tests/web/corpus.py``), written through
``PostgresStore``, and every page and JSON twin answering as on SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from starlette.testclient import TestClient

import tests.web.corpus as corpus_module
from counterpoint.store.postgres import PostgresStore
from counterpoint.web import create_app
from tests.conftest import PgServer
from tests.web.corpus import BASE_URL, Corpus, build
from tests.web.test_routes import pages


@pytest.fixture(scope="module")
def pg_corpus(pg_server: PgServer | str) -> tuple[str, Corpus]:
    if isinstance(pg_server, str):
        pytest.skip(f"no PostgreSQL server reachable: set COUNTERPOINT_TEST_PG or install postgresql ({pg_server})")
    dsn = pg_server.fresh()

    class _Postgres:  # build() opens "a SQLiteStore at path": open the PostgreSQL database instead
        @staticmethod
        def open(path: Path, **_: Any) -> PostgresStore:
            return PostgresStore.open(dsn)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(corpus_module, "SQLiteStore", _Postgres)
        return dsn, build(Path("unused.db"))


@pytest.fixture(scope="module")
def pg_app(pg_corpus: tuple[str, Corpus]) -> Iterator[FastAPI]:
    web = create_app(pg_corpus[0])
    yield web
    web.state.pool.close()


@pytest.fixture(scope="module")
def pg_client(pg_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(pg_app, base_url=BASE_URL) as c:
        yield c


def test_every_page_and_its_twin_on_postgresql(pg_client: TestClient, pg_corpus: tuple[str, Corpus],
                                              client: TestClient) -> None:
    corpus = pg_corpus[1]
    for page, twin in pages(corpus):
        html = pg_client.get(page)
        assert html.status_code == 200, (page, html.text[:300])
        assert html.text.startswith("<!doctype html>")
        data = pg_client.get(twin)
        assert data.status_code == 200, (twin, data.text[:300])
        if not twin.startswith("/search"):  # ranking and snippets are the engine's own
            same = client.get(twin)
            assert _stable(data.json()) == _stable(same.json()), twin


def _stable(value: Any) -> Any:
    """A page's JSON without what differs between two stores written at different times."""
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in value.items() if k not in {"first_seen", "at", "run_id", "db", "store"}}
    if isinstance(value, list):
        return [_stable(v) for v in value]
    return value


def test_search_on_postgresql(pg_client: TestClient, pg_corpus: tuple[str, Corpus]) -> None:
    corpus = pg_corpus[1]
    data = pg_client.get("/search.json?q=troops river").json()
    hits = {h["item_id"]: h for h in data["hits"]}
    assert corpus.items["clean"] in hits
    assert "\x02troops\x03" in hits[corpus.items["clean"]]["snippet"]
    assert hits[corpus.items["clean"]]["story_id"] == corpus.story_id
    only = pg_client.get("/search.json?q=troops&source=digest.example").json()["hits"]
    assert only and all(h["source"] == "digest.example" for h in only)
    assert pg_client.get("/search.json?q=troops&until=2024").json()["hits"] == []
    assert "<mark>troops</mark>" in pg_client.get("/search?q=troops").text


def test_the_postgresql_store_is_read_only(pg_app: FastAPI) -> None:
    import psycopg

    with pg_app.state.pool.store() as store, pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
        store.conn.execute("INSERT INTO runs(id, command, args, started) VALUES ('r', 'c', '[]', 'now')")


def test_report_from_postgresql_is_the_report_from_sqlite(pg_corpus: tuple[str, Corpus], corpus: Corpus,
                                                         tmp_path: Path) -> None:
    import re

    from click.testing import CliRunner

    from counterpoint.cli import cli

    texts = []
    for db in (pg_corpus[0], str(corpus.path)):
        out = tmp_path / f"{len(texts)}.html"
        result = CliRunner().invoke(cli, ["--db", db, "report", "-o", str(out)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        texts.append(re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?(\+00:00|Z)?", "T", out.read_text("utf-8")))
    assert corpus.story_id in texts[0]
    assert texts[0] == texts[1]
