"""Hostile text made safe to show in HTML: visible control characters, safe links, highlighted spans.

Every string shown by the web UI and the HTML report comes from articles, feeds or file names and
is hostile. Three rules, each applied in one place:

* **escaping**: Jinja autoescape is on for every template; nothing builds HTML by concatenating
  stored text (``segments`` cuts text into plain pieces that the templates escape one by one);
* **controls**: bidirectional overrides, embeddings, isolates and marks, and C0/C1 control
  characters (but tab and newline) would reorder or hide what a reader sees; ``visible`` replaces
  each with a visible marker such as ``⟦RLO⟧`` (the template environment applies it to every
  output, see ``counterpoint.web.templating``);
* **links**: only ``http`` and ``https`` URLs become links (``safe_href``); ``javascript:``,
  ``data:`` and everything else is shown as text. Links open nothing by themselves: the web
  process never fetches a URL.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

_NAMES = {
    "\u061c": "ALM", "\u200e": "LRM", "\u200f": "RLM", "\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF",
    "\u202d": "LRO", "\u202e": "RLO", "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI",
}
#: C0 controls but tab and newline, DEL, C1 controls, and the bidi controls named above.
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _marker(match: re.Match[str]) -> str:
    char = match.group(0)
    return "⟦" + _NAMES.get(char, f"U+{ord(char):04X}") + "⟧"


def visible(text: str) -> str:
    """``text`` with every bidi control and control character replaced by a visible marker
    (``⟦RLO⟧``, ``⟦U+0007⟧``); carriage returns are kept as they are."""
    return CONTROLS.sub(_marker, text.replace("\r\n", "\n"))


def safe_href(url: str | None) -> str | None:
    """``url`` when it is an absolute ``http``/``https`` URL with a host and no control characters or
    whitespace, else ``None`` (shown as text, never as a link)."""
    if not url or len(url) > 4000 or CONTROLS.search(url) or any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def path_part(value: str) -> str:
    """One URL path segment: everything but unreserved characters percent-encoded."""
    return quote(value, safe="")


@dataclass(frozen=True, slots=True)
class Mark:
    """An annotation over ``[start, end)`` of one text: ``kind`` (framing, actor, place, time, event,
    naming), ``label`` (the technique, the actor id, ...) and ``title`` (what a hover shows)."""

    start: int
    end: int
    kind: str
    label: str
    title: str
    css: str = ""


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a text between two annotation boundaries and the marks that cover it."""

    text: str
    start: int
    marks: tuple[Mark, ...]

    @property
    def css(self) -> str:
        return " ".join(dict.fromkeys(m.css for m in self.marks if m.css))

    @property
    def title(self) -> str:
        return "; ".join(dict.fromkeys(m.title for m in self.marks))


def segments(text: str, marks: Iterable[Mark]) -> list[Segment]:
    """``text`` cut at every mark boundary (overlapping marks split each other), each piece with the
    marks covering it. Marks outside the text are clipped; empty ones dropped. The pieces joined give
    ``text`` back exactly."""
    n = len(text)
    kept = [m for m in marks if 0 <= m.start < m.end and m.start < n]
    cuts = sorted({0, n, *(m.start for m in kept), *(min(m.end, n) for m in kept)})
    by_start = sorted(kept, key=lambda m: (m.start, -m.end))
    out: list[Segment] = []
    active: list[Mark] = []
    k = 0
    for a, b in itertools.pairwise(cuts):
        while k < len(by_start) and by_start[k].start <= a:
            active.append(by_start[k])
            k += 1
        active = [m for m in active if m.end > a]
        out.append(Segment(text[a:b], a, tuple(active)))
    return out


def cut(text: str | None, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis."""
    if not text:
        return ""
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"


def one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def humanize_label(label: str) -> str:
    """A technique label as people read it: ``Name_Calling,Labeling`` -> ``Name calling / labeling``."""
    parts = [p.replace("_", " ").strip() for p in label.split(",")]
    text = " / ".join(p for p in parts if p)
    return text[:1].upper() + text[1:].lower() if text else label


def snippet_pieces(snippet: str, open_mark: str, close_mark: str) -> list[tuple[str, bool]]:
    """An FTS5 snippet with ``open_mark``/``close_mark`` around matches as (text, is_match) pieces."""
    out: list[tuple[str, bool]] = []
    inside = False
    for piece in re.split(f"({re.escape(open_mark)}|{re.escape(close_mark)})", snippet):
        if piece == open_mark:
            inside = True
        elif piece == close_mark:
            inside = False
        elif piece:
            out.append((piece, inside))
    return out


def palette_index(label: str, known: Sequence[str], size: int) -> int:
    """A stable colour index for ``label``: its place in ``known``, else a hash."""
    if label in known:
        return known.index(label) % size
    return (sum(label.encode("utf-8", "replace")) % size) if size else 0
