"""RSS and Atom feeds: one text per entry, dates as written, broken XML."""

from __future__ import annotations

from pathlib import Path

from counterpoint.config import Settings
from counterpoint.errors import EmptyInputError, InputError, MalformedInputError
from counterpoint.model import PartialDate
from counterpoint.read.base import Extracted, RawInput
from counterpoint.read.feed import FeedReader

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
