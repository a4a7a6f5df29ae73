"""Demonyms (on request), US counties, "Name, State" qualifiers and the scan's self-evidence."""

from __future__ import annotations

import csv
from typing import Any

import pytest

from counterpoint.annotate.places import Gazetteer, PlaceContext, resolve_all
from counterpoint.annotate.places.gazetteer import DATA_DIR, normalise
from counterpoint.annotate.places.resolve import resolve, resolve_with_confidence
from counterpoint.model import Place


@pytest.fixture(autouse=True, scope="module")
def _built(gazetteer: Gazetteer) -> None:
    """Every test here uses the session's gazetteer."""


def _demonym(name: str, context: PlaceContext | None = None) -> Place | None:
    return resolve(name, context=context if context is not None else PlaceContext(), demonyms=True)


# -- the demonym table ------------------------------------------------------------
def test_demonym_table_is_well_formed(gazetteer: Gazetteer) -> None:
    with (DATA_DIR / "demonyms.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert 180 <= len(rows) <= 260
    pairs = [(r["demonym"], r["code"]) for r in rows]
    assert len(pairs) == len(set(pairs))
    iso3s = set(gazetteer.iso3.values())
    for demonym, code in pairs:
        assert code in gazetteer.continents or code in iso3s, (demonym, code)
        target = gazetteer.continents.get(code) if len(code) == 2 else gazetteer.by_code(code)
        if target is not None:  # a country without coordinates (Palau) is not in the gazetteer
            assert target in gazetteer.demonym(normalise(demonym)), (demonym, code)


@pytest.mark.parametrize(
    ("name", "iso3"),
    [("Russian", "RUS"), ("Russians", "RUS"), ("Ukrainian", "UKR"), ("North Korean", "PRK"),
     ("South Korean", "KOR"), ("American", "USA"), ("Americans", "USA"), ("British", "GBR"),
     ("Turkish", "TUR"), ("Swiss", "CHE"), ("Palestinians", "PSE"), ("Canadian", "CAN"), ("German", "DEU")],
)
def test_demonyms_resolve_to_their_country(name: str, iso3: str) -> None:
    place = _demonym(name)
    assert place is not None and place.feature == "country" and place.country == iso3, name


def test_continent_demonyms() -> None:
    place = _demonym("European")
    assert place is not None and place.name == "Europe" and place.feature == "region"


def test_demonyms_are_off_by_default() -> None:
    """Running text (find_places) leaves demonyms to the actors: "Canadian" is a Texas town there."""
    assert resolve("Russian", context=PlaceContext()) is None
    town = resolve("Canadian", context=PlaceContext())
    assert town is None or town.feature == "city"
    [(place, conf)] = resolve_all(["Russian"], context=PlaceContext())
    assert place is None and conf == 0.0


def test_an_ambiguous_demonym_needs_the_document() -> None:
    assert _demonym("Korean") is None
    north = _demonym("Korean", PlaceContext.from_text("Pyongyang said North Korea would respond."))
    assert north is not None and north.country == "PRK"
    both = PlaceContext.from_text("North Korea and South Korea met.")
    assert _demonym("Korean", both) is None


def test_demonyms_in_resolve_all_give_context() -> None:
    results = resolve_all(["Georgian", "Georgia"], context=PlaceContext(), demonyms=True)
    assert [p.country if p else None for p, _ in results] == ["GEO", "GEO"]
    assert results[0][0] is not None and results[0][0].feature == "country"


def test_find_places_makes_no_place_of_a_demonym(nlp: Any) -> None:
    from counterpoint.annotate.places import find_places

    doc = nlp("Russian forces shelled Kharkiv, and Ukrainian officials said the Turkish envoy left.")
    mentions = find_places(doc, item_id="i_1", field="body", context=PlaceContext())
    assert "Kharkiv" in [m.text for m in mentions]
    for m in mentions:  # the model may tag "Ukrainian" GPE: it stays unlinked
        if m.text != "Kharkiv":
            assert m.place is None and m.method == "unlinked", m.text


def test_villages_of_500_are_indexed(gazetteer: Gazetteer) -> None:
    assert any(500 <= e.population < 1000 for e in gazetteer.entries() if e.feature == "city")


# -- US counties -------------------------------------------------------------------
def test_counties_are_outside_the_name_index(gazetteer: Gazetteer) -> None:
    [laurel] = gazetteer.us_county("laurel county")
    assert (laurel.admin1, laurel.feature, laurel.geonameid) == ("US.KY", "admin2", None)
    assert len(gazetteer.us_county("henry county")) >= 5
    assert gazetteer.us_county("rapides parish")[0].admin1 == "US.LA"
    assert not any(c.entry.feature == "admin2" for c in gazetteer.lookup("Laurel County"))


def test_a_county_of_one_state_resolves_there() -> None:
    place, conf = resolve_with_confidence("Laurel County", context=PlaceContext())
    assert place is not None and (place.country, place.admin1, place.feature) == ("USA", "US.KY", "admin2")
    assert place.geonameid is None and 0 < conf < 0.9
    state = resolve("Kentucky", context=PlaceContext())
    assert state is not None and (place.lat, place.lon) == (state.lat, state.lon)  # the state's centre


def test_a_county_of_many_states_needs_the_document() -> None:
    assert resolve("Henry County", context=PlaceContext()) is None
    ctx = PlaceContext.from_text("Henry County deputies in Tennessee said on Monday.")
    place = resolve("Henry County", context=ctx)
    assert place is not None and place.admin1 == "US.TN"


def test_a_county_is_evidence_for_its_state() -> None:
    ctx = PlaceContext.from_text("Edgar County officials met in Paris on Monday.")
    assert ctx.admin1s.get("US.IL", 0) > 0
    place = resolve("Paris", context=ctx)
    assert place is not None and place.admin1 == "US.IL"
    ambiguous = PlaceContext.from_text("Henry County officials met on Monday.")
    assert ambiguous.countries.get("USA") == 1 and 0 < ambiguous.counties["US.TN"] < 1


# -- "Name, State" ------------------------------------------------------------------
def test_a_comma_qualifier_pins_the_name_for_the_document() -> None:
    text = "NEWARK, N.J. (AP) - The airline apologised. The flight left Newark for Paris."
    ctx = PlaceContext.from_text(text)
    assert ctx.qualified["newark"] == ("US", "US.NJ")
    results = resolve_all(["NEWARK", "Newark", "Paris"], context=ctx)
    assert [p.admin1 if p else None for p, _ in results][:2] == ["US.NJ", "US.NJ"]
    kramatorsk = PlaceContext.from_text("Shelling hit Kramatorsk, Ukraine, and Kansas City, Mo. was quiet.")
    assert kramatorsk.qualified == {"kramatorsk": ("UA", ""), "kansas city": ("US", "US.MO")}


def test_a_list_is_no_qualifier() -> None:
    ctx = PlaceContext.from_text("Reporting on his ties to Russia, U.S. officials said. Talks in Paris, London.")
    assert ctx.qualified == {}
    russia = resolve("Russia", context=ctx)
    assert russia is not None and russia.feature == "country"


# -- the scan's self-evidence --------------------------------------------------------
def test_a_country_name_does_not_vouch_for_itself() -> None:
    text = "The Lebanon city council met on Monday. Lebanon lies in Wilson County, Tennessee."
    ctx = PlaceContext.from_text(text)
    assert set(ctx.scanned["lebanon"]) == {"LBN"}
    place = resolve("Lebanon", context=ctx)
    assert place is not None and place.admin1 == "US.TN"
    country = resolve("Lebanon", context=PlaceContext.from_text("Lebanon and Syria signed the deal."))
    assert country is not None and country.feature == "country"


def test_a_state_name_keeps_its_own_evidence() -> None:
    ctx = PlaceContext.from_text("Voters in Oregon went to the polls.")
    place = resolve("Oregon", context=ctx)
    assert place is not None and place.feature == "admin1" and place.admin1 == "US.OR"
