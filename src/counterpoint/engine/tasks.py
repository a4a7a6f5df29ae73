"""What the engines distribute: tasks (a few raw inputs each) and what a task gives back.

A task is cut from the stream of inputs the same way whatever engine runs it, and a
worker analyses each task alone, so every engine (in-process, local processes, a Dask
cluster) produces exactly the same records. A task result is the log of the store
writes the per-document stages made (``StoreWrite``), replayed by the main process into
the real store in task order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from counterpoint.model import Failure
from counterpoint.read import RawInput

#: Inputs per task, and bytes per task: small enough to spread a folder over the workers,
#: large enough that each model call sees a batch.
TASK_INPUTS = 8
TASK_BYTES = 2_000_000

#: Stage counts that are yes/no (1/0), not counts: a run's value is the largest of its tasks'.
FLAGS = frozenset({"classifier"})

WriteMethod = Literal["add_document", "add_failure", "save_annotations", "save_events", "save_framing",
                      "save_item_vectors"]


@dataclass(frozen=True, slots=True)
class Task:
    """Raw inputs analysed together by one worker. ``index`` orders the results."""

    index: int
    inputs: tuple[RawInput, ...]
    #: Ids of documents the store already holds from these inputs: read, counted, not analysed again.
    known: frozenset[str] = frozenset()

    @property
    def locators(self) -> list[str]:
        return [raw.locator for raw in self.inputs]

    @property
    def size(self) -> int:
        return sum(len(raw.data) for raw in self.inputs)


@dataclass(frozen=True, slots=True)
class StoreWrite:
    """One call a stage made on the store: the method and its arguments (the run id left out)."""

    method: WriteMethod
    args: tuple[Any, ...]
    kwargs: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class TaskResult:
    """What a worker did with a task: the store writes, the stage counts, where and how it ran."""

    index: int
    writes: list[StoreWrite] = field(default_factory=list)
    #: Per stage (annotate, extract, framing): the counts ``*_pending`` returned.
    stages: dict[str, dict[str, int]] = field(default_factory=dict)
    #: Documents of the task already stored (by an earlier run, or read twice in the task): counted only.
    unchanged: int = 0
    worker: str = ""
    #: Peak resident memory of the worker process so far, in bytes.
    peak_rss: int = 0
    seconds: float = 0.0


def cut_tasks(inputs: Iterable[RawInput | Failure], *, max_inputs: int = TASK_INPUTS,
              max_bytes: int = TASK_BYTES) -> Iterator[Task | Failure]:
    """Group consecutive raw inputs into tasks of at most ``max_inputs`` inputs and about
    ``max_bytes`` bytes (a larger input is a task alone); failures pass through in place.

    Deterministic: the same inputs give the same tasks, whatever engine runs them.
    """
    group: list[RawInput] = []
    size = 0
    index = 0
    for entry in inputs:
        if isinstance(entry, Failure):
            yield entry
            continue
        if group and (len(group) >= max_inputs or size + len(entry.data) > max_bytes):
            yield Task(index, tuple(group))
            index += 1
            group, size = [], 0
        group.append(entry)
        size += len(entry.data)
    if group:
        yield Task(index, tuple(group))


def merge_counts(into: dict[str, dict[str, int]], stages: dict[str, dict[str, int]]) -> None:
    """Add one task's stage counts to the run's. A rate (``sentences_per_s``) is kept as the
    milliseconds it implies, for ``finish_counts`` to turn back into the run's rate."""
    for stage, counts in stages.items():
        target = into.setdefault(stage, {})
        for key, value in counts.items():
            if key.endswith("_per_s"):
                if value:
                    target["_ms"] = target.get("_ms", 0) + int(1000 * counts.get("sentences", 0) / value)
                continue
            if key in FLAGS:
                target[key] = max(target.get(key, 0), int(value))
            else:
                target[key] = target.get(key, 0) + int(value)


def finish_counts(stages: dict[str, dict[str, int]]) -> None:
    """Rates from the milliseconds ``merge_counts`` kept: sentences per second over the run."""
    for counts in stages.values():
        ms = counts.pop("_ms", 0)
        if "sentences" in counts:
            counts["sentences_per_s"] = int(1000 * counts["sentences"] / ms) if ms else 0
