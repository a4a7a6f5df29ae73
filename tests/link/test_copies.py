"""The copy detector: exact, near, mirror and rewrite copies, earliest publisher, scale, hostile input."""

from __future__ import annotations

import time

import numpy as np
import numpy.typing as npt
import pytest

from counterpoint.link.copies import (
    CopyCandidate,
    CopyGroup,
    CopyIndex,
    evaluate_copies,
    find_copies,
    generate_copy_eval,
    normalise,
    syndication,
)

ARTICLE = (
    "Drones shot down over Kharkiv region\n\n"
    "Air defence units destroyed 47 drones over the Kharkiv region overnight, the Defence Ministry said on Tuesday. "
    "According to governor Oleh Synehubov, debris from a downed drone damaged 12 residential buildings in Chuhuiv. "
    "No casualties were reported, but 230 people were evacuated from nearby homes as a precaution. "
    "The attack began shortly after midnight and lasted approximately four hours. "
    "Emergency crews worked until the morning to put out a fire at a warehouse on the outskirts of Chuhuiv. "
    "Officials said the drones were launched from the direction of Belgorod. "
    "Residents reported hearing loud explosions and the sound of air defence fire."
)

# The same report, other facts: the kind of text that must not be linked.
DISTRACTOR = (
    "Drones shot down over Odesa region\n\n"
    "Air defence units destroyed 19 drones over the Odesa region overnight, the General Staff said on Friday. "
    "According to governor Oleh Kiper, debris from a downed drone damaged 3 residential buildings in Izmail. "
    "No casualties were reported, but 58 people were evacuated from nearby homes as a precaution. "
    "The attack began shortly after midnight and lasted approximately two hours. "
    "Emergency crews worked until the morning to put out a fire at a warehouse on the outskirts of Izmail. "
    "Officials said the drones were launched from the direction of Crimea. "
    "Residents reported hearing loud explosions and the sound of air defence fire."
)

# A machine rewrite of ARTICLE with words from the built-in synonym table, word order kept.
REWRITE = (
    "Drones shot down over Kharkiv province\n\n"
    "Air defence units neutralised 47 drones over the Kharkiv area during the night, the Defence Ministry stressed "
    "on Tuesday. According to governor Oleh Synehubov, debris from a downed drone struck 12 residential structures "
    "in Chuhuiv. No casualties were recorded, but 230 individuals were relocated from adjacent dwellings as a "
    "precaution. The raid commenced shortly after midnight and continued roughly four hours. Emergency teams "
    "worked until dawn to put out a blaze at a warehouse on the outskirts of Chuhuiv. Authorities noted the drones "
    "were fired from the direction of Belgorod. Inhabitants reported hearing powerful blasts and the sound of air "
    "defence fire."
)


def cand(item_id: str, text: str, *, source: str | None = None, published: str | None = "2024-06-19",
         first_seen: str = "2024-06-19T10:00:00+00:00",
         vector: npt.NDArray[np.float32] | None = None) -> CopyCandidate:
    return CopyCandidate(item_id, source or f"{item_id}.example", text, published, first_seen, vector)


def group_of(groups: list[CopyGroup], item_id: str) -> CopyGroup | None:
    return next((g for g in groups if item_id in g.item_ids), None)


def linked(groups: list[CopyGroup], a: str, b: str) -> bool:
    g = group_of(groups, a)
    return g is not None and b in g.item_ids


def test_exact_copy_despite_quotes_dashes_case_and_spacing() -> None:
    variant = ARTICLE.replace("'", "’").replace(". ", ".  ").upper() + "\u200b\n"
    assert normalise(variant) == normalise(ARTICLE)
    groups = find_copies([cand("a", ARTICLE), cand("b", variant)])
    assert len(groups) == 1
    g = groups[0]
    assert g.kind == "exact" and set(g.item_ids) == {"a", "b"}
    assert g.group_id.startswith("c_")
    assert g.pairs[0].kind == "exact" and g.pairs[0].jaccard == 1.0


