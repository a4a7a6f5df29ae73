"""Every page and its JSON twin, in process: status, content, the one error shape, headers, read-only."""

from __future__ import annotations

import sqlite3
from urllib.parse import quote

import pytest
from fastapi import FastAPI
from starlette.testclient import TestClient

from counterpoint.web import create_app
from counterpoint.web.app import CSP
from counterpoint.web.queries import source_id
from tests.web.corpus import BASE_URL, EVIL_ACTOR, EVIL_SOURCE, Corpus


def pages(corpus: Corpus) -> list[tuple[str, str]]:
    """(page, its JSON twin) for every route."""
    story, item = corpus.story_id, corpus.items["evil"]
    evil = quote(source_id(EVIL_SOURCE), safe="")
    return [
        ("/", "/index.json"),
        ("/timeline", "/timeline.json"),
        ("/timeline?type=MOBILIZE&since=2025-04&until=2025-05-01",
         "/timeline.json?type=MOBILIZE&since=2025-04&until=2025-05-01"),
        ("/timeline?actor=&source=&type=&since=&until=", "/timeline.json?actor=&source=&type=&since=&until="),
        ("/search?q=troops&source=&since=&until=", "/search.json?q=troops&source=&since=&until="),
        ("/timeline?actor=kpa&source=wire.example", "/timeline.json?actor=kpa&source=wire.example"),
        (f"/stories/{story}", f"/stories/{story}.json"),
        (f"/stories/{corpus.small_story_id}", f"/stories/{corpus.small_story_id}.json"),
        (f"/items/{item}", f"/items/{item}.json"),
        (f"/items/{corpus.items['clean']}", f"/items/{corpus.items['clean']}.json"),
        ("/actors/kpa", "/actors/kpa.json"),
        (f"/actors/{quote(EVIL_ACTOR, safe='')}", f"/actors/{quote(EVIL_ACTOR, safe='')}.json"),
        ("/sources/wire.example", "/sources/wire.example.json"),
        (f"/sources/{evil}", f"/sources/{evil}.json"),
        ("/search?q=troops", "/search.json?q=troops"),
        ("/search?q=troops&source=wire.example&since=2025", "/search.json?q=troops&source=wire.example&since=2025"),
        ("/search", "/search.json"),
    ]


def test_every_page_and_its_twin(client: TestClient, corpus: Corpus) -> None:
    for page, twin in pages(corpus):
        html = client.get(page)
        assert html.status_code == 200, (page, html.text[:300])
        assert html.headers["content-type"].startswith("text/html")
        assert html.text.startswith("<!doctype html>")
        twin_path = twin.split("?")[0]
        assert f'href="{twin_path}' in html.text, f"{page} does not link its JSON twin"
        data = client.get(twin)
        assert data.status_code == 200, (twin, data.text[:300])
        assert data.headers["content-type"] == "application/json"
        assert isinstance(data.json(), dict)


def test_story_twin_holds_the_comparison_and_the_columns(client: TestClient, corpus: Corpus) -> None:
    data = client.get(f"/stories/{corpus.story_id}.json").json()
    assert data["id"] == corpus.story_id
    assert set(data["item_ids"]) == set(corpus.items.values()) - {corpus.items["small"]}
    assert {c["source"] for c in data["columns"]} == {"wire.example", EVIL_SOURCE, "mirror.example", "digest.example"}
    assert {k: type(data[k]) for k in ("agree", "conflict", "only", "naming", "attribution")} == dict.fromkeys(
        ("agree", "conflict", "only", "naming", "attribution"), list)
    # the mirror is a copy of the first report: listed, and left out of the comparison
    assert data["copies"] == [{"item_id": corpus.items["mirror"], "copies": corpus.items["clean"]}]
    assert data["copy_groups"][0]["members"][0]["item_id"] == corpus.items["clean"]
    # 10,000 against 14,000 troops
    assert any(c["kind"] == "number" for c in data["conflict"]), data["conflict"]
    labels = {entry["label"] for entry in data["legend"]}
    assert {"Loaded_Language", "Scare_Quotes", "Hedge"} <= labels
    # framing offsets index the text shown
    for column in data["columns"]:
        for version in column["items"]:
            for span in version["framing"]:
                text = version["body"] if span["field"] == "body" else version["headline"]
                assert text[span["start"]:span["end"]] == span["text"]


