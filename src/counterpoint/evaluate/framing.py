"""Persuasion techniques measured on the Propaganda Techniques Corpus, in k-fold cross-validation.

Folds are split by article (a seeded shuffle): no article has sentences on both sides.
Every fold trains the whole model (tagger and labeller) on the other folds only, the
tagger's threshold tuned on a tenth of the training articles, exactly as
``counterpoint train framing`` does on the whole corpus.

* **Span identification**: the SemEval-2020 Task 11 partial-overlap metric. Within
  each article, overlapping spans are merged (gold and predicted alike); precision is the
  sum, over predicted spans ``s`` and gold spans ``t``, of ``|s∩t| / |s|`` divided by the
  number of predicted spans, recall the same sum with ``|s∩t| / |t|`` over the number of
  gold spans, both pooled over the fold's articles; F1 their harmonic mean.
* **Technique classification** with the gold spans given (14 classes): micro-F1 (equal
  to accuracy, one label per gold span), per-technique precision/recall/F1, against a
  majority baseline (the training folds' most frequent technique).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from counterpoint.embed import get_encoder
from counterpoint.framing.corpus import load_corpus
from counterpoint.model import TECHNIQUES

Spans = Mapping[str, Sequence[tuple[int, int]]]


def merge_spans(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping (or touching) spans merged into one."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def span_scores(predicted: Spans, gold: Spans) -> tuple[float, float, float]:
    """Precision, recall and F1 of the partial-overlap metric over the articles of ``gold``."""
    p_sum = r_sum = 0.0
    n_pred = n_gold = 0
    for article, gold_spans in gold.items():
        pred = merge_spans(list(predicted.get(article, [])))
        ref = merge_spans(list(gold_spans))
        n_pred += len(pred)
        n_gold += len(ref)
        for s in pred:
            for t in ref:
                overlap = min(s[1], t[1]) - max(s[0], t[0])
                if overlap > 0:
                    p_sum += overlap / (s[1] - s[0])
                    r_sum += overlap / (t[1] - t[0])
    p = p_sum / n_pred if n_pred else 0.0
    r = r_sum / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def per_class(gold: Sequence[str], pred: Sequence[str]) -> dict[str, tuple[float, float, float, int]]:
    """Per label: precision, recall, F1, support."""
    out: dict[str, tuple[float, float, float, int]] = {}
    for label in TECHNIQUES:
        tp = sum(g == p == label for g, p in zip(gold, pred, strict=True))
        n_pred = sum(p == label for p in pred)
        n_gold = sum(g == label for g in gold)
        prec = tp / n_pred if n_pred else 0.0
        rec = tp / n_gold if n_gold else 0.0
        out[label] = (prec, rec, 2 * prec * rec / (prec + rec) if prec + rec else 0.0, n_gold)
    return out


@dataclass(slots=True)
class FramingReport:
    """What ``eval framing`` prints."""

    folds: int
    articles: int
    spans: int
    span_folds: list[tuple[float, float, float]] = field(default_factory=list)
    thresholds: list[float] = field(default_factory=list)
    gold: list[str] = field(default_factory=list)
    predicted: list[str] = field(default_factory=list)
    majority: list[str] = field(default_factory=list)
    span_pooled: tuple[float, float, float] = (0.0, 0.0, 0.0)
    seconds: float = 0.0

    def micro_f1(self, pred: Sequence[str]) -> float:
        return sum(g == p for g, p in zip(self.gold, pred, strict=True)) / max(1, len(self.gold))

    def to_dict(self) -> dict[str, Any]:
        return {
            "folds": self.folds, "articles": self.articles, "gold_spans": self.spans,
            "span_identification": {"precision": self.span_pooled[0], "recall": self.span_pooled[1],
                                    "f1": self.span_pooled[2],
                                    "f1_per_fold": [round(f[2], 4) for f in self.span_folds],
                                    "thresholds": self.thresholds},
            "technique_classification": {
                "micro_f1": self.micro_f1(self.predicted), "majority_micro_f1": self.micro_f1(self.majority),
                "per_technique": {k: {"precision": v[0], "recall": v[1], "f1": v[2], "support": v[3]}
                                  for k, v in per_class(self.gold, self.predicted).items()},
            },
            "seconds": round(self.seconds, 1),
        }


def cross_validate(data: Path, *, folds: int = 5, epochs: int | None = None, seed: int = 0,
                   log: Callable[[str], None] | None = None) -> FramingReport:
    """Run the k-fold evaluation; ``log`` receives progress lines."""
    from counterpoint.framing import train

    started = time.perf_counter()
    corpus = load_corpus(data)
    say = log or (lambda _: None)
    say(f"encoding {len(corpus.lines())} sentences of {len(corpus.articles)} articles")
    lines = train.encode_lines(corpus, get_encoder())
    report = FramingReport(folds, len(corpus.articles), len(corpus.techniques))
    groups = train.split_articles(list(corpus.articles), folds, seed=13)
    pooled_pred: dict[str, list[tuple[int, int]]] = {}
    for k, test in enumerate(groups):
        training = set(corpus.articles) - test
        say(f"fold {k + 1}/{folds}: training on {len(training)} articles")
        model = train.fit_model(corpus, lines, training, epochs=epochs or train.EPOCHS, seed=seed, log=log)
        test_lines = [ln for ln in lines if ln.article in test]
        predicted = train.predict_spans(model.tagger, test_lines)
        pooled_pred.update(predicted)
        scores = span_scores(predicted, {a: corpus.spans.get(a, []) for a in test})
        report.span_folds.append(scores)
        report.thresholds.append(model.tagger.threshold)
        dense, texts, contexts, labels = train.span_examples(corpus, lines, test)
        probs = model.labeller.probabilities(dense, texts, contexts)
        guesses = [model.labeller.classes[int(i)] for i in np.argmax(probs, axis=1)]
        most = Counter(t.label for t in corpus.techniques if t.article in training).most_common(1)[0][0]
        report.gold.extend(labels)
        report.predicted.extend(guesses)
        report.majority.extend([most] * len(labels))
        say(f"fold {k + 1}: span F1 {scores[2]:.3f}, technique micro-F1 "
            f"{sum(g == p for g, p in zip(labels, guesses, strict=True)) / max(1, len(labels)):.3f}")
    report.span_pooled = span_scores(pooled_pred, corpus.spans)
    report.seconds = time.perf_counter() - started
    return report


def format_report(report: FramingReport) -> str:
    """A plain-text report: the two headline numbers, then the per-technique table."""
    d = report.to_dict()
    si, tc = d["span_identification"], d["technique_classification"]
    lines = [
        f"Propaganda Techniques Corpus: {report.articles} articles, {report.spans} gold technique spans, "
        f"{report.folds}-fold cross-validation split by article ({report.seconds:.0f} s)",
        "",
        "Span identification (SemEval-2020 T11 partial overlap, pooled over folds):",
        f"  precision {si['precision']:.3f}  recall {si['recall']:.3f}  F1 {si['f1']:.3f}   "
        f"(per fold: {', '.join(f'{f:.3f}' for f in si['f1_per_fold'])}; thresholds "
        f"{', '.join(str(t) for t in si['thresholds'])})",
        "",
        "Technique classification with gold spans (14 classes):",
        f"  micro-F1 {tc['micro_f1']:.3f}   majority baseline {tc['majority_micro_f1']:.3f}",
        "",
        f"  {'technique':<38} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}",
    ]
    rows = sorted(tc["per_technique"].items(), key=lambda kv: -kv[1]["support"])
    for name, v in rows:
        lines.append(f"  {name:<38} {v['precision']:6.3f} {v['recall']:6.3f} {v['f1']:6.3f} {v['support']:6d}")
    return "\n".join(lines)
