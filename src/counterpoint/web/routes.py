"""The routes: every page and its JSON twin (the same record; the twin's path ends in ``.json``).

JSON routes are registered before the HTML routes with the same prefix, so ``/stories/ID.json`` is the
twin of ``/stories/ID``. Only the JSON routes are in the OpenAPI description.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict

from counterpoint.web import views
from counterpoint.web.queries import TimelineFilter
from counterpoint.web.templating import environment

router = APIRouter()

DATE = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"  # empty: no bound (an empty form field)
Id = Annotated[str, Path(min_length=1, max_length=300)]
#: Actor ids come from the registry, or from the store as the annotators wrote them: any text.
ActorId = Annotated[str, Path(min_length=1, max_length=2000)]
Page = Annotated[int, Query(ge=1, le=views.MAX_PAGE, description="Page number, from 1.")]
Actor = Annotated[str | None, Query(max_length=300, description="An actor id (as on actor pages).")]
Source = Annotated[str | None, Query(max_length=500, description="A source name.")]
EventType = Annotated[str | None, Query(alias="type", max_length=100, description="A PLOVER event type.")]
Since = Annotated[str | None, Query(pattern=DATE, description="First reported on or after (YYYY[-MM[-DD]]).")]
Until = Annotated[str | None, Query(pattern=DATE, description="First reported on or before (YYYY[-MM[-DD]]).")]
SearchText = Annotated[str, Query(max_length=500, description="Words to find (all must match).")]


class Record(BaseModel):
    """A page's record; fields as documented on each page."""

    model_config = ConfigDict(extra="allow")


class HomeRecord(Record):
    counts: dict[str, int]
    published: dict[str, str | None]
    stories: dict[str, Any]
    statuses: dict[str, dict[str, int]]
    sources: list[dict[str, Any]]
    failures: list[dict[str, Any]]
    failures_total: int


class TimelineRecord(Record):
    filters: dict[str, str | None]
    months: list[dict[str, Any]]
    undated: int
    total: int
    page: int
    pages: int
    stories: list[dict[str, Any]]
    actor_names: dict[str, str]


class StoryRecord(Record):
    id: str
    title: str | None
    first_reported: str | None
    item_ids: list[str]
    sources: list[str]
    agree: list[dict[str, Any]]
    conflict: list[dict[str, Any]]
    only: list[dict[str, Any]]
    naming: list[dict[str, Any]]
    attribution: list[dict[str, Any]]
    copies: list[dict[str, Any]]
    columns: list[dict[str, Any]]
    legend: list[dict[str, Any]]
    copy_groups: list[dict[str, Any]]


class ItemRecord(Record):
    item_id: str
    source: str | None
    url: str | None
    headline: str | None
    body: str
    mentions: list[dict[str, Any]]
    times: list[dict[str, Any]]
    events: list[dict[str, Any]]
    namings: list[dict[str, Any]]
    framing: list[dict[str, Any]]
    story_id: str | None


class ActorRecord(Record):
    actor_id: str
    actor: dict[str, Any] | None
    name: str | None
    names: list[dict[str, Any]]
    mentions: list[dict[str, Any]]
    events: list[dict[str, Any]]
    events_total: int
    stories: list[dict[str, Any]]


class SourceRecord(Record):
    source: str
    source_id: str
    items: list[dict[str, Any]]
    items_total: int
    profile: dict[str, Any] | None
    copies: list[dict[str, Any]]
    copied_by: list[dict[str, Any]]


class SearchRecord(Record):
    query: str
    filters: dict[str, str | None]
    page: int
    more: bool
    hits: list[dict[str, Any]]


def _state(request: Request) -> Any:
    return request.app.state


def _json(record: dict[str, Any]) -> JSONResponse:
    return JSONResponse(views.jsonable(record))


def _html(request: Request, template: str, record: dict[str, Any], *, title: str, json_href: str,
          **extra: Any) -> HTMLResponse:
    html = environment().get_template(template).render(
        data=record, links=_state(request).links, json_href=json_href, page_title=title, **extra)
    return HTMLResponse(html)


def _with_store(request: Request, build: Callable[..., dict[str, Any]], *args: Any, **kwargs: Any) -> dict[str, Any]:
    with _state(request).pool.store() as store:
        return build(store, *args, **kwargs)


