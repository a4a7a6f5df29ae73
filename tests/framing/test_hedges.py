"""Hedges and distance cues."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counterpoint.framing.hedges import Hedge, find_hedges


def found(text: str) -> list[tuple[str, str]]:
    return [(h.kind, h.text) for h in find_hedges(text)]


def assert_valid(text: str, hedges: list[Hedge]) -> None:
    for h in hedges:
        assert 0 <= h.start < h.end <= len(text) and text[h.start:h.end] == h.text
        assert 0.0 <= h.confidence <= 1.0
    assert all(a.end <= b.start for a, b in itertools.pairwise(hedges))


@pytest.mark.parametrize(("text", "cue"), [
    ("Pyongyang claims that its drones crossed the line.", "claims"),
    ("The ministry dismissed its claims as lies.", "claims"),
    ("Seoul claimed a victory at sea.", "claimed"),
    ("An alleged sabotage cut the cable.", "alleged"),
    ("The bridge was allegedly mined.", "allegedly"),
    ("The so-called militia withdrew.", "so-called"),
    ("A purported letter circulated.", "purported"),
    ("The cargo was purportedly grain.", "purportedly"),
    ("A supposed defector spoke.", "supposed"),
    ("The camp was supposedly empty.", "supposedly"),
    ("The self-proclaimed governor fled.", "self-proclaimed"),
    ("The self-styled commander gave orders.", "self-styled"),
    ("They launched what it called a counter-offensive.", "what it called"),
    ("Troops staged what the agency described as a drill.", "what the agency described as"),
])
def test_distance_cues(text: str, cue: str) -> None:
    assert found(text) == [("distance", cue)]


@pytest.mark.parametrize(("text", "cue"), [
    ("The convoy reportedly turned back.", "reportedly"),
    ("The radar apparently failed.", "apparently"),
    ("The talks seemingly stalled.", "seemingly"),
    ("The drone may have strayed.", "may have"),
    ("The envoy is said to be ill.", "is said to"),
    ("The crews are believed to have deserted.", "are believed to"),
    ("Unconfirmed footage showed smoke.", "Unconfirmed"),
    ("An unverified video spread.", "unverified"),
    ("Two ships sank, according to unverified reports.", "according to unverified reports"),
    ("The figure could not be independently verified.", "could not be independently verified"),
    ("The toll cannot be independently confirmed.", "cannot be independently confirmed"),
    ("We couldn't independently verify the photos.", "couldn't independently verify"),
    ("He is supposed to have fled.", "supposed to have"),
])
def test_hedges(text: str, cue: str) -> None:
    assert found(text) == [("hedge", cue)]


@pytest.mark.parametrize(("text", "cue"), [
    ("It is noted that the border stayed calm.", "It is noted that"),
    ("It is said that the depot burned.", "It is said that"),
    ("It was reported that shells fell.", "It was reported that"),
    ("It was reported by local radio.", "It was reported"),
    ("It is claimed the army won.", "It is claimed"),
    ("It is believed the envoy resigned.", "It is believed"),
])
def test_impersonal_cues(text: str, cue: str) -> None:
    assert found(text) == [("impersonal", cue)]


@pytest.mark.parametrize("text", [
    "Farmers reclaimed the flooded land.",
    "The claimsman filed the papers.",
    "Both sides filed counter-claims.",
    "Crews are supposed to rest on Sundays.",
    "The proclaimed holiday began.",
    "What time it is, nobody knows.",
])
def test_negatives(text: str) -> None:
    assert find_hedges(text) == []


def test_case_insensitive_and_longest_overlap_wins() -> None:
    assert found("ALLEGEDLY the SO-CALLED unit left.") == [("distance", "ALLEGEDLY"), ("distance", "SO-CALLED")]
    assert found("It is claimed that ships sank.") == [("impersonal", "It is claimed that")]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"\"'“”«» aclimsedy-\n", "it is ", "so-called ", "what it ", "claims "]),
                max_size=60))
def test_any_text_gives_valid_offsets(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert_valid(text, find_hedges(text))


def test_a_very_long_sentence_and_a_large_text_finish() -> None:
    sentence = ("what the " + "very " * 2_000 + "claimed ")[:10_000]
    assert_valid(sentence, find_hedges(sentence))
    big = ("It is said that the unit reportedly left, according to unverified reports. " * 14_000)[:1_000_000]
    hedges = find_hedges(big)
    assert_valid(big, hedges)
    assert len(hedges) > 30_000
