"""Attribution: speaker, cue, quotation kind and stance of every event."""

from __future__ import annotations

import pytest

from counterpoint.extract.attribution import quoted_spans
from tests.extract.helpers import extract, only, pending, run

#: text, type of the event, speaker actor id (None: none), cue, quote kind, stance
CASES: list[tuple[str, str, str | None, str | None, str, str]] = [
    ("Russian forces shelled Kharkiv.", "ASSAULT", None, None, "none", "asserted"),
    ("Kyiv said that Russian forces shelled Kharkiv.", "ASSAULT", "ukr-government", "said", "indirect",
     "reported"),
    ("Russian forces shelled Kharkiv, Kyiv said.", "ASSAULT", "ukr-government", "said", "indirect", "reported"),
    ("The defence ministry stated that Ukrainian troops attacked Kursk.", "ASSAULT", "rus-defence-ministry",
     "stated", "indirect", "reported"),
    ("Pyongyang claims that North Korean troops fought in the Kursk region.", "ASSAULT", "prk-government",
     "claims", "indirect", "distanced"),
    ("According to Tass, Ukrainian forces attacked Kursk.", "ASSAULT", "tass", "according to", "indirect",
     "reported"),
    ("It is noted that North Korean troops were sent to Russia.", "AID", None, "it is noted", "indirect",
     "reported"),
    ('Putin said: "Ukrainian forces attacked our territory and we will defeat them completely."', "ASSAULT",
     "vladimir-putin", "said", "direct", "reported"),
    ("Russian forces shelled the so-called volunteer battalions near Kharkiv.", "ASSAULT", None, None, "none",
     "distanced"),
    ('Russia announced the "liberation" of Kursk by North Korean troops.', "ASSAULT", "RUS", "announced",
     "indirect", "distanced"),
    ("Moscow revealed that Ukrainian troops attacked Kursk.", "ASSAULT", "rus-government", "revealed", "indirect",
     "asserted"),
    ("Ukrainian forces allegedly attacked Kursk.", "ASSAULT", None, None, "none", "distanced"),
]


@pytest.mark.parametrize(("text", "type_", "speaker", "cue", "quote", "stance"), CASES)
def test_attribution(text: str, type_: str, speaker: str | None, cue: str | None, quote: str, stance: str) -> None:
    event = only(extract(text), type_)
    att = event.attribution
    assert (att.speaker_actor_id, att.cue, att.quote, att.stance) == (speaker, cue, quote, stance), att
    if att.speaker_start is not None:
        assert text[att.speaker_start:att.speaker_end] == att.speaker_text


def test_impersonal_cue_keeps_no_speaker() -> None:
    att = only(extract("It is noted that North Korean troops were sent to Russia."), "AID").attribution
    assert att.speaker_text is None and att.speaker_actor_id is None and att.cue == "it is noted"


def test_first_person_sentences_continue_the_statement() -> None:
    body = ("The General Staff proclaimed that the KPA will close the border with the ROK. "
            "Our army sent a telephone message to US forces. "
            "Russian forces shelled Kharkiv.")
    events = extract(body)
    close, phone = only(events, "COERCE"), only(events, "CONSULT")
    assert close.attribution.quote == "indirect" and close.attribution.speaker_actor_id == "kpa-general-staff"
    assert phone.attribution.quote == "unmarked" and phone.attribution.speaker_actor_id == "kpa-general-staff"
    assert phone.attribution.stance == "reported"
    shelling = only(events, "ASSAULT")
    assert shelling.attribution.quote == "none" and shelling.attribution.stance == "asserted"


def test_the_statement_said_colon_makes_what_follows_unmarked() -> None:
    body = ("The Foreign Ministry issued a statement. The statement said:\n\n"
            "The United States sent warships to the peninsula. Washington threatened Pyongyang.")
    events = extract(body)
    threat = only(events, "THREATEN")
    assert threat.attribution.quote == "unmarked"


def test_a_report_headline_speaks_for_the_body() -> None:
    p = pending("Our army sent a telephone message to US forces.",
                headline="Roads to the ROK to be cut off - Report of the General Staff")
    phone = only(run(p).events, "CONSULT")
    assert phone.attribution.speaker_actor_id == "kpa-general-staff" and phone.attribution.quote == "unmarked"
    # offsets are into the event's field: the speaker is named only in the headline
    assert phone.attribution.speaker_start is None and phone.attribution.speaker_text == "the General Staff"


def test_quoted_spans_pair_marks_within_paragraphs() -> None:
    text = 'He said "we attacked" and “they fled”.\n\nAn "unclosed quote'
    spans = quoted_spans(text)
    assert [text[s:e] for s, e in spans] == ['"we attacked"', "“they fled”"]
    assert quoted_spans("It’s the army’s day.") == []
