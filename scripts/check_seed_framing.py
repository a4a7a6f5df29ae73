#!/usr/bin/env python3
"""Check framing against the framing table and the naming finding of the seeds' EXPECTED.md.

Usage::

    python scripts/check_seed_framing.py [--seeds DIR] [--keep DIR] [--verbose]

Runs ``counterpoint --db TMP analyze SEEDS`` and ``counterpoint export framing``, then
checks each of the nine rows of the framing table: a row is found when a span of that
document with one of the row's labels overlaps one of its phrases (shares two words in a
row, or one contains the other). Then checks that the names given to Ukraine's forces
differ between 000 and 003 (a pejorative naming in 000, a neutral one in 003 that 000
does not use). Exit status 1 when fewer than 7 rows are found or the names do not differ.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

DEFAULT_SEEDS = Path("/work/shared/corpus/seeds")
ROOT = Path(__file__).resolve().parent.parent
NEED = 7

ROWS: list[tuple[str, list[str], set[str]]] = [
    ("000", ["Maidan Neo-Nazis", "Neo-Nazi troops", "neo-Nazi formations of the Kiev regime"],
     {"Name_Calling,Labeling", "Bandwagon,Reductio_ad_hitlerum"}),
    ("000", ["illegal Maidan invasion", "obvious (and embarrassing) Kyiv defeat"], {"Loaded_Language"}),
    ("000", ["destroyed every Western-trained and NATO-armed formation"], {"Exaggeration,Minimisation"}),
    ("000", ["ROK puppets", "the primary hostile state and invariable principal enemy"], {"Name_Calling,Labeling"}),
    ("000", ["indomitable combat capability with loyalty and patriotism", "matchless courage and mettle"],
     {"Loaded_Language", "Flag-Waving"}),
    ("000", ["in full compliance with international law"], {"Appeal_to_Authority"}),
    ("000", ["northern limit line"], {"Scare_Quotes", "Loaded_Language"}),
    ("003", ["liberation", "combat exploits"], {"Scare_Quotes"}),
    ("003", ["Pyongyang claims"], {"Hedge"}),
]


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def overlaps(span: str, phrase: str) -> bool:
    a, b = " ".join(_words(span)), " ".join(_words(phrase))
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    wa, wb = _words(span), _words(phrase)
    pairs = {tuple(wa[i:i + 2]) for i in range(len(wa) - 1)}
    return any(tuple(wb[i:i + 2]) in pairs for i in range(len(wb) - 1))


def _doc(locator: str) -> str:
    return "000" if "000_" in locator else "003" if "003_" in locator else "?"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--keep", type=Path, help="keep the store in this folder")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    if not args.seeds.is_dir():
        print(f"skipped: no seed folder at {args.seeds}")
        return 0
    tmp = tempfile.TemporaryDirectory()
    folder = args.keep or Path(tmp.name)
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "seeds.db"
    db.unlink(missing_ok=True)
    exe = [sys.executable, "-m", "counterpoint", "--db", str(db)]
    subprocess.run([*exe, "analyze", str(args.seeds)], check=True, capture_output=not args.verbose)
    out = subprocess.run([*exe, "export", "framing", "--format", "jsonl"], check=True, capture_output=True,
                         text=True).stdout
    spans: list[dict[str, Any]] = [json.loads(line) for line in out.splitlines() if line.strip()]
    locators = {r[0]: r[1] for r in sqlite3.connect(db).execute("SELECT id, locator FROM documents")}
    found = 0
    for doc, phrases, labels in ROWS:
        hits = [s for s in spans if _doc(locators.get(s.get("document_id", ""), "")) == doc
                and s["label"] in labels and any(overlaps(s["text"], p) for p in phrases)]
        ok = bool(hits)
        found += ok
        shown = "; ".join(f"{h['text']!r} {h['label']} {h['confidence']:.2f} ({h['method']})" for h in hits[:3])
        print(f"{'ok  ' if ok else 'FAIL'} {doc} {' / '.join(phrases)[:70]:<70} -> {shown or 'nothing'}")
    conn = sqlite3.connect(db)
    names: dict[str, dict[str, str]] = {"000": {}, "003": {}}
    for text, tone, locator in conn.execute(
            """SELECT n.text, n.tone, d.locator FROM namings n JOIN items i ON i.id = n.item_id
               JOIN documents d ON d.id = i.document_id
               JOIN mentions m ON m.item_id = n.item_id AND m.field = n.field
                    AND m.start >= n.start AND m."end" <= n."end"
               WHERE m.country = 'UKR' AND m.kind = 'actor'"""):
        names.setdefault(_doc(locator), {})[text] = tone
    print(f"names of Ukraine and its forces in 000: {sorted(names['000'].items())}")
    print(f"names of Ukraine and its forces in 003: {sorted(names['003'].items())}")
    pejorative_000 = any(t == "pejorative" for t in names["000"].values())
    own_003 = {n for n, t in names["003"].items() if t != "pejorative"} - set(names["000"])
    differ = pejorative_000 and bool(own_003)
    print(f"{'ok  ' if differ else 'FAIL'} names differ: 000 uses a pejorative name ({pejorative_000}), "
          f"003 uses names 000 does not ({sorted(own_003)})")
    print(f"{found}/{len(ROWS)} framing rows found (need {NEED})")
    return 0 if found >= NEED and differ else 1


if __name__ == "__main__":
    sys.exit(main())
