"""A text of more lines than any news page (a site dump, a page of a million one-word elements) is
kept as one item in one pass, with a recorded warning, instead of minutes of line analysis."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from counterpoint.config import Settings
from counterpoint.model import PartialDate
from counterpoint.pipeline import ingest
from counterpoint.segment import MAX_LINES, segment, too_many_lines
from counterpoint.store.sqlite import SQLiteStore
from tests.conftest import make_document


def test_a_text_over_the_line_cap_is_one_item_holding_every_line() -> None:
    text = "\n" + "Menu\n" * MAX_LINES + "Last line.\n\n"
    doc = make_document(text, published=PartialDate(2024, 5, 2, "header"))
    assert too_many_lines(doc)
    (item,) = segment(doc)
    assert item.start == 1 and item.end == len(text.rstrip())
    assert item.body == text.strip() and item.headline is None
    assert item.published.iso() == "2024-05-02" and item.published.origin == "document"


def test_a_news_page_is_cut_as_before() -> None:
    text = "Border Update!\n\nTroops Leave The Valley (3.4.2024)\n\nThe army said on Wednesday that it left.\n"
    doc = make_document(text)
    assert not too_many_lines(doc)
    assert segment(doc)[0].headline is not None


def test_ingest_records_the_warning_and_stores_the_good_file_beside_it(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "many.txt").write_text("a\n" * (MAX_LINES + 10))
    (folder / "good.txt").write_text("The council said on Monday that the bridge would open in spring.\n")
    db = tmp_path / "s.db"
    store = SQLiteStore.open(db)
    try:
        ingest([str(folder)], Settings(db=str(db), progress=False), store)
    finally:
        store.close()
    conn = sqlite3.connect(db)
    try:
        items = conn.execute("SELECT count(*) FROM items").fetchone()[0]
        codes = [r[0] for r in conn.execute("SELECT code FROM failures")]
    finally:
        conn.close()
    assert items == 2
    assert codes == ["reduced"]
