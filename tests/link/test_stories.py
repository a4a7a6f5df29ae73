"""The story clusterer: same event joins, look-alikes stay apart, incremental, restorable, bounded."""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

import numpy as np
import pytest

from counterpoint.link.bundle import ItemBundle
from counterpoint.link.stories import (
    BUCKET_CAP,
    CENTROID_CAP,
    StoryFeatures,
    StoryIndex,
    StoryParams,
    day_range,
    features_of,
    normalise_name,
    story_id_for,
    text_terms,
)
from counterpoint.model import (
    Attribution,
    Event,
    Item,
    Mention,
    PartialDate,
    Participant,
    Place,
    Sentence,
    Span,
    TimeExpr,
)

D0 = date(2024, 4, 18)


def feat(item_id: str, text: str, *, day: date | None = D0, when_from: str = "event", source: str | None = "a.ex",
         actors: tuple[str, ...] = (), names: tuple[str, ...] = (), places: tuple[str, ...] = (),
         types: tuple[str, ...] = (), published: str | None = None, vector: np.ndarray | None = None,
         span_days: int = 0) -> StoryFeatures:
    when = None if day is None else (day, day + timedelta(days=span_days))
    words, facts = text_terms(text)
    return StoryFeatures(
        item_id=item_id, source=source, first_seen=f"{(day or D0).isoformat()}T08:00:00+00:00",
        published=published if published is not None else (day.isoformat() if day else None),
        title=text.split(".")[0], when=when, when_from="none" if day is None else when_from,  # type: ignore[arg-type]
        event_types=frozenset(types), actors=frozenset(actors), names=frozenset(names), places=frozenset(places),
        words=tuple(words), facts=tuple(facts), vector=vector,
    )


PRAISE = ("The president praised the paratroopers of the airborne division at a ceremony in the capital and "
          "handed state awards to officers who served at the front. The defence minister thanked the soldiers for "
          "their courage and said the division would receive new armoured vehicles.")
PRAISE_2 = ("At a ceremony in the capital the president handed state awards to paratroopers of the airborne division "
            "and praised their courage at the front; the defence minister promised the division new armoured "
            "vehicles and thanked the officers.")
CLOSURE = ("The government announced the closure of the northern border crossings to all traffic from midnight, "
           "citing security threats, and ordered customs posts near the river to stop clearing lorries.")
CLOSURE_2 = ("Authorities said the northern border crossings near the river will close to all traffic from midnight "
             "over security threats; customs posts stopped clearing lorries.")
DEMOLITION = ("Army engineers blew up the roads leading to the northern border crossings near the river, days after "
              "the government closed the crossings, and mined the approaches to the customs posts.")
QUAKE_A = ("A magnitude 6.1 earthquake struck the mountain town of Velmar before dawn, collapsing a school and "
           "dozens of stone houses; rescuers pulled survivors from the rubble and the death toll rose to 14, the "
           "governor of the Arden province said.")
QUAKE_B = ("Nine people died when a 5.8-magnitude quake hit the port of Sallis on the southern coast, damaging the "
           "harbour and a market; fishermen joined the search for survivors, the coast guard said.")
QUAKE_A2 = ("Rescuers in Velmar searched collapsed stone houses for survivors after the 6.1 earthquake; Arden's "
            "governor said 14 people died, most of them when the school collapsed before dawn.")
LEADERS = ("PRESIDENT", "MINISTER_DEFENCE")


# --- same event, look-alikes ----------------------------------------------------------------


def test_same_event_from_two_sources_joins() -> None:
    index = StoryIndex()
    a = feat("a", PRAISE, actors=LEADERS, places=("g:1",), types=("SUPPORT",))
    b = feat("b", PRAISE_2, source="b.example", day=D0 + timedelta(days=1), when_from="published",
             actors=LEADERS, places=("g:1",), types=("SUPPORT",))
    (ia, sa), (ib, sb) = index.add([a, b])
    assert (ia, ib) == ("a", "b") and sa == sb == story_id_for("a")
    story = index.stories()[0]
    assert story.item_ids == ("a", "b") and story.sources == ("a.ex", "b.example")
    assert story.first_item_id == "a" and story.first_reported == D0.isoformat()


