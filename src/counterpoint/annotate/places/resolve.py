"""Resolving toponyms to places, and finding them in a spaCy ``Doc``.

Among the gazetteer entries that share a name, :func:`resolve` scores each by

* the feature a cue word asks for ("Kursk region", "Kursk Oblast", "the
  province of X" ask for an admin-1 region; "X city", "the town of X" for a
  city);
* a prior: countries, then admin-1 regions and named regions, then cities by
  population (log scale; national capitals get a little more), so that a
  country or a region wins over a small town of the same name;
* the document so far (:class:`PlaceContext`): countries and admin-1 regions
  already mentioned, and closeness to places already resolved ("spatial
  minimality");
* whether the name is the entry's own name or only one of its alternates.

A name resolved once keeps its sense for the rest of the document ("one sense
per discourse"), and a region resolved from "Kursk region" is also what a
later bare "Kursk" means. A name the text pins with a comma ("Newark, N.J.",
"Kramatorsk, Ukraine") is resolved inside that state or country wherever it
occurs. US counties ("Laurel County") resolve to county entries without a
GeoNames id, placed at their state's centre, and count as evidence for their
state. On request (``demonyms=True``), demonyms resolve to their country.
These are the classic gazetteer heuristics of Leidner (2007, *Toponym
Resolution in Text*) and Lieberman, Samet and Sankaranarayanan (2010, the LGL
corpus paper).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

from counterpoint.annotate.nlp import RulerPattern, sentence_char_bounds
from counterpoint.annotate.places.gazetteer import (
    Candidate,
    Entry,
    Gazetteer,
    get_gazetteer,
    is_latin,
    load_city_aliases,
    load_regions,
    load_ruler_names,
    normalise,
)
from counterpoint.model import Field, Mention, Place

Cue = Literal["admin1", "admin2", "city"]

ADMIN1_CUES = frozenset({"region", "oblast", "province", "krai", "kray", "territory", "prefecture", "governorate",
                         "state", "republic", "oblasti"})
ADMIN2_CUES = frozenset({"county", "parish", "borough", "district", "raion", "rayon"})
CITY_CUES = frozenset({"city", "town", "village", "settlement"})
_PREFIX_CUES: dict[str, Cue] = {
    "region": "admin1", "province": "admin1", "state": "admin1", "oblast": "admin1",
    "county": "admin2", "city": "city", "town": "city", "village": "city",
}
#: Words after a place entity that belong to it ("the Kursk region"); "state" only when capitalised.
_EXTEND_WORDS = frozenset({"region", "oblast", "province", "krai", "kray", "county", "parish", "governorate",
                           "prefecture"})

# -- scoring weights (log10-population units) --------------------------------------
# Set by hand, then checked on a coarse grid against the LGL and TR-News development data
# (evaluate/geo.py): the scores moved by less than a point across the grid.
COUNTRY_BONUS = 1.0  # over the country's own log population
ADMIN1_PRIOR = 6.3  # an admin-1 region weighs like a city of 2 million
REGION_PRIOR = 6.5  # seas, named regions, continents (at least)
OTHER_PRIOR = 5.0  # facilities, islands and the like in the region table
CAPITAL_BONUS = 0.8
ALTERNATE_PENALTY = 3.0  # only an alternate name matched
CUE_MATCH = 4.0
CUE_MISMATCH = -3.0
CONTEXT_COUNTRY = 1.0  # the candidate's country was mentioned in the document
CONTEXT_COUNTRY_SHARE = 1.0  # times the share of the document's mentions in that country
CONTEXT_ADMIN1 = 2.0  # the candidate lies in (or is) an admin-1 region mentioned
NEAR_BONUS = 2.0  # at most, for a candidate near a place already resolved; fades out at NEAR_KM
NEAR_KM = 250.0
DEMONYM_CONFIDENCE = 0.9  # a demonym resolved on request: its country is certain, its use as a place less so
COUNTY_CONFIDENCE = 0.6  # a US county: the right entity, but placed at its state's centre
SCAN_MIN_POPULATION = 100_000  # cities big enough to make a country/region name ambiguous in a text scan
#: Words that name no place on their own, although some town has them as an alternate name.
GENERIC_NAMES = frozenset({
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "northern", "southern",
    "eastern", "western", "central", "center", "centre", "downtown", "uptown", "midtown", "city", "town",
    "village", "state", "region", "province", "county", "country", "capital", "border", "front", "coast",
    "island", "islands", "valley", "river", "lake", "mountains", "sea", "bay", "world", "earth", "home",
})


@dataclass(slots=True)
class PlaceContext:
    """What one document has said so far: carried across its headline and body.

    ``countries`` (ISO alpha-3) and ``admin1s`` (GeoNames admin-1 codes such as
    ``"US.TX"``) count mentions, from a text scan and from resolved places;
    ``places`` maps a normalised name to the place it resolved to, so that a
    name keeps its sense for the whole document. ``counties`` holds, for US
    counties named in the text that several states have ("Henry County"), each
    such state with weight 1/k; ``scanned`` what the scan credited to each
    name; ``qualified`` the names the text pins to a state or country with a
    comma ("Newark, N.J."). Mutable; not thread-safe; use one per document.
    """

    countries: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    admin1s: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    places: dict[str, Place] = field(default_factory=dict)
    confidences: dict[str, float] = field(default_factory=dict)
    points: list[tuple[float, float, str]] = field(default_factory=list)
    counties: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    scanned: dict[str, dict[str, float]] = field(default_factory=dict)
    #: names the text qualifies with a state or country ("Newark, N.J."): key -> (ISO2, admin-1 code or "")
    qualified: dict[str, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def from_text(cls, text: str) -> PlaceContext:
        """A context primed with the countries and admin-1 regions named in ``text``."""
        ctx = cls()
        ctx.scan(text)
        return ctx

    def copy(self) -> PlaceContext:
        return PlaceContext(defaultdict(float, self.countries), defaultdict(float, self.admin1s),
                            dict(self.places), dict(self.confidences), list(self.points),
                            defaultdict(float, self.counties), {k: dict(v) for k, v in self.scanned.items()},
                            dict(self.qualified))

    def without_scan_of(self, key: str) -> PlaceContext:
        """This context less what the text scan credited to the name ``key`` itself (a copy), so
        that "Jordan" in a story about Jordan, Minnesota does not vouch for the country Jordan."""
        own = self.scanned.get(key)
        if not own or any("." in code for code in own):
            return self  # a state or province keeps vouching for itself (see scan)
        ctx = self.copy()
        for iso3, weight in own.items():
            left = ctx.countries.get(iso3, 0.0) - weight
            if left > 1e-9:
                ctx.countries[iso3] = left
            else:
                ctx.countries.pop(iso3, None)
        return ctx

    def add_country(self, iso3: str, weight: float = 1.0) -> None:
        self.countries[iso3] += weight

    def add_admin1(self, code: str, weight: float = 1.0) -> None:
        """Count admin-1 region ``code`` ("US.TX") and its country."""
        self.admin1s[code] += weight
        iso3 = get_gazetteer().country_iso3(code.split(".", 1)[0])
        if iso3:
            self.add_country(iso3, weight)

    def add_county(self, states: Sequence[str]) -> None:
        """Count a US county name found in the states ``states`` (admin-1 codes): the only state of
        "Laurel County" counts as if named; each of the k states of "Henry County" as 1/k of a
        state (``counties``), and the country once."""
        if len(states) == 1:
            self.add_admin1(states[0])
            return
        for code in states:
            self.counties[code] = max(self.counties[code], 1.0 / len(states))
        iso3 = get_gazetteer().country_iso3(states[0].split(".", 1)[0]) if states else None
        if iso3:
            self.add_country(iso3)

    def note(self, place: Place, weight: float = 1.0, key: str = "") -> None:
        """Count ``place`` as evidence for the rest of the document."""
        if place.admin1 and place.feature in ("admin1", "admin2", "city"):
            self.admin1s[place.admin1] += weight
        if place.country:
            self.add_country(place.country, weight)
        if place.feature == "city":
            self.points.append((place.lat, place.lon, key))

    def remember(self, key: str, place: Place, confidence: float) -> None:
        self.places[key] = place
        self.confidences[key] = confidence

    def scan(self, text: str) -> None:
        """Count the countries and admin-1 regions that ``text`` names unambiguously.

        Looks up capitalised word sequences (up to four words) among country,
        admin-1 and region names. A name that is also a big city elsewhere
        ("Georgia" the country and the US state) counts only for what all its
        readings share; a name right after another capitalised word ("Michael
        Jordan") is skipped. US county names count for their state (or 1/k for
        each of k states); "Name, State" and "Name, Country" pin ``Name`` there
        for the whole document.

        What a name credits to a *country* is recorded and left out when that
        same name is resolved (:meth:`without_scan_of`): otherwise "Jordan" or
        "Lebanon" would always vouch for the country against the towns of
        those names. A state or province name keeps its own credit: the
        admin-1 prior is weaker than a country's, and without it "Florida" or
        "Oregon" lose to small towns of the state the document is about.
        """
        _scan(self, text, get_gazetteer())

    def country_share(self, iso3: str) -> float:
        """The share of the document's country evidence that is ``iso3`` (0 when none)."""
        total = sum(self.countries.values())
        return self.countries.get(iso3, 0.0) / total if total else 0.0

    def nearest_km(self, lat: float, lon: float, exclude: str = "") -> float:
        """Distance to the nearest city resolved so far (not counting those named ``exclude``)."""
        best = math.inf
        for plat, plon, key in self.points:
            if key != exclude or not exclude:
                best = min(best, distance_km(lat, lon, plat, plon))
        return best


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius 6,371 km)."""
    p = math.pi / 180
    a = (math.sin((lat2 - lat1) * p / 2) ** 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)
    return 12742.0 * math.asin(math.sqrt(min(1.0, a)))


# -- the text scan -----------------------------------------------------------------
_WORD = re.compile(r"[A-Za-z\u00C0-\u024F][\w'’.-]*")
_SCAN_SKIP_AFTER = frozenset({
    "in", "the", "and", "for", "from", "to", "at", "of", "by", "with", "on", "as", "but", "across", "into",
    "a", "an", "after", "before", "while", "when", "if", "near", "outside", "inside", "over", "under",
})


_POSTAL = re.compile(r"\b[A-Z][a-z]+\.?,\s+([A-Z]{2})\b")
#: up to three capitalised words, a comma, and up to two capitalised words ("Kansas City, Mo."), not
#: across a full stop
_QUALIFIED = re.compile(
    r"\b((?:[A-Z][\w'’-]*[ \t]+){0,2}[A-Z][\w'’-]*),[ \t]+(?=([A-Z][\w'’.]*(?:(?<!\.)[ \t]+[A-Z][\w'’.]*)?))")


def _scan(ctx: PlaceContext, text: str, gaz: Gazetteer) -> None:
    words = list(_WORD.finditer(text))
    i = 0
    while i < len(words):
        w = words[i].group()
        if not w[0].isupper():
            i += 1
            continue
        prev = words[i - 1].group() if i else ""
        after_name = bool(prev) and prev[0].isupper() and prev.casefold() not in _SCAN_SKIP_AFTER \
            and not text[words[i - 1].end():words[i].start()].strip()
        matched = 0
        for n in range(min(4, len(words) - i), 0, -1):
            chunk = text[words[i].start():words[i + n - 1].end()]
            if n > 1 and ("\n" in chunk or not words[i + n - 1].group()[0].isupper()):
                continue
            key = normalise(chunk)
            if n > 1 and (counties := gaz.us_county(key)):
                with _crediting(ctx, key):
                    ctx.add_county([e.admin1 for e in counties])
                matched = n
                break
            cands = [c.entry for c in gaz.lookup_key(key)
                     if c.entry.feature != "city" or c.entry.population >= SCAN_MIN_POPULATION]
            if chunk.endswith(".") and (state := gaz.abbreviation(key)) is not None:
                cands.append(state)
            if not any(e.feature in ("country", "admin1") for e in cands):
                continue
            matched = n
            if not (after_name and n == 1):
                with _crediting(ctx, key):
                    _credit(ctx, cands, gaz)
            break
        i += max(matched, 1)
    for m in _POSTAL.finditer(text):
        state = gaz.us_states.get(m.group(1))
        if state is not None:
            ctx.add_admin1(state.admin1)
    for m in _QUALIFIED.finditer(text):
        _scan_qualified(ctx, m.group(1).split(), m.group(2).split(), gaz)


def _scan_qualified(ctx: PlaceContext, head: list[str], tail: list[str], gaz: Gazetteer) -> None:
    """Record "Newark, N.J.", "Paris, Texas", "Kramatorsk, Ukraine": the longest name before the
    comma with a namesake inside the state or country after it."""
    qualifier = next((q for n in range(len(tail), 0, -1) if (q := _qualifier(" ".join(tail[:n]), gaz))), None)
    if qualifier is None:
        return
    for n in range(len(head), 0, -1):
        key = normalise(" ".join(head[-n:]))
        cands = gaz.lookup_key(key)
        if any(not c.alternate and (c.entry.feature == "country"
                                    or (c.entry.feature == "admin1" and qualifier.feature == "country"))
               for c in cands):
            return  # a list, not a qualifier: "in Russia, U.S. officials said", "Texas, Mexico"
        if key in ctx.qualified:
            return  # the first qualifier of a name holds for the document
        if key and any(_inside(c.entry, qualifier) for c in cands):
            ctx.qualified[key] = (qualifier.country, qualifier.admin1 if qualifier.feature == "admin1" else "")
            return


def _inside(e: Entry, qualifier: Entry) -> bool:
    return e.country == qualifier.country and e.feature in ("city", "other") \
        and (qualifier.feature != "admin1" or e.admin1 == qualifier.admin1)


@contextmanager
def _crediting(ctx: PlaceContext, key: str) -> Iterator[None]:
    """Record in ``ctx.scanned[key]`` what the block credits to the countries and admin-1 regions."""
    countries, admin1s = dict(ctx.countries), dict(ctx.admin1s)
    yield
    own = ctx.scanned.setdefault(key, {})
    for now, then in ((ctx.countries, countries), (ctx.admin1s, admin1s)):
        for code, weight in now.items():
            if weight != then.get(code, 0.0):
                own[code] = own.get(code, 0.0) + weight - then.get(code, 0.0)


def _credit(ctx: PlaceContext, cands: list[Entry], gaz: Gazetteer) -> None:
    """Count what all readings of a scanned name share: their admin-1 region, else their country."""
    countries = {e.country for e in cands}
    admin1s = {e.admin1 for e in cands}
    if len(admin1s) == 1 and "" not in admin1s:
        ctx.add_admin1(admin1s.pop())
    elif len(countries) == 1 and "" not in countries:
        iso3 = gaz.country_iso3(countries.pop())
        if iso3:
            ctx.add_country(iso3)


# -- resolution ----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Resolution:
    """The result of resolving one name: the place (or ``None``) and how sure we are."""

    place: Place | None
    confidence: float
    key: str
    base: str = ""  # the name without its cue word, when a cue word was found


def parse_cue(key: str) -> tuple[Cue | None, str]:
    """``"kursk region"`` -> ``("admin1", "kursk")``; ``"city of paris"`` -> ``("city", "paris")``."""
    words = key.split()
    if len(words) >= 2:
        last = words[-1]
        if last in ADMIN1_CUES:
            return "admin1", " ".join(words[:-1])
        if last in ADMIN2_CUES:
            return "admin2", " ".join(words[:-1])
        if last in CITY_CUES:
            return "city", " ".join(words[:-1])
    if len(words) >= 3 and words[1] == "of" and words[0] in _PREFIX_CUES:
        return _PREFIX_CUES[words[0]], " ".join(words[2:])
    return None, key


def to_place(entry: Entry, gaz: Gazetteer | None = None) -> Place:
    """The model's ``Place`` for a gazetteer entry (country as ISO alpha-3)."""
    gaz = gaz or get_gazetteer()
    return Place(name=entry.name, geonameid=entry.geonameid, lat=round(entry.lat, 5), lon=round(entry.lon, 5),
                 country=gaz.country_iso3(entry.country) if entry.country else None,
                 admin1=entry.admin1 or None, feature=entry.feature, population=entry.population)


