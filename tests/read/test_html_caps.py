"""HTML pages over the work caps (element count, nesting depth) are read the simple way: every
visible word kept, a warning recorded, in one linear pass (issue 16)."""

from __future__ import annotations

import pytest

from counterpoint.config import Settings
from counterpoint.errors import ReducedInputError
from counterpoint.read.base import Extracted, RawInput
from counterpoint.read.html import HtmlReader, scan_page

from .helpers import PARAGRAPH, article

WORDS = "Real words here about the summit in Seoul and what the ministers said on Monday."


def read(html: str, settings: Settings | None = None) -> tuple[Extracted, list[ReducedInputError]]:
    out = list(HtmlReader().read(RawInput(locator="page.html", data=html.encode()), settings or Settings()))
    pages = [o for o in out if isinstance(o, Extracted)]
    warnings = [o for o in out if isinstance(o, ReducedInputError)]
    assert len(pages) == 1 and len(out) == 1 + len(warnings)
    return pages[0], warnings


def test_scan_counts_elements_and_depth_and_keeps_visible_text() -> None:
    scan = scan_page("<html lang='en'><head><title>T 1</title><script>var x;</script></head>"
                     "<body><div><p>one</p><p>two <b>bold</b></p></div><style>p{}</style></body></html>")
    assert scan.elements == 10  # html head title script body div p p b style
    assert scan.depth == 5  # html > body > div > p > b
    assert scan.title == "T 1" and scan.lang == "en"
    assert "var x" not in scan.text and "p{}" not in scan.text
    assert [ln for ln in scan.text.split("\n") if ln] == ["one", "two bold"]


@pytest.mark.timeout(120)
def test_text_inside_deep_html_is_kept_and_the_reason_says_too_deep() -> None:
    # lxml's tree stops at depth 256: this text used to be dropped as "holds no visible text"
    deep = "<div>" * 20_000 + WORDS + "</div>" * 20_000
    page, warnings = read(deep)
    assert page.text == WORDS
    assert len(warnings) == 1 and warnings[0].severity == "warning"
    assert "deep" in warnings[0].reason and "max_html_depth" in warnings[0].reason
    assert "max_html_depth" in warnings[0].fix
    assert page.extras["reduced"].startswith("the HTML page nests elements 20,00")


@pytest.mark.timeout(120)
def test_many_tiny_elements_are_read_linearly_not_extracted() -> None:
    # 1M of these took 61 s and 1.9 GB in main-text extraction; over the cap one pass reads them
    html = "<html><head><title>Many</title><link rel='canonical' href='https://x.example/many'></head><body>" + (
        "<p>a</p>" * 60_000) + f"<p>{WORDS}</p></body></html>"
    page, warnings = read(html, Settings(max_html_elements=50_000))
    paragraphs = page.text.split("\n\n")
    assert len(paragraphs) == 60_001 and paragraphs[-1] == WORDS and set(paragraphs[:-1]) == {"a"}
    assert page.title == "Many" and page.url == "https://x.example/many"
    assert not page.published.known
    assert len(warnings) == 1 and "60,00" in warnings[0].reason and "max_html_elements" in warnings[0].fix


def test_a_page_under_the_caps_is_extracted_as_before() -> None:
    html = article([PARAGRAPH] * 3)
    page, warnings = read(html)
    assert warnings == [] and "reduced" not in page.extras
    assert "Home" not in page.text and "Contact us" not in page.text  # main text only
    reduced, warnings = read(html, Settings(max_html_elements=3))
    assert len(warnings) == 1 and "Home" in reduced.text and PARAGRAPH in reduced.text  # every visible word
