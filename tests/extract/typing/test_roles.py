"""The packaged CRF role tagger and the BIO helpers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counterpoint.extract.typing import RoleTagger, bio_spans
from counterpoint.extract.typing.roles import TAGS, repair_bio


def valid_bio(tags: list[str]) -> bool:
    prev = "O"
    for tag in tags:
        if tag not in TAGS:
            return False
        if tag.startswith("I-") and prev[2:] != tag[2:]:
            return False
        prev = tag
    return True


@pytest.fixture(scope="module")
def tagger() -> RoleTagger:
    return RoleTagger.load()


@pytest.mark.parametrize("sentence", [
    "US Secretary of State Rex Tillerson called Russian Foreign Minister Sergey Lavrov on Thursday .",
    "Russian forces shelled the city of Kharkiv overnight .",
    "The weather was mild .",
    "Hello",
    "- - ( ) , , ;",
])
def test_one_valid_tag_per_token(tagger: RoleTagger, sentence: str) -> None:
    tokens = sentence.split()
    tags = tagger.tag(tokens)
    assert len(tags) == len(tokens)
    assert valid_bio(tags)


def test_finds_source_and_target(tagger: RoleTagger) -> None:
    tags = tagger.tag(["Iran", "accused", "Israel", "of", "sabotage", "."])
    assert bio_spans(tags, "S") == [(0, 1)]
    assert bio_spans(tags, "T") == [(2, 3)]


def test_empty_and_cached(tagger: RoleTagger) -> None:
    assert tagger.tag([]) == []
    assert RoleTagger.load() is tagger


def test_bio_spans() -> None:
    tags = ["B-S", "I-S", "O", "B-T", "B-T", "I-T", "I-S"]
    assert bio_spans(tags, "S") == [(0, 2), (6, 7)]
    assert bio_spans(tags, "T") == [(3, 4), (4, 6)]
    assert bio_spans(["O", "O"], "S") == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(TAGS), max_size=12))
def test_repair_bio_is_valid_and_keeps_roles(tags: list[str]) -> None:
    fixed = repair_bio(tags)
    assert valid_bio(fixed)
    assert [t[2:] for t in fixed] == [t[2:] for t in tags]
