"""Events of one sentence: triggers, type and mode, roles, place, date, auxiliary modes.

A trigger is a verb or an event noun of the lexicon whose conditions hold
(``lexicon.Sense``). Its PLOVER type comes from the lexicon, checked against
the classifier when there is one (``scoring``); roles come from dependency
rules (``roles``), the place from the stored place mentions of the sentence
(one reached through a locative preposition first), the date from the stored
time expressions of kind "event" (the one closest in the parse tree; never the
publication date). Several events may come from one sentence; events of the
same type in one sentence that are one event ("fought and destroyed", "the fight
that brought the defeat of X") are merged.

Sentences that cannot hold a reliable event give none: no verb, over
``MAX_TOKENS`` tokens (a run-on), ALL CAPS, a list of names, a flattened table,
or text without words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from counterpoint.extract.lexicon import (
    NOT_PARTIES,
    NOUNS,
    SPEECH_VERBS,
    SUPPORT_NOUNS,
    SUPPORT_VERBS,
    VERBS,
    Sense,
)
from counterpoint.extract.roles import (
    Found,
    ItemContext,
    SentView,
    as_participant,
    children,
    compatible,
    is_passive,
    linear_actor,
    nested_mentions,
    pobj,
    resolve,
    same_party,
    subject_token,
)
from counterpoint.model import Attribution, Mention, TimeExpr

#: Longest sentence (tokens) read for events; longer ones are run-ons or lists.
MAX_TOKENS = 150
#: Most events kept from one sentence.
MAX_PER_SENTENCE = 6
#: Years before publication after which an event is historical.
HISTORICAL_YEARS = 20

CONTEXT_ORDER = (
    "military", "intelligence", "executive", "legislative", "election", "political_institutions", "pro_democracy",
    "pro_autocracy", "economic", "legal", "reparations", "human_rights", "rights_freedoms", "repression",
    "human_security", "gender", "lgbt", "religion_ethnicity", "inequality", "diplomatic", "territory",
    "peacekeeping", "health", "asylum", "migration", "disasters", "natural_resource", "environment", "technology",
    "terrorism", "cbrn", "cyber", "misinformation", "crime", "corruption", "illegal_drugs", "trafficking",
)
CONFLICT = frozenset({"ASSAULT", "COERCE", "THREATEN", "ACCUSE", "SANCTION", "PROTEST", "REJECT", "MOBILIZE",
                      "REQUEST"})
#: Prepositions whose object receives the event, by type family.
_CONFLICT_PREPS = frozenset({"against", "on", "upon", "at", "toward", "towards", "into"})
_COOP_PREPS = frozenset({"to", "with", "toward", "towards", "for"})
_WITH_TYPES = frozenset({"ASSAULT", "CONSULT", "AGREE", "COOPERATE"})
LOCATIVE = frozenset({"in", "at", "near", "into", "within", "inside", "across", "over", "around", "outside",
                      "along", "off", "on", "from", "throughout", "towards", "toward", "to"})
ALONGSIDE = frozenset({"alongside", "beside"})
#: Prepositions that say where, not to whom ("fought in Russia's Kursk region").
_WHERE = frozenset({"in", "at", "near", "within", "inside", "across", "over", "around", "outside", "along",
                    "throughout", "on", "off"})
BETWEEN_TYPES = frozenset({"AGREE", "CONSULT", "COOPERATE", "ASSAULT", "SANCTION", "REJECT"})
#: Verbal types: an event only when a known party takes part ("the situation meets the conditions" is none).
VERBAL = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT", "THREATEN",
                    "COOPERATE"})
TRANSGRESSIONS = frozenset({"intrude", "encroach", "violate", "provoke"})
_TEST_FIRE = re.compile(r"^(?:test-?)?fir(?:e|es|ed|ing)$")
_UPPER_RUN = re.compile(r"[A-Z]")


def skip_reason(sv: SentView) -> str | None:
    """Why a sentence is not read for events, or ``None``."""
    toks = [t for t in sv.span if not t.is_space]
    if not toks:
        return "empty"
    if len(toks) > MAX_TOKENS:
        return "too-long"
    letters = sum(1 for c in sv.text if c.isalpha())
    if letters < 3 or letters < 0.4 * len(sv.text.replace(" ", "")):
        return "no-words"
    upper = len(_UPPER_RUN.findall(sv.text))
    if letters >= 12 and upper > 0.85 * letters:
        return "all-caps"
    if ("|" in sv.text and sv.text.count("|") >= 2) or "\t" in sv.text:
        return "table"
    numeric = sum(1 for t in toks if t.like_num or t.is_punct or t.pos_ in ("SYM", "NUM", "X"))
    if len(toks) >= 6 and numeric > 0.5 * len(toks):
        return "table"
    words = [t for t in toks if t.is_alpha]
    verbs = [t for t in toks if _predicate(t, sv) or (_TEST_FIRE.match(t.lower_) and _hyphen_test(t))]
    names = sum(1 for t in words if t.pos_ == "PROPN")
    if words and names >= 0.6 * len(words) and sum(1 for t in toks if t.text in ",;") >= 3 and len(verbs) <= 1:
        return "name-list"
    if not verbs:
        return "no-verb"
    return None


def _predicate(tok: Any, sv: SentView) -> bool:
    """A verb that heads a clause: not a gerund listed among nouns ("strikes, raids and shelling")."""
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    node = tok
    for _ in range(6):
        head = sv.head(node)
        if node.dep_ != "conj" or head is None:
            return node.dep_ not in ("amod", "compound", "nmod", "appos", "npadvmod")
        if head.pos_ in ("NOUN", "PROPN"):
            return False
        node = head
    return True


def _hyphen_test(tok: Any) -> bool:
    doc = tok.doc
    return bool(tok.i >= 2 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ == "test")


@dataclass(slots=True)
class Draft:
    """An event being built from one trigger."""

    sv: SentView
    trigger: Any
    start: int
    end: int
    lemma: str
    noun: bool
    senses: list[Sense]
    support: Any | None = None
    sense: Sense | None = None
    confidence: float = 0.0
    p_type: float | None = None
    p_quad: float | None = None
    actor: Found | None = None
    recipient: Found | None = None
    mode: str | None = None
    contexts: list[str] = field(default_factory=list)
    place: Mention | None = None
    place_how: str | None = None
    date: TimeExpr | None = None
    aux: set[str] = field(default_factory=set)
    attribution: Attribution = field(default_factory=Attribution)
    fatalities: int | None = None
    derived: str | None = None
    role_certainty: float = 1.0
    merged: list[str] = field(default_factory=list)

    @property
    def type(self) -> str:
        assert self.sense is not None
        return self.sense.type


# -- triggers ---------------------------------------------------------------------------------------------
def object_words(tok: Any, sv: SentView) -> set[str]:
    """Lemmas of a trigger's objects and of their compounds and coordinated words."""
    heads: list[Any] = []
    for c in tok.children:
        if not sv.inside(c):
            continue
        if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd", "dative", "compound", "amod", "nmod"):
            heads.append(c)
        elif c.dep_ in ("prep", "agent", "prt"):
            heads.append(c)
            heads.extend(g for g in c.children if g.dep_ in ("pobj", "pcomp") and sv.inside(g))
    if tok.dep_ in ("acl", "relcl") and sv.head(tok) is not None:
        heads.append(sv.head(tok))
    words: set[str] = set()
    for h in heads:
        words.add(h.lemma_.lower())
        words.add(h.lower_)
        for g in h.children:
            if g.dep_ in ("compound", "amod", "conj", "nmod") and sv.inside(g):
                words.add(g.lemma_.lower())
                words.add(g.lower_)
            if g.dep_ == "prep" and g.lower_ == "of":
                words.update(x.lemma_.lower() for x in g.children if x.dep_ == "pobj")
    return words


