"""The packaged event typer: loads, gives two probability distributions, gets obvious cases right."""

from __future__ import annotations

import math

import numpy as np
import pytest

from counterpoint.extract.typing import QUADS, TYPE_QUAD, EventTyper, TypeScores
from counterpoint.extract.typing.classifier import softmax
from counterpoint.model import PLOVER_TYPES


@pytest.fixture(scope="module")
def typer() -> EventTyper:
    return EventTyper.load()


CASES = [
    ("Russian forces shelled the city overnight.", {"material_conflict"}, {"ASSAULT"}),
    ("The two ministers signed a trade agreement.", {"verbal_cooperation", "material_cooperation"}, {"AGREE"}),
    ("China condemned the latest arms sale to Taiwan.", {"verbal_conflict"}, {"ACCUSE"}),
    ("Germany will send humanitarian aid to Gaza.", {"material_cooperation"}, {"AID"}),
    ("Iran threatened to close the Strait of Hormuz.", {"verbal_conflict"}, {"THREATEN"}),
]


@pytest.fixture(scope="module")
def scores(typer: EventTyper) -> list[TypeScores]:
    return typer.predict([text for text, _, _ in CASES])


def test_load_is_cached(typer: EventTyper) -> None:
    assert EventTyper.load() is typer
    assert typer.quads == QUADS
    assert typer.types == PLOVER_TYPES


def test_probabilities_sum_to_one(scores: list[TypeScores]) -> None:
    assert len(scores) == len(CASES)
    for s in scores:
        assert set(s.quad_probs) == set(QUADS)
        assert set(s.type_probs) == set(PLOVER_TYPES)
        assert math.isclose(sum(s.quad_probs.values()), 1.0, abs_tol=1e-4)
        assert math.isclose(sum(s.type_probs.values()), 1.0, abs_tol=1e-4)
        assert all(0.0 <= p <= 1.0 for p in [*s.quad_probs.values(), *s.type_probs.values()])
        assert s.best_quad in QUADS and s.best_type in PLOVER_TYPES


@pytest.mark.parametrize("k", range(len(CASES)))
def test_obvious_sentences(scores: list[TypeScores], k: int) -> None:
    text, quads, types = CASES[k]
    s = scores[k]
    assert s.best_quad in quads, (text, s.quad_probs)
    assert types & {t for t, _ in s.top_types(3)}, (text, s.top_types(3))


def test_best_properties_and_dict() -> None:
    s = TypeScores({q: 0.1 for q in QUADS} | {"verbal_conflict": 0.6},
                   {t: 0.0 for t in PLOVER_TYPES} | {"ACCUSE": 0.7, "REJECT": 0.3})
    assert s.best_quad == "verbal_conflict"
    assert s.best_type == "ACCUSE"
    assert s.top_types(2) == [("ACCUSE", 0.7), ("REJECT", 0.3)]
    assert s.to_dict()["best_type"] == "ACCUSE"
    assert TYPE_QUAD[s.best_type] == "verbal_conflict"


def test_precomputed_inputs_and_empty(typer: EventTyper) -> None:
    assert typer.predict([]) == []
    texts = ["Police arrested opposition activists."]
    emb = np.zeros((1, 384), dtype=np.float32)
    emb[0, 0] = 1.0
    out = typer.predict(texts, embeddings=emb, coded=[[]])
    assert math.isclose(sum(out[0].type_probs.values()), 1.0, abs_tol=1e-4)
    with pytest.raises(ValueError):
        typer.predict(texts, embeddings=np.zeros((2, 384), dtype=np.float32), coded=[[], []])


def test_softmax_is_stable() -> None:
    p = softmax(np.array([[1000.0, 0.0, -1000.0]], dtype=np.float32))
    assert np.isfinite(p).all() and math.isclose(float(p.sum()), 1.0, abs_tol=1e-6)
