"""compare_story on hand-made bundles: agree, conflict, only, naming, attribution, caps and edge cases."""

from __future__ import annotations

import json
import time

from counterpoint.compare import AlignedClaim, Comparison, compare_story
from counterpoint.compare.story import MAX_ITEMS_PER_SOURCE, MAX_ONLY_PER_SOURCE, MAX_SOURCES
from counterpoint.link.bundle import ItemBundle
from counterpoint.model import PartialDate
from tests.compare.helpers import (
    DONETSK,
    KHARKIV,
    KURSK,
    actor_mention,
    annotate,
    event,
    make_bundle,
    naming,
    time_expr,
)

NAMES = {"kpa": "Korean People's Army", "kpa-general-staff": "KPA General Staff",
         "usa-armed-forces": "US Forces Korea", "ukr-armed-forces": "Armed Forces of Ukraine"}


def rows(comparison: Comparison, kind: str) -> dict[str, list[AlignedClaim]]:
    out: dict[str, list[AlignedClaim]] = {"agree": [], "conflict": [], "only": []}
    for status in out:
        out[status] = [a for a in getattr(comparison, status) if a.kind == kind]
    return out


def values(aligned: AlignedClaim) -> dict[str, list[str]]:
    return {source: [c.value for c in claims] for source, claims in aligned.claims.items()}


def troops(item_id: str, source: str, sentence: str) -> ItemBundle:
    bundle = make_bundle(item_id, source, sentence + " The deployment was confirmed on Monday.")
    return annotate(bundle, mentions=[actor_mention(bundle, word, "kpa") for word in ("troops", "soldiers")
                                      if word in sentence])


# -- numbers ---------------------------------------------------------------------------------------------------------

def test_numbers_of_the_same_family_agree_when_intervals_overlap() -> None:
    a = troops("i_a", "wire.example", "North Korea sent about 11,000 troops to Russia.")
    b = troops("i_b", "analysis.example", "Estimates range from 10,000-12,000 soldiers.")
    (row,) = rows(compare_story("s", [a, b], NAMES), "number")["agree"]
    assert row.about == "number of troops (Korean People's Army)"
    assert values(row) == {"wire.example": ["about 11,000 troops"], "analysis.example": ["10,000-12,000 soldiers"]}


def test_numbers_conflict_when_no_interval_overlaps() -> None:
    a = troops("i_a", "wire.example", "North Korea sent about 11,000 troops to Russia.")
    b = troops("i_b", "opposing.example", "Kyiv says North Korea sent up to 14,000 soldiers.")
    comparison = compare_story("s", [a, b], NAMES)
    (row,) = rows(comparison, "number")["conflict"]
    assert set(row.claims) == {"wire.example", "opposing.example"}
    assert "up to 14,000 soldiers" in row.note and "about 11,000 troops" in row.note
    claim = row.claims["opposing.example"][0]
    evidence = claim.evidence
    assert b.field_text(evidence.field)[evidence.start:evidence.end] == evidence.text == "up to 14,000 soldiers"
    assert claim.value_norm == "12600..14000"


def test_numbers_of_different_things_are_not_compared() -> None:
    a = make_bundle("i_a", "one.example", "The army fired 40 drones at the city.")
    b = make_bundle("i_b", "two.example", "Officials said 300 soldiers took part.")
    found = rows(compare_story("s", [a, b]), "number")
    assert not found["agree"] and not found["conflict"]
    assert {r.about for r in found["only"]} == {"number of drones", "number of troops"}


def test_a_number_without_a_noun_counts_what_the_number_before_it_counts() -> None:
    a = troops("i_a", "one.example", "Seoul first spoke of 1,500 troops. Washington used a range of 10,000 to 12,000.")
    b = troops("i_b", "two.example", "About 11,000 troops were sent.")
    comparison = compare_story("s", [a, b], NAMES)
    (row,) = rows(comparison, "number")["conflict"]  # 1,500 matches nothing the other source says
    assert values(row)["one.example"] == ["1,500 troops", "10,000 to 12,000"]


# -- dates, places and events ------------------------------------------------------------------------------------------