def test_april_and_september_praise_stay_apart() -> None:
    september = date(2024, 9, 12)
    index = StoryIndex()
    out = index.add([
        feat("april", PRAISE, actors=LEADERS, places=("g:1",), types=("SUPPORT",)),
        feat("april-2", PRAISE_2, actors=LEADERS, places=("g:1",), types=("SUPPORT",)),
        feat("sept", PRAISE, day=september, actors=LEADERS, places=("g:1",), types=("SUPPORT",)),
        feat("sept-2", PRAISE_2, day=september, actors=LEADERS, places=("g:1",), types=("SUPPORT",)),
    ])
    story = dict(out)
    assert story["april"] == story["april-2"] != story["sept"] == story["sept-2"]


def test_april_and_september_apart_on_publication_dates_alone() -> None:
    index = StoryIndex()
    out = dict(index.add([
        feat("april", PRAISE, when_from="published", actors=LEADERS),
        feat("sept", PRAISE, day=date(2024, 9, 12), when_from="published", actors=LEADERS),
    ]))
    assert out["april"] != out["sept"]


def test_border_closure_and_demolition_six_days_later_stay_apart() -> None:
    index = StoryIndex()
    common = {"actors": ("GOV",), "places": ("p:northern border",)}
    out = dict(index.add([
        feat("closure", CLOSURE, types=("COERCE",), **common),  # type: ignore[arg-type]
        feat("closure-2", CLOSURE_2, day=D0 + timedelta(days=1), when_from="published", types=("COERCE",),
             **common),  # type: ignore[arg-type]
        feat("demolition", DEMOLITION, day=D0 + timedelta(days=6), types=("ASSAULT",), **common),  # type: ignore[arg-type]
        feat("demolition-copy", DEMOLITION, day=D0 + timedelta(days=6), types=("ASSAULT",),
             **common),  # type: ignore[arg-type]
    ]))
    assert out["closure"] == out["closure-2"]
    assert out["demolition"] == out["demolition-copy"] != out["closure"]


def test_a_story_does_not_creep_day_by_day() -> None:
    """Reports a day apart each cannot stretch one story over more than ``max_span_days``."""
    index = StoryIndex()
    out = index.add([feat(f"d{k}", CLOSURE, day=D0 + timedelta(days=k), actors=("GOV",)) for k in range(12)])
    stories = {s for _, s in out}
    assert len(stories) >= 2
    for summary in index.stories():
        assert summary.start is not None and summary.end is not None
        assert (summary.end - summary.start).days <= StoryParams().max_span_days


def test_two_earthquakes_in_different_places_stay_apart() -> None:
    index = StoryIndex()
    out = dict(index.add([
        feat("quake-a", QUAKE_A, places=("g:100",), types=("ASSAULT",)),
        feat("quake-b", QUAKE_B, places=("g:200",), types=("ASSAULT",)),
        feat("quake-a2", QUAKE_A2, places=("g:100",), source="b.example"),
    ]))
    assert out["quake-a"] == out["quake-a2"] != out["quake-b"]


def test_same_template_with_other_facts_stays_apart_and_copies_join() -> None:
    """A daily bulletin repeats its wording with other figures and places: other events."""
    bulletin = ("Air defence units destroyed {n} drones over the {place} region overnight, the Defence Ministry said. "
                "Debris damaged {m} houses in {town}; no casualties were reported and crews put out a fire at a "
                "warehouse on the outskirts.")
    today = bulletin.format(n=47, place="Kharkiv", m=12, town="Chuhuiv")
    other = bulletin.format(n=19, place="Odesa", m=3, town="Izmail")
    # the bulletins of earlier months: the index knows the template's words and the ministry are common
    places = ("Sumy", "Kherson", "Poltava", "Dnipro", "Mykolaiv", "Chernihiv")
    background = StoryIndex()
    background.observe(feat(f"old{k}", bulletin.format(n=k + 3, place=places[k % 6], m=k + 1, town=f"Town{k}"),
                            actors=("MOD",)) for k in range(40))
    index = background.fork()
    out = dict(index.add([
        feat("today", today, actors=("MOD",)),
        feat("other", other, actors=("MOD",)),
        feat("today-copy", today, source="b.example", actors=("MOD",)),
        feat("other-copy", other, source="c.example", actors=("MOD",)),
    ]))
    assert out["today"] == out["today-copy"] != out["other"] == out["other-copy"]


