"""The JSON API fuzzed against its own OpenAPI description (schemathesis strategies driven by Hypothesis,
in process): no server errors; status codes, content types and bodies as described; invalid parameters
rejected. A bounded number of examples per operation, derandomized so every run tries the same cases."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings

from counterpoint.web import create_app
from counterpoint.web.hosts import HostRule
from tests.web.corpus import Corpus

OPERATIONS = ["/index.json", "/timeline.json", "/stories/{story_id}.json", "/items/{item_id}.json",
              "/actors/{actor_id}.json", "/sources/{source_id}.json", "/search.json"]


@pytest.fixture(scope="module")
def app(corpus: Corpus) -> Iterator[FastAPI]:
    """The app answering schemathesis' in-process client, which sends ``Host: testserver``."""
    web = create_app(corpus.path, hosts=HostRule.of(["testserver"]))
    yield web
    web.state.pool.close()


def test_the_operations_listed_are_all_there_are(app: FastAPI) -> None:
    spec = schemathesis.openapi.from_asgi("/openapi.json", app)
    assert sorted(op.ok().path for op in spec.get_all_operations()) == sorted(OPERATIONS)


@pytest.mark.parametrize("path", OPERATIONS)
def test_json_api_conforms_to_its_description(app: FastAPI, path: str) -> None:
    operation = schemathesis.openapi.from_asgi("/openapi.json", app)[path]["GET"]

    @given(case=operation.as_strategy())
    @settings(max_examples=30, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    def check(case: schemathesis.Case) -> None:
        case.call_and_validate()

    check()
