"""Fixtures for the place tests: the gazetteer is made once per test session."""

from __future__ import annotations

import time
from typing import Any

import pytest

from counterpoint.annotate.places import Gazetteer, get_gazetteer
from counterpoint.annotate.places.gazetteer import build_count

_BUILD: dict[str, float] = {}


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    started = time.perf_counter()
    gaz = get_gazetteer()
    _BUILD["seconds"] = time.perf_counter() - started
    return gaz


@pytest.fixture(scope="session")
def nlp(gazetteer: Gazetteer) -> Any:
    """The English pipeline with the place patterns in its entity ruler (skips when not installed)."""
    from counterpoint.annotate.nlp import load_nlp
    from counterpoint.annotate.places import patterns
    from counterpoint.errors import ConfigError

    try:
        return load_nlp(patterns=patterns())
    except ConfigError as exc:  # pragma: no cover - the model is a pinned dependency
        pytest.skip(str(exc))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _BUILD:
        gaz = get_gazetteer()
        made = "loaded from the cache" if gaz.cached else f"built {build_count()} time(s)"
        terminalreporter.write_line(f"gazetteer: {len(gaz)} entries, {made} in {gaz.build_seconds:.2f} s")
