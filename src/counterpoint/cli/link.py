"""Link commands: `copies`, `stories`, `compare STORY_ID`, `timeline`, `export copies|stories`,
`eval copies`, `eval stories`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from counterpoint.cli.app import Context, _since, cli, export_group, pass_context
from counterpoint.cli.evaluate import eval_group
from counterpoint.cli.export import _export
from counterpoint.display import terminal_safe
from counterpoint.errors import UsageError
from counterpoint.report.stories import copy_records, story_bundles, story_record, timeline_record
from counterpoint.store import Store
from counterpoint.store.link import StoryRow

STORY_FIELDS = ["id", "title", "first_reported", "start", "end", "item_ids", "sources", "event_ids", "event_types",
                "actors", "agree", "conflict", "only", "naming", "attribution", "copies"]
COPY_FIELDS = ["group_id", "kind", "earliest_item_id", "earliest_source", "earliest_published", "item_ids",
               "sources", "pairs"]


# -- helpers ---------------------------------------------------------------------
def _registry(app: Context) -> Any:
    from counterpoint.annotate.actors import ActorRegistry

    return ActorRegistry.load(extra=app.settings.registry_files)


def resolve_actor(registry: Any, text: str) -> str:
    """An actor id from an id or a name/alias (case-insensitive); a usage error when none or several match."""
    if text in registry:
        return text
    wanted = text.casefold().strip()
    found = sorted({a.id for a in registry
                    if a.name.casefold() == wanted or any(al.text.casefold() == wanted for al in a.aliases)},
                   key=registry.rank)
    if not found:
        raise UsageError(f"no actor is called {text!r}",
                         fix="give an actor id or name as `counterpoint actors` lists them")
    return str(found[0])


def _actor_names(registry: Any) -> dict[str, str]:
    return {a.id: a.name for a in registry}


def _nothing_linked(app: Context, store: Store, what: str) -> None:
    status = store.link_status()
    if status.get("done"):
        app.out.print(f"no {what} match these filters.")
    else:
        app.out.print(f"no {what} yet: run `counterpoint analyze PATH...` to link the stored items.")


def _story_header(story: StoryRow) -> str:
    title = terminal_safe(story.title or "(no headline)", one_line=True, limit=90)
    return f"{story.first_reported or 'undated'}  {story.id}  {story.size} items, {story.sources} sources  {title}"


# -- stories ----------------------------------------------------------------------
@cli.command("stories")
@click.option("--actor", help="Only stories naming this actor (id or name).")
@click.option("--since", help="Only stories first reported on or after this date (YYYY[-MM[-DD]]).")
@click.option("--min-sources", type=click.IntRange(min=1), default=1, show_default=True,
              help="Only stories told by at least this many sources.")
@click.option("--json", "as_json", is_flag=True, help="One JSON record per line.")
@pass_context
def stories_cmd(app: Context, actor: str | None, since: str | None, min_sources: int, as_json: bool) -> None:
    """Stories: items from any source that report the same event, first reported first."""
    actor_id = resolve_actor(_registry(app), actor) if actor else None
    day = _since(since)
    store = app.store(read_only=True)
    try:
        shown = 0
        for story in store.iter_stories(actor_id=actor_id, since=day.iso() if day else None):
            if story.sources < min_sources:
                continue
            shown += 1
            if as_json:
                app.out.print(json.dumps({**story.record, "id": story.id}, ensure_ascii=False))
            else:
                app.out.print(_story_header(story))
        if not shown and not as_json:
            _nothing_linked(app, store, "stories")
    finally:
        store.close()


@cli.command("compare")
@click.argument("story_id")
@click.option("--json", "as_json", is_flag=True, help="The comparison as one JSON record.")
@pass_context
def compare_cmd(app: Context, story_id: str, as_json: bool) -> None:
    """One story side by side: what its sources agree on, what conflicts, what only one says, the names
    each gives the actors and who says what. Claims are about wording, with their evidence."""
    from counterpoint.compare import compare_story, format_comparison

    registry = _registry(app)
    store = app.store(read_only=True)
    try:
        story = store.get_story(story_id)
        if story is None:
            raise UsageError(f"no story {story_id!r}", fix="list the stories with `counterpoint stories`")
        _, bundles, copies = story_bundles(store, story_id)
        sources = {b.id: b.source for b in store.load_bundles([*copies, *copies.values()])}
    finally:
        store.close()
    comparison = compare_story(story_id, bundles, _actor_names(registry))
    if as_json:
        app.out.print(json.dumps({**comparison.to_dict(),
                                  "copies": [{"item_id": c, "copies": o} for c, o in copies.items()]},
                                 ensure_ascii=False))
        return
    app.out.print(_story_header(story))
    app.out.print(format_comparison(comparison, width=app.out.width))
    for copy, original in copies.items():
        app.out.print(f"left out as a copy: {terminal_safe(sources.get(copy) or '(no source)', one_line=True)}"
                      f" {copy} copies {terminal_safe(sources.get(original) or '(no source)', one_line=True)}"
                      f" {original}")


@cli.command("timeline")
@click.option("--actor", help="Only stories naming this actor (id or name).")
@click.option("--since", help="Only stories first reported on or after this date (YYYY[-MM[-DD]]).")
@click.option("--json", "as_json", is_flag=True, help="One JSON record per story per line.")
@pass_context
def timeline_cmd(app: Context, actor: str | None, since: str | None, as_json: bool) -> None:
    """Stories on a time line by month: when each was first reported, its event dates, how many
    sources told it and what happened (event types)."""
    actor_id = resolve_actor(_registry(app), actor) if actor else None
    day = _since(since)
    store = app.store(read_only=True)
    try:
        stories = list(store.iter_stories(actor_id=actor_id, since=day.iso() if day else None))
        if not stories:
            _nothing_linked(app, store, "stories")
            return
    finally:
        store.close()
    if as_json:
        for story in stories:
            app.out.print(json.dumps(timeline_record(story), ensure_ascii=False))
        return
    month = None
    for story in stories:
        key = (story.first_reported or "undated")[:7]
        if key != month:
            month = key
            app.out.print(key)
        record = timeline_record(story)
        what = ", ".join(record["event_types"][:3]) or "-"
        app.out.print(f"  {story.first_reported or 'undated':10}  events {_dates(record):22}  "
                      f"{story.size:>4} items {story.sources:>3} sources  {what:28}  "
                      + terminal_safe(story.title or "(no headline)", one_line=True, limit=80))


def _dates(record: dict[str, Any]) -> str:
    start, end = record.get("start"), record.get("end")
    if not start:
        return "—"
    return start if not end or end == start else f"{start}..{end}"


# -- copies -----------------------------------------------------------------------
@cli.command("copies")
@click.option("--source", help="Only groups with an item of this source.")
@click.option("--json", "as_json", is_flag=True, help="One JSON record per group per line.")
@pass_context
def copies_cmd(app: Context, source: str | None, as_json: bool) -> None:
    """Copies across sources: exact copies, near copies (mirrors, edits) and machine rewrites, each group
    with its earliest publisher; then who copies whom (sources, groups)."""
    store = app.store(read_only=True)
    try:
        records = list(copy_records(store, source=source))
        if not records:
            _nothing_linked(app, store, "copies")
            return
    finally:
        store.close()
    if as_json:
        for record in records:
            app.out.print(json.dumps(record, ensure_ascii=False))
        return
    from collections import Counter

    edges: Counter[tuple[str, str]] = Counter()
    for record in records:
        origin = record["earliest_source"]
        app.out.print(f"{record['group_id']}  {record['kind']}  {len(record['item_ids'])} items,"
                      f" earliest: {terminal_safe(origin or '(no source)', one_line=True)}"
                      f" ({record['earliest_published'] or 'undated'})")
        for member in record["members"]:
            app.out.print(f"    {member['published'] or 'undated':10}  "
                          f"{terminal_safe(member['source'] or '(no source)', one_line=True, limit=40)}  "
                          f"{member['item_id']}  {terminal_safe(member['headline'] or '', one_line=True, limit=60)}")
        copiers = {m["source"] for m in record["members"][1:] if m["source"] and m["source"] != origin}
        for copier in copiers:
            if origin:
                edges[(origin, copier)] += 1
    if edges:
        app.out.print("who copies whom (groups):")
        for (origin, copier), n in edges.most_common():
            app.out.print(f"    {terminal_safe(copier, one_line=True)} <- {terminal_safe(origin, one_line=True)}"
                          f"  x{n}")


# -- exports ------------------------------------------------------------------------
@export_group.command("stories")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("-o", "--output", metavar="FILE", help="Write here instead of standard output.")
@click.option("--actor", help="Only stories naming this actor (id or name).")
@click.option("--since", help="Only stories first reported on or after this date.")
@pass_context
def export_stories_cmd(app: Context, fmt: str, output: str | None, actor: str | None, since: str | None) -> None:
    """One record per story: its items, sources and events, and the comparison (agree, conflict, only,
    naming, attribution), each claim with its item ids and evidence."""
    registry = _registry(app)
    actor_id = resolve_actor(registry, actor) if actor else None
    day = _since(since)
    names = _actor_names(registry)

    def records(store: Store) -> Iterator[dict[str, Any]]:
        for story in store.iter_stories(actor_id=actor_id, since=day.iso() if day else None):
            yield story_record(store, story, names)

    _export(app, output, "stories", records, fmt=fmt, fields=STORY_FIELDS)


@export_group.command("copies")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("-o", "--output", metavar="FILE", help="Write here instead of standard output.")
@click.option("--source", help="Only groups with an item of this source.")
@pass_context
def export_copies_cmd(app: Context, fmt: str, output: str | None, source: str | None) -> None:
    """One record per copy group: group_id, kind (exact, near, rewrite), item_ids (earliest first),
    earliest_item_id and its source, the verified pairs."""
    _export(app, output, "copy groups", lambda store: copy_records(store, source=source), fmt=fmt,
            fields=COPY_FIELDS)


# -- evaluation -----------------------------------------------------------------------
@eval_group.command("copies")
@click.option("--originals", type=click.IntRange(min=10), default=200, show_default=True,
              help="Original articles to generate copies, rewrites and distractors from.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--vectors/--no-vectors", default=True, show_default=True,
              help="Give the detector sentence vectors (as the link stage does).")
@pass_context
def eval_copies_cmd(app: Context, originals: int, seed: int, vectors: bool) -> None:
    """Copy detection on a generated set: exact copies, edited copies, mirrors with injected lines,
    machine rewrites and same-topic distractors; pairwise precision, recall and F1 per kind."""
    from counterpoint.evaluate.copies import format_copy_report, run_copy_eval

    app.out.print(format_copy_report(run_copy_eval(originals=originals, seed=seed, vectors=vectors)))


@eval_group.command("stories")
@click.option("--data", type=click.Path(path_type=Path), required=True,
              help="The ECB+ folder (e.g. ../shared/data/ecbplus-train).")
@click.option("--held-out", is_flag=True,
              help="Also tune on odd topics and score even ones (and the other way round): a minute or two more.")
@pass_context
def eval_stories_cmd(app: Context, data: Path, held_out: bool) -> None:
    """Story clustering on ECB+: the documents of each topic clustered and scored against its two
    sub-topics (B-cubed and pairwise precision, recall, F1), beside one-cluster and singleton baselines.
    The first run analyses the 774 documents with the whole pipeline (minutes; cached after)."""
    from counterpoint.evaluate.stories import evaluate_stories, format_report

    def say(message: str) -> None:
        if not app.quiet:
            app.err.print(terminal_safe(message))

    app.out.print(format_report(evaluate_stories(data, app.settings, tune_check=held_out, log=say)))
