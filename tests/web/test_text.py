"""The pieces hostile text goes through before it is shown: markers for controls, safe links, cutting text
at annotations, source ids, chart geometry."""

from __future__ import annotations

import pytest

from counterpoint.web.charts import month_bars, story_dots
from counterpoint.web.queries import source_id
from counterpoint.web.templating import environment
from counterpoint.web.text import Mark, humanize_label, path_part, safe_href, segments, snippet_pieces, visible


@pytest.mark.parametrize(("text", "shown"), [
    ("abc\u202egnp.exe", "abc⟦RLO⟧gnp.exe"),
    ("\u2066x\u2069", "⟦LRI⟧x⟦PDI⟧"),
    ("bell\x07 esc\x1b[31m", "bell⟦U+0007⟧ esc⟦U+001B⟧[31m"),
    ("line\r\nnext\ttab", "line\nnext\ttab"),
    ("\u0645\u0631\u062d\u0628\u0627", "\u0645\u0631\u062d\u0628\u0627"),  # right-to-left letters are text, kept
])
def test_visible_marks_controls(text: str, shown: str) -> None:
    assert visible(text) == shown


@pytest.mark.parametrize(("url", "ok"), [
    ("https://example.org/a?b=c", True),
    ("http://example.org", True),
    ("javascript:alert(1)", False),
    (" javascript:alert(1)", False),
    ("JaVaScRiPt:alert(1)", False),
    ("data:text/html;base64,PHNjcmlwdD4=", False),
    ("vbscript:msgbox", False),
    ("//evil.example/x", False),
    ("/relative", False),
    ("https://exa\u202emple.org", False),
    ("https://example.org/a b", False),
    ("https:///nohost", False),
    ("", False),
    (None, False),
])
def test_safe_href(url: str | None, ok: bool) -> None:
    assert (safe_href(url) is not None) is ok


def test_segments_split_overlapping_marks_and_give_the_text_back() -> None:
    text = "the so-called heroic liberation of it"
    a = Mark(4, 31, "framing", "Loaded_Language", "loaded", "t0")
    b = Mark(14, 20, "framing", "Name_Calling,Labeling", "name", "t1")
    pieces = segments(text, [a, b, Mark(50, 60, "framing", "x", "outside"), Mark(5, 5, "framing", "x", "empty")])
    assert "".join(p.text for p in pieces) == text
    assert [(p.text, [m.label for m in p.marks]) for p in pieces] == [
        ("the ", []),
        ("so-called ", ["Loaded_Language"]),
        ("heroic", ["Loaded_Language", "Name_Calling,Labeling"]),
        (" liberation", ["Loaded_Language"]),
        (" of it", []),
    ]
    assert pieces[2].css == "t0 t1" and pieces[2].title == "loaded; name"


def test_segments_clip_marks_past_the_end() -> None:
    pieces = segments("short", [Mark(2, 99, "framing", "x", "x")])
    assert [(p.text, bool(p.marks)) for p in pieces] == [("sh", False), ("ort", True)]


def test_highlight_escapes_each_piece() -> None:
    env = environment()
    template = env.from_string('{% import "_macros.html" as m %}{{ m.segs(highlight(text, spans, "body")) }}')
    html = template.render(text="<b>bad</b> words\u202e", spans=[
        {"field": "body", "start": 3, "end": 6, "label": "Loaded_Language", "confidence": 0.5, "method": "model"}])
    assert html == ('&lt;b&gt;<mark class="t0" title="Loaded language (0.50, model)">bad</mark>&lt;/b&gt; '
                    "words⟦RLO⟧")


def test_every_printed_string_is_escaped_and_marked() -> None:
    html = environment().from_string('<p title="{{ x }}">{{ x }}</p>{{ nothing }}').render(
        x="\"><script>\u202e", nothing=None)
    assert html == '<p title="&#34;&gt;&lt;script&gt;⟦RLO⟧">&#34;&gt;&lt;script&gt;⟦RLO⟧</p>'


@pytest.mark.parametrize("name", ["dprk-relay.example", "Wire Service", "a", "Z9_x.y-z"])
def test_plain_source_names_are_their_own_id(name: str) -> None:
    assert source_id(name) == name


@pytest.mark.parametrize("name", ["a/b", "..", ".", "x.json", "src_123", "<script>", "trailing ", " lead", "é",
                                  "x" * 200])
def test_other_source_names_get_a_hashed_id(name: str) -> None:
    sid = source_id(name)
    assert sid.startswith("src_") and len(sid) == 20 and path_part(sid) == sid


def test_labels_and_snippets() -> None:
    assert humanize_label("Name_Calling,Labeling") == "Name calling / labeling"
    assert humanize_label("Appeal_to_fear-prejudice") == "Appeal to fear-prejudice"
    assert snippet_pieces("a \x02b\x03 c [d]", "\x02", "\x03") == [("a ", False), ("b", True), (" c [d]", False)]


def test_month_bars_fill_gaps_and_link() -> None:
    chart = month_bars([("2024-11", 2), ("2025-02", 4), ("undated", 9), ("2025-13", 1)],
                       href=lambda m: f"/t?m={m}", selected=lambda m: m == "2025-02")
    assert [b.label for b in chart.bars] == ["2024-11: 2", "2024-12: 0", "2025-01: 0", "2025-02: 4"]
    assert [b.href for b in chart.bars] == ["/t?m=2024-11", None, None, "/t?m=2025-02"]
    assert [b.selected for b in chart.bars] == [False, False, False, True]
    assert chart.bars[3].height > chart.bars[0].height > 0
    assert month_bars([]).bars == []


def test_story_dots_place_stories_on_the_axis() -> None:
    stories = [{"id": "s1", "first_reported": "2025-01-01", "source_count": 1, "title": "a"},
               {"id": "s2", "first_reported": "2025-03", "source_count": 5, "title": "b"},
               {"id": "s3", "first_reported": None, "source_count": 2, "title": "undated"}]
    chart = story_dots(stories, href=lambda s: "/stories/" + s)
    assert [d.href for d in chart.dots] == ["/stories/s1", "/stories/s2"]
    assert chart.dots[0].x < chart.dots[1].x
    assert chart.dots[1].y < chart.dots[0].y  # more sources: higher
