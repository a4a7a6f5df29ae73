"""The ECB+ story evaluation: scores on hand-computed cases, the corpus loader, skipping without data."""

from __future__ import annotations

from pathlib import Path

import pytest

from counterpoint.config import Settings
from counterpoint.evaluate.stories import (
    PRF,
    StoriesReport,
    _Topic,
    backgrounds,
    bcubed,
    cluster_topics,
    detokenise,
    evaluate_stories,
    format_report,
    load_ecbplus,
    pair_counts,
    pairwise,
    score_topics,
)

# gold: {a, b, c} and {d, e}; predicted: {a, b} and {c, d, e}
GOLD = {"a": "G1", "b": "G1", "c": "G1", "d": "G2", "e": "G2"}
PRED = {"a": "P1", "b": "P1", "c": "P2", "d": "P2", "e": "P2"}


def test_bcubed_by_hand() -> None:
    # precision per item: a 2/2, b 2/2, c 1/3, d 2/3, e 2/3 -> 11/15
    # recall per item:    a 2/3, b 2/3, c 1/3, d 2/2, e 2/2 -> 11/15
    s = bcubed(PRED, GOLD)
    assert s.precision == pytest.approx(11 / 15)
    assert s.recall == pytest.approx(11 / 15)
    assert s.f1 == pytest.approx(11 / 15)


def test_pairwise_by_hand() -> None:
    # predicted pairs: ab, cd, ce, de (4); gold pairs: ab, ac, bc, de (4); both: ab, de
    assert pair_counts(PRED, GOLD) == (4, 4, 2)
    s = pairwise(PRED, GOLD)
    assert (s.precision, s.recall) == (0.5, 0.5)


@pytest.mark.parametrize(("pred", "b3", "pw"), [
    ({"a": "x", "b": "x", "c": "x", "d": "y", "e": "y"}, (1.0, 1.0), (1.0, 1.0)),  # perfect
    ({k: "one" for k in GOLD}, (13 / 25, 1.0), (0.4, 1.0)),  # all in one: precision (3*3/5 + 2*2/5)/5
    ({k: k for k in GOLD}, (1.0, (3 * 1 / 3 + 2 * 1 / 2) / 5), (1.0, 0.0)),  # singletons
])
def test_baselines_by_hand(pred: dict[str, str], b3: tuple[float, float], pw: tuple[float, float]) -> None:
    b, p = bcubed(pred, GOLD), pairwise(pred, GOLD)
    assert (b.precision, b.recall) == pytest.approx(b3)
    assert (p.precision, p.recall) == pytest.approx(pw)


def test_missing_predictions_are_singletons_and_empty_gold_is_zero() -> None:
    assert bcubed({}, GOLD) == bcubed({k: k for k in GOLD}, GOLD)
    assert bcubed(PRED, {}) == PRF(0.0, 0.0)
    assert pairwise({}, {}) == PRF(1.0, 1.0)


def test_micro_and_macro_over_topics() -> None:
    gold = {"a": "1:x", "b": "1:x", "c": "2:x", "d": "2:y"}
    topic_of = {"a": 1, "b": 1, "c": 2, "d": 2}
    pred = {"a": "1:s", "b": "1:t", "c": "2:s", "d": "2:s"}
    s = score_topics(pred, gold, topic_of)
    # topic 1: P 1, R 1/2; topic 2: P 1/2, R 1
    assert s.bcubed_macro.precision == pytest.approx(0.75) and s.bcubed_macro.recall == pytest.approx(0.75)
    assert s.bcubed.precision == pytest.approx(0.75) and s.bcubed.recall == pytest.approx(0.75)
    # pairs: predicted cd (1), gold ab (1), none shared
    assert (s.pairwise.precision, s.pairwise.recall) == (0.0, 0.0)


def _token_xml(name: str, sentences: list[list[str]]) -> str:
    lines = [f'<Document doc_name="{name}" doc_id="DOC1">']
    t = 1
    for s, words in enumerate(sentences):
        for n, w in enumerate(words):
            w = w.replace("&", "&amp;").replace("<", "&lt;")
            lines.append(f'<token t_id="{t}" sentence="{s}" number="{n}">{w}</token>')
            t += 1
    lines += ["<Markables>", '<ACTION_OCCURRENCE m_id="1"  >', "</ACTION_OCCURRENCE>", "</Markables>",
              "<Relations>", "</Relations>", "</Document>"]
    return "\n".join(lines) + "\n"


