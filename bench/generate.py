"""Generated documents for benchmarks: news-like text, deterministic by seed.

Two layouts, mixed 3:1: single reports in a crawler-dump layout (a ` date`
header line, a headline, paragraphs, a glued share word) and blog-roll pages
of three items (caption, headline with a day-first date, excerpt,
pagination). About 600 words each. Nothing here comes from a real article.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

ACTORS = [
    "the Korean People's Army", "North Korea", "Pyongyang", "the defence ministry in Seoul", "Russia",
    "the Kremlin", "Ukrainian forces", "the General Staff", "Kim Jong Un", "President Putin",
    "the United Nations", "the foreign ministry", "Moscow", "Kyiv", "the Joint Chiefs of Staff",
]
VERBS = [
    "said", "announced", "confirmed", "denied", "warned", "reported", "claimed", "stressed",
    "accused", "praised", "criticised", "rejected", "welcomed", "demanded",
]
OBJECTS = [
    "a new round of military drills", "the deployment of additional units", "talks on border security",
    "the closure of roads near the frontier", "a missile launch into the sea", "an exchange of prisoners",
    "the shelling of several villages", "a treaty on strategic partnership", "sanctions on shipping firms",
    "the liberation of the region", "losses among the attacking units", "aid deliveries to the front",
]
PLACES = ["near Kursk", "along the southern border", "in Pyongyang", "in Seoul", "off the east coast",
          "in the Sudzha district", "at a training ground", "in Moscow", "near the demilitarised zone"]
TIMES = ["on Tuesday", "last week", "on 9 October", "earlier this month", "in June last year", "overnight",
         "on Friday morning", "days later"]
CAPTIONS = ["Border Update!", "Military News", "Diplomacy Desk", "Front Line Report", "Leader Activities"]


def _sentence(rng: random.Random) -> str:
    parts = [rng.choice(ACTORS), rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(PLACES)]
    if rng.random() < 0.6:
        parts.append(rng.choice(TIMES))
    text = " ".join(parts)
    if rng.random() < 0.3:
        text += ", according to " + rng.choice(ACTORS)
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _headline(rng: random.Random) -> str:
    words = f"{rng.choice(ACTORS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}".split()
    return " ".join(w[:1].upper() + w[1:] for w in words)


def single_report(rng: random.Random, n: int) -> str:
    day = 1 + n % 28
    month = 1 + n % 12
    paragraphs = [_paragraph(rng, 4) for _ in range(10)]
    paragraphs[3] += " Share"
    return f" date 2025-{month:02d}-{day:02d} " + "\n\n".join([_headline(rng), *paragraphs]) + "\n"


def blog_roll(rng: random.Random, n: int) -> str:
    blocks = []
    for k in range(3):
        day, month = 1 + (n + k) % 28, 1 + (n + 3 * k) % 12
        blocks.append(rng.choice(CAPTIONS))
        blocks.append(f"DPRK: {_headline(rng)}! ({day}.{month}.2024)")
        blocks.extend(_paragraph(rng, 4) for _ in range(4))
    blocks.append("1 2 3")
    return "\n\n".join(blocks) + "\n"


def documents(count: int, seed: int = 7) -> Iterator[tuple[str, str]]:
    """``(file name, text)`` for ``count`` documents, generated lazily."""
    rng = random.Random(seed)
    for n in range(count):
        text = blog_roll(rng, n) if n % 4 == 3 else single_report(rng, n)
        yield f"doc-{n:06d}.txt", text


def write_corpus(folder: Path, count: int, seed: int = 7) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in documents(count, seed):
        (folder / name).write_text(text, encoding="utf-8")
    return folder
