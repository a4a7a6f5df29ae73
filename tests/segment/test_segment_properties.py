"""Properties that hold for every text: no exception, offsets inside the text
and matching it, items in order, numbered 1..n, and every non-blank
character accounted for exactly once."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counterpoint.model import Document, Item, PartialDate
from counterpoint.segment import REASONS, segment

WORDS = [
    "Kim",
    "Jong",
    "Un",
    "Guides",
    "Drill",
    "Seoul",
    "Kursk",
    "Troops",
    "Treaty",
    "the",
    "of",
    "Border",
    "Missile",
    "Launch",
    "Putin",
    "Talks",
    "share",
    "Share",
    "Print",
    "Next",
    "Page",
    "By",
    "Photo:",
]
BOILERPLATE = [
    "1 2",
    "1 2 3 … 10 Next »",
    "« Previous",
    "Page 2 of 5",
    "Older posts",
    "Share",
    "Share this:",
    "Tweet",
    "Facebook Twitter WhatsApp Email",
    "Print",
    "Read more",
    "Continue reading",
    "Read the full story",
    "We use cookies. Accept all",
    "Subscribe to our newsletter",
    "Advertisement",
    "Related: Kim Warns Seoul",
    "See also: Drills",
    "© 2025 Example",
    "All rights reserved",
    "Tags: DPRK, Kursk",
    "Home | World | Asia | Opinion",
    "By Jane Doe",
    "By Jane Doe, Reuters",
    "Staff reporter",
]
PREFIXES = ["", "", "DPRK: ", "UPDATE - ", "KCNA: ", "Russia: "]
MARKERS = ["• ", "- ", "* ", "▪ ", "1. ", "2) "]


@st.composite
def dates(draw: st.DrawFn) -> str:
    d = draw(st.integers(0, 35))
    m = draw(st.integers(0, 14))
    y = draw(st.sampled_from([1899, 1999, 2024, 2025, 2101]))
    month = draw(st.sampled_from(["October", "Oct.", "Sept", "May", "February"]))
    form = draw(
        st.sampled_from(
            [
                f"{d}.{m}.{y}",
                f"{d}/{m}/{y}",
                f"{d}-{m}-{y}",
                f"{y}-{m:02d}-{d:02d}",
                f"{d} {month} {y}",
                f"{month} {d}, {y}",
                f"{month} {y}",
                f"Tuesday, {month} {d}, {y}",
            ]
        )
    )
    open_, close = draw(st.sampled_from([("(", ")"), ("[", "]"), ("", ""), ("(", ""), ("", "]")]))
    return f"{open_}{form}{close}"


@st.composite
def lines(draw: st.DrawFn) -> str:
    title = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12)))
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return (
            draw(st.sampled_from(PREFIXES)) + title + draw(st.sampled_from(["!", "?", "", "."])) + " " + draw(dates())
        )
    if kind == 1:
        return draw(dates()) + draw(st.sampled_from([" | ", " - ", ": ", " "])) + title
    if kind == 2:
        return draw(st.sampled_from(MARKERS)) + title
    if kind == 3:
        return draw(st.sampled_from(BOILERPLATE))
    if kind == 4:
        return title + ". " + draw(st.sampled_from(["Share", "Share Tweet", "Read more »", "Print", "share"]))
    if kind == 5:
        return draw(st.sampled_from(["Accompanied by ", "Pictured: ", "(Photo: KCNA) ", "Photo: "])) + title + "."
    if kind == 6:
        return draw(st.sampled_from(PREFIXES)) + title + draw(st.sampled_from(["!", ""]))
    if kind == 7:
        return (title + ". ") * draw(st.integers(1, 6))
    if kind == 8:
        return draw(st.text(max_size=40))
    return draw(st.sampled_from(["", " ", "\t", "\xa0", "\u2028", "\r"])) + title


@st.composite
def item_blocks(draw: st.DrawFn) -> list[str]:
    """One item of a blog roll or digest: kicker, photo caption, headline, body, widgets."""
    title = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=10)))
    out = []
    if draw(st.booleans()):
        out.append(" ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4))) + "!")
    if draw(st.booleans()):
        out.append("Accompanied by " + title + ".")
    head = draw(st.sampled_from(PREFIXES)) + title + draw(st.sampled_from(["!", ""]))
    if draw(st.integers(0, 3)):
        head += " " + draw(dates())
    if draw(st.booleans()):
        head = draw(st.sampled_from(MARKERS)) + head
    out.append(head)
    for _ in range(draw(st.integers(0, 3))):
        out.append((title + ". ") * draw(st.integers(1, 5)) + draw(st.sampled_from(["", "Share"])))
    if draw(st.booleans()):
        out.append(draw(st.sampled_from(BOILERPLATE)))
    return out


SEPARATORS = st.sampled_from(["\n", "\n\n", "\n \n", " \n", "\n\n\n", "\r\n"])


@st.composite
def pages(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        parts = draw(st.lists(lines(), max_size=30))
    else:
        parts = [line for block in draw(st.lists(item_blocks(), max_size=8)) for line in block]
    out = draw(st.sampled_from(["", " ", "\n", "\xa0"]))
    for part in parts:
        out += part + draw(SEPARATORS)
    return out


def check(doc: Document, items: tuple[Item, ...]) -> None:
    text = doc.text
    n = len(text)
    if not text.strip():
        assert items == ()
        return
    assert items
    assert [i.position for i in items] == list(range(1, len(items) + 1))
    covered = [0] * n
    markers: set[int] = set()
    previous_end = -1
    for item in items:
        assert item.document_id == doc.id
        assert item.id == Item.make_id(doc.id, item.start, item.end)
        assert 0 <= item.start <= item.end <= n
        assert item.start > previous_end
        previous_end = item.end
        spans = [s for s in (item.caption, item.headline) if s is not None]
        spans += [*item.photo_captions, *item.paragraphs]
        for s in spans:
            assert item.start <= s.start <= s.end <= item.end
            assert text[s.start : s.end] == s.text
            assert s.text == s.text.strip()
            assert s.text
        for d in item.dropped:
            assert item.start <= d.start <= d.end <= item.end
            assert text[d.start : d.end] == d.text
            assert d.reason in REASONS
        for start, end in [(s.start, s.end) for s in spans] + [(d.start, d.end) for d in item.dropped]:
            for k in range(start, end):
                covered[k] += 1
        if item.headline is not None:
            line_start = text.rfind("\n", 0, item.headline.start) + 1
            markers.update(range(line_start, item.headline.start))
        if len(items) > 1:
            assert item.published.origin in ("headline", "none")
        assert item.published.origin != "headline" or item.headline is not None
    for k, ch in enumerate(text):
        if ch == "\n" or ch.isspace():
            continue
        assert covered[k] == 1 or (covered[k] == 0 and k in markers), (k, ch, covered[k])


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=400), title=st.none() | st.text(max_size=40))
def test_any_text(text: str, title: str | None, make_doc: Callable[..., Document]) -> None:
    doc = make_doc(text, title=title, published=PartialDate(2025, 4, 28, "header"))
    items = segment(doc)
    check(doc, items)
    assert segment(doc) == items


@settings(max_examples=300, deadline=None)
@given(text=pages(), title=st.none() | st.sampled_from(["Kim Guides Drill", "", "Example Times"]))
def test_pages_from_a_grammar(text: str, title: str | None, make_doc: Callable[..., Document]) -> None:
    doc = make_doc(text, title=title)
    items = segment(doc)
    check(doc, items)
    assert segment(doc) == items


@pytest.mark.timeout(60)  # a guard against a super-linear pass, not a measurement (bench/ingest.py times ingest)
def test_long_and_pathological_lines_segment(make_doc: Callable[..., Document]) -> None:
    texts = [
        "By " + "Jane " * 400,
        "Kim " * 2000 + "(7.10.2025",
        ("1 " * 300).strip(),
        "A" * 100_000,
        "Share " * 5000,
        ("Home | " * 500) + "End",
        "\n".join(["DPRK: Leader Wins! (7.10.2025)", "Body text goes here."] * 2000),
    ]
    for text in texts:
        check(make_doc(text), segment(make_doc(text)))
