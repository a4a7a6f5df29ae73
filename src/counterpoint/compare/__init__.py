"""Compare: what the sources of one story agree on, disagree on and say alone, how they name the actors and
whom they let speak (``compare_story``), and a side-by-side table of it for a terminal (``format_comparison``)."""

from counterpoint.compare.display import format_comparison
from counterpoint.compare.records import (
    AlignedClaim,
    AttributionDiff,
    AttributionView,
    Claim,
    ClaimSet,
    Comparison,
    Evidence,
    NameUse,
    NamingRow,
)
from counterpoint.compare.story import compare_story

__all__ = ["AlignedClaim", "AttributionDiff", "AttributionView", "Claim", "ClaimSet", "Comparison", "Evidence",
           "NameUse", "NamingRow", "compare_story", "format_comparison"]
