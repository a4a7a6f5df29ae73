"""Speed of the annotate stage against bare spaCy on the same text, in one process.

    .venv/bin/python bench/annotate.py [--words 50000] [--repeat 2]

Baseline: ``nlp.pipe`` of the bare English pipeline (no entity ruler) over the
headline and body texts of generated items. Measured: the whole annotate stage
(entity ruler, sentences, actor linking, places, dates) over the same items.
Prints words per second of both and the ratio (target ≥ 0.8), and the ratio
against ``nlp.pipe`` of the pipeline with our entity ruler, to show where time
goes. Best of ``--repeat`` runs each, alternated.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import documents


def _items(words: int) -> list[object]:
    from counterpoint.model import Document, PartialDate
    from counterpoint.segment import segment
    from counterpoint.store.annotations import PendingItem

    out: list[object] = []
    total = 0
    for name, text in documents(10_000, seed=11):
        doc = Document(
            id=Document.make_id("bench", name, None, text), locator=name, kind="text", text=text,
            source="bench", source_origin="flag", url=None, title=None, author=None,
            published=PartialDate(2025, 4, 28, "header"), language="en", language_score=1.0, analysed=True,
            encoding="utf-8", raw_sha256="", raw_size=len(text),
        )
        for item in segment(doc):
            out.append(PendingItem(item, doc.id, name, True, "en"))
            total += len(item.body.split()) + (len(item.headline.text.split()) if item.headline else 0)
        if total >= words:
            break
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    from counterpoint.annotate.nlp import load_nlp
    from counterpoint.annotate.stage import Annotator
    from counterpoint.config import Settings

    settings = Settings()
    items = _items(args.words)
    texts = []
    for p in items:
        item = p.item  # type: ignore[attr-defined]
        if item.headline:
            texts.append(item.headline.text)
        texts.append(item.body)
    words = sum(len(t.split()) for t in texts)
    bare = load_nlp(settings.spacy_model)
    annotator = Annotator(settings)
    print(f"{len(items)} items, {words} words; model {settings.spacy_model}, batch {settings.nlp_batch_size}")

    def run_bare() -> None:
        for _ in bare.pipe(texts, batch_size=settings.nlp_batch_size):
            pass

    def run_ruler() -> None:
        for _ in annotator.nlp.pipe(texts, batch_size=settings.nlp_batch_size):
            pass

    def run_stage() -> None:
        annotator.annotate(items)  # type: ignore[arg-type]

    best = {"bare": float("inf"), "ruler": float("inf"), "stage": float("inf")}
    run_bare()  # warm-up
    for _ in range(args.repeat):
        for name, fn in (("bare", run_bare), ("ruler", run_ruler), ("stage", run_stage)):
            start = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - start)
    for name in best:
        print(f"{name:>6}: {words / best[name]:,.0f} words/s ({best[name]:.2f} s)")
    print(f"ratio annotate stage / bare nlp.pipe: {best['bare'] / best['stage']:.2f} (target >= 0.8)")
    print(f"ratio annotate stage / nlp.pipe with entity ruler: {best['ruler'] / best['stage']:.2f}")


if __name__ == "__main__":
    main()
