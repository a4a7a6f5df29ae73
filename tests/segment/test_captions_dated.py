"""Captions that carry a date are captions, so their date never becomes the event's (issue 17)."""

from __future__ import annotations

import pytest

from counterpoint.segment.lines import is_photo_caption


@pytest.mark.parametrize(
    "line",
    [
        "This video grab taken and released on Saturday, May 3, 2025 shows smoke over the old pier.",
        "A handout picture shows the ferry at the pier of Harbourtown.",
        "The minister greets the crew at the pier in Harbourtown, Portland, May 3, 2025. — Reuters",
        "The minister waves to the crew as she leaves the pier on May 3. File Photo by State News",
        "A still from state television shows the pier. (Agency/Jane Roe)",
        "Seen is a part of the old ferry, found near the pier. Credit: Coast Guard",
    ],
)
def test_captions(line: str) -> None:
    assert is_photo_caption(line)


@pytest.mark.parametrize(
    "line",
    [
        "HARBOURTOWN, May 3 (Wirepress) -- The minister opened the ferry line on Saturday.",
        "The ferry line opened on Saturday, the ministry said, according to Reuters.",
        "The ferry line opened on Saturday, officials said. (AP)",
    ],
)
def test_not_captions(line: str) -> None:
    assert not is_photo_caption(line)
