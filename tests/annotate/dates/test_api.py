"""The finder's contract: offsets, sentences, fields, the page order prior, unknown stays unknown."""

from __future__ import annotations

import itertools

import pytest

from counterpoint.annotate.dates import find_dates, page_date_order
from counterpoint.model import PartialDate, TimeExpr

UNDATED = PartialDate()
DATED = PartialDate(2024, 10, 9, "headline")


def _find(text: str, published: PartialDate = DATED, **kw: object) -> list[TimeExpr]:
    return find_dates(text, item_id="item-1", field="body", published=published, **kw)  # type: ignore[arg-type]


def test_record_fields_and_sentence_index() -> None:
    text = "Talks opened on Monday. Nothing moved. They end on October 12."
    sentences = [(0, 23), (24, 38), (39, len(text))]
    found = find_dates(text, item_id="i_1", field="headline", published=DATED, sentences=sentences)
    assert [(e.text, e.sentence, e.item_id, e.field) for e in found] == [
        ("Monday", 0, "i_1", "headline"), ("October 12", 2, "i_1", "headline")]
    assert found[0].to_dict()["value"] == "2024-10-07"
    assert found[1].to_dict()["granularity"] == "day"


def test_sentence_index_is_zero_without_sentences() -> None:
    assert [e.sentence for e in _find("One. Then in 2020. And in 2021 too, since 2019.")] == [0, 0, 0]


def test_span_is_tight() -> None:
    text = "On 7.10.2025 the army moved; on the 9th the navy; in June the air force."
    found = _find(text)
    assert [e.text for e in found] == ["7.10.2025", "9th", "June"]
    for e in found:
        assert text[e.start:e.end] == e.text
        assert not e.text[0].isspace() and not e.text[-1].isspace()


@pytest.mark.parametrize("text", [
    "They met on the 9th.", "It happened on Tuesday.", "Fighting resumed in June.", "Two days ago it fell.",
    "The summit was held last month.", "It was quiet last week.", "Exports rose this June.",
    "The treaty was signed in June last year.", "They arrive tomorrow.", "It began on October 9.",
    "A year ago the port was shelled.", "Last summer the fields burned.", "They will meet on the 28th.",
])
def test_unknown_publication_never_invents(text: str) -> None:
    found = _find(text, UNDATED)
    assert found, "the expression is still found"
    assert all(not e.value.known for e in found)


def test_coarse_publication_gives_only_what_it_allows() -> None:
    month_only = PartialDate(2024, 10, None, "headline")
    year_only = PartialDate(2024, None, None, "headline")
    assert [e.value.iso() for e in _find("It fell yesterday.", month_only)] == [None]
    assert [e.value.iso() for e in _find("It fell last month.", month_only)] == ["2024-09"]
    assert [e.value.iso() for e in _find("It fell on September 9.", month_only)] == ["2024-09-09"]
    assert [e.value.iso() for e in _find("It fell last month.", year_only)] == [None]
    assert [e.value.iso() for e in _find("It fell last year.", year_only)] == ["2023"]
    assert [e.value.iso() for e in _find("It fell on September 9.", year_only)] == [None]


def test_explicit_dates_need_no_publication() -> None:
    found = _find("Signed on June 19, 2024 and in force since 1 July 2024; see 2024-07-02.", UNDATED)
    assert [e.value.iso() for e in found] == ["2024-06-19", "2024-07-01", "2024-07-02"]
    assert [e.kind for e in found] == ["event", "reference", "event"]


def test_historical_year_without_publication() -> None:
    assert [(e.value.iso(), e.kind) for e in _find("It fell in July 1943.", UNDATED)] == [("1943-07", "reference")]


def test_invalid_numeric_dates_are_not_dates() -> None:
    assert _find("Codes 31.02.2024 and 13/13/2024 and 1.2.3.2024.") == []


def test_headline_field_and_upper_case() -> None:
    found = find_dates("KIM VISITS FRONT ON OCTOBER 9", item_id="i", field="headline", published=DATED)
    assert [(e.text, e.value.iso(), e.field) for e in found] == [("OCTOBER 9", "2024-10-09", "headline")]


def test_adjacent_expressions_do_not_overlap() -> None:
    text = "From 2020 to 2022, then 2023-2024, then on 9 October 2024 at 10:00 GMT, yesterday and today."
    found = _find(text)
    ends = [(e.start, e.end) for e in found]
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(ends))
    assert [e.text for e in found] == ["From 2020 to 2022", "2023-2024", "9 October 2024 at 10:00 GMT", "yesterday",
                                       "today"]


def test_empty_text() -> None:
    assert _find("") == []


class TestPageOrder:
    def test_day_first_when_a_day_exceeds_twelve(self) -> None:
        assert page_date_order(["Kim guides a drill (17.3.2024)", "Report (9.10.2024)"]) == "DMY"
        assert page_date_order(["Published 25/12/2024"]) == "DMY"

    def test_month_first_when_a_day_exceeds_twelve_in_second_place(self) -> None:
        assert page_date_order(["Posted 12/25/2024", "Updated 10/07/2024"]) == "MDY"

    def test_default_is_day_first(self) -> None:
        assert page_date_order([]) == "DMY"
        assert page_date_order(["Posted 10/07/2024", "Seen 7.10.2025"]) == "DMY"

    def test_majority_wins(self) -> None:
        assert page_date_order(["12/25/2024, 12/31/2024 and 25/12/2024"]) == "MDY"
        assert page_date_order(["12/25/2024 and 25/12/2024"]) == "DMY"  # a tie: the default

    def test_the_prior_settles_ambiguous_dates(self) -> None:
        texts = ["Posted 12/25/2024", "The decree of 07/10/2025 was published."]
        order = page_date_order(texts)
        assert [e.value.iso() for e in _find(texts[1], UNDATED, order=order)] == ["2025-07-10"]
