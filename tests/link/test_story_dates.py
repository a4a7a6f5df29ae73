"""Which date is an item's event date: background dates in the lead are not, a nearby date further on is."""

from __future__ import annotations

from datetime import date

from counterpoint.link.bundle import ItemBundle
from counterpoint.link.stories import features_of
from counterpoint.model import Item, PartialDate, Sentence, Span, TimeExpr

BODY = ("Under the treaty signed on June 19, 2024, the two states promised help. Officials met again. "
        "They talked for hours. The border was closed on October 9.")


def _bundle(published: PartialDate, times: list[tuple[str, PartialDate, int]]) -> ItemBundle:
    item = Item(id="i_1", document_id="d_1", position=1, start=0, end=len(BODY), caption=None, headline=None,
                photo_captions=(), paragraphs=(Span(0, len(BODY), BODY),), published=published, dropped=())
    ends = [i + 1 for i, c in enumerate(BODY) if c == "."]
    starts = [0, *[e + 1 for e in ends[:-1]]]
    sentences = tuple(Sentence("i_1", "body", n, a, b) for n, (a, b) in enumerate(zip(starts, ends, strict=True)))
    exprs = tuple(TimeExpr("i_1", "body", BODY.index(text), BODY.index(text) + len(text), text, value, "event", n)
                  for text, value, n in times)
    return ItemBundle(item=item, source="s", url=None, first_seen="2025-01-01T00:00:00+00:00", sentences=sentences,
                      times=exprs)


def test_a_lead_date_long_before_publication_is_background() -> None:
    f = features_of(_bundle(PartialDate(2025, 4, 29), [("June 19, 2024", PartialDate(2024, 6, 19), 0)]))
    assert f.when == (date(2025, 4, 29), date(2025, 4, 29)) and f.when_from == "published"


def test_a_date_near_publication_beyond_the_lead_dates_the_event() -> None:
    f = features_of(_bundle(PartialDate(2024, 10, 10), [("June 19, 2024", PartialDate(2024, 6, 19), 0),
                                                        ("October 9", PartialDate(2024, 10, 9), 3)]))
    assert f.when == (date(2024, 10, 9), date(2024, 10, 9)) and f.when_from == "event"


def test_without_a_publication_date_lead_dates_stand() -> None:
    f = features_of(_bundle(PartialDate(), [("June 19, 2024", PartialDate(2024, 6, 19), 0)]))
    assert f.when == (date(2024, 6, 19), date(2024, 6, 19)) and f.when_from == "event"
