#!/usr/bin/env python3
"""Check stories, the comparison and copies against the seeds' EXPECTED.md and examples/README.md.

Usage::

    python scripts/check_seed_stories.py [--seeds DIR] [--examples DIR] [--keep DIR] [--verbose]

1. Runs ``counterpoint analyze`` on the seeds and checks that item 2 of 000 and the
   item of 003 are in one story, then that ``counterpoint compare --json`` of that story
   shows what EXPECTED.md lists: agreement on Article 4 of the treaty and on the North
   Korean part in the Kursk fighting; different names for Ukraine's forces (pejorative in
   000, neutral in 003); claims only 003 makes (the contingent's number/composition/losses
   not specified, the monument) and only 000 makes ("in full compliance with international
   law"); and a difference in who speaks for the events.
2. Runs ``counterpoint analyze`` on ``examples/`` and checks that the mirror copy and the
   rewrite of the wire report are found as copies of it, with the wire as earliest
   publisher, and that the look-alike pairs are in different stories.

Each check prints OK or FAIL; exit status 1 when any fails.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

DEFAULT_SEEDS = Path("/work/shared/corpus/seeds")
ROOT = Path(__file__).resolve().parent.parent
EXE = str(ROOT / ".venv" / "bin" / "counterpoint")


def cp(db: Path, *args: str) -> str:
    done = subprocess.run([EXE, "--db", str(db), "-q", *args], capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        sys.exit(f"counterpoint {' '.join(args)} failed ({done.returncode}): {done.stderr}")
    return done.stdout


def jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip().startswith("{")]


def claims_text(rows: list[dict[str, Any]], source_hint: str | None = None) -> list[str]:
    """Every value, about and evidence sentence of the rows (of the sources matching the hint)."""
    out = []
    for row in rows:
        for source, claims in row["claims"].items():
            if source_hint is not None and source_hint not in (source or ""):
                continue
            for c in claims:
                out.append(" ".join(str(x) for x in (row.get("about"), c.get("value"), c["evidence"].get("sentence"))))
    return out


def any_match(texts: list[str], pattern: str) -> bool:
    return any(re.search(pattern, t, re.IGNORECASE) for t in texts)


class Checks:
    def __init__(self, verbose: bool) -> None:
        self.failed = 0
        self.verbose = verbose

    def __call__(self, ok: bool, what: str, detail: str = "") -> bool:
        print(f"{'OK  ' if ok else 'FAIL'} {what}" + (f"  [{detail}]" if detail and (self.verbose or not ok) else ""))
        self.failed += not ok
        return ok


def seeds(check: Checks, seeds_dir: Path, db: Path) -> None:
    cp(db, "analyze", str(seeds_dir))
    items = jsonl(cp(db, "items", "--json"))
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for it in items:
        key = "000" if "000_" in it["locator"] else "003" if "003_" in it["locator"] else "?"
        by_doc.setdefault(key, []).append(it)
    item2 = next((i for i in by_doc.get("000", []) if i["position"] == 2), None)
    item003 = by_doc.get("003", [None])[0]
    if not check(item2 is not None and item003 is not None, "seed items found (000 item 2, 003 item 1)"):
        return
    assert item2 is not None and item003 is not None
    stories = jsonl(cp(db, "stories", "--json"))
    story = next((s for s in stories if item2["id"] in s["item_ids"]), None)
    shared = story is not None and item003["id"] in story["item_ids"]
    check(shared, "000 item 2 and 003 are in one story",
          json.dumps([(s["id"], len(s["item_ids"]), s["title"][:50]) for s in stories]))
    if not shared:
        return
    assert story is not None
    cmp = json.loads(cp(db, "compare", story["id"], "--json"))
    agree = claims_text(cmp["agree"])
    check(any_match(agree, r"article\s*4"), "agree: Article 4 of the treaty", "; ".join(a[:80] for a in agree))
    kursk = [r for r in cmp["agree"] if r["kind"] in ("event", "place")
             and any_match(claims_text([r]), r"kursk") and any_match(claims_text([r]), r"korea|kpa|pyongyang|dprk")]
    check(bool(kursk), "agree: North Korean part in the Kursk fighting")
    def label_of(item_id: str) -> str | None:
        """The name the comparison shows the item's source under (a document id when it has none)."""
        for kind in ("agree", "conflict", "only"):
            for row in cmp[kind]:
                for source, claims in row["claims"].items():
                    if any(c["item_id"] == item_id for c in claims):
                        return str(source)
        return None

    s000, s003 = label_of(item2["id"]), label_of(item003["id"])
    ukraine = [r for r in cmp["naming"] if re.search(r"ukr", r["actor_id"], re.IGNORECASE)]

    def tones(src: str | None) -> set[str]:
        return {n["tone"] for r in ukraine for n in r["names"].get(src or "", [])}

    names = {src: [n["name"] for r in ukraine for n in r["names"].get(src or "", [])] for src in (s000, s003)}
    check("pejorative" in tones(s000) and "neutral" in tones(s003) and set(names[s000]) != set(names[s003]),
          "naming: Ukraine's forces named differently (pejorative in 000, neutral in 003)", json.dumps(names))
    only003 = claims_text(cmp["only"], s003)
    only000 = claims_text(cmp["only"], s000)
    check(any_match(only003, r"not specified|composition|losses") and any_match(only003, r"monument"),
          "only 003: number/composition/losses not specified; the monument", "; ".join(t[:90] for t in only003))
    check(any_match(only000, r"international law"), "only 000: in full compliance with international law",
          "; ".join(t[:90] for t in only000))
    check(bool(cmp["attribution"]), "attribution: the sources let different voices speak for the events",
          json.dumps([(a["about"], a["kind"]) for a in cmp["attribution"]]))


