"""Which lines are headlines: of the items of a multi-item page, or of a
single article.

A page holds several items when at least two lines qualify as item headlines:

1. **anchors**: headline-shaped lines (one line, at most 200 characters, not
   ending like running text) with a publication date at their end or start,
   where the date's printed form is shared with another such line or the line
   is in title case; and bullet lines (``• ``, ``- ``, ``1. ``) followed by a
   paragraph, when at least two bullets are;
2. **pattern lines**: undated lines that share a prefix label with at least
   two anchors (``DPRK: ...``, ``UPDATE - ...``) and, where most anchors end in
   ``!`` or ``?``, that ending too;
3. on a page without anchors, undated title-shaped lines that repeat a
   pattern: each with a kicker line above it (at least twice), sharing a
   prefix label (at least twice), or following the read-more or share
   widget that closed the item before.

A candidate directly followed by another headline is a kicker, not a
headline. Guarantees: pure functions of the analysed lines; indices returned
ascending; no date parser is called.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from counterpoint.model import Dropped
from counterpoint.segment.boilerplate import classify_line, glued_tail
from counterpoint.segment.dates import HeadlineDate, SlashOrder, find_headline_date, has_numeric_date
from counterpoint.segment.lines import (
    Line,
    body_like,
    bullet_length,
    ends_terminal,
    has_letters,
    is_photo_caption,
    kicker_like,
    last_char,
    prefix_split,
    title_case_ratio,
    word_count,
)
from counterpoint.segment.pagedates import is_date_line

#: Lines longer than this are never headlines (and are not searched for dates).
MAX_HEADLINE = 200
_ITEM_ENDERS = frozenset({"read-more", "share-button", "related"})
#: Labels of a date line ("Published: 7 October 2025"): such a line is no headline.
_DATE_LABELS = re.compile(
    r"(?i)(?:(?:first|last)\s+)?(?:published|updated|posted|modified|created|date|dated|issued|released)"
    r"(?:\s+(?:on|at))?\W*$"
)


@dataclass(frozen=True, slots=True)
class LineInfo:
    """A line with what segmentation needs to know about it.

    ``reason`` is set when the whole line is boilerplate. Otherwise the line's
    content runs from ``line.start + marker`` (after a list marker) to
    ``content_end`` (before widget words glued to its end, kept in ``tails``);
    ``date`` is a date printed at the start or end of that content, its title
    offsets relative to ``content``. ``photo`` says the content is marked as a
    picture caption; ``numeric`` that it holds a numeric slash or dash date,
    whose reading depends on the page.
    """

    line: Line
    reason: str | None
    marker: int
    content_end: int
    tails: tuple[Dropped, ...]
    date: HeadlineDate | None
    photo: bool = False
    numeric: bool = False

    @property
    def content(self) -> str:
        return self.line.text[self.marker : self.content_end - self.line.start]

    @property
    def title(self) -> str:
        """The content without its headline date (the content when there is none)."""
        if self.date is None:
            return self.content
        return self.content[self.date.title_start : self.date.title_end]

    @property
    def dated(self) -> bool:
        """True when a date is printed with a title beside it."""
        return self.date is not None and self.date.title_end > self.date.title_start


def analyse(line: Line, order: SlashOrder) -> LineInfo:
    """Classify one line: boilerplate, glued widget words, list marker, date."""
    text = line.text
    reason = classify_line(text)
    if reason is not None:
        return LineInfo(line, reason, 0, line.end, (), None)
    end = len(text)
    tails: list[Dropped] = []
    for _ in range(3):
        found = glued_tail(text[:end])
        if found is None:
            break
        cut, why = found
        tail_start = cut
        while tail_start < end and text[tail_start].isspace():
            tail_start += 1
        tails.append(Dropped(line.start + tail_start, line.start + end, text[tail_start:end], why))
        end = cut
    tails.reverse()
    marker = bullet_length(text[:end])
    content = text[marker:end]
    short = len(content) <= MAX_HEADLINE + 20
    date = find_headline_date(content, order) if short else None
    numeric = short and has_numeric_date(content)
    photo = is_photo_caption(content)
    return LineInfo(line, None, marker, line.start + end, tuple(tails), date, photo, numeric)


def _heading_shape(s: str, *, min_words: int = 3, min_ratio: float = 0.0) -> bool:
    """A line that can be a headline; never a line that is only a date, a time or a stamp
    (``Today: Wednesday, 24 April 2024``, ``2023-05-31 04:20:25``, ``1685509057``)."""
    if len(s) > MAX_HEADLINE or ends_terminal(s) or not has_letters(s) or bullet_length(s) or is_date_line(s):
        return False
    n = word_count(s)
    return min_words <= n <= 30 and (min_ratio <= 0 or title_case_ratio(s) >= min_ratio)


def _dated(infos: Sequence[LineInfo], content: Sequence[int]) -> list[int]:
    cands = []
    for i in content:
        inf = infos[i]
        if not inf.dated or len(inf.content) > MAX_HEADLINE:
            continue
        title = inf.title
        if ends_terminal(title) or word_count(title) < 2 or not has_letters(title) or _DATE_LABELS.match(title):
            continue
        if is_date_line(inf.content):  # "May 31, 2023, 1:51 AM": a stamp, not a dated headline
            continue
        cands.append(i)
    keys = Counter(d.key for i in cands if (d := infos[i].date) is not None)
    out = []
    for i in cands:
        d = infos[i].date
        if d is not None and (keys[d.key] >= 2 or title_case_ratio(infos[i].title) >= 0.5):
            out.append(i)
    return out


def _bulleted(infos: Sequence[LineInfo], content: Sequence[int]) -> list[int]:
    out = []
    for pos, i in enumerate(content):
        inf = infos[i]
        if not inf.marker:
            continue
        t = inf.content
        if len(t) > MAX_HEADLINE or word_count(t) < 2 or ends_terminal(t) or not has_letters(t):
            continue
        if pos + 1 >= len(content):
            continue
        nxt = infos[content[pos + 1]]
        if nxt.marker or not body_like(nxt.content):
            continue
        out.append(i)
    return out if len(out) >= 2 else []


def _patterned(infos: Sequence[LineInfo], content: Sequence[int], anchors: Sequence[int]) -> list[int]:
    titles = [infos[a].title for a in anchors]
    heads = Counter(split[0].casefold() for t in titles if (split := prefix_split(t)))
    shared = {h for h, c in heads.items() if c >= 2}
    if not shared:
        return []
    ends = Counter(last_char(t) for t in titles)
    end_char, count = ends.most_common(1)[0]
    signature = end_char if end_char in "!?" and count >= 2 and 3 * count >= 2 * len(titles) else None
    anchor_set = set(anchors)
    out = []
    for i in content:
        if i in anchor_set:
            continue
        inf = infos[i]
        t = inf.content
        if inf.marker or inf.photo or not _heading_shape(t, min_words=3):
            continue
        split = prefix_split(t)
        if split is None or split[0].casefold() not in shared or word_count(split[1]) < 3:
            continue
        if not (title_case_ratio(split[1]) >= 0.5 or split[0].isupper()):
            continue
        if signature is not None and last_char(t) != signature:
            continue
        out.append(i)
    return out


def _kickered(infos: Sequence[LineInfo], content: Sequence[int], anchors: Sequence[int]) -> list[int]:
    """Undated headlines in a page whose dated headlines carry kickers.

    When at least two anchors have a kicker line right above them, an undated
    headline-shaped line with a kicker above it (that kicker after a paragraph)
    and a paragraph below it starts an item too.
    """
    pos = {i: p for p, i in enumerate(content)}
    texts = [infos[i].content for i in content]

    def kicker_above(p: int) -> bool:
        if p < 1 or not _label_above(infos[content[p - 1]]):
            return False
        return p < 2 or body_like(texts[p - 2])

    with_kicker = sum(1 for a in anchors if a in pos and kicker_above(pos[a]))
    if with_kicker < 2:
        return []
    anchor_set = set(anchors)
    out = []
    for p, i in enumerate(content):
        inf = infos[i]
        if i in anchor_set or inf.marker or inf.photo or inf.date is not None:
            continue
        if not _heading_shape(texts[p]) or not kicker_above(p):
            continue
        if p + 1 < len(texts) and body_like(texts[p + 1]) and word_count(texts[p - 1]) < word_count(texts[p]):
            out.append(i)
    return out


def _undated(infos: Sequence[LineInfo], content: Sequence[int]) -> list[int]:
    c = [i for i in content if not infos[i].photo]
    texts = [infos[i].content for i in c]

    def body_follows(p: int) -> bool:
        """A paragraph follows line ``p``, maybe after a line that is only a date."""
        if p + 1 < len(c) and body_like(texts[p + 1]):
            return True
        date_line = p + 1 < len(c) and infos[c[p + 1]].date is not None and not infos[c[p + 1]].dated
        return date_line and p + 2 < len(c) and body_like(texts[p + 2])

    # (a) a kicker above a longer headline, above a paragraph, twice or more
    pairs = []
    for p in range(1, len(c) - 1):
        k, h = texts[p - 1], texts[p]
        if not (kicker_like(k) and _heading_shape(h) and body_follows(p)) or _continued(infos, c[p]):
            continue
        if word_count(k) >= word_count(h) or (p >= 2 and not body_like(texts[p - 2])):
            continue
        pairs.append(c[p])
    if len(pairs) >= 2:
        return pairs
    # (b) a shared prefix label
    labelled: dict[str, list[int]] = {}
    for p, i in enumerate(c):
        t = texts[p]
        split = prefix_split(t)
        if split is None or not _heading_shape(t) or not body_follows(p):
            continue
        head, rest = split
        if word_count(rest) >= 3 and (title_case_ratio(rest) >= 0.5 or head.isupper()):
            labelled.setdefault(head.casefold(), []).append(i)
    best = max(labelled.values(), key=len, default=[])
    if len(best) >= 2:
        return best
    # (c) title-case lines after the widget that closed the item before
    after_widget = []
    for p, i in enumerate(c):
        t = texts[p]
        if not _heading_shape(t, min_ratio=0.6) or not body_follows(p):
            continue
        before = infos[i - 1] if i > 0 else None
        if before is None:
            continue
        if before.reason in _ITEM_ENDERS or any(d.reason in _ITEM_ENDERS for d in before.tails):
            after_widget.append(i)
    if not after_widget:
        return []
    first = c[0] if c else -1
    if first not in after_widget and _heading_shape(texts[0], min_ratio=0.6) and body_follows(0):
        after_widget.insert(0, first)
    return after_widget if len(after_widget) >= 2 else []


def _demote(infos: Sequence[LineInfo], content: Sequence[int], heads: list[int]) -> list[int]:
    """Drop a headline directly followed by another headline when it is short
    enough to be that headline's kicker."""
    head_set = set(heads)
    nxt = {a: b for a, b in itertools.pairwise(content)}
    for h in reversed(heads):
        follower = nxt.get(h)
        if follower in head_set and kicker_like(infos[h].content):
            head_set.discard(h)
    return sorted(head_set)