def message(item_id: str, source: str, day: str, value: PartialDate) -> ItemBundle:
    bundle = make_bundle(item_id, source,
                         f"The General Staff sent a telephone message to the US forces on {day}. Roads were cut.")
    return annotate(bundle, events=[event(bundle, "telephone", "message", "CONSULT",
                                          actor=("The General Staff", "kpa-general-staff"),
                                          recipient=("US forces", "usa-armed-forces"),
                                          date=value, date_text=day)])


def test_dates_of_the_same_event_conflict() -> None:
    a = message("i_a", "relay.example", "September 9", PartialDate(2024, 9, 9))
    b = message("i_b", "ledger.example", "October 9", PartialDate(2024, 10, 9))
    comparison = compare_story("s", [a, b], NAMES)
    found = rows(comparison, "date")
    (row,) = found["conflict"]
    assert row.about == "date of CONSULT: KPA General Staff ↔ US Forces Korea"
    assert {s: [c.value_norm for c in cs] for s, cs in row.claims.items()} == {
        "relay.example": ["2024-09-09"], "ledger.example": ["2024-10-09"]}
    assert [r.about for r in rows(comparison, "event")["agree"]] == ["CONSULT: KPA General Staff ↔ US Forces Korea"]


def test_dates_agree_as_far_as_both_are_known() -> None:
    a = message("i_a", "relay.example", "October 9", PartialDate(2024, 10, 9))
    b = message("i_b", "ledger.example", "October", PartialDate(2024, 10))
    (row,) = rows(compare_story("s", [a, b], NAMES), "date")["agree"]
    assert {c.value_norm for cs in row.claims.values() for c in cs} == {"2024-10-09", "2024-10"}


def test_an_unattached_event_time_dates_the_event_of_its_clause() -> None:
    a = message("i_a", "relay.example", "September 9", PartialDate(2024, 9, 9))
    bare = make_bundle("i_b", "ledger.example", "The General Staff sent a telephone message to the US forces on "
                                                 "October 9. Roads were cut.")
    b = annotate(bare, events=[event(bare, "telephone", "message", "CONSULT",
                                     actor=("US forces", "usa-armed-forces"),
                                     recipient=("The General Staff", "kpa-general-staff"))],
                 times=[time_expr(bare, "October 9", PartialDate(2024, 10, 9))])
    (row,) = rows(compare_story("s", [a, b], NAMES), "date")["conflict"]  # CONSULT is symmetric: same event
    assert row.claims["ledger.example"][0].evidence.text == "October 9"


def attack(item_id: str, source: str, sentence: str, place: object, **kwargs: object) -> ItemBundle:
    bundle = make_bundle(item_id, source, sentence)
    return annotate(bundle, events=[event(bundle, "struck", "struck", "ASSAULT", actor=("Russian forces", "RUS"),
                                          recipient=("the city", None), place=place, **kwargs)])  # type: ignore[arg-type]


def test_places_of_the_same_event_conflict_or_agree() -> None:
    a = attack("i_a", "one.example", "Russian forces struck the city of Kharkiv.", KHARKIV)
    b = attack("i_b", "two.example", "Russian forces struck the city of Donetsk.", DONETSK)
    (row,) = rows(compare_story("s", [a, b]), "place")["conflict"]
    assert [c.value for cs in row.claims.values() for c in cs] == ["Kharkiv", "Donetsk"]
    c = attack("i_c", "three.example", "Russian forces struck the city near Kursk.", KURSK)
    d = attack("i_d", "four.example", "Russian forces struck the city in the Kursk region.",
               KURSK.__class__("Kursk", 538560, 51.7, 36.2, "RUS", "RU.41", "city"))
    (row,) = rows(compare_story("s", [c, d]), "place")["agree"]
    assert len(row.claims) == 2


def test_an_event_one_source_denies_conflicts() -> None:
    a = attack("i_a", "one.example", "Russian forces struck the city at night.", None)
    b = attack("i_b", "two.example", "Russian forces struck the city, a claim Moscow denies.", None,
               aux_modes=("negated",))
    (row,) = rows(compare_story("s", [a, b]), "event")["conflict"]
    assert row.claims["two.example"][0].value_norm == "negated"


