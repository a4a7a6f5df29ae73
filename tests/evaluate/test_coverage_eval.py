"""`eval coverage`: the scorer on hand-computed cases, the gold reader, and one run through the CLI
on a small coverage-style folder written here (three stories, one copy pair, one German page)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from counterpoint.cli import cli
from counterpoint.errors import UsageError
from counterpoint.evaluate.coverage import (
    NO_STORY,
    CoverageGold,
    StoredDoc,
    StoredView,
    document_groups,
    format_report,
    load_gold,
    score_coverage,
)

# gold: A = {a1, a2, a3, a4}, B = {b1, b2}, other:c = {c1}; a1 ~ a2 are copies
GOLD = CoverageGold(
    story_of={"a1.txt": "A", "a2.txt": "A", "a3.txt": "A", "a4.txt": "A", "b1.txt": "B", "b2.txt": "B",
              "c1.txt": "other:c"},
    titles={"A": "Flood", "B": "Resignation"},
    copy_groups=(frozenset({"a1.txt", "a2.txt"}),),
)


def _doc(name: str, *items: tuple[str, str | None], analysed: bool = True) -> StoredDoc:
    return StoredDoc(name, "en" if analysed else "de", analysed, tuple(items))


# system: s1 = {a1, a2}, s2 = {a3 (its lead item), b1, b2}; a3's second item is in s1; a4 (German, not
# analysed) is in no story; c1 was not given to the product; x.txt has no gold
VIEW = StoredView(
    docs={
        "a1.txt": _doc("a1.txt", ("i1", "s1")),
        "a2.txt": _doc("a2.txt", ("i2", "s1")),
        "a3.txt": _doc("a3.txt", ("i3", "s2"), ("i3b", "s1")),
        "a4.txt": _doc("a4.txt", ("i4", None), analysed=False),
        "b1.txt": _doc("b1.txt", ("i5", "s2")),
        "b2.txt": _doc("b2.txt", ("i6", "s2")),
        "x.txt": _doc("x.txt", ("i7", "s2")),
    },
    story_titles={"s1": "Flood hits town", "s2": "Mayor quits"},
    copy_groups=(("near", frozenset({"a1.txt", "a2.txt"})), ("rewrite", frozenset({"a3.txt", "b1.txt"})),
                 ("exact", frozenset({"b2.txt"})), ("near", frozenset({"x.txt", "b2.txt"}))),
)
PRESENT = [f for f in GOLD.story_of if f != "c1.txt"] + ["x.txt"]


def test_story_scores_by_hand() -> None:
    r = score_coverage(GOLD, VIEW, present=PRESENT)
    # documents by their lead item: s1 = {a1, a2}, s2 = {a3, b1, b2}, {a4}, {c1}
    # B-cubed precision: a1 1, a2 1, a3 1/3, b1 2/3, b2 2/3, a4 1, c1 1 -> 17/3 over 7
    # B-cubed recall:    a1 2/4, a2 2/4, a3 1/4, a4 1/4, b1 1, b2 1, c1 1 -> 9/2 over 7
    assert r.stories_bcubed.precision == pytest.approx(17 / 21)
    assert r.stories_bcubed.recall == pytest.approx(9 / 14)
    # pairs: predicted a1a2 + 3 in s2 = 4; gold 6 in A + 1 in B = 7; correct a1a2, b1b2
    assert r.story_pairs == (4, 7, 2)
    assert (r.stories_pairwise.precision, r.stories_pairwise.recall) == pytest.approx((0.5, 2 / 7))
    assert r.documents == 7 and r.gold_stories == 3 and r.system_stories == 4


def test_items_are_scored_against_their_documents_story() -> None:
    r = score_coverage(GOLD, VIEW, present=PRESENT)
    # items: s1 = {i1, i2, i3b} (all A: 3 pairs), s2 = {i3, i5, i6} (i5 i6 right: 1 of 3 pairs); gold pairs:
    # A has 5 items (i1 i2 i3 i3b i4) -> 10, B -> 1
    assert (r.items_pairwise.precision, r.items_pairwise.recall) == pytest.approx((4 / 6, 4 / 11))
    assert r.items == 7 and r.split_documents == 1


def test_nothing_is_dropped() -> None:
    r = score_coverage(GOLD, VIEW, present=PRESENT)
    assert r.missing_files == ("c1.txt",) and r.not_stored == () and r.not_in_gold == ("x.txt",)
    assert (r.not_analysed, r.not_analysed_linked) == (1, 0)
    # given to the product but not stored: listed apart, and scored the same (a story of its own)
    r2 = score_coverage(GOLD, VIEW)
    assert r2.missing_files == () and r2.not_stored == ("c1.txt",)
    assert r2.stories_bcubed == r.stories_bcubed


def test_copy_scores_by_hand() -> None:
    r = score_coverage(GOLD, VIEW, present=PRESENT)
    # predicted document pairs: a1a2 (right), a3b1 (wrong); a group inside one document and pairs with a
    # file without gold do not count
    assert r.copy_pairs == (2, 1, 1)
    assert (r.copies.precision, r.copies.recall) == (0.5, 1.0)
    assert r.missed_copies == ()
    assert r.false_copies == ({"files": ["a3.txt", "b1.txt"], "gold_stories": ["A", "B"], "kind": "rewrite"},)


def test_copy_groups_sharing_a_document_are_joined() -> None:
    assert document_groups([{"a", "b"}, {"b", "c"}, {"d"}, {"e", "f"}]) == [frozenset("abc"), frozenset("ef")]
    view = StoredView(VIEW.docs, VIEW.story_titles, (("near", frozenset({"a1.txt", "a3.txt"})),
                                                     ("near", frozenset({"a3.txt", "a2.txt"}))))
    r = score_coverage(GOLD, view)
    # one group {a1, a2, a3}: 3 pairs, a1a2 right; a1a2 was never stored as a pair, so its kind is "joined"
    assert r.copy_pairs == (3, 1, 1)
    assert r.missed_copies == ()
    assert {p["files"][1]: p["kind"] for p in r.false_copies} == {"a3.txt": "near"}


def test_per_story_table_and_worst_errors() -> None:
    r = score_coverage(GOLD, VIEW, present=PRESENT)
    rows = {row.story: row for row in r.per_story}
    assert [row.story for row in r.per_story] == ["A", "B", "other:c"]
    a, b = rows["A"], rows["B"]
    assert (a.docs, a.spread, a.largest, a.purity, a.title) == (4, 3, 0.5, 1.0, "Flood")
    assert (b.docs, b.spread, b.largest) == (2, 1, 1.0) and b.purity == pytest.approx(2 / 3)
    assert (rows["other:c"].spread, rows["other:c"].purity) == (1, 1.0)
    (merge,) = r.merges
    assert merge["system_story"] == "s2" and merge["wrong_pairs"] == 2
    assert merge["gold"] == {"B": ["b1.txt", "b2.txt"], "A": ["a3.txt"]}
    (split,) = r.splits
    assert split["gold_story"] == "A" and split["missed_pairs"] == 5
    assert [(p["system_story"], p["files"]) for p in split["parts"]] == [
        ("s1", ["a1.txt", "a2.txt"]), ("s2", ["a3.txt"]), (NO_STORY, ["a4.txt"])]
    text = format_report(r)
    assert "stories  B-cubed   P 0.810 R 0.643" in text and "copies   pairwise  P 0.500 R 1.000" in text
    assert "c1.txt" in text and "a3.txt ~ b1.txt" in text
    assert score_coverage(GOLD, VIEW, top=0).merges == ()


def test_perfect_system_scores_one() -> None:
    docs = {f: _doc(f, (f"i-{f}", f"s-{story}" if not story.startswith("other:") else None))
            for f, story in GOLD.story_of.items()}
    r = score_coverage(GOLD, StoredView(docs, {}, (("exact", frozenset({"a1.txt", "a2.txt"})),)))
    assert r.stories_bcubed.f1 == 1.0 and r.stories_pairwise.f1 == 1.0 and r.copies.f1 == 1.0
    assert r.merges == () and r.splits == () and r.false_copies == ()


@pytest.mark.parametrize(("content", "needle"), [
    ("{not json", "cannot be read as JSON"),
    ('{"stories": {}}', 'no "docs"'),
    ('{"docs": {"a.txt": {"url": "x"}}}', "has no story"),
    ('{"docs": {"a.txt": {"story": "A"}}, "copy_groups": [["a.txt", "z.txt"]]}', "'z.txt'"),
    ('{"docs": {"a.txt": {"story": "A"}, "b.txt": {"story": "A"}, "c.txt": {"story": "A"}},'
     ' "copy_groups": [["a.txt", "b.txt"], ["b.txt", "c.txt"]]}', "must not overlap"),
])
def test_bad_gold_says_what_is_wrong(tmp_path: Path, content: str, needle: str) -> None:
    path = tmp_path / "gold.json"
    path.write_text(content, "utf-8")
    with pytest.raises(UsageError, match="not a coverage gold file") as caught:
        load_gold(path)
    assert needle in caught.value.message


# --- a small coverage folder, written for this test ------------------------------------------------

_WIRE = """Floodwaters swept through the river town of Eastbrook on Tuesday after three days of rain,
forcing about 2,000 residents from their homes, the regional emergency service said.

