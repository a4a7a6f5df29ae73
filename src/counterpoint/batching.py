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