# --- missing parts ------------------------------------------------------------------------------


def test_items_without_dates_join_on_text_and_names() -> None:
    index = StoryIndex()
    out = dict(index.add([
        feat("a", QUAKE_A, day=None, places=("g:100",)),
        feat("b", QUAKE_A2, day=None, places=("g:100",)),
        feat("c", QUAKE_B, day=None, places=("g:200",)),
    ]))
    assert out["a"] == out["b"] != out["c"]
    assert index.stories([out["a"]])[0].first_reported is None


def test_an_undated_item_joins_a_dated_story_and_a_dated_one_an_undated_story() -> None:
    index = StoryIndex()
    out = dict(index.add([
        feat("dated", QUAKE_A, places=("g:100",)),
        feat("undated", QUAKE_A2, day=None, places=("g:100",)),
        feat("undated-b", QUAKE_B, day=None, places=("g:200",)),
        feat("dated-b", QUAKE_B, day=D0 + timedelta(days=40), places=("g:200",)),
    ]))
    assert out["dated"] == out["undated"]
    assert out["undated-b"] == out["dated-b"] != out["dated"]


def test_items_without_actors_or_places_compare_on_text() -> None:
    index = StoryIndex()
    out = dict(index.add([feat("a", QUAKE_A), feat("b", QUAKE_A2), feat("c", CLOSURE), feat("d", "")]))
    assert out["a"] == out["b"]
    assert len({out["a"], out["c"], out["d"]}) == 3


def test_month_granular_dates_are_ranges() -> None:
    assert day_range(PartialDate(2024, 2)) == (date(2024, 2, 1), date(2024, 2, 29))
    assert day_range(PartialDate(2024)) == (date(2024, 1, 1), date(2024, 12, 31))
    assert day_range(PartialDate()) is None
    index = StoryIndex()
    out = dict(index.add([
        feat("day", QUAKE_A, day=date(2024, 2, 20), places=("g:100",)),
        feat("month", QUAKE_A2, day=date(2024, 2, 1), span_days=28, places=("g:100",)),
        feat("other-year", QUAKE_A2, day=date(2019, 1, 1), span_days=364, places=("g:100",)),
    ]))
    assert out["day"] == out["month"] != out["other-year"]


# --- bounded, incremental, restorable ---------------------------------------------------------------


def test_all_identical_corpus_is_one_story_in_bounded_time() -> None:
    index = StoryIndex()
    items = [feat(f"i{k:04d}", PRAISE, day=None, actors=LEADERS, source=f"s{k % 7}") for k in range(2000)]
    started = time.perf_counter()
    out = index.add(items)
    elapsed = time.perf_counter() - started
    assert len({s for _, s in out}) == 1
    centroid = index._by_id[out[0][1]].centroid
    assert centroid is not None and centroid.words.size <= CENTROID_CAP
    assert len(index.stories()[0].item_ids) == 2000
    assert elapsed < 5.0


def test_a_story_of_5000_items_from_a_huge_source_and_a_small_one_stays_bounded() -> None:
    index = StoryIndex()
    items = [feat(f"h{k:04d}", f"{QUAKE_A} Update {k % 50}.", day=D0 + timedelta(days=k % 2), source="huge.example",
                  places=("g:100",)) for k in range(4999)]
    items.append(feat("small", QUAKE_A2, source="small.example", places=("g:100",)))
    started = time.perf_counter()
    out = index.add(items)
    assert time.perf_counter() - started < 6.0
    assert len({s for _, s in out}) == 1
    story = index.stories()[0]
    assert len(story.item_ids) == 5000 and story.sources == ("huge.example", "small.example")
    centroid = index._by_id[story.id].centroid
    assert centroid is not None and centroid.words.size <= CENTROID_CAP


