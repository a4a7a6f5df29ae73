"""A dictionary event coder in the manner of PETRARCH: verb patterns, no learning.

Each sentence is parsed with spaCy. Verbs are visited from the root down its
clausal chain (``xcomp``, ``ccomp``, ``conj``, then ``advcl``), then every other
verb left to right; the first verb that matches a pattern of the lexicon gives
the event. A pattern is a verb lemma, optionally with a required particle
(``call on``, ``crack down``) or a required object head (``sign … agreement``,
``impose … sanction``); patterns with a requirement win over the bare verb. A
verb outside the lexicon whose object is an event noun (``announced a
suspension``, ``ordered patrols``) is coded by the noun. Source = the subject
noun phrase (the agent of a passive; the controlling verb's subject for ``agreed
to cooperate``), target = the direct object, else the object of ``on``,
``against``, ``with``, ``to``…; for a passive without an object, the passive
subject.

The lexicon is written from the CAMEO→PLOVER conversion table and the PLOVER
type definitions, not fitted to any data. ``verb_lexicon()`` exports the bare
verbs (lemma -> (type, mode)) for the main extractor; ``phrase_lexicon()`` the
patterns with a particle or an object.

Coarse class: the PLOVER quad of the type, except appeals (``urge``, ``call
on``, ``appeal``: CAMEO root 02), which the cameo-sentences data counts as
``neutral``; a sentence with no coded verb is ``neutral``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, NamedTuple

from counterpoint.extract.typing.labels import TYPE_QUAD

# -- the lexicon ---------------------------------------------------------------------
# (verb lemmas, requirement, TYPE, mode). Requirement: "" (the bare verb), "+word|word"
# (a particle or preposition child), or "word|word" (the head lemma of the object).
# Entries whose mode ends in "*" are appeals: coarse class neutral (the "*" is dropped).
_PATTERNS: tuple[tuple[str, str, str, str], ...] = (
    # verbal cooperation
    ("agree concur pledge promise commit offer ratify", "", "AGREE", ""),
    ("reach strike sign conclude ink seal finalise finalize broker negotiate initial",
     "agreement deal accord treaty pact memorandum settlement contract compromise consensus understanding "
     "protocol declaration", "AGREE", ""),
    ("express voice signal show indicate", "willingness readiness desire intention interest commitment", "AGREE", ""),
    ("meet visit consult confer negotiate discuss", "", "CONSULT", ""),
    ("telephone phone", "", "CONSULT", "phone"),
    ("call ring", "minister president counterpart leader premier chancellor king secretary", "CONSULT", "phone"),
    ("host receive", "delegation minister president counterpart envoy leader ambassador official premier "
     "king emir", "CONSULT", "visit"),
    ("travel fly arrive", "+to|in", "CONSULT", "visit"),
    ("mediate", "", "CONSULT", "third-party"),
    ("hold have begin start resume open conduct enter undertake launch",
     "talk meeting negotiation consultation discussion summit conversation dialogue mediation",
     "CONSULT", ""),
    ("praise commend welcome endorse back support hail applaud congratulate thank laud salute",
     "", "SUPPORT", ""),
    ("defend", "+against", "SUPPORT", ""),
    ("apologise apologize forgive recognise recognize reaffirm", "", "SUPPORT", ""),
    ("establish restore upgrade normalise normalize resume", "tie relation relationship", "SUPPORT", ""),
    ("express voice extend offer send convey", "support solidarity condolence sympathy gratitude appreciation "
     "congratulation backing", "SUPPORT", ""),
    ("concede yield accede relent capitulate", "", "CONCEDE", ""),
    ("allow permit", "", "CONCEDE", ""),
    ("accept grant", "demand request condition amnesty pardon autonomy", "CONCEDE", ""),
    ("pardon", "", "CONCEDE", ""),
    ("lift ease relax cancel scrap revoke", "ban restriction curfew emergency law", "CONCEDE", ""),
    ("call", "+off", "CONCEDE", ""),
    ("back give", "+down|up|in", "CONCEDE", ""),
    # material cooperation
    ("cooperate collaborate partner", "", "COOPERATE", ""),
    ("share exchange", "intelligence information evidence expertise data technology", "COOPERATE", "intelligence"),
    ("extradite", "", "COOPERATE", "legal"),
    ("invest", "", "COOPERATE", "economic"),
    ("aid assist help donate fund finance rescue evacuate shelter", "", "AID", ""),
    ("send deliver provide supply give donate ship grant airlift hand channel",
     "aid assistance food medicine medication supply money loan fund funding grain vaccine equipment weapon arm "
     "ammunition dollar euro relief help support tent water fuel", "AID", ""),
    ("grant give offer", "asylum refuge", "AID", "asylum"),
    ("send deploy dispatch", "peacekeeper peacekeeping observer monitor", "AID", "peacekeeping"),
    ("withdraw retreat evacuate", "", "RETREAT", "withdraw"),
    ("pull", "+out|back", "RETREAT", "withdraw"),
    ("release free", "", "RETREAT", "release"),
    ("hand return", "prisoner body detainee hostage territory control power captive", "RETREAT", "release"),
    ("surrender disarm demobilise demobilize", "", "RETREAT", "disarm"),
    ("declare announce observe", "ceasefire truce", "RETREAT", "ceasefire"),
    ("lift ease relax end", "sanction embargo blockade siege", "RETREAT", "withdraw"),
    ("resign quit abdicate", "", "RETREAT", "resign"),
    ("step", "+down", "RETREAT", "resign"),
    ("open reopen", "border crossing corridor airspace port checkpoint", "RETREAT", "access"),
    ("pay", "compensation reparation", "RETREAT", ""),
    # verbal conflict
    ("demand insist", "", "REQUEST", ""),
    ("urge appeal request ask plead beseech seek invite exhort implore", "", "REQUEST", "*"),
    ("call", "+on|upon|for", "REQUEST", "*"),
    ("issue make launch", "appeal plea call request", "REQUEST", "*"),
    ("make issue", "demand", "REQUEST", ""),
    ("accuse blame condemn denounce criticise criticize censure deplore decry slam lambast rebuke chide "
     "castigate disapprove fault assail blast berate reproach vilify", "", "ACCUSE", "disapprove"),
    ("allege complain sue", "", "ACCUSE", "allege"),
    ("lodge file submit bring", "protest complaint lawsuit suit grievance", "ACCUSE", "allege"),
    ("level make raise", "accusation allegation charge claim", "ACCUSE", "allege"),
    ("express voice", "concern outrage anger regret disapproval opposition displeasure indignation dismay "
     "alarm", "ACCUSE", "disapprove"),
    ("investigate probe", "", "ACCUSE", "investigate"),
    ("launch open begin start conduct order", "investigation probe inquiry enquiry", "ACCUSE", "investigate"),
    ("lash speak", "+out", "ACCUSE", "disapprove"),
    ("reject refuse decline deny dismiss rebuff spurn veto oppose repudiate disavow", "", "REJECT", ""),
    ("defy flout violate", "", "REJECT", "yield"),
    ("turn", "+down", "REJECT", ""),
    ("threaten warn menace", "", "THREATEN", ""),
    ("issue give deliver make", "ultimatum threat warning", "THREATEN", ""),
    # material conflict
    ("protest demonstrate rally march riot picket", "", "PROTEST", "demo"),
    ("boycott", "", "PROTEST", "boycott"),
    ("stage hold organise organize go call launch begin", "strike protest demonstration rally march sit walkout "
     "boycott", "PROTEST", "demo"),
    ("block barricade", "road highway street entrance access route railway", "PROTEST", "obstruct"),
    ("sanction", "", "SANCTION", ""),
    ("impose slap announce", "sanction embargo tariff penalty", "SANCTION", ""),
    ("expel", "", "SANCTION", "expel"),
    ("recall", "ambassador envoy diplomat", "SANCTION", "withdraw"),
    ("suspend halt cut freeze stop end reduce terminate",
     "aid assistance funding supply cooperation talk negotiation mediation link flight export import trade tie "
     "relation relationship program programme loan", "SANCTION", "discontinue"),
    ("sever break downgrade", "tie relation relationship", "SANCTION", "withdraw"),
    ("break cut", "+off", "SANCTION", "withdraw"),
    ("cancel postpone", "visit trip talk meeting summit", "SANCTION", "withdraw"),
    ("convict sentence", "", "SANCTION", "convict"),
    ("mobilise mobilize deploy mass station", "", "MOBILIZE", "troops"),
    ("send deploy dispatch move reinforce bolster strengthen boost", "troop soldier force warship jet tank "
     "reinforcement unit battalion brigade presence ship aircraft", "MOBILIZE", "troops"),
    ("hold conduct stage launch carry begin start", "exercise drill maneuver manoeuvre wargame game test",
     "MOBILIZE", "weapons"),
    ("test", "missile rocket weapon bomb device", "MOBILIZE", "weapons"),
    ("drill patrol", "", "MOBILIZE", "troops"),
    ("put place", "alert", "MOBILIZE", "troops"),
    ("arrest detain jail imprison apprehend", "", "COERCE", "arrest"),
    ("charge indict prosecute", "", "COERCE", "arrest"),
    ("seize confiscate occupy annex capture", "", "COERCE", "seize"),
    ("take seize capture regain retake", "control town city village territory area base", "COERCE", "seize"),
    ("demolish bulldoze raze", "", "COERCE", "seize"),
    ("deport", "", "COERCE", "deport"),
    ("censor", "", "COERCE", "censor"),
    ("hack", "", "COERCE", "cyber"),
    ("ban outlaw prohibit", "", "COERCE", "restrict"),
    ("crack", "+down", "COERCE", "restrict"),
    ("impose declare", "curfew", "COERCE", "curfew"),
    ("impose declare", "emergency siege", "COERCE", "martial-law"),
    ("impose tighten reimpose", "restriction ban blockade limit control", "COERCE", "restrict"),
    ("blockade besiege", "", "COERCE", "restrict"),
    ("close shut seal", "border crossing airspace port embassy office newspaper station channel outlet website",
     "COERCE", "restrict"),
    ("attack assault raid ambush storm invade overrun", "", "ASSAULT", ""),
    ("strike hit target", "", "ASSAULT", "targeted"),
    ("shell bombard pound", "", "ASSAULT", "heavy-weapons"),
    ("bomb airstrike", "", "ASSAULT", "aerial"),
    ("kill murder massacre slaughter execute behead assassinate wound injure maim", "", "ASSAULT", ""),
    ("shoot gun", "", "ASSAULT", "firearms"),
    ("fire launch", "missile rocket shell mortar", "ASSAULT", "heavy-weapons"),
    ("open", "fire", "ASSAULT", "firearms"),
    ("fire", "+on|at|upon", "ASSAULT", "firearms"),
    ("shoot", "+down", "ASSAULT", "firearms"),
    ("blow", "+up", "ASSAULT", "explosives"),
    ("torture", "", "ASSAULT", "torture"),
    ("rape", "", "ASSAULT", "sexual"),
    ("beat stab", "", "ASSAULT", "beat"),
    ("kidnap abduct hijack", "", "ASSAULT", "abduct"),
    ("take", "hostage", "ASSAULT", "abduct"),
    ("fight clash battle", "", "ASSAULT", ""),
    ("launch carry conduct mount begin start step intensify escalate resume continue wage",
     "attack offensive strike airstrike raid bombing bombardment shelling assault ambush incursion invasion "
     "operation war campaign", "ASSAULT", ""),
)

#: Event nouns that code a verb outside the lexicon when they head its object (or its subject).
_NOUNS: dict[str, tuple[str, str]] = {
    **dict.fromkeys([
        "attack", "offensive", "airstrike", "raid", "bombing", "bombardment", "shelling", "assault",
        "ambush", "incursion", "invasion", "massacre", "killing", "clash", "clashes", "fighting",
    ], ("ASSAULT", "")),
    **dict.fromkeys(["protest", "demonstration", "rally", "riot", "boycott", "walkout"], ("PROTEST", "demo")),
    **dict.fromkeys(["talk", "meeting", "negotiation", "summit", "visit", "consultation"], ("CONSULT", "")),
    **dict.fromkeys([
        "exercise", "drill", "patrol", "deployment", "mobilization", "mobilisation",
    ], ("MOBILIZE", "troops")),
    **dict.fromkeys(["investigation", "probe", "inquiry"], ("ACCUSE", "investigate")),
    **dict.fromkeys(["accusation", "condemnation", "criticism", "allegation"], ("ACCUSE", "disapprove")),
    **dict.fromkeys(["sanction", "embargo", "suspension", "expulsion"], ("SANCTION", "")),
    **dict.fromkeys(["ceasefire", "truce", "withdrawal", "pullout"], ("RETREAT", "")),
    **dict.fromkeys(["agreement", "deal", "accord", "treaty", "pact"], ("AGREE", "")),
    **dict.fromkeys(["aid", "assistance", "donation"], ("AID", "")),
    **dict.fromkeys(["arrest", "detention", "crackdown", "curfew", "blockade"], ("COERCE", "")),
    **dict.fromkeys(["threat", "ultimatum"], ("THREATEN", "")),
    **dict.fromkeys(["demand"], ("REQUEST", "")),
}
#: Verbs whose subject event noun is the event ("clashes erupted", "protests continued").
_HAPPEN = frozenset([
    "erupt", "break", "continue", "occur", "escalate", "intensify", "spread", "rage", "resume", "flare", "take",
])
#: Nouns that stand for a quantity of their "of" complement ("a series of attacks").
_QUANTITY = frozenset([
    "series", "number", "wave", "spate", "round", "string", "barrage", "couple", "dozen", "hundred", "thousand",
])
#: Object heads that name an actor: a pattern that requires one ("call … minister") makes it the target.
_ACTOR_NOUNS = frozenset([
    "minister", "president", "counterpart", "leader", "premier", "chancellor", "king", "secretary",
    "delegation", "envoy", "ambassador", "official", "emir", "diplomat",
])
#: Prepositions whose object is the target.
_TARGET_PREPS = frozenset(["on", "against", "with", "to", "at", "into", "upon", "toward", "towards"])
#: Dependents left out of a noun phrase span.
_CUT = frozenset({"relcl", "acl", "advcl", "punct"})
_SUBJECTS = frozenset({"nsubj", "csubj"})
_CLAUSAL = ("xcomp", "ccomp", "conj", "parataxis", "advcl")


class Entry(NamedTuple):
    """One pattern of the lexicon."""

    lemmas: frozenset[str]
    particles: frozenset[str]
    objects: frozenset[str]
    type: str
    mode: str
    appeal: bool


def _build() -> tuple[Entry, ...]:
    out: list[Entry] = []
    for verbs, need, etype, mode in _PATTERNS:
        if etype not in TYPE_QUAD:
            raise ValueError(f"unknown PLOVER type {etype!r} in the lexicon")
        particles = frozenset(need[1:].split("|")) if need.startswith("+") else frozenset()
        objects = frozenset(need.split()) if need and not need.startswith("+") else frozenset()
        appeal = mode.endswith("*")
        out.append(Entry(frozenset(verbs.split()), particles, objects, etype, mode.rstrip("*"), appeal))
    return tuple(out)


ENTRIES: tuple[Entry, ...] = _build()
_BY_LEMMA: dict[str, list[Entry]] = {}
for _e in ENTRIES:
    for _lemma in _e.lemmas:
        _BY_LEMMA.setdefault(_lemma, []).append(_e)
# patterns with a requirement are tried before the bare verb
for _lst in _BY_LEMMA.values():
    _lst.sort(key=lambda e: not (e.particles or e.objects))


def verb_lexicon() -> dict[str, tuple[str, str]]:
    """Bare verbs: lemma -> (PLOVER type, mode); mode is "" when the verb implies none."""
    out: dict[str, tuple[str, str]] = {}
    for e in ENTRIES:
        if not e.particles and not e.objects:
            for lemma in sorted(e.lemmas):
                out.setdefault(lemma, (e.type, e.mode))
    return out


def phrase_lexicon() -> list[tuple[str, str, str, str]]:
    """Patterns with a requirement: (verb lemma, "+particle" or object head lemma, type, mode)."""
    out: list[tuple[str, str, str, str]] = []
    for e in ENTRIES:
        for lemma in sorted(e.lemmas):
            out.extend((lemma, f"+{p}", e.type, e.mode) for p in sorted(e.particles))
            out.extend((lemma, o, e.type, e.mode) for o in sorted(e.objects))
    return out


def noun_lexicon() -> dict[str, tuple[str, str]]:
    """Event nouns: lemma -> (type, mode)."""
    return dict(_NOUNS)


def quad_of(etype: str, *, appeal: bool = False) -> str:
    """The coarse class of a coded event (appeals are ``neutral``)."""
    return "neutral" if appeal else TYPE_QUAD[etype]


# -- surface forms, for features that must not need a parser -----------------------------
_IRREGULAR: dict[str, tuple[str, ...]] = {
    "strike": ("struck", "stricken"), "shoot": ("shot",), "hold": ("held",), "meet": ("met",), "send": ("sent",),
    "give": ("gave", "given"), "fight": ("fought",), "take": ("took", "taken"), "withdraw": ("withdrew", "withdrawn"),
    "blow": ("blew", "blown"), "break": ("broke", "broken"), "seek": ("sought",), "forgive": ("forgave", "forgiven"),
    "beat": ("beaten",), "begin": ("began", "begun"), "bring": ("brought",), "fly": ("flew", "flown"),
    "undertake": ("undertook", "undertaken"), "shut": (), "cut": (), "put": (), "quit": (), "hit": (), "wage": (),
    "lead": ("led",), "make": ("made",), "pay": ("paid",), "go": ("went", "gone"), "sell": ("sold",),
}


def surface_forms(lemma: str) -> set[str]:
    """Plausible inflected forms of an English verb or noun lemma (over-generation is harmless here)."""
    forms = {lemma, *_IRREGULAR.get(lemma, ())}
    vowels = "aeiou"
    if lemma.endswith(("ee", "ye", "oe")):
        forms |= {lemma + "s", lemma + "d", lemma + "ing"}
    elif lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in vowels:
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    else:
        forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
        if lemma.endswith(("s", "x", "z", "ch", "sh")):
            forms.add(lemma + "es")
        if (len(lemma) >= 3 and lemma[-1] not in vowels + "wxy" and lemma[-2] in vowels
                and lemma[-3] not in vowels):
            forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


def surface_lexicon() -> dict[str, str]:
    """Word form -> PLOVER type, for every bare verb and event noun (first meaning wins)."""
    out: dict[str, str] = {}
    for lemma, (etype, _mode) in {**verb_lexicon(), **{k: v for k, v in _NOUNS.items()}}.items():
        for form in surface_forms(lemma):
            out.setdefault(form, etype)
    return out


# -- coding --------------------------------------------------------------------------
class Phrase(NamedTuple):
    """A token span of the coded sentence: ``text == doc[tok_start:tok_end].text``, char offsets into doc.text."""

    text: str
    start: int
    end: int
    tok_start: int
    tok_end: int


@dataclass(frozen=True, slots=True)
class CodedEvent:
    """One event the dictionary coder found."""

    type: str
    mode: str
    quad: str
    trigger: Phrase
    source: Phrase | None
    target: Phrase | None
    negated: bool
    pattern: str


def _phrase(doc: Any, i: int, j: int) -> Phrase:
    start, end = doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text)
    return Phrase(doc.text[start:end], start, end, i, j)


def np_span(tok: Any) -> tuple[int, int]:
    """Token bounds of the noun phrase headed by ``tok``: its subtree without relative clauses,
    adverbial clauses and edge punctuation, kept contiguous around the head."""
    keep = {tok.i}
    stack = [c for c in tok.children if c.dep_ not in _CUT]
    while stack:
        t = stack.pop()
        keep.add(t.i)
        stack.extend(c for c in t.children if c.dep_ not in ("relcl", "acl", "advcl"))
    lo = hi = tok.i
    while lo - 1 in keep:
        lo -= 1
    while hi + 1 in keep:
        hi += 1
    doc = tok.doc
    while lo < tok.i and (doc[lo].is_punct or doc[lo].dep_ == "cc"):
        lo += 1
    while hi > tok.i and (doc[hi].is_punct or doc[hi].dep_ == "cc"):
        hi -= 1
    return lo, hi + 1


def _object_heads(verb: Any) -> Iterator[Any]:
    """Heads that count as the verb's object for pattern matching, nearest first."""
    for c in verb.children:
        if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd", "dative", "npadvmod", "obj"):
            yield c
            yield from _quantified(c)
    for c in verb.children:
        if c.dep_ in ("prep", "agent", "prt"):
            for g in c.children:
                if g.dep_ == "pobj":
                    yield g
                    yield from _quantified(g)
    for c in verb.children:
        if c.dep_ == "xcomp" and c.pos_ in ("NOUN", "PROPN"):
            yield c


