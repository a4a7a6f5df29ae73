"""Time and peak memory of the corpus-wide link stage (copies + stories) on generated items.

    .venv/bin/python bench/link.py [--sizes 10000,30000,100000] [--seed 7]

For each size, in this process and in increasing order: generates that many
items as the per-item stages would leave them (text, sentences, actor and
place mentions, event dates and types, a 384-d unit vector), untimed; then
times the copy detector (``CopyIndex.add``) and the story clusterer
(``features_of`` + ``StoryIndex.add_one``) over them, one item at a time as
the link stage feeds them, then the story merge and reassignment passes the
link stage runs at the end of a run (here, one run of every item). Prints seconds, items per second and the process's
peak resident memory after each size (sizes grow, so it is that size's peak,
generated input included), the B-cubed F1 of the stories against the generated
ones (a sanity check that the work timed is the real work), then
time(largest)/time(smallest).

Targets (issue 6): 100,000 items in under 5 minutes on 2 cores and under 4 GB;
time(100k)/time(10k) at most 12 (linear would be 10).

The corpus: stories of 1-12 items (mean about 3) from 400 sources (one of them
carries a tenth of all items), each story an event with a type, two actors of
300 (drawn by a Zipf law, so a few actors are in thousands of stories), a place
of 2,000, a day in two years, and its own facts; items of a story are the
first report, independent reports that share its facts and some wording,
near copies (a few words changed), exact copies and mirrors; words come from
a Zipf vocabulary of 30,000 made-up words, so texts share common words as
news does. Vectors: 60 topics, a story's vector near its topic, an item's near
its story.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import sys
import time
from datetime import date, timedelta

import numpy as np

from counterpoint.evaluate.stories import bcubed
from counterpoint.gcutil import gc_paused
from counterpoint.link.bundle import ItemBundle
from counterpoint.link.copies import CopyCandidate, CopyIndex
from counterpoint.link.stories import StoryIndex, features_of
from counterpoint.model import (
    Attribution,
    Event,
    Item,
    Mention,
    PartialDate,
    Participant,
    Place,
    Sentence,
    Span,
    TimeExpr,
)

EVENT_TYPES = ("ASSAULT", "AID", "AGREE", "ACCUSE", "CONSULT", "MOBILIZE", "SANCTION", "COERCE", "PROTEST",
               "REJECT", "SUPPORT", "REQUEST", "THREATEN", "CONCEDE", "RETREAT", "COOPERATE")
DIM = 384


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


class Generator:
    """Deterministic items with their annotations; see the module docstring."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.np = np.random.default_rng(seed)
        syllables = ["ka", "ro", "mi", "tel", "van", "do", "sur", "pe", "lin", "ost", "ga", "ber", "nu", "chi",
                     "zar", "ev", "mo", "tra", "il", "ska"]
        words = set()
        while len(words) < 30_000:
            words.add("".join(self.rng.choice(syllables) for _ in range(self.rng.randint(2, 4))))
        self.vocab = sorted(words)
        ranks = np.arange(1, len(self.vocab) + 1, dtype=np.float64)
        self.word_p = (1 / ranks) / (1 / ranks).sum()
        self.actors = [f"A{n:03d}" for n in range(300)]
        actor_ranks = np.arange(1, 301, dtype=np.float64)
        self.actor_p = (1 / actor_ranks) / (1 / actor_ranks).sum()
        self.places = [Place(f"Place{n}", 100_000 + n, 0.0, 0.0, "XXX", None, "city") for n in range(2000)]
        self.sources = [f"source-{n}.example" for n in range(400)]
        topics = self.np.normal(size=(60, DIM))
        self.topics = topics / np.linalg.norm(topics, axis=1, keepdims=True)
        self.first_day = date(2024, 1, 1)

    def _words(self, n: int) -> list[str]:
        idx = self.np.choice(len(self.vocab), size=n, p=self.word_p)
        return [self.vocab[i] for i in idx]

    def _unit(self, v: np.ndarray) -> np.ndarray:
        return (v / np.linalg.norm(v)).astype(np.float32)

    def _source(self) -> str:
        return self.sources[0] if self.rng.random() < 0.1 else self.rng.choice(self.sources)

    def items(self, n: int) -> list[ItemBundle]:
        out: list[ItemBundle] = []
        story = 0
        while len(out) < n:
            story += 1
            size = min(12, 1 + int(self.np.geometric(0.45)) - 1 + (1 if self.rng.random() < 0.5 else 0))
            out.extend(self._story(story, max(1, size))[: n - len(out)])
        return out

    def _story(self, story: int, size: int) -> list[ItemBundle]:
        rng = self.rng
        day = self.first_day + timedelta(days=rng.randrange(730))
        event_type = rng.choice(EVENT_TYPES)
        actor, recipient = (str(a) for a in self.np.choice(self.actors, size=2, replace=False, p=self.actor_p))
        place = rng.choice(self.places)
        facts = [f"{rng.randint(2, 20_000):,}", f"Name{story}", place.name]
        lexicon = self._words(40)
        vector = self._unit(self.topics[rng.randrange(60)] + self.np.normal(size=DIM) / np.sqrt(DIM))
        first_text: list[list[str]] | None = None
        bundles = []
        for k in range(size):
            roll = rng.random()
            if first_text is not None and roll < 0.08:
                sentences = [list(s) for s in first_text]  # exact copy
            elif first_text is not None and roll < 0.25:
                sentences = [[w if rng.random() > 0.05 else self._words(1)[0] for w in s] for s in first_text]
                if rng.random() < 0.5:  # a mirror: injected lines
                    sentences.insert(rng.randrange(len(sentences) + 1), self._words(8))
            else:
                sentences = []
                for _ in range(rng.randint(5, 12)):
                    words = self._words(rng.randint(12, 24))
                    for _ in range(3):
                        words.insert(rng.randrange(len(words) + 1), rng.choice(lexicon))
                    if rng.random() < 0.5:
                        words.insert(rng.randrange(len(words) + 1), rng.choice(facts))
                    sentences.append(words)
            if first_text is None:
                first_text = sentences
            published = day + timedelta(days=rng.randint(0, 3)) if rng.random() > 0.05 else None
            item_vector = self._unit(vector + 0.6 * self.np.normal(size=DIM) / np.sqrt(DIM))
            bundles.append(self._bundle(f"i_{story:07d}_{k:02d}", sentences, published, day, event_type, actor,
                                        recipient, place, item_vector))
        return bundles

    def _bundle(self, item_id: str, sentences: list[list[str]], published: date | None, day: date, event_type: str,
                actor: str, recipient: str, place: Place, vector: np.ndarray) -> ItemBundle:
        headline = " ".join(sentences[0][:10]).capitalize()
        body_parts, spans, offset = [], [], 0
        for s in sentences[1:]:
            text = " ".join(s).capitalize() + "."
            spans.append((offset, offset + len(text)))
            body_parts.append(text)
            offset += len(text) + 1
        body = " ".join(body_parts)
        doc = f"d_{item_id}"
        item = Item(id=item_id, document_id=doc, position=1, start=0, end=len(body), caption=None,
                    headline=Span(0, len(headline), headline), photo_captions=(),
                    paragraphs=(Span(0, len(body), body),),
                    published=PartialDate(published.year, published.month, published.day) if published
                    else PartialDate(), dropped=())
        sents = tuple(Sentence(item_id, "body", n, a, b) for n, (a, b) in enumerate(spans))
        mentions = (
            Mention(item_id, "headline", 0, 1, headline[:1], "actor", actor, "XXX", "GOV", method="alias",
                    confidence=1.0),
            Mention(item_id, "body", 0, 1, body[:1], "actor", recipient, "XXX", "GOV", method="alias",
                    confidence=1.0),
            Mention(item_id, "body", 0, 1, body[:1], "place", place=place, confidence=1.0),
        )
        times = (TimeExpr(item_id, "body", 0, 1, body[:1], PartialDate(day.year, day.month, day.day)),)
        event = Event(
            id=f"e_{item_id}", item_id=item_id, field="body", sentence=0, start=0, end=1, text=body[:1],
            trigger=body[:1], trigger_start=0, trigger_end=1, event_type=event_type, mode=None, contexts=(),
            actor=Participant(body[:1], 0, 1, actor), recipient=Participant(body[:1], 0, 1, recipient),
            place=place, place_text=place.name, date=PartialDate(day.year, day.month, day.day), date_text=None,
            aux_modes=(), attribution=Attribution(), confidence=0.9,
        )
        seen = f"{(published or day).isoformat()}T12:00:00+00:00"
        return ItemBundle(item=item, source=self._source(), url=None, first_seen=seen, sentences=sents,
                          mentions=mentions, times=times, events=(event,), vector=vector)


