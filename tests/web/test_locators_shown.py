"""Pages show a file name that is not UTF-8 in its readable form (``caf\\xe9.txt``), not the
stored ``bytes:`` form, on the item page and in the failures table; escaped like any text."""

from __future__ import annotations

import os
from pathlib import Path

from starlette.testclient import TestClient

from counterpoint.locators import path_locator
from counterpoint.model import Failure, PartialDate
from counterpoint.store.sqlite import SQLiteStore
from counterpoint.web import create_app
from tests.web.corpus import BASE_URL, _document, _item


def test_a_non_utf8_file_name_is_shown_readable(tmp_path: Path) -> None:
    locator = path_locator(os.fsdecode(b"/news/caf\xe9<x-tag>.txt"))
    assert locator.startswith("bytes:")
    path = tmp_path / "s.db"
    store = SQLiteStore.open(path)
    run = store.begin_run("test", [])
    headline, body = "Bridge opens", "The council opened the bridge on Monday."
    doc = _document(f"{headline}\n\n{body}", locator=locator, source="wire.example", url=None, title=headline,
                    published=PartialDate(2025, 3, 14))
    item = _item(doc, headline, body, PartialDate(2025, 3, 14))
    store.add_document(doc, [item], run)
    store.add_failure(Failure(locator=locator, stage="read", code="empty", reason="no text", fix="none",
                              severity="warning"), run)
    store.finish_run(run, {})
    store.close()
    web = create_app(path)
    try:
        with TestClient(web, base_url=BASE_URL) as c:
            item_page = c.get(f"/items/{item.id}").text
            home = c.get("/").text
    finally:
        web.state.pool.close()
    for page in (item_page, home):
        assert "/news/caf\\xe9&lt;x-tag&gt;.txt" in page
        assert "bytes:" not in page and "<x-tag>" not in page