def _quantified(tok: Any) -> Iterator[Any]:
    if tok.lemma_.lower() in _QUANTITY:
        for p in tok.children:
            if p.dep_ == "prep" and p.lower_ == "of":
                yield from (g for g in p.children if g.dep_ == "pobj")


def _heads(tok: Any) -> set[str]:
    """The lemma and form of a noun with those of its compound modifiers ("Foreign Minister X")."""
    out = {tok.lemma_.lower(), tok.lower_}
    out.update(c.lemma_.lower() for c in tok.children if c.dep_ == "compound")
    return out


def _particles(verb: Any) -> set[str]:
    return {c.lower_ for c in verb.children if c.dep_ in ("prt", "prep")}


def _match(verb: Any) -> tuple[Entry, Any | None] | tuple[None, None]:
    """The best entry for ``verb`` and the object head it required (if any)."""
    lemma = verb.lemma_.lower()
    entries = _BY_LEMMA.get(lemma, ())
    if not entries:
        return None, None
    particles = _particles(verb)
    objects = list(_object_heads(verb))
    tested = any(c.lower_ == "test" for c in verb.children if c.i < verb.i)
    for e in entries:
        if e.particles:
            if particles & e.particles:
                return e, None
        elif e.objects:
            for o in objects:
                if _heads(o) & e.objects:
                    if tested and e.type == "ASSAULT":  # "test-fired a missile"
                        break
                    return e, o
        else:
            return e, None
    if tested:
        return Entry(frozenset({lemma}), frozenset(), frozenset(), "MOBILIZE", "weapons", False), None
    return None, None


