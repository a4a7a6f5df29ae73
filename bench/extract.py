"""Speed of event extraction against the annotate stage, on the same stored items, in one process.

    .venv/bin/python bench/extract.py [--docs 150]

Ingests generated documents into a fresh SQLite store, then times the annotate
stage (the baseline) and the extract stage over the same items. Prints
sentences per second of each and the time extraction adds to annotation
(target: at most +50 %). Models are loaded before timing starts.
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
    parser.add_argument("--classifier", choices=["fast", "full", "off"], default="fast",
                        help="where the learned classifier runs (the event_classifier setting)")
    args = parser.parse_args()

    from counterpoint.annotate.stage import Annotator, annotate_pending
    from counterpoint.config import Settings
    from counterpoint.extract.docs import DocKeeper
    from counterpoint.extract.extractor import Extractor
    from counterpoint.extract.stage import extract_pending
    from counterpoint.pipeline import ingest
    from counterpoint.store.sqlite import SQLiteStore

    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_corpus(Path(tmp) / "corpus", args.docs, seed=23)
        settings = Settings(db=str(Path(tmp) / "b.db"), progress=False, event_classifier=args.classifier)
        store = SQLiteStore.open(settings.db)
        ingest([str(corpus)], settings, store)
        annotator = Annotator(settings)
        keeper = DocKeeper(annotator.nlp)  # as `analyze` does: extraction reuses annotate's parses
        annotator.nlp = keeper
        extractor = Extractor(keeper, settings=settings)
        if extractor.typer is not None:  # load the classifier and its encoder before timing
            extractor.typer.predict(["Troops crossed the border on Tuesday."])

        start = time.perf_counter()
        ann = annotate_pending(store, settings, annotator=annotator)
        t_annotate = time.perf_counter() - start
        sentences = store.conn.execute("SELECT count(*) FROM sentences").fetchone()[0]

        start = time.perf_counter()
        ext = extract_pending(store, settings, extractor=extractor)
        t_extract = time.perf_counter() - start
        store.close()
    print(f"event_classifier = {args.classifier}")
    print(f"{args.docs} documents, {ann.items} items, {sentences} sentences, {ext['events']} events stored")
    print(f"extract stage counts: {ext}")
    print(f"annotate: {t_annotate:.1f} s, {sentences / t_annotate:,.0f} sentences/s")
    print(f" extract: {t_extract:.1f} s, {sentences / t_extract:,.0f} sentences/s")
    print(f"extraction adds {100 * t_extract / t_annotate:.0f} % to annotate's time (target <= 50 %)")


if __name__ == "__main__":
    main()
