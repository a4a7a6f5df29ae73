"""Bad input of issue 17 through the whole product (read -> segment -> annotate -> extract -> link ->
store): a page that is all boilerplate, a page whose only date is a site header, an impossible
dateline date (31 February), a page dated 2099, many mirrors of one wire text, an undated item with
no actors and a wire credit inside a quotation, beside a few good pages. Each must end in bounded
time, without a crash, with every input stored or recorded, and with nothing invented: no
publication date the page does not give, no source the page does not name, no story or copy group
the text does not support.

Every page is written for this test, in the styles of wires, mirror sites and aggregators. One
folder holding every case is analysed once (the models load once); the 1,000-mirror case goes to the
link stage straight from the store, as a full analysis of 1,000 pages would take too long here.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from counterpoint.config import Settings
from counterpoint.engine import LocalEngine
from counterpoint.link.bundle import ItemBundle
from counterpoint.link.stage import link_pending
from counterpoint.model import PartialDate
from counterpoint.pipeline import analyze
from counterpoint.segment import REASONS
from counterpoint.store.sqlite import SQLiteStore
from tests.conftest import make_document, make_item

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

RUN_DATE = "2024-06-01"

WIRE = [
    "Fire destroys grain silos at Romania's Constanta port, two workers missing",
    "CONSTANTA, Romania, March 4, 2024 (Reuters) - A fire that broke out overnight at a grain terminal in the "
    "Romanian Black Sea port of Constanta destroyed three storage silos and a conveyor gallery, the port "
    "authority said on Monday.",
    "Two night-shift workers were missing and four others were taken to hospital with burns, Romania's "
    "emergency service said, adding that rescue teams were still searching the collapsed gallery.",
    "The terminal handled about 2.4 million tonnes of Ukrainian and Romanian wheat last year, roughly a third "
    "of the grain shipped through Constanta, according to figures the port authority published in January.",
    "Firefighters from four counties fought the blaze for more than nine hours before bringing it under "
    "control shortly after dawn, the emergency service said in a statement on its website.",
    "Prosecutors in Constanta have opened an inquiry into possible breaches of safety rules, and the terminal "
    "operator said it was cooperating fully with investigators.",
    "Transport Minister Sorin Grindeanu said shipping at the neighbouring berths would resume on Tuesday, but "
    "the grain quay will stay closed until engineers have inspected the damaged structures.",
]

GOOD = {
    # the wire's own page: dated by its dateline, credited to the agency in it
    "good-wire.txt": "\n\n".join(WIRE),
    # an outlet's own report of the same fire, with a labelled date and a copyright line
    "good-site.txt": "\n".join([
        "Black Sea Herald | News | Economy | Region",
        "Constanta counts the cost after night fire at grain terminal",
        "Published: 5 March 2024",
        "",
        "Smoke still hung over the port of Constanta on Tuesday as dock workers gathered at the gates of the "
        "grain terminal, many of them waiting for news of two colleagues from the night shift.",
        "Traders in Bucharest said export contracts for March were already being renegotiated, and two buyers "
        "had asked for shipments to be moved to the Danube ports of Galati and Braila.",
        "The terminal was privatised in 2019 and unions have accused its owners of cutting maintenance staff, "
        "a charge the company denies.",
        "© 2024 Black Sea Herald. All rights reserved.",
    ]),
    # an aggregator's page of another event, dated by a numeric date field
    "good-aggregator.txt": "\n".join([
        "Latest | Politics | World | Markets",
        "Bulgarian parliament approves budget after all-night session",
        "Date: 06/03/2024",
        "",
        "Bulgaria's parliament approved the 2024 state budget early on Wednesday after an all-night session, "
        "with Prime Minister Nikolai Denkov's coalition voting in favour and the opposition walking out.",
        "The budget keeps the deficit at three percent of economic output, a condition for joining the euro "
        "zone, Finance Minister Asen Vassilev told lawmakers in Sofia.",
        "This news data comes from: https://www.bta.bg/en/news/bulgaria/budget-2024",
    ]),
}

MENUS = ["Home | World | Business | Video", "Latest news Top stories Opinion Subscribe Login",
         "Menu Search Sections Newsletters", "News | Europe | Economy | Sport", "Start page | Media | Contact"]
INJECTED = ["READ MORE: Ministers meet over fertiliser quotas", "Advertisement - scroll to continue",
            "Sign up for our morning briefing and get the top stories in your inbox",
            "Trending: Ten photos of the week you should not miss", "Also read: Wheat prices slip in Chicago"]
#: Mirrors analysed in full (the 1,000-mirror case goes to the link stage alone).
MIRRORS = 30


def mirror(k: int) -> str:
    """The wire text on an aggregator or mirror site: a crawler header with the site's URL and a
    later date, a menu, one or two injected lines, a footer."""
    lines = [f" date 2024-03-{5 + k % 5:02d}", f" url https://mirror{k:02d}.example.net/world/constanta-fire-{k}",
             MENUS[k % len(MENUS)], WIRE[0]]
    for i, paragraph in enumerate(WIRE[1:]):
        lines.append(paragraph)
        if i in (k % 3, 3 + k % 2):
            lines.append(INJECTED[(k + i) % len(INJECTED)])
    lines.append(f"Share on Facebook Share on X Share by email | Views: {100 + 7 * k}")
    return "\n".join(lines)


BAD = {
    # every line is page furniture: a menu, a cookie banner, share widgets, links, pagination
    "all-boilerplate.txt": "\n".join([
        "Home | World | Business | Sport | Culture | Video",
        "Skip to content",
        "Subscribe now for unlimited access",
        "We use cookies to improve your experience. Accept all | Manage settings",
        "Share on Facebook Share on X Share by email",
        "Read more",
        "Advertisement",
        "Next page »",
    ]),
    # the only date is the site's header, which shows the day the page was saved
    "site-header-only.txt": "\n".join([
        "Today: Wednesday, 24 April 2024 year",
        "Ukraine and Poland agree on checks for grain trucks at the border",
        "",
        "Ukrainian and Polish officials agreed on joint inspections of grain trucks at the Yahodyn crossing, "
        "Ukraine's agriculture ministry said, after weeks of protests by Polish farmers.",
        "The agreement lets inspectors from both countries check cargo papers at one point, and trucks carrying "
        "grain in transit to the Baltic ports will be sealed on the Ukrainian side.",
    ]),
    # a dateline whose date is no calendar date
    "impossible-dateline.txt": "\n".join([
        "Farmers block motorway near Warsaw over grain imports",
        "",
        "WARSAW, 31 February 2024 (Wirepress) - Hundreds of Polish farmers blocked the motorway west of Warsaw "
        "with tractors, demanding a ban on grain imports from Ukraine, police said.",
        "Police diverted traffic through nearby towns and said the blockade would be allowed until the evening.",
    ]),
    # a page dated far after the run
    "dated-2099.txt": "\n".join([
        "Brno council approves new tram line to the university campus",
        "Published: 4 March 2099",
        "",
        "The city council of Brno approved a new tram line linking the main station with the university campus, "
        "the Czech city's mayor Marketa Vankova said after the vote.",
        "Construction is due to take three years and the line will be served by twenty new low-floor trams.",
    ]),
    # no date anywhere, no person, organisation or country: a look-alike of the fire story
    "undated-no-actors.txt": "\n".join([
        "Blaze at grain store leaves one worker hurt",
        "",
        "Flames tore through a grain store during the night and one worker was treated for smoke inhalation.",
        "Crews spent several hours fighting the fire, which left a silo in ruins.",
        "Investigators will look at what caused it.",
    ]),
    # wire names inside quotations: none is this page's source or credit
    "credit-in-quote.txt": "\n".join([
        "Ministry rejects agency report on grain shipments",
        "Published: 6 March 2024",
        "",
        "Romania's agriculture ministry rejected a report on grain shipments through Constanta, saying: "
        "\"This news data comes from: reuters.com and it is simply wrong.\"",
        "\u201cBUCHAREST (Reuters) - Romania will halt grain shipments,\u201d the report had said, according to "
        "the ministry's statement.",
        "A spokeswoman said the ministry's only source was \"the port's own figures, not /TASS/ or anybody else\".",
        "Protesters outside the ministry held a sign that read: \"\u00a9 2024 Reuters. All rights reserved.\"",
        "The ministry said exports would go on as planned.",
    ]),
}


@dataclass(frozen=True, slots=True)
class Analysed:
    db: Path
    files: tuple[str, ...]


def rows(db: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db)
    try:
        return [tuple(r) for r in conn.execute(sql, params).fetchall()]
    finally:
        conn.close()


def doc(db: Path, name: str) -> dict[str, object]:
    found = rows(db, "SELECT id, source, source_origin, published, published_origin, extras FROM documents "
                     "WHERE locator LIKE ?", f"%{name}")
    assert len(found) == 1, (name, found)
    keys = ("id", "source", "source_origin", "published", "published_origin", "extras")
    record = dict(zip(keys, found[0], strict=True))
    record["extras"] = json.loads(str(record["extras"]))
    return record


def items_of(db: Path, name: str) -> list[dict[str, object]]:
    found = rows(db, "SELECT i.id, i.headline, i.published, i.body, i.record FROM items i "
                     "JOIN documents d ON d.id = i.document_id WHERE d.locator LIKE ? ORDER BY i.position",
                 f"%{name}")
    keys = ("id", "headline", "published", "body", "record")
    return [dict(zip(keys, r, strict=True)) for r in found]


def story_mates(db: Path, item_id: object) -> list[tuple[object, object]]:
    """(item id, published) of the other items of ``item_id``'s story."""
    return rows(db, "SELECT si.item_id, i.published FROM story_items si JOIN items i ON i.id = si.item_id "
                    "WHERE si.story_id = (SELECT story_id FROM story_items WHERE item_id = ?) AND si.item_id != ?",
                item_id, item_id)