# -- references and only --------------------------------------------------------------------------------------

def test_a_reference_two_sources_make_agrees() -> None:
    a = make_bundle("i_a", "one.example", "The deployment was an act under Article 4 of the treaty.")
    b = make_bundle("i_b", "two.example", "Pyongyang cited Article 4 of the Comprehensive Strategic Partnership "
                                          "Treaty.")
    found = rows(compare_story("s", [a, b]), "reference")
    assert [r.about for r in found["agree"]] == ["Article 4"]
    assert [r.about for r in found["only"]] == ["Comprehensive Strategic Partnership Treaty"]


def test_what_only_one_source_says() -> None:
    shared = "North Korean units fought in the Kursk region alongside Russian forces."
    a = make_bundle("i_a", "one.example", shared + " A monument to the fallen will be erected in the capital.")
    b = make_bundle("i_b", "two.example", shared + " The figures were not disclosed by either government.")
    comparison = compare_story("s", [a, b])
    only = {(o.sources[0], o.claims[o.sources[0]][0].value) for o in comparison.only if o.kind == "statement"}
    assert only == {("one.example", "A monument to the fallen will be erected in the capital."),
                    ("two.example", "The figures were not disclosed by either government.")}
    assert not any(shared in value for _, value in only)


def test_only_claims_are_capped_per_source_and_counted() -> None:
    lines = [f"The {w} plant number {n} produced {n * 7} rockets for the {w} brigade." for n, w in
             enumerate(("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
                        "kilo", "lima"), 1)]
    a = make_bundle("i_a", "one.example", " ".join(lines))
    b = make_bundle("i_b", "two.example", "Nothing like that was said here at all today.")
    comparison = compare_story("s", [a, b])
    mine = [o for o in comparison.only if o.sources == ("one.example",)]
    assert len(mine) == MAX_ONLY_PER_SOURCE
    assert comparison.only_more and comparison.only_more["one.example"] > 0
    assert mine[0].kind == "number"  # numbers rank before statements


# -- naming and attribution ------------------------------------------------------------------------------------------

def test_naming_differs_between_sources() -> None:
    a = make_bundle("i_a", "state.example", "The neo-Nazi formations of the Kiev regime retreated.")
    b = make_bundle("i_b", "wire.example", "The Ukrainian Defense Forces withdrew from the area.")
    c = make_bundle("i_c", "third.example", "Ukrainian forces withdrew from the area.")
    a = annotate(a, namings=[naming(a, "neo-Nazi formations of the Kiev regime", "ukr-armed-forces", "pejorative")])
    b = annotate(b, namings=[naming(b, "Ukrainian Defense Forces", "ukr-armed-forces", "neutral")])
    c = annotate(c, namings=[naming(c, "Ukrainian forces", "ukr-armed-forces", "neutral")])
    (row,) = compare_story("s", [a, b, c], NAMES).naming
    assert row.actor == "Armed Forces of Ukraine" and row.differs
    assert row.names["state.example"][0].tone == "pejorative"
    assert [u.name for u in row.names["wire.example"]] == ["Ukrainian Defense Forces"]
    same = compare_story("s", [b, c], NAMES).naming
    assert same and not same[0].differs  # "Ukrainian forces" and "Ukrainian Defense Forces" share words


def deployment(item_id: str, source: str, sentence: str, **kwargs: object) -> ItemBundle:
    bundle = make_bundle(item_id, source, sentence)
    return annotate(bundle, events=[event(bundle, "sent", "sent", "AID", actor=("troops", "kpa"),
                                          recipient=("Russia", "RUS"), **kwargs)])  # type: ignore[arg-type]


