"""An unknown date is no agreement: undated items, look-alikes, pages of several items, wire datelines, titles."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from counterpoint.link.bundle import ItemBundle
from counterpoint.link.stories import (
    StoryFeatures,
    StoryIndex,
    arrival_order,
    features_of,
    is_headline,
    month_days_in,
    text_terms,
)
from counterpoint.model import Item, PartialDate, Sentence, Span, TimeExpr

LAUNCH = date(2031, 3, 14)
LEADERS = ("HARBOUR_STATE", "HARBOUR_LEADER")

# one launch, told by three outlets in their own words
WIRE = ("Harbour State said it put its first weather satellite Kestrel-2 into orbit from the Tamsin launch pad, "
        "after two failed attempts; the space agency said the rocket's third stage fired as planned.")
MIRROR = ("Harbour State put its Kestrel-2 weather satellite into orbit from the Tamsin pad, its space agency said, "
          "after two failed attempts; the third stage of the rocket fired as planned.")
LOCAL = ("The space agency of Harbour State said the Kestrel-2 weather satellite reached orbit after launch from "
         "Tamsin, where two earlier attempts failed; the rocket's third stage worked as planned.")
# the same actors on another day: a failed launch months earlier
EARLIER = ("Harbour State's space agency said its Kestrel-2 weather satellite was lost when the rocket's second "
           "stage failed after launch from Tamsin and fell into the sea.")
# same actors, a different kind of happening, no date: a leaders' speech
SPEECH = ("The leader of Harbour State praised the scientists of the space agency in a speech and promised more "
          "money for the national programme.")


def feat(item_id: str, text: str, *, day: date | None = LAUNCH, document: str = "", source: str | None = None,
         month_days: tuple[tuple[int, int], ...] = (), follow_up: bool = False,
         title: str | None = None, places: tuple[str, ...] = ("n:tamsin",)) -> StoryFeatures:
    words, facts = text_terms(text)
    return StoryFeatures(
        item_id=item_id, source=source or f"{item_id}.example", first_seen="2031-03-15T08:00:00+00:00",
        published=day.isoformat() if day else None, title=title if title is not None else text.split(";")[0],
        when=None if day is None else (day, day), when_from="none" if day is None else "event",
        actors=frozenset(LEADERS), places=frozenset(places), words=tuple(words), facts=tuple(facts),
        document=document or f"d_{item_id}", month_days=month_days, follow_up=follow_up,
    )


#: What an index in use has seen: the two actors in many other reports (so they are common, as a
#: state and its leader are in its own press).
BACKGROUND = [
    f"Harbour State {topic} on day {n}, the leader said." for n, topic in enumerate(
        ("raised taxes", "opened a bridge", "signed a trade deal", "held a parade", "closed a mine", "hosted a fair",
         "built a dam", "won a match", "cut interest rates", "planted forests", "launched a ferry", "held talks"))
]


def indexed() -> StoryIndex:
    index = StoryIndex()
    index.observe(feat(f"bg{n}", text, places=()) for n, text in enumerate(BACKGROUND))
    return index


def test_undated_item_with_only_the_actors_in_common_stays_apart() -> None:
    index = indexed()
    launch, _ = index.add_one(feat("wire", WIRE))
    index.add_one(feat("mirror", MIRROR))
    speech, _ = index.add_one(feat("speech", SPEECH, day=None, places=()))
    assert speech != launch


def test_undated_report_with_the_specifics_joins_and_its_date_is_inferred() -> None:
    index = indexed()
    launch, _ = index.add_one(feat("wire", WIRE))
    index.add_one(feat("mirror", MIRROR))
    local, score = index.add_one(feat("local", LOCAL, day=None))
    assert local == launch and score is not None
    story = index.stories([launch])[0]
    assert story.inferred_items == ("local",)
    record = story.to_dict()["dates_inferred"]
    assert record == {"items": ["local"], "start": LAUNCH.isoformat(), "end": LAUNCH.isoformat(),
                      "origin": "inferred"}
    assert story.first_reported == LAUNCH.isoformat()  # from the dated items only


def test_undated_item_whose_day_and_month_disagree_stays_apart_from_a_look_alike() -> None:
    index = indexed()
    earlier = LAUNCH - timedelta(days=100)
    failed, _ = index.add_one(feat("failed", EARLIER, day=earlier))
    # the same wording as the earlier failure, but its dateline names the launch day
    late, _ = index.add_one(feat("late", EARLIER, day=None, month_days=((LAUNCH.month, LAUNCH.day),)))
    assert late != failed
    # and a report naming the failure's day joins the failure
    same, _ = index.add_one(feat("same", EARLIER, day=None, month_days=((earlier.month, earlier.day),)))
    assert same == failed


def test_a_day_and_month_that_agree_stand_for_the_date() -> None:
    index = indexed()
    launch, _ = index.add_one(feat("wire", WIRE))
    terse = "Harbour State says its space agency put a weather satellite into orbit."
    with_day, _ = index.add_one(feat("terse", terse, day=None, month_days=((LAUNCH.month, LAUNCH.day),),
                                     places=()))
    other = indexed()
    other.add_one(feat("wire", WIRE))
    without, _ = other.add_one(feat("terse", terse, day=None, places=()))
    assert with_day == launch and without != launch


def test_a_follow_up_naming_the_earlier_day_does_not_agree_by_it() -> None:
    index = indexed()
    launch, _ = index.add_one(feat("wire", WIRE))
    claim = ("Harbour State's space agency showed footage of the Kestrel-2 weather satellite reaching orbit "
             "last month and of the rocket's third stage firing as planned.")
    follow, _ = index.add_one(feat("claim", claim, day=None, follow_up=True,
                                   month_days=((LAUNCH.month, LAUNCH.day),), places=()))
    assert follow != launch
    # the same words as a report of the launch day itself agree by the day
    other = indexed()
    other.add_one(feat("wire", WIRE))
    assert other.add_one(feat("claim", claim, day=None, month_days=((LAUNCH.month, LAUNCH.day),),
                              places=()))[0] == launch


def test_items_of_one_page_on_different_days_stay_apart() -> None:
    index = indexed()
    first, _ = index.add_one(feat("drill1", WIRE, document="d_roll"))
    second, _ = index.add_one(feat("drill2", MIRROR, day=LAUNCH + timedelta(days=2), document="d_roll"))
    assert first != second
    # the same text from another page, two days later, would have joined (reporting lag)
    other = StoryIndex()
    a, _ = other.add_one(feat("drill1", WIRE, document="d_a"))
    b, _ = other.add_one(feat("drill2", MIRROR, day=LAUNCH + timedelta(days=2), document="d_b"))
    assert a == b


def test_a_digest_page_with_two_events_gives_two_stories() -> None:
    index = indexed()
    launch, _ = index.add_one(feat("lead", WIRE, document="d_digest"))
    speech, _ = index.add_one(feat("second", SPEECH, day=None, document="d_digest", places=()))
    assert launch != speech


def test_dated_items_are_added_before_undated_ones() -> None:
    batch = [feat("u1", LOCAL, day=None), feat("d1", WIRE), feat("u2", SPEECH, day=None), feat("d2", MIRROR)]
    assert [f.item_id for f in arrival_order(batch)] == ["d1", "d2", "u1", "u2"]


def test_look_alike_on_the_next_day_needs_more_than_the_actors() -> None:
    # the train crossing the day before the summit: both dated, one day apart
    crossing = ("The leader of Harbour State crossed the border by armoured train at the Lisk station on his way "
                "to the summit.")
    summit = ("The leaders of Harbour State and Norland met at the Tamsin spaceport, toured the launch pad and "
              "held talks over lunch.")
    index = indexed()
    a, _ = index.add_one(feat("crossing", crossing, day=LAUNCH - timedelta(days=1), places=("n:lisk",)))
    b, _ = index.add_one(feat("summit", summit))
    assert a != b


# --- features read off the text ------------------------------------------------------------------

def _bundle(body: str, published: PartialDate, times: list[tuple[str, PartialDate]], headline: str = "") -> ItemBundle:
    item = Item(id="i_1", document_id="d_1", position=1, start=0, end=len(body), caption=None,
                headline=Span(0, len(headline), headline) if headline else None, photo_captions=(),
                paragraphs=(Span(0, len(body), body),), published=published, dropped=())
    ends = [i + 1 for i, c in enumerate(body) if c == "." and (i + 1 == len(body) or body[i + 1] == " ")]
    starts = [0, *[e + 1 for e in ends[:-1]]]
    sentences = tuple(Sentence("i_1", "body", n, a, b) for n, (a, b) in enumerate(zip(starts, ends, strict=True)))
    exprs = []
    for text, value in times:
        at = body.index(text)
        n = sum(1 for e in ends if e <= at)
        exprs.append(TimeExpr("i_1", "body", at, at + len(text), text, value, "event", n))
    return ItemBundle(item=item, source="s", url=None, first_seen="2031-03-20T00:00:00+00:00", sentences=sentences,
                      times=tuple(exprs))


def test_a_wire_dateline_is_the_publication_not_the_event() -> None:
    body = ("TAMSIN, March 15 (Harbour News) - The space agency said on March 14 that Kestrel-2 reached orbit. "
            "Officials cheered.")
    f = features_of(_bundle(body, PartialDate(), [("March 15", PartialDate(2031, 3, 15)),
                                                  ("March 14", PartialDate(2031, 3, 14))]))
    assert f.when == (LAUNCH, LAUNCH) and f.when_from == "event"


def test_yearless_days_of_the_lead_are_kept_and_a_follow_up_is_marked() -> None:
    body = ("The agency chief said last month's launch on March 14 was a success. He showed footage. "
            "More launches follow.")
    f = features_of(_bundle(body, PartialDate(), [("last month", PartialDate()), ("March 14", PartialDate())]))
    assert f.month_days == ((3, 14),) and f.follow_up and f.when is None
    back = StoryFeatures.from_json(f.to_json())
    assert back.month_days == f.month_days and back.follow_up and back.document == "d_1"


def test_a_follow_up_without_publication_date_is_not_dated_by_the_earlier_event() -> None:
    body = "The agency chief said last month's launch on March 14, 2031 was a success. He showed footage."
    f = features_of(_bundle(body, PartialDate(), [("last month", PartialDate()),
                                                  ("March 14, 2031", PartialDate(2031, 3, 14))]))
    assert f.when is None and f.when_from == "none"


def test_month_days_and_headlines() -> None:
    assert month_days_in("SEOUL, May 31 (Agency)") == [(5, 31)]
    assert month_days_in("on 14th of March and Nov. 2") == [(3, 14), (11, 2)]
    assert month_days_in("31 February") == [] and month_days_in("March 2031") == []
    assert not is_headline("Updated: Wednesday, 24 April 2024, 08:00 UTC")
    assert not is_headline("17.07.2023, 9:17")
    assert is_headline("Kestrel-2 weather satellite reaches orbit")


# --- titles -----------------------------------------------------------------------------------------

def test_the_title_is_the_headline_most_sources_share_never_a_date_line() -> None:
    index = indexed()
    shared = "Harbour State puts Kestrel-2 weather satellite into orbit"
    items = [
        feat("blog", WIRE, title="Glorious triumph of our great space heroes", source="relay.example"),
        feat("stamp", MIRROR, title="Thursday, 14 March 2031 08:00 (UTC+04:00)", source="stamp.example"),
        feat("wire", WIRE, title=shared, source="wire.example"),
        feat("paper", LOCAL, title="Harbour State puts Kestrel-2 satellite into orbit", source="paper.example"),
        feat("tv", MIRROR, title="Kestrel-2 weather satellite put into orbit by Harbour State", source="tv.example"),
    ]
    ids = {index.add_one(f)[0] for f in items}
    assert len(ids) == 1
    story = index.stories()[0]
    assert story.title == shared


def test_restored_features_keep_the_new_fields() -> None:
    f = feat("wire", WIRE, month_days=((3, 14),), follow_up=True)
    assert replace(StoryFeatures.from_json(f.to_json()), vector=None) == f


def test_two_undated_reports_of_one_event_join_and_get_no_inferred_date() -> None:
    index = indexed()
    a, _ = index.add_one(feat("wire", WIRE, day=None))
    b, _ = index.add_one(feat("mirror", MIRROR, day=None))
    assert a == b
    story = index.stories([a])[0]
    assert story.start is None and story.inferred_items == () and story.to_dict()["dates_inferred"] is None
