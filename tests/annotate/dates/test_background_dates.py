"""A date in a background sentence is no event date (issue 17)."""

from __future__ import annotations

import pytest

from counterpoint.annotate.dates import find_dates
from counterpoint.model import PartialDate

PUBLISHED = PartialDate(2025, 5, 2, "header")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The old ferry line had closed on 12 January 2023 after a storm.", "reference"),
        ("The two ministers last met on April 25, 2024 in Harbourtown.", "reference"),
        ("The pier was previously damaged on 3 March 2024.", "reference"),
        ("The ministry said it had opened the line on Thursday.", "event"),  # reported speech
        ("The ferry line opened on Thursday, officials said.", "event"),
    ],
)
def test_background_sentences(text: str, kind: str) -> None:
    (found,) = find_dates(text, item_id="i", field="body", published=PUBLISHED)
    assert found.kind == kind
