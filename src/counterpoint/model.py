"""Typed records with provenance.

Guarantees shared by every record here:

* records are frozen; ``to_dict`` gives plain JSON-ready data and
  ``from_dict`` reads it back;
* every character offset is into the stored text of the record it names
  (``Document.text`` for items and dropped boilerplate), ``start`` inclusive,
  ``end`` exclusive;
* ids are content hashes, so the same input always gives the same ids;
* an unknown date stays unknown: ``PartialDate`` carries its granularity and
  is never completed with invented parts.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

Granularity = Literal["day", "month", "year", "unknown"]
GRANULARITIES: tuple[Granularity, ...] = ("day", "month", "year", "unknown")

#: How a document's source (outlet or site) was learnt: the --source flag, a sidecar, a crawler
#: header, the page's site name (HTML metadata), a feed's title, a copyright line or a credit
#: (wire credit, byline, "Source:" line) in the text, the URL's host name, or nowhere.
SourceOrigin = Literal["flag", "sidecar", "header", "site", "feed", "copyright", "credit", "url", "none"]

#: Where a date came from. ``date-line``: a date line or stamp printed at the top of the text
#: (``Published: ...``, ``2023-05-31 04:20``); ``dateline``: the dateline that opens the lead
#: (``SEOUL, May 31 (Yonhap) --``; a yearless one takes its year from a date the page has).
DateOrigin = Literal[
    "headline", "header", "html-meta", "feed", "warc", "sidecar", "document", "flag",
    "date-line", "dateline", "none",
]

#: Kinds of input a reader turns into documents.
InputKind = Literal["text", "html", "feed", "warc"]


def content_id(*parts: str | None, prefix: str = "") -> str:
    """A stable id: the first 16 hex digits of SHA-256 over the parts.

    Parts are joined with a separator that cannot appear in text (U+001F), and
    ``None`` is distinct from the empty string.
    """
    h = hashlib.sha256()
    for part in parts:
        h.update(b"\x00" if part is None else b"\x01" + part.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return prefix + h.hexdigest()[:16]


#: Publication dates before this year are taken for errors (kept as text, not as a date).
EARLIEST_YEAR = 1900


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A calendar date known to day, month or year precision, or not at all."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    origin: DateOrigin = "none"

    def __post_init__(self) -> None:
        if self.year is None and (self.month is not None or self.day is not None):
            raise ValueError("a date without a year cannot have a month or day")
        if self.month is None and self.day is not None:
            raise ValueError("a date without a month cannot have a day")
        if self.year is not None:
            # validates ranges, raises ValueError on 31 February and the like
            date(self.year, self.month or 1, self.day or 1)

    @classmethod
    def unknown(cls) -> PartialDate:
        return cls()

    @classmethod
    def from_date(cls, value: date, origin: DateOrigin) -> PartialDate:
        return cls(value.year, value.month, value.day, origin)

    @classmethod
    def parse_iso(cls, text: str | None, origin: DateOrigin = "none") -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; ``None``/"" is unknown."""
        if not text:
            return cls()
        parts = [int(p) for p in text.split("-")]
        if not 1 <= len(parts) <= 3:
            raise ValueError(f"not an ISO date: {text!r}")
        padded = parts + [None] * (3 - len(parts))
        return cls(padded[0], padded[1], padded[2], origin)

    @property
    def granularity(self) -> Granularity:
        if self.year is None:
            return "unknown"
        if self.month is None:
            return "year"
        if self.day is None:
            return "month"
        return "day"

    @property
    def known(self) -> bool:
        return self.year is not None

    def iso(self) -> str | None:
        """``2024-06-19``, ``2024-06``, ``2024``, or ``None`` when unknown."""
        if self.year is None:
            return None
        out = f"{self.year:04d}"
        if self.month is not None:
            out += f"-{self.month:02d}"
            if self.day is not None:
                out += f"-{self.day:02d}"
        return out

    def plausible(self, today: date) -> bool:
        """True unless the date cannot be a publication date seen on ``today``: a known date
        before :data:`EARLIEST_YEAR` or starting after the day after ``today`` (a month or a
        year counts from its first day; the day's slack covers time zones ahead of ours).
        An unknown date is plausible."""
        if self.year is None:
            return True
        if self.year < EARLIEST_YEAR:
            return False
        latest = today + timedelta(days=1) if today < date.max else today
        return date(self.year, self.month or 1, self.day or 1) <= latest

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.iso(), "granularity": self.granularity, "origin": self.origin}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PartialDate:
        return cls.parse_iso(data.get("value"), data.get("origin", "none"))


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of a stored text: ``text == stored[start:end]``."""

    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span offsets {self.start}..{self.end}")
        if len(self.text) != self.end - self.start:
            raise ValueError("span text does not match its offsets")

    @classmethod
    def of(cls, stored: str, start: int, end: int) -> Span:
        return cls(start, end, stored[start:end])

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        return cls(int(data["start"]), int(data["end"]), str(data["text"]))


@dataclass(frozen=True, slots=True)
class Document:
    """One document read from an input: a file, a feed entry or a WARC record.

    ``text`` is the stored text (decoded, BOM and NUL bytes removed, line ends
    normalised to ``\\n``). Every offset of every derived record is into it.
    ``locator`` says where it came from: a path, ``path#entry=N`` for a feed
    entry, ``path#record=N`` for a WARC record, ``-`` for standard input.
    """

    id: str
    locator: str
    kind: InputKind
    text: str
    source: str | None
    source_origin: SourceOrigin
    url: str | None
    title: str | None
    author: str | None
    published: PartialDate
    language: str
    language_score: float
    analysed: bool
    encoding: str | None
    raw_sha256: str
    raw_size: int
    extras: dict[str, str] = field(default_factory=dict)

    @staticmethod
    def make_id(source: str | None, locator: str, url: str | None, text: str) -> str:
        """Content-hash id: source + URL (or locator when there is no URL) + text."""
        return content_id(source, url or locator, text, prefix="d_")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "locator": self.locator,
            "kind": self.kind,
            "text": self.text,
            "source": self.source,
            "source_origin": self.source_origin,
            "url": self.url,
            "title": self.title,
            "author": self.author,
            "published": self.published.to_dict(),
            "language": self.language,
            "language_score": self.language_score,
            "analysed": self.analysed,
            "encoding": self.encoding,
            "raw_sha256": self.raw_sha256,
            "raw_size": self.raw_size,
            "extras": dict(self.extras),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        return cls(
            id=data["id"],
            locator=data["locator"],
            kind=data["kind"],
            text=data["text"],
            source=data.get("source"),
            source_origin=data.get("source_origin", "none"),
            url=data.get("url"),
            title=data.get("title"),
            author=data.get("author"),
            published=PartialDate.from_dict(data.get("published") or {}),
            language=data.get("language", "und"),
            language_score=float(data.get("language_score", 0.0)),
            analysed=bool(data.get("analysed", False)),
            encoding=data.get("encoding"),
            raw_sha256=data.get("raw_sha256", ""),
            raw_size=int(data.get("raw_size", 0)),
            extras=dict(data.get("extras") or {}),
        )


@dataclass(frozen=True, slots=True)
class Dropped:
    """Boilerplate removed from an item, kept with its reason and offsets."""

    start: int
    end: int
    text: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "reason": self.reason}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Dropped:
        return cls(int(data["start"]), int(data["end"]), str(data["text"]), str(data["reason"]))


@dataclass(frozen=True, slots=True)
class Item:
    """One item of a document: a blog-roll entry, a digest entry, an article.

    ``start``/``end`` bound the item in ``Document.text``. ``paragraphs`` are
    the spans of the body in ``Document.text``; ``body`` is those paragraphs
    joined with a blank line, so ``body`` maps back to the document exactly.
    ``published`` is the item's own publication date: read from its headline,
    or (for a single-item document only) the document's date; otherwise
    unknown.
    """

    id: str
    document_id: str
    position: int
    start: int
    end: int
    caption: Span | None
    headline: Span | None
    photo_captions: tuple[Span, ...]
    paragraphs: tuple[Span, ...]
    published: PartialDate
    dropped: tuple[Dropped, ...]

    @property
    def body(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)

    @staticmethod
    def make_id(document_id: str, start: int, end: int) -> str:
        return content_id(document_id, str(start), str(end), prefix="i_")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "document_id": self.document_id,
            "position": self.position,
            "start": self.start,
            "end": self.end,
            "caption": self.caption.to_dict() if self.caption else None,
            "headline": self.headline.to_dict() if self.headline else None,
            "photo_captions": [s.to_dict() for s in self.photo_captions],
            "paragraphs": [s.to_dict() for s in self.paragraphs],
            "published": self.published.to_dict(),
            "dropped": [d.to_dict() for d in self.dropped],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Item:
        return cls(
            id=data["id"],
            document_id=data["document_id"],
            position=int(data["position"]),
            start=int(data["start"]),
            end=int(data["end"]),
            caption=Span.from_dict(data["caption"]) if data.get("caption") else None,
            headline=Span.from_dict(data["headline"]) if data.get("headline") else None,
            photo_captions=tuple(Span.from_dict(s) for s in data.get("photo_captions") or ()),
            paragraphs=tuple(Span.from_dict(s) for s in data.get("paragraphs") or ()),
            published=PartialDate.from_dict(data.get("published") or {}),
            dropped=tuple(Dropped.from_dict(d) for d in data.get("dropped") or ()),
        )


Severity = Literal["error", "warning"]
Stage = Literal["input", "read", "segment", "store", "engine"]


@dataclass(frozen=True, slots=True)
class Failure:
    """What could not be done for one input, why, and how to fix it.

    Errors make the command exit 1; warnings (the same file given twice, a
    language that is stored but not analysed) are listed but do not.
    """

    locator: str
    stage: Stage
    code: str
    reason: str
    fix: str
    severity: Severity = "error"

    @property
    def id(self) -> str:
        return content_id(self.locator, self.stage, self.code, self.reason, prefix="f_")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "locator": self.locator,
            "stage": self.stage,
            "code": self.code,
            "reason": self.reason,
            "fix": self.fix,
            "severity": self.severity,
        }


# -- annotation ------------------------------------------------------------------
#: Which text of an item an annotation's offsets point into.
Field = Literal["headline", "body"]
AliasKind = Literal["neutral", "pejorative", "honorific"]
MentionKind = Literal["actor", "place"]
#: How a mention was linked to its actor.
LinkMethod = Literal[
    "alias", "demonym", "metonym", "short-form", "apposition", "first-person", "role", "generic", "unlinked"
]
TimeKind = Literal["event", "reference"]


@dataclass(frozen=True, slots=True)
class Alias:
    """A name of an actor; ``kind`` says whether the name itself takes a side."""

    text: str
    kind: AliasKind = "neutral"

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "kind": self.kind}


@dataclass(frozen=True, slots=True)
class Role:
    """A role an actor holds between two dates (ISO, ``None`` = open)."""

    title: str
    country: str | None
    sector: str
    start: str | None = None
    end: str | None = None

    def valid_on(self, day: str | None) -> bool:
        """True when the role holds on ``day`` (ISO); an unknown day matches any role."""
        if day is None:
            return True
        return (self.start is None or self.start[: len(day)] <= day) and (self.end is None or day <= self.end)

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "country": self.country, "sector": self.sector, "start": self.start,
                "end": self.end}


@dataclass(frozen=True, slots=True)
class Actor:
    """A registry entry: a state, an institution, a person, an armed group, an outlet.

    ``country`` is ISO 3166 alpha-3 (or ``IGO``-style codes for international
    bodies, ``None`` when none applies); ``sector`` is a code such as GOV,
    MIL, LEADER, PARTY, MEDIA, REB, IGO, or ``STATE`` for a country as a whole.
    ``affiliation`` is for outlets: state-owned, state-affiliated, independent.
    ``origin`` says where the entry comes from (``phoenix``, ``curated``, or
    the user file's path).
    """

    id: str
    name: str
    country: str | None
    sector: str
    aliases: tuple[Alias, ...] = ()
    roles: tuple[Role, ...] = ()
    qid: str | None = None
    parent: str | None = None
    affiliation: str | None = None
    domains: tuple[str, ...] = ()
    origin: str = "curated"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "country": self.country, "sector": self.sector,
            "aliases": [a.to_dict() for a in self.aliases], "roles": [r.to_dict() for r in self.roles],
            "qid": self.qid, "parent": self.parent, "affiliation": self.affiliation,
            "domains": list(self.domains), "origin": self.origin,
        }


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an item's headline or body (offsets into that field)."""

    item_id: str
    field: Field
    index: int
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"item_id": self.item_id, "field": self.field, "index": self.index, "start": self.start,
                "end": self.end}


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place: GeoNames id and coordinates, with its country (alpha-3)."""

    name: str
    geonameid: int | None
    lat: float
    lon: float
    country: str | None
    admin1: str | None
    feature: str  # country, admin1, admin2, city, region, water, other
    population: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "geonameid": self.geonameid, "lat": self.lat, "lon": self.lon,
                "country": self.country, "admin1": self.admin1, "feature": self.feature,
                "population": self.population}


@dataclass(frozen=True, slots=True)
class Mention:
    """A name in an item's headline or body, linked to an actor or a place, or unlinked.

    Offsets are into ``Item.headline.text`` or ``Item.body`` as ``field`` says.
    """

    item_id: str
    field: Field
    start: int
    end: int
    text: str
    kind: MentionKind
    actor_id: str | None = None
    country: str | None = None
    sector: str | None = None
    alias_kind: AliasKind = "neutral"
    method: LinkMethod = "unlinked"
    confidence: float = 0.0
    place: Place | None = None
    sentence: int = 0

    def to_dict(self) -> dict[str, Any]:
        place = self.place
        return {
            "item_id": self.item_id, "field": self.field, "start": self.start, "end": self.end,
            "text": self.text, "kind": self.kind, "actor_id": self.actor_id, "country": self.country,
            "sector": self.sector, "alias_kind": self.alias_kind, "method": self.method,
            "confidence": round(self.confidence, 3), "sentence": self.sentence,
            "place_name": place.name if place else None, "geonameid": place.geonameid if place else None,
            "lat": place.lat if place else None, "lon": place.lon if place else None,
            "admin1": place.admin1 if place else None,
        }


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A time expression normalised against the item's publication date.

    ``value`` is unknown when the expression cannot be placed (e.g. "on the
    9th" in an undated item): never invented. ``kind`` is "event" for a date
    an event happened or will happen, "reference" for anything else (a date
    named as a reference point, a historical period).
    """

    item_id: str
    field: Field
    start: int
    end: int
    text: str
    value: PartialDate
    kind: TimeKind = "event"
    sentence: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"item_id": self.item_id, "field": self.field, "start": self.start, "end": self.end,
                "text": self.text, "value": self.value.iso(), "granularity": self.value.granularity,
                "kind": self.kind, "sentence": self.sentence}


