"""The extractor: stored annotations + the spaCy parse of an item -> events with attribution.

Per item, headline first then body, sentence by sentence: triggers
(``events.find_triggers``), the classifier's view of each sentence with a
trigger (``scoring``), attribution (``attribution.Tracker``, which carries a
speaker from sentence to sentence and from the headline to the body), roles,
auxiliary modes, mode, contexts, place, date and stated fatalities; then events
of one sentence that are one event are merged, and an event of the headline is
merged into the body's telling of the same event (same type and auxiliary
modes, overlapping participants): the body's evidence is kept and the headline
noted in the explanation.

Every event keeps an explanation: the trigger and its lemma, the lexicon entry
(type, mode, weight), the classifier's probabilities of the type and of its quad
class (``None`` without a classifier), and the rule that found each role.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, Protocol, TypeVar

from counterpoint.config import Settings
from counterpoint.extract.attribution import Cue, Quotes, Tracker
from counterpoint.extract.details import assign_times, aux_modes, contexts_of, fatalities, mode_of, place_of
from counterpoint.extract.docs import lowered_headline, parse
from counterpoint.extract.events import (
    ALONGSIDE,
    TRANSGRESSIONS,
    VERBAL,
    Draft,
    between,
    find_actor,
    find_recipient,
    find_triggers,
    merge_sentence,
    skip_reason,
)
from counterpoint.extract.lexicon import Sense
from counterpoint.extract.roles import (
    Found,
    ItemContext,
    SentView,
    children,
    compatible,
    overlaps,
    pobj,
    resolve,
    subject_token,
)
from counterpoint.extract.scoring import (
    TyperLike,
    TypeScoresLike,
    agreement,
    choose,
    external_lexicon,
    factor,
    load_typer,
)
from counterpoint.model import Attribution, AuxMode, Event, Field, Mention, PartialDate, Participant, Sentence
from counterpoint.store.events import PendingExtraction

EXTRACTOR = "extract.v1"
#: Types where "A and B did it" makes B the other party.
RECIPROCAL = frozenset({"AGREE", "CONSULT", "COOPERATE"})
RECIPROCAL_ASSAULT = frozenset({"clash", "fight", "battle", "skirmish"})
AUX_ORDER: tuple[AuxMode, ...] = ("historical", "future", "hypothetical", "negated")


class _HasStart(Protocol):
    @property
    def start(self) -> int: ...


_Located = TypeVar("_Located", bound=_HasStart)


class _ByStart(Generic[_Located]):
    """Records with a ``start``, found by range in O(log n + hits), in their given order."""

    def __init__(self, records: Sequence[_Located]) -> None:
        self.records = records
        self.order = sorted(range(len(records)), key=lambda i: records[i].start)
        self.starts = [records[i].start for i in self.order]

    def within(self, start: int, end: int) -> list[_Located]:
        """The records with ``start <= record.start < end``, in their given order."""
        lo, hi = bisect_left(self.starts, start), bisect_left(self.starts, end)
        return [self.records[i] for i in sorted(self.order[lo:hi])]


@dataclass(slots=True)
class ItemEvents:
    """What extraction found in one item."""

    item_id: str
    events: list[Event]
    explanations: dict[str, dict[str, Any]]
    sentences: int = 0
    skipped: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class _Work:
    pending: PendingExtraction
    ctx: ItemContext
    views: dict[str, list[tuple[SentView, list[Draft]]]]
    quotes: dict[str, Quotes]
    skipped: dict[str, int]


def _field_text(p: PendingExtraction, fld: str) -> str:
    if fld == "headline":
        return p.item.headline.text if p.item.headline is not None else ""
    return p.item.body


class Extractor:
    """Holds the pipeline, the classifier (if any) and the word tables; extracts batches of items."""

    def __init__(self, nlp: Any | None = None, *, settings: Settings | None = None,
                 typer: TyperLike | Literal["auto"] | None = "auto",
                 extra_lexicon: Mapping[str, tuple[str, str | None]] | None = None) -> None:
        self.settings = settings or Settings()
        self._nlp = nlp
        if typer == "auto":
            mode = self.settings.event_classifier
            typer = None if mode == "off" else load_typer(fast=mode == "fast")
        self.typer: TyperLike | None = typer
        self.extra = external_lexicon() if extra_lexicon is None else dict(extra_lexicon)

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            from counterpoint.annotate.nlp import load_nlp

            self._nlp = load_nlp(self.settings.spacy_model)
        return self._nlp

    # -- parsing ---------------------------------------------------------------------------------------
    def _docs(self, items: Sequence[PendingExtraction]) -> dict[tuple[int, str], list[tuple[int, Any]]]:
        from counterpoint.annotate.stage import analysed_body, chunks

        texts: list[str] = []
        keys: list[tuple[int, str, int]] = []
        for n, p in enumerate(items):
            item = p.item
            if item.headline is not None and item.headline.text.strip():
                text = item.headline.text
                texts.append(lowered_headline(text, p.mentions) or text)
                keys.append((n, "headline", 0))
            for offset, piece in chunks(analysed_body(item.body, self.settings.max_analysed_chars),
                                        self.settings.chunk_chars):
                texts.append(piece)
                keys.append((n, "body", offset))
        docs = parse(self.nlp, texts, batch_size=self.settings.nlp_batch_size)
        out: dict[tuple[int, str], list[tuple[int, Any]]] = {}
        for (n, fld, offset), doc in zip(keys, docs, strict=True):
            out.setdefault((n, fld), []).append((offset, doc))
        return out

    def _views(self, p: PendingExtraction, fld: Field, pieces: list[tuple[int, Any]]) -> list[SentView]:
        from counterpoint.annotate.nlp import sentence_char_bounds

        text = _field_text(p, fld)
        stored = sorted((s for s in p.sentences if s.field == fld), key=lambda s: s.index)
        if not stored:
            k = 0
            for offset, doc in pieces:
                for a, b in sentence_char_bounds(doc):
                    stored.append(Sentence(p.item.id, fld, k, offset + a, offset + b))
                    k += 1
        actors = _ByStart([m for m in p.mentions if m.field == fld and m.kind == "actor"])
        places = _ByStart([m for m in p.mentions if m.field == fld and m.kind == "place" and m.place is not None])
        times = _ByStart([t for t in p.times if t.field == fld])
        # each piece's end once (``doc.text`` is rebuilt on every read), found by bisection:
        # linear in the item, where a scan of pieces and mentions per sentence was quadratic
        bounded = sorted(((o, o + len(d.text), d) for o, d in pieces), key=lambda b: b[0])
        starts = [b[0] for b in bounded]
        views: list[SentView] = []
        for s in stored:
            at = bisect_right(starts, s.start) - 1
            if at < 0 or s.end > bounded[at][1] or s.end <= s.start:
                continue
            offset, _, doc = bounded[at]
            span = doc.char_span(s.start - offset, s.end - offset, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            views.append(SentView(
                p.item.id, fld, s.index, s.start, s.end, text[s.start:s.end], offset, span,
                actors.within(s.start, s.end), places.within(s.start, s.end), times.within(s.start, s.end),
                headline=fld == "headline",
            ))
        return views

    def _prepare(self, p: PendingExtraction, pieces: dict[str, list[tuple[int, Any]]]) -> _Work:
        work = _Work(p, ItemContext.of(p.mentions), {}, {}, {})
        fields: tuple[Field, ...] = ("headline", "body")
        for fld in fields:
            work.quotes[fld] = Quotes.of(_field_text(p, fld))
            rows: list[tuple[SentView, list[Draft]]] = []
            for sv in self._views(p, fld, pieces.get(fld, [])):
                reason = skip_reason(sv)
                if reason is not None:
                    work.skipped[reason] = work.skipped.get(reason, 0) + 1
                    rows.append((sv, []))
                    continue
                rows.append((sv, find_triggers(sv, self.extra)))
            work.views[fld] = rows
        return work

    # -- the batch -------------------------------------------------------------------------------------
    def extract(self, items: Sequence[PendingExtraction]) -> list[ItemEvents]:
        """Events of each item (all confidences; the caller filters)."""
        if not items:
            return []
        docs = self._docs(items)
        works = [self._prepare(p, {f: docs.get((n, f), []) for f in ("headline", "body")})
                 for n, p in enumerate(items)]
        scores = self._classify(works)
        return [self._finish(w, scores) for w in works]

    def _classify(self, works: list[_Work]) -> dict[tuple[str, str, int], TypeScoresLike]:
        if self.typer is None:
            return {}
        keys: list[tuple[str, str, int]] = []
        texts: list[str] = []
        spans: list[Any] = []
        for w in works:
            for fld, rows in w.views.items():
                for sv, drafts in rows:
                    if drafts:
                        keys.append((w.pending.item.id, fld, sv.index))
                        texts.append(sv.text)
                        spans.append(sv.span)
        if not texts:
            return {}
        return dict(zip(keys, _predict(self.typer, texts, spans), strict=True))

    def _finish(self, w: _Work, scores: Mapping[tuple[str, str, int], TypeScoresLike]) -> ItemEvents:
        p = w.pending
        published = p.item.published
        result: dict[str, list[Draft]] = {"headline": [], "body": []}
        head_tracker = Tracker(w.ctx)
        body_tracker = Tracker(w.ctx)
        count = 0
        for fld, tracker in (("headline", head_tracker), ("body", body_tracker)):
            if fld == "body" and head_tracker.named is not None:
                body_tracker.seed(head_tracker.named)
            quotes = w.quotes[fld]
            for sv, drafts in w.views.get(fld, []):
                count += 1
                tracker.begin(sv, quotes)
                built: list[Draft] = []
                for d in drafts:
                    built.extend(self._build(d, w, tracker, quotes, scores.get((p.item.id, fld, sv.index)),
                                             published))
                assign_times(built, published)
                fatalities(built)
                result[fld].extend(merge_sentence(built))
                tracker.end()
        merged_notes = _merge_headline(result["headline"], result["body"], p.mentions)
        events: list[Event] = []
        explanations: dict[str, dict[str, Any]] = {}
        for d in [*result["headline"], *result["body"]]:
            event = self._event(d, p)
            if event.id in explanations:
                continue
            events.append(event)
            explanations[event.id] = _explain(d, merged_notes.get(id(d)))
        return ItemEvents(p.item.id, events, explanations, count, w.skipped)

    def _build(self, d: Draft, w: _Work, tracker: Tracker, quotes: Quotes, scores: TypeScoresLike | None,
               published: PartialDate) -> list[Draft]:
        sv, ctx = d.sv, w.ctx
        scored = choose(d.senses, scores)
        d.sense, d.confidence, d.p_type, d.p_quad = scored.sense, scored.confidence, scored.p_type, scored.p_quad
        att, cue, denied = tracker.attribute(d.trigger, sv, quotes)
        d.attribution = _in_field(att, cue, sv, ctx, w.pending.mentions)
        speaker = Found(cue.speaker, "speaker", d.trigger.i) if cue is not None and cue.speaker is not None else None
        d.actor = find_actor(d, ctx, speaker)
        d.recipient = find_recipient(d, ctx, d.actor)
        d.aux = aux_modes(d, denied)
        pair = between(d, ctx)
        if d.actor is None and pair[0] is not None:
            d.actor = pair[0]
        if d.recipient is None and pair[1] is not None and not (
                d.actor is not None and pair[1].participant == d.actor.participant):
            d.recipient = pair[1]
        elif d.recipient is None and pair[0] is not None and d.actor is not None and pair[0] != d.actor:
            d.recipient = pair[0]
        if d.actor is None and "future" in d.aux:
            announcer = (cue.speaker if cue is not None and cue.speaker is not None else ctx.statement_speaker)
            located = _locate(announcer, sv, w.pending.mentions) if announcer is not None else None
            if located is not None:
                d.actor = Found(located, "announcer", d.trigger.i)
        if d.sense.type in VERBAL and not any(
                f is not None and f.participant.actor_id for f in (d.actor, d.recipient)):
            return []  # "the situation meets the conditions": no known party, no verbal event
        d.mode = mode_of(d)
        d.contexts = contexts_of(d)
        if d.recipient is None and d.actor is not None and (
                d.sense.type in RECIPROCAL or d.lemma in RECIPROCAL_ASSAULT):
            d.recipient = _partner(d.actor, sv, ctx)
        excluded = [(f.participant.start, f.participant.end) for f in (d.actor, d.recipient)
                    if f is not None and not f.how.endswith("place")]
        for f in (d.actor, d.recipient):  # "soldiers from North Korea": a place in a party's name is no place
            if f is not None and not f.how.endswith("place") and not f.how.startswith(("linear", "announcer")):
                tok = sv.span.doc[f.token]
                if sv.inside(tok) and tok.i != d.trigger.i:
                    excluded.append((sv.pos(tok.left_edge), sv.pos(tok) + len(tok.text)))
                    for prep in children(tok, sv, "prep"):
                        if prep.lower_ in ("from", "of"):
                            excluded.append((sv.pos(prep), sv.pos(prep.right_edge) + len(prep.right_edge.text)))
        d.place, d.place_how = place_of(d, excluded)
        d.role_certainty = _certainty(d.actor)
        d.confidence = min(0.99, d.confidence * d.role_certainty)
        out = [d]
        out.extend(_alongside(d, ctx))
        accuse = _accusation(d, cue, ctx, scores)
        if accuse is not None:
            out.append(accuse)
        return out

    def _event(self, d: Draft, p: PendingExtraction) -> Event:
        sv = d.sv
        text = _field_text(p, sv.field)
        place = d.place.place if d.place is not None else None
        date = d.date.value if d.date is not None else PartialDate.unknown()
        aux: tuple[AuxMode, ...] = tuple(a for a in AUX_ORDER if a in d.aux)
        fld: Field = "headline" if sv.field == "headline" else "body"
        return Event(
            id=Event.make_id(p.item.id, fld, d.start, d.type), item_id=p.item.id, field=fld, sentence=sv.index,
            start=sv.start, end=sv.end, text=sv.text, trigger=text[d.start:d.end], trigger_start=d.start,
            trigger_end=d.end, event_type=d.type, mode=d.mode, contexts=tuple(d.contexts),
            actor=d.actor.participant if d.actor else None,
            recipient=d.recipient.participant if d.recipient else None, place=place,
            place_text=d.place.text if d.place is not None else None, date=date,
            date_text=d.date.text if d.date is not None else None, aux_modes=aux, attribution=d.attribution,
            confidence=round(d.confidence, 3), fatalities=d.fatalities,
        )


def _partner(actor: Found, sv: SentView, ctx: ItemContext) -> Found | None:
    """"Russia and China signed ...": the subject's coordinated partner is the other party."""
    tok = sv.span.doc[actor.token]
    for c in children(tok, sv, "conj"):
        found = resolve(c, sv, ctx, how="partner:")
        p, a = found.participant if found else None, actor.participant
        if found is not None and p is not None and p.actor_id and p.actor_id != a.actor_id and (
                p.country is None or p.country != a.country):
            return found
    return None


