"""The gazetteer: normalised names, lookups, the hand-written tables, one build per process, the cache."""

from __future__ import annotations

import csv
import json
import logging
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from counterpoint.annotate.places import Gazetteer, get_gazetteer, normalise
from counterpoint.annotate.places import gazetteer as gazetteer_module
from counterpoint.annotate.places.gazetteer import (
    DATA_DIR,
    FEATURES,
    Entry,
    build_count,
    cache_file,
    is_latin,
    load_cached,
    load_city_aliases,
    load_regions,
    save_cached,
)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("The Kursk  Region", "kursk region"),
        ("Kurs'k", "kursk"),
        ("U.S.", "us"),
        ("St. Louis", "saint louis"),
        ("Mt. Vernon", "mount vernon"),
        ("Rostov-on-Don", "rostov on don"),
        ("P’yŏngsŏng", "pyongsong"),
        ("Zaporizhzhia", "zaporizhzhia"),
        ("İstanbul", "istanbul"),
        ("Łódź", "lodz"),
        ("Курск", ""),
        ("", ""),
    ],
)
def test_normalise(name: str, key: str) -> None:
    assert normalise(name) == key
    assert normalise(key) == key


def test_lookup_finds_alternates_and_primary_names(gazetteer: Gazetteer) -> None:
    kyiv = [c for c in gazetteer.lookup("Kiev") if c.entry.country == "UA"]
    assert [c.entry.name for c in kyiv] == ["Kyiv"]
    assert gazetteer.lookup("Kyiv")[0].entry.geonameid == kyiv[0].entry.geonameid
    assert not gazetteer.lookup("Kyiv")[0].alternate
    assert gazetteer.lookup("Xyzzy Qwertyville") == []


def test_countries_carry_codes_but_no_demonyms(gazetteer: Gazetteer) -> None:
    prk = gazetteer.by_code("PRK")
    assert prk is not None and prk.name == "North Korea" and prk.feature == "country"
    assert gazetteer.by_code("KP") == prk
    assert gazetteer.by_code("kp") is None  # codes are upper case only
    assert {c.entry.name for c in gazetteer.lookup("DPRK")} == {"North Korea"}
    assert not any(c.entry.feature == "country" for c in gazetteer.lookup("Russian"))
    assert gazetteer.country_iso3("UA") == "UKR"


def test_airport_codes_and_romanised_junk_are_not_indexed(gazetteer: Gazetteer) -> None:
    assert not any(c.entry.name == "Kursk" for c in gazetteer.lookup("URS"))
    assert not any(c.entry.name == "Kursk" for c in gazetteer.lookup("kurisiki"))


def test_region_table_is_indexed(gazetteer: Gazetteer) -> None:
    [oblast] = [c.entry for c in gazetteer.lookup("Kursk Oblast")]
    assert (oblast.feature, oblast.country, oblast.admin1) == ("admin1", "RU", "RU.41")
    assert [e.name for e in gazetteer.admin1_by_base("kursk")] == ["Kursk Oblast"]
    assert gazetteer.admin1s["UA.05"].name == "Donetsk Oblast"
    assert gazetteer.us_states["TX"].name == "Texas"
    assert gazetteer.abbreviation("tenn") == gazetteer.us_states["TN"]


def test_kursk_city_is_from_geonames(gazetteer: Gazetteer) -> None:
    [city] = [c.entry for c in gazetteer.lookup("Kursk") if c.entry.feature == "city"]
    assert city.geonameid == 538560 and city.admin1 == "RU.41"
    assert city.lat == pytest.approx(51.727, abs=0.01) and city.lon == pytest.approx(36.185, abs=0.01)


def test_capitals_are_marked(gazetteer: Gazetteer) -> None:
    [pyongyang] = [c.entry for c in gazetteer.lookup("Pyongyang")]
    assert pyongyang.capital and pyongyang.country == "KP"


# -- the hand-written tables --------------------------------------------------------
def _iso3_codes(gaz: Gazetteer) -> set[str]:
    return set(gaz.iso3.values())


def test_region_rows_are_valid(gazetteer: Gazetteer) -> None:
    rows = load_regions()
    assert len(rows) > 100
    names = [normalise(r["name"]) for r in rows]
    assert len(names) == len(set(names)), "duplicate region names"
    iso2_of = {v: k for k, v in gazetteer.iso3.items()}
    admin1_with_cities = {e.admin1 for e in gazetteer.entries() if e.feature == "city"}
    for r in rows:
        where = r["name"]
        assert -90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180, where
        assert r["feature"] in FEATURES and r["feature"] not in ("country", "city"), where
        assert r["country"] == "" or r["country"] in _iso3_codes(gazetteer), where
        assert r["geonameid"] == "" or int(r["geonameid"]) > 0, where
        assert all(is_latin(n) for n in [r["name"], *filter(None, r["alternates"].split("|"))]), where
        if r["admin1"]:
            assert r["feature"] == "admin1", where
            assert r["admin1"].split(".")[0] == iso2_of[r["country"]], where
            assert r["admin1"] in admin1_with_cities, f"{where}: no GeoNames city has admin-1 {r['admin1']}"


