#!/usr/bin/env python3
"""Check the actor linker against the actor table of the seed documents' EXPECTED.md.

Usage::

    python scripts/check_seed_actors.py [--seeds DIR] [--verbose]

Segmenting is not this script's job: each seed file is split on blank lines, each
paragraph is one field, and an item of the blog roll (000) starts at the paragraph before
a headline ("DPRK: ..."), with the dates EXPECTED.md gives. One ``LinkContext`` per item.
For every (canonical actor, name) row of the table it prints whether the name was found
in the seeds and linked to the right actor. Exit status 1 when a row fails.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from counterpoint.annotate.actors import ActorRegistry, LinkContext, link_mentions
from counterpoint.annotate.actors.lexicon import LOCATIVE
from counterpoint.annotate.nlp import load_nlp
from counterpoint.model import Actor, Mention

DEFAULT_SEEDS = Path("/work/shared/corpus/seeds")
#: Publication dates of the items of 000, in order (EXPECTED.md); 003 has one item.
DATES_000 = ["2025-10-07", "2025-04-29", "2024-10-09", "2024-03-17", None, "2024-02-20"]
DATE_003 = "2025-04-28"


def country(code: str) -> Callable[[Actor], bool]:
    return lambda a: a.country == code


def ids(*wanted: str) -> Callable[[Actor], bool]:
    return lambda a: a.id in wanted or a.parent in wanted


#: (canonical actor, accepts, names used in the seeds) from EXPECTED.md's actor table.
TABLE: list[tuple[str, Callable[[Actor], bool], list[str]]] = [
    ("North Korea (PRK)", country("PRK"),
     ["DPRK", "North Korea", "North Korean", "Pyongyang", "our republic", "our armed forces"]),
    ("Korean People's Army (PRK, military)", ids("kpa"),
     ["KPA", "Korean People's Army", "Socialist Military", "our army", "North Korean army units", "airborne troops",
      "tankmen"]),
    ("Kim Jong Un (PRK, head of state)", ids("kim-jong-un"),
     ["Kim Jong Un", "Kim Jong-un", "Comrade Kim Jong Un", "Respected Comrade Kim Jong Un", "the head of the DPRK",
      "head of state"]),
    ("Workers' Party of Korea / its Central Military Commission", ids("wpk", "wpk-cmc"),
     ["WPK", "Central Military Commission of the Workers' Party of Korea", "the party's governing body"]),
    ("Russia (RUS)", country("RUS"), ["Russia", "Russian Federation", "Moscow", "our territory", "Russian Army"]),
    ("Vladimir Putin (RUS, head of state)", ids("vladimir-putin"), ["President Putin"]),
    ("Ukraine (UKR) and its forces", country("UKR"),
     ["Ukrainian Defense Forces", "Kyiv", "Kiev regime", "Maidan Neo-Nazis", "neo-Nazi formations of the Kiev regime",
      "Neo-Nazi troops"]),
    ("South Korea (KOR)", country("KOR"),
     ["ROK", "Republic of Korea", "ROK puppets", "the primary hostile state and invariable principal enemy"]),
    ("United States (USA, military)", country("USA"), ["U.S. forces side", "US"]),
    ("United Kingdom (GBR)", country("GBR"), ["UK"]),
]


@dataclass
class Field:
    item: str
    name: str
    text: str
    published: str | None


def fields_of(seeds: Path) -> list[list[Field]]:
    """Items (lists of fields) of the two seed files."""
    items: list[list[Field]] = []
    paras = [p.strip() for p in (seeds / "000_64baafa5db4a3a26.txt").read_text().split("\n\n") if p.strip()]
    heads = [i for i, p in enumerate(paras) if re.match(r"^(DPRK|Russia): ", p)]
    starts = [h - 1 for h in heads]
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(paras)
        item = f"000#{n + 1}"
        items.append([Field(item, "headline" if i in heads else "body", paras[i], DATES_000[n])
                      for i in range(start, end)])
    paras = [p.strip() for p in (seeds / "003_9c422c9df4965fec.txt").read_text().split("\n\n") if p.strip()]
    paras[0] = re.sub(r"^date \d{4}-\d{2}-\d{2}\s*", "", paras[0])
    items.append([Field("003#1", "body", p, DATE_003) for p in paras])
    return items


def occurrences(name: str, text: str) -> list[tuple[int, int]]:
    flat = text.replace("’", "'").replace("\u00a0", " ")
    flags = 0 if name.isupper() else re.IGNORECASE
    return [(m.start(), m.end()) for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", flat, flags)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    ap.add_argument("--verbose", action="store_true", help="print every mention")
    args = ap.parse_args(argv)
    registry = ActorRegistry.load()
    nlp = load_nlp(patterns=registry.patterns())
    linked: list[tuple[Field, list[Mention]]] = []
    for item in fields_of(args.seeds):
        ctx = LinkContext(registry=registry)
        for f in item:
            mentions = link_mentions(nlp(f.text), item_id=f.item, field="headline" if f.name == "headline" else "body",
                                     published=f.published, context=ctx)
            linked.append((f, mentions))
            if args.verbose:
                print(f"[{f.item} {f.name}] {f.text[:70]!r}")
                for m in mentions:
                    print(f"    {m.text!r:50} {m.method:12} {m.actor_id} {m.alias_kind} {m.confidence}")
    failed = 0
    total = 0
    for canonical, accepts, names in TABLE:
        print(f"\n{canonical}")
        for name in names:
            found = ok = 0
            wrong: list[str] = []
            for f, mentions in linked:
                for a, b in occurrences(name, f.text):
                    found += 1
                    over = [m for m in mentions if m.start < b and a < m.end]
                    good = [m for m in over if m.actor_id and (actor := registry.get(m.actor_id)) and accepts(actor)]
                    before = f.text[:a].split()[-1:] or [""]
                    if good:
                        ok += 1
                    elif not over and before[0].lower() in LOCATIVE:
                        wrong.append(f"{f.item}: after {before[0]!r}, a place (no actor, as intended)")
                    elif over and all(len(m.text) > b - a and m.actor_id for m in over):
                        wrong.append(f"{f.item}: inside " + ", ".join(f"{m.text!r}->{m.actor_id}" for m in over))
                    else:
                        wrong.append(f"{f.item}: " + (", ".join(f"{m.text!r}->{m.actor_id}({m.method})" for m in over)
                                                      or "no mention"))
            if found == 0:
                print(f"  --    {name!r}: not in the seeds")
                continue
            total += 1
            status = "OK  " if ok else "FAIL"
            failed += not ok
            detail = f"{ok}/{found} occurrences linked"
            if wrong:
                detail += "; not: " + "; ".join(wrong[:3])
            print(f"  {status}  {name!r}: {detail}")
    print(f"\n{total - failed}/{total} names found and linked to the right actor")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
