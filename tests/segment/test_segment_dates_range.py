"""Headline dates after the run's date: the headline stays a dated headline, the item stays
undated, and the refusal is a warning (issue 16, defect 7)."""

from __future__ import annotations

from datetime import date

import pytest

from counterpoint.model import PartialDate
from counterpoint.segment import segment
from counterpoint.segment.dates import find_headline_date, refused_dates

from .conftest import build_document

TODAY = date(2025, 10, 9)
DIGEST = """Moscow Says Talks Will Resume Next Week (7.10.2025)

Officials in Moscow said on Tuesday that talks would resume. They gave no details.

Kyiv Reports Drone Attack Overnight (8.10.2099)

Ukrainian officials said drones struck the city overnight. Nobody was hurt.
"""


@pytest.mark.parametrize(
    ("line", "refused"),
    [
        ("Kyiv Reports Drone Attack - October 8, 2031", "October 8, 2031"),
        ("[2030-01-05] Ministers meet in Brussels", "2030-01-05"),
        ("Summit ends without a deal (November 2025)", "November 2025"),
        ("Summit ends without a deal (10.10.2025)", None),  # the day after the run's date
        ("Summit ends without a deal (9.10.2025)", None),
    ],
)
def test_a_date_after_the_run_date_is_refused_but_stays_a_date_position(line: str, refused: str | None) -> None:
    found = find_headline_date(line, today=TODAY)
    assert found is not None
    assert found.refused == refused
    assert found.date.known is (refused is None)
    assert line[found.title_start : found.title_end].strip()  # the title part is still found


def test_years_outside_1900_to_2100_are_still_no_date() -> None:
    assert find_headline_date("Battle report (7.10.1812)", today=TODAY) is None
    assert find_headline_date("Far future (7.10.2999)", today=TODAY) is None


def test_segmentation_keeps_the_layout_and_leaves_the_future_item_undated() -> None:
    document = build_document(DIGEST)
    items = segment(document)
    assert [item.headline.text if item.headline else None for item in items] == [
        "Moscow Says Talks Will Resume Next Week (7.10.2025)",
        "Kyiv Reports Drone Attack Overnight (8.10.2099)",
    ]
    assert items[0].published == PartialDate(2025, 10, 7, "headline")
    assert items[1].published == PartialDate()
    (warning,) = refused_dates(document, items, TODAY)
    assert (warning.stage, warning.code, warning.severity) == ("segment", "implausible-date", "warning")
    assert "8.10.2099" in warning.reason and "item 2" in warning.reason and warning.fix
    assert refused_dates(document, items[:1], TODAY) == []
