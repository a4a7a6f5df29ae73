"""The spaCy pipeline with the registry's entity-ruler patterns, loaded once per test session."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from counterpoint.annotate.actors import ActorRegistry
from counterpoint.annotate.nlp import load_nlp


@lru_cache(maxsize=1)
def ruled_nlp() -> Any:
    return load_nlp(patterns=ActorRegistry.load().patterns())
