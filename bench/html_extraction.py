"""Main-text quality of counterpoint's HTML reader on the article-extraction benchmark.

Runs ``counterpoint.read.html.extract_page`` on every page of the data set
(``html/*.html.gz`` with ``ground-truth.json``; by default
``../shared/data/html-extraction`` beside the repository) and prints
precision, recall and F1 of word 4-gram shingles against the ground truth,
computed as that benchmark's ``evaluate.py`` computes them:

* tokens are ``\\w+`` runs; shingles are the 4-token windows (a text of fewer
  than 4 tokens is one shorter shingle);
* per page, true/false positives and false negatives count shingles with
  multiplicity, then are divided by their sum so that every page weighs the same;
* precision is averaged over pages that predicted something, recall over
  pages whose truth has something; F1 is the harmonic mean of the two averages.

The same metric is printed for the installed trafilatura run directly on the
raw bytes (``extract(..., output_format="json", with_metadata=True,
include_comments=False)``) and for each reference output stored with the data set
(``reference_outputs/*.json``), e.g. trafilatura 2.0.0, whose published F1 is
0.958. Exits 0 with "skipped: ..." when the data set is absent; exits 1 when
our F1 is more than ``--tolerance`` below the published anchor.

Usage: ``.venv/bin/python bench/html_extraction.py [--data DIR] [--show-worst N]``
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

from counterpoint.errors import InputError
from counterpoint.read.html import extract_page

ANCHOR_F1 = 0.958  # trafilatura 2.0.0 on this benchmark, as published with the data set
DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "html-extraction"
_WORD = re.compile(r"\w+")

Counts = tuple[float, float, float]


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Word n-gram multiset of ``text`` (one shorter shingle for a short text)."""
    tokens = _WORD.findall(text or "")
    if len(tokens) < n:
        return Counter([tuple(tokens)] if tokens else [])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def page_counts(truth: str, predicted: str) -> Counts:
    """Normalised (tp, fp, fn) of one page."""
    want, got = shingles(truth), shingles(predicted)
    tp = sum((want & got).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def scores(pages: list[Counts]) -> tuple[float, float, float]:
    """Macro precision, macro recall and their harmonic mean."""

    def precision(tp: float, fp: float, fn: float) -> float:
        if fp == fn == 0:
            return 1.0
        return 0.0 if tp == fp == 0 else tp / (tp + fp)

    def recall(tp: float, fp: float, fn: float) -> float:
        if fp == fn == 0:
            return 1.0
        return 0.0 if tp == fn == 0 else tp / (tp + fn)

    ps = [precision(*c) for c in pages if c[0] + c[1] > 0]
    rs = [recall(*c) for c in pages if c[0] + c[2] > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the data set folder")
    parser.add_argument("--show-worst", type=int, default=0, help="list the N pages we score worst on")
    parser.add_argument("--tolerance", type=float, default=0.01, help="allowed F1 drop below the anchor")
    parser.add_argument(
        "--no-direct",
        action="store_true",
        help="skip the direct trafilatura.extract run on the raw bytes (the installed version's own score)",
    )
    args = parser.parse_args(argv)
    data: Path = args.data
    truth_file = data / "ground-truth.json"
    if not truth_file.is_file():
        print(f"skipped: data set not found at {data} (no ground-truth.json); give --data DIR")
        return 0
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    ours: dict[str, str] = {}
    failures = 0
    started = time.perf_counter()
    for key in sorted(truth):
        page = data / "html" / f"{key}.html.gz"
        try:
            raw = gzip.decompress(page.read_bytes())
            ours[key] = extract_page(raw, locator=str(page)).text
        except (OSError, InputError) as exc:
            failures += 1
            ours[key] = ""
            print(f"  no text for {key}: {exc}", file=sys.stderr)
    elapsed = time.perf_counter() - started
    direct: dict[str, str] = {}
    if not args.no_direct:
        import trafilatura

        for key in sorted(truth):
            raw = gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes())
            out = trafilatura.extract(raw, include_comments=False, output_format="json", with_metadata=True)
            direct[key] = json.loads(out)["text"] if out else ""

    print(f"html-extraction benchmark: {len(truth)} pages from {data}")
    print("metric: word (\\w+) 4-gram shingles, per-page normalised tp/fp/fn, macro P and R, F1 of the means")
    print("        (as the benchmark's evaluate.py computes them)")
    rows: list[tuple[str, float, float, float]] = []
    per_page = {k: page_counts(truth[k].get("articleBody", ""), ours[k]) for k in truth}
    p, r, f1 = scores(list(per_page.values()))
    rows.append(("counterpoint html reader", p, r, f1))
    if direct:
        import trafilatura

        counts = [page_counts(truth[k].get("articleBody", ""), direct[k]) for k in truth]
        rows.append((f"trafilatura {trafilatura.__version__} extract(json)", *scores(counts)))
    for ref in sorted((data / "reference_outputs").glob("*.json")):
        content = json.loads(ref.read_text(encoding="utf-8"))
        output = content.get("output", content)
        version = content.get("version", "?")
        counts = [
            page_counts(truth[k].get("articleBody", ""), (output.get(k) or {}).get("articleBody", "")) for k in truth
        ]
        rows.append((f"reference {ref.stem} {version}", *scores(counts)))
    for name, rp, rr, rf in rows:
        print(f"  {name:<36} precision={rp:.3f}  recall={rr:.3f}  F1={rf:.3f}")
    print(f"  ({failures} pages without text; {elapsed / len(truth) * 1000:.1f} ms a page)")
    if args.show_worst:
        worst = sorted(per_page.items(), key=lambda kv: kv[1][0])[: args.show_worst]
        for key, (tp, fp, fn) in worst:
            print(f"  worst {key}: tp={tp:.2f} fp={fp:.2f} fn={fn:.2f} {truth[key].get('url')}")
    floor = ANCHOR_F1 - args.tolerance
    verdict = "ok" if f1 >= floor else "BELOW FLOOR"
    print(f"anchor: trafilatura published F1 {ANCHOR_F1}; floor {floor:.3f}; ours {f1:.3f}: {verdict}")
    return 0 if f1 >= floor else 1


if __name__ == "__main__":
    sys.exit(main())