def _prior(c: Candidate) -> float:
    e = c.entry
    if e.feature == "country":
        s = max(math.log10(max(e.population, 1)), 6.0) + COUNTRY_BONUS
    elif e.feature == "admin1":
        s = ADMIN1_PRIOR
    elif e.feature in ("region", "water"):
        s = max(math.log10(max(e.population, 1)), REGION_PRIOR)
    elif e.feature == "other":
        s = OTHER_PRIOR
    else:
        s = math.log10(max(e.population, 1000)) + (CAPITAL_BONUS if e.capital else 0.0)
    return s - (ALTERNATE_PENALTY if c.alternate else 0.0)


def _cue_score(cue: Cue | None, e: Entry) -> float:
    if cue is None:
        return 0.0
    if cue == "admin1":
        return CUE_MATCH if e.feature == "admin1" else (-1.0 if e.feature == "city" else CUE_MISMATCH)
    if cue == "city":
        return CUE_MATCH / 2 if e.feature == "city" else CUE_MISMATCH
    return 0.0 if e.feature == "city" else CUE_MISMATCH  # admin2: only a namesake city can stand in


def _context_score(e: Entry, ctx: PlaceContext, gaz: Gazetteer, key: str) -> float:
    s = 0.0
    iso3 = gaz.country_iso3(e.country) if e.country else None
    if iso3 and ctx.countries.get(iso3, 0.0) > 0:
        s += CONTEXT_COUNTRY + CONTEXT_COUNTRY_SHARE * ctx.country_share(iso3)
    if e.admin1 and ctx.admin1s.get(e.admin1, 0.0) > 0:
        s += CONTEXT_ADMIN1
    elif e.admin1 and ctx.counties.get(e.admin1, 0.0) > 0:
        s += CONTEXT_ADMIN1 * ctx.counties[e.admin1]  # a state that has a county the document names
    if ctx.points and e.feature in ("city", "other"):
        d = ctx.nearest_km(e.lat, e.lon, exclude=key)
        if d < NEAR_KM:
            s += NEAR_BONUS * (1.0 - d / NEAR_KM)
    return s


