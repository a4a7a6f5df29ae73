"""Acceptance check on the seed documents (not part of the test suite).

    .venv/bin/python scripts/check_seeds.py [--seeds ../shared/corpus/seeds]

Runs `counterpoint analyze SEEDS` into a fresh store, exports the items and
checks them against what ../shared/corpus/seeds/EXPECTED.md says: 7 items,
their captions, headline dates, the photo caption attached to the paratrooper
item, and the dropped `1 2` and `Share`. Exits 0 when all hold, 1 otherwise,
or 0 with "skipped" when the seeds are absent.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

EXPECTED_000 = [
    ("DPRK Art Exhibition - Moscow - 2025", "2025-10-07"),
    ("Mutual Assistance Treaty - DPRK & Russia!", "2025-04-29"),
    ("DPRK to Close Roads!", "2024-10-09"),
    (None, "2024-03-17"),
    ("Guard Tank Units Prevail!", None),
    ("Kim Jong Un Chillin With His Homies!", "2024-02-20"),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "corpus" / "seeds")
    args = parser.parse_args()
    if not args.seeds.is_dir():
        print(f"skipped: no seed documents at {args.seeds}")
        return 0
    exe = Path(sys.executable).parent / "counterpoint"
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "seeds.db")
        run = subprocess.run([str(exe), "--db", db, "-q", "analyze", str(args.seeds)], capture_output=True,
                             text=True)
        print(run.stdout.strip())
        exported = subprocess.run([str(exe), "--db", db, "export", "items", "--format", "jsonl"],
                                  capture_output=True, text=True, check=True).stdout
    items = [json.loads(line) for line in exported.splitlines() if line.strip()]
    problems: list[str] = []

    def check(ok: bool, what: str) -> None:
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            problems.append(what)

    check(run.returncode == 0, f"analyze exits 0 (got {run.returncode}: {run.stderr.strip()[:200]})")
    check(len(items) == 7, f"7 items stored (got {len(items)})")
    blog = sorted((i for i in items if "000_" in i["locator"]), key=lambda i: i["position"])
    report = [i for i in items if "003_" in i["locator"]]
    check(len(blog) == 6, f"6 items in 000 (got {len(blog)})")
    for item, (caption, date) in zip(blog, EXPECTED_000, strict=False):
        n = item["position"]
        check(item["caption"] == caption, f"000 item {n} caption {caption!r} (got {item['caption']!r})")
        check(item["published"] == date, f"000 item {n} published {date} (got {item['published']})")
        gran = "day" if date else "unknown"
        check(item["published_granularity"] == gran, f"000 item {n} granularity {gran}")
    if len(blog) >= 4:
        photo = blog[3]["photo_captions"]
        check(len(photo) == 1 and photo[0].startswith("Accompanied by Pak Jong Chon"),
              "photo caption attached to the paratrooper item (000 item 4)")
        check(all("Accompanied by" not in i["body"] for i in blog), "photo caption in no body")
    check(_dropped(blog, "1 2", "pagination"), "000: `1 2` dropped as pagination")
    check(len(report) == 1, f"1 item in 003 (got {len(report)})")
    if report:
        r = report[0]
        check(r["published"] == "2025-04-28", f"003 published 2025-04-28 (got {r['published']})")
        check(_dropped(report, "Share", "share-button"), "003: `Share` dropped as share-button")
        check("about this. Share" not in r["body"] and "informed the Russian side about this." in r["body"],
              "003: the paragraph ends at `about this.`")
        check(not r["body"].lstrip().startswith("date"), "003: crawler header not in the body")
    print(f"{len(problems)} problems" if problems else "all seed expectations hold")
    return 1 if problems else 0


def _dropped(items: list[dict[str, Any]], text: str, reason: str) -> bool:
    return any(d["text"].strip() == text and d["reason"] == reason for i in items for d in i["dropped"])


if __name__ == "__main__":
    sys.exit(main())
