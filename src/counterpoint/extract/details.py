"""The details of an event: mode, contexts, place, date, auxiliary modes, stated fatalities.

* mode: the lexicon sense's mode, else a word near the trigger (``MODE_HINTS``);
* contexts: the sense's contexts, words near the trigger (``CONTEXT_WORDS``) and
  the sectors of the participants;
* place: a stored place mention reached through a locative preposition from the
  trigger, else one in the trigger's phrase, else the only one of the sentence;
  a place inside an actor's name ("the Kiev regime") is no place;
* date and historical: each time of the sentence goes to the trigger nearest to
  it in the parse; a time expression of kind "event" is the event's date (the
  publication date never is), any date over ``HISTORICAL_YEARS`` before
  publication makes the event historical;
* future, hypothetical, negated: read from the trigger's verb chain;
* fatalities: only a stated number of dead.
"""

from __future__ import annotations

from typing import Any

from counterpoint.extract.events import _TEST_FIRE, CONTEXT_ORDER, HISTORICAL_YEARS, LOCATIVE, Draft, object_words
from counterpoint.extract.lexicon import (
    CONTEXT_WORDS,
    DEATH_WORDS,
    FUTURE_AUX,
    FUTURE_GOVERNORS,
    HYPOTHETICAL_AUX,
    HYPOTHETICAL_GOVERNORS,
    HYPOTHETICAL_MARKERS,
    HYPOTHETICAL_NOUNS,
    MODE_HINTS,
    NEGATING_GOVERNORS,
    NOT_PARTIES,
    NUMBER_WORDS,
    SPEECH_VERBS,
    SUPPORT_NOUNS,
)
from counterpoint.extract.roles import SentView
from counterpoint.model import Mention, PartialDate, TimeExpr


def _near_words(d: Draft) -> set[str]:
    sv, tok = d.sv, d.trigger
    words = {tok.lemma_.lower(), d.lemma} | object_words(tok, sv)
    for t in tok.subtree:
        if sv.inside(t) and abs(t.i - tok.i) <= 12:
            words.add(t.lemma_.lower())
    if d.support is not None:
        words.add(d.support.lemma_.lower())
        words |= object_words(d.support, sv)
    return words


def mode_of(d: Draft) -> str | None:
    assert d.sense is not None
    if d.sense.mode:
        return d.sense.mode
    hints = MODE_HINTS.get(d.sense.type)
    if not hints:
        return None
    words = _near_words(d)
    for word, mode in hints.items():
        if word in words:
            return mode
    return None


def contexts_of(d: Draft) -> list[str]:
    assert d.sense is not None
    found = set(d.sense.contexts)
    for w in _near_words(d):
        found.update(CONTEXT_WORDS.get(w, ()))
    for f in (d.actor, d.recipient):
        if f is not None and f.participant.sector == "MIL":
            found.add("military")
    if d.sense.type in ("CONSULT", "AGREE", "COOPERATE") and any(
            f is not None and f.participant.sector in ("GOV", "STATE", "LEADER") for f in (d.actor, d.recipient)):
        found.add("diplomatic")
    return [c for c in CONTEXT_ORDER if c in found]


def _path_len(a: Any, b: Any, sv: SentView) -> int:
    def chain(t: Any) -> list[int]:
        out = [t.i]
        node = t
        while (h := sv.head(node)) is not None and len(out) < 60:
            out.append(h.i)
            node = h
        return out

    ca, cb = chain(a), chain(b)
    pos_b = {i: n for n, i in enumerate(cb)}
    for n, i in enumerate(ca):
        if i in pos_b:
            return n + pos_b[i]
    return 999


def _phrase_ids(tok: Any, sv: SentView) -> set[int]:
    """Tokens of ``tok``'s phrase, not entering full clauses (a relative clause, a parenthesis)."""
    out = {tok.i}
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            if not sv.inside(c) or c.i in out:
                continue
            if c.dep_ in ("relcl", "ccomp", "parataxis", "appos") or (
                    c.dep_ in ("acl", "advcl", "conj") and any(g.dep_ in ("nsubj", "nsubjpass", "aux")
                                                               for g in c.children)):
                continue
            out.add(c.i)
            stack.append(c)
    return out


