"""Sentence features of the event typer, computed the same way in training and at inference.

A sentence becomes ``[embedding (384) | dictionary (21) × DICT_WEIGHT | TF-IDF (V)]``:

* the all-MiniLM-L6-v2 unit vector (``counterpoint.embed``);
* one-hot of the dictionary coder's main event: its PLOVER type (16) and coarse class (5);
  all zero when the coder finds nothing;
* TF-IDF of lower-cased word unigrams and bigrams (words = runs of 2+ letters), sublinear
  term frequency, smoothed IDF, rows L2-normalised (as scikit-learn's ``TfidfVectorizer``
  with ``sublinear_tf=True`` computes it, reimplemented here so inference needs only numpy).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from counterpoint.extract.typing.dictionary import CodedEvent
from counterpoint.extract.typing.labels import QUADS
from counterpoint.model import PLOVER_TYPES

EMBED_DIM = 384
DICT_DIM = len(PLOVER_TYPES) + len(QUADS)
DICT_WEIGHT = 0.5
_WORD = re.compile(r"[^\W\d_]{2,}")

Matrix = npt.NDArray[np.float32]


def terms(text: str) -> list[str]:
    """Unigrams and bigrams of the lower-cased words of ``text``."""
    words = _WORD.findall(text.lower())
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


def build_vocabulary(texts: Sequence[str], *, min_df: int = 2) -> tuple[list[str], npt.NDArray[np.float32]]:
    """Terms seen in at least ``min_df`` texts (sorted) and their smoothed IDF."""
    df: Counter[str] = Counter()
    for text in texts:
        df.update(set(terms(text)))
    vocab = sorted(t for t, c in df.items() if c >= min_df)
    n = len(texts)
    idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in vocab], dtype=np.float32)
    return vocab, idf


def tfidf(texts: Sequence[str], index: dict[str, int], idf: npt.NDArray[np.float32]) -> Matrix:
    """Dense ``(n, V)`` TF-IDF rows (sublinear tf, L2-normalised)."""
    out = np.zeros((len(texts), len(idf)), dtype=np.float32)
    for row, text in enumerate(texts):
        counts = Counter(t for t in terms(text) if t in index)
        if not counts:
            continue
        cols = np.fromiter((index[t] for t in counts), dtype=np.int64, count=len(counts))
        vals = np.fromiter((1.0 + math.log(c) for c in counts.values()), dtype=np.float32, count=len(counts))
        vals *= idf[cols]
        out[row, cols] = vals / max(float(np.linalg.norm(vals)), 1e-12)
    return out


def dictionary_features(coded: Sequence[Sequence[CodedEvent]]) -> Matrix:
    """One-hot type and coarse class of each sentence's main coded event, times ``DICT_WEIGHT``."""
    out = np.zeros((len(coded), DICT_DIM), dtype=np.float32)
    for row, events in enumerate(coded):
        if events:
            out[row, PLOVER_TYPES.index(events[0].type)] = DICT_WEIGHT
            out[row, len(PLOVER_TYPES) + QUADS.index(events[0].quad)] = DICT_WEIGHT
    return out


def assemble(embeddings: npt.NDArray[np.float32], coded: Sequence[Sequence[CodedEvent]], texts: Sequence[str],
             index: dict[str, int], idf: npt.NDArray[np.float32]) -> Matrix:
    """The full feature matrix (see the module docstring)."""
    if embeddings.shape != (len(texts), EMBED_DIM):
        raise ValueError(f"expected embeddings of shape ({len(texts)}, {EMBED_DIM}), got {embeddings.shape}")
    if len(coded) != len(texts):
        raise ValueError("one list of coded events per text is needed")
    return np.hstack([embeddings.astype(np.float32), dictionary_features(coded), tfidf(texts, index, idf)])