def run(n: int, seed: int) -> tuple[float, float, float, int, int, float]:
    bundles = Generator(seed).items(n)
    gold = {b.id: b.id[:10] for b in bundles}  # i_<story>
    gc.collect()
    with gc_paused():  # as the link stage runs them
        return _timed(bundles, gold)


def _timed(bundles: list[ItemBundle], gold: dict[str, str]) -> tuple[float, float, float, int, int, float]:
    copies = CopyIndex()
    started = time.perf_counter()
    for b in bundles:
        copies.add([CopyCandidate(b.id, b.source, b.text, b.item.published.iso(), b.first_seen, b.vector)])
    copy_seconds = time.perf_counter() - started
    stories = StoryIndex()
    started = time.perf_counter()
    done = [(f, stories.add_one(f)) for f in map(features_of, bundles)]
    # the passes the link stage runs at the end of a run, over everything the run added
    stories.merge({story_id for _, (story_id, _) in done})
    stories.reassign([(f, score) for f, (_, score) in done])
    story_seconds = time.perf_counter() - started
    groups = len(copies.groups())
    n_stories = len(stories.story_ids())
    f1 = bcubed(stories.assignments(), gold).f1
    del copies, stories
    return copy_seconds, story_seconds, _peak_mb(), groups, n_stories, f1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,30000,100000")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    totals: dict[int, float] = {}
    print(f"{'items':>8} {'copies s':>9} {'stories s':>10} {'total s':>8} {'items/s':>8} {'peak MB':>8}"
          f" {'copy groups':>12} {'stories':>8} {'B3 F1':>6}")
    for n in sizes:
        copy_s, story_s, peak, groups, n_stories, f1 = run(n, args.seed)
        total = copy_s + story_s
        totals[n] = total
        print(f"{n:>8,} {copy_s:>9.1f} {story_s:>10.1f} {total:>8.1f} {n / total:>8.0f} {peak:>8.0f}"
              f" {groups:>12,} {n_stories:>8,} {f1:>6.3f}", flush=True)
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        ratio = totals[large] / totals[small]
        print(f"time({large:,})/time({small:,}) = {ratio:.2f} (linear: {large / small:.1f}; target <= 12"
              f" for 100k/10k)")
    if 100_000 in totals:
        print(f"100,000 items: {totals[100_000]:.0f} s (target < 300 s), peak {_peak_mb():.0f} MB (target < 4,096)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
