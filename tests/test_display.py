"""Terminal output never carries control or bidi-override characters from article text."""

from __future__ import annotations

import pytest

from counterpoint.display import terminal_safe


@pytest.mark.parametrize(
    ("raw", "kwargs", "shown"),
    [
        ("plain", {}, "plain"),
        (None, {}, ""),
        ("red \x1b[31malert\x1b[0m", {}, "red [31malert[0m"),
        ("a\u202eb\u2066c\u200fd", {}, "abcd"),
        ("bell\x07 and \x9b csi", {}, "bell and  csi"),
        ("two\nlines\tand tab", {"one_line": True}, "two lines and tab"),
        ("abcdefghij", {"limit": 5}, "abcd…"),
    ],
)
def test_terminal_safe(raw: str | None, kwargs: dict[str, object], shown: str) -> None:
    assert terminal_safe(raw, **kwargs) == shown  # type: ignore[arg-type]
