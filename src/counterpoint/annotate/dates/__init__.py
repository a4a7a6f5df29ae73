"""Time expressions: find them in an item's text and normalise them against its publication date.

``find_dates`` is a hand-written regular grammar (``_grammar``) with calendar arithmetic
(``_calendar``); it never calls dateparser: every form below is covered by the grammar, which
keeps the finder deterministic and at a few tens of microseconds per 100 words. One scan of the
lower-cased text finds *heads* (numbers, month and weekday names, time words); each head's
patterns are tried at its position, and the modifiers before it (``last``, ``early``, ``two``)
are read from its left. A candidate that fails its checks is retried with the next pattern of its
family, then dropped.

Spans are tight: they start at the first word that carries time information (a number, a month
or weekday, ``last``/``next``/``this``, ``early``/``mid``/``late``) and never include a governing
preposition or article ("On", "in", "the"). Two exceptions keep a span readable: a time of day
joined to a date ("09:45 of September 9", "October 9 at 09:45") and a word range
("between 2022 and 2024").

Normalisation (``published`` is the item's publication date, possibly partial or unknown). A value
is computed only when ``published`` is precise enough for it, otherwise it is unknown: nothing is
ever guessed to fill a gap.

* Full dates (ISO, ``7.10.2025``, ``October 9, 2024``, ``9th of October 2024``) stand alone.
  Numeric dates follow ``order`` (``page_date_order``) unless a part above 12 forces the order.
  Numeric dates need a four-digit year: ``7.10``, ``10/7`` and ``7.10.25`` are left alone (scores,
  fractions, versions), and so is ``2011-12`` (December 2011, or the seasons 2011 to 2012?).
* A month and day without a year (``October 9``, ``9 October``, ``Oct. 9``, ``9th of October``)
  take the year that puts the date nearest to ``published`` (so at most six months away; a tie
  goes to the past); when the clause before it is in the future ("will", "plans to", "is
  scheduled" ...), the nearest on or after ``published``. Needs ``published`` to the month.
  ``6 August last year`` reads the year literally.
* ``on the 9th`` (after on/from/of/since/until/by/before/after + "the"): the 9th of the month
  nearest to ``published`` (this, the previous or the next month; the same future rule). Needs
  ``published`` to the day.
* A month alone (``in June``, ``early June``): the published month if it is the same month;
  otherwise the most recent such month before ``published``, or the next one when the clause
  before it is in the future ("will", "plans to", "is scheduled" ...). ``last June`` is the most
  recent June before the published month, ``next June`` the first after it, ``this June`` the
  published year; ``June last year`` / ``this year`` / ``next year`` are read literally.
* Weekdays: ``on Tuesday`` is the most recent Tuesday on or before ``published`` (news style
  names the day even for the day of publication), or the first on or after it when the clause is
  in the future; ``last``/``next Tuesday`` exclude the day of publication.
* ``yesterday``, ``today``, ``tomorrow``, ``last night``, ``this morning``, ``N days ago``:
  days. ``last``/``this``/``next month`` and ``N months ago``: months; ``last year``,
  ``N years ago``: years. An approximate count ("some 20 years ago") is unknown.
* A period that is not a calendar unit (``last week``, ``this weekend``, ``the past month``,
  ``N weeks ago``) gets the finest calendar unit that contains all of it: the month when the
  week lies inside one month, else the year, else unknown. Never a made-up day.
* Explicit ranges (``2022-2024``, ``between 2022 and 2024``, ``9-11 October``) and decades
  (``the 1990s``, ``the late 1990s``) give their first part at the precision written
  (``2022``, ``1990``, ``2024-10-09``): the span shows that it is a range.
* A year alone counts when something marks it as a year: a preposition or ``early``/``mid-``/
  ``late`` before it (``in 2024``, ``since 2022``, ``mid-2023``), ``the 2024 treaty``,
  ``2024's``, a list of years (``2022, 2023 and 2024``), or a year standing alone after a
  separator (``Moscow - 2025``, ``(2024)``). A number followed by a counted noun (``in 1500
  cases``, ``2000 troops``) is not a year.
* Seasons with a year (``summer 2024``) give the year; ``last summer`` the year of the most
  recent summer; any winter without a written year is unknown (it spans two years).
* ``soon``, ``recently``, ``in recent days``, ``the coming weeks``, ``N days later``, ``the
  previous year`` (relative to the story, not to publication) and durations (``three years``)
  are kept with an unknown value.
* Times of day count only when joined to a date; the value is the date. A clock time alone is
  not a time expression here, nor are ages ("70 years old", "a 70-year-old").

Kind: an expression is an ``event`` date (when something happened or will happen) unless

1. it is a period: a range of years, a decade, a century, a duration;
2. it is governed by a word that makes it a reference point: since, until, till, by, before,
   after, as of, prior to, up to, ahead of ("by 2030", "since June 19, 2024");
3. it is historical: its year is more than 20 years before the publication year (before 1950
   when the item is undated);
4. it is in a background sentence: a clause in the past perfect ("the bridge had been damaged
   on 8 October") or told as what came before ("previously", "the last time", "last met");
5. it is a stamp: a date that is the whole of a parenthetical ("(7.10.2025)" after a headline)
   or a dateline at the start of the text ("KYIV, Oct 9 (Reuters) - ", "Pyongyang, October 9
   (KCNA) -- ").

A date governed by "of" inside a noun phrase ("the Treaty ... of June 19, 2024", "the attack of
7 October") stays an event: it names when the thing named happened (signed, struck); a day range
("9-11 October") is when one event happened, so it is an event too.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence

from counterpoint.annotate.dates import _grammar as g
from counterpoint.annotate.dates._grammar import DateOrder
from counterpoint.model import Field, PartialDate, TimeExpr, TimeKind

__all__ = ["HISTORY_BEFORE", "HISTORY_YEARS", "DateOrder", "find_dates", "page_date_order"]

#: A year more than this many years before the publication year is historical.
HISTORY_YEARS = 20
#: Without a publication date, years before this one are historical.
HISTORY_BEFORE = 1950

_REFERENCE_WORDS = frozenset({"since", "until", "till", "by", "before", "after"})
_REFERENCE_PAIRS = frozenset({("as", "of"), ("prior", "to"), ("up", "to"), ("ahead", "of")})
#: After a dateline's date: an optional "(Agency)", then a dash between spaces ("Oct 9 (Reuters) - ").
_DATELINE_TAIL = re.compile(r"(?:\s*\([^()\n]{1,30}\))?\s+[-–—]{1,2}\s")
#: Before a dateline's date: nothing, or a place name and a comma ("KYIV, ", "Pyongyang, ").
_DATELINE_HEAD = re.compile(r"\s*(?:[A-Z][\w.'’ -]{1,30},\s*)?")


def _governed_as_reference(ctx: g.Ctx, start: int) -> bool:
    words = g.two_words_before(ctx.text, start)
    if words is None:
        return ctx.word_before(start) in _REFERENCE_WORDS
    first, second = words
    if second == "the":
        return first in _REFERENCE_WORDS
    return second in _REFERENCE_WORDS or (first, second) in _REFERENCE_PAIRS


def _kind(ctx: g.Ctx, start: int, end: int, value: PartialDate) -> TimeKind:
    """The general kind rules (module docstring) for an expression whose pattern did not decide."""
    text = ctx.text
    if start > 0 and text[start - 1] == "(" and text[end:end + 1] == ")":
        return "reference"
    if start < 40 and _DATELINE_TAIL.match(text, end) and _DATELINE_HEAD.fullmatch(text, 0, start):
        return "reference"
    if _governed_as_reference(ctx, start):
        return "reference"
    if value.year is not None:
        published = ctx.published.year
        if value.year < (published - HISTORY_YEARS if published is not None else HISTORY_BEFORE):
            return "reference"
    return "event"


#: Background, not the news: a clause in the past perfect ("the bridge had been damaged on 8
#: October"), or told as what happened before ("previously", "the last time", "last met").
_BACKGROUND = re.compile(
    r"(?i)\b(?:had\s+(?:not\s+|already\s+|also\s+|just\s+|previously\s+)*(?:been\s+)?[a-z]{2,}(?:ed|en|wn|ne|ght|lt|nt|id|ung|ook|ew|ade|ame|one|ld|ft)"
    r"|previously|the\s+last\s+time|last\s+met|first\s+met)\b"
)
_SPEECH = re.compile(
    r"(?i)\b(?:said|says|say|announced|reported|told|claimed|stated|confirmed|added|noted|declared|"
    r"acknowledged|admitted|insisted|according\s+to)\b"
)
#: Only this much of a sentence around a date is searched for a background cue.
_BACKGROUND_WINDOW = 160


def _background(text: str, sentence: tuple[int, int], start: int) -> bool:
    """True when the date at ``start`` sits in a background sentence (see ``_BACKGROUND``): a date
    mentioned there is not when the event reported happened (issue 17: "a 2023 date mentioned in a
    2014 article"). Only the sentence's text around the date is read."""
    a, b = sentence
    if not a <= start <= b:
        a, b = 0, len(text)
    lo, hi = max(a, start - _BACKGROUND_WINDOW), min(b, start + _BACKGROUND_WINDOW)
    for m in _BACKGROUND.finditer(text, lo, hi):
        # "said it had launched ... on Tuesday" is reported speech shifted back, not background
        if m.group(0)[:3].lower() == "had" and _SPEECH.search(text, max(lo, m.start() - 50), m.start()):
            continue
        return True
    return False


def _lower(text: str) -> str:
    """``text.lower()`` with the same length (a character whose lower case is longer is kept as is)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def find_dates(text: str, *, item_id: str, field: Field, published: PartialDate, order: DateOrder = "DMY",
               sentences: Sequence[tuple[int, int]] = ()) -> list[TimeExpr]:
    """Every time expression in ``text`` (an item's headline or body), normalised against ``published``.

    Offsets are into ``text`` and ``text[start:end] == expr.text``; ``sentence`` is the index in
    ``sentences`` ((start, end) pairs, in order) of the sentence holding the expression's start,
    0 when none is given. ``order`` settles numeric dates such as ``07/10/2025`` (see
    ``page_date_order``). See the module docstring for the forms, the values and the kinds.
    """
    ctx = g.Ctx(text, published, order)
    starts = [s for s, _ in sentences]
    out: list[TimeExpr] = []
    family = g.HEAD_FAMILY
    for head in g.HEADS.finditer(" " + _lower(text)):
        pos = head.start()  # of the head in text: the match starts one character before it in " " + text
        if pos < ctx.floor:
            continue
        token = head.group()[1:]
        digits = len(token) if token[0].isdigit() else 0
        hit = g.digit_head(ctx, pos, digits) if digits else g.FAMILIES[family[token]].resolve(ctx, pos)
        if hit is None:
            continue
        start, end, value, kind = hit
        if kind is None:
            kind = _kind(ctx, start, end, value)
        sentence = max(bisect_right(starts, start) - 1, 0) if starts else 0
        if kind == "event" and _background(text, sentences[sentence] if sentences else (0, len(text)), start):
            kind = "reference"
        out.append(TimeExpr(item_id, field, start, end, text[start:end], value, kind, sentence))
        ctx.floor = end
    return out


_NUMERIC_DATE = re.compile(r"(?<![\w.\-/:])(\d{1,2})([./-])(\d{1,2})\2[12]\d{3}(?!\w|[.\-/]\d)")


def page_date_order(texts: Iterable[str]) -> DateOrder:
    """The order a page writes numeric dates in, learnt from the dates that settle it.

    ``25/12/2024`` or ``17.3.2024`` (first part above 12) count for day-first; ``12/25/2024``
    (second part above 12) for month-first; the larger count wins. With no such date, or a tie,
    the page is day-first (DMY), for slashes as for dots: most of the world writes the day first,
    and the outlets that write the month first (in the United States) rarely put numeric dates in
    running text. Pass the page's headlines and the start of its bodies.
    """
    dmy = mdy = 0
    for text in texts:
        for m in _NUMERIC_DATE.finditer(text):
            a, b = int(m.group(1)), int(m.group(3))
            if a > 12 and 1 <= b <= 12:
                dmy += 1
            elif b > 12 and 1 <= a <= 12:
                mdy += 1
    return "MDY" if mdy > dmy else "DMY"
