"""Who did it and to whom: dependency rules mapped onto the stored actor mentions.

A ``SentView`` is one stored sentence with its tokens (from the spaCy parse of
the item's field) and the stored mentions and time expressions inside it. The
rules here read a trigger's subject (``nsubj``, the ``by`` agent of a passive,
"for X to ...", a controller up the verb chain) and its recipient (direct
object, objects of to/against/on/at/with, a dative) and return the stored actor
mention they land on as a ``Participant``. A noun phrase without a mention gives
an unlinked participant; pronouns are resolved only where the text leaves no
doubt (a relative pronoun's antecedent, "he" after a named leader, "it" inside
its own speaker's statement, "we"/"our" inside a statement).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from counterpoint.model import Field, Mention, Participant, TimeExpr

#: Sectors of actors that are persons.
PERSON_SECTORS = frozenset({"LEADER"})
#: Verbs whose object is the subject of their infinitive ("ordered the army to attack").
OBJECT_CONTROL = frozenset({"order", "ask", "urge", "force", "tell", "instruct", "allow", "let", "help", "call",
                            "direct", "command", "compel", "permit", "encourage", "invite", "require", "oblige"})
#: Clausal dependencies a participant search does not enter.
CLAUSES = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "cc", "appos", "parataxis", "punct"})
RELATIVE = frozenset({"that", "which", "who", "whom", "whose"})
FIRST_PERSON = frozenset({"we", "our", "us", "ours", "ourselves"})
THIRD_NEUTER = frozenset({"it", "its", "they", "their", "them"})
THIRD_PERSON = frozenset({"he", "him", "his", "she", "her"})


@dataclass(slots=True)
class SentView:
    """One stored sentence: its field offsets, its tokens and the stored records inside it."""

    item_id: str
    field: Field
    index: int
    start: int
    end: int
    text: str
    offset: int
    span: Any
    actors: list[Mention]
    places: list[Mention]
    times: list[TimeExpr]
    headline: bool = False
    actor_at: dict[int, Mention] = dataclasses.field(default_factory=dict)
    place_at: dict[int, Mention] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        # an unlinked "actor" that is a place name ("Kursk region") is a place, not a party
        self.actors = [m for m in self.actors if m.actor_id or not any(
            p.start < m.end and m.start < p.end for p in self.places)]
        for tok in self.span:
            pos = tok.idx + self.offset
            for m in self.actors:
                if m.start <= pos < m.end and (tok.i not in self.actor_at or
                                               m.end - m.start < _len(self.actor_at[tok.i])):
                    self.actor_at[tok.i] = m
            for m in self.places:
                if m.start <= pos < m.end:
                    self.place_at[tok.i] = m

    def inside(self, tok: Any) -> bool:
        return bool(self.span.start <= tok.i < self.span.end)

    def pos(self, tok: Any) -> int:
        """Offset of ``tok`` in the field."""
        return int(tok.idx) + self.offset

    def head(self, tok: Any) -> Any | None:
        """The head of ``tok`` inside the sentence, ``None`` at its root."""
        h = tok.head
        if h.i == tok.i or not self.inside(h):
            return None
        return h


def _len(m: Mention) -> int:
    return m.end - m.start


@dataclass(slots=True)
class ItemContext:
    """What role rules carry across an item's sentences."""

    linked: list[Mention] = dataclasses.field(default_factory=list)
    persons: list[tuple[str, int, Mention]] = dataclasses.field(default_factory=list)  # (field, position, mention)
    #: The speaker of the statement being reported, for "we", "our" and agentless announcements.
    statement_speaker: Participant | None = None

    @classmethod
    def of(cls, mentions: Sequence[Mention]) -> ItemContext:
        ctx = cls(linked=[m for m in mentions if m.kind == "actor" and m.actor_id])
        order = {"headline": 0, "body": 1}
        for m in sorted((m for m in mentions if m.kind == "actor"), key=lambda m: (order[m.field], m.start)):
            if m.sector in PERSON_SECTORS:
                ctx.persons.append((m.field, m.start, m))
        return ctx

    def person_before(self, fld: Field, pos: int) -> Mention | None:
        order = {"headline": 0, "body": 1}
        best = None
        for f, p, m in self.persons:
            if (order[f], p) < (order[fld], pos):
                best = m
        return best

    def relink(self, m: Mention) -> Mention:
        """An unlinked mention that is the short form of a linked one in the item takes its actor."""
        if m.actor_id:
            return m
        low = m.text.lower()
        for other in self.linked:
            o = other.text.lower()
            if o != low and (o.startswith(low + " ") or o.endswith(" " + low)):
                return Mention(m.item_id, m.field, m.start, m.end, m.text, m.kind, other.actor_id, other.country,
                               other.sector, m.alias_kind, "short-form", other.confidence * 0.8, None, m.sentence)
        return m


