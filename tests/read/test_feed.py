"""RSS and Atom feeds: one text per entry, dates as written, broken XML, one-entry parts."""

from __future__ import annotations

from pathlib import Path

import pytest

from counterpoint.config import Settings
from counterpoint.errors import EmptyInputError, InputError, MalformedInputError
from counterpoint.model import PartialDate
from counterpoint.read.base import Extracted, RawInput
from counterpoint.read.feed import MAX_FRAME_BYTES, FeedReader, entry_spans

from .helpers import FIXTURES


def read_feed(data: bytes, locator: str = "news.xml") -> list[Extracted | InputError]:
    return list(FeedReader().read(RawInput(locator=locator, data=data), Settings()))


def test_rss_entries_with_full_content_and_summary() -> None:
    out = read_feed((FIXTURES / "feed-rss.xml").read_bytes())
    assert all(isinstance(o, Extracted) for o in out)
    first, second = out
    assert isinstance(first, Extracted) and isinstance(second, Extracted)
    assert first.locator == "news.xml#entry=1" and second.locator == "news.xml#entry=2"
    # content:encoded wins over the short description, paragraphs kept
    assert first.text == (
        "Ferry crews on the northern route stopped work at dawn on Friday.\n\n"
        "The union said the stoppage would last two days unless talks reopened."
    )
    assert first.title == "Ferry crews strike on northern route"
    assert first.url == "https://harbour-gazette.example/2025/03/14/ferry-strike"
    assert first.author == "Ines Calloway"
    assert first.site == "Harbour Gazette"
    assert first.language_hint == "en"
    # the feed's own calendar date (+0900), not the UTC one (14 March)
    assert first.published == PartialDate(2025, 3, 15, "feed")
    assert first.extras["date_field"] == "published"
    # escaped HTML in a description becomes paragraphs too
    assert second.text.split("\n\n")[1] == "The walkway reopens on Saturday."


def test_atom_entries() -> None:
    out = read_feed((FIXTURES / "feed-atom.xml").read_bytes(), "atom.xml")
    first, second = out
    assert isinstance(first, Extracted) and isinstance(second, Extracted)
    assert first.site == "Coastline Review"
    assert first.url == "https://coastline-review.example/analysis/ferry-rest"
    assert first.author == "Coastline Review editors"
    assert first.published == PartialDate(2025, 3, 16, "feed")
    assert first.text.count("\n\n") == 1
    # only an updated month: kept as a month, and said to be the updated date
    assert second.published == PartialDate(2025, 2, None, "feed")
    assert second.extras["date_field"] == "updated"


def test_broken_xml_with_recovered_entries_yields_them() -> None:
    data = (FIXTURES / "feed-rss.xml").read_bytes()
    cut = data[: data.index(b"<item>", data.index(b"</item>")) + 40]
    out = read_feed(cut)
    assert isinstance(out[0], Extracted)
    assert out[0].title == "Ferry crews strike on northern route"
    assert not any(isinstance(o, MalformedInputError) for o in out)


def test_broken_xml_without_entries_is_malformed_with_line() -> None:
    data = b'<?xml version="1.0"?>\n<rss version="2.0">\n<channel>\n<title>X</title>\n<item <<< broken'
    out = read_feed(data)
    assert len(out) == 1
    error = out[0]
    assert isinstance(error, MalformedInputError)
    assert "feed XML is broken at line" in error.reason
    assert "no entry" in error.reason
    assert "xmllint" in error.fix
    assert error.locator == "news.xml"


def test_feed_without_entries_is_empty() -> None:
    out = read_feed(b'<?xml version="1.0"?><rss version="2.0"><channel><title>X</title></channel></rss>')
    assert len(out) == 1 and isinstance(out[0], EmptyInputError)


def test_entry_without_text_fails_alone() -> None:
    data = (
        b'<rss version="2.0"><channel><title>X</title>'
        b"<item><title>Link only</title><link>https://x.example/1</link></item>"
        b"<item><title>Two</title><description>Some words about the harbour wall.</description></item>"
        b"</channel></rss>"
    )
    first, second = read_feed(data)
    assert isinstance(first, EmptyInputError) and first.locator == "news.xml#entry=1"
    assert first.fix
    assert isinstance(second, Extracted) and second.locator == "news.xml#entry=2"


def test_feed_bytes_naming_a_file_are_never_opened(tmp_path: Path) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_bytes((FIXTURES / "feed-rss.xml").read_bytes())
    out = read_feed(str(secret).encode())
    assert not any(isinstance(o, Extracted) for o in out)
    out = read_feed(b"https://harbour-gazette.example/feed.xml")
    assert not any(isinstance(o, Extracted) for o in out)


# -- one-entry parts ---------------------------------------------------------------------------------
def _rss(items: list[str], *, between: str = "\n", head: str = "", tail: str = "") -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>\n'
            f"<title>Border Wire</title><language>en</language>{head}\n"
            + between.join(items) + f"\n{tail}</channel></rss>\n").encode()


