"""Event types, modes and contexts from sentences written for these tests."""

from __future__ import annotations

import pytest

from tests.extract.helpers import extract

#: sentence -> (type, mode) of the event it must give (mode None: any).
CASES: list[tuple[str, str, str | None]] = [
    ("Russian forces shelled Kharkiv overnight.", "ASSAULT", "heavy-weapons"),
    ("Ukrainian troops attacked Russian positions near Kursk.", "ASSAULT", None),
    ("Russia launched drones at Kharkiv on Monday night.", "ASSAULT", None),
    ("Kim Jong Un test-fired a new cruise missile on Sunday.", "MOBILIZE", "weapons"),
    ("North Korea fired two ballistic missiles into the sea.", "MOBILIZE", "weapons"),
    ("The KPA held large-scale drills near the border.", "MOBILIZE", "troops"),
    ("Russia deployed additional troops to the Kursk region.", "MOBILIZE", "troops"),
    ("North Korea sent troops to Russia to help fight Ukraine.", "AID", "military"),
    ("The General Staff sent a telephone message to US forces.", "CONSULT", "phone"),
    ("Kim Jong Un met Vladimir Putin in Pyongyang.", "CONSULT", None),
    ("Vladimir Putin visited Pyongyang in June.", "CONSULT", "visit"),
    ("Russia and North Korea signed a treaty on strategic partnership.", "AGREE", None),
    ("North Korea closed its border with South Korea.", "COERCE", "restrict"),
    ("The KPA cut off roads and railways connected to the ROK.", "COERCE", "restrict"),
    ("Washington imposed new sanctions on Pyongyang.", "SANCTION", None),
    ("Pyongyang accused Seoul of sending drones over the capital.", "ACCUSE", None),
    ("Beijing condemned the United States over the arms sales.", "ACCUSE", "disapprove"),
    ("Moscow rejected the proposal from Kyiv.", "REJECT", None),
    ("North Korea threatened South Korea with a nuclear response.", "THREATEN", None),
    ("Kyiv urged Washington to send more air defence systems.", "REQUEST", None),
    ("Thousands of protesters rallied against the government in Seoul.", "PROTEST", "demo"),
    ("Russian forces withdrew from Kharkiv.", "RETREAT", "withdraw"),
    ("Kim Jong Un praised the Korean People's Army for its courage.", "SUPPORT", None),
    ("Police arrested protesters outside the parliament in Seoul.", "COERCE", "arrest"),
    ("Russia and Ukraine agreed on a ceasefire in Geneva.", "AGREE", None),
]


@pytest.mark.parametrize(("sentence", "type_", "mode"), CASES)
def test_type_and_mode(sentence: str, type_: str, mode: str | None) -> None:
    events = extract(sentence)
    found = [e for e in events if e.event_type == type_]
    assert found, f"{sentence!r}: {[(e.event_type, e.mode, e.trigger) for e in events]}"
    if mode is not None:
        assert any(e.mode == mode for e in found), [(e.event_type, e.mode) for e in found]


def test_contexts_come_from_words_and_sectors() -> None:
    (event,) = [e for e in extract("Russian forces shelled Kharkiv overnight.") if e.event_type == "ASSAULT"]
    assert "military" in event.contexts
    treaty = [e for e in extract("Russia and North Korea signed a treaty on strategic partnership.")
              if e.event_type == "AGREE"]
    assert treaty and "diplomatic" in treaty[0].contexts


def test_a_light_verb_with_no_event_noun_is_no_event() -> None:
    assert extract("A project will be launched next year to renovate the museum.") == []
    assert extract("The situation meets the conditions for the application of the rule.") == []


def test_every_event_has_a_confidence_and_an_explanation() -> None:
    from tests.extract.helpers import pending, run

    result = run(pending("Russian forces shelled Kharkiv overnight."))
    assert result.events
    for e in result.events:
        assert 0.0 < e.confidence <= 1.0
        why = result.explanations[e.id]
        assert why["trigger"] and why["lexicon"]["type"] == e.event_type and "classifier" in why