def test_per_item_cost_does_not_grow_with_one_huge_source() -> None:
    """Many distinct items of one source on few days: each is compared with a bounded set."""
    rng = random.Random(3)
    vocab = [f"w{k}" for k in range(3000)]

    def make(k: int) -> StoryFeatures:
        text = " ".join(rng.choice(vocab) for _ in range(60))
        return feat(f"x{k}", text, day=D0 + timedelta(days=k % 3), actors=("RUS",), source="big.example")

    index = StoryIndex()
    first = [make(k) for k in range(1000)]
    second = [make(k) for k in range(1000, 2000)]
    t0 = time.perf_counter()
    index.add(first)
    t1 = time.perf_counter()
    index.add(second)
    t2 = time.perf_counter()
    assert (t2 - t1) < 3 * (t1 - t0) + 0.5
    assert max(len(b) for b in index._buckets.values()) <= BUCKET_CAP


def _mixed() -> list[StoryFeatures]:
    rng = random.Random(7)
    texts = [PRAISE, PRAISE_2, CLOSURE, CLOSURE_2, DEMOLITION, QUAKE_A, QUAKE_B, QUAKE_A2]
    out = []
    for k in range(60):
        text = texts[k % len(texts)]
        day = D0 + timedelta(days=rng.choice((0, 1, 9, 30))) if k % 5 else None
        out.append(feat(f"m{k:02d}", text, day=day, actors=LEADERS[: k % 3], places=(f"g:{k % 4}",),
                        source=f"s{k % 3}"))
    return out


def test_one_at_a_time_equals_one_batch() -> None:
    # the guarantee holds before the run-level passes (merge, reassign), which see the whole batch
    items = _mixed()
    batch = StoryIndex().add(items, merge=False)
    single = StoryIndex()
    one_by_one = [pair for f in items for pair in single.add([f], merge=False)]
    chunks = StoryIndex()
    chunked = chunks.add(items[:17], merge=False) + chunks.add(items[17:40], merge=False) + \
        chunks.add(items[40:], merge=False)
    assert batch == one_by_one == chunked
    assert len({s for _, s in batch}) > 1


def test_restore_then_add_decides_like_one_run() -> None:
    items = _mixed()
    whole = StoryIndex()
    expected = whole.add(items)
    first = StoryIndex()
    saved = first.add(items[:30])
    stored = [(StoryFeatures.from_json(f.to_json()), story) for f, (_, story) in zip(items[:30], saved, strict=True)]
    again = StoryIndex()
    again.restore(stored)
    assert again.assignments() == first.assignments()
    assert saved + again.add(items[30:]) == expected


def test_story_ids_are_stable_and_assignments_never_change() -> None:
    items = _mixed()
    a, b = StoryIndex().add(items), StoryIndex().add(items)
    assert a == b
    index = StoryIndex()
    out = dict(index.add(items))
    for story in out.values():
        assert story.startswith("s_") and len(story) == 18
    assert out[items[0].item_id] == story_id_for(items[0].item_id)
    # an item given again keeps its story and changes nothing
    before = index.stories()
    assert index.add_one(items[5]) == (out[items[5].item_id], None)
    assert index.stories() == before


def test_json_round_trip_keeps_everything_but_the_vector() -> None:
    v = np.ones(8, dtype=np.float32)
    f = feat("a", QUAKE_A, actors=LEADERS, places=("g:1",), types=("ASSAULT",), vector=v)
    back = StoryFeatures.from_json(f.to_json())
    assert back == f and back.vector is None
    with_vector = StoryFeatures.from_json(f.to_json(), vector=v)
    assert with_vector.vector is not None and abs(float(np.linalg.norm(with_vector.vector)) - 1.0) < 1e-6