# -- events ----------------------------------------------------------------------
#: PLOVER v2 event types, in quad-class order.
PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
    "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
QuoteKind = Literal["direct", "indirect", "unmarked", "none"]
Stance = Literal["asserted", "reported", "distanced"]
AuxMode = Literal["future", "hypothetical", "negated", "historical"]


@dataclass(frozen=True, slots=True)
class Participant:
    """An event's actor or recipient: the mention's text and span, and the registry actor if linked."""

    text: str
    start: int
    end: int
    actor_id: str | None = None
    country: str | None = None
    sector: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "actor_id": self.actor_id,
                "country": self.country, "sector": self.sector}


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who says an event happened, and how.

    ``speaker_actor_id`` is ``None`` with ``speaker_text`` ``None`` when the
    outlet speaks in its own voice; an impersonal cue ("it is noted") keeps
    ``speaker_text`` ``None`` and the cue. Offsets are into the same field as
    the event's.
    """

    speaker_actor_id: str | None = None
    speaker_text: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    quote: QuoteKind = "none"
    stance: Stance = "asserted"

    def to_dict(self) -> dict[str, Any]:
        return {"speaker_actor_id": self.speaker_actor_id, "speaker_text": self.speaker_text,
                "speaker_start": self.speaker_start, "speaker_end": self.speaker_end, "cue": self.cue,
                "quote": self.quote, "stance": self.stance}


@dataclass(frozen=True, slots=True)
class Event:
    """One event found in one sentence of an item, with its evidence.

    ``start``/``end`` are the sentence's offsets in the item's ``field``;
    ``trigger_start``/``trigger_end`` those of the word that signals the event.
    ``date`` is the event date (not the publication date), unknown when the
    text gives none. ``confidence`` is the type classifier's probability
    combined with the role rules' certainty.
    """

    id: str
    item_id: str
    field: Field
    sentence: int
    start: int
    end: int
    text: str
    trigger: str
    trigger_start: int
    trigger_end: int
    event_type: str
    mode: str | None
    contexts: tuple[str, ...]
    actor: Participant | None
    recipient: Participant | None
    place: Place | None
    place_text: str | None
    date: PartialDate
    date_text: str | None
    aux_modes: tuple[AuxMode, ...]
    attribution: Attribution
    confidence: float
    fatalities: int | None = None

    @staticmethod
    def make_id(item_id: str, field: str, trigger_start: int, event_type: str) -> str:
        return content_id(item_id, field, str(trigger_start), event_type, prefix="e_")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "item_id": self.item_id, "field": self.field, "sentence": self.sentence,
            "start": self.start, "end": self.end, "text": self.text, "trigger": self.trigger,
            "trigger_start": self.trigger_start, "trigger_end": self.trigger_end, "event_type": self.event_type,
            "mode": self.mode, "contexts": list(self.contexts),
            "actor": self.actor.to_dict() if self.actor else None,
            "recipient": self.recipient.to_dict() if self.recipient else None,
            "place": self.place.to_dict() if self.place else None, "place_text": self.place_text,
            "date": self.date.to_dict(), "date_text": self.date_text, "aux_modes": list(self.aux_modes),
            "attribution": self.attribution.to_dict(), "confidence": round(self.confidence, 3),
            "fatalities": self.fatalities,
        }


# -- framing ----------------------------------------------------------------------------------

#: The 14 persuasion techniques of the Propaganda Techniques Corpus (SemEval-2020 Task 11).
TECHNIQUES: tuple[str, ...] = (
    "Loaded_Language", "Name_Calling,Labeling", "Repetition", "Exaggeration,Minimisation", "Doubt",
    "Appeal_to_fear-prejudice", "Flag-Waving", "Causal_Oversimplification", "Slogans", "Appeal_to_Authority",
    "Black-and-White_Fallacy", "Thought-terminating_Cliches", "Whataboutism,Straw_Men,Red_Herring",
    "Bandwagon,Reductio_ad_hitlerum",
)
FramingKind = Literal["technique", "scare_quote", "hedge"]
Tone = Literal["pejorative", "honorific", "neutral"]


@dataclass(frozen=True, slots=True)
class FramingSpan:
    """A stretch of wording labelled with a technique, as a scare quote or as a hedge.

    ``label`` is a name of ``TECHNIQUES``, ``Scare_Quotes`` or ``Hedge``; offsets are into
    the item's ``field``. ``method`` says what found it (``model``, ``lexicon``, ``rule``)
    and ``evidence`` why (the cue, the class probabilities). A claim about wording, never
    a verdict on whether an event happened.
    """

    item_id: str
    field: Field
    start: int
    end: int
    text: str
    label: str
    kind: FramingKind
    confidence: float
    method: str
    sentence: int = 0
    evidence: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"item_id": self.item_id, "field": self.field, "start": self.start, "end": self.end,
                "text": self.text, "label": self.label, "kind": self.kind, "confidence": round(self.confidence, 3),
                "method": self.method, "sentence": self.sentence, "evidence": self.evidence}


@dataclass(frozen=True, slots=True)
class Naming:
    """The phrase an item uses to name an actor, with its tone and the words that decided it."""

    item_id: str
    field: Field
    start: int
    end: int
    text: str
    actor_id: str
    tone: Tone
    cues: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"item_id": self.item_id, "field": self.field, "start": self.start, "end": self.end,
                "text": self.text, "actor_id": self.actor_id, "tone": self.tone, "cues": list(self.cues)}