def test_near_copy_with_small_edits() -> None:
    edited = (ARTICLE.replace("47 drones", "47 attack drones").replace("precaution", "precuation")
              .replace(" Residents reported hearing loud explosions and the sound of air defence fire.", "")
              + " (Reporting by Anna Melnyk; editing by Ivan Orlov)")
    groups = find_copies([cand("a", ARTICLE), cand("b", edited)])
    assert len(groups) == 1 and groups[0].kind == "near"
    assert 0.6 <= groups[0].pairs[0].jaccard < 1.0


def test_mirror_page_with_injected_lines() -> None:
    paragraphs = ARTICLE.split(". ")
    page = "\n".join([
        "Home | News | World | Politics | Economy | Sport | Video",
        ". ".join(paragraphs[:3]) + ".",
        "Advertisement",
        "Read more: Ceasefire talks to resume in Istanbul next week, officials say",
        ". ".join(paragraphs[3:]),
        "Share this article: Facebook Twitter Telegram WhatsApp",
        "Subscribe to our newsletter for the latest updates from the front",
        "Cookies help us deliver our services. By using our site you agree to our use of cookies.",
        "© 2024 Frontline Mirror. All rights reserved. Reproduction only with a link to the source.",
    ])
    groups = find_copies([cand("page", page), cand("a", ARTICLE)])
    assert len(groups) == 1 and groups[0].kind == "near"
    assert set(groups[0].item_ids) == {"a", "page"}


def test_synonym_rewrite_found_without_vectors() -> None:
    groups = find_copies([cand("a", ARTICLE), cand("r", REWRITE)])
    assert len(groups) == 1 and groups[0].kind == "rewrite"
    assert groups[0].pairs[0].cosine is None


def unit(v: npt.NDArray[np.float64]) -> npt.NDArray[np.float32]:
    return (v / np.linalg.norm(v)).astype(np.float32)


def test_rewrite_by_vectors_needs_the_same_facts() -> None:
    # A paraphrase outside the synonym table: only the vectors see it, and the facts must agree.
    paraphrase = (
        "Kharkiv region: 47 drones intercepted\n\n"
        "Anti-aircraft crews intercepted 47 drones above the Kharkiv region, the Defence Ministry reported Tuesday. "
        "Governor Oleh Synehubov told reporters falling wreckage hit 12 apartment blocks in Chuhuiv. "
        "Nobody was hurt, yet 230 people left their flats as a precaution. "
        "Crews battled a warehouse fire in Chuhuiv until sunrise. The drones came from the direction of Belgorod."
    )
    rng = np.random.default_rng(1)
    base = rng.normal(size=384)
    noise = rng.normal(size=384)
    close = unit(base + 0.25 * np.linalg.norm(base) / np.linalg.norm(noise) * noise)
    v_article = unit(base)
    assert float(np.dot(v_article, close)) > 0.95
    groups = find_copies([cand("a", ARTICLE, vector=v_article), cand("p", paraphrase, vector=close)])
    assert len(groups) == 1 and groups[0].kind == "rewrite"
    assert groups[0].pairs[0].cosine is not None and groups[0].pairs[0].cosine > 0.95
    # Same vectors, other figures and places: a different report, not a rewrite.
    other = (paraphrase.replace("47", "19").replace("Kharkiv", "Odesa").replace("Chuhuiv", "Izmail")
             .replace("12", "3").replace("230", "58").replace("Belgorod", "Crimea").replace("Synehubov", "Kiper"))
    assert find_copies([cand("a", ARTICLE, vector=v_article), cand("o", other, vector=close)]) == []


def test_same_topic_distractor_not_linked() -> None:
    groups = find_copies([cand("a", ARTICLE), cand("d", DISTRACTOR), cand("r", REWRITE)])
    assert not linked(groups, "a", "d")
    assert not linked(groups, "r", "d")
    assert linked(groups, "a", "r")


