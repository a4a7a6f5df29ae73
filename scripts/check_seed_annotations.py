"""Acceptance check of the annotate stage on the seeds, through the real pipeline.

    .venv/bin/python scripts/check_seed_annotations.py [--seeds ../shared/corpus/seeds]

Runs `counterpoint analyze SEEDS` into a fresh store, then checks, from the
stored mentions and time expressions: every (canonical actor, name) row of the
actor table of EXPECTED.md (each name found and linked to its actor), and the
date targets of the annotate issue. Exits 1 when a check fails, 0 with
"skipped" when the seeds are absent.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_seed_actors import TABLE

from counterpoint.annotate.actors import ActorRegistry
from counterpoint.store.sqlite import SQLiteStore

ROOT = Path(__file__).resolve().parent.parent
#: (text as written, item published date, expected value, granularity)
DATES = [
    ("October 9", "2024-10-09", "2024-10-09", "day"),
    ("June 19, 2024", "2025-04-29", "2024-06-19", "day"),
    ("June last year", "2025-04-28", "2024-06", "month"),
    ("September 9", "2024-10-09", "2024-09-09", "day"),
    ("July 1943", "2025-10-07", "1943-07", "month"),
]


def _norm(text: str) -> str:
    """Case, apostrophe, space and leading-article blind form of a name."""
    out = " ".join(text.replace("’", "'").replace("\u00a0", " ").casefold().split())
    return out[4:] if out.startswith("the ") else out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "corpus" / "seeds")
    args = parser.parse_args()
    if not args.seeds.is_dir():
        print(f"skipped: no seed documents at {args.seeds}")
        return 0
    registry = ActorRegistry.load()
    problems = 0
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "seeds.db"
        exe = Path(sys.executable).parent / "counterpoint"
        subprocess.run([str(exe), "--db", str(db), "-q", "analyze", str(args.seeds)], check=True,
                       capture_output=True)
        store = SQLiteStore.open_read_only(db)
        published = {r.item.id: r.item.published.iso() for r in store.iter_items()}
        linked: dict[str, list[str | None]] = defaultdict(list)
        for m in store.iter_mentions(kind="actor"):
            linked[_norm(m.text)].append(m.actor_id)
        seed_text = _norm(" ".join(p.read_text("utf-8") for p in sorted(args.seeds.glob("*.txt"))))
        print("== actors (EXPECTED.md actor table)")
        for label, accepts, names in TABLE:
            for name in names:
                key = _norm(name)
                if key not in seed_text:
                    print(f"n/a  {label}: {name!r} does not occur in the seed texts")
                    continue
                ids = linked.get(key, [])
                if not ids:
                    # a name can hold a shorter mention or sit inside a longer one
                    ids = [a for text, found in linked.items() if key in text or (text in key and len(text) > 3)
                           for a in found]
                good = [a for a in ids if a and (actor := registry.get(a)) is not None and accepts(actor)]
                ok = bool(good)
                problems += not ok
                shown = sorted({str(a) for a in ids}) or ["not found"]
                print(f"{'ok  ' if ok else 'FAIL'} {label}: {name!r} -> {', '.join(shown)}")
        print("== dates")
        times = [(t.text, published.get(t.item_id), t.value.iso(), t.value.granularity)
                 for t in store.iter_time_exprs()]
        for text, pub, value, gran in DATES:
            hits = [t for t in times if text in t[0] and t[1] == pub]
            ok = any(t[2] == value and t[3] == gran for t in hits)
            problems += not ok
            print(f"{'ok  ' if ok else 'FAIL'} {text!r} in item of {pub} -> {value} ({gran}); got {hits}")
        store.close()
    print(f"{problems} problems" if problems else "all annotate expectations hold")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
