"""Hand-made bundles for the comparison tests (the pipeline test builds its own through `analyze`).

Hand-made bundles split sentences at ". " and take annotations built by the small helpers here,
each located by a needle in the text, so offsets are always true.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from counterpoint.link.bundle import ItemBundle
from counterpoint.model import (
    Attribution,
    AuxMode,
    Event,
    Field,
    Item,
    Mention,
    Naming,
    PartialDate,
    Participant,
    Place,
    Sentence,
    Span,
    Stance,
    TimeExpr,
    TimeKind,
    Tone,
)

# -- hand-made bundles -------------------------------------------------------------------------

KURSK = Place("Kursk Oblast", 538555, 51.5, 36.0, "RUS", "RU.41", "admin1")
KHARKIV = Place("Kharkiv", 706483, 49.98, 36.25, "UKR", "UA.07", "city")
DONETSK = Place("Donetsk", 709717, 48.0, 37.8, "UKR", "UA.05", "city")


#: Countries of the actor ids the tests use.
COUNTRIES = {"kpa": "PRK", "PRK": "PRK", "prk-government": "PRK", "kpa-general-staff": "PRK", "kim-jong-un": "PRK",
             "RUS": "RUS", "rus-government": "RUS", "rus-armed-forces": "RUS", "vladimir-putin": "RUS",
             "UKR": "UKR", "ukr-government": "UKR", "ukr-armed-forces": "UKR", "usa-armed-forces": "USA"}


def make_bundle(item_id: str, source: str | None, body: str, *, headline: str = "",
                published: PartialDate | None = None, first_seen: str = "2025-01-01T00:00:00") -> ItemBundle:
    """A bundle whose sentences are split at ``. `` (enough for texts written for tests)."""
    text = f"{headline}\n\n{body}" if headline else body
    head = Span(0, len(headline), headline) if headline else None
    body_start = len(headline) + 2 if headline else 0
    item = Item(id=item_id, document_id="d_" + item_id, position=1, start=0, end=len(text), caption=None,
                headline=head, photo_captions=(), paragraphs=(Span(body_start, len(text), body),),
                published=published or PartialDate(), dropped=())
    sentences: list[Sentence] = []
    if headline:
        sentences.append(Sentence(item_id, "headline", 0, 0, len(headline)))
    start = 0
    for index, piece in enumerate(_split(body)):
        begin = body.index(piece, start)
        sentences.append(Sentence(item_id, "body", index, begin, begin + len(piece)))
        start = begin + len(piece)
    return ItemBundle(item=item, source=source, url=None, first_seen=first_seen, sentences=tuple(sentences))


def _split(body: str) -> list[str]:
    parts: list[str] = []
    for chunk in body.replace("\n\n", ". ").split(". "):
        chunk = chunk.strip()
        if chunk:
            parts.append(chunk if chunk.endswith((".", "!", "?")) else chunk + ".")
    # keep the pieces as they stand in the body: drop an added final period when the body lacks it
    return [p if p in body else p[:-1] for p in parts]


def sentence_of(bundle: ItemBundle, needle: str) -> Sentence:
    for s in bundle.sentences:
        if needle in bundle.field_text(s.field)[s.start:s.end]:
            return s
    raise AssertionError(f"no sentence with {needle!r}")


def event(bundle: ItemBundle, needle: str, trigger: str, event_type: str, *,
          actor: tuple[str, str | None] | None = None, recipient: tuple[str, str | None] | None = None,
          place: Place | None = None, date: PartialDate | None = None, date_text: str | None = None,
          stance: Stance = "asserted", speaker: tuple[str, str | None] | None = None, cue: str | None = None,
          aux_modes: tuple[AuxMode, ...] = (), confidence: float = 0.9) -> Event:
    """An event in the sentence of ``bundle`` holding ``needle``; participants are ``(text, actor_id)``."""
    s = sentence_of(bundle, needle)
    text = bundle.field_text(s.field)
    sentence_text = text[s.start:s.end]
    t0 = s.start + sentence_text.index(trigger)

    def participant(spec: tuple[str, str | None] | None) -> Participant | None:
        if spec is None:
            return None
        at = text.find(spec[0], s.start, s.end)
        at = at if at >= 0 else s.start
        return Participant(spec[0], at, at + len(spec[0]), spec[1], COUNTRIES.get(spec[1] or ""))

    attribution = Attribution(
        speaker_actor_id=speaker[1] if speaker else None, speaker_text=speaker[0] if speaker else None,
        cue=cue, quote="indirect" if speaker else "none", stance=stance,
    )
    field: Field = s.field
    return Event(
        id=Event.make_id(bundle.id, field, t0, event_type), item_id=bundle.id, field=field, sentence=s.index,
        start=s.start, end=s.end, text=sentence_text, trigger=trigger, trigger_start=t0,
        trigger_end=t0 + len(trigger), event_type=event_type, mode=None, contexts=(),
        actor=participant(actor), recipient=participant(recipient), place=place,
        place_text=place.name if place else None, date=date or PartialDate(), date_text=date_text,
        aux_modes=aux_modes, attribution=attribution, confidence=confidence,
    )


def time_expr(bundle: ItemBundle, needle: str, value: PartialDate, kind: TimeKind = "event") -> TimeExpr:
    s = sentence_of(bundle, needle)
    text = bundle.field_text(s.field)
    at = text.index(needle, s.start)
    return TimeExpr(bundle.id, s.field, at, at + len(needle), needle, value, kind, s.index)


def place_mention(bundle: ItemBundle, needle: str, place: Place) -> Mention:
    s = sentence_of(bundle, needle)
    text = bundle.field_text(s.field)
    at = text.index(needle, s.start)
    return Mention(bundle.id, s.field, at, at + len(needle), needle, "place", place=place, sentence=s.index,
                   method="alias", confidence=0.9)


def actor_mention(bundle: ItemBundle, needle: str, actor_id: str) -> Mention:
    s = sentence_of(bundle, needle)
    text = bundle.field_text(s.field)
    at = text.index(needle, s.start)
    return Mention(bundle.id, s.field, at, at + len(needle), needle, "actor", actor_id=actor_id,
                   country=COUNTRIES.get(actor_id), sentence=s.index, method="alias", confidence=0.9)


def naming(bundle: ItemBundle, needle: str, actor_id: str, tone: Tone) -> Naming:
    s = sentence_of(bundle, needle)
    text = bundle.field_text(s.field)
    at = text.index(needle, s.start)
    return Naming(bundle.id, s.field, at, at + len(needle), needle, actor_id, tone)


def annotate(bundle: ItemBundle, *, mentions: Iterable[Mention] = (), times: Iterable[TimeExpr] = (),
             events: Iterable[Event] = (), namings: Iterable[Naming] = ()) -> ItemBundle:
    """``bundle`` with these annotations added."""
    return replace(bundle, mentions=bundle.mentions + tuple(mentions), times=bundle.times + tuple(times),
                   events=bundle.events + tuple(events), namings=bundle.namings + tuple(namings))
