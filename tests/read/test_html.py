"""HTML pages: main text, metadata, malformed and empty pages."""

from __future__ import annotations

import pytest

from counterpoint.config import Settings
from counterpoint.errors import EmptyInputError
from counterpoint.model import PartialDate
from counterpoint.read.base import Extracted, RawInput
from counterpoint.read.html import HtmlReader, extract_page, honest_date

from .helpers import FIXTURES, PARAGRAPH, article, page


def read_html(data: bytes | str) -> Extracted:
    raw = data.encode() if isinstance(data, str) else data
    out = list(HtmlReader().read(RawInput(locator="page.html", data=raw), Settings()))
    assert len(out) == 1 and isinstance(out[0], Extracted)
    return out[0]


def test_article_fixture() -> None:
    got = read_html((FIXTURES / "article.html").read_bytes())
    assert got.kind == "html"
    assert got.title == "Ferry crews strike on northern route"
    assert got.author == "Ines Calloway"
    assert got.site == "Harbour Gazette"
    assert got.url == "https://harbour-gazette.example/2025/03/14/ferry-strike"
    assert got.published == PartialDate(2025, 3, 14, "html-meta")
    assert got.language_hint == "en-GB"
    paragraphs = got.text.split("\n\n")
    assert any(p.startswith("Ferry crews on the northern route stopped work") for p in paragraphs)
    assert "Copyright" not in got.text and "Sport" not in got.text
    assert "\n\n" in got.text and "\n\n\n" not in got.text


def test_og_url_when_no_canonical_and_relative_canonical_resolved() -> None:
    head = '<title>T</title><meta property="og:url" content="https://b.example/story">'
    assert read_html(article([PARAGRAPH] * 3, head=head)).url == "https://b.example/story"
    head = '<title>T</title><link rel="canonical" href="/news/story-1">'
    got = extract_page(article([PARAGRAPH] * 3, head=head).encode(), locator="x", base_url="https://c.example/a")
    assert got.url == "https://c.example/news/story-1"


def test_no_date_stays_unknown() -> None:
    got = read_html(article([PARAGRAPH] * 3))
    assert not got.published.known
    assert got.published.granularity == "unknown"


@pytest.mark.parametrize(
    ("value", "html", "expected"),
    [
        ("2024-06-19", '"datePublished": "2024-06-19T10:00:00Z"', PartialDate(2024, 6, 19, "html-meta")),
        ("2024-06-19", "/news/2024/06/19/story", PartialDate(2024, 6, 19, "html-meta")),
        ("2024-06-19", "Posted Jun. 19th, 2024", PartialDate(2024, 6, 19, "html-meta")),
        ("2024-06-19", "19.06.2024 12:00", PartialDate(2024, 6, 19, "html-meta")),
        ("2024-06-30", '<meta content="2024-06">', PartialDate(2024, 6, None, "html-meta")),
        ("2024-06-19", "", PartialDate(2024, None, None, "html-meta")),
        ("2024-06-01", "published June 2024", PartialDate(2024, 6, None, "html-meta")),
        ("2024-06-01", '<meta content="2024-06-01T10:00">', PartialDate(2024, 6, 1, "html-meta")),
        ("2024-06-01", "on 1 June 2024 we", PartialDate(2024, 6, 1, "html-meta")),
        ("2024-01-01", "copyright 2024", PartialDate(2024, None, None, "html-meta")),
        ("2024-01-01", '"datePublished": "2024-01"', PartialDate(2024, 1, None, "html-meta")),
        (None, "", PartialDate()),
        ("garbage", "", PartialDate()),
    ],
)
def test_date_granularity_is_honest(value: str | None, html: str, expected: PartialDate) -> None:
    assert honest_date(value, html) == expected


def test_month_only_meta_date_is_not_completed() -> None:
    head = '<title>T</title><meta property="article:published_time" content="2024-06">'
    got = read_html(article([PARAGRAPH] * 3, head=head))
    assert got.published.granularity in ("month", "unknown")
    assert got.published.day is None


def test_truncated_html_still_gives_its_text() -> None:
    full = article([PARAGRAPH, "Second paragraph about the walkway and its reopening next spring."])
    cut = full[: full.index("Second paragraph") + 30]
    got = read_html(cut)
    assert "harbour council met on Tuesday" in got.text


def test_malformed_html_still_gives_its_text() -> None:
    html = (
        "<html><body><div><p>" + PARAGRAPH + "<p><b>Unclosed bold and <i>italics</div></span></td>"
        "<p>" + PARAGRAPH.replace("Tuesday", "Wednesday") + "</html></html>"
    )
    got = read_html(html)
    assert "Tuesday" in got.text and "Wednesday" in got.text


@pytest.mark.parametrize(
    ("html", "words"),
    [
        (page(""), "no visible text"),
        (page("<script>var a = 1;</script><style>p {}</style>"), "no visible text"),
        ("<html><head><title>Only a title</title></head><body>   </body></html>", "no visible text"),
    ],
)
def test_page_without_main_text(html: str, words: str) -> None:
    with pytest.raises(EmptyInputError) as info:
        read_html(html)
    assert words in info.value.reason
    assert "JavaScript" in info.value.fix
    assert info.value.locator == "page.html"


def test_cp1252_page_with_meta_charset() -> None:
    html = article([PARAGRAPH + " The café’s “terrace” reopened."] * 2, charset="windows-1252")
    got = read_html(html.encode("cp1252"))
    assert "The café’s “terrace” reopened." in got.text
    assert got.encoding == "cp1252"


def test_utf16_page() -> None:
    got = read_html(b"\xff\xfe" + article([PARAGRAPH] * 2).encode("utf-16-le"))
    assert "harbour council" in got.text


def test_xhtml_with_xml_declaration() -> None:
    html = '<?xml version="1.0" encoding="utf-8"?>\n' + article([PARAGRAPH] * 2)
    assert "harbour council" in read_html(html).text
