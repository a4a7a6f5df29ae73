"""Copies that survive page furniture: aligned passages and sentence alignment (issue 17).

Every text here is written for these tests: a fictional wire story and the ways real pages carry
it (mirrors with menus and injected lines, excerpts cut at another point, a truncated reprint, an
edited copy, the agency's own write-through, a sentence-by-sentence paraphrase), and the pages
that are *not* copies (another report quoting the same statement, a summary in other words, the
same template with other figures, a translation).
"""

from __future__ import annotations

import pytest

from counterpoint.link.copies import CopyCandidate, CopyIndex, CopyLink, find_copies

WIRE = [
    "Fire destroys grain terminal at Port Veltra, two workers missing",
    "PORT VELTRA, March 4 (Norda) - A fire that broke out overnight at the main grain terminal of Port Veltra "
    "destroyed three storage silos and a conveyor gallery, the regional governor Anselm Korrick said on Wednesday.",
    "Two night-shift workers were missing and four others were taken to hospital with burns, Korrick told "
    "reporters at the harbour gate, adding that rescue teams were still searching the collapsed gallery.",
    "The terminal handled about 2.4 million tonnes of wheat and barley last year, roughly a third of the "
    "region's exports, according to figures published by the port authority in January.",
    "Firefighters from four districts fought the blaze for more than nine hours before bringing it under "
    "control shortly after dawn, the emergency service said in a statement on its website.",
    "The cause of the fire was not immediately known. Prosecutors have opened an inquiry into possible "
    "breaches of safety rules, and the terminal operator Harbin Grain Logistics said it was cooperating fully.",
    "Shipping at the neighbouring berths resumed at noon, but the grain quay will stay closed until engineers "
    "have inspected the damaged structures, the port authority said.",
    "Farmers' groups warned that the loss of storage capacity at the height of the export season could push "
    "down prices paid to growers across the Lower Veltra plain.",
]


def wire_text(paragraphs: list[str] = WIRE) -> str:
    return "\n\n".join(paragraphs)


def mirror(menu: str, injected: list[str], start: int = 0, stop: int | None = None) -> str:
    """The wire text inside another site's page: a menu, lines injected between paragraphs, a footer."""
    body = WIRE[1:][start:stop]
    lines = [menu, WIRE[0], "Published by the newsroom | 3 min read"]
    for i, paragraph in enumerate(body):
        lines.append(paragraph)
        if i < len(injected):
            lines.append(injected[i])
    lines.append("Copyright 2024. All rights reserved. Share on Facebook Share on X Share by email")
    return "\n".join(lines)


def candidate(item_id: str, text: str, day: int = 4, source: str | None = None) -> CopyCandidate:
    return CopyCandidate(item_id, source or item_id, text, f"2024-03-{day:02d}", f"2024-03-{day:02d}T12:00:00+00:00")


def groups_of(candidates: list[CopyCandidate]) -> list[frozenset[str]]:
    return [frozenset(g.item_ids) for g in find_copies(candidates)]


def link_between(candidates: list[CopyCandidate], a: str, b: str) -> CopyLink | None:
    for group in find_copies(candidates):
        for pair in group.pairs:
            if {pair.a, pair.b} == {a, b}:
                return pair
    return None


MIRRORS = [
    mirror("Home | World | Business | Markets | Video | Podcasts",
           ["READ MORE: Ministers meet over fertiliser quotas", "Advertisement - scroll to continue",
            "Related: Harbour strike ends after three weeks of talks"]),
    mirror("Latest news Top stories Opinion Regions Subscribe Login",
           ["Sign up for our morning briefing and get the top stories in your inbox",
            "Trending: Ten photos of the week you should not miss", "", "Also read: Grain prices slip on Monday"],
           start=0, stop=5),
    mirror("Menu Search Sections Newsletters Account",
           ["Click here to join our channel for breaking news", "Sponsored content from our partners"],
           start=1),
]


def test_three_mirrors_with_injected_lines_and_other_furniture_are_one_group() -> None:
    items = [candidate("wire", wire_text(), source="Norda")] + [
        candidate(f"mirror{k}", text, day=5) for k, text in enumerate(MIRRORS)]
    assert frozenset({"wire", "mirror0", "mirror1", "mirror2"}) in groups_of(items)


def test_the_link_keeps_its_kind_and_the_shared_passage_as_offsets() -> None:
    items = [candidate("wire", wire_text()), candidate("mirror2", MIRRORS[2], day=5)]
    link = link_between(items, "wire", "mirror2")
    assert link is not None and link.kind == "near"
    assert link.passage is not None and link.shared_words is not None and link.shared_words >= 60
    a0, a1, b0, b1 = link.passage
    texts = {c.item_id: c.text for c in items}
    shared_a, shared_b = texts[link.a][a0:a1], texts[link.b][b0:b1]
    assert len(shared_a.split()) >= 20
    assert " ".join(shared_a.split()) == " ".join(shared_b.split())  # the same words in both pages
    record = link.to_dict()
    assert CopyLink.from_dict(record) == link
    assert "passage" in record and record["passage"]["a"] == [a0, a1]


