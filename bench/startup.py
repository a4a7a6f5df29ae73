"""Seconds a worker process takes to load its models, with and without the cached gazetteer.

    .venv/bin/python bench/startup.py [--repeat 3]

Every worker (and every in-process run) loads the spaCy pipeline, the actor registry, the
gazetteer and the technique model before its first document; on a small input that start is
most of the wait. This prints, in this process: the seconds to build the gazetteer from the
GeoNames data (the baseline) and to load it from its cache file, and their ratio; then, each
in a fresh Python process (as a worker starts), the seconds to load every model
(``counterpoint.engine.worker.models``) with an empty cache folder and with the cache made by
the first one, best of ``--repeat``.
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

CHILD = """
import json, time
started = time.perf_counter()
from counterpoint.config import Settings
from counterpoint.engine.worker import models
from counterpoint.annotate.places import get_gazetteer
models(Settings(progress=False)).framer.model.encoder
print(json.dumps({"seconds": time.perf_counter() - started, "cached": get_gazetteer().cached}))
"""


def child(cache_home: str) -> tuple[float, bool]:
    out = subprocess.run([sys.executable, "-c", CHILD], check=True, text=True, capture_output=True,
                         env={**os.environ, "XDG_CACHE_HOME": cache_home})
    data = json.loads(out.stdout.strip().splitlines()[-1])
    return float(data["seconds"]), bool(data["cached"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from counterpoint.annotate.places import gazetteer as module

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "gazetteer.json"
        builds, loads = [], []
        for _ in range(args.repeat):
            started = time.perf_counter()
            gaz = module._build()
            builds.append(time.perf_counter() - started)
            module.save_cached(gaz, path)
            del gaz
            started = time.perf_counter()
            loaded = module.load_cached(path)
            loads.append(time.perf_counter() - started)
            assert loaded is not None
            del loaded
        size = path.stat().st_size
        print(f"gazetteer, best of {args.repeat}: built {min(builds):.2f} s, loaded from its cache "
              f"({size / 2**20:.0f} MB) {min(loads):.2f} s: {min(builds) / min(loads):.1f}x faster")

        cold: list[float] = []
        warm: list[float] = []
        for n in range(args.repeat):
            home = Path(folder) / f"home{n}"
            seconds, cached = child(str(home))
            assert not cached
            cold.append(seconds)
            seconds, cached = child(str(home))
            assert cached
            warm.append(seconds)
        print(f"a worker's models, best of {args.repeat} fresh processes: empty cache {min(cold):.2f} s, "
              f"cached gazetteer {min(warm):.2f} s: {min(cold) / min(warm):.1f}x faster")


if __name__ == "__main__":
    main()
