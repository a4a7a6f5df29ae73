"""Seconds of a whole ``analyze`` run, the link stage included, on 1 and on N local processes.

    .venv/bin/python bench/end_to_end.py [--docs 300] [--workers 2]

``bench/scale.py`` times the per-document stages alone; this times what a user waits for:
every stage, copies and stories included, into a fresh SQLite store each time, on the same
generated documents (bench/generate.py). Prints each run's seconds, the link stage's
seconds, and the speed-up of N processes over 1.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import write_corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    from counterpoint.config import Settings
    from counterpoint.engine import LocalEngine
    from counterpoint.pipeline import analyze
    from counterpoint.store.sqlite import SQLiteStore

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        corpus = write_corpus(tmp / "corpus", args.docs, seed=41)
        seconds: dict[int, float] = {}
        for workers in (1, args.workers):
            db = tmp / f"run-{workers}.db"
            store = SQLiteStore.open(db)
            started = time.perf_counter()
            try:
                summary = analyze([str(corpus)], Settings(db=str(db), progress=False), store,
                                  engine=LocalEngine(workers=workers))
            finally:
                store.close()
            seconds[workers] = time.perf_counter() - started
            link = summary.stages["link"]
            print(f"{workers} process(es): {seconds[workers]:.1f} s, of which link {link['seconds']} s "
                  f"({summary.documents} documents, {link['items']} items linked)", flush=True)
        print(f"{args.workers} processes against 1: {seconds[1] / seconds[args.workers]:.2f}x")


if __name__ == "__main__":
    main()
