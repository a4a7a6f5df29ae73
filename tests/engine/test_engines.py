"""The engines give the same records as a run in this process; a dying worker loses only its input.

These start real worker processes and a real Dask ``LocalCluster`` on loopback, and load the
models in each worker: about a minute in all.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from counterpoint.cli import cli
from counterpoint.config import Settings
from counterpoint.engine import LocalEngine, Task, TaskResult
from counterpoint.engine.cluster import DaskEngine
from counterpoint.engine.tasks import StoreWrite
from counterpoint.model import Failure
from counterpoint.pipeline import RunSummary, analyze
from counterpoint.read import RawInput
from counterpoint.report.same import export_differences
from counterpoint.store.sqlite import SQLiteStore

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run_and_export(tmp: Path, name: str, engine: LocalEngine | DaskEngine | None) -> tuple[Path, RunSummary]:
    db = tmp / f"{name}.db"
    store = SQLiteStore.open(db)
    try:
        summary = analyze([str(EXAMPLES)], Settings(db=str(db), progress=False), store, engine=engine)
    finally:
        store.close()
        if engine is not None:
            engine.close()
    out = tmp / name
    result = CliRunner().invoke(cli, ["--db", str(db), "-q", "export", "all", "--to", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out, summary


@pytest.fixture(scope="module")
def in_process(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RunSummary]:
    return run_and_export(tmp_path_factory.mktemp("serial"), "serial", None)


def test_the_examples_are_several_tasks(in_process: tuple[Path, RunSummary]) -> None:
    folder, summary = in_process
    assert summary.new_documents >= 15 and summary.stages["extract"]["events"] > 50
    assert len(summary.workers) == 1  # this process
    assert (folder / "events.plover.jsonl").stat().st_size > 0 and (folder / "stories.jsonl").stat().st_size > 0


def worker_profiling() -> object:
    """Run on a Dask worker: whether Dask's statistical profiler is on there."""
    import dask

    return dask.config.get("distributed.worker.profile.enabled")


@pytest.mark.slow
def test_dask_local_cluster_gives_every_exported_record_of_a_run_in_this_process(
        in_process: tuple[Path, RunSummary], tmp_path: Path) -> None:
    engine = DaskEngine(workers=2)
    assert engine.address.startswith("tcp://127.0.0.1:")
    assert list(engine.client.run(worker_profiling).values()) == [False, False]  # WORKER_CONFIG reached them
    assert worker_profiling() is True  # and this process's Dask config is as it was
    folder, summary = run_and_export(tmp_path, "dask", engine)
    assert export_differences(in_process[0], folder) == []
    assert len(summary.workers) == 2 and all(pid.split(":")[1] != str(os.getpid()) for pid in summary.workers)
    assert summary.new_documents == in_process[1].new_documents


@pytest.mark.slow
def test_local_worker_processes_give_every_exported_record_of_a_run_in_this_process(
        in_process: tuple[Path, RunSummary], tmp_path: Path) -> None:
    folder, summary = run_and_export(tmp_path, "pool", LocalEngine(workers=2))
    assert export_differences(in_process[0], folder) == []
    assert len(summary.workers) == 2


# -- a worker that dies --------------------------------------------------------------------------
def dying_work(task: Task, settings: Settings, threads: int) -> TaskResult:
    """Stands in for ``analyse_task``: the process ends on an input named ``kill-me``."""
    if any(raw.locator == "kill-me" for raw in task.inputs):
        os._exit(3)
    done = [StoreWrite("add_failure", (Failure(raw.locator, "read", "seen", "seen", "none", "warning"),))
            for raw in task.inputs]
    return TaskResult(task.index, done, worker=str(os.getpid()))


def tasks(names: list[str]) -> Iterator[Task]:
    for n, name in enumerate(names):
        yield Task(n, (RawInput(locator=name, data=b"text"),))


def test_a_dying_worker_loses_only_its_own_input_and_the_run_goes_on() -> None:
    names = ["a", "b", "kill-me", "c", "d", "e", "f"]
    engine = LocalEngine(workers=2, work=dying_work)
    try:
        results = list(engine.map(tasks(names), Settings()))
    finally:
        engine.close()
    assert [r.index for r in results] == list(range(len(names)))
    codes = {r.writes[0].args[0].locator: r.writes[0].args[0].code for r in results}
    assert codes == {"a": "seen", "b": "seen", "kill-me": "worker-lost", "c": "seen", "d": "seen", "e": "seen",
                     "f": "seen"}
    lost = results[2].writes[0].args[0]
    assert lost.stage == "engine" and "run the same command again" in lost.fix


def test_an_unreachable_scheduler_is_a_usage_error_with_a_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    from counterpoint.engine import cluster
    from counterpoint.errors import UsageError

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 2)
    with pytest.raises(UsageError) as err:
        DaskEngine("tcp://127.0.0.1:9")
    assert "dask scheduler" in err.value.fix


def echo_work(task: Task, settings: Settings, threads: int) -> TaskResult:
    done = [StoreWrite("add_failure", (Failure(raw.locator, "read", "seen", "seen", "none", "warning"),))
            for raw in task.inputs]
    return TaskResult(task.index, done, worker=str(os.getpid()))


def test_a_running_scheduler_is_joined_by_address_and_its_workers_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    import logging

    from distributed import LocalCluster

    from counterpoint.engine import cluster
    from counterpoint.errors import UsageError

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, silence_logs=logging.ERROR) as running:
        engine = DaskEngine(running.scheduler_address, work=echo_work)
        try:
            assert engine.workers == 2
            results = list(engine.map(tasks([f"doc{n}" for n in range(9)]), Settings()))
        finally:
            engine.close()
        assert [r.writes[0].args[0].locator for r in results] == [f"doc{n}" for n in range(9)]
        assert running.scheduler_address.startswith("tcp://127.0.0.1:")  # the cluster outlives the engine
        # workers running another counterpoint would store other records: refused
        monkeypatch.setattr(cluster, "versions", lambda: {"counterpoint": "0.0.1"})
        with pytest.raises(UsageError) as mismatch:
            DaskEngine(running.scheduler_address, work=echo_work)
        assert "0.0.1" in mismatch.value.reason and "same counterpoint version" in mismatch.value.fix
    with LocalCluster(n_workers=0, processes=True, host="127.0.0.1", dashboard_address=None,
                      silence_logs=logging.ERROR) as empty:
        monkeypatch.setattr(cluster, "WORKER_TIMEOUT", 1)
        with pytest.raises(UsageError) as err:
            DaskEngine(empty.scheduler_address)
        assert "no workers" in err.value.reason
