"""End to end through ``ingest``: refused dates are stored as warning failure rows, the
documents and items undated, the date kept as text (issue 16, defects 7 and 8)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from counterpoint.config import Settings
from counterpoint.pipeline import ingest
from counterpoint.store.sqlite import SQLiteStore

BODY = "Officials in Seoul said talks with Pyongyang on border security would resume next month."
FEED = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title><item><title>Talks</title>'
    f"<description>{BODY}</description><pubDate>2025-13-45T10:00:00Z</pubDate></item></channel></rss>"
)
DIGEST = f"""Seoul Says Talks Will Resume (7.10.2025)

{BODY}

Kyiv Reports Drone Attack Overnight (8.10.2099)

Ukrainian officials said drones struck the city overnight. Nobody was hurt.
"""


def test_refused_dates_are_recorded_and_nothing_is_invented(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "desk.rss").write_text(FEED)
    (folder / "digest.txt").write_text(DIGEST)
    store = SQLiteStore.open(tmp_path / "t.db")
    try:
        summary = ingest([str(folder)], Settings(db=str(tmp_path / "t.db"), progress=False,
                                                 run_date="2025-10-09"), store)
        failures = sorted((f.failure.locator.rsplit("/", 1)[-1], f.failure.stage, f.failure.code,
                           f.failure.severity) for f in store.failures())
        items = list(store.iter_items())
    finally:
        store.close()
    assert summary.errors == 0 and summary.warnings == 2
    assert failures == [
        ("desk.rss#entry=1", "read", "invalid-date", "warning"),
        ("digest.txt", "segment", "implausible-date", "warning"),
    ]
    dates = sorted(str(stored.item.published.iso()) for stored in items)
    assert dates == ["2025-10-07", "None", "None"]  # the feed entry and the 2099 item
    conn = sqlite3.connect(tmp_path / "t.db")
    try:
        published, extras = conn.execute(
            "SELECT published, extras FROM documents WHERE locator LIKE '%desk.rss#entry=1'").fetchone()
    finally:
        conn.close()
    assert published is None
    assert json.loads(extras)["date_refused"] == "2025-13-45T10:00:00Z"
