"""Check the time-expression finder on the seed documents (not part of the test suite).

    .venv/bin/python scripts/check_seed_dates.py [--seeds ../shared/corpus/seeds] [--bench]

Splits each seed text on blank lines and runs ``find_dates`` on every block, dated as
../shared/corpus/seeds/EXPECTED.md says (the blog roll's items by their headline dates, the
undated item as unknown; the news report 2025-04-28). Prints every expression found and checks the
five targets: "October 9" -> 2024-10-09, "June 19, 2024" -> 2024-06-19, "June last year" ->
2024-06, "09:45 of September 9" -> 2024-09-09, "July 1943" -> 1943-07, and that no value is
invented in an undated item (an undated "on the 9th" stays unknown). Exits 0 when all hold, 1
otherwise, 0 with "skipped" without seeds.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from counterpoint.annotate.dates import DateOrder, find_dates, page_date_order
from counterpoint.model import PartialDate

ROOT = Path(__file__).resolve().parent.parent

#: Blog-roll headlines end in "(d.m.yyyy)"; a block holding one starts the next item. The item
#: whose headline has no date is unknown; its caption block is recognised by its words.
_HEADLINE_DATE = re.compile(r"\((\d{1,2})\.(\d{1,2})\.(\d{4})\)\s*$")
_UNDATED_CAPTION = "Guard Tank Units Prevail!"

#: (expression text, expected ISO value, granularity)
TARGETS = [
    ("October 9", "2024-10-09", "day"),
    ("June 19, 2024", "2024-06-19", "day"),
    ("June last year", "2024-06", "month"),
    ("09:45 of September 9", "2024-09-09", "day"),
    ("July 1943", "1943-07", "month"),
]


def _blog_roll(text: str) -> list[tuple[str, PartialDate]]:
    """(block, published) for the blocks of 000: a block takes the date of the item it belongs to."""
    blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
    out: list[tuple[str, PartialDate]] = []
    first = next((m for m in map(_HEADLINE_DATE.search, blocks) if m), None)
    published = PartialDate(int(first.group(3)), int(first.group(2)), int(first.group(1)), "headline") if first \
        else PartialDate()  # the first caption comes before the first headline
    for block in blocks:
        m = _HEADLINE_DATE.search(block)
        if m:
            published = PartialDate(int(m.group(3)), int(m.group(2)), int(m.group(1)), "headline")
        elif block.strip() == _UNDATED_CAPTION:
            published = PartialDate()
        out.append((block, published))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "corpus" / "seeds")
    parser.add_argument("--bench", action="store_true", help="print microseconds per 100 words")
    args = parser.parse_args()
    blog, report = sorted(args.seeds.glob("000_*.txt")), sorted(args.seeds.glob("003_*.txt"))
    if not blog or not report:
        print(f"skipped: no seed documents at {args.seeds}")
        return 0
    pieces = [("000", block, pub) for block, pub in _blog_roll(blog[0].read_text(encoding="utf-8"))]
    report_text = report[0].read_text(encoding="utf-8")
    dated = PartialDate(2025, 4, 28, "header")
    pieces += [("003", b, dated) for b in re.split(r"\n\s*\n", report_text) if b.strip()]
    order = page_date_order(b for _, b, _ in pieces)
    print(f"page order: {order}")
    found: dict[str, tuple[str | None, str, str]] = {}
    undated_values: list[str] = []
    for doc, block, published in pieces:
        exprs = find_dates(block, item_id=doc, field="body", published=published, order=order)
        for e in exprs:
            assert block[e.start:e.end] == e.text
            print(f"{doc} published {published.iso() or 'unknown':10}  {e.text!r:26} -> "
                  f"{e.value.iso() or 'unknown':10} {e.value.granularity:7} {e.kind:9}  "
                  f"| {block[max(0, e.start - 30):e.end + 20]!r}")
            found.setdefault(e.text, (e.value.iso(), e.value.granularity, e.kind))
            if not published.known and e.value.known and not re.search(r"\d{4}", e.text):
                undated_values.append(e.text)  # a value that the text does not give: invented
    problems = 0
    print()
    for text, value, granularity in TARGETS:
        got = found.get(text)
        ok = got is not None and got[:2] == (value, granularity)
        problems += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {text!r} -> {value} ({granularity}); got {got}")
    ok = not undated_values
    problems += not ok
    print(f"{'ok  ' if ok else 'FAIL'} no value invented in an undated item; got {undated_values or 'none'}")
    probe = find_dates("The drill was held on the 9th.", item_id="probe", field="body", published=PartialDate())
    ok = [(e.text, e.value.granularity) for e in probe] == [("9th", "unknown")]
    problems += not ok
    print(f"{'ok  ' if ok else 'FAIL'} an undated item's 'on the 9th' stays unknown; got "
          f"{[(e.text, e.value.iso()) for e in probe]}")
    if args.bench:
        words = sum(len(b.split()) for _, b, _ in pieces)
        best = min(_timed(pieces, order) for _ in range(20))
        print(f"cost: {best * 1e6 / words * 100:.1f} µs per 100 words ({words} words, best of 20)")
    return 1 if problems else 0


def _timed(pieces: list[tuple[str, str, PartialDate]], order: DateOrder) -> float:
    start = time.perf_counter()
    for doc, block, published in pieces:
        find_dates(block, item_id=doc, field="body", published=published, order=order)
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
