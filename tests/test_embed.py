"""The sentence encoder: batches bounded by word pieces, and vectors that do not depend on them."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from counterpoint.embed import BATCH_TOKENS, MAX_TOKENS, Encoder, get_encoder


def pieces(n: int) -> SimpleNamespace:
    return SimpleNamespace(ids=[0] * n)


def test_batches_hold_at_most_the_piece_budget_and_the_batch_size() -> None:
    lengths = [MAX_TOKENS] * 20 + [12] * 70 + [60] * 9
    batches = list(Encoder._batches([pieces(n) for n in lengths], 32))
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))  # each text once
    for batch in batches:
        assert len(batch) <= 32
        assert len(batch) * max(lengths[i] for i in batch) <= BATCH_TOKENS
    assert max(len(b) for b in batches if all(lengths[i] == MAX_TOKENS for i in b)) == BATCH_TOKENS // MAX_TOKENS
    assert max(len(b) for b in batches) == 32  # short sentences still go 32 to a batch


def test_a_text_gets_the_same_vector_alone_or_in_any_batch() -> None:
    encoder = get_encoder()
    texts = [("Troops crossed the border near Kursk on Tuesday, officials said. " * (1 + i % 9))[: 30 + 97 * i]
             for i in range(24)] + ["", "Kyiv."]
    together = encoder.encode(texts)
    alone = np.stack([encoder.encode([t])[0] for t in texts])
    assert together.shape == (26, 384)
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    assert float((together * alone).sum(axis=1).min()) > 0.9999  # padding never leaks into a vector
    assert len(encoder._tokenize(["Kyiv."])[0].ids) == 4  # [CLS] kyiv . [SEP]: not padded to a fixed length
    states = encoder.token_states(texts[:3])
    assert [len(s.vectors) for s in states] == [len(s.offsets) for s in states]
    assert all(len(s.vectors) > 0 for s in states)
