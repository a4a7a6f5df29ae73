"""`counterpoint serve` and `counterpoint report`."""

from __future__ import annotations

import base64
import hashlib
import re
import socket
import subprocess
import sys
import time
from html import unescape
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from counterpoint.cli import cli
from counterpoint.cli.web import is_loopback
from tests.web.corpus import Corpus


def run(args: list[str], db: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), *args])
    return result.exit_code, result.output


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("127.8.0.1", True), ("localhost", True),
                                                ("::1", True), ("[::1]", True), ("0.0.0.0", False), ("::", False),
                                                ("192.168.1.5", False), ("example.org", False)])
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_serve_elsewhere_than_loopback_needs_a_token(corpus: Corpus) -> None:
    code, output = run(["serve", "--host", "0.0.0.0"], corpus.path)
    assert code == 2
    assert "--token" in output
    code, output = run(["serve", "--host", "0.0.0.0", "--token", "short"], corpus.path)
    assert code == 2 and "too short" in output


def test_serve_refuses_an_allowed_host_that_is_not_a_host_name(corpus: Corpus) -> None:
    code, output = run(["serve", "--allow-host", "http://news.example.org/"], corpus.path)
    assert code == 2 and "not a host name" in output


def test_serve_without_a_store_is_a_store_error(tmp_path: Path) -> None:
    code, output = run(["serve"], tmp_path / "missing.db")
    assert code == 3 and "no store" in output


def test_report_writes_one_self_contained_file(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "sub" / "report.html"
    code, output = run(["report", "-o", str(out)], corpus.path)
    assert code == 0, output
    assert "2 stories" in output and "file://" in output
    html = out.read_text("utf-8")
    # nothing to fetch: no external script, style, image or link
    assert not re.search(r"<(script|link|img|iframe)[^>]*\s(src|href)=", html)
    assert 'href="http' not in html.replace('href="https://wire.example', "")
    # the policy allows exactly the inline style and script, by hash
    found = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert found is not None
    policy = unescape(found.group(1))
    style = re.search(r"<style>(.*?)</style>", html, re.S)
    script = re.search(r"<script>(.*?)</script>", html, re.S)
    assert style and script

    def digest(text: str) -> str:
        return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    assert f"style-src 'sha256-{digest(style.group(1))}'" in policy
    assert f"script-src 'sha256-{digest(script.group(1))}'" in policy
    assert "default-src 'none'" in policy


def test_report_filters(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    code, output = run(["report", "-o", str(out), "--min-sources", "2"], corpus.path)
    assert code == 0 and "1 stories" in output
    code, output = run(["report", "-o", str(out), "--max-stories", "1"], corpus.path)
    assert code == 0 and "(1 left out)" in output
    assert corpus.story_id in out.read_text("utf-8")  # the story told by the most sources is kept


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_listens_on_loopback_read_only(corpus: Corpus) -> None:
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "counterpoint", "--db", str(corpus.path), "serve", "--port",
                             str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/index.json", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    err = proc.stderr.read() if proc.stderr else ""
                    raise AssertionError(f"the server did not start: {err}") from None
                time.sleep(0.1)
        assert r.status_code == 200
        assert r.json()["counts"]["items"] == 5
        assert "content-security-policy" in r.headers
        assert "server" not in r.headers
        # DNS rebinding: a page on another name pointed at 127.0.0.1 reads nothing
        rebound = httpx.get(f"http://127.0.0.1:{port}/index.json", headers={"Host": "attacker.example"}, timeout=5)
        assert rebound.status_code == 400 and rebound.json()["error"]["code"] == "unknown-host"
        named = httpx.get(f"http://127.0.0.1:{port}/", headers={"Host": f"localhost:{port}"}, timeout=5)
        assert named.status_code == 200
        head = httpx.head(f"http://127.0.0.1:{port}/timeline", timeout=5)
        assert head.status_code == 200 and head.content == b"" and int(head.headers["content-length"]) > 0
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert f"127.0.0.1:{port}" in (proc.stderr.read() if proc.stderr else "")
