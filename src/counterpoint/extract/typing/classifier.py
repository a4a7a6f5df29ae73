"""The learned event typer: two logistic-regression heads over one sentence representation.

* quad head: the five coarse classes of ``labels.QUADS`` (trained on the cameo sentences);
* type head: the 16 PLOVER v2 types (trained on the PLOVER gold records plus the cameo
  sentences whose dictionary type agrees with their coarse label, down-weighted).

Features are described in ``features``. Weights live in ``counterpoint/data/models/events``
as ``typer.npz`` (arrays) and ``typer.json`` (vocabulary, label order, settings): inference is
plain numpy, no pickles. The two heads are independent: ``best_type``'s quad class can differ
from ``best_quad`` (and ``neutral`` has no PLOVER type at all).
"""

from __future__ import annotations

import io
import json
import threading
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt

from counterpoint.extract.typing.dictionary import CodedEvent, DictionaryCoder
from counterpoint.extract.typing.features import EMBED_DIM, assemble
from counterpoint.extract.typing.labels import QUADS
from counterpoint.model import PLOVER_TYPES

FORMAT = "counterpoint-event-typer/1"
#: Sub-folder of the packaged models holding the variant without sentence embeddings.
FAST_DIR = "fast"
WEIGHTS_FILE = "typer.npz"
META_FILE = "typer.json"


@dataclass(frozen=True, slots=True)
class TypeScores:
    """Probabilities over the five coarse classes and over the 16 PLOVER types (each sums to 1)."""

    quad_probs: dict[str, float]
    type_probs: dict[str, float]

    @property
    def best_quad(self) -> str:
        return max(self.quad_probs, key=lambda k: self.quad_probs[k])

    @property
    def best_type(self) -> str:
        return max(self.type_probs, key=lambda k: self.type_probs[k])

    def top_types(self, k: int = 3) -> list[tuple[str, float]]:
        """The ``k`` most probable types with their probabilities, best first."""
        return sorted(self.type_probs.items(), key=lambda kv: -kv[1])[:k]

    def to_dict(self) -> dict[str, Any]:
        return {"quad_probs": dict(self.quad_probs), "type_probs": dict(self.type_probs),
                "best_quad": self.best_quad, "best_type": self.best_type}


