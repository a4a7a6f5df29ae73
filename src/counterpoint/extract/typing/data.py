"""Readers for the training data kept outside the repository (``/work/shared/data`` layout).

* ``cameo-sentences/train.tsv``: sentence TAB label 0–4 (the classes of ``labels.QUADS``);
* ``cameo-sentences/train-roles.txt``: one ``token TAG`` per line, blank line between sentences,
  BIO tags with S = source, T = target, R = relation;
* ``plover/PLOVER_GSR_CAMEO.json``: the PLOVER gold records (``DOCUMENT`` records skipped,
  old event names mapped to v2 types).

Nothing here is copied into the repository; the readers only stream the files.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from counterpoint.extract.typing.labels import QUADS, plover_type

CAMEO_DIR = "cameo-sentences"
PLOVER_DIR = "plover"
CAMEO_FILE = "train.tsv"
ROLES_FILE = "train-roles.txt"
PLOVER_FILE = "PLOVER_GSR_CAMEO.json"
#: Old or non-ISO codes in the gold records -> ISO 3166 alpha-3.
CODE_FIXES = {"JAP": "JPN"}


@dataclass(frozen=True, slots=True)
class PloverRecord:
    id: str
    text: str
    type: str
    mode: str
    source_codes: tuple[str, ...]
    target_codes: tuple[str, ...]
    source_texts: tuple[str, ...]
    target_texts: tuple[str, ...]


def cameo_path(data_dir: Path) -> Path:
    return Path(data_dir) / CAMEO_DIR / CAMEO_FILE


def roles_path(data_dir: Path) -> Path:
    return Path(data_dir) / CAMEO_DIR / ROLES_FILE


def plover_path(data_dir: Path) -> Path:
    return Path(data_dir) / PLOVER_DIR / PLOVER_FILE


def read_cameo(path: Path) -> list[tuple[str, int]]:
    """(sentence, label) pairs of ``train.tsv``, in file order."""
    out: list[tuple[str, int]] = []
    with open(path, encoding="utf-8", newline="") as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            text, sep, label = line.rpartition("\t")
            if not sep or not label.strip().isdigit() or not 0 <= int(label) < len(QUADS):
                raise ValueError(f"{path}:{n}: expected 'sentence<TAB>label 0-4'")
            out.append((text.strip(), int(label)))
    return out


def read_roles(path: Path) -> list[tuple[list[str], list[str]]]:
    """(tokens, BIO tags) per sentence of ``train-roles.txt``."""
    out: list[tuple[list[str], list[str]]] = []
    tokens: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8", newline="") as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip("\r\n")
            if not line.strip():
                if tokens:
                    out.append((tokens, tags))
                    tokens, tags = [], []
                continue
            word, sep, tag = line.rpartition(" ")
            if not sep or not (tag == "O" or re.fullmatch(r"[BI]-[STR]", tag)):
                raise ValueError(f"{path}:{n}: expected 'token TAG'")
            tokens.append(word)
            tags.append(tag)
    if tokens:
        out.append((tokens, tags))
    return out


def _actors(value: object) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if not isinstance(value, list):
        return (), ()
    codes: list[str] = []
    texts: list[str] = []
    for actor in value:
        if isinstance(actor, dict):
            code = str(actor.get("code") or "").strip().upper()
            if code:
                codes.append(CODE_FIXES.get(code, code))
            if actor.get("actorText"):
                texts.append(str(actor["actorText"]))
    return tuple(codes), tuple(texts)


def read_plover(path: Path) -> list[PloverRecord]:
    """The gold records with a text and a known event, old names mapped (DEMAND -> REQUEST, ...)."""
    records = json.loads(Path(path).read_text("utf-8"))
    out: list[PloverRecord] = []
    for rec in records:
        mapped = plover_type(str(rec.get("event") or ""))
        text = str(rec.get("text") or "").strip()
        if mapped is None or not text:
            continue
        etype, implied = mapped
        mode = str(rec.get("mode") or "").strip() or implied
        src_codes, src_texts = _actors(rec.get("source"))
        tgt_codes, tgt_texts = _actors(rec.get("target"))
        out.append(PloverRecord(str(rec.get("id")), text, etype, mode, src_codes, tgt_codes, src_texts, tgt_texts))
    return out


def text_key(text: str) -> str:
    """A key under which copies of a sentence (spacing, quotes, case aside) are equal."""
    return re.sub(r"\W+", "", text).lower()
