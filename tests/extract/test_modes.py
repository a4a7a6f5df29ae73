"""Auxiliary modes (future, hypothetical, negated, historical) and stated fatalities."""

from __future__ import annotations

import pytest

from tests.extract.helpers import extract

#: sentence, type, the auxiliary modes the event must have (exactly)
CASES: list[tuple[str, str, set[str]]] = [
    ("Russian forces shelled Kharkiv.", "ASSAULT", set()),
    ("North Korea will launch a missile next week.", "MOBILIZE", {"future"}),
    ("The KPA is to hold drills near the border.", "MOBILIZE", {"future"}),
    ("North Korea plans to launch a satellite in May.", "MOBILIZE", {"future"}),
    ("A project will be launched to cut off roads connected to the ROK.", "COERCE", {"future"}),
    ("Roads to the ROK to be secured by the KPA", "COERCE", {"future"}),
    ("Russia would attack Kyiv if the talks failed.", "ASSAULT", {"hypothetical"}),
    ("Russian forces could shell Kharkiv again.", "ASSAULT", {"hypothetical"}),
    ("If Seoul sends drones, the KPA will attack South Korea.", "ASSAULT", {"future", "hypothetical"}),
    ("Russian forces did not shell Kharkiv.", "ASSAULT", {"negated"}),
    ("North Korea has never tested a missile over Japan.", "MOBILIZE", {"negated"}),
    ("Moscow denied that Russian forces shelled Kharkiv.", "ASSAULT", {"negated"}),
    ("Soviet troops attacked German forces near Kursk in 1943.", "ASSAULT", {"historical"}),
]


@pytest.mark.parametrize(("sentence", "type_", "modes"), CASES)
def test_aux_modes(sentence: str, type_: str, modes: set[str]) -> None:
    events = [e for e in extract(sentence, published="2024-10-15") if e.event_type == type_]
    assert events, sentence
    assert set(events[0].aux_modes) == modes, (sentence, events[0].aux_modes)


def test_historical_needs_twenty_years_before_publication() -> None:
    recent = extract("Russian forces attacked Kharkiv in 2014.", published="2024-10-15")
    assert recent and "historical" not in recent[0].aux_modes
    old = extract("Russian forces attacked Kharkiv in 2014.", published="2040-01-01")
    assert old and "historical" in old[0].aux_modes


def test_a_date_in_another_clause_does_not_make_an_event_historical() -> None:
    events = extract("Russian forces shelled Kharkiv, a city that was founded in 1654.", published="2024-10-15")
    assert events and "historical" not in events[0].aux_modes


@pytest.mark.parametrize(("sentence", "dead"), [
    ("Russian forces shelled Kharkiv, killing 12 civilians.", 12),
    ("Five people were killed when Russian forces shelled Kharkiv.", 5),
    ("Russian forces shelled Kharkiv; at least 1,200 people died.", 1200),
    ("Russian forces shelled Kharkiv, leaving three dead.", 3),
])
def test_fatalities_when_a_number_of_dead_is_stated(sentence: str, dead: int) -> None:
    events = [e for e in extract(sentence) if e.event_type == "ASSAULT"]
    assert events and events[0].fatalities == dead, [(e.trigger, e.fatalities) for e in events]


@pytest.mark.parametrize("sentence", [
    "Russian forces shelled Kharkiv, wounding 12 civilians.",
    "Russian forces shelled Kharkiv with 12 rockets.",
    "Russian forces shelled Kharkiv; many people died.",
    "Russian forces shelled Kharkiv in 2024.",
])
def test_no_fatalities_unless_stated(sentence: str) -> None:
    events = [e for e in extract(sentence) if e.event_type == "ASSAULT"]
    assert events and all(e.fatalities is None for e in events)
