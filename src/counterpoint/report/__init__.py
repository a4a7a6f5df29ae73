"""Writers of exports: event records in PLOVER v2 (JSONL) and ACLED (CSV) shape."""

from __future__ import annotations

from counterpoint.report.events import ACLED_COLUMNS, acled_category, acled_row, entity, plover_record

__all__ = ["ACLED_COLUMNS", "acled_category", "acled_row", "entity", "plover_record"]
