"""Plain text and crawler header lines."""

from __future__ import annotations

import pytest

from counterpoint.config import Settings
from counterpoint.errors import EmptyInputError
from counterpoint.model import PartialDate
from counterpoint.read.base import Extracted, RawInput
from counterpoint.read.text import TextReader, parse_header

from .helpers import FIXTURES


def read_text(data: bytes) -> Extracted:
    out = list(TextReader().read(RawInput(locator="dump.txt", data=data), Settings()))
    assert len(out) == 1
    assert isinstance(out[0], Extracted)
    return out[0]


def test_header_date_with_first_paragraph_on_the_same_line() -> None:
    data = (
        b" date 2025-04-28 The Central Military Commission of the party confirmed the deployment.\n\n"
        b"Second paragraph here.\n"
    )
    got = read_text(data)
    assert got.text == (
        "The Central Military Commission of the party confirmed the deployment.\n\nSecond paragraph here."
    )
    assert got.published == PartialDate(2025, 4, 28, "header")


def test_full_header_block_from_fixture() -> None:
    got = read_text((FIXTURES / "crawler-dump.txt").read_bytes())
    assert got.text.startswith("Ferry crews on the northern route stopped work")
    assert got.url == "https://harbour-gazette.example/2025/03/14/ferry-strike"
    assert got.header_source == "Harbour Gazette"
    assert got.published == PartialDate(2025, 3, 14, "header")
    assert " date" not in got.text


def test_header_lines_on_their_own_lines() -> None:
    data = (
        b" title Ferry strike ends\n author Ines Calloway\n language en-GB\n date 2025-03\n"
        b"Crews went back to work on Sunday.\n"
    )
    got = read_text(data)
    assert got.text == "Crews went back to work on Sunday."
    assert (got.title, got.author, got.language_hint) == ("Ferry strike ends", "Ines Calloway", "en-GB")
    assert got.published.granularity == "month"


@pytest.mark.parametrize(
    "text",
    [
        " date palms grow along the old harbour road, planted in 1921.",
        " title deeds for the harbour were lost in the fire, officials said.",
        " date 2025-13-45 is not a real date, and this is prose.",
        " url shorteners are popular with spammers.",
        "Date 2025-04-28 without the leading space is prose too.",
    ],
)
def test_prose_is_not_taken_for_a_header(text: str) -> None:
    got = read_text(text.encode())
    assert got.text == text.strip()
    assert not got.published.known
    assert got.url is None and got.title is None


def test_header_only_needs_date_or_url() -> None:
    assert parse_header(" source Harbour Gazette\nText.") is None
    header = parse_header(" source Harbour Gazette\n url https://a.example/x\nText.")
    assert header is not None and header.values["source"] == "Harbour Gazette"


def test_header_without_text_is_empty() -> None:
    with pytest.raises(EmptyInputError) as info:
        list(TextReader().read(RawInput(locator="dump.txt", data=b" date 2025-04-28\n\n"), Settings()))
    assert "no text" in info.value.reason
    assert info.value.fix


def test_plain_text_is_stripped_and_normalised() -> None:
    data = b"\xef\xbb\xbf  Line one\r\nLine\x00 two\r\n\r\n"
    got = read_text(data)
    assert got.text == "Line one\nLine two"
    assert got.encoding == "utf-8"
    assert got.raw_size == len(data)
