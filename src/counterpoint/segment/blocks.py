"""Boilerplate that only a run of lines shows: link lists, related-story blocks, menus.

A page saved as plain text keeps its link lists as runs of short lines: the
"Also read" headlines after an article, a wire's list of other stories after
``(END)``, a menu of section names at the top, a tag list. One line of such a run
looks like a headline or a kicker; the run does not. :func:`mark_blocks` marks
them as boilerplate (``related`` or ``navigation``) before items are cut:

* **after a heading**: the entries right after a related-story heading
  (``Also read``, ``Related articles``, ``Most read``, ``Trending now``,
  ``Read more on:``, ``More from ...``) or after a wire's ``(END)`` are dropped,
  however few;
* **a long run**: :data:`MIN_RUN` or more entries in a row with no running text
  between them are dropped: as ``navigation`` when every entry is a menu word or
  two (at most four words), else as ``related``.

An **entry** is a short line (at most 150 characters and 25 words) that starts
with a capital letter, a digit, a quotation mark or a bracket, and does not end
like running text (``.``, ``,``, ``;``, ``:``, a lowercase function word); lines
without letters (``-``, ``•``) between entries go with them.

What is kept: items of a blog roll or a digest (each headline is followed by its
paragraph, so no run forms); a run whose entries mostly carry a date, a year or a time (a timeline);
the last entry of a run when running text follows within three lines (the
headline of the article below a menu); hard-wrapped prose (a line followed by a
lowercase continuation ends a run). Linear in the number of lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from counterpoint.segment.boilerplate import classify_line
from counterpoint.segment.headlines import LineInfo
from counterpoint.segment.lines import body_like, has_letters, word_count

#: Entries in a row that make a link list without a heading above them.
MIN_RUN = 5
_MAX_ENTRY = 150
_OPEN = re.compile(r"[A-Z0-9\"“‘'«(\[]|[^\W\d_]", re.UNICODE)
_RUN_ON = re.compile(r"(?i)(?:[,;:]|\b(?:the|a|an|of|to|and|or|in|for|with|on|at|by|from|that|as))\s*$")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b|\b\d{1,2}:\d\d\b")
_END_MARK = re.compile(r"\(?(?:END|-30-|###)\)?")
_HEADINGS = re.compile(r"(?i)[-–—•*\s]*read\s+more\s+(?:on|about)\s*:?\s*")


def _separator(inf: LineInfo) -> bool:
    return inf.reason is None and len(inf.line.text) <= 5 and not has_letters(inf.line.text)


def _entry(inf: LineInfo) -> bool:
    if inf.reason is not None or inf.photo:
        return False
    s = inf.content.strip()
    if not s or len(s) > _MAX_ENTRY or not has_letters(s) or word_count(s) > 25 or _END_MARK.fullmatch(s):
        return False
    first = s[0]
    if first.isalpha() and not first.isupper():
        return False
    if not _OPEN.match(s):
        return False
    last = s.rstrip("\"”’')]»")[-1:]
    if last in (".", "…") or _RUN_ON.search(s):
        return False
    return not (last in "!?" and word_count(s) > 15)


def _trigger(inf: LineInfo) -> bool:
    """A heading that opens a link list, or a wire's end mark."""
    if inf.reason == "related":
        return True
    s = inf.line.text.strip()
    if inf.reason is None and (_END_MARK.fullmatch(s) or _HEADINGS.fullmatch(s)):
        return True
    return inf.reason is None and len(s) <= 60 and classify_line(s.lstrip("-–—•* ")) == "related"


def _drop(inf: LineInfo, reason: str) -> LineInfo:
    line = inf.line
    return LineInfo(line, reason, 0, line.end, (), None)


def _text_follows(infos: Sequence[LineInfo], after: int) -> bool:
    seen = 0
    for k in range(after + 1, len(infos)):
        if infos[k].reason is not None:
            continue
        if body_like(infos[k].content):
            return True
        seen += 1
        if seen >= 3:
            break
    return False


def mark_blocks(infos: Sequence[LineInfo]) -> list[LineInfo]:
    """``infos`` with the lines of link lists, related-story blocks and menus marked as
    boilerplate (see the module doc); other lines are returned as they are."""
    out = list(infos)
    n = len(out)
    entry = [_entry(inf) for inf in out]
    member = [e or _separator(inf) for e, inf in zip(entry, out, strict=True)]
    i = 0
    while i < n:
        if not member[i]:
            i += 1
            continue
        j = i
        while j < n and member[j]:
            nxt = out[j + 1] if j + 1 < n else None
            if (entry[j] and nxt is not None and nxt.reason is None and nxt.line.block == out[j].line.block
                    and nxt.content[:1].islower()):
                break  # a hard-wrapped line runs on: prose, not a list
            j += 1
        j = max(j, i + 1)
        entries = [k for k in range(i, j) if entry[k]]
        end_mark = bool(entries) and i > 0 and _trigger(out[i - 1])
        if end_mark and out[i - 1].reason is None:
            mark = _END_MARK.fullmatch(out[i - 1].line.text.strip())
            out[i - 1] = _drop(out[i - 1], "footer" if mark else "related")
        if entries and (end_mark or _is_list(out, entries)):
            keep = None
            if not end_mark and word_count(out[entries[-1]].content) >= 4 and _text_follows(out, j - 1):
                keep = entries[-1]
            short = all(word_count(out[k].content) <= 4 for k in entries if k != keep)
            reason = "navigation" if short and not end_mark else "related"
            for k in range(i, j if keep is None else keep):
                out[k] = _drop(out[k], reason)
        i = j
    return out


def _is_list(infos: Sequence[LineInfo], entries: Sequence[int]) -> bool:
    if len(entries) < MIN_RUN:
        return False
    dated = sum(1 for k in entries if infos[k].date is not None or _YEAR.search(infos[k].content))
    return 2 * dated < len(entries)
