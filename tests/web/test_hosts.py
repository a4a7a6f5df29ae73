"""The Host check (DNS rebinding) and HEAD on every page and twin."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from starlette.testclient import TestClient

from counterpoint.cli.web import served_hosts
from counterpoint.errors import UsageError
from counterpoint.web import create_app
from counterpoint.web.hosts import HostRule, split_host
from tests.web.corpus import Corpus

TOKEN = "correct-horse-battery"


@pytest.mark.parametrize(("value", "parsed"), [
    ("localhost", ("localhost", None)), ("LocalHost:8765", ("localhost", 8765)), ("localhost.:80", ("localhost", 80)),
    ("127.0.0.1:8765", ("127.0.0.1", 8765)), ("[::1]:8765", ("[::1]", 8765)), ("[0:0::1]", ("[::1]", None)),
    ("::1", ("[::1]", None)), ("news.example.org", ("news.example.org", None)),
    ("", None), ("localhost:", None), ("localhost:99999", None), ("localhost:x", None), ("[::1", None),
    ("[::1]x", None), ("[nope]:80", None), ("a b", None), ("user@localhost", None), ("localhost/x", None),
])
def test_split_host(value: str, parsed: tuple[str, int | None] | None) -> None:
    assert split_host(value) == parsed


@pytest.mark.parametrize(("header", "allowed"), [
    ("127.0.0.1:8765", True), ("localhost:8765", True), ("[::1]:8765", True), ("LOCALHOST:8765", True),
    ("news.example.org", True), ("news.example.org:443", True),
    ("127.0.0.1:9999", False), ("localhost", False), ("attacker.example:8765", False), ("attacker.example", False),
    ("127.0.0.1.attacker.example:8765", False), ("localhost.attacker.example:8765", False), ("", False), (None, False),
])
def test_host_rule_names_and_ports(header: str | None, allowed: bool) -> None:
    rule = HostRule.loopback(8765, also=["news.example.org"])
    assert rule.allows(header) is allowed


def test_a_name_on_port_80_matches_a_host_header_without_port() -> None:
    assert HostRule.of(["localhost:80"]).allows("localhost")
    assert not HostRule.of(["localhost:8080"]).allows("localhost")


def test_a_bad_name_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="not a host name"):
        HostRule.of(["http://x/"])


@pytest.mark.parametrize(("host", "port", "also", "names"), [
    ("127.0.0.1", 8765, (), ["127.0.0.1:8765", "localhost:8765", "[::1]:8765"]),
    ("127.8.0.1", 8765, (), ["127.8.0.1:8765", "localhost:8765", "127.0.0.1:8765", "[::1]:8765"]),
    ("::1", 8765, ("localhost:9000",), ["[::1]:8765", "localhost:8765", "127.0.0.1:8765", "localhost:9000"]),
    ("127.0.0.1", 0, (), ["127.0.0.1", "localhost", "[::1]"]),
    ("192.168.1.5", 8765, ("news.example.org",), ["192.168.1.5:8765", "news.example.org"]),
    ("0.0.0.0", 8765, ("news.example.org",), ["localhost:8765", "127.0.0.1:8765", "[::1]:8765", "news.example.org"]),
])
def test_the_names_serve_answers_to(host: str, port: int, also: tuple[str, ...], names: list[str]) -> None:
    rule = served_hosts(host, port, also)
    assert rule is not None and sorted(rule.names) == sorted(names)


def test_every_interface_without_names_leaves_it_to_the_token(corpus: Corpus) -> None:
    assert served_hosts("0.0.0.0", 8765) is None
    assert served_hosts("::", 8765) is None
    with pytest.raises(UsageError, match="Host"):
        create_app(corpus.path, hosts=None)


@pytest.fixture(scope="module")
def guarded(corpus: Corpus) -> Iterator[FastAPI]:
    web = create_app(corpus.path, hosts=HostRule.loopback(8765, also=["news.example.org"]))
    yield web
    web.state.pool.close()


@pytest.fixture(scope="module")
def tokened(corpus: Corpus) -> Iterator[FastAPI]:
    web = create_app(corpus.path, token=TOKEN, hosts=HostRule.loopback(8765))
    yield web
    web.state.pool.close()


def _pages(corpus: Corpus) -> list[str]:
    return ["/", "/index.json", "/timeline", "/timeline.json", f"/stories/{corpus.story_id}",
            f"/stories/{corpus.story_id}.json", "/search?q=troops", "/search.json?q=troops", "/openapi.json",
            "/static/app.css"]


@pytest.mark.parametrize("base", ["http://127.0.0.1:8765", "http://localhost:8765", "http://[::1]:8765",
                                  "http://news.example.org"])
def test_pages_and_twins_answer_their_own_names(guarded: FastAPI, corpus: Corpus, base: str) -> None:
    with TestClient(guarded, base_url=base) as c:
        for path in _pages(corpus):
            assert c.get(path).status_code == 200, (base, path)


@pytest.mark.parametrize("base", ["http://attacker.example:8765", "http://attacker.example",
                                  "http://127.0.0.1:9999", "http://localhost"])
def test_pages_and_twins_refuse_other_names(guarded: FastAPI, corpus: Corpus, base: str) -> None:
    with TestClient(guarded, base_url=base) as c:
        for path in _pages(corpus):
            r = c.get(path)
            assert r.status_code == 400, (base, path)
            assert corpus.story_id not in r.text and "troops" not in r.text.lower()
            assert r.headers["content-security-policy"]
            if path.endswith(".json"):
                error = r.json()["error"]
                assert error["code"] == "unknown-host" and error["status"] == 400
                assert "--allow-host" in error["fix"]
            else:
                assert "unknown-host" in r.text and "--allow-host" in r.text


def test_the_refused_host_is_not_echoed_into_the_page(guarded: FastAPI) -> None:
    with TestClient(guarded, base_url="http://127.0.0.1:8765") as c:
        r = c.get("/", headers={"Host": "<script>alert(1)</script>"})
    assert r.status_code == 400 and "<script>alert(1)" not in r.text


def test_with_a_token_both_the_host_and_the_token_are_checked(tokened: FastAPI) -> None:
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(tokened, base_url="http://attacker.example:8765") as c:
        for path in ("/", "/index.json", f"/?token={TOKEN}"):
            r = c.get(path, headers=bearer)
            assert r.status_code == 400, path
            assert "set-cookie" not in r.headers
    with TestClient(tokened, base_url="http://localhost:8765") as c:
        assert c.get("/index.json").status_code == 401
        assert c.get("/").status_code == 401
        assert c.get("/index.json", headers=bearer).status_code == 200
        assert c.get(f"/timeline?token={TOKEN}").status_code == 200
        assert c.get("/timeline.json").status_code == 200  # the cookie the token set


def test_without_host_names_the_token_guards(corpus: Corpus) -> None:
    web = create_app(corpus.path, token=TOKEN, hosts=None)
    try:
        with TestClient(web, base_url="http://192.168.1.5:8765") as c:
            assert c.get("/index.json").status_code == 401
            assert c.get("/index.json", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    finally:
        web.state.pool.close()


def test_head_answers_like_get_without_the_body(client: TestClient, corpus: Corpus) -> None:
    item = corpus.items["clean"]
    paths = ["/", "/index.json", "/timeline", "/timeline.json?page=1", f"/stories/{corpus.story_id}",
             f"/stories/{corpus.story_id}.json", f"/items/{item}", f"/items/{item}.json",
             "/search?q=troops", "/search.json?q=troops", "/openapi.json", "/static/app.css", "/favicon.ico"]
    for path in paths:
        got, head = client.get(path), client.head(path)
        assert head.status_code == got.status_code, path
        assert head.content == b"", path
        assert head.headers.get("content-type") == got.headers.get("content-type"), path
        assert head.headers.get("content-length") == got.headers.get("content-length"), path
        assert head.headers["content-security-policy"] == got.headers["content-security-policy"], path
    missing = client.head("/stories/s_nope.json")
    assert missing.status_code == 404 and missing.content == b""
    refused = client.post("/index.json")
    assert refused.status_code == 405 and refused.headers["allow"] == "GET, HEAD"
    assert refused.json()["error"]["code"] == "method-not-allowed"


def test_head_is_refused_on_an_unknown_host_too(guarded: FastAPI) -> None:
    with TestClient(guarded, base_url="http://attacker.example:8765") as c:
        r = c.head("/index.json")
    assert r.status_code == 400 and r.content == b""


