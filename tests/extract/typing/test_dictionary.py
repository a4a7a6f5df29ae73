"""The dictionary coder: a case table of sentences, and the exported lexicons."""

from __future__ import annotations

import pytest

from counterpoint.extract.typing import TYPE_QUAD, DictionaryCoder, noun_lexicon, phrase_lexicon, verb_lexicon
from counterpoint.extract.typing.dictionary import surface_forms, surface_lexicon


@pytest.fixture(scope="module")
def coder() -> DictionaryCoder:
    return DictionaryCoder.load()


# sentence, type, quad, source text, target text (None = not found)
TABLE = [
    ("Russian forces shelled the city of Kharkiv on Monday.", "ASSAULT", "material_conflict", "Russian forces",
     "the city of Kharkiv"),
    ("Kyiv was attacked by Russian drones overnight.", "ASSAULT", "material_conflict", "Russian drones", "Kyiv"),
    ("Iraqi troops launched an assault on the last ISIS bastion.", "ASSAULT", "material_conflict", "Iraqi troops",
     "the last ISIS bastion"),
    ("China condemned the arms sale to Taiwan.", "ACCUSE", "verbal_conflict", "China", "the arms sale to Taiwan"),
    ("Iran accused Israel of sabotage.", "ACCUSE", "verbal_conflict", "Iran", "Israel"),
    ("The two ministers signed a trade agreement.", "AGREE", "verbal_cooperation", "The two ministers", None),
    ("Hungary and Romania agreed to cooperate on refugees.", "AGREE", "verbal_cooperation", "Hungary and Romania",
     None),
    ("The foreign minister met his Polish counterpart on Friday.", "CONSULT", "verbal_cooperation",
     "The foreign minister", "his Polish counterpart"),
    ("North Korea threatened to attack South Korea.", "THREATEN", "verbal_conflict", "North Korea", None),
    ("The EU imposed sanctions on Belarus.", "SANCTION", "material_conflict", "The EU", "Belarus"),
    ("Sanctions were imposed on Iran by the EU.", "SANCTION", "material_conflict", "the EU", "Iran"),
    ("Switzerland expelled two Russian diplomats.", "SANCTION", "material_conflict", "Switzerland",
     "two Russian diplomats"),
    ("Germany will send tanks to Ukraine.", "MOBILIZE", "material_conflict", "Germany", "Ukraine"),
    ("Norway sent humanitarian aid to Sudan.", "AID", "material_cooperation", "Norway", "Sudan"),
    ("The rebels released twenty hostages.", "RETREAT", "material_cooperation", "The rebels", "twenty hostages"),
    ("Police arrested dozens of opposition activists.", "COERCE", "material_conflict", "Police",
     "dozens of opposition activists"),
    ("Thousands protested in the capital.", "PROTEST", "material_conflict", "Thousands", None),
    ("The UN called on Libya to crack down on armed groups.", "REQUEST", "neutral", "The UN", "Libya"),
    ("Serbia rejected the demands of Kosovo.", "REJECT", "verbal_conflict", "Serbia", "the demands of Kosovo"),
    ("Japan praised India's new policy.", "SUPPORT", "verbal_cooperation", "Japan", "India's new policy"),
]


@pytest.mark.parametrize(("text", "etype", "quad", "source", "target"), TABLE)
def test_case_table(coder: DictionaryCoder, text: str, etype: str, quad: str, source: str | None,
                    target: str | None) -> None:
    events = coder.code(text)
    assert events, text
    ev = events[0]
    assert (ev.type, ev.quad) == (etype, quad), ev.pattern
    assert (ev.source.text if ev.source else None) == source
    assert (ev.target.text if ev.target else None) == target
    for phrase in (ev.trigger, ev.source, ev.target):
        if phrase is not None:
            assert text[phrase.start:phrase.end] == phrase.text


def test_nothing_to_code_is_neutral(coder: DictionaryCoder) -> None:
    assert coder.code("The weather was mild on Tuesday.") == []
    assert coder.quad("The weather was mild on Tuesday.") == "neutral"


def test_negation_and_speech(coder: DictionaryCoder) -> None:
    ev = coder.code("The minister said Moscow would not withdraw its troops.")[0]
    assert ev.type == "RETREAT" and ev.negated
    assert ev.source is not None and ev.source.text == "Moscow"


def test_tokens_keep_their_indices(coder: DictionaryCoder) -> None:
    tokens = ["Iran", "accused", "Israel", "of", "sabotage", "."]
    ev = coder.code_tokens(tokens)[0]
    assert ev.source is not None and (ev.source.tok_start, ev.source.tok_end) == (0, 1)
    assert ev.target is not None and (ev.target.tok_start, ev.target.tok_end) == (2, 3)


def test_code_sentences_offsets(coder: DictionaryCoder) -> None:
    text = "The weather was mild. Iran accused Israel of sabotage."
    per = coder.code_sentences(coder.nlp(text))
    assert len(per) == 2 and per[0] == []
    ev = per[1][0]
    assert ev.source is not None and text[ev.source.start:ev.source.end] == "Iran"


def test_exported_lexicons() -> None:
    verbs = verb_lexicon()
    assert verbs["attack"] == ("ASSAULT", "")
    assert verbs["shell"][0] == "ASSAULT"
    assert verbs["condemn"][0] == "ACCUSE" and verbs["criticise"][0] == "ACCUSE"
    assert verbs["meet"][0] == "CONSULT" and verbs["threaten"][0] == "THREATEN"
    assert verbs["expel"][0] == "SANCTION" and verbs["mobilize"][0] == "MOBILIZE"
    assert all(t in TYPE_QUAD for t, _ in verbs.values())
    assert all(lemma == lemma.lower() and " " not in lemma for lemma in verbs)
    assert ("sign", "agreement", "AGREE", "") in phrase_lexicon()
    assert noun_lexicon()["airstrike"][0] == "ASSAULT"


def test_surface_forms() -> None:
    assert {"shells", "shelled", "shelling"} <= surface_forms("shell")
    assert {"bans", "banned", "banning"} <= surface_forms("ban")
    assert {"agrees", "agreed", "agreeing"} <= surface_forms("agree")
    assert {"struck"} <= surface_forms("strike")
    assert surface_lexicon()["attacked"] == "ASSAULT"