def softmax(logits: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    z = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(z)
    out: npt.NDArray[np.float32] = (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
    return out


def models_dir() -> Path:
    """The packaged model folder ``counterpoint/data/models/events``."""
    return Path(str(resources.files("counterpoint") / "data" / "models" / "events"))


class EventTyper:
    """Scores sentences. ``load()`` gives the packaged model, cached per process."""

    _instance: ClassVar[EventTyper | None] = None
    _fast: ClassVar[EventTyper | None] = None
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, meta: dict[str, Any], arrays: dict[str, npt.NDArray[np.float32]]) -> None:
        if meta.get("format") != FORMAT:
            raise ValueError(f"not an event-typer model (format {meta.get('format')!r}, expected {FORMAT!r})")
        self.meta = meta
        self.vocab: list[str] = list(meta["vocab"])
        self.index = {t: i for i, t in enumerate(self.vocab)}
        self.idf = arrays["idf"].astype(np.float32)
        self.quad_coef = arrays["quad_coef"].astype(np.float32)
        self.quad_intercept = arrays["quad_intercept"].astype(np.float32)
        self.type_coef = arrays["type_coef"].astype(np.float32)
        self.type_intercept = arrays["type_intercept"].astype(np.float32)
        self.quads: tuple[str, ...] = tuple(meta["quads"])
        self.types: tuple[str, ...] = tuple(meta["types"])
        dim = EMBED_DIM + int(meta["dict_dim"]) + len(self.vocab)
        if self.quads != QUADS or self.types != PLOVER_TYPES:
            raise ValueError("model label order differs from this version's QUADS / PLOVER_TYPES")
        if self.quad_coef.shape != (len(QUADS), dim) or self.type_coef.shape != (len(PLOVER_TYPES), dim):
            raise ValueError("model weights do not match its vocabulary")
        self._coder: DictionaryCoder | None = None
        #: ``False`` for the fast variant, trained without the MiniLM embedding (its columns are zero).
        self.uses_embeddings = bool(meta.get("embeddings", True))

    # -- loading and saving ------------------------------------------------------------
    @classmethod
    def load(cls, folder: Path | None = None, *, fast: bool = False) -> EventTyper:
        """The packaged model (cached), or the one saved in ``folder`` (not cached).

        ``fast`` gives the packaged variant trained without sentence embeddings (in
        ``models_dir() / "fast"``): no MiniLM pass, a few thousand sentences a second.
        """
        if folder is not None:
            return cls.read(Path(folder))
        with cls._lock:
            if fast:
                if cls._fast is None:
                    cls._fast = cls.read(models_dir() / FAST_DIR)
                return cls._fast
            if cls._instance is None:
                cls._instance = cls.read(models_dir())
            return cls._instance

    @classmethod
    def read(cls, folder: Path) -> EventTyper:
        meta_path, weights_path = folder / META_FILE, folder / WEIGHTS_FILE
        if not meta_path.is_file() or not weights_path.is_file():
            raise FileNotFoundError(f"event typer not found in {folder} (run `counterpoint train events`)")
        meta = json.loads(meta_path.read_text("utf-8"))
        with np.load(weights_path, allow_pickle=False) as npz:
            arrays = {k: np.asarray(npz[k]) for k in npz.files}
        return cls(meta, arrays)

    def save(self, folder: Path) -> list[Path]:
        """Write ``typer.json`` and ``typer.npz`` to ``folder``; returns the paths."""
        return save_model(folder, self.meta, {
            "idf": self.idf, "quad_coef": self.quad_coef, "quad_intercept": self.quad_intercept,
            "type_coef": self.type_coef, "type_intercept": self.type_intercept})

    # -- inference ---------------------------------------------------------------------
    @property
    def coder(self) -> DictionaryCoder:
        if self._coder is None:
            self._coder = DictionaryCoder.load()
        return self._coder

    def features(self, texts: Sequence[str], *, embeddings: npt.NDArray[np.float32] | None = None,
                 coded: Sequence[Sequence[CodedEvent]] | None = None) -> npt.NDArray[np.float32]:
        """The feature matrix of ``texts``; pass ``embeddings`` / ``coded`` when already computed."""
        if embeddings is None and not self.uses_embeddings:
            embeddings = np.zeros((len(texts), EMBED_DIM), dtype=np.float32)
        if embeddings is None:
            from counterpoint.embed import get_encoder

            embeddings = get_encoder().encode(list(texts))
        if coded is None:
            coded = self.coder.code_many(texts)
        return assemble(np.asarray(embeddings, dtype=np.float32), coded, texts, self.index, self.idf)

    def predict_arrays(self, features: npt.NDArray[np.float32]) -> tuple[npt.NDArray[np.float32],
                                                                           npt.NDArray[np.float32]]:
        """(quad probabilities ``(n, 5)``, type probabilities ``(n, 16)``) for a feature matrix."""
        quad = softmax(features @ self.quad_coef.T + self.quad_intercept)
        types = softmax(features @ self.type_coef.T + self.type_intercept)
        return quad, types

    def predict(self, texts: Sequence[str], *, embeddings: npt.NDArray[np.float32] | None = None,
                coded: Sequence[Sequence[CodedEvent]] | None = None, batch_size: int = 256) -> list[TypeScores]:
        """Scores for each sentence of ``texts``, in order."""
        texts = list(texts)
        out: list[TypeScores] = []
        for b in range(0, len(texts), batch_size):
            chunk = texts[b:b + batch_size]
            emb = embeddings[b:b + batch_size] if embeddings is not None else None
            cod = coded[b:b + batch_size] if coded is not None else None
            quad, types = self.predict_arrays(self.features(chunk, embeddings=emb, coded=cod))
            for q, t in zip(quad, types, strict=True):
                out.append(TypeScores(
                    {name: float(p) for name, p in zip(self.quads, q, strict=True)},
                    {name: float(p) for name, p in zip(self.types, t, strict=True)}))
        return out


def save_model(folder: Path, meta: dict[str, Any], arrays: dict[str, npt.NDArray[np.float32]]) -> list[Path]:
    """Write a model's metadata (sorted JSON) and arrays (compressed npz, float32)."""
    folder.mkdir(parents=True, exist_ok=True)
    meta_path, weights_path = folder / META_FILE, folder / WEIGHTS_FILE
    meta_path.write_text(json.dumps(meta, indent=1, sort_keys=True, ensure_ascii=False) + "\n", "utf-8")
    # an .npz written by hand with fixed zip timestamps, so the same weights give the same bytes
    with zipfile.ZipFile(weights_path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(arrays):
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(arrays[name], dtype=np.float32), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, buf.getvalue())
    return [meta_path, weights_path]
