"""The story clusterer: items that report the same event, grouped across sources.

A *story* is one event (a strike, a meeting, an earthquake) and every item
that reports it. Items come as ``StoryFeatures`` (``features_of`` reads them
off an ``ItemBundle``): the event's date, event types, actors, unlinked names,
places, the content words of the headline and lead, and the item vector.

**Candidates** come from blocking, never from all pairs. Each item is filed
under a few keys: its actors, names and places, a bottom-k MinHash sketch of
its content words (the ``SKETCH_SIZE`` words with the smallest hash: reports
sharing many words share some of them) and random-hyperplane codes of its
vector (``VECTOR_TABLES`` codes of ``VECTOR_BITS`` bits). A key's buckets
are cut by periods of ``BIN_DAYS`` days of the item's date (an item without a
day-precise date goes to the key's undated bucket), and each keeps only the
``BUCKET_CAP`` stories that used the key last, so a key as common as "Russia"
costs as little as a rare one. A new item looks up its ``BLOCK_LOOKUPS``
rarest keys (and its vector codes) in the periods within ``max_gap_days`` of
its date and in the undated buckets (an undated item reads, instead of the
periods, the ``BUCKET_CAP`` stories that used each key last), ranks the
stories found by the summed inverse document frequency (IDF) of the keys
they share, and compares the best ``MAX_CANDIDATES``.

**The decision** compares the item with each candidate story's centroid (the
summed words, entity keys and vectors of its items: single-pass clustering
as in topic detection and tracking, Allan, Papka and Lavrenko, SIGIR 1998)
and scores

    entities + text_weight * text + type_weight * types - date penalty

``entities`` is the IDF-weighted cosine of the actors, names, places and
facts (numbers, capitalised names in the text) of the item and the story,
``text`` that of their content words, mixed with their vectors' cosine, and
``types`` the Jaccard of their event types. Entities weigh most because they
tell one event from another of the same kind: wording tells topics apart,
and a daily bulletin repeats yesterday's words with today's figures and
places (the copy detector's generated corpus is made of such templates).
The item joins the best story scoring at least ``threshold``, else opens a
new one.

**Dates**: an item's date is the first day-precise event date of its headline
or lead, else its publication date (a dateline or time stamp in the text
counts as one); an unknown date is no evidence either way. An item dated
more than ``date_tolerance_days`` from the story's dates, or that would
spread its day-precise dates over more than ``max_span_days``, never joins
it when both sides' dates are event dates, and loses ``date_penalty`` a day
when a publication date is involved (reports lag the event, reprints lag
more); an item more than ``max_gap_days`` away is never compared. That
keeps look-alikes apart: the same leaders praising the same troops in April
and in September, a border closure and the roads blown up six days later.
**An unknown date is no agreement** (real pages often carry none): an item
whose date or whose story's is unknown is judged by the days and months
without a year that its lead names ("SEOUL, May 31 (Yonhap)": one near the
story's dates agrees, none vetoes), and without them must score
``unknown_date_margin`` more, so only specific shared content (places,
names, numbers, wording) joins it; a lead that looks back ("last month's
attack on July 17") reports a later happening and never joins the story of
the day it names. Two event dates a day apart cost ``event_day_penalty``
(the train crossing the day before the summit), one shared event day earns
``same_day_bonus``. Items of one page (a blog roll, a digest) pay
``same_page_margin`` to share a story and never do on different days. A
link run adds its dated items first (``arrival_order``). An undated item in
a dated story gets the story's dates, marked inferred (``Story.inferred_items``),
never a publication date; the title is the headline its sources share most
(``story_title``), never a date line.

**Merging** (``merge``, run by ``add`` and by the link stage at the end of a
run): single-pass clustering fixes a split when two reports of one event
score under ``threshold`` as they arrive. Each story the run touched is then
compared as a whole (centroid against centroid, with the run's word
frequencies and the same date vetoes and margins, story against story) with
the stories its blocking keys find, and merges into the best scoring at least
``merge_threshold``. Stories stored by earlier runs are never absorbed.

**Reassigning** (``reassign``, run by ``add`` and by the link stage after the
merge): an item that joined a look-alike before its own event's story took
shape stays there in single-pass clustering. Each item of the run that joined
undated, or by a score under ``threshold + reassign_band``, is compared again
with the stories its keys find and with its own story's *core* (its members
less itself and the other such items, its first item kept), and moves to a
story of the run scoring ``reassign_margin`` more. Never into or out of a
stored story, never a story's first item.
Every parameter is in ``StoryParams``, with why; the defaults were tuned on
the ECB+ training topics (``counterpoint eval stories``) and checked on the
generated corpus.

Guarantees:

* incremental: ``add`` compares new items with the index only; adding items
  one at a time or in one batch, in the same order, gives the same stories
  before the merge and reassignment passes (``add(..., merge=False)``); ``restore`` replays stored
  assignments (in their original order) without comparing anything, and later
  ``add`` calls decide as if nothing had stopped;
* stable: a story's id is a hash of the item that opened it (``s_`` + 16 hex
  digits); a story opened in a run may be merged into another story by that
  run's merge pass (the stored or else the older keeps its id), but a stored
  item's story never changes: stored stories are never absorbed, merged with
  each other or split (two stored stories of one event stay two: the price of
  ids that can be cited), and ``reassign`` never moves an item into or out of
  a stored story nor a story's first item;
* an item id seen before is ignored (its assignment is returned).

Limits:

* results depend on arrival order at the margins (which item opens a story,
  the IDF of words at the moment an item is decided); on ECB+ the B-cubed F1
  varies by a few hundredths between document orders;
* an undated item can only join a story that recently (in arrival order)
  used one of its keys, or one with undated items;
* a wrong date in a lead can keep an item out of its story, and a report
  published days after the event that names no date pays the lag;
* the stopwords are English; other languages compare on vectors and entities,
  and on words less well;
* a fresh index knows no word frequencies: its first decisions weigh common
  words as rare ones (``observe`` a background corpus to avoid it);
* a dense corpus of one template (the copy detector's generated set: eight
  templates, 280 items a day) is clustered less well than a real one:
  B-cubed F1 0.85 at 10,000 items, 0.71 at 100,000, where the capped buckets
  hold fewer of the right stories;
* cost: time per item is bounded whatever the corpus or a story's size (at
  most ``BLOCK_LOOKUPS`` keys and ``VECTOR_TABLES`` codes looked up in
  buckets of ``BUCKET_CAP``, ``MAX_CANDIDATES`` centroids of at most
  ``CENTROID_CAP`` words and keys compared); memory is about 2.7 KB per
  story, members, buckets and vocabulary included (1.5 KB more with
  vectors). Measured on one core of a shared machine, ``features_of``
  included: 100,000 generated items without annotations in 75 s and 310 MB
  peak (their texts included); 30,000 items with annotations and vectors
  (``bench/link.py``) in 25 s. Not thread-safe.
"""

from __future__ import annotations

import calendar
import json
import math
import re
import unicodedata
import zlib
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from counterpoint.embed import unit_vector
from counterpoint.link.bundle import ItemBundle
from counterpoint.link.copies import STOPWORDS as COPY_STOPWORDS
from counterpoint.model import PartialDate, TimeExpr, content_id

WhenFrom = Literal["event", "published", "none"]
DayRange = tuple[date, date]

# --- parameters ----------------------------------------------------------------

#: Content words compared: the headline's and the body's first this many words (the
#: lead carries the event; long features drift into background).
MAX_TEXT_WORDS = 300
#: Body sentences that make the lead: its dates give the event date, its entities
#: are filed first.
LEAD_SENTENCES = 3
#: Words of the bottom-k MinHash sketch an item is filed under. Two reports with a
#: fifth of their content words in common share one of 12 most of the time.
SKETCH_SIZE = 12
#: Facts (numbers, names) of the text kept as entity keys at most.
MAX_FACTS = 40
#: Entity keys an item is filed under at most (lead keys first).
MAX_ENTITY_KEYS = 16
#: Random-hyperplane codes of the vector: two texts at cosine 0.7 agree on a 6-bit
#: code 18% of the time, on one of 8 codes 80% of the time.
VECTOR_TABLES = 8
VECTOR_BITS = 6
#: Seed of the hyperplanes, so that indexes built in different runs agree.
VECTOR_SEED = 1729
#: Blocking weight of a shared vector code (a shared key of IDF 1 weighs 1).
VECTOR_KEY_WEIGHT = 1.0
#: Days per time bucket (a new item reads one to three periods).
BIN_DAYS = 16
#: Stories kept per bucket: the ones that used the key last.
BUCKET_CAP = 16
#: Keys looked up per new item: the rarest (plus the vector codes).
BLOCK_LOOKUPS = 8
#: Stories compared in full per new item, best blocking score first.
MAX_CANDIDATES = 8
#: Words, and entity keys, kept in a story's centroid: the most used.
CENTROID_CAP = 300
#: Pseudo-stories in the IDF log((N + prior) / (df + 1)), so that the first items of
#: an index do not make every word rare. N counts stories (and observed items), df
#: the stories a word or key is in: a story of 5,000 reports does not make its own
#: words common.
IDF_PRIOR = 10.0
#: Passes of ``StoryIndex.merge`` over the stories a run touched at most.
MERGE_ROUNDS = 2
#: A story of more members than this is never left by ``StoryIndex.reassign`` (its dates are
#: recounted from its members for each item that might leave).
REASSIGN_MAX_MEMBERS = 200
#: A date range shorter than this many days is day-precise (files the item by period,
#: bounds the story's span); a month or a year only has to overlap the story's dates.
FINE_DAYS = 1

