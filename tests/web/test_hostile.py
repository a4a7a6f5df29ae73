"""Hostile text in every field shown: no page ever carries a raw `<script>`, an event handler, a
`javascript:`/`data:` link or a raw bidi override from the store, and each field is really shown (its
escaped payload is on the page), so the check covers it."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from counterpoint.cli import cli
from counterpoint.report.html import render_report
from counterpoint.store.sqlite import SQLiteStore
from counterpoint.web import create_app
from counterpoint.web.queries import source_id
from counterpoint.web.views import Actors
from tests.web.corpus import BASE_URL, EVIL_ACTOR, EVIL_SOURCE, HOSTILE_DIR, Corpus, escaped_marker
from tests.web.htmlcheck import check_page

EVIL_TYPE_SHOWN = "&lt;script&gt;alert(&#39;eventtype&#39;)&lt;/script&gt;"


def shown_fields(corpus: Corpus) -> list[tuple[str, tuple[str, ...]]]:
    """Each page and the hostile fields it shows."""
    evil_source = quote(source_id(EVIL_SOURCE), safe="")
    evil_actor = quote(EVIL_ACTOR, safe="")
    return [
        ("/", ("source", "failurelocator", "failurereason", "failurefix")),
        ("/timeline", ("storytitle", "source", "actorid")),
        ("/timeline?type=" + quote("<script>alert('eventtype')</script>"), ("storytitle",)),
        (f"/stories/{corpus.story_id}", ("storytitle", "source", "headline", "body", "caption", "label", "actorid",
                                         "naming")),
        (f"/items/{corpus.items['evil']}", (
            "headline", "body", "caption", "photocaption", "droppedtext", "droppedreason", "title", "locator",
            "author", "source", "mention", "actorid", "placename", "timetext", "actortext", "placetext", "datetext",
            "speaker", "cue", "naming", "namingcue", "label", "evidence", "method")),
        (f"/actors/{evil_actor}", ("actorid", "naming2", "mention")),
        ("/actors/kpa", ("naming", "source")),
        (f"/sources/{evil_source}", ("source", "headline", "label", "naming")),
        ("/sources/mirror.example", ()),
        ("/search?q=troops", ("headline", "source")),
        ("/search?q=alert+script", ()),
        (f"/search?q=troops&source={quote(EVIL_SOURCE)}", ("source",)),
    ]


def test_every_shown_field_is_escaped(client: TestClient, corpus: Corpus) -> None:
    for path, fields in shown_fields(corpus):
        r = client.get(path)
        assert r.status_code == 200, (path, r.text[:300])
        html = r.text
        assert check_page(html) == [], path
        for tag in fields:
            assert escaped_marker(tag) in html, f"{path}: the field {tag!r} is not shown (escaped)"
        if fields:
            assert "⟦RLO⟧" in html, f"{path}: the right-to-left override is not shown as a marker"


def test_event_types_and_urls_are_shown_as_text(client: TestClient, corpus: Corpus) -> None:
    story = client.get(f"/stories/{corpus.story_id}").text
    assert EVIL_TYPE_SHOWN in story
    item = client.get(f"/items/{corpus.items['evil']}").text
    assert EVIL_TYPE_SHOWN in item
    # a javascript: URL is text, never a link
    assert "javascript:alert(&#39;url&#39;)" in item
    assert 'href="javascript' not in item.lower()
    timeline = client.get("/timeline").text
    assert EVIL_TYPE_SHOWN in timeline


def test_json_twins_keep_the_text_as_stored(client: TestClient, corpus: Corpus) -> None:
    data = client.get(f"/items/{corpus.items['evil']}.json")
    assert data.headers["content-type"] == "application/json"
    assert data.headers["x-content-type-options"] == "nosniff"
    assert data.json()["source"] == EVIL_SOURCE
    assert data.json()["headline"].startswith("<script>alert('headline')</script>")


def test_the_report_escapes_every_field(corpus: Corpus) -> None:
    store = SQLiteStore.open_read_only(corpus.path)
    try:
        html, summary = render_report(store, actors=Actors())
    finally:
        store.close()
    assert summary["stories"] == 2
    assert check_page(html, inline=True) == []
    for tag in ("storytitle", "source", "headline", "body", "label", "actorid", "naming"):
        assert escaped_marker(tag) in html, tag
    assert EVIL_TYPE_SHOWN in html
    assert "⟦RLO⟧" in html


def test_documents_read_from_hostile_files(tmp_path: Path) -> None:
    """The real reader's path: a hostile HTML page and a text with a hostile sidecar, ingested, then shown."""
    db = tmp_path / "hostile.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "-q", "ingest", str(HOSTILE_DIR / "page.html"),
                                      str(HOSTILE_DIR / "note.txt")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    store = SQLiteStore.open_read_only(db)
    items = [(s.item.id, s.source) for s in store.iter_items()]
    store.close()
    assert len(items) == 2
    web = create_app(db)
    with TestClient(web, base_url=BASE_URL) as c:
        paths = ["/", "/timeline", "/search?q=river", "/search?q=evacuation", "/search?q=alert"]
        paths += [f"/items/{item_id}" for item_id, _ in items]
        paths += [f"/sources/{quote(source_id(src), safe='')}" for _, src in items if src]
        for path in paths:
            r = c.get(path)
            assert r.status_code == 200, (path, r.text[:300])
            assert check_page(r.text) == [], path
        home = c.get("/").text
        assert escaped_marker("sidecar-source") in home
        assert "⟦RLO⟧" in home
    web.state.pool.close()


@pytest.mark.parametrize("value", ["<script>alert(1)</script>", "\u202e", "javascript:alert(1)"])
def test_search_and_filters_echo_safely(client: TestClient, value: str) -> None:
    for path in (f"/search?q={quote(value)}", f"/timeline?actor={quote(value)}", f"/search?q=x&source={quote(value)}"):
        r = client.get(path)
        assert r.status_code in (200, 400)
        assert check_page(r.text) == [], path