def item_headlines(infos: Sequence[LineInfo]) -> list[int]:
    """Indices of the item headlines of a multi-item page, or ``[]`` when the
    page reads as one item (fewer than two headlines)."""
    content = [i for i, inf in enumerate(infos) if inf.reason is None]
    anchors = sorted(set(_dated(infos, content)) | set(_bulleted(infos, content)))
    if anchors:
        extra = set(_patterned(infos, content, anchors)) | set(_kickered(infos, content, anchors))
        heads = sorted(set(anchors) | extra)
    else:
        heads = _undated(infos, content)
    heads = _demote(infos, content, heads)
    if len(heads) < 2:
        return []
    # a run of dated lines with nothing between them is a list (a timeline in
    # an article), not items: at least two headlines must have a body
    with_body = sum(1 for h, nxt in zip(heads, [*heads[1:], len(infos)], strict=True) if _has_body(infos, h, nxt))
    return heads if with_body >= 2 else []


def _has_body(infos: Sequence[LineInfo], head: int, stop: int) -> bool:
    return any(infos[i].reason is None and body_like(infos[i].content) for i in range(head + 1, stop))


# -- single articles ----------------------------------------------------------------

_NORM = re.compile(r"\w+")
_TITLE_PARTS = re.compile(r"\s+[|–—»-]\s+|\s*::\s*")