def _particle(tok: Any, sv: SentView) -> set[str]:
    out = {c.lower_ for c in children(tok, sv, "prt")}
    nxt = tok.i + 1
    if nxt < sv.span.end:
        after = tok.doc[nxt]
        if after.text == "-" and nxt + 1 < sv.span.end:
            out.add(tok.doc[nxt + 1].lower_)
        elif after.dep_ in ("prt", "advmod", "prep") or after.pos_ == "ADP":
            out.add(after.lower_)
    return out


def _targets(tok: Any, sv: SentView) -> bool:
    """Something is aimed at: a party or a place after at/on/against/toward/into (on the verb or its object)."""
    heads = [tok, *children(tok, sv, "dobj")]
    for c in (p for h in heads for p in children(h, sv, "prep")):
        if c.lower_ in _CONFLICT_PREPS:
            obj = pobj(c, sv)
            if obj is not None and any(t.i in sv.actor_at or t.i in sv.place_at for t in obj.subtree):
                return True
    return any(c.i in sv.actor_at or c.i in sv.place_at for c in children(tok, sv, "dobj"))


def _calls_party(tok: Any, sv: SentView) -> bool:
    """"Putin called Kim" (a party, nothing more) - not "called them heroes", "called it a victory"."""
    if any(True for _ in children(tok, sv, "oprd", "xcomp", "ccomp", "attr")):
        return False
    return any(c.i in sv.actor_at for c in children(tok, sv, "dobj")) or any(
        p.lower_ == "with" for p in children(tok, sv, "prep"))