def warnings_for(db: Path, name: str) -> list[str]:
    return [str(r[0]) for r in rows(db, "SELECT code FROM failures WHERE locator LIKE ?", f"%{name}")]


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Analysed]:
    root = tmp_path_factory.mktemp("coverage-bad-input")
    folder = root / "in"
    folder.mkdir()
    pages = {**GOOD, **BAD, **{f"mirror-{k:02d}.txt": mirror(k) for k in range(MIRRORS)}}
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = root / "s.db"
    store = SQLiteStore.open(db)
    try:
        analyze([str(folder)], Settings(db=str(db), progress=False, run_date=RUN_DATE), store,
                engine=LocalEngine(workers=1))
    finally:
        store.close()
    yield Analysed(db, tuple(sorted(pages)))


def test_every_input_is_stored_or_recorded_as_a_failure(analysed: Analysed) -> None:
    stored = {Path(str(r[0])).name for r in rows(analysed.db, "SELECT locator FROM documents")}
    failed = {Path(str(r[0])).name for r in rows(analysed.db, "SELECT locator FROM failures WHERE severity = 'error'")}
    assert set(analysed.files) <= stored | failed
    assert set(GOOD) <= stored  # the good pages are analysed, not failed
    linked = {str(r[0]) for r in rows(analysed.db, "SELECT status FROM links")}
    assert linked == {"done"}


