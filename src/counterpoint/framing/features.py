"""Features of the technique model, shared by training and inference.

Everything starts from the sentence encoder's word-piece vectors
(``Encoder.token_states``), so the framing stage costs one encoder pass per
sentence plus small numpy work:

* **words**: the word-piece vectors of each word, averaged, plus four shape flags
  (capitalised, all caps, punctuation, quote mark) — the input of the span tagger;
* **spans**: for a candidate span, the mean and max of its pieces, the sentence
  mean, nine shape features (length, repetition in the item, ``!``, ``?``, quote
  marks, capitals) and a TF-IDF vector of its words — the input of the technique
  labeller, with a TF-IDF vector of the rest of its sentence. ``Tfidf`` is written
  out (not sklearn's) so that the trained vocabulary ships as plain JSON and
  inference needs no pickle.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from counterpoint.embed import DIM, TokenStates

#: A word of the tagger: a run of word characters (with inner hyphens/apostrophes) or one symbol.
WORD = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
#: Shape flags appended to each word vector.
WORD_FLAGS = 4
WORD_DIM = DIM + WORD_FLAGS
#: Shape features of a span (see ``span_shape``).
SHAPE_DIM = 9
SPAN_DIM = 3 * DIM + SHAPE_DIM
_QUOTES = frozenset("\"“”'‘’«»")
_TFIDF_TOKEN = re.compile(r"\b\w\w+\b")

Vector = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class Words:
    """The words of one sentence: offsets into the sentence, lower-cased forms, feature rows."""

    spans: list[tuple[int, int]]
    forms: list[str]
    features: Vector  # (words, WORD_DIM)


def words_of(text: str, states: TokenStates) -> Words:
    """Split ``text`` into tagger words and give each its vector (mean of its pieces)."""
    found = [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]
    feats = np.zeros((len(found), WORD_DIM), dtype=np.float32)
    if not found:
        return Words([], [], feats)
    starts = np.array([s for s, _, _ in found], dtype=np.int64)
    ends = np.array([e for _, e, _ in found], dtype=np.int64)
    offs = states.offsets
    if len(offs):
        # a piece belongs to the word whose span holds its first character (pieces never straddle words
        # that the regex separates by a space; a piece glued across two regex words goes to the first)
        owner = np.searchsorted(starts, offs[:, 0], side="right") - 1
        inside = (owner >= 0) & (offs[:, 0] < ends[np.clip(owner, 0, None)])
        owner, vectors = owner[inside], states.vectors[inside]
        counts = np.bincount(owner, minlength=len(found)).astype(np.float32)
        sums = np.zeros((len(found), DIM), dtype=np.float32)
        np.add.at(sums, owner, vectors)
        has = counts > 0
        feats[has, :DIM] = sums[has] / counts[has, None]
        feats[~has, :DIM] = states.mean
    else:
        feats[:, :DIM] = states.mean
    for j, (_, _, w) in enumerate(found):
        feats[j, DIM:] = (w[:1].isupper(), w.isupper() and len(w) > 1, not w[0].isalnum(), w in _QUOTES)
    return Words([(s, e) for s, e, _ in found], [w.lower() for _, _, w in found], feats)


def _normalised(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


@lru_cache(maxsize=4)
def _normalised_context(context: str) -> str:
    """``_normalised`` of an item text, kept for the item's other spans (one pass per item, not per span)."""
    return _normalised(context)


def span_shape(span_text: str, context: str) -> list[float]:
    """Nine shape features of a span; ``context`` is the whole item (for repetition)."""
    norm = _normalised(span_text)
    repeats = _normalised_context(context).count(norm) if norm else 0
    n = max(1, len(span_text))
    return [
        math.log1p(len(span_text)), math.log1p(len(span_text.split())), math.log1p(repeats), float(repeats > 1),
        float("!" in span_text), float(span_text.isupper()), sum(c.isupper() for c in span_text) / n,
        float(any(c in _QUOTES for c in span_text)), float(span_text.strip().endswith("?")),
    ]


def span_vector(pieces: Sequence[Vector], sentence_means: Sequence[Vector], span_text: str, context: str) -> Vector:
    """The dense part of a span's features: piece mean, sentence mean, piece max, shape."""
    sent = np.mean(sentence_means, axis=0) if len(sentence_means) else np.zeros(DIM, np.float32)
    rows = list(pieces) if len(pieces) else [sent]
    stacked = np.asarray(rows, dtype=np.float32)
    return np.concatenate([stacked.mean(axis=0), sent, stacked.max(axis=0),
                           np.asarray(span_shape(span_text, context), dtype=np.float32)]).astype(np.float32)


def pieces_in(states: TokenStates, start: int, end: int) -> list[Vector]:
    """The word-piece vectors of ``states`` overlapping ``[start, end)`` (sentence offsets)."""
    offs = states.offsets
    if not len(offs):
        return []
    idx = np.nonzero((offs[:, 0] < end) & (offs[:, 1] > start))[0]
    return [states.vectors[i] for i in idx]


def inner_mean(states: TokenStates) -> Vector:
    """Mean of the sentence's own pieces (no special tokens)."""
    if len(states.vectors):
        return np.asarray(states.vectors.mean(axis=0), dtype=np.float32)
    return states.mean


def _grams(text: str, ngrams: int) -> list[str]:
    toks = _TFIDF_TOKEN.findall(text.lower())
    return toks + [f"{a} {b}" for a, b in itertools.pairwise(toks)] if ngrams > 1 else toks


class Tfidf:
    """Word unigrams (and bigrams), sublinear tf, smoothed idf, L2-normalised (as sklearn's defaults)."""

    def __init__(self, vocabulary: dict[str, int], idf: Sequence[float], ngrams: int = 2) -> None:
        self.vocabulary = vocabulary
        self.idf = np.asarray(idf, dtype=np.float32)
        self.ngrams = ngrams

    @classmethod
    def fit(cls, texts: Iterable[str], *, min_df: int = 2, ngrams: int = 2) -> Tfidf:
        df: Counter[str] = Counter()
        n = 0
        for text in texts:
            n += 1
            df.update(set(_grams(text, ngrams)))
        kept = sorted(g for g, c in df.items() if c >= min_df)
        vocab = {g: i for i, g in enumerate(kept)}
        idf = [math.log((1 + n) / (1 + df[g])) + 1.0 for g in kept]
        return cls(vocab, idf, ngrams)

    def transform(self, text: str) -> tuple[npt.NDArray[np.int64], Vector]:
        """Sparse row: column indices and values."""
        counts = Counter(g for g in _grams(text, self.ngrams) if g in self.vocabulary)
        if not counts:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        cols = np.array([self.vocabulary[g] for g in counts], dtype=np.int64)
        vals = np.array([1.0 + math.log(c) for c in counts.values()], dtype=np.float32) * self.idf[cols]
        norm = float(np.linalg.norm(vals))
        return cols, (vals / norm if norm else vals).astype(np.float32)

    def to_dict(self) -> dict[str, Any]:
        return {"vocabulary": self.vocabulary, "idf": [round(float(v), 6) for v in self.idf], "ngrams": self.ngrams}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Tfidf:
        return cls(dict(data["vocabulary"]), data["idf"], int(data.get("ngrams", 2)))


def span_context(sentence: str, start: int, end: int) -> str:
    """The words of the span's sentence around it (the labeller's context)."""
    return sentence[:start] + " " + sentence[end:]
