"""Linking names in one field of an item to registry actors.

``link_mentions(doc, item_id=..., field=..., published=..., context=...)`` reads a spaCy
``Doc`` of the field's text (made by ``load_nlp(patterns=registry.patterns())``) and
returns ``Mention`` records, kind ``"actor"``, sorted by offset, never overlapping. Offsets
are into ``doc.text`` (the field's stored text) and ``text == doc.text[start:end]``.

How a mention is linked (``method``, default ``confidence``):

* ``alias`` (0.95; 0.9 for Phoenix names): a registry name, case-insensitive except for
  acronyms ("US" is not "us"), tolerant of apostrophes, hyphens, dots, plurals and a
  possessive. A title before a person's name belongs to the mention ("President Putin");
  an honorific one ("Comrade") makes it honorific;
* ``demonym`` (0.85): "North Korean"; with an agent noun after it, the country's sector
  ("North Korean army units" -> the KPA, "Russian troops" -> Russia's armed forces,
  "Afghan police" -> the composite ``AFG.COP``), and "the army of Ukraine" likewise;
* ``metonym`` (0.8): a capital or seat for its government ("Pyongyang claims" -> PRK
  GOV). After a locative preposition ("in Pyongyang", "to Moscow") it is a place: no
  actor mention is emitted (the place resolver handles it);
* ``short-form`` (0.75): a short name ("the General Staff", "the party") once the actor,
  its parent or its child was named in the same context;
* ``apposition`` (0.7): a noun phrase set off by commas after a linked name ("the ROK,
  the primary hostile state and invariable principal enemy,"), from spaCy's ``appos`` or
  the comma pattern when the parser misses it;
* ``role`` (0.8; 0.65 when the country comes from context): a role title resolved on the
  item's date: "the head of the DPRK", "the South Korean president", "head of state"
  (country from the same sentence, else the dominant one), "the Russian defence
  minister", "President Moon" (a leader whose name contains the word; with a name that is
  itself an alias, "President Trump", it is an alias with its title);
* ``first-person`` (0.6; 0.5 from the headline subject): "our army", "our territory" ->
  the current speaker's country. The speaker is the nearest preceding actor that is the
  subject of a speech verb (say, state, proclaim, confirm, claim...), the agent of a
  passive one, or the author of a statement/report ("Report of KPA General Staff"); when
  none was found yet, the headline's subject (its first person, else its grammatical
  subject, else its first actor);
* ``generic`` (0.5): a military noun on its own ("airborne troops", "tankmen", "the
  army") -> the forces of the context's dominant country (the one named most often);
* ``unlinked`` (0): a PERSON/ORG/GPE/NORP entity that links to nothing is kept with
  ``actor_id=None`` (except a GPE after a locative preposition: a place). A capital inside
  another name ("Washington Post") and a bare surname starting another person's name
  ("Yoon Jong-hwan") are not linked.

``LinkContext`` carries what one item has said so far (actors named, countries, speaker)
from sentence to sentence and from the headline to the body: make one per item and pass
it to each field in reading order.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from counterpoint.annotate.actors import lexicon
from counterpoint.annotate.actors.registry import PHOENIX, ActorRegistry, Trigger
from counterpoint.annotate.nlp import sentence_bounds
from counterpoint.model import Actor, AliasKind, Field, LinkMethod, Mention

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
CONFIDENCE: dict[str, float] = {
    "alias": 0.95, "alias-phoenix": 0.9, "demonym": 0.85, "metonym": 0.8, "short-form": 0.75, "apposition": 0.7,
    "role": 0.8, "role-context": 0.65, "first-person": 0.6, "first-person-headline": 0.5, "generic": 0.5,
    "ambiguous-penalty": 0.2,
}
_SPEECH_IRREGULAR = {"said": "say", "says": "say", "told": "tell", "wrote": "write", "underscored": "underscore"}
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
_LOWER_OK = frozenset({"of", "the", "and", "for", "de", "al"})
_NAME_LABELS = frozenset({"ORG", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT"})
_APPOS_POS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "CCONJ", "ADV", "NUM", "PART"})


def _default_registry() -> ActorRegistry:
    return ActorRegistry.load()


@dataclass
class LinkContext:
    """What one item (or document) has named so far; mutable, carried across its fields.

    ``seen`` maps actor ids to when they were last linked (a counter), ``countries``
    counts the countries named, ``speaker`` is the latest speaker actor and
    ``headline_subject`` the headline's subject (see the module docstring for the rule).
    """

    registry: ActorRegistry = field(default_factory=_default_registry)
    seen: dict[str, int] = field(default_factory=dict)
    countries: Counter[str] = field(default_factory=Counter)
    speaker: str | None = None
    headline_subject: str | None = None
    clock: int = 0

    def note(self, actor: Actor) -> None:
        """Record that ``actor`` was named (and, through it, its parents)."""
        self.clock += 1
        for actor_id in (actor.id, *self.registry.ancestors(actor.id)):
            self.seen[actor_id] = self.clock
        if actor.country and len(actor.country) == 3:
            self.countries[actor.country] += 1

    def dominant_country(self) -> str | None:
        """The country named most often so far (ties: the first named)."""
        top = self.countries.most_common(1)
        return top[0][0] if top else None

    def recency(self, actor_id: str) -> int:
        """When ``actor_id``, a parent or a child of it was last named (0: never)."""
        best = self.seen.get(actor_id, 0)
        actor = self.registry.get(actor_id)
        if actor is not None and actor.parent:
            best = max(best, self.seen.get(actor.parent, 0))
        return best

    def speaker_country(self) -> tuple[str | None, bool]:
        """(country of the current speaker, whether it came from the headline subject)."""
        for actor_id, from_headline in ((self.speaker, False), (self.headline_subject, True)):
            actor = self.registry.get(actor_id) if actor_id else None
            if actor is not None and actor.country:
                return actor.country, from_headline
        return None, False


@dataclass
class _M:
    """A mention being built: token span [start, end), resolved later when ``actor`` is None."""

    start: int
    end: int
    method: LinkMethod
    actor: Actor | None = None
    kind: AliasKind = "neutral"
    confidence: float = 0.0
    trigger: Trigger | None = None
    country: str | None = None


class _FieldLinker:
    def __init__(self, doc: Any, ctx: LinkContext, published: str | None, headline: bool = False) -> None:
        self.doc = doc
        self.headline = headline
        self.text: str = doc.text
        self.ctx = ctx
        self.reg = ctx.registry
        self.index = self.reg.index
        self.published = published
        self.mentions: list[_M] = []
        self.places: list[tuple[int, int]] = []
        self.deferred_generic: list[_M] = []
        self.ent_starts: dict[int, int] | None = None

    # -- helpers -----------------------------------------------------------------------
    def raw(self, i: int, j: int) -> str:
        doc = self.doc
        return self.text[doc[i].idx: doc[j - 1].idx + len(doc[j - 1].text)]

    def match_at(self, i: int, limit: int) -> tuple[int, Trigger, list[Trigger]] | None:
        """Longest index phrase starting at token ``i`` (ending before ``limit``) whose case fits."""
        first = lexicon.norm(self.doc[i].text).split(" ", 1)[0]
        n = self.reg.max_tokens(first)
        doc = self.doc
        end = min(limit, i + n)
        for k in range(i, end):  # a name never runs across a line break
            if k > i and doc[k].is_space and "\n" in doc[k].text:
                end = k
                break
            if "\n" in doc[k].whitespace_:
                end = k + 1
                break
        for j in range(end, i, -1):
            last = doc[j - 1]
            if j - 1 > i and (last.is_punct or last.is_space or last.tag_ == "POS" or last.lower_ in ("'s", "’s")):
                continue
            raw = self.raw(i, j)
            trigs = self.index.get(lexicon.norm(raw))
            if not trigs:
                continue
            ok = [t for t in trigs if t.accepts(raw) and self.usable(t, i)]
            if ok:
                return j, self.choose(ok), ok
        return None

    def usable(self, t: Trigger, i: int) -> bool:
        if t.form == "short":
            if t.actor_id is None:
                return False
            if t.case == "any" and (i == 0 or self.doc[i - 1].lower_ not in ("the", "this", "its", "their")):
                return False
            if t.when == "country":
                actor = self.reg.get(t.actor_id)
                return actor is not None and bool(actor.country) and self.ctx.countries[actor.country or ""] > 0
            return self.family_seen(t.actor_id)
        return True

    def family_seen(self, actor_id: str) -> bool:
        if self.ctx.recency(actor_id):
            return True
        return any(self.reg.get(s) is not None and self.reg.get(s).parent == actor_id  # type: ignore[union-attr]
                   for s in self.ctx.seen)

    def choose(self, trigs: list[Trigger]) -> Trigger:
        best = trigs[0]
        rivals = [t for t in trigs if t.rank == best.rank and t.form == best.form and t.actor_id != best.actor_id]
        if not rivals or best.actor_id is None:
            return best
        cands = [best, *rivals]
        cands.sort(key=lambda t: (-self.ctx.recency(t.actor_id or ""), -self._valid_roles(t.actor_id), t.rank))
        return cands[0]

    def _valid_roles(self, actor_id: str | None) -> int:
        actor = self.reg.get(actor_id) if actor_id else None
        if actor is None or self.published is None:
            return 0
        return sum(1 for r in actor.roles if r.valid_on(self.published) and (r.start or r.end))

    def add(self, m: _M) -> None:
        self.mentions.append(m)
        if m.actor is not None and m.method not in ("generic", "first-person"):
            self.ctx.note(m.actor)

    def is_place(self, i: int, j: int) -> bool:
        """A name after a locative preposition ("in Pyongyang", "to the ROK border")."""
        doc = self.doc
        k = i - 1
        while k >= 0 and doc[k].lower_ in _DETERMINERS:
            k -= 1
        if k >= 0 and doc[k].lower_ in lexicon.LOCATIVE:
            return True
        if k >= 1 and doc[k].lower_ == "of":
            h = k - 1
            while h >= 0 and doc[h].lower_ in _DETERMINERS:
                h -= 1
            if h >= 0 and doc[h].lower_ in lexicon.PLACE_HEADS:
                return True
        root = doc[j - 1]
        for _ in range(3):
            if root.dep_ == "conj" and root.head.i < root.i:
                root = root.head
                continue
            if root.dep_ in ("compound", "amod", "nmod") and root.head.i > root.i:
                root = root.head
                continue
            break
        return root.dep_ == "pobj" and root.head.lower_ in lexicon.LOCATIVE and root.head.i < i

    def skip_possessive(self, j: int, limit: int) -> int:
        if j < limit and self.doc[j].tag_ == "POS":
            return j + 1
        return j

    def agent_at(self, k: int, limit: int) -> tuple[int, str] | None:
        """Longest agent noun phrase at token ``k`` (one adjective may come first)."""
        for start in (k, k + 1):
            if start >= limit:
                return None
            if start == k + 1 and self.doc[k].pos_ != "ADJ":
                return None
            first = lexicon.norm(self.doc[start].text).split(" ", 1)[0]
            n = self.reg.agent_max_tokens(first)
            for j in range(min(limit, start + n), start, -1):
                sector = self.reg.agent(lexicon.norm(self.raw(start, j)))
                if sector and self.doc[j - 1].pos_ in ("NOUN", "PROPN"):
                    return j, sector
        return None

    def mil_tail(self, j: int, limit: int) -> int:
        while j < limit and self.doc[j].lower_ in lexicon.MIL_TAIL:
            j += 1
        return j

    def role_at(self, k: int, limit: int) -> tuple[int, Trigger] | None:
        if k >= limit:
            return None
        hit = self.match_at(k, limit)
        if hit and hit[1].form == "role":
            return hit[0], hit[1]
        return None

    def resolve_role(self, t: Trigger, country: str | None) -> Actor | None:
        if not country or t.sector is None:
            return None
        holders = self.reg.role_holders(country, t.sector, t.title, self.published)
        if not holders or (len(holders) > 1 and self.published is None):
            return None
        return max(holders, key=lambda a: max((r.start or "") for r in a.roles))

    def role_confidence(self, t: Trigger, country: str | None, base: float) -> float:
        """Lower when several actors held the role in the date's span ("the president" in 2025)."""
        if t.sector is None or not country:
            return base
        n = len(self.reg.role_holders(country, t.sector, t.title, self.published))
        return base - CONFIDENCE["ambiguous-penalty"] if n > 1 else base

    # -- the scan ----------------------------------------------------------------------
    def scan(self, s: int, e: int) -> list[_M]:
        doc = self.doc
        out_start = len(self.mentions)
        deferred_roles: list[_M] = []
        i = s
        while i < e:
            tok = doc[i]
            if tok.is_punct or tok.is_space:
                i += 1
                continue
            hit = self.match_at(i, e)
            if hit is None:
                i += 1
                continue
            j, t, _all = hit
            i = self.handle(i, j, t, e, deferred_roles)
        sentence = self.mentions[out_start:]
        self.find_speakers(s, e, sentence)
        self.resolve_first_person(sentence)
        for m in deferred_roles:
            self.resolve_context_role(m, sentence)
        self.appositions(s, e, sentence)
        return sentence

    def handle(self, i: int, j: int, t: Trigger, e: int, deferred_roles: list[_M]) -> int:
        reg = self.reg
        if t.form == "first-person":
            self.add(_M(i, j, "first-person", trigger=t))
            return j
        if t.form == "generic":
            last = self.doc[j - 1]
            owner = self.of_country(j, e)  # "the army of Ukraine"
            if owner is not None and last.pos_ in ("NOUN", "PROPN"):
                end, country = owner
                target = reg.sector_actor(country, t.sector or "MIL")
                if target is not None:
                    self.add(_M(i, end, "demonym", target, "neutral", CONFIDENCE["demonym"], t))
                    return end
            if last.pos_ in ("NOUN", "PROPN") and not self.inside_name(i):
                m = _M(i, j, "generic", trigger=t)
                self.add(m)
                self.deferred_generic.append(m)
            return j
        if t.form == "role":
            return self.handle_role(i, j, t, None, e, deferred_roles)
        actor = reg.get(t.actor_id) if t.actor_id else None
        if actor is None:
            return j
        if t.form == "metonym" and self.is_place(i, j):
            self.places.append((i, j))
            return j
        if (j - i == 1 and not self.headline and reg.label(actor.id) == "PERSON" and j < e
                and self.doc[j].pos_ == "PROPN" and self.doc[j].text[:1].isupper()):
            return j  # a surname-only alias starting a longer name: "Yoon Jong-hwan"
        longer = self.longer_entity(i, j)
        if longer and ((t.form == "metonym" and longer in _NAME_LABELS)
                       or (longer == "PERSON" and reg.label(actor.id) == "PERSON" and j - i == 1)
                       or (j - i == 1 and t.form == "name" and i > 0 and self.doc[i - 1].ent_iob_ in ("B", "I")
                           and self.doc[i - 1].text[:1].isupper() and self.doc[i - 1].lower_ not in _LOWER_OK)):
            return j  # "Washington Post", "Yoon Jong-hwan", "New Mexico": part of another name
        if j - i == 1 and actor.sector == "STATE" and not self.headline and i > 0 and not self._covered(i - 1):
            prev = self.doc[i - 1]
            if prev.pos_ == "PROPN" and prev.text[:1].isupper() and prev.whitespace_ != "" \
                    and prev.lower_ not in lexicon.TITLES:
                return j  # "Latin America": a region named after no state
        method: LinkMethod = {"name": "alias", "demonym": "demonym", "metonym": "metonym",
                              "short": "short-form"}[t.form]  # type: ignore[assignment]
        conf = CONFIDENCE["alias-phoenix" if t.rank == PHOENIX and method == "alias" else method]
        if actor.sector == "STATE" or t.form in ("demonym", "metonym"):
            k = self.skip_possessive(j, e)
            role = self.role_at(k, e)
            if role is not None and role[1].text != "head":
                return self.handle_role(k, role[0], role[1], (i, actor.country), e, deferred_roles)
            agent = self.agent_at(k, e)
            if agent is not None and actor.country:
                end, sector = agent
                if sector == "MIL":
                    end = self.mil_tail(end, e)
                target = reg.sector_actor(actor.country, sector)
                if target is not None:
                    self.add(_M(i, end, "demonym", target, t.kind, CONFIDENCE["demonym"], t))
                    return end
        if actor.sector == "MIL":
            agent = self.agent_at(j, e)
            j = self.mil_tail(agent[0] if agent is not None and agent[1] == "MIL" else j, e)
        kind = t.kind
        start = i
        if reg.label(actor.id) == "PERSON":
            while start > 0 and self.doc[start - 1].lower_ in lexicon.TITLES \
                    and self.doc[start - 1].text[:1].isupper() and not self._covered(start - 1):
                start -= 1
                if self.doc[start].lower_ in lexicon.HONORIFIC_TITLES and kind == "neutral":
                    kind = "honorific"
        rivals = [x for x in _all_rivals(self.index, self.raw(i, j), t)]
        if rivals:
            conf -= CONFIDENCE["ambiguous-penalty"] / 2
        self.add(_M(start, j, method, actor, kind, conf, t))
        return j

    def longer_entity(self, i: int, j: int) -> str | None:
        """The label of a named entity that strictly contains tokens [i, j), if any."""
        ent = self.doc[i].ent_iob_ and self.doc[i]
        if not ent or self.doc[i].ent_type_ == "":
            return None
        for span in self.doc.ents:
            if span.start <= i and j <= span.end and span.end - span.start > j - i:
                return str(span.label_)
        return None

    def of_country(self, j: int, e: int) -> tuple[int, str] | None:
        """``of [the] <country name or demonym>`` at token ``j``: (end, country)."""
        doc = self.doc
        if j >= e or doc[j].lower_ != "of":
            return None
        k = j + 1
        if k < e and doc[k].lower_ == "the":
            k += 1
        hit = self.match_at(k, e) if k < e else None
        if hit is None or not hit[1].actor_id or hit[1].form not in ("name", "demonym"):
            return None
        target = self.reg.get(hit[1].actor_id)
        if target is None or target.sector != "STATE" or not target.country:
            return None
        return hit[0], target.country

    def inside_name(self, i: int) -> bool:
        """Is token ``i`` the head word of a longer name ("Army" in "the Soviet Red Army")?"""
        if self.ent_starts is None:
            self.ent_starts = {}
            for ent in self.doc.ents:
                if ent.end - ent.start > 1:
                    self.ent_starts[ent.end - 1] = ent.start
        return i in self.ent_starts

    def _covered(self, k: int) -> bool:
        return any(m.start <= k < m.end for m in self.mentions)

    def handle_role(self, i: int, j: int, t: Trigger, before: tuple[int, str | None] | None, e: int,
                    deferred_roles: list[_M]) -> int:
        doc = self.doc
        start = before[0] if before else i
        if before is not None:
            actor = self.resolve_role(t, before[1])
            if actor is not None:
                conf = self.role_confidence(t, before[1], CONFIDENCE["role"])
                self.add(_M(start, j, "role", actor, "neutral", conf, t, before[1]))
            return j
        # "head of (the) <country>"
        k = j
        if k < e and doc[k].lower_ == "of":
            k += 1
            if k < e and doc[k].lower_ == "the":
                k += 1
            hit = self.match_at(k, e) if k < e else None
            if hit is not None and hit[1].actor_id:
                target = self.reg.get(hit[1].actor_id)
                if target is not None and target.country and (target.sector == "STATE" or hit[1].form != "name"):
                    actor = self.resolve_role(t, target.country)
                    if actor is not None:
                        conf = self.role_confidence(t, target.country, CONFIDENCE["role"])
                        self.add(_M(start, hit[0], "role", actor, "neutral", conf, t, target.country))
                        return hit[0]
                    return j
            if t.text != "head of state":
                return j  # "president of the company": not a country's role
        # "President Moon": a leader whose name has the following word
        if k == j and j < e and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() and doc[i].text[:1].isupper():
            named = self.match_at(j, e)
            if named is not None and named[1].form == "name" and named[1].actor_id \
                    and self.reg.label(named[1].actor_id) == "PERSON":
                return j  # "President Trump": the name is an alias; the title joins it
            end = j
            while end < e and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper():
                end += 1
            names = {a.id: a for w in range(j, end) for a in self.reg.leaders_named(doc[w].text)}
            valid = [a for a in names.values()
                     if any(r.sector == t.sector and r.valid_on(self.published) for r in a.roles)]
            if len(valid) == 1:
                self.add(_M(start, end, "role", valid[0], "neutral", CONFIDENCE["role"], t, valid[0].country))
                return end
            return j
        if t.text in lexicon.ROLES_NEED_OF:
            return j
        if start > 0 and doc[start - 1].lower_ not in _DETERMINERS and not doc[start].text[:1].isupper():
            return j  # "vice president", "company president"
        m = _M(start, j, "role", trigger=t)
        deferred_roles.append(m)
        self.add(m)
        return j

    def resolve_context_role(self, m: _M, sentence: list[_M]) -> None:
        best: tuple[int, str] | None = None
        for other in sentence:
            if other.actor is not None and other.actor.country and other is not m and other.method != "generic":
                dist = abs(other.start - m.start)
                if best is None or dist < best[0]:
                    best = (dist, other.actor.country)
        country = best[1] if best else self.ctx.dominant_country()
        actor = self.resolve_role(m.trigger, country) if m.trigger else None
        if actor is None:
            self.mentions.remove(m)
            return
        m.actor, m.country = actor, country
        m.confidence = self.role_confidence(m.trigger, country, CONFIDENCE["role-context"]) if m.trigger else 0.5
        self.ctx.note(actor)

    # -- speakers and first person -----------------------------------------------------
    def find_speakers(self, s: int, e: int, sentence: list[_M]) -> None:
        linked = [m for m in sentence if m.actor is not None and m.method not in ("generic", "first-person")]
        if not linked:
            return
        doc = self.doc

        def actor_in(tok: Any) -> str | None:
            for m in linked:
                if m.start <= tok.i < m.end:
                    return m.actor.id if m.actor else None
            for m in linked:
                if tok.left_edge.i <= m.start and m.end <= tok.right_edge.i + 1:
                    return m.actor.id if m.actor else None
            return None

        for k in range(s, e):
            tok = doc[k]
            low = tok.lower_
            lemma = tok.lemma_.lower()
            speech = (lemma in lexicon.SPEECH_VERBS or _SPEECH_IRREGULAR.get(low) in lexicon.SPEECH_VERBS
                      or (low.endswith("s") and low[:-1] in lexicon.SPEECH_VERBS)
                      or (low.endswith("es") and low[:-2] in lexicon.SPEECH_VERBS))
            if speech and tok.pos_ in ("VERB", "AUX", "PROPN", "NOUN"):
                who = None
                for child in tok.children:
                    if child.dep_ == "nsubj" or (child.dep_ == "agent" and tok.pos_ == "VERB"):
                        target = next((g for g in child.children if g.dep_ == "pobj"), child)
                        who = actor_in(target)
                        if who:
                            break
                if who is None:
                    who = self._adjacent_actor(k, linked)
                if who:
                    self.ctx.speaker = who
                    continue
            if lemma in lexicon.SPEECH_NOUNS and tok.pos_ in ("NOUN", "PROPN"):
                for child in tok.children:
                    if child.dep_ == "prep" and child.lower_ in ("of", "by", "from"):
                        for g in child.children:
                            if g.dep_ == "pobj" and (who := actor_in(g)):
                                self.ctx.speaker = who

    def _adjacent_actor(self, k: int, linked: list[_M]) -> str | None:
        """An actor ending right before token ``k`` (quotes and punctuation between)."""
        j = k
        while j > 0 and (self.doc[j - 1].is_punct or self.doc[j - 1].is_quote) and k - j < 3:
            j -= 1
        for m in linked:
            if m.end == j and m.actor is not None:
                return m.actor.id
        return None

    def resolve_first_person(self, sentence: list[_M]) -> None:
        for m in sentence:
            if m.method != "first-person" or m.actor is not None or m.trigger is None:
                continue
            country, from_headline = self.ctx.speaker_country()
            target = self.reg.sector_actor(country, m.trigger.sector or "STATE") if country else None
            if target is None:
                self.mentions.remove(m)
                continue
            m.actor, m.country = target, country
            m.confidence = CONFIDENCE["first-person-headline" if from_headline else "first-person"]

    # -- apposition --------------------------------------------------------------------
    def appositions(self, s: int, e: int, sentence: list[_M]) -> None:
        doc = self.doc
        taken = {k for m in self.mentions for k in range(m.start, m.end)}
        ents = {k for ent in doc.ents for k in range(ent.start, ent.end)}
        for m in list(sentence):
            if m.actor is None or m.method in ("generic", "first-person", "apposition"):
                continue
            span: tuple[int, int] | None = None
            for k in range(m.start, m.end):
                for child in doc[k].children:
                    if child.dep_ == "appos" and child.i >= m.end:
                        a, b = child.left_edge.i, child.right_edge.i + 1
                        while a < b and doc[a].is_punct:
                            a += 1
                        while b > a and doc[b - 1].is_punct:
                            b -= 1
                        if a >= m.end and b - a <= 15:
                            span = (a, b)
            if span is None and m.end + 2 < e and doc[m.end].text == "," and doc[m.end + 1].lower_ in _DETERMINERS:
                b = m.end + 1
                while b < e and doc[b].pos_ in _APPOS_POS and b - m.end <= 13:
                    b += 1
                closed = b >= e or doc[b].text in (",", ".", ";", ")", "!", "?")
                if closed and any(doc[x].pos_ == "NOUN" for x in range(m.end + 1, b)) and b - m.end <= 13:
                    span = (m.end + 1, b)
            if span is None or any(k in taken or k in ents for k in range(*span)):
                continue
            self.add(_M(span[0], span[1], "apposition", m.actor, "neutral", CONFIDENCE["apposition"], m.trigger))
            taken.update(range(*span))

    # -- after the whole field ---------------------------------------------------------
    def resolve_generic(self) -> None:
        country = self.ctx.dominant_country()
        for m in self.deferred_generic:
            target = self.reg.sector_actor(country, m.trigger.sector or "MIL") if country and m.trigger else None
            if target is None:
                self.mentions.remove(m)
            else:
                m.actor, m.country, m.confidence = target, country, CONFIDENCE["generic"]

    def unlinked_entities(self) -> None:
        doc = self.doc
        taken = [(m.start, m.end) for m in self.mentions] + self.places
        for ent in doc.ents:
            if ent.label_ not in ENTITY_LABELS:
                continue
            a, b = ent.start, ent.end
            while a < b and (doc[a].lower_ in _DETERMINERS or doc[a].is_punct):
                a += 1
            while b > a and (doc[b - 1].tag_ == "POS" or doc[b - 1].is_punct):
                b -= 1
            if a >= b or any(x < b and a < y for x, y in taken):
                continue
            # an id set by an entity ruler fed from another registry; our own names were
            # judged by the scan (which may have found a place or part of a longer name)
            actor = self.reg.get(ent.ent_id_) if ent.ent_id_ else None
            if actor is not None and lexicon.norm(ent.text) not in self.index:
                self.add(_M(a, b, "alias", actor, "neutral", CONFIDENCE["alias"]))
            elif ent.label_ == "GPE" and self.is_place(a, b):
                continue
            else:
                self.mentions.append(_M(a, b, "unlinked"))
            taken.append((a, b))

    def set_headline_subject(self) -> None:
        if self.ctx.headline_subject is not None:
            return
        linked = [m for m in self.mentions if m.actor is not None and m.method not in ("generic", "first-person")]
        if not linked:
            return
        persons = [m for m in linked if self.reg.label(m.actor.id) == "PERSON"]  # type: ignore[union-attr]
        subjects = [m for m in linked if any(self.doc[k].dep_ == "nsubj" for k in range(m.start, m.end))]
        pick = (persons or subjects or linked)[0]
        self.ctx.headline_subject = pick.actor.id if pick.actor else None


