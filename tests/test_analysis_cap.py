"""An item's body over ``max_analysed_chars`` is stored whole and searchable, analysed only up to
the cap (so a 5M-character line costs seconds, not an hour), and a warning says so."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from counterpoint.annotate.stage import analysed_body, chunks
from counterpoint.config import Settings
from counterpoint.engine import LocalEngine
from counterpoint.pipeline import analyze, capped_items
from counterpoint.store.sqlite import SQLiteStore
from tests.conftest import make_document, make_item

SENTENCE = "Officials in Seoul said that talks with Pyongyang on border security would resume. "


def test_analysed_body_is_a_prefix_cut_at_a_sentence_end() -> None:
    body = SENTENCE * 40
    assert analysed_body(body, 10_000) == body
    part = analysed_body(body, 200)
    assert body.startswith(part) and len(part) <= 200
    assert part.endswith(".") and part == chunks(body[:201], 200)[0][1]


def test_a_body_with_no_break_is_cut_at_the_cap() -> None:
    assert analysed_body("x" * 500, 120) == "x" * 120


def test_only_items_over_the_cap_get_a_warning() -> None:
    text = "Short item.\n\n" + SENTENCE * 10
    doc = make_document(text)
    short, long = make_item(doc, 0, 11, position=1), make_item(doc, 13, len(text), position=2)
    warnings = capped_items(doc, [short, long], 300)
    assert [w.code for w in warnings] == ["analysis-capped"]
    assert warnings[0].severity == "warning" and "item 2" in warnings[0].reason
    assert "max_analysed_chars" in warnings[0].fix
    assert capped_items(doc, [short, long], 10_000) == []


def test_a_long_body_is_stored_whole_and_analysed_up_to_the_cap(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    body = SENTENCE * 60  # ~5,000 characters on one line
    (folder / "long.txt").write_text(body)
    db = tmp_path / "s.db"
    store = SQLiteStore.open(db)
    try:
        settings = Settings(db=str(db), progress=False, max_analysed_chars=1_000)
        analyze([str(folder)], settings, store, engine=LocalEngine(workers=1))
    finally:
        store.close()
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT text FROM documents").fetchone()[0].strip() == body.strip()
        ends = [r[0] for r in conn.execute("SELECT \"end\" FROM sentences WHERE field = 'body'")]
        codes = [r[0] for r in conn.execute("SELECT code FROM failures")]
        mentions = conn.execute("SELECT max(\"end\") FROM mentions WHERE field = 'body'").fetchone()[0]
    finally:
        conn.close()
    assert ends and max(ends) <= 1_000  # nothing past the cap was parsed
    assert mentions is not None and mentions <= 1_000  # but what is before it was analysed
    assert codes == ["analysis-capped"]
