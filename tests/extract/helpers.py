"""Build extraction inputs by hand: an item, its sentences, and mentions found from small name tables.

The tables are written for these tests (no registry, no gazetteer): a name maps to
``(actor_id, country, sector)`` or to a place. Sentences come from the same spaCy
pipeline the annotate stage uses, so offsets and sentence splits are real.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from counterpoint.annotate.nlp import bare_nlp, sentence_char_bounds
from counterpoint.extract.extractor import Extractor, ItemEvents
from counterpoint.model import (
    Document,
    Event,
    Field,
    Item,
    LinkMethod,
    Mention,
    PartialDate,
    Place,
    Sentence,
    Span,
    TimeExpr,
)
from counterpoint.store.events import PendingExtraction

ACTORS: dict[str, tuple[str, str | None, str]] = {
    "Russia": ("RUS", "RUS", "STATE"),
    "Russian": ("RUS", "RUS", "STATE"),
    "Moscow": ("rus-government", "RUS", "GOV"),
    "the Kremlin": ("rus-government", "RUS", "GOV"),
    "Russian troops": ("rus-armed-forces", "RUS", "MIL"),
    "Russian forces": ("rus-armed-forces", "RUS", "MIL"),
    "Ukraine": ("UKR", "UKR", "STATE"),
    "Ukrainian forces": ("ukr-armed-forces", "UKR", "MIL"),
    "Ukrainian troops": ("ukr-armed-forces", "UKR", "MIL"),
    "Kyiv": ("ukr-government", "UKR", "GOV"),
    "North Korea": ("PRK", "PRK", "STATE"),
    "North Korean troops": ("kpa", "PRK", "MIL"),
    "Pyongyang": ("prk-government", "PRK", "GOV"),
    "the Korean People's Army": ("kpa", "PRK", "MIL"),
    "the KPA": ("kpa", "PRK", "MIL"),
    "Kim Jong Un": ("kim-jong-un", "PRK", "LEADER"),
    "South Korea": ("KOR", "KOR", "STATE"),
    "Seoul": ("kor-government", "KOR", "GOV"),
    "the ROK": ("KOR", "KOR", "STATE"),
    "the United States": ("USA", "USA", "STATE"),
    "Washington": ("usa-government", "USA", "GOV"),
    "US forces": ("usa-armed-forces", "USA", "MIL"),
    "China": ("CHN", "CHN", "STATE"),
    "Beijing": ("chn-government", "CHN", "GOV"),
    "the defence ministry": ("rus-defence-ministry", "RUS", "GOV"),
    "Vladimir Putin": ("vladimir-putin", "RUS", "LEADER"),
    "Putin": ("vladimir-putin", "RUS", "LEADER"),
    "the General Staff": ("kpa-general-staff", "PRK", "MIL"),
    "the Foreign Ministry": ("prk-foreign-ministry", "PRK", "GOV"),
    "Tass": ("tass", "RUS", "MEDIA"),
    "protesters": ("", None, "CVL"),
    "civilians": ("", None, "CVL"),
    "Maria Petrova": ("", None, "CVL"),
    "Ivan Sokolov": ("", None, "CVL"),
    "Olga Ivanova": ("", None, "CVL"),
    "Anna Lee": ("", None, "CVL"),
}
FIRST_PERSON: dict[str, tuple[str, str | None, str]] = {"our army": ("kpa", "PRK", "MIL")}
PLACES: dict[str, Place] = {
    "Kursk": Place("Kursk Oblast", 538555, 51.5, 36.0, "RUS", "RU.41", "admin1"),
    "the Kursk region": Place("Kursk Oblast", 538555, 51.5, 36.0, "RUS", "RU.41", "admin1"),
    "Kharkiv": Place("Kharkiv", 706483, 49.98, 36.25, "UKR", "UA.07", "city"),
    "Donetsk": Place("Donetsk", 709717, 48.0, 37.8, "UKR", "UA.05", "city"),
    "Pyongyang": Place("Pyongyang", 1871859, 39.03, 125.75, "PRK", "KP.12", "city"),
    "Seoul": Place("Seoul", 1835848, 37.57, 126.98, "KOR", "KR.11", "city"),
    "Russia": Place("Russia", 2017370, 60.0, 100.0, "RUS", None, "country"),
    "Ukraine": Place("Ukraine", 690791, 49.0, 32.0, "UKR", None, "country"),
    "Geneva": Place("Geneva", 2660646, 46.2, 6.14, "CHE", "CH.GE", "city"),
}


@lru_cache(maxsize=1)
def nlp() -> Any:
    return bare_nlp()


@lru_cache(maxsize=1)
def extractor() -> Extractor:
    return Extractor(nlp(), typer=None, extra_lexicon={})


def _find(text: str, name: str) -> list[tuple[int, int]]:
    flags = re.IGNORECASE if name.startswith("the ") or name.islower() else 0
    return [(m.start(), m.end()) for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text, flags)]


def mentions_of(item_id: str, fld: Field, text: str) -> list[Mention]:
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    tables: tuple[tuple[dict[str, tuple[str, str | None, str]], LinkMethod], ...] = (
        (FIRST_PERSON, "first-person"), (ACTORS, "alias"))
    for table, method in tables:
        for name in sorted(table, key=len, reverse=True):
            actor_id, country, sector = table[name]
            for s, e in _find(text, name):
                if any(a < e and s < b for a, b in taken):
                    continue
                taken.append((s, e))
                out.append(Mention(item_id, fld, s, e, text[s:e], "actor", actor_id or None, country,
                                   sector, method=method if actor_id else "unlinked",
                                   confidence=0.9 if actor_id else 0.0))
    for name, place in PLACES.items():
        for s, e in _find(text, name):
            out.append(Mention(item_id, fld, s, e, text[s:e], "place", place=place, method="alias", confidence=0.9))
    return out


def pending(body: str, *, headline: str | None = None, times: Sequence[tuple[str, str | None, str]] = (),
            published: str | None = "2024-10-15", item_id: str = "i_test") -> PendingExtraction:
    """An item with ``body`` (and ``headline``) and hand-made annotations.

    ``times``: ``(text as written, ISO value or None, kind)``; each is found in the headline or body."""
    doc_text = (headline + "\n\n" if headline else "") + body
    head_span = Span.of(doc_text, 0, len(headline)) if headline else None
    body_start = len(headline) + 2 if headline else 0
    item = Item(id=item_id, document_id="d_test", position=1, start=0, end=len(doc_text), caption=None,
                headline=head_span, photo_captions=(), paragraphs=(Span.of(doc_text, body_start, len(doc_text)),),
                published=PartialDate.parse_iso(published, "headline"), dropped=())
    sentences: list[Sentence] = []
    mentions: list[Mention] = []
    exprs: list[TimeExpr] = []
    fields: list[tuple[Field, str]] = [("body", body)]
    if headline:
        fields.append(("headline", headline))
    for fld, text in fields:
        doc = nlp()(text)
        bounds = sentence_char_bounds(doc)
        for k, (s, e) in enumerate(bounds):
            sentences.append(Sentence(item_id, fld, k, s, e))
        mentions.extend(mentions_of(item_id, fld, text))
        for written, value, kind in times:
            for s, e in _find(text, written):
                k = next((n for n, (a, b) in enumerate(bounds) if a <= s < b), 0)
                exprs.append(TimeExpr(item_id, fld, s, e, written, PartialDate.parse_iso(value, "document"),
                                      "event" if kind == "event" else "reference", k))
    return PendingExtraction(item, tuple(sentences), tuple(mentions), tuple(exprs))


def extract(body: str, **kwargs: Any) -> list[Event]:
    return run(pending(body, **kwargs)).events


def run(p: PendingExtraction) -> ItemEvents:
    return extractor().extract([p])[0]


def only(events: list[Event], type_: str) -> Event:
    found = [e for e in events if e.event_type == type_]
    assert found, f"no {type_} event among {[(e.event_type, e.trigger) for e in events]}"
    return found[0]


def make_document(text: str, *, locator: str = "doc.txt") -> Document:
    """A stored document for store tests (source example.org, English, analysed)."""
    return Document(
        id=Document.make_id("example.org", locator, None, text), locator=locator, kind="text", text=text,
        source="example.org", source_origin="flag", url=None, title=None, author=None, published=PartialDate(),
        language="en", language_score=0.99, analysed=True, encoding="utf-8", raw_sha256="0" * 64,
        raw_size=len(text.encode()),
    )


def make_item(doc: Document, *, headline_end: int | None = None, published: PartialDate | None = None) -> Item:
    """One item spanning the whole document, with a headline of ``doc.text[:headline_end]``."""
    headline = Span.of(doc.text, 0, headline_end) if headline_end else None
    body_start = headline_end + 1 if headline_end else 0
    return Item(
        id=Item.make_id(doc.id, 0, len(doc.text)), document_id=doc.id, position=1, start=0, end=len(doc.text),
        caption=None, headline=headline, photo_captions=(), paragraphs=(Span.of(doc.text, body_start, len(doc.text)),),
        published=published or PartialDate(), dropped=(),
    )