def test_vectors_count_in_the_text_term_and_codes_are_seeded() -> None:
    rng = np.random.default_rng(0)
    base = rng.standard_normal(64).astype(np.float32)
    near = base + 0.1 * rng.standard_normal(64).astype(np.float32)
    far = -base
    index = StoryIndex()
    index.add([feat("a", QUAKE_A, vector=base)])
    centroid = index._stories[0].centroid
    assert centroid is not None
    with_near = index._scores(index._query(feat("b", QUAKE_A2, vector=near)), [centroid])[0]
    with_far = index._scores(index._query(feat("c", QUAKE_A2, vector=far)), [centroid])[0]
    without = index._scores(index._query(feat("d", QUAKE_A2)), [centroid])[0]
    params = StoryParams()
    assert with_near - with_far == pytest.approx(params.text_weight * params.vector_weight, abs=0.01)
    assert with_far < without <= with_near + 0.01
    unit = base / np.linalg.norm(base)
    assert StoryIndex()._codes(unit) == index._codes(unit)


def test_hostile_features_do_not_crash() -> None:
    index = StoryIndex()
    weird = [
        feat("nan", QUAKE_A, vector=np.full(16, np.nan, dtype=np.float32)),
        feat("zero", QUAKE_A, vector=np.zeros(16, dtype=np.float32)),
        feat("empty", ""),
        feat("long", " ".join(f"w{k}" for k in range(20000))),
        feat("names", "x", names=tuple(f"n{k}" for k in range(500))),
    ]
    out = index.add(weird)
    assert len(out) == 5


def test_observe_and_fork() -> None:
    background = StoryIndex()
    background.observe([feat(f"bg{k}", PRAISE if k % 2 else CLOSURE, actors=LEADERS) for k in range(50)])
    assert background.story_ids() == [] and len(background) == 0
    fresh = background.fork(StoryParams(threshold=0.3))
    assert fresh.params.threshold == 0.3 and fresh._n == 50
    fresh.add([feat("a", QUAKE_A)])
    assert background._n == 50 and len(fresh) == 1
    with pytest.raises(ValueError):
        fresh.fork()


# --- features from a bundle ------------------------------------------------------------------------


def _bundle() -> ItemBundle:
    headline = "Border crossings closed"
    body = ("The government closed the northern crossings on Monday, the Interior Ministry said. "
            "Guards turned back lorries near Riverton. Officials recalled that a similar closure in March 2019 "
            "lasted a week.")
    doc_text = headline + "\n\n" + body
    item = Item(
        id="i_1", document_id="d_1", position=1, start=0, end=len(doc_text), caption=None,
        headline=Span(0, len(headline), headline), photo_captions=(),
        paragraphs=(Span.of(doc_text, len(headline) + 2, len(doc_text)),),
        published=PartialDate(2024, 4, 16, "header"), dropped=(),
    )
    ends = [body.index("said.") + 5, body.index("Riverton.") + 9, len(body)]
    starts = [0, ends[0] + 1, ends[1] + 1]
    sentences = (Sentence("i_1", "headline", 0, 0, len(headline)),
                 *(Sentence("i_1", "body", k, s, e) for k, (s, e) in enumerate(zip(starts, ends, strict=True))))
    place = Place("Riverton", 42, 1.0, 2.0, "XYZ", None, "city")

    def mention(text: str, kind: str, sentence: int, **kw: object) -> Mention:
        start = body.index(text)
        return Mention("i_1", "body", start, start + len(text), text, kind, sentence=sentence, **kw)  # type: ignore[arg-type]

    mentions = (
        mention("government", "actor", 0, actor_id="XYZGOV", method="alias"),
        mention("Interior Ministry", "actor", 0, actor_id=None),
        mention("Riverton", "place", 1, place=place),
    )
    monday = body.index("Monday")
    march = body.index("March 2019")
    times = (
        TimeExpr("i_1", "body", monday, monday + 6, "Monday", PartialDate(2024, 4, 15), "event", 0),
        TimeExpr("i_1", "body", march, march + 10, "March 2019", PartialDate(2019, 3), "event", 2),
    )
    close = body.index("closed")
    event = Event(
        id="e_1", item_id="i_1", field="body", sentence=0, start=0, end=ends[0], text=body[: ends[0]],
        trigger="closed", trigger_start=close, trigger_end=close + 6, event_type="COERCE", mode=None, contexts=(),
        actor=Participant("government", 4, 14, "XYZGOV"), recipient=None, place=None, place_text=None,
        date=PartialDate(2024, 4, 15), date_text="Monday", aux_modes=(), attribution=Attribution(), confidence=0.9,
    )
    negated = Event(
        id="e_2", item_id="i_1", field="body", sentence=1, start=starts[1], end=ends[1], text="x",
        trigger="turned", trigger_start=starts[1], trigger_end=starts[1] + 1, event_type="ASSAULT", mode=None,
        contexts=(), actor=None, recipient=None, place=None, place_text=None, date=PartialDate(),
        date_text=None, aux_modes=("negated",), attribution=Attribution(), confidence=0.9,
    )
    return ItemBundle(item=item, source="wire.example", url=None, first_seen="2024-04-16T09:00:00+00:00",
                      sentences=sentences, mentions=mentions, times=times, events=(event, negated),
                      vector=np.ones(4, dtype=np.float32))