#: Not content words: English function words (the copy detector's) and calendar words.
STOPWORDS = COPY_STOPWORDS | {
    "mr", "mrs", "ms", "dr", "one", "two", "new", "year", "years", "day", "days", "week", "weeks", "month",
    "months", "time", "times", "today", "yesterday", "tomorrow", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday",
}


@dataclass(frozen=True, slots=True)
class StoryParams:
    """The decision's parameters; defaults tuned on the ECB+ training topics and checked on the
    copy detector's generated corpus (see ``counterpoint.evaluate.stories``).

    The score is ``entities + text_weight * text + type_weight * types``:

    * ``entities`` (0-1) is the IDF-weighted cosine of the actors, names,
      places and facts (numbers, names in the text) of the item and the story:
      what tells one event from another of the same kind (two rehab stays of
      different actors, two earthquakes in different places, today's drone
      bulletin from yesterday's, whose wording is the same). With no entity on
      either side the word cosine stands in for it;
    * ``text`` (0-1) is the IDF-weighted cosine of their words, mixed (share
      ``vector_weight``) with their vectors' cosine rescaled from
      ``vector_floor`` (what two news items on one topic reach anyway) to 1. It
      weighs little (``text_weight``): wording tells topics apart better than
      events, and same-template reports of different events share most words;
    * ``types`` is the Jaccard of their event types (``type_weight`` small:
      types are noisy);
    * ``threshold``: the score from which an item joins a story (independent
      reports of one event score about 0.3-0.7, copies more);
    * ``date_tolerance_days``: reporting lag that costs nothing;
    * ``max_span_days``: how far apart a story's day-precise dates may lie for free;
    * ``date_penalty``: score lost per day beyond those when a publication date
      is involved (a weekly reports days after the event, a reprint weeks
      after); when both dates are event dates, any day beyond them vetoes (an
      announcement and a demolition six days later are two events, however
      alike their actors and places);
    * ``max_gap_days``: an item further than this from a story's dates is never
      compared with it (April and September);
    * ``unknown_date_margin``: what an item must score above ``threshold`` when
      its date or the story's is unknown and no day-and-month it names agrees:
      an unknown date is no agreement, so only more shared specific content
      (places, names, numbers, wording) joins it;
    * ``undated_margin``: the same when neither the item nor the story has a
      date: both unknown (ECB+ is mostly such texts, and each of its topics
      pairs two look-alikes) weighs less than one known and one unknown;
    * ``same_page_margin``: the same for an item joining a story that holds
      another item of its page (a blog roll, a digest): items of one page are
      apart unless they report one event (and never when their days differ);
    * ``merge_threshold``: the score (the same formula, story centroid against
      story centroid, less the dates' cost) from which the merge pass joins two
      stories. Centroids of related stories share their topic's words (the
      summit and the train crossing the day before), so it stands above
      ``threshold``: 0.5 gave ECB+ B-cubed F1 0.869 against 0.858 without
      merging (0.45: 0.862, 0.55: 0.868, 0.35: 0.850) and the coverage
      development set 0.773 against 0.749;
    * ``reassign_band``: an item that joined its story by less than
      ``threshold`` plus this (or undated) is looked at again by the
      reassignment pass (``StoryIndex.reassign``);
    * ``reassign_margin``: what another story must score above the item's own
      story's core for the item to move there: 0.2 gave ECB+ B-cubed F1 0.874
      against 0.873 without the pass (precision 0.926 against 0.917, pairwise
      F1 0.852 against 0.844; mean over 5 orders 0.872 against 0.869; 0.1:
      0.871, 0.3: 0.876 with precision 0.920), and left the coverage
      development set as it was (0.773: no item there clears the margin).
    """

    threshold: float = 0.25
    text_weight: float = 0.2
    vector_weight: float = 0.25
    vector_floor: float = 0.5
    type_weight: float = 0.05
    date_tolerance_days: int = 3
    max_span_days: int = 5
    date_penalty: float = 0.03
    max_gap_days: int = 8
    unknown_date_margin: float = 0.1
    undated_margin: float = 0.0
    event_day_penalty: float = 0.1
    same_day_bonus: float = 0.05
    same_page_margin: float = 0.15
    merge_threshold: float = 0.5
    reassign_margin: float = 0.2
    reassign_band: float = 0.05

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


DEFAULT_PARAMS = StoryParams()

# --- features ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoryFeatures:
    """What the clusterer compares of one item.

    ``published`` is the item's publication date (ISO, possibly partial);
    ``when`` the days the reported event happened on (first and last day a
    partial date allows) and ``when_from`` where that came from: the first
    dated event of the headline or lead (``event``), else the publication date
    (``published``), else nothing. ``event_days`` holds every event date the
    item states. ``actors`` are registry ids; ``names`` the normalised texts of
    actor mentions not linked to the registry (people, companies); ``places``
    ``g:<geonameid>`` or ``n:<casefolded name>``; ``lead`` the entity keys
    (``a:``, ``n:``, ``p:`` prefixed) seen in the headline or lead. ``words``
    are the distinct content words of the headline and the body's first
    ``MAX_TEXT_WORDS`` words, in order; ``facts`` those that are numbers or
    names (``text_terms``). ``vector`` is the unit item vector, if any (left
    out of ``to_json``).
    """

    item_id: str
    source: str | None
    first_seen: str
    published: str | None = None
    title: str = ""
    when: DayRange | None = None
    when_from: WhenFrom = "none"
    event_days: tuple[DayRange, ...] = ()
    event_types: frozenset[str] = frozenset()
    actors: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    lead: frozenset[str] = frozenset()
    words: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    document: str = ""
    month_days: tuple[tuple[int, int], ...] = ()
    follow_up: bool = False
    vector: npt.NDArray[np.float32] | None = field(default=None, compare=False, repr=False)

    def entity_keys(self) -> list[str]:
        """Prefixed entity keys, lead keys first, then sorted."""
        keys = [f"a:{a}" for a in self.actors] + [f"n:{n}" for n in self.names] + [f"p:{p}" for p in self.places]
        keys.sort(key=lambda k: (k not in self.lead, k))
        return keys + [f"f:{f}" for f in self.facts]

    def to_dict(self) -> dict[str, Any]:
        def rng(r: DayRange | None) -> list[str] | None:
            return None if r is None else [r[0].isoformat(), r[1].isoformat()]

        return {
            "item_id": self.item_id, "source": self.source, "first_seen": self.first_seen,
            "published": self.published, "title": self.title, "when": rng(self.when), "when_from": self.when_from,
            "event_days": [rng(r) for r in self.event_days], "event_types": sorted(self.event_types),
            "actors": sorted(self.actors), "names": sorted(self.names), "places": sorted(self.places),
            "lead": sorted(self.lead), "words": list(self.words), "facts": list(self.facts),
            "document": self.document, "month_days": [list(md) for md in self.month_days],
            "follow_up": self.follow_up,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, vector: npt.NDArray[np.float32] | None = None) -> StoryFeatures:
        def rng(value: Any) -> DayRange | None:
            return None if not value else (date.fromisoformat(value[0]), date.fromisoformat(value[1]))

        event_days = tuple(r for r in (rng(v) for v in data.get("event_days") or ()) if r is not None)
        return cls(
            item_id=str(data["item_id"]), source=data.get("source"), first_seen=str(data.get("first_seen", "")),
            published=data.get("published"), title=str(data.get("title") or ""), when=rng(data.get("when")),
            when_from=data.get("when_from", "none"), event_days=event_days,
            event_types=frozenset(data.get("event_types") or ()), actors=frozenset(data.get("actors") or ()),
            names=frozenset(data.get("names") or ()), places=frozenset(data.get("places") or ()),
            lead=frozenset(data.get("lead") or ()), words=tuple(data.get("words") or ()),
            facts=tuple(data.get("facts") or ()), document=str(data.get("document") or ""),
            month_days=tuple((int(md[0]), int(md[1])) for md in data.get("month_days") or ()),
            follow_up=bool(data.get("follow_up", False)), vector=unit_vector(vector),
        )

    def to_json(self) -> str:
        """The features as JSON (without the vector, which the store keeps apart)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str, *, vector: npt.NDArray[np.float32] | None = None) -> StoryFeatures:
        """Read ``to_json`` back; give the stored item vector as ``vector``."""
        return cls.from_dict(json.loads(text), vector=vector)


_WORD = re.compile(r"[^\W_]+(?:[.'’\-][^\W_]+)*")
_MONTHS = frozenset((
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
))
#: Where a sentence (or a line, a quotation, a bracket) may open: a word after it is not a name for that.
_SENTENCE_BREAK = re.compile(r"[.!?…:;](?=\s|$)|[|•\"“”(\[\n]")
_DIGIT = re.compile(r"\d")
_NAME_TRIM = re.compile(r"^(?:the|a|an)\s+|(?:'s|’s|')$", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


def day_range(value: PartialDate) -> DayRange | None:
    """First and last day a partial date allows; ``None`` when unknown."""
    if value.year is None:
        return None
    if value.month is None:
        return date(value.year, 1, 1), date(value.year, 12, 31)
    if value.day is None:
        last = calendar.monthrange(value.year, value.month)[1]
        return date(value.year, value.month, 1), date(value.year, value.month, last)
    day = date(value.year, value.month, value.day)
    return day, day


def normalise_name(text: str) -> str:
    """A mention's text as a name key: NFKC, casefolded, article and possessive dropped."""
    text = _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()
    text = _NAME_TRIM.sub("", text).strip(" .,;:\"'“”‘’()")
    return text.casefold()


