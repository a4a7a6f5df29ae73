"""Time charts draw the data's real range: a far-future or ancient date (a store written before dates were
checked at ingest) neither wipes the real months nor leaves the chart silently."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from counterpoint.link.stories import story_id_for
from counterpoint.model import PartialDate
from counterpoint.report.html import render_report
from counterpoint.store.link import StoryRow
from counterpoint.store.sqlite import SQLiteStore
from counterpoint.web import create_app
from counterpoint.web.charts import month_bars, real_months, story_dots
from counterpoint.web.views import Actors
from tests.web.corpus import BASE_URL, _document, _item

TODAY = date(2026, 6, 15)
REAL = [("2024-01", 3), ("2024-02", 1), ("2024-04", 2)]


def _months(chart_labels: list[str]) -> list[str]:
    return [label.split(":")[0] for label in chart_labels]


def test_a_far_future_month_leaves_the_real_months_drawn() -> None:
    chart = month_bars([*REAL, ("9999-12", 1)], today=TODAY)
    assert _months([b.label for b in chart.bars]) == ["2024-01", "2024-02", "2024-03", "2024-04"]
    assert [b.value for b in chart.bars] == [3, 1, 0, 2]
    assert chart.outside == 1 and chart.shown == "2024-01 to 2024-04"
    assert chart.maximum == 3


@pytest.mark.parametrize("odd", [("1899-12", 5), ("0001-01", 1), ("2026-07", 1), ("3000-01", 2), ("2024-13", 1),
                                 ("garbage", 1)])
def test_implausible_months_are_counted_not_drawn(odd: tuple[str, int]) -> None:
    chart = month_bars([*REAL, odd], today=TODAY)
    assert _months([b.label for b in chart.bars])[0] == "2024-01"
    assert _months([b.label for b in chart.bars])[-1] == "2024-04"
    assert chart.outside == odd[1]


def test_the_current_month_and_the_next_day_are_plausible() -> None:
    assert real_months({2026 * 12 + 5: 1}, today=TODAY) == (2026 * 12 + 5, 2026 * 12 + 5)
    # the last day of a month: tomorrow is in the next month, which is drawn
    assert real_months({2026 * 12 + 6: 1}, today=date(2026, 6, 30)) == (2026 * 12 + 6, 2026 * 12 + 6)
    assert real_months({2026 * 12 + 6: 1}, today=TODAY) is None


def test_an_outlier_decades_away_does_not_squash_the_real_data() -> None:
    chart = month_bars([("1950-03", 1), *REAL], today=TODAY)
    assert len(chart.bars) == 4 and chart.outside == 1
    # a long continuous record keeps the span with the most items (the latest on a tie)
    spread = [(f"{y}-06", 1) for y in range(1960, 2025)]
    chart = month_bars(spread, today=TODAY)
    assert chart.bars[-1].label.startswith("2024-06")
    assert len(chart.bars) <= 240 and chart.outside == sum(1 for y in range(1960, 2025) if y < 2005)


def test_only_implausible_dates_draw_nothing_and_say_so() -> None:
    chart = month_bars([("9999-12", 4)], today=TODAY)
    assert chart.bars == [] and chart.outside == 4


def test_story_dots_clip_to_the_real_range() -> None:
    stories = [{"id": f"s{k}", "first_reported": d, "source_count": 1, "title": d}
               for k, d in enumerate(["2024-01-05", "2024-02-10", "2024-03-15", "9999-12-31", "1850-01-01"])]
    chart = story_dots(stories, today=TODAY)
    assert sorted(d.label.split(" ")[0] for d in chart.dots) == ["2024-01-05", "2024-02-10", "2024-03-15"]
    xs = [d.x for d in chart.dots]
    assert max(xs) - min(xs) > 500  # spread across the axis, not squashed against one edge
    assert chart.outside == 2
    assert chart.ticks and all(t.label.startswith("2024-") for t in chart.ticks)
    # the day after tomorrow is not drawn, tomorrow is
    soon = [{"id": "a", "first_reported": "2026-06-16"}, {"id": "b", "first_reported": "2026-06-17"}]
    assert [d.label.split(" ")[0] for d in story_dots(soon, today=TODAY).dots] == ["2026-06-16"]


# -- a store holding a 9999-12-31 item beside real 2024 ones ---------------------------------------------------------
DATES = [PartialDate(2024, 1, 5), PartialDate(2024, 2, 10), PartialDate(2024, 3, 15), PartialDate(9999, 12, 31)]


@pytest.fixture(scope="module")
def far_future_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("charts") / "far.db"
    store = SQLiteStore.open(path)
    run = store.begin_run("test", [])
    stories: list[StoryRow] = []
    ids: list[str] = []
    for k, published in enumerate(DATES):
        headline, body = f"Story {k}", f"Something happened, report number {k}."
        doc = _document(f"{headline}\n\n{body}", locator=f"far/{k}.txt", source="wire.example", url=None,
                        title=headline, published=published)
        item = _item(doc, headline, body, published)
        store.add_document(doc, [item], run)
        ids.append(item.id)
        sid, day = story_id_for(item.id), published.iso()
        stories.append(StoryRow(sid, headline, day, item.id, day, day, 1, 1, {
            "id": sid, "item_ids": [item.id], "sources": ["wire.example"], "first_reported": day,
            "first_seen": f"{day}T00:00:00+00:00", "first_item_id": item.id, "title": headline, "event_types": [],
            "actors": [], "start": day, "end": day}))
    store.save_links(linker="test", done=[(i, None) for i in ids],
                     assignments=[(i, s.id, None) for i, s in zip(ids, stories, strict=True)], stories=stories)
    store.finish_run(run, {})
    store.close()
    return path


def _bar_months(html: str) -> list[str]:
    chart = re.search(r'<svg class="chart months".*?</svg>', html, re.S)
    assert chart is not None, "no month chart"
    return re.findall(r"<title>(\d{4}-\d{2}): \d+ stories</title>", chart.group(0))


def test_the_timeline_draws_the_real_months_of_a_store_with_a_far_future_date(far_future_db: Path) -> None:
    web = create_app(far_future_db)
    try:
        with TestClient(web, base_url=BASE_URL) as c:
            page = c.get("/timeline")
            twin = c.get("/timeline.json").json()
    finally:
        web.state.pool.close()
    assert page.status_code == 200
    assert _bar_months(page.text) == ["2024-01", "2024-02", "2024-03"]
    assert "1 story not drawn: dated outside 2024-01 to 2024-03" in page.text
    assert "9980" not in page.text
    # the twin keeps the data as stored
    assert {m["month"] for m in twin["months"]} == {"2024-01", "2024-02", "2024-03", "9999-12"}


def test_the_report_draws_the_real_months_of_a_store_with_a_far_future_date(far_future_db: Path) -> None:
    store = SQLiteStore.open_read_only(far_future_db)
    try:
        html, summary = render_report(store, actors=Actors(()))
    finally:
        store.close()
    assert summary["stories"] == 4
    assert _bar_months(html) == ["2024-01", "2024-02", "2024-03"]
    assert "1 story not drawn: dated outside 2024-01 to 2024-03" in html
    dots = re.search(r'<svg class="chart dots".*?</svg>', html, re.S)
    assert dots is not None and dots.group(0).count("<circle") == 3
    assert "9999-12-31" in html  # the story itself is listed, with its date as stored