def test_one_states_as_fact_what_another_distances() -> None:
    a = deployment("i_a", "state.example", "Heroic troops were sent to Russia to help the ally.")
    b = deployment("i_b", "opposing.example", "Pyongyang claims its troops were sent to Russia.",
                   stance="distanced", speaker=("Pyongyang", "prk-government"), cue="claims")
    comparison = compare_story("s", [a, b], NAMES)
    (diff,) = comparison.attribution
    assert diff.kind == "fact-vs-attributed"
    assert diff.views["state.example"][0].own_voice
    assert diff.views["opposing.example"][0].stance == "distanced"
    assert diff.views["opposing.example"][0].speaker == "Pyongyang"


def test_different_speakers_and_impersonal_cues() -> None:
    a = deployment("i_a", "one.example", "It is noted that troops were sent to Russia.", stance="reported",
                   cue="it is noted")
    b = deployment("i_b", "two.example", "Putin said troops were sent to Russia.", stance="reported",
                   speaker=("Putin", "vladimir-putin"))
    (diff,) = compare_story("s", [a, b]).attribution
    assert diff.kind == "different-speakers"
    assert diff.views["one.example"][0].speaker == "it is noted"


# -- edge cases and caps -----------------------------------------------------------------------------------------------

def test_an_empty_story() -> None:
    comparison = compare_story("s_empty", [])
    assert comparison.sources == () and comparison.items == ()
    assert not (comparison.agree or comparison.conflict or comparison.only or comparison.naming)
    json.dumps(comparison.to_dict())


def test_a_single_source_story_has_no_agreement_and_no_statements() -> None:
    a = troops("i_a", "wire.example", "North Korea sent about 11,000 troops to Russia.")
    b = troops("i_b", "wire.example", "Officials said about 11,000 troops were sent.")
    comparison = compare_story("s", [a, b], NAMES)
    assert comparison.sources == ("wire.example",)
    assert not comparison.agree and not comparison.conflict
    assert {o.kind for o in comparison.only} == {"number"}


def test_sources_without_a_name_are_told_apart() -> None:
    a = make_bundle("i_a", None, "About 11,000 troops were sent.")
    b = make_bundle("i_b", None, "Up to 14,000 troops were sent.")
    comparison = compare_story("s", [a, b])
    assert comparison.sources == ("document d_i_a", "document d_i_b")
    assert rows(comparison, "number")["conflict"]


def test_the_record_is_json_and_evidence_points_into_the_text() -> None:
    a = troops("i_a", "wire.example", "North Korea sent about 11,000 troops to Russia.")
    b = troops("i_b", "opposing.example", "Kyiv says North Korea sent up to 14,000 soldiers.")
    comparison = compare_story("s", [a, b], NAMES)
    record = json.loads(json.dumps(comparison.to_dict()))
    assert set(record) >= {"story_id", "sources", "items", "agree", "conflict", "only", "naming", "attribution"}
    bundles = {b.id: b for b in (a, b)}
    for group in (comparison.agree, comparison.conflict, comparison.only):
        for aligned in group:
            for claims in aligned.claims.values():
                for claim in claims:
                    e = claim.evidence
                    assert bundles[e.item_id].field_text(e.field)[e.start:e.end] == e.text
                    assert e.text in e.sentence or e.sentence.startswith("…")


def test_a_story_of_5000_items_compares_in_bounded_time() -> None:
    bundles = []
    for n in range(5_000):
        source = f"outlet{n % 100}.example"
        b = make_bundle(f"i_{n}", source, f"Officials said about {10_000 + (n % 7) * 500:,} troops were sent to "
                                          f"Russia. Report {n} adds that Article {n % 5} applies.",
                        first_seen=f"2025-01-01T00:{n % 60:02d}:00")
        bundles.append(deployment(b.id, source, b.body) if n % 3 == 0 else b)
    started = time.perf_counter()
    comparison = compare_story("s_big", bundles)
    elapsed = time.perf_counter() - started
    assert elapsed < 10, elapsed
    assert len(comparison.sources) == MAX_SOURCES and comparison.sources_left_out == 100 - MAX_SOURCES
    assert len(comparison.items) <= MAX_SOURCES * MAX_ITEMS_PER_SOURCE
    assert comparison.items_left_out == 5_000 - len(comparison.items)
    assert rows(comparison, "reference")["agree"]
