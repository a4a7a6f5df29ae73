"""Ingest throughput and memory: read + segment + store over generated documents.

    .venv/bin/python bench/ingest.py [--sizes 1000 10000] [--workdir DIR]

Each size runs in a fresh child process (so peak memory is its own) over a
fresh SQLite file. Prints documents per second and peak RSS per size, and the
ratios against the smallest size, the baseline run here: memory flat in the
number of documents means a peak-RSS ratio near 1.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import write_corpus


def _child(corpus: Path, db: Path) -> None:
    from counterpoint.config import Settings
    from counterpoint.pipeline import ingest
    from counterpoint.store.sqlite import SQLiteStore

    settings = Settings(db=str(db), progress=False)
    store = SQLiteStore.open(db, batch_size=settings.batch_size)
    start = time.perf_counter()
    summary = ingest([str(corpus)], settings, store)
    store.close()
    elapsed = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"documents": summary.documents, "items": summary.items, "errors": summary.errors,
                      "seconds": elapsed, "peak_mb": peak_kb / 1024}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--child", nargs=2, metavar=("CORPUS", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(Path(args.child[0]), Path(args.child[1]))
        return
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="cp-bench-"))
    print(f"cores: {os.cpu_count()}, python {sys.version.split()[0]}, workdir {workdir}")
    results = []
    for size in sorted(args.sizes):
        corpus = write_corpus(workdir / f"corpus-{size}", size)
        words = sum(len(p.read_text().split()) for p in sorted(corpus.iterdir())[:50]) / 50
        db = workdir / f"bench-{size}.db"
        db.unlink(missing_ok=True)
        out = subprocess.run([sys.executable, __file__, "--child", str(corpus), str(db)],
                             check=True, capture_output=True, text=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        r["size"], r["words"] = size, words
        r["docs_per_s"] = r["documents"] / r["seconds"]
        results.append(r)
        print(f"{size:>7} docs (~{words:.0f} words): {r['seconds']:.1f} s, {r['docs_per_s']:.0f} docs/s,"
              f" {r['items']} items, {r['errors']} errors, peak RSS {r['peak_mb']:.0f} MB")
    base = results[0]
    for r in results[1:]:
        print(f"ratio {r['size']}/{base['size']} docs: throughput x{r['docs_per_s'] / base['docs_per_s']:.2f},"
              f" peak memory x{r['peak_mb'] / base['peak_mb']:.2f}")


if __name__ == "__main__":
    main()