def applicable(senses: tuple[Sense, ...], tok: Any, sv: SentView) -> list[Sense]:
    words = object_words(tok, sv)
    particles = _particle(tok, sv)
    out = []
    for s in senses:
        if s.particle and s.particle not in particles:
            continue
        if s.objects and not (s.objects & words):
            continue
        if s.target and not _targets(tok, sv):
            continue
        if s.party and not _calls_party(tok, sv):
            continue
        out.append(s)
    return out


def support_governor(noun: Any, sv: SentView) -> tuple[Any | None, list[Any]]:
    """The support verb that governs an event noun, and the support nouns on the way."""
    node, chain = noun, list[Any]()
    for _ in range(5):
        head = sv.head(node)
        if head is None:
            return None, chain
        if node.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and head.pos_ in ("VERB", "AUX"):
            return (head if head.lemma_.lower() in SUPPORT_VERBS else None), chain
        if node.dep_ in ("pobj", "pcomp") and head.lower_ in ("in", "into", "of"):
            governor = sv.head(head)
            if governor is None:
                return None, chain
            if governor.pos_ in ("NOUN", "PROPN") and governor.lemma_.lower() in SUPPORT_NOUNS:
                chain.append(governor)
                node = governor
                continue
            if governor.pos_ in ("VERB", "AUX") and head.lower_ != "of":
                return (governor if governor.lemma_.lower() in SUPPORT_VERBS else None), chain
            return None, chain
        if node.dep_ == "conj":
            node = head
            continue
        return None, chain
    return None, chain


def find_triggers(sv: SentView, extra: Mapping[str, tuple[str, str | None]]) -> list[Draft]:
    out: list[Draft] = []
    for tok in sv.span:
        lemma = tok.lemma_.lower()
        start, end = sv.pos(tok), sv.pos(tok) + len(tok.text)
        noun = tok.pos_ in ("NOUN", "PROPN")
        if _TEST_FIRE.match(tok.lower_) and (tok.lower_.startswith("test") or _hyphen_test(tok)):
            lemma, noun = "test-fire", False
            if _hyphen_test(tok):
                start = sv.pos(tok.doc[tok.i - 2])
        elif (tok.pos_ == "VERB" and (_modifier(tok, sv) or _imperative(tok, sv))) or (
                not noun and tok.pos_ != "VERB"):
            continue
        table = NOUNS if noun else VERBS
        senses = table.get(lemma)
        if senses is None and not noun and lemma in extra and lemma not in SPEECH_VERBS:
            type_, mode = extra[lemma]
            senses = (Sense(type_, mode, 0.5),)
        if senses is None:
            continue
        found = applicable(senses, tok, sv)
        if not found:
            continue
        support = None
        if noun:
            support, chain = support_governor(tok, sv)
            weak = all(s.weak for s in found)
            if support is None and not chain and not sv.headline and not _own_participants(tok, sv, weak=weak):
                continue
        if not noun and any(s.particle for s in found[:1]):
            nxt = tok.i + 1
            if nxt < sv.span.end and tok.doc[nxt].lower_ == found[0].particle:
                end = sv.pos(tok.doc[nxt]) + len(tok.doc[nxt].text)
            elif nxt + 1 < sv.span.end and tok.doc[nxt].text == "-" and tok.doc[nxt + 1].lower_ == found[0].particle:
                end = sv.pos(tok.doc[nxt + 1]) + len(tok.doc[nxt + 1].text)
        out.append(Draft(sv, tok, start, end, lemma, noun, found, support))
    return out


def _imperative(tok: Any, sv: SentView) -> bool:
    """"Visit our partner site", "Read more": a bare verb opening a sentence, with no subject."""
    first = next((t for t in sv.span if not (t.is_punct or t.is_space)), None)
    return bool(first is not None and first.i == tok.i and tok.tag_ == "VB"
                and not any(True for _ in children(tok, sv, "nsubj", "nsubjpass")))


