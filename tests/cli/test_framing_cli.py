"""`counterpoint framing` and `counterpoint export framing` over a hand-built store."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import click.testing
from click.testing import CliRunner

from counterpoint.cli import cli
from counterpoint.model import FramingSpan, Item, Naming, Sentence
from counterpoint.store.sqlite import SQLiteStore
from tests.conftest import make_document, make_item

HEADLINE = "Kiev regime shells Donetsk"
BODY = 'The so-called "referendum" was allegedly a sham, said the Kiev regime.'
HOSTILE = "Evil \x1b[31mred\x1b[0m \u202eregime\u202c \x07"


def run(args: list[str], db: Path) -> click.testing.Result:
    return CliRunner().invoke(cli, ["--db", str(db), "-q", *args], catch_exceptions=False)


def _add(store: SQLiteStore, text: str, *, locator: str, source: str | None) -> Item:
    doc = make_document(text, locator=locator, source=source)
    item = make_item(doc, 0, len(text), headline_end=text.index("\n"))
    store.add_document(doc, [item], store.begin_run("test", []))
    store.save_annotations(item.id, status="done", annotator="test",
                           sentences=[Sentence(item.id, "body", 0, 0, len(item.body))])
    return item


def _span(item: Item, text: str, label: str, kind: str = "technique", confidence: float = 0.9) -> FramingSpan:
    start = item.body.index(text)
    return FramingSpan(item.id, "body", start, start + len(text), text, label, kind, confidence,  # type: ignore[arg-type]
                       "lexicon", 0, "cue")


def _naming(item: Item, text: str, actor_id: str, tone: str) -> Naming:
    start = item.body.index(text)
    return Naming(item.id, "body", start, start + len(text), text, actor_id, tone, ())  # type: ignore[arg-type]


def _framed_db(tmp_path: Path) -> Path:
    db = tmp_path / "f.db"
    store = SQLiteStore.open(db)
    a = _add(store, HEADLINE + "\n" + BODY, locator="a.txt", source="a.example")
    b = _add(store, "Quiet\nA calm report on rice prices.", locator="b.txt", source="b.example")
    store.save_framing(a.id, [_span(a, "sham", "Loaded_Language"), _span(a, "so-called", "Doubt", confidence=0.3),
                              _span(a, '"referendum"', "Scare_Quotes", "scare_quote"),
                              _span(a, "allegedly", "Hedge", "hedge")],
                       [_naming(a, "Kiev regime", "ukr-government", "pejorative")],
                       status="done", framer="test", words=2000)
    store.save_framing(b.id, [], [], status="done", framer="test", words=7)
    store.close()
    return db


def test_profile_per_source(tmp_path: Path) -> None:
    out = run(["framing"], _framed_db(tmp_path))
    assert out.exit_code == 0
    text = out.output
    assert "a.example: 1 items, 2,000 words, 2 technique spans" in text
    assert "Loaded_Language" in text and "0.50" in text and "Doubt" in text
    assert text.index("a.example") < text.index("b.example")
    assert "Kiev regime (pejorative) x1" in text and "ukr-government" in text
    assert 'scare quotes: "referendum" x1' in text and "hedges: allegedly x1" in text
    assert "b.example: 1 items, 7 words, 0 technique spans" in text and "no persuasion techniques found" in text
    only = run(["framing", "--source", "b.example"], tmp_path / "f.db").output
    assert "b.example" in only and "a.example" not in only


def test_profile_json(tmp_path: Path) -> None:
    out = run(["framing", "--json"], _framed_db(tmp_path))
    records = [json.loads(line) for line in out.output.splitlines()]
    assert [r["source"] for r in records] == ["a.example", "b.example"]
    a = records[0]
    assert a["items"] == 1 and a["words"] == 2000
    assert a["techniques"] == {"Loaded_Language": 1, "Doubt": 1}
    assert a["per_1000_words"] == {"Loaded_Language": 0.5, "Doubt": 0.5}
    assert a["names"] == {"ukr-government": [{"text": "Kiev regime", "tone": "pejorative", "count": 1}]}
    assert a["scare_quotes"] == [{"text": '"referendum"', "count": 1}] and a["hedges"][0]["text"] == "allegedly"


def test_empty_store_says_how_to_fix_it(tmp_path: Path) -> None:
    db = tmp_path / "e.db"
    store = SQLiteStore.open(db)
    _add(store, HEADLINE + "\n" + BODY, locator="a.txt", source="a.example")
    store.close()
    out = run(["framing"], db)
    assert out.exit_code == 0 and "nothing framed yet" in out.output and "counterpoint analyze" in out.output
    framed = _framed_db(tmp_path)
    missing = run(["framing", "--source", "nobody.example"], framed)
    assert missing.exit_code == 0 and "no framed items of source nobody.example" in missing.output


def test_export_jsonl_and_csv(tmp_path: Path) -> None:
    db = _framed_db(tmp_path)
    records = [json.loads(line) for line in run(["export", "framing"], db).output.splitlines()]
    assert len(records) == 4
    required = {"item_id", "field", "start", "end", "text", "label", "confidence", "kind", "method", "sentence",
                "evidence", "source", "url", "published", "document_id"}
    assert all(required <= set(r) for r in records)
    assert all(BODY[r["start"]:r["end"]] == r["text"] for r in records)
    assert {r["label"] for r in records} == {"Loaded_Language", "Doubt", "Scare_Quotes", "Hedge"}
    strict = [json.loads(line)
              for line in run(["export", "framing", "--min-confidence", "0.5"], db).output.splitlines()]
    assert len(strict) == 3 and all(r["confidence"] >= 0.5 for r in strict)
    hedges = run(["export", "framing", "--label", "hedge"], db).output.splitlines()
    assert [json.loads(line)["text"] for line in hedges] == ["allegedly"]
    assert run(["export", "framing", "--source", "b.example"], db).output == ""
    bad = CliRunner().invoke(cli, ["--db", str(db), "export", "framing", "--label", "Nonsense"])
    assert bad.exit_code == 2 and "Loaded_Language" in bad.output
    out_file = tmp_path / "spans.csv"
    result = run(["export", "framing", "--format", "csv", "-o", str(out_file), "--label", "Loaded_Language"], db)
    assert "1 framing spans written" in result.output
    rows = list(csv.DictReader(io.StringIO(out_file.read_text(encoding="utf-8"))))
    assert len(rows) == 1 and required <= set(rows[0])
    assert rows[0]["text"] == "sham" and rows[0]["source"] == "a.example" and rows[0]["kind"] == "technique"


def test_hostile_text_is_neutralised_in_the_terminal(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    store = SQLiteStore.open(db)
    text = "Headline\nThey call it " + HOSTILE + " and more."
    item = _add(store, text, locator="h.txt", source="evil\x1b[2J.example\u202e")
    store.save_framing(item.id, [_span(item, HOSTILE, "Loaded_Language"),
                                 _span(item, HOSTILE, "Scare_Quotes", "scare_quote"),
                                 _span(item, HOSTILE, "Hedge", "hedge")],
                       [_naming(item, HOSTILE, "evil\x1b]0;title\x07actor", "pejorative")],
                       status="done", framer="test", words=9)
    store.close()
    shown = run(["framing"], db).output
    assert "red" in shown and "regime" in shown and "evil" in shown
    for bad in ("\x1b", "\u202e", "\u202c", "\x07"):
        assert bad not in shown


def test_csv_cells_that_would_run_as_formulas_are_made_inert() -> None:
    from counterpoint.cli.export import csv_cell

    assert csv_cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_cell("-12") == "-12" and csv_cell(-12) == -12
    assert csv_cell("plain text") == "plain text"