def _write_corpus(root: Path) -> None:
    topic = root / "ECB+" / "7"
    topic.mkdir(parents=True)
    (topic / "7_1ecb.xml").write_text(_token_xml("7_1ecb.xml", [
        ["A", "ferry", "ran", "aground", "off", "the", "island", ",", "officials", "said", "."],
        ["``", "Nobody", "was", "hurt", ",", "''", "the", "U", ".", "S", ".", "coast", "guard", "said", "."],
    ]), "utf-8")
    (topic / "7_1ecbplus.xml").write_text(_token_xml("7_1ecbplus.xml", [
        ["http", ":", "/", "/", "news", ".", "example", ".", "org", "/", "ferry"],
        ["Second", "ferry", "grounding", "in", "a", "year", "(", "updated", "8", ":", "28", ")"],
        ["Crew", "&", "passengers", "did", "n't", "panic", "."],
    ]), "utf-8")
    (topic / "notes.txt").write_text("not a corpus file", "utf-8")
    (topic / "7_x.xml").write_text("<Document/>", "utf-8")


def test_load_ecbplus_rebuilds_text(tmp_path: Path) -> None:
    _write_corpus(tmp_path)
    docs = load_ecbplus(tmp_path)
    assert [(d.topic, d.subtopic, d.doc_id) for d in docs] == [(7, "ecb", "7_1ecb"), (7, "ecbplus", "7_1ecbplus")]
    assert docs[0].text == ('A ferry ran aground off the island, officials said.\n\n'
                            '"Nobody was hurt," the U.S. coast guard said.\n')
    assert docs[1].text.startswith("Second ferry grounding in a year (updated 8:28)\n\n")
    assert "http" not in docs[1].text and "Crew & passengers didn't panic." in docs[1].text
    assert docs[0].gold == "7:ecb" and docs[1].gold == "7:ecbplus"
    assert load_ecbplus(tmp_path / "ECB+") == docs


def test_detokenise() -> None:
    assert detokenise(["He", "said", ",", "``", "go", "!", "''", "(", "now", ")", "."]) == 'He said, "go!" (now).'
    assert detokenise(["Reid", "'s", "rep", "does", "n't", "say", "50", "%"]) == "Reid's rep doesn't say 50%"


def test_evaluation_skips_without_data(tmp_path: Path) -> None:
    report = evaluate_stories(tmp_path / "absent", Settings(), cache_dir=tmp_path / "cache")
    assert report.skipped is not None and "not found" in report.skipped
    assert format_report(report).startswith("skipped: ")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert evaluate_stories(empty, Settings(), cache_dir=tmp_path / "cache").skipped is not None
    assert StoriesReport(skipped="x").to_dict() == {"skipped": "x"}


def test_topics_are_clustered_apart_with_a_background() -> None:
    from counterpoint.link.stories import StoryFeatures, StoryParams

    def f(item_id: str, words: str, names: tuple[str, ...]) -> StoryFeatures:
        return StoryFeatures(item_id, None, "2024-01-01T00:00:00+00:00", words=tuple(words.split()),
                             names=frozenset(names))

    topics = [
        _Topic(1, (f("a1", "ferry aground island coast guard", ("ferry one",)),
                   f("a2", "ferry aground island passengers safe", ("ferry one",)),
                   f("a3", "volcano erupted ash flights cancelled", ("mount two",)))),
        _Topic(2, (f("b1", "election results counted turnout", ("party three",)),
                   f("b2", "election turnout record counted", ("party three",)))),
    ]
    background = backgrounds(topics)
    assert background[1]._n == 2 and background[2]._n == 3 and not background[1].story_ids()
    pred = cluster_topics(topics, StoryParams(), background=background)
    assert pred["a1"] == pred["a2"] != pred["a3"] and pred["b1"] == pred["b2"]
    assert pred["a1"].startswith("1:") and pred["b1"].startswith("2:")
    assert cluster_topics(topics, StoryParams(), seed=3).keys() == pred.keys()
