"""Naming phrases around a mention, and their tone."""

from __future__ import annotations

import pytest

from counterpoint.framing.names import NamePhrase, load_naming, naming_phrase


def phrase(text: str, mention: str, alias_kind: str = "neutral") -> NamePhrase:
    start = text.index(mention)
    p = naming_phrase(text, start, start + len(mention), alias_kind)
    article = mention.split()[0].lower() in ("the", "a", "an") and len(mention.split()) > 1
    assert 0 <= p.start <= (text.index(" ", start) + 1 if article else start)
    assert start + len(mention) <= p.end <= len(text)
    assert text[p.start:p.end] == p.text
    return p


@pytest.mark.parametrize(("text", "mention", "expected", "tone"), [
    ("Shells hit neo-Nazi formations of the Kiev regime near the river.", "Kiev regime",
     "neo-Nazi formations of the Kiev regime", "pejorative"),
    ("Shells hit neo-Nazi formations of the Kiev regime near the river.", "Kiev",
     "neo-Nazi formations of the Kiev regime", "pejorative"),
    ("Leaflets warned the Maidan Neo-Nazis again.", "Neo-Nazis", "Maidan Neo-Nazis", "pejorative"),
    ("Respected Comrade Kim Jong Un toured the plant.", "Kim Jong Un", "Respected Comrade Kim Jong Un",
     "honorific"),
    ("Broadcasts blamed the ROK puppets for the leaflets.", "ROK", "ROK puppets", "pejorative"),
    ("Glory to the heroic Korean People's Army!", "Korean People's Army", "heroic Korean People's Army",
     "honorific"),
    ("The Ukrainian Defense Forces reported calm.", "Ukrainian", "Ukrainian Defense Forces", "neutral"),
    ("Villagers fled the Russian invaders at dawn.", "Russian", "Russian invaders", "pejorative"),
    ("At noon the occupiers withdrew.", "the occupiers", "occupiers", "pejorative"),
    ("The Armed Forces of Ukraine held the town.", "Ukraine", "Armed Forces of Ukraine", "neutral"),
    ("Kim Jong Un toured the plant.", "Kim Jong Un", "Kim Jong Un", "neutral"),
    ("Great Britain voted.", "Great Britain", "Great Britain", "neutral"),
])
def test_naming_phrases_and_their_tones(text: str, mention: str, expected: str, tone: str) -> None:
    p = phrase(text, mention)
    assert (p.text, p.tone) == (expected, tone)


def test_cues_name_the_deciding_words() -> None:
    p = phrase("Shells hit neo-Nazi formations of the Kiev regime.", "Kiev")
    assert p.cues == ("neo-nazi", "regime")
    assert phrase("Respected Comrade Kim Jong Un spoke.", "Kim Jong Un").cues == ("respected", "comrade")
    assert phrase("The Ukrainian Defense Forces spoke.", "Ukrainian").cues == ()


def test_the_alias_kind_decides_first() -> None:
    p = phrase("Kim Jong Un spoke.", "Kim Jong Un", "honorific")
    assert p.tone == "honorific" and p.cues == ("alias:honorific",)
    p = phrase("The heroic Kim regime troops marched.", "Kim regime", "pejorative")
    assert p.tone == "pejorative" and p.cues[0] == "alias:pejorative"
    assert phrase("The heroic fascist units marched.", "units").tone == "pejorative"


@pytest.mark.parametrize(("text", "mention", "expected"), [
    ("They were invaders, Russian troops said.", "Russian", "Russian troops"),
    ("Not heroes. Russian units came.", "Russian", "Russian units"),
    ("He met Russian, invaders said.", "Russian", "Russian"),
    ("He met Russian. Invaders left.", "Russian", "Russian"),
    ("the brave\nUkrainian army", "Ukrainian", "Ukrainian army"),
    ("the Kiev regime's crimes", "Kiev", "Kiev regime"),
])
def test_no_crossing_punctuation_line_ends_or_possessives(text: str, mention: str, expected: str) -> None:
    assert phrase(text, mention).text == expected


def test_left_and_right_expansion_are_bounded() -> None:
    text = "the brave heroic valiant glorious Korean army"
    assert phrase(text, "Korean").text == "heroic valiant glorious Korean army"


def test_bad_offsets_raise() -> None:
    with pytest.raises(ValueError):
        naming_phrase("short", 3, 10)
    with pytest.raises(ValueError):
        naming_phrase("short", 4, 2)


def test_edge_offsets_are_valid() -> None:
    for text in ("", "Russian", " invaders", "Dear "):
        for start in range(len(text) + 1):
            for end in range(start, len(text) + 1):
                p = naming_phrase(text, start, end)
                assert 0 <= p.start <= start <= end <= p.end <= len(text)


def test_the_lexicon_is_cached_and_readable() -> None:
    lex = load_naming()
    assert lex is load_naming()
    assert lex.after["invader"] == "pejorative" and lex.before["heroic"] == "honorific"
    assert lex.after["force"] == "neutral"
