"""Per-document time and memory budgets of the per-document stages.

A document that would take minutes or gigabytes (a hostile or broken input) must not hold
up the run: once over its budget it is stopped and recorded as a failure of its input, with
the numbers and the setting to raise; the run goes on with the next inputs.

The time may be spent inside C code (spaCy, onnxruntime) that no Python signal interrupts,
so with worker processes the budget is kept from the outside: each worker writes the task it
analyses, since when and how many documents it holds into its slot of a shared ``Board``;
a ``Watch`` thread in the main process reads the slots and kills (SIGKILL) a worker over its
budget, after noting why. The engine then records that task's inputs as failures (a task of
several inputs is first split, so that only the input over budget fails). In this process
(``workers=1``) ``soft_budget`` checks the same clock from a SIGALRM handler: it stops a
document when the stage code next runs Python. Memory is the worker's resident set (RSS,
models included, read with psutil); an address-space limit (``RLIMIT_AS``) breaks native
libraries that reserve more than they use.

The clock of a task starts when its worker starts it, and again once the worker has loaded
its models (``restart``), so model loading is never charged to a document. The time allowed
is ``doc_seconds`` for each document of the task (each input until it is read).
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from types import FrameType
from typing import Any

import psutil

from counterpoint.config import Settings
from counterpoint.engine.lifetime import bind_worker
from counterpoint.engine.tasks import StoreWrite, Task, TaskResult, merge_counts
from counterpoint.model import Failure

#: Seconds between two checks of the budgets.
CHECK_SECONDS = 0.2
#: Values per slot of a board: pid, task index, clock start (monotonic; 0: idle), documents.
SLOT = 4
MB = 1_000_000


@dataclass(frozen=True, slots=True)
class Budget:
    """What one document may take: seconds of analysis and resident memory of its worker."""

    seconds: float
    memory_mb: int

    @classmethod
    def of(cls, settings: Settings) -> Budget:
        return cls(float(settings.doc_seconds), int(settings.doc_memory_mb))

    def verdict(self, elapsed: float, documents: int, rss: int) -> str | None:
        """Why a task ``elapsed`` seconds into ``documents`` documents, its worker at ``rss``
        bytes, is over budget; ``None`` while it is within."""
        allowed = self.seconds * max(1, documents)
        if elapsed > allowed:
            return (f"its analysis ran {elapsed:.1f} s, over the time budget of {allowed:g} s"
                    f" ({self.seconds:g} s per document, doc_seconds, for {max(1, documents)} document(s))")
        if rss > self.memory_mb * MB:
            return (f"the worker analysing it grew to {rss // MB} MB of memory, over the memory budget of"
                    f" {self.memory_mb} MB (doc_memory_mb)")
        return None


class OverBudget(BaseException):
    """A task ran over its budget in this process. A ``BaseException``, so that the stages'
    own guards (which record an item's failure and go on) let it through."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def over_budget(task: Task, reason: str) -> TaskResult:
    """The result of a task stopped for its budget: a failure per input, nothing else stored."""
    failures = [StoreWrite("add_failure", (Failure(
        locator=raw.locator, stage="engine", code="over-budget",
        reason=f"this input was stopped: {reason}; nothing of it was stored",
        fix="raise the budget (--doc-seconds / --doc-memory-mb, or doc_seconds / doc_memory_mb in "
            "counterpoint.toml or COUNTERPOINT_DOC_SECONDS / COUNTERPOINT_DOC_MEMORY_MB), or split the "
            "input into smaller files",
    ),)) for raw in task.inputs]
    return TaskResult(task.index, failures)


def split(task: Task) -> list[Task]:
    """One task per input of ``task`` (same index), to find the input that is over budget."""
    return [Task(task.index, (raw,), task.known) for raw in task.inputs]


def combine(index: int, parts: list[TaskResult]) -> TaskResult:
    """The results of a task's parts as one result of the task."""
    out = TaskResult(index)
    for part in parts:
        out.writes.extend(part.writes)
        merge_counts(out.stages, part.stages)
        out.unchanged += part.unchanged
        out.worker = out.worker or part.worker
        out.peak_rss = max(out.peak_rss, part.peak_rss)
        out.seconds += part.seconds
    return out


# -- the worker's side ---------------------------------------------------------------------------
class Clock:
    """The task this process analyses, since when and over how many documents; written through
    to the process's slot of a board when it is a pool worker."""

    def __init__(self, board: Any = None, slot: int = -1) -> None:
        self.board = board
        self.slot = slot
        self.index = -1
        self.started = 0.0
        self.documents = 0

    def _write(self) -> None:
        if self.board is not None and self.slot >= 0:
            base = self.slot * SLOT
            self.board[base + 2] = 0.0  # idle while the other values change
            self.board[base] = float(os.getpid())
            self.board[base + 1] = float(self.index)
            self.board[base + 3] = float(self.documents)
            self.board[base + 2] = self.started

    def begin(self, index: int, documents: int) -> None:
        self.index, self.documents, self.started = index, documents, time.monotonic()
        self._write()

    def restart(self) -> None:
        if self.started:
            self.started = time.monotonic()
            self._write()

    def read(self, documents: int) -> None:
        if self.started and documents > self.documents:
            self.documents = documents
            self._write()

    def end(self) -> None:
        self.started = 0.0
        self._write()


#: This process's clock (a pool worker's, or the one ``soft_budget`` watches); None: no budget.
_clock: Clock | None = None


def restart_clock() -> None:
    """Called once the models are loaded: loading them is not charged to the task."""
    if _clock is not None:
        _clock.restart()


def documents_read(count: int) -> None:
    """Called as the worker reads documents: each has its own share of the time budget."""
    if _clock is not None:
        _clock.read(count)


def init_worker(board: Any, taken: Any, main_pid: int) -> None:
    """A pool worker's initializer: die with the main process, and take a slot of ``board``."""
    global _clock
    bind_worker(main_pid)
    with taken.get_lock():
        slot = int(taken.value)
        taken.value += 1
    _clock = Clock(board, slot if (slot + 1) * SLOT <= len(board) else -1)


def run_task(work: Callable[[Task, Settings, int], TaskResult], task: Task, settings: Settings,
             threads: int) -> TaskResult:
    """In a pool worker: ``work`` on ``task``, on the clock the main process watches."""
    clock = _clock or Clock()
    clock.begin(task.index, len(task.inputs))
    try:
        return work(task, settings, threads)
    finally:
        clock.end()


# -- the main process's side ---------------------------------------------------------------------
class Watch:
    """Watches the slots of a pool's board from a thread of the main process; a worker over its
    budget is killed, and why is kept in ``verdicts`` under the task's index."""

    def __init__(self, context: BaseContext, workers: int, budget: Budget, verdicts: dict[int, str]) -> None:
        self.board: Any = context.Array("d", SLOT * workers, lock=False)
        self.taken: Any = context.Value("i", 0)
        self.budget = budget
        self.verdicts = verdicts
        self._stop = threading.Event()
        self._processes: dict[int, psutil.Process] = {}
        self._thread = threading.Thread(target=self._loop, name="counterpoint-budget-watch", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.wait(CHECK_SECONDS):
            for slot in range(len(self.board) // SLOT):
                self._check(slot)

    def _rss(self, pid: int) -> int:
        try:
            process = self._processes.get(pid) or self._processes.setdefault(pid, psutil.Process(pid))
            return int(process.memory_info().rss)
        except psutil.Error:
            return 0

    def _check(self, slot: int) -> None:
        base = slot * SLOT
        started = self.board[base + 2]
        pid, index, documents = int(self.board[base]), int(self.board[base + 1]), int(self.board[base + 3])
        if not started or not pid or self.board[base + 2] != started:  # idle, or being written
            return
        reason = self.budget.verdict(time.monotonic() - started, documents, self._rss(pid))
        if reason is None:
            return
        self.verdicts[index] = reason
        self.board[base + 2] = 0.0
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


@contextmanager
def soft_budget(budget: Budget) -> Iterator[Clock]:
    """In this process: a clock whose task raises ``OverBudget`` once over ``budget`` (checked
    from SIGALRM every ``CHECK_SECONDS``, so only when the stage code runs Python). Outside
    the main thread, or without SIGALRM, the clock runs without a budget."""
    global _clock
    clock = Clock()
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    me = psutil.Process()

    def check(signum: int, frame: FrameType | None) -> None:
        if clock.started:
            reason = budget.verdict(time.monotonic() - clock.started, clock.documents, int(me.memory_info().rss))
            if reason is not None:
                clock.started = 0.0
                raise OverBudget(reason)

    previous, _clock = _clock, clock
    old_handler: Any = signal.signal(signal.SIGALRM, check) if usable else None
    if usable:
        signal.setitimer(signal.ITIMER_REAL, CHECK_SECONDS, CHECK_SECONDS)
    try:
        yield clock
    finally:
        if usable:
            signal.setitimer(signal.ITIMER_REAL, 0, 0)
            signal.signal(signal.SIGALRM, old_handler)
        clock.end()
        _clock = previous