def place_of(d: Draft, excluded: list[tuple[int, int]]) -> tuple[Mention | None, str | None]:
    """The place of an event: a place mention reached through a locative preposition first.

    A place inside an actor's name ("the Kiev regime") is no place unless a locative preposition
    governs it ("in Russia"); a place elsewhere in the sentence is taken only when it is the only one."""
    sv = d.sv
    phrase = _phrase_ids(d.trigger, sv)
    if d.support is not None:
        phrase |= _phrase_ids(d.support, sv)
    linked = [(m.start, m.end) for m in sv.actors if m.actor_id]
    cands: dict[int, tuple[tuple[int, int, int], Mention, int]] = {}
    for i, m in sv.place_at.items():
        if m.place is None or any(s <= m.start < e for s, e in excluded):
            continue
        score = 1
        node = sv.span.doc[i]
        if i in phrase:
            score = 2
            of_hops = 0
            for _ in range(5):
                head = sv.head(node)
                if head is None or node.i == d.trigger.i or node.lemma_.lower() in NOT_PARTIES:
                    break
                if head.dep_ in ("prep", "agent") and node.dep_ == "pobj":
                    if head.lower_ in LOCATIVE:
                        score = 3
                        break
                    if head.lower_ != "of" or of_hops:
                        break
                    of_hops += 1
                node = head
        if score < 3 and any(s <= m.start < e for s, e in linked):
            continue
        key = (score, 0 if m.place.feature == "country" else 1, -abs(i - d.trigger.i))
        if m.start not in cands or key > cands[m.start][0]:
            cands[m.start] = (key, m, score)
    if not cands:
        return None, None
    best = max(cands.values(), key=lambda c: c[0])
    if best[2] == 1 and len({c[1].place.name for c in cands.values() if c[1].place is not None}) > 1:
        return None, None
    return best[1], {3: "locative", 2: "in-phrase", 1: "in-sentence"}[best[2]]


def _same_clause(time_tok: Any, trigger: Any, sv: SentView) -> bool:
    """False when the time sits in a relative, content or parenthetical clause the trigger is not in."""
    node = time_tok
    for _ in range(40):
        head = sv.head(node)
        if head is None:
            return True
        if node.dep_ in ("relcl", "ccomp", "parataxis", "appos") and trigger.i not in {t.i for t in node.subtree}:
            return False
        node = head
    return True


def assign_times(drafts: list[Draft], published: PartialDate) -> None:
    """Give each time of a sentence to the trigger nearest to it in the parse.

    A stored time expression of kind "event" becomes the event's date; any date
    more than ``HISTORICAL_YEARS`` before publication ("during July 1943", "in 1950")
    makes the event historical."""
    if not drafts:
        return
    sv = drafts[0].sv
    from datetime import date

    ref = published.year if published.year is not None else date.today().year
    anchors: list[tuple[Any, TimeExpr | None, int | None]] = []
    covered: list[tuple[int, int]] = []
    for te in sv.times:
        tok = next((x for x in sv.span if sv.pos(x) >= te.start), None)
        if tok is not None:
            anchors.append((tok, te, te.value.year))
            covered.append((te.start, te.end))
    for tok in sv.span:
        if tok.like_num and len(tok.text) == 4 and tok.text.isdigit() and 1000 <= int(tok.text) <= ref \
                and not any(s <= sv.pos(tok) < e for s, e in covered):
            head = sv.head(tok)
            if head is not None and head.lower_ in ("in", "during", "since", "of", "by", "until"):
                anchors.append((tok, None, int(tok.text)))
    for tok, t, year in anchors:
        dist = [(_path_len(tok, d.trigger, sv), n) for n, d in enumerate(drafts) if _same_clause(tok, d.trigger, sv)]
        if not dist:
            continue
        best = min(dist)[0]
        for value, n in dist:
            if value != best:
                continue
            d = drafts[n]
            if t is not None and t.kind == "event" and d.date is None:
                d.date = t
            if year is not None and year <= ref - HISTORICAL_YEARS:
                d.aux.add("historical")


