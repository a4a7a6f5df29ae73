"""format_comparison: a plain-text side-by-side table that hostile article text cannot escape from."""

from __future__ import annotations

import re

import pytest

from counterpoint.compare import compare_story, format_comparison
from counterpoint.compare.display import MAX_COLUMNS, safe
from counterpoint.link.bundle import ItemBundle
from tests.compare.helpers import actor_mention, annotate, event, make_bundle, naming

_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def hostile(item_id: str, source: str, number: str) -> ItemBundle:
    body = (f"Officials said \x1b[31mabout {number} troops\x1b[0m were sent \u202eto Russia\u202c. "
            "The \x07bell\x00 and \x1b]0;owned\x07title\x9b2J rang out in the capital. "
            + "A very long sentence " + "word " * 2_000 + "ends here.")
    bundle = make_bundle(item_id, source, body)
    bundle = annotate(bundle, mentions=[actor_mention(bundle, "troops", "kpa")],
                      namings=[naming(bundle, "Officials", "kor-government", "neutral")])
    return annotate(bundle, events=[event(bundle, "sent", "sent", "AID", actor=("troops", "kpa"),
                                          recipient=("Russia", "RUS"), speaker=("\x1b[1mOfficials", None),
                                          stance="reported")])


def test_hostile_text_cannot_inject_terminal_codes() -> None:
    comparison = compare_story("s_\x1b[2Jstory", [hostile("i_a", "one\x1b[5m.example", "11,000"),
                                                   hostile("i_b", "two.example", "14,000")])
    assert comparison.conflict  # 11,000 against 14,000: the table has rows from the hostile text
    out = format_comparison(comparison, width=100)
    assert "\x1b" not in out and "\x9b" not in out
    assert not _UNSAFE.search(out)
    assert "[31m" not in out and "]0;owned" not in out
    assert "about 11,000 troops" in out
    assert all(len(line) <= 100 for line in out.splitlines())
    assert len(out) < 40_000  # the 10,000-character sentence is cut


@pytest.mark.parametrize("width", [40, 80, 200])
def test_any_width(width: int) -> None:
    comparison = compare_story("s", [hostile("i_a", "one.example", "11,000"),
                                     hostile("i_b", "two.example", "11,500")])
    out = format_comparison(comparison, width=width)
    assert all(len(line) <= width for line in out.splitlines())
    assert "Agree" in out and "Naming" in out and "Attribution" in out


def test_columns_are_capped_and_the_rest_counted() -> None:
    bundles = [make_bundle(f"i_{n}", f"outlet{n}.example", f"Officials said about {10_000 + n} troops were sent.")
               for n in range(MAX_COLUMNS + 2)]
    out = format_comparison(compare_story("s", bundles), width=160)
    assert f"columns show {MAX_COLUMNS} sources; 2 more" in out
    assert "[6] outlet5.example" in out


def test_an_empty_comparison() -> None:
    out = format_comparison(compare_story("s_empty", []))
    assert "nothing to compare" in out


def test_safe_removes_whole_escape_sequences() -> None:
    assert safe("a\x1b[31mb\x1b[0mc\x1b]0;t\x07d\u202ee") == "abcde"
    assert safe("x" * 500, 10) == "x" * 9 + "…"