def _query_string(request: Request) -> str:
    """The request's query string for links to its twin, without the access token."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
    return "?" + urlencode(kept) if kept else ""


# -- home -----------------------------------------------------------------------------
@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    return Response(status_code=204)


@router.get("/index.json", response_model=HomeRecord, summary="The corpus at a glance")
def home_json(request: Request) -> JSONResponse:
    """Counts, publication date range, sources, stories, stage statuses and the latest failures."""
    return _json(_with_store(request, views.home))


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home_page(request: Request) -> HTMLResponse:
    return _html(request, "home.html", _with_store(request, views.home), title="counterpoint",
                 json_href="/index.json")


# -- timeline -------------------------------------------------------------------------
def _timeline(request: Request, actor: str | None, source: str | None, event_type: str | None, since: str | None,
              until: str | None, page: int) -> dict[str, Any]:
    flt = TimelineFilter(actor=actor or None, source=source or None, event_type=event_type or None,
                         since=since or None, until=until or None)
    return _with_store(request, views.timeline, flt, _state(request).actors, page=page)


@router.get("/timeline.json", response_model=TimelineRecord, summary="Stories on a time axis")
def timeline_json(request: Request, actor: Actor = None, source: Source = None, event_type: EventType = None,
                  since: Since = None, until: Until = None, page: Page = 1) -> JSONResponse:
    """Stories per month of first report and one page of the stories the filters keep, latest first."""
    return _json(_timeline(request, actor, source, event_type, since, until, page))


@router.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
def timeline_page(request: Request, actor: Actor = None, source: Source = None, event_type: EventType = None,
                  since: Since = None, until: Until = None, page: Page = 1) -> HTMLResponse:
    record = _timeline(request, actor, source, event_type, since, until, page)
    return _html(request, "timeline.html", record, title="Timeline",
                 json_href="/timeline.json" + _query_string(request))


# -- story ----------------------------------------------------------------------------
@router.get("/stories/{story_id}.json", response_model=StoryRecord, summary="One story compared across sources")
def story_json(request: Request, story_id: Id) -> JSONResponse:
    """The story, its comparison (agree, conflict, only, naming, attribution; claims with evidence offsets),
    one column per source with its versions and framing spans, and its copies."""
    return _json(_with_store(request, views.story, story_id, _state(request).actors))


@router.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
def story_page(request: Request, story_id: Id) -> HTMLResponse:
    record = _with_store(request, views.story, story_id, _state(request).actors)
    return _html(request, "story.html", record, title=record.get("title") or story_id,
                 json_href=f"/stories/{_seg(story_id)}.json")


# -- item -----------------------------------------------------------------------------
@router.get("/items/{item_id}.json", response_model=ItemRecord, summary="One item with all its annotations")
def item_json(request: Request, item_id: Id) -> JSONResponse:
    """The item's text and every annotation with its field and offsets into that field's text."""
    return _json(_with_store(request, views.item, item_id, _state(request).actors))


@router.get("/items/{item_id}", response_class=HTMLResponse, include_in_schema=False)
def item_page(request: Request, item_id: Id) -> HTMLResponse:
    record = _with_store(request, views.item, item_id, _state(request).actors)
    return _html(request, "item.html", record, title=record.get("headline") or item_id,
                 json_href=f"/items/{_seg(item_id)}.json")


# -- actor ----------------------------------------------------------------------------
@router.get("/actors/{actor_id:path}.json", response_model=ActorRecord, summary="One actor across sources")
def actor_json(request: Request, actor_id: ActorId) -> JSONResponse:
    """The names each source gives the actor, its events over time and its stories."""
    return _json(_with_store(request, views.actor, actor_id, _state(request).actors))


@router.get("/actors/{actor_id:path}", response_class=HTMLResponse, include_in_schema=False)
def actor_page(request: Request, actor_id: ActorId) -> HTMLResponse:
    record = _with_store(request, views.actor, actor_id, _state(request).actors)
    return _html(request, "actor.html", record, title=record.get("name") or actor_id,
                 json_href=f"/actors/{_seg(actor_id)}.json")


# -- source ---------------------------------------------------------------------------
@router.get("/sources/{source_id}.json", response_model=SourceRecord, summary="One source")
def source_json(request: Request, source_id: Id, page: Page = 1) -> JSONResponse:
    """The source's items (a page at a time), its technique profile, whom it copies and who copies it."""
    return _json(_with_store(request, views.source, source_id, _state(request).actors, page=page))


@router.get("/sources/{source_id}", response_class=HTMLResponse, include_in_schema=False)
def source_page(request: Request, source_id: Id, page: Page = 1) -> HTMLResponse:
    record = _with_store(request, views.source, source_id, _state(request).actors, page=page)
    return _html(request, "source.html", record, title=record["source"],
                 json_href=f"/sources/{_seg(source_id)}.json" + _query_string(request))


# -- search ---------------------------------------------------------------------------
@router.get("/search.json", response_model=SearchRecord, summary="Full-text search")
def search_json(request: Request, q: SearchText = "", source: Source = None, since: Since = None,
                until: Until = None, page: Page = 1) -> JSONResponse:
    """Ranked full-text search over headlines and bodies, with snippets (matches between U+0002 and
    U+0003), within a source and a publication date range."""
    return _json(_with_store(request, views.search, q, source=source, since=since, until=until, page=page))


@router.get("/search", response_class=HTMLResponse, include_in_schema=False)
def search_page(request: Request, q: SearchText = "", source: Source = None, since: Since = None,
                until: Until = None, page: Page = 1) -> HTMLResponse:
    record = _with_store(request, views.search, q, source=source, since=since, until=until, page=page)
    return _html(request, "search.html", record, title=f"Search: {q}" if q else "Search",
                 json_href="/search.json" + _query_string(request))


def _seg(value: str) -> str:
    from counterpoint.web.text import path_part

    return path_part(value)
