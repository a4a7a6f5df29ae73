"""The framing stage over a store, through `analyze`: spans, names, statuses, failures, re-runs."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from counterpoint.config import Settings
from counterpoint.framing import stage
from counterpoint.framing.stage import Framer, frame_pending
from counterpoint.pipeline import analyze
from counterpoint.store.framing import PendingFraming
from counterpoint.store.sqlite import SQLiteStore

ARTICLE = """Ministry hails "liberation" of border village

The Russian defence ministry claimed on Tuesday that its units had completed the "liberation" of the
village after fierce fighting. Kyiv allegedly lost hundreds of soldiers, according to the ministry,
which offered no evidence. The statement described the defenders as neo-Nazi formations of the Kiev regime
and promised that the criminal junta would be crushed.
"""

CALM = """Parliament passes budget

The parliament in Seoul passed the annual budget on Friday after a debate of six hours.
"""


def _analyze(tmp_path: Path, texts: dict[str, str]) -> SQLiteStore:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in texts.items():
        (folder / name).write_text(text, "utf-8")
    settings = Settings(db=str(tmp_path / "f.db"), progress=False)
    store = SQLiteStore.open(settings.db)
    analyze([str(folder)], settings, store)
    return store


def test_analyze_frames_items_with_evidence(tmp_path: Path) -> None:
    store = _analyze(tmp_path, {"a.txt": ARTICLE, "b.txt": CALM})
    try:
        assert store.framing_status() == {"done": 2}
        spans = [s for s, _ in store.iter_framing_spans()]
        by_label = {s.label for s in spans}
        assert "Scare_Quotes" in by_label and "Hedge" in by_label
        assert any(s.kind == "technique" for s in spans)
        scare = [s for s in spans if s.label == "Scare_Quotes"]
        assert any("liberation" in s.text for s in scare)
        hedges = {s.text.lower() for s in spans if s.label == "Hedge"}
        assert {"claimed", "allegedly"} <= hedges
        namings = list(store.iter_namings())
        assert any(n.tone == "pejorative" and "Kiev regime" in n.text for n in namings)
        assert any(s.label == "Name_Calling,Labeling" and "Kiev regime" in s.text for s in spans)
        for s, meta in store.iter_framing_spans():
            assert s.start < s.end and s.text and meta["document_id"]
            assert 0.0 <= s.confidence <= 1.0
        profiles = store.framing_profiles()
        assert sum(p.items for p in profiles) == 2
    finally:
        store.close()


def test_one_bad_item_is_recorded_and_the_rest_framed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = Framer.frame

    def frame(self: Framer, batch: Sequence[PendingFraming]) -> list[stage.Framed]:
        if any("POISON" in p.item.body for p in batch):
            raise ValueError("poisoned item")
        return real(self, batch)

    monkeypatch.setattr(Framer, "frame", frame)
    store = _analyze(tmp_path, {"a.txt": ARTICLE, "p.txt": "Poisoned\n\nThis item says POISON and fails.\n"})
    try:
        assert store.framing_status() == {"done": 1, "failed": 1}
    finally:
        store.close()


def test_rerun_frames_only_what_is_pending(tmp_path: Path) -> None:
    store = _analyze(tmp_path, {"a.txt": ARTICLE})
    try:
        again = frame_pending(store)
        assert again["items"] == 0 and again["framed"] == 0
    finally:
        store.close()


HOSTILE = ("Quotes gone wrong\n\n"
           "He said \"it was a 'so-called “liberation” and «peace» he called ‘victory’ but "
           "the \"northern line\" and \"\"\" were “nested \"twice\" here” and » reversed « too. "
           + "very long sentence without end " * 350 + "\n\n"
           "The last paragraph opens a quote that never closes: \"the junta will fall and everyone knows")


def test_hostile_quotes_and_long_sentences_give_valid_offsets(tmp_path: Path) -> None:
    store = _analyze(tmp_path, {"h.txt": HOSTILE})
    try:
        assert store.framing_status() == {"done": 1}
        item = next(iter(store.iter_items())).item
        fields = {"headline": item.headline.text if item.headline else "", "body": item.body}
        spans = [s for s, _ in store.iter_framing_spans()]
        assert spans
        for s in spans:
            assert 0 <= s.start < s.end <= len(fields[s.field])
            assert fields[s.field][s.start:s.end] == s.text
        for n in store.iter_namings():
            assert fields[n.field][n.start:n.end] == n.text
    finally:
        store.close()
