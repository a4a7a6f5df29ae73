"""Hedges and distance cues: the words with which a writer keeps a claim at arm's length.

Three kinds:

* ``distance``: the writer marks the words as someone else's and doubts them ("Pyongyang claims
  that", "its claims", "alleged", "so-called", "self-styled", "what it called", "what Seoul
  described as"); the distancing words of the extract lexicon are reused;
* ``hedge``: the writer softens a claim ("reportedly", "apparently", "may have", "is said to",
  "unconfirmed", "could not be independently verified");
* ``impersonal``: a claim without a speaker ("it is noted that", "it was reported", "it is believed").

Matching is by word lists, case-insensitive, and safe at word edges: neither a letter, digit nor
hyphen may touch a match ("reclaimed", "claimsman" and "counter-claims" do not match). Where matches
overlap, the earliest and then the longest wins ("according to unverified reports" over
"unverified"). Each pattern is a flat alternation with bounded repeats, so a scan is linear in the
text.

Limits: English only; "claim" is also read where it is a legal or territorial claim, and "supposed"
only where it is not "supposed to" (an obligation), except "supposed to have" (a hedge).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

from counterpoint.extract.lexicon import DISTANCING_WORDS

HedgeKind = Literal["distance", "hedge", "impersonal"]

CONFIDENCE_DISTANCING_WORD: Final = 0.85
#: "claims" is often a distance cue, but also a plain noun ("territorial claims").
CONFIDENCE_CLAIM: Final = 0.7
CONFIDENCE_WHAT_IT_CALLED: Final = 0.9
CONFIDENCE_HEDGE: Final = 0.7
CONFIDENCE_UNVERIFIED: Final = 0.85
CONFIDENCE_IMPERSONAL: Final = 0.8

_START: Final = r"(?<![\w-])"
_END: Final = r"(?![\w-])"


def _alternation(words: list[str]) -> str:
    """Longest first, so that "allegedly" is tried before "alleged"; a space matches any whitespace."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


#: "supposed" is read apart: "supposed to" is an obligation, "supposed to have" a hedge.
_DISTANCING: Final = sorted(w for w in DISTANCING_WORDS if w != "supposed")
_CLAIM_FORMS: Final = ["claim", "claims", "claiming", "claimed"]
_HEDGE_WORDS: Final = ["reportedly", "apparently", "seemingly", "ostensibly", "may have", "might have",
                       "supposed to have", "unconfirmed", "unverified"]
_SAID_TO: Final = r"(?:is|are|was|were)\s+(?:said|believed|thought|reported|rumou?red|understood)\s+to"
_UNVERIFIED_REPORTS: Final = r"according\s+to\s+(?:unconfirmed|unverified)\s+(?:reports?|information|data|sources?)"
_NOT_VERIFIED: Final = (r"(?:(?:could|can|has|have|had|was|were|is|are)(?:\s+not|not|n['’]t)|not)\s+"
                        r"(?:be\s+|been\s+)?independently\s+(?:verif(?:y|ied)|confirm(?:ed)?)")
_WHAT_IT_CALLED: Final = (r"what\s+(?:[\w'’-]+\s+){1,3}?(?:called|calls|call|termed|terms|dubbed|dubs|"
                          r"described\s+as|describes\s+as|describe\s+as)")
#: "it is said that"; "it is said to" is left to the hedge "is said to".
_IMPERSONAL: Final = (r"it\s+(?:is|was|has\s+been|had\s+been)\s+(?:noted|said|reported|claimed|alleged|believed|"
                      r"thought|understood|known|stated|learned|learnt)(?!\s+to" + _END + r")(?:\s+that)?")

#: (kind, pattern, confidence); every pattern is wrapped in word-edge guards.
_PATTERNS: Final[tuple[tuple[HedgeKind, str, float], ...]] = (
    ("distance", _alternation(_DISTANCING), CONFIDENCE_DISTANCING_WORD),
    ("distance", r"supposed(?!\s+to" + _END + ")", CONFIDENCE_DISTANCING_WORD),
    ("distance", _alternation(_CLAIM_FORMS), CONFIDENCE_CLAIM),
    ("distance", _WHAT_IT_CALLED, CONFIDENCE_WHAT_IT_CALLED),
    ("hedge", _alternation(_HEDGE_WORDS), CONFIDENCE_HEDGE),
    ("hedge", _SAID_TO, CONFIDENCE_HEDGE),
    ("hedge", _UNVERIFIED_REPORTS, CONFIDENCE_UNVERIFIED),
    ("hedge", _NOT_VERIFIED, CONFIDENCE_UNVERIFIED),
    ("impersonal", _IMPERSONAL, CONFIDENCE_IMPERSONAL),
)
_COMPILED: Final = tuple((kind, re.compile(_START + "(?:" + pattern + ")" + _END, re.IGNORECASE), confidence)
                         for kind, pattern, confidence in _PATTERNS)


@dataclass(frozen=True, slots=True)
class Hedge:
    """A hedge or distance cue: ``text == source[start:end]``."""

    start: int
    end: int
    text: str
    kind: HedgeKind
    confidence: float


def find_hedges(text: str) -> list[Hedge]:
    """Hedges and distance cues of ``text``, sorted by start, none overlapping."""
    found: list[tuple[int, int, HedgeKind, float]] = []
    for kind, pattern, confidence in _COMPILED:
        found.extend((m.start(), m.end(), kind, confidence) for m in pattern.finditer(text))
    found.sort(key=lambda f: (f[0], f[0] - f[1]))
    out: list[Hedge] = []
    taken_to = 0
    for start, end, kind, confidence in found:
        if start >= taken_to:
            out.append(Hedge(start, end, text[start:end], kind, confidence))
            taken_to = end
    return out
