"""Shared fixtures. The suite is hermetic: no network, nothing from ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from counterpoint.model import Document, Item, PartialDate, Span
from counterpoint.store.sqlite import SQLiteStore

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    s = SQLiteStore.open(tmp_path / "test.db", batch_size=2)
    yield s
    s.close()


def make_document(text: str, *, locator: str = "doc.txt", source: str | None = "example.org",
                  published: PartialDate | None = None) -> Document:
    """A hand-made document for store and CLI tests."""
    return Document(
        id=Document.make_id(source, locator, None, text), locator=locator, kind="text", text=text,
        source=source, source_origin="flag" if source else "none", url=None, title=None, author=None,
        published=published or PartialDate(), language="en", language_score=0.99, analysed=True,
        encoding="utf-8", raw_sha256="0" * 64, raw_size=len(text.encode()),
    )


def make_item(doc: Document, start: int, end: int, position: int = 1,
              published: PartialDate | None = None, headline_end: int | None = None) -> Item:
    """An item spanning ``doc.text[start:end]``, optionally with a headline prefix."""
    headline = Span.of(doc.text, start, headline_end) if headline_end else None
    body_start = (headline_end + 1) if headline_end else start
    return Item(
        id=Item.make_id(doc.id, start, end), document_id=doc.id, position=position, start=start, end=end,
        caption=None, headline=headline, photo_captions=(), paragraphs=(Span.of(doc.text, body_start, end),),
        published=published or PartialDate(), dropped=(),
    )