def _predict(typer: TyperLike, texts: list[str], spans: list[Any]) -> Sequence[TypeScoresLike]:
    """The classifier's scores; its dictionary features are coded from our parse when it can take them
    (``coded=``), which spares it a second spaCy parse of every sentence."""
    coder = getattr(typer, "coder", None)
    code_doc = getattr(coder, "code_doc", None) if coder is not None else None
    if callable(code_doc):
        try:
            coded = [code_doc(span.as_doc()) for span in spans]
            scores: Sequence[TypeScoresLike] = typer.predict(texts, coded=coded)  # type: ignore[call-arg]
            return scores
        except TypeError:
            pass
    return typer.predict(texts)


def _certainty(actor: Found | None) -> float:
    if actor is None:
        return 0.7
    value = 1.0 if actor.participant.actor_id else 0.85
    if actor.how.startswith(("linear", "announcer", "sent-forces")):
        value *= 0.85
    return value


def _locate(who: Participant, sv: SentView, mentions: Sequence[Mention]) -> Participant | None:
    """``who`` as a mention of the sentence's field (offsets must be into the event's field)."""
    if who.actor_id is None:
        return None
    same = [m for m in mentions if m.kind == "actor" and m.field == sv.field and m.actor_id == who.actor_id]
    if not same:
        return None
    before = [m for m in same if m.start <= sv.end]
    m = before[-1] if before else same[0]
    return Participant(m.text, m.start, m.end, m.actor_id, m.country, m.sector)


