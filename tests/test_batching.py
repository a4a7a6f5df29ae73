"""Batches keep order, respect the size, and never split a group."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from counterpoint.batching import batches


@given(st.lists(st.integers(0, 5)), st.integers(1, 7))
def test_batches_keep_everything_in_order(items: list[int], size: int) -> None:
    plain = list(batches(items, size))
    assert [x for b in plain for x in b] == items
    assert all(len(b) == size for b in plain[:-1])
    grouped = list(batches(sorted(items), size, group=lambda x: x))
    assert [x for b in grouped for x in b] == sorted(items)
    for left, right in itertools.pairwise(grouped):
        assert left[-1] != right[0]  # a group is never cut
