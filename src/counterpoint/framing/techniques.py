"""Persuasion-technique spans: a span tagger and a technique labeller, on numpy.

Both read the sentence encoder's word-piece vectors (see ``features``):

* the **tagger** is a bidirectional LSTM over the words of a sentence (word vector,
  shape flags and a learned word embedding) that gives each word the probability of
  being inside a technique span; runs of words above the threshold are spans;
* the **labeller** is a multinomial logistic regression over a span's features
  (dense vectors, shape, TF-IDF of its words) that names the technique.

Both were trained by ``counterpoint train framing`` on the Propaganda Techniques
Corpus (see the model card beside the weights); inference needs numpy only.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from threadpoolctl import threadpool_limits

from counterpoint.embed import Encoder, TokenStates, get_encoder
from counterpoint.errors import ConfigError
from counterpoint.framing.features import (
    SHAPE_DIM,
    Tfidf,
    Words,
    inner_mean,
    pieces_in,
    span_context,
    span_vector,
    words_of,
)

Array = npt.NDArray[np.float32]
#: Where the shipped model lives inside the package.
MODEL_DIR = ("data", "models", "framing")
#: A span is cut at most this many words long (the corpus's longest are whole sentences).
MAX_SPAN_WORDS = 60
#: Runs this long also give their cores (see ``Tagger.spans``), words this much above the threshold.
CORE_MIN_WORDS = 5
#: Sentences per tagger chunk.
TAGGER_BATCH = 64
CORE_MARGIN = 0.25


def _sigmoid(x: Array) -> Array:
    """Logistic function as one tanh (no overflow, one pass)."""
    return np.asarray(0.5 * (1.0 + np.tanh(0.5 * x)), dtype=np.float32)


class Tagger:
    """BiLSTM word tagger (weights as trained by torch; gate order i, f, g, o)."""

    def __init__(self, weights: dict[str, Array], vocabulary: Sequence[str], threshold: float) -> None:
        self.w = weights
        self.vocab = {w: i + 2 for i, w in enumerate(vocabulary)}  # 0 padding, 1 unknown
        self.threshold = threshold
        self.hidden = int(weights["lstm_f_whh"].shape[1])

    def _lstm(self, x: Array, lengths: npt.NDArray[np.int64], prefix: str, reverse: bool) -> Array:
        batch, steps, _ = x.shape
        h = np.zeros((batch, self.hidden), np.float32)
        c = np.zeros((batch, self.hidden), np.float32)
        out = np.zeros((batch, steps, self.hidden), np.float32)
        pre = x @ self.w[f"{prefix}_wih"].T + self.w[f"{prefix}_b"]
        whh = self.w[f"{prefix}_whh"].T
        hid = self.hidden
        for t in (range(steps - 1, -1, -1) if reverse else range(steps)):
            gates = pre[:, t] + h @ whh
            ifo = _sigmoid(gates[:, np.r_[0:2 * hid, 3 * hid:4 * hid]])
            c_new = ifo[:, hid:2 * hid] * c + ifo[:, :hid] * np.tanh(gates[:, 2 * hid:3 * hid])
            h_new = ifo[:, 2 * hid:] * np.tanh(c_new)
            live = (t < lengths)[:, None]
            c = np.where(live, c_new, c)
            h = np.where(live, h_new, h)
            out[:, t] = h
        return out

    def probabilities(self, sentences: Sequence[Words]) -> list[Array]:
        """Per sentence, the probability of each word being inside a technique span.

        Sentences run in length-sorted chunks, so padding stays small.
        """
        order = sorted(range(len(sentences)), key=lambda i: len(sentences[i].forms))
        out: list[Array] = [np.zeros(0, np.float32)] * len(sentences)
        # the matrices are small: one BLAS thread is several times faster than many (and than many
        # fighting other processes for the cores)
        with threadpool_limits(limits=1, user_api="blas"):
            for b in range(0, len(order), TAGGER_BATCH):
                idx = order[b:b + TAGGER_BATCH]
                for i, p in zip(idx, self._chunk([sentences[i] for i in idx]), strict=True):
                    out[i] = p
        return out

    def _chunk(self, sentences: Sequence[Words]) -> list[Array]:
        if not sentences:
            return []
        lengths = np.array([len(s.forms) for s in sentences], dtype=np.int64)
        steps = max(1, int(lengths.max()))
        dim = sentences[0].features.shape[1]
        feats = np.zeros((len(sentences), steps, dim), np.float32)
        ids = np.zeros((len(sentences), steps), np.int64)
        for b, s in enumerate(sentences):
            n = len(s.forms)
            if n:
                feats[b, :n] = s.features
                ids[b, :n] = [self.vocab.get(w, 1) for w in s.forms]
        x = np.concatenate([feats, self.w["emb"][ids]], axis=2)
        z = np.maximum(x @ self.w["inp_w"].T + self.w["inp_b"], 0.0).astype(np.float32)
        both = np.concatenate([self._lstm(z, lengths, "lstm_f", False), self._lstm(z, lengths, "lstm_r", True)], axis=2)
        logits = (both @ self.w["out_w"].T + self.w["out_b"])[..., 0]
        probs = _sigmoid(logits)
        return [probs[b, :n] for b, n in enumerate(lengths)]

    def spans(self, words: Words, probs: Array) -> list[tuple[int, int, float]]:
        """Runs of words at or above the threshold: ``(start, end, mean probability)`` in sentence offsets.

        A long run (``CORE_MIN_WORDS`` or more) also gives its cores, the shorter runs at or
        above ``threshold + CORE_MARGIN``, as spans of their own: a sentence-long stretch of
        persuasive wording often holds a short loaded phrase that deserves its own label.
        Cores lie inside their run, so span-level scores (which merge overlaps) do not change.
        """
        out = self._runs(words, probs, self.threshold)
        for start, end, _ in list(out):
            inside = [j for j, (ws, we) in enumerate(words.spans) if ws >= start and we <= end]
            if len(inside) < CORE_MIN_WORDS:
                continue
            sub = Words([words.spans[j] for j in inside], [words.forms[j] for j in inside], words.features[inside])
            for core in self._runs(sub, probs[inside], self.threshold + CORE_MARGIN):
                if (core[0], core[1]) != (start, end):
                    out.append(core)
        return sorted(out)

    @staticmethod
    def _runs(words: Words, probs: Array, threshold: float) -> list[tuple[int, int, float]]:
        out: list[tuple[int, int, float]] = []
        run: list[int] = []
        for j in range(len(probs) + 1):
            if j < len(probs) and probs[j] >= threshold and len(run) < MAX_SPAN_WORDS:
                run.append(j)
                continue
            if run:
                first, last = words.spans[run[0]], words.spans[run[-1]]
                out.append((first[0], last[1], float(np.mean(probs[run]))))
                run = []
            if j < len(probs) and probs[j] >= threshold:
                run.append(j)
        return out


class Labeller:
    """Multinomial logistic regression over a span's dense features and TF-IDF."""

    def __init__(self, classes: Sequence[str], coef: Array, intercept: Array, mean: Array, scale: Array,
                 dense_weight: float, tfidf: Tfidf, context_tfidf: Tfidf, context_weight: float) -> None:
        self.classes = list(classes)
        self.coef = coef
        self.intercept = intercept
        self.mean = mean
        self.scale = scale
        self.dense_weight = dense_weight
        self.tfidf = tfidf
        self.context_tfidf = context_tfidf
        self.context_weight = context_weight
        self.dense_dim = int(mean.shape[0])

    def probabilities(self, dense: Array, texts: Sequence[str], contexts: Sequence[str]) -> Array:
        """Class probabilities, ``(spans, classes)``; ``contexts``: the rest of each span's sentence."""
        x = (dense - self.mean) / self.scale * self.dense_weight
        logits = x @ self.coef[:, :self.dense_dim].T + self.intercept
        words = self.coef[:, self.dense_dim:self.dense_dim + len(self.tfidf.vocabulary)]
        around = self.coef[:, self.dense_dim + len(self.tfidf.vocabulary):]
        for r, (text, context) in enumerate(zip(texts, contexts, strict=True)):
            cols, vals = self.tfidf.transform(text)
            if len(cols):
                logits[r] += words[:, cols] @ vals
            cols, vals = self.context_tfidf.transform(context)
            if len(cols):
                logits[r] += around[:, cols] @ (vals * self.context_weight)
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        return np.asarray(e / e.sum(axis=1, keepdims=True), dtype=np.float32)


