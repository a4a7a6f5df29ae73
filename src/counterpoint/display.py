"""Making hostile text safe to show in a terminal.

Article text can hold ANSI escape sequences, other control characters and
bidirectional overrides that rewrite what a terminal shows. ``terminal_safe``
removes them; the CLI passes every stored string through it and prints with
Rich markup off.
"""

from __future__ import annotations

import re

from counterpoint.locators import display_locator

# C0 controls but \t and \n, DEL, C1 controls, bidi embeddings/overrides/isolates.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def terminal_safe(text: str | None, *, limit: int | None = None, one_line: bool = False) -> str:
    """``text`` without control and bidi-override characters, optionally cut.

    ``one_line`` folds newlines and tabs into spaces; ``limit`` cuts to that
    many characters with an ellipsis.
    """
    if text is None:
        return ""
    out = _UNSAFE.sub("", text)
    if one_line:
        out = " ".join(out.split())
    if limit is not None and len(out) > limit:
        out = out[: max(limit - 1, 0)] + "…"
    return out


def terminal_locator(locator: str | None, *, limit: int | None = None, one_line: bool = False) -> str:
    """A stored locator as a terminal shows it: bytes of a file name that are not UTF-8 as
    ``\\xXX`` (``counterpoint.locators.display_locator``), then ``terminal_safe``."""
    return terminal_safe(None if locator is None else display_locator(locator), limit=limit, one_line=one_line)
