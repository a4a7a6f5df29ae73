"""Engines for the per-document stages (read, segment, annotate, extract, framing).

* ``LocalEngine``: this process (``workers=1``) or a pool of worker processes on every core;
* ``DaskEngine``: a Dask cluster, running or started on loopback.

Both cut the inputs into the same tasks and run the same worker code, so they store
exactly the same records; the corpus-wide stages (copies, stories) run where the store is.
"""

from __future__ import annotations

from counterpoint.engine.base import Engine
from counterpoint.engine.local import LocalEngine, default_workers
from counterpoint.engine.tasks import StoreWrite, Task, TaskResult, cut_tasks

__all__ = ["Engine", "LocalEngine", "StoreWrite", "Task", "TaskResult", "cut_tasks", "default_workers",
           "make_engine"]


def make_engine(name: str = "local", *, workers: int | None = None, scheduler: str | None = None) -> Engine:
    """The engine called ``name`` ("local" or "dask")."""
    from counterpoint.errors import UsageError

    if name == "local":
        if scheduler:
            raise UsageError("--scheduler is for the Dask engine", fix="add --engine dask, or leave out --scheduler")
        return LocalEngine(workers)
    if name == "dask":
        from counterpoint.engine.cluster import DaskEngine

        return DaskEngine(scheduler, workers=workers)
    raise UsageError(f"unknown engine {name!r}", fix="use --engine local or --engine dask")