def _confidence(best: float, second: float | None, alternate: bool) -> float:
    conf = 0.95 if second is None else 0.5 + 0.45 * (1.0 - math.exp(-(best - second) / 1.5))
    if alternate:
        conf *= 0.85
    return round(min(0.99, max(0.05, conf)), 3)


def _split_name(text: str) -> str:
    text = text.strip()
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    return text.strip(" \t\n,.;:()[]\"“”")


def _candidates(text: str, gaz: Gazetteer) -> tuple[str, Cue | None, str, list[Candidate], bool]:
    """(key, cue, base, candidates, fell_back): exact name first, then the name without its cue word."""
    key = normalise(text)
    cue, base = parse_cue(key)
    cands: list[Candidate] = []
    if text.isupper() and 2 <= len(text) <= 3 and (code := gaz.by_code(text)) is not None:
        cands.append(Candidate(code, False))
    if text.isupper() and text in gaz.us_states:
        cands.append(Candidate(gaz.us_states[text], False))
    if (state := gaz.abbreviation(key)) is not None:
        cands.append(Candidate(state, False))
    cands += gaz.lookup_key(key)
    if cands or cue is None:
        return key, cue, base, cands, False
    if cue == "admin1":
        cands = [Candidate(e, False) for e in gaz.admin1_by_base(base)]
    if not cands:
        cands = gaz.lookup_key(base)
        return key, cue, base, cands, bool(cands) and not any(
            (cue == "admin1" and c.entry.feature == "admin1") or (cue == "city" and c.entry.feature == "city")
            for c in cands)
    return key, cue, base, cands, False