def _finite(verb: Any, kids: list[Any]) -> bool:
    return bool(verb.tag_ in ("VBD", "VBZ", "VBP", "MD") or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBD", "VBZ", "VBP", "MD") for c in kids))


def aux_modes(d: Draft, denied: bool) -> set[str]:
    """Future, hypothetical and negated readings from the trigger's verb chain (historical comes with times)."""
    sv = d.sv
    modes: set[str] = set()
    node = d.trigger
    # an event noun takes the verb it is an argument of ("conduct a drill", "take part in the war"), passing
    # through support nouns; a noun deep in another noun's phrase ("the tide of a defeat") takes none
    for _ in range(6):
        if node.pos_ in ("VERB", "AUX") or _TEST_FIRE.match(node.lower_):
            break
        lemma = node.lemma_.lower()
        head = sv.head(node)
        if lemma in ("event", "case") and head is not None and head.lower_ == "in":
            modes.add("hypothetical")
        if head is None:
            break
        if node.dep_ == "pobj":
            governor = sv.head(head)
            if governor is None:
                node = head
                break
            if governor.pos_ not in ("VERB", "AUX") and governor.lemma_.lower() not in (
                    SUPPORT_NOUNS | HYPOTHETICAL_NOUNS | {"event", "case"}):
                node = head
                break
            node = governor
            continue
        if node.dep_ not in ("dobj", "nsubj", "nsubjpass", "attr", "conj", "appos"):
            break
        node = head
    if d.noun and any(c.lower_ == "no" and c.dep_ == "det" for c in d.trigger.children):
        modes.add("negated")
    verb = node if node.pos_ in ("VERB", "AUX") or node is d.trigger else None
    for _ in range(5):
        if verb is None:
            break
        kids = [c for c in verb.children if sv.inside(c)]
        auxes = {c.lower_ for c in kids if c.dep_ in ("aux", "auxpass")}
        if not auxes - {"to"} and verb.dep_ == "conj" and (h := sv.head(verb)) is not None and h.pos_ in ("VERB",
                                                                                                          "AUX"):
            kids += [c for c in h.children if sv.inside(c) and c.dep_ in ("aux", "neg")]
            auxes |= {c.lower_ for c in h.children if c.dep_ == "aux" and sv.inside(c)}
        if auxes & FUTURE_AUX:
            modes.add("future")
        if auxes & HYPOTHETICAL_AUX:
            modes.add("hypothetical")
        if any(c.dep_ == "neg" or c.lower_ == "never" for c in kids):
            modes.add("negated")
        if any(c.dep_ == "mark" and c.lower_ in HYPOTHETICAL_MARKERS for c in kids):
            modes.add("hypothetical")
        if any(c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in HYPOTHETICAL_MARKERS for g in c.children)
               for c in kids):
            modes.add("hypothetical")  # the consequent of "if ..., X will attack"
        if _finite(verb, kids):
            break
        gov = sv.head(verb)
        if gov is None:
            if "to" in auxes and "be" in {c.lemma_ for c in kids}:
                modes.add("future")  # headline "Roads to be secured"
            break
        if verb.dep_ in ("ccomp", "parataxis") or gov.lemma_.lower() in SPEECH_VERBS:
            break
        glemma = gov.lemma_.lower()
        if verb.dep_ in ("relcl", "acl") and gov.pos_ in ("NOUN", "PROPN"):
            if glemma in HYPOTHETICAL_NOUNS:
                modes.add("hypothetical")
            if "to" in auxes and "be" in {c.lemma_ for c in kids}:
                modes.add("future")  # "the project to be launched"
            gov2 = sv.head(gov)
            if glemma in HYPOTHETICAL_NOUNS | {"decision"} and gov2 is not None and gov2.pos_ in ("VERB", "AUX"):
                verb = gov2
                continue
            break
        if verb.dep_ not in ("xcomp", "advcl", "pcomp", "acl", "conj", "prep"):
            break
        if "to" in auxes and glemma == "be" and verb.dep_ == "xcomp":
            modes.add("future")  # "is to launch"
        if verb.dep_ in ("xcomp", "acl"):
            if glemma in FUTURE_GOVERNORS:
                modes.add("future")
            if glemma in HYPOTHETICAL_GOVERNORS or any(c.dep_ == "dobj" and c.lemma_.lower() in HYPOTHETICAL_NOUNS
                                                       for c in gov.children):
                modes.add("hypothetical")
            if glemma in NEGATING_GOVERNORS:
                modes.add("negated")
        verb = gov if gov.pos_ in ("VERB", "AUX") else sv.head(gov)
    if denied:
        modes.add("negated")
    return modes


def _number(tok: Any) -> int | None:
    text = tok.lower_.replace(",", "")
    if text.isdigit():
        return int(text)
    return NUMBER_WORDS.get(text)


def fatalities(drafts: list[Draft]) -> None:
    """A stated number of dead goes to the nearest assault of the sentence."""
    assaults = [d for d in drafts if d.sense is not None and d.sense.type == "ASSAULT"]
    if not assaults:
        return
    sv = drafts[0].sv
    for tok in sv.span:
        n = _number(tok)
        if n is None or tok.dep_ not in ("nummod", "dobj", "nsubj", "nsubjpass", "pobj", "attr", "appos", "quantmod"):
            continue
        head = sv.head(tok)
        words = {tok.lemma_.lower()}
        node = tok
        for _ in range(3):
            if head is None:
                break
            words.add(head.lemma_.lower())
            node, head = head, sv.head(head)
        words |= {c.lemma_.lower() for c in tok.children}
        if node is not tok:
            words |= {c.lemma_.lower() for c in node.children}
        if not words & DEATH_WORDS or ("injure" in words and "kill" not in words):
            continue
        nearest = min(assaults, key=lambda d: abs(d.trigger.i - tok.i))
        if nearest.fatalities is None:
            nearest.fatalities = n
        return


