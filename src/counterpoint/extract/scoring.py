"""Typing confidence: the lexicon's trigger weight times the classifier's agreement.

The learned classifier (``counterpoint.extract.typing``, built separately) is
optional: when it is missing or cannot load, events are typed by the lexicon
alone and every lexicon weight counts as it is. When it is there, the type of a
trigger with several readings is the one the classifier prefers, and the
confidence of every event moves with the classifier's probability of its type
and of its quad class. Both numbers are kept in the event's explanation.
"""

from __future__ import annotations

import importlib
import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from counterpoint.extract.lexicon import QUAD, Sense

log = logging.getLogger(__name__)

#: Weight of the classifier's view against the lexicon's: the multiplier is ``1 + w * (agreement - 0.5)``,
#: so 0.5 gives 0.75 (full disagreement) .. 1.25 (full agreement).
CLASSIFIER_WEIGHT = 0.5
#: How much the lexicon's first reading of a word is preferred when the classifier has a view.
FIRST_SENSE_BONUS = 1.25


class TypeScoresLike(Protocol):
    @property
    def quad_probs(self) -> Mapping[str, float]: ...

    @property
    def type_probs(self) -> Mapping[str, float]: ...


class TyperLike(Protocol):
    def predict(self, texts: Sequence[str]) -> Sequence[TypeScoresLike]: ...


def _import(name: str) -> Any:
    """``importlib.import_module``, kept apart so tests can make the classifier package disappear."""
    return importlib.import_module(name)


def load_typer(*, fast: bool = False) -> TyperLike | None:
    """The learned classifier (``fast``: its variant without sentence embeddings), or ``None``
    when it is not installed or cannot load."""
    try:
        module = _import("counterpoint.extract.typing.classifier")
    except ImportError:
        return None
    try:
        typer: TyperLike = module.EventTyper.load(fast=True) if fast else module.EventTyper.load()
    except Exception as exc:  # a missing or broken model file must not stop extraction
        log.warning("event classifier not loaded (%s: %s); typing by lexicon only", type(exc).__name__, exc)
        return None
    return typer


def external_lexicon() -> dict[str, tuple[str, str | None]]:
    """``lemma -> (type, mode)`` from the classifier's dictionary, or ``{}``."""
    try:
        module = _import("counterpoint.extract.typing.dictionary")
    except ImportError:
        return {}
    obj: Any = getattr(module, "verb_lexicon", None)
    try:
        table = obj() if callable(obj) else obj
        out: dict[str, tuple[str, str | None]] = {}
        for lemma, value in dict(table or {}).items():
            type_, mode = (value[0], value[1] if len(value) > 1 else None) if isinstance(value, tuple | list) \
                else (value, None)
            if type_ in QUAD:
                out[str(lemma).lower()] = (str(type_), mode or None)
        return out
    except Exception as exc:
        log.warning("classifier dictionary not usable (%s: %s)", type(exc).__name__, exc)
        return {}


@dataclass(frozen=True, slots=True)
class Scored:
    sense: Sense
    confidence: float
    p_type: float | None
    p_quad: float | None


def agreement(type_: str, scores: TypeScoresLike | None) -> tuple[float, float | None, float | None]:
    """How much the classifier agrees with ``type_`` (0.5 = no view), and its two probabilities.

    The classifier scores a whole sentence, so a second event of a sentence gets a low probability
    even when it is right: square roots keep a low probability from vetoing the lexicon, while a
    confident agreement still counts fully (p = 0.05 gives 0.22, p = 0.8 gives 0.89)."""
    if scores is None:
        return 0.5, None, None
    p_type = float(scores.type_probs.get(type_, 0.0))
    p_quad = float(scores.quad_probs.get(QUAD.get(type_, ""), 0.0))
    return 0.5 * math.sqrt(max(p_type, 0.0)) + 0.5 * math.sqrt(max(p_quad, 0.0)), p_type, p_quad


def factor(type_: str, scores: TypeScoresLike | None) -> float:
    """The classifier's multiplier of a lexicon weight: 1 without a classifier, 0.75 .. 1.25 with one."""
    agree, _, _ = agreement(type_, scores)
    return 1.0 + CLASSIFIER_WEIGHT * (agree - 0.5)


def choose(senses: Sequence[Sense], scores: TypeScoresLike | None) -> Scored:
    """The sense to use: the first that applies (the lexicon lists a word's readings most specific first),
    unless the classifier prefers another clearly enough to outweigh that order."""
    best: tuple[float, Scored] | None = None
    for rank, sense in enumerate(senses):
        _, p_type, p_quad = agreement(sense.type, scores)
        scored = Scored(sense, min(0.99, sense.weight * factor(sense.type, scores)), p_type, p_quad)
        if scores is None:
            return scored
        value = scored.confidence * (FIRST_SENSE_BONUS if rank == 0 else 1.0)
        if best is None or value > best[0] + 1e-9:
            best = (value, scored)
    assert best is not None
    return best[1]