def _candidate_verbs(doc: Any) -> list[Any]:
    """Verbs (and a nominal root) in visiting order: root chain first, then the rest left to right."""
    roots = [t for t in doc if t.dep_ == "ROOT"]
    seen: set[int] = set()
    order: list[Any] = []
    queue = list(roots)
    while queue:
        t = queue.pop(0)
        if t.i in seen:
            continue
        seen.add(t.i)
        order.append(t)
        for dep in _CLAUSAL:
            queue.extend(c for c in t.children if c.dep_ == dep and c.i not in seen)
    order.extend(t for t in doc if t.pos_ in ("VERB", "AUX") and t.i not in seen)
    return [t for t in order if t.pos_ in ("VERB", "AUX") or t.dep_ == "ROOT"]


def _subject(verb: Any) -> tuple[Any | None, bool]:
    """(subject head, passive?) of ``verb``: its own, or its controller's for xcomp/conj/advcl chains."""
    t = verb
    for _ in range(6):
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in t.children)
        if passive:
            for c in t.children:
                if c.dep_ == "agent":
                    for g in c.children:
                        if g.dep_ == "pobj":
                            return g, True
            return None, True
        for c in t.children:
            if c.dep_ in _SUBJECTS:
                if c.lower_ in ("who", "which", "that") and t.dep_ == "relcl":
                    return t.head, False
                return c, False
        if t.dep_ in ("xcomp", "conj", "advcl", "ccomp", "pcomp") and t.head is not t:
            t = t.head
            continue
        if t.dep_ in ("relcl", "acl") and t.head is not t:
            return t.head, False
        break
    return None, False


