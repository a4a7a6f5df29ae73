"""What every engine provides, and the in-order, bounded submission they share."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, TypeVar

from counterpoint.config import Settings
from counterpoint.engine.tasks import StoreWrite, Task, TaskResult
from counterpoint.model import Failure


class Engine(Protocol):
    """Runs tasks of the per-document stages somewhere; results come back in task order."""

    #: "local" or "dask", with where it runs (for the run summary).
    description: str

    def map(self, tasks: Iterable[Task], settings: Settings) -> Iterator[TaskResult]:
        """Analyse each task; yields the results in the order of ``tasks``, as they are ready.

        A task whose worker died or failed comes back as failures of its inputs (stage
        ``engine``), never as an exception: the run goes on and a later run retries them.
        """
        ...

    def close(self) -> None: ...


F = TypeVar("F")


def lost(task: Task, exc: BaseException) -> TaskResult:
    """The result of a task that no worker could finish: a failure per input, with the reason."""
    detail = f"{type(exc).__name__}: {exc}"[:300]
    failures = [
        StoreWrite("add_failure", (Failure(
            locator=raw.locator, stage="engine", code="worker-lost",
            reason=f"the worker analysing this input stopped ({detail}); nothing of it was stored",
            fix="run the same command again (stored inputs are skipped, this one is retried); if it fails "
                "again, run it alone with `--workers 1` and report the input",
        ),)) for raw in task.inputs
    ]
    return TaskResult(task.index, failures)


def in_order(tasks: Iterable[Task], submit: Callable[[Task], F], wait: Callable[[F], TaskResult],
             retry: Callable[[Task, BaseException], TaskResult], *, window: int) -> Iterator[TaskResult]:
    """Submit ``tasks`` with at most ``window`` in flight; yield their results in task order.

    Bounded: a corpus of any size holds ``window`` tasks' bytes in memory, not all of them. A
    task whose ``wait`` raises goes to ``retry`` (which returns a result or ``lost``).
    """
    flight: deque[tuple[Task, F]] = deque()

    def collect() -> TaskResult:
        task, future = flight.popleft()
        try:
            return wait(future)
        except Exception as exc:
            return retry(task, exc)

    for task in tasks:
        flight.append((task, submit(task)))
        if len(flight) >= window:
            yield collect()
    while flight:
        yield collect()
