"""Per-document time and memory budgets: an input over its budget is recorded as a failure with the
numbers and the setting to raise, only that input fails, it is not retried in a loop, and the run
goes on. Fake work functions (no models): they sleep or allocate when an input says so."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from counterpoint.config import Settings
from counterpoint.engine import LocalEngine, Task, TaskResult
from counterpoint.engine.budget import Budget
from counterpoint.engine.tasks import StoreWrite
from counterpoint.model import Failure
from counterpoint.read import RawInput

pytestmark = pytest.mark.timeout(180)


def greedy_work(task: Task, settings: Settings, threads: int) -> TaskResult:
    """Stands in for ``analyse_task``. An input whose data is ``slow`` sleeps for a minute, ``fat``
    holds 600 MB for a minute; each of them first appends a line to the file its locator names, so
    that a test can count how often it ran. Other inputs are 'seen'."""
    hold = b""
    for raw in task.inputs:
        if raw.data in (b"slow", b"fat"):
            with open(raw.locator, "a") as runs:
                runs.write("ran\n")
            if raw.data == b"fat":
                hold = b"x" * 600_000_000
            for _ in range(600):  # Python between the sleeps: the in-process budget can stop it
                time.sleep(0.1)
    done = [StoreWrite("add_failure", (Failure(raw.locator, "read", "seen", "seen", "none", "warning"),))
            for raw in task.inputs]
    return TaskResult(task.index, done, worker=str(os.getpid()), peak_rss=len(hold))


def codes(results: list[TaskResult]) -> dict[str, str]:
    return {w.args[0].locator: w.args[0].code for r in results for w in r.writes}


def run(engine: LocalEngine, tasks: list[Task], settings: Settings) -> list[TaskResult]:
    try:
        return list(engine.map(iter(tasks), settings))
    finally:
        engine.close()


def one_each(names: list[str], data: dict[str, bytes]) -> list[Task]:
    return [Task(n, (RawInput(locator=name, data=data.get(name, b"text")),)) for n, name in enumerate(names)]


@pytest.mark.parametrize("workers", [2, 1], ids=["worker-processes", "this-process"])
def test_an_input_over_its_time_budget_fails_alone_once_and_the_run_goes_on(tmp_path: Path, workers: int) -> None:
    slow = str(tmp_path / "slow")
    names = ["a", "b", slow, "c", "d", "e", "f"]
    started = time.monotonic()
    results = run(LocalEngine(workers, work=greedy_work), one_each(names, {slow: b"slow"}), Settings(doc_seconds=1))
    assert time.monotonic() - started < 50  # not the minute the slow input asks for
    assert [r.index for r in results] == list(range(len(names)))
    assert codes(results) == {name: "over-budget" if name == slow else "seen" for name in names}
    failure = results[2].writes[0].args[0]
    assert failure.stage == "engine" and failure.severity == "error"
    assert "over the time budget of 1 s" in failure.reason and "doc_seconds" in failure.reason
    assert "--doc-seconds" in failure.fix and "split the" in failure.fix
    assert Path(slow).read_text().count("ran") == 1  # stopped, never retried


@pytest.mark.parametrize("workers", [2, 1], ids=["worker-processes", "this-process"])
def test_a_task_over_budget_is_split_so_that_only_the_input_over_it_fails(tmp_path: Path, workers: int) -> None:
    slow = str(tmp_path / "slow")
    group = Task(1, tuple(RawInput(locator=name, data=b"slow" if name == slow else b"text")
                          for name in ("g1", slow, "g2")))
    tasks = [Task(0, (RawInput(locator="a", data=b"text"),)), group, Task(2, (RawInput(locator="z", data=b"t"),))]
    results = run(LocalEngine(workers, work=greedy_work), tasks, Settings(doc_seconds=1))
    assert [r.index for r in results] == [0, 1, 2]
    assert codes(results) == {"a": "seen", "g1": "seen", slow: "over-budget", "g2": "seen", "z": "seen"}
    # once in its task, once alone to find which input of the task it was
    assert Path(slow).read_text().count("ran") == 2


def test_a_worker_over_its_memory_budget_is_stopped_and_the_others_go_on(tmp_path: Path) -> None:
    fat = str(tmp_path / "fat")
    names = ["a", "b", fat, "c", "d"]
    results = run(LocalEngine(2, work=greedy_work), one_each(names, {fat: b"fat"}),
                  Settings(doc_memory_mb=400, doc_seconds=100))
    assert codes(results) == {name: "over-budget" if name == fat else "seen" for name in names}
    reason = results[2].writes[0].args[0].reason
    assert "over the memory budget of 400 MB" in reason and "doc_memory_mb" in reason
    assert Path(fat).read_text().count("ran") == 1


def test_the_in_process_budget_ends_with_the_task(tmp_path: Path) -> None:
    """After a run in this process no alarm is left behind to interrupt later code."""
    import signal

    before = signal.getsignal(signal.SIGALRM)
    run(LocalEngine(1, work=greedy_work), one_each(["a", "b"], {}), Settings(doc_seconds=0.5))
    assert signal.getsignal(signal.SIGALRM) == before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    time.sleep(1)  # past the budget: nothing raises


@pytest.mark.parametrize(("elapsed", "documents", "rss", "over"), [
    (119.0, 1, 100_000_000, None),
    (121.0, 1, 100_000_000, "time"),
    (121.0, 3, 100_000_000, None),  # each document of the task has its share
    (361.0, 3, 100_000_000, "time"),
    (1.0, 1, 3_100_000_000, "memory"),
    (1.0, 0, 100_000_000, None),
])
def test_the_budget_verdict(elapsed: float, documents: int, rss: int, over: str | None) -> None:
    verdict = Budget.of(Settings()).verdict(elapsed, documents, rss)
    assert (verdict is None) if over is None else (f"over the {over} budget" in (verdict or ""))


def test_the_budgets_are_settings_that_must_be_positive() -> None:
    from counterpoint.config import load_settings
    from counterpoint.errors import ConfigError

    settings = load_settings(environ={"COUNTERPOINT_DOC_SECONDS": "30", "COUNTERPOINT_DOC_MEMORY_MB": "2000"})
    assert (settings.doc_seconds, settings.doc_memory_mb) == (30.0, 2000)
    with pytest.raises(ConfigError):
        load_settings(environ={"COUNTERPOINT_DOC_SECONDS": "0"})