def test_earliest_publisher_rules() -> None:
    seen = "2024-06-20T08:00:00+00:00"
    # a partial date compares by its first day: 2024-06 (1 June) is before 2024-06-19
    groups = find_copies([
        cand("day", ARTICLE, published="2024-06-19", first_seen="2024-06-19T05:00:00+00:00"),
        cand("month", ARTICLE, published="2024-06", first_seen=seen),
        cand("unknown", ARTICLE, published=None, first_seen="2024-01-01T00:00:00+00:00"),
    ])
    assert groups[0].earliest_item_id == "month"
    assert groups[0].item_ids == ("month", "day", "unknown")  # an unknown date is last, however early seen
    # equal first days: first_seen decides; then the item id
    groups = find_copies([
        cand("late", ARTICLE, published="2024-06-01", first_seen="2024-06-01T12:00:00+00:00"),
        cand("early", ARTICLE, published="2024-06", first_seen="2024-06-01T09:00:00+02:00"),
    ])
    assert groups[0].earliest_item_id == "early"
    groups = find_copies([cand("y", ARTICLE, published=None), cand("x", ARTICLE, published=None)])
    assert groups[0].earliest_item_id == "x"
    # links point from the earlier to the later item
    pair = groups[0].pairs[0]
    assert (pair.a, pair.b) == ("x", "y")
    # an invalid date counts as unknown
    groups = find_copies([cand("bad", ARTICLE, published="2024-02-31"), cand("ok", ARTICLE, published="2025")])
    assert groups[0].earliest_item_id == "ok"


def test_identical_corpus_makes_one_group_without_quadratic_links() -> None:
    n = 2000
    started = time.perf_counter()
    groups = find_copies(cand(f"i{k:04d}", ARTICLE, first_seen=f"2024-06-19T10:{k % 60:02d}:00") for k in range(n))
    assert time.perf_counter() - started < 20
    assert len(groups) == 1
    assert len(groups[0].item_ids) == n and groups[0].kind == "exact"
    assert len(groups[0].pairs) <= n


def test_near_identical_cluster_stays_small() -> None:
    # 300 near copies (one word differs each): linked into one group with at most n links
    texts = [ARTICLE.replace("Belgorod.", f"Belgorod, report {k}.") for k in range(300)]
    groups = find_copies(cand(f"n{k:03d}", t) for k, t in enumerate(texts))
    assert len(groups) == 1 and len(groups[0].item_ids) == 300
    assert len(groups[0].pairs) < 300


def test_incremental_add_equals_batch() -> None:
    candidates, _ = generate_copy_eval(60, seed=3)
    batch = find_copies(candidates)
    index = CopyIndex()
    touched: set[str] = set()
    for start in range(0, len(candidates), 37):
        for g in index.add(candidates[start : start + 37]):
            touched.update(g.item_ids)
    assert index.groups() == batch
    assert touched == {i for g in batch for i in g.item_ids}
    # adding known items again changes nothing and touches nothing
    assert index.add(candidates[:10]) == []
    assert index.groups() == batch


def test_restore_then_add_equals_one_run() -> None:
    """A later run restores what an earlier run found, without comparing it again, and adds the rest."""
    candidates, _ = generate_copy_eval(60, seed=5)
    one_run = find_copies(candidates)
    first, rest = candidates[:150], candidates[150:]
    earlier = CopyIndex()
    earlier.add(first)
    stored_links = [p for g in earlier.groups() for p in g.pairs]
    later = CopyIndex()
    later.restore(first, stored_links)
    assert later.groups() == earlier.groups()  # restored as stored
    later.add(rest)
    assert [set(g.item_ids) for g in later.groups()] == [set(g.item_ids) for g in one_run]


def test_add_returns_the_groups_of_new_items() -> None:
    index = CopyIndex()
    assert index.add([cand("a", ARTICLE), cand("d", DISTRACTOR)]) == []
    touched = index.add([cand("b", ARTICLE)])
    assert len(touched) == 1 and set(touched[0].item_ids) == {"a", "b"}
    assert len(index) == 3


