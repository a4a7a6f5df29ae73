"""Sentences find their pieces and mentions by bisection (linear in a long item, issue 16):
the same records, in the same order, as a scan per sentence."""

from __future__ import annotations

import random
from dataclasses import dataclass

from counterpoint.extract.extractor import _ByStart


@dataclass(frozen=True)
class Rec:
    start: int
    name: str


def test_within_gives_what_a_scan_gives_in_the_given_order() -> None:
    rng = random.Random(16)
    records = [Rec(rng.randrange(0, 500), f"r{i}") for i in range(300)]  # unsorted, with ties
    index = _ByStart(records)
    for _ in range(200):
        a = rng.randrange(0, 520)
        b = a + rng.randrange(0, 60)
        assert index.within(a, b) == [r for r in records if a <= r.start < b]
    assert _ByStart([]).within(0, 10) == []