def _modifier(tok: Any, sv: SentView) -> bool:
    """A participle used as an adjective ("retreating forces", "NATO-armed formation")."""
    node = tok
    for _ in range(4):
        if node.dep_ in ("amod", "compound", "npadvmod", "nmod"):
            return True
        head = sv.head(node)
        if node.dep_ != "conj" or head is None:
            return False
        node = head
    return False


def _own_participants(noun: Any, sv: SentView, *, weak: bool) -> bool:
    """A noun with participants of its own is an event even with no support verb ("Russia's attack on X");
    a weak noun needs a preposition naming one ("a war against X"), a name before it is not enough."""
    for c in noun.children:
        if not sv.inside(c):
            continue
        if not weak and c.dep_ in ("poss", "compound", "amod") and c.i in sv.actor_at:
            return True
        if c.dep_ == "prep" and c.lower_ in ("against", "between", "by", "with", "on", "of", "in", "at", "to"):
            obj = pobj(c, sv)
            if obj is not None and any(t.i in sv.actor_at for t in obj.subtree) and (
                    not weak or c.lower_ in ("against", "between", "by", "with")):
                return True
    return not weak


# -- roles ------------------------------------------------------------------------------------------------
def _first_actor(tok: Any, sv: SentView, ctx: ItemContext) -> Found | None:
    hits = nested_mentions(tok, sv, ctx)
    if not hits:
        return None
    depth, m = min(hits, key=lambda h: (h[0], h[1].start))
    return Found(as_participant(m), "phrase" if depth else "mention", tok.i)


def _by_actor(tok: Any, sv: SentView, ctx: ItemContext) -> Found | None:
    for c in children(tok, sv, "prep", "agent"):
        if c.lower_ == "by":
            obj = pobj(c, sv)
            if obj is not None and obj.i in sv.actor_at:
                return resolve(obj, sv, ctx, how="by:")
    return None


def _between(tok: Any, sv: SentView, ctx: ItemContext) -> tuple[Found | None, Found | None]:
    preps = [c for c in children(tok, sv, "prep") if c.lower_ == "between"]
    if not preps:  # "the Treaty on X between A and B": the parse often hangs "between" elsewhere
        preps = [t for t in sv.span if t.lower_ == "between" and 0 < t.i - tok.i <= 8]
    for prep in preps:
        first = pobj(prep, sv)
        if first is None:
            continue
        second = next((c for c in first.children if c.dep_ == "conj" and sv.inside(c)), None)
        a = resolve(first, sv, ctx, how="between:")
        b = resolve(second, sv, ctx, how="between:") if second is not None else None
        return a, b
    return None, None


def find_actor(d: Draft, ctx: ItemContext, speaker_actor: Found | None) -> Found | None:
    sv, tok, sense = d.sv, d.trigger, d.sense
    assert sense is not None
    if d.noun:
        for c in tok.children:
            if not sv.inside(c):
                continue
            if sense.mod_role == "actor" and (c.dep_ == "poss" or (c.dep_ in ("compound", "amod", "nmod")
                                                                   and c.i in sv.actor_at)):
                found = resolve(c, sv, ctx, how="modifier:")
                if found is not None:
                    return found
            if c.dep_ == "prep" and c.lower_ == "of" and sense.of_role == "actor":
                obj = pobj(c, sv)
                found = resolve(obj, sv, ctx, how="of:") if obj is not None else None
                if found is not None:
                    return found
        by = _by_actor(tok, sv, ctx)
        if by is not None:
            return by
        _, chain = support_governor(tok, sv)
        for support_noun in chain:
            for c in support_noun.children:
                if (c.dep_ == "poss" and sv.inside(c)) or (c.dep_ == "prep" and c.lower_ == "of" and sv.inside(c)):
                    target = c if c.dep_ == "poss" else pobj(c, sv)
                    found = resolve(target, sv, ctx, how="support-noun:") if target is not None else None
                    if found is not None:
                        return found
        verb = d.support
        if verb is None and chain:
            verb, _ = support_governor(chain[-1], sv)
        if verb is not None:
            by = _by_actor(verb, sv, ctx)
            if by is not None:
                return by
            subj, how = subject_token(verb, sv)
            if subj is not None:
                found = resolve(subj, sv, ctx, speaker_actor.participant if speaker_actor else None,
                                how="support:" + how + ":")
                if found is not None:
                    return found
        if sv.headline:
            return linear_actor(tok, sv, ctx)
        return None
    subj, how = subject_token(tok, sv)
    if subj is not None:
        found = resolve(subj, sv, ctx, speaker_actor.participant if speaker_actor else None, how=how + ":")
        if found is not None and not (found.how.endswith("unlinked") and subj.i in sv.place_at):
            return found  # a place does not act: "Kursk region liberated from ..." names no actor
    by = _by_actor(tok, sv, ctx)
    if by is not None:
        return by
    if sense.obj_role == "theme" and is_passive(tok, sv) and sense.type == "AID":
        # "troops were sent": the troops are the sender's
        for c in children(tok, sv, "nsubjpass"):
            found = _first_actor(c, sv, ctx)
            if found is not None:
                return Found(found.participant, "sent-forces", found.token)
    if sv.headline and not any(True for _ in children(tok, sv, "nsubj", "nsubjpass")):
        return linear_actor(tok, sv, ctx)
    return None


