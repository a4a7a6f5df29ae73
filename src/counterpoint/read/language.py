"""Language identification with py3langid (a fork of Lui & Baldwin's langid.py,
"langid.py: An Off-the-shelf Language Identification Tool", ACL 2012).

Guarantees:

* the model is loaded once per process, on first use (about 0.6 s);
* :func:`identify` returns ``(code, score)`` with ``code`` an ISO 639 code or
  ``"und"`` and ``score`` a probability in ``[0, 1]`` (normalised over all
  languages of the model);
* text with fewer than :data:`MIN_LETTERS` letters is ``("und", 0.0)``;
* only the first :data:`SAMPLE_CHARS` characters are looked at, so the cost is
  bounded (under a millisecond) whatever the length of the document.
"""

from __future__ import annotations

import re
import threading
from typing import Any

#: Fewer letters than this and no language is guessed.
MIN_LETTERS = 20
#: Characters of a text that identification reads.
SAMPLE_CHARS = 2000

_LOCK = threading.Lock()
_IDENTIFIER: Any = None
_HINT_RE = re.compile(r"^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*\s*$")


def _identifier() -> Any:
    global _IDENTIFIER
    if _IDENTIFIER is None:
        with _LOCK:
            if _IDENTIFIER is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                _IDENTIFIER = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _IDENTIFIER


def _enough_letters(text: str) -> bool:
    count = 0
    for char in text:
        if char.isalpha():
            count += 1
            if count >= MIN_LETTERS:
                return True
    return False


def normalise_code(value: str | None) -> str | None:
    """``"en-US"`` → ``"en"``; ``None`` for anything that is not a language tag."""
    if not value:
        return None
    match = _HINT_RE.match(value)
    return match.group(1).lower() if match else None


def _scores(text: str) -> list[tuple[str, float]] | None:
    sample = text[:SAMPLE_CHARS]
    if not _enough_letters(sample):
        return None
    ranked: list[tuple[str, float]] = _identifier().rank(sample)
    return ranked


def identify(text: str) -> tuple[str, float]:
    """The most likely language of ``text`` and its probability."""
    sample = text[:SAMPLE_CHARS]
    if not _enough_letters(sample):
        return "und", 0.0
    code, score = _identifier().classify(sample)
    if code == "zxx":  # the model's "no linguistic content"
        return "und", float(score)
    return str(code), float(score)


def decide(text: str, *, hint: str | None, min_score: float) -> tuple[str, float]:
    """Language for a document: the identified one when its probability is at
    least ``min_score``; otherwise the ``hint`` (an ``<html lang>`` or header
    value) when there is one, with the probability the model gives it;
    otherwise ``"und"`` with the best probability found."""
    code, score = identify(text)
    if code != "und" and score >= min_score:
        return code, score
    hinted = normalise_code(hint)
    if hinted is None:
        return "und", score
    if code == "und" and score == 0.0:
        return hinted, 0.0
    ranked = _scores(text) or []
    return hinted, next((float(s) for c, s in ranked if c == hinted), 0.0)
