"""Event records for export: PLOVER v2 JSONL records and ACLED-shaped CSV rows.

``plover_record(event, meta)`` gives one PLOVER v2 record (``id, date, actor,
recipient, event, mode, context, event_loc, event_text, text_info, cite_info``)
with counterpoint's additions: ``published`` (the item's date; ``date`` is the
*event* date, ``null`` when the text gives none), ``attribution``, ``aux_mode``,
``confidence`` and ``typing`` (why the type was chosen). ``meta`` is the dict
``iter_events`` yields beside each event.

``acled_row(event, meta)`` gives a row with ``ACLED_COLUMNS``, or ``None`` for
an event outside ACLED's scope (statements, consultations, aid, planned,
hypothetical, denied or historical events). ``fatalities`` is filled only when
the text states a number of dead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from counterpoint.model import Event, Participant

ACLED_COLUMNS: tuple[str, ...] = (
    "event_date", "event_type", "sub_event_type", "actor1", "actor2", "country", "admin1", "location", "latitude",
    "longitude", "source", "notes", "fatalities",
)
QUAD_CLASS: dict[str, str] = {
    "AGREE": "verbal cooperation", "CONSULT": "verbal cooperation", "SUPPORT": "verbal cooperation",
    "CONCEDE": "verbal cooperation", "COOPERATE": "material cooperation", "AID": "material cooperation",
    "RETREAT": "material cooperation", "REQUEST": "verbal conflict", "ACCUSE": "verbal conflict",
    "REJECT": "verbal conflict", "THREATEN": "verbal conflict", "PROTEST": "material conflict",
    "SANCTION": "material conflict", "MOBILIZE": "material conflict", "COERCE": "material conflict",
    "ASSAULT": "material conflict",
}
_TERRITORY_VERBS = frozenset({"liberate", "liberated", "liberating", "recapture", "recaptured", "retake", "retook",
                              "retaken", "capture", "captured", "seize", "seized", "occupy", "occupied"})
_STATE_SECTORS = frozenset({"GOV", "MIL", "STATE", "LEADER", "POL"})
_CIVILIAN_WORDS = ("civilian", "resident", "villager", "people", "children", "women", "protester", "journalist",
                   "worker", "farmer", "student", "refugee")
_PEACE_WORDS = ("ceasefire", "cease-fire", "truce", "armistice", "peace")


def entity(p: Participant | None) -> dict[str, Any] | None:
    """A PLOVER entity object."""
    if p is None:
        return None
    return {"code": p.country, "sector": p.sector, "entity_text": p.text, "identifier_id": p.actor_id,
            "start": p.start, "end": p.end}


def plover_record(event: Event, meta: Mapping[str, Any]) -> dict[str, Any]:
    """One PLOVER v2 record (a JSONL line) for ``event``."""
    place = event.place
    event_loc: dict[str, Any] | None = None
    if place is not None or event.place_text:
        event_loc = {
            "extracted_place": event.place_text,
            "resolved_place": place.name if place else None,
            "geonameid": place.geonameid if place else None,
            "lat": place.lat if place else None,
            "lon": place.lon if place else None,
            "country_code": place.country if place else None,
            "province": place.admin1 if place else None,
            "feature": place.feature if place else None,
        }
    att = event.attribution
    return {
        "id": event.id,
        "date": event.date.iso(),
        "date_granularity": event.date.granularity,
        "date_text": event.date_text,
        "published": meta.get("published"),
        "actor": entity(event.actor),
        "recipient": entity(event.recipient),
        "event": event.event_type,
        "quad_code": QUAD_CLASS.get(event.event_type),
        "mode": event.mode,
        "context": list(event.contexts),
        "event_loc": event_loc,
        "event_text": event.text,
        "text_info": {"item_id": event.item_id, "field": event.field, "start": event.start, "end": event.end,
                      "sentence": event.sentence, "trigger": event.trigger, "trigger_start": event.trigger_start,
                      "trigger_end": event.trigger_end},
        "cite_info": {"source": meta.get("source"), "url": meta.get("url"), "title": meta.get("title"),
                      "published": meta.get("published"), "headline": meta.get("headline"),
                      "document_id": meta.get("document_id")},
        "attribution": {"speaker_actor_id": att.speaker_actor_id, "speaker_text": att.speaker_text,
                        "speaker_start": att.speaker_start, "speaker_end": att.speaker_end, "cue": att.cue,
                        "quote": att.quote, "stance": att.stance},
        "aux_mode": list(event.aux_modes),
        "dead": event.fatalities,
        "confidence": event.confidence,
        "typing": meta.get("explanation"),
    }


def _civilian(p: Participant | None) -> bool:
    if p is None:
        return False
    return p.sector in ("CVL", "REF") or any(w in p.text.lower() for w in _CIVILIAN_WORDS)


def acled_category(event: Event) -> tuple[str, str] | None:
    """ACLED ``(event_type, sub_event_type)`` of an event, or ``None`` when it is out of ACLED's scope."""
    if set(event.aux_modes) & {"future", "hypothetical", "negated", "historical"}:
        return None
    t, mode, words = event.event_type, event.mode, (event.trigger + " " + event.text).lower()
    if t == "ASSAULT":
        if mode in ("aerial", "drone"):
            return "Explosions/Remote violence", "Air/drone strike"
        if mode == "heavy-weapons":
            return "Explosions/Remote violence", "Shelling/artillery/missile attack"
        if mode == "explosives":
            return "Explosions/Remote violence", "Remote explosive/landmine/IED"
        if mode == "suicide-attack":
            return "Explosions/Remote violence", "Suicide bomb"
        if mode == "unconventional" and "cbrn" in event.contexts:
            return "Explosions/Remote violence", "Chemical weapon"
        if mode == "sexual":
            return "Violence against civilians", "Sexual violence"
        if mode == "abduct":
            return "Violence against civilians", "Abduction/forced disappearance"
        if _civilian(event.recipient) or mode in ("beat", "torture"):
            return "Violence against civilians", "Attack"
        if event.trigger.lower() in _TERRITORY_VERBS:
            state = event.actor is not None and event.actor.sector in _STATE_SECTORS
            return "Battles", "Government regains territory" if state else "Non-state actor overtakes territory"
        if mode == "destroy" and event.recipient is None:
            return "Strategic developments", "Looting/property destruction"
        return "Battles", "Armed clash"
    if t == "PROTEST":
        return ("Riots", "Violent demonstration") if mode == "riot" else ("Protests", "Peaceful protest")
    if t == "MOBILIZE":
        return "Strategic developments", "Other"
    if t == "COERCE":
        if mode == "arrest":
            return "Strategic developments", "Arrests"
        if mode == "seize":
            return "Strategic developments", "Looting/property destruction"
        return "Strategic developments", "Other"
    if t == "SANCTION":
        if mode in ("restrict", "withdraw", "expel") or "territory" in event.contexts:
            return "Strategic developments", "Other"
        return None
    if t == "AGREE":
        if "peacekeeping" in event.contexts or any(w in words for w in _PEACE_WORDS):
            return "Strategic developments", "Agreement"
        return None
    if t == "RETREAT":
        if mode == "ceasefire":
            return "Strategic developments", "Agreement"
        if mode == "withdraw":
            if "territory" in event.contexts:
                return "Strategic developments", "Non-violent transfer of territory"
            return "Strategic developments", "Change to group/activity"
        return None
    return None


