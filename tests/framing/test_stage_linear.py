"""The framing stage reads an item's body and finds a sentence by position without a pass
over the item per sentence (quadratic in a long item, issue 16)."""

from __future__ import annotations

from counterpoint.framing.stage import _field_text, _sentence_of
from counterpoint.model import Item, PartialDate, Sentence, Span


def _item(paragraphs: list[str]) -> Item:
    spans, pos = [], 0
    for p in paragraphs:
        spans.append(Span(pos, pos + len(p), p))
        pos += len(p) + 2
    return Item(id="i_1", document_id="d_1", position=1, start=0, end=pos, caption=None, headline=Span(0, 4, "Head"),
                photo_captions=(), paragraphs=tuple(spans), published=PartialDate(), dropped=())


def test_field_text_is_the_body_and_joined_once_per_item() -> None:
    one, two = _item(["a b", "c d"]), _item(["e", "f"])
    assert _field_text(one, "body") == one.body == "a b\n\nc d"
    assert _field_text(one, "body") is _field_text(one, "body")
    assert _field_text(two, "body") == "e\n\nf" and _field_text(one, "headline") == "Head"


def test_sentence_of_matches_a_scan() -> None:
    sentences = [Sentence("i_1", "headline", 0, 0, 4)] + [
        Sentence("i_1", "body", k, 10 * k, 10 * k + 8) for k in range(50)]
    for pos in range(-1, 505):
        for field in ("headline", "body"):
            expected = next((s.index for s in sentences if s.field == field and s.start <= pos < s.end), 0)
            assert _sentence_of(sentences, field, pos) == expected
