"""Quoted stretches: pairing of quote marks, and scare quotes told from quotations, titles and names."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counterpoint.extract.attribution import quoted_spans
from counterpoint.framing.quotes import Quote, find_quotes, quoted_stretches


def kinds(text: str) -> list[tuple[str, str]]:
    """(kind, inner text) of every quote of ``text``."""
    return [(q.kind, text[q.inner_start:q.inner_end]) for q in find_quotes(text)]


def only(text: str) -> Quote:
    quotes = find_quotes(text)
    assert len(quotes) == 1, quotes
    return quotes[0]


def assert_valid(text: str, quotes: list[Quote]) -> None:
    for q in quotes:
        assert 0 <= q.start <= q.inner_start <= q.inner_end <= q.end <= len(text)
        assert 0.0 <= q.confidence <= 1.0
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)


# -- scare quotes ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "inner"), [
    ('The broadcast celebrated the "liberation" of the Kursk region.', "liberation"),
    ('The agency praised their "combat exploits" near the river.', "combat exploits"),
    ('Officials again spoke of "peace talks" with the neighbours.', "peace talks"),
    ("Commentators mocked the 'reforms' of the cabinet.", "reforms"),
])
def test_short_lower_case_stretches_in_running_text_are_scare_quotes(text: str, inner: str) -> None:
    q = only(text)
    assert q.kind == "scare" and text[q.inner_start:q.inner_end] == inner and q.cue is None


def test_a_distancing_word_before_a_scare_quote_raises_confidence() -> None:
    text = 'Patrol boats crossed the so-called "northern limit line", a ghost one, at noon.'
    q = only(text)
    assert q.kind == "scare" and q.cue == "so-called"
    assert q.confidence > only('Patrol boats crossed the "northern limit line" at noon.').confidence
    assert only('The alleged "provocation" was staged.').cue == "alleged"
    assert only('They staged what it called "denazification" in the east.').cue == "what it called"


def test_a_scare_quote_opening_a_sentence_is_less_sure() -> None:
    opening = only('"Peace talks" resumed on Tuesday.')
    assert opening.kind == "scare"
    assert opening.confidence < only('Diplomats held "peace talks" on Tuesday.').confidence


# -- quotations --------------------------------------------------------------------------------------------

def test_a_stretch_after_said_is_a_quotation() -> None:
    q = only('The spokesman said "no" and left the room.')
    assert q.kind == "quotation" and q.cue == "said"


def test_a_speech_verb_after_the_stretch_makes_a_quotation() -> None:
    q = only('"Our patience is running out," the envoy warned.')
    assert q.kind == "quotation" and q.cue == "warned"
    assert only('"Never," stressed the admiral.').cue == "stressed"


def test_a_colon_before_the_stretch_makes_a_quotation() -> None:
    q = only('The communique read: "all units stand ready".')
    assert q.kind == "quotation" and q.cue == ":"


def test_the_listener_belongs_to_the_cue() -> None:
    assert only('The general told reporters "wait".').cue == "told reporters"


def test_a_long_stretch_is_a_quotation_without_a_cue() -> None:
    q = only('Leaflets carried "we shall rebuild every bridge they burned" in bold type.')
    assert q.kind == "quotation" and q.cue is None


def test_a_noun_phrase_after_a_speech_verb_keeps_its_scare_quote() -> None:
    q = only('The minister said the "referendum" was a farce.')
    assert q.kind == "scare"


# -- titles and names --------------------------------------------------------------------------------------

def test_a_stretch_after_a_title_word_is_a_title() -> None:
    q = only('An editorial in the newspaper "Minju Choson" praised the harvest.')
    assert q.kind == "title" and q.cue == "newspaper"
    q = only('Marines rehearsed operation "Iron Tide" on the coast.')
    assert q.kind == "title" and q.cue == "operation"
    assert only('They sang a song titled "forward, ever forward" at the rally.').kind == "title"


def test_a_long_stretch_in_title_case_is_a_title() -> None:
    assert kinds('Crowds watched "The Last Winter of the Siege" twice.') == [
        ("title", "The Last Winter of the Siege")]


def test_a_capitalised_short_stretch_is_a_name() -> None:
    q = only('The sniper, "Falcon", was decorated.')
    assert q.kind == "name" and q.cue is None
    q = only('A commander dubbed "the Butcher" was seen.')
    assert q.kind == "name" and q.cue == "dubbed"


# -- pairing -----------------------------------------------------------------------------------------------

def test_apostrophes_are_not_quote_marks() -> None:
    text = "They didn't ask Korea's farmers or the Workers' Party about the '90s, O'Neill's view or rock 'n' roll."
    assert find_quotes(text) == []
    assert find_quotes("It’s the army’s day, not the soldiers’ one.") == []


def test_a_trailing_s_apostrophe_closes_a_single_quote_only_when_nothing_later_does() -> None:
    assert kinds("They cheered the 'heroes' and the 'victors' alike.") == [
        ("scare", "heroes"), ("scare", "victors")]
    assert [k for _, k in kinds("Posters of the 'Workers' Party line' hung everywhere.")] == [
        "Workers' Party line"]


def test_curly_low_and_mixed_marks_pair() -> None:
    assert kinds("the “reunification” talks") == [("scare", "reunification")]
    assert kinds("the “reunification\" talks") == [("scare", "reunification")]
    assert kinds("the \"reunification” talks") == [("scare", "reunification")]
    assert kinds("the ‘reunification’ talks") == [("scare", "reunification")]
    assert kinds("die „Wiedervereinigung“ und") == [("name", "Wiedervereinigung")]


def test_guillemets_and_corner_brackets_pair() -> None:
    assert kinds("the «truce» of spring") == [("scare", "truce")]
    assert kinds("the « truce » of spring") == [("scare", "truce")]
    assert kinds("the »truce« of spring") == [("scare", "truce")]
    assert kinds("彼は「平和」を語った") == [("quotation", "平和")]
    assert kinds("『統一』の日") == [("quotation", "統一")]
    assert find_quotes("Home » News » World") == []


def test_nested_quotes_are_both_kept_and_classified_apart() -> None:
    text = "The colonel said: \"Their so-called 'volunteers' crossed the river at night and were driven back.\""
    outer, inner = find_quotes(text)
    assert outer.kind == "quotation" and outer.cue == "said"
    assert inner.kind == "scare" and inner.cue == "so-called"
    assert outer.start < inner.start < inner.end < outer.end
    text = "He wrote “the ‘peacekeepers’ never left” in his diary."
    assert [k for k, _ in kinds(text)] == ["quotation", "scare"]


def test_a_quote_running_to_the_end_is_unclosed_never_scare() -> None:
    text = 'The statement ended: "we will answer'
    q = only(text)
    assert q.kind == "unclosed" and q.end == len(text) and text[q.inner_start:q.inner_end] == "we will answer"
    assert only('A stray " mark and an "open word').kind == "unclosed"


def test_unbalanced_marks_do_not_break_later_pairs() -> None:
    text = 'An odd ” mark, then the "ceasefire" held.'
    assert kinds(text) == [("scare", "ceasefire")]
    text = "A 5'11\" soldier and the \"drills\" went on."
    assert kinds(text) == [("scare", "drills")]


def test_pairing_stops_at_a_blank_line() -> None:
    text = 'First "paragraph\n\nsecond" one with "truce" here.'
    quotes = find_quotes(text)
    assert [(q.kind, text[q.inner_start:q.inner_end]) for q in quotes] == [
        ("unclosed", "paragraph"), ("scare", "truce")]
    assert quotes[0].end <= text.index("\n\n")


def test_multi_paragraph_quotation_runs_to_each_paragraph_end() -> None:
    text = 'The leader said: "The first point.\n\n"The second point," he added.'
    assert [k for k, _ in kinds(text)] == ["unclosed", "quotation"]


def test_stretches_without_words_are_not_quotes() -> None:
    assert find_quotes('He said "" and "..." twice.') == []
    assert quoted_stretches('He said "" twice.') == [(8, 10)]


def test_extract_quoted_spans_delegates_to_the_framing_pairing() -> None:
    text = 'He said "we attacked" and “they fled”.\n\nAn "unclosed quote'
    assert quoted_spans(text) == quoted_stretches(text) == [(8, 21), (26, 37)]


# -- robustness --------------------------------------------------------------------------------------------

MARKS = "\"'“”‘’„‚«»‹›「」『』"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(MARKS + "abcXYZ s.,:\n"), max_size=200))
def test_any_mix_of_marks_gives_valid_offsets(text: str) -> None:
    quotes = find_quotes(text)
    assert_valid(text, quotes)
    for s, e in quoted_stretches(text):
        assert 0 <= s < e <= len(text)


def test_a_very_long_sentence_and_a_large_text_finish() -> None:
    sentence = ("the \"so\" 'far' and “near” of it, " * 300)[:10_000]
    assert_valid(sentence, find_quotes(sentence))
    unbalanced = '"' + "a " * 5_000
    assert_valid(unbalanced, find_quotes(unbalanced))
    big = ('The army said "we hold the line" while the "liberators" left.\n\n' * 16_500)[:1_000_000]
    quotes = find_quotes(big)
    assert_valid(big, quotes)
    assert len(quotes) > 30_000
    openers = "“" * 200_000
    assert_valid(openers, find_quotes(openers))