def _recipient_preps(type_: str) -> frozenset[str]:
    preps = _CONFLICT_PREPS if type_ in CONFLICT else _COOP_PREPS
    if type_ in _WITH_TYPES:
        preps = preps | {"with"}
    if type_ in ("RETREAT", "ASSAULT"):
        preps = preps | {"from"}
    return preps


def _party(obj: Any, sv: SentView, ctx: ItemContext, how: str, *, unlinked: bool) -> Found | None:
    """The participant an object names: an actor mention in its phrase; a bare noun phrase only if ``unlinked``.

    Event nouns ("the liberation", "a defeat") and idioms ("on the orders of") name no party."""
    lemma = obj.lemma_.lower()
    if obj.i not in sv.actor_at and (lemma in NOT_PARTIES or lemma in NOUNS):
        if lemma in NOT_PARTIES:
            return None
        for prep in children(obj, sv, "prep"):  # "the liberation of the territory of the Russian Federation"
            inner = pobj(prep, sv) if prep.lower_ == "of" else None
            found = _first_actor(inner, sv, ctx) if inner is not None else None
            if found is not None:
                return found
        return None
    found = resolve(obj, sv, ctx, how=how, places=True)
    if found is not None and found.participant.actor_id is None:
        found = _first_actor(obj, sv, ctx) or found
    if found is not None and found.participant.actor_id is None and not unlinked and obj.i not in sv.actor_at \
            and not found.how.endswith("place"):
        return None
    return found


def find_recipient(d: Draft, ctx: ItemContext, actor: Found | None) -> Found | None:
    sv, tok, sense = d.sv, d.trigger, d.sense
    assert sense is not None
    preps = _recipient_preps(sense.type)
    cands: list[Found] = []
    anchors = [tok] + ([d.support] if d.support is not None else [])
    for anchor in anchors:
        for c in anchor.children:
            if not sv.inside(c):
                continue
            found: Found | None = None
            if c.dep_ in ("prep", "dative") and (c.lower_ in preps or (c.dep_ == "dative" and c.lower_ == "to")):
                obj = pobj(c, sv)
                if obj is not None:
                    found = _party(obj, sv, ctx, c.lower_ + ":", unlinked=False)
            elif c.dep_ == "dative" and c.pos_ in ("NOUN", "PROPN", "PRON"):
                found = _party(c, sv, ctx, "dative:", unlinked=True)
            elif c.dep_ == "prep" and c.lower_ == "of" and d.noun and sense.of_role == "recipient" and anchor is tok:
                obj = pobj(c, sv)
                if obj is not None:
                    found = _party(obj, sv, ctx, "of:", unlinked=True)
            elif c.dep_ == "dobj" and not d.noun and sense.obj_role in ("recipient", "owner") and anchor is tok:
                found = _party(c, sv, ctx, "dobj:", unlinked=sense.obj_role == "recipient")
            elif d.noun and anchor is tok and sense.mod_role == "recipient" and c.dep_ in ("poss", "compound", "amod") \
                    and c.i in sv.actor_at:
                found = resolve(c, sv, ctx, how="modifier:")
            if found is not None:
                cands.append(found)
    if not d.noun and sense.obj_role in ("recipient", "owner") and is_passive(tok, sv):
        passives = list(children(tok, sv, "nsubjpass"))
        if not passives and tok.dep_ in ("relcl", "acl") and sv.head(tok) is not None:
            passives = [sv.head(tok)]  # "roads to be secured": the noun is what is acted on
        for c in passives:
            found = _party(c, sv, ctx, "nsubjpass:", unlinked=sense.obj_role == "recipient")
            if found is not None:
                cands.append(found)
    nested_ok = sense.of_role == "recipient" if d.noun else sense.obj_role in ("recipient", "owner")
    if not cands and nested_ok:
        # "cut off roads connected to the ROK", "assisted in liberating the Kursk region of Russia"
        for c in tok.children:
            if sv.inside(c) and c.dep_ in ("dobj", "prep", "nsubjpass", "acl") and c.lower_ not in _WHERE:
                for depth, m in sorted(nested_mentions(c, sv, ctx), key=lambda h: (h[0], h[1].start)):
                    cands.append(Found(as_participant(m), f"nested{depth}", c.i))
    # a known party before a bare noun phrase ("fired shells at Kharkiv": Kharkiv)
    cands.sort(key=lambda f: not (f.participant.actor_id or f.participant.country))
    for found in cands:
        p = found.participant
        if actor is not None and (same_party(p, actor.participant) or (
                actor.participant.country and p.country == actor.participant.country
                and (found.how.startswith("nested") or sense.type in ("MOBILIZE", "SUPPORT")
                     or sense.obj_role == "owner"))):
            continue
        return found
    return None


