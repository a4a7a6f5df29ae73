"""The local engine: the per-document stages in this process, or in worker processes on every core.

Worker processes start from a fork server (no threads of this process copied), each
loads the models once and keeps them for every task. With several workers each one's
models get an equal share of the cores (``threads``), so the workers don't fight for them.

Workers and the fork server die with this process, even when it is killed (``lifetime``);
each task is analysed within the per-document time and memory budgets (``budget``): a worker
over its budget is killed from here, and only the input over budget is recorded as failed.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain, islice

from counterpoint.config import Settings
from counterpoint.engine import lifetime
from counterpoint.engine.base import in_order, lost
from counterpoint.engine.budget import (
    Budget,
    OverBudget,
    Watch,
    combine,
    init_worker,
    over_budget,
    run_task,
    soft_budget,
    split,
)
from counterpoint.engine.tasks import Task, TaskResult
from counterpoint.engine.worker import analyse_task

#: A worker's function: a task, the settings and the model threads to a result.
Work = Callable[[Task, Settings, int], TaskResult]


#: Worker processes when none are asked for: every core, up to this (each takes about 1 GB).
MAX_DEFAULT_WORKERS = 4


def cores() -> int:
    """Every core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def default_workers() -> int:
    """Worker processes when none are asked for: every core, up to ``MAX_DEFAULT_WORKERS``."""
    return min(cores(), MAX_DEFAULT_WORKERS)


class LocalEngine:
    """``workers`` = 1 runs in this process; more run a pool of worker processes."""

    def __init__(self, workers: int | None = None, *, work: Work = analyse_task) -> None:
        self.workers = workers or default_workers()
        #: What a worker does with a task (a module-level function, so worker processes can import it).
        self.work = work
        self.description = f"local, {self.workers} process{'es' if self.workers > 1 else ''}"
        self._pool: tuple[ProcessPoolExecutor, Watch] | None = None
        self._alone: tuple[ProcessPoolExecutor, Watch] | None = None
        self._settings: Settings | None = None
        #: Why a task's worker was killed for its budget, by task index (written by the watches).
        self._verdicts: dict[int, str] = {}

    @property
    def threads(self) -> int:
        """Model threads per worker process (0: the models' own default, when one process runs)."""
        return 0 if self.workers == 1 else max(1, cores() // self.workers)

    def _new_pool(self, workers: int, settings: Settings) -> tuple[ProcessPoolExecutor, Watch]:
        method = "forkserver" if sys.platform.startswith("linux") else "spawn"
        context = multiprocessing.get_context(method)
        if method == "forkserver":
            context.set_forkserver_preload(["counterpoint.engine.worker", "counterpoint.engine._forkserver"])
            lifetime.mark_main_thread()
        watch = Watch(context, workers, Budget.of(settings), self._verdicts)
        pool = ProcessPoolExecutor(workers, mp_context=context, initializer=init_worker,
                                   initargs=(watch.board, watch.taken, os.getpid()))
        return pool, watch

    def _executor(self, settings: Settings) -> ProcessPoolExecutor:
        if self._pool is None or self._settings != settings:
            self.close()
            self._pool = self._new_pool(self.workers, settings)
            self._settings = settings
        return self._pool[0]

    def map(self, tasks: Iterable[Task], settings: Settings) -> Iterator[TaskResult]:
        stream = iter(tasks)
        head = list(islice(stream, 2))
        if self.workers == 1 or len(head) < 2:  # one task: not worth starting processes and loading models
            for task in chain(head, stream):
                yield self._here(task, settings)
            return

        def submit(task: Task) -> Future[TaskResult]:
            try:
                return self._executor(settings).submit(run_task, self.work, task, settings, self.threads)
            except BrokenProcessPool:  # a worker died: start a fresh pool for the rest
                self.close()
                return self._executor(settings).submit(run_task, self.work, task, settings, self.threads)

        def wait(future: Future[TaskResult]) -> TaskResult:
            return future.result()

        def retry(task: Task, exc: BaseException) -> TaskResult:
            reason = self._verdicts.pop(task.index, None)
            if reason is not None:  # killed for its budget: only the input over it fails
                return self._over_budget(task, reason, lambda part: self._run_alone(part, settings))
            if not isinstance(exc, BrokenProcessPool):
                return lost(task, exc)
            # a worker died, and with it every task in flight: each once more, alone, so that only
            # the input that kills a worker is lost
            return self._run_alone(task, settings)

        yield from in_order(chain(head, stream), submit, wait, retry, window=2 * self.workers)

    @staticmethod
    def _over_budget(task: Task, reason: str, again: Callable[[Task], TaskResult]) -> TaskResult:
        """A task stopped for its budget: its one input fails; several are analysed again one by one
        (each within its own budget), so that the others are stored."""
        if len(task.inputs) == 1:
            return over_budget(task, reason)
        return combine(task.index, [again(part) for part in split(task)])

    def _here(self, task: Task, settings: Settings) -> TaskResult:
        """``task`` in this process, within the budget ``soft_budget`` keeps."""
        try:
            with soft_budget(Budget.of(settings)) as clock:
                clock.begin(task.index, len(task.inputs))
                return self.work(task, settings, 0)
        except OverBudget as over:
            return self._over_budget(task, over.reason, lambda part: self._here(part, settings))
        except Exception as exc:  # a stage bug that escaped the stage's own guard
            return lost(task, exc)

    def _run_alone(self, task: Task, settings: Settings) -> TaskResult:
        """``task`` alone in a worker process of its own (kept for the next such task until it dies)."""
        if self._alone is None:
            self._alone = self._new_pool(1, settings)
        try:
            return self._alone[0].submit(run_task, self.work, task, settings, self.threads).result()
        except BrokenProcessPool as exc:
            self._shut(self._alone)
            self._alone = None
            reason = self._verdicts.pop(task.index, None)
            if reason is not None:
                return self._over_budget(task, reason, lambda part: self._run_alone(part, settings))
            return lost(task, exc)
        except Exception as exc:
            return lost(task, exc)

    @staticmethod
    def _shut(pool: tuple[ProcessPoolExecutor, Watch]) -> None:
        """Shut a pool down: tasks not started are cancelled, workers still busy (a run interrupted,
        or killed for a budget) are stopped instead of waited for."""
        executor, watch = pool
        watch.stop()
        busy = [p for p in executor._processes.values() if p.is_alive()] if executor._processes else []
        executor.shutdown(wait=False, cancel_futures=True)
        for process in busy:
            process.join(timeout=2)
            if process.is_alive():
                process.kill()
        executor.shutdown(wait=True)

    def close(self) -> None:
        for pool in (self._pool, self._alone):
            if pool is not None:
                self._shut(pool)
        self._pool = self._alone = None
