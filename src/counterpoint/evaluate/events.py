"""Event typing and role extraction measured on cameo-sentences and the PLOVER gold records.

Cross-validated (stratified folds, fixed seed); every learned model is retrained on the
training folds only. Copies of a sentence (same words, or MiniLM cosine > 0.9) always
fall in the same fold, so a near-copy never sits on both sides.

1. **Coarse class** (cameo-sentences ``train.tsv``, 5 classes): accuracy, macro-F1 and
   per-class precision/recall/F1 of a majority baseline, the dictionary coder and the
   learned typer (quad head).
2. **Source/target spans** (cameo-sentences ``train-roles.txt``): span precision/recall/F1,
   exact match and overlap (a predicted span counts when it overlaps a gold span of the
   same role, and a gold span is found when a prediction overlaps it), for the CRF tagger
   and for the dictionary coder's subject/object.
3. **PLOVER type** (gold records, folds by record): accuracy and macro-F1 over the 16 types
   of a majority baseline, the dictionary coder and the learned typer (type head).
4. **Actor codes** (gold records): the 3-letter code (country, or IGO/NGO) of source and
   target, from spans by: a sentence-order baseline (first and second actor named), the
   dictionary coder, the CRF tagger (trained on all of train-roles.txt), and the CRF backed
   off to sentence order where it finds no coded actor; spans are
   looked up in the actor registry (``ActorRegistry``). Precision = right codes / codes
   given; recall = right codes / records with a gold code.

The dictionary coder is not trained, but its lexicon's author read the gold records of
some PLOVER types (listed in the report): its PLOVER scores, and those of the typer
that uses it as a feature, are optimistic for those types.

Run: ``python -m counterpoint.evaluate.events --data /work/shared/data``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from counterpoint.extract.typing.data import (
    PloverRecord,
    cameo_path,
    plover_path,
    read_cameo,
    read_plover,
    read_roles,
    roles_path,
    text_key,
)
from counterpoint.extract.typing.dictionary import CodedEvent, DictionaryCoder, Phrase
from counterpoint.extract.typing.labels import QUADS, TYPE_QUAD
from counterpoint.extract.typing.roles import RoleTagger, bio_spans, train_roles
from counterpoint.extract.typing.train import encode, fit_typer
from counterpoint.model import PLOVER_TYPES

SEED = 13
#: PLOVER types whose gold records the lexicon's author read while writing it.
SEEN_TYPES = frozenset({"SANCTION", "COERCE", "MOBILIZE", "COOPERATE", "CONSULT", "AID", "RETREAT", "CONCEDE",
                        "SUPPORT"})
NEAR_COPY = 0.9
Span = tuple[int, int]


# -- metrics ---------------------------------------------------------------------------
def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def classification_scores(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    """Accuracy, macro-F1 over ``labels`` that occur in gold, and per-label P/R/F1 with support."""
    per: dict[str, dict[str, float]] = {}
    for label in labels:
        tp = sum(g == p == label for g, p in zip(gold, pred, strict=True))
        n_pred = sum(p == label for p in pred)
        n_gold = sum(g == label for g in gold)
        per[label] = {**prf(tp, n_pred, n_gold), "n": n_gold}
    present = [label for label in labels if per[label]["n"]]
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold) if gold else 0.0
    macro = sum(per[label]["f1"] for label in present) / len(present) if present else 0.0
    return {"accuracy": acc, "macro_f1": macro, "per_class": per, "n": len(gold)}


def span_scores(gold: Sequence[Sequence[Span]], pred: Sequence[Sequence[Span]]) -> dict[str, Any]:
    """Exact and overlap span P/R/F1 over sentences."""
    tp = n_pred = n_gold = hit_p = hit_g = 0
    for g, p in zip(gold, pred, strict=True):
        n_pred += len(p)
        n_gold += len(g)
        tp += len(set(g) & set(p))
        hit_p += sum(any(a < d and c < b for c, d in g) for a, b in p)
        hit_g += sum(any(a < d and c < b for c, d in p) for a, b in g)
    po = hit_p / n_pred if n_pred else 0.0
    ro = hit_g / n_gold if n_gold else 0.0
    return {"exact": prf(tp, n_pred, n_gold),
            "overlap": {"p": po, "r": ro, "f1": 2 * po * ro / (po + ro) if po + ro else 0.0},
            "gold": n_gold, "predicted": n_pred}


# -- folds -----------------------------------------------------------------------------
def copy_groups(texts: Sequence[str], embeddings: npt.NDArray[np.float32] | None) -> list[int]:
    """Group ids joining copies: the same ``text_key`` or (with embeddings) cosine > ``NEAR_COPY``."""
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for i, t in enumerate(texts):
        j = first.setdefault(text_key(t), i)
        parent[find(i)] = find(j)
    if embeddings is not None and len(texts) > 1:
        sims = embeddings @ embeddings.T
        for i, j in zip(*np.nonzero(np.triu(sims, 1) > NEAR_COPY), strict=True):
            parent[find(int(i))] = find(int(j))
    return [find(i) for i in range(len(texts))]


def stratified_group_folds(labels: Sequence[Any], groups: Sequence[int], folds: int) -> list[npt.NDArray[np.int64]]:
    """Test-index arrays of ``folds`` stratified, grouped, shuffled (fixed seed) folds."""
    from sklearn.model_selection import StratifiedGroupKFold

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=SEED)
        return [te for _, te in splitter.split(np.zeros(len(labels)), list(labels), list(groups))]


def _train_of(test: npt.NDArray[np.int64], n: int) -> list[int]:
    mask = np.ones(n, dtype=bool)
    mask[test] = False
    return [int(i) for i in np.nonzero(mask)[0]]


# -- actor codes ----------------------------------------------------------------------
class CodeLookup:
    """The 3-letter code of the first actor named in a phrase (country, or IGO/NGO for such bodies)."""

    def __init__(self) -> None:
        from counterpoint.annotate.actors import ActorRegistry

        self.registry = ActorRegistry.load()
        self.index = self.registry.index

    def code_of(self, actor_id: str) -> str | None:
        actor = self.registry.get(actor_id)
        if actor is None:
            return None
        if actor.country:
            return actor.country
        return actor.sector if actor.sector in ("IGO", "NGO") else None

    def codes(self, words: Sequence[str], limit: int = 0) -> list[tuple[int, str]]:
        """(token index, code) of actors named in ``words``, left to right, longest name first."""
        from counterpoint.annotate.actors.lexicon import norm

        out: list[tuple[int, str]] = []
        i = 0
        while i < len(words):
            found = None
            for j in range(min(len(words), i + 8), i, -1):
                raw = " ".join(words[i:j])
                for trig in self.index.get(norm(raw), ()):
                    if trig.actor_id and trig.accepts(raw):
                        code = self.code_of(trig.actor_id)
                        if code:
                            found = (j, code)
                            break
                if found:
                    break
            if found:
                out.append((i, found[1]))
                if limit and len(out) >= limit:
                    break
                i = found[0]
            else:
                i += 1
        return out

    def first(self, words: Sequence[str]) -> str | None:
        hits = self.codes(words, limit=1)
        return hits[0][1] if hits else None


def _code_scores(gold: Sequence[tuple[str, ...]], pred: Sequence[str | None]) -> dict[str, Any]:
    tp = sum(p is not None and p in g for g, p in zip(gold, pred, strict=True))
    n_pred = sum(p is not None for p in pred)
    n_gold = sum(bool(g) for g in gold)
    return {**prf(tp, n_pred, n_gold), "correct": tp, "predicted": n_pred, "gold": n_gold}


# -- the four evaluations --------------------------------------------------------------
def _coarse_eval(cameo: list[tuple[str, int]], plover: list[PloverRecord], emb_c: npt.NDArray[np.float32],
                 emb_p: npt.NDArray[np.float32], coded_c: list[list[CodedEvent]],
                 coded_p: list[list[CodedEvent]], folds: int) -> dict[str, Any]:
    texts = [t for t, _ in cameo]
    gold = [QUADS[label] for _, label in cameo]
    test_folds = stratified_group_folds(gold, copy_groups(texts, emb_c), folds)
    preds: dict[str, list[str]] = {k: [""] * len(texts) for k in ("majority", "dictionary", "model", "model_fast")}
    fold_f1: list[float] = []
    zero_c = np.zeros_like(emb_c)
    zero_p = np.zeros_like(emb_p)
    for test in test_folds:
        train = _train_of(test, len(texts))
        majority = Counter(gold[i] for i in train).most_common(1)[0][0]
        typer = fit_typer([cameo[i] for i in train], plover, cameo_embeddings=emb_c[train], plover_embeddings=emb_p,
                          cameo_coded=[coded_c[i] for i in train], plover_coded=coded_p, heads=("quad",))
        fast = fit_typer([cameo[i] for i in train], plover, cameo_embeddings=zero_c[train], plover_embeddings=zero_p,
                         cameo_coded=[coded_c[i] for i in train], plover_coded=coded_p, heads=("quad",))
        idx = [int(i) for i in test]
        quad, _ = typer.predict_arrays(typer.features([texts[i] for i in idx], embeddings=emb_c[idx],
                                                      coded=[coded_c[i] for i in idx]))
        quad_fast, _ = fast.predict_arrays(fast.features([texts[i] for i in idx], embeddings=zero_c[idx],
                                                         coded=[coded_c[i] for i in idx]))
        for row, i in enumerate(idx):
            preds["majority"][i] = majority
            preds["dictionary"][i] = coded_c[i][0].quad if coded_c[i] else "neutral"
            preds["model"][i] = QUADS[int(quad[row].argmax())]
            preds["model_fast"][i] = QUADS[int(quad_fast[row].argmax())]
        fold_f1.append(classification_scores([gold[i] for i in idx], [preds["model"][i] for i in idx],
                                             QUADS)["macro_f1"])
    out = {k: classification_scores(gold, v, QUADS) for k, v in preds.items()}
    out["model"]["fold_macro_f1"] = fold_f1
    return {"n": len(texts), "folds": folds, "systems": out}


def _span_eval(roles: list[tuple[list[str], list[str]]], coder: DictionaryCoder, folds: int) -> dict[str, Any]:
    docs = [coder.parse_tokens(tokens) for tokens, _ in roles]
    texts = [" ".join(tokens) for tokens, _ in roles]
    strata = ["T" if any(t.endswith("-T") for t in tags) else "S" for _, tags in roles]
    test_folds = stratified_group_folds(strata, copy_groups(texts, None), folds)
    crf_tags: list[list[str]] = [[] for _ in roles]
    with tempfile.TemporaryDirectory() as tmp:
        for k, test in enumerate(test_folds):
            train = _train_of(test, len(roles))
            path = train_roles([roles[i] for i in train], Path(tmp) / f"fold{k}.crfsuite",
                               docs=[docs[i] for i in train])
            tagger = RoleTagger(path, coder.nlp)
            for i in test:
                crf_tags[int(i)] = tagger.tag(roles[int(i)][0], doc=docs[int(i)])
    dict_spans: dict[str, list[list[Span]]] = {"S": [], "T": []}
    for doc in docs:
        events = coder.code_doc(doc)
        main = events[0] if events else None
        for role, phrase in (("S", main.source if main else None), ("T", main.target if main else None)):
            dict_spans[role].append([(phrase.tok_start, phrase.tok_end)] if phrase else [])
    out: dict[str, Any] = {"n": len(roles), "folds": folds}
    for role, name in (("S", "source"), ("T", "target")):
        gold = [bio_spans(tags, role) for _, tags in roles]
        out[name] = {"crf": span_scores(gold, [bio_spans(t, role) for t in crf_tags]),
                     "dictionary": span_scores(gold, dict_spans[role])}
    return out


def _type_eval(cameo: list[tuple[str, int]], plover: list[PloverRecord], emb_c: npt.NDArray[np.float32],
               emb_p: npt.NDArray[np.float32], coded_c: list[list[CodedEvent]],
               coded_p: list[list[CodedEvent]], folds: int) -> dict[str, Any]:
    gold = [r.type for r in plover]
    test_folds = stratified_group_folds(gold, list(range(len(plover))), folds)
    preds: dict[str, list[str]] = {k: [""] * len(plover) for k in ("majority", "dictionary", "model", "model_fast")}
    zero_c = np.zeros_like(emb_c)
    zero_p = np.zeros_like(emb_p)
    for test in test_folds:
        train = _train_of(test, len(plover))
        majority = Counter(gold[i] for i in train).most_common(1)[0][0]
        typer = fit_typer(cameo, [plover[i] for i in train], cameo_embeddings=emb_c, plover_embeddings=emb_p[train],
                          cameo_coded=coded_c, plover_coded=[coded_p[i] for i in train], heads=("type",))
        fast = fit_typer(cameo, [plover[i] for i in train], cameo_embeddings=zero_c, plover_embeddings=zero_p[train],
                         cameo_coded=coded_c, plover_coded=[coded_p[i] for i in train], heads=("type",))
        idx = [int(i) for i in test]
        _, types = typer.predict_arrays(typer.features([plover[i].text for i in idx], embeddings=emb_p[idx],
                                                       coded=[coded_p[i] for i in idx]))
        _, types_fast = fast.predict_arrays(fast.features([plover[i].text for i in idx], embeddings=zero_p[idx],
                                                          coded=[coded_p[i] for i in idx]))
        for row, i in enumerate(idx):
            preds["majority"][i] = majority
            preds["dictionary"][i] = coded_p[i][0].type if coded_p[i] else "(none)"
            preds["model"][i] = PLOVER_TYPES[int(types[row].argmax())]
            preds["model_fast"][i] = PLOVER_TYPES[int(types_fast[row].argmax())]
    out: dict[str, Any] = {}
    for name, pred in preds.items():
        scores = classification_scores(gold, pred, PLOVER_TYPES)
        scores["quad_accuracy"] = sum(TYPE_QUAD.get(p) == TYPE_QUAD[g] for g, p in zip(gold, pred, strict=True)) \
            / len(gold)
        unseen = [k for k, g in enumerate(gold) if g not in SEEN_TYPES]
        scores["accuracy_unseen_types"] = sum(pred[k] == gold[k] for k in unseen) / len(unseen) if unseen else 0.0
        scores["n_unseen_types"] = len(unseen)
        out[name] = scores
    return {"n": len(plover), "folds": folds, "systems": out}


def _actor_eval(plover: list[PloverRecord], roles: list[tuple[list[str], list[str]]],
                coder: DictionaryCoder) -> dict[str, Any]:
    lookup = CodeLookup()
    docs = [coder.nlp(r.text) for r in plover]
    with tempfile.TemporaryDirectory() as tmp:
        tagger = RoleTagger(train_roles(roles, Path(tmp) / "all.crfsuite", nlp=coder.nlp), coder.nlp)
        crf = [tagger.tag([t.text for t in doc], doc=doc) for doc in docs]

    def phrase_code(doc: Any, phrase: Phrase | None) -> str | None:
        return lookup.first([t.text for t in doc[phrase.tok_start:phrase.tok_end]]) if phrase else None

    pred: dict[str, dict[str, list[str | None]]] = {k: {"source": [], "target": []}
                                                    for k in ("order", "dictionary", "crf", "crf+order")}
    for doc, tags in zip(docs, crf, strict=True):
        words = [t.text for t in doc]
        named = [c for _, c in lookup.codes(words)]
        distinct = list(dict.fromkeys(named))
        pred["order"]["source"].append(distinct[0] if distinct else None)
        pred["order"]["target"].append(distinct[1] if len(distinct) > 1 else None)
        events = coder.code_doc(doc)
        main = events[0] if events else None
        pred["dictionary"]["source"].append(phrase_code(doc, main.source if main else None))
        pred["dictionary"]["target"].append(phrase_code(doc, main.target if main else None))
        for role, key in (("S", "source"), ("T", "target")):
            spans = bio_spans(tags, role)
            pred["crf"][key].append(lookup.first(words[spans[0][0]:spans[0][1]]) if spans else None)
        # the CRF's codes, and where it gives none, the first (source) / next other (target) actor named
        src = pred["crf"]["source"][-1] or (distinct[0] if distinct else None)
        others = [c for c in distinct if c != src]
        pred["crf+order"]["source"].append(src)
        pred["crf+order"]["target"].append(pred["crf"]["target"][-1] or (others[0] if others else None))
    gold = {"source": [r.source_codes for r in plover], "target": [r.target_codes for r in plover]}
    return {"n": len(plover),
            "systems": {name: {role: _code_scores(gold[role], p[role]) for role in ("source", "target")}
                        for name, p in pred.items()}}


def run_events_eval(data_dir: Path, folds: int = 5) -> dict[str, Any]:
    """All four evaluations (module docstring); ``{"skipped": reason}`` when the data is missing."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        return {"skipped": f"data folder {data_dir} not found"}
    missing = [str(p) for p in (cameo_path(data_dir), roles_path(data_dir), plover_path(data_dir)) if not p.is_file()]
    if missing:
        return {"skipped": "missing " + ", ".join(missing)}
    if folds < 2:
        raise ValueError("folds must be at least 2")
    started = time.perf_counter()
    cameo = read_cameo(cameo_path(data_dir))
    roles = read_roles(roles_path(data_dir))
    plover = read_plover(plover_path(data_dir))
    coder = DictionaryCoder.load()
    ctexts, ptexts = [t for t, _ in cameo], [r.text for r in plover]
    emb_c, emb_p = encode(ctexts), encode(ptexts)
    coded_c, coded_p = coder.code_many(ctexts), coder.code_many(ptexts)
    out: dict[str, Any] = {"data": str(data_dir)}
    out["coarse"] = _coarse_eval(cameo, plover, emb_c, emb_p, coded_c, coded_p, folds)
    out["spans"] = _span_eval(roles, coder, folds)
    out["types"] = _type_eval(cameo, plover, emb_c, emb_p, coded_c, coded_p, folds)
    out["actors"] = _actor_eval(plover, roles, coder)
    out["seconds"] = round(time.perf_counter() - started, 1)
    return out


