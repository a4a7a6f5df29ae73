"""Place mentions in spaCy documents, and the entity-ruler patterns."""

from __future__ import annotations

from typing import Any

import pytest

from counterpoint.annotate.places import Gazetteer, PlaceContext, find_places, patterns
from counterpoint.annotate.places.resolve import resolve


@pytest.fixture(scope="module")
def ruler_patterns(gazetteer: Gazetteer) -> list[dict[str, Any]]:
    return patterns()


def _surfaces(pattern: dict[str, Any]) -> list[str]:
    """The names a pattern matches (its set of one-word names, or its one name)."""
    tokens = pattern["pattern"]
    if isinstance(tokens, str):
        return [tokens]
    if isinstance(tokens[0].get("TEXT"), dict):
        return list(tokens[0]["TEXT"]["IN"])
    return [" ".join(t.get("TEXT") or t["LOWER"] for t in tokens)]


def test_patterns_are_few_and_well_formed(ruler_patterns: list[dict[str, Any]]) -> None:
    names = [n for p in ruler_patterns for n in _surfaces(p)]
    assert 300 < len(names) < 1000 and len(ruler_patterns) < 450
    assert {p["label"] for p in ruler_patterns} == {"GPE", "LOC"}
    assert all(p["id"].startswith("place:") for p in ruler_patterns)
    surfaces = set(names)
    for name in ("Kursk", "Kursk region", "Donbas", "Northern Limit Line", "Sudzha", "Kiev", "DMZ",
                 "Rostov-on-Don", "Donetsk People's Republic"):
        assert name in surfaces, name
    # plain names are token patterns that keep their capitals; names with punctuation are phrases
    by_surface = {_surfaces(p)[0]: p["pattern"] for p in ruler_patterns}
    assert by_surface["Kursk region"] == [{"TEXT": "Kursk"}, {"LOWER": "region"}]
    assert by_surface["Rostov-on-Don"] == "Rostov-on-Don"


def test_every_pattern_resolves(ruler_patterns: list[dict[str, Any]]) -> None:
    for p in ruler_patterns:
        for name in _surfaces(p):
            assert resolve(name, context=PlaceContext()) is not None, name


def test_the_ruler_keeps_capitals(nlp: Any) -> None:
    doc = nlp("Both sides discussed a demilitarized zone around the plant on the west bank of the river. "
              "Troops crossed the Kursk Region border near the Demilitarized Zone.")
    ents = {e.text: e.label_ for e in doc.ents}
    assert "demilitarized zone" not in ents and "west bank" not in ents
    assert ents.get("Kursk Region") == "GPE" and "Demilitarized Zone" in ents


def _mentions(nlp: Any, text: str, context: PlaceContext | None = None) -> list[Any]:
    doc = nlp(text)
    return find_places(doc, item_id="i_1", field="body", context=context or PlaceContext())


def test_kursk_region_and_kursk_in_a_war_report(nlp: Any) -> None:
    text = ("North Korean troops fought in the Kursk region, Pyongyang confirmed on Monday. "
            "Fighting near Sudzha continued as Ukrainian forces held positions in Kursk.")
    mentions = _mentions(nlp, text)
    by_text = {m.text: m for m in mentions}
    assert {"Kursk region", "Pyongyang", "Sudzha", "Kursk"} <= set(by_text)
    for m in mentions:
        assert text[m.start:m.end] == m.text
        assert m.kind == "place" and m.item_id == "i_1" and m.field == "body"
    region = by_text["Kursk region"].place
    assert region is not None and region.feature == "admin1" and region.admin1 == "RU.41"
    assert by_text["Kursk"].place == region  # the second "Kursk" means the region
    assert by_text["Kursk"].sentence == 1 and by_text["Kursk region"].sentence == 0
    assert by_text["Pyongyang"].place is not None and by_text["Pyongyang"].country == "PRK"
    assert all(0 < m.confidence <= 1 for m in mentions)


def test_korean_border_areas(nlp: Any) -> None:
    text = "Kim Jong Un inspected units near the Northern Limit Line in the Yellow Sea, the KCNA said."
    names = {m.text: m.place for m in _mentions(nlp, text)}
    assert names["Northern Limit Line"] is not None and names["Northern Limit Line"].feature == "region"
    assert names["Yellow Sea"] is not None and names["Yellow Sea"].feature == "water"


def test_unresolved_toponyms_are_kept(nlp: Any) -> None:
    text = "Protesters gathered at Qwertzburg Plaza in Kharkiv."
    mentions = _mentions(nlp, text)
    unresolved = [m for m in mentions if m.place is None]
    assert any(m.text == "Kharkiv" and m.place is not None for m in mentions)
    for m in unresolved:
        assert m.confidence == 0.0 and m.method == "unlinked" and m.country is None
        assert text[m.start:m.end] == m.text


def test_context_carries_from_headline_to_body(nlp: Any) -> None:
    ctx = PlaceContext()
    headline = nlp("Tornado hits northeast Texas")
    find_places(headline, item_id="i_1", field="headline", context=ctx)
    body = find_places(nlp("In Paris, schools closed."), item_id="i_1", field="body", context=ctx)
    paris = [m for m in body if m.text == "Paris"]
    assert paris and paris[0].place is not None and paris[0].place.admin1 == "US.TX"
    assert paris[0].field == "body"


def test_mentions_serialise(nlp: Any) -> None:
    [m] = [m for m in _mentions(nlp, "Shelling hit Kherson overnight.") if m.text == "Kherson"]
    data = m.to_dict()
    assert data["geonameid"] is not None and data["kind"] == "place" and data["place_name"] == "Kherson"


def test_blank_pipeline_without_entities(gazetteer: Gazetteer) -> None:
    import spacy

    doc = spacy.blank("en")("The Kursk region was shelled.")
    mentions = find_places(doc, item_id="i_1", field="body", context=PlaceContext())
    # no entities, but the "X region" construction is found from capitalisation alone
    assert [(m.text, m.place.admin1 if m.place else None) for m in mentions] == [("Kursk region", "RU.41")]


def test_ruler_names_resolve_in_their_theatre(gazetteer: Gazetteer) -> None:
    from counterpoint.annotate.places.gazetteer import load_ruler_names

    for name in load_ruler_names():
        place = resolve(name, context=PlaceContext.from_text("Ukraine, Russia, North Korea, South Korea, China"))
        assert place is not None and place.country in {"UKR", "RUS", "PRK", "KOR", "CHN"}, name