def text_terms(text: str, limit: int = MAX_TEXT_WORDS) -> tuple[list[str], list[str]]:
    """The distinct content words of the first ``limit`` words of ``text``, and among them
    the *facts*: numbers and names (capitalised words that do not open a sentence)."""
    seen: dict[str, None] = {}
    facts: dict[str, None] = {}
    n = 0
    for chunk in _SENTENCE_BREAK.split(unicodedata.normalize("NFKC", text)):
        for k, token in enumerate(_WORD.findall(chunk)):
            if n >= limit:
                return list(seen), list(facts)
            n += 1
            word = token.casefold()
            if "’" in word:
                word = word.replace("’", "'")
            if word.endswith("'s"):
                word = word[:-2]
            if word in STOPWORDS or (len(word) < 2 and not word.isdigit()):
                continue
            seen[word] = None
            if (k and token[0].isupper() and word not in _MONTHS) or _DIGIT.search(word):
                facts[word] = None
    return list(seen), list(facts)


def features_of(bundle: ItemBundle) -> StoryFeatures:
    """The story features of one item (pure; cost linear in the item's annotations)."""
    lead_end = _lead_end(bundle)

    def in_lead(fld: str, sentence: int, start: int) -> bool:
        return fld == "headline" or sentence < LEAD_SENTENCES or start < lead_end

    actors: set[str] = set()
    names: set[str] = set()
    places: set[str] = set()
    lead: set[str] = set()
    for m in bundle.mentions:
        key: str | None = None
        if m.kind == "actor":
            if m.actor_id and m.method != "generic":
                actors.add(m.actor_id)
                key = f"a:{m.actor_id}"
            elif not m.actor_id:
                name = normalise_name(m.text)
                if len(name) > 1 and name not in STOPWORDS:
                    names.add(name)
                    key = f"n:{name}"
        elif m.kind == "place":
            place = _place_key(m.place.name if m.place else m.text, m.place.geonameid if m.place else None)
            if place:
                places.add(place)
                key = f"p:{place}"
        if key is not None and in_lead(m.field, m.sentence, m.start):
            lead.add(key)
    datelines = {(t.text, t.value) for t in bundle.times if _is_dateline(bundle, t)}
    # a wire dateline ("PYONGYANG, September 14 (KCNA) --") dates the report: the event's date only when
    # the lead names no other day
    wire = {(t.text, t.value) for t in bundle.times if _is_wire_dateline(bundle, t)} - datelines
    event_types: set[str] = set()
    dated: list[tuple[int, int, int, DayRange, bool]] = []  # (field order, sentence, start, range, wire dateline)
    for e in bundle.events:
        if "negated" in e.aux_modes or "hypothetical" in e.aux_modes:
            continue
        event_types.add(e.event_type)
        for participant in (e.actor, e.recipient):
            if participant is not None and participant.actor_id:
                actors.add(participant.actor_id)
        if e.place is not None:
            place = _place_key(e.place.name, e.place.geonameid)
            if place:
                places.add(place)
        if "historical" not in e.aux_modes and (e.date_text, e.date) not in datelines:
            r = day_range(e.date)
            if r is not None:
                dated.append((e.field != "headline", e.sentence, e.start, r, (e.date_text, e.date) in wire))
    for t in bundle.times:
        if t.kind == "event" and (t.text, t.value) not in datelines:
            r = day_range(t.value)
            if r is not None:
                dated.append((t.field != "headline", t.sentence, t.start, r, (t.text, t.value) in wire))
    dated.sort()
    event_days = tuple(dict.fromkeys(d[3] for d in dated))
    published_range = day_range(bundle.item.published)
    if published_range is None:
        stamped = sorted((t.field != "headline", t.start, day_range(t.value)) for t in bundle.times
                         if (t.text, t.value) in datelines or (t.text, t.value) in wire)
        published_range = stamped[0][2] if stamped else None
    lead_dates = [d[3] for d in sorted(dated, key=lambda d: d[4])  # wire datelines last
                  if d[3][0] == d[3][1] and in_lead("headline" if d[0] == 0 else "body", d[1], d[2])
                  and not _background(d[3], published_range)]
    # a day and month without a year ("SEOUL, May 31 (Yonhap)", "on Nov. 21") dates nothing on its own,
    # but it tells an undated item's event from a look-alike's on another day
    month_days: dict[tuple[int, int], None] = {}
    follow_up = False
    for t in bundle.times:
        if not in_lead(t.field, t.sentence, t.start):
            continue
        if _FOLLOW_UP.search(t.text):
            follow_up = True
        if t.value.year is None:
            for md in month_days_in(t.text):
                month_days[md] = None
    if follow_up and published_range is None:
        # "last month's attack on July 17": without a publication date to weigh them against, the lead's
        # dates are the earlier event's, not this report's
        lead_dates = []
    when: DayRange | None
    when_from: WhenFrom
    # without a date in the lead, a day-precise date further on that lies near the publication (not
    # background) is still the event's better than the publication date is
    near = [d[3] for d in dated if d[3][0] == d[3][1] and published_range is not None
            and not _background(d[3], published_range) and d[3][0] <= published_range[1]]
    if lead_dates:
        when, when_from = lead_dates[0], "event"
    elif near:
        when, when_from = near[0], "event"
    elif published_range is not None:
        when, when_from = published_range, "published"
    else:
        when, when_from = None, "none"
    text = f"{bundle.headline}\n{bundle.body}" if bundle.headline else bundle.body
    words, facts = text_terms(text, MAX_TEXT_WORDS + len(bundle.headline.split()))
    return StoryFeatures(
        item_id=bundle.id, source=bundle.source, first_seen=bundle.first_seen, published=bundle.item.published.iso(),
        title=(bundle.headline or _first_line(bundle.body))[:300], when=when, when_from=when_from,
        event_days=event_days, event_types=frozenset(event_types), actors=frozenset(actors),
        names=frozenset(names), places=frozenset(places), lead=frozenset(lead),
        words=tuple(words), facts=tuple(facts[:MAX_FACTS]), document=bundle.item.document_id,
        month_days=tuple(month_days)[:MAX_MONTH_DAYS], follow_up=follow_up, vector=unit_vector(bundle.vector),
    )


#: Day-and-month dates kept per item at most.
MAX_MONTH_DAYS = 8
#: A lead that places something a month or more back ("last month's attack", "weeks ago") reports a
#: later happening about it: the dates it names are the earlier event's, not its own.
_FOLLOW_UP = re.compile(r"\b(?:last|past|previous)\s+(?:week|month|year)\b|\b(?:weeks?|months?|years?)\s+ago\b"
                        r"|\bearlier\s+this\s+(?:month|year)\b", re.IGNORECASE)
_MONTH_NUMBER = {name.casefold(): k for names in (calendar.month_name, calendar.month_abbr)
                 for k, name in enumerate(names) if name} | {"sept": 9}
_MONTH_RE = "|".join(sorted(_MONTH_NUMBER, key=len, reverse=True))
_MONTH_DAY = re.compile(rf"\b(?:({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b"
                        rf"|(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\b)", re.IGNORECASE)
_DAYS_IN_MONTH = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def month_days_in(text: str) -> list[tuple[int, int]]:
    """The (month, day) pairs written in ``text`` ("May 31", "31 May", "Nov. 21st"); impossible
    days (31 February) are left out."""
    out: list[tuple[int, int]] = []
    for m in _MONTH_DAY.finditer(text):
        month = _MONTH_NUMBER[(m.group(1) or m.group(4)).casefold()]
        day = int(m.group(2) or m.group(3))
        if 1 <= day <= _DAYS_IN_MONTH[month]:
            out.append((month, day))
    return out


_CLOCK = re.compile(r"\b\d{1,2} ?[:.] ?\d{2}\b|\b(?:updated|posted|published|modified|release)\b", re.IGNORECASE)
#: A line of at most this many words that is mostly one date is a dateline.
DATELINE_WORDS = 8
#: A date this close to the start of a body line, followed by an agency credit or a dash, is a
#: wire dateline ("SEOUL, May 31 (Yonhap) --").
DATELINE_OFFSET = 40
_DATELINE_END = re.compile(r"\s*(?:,\s*\d{4}\s*)?(?:\.\s*)?(?:\(|/|[-–—:]|\.\s)")


def _is_wire_dateline(bundle: ItemBundle, t: TimeExpr) -> bool:
    """Whether a day-precise time expression opens a body line as a wire dateline: "PYONGYANG,
    September 14 (KCNA) --", "MOSCOW, July 17. /TASS/." (the date of the report)."""
    if t.value.granularity != "day" or t.field != "body":
        return False
    text = bundle.body
    start = text.rfind("\n", 0, t.start) + 1
    return t.start - start <= DATELINE_OFFSET and _DATELINE_END.match(text, t.end) is not None


def _is_dateline(bundle: ItemBundle, t: TimeExpr) -> bool:
    """Whether a day-precise time expression is a dateline or time stamp (publication, not event):
    it stands on a short line of its own, or beside a clock time or a cue such as "updated"."""
    if t.value.granularity != "day":
        return False
    text = bundle.field_text(t.field)
    start = text.rfind("\n", 0, t.start) + 1
    end = text.find("\n", t.end)
    line = text[start : end if end >= 0 else len(text)].strip()
    words = len(line.split())
    if words <= DATELINE_WORDS and len(t.text) >= 0.35 * len(line):
        return True
    return words <= 2 * DATELINE_WORDS and _CLOCK.search(line.replace(t.text, " ")) is not None


#: A lead date this many days or more before the item's publication is background (the treaty
#: "signed on June 19, 2024" in a report of April 2025), not the date of the event reported.
BACKGROUND_DAYS = 20