def test_empty_input() -> None:
    assert find_copies([]) == []
    assert CopyIndex().groups() == []
    assert syndication([], {}) == []
    assert find_copies([cand("e", ""), cand("f", "   \n\t "), cand("g", "")]) == []


def test_one_word_items() -> None:
    groups = find_copies([cand("w", "Explosions"), cand("a", ARTICLE), cand("x", "explosions")])
    assert len(groups) == 1 and set(groups[0].item_ids) == {"w", "x"}  # exact, and never fuzzy-linked
    assert find_copies([cand("w", "Explosions"), cand("a", ARTICLE)]) == []


def test_hostile_text() -> None:
    long_line = "x" * 10_000
    words_line = " ".join(f"w{k}" for k in range(2_000))  # a 10,000-char line of words
    controls = "".join(chr(c) for c in range(32)) + "\x7f\u202e\ufeff\udc80"
    items = [
        cand("long", long_line),
        cand("words", words_line),
        cand("words2", words_line + " tail"),
        cand("ctl", controls + ARTICLE + controls),
        cand("a", ARTICLE),
        cand("bytes", "\x00" * 500),
    ]
    groups = find_copies(items)
    assert linked(groups, "ctl", "a")
    assert linked(groups, "words", "words2")
    assert group_of(groups, "long") is None and group_of(groups, "bytes") is None


def test_syndication_edges_most_frequent_first() -> None:
    items = [
        cand("t1", ARTICLE, source="tass", published="2024-06-01"),
        cand("r1", ARTICLE, source="ria", published="2024-06-02"),
        cand("l1", ARTICLE, source="lenta", published="2024-06-03"),
        cand("t2", DISTRACTOR, source="tass", published="2024-06-04"),
        cand("r2", DISTRACTOR, source="ria", published="2024-06-05"),
        cand("r3", DISTRACTOR, source="ria", published="2024-06-06"),
    ]
    index = CopyIndex()
    index.add(items)
    assert index.sources() == {c.item_id: c.source for c in items}
    assert syndication(index.groups(), index.sources()) == [("tass", "ria", 2), ("tass", "lenta", 1)]
    assert syndication(index.groups(), {"t1": None, "r1": "ria", "t2": "tass", "r2": "ria"}) == [("tass", "ria", 1)]


def test_to_dict() -> None:
    group = find_copies([cand("a", ARTICLE), cand("b", ARTICLE)])[0]
    data = group.to_dict()
    assert data["item_ids"] == ["a", "b"] and data["kind"] == "exact" and data["earliest_item_id"] == "a"
    assert data["pairs"] == [{"a": "a", "b": "b", "kind": "exact", "jaccard": 1.0, "cosine": None}]


def test_evaluate_copies_counts_pairs() -> None:
    gold = [frozenset({"a", "b", "c"}), frozenset({"d", "e"})]
    scores = evaluate_copies([{"a", "b"}, {"c", "d", "e"}], gold)
    assert scores["true_pairs"] == 2 and scores["predicted_pairs"] == 4 and scores["gold_pairs"] == 4
    assert scores["f1"] == pytest.approx(0.5)
    assert evaluate_copies([], [])["f1"] == 1.0


def test_generated_set_has_every_case() -> None:
    candidates, gold = generate_copy_eval(40, seed=1)
    ids = {c.item_id for c in candidates}
    assert len(ids) == len(candidates)
    assert all(len(g) >= 2 and g <= ids for g in gold)
    assert all(c.vector is None for c in candidates)
    assert generate_copy_eval(40, seed=1) == (candidates, gold)


def test_generated_set_pairwise_f1() -> None:
    candidates, gold = generate_copy_eval(200, seed=0)
    started = time.perf_counter()
    groups = find_copies(candidates)
    elapsed = time.perf_counter() - started
    scores = evaluate_copies(groups, gold)
    assert scores["f1"] >= 0.95, scores
    assert {g.kind for g in groups} == {"exact", "near", "rewrite"}
    assert elapsed < 20


