"""Latency of the web UI's story page, search and timeline over a store of generated items.

    .venv/bin/python bench/web.py [--items 100000] [--requests 200] [--seed 7] [--rebuild] [--db PATH]

Builds (once; cached under ~/.cache/counterpoint/) a store of ``--items`` generated items with the
store's own APIs: documents and items (``add_document``), sentences, actor and place mentions and dates
(``save_annotations``), one typed event each (``save_events``), two or three framing spans and a naming
phrase each (``save_framing``), and the stories and exact-copy groups of the generator (``save_links``,
one row per generated story; the link stage itself is timed by ``bench/link.py``). Items come from
``bench/link.py``'s ``Generator``: stories of 1-12 items from 400 sources, Zipf actors and words.

Then times requests in process (Starlette's test client over the ASGI app, so no network and no
server in between): ``--requests`` story pages (random stories of two items or more), searches (one or
two words of the generated vocabulary, common to rare, some with a source filter) and timeline pages
(no filter, later pages, an event type, a source, an actor, a month), after a few warm-up requests.
Prints p50 and p95 (and max) in milliseconds per kind.

Target (issue 7): p95 under 150 ms each at 100,000 items.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from counterpoint.config import cache_dir
from counterpoint.link.bundle import ItemBundle
from counterpoint.link.stories import story_id_for
from counterpoint.model import TECHNIQUES, Document, FramingSpan, Naming
from counterpoint.store.link import CopyGroupRow, StoryRow
from counterpoint.store.sqlite import SQLiteStore
from link import Generator

CACHE = cache_dir()
BUILD_VERSION = 1


def _document(bundle: ItemBundle) -> Document:
    item = bundle.item
    text = f"{bundle.headline}\n\n{bundle.body}"
    return Document(
        id=item.document_id, locator=f"bench/{item.id}.txt", kind="text", text=text, source=bundle.source,
        source_origin="flag", url=f"https://{bundle.source}/{item.id}", title=bundle.headline, author=None,
        published=item.published, language="en", language_score=1.0, analysed=True, encoding="utf-8",
        raw_sha256=hashlib.sha256(text.encode()).hexdigest(), raw_size=len(text),
    )


def _framing(bundle: ItemBundle, rng: random.Random) -> tuple[list[FramingSpan], list[Naming]]:
    body = bundle.body
    spans: list[FramingSpan] = []
    for _ in range(rng.randint(2, 3)):
        if len(body) < 40:
            break
        start = rng.randrange(0, len(body) - 30)
        start = body.rfind(" ", 0, start) + 1
        end = body.find(" ", start + rng.randint(8, 40))
        end = len(body) if end < 0 else end
        label = rng.choice(TECHNIQUES)
        spans.append(FramingSpan(bundle.id, "body", start, end, body[start:end], label, "technique",
                                 round(rng.uniform(0.4, 0.95), 3), "model", 0))
    namings = []
    for m in bundle.mentions[:1]:
        if m.actor_id:
            words = bundle.headline.split()[:3]
            namings.append(Naming(bundle.id, "headline", 0, len(" ".join(words)), " ".join(words), m.actor_id,
                                  rng.choice(("neutral", "pejorative", "honorific")), ()))
    return spans, namings


def _links(bundles: Sequence[ItemBundle]) -> tuple[list[StoryRow], list[tuple[str, str, float | None]],
                                                    list[CopyGroupRow]]:
    """One story per generated story; exact copies of a story's first item as a copy group."""
    by_story: dict[str, list[ItemBundle]] = defaultdict(list)
    for b in bundles:
        by_story[b.id[:10]].append(b)  # i_<story>
    stories, assignments, groups = [], [], []
    for members in by_story.values():
        members.sort(key=lambda b: (b.item.published.iso() is None, b.item.published.iso() or "", b.first_seen))
        first = members[0]
        sid = story_id_for(first.id)
        event = first.events[0]
        day = event.date.iso()
        published = [b.item.published.iso() for b in members if b.item.published.iso()]
        record = {"id": sid, "item_ids": [b.id for b in members],
                  "sources": sorted({b.source for b in members if b.source}),
                  "first_reported": min(published) if published else None, "first_seen": first.first_seen,
                  "first_item_id": first.id, "title": first.headline, "event_types": [event.event_type],
                  "actors": sorted({p.actor_id for p in (event.actor, event.recipient) if p and p.actor_id}),
                  "start": day, "end": day}
        stories.append(StoryRow(sid, first.headline, record["first_reported"], first.id, day, day, len(members),
                                len(record["sources"]), record))
        assignments += [(b.id, sid, None if b is first else 0.8) for b in members]
        copies = [b for b in members[1:] if b.text == first.text]
        if copies:
            ids = (first.id, *(b.id for b in copies))
            gid = "c_" + hashlib.sha256("|".join(sorted(ids)).encode()).hexdigest()[:16]
            groups.append(CopyGroupRow(gid, "exact", first.id, ids, {
                "item_ids": list(ids), "pairs": [{"a": first.id, "b": c.id, "kind": "exact", "jaccard": 1.0,
                                                  "cosine": None} for c in copies]}))
    return stories, assignments, groups