def _item(n: int, text: str | None = None) -> str:
    body = f"<description>Report {n}: shelling was reported near the crossing overnight.</description>" \
        if text is None else text
    return (f"<item><title>Report {n}</title><link>https://wire.example/{n}</link>"
            f"<pubDate>Mon, {n:02d} Sep 2025 08:00:00 +0300</pubDate>{body}</item>")


def _facts(out: list[Extracted | InputError]) -> list[tuple[object, ...]]:
    return [(type(o).__name__, o.locator, o.text, o.title, o.url, o.author, o.published, o.site, o.language_hint,
             o.encoding, o.raw_sha256, o.raw_size, sorted(o.extras.items())) if isinstance(o, Extracted)
            else (type(o).__name__, o.locator, o.reason) for o in out]


def _in_parts(data: bytes, locator: str = "news.xml") -> tuple[list[RawInput], list[Extracted | InputError]]:
    parts = FeedReader().parts(RawInput(locator=locator, data=data))
    return parts, [o for part in parts for o in FeedReader().read(part, Settings())]


ATOM = (FIXTURES / "feed-atom.xml").read_bytes()
RSS1 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://rdf.example/"><title>RDF Desk</title><link>https://rdf.example/</link>
<description>d</description></channel>
<item rdf:about="https://rdf.example/1"><title>One</title><link>https://rdf.example/1</link>
<description>The ministry said the convoy reached the port on Monday.</description></item>
<!-- a comment between entries -->
<item rdf:about="https://rdf.example/2"><title>Two</title><link>https://rdf.example/2</link>
<description>Talks resumed in the capital after a week of strikes.</description></item>
</rdf:RDF>
"""


@pytest.mark.parametrize("data", [
    (FIXTURES / "feed-rss.xml").read_bytes(),
    ATOM,
    RSS1,
    _rss([_item(n) for n in range(1, 8)]),
    _rss([_item(1), _item(2, "<title>x</title>"), _item(3)]),  # an entry without text fails alone
    _rss([_item(1, "<description><![CDATA[<p>A line with </item> and </channel> in it.</p>]]></description>"),
          _item(2)]),
    _rss([_item(1), _item(2)], tail="<copyright>Wire</copyright>\n"),  # channel elements after the items
    _rss([_item(n) for n in range(1, 4)], between="\n  <!-- ad -->\n  "),
    b'<?xml version="1.0" encoding="windows-1251"?><rss><channel><title>T</title>'
    + "<item><description>Текст новости о переговорах.</description></item>".encode("cp1251") * 2
    + b"</channel></rss>",
], ids=["rss", "atom", "rss1", "seven", "empty-entry", "cdata", "tail", "comments", "cp1251"])
def test_a_feed_read_in_one_entry_parts_gives_what_it_gives_whole(data: bytes) -> None:
    whole = read_feed(data)
    parts, out = _in_parts(data)
    assert len(parts) == len(whole) >= 2
    assert [p.part.first for p in parts if p.part] == list(range(1, len(parts) + 1))
    assert all(p.locator == "news.xml" for p in parts)
    assert _facts(out) == _facts(whole)


@pytest.mark.parametrize("data", [
    _rss([_item(1)]),  # one entry: nothing to spread
    _rss([_item(1), "<ttl>60</ttl>", _item(2)]),  # a channel element among the items
    _rss([_item(1), _item(2)]).replace(b"</channel>", b""),  # not well-formed
    _rss([_item(1), "<item/>", _item(2)]),
    _rss([_item(1), _item(2)], head="<description>" + "x" * MAX_FRAME_BYTES + "</description>"),
    _rss([_item(1), _item(2)]).decode().replace("utf-8", "utf-16").encode("utf-16"),  # offsets not in bytes
    b"<html><body><item>a</item><item>b</item></body></html>",  # items, but not those of a feed
], ids=["one", "interleaved", "broken", "self-closed", "big-head", "utf-16", "html"])
def test_a_feed_that_cannot_be_cut_safely_is_read_whole(data: bytes) -> None:
    raw = RawInput(locator="news.xml", data=data)
    assert FeedReader().parts(raw) == [raw]


def test_entry_spans_are_the_entries_bytes() -> None:
    data = _rss([_item(1), _item(2), _item(3)])
    spans = entry_spans(data)
    assert spans is not None
    assert [data[a:b].decode() for a, b in spans] == [_item(1), _item(2), _item(3)]
    assert entry_spans(ATOM) is not None and all(ATOM[a:b].startswith(b"<entry") for a, b in entry_spans(ATOM) or [])


def test_an_entity_declared_in_a_feed_is_not_fetched_when_cut() -> None:
    data = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
            + _rss([_item(1), _item(2, "<description>&ext; was named.</description>")]).split(b"?>", 1)[1])
    whole, (_, out) = read_feed(data), _in_parts(data)
    assert not any(isinstance(o, Extracted) and "root:" in o.text for o in whole + out)
