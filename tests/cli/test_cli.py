"""The command line end to end, in process (click's runner) and as a process."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from counterpoint.cli import cli

REPORT = (
    " date 2024-10-09 Seoul's military said North Korea had begun work to cut the roads linking the two"
    " Koreas.\n\nRoads cut at the border\n\nThe Joint Chiefs of Staff said soldiers were seen near the"
    " border on Wednesday.\n\nOfficials said more fortification work was expected. Share\n"
)
BLOG = (
    "Border Update!\n\nDPRK: Army Seals Southern Border! (9.10.2024)\n\nThe General Staff said roads to the"
    " south would be closed from today.\n\nLeader Activities\n\nDPRK: Leader Inspects Tank Crews!"
    " (12.11.2024)\n\nThe leader watched a training match of tank crews and praised their skill.\n\n1 2\n"
)


def run(args: list[str], db: Path, input: bytes | None = None) -> click.testing.Result:
    return CliRunner().invoke(cli, ["--db", str(db), "-q", *args], input=input, catch_exceptions=False)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "report.txt").write_text(REPORT, encoding="utf-8")
    (folder / "blog.txt").write_text(BLOG, encoding="utf-8")
    return folder


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    for name, command in group.commands.items():
        out.append((*prefix, name))
        if isinstance(command, click.Group):
            out.extend(all_commands(command, (*prefix, name)))
    return out


@pytest.mark.parametrize("path", all_commands(cli))
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output
    lines = result.output.split("\n")
    assert len([line for line in lines if line.strip()]) >= 3


def test_analyze_stores_items_and_is_idempotent(tmp_path: Path, corpus: Path) -> None:
    db = tmp_path / "c.db"
    first = run(["analyze", str(corpus), "--json"], db)
    assert first.exit_code == 0, first.output
    summary = json.loads(first.output)
    assert summary["documents"] == 2 and summary["new_documents"] == 2 and summary["items"] == 3
    again = json.loads(run(["analyze", str(corpus), "--json"], db).output)
    assert again["new_documents"] == 0 and again["unchanged_documents"] == 2
    lines = run(["items", "--json"], db).output.strip().splitlines()
    assert len(lines) == 3
    records = [json.loads(line) for line in lines]
    assert [r["published"] for r in records] == ["2024-10-09", "2024-10-09", "2024-11-12"]


def test_export_items_jsonl_and_csv(tmp_path: Path, corpus: Path) -> None:
    db = tmp_path / "c.db"
    run(["ingest", str(corpus)], db)
    out = tmp_path / "items.jsonl"
    assert run(["export", "items", "--format", "jsonl", "-o", str(out)], db).exit_code == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    required = {"id", "document_id", "source", "url", "position", "caption", "headline", "published",
                "published_granularity", "body", "dropped"}
    assert all(required <= set(r) for r in records)
    blog = [r for r in records if r["locator"].endswith("blog.txt")]
    assert [r["position"] for r in blog] == [1, 2]
    assert blog[0]["caption"] == "Border Update!"
    assert any(d == {"text": "1 2", "reason": "pagination"} for r in blog for d in
               ({"text": x["text"].strip(), "reason": x["reason"]} for x in r["dropped"]))
    report = next(r for r in records if r["locator"].endswith("report.txt"))
    assert report["published"] == "2024-10-09" and report["published_granularity"] == "day"
    assert any(d["reason"] == "share-button" for d in report["dropped"])
    assert "Share" not in report["body"]
    csv_out = run(["export", "items", "--format", "csv"], db).output
    rows = list(csv.DictReader(io.StringIO(csv_out)))
    assert len(rows) == 3 and json.loads(rows[0]["dropped"]) is not None


def test_bad_inputs_fail_clearly_and_the_batch_goes_on(tmp_path: Path, corpus: Path) -> None:
    db = tmp_path / "c.db"
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    missing = tmp_path / "nowhere.txt"
    result = CliRunner().invoke(cli, ["--db", str(db), "ingest", str(corpus), str(missing), "--json"])
    assert result.exit_code == 1
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["new_documents"] == 2 and summary["errors"] == 3
    failures = [json.loads(line) for line in run(["failures", "--json"], db).output.splitlines()]
    by_code = {f["code"]: f for f in failures}
    assert {"empty", "binary", "not-found"} <= set(by_code)
    assert all(f["fix"] for f in failures)
    assert by_code["not-found"]["locator"].endswith("nowhere.txt")
    text = run(["failures"], db).output
    assert "image.txt" in text and "fix:" in text


def test_same_file_twice_is_read_once_with_a_warning(tmp_path: Path, corpus: Path) -> None:
    db = tmp_path / "c.db"
    path = str(corpus / "report.txt")
    result = run(["ingest", path, path, "--json"], db)
    summary = json.loads(result.output)
    assert result.exit_code == 0 and summary["documents"] == 1 and summary["warnings"] == 1


def test_changed_file_keeps_both_versions(tmp_path: Path, corpus: Path) -> None:
    db = tmp_path / "c.db"
    run(["ingest", str(corpus / "report.txt")], db)
    (corpus / "report.txt").write_text(REPORT.replace("Wednesday", "Thursday"), encoding="utf-8")
    run(["ingest", str(corpus / "report.txt")], db)
    records = [json.loads(line) for line in run(["items", "--json"], db).output.splitlines()]
    assert sorted(r["document_version"] for r in records) == [1, 2]
    assert {"Wednesday" in r["body"] for r in records} == {True, False}


def test_stdin_is_read(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    result = run(["ingest", "-", "--source", "stdin.example", "--json"], db, input=REPORT.encode())
    assert json.loads(result.output)["items"] == 1
    record = json.loads(run(["items", "--json"], db).output)
    assert record["source"] == "stdin.example" and record["locator"] == "-"


def test_search_finds_words_with_snippets(tmp_path: Path, corpus: Path) -> None:
    db = tmp_path / "c.db"
    run(["ingest", str(corpus)], db)
    hits = [json.loads(line) for line in run(["search", "tank crews", "--json"], db).output.splitlines()]
    assert len(hits) == 1 and "[tank]" in hits[0]["snippet"].lower()
    assert "no items match" in run(["search", "zeppelin"], db).output


def test_exit_codes_for_usage_and_store_errors(tmp_path: Path, corpus: Path) -> None:
    db = tmp_path / "c.db"
    run(["ingest", str(corpus)], db)
    bad_date = CliRunner().invoke(cli, ["--db", str(db), "items", "--since", "yesterday"])
    assert bad_date.exit_code == 2 and "YYYY" in bad_date.output
    assert CliRunner().invoke(cli, ["--db", str(db), "nonsense"]).exit_code == 2
    no_store = CliRunner().invoke(cli, ["--db", str(tmp_path / "none.db"), "items"])
    assert no_store.exit_code == 3 and "counterpoint analyze" in no_store.output
    folder_db = CliRunner().invoke(cli, ["--db", str(tmp_path), "ingest", str(corpus)])
    assert folder_db.exit_code == 3
    bad_env = CliRunner().invoke(cli, ["--db", str(db), "items"], env={"COUNTERPOINT_MAX_BYTES": "x"})
    assert bad_env.exit_code == 2 and "max_bytes" in bad_env.output


def test_hostile_text_is_made_safe_for_the_terminal(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    hostile = "Evil \x1b[31mred\x1b[0m headline \u202eoverride\nBody text about a \x07 bell and more words here.\n"
    (tmp_path / "h.txt").write_text(hostile, encoding="utf-8")
    run(["ingest", str(tmp_path / "h.txt")], db)
    shown = run(["items"], db).output
    assert "\x1b" not in shown and "\u202e" not in shown and "\x07" not in shown


def _counts(db: Path) -> tuple[int, int, str]:
    conn = sqlite3.connect(db)
    try:
        docs = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        items = conn.execute("SELECT count(*) FROM items").fetchone()[0]
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        orphans = conn.execute(
            "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.document_id = d.id)"
        ).fetchone()[0]
        fts = conn.execute("SELECT count(*) FROM items_fts").fetchone()[0]
        assert orphans == 0 and fts == items
        return docs, items, check
    finally:
        conn.close()


@pytest.mark.slow
def test_sigkill_mid_ingest_leaves_a_consistent_store_and_a_rerun_completes(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(3000):
        (folder / f"d{n:05d}.txt").write_text(REPORT.replace("Wednesday", f"day {n}"), encoding="utf-8")
    db = tmp_path / "k.db"
    env = {**os.environ, "COUNTERPOINT_BATCH_SIZE": "50"}
    cmd = [sys.executable, "-m", "counterpoint", "--db", str(db), "-q", "ingest", str(folder)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        time.sleep(0.05)
        if db.exists() and _stored(db) >= 200:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    docs, items, check = _counts(db)
    assert check == "ok" and 0 < docs < 3000 and items == docs
    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    docs, items, check = _counts(db)
    assert (docs, items, check) == (3000, 3000, "ok")


def _stored(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1)
        try:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def test_analyze_annotates_and_exports_mentions_dates_and_actors(tmp_path: Path, corpus: Path) -> None:
    db = tmp_path / "c.db"
    result = run(["analyze", str(corpus), "--json"], db)
    assert result.exit_code == 0
    assert json.loads(result.output)["stages"]["annotate"]["annotated"] == 3
    mentions = [json.loads(line) for line in run(["export", "mentions"], db).output.splitlines()]
    required = {"item_id", "field", "start", "end", "text", "kind", "actor_id", "country", "sector", "alias_kind",
                "geonameid", "lat", "lon", "confidence"}
    assert mentions and all(required <= set(m) for m in mentions)
    assert any(m["kind"] == "actor" and m["country"] == "PRK" for m in mentions)
    dates = [json.loads(line) for line in run(["export", "dates"], db).output.splitlines()]
    assert all({"item_id", "field", "start", "end", "text", "value", "granularity"} <= set(d) for d in dates)
    assert any(d["text"] == "Wednesday" and d["value"] == "2024-10-09" for d in dates)
    actors = [json.loads(line) for line in run(["actors", "--json"], db).output.splitlines()]
    assert actors and all(a["names_by_source"] for a in actors)
    only_prk = [json.loads(line) for line in run(["actors", "--country", "PRK", "--json"], db).output.splitlines()]
    assert only_prk and {a["country"] for a in only_prk} == {"PRK"} and len(only_prk) < len(actors)


def test_analyze_extracts_events_and_exports_plover_and_acled(tmp_path: Path, corpus: Path) -> None:
    db = tmp_path / "c.db"
    result = run(["analyze", str(corpus), "--json"], db)
    assert json.loads(result.output)["stages"]["extract"]["extracted"] == 3
    records = [json.loads(line) for line in run(["export", "events", "--min-confidence", "0"], db).output.splitlines()]
    assert records
    required = {"id", "date", "actor", "recipient", "event", "mode", "context", "event_loc", "event_text", "text_info",
                "cite_info", "attribution", "aux_mode"}
    assert all(required <= set(r) for r in records)
    assert all({"item_id", "start", "end"} <= set(r["text_info"]) for r in records)
    assert all({"speaker_actor_id", "speaker_text", "cue", "quote", "stance"} <= set(r["attribution"])
               for r in records)
    strict = run(["export", "events", "--min-confidence", "1"], db).output.splitlines()
    assert len(strict) < len(records)
    rows = list(csv.DictReader(io.StringIO(run(["export", "events", "--format", "acled-csv"], db).output)))
    header = run(["export", "events", "--format", "acled-csv"], db).output.splitlines()[0].split(",")
    assert header == ["event_date", "event_type", "sub_event_type", "actor1", "actor2", "country", "admin1",
                      "location", "latitude", "longitude", "source", "notes", "fatalities"]
    assert all(r["event_type"] for r in rows)
