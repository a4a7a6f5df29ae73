"""Aligning claims across sources: bucket by what they are about, then judge each bucket.

Claims are bucketed by key first (a dict), so the cost grows with the number of
claims, not with their pairs; within a bucket each source keeps at most
``MAX_VALUES`` values, and the judgement compares the values of every pair of
sources (bounded by the caller's cap on sources).

Event keys are (PLOVER type, modality, actor, recipient), actor and recipient as
registry ids (sorted for the symmetric types AGREE, CONSULT, COOPERATE). Two
merges make different wordings meet:

1. a claim with one participant unknown (or not linked) joins the one bucket that
   has the same type and known participant and a second linked participant;
2. buckets stated by one source only join, by the countries of their
   participants, the one bucket of several sources with the same countries, or
   each other when there is none (within one story, "ASSAULT by the KPA" and
   "ASSAULT by North Korea" are the same thing told twice).

Numbers are keyed by (family, qualifier, actor), a number whose actor is not
known joining the one bucket of its family and qualifier with an actor.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from counterpoint.compare.claims import (
    SYMMETRIC,
    EventFact,
    NumberFact,
    display_name,
    event_about,
    event_key,
    linked,
    number_about,
    symmetric_order,
)
from counterpoint.compare.records import AlignedClaim, Claim, ClaimKind, Status
from counterpoint.model import PartialDate, Place

#: Values of one source kept in one bucket (the first ones, in text order).
MAX_VALUES = 4

T = TypeVar("T")


@dataclass(slots=True)
class EventBucket:
    key: str
    about: str
    facts: dict[str, list[EventFact]]  # by source

    @property
    def sources(self) -> list[str]:
        return list(self.facts)


def judge(values: Mapping[str, Sequence[T]], compatible: Callable[[T, T], bool],
          show: Callable[[T], str]) -> tuple[Status, str]:
    """``only`` for one source; ``conflict`` when a value of one source is compatible with no value of
    another (the note names the first such pair); ``agree`` otherwise."""
    if len(values) < 2:
        return "only", ""
    for s, mine in values.items():
        for t, theirs in values.items():
            if s == t:
                continue
            for v in mine:
                if not any(compatible(v, w) for w in theirs):
                    return "conflict", f"{s}: {show(v)}; {t}: {', '.join(show(w) for w in theirs[:3])}"
    return "agree", ""


def dates_compatible(a: PartialDate, b: PartialDate) -> bool:
    """Equal as far as both are known: June 2024 agrees with 2024-06-19, not with October 2024."""
    x, y = a.iso() or "", b.iso() or ""
    return x.startswith(y) or y.startswith(x)


def places_compatible(a: Place, b: Place) -> bool:
    """The same GeoNames id or name, one inside the other (a country and a place in it, an admin1 area and a
    place in it), or names that start with the same word ("Kursk", "Kursk Oblast")."""
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    na, nb = a.name.casefold(), b.name.casefold()
    if na == nb or na.split()[:1] == nb.split()[:1]:
        return True
    for big, small in ((a, b), (b, a)):
        if big.feature == "country" and big.country is not None and big.country == small.country:
            return True
        if big.feature == "admin1" and big.admin1 is not None and big.admin1 == small.admin1:
            return True
    return False


# -- events ---------------------------------------------------------------------------------------

def align_events(facts: Iterable[EventFact], actor_names: Mapping[str, str]) -> list[EventBucket]:
    """Event claims bucketed by key, partial keys and one-source buckets merged (see the module doc)."""
    buckets: dict[tuple[str, str, str, str], dict[str, list[EventFact]]] = {}
    for fact in facts:
        key = (fact.event_type, fact.modality, fact.actor, fact.recipient)
        buckets.setdefault(key, {}).setdefault(fact.claim.source, []).append(fact)
    _absorb_partial_events(buckets)
    _merge_by_country(buckets)
    out = []
    for (event_type, modality, actor, recipient), by_source in buckets.items():
        members = [f for fs in by_source.values() for f in fs]
        actor_text = _most_common(f.actor_text if f.actor == actor else f.recipient_text for f in members)
        recipient_text = _most_common(f.recipient_text if f.recipient == recipient else f.actor_text
                                      for f in members)
        about = event_about(event_type, modality, display_name(actor, actor_text, actor_names),
                            display_name(recipient, recipient_text, actor_names))
        out.append(EventBucket(event_key(event_type, modality, actor, recipient), about, by_source))
    return out


def _most_common(texts: Iterable[str]) -> str:
    counts: dict[str, int] = defaultdict(int)
    for text in texts:
        if text:
            counts[" ".join(text.split())] += 1
    return max(counts, key=lambda t: (counts[t], -len(t))) if counts else ""


def _merge(buckets: dict[tuple[str, str, str, str], dict[str, list[EventFact]]],
           source_key: tuple[str, str, str, str], target_key: tuple[str, str, str, str]) -> None:
    moved = buckets.pop(source_key)
    target = buckets[target_key]
    for source, facts in moved.items():
        target.setdefault(source, []).extend(facts)


def _absorb_partial_events(buckets: dict[tuple[str, str, str, str], dict[str, list[EventFact]]]) -> None:
    full: dict[tuple[str, str, str], list[tuple[str, str, str, str]]] = defaultdict(list)
    for key in buckets:
        event_type, modality, actor, recipient = key
        if linked(actor) and linked(recipient):
            full[(event_type, modality, "a:" + actor)].append(key)
            full[(event_type, modality, "r:" + recipient)].append(key)
    for key in list(buckets):
        event_type, modality, actor, recipient = key
        if linked(actor) == linked(recipient):
            continue
        known = actor if linked(actor) else recipient
        if event_type in SYMMETRIC:
            wanted = [(event_type, modality, "a:" + known), (event_type, modality, "r:" + known)]
        else:
            wanted = [(event_type, modality, ("a:" if linked(actor) else "r:") + known)]
        targets = {t for w in wanted for t in full.get(w, ())}
        if len(targets) == 1:
            _merge(buckets, key, targets.pop())


def _countries(by_source: Mapping[str, list[EventFact]], key: tuple[str, str, str, str]) -> tuple[str, str]:
    _, _, actor, recipient = key
    a = r = "?"
    for facts in by_source.values():
        for f in facts:
            if a == "?" and f.actor == actor and f.actor_country:
                a = f.actor_country
            if r == "?" and f.recipient == recipient and f.recipient_country:
                r = f.recipient_country
    return a, r


def _merge_by_country(buckets: dict[tuple[str, str, str, str], dict[str, list[EventFact]]]) -> None:
    groups: dict[tuple[str, str, str, str], list[tuple[str, str, str, str]]] = defaultdict(list)
    for key, by_source in buckets.items():
        a, r = _countries(by_source, key)
        if a == "?" and r == "?":
            continue
        if key[0] in SYMMETRIC and symmetric_order(r) < symmetric_order(a):
            a, r = r, a
        groups[(key[0], key[1], a, r)].append(key)
    for keys in groups.values():
        if len(keys) < 2:
            continue
        several = [k for k in keys if len(buckets[k]) >= 2]
        single = [k for k in keys if len(buckets[k]) == 1]
        if len(several) == 1:
            for k in single:
                _merge(buckets, k, several[0])
        elif not several and len({next(iter(buckets[k])) for k in single}) >= 2:
            target = max(single, key=lambda k: sum(len(v) for v in buckets[k].values()))
            for k in single:
                if k != target:
                    _merge(buckets, k, target)


def judge_events(bucket: EventBucket) -> AlignedClaim:
    """The bucket's event claims: sources agree unless one says it happened and another that it did not."""
    values = {s: [f.negated for f in fs][:MAX_VALUES] for s, fs in bucket.facts.items()}
    status, note = judge(values, lambda a, b: a == b, lambda v: "did not happen" if v else "happened")
    return AlignedClaim("event", bucket.key, bucket.about, status, _claims(bucket, lambda f: f.claim), note)


