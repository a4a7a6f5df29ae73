"""The text reader and ingest: a page's printed date becomes its published date with its origin;
a site header's today, an impossible date and a date after the run's date do not (issue 17)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from counterpoint.config import Settings
from counterpoint.model import Document, Failure
from counterpoint.read import read_one
from counterpoint.read.base import RawInput
from counterpoint.segment import segment

LEAD = "Officials said the new ferry line between the two ports would open to passengers next spring."


def read(text: str) -> tuple[Document, list[Failure]]:
    raw = RawInput(locator="page.txt", data=text.encode(), path=None)
    out = list(read_one(raw, Settings(run_date="2025-06-01")))
    docs = [o for o in out if isinstance(o, Document)]
    fails = [o for o in out if isinstance(o, Failure)]
    assert len(docs) == 1
    return docs[0], fails


@pytest.mark.parametrize(
    ("text", "iso", "origin"),
    [
        (f"Ferry line to open next spring\n2025-03-04 08:49\n\n{LEAD}", "2025-03-04", "date-line"),
        (f"Ferry line\n\nPORTVILLE, 4 March 2025 (Wirepress) - {LEAD}", "2025-03-04", "dateline"),
        (f" date 2025-03 Ferry line\n\nPORTVILLE, March 4 (Wirepress) - {LEAD}", "2025-03-04", "dateline"),
        (f" date 2025-03-05 Ferry line\n\nPublished: 4 March 2025\n{LEAD}", "2025-03-05", "header"),
        (f"Today: Wednesday, 28 May 2025 year\nFerry line to open next spring\n\n{LEAD}", None, "none"),
    ],
)
def test_published_from_the_text(text: str, iso: str | None, origin: str) -> None:
    doc, _ = read(text)
    assert doc.published.iso() == iso
    assert doc.published.origin == origin


def test_header_and_page_disagree_header_kept_and_noted() -> None:
    doc, _ = read(f" date 2025-03-05 Ferry line\n\nPublished: 1 March 2025\n{LEAD}")
    assert doc.published.iso() == "2025-03-05"
    assert "1 March 2025" in doc.extras["date_note"]


def test_impossible_printed_date_is_a_warning_and_no_date() -> None:
    doc, fails = read(f"Ferry line\n\nPORTVILLE, 31 February 2025 (Wirepress) - {LEAD}")
    assert not doc.published.known
    assert doc.extras["date_refused"] == "31 February 2025"
    assert [f.code for f in fails] == ["invalid-date"]


def test_page_dated_2099_is_refused_with_a_warning() -> None:
    doc, fails = read(f"Ferry line to open next spring\n\nPublished: 4 March 2099\n{LEAD}")
    assert not doc.published.known
    assert doc.extras["date_refused"] == "2099-03-04"
    assert [f.code for f in fails] == ["implausible-date"]


def test_date_lines_are_never_headlines_nor_paragraphs() -> None:
    text = f"Today: Wednesday, 28 May 2025 year\n2025-03-04 08:49\n\n{LEAD}\n1741078140\n\nThe ministry gave no cost."
    doc, _ = read(text)
    (item,) = segment(doc)
    assert item.headline is None
    assert all("2025" not in p.text and "1741078140" not in p.text for p in item.paragraphs)
    assert item.published.iso() == "2025-03-04" and item.published.origin == "document"


def test_ingest_stores_the_origin(tmp_path: Path) -> None:
    from counterpoint.pipeline import ingest
    from counterpoint.store.sqlite import SQLiteStore

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(f"Ferry line to open next spring\n\nUpdated on: 5 March 2025 8:26\n{LEAD}")
    store = SQLiteStore.open(tmp_path / "t.db")
    try:
        ingest([str(folder)], Settings(db=str(tmp_path / "t.db"), progress=False, run_date="2025-06-01"), store)
    finally:
        store.close()
    conn = sqlite3.connect(tmp_path / "t.db")
    try:
        row = conn.execute("SELECT published, published_origin, extras FROM documents").fetchone()
    finally:
        conn.close()
    assert row[:2] == ("2025-03-05", "date-line")
    assert json.loads(row[2])["date_printed"] == "5 March 2025"



def test_a_stamp_with_a_clock_time_is_no_headline() -> None:
    doc, _ = read(f"The ministry is studying the cost of the new line.\nMay 31, 2025, 1:51 AM\nPORTVILLE -- {LEAD}")
    (item,) = segment(doc)
    assert item.headline is None or "1:51" not in item.headline.text
    assert doc.published.iso() == "2025-05-31"
