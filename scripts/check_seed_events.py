#!/usr/bin/env python3
"""Check event extraction against events E1-E10 of the seed documents' EXPECTED.md.

Usage::

    python scripts/check_seed_events.py [--seeds DIR] [--keep DIR] [--verbose]

Runs ``counterpoint --db TMP analyze SEEDS``; when ``analyze`` does not extract
events yet, runs the extract stage on the store itself. Then exports every event
as a PLOVER record (and an ACLED row) and checks, per expected event, its type,
the countries of actor and recipient, the place, the date and who is speaking.
Prints ``ok``/``FAIL`` per event with what was found; exit status 1 when one fails.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from counterpoint.config import Settings
from counterpoint.extract.stage import MIN_CONFIDENCE, extract_pending
from counterpoint.report.events import ACLED_COLUMNS, acled_row, gazetteer_country_name, plover_record
from counterpoint.store.events import EventTables
from counterpoint.store.sqlite import SQLiteStore

DEFAULT_SEEDS = Path("/work/shared/corpus/seeds")
ROOT = Path(__file__).resolve().parent.parent
Record = dict[str, Any]


class _Store(SQLiteStore, EventTables):
    """The SQLite store with the event tables (until ``SQLiteStore`` mixes them in itself)."""


def _country(entity: Record | None) -> str | None:
    return entity.get("code") if entity else None


def _actor(entity: Record | None) -> str | None:
    return entity.get("identifier_id") if entity else None


def _doc(r: Record) -> str:
    locator = str(r["_meta"].get("locator") or "")
    return "000" if "000_" in locator else "003" if "003_" in locator else "?"


def _item(r: Record) -> int:
    return int(r["_meta"].get("position") or 0)


def _speaker(r: Record) -> str | None:
    att: Record = r["attribution"]
    return att.get("speaker_actor_id")


def _place(r: Record) -> str:
    loc = r.get("event_loc") or {}
    return str(loc.get("resolved_place") or "")


def _show(r: Record) -> str:
    att = r["attribution"]
    return (f"{r['event']}/{r['mode']} [{_doc(r)}#{_item(r)} {r['text_info']['field']}] '{r['text_info']['trigger']}' "
            f"{_country(r['actor'])}({_actor(r['actor'])}) -> {_country(r['recipient'])}({_actor(r['recipient'])}) "
            f"place={_place(r) or '-'} date={r['date']} aux={r['aux_mode']} speaker={att['speaker_actor_id']} "
            f"cue={att['cue']!r} quote={att['quote']} stance={att['stance']} conf={r['confidence']}")


def find(records: list[Record], **want: Callable[[Record], bool]) -> list[Record]:
    return [r for r in records if all(test(r) for test in want.values())]


def typ(*types: str) -> Callable[[Record], bool]:
    return lambda r: r["event"] in types


def actor_c(code: str) -> Callable[[Record], bool]:
    return lambda r: _country(r["actor"]) == code


def recip_c(*codes: str) -> Callable[[Record], bool]:
    return lambda r: _country(r["recipient"]) in codes


def where(doc: str, *items: int) -> Callable[[Record], bool]:
    return lambda r: _doc(r) == doc and (not items or _item(r) in items)


def done(r: Record) -> bool:
    """Not planned, hypothetical or denied."""
    return not {"future", "hypothetical", "negated"} & set(r["aux_mode"])


def speaker(*ids: str) -> Callable[[Record], bool]:
    return lambda r: _speaker(r) in ids


#: (event, [(what, filters)]): every part must find at least one record.
Check = tuple[str, str, list[tuple[str, dict[str, Callable[[Record], bool]]]]]
CHECKS: list[Check] = [
    ("E1", "North Korean units fought alongside Russia against Ukrainian forces (AID + ASSAULT)", [
        ("000#2 ASSAULT PRK->UKR said by Putin",
         {"t": typ("ASSAULT"), "a": actor_c("PRK"), "r": recip_c("UKR"), "w": where("000", 2),
          "s": speaker("vladimir-putin"), "x": done}),
        ("003 ASSAULT PRK->UKR in Kursk said by the WPK CMC",
         {"t": typ("ASSAULT"), "a": actor_c("PRK"), "r": recip_c("UKR"), "w": where("003"),
          "p": lambda r: "Kursk" in _place(r), "s": speaker("wpk", "wpk-cmc")}),
        ("AID PRK->RUS",
         {"t": typ("AID"), "a": actor_c("PRK"), "r": recip_c("RUS")}),
    ]),
    ("E2", "Ukrainian forces entered the Kursk region (ASSAULT UKR->RUS)", [
        ("000 ASSAULT UKR->RUS", {"t": typ("ASSAULT"), "a": actor_c("UKR"), "r": recip_c("RUS"),
                                  "w": where("000", 1, 2)}),
        ("... in Kursk", {"t": typ("ASSAULT"), "a": actor_c("UKR"), "r": recip_c("RUS"),
                          "p": lambda r: "Kursk" in _place(r)}),
    ]),
    ("E3", "Treaty on Comprehensive Strategic Partnership (AGREE PRK<->RUS)", [
        ("000#2 AGREE PRK<->RUS dated 2024-06-19",
         {"t": typ("AGREE"), "w": where("000", 2), "d": lambda r: r["date"] == "2024-06-19",
          "ar": lambda r: {_country(r["actor"]), _country(r["recipient"])} == {"PRK", "RUS"}}),
        ("003 AGREE PRK<->RUS dated 2024-06",
         {"t": typ("AGREE"), "w": where("003"), "d": lambda r: r["date"] == "2024-06",
          "ar": lambda r: {_country(r["actor"]), _country(r["recipient"])} == {"PRK", "RUS"}}),
    ]),
    ("E4", "Roads and railways to the ROK cut off from 9 October (COERCE/SANCTION restrict, KPA General Staff)", [
        ("000#3 COERCE|SANCTION PRK->KOR, future, said by the KPA General Staff",
         {"t": typ("COERCE", "SANCTION"), "a": actor_c("PRK"), "r": recip_c("KOR"), "w": where("000", 3),
          "f": lambda r: "future" in r["aux_mode"], "s": speaker("kpa-general-staff")}),
        ("... dated 2024-10-09", {"t": typ("COERCE", "SANCTION"), "w": where("000", 3),
                                  "d": lambda r: r["date"] == "2024-10-09"}),
        ("000#3 MOBILIZE by PRK (fortify)", {"t": typ("MOBILIZE"), "a": actor_c("PRK"), "w": where("000", 3)}),
    ]),
    ("E5", "Telephone message to the U.S. forces (CONSULT/phone, 'September 9' as written)", [
        ("000#3 CONSULT/phone PRK->USA 2024-09-09 said by the KPA General Staff",
         {"t": typ("CONSULT"), "m": lambda r: r["mode"] == "phone", "a": actor_c("PRK"), "r": recip_c("USA"),
          "d": lambda r: r["date"] == "2024-09-09", "s": speaker("kpa-general-staff"), "w": where("000", 3)}),
    ]),
    ("E6", "Paratrooper training guided by Kim Jong Un (MOBILIZE/troops, date unknown)", [
        ("000#4 MOBILIZE/troops by PRK, no event date, published 2024-03-17",
         {"t": typ("MOBILIZE"), "m": lambda r: r["mode"] == "troops", "a": actor_c("PRK"), "w": where("000", 4),
          "d": lambda r: r["date"] is None and r["published"] == "2024-03-17", "x": done}),
    ]),
    ("E7", "Tankmen's training match (MOBILIZE/troops, date unknown)", [
        ("000#5 MOBILIZE/troops by PRK, no date at all",
         {"t": typ("MOBILIZE"), "m": lambda r: r["mode"] == "troops", "a": actor_c("PRK"), "w": where("000", 5),
          "d": lambda r: r["date"] is None and r["published"] is None, "x": done}),
    ]),
    ("E8", "Padasuri-6 missile test (MOBILIZE/weapons)", [
        ("000#6 MOBILIZE/weapons by PRK, no event date",
         {"t": typ("MOBILIZE"), "m": lambda r: r["mode"] == "weapons", "a": actor_c("PRK"), "w": where("000", 6),
          "d": lambda r: r["date"] is None, "x": done}),
    ]),
    ("E9", "ROK accused of letting warships intrude (ACCUSE PRK->KOR)", [
        ("000#6 ACCUSE PRK->KOR", {"t": typ("ACCUSE"), "a": actor_c("PRK"), "r": recip_c("KOR"),
                                   "w": where("000", 6)}),
    ]),
    ("E10", "Monument to be built in Pyongyang (aux mode future)", [
        ("003 future event by PRK in Pyongyang",
         {"w": where("003"), "f": lambda r: "future" in r["aux_mode"], "a": actor_c("PRK"),
          "p": lambda r: _place(r) == "Pyongyang"}),
    ]),
]


def run(seeds: Path, work: Path, verbose: bool, min_confidence: float = MIN_CONFIDENCE) -> int:
    db = work / "seeds.db"
    exe = ROOT / ".venv" / "bin" / "counterpoint"
    started = time.perf_counter()
    proc = subprocess.run([str(exe), "--db", str(db), "--quiet", "analyze", str(seeds)], capture_output=True,
                          text=True, check=False)
    analyze_s = time.perf_counter() - started
    if proc.returncode not in (0, 1) or not db.is_file():
        print(proc.stdout, proc.stderr, sep="\n")
        print("FAIL: counterpoint analyze did not run")
        return 1
    store = _Store.open(db)
    summary: dict[str, int] | None = None
    extract_s = 0.0
    if not store.extraction_status():
        started = time.perf_counter()
        summary = extract_pending(store, Settings())
        extract_s = time.perf_counter() - started
    records: list[Record] = []
    acled: list[dict[str, Any]] = []
    for event, meta in store.iter_events(min_confidence=min_confidence):
        record = plover_record(event, meta)
        record["_meta"] = meta
        records.append(record)
        row = acled_row(event, meta, country_name=gazetteer_country_name)
        if row is not None:
            acled.append(row)
    store.close()
    with (work / "events.jsonl").open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps({k: v for k, v in r.items() if k != "_meta"}, ensure_ascii=False) + "\n")
    with (work / "events-acled.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(ACLED_COLUMNS))
        writer.writeheader()
        writer.writerows(acled)
    print(f"analyze: {analyze_s:.1f}s (exit {proc.returncode}); "
          + (f"extract run here: {extract_s:.1f}s {summary}" if summary is not None
             else "events extracted by analyze"))
    print(f"{len(records)} events (confidence >= {min_confidence}), {len(acled)} ACLED rows; "
          f"exports in {work}")
    if verbose:
        for r in records:
            print("  ", _show(r))
    failed = 0
    for name, title, parts in CHECKS:
        lines = []
        ok = True
        for what, filters in parts:
            hits = find(records, **filters)
            ok = ok and bool(hits)
            lines.append(f"    {'+' if hits else '-'} {what}: " + (_show(hits[0]) if hits else "not found"))
        failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {name} {title}")
        if not ok or verbose:
            print("\n".join(lines))
            if not ok:
                near = [r for r in records if any(k == "t" and f(r) for k, f in parts[0][1].items())]
                for r in near[:4]:
                    print("      near:", _show(r))
    print(f"{len(CHECKS) - failed}/{len(CHECKS)} expected events found")
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--keep", type=Path, help="write the store and exports here instead of a temporary folder")
    parser.add_argument("--verbose", "-v", action="store_true")
    parser.add_argument("--min-confidence", type=float, default=MIN_CONFIDENCE,
                        help=f"export events at or above this confidence (default {MIN_CONFIDENCE}, the store's floor)")
    args = parser.parse_args()
    if not args.seeds.is_dir():
        print(f"skip: no seed folder at {args.seeds}")
        return 0
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        return run(args.seeds, args.keep, args.verbose, args.min_confidence)
    with tempfile.TemporaryDirectory() as tmp:
        return run(args.seeds, Path(tmp), args.verbose, args.min_confidence)


if __name__ == "__main__":
    sys.exit(main())
