"""Language identification."""

from __future__ import annotations

from counterpoint.read.language import decide, identify, normalise_code

from .helpers import PARAGRAPH


def test_identify() -> None:
    code, score = identify(PARAGRAPH)
    assert code == "en" and 0.9 < score <= 1.0
    assert identify("Президент поблагодарил руководство страны за участие в боях.")[0] == "ru"


def test_too_few_letters_is_undetermined() -> None:
    assert identify("12 34 56 ... ok yes") == ("und", 0.0)
    assert identify("") == ("und", 0.0)


def test_hint_is_used_when_unsure() -> None:
    assert decide("Ok 12 34", hint="en-US", min_score=0.5) == ("en", 0.0)
    assert decide(PARAGRAPH, hint="fr", min_score=0.5)[0] == "en"
    code, score = decide(PARAGRAPH, hint="fr", min_score=1.01)
    assert code == "fr" and 0.0 <= score < 0.5
    assert decide("Ok 12 34", hint=None, min_score=0.5) == ("und", 0.0)


def test_normalise_code() -> None:
    assert normalise_code("en-GB") == "en"
    assert normalise_code(" RU ") == "ru"
    assert normalise_code("english language") is None
    assert normalise_code(None) is None