def test_story_page_shows_columns_highlights_legend_and_tables(client: TestClient, corpus: Corpus) -> None:
    html = client.get(f"/stories/{corpus.story_id}").text
    assert html.count('class="col"') == 4
    assert '<mark class="t0" title="Loaded language (0.81, model)">heroic liberation</mark>' in html
    assert 'class="legend"' in html and "Scare quotes (1)" in html
    for heading in ("Agree", "Conflict", "The names each source uses", "Copies"):
        assert heading in html
    assert "a copy of" in html


def test_item_twin_offsets_index_the_text(client: TestClient, corpus: Corpus) -> None:
    data = client.get(f"/items/{corpus.items['evil']}.json").json()
    texts = {"headline": data["headline"], "body": data["body"]}
    for kind in ("mentions", "framing", "namings", "times"):
        assert data[kind], kind
        for a in data[kind]:
            assert 0 <= a["start"] <= a["end"] <= len(texts[a["field"]])
    for e in data["events"]:
        assert texts[e["field"]][e["trigger_start"]:e["trigger_end"]] == e["trigger"]
    assert data["story_id"] == corpus.story_id


def test_timeline_filters(client: TestClient, corpus: Corpus) -> None:
    def ids(query: str) -> set[str]:
        return {s["id"] for s in client.get("/timeline.json" + query).json()["stories"]}

    both = {corpus.story_id, corpus.small_story_id}
    assert ids("") == both
    assert ids("?type=MOBILIZE") == {corpus.story_id}
    assert ids("?actor=kpa") == {corpus.story_id}
    assert ids("?source=mirror.example") == {corpus.story_id}
    assert ids("?source=wire.example") == both
    assert ids("?since=2025-01-01") == {corpus.story_id}
    assert ids("?until=2024-12") == {corpus.small_story_id}
    assert ids("?since=2024-01&until=2024-01") == {corpus.small_story_id}
    assert ids("?type=ASSAULT") == set()
    data = client.get("/timeline.json").json()
    assert [m["month"] for m in data["months"]] == ["2024-01", "2025-04"]
    assert data["total"] == 2 and data["pages"] == 1


def test_timeline_pages(client: TestClient) -> None:
    data = client.get("/timeline.json?page=2").json()
    assert data["stories"] == [] and data["page"] == 2 and data["total"] == 2


def test_search_hits_carry_snippets_and_their_story(client: TestClient, corpus: Corpus) -> None:
    data = client.get("/search.json?q=troops river").json()
    hits = {h["item_id"]: h for h in data["hits"]}
    assert corpus.items["clean"] in hits
    hit = hits[corpus.items["clean"]]
    assert "\x02troops\x03" in hit["snippet"]
    assert hit["story_id"] == corpus.story_id
    assert client.get("/search.json?q=troops&source=digest.example").json()["hits"][0]["source"] == "digest.example"
    assert client.get("/search.json?q=troops&until=2024").json()["hits"] == []
    html = client.get("/search?q=troops").text
    assert "<mark>troops</mark>" in html
    nothing = client.get("/search.json?q=%3F%3F").json()
    assert nothing["hits"] == [] and nothing["note"]


def test_source_page_copies_and_profile(client: TestClient) -> None:
    data = client.get("/sources/mirror.example.json").json()
    assert data["copies"][0]["source"] == "wire.example"
    wire = client.get("/sources/wire.example.json").json()
    assert wire["copied_by"][0]["source"] == "mirror.example"
    assert wire["profile"]["techniques"] == {"Loaded_Language": 1}
    assert wire["items_total"] == 2


def test_actor_page(client: TestClient, corpus: Corpus) -> None:
    data = client.get("/actors/kpa.json").json()
    assert data["name"] == "Korean People's Army"
    assert {n["source"] for n in data["names"]} == {"wire.example", EVIL_SOURCE}
    assert data["events_total"] == 3
    assert [s["id"] for s in data["stories"]] == [corpus.story_id]