def test_good_pages_keep_their_printed_dates_and_sources(analysed: Analysed) -> None:
    wire = doc(analysed.db, "good-wire.txt")
    assert (wire["published"], wire["published_origin"]) == ("2024-03-04", "dateline")
    assert wire["source"] == "Reuters"
    site = doc(analysed.db, "good-site.txt")
    assert site["published"] == "2024-03-05" and site["source"] == "Black Sea Herald"


def test_a_site_headers_today_is_never_the_publication_date(analysed: Analysed) -> None:
    page = doc(analysed.db, "site-header-only.txt")
    assert page["published"] is None and page["published_origin"] == "none"
    assert "24 April 2024" in str(page["extras"].get("date_ignored", ""))  # type: ignore[union-attr]
    for item in items_of(analysed.db, "site-header-only.txt"):
        assert item["published"] is None
        assert "Today" not in str(item["headline"] or "") and "Today" not in str(item["body"])


@pytest.mark.parametrize(("name", "refused", "code"), [
    ("impossible-dateline.txt", "31 February 2024", "invalid-date"),
    ("dated-2099.txt", "2099-03-04", "implausible-date"),
])
def test_an_impossible_or_future_date_is_refused_with_a_warning(analysed: Analysed, name: str, refused: str,
                                                                   code: str) -> None:
    page = doc(analysed.db, name)
    assert page["published"] is None and page["published_origin"] == "none"
    assert page["extras"]["date_refused"] == refused  # type: ignore[index]
    assert code in warnings_for(analysed.db, name)
    items = items_of(analysed.db, name)
    assert items and all(item["published"] is None for item in items)


