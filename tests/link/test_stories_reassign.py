"""The reassignment pass: an item that joined a look-alike before its own event's story existed
moves there; an item its story holds firmly, a story's first item and stored stories stay."""

from __future__ import annotations

from datetime import date, timedelta

from counterpoint.link.stories import StoryFeatures, StoryIndex, StoryParams, reassignable, text_terms

DAY = date(2032, 6, 2)

# two look-alike floods in one region, four days apart: the Marrow river at Ostin, the Tessel at Quarry Bay
OSTIN = ("The Marrow river burst its banks at Ostin after two days of rain, flooding 340 homes and the railway "
         "station; the regional governor declared an emergency and army boats evacuated the old quarter.")
OSTIN_2 = ("Army boats evacuated the old quarter of Ostin as the Marrow flooded 340 homes and the station; the "
           "regional governor declared an emergency after two days of rain.")
QUARRY = ("The Tessel river flooded Quarry Bay overnight, cutting the coastal highway and the Lind bridge; 58 "
          "families were moved to the sports hall and the regional governor declared an emergency.")
QUARRY_2 = ("Quarry Bay woke to the Tessel in its streets: the Lind bridge and the coastal highway were cut and 58 "
            "families spent the night in the sports hall, the regional governor said.")
# an undated page about the Quarry Bay flood that recalls the Ostin one, read before any Quarry Bay report
QUARRY_UNDATED = ("The Tessel flooded Quarry Bay and cut the Lind bridge, a week after the flood at Ostin; army "
                  "boats evacuated 58 families to the sports hall and the regional governor declared an emergency.")
# an undated page about the Ostin flood: its story holds it firmly
OSTIN_UNDATED = ("In Ostin the Marrow river flooded 340 homes and the railway station; army boats evacuated the old "
                 "quarter and the regional governor declared an emergency.")
REGION = ("a:governor-north",)


def feat(item_id: str, text: str, *, day: date | None = DAY, places: tuple[str, ...] = (),
         names: tuple[str, ...] = ()) -> StoryFeatures:
    words, facts = text_terms(text)
    return StoryFeatures(
        item_id=item_id, source=f"{item_id}.example", first_seen=f"{(day or DAY).isoformat()}T07:00:00+00:00",
        published=day.isoformat() if day else None, title=text.split(";")[0],
        when=None if day is None else (day, day), when_from="none" if day is None else "event",
        actors=frozenset(a.removeprefix("a:") for a in REGION), places=frozenset(places), names=frozenset(names),
        words=tuple(words), facts=tuple(facts),
    )


LATER = DAY + timedelta(days=4)


def _ostin() -> list[StoryFeatures]:
    return [feat("ostin-1", OSTIN, places=("n:ostin",), names=("marrow",)),
            feat("ostin-2", OSTIN_2, places=("n:ostin",), names=("marrow",))]


def _quarry() -> list[StoryFeatures]:
    return [feat("quarry-1", QUARRY, day=LATER, places=("n:quarry bay",), names=("tessel", "lind bridge")),
            feat("quarry-2", QUARRY_2, day=LATER, places=("n:quarry bay",), names=("tessel", "lind bridge"))]


def _early() -> StoryFeatures:
    return feat("quarry-undated", QUARRY_UNDATED, day=None, places=("n:quarry bay", "n:ostin"),
                names=("tessel", "lind bridge"))


def _firm() -> StoryFeatures:
    return feat("ostin-undated", OSTIN_UNDATED, day=None, places=("n:ostin",), names=("marrow",))


def test_an_item_that_joined_a_look_alike_early_moves_to_its_story() -> None:
    # the undated Quarry Bay page arrives when only the Ostin story exists and joins it (a weak score)
    items = [*_ostin(), _early(), _firm(), *_quarry()]
    plain = StoryIndex()
    without = dict(plain.add(items, merge=False))
    assert without["quarry-undated"] == without["ostin-1"] != without["quarry-1"]

    index = StoryIndex()
    for f in items:
        index.add_one(f)
    index.merge(index.story_ids())
    moved = index.reassign([(f, s) for f in items for s in [0.3]])
    assert [(m[0], m[1], m[2]) for m in moved] == [("quarry-undated", without["ostin-1"], without["quarry-1"])]
    assert moved[0][3] >= index.params.threshold
    after = index.assignments()
    assert after["quarry-undated"] == after["quarry-1"] == after["quarry-2"]
    # the Ostin page its story holds firmly stays, and so does the story's first item
    assert after["ostin-undated"] == after["ostin-1"] == after["ostin-2"] != after["quarry-1"]
    # the story left no longer counts the item: its summary and its centroid lost it
    ostin = index.stories([after["ostin-1"]])[0]
    assert "quarry-undated" not in ostin.item_ids and len(ostin.item_ids) == 3
    # add runs the pass too
    assert dict(StoryIndex().add(items))["quarry-undated"] == after["quarry-1"]


def test_no_clear_margin_no_move() -> None:
    items = [*_ostin(), _early(), _firm(), *_quarry()]
    index = StoryIndex(StoryParams(reassign_margin=5.0))
    out = dict(index.add(items))
    assert out["quarry-undated"] == out["ostin-1"]


def test_a_stored_story_is_never_left() -> None:
    # an earlier run stored the Ostin story; this run's undated Quarry Bay page joins it, as it would a story
    # of the run (see above), but a stored story keeps what it holds
    first = StoryIndex()
    stored = dict(first.add(_ostin()))
    later = StoryIndex()
    later.restore((f, stored[f.item_id]) for f in _ostin())
    out = dict(later.add([_early(), _firm(), *_quarry()], merge=False))
    assert out["quarry-undated"] == stored["ostin-1"] != out["quarry-1"]
    assert later.merge(out.values()) == []
    assert later.reassign([(_early(), 0.3), (_firm(), 0.5)]) == []
    assert later.story_of("quarry-undated") == stored["ostin-1"]


def test_what_is_looked_at_again() -> None:
    params = StoryParams(threshold=0.25, reassign_band=0.05)
    dated = _ostin()[0]
    assert reassignable(_early(), 0.9, params)  # undated, however it joined
    assert reassignable(dated, 0.27, params)  # a weak score
    assert not reassignable(dated, 0.5, params)
    assert not reassignable(_early(), None, params)  # it opened its story