@pytest.mark.parametrize("path", ["/stories/s_nope", "/items/i_nope", "/actors/nobody-at-all", "/sources/nowhere",
                                  "/sources/src_0000000000000000", "/no/such/page"])
def test_not_found_has_the_one_error_shape(client: TestClient, path: str) -> None:
    twin = client.get(path + ".json")
    assert twin.status_code == 404
    body = twin.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message", "fix"}
    assert body["error"]["status"] == 404 and body["error"]["code"] == "not-found"
    page = client.get(path)
    assert page.status_code == 404 and "Error 404" in page.text


@pytest.mark.parametrize("query", ["/timeline.json?page=0", "/timeline.json?since=yesterday",
                                   "/search.json?q=" + "x" * 501, "/search.json?page=abc",
                                   "/sources/wire.example.json?page=-1"])
def test_bad_parameters_are_400_with_the_error_shape(client: TestClient, query: str) -> None:
    r = client.get(query)
    assert r.status_code == 400
    assert set(r.json()["error"]) == {"status", "code", "message", "fix"}


def test_security_headers_on_pages_twins_errors_and_static(client: TestClient, corpus: Corpus) -> None:
    for path in ("/", "/timeline.json", "/stories/s_nope", "/static/app.css", f"/stories/{corpus.story_id}"):
        r = client.get(path)
        assert r.headers["content-security-policy"] == CSP
        assert "'unsafe-inline'" not in CSP and "script-src 'self'" in CSP
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"


def test_no_route_writes(client: TestClient, app: FastAPI) -> None:
    for route in app.routes:
        methods = getattr(route, "methods", None) or set()
        assert methods <= {"GET", "HEAD"}, (route, methods)
    assert client.post("/timeline.json").status_code == 405
    assert client.delete("/stories/x.json").status_code == 405


def test_the_store_is_opened_read_only(app: FastAPI) -> None:
    with app.state.pool.store() as store:
        assert store.read_only
        with pytest.raises(sqlite3.OperationalError):
            store.conn.execute("DELETE FROM stories")


def test_a_missing_store_is_an_error_at_start(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from counterpoint.errors import StoreError

    with pytest.raises(StoreError):
        create_app(tmp_path / "none.db")


def test_token_is_required_when_set(corpus: Corpus) -> None:
    web = create_app(corpus.path, token="correct-horse-battery")
    with TestClient(web, base_url=BASE_URL) as c:
        denied = c.get("/timeline.json")
        assert denied.status_code == 401 and denied.json()["error"]["code"] == "unauthorized"
        assert c.get("/timeline.json", headers={"Authorization": "Bearer wrong-token-here"}).status_code == 401
        assert c.get("/timeline.json", headers={"Authorization": "Bearer correct-horse-battery"}).status_code == 200
        first = c.get("/?token=correct-horse-battery")
        assert first.status_code == 200
        assert "counterpoint_token" in first.headers["set-cookie"]
        assert "httponly" in first.headers["set-cookie"].lower()
        assert c.get("/timeline").status_code == 200  # the cookie now
        assert "correct-horse-battery" not in c.get("/timeline?token=correct-horse-battery&page=1").text
    web.state.pool.close()


def test_openapi_describes_the_json_twins_only(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert paths == {"/index.json", "/timeline.json", "/stories/{story_id}.json", "/items/{item_id}.json",
                     "/actors/{actor_id}.json", "/sources/{source_id}.json", "/search.json"}
    for ops in spec["paths"].values():
        assert "422" not in ops["get"]["responses"]
    assert client.get("/docs").status_code == 404  # no page that would load scripts from a CDN


def test_a_big_story_shows_capped_columns(client: TestClient, corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    from counterpoint.web import views

    monkeypatch.setattr(views, "MAX_COLUMNS", 2)
    monkeypatch.setattr(views, "MAX_VERSIONS", 0)
    data = client.get(f"/stories/{corpus.story_id}.json").json()
    assert len(data["columns"]) == 2 and data["items_left_out"] == 2
    assert all(c["items"] == [] and c["items_total"] == 1 for c in data["columns"])
    html = client.get(f"/stories/{corpus.story_id}").text
    assert "2 items of further sources are not shown" in html and "1 more items of this source" in html
