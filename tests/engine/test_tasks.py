"""Tasks, the in-order bounded submission and the replay of a task's store writes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from counterpoint.engine.base import in_order, lost
from counterpoint.engine.tasks import StoreWrite, Task, TaskResult, cut_tasks, finish_counts, merge_counts
from counterpoint.model import Failure
from counterpoint.pipeline import RunSummary, replay
from counterpoint.read import RawInput
from counterpoint.store.sqlite import SQLiteStore
from tests.conftest import make_document, make_item


def raw(name: str, size: int = 10) -> RawInput:
    return RawInput(locator=name, data=b"x" * size)


def test_tasks_are_cut_by_count_and_bytes_and_failures_pass_at_once() -> None:
    failure = Failure("bad.bin", "input", "binary", "binary file", "give text")
    stream = [raw("a"), raw("b"), failure, raw("c"), raw("big", 500), raw("d"), raw("e")]
    out = list(cut_tasks(stream, max_inputs=2, max_bytes=100))
    kinds = [o.locators if isinstance(o, Task) else o.locator for o in out]
    assert kinds == ["bad.bin", ["a", "b"], ["c"], ["big"], ["d", "e"]]
    assert [o.index for o in out if isinstance(o, Task)] == [0, 1, 2, 3]
    # the same inputs always give the same tasks
    assert list(cut_tasks(stream, max_inputs=2, max_bytes=100)) == out


def test_counts_add_up_and_rates_are_recomputed_over_the_run() -> None:
    run: dict[str, dict[str, int]] = {}
    merge_counts(run, {"framing": {"sentences": 100, "sentences_per_s": 50, "spans": 3},
                       "extract": {"classifier": 1, "sentences": 10, "sentences_per_s": 10}})
    merge_counts(run, {"framing": {"sentences": 100, "sentences_per_s": 200, "spans": 4},
                       "extract": {"classifier": 1, "sentences": 0, "sentences_per_s": 0}})
    finish_counts(run)
    assert run["framing"]["spans"] == 7
    assert run["framing"]["sentences_per_s"] == 80  # 200 sentences in 2.0 + 0.5 s
    assert run["extract"]["classifier"] == 1  # a flag, not a count


def test_in_order_yields_in_task_order_with_a_bounded_window() -> None:
    tasks = [Task(i, (raw(f"t{i}"),)) for i in range(7)]
    in_flight: list[int] = []
    peak = 0

    def submit(task: Task) -> int:
        nonlocal peak
        in_flight.append(task.index)
        peak = max(peak, len(in_flight))
        return task.index

    def wait(index: int) -> TaskResult:
        in_flight.remove(index)
        if index == 3:
            raise RuntimeError("worker gone")
        return TaskResult(index)

    def retry(task: Task, exc: BaseException) -> TaskResult:
        return lost(task, exc)

    results = list(in_order(iter(tasks), submit, wait, retry, window=3))
    assert [r.index for r in results] == list(range(7))
    assert peak == 3
    failed = results[3].writes[0]
    assert failed.method == "add_failure" and failed.args[0].stage == "engine"
    assert "worker gone" in failed.args[0].reason and failed.args[0].locator == "t3"


@pytest.fixture
def target(tmp_path: Path) -> Iterator[SQLiteStore]:
    s = SQLiteStore.open(tmp_path / "t.db")
    yield s
    s.close()


def test_replay_writes_new_documents_and_skips_the_analysis_of_stored_ones(target: SQLiteStore) -> None:
    doc = make_document("Troops crossed the border near Kursk on Tuesday.", locator="a.txt")
    item = make_item(doc, 0, len(doc.text))
    writes = [
        StoreWrite("add_document", (doc, (item,))),
        StoreWrite("add_failure", (Failure("a.txt", "segment", "segment-bug", "boom", "report"),)),
        StoreWrite("save_annotations", (item.id,), {"status": "done", "annotator": "annotate.v1"}),
    ]
    run = target.begin_run("analyze", [])
    summary = RunSummary(run_id=run)
    seen: list[str] = []

    def record(failure: Failure) -> None:
        target.add_failure(failure, run)
        seen.append(failure.code)

    replay(TaskResult(0, writes), target, summary, record)
    assert (summary.documents, summary.new_documents, summary.items) == (1, 1, 1)
    assert seen == ["segment-bug"]
    assert target.annotation_status() == {"done": 1}
    # the same task again (another run, or the same file twice): counted unchanged, nothing rewritten
    writes[2] = StoreWrite("save_annotations", (item.id,), {"status": "failed", "annotator": "x", "detail": "!"})
    replay(TaskResult(1, writes, unchanged=2), target, summary, record)
    assert (summary.documents, summary.unchanged_documents) == (4, 3)
    assert seen == ["segment-bug"]  # not segmented again
    assert target.annotation_status() == {"done": 1}


def test_a_second_run_skips_stored_inputs_before_any_analysis(tmp_path: Path) -> None:
    from counterpoint.config import Settings
    from counterpoint.engine import LocalEngine
    from counterpoint.pipeline import analyze

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Troops crossed the border near Kursk on Tuesday, officials said.\n")
    (folder / "feed.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>'
        "<item><title>One</title><description>Talks on border security resumed in Seoul.</description></item>"
        "<item><title>Two</title><description>Aid deliveries reached the front.</description></item>"
        "</channel></rss>")
    settings = Settings(db=str(tmp_path / "s.db"), progress=False)
    seen: list[int] = []

    def counting(task: Task, s: Settings, threads: int) -> TaskResult:
        from counterpoint.engine.worker import analyse_task

        result = analyse_task(task, s, threads)
        seen.append(sum(w.method == "save_annotations" for w in result.writes))
        return result

    store = SQLiteStore.open(settings.db)
    try:
        first = analyze([str(folder)], settings, store, engine=LocalEngine(1, work=counting), link=False)
        assert store.document_ids_at([str(folder / "feed.xml")]) and store.document_ids_at([str(folder / "a.txt")])
        (folder / "b.txt").write_text("A missile launch into the sea was reported overnight.\n")
        second = analyze([str(folder)], settings, store, engine=LocalEngine(1, work=counting), link=False)
    finally:
        store.close()
    assert (first.new_documents, first.unchanged_documents) == (3, 0)
    assert (second.documents, second.new_documents, second.unchanged_documents) == (4, 1, 3)
    assert seen == [3, 1]  # the second run annotated only the new file's item


def _spread_twice(path: Path, tmp_path: Path) -> None:
    """Analyse ``path`` (20 documents cut into 20 parts) twice: the parts go 8 to a task, the
    documents stored are those of reading ``path`` whole, and the second run skips them all."""
    from counterpoint.config import Settings
    from counterpoint.engine import LocalEngine
    from counterpoint.pipeline import analyze
    from counterpoint.read import read_inputs

    settings = Settings(db=str(tmp_path / "spread.db"), progress=False)
    tasks: list[Task] = []

    def keeping(task: Task, s: Settings, threads: int) -> TaskResult:
        from counterpoint.engine.worker import analyse_task

        tasks.append(task)
        return analyse_task(task, s, threads)

    store = SQLiteStore.open(settings.db)
    try:
        first = analyze([str(path)], settings, store, engine=LocalEngine(1, work=keeping), link=False)
        stored = sorted(store.document_ids_at([str(path)]))
        second = analyze([str(path)], settings, store, engine=LocalEngine(1, work=keeping), link=False)
    finally:
        store.close()
    whole = sorted(d.id for d in read_inputs([str(path)], settings) if not isinstance(d, Failure))
    assert len(whole) == 20 and stored == whole  # the same documents as reading the input whole
    assert [len(t.inputs) for t in tasks[:3]] == [8, 8, 4]  # 20 parts, 8 to a task
    assert all(raw.part is not None and raw.locator == str(path) for t in tasks for raw in t.inputs)
    assert (first.new_documents, second.new_documents, second.unchanged_documents) == (20, 0, 20)


def test_a_web_archive_is_spread_over_tasks_one_page_a_slice(tmp_path: Path) -> None:
    from tests.read.helpers import warc_bytes
    from tests.read.test_warc import crawl

    archive = tmp_path / "crawl.warc.gz"
    archive.write_bytes(warc_bytes(crawl(20)))
    _spread_twice(archive, tmp_path)


def test_a_feed_is_spread_over_tasks_one_entry_a_part(tmp_path: Path) -> None:
    items = "\n".join(
        f"<item><title>Night report {n}</title><link>https://wire.example/{n}</link>"
        f"<pubDate>Tue, {n:02d} Sep 2025 06:00:00 +0300</pubDate><description>Air defence units said "
        f"they shot down {n} drones over the region overnight; no casualties were reported.</description></item>"
        for n in range(1, 21))
    feed = tmp_path / "wire.rss"
    feed.write_text(f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>'
                    f"<language>en</language>\n{items}\n</channel></rss>", encoding="utf-8")
    _spread_twice(feed, tmp_path)


def test_workers_store_the_item_vectors_so_the_link_stage_encodes_nothing(tmp_path: Path) -> None:
    from counterpoint.config import Settings
    from counterpoint.engine import LocalEngine
    from counterpoint.link.stage import encode_items, link_pending
    from counterpoint.pipeline import analyze

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Troops crossed the border near Kursk on Tuesday, officials said.\n")
    (folder / "b.txt").write_text("A missile launch into the sea was reported overnight by the military.\n")
    settings = Settings(db=str(tmp_path / "v.db"), progress=False)
    store = SQLiteStore.open(settings.db)
    try:
        summary = analyze([str(folder)], settings, store, engine=LocalEngine(1), link=False)
        items = store.items_to_link()
        assert len(items) == 2 and summary.stages["vectors"]["vectors"] == 2
        assert store.item_ids_with_vectors(items) == set(items)
        stored = {b.id: b.vector for b in store.load_bundles(items)}
        again = encode_items(list(store.load_bundles(items)))  # what the link stage would have computed
        assert all(float(stored[k] @ again[k]) > 0.99999 for k in items)
        encoded: list[int] = []

        def encode(bundles: object) -> dict[str, object]:
            encoded.append(len(bundles))  # type: ignore[arg-type]
            return {}

        assert link_pending(store, encode=encode)["items"] == 2
        assert encoded == [0]
    finally:
        store.close()
