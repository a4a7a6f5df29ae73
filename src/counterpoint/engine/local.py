"""The local engine: the per-document stages in this process, or in worker processes on every core.

Worker processes start from a fork server (no threads of this process copied), each
loads the models once and keeps them for every task. With several workers each one's
models get an equal share of the cores (``threads``), so the workers don't fight for them.
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
from counterpoint.engine.base import in_order, lost
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
        self._pool: ProcessPoolExecutor | None = None
        self._settings: Settings | None = None

    @property
    def threads(self) -> int:
        """Model threads per worker process (0: the models' own default, when one process runs)."""
        return 0 if self.workers == 1 else max(1, cores() // self.workers)

    def _new_pool(self, workers: int) -> ProcessPoolExecutor:
        method = "forkserver" if sys.platform.startswith("linux") else "spawn"
        context = multiprocessing.get_context(method)
        if method == "forkserver":
            context.set_forkserver_preload(["counterpoint.engine.worker"])
        return ProcessPoolExecutor(workers, mp_context=context)

    def _executor(self, settings: Settings) -> ProcessPoolExecutor:
        if self._pool is None or self._settings != settings:
            self.close()
            self._pool = self._new_pool(self.workers)
            self._settings = settings
        return self._pool

    def map(self, tasks: Iterable[Task], settings: Settings) -> Iterator[TaskResult]:
        stream = iter(tasks)
        head = list(islice(stream, 2))
        if self.workers == 1 or len(head) < 2:  # one task: not worth starting processes and loading models
            for task in chain(head, stream):
                try:
                    yield self.work(task, settings, 0)
                except Exception as exc:  # a stage bug that escaped the stage's own guard
                    yield lost(task, exc)
            return

        def submit(task: Task) -> Future[TaskResult]:
            try:
                return self._executor(settings).submit(self.work, task, settings, self.threads)
            except BrokenProcessPool:  # a worker died: start a fresh pool for the rest
                self.close()
                return self._executor(settings).submit(self.work, task, settings, self.threads)

        def wait(future: Future[TaskResult]) -> TaskResult:
            return future.result()

        def retry(task: Task, exc: BaseException) -> TaskResult:
            if not isinstance(exc, BrokenProcessPool):
                return lost(task, exc)
            # a worker died, and with it every task in flight: each once more, alone, so that only
            # the input that kills a worker is lost
            with self._new_pool(1) as alone:
                try:
                    return alone.submit(self.work, task, settings, self.threads).result()
                except Exception as again:
                    return lost(task, again)

        yield from in_order(chain(head, stream), submit, wait, retry, window=2 * self.workers)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