def _in_field(att: Attribution, cue: Cue | None, sv: SentView, ctx: ItemContext,
              mentions: Sequence[Mention]) -> Attribution:
    if cue is None or cue.field == sv.field or cue.speaker is None:
        return att
    located = _locate(cue.speaker, sv, mentions)
    if located is None:
        return Attribution(att.speaker_actor_id, att.speaker_text, None, None, att.cue, att.quote, att.stance)
    return Attribution(att.speaker_actor_id, att.speaker_text, located.start, located.end, att.cue, att.quote,
                       att.stance)


def _alongside(d: Draft, ctx: ItemContext) -> list[Draft]:
    """"fought alongside Russia against Ukraine": an assault, and aid to the side fought with."""
    if d.sense is None or d.sense.type != "ASSAULT":
        return []
    sv = d.sv
    anchors = [d.trigger] + ([d.support] if d.support is not None else [])
    for anchor in anchors:
        for prep in children(anchor, sv, "prep"):
            low = prep.lower_
            if low in ALONGSIDE or (low == "with" and prep.i > 0 and sv.span.doc[prep.i - 1].lower_ in ("together",
                                                                                                        "side")):
                obj = pobj(prep, sv)
                found = resolve(obj, sv, ctx, how="alongside:") if obj is not None else None
                if found is None or found.participant.actor_id is None or (
                        d.actor is not None and found.participant.country == d.actor.participant.country):
                    continue
                aid = Draft(sv, d.trigger, d.start, d.end, d.lemma, d.noun, d.senses, d.support,
                            Sense("AID", "military", 0.7), min(0.99, d.confidence * 0.9), d.p_type, d.p_quad,
                            d.actor, found, "military", sorted({*d.contexts, "military"}), d.place, d.place_how,
                            d.date, set(d.aux), d.attribution, None, "alongside", d.role_certainty)
                return [aid]
    return []


