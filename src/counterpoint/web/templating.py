"""The one Jinja environment of the web UI and the HTML report.

Guarantees: autoescape is on for every template; every ``{{ ... }}`` output that is a string goes through
``counterpoint.web.text.visible`` first (``finalize``), so bidi overrides and control characters show as
markers wherever a template prints stored text, in element text and in attributes alike; ``None`` prints
as nothing. Links to pages go through ``Links`` (path segments percent-encoded), links to articles through
``safe_href`` (``http``/``https`` only).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from typing import Any
from urllib.parse import urlencode

import jinja2
from markupsafe import Markup

from counterpoint.locators import display_locator
from counterpoint.web import charts
from counterpoint.web.text import (
    Mark,
    Segment,
    cut,
    humanize_label,
    one_line,
    palette_index,
    path_part,
    safe_href,
    segments,
    snippet_pieces,
    visible,
)

#: Colours of technique highlights (CSS classes ``t0`` .. ``t15``).
PALETTE_SIZE = 16



def _shown_locator(locator: str | None) -> str:
    """A stored locator as a page shows it: bytes of a file name that are not UTF-8 as ``\\xXX``."""
    return display_locator(locator) if locator else ""

def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return visible(value)
    return value


class Links:
    """Where page links point. ``web``: the server's routes; ``report``: anchors inside the report for
    stories it holds, no link for pages the report does not have."""

    def __init__(self, mode: str = "web", *, stories: Iterable[str] = ()) -> None:
        self.mode = mode
        self.stories = set(stories)

    def story(self, story_id: str | None) -> str | None:
        if not story_id:
            return None
        if self.mode == "report":
            return f"#story-{path_part(story_id)}" if story_id in self.stories else None
        return f"/stories/{path_part(story_id)}"

    def item(self, item_id: str | None) -> str | None:
        if not item_id or self.mode == "report":
            return None
        return f"/items/{path_part(item_id)}"

    def actor(self, actor_id: str | None) -> str | None:
        if not actor_id or self.mode == "report":
            return None
        return f"/actors/{path_part(actor_id)}"

    def source(self, sid: str | None) -> str | None:
        if not sid or self.mode == "report":
            return None
        return f"/sources/{path_part(sid)}"



def technique_class(label: str) -> str:
    from counterpoint.web.views import LEGEND_ORDER

    return f"t{palette_index(label, LEGEND_ORDER, PALETTE_SIZE)}"


def technique_title(span: Mapping[str, Any]) -> str:
    conf = span.get("confidence")
    extra = f" ({float(conf):.2f}, {span.get('method')})" if isinstance(conf, int | float) else ""
    return humanize_label(str(span.get("label", ""))) + extra


def highlight(text: str | None, spans: Sequence[Mapping[str, Any]], field: str) -> list[Segment]:
    """``text`` (of ``field``) cut at its framing spans, each piece with the techniques over it."""
    marks = [Mark(int(s["start"]), int(s["end"]), "framing", str(s["label"]), technique_title(s),
                  technique_class(str(s["label"]))) for s in spans if s.get("field") == field]
    return segments(text or "", marks)


_ANNOTATION_KINDS = ("framing", "naming", "mention", "time", "event")


def annotate(text: str | None, record: Mapping[str, Any], field: str,
             names: Mapping[str, str] | None = None) -> list[Segment]:
    """``text`` (of ``field``) of an item record cut at every annotation: mentions, time expressions, event
    triggers, naming phrases and framing spans; each piece says what covers it."""
    names = names or {}
    marks: list[Mark] = []
    for m in record.get("mentions", ()):
        if m.get("field") == field:
            who = names.get(m.get("actor_id") or "", m.get("actor_id") or "")
            what = f"{m.get('kind')}: {who}" if who else f"{m.get('kind')} (unlinked)"
            if m.get("place_name"):
                what = f"place: {m['place_name']} (GeoNames {m.get('geonameid') or '-'})"
            marks.append(Mark(int(m["start"]), int(m["end"]), "mention", str(m.get("actor_id") or ""), what,
                              "a-place" if m.get("kind") == "place" else "a-actor"))
    for t in record.get("times", ()):
        if t.get("field") == field:
            marks.append(Mark(int(t["start"]), int(t["end"]), "time", str(t.get("value")),
                              f"time: {t.get('value') or '?'} ({t.get('granularity')})", "a-time"))
    for e in record.get("events", ()):
        if e.get("field") == field:
            marks.append(Mark(int(e["trigger_start"]), int(e["trigger_end"]), "event", str(e.get("event_type")),
                              f"event {e.get('event_type')}", "a-event"))
    for n in record.get("namings", ()):
        if n.get("field") == field:
            tone = n.get("tone") if n.get("tone") in ("pejorative", "honorific") else "neutral"
            who = names.get(n.get("actor_id") or "", n.get("actor_id"))
            marks.append(Mark(int(n["start"]), int(n["end"]), "naming", str(n.get("actor_id")),
                              f"naming ({n.get('tone')}): {who}", f"a-naming tone-{tone}"))
    for s in record.get("framing", ()):
        if s.get("field") == field:
            marks.append(Mark(int(s["start"]), int(s["end"]), "framing", str(s["label"]), technique_title(s),
                              technique_class(str(s["label"]))))
    return segments(text or "", marks)


def timeline_month_chart(record: Mapping[str, Any], links: Links) -> charts.Chart:
    """The timeline's stories-per-month bars: each month links to its stories (kept filters), and the months
    in the date range shown (or of the stories listed) are highlighted."""
    f = record.get("filters") or {}
    since, until = (f.get("since") or "")[:7], (f.get("until") or "")[:7]
    listed = {str(s.get("first_reported") or "")[:7] for s in record.get("stories", ())}

    def href(month: str) -> str | None:
        if links.mode != "web":
            return None
        return "/timeline" + qs(actor=f.get("actor"), source=f.get("source"), type=f.get("type"), since=month,
                                until=month)

    def selected(month: str) -> bool:
        if since or until:
            return (not since or month >= since) and (not until or month <= until)
        return month in listed

    return charts.month_bars([(m["month"], m["stories"]) for m in record.get("months", ())], href=href,
                             selected=selected)


def actor_month_chart(record: Mapping[str, Any]) -> charts.Chart:
    return charts.month_bars([(m["month"], m["events"]) for m in record.get("months", ())])


def snippet(text: str) -> list[tuple[str, bool]]:
    """A search snippet as (text, is_match) pieces."""
    from counterpoint.web.queries import SNIPPET_CLOSE, SNIPPET_OPEN

    return snippet_pieces(text, SNIPPET_OPEN, SNIPPET_CLOSE)


def number(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return str(value or "")
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


def qs(**params: Any) -> str:
    kept = {k: v for k, v in params.items() if v not in (None, "")}
    return "?" + urlencode(kept) if kept else ""


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("counterpoint.web", "templates"),
        autoescape=True, finalize=_finalize, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, auto_reload=False,
    )
    env.globals.update(highlight=highlight, annotate=annotate, technique_class=technique_class, safe_href=safe_href,
                       snippet=snippet, actor_month_chart=actor_month_chart, timeline_month_chart=timeline_month_chart,
                       story_dots=charts.story_dots, hbars=charts.hbars, qs=qs)
    env.filters.update(cut=cut, one_line=one_line, number=number, technique=humanize_label, visible=visible,
                       locator=_shown_locator)
    return env


def static_text(name: str) -> str:
    """A file of ``counterpoint/web/static`` as text (for the report, which inlines them)."""
    return (resources.files("counterpoint.web") / "static" / name).read_text("utf-8")
