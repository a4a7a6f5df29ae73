"""The self-contained HTML report: the timeline and every story's comparison in one file.

Guarantees: one file with everything inline (CSS, script and SVG charts), so it opens offline and can be
mailed; it loads nothing (its Content-Security-Policy allows only its own inline style and script, by
hash, and no network at all); it is rendered by the web UI's templates with autoescape on, and every
string from the store is escaped and its control characters made visible (``counterpoint.web.text``).
Links to items, actors and sources are left out (the report has no such pages); links between stories
are anchors inside the file.
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from markupsafe import Markup

from counterpoint.errors import UsageError
from counterpoint.store.base import SQLStore
from counterpoint.store.link import StoryRow
from counterpoint.web import charts
from counterpoint.web.templating import Links, environment, static_text
from counterpoint.web.views import Actors, story, timeline_entry


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def choose_stories(stories: Iterable[StoryRow], *, min_sources: int = 1,
                   max_stories: int = 500) -> tuple[list[StoryRow], int]:
    """The stories the report holds: told by ``min_sources`` sources or more; past ``max_stories``, those told by
    the most sources (then the latest) are kept. Latest first report first; returns them and how many were
    left out by ``max_stories``."""
    kept = [s for s in stories if s.sources >= min_sources]
    left_out = max(0, len(kept) - max_stories)
    if left_out:
        kept = sorted(kept, key=lambda s: (-s.sources, _neg(s.first_reported)))[:max_stories]
    kept.sort(key=lambda s: (s.first_reported or "", s.id), reverse=True)
    undated = [s for s in kept if not s.first_reported]
    return [s for s in kept if s.first_reported] + undated, left_out


def _neg(text: str | None) -> tuple[int, ...]:
    return tuple(-ord(c) for c in (text or ""))


def render_report(store: SQLStore, *, actors: Actors, since: str | None = None, min_sources: int = 1,
                  max_stories: int = 500, title: str = "counterpoint report") -> tuple[str, dict[str, Any]]:
    """The report as one HTML string, and a summary (``stories``, ``left_out``)."""
    rows, left_out = choose_stories(store.iter_stories(since=since), min_sources=min_sources,
                                    max_stories=max_stories)
    records = [story(store, row.id, actors) for row in rows]
    entries = [timeline_entry(row) for row in rows]
    names = actors.labels(sorted({a for e in entries for a in e["actors"]}))
    months = Counter(str(r.first_reported)[:7] for r in rows if r.first_reported)
    links = Links("report", stories=[r.id for r in rows])
    counts = store.counts()
    css, js = static_text("app.css"), static_text("app.js")
    csp = (f"default-src 'none'; style-src {_hash(css)}; script-src {_hash(js)}; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    html = environment().get_template("report.html").render(
        title=title, css=Markup(css), js=Markup(js), csp=csp, links=links, stories=records, entries=entries,
        actor_names=names, left_out=left_out, min_sources=min_sources, since=since,
        month_chart=charts.month_bars(sorted(months.items())), dots=charts.story_dots(entries, href=links.story),
        counts=counts, generated=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    return html, {"stories": len(records), "left_out": left_out}


def write_report(store: SQLStore, path: Path, *, actors: Actors, since: str | None = None, min_sources: int = 1,
                 max_stories: int = 500) -> dict[str, Any]:
    """Write the report to ``path``; returns the summary with ``bytes`` written."""
    html, summary = render_report(store, actors=actors, since=since, min_sources=min_sources,
                                  max_stories=max_stories)
    data = html.encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise UsageError(f"cannot write {path} ({exc.strerror})", fix="give a writable path to -o") from exc
    return {**summary, "bytes": len(data)}
