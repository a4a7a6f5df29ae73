"""The framing stage: technique spans, scare quotes, hedges and naming phrases for every annotated item.

Needs: items whose annotation status is "done" (annotate stage: sentences and actor
mentions). Adds: ``framing_spans``, ``namings`` and a ``framings`` status row per item.

* technique spans come from the learned model (``techniques``), run over all the
  sentences of a batch of items at once (one encoder pass per sentence);
* a pejorative naming phrase the model did not cover is added as
  ``Name_Calling,Labeling`` (method ``lexicon``): the naming lexicon or the actor
  registry says the name itself takes a side;
* stock phrases of state media the model misses come from a pattern lexicon
  (``cues``, method ``lexicon``) where the model found no span of that technique there;
* scare quotes and hedges come from rules (``quotes``, ``hedges``).

One bad item is recorded as failed and the run goes on; a re-run frames only what is
still pending.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from counterpoint.batching import run_batches
from counterpoint.framing.cues import find_cues
from counterpoint.framing.hedges import find_hedges
from counterpoint.framing.names import naming_phrase
from counterpoint.framing.quotes import find_quotes
from counterpoint.framing.techniques import TechniqueModel, get_model
from counterpoint.model import Field, FramingSpan, Item, Mention, Naming, Sentence
from counterpoint.store.framing import PendingFraming

#: Version tag of the stage, stored with each item's status.
FRAMER = "framing-1"
#: Items per batch (one encoder call over all their sentences).
BATCH_ITEMS = 64
#: Technique spans below this confidence are not stored.
MIN_CONFIDENCE = 0.15
#: Confidence of a technique span found by a lexicon alone (naming phrases, stock phrases).
LEXICON_CONFIDENCE = 0.6
NAME_CALLING = "Name_Calling,Labeling"


class FramingStore(Protocol):
    def items_to_frame(self) -> Iterator[PendingFraming]: ...

    def save_framing(self, item_id: str, spans: Sequence[FramingSpan], namings: Sequence[Naming], *, status: str,
                     framer: str, detail: str | None = None, words: int = 0) -> None: ...

    def commit(self) -> None: ...


@dataclass(frozen=True, slots=True)
class Framed:
    """What the stage found in one item."""

    spans: list[FramingSpan]
    namings: list[Naming]
    sentences: int
    words: int


#: The last item whose body was read, with that body: ``Item.body`` joins the paragraphs on every
#: read, and the stage reads it per sentence and per mention (quadratic in a long item without this).
_LAST_BODY: list[tuple[Item, str]] = []
#: The last sentence list indexed by ``_sentence_of``, with its index (field -> starts, sentences).
_LAST_INDEX: list[tuple[Sequence[Sentence], dict[str, tuple[list[int], list[Sentence]]]]] = []


def _field_text(item: Item, field: Field) -> str:
    if field == "headline":
        return item.headline.text if item.headline else ""
    if _LAST_BODY and _LAST_BODY[0][0] is item:
        return _LAST_BODY[0][1]
    body = item.body
    _LAST_BODY[:] = [(item, body)]
    return body


def _sentence_of(sentences: Sequence[Sentence], field: Field, pos: int) -> int:
    """The index of the sentence of ``field`` that holds ``pos`` (0 when none); by bisection over
    the sentences (which do not overlap), indexed once per list."""
    if _LAST_INDEX and _LAST_INDEX[0][0] is sentences:
        index = _LAST_INDEX[0][1]
    else:
        index = {}
        for fld in ("headline", "body"):
            ordered = sorted((s for s in sentences if s.field == fld), key=lambda s: s.start)
            index[fld] = ([s.start for s in ordered], ordered)
        _LAST_INDEX[:] = [(sentences, index)]
    starts, ordered = index[field]
    at = bisect_right(starts, pos) - 1
    if at >= 0 and pos < ordered[at].end:
        return ordered[at].index
    return 0


def _sentences(p: PendingFraming) -> list[Sentence]:
    """The item's sentences; a field the annotator split into none is one sentence."""
    out = [s for s in p.sentences if s.end > s.start]
    for fld in ("headline", "body"):
        text = _field_text(p.item, fld)
        if text.strip() and not any(s.field == fld for s in out):
            out.append(Sentence(p.item.id, fld, 0, 0, len(text)))
    return out


def _namings(item: Item, mentions: Sequence[Mention]) -> list[Naming]:
    out: list[Naming] = []
    for m in mentions:
        if m.kind != "actor" or not m.actor_id:
            continue
        text = _field_text(item, m.field)
        if not (0 <= m.start < m.end <= len(text)):
            continue
        phrase = naming_phrase(text, m.start, m.end, m.alias_kind)
        out.append(Naming(item.id, m.field, phrase.start, phrase.end, phrase.text, m.actor_id, phrase.tone,
                          tuple(phrase.cues)))
    return out


def _rules(item: Item, sentences: Sequence[Sentence]) -> list[FramingSpan]:
    out: list[FramingSpan] = []
    for fld in ("headline", "body"):
        f: Field = fld
        text = _field_text(item, f)
        if not text:
            continue
        for q in find_quotes(text):
            if q.kind == "scare":
                out.append(FramingSpan(item.id, f, q.start, q.end, text[q.start:q.end], "Scare_Quotes", "scare_quote",
                                       q.confidence, "rule", _sentence_of(sentences, f, q.start),
                                       f"cue: {q.cue}" if q.cue else "short quoted stretch, no speaker"))
        for h in find_hedges(text):
            out.append(FramingSpan(item.id, f, h.start, h.end, h.text, "Hedge", "hedge", h.confidence, "rule",
                                   _sentence_of(sentences, f, h.start), h.kind))
    return out


