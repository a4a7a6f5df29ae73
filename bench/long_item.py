"""Peak memory of `analyze` on one long item, against a short one, each in a fresh process.

    .venv/bin/python bench/long_item.py [--words 500 10000 50000]

Long bodies go to spaCy in chunks and in batches bounded by characters, so
peak memory should stay near that of a short item: prints peak RSS per size
and the ratio against the smallest (the baseline run here).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import _paragraph


def _child(words: int, folder: Path) -> None:
    from counterpoint.config import Settings
    from counterpoint.pipeline import analyze
    from counterpoint.store.sqlite import SQLiteStore

    rng = random.Random(3)
    paragraphs: list[str] = []
    count = 0
    while count < words:
        paragraphs.append(_paragraph(rng, 6))
        count += len(paragraphs[-1].split())
    doc = folder / f"long-{words}.txt"
    doc.write_text("A very long report\n\n" + "\n\n".join(paragraphs), encoding="utf-8")
    db = folder / f"long-{words}.db"
    store = SQLiteStore.open(db)
    start = time.perf_counter()
    summary = analyze([str(doc)], Settings(db=str(db), progress=False), store)
    store.close()
    print(json.dumps({"words": count, "seconds": time.perf_counter() - start,
                      "mentions": summary.stages["annotate"]["mentions"],
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, nargs="+", default=[500, 10_000, 50_000])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.folder)
        return
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for words in sorted(args.words):
            out = subprocess.run([sys.executable, __file__, "--child", str(words), "--folder", tmp],
                                 check=True, capture_output=True, text=True)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            results.append(r)
            print(f"{r['words']:>7} words: {r['seconds']:.1f} s, {r['mentions']} mentions,"
                  f" peak RSS {r['peak_mb']:.0f} MB")
    base = results[0]
    for r in results[1:]:
        print(f"ratio {r['words']}/{base['words']} words: peak memory x{r['peak_mb'] / base['peak_mb']:.2f}")


if __name__ == "__main__":
    main()