def _target(verb: Any, used: Any | None) -> Any | None:
    """Target head: dative, then direct object (unless it is the event noun), then objects of target
    prepositions on the event noun or the verb; for a passive, the passive subject."""
    for c in verb.children:
        if c.dep_ == "dative" and c.pos_ in ("NOUN", "PROPN", "PRON"):
            if c.lower_ in ("to",):
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
                continue
            return c
    for c in verb.children:
        if (c.dep_ in ("dobj", "obj") and (used is None or c.i != used.i) and c.lemma_.lower() not in _QUANTITY
                and not (c.lemma_.lower() in _NOUNS and used is None and c.pos_ == "NOUN"
                         and not _has_target_prep(c))):
            return c
    for owner in (used, verb):
        if owner is None:
            continue
        for c in owner.children:
            if c.dep_ in ("prep", "dative") and c.lower_ in _TARGET_PREPS:
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
    for c in verb.children:
        if c.dep_ == "nsubjpass":
            return c
    for c in verb.children:
        if c.dep_ in ("dobj", "obj") and (used is None or c.i != used.i):
            return c
    return None


def _has_target_prep(tok: Any) -> bool:
    return any(c.dep_ == "prep" and c.lower_ in _TARGET_PREPS for c in tok.children)


def _event_at(doc: Any, verb: Any) -> CodedEvent | None:
    entry, used = _match(verb)
    noun_coded = False
    if entry is None:
        # a verb outside the lexicon coded by its event-noun object, or a happening with an event-noun subject
        for o in _object_heads(verb):
            hit = _NOUNS.get(o.lemma_.lower())
            if hit and o.dep_ != "nsubjpass":
                entry = Entry(frozenset({verb.lemma_.lower()}), frozenset(), frozenset({o.lemma_.lower()}),
                              hit[0], hit[1], False)
                used, noun_coded = o, True
                break
        if entry is None and verb.lemma_.lower() in _HAPPEN:
            for c in verb.children:
                hit = _NOUNS.get(c.lemma_.lower())
                if c.dep_ in _SUBJECTS and hit:
                    ev_src = None
                    for p in c.children:
                        if p.dep_ == "prep" and p.lower_ in ("by", "of"):
                            ev_src = next((g for g in p.children if g.dep_ == "pobj"), None)
                    tgt = next((g for p in c.children if p.dep_ == "prep" and p.lower_ in _TARGET_PREPS
                                for g in p.children if g.dep_ == "pobj"), None)
                    return _make(doc, verb, Entry(frozenset(), frozenset(), frozenset(), hit[0], hit[1], False),
                                 ev_src, tgt, f"{c.lemma_.lower()} <{verb.lemma_.lower()}>", trigger=c)
        if entry is None:
            return None
    subj, passive = _subject(verb)
    target = used if used is not None and _heads(used) & _ACTOR_NOUNS else _target(verb, used)
    if passive and target is not None and target.dep_ != "nsubjpass":
        # "X was attacked by Y": the passive subject is the target when nothing else is
        for c in verb.children:
            if c.dep_ == "nsubjpass" and target.head is verb and target.dep_ not in ("dobj", "dative"):
                target = c
    if subj is not None and target is not None and subj.i == target.i:
        target = None
    lemma = verb.lemma_.lower()
    req = (f" +{'|'.join(sorted(entry.particles))}" if entry.particles
           else f" … {used.lemma_.lower()}" if used is not None else "")
    pattern = f"{lemma}{req}" + (" (noun)" if noun_coded else "")
    return _make(doc, verb, entry, subj, target, pattern)


