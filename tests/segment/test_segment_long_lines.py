"""A very long line (a text saved without line breaks) is cut into bounded pieces, each a
paragraph; 1M short lines stay linear (issue 16)."""

from __future__ import annotations

import pytest

from counterpoint.segment import segment
from counterpoint.segment.lines import MAX_LINE, MIN_PIECE, split_lines

from .conftest import build_document

SENTENCE = "The ministers said on Monday that the talks in Seoul would go on next week. "


@pytest.mark.timeout(120)
def test_a_long_line_is_cut_at_sentence_ends_into_paragraphs() -> None:
    text = "Talks to resume\n\n" + (SENTENCE * 4_000).strip() + "\nLast line of the same block"
    lines = split_lines(text)
    pieces = lines[1:-1]
    assert len(pieces) > 1
    assert all(MIN_PIECE <= len(ln.text) <= MAX_LINE and ln.text.endswith(".") for ln in pieces)
    assert all(text[ln.start : ln.end] == ln.text for ln in lines)
    assert len({ln.block for ln in pieces}) == len(pieces)
    assert lines[-1].block == pieces[-1].block
    (item,) = segment(build_document(text))
    assert item.headline is not None and item.headline.text == "Talks to resume"
    assert len(item.paragraphs) == len(pieces) + 1
    assert "".join(p.text for p in item.paragraphs).replace(" ", "") == text.split("\n\n", 1)[1].replace(
        " ", "").replace("\n", "")


def test_a_long_line_without_sentence_ends_or_spaces_is_still_cut() -> None:
    for text in ["word " * 3_000, "x" * (3 * MAX_LINE + 7)]:
        lines = split_lines(text)
        assert len(lines) > 1 and all(MIN_PIECE <= len(ln.text) <= MAX_LINE for ln in lines)
        assert "".join(ln.text for ln in lines).replace(" ", "") == text.replace(" ", "")


@pytest.mark.timeout(120)
def test_a_5m_character_line_and_20k_short_lines_segment() -> None:
    # a 5M-character line once became one 5M-character paragraph: now about 1,000 bounded ones
    text = (SENTENCE * (5_000_000 // len(SENTENCE))).strip()
    (item,) = segment(build_document(text))
    assert len(item.paragraphs) >= len(text) // MAX_LINE
    assert max(len(p.text) for p in item.paragraphs) <= MAX_LINE
    # many short lines (under segment.MAX_LINES, over which a text is kept whole: see
    # test_segment_many_lines): every line kept, each its own paragraph
    text = "\n\n".join(["a"] * 20_000)
    (item,) = segment(build_document(text))
    assert len(item.paragraphs) == 20_000
