"""Who did what to whom, where and when: roles from dependency rules mapped onto stored mentions."""

from __future__ import annotations

import pytest

from tests.extract.helpers import extract, only

DAYS = [("Monday", "2024-10-14", "event"), ("June 19, 2024", "2024-06-19", "event"),
        ("October 9", "2024-10-09", "event"), ("last week", "2024-10", "event")]

#: sentence, type, actor country, recipient country (None: no recipient), place (None: none)
CASES: list[tuple[str, str, str | None, str | None, str | None]] = [
    ("Russian forces shelled Kharkiv on Monday.", "ASSAULT", "RUS", "UKR", "Kharkiv"),
    ("Kharkiv was shelled by Russian forces on Monday.", "ASSAULT", "RUS", "UKR", "Kharkiv"),
    ("Ukrainian forces attacked Russian troops in the Kursk region.", "ASSAULT", "UKR", "RUS", "Kursk Oblast"),
    ("The General Staff sent a telephone message to US forces.", "CONSULT", "PRK", "USA", None),
    ("Kim Jong Un met Vladimir Putin in Pyongyang.", "CONSULT", "PRK", "RUS", "Pyongyang"),
    ("Russia and China signed an agreement on trade.", "AGREE", "RUS", "CHN", None),
    ("Washington imposed new sanctions on Pyongyang.", "SANCTION", "USA", "PRK", None),
    ("For our army to shut off the border with the ROK is a defensive measure.", "COERCE", "PRK", "KOR", None),
    ("Pyongyang accused Seoul of provocations.", "ACCUSE", "PRK", "KOR", None),
    ("North Korean troops fought against Ukrainian forces in the Kursk region.", "ASSAULT", "PRK", "UKR",
     "Kursk Oblast"),
]


@pytest.mark.parametrize(("sentence", "type_", "actor", "recipient", "place"), CASES)
def test_roles_and_place(sentence: str, type_: str, actor: str | None, recipient: str | None,
                         place: str | None) -> None:
    event = only(extract(sentence, times=DAYS), type_)
    assert (event.actor.country if event.actor else None) == actor, event
    assert (event.recipient.country if event.recipient else None) == recipient, event
    assert (event.place.name if event.place else None) == place, event


def test_participants_carry_the_mention_and_its_actor() -> None:
    body = "Kim Jong Un met Vladimir Putin in Pyongyang."
    event = only(extract(body), "CONSULT")
    assert event.actor is not None and event.recipient is not None
    assert body[event.actor.start:event.actor.end] == event.actor.text == "Kim Jong Un"
    assert event.actor.actor_id == "kim-jong-un" and event.actor.sector == "LEADER"
    assert event.recipient.actor_id == "vladimir-putin"


def test_fought_alongside_gives_aid_and_assault() -> None:
    events = extract("North Korean troops fought alongside Russian forces against Ukrainian troops.")
    aid, assault = only(events, "AID"), only(events, "ASSAULT")
    assert aid.actor and aid.actor.country == "PRK" and aid.recipient and aid.recipient.country == "RUS"
    assert aid.mode == "military"
    assert assault.actor and assault.actor.country == "PRK"
    assert assault.recipient and assault.recipient.country == "UKR"


def test_coordinated_verbs_give_one_event_per_type() -> None:
    events = extract("Our army will shut off and block the southern border with the ROK.")
    assert len([e for e in events if e.event_type == "COERCE"]) == 1
    events = extract("The KPA fired artillery at Seoul and deployed troops to the border.")
    assert {e.event_type for e in events} >= {"ASSAULT", "MOBILIZE"}


def test_event_date_comes_from_an_event_time_expression_of_the_sentence() -> None:
    event = only(extract("Russian forces shelled Kharkiv on Monday.", times=DAYS), "ASSAULT")
    assert event.date.iso() == "2024-10-14" and event.date_text == "Monday"
    two = extract("Russia and North Korea signed the treaty on June 19, 2024, and Russian forces shelled Kharkiv"
                  " on Monday.", times=DAYS)
    assert only(two, "AGREE").date.iso() == "2024-06-19"
    assert only(two, "ASSAULT").date.iso() == "2024-10-14"


def test_the_publication_date_is_never_the_event_date() -> None:
    event = only(extract("Russian forces shelled Kharkiv.", published="2024-10-15"), "ASSAULT")
    assert not event.date.known and event.date_text is None
    headline = extract("Residents fled the city.", headline="Russia shells Kharkiv (15.10.2024)",
                       times=[("15.10.2024", "2024-10-15", "reference")])
    assert all(not e.date.known for e in headline)


def test_he_is_the_leader_named_before() -> None:
    events = extract("Kim Jong Un inspected the troops. He praised the Korean People's Army for its courage.")
    event = only(events, "SUPPORT")
    assert event.actor is not None and event.actor.actor_id == "kim-jong-un" and event.actor.text == "He"


def test_unknown_actor_stays_unknown() -> None:
    event = only(extract("Kharkiv was shelled overnight."), "ASSAULT")
    assert event.actor is None
    assert event.recipient is not None and event.recipient.country == "UKR"
