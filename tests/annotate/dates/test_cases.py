"""The finder on a table of sentences written for these tests: span, value, granularity, kind."""

from __future__ import annotations

import pytest

from counterpoint.annotate.dates import DateOrder, find_dates
from counterpoint.model import PartialDate, TimeKind

# 2024-10-09 is a Wednesday.
WED = "2024-10-09"

#: (sentence, published ISO or None, expected [(span text, value ISO or None, kind)], order)
Case = tuple[str, str | None, list[tuple[str, str | None, TimeKind]], DateOrder]
CASES: list[Case] = [
    # full dates
    ("The talks opened on 2024-10-07 in Geneva.", WED, [("2024-10-07", "2024-10-07", "event")], "DMY"),
    ("Officials met on 7.10.2025 in the capital.", None, [("7.10.2025", "2025-10-07", "event")], "DMY"),
    ("The decree of 07/10/2025 was published.", None, [("07/10/2025", "2025-07-10", "event")], "MDY"),
    ("The decree of 07/10/2025 was published.", None, [("07/10/2025", "2025-10-07", "event")], "DMY"),
    ("The report is dated 25/12/2024.", None, [("25/12/2024", "2024-12-25", "event")], "MDY"),
    ("The strike came on October 9, 2024, officials said.", None,
     [("October 9, 2024", "2024-10-09", "event")], "DMY"),
    ("The treaty of June 19, 2024 binds both sides.", "2025-04-29", [("June 19, 2024", "2024-06-19", "event")],
     "DMY"),
    ("Kim guides a drill (17.3.2024)", "2024-03-17", [("17.3.2024", "2024-03-17", "reference")], "DMY"),
    ("Tuesday, October 8, was calm.", WED, [("Tuesday, October 8", "2024-10-08", "event")], "DMY"),
    ("KYIV, Oct 9 (Reuters) - Drones struck the city.", WED, [("Oct 9", "2024-10-09", "reference")], "DMY"),
    # a month and day without a year: the nearest such day
    ("Troops crossed on 9 October.", "2024-10-20", [("9 October", "2024-10-09", "event")], "DMY"),
    ("Troops crossed on Oct. 9 at dawn.", "2024-10-20", [("Oct. 9", "2024-10-09", "event")], "DMY"),
    ("It began on the 9th of October.", "2025-01-05", [("9th of October", "2024-10-09", "event")], "DMY"),
    ("A project will be launched on October 9 to cut the roads.", WED, [("October 9", WED, "event")], "DMY"),
    ("The vote will take place on January 5.", "2024-06-20", [("January 5", "2025-01-05", "event")], "DMY"),
    ("The message was sent at 09:45 of September 9.", WED,
     [("09:45 of September 9", "2024-09-09", "event")], "DMY"),
    ("The strike hit on October 9 at 14:30.", "2024-10-10", [("October 9 at 14:30", WED, "event")], "DMY"),
    ("The drills ran on 9-11 October.", "2024-10-20", [("9-11 October", WED, "event")], "DMY"),
    ("The attack of 7 October shocked the region.", "2023-10-20", [("7 October", "2023-10-07", "event")], "DMY"),
    ("On 6 August last year the border was crossed.", "2025-04-28",
     [("6 August last year", "2024-08-06", "event")], "DMY"),
    ("It happened on February 29.", "2025-03-10", [("February 29", "2024-02-29", "event")], "DMY"),
    # a day of the month alone
    ("They met on the 9th.", "2024-10-20", [("9th", WED, "event")], "DMY"),
    ("They met on the 9th.", None, [("9th", None, "event")], "DMY"),
    ("They met on the 28th.", "2024-10-02", [("28th", "2024-09-28", "event")], "DMY"),
    ("They will meet on the 28th.", "2024-10-02", [("28th", "2024-10-28", "event")], "DMY"),
    # months
    ("Fighting resumed in June.", "2025-04-28", [("June", "2024-06", "event")], "DMY"),
    ("Fighting resumed in June.", None, [("June", None, "event")], "DMY"),
    ("Elections will be held in June.", "2025-04-28", [("June", "2025-06", "event")], "DMY"),
    ("In April the offensive stalled.", "2025-04-28", [("April", "2025-04", "event")], "DMY"),
    ("The treaty was signed in June last year.", "2025-04-28", [("June last year", "2024-06", "event")], "DMY"),
    ("It has been quiet since last June.", "2025-04-28", [("last June", "2024-06", "reference")], "DMY"),
    ("Exports rose this June.", "2025-04-28", [("this June", "2025-06", "event")], "DMY"),
    ("Exercises were held in early June.", "2025-04-28", [("early June", "2024-06", "event")], "DMY"),
    ("The bridge was destroyed in July 1943.", "2025-10-07", [("July 1943", "1943-07", "reference")], "DMY"),
    ("Shipments began in October 2024.", "2025-04-28", [("October 2024", "2024-10", "event")], "DMY"),
    # relative to publication
    ("Talks resume next month.", WED, [("next month", "2024-11", "event")], "DMY"),
    ("The summit was held last month.", "2025-01-15", [("last month", "2024-12", "event")], "DMY"),
    ("Shelling intensified last week.", WED, [("last week", "2024", "event")], "DMY"),
    ("Shelling intensified last week.", "2024-10-16", [("last week", "2024-10", "event")], "DMY"),
    ("Shelling intensified last week.", "2024-10", [("last week", None, "event")], "DMY"),
    ("In the past week, 40 drones were downed.", WED, [("past week", "2024-10", "event")], "DMY"),
    ("Prices rose earlier this month.", WED, [("earlier this month", "2024-10", "event")], "DMY"),
    ("Output grew this year.", WED, [("this year", "2024", "event")], "DMY"),
    ("By next year the plant will open.", WED, [("next year", "2025", "reference")], "DMY"),
    ("Shelling intensified yesterday.", WED, [("yesterday", "2024-10-08", "event")], "DMY"),
    ("Shelling intensified yesterday.", None, [("yesterday", None, "event")], "DMY"),
    ("The minister spoke today.", WED, [("today", WED, "event")], "DMY"),
    ("The ministry will respond tomorrow.", WED, [("tomorrow", "2024-10-10", "event")], "DMY"),
    ("Last night drones struck Kyiv.", WED, [("Last night", "2024-10-08", "event")], "DMY"),
    ("Sirens sounded yesterday morning.", WED, [("yesterday morning", "2024-10-08", "event")], "DMY"),
    ("The order came the day before yesterday.", WED, [("day before yesterday", "2024-10-07", "event")], "DMY"),
    ("He arrived on Tuesday.", WED, [("Tuesday", "2024-10-08", "event")], "DMY"),
    ("He will arrive on Friday.", WED, [("Friday", "2024-10-11", "event")], "DMY"),
    ("The meeting took place on Wednesday.", WED, [("Wednesday", WED, "event")], "DMY"),
    ("They met last Wednesday.", WED, [("last Wednesday", "2024-10-02", "event")], "DMY"),
    ("Two days ago the border closed.", WED, [("Two days ago", "2024-10-07", "event")], "DMY"),
    ("A year ago the port was shelled.", WED, [("A year ago", "2023", "event")], "DMY"),
    ("Some 20 years ago the port was built.", WED, [("20 years ago", None, "event")], "DMY"),
    ("The decision came 10 days later.", WED, [("10 days later", None, "event")], "DMY"),
    ("Last summer the fields burned.", "2025-04-28", [("Last summer", "2024", "event")], "DMY"),
    ("Last winter was harsh.", "2025-04-28", [("Last winter", None, "event")], "DMY"),
    ("The previous year was calm.", WED, [("previous year", None, "event")], "DMY"),
    ("A monument will soon be erected.", WED, [("soon", None, "event")], "DMY"),
    ("Clashes have recently intensified.", WED, [("recently", None, "event")], "DMY"),
    ("Attacks may grow in the coming weeks.", WED, [("coming weeks", None, "event")], "DMY"),
    # years, ranges, decades, durations
    ("Production doubled in 2024.", WED, [("2024", "2024", "event")], "DMY"),
    ("The army was founded in 1948.", WED, [("1948", "1948", "reference")], "DMY"),
    ("Sanctions have been in force since 2022.", WED, [("2022", "2022", "reference")], "DMY"),
    ("The fleet is to be renewed by 2030.", WED, [("2030", "2030", "reference")], "DMY"),
    ("Construction began in mid-2023.", WED, [("mid-2023", "2023", "event")], "DMY"),
    ("Tensions rose in the 1990s.", WED, [("1990s", "1990", "reference")], "DMY"),
    ("Between 2022-2024 prices tripled.", WED, [("2022-2024", "2022", "reference")], "DMY"),
    ("Between 2014 and 2022 the front barely moved.", WED,
     [("Between 2014 and 2022", "2014", "reference")], "DMY"),
    ("In 1943 and 1944 the city was besieged.", WED,
     [("1943", "1943", "reference"), ("1944", "1944", "reference")], "DMY"),
    ("Article 4 of the 2024 treaty applies.", "2025-04-28", [("2024", "2024", "event")], "DMY"),
    ("Output rose in 2022, 2023 and 2024.", WED,
     [("2022", "2022", "event"), ("2023", "2023", "event"), ("2024", "2024", "event")], "DMY"),
    ("Early June last year it rained.", WED, [("Early June last year", "2023-06", "event")], "DMY"),
    ("Exhibition in Moscow - 2025", WED, [("2025", "2025", "event")], "DMY"),
    ("Pyongyang, October 9 (KCNA) -- The army said so.", WED, [("October 9", WED, "reference")], "DMY"),
    ("Monday-Friday the office is open.", WED, [("Monday", "2024-10-07", "event"), ("Friday", "2024-10-04", "event")],
     "DMY"),
    ("The war has lasted three years.", WED, [("three years", None, "reference")], "DMY"),
    # not time expressions
    ("She may visit the front.", WED, [], "DMY"),
    ("Theresa May spoke to reporters.", WED, [], "DMY"),
    ("The protesters march on the capital.", WED, [], "DMY"),
    ("The 2000 soldiers left the town.", WED, [], "DMY"),
    ("Resolution 2231 was cited.", WED, [], "DMY"),
    ("Russia Today reported the strike.", WED, [], "DMY"),
    ("He left as soon as possible.", WED, [], "DMY"),
    ("Pages 1 2 follow.", WED, [], "DMY"),
    ("The 9th Army advanced.", WED, [], "DMY"),
    ("The 70-year-old veteran spoke.", WED, [], "DMY"),
    ("Talks were set for 31 June.", WED, [], "DMY"),
    ("It happens once a year.", WED, [], "DMY"),
    ("He served for many years.", WED, [], "DMY"),
    ("The Padasuri-6 missile flew 1500 km.", WED, [], "DMY"),
    ("It ended in 1500 cases and by 2000 troops.", WED, [], "DMY"),
    ("Q3 results came with 11,000 troops.", WED, [], "DMY"),
]


@pytest.mark.parametrize(("sentence", "published", "expected", "order"), CASES,
                         ids=[f"{i}-{c[0][:40]}" for i, c in enumerate(CASES)])
def test_case(sentence: str, published: str | None, expected: list[tuple[str, str | None, TimeKind]],
              order: DateOrder) -> None:
    found = find_dates(sentence, item_id="i", field="body", published=PartialDate.parse_iso(published, "headline"),
                       order=order)
    assert [(e.text, e.value.iso(), e.kind) for e in found] == expected
    for e in found:
        assert sentence[e.start:e.end] == e.text
        assert e.value.origin == ("document" if e.value.known else "none")


def test_enough_cases() -> None:
    assert len(CASES) >= 40
