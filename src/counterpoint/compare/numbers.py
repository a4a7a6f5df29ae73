"""Numbers with what they count: "about 11,000 troops", "up to 14,000 soldiers", "10,000-12,000".

``parse_quantities`` finds each number phrase of a text, reads its approximate
marker and range into an interval, and the noun it counts (normalised to a
family: troops, soldiers and servicemen are one thing), with a qualifier when
the phrase says what happened to them (killed, wounded, captured, missing).

How markers become intervals (news usage rather than logic, so that "up to
14,000" and "about 11,000" are told apart; see ``MARKERS``):

* ``about``/``around``/``some``/``an estimated``: ±10 % (±5 % around a range);
* ``nearly``/``almost``/``close to``: 90-100 %;
* ``up to``/``as many as``/``no more than``: 90-100 % of the bound;
* ``more than``/``over``/``at least``: 100-120 %;
* ``fewer than``/``less than``/``under``: 80-100 %;
* vague counts: dozens 24-99, hundreds 200-999, thousands 2,000-9,999, tens of
  thousands 20,000-99,999 and so on.

Left out: years (four digits 1800-2100), numbers next to a month name (dates),
numbers after "Article", "Resolution", "No." and the like (references),
percentages, durations and ages ("three days", "20-year-old"), ordinals,
dotted dates ("29.4.2025"), clock times and numbers inside names ("Padasuri-6").
English only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: How a marker widens a number: (low factor, high factor) applied to the low and high bound.
MARKERS: dict[str, tuple[float, float]] = {}
_MARKER_CLASSES: dict[tuple[float, float], tuple[str, ...]] = {
    (0.9, 1.1): ("about", "around", "approximately", "roughly", "some", "an estimated", "estimated", "circa",
                 "an approximate", "approx."),
    (0.9, 1.0): ("nearly", "almost", "close to", "just under", "up to", "as many as", "as much as",
                 "no more than", "at most", "not more than"),
    (1.0, 1.2): ("more than", "over", "at least", "in excess of", "upwards of", "just over", "no fewer than",
                 "no less than", "not less than", "above"),
    (0.8, 1.0): ("fewer than", "less than", "under", "below"),
}
for _factors, _markers in _MARKER_CLASSES.items():
    for _marker in _markers:
        MARKERS[_marker] = _factors
#: Around a range, "about" widens by ±5 % instead of ±10 %.
_RANGE_APPROX = (0.95, 1.05)

#: Counted nouns that name the same thing; each word maps to the family's name.
FAMILIES: dict[str, tuple[str, ...]] = {
    "troops": ("troops", "troop", "soldiers", "soldier", "servicemen", "serviceman", "servicemembers",
               "personnel", "fighters", "fighter", "forces", "militants", "combatants", "mercenaries",
               "conscripts", "recruits", "men", "reservists", "contingent"),
    "civilians": ("civilians", "civilian", "people", "persons", "residents", "inhabitants", "locals",
                  "citizens", "individuals"),
    "killed": ("dead", "deaths", "death", "fatalities", "killed", "lives", "bodies"),
    "wounded": ("wounded", "injured", "injuries"),
    "casualties": ("casualties", "casualty", "losses"),
    "prisoners": ("prisoners", "prisoner", "pows", "pow", "captives", "detainees", "hostages"),
    "drones": ("drones", "drone", "uavs", "uav"),
    "missiles": ("missiles", "missile", "rockets", "rocket"),
    "shells": ("shells", "shell", "rounds"),
    "tanks": ("tanks", "tank"),
    "aircraft": ("aircraft", "jets", "planes", "warplanes", "helicopters"),
    "refugees": ("refugees", "refugee", "displaced", "evacuees", "asylum-seekers"),
    "children": ("children", "child", "kids", "minors"),
    "settlements": ("villages", "village", "settlements", "settlement", "localities", "towns", "hamlets"),
    "km": ("km", "kilometres", "kilometers", "kilometre", "kilometer"),
    "miles": ("miles", "mile"),
    "dollars": ("dollars", "dollar", "usd"),
}
FAMILY_OF: dict[str, str] = {word: family for family, words in FAMILIES.items() for word in words}

#: Words after a number that make it a duration, an age, a share or a clock time: not compared.
_SKIP_NOUNS = _words(
    "second seconds minute minutes hour hours day days week weeks month months year years decade decades "
    "century centuries time times percent per cent pct am pm a.m. p.m. o'clock th st nd rd year-old years-old "
    "day-old")
_PRONOUNS = _words("them those these they it which whom")
_REFERENCE_WORDS = _words(
    "article articles art resolution resolutions no nos number paragraph paragraphs section sections chapter "
    "chapters protocol clause clauses page pages item point part parts rule rules annex appendix brigade "
    "regiment division battalion corps squadron flight route highway km-marker")
_MONTHS = _words(
    "january february march april may june july august september october november december jan feb mar apr "
    "jun jul aug sep sept oct nov dec")
_STOP = _words(
    "a an the of to in on at by for from with and or but as is are was were be been being has have had "
    "who which that this these those than then there their its it he she they we you his her our your "
    "into onto over under after before during since until while when where why how what not no nor "
    "also just only about around up down out off all any each some such more most other another once if so "
    "because though although yet still already again now later earlier every total including")
_QUALIFIERS: dict[str, str] = {
    "killed": "killed", "dead": "killed", "died": "killed", "killing": "killed", "kill": "killed",
    "wounded": "wounded", "injured": "wounded", "hurt": "wounded", "wounding": "wounded", "injuring": "wounded",
    "captured": "captured", "capturing": "captured", "missing": "missing",
}
_WORD_NUMBERS: dict[str, int] = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_UNITS: dict[str, int] = {w: v for w, v in _WORD_NUMBERS.items() if v < 10}
_VAGUE: dict[str, tuple[float, float]] = {
    "a dozen": (12, 12), "dozens": (24, 99), "hundreds": (200, 999), "thousands": (2_000, 9_999),
    "tens of thousands": (20_000, 99_999), "hundreds of thousands": (200_000, 999_999),
    "millions": (2_000_000, 999_999_999),
}
_SCALES: dict[str, float] = {"thousand": 1e3, "million": 1e6, "mln": 1e6, "billion": 1e9, "bn": 1e9}

_NUMERAL = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_CANDIDATE = re.compile(
    r"(?P<digit>(?<![\w.,/:\-])" + _NUMERAL + r"(?![\w/:%]|[.,]\d|-(?!strong\b)[A-Za-z]))"
    r"|(?P<vague>\b(?:tens of thousands|hundreds of thousands|a dozen|dozens|hundreds|thousands|millions)\b)"
    r"|(?P<word>\b(?:" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True)) + r")(?:[\s-](?:"
    + "|".join(_UNITS) + r"))?\b)",
    re.IGNORECASE,
)
_SCALE = re.compile(r"\s*(thousand|million|mln|billion|bn)\b", re.IGNORECASE)
_RANGE = re.compile(r"\s*(?:-|–|—|to|and)\s*(" + _NUMERAL + r")(?![\w/:%]|[.,]\d)", re.IGNORECASE)
_MARKER = re.compile(
    r"(?:^|[^\w])(" + "|".join(re.escape(m) for m in sorted(MARKERS, key=len, reverse=True)) + r")\s+$",
    re.IGNORECASE,
)
_BETWEEN = re.compile(r"\bbetween\s+$", re.IGNORECASE)
_WORD = re.compile(r"\s*(?:\s|^)([A-Za-z][\w'’\-]*)")
_PREVIOUS_WORDS = re.compile(r"([A-Za-z][\w.'’]*)\s*$")
#: Longer digit strings are codes or noise, not counts.
MAX_DIGITS = 15


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number phrase: ``text == source[start:end]`` (marker, number and counted noun).

    ``low``/``high`` bound what it claims; ``noun`` is the counted head noun as
    written (lower-cased), ``family`` its normalised family (the noun itself,
    crudely singular, when no family has it; ``None`` for a pronoun such as
    "thousands of them"), ``noun_start``/``noun_end`` its offsets (equal to
    ``end`` when there is none); ``qualifier`` what happened to them.
    """

    start: int
    end: int
    text: str
    low: float
    high: float
    marker: str | None
    noun: str | None
    family: str | None
    noun_start: int
    noun_end: int
    qualifier: str = ""

    @property
    def interval(self) -> str:
        return f"{_fmt(self.low)}..{_fmt(self.high)}"


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.2f}".rstrip("0").rstrip(".")


