"""Speed of the framing stage against computing the sentence embeddings alone, on the same sentences.

    .venv/bin/python bench/framing.py [--docs 150]

Ingests and annotates generated documents into a fresh SQLite store, then times,
in this process and over the same sentences: (baseline) the sentence encoder
alone (``Encoder.encode``), and the whole framing stage (technique model, scare
quotes, hedges, naming phrases, storing). Prints sentences per second of each
and their ratio (target: framing at least 0.7 of the embeddings' speed).
Models are loaded before timing starts.
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
    parser.add_argument("--docs", type=int, default=150)
    args = parser.parse_args()

    from counterpoint.annotate.stage import annotate_pending
    from counterpoint.config import Settings
    from counterpoint.embed import get_encoder
    from counterpoint.framing.stage import Framer, frame_pending
    from counterpoint.pipeline import ingest
    from counterpoint.store.sqlite import SQLiteStore

    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_corpus(Path(tmp) / "corpus", args.docs, seed=29)
        settings = Settings(db=str(Path(tmp) / "b.db"), progress=False)
        store = SQLiteStore.open(settings.db)
        ingest([str(corpus)], settings, store)
        annotate_pending(store, settings)
        pending = list(store.items_to_frame())
        texts = []
        for p in pending:
            for s in p.sentences:
                field = p.item.headline.text if s.field == "headline" and p.item.headline else p.item.body
                texts.append(field[s.start:s.end])
        encoder = get_encoder()
        framer = Framer()
        framer.model.find(["Troops crossed the border on Tuesday."], ["Troops crossed the border on Tuesday."])

        start = time.perf_counter()
        encoder.encode(texts)
        t_embed = time.perf_counter() - start

        start = time.perf_counter()
        summary = frame_pending(store, framer=framer)
        t_frame = time.perf_counter() - start
        store.close()
    embed_rate = len(texts) / t_embed
    frame_rate = summary["sentences"] / t_frame
    print(f"{args.docs} documents, {summary['items']} items, {len(texts)} sentences; "
          f"{summary['spans']} technique spans, {summary['scare_quotes']} scare quotes, {summary['hedges']} hedges, "
          f"{summary['namings']} naming phrases")
    print(f"sentence embeddings alone: {embed_rate:8.1f} sentences/s  ({t_embed:.2f} s)")
    print(f"framing stage:             {frame_rate:8.1f} sentences/s  ({t_frame:.2f} s)")
    print(f"ratio framing / embeddings: {frame_rate / embed_rate:.2f}  (target >= 0.7)")


if __name__ == "__main__":
    main()
