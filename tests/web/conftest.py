"""Fixtures of the web tests: the test corpus (``tests/web/corpus.py``) in a store, and the app over it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from starlette.testclient import TestClient

from counterpoint.web import create_app
from tests.web.corpus import BASE_URL, Corpus, build


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return build(tmp_path_factory.mktemp("web") / "web.db")


@pytest.fixture(scope="session")
def app(corpus: Corpus) -> Iterator[FastAPI]:
    web = create_app(corpus.path)
    yield web
    web.state.pool.close()


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url=BASE_URL) as c:
        yield c


@pytest.fixture
def db_path(corpus: Corpus) -> Path:
    return corpus.path
