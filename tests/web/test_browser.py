"""End to end in headless Chromium (Debian's `chromium`, driven by Playwright): the timeline, a story page,
search and the report, over the test corpus with its hostile text. A failed check saves a screenshot under
``out/screenshots/``.

Skipped, with the reason, where no Chromium is installed; in CI (``CI`` set) a missing Chromium fails.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from counterpoint.report.html import write_report
from counterpoint.store.sqlite import SQLiteStore
from counterpoint.web import create_app
from counterpoint.web.views import Actors
from tests.web.corpus import Corpus

SCREENSHOTS = Path(__file__).resolve().parents[2] / "out" / "screenshots"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
         "--disable-default-apps", "--disable-extensions"]


def chromium_path() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    if executable is None:
        message = ("no Chromium found (looked for /usr/bin/chromium and chromium on PATH): "
                   "install Debian's `chromium` (.ci/run does) to run the browser tests")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extra")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=FLAGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def server(corpus: Corpus) -> Iterator[str]:
    """The app on 127.0.0.1, a free port, in a thread."""
    import uvicorn

    app = create_app(corpus.path)
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    port = srv.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)
    app.state.pool.close()


class Watched:
    """A page with what it did that it should not: dialogs (an injected `alert`) and console errors (a CSP
    violation, a script error)."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def assert_clean(self) -> None:
        assert self.dialogs == [], f"a script from the text ran: {self.dialogs}"
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0


@contextmanager
def watched(browser: Any, name: str) -> Iterator[Watched]:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    w = Watched(page)
    try:
        yield w
    except BaseException:
        folder = SCREENSHOTS
        folder.mkdir(parents=True, exist_ok=True)
        shot = folder / f"{name}.png"
        try:
            page.screenshot(path=str(shot), full_page=True)
            print(f"screenshot of the failed check: {shot}")
        except Exception as exc:  # the screenshot must not hide the failure
            print(f"no screenshot ({exc})")
        raise
    finally:
        page.close()


def test_timeline_filters_and_leads_to_a_story(browser: Any, server: str, corpus: Corpus) -> None:
    with watched(browser, "timeline") as w:
        page = w.page
        page.goto(server + "/timeline")
        assert page.locator("svg.months rect.bar").count() >= 2
        assert page.locator("svg.dots circle").count() == 2
        assert page.locator("table.stories tbody tr").count() == 2
        page.select_option("select[name=type]", "MOBILIZE")
        page.click("form.filters button[type=submit]")
        page.wait_for_url(re.compile(r"type=MOBILIZE"))
        assert page.locator("table.stories tbody tr").count() == 1
        page.locator("table.stories tbody tr a").first.click()
        page.wait_for_url(re.compile(rf"/stories/{corpus.story_id}$"))
        assert page.locator(".col").count() == 4
        w.assert_clean()


def test_story_page_shows_the_sources_side_by_side(browser: Any, server: str, corpus: Corpus) -> None:
    with watched(browser, "story") as w:
        page = w.page
        page.goto(f"{server}/stories/{corpus.story_id}")
        assert page.evaluate("document.scripts.length") == 1
        title = page.locator("h1").inner_text()
        assert title.startswith("<script>alert('storytitle')</script>")
        assert "⟦RLO⟧" in title
        mark = page.locator("mark.t0").first
        assert mark.inner_text() == "heroic liberation"
        assert mark.get_attribute("title") == "Loaded language (0.81, model)"
        mark.hover()
        # the legend (our script, allowed by the CSP) shows one technique alone
        page.locator("ul.legend li[data-class=t0]").click()
        assert "focus" in (page.get_attribute("body", "class") or "")
        assert "on" in (mark.get_attribute("class") or "")
        page.locator("ul.legend li[data-class=t0]").click()
        assert "focus" not in (page.get_attribute("body", "class") or "")
        assert page.locator("table.compare tbody.status-conflict").count() == 1
        assert page.locator("table.naming").count() == 1
        assert page.get_by_text("a copy of").count() == 1
        w.assert_clean()


def test_search_from_the_header_to_an_item(browser: Any, server: str, corpus: Corpus) -> None:
    with watched(browser, "search") as w:
        page = w.page
        page.goto(server + "/")
        page.fill("header form input[name=q]", "troops river")
        page.press("header form input[name=q]", "Enter")
        page.wait_for_url(re.compile(r"/search\?q=troops"))
        hits = page.locator("ol.hits li")
        assert hits.count() >= 3
        assert page.locator("p.snippet mark").first.inner_text().lower() in ("troops", "river")
        page.goto(server + "/search?q=alert+script")
        assert page.locator("ol.hits li").count() >= 1
        page.locator("ol.hits li .headline a").first.click()
        page.wait_for_url(re.compile(r"/items/i_"))
        assert page.locator("table.events").count() == 1
        w.assert_clean()


def test_the_report_opens_offline(browser: Any, corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    store = SQLiteStore.open_read_only(corpus.path)
    try:
        write_report(store, out, actors=Actors())
    finally:
        store.close()
    with watched(browser, "report") as w:
        page = w.page
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(out.as_uri())
        assert page.locator("section.report-story").count() == 2
        assert page.locator("svg.months rect.bar").count() >= 2
        page.fill("#story-filter", "talks")
        assert page.locator("section.report-story:visible").count() == 1
        page.fill("#story-filter", "")
        assert page.locator("section.report-story:visible").count() == 2
        page.locator("table.stories a").first.click()  # an anchor inside the file
        assert requests == [out.as_uri()], f"the report loaded something: {requests}"
        w.assert_clean()
