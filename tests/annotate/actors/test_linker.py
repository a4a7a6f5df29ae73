"""Linking names in text to actors: one case per method, with sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from counterpoint.annotate.actors import ActorRegistry, LinkContext, link_mentions
from counterpoint.model import Mention
from tests.annotate.actors.nlp_fixture import ruled_nlp

#: (case id, [(field, text)], published, [(span text, actor id or None, method, alias kind or None)]).
#: Method "none" means: no actor mention may overlap that text.
CASES: list[tuple[str, list[tuple[str, str]], str | None, list[tuple[str, str | None, str, str | None]]]] = [
    ("alias", [("body", "The Workers' Party of Korea held a plenary meeting.")], None,
     [("Workers' Party of Korea", "wpk", "alias", "neutral")]),
    ("alias curly apostrophe", [("body", "Soldiers of the Korean People’s Army marched past.")], None,
     [("Korean People’s Army", "kpa", "alias", None)]),
    ("alias possessive", [("body", "The KPA's engineers laid mines.")], None, [("KPA", "kpa", "alias", None)]),
    ("alias hyphen variant", [("body", "Kim Jong-un inspected a factory.")], None,
     [("Kim Jong-un", "kim-jong-un", "alias", "neutral")]),
    ("honorific", [("body", "Respected Comrade Kim Jong Un visited a greenhouse farm.")], "2024-05-01",
     [("Respected Comrade Kim Jong Un", "kim-jong-un", "alias", "honorific")]),
    ("title joins the name", [("body", "Yesterday President Putin met the envoy.")], "2024-06-01",
     [("President Putin", "vladimir-putin", "alias", None)]),
    ("pejorative", [("body", "Shells fired by the Kiev regime hit a school, and Ukronazis retreated.")], None,
     [("Kiev regime", "ukr-government", "alias", "pejorative"),
      ("Ukronazis", "ukr-armed-forces", "alias", "pejorative")]),
    ("pejorative singular", [("body", "Every ROK puppet official was silent.")], None,
     [("ROK puppet", "kor-government", "alias", "pejorative")]),
    ("acronym is case-sensitive", [("body", "They gave us the report about the US.")], None,
     [("us", None, "none", None), ("US", "USA", "alias", None)]),
    ("demonym", [("body", "A North Korean delegation arrived.")], None, [("North Korean", "PRK", "demonym", None)]),
    ("demonym + agent", [("body", "North Korean army units crossed the river while Russian troops waited.")], None,
     [("North Korean army units", "kpa", None, None), ("Russian troops", "rus-armed-forces", "demonym", None)]),
    ("demonym + agent, acronym", [("body", "U.S. forces and Ukrainian forces trained together.")], None,
     [("U.S. forces", "usa-armed-forces", "demonym", None), ("Ukrainian forces", "ukr-armed-forces", "demonym", None)]),
    ("country + composite agent", [("body", "Afghan police arrested three men.")], None,
     [("Afghan police", "AFG.COP", "demonym", None)]),
    ("metonym", [("body", "Pyongyang claims the drills were defensive, and the Kremlin agreed.")], None,
     [("Pyongyang", "prk-government", "metonym", None), ("Kremlin", "rus-government", "metonym", None)]),
    ("metonym Kyiv/Seoul/Washington", [("body", "Kyiv and Seoul signed the accord that Washington drafted.")], None,
     [("Kyiv", "ukr-government", "metonym", None), ("Seoul", "kor-government", "metonym", None),
      ("Washington", "usa-government", "metonym", None)]),
    ("capital after locative is a place", [("body", "A delegation arrived in Pyongyang and later flew to Moscow.")],
     None, [("Pyongyang", None, "none", None), ("Moscow", None, "none", None)]),
    ("capital: place head noun", [("body", "Drones struck the outskirts of Kyiv overnight.")], None,
     [("Kyiv", None, "none", None)]),
    ("short form after full name", [("body", "The KPA General Staff issued an order. Later the General Staff "
                                             "said the drills were over.")], None,
     [("KPA General Staff", "kpa-general-staff", "alias", None), ("General Staff", "kpa-general-staff", "short-form",
                                                                    None)]),
    ("short form needs its actor first", [("body", "The party met on Monday. The General Staff was silent.")], None,
     [("party", None, "none", None), ("General Staff", None, "none", None)]),
    ("short form through the parent", [("body", "The Workers' Party of Korea opened its congress; the party "
                                                "elected new members.")], None,
     [("party", "wpk", "short-form", None)]),
    ("apposition (comma pattern)", [("body", "The statement condemned the ROK, the hostile puppet state, for its "
                                             "drills.")], None,
     [("ROK", "KOR", "alias", None), ("the hostile puppet state", "KOR", "apposition", None)]),
    ("apposition skipped when it names another actor", [("body", "Officials met the ROK, the US and Japan.")], None,
     [("ROK", "KOR", "alias", None), ("US", "USA", "alias", None)]),
    ("role with demonym, Dec 2024", [("body", "The South Korean president declared martial law.")], "2024-12-03",
     [("South Korean president", "yoon-suk-yeol", "role", None)]),
    ("role with demonym, Jul 2025", [("body", "The South Korean president visited Tokyo.")], "2025-07-01",
     [("South Korean president", "lee-jae-myung", "role", None)]),
    ("role: head of <country>", [("body", "Troops acted on the orders of the head of the DPRK.")], "2024-03-17",
     [("head of the DPRK", "kim-jong-un", "role", None)]),
    ("role: head of state from the sentence", [("body", "By order of the head of state, DPRK troops moved.")],
     "2025-04-28", [("head of state", "kim-jong-un", "role", None)]),
    ("role: title + surname on the date", [("body", "President Moon crossed the line.")], "2018-04-27",
     [("President Moon", "moon-jae-in", "role", None)]),
    ("role: no holder on the date", [("body", "President Moon crossed the line.")], "2024-04-27",
     [("President Moon", None, "none", None)]),
    ("role: not a country's", [("body", "The president of the football club resigned.")], "2024-01-01",
     [("president", None, "none", None)]),
    ("first person via speech verb", [("body", "The KPA General Staff stated that our army will answer any "
                                                "provocation.")], None,
     [("our army", "kpa", "first-person", None)]),
    ("first person via headline subject", [("headline", "Vladimir Putin on the border fighting"),
                                           ("body", "The enemy that invaded our territory was defeated.")], None,
     [("our territory", "RUS", "first-person", None)]),
    ("first person carries to later sentences", [("body", "North Korea declared a new policy. Our republic will "
                                                          "never yield, and our armed forces are ready.")], None,
     [("Our republic", "PRK", "first-person", None), ("our armed forces", "kpa", "first-person", None)]),
    ("first person without a speaker", [("body", "Our army is strong.")], None, [("Our army", None, "none", None)]),
    ("generic", [("headline", "Kim Jong Un watches a drill of the KPA"),
                 ("body", "The paratroopers landed and the tankmen advanced while airborne troops circled.")], None,
     [("paratroopers", "kpa", "generic", None), ("tankmen", "kpa", "generic", None),
      ("airborne troops", "kpa", "generic", None)]),
    ("generic skips the head of a longer name", [("body", "Russia praised the Soviet Red Army.")], None,
     [("Army", None, "none", None)]),
    ("agent of <country>", [("body", "The army of Ukraine and the troops of the DPRK held positions.")], None,
     [("army of Ukraine", "ukr-armed-forces", "demonym", None), ("troops of the DPRK", "kpa", "demonym", None)]),
    ("role: minister on the date", [("body", "The Russian defence minister toured the front.")], "2023-03-01",
     [("Russian defence minister", "sergei-shoigu", "role", None)]),
    ("role: minister after a reshuffle", [("body", "The Russian defence minister toured the front.")], "2024-06-01",
     [("Russian defence minister", "andrei-belousov", "role", None)]),
    ("title + alias stays an alias", [("body", "Analysts said President Trump would call.")], "2025-03-01",
     [("President Trump", "donald-trump", "alias", None)]),
    ("capital inside another name", [("body", "The Washington Post interviewed officials.")], None,
     [("Washington", None, "none", None)]),
    ("surname inside another person's name", [("body", "The analyst Yoon Jong-hwan disagreed.")], "2024-01-01",
     [("Yoon", None, "none", None)]),
    ("state name inside a region's name", [("body", "Exports to Latin America and to the US grew.")], None,
     [("America", None, "none", None), ("US", "USA", "alias", None)]),
    ("unlinked entity kept", [("body", "Johan Verbeeckmans met Russian officials in Brussels.")], None,
     [("Johan Verbeeckmans", None, "unlinked", None), ("Russian", "RUS", "demonym", None)]),
]


def run(fields: list[tuple[str, str]], published: str | None) -> list[tuple[str, Mention]]:
    ctx = LinkContext(registry=ActorRegistry.load())
    out = []
    nlp = ruled_nlp()
    for field, text in fields:
        for m in link_mentions(nlp(text), item_id="i1", field=field, published=published, context=ctx):  # type: ignore[arg-type]
            out.append((text, m))
    return out


@pytest.mark.parametrize(("case", "fields", "published", "expected"), CASES, ids=[c[0] for c in CASES])
def test_linking(case: str, fields: list[tuple[str, str]], published: str | None,
                 expected: list[tuple[str, str | None, str, str | None]]) -> None:
    found = run(fields, published)
    shown = [(m.text, m.actor_id, m.method) for _, m in found]
    for span, actor_id, method, kind in expected:
        if method == "none":
            for text, m in found:
                start = next((i for i in range(len(text)) if text.startswith(span, i) and
                              (i == 0 or not text[i - 1].isalnum()) and
                              (i + len(span) == len(text) or not text[i + len(span)].isalnum())), -1)
                if start >= 0 and m.start < start + len(span) and start < m.end:
                    assert m.actor_id is None, f"{span!r} should link to nothing: {shown}"
            continue
        hits = [m for _, m in found if m.text == span and m.actor_id == actor_id]
        assert hits, f"no mention {span!r} -> {actor_id}: {shown}"
        if method:
            assert hits[0].method == method, shown
        if kind:
            assert hits[0].alias_kind == kind, shown


def test_mentions_are_sorted_disjoint_and_point_into_the_text() -> None:
    text = ("Pyongyang claims that the DPRK military and Russian troops, the allied forces, fought. "
            "Our army, the KPA General Staff said, stands firm.\n\nKim Jong Un spoke in Pyongyang.")
    doc = ruled_nlp()(text)
    mentions = link_mentions(doc, item_id="i", field="body", published="2025-01-01",
                             context=LinkContext(registry=ActorRegistry.load()))
    assert mentions
    last = 0
    for m in mentions:
        assert m.start >= last and doc.text[m.start:m.end] == m.text and m.kind == "actor"
        last = m.end
        assert 0 <= m.confidence <= 1
        if m.method == "unlinked":
            assert m.actor_id is None and m.confidence == 0
        else:
            assert m.actor_id and m.confidence > 0
    sentences = {m.text: m.sentence for m in mentions}
    assert sentences["Pyongyang"] == 0 and sentences["Kim Jong Un"] >= 2


def test_context_is_carried_and_confidence_calibrated() -> None:
    reg = ActorRegistry.load()
    ctx = LinkContext(registry=reg)
    nlp = ruled_nlp()
    link_mentions(nlp("The General Staff of the KPA proclaims a new step."), item_id="i", field="body",
                  published=None, context=ctx)
    assert ctx.speaker == "kpa-general-staff" and ctx.dominant_country() == "PRK"
    assert "kpa" in ctx.seen  # the parent counts as named
    out = link_mentions(nlp("Later the General Staff said our army and the troops were ready."), item_id="i",
                        field="body", published=None, context=ctx)
    conf = {m.method: m.confidence for m in out}
    assert conf["short-form"] < 0.95 and conf["first-person"] < conf["short-form"] and conf["generic"] <= 0.5


def test_role_ambiguous_within_a_partial_date() -> None:
    found = run([("body", "The South Korean president spoke.")], "2025")  # Yoon until April, Lee from June
    (m,) = [m for _, m in found if m.method == "role"]
    assert m.actor_id == "lee-jae-myung" and m.confidence < 0.8
    (m,) = [m for _, m in run([("body", "The South Korean president spoke.")], "2025-06-10") if m.method == "role"]
    assert m.confidence == 0.8


def test_bare_pipeline_without_ruler_still_links() -> None:
    from counterpoint.annotate.nlp import bare_nlp

    doc: Any = bare_nlp()("The Workers' Party of Korea and the Kiev regime.")
    found = {m.text: m.actor_id for m in link_mentions(doc, item_id="i", field="body", published=None,
                                                       context=LinkContext())}
    assert found["Workers' Party of Korea"] == "wpk" and found["Kiev regime"] == "ukr-government"
