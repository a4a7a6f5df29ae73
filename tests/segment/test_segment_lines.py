"""Line splitting and the shape features headlines and captions are told by."""

from __future__ import annotations

import pytest

from counterpoint.segment.lines import (
    bullet_length,
    ends_terminal,
    is_photo_caption,
    kicker_like,
    prefix_head,
    split_lines,
    title_case_ratio,
)


def test_split_lines_trims_and_counts_blocks() -> None:
    text = "  Kicker\xa0\nHeadline here\n\n\n   Body text.  \n"
    lines = split_lines(text)
    assert [(ln.text, ln.block) for ln in lines] == [("Kicker", 0), ("Headline here", 0), ("Body text.", 1)]
    for ln in lines:
        assert text[ln.start : ln.end] == ln.text


def test_split_lines_of_blank_text() -> None:
    assert split_lines("") == []
    assert split_lines(" \n\t\n\xa0") == []


@pytest.mark.parametrize(
    ("s", "low", "high"),
    [
        ("Kim Jong Un Guides Training of Paratroopers!", 1.0, 1.0),
        ("Seoul says drones crossed the border", 0.0, 0.4),
        ("DPRK to Close Roads!", 1.0, 1.0),
        ("", 0.0, 0.0),
    ],
)
def test_title_case_ratio(s: str, low: float, high: float) -> None:
    assert low <= title_case_ratio(s) <= high


@pytest.mark.parametrize(
    ("s", "head"),
    [
        ("DPRK: Leader Visits the Front!", "dprk"),
        ("UPDATE - North fires missiles", "update"),
        ("Monthly Review: Kim in Beijing", "monthly review"),
        ("Q: What did he say?", None),
        ("No label in this line", None),
        ("A Very Long Label That Goes On and On: text", None),
    ],
)
def test_prefix_head(s: str, head: str | None) -> None:
    assert prefix_head(s) == head


@pytest.mark.parametrize(
    ("s", "n"),
    [("• Item", 2), ("- Item", 2), ("* Item", 2), ("▪ Item", 2), ("1. Item", 3), ("12) Item", 4), ("-5 C", 0)],
)
def test_bullet_length(s: str, n: int) -> None:
    assert bullet_length(s) == n


@pytest.mark.parametrize(
    ("s", "expected"),
    [
        ("Guard Tank Units Prevail!", True),
        ("DPRK Art Exhibition - Moscow - 2025", True),
        ("The leader praised the crews.", False),
        ("Source: KCNA", False),
        ("• Bullet line", False),
        ("x" * 81, False),
    ],
)
def test_kicker_like(s: str, expected: bool) -> None:
    assert kicker_like(s) is expected


@pytest.mark.parametrize(
    ("s", "slot", "expected"),
    [
        ("Photo: KCNA", False, True),
        ("Pictured: the leader at the launch site.", False, True),
        ("(Photo: Yonhap) Soldiers at the border.", False, True),
        ("Soldiers at the border. (Photo: Yonhap)", False, True),
        ("File photo of the Yongbyon complex.", False, True),
        ("Accompanied by senior officials of the Central Committee.", True, True),
        ("Accompanied by senior officials of the Central Committee.", False, False),
        ("Accompanied by officials, Kim toured the plant", True, False),
        ("The photographs were released by state media.", False, False),
    ],
)
def test_photo_caption(s: str, slot: bool, expected: bool) -> None:
    assert is_photo_caption(s, slot=slot) is expected


@pytest.mark.parametrize(
    ("s", "expected"),
    [
        ("A sentence.", True),
        ("A list,", True),
        ("He said:", True),
        ("Wins!", False),
        ("Why?", False),
        ('He said "no."', True),
        ("Headline (7.10.2025)", False),
    ],
)
def test_ends_terminal(s: str, expected: bool) -> None:
    assert ends_terminal(s) is expected
