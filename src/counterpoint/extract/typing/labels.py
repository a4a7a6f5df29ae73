"""Label sets of the event typer: the five coarse classes and the 16 PLOVER types.

The five coarse classes are those of the cameo-sentences data (label 0–4): the
four CAMEO/PLOVER quad classes plus ``neutral`` (public statements and appeals,
CAMEO roots 01–02, which no PLOVER type but REQUEST covers).
"""

from __future__ import annotations

from typing import Final

from counterpoint.model import PLOVER_TYPES

#: The coarse classes, in the order of the cameo-sentences labels 0..4.
QUADS: Final[tuple[str, ...]] = (
    "neutral", "verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict",
)

#: PLOVER v2 type -> its quad class (docs/ONTOLOGIES.md).
TYPE_QUAD: Final[dict[str, str]] = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), "verbal_cooperation"),
    **dict.fromkeys(("COOPERATE", "AID", "RETREAT"), "material_cooperation"),
    **dict.fromkeys(("REQUEST", "ACCUSE", "REJECT", "THREATEN"), "verbal_conflict"),
    **dict.fromkeys(("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"), "material_conflict"),
}
assert tuple(TYPE_QUAD) == PLOVER_TYPES

#: Old (PLOVER 0.5, 18-type) event names in the gold records -> (v2 type, mode or "").
OLD_TYPES: Final[dict[str, tuple[str, str]]] = {
    "DEMAND": ("REQUEST", ""),
    "DISAPPROVE": ("ACCUSE", "disapprove"),
    "INVESTIGATE": ("ACCUSE", "investigate"),
    "FIGHT": ("ASSAULT", ""),
}


def plover_type(name: str) -> tuple[str, str] | None:
    """The v2 type and implied mode of a (possibly old) event name; None for others (``DOCUMENT``)."""
    name = name.strip().upper()
    if name in TYPE_QUAD:
        return name, ""
    return OLD_TYPES.get(name)


def quad_index(quad: str) -> int:
    return QUADS.index(quad)
