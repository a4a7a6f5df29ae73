"""The Dask engine: the per-document stages over a Dask cluster.

With a scheduler address it joins a running cluster (``dask scheduler`` and ``dask worker``
processes started by hand, by a job system or by Kubernetes); without one it starts a
``LocalCluster`` of worker processes on loopback. Every worker imports counterpoint and
loads the models from its own installation (the model wheels are pinned in
``requirements/models.txt``), once per worker process. Tasks carry the raw bytes of their
inputs, so workers need no shared file system and no access to the store: results stream
back to this process, which writes them, in task order, into the store.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any

from counterpoint.config import Settings
from counterpoint.engine import worker as worker_module
from counterpoint.engine.base import in_order, lost
from counterpoint.engine.local import Work, cores, default_workers
from counterpoint.engine.tasks import Task, TaskResult
from counterpoint.engine.worker import analyse_task, versions
from counterpoint.errors import UsageError

#: Seconds to wait for a scheduler to answer, and for its first worker.
CONNECT_TIMEOUT = 20
WORKER_TIMEOUT = 60
#: Dask settings of the local cluster's workers: Dask's statistical profiler (the dashboard's
#: "Profile") samples each worker thread's stack every 10 ms; turned off, a run of 300 generated
#: documents on 2 workers took 4% less time (101.2 -> 97.1 s) and 3.5% less worker CPU.
WORKER_CONFIG = {"distributed.worker.profile.enabled": False}


class DaskEngine:
    """Tasks as Dask futures, at most ``2 × workers`` in flight."""

    def __init__(self, scheduler: str | None = None, *, workers: int | None = None, work: Work = analyse_task) -> None:
        self.work = work
        try:
            import distributed
        except ImportError as exc:  # pragma: no cover - a pinned dependency
            raise UsageError("the Dask engine needs the `distributed` package",
                             fix="pip install 'dask[distributed]'") from exc
        client: Any = distributed.Client  # the package's annotations are partial
        local_cluster: Any = distributed.LocalCluster
        self._cluster: Any = None
        if scheduler:
            try:
                self.client: Any = client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
            except (OSError, TimeoutError) as exc:
                raise UsageError(
                    f"no Dask scheduler answers at {scheduler} ({type(exc).__name__}: {exc})",
                    fix="start one with `dask scheduler` (and workers with `dask worker ADDRESS --nthreads 1`), "
                        "or leave out --scheduler to use a local cluster",
                ) from exc
            self._threads = 0  # each worker machine sets COUNTERPOINT_THREADS itself (docs/cluster.md)
        else:
            import dask

            n = workers or default_workers()
            with dask.config.set(WORKER_CONFIG):  # the workers take the config of this moment
                self._cluster = local_cluster(n_workers=n, threads_per_worker=1, processes=True,
                                             host="127.0.0.1", dashboard_address=None, silence_logs=logging.ERROR)
            self.client = client(self._cluster, set_as_default=False)
            self._threads = max(1, cores() // n)
        self.address = str(self.client.scheduler_info().get("address", scheduler or "?"))
        self.description = f"dask, scheduler {self.address}"
        try:
            self._check_workers()
        except BaseException:
            self.close()
            raise

    def _check_workers(self) -> None:
        """Workers are there, and they run the same counterpoint as this process (else their
        records would differ from a local run's)."""
        try:
            self.client.wait_for_workers(1, timeout=WORKER_TIMEOUT)
        except TimeoutError as exc:
            raise UsageError(
                f"the Dask scheduler at {self.address} has no workers",
                fix="start some with `dask worker ADDRESS --nthreads 1` on machines where counterpoint is installed",
            ) from exc
        here = versions()
        for worker, there in self.client.run(worker_module.versions).items():
            if there != here:
                raise UsageError(
                    f"the Dask worker {worker} runs {there}, this process {here}",
                    fix="install the same counterpoint version (scripts/setup) on every worker and here",
                )

    @property
    def workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def map(self, tasks: Iterable[Task], settings: Settings) -> Iterator[TaskResult]:
        def submit(task: Task) -> Any:
            return self.client.submit(self.work, task, settings, self._threads, pure=False)

        def wait(future: Any) -> TaskResult:
            result: TaskResult = future.result()
            return result

        def retry(task: Task, exc: BaseException) -> TaskResult:
            # Dask already ran a task whose worker died on other workers (KilledWorker after
            # the scheduler's allowed failures): the input is lost for this run
            return lost(task, exc)

        yield from in_order(tasks, submit, wait, retry, window=2 * self.workers)

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
