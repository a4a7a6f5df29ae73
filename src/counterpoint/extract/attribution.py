"""Who says an event happened, and how: speaker, cue, quotation kind, stance.

For every event the nearest governing speech cue of its sentence names the
speaker ("X said that ...", "X confirmed the ...", "according to X", "a statement
by X", "X's report"); an impersonal cue ("it is noted that") keeps the cue and
no speaker. A sentence with no cue of its own continues the statement before it
when it speaks in the first person plural ("our army", "we") or follows "the
statement said:"; its events are then an *unmarked* quotation of the carried
speaker. Otherwise the outlet speaks in its own voice.

Stance: ``asserted`` for the outlet's own voice and for factive cues ("revealed",
"admitted", "recalling the fact that"); ``reported`` when attributed;
``distanced`` for "claims", "alleged", "so-called", "purportedly" and scare
quotes (a short quoted stretch) around the event word, its object or the cue.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from counterpoint.extract.lexicon import DENIAL_VERBS, DISTANCING_WORDS, SPEECH_NOUNS, SPEECH_VERBS
from counterpoint.extract.roles import FIRST_PERSON, ItemContext, SentView, children, pobj, resolve, subject_token
from counterpoint.framing import quotes as framing_quotes
from counterpoint.model import Attribution, Participant, QuoteKind, Stance

#: Longest quoted stretch (in words) still taken for scare quotes rather than a quotation.
SCARE_WORDS = 4
#: Sentences without attribution after which a carried speaker is forgotten.
CARRY_LIMIT = 3


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of quoted stretches (marks included), paired within a paragraph."""
    return framing_quotes.quoted_stretches(text)


def _words(text: str) -> int:
    return len(re.findall(r"\w+(?:[-']\w+)*", text))


@dataclass(frozen=True, slots=True)
class Quotes:
    """The quoted stretches of one field, split into quotations and scare quotes."""

    text: str
    spans: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, text: str) -> Quotes:
        return cls(text, tuple(quoted_spans(text)))

    def at(self, pos: int) -> tuple[int, int] | None:
        for s, e in self.spans:
            if s < pos < e - 1:
                return s, e
        return None

    def scare(self, pos: int) -> bool:
        span = self.at(pos)
        return span is not None and _words(self.text[span[0]:span[1]]) <= SCARE_WORDS

    def quotation(self, pos: int) -> bool:
        span = self.at(pos)
        return span is not None and _words(self.text[span[0]:span[1]]) > SCARE_WORDS


@dataclass(frozen=True, slots=True)
class Cue:
    """A speech cue of a sentence and the tokens it governs."""

    head: int
    text: str
    lemma: str
    speaker: Participant | None
    stance: Stance
    impersonal: bool
    denial: bool
    scope: frozenset[int]
    colon: bool = False
    scare: bool = False
    noun: bool = False
    field: str = "body"

    def attribution(self, quote: QuoteKind) -> Attribution:
        sp = self.speaker
        stance: Stance = "distanced" if self.scare else self.stance
        return Attribution(sp.actor_id if sp else None, sp.text if sp else None, sp.start if sp else None,
                           sp.end if sp else None, self.text, quote, stance)


def _subtree_ids(tok: Any, sv: SentView) -> set[int]:
    return {t.i for t in tok.subtree if sv.inside(t)}


def _speech_verb_cue(tok: Any, sv: SentView, ctx: ItemContext, quotes: Quotes) -> Cue | None:
    lemma = tok.lemma_.lower()
    if lemma == "point" and not any(c.lower_ == "out" for c in tok.children):
        return None
    if tok.dep_ in ("amod", "compound") or tok.pos_ not in ("VERB", "AUX"):
        return None
    scope: set[int] = set()
    for c in tok.children:
        if c.dep_ in ("ccomp", "dobj", "xcomp", "parataxis", "conj", "advcl", "prep", "attr", "oprd") \
                and sv.inside(c) and not (c.dep_ == "prep" and c.lower_ in ("by", "in", "at", "on")):
            scope |= _subtree_ids(c, sv)
    head = sv.head(tok)
    if tok.dep_ in ("parataxis", "advcl") and head is not None and lemma in ("say", "add", "claim", "note", "state"):
        # "X attacked Y, the ministry said" parsed with the event as head
        scope |= {t.i for t in sv.span if t.i != tok.i} - _subtree_ids(tok, sv)
    impersonal = False
    speaker: Participant | None = None
    subj, how = subject_token(tok, sv)
    text = tok.text.lower()
    expletive = [c for c in children(tok, sv, "nsubjpass", "nsubj", "expl") if c.lower_ == "it"]
    if expletive:
        impersonal = True
        it = expletive[0]
        start, end = sv.pos(it), sv.pos(tok) + len(tok.text)
        text = " ".join(sv.text[start - sv.start:end - sv.start].split()).lower()
    elif subj is not None and how.startswith(("nsubj", "agent", "control")):
        found = resolve(subj, sv, ctx)
        speaker = found.participant if found else None
    if speaker is None and not impersonal:
        speaker = _statement_by(tok, sv, ctx)
        if speaker is None and subj is not None and subj.lower_ in ("this", "it", "that"):
            impersonal = True
    stance = SPEECH_VERBS[lemma]
    stance_lit: Stance = "distanced" if stance == "distanced" else "asserted" if stance == "asserted" else "reported"
    if impersonal and stance_lit == "asserted":
        stance_lit = "reported"
    colon = _colon_after(tok, sv)
    return Cue(tok.i, text, lemma, speaker, stance_lit, impersonal, lemma in DENIAL_VERBS, frozenset(scope), colon,
               quotes.scare(sv.pos(tok)))