def as_participant(m: Mention) -> Participant:
    return Participant(m.text, m.start, m.end, m.actor_id, m.country, m.sector)


@dataclass(frozen=True, slots=True)
class Found:
    """A participant and how it was found (kept in the event's explanation)."""

    participant: Participant
    how: str
    token: int


def noun_phrase(tok: Any, sv: SentView) -> Participant | None:
    """The compact noun phrase headed by ``tok`` as an unlinked participant."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    left = tok
    for c in tok.lefts:
        if c.dep_ in ("det", "compound", "amod", "poss", "nummod", "nmod") and sv.inside(c):
            left = c
            break
    start, end = sv.pos(left), sv.pos(tok) + len(tok.text)
    if not sv.start <= start < end <= sv.end:
        return None
    text = sv.text[start - sv.start:end - sv.start]
    return Participant(text, start, end)


def mention_in(tok: Any, sv: SentView, ctx: ItemContext, *, max_depth: int = 3,
               skip: frozenset[str] = CLAUSES) -> tuple[Mention, int] | None:
    """The actor mention covering ``tok``, else the shallowest one in its phrase."""
    frontier = [tok]
    for depth in range(max_depth + 1):
        hits = [sv.actor_at[t.i] for t in frontier if t.i in sv.actor_at]
        if hits:
            return ctx.relink(min(hits, key=lambda m: m.start)), depth
        frontier = [c for t in frontier for c in t.children if c.dep_ not in skip and sv.inside(c)]
        if not frontier:
            break
    return None


def resolve(tok: Any, sv: SentView, ctx: ItemContext, speaker: Participant | None = None,
            *, how: str = "", places: bool = False) -> Found | None:
    """The participant a subject or object token stands for, or ``None``.

    With ``places``, a place name the text targets ("shelled Kharkiv") stands for its country."""
    low = tok.lower_
    if low in RELATIVE and tok.dep_ in ("nsubj", "nsubjpass", "dobj"):
        clause = sv.head(tok)
        antecedent = sv.head(clause) if clause is not None and clause.dep_ == "relcl" else None
        if antecedent is not None:
            found = resolve(antecedent, sv, ctx, speaker, how=how)
            if found is not None:
                return Found(found.participant, found.how + "+relative", found.token)
        return None
    if tok.pos_ == "PRON" or low in FIRST_PERSON | THIRD_NEUTER | THIRD_PERSON:
        if tok.i in sv.actor_at:
            m = sv.actor_at[tok.i]
            if m.actor_id:
                return Found(as_participant(ctx.relink(m)), how + "mention", tok.i)
        if low in THIRD_PERSON:
            person = ctx.person_before(sv.field, sv.pos(tok))
            if person is not None:
                p = Participant(tok.text, sv.pos(tok), sv.pos(tok) + len(tok.text), person.actor_id, person.country,
                                person.sector)
                return Found(p, how + "pronoun", tok.i)
            return None
        if low in THIRD_NEUTER and speaker is not None and _in_speech_complement(tok, sv):
            p = Participant(tok.text, sv.pos(tok), sv.pos(tok) + len(tok.text), speaker.actor_id, speaker.country,
                            speaker.sector)
            return Found(p, how + "speaker-pronoun", tok.i)
        if low in FIRST_PERSON and ctx.statement_speaker is not None and ctx.statement_speaker.actor_id:
            s = ctx.statement_speaker
            p = Participant(tok.text, sv.pos(tok), sv.pos(tok) + len(tok.text), s.actor_id, s.country, s.sector)
            return Found(p, how + "first-person", tok.i)
        return None
    hit = mention_in(tok, sv, ctx)
    if hit is not None:
        m, depth = hit
        return Found(as_participant(m), how + ("mention" if depth == 0 else "phrase"), tok.i)
    np = noun_phrase(tok, sv)
    if np is None:
        return None
    owner = next((c for c in tok.children if c.dep_ == "poss" and sv.inside(c) and c.pos_ == "PRON"), None)
    if owner is not None:  # "its forces", "our troops": the forces of whoever "its"/"our" is
        whose = resolve(owner, sv, ctx, speaker)
        if whose is not None and whose.participant.actor_id:
            w = whose.participant
            return Found(Participant(np.text, np.start, np.end, w.actor_id, w.country, w.sector),
                         how + "possessor", tok.i)
    if places and tok.i in sv.place_at:  # "shelled Kharkiv": a place as a target stands for its country
        place = sv.place_at[tok.i]
        if place.place is not None and place.place.country:
            return Found(Participant(place.text, place.start, place.end, None, place.place.country, None),
                         how + "place", tok.i)
    return Found(np, how + "unlinked", tok.i)


def _in_speech_complement(tok: Any, sv: SentView) -> bool:
    from counterpoint.extract.lexicon import SPEECH_VERBS

    node = sv.head(tok)
    steps = 0
    while node is not None and steps < 6:
        if node.dep_ == "ccomp":
            h = sv.head(node)
            return h is not None and h.lemma_.lower() in SPEECH_VERBS
        node = sv.head(node)
        steps += 1
    return False


def children(tok: Any, sv: SentView, *deps: str) -> Iterator[Any]:
    for c in tok.children:
        if c.dep_ in deps and sv.inside(c):
            yield c


def pobj(prep: Any, sv: SentView) -> Any | None:
    for c in children(prep, sv, "pobj", "pcomp"):
        return c
    return None


def is_passive(verb: Any, sv: SentView) -> bool:
    return any(True for _ in children(verb, sv, "auxpass", "nsubjpass"))


def subject_token(verb: Any, sv: SentView, *, depth: int = 0) -> tuple[Any | None, str]:
    """The token that is the doer of ``verb``, and the rule that found it."""
    if depth > 5:
        return None, ""
    for c in children(verb, sv, "nsubj", "csubj"):
        return c, "nsubj"
    for c in children(verb, sv, "agent"):
        obj = pobj(c, sv)
        if obj is not None:
            return obj, "agent"
    if is_passive(verb, sv):
        return None, "passive"
    for c in children(verb, sv, "prep", "mark"):
        if c.lower_ == "for" and c.i < verb.i:
            obj = pobj(c, sv)
            if obj is not None:
                return obj, "for-to"
    head = sv.head(verb)
    if head is None:
        return None, ""
    dep = verb.dep_
    if dep == "xcomp" or (dep in ("advcl", "acl") and _infinitive(verb, sv)):
        if head.lemma_.lower() in OBJECT_CONTROL:
            for c in children(head, sv, "dobj"):
                return c, "control"
        if head.pos_ in ("VERB", "AUX"):
            tok, how = subject_token(head, sv, depth=depth + 1)
            return tok, how and how + "<" + dep
    if dep in ("conj", "pcomp", "advcl") and head.pos_ in ("VERB", "AUX"):
        tok, how = subject_token(head, sv, depth=depth + 1)
        return tok, how and how + "<" + dep
    if dep == "pcomp":
        governor = sv.head(head)
        if governor is not None and governor.pos_ in ("VERB", "AUX"):
            tok, how = subject_token(governor, sv, depth=depth + 1)
            return tok, how and how + "<pcomp"
    if dep == "acl" and head.pos_ in ("NOUN", "PROPN") and verb.tag_ in ("VBN", "VBG") \
            and not _infinitive_to(verb, sv) and any(t.i in sv.actor_at for t in head.subtree if t.i < verb.i):
        return head, "participle"  # "North Korean troops assisted in ...", "units fighting in ..."
    if dep == "acl" and head.pos_ in ("NOUN", "PROPN"):
        # "a decision to participate": the one who decides; "the need to organize": the one who has the need
        for c in children(head, sv, "poss"):
            return c, "poss<acl"
        governor = sv.head(head)
        if governor is not None and governor.pos_ in ("VERB", "AUX") and head.dep_ in ("dobj", "attr"):
            tok, how = subject_token(governor, sv, depth=depth + 1)
            return tok, how and how + "<acl"
    return None, ""


def _infinitive_to(verb: Any, sv: SentView) -> bool:
    return any(c.lower_ == "to" for c in children(verb, sv, "aux"))


def _infinitive(verb: Any, sv: SentView) -> bool:
    return any(c.lower_ == "to" for c in children(verb, sv, "aux")) or verb.tag_ in ("VBG",)


def nested_mentions(tok: Any, sv: SentView, ctx: ItemContext, *, max_depth: int = 4) -> list[tuple[int, Mention]]:
    """Actor mentions in the phrase of ``tok`` (not entering clauses), with their depth."""
    out: list[tuple[int, Mention]] = []
    frontier = [tok]
    seen: set[int] = set()
    for depth in range(max_depth + 1):
        for t in frontier:
            m = sv.actor_at.get(t.i)
            if m is not None and m.start not in seen:
                seen.add(m.start)
                out.append((depth, ctx.relink(m)))
        # an adjective's own modifiers ("NATO-armed formation") name no party to the event; a reduced
        # relative ("roads connected to the ROK") is entered, a full clause is not
        frontier = [c for t in frontier if t.dep_ not in ("amod", "npadvmod") or t is tok
                    for c in t.children if sv.inside(c) and (c.dep_ not in CLAUSES or c.dep_ == "conj" or (
                        c.dep_ == "acl" and not any(g.dep_ in ("nsubj", "aux", "nsubjpass") for g in c.children)))]
        if not frontier:
            break
    return out


def linear_actor(trigger: Any, sv: SentView, ctx: ItemContext, *, before: bool = True) -> Found | None:
    """Headline fallback: the nearest actor mention before (or after) the trigger in the sentence."""
    pos = sv.pos(trigger)
    cands = [m for m in sv.actors if (m.end <= pos if before else m.start > pos)]
    if not cands:
        return None
    m = max(cands, key=lambda m: m.end) if before else min(cands, key=lambda m: m.start)
    m = ctx.relink(m)
    return Found(as_participant(m), "linear", trigger.i)


def same_party(a: Participant | None, b: Participant | None) -> bool:
    if a is None or b is None:
        return False
    if a.start == b.start and a.end == b.end:
        return True
    return bool(a.actor_id and a.actor_id == b.actor_id)


def compatible(a: Participant | None, b: Participant | None) -> bool:
    """Two participants that can be the same one (either missing or unknown, or same actor/country)."""
    if a is None or b is None:
        return True
    if (a.actor_id is None and a.country is None) or (b.actor_id is None and b.country is None):
        return True
    if a.actor_id and b.actor_id:
        return a.actor_id == b.actor_id or (a.country is not None and a.country == b.country)
    return a.text.lower() == b.text.lower() or (a.country is not None and a.country == b.country)


def overlaps(a: Participant | None, b: Participant | None) -> bool:
    """Both known and naming the same actor or country."""
    if a is None or b is None:
        return False
    if a.actor_id and a.actor_id == b.actor_id:
        return True
    return a.country is not None and a.country == b.country
