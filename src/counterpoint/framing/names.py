"""The naming phrase a source builds around an actor's name, and its tone.

A mention found by annotation is often only the core name ("Kiev regime", "Kim Jong Un",
"Ukrainian"); the words that take a side stand around it: "neo-Nazi formations of the Kiev
regime", "Respected Comrade Kim Jong Un", "ROK puppets", "Russian invaders". ``naming_phrase``
widens a mention over the words of the naming lexicon (``data/framing/naming.yaml``):

* to the right over qualifiers ending in a head noun ("Ukrainian" + "Defense Forces", "Russian" +
  "invaders"), at most ``MAX_RIGHT_WORDS`` words;
* to the left over pejorative and honorific words ("Respected Comrade", "heroic"), at most
  ``MAX_LEFT_WORDS`` words, then over "<head noun> of (the)" and that noun's own modifiers
  ("neo-Nazi formations of the Kiev regime");

never across punctuation other than a hyphen or an apostrophe inside a word, nor across a line
end, and never over a leading article. The tone: a pejorative or honorific alias kind (from the
actor registry) wins; else any pejorative word; else any honorific word; else neutral. Words inside
the mention itself count only as head nouns ("Kiev regime" reads pejorative, "Great Britain" stays
neutral).

Limits: English; one word at a time (no multi-word entries); a historical name keeps the tone of
its words ("Nazi Germany" reads pejorative). A tone is a claim about wording, not a verdict.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any, Final, Literal, cast

import yaml

Tone = Literal["pejorative", "honorific", "neutral"]
TONES: Final[tuple[Tone, ...]] = ("pejorative", "honorific", "neutral")

#: Words a phrase may take to the left of a mention (modifiers and titles).
MAX_LEFT_WORDS: Final = 3
#: Words a phrase may take to the right of a mention (qualifiers and a head noun).
MAX_RIGHT_WORDS: Final = 3
#: Characters read to the left of a phrase when looking for the next word.
LEFT_WINDOW: Final = 80
#: The version of ``naming.yaml`` this module reads.
LEXICON_VERSION: Final = 1
#: Articles left out of a phrase's start.
ARTICLES: Final = frozenset({"the", "a", "an"})

_WORD_CHARS: Final = r"\w[\w'’-]*"
_PREVIOUS_WORD: Final = re.compile(r"(" + _WORD_CHARS + r")[ \t]+$")
_NEXT_WORD: Final = re.compile(r"[ \t]+(" + _WORD_CHARS + r")")
_OF_BEFORE: Final = re.compile(r"(" + _WORD_CHARS + r")[ \t]+of[ \t]+(?:the[ \t]+)?$", re.IGNORECASE)
_WORD: Final = re.compile(_WORD_CHARS)
_POSSESSIVE: Final = ("'s", "'")


@dataclass(frozen=True, slots=True)
class NamingLexicon:
    """The naming lexicon: normalised word -> tone, for words before a name and head nouns after it."""

    before: Mapping[str, Tone]
    after: Mapping[str, Tone]


@dataclass(frozen=True, slots=True)
class NamePhrase:
    """The phrase naming an actor: ``text == source[start:end]``, with its tone and the cues that decided it.

    ``cues`` holds the lexicon words of the deciding tone, in text order, after ``alias:<kind>``
    when the alias kind decided; it is empty for a neutral phrase.
    """

    start: int
    end: int
    text: str
    tone: Tone
    cues: tuple[str, ...]


def _read_section(data: dict[str, Any], section: str) -> Mapping[str, Tone]:
    table: dict[str, Tone] = {}
    entries = data.get(section) or {}
    if not isinstance(entries, dict):
        raise ValueError(f"naming lexicon: {section!r} must map tones to word lists")
    for tone, words in entries.items():
        if tone not in TONES:
            raise ValueError(f"naming lexicon: unknown tone {tone!r} in {section!r}")
        for word in words or []:
            key = str(word).lower().replace("’", "'")
            if table.get(key, tone) != tone:
                raise ValueError(f"naming lexicon: {word!r} has two tones in {section!r}")
            table[key] = cast(Tone, tone)
    return MappingProxyType(table)


@lru_cache(maxsize=1)
def load_naming() -> NamingLexicon:
    """The packaged naming lexicon (read once)."""
    path = resources.files("counterpoint") / "data" / "framing" / "naming.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("version") != LEXICON_VERSION:
        raise ValueError(f"naming lexicon: expected a mapping with version {LEXICON_VERSION}")
    return NamingLexicon(_read_section(data, "before"), _read_section(data, "after"))


def _lookup(word: str, table: Mapping[str, Tone]) -> str | None:
    """The lexicon entry ``word`` is a form of (plural, possessive), or None."""
    w = word.lower().replace("’", "'")
    for mark in _POSSESSIVE:
        if w.endswith(mark) and len(w) > len(mark):
            w = w[:-len(mark)]
            break
    candidates = [w]
    if w.endswith("ies"):
        candidates.append(w[:-3] + "y")
    if w.endswith("es"):
        candidates.append(w[:-2])
    if w.endswith("s"):
        candidates.append(w[:-1])
    return next((c for c in candidates if c in table), None)


def _possessive(word: str) -> bool:
    return word.replace("’", "'").endswith(_POSSESSIVE)


def _extend_right(text: str, end: int, lex: NamingLexicon) -> int:
    """Over qualifiers ending in a head noun; stops after a possessive ("regime's")."""
    best = end
    pos = end
    for _ in range(MAX_RIGHT_WORDS):
        m = _NEXT_WORD.match(text, pos)
        if m is None:
            break
        word = m.group(1)
        if _lookup(word, lex.after) is not None:
            best = m.end()
            if _possessive(word):
                best -= len("'s") if word.replace("’", "'").endswith("'s") else len("'")
                break
        elif _lookup(word, lex.before) is None or _possessive(word):
            break
        pos = m.end()
    return best


def _previous_word(text: str, start: int) -> re.Match[str] | None:
    """The whole word right before ``start`` (spaces or tabs between), as a match on ``text``."""
    window_start = max(0, start - LEFT_WINDOW)
    m = _PREVIOUS_WORD.search(text, window_start, start)
    if m is None or (m.start(1) == window_start and window_start > 0 and text[window_start - 1].isalnum()):
        return None
    return m


def _extend_left_modifiers(text: str, start: int, lex: NamingLexicon, *, neutral: bool) -> int:
    """Over pejorative and honorific words (and neutral qualifiers of a group noun when ``neutral``)."""
    for _ in range(MAX_LEFT_WORDS):
        m = _previous_word(text, start)
        if m is None or _possessive(m.group(1)):
            break
        entry = _lookup(m.group(1), lex.before)
        if entry is None or (lex.before[entry] == "neutral" and not neutral):
            break
        start = m.start(1)
    return start


def _extend_left(text: str, start: int, lex: NamingLexicon) -> int:
    start = _extend_left_modifiers(text, start, lex, neutral=False)
    m = _OF_BEFORE.search(text, max(0, start - LEFT_WINDOW), start)
    if m is not None and _lookup(m.group(1), lex.after) is not None and not _possessive(m.group(1)):
        window_start = max(0, start - LEFT_WINDOW)
        truncated = m.start(1) == window_start and window_start > 0 and text[window_start - 1].isalnum()
        if not truncated:
            start = _extend_left_modifiers(text, m.start(1), lex, neutral=True)
    return start


def _skip_article(text: str, start: int, end: int) -> int:
    """Past a leading article of the mention itself ("the occupiers" -> "occupiers")."""
    m = _NEXT_WORD.match(" " + text[start:end])
    if m is not None and m.group(1).lower() in ARTICLES and m.end() < end - start + 1:
        rest = _NEXT_WORD.match(" " + text[start:end], m.end())
        if rest is not None:
            return start + rest.start(1) - 1
    return start


def _tone_words(text: str, start: int, end: int, mention: tuple[int, int],
                lex: NamingLexicon) -> list[tuple[str, Tone]]:
    """(lexicon entry, tone) of the phrase's words in text order; mention words count only as head nouns."""
    out: list[tuple[str, Tone]] = []
    for m in _WORD.finditer(text, start, end):
        inside = mention[0] <= m.start() and m.end() <= mention[1]
        entry = _lookup(m.group(), lex.after)
        if entry is not None:
            out.append((entry, lex.after[entry]))
            continue
        entry = None if inside else _lookup(m.group(), lex.before)
        if entry is not None:
            out.append((entry, lex.before[entry]))
    return out


def naming_phrase(text: str, start: int, end: int, alias_kind: str = "neutral") -> NamePhrase:
    """The phrase around the mention ``text[start:end]`` that names its actor, and its tone.

    ``alias_kind`` is the mention's alias kind from the actor registry; "pejorative" or "honorific"
    decides the tone. Raises ValueError when the offsets do not fit ``text``.
    """
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"mention offsets {start}..{end} outside a text of {len(text)} characters")
    lex = load_naming()
    phrase_end = _extend_right(text, end, lex)
    phrase_start = _extend_left(text, _skip_article(text, start, end), lex)
    words = _tone_words(text, phrase_start, phrase_end, (start, end), lex)
    tone: Tone
    cues: list[str] = []
    if alias_kind in ("pejorative", "honorific"):
        tone = cast(Tone, alias_kind)
        cues.append(f"alias:{alias_kind}")
    elif any(t == "pejorative" for _, t in words):
        tone = "pejorative"
    elif any(t == "honorific" for _, t in words):
        tone = "honorific"
    else:
        tone = "neutral"
    if tone != "neutral":
        cues.extend(dict.fromkeys(w for w, t in words if t == tone))
    return NamePhrase(phrase_start, phrase_end, text[phrase_start:phrase_end], tone, tuple(cues))
