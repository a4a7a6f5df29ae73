"""Ruler patterns are turned into fast phrase patterns without changing what they match."""

from __future__ import annotations

from counterpoint.annotate.nlp import load_nlp, sentence_bounds, sentence_char_bounds, split_patterns


def test_split_patterns_converts_simple_token_patterns() -> None:
    lower, exact, token = split_patterns([
        {"label": "ORG", "pattern": "Workers' Party of Korea", "id": "wpk"},
        {"label": "GPE", "pattern": [{"TEXT": "Kursk"}, {"LOWER": "region"}], "id": "kursk"},
        {"label": "GPE", "pattern": [{"TEXT": {"IN": ["Sudzha", "Kursk"]}}], "id": "names"},
        {"label": "GPE", "pattern": [{"TEXT": "Kursk"}, {"IS_DIGIT": True}], "id": "odd"},
    ])
    assert [p["id"] for p in lower] == ["wpk"]
    assert sorted(p["pattern"] for p in exact if p["id"] == "kursk") == ["Kursk REGION", "Kursk Region",
                                                                        "Kursk region"]
    assert sorted(p["pattern"] for p in exact if p["id"] == "names") == ["Kursk", "Sudzha"]
    assert [p["id"] for p in token] == ["odd"]


def test_rulers_fix_known_errors_and_sentences_are_cached() -> None:
    nlp = load_nlp(patterns=[
        {"label": "ORG", "pattern": "Workers' Party of Korea", "id": "wpk"},
        {"label": "GPE", "pattern": [{"TEXT": {"IN": ["Kursk"]}}], "id": "kursk"},
    ])
    doc = nlp("The Workers' Party of Korea said its troops left Kursk. Moscow thanked them.")
    ents = {(e.text, e.label_) for e in doc.ents}
    assert ("Workers' Party of Korea", "ORG") in ents and ("Kursk", "GPE") in ents
    bounds = sentence_bounds(doc)
    assert len(bounds) == 2 and bounds[0][0] == 0 and bounds[-1][1] == len(doc)
    chars = sentence_char_bounds(doc)
    assert doc.text[chars[1][0]:chars[1][1]] == "Moscow thanked them."
    assert doc.user_data["counterpoint.sentence_bounds"] == tuple(bounds)