def _qualifier(text: str, gaz: Gazetteer) -> Entry | None:
    """The state or country after a comma: "TX", "Texas", "Ukraine"."""
    text = text.strip()
    if (state := gaz.abbreviation(normalise(text))) is not None and text.endswith("."):
        return state  # "N.J.", "Ky."
    text = text.rstrip(".")
    if text.isupper() and len(text) == 2 and text in gaz.us_states:
        return gaz.us_states[text]
    for c in gaz.lookup(text):
        if c.entry.feature in ("admin1", "country"):
            return c.entry
    return None


def _resolve_demonym(named: tuple[Entry, ...], ctx: PlaceContext, gaz: Gazetteer, key: str) -> Resolution:
    """A demonym's country (or continent); an ambiguous one ("Korean") only when the document
    mentions exactly one of its countries."""
    if len(named) == 1:
        return Resolution(to_place(named[0], gaz), DEMONYM_CONFIDENCE, key)
    mentioned = [e for e in named if e.country and ctx.countries.get(gaz.country_iso3(e.country) or "", 0.0) > 0]
    if len(mentioned) != 1:
        return Resolution(None, 0.0, key)
    return Resolution(to_place(mentioned[0], gaz), DEMONYM_CONFIDENCE * 0.8, key)


def _resolve_county(counties: tuple[Entry, ...], ctx: PlaceContext, gaz: Gazetteer, key: str,
                    base: str) -> Resolution:
    """A US county: the only one of its name, or the one in the state the document says most about
    (``None`` when it says nothing about any of them). Its coordinates are its state's centre."""
    if len(counties) == 1:
        return Resolution(to_place(counties[0], gaz), COUNTY_CONFIDENCE, key, base)
    weights = sorted(((ctx.admin1s.get(e.admin1, 0.0), i) for i, e in enumerate(counties)), reverse=True)
    (best, i), (second, _) = weights[0], weights[1]
    if best <= 0 or best == second:
        return Resolution(None, 0.0, key, base)
    return Resolution(to_place(counties[i], gaz), COUNTY_CONFIDENCE * 0.8, key, base)


