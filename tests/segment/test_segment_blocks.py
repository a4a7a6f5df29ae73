"""Link lists, related-story blocks, menus and syndication notes in plain-text dumps."""

from __future__ import annotations

import pytest

from counterpoint.segment import segment
from counterpoint.segment.boilerplate import classify_line
from tests.segment.conftest import build_document

P1 = "The harbour council voted on Tuesday to rebuild the old sea wall before the winter storms arrive."
P2 = "Work will start in March and is expected to take two years, the council's engineer told reporters."
P3 = "Residents said the walkway had been closed since the storms of last year damaged its railings."
LINKS = [
    "Mayor opens new library in the old town hall",
    "Storm warning issued for the northern coast",
    "Fishing fleet returns early as prices fall",
    "Local school wins national robotics prize",
    "Ferry timetable changes from next Monday",
]


def _body(items: tuple) -> str:  # type: ignore[type-arg]
    return "\n".join(p.text for item in items for p in item.paragraphs)


def _dropped(items: tuple) -> dict[str, str]:  # type: ignore[type-arg]
    return {d.text: d.reason for item in items for d in item.dropped}


def test_also_read_list_after_an_article_is_dropped() -> None:
    text = "\n".join(["Council to rebuild sea wall", P1, P2, "Also Read", *LINKS[:3]])
    items = segment(build_document(text))
    dropped = _dropped(items)
    assert all(dropped.get(link) == "related" for link in LINKS[:3])
    assert P1 in _body(items) and P2 in _body(items)


def test_wire_end_mark_and_the_list_after_it() -> None:
    text = "\n".join(["Council to rebuild sea wall", P1, P2, "(END)", "-", LINKS[0], "-", LINKS[1]])
    items = segment(build_document(text))
    dropped = _dropped(items)
    assert dropped["(END)"] == "footer" and dropped[LINKS[0]] == "related" and dropped[LINKS[1]] == "related"
    assert LINKS[0] not in _body(items)


def test_read_more_on_tag_list_and_bullet_links() -> None:
    text = "\n".join(["Council to rebuild sea wall", P1, P2, "- READ MORE ON:", "- Harbour", "- Sea Wall",
                      "- Council", "• Mayor opens new library", "• Storm warning issued"])
    dropped = _dropped(segment(build_document(text)))
    assert dropped["- READ MORE ON:"] == "related"
    assert dropped["- Harbour"] == "related" and dropped["• Storm warning issued"] == "related"


def test_long_run_of_headlines_without_a_heading() -> None:
    text = "\n".join(["Council to rebuild sea wall", P1, P2, P3, *LINKS])
    items = segment(build_document(text))
    assert all(_dropped(items).get(link) == "related" for link in LINKS)
    assert P3 in _body(items)


def test_menu_at_the_top_keeps_the_headline_below_it() -> None:
    menu = ["Skip to content", "Home", "World", "Politics", "Business", "Opinion", "Sport"]
    text = "\n".join([*menu, "Council to rebuild the old sea wall", P1, P2])
    items = segment(build_document(text))
    dropped = _dropped(items)
    assert dropped["Skip to content"] == "navigation"
    assert all(dropped.get(m) == "navigation" for m in menu[1:])
    assert items[0].headline is not None and items[0].headline.text == "Council to rebuild the old sea wall"


def test_inline_menu_line() -> None:
    assert classify_line("Home | World | Politics | Business | Opinion") == "navigation"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("This news data comes from: https://harbour-news.example/a/1", "syndication"),
        ("(This story has not been edited by Harbour staff and is auto-generated from a syndicated feed.)",
         "syndication"),
        ("(Only the headline may have been reworked by our staff; the rest is auto-generated from a syndicated "
         "feed.)", "syndication"),
        ("This story is from the May 2, 2024 edition of The Harbour Post.", "syndication"),
        ("Originally published at harbour-news.example", "syndication"),
        ("Start your 14-day free trial to read thousands of stories.", "subscribe"),
        ("Subscribe to continue reading", "subscribe"),
        ("We use cookies to improve your experience. By continuing you accept our cookie policy.", "cookie"),
        ("Most read", "related"),
        ("Trending now", "related"),
        ("Related:", "related"),
    ],
)
def test_notes_of_aggregators_and_paywalls(line: str, reason: str) -> None:
    assert classify_line(line) == reason


@pytest.mark.parametrize(
    "line",
    ["The news comes from a trusted source, officials said.", "Originally, the wall was built in 1850.",
     "She started a free trial of the ferry pass last week and liked it."],
)
def test_sentences_that_look_like_notes_stay(line: str) -> None:
    assert classify_line(line) is None


def test_short_real_paragraphs_and_a_blog_roll_stay() -> None:
    roll = []
    for n, head in enumerate(LINKS, start=1):
        roll += [head, f"Posted on May {n}, 2024", f"{P1} Entry {n} of the roll."]
    items = segment(build_document("\n\n".join(roll)))
    assert not any(d.reason in ("related", "navigation") for item in items for d in item.dropped)
    short = "\n\n".join(["Council to rebuild sea wall", P1, "It will cost more.", "Nobody objected.", P2])
    body = _body(segment(build_document(short)))
    assert "It will cost more." in body and "Nobody objected." in body


def test_hard_wrapped_prose_is_not_a_link_list() -> None:
    wrapped = "\n".join([
        "The harbour council voted on Tuesday to rebuild",
        "the old sea wall before the winter storms arrive",
        "and said that Work on the wall would start",
        "in March and take two years to finish",
        "according to the engineer who spoke after",
        "the meeting had ended on Tuesday night.",
    ])
    items = segment(build_document("Council to rebuild sea wall\n\n" + wrapped))
    assert not any(d.reason in ("related", "navigation") for item in items for d in item.dropped)


def test_a_timeline_of_dated_lines_stays() -> None:
    timeline = [f"{d} May 2024 Council meets harbour board" for d in (1, 3, 5, 7, 9)]
    items = segment(build_document("\n".join(["Council to rebuild sea wall", P1, *timeline, P2])))
    assert not any(d.reason in ("related", "navigation") for item in items for d in item.dropped)


def test_a_page_that_is_all_boilerplate() -> None:
    text = "\n".join(["Home", "World", "Politics", "Business", "Sport", "Also Read", *LINKS,
                      "© 2024 Harbour Media Group. All rights reserved."])
    items = segment(build_document(text))
    assert len(items) >= 1 and _body(items) == ""