def test_features_of_a_bundle() -> None:
    f = features_of(_bundle())
    assert f.item_id == "i_1" and f.source == "wire.example" and f.title == "Border crossings closed"
    assert f.published == "2024-04-16"
    assert f.when == (date(2024, 4, 15), date(2024, 4, 15)) and f.when_from == "event"
    assert (date(2019, 3, 1), date(2019, 3, 31)) in f.event_days
    assert f.event_types == frozenset({"COERCE"})  # the negated event is left out
    assert f.actors == frozenset({"XYZGOV"}) and f.names == frozenset({"interior ministry"})
    assert f.places == frozenset({"g:42"})
    assert {"a:XYZGOV", "n:interior ministry", "p:g:42"} <= f.lead
    assert f.words[:3] == ("border", "crossings", "closed")
    assert f.vector is not None and abs(float(np.linalg.norm(f.vector)) - 1.0) < 1e-6


def test_features_of_an_empty_bundle() -> None:
    item = Item(id="i_2", document_id="d_2", position=1, start=0, end=0, caption=None, headline=None,
                photo_captions=(), paragraphs=(), published=PartialDate(), dropped=())
    f = features_of(ItemBundle(item=item, source=None, url=None, first_seen="2024-01-01T00:00:00+00:00"))
    assert f.when is None and f.when_from == "none" and f.words == () and f.vector is None
    index = StoryIndex()
    assert index.add([f]) == [("i_2", story_id_for("i_2"))]


def test_text_terms_find_numbers_and_names() -> None:
    words, facts = text_terms("The Kharkiv governor said 47 drones fell. Debris hit Chuhuiv in March, he said.")
    assert words[:4] == ["kharkiv", "governor", "47", "drones"]
    assert facts == ["kharkiv", "47", "chuhuiv"]  # "The", "Debris" open sentences; months are dates


def test_a_dateline_is_a_publication_date() -> None:
    text = "Updated 8:28 PM, December 5, 2009\n\nRescuers searched the rubble on Friday."
    item = Item(id="i_3", document_id="d_3", position=1, start=0, end=len(text), caption=None, headline=None,
                photo_captions=(), paragraphs=(Span(0, len(text), text),), published=PartialDate(), dropped=())
    stamp = text.index("December")
    friday = text.index("Friday")
    times = (TimeExpr("i_3", "body", stamp, stamp + 16, "December 5, 2009", PartialDate(2009, 12, 5), "event", 0),
             TimeExpr("i_3", "body", friday, friday + 6, "Friday", PartialDate(2009, 12, 4), "event", 1))
    f = features_of(ItemBundle(item=item, source=None, url=None, first_seen="2024-01-01T00:00:00+00:00",
                               times=times))
    assert f.when == (date(2009, 12, 4), date(2009, 12, 4)) and f.when_from == "event"
    only_stamp = features_of(ItemBundle(item=item, source=None, url=None, first_seen="2024-01-01T00:00:00+00:00",
                                        times=times[:1]))
    assert only_stamp.when == (date(2009, 12, 5), date(2009, 12, 5)) and only_stamp.when_from == "published"


@pytest.mark.parametrize(("text", "key"), [
    ("the Interior Ministry", "interior ministry"),
    ("Reid's", "reid"),
    ("  Jack   Smith ", "jack smith"),
    ("ＡＢＣ", "abc"),
])
def test_normalise_name(text: str, key: str) -> None:
    assert normalise_name(text) == key
