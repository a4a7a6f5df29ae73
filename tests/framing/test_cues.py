"""The stock-phrase lexicon of techniques."""

from __future__ import annotations

import pytest

from counterpoint.framing.cues import find_cues, load_cues
from counterpoint.model import TECHNIQUES


def test_every_pattern_names_a_technique() -> None:
    patterns = load_cues()
    assert patterns and all(p.technique in TECHNIQUES and p.note for p in patterns)


@pytest.mark.parametrize(("text", "technique", "span"), [
    ("The strikes were carried out in full compliance with international law.", "Appeal_to_Authority",
     "in full compliance with international law"),
    ("Our gunners destroyed every enemy armoured unit in the sector.", "Exaggeration,Minimisation",
     "destroyed every enemy armoured unit"),
    ("The army showed boundless loyalty to the leader.", "Flag-Waving", "boundless loyalty"),
    ("He condemned the illegal invasion of the island.", "Loaded_Language", "illegal invasion"),
    ("The ministry said the losses were negligible losses at most.", "Exaggeration,Minimisation",
     "negligible losses"),
])
def test_stock_phrases_are_found(text: str, technique: str, span: str) -> None:
    cues = [c for c in find_cues(text) if c.technique == technique]
    assert any(text[c.start:c.end] == span for c in cues), cues


@pytest.mark.parametrize("text", ["The court ruled in line with the procedure.", "Every unit returned to base.",
                                  "The invasion began in 1939.", ""])
def test_plain_wording_is_not_matched(text: str) -> None:
    assert find_cues(text) == []


def test_long_hostile_text_is_fast_and_valid() -> None:
    text = "destroyed every " + "a " * 50_000 + "(((" * 1000
    for c in find_cues(text):
        assert 0 <= c.start < c.end <= len(text)