def _accusation(d: Draft, cue: Cue | None, ctx: ItemContext, scores: TypeScoresLike | None) -> Draft | None:
    """A speaker who says another "intruded", "encroached", "violated" accuses it."""
    if d.lemma not in TRANSGRESSIONS or cue is None or cue.speaker is None or not cue.speaker.actor_id:
        return None
    sv = d.sv
    target = d.actor.participant if d.actor is not None and d.actor.participant.actor_id else None
    node = d.trigger
    for _ in range(3):
        if target is not None:
            break
        head = sv.head(node)
        if head is None:
            break
        subj, _how = subject_token(head, sv)
        if subj is not None:
            found = resolve(subj, sv, ctx)
            if found is not None and found.participant.actor_id:
                target = found.participant
        node = head
    if target is None or target.country == cue.speaker.country:
        return None
    speaker = _locate(cue.speaker, sv, []) or cue.speaker
    sense = Sense("ACCUSE", "allege", 0.7)
    _, p_type, p_quad = agreement("ACCUSE", scores)
    return Draft(sv, d.trigger, d.start, d.end, d.lemma, d.noun, d.senses, d.support, sense,
                 min(0.99, sense.weight * factor("ACCUSE", scores)),
                 p_type, p_quad, Found(speaker, "speaker", d.trigger.i), Found(target, "transgressor", d.trigger.i),
                 "allege", sorted(set(d.contexts)), d.place, d.place_how, None, set(d.aux) - {"negated"},
                 Attribution(), None, "accuse")