def judge_dates(bucket: EventBucket) -> AlignedClaim | None:
    dated = {s: [f for f in fs if f.date is not None and f.date_value is not None] for s, fs in bucket.facts.items()}
    dated = {s: fs for s, fs in dated.items() if fs}
    if not dated:
        return None
    values = {s: _unique([f.date_value for f in fs if f.date_value is not None], lambda d: d.iso()) for s, fs in
              dated.items()}
    status, note = judge(values, dates_compatible, lambda d: d.iso() or "")
    claims = {s: tuple(_unique([f.date for f in fs if f.date is not None], lambda c: c.value_norm))[:MAX_VALUES]
              for s, fs in dated.items()}
    return AlignedClaim("date", "date|" + bucket.key, "date of " + bucket.about, status,
                        _rekey(claims, "date|" + bucket.key, "date of " + bucket.about), note)


def judge_places(bucket: EventBucket) -> AlignedClaim | None:
    placed = {s: [f for f in fs if f.place is not None and f.place_value is not None]
              for s, fs in bucket.facts.items()}
    placed = {s: fs for s, fs in placed.items() if fs}
    if not placed:
        return None
    values = {s: _unique([f.place_value for f in fs if f.place_value is not None],
                         lambda p: (p.geonameid, p.name.casefold())) for s, fs in placed.items()}
    status, note = judge(values, places_compatible, lambda p: p.name)
    claims = {s: tuple(_unique([f.place for f in fs if f.place is not None], lambda c: c.value_norm))[:MAX_VALUES]
              for s, fs in placed.items()}
    return AlignedClaim("place", "place|" + bucket.key, "place of " + bucket.about, status,
                        _rekey(claims, "place|" + bucket.key, "place of " + bucket.about), note)