def _colon_after(tok: Any, sv: SentView) -> bool:
    """"The statement said:" - what follows is the statement, reproduced."""
    nxt = tok.i + 1
    return bool(nxt < sv.span.end and sv.span.doc[nxt].text == ":")


def _statement_by(tok: Any, sv: SentView, ctx: ItemContext) -> Participant | None:
    """"(stated) in a statement by X" / "in X's statement": the owner of a statement noun."""
    for prep in children(tok, sv, "prep", "agent"):
        obj = pobj(prep, sv)
        if obj is not None and obj.lemma_.lower() in SPEECH_NOUNS:
            owner = _noun_owner(obj, sv, ctx)
            if owner is not None:
                return owner
    return None


def _noun_owner(noun: Any, sv: SentView, ctx: ItemContext) -> Participant | None:
    for c in noun.children:
        if not sv.inside(c):
            continue
        if c.dep_ == "poss" or (c.dep_ in ("compound", "amod", "nmod") and c.i in sv.actor_at):
            found = resolve(c, sv, ctx)
            if found is not None and found.participant.actor_id:
                return found.participant
        if c.dep_ == "prep" and c.lower_ in ("by", "of", "from"):
            obj = pobj(c, sv)
            if obj is not None:
                found = resolve(obj, sv, ctx)
                if found is not None and (found.participant.actor_id or c.lower_ == "by"):
                    return found.participant
    return None


def _noun_cue(tok: Any, sv: SentView, ctx: ItemContext, quotes: Quotes) -> Cue | None:
    if tok.pos_ not in ("NOUN", "PROPN") or tok.lemma_.lower() not in SPEECH_NOUNS:
        return None
    owner = _noun_owner(tok, sv, ctx)
    if owner is None:
        return None
    scope: set[int] = set()
    for c in tok.children:
        if sv.inside(c) and (c.dep_ in ("acl", "relcl", "ccomp", "appos")
                             or (c.dep_ == "prep" and c.lower_ in ("of", "on", "about", "regarding", "that"))):
            scope |= _subtree_ids(c, sv)
    colon = _colon_after(tok, sv)
    return Cue(tok.i, tok.text.lower(), tok.lemma_.lower(), owner, "reported", False, False, frozenset(scope), colon,
               quotes.scare(sv.pos(tok)), noun=True)


def _according_to(tok: Any, sv: SentView, ctx: ItemContext) -> Cue | None:
    if tok.lower_ != "according":
        return None
    for prep in children(tok, sv, "prep"):
        if prep.lower_ == "to":
            obj = pobj(prep, sv)
            if obj is None:
                return None
            found = resolve(obj, sv, ctx)
            owner = _noun_owner(obj, sv, ctx) if obj.lemma_.lower() in SPEECH_NOUNS else None
            speaker = owner or (found.participant if found else None)
            scope = frozenset(t.i for t in sv.span) - frozenset(_subtree_ids(tok, sv))
            return Cue(tok.i, "according to", "according", speaker, "reported", False, False, scope)
    return None


def find_cues(sv: SentView, ctx: ItemContext, quotes: Quotes) -> list[Cue]:
    """The speech cues of one sentence."""
    cues: list[Cue] = []
    for tok in sv.span:
        low = tok.lemma_.lower()
        cue: Cue | None = None
        if low in SPEECH_VERBS and tok.pos_ in ("VERB", "AUX"):
            cue = _speech_verb_cue(tok, sv, ctx, quotes)
        elif low in SPEECH_NOUNS and tok.pos_ in ("NOUN", "PROPN"):
            cue = _noun_cue(tok, sv, ctx, quotes)
        elif tok.lower_ == "according":
            cue = _according_to(tok, sv, ctx)
        if cue is not None:
            cues.append(dataclasses.replace(cue, field=sv.field))
    return cues


_DISTANCING = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(DISTANCING_WORDS, key=len, reverse=True))
                         + r")\b", re.IGNORECASE)


def distancing(trigger: Any, sv: SentView, quotes: Quotes) -> bool:
    """Scare quotes on the event word or its object, or a distancing word beside it or before its
    subject or object ("allegedly attacked", "the so-called battalions")."""
    if quotes.scare(sv.pos(trigger)):
        return True
    doc = sv.span.doc
    stretches = [(max(trigger.i - 3, sv.span.start), trigger.i + 1)]
    for c in trigger.children:
        if not sv.inside(c):
            continue
        if c.dep_ in ("dobj", "nsubjpass", "compound") and quotes.scare(sv.pos(c)):
            return True
        if c.dep_ in ("dobj", "nsubj", "nsubjpass", "advmod", "pobj", "attr"):
            stretches.append((max(c.left_edge.i, sv.span.start), c.i + 1))
    for a, b in stretches:
        start, end = sv.pos(doc[a]) - sv.start, sv.pos(doc[b - 1]) + len(doc[b - 1].text) - sv.start
        if _DISTANCING.search(sv.text[start:end]):
            return True
    return False