def _make(doc: Any, verb: Any, entry: Entry, subj: Any | None, target: Any | None, pattern: str,
          trigger: Any | None = None) -> CodedEvent:
    trig = trigger if trigger is not None else verb
    negated = any(c.dep_ == "neg" for c in verb.children)
    return CodedEvent(
        type=entry.type, mode=entry.mode, quad=quad_of(entry.type, appeal=entry.appeal),
        trigger=_phrase(doc, trig.i, trig.i + 1),
        source=_phrase(doc, *np_span(subj)) if subj is not None else None,
        target=_phrase(doc, *np_span(target)) if target is not None else None,
        negated=negated, pattern=pattern)


class DictionaryCoder:
    """Codes sentences with the lexicon. ``load()`` gives one per process (spaCy loaded once)."""

    _instance: ClassVar[DictionaryCoder | None] = None
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, nlp: Any | None = None) -> None:
        if nlp is None:
            from counterpoint.annotate.nlp import bare_nlp

            nlp = bare_nlp()
        self.nlp = nlp

    @classmethod
    def load(cls) -> DictionaryCoder:
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    def parse_tokens(self, tokens: Sequence[str]) -> Any:
        """A parsed spaCy Doc over exactly these tokens."""
        from spacy.tokens import Doc

        return self.nlp(Doc(self.nlp.vocab, words=list(tokens) or [""]))

    def code_doc(self, doc: Any) -> list[CodedEvent]:
        """Events of a parsed sentence (or of each sentence of a longer doc), main event first."""
        out: list[CodedEvent] = []
        sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        for sent in sents:
            sub = sent.as_doc() if len(sents) > 1 else doc
            offset_tok, offset_char = (sent.start, sent.start_char) if len(sents) > 1 else (0, 0)
            seen: set[int] = set()
            for verb in _candidate_verbs(sub):
                ev = _event_at(sub, verb)
                if ev is None or ev.trigger.tok_start in seen:
                    continue
                seen.add(ev.trigger.tok_start)
                out.append(_shift(ev, offset_tok, offset_char, doc.text) if offset_tok or offset_char else ev)
        return out

    def code_sentences(self, doc: Any) -> list[list[CodedEvent]]:
        """Events of each sentence of a parsed doc (offsets into ``doc``), one list per sentence."""
        out: list[list[CodedEvent]] = []
        for sent in doc.sents:
            events = self.code_doc(sent.as_doc())
            out.append([_shift(ev, sent.start, sent.start_char, doc.text) for ev in events])
        return out

    def code(self, text: str) -> list[CodedEvent]:
        """Events of ``text``, main event first."""
        return self.code_doc(self.nlp(text))

    def code_tokens(self, tokens: Sequence[str]) -> list[CodedEvent]:
        """Events of a pre-tokenised sentence; token offsets index ``tokens``."""
        return self.code_doc(self.parse_tokens(tokens))

    def quad(self, text: str) -> str:
        """The coarse class of the main event, ``neutral`` when nothing is coded."""
        events = self.code(text)
        return events[0].quad if events else "neutral"

    def code_many(self, texts: Sequence[str]) -> list[list[CodedEvent]]:
        return [self.code_doc(doc) for doc in self.nlp.pipe(list(texts), batch_size=64)]


def _shift(ev: CodedEvent, dt: int, dc: int, text: str) -> CodedEvent:
    def sh(p: Phrase | None) -> Phrase | None:
        if p is None:
            return None
        return Phrase(text[p.start + dc:p.end + dc], p.start + dc, p.end + dc, p.tok_start + dt, p.tok_end + dt)

    trig = sh(ev.trigger)
    assert trig is not None
    return CodedEvent(ev.type, ev.mode, ev.quad, trig, sh(ev.source), sh(ev.target), ev.negated, ev.pattern)