def _resolve(text: str, ctx: PlaceContext, gaz: Gazetteer, demonyms: bool = False) -> Resolution:
    name = _split_name(text)
    key, cue, base, cands, fell_back = _candidates(name, gaz)
    ctx = ctx.without_scan_of(key)
    if key in GENERIC_NAMES:
        return Resolution(None, 0.0, key)
    if key in ctx.places:
        return Resolution(ctx.places[key], ctx.confidences.get(key, 0.5), key, base if cue else "")
    if demonyms and cue is None and (named := gaz.demonym(key)):
        return _resolve_demonym(named, ctx, gaz, key)
    if cue == "admin2" and (counties := gaz.us_county(key)):
        return _resolve_county(counties, ctx, gaz, key, base)
    qualifier: Entry | None = None
    if not cands and "," in name:  # "Paris, Texas", "Kramatorsk, Donetsk region"
        head, _, tail = name.rpartition(",")
        qualifier = _qualifier(tail, gaz)
        if qualifier is not None:
            key, cue, base, cands, fell_back = _candidates(_split_name(head), gaz)
            inside = [c for c in cands if c.entry.country == qualifier.country
                      and (qualifier.feature != "admin1" or c.entry.admin1 == qualifier.admin1)]
            cands = inside or cands
    if cands and key in ctx.qualified:  # "Newark, N.J." elsewhere in the text
        country, admin1 = ctx.qualified[key]
        inside = [c for c in cands if c.entry.country == country and c.entry.feature in ("city", "other")
                  and (not admin1 or c.entry.admin1 == admin1)]
        cands = inside or cands
    if fell_back and cue == "admin2":
        # "Madison County": a namesake city stands in only inside a region the document names
        cands = [c for c in cands if c.entry.admin1 and ctx.admin1s.get(c.entry.admin1, 0.0) > 0]
    if not cands:
        return Resolution(None, 0.0, key, base if cue else "")
    scored: list[tuple[float, int, Candidate]] = []
    for i, c in enumerate(cands):
        s = _prior(c) + _cue_score(cue, c.entry) + _context_score(c.entry, ctx, gaz, key)
        scored.append((s, -i, c))
    scored.sort(key=lambda t: (t[0], t[1]), reverse=True)
    best_score, _, best = scored[0]
    second = next((s for s, _, c in scored[1:] if c.entry.geonameid != best.entry.geonameid
                   or c.entry.name != best.entry.name), None)
    conf = _confidence(best_score, second, best.alternate)
    iso3 = gaz.country_iso3(best.entry.country) if best.entry.country else None
    if sum(ctx.countries.values()) >= 2 and iso3 and not ctx.countries.get(iso3) and best.entry.feature == "city" \
            and best.entry.population < SCAN_MIN_POPULATION:
        conf = round(conf * 0.6, 3)  # a town in a country the document never mentions
    if fell_back:
        conf = round(conf * 0.5, 3)
    return Resolution(to_place(best.entry, gaz), conf, key, base if cue else "")