def _moved(found: Found | None, to: SentView, mentions: Sequence[Mention]) -> Found | None:
    """A headline participant as a mention of the body (offsets must be into the event's field)."""
    if found is None:
        return None
    located = _locate(found.participant, to, mentions)
    return Found(located, "headline:" + found.how, found.token) if located is not None else None


def _merge_headline(head: list[Draft], body: list[Draft], mentions: Sequence[Mention]) -> dict[int, dict[str, Any]]:
    """Fold each headline event into the body event telling the same event; returns notes by draft id."""
    notes: dict[int, dict[str, Any]] = {}
    keep: list[Draft] = []
    for h in head:
        best: tuple[int, int, Draft] | None = None
        for n, b in enumerate(body):
            if b.type != h.type or (b.aux - {"historical"}) != (h.aux - {"historical"}):
                continue
            ha, ba = (h.actor.participant if h.actor else None), (b.actor.participant if b.actor else None)
            hr, br = (h.recipient.participant if h.recipient else None), (b.recipient.participant if b.recipient
                                                                          else None)
            if not (compatible(ha, ba) and compatible(hr, br)):
                continue
            score = int(overlaps(ha, ba)) + int(overlaps(hr, br))
            if score == 0:
                continue
            if best is None or (score, -n) > (best[0], best[1]):
                best = (score, -n, b)
        if best is None:
            keep.append(h)
            continue
        b = best[2]
        if b.actor is None:
            b.actor = _moved(h.actor, b.sv, mentions)
        if b.recipient is None:
            b.recipient = _moved(h.recipient, b.sv, mentions)
        if b.place is None and h.place is not None:
            b.place, b.place_how = h.place, "headline"
        b.confidence = min(0.99, max(b.confidence, h.confidence) + 0.05)
        notes.setdefault(id(b), {"headline": []})["headline"].append(
            {"trigger": h.trigger.text, "start": h.start, "end": h.end, "sentence": h.sv.index,
             "text": h.sv.text})
    head[:] = keep
    return notes


def _explain(d: Draft, note: Mapping[str, Any] | None) -> dict[str, Any]:
    sense = d.sense
    assert sense is not None
    out: dict[str, Any] = {
        "trigger": d.trigger.text, "lemma": d.lemma, "pos": "noun" if d.noun else "verb",
        "lexicon": {"type": sense.type, "mode": sense.mode, "weight": sense.weight},
        "classifier": None if d.p_type is None else {"p_type": round(d.p_type, 3),
                                                     "p_quad": round(d.p_quad or 0.0, 3)},
        "actor_rule": d.actor.how if d.actor else None,
        "recipient_rule": d.recipient.how if d.recipient else None,
        "place_rule": d.place_how, "role_certainty": round(d.role_certainty, 3),
        "support_verb": d.support.text if d.support is not None else None,
    }
    if d.merged:
        out["merged_triggers"] = list(d.merged)
    if d.derived:
        out["derived"] = d.derived
    if note:
        out.update(note)
    return out