def _unique(values: Iterable[T], key: Callable[[T], object]) -> list[T]:
    seen: set[object] = set()
    out = []
    for v in values:
        k = key(v)
        if k not in seen:
            seen.add(k)
            out.append(v)
        if len(out) >= MAX_VALUES:
            break
    return out


def _claims(bucket: EventBucket, pick: Callable[[EventFact], Claim]) -> dict[str, tuple[Claim, ...]]:
    claims = {s: tuple(pick(f) for f in fs[:MAX_VALUES]) for s, fs in bucket.facts.items()}
    return _rekey(claims, bucket.key, bucket.about)


def _rekey(claims: Mapping[str, Sequence[Claim]], key: str, about: str) -> dict[str, tuple[Claim, ...]]:
    return {s: tuple(c if c.key == key and c.about == about else replace(c, key=key, about=about) for c in cs)
            for s, cs in claims.items()}


# -- numbers and references ---------------------------------------------------------------------------------

def align_numbers(facts: Iterable[NumberFact], actor_names: Mapping[str, str]) -> list[AlignedClaim]:
    """Number claims by (family, qualifier, actor); intervals that overlap agree."""
    buckets: dict[tuple[str, str, str], dict[str, list[NumberFact]]] = {}
    for fact in facts:
        buckets.setdefault((fact.family, fact.qualifier, fact.actor), {}).setdefault(fact.claim.source,
                                                                                      []).append(fact)
    with_actor: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    for key in buckets:
        if key[2] != "?":
            with_actor[key[:2]].append(key)
    for key in list(buckets):
        if key[2] == "?" and len(with_actor.get(key[:2], ())) == 1:
            target = buckets[with_actor[key[:2]][0]]
            for source, fs in buckets.pop(key).items():
                target.setdefault(source, []).extend(fs)
    out = []
    for (family, qualifier, actor), by_source in buckets.items():
        kept = {s: _unique(fs, lambda f: f.claim.value_norm) for s, fs in by_source.items()}
        status, note = judge(kept, lambda a, b: a.low <= b.high and b.low <= a.high, lambda f: f.claim.value)
        name = f"number|{family}|{qualifier}|{actor}"
        about = number_about(family, qualifier, actor, actor_names)
        out.append(AlignedClaim("number", name, about, status,
                                _rekey({s: [f.claim for f in fs] for s, fs in kept.items()}, name, about), note))
    return out


def align_simple(claims: Iterable[Claim], kind: ClaimKind) -> list[AlignedClaim]:
    """Claims that agree by having the same key (references): two sources or more agree, else only."""
    buckets: dict[str, dict[str, list[Claim]]] = {}
    for claim in claims:
        buckets.setdefault(claim.key, {}).setdefault(claim.source, []).append(claim)
    out = []
    for key, by_source in buckets.items():
        about = next(iter(by_source.values()))[0].about
        status: Status = "agree" if len(by_source) >= 2 else "only"
        out.append(AlignedClaim(kind, key, about, status,
                                _rekey({s: cs[:MAX_VALUES] for s, cs in by_source.items()}, key, about)))
    return out
