"""A comparison as a side-by-side table for a terminal: one column per source, rows grouped into what the
sources agree on, what they disagree on, what one says alone, how they name the actors and whom they let
speak.

Article text is hostile: every shown string goes through ``counterpoint.display.terminal_safe``
(after ANSI escape sequences are removed whole), is folded onto one line and cut, and the table is
rendered without markup, colour or terminal codes, so the result is plain text.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from counterpoint.compare.records import AlignedClaim, AttributionView, Claim, Comparison
from counterpoint.display import terminal_safe

#: Source columns shown; the other sources are counted under the table (the JSON has them all).
MAX_COLUMNS = 4
#: Values shown in one cell, and characters of each.
MAX_CELL_VALUES = 2
MAX_VALUE_CHARS = 160
MAX_ABOUT_CHARS = 90

_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])|\x9b[0-?]*[ -/]*[@-~]")
_GROUPS = (("agree", "Agree: two or more sources state it, compatibly"),
           ("conflict", "Conflict: the sources state it differently"),
           ("only", "Only one source says"))


def safe(text: str | None, limit: int = MAX_VALUE_CHARS) -> str:
    """``text`` fit for a terminal cell: escape sequences and control characters gone, one line, cut."""
    return terminal_safe(_ANSI.sub("", text or ""), one_line=True, limit=limit)


def format_comparison(comparison: Comparison, *, width: int = 100) -> str:
    """The comparison as plain text, at most ``width`` columns wide."""
    width = max(int(width), 40)
    out = io.StringIO()
    console = Console(file=out, width=width, color_system=None, force_terminal=False, no_color=True,
                      highlight=False, markup=False, emoji=False, soft_wrap=False)
    columns = _columns(comparison)
    sources = comparison.sources
    console.print(Text(f"Story {safe(comparison.story_id, 80)}: {len(sources)} sources, "
                       f"{len(comparison.items)} items compared"))
    left_out = []
    if comparison.items_left_out:
        left_out.append(f"{comparison.items_left_out} items")
    if comparison.sources_left_out:
        left_out.append(f"{comparison.sources_left_out} sources")
    if left_out:
        console.print(Text(f"(left out by the size caps: {', '.join(left_out)})"))
    for n, source in enumerate(sources, 1):
        console.print(Text(f"  [{n}] {safe(source, 80)}"))
    hidden = [s for s in sources if s not in columns]
    if hidden:
        console.print(Text(f"  (columns show {len(columns)} sources; {len(hidden)} more in the JSON export)"))
    if not sources:
        console.print(Text("nothing to compare: the story has no items."))
        return out.getvalue()
    for status, title in _GROUPS:
        rows = [a for a in getattr(comparison, status) if any(s in columns for s in a.claims)]
        console.print()
        console.print(Text(f"{title} ({len(getattr(comparison, status))})"))
        if not rows:
            console.print(Text("  —"))
            continue
        table = _table(columns, sources)
        for aligned in rows:
            table.add_row(Text(_what(aligned)), *(Text(_cell(aligned.claims.get(s, ()))) for s in columns))
        console.print(table)
        if status == "only" and comparison.only_more:
            more = ", ".join(f"{safe(s, 40)}: {n}" for s, n in comparison.only_more.items())
            console.print(Text(f"  and more, not listed: {more}"))
    _naming(console, comparison, columns, sources)
    _attribution(console, comparison, columns, sources)
    return out.getvalue()


def _columns(comparison: Comparison) -> list[str]:
    """The sources given a column: those with the most claims in the comparison, in source order."""
    weight = {s: 0 for s in comparison.sources}
    for group in (comparison.agree, comparison.conflict, comparison.only):
        for aligned in group:
            for source in aligned.claims:
                if source in weight:
                    weight[source] += 1
    shown = set(sorted(weight, key=lambda s: (-weight[s], comparison.sources.index(s)))[:MAX_COLUMNS])
    return [s for s in comparison.sources if s in shown]


def _table(columns: Sequence[str], sources: Sequence[str]) -> Table:
    table = Table(box=box.SIMPLE, show_lines=True, pad_edge=False, expand=True)
    table.add_column("what", ratio=3, overflow="fold")
    for source in columns:
        table.add_column(f"[{sources.index(source) + 1}] {safe(source, 30)}", ratio=4, overflow="fold")
    return table


def _what(aligned: AlignedClaim) -> str:
    if aligned.kind == "statement":
        return "says"
    return f"{aligned.kind}: {safe(aligned.about, MAX_ABOUT_CHARS)}"


def _cell(claims: Sequence[Claim]) -> str:
    lines = [safe(c.value) + _voice(c.stance, c.speaker) for c in claims[:MAX_CELL_VALUES]]
    if len(claims) > MAX_CELL_VALUES:
        lines.append(f"+{len(claims) - MAX_CELL_VALUES} more")
    return "\n".join(lines)


def _voice(stance: str | None, speaker: str | None) -> str:
    if stance is None or (stance == "asserted" and not speaker):
        return ""
    if stance == "distanced":
        return f" [distanced: {safe(speaker, 40) or 'unnamed'}]"
    return f" [via {safe(speaker, 40) or 'unnamed'}]"


def _naming(console: Console, comparison: Comparison, columns: Sequence[str], sources: Sequence[str]) -> None:
    console.print()
    console.print(Text(f"Naming: the names each source gives an actor ({len(comparison.naming)}; "
                       "≠ marks names that differ)"))
    rows = [r for r in comparison.naming if any(s in columns for s in r.names)]
    if not rows:
        console.print(Text("  —"))
        return
    table = _table(columns, sources)
    for row in rows:
        what = ("≠ " if row.differs else "") + safe(row.actor, MAX_ABOUT_CHARS)
        cells = []
        for source in columns:
            uses = row.names.get(source, ())
            cells.append(Text("\n".join(_name(u.name, u.tone, u.count) for u in uses[:MAX_CELL_VALUES])))
        table.add_row(Text(what), *cells)
    console.print(table)


def _name(name: str, tone: str, count: int) -> str:
    return f"{safe(name, 80)}{'' if tone == 'neutral' else f' ({tone})'}{f' ×{count}' if count > 1 else ''}"


def _attribution(console: Console, comparison: Comparison, columns: Sequence[str], sources: Sequence[str]) -> None:
    console.print()
    console.print(Text(f"Attribution: who each source lets speak for the same event ({len(comparison.attribution)})"))
    rows = [d for d in comparison.attribution if any(s in columns for s in d.views)]
    if not rows:
        console.print(Text("  —"))
        return
    table = _table(columns, sources)
    for diff in rows:
        cells = [Text("\n".join(_view(v) for v in diff.views.get(source, ())[:MAX_CELL_VALUES]))
                 for source in columns]
        table.add_row(Text(f"{diff.kind}: {safe(diff.about, MAX_ABOUT_CHARS)}"), *cells)
    console.print(table)


def _view(view: AttributionView) -> str:
    if view.own_voice:
        return "as fact, own voice"
    cue = f" ({safe(view.cue, 30)})" if view.cue and view.cue != view.speaker else ""
    return f"{view.stance}: {safe(view.speaker, 60) or 'unnamed'}{cue}"