def test_a_truncated_republication_with_its_own_header_is_a_copy() -> None:
    teaser = "\n".join(["BREAKING | Live updates | Weather 14C | Markets open", WIRE[0], WIRE[1], WIRE[2][:120],
                        "Continue reading on our app", "More from the region:",
                        "City council approves new tram line after long debate",
                        "Local football club names former captain as head coach",
                        "We use cookies to improve your experience. Accept all Manage settings"])
    items = [candidate("wire", wire_text()), candidate("teaser", teaser, day=5)]
    assert frozenset({"wire", "teaser"}) in groups_of(items)


def test_an_edited_copy_with_tense_changes_and_yesterday_for_the_weekday_is_a_copy() -> None:
    edited = [WIRE[0].replace("destroys", "destroyed")] + [
        p.replace("said on Wednesday", "said yesterday").replace("were still searching", "are searching")
         .replace("Two night-shift workers were", "Two night-shift workers are").replace("handled", "handles")
         .replace("fought", "battled").replace("was not immediately known", "is not yet known")
         .replace("will stay closed", "remains closed").replace("could push", "may push")
        for p in WIRE[1:6]]
    page = ["Today's paper | E-edition | Obituaries | Classifieds", *edited,
            "Get unlimited access for 1 dollar a week. Already a subscriber? Log in",
            "Most read: Council votes on parking fees; School bus timetable changes; Storm warning for the coast"]
    items = [candidate("wire", wire_text()), candidate("edited", "\n".join(page), day=5)]
    assert frozenset({"wire", "edited"}) in groups_of(items)


def test_the_agencys_expanded_write_through_is_a_copy_of_its_flash() -> None:
    flash = "\n\n".join([
        "Fire hits grain terminal at Port Veltra",
        "PORT VELTRA, March 4 (Norda) - A fire broke out overnight at the main grain terminal of Port Veltra, "
        "the regional governor Anselm Korrick said on Wednesday.",
        "Two night-shift workers were missing and four others were taken to hospital with burns, Korrick told "
        "reporters at the harbour gate, adding that rescue teams were still searching the collapsed gallery.",
        "The terminal handled about 2.4 million tonnes of wheat and barley last year, roughly a third of the "
        "region's exports, according to figures published by the port authority in January.",
    ])
    write_through = "\n\n".join([
        "Two missing after fire destroys silos at Port Veltra grain terminal",
        "PORT VELTRA, March 4 (Norda) - Rescue teams searched on Wednesday for two workers missing after a "
        "night fire destroyed three silos at Port Veltra's main grain terminal, a blow to the region's exports.",
        "Korrick said the silos held about 40,000 tonnes of grain when the fire started, most of it "
        "contracted for shipment before the end of the month.",
        WIRE[2], WIRE[3],
        "The governor, who visited the site before dawn, said he had asked the government for emergency "
        "funds to rebuild the storage capacity before the summer harvest.",
        WIRE[4], WIRE[5], WIRE[6], WIRE[7],
    ])
    items = [candidate("flash", flash), candidate("writethrough", write_through, day=4)]
    assert frozenset({"flash", "writethrough"}) in groups_of(items)


PARAPHRASE = [
    "Blaze wrecks Port Veltra grain terminal, leaving two workers unaccounted for",
    "A fire that started during the night at Port Veltra's principal grain terminal wrecked three storage "
    "silos along with a conveyor gallery, governor Anselm Korrick of the region announced on Wednesday.",
    "According to Korrick, who spoke to journalists at the harbour gate, two workers from the night shift are "
    "missing while four more were hospitalised with burns, and rescuers continue to search the collapsed gallery.",
    "Last year the terminal processed some 2.4 million tonnes of barley and wheat, close to one third of all "
    "exports from the region, the port authority's January figures show.",
    "It took firefighters drawn from four districts over nine hours to contain the blaze, which was under "
    "control soon after dawn, the emergency service reported on its website.",
    "No cause for the fire has yet been established. An inquiry into suspected violations of safety rules was "
    "opened by prosecutors, while operator Harbin Grain Logistics pledged full cooperation.",
    "Berths next to the terminal reopened to shipping at noon, though the grain quay remains shut pending an "
    "inspection of the damaged structures by engineers, according to the port authority.",
]