def _background(day: DayRange, published: DayRange | None) -> bool:
    return published is not None and (published[0] - day[1]).days >= BACKGROUND_DAYS


def _lead_end(bundle: ItemBundle) -> int:
    """Offset in the body where the lead ends (after ``LEAD_SENTENCES`` sentences)."""
    ends = sorted(s.end for s in bundle.sentences if s.field == "body")
    if len(ends) >= LEAD_SENTENCES:
        return ends[LEAD_SENTENCES - 1]
    return len(bundle.body) if ends else min(len(bundle.body), 400)


def _place_key(name: str, geonameid: int | None) -> str | None:
    if geonameid is not None:
        return f"g:{geonameid}"
    key = normalise_name(name)
    return f"n:{key}" if len(key) > 1 else None


def _first_line(text: str) -> str:
    return text.strip().split("\n", 1)[0] if text.strip() else ""


# --- stories ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Story:
    """A story's summary.

    ``item_ids`` are ordered by publication date (unknown last), then first
    seen; ``first_reported`` is the earliest publication date of its items
    (ISO, possibly partial; ``None`` when none has one) and ``first_item_id``
    the item that reported it first.
    ``start``/``end`` are the first and last day of the event dates its items
    state (their publication dates when none states one). ``actors`` and
    ``event_types`` are the most frequent first. ``inferred_items`` are the
    items without any date of their own in a dated story: their date is the
    story's ``start``..``end``, inferred (``to_dict`` says so under
    ``dates_inferred``), never their publication date. ``title`` is the
    headline the story's sources share most (``story_title``).
    """

    id: str
    item_ids: tuple[str, ...]
    sources: tuple[str, ...]
    first_reported: str | None
    first_seen: str
    first_item_id: str
    title: str
    event_types: tuple[str, ...]
    actors: tuple[str, ...]
    start: date | None
    end: date | None
    inferred_items: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "item_ids": list(self.item_ids), "sources": list(self.sources),
            "first_reported": self.first_reported, "first_seen": self.first_seen,
            "first_item_id": self.first_item_id, "title": self.title, "event_types": list(self.event_types),
            "actors": list(self.actors), "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "dates_inferred": {"items": list(self.inferred_items), "start": self.start.isoformat() if self.start
                               else None, "end": self.end.isoformat() if self.end else None,
                               "origin": "inferred"} if self.inferred_items else None,
        }


def arrival_order(features: Sequence[StoryFeatures]) -> list[StoryFeatures]:
    """The order in which to add one batch of items: the dated first (in their order), then the
    undated. An undated item is compared with stories whose dates its own evidence has to agree
    with; added first, it would open stories on no date that dated reports then join or split."""
    return sorted(features, key=lambda f: f.when is None)


def story_id_for(item_id: str) -> str:
    """The id of the story an item opens: stable across runs."""
    return content_id(item_id, prefix="s_")


@dataclass(slots=True)
class _Member:
    item_id: str
    source: str | None
    published: str | None
    first_seen: str
    title: str
    dated: bool = True
    # what the story's dates, day-and-months and pages are made of (``StoryIndex._without`` recounts them)
    when: tuple[int, int] | None = None
    fine: bool = False
    from_event: bool = False
    month_days: tuple[tuple[int, int], ...] = ()
    follow_up: bool = False
    document: str = ""

    def order(self) -> tuple[int, str, str, str]:
        return (self.published is None, self.published or "", self.first_seen, self.item_id)


@dataclass(slots=True)
class _Centroid:
    """A story as the decision sees it: its members' words and entity keys with their counts
    (the ``CENTROID_CAP`` most used of each), the sum of their vectors, their event types."""

    words: npt.NDArray[np.int32]  # vocabulary ids, sorted
    word_counts: npt.NDArray[np.float32]
    keys: npt.NDArray[np.int32]  # entity key ids, sorted
    key_counts: npt.NDArray[np.float32]
    types: tuple[str, ...]
    vector: npt.NDArray[np.float32] | None  # sum of unit vectors (not normalised)


@dataclass(slots=True)
class _Story:
    id: str
    index: int
    members: list[_Member] = field(default_factory=list)
    lo: int | None = None  # day ordinals over every member's date
    hi: int | None = None
    fine_lo: int | None = None  # ... over day-precise dates only
    fine_hi: int | None = None
    event_lo: int | None = None  # ... over event dates (for the summary)
    event_hi: int | None = None
    types: Counter[str] = field(default_factory=Counter)
    actors: Counter[str] = field(default_factory=Counter)
    centroid: _Centroid | None = None
    month_days: set[tuple[int, int]] = field(default_factory=set)  # of its members' leads (no year)
    documents: set[str] = field(default_factory=set)
    looks_back: set[tuple[int, int]] = field(default_factory=set)  # days its follow-up members look back to
    restored: bool = False  # stored by an earlier run: never absorbed by another story
    merged_into: _Story | None = None  # absorbed by that story (this one is no longer live)

    def live(self) -> _Story:
        story = self
        while story.merged_into is not None:
            story = story.merged_into
        return story


@dataclass(slots=True)
class _Query:
    """A new item as the index sees it."""

    words: npt.NDArray[np.int32]
    keys: npt.NDArray[np.int32]
    block_keys: list[tuple[int, float]]  # (key id, fixed weight or -1 for IDF)
    when: tuple[int, int] | None
    fine: bool
    from_event: bool
    types: frozenset[str]
    vector: npt.NDArray[np.float32] | None
    month_days: tuple[tuple[int, int], ...] = ()
    follow_up: bool = False
    document: str = ""


_UNDATED = -1
#: A bucket's dict key is the key id shifted by this many bits plus its period + 1 (periods of
#: ``BIN_DAYS`` days from 0001-01-01 stay below 2**21; the undated bucket is period -1).
_BIN_BITS = 21


def _bucket(key: int, period: int) -> int:
    return (key << _BIN_BITS) + period + 1


