"""The per-story comparison: what the sources of one story agree on, disagree on and say alone, the
names each gives the actors, and how each attributes what it reports.

``compare_story`` reads bundles only (never the store), is deterministic for the
same bundles in the same order, and is bounded whatever the story's size:

* at most ``MAX_SOURCES`` sources are compared (those with the most items, then
  the earliest), and of each at most ``MAX_ITEMS_PER_SOURCE`` items, the most
  informative (events with a linked participant, dated events, length), so a
  story of thousands of items costs what a few hundred cost; each item is read
  within the caps of ``counterpoint.compare.claims``;
* claims are bucketed by key before anything is compared (``align``);
* what only one source says is judged on at most ``MAX_CLAUSES_PER_SOURCE``
  clauses per source, each against the words of each other source, and listed
  up to ``MAX_ONLY_PER_SOURCE`` per source, most informative first (numbers,
  references, dates, places, events, then clauses), with the count of the rest.

"Only one source says" is judged on words: a clause is only one source's when
at least half of its content words (and two or more) are missing from every
other source's text. A paraphrase with other words counts as not shared.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from counterpoint.compare.align import (
    EventBucket,
    align_events,
    align_numbers,
    align_simple,
    judge_dates,
    judge_events,
    judge_places,
)
from counterpoint.compare.claims import ItemFacts, item_facts, source_label, speaker_of
from counterpoint.compare.records import (
    CLAIM_KINDS,
    AlignedClaim,
    AttributionDiff,
    AttributionKind,
    AttributionView,
    Claim,
    Comparison,
    NameUse,
    NamingRow,
)
from counterpoint.link.bundle import ItemBundle
from counterpoint.link.copies import STOPWORDS
from counterpoint.model import Tone

MAX_SOURCES = 30
MAX_ITEMS_PER_SOURCE = 5
MAX_CLAUSES_PER_SOURCE = 150
MAX_ONLY_PER_SOURCE = 8
MAX_NAMING_ROWS = 40
MAX_NAMES = 5
MAX_ATTRIBUTION_ROWS = 30
#: A clause is one source's alone when at least this share of its content words is missing from every other
#: source, and at least ``MIN_NOVEL_WORDS`` words are.
NOVELTY = 0.5
MIN_NOVEL_WORDS = 2

_TONE_RANK: dict[Tone, int] = {"pejorative": 2, "honorific": 1, "neutral": 0}


def compare_story(story_id: str, bundles: Sequence[ItemBundle],
                  actor_names: Mapping[str, str] | None = None) -> Comparison:
    """Compare the items of one story across their sources; ``actor_names`` maps actor ids to the names shown."""
    names: Mapping[str, str] = actor_names or {}
    selected, items_left_out, sources_left_out = _select(bundles)
    order = list(selected)
    facts = {s: [item_facts(b, names) for b in selected[s]] for s in order}
    rank = {s: i for i, s in enumerate(order)}

    buckets = align_events((f for fs in facts.values() for item in fs for f in item.events), names)
    aligned: list[AlignedClaim] = []
    several = [b for b in buckets if len(b.facts) >= 2]
    for bucket in buckets:
        aligned.append(judge_events(bucket))
        if len(bucket.facts) >= 2:  # the date and place of an event only one source reports go with it
            aligned.extend(a for a in (judge_dates(bucket), judge_places(bucket)) if a is not None)
    aligned.extend(align_numbers((n for fs in facts.values() for item in fs for n in item.numbers), names))
    aligned.extend(align_simple((r for fs in facts.values() for item in fs for r in item.references), "reference"))
    aligned = [_in_order(a, rank) for a in aligned]

    def shared_order(a: AlignedClaim) -> tuple[int, int, str]:
        return CLAIM_KINDS.index(a.kind), -len(a.claims), a.about

    agree = sorted((a for a in aligned if a.status == "agree"), key=shared_order)
    conflict = sorted((a for a in aligned if a.status == "conflict"), key=shared_order)
    only, more = _only([a for a in aligned if a.status == "only"], facts, order)
    return Comparison(
        story_id=story_id, sources=tuple(order), items=tuple(b.id for s in order for b in selected[s]),
        agree=tuple(agree), conflict=tuple(conflict), only=tuple(only),
        naming=tuple(_naming(selected, names)), attribution=tuple(_attribution(several, names, rank)),
        only_more=more, items_left_out=items_left_out, sources_left_out=sources_left_out,
    )


def _first(bundles: Iterable[ItemBundle]) -> tuple[str, str]:
    return min(((b.item.published.iso() or "9999", b.first_seen) for b in bundles), default=("9999", ""))


def _informativeness(bundle: ItemBundle) -> float:
    events = sum(1 for e in bundle.events
                 if (e.actor and (e.actor.actor_id or e.actor.country))
                 or (e.recipient and (e.recipient.actor_id or e.recipient.country)))
    dated = sum(1 for e in bundle.events if e.date.known)
    return 2.0 * events + dated + 0.25 * len(bundle.namings) + min(len(bundle.body), 6_000) / 2_000


def _select(bundles: Sequence[ItemBundle]) -> tuple[dict[str, list[ItemBundle]], int, int]:
    """The sources compared, first reporter first, each with its most informative items."""
    by_source: dict[str, list[ItemBundle]] = defaultdict(list)
    for bundle in bundles:
        by_source[source_label(bundle)].append(bundle)
    firsts = {s: _first(bs) for s, bs in by_source.items()}
    chosen = sorted(by_source, key=lambda s: (-len(by_source[s]), firsts[s], s))[:MAX_SOURCES]
    selected: dict[str, list[ItemBundle]] = {}
    for source in sorted(chosen, key=lambda s: (firsts[s], s)):
        ranked = sorted(by_source[source], key=lambda b: (-_informativeness(b), b.first_seen, b.id))
        keep = {b.id for b in ranked[:MAX_ITEMS_PER_SOURCE]}
        selected[source] = [b for b in by_source[source] if b.id in keep][:MAX_ITEMS_PER_SOURCE]
    kept = sum(len(v) for v in selected.values())
    return selected, len(bundles) - kept, len(by_source) - len(chosen)


def _in_order(aligned: AlignedClaim, rank: Mapping[str, int]) -> AlignedClaim:
    ordered = dict(sorted(aligned.claims.items(), key=lambda kv: rank.get(kv[0], len(rank))))
    if list(ordered) == list(aligned.claims):
        return aligned
    return AlignedClaim(aligned.kind, aligned.key, aligned.about, aligned.status, ordered, aligned.note)


# -- only one source says ------------------------------------------------------------------------------------

def _statements(facts: Mapping[str, list[ItemFacts]]) -> list[Claim]:
    """Clauses whose words no other source has (see the module doc)."""
    if len(facts) < 2:
        return []
    users: dict[str, set[str]] = defaultdict(set)
    for source, items in facts.items():
        for item in items:
            for word in item.vocabulary:
                users[word].add(source)
    out: list[Claim] = []
    for source, items in facts.items():
        clauses = [(item, c) for item in items for c in item.clauses][:MAX_CLAUSES_PER_SOURCE]
        for item, clause in clauses:
            shared: dict[str, int] = defaultdict(int)
            for word in clause.words:
                for other in users.get(word, ()):
                    if other != source:
                        shared[other] += 1
            best = max(shared.values(), default=0)
            size = len(clause.words)
            novelty = 1.0 - best / size
            if novelty < NOVELTY or size - best < MIN_NOVEL_WORDS:
                continue
            digits = any(any(ch.isdigit() for ch in w) for w in clause.words)
            out.append(item.statement(clause, 2.0 + novelty + (0.3 if digits else 0.0)))
    return out


def _only(candidates: list[AlignedClaim], facts: Mapping[str, list[ItemFacts]],
          order: Sequence[str]) -> tuple[list[AlignedClaim], dict[str, int]]:
    """What each source says alone, most informative first, overlapping evidence once, capped per source."""
    per_source: dict[str, list[tuple[float, int, AlignedClaim]]] = defaultdict(list)
    position = {item.bundle.id: i for items in facts.values() for i, item in enumerate(items)}

    def sort_key(claim: Claim) -> int:
        return position.get(claim.item_id, 0) * 1_000_000 + claim.evidence.start

    for aligned in candidates:
        source, claims = next(iter(aligned.claims.items()))
        score = max(c.score for c in claims)
        per_source[source].append((score, sort_key(claims[0]), aligned))
    for claim in _statements(facts):
        aligned = AlignedClaim("statement", claim.key, claim.about, "only", {claim.source: (claim,)})
        per_source[claim.source].append((claim.score, sort_key(claim), aligned))
    out: list[AlignedClaim] = []
    more: dict[str, int] = {}
    for source in order:
        ranked = sorted(per_source.get(source, ()), key=lambda t: (-t[0], t[1]))
        kept: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
        shown: list[AlignedClaim] = []
        left = 0
        for _, _, aligned in ranked:
            evidence = next(iter(aligned.claims.values()))[0].evidence
            spans = kept[(evidence.item_id, evidence.field)]
            if any(evidence.start < e and s < evidence.end for s, e in spans):
                continue
            spans.append((evidence.start, max(evidence.end, evidence.start + 1)))
            if len(shown) < MAX_ONLY_PER_SOURCE:
                shown.append(aligned)
            else:
                left += 1
        out.extend(shown)
        if left:
            more[source] = left
    return out, more


# -- naming ----------------------------------------------------------------------------------------------------

@dataclass(slots=True)
class _Use:
    surface: str
    tone: Tone
    count: int = 0


def _name_words(name: str) -> set[str]:
    """Words of a name cut to five letters, so "North Korea" and "North Korean" share a word."""
    return {w[:5] for w in re.findall(r"[^\W_]+", name.casefold()) if len(w) > 2 and w not in STOPWORDS}


def _naming(selected: Mapping[str, list[ItemBundle]], actor_names: Mapping[str, str]) -> list[NamingRow]:
    """Per actor, the names each source uses: actors named by two sources or more, or with a marked tone."""
    uses: dict[str, dict[str, dict[str, _Use]]] = defaultdict(lambda: defaultdict(dict))
    for source, bundles in selected.items():
        for bundle in bundles:
            for naming in bundle.namings:
                surface = " ".join(naming.text.split())
                norm = surface.casefold().removeprefix("the ")
                if not norm:
                    continue
                use = uses[naming.actor_id][source].setdefault(norm, _Use(surface, naming.tone))
                if _TONE_RANK[naming.tone] > _TONE_RANK[use.tone]:
                    use.tone = naming.tone
                use.count += 1
    rows: list[tuple[tuple[int, int, int, int, str], NamingRow]] = []
    for actor_id, by_source in uses.items():
        tones = {s: {u.tone for u in names.values()} for s, names in by_source.items()}
        marked = any(t != "neutral" for ts in tones.values() for t in ts)
        if len(by_source) < 2 and not marked:
            continue
        sources = list(by_source)
        words = {s: {w for name in names for w in _name_words(name)} for s, names in by_source.items()}
        differs = any(tones[a] != tones[b] or not (words[a] & words[b])
                      for i, a in enumerate(sources) for b in sources[i + 1:])
        names = {
            s: tuple(NameUse(u.surface, u.tone, u.count)
                     for u in sorted(entries.values(), key=lambda u: (-_TONE_RANK[u.tone], -u.count, u.surface))
                     [:MAX_NAMES])
            for s, entries in by_source.items()
        }
        total = sum(u.count for us in names.values() for u in us)
        name = actor_names.get(actor_id, actor_id)
        rows.append(((0 if differs else 1, 0 if marked else 1, -len(by_source), -total, name),
                     NamingRow(actor_id, name, names, differs)))
    rows.sort(key=lambda r: r[0])
    return [row for _, row in rows[:MAX_NAMING_ROWS]]


# -- attribution --------------------------------------------------------------------------------------------------

def _attribution(buckets: Sequence[EventBucket], actor_names: Mapping[str, str],
                 rank: Mapping[str, int]) -> list[AttributionDiff]:
    found: list[tuple[tuple[int, int, str], AttributionDiff]] = []
    for bucket in buckets:
        views: dict[str, tuple[AttributionView, ...]] = {}
        for source in sorted(bucket.facts, key=lambda s: rank.get(s, len(rank))):
            seen: dict[tuple[str, str | None, str | None], AttributionView] = {}
            for fact in bucket.facts[source]:
                a = fact.attribution
                speaker = speaker_of(a, actor_names)
                key = (a.stance, speaker, a.cue)
                if key not in seen and len(seen) < 3:
                    seen[key] = AttributionView(a.stance, speaker, a.cue, fact.claim.evidence)
            views[source] = tuple(seen.values())
        kind = _attribution_kind(views)
        if kind is None:
            continue
        order = ("fact-vs-attributed", "attributed-vs-distanced", "different-speakers").index(kind)
        found.append(((order, -len(views), bucket.about), AttributionDiff(bucket.key, bucket.about, kind, views)))
    found.sort(key=lambda f: f[0])
    return [diff for _, diff in found[:MAX_ATTRIBUTION_ROWS]]


def _attribution_kind(views: Mapping[str, tuple[AttributionView, ...]]) -> AttributionKind | None:
    own = {s: any(v.own_voice for v in vs) for s, vs in views.items()}
    if any(own.values()) and not all(own.values()):
        return "fact-vs-attributed"
    if not any(own.values()):
        reported = {s: any(v.stance != "distanced" for v in vs) for s, vs in views.items()}
        if any(reported.values()) and not all(reported.values()):
            return "attributed-vs-distanced"
        speakers = {s: {v.speaker.casefold() for v in vs if v.speaker} for s, vs in views.items()}
        sources = list(speakers)
        if any(speakers[a] and speakers[b] and not speakers[a] & speakers[b]
               for i, a in enumerate(sources) for b in sources[i + 1:]):
            return "different-speakers"
    return None

