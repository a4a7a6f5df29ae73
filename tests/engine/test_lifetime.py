"""Worker processes die with the main process: a run killed with SIGKILL or SIGTERM leaves no
worker, fork server or resource tracker behind. A real run in a subprocess, with fake work
(no models) that keeps both workers busy until the kill."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from counterpoint.config import Settings
from counterpoint.engine import Task, TaskResult
from counterpoint.engine.lifetime import terminate_as_interrupt

ROOT = Path(__file__).resolve().parents[2]
#: The run: every task in a fresh marker file, then asleep.
RUN = """
import sys
from counterpoint.config import Settings
from counterpoint.engine import Task
from counterpoint.engine.lifetime import terminate_as_interrupt
from counterpoint.read import RawInput
from tests.engine.test_lifetime import sleepy_work

kind, marks = sys.argv[1], sys.argv[2]
tasks = (Task(n, (RawInput(locator=f"{marks}/{n}", data=b"x"),)) for n in range(100))
with terminate_as_interrupt():
    if kind == "local":
        from counterpoint.engine import LocalEngine
        engine = LocalEngine(2, work=sleepy_work)
    else:
        from counterpoint.engine.cluster import DaskEngine
        engine = DaskEngine(workers=2, work=sleepy_work)
    try:
        for result in engine.map(tasks, Settings(doc_seconds=1000)):
            pass
    finally:
        engine.close()
"""


def sleepy_work(task: Task, settings: Settings, threads: int) -> TaskResult:
    """Marks that a worker took the task, then sleeps."""
    for raw in task.inputs:
        Path(raw.locator).write_text(str(os.getpid()))
    time.sleep(120)
    return TaskResult(task.index)


def survivors(processes: list[psutil.Process], within: float) -> list[psutil.Process]:
    """Those of ``processes`` still running after ``within`` seconds (a zombie is not running)."""
    deadline = time.monotonic() + within
    while True:
        alive = []
        for process in processes:
            try:
                if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                    alive.append(process)
            except psutil.NoSuchProcess:
                pass
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.2)


@pytest.mark.timeout(240)
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
@pytest.mark.parametrize("kind", ["local", "dask"])
def test_no_process_of_a_run_outlives_it(tmp_path: Path, kind: str, sig: signal.Signals) -> None:
    main = subprocess.Popen([sys.executable, "-c", RUN, kind, str(tmp_path)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 120
        while len(list(tmp_path.iterdir())) < 2:  # both workers busy
            assert main.poll() is None and time.monotonic() < deadline, "the run did not start its workers"
            time.sleep(0.2)
        children = psutil.Process(main.pid).children(recursive=True)
        assert len(children) >= 2
        main.send_signal(sig)
        main.wait(timeout=60)
        left = survivors(children, within=30)
        assert left == [], [" ".join(p.cmdline())[:120] for p in left]
    finally:
        main.kill()
        for process in children:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()


def test_sigterm_is_an_interrupt_within_the_block_only() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt), terminate_as_interrupt():
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the signal arrives first
    assert signal.getsignal(signal.SIGTERM) == before
