"""Cutting a stream into batches, optionally without splitting a group; running a stage over them."""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def batches(items: Iterable[T], size: int, *, group: Callable[[T], Hashable] | None = None) -> Iterator[list[T]]:
    """Lists of about ``size`` items, in order, streamed.

    With ``group``, a batch is only cut between items of different groups (a
    document's items stay together), so a batch can exceed ``size`` by one
    group.
    """
    batch: list[T] = []
    last: Hashable = object()
    for item in items:
        key = group(item) if group is not None else None
        if len(batch) >= size and (group is None or key != last):
            yield batch
            batch = []
        batch.append(item)
        last = key
    if batch:
        yield batch


R = TypeVar("R")


def each_or_alone(batch: list[T], work: Callable[[list[T]], Iterable[R]],
                  failed: Callable[[T, Exception], None]) -> list[R | None]:
    """``work`` over the whole batch; if that raises, over one item at a time.

    One bad item must not sink its batch: an item that still fails alone is
    passed to ``failed`` with its error and gives ``None`` in the result,
    which stays aligned with ``batch``.
    """
    try:
        return list(work(batch))
    except Exception:
        results: list[R | None] = []
        for item in batch:
            try:
                results.extend(work([item]))
            except Exception as exc:
                failed(item, exc)
                results.append(None)
        return results


def run_batches(items: Iterable[T], size: int, worker: Callable[[], Callable[[list[T]], Iterable[R]]],
                failed: Callable[[T, Exception], None]) -> Iterator[tuple[list[T], list[R | None], float]]:
    """A batch stage: each batch of ``items`` through ``each_or_alone``, with the seconds it took.

    ``worker`` is called before each batch's clock starts and returns the function to run, so
    models load on first use and their loading is not timed.
    """
    for batch in batches(items, size):
        work = worker()
        started = time.perf_counter()
        results = each_or_alone(batch, work, failed)
        yield batch, results, time.perf_counter() - started