def examples(check: Checks, examples_dir: Path, db: Path) -> None:
    cp(db, "analyze", str(examples_dir))
    items = {i["id"]: i for i in jsonl(cp(db, "items", "--json"))}
    groups = jsonl(cp(db, "export", "copies"))
    wire = next((g for g in groups if "wire-kursk-confirmation" in items[g["earliest_item_id"]]["locator"]), None)
    members = {items[i]["locator"].rsplit("/", 1)[-1] for i in wire["item_ids"]} if wire else set()
    check(wire is not None and {"mirror-copy-of-wire.txt", "rewrite-of-wire.txt"} <= members,
          "examples: mirror copy and rewrite are copies of the wire, the wire earliest",
          json.dumps([(g["kind"], [items[i]["locator"].rsplit("/", 1)[-1] for i in g["item_ids"]]) for g in groups]))
    stories = jsonl(cp(db, "stories", "--json"))

    def story_of(name: str) -> str | None:
        ids = [i for i, it in items.items() if it["locator"].endswith(name)]
        return next((s["id"] for s in stories if set(ids) & set(s["item_ids"])), None)

    for a, b in (("kim-praise-april.txt", "kim-praise-september.txt"),
                 ("border-roads-announcement.txt", "border-roads-demolition.html")):
        sa, sb = story_of(a), story_of(b)
        check(sa is not None and sb is not None and sa != sb, f"examples: look-alikes {a} / {b} in different stories")
    same = story_of("wire-kursk-confirmation.txt")
    check(same is not None and same == story_of("opposing-outlet-kursk.html"),
          "examples: the wire and the other side's report of the Kursk confirmation in one story")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--examples", type=Path, default=ROOT / "examples")
    parser.add_argument("--keep", type=Path, help="Keep the stores in this folder.")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    check = Checks(args.verbose)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for name in ("seeds.db", "examples.db"):
            (folder / name).unlink(missing_ok=True)
        if args.seeds.is_dir():
            seeds(check, args.seeds, folder / "seeds.db")
        else:
            print(f"skipped: no seeds at {args.seeds}")
        examples(check, args.examples, folder / "examples.db")
    sys.exit(1 if check.failed else 0)


if __name__ == "__main__":
    main()