def _all_rivals(index: dict[str, tuple[Trigger, ...]], raw: str, t: Trigger) -> list[Trigger]:
    """Other actors with the same name at the same rank (the link is then less sure)."""
    trigs = index.get(lexicon.norm(raw), ())
    return [x for x in trigs if x.rank == t.rank and x.form == t.form and x.actor_id != t.actor_id
            and x.accepts(raw)]


def link_mentions(doc: Any, *, item_id: str, field: Field, published: str | None,
                  context: LinkContext) -> list[Mention]:
    """Actor mentions in ``doc`` (one field of one item), linked through ``context``'s registry.

    ``published`` is the item's ISO date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) or None;
    roles are resolved on it. ``context`` is updated (actors named, speaker) for the next
    field of the same item. Offsets are into ``doc.text``; mentions are sorted and do not
    overlap.
    """
    linker = _FieldLinker(doc, context, published, headline=field == "headline")
    bounds = sentence_bounds(doc)
    for s, e in bounds:
        linker.scan(s, e)
    linker.resolve_generic()
    linker.unlinked_entities()
    if field == "headline":
        linker.set_headline_subject()
    starts = [s for s, _ in bounds]
    out: list[Mention] = []
    last_end = -1
    for m in sorted(linker.mentions, key=lambda m: (m.start, -m.end)):
        if m.start < last_end or m.end <= m.start:
            continue
        last_end = m.end
        start_char = doc[m.start].idx
        end_char = doc[m.end - 1].idx + len(doc[m.end - 1].text)
        sentence = _sentence_of(starts, m.start)
        actor = m.actor
        out.append(Mention(
            item_id=item_id, field=field, start=start_char, end=end_char, text=linker.text[start_char:end_char],
            kind="actor", actor_id=actor.id if actor else None, country=actor.country if actor else None,
            sector=actor.sector if actor else None, alias_kind=m.kind if actor else "neutral",
            method=m.method if actor else "unlinked", confidence=round(m.confidence, 3) if actor else 0.0,
            sentence=sentence))
    return out


def _sentence_of(starts: list[int], token: int) -> int:
    lo, hi = 0, len(starts)
    while lo < hi:
        mid = (lo + hi) // 2
        if starts[mid] <= token:
            lo = mid + 1
        else:
            hi = mid
    return max(lo - 1, 0)