def _norm(s: str) -> str:
    return " ".join(_NORM.findall(s.casefold()))


def near_repeat(line: str, title: str) -> bool:
    """True when ``line`` repeats ``title``: equal once case and punctuation
    are set aside, equal to one part of a ``Headline | Site`` title, one
    contained in the other with at least 60% of its length, or at least 85%
    alike (difflib ratio)."""
    a, b = _norm(line), _norm(title)
    if not a or not b:
        return False
    if a == b or a in {_norm(p) for p in _TITLE_PARTS.split(title)}:
        return True
    shorter, longer = sorted((a, b), key=len)
    if len(shorter) >= 0.6 * len(longer) and shorter in longer:
        return True
    if len(shorter) < 0.7 * len(longer):
        return False
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.quick_ratio() >= 0.85 and matcher.ratio() >= 0.85


@dataclass(frozen=True, slots=True)
class SingleHead:
    """Caption and headline line indices of a single article (either may be None)."""

    caption: int | None
    headline: int | None


def single_headline(infos: Sequence[LineInfo], title: str | None) -> SingleHead:
    """Find the headline of a document that is one item.

    With a ``title`` (HTML metadata) the headline is one of the first three
    content lines that near-repeats it, else there is none. Without one: the
    first of the first three content lines that carries a headline date, else
    the first that is headline-shaped (one line, at most 200 characters, two
    words or more, not ending like running text), provided some other content
    follows. A short label line right above the headline is its caption.
    """
    content = [i for i, inf in enumerate(infos) if inf.reason is None and not inf.photo]
    first = content[:3]
    head: int | None = None
    if title is not None and title.strip():
        for i in first:
            inf = infos[i]
            if near_repeat(inf.content, title) or (inf.dated and near_repeat(inf.title, title)):
                head = i
                break
    else:
        for i in first:
            inf = infos[i]
            title = inf.title
            if inf.dated and not ends_terminal(title) and word_count(title) >= 2 and not _DATE_LABELS.match(title) \
                    and not is_date_line(inf.content):
                head = i
                break
        if head is None and len(content) > 1:
            for i in first:
                inf = infos[i]
                if inf.date is not None and (not inf.dated or _DATE_LABELS.match(inf.title)):
                    continue
                if _heading_shape(inf.content, min_words=2) and not _continued(infos, i):
                    head = i
                    break
        if head is not None and infos[head].date is None:
            head = _past_kicker(infos, content, head)
    if head is None:
        return SingleHead(None, None)
    caption = None
    above = head - 1
    if above >= 0 and _label_above(infos[above]):
        caption = above
    return SingleHead(caption, head)


def _past_kicker(infos: Sequence[LineInfo], content: Sequence[int], head: int) -> int:
    """Move from a short label line to the longer headline right below it."""
    pos = content.index(head)
    if pos + 2 >= len(content) or content[pos + 1] != head + 1:
        return head
    k, h = infos[head].content, infos[head + 1].content
    label = kicker_like(k) and word_count(k) <= 6 and word_count(k) < word_count(h)
    if label and _heading_shape(h, min_words=2) and not infos[head + 1].marker and not _continued(infos, head + 1):
        return head + 1
    return head


def _continued(infos: Sequence[LineInfo], i: int) -> bool:
    """True when line ``i`` runs on into the next line (hard-wrapped text):
    the next line is in the same block and starts with a lowercase letter."""
    if i + 1 >= len(infos):
        return False
    nxt = infos[i + 1]
    return nxt.line.block == infos[i].line.block and nxt.reason is None and nxt.content[:1].islower()


def _label_above(inf: LineInfo) -> bool:
    return inf.reason is None and not inf.marker and inf.date is None and kicker_like(inf.content)
