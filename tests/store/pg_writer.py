"""A separate ingest process for the PostgreSQL concurrency tests (``python -m tests.store.pg_writer``).

Stores ``--locators`` locators x ``--versions`` texts each (every document with three items), in the
order a seed shuffles, through ``PostgresStore.add_document``; prints a line after each document.
"""

from __future__ import annotations

import argparse
import random
import sys
import time

from counterpoint.model import Document, Item
from tests.conftest import make_document, make_item


def corpus(locators: int, versions: int) -> list[tuple[Document, list[Item]]]:
    out = []
    for n in range(locators):
        for v in range(versions):
            text = f"Report {n}\nFirst paragraph {n}.{v}\nSecond paragraph, Київ {n}.{v}\nThird one {v}."
            doc = make_document(text, locator=f"feed/{n}.txt", source=f"s{n % 3}.example")
            cuts = [0, text.index("\nFirst"), text.index("\nSecond"), len(text)]
            items = [make_item(doc, cuts[k] + (1 if k else 0), cuts[k + 1], position=k + 1) for k in range(3)]
            out.append((doc, items))
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("dsn")
    parser.add_argument("--locators", type=int, default=30)
    parser.add_argument("--versions", type=int, default=2)
    parser.add_argument("--batch", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--pause", type=float, default=0.0, help="seconds to wait after each document")
    args = parser.parse_args()
    from counterpoint.store.postgres import PostgresStore

    docs = corpus(args.locators, args.versions)
    if args.seed:
        random.Random(args.seed).shuffle(docs)
    store = PostgresStore.open(args.dsn, batch_size=args.batch)
    run = store.begin_run("ingest", ["test"])
    for k, (doc, items) in enumerate(docs):
        store.add_document(doc, items, run)
        print(f"stored {k + 1}", flush=True)
        if args.pause:
            time.sleep(args.pause)
    store.finish_run(run, {"documents": len(docs)})
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
