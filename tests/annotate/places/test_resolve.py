"""Resolving toponyms: cue words, priors, document context, codes; never a crash."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counterpoint.annotate.places import Gazetteer, PlaceContext, normalise, resolve_all
from counterpoint.annotate.places.resolve import parse_cue, resolve, resolve_with_confidence
from counterpoint.model import Place

KURSK_CITY = 538560
KYIV = 703448
PARIS_FRANCE = 2988507
PARIS_TEXAS = 4717560


def _resolve(name: str, context: PlaceContext | None = None) -> Place | None:
    return resolve(name, context=context if context is not None else PlaceContext())


@pytest.fixture(autouse=True, scope="module")
def _built(gazetteer: Gazetteer) -> None:
    """Every test here uses the session's gazetteer."""


@pytest.mark.parametrize(
    ("key", "cue", "base"),
    [
        ("kursk region", "admin1", "kursk"),
        ("kursk oblast", "admin1", "kursk"),
        ("gyeonggi province", "admin1", "gyeonggi"),
        ("kharkiv city", "city", "kharkiv"),
        ("city of kharkiv", "city", "kharkiv"),
        ("madison county", "admin2", "madison"),
        ("kursk", None, "kursk"),
        ("region", None, "region"),
    ],
)
def test_parse_cue(key: str, cue: str | None, base: str) -> None:
    assert parse_cue(key) == (cue, base)


def test_kursk_is_the_city_unless_a_region_is_named() -> None:
    city = _resolve("Kursk")
    assert city is not None and city.geonameid == KURSK_CITY and city.feature == "city"
    for name in ("Kursk region", "the Kursk region", "Kursk Oblast", "Kurskaya oblast", "Kursk province"):
        region = _resolve(name)
        assert region is not None, name
        assert (region.feature, region.country, region.admin1) == ("admin1", "RUS", "RU.41"), name


def test_kursk_oblast_has_coordinates() -> None:
    place = _resolve("Kursk Oblast")
    assert place is not None and place.country == "RUS" and place.feature == "admin1"
    assert 50.9 <= place.lat <= 52.5 and 34.5 <= place.lon <= 38.5


def test_a_second_kursk_after_kursk_region_is_the_region() -> None:
    ctx = PlaceContext()
    region = resolve("Kursk region", context=ctx)
    again = resolve("Kursk", context=ctx)
    assert region is not None and again == region
    # and in one pass over a document's toponyms
    results = resolve_all(["Kursk region", "Kursk", "Sudzha"], context=PlaceContext())
    assert results[1][0] == results[0][0]
    sudzha = results[2][0]
    assert sudzha is not None and sudzha.admin1 == "RU.41"


def test_kiev_and_kyiv_are_the_same_place() -> None:
    kiev, kyiv = _resolve("Kiev"), _resolve("Kyiv")
    assert kiev is not None and kyiv is not None
    assert kiev.geonameid == kyiv.geonameid == KYIV
    assert kiev.country == "UKR"


def test_pyongyang() -> None:
    place, confidence = resolve_with_confidence("Pyongyang", context=PlaceContext())
    assert place is not None
    assert (place.name, place.country, place.feature) == ("Pyongyang", "PRK", "city")
    assert 38.9 < place.lat < 39.2 and 125.6 < place.lon < 125.9
    assert confidence > 0.9


def test_paris_france_by_default_and_with_france() -> None:
    assert getattr(_resolve("Paris"), "geonameid", None) == PARIS_FRANCE
    ctx = PlaceContext.from_text("The French president spoke in Paris, the capital of France.")
    assert getattr(_resolve("Paris", ctx), "geonameid", None) == PARIS_FRANCE


def test_paris_texas_when_texas_is_mentioned() -> None:
    ctx = PlaceContext.from_text("Storms hit northeast Texas on Monday. In Paris, schools closed.")
    place = _resolve("Paris", ctx)
    assert place is not None and place.geonameid == PARIS_TEXAS and place.admin1 == "US.TX"
    # the same through a resolved mention, and when Texas comes only later in the document
    ctx = PlaceContext()
    resolve("Texas", context=ctx)
    assert getattr(_resolve("Paris", ctx), "geonameid", None) == PARIS_TEXAS
    results = resolve_all(["Paris", "Lamar County", "Texas"], context=PlaceContext())
    assert getattr(results[0][0], "geonameid", None) == PARIS_TEXAS
    assert getattr(_resolve("Paris, Texas"), "geonameid", None) == PARIS_TEXAS
    assert getattr(_resolve("Paris, TX"), "geonameid", None) == PARIS_TEXAS


@pytest.mark.parametrize("name", ["Xyzzy Qwertyville", "", "   ", "North", "the region", "Курск", "!!!"])
def test_unknown_names_resolve_to_none(name: str) -> None:
    place, confidence = resolve_with_confidence(name, context=PlaceContext())
    assert place is None and confidence == 0.0


def test_countries_win_over_small_towns() -> None:
    for name, iso3 in [("Ukraine", "UKR"), ("Russia", "RUS"), ("North Korea", "PRK"), ("DPRK", "PRK"),
                       ("ROK", "KOR"), ("U.S.", "USA"), ("US", "USA"), ("Britain", "GBR"), ("Jordan", "JOR")]:
        place = _resolve(name)
        assert place is not None and place.feature == "country" and place.country == iso3, name


