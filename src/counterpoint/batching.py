"""Cutting a stream into batches, optionally without splitting a group."""

from __future__ import annotations

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
