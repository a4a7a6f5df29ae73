"""Boilerplate lines, widget words glued to paragraphs, and the sentences
that only look like them."""

from __future__ import annotations

import pytest

from counterpoint.segment import REASONS
from counterpoint.segment.boilerplate import classify_line, glued_tail, is_byline

BOILERPLATE: list[tuple[str, str]] = [
    ("1 2", "pagination"),
    ("1 2 3 … 10 Next »", "pagination"),
    ("« Previous", "pagination"),
    ("Next »", "pagination"),
    ("Page 2 of 5", "pagination"),
    ("Older posts", "pagination"),
    ("Newer entries", "pagination"),
    ("Load more", "pagination"),
    ("Share", "share-button"),
    ("Share this:", "share-button"),
    ("Tweet", "share-button"),
    ("Print", "share-button"),
    ("Facebook Twitter WhatsApp Email", "share-button"),
    ("Share on Facebook | Share on Telegram", "share-button"),
    ("Read more", "read-more"),
    ("Read More »", "read-more"),
    ("[Read more...]", "read-more"),
    ("Continue reading", "read-more"),
    ("Continue reading “Kim visits the front” →", "read-more"),
    ("Read the full story", "read-more"),
    ("This website uses cookies. Accept all", "cookie"),
    ("We use cookies to personalise content. Manage preferences", "cookie"),
    ("Subscribe to our newsletter", "subscribe"),
    ("Sign up for the morning briefing", "subscribe"),
    ("Follow us on Telegram", "subscribe"),
    ("Get the weekly newsletter delivered to your inbox.", "subscribe"),
    ("Advertisement", "advertisement"),
    ("ADVERTISEMENT", "advertisement"),
    ("Story continues below advertisement", "advertisement"),
    ("Related: Seoul Restarts Loudspeakers at the Border", "related"),
    ("See also: Kim Yo Jong Warns Seoul", "related"),
    ("Read more: Kim Yo Jong Warns Seoul", "related"),
    ("Related stories", "related"),
    ("© 2025 Korea Watch", "footer"),
    ("Copyright 2024 Example Media Group. All rights reserved.", "footer"),
    ("All rights reserved.", "footer"),
    ("Privacy Policy | Terms of Use", "footer"),
    ("Tags: DPRK, Russia, Kursk", "tags"),
    ("Filed under: Korea", "tags"),
    ("Posted in Korea, Russia", "tags"),
    ("Home | World | Asia | Opinion", "navigation"),
    ("News · Politics · Defence · Economy", "navigation"),
    ("Home › World › Asia Pacific", "navigation"),
    ("By Jane Doe", "byline"),
    ("By Jane Doe, Reuters", "byline"),
    ("By JANE DOE and Kim Min-su | Seoul", "byline"),
    ("Staff reporter", "byline"),
    ("By our correspondent", "byline"),
    ("Reporting by Jane Doe; Editing by John Roe", "byline"),
]

CONTENT: list[str] = [
    "The two Koreas share a border that is among the most heavily fortified in the world.",
    "Officials declined to share details.",
    "Share prices in Seoul fell after the launch.",
    "Print media in Pyongyang carried the statement in full.",
    "Related developments were reported from the border the same day.",
    "By order of the head of state, the units returned to their bases.",
    "By Monday, the troops had withdrawn",
    "Kim Jong Un Inspects Tank Factory (12.3.2025)",
    "DPRK Art Exhibition - Moscow - 2025",
    "Mutual Defence Treaty - DPRK & Russia!",
    "Guard Units Prevail!",
    "1",
    "2024 2025",
    "Next year the allies will hold larger drills.",
    "Subscribers in Seoul received the alert late.",
    "Copyright disputes are rare in state media.",
    "Accompanied by senior officials of the Central Committee.",
    "",
]


@pytest.mark.parametrize(("line", "reason"), BOILERPLATE)
def test_boilerplate_line(line: str, reason: str) -> None:
    assert classify_line(line) == reason
    assert reason in REASONS


@pytest.mark.parametrize("line", CONTENT)
def test_content_line_is_kept(line: str) -> None:
    assert classify_line(line) is None


@pytest.mark.parametrize(
    ("line", "content", "reason"),
    [
        ("informed the other side about it. Share", "informed the other side about it.", "share-button"),
        ("the talks ended. Share Tweet", "the talks ended.", "share-button"),
        ("the talks ended.Share", "the talks ended.", "share-button"),
        ("the talks ended. Share this:", "the talks ended.", "share-button"),
        ("the talks ended. Print", "the talks ended.", "share-button"),
        ('"We will answer," he said." Share', '"We will answer," he said."', "share-button"),
        ("the talks ended. Read more »", "the talks ended.", "read-more"),
        ("the talks ended… Continue reading", "the talks ended…", "read-more"),
    ],
)
def test_glued_tail(line: str, content: str, reason: str) -> None:
    found = glued_tail(line)
    assert found is not None
    cut, why = found
    assert line[:cut] == content
    assert why == reason


@pytest.mark.parametrize(
    "line",
    [
        "China still takes the larger share",
        "China still takes the larger share.",
        "Both sides agreed to share",
        "what is left to share? share",
        "Share",
        "the market share of state print",
        "He did not say. this",
    ],
)
def test_no_glued_tail(line: str) -> None:
    assert glued_tail(line) is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Jane Doe", True),
        ("by Jane Doe", True),
        ("By Jane Doe and John Roe, Asia Wire", True),
        ("Written by Kim Min-su", True),
        ("By order of the head of state, units were sent.", False),
        ("By the end of the year the front had moved.", False),
        ("Byline", False),
    ],
)
def test_byline(line: str, expected: bool) -> None:
    assert is_byline(line) is expected
