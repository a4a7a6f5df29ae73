"""The merge pass: stories of one event split by arrival order are joined; look-alikes and stored
stories are not."""

from __future__ import annotations

from datetime import date, timedelta

from counterpoint.link.stories import StoryFeatures, StoryIndex, StoryParams, text_terms

DAY = date(2031, 3, 9)

# two reports of one event (a ferry fire) in different words, and a look-alike a week later
FERRY = ("A fire broke out on the passenger ferry Calloway Star in the strait near Port Venn overnight; the coast "
         "guard evacuated 212 passengers and the harbour master closed the Venn terminal.")
FERRY_2 = ("The coast guard took 212 passengers off the Calloway Star after flames spread through the ferry's car "
           "deck near Port Venn; the Venn terminal stayed closed on the harbour master's order.")
FERRY_3 = ("Investigators boarded the Calloway Star at Port Venn after the overnight fire; the harbour master said "
           "the Venn terminal would reopen once the coast guard cleared the ferry and its 212 passengers' cars.")
CLAIM = ("The operator's chief said in an interview that the fire on the Calloway Star near Port Venn, last month "
         "on March 9, was started deliberately; the coast guard had evacuated 212 passengers.")
QUAKE = ("A magnitude 5.2 earthquake shook the inland town of Orrin, cracking walls of the old mill and the "
         "school; the mayor said nobody was hurt.")
PLACES = ("n:port venn", "n:venn terminal")
NAMES = ("calloway star",)

#: The item decision made impossible, so that every report opens its own story: what single-pass
#: clustering does when early reports score under the threshold.
STRICT = StoryParams(threshold=5.0, merge_threshold=0.35)


def feat(item_id: str, text: str, *, day: date | None = DAY, places: tuple[str, ...] = PLACES,
         names: tuple[str, ...] = NAMES, month_days: tuple[tuple[int, int], ...] = (),
         follow_up: bool = False, document: str = "") -> StoryFeatures:
    words, facts = text_terms(text)
    return StoryFeatures(
        item_id=item_id, source=f"{item_id}.example", first_seen=f"{(day or DAY).isoformat()}T09:00:00+00:00",
        published=day.isoformat() if day else None, title=text.split(";")[0], when=None if day is None else (day, day),
        when_from="none" if day is None else "event", places=frozenset(places), names=frozenset(names),
        words=tuple(words), facts=tuple(facts), month_days=month_days, follow_up=follow_up, document=document,
    )


def stories_of(pairs: list[tuple[str, str]]) -> list[set[str]]:
    by: dict[str, set[str]] = {}
    for item_id, story_id in pairs:
        by.setdefault(story_id, set()).add(item_id)
    return sorted(by.values(), key=sorted)


def test_a_story_split_by_arrival_order_is_merged() -> None:
    items = [feat("a", FERRY), feat("b", FERRY_2), feat("c", FERRY_3)]
    split = StoryIndex(STRICT).add(items, merge=False)
    assert len(stories_of(split)) == 3  # the item decision alone leaves them apart
    index = StoryIndex(STRICT)
    merged = index.add(items)
    assert stories_of(merged) == [{"a", "b", "c"}]
    # the oldest story keeps its id; the absorbed ones are gone from the index
    assert {s for _, s in merged} == {split[0][1]}
    assert index.story_ids() == [split[0][1]]
    (summary,) = index.stories()
    assert set(summary.item_ids) == {"a", "b", "c"} and len(summary.sources) == 3


def test_merge_returns_what_it_absorbed() -> None:
    index = StoryIndex(STRICT)
    first = index.add([feat("a", FERRY), feat("b", FERRY_2)], merge=False)
    assert index.merge({s for _, s in first}) == [(first[1][1], first[0][1])]
    assert index.story_of("b") == first[0][1]
    assert index.merge({first[0][1]}) == []  # nothing left to merge


def test_look_alikes_days_apart_stay_apart() -> None:
    """The same ship, port and wording a week later (event dates) is another event: vetoed."""
    items = [feat("a", FERRY), feat("b", FERRY_2), feat("c", FERRY, day=DAY + timedelta(days=7)),
             feat("d", FERRY_2, day=DAY + timedelta(days=7))]
    assert stories_of(StoryIndex(STRICT).add(items)) == [{"a", "b"}, {"c", "d"}]


def test_other_events_stay_apart() -> None:
    items = [feat("a", FERRY), feat("b", FERRY_2), feat("q", QUAKE, places=("n:orrin",), names=())]
    assert stories_of(StoryIndex(STRICT).add(items)) == [{"a", "b"}, {"q"}]


def test_a_later_claim_that_looks_back_does_not_merge_with_the_day_it_names() -> None:
    """An undated report that looks back ("last month, on March 9") is a later happening."""
    items = [feat("a", FERRY), feat("b", FERRY_2),
             feat("c", CLAIM, day=None, month_days=((3, 9),), follow_up=True),
             feat("d", CLAIM, day=None, month_days=((3, 9),), follow_up=True)]
    out = stories_of(StoryIndex(STRICT).add(items))
    assert {"a", "b"} in out and not any({"a", "c"} <= s for s in out)


def test_items_of_one_page_on_different_days_stay_apart() -> None:
    items = [feat("a", FERRY, document="roll"), feat("b", FERRY_2, day=DAY + timedelta(days=2), document="roll")]
    assert stories_of(StoryIndex(STRICT).add(items)) == [{"a"}, {"b"}]


def test_stored_stories_are_never_absorbed_nor_merged_together() -> None:
    """A later run merges its new story into a stored one (the stored id stays); two stored
    stories stay two, so no stored item changes story."""
    earlier = StoryIndex(STRICT)
    saved = earlier.add([feat("a", FERRY), feat("b", FERRY_2)], merge=False)
    assert len({s for _, s in saved}) == 2
    later = StoryIndex(STRICT)
    later.restore((feat(i, FERRY if i == "a" else FERRY_2), s) for i, s in saved)
    assert later.merge({s for _, s in saved}) == []  # both stored: never merged
    new = later.add([feat("c", FERRY_3)])
    assert new[0][1] in {s for _, s in saved}  # joined a stored story by merging into it
    assert later.story_of("a") == saved[0][1] and later.story_of("b") == saved[1][1]


def test_merged_index_decides_later_items_against_the_survivor() -> None:
    index = StoryIndex(STRICT)
    index.add([feat("a", FERRY), feat("b", FERRY_2)])
    survivor = index.story_of("a")
    # a later item found through the absorbed story's buckets meets the surviving story
    found = index._candidates(index._query(feat("c", FERRY_2)))
    assert [s.id for s in found] == [survivor]
