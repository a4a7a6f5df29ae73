"""A small store for the web tests, written through the store's own APIs: three clean sources and one
hostile one, two stories (one told by four sources, with a copy), a failure, and hostile text in every
field the web UI shows.

Hostile values come from ``tests/fixtures/hostile/payloads.json``: each field gets every payload with
``{tag}`` replaced by the field's name (``hostile("headline")``), so a page that shows the field shows
``<script>alert('headline')</script>`` (escaped, if all is well) and a test can tell which field it was.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from counterpoint.link.stories import story_id_for
from counterpoint.model import (
    Attribution,
    Document,
    Dropped,
    Event,
    Failure,
    FramingSpan,
    Item,
    Mention,
    Naming,
    PartialDate,
    Participant,
    Place,
    Sentence,
    Span,
    TimeExpr,
)
from counterpoint.store.link import CopyGroupRow, StoryRow
from counterpoint.store.sqlite import SQLiteStore

#: Where the test clients send requests: a loopback name, as a browser on this machine would.
BASE_URL = "http://127.0.0.1:8765"
HOSTILE_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
PAYLOADS: dict[str, list[str]] = json.loads((HOSTILE_DIR / "payloads.json").read_text("utf-8"))


def hostile(tag: str) -> str:
    """Every payload, tagged with ``tag``, in one string (the script payload first)."""
    return " ".join(p.replace("{tag}", tag) for p in PAYLOADS["payloads"])


def escaped_marker(tag: str) -> str:
    """How the first payload of ``tag`` reads in correctly escaped HTML."""
    return f"&lt;script&gt;alert(&#39;{tag}&#39;)&lt;/script&gt;"


def hostile_url(tag: str, k: int = 0) -> str:
    return PAYLOADS["urls"][k % len(PAYLOADS["urls"])].replace("{tag}", tag)


EVIL_SOURCE = hostile("source")
EVIL_ACTOR = hostile("actorid")
EVIL_TYPE = "<script>alert('eventtype')</script>"
EVIL_LABEL = hostile("label")

CLEAN_BODY = (
    "The defence ministry said on Monday that 10,000 troops had crossed the river near Harlow Bend. "
    "Officials described the move as a heroic liberation of the valley. "
    "Local residents reported hearing engines through the night, the agency said."
)
EVIL_BODY = (
    "The defence ministry said on Monday that 14,000 troops had crossed the river near Harlow Bend. "
    + hostile("body") + " "
    "The so-called liberation was condemned by the neighbours, who allegedly prepared a protest."
)


@dataclass
class Corpus:
    """What the builder wrote, for tests to find their way."""

    path: Path
    story_id: str
    small_story_id: str
    items: dict[str, str] = field(default_factory=dict)  # name -> item id
    sources: dict[str, str] = field(default_factory=dict)  # name -> source name


def _document(text: str, *, locator: str, source: str, url: str | None, title: str | None,
              published: PartialDate, author: str | None = None) -> Document:
    return Document(
        id=Document.make_id(source, locator, url, text), locator=locator, kind="text", text=text, source=source,
        source_origin="sidecar", url=url, title=title, author=author, published=published, language="en",
        language_score=0.99, analysed=True, encoding="utf-8", raw_sha256="0" * 64, raw_size=len(text.encode()),
    )


def _item(doc: Document, headline: str, body: str, published: PartialDate, *, caption: str | None = None,
          photo: str | None = None, dropped: tuple[Dropped, ...] = ()) -> Item:
    start = 0
    head = Span(0, len(headline), headline)
    body_start = len(headline) + 2
    return Item(
        id=Item.make_id(doc.id, start, len(doc.text)), document_id=doc.id, position=1, start=start, end=len(doc.text),
        caption=Span(0, len(caption), caption) if caption else None, headline=head,
        photo_captions=(Span(0, len(photo), photo),) if photo else (),
        paragraphs=(Span(body_start, body_start + len(body), body),), published=published, dropped=dropped,
    )


def _sentences(item_id: str, body: str, headline: str) -> list[Sentence]:
    out = [Sentence(item_id, "headline", 0, 0, len(headline))]
    for k, m in enumerate(re.finditer(r"[^.]+(?:\.|$)", body)):
        a = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
        if m.end() > a:
            out.append(Sentence(item_id, "body", k, a, m.end()))
    return out


def _find(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def _event(item_id: str, body: str, trigger: str, *, event_type: str, actor: Participant | None,
           recipient: Participant | None, place: Place | None, place_text: str | None, date_text: str | None,
           attribution: Attribution, text_of_sentence: str) -> Event:
    s0, s1 = _find(body, text_of_sentence)
    t0, t1 = _find(body, trigger)
    return Event(
        id=Event.make_id(item_id, "body", t0, event_type), item_id=item_id, field="body", sentence=1, start=s0,
        end=s1, text=body[s0:s1], trigger=body[t0:t1], trigger_start=t0, trigger_end=t1, event_type=event_type,
        mode=None, contexts=("military",), actor=actor, recipient=recipient, place=place, place_text=place_text,
        date=PartialDate(2025, 4, 28), date_text=date_text, aux_modes=(), attribution=attribution, confidence=0.8,
    )


def build(path: Path) -> Corpus:
    """Write the corpus to a new store at ``path``."""
    store = SQLiteStore.open(path)
    run = store.begin_run("test", [])
    day = PartialDate(2025, 4, 28)
    specs = [
        # name, source, url, title, headline, body, published
        ("clean", "wire.example", "https://wire.example/2025/04/28/river", "River crossing",
         "Troops cross the river at Harlow Bend", CLEAN_BODY, day),
        ("evil", EVIL_SOURCE, hostile_url("url", 0), hostile("title"), hostile("headline"), EVIL_BODY,
         PartialDate(2025, 4, 29)),
        ("mirror", "mirror.example", hostile_url("mirrorurl", 1), "Mirror", "Troops cross the river at Harlow Bend",
         CLEAN_BODY, PartialDate(2025, 4, 30)),
        ("data", "digest.example", hostile_url("dataurl", 2), "Digest", "Digest: the river crossing",
         "A digest item said 10,000 troops had crossed the river near Harlow Bend.", PartialDate(2025, 4, 29)),
        ("small", "wire.example", "https://wire.example/2024/01/02/talks", "Talks",
         "Talks resume in the capital", "Negotiators met again on Tuesday to discuss a ceasefire.",
         PartialDate(2024, 1, 2)),
    ]
    corpus = Corpus(path=path, story_id="", small_story_id="")
    bundles: dict[str, tuple[Item, str, str]] = {}
    for name, source, url, title, headline, body, published in specs:
        text = f"{headline}\n\n{body}"
        doc = _document(text, locator=f"fixtures/{name}.txt" if name != "evil" else hostile("locator"),
                        source=source, url=url, title=title, published=published,
                        author=hostile("author") if name == "evil" else None)
        item = _item(doc, headline, body, published,
                     caption=hostile("caption") if name == "evil" else None,
                     photo=hostile("photocaption") if name == "evil" else None,
                     dropped=(Dropped(0, 4, hostile("droppedtext"), hostile("droppedreason")),) if name == "evil"
                     else ())
        store.add_document(doc, [item], run)
        corpus.items[name] = item.id
        corpus.sources[name] = source
        bundles[name] = (item, headline, body)
    store.add_failure(Failure(hostile("failurelocator"), "read", "bad-input", hostile("failurereason"),
                              hostile("failurefix")), run)
    kpa = Participant("troops", 0, 6, "kpa", "PRK", "MIL")
    for name, (item, headline, body) in bundles.items():
        iid = item.id
        mentions = [Mention(iid, "body", *_find(body, "troops"), "troops", "actor", "kpa", "PRK", "MIL",
                            method="alias", confidence=0.9, sentence=0)] if "troops" in body else []
        times = [TimeExpr(iid, "body", *_find(body, "Monday"), "Monday", day, "event", 0)] if "Monday" in body else []
        events: list[Event] = []
        spans: list[FramingSpan] = []
        namings: list[Naming] = []
        if name in ("clean", "mirror", "evil"):
            sentence = body[: body.index("Harlow Bend.") + len("Harlow Bend.")]
            speaker = Attribution(speaker_text="The defence ministry", cue="said", quote="indirect", stance="reported")
            if name == "evil":
                speaker = Attribution(speaker_actor_id=EVIL_ACTOR, speaker_text=hostile("speaker"),
                                      cue=hostile("cue"), quote="indirect", stance="distanced")
            events.append(_event(iid, body, "crossed", event_type="MOBILIZE", actor=kpa, recipient=None,
                                 place=Place("Harlow Bend", None, 0.0, 0.0, None, None, "city"),
                                 place_text="Harlow Bend", date_text="on Monday", attribution=speaker,
                                 text_of_sentence=sentence))
        if name == "clean":
            a, b = _find(body, "heroic liberation")
            spans.append(FramingSpan(iid, "body", a, b, body[a:b], "Loaded_Language", "technique", 0.81, "model", 1))
            namings.append(Naming(iid, "body", *_find(body, "troops"), "troops", "kpa", "neutral", ()))
        if name == "evil":
            a, b = _find(body, "so-called liberation")
            spans.append(FramingSpan(iid, "body", a, b, body[a:b], "Scare_Quotes", "scare_quote", 0.9, "rule", 2,
                                     hostile("evidence")))
            a2, b2 = _find(body, "<script>alert('body')</script>")
            spans.append(FramingSpan(iid, "body", a2, b2, body[a2:b2], EVIL_LABEL, "technique", 0.7, hostile("method"),
                                     1, hostile("evidence")))
            spans.append(FramingSpan(iid, "headline", 0, 30, headline[:30], "Name_Calling,Labeling", "technique", 0.6,
                                     "model", 0))
            a3, b3 = _find(body, "allegedly")
            spans.append(FramingSpan(iid, "body", a3, b3, body[a3:b3], "Hedge", "hedge", 0.9, "lexicon", 2))
            namings.append(Naming(iid, "body", *_find(body, "troops"), hostile("naming"), "kpa", "pejorative",
                                  (hostile("namingcue"),)))
            namings.append(Naming(iid, "body", a, b, hostile("naming2"), EVIL_ACTOR, "honorific", ()))
            mentions.append(Mention(iid, "body", a2, b2, hostile("mention"), "actor", EVIL_ACTOR, None, None,
                                    method="alias", confidence=0.5, sentence=1))
            mentions.append(Mention(iid, "body", *_find(body, "Harlow Bend"), "Harlow Bend", "place",
                                    place=Place(hostile("placename"), 1, 1.0, 2.0, "XXX", hostile("admin"), "city"),
                                    method="gazetteer", confidence=0.6, sentence=0))
            times.append(TimeExpr(iid, "body", a3, b3, hostile("timetext"), day, "event", 2))
            evil_event = _event(iid, body, "condemned", event_type=EVIL_TYPE,
                                actor=Participant(hostile("actortext"), 0, 3, EVIL_ACTOR),
                                recipient=Participant("neighbours", 0, 3, None, None),
                                place=None, place_text=hostile("placetext"), date_text=hostile("datetext"),
                                attribution=Attribution(), text_of_sentence="The so-called liberation was condemned")
            events.append(evil_event)
        store.save_annotations(iid, status="done", annotator="test", sentences=_sentences(iid, body, headline),
                               mentions=mentions, times=times)
        store.save_events(iid, events, status="done", extractor="test")
        store.save_framing(iid, spans, namings, status="done", framer="test", words=len(body.split()))
    # links: the big story (clean, evil, mirror, data; mirror copies clean) and a one-item story
    big = [corpus.items[n] for n in ("clean", "evil", "mirror", "data")]
    corpus.story_id = story_id_for(corpus.items["clean"])
    corpus.small_story_id = story_id_for(corpus.items["small"])
    record = {"id": corpus.story_id, "item_ids": big,
              "sources": sorted([EVIL_SOURCE, "wire.example", "mirror.example", "digest.example"]),
              "first_reported": "2025-04-28", "first_seen": "2025-04-28T00:00:00+00:00",
              "first_item_id": corpus.items["clean"], "title": hostile("storytitle"),
              "event_types": ["MOBILIZE", EVIL_TYPE], "actors": ["kpa", EVIL_ACTOR], "start": "2025-04-28",
              "end": "2025-04-28"}
    small = {"id": corpus.small_story_id, "item_ids": [corpus.items["small"]], "sources": ["wire.example"],
             "first_reported": "2024-01-02", "first_seen": "2024-01-02T00:00:00+00:00",
             "first_item_id": corpus.items["small"], "title": "Talks resume in the capital", "event_types": [],
             "actors": [], "start": None, "end": None}
    group = CopyGroupRow("c_test000000000001", "near", corpus.items["clean"],
                         (corpus.items["clean"], corpus.items["mirror"]),
                         {"item_ids": [corpus.items["clean"], corpus.items["mirror"]],
                          "pairs": [{"a": corpus.items["clean"], "b": corpus.items["mirror"], "kind": "near",
                                     "jaccard": 0.95, "cosine": None}]})
    store.save_links(
        linker="test", done=[(i, None) for i in corpus.items.values()], groups=[group],
        assignments=[*((i, corpus.story_id, 0.9) for i in big), (corpus.items["small"], corpus.small_story_id, None)],
        stories=[StoryRow(corpus.story_id, record["title"], "2025-04-28", corpus.items["clean"], "2025-04-28",
                          "2025-04-28", 4, 4, record),
                 StoryRow(corpus.small_story_id, small["title"], "2024-01-02", corpus.items["small"], None, None, 1,
                          1, small)],
    )
    store.finish_run(run, {})
    store.close()
    return corpus
