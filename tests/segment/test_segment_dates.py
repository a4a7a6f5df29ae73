"""Headline dates: forms, positions, granularity, and the per-page reading of
numeric slash dates."""

from __future__ import annotations

import pytest

from counterpoint.model import PartialDate
from counterpoint.segment.dates import SlashOrder, find_headline_date, slash_order

DAY_CASES: list[tuple[str, str | None, str]] = [
    # (headline, expected ISO date, expected title part)
    ("Kim Inspects Munitions Plant (7.10.2025)", "2025-10-07", "Kim Inspects Munitions Plant"),
    ("Kim Inspects Munitions Plant (07.10.2025)", "2025-10-07", "Kim Inspects Munitions Plant"),
    ("Kim Inspects Munitions Plant! (7.10.2025)", "2025-10-07", "Kim Inspects Munitions Plant!"),
    ("Kim Inspects Munitions Plant [7/10/2025]", "2025-10-07", "Kim Inspects Munitions Plant"),
    ("Kim Inspects Munitions Plant 2025-10-07", "2025-10-07", "Kim Inspects Munitions Plant"),
    ("Kim Inspects Munitions Plant - 7 October 2025", "2025-10-07", "Kim Inspects Munitions Plant"),
    ("Kim Inspects Munitions Plant, October 7, 2025", "2025-10-07", "Kim Inspects Munitions Plant"),
    ("Kim Inspects Munitions Plant | Oct. 7, 2025", "2025-10-07", "Kim Inspects Munitions Plant"),
    ("Kim Inspects Munitions Plant (Tuesday, 7th October 2025)", "2025-10-07", "Kim Inspects Munitions Plant"),
    ("Kim Inspects Munitions Plant — Sept. 30, 2025", "2025-09-30", "Kim Inspects Munitions Plant"),
    ("2025-10-07 | Kim Inspects Munitions Plant", "2025-10-07", "Kim Inspects Munitions Plant"),
    ("[7.10.2025] Kim Inspects Munitions Plant", "2025-10-07", "Kim Inspects Munitions Plant"),
    ("October 7, 2025 - Kim Inspects Munitions Plant", "2025-10-07", "Kim Inspects Munitions Plant"),
    ("2025/10/07 Kim Inspects Munitions Plant", None, ""),  # leading, bare: needs a separator
    ("Kim Inspects Munitions Plant (31.2.2025)", None, ""),  # no 31 February
    ("Kim Inspects Munitions Plant (7.10.1812)", None, ""),  # outside 1900..2100
    ("Kim Inspects Munitions Plant (7.10.2025", None, ""),  # unpaired bracket
    ("Kim Inspects Munitions Plant in 2025", None, ""),  # a bare year is no date
    ("Talks Between the Two Koreas Resume in October 2025", None, ""),  # object of a preposition
    ("The treaty of June 19, 2024 was invoked by both sides today", None, ""),
]


@pytest.mark.parametrize(("line", "iso", "title"), DAY_CASES)
def test_headline_date(line: str, iso: str | None, title: str) -> None:
    found = find_headline_date(line)
    if iso is None:
        assert found is None
        return
    assert found is not None
    assert found.date.iso() == iso
    assert found.date.origin == "headline"
    assert line[found.title_start : found.title_end] == title


@pytest.mark.parametrize(
    ("line", "iso", "granularity"),
    [
        ("Monthly Review: Kim Goes to Beijing - September 2025", "2025-09", "month"),
        ("Monthly Review: Kim Goes to Beijing (Sept. 2025)", "2025-09", "month"),
        ("October 2025: The Party Turns Eighty", "2025-10", "month"),
        ("Monthly Review: Kim Goes to Beijing - 3 September 2025", "2025-09-03", "day"),
    ],
)
def test_month_only_dates_keep_their_granularity(line: str, iso: str, granularity: str) -> None:
    found = find_headline_date(line)
    assert found is not None
    assert found.date.iso() == iso
    assert found.date.granularity == granularity
    assert found.date.day is None if granularity == "month" else found.date.day is not None


def test_a_date_only_line_has_an_empty_title() -> None:
    found = find_headline_date("7 October 2025")
    assert found is not None and found.title_start == found.title_end


@pytest.mark.parametrize(
    ("page", "order"),
    [
        ("A [13/2/2025]\nB [3/4/2025]", "day-first"),
        ("A [2/13/2025]\nB [3/4/2025]", "month-first"),
        ("A [3/4/2025]\nB [5/6/2025]", "day-first"),
        ("A [13/2/2025]\nB [2/13/2025]", "day-first"),  # contradicting: day-first wins
        ("A 13-02-2025\nB 03-04-2025", "day-first"),
        ("A 02-13-2025\nB 03-04-2025", "month-first"),
        ("no numeric dates at all", "day-first"),
    ],
)
def test_slash_order_per_page(page: str, order: SlashOrder) -> None:
    assert slash_order(page) == order


@pytest.mark.parametrize(
    ("order", "iso"),
    [("day-first", "2025-04-03"), ("month-first", "2025-03-04")],
)
def test_numeric_dates_follow_the_page_order(order: SlashOrder, iso: str) -> None:
    found = find_headline_date("Leader Visits Navy Base [3/4/2025]", order)
    assert found is not None and found.date.iso() == iso


def test_month_first_date_on_a_day_first_page_is_no_date() -> None:
    assert find_headline_date("Leader Visits Navy Base [3/25/2025]", "day-first") is None


def test_headline_date_is_a_partial_date() -> None:
    found = find_headline_date("Leader Visits Navy Base (3.4.2025)")
    assert found is not None
    assert found.date == PartialDate(2025, 4, 3, "headline")
    assert found.key == ("trailing", "dmy-dot", "(")
