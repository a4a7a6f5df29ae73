"""The grammar of time expressions: head words, patterns matched forward from a head, and the
words looked for to the left of it.

Every expression has a *head*: a number, a month or weekday name, or a time word (``yesterday``,
``week``, ``years``, ``summer``, ``soon`` ...). The scanner finds heads with one regular expression
over the lower-cased text, then each head's family of patterns is tried at that position only.
Modifiers that come before the head (``last``, ``early``, ``mid-``, ``two``, ``between``) are
read from the few characters to its left. That keeps the cost per word to one cheap scan.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from counterpoint.annotate.dates import _calendar as cal
from counterpoint.model import PartialDate, TimeKind

#: How a page writes numeric dates: day first (``7.10.2025``) or month first (``10/7/2025``).
DateOrder = Literal["DMY", "MDY"]

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
_MONTH_NUM = {name: n for n, name in enumerate(MONTHS, 1)}
_MONTH_NUM.update({name[:3]: n for n, name in enumerate(MONTHS, 1)})
_MONTH_NUM["sept"] = 9
_MONTH_ABBR = ("sept", *(m[:3] for m in MONTHS if m != "may"))
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_ABBR = ("mon", "tues", "tue", "wed", "thurs", "thur", "thu", "fri", "sat", "sun")
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
                 "thirty": 30, "forty": 40, "fifty": 50, "a hundred": 100, "a couple of": 2}
_VAGUE_NUMBERS = ("a few", "few", "several")
_UNITS = ("day", "days", "week", "weeks", "weekend", "weekends", "month", "months", "year", "years", "decade",
          "decades", "century", "centuries")
_KEYWORDS = ("yesterday", "today", "tonight", "tomorrow", "night", "morning", "afternoon", "evening", *_UNITS,
             *cal.SEASONS, "soon", "recently", "lately", "future")


def _cased(words: Iterable[str]) -> str:
    """``Title|UPPER`` alternatives, longest first (month and weekday names are capitalised)."""
    return "|".join(f"{w.title()}|{w.upper()}" for w in sorted(words, key=len, reverse=True))


def _ci(*phrases: str) -> str:
    """Case-insensitive alternatives; a space in a phrase matches any run of whitespace."""
    return "(?i:" + "|".join(p.replace(" ", r"\s+") for p in sorted(phrases, key=len, reverse=True)) + ")"


_Node = dict[str, "_Node"]


def _trie(words: Iterable[str]) -> str:
    """A regular expression for ``words`` factored by prefix (much faster than a flat alternation)."""
    root: _Node = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: _Node) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and "" not in node else "(?:" + "|".join(alts) + ")"
        return body + ("?" if "" in node else "")

    return emit(root)


_HEAD_WORDS = (*MONTHS, *_MONTH_ABBR, *WEEKDAYS, *_WEEKDAY_ABBR, *_KEYWORDS)
#: Heads, searched in " " + the lower-cased text: a digit run or a head word standing alone, each
#: with the character before it (a pattern that starts with a character class scans fastest).
HEADS = re.compile(rf"[^a-z0-9_](?:[0-9]+|(?:{_trie(set(_HEAD_WORDS))})(?![a-z0-9_]))")
HEAD_FAMILY: dict[str, str] = {w: "month" for w in (*MONTHS, *_MONTH_ABBR)}
HEAD_FAMILY.update({w: "weekday" for w in (*WEEKDAYS, *_WEEKDAY_ABBR)})
HEAD_FAMILY.update({w: "keyword" for w in _KEYWORDS})

_MON = rf"(?P<mon>(?:{_cased(MONTHS)})\b|(?:{_cased(_MONTH_ABBR)})(?:\.|\b))"
_MON_WORD = rf"(?P<mon>(?:{_cased(MONTHS)})\b)"
_DAY = r"(?P<d>[12]\d|3[01]|0?[1-9])(?!\d)(?:st|nd|rd|th)?\b"
_DAY2 = r"(?:\s*(?:-|–|to|and|&)\s*(?P<d2>[12]\d|3[01]|0?[1-9])(?!\d)(?:st|nd|rd|th)?\b)?"
_YEAR = r"(?P<y>[12]\d{3})(?!\d|s\b)"
_TIME = (r"(?:(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?:\s?[AaPp]\.?[Mm]\b\.?)?"
         r"|(?:1[0-2]|0?[1-9])(?:[.:][0-5]\d)?\s?[AaPp]\.?[Mm]\b\.?)"
         r"(?:\s(?:hrs|GMT|UTC|[A-Z]{2,4}T)\b)?")
_YEAR_OR_REL = rf"(?:,?\s+{_YEAR}|\s+(?:of\s+)?(?P<rel>{_ci('last', 'this', 'next')})\s+{_ci('year')}\b)?"
_TIME_POST = rf"(?:,?\s+(?:at\s+)?(?:about\s+|around\s+)?{_TIME})?"
_PART = _ci("morning", "afternoon", "evening", "night")
_NUM = rf"(?P<n>\d{{1,3}}|{_ci(*_NUMBER_WORDS, *_VAGUE_NUMBERS)})"
_REL = _ci("last", "this", "next", "past", "coming", "previous", "following", "current", "recent")

TIME_LEAD = re.compile(rf"{_TIME}\s+(?:of|on)\s+(?:the\s+)?")
_WD_LEAD = rf"(?:{_cased(WEEKDAYS)}|{_cased(_WEEKDAY_ABBR)})\.?,?\s+(?:the\s+)?"

# Words to the left of a head: searched in a short window that ends at the head.
_L_MOD = re.compile(rf"(?<!\w)(?P<mod>{_ci('early', 'mid', 'late', 'end of', 'beginning of', 'start of')})"
                    r"(?:\s+|\s?[-–]\s?)$")
_L_REL = re.compile(rf"(?<!\w)(?:{_ci('earlier', 'later')}\s+)?(?P<rel>{_REL})\s+$")
_L_REL_NUM = re.compile(rf"(?<!\w)(?P<rel>{_REL})\s+{_NUM}[\s-]+$")
_L_NUM = re.compile(rf"(?<!\w){_NUM}(?:\s+|\s?-\s?)$")
_L_RANGE = re.compile(rf"(?<!\w){_ci('between', 'from')}\s+$")
_L_DAY_SHIFT = re.compile(rf"(?<!\w)(?P<w>{_ci('day before', 'day after')})\s+$")
_L_THIS_LAST = re.compile(rf"(?<!\w)(?P<rel>{_ci('last', 'this')})\s+$")
_L_NEAR = re.compile(rf"(?<!\w){_ci('near')}\s+$")
# Matched at the start of the reversed text before a position (a regex cannot search backwards).
_REV_WORD = re.compile(r"[\s\"'“”‘’]*([A-Za-z]+|[(\-–—,|:])")
_REV_TWO_WORDS = re.compile(r"[\s\"'“”‘’]*([A-Za-z]+)\s+([A-Za-z]+)")
_FUTURE = re.compile(r"\b(?:will|shall|won't|going\s+to|plans?\s+to|planned|intends?\s+to|scheduled|"
                     r"expected\s+to|set\s+to|is\s+to|are\s+to|to\s+be\s+held|upcoming)\b|'ll\b", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?]\s")

_MONTH_CUES = frozenset({"in", "since", "until", "till", "by", "during", "of", "from", "through", "throughout",
                         "before", "after", "early", "late", "mid", "between"})
_YEAR_CUES = _MONTH_CUES | {"year", "circa", "around"}
_NAMED_DAYS = frozenset({"good", "bloody", "black", "easter", "holy", "palm", "ash", "super", "cyber", "maundy",
                         "shrove", "whit", "every", "each"})
_NOT_AFTER_WEEKDAY = re.compile(r"\s+(?:Times|Telegraph|Express|Mirror|Herald|Mail|Post|Star|Sport|Night\s+Live)\b")
_ORDINAL_NOUNS = frozenset({"century", "centuries", "anniversary", "time", "times", "round", "floor", "place",
                            "grade", "day", "days", "year", "month", "week", "session", "plenary", "congress",
                            "edition", "largest", "biggest", "most", "division", "brigade", "army", "corps",
                            "regiment", "battalion", "fleet", "district", "generation", "term", "minute"})
_ORDINAL_GOVERNORS = frozenset({"on", "from", "of", "since", "until", "till", "by", "before", "after", *WEEKDAYS})
#: A number followed by one of these counts things: "in 1500 cases" is no year.
_COUNTED = re.compile(r"\s+(?:days?|weeks?|months?|years?|hours?|minutes?|km|kilomet\w*|miles?|met(?:er|re)s?|"
                      r"people|persons|troops|soldiers|men|women|children|civilians|cases|units|tons|tonnes|dollars|"
                      r"euros|r[ou]+bles|won|yuan|percent|per|times|votes|rounds|shells|drones|missiles)\b",
                      re.IGNORECASE)
_YEAR_BEFORE = re.compile(r"\b[12]\d{3}s?\W+(?:(?:and|or|to)\s+)?$")
_APPROX = frozenset({"about", "around", "some", "nearly", "almost", "roughly", "approximately", "over", "than"})

#: start, end, value, and the kind when the pattern decides it (``None``: the general rules decide).
Hit = tuple[int, int, PartialDate, TimeKind | None]


@dataclass(slots=True)
class Ctx:
    """What a normaliser needs: the text, the publication date, the page's order, and ``floor``,
    the end of the last expression found (nothing to its left may be taken again)."""

    text: str
    published: PartialDate
    order: DateOrder
    floor: int = 0
    day: date | None = field(init=False)
    month: tuple[int, int] | None = field(init=False)

    def __post_init__(self) -> None:
        year, month, day = self.published.year, self.published.month, self.published.day
        self.month = (year, month) if year is not None and month is not None else None
        self.day = date(year, month, day) if year is not None and month is not None and day is not None else None

    def left(self, pattern: re.Pattern[str], head: int) -> re.Match[str] | None:
        """``pattern`` (ending in ``$``) matched in the 40 characters before ``head``, not before ``floor``."""
        return pattern.search(self.text, max(self.floor, head - 40), head)

    def word_before(self, start: int) -> str:
        """The word (lower-cased) or separator (``( - , | :``) before ``start``, quotes skipped; "" if none."""
        m = _REV_WORD.match(self.text[max(0, start - 24):start][::-1])
        return m.group(1)[::-1].lower() if m else ""

    def future(self, start: int) -> bool:
        """True when the clause before ``start`` (same sentence, 120 characters at most) speaks of the future."""
        window = self.text[max(0, start - 120):start]
        ends = list(SENTENCE_END.finditer(window))
        return _FUTURE.search(window, ends[-1].end() if ends else 0) is not None


def two_words_before(text: str, start: int) -> tuple[str, str] | None:
    """The two words before ``start`` (lower-cased, in text order), quotes skipped."""
    m = _REV_TWO_WORDS.match(text[max(0, start - 32):start][::-1])
    return (m.group(2)[::-1].lower(), m.group(1)[::-1].lower()) if m else None


def _number(word: str) -> int | None:
    word = " ".join(word.lower().split())
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word)


def _month_of(name: str) -> int:
    return _MONTH_NUM[name.rstrip(".").lower()]


# -- digit heads ------------------------------------------------------------------------------------


def _n_iso(m: re.Match[str], ctx: Ctx) -> Hit | None:
    value = cal.full_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return None if value is None else (m.start(), m.end(), value, None)


def _n_numeric(m: re.Match[str], ctx: Ctx) -> Hit | None:
    a, b = int(m["a"]), int(m["b"])
    day, month = (a, b) if a > 12 or (b <= 12 and ctx.order == "DMY") else (b, a)
    value = cal.full_date(int(m["y"]), month, day) if month <= 12 else None
    return None if value is None else (m.start(), m.end(), value, None)


def _n_month_day(m: re.Match[str], ctx: Ctx) -> Hit | None:
    month, day = _month_of(m["mon"]), int(m["d"])
    if m["y"]:
        value = cal.full_date(int(m["y"]), month, day)
    elif m["rel"]:
        if cal.full_date(2000, month, day) is None:
            return None
        year = ctx.published.year
        shift = {"last": -1, "next": 1}.get(m["rel"].lower(), 0)
        value = cal.UNKNOWN if year is None else cal.full_date(year + shift, month, day)
    else:
        value = cal.nearest_month_day(month, day, ctx.day, ctx.month, ctx.month is not None and ctx.future(m.start()))
    return None if value is None else (m.start(), m.end(), value, None)


def _n_year_range(m: re.Match[str], ctx: Ctx) -> Hit | None:
    first, raw = int(m["y"]), m["y2"]
    last = int(raw) if len(raw) == 4 else first // 100 * 100 + int(raw)
    if not first < last <= first + 100:
        return None
    start = m.start()
    if m["word"]:  # "between 2022 and 2024": the word before is part of it
        lead = ctx.left(_L_RANGE, start)
        if lead is None:
            return None
        start = lead.start()
    return start, m.end(), cal.pd(first), "reference"


def _modified_start(m: re.Match[str], ctx: Ctx) -> int | None:
    """Start of ``m`` with an ``early``/``mid-``/``late`` before it; ``None`` when a bare hyphen precedes."""
    start = m.start()
    mod = ctx.left(_L_MOD, start)
    if mod is not None:
        return mod.start()
    return None if start and ctx.text[start - 1] in "-–" else start


def _with_modifier(m: re.Match[str], ctx: Ctx) -> int:
    """Start of ``m``, or of the ``early``/``mid-``/``late`` before it."""
    mod = ctx.left(_L_MOD, m.start())
    return m.start() if mod is None else mod.start()


def _n_decade(m: re.Match[str], ctx: Ctx) -> Hit | None:
    start = _modified_start(m, ctx)
    return None if start is None else (start, m.end(), cal.pd(int(m["y"])), "reference")


def _n_ordinal_day(m: re.Match[str], ctx: Ctx) -> Hit | None:
    text, start, end = ctx.text, m.start(), m.end()
    before = two_words_before(text, start)
    if before is None or before[1] != "the" or before[0] not in _ORDINAL_GOVERNORS:
        return None
    after = re.match(r"\s*([A-Za-z]+)", text[end:end + 24])
    if after and (after.group(1)[0].isupper() or after.group(1).lower() in _ORDINAL_NOUNS):
        return None
    return start, end, cal.nearest_day_of_month(int(m["d"]), ctx.day, ctx.day is not None and ctx.future(start)), None


def _n_year_alone(m: re.Match[str], ctx: Ctx) -> Hit | None:
    text, end, year = ctx.text, m.end(), int(m["y"])
    start = _modified_start(m, ctx)
    if start is None or _COUNTED.match(text, end):
        return None
    value = cal.pd(year)
    if start != m.start() or text.startswith(("'s", "’s"), end):
        return start, end, value, None
    before = ctx.word_before(start)
    if before in _YEAR_CUES:
        return start, end, value, None
    if before in (",", "and", "or", "to") and _YEAR_BEFORE.search(text, max(0, start - 16), start):
        return start, end, value, None  # "in 2022, 2023 and 2024"
    if not 1900 <= year <= 2100:
        return None
    follow = text[end:end + 1]
    if before in ("(", "-", "–", "—", ",", "|", ":") and follow in ("", ")", ".", ",", ";", "!", "?", "\n", "]"):
        return start, end, value, None
    if before == "the":
        nxt = re.match(r"\s+([A-Za-z]+)", text[end:end + 24])
        if nxt and (nxt.group(1)[0].isupper() or not nxt.group(1).endswith("s")):
            return start, end, value, None
    return None


# -- month heads ------------------------------------------------------------------------------------


def _n_month_rel_year(m: re.Match[str], ctx: Ctx) -> Hit | None:
    rel = m["rel"].split()[-1].lower()
    start = _with_modifier(m, ctx)
    year = ctx.published.year
    if year is None or rel in ("previous", "following"):
        return start, m.end(), cal.UNKNOWN, None
    shift = {"last": -1, "next": 1}.get(rel, 0)
    return start, m.end(), cal.pd(year + shift, _month_of(m["mon"])), None


def _n_month_year(m: re.Match[str], ctx: Ctx) -> Hit | None:
    start = _with_modifier(m, ctx)
    return start, m.end(), cal.pd(int(m["y"]), _month_of(m["mon"])), None


def _n_month_alone(m: re.Match[str], ctx: Ctx) -> Hit | None:
    start, rel = m.start(), ""
    if (lead := ctx.left(_L_REL, start)) is not None and lead["rel"].lower() in ("last", "this", "next", "past",
                                                                                  "coming"):
        start, rel = lead.start(), lead["rel"].lower()
    elif (mod := ctx.left(_L_MOD, start)) is not None:
        start = mod.start()
    elif ctx.word_before(start) not in _MONTH_CUES:
        return None
    future = not rel and ctx.future(start)
    value = cal.month_alone(_month_of(m["mon"]), rel, future, ctx.month, ctx.published.year)
    return start, m.end(), value, None


# -- weekday heads ----------------------------------------------------------------------------------


def _n_weekday_lead(m: re.Match[str], ctx: Ctx) -> Hit | None:
    """``Tuesday, October 9``: the date after the weekday, the span from the weekday."""
    hit = date_at(ctx, m.end())
    return None if hit is None else (m.start(), hit[1], hit[2], hit[3])


def _n_weekday(m: re.Match[str], ctx: Ctx) -> Hit | None:
    start, rel = m.start(), ""
    if ctx.word_before(start) in _NAMED_DAYS or _NOT_AFTER_WEEKDAY.match(ctx.text, m.end()):
        return None
    if (lead := ctx.left(_L_REL, start)) is not None and lead["rel"].lower() in ("last", "this", "next", "past",
                                                                                  "coming"):
        start, rel = lead.start(), lead["rel"].lower()
    future = not rel and ctx.future(start)
    return start, m.end(), cal.weekday(WEEKDAYS.index(m["wd"].lower()), rel, future, ctx.day), None


# -- keyword heads ----------------------------------------------------------------------------------


def _n_day_word(m: re.Match[str], ctx: Ctx) -> Hit | None:
    text, start = ctx.text, m.start()
    word = m["w"].lower()
    if word in ("today", "yesterday") and m["w"][0].isupper() and re.search(r"\b[A-Z][\w.]*\s$", text[max(
            0, start - 20):start]) and not SENTENCE_END.search(text, max(0, start - 3), start):
        return None  # "Russia Today", "USA Today": a name
    shift = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
    if word in ("yesterday", "tomorrow") and (lead := ctx.left(_L_DAY_SHIFT, start)) is not None:
        start, shift = lead.start(), 2 * shift
    value = cal.UNKNOWN if ctx.day is None else cal.of_day(ctx.day + timedelta(days=shift))
    return start, m.end(), value, None


def _n_part_of_day(m: re.Match[str], ctx: Ctx) -> Hit | None:
    lead = ctx.left(_L_THIS_LAST, m.start())
    if lead is None:
        return None
    if ctx.day is None:
        return lead.start(), m.end(), cal.UNKNOWN, None
    shift = -1 if lead["rel"].lower() == "last" else 0
    return lead.start(), m.end(), cal.of_day(ctx.day + timedelta(days=shift)), None


def _n_season(m: re.Match[str], ctx: Ctx) -> Hit | None:
    name = m["season"].lower()
    if m["y"]:
        start = _with_modifier(m, ctx)
        return start, m.end(), cal.pd(int(m["y"])), None
    lead = ctx.left(_L_REL, m.start())
    if lead is None or lead["rel"].lower() not in ("last", "this", "next", "past", "coming", "current"):
        return None
    value = cal.season("autumn" if name == "fall" else name, lead["rel"].lower(), ctx.month, ctx.published.year)
    return lead.start(), m.end(), value, None


def _n_unit(m: re.Match[str], ctx: Ctx) -> Hit | None:
    text, start, end = ctx.text, m.start(), m.end()
    unit = m["unit"].lower()
    plural = unit.endswith("s")
    unit = "century" if unit.startswith("centur") else unit.rstrip("s")
    direction = (m["dir"] or "").lower()
    if re.match(r"(?:\s+|\s?-\s?)old\b", text[end:end + 8]):
        return None  # an age
    if not direction and (lead := ctx.left(_L_REL_NUM, start)) is not None:
        n = _number(lead["n"])
        rel = lead["rel"].lower()
        if n is None or unit not in ("day", "week") or rel not in ("past", "last", "next", "coming"):
            return lead.start(), end, cal.UNKNOWN, None
        return lead.start(), end, cal.rolling(rel, n * (7 if unit == "week" else 1), ctx.day), None
    if not direction and (lead := ctx.left(_L_REL, start)) is not None:
        rel = lead["rel"].lower()
        if unit in ("decade", "century"):
            return lead.start(), end, cal.UNKNOWN, "reference"
        if plural or rel in ("previous", "following", "recent"):
            return lead.start(), end, cal.UNKNOWN, None
        return lead.start(), end, cal.period(rel, unit, ctx.published, ctx.day), None
    lead = ctx.left(_L_NUM, start)
    if lead is None:
        return None
    word = " ".join(lead["n"].lower().split())
    n = _number(word)
    if direction:
        if direction != "ago" or n is None or ctx.word_before(lead.start()) in _APPROX:
            return lead.start(), end, cal.UNKNOWN, None
        return lead.start(), end, cal.ago(n, unit, ctx.published, ctx.day), None
    if word in ("a", "an"):
        return None  # "once a year": not a duration worth keeping
    return lead.start(), end, cal.UNKNOWN, "reference"


def _n_vague(m: re.Match[str], ctx: Ctx) -> Hit | None:
    text, start, end = ctx.text, m.start(), m.end()
    if m["w"].lower() == "soon" and (ctx.word_before(start) in ("as", "so", "how", "too") or re.match(
            r"\s+(?:after|afterwards|thereafter)\b", text[end:end + 16])):
        return None
    return start, end, cal.UNKNOWN, None


def _n_future(m: re.Match[str], ctx: Ctx) -> Hit | None:
    lead = ctx.left(_L_NEAR, m.start())
    return None if lead is None else (lead.start(), m.end(), cal.UNKNOWN, None)


# -- families ---------------------------------------------------------------------------------------

_Norm = Callable[[re.Match[str], Ctx], "Hit | None"]


class Family:
    """Patterns tried at one head position, in order: the first that matches and checks out wins."""

    def __init__(self, rules: Sequence[tuple[str, str, _Norm]]) -> None:
        parts = []
        for name, pattern, _ in rules:
            renamed = re.sub(r"\(\?P<(\w+)>", rf"(?P<{name}__\1>", pattern)
            renamed = re.sub(r"\(\?P=(\w+)\)", rf"(?P={name}__\1)", renamed)
            parts.append(f"(?P<{name}>{renamed})")
        self._any = re.compile("|".join(parts))
        self._rules = [(re.compile(pattern), norm) for _, pattern, norm in rules]
        self._index = {name: i for i, (name, _, _) in enumerate(rules)}

    def resolve(self, ctx: Ctx, pos: int) -> Hit | None:
        m = self._any.match(ctx.text, pos)
        if m is None:
            return None
        for pattern, norm in self._rules[self._index[m.lastgroup or ""]:]:
            mm = pattern.match(ctx.text, pos)
            if mm is None:
                continue
            try:
                hit = norm(mm, ctx)
            except (ValueError, OverflowError):  # a value beyond year 1..9999 (published in year 1 or 9999)
                continue
            if hit is not None:
                return hit
        return None


DIGIT = Family([
    ("iso", r"(?<![\w.\-/])(?P<y>[12]\d{3})(?P<s>[-/.])(?P<m>0?[1-9]|1[0-2])(?P=s)(?P<d>0?[1-9]|[12]\d|3[01])"
            r"(?:T\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?(?!\w|[.\-/]\d)", _n_iso),
    ("numeric", rf"(?<![\w.\-/:])(?P<a>\d{{1,2}})(?P<s>[./-])(?P<b>\d{{1,2}})(?P=s)(?P<y>[12]\d{{3}})"
                rf"(?!\w|[.\-/]\d){_TIME_POST}", _n_numeric),
    ("dmy", rf"(?<![\w.,:/\-]){_DAY}{_DAY2}\s+(?:of\s+)?{_MON}{_YEAR_OR_REL}{_TIME_POST}", _n_month_day),
    ("year_range", rf"(?<![\w.\-/])(?P<y>[12]\d{{3}})(?:\s?[-–—/]\s?|(?P<word>\s+"
                   rf"{_ci('and', 'to', 'until', 'till', 'through')}\s+))(?P<y2>[12]\d{{3}}|\d\d)(?!\w|[.\-/]\d)",
     _n_year_range),
    ("decade", r"(?<![\w'’])(?P<y>1\d\d0|20\d0)s\b", _n_decade),
    ("ordinal_day", r"(?<![\w.,:/\-])(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b", _n_ordinal_day),
    ("year_alone", r"(?<![\w.,:/$€£#№])(?P<y>1\d{3}|20\d\d)(?!\w|[.,:/]\d|\s?%|-\w)", _n_year_alone),
])

MONTH = Family([
    ("mdy", rf"(?<!\w){_MON}\s+{_DAY}{_DAY2}{_YEAR_OR_REL}{_TIME_POST}", _n_month_day),
    ("month_rel_year", rf"(?<!\w){_MON_WORD}\s+(?:of\s+)?(?P<rel>"
                       rf"{_ci('last', 'this', 'next', 'the previous', 'the following', 'the same')})\s+"
                       rf"{_ci('year')}\b", _n_month_rel_year),
    ("month_year", rf"(?<!\w){_MON}\s+(?:of\s+)?{_YEAR}", _n_month_year),
    ("month_alone", rf"(?<!\w){_MON_WORD}", _n_month_alone),
])

WEEKDAY = Family([
    ("weekday_lead", rf"(?<!\w){_WD_LEAD}", _n_weekday_lead),
    ("weekday", rf"(?<!\w)(?P<wd>{_cased(WEEKDAYS)})\b(?:\s+{_PART}\b)?", _n_weekday),
])

KEYWORD = Family([
    ("day_word", rf"(?P<w>{_ci('yesterday', 'today', 'tonight', 'tomorrow')})\b(?:\s+{_PART}\b)?", _n_day_word),
    ("part_of_day", rf"{_PART}\b", _n_part_of_day),
    ("season", rf"(?P<season>{_ci(*cal.SEASONS)})\b(?:\s+(?:of\s+)?{_YEAR})?", _n_season),
    ("unit", rf"(?P<unit>{_ci(*_UNITS)})\b(?:\s+(?P<dir>{_ci('ago', 'earlier', 'later', 'before', 'after')})\b)?",
     _n_unit),
    ("vague", rf"(?P<w>{_ci('soon', 'recently', 'lately')})\b", _n_vague),
    ("future", rf"{_ci('future')}\b", _n_future),
])

FAMILIES = {"month": MONTH, "weekday": WEEKDAY, "keyword": KEYWORD}


def date_at(ctx: Ctx, pos: int) -> Hit | None:
    """A date (numeric, month-day or day-month) starting exactly at ``pos``."""
    ch = ctx.text[pos:pos + 1]
    if ch.isdigit():
        return DIGIT.resolve(ctx, pos)
    return MONTH.resolve(ctx, pos) if ch.isupper() else None


def digit_head(ctx: Ctx, pos: int, digits: int) -> Hit | None:
    """A head that is a run of ``digits`` digits: a date, or a time of day joined to the date after it
    (``09:45 of September 9``). Runs that cannot start a date (3 digits, 5 or more, the rest of a
    number like ``11,000``) are dropped before any pattern is tried."""
    text = ctx.text
    if digits == 3 or digits > 4 or (pos > 1 and text[pos - 1] in ",.:/" and text[pos - 2].isdigit()):
        return None
    if digits <= 2 and text[pos + digits:pos + digits + 1] in (":", ".", " ", "a", "p", "A", "P"):
        lead = TIME_LEAD.match(text, pos)
        if lead is not None and (hit := date_at(ctx, lead.end())) is not None:
            return pos, hit[1], hit[2], hit[3]
    return DIGIT.resolve(ctx, pos)
