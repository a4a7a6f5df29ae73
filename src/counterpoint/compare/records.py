"""The records of a per-story comparison: claims, their alignment across sources, naming and attribution.

Guarantees: every record is frozen and ``to_dict`` gives plain JSON-ready data;
every claim keeps its evidence (item, field, offsets into
``ItemBundle.field_text(field)``, the claimed text and its sentence), so
``evidence.text == bundle.field_text(field)[start:end]``. Texts are kept as the
article wrote them, control characters included: make them safe where they are
shown (``counterpoint.display.terminal_safe``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from counterpoint.model import Field, Stance, Tone

#: What a claim states: an event, a number of something, a date or a place of an event, a named
#: reference (an article, a treaty, an operation), or a stretch of text no other source has.
ClaimKind = Literal["event", "number", "date", "place", "reference", "statement"]
CLAIM_KINDS: tuple[ClaimKind, ...] = ("event", "number", "date", "place", "reference", "statement")
#: How the sources stand on a claim.
Status = Literal["agree", "conflict", "only"]
#: How the attribution of one event differs between sources, most telling first.
AttributionKind = Literal["fact-vs-attributed", "attributed-vs-distanced", "different-speakers"]
ATTRIBUTION_KINDS: tuple[AttributionKind, ...] = ("fact-vs-attributed", "attributed-vs-distanced",
                                                   "different-speakers")


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a claim stands: ``text`` is ``field_text(field)[start:end]`` of item ``item_id``;
    ``sentence`` the sentence around it, cut to a window around the span when very long."""

    item_id: str
    field: Field
    start: int
    end: int
    text: str
    sentence: str

    def to_dict(self) -> dict[str, Any]:
        return {"item_id": self.item_id, "field": self.field, "start": self.start, "end": self.end,
                "text": self.text, "sentence": self.sentence}


@dataclass(frozen=True, slots=True)
class Claim:
    """One thing one item states.

    ``key`` says what the claim is about, normalised (claims with the same key are
    compared); ``about`` is the same for people. ``value`` is the claim as the item
    words it, ``value_norm`` what is compared (an interval ``low..high`` for numbers,
    an ISO date, a GeoNames id, ``affirmed``/``negated`` for events). ``speaker`` and
    ``stance`` come from the attribution of the event stated in the same sentence
    (``None`` when no event there says who speaks); ``score`` ranks claims by how
    informative they are.
    """

    kind: ClaimKind
    key: str
    about: str
    value: str
    value_norm: str
    item_id: str
    source: str
    evidence: Evidence
    speaker: str | None = None
    stance: Stance | None = None
    score: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "key": self.key, "about": self.about, "value": self.value,
                "value_norm": self.value_norm, "item_id": self.item_id, "source": self.source,
                "evidence": self.evidence.to_dict(), "speaker": self.speaker, "stance": self.stance,
                "score": round(self.score, 3)}


@dataclass(frozen=True, slots=True)
class AlignedClaim:
    """Claims of several sources about one thing, and how they stand.

    ``agree``: two or more sources state it with compatible values; ``conflict``: two
    or more state it and some value of one source is compatible with no value of
    another (``note`` names the pair); ``only``: one source states it.
    ``claims`` maps each source to its claims, in source order.
    """

    kind: ClaimKind
    key: str
    about: str
    status: Status
    claims: Mapping[str, tuple[Claim, ...]]
    note: str = ""

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(self.claims)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "key": self.key, "about": self.about, "status": self.status,
                "note": self.note,
                "claims": {source: [c.to_dict() for c in claims] for source, claims in self.claims.items()}}


#: An earlier name of ``AlignedClaim``.
ClaimSet = AlignedClaim


@dataclass(frozen=True, slots=True)
class NameUse:
    """A name a source uses for an actor, its tone and how many times the source uses it."""

    name: str
    tone: Tone
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "tone": self.tone, "count": self.count}


@dataclass(frozen=True, slots=True)
class NamingRow:
    """The names each source gives one actor. ``differs``: the tones differ between sources, or
    two sources share no name for it."""

    actor_id: str
    actor: str
    names: Mapping[str, tuple[NameUse, ...]]
    differs: bool

    def to_dict(self) -> dict[str, Any]:
        return {"actor_id": self.actor_id, "actor": self.actor, "differs": self.differs,
                "names": {source: [n.to_dict() for n in uses] for source, uses in self.names.items()}}


@dataclass(frozen=True, slots=True)
class AttributionView:
    """How one source presents an event: ``stance`` (``asserted`` with no speaker is the outlet's
    own voice), the speaker it names (or the impersonal cue, "it is noted"), and the evidence."""

    stance: Stance
    speaker: str | None
    cue: str | None
    evidence: Evidence

    @property
    def own_voice(self) -> bool:
        return self.stance == "asserted" and self.speaker is None

    def to_dict(self) -> dict[str, Any]:
        return {"stance": self.stance, "speaker": self.speaker, "cue": self.cue, "own_voice": self.own_voice,
                "evidence": self.evidence.to_dict()}


@dataclass(frozen=True, slots=True)
class AttributionDiff:
    """An event two or more sources report but present differently.

    ``fact-vs-attributed``: one source states it in its own voice, another only through
    a speaker or at a distance; ``attributed-vs-distanced``: one reports a speaker's
    word, another only distances it ("claims"); ``different-speakers``: the same stance,
    but no speaker in common.
    """

    key: str
    about: str
    kind: AttributionKind
    views: Mapping[str, tuple[AttributionView, ...]]

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "about": self.about, "kind": self.kind,
                "views": {source: [v.to_dict() for v in views] for source, views in self.views.items()}}


@dataclass(frozen=True, slots=True)
class Comparison:
    """What the sources of one story agree on, disagree on, say alone, and how they name and attribute.

    ``sources`` are the sources compared, first reporter first; ``items`` the items
    read (at most ``MAX_ITEMS_PER_SOURCE`` per source, the most informative);
    ``items_left_out`` and ``sources_left_out`` count what the caps left out;
    ``only_more`` how many more claims each source states alone than ``only`` lists.
    """

    story_id: str
    sources: tuple[str, ...]
    items: tuple[str, ...]
    agree: tuple[AlignedClaim, ...] = ()
    conflict: tuple[AlignedClaim, ...] = ()
    only: tuple[AlignedClaim, ...] = ()
    naming: tuple[NamingRow, ...] = ()
    attribution: tuple[AttributionDiff, ...] = ()
    only_more: Mapping[str, int] | None = None
    items_left_out: int = 0
    sources_left_out: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "story_id": self.story_id, "sources": list(self.sources), "items": list(self.items),
            "agree": [a.to_dict() for a in self.agree], "conflict": [a.to_dict() for a in self.conflict],
            "only": [a.to_dict() for a in self.only], "only_more": dict(self.only_more or {}),
            "naming": [n.to_dict() for n in self.naming],
            "attribution": [a.to_dict() for a in self.attribution],
            "items_left_out": self.items_left_out, "sources_left_out": self.sources_left_out,
        }