def test_a_sentence_by_sentence_paraphrase_is_a_rewrite() -> None:
    items = [candidate("wire", wire_text()), candidate("rewrite", "\n\n".join(PARAPHRASE), day=6)]
    link = link_between(items, "wire", "rewrite")
    assert link is not None and link.kind == "rewrite"
    assert link.shared_words is not None and link.shared_words >= 5  # aligned sentences
    assert link.passage is not None


# --- not copies ---------------------------------------------------------------------------------

STATEMENT = ("\"We are doing everything possible to find the two missing men, and the people responsible for "
             "this disaster will be held to account,\" Korrick said.")


def test_another_report_quoting_the_same_statement_is_not_a_copy() -> None:
    other = "\n\n".join([
        "Port Veltra counts the cost as silos burn",
        "Smoke still hung over the harbour on Wednesday morning as dock workers gathered outside the gates, "
        "many of them waiting for news of colleagues from the night shift.",
        STATEMENT,
        "Traders in the capital said export contracts for March were already being renegotiated, and two "
        "foreign buyers had asked for shipments to be moved to the northern ports.",
        "The Veltra terminal was privatised in 2019 and has been criticised by unions for cutting maintenance "
        "staff, a charge the owners deny.",
    ])
    wire = wire_text([*WIRE[:3], STATEMENT, *WIRE[3:]])
    items = [candidate("wire", wire), candidate("other", other, day=5)]
    assert groups_of(items) == []


def test_a_summary_of_the_report_in_other_words_is_not_a_copy() -> None:
    summary = "\n\n".join([
        "Norda: fire at Veltra grain port",
        "A Norda dispatch from Port Veltra says a night fire burned down part of the city's grain terminal, "
        "with two staff unaccounted for and four hurt.",
        "The agency quotes the governor as saying that rescuers were still at work, and notes that about a "
        "third of the region's exports pass through the terminal.",
        "Prosecutors are looking into the cause, Norda reported, without giving further details.",
    ])
    items = [candidate("wire", wire_text()), candidate("summary", summary, day=5)]
    assert groups_of(items) == []


def test_the_same_template_with_other_figures_places_and_dates_is_not_a_copy() -> None:
    other = [p.replace("Port Veltra", "Dunmere").replace("PORT VELTRA", "DUNMERE").replace("March 4", "May 19")
             .replace("three storage silos", "two storage silos").replace("Two night-shift", "Three night-shift")
             .replace("four others", "nine others").replace("Anselm Korrick", "Edda Lowe").replace("Korrick", "Lowe")
             .replace("2.4 million", "1.1 million").replace("four districts", "six districts")
             .replace("nine hours", "five hours").replace("Harbin Grain Logistics", "Tarsk Bulk")
             for p in WIRE]
    items = [candidate("wire", wire_text()), candidate("template", "\n\n".join(other), day=20)]
    assert groups_of(items) == []


def test_a_translation_is_not_a_copy() -> None:
    translated = "\n\n".join([
        "Un incendio distrugge il terminal del grano di Port Veltra, due operai dispersi",
        "PORT VELTRA, 4 marzo (Norda) - Un incendio scoppiato durante la notte nel principale terminal del grano "
        "di Port Veltra ha distrutto tre silos e una galleria di trasporto, ha detto mercoledì il governatore "
        "regionale Anselm Korrick.",
        "Due operai del turno di notte risultano dispersi e altri quattro sono stati portati in ospedale con "
        "ustioni, ha detto Korrick ai giornalisti al cancello del porto.",
        "Il terminal ha movimentato circa 2,4 milioni di tonnellate di grano e orzo l'anno scorso, circa un "
        "terzo delle esportazioni della regione, secondo i dati dell'autorità portuale.",
        "I vigili del fuoco di quattro distretti hanno combattuto le fiamme per oltre nove ore.",
        "La causa dell'incendio non è ancora nota. La procura ha aperto un'inchiesta.",
    ])
    items = [candidate("wire", wire_text()), candidate("italian", translated, day=5)]
    assert groups_of(items) == []


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.timeout(120)
def test_a_thousand_mirrors_of_one_text_stay_bounded_and_make_one_group() -> None:
    furniture = ["Home | News", "Latest | Sport", "Menu Search", "Subscribe now", "Top stories"]
    items = [candidate("wire", wire_text())]
    for k in range(1000):
        items.append(candidate(f"m{k:04d}", f"{furniture[k % 5]} {k}\n{wire_text()}\nShare this page {k % 7}",
                               day=5))
    index = CopyIndex()
    index.add(items)
    groups = index.groups()
    assert len(groups) == 1 and len(groups[0].item_ids) == 1001
    assert len(groups[0].pairs) <= 1000 * 48  # each item links to a bounded number of others