def test_an_all_boilerplate_page_keeps_its_lines_as_dropped_with_reasons_and_joins_no_story(
        analysed: Analysed) -> None:
    items = items_of(analysed.db, "all-boilerplate.txt")
    if not items:  # not stored as an item: then a recorded reason says why
        assert warnings_for(analysed.db, "all-boilerplate.txt")
        return
    (item,) = items
    record = json.loads(str(item["record"]))
    assert not str(item["body"]).strip() and not record["paragraphs"]
    dropped = record["dropped"]
    assert len(dropped) >= 6 and {d["reason"] for d in dropped} <= set(REASONS)
    assert doc(analysed.db, "all-boilerplate.txt")["published"] is None
    assert story_mates(analysed.db, item["id"]) == []
    assert not rows(analysed.db, "SELECT 1 FROM copy_members WHERE item_id = ?", item["id"])


def test_an_undated_item_with_no_actors_joins_no_dated_story_and_gets_no_date(analysed: Analysed) -> None:
    page = doc(analysed.db, "undated-no-actors.txt")
    assert page["published"] is None
    (item,) = items_of(analysed.db, "undated-no-actors.txt")
    assert item["published"] is None  # never a story's date stored as its publication date
    assert not rows(analysed.db, "SELECT 1 FROM mentions WHERE item_id = ? AND actor_id IS NOT NULL", item["id"])
    assert [mate for mate in story_mates(analysed.db, item["id"]) if mate[1] is not None] == []


def test_a_wire_credit_inside_a_quotation_is_not_the_source(analysed: Analysed) -> None:
    page = doc(analysed.db, "credit-in-quote.txt")
    extras = page["extras"]
    assert isinstance(extras, dict)
    assert page["source"] is None and page["source_origin"] == "none"
    assert "credit" not in extras
    assert page["published"] == "2024-03-06"


def test_mirrors_are_one_copy_group_naming_the_wire_as_earliest(analysed: Analysed) -> None:
    wire = items_of(analysed.db, "good-wire.txt")
    assert len(wire) == 1
    groups = rows(analysed.db, "SELECT group_id, earliest_item_id, size FROM copy_groups")
    mirrors = {str(i["id"]) for k in range(MIRRORS) for i in items_of(analysed.db, f"mirror-{k:02d}.txt")}
    assert len(mirrors) == MIRRORS
    (group,) = [g for g in groups if g[1] == wire[0]["id"]]
    members = {str(r[0]) for r in rows(analysed.db, "SELECT item_id FROM copy_members WHERE group_id = ?", group[0])}
    assert members == mirrors | {wire[0]["id"]}
    earliest_source = rows(analysed.db, "SELECT d.source FROM items i JOIN documents d ON d.id = i.document_id "
                                        "WHERE i.id = ?", group[1])
    assert earliest_source == [("Reuters",)]
    others = {i["id"] for name in (*GOOD, *BAD) if name != "good-wire.txt" for i in items_of(analysed.db, name)}
    assert not members & others


# --- 1,000 mirrors: the link stage alone ------------------------------------------------------------------------


def _no_vectors(bundles: Sequence[ItemBundle]) -> dict[str, object]:
    return {}  # no sentence vectors: linked on text, dates and sources alone


def test_a_thousand_mirrors_are_one_copy_group_with_the_earliest_publisher_named(tmp_path: Path) -> None:
    store = SQLiteStore.open(tmp_path / "m.db")
    try:
        wire_text = "\n".join(WIRE)
        texts = [("good-wire.txt", wire_text, "Reuters", PartialDate(2024, 3, 4))]
        for k in range(1000):
            text = mirror(k).split("\n", 2)[2]  # the page without its crawler header
            texts.append((f"mirror-{k:04d}.txt", text, f"mirror{k:04d}.example.net", PartialDate(2024, 3, 5 + k % 20)))
        ids = []
        for locator, text, source, published in texts:
            document = make_document(text, locator=locator, source=source, published=published)
            item = make_item(document, 0, len(text), published=published, headline_end=text.index("\n"))
            store.add_document(document, [item], "run")
            store.save_annotations(item.id, status="skipped-language", annotator="t")
            ids.append(item.id)
        store.commit()
        summary = link_pending(store, encode=_no_vectors)
        assert summary["items"] == 1001 and summary["failed"] == 0
        [group] = list(store.iter_copy_groups())
        assert set(group.item_ids) == set(ids)
        assert group.earliest_item_id == ids[0]
        assert len(group.record["pairs"]) <= 1000 * 48  # linear in the mirrors, not every pair
    finally:
        store.close()