def test_georgia_the_country_or_the_state() -> None:
    assert getattr(_resolve("Georgia"), "country", None) == "GEO"
    ctx = PlaceContext()
    resolve("Atlanta", context=ctx)
    resolve("Savannah", context=ctx)
    state = _resolve("Georgia", ctx)
    assert state is not None and state.admin1 == "US.GA" and state.feature == "admin1"


def test_city_cue_and_region_cue() -> None:
    city = _resolve("Kharkiv city")
    region = _resolve("Kharkiv region")
    assert city is not None and city.feature == "city" and city.admin1 == "UA.07"
    assert region is not None and region.feature == "admin1" and region.admin1 == "UA.07"
    assert getattr(_resolve("the city of Kharkiv"), "feature", None) == "city"


def test_region_named_after_a_city_not_in_the_table_falls_back_to_the_city() -> None:
    place, confidence = resolve_with_confidence("Gomel region", context=PlaceContext())
    assert place is not None and place.country == "BLR"
    assert confidence < 0.5


def test_us_state_abbreviations_and_codes() -> None:
    assert getattr(_resolve("Tenn."), "admin1", None) == "US.TN"
    assert getattr(_resolve("W.Va."), "admin1", None) == "US.WV"
    ctx = PlaceContext.from_text("Lexington, KY, and Louisville, KY, reported floods in Kentucky.")
    assert getattr(_resolve("KY", ctx), "admin1", None) == "US.KY"


def test_theatre_spellings() -> None:
    for name, admin1 in [("Zaporizhzhia", "UA.26"), ("Kharkov", "UA.07"), ("Sloviansk", "UA.05"),
                         ("Pokrovsk", "UA.05"), ("Avdiivka", "UA.05"), ("Sudzha", "RU.41"), ("Wonsan", "KP.09")]:
        place = _resolve(name, PlaceContext.from_text("in Ukraine") if admin1.startswith("UA") else None)
        assert place is not None and place.admin1 == admin1, name


def test_seas_and_border_areas() -> None:
    assert getattr(_resolve("East Sea"), "name", None) == "Sea of Japan"
    assert getattr(_resolve("West Sea"), "name", None) == "Yellow Sea"
    dmz = _resolve("DMZ")
    assert dmz is not None and dmz.feature == "region" and 37.5 < dmz.lat < 38.8
    assert getattr(_resolve("Donbass"), "name", None) == "Donbas"


def test_context_records_what_was_resolved() -> None:
    ctx = PlaceContext()
    place = resolve("Kursk region", context=ctx)
    assert place is not None
    assert ctx.places[normalise("Kursk region")] == place
    assert ctx.countries["RUS"] > 0 and ctx.admin1s["RU.41"] > 0
    assert ctx.copy().places == ctx.places


def test_scan_counts_unambiguous_names_only() -> None:
    ctx = PlaceContext.from_text("Officials in Ukraine and Texas spoke. Michael Jordan did not. Georgia voted.")
    assert ctx.countries.get("UKR") and ctx.admin1s.get("US.TX") and ctx.countries.get("USA")
    assert not ctx.countries.get("JOR")  # right after another capitalised word: a person's name
    assert not ctx.countries.get("GEO") and not ctx.admin1s.get("US.GA")  # the country or the state


def test_resolve_all_is_in_document_order_and_sets_context() -> None:
    ctx = PlaceContext()
    names = ["Kyiv", "Kharkiv", "Kiev", "Nowhere-at-all-ville"]
    results = resolve_all(names, context=ctx)
    assert [getattr(p, "geonameid", None) for p, _ in results][:3] == [KYIV, 706483, KYIV]
    assert results[3] == (None, 0.0)
    assert all(0.0 < c <= 1.0 for p, c in results if p is not None)
    assert ctx.countries["UKR"] > 0 and normalise("Kharkiv") in ctx.places


# -- properties ----------------------------------------------------------------------
_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
_NAMEISH = st.one_of(_TEXT, st.sampled_from(["Kursk", "Paris", "Kyiv", "Texas", "Georgia", "region", "the",
                                             "St.", "U.S.", ", TX", "Kursk region of", "city of"]))


@settings(max_examples=200, deadline=None)
@given(names=st.lists(st.builds(lambda a, b: f"{a} {b}".strip(), _NAMEISH, _NAMEISH), max_size=6),
       text=_TEXT)
def test_arbitrary_names_and_text_never_crash(names: list[str], text: str) -> None:
    ctx = PlaceContext.from_text(text)
    for place, confidence in resolve_all(names, context=ctx):
        assert (place is None) == (confidence == 0.0)
        assert 0.0 <= confidence <= 1.0
        if place is not None:
            assert -90 <= place.lat <= 90 and -180 <= place.lon <= 180
            assert place.country is None or len(place.country) == 3
    for name in names:
        resolve(name, context=ctx)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_normalise_is_idempotent_and_plain(text: str) -> None:
    key = normalise(text)
    assert normalise(key) == key
    assert all(ch.isascii() and (ch.isalnum() or ch == " ") for ch in key)
    assert key == key.strip() and "  " not in key
