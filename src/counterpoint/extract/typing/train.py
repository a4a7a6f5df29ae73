"""Train the event typer and the role tagger from the shared data; writes the packaged model files.

``train_events(data_dir, out_dir)`` reads ``cameo-sentences/`` and ``plover/`` under
``data_dir`` and writes ``typer.json``, ``typer.npz`` and ``roles.crfsuite`` to
``out_dir``. Everything is deterministic (fixed solver, no random initialisation,
sorted vocabulary, fixed zip timestamps), so the same data and library versions give the
same files. The data stays where it is: only learned weights and the vocabulary are written.

Run: ``python -m counterpoint.extract.typing.train --data /work/shared/data``.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
import warnings
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from counterpoint.extract.typing.classifier import FAST_DIR, FORMAT, EventTyper, models_dir
from counterpoint.extract.typing.data import (
    PloverRecord,
    cameo_path,
    plover_path,
    read_cameo,
    read_plover,
    read_roles,
    roles_path,
)
from counterpoint.extract.typing.dictionary import CodedEvent, DictionaryCoder
from counterpoint.extract.typing.features import DICT_DIM, DICT_WEIGHT, EMBED_DIM, assemble, build_vocabulary
from counterpoint.extract.typing.labels import QUADS
from counterpoint.extract.typing.roles import CRF_PARAMS, MODEL_FILE, train_roles
from counterpoint.model import PLOVER_TYPES

#: Inverse regularisation strength of both heads.
C = 10.0
#: Sample weight of a weakly labelled cameo sentence in the type head (gold PLOVER records weigh 1).
WEAK_WEIGHT = 0.3
MIN_DF = 2
MAX_ITER = 3000
ENCODER = "all-MiniLM-L6-v2 (int8 ONNX, counterpoint.embed)"

Array = npt.NDArray[np.float32]


def weak_type_labels(labels: Sequence[int], coded: Sequence[Sequence[CodedEvent]]) -> list[tuple[int, str]]:
    """(index, PLOVER type) for cameo sentences whose dictionary coding agrees with the gold coarse class.

    The cameo label gives the quad class but not the type; the dictionary's type is kept as a
    weak label only when its coarse class equals the gold one (an appeal coded REQUEST counts
    for ``neutral``). Sentences the dictionary cannot code, or codes into another class, are
    left out of the type head.
    """
    out = []
    for i, (label, events) in enumerate(zip(labels, coded, strict=True)):
        if events and events[0].quad == QUADS[label]:
            out.append((i, events[0].type))
    return out


def _fit_head(x: Array, y: Sequence[int], n_classes: int,
              weights: npt.NDArray[np.float64] | None) -> tuple[Array, Array]:
    """Multinomial logistic regression with balanced class weights; absent classes get probability ~0."""
    from sklearn.linear_model import LogisticRegression

    y_arr = np.asarray(y)
    coef = np.zeros((n_classes, x.shape[1]), dtype=np.float32)
    intercept = np.full(n_classes, -30.0, dtype=np.float32)
    present = sorted(set(y_arr.tolist()))
    if len(present) == 1:
        intercept[present[0]] = 0.0
        return coef, intercept
    model = LogisticRegression(C=C, max_iter=MAX_ITER, class_weight="balanced")
    with warnings.catch_warnings():  # "more unique classes than half the samples" on tiny sets
        warnings.filterwarnings("ignore", message="The number of unique classes", category=UserWarning)
        model.fit(x, y_arr, sample_weight=weights)
    classes = [int(c) for c in model.classes_]
    if len(classes) == 2:  # binary: sklearn keeps one row; make it a two-row softmax
        coef[classes[1]] = model.coef_[0] / 2
        coef[classes[0]] = -model.coef_[0] / 2
        intercept[classes[1]] = model.intercept_[0] / 2
        intercept[classes[0]] = -model.intercept_[0] / 2
    else:
        coef[classes] = model.coef_
        intercept[classes] = model.intercept_
    return coef, intercept


def fit_typer(cameo: Sequence[tuple[str, int]], plover: Sequence[PloverRecord], *,
              cameo_embeddings: Array, plover_embeddings: Array,
              cameo_coded: Sequence[Sequence[CodedEvent]], plover_coded: Sequence[Sequence[CodedEvent]],
              heads: Sequence[str] = ("quad", "type")) -> EventTyper:
    """Fit the two heads (see the ``classifier`` docstring); a head left out of ``heads`` stays untrained."""
    ctexts = [t for t, _ in cameo]
    clabels = [label for _, label in cameo]
    ptexts = [r.text for r in plover]
    vocab, idf = build_vocabulary(ctexts + ptexts, min_df=MIN_DF)
    index = {t: i for i, t in enumerate(vocab)}
    dim = EMBED_DIM + DICT_DIM + len(vocab)
    quad_coef = np.zeros((len(QUADS), dim), dtype=np.float32)
    quad_int = np.zeros(len(QUADS), dtype=np.float32)
    type_coef = np.zeros((len(PLOVER_TYPES), dim), dtype=np.float32)
    type_int = np.zeros(len(PLOVER_TYPES), dtype=np.float32)
    xc = assemble(cameo_embeddings, cameo_coded, ctexts, index, idf) if ctexts else np.zeros((0, dim), np.float32)
    weak = weak_type_labels(clabels, cameo_coded)
    if "quad" in heads and ctexts:
        quad_coef, quad_int = _fit_head(xc, clabels, len(QUADS), None)
    if "type" in heads and (plover or weak):
        xp = assemble(plover_embeddings, plover_coded, ptexts, index, idf) if ptexts else np.zeros((0, dim),
                                                                                                      np.float32)
        x = np.vstack([xp, xc[[i for i, _ in weak]]]) if weak else xp
        y = [PLOVER_TYPES.index(r.type) for r in plover] + [PLOVER_TYPES.index(t) for _, t in weak]
        w = np.concatenate([np.ones(len(plover)), np.full(len(weak), WEAK_WEIGHT)]).astype(np.float64)
        type_coef, type_int = _fit_head(x, y, len(PLOVER_TYPES), w)
    meta: dict[str, Any] = {
        "format": FORMAT, "quads": list(QUADS), "types": list(PLOVER_TYPES), "vocab": vocab,
        "embed_dim": EMBED_DIM, "dict_dim": DICT_DIM, "dict_weight": DICT_WEIGHT, "encoder": ENCODER,
        "features": "[MiniLM embedding | dictionary one-hot (type, coarse class) x dict_weight | "
                    "TF-IDF word 1-2-grams, sublinear tf, smoothed idf, L2]",
        "training": {
            "C": C, "class_weight": "balanced", "weak_weight": WEAK_WEIGHT, "min_df": MIN_DF,
            "cameo_sentences": len(ctexts), "plover_records": len(plover), "weak_labels": len(weak),
            "cameo_labels": {QUADS[k]: v for k, v in sorted(Counter(clabels).items())},
            "plover_types": dict(sorted(Counter(r.type for r in plover).items())),
            "weak_types": dict(sorted(Counter(t for _, t in weak).items())),
        },
    }
    return EventTyper(meta, {"idf": idf, "quad_coef": quad_coef, "quad_intercept": quad_int,
                             "type_coef": type_coef, "type_intercept": type_int})


def encode(texts: Sequence[str]) -> Array:
    from counterpoint.embed import get_encoder

    return get_encoder().encode(list(texts))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def train_events(data_dir: Path, out_dir: Path) -> dict[str, Any]:
    """Train both models from ``data_dir`` and write them to ``out_dir``; returns a summary.

    Raises ``FileNotFoundError`` naming the missing file when the data is not there.
    """
    data_dir, out_dir = Path(data_dir), Path(out_dir)
    for path in (cameo_path(data_dir), roles_path(data_dir), plover_path(data_dir)):
        if not path.is_file():
            raise FileNotFoundError(f"training data not found: {path}")
    started = time.perf_counter()
    cameo = read_cameo(cameo_path(data_dir))
    plover = read_plover(plover_path(data_dir))
    roles = read_roles(roles_path(data_dir))
    coder = DictionaryCoder.load()
    ctexts, ptexts = [t for t, _ in cameo], [r.text for r in plover]
    cameo_coded, plover_coded = coder.code_many(ctexts), coder.code_many(ptexts)
    emb_c, emb_p = encode(ctexts), encode(ptexts)
    typer = fit_typer(cameo, plover, cameo_embeddings=emb_c, plover_embeddings=emb_p,
                      cameo_coded=cameo_coded, plover_coded=plover_coded)
    written = typer.save(out_dir)
    # the fast variant: the same features with the embedding columns left at zero
    fast = fit_typer(cameo, plover, cameo_embeddings=np.zeros_like(emb_c), plover_embeddings=np.zeros_like(emb_p),
                     cameo_coded=cameo_coded, plover_coded=plover_coded)
    fast.meta["embeddings"] = False
    written += fast.save(out_dir / FAST_DIR)
    written.append(train_roles(roles, out_dir / MODEL_FILE, nlp=coder.nlp))
    return {
        "out_dir": str(out_dir),
        "files": {str(p.relative_to(out_dir)): {"bytes": p.stat().st_size, "sha256": _sha256(p)} for p in written},
        "vocab": len(typer.vocab), "training": typer.meta["training"],
        "roles": {"sentences": len(roles), "params": dict(CRF_PARAMS)},
        "seconds": round(time.perf_counter() - started, 1),
    }


def format_summary(summary: dict[str, Any]) -> str:
    lines = [f"event models written to {summary['out_dir']} in {summary['seconds']} s"]
    for name, info in summary["files"].items():
        lines.append(f"  {name:16} {info['bytes'] / 1024:8.1f} KiB  sha256 {info['sha256'][:16]}")
    t = summary["training"]
    lines.append(f"typer: {t['cameo_sentences']} cameo sentences, {t['plover_records']} PLOVER records, "
                 f"{t['weak_labels']} weak type labels, vocabulary {summary['vocab']}")
    lines.append(f"roles: {summary['roles']['sentences']} tagged sentences")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m counterpoint.extract.typing.train",
                                     description="Train the event typer and role tagger.")
    parser.add_argument("--data", type=Path, required=True, help="folder holding cameo-sentences/ and plover/")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: the packaged model folder)")
    args = parser.parse_args(argv)
    try:
        summary = train_events(args.data, args.out or models_dir())
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(format_summary(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
