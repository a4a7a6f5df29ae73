"""PLOVER v2 records and ACLED rows built from events."""

from __future__ import annotations

from typing import Any

import pytest

from counterpoint.model import Attribution, Event, PartialDate, Participant, Place
from counterpoint.report.events import ACLED_COLUMNS, acled_category, acled_row, plover_record
from tests.extract.helpers import extract

META: dict[str, Any] = {"source": "example.org", "url": "https://example.org/a", "title": "A page",
                        "published": "2024-10-15", "headline": "Russia shells Kharkiv", "document_id": "d_1",
                        "explanation": {"trigger": "shelled"}}
KHARKIV = Place("Kharkiv", 706483, 49.98, 36.25, "UKR", "UA.07", "city")


def make(type_: str = "ASSAULT", mode: str | None = "heavy-weapons", *, aux: tuple[str, ...] = (),
         fatalities: int | None = None, date: str | None = "2024-10-14", place: Place | None = KHARKIV,
         recipient: Participant | None = None, text: str = "Russian forces shelled Kharkiv.") -> Event:
    return Event(
        id="e_1", item_id="i_1", field="body", sentence=0, start=0, end=len(text), text=text, trigger="shelled",
        trigger_start=15, trigger_end=22, event_type=type_, mode=mode, contexts=("military",),
        actor=Participant("Russian forces", 0, 14, "rus-armed-forces", "RUS", "MIL"), recipient=recipient,
        place=place, place_text="Kharkiv" if place else None, date=PartialDate.parse_iso(date, "document"),
        date_text="on Monday" if date else None, aux_modes=aux,  # type: ignore[arg-type]
        attribution=Attribution("ukr-government", "Kyiv", 40, 44, "said", "indirect", "reported"),
        confidence=0.8, fatalities=fatalities,
    )


def test_plover_record_has_the_v2_fields() -> None:
    r = plover_record(make(fatalities=3), META)
    for key in ("id", "date", "actor", "recipient", "event", "mode", "context", "event_loc", "event_text",
                "text_info", "cite_info", "attribution", "aux_mode", "confidence", "published"):
        assert key in r
    assert r["date"] == "2024-10-14" and r["published"] == "2024-10-15" and r["event"] == "ASSAULT"
    assert r["actor"] == {"code": "RUS", "sector": "MIL", "entity_text": "Russian forces",
                          "identifier_id": "rus-armed-forces", "start": 0, "end": 14}
    assert r["event_loc"]["resolved_place"] == "Kharkiv" and r["event_loc"]["geonameid"] == 706483
    assert r["event_loc"]["country_code"] == "UKR" and r["event_loc"]["province"] == "UA.07"
    assert r["text_info"]["item_id"] == "i_1" and r["text_info"]["field"] == "body"
    assert r["cite_info"] == {"source": "example.org", "url": "https://example.org/a", "title": "A page",
                              "published": "2024-10-15", "headline": "Russia shells Kharkiv", "document_id": "d_1"}
    assert r["attribution"]["speaker_actor_id"] == "ukr-government" and r["attribution"]["quote"] == "indirect"
    assert r["dead"] == 3 and r["typing"] == {"trigger": "shelled"}


def test_plover_date_is_null_when_unknown_never_the_publication_date() -> None:
    r = plover_record(make(date=None), META)
    assert r["date"] is None and r["published"] == "2024-10-15"


def test_acled_row_for_a_shelling() -> None:
    row = acled_row(make(fatalities=12), META, country_name=lambda code: {"UKR": "Ukraine"}.get(code))
    assert row is not None and tuple(row) == ACLED_COLUMNS
    assert row["event_type"] == "Explosions/Remote violence"
    assert row["sub_event_type"] == "Shelling/artillery/missile attack"
    assert row["country"] == "Ukraine" and row["location"] == "Kharkiv" and row["admin1"] == "UA.07"
    assert row["latitude"] == 49.98 and row["fatalities"] == 12 and row["event_date"] == "2024-10-14"
    assert row["actor1"] == "Russian forces" and row["source"] == "example.org"
    assert "Kyiv (said)" in row["notes"]


def test_acled_fatalities_empty_unless_stated() -> None:
    row = acled_row(make(), META)
    assert row is not None and row["fatalities"] == "" and row["country"] == "UKR"


@pytest.mark.parametrize(("event", "category"), [
    (make("ASSAULT", None), ("Battles", "Armed clash")),
    (make("ASSAULT", "drone"), ("Explosions/Remote violence", "Air/drone strike")),
    (make("ASSAULT", None, recipient=Participant("civilians", 0, 9, None, None, "CVL")),
     ("Violence against civilians", "Attack")),
    (make("PROTEST", "demo"), ("Protests", "Peaceful protest")),
    (make("PROTEST", "riot"), ("Riots", "Violent demonstration")),
    (make("MOBILIZE", "troops"), ("Strategic developments", "Other")),
    (make("COERCE", "arrest"), ("Strategic developments", "Arrests")),
    (make("COERCE", "restrict"), ("Strategic developments", "Other")),
    (make("SANCTION", "restrict"), ("Strategic developments", "Other")),
    (make("AGREE", None, text="Russia and Ukraine agreed on a ceasefire."), ("Strategic developments", "Agreement")),
    (make("RETREAT", "withdraw"), ("Strategic developments", "Change to group/activity")),
])
def test_acled_categories(event: Event, category: tuple[str, str]) -> None:
    assert acled_category(event) == category


@pytest.mark.parametrize("event", [
    make("CONSULT", "phone"), make("ACCUSE", "disapprove"), make("SUPPORT", None), make("AID", "military"),
    make("AGREE", None, text="Russia and North Korea signed a partnership treaty."), make("SANCTION", None),
    make("ASSAULT", None, aux=("future",)), make("ASSAULT", None, aux=("hypothetical",)),
    make("ASSAULT", None, aux=("negated",)), make("ASSAULT", None, aux=("historical",)),
])
def test_no_acled_row_out_of_scope(event: Event) -> None:
    assert acled_row(event, META) is None


def test_no_acled_row_for_a_statement_extracted_from_text() -> None:
    events = extract("Beijing condemned the United States over the arms sales.")
    assert events and all(acled_row(e, META) is None for e in events)
