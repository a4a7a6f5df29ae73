"""The publication date a page prints: date lines, stamps, datelines; never a site header's
today, a caption or a sentence (issue 17). Pages invented in the styles of wires, state media,
mirrors with a today's-date header and aggregators with timestamp lines."""

from __future__ import annotations

from datetime import date

import pytest

from counterpoint.model import PartialDate
from counterpoint.segment.pagedates import is_date_line, read_page_dates

TODAY = date(2025, 6, 1)
LEAD = "Officials said the new ferry line between the two ports would open to passengers next spring."

WIRE = f"""Ferry line to open next spring, ministry says

HARBOURTOWN, Mar 4 (Wirepress) - {LEAD}
The ministry gave no cost estimate for the project."""

STATE = f"""Leader Inspects New Ferry Terminal

Date: 04/03/2025 | Source: State News Agency | Read original version at source

Capital, March 4 (SNA) -- {LEAD}"""

MIRROR = f"""18.2 C
Harbourtown
Tuesday, May 27, 2025

Ferry line to open next spring, ministry says in statement

{LEAD}"""

TODAY_HEADER = f"""Today: Wednesday, 28 May 2025 year
Ferry line to open next spring

{LEAD}"""

AGGREGATOR = f"""Ferry line to open next spring
Views: 1203
2025-03-04 08:49

{LEAD}
1741078140
#ferry #ports"""

PUBLISHED = f"""Ferry line to open next spring

Published: Mar 4, 2025 12:07 pm
By Jane Roe
{LEAD}"""

UPDATED_AND_STAMP = f"""Ferry line to open next spring

March 3, 2025 07:41 am | Updated 09:10 am - Harbourtown
Updated on: March 5, 2025 8:26
{LEAD}"""

CAPTION_AND_BACKGROUND = f"""Ferry line to open next spring

This video grab taken and released on Saturday, Oct. 8, 2022 shows the old ferry at the pier.

{LEAD} The old line closed on 12 January 2023 after a storm."""

PLACE_ONLY = f"""Ferry line to open next spring

HARBOURTOWN, Portland – {LEAD}"""


@pytest.mark.parametrize(
    ("text", "known", "iso", "origin"),
    [
        (STATE, None, "2025-03-04", "dateline"),  # the date field gives the yearless dateline its year
        (AGGREGATOR, None, "2025-03-04", "date-line"),  # a bare timestamp line
        (PUBLISHED, None, "2025-03-04", "date-line"),
        (UPDATED_AND_STAMP, None, "2025-03-03", "date-line"),  # published stamp before "Updated"
        (WIRE, PartialDate(2025, 3, None, "header"), "2025-03-04", "dateline"),  # year from the header's month
    ],
)
def test_printed_dates_are_read_with_their_origin(text: str, known: PartialDate | None, iso: str, origin: str) -> None:
    found = read_page_dates(text, known=known, today=TODAY)
    assert found.published.iso() == iso
    assert found.published.origin == origin


def test_yearless_dateline_gives_no_date_alone_but_keeps_the_dateline() -> None:
    found = read_page_dates(WIRE, today=TODAY)
    assert not found.published.known
    assert found.dateline == "HARBOURTOWN, Mar 4 (Wirepress) -"


def test_dateline_year_is_the_one_nearest_the_known_date() -> None:
    text = f"Ferry line\n\nHARBOURTOWN, Dec 31 (Wirepress) - {LEAD}"
    found = read_page_dates(text, known=PartialDate(2025, 1, 2, "header"), today=TODAY)
    assert found.published.iso() == "2024-12-31"


@pytest.mark.parametrize("text", [MIRROR, TODAY_HEADER])
def test_a_site_header_with_todays_date_is_never_the_date(text: str) -> None:
    found = read_page_dates(text, today=TODAY)
    assert not found.published.known
    assert [c.kind for c in found.ignored] == ["page-header"]


def test_captions_and_sentences_give_no_date() -> None:
    found = read_page_dates(CAPTION_AND_BACKGROUND, today=TODAY)
    assert not found.published.known and found.candidates == ()


def test_a_place_only_dateline_gives_a_place_not_a_date() -> None:
    found = read_page_dates(PLACE_ONLY, today=TODAY)
    assert not found.published.known
    assert found.dateline == "HARBOURTOWN, Portland –"


def test_impossible_dateline_date_is_refused_not_rolled_over() -> None:
    text = f"Ferry line to open next spring\n\nHARBOURTOWN, 31 February 2025 (Wirepress) - {LEAD}"
    found = read_page_dates(text, today=TODAY)
    assert not found.published.known
    assert found.refused == (("31 February 2025", "no calendar date"),)


def test_a_future_date_is_returned_only_when_nothing_plausible_is_there() -> None:
    future = f"Ferry line to open next spring\n\nPublished: 4 March 2099\n{LEAD}"
    assert read_page_dates(future, today=TODAY).published.iso() == "2099-03-04"  # finish() refuses it
    both = f"Ferry line to open next spring\n\nPublished: 4 March 2099\n4 March 2025 10:00\n{LEAD}"
    assert read_page_dates(both, today=TODAY).published.iso() == "2025-03-04"


def test_disagreeing_candidates_take_the_one_nearest_the_lead_and_say_so() -> None:
    text = f"Ferry line to open next spring\n\nPosted on 2 March 2025\n3 March 2025 10:15\n{LEAD}"
    found = read_page_dates(text, today=TODAY)
    assert found.published.iso() == "2025-03-03"
    assert found.note is not None and "2 March 2025" in found.note


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2023-05-31 04:20:25", True),
        ("Today: Wednesday, 24 April 2024 year", True),
        ("16 February 2024 08:00 (UTC+04:00)", True),
        ("1685509057", True),
        ("12:07 pm", True),
        ("Published: Jul 17, 2023", True),
        ("Ferry line to open on 4 March 2025", False),
        ("Seoul Says Talks Will Resume (7.10.2025)", False),
        ("Views: 1203", False),
    ],
)
def test_is_date_line(line: str, expected: bool) -> None:
    assert is_date_line(line) is expected


def test_bounded_on_a_huge_text() -> None:
    text = ("Today: 1 May 2025\n" * 50_000) + LEAD
    found = read_page_dates(text, today=TODAY)
    assert not found.published.known