def _record(ctx: PlaceContext, res: Resolution) -> None:
    if res.place is None:
        return
    if res.key not in ctx.places:
        ctx.remember(res.key, res.place, res.confidence)
    if res.base and res.place.feature == "admin1" and res.base not in ctx.places:
        ctx.remember(res.base, res.place, res.confidence)


def resolve(name: str, *, context: PlaceContext, demonyms: bool = False) -> Place | None:
    """The place ``name`` most likely means in this document, or ``None`` when no entry has that name.

    With ``demonyms=True`` a demonym ("Russian", "North Koreans", "European")
    resolves to its country or continent (an ambiguous one, "Korean", only
    when the document mentions exactly one of its countries). Use it only where
    the caller already knows that ``name`` is a toponym, as the gold toponyms
    of LGL and TR-News are; :func:`find_places` leaves it off, because in
    running text "Russian" is nearly always an adjective of an actor ("Russian
    forces"), which the actor layer owns, and not a mention of the place.

    Updates ``context`` with the result (for later mentions of the document).
    """
    return resolve_with_confidence(name, context=context, demonyms=demonyms)[0]


def resolve_with_confidence(name: str, *, context: PlaceContext, demonyms: bool = False) -> tuple[Place | None, float]:
    """Like :func:`resolve`, with the confidence (0 when unresolved)."""
    gaz = get_gazetteer()
    res = _resolve(name, context, gaz, demonyms)
    if res.place is not None and res.key not in context.places:
        context.note(res.place, res.confidence, res.key)
    _record(context, res)
    return res.place, res.confidence


