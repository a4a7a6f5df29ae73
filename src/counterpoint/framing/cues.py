"""Stock wording of persuasion techniques, from a lexicon of patterns (``data/framing/techniques.yaml``).

The learned technique model was trained on US and UK news; the stock phrases of state
media and war coverage ("in full compliance with international law", "destroyed every
... formation", "boundless loyalty") are rare there. These patterns add them, each with
its note as evidence. Matching is case-insensitive and linear in the text (the patterns
have bounded repetitions), and every match lies inside the text it was searched in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from counterpoint.errors import ConfigError
from counterpoint.model import TECHNIQUES


@dataclass(frozen=True, slots=True)
class CuePattern:
    technique: str
    note: str
    regex: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Cue:
    """A match: offsets into the searched text, the technique and why."""

    start: int
    end: int
    technique: str
    note: str


@lru_cache(maxsize=1)
def load_cues() -> tuple[CuePattern, ...]:
    """The shipped patterns, checked: a known technique and a compilable expression each."""
    path = resources.files("counterpoint") / "data" / "framing" / "techniques.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    out: list[CuePattern] = []
    for n, entry in enumerate(data.get("patterns", []), 1):
        technique = entry.get("technique")
        if technique not in TECHNIQUES:
            raise ConfigError(f"pattern {n} of techniques.yaml names an unknown technique {technique!r}",
                              fix=f"use one of: {', '.join(TECHNIQUES)}")
        try:
            regex = re.compile(str(entry["pattern"]), re.IGNORECASE)
        except (KeyError, re.error) as exc:
            raise ConfigError(f"pattern {n} of techniques.yaml does not compile ({exc})",
                              fix="correct the regular expression") from exc
        out.append(CuePattern(technique, str(entry.get("note", "")), regex))
    return tuple(out)


def find_cues(text: str) -> list[Cue]:
    """Every pattern match in ``text``, sorted by start."""
    found = [Cue(m.start(), m.end(), p.technique, p.note)
             for p in load_cues() for m in p.regex.finditer(text) if m.end() > m.start()]
    return sorted(found, key=lambda c: (c.start, -c.end))
