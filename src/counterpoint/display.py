"""Making hostile text safe to show in a terminal.

Article text can hold ANSI escape sequences, other control characters and
bidirectional overrides that rewrite what a terminal shows. ``terminal_safe``
removes them; the CLI passes every stored string through it and prints with
Rich markup off.
"""

from __future__ import annotations

import re

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