def resolve_all(names: Sequence[str], *, context: PlaceContext,
                demonyms: bool = False) -> list[tuple[Place | None, float]]:
    """Resolve the toponyms of one document, in document order, in two passes.

    The first pass resolves each name with what ``context`` knew before plus the
    names before it; the second resolves them again with the evidence of all
    the other names of the document (a name never counts as its own evidence).
    ``context`` ends up holding the final results. ``demonyms`` as for :func:`resolve`
    (off for running text).
    """
    gaz = get_gazetteer()
    before = context.copy()
    first = before.copy()
    keyed: list[Resolution] = []
    for name in names:
        res = _resolve(name, first, gaz, demonyms)
        if res.place is not None and res.key not in first.places:
            first.note(res.place, res.confidence, res.key)
        _record(first, res)
        keyed.append(res)
    # evidence from the first pass, by key, so that each name can leave its own out
    by_key: dict[str, Resolution] = {}
    for res in keyed:
        if res.place is not None and res.key not in before.places:
            by_key.setdefault(res.key, res)
    results: list[tuple[Place | None, float]] = []
    final = before.copy()
    for name, res1 in zip(names, keyed, strict=True):
        if res1.key in final.places:
            results.append((final.places[res1.key], final.confidences.get(res1.key, 0.5)))
            continue
        ctx = before.copy()
        ctx.places = final.places
        ctx.confidences = final.confidences
        for key, other in by_key.items():
            if key != res1.key and key != res1.base and other.place is not None:
                ctx.note(other.place, other.confidence, key)
        res = _resolve(name, ctx, gaz, demonyms)
        _record(final, res)
        results.append((res.place, res.confidence))
    context.countries, context.admin1s = before.countries, before.admin1s
    context.points = before.points
    for place, conf in results:
        if place is not None:
            context.note(place, conf)
    context.places, context.confidences = final.places, final.confidences
    return results


# -- spaCy documents -----------------------------------------------------------------
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def _place_spans(doc: Any) -> list[tuple[int, int]]:
    """Token spans of toponyms: place entities (without a leading "the" or a trailing "'s"),
    extended by a cue word after them, plus "X region" constructions the model missed."""
    spans: list[tuple[int, int]] = []
    taken = [False] * len(doc)
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        start, end = ent.start, ent.end
        while start < end and doc[start].lower_ == "the":
            start += 1
        if end - 1 > start and doc[end - 1].lower_ in ("'s", "’s", "'", "’"):
            end -= 1
        if end < len(doc) and (doc[end].lower_ in _EXTEND_WORDS or doc[end].text in ("State", "Oblast", "Krai")):
            end += 1
        if start < end:
            spans.append((start, end))
            for t in range(start, end):
                taken[t] = True
    for tok in doc:
        if tok.lower_ not in _EXTEND_WORDS or taken[tok.i]:
            continue
        start = tok.i
        while start > 0 and start > tok.i - 3 and not taken[start - 1] and doc[start - 1].text[:1].isupper() \
                and doc[start - 1].is_alpha and not doc[start - 1].is_sent_start:
            start -= 1
        if start < tok.i:
            spans.append((start, tok.i + 1))
            for t in range(start, tok.i + 1):
                taken[t] = True
    return sorted(spans)


def find_places(doc: Any, *, item_id: str, field: Field, context: PlaceContext) -> list[Mention]:
    """Place mentions of a spaCy ``Doc`` made from one field (headline or body) of an item.

    Offsets are character offsets into ``doc.text`` (the field's text).
    Toponyms that resolve to nothing are kept with ``place=None`` and
    confidence 0. Demonyms are not resolved here (``demonyms`` of
    :func:`resolve` stays off): "Russian" in running text describes an actor,
    and a place mention for every such adjective would swamp the places; the
    model's occasional GPE "Ukrainian" therefore stays unlinked.
    ``context`` carries what the document said before (call
    with the same context for the headline, then the body) and is updated.
    """
    spans = _place_spans(doc)
    if not spans:
        return []
    text = doc.text
    context.scan(text)
    sent_starts = [start for start, _ in sentence_char_bounds(doc)] or [0]
    texts = [doc[s:e].text for s, e in spans]
    resolved = resolve_all(texts, context=context)  # demonyms off: "Russian" here belongs to actors
    mentions: list[Mention] = []
    for (s, e), (place, conf) in zip(spans, resolved, strict=True):
        start, end = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
        mentions.append(Mention(
            item_id=item_id, field=field, start=start, end=end, text=text[start:end], kind="place",
            country=place.country if place else None, method="alias" if place else "unlinked",
            confidence=conf if place else 0.0, place=place,
            sentence=max(0, bisect_right(sent_starts, start) - 1),
        ))
    return mentions


