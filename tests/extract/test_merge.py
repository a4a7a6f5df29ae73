"""A headline and its body telling one event give one event, with the body's evidence."""

from __future__ import annotations

from tests.extract.helpers import pending, run


def test_headline_event_merges_into_the_body_event() -> None:
    p = pending("Russian forces shelled Kharkiv on Monday, the city's mayor said.",
                headline="Russia shells Kharkiv", times=[("Monday", "2024-10-14", "event")])
    result = run(p)
    assaults = [e for e in result.events if e.event_type == "ASSAULT"]
    assert len(assaults) == 1
    event = assaults[0]
    assert event.field == "body" and event.trigger == "shelled" and event.date.iso() == "2024-10-14"
    note = result.explanations[event.id]["headline"]
    assert note and note[0]["trigger"].lower() == "shells"
    body = p.item.body
    assert body[event.trigger_start:event.trigger_end] == event.trigger


def test_headline_fills_a_party_the_body_leaves_out() -> None:
    p = pending("Ukrainian forces attacked Kursk overnight.", headline="Ukrainian forces attack Russia")
    (event,) = [e for e in run(p).events if e.event_type == "ASSAULT"]
    assert event.field == "body" and event.actor and event.actor.country == "UKR"


def test_different_events_are_not_merged() -> None:
    p = pending("Russian forces shelled Kharkiv on Monday.", headline="Kim Jong Un meets Vladimir Putin")
    types = sorted((e.event_type, e.field) for e in run(p).events)
    assert types == [("ASSAULT", "body"), ("CONSULT", "headline")]


def test_a_planned_event_is_not_merged_with_a_done_one() -> None:
    p = pending("Russian forces shelled Kharkiv on Monday.", headline="Russia will shell Kharkiv")
    fields = sorted(e.field for e in run(p).events if e.event_type == "ASSAULT")
    assert fields == ["body", "headline"]


def test_offsets_of_headline_events_are_into_the_headline() -> None:
    p = pending("Residents fled the city.", headline="Kim Jong Un meets Vladimir Putin in Pyongyang")
    (event,) = run(p).events
    headline = p.item.headline.text if p.item.headline else ""
    assert event.field == "headline" and headline[event.start:event.end] == event.text
    assert headline[event.trigger_start:event.trigger_end] == event.trigger
    assert event.actor is not None and headline[event.actor.start:event.actor.end] == event.actor.text