# -- report ----------------------------------------------------------------------------
def _pct(x: float) -> str:
    return f"{100 * x:5.1f}"


def format_report(result: dict[str, Any]) -> str:
    """The printable report of :func:`run_events_eval`."""
    if "skipped" in result:
        return f"skipped: {result['skipped']}"
    lines: list[str] = []
    c = result["coarse"]
    lines.append(f"1. coarse event class, cameo-sentences ({c['n']} sentences, {c['folds']}-fold stratified CV, "
                 f"copies kept in one fold)")
    lines.append(f"   {'system':11} {'accuracy':>8} {'macro-F1':>8}")
    for name, s in c["systems"].items():
        lines.append(f"   {name:11} {_pct(s['accuracy']):>8} {_pct(s['macro_f1']):>8}")
    folds_f1 = c["systems"]["model"]["fold_macro_f1"]
    lines.append(f"   model macro-F1 per fold: {', '.join(_pct(f).strip() for f in folds_f1)} "
                 f"(sd {100 * float(np.std(folds_f1)):.1f})")
    for name in ("model", "model_fast"):
        gain = c["systems"][name]["macro_f1"] - c["systems"]["dictionary"]["macro_f1"]
        lines.append(f"   {name} - dictionary: {100 * gain:+.1f} macro-F1 points (target +20)")
    lines.append("   model_fast: the same features without the MiniLM embedding (the default for extraction)")
    lines.append(f"   per class P / R / F1 {'':8} " + "   ".join(f"{n:^17}" for n in c["systems"]))
    for label in QUADS:
        cells = [f"{_pct(s['per_class'][label]['p'])} {_pct(s['per_class'][label]['r'])} "
                 f"{_pct(s['per_class'][label]['f1'])}" for s in c["systems"].values()]
        lines.append(f"   {label:20} n={c['systems']['model']['per_class'][label]['n']:<4} " + "   ".join(cells))
    sp = result["spans"]
    lines.append("")
    lines.append(f"2. source/target spans, cameo-sentences roles ({sp['n']} sentences, {sp['folds']}-fold CV for "
                 "the CRF)")
    lines.append(f"   {'role':7} {'system':11} {'exact P':>7} {'R':>6} {'F1':>6} | {'overlap P':>9} {'R':>6} "
                 f"{'F1':>6} | {'gold':>5} {'pred':>5}")
    for role in ("source", "target"):
        for name, s in sp[role].items():
            e, o = s["exact"], s["overlap"]
            lines.append(f"   {role:7} {name:11} {_pct(e['p']):>7} {_pct(e['r']):>6} {_pct(e['f1']):>6} | "
                         f"{_pct(o['p']):>9} {_pct(o['r']):>6} {_pct(o['f1']):>6} | {s['gold']:5d} "
                         f"{s['predicted']:5d}")
    t = result["types"]
    lines.append("")
    lines.append(f"3. PLOVER type, gold records ({t['n']} records, {t['folds']}-fold stratified CV by record)")
    lines.append(f"   {'system':11} {'accuracy':>8} {'macro-F1':>8} {'quad acc':>8} {'acc, types unseen':>18}")
    for name, s in t["systems"].items():
        lines.append(f"   {name:11} {_pct(s['accuracy']):>8} {_pct(s['macro_f1']):>8} {_pct(s['quad_accuracy']):>8} "
                     f"{_pct(s['accuracy_unseen_types']):>12} (n={s['n_unseen_types']})")
    lines.append(f"   per type P / R / F1 {'':9} " + "   ".join(f"{n:^17}" for n in t["systems"]))
    for label in PLOVER_TYPES:
        seen = "*" if label in SEEN_TYPES else " "
        cells = [f"{_pct(s['per_class'][label]['p'])} {_pct(s['per_class'][label]['r'])} "
                 f"{_pct(s['per_class'][label]['f1'])}" for s in t["systems"].values()]
        lines.append(f"   {label:10}{seen} n={t['systems']['model']['per_class'][label]['n']:<4} "
                     f"{'':7}" + "   ".join(cells))
    lines.append("   * records of this type were read by the lexicon's author: dictionary (and the model, which "
                 "uses it) optimistic there")
    a = result["actors"]
    lines.append("")
    lines.append(f"4. actor codes (country / IGO / NGO), PLOVER gold records ({a['n']} records; CRF trained on "
                 "cameo roles only)")
    lines.append(f"   {'role':7} {'system':11} {'P':>6} {'R':>6} {'F1':>6}  {'right/given/gold':>17}")
    for role in ("source", "target"):
        for name, s in a["systems"].items():
            r = s[role]
            lines.append(f"   {role:7} {name:11} {_pct(r['p']):>6} {_pct(r['r']):>6} {_pct(r['f1']):>6}  "
                         f"{r['correct']:>5}/{r['predicted']}/{r['gold']}")
    lines.append("")
    lines.append(f"({result['seconds']} s)")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m counterpoint.evaluate.events", description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="folder holding cameo-sentences/ and plover/")
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds (default 5)")
    args = parser.parse_args(argv)
    print(format_report(run_events_eval(args.data, folds=args.folds)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
