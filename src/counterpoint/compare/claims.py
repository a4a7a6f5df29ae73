"""What one item claims: its events with their dates and places, numbers with what they count, named
references, and its clauses (for what only one source says).

Read-only over the bundle; every claim's evidence offsets are into
``bundle.field_text(field)``. Cost is bounded per item: at most
``MAX_SENTENCES`` sentences and ``MAX_CHARS`` characters of each item are read,
``MAX_EVENTS`` events kept.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from counterpoint.compare.numbers import parse_quantities
from counterpoint.compare.records import Claim, Evidence
from counterpoint.compare.references import find_references
from counterpoint.link.bundle import ItemBundle
from counterpoint.link.copies import CANONICAL, STOPWORDS
from counterpoint.model import Attribution, Event, Field, PartialDate, Participant, Place


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Sentences and characters of one item that are read (headline and body together).
MAX_SENTENCES = 150
MAX_CHARS = 60_000
#: Events of one item that become claims (in text order).
MAX_EVENTS = 80
#: Time expressions of one item read to date events the extractor left undated.
MAX_TIMES = 400
#: Longest sentence kept as evidence; a longer one is cut to a window around the claim.
MAX_SENTENCE_CHARS = 600
#: Longest clause shown as a statement's value.
MAX_VALUE_CHARS = 300
#: Fewest content words a clause needs to be a statement.
MIN_CLAUSE_WORDS = 3
#: PLOVER types whose actor and recipient can be swapped without changing the event.
SYMMETRIC = frozenset({"AGREE", "CONSULT", "COOPERATE"})

_EXTRA_STOP = _words(
    "noted stated reported claims claimed announced added statement statements stressed confirmed reportedly "
    "also would could should may might must shall will one two three first last new year years time times "
    "day days week weeks month months news agency report reports")
_DIGIT = re.compile(r"\d")
_TOKEN = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_CLAUSE_BREAK = re.compile(
    r"(?<!\d),|,(?!\d)|[;:()\[\]]|\s[–—-]\s|[–—]|\s+and\s+(?=(?:in|on|at|by|for|with|to|from|under|according)\s)")
#: Longest event value: the clause around the trigger, cut to a window around it.
MAX_EVENT_VALUE_CHARS = 160
#: A clause shorter than this is shown with its whole sentence as an event's value.
MIN_EVENT_CLAUSE_CHARS = 40
_FALLBACK_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
#: Terminal escape sequences and control characters: blanked (same length, offsets kept) before parsing.
_HOSTILE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])|\x9b[0-?]*[ -/]*[@-~]"
                      r"|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def blank_hostile(text: str) -> str:
    """``text`` with escape sequences and control characters blanked: the same offsets, nothing for a
    pattern to trip on."""
    return _HOSTILE.sub(lambda m: " " * len(m.group()), text) if _HOSTILE.search(text) else text


def source_label(bundle: ItemBundle) -> str:
    """The name a bundle's source is shown under: its source, else its URL's host, else its document."""
    if bundle.source:
        return bundle.source
    if bundle.url:
        host = urlsplit(bundle.url).hostname
        if host:
            return host
    return f"document {bundle.item.document_id}"


def stems(text: str) -> list[str]:
    """Content words of ``text``, crudely normalised: casefolded, synonyms of the copy detector's
    table unified, plural ``s`` dropped, cut to six letters; numbers kept without separators."""
    out: list[str] = []
    for token in _TOKEN.findall(text):
        word = token.casefold().replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        if _DIGIT.search(word):
            out.append(word.replace(",", ""))
            continue
        if len(word) < 3 or word in STOPWORDS or word in _EXTRA_STOP:
            continue
        word = CANONICAL.get(word, word)
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        out.append(word[:6])
    return out


# -- per-item facts -----------------------------------------------------------------------------

@dataclass(slots=True)
class EventFact:
    """An event claim with what alignment needs: participant keys ("kpa", "c:PRK", "t:the units", "?"),
    their countries and display texts, modality, polarity, and the date and place it states."""

    claim: Claim
    event_type: str
    modality: str
    actor: str
    recipient: str
    actor_country: str | None
    recipient_country: str | None
    actor_text: str
    recipient_text: str
    negated: bool
    attribution: Attribution
    speaker: str | None
    date: Claim | None = None
    date_value: PartialDate | None = None
    place: Claim | None = None
    place_value: Place | None = None
    sentence_span: tuple[int, int] = (0, 0)


@dataclass(slots=True)
class NumberFact:
    claim: Claim
    family: str
    qualifier: str
    actor: str
    low: float
    high: float


@dataclass(slots=True)
class Clause:
    """A clause of an item: the unit "only one source says" is judged on."""

    field: Field
    start: int
    end: int
    sentence: tuple[int, int]
    words: frozenset[str]


@dataclass(slots=True)
class ItemFacts:
    """The claims of one item. ``texts`` are its field texts (read once: ``ItemBundle.body`` joins the
    paragraphs on every call), ``parsed`` the same with escape sequences blanked (``parse_text``)."""

    bundle: ItemBundle
    source: str
    texts: dict[str, str] = field(default_factory=dict)
    parsed: dict[str, str] = field(default_factory=dict)
    events: list[EventFact] = field(default_factory=list)
    numbers: list[NumberFact] = field(default_factory=list)
    references: list[Claim] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    vocabulary: set[str] = field(default_factory=set)

    def text(self, field_: str) -> str:
        if field_ not in self.texts:
            self.texts[field_] = self.bundle.field_text(field_)
        return self.texts[field_]

    def parse_text(self, field_: str) -> str:
        if field_ not in self.parsed:
            self.parsed[field_] = blank_hostile(self.text(field_))
        return self.parsed[field_]

    def evidence(self, field_: Field, start: int, end: int, sentence: tuple[int, int]) -> Evidence:
        return evidence_of(self.bundle.id, self.text(field_), field_, start, end, sentence)

    def statement(self, clause: Clause, score: float) -> Claim:
        text = self.text(clause.field)[clause.start:clause.end]
        value = " ".join(text.split())
        if len(value) > MAX_VALUE_CHARS:
            value = value[: MAX_VALUE_CHARS - 1] + "…"
        return Claim("statement", f"statement|{self.bundle.id}|{clause.field}|{clause.start}", value[:80], value,
                     "", self.bundle.id, self.source,
                     self.evidence(clause.field, clause.start, clause.end, clause.sentence), score=score)


def evidence_of(item_id: str, text: str, field_: Field, start: int, end: int, sentence: tuple[int, int]) -> Evidence:
    """The evidence of ``text[start:end]`` (the field text of item ``item_id``) in its sentence."""
    s0, s1 = sentence
    if s1 - s0 > MAX_SENTENCE_CHARS:
        half = max((MAX_SENTENCE_CHARS - (end - start)) // 2, 0)
        s0 = max(s0, start - half)
        s1 = min(s1, max(end + half, s0 + MAX_SENTENCE_CHARS))
        shown = ("…" if s0 > sentence[0] else "") + text[s0:s1] + ("…" if s1 < sentence[1] else "")
    else:
        shown = text[s0:s1]
    return Evidence(item_id, field_, start, end, text[start:end], shown)


def _sentences(facts: ItemFacts) -> dict[Field, list[tuple[int, int]]]:
    """Sentence spans per field, in order, within the reading caps; split by punctuation when the
    bundle has none."""
    bundle = facts.bundle
    out: dict[Field, list[tuple[int, int]]] = {"headline": [], "body": []}
    given = sorted(bundle.sentences, key=lambda s: (s.field != "headline", s.start))
    if given:
        for s in given:
            if s.end > s.start:
                out[s.field].append((s.start, s.end))
    else:
        for field_ in ("headline", "body"):
            fld: Field = "headline" if field_ == "headline" else "body"
            for m in _FALLBACK_SENTENCE.finditer(facts.text(fld)):
                if m.start() > MAX_CHARS or len(out[fld]) > MAX_SENTENCES:
                    break
                if m.group().strip():
                    out[fld].append((m.start(), m.end()))
    budget_sentences, budget_chars = MAX_SENTENCES, MAX_CHARS
    fields: tuple[Field, ...] = ("headline", "body")
    for fld in fields:
        kept: list[tuple[int, int]] = []
        for start, end in out[fld]:
            if budget_sentences <= 0 or budget_chars <= 0:
                break
            end = min(end, start + budget_chars)
            kept.append((start, end))
            budget_sentences -= 1
            budget_chars -= end - start
        out[fld] = kept
    return out


class _SentenceIndex:
    def __init__(self, spans: Mapping[Field, list[tuple[int, int]]], facts: ItemFacts) -> None:
        self.spans = spans
        self.starts = {f: [s for s, _ in v] for f, v in spans.items()}
        self.facts = facts

    def at(self, field_: Field, offset: int) -> tuple[int, int]:
        spans = self.spans.get(field_, [])
        i = bisect.bisect_right(self.starts.get(field_, []), offset) - 1
        if 0 <= i < len(spans) and spans[i][0] <= offset < max(spans[i][1], spans[i][0] + 1):
            return spans[i]
        text = self.facts.text(field_)
        start = text.rfind("\n", 0, offset) + 1
        end = text.find("\n", offset)
        return start, (len(text) if end < 0 else end)


def _participant(p: Participant | None) -> tuple[str, str | None, str]:
    """(key, country, display text) of an event participant."""
    if p is None:
        return "?", None, ""
    if p.actor_id:
        return p.actor_id, p.country, p.text
    if p.country:
        return "c:" + p.country, p.country, p.text
    text = " ".join(_ARTICLE.sub("", p.text.casefold()).split())
    return ("t:" + text if text else "?"), None, p.text


def symmetric_order(key: str) -> tuple[bool, str]:
    """Sort key of the participants of a symmetric event: known ones first, then by key."""
    return key == "?", key


def linked(key: str) -> bool:
    return key != "?" and not key.startswith("t:")


def speaker_of(attribution: Attribution, actor_names: Mapping[str, str]) -> str | None:
    """Who an attribution names: the speaker's words, else the actor's name, else the impersonal cue."""
    if attribution.speaker_text:
        return " ".join(attribution.speaker_text.split())
    if attribution.speaker_actor_id:
        return actor_names.get(attribution.speaker_actor_id, attribution.speaker_actor_id)
    if attribution.stance != "asserted" and attribution.cue:
        return attribution.cue
    return None


def display_name(key: str, text: str, actor_names: Mapping[str, str]) -> str:
    if key == "?":
        return "—"
    if key.startswith("c:"):
        return actor_names.get(key[2:], key[2:])
    if key.startswith("t:"):
        return " ".join(text.split()) or key[2:]
    return actor_names.get(key, " ".join(text.split()) or key)


def event_key(event_type: str, modality: str, actor: str, recipient: str) -> str:
    return f"event|{event_type}|{modality}|{actor}|{recipient}"


def event_about(event_type: str, modality: str, actor: str, recipient: str) -> str:
    arrow = "↔" if event_type in SYMMETRIC else "→"
    return f"{event_type}{f' ({modality})' if modality else ''}: {actor} {arrow} {recipient}"


def item_facts(bundle: ItemBundle, actor_names: Mapping[str, str]) -> ItemFacts:
    """Every claim of one item, within the reading caps."""
    facts = ItemFacts(bundle, source_label(bundle))
    spans = _sentences(facts)
    index = _SentenceIndex(spans, facts)
    facts.events = list(_events(facts, index, actor_names))
    _numbers(facts, spans, actor_names)
    _references(facts, spans)
    _clauses(facts, spans)
    return facts


def _events(facts: ItemFacts, index: _SentenceIndex, actor_names: Mapping[str, str]) -> Iterator[EventFact]:
    bundle = facts.bundle
    found: list[EventFact] = []
    for event in bundle.events[:MAX_EVENTS]:
        fact = _event_fact(facts, event, index, actor_names)
        if fact is not None:
            found.append(fact)
    # an event-kind time expression the extractor left unattached dates the nearest undated event of its sentence
    for time in bundle.times[:MAX_TIMES]:
        if time.kind != "event" or not time.value.known:
            continue
        text = facts.text(time.field)
        here = [f for f in found if f.claim.evidence.field == time.field
                and f.sentence_span[0] <= time.start < f.sentence_span[1]
                and not _CLAUSE_BREAK.search(text, min(f.claim.evidence.end, time.end),
                                             max(f.claim.evidence.start, time.start))]
        if any(f.date_value == time.value for f in here):
            continue
        open_ = [f for f in here if f.date is None and not f.modality]
        if not open_:
            continue
        nearest = min(open_, key=lambda f: abs(f.claim.evidence.start - time.start))
        nearest.date_value = time.value
        nearest.date = _date_claim(facts, nearest, time.value, time.text, time.field, time.start, time.end,
                                   nearest.sentence_span)
    yield from found


def _event_fact(facts: ItemFacts, event: Event, index: _SentenceIndex,
                actor_names: Mapping[str, str]) -> EventFact | None:
    actor, actor_country, actor_text = _participant(event.actor)
    recipient, recipient_country, recipient_text = _participant(event.recipient)
    if not (linked(actor) or linked(recipient)):
        return None
    modality = "hypothetical" if "hypothetical" in event.aux_modes else "future" if "future" in event.aux_modes else ""
    negated = "negated" in event.aux_modes
    if event.event_type in SYMMETRIC and symmetric_order(recipient) < symmetric_order(actor):
        actor, recipient = recipient, actor
        actor_country, recipient_country = recipient_country, actor_country
        actor_text, recipient_text = recipient_text, actor_text
    sentence = (event.start, event.end) if event.end > event.start else index.at(event.field, event.trigger_start)
    key = event_key(event.event_type, modality, actor, recipient)
    about = event_about(event.event_type, modality, display_name(actor, actor_text, actor_names),
                        display_name(recipient, recipient_text, actor_names))
    value = _clause_around(facts.text(event.field), sentence, event.trigger_start, event.trigger_end)
    both = linked(actor) and linked(recipient)
    speaker = speaker_of(event.attribution, actor_names)
    claim = Claim("event", key, about, value, "negated" if negated else "affirmed", event.item_id, facts.source,
                  facts.evidence(event.field, event.trigger_start, event.trigger_end, sentence),
                  speaker=speaker, stance=event.attribution.stance,
                  score=2.5 + (0.5 if both else 0.0) + max(0.0, min(event.confidence, 1.0)))
    fact = EventFact(claim, event.event_type, modality, actor, recipient, actor_country, recipient_country,
                     actor_text, recipient_text, negated, event.attribution, speaker, sentence_span=sentence)
    if not modality and event.date.known:
        start, end = _find(facts.text(event.field), event.date_text, sentence, event)
        fact.date_value = event.date
        fact.date = _date_claim(facts, fact, event.date, event.date_text or event.date.iso() or "", event.field,
                                start, end, sentence)
    if not modality and event.place is not None:
        start, end = _find(facts.text(event.field), event.place_text, sentence, event)
        place = event.place
        fact.place_value = place
        fact.place = Claim("place", "place|" + key, "place of " + about, place.name,
                           str(place.geonameid) if place.geonameid is not None else place.name.casefold(),
                           event.item_id, facts.source, facts.evidence(event.field, start, end, sentence),
                           speaker=speaker, stance=event.attribution.stance, score=4.0)
    return fact


def _clause_around(text: str, sentence: tuple[int, int], start: int, end: int) -> str:
    """The clause of ``sentence`` holding ``text[start:end]`` (the sentence when the clause is short), on one
    line and cut to a window around the span."""
    s0, s1 = sentence
    a, b = s0, s1
    for m in _CLAUSE_BREAK.finditer(text, s0, s1):
        if m.end() <= start:
            a = m.end()
        elif m.start() >= end:
            b = m.start()
            break
    if b - a < MIN_EVENT_CLAUSE_CHARS:
        a, b = s0, s1
    a, b = _trim(text, a, b)
    if b - a > MAX_EVENT_VALUE_CHARS:
        half = max((MAX_EVENT_VALUE_CHARS - (end - start)) // 2, 0)
        a2, b2 = max(a, start - half), min(b, end + half)
        if a2 > a:  # whole words only
            space = text.find(" ", a2, start)
            a2 = space + 1 if space >= 0 else a2
        if b2 < b:
            space = text.rfind(" ", end, b2)
            b2 = space if space >= 0 else b2
        return ("…" if a2 > a else "") + " ".join(text[a2:b2].split()) + ("…" if b2 < b else "")
    return " ".join(text[a:b].split())


def _find(text: str, needle: str | None, sentence: tuple[int, int], event: Event) -> tuple[int, int]:
    if needle:
        at = text.find(needle, sentence[0], sentence[1])
        if at >= 0:
            return at, at + len(needle)
    return event.trigger_start, event.trigger_end


def _date_claim(facts: ItemFacts, fact: EventFact, value: PartialDate, text: str, field_: Field, start: int,
                end: int, sentence: tuple[int, int]) -> Claim:
    shown = " ".join(text.split()) or (value.iso() or "")
    iso = value.iso() or ""
    return Claim("date", "date|" + fact.claim.key, "date of " + fact.claim.about,
                 f"{shown} ({iso})" if shown != iso else iso, iso, fact.claim.item_id, facts.source,
                 facts.evidence(field_, start, end, sentence), speaker=fact.speaker,
                 stance=fact.attribution.stance, score=4.5)


def _event_at(facts: ItemFacts, field_: Field, offset: int) -> EventFact | None:
    for f in facts.events:
        if f.claim.evidence.field == field_ and f.sentence_span[0] <= offset < f.sentence_span[1]:
            return f
    return None


def _numbers(facts: ItemFacts, spans: Mapping[Field, list[tuple[int, int]]], actor_names: Mapping[str, str]) -> None:
    bundle = facts.bundle
    for field_, sentences in spans.items():
        text = facts.parse_text(field_)
        times = sorted((t.start, t.end) for t in bundle.times if t.field == field_)
        time_starts = [a for a, _ in times]
        actors = sorted(((m.start, m.end, m.actor_id) for m in bundle.mentions
                         if m.field == field_ and m.kind == "actor" and m.actor_id), key=lambda m: m[0])
        actor_starts = [a for a, _, _ in actors]
        # (sentence number, family, actor) of the last counted number: "..., then of around 11,000" counts
        # what the number before it in the same or the previous sentence counts
        last: tuple[int, str, str] | None = None
        for n, (s0, s1) in enumerate(sentences):
            sentence_text = text[s0:s1]
            window = times[max(bisect.bisect_left(time_starts, s0) - 1, 0):bisect.bisect_left(time_starts, s1)]
            skip = [(a - s0, b - s0) for a, b in window if a < s1 and b > s0]
            near = actors[max(bisect.bisect_left(actor_starts, s0) - 8, 0):bisect.bisect_left(actor_starts, s1)]
            for q in parse_quantities(sentence_text, skip):
                noun_start, noun_end = s0 + q.noun_start, s0 + q.noun_end
                if q.family is not None:
                    family = q.family
                    actor = next((m[2] for m in near if m[0] < noun_end and m[1] > noun_start and m[2]), None) or "?"
                elif last is not None and last[0] >= n - 1:
                    _, family, actor = last
                else:
                    continue
                last = (n, family, actor)
                event = _event_at(facts, field_, s0 + q.start)
                key = f"number|{family}|{q.qualifier}|{actor}"
                claim = Claim("number", key, number_about(family, q.qualifier, actor, actor_names),
                              " ".join(q.text.split()), q.interval, bundle.id, facts.source,
                              facts.evidence(field_, s0 + q.start, s0 + q.end, (s0, s1)),
                              speaker=event.speaker if event else None,
                              stance=event.attribution.stance if event else None,
                              score=6.0 + (1.0 if family in _KNOWN_FAMILIES else 0.0))
                facts.numbers.append(NumberFact(claim, family, q.qualifier, actor, q.low, q.high))


def number_about(family: str, qualifier: str, actor: str, actor_names: Mapping[str, str]) -> str:
    who = "" if actor == "?" else f" ({actor_names.get(actor, actor)})"
    return f"number of {family}{' ' + qualifier if qualifier else ''}{who}"


def _references(facts: ItemFacts, spans: Mapping[Field, list[tuple[int, int]]]) -> None:
    bundle = facts.bundle
    for field_, sentences in spans.items():
        text = facts.parse_text(field_)
        for s0, s1 in sentences:
            for ref in find_references(text[s0:s1]):
                event = _event_at(facts, field_, s0 + ref.start)
                facts.references.append(Claim(
                    "reference", "reference|" + ref.key, ref.about, " ".join(ref.text.split()), ref.key, bundle.id,
                    facts.source, facts.evidence(field_, s0 + ref.start, s0 + ref.end, (s0, s1)),
                    speaker=event.speaker if event else None, stance=event.attribution.stance if event else None,
                    score=5.0))


def _clauses(facts: ItemFacts, spans: Mapping[Field, list[tuple[int, int]]]) -> None:
    for field_, sentences in spans.items():
        text = facts.parse_text(field_)
        for s0, s1 in sentences:
            pieces: list[tuple[int, int, list[str]]] = []
            start = s0
            for m in _CLAUSE_BREAK.finditer(text, s0, s1):
                pieces.append((start, m.start(), stems(text[start:m.start()])))
                start = m.end()
            pieces.append((start, s1, stems(text[start:s1])))
            merged: list[tuple[int, int, list[str]]] = []
            current: tuple[int, int, list[str]] | None = None
            for a, b, words in pieces:
                facts.vocabulary.update(words)
                current = (current[0], b, current[2] + words) if current else (a, b, words)
                if len(set(current[2])) >= MIN_CLAUSE_WORDS:
                    merged.append(current)
                    current = None
            if current is not None and merged:
                a, _, words = merged[-1]
                merged[-1] = (a, current[1], words + current[2])
            for a, b, words in merged:
                a, b = _trim(text, a, b)
                if b > a and sum(1 for w in set(words) if not w[0].isdigit()) >= 2:
                    facts.clauses.append(Clause(field_, a, b, (s0, s1), frozenset(words)))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Without surrounding spaces and punctuation; an opening quote stays when the clause closes it."""
    while start < end and not text[start].isalnum():
        if text[start] in _QUOTES and sum(text.count(q, start, end) for q in _QUOTES) % 2 == 0:
            break
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:–—-"):
        end -= 1
    return start, end


_QUOTES = "\"“”'‘’«»"


_KNOWN_FAMILIES = frozenset({"troops", "civilians", "killed", "wounded", "casualties", "prisoners", "drones",
                             "missiles", "shells", "tanks", "aircraft", "refugees", "children", "settlements"})