The Nessa river rose 4.2 metres above its normal level overnight and broke through a levee near the
old mill, officials said. Two people were reported missing and rescue boats were searching the
flooded streets on the east bank.

"We have never seen the water this high," deputy mayor Clara Voss told reporters at the town hall.
Schools and the main bridge were closed and the army sent 300 soldiers to help with sandbags.
"""

DOCS = {
    "wire-example-org-eastbrook-flood.txt":
        " date 2031-04-08\nRiver bursts levee in Eastbrook, 2,000 evacuated\n\n" + _WIRE,
    "mirror-example-net-eastbrook-flood.txt":
        "Home | News | Sport | Weather\n\nRiver bursts levee in Eastbrook, 2,000 evacuated\n\n" + _WIRE
        + "\nRead more: Ten tips for a greener garden\nSubscribe to our newsletter\n",
    "daily-example-com-eastbrook-rescue.txt":
        " date 2031-04-08\nRescuers search for two missing in Eastbrook flood\n\n"
        "Rescue teams in boats searched flooded streets of Eastbrook on Tuesday for two people missing since"
        " the Nessa river broke through a levee near the old mill. About 2,000 people left their homes.\n\n"
        "Deputy mayor Clara Voss said the water was the highest she had seen. Soldiers filled sandbags on the"
        " east bank while schools stayed closed.\n",
    "zeitung-example-de-hochwasser-eastbrook.txt":
        "Hochwasser in Eastbrook: 2000 Menschen verlassen ihre Häuser\n\n"
        "Nach drei Tagen Regen ist der Fluss Nessa in der Stadt Eastbrook über die Ufer getreten. Der Deich"
        " beim alten Mühlengebäude brach in der Nacht, teilte der Rettungsdienst mit. Zwei Menschen werden"
        " vermisst, Soldaten helfen mit Sandsäcken. Die Schulen und die Hauptbrücke sind geschlossen.\n",
    "wire-example-org-westhaven-mayor-resigns.txt":
        " date 2031-05-20\nWesthaven mayor Tom Berrick resigns over budget row\n\n"
        "The mayor of Westhaven, Tom Berrick, resigned on Monday after the city council rejected his budget"
        " for the third time, the council said in a statement.\n\n"
        "Berrick, who led the port city for six years, said he could no longer work with a council that"
        " \"blocks every plan for the harbour\". His deputy Ana Lind will lead the city until an election in"
        " September.\n",
    "coast-example-com-berrick-quits.txt":
        "Berrick quits as Westhaven mayor after council vote\n\n"
        "Westhaven's mayor Tom Berrick stepped down on Monday, a day after councillors voted down his harbour"
        " budget again. Deputy mayor Ana Lind takes over until the September election, the council said.\n",
    "events-example-org-harbour-festival.txt":
        " date 2031-07-02\nHarbour festival draws record crowds to Westhaven\n\n"
        "More than 40,000 visitors came to the Westhaven harbour festival at the weekend, organisers said, with"
        " tall ships, a fish market and fireworks over the old quay on Saturday night.\n",
}

GOLD_JSON = {
    "docs": {
        "wire-example-org-eastbrook-flood.txt": {"story": "F1"},
        "mirror-example-net-eastbrook-flood.txt": {"story": "F1"},
        "daily-example-com-eastbrook-rescue.txt": {"story": "F1"},
        "zeitung-example-de-hochwasser-eastbrook.txt": {"story": "F1"},
        "wire-example-org-westhaven-mayor-resigns.txt": {"story": "M1"},
        "coast-example-com-berrick-quits.txt": {"story": "M1"},
        "events-example-org-harbour-festival.txt": {"story": "other:harbour-festival"},
    },
    "stories": {"F1": {"title": "Eastbrook flood", "date": "2031-04-08", "lookalike_of": None},
                "M1": {"title": "Westhaven mayor resigns", "date": "2031-05-19", "lookalike_of": None}},
    "copy_groups": [["wire-example-org-eastbrook-flood.txt", "mirror-example-net-eastbrook-flood.txt"]],
}


def _folder(root: Path) -> Path:
    (root / "docs").mkdir(parents=True)
    for name, text in DOCS.items():
        (root / "docs" / name).write_text(text, "utf-8")
    (root / "gold.json").write_text(json.dumps(GOLD_JSON), "utf-8")
    return root


def _eval(tmp_path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "unused.db"), "-q", "eval", "coverage", *args])
    return result.exit_code, result.output


def test_cli_skips_without_data_and_refuses_bad_gold(tmp_path: Path) -> None:
    code, out = _eval(tmp_path, "--data", str(tmp_path / "absent"))
    assert code == 0 and out.startswith("skipped: data folder") and "not found" in out
    code, out = _eval(tmp_path, "--data", str(tmp_path / "absent"), "--json")
    assert json.loads(out)["skipped"].startswith("data folder")
    (tmp_path / "half" / "docs").mkdir(parents=True)
    code, out = _eval(tmp_path, "--data", str(tmp_path / "half"))
    assert code == 0 and "skipped: gold file" in out
    (tmp_path / "half" / "gold.json").write_text("[]", "utf-8")
    code, out = _eval(tmp_path, "--data", str(tmp_path / "half"))
    assert code == 2 and "not a coverage gold file" in out


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_cli_end_to_end(tmp_path: Path) -> None:
    data = _folder(tmp_path / "coverage")
    code, out = _eval(tmp_path, "--data", str(data), "--json")
    assert code == 0, out
    report = json.loads(out)
    assert report["documents"] == 7 and report["gold_stories"] == 3 and not report["cached"]
    assert report["missing_files"] == [] and report["not_stored"] == [] and report["not_in_gold"] == []
    assert report["not_analysed"] == 1  # the German page: stored, not analysed, still scored
    assert report["copies"]["pairs"]["gold"] == 1 and report["copies"]["pairs"]["correct"] == 1
    stories = report["stories"]
    assert stories["pairs"]["gold"] == 6 + 1
    for key in ("precision", "recall", "f1"):
        assert 0.0 <= stories["bcubed"][key] <= 1.0
    assert stories["bcubed"]["precision"] >= stories["baselines"]["one_story"]["bcubed"]["precision"]
    assert [row["story"] for row in report["per_story"]] == ["F1", "M1", "other:harbour-festival"]
    assert sum(row["docs"] for row in report["per_story"]) == 7
    # a second run reads the cached store
    code, text = _eval(tmp_path, "--data", str(data))
    assert code == 0 and "(cached" in text and "stories  B-cubed" in text and "copies   pairwise" in text


def test_old_analysed_stores_are_pruned(tmp_path: Path) -> None:
    import os

    from counterpoint.evaluate.stories import _prune_stores

    for n in range(4):
        for suffix in ("", "-wal"):
            path = tmp_path / f"coverage-{n}.sqlite{suffix}"
            path.write_bytes(b"")
            os.utime(path, (1000 + n, 1000 + n))
    (tmp_path / "coverage-9.partial.sqlite").write_bytes(b"")  # a run still writing it
    (tmp_path / "ecbplus-0.sqlite").write_bytes(b"")
    _prune_stores(tmp_path, "coverage", keep=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "coverage-2.sqlite", "coverage-2.sqlite-wal", "coverage-3.sqlite", "coverage-3.sqlite-wal",
        "coverage-9.partial.sqlite", "ecbplus-0.sqlite"]


def test_missed_copy_pairs_show_each_group_first() -> None:
    gold = CoverageGold(GOLD.story_of, GOLD.titles,
                        (frozenset({"a1.txt", "a2.txt", "a3.txt"}), frozenset({"b1.txt", "b2.txt"})))
    r = score_coverage(gold, StoredView(VIEW.docs, {}, ()), top=3)
    assert r.copy_pairs == (0, 4, 0) and (r.copies.precision, r.copies.recall) == (1.0, 0.0)
    assert [p["files"] for p in r.missed_copies] == [["a1.txt", "a2.txt"], ["b1.txt", "b2.txt"],
                                                    ["a1.txt", "a3.txt"]]
    assert "kind" not in r.missed_copies[0]


def test_store_key_follows_the_analysing_code_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import counterpoint
    from counterpoint.evaluate.stories import _package_hash

    for rel in ("__init__.py", "read/text.py", "web/app.py", "evaluate/coverage.py", "data/list.csv"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("v1", "utf-8")
    monkeypatch.setattr(counterpoint, "__file__", str(tmp_path / "__init__.py"))
    first = _package_hash()
    (tmp_path / "web" / "app.py").write_text("v2", "utf-8")
    (tmp_path / "evaluate" / "coverage.py").write_text("v2", "utf-8")
    assert _package_hash() == first
    (tmp_path / "data" / "list.csv").write_text("v2", "utf-8")
    second = _package_hash()
    assert second != first
    (tmp_path / "read" / "text.py").write_text("v2", "utf-8")
    assert _package_hash() != second