@dataclass(frozen=True, slots=True)
class Found:
    """A technique span in one sentence (offsets into the sentence text)."""

    start: int
    end: int
    label: str
    confidence: float
    span_probability: float
    label_probability: float
    alternatives: tuple[tuple[str, float], ...]


class TechniqueModel:
    """The tagger and the labeller with the encoder they read."""

    def __init__(self, tagger: Tagger, labeller: Labeller, *, encoder: Encoder | None = None,
                 meta: dict[str, Any] | None = None) -> None:
        self.tagger = tagger
        self.labeller = labeller
        self._encoder = encoder
        self.meta = meta or {}

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            self._encoder = get_encoder()
        return self._encoder

    @classmethod
    def load(cls, path: Path | None = None, *, encoder: Encoder | None = None) -> TechniqueModel:
        """Load from ``path`` (a folder written by ``save_model``) or the shipped model."""
        folder: Any = path if path is not None else resources.files("counterpoint").joinpath(*MODEL_DIR)
        try:
            meta = json.loads(folder.joinpath("framing.json").read_text("utf-8"))
            with folder.joinpath("framing.npz").open("rb") as fh:
                arrays = {k: np.asarray(v, dtype=np.float32) for k, v in np.load(fh).items()}
            tagger = Tagger({k[2:]: v for k, v in arrays.items() if k.startswith("t_")}, meta["tagger_vocabulary"],
                            float(meta["threshold"]))
            labeller = Labeller(meta["classes"], arrays["l_coef"], arrays["l_intercept"], arrays["l_mean"],
                                arrays["l_scale"], float(meta["dense_weight"]), Tfidf.from_dict(meta["tfidf"]),
                                Tfidf.from_dict(meta["context_tfidf"]), float(meta["context_weight"]))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"the framing model cannot be read ({type(exc).__name__}: {exc})",
                              fix="reinstall counterpoint, or run `counterpoint train framing`") from exc
        return cls(tagger, labeller, encoder=encoder, meta=meta)

    def states(self, sentences: Sequence[str]) -> list[TokenStates]:
        return self.encoder.token_states(sentences)

    def find(self, sentences: Sequence[str], contexts: Sequence[str],
             states: Sequence[TokenStates] | None = None) -> list[list[Found]]:
        """Technique spans of each sentence; ``contexts[i]`` is the item text sentence ``i`` belongs to."""
        if not sentences:
            return []
        states = list(states) if states is not None else self.states(sentences)
        words = [words_of(s, st) for s, st in zip(sentences, states, strict=True)]
        probs = self.tagger.probabilities(words)
        candidates: list[tuple[int, int, int, float]] = []
        dense: list[Array] = []
        texts: list[str] = []
        around: list[str] = []
        for i, (w, p) in enumerate(zip(words, probs, strict=True)):
            for start, end, sp in self.tagger.spans(w, p):
                text = sentences[i][start:end]
                candidates.append((i, start, end, sp))
                dense.append(span_vector(pieces_in(states[i], start, end), [inner_mean(states[i])], text,
                                         contexts[i]))
                texts.append(text)
                around.append(span_context(sentences[i], start, end))
        out: list[list[Found]] = [[] for _ in sentences]
        if not candidates:
            return out
        cls_probs = self.labeller.probabilities(np.asarray(dense, dtype=np.float32), texts, around)
        for (i, start, end, sp), row in zip(candidates, cls_probs, strict=True):
            order = np.argsort(-row)
            best = int(order[0])
            alts = tuple((self.labeller.classes[int(k)], round(float(row[k]), 3)) for k in order[:3])
            out[i].append(Found(start, end, self.labeller.classes[best], sp * float(row[best]), sp,
                                float(row[best]), alts))
        return out


@lru_cache(maxsize=1)
def get_model() -> TechniqueModel:
    """The process-wide shipped technique model."""
    return TechniqueModel.load()


__all__ = ["SHAPE_DIM", "Found", "Labeller", "Tagger", "TechniqueModel", "get_model"]
