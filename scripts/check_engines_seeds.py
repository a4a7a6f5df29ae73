#!/usr/bin/env python3
"""Check that the seeds analysed on a Dask cluster into PostgreSQL give the same exports as the default run.

Usage::

    python scripts/check_engines_seeds.py --pg postgresql://USER:PASSWORD@HOST:PORT/DB [--seeds DIR]
        [--scheduler tcp://HOST:8786] [--workers 2] [--keep DIR]

1. ``counterpoint analyze SEEDS`` with the defaults: the local engine, a SQLite file.
2. ``counterpoint analyze SEEDS --engine dask --db postgresql://...``: a Dask cluster (the
   one at ``--scheduler``, else a ``LocalCluster`` of ``--workers`` workers on loopback)
   into a fresh database the script creates on the server ``--pg`` names (and drops after,
   unless ``--keep``); the role needs the CREATEDB right.
3. ``counterpoint export all`` of both stores (items, mentions, dates, events as PLOVER
   JSONL and ACLED CSV, framing, stories, copies) and a record-by-record comparison; only
   ``first_seen`` (when each run stored a document) is left out.

Prints OK or FAIL per export file; exit status 1 when any differs.
"""

from __future__ import annotations

import argparse
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
EXE = str(ROOT / ".venv" / "bin" / "counterpoint")
DEFAULT_SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"


def cp(db: str, *args: str) -> None:
    done = subprocess.run([EXE, "--db", db, "-q", *args], capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):  # 1: some input failed, which both runs must record alike
        sys.exit(f"counterpoint {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-2000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg", required=True, help="a PostgreSQL server where the script may create a database")
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--scheduler", help="a running Dask scheduler (default: a LocalCluster on loopback)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="keep the stores and exports in this folder")
    args = parser.parse_args()
    if not args.seeds.is_dir():
        sys.exit(f"no seeds at {args.seeds}: give --seeds DIR")

    import psycopg
    from psycopg import sql

    sys.path.insert(0, str(ROOT / "src"))
    from counterpoint.report.same import export_differences
    from counterpoint.store.postgres import redact

    name = "counterpoint_check_" + secrets.token_hex(4)
    if not args.pg.startswith(("postgresql://", "postgres://")):
        sys.exit("--pg must be a postgresql:// address")
    with psycopg.connect(args.pg, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    pg_url = urlunsplit(urlsplit(args.pg)._replace(path="/" + name))
    print(f"database: {redact(pg_url)}")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            work = args.keep or Path(tmp)
            work.mkdir(parents=True, exist_ok=True)
            sqlite = str(work / "default.db")
            cp(sqlite, "analyze", str(args.seeds))
            engine = ["--engine", "dask"] + (["--scheduler", args.scheduler] if args.scheduler
                                             else ["--workers", str(args.workers)])
            cp(pg_url, "analyze", str(args.seeds), *engine)
            cp(sqlite, "export", "all", "--to", str(work / "default"))
            cp(pg_url, "export", "all", "--to", str(work / "dask-postgresql"))
            differences = export_differences(work / "default", work / "dask-postgresql")
            files = sorted(p.name for p in (work / "default").iterdir())
            failed = False
            for f in files:
                lines = (work / "default" / f).read_text("utf-8").count("\n")
                bad = [d for d in differences if d.startswith(f)]
                print(f"{'FAIL' if bad else 'OK  '} {f}: {lines} records" + "".join("\n     " + d for d in bad))
                failed |= bool(bad)
            failed |= any(not any(d.startswith(f) for f in files) for d in differences)
    finally:
        if not args.keep:
            with psycopg.connect(args.pg, autocommit=True) as admin:
                admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    print("FAIL: the exports differ" if failed else "OK: the Dask + PostgreSQL run gives the same exports as the "
          "default run")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