# -- entity-ruler patterns -------------------------------------------------------------
#: Countries whose cities (above a population) go into the entity ruler, and the population.
RULER_CITIES: dict[str, int] = {"UA": 80_000, "KP": 100_000, "KR": 300_000}
#: Admin-1 regions whose towns (above a population) go into the ruler: the Russian border oblasts.
RULER_ADMIN1: dict[str, int] = {"RU.41": 5_000, "RU.09": 10_000, "RU.10": 20_000, "RU.61": 100_000,
                                "RU.38": 200_000}


#: City districts that GeoNames lists as populated places ("Shevchenkivskyi", "Avtozavodskyi").
_DISTRICT = re.compile(r"(?:s'?kyi|skyy|skiy|skij|ckij|s'kyy)$|\bRaion\b|\bDistrict\b", re.IGNORECASE)


_ANY_CASE = ADMIN1_CUES | ADMIN2_CUES | CITY_CUES | {"of", "the", "and"}


def _ruler_pattern(name: str, label: str) -> RulerPattern:
    """A token pattern when the name is plain words: capitalised words must match exactly, so
    that "turkey" the bird or "a demilitarized zone" around a power plant are not tagged; lower-case
    words ("region", "of") match in any case. Names with punctuation ("Rostov-on-Don",
    "Donetsk People's Republic") are phrase patterns, matched on lower case by the ruler."""
    pid = f"place:{normalise(name)}"
    words = name.split()
    if all(w.isalpha() for w in words):
        tokens = [{"LOWER": w.lower()} if not w[:1].isupper() or w.lower() in _ANY_CASE else {"TEXT": w}
                  for w in words]
        return {"label": label, "pattern": tokens, "id": pid}
    return {"label": label, "pattern": name, "id": pid}


def patterns() -> list[RulerPattern]:
    """Entity-ruler patterns (GPE/LOC) for names the small English model misses or mislabels.

    The region table (oblasts, provinces, Donbas, the DMZ, the NLL, seas), the
    towns of the theatres (Ukrainian cities, North and South Korean cities, the
    towns of the Russian border oblasts: "Kursk", "Sudzha"), the curated
    spellings of ``city_aliases.csv`` ("Kiev", "Kharkov", "Sloviansk") and the
    frontline towns of ``ruler_names.txt``.
    Plain names match with their capitals (one-word names are gathered into one
    set-membership pattern per label, which keeps the ruler fast); names with
    punctuation match as lower-case phrases.
    Kept to about a thousand patterns so that the pipeline stays fast.
    """
    seen: set[tuple[str, str]] = set()
    out: list[RulerPattern] = []
    single: dict[str, list[str]] = {"GPE": [], "LOC": []}

    def add(name: str, label: str) -> None:
        name = name.strip()
        if len(name) < 3 or (name, label) in seen or not is_latin(name):
            return
        seen.add((name, label))
        if name.isalpha() and name[:1].isupper():
            single[label].append(name)  # one word: gathered into one fast set-membership pattern
        else:
            pattern = _ruler_pattern(name, label)
            if pattern not in out:
                out.append(pattern)

    for row in load_regions():
        label = "GPE" if row["feature"] == "admin1" else "LOC"
        for name in [row["name"], *row["alternates"].split("|")]:
            if name:
                add(name, label)
    gaz = get_gazetteer()
    for e in gaz.entries():
        floor = RULER_ADMIN1.get(e.admin1, RULER_CITIES.get(e.country))
        if e.feature != "city" or floor is None or e.population < floor or _DISTRICT.search(e.name):
            continue
        add(e.name, "GPE")
        plain = normalise(e.name).title()
        if plain.isalpha() and plain.casefold() != e.name.casefold():
            add(plain, "GPE")  # "Wonsan" for "Wŏnsan"
    for row in load_city_aliases():
        add(row["alias"], "GPE")
    for name in load_ruler_names():
        add(name, "GPE")
    for label, names in single.items():
        if names:
            out.append({"label": label, "pattern": [{"TEXT": {"IN": sorted(names)}}], "id": "place:names"})
    return out
