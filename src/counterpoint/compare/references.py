"""Named references: legal provisions ("Article 4", "Resolution 2231"), named documents ("the
Comprehensive Strategic Partnership Treaty", "the Treaty on Comprehensive Strategic Partnership", "the UN
Charter") and named operations ("Operation Spiderweb", "the special military operation").

A small pattern set, English only. A document's key is its type and the set of
the capitalised words of its name, so word order and "X Treaty" against "Treaty
on X" do not matter; a bare "the treaty" is no reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_DOCS = r"(?:Treaty|Agreement|Accord|Convention|Charter|Pact|Memorandum|Declaration|Communiqu[eé]|Protocol)s?"
_NAME_WORD = r"[A-Z][\w'’\-]*"
_PROVISION = re.compile(
    r"\b(Articles?|Art\.|Resolutions?|Paragraphs?|Sections?|Chapters?|Clauses?|Annex)\s+(?:No\.?\s*)?"
    r"(\d+[A-Za-z]?(?:\.\d+)*(?:\(\d+\))?)(?![\w.]*\d)"
)
_DOC_AFTER = re.compile(
    r"\b((?:" + _NAME_WORD + r"\s+(?:(?:of|on|and|for)\s+(?:the\s+)?)?){1,6})(" + _DOCS + r")\b"
)
_DOC_BEFORE = re.compile(
    r"\b(" + _DOCS + r")\s+(?:on|of|for|between)\s+(?:the\s+)?((?:" + _NAME_WORD
    + r"(?:\s+(?:and|of|on|for)\s+(?:the\s+)?|\s+)?){1,6})"
)
_OPERATION = re.compile(r"\bOperation\s+(" + _NAME_WORD + r"(?:\s" + _NAME_WORD + r"){0,2})")
_SMO = re.compile(r"\bspecial military operation\b", re.IGNORECASE)
_GENERIC = _words(
    "the of on and for between with a an this that these its their our his her treaty agreement accord accords "
    "convention charter pact memorandum declaration communique communiqué protocol new first second last under "
    "in by to it he she they we")
_MONTHS = _words("january february march april may june july august september october november december")
_ALIASES = {"un": ("united", "nations"), "u.n.": ("united", "nations"), "dprk": ("korea",), "rf": ("russia",)}
_PROVISION_NAMES = {"art.": "article"}


@dataclass(frozen=True, slots=True)
class Reference:
    """A reference in a text: ``text == source[start:end]``; ``key`` normalised, ``about`` for display."""

    start: int
    end: int
    text: str
    key: str
    about: str


def _name_key(words: str) -> tuple[str, ...]:
    out: set[str] = set()
    for word in re.findall(r"[\w'’.\-]+", words):
        low = word.casefold().strip(".'’-")
        if not low or low in _GENERIC or low in _MONTHS or low.isdigit():
            continue
        out.update(_ALIASES.get(low, (low,)))
    return tuple(sorted(out))


def _singular(doc: str) -> str:
    low = doc.casefold()
    return low[:-1] if low.endswith("s") else low


def find_references(text: str) -> list[Reference]:
    """The references of ``text`` in order; overlapping finds keep the longest."""
    found: list[Reference] = []
    for m in _PROVISION.finditer(text):
        kind = m.group(1).casefold()
        kind = _PROVISION_NAMES.get(kind, kind.rstrip("s") if kind.endswith("s") and kind != "annex" else kind)
        found.append(Reference(m.start(), m.end(), m.group(), f"{kind} {m.group(2).casefold()}",
                               f"{kind.capitalize()} {m.group(2)}"))
    for m in _DOC_AFTER.finditer(text):
        name = _name_key(m.group(1))
        if name:
            doc = _singular(m.group(2))
            start = m.start(1)
            found.append(Reference(start, m.end(), text[start:m.end()], f"{doc}: {' '.join(name)}",
                                   " ".join(text[start:m.end()].split())))
    for m in _DOC_BEFORE.finditer(text):
        name = _name_key(m.group(2))
        if name:
            doc = _singular(m.group(1))
            end = m.start(2) + len(m.group(2).rstrip())
            found.append(Reference(m.start(), end, text[m.start():end], f"{doc}: {' '.join(name)}",
                                   " ".join(text[m.start():end].split())))
    for m in _OPERATION.finditer(text):
        operation = " ".join(m.group(1).casefold().split())
        found.append(Reference(m.start(), m.end(), m.group(), f"operation: {operation}",
                               " ".join(m.group().split())))
    for m in _SMO.finditer(text):
        found.append(Reference(m.start(), m.end(), m.group(), "operation: special military",
                               "special military operation"))
    found.sort(key=lambda r: (r.start, -(r.end - r.start)))
    kept: list[Reference] = []
    for ref in found:
        if kept and ref.start < kept[-1].end:
            continue
        kept.append(ref)
    return kept