def build(path: Path, n: int, seed: int) -> None:
    """Write the generated store to ``path`` (through a temporary file, so a killed build leaves nothing)."""
    tmp = path.with_suffix(".building")
    for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    started = time.perf_counter()
    print(f"generating {n:,} items ...", flush=True)
    bundles = Generator(seed).items(n)
    print(f"  {time.perf_counter() - started:.0f} s; writing the store ...", flush=True)
    store = SQLiteStore.open(tmp, batch_size=2000)
    store.conn.execute("PRAGMA synchronous=OFF")
    run = store.begin_run("bench-web", [str(n)])
    rng = random.Random(seed)
    for k, b in enumerate(bundles):
        store.add_document(_document(b), [b.item], run)
        store.save_annotations(b.id, status="done", annotator="bench", sentences=b.sentences, mentions=b.mentions,
                               times=b.times)
        store.save_events(b.id, b.events, status="done", extractor="bench")
        spans, namings = _framing(b, rng)
        store.save_framing(b.id, spans, namings, status="done", framer="bench", words=len(b.text.split()))
        if (k + 1) % 20_000 == 0:
            print(f"  {k + 1:,} items, {time.perf_counter() - started:.0f} s", flush=True)
    store.commit()
    stories, assignments, groups = _links(bundles)
    store.save_links(linker="bench", done=[(b.id, None) for b in bundles], assignments=assignments,
                     stories=stories, groups=groups)
    store.finish_run(run, {"items": n})
    store.conn.execute("ANALYZE")
    store.close()
    tmp.replace(path)
    print(f"  built {path} ({path.stat().st_size / 1e6:.0f} MB, {len(stories):,} stories, {len(groups):,} copy "
          f"groups) in {time.perf_counter() - started:.0f} s", flush=True)


def _percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def measure(get: Callable[[str], int], paths: Sequence[str]) -> list[float]:
    times = []
    for path in paths:
        started = time.perf_counter()
        status = get(path)
        times.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rebuild", action="store_true", help="Build the store again even when cached.")
    parser.add_argument("--db", type=Path, help="Time this store (built by this script) instead of the cached one.")
    args = parser.parse_args()
    if args.db is not None:
        db = args.db
        print(f"store: {db}")
    else:
        CACHE.mkdir(parents=True, exist_ok=True)
        db = CACHE / f"bench-web-{args.items}-{args.seed}-v{BUILD_VERSION}.db"
        if args.rebuild or not db.exists():
            build(db, args.items, args.seed)
        else:
            print(f"store: {db} (cached; --rebuild to build it again)")

    from starlette.testclient import TestClient

    from counterpoint.web import create_app

    rng = random.Random(args.seed)
    app = create_app(db)
    with app.state.pool.store() as store:
        conn = store.conn
        story_ids = [r[0] for r in conn.execute("SELECT id FROM stories WHERE size >= 2 ORDER BY id")]
        sources = [r[0] for r in conn.execute("SELECT DISTINCT source FROM documents ORDER BY 1")]
        types = [r[0] for r in conn.execute("SELECT DISTINCT event_type FROM events ORDER BY 1")]
        months = [r[0] for r in conn.execute(
            "SELECT DISTINCT substr(first_reported, 1, 7) FROM stories WHERE first_reported IS NOT NULL")]
        counts = conn.execute("SELECT (SELECT count(*) FROM items), (SELECT count(*) FROM stories)").fetchone()
    vocab = Generator(args.seed).vocab  # ranks: index 0 is the most common word
    n = args.requests
    story_paths = [f"/stories/{rng.choice(story_ids)}" for _ in range(n)]

    def word() -> str:
        return vocab[min(int(rng.paretovariate(0.6)) * 25 + rng.randrange(25), len(vocab) - 1)]

    search_paths = []
    for k in range(n):
        q = word() if k % 2 else f"{word()} {word()}"
        extra = f"&source={rng.choice(sources)}" if k % 5 == 0 else ""
        search_paths.append(f"/search?q={q.replace(' ', '+')}{extra}")
    timeline_paths = []
    for k in range(n):
        kind = k % 6
        if kind == 0:
            timeline_paths.append("/timeline")
        elif kind == 1:
            timeline_paths.append(f"/timeline?page={rng.randint(2, 50)}")
        elif kind == 2:
            timeline_paths.append(f"/timeline?type={rng.choice(types)}")
        elif kind == 3:
            timeline_paths.append(f"/timeline?source={rng.choice(sources)}")
        elif kind == 4:
            timeline_paths.append(f"/timeline?actor=A{min(int(rng.paretovariate(1.0)) - 1, 299):03d}")
        else:
            m = rng.choice(months)
            timeline_paths.append(f"/timeline?since={m}&until={m}")
    print(f"{counts[0]:,} items, {counts[1]:,} stories; {n} requests of each kind, in process")
    with TestClient(app) as client:
        def get(path: str) -> int:
            return client.get(path).status_code

        for path in (story_paths[:5] + search_paths[:5] + timeline_paths[:6]):  # warm up: templates, registry
            get(path)
        print(f"{'page':<10} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  target p95 < 150 ms")
        worst = 0.0
        slowest: list[tuple[float, str]] = []
        for name, paths in (("story", story_paths), ("search", search_paths), ("timeline", timeline_paths)):
            times = measure(get, paths)
            p95 = _percentile(times, 0.95)
            worst = max(worst, p95)
            print(f"{name:<10} {statistics.median(times):>8.1f} {p95:>8.1f} {max(times):>8.1f}"
                  f"  {'ok' if p95 < 150 else 'SLOW'}", flush=True)
            slowest.extend(sorted(zip(times, paths, strict=True), reverse=True)[:3])
    app.state.pool.close()
    print("slowest: " + ", ".join(f"{path} {ms:.0f} ms" for ms, path in slowest))
    print("all p95 under 150 ms" if worst < 150 else f"worst p95 {worst:.0f} ms: over the 150 ms target")


if __name__ == "__main__":
    main()
