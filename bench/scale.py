"""Documents per second of the per-document stages on each engine, in one process.

    .venv/bin/python bench/scale.py [--docs 2000] [--workers 2] [--skip-dask]

Generates ``--docs`` documents (bench/generate.py), then analyses the same folder into a
fresh SQLite store with: the local engine in this process (1 process, the baseline), the
local engine with ``--workers`` processes, and a Dask ``LocalCluster`` of ``--workers``
workers on loopback. Timed: read, segment, annotate, extract, framing, the item vectors and the
writes into the store, model loading in each worker included (as in a real run); the
corpus-wide copies and stories are left out (they run where the store is, whatever the engine). Prints documents
per second, the speed-up over the baseline (target: 2 local processes at least 1.6x), and
the peak resident memory of each worker process. Also checks the stores hold the same
records.

``--one-thread`` adds a row for 1 process whose models use one thread (``COUNTERPOINT_THREADS=1``
and one BLAS thread, run in a child process): the plain 1-process row lets the sentence encoder
use every core, so on a small machine it is already partly parallel; this row shows what
processes alone add, and gives the ceiling of the speed-up on this machine: N processes on C
cores cannot take less than the single-threaded time over min(N, C), so against the plain
1-process row they reach at most min(N, C) x (1 process) / (1 process, 1 thread).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import write_corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--one-thread", action="store_true",
                        help="also time 1 process with one model thread (in a child process)")
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)  # the child's: an existing corpus
    args = parser.parse_args()

    from counterpoint.config import Settings
    from counterpoint.engine import Engine, LocalEngine
    from counterpoint.engine.cluster import DaskEngine
    from counterpoint.pipeline import RunSummary, analyze
    from counterpoint.store.sqlite import SQLiteStore

    def run(name: str, engine: Engine, tmp: Path, corpus: Path) -> tuple[float, RunSummary, str]:
        db = tmp / f"{name}.db"
        store = SQLiteStore.open(db)
        start = time.perf_counter()
        try:
            summary = analyze([str(corpus)], Settings(db=str(db), progress=False), store, engine=engine, link=False)
        finally:
            store.close()
            engine.close()
        return time.perf_counter() - start, summary, str(db)

    if args.corpus:  # the child of --one-thread: time the in-process engine, print the seconds
        from counterpoint.engine.worker import limit_threads

        limit_threads(1)  # the encoder (COUNTERPOINT_THREADS, already set) and BLAS
        with tempfile.TemporaryDirectory() as folder:
            seconds, summary, _ = run("child", LocalEngine(workers=1), Path(folder), args.corpus)
        print(json.dumps({"seconds": seconds, "documents": summary.documents, "workers": summary.workers}))
        return

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        corpus = write_corpus(tmp / "corpus", args.docs, seed=41)
        rows: list[tuple[str, float, RunSummary, str]] = []
        if args.one_thread:
            child = subprocess.run([sys.executable, __file__, "--corpus", str(corpus)], check=True, text=True,
                                   capture_output=True, env={**os.environ, "COUNTERPOINT_THREADS": "1"})
            data = json.loads(child.stdout.strip().splitlines()[-1])
            one = RunSummary(run_id="child", documents=data["documents"], workers=data["workers"])
            print(f"  local, 1 process, 1 model thread: {data['seconds']:.1f} s", file=sys.stderr, flush=True)
        plans: list[tuple[str, object]] = [("local, 1 process", lambda: LocalEngine(workers=1)),
                                           (f"local, {args.workers} processes", lambda: LocalEngine(args.workers))]
        if not args.skip_dask:
            plans.append((f"dask, {args.workers} workers", lambda: DaskEngine(workers=args.workers)))
        for n, (label, make) in enumerate(plans):
            assert callable(make)
            seconds, summary, db = run(f"run{n}", make(), tmp, corpus)
            rows.append((label, seconds, summary, db))
            print(f"  {label}: {seconds:.1f} s", file=sys.stderr, flush=True)

        if args.one_thread:
            rows.append(("1 process, 1 thread", data["seconds"], one, ""))
        base = rows[0][1]
        print(f"{args.docs} generated documents ({rows[0][2].items} items), per-document stages + store writes:")
        print(f"{'engine':<22} {'seconds':>8} {'docs/s':>8} {'speed-up':>9}  peak MB per worker")
        for label, seconds, summary, _ in rows:
            peaks = ", ".join(f"{rss / 2**20:.0f}" for rss in sorted(summary.workers.values()))
            print(f"{label:<22} {seconds:8.1f} {summary.documents / seconds:8.2f} {base / seconds:8.2f}x  {peaks}")
        ratio = base / rows[1][1]
        print(f"{rows[1][0]} against 1 process: {ratio:.2f}x (target >= 1.6): {'ok' if ratio >= 1.6 else 'MISSED'}")
        if args.one_thread:
            from counterpoint.engine.local import cores

            print(f"{rows[1][0]} against 1 process with 1 model thread: {data['seconds'] / rows[1][1]:.2f}x")
            usable = min(args.workers, cores())
            ceiling = usable * base / data["seconds"]
            print(f"ceiling of {rows[1][0]} against 1 process on {cores()} cores: {usable} x {base:.1f} s / "
                  f"{data['seconds']:.1f} s = {ceiling:.2f}x (reached: {ratio / ceiling:.0%} of it)")
        counts = [(s.new_documents, s.items, s.stages["extract"]["events"], s.stages["framing"]["spans"])
                  for _, _, s, db in rows if db]
        print("same documents, items, events and spans in every store:", "yes" if len(set(counts)) == 1 else counts)


if __name__ == "__main__":
    main()