def between(d: Draft, ctx: ItemContext) -> tuple[Found | None, Found | None]:
    """"a treaty between A and B", "clashes between A and B": the two parties."""
    assert d.sense is not None
    if d.sense.type not in BETWEEN_TYPES:
        return None, None
    for anchor in [d.trigger] + ([d.support] if d.support is not None else []):
        a, b = _between(anchor, d.sv, ctx)
        if a is not None:
            return a, b
    return None, None


# -- merging ----------------------------------------------------------------------------------------------
def _absorb(keep: Draft, other: Draft) -> None:
    if keep.actor is None:
        keep.actor = other.actor
    if keep.recipient is None and other.recipient is not None and not (
            keep.actor is not None and same_party(keep.actor.participant, other.recipient.participant)):
        keep.recipient = other.recipient
    if keep.place is None:
        keep.place, keep.place_how = other.place, other.place_how
    spans = [(f.participant.start, f.participant.end) for f in (keep.actor, keep.recipient)
             if f is not None and not f.how.endswith("place")]
    if keep.place is not None and any(s <= keep.place.start < e for s, e in spans):
        keep.place, keep.place_how = None, None  # the place named a party: "sanctions on Pyongyang"
    if keep.date is None:
        keep.date = other.date
    if keep.fatalities is None:
        keep.fatalities = other.fatalities
    keep.mode = keep.mode or other.mode
    keep.contexts = [c for c in CONTEXT_ORDER if c in set(keep.contexts) | set(other.contexts)]
    keep.confidence = max(keep.confidence, other.confidence)
    keep.aux |= other.aux
    keep.merged.append(other.trigger.text)


def merge_sentence(drafts: list[Draft]) -> list[Draft]:
    """Merge same-type events of one sentence that are one event."""
    out: list[Draft] = []
    for d in sorted(drafts, key=lambda d: -d.confidence):
        for k in out:
            if k.type != d.type or k.aux - {"historical"} != d.aux - {"historical"} or k.derived != d.derived:
                continue
            ka = k.actor.participant if k.actor else None
            da = d.actor.participant if d.actor else None
            kr = k.recipient.participant if k.recipient else None
            dr = d.recipient.participant if d.recipient else None
            related = (d.trigger.i in {t.i for t in k.trigger.subtree}
                       or k.trigger.i in {t.i for t in d.trigger.subtree}
                       or d.trigger.head.i == k.trigger.i or k.trigger.head.i == d.trigger.i
                       or (d.support is not None and d.support.i == k.trigger.i)
                       or (k.support is not None and k.support.i == d.trigger.i))
            same = ka is not None and da is not None and same_party(ka, da) and (
                kr is None or dr is None or same_party(kr, dr))
            kin = k.lemma[:6] == d.lemma[:6] and not (ka is None and da is None and kr is None and dr is None
                                                    and not k.noun and not d.noun)
            if ((related or kin) and compatible(ka, da) and compatible(kr, dr)) or same:
                _absorb(k, d)
                break
        else:
            out.append(d)
    out.sort(key=lambda d: d.trigger.i)
    return out[:MAX_PER_SENTENCE]
