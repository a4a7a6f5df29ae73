"""Dates are never invented: feed dates checked as written, and every published date kept
only when plausible (issue 16, defects 7 and 8)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from counterpoint.config import Settings, load_settings
from counterpoint.errors import ConfigError
from counterpoint.model import PartialDate
from counterpoint.read import Extracted, RawInput, finish

from .helpers import PARAGRAPH, assert_explained, run

RUN = Settings(run_date="2025-06-01")


def rss(pub_date: str, *, tag: str = "pubDate") -> str:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Gazette</title>'
        f"<item><title>Sea wall</title><description>{PARAGRAPH}</description>"
        f"<{tag}>{pub_date}</{tag}></item></channel></rss>"
    )


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "written",
    [
        "2025-13-45T10:00:00Z",  # feedparser rolls it over to 2026-01-01
        "Mon, 31 Feb 2025 10:00:00 GMT",
        "2025-02-29",  # feedparser: 2025-03-01
        "Mon, 45 Apr 2025 10:00:00 GMT",
        "yesterday",
    ],
)
def test_an_invalid_feed_date_leaves_the_entry_undated_with_a_warning(tmp_path: Path, written: str) -> None:
    (doc,), failures = run([write(tmp_path, "f.rss", rss(written))], RUN)
    assert doc.published == PartialDate()
    assert doc.extras["date_refused"] == written
    (failure,) = failures
    assert failure.severity == "warning" and failure.code == "invalid-date" and failure.stage == "read"
    assert_explained(failure, "f.rss#entry=1", written, "not a calendar date", "undated")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Mon, 28 Apr 2025 10:00:00 GMT", PartialDate(2025, 4, 28, "feed")),
        ("2025-04-28T23:30:00-08:00", PartialDate(2025, 4, 28, "feed")),  # as written, not in UTC
        ("20250428T100000Z", PartialDate(2025, 4, 28, "feed")),
        ("28 Apr 2025", PartialDate(2025, 4, 28, "feed")),  # read by feedparser, checked here
        ("2025-04", PartialDate(2025, 4, None, "feed")),
        ("2024-02-29", PartialDate(2024, 2, 29, "feed")),
    ],
)
def test_valid_feed_dates_are_kept(tmp_path: Path, written: str, expected: PartialDate) -> None:
    (doc,), failures = run([write(tmp_path, "f.rss", rss(written))], RUN)
    assert failures == []
    assert doc.published == expected
    assert "date_refused" not in doc.extras


def test_an_invalid_published_date_is_not_replaced_by_the_updated_one(tmp_path: Path) -> None:
    feed = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Gazette</title><id>urn:g</id>'
        "<updated>2025-04-28T10:00:00Z</updated><entry><title>Sea wall</title><id>urn:1</id>"
        "<published>2025-13-45T10:00:00Z</published><updated>2025-04-28T10:00:00Z</updated>"
        f'<content type="text">{PARAGRAPH}</content></entry></feed>'
    )
    (doc,), (failure,) = run([write(tmp_path, "f.atom", feed)], RUN)
    assert doc.published == PartialDate()
    assert doc.extras["date_field"] == "published" and failure.code == "invalid-date"


@pytest.mark.parametrize(
    ("name", "text", "sidecar", "written"),
    [
        ("future.rss", rss("Fri, 31 Dec 9999 10:00:00 GMT"), None, "9999-12-31"),
        ("old.rss", rss("1850-06-01"), None, "1850-06-01"),
        ("header.txt", f" date 2031-04-28\n\n{PARAGRAPH}", None, "2031-04-28"),
        ("side.txt", PARAGRAPH, 'published = "2099-01"\n', "2099-01"),
    ],
)
def test_an_implausible_date_of_any_origin_is_kept_as_text(
    tmp_path: Path, name: str, text: str, sidecar: str | None, written: str
) -> None:
    path = write(tmp_path, name, text)
    if sidecar:
        write(tmp_path, name + ".meta.toml", sidecar)
    (doc,), failures = run([path], RUN)
    assert doc.published == PartialDate()
    assert doc.extras["date_refused"] == written
    (failure,) = failures
    assert failure.severity == "warning" and failure.code == "implausible-date"
    assert_explained(failure, name, written, "undated", "date_refused")


def test_the_day_after_the_run_date_is_allowed_and_the_next_is_not() -> None:
    raw = RawInput(locator="p.html", data=b"x")
    for day, kept in ((date(2025, 6, 2), True), (date(2025, 6, 3), False)):
        page = Extracted(locator="p.html", kind="html", text=PARAGRAPH,
                         published=PartialDate.from_date(day, "html-meta"))
        doc, warnings = finish(page, raw, RUN)
        assert doc.published.known is kept
        assert [w.code for w in warnings] == ([] if kept else ["implausible-date"])


def test_the_run_date_defaults_to_today_and_is_checked() -> None:
    assert Settings().run_day() == date.today()
    assert load_settings(environ={"COUNTERPOINT_RUN_DATE": "2020-01-02"}).run_day() == date(2020, 1, 2)
    with pytest.raises(ConfigError, match="run_date"):
        load_settings(environ={"COUNTERPOINT_RUN_DATE": "next week"})


@pytest.mark.parametrize(
    ("value", "plausible"),
    [
        (PartialDate(), True),
        (PartialDate(1899, 12, 31), False),
        (PartialDate(1900), True),
        (PartialDate(2025, 6), True),  # a month counts from its first day
        (PartialDate(2025, 7), False),
        (PartialDate(2026), False),
    ],
)
def test_partial_date_plausible(value: PartialDate, plausible: bool) -> None:
    assert value.plausible(date(2025, 6, 1)) is plausible
