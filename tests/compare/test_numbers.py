"""Number phrases: markers and ranges into intervals, counted nouns into families, and what is left out."""

from __future__ import annotations

import pytest

from counterpoint.compare.numbers import family_of, overlaps, parse_quantities
from counterpoint.compare.references import find_references


@pytest.mark.parametrize(("text", "low", "high", "family"), [
    ("Officials said about 11,000 troops were sent.", 9_900, 12_100, "troops"),
    ("It sent up to 14,000 soldiers to the front.", 12_600, 14_000, "troops"),
    ("Estimates put it at 10,000-12,000 servicemen.", 10_000, 12_000, "troops"),
    ("Western estimates were around 11,000 to 12,000 troops.", 10_450, 12_600, "troops"),
    ("between 10 and 12 thousand troops crossed", 10_000, 12_000, "troops"),
    ("more than 300 prisoners were exchanged", 300, 360, "prisoners"),
    ("at least 12 civilians", 12, 14.4, "civilians"),
    ("nearly 50 drones were launched", 45, 50, "drones"),
    ("fewer than 100 tanks", 80, 100, "tanks"),
    ("thousands of refugees fled", 2_000, 9_999, "refugees"),
    ("dozens of missiles", 24, 99, "missiles"),
    ("a 10,000-strong contingent", 10_000, 10_000, "troops"),
    ("twenty-five drones", 25, 25, "drones"),
    ("1.5 million dollars", 1_500_000, 1_500_000, "dollars"),
    ("47 villages were cut off", 47, 47, "settlements"),
])
def test_numbers_become_intervals_of_a_family(text: str, low: float, high: float, family: str) -> None:
    (q,) = parse_quantities(text)
    assert (q.low, q.high) == pytest.approx((low, high))
    assert q.family == family
    assert text[q.start:q.end] == q.text


@pytest.mark.parametrize("text", [
    "In 2024 the army grew.",
    "The treaty of June 19, 2024 was signed on 19 June.",
    "Article 4 and Resolution 2231 apply.",
    "It lasted three days and 20 hours.",
    "Support rose to 45% and then 50 percent.",
    "A 20-year-old was detained at 10:30.",
    "The headline date was (29.4.2025).",
    "The Padasuri-6 missile flew.",
    "Ask three governments and you get three answers.",
])
def test_dates_references_durations_shares_and_names_are_not_numbers(text: str) -> None:
    assert parse_quantities(text) == []


def test_a_number_inside_a_time_expression_is_skipped() -> None:
    text = "On 9 September, 300 troops moved."
    at = text.index("9 September")
    found = parse_quantities(text, skip=[(at, at + len("9 September"))])
    assert [q.text for q in found] == ["300 troops"]


def test_what_happened_to_them_is_the_qualifier() -> None:
    (q,) = parse_quantities("The strike killed 12 civilians overnight.")
    assert (q.family, q.qualifier) == ("civilians", "killed")
    (q,) = parse_quantities("It said thousands of them were killed or wounded.")
    assert q.family is None and q.noun == "them" and q.qualifier == "killed/wounded"
    (q,) = parse_quantities("Some 300 soldiers were wounded.")
    assert (q.family, q.qualifier) == ("troops", "wounded")


def test_a_number_without_a_noun_has_no_family() -> None:
    (q,) = parse_quantities("American officials have used a range of 10,000 to 12,000.")
    assert q.family is None and (q.low, q.high) == (10_000, 12_000)


def test_families_and_overlaps() -> None:
    assert family_of("Soldiers") == family_of("servicemen") == family_of("troops") == "troops"
    assert family_of("batteries") == "battery"
    assert family_of("vehicles") == "vehicle"
    assert overlaps((9_900, 12_100), (10_000, 12_000))
    assert not overlaps((9_900, 12_100), (12_600, 14_000))


def test_parsing_a_long_hostile_text_is_linear() -> None:
    text = ("about 1,000 troops, " * 5_000) + "9" * 10_000 + " 1" + "0" * 400
    found = parse_quantities(text)
    assert len(found) == 5_000


@pytest.mark.parametrize(("text", "key"), [
    ("under Article 4 of the treaty", "reference|article 4"),
    ("UN Security Council Resolution 2231", "reference|resolution 2231"),
    ("the Treaty on Comprehensive Strategic Partnership between the two", "reference|treaty: comprehensive "
                                                                          "partnership strategic"),
    ("the Comprehensive Strategic Partnership Treaty with Russia", "reference|treaty: comprehensive partnership "
                                                                    "strategic"),
    ("the provisions of the UN Charter", "reference|charter: nations united"),
    ("the Charter of the United Nations", "reference|charter: nations united"),
    ("Operation Spiderweb began", "reference|operation: spiderweb"),
    ("the special military operation", "reference|operation: special military"),
    ("the Minsk Agreements", "reference|agreement: minsk"),
])
def test_references_have_a_key_that_ignores_word_order(text: str, key: str) -> None:
    (ref,) = find_references(text)
    assert "reference|" + ref.key == key
    assert text[ref.start:ref.end] == ref.text


def test_a_bare_treaty_is_no_reference() -> None:
    assert find_references("the mutual defense treaty and the agreement") == []