def _cue_spans(item: Item, sentences: Sequence[Sentence]) -> list[FramingSpan]:
    out: list[FramingSpan] = []
    for s in sentences:
        text = _field_text(item, s.field)
        for c in find_cues(text[s.start:s.end]):
            start, end = s.start + c.start, s.start + c.end
            out.append(FramingSpan(item.id, s.field, start, end, text[start:end], c.technique, "technique",
                                   LEXICON_CONFIDENCE, "lexicon", s.index, f"pattern: {c.note}"))
    return out


class Framer:
    """Frames batches of pending items with one technique model."""

    def __init__(self, model: TechniqueModel | None = None) -> None:
        self._model = model

    @property
    def model(self) -> TechniqueModel:
        if self._model is None:
            self._model = get_model()
        return self._model

    def frame(self, batch: Sequence[PendingFraming]) -> list[Framed]:
        per_item = [_sentences(p) for p in batch]
        texts: list[str] = []
        contexts: list[str] = []
        where: list[tuple[int, Sentence]] = []
        for k, (p, sents) in enumerate(zip(batch, per_item, strict=True)):
            whole = "\n\n".join(t for t in (_field_text(p.item, "headline"), p.item.body) if t)
            for s in sents:
                texts.append(_field_text(p.item, s.field)[s.start:s.end])
                contexts.append(whole)
                where.append((k, s))
        found = self.model.find(texts, contexts) if texts else []
        spans: list[list[FramingSpan]] = [[] for _ in batch]
        for (k, s), hits in zip(where, found, strict=True):
            item = batch[k].item
            field_text = _field_text(item, s.field)
            for h in hits:
                if h.confidence < MIN_CONFIDENCE:
                    continue
                start, end = s.start + h.start, s.start + h.end
                evidence = "; ".join(f"{lab} {p:.2f}" for lab, p in h.alternatives)
                spans[k].append(FramingSpan(item.id, s.field, start, end, field_text[start:end], h.label,
                                            "technique", h.confidence, "model", s.index,
                                            f"span p {h.span_probability:.2f}; {evidence}"))
        out: list[Framed] = []
        for k, p in enumerate(batch):
            namings = _namings(p.item, p.mentions)
            extra = [
                FramingSpan(p.item.id, n.field, n.start, n.end, n.text, NAME_CALLING, "technique", LEXICON_CONFIDENCE,
                            "lexicon", _sentence_of(per_item[k], n.field, n.start),
                            "naming: " + ", ".join(n.cues))
                for n in namings if n.tone == "pejorative" and not any(
                    s.label == NAME_CALLING and s.field == n.field and s.start < n.end and n.start < s.end
                    for s in spans[k])
            ]
            extra += [c for c in _cue_spans(p.item, per_item[k])
                      if not any(s.label == c.label and s.field == c.field and s.start < c.end and c.start < s.end
                                 for s in spans[k])]
            unique = {(x.field, x.start, x.end, x.label): x for x in spans[k] + extra + _rules(p.item, per_item[k])}
            words = p.words
            out.append(Framed(sorted(unique.values(), key=lambda x: (x.field != "headline", x.start, x.label)),
                              namings, len(per_item[k]), words))
        return out


def frame_pending(store: FramingStore, *, framer: Framer | None = None,
                  progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Frame every annotated item not yet framed; returns counts.

    Keys: ``items``, ``framed``, ``failed``, ``spans`` (techniques), ``scare_quotes``,
    ``hedges``, ``namings``, ``sentences``, ``sentences_per_s``.
    """
    summary = {"items": 0, "framed": 0, "failed": 0, "spans": 0, "scare_quotes": 0, "hedges": 0, "namings": 0,
               "sentences": 0, "sentences_per_s": 0}
    framer = framer or Framer()
    elapsed = 0.0

    def failed(p: PendingFraming, exc: Exception) -> None:
        store.save_framing(p.item.id, [], [], status="failed", framer=FRAMER, detail=f"{type(exc).__name__}: {exc}")
        summary["failed"] += 1

    def worker() -> Callable[[Sequence[PendingFraming]], list[Framed]]:
        _ = framer.model.encoder  # load before timing
        return framer.frame

    for batch, results, seconds in run_batches(store.items_to_frame(), BATCH_ITEMS, worker, failed):
        summary["items"] += len(batch)
        elapsed += seconds
        for p, result in zip(batch, results, strict=True):
            if result is None:
                continue
            store.save_framing(p.item.id, result.spans, result.namings, status="done", framer=FRAMER,
                               words=result.words)
            summary["framed"] += 1
            summary["spans"] += sum(s.kind == "technique" for s in result.spans)
            summary["scare_quotes"] += sum(s.kind == "scare_quote" for s in result.spans)
            summary["hedges"] += sum(s.kind == "hedge" for s in result.spans)
            summary["namings"] += len(result.namings)
            summary["sentences"] += result.sentences
        if progress:
            progress(len(batch))
    store.commit()
    if summary["sentences"] and elapsed > 0:
        summary["sentences_per_s"] = int(summary["sentences"] / elapsed)
    return summary
