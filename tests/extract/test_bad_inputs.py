"""Text that holds no reliable event gives none, and nothing crashes on arbitrary text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.extract.helpers import extract, pending, run

RUN_ON = " ".join(["Russian forces shelled Kharkiv and"] * 80) + " left."
BAD = [
    pytest.param("The attack on Kharkiv.", id="no-verb"),
    pytest.param("Missile strikes, air raids and shelling near Kharkiv", id="no-verb-headline-style"),
    pytest.param(RUN_ON, id="run-on"),
    pytest.param("Maria Petrova, Ivan Sokolov, Olga Ivanova, Anna Lee, Vladimir Putin, Kim Jong Un attacked.",
                 id="list-of-names"),
    pytest.param("Kharkiv | 12 | 4 | 2024-10-14 | shelling | 3 | Donetsk | 7 | 1 | 2024-10-15 | attack", id="table"),
    pytest.param("Kharkiv\t12\t4\t2024\nDonetsk\t7\t1\t2024 attacked", id="tab-table"),
    pytest.param("RUSSIAN FORCES SHELLED KHARKIV AND ATTACKED DONETSK ON MONDAY.", id="all-caps"),
    pytest.param("§§§ ### 12/12 --- *** 4.5.6 ((( )))", id="garbage"),
    pytest.param("", id="empty"),
    pytest.param("   \n\n  ", id="blank"),
]


@pytest.mark.parametrize("text", BAD)
def test_no_invented_events(text: str) -> None:
    assert extract(text) == []


def test_a_good_sentence_next_to_bad_ones_still_counts() -> None:
    events = extract("KHARKIV UNDER FIRE AGAIN TONIGHT SAYS MAYOR.\n\nRussian forces shelled Kharkiv.")
    assert [e.event_type for e in events] == ["ASSAULT"]


def test_skipped_sentences_are_counted() -> None:
    result = run(pending("The attack on Kharkiv.\n\n" + RUN_ON))
    assert result.events == [] and sum(result.skipped.values()) == 2


_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)
_WORDS = st.lists(st.sampled_from([
    "Russia", "attacked", "Kyiv", "said", "that", "our army", "will", "not", "\u201c", "\u201d", '"', "the", "fired",
    "missiles", "at", "Kharkiv", "Monday", ",", ".", ":", "\n\n", "Kim Jong Un", "met", "Putin", "in", "Pyongyang",
    "SHELLED", "so-called", "sent", "troops", "to", "help", "alongside", "against", "Ukraine", "killing", "12",
]), max_size=40).map(" ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.one_of(_TEXT, _WORDS), headline=st.one_of(st.none(), _WORDS))
def test_arbitrary_text_never_crashes_and_offsets_match(body: str, headline: str | None) -> None:
    p = pending(body, headline=headline or None, times=[("Monday", "2024-10-14", "event")])
    result = run(p)
    fields = {"body": p.item.body, "headline": p.item.headline.text if p.item.headline else ""}
    for e in result.events:
        text = fields[e.field]
        assert 0 <= e.start <= e.trigger_start < e.trigger_end <= e.end <= len(text)
        assert text[e.start:e.end] == e.text and text[e.trigger_start:e.trigger_end] == e.trigger
        for part in (e.actor, e.recipient):
            if part is not None:
                assert text[part.start:part.end] == part.text
        att = e.attribution
        if att.speaker_start is not None and att.speaker_end is not None:
            assert text[att.speaker_start:att.speaker_end] == att.speaker_text
        assert 0.0 < e.confidence <= 1.0
        assert not e.date.known or e.date_text is not None
