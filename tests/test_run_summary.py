"""The run summary counts what the run stored: a document read twice (two feeds carrying the
same entry, in two tasks) is analysed by its worker twice but stored, and counted, once."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from counterpoint.config import Settings
from counterpoint.engine import LocalEngine
from counterpoint.pipeline import RunSummary, analyze
from counterpoint.store.sqlite import SQLiteStore

ENTRY = ("<item><title>Troops cross border</title><link>https://news.example/{n}</link><description>"
         "Russian troops crossed the border near Kursk on {day}, Ukrainian officials said. The army of Ukraine"
         " attacked a depot in Belgorod and President Zelensky met Joe Biden in Kyiv.</description></item>")
FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>{entries}</channel></rss>'
FILLER = "Officials in Seoul said talks with Pyongyang on border security would resume in {n} weeks.\n"


def corpus(folder: Path) -> None:
    """Two feeds with the same two entries, eight inputs apart: in two tasks."""
    folder.mkdir()
    entries = ENTRY.format(n="a1", day="Tuesday") + ENTRY.format(n="a2", day="Wednesday")
    for name in ("a-feed.xml", "z-feed.xml"):
        (folder / name).write_text(FEED.format(entries=entries))
    for n in range(7):
        (folder / f"m{n}.txt").write_text(FILLER.format(n=n + 2))


def stored(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        def count(sql: str) -> int:
            return int(conn.execute(sql).fetchone()[0])

        return {
            "new_documents": count("SELECT count(*) FROM documents"),
            "items": count("SELECT count(*) FROM items"),
            "annotated": count("SELECT count(*) FROM annotations WHERE status = 'done'"),
            "mentions": count("SELECT count(*) FROM mentions"),
            "extracted": count("SELECT count(*) FROM extractions WHERE status = 'done'"),
            "events": count("SELECT count(*) FROM events"),
            "framed": count("SELECT count(*) FROM framings WHERE status = 'done'"),
        }
    finally:
        conn.close()


def counted(summary: RunSummary) -> dict[str, int]:
    stages = summary.stages
    return {"new_documents": summary.new_documents, "items": summary.items,
            "annotated": stages["annotate"]["annotated"], "mentions": stages["annotate"]["mentions"],
            "extracted": stages["extract"]["extracted"], "events": stages["extract"]["events"],
            "framed": stages["framing"]["framed"]}


def run(folder: Path, db: Path) -> RunSummary:
    store = SQLiteStore.open(db)
    try:
        return analyze([str(folder)], Settings(db=str(db), progress=False), store, engine=LocalEngine(workers=1))
    finally:
        store.close()


@pytest.mark.timeout(600)
def test_a_document_read_twice_is_counted_once_and_a_rerun_counts_nothing_new(tmp_path: Path) -> None:
    corpus(tmp_path / "in")
    db = tmp_path / "s.db"
    first = run(tmp_path / "in", db)
    truth = stored(db)
    assert truth["events"] > 0 and truth["mentions"] > 0  # the case has something to over-count
    assert first.documents == 11 and first.unchanged_documents == 2  # the second feed's two entries
    assert counted(first) == truth
    again = run(tmp_path / "in", db)
    assert stored(db) == truth
    assert again.unchanged_documents == again.documents == 11
    assert again.new_documents == again.items == again.stages["extract"]["events"] == 0