def test_minhash_and_lsh_shape_are_datasketch_s() -> None:
    """The signatures and banding are the ones datasketch computes (its MinHash, its MinHashLSH)."""
    from datasketch import MinHash, MinHashLSH

    from counterpoint.link import copies

    rng = np.random.default_rng(11)
    for n in (0, 1, 7, 400):
        hashes = rng.integers(0, 2**63, size=n, dtype=np.uint64)
        reference = MinHash(num_perm=copies.NUM_PERM, seed=copies.MINHASH_SEED, hashfunc=lambda v: v,
                            scheme="affine32")
        reference.update_batch((((hashes >> np.uint64(32)) ^ hashes) & np.uint64(0xFFFFFFFF)).tolist())
        assert np.array_equal(copies._minhash(hashes), reference.hashvalues)
    near = MinHashLSH(threshold=copies.NEAR_LSH_THRESHOLD, num_perm=copies.NUM_PERM)
    word = MinHashLSH(threshold=copies.WORD_LSH_THRESHOLD, num_perm=copies.NUM_PERM, weights=copies.WORD_LSH_WEIGHTS)
    assert copies.NEAR_LSH_SHAPE == (near.b, near.r) == (25, 5)
    assert copies.WORD_LSH_SHAPE == (word.b, word.r) == (32, 4)


def test_lsh_bucket_keeps_the_items_filed_last() -> None:
    """A band shared by many items keeps the last ``LSH_BUCKET_CAP``; a signature sharing any
    band with an item finds it (once a band), one sharing none does not."""
    from array import array

    from counterpoint.link import copies

    def query(signature: npt.NDArray[np.uint32]) -> list[int]:
        found = array("q")
        lsh.query(lsh.keys(signature), found)
        return sorted(found)

    lsh = copies._LSH(copies.WORD_LSH_SHAPE)
    bands = copies.WORD_LSH_SHAPE[0]
    shared = np.arange(copies.NUM_PERM, dtype=np.uint32)
    for item in range(3 * copies.LSH_BUCKET_CAP):
        lsh.insert(lsh.keys(shared), item)
    last = list(range(2 * copies.LSH_BUCKET_CAP, 3 * copies.LSH_BUCKET_CAP))
    assert query(shared) == sorted(last * bands)
    one_band = shared + np.uint32(1000)
    one_band[4:8] = shared[4:8]  # band 1 only
    lsh.insert(lsh.keys(one_band + np.uint32(1)), 999)  # shares no band with anything
    assert query(one_band) == last
    assert query(np.full(copies.NUM_PERM, 7, dtype=np.uint32)) == []


def test_a_copy_is_found_behind_crowded_buckets() -> None:
    """Items with the article's words in other orders fill every content-word bucket it is in
    (and push it out of them); its copy, added after them, still meets it through the shingles."""
    import random

    from counterpoint.link import copies

    rng = random.Random(5)
    first, *words = "".join(c for c in ARTICLE if c.isalnum() or c == " ").split()  # one sentence: same facts
    article = " ".join([first, *words])
    crowd = []
    for k in range(3 * copies.LSH_BUCKET_CAP):
        rng.shuffle(words)
        crowd.append(cand(f"c{k:03d}", " ".join([first, *words])))
    index = CopyIndex()
    index.add([cand("original", article)])
    index.add(crowd)
    assert index.groups() == []  # same words, other texts
    word_keys = index._word_lsh.keys(copies._minhash(copies._word_set(copies._analyse(article))))
    held = [index._word_lsh._table[k] for k in word_keys]
    assert all(not isinstance(h, int) and len(h) == copies.LSH_BUCKET_CAP and 0 not in h for h in held)
    touched = index.add([cand("copy", article.replace("Tuesday", "Tuesday morning"))])
    assert [set(g.item_ids) for g in touched] == [{"original", "copy"}]
