"""Property tests: any text, any publication date, any order: no crash, honest records."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from counterpoint.annotate.dates import DateOrder, find_dates
from counterpoint.model import PartialDate, TimeExpr

FRAGMENTS = [
    "on", "the", "9th", "31st", "of", "October", "Oct.", "OCTOBER", "May", "may", "June", "Sept", "2024", "1943",
    "1990s", "2022-2024", "2022-24", "2024-10-09", "7.10.2025", "07/10/2025", "13/12/2024", "31.02.2024", "09:45",
    "10 am", "at", "in", "since", "until", "by", "between", "and", "from", "to", "last", "this", "next", "past",
    "coming", "previous", "early", "mid-", "late", "end of", "week", "weeks", "weekend", "month", "year", "years",
    "decade", "century", "day", "days", "ago", "later", "old", "-year-old", "two", "a", "several", "20", "3",
    "yesterday", "Today", "tomorrow", "night", "morning", "Tuesday", "Sunday", "Tue.", "summer", "winter", "fall",
    "soon", "recently", "near", "future", "as", "Russia", "Reuters", "(", ")", ",", ".", "-", "–", "'s", "\n",
    "—", "İstanbul", "ß", "\u0130", "Ⅻ", "٣", "２０２４",
]
SEPARATORS = st.sampled_from([" ", " ", " ", "", ", ", ". ", "\n\n", "-", "  "])


@st.composite
def dateish(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(st.sampled_from(FRAGMENTS), SEPARATORS), max_size=30))
    return "".join(f + s for f, s in parts)


@st.composite
def published(draw: st.DrawFn) -> PartialDate:
    granularity = draw(st.sampled_from(["unknown", "year", "month", "day"]))
    if granularity == "unknown":
        return PartialDate()
    d = draw(st.one_of(st.dates(), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))))
    return PartialDate(d.year, d.month if granularity != "year" else None,
                       d.day if granularity == "day" else None, "headline")


ORDERS: st.SearchStrategy[DateOrder] = st.sampled_from(["DMY", "MDY"])


def _check(text: str, found: list[TimeExpr], sentences: list[tuple[int, int]]) -> None:
    last_end = 0
    for e in found:
        assert 0 <= e.start < e.end <= len(text)
        assert text[e.start:e.end] == e.text
        assert e.start >= last_end, "expressions do not overlap and come in order"
        last_end = e.end
        assert e.text == e.text.strip()
        assert e.kind in ("event", "reference")
        value = e.value
        # a valid PartialDate (re-validated), with an origin that says whether it is known
        assert PartialDate.parse_iso(value.iso()) == PartialDate(value.year, value.month, value.day)
        assert value.origin == ("document" if value.known else "none")
        if sentences:
            assert sentences[e.sentence][0] <= e.start or e.sentence == 0
        else:
            assert e.sentence == 0


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=300), pub=published(), order=ORDERS)
def test_arbitrary_text(text: str, pub: PartialDate, order: DateOrder) -> None:
    _check(text, find_dates(text, item_id="i", field="body", published=pub, order=order), [])


@settings(max_examples=300, deadline=None)
@given(text=dateish(), pub=published(), order=ORDERS)
def test_dateish_text(text: str, pub: PartialDate, order: DateOrder) -> None:
    cuts = sorted({0, *(m.end() for m in re.finditer(r"[.!?]\s", text))})
    sentences = [(a, b) for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True)]
    found = find_dates(text, item_id="i", field="body", published=pub, order=order, sentences=sentences)
    _check(text, found, sentences)
    for e in found:
        s, t = sentences[e.sentence]
        assert s <= e.start < max(t, s + 1)


@settings(max_examples=200, deadline=None)
@given(text=dateish(), order=ORDERS)
def test_undated_items_get_only_written_years(text: str, order: DateOrder) -> None:
    for e in find_dates(text, item_id="i", field="body", published=PartialDate(), order=order):
        if e.value.known:
            assert str(e.value.year) in e.text, "without a publication date, every year is written out"


@settings(max_examples=100, deadline=None)
@given(text=dateish(), pub=published(), order=ORDERS)
def test_deterministic(text: str, pub: PartialDate, order: DateOrder) -> None:
    first = find_dates(text, item_id="i", field="body", published=pub, order=order)
    assert first == find_dates(text, item_id="i", field="body", published=pub, order=order)
