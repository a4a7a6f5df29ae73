"""Readers are picked by content; the extension only breaks ties."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from counterpoint.read import pick_reader

from .helpers import FIXTURES, PARAGRAPH, article, warc_bytes

RSS = b'<?xml version="1.0"?>\n<!-- a comment -->\n<rss version="2.0"><channel><item><p>x</p></item></channel></rss>'
ATOM = b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>'
RDF = b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="x" xmlns="http://purl.org/rss/1.0/"><channel/></rdf:RDF>'
WARC = warc_bytes([("response", "https://a.example/", b"<html></html>", "text/html", "200 OK")])


@pytest.mark.parametrize(
    ("head", "name", "reader"),
    [
        (article([PARAGRAPH]).encode(), "page.txt", "html"),
        (b"<html><body><p>hi</p></body></html>", "notes.md", "html"),
        (b"<div><p>one</p><p>two</p></div>", "fragment.dat", "html"),
        (codecs.BOM_UTF16_LE + article([PARAGRAPH]).encode("utf-16-le"), "page.txt", "html"),
        (RSS, "feed.xml", "feed"),
        (RSS, "feed.html", "feed"),
        (ATOM, "atom.txt", "feed"),
        (RDF, "rdf.xml", "feed"),
        (WARC, "crawl.bin", "warc"),
        (WARC[:8192], "crawl.warc.gz", "warc"),
        (b"WARC/1.1\r\nWARC-Type: warcinfo\r\n", "x.txt", "warc"),
        (b"Plain words about the harbour.", "page.html", "text"),
        (b'<?xml version="1.0"?><urlset><url>x</url></urlset>', "sitemap.xml", "text"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "notwarc.warc.gz", "text"),
        (b"", None, "text"),
    ],
)
def test_pick_reader_by_content(head: bytes, name: str | None, reader: str) -> None:
    assert pick_reader(head[:8192], Path(name) if name else None).name == reader


def test_fixtures_are_sniffed_right() -> None:
    expected = {"article.html": "html", "crawler-dump.txt": "text", "feed-atom.xml": "feed", "feed-rss.xml": "feed"}
    for name, kind in expected.items():
        assert pick_reader((FIXTURES / name).read_bytes()[:8192], FIXTURES / name).name == kind


@pytest.mark.parametrize(
    "head",
    [b"<?x?>" * 1600, b"<!--" * 2048, b"<?" * 4096, b"<!-- -->" * 1000, b"<!doctype" * 900, b"<!--" + b"<?" * 4000],
)
def test_sniffing_adversarial_heads_is_fast(head: bytes) -> None:
    import time

    started = time.perf_counter()
    assert pick_reader(head, None).name == "text"
    assert time.perf_counter() - started < 0.5


def test_text_that_merely_contains_tags_stays_text() -> None:
    head = b"Notes on the meeting. See <a href='x'>this</a>, <b>that</b> and <i>more</i>."
    assert pick_reader(head, Path("notes.md")).name == "text"
