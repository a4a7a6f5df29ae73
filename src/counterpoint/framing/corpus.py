"""The Propaganda Techniques Corpus (SemEval-2020 Task 11) as training and evaluation data.

Layout (the official one): ``train-articles/articleID.txt`` (title, blank line, one
sentence per line) and ``train-task2-TC.labels`` / ``train-task1-SI.labels``
(tab-separated ``ID  [technique]  start  end``, end exclusive). The corpus is not
shipped with counterpoint (research-use terms); point the commands at a copy.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from counterpoint.errors import MalformedInputError, NotFoundError
from counterpoint.model import TECHNIQUES

_ARTICLE = re.compile(r"article(\d+)\.txt$")


@dataclass(frozen=True, slots=True)
class Labelled:
    """A gold technique span of an article."""

    article: str
    label: str
    start: int
    end: int


@dataclass(slots=True)
class Corpus:
    """Articles by id, gold technique spans, and span-identification spans."""

    articles: dict[str, str]
    techniques: list[Labelled]
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    def lines(self) -> list[tuple[str, int, int]]:
        """Every non-empty line as ``(article, start, end)`` — the corpus's sentences."""
        out: list[tuple[str, int, int]] = []
        for aid, text in self.articles.items():
            pos = 0
            for line in text.split("\n"):
                if line.strip():
                    out.append((aid, pos, pos + len(line)))
                pos += len(line) + 1
        return out


def load_corpus(folder: Path) -> Corpus:
    """Read a PTC folder; clear errors when it is missing or malformed."""
    articles_dir = folder / "train-articles"
    if not articles_dir.is_dir():
        raise NotFoundError(f"{folder} holds no train-articles/ folder",
                            fix="pass the folder of the Propaganda Techniques Corpus (e.g. ../shared/data/ptc-train)",
                            locator=str(folder))
    articles: dict[str, str] = {}
    for path in sorted(articles_dir.glob("article*.txt")):
        m = _ARTICLE.search(path.name)
        if m:
            articles[m.group(1)] = path.read_text("utf-8")
    techniques: list[Labelled] = []
    tc = folder / "train-task2-TC.labels"
    if not tc.is_file():
        raise NotFoundError(f"{tc} is missing", fix="use the official PTC layout (train-task2-TC.labels)",
                            locator=str(tc))
    for n, line in enumerate(tc.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 4 or parts[1] not in TECHNIQUES or parts[0] not in articles:
            raise MalformedInputError(f"line {n} of {tc.name} is not 'ID<TAB>technique<TAB>start<TAB>end'",
                                 fix="use the official SemEval-2020 Task 11 label files", locator=f"{tc}:{n}")
        techniques.append(Labelled(parts[0], parts[1], int(parts[2]), int(parts[3])))
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    si = folder / "train-task1-SI.labels"
    if si.is_file():
        for line in si.read_text("utf-8").splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[0] in articles:
                spans[parts[0]].append((int(parts[1]), int(parts[2])))
    else:
        for t in techniques:
            spans[t.article].append((t.start, t.end))
    return Corpus(articles, techniques, dict(spans))
