"""The technique model: numpy port of the tagger, decoding, TF-IDF, the shipped model, the metric."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from counterpoint.evaluate.framing import merge_spans, span_scores
from counterpoint.framing.features import WORD_DIM, Tfidf, Words
from counterpoint.framing.techniques import MAX_SPAN_WORDS, Tagger, get_model
from counterpoint.model import TECHNIQUES


def _words(n: int) -> Words:
    spans = [(i * 5, i * 5 + 4) for i in range(n)]
    return Words(spans, [f"w{i}" for i in range(n)], np.zeros((n, WORD_DIM), np.float32))


def _random_tagger(rng: np.random.Generator, *, hidden: int = 8, embed: int = 4, vocab: int = 5) -> Tagger:
    def r(*shape: int) -> np.ndarray:
        return rng.normal(0, 0.5, shape).astype(np.float32)

    w = {"emb": r(vocab + 2, embed), "inp_w": r(hidden, WORD_DIM + embed), "inp_b": r(hidden),
         "lstm_f_wih": r(4 * hidden, hidden), "lstm_f_whh": r(4 * hidden, hidden), "lstm_f_b": r(4 * hidden),
         "lstm_r_wih": r(4 * hidden, hidden), "lstm_r_whh": r(4 * hidden, hidden), "lstm_r_b": r(4 * hidden),
         "out_w": r(1, 2 * hidden), "out_b": r(1)}
    return Tagger(w, [f"w{i}" for i in range(vocab)], 0.5)


def test_numpy_tagger_matches_torch_lstm() -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(3)
    tagger = _random_tagger(rng)
    h = tagger.hidden
    lstm = torch.nn.LSTM(h, h, batch_first=True, bidirectional=True)
    with torch.no_grad():
        for suffix, key in (("", "f"), ("_reverse", "r")):
            getattr(lstm, f"weight_ih_l0{suffix}").copy_(torch.from_numpy(tagger.w[f"lstm_{key}_wih"]))
            getattr(lstm, f"weight_hh_l0{suffix}").copy_(torch.from_numpy(tagger.w[f"lstm_{key}_whh"]))
            getattr(lstm, f"bias_ih_l0{suffix}").copy_(torch.from_numpy(tagger.w[f"lstm_{key}_b"]))
            getattr(lstm, f"bias_hh_l0{suffix}").zero_()
    sentences = [_words(n) for n in (7, 3, 1)]
    for s in sentences:
        s.features[:] = rng.normal(size=s.features.shape)
    got = tagger.probabilities(sentences)
    for s, g in zip(sentences, got, strict=True):
        ids = torch.tensor([[tagger.vocab.get(w, 1) for w in s.forms]])
        x = torch.cat([torch.from_numpy(s.features)[None], torch.from_numpy(tagger.w["emb"])[ids]], -1)
        z = torch.relu(x @ torch.from_numpy(tagger.w["inp_w"]).T + torch.from_numpy(tagger.w["inp_b"]))
        with torch.no_grad():
            o, _ = lstm(z)
            p = torch.sigmoid(o @ torch.from_numpy(tagger.w["out_w"]).T + torch.from_numpy(tagger.w["out_b"]))
        assert np.allclose(p[0, :, 0].numpy(), g, atol=1e-5)


def test_padding_does_not_change_probabilities() -> None:
    tagger = _random_tagger(np.random.default_rng(5))
    short = _words(3)
    short.features[:] = 0.3
    alone = tagger.probabilities([short])[0]
    together = tagger.probabilities([short, _words(12)])[0]
    assert np.allclose(alone, together, atol=1e-6)


def test_spans_are_runs_above_threshold() -> None:
    tagger = _random_tagger(np.random.default_rng(1))
    words = _words(6)
    probs = np.array([0.1, 0.9, 0.8, 0.2, 0.95, 0.4], np.float32)
    spans = tagger.spans(words, probs)
    assert [(s, e) for s, e, _ in spans] == [(5, 14), (20, 24)]
    assert spans[0][2] == pytest.approx(0.85)


def test_long_runs_are_cut() -> None:
    tagger = _random_tagger(np.random.default_rng(1))
    n = MAX_SPAN_WORDS * 2 + 5
    spans = tagger.spans(_words(n), np.ones(n, np.float32))
    assert len(spans) == 3
    assert all(s < e for s, e, _ in spans)


def test_tfidf_matches_sklearn() -> None:
    sk = pytest.importorskip("sklearn.feature_extraction.text")
    texts = ["the regime's criminal junta", "criminal junta again", "peace talks", "the peace talks failed",
             "junta junta regime"]
    mine = Tfidf.fit(texts, min_df=2)
    ref = sk.TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True).fit(texts)
    assert set(mine.vocabulary) == set(ref.vocabulary_)
    for text in texts:
        cols, vals = mine.transform(text)
        dense = np.zeros(len(mine.vocabulary))
        dense[cols] = vals
        expected = ref.transform([text]).toarray()[0]
        order = [ref.vocabulary_[g] for g in sorted(mine.vocabulary, key=mine.vocabulary.__getitem__)]
        assert np.allclose(dense, expected[order], atol=1e-5)


def test_shipped_model_finds_labelled_spans() -> None:
    model = get_model()
    sentences = ["The criminal neo-Nazi junta in Kiev murdered innocent civilians in a barbaric, cowardly attack.",
                 "The ministry published its annual budget on Tuesday."]
    found = model.find(sentences, [" ".join(sentences)] * 2)
    assert found[0], "a loaded sentence yields at least one span"
    for sentence, spans in zip(sentences, found, strict=True):
        for f in spans:
            assert 0 <= f.start < f.end <= len(sentence)
            assert f.label in TECHNIQUES
            assert 0.0 <= f.confidence <= 1.0
    assert len(found[1]) <= len(found[0])


@pytest.mark.parametrize("text", ["", " ", "!!!", "«»“”\"'", "word " * 2500, "x" * 10_000,
                                  "He said \"it is a lie. " * 300])
def test_hostile_sentences(text: str) -> None:
    found = get_model().find([text], [text])
    for f in found[0]:
        assert 0 <= f.start < f.end <= len(text)


def test_merge_and_partial_overlap_metric() -> None:
    assert merge_spans([(5, 9), (0, 3), (2, 4), (9, 10)]) == [(0, 4), (5, 10)]
    gold = {"a": [(0, 10)], "b": [(0, 4)]}
    pred = {"a": [(0, 5)], "b": []}
    p, r, f = span_scores(pred, gold)
    assert p == pytest.approx(1.0)  # the one prediction lies wholly inside gold
    assert r == pytest.approx(0.25)  # half of one of two gold spans
    assert f == pytest.approx(0.4)
    assert span_scores({}, gold) == (0.0, 0.0, 0.0)


def test_long_runs_also_give_their_cores() -> None:
    tagger = _random_tagger(np.random.default_rng(1))
    tagger.threshold = 0.2
    words = _words(8)
    probs = np.array([0.3, 0.3, 0.7, 0.8, 0.3, 0.3, 0.3, 0.1], np.float32)
    spans = [(s, e) for s, e, _ in tagger.spans(words, probs)]
    assert (0, 34) in spans  # the whole run
    assert (10, 19) in spans  # its core, words 2-3
    assert len(spans) == 2


def test_a_damaged_model_folder_is_a_clear_error(tmp_path: Path) -> None:
    from counterpoint.errors import ConfigError
    from counterpoint.framing.techniques import TechniqueModel

    (tmp_path / "framing.json").write_text('{"threshold": 0.3}', "utf-8")
    np.savez(tmp_path / "framing.npz", t_emb=np.zeros((2, 2), np.float32))
    with pytest.raises(ConfigError, match="cannot be read") as err:
        TechniqueModel.load(tmp_path)
    assert "train framing" in err.value.fix
    with pytest.raises(ConfigError):
        TechniqueModel.load(tmp_path / "missing")
