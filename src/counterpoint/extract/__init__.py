"""Extraction: events typed in PLOVER v2, with their evidence and attribution.

``extract_pending`` (stage) runs over stored, annotated items; ``Extractor``
(extractor) does the work on a batch; ``DocKeeper`` (docs) lets it reuse the
annotate stage's parse. ``typing`` (the learned classifier) is optional.
"""

from __future__ import annotations

from counterpoint.extract.docs import DocKeeper
from counterpoint.extract.extractor import EXTRACTOR, Extractor, ItemEvents
from counterpoint.extract.stage import MIN_CONFIDENCE, extract_pending

__all__ = ["EXTRACTOR", "MIN_CONFIDENCE", "DocKeeper", "Extractor", "ItemEvents", "extract_pending"]
