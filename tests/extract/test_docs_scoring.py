"""Reusing the annotate stage's parse, Title Case headlines, and the classifier's part in typing."""

from __future__ import annotations

import types
from collections.abc import Sequence
from dataclasses import dataclass, field

import pytest

from counterpoint.extract import scoring
from counterpoint.extract.docs import DocKeeper, lowered_headline, parse, title_case
from counterpoint.extract.extractor import Extractor
from counterpoint.model import Mention
from tests.extract.helpers import nlp, pending, run

BODY = ("Kyiv said that Russian forces shelled Kharkiv on Monday.\n\n"
        "North Korean troops fought alongside Russian forces against Ukrainian troops in the Kursk region.")


def test_kept_docs_give_the_same_events_as_a_fresh_parse() -> None:
    p = pending(BODY, headline="Russia shells Kharkiv")
    keeper = DocKeeper(nlp())
    for text in (p.item.headline.text if p.item.headline else "", p.item.body):
        list(keeper.pipe([text]))
    kept = Extractor(keeper, typer=None, extra_lexicon={}).extract([p])[0]
    assert keeper.hits == 2 and keeper.misses == 0
    fresh = run(p)
    assert kept.events == fresh.events


def test_keeper_counts_copies_and_forgets_what_is_taken() -> None:
    keeper = DocKeeper(nlp(), max_tokens=10_000)
    list(keeper.pipe(["Russia attacked Kyiv.", "Russia attacked Kyiv."]))
    first, second = keeper.take("Russia attacked Kyiv."), keeper.take("Russia attacked Kyiv.")
    assert first is not None and second is not None and keeper.take("Russia attacked Kyiv.") is None
    assert [t.dep_ for t in first] == [t.dep_ for t in nlp()("Russia attacked Kyiv.")]
    assert [t.lemma_ for t in first] == ["Russia", "attack", "Kyiv", "."]


def test_keeper_stays_within_its_token_budget() -> None:
    keeper = DocKeeper(nlp(), max_tokens=8)
    list(keeper.pipe(["Russia attacked Kyiv again.", "Ukraine attacked Kursk again.", "Kim met Putin."]))
    assert keeper._tokens <= 8
    assert keeper.take("Russia attacked Kyiv again.") is None  # evicted first
    texts = ["Russia attacked Kyiv.", "Ukraine attacked Kursk."]
    assert [d.text for d in parse(keeper, texts)] == texts


def test_title_case_headlines_are_lowered_keeping_names_and_length() -> None:
    text = "Kim Jong Un Guides Training Of KPA Paratroopers"
    kim = Mention("i", "headline", 0, 11, "Kim Jong Un", "actor", "kim-jong-un", "PRK", "LEADER")
    low = lowered_headline(text, [kim])
    assert low == "Kim Jong Un guides training of KPA paratroopers" and len(low) == len(text)
    assert not title_case("Russia attacks Kyiv overnight") and lowered_headline("Russia attacks Kyiv", []) is None


def test_title_case_headline_gives_its_event() -> None:
    p = pending("Residents watched.", headline="Kim Jong Un Guides Drills Of The Korean People's Army")
    events = [e for e in run(p).events if e.field == "headline"]
    assert events and events[0].event_type == "MOBILIZE" and events[0].actor is not None
    assert events[0].trigger == "Drills"


@dataclass
class _Scores:
    type_probs: dict[str, float]
    quad_probs: dict[str, float]


@dataclass
class _Typer:
    prefer: str
    quad: str
    seen: list[str] = field(default_factory=list)

    def predict(self, texts: Sequence[str]) -> list[_Scores]:
        self.seen.extend(texts)
        return [_Scores({self.prefer: 0.95}, {self.quad: 0.95}) for _ in texts]


def test_classifier_can_choose_among_a_words_readings_and_moves_confidence() -> None:
    sentence = "Russia launched drones at Kharkiv on Monday night."
    plain = run(pending(sentence)).events
    assert [e.event_type for e in plain] == ["ASSAULT"]
    typer = _Typer("MOBILIZE", "material_conflict")
    result = Extractor(nlp(), typer=typer, extra_lexicon={}).extract([pending(sentence)])[0]
    assert typer.seen == [sentence]
    (event,) = result.events
    assert event.event_type == "MOBILIZE" and event.confidence > plain[0].confidence
    why = result.explanations[event.id]["classifier"]
    assert why == {"p_type": 0.95, "p_quad": 0.95}


def test_a_classifier_that_disagrees_lowers_confidence() -> None:
    sentence = "Russian forces shelled Kharkiv."
    plain = run(pending(sentence)).events[0]
    typer = _Typer("CONSULT", "verbal_cooperation")
    event = Extractor(nlp(), typer=typer, extra_lexicon={}).extract([pending(sentence)])[0].events[0]
    assert event.event_type == "ASSAULT" and event.confidence < plain.confidence


def test_missing_classifier_falls_back_to_the_lexicon(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> types.ModuleType:
        raise ImportError(name)

    monkeypatch.setattr(scoring, "_import", missing)
    assert scoring.load_typer() is None and scoring.external_lexicon() == {}


def test_classifier_that_cannot_load_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken:
        @classmethod
        def load(cls) -> None:
            raise FileNotFoundError("no model")

    monkeypatch.setattr(scoring, "_import", lambda name: types.SimpleNamespace(EventTyper=Broken))
    assert scoring.load_typer() is None


def test_external_lexicon_adds_verbs_the_own_lexicon_lacks(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.SimpleNamespace(verb_lexicon=lambda: {"bombard": ("ASSAULT", "heavy-weapons"),
                                                         "frobnicate": ("ASSAULT", ""), "chat": ("NOPE", "")})
    monkeypatch.setattr(scoring, "_import", lambda name: module)
    table = scoring.external_lexicon()
    assert table["frobnicate"] == ("ASSAULT", None) and "chat" not in table
    ext = Extractor(nlp(), typer=None, extra_lexicon=table)
    events = ext.extract([pending("Russian forces frobnicated Kharkiv.")])[0].events
    assert [(e.event_type, e.trigger) for e in events] == [("ASSAULT", "frobnicated")]
