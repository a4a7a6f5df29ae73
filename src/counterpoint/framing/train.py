"""Train the technique model: the span tagger (torch, CPU) and the labeller (scikit-learn).

``counterpoint train framing --data PTC`` runs ``train_framing``; the evaluation
(``counterpoint eval framing``) calls the same functions on each fold. torch is
only needed here: install the ``train`` extra (see README). The written folder
holds ``framing.npz`` (weights) and ``framing.json`` (vocabularies, threshold,
classes, training facts); ``TechniqueModel.load`` reads it with numpy alone.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from counterpoint.embed import Encoder, TokenStates
from counterpoint.errors import ConfigError
from counterpoint.framing.corpus import Corpus
from counterpoint.framing.features import Tfidf, Words, inner_mean, pieces_in, span_context, span_vector, words_of
from counterpoint.framing.techniques import Labeller, Tagger, TechniqueModel

Array = npt.NDArray[np.float32]

#: Tagger shape and schedule (chosen by cross-validation on the training corpus).
HIDDEN = 128
EMBED = 48
EPOCHS = 7
BATCH = 32
MAX_LR = 3e-3
DROPOUT = 0.3
WORD_DROPOUT = 0.2
#: Largest difference allowed between the numpy tagger and the torch network.
PORT_TOLERANCE = 1e-4
#: The tagger's weights are averaged over this many last epochs.
AVERAGE_EPOCHS = 3
#: Words seen fewer times than this in training share the unknown embedding.
MIN_WORD_COUNT = 2
#: Thresholds tried on held-out articles of the training data.
THRESHOLDS = (0.1, 0.125, 0.15, 0.175, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
#: Labeller: weight of the dense block against TF-IDF, and inverse regularisation.
DENSE_WEIGHT = 0.03
LABELLER_C = 16.0
#: Weight of the TF-IDF of the span's sentence around it (unigrams seen in 3+ spans).
CONTEXT_WEIGHT = 0.5
CONTEXT_MIN_DF = 3


@dataclass(slots=True)
class Line:
    """A corpus sentence with its encoder states and tagger words."""

    article: str
    start: int
    end: int
    text: str
    states: TokenStates
    words: Words
    gold: npt.NDArray[np.float32]  # per word: 1 inside a gold span


def encode_lines(corpus: Corpus, encoder: Encoder, *, progress: Callable[[int], None] | None = None) -> list[Line]:
    """Encode every sentence of the corpus once (the slow step: ~2 minutes on 2 cores)."""
    where = corpus.lines()
    texts = [corpus.articles[a][s:e] for a, s, e in where]
    states: list[TokenStates] = []
    step = 512
    for b in range(0, len(texts), step):
        states.extend(encoder.token_states(texts[b:b + step]))
        if progress:
            progress(len(texts[b:b + step]))
    out: list[Line] = []
    for (aid, s, e), text, st in zip(where, texts, states, strict=True):
        words = words_of(text, st)
        gold_spans = corpus.spans.get(aid, [])
        gold = np.array([any(g0 < s + we and g1 > s + ws for g0, g1 in gold_spans) for ws, we in words.spans],
                        dtype=np.float32)
        out.append(Line(aid, s, e, text, st, words, gold))
    return out


# -- span tagger ----------------------------------------------------------------------------------


def require_torch() -> Any:
    try:
        import torch
    except ImportError as exc:
        raise ConfigError("training the framing model needs torch",
                          fix="install the train extra: `pip install torch==2.13.0` (CPU build), see README") from exc
    return torch


def train_tagger(lines: Sequence[Line], *, epochs: int = EPOCHS, seed: int = 0,
                 log: Callable[[str], None] | None = None) -> Tagger:
    """Fit the BiLSTM tagger on ``lines``; returns it as numpy weights (threshold 0.5 until tuned)."""
    torch = require_torch()
    nn = torch.nn
    module: Any = nn.Module
    torch.manual_seed(seed)
    rng = random.Random(seed)
    counts = Counter(w for line in lines for w in line.words.forms)
    vocabulary = sorted(w for w, c in counts.items() if c >= MIN_WORD_COUNT)
    index = {w: i + 2 for i, w in enumerate(vocabulary)}
    dim = lines[0].words.features.shape[1]

    class Net(module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.emb = nn.Embedding(len(vocabulary) + 2, EMBED, padding_idx=0)
            self.inp = nn.Linear(dim + EMBED, HIDDEN)
            self.lstm = nn.LSTM(HIDDEN, HIDDEN, batch_first=True, bidirectional=True)
            self.out = nn.Linear(2 * HIDDEN, 1)
            self.drop = nn.Dropout(DROPOUT)

        def forward(self, x: Any, ids: Any, lengths: Any) -> Any:
            e = self.emb(ids)
            if self.training:
                e = e * (torch.rand(ids.shape) > WORD_DROPOUT).float().unsqueeze(-1)
            z = torch.relu(self.inp(self.drop(torch.cat([x, e], -1))))
            packed = nn.utils.rnn.pack_padded_sequence(z, lengths, batch_first=True, enforce_sorted=False)
            o, _ = self.lstm(packed)
            o, _ = nn.utils.rnn.pad_packed_sequence(o, batch_first=True, total_length=x.shape[1])
            return self.out(self.drop(o)).squeeze(-1)

    usable = [line for line in lines if len(line.words.forms)]

    def batch(rows: Sequence[Line]) -> tuple[Any, Any, Any, Any, Any]:
        lengths = [len(r.words.forms) for r in rows]
        steps = max(lengths)
        x = torch.zeros(len(rows), steps, dim)
        y = torch.zeros(len(rows), steps)
        mask = torch.zeros(len(rows), steps)
        ids = torch.zeros(len(rows), steps, dtype=torch.long)
        for b, r in enumerate(rows):
            n = lengths[b]
            x[b, :n] = torch.from_numpy(r.words.features)
            y[b, :n] = torch.from_numpy(r.gold)
            mask[b, :n] = 1
            ids[b, :n] = torch.tensor([index.get(w, 1) for w in r.words.forms])
        return x, ids, torch.tensor(lengths), y, mask

    net = Net()
    opt = torch.optim.Adam(net.parameters(), lr=MAX_LR)
    steps_per_epoch = (len(usable) + BATCH - 1) // BATCH
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=MAX_LR, total_steps=max(1, epochs * steps_per_epoch))
    averaged: list[dict[str, Array]] = []
    for epoch in range(epochs):
        net.train()
        order = list(usable)
        rng.shuffle(order)
        total = 0.0
        for b in range(0, len(order), BATCH):
            x, ids, lengths, y, mask = batch(order[b:b + BATCH])
            loss_all = nn.functional.binary_cross_entropy_with_logits(net(x, ids, lengths), y, reduction="none")
            loss = (loss_all * mask).sum() / mask.sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += float(loss.detach())
        if log:
            log(f"tagger epoch {epoch + 1}/{epochs}: loss {total / max(1, steps_per_epoch):.4f}")
        if epoch >= epochs - AVERAGE_EPOCHS:  # average the weights of the last epochs (steadier than the last)
            averaged.append({k: v.detach().numpy().astype(np.float32).copy() for k, v in net.state_dict().items()})
    sd = {k: np.mean([a[k] for a in averaged], axis=0).astype(np.float32) for k in averaged[0]}
    net.load_state_dict({k: torch.from_numpy(v) for k, v in sd.items()})
    weights = {
        "emb": sd["emb.weight"], "inp_w": sd["inp.weight"], "inp_b": sd["inp.bias"],
        "lstm_f_wih": sd["lstm.weight_ih_l0"], "lstm_f_whh": sd["lstm.weight_hh_l0"],
        "lstm_f_b": sd["lstm.bias_ih_l0"] + sd["lstm.bias_hh_l0"],
        "lstm_r_wih": sd["lstm.weight_ih_l0_reverse"], "lstm_r_whh": sd["lstm.weight_hh_l0_reverse"],
        "lstm_r_b": sd["lstm.bias_ih_l0_reverse"] + sd["lstm.bias_hh_l0_reverse"],
        "out_w": sd["out.weight"], "out_b": sd["out.bias"],
    }
    tagger = Tagger(weights, vocabulary, 0.5)
    _check_port(net, batch, tagger, usable[:16])
    return tagger


def _check_port(net: Any, batch: Callable[[Sequence[Line]], tuple[Any, ...]], tagger: Tagger,
                sample: Sequence[Line]) -> None:
    """The numpy tagger must give what the torch network gives (else the port is wrong)."""
    import torch

    if not sample:
        return
    net.eval()
    x, ids, lengths, _, _ = batch(sample)
    with torch.no_grad():
        expected = torch.sigmoid(net(x, ids, lengths)).numpy()
    got = tagger.probabilities([line.words for line in sample])
    worst = max(float(np.abs(expected[b, :len(g)] - g).max()) for b, g in enumerate(got) if len(g))
    if worst > PORT_TOLERANCE:
        raise RuntimeError(f"numpy tagger differs from the trained network by {worst:.2e}")


def predict_spans(tagger: Tagger, lines: Sequence[Line], threshold: float | None = None,
                  probs: Sequence[Array] | None = None) -> dict[str, list[tuple[int, int]]]:
    """Predicted spans per article (article offsets)."""
    if probs is None:
        probs = tagger_probabilities(tagger, lines)
    keep = tagger.threshold
    if threshold is not None:
        tagger.threshold = threshold
    out: dict[str, list[tuple[int, int]]] = {}
    try:
        for line, p in zip(lines, probs, strict=True):
            for s, e, _ in tagger.spans(line.words, p):
                out.setdefault(line.article, []).append((line.start + s, line.start + e))
    finally:
        tagger.threshold = keep
    return out


def tagger_probabilities(tagger: Tagger, lines: Sequence[Line], *, batch: int = 128) -> list[Array]:
    order = sorted(range(len(lines)), key=lambda i: len(lines[i].words.forms))
    out: list[Array | None] = [None] * len(lines)
    for b in range(0, len(order), batch):
        idx = order[b:b + batch]
        for i, p in zip(idx, tagger.probabilities([lines[i].words for i in idx]), strict=True):
            out[i] = p
    return [p if p is not None else np.zeros(0, np.float32) for p in out]


def tune_threshold(tagger: Tagger, lines: Sequence[Line], gold: dict[str, list[tuple[int, int]]]) -> float:
    """The threshold with the best span F1 on ``lines`` (held-out articles)."""
    from counterpoint.evaluate.framing import span_scores

    probs = tagger_probabilities(tagger, lines)
    articles = {line.article for line in lines}
    best = max(THRESHOLDS, key=lambda th: span_scores(predict_spans(tagger, lines, th, probs),
                                                      {a: gold.get(a, []) for a in articles})[2])
    return float(best)


# -- technique labeller -----------------------------------------------------------------------------


def span_examples(corpus: Corpus, lines: Sequence[Line],
                  articles: set[str]) -> tuple[Array, list[str], list[str], list[str]]:
    """Dense features, texts, contexts (the rest of their lines) and gold labels of the gold spans of ``articles``."""
    by_article: dict[str, list[Line]] = {}
    for line in lines:
        by_article.setdefault(line.article, []).append(line)
    dense: list[Array] = []
    texts: list[str] = []
    contexts: list[str] = []
    labels: list[str] = []
    for t in corpus.techniques:
        if t.article not in articles:
            continue
        article = corpus.articles[t.article]
        pieces: list[Array] = []
        means: list[Array] = []
        for line in by_article.get(t.article, []):
            if line.end <= t.start or line.start >= t.end:
                continue
            means.append(inner_mean(line.states))
            pieces.extend(pieces_in(line.states, t.start - line.start, t.end - line.start))
        text = article[t.start:t.end]
        line_start = article.rfind("\n", 0, t.start) + 1
        line_end = article.find("\n", t.end)
        line_end = len(article) if line_end < 0 else line_end
        dense.append(span_vector(pieces, means, text, article))
        texts.append(text)
        contexts.append(span_context(article[line_start:line_end], t.start - line_start, t.end - line_start))
        labels.append(t.label)
    return np.asarray(dense, dtype=np.float32).reshape(len(dense), -1), texts, contexts, labels


def _sparse_rows(tfidf: Tfidf, texts: Sequence[str], weight: float = 1.0) -> Any:
    from scipy import sparse

    rows, cols, vals = [], [], []
    for r, text in enumerate(texts):
        c, v = tfidf.transform(text)
        rows.extend([r] * len(c))
        cols.extend(c.tolist())
        vals.extend((v * weight).tolist())
    return sparse.csr_matrix((vals, (rows, cols)), shape=(len(texts), len(tfidf.vocabulary)))


def train_labeller(dense: Array, texts: Sequence[str], contexts: Sequence[str], labels: Sequence[str], *,
                   seed: int = 0) -> Labeller:
    """Fit the multinomial logistic regression over dense features, the span's TF-IDF and its context's."""
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    mean = dense.mean(axis=0)
    scale = dense.std(axis=0)
    scale[scale < 1e-6] = 1.0
    tfidf = Tfidf.fit(texts)
    context_tfidf = Tfidf.fit(contexts, min_df=CONTEXT_MIN_DF, ngrams=1)
    x = sparse.hstack([sparse.csr_matrix((dense - mean) / scale * DENSE_WEIGHT), _sparse_rows(tfidf, texts),
                       _sparse_rows(context_tfidf, contexts, CONTEXT_WEIGHT)]).tocsr()
    model = LogisticRegression(C=LABELLER_C, max_iter=3000, random_state=seed).fit(x, list(labels))
    return Labeller([str(c) for c in model.classes_], model.coef_.astype(np.float32),
                    model.intercept_.astype(np.float32), mean.astype(np.float32), scale.astype(np.float32),
                    DENSE_WEIGHT, tfidf, context_tfidf, CONTEXT_WEIGHT)


# -- the whole model ----------------------------------------------------------------------------------


def split_articles(articles: Sequence[str], folds: int, seed: int = 13) -> list[set[str]]:
    """Articles dealt into ``folds`` groups after a seeded shuffle."""
    order = sorted(articles)
    random.Random(seed).shuffle(order)
    return [set(order[k::folds]) for k in range(folds)]


def fit_model(corpus: Corpus, lines: Sequence[Line], articles: set[str], *, epochs: int = EPOCHS, seed: int = 0,
              log: Callable[[str], None] | None = None) -> TechniqueModel:
    """The tagger on nine tenths of ``articles``, its threshold tuned on the tenth held out; the labeller on all."""
    held = split_articles(sorted(articles), 10, seed)[0]
    fit_lines = [ln for ln in lines if ln.article in articles and ln.article not in held]
    held_lines = [ln for ln in lines if ln.article in held]
    tagger = train_tagger(fit_lines, epochs=epochs, seed=seed, log=log)
    tagger.threshold = tune_threshold(tagger, held_lines, corpus.spans)
    if log:
        log(f"threshold {tagger.threshold} (tuned on {len(held)} held-out articles)")
    dense, texts, contexts, labels = span_examples(corpus, lines, articles)
    labeller = train_labeller(dense, texts, contexts, labels, seed=seed)
    return TechniqueModel(tagger, labeller)


def save_model(model: TechniqueModel, folder: Path, *, facts: dict[str, Any]) -> None:
    """Write ``framing.npz`` and ``framing.json`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    t, lab = model.tagger, model.labeller
    arrays = {f"t_{k}": v.astype(np.float16 if k == "emb" else np.float32) for k, v in t.w.items()}
    arrays.update({"l_coef": lab.coef, "l_intercept": lab.intercept, "l_mean": lab.mean, "l_scale": lab.scale})
    np.savez_compressed(folder / "framing.npz", **arrays)  # type: ignore[arg-type]
    vocabulary = [w for w, _ in sorted(t.vocab.items(), key=lambda kv: kv[1])]
    meta = {"version": 1, "trained": datetime.now(UTC).date().isoformat(), "threshold": t.threshold,
            "classes": lab.classes, "dense_weight": lab.dense_weight, "tagger_vocabulary": vocabulary,
            "tfidf": lab.tfidf.to_dict(), "context_tfidf": lab.context_tfidf.to_dict(),
            "context_weight": lab.context_weight, **facts}
    (folder / "framing.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