def overlaps(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Two intervals ``(low, high)`` share a value."""
    return a[0] <= b[1] and b[0] <= a[1]


def family_of(noun: str) -> str:
    """The family of a counted noun: ``FAMILY_OF``, else the noun crudely made singular."""
    word = noun.casefold().replace("’", "'")
    if word in FAMILY_OF:
        return FAMILY_OF[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def parse_quantities(text: str, skip: Sequence[tuple[int, int]] = ()) -> list[Quantity]:
    """The number phrases of ``text`` in order, leaving out numbers inside the ``skip`` spans
    (time expressions) and what the module docstring lists. Linear in the length of ``text``."""
    out: list[Quantity] = []
    position = 0
    for match in _CANDIDATE.finditer(text):
        if match.start() < position or (skip and any(s <= match.start() < e for s, e in skip)):
            continue
        found = _read(text, match)
        if found is None:
            continue
        out.append(found)
        position = found.end
    return out


def _read(text: str, match: re.Match[str]) -> Quantity | None:
    start, end = match.start(), match.end()
    before = text[max(0, start - 30):start]
    previous = _PREVIOUS_WORDS.search(before)
    previous_word = previous.group(1).casefold().rstrip(".") if previous else ""
    if previous_word in _REFERENCE_WORDS or previous_word in _MONTHS or before.endswith(("#", "№")):
        return None
    vague = False
    if match.group("digit"):
        if len(match.group()) > MAX_DIGITS:
            return None
        low = high = float(match.group().replace(",", ""))
        scale = _SCALE.match(text, end)
        if scale:
            low = high = low * _SCALES[scale.group(1).casefold()]
            end = scale.end()
        between = _BETWEEN.search(before) is not None
        ranged = _RANGE.match(text, end)
        joined_by_and = ranged is not None and ranged.group().strip().casefold().startswith("and")
        if ranged and len(ranged.group(1)) <= MAX_DIGITS and (between or not joined_by_and):
            high = float(ranged.group(1).replace(",", ""))
            end = ranged.end()
            scale2 = _SCALE.match(text, end)
            if scale2:
                factor = _SCALES[scale2.group(1).casefold()]
                high *= factor
                if not scale:
                    low *= factor
                end = scale2.end()
            if high < low:
                return None
        if not scale and ("," not in match.group()) and "." not in match.group() and 1800 <= low <= 2100 \
                and high <= 2100 and len(match.group()) == 4:
            return None  # a year, or a range of years
    elif match.group("vague"):
        low, high = _VAGUE[" ".join(match.group().casefold().split())]
        vague = True
    else:
        words = re.split(r"[\s-]+", match.group().casefold())
        low = high = float(sum(_WORD_NUMBERS[w] for w in words))
        scale = _SCALE.match(text, end)
        if scale:
            low = high = low * _SCALES[scale.group(1).casefold()]
            end = scale.end()
    if text.startswith("-strong", end):
        end += len("-strong")
    # a month right after: a date ("19 June")
    after = _WORD.match(text, end)
    if after and after.group(1).casefold().rstrip(".") in _MONTHS:
        return None
    marker = None
    found = _MARKER.search(before)
    if found and not vague:
        marker = " ".join(found.group(1).casefold().split())
        factors = MARKERS[marker]
        if marker in _MARKER_CLASSES[(0.9, 1.1)] and high > low:
            factors = _RANGE_APPROX
        if factors[0] < 1.0 and factors[1] == 1.0:  # a bound from above: near the bound
            low = high * factors[0]
        elif factors[0] == 1.0 and factors[1] > 1.0:  # a bound from below
            high = high * factors[1]
        else:
            low, high = low * factors[0], high * factors[1]
        start = start - len(before) + found.start(1)
    noun, noun_start, noun_end, phrase_end = _counted(text, end)
    if noun is not None and noun in _SKIP_NOUNS:
        return None
    family: str | None
    family = None if noun is None or noun in _PRONOUNS else family_of(noun)
    if noun is None and high == 0:
        return None  # a bare zero counts nothing
    if match.group("word") and (noun is None or noun not in FAMILY_OF):
        return None  # "three answers": a number in words counts something worth comparing only in a known family
    qualifier = _qualifier(text, phrase_end, previous_word, family)
    end = max(end, phrase_end)
    return Quantity(start, end, text[start:end], low, high, marker, noun, family,
                    noun_start if noun else end, noun_end if noun else end, qualifier)


def _counted(text: str, pos: int) -> tuple[str | None, int, int, int]:
    """The head noun after a number: up to four words, stopping at function words and punctuation;
    the first word of a known family wins, else the last word. Returns (noun, start, end, phrase end)."""
    words: list[tuple[str, int, int]] = []
    cursor = pos
    of = re.match(r"\s+of\b", text[pos:pos + 8])
    if of:
        cursor = pos + of.end()
    while len(words) < 4:
        m = _WORD.match(text, cursor)
        if not m:
            break
        word = m.group(1)
        low = word.casefold()
        if low in _STOP and not (of and not words and low in _PRONOUNS):
            break
        if low in _PRONOUNS:
            words.append((low, m.start(1), m.end(1)))
            break
        if words and low.endswith(("ed", "ing")) and low not in FAMILY_OF:
            break  # "12 people killed": the participle is not part of the noun
        words.append((low, m.start(1), m.end(1)))
        cursor = m.end(1)
        if low in FAMILY_OF or low in _SKIP_NOUNS:
            break
    if not words:
        return None, pos, pos, pos
    for word, s, e in words:
        if word in FAMILY_OF or word in _SKIP_NOUNS or word in _PRONOUNS:
            return word, s, e, e
    word, s, e = words[-1]
    return word, s, e, e


def _qualifier(text: str, pos: int, previous_word: str, family: str | None) -> str:
    if family in ("killed", "wounded", "casualties"):
        return ""
    found: set[str] = set()
    if previous_word in _QUALIFIERS:
        found.add(_QUALIFIERS[previous_word])
    window = re.split(r"[.,;:!?()\n\d]", text[pos:pos + 60], maxsplit=1)[0]
    for word in re.findall(r"[A-Za-z]+", window)[:5]:
        low = word.casefold()
        if low in _QUALIFIERS:
            found.add(_QUALIFIERS[low])
    return "/".join(sorted(found))