def test_the_analyst_regions_are_there(gazetteer: Gazetteer) -> None:
    for name in ["Kursk region", "Belgorod Oblast", "Bryansk region", "Rostov Oblast", "Krasnodar Krai",
                 "Moscow Oblast", "Donetsk Oblast", "Luhansk region", "Zaporizhzhia Oblast", "Kherson region",
                 "Kharkiv Oblast", "Sumy region", "Crimea", "Donbas", "Korean Demilitarized Zone",
                 "Northern Limit Line", "Yellow Sea", "East Sea", "Sea of Japan", "North Hamgyong Province",
                 "Gyeonggi Province"]:
        assert any(c.entry.feature != "city" for c in gazetteer.lookup(name)), name
    ukraine = {r["admin1"] for r in load_regions() if r["country"] == "UKR" and r["admin1"]}
    assert len(ukraine) == 25  # 24 oblasts and Crimea (Kyiv and Sevastopol are cities)


def test_centroids_and_states_are_valid(gazetteer: Gazetteer) -> None:
    with (DATA_DIR / "centroids.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            assert row["code"] in gazetteer.iso3, row
            assert -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180, row
    with (DATA_DIR / "us_states.csv").open(encoding="utf-8") as fh:
        assert {row["code"] for row in csv.DictReader(fh)} == set(gazetteer.us_states)


def test_city_aliases_point_at_the_cities_they_name(gazetteer: Gazetteer) -> None:
    for row in load_city_aliases():
        found = [c.entry for c in gazetteer.lookup(row["alias"]) if c.entry.geonameid == int(row["geonameid"])]
        assert found and found[0].name == row["name"] and found[0].country == row["country"], row
        assert not any(c.alternate for c in gazetteer.lookup(row["alias"])
                       if c.entry.geonameid == int(row["geonameid"])), row


def test_every_country_has_coordinates(gazetteer: Gazetteer) -> None:
    countries = [e for e in gazetteer.entries() if e.feature == "country"]
    assert len(countries) > 240
    assert all(-90 <= e.lat <= 90 and -180 <= e.lon <= 180 for e in countries)
    russia = gazetteer.by_code("RU")
    assert russia is not None and (russia.lat, russia.lon) == (60.0, 100.0)


def test_notice_names_geonames_and_its_licence() -> None:
    notice = (DATA_DIR / "NOTICE").read_text(encoding="utf-8")
    assert "GeoNames" in notice and "CC BY 4.0" in notice


# -- one instance per process ----------------------------------------------------------
def test_one_build_per_process(gazetteer: Gazetteer) -> None:
    assert get_gazetteer() is gazetteer
    assert get_gazetteer() is get_gazetteer()
    assert build_count() == (0 if gazetteer.cached else 1)  # built here, or loaded from the cache
    assert gazetteer_module._geonames() is gazetteer_module._geonames()
    assert gazetteer.build_seconds > 0


def test_concurrent_first_use_builds_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls: list[int] = []

    def slow_build() -> Gazetteer:
        calls.append(1)
        time.sleep(0.05)
        return Gazetteer()

    monkeypatch.setattr(gazetteer_module, "_INSTANCE", None)
    monkeypatch.setattr(gazetteer_module, "_BUILDS", 0)
    monkeypatch.setattr(gazetteer_module, "_build", slow_build)
    monkeypatch.setattr(gazetteer_module, "cache_file", lambda: tmp_path / "gazetteer.json")
    got: list[Gazetteer] = []
    threads = [threading.Thread(target=lambda: got.append(get_gazetteer())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and len({id(g) for g in got}) == 1
    assert load_cached(tmp_path / "gazetteer.json") is not None  # and cached it once built


# -- the cache ---------------------------------------------------------------------------------------
def _small() -> Gazetteer:
    gaz = Gazetteer()
    town = Entry("Testville", 101, 50.5, 36.25, "XX", "XX.01", "city", 1200)
    idx = gaz.add(town, ["Testville"], ["Testowo"])
    gaz.mark_capital(idx)
    gaz.add_demonym("Testvillean", town)
    gaz.add_us_county(Entry("Test County", None, 1.0, 2.0, "US", "US.TX", "admin2"))
    return gaz


def test_the_cached_index_is_the_built_one(gazetteer: Gazetteer, tmp_path: Path) -> None:
    path = tmp_path / "gazetteer.json"
    assert save_cached(gazetteer, path)
    loaded = load_cached(path)
    assert loaded is not None and loaded.cached and loaded is not gazetteer
    assert json.loads(json.dumps(loaded.to_json())) == json.loads(json.dumps(gazetteer.to_json()))
    assert list(loaded.entries()) == list(gazetteer.entries())
    for name in ("Kursk", "Kyiv", "Kiev", "Pyongyang", "Donetsk Oblast", "Springfield", "the DMZ", "Sudzha"):
        assert loaded.lookup(name) == gazetteer.lookup(name) != []
    assert loaded.by_code("PRK") == gazetteer.by_code("PRK") is not None
    assert loaded.demonym("north korean") == gazetteer.demonym("north korean") != ()
    assert loaded.us_county("laurel county") == gazetteer.us_county("laurel county") != ()
    assert loaded.abbreviation("ky") == gazetteer.abbreviation("ky") is not None
    assert loaded.admin1_by_base("kursk") == gazetteer.admin1_by_base("kursk") != []
    assert loaded.countries == gazetteer.countries and loaded.continents == gazetteer.continents
    assert loaded.geonameids() == gazetteer.geonameids()


def test_a_small_index_survives_the_cache_whole(tmp_path: Path) -> None:
    gaz = _small()
    assert save_cached(gaz, tmp_path / "g.json")
    loaded = load_cached(tmp_path / "g.json")
    assert loaded is not None
    assert [c.entry for c in loaded.lookup("testowo")] == [gaz.entry(0)] and loaded.entry(0).capital
    assert loaded.lookup("testowo")[0].alternate and not loaded.lookup("testville")[0].alternate
    assert loaded.demonym("testvilleans") == gaz.demonym("testvilleans") != ()
    assert loaded.us_county("test county") == gaz.us_county("test county") != ()


@pytest.mark.parametrize("content", [
    b"", b"{", b"[1, 2]", b'{"format": 999}', b'{"format": 1}', b"\xff\xfe\x00", b'{"format": 1, "names": 3}',
])
def test_a_damaged_cache_file_is_ignored_with_a_warning(tmp_path: Path, content: bytes,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "g.json"
    path.write_bytes(content)
    with caplog.at_level(logging.WARNING):
        assert load_cached(path) is None
    assert "cannot be read" in caplog.text and "building it again" in caplog.text


def test_a_cache_file_with_columns_out_of_step_is_refused(tmp_path: Path) -> None:
    data = _small().to_json()
    data["lats"] = []
    (tmp_path / "g.json").write_text(json.dumps(data), encoding="utf-8")
    assert load_cached(tmp_path / "g.json") is None
    data = _small().to_json()
    data["features"] = [len(FEATURES)]
    (tmp_path / "g.json").write_text(json.dumps(data), encoding="utf-8")
    assert load_cached(tmp_path / "g.json") is None
    assert load_cached(tmp_path / "missing.json") is None


def test_the_first_use_builds_and_caches_the_next_process_loads(monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    builds: list[int] = []

    def build() -> Gazetteer:
        builds.append(1)
        return _small()

    monkeypatch.setattr(gazetteer_module, "_build", build)
    monkeypatch.setattr(gazetteer_module, "_BUILDS", 0)
    monkeypatch.setattr(gazetteer_module, "_INSTANCE", None)
    first = get_gazetteer()
    assert builds == [1] and not first.cached and build_count() == 1
    assert cache_file().parent == tmp_path / "counterpoint" and cache_file().is_file()
    monkeypatch.setattr(gazetteer_module, "_INSTANCE", None)  # as in a new process
    second = get_gazetteer()
    assert builds == [1] and second.cached and build_count() == 1
    assert second.lookup("testville") == first.lookup("testville") != []


def test_the_cache_name_changes_with_what_the_build_reads(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    before = cache_file()
    copy = tmp_path / "places"
    shutil.copytree(DATA_DIR, copy)
    monkeypatch.setattr(gazetteer_module, "DATA_DIR", copy)
    assert cache_file() == before
    with (copy / "regions.csv").open("a", encoding="utf-8") as fh:
        fh.write("\n")
    assert cache_file() != before
    monkeypatch.setattr(gazetteer_module, "CACHE_FORMAT", gazetteer_module.CACHE_FORMAT + 1)
    assert len({before, cache_file()}) == 2


def test_a_cache_folder_that_cannot_be_written_costs_only_the_cache(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    assert save_cached(_small(), blocker / "counterpoint" / "g.json") is False
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]


def test_only_the_newest_cached_gazetteers_are_kept(tmp_path: Path) -> None:
    for n in range(5):
        old = tmp_path / f"gazetteer-old{n}.json"
        old.write_text("{}", encoding="utf-8")
        os.utime(old, (1_000_000 + n, 1_000_000 + n))
    (tmp_path / "ecbplus-1234.sqlite").write_text("another cache", encoding="utf-8")
    assert save_cached(_small(), tmp_path / "gazetteer-new.json")
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == ["ecbplus-1234.sqlite", "gazetteer-new.json", "gazetteer-old3.json", "gazetteer-old4.json"]


def test_without_a_cache_folder_the_gazetteer_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    def nowhere() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(gazetteer_module, "cache_file", nowhere)
    monkeypatch.setattr(gazetteer_module, "_build", _small)
    monkeypatch.setattr(gazetteer_module, "_BUILDS", 0)
    monkeypatch.setattr(gazetteer_module, "_INSTANCE", None)
    assert get_gazetteer().lookup("testville") and build_count() == 1