def first_person(sv: SentView, quotes: Quotes) -> bool:
    """The sentence speaks as "we"/"our" outside quotation marks (or the linker found a first-person name)."""
    if any(m.method == "first-person" for m in sv.actors):
        return True
    return any(t.lower_ in FIRST_PERSON and quotes.at(sv.pos(t)) is None for t in sv.span)


@dataclass(slots=True)
class Tracker:
    """Walks an item's sentences in order and attributes each event."""

    ctx: ItemContext
    carried: Cue | None = None
    named: Cue | None = None
    idle: int = 0
    colon_paragraphs: int = 0
    colon_cue: Cue | None = None
    cues: list[Cue] = field(default_factory=list)
    continues: bool = False
    last_end: int = 0
    last_field: str = ""

    def seed(self, cue: Cue) -> None:
        """A headline's cue ("Report of KPA General Staff", "Putin confirms ...") speaks for the body."""
        if cue.speaker is not None and cue.speaker.actor_id:
            self.named = cue
            self.ctx.statement_speaker = cue.speaker

    def begin(self, sv: SentView, quotes: Quotes) -> None:
        if sv.field != self.last_field:
            self.last_field, self.last_end = sv.field, 0
        new_paragraph = "\n\n" in quotes.text[self.last_end:sv.start] or "\n" in quotes.text[self.last_end:sv.start]
        self.last_end = sv.end
        if new_paragraph and self.colon_paragraphs:
            self.colon_paragraphs -= 1
        self.cues = find_cues(sv, self.ctx, quotes)
        self.continues = bool(self.colon_paragraphs) or (self.named is not None and first_person(sv, quotes))
        if self.continues and self.named is not None:
            self.ctx.statement_speaker = self.named.speaker

    def end(self) -> None:
        """After a sentence: remember who spoke for the next one."""
        named = [c for c in self.cues if c.speaker is not None and c.speaker.actor_id and not c.noun]
        named = named or [c for c in self.cues if c.speaker is not None and c.speaker.actor_id]
        if named:
            self.named = named[0]
            self.ctx.statement_speaker = named[0].speaker
            self.idle = 0
        elif self.cues or self.continues:
            self.idle = 0
        else:
            self.idle += 1
            if self.idle >= CARRY_LIMIT:
                self.named = None
                self.ctx.statement_speaker = None
        colon = next((c for c in self.cues if c.colon), None)
        if colon is not None:
            self.colon_paragraphs, self.colon_cue = 2, colon
        elif not self.colon_paragraphs:
            self.colon_cue = None

    def governing(self, trigger: Any) -> Cue | None:
        best: Cue | None = None
        for c in self.cues:
            if trigger.i in c.scope and c.head != trigger.i and (best is None or len(c.scope) < len(best.scope)):
                best = c
        return best

    def attribute(self, trigger: Any, sv: SentView, quotes: Quotes) -> tuple[Attribution, Cue | None, bool]:
        """The event's attribution, the cue it rests on (governing or carried), and whether that cue denies it."""
        pos = sv.pos(trigger)
        distanced = distancing(trigger, sv, quotes)
        cue = self.governing(trigger)
        if cue is None:
            cue = next((c for c in self.cues if c.lemma == "according" and trigger.i in c.scope), None)
        if cue is not None:
            quote: QuoteKind = "direct" if quotes.quotation(pos) else "unmarked" if cue.colon else "indirect"
            att = cue.attribution(quote)
            if distanced:
                att = _with_stance(att, "distanced")
            return att, cue, cue.denial
        if quotes.quotation(pos):
            speaker_cue = next((c for c in self.cues if c.speaker is not None), None) or self.named
            if speaker_cue is not None:
                att = _with_stance(speaker_cue.attribution("direct"), "distanced" if distanced else "reported")
                return att, speaker_cue, False
        carried = self.colon_cue if self.colon_paragraphs and self.colon_cue is not None else self.named
        if self.continues and carried is not None:
            att = carried.attribution("unmarked")
            return _with_stance(att, "distanced" if distanced else "reported"), carried, False
        return Attribution(stance="distanced" if distanced else "asserted"), None, False


def _with_stance(att: Attribution, stance: Stance) -> Attribution:
    return Attribution(att.speaker_actor_id, att.speaker_text, att.speaker_start, att.speaker_end, att.cue, att.quote,
                       stance)


def headline_cues(views: Sequence[SentView], ctx: ItemContext, quotes: Quotes) -> list[Cue]:
    """Cues of a headline that speak for its item's body."""
    out: list[Cue] = []
    for sv in views:
        out.extend(c for c in find_cues(sv, ctx, quotes) if c.speaker is not None and c.speaker.actor_id)
    return out