class StoryIndex:
    """An incremental story clusterer: ``add`` items, read ``stories``.

    ``params`` are the decision's parameters (``StoryParams``); blocking and
    cost limits are the module constants.
    """

    def __init__(self, params: StoryParams = DEFAULT_PARAMS) -> None:
        self.params = params
        self._stories: list[_Story] = []
        self._by_id: dict[str, _Story] = {}
        self._story_of: dict[str, _Story] = {}
        self._vocab: dict[str, int] = {}
        self._df = np.zeros(4096, dtype=np.float64)
        self._xweight = np.zeros(4096, dtype=np.float64)
        self._n = 0
        # _bucket(key, period) -> story indexes; key -> the stories that used it last. Arrays of C ints
        # (not lists of Python ints): reading a bucket touches one block of memory, not one object a story
        self._buckets: dict[int, array[int]] = {}
        self._recent: dict[int, array[int]] = {}
        self._planes: npt.NDArray[np.float32] | None = None
        self._absorbed = 0

    def __len__(self) -> int:
        return len(self._story_of)

    # -- public ---------------------------------------------------------------------
    def add(self, features: Iterable[StoryFeatures], *, merge: bool = True) -> list[tuple[str, str]]:
        """Assign each item to a story (an existing one or a new one), then (with ``merge``) merge
        the stories the batch touched (``merge``); returns (item id, story id) as they end."""
        done = [(f, self.add_one(f)) for f in features]
        out = [(f.item_id, story_id) for f, (story_id, _) in done]
        if merge:
            self.merge({story_id for _, story_id in out})
            self.reassign([(f, score) for f, (_, score) in done])
            out = [(item_id, self._story_of[item_id].id) for item_id, _ in out]
        return out

    def add_one(self, features: StoryFeatures) -> tuple[str, float | None]:
        """Assign one item; returns its story id and the score that joined it (``None`` when it opened
        the story or was assigned before)."""
        known = self._story_of.get(features.item_id)
        if known is not None:
            return known.id, None
        query = self._query(features)
        best: _Story | None = None
        best_score = -math.inf
        for story, score in self._decide(query):
            if score > best_score:
                best, best_score = story, score
        if best is None or best_score < self.params.threshold:
            story = self._open(story_id_for(features.item_id))
            self._join(story, features, query)
            return story.id, None
        self._join(best, features, query)
        return best.id, round(best_score, 4)

    def restore(self, members: Iterable[tuple[StoryFeatures, str]]) -> None:
        """Replay stored assignments (item features, story id) without comparing anything.

        Give them in the order they were first added: the index then holds what it
        held when they were added, and later ``add`` calls decide the same way.
        """
        for features, story_id in members:
            if features.item_id in self._story_of:
                continue
            known = self._by_id.get(story_id)
            story = known.live() if known is not None else self._open(story_id)
            story.restored = True
            self._join(story, features, self._query(features))

    def merge(self, story_ids: Iterable[str]) -> list[tuple[str, str]]:
        """Merge each story named (the stories a run touched) into the story whose items, as a
        whole, agree with its own; returns (absorbed story id, surviving story id) in order.

        Single-pass clustering decides an item against the stories there when it arrives: early
        in a run, before the word frequencies are known, two reports of one event can score
        under ``threshold`` and open two stories, and whoever opened a story fixes the split.
        Here each story is compared, as a whole, with the stories its blocking keys and vector
        codes find (``_candidates``, as an item is): centroid against centroid
        (``_pair_scores``, with the run's word frequencies) less what their dates cost
        (``_pair_penalty``: the vetoes and margins of ``_date_penalty``, story against story).
        It merges into the best scoring at least ``merge_threshold``; ``MERGE_ROUNDS`` passes
        at most. A story stored by an earlier run (``restore``) is never absorbed and two
        stored stories never merge, so a stored item's story never changes; of two stories of
        this run, the older keeps its id. Cost per story as an item's (bounded lookups and
        comparisons).
        """
        p = self.params
        todo = _newest_first(self._by_id[i].live() for i in story_ids if i in self._by_id)
        merged: list[tuple[str, str]] = []
        for _ in range(MERGE_ROUNDS):
            changed = False
            for story in todo:
                if story.merged_into is not None or story.centroid is None:
                    continue
                found = [c for c in self._candidates(self._story_query(story))
                         if c is not story and c.centroid is not None and not (c.restored and story.restored)]
                pairs = [(c, pen) for c in found if (pen := self._pair_penalty(story, c)) < math.inf]
                if not pairs:
                    continue
                scores = self._pair_scores(story, [c for c, _ in pairs])
                best, best_score = None, -math.inf
                for (other, penalty), score in zip(pairs, scores, strict=True):
                    if float(score) - penalty > best_score:
                        best, best_score = other, float(score) - penalty
                if best is None or best_score < p.merge_threshold:
                    continue
                # a stored story survives (never both: see above), else the older one
                keep, gone = (best, story) if best.restored or (not story.restored and best.index < story.index) \
                    else (story, best)
                self._absorb(gone, keep)
                merged.append((gone.id, keep.id))
                changed = True
            if not changed:
                break
            todo = _newest_first(s.live() for s in todo)
        return merged

    def reassign(self, items: Iterable[tuple[StoryFeatures, float | None]]) -> list[tuple[str, str, str, float]]:
        """Move an item that joined the wrong story early into the story of this run it agrees with
        clearly better; returns (item id, story left, story joined, its score there) in order.

        Single-pass clustering decides an item against the stories there when it arrives: an
        undated item, or one that joined by a score near ``threshold``, may have joined a
        look-alike before its own event's story took shape (its right story opened later, or
        grew by the merge pass). Each item given (with the score that joined it, ``None`` when
        it opened its story) that ``reassignable`` picks is compared, as when it arrived
        (``_candidates``, the same date vetoes and margins), with its story without itself
        (``_without``) and with the other stories found, and moves to the best of those scoring
        at least ``threshold`` and ``reassign_margin`` more than its own. Never into or out of a
        story stored by an earlier run (no stored assignment changes), never the item whose id
        names its story (a story keeps its first item), never out of a story of more than
        ``REASSIGN_MAX_MEMBERS`` members (its dates are recounted from its members). Cost per
        item as an item's decision.
        """
        p = self.params
        moved: list[tuple[str, str, str, float]] = []
        weak = {f.item_id: f for f, score in items if reassignable(f, score, p)}
        queries: dict[str, _Query] = {}

        def query(f: StoryFeatures) -> _Query:
            q = queries.get(f.item_id)
            if q is None:
                q = queries[f.item_id] = self._query(f)
            return q

        for f in list(weak.values()):
            story = self._story_of.get(f.item_id)
            if story is None or story.restored or story.id == story_id_for(f.item_id) \
                    or not 1 < len(story.members) <= REASSIGN_MAX_MEMBERS:
                continue
            q = query(f)
            # the story's core: its members that joined firmly (dated, by a clear score), and its first
            loose = [(weak[m.item_id], query(weak[m.item_id])) for m in story.members
                     if m.item_id in weak and m.item_id != f.item_id and story.id != story_id_for(m.item_id)]
            core = self._without(story, [(f, q), *loose])
            own = -math.inf
            penalty = self._date_penalty(core, q)
            if core.centroid is not None and penalty < math.inf:
                own = float(self._scores(q, [core.centroid])[0]) - penalty
            best, best_score = None, -math.inf
            def not_a_target(s: _Story, mine: _Story = story) -> bool:
                return s is mine or s.restored

            for other, value in self._decide(q, skip=not_a_target):
                if value > best_score:
                    best, best_score = other, value
            if best is None or best_score < p.threshold or best_score < own + p.reassign_margin:
                continue
            self._detach(story, self._without(story, [(f, q)]), q)
            self._join(best, f, q)
            moved.append((f.item_id, story.id, best.id, round(best_score, 4)))
        return moved

    def observe(self, features: Iterable[StoryFeatures]) -> None:
        """Count items in the document frequencies only (no story, no bucket): a background
        corpus that makes IDF meaningful from the first item of a new index. Unlike ``add``
        and ``restore``, this is not part of the stored state."""
        for f in features:
            words = [self._id(w) for w in f.words]
            keys = [self._id(k) for k in f.entity_keys()]
            self._count(np.asarray(words + keys, dtype=np.int64))

    def fork(self, params: StoryParams | None = None) -> StoryIndex:
        """A new index with this one's background counts (``observe``) and no stories.

        Only for an index that has no stories yet (raises ``ValueError`` otherwise).
        """
        if self._stories:
            raise ValueError("only an index without stories can be forked")
        other = StoryIndex(params or self.params)
        other._vocab = dict(self._vocab)
        other._df = self._df.copy()
        other._xweight = np.zeros_like(self._xweight)
        other._n = self._n
        return other

    def story_of(self, item_id: str) -> str | None:
        story = self._story_of.get(item_id)
        return story.id if story else None

    def story_ids(self) -> list[str]:
        return [s.id for s in self._stories if s.merged_into is None]

    def assignments(self) -> dict[str, str]:
        """Item id -> story id of every item added."""
        return {item_id: story.id for item_id, story in self._story_of.items()}

    def stories(self, ids: Iterable[str] | None = None) -> list[Story]:
        """Summaries of the stories named (all without ``ids``), earliest first report first."""
        chosen = [s for s in self._stories if s.merged_into is None] if ids is None else \
            list({s.index: s for s in (self._by_id[i].live() for i in ids if i in self._by_id)}.values())
        out = [self._summary(s) for s in chosen]
        out.sort(key=lambda s: (s.first_reported is None, s.first_reported or "", s.first_seen, s.id))
        return out

    # -- vocabulary and IDF -----------------------------------------------------------
    def _id(self, token: str) -> int:
        value = self._vocab.get(token)
        if value is None:
            value = len(self._vocab)
            self._vocab[token] = value
            if value >= self._df.size:
                grown = 2 * self._df.size
                self._df = np.concatenate([self._df, np.zeros(grown - self._df.size)])
                self._xweight = np.concatenate([self._xweight, np.zeros(grown - self._xweight.size)])
        return value

    def _idf(self, ids: npt.NDArray[np.int32]) -> npt.NDArray[np.float64]:
        idf: npt.NDArray[np.float64] = np.log((self._n + IDF_PRIOR) / (self._df[ids] + 1.0))
        return idf

    def _query(self, f: StoryFeatures) -> _Query:
        words = np.unique(np.fromiter((self._id(w) for w in f.words), dtype=np.int32, count=len(f.words)))
        entity = f.entity_keys()
        keys = np.fromiter((self._id(k) for k in entity), dtype=np.int32, count=len(entity))
        block: list[tuple[int, float]] = [(int(k), -1.0) for k in keys[:MAX_ENTITY_KEYS]]
        if f.words:
            hashes = np.fromiter((zlib.crc32(w.encode("utf-8", "surrogatepass")) for w in f.words), dtype=np.int64,
                                 count=len(f.words))
            sketch = np.argsort(hashes, kind="stable")[:SKETCH_SIZE]
            block.extend((self._vocab[f.words[int(i)]], -1.0) for i in sketch)
        vector = unit_vector(f.vector)
        if vector is not None:
            for k, code in enumerate(self._codes(vector)):
                block.append((self._id(f"\x00v{k}:{code}"), VECTOR_KEY_WEIGHT))
        when = None if f.when is None else (f.when[0].toordinal(), f.when[1].toordinal())
        fine = when is not None and when[1] - when[0] < FINE_DAYS
        return _Query(words, keys, block, when, fine, f.when_from == "event", f.event_types, vector,
                      f.month_days, f.follow_up, f.document)

    def _codes(self, vector: npt.NDArray[np.float32]) -> list[int]:
        if self._planes is None or self._planes.shape[1] != vector.size:
            rng = np.random.default_rng(VECTOR_SEED)
            self._planes = rng.standard_normal((VECTOR_TABLES * VECTOR_BITS, vector.size)).astype(np.float32)
        bits = (self._planes @ vector > 0).reshape(VECTOR_TABLES, VECTOR_BITS)
        powers = 1 << np.arange(VECTOR_BITS)
        return [int(c) for c in (bits * powers).sum(axis=1)]

    # -- blocking ---------------------------------------------------------------------
    def _bins(self, q: _Query) -> list[int]:
        if q.when is None or not q.fine:
            return []
        gap = self.params.max_gap_days
        return list(range((q.when[0] - gap) // BIN_DAYS, (q.when[1] + gap) // BIN_DAYS + 1))

    def _candidates(self, q: _Query) -> list[_Story]:
        """The ``MAX_CANDIDATES`` stories sharing the most key weight with the item.

        Only the ``BLOCK_LOOKUPS`` rarest keys that some story used, and the vector codes,
        are looked up; a key
        weighs its IDF (a vector code ``VECTOR_KEY_WEIGHT``) for each of its buckets that
        holds the story. Ties go to the older story.
        """
        bins = self._bins(q)
        recent = self._recent
        n = self._n + IDF_PRIOR
        df = self._df
        keyed = [(k, w if w >= 0 else math.log(n / (df[k] + 1.0)))
                 for k, w in q.block_keys if k in recent]  # a key no story used finds nothing
        lookups = sorted((kw for kw in keyed if kw[1] > 0), key=lambda kw: -kw[1])[: BLOCK_LOOKUPS + VECTOR_TABLES]
        buckets = self._buckets
        found = array("q")  # story indexes, a key's buckets after another's
        weights: list[float] = []
        counts: list[int] = []
        for key, weight in lookups:
            start = len(found)
            if bins:
                base = key << _BIN_BITS
                for b in bins:
                    stories = buckets.get(base + b + 1)
                    if stories:
                        found.extend(stories)
            else:
                stories = recent.get(key)
                if stories:
                    found.extend(stories)
            undated = buckets.get(_bucket(key, _UNDATED))
            if undated:
                found.extend(undated)
            weights.append(weight)
            counts.append(len(found) - start)
        if not found:
            return []
        # summed in the order found (as a dict of running sums would), best first, ties to the older story
        stories_found, inverse = np.unique(np.frombuffer(found, dtype=np.int64), return_inverse=True)
        scores = np.bincount(inverse, weights=np.repeat(np.array(weights), counts), minlength=stories_found.size)
        best = np.lexsort((stories_found, -scores))[:MAX_CANDIDATES]
        if self._absorbed:  # a story merged away is found as the story that absorbed it
            return list({s.index: s for s in (self._stories[i].live() for i in stories_found[best].tolist())}.values())
        return [self._stories[i] for i in stories_found[best].tolist()]

    def _file(self, story: _Story, q: _Query) -> None:
        b = _UNDATED if q.when is None or not q.fine else q.when[0] // BIN_DAYS
        buckets, recent, index = self._buckets, self._recent, story.index
        for key, _ in q.block_keys:
            bucket_key = _bucket(key, b)
            bucket = buckets.get(bucket_key)
            if bucket is None:
                buckets[bucket_key] = array("q", (index,))
            else:
                _push(bucket, index)
            used = recent.get(key)
            if used is None:
                recent[key] = array("q", (index,))
            else:
                _push(used, index)

    # -- the decision --------------------------------------------------------------------
    def _date_penalty(self, story: _Story, q: _Query) -> float:
        """What the dates take off the score: 0 when they agree, ``inf`` for a veto.

        Days beyond ``date_tolerance_days`` from the story's dates, or beyond a spread of
        ``max_span_days`` of its day-precise dates, veto the item when both its date and
        the story's come from events, and cost ``date_penalty`` each when a publication
        date is involved; a gap over ``max_gap_days`` vetoes it either way. When either
        date is unknown, the days and months without a year that the item's lead names
        (or the story's undated items' leads) decide: one within the tolerance agrees,
        none vetoes; without them the item pays ``unknown_date_margin``. An item whose lead
        looks back ("last month's attack") and names the story's day reports a later
        happening about it: vetoed. A story holding
        an item of the same page costs ``same_page_margin``, and vetoes a day-precise
        item on another day than the story's.
        """
        p = self.params
        same_page = bool(q.document) and q.document in story.documents
        page = p.same_page_margin if same_page else 0.0
        if q.when is None or story.lo is None or story.hi is None:
            if q.when is None and story.lo is not None and story.hi is not None:
                agree = _agrees(q.month_days, story.lo, story.hi, p.date_tolerance_days)
                if q.follow_up and agree:  # "last month's attack on July 17": a later happening about this story
                    return math.inf
            elif q.when is not None:
                agree = _agrees(tuple(story.month_days), q.when[0], q.when[1], p.date_tolerance_days)
            else:
                mine = set(q.month_days if not q.follow_up else ())
                agree = None if not mine or not story.month_days else bool(mine & story.month_days)
                if agree is False:
                    return math.inf
                return page + (0.0 if agree else p.undated_margin)
            if agree is False:
                return math.inf
            return page + (0.0 if agree else p.unknown_date_margin)
        a, b = q.when
        if same_page and q.fine and story.fine_lo is not None and story.fine_hi is not None \
                and (a < story.fine_lo or b > story.fine_hi):
            return math.inf

        def excess(lo: int | None, hi: int | None, fine_lo: int | None, fine_hi: int | None) -> float:
            days = 0
            if lo is not None and hi is not None:
                gap = max(a - hi, lo - b, 0)
                if gap > p.max_gap_days:
                    return math.inf
                days = gap - p.date_tolerance_days
            if q.fine and fine_lo is not None and fine_hi is not None:
                days = max(days, max(fine_hi, b) - min(fine_lo, a) - p.max_span_days)
            return float(max(days, 0))

        shift = 0.0
        if q.from_event and story.event_lo is not None and story.event_hi is not None:
            lo, hi = story.event_lo, story.event_hi
            if excess(lo, hi, lo, hi) > 0:
                return math.inf
            if q.fine:  # within the tolerance, another day still counts against (the train the day before the summit)
                shift = p.event_day_penalty * max(lo - b, a - hi, 0)
                if lo == hi == a == b:  # one event day, stated by both: evidence for
                    shift = -p.same_day_bonus
        return page + shift + p.date_penalty * excess(story.lo, story.hi, story.fine_lo, story.fine_hi)

    def _decide(self, q: _Query, skip: Callable[[_Story], bool] | None = None) -> Iterator[tuple[_Story, float]]:
        """Each candidate story (less those ``skip`` names) with the item's score against it, dates counted."""
        penalties: list[float] = []
        stories: list[_Story] = []
        for story in self._candidates(q):
            if story.centroid is None or (skip is not None and skip(story)):
                continue
            penalty = self._date_penalty(story, q)
            if penalty < math.inf:
                stories.append(story)
                penalties.append(penalty)
        if not stories:
            return
        scores = self._scores(q, [s.centroid for s in stories if s.centroid is not None])
        for story, score, penalty in zip(stories, scores, penalties, strict=True):
            yield story, float(score) - penalty

    def _scores(self, q: _Query, centroids: Sequence[_Centroid]) -> npt.NDArray[np.float64]:
        """The decision score of the item against each story centroid, before the dates."""
        p = self.params
        words = self._weighted_cosine(q.words, [c.words for c in centroids], [c.word_counts for c in centroids])
        words = np.nan_to_num(words, nan=0.0)
        text = words
        if q.vector is not None:
            cos = self._cosines(q.vector, centroids)
            rescaled = np.clip((cos - p.vector_floor) / (1.0 - p.vector_floor), 0.0, 1.0)
            text = np.where(np.isnan(cos), text, (1 - p.vector_weight) * text + p.vector_weight * rescaled)
        ent = self._weighted_cosine(q.keys, [c.keys for c in centroids], [c.key_counts for c in centroids])
        score = np.where(np.isnan(ent), words, ent) + p.text_weight * text
        if q.types and p.type_weight:
            types = np.array([len(q.types & set(c.types)) / len(q.types | set(c.types)) if c.types else 0.0
                              for c in centroids])
            score = score + p.type_weight * types
        return score

    def _cosines(self, x: npt.NDArray[np.float32], centroids: Sequence[_Centroid]) -> npt.NDArray[np.float64]:
        """Cosine of ``x`` with each centroid's vector (NaN where it has none)."""
        out = np.full(len(centroids), np.nan)
        vectors = [(k, c.vector) for k, c in enumerate(centroids) if c.vector is not None and c.vector.size == x.size]
        if not vectors:
            return out
        has = [k for k, _ in vectors]
        m = np.stack([v for _, v in vectors]).astype(np.float64)
        xv = x.astype(np.float64)
        norms = np.linalg.norm(m, axis=1) * np.linalg.norm(xv)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[has] = np.where(norms > 0, (m @ xv) / norms, np.nan)
        return out

    def _weighted_cosine(self, x: npt.NDArray[np.int32], ys: Sequence[npt.NDArray[np.int32]],
                         counts: Sequence[npt.NDArray[np.float32]]) -> npt.NDArray[np.float64]:
        """IDF-weighted cosine of the set ``x`` with each centroid (ids ``ys`` with ``counts``);
        NaN where either side is empty."""
        out = np.full(len(ys), np.nan)
        if x.size == 0 or not ys:
            return out
        sizes = np.fromiter((y.size for y in ys), dtype=np.int64, count=len(ys))
        if not sizes.any():
            return out
        all_y = np.concatenate(ys)
        owner = np.repeat(np.arange(len(ys)), sizes)
        wx = self._idf(x)
        wy = self._idf(all_y) * np.concatenate(counts)
        self._xweight[x] = wx
        shared = self._xweight[all_y] * wy
        self._xweight[x] = 0.0
        num = np.bincount(owner, weights=shared, minlength=len(ys))
        den = math.sqrt(float(wx @ wx)) * np.sqrt(np.bincount(owner, weights=wy * wy, minlength=len(ys)))
        ok = (sizes > 0) & (den > 0)
        out[ok] = num[ok] / den[ok]
        return out

    # -- joining ------------------------------------------------------------------------
    def _open(self, story_id: str) -> _Story:
        story = _Story(story_id, len(self._stories))
        self._stories.append(story)
        self._by_id[story_id] = story
        return story

    def _join(self, story: _Story, f: StoryFeatures, q: _Query) -> None:
        story.members.append(_Member(f.item_id, f.source, f.published, f.first_seen, f.title, f.when is not None,
                                     q.when, q.fine, f.when_from == "event", f.month_days, f.follow_up,
                                     f.document))
        self._story_of[f.item_id] = story
        if q.when is not None:
            a, b = q.when
            story.lo = a if story.lo is None else min(story.lo, a)
            story.hi = b if story.hi is None else max(story.hi, b)
            if q.fine:
                story.fine_lo = a if story.fine_lo is None else min(story.fine_lo, a)
                story.fine_hi = b if story.fine_hi is None else max(story.fine_hi, b)
            if f.when_from == "event":
                story.event_lo = a if story.event_lo is None else min(story.event_lo, a)
                story.event_hi = b if story.event_hi is None else max(story.event_hi, b)
        if f.follow_up and q.when is None:
            story.looks_back.update(f.month_days)
        if q.when is None and not f.follow_up:
            story.month_days.update(f.month_days)
        if f.document:
            story.documents.add(f.document)
        story.types.update(sorted(f.event_types))  # sorted: the same order in every process (hash seeds differ)
        story.actors.update(sorted(f.actors))
        ids = np.concatenate([q.words, q.keys])
        if story.centroid is None:
            self._count(ids)
        else:  # a word counts once per story: a story of 5,000 reports does not make its own words common
            known = np.concatenate([story.centroid.words, story.centroid.keys])
            self._df[np.setdiff1d(ids, known)] += 1.0
        story.centroid = _merged(story.centroid, q, story.types)
        self._file(story, q)

    def _count(self, ids: npt.NDArray[np.int64] | npt.NDArray[np.int32]) -> None:
        self._n += 1
        self._df[np.unique(ids)] += 1.0

    # -- merging ------------------------------------------------------------------------
    def _story_query(self, story: _Story) -> _Query:
        """A story as a query for ``_candidates``: its centroid's keys and words used by another
        story too (the rarest first), its vector's codes, its day-precise dates."""
        c = story.centroid
        assert c is not None
        ids = np.concatenate([c.keys, c.words])
        df = self._df[ids]
        ids = ids[np.argsort(df, kind="stable")]
        block: list[tuple[int, float]] = []
        for k in ids.tolist():
            used = self._recent.get(k)
            if used is not None and len(used) > 1:
                block.append((k, -1.0))
                if len(block) >= 4 * BLOCK_LOOKUPS:
                    break
        vector = unit_vector(c.vector)
        if vector is not None:
            for k, code in enumerate(self._codes(vector)):
                block.append((self._id(f"\x00v{k}:{code}"), VECTOR_KEY_WEIGHT))
        when = None if story.fine_lo is None or story.fine_hi is None else (story.fine_lo, story.fine_hi)
        return _Query(c.words, c.keys, block, when, when is not None, story.event_lo is not None,
                      frozenset(c.types), vector)

    def _pair_scores(self, story: _Story, others: Sequence[_Story]) -> list[float]:
        """The decision's score (``_scores``) of two stories: their centroids' IDF-weighted
        cosines, each word and key weighted by how many members use it on both sides."""
        p = self.params
        a = story.centroid
        assert a is not None
        out: list[float] = []
        for other in others:
            b = other.centroid
            assert b is not None
            words = self._pair_cosine(a.words, a.word_counts, b.words, b.word_counts)
            ent = self._pair_cosine(a.keys, a.key_counts, b.keys, b.key_counts)
            words = 0.0 if math.isnan(words) else words
            text = words
            if a.vector is not None and b.vector is not None and a.vector.size == b.vector.size:
                na, nb = float(np.linalg.norm(a.vector)), float(np.linalg.norm(b.vector))
                if na > 0 and nb > 0:
                    cos = float(a.vector.astype(np.float64) @ b.vector.astype(np.float64)) / (na * nb)
                    rescaled = min(max((cos - p.vector_floor) / (1.0 - p.vector_floor), 0.0), 1.0)
                    text = (1 - p.vector_weight) * words + p.vector_weight * rescaled
            score = (words if math.isnan(ent) else ent) + p.text_weight * text
            if a.types and b.types and p.type_weight:
                ta, tb = set(a.types), set(b.types)
                score += p.type_weight * len(ta & tb) / len(ta | tb)
            out.append(score)
        return out

    def _pair_cosine(self, ids_a: npt.NDArray[np.int32], w_a: npt.NDArray[np.float32],
                     ids_b: npt.NDArray[np.int32], w_b: npt.NDArray[np.float32]) -> float:
        """IDF-weighted cosine of two centroids' id sets with their counts; NaN if one is empty."""
        if ids_a.size == 0 or ids_b.size == 0:
            return math.nan
        wa = self._idf(ids_a) * w_a
        wb = self._idf(ids_b) * w_b
        _, ia, ib = np.intersect1d(ids_a, ids_b, assume_unique=True, return_indices=True)
        den = math.sqrt(float(wa @ wa) * float(wb @ wb))
        return float(wa[ia] @ wb[ib]) / den if den > 0 else math.nan

    def _pair_penalty(self, a: _Story, b: _Story) -> float:
        """What the dates of two stories take off their score: ``_date_penalty``'s rules with a
        story in the item's place. A story whose follow-up members look back to a day of the
        other's dates never merges with it (the claim a month after the attack)."""
        p = self.params
        tol = p.date_tolerance_days
        for x, y in ((a, b), (b, a)):
            if x.looks_back and y.lo is not None and y.hi is not None \
                    and _agrees(tuple(x.looks_back), y.lo, y.hi, tol):
                return math.inf
        same_page = bool(a.documents & b.documents)
        page = p.same_page_margin if same_page else 0.0
        if a.lo is None or a.hi is None or b.lo is None or b.hi is None:
            agree: bool | None
            if (a.lo is None) and (b.lo is None):
                agree = None if not a.month_days or not b.month_days else bool(a.month_days & b.month_days)
                if agree is False:
                    return math.inf
                return page + (0.0 if agree else p.undated_margin)
            dated, undated = (a, b) if a.lo is not None else (b, a)
            assert dated.lo is not None and dated.hi is not None
            agree = _agrees(tuple(undated.month_days), dated.lo, dated.hi, tol)
            if agree is False:
                return math.inf
            return page + (0.0 if agree else p.unknown_date_margin)
        gap = max(a.lo - b.hi, b.lo - a.hi, 0)
        if gap > p.max_gap_days:
            return math.inf
        days = gap - tol
        if a.fine_lo is not None and b.fine_lo is not None and a.fine_hi is not None and b.fine_hi is not None:
            if same_page and (a.fine_lo > b.fine_hi or b.fine_lo > a.fine_hi):
                return math.inf
            days = max(days, max(a.fine_hi, b.fine_hi) - min(a.fine_lo, b.fine_lo) - p.max_span_days)
        shift = 0.0
        if a.event_lo is not None and a.event_hi is not None and b.event_lo is not None and b.event_hi is not None:
            event_gap = max(a.event_lo - b.event_hi, b.event_lo - a.event_hi, 0)
            span = max(a.event_hi, b.event_hi) - min(a.event_lo, b.event_lo)
            if event_gap > tol or span > p.max_span_days:
                return math.inf
            shift = p.event_day_penalty * event_gap
            if a.event_lo == a.event_hi == b.event_lo == b.event_hi:
                shift = -p.same_day_bonus
        return page + shift + p.date_penalty * max(days, 0)

    def _absorb(self, story: _Story, into: _Story) -> None:
        """Move every member of ``story`` into ``into``; ``story`` stays only as an alias (its
        buckets find ``into``)."""
        for m in story.members:
            self._story_of[m.item_id] = into
        into.members.extend(story.members)
        for lo, hi in (("lo", "hi"), ("fine_lo", "fine_hi"), ("event_lo", "event_hi")):
            x, y = getattr(story, lo), getattr(into, lo)
            if x is not None:
                setattr(into, lo, x if y is None else min(x, y))
            x, y = getattr(story, hi), getattr(into, hi)
            if x is not None:
                setattr(into, hi, x if y is None else max(x, y))
        into.types.update(story.types)
        into.actors.update(story.actors)
        into.month_days |= story.month_days
        into.documents |= story.documents
        into.looks_back |= story.looks_back
        a, b = story.centroid, into.centroid
        if a is not None and b is not None:
            # a word counts once per story: the two stories are one now
            shared = np.intersect1d(np.concatenate([a.words, a.keys]), np.concatenate([b.words, b.keys]))
            self._df[shared] -= 1.0
            self._n -= 1
            words, word_counts = _merge(b.words, b.word_counts, a.words, a.word_counts)
            keys, key_counts = _merge(b.keys, b.key_counts, a.keys, a.key_counts)
            vector = b.vector
            if a.vector is not None:
                vector = a.vector if vector is None or vector.size != a.vector.size else vector + a.vector
            into.centroid = _Centroid(words, word_counts, keys, key_counts, tuple(into.types), vector)
        elif b is None:
            into.centroid = a
        story.members = []
        story.centroid = None
        story.merged_into = into
        self._absorbed += 1

    def _without(self, story: _Story, drop: Sequence[tuple[StoryFeatures, _Query]]) -> _Story:
        """A detached copy of ``story`` without the items ``drop`` (features and query): dates,
        day-and-months and pages recounted from the other members, the items' words, keys,
        vectors, types and actors taken off the centroid."""
        gone = {f.item_id for f, _ in drop}
        rest = _Story(story.id, story.index, [m for m in story.members if m.item_id not in gone])
        rest.restored = story.restored
        for m in rest.members:
            if m.when is not None:
                a, b = m.when
                rest.lo = a if rest.lo is None else min(rest.lo, a)
                rest.hi = b if rest.hi is None else max(rest.hi, b)
                if m.fine:
                    rest.fine_lo = a if rest.fine_lo is None else min(rest.fine_lo, a)
                    rest.fine_hi = b if rest.fine_hi is None else max(rest.fine_hi, b)
                if m.from_event:
                    rest.event_lo = a if rest.event_lo is None else min(rest.event_lo, a)
                    rest.event_hi = b if rest.event_hi is None else max(rest.event_hi, b)
            elif m.follow_up:
                rest.looks_back.update(m.month_days)
            else:
                rest.month_days.update(m.month_days)
            if m.document:
                rest.documents.add(m.document)
        rest.types = story.types - Counter(t for f, _ in drop for t in f.event_types)
        rest.actors = story.actors - Counter(a for f, _ in drop for a in f.actors)
        c = story.centroid
        if c is not None:
            words, word_counts, keys, key_counts, vector = c.words, c.word_counts, c.keys, c.key_counts, c.vector
            for _, q in drop:
                words, word_counts = _minus(words, word_counts, q.words)
                keys, key_counts = _minus(keys, key_counts, q.keys)
                if vector is not None and q.vector is not None and vector.size == q.vector.size:
                    vector = vector - q.vector
            rest.centroid = _Centroid(words, word_counts, keys, key_counts, tuple(rest.types), vector)
        return rest

    def _detach(self, story: _Story, rest: _Story, q: _Query) -> None:
        """Make ``story`` what ``rest`` (``_without``) holds: the item of ``q`` leaves it. Words
        and keys the story no longer has stop counting it (its buckets still find it: harmless,
        as a bucket only proposes candidates)."""
        old = story.centroid
        if old is not None and rest.centroid is not None:
            had = np.intersect1d(np.concatenate([q.words, q.keys]), np.concatenate([old.words, old.keys]))
            gone = np.setdiff1d(had, np.concatenate([rest.centroid.words, rest.centroid.keys]))
            self._df[gone] = np.maximum(self._df[gone] - 1.0, 0.0)
        for name in ("members", "lo", "hi", "fine_lo", "fine_hi", "event_lo", "event_hi", "types", "actors",
                     "centroid", "month_days", "documents", "looks_back"):
            setattr(story, name, getattr(rest, name))

    # -- summaries ----------------------------------------------------------------------
    def _summary(self, story: _Story) -> Story:
        members = sorted(story.members, key=_Member.order)
        first = members[0]
        seen = min(m.first_seen for m in members)
        lo, hi = (story.event_lo, story.event_hi) if story.event_lo is not None else (story.lo, story.hi)
        return Story(
            id=story.id,
            item_ids=tuple(m.item_id for m in members),
            sources=tuple(sorted({m.source for m in members if m.source})),
            first_reported=first.published,
            first_seen=seen,
            first_item_id=first.item_id,
            title=story_title(members),
            event_types=_most_common(story.types, 8),
            actors=_most_common(story.actors, 12),
            start=date.fromordinal(lo) if lo is not None else None,
            end=date.fromordinal(hi) if hi is not None else None,
            inferred_items=tuple(m.item_id for m in members if not m.dated) if lo is not None else (),
        )


#: Not a headline: a line made of dates, times, weekdays and stamp words only, or one of furniture
#: ("Close", "Post Widget 1", "17.4 C").
_STAMP_WORDS = frozenset({
    "am", "pm", "utc", "gmt", "est", "edt", "bst", "cet", "cest", "msk", "kst", "ist", "updated", "update",
    "published", "posted", "modified", "last", "on", "at", "date", "time", "today", "year", "news", "of", "by",
    "st", "nd", "rd", "th", "close", "menu", "home", "story", "post", "widget", "general", "c", "f",
}) | _MONTHS | {d.casefold() for d in calendar.day_name} | {d.casefold() for d in calendar.day_abbr}
#: Words a headline has at least, stamp words and numbers aside.
TITLE_MIN_WORDS = 3


def is_headline(text: str) -> bool:
    """Whether ``text`` can stand as a story title: ``TITLE_MIN_WORDS`` words or more that are no
    date, time, weekday, number or stamp word ("Updated", "UTC")."""
    words = [w for w in _WORD.findall(text.casefold()) if not _DIGIT.search(w) and w not in _STAMP_WORDS]
    return len(words) >= TITLE_MIN_WORDS


#: How an outlet's affiliation ranks a headline among equally shared ones: independent outlets
#: (the wires among them) first, state media last.
_AFFILIATION_RANK = {"independent": 0, None: 1, "state-affiliated": 2, "state-owned": 2}


def _affiliation(source: str | None) -> str | None:
    if not source:
        return None
    try:
        from counterpoint.sources import source_outlet

        outlet = source_outlet(source, None)
    except Exception:  # no registry at hand: every source ranks the same
        return None
    return outlet.affiliation if outlet is not None else None


def story_title(members: Sequence[_Member]) -> str:
    """The headline the story's sources share most: each candidate headline (never a date or time
    line) scores the summed word overlap (Jaccard of content words) with the other sources'
    headlines, one per source; ties go to independent outlets, then to the earliest member.
    Without any headline, the first member's title."""
    if not members:
        return ""
    candidates = [(k, m) for k, m in enumerate(members) if m.title and is_headline(m.title)]
    if not candidates:
        return members[0].title
    words = {k: set(text_terms(m.title, 40)[0]) for k, m in candidates}
    best: tuple[float, int, int] | None = None
    chosen = candidates[0][1]
    for k, m in candidates:
        shared: dict[str, float] = {}
        for j, other in candidates:
            if j == k or not words[k] or not words[j]:
                continue
            key = other.source or other.item_id  # one vote per source
            overlap = len(words[k] & words[j]) / len(words[k] | words[j])
            shared[key] = max(shared.get(key, 0.0), overlap)
        rank = (-sum(shared.values()), _AFFILIATION_RANK.get(_affiliation(m.source), 1), k)
        if best is None or rank < best:
            best, chosen = rank, m
    return chosen.title


#: A date range of more days than this is too coarse for a day and month to agree with it.
_MONTH_DAY_RANGE = 40


def _agrees(month_days: Sequence[tuple[int, int]], lo: int, hi: int, tolerance: int) -> bool | None:
    """Whether one of ``month_days`` falls within ``tolerance`` days of the day ordinals ``lo``..``hi``
    (in any year they allow); ``None`` when there is nothing to compare (no day and month, or a
    range of more than ``_MONTH_DAY_RANGE`` days)."""
    if not month_days or hi - lo > _MONTH_DAY_RANGE:
        return None
    first, last = date.fromordinal(lo), date.fromordinal(hi)
    for month, day in month_days:
        for year in range(first.year - 1, last.year + 2):
            if day > calendar.monthrange(year, month)[1]:
                continue
            x = date(year, month, day).toordinal()
            if lo - tolerance <= x <= hi + tolerance:
                return True
    return False


def _newest_first(stories: Iterable[_Story]) -> list[_Story]:
    """Distinct stories, the last opened first."""
    return sorted({s.index: s for s in stories}.values(), key=lambda s: -s.index)


def _most_common(counts: Counter[str], n: int) -> tuple[str, ...]:
    """The ``n`` most frequent, ties by name (never by hash order, which differs between processes)."""
    return tuple(k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n])


def _merged(centroid: _Centroid | None, q: _Query, types: Counter[str]) -> _Centroid:
    """The centroid with one more member."""
    ones = np.ones(q.words.size, np.float32)
    vector = q.vector
    if centroid is None:
        return _Centroid(q.words, ones, *_merge(q.keys[:0], ones[:0], q.keys, np.ones(q.keys.size, np.float32)),
                         tuple(types), vector)
    if centroid.vector is not None:
        vector = centroid.vector if vector is None or vector.size != centroid.vector.size else centroid.vector + vector
    words, counts = _merge(centroid.words, centroid.word_counts, q.words, ones)
    keys, key_counts = _merge(centroid.keys, centroid.key_counts, q.keys, np.ones(q.keys.size, np.float32))
    return _Centroid(words, counts, keys, key_counts, tuple(types), vector)


def _merge(ids_a: npt.NDArray[np.int32], w_a: npt.NDArray[np.float32], ids_b: npt.NDArray[np.int32],
           w_b: npt.NDArray[np.float32]) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float32]]:
    """Two weighted id sets summed; the ``CENTROID_CAP`` heaviest kept (ties: lower id)."""
    ids, inverse = np.unique(np.concatenate([ids_a, ids_b]), return_inverse=True)
    weights = np.bincount(inverse, weights=np.concatenate([w_a, w_b]).astype(np.float64))
    if ids.size > CENTROID_CAP:
        keep = np.sort(np.argsort(-weights, kind="stable")[:CENTROID_CAP])
        ids, weights = ids[keep], weights[keep]
    return ids.astype(np.int32), weights.astype(np.float32)


def _minus(ids: npt.NDArray[np.int32], counts: npt.NDArray[np.float32],
           drop: npt.NDArray[np.int32]) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float32]]:
    """A weighted id set with one count of each id of ``drop`` taken off (ids left at zero go)."""
    less = counts - np.isin(ids, drop).astype(np.float32)
    keep = less > 0
    return ids[keep], less[keep].astype(np.float32)


def reassignable(features: StoryFeatures, score: float | None, params: StoryParams = DEFAULT_PARAMS) -> bool:
    """Whether ``StoryIndex.reassign`` looks at an item again: it joined a story (``score`` not
    ``None``) undated, or by a score under ``threshold + reassign_band``."""
    return score is not None and (features.when is None or score < params.threshold + params.reassign_band)


def _push(bucket: array[int], story: int) -> None:
    """Put ``story`` last in ``bucket`` (moving it if there), keeping at most ``BUCKET_CAP``."""
    if bucket[-1] == story:
        return
    if story in bucket:
        bucket.remove(story)
    elif len(bucket) >= BUCKET_CAP:
        del bucket[0]
    bucket.append(story)