def _name(p: Participant | None, actor_name: Callable[[Participant], str | None] | None) -> str:
    if p is None:
        return ""
    named = actor_name(p) if actor_name is not None else None
    return named or p.text


def acled_row(
    event: Event,
    meta: Mapping[str, Any],
    *,
    country_name: Callable[[str], str | None] | None = None,
    actor_name: Callable[[Participant], str | None] | None = None,
) -> dict[str, Any] | None:
    """An ACLED-shaped row for ``event``, or ``None`` when ACLED would not code it.

    ``country_name`` turns an ISO alpha-3 code into a name (ACLED's ``country``
    column holds names; without it the code is written); ``actor_name`` gives an
    actor's canonical name (without it, the name the text uses).
    """
    category = acled_category(event)
    if category is None:
        return None
    place = event.place
    country = ""
    if place is not None:
        if place.feature == "country":
            country = place.name
        elif place.country:
            country = (country_name(place.country) if country_name else None) or place.country
    att = event.attribution
    notes = event.text.strip()
    if att.speaker_text or att.cue:
        said = f"{att.speaker_text} ({att.cue})" if att.speaker_text else f"{att.cue}"
        notes += f" [attributed: {said}; {att.quote} quotation; {att.stance}]"
    return {
        "event_date": event.date.iso() or "",
        "event_type": category[0],
        "sub_event_type": category[1],
        "actor1": _name(event.actor, actor_name),
        "actor2": _name(event.recipient, actor_name),
        "country": country,
        "admin1": (place.admin1 or "") if place is not None else "",
        "location": place.name if place is not None and place.feature != "country" else "",
        "latitude": place.lat if place is not None else "",
        "longitude": place.lon if place is not None else "",
        "source": meta.get("source") or "",
        "notes": notes,
        "fatalities": event.fatalities if event.fatalities is not None else "",
    }


@lru_cache(maxsize=512)
def gazetteer_country_name(code: str) -> str | None:
    """A country's name from the packaged gazetteer (loads it on first use)."""
    from counterpoint.annotate.places import get_gazetteer

    entry = get_gazetteer().by_code(code)
    return entry.name if entry is not None else None
