"""`export ...`: stored records to JSONL or CSV."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import click

from counterpoint.cli.app import Context, _open_output, _since, export_group, pass_context
from counterpoint.errors import UsageError
from counterpoint.store import Store

ITEM_CSV_FIELDS = [
    "id", "document_id", "source", "source_actor_id", "source_country", "source_affiliation",
    "url", "locator", "document_version", "position", "caption", "headline",
    "photo_captions", "published", "published_granularity", "published_origin", "language", "analysed",
    "body", "start", "end", "dropped",
]


_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")
#: A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """Article text made inert for spreadsheets: a text that would start a formula gets a leading quote.

    Numbers stay numbers; ``-12`` as text is left alone (a negative number, not a formula).
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def write_records(output: str | None, records: Iterable[dict[str, Any]], *, fmt: str = "jsonl",
                  fields: Sequence[str] = ()) -> int:
    """Write records as JSONL, or as CSV with ``fields`` (lists and dicts as JSON text); returns the count."""
    out = _open_output(output)
    count = 0
    try:
        writer = csv.DictWriter(out, fieldnames=list(fields), extrasaction="ignore") if fmt.endswith("csv") else None
        if writer:
            writer.writeheader()
        for record in records:
            if writer:
                writer.writerow({k: csv_cell(json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v)
                                 for k, v in record.items()})
            else:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    finally:
        out.flush()
        if output not in (None, "-"):
            out.close()
        else:
            out.detach()
    return count


def _export(app: Context, output: str | None, what: str, records: Callable[[Store], Iterable[dict[str, Any]]],
            *, fmt: str = "jsonl", fields: Sequence[str] = ()) -> None:
    store = app.store(read_only=True)
    try:
        count = write_records(output, records(store), fmt=fmt, fields=fields)
    finally:
        store.close()
    if output not in (None, "-"):
        app.err.print(f"{count} {what} written to {output}")


@export_group.command("items")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("-o", "--output", metavar="FILE", help="Write here instead of standard output.")
@click.option("--source", help="Only items of this source.")
@click.option("--since", help="Only items published on or after this date.")
@pass_context
def export_items_cmd(app: Context, fmt: str, output: str | None, source: str | None, since: str | None) -> None:
    """Export items as JSONL (one record per line) or CSV (lists as JSON text)."""
    after = _since(since)
    _export(app, output, "items", lambda store: (row.to_export() for row in store.iter_items(source=source,
                                                                                           since=after)),
            fmt=fmt, fields=ITEM_CSV_FIELDS)


@export_group.command("mentions")
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
@click.option("-o", "--output", metavar="FILE", help="Write here instead of standard output.")
@click.option("--kind", type=click.Choice(["actor", "place"]), help="Only mentions of this kind.")
@pass_context
def export_mentions_cmd(app: Context, fmt: str, output: str | None, kind: str | None) -> None:
    """Export actor and place mentions: offsets into the item headline or body (``field``), the linked
    actor (id, country, sector, alias kind) or place (GeoNames id, coordinates), and a confidence."""
    _export(app, output, "mentions", lambda store: (m.to_dict() for m in store.iter_mentions(kind=kind)))


@export_group.command("dates")
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
@click.option("-o", "--output", metavar="FILE", help="Write here instead of standard output.")
@pass_context
def export_dates_cmd(app: Context, fmt: str, output: str | None) -> None:
    """Export time expressions: offsets into the item headline or body (``field``), the text, the
    normalised value (ISO, relative to the item's publication date) and its granularity."""
    _export(app, output, "time expressions", lambda store: (t.to_dict() for t in store.iter_time_exprs()))


#: What ``export all`` writes: file name, export command, its options (the others at their defaults).
ALL_EXPORTS: list[tuple[str, str, dict[str, Any]]] = [
    ("items.jsonl", "items", {"fmt": "jsonl"}),
    ("mentions.jsonl", "mentions", {}),
    ("dates.jsonl", "dates", {}),
    ("events.plover.jsonl", "events", {"fmt": "plover-jsonl"}),
    ("events.acled.csv", "events", {"fmt": "acled-csv"}),
    ("framing.jsonl", "framing", {"fmt": "jsonl"}),
    ("stories.jsonl", "stories", {"fmt": "jsonl"}),
    ("copies.jsonl", "copies", {"fmt": "jsonl"}),
]


@export_group.command("all")
@click.option("--to", "folder", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the files into (created if missing).")
@click.pass_context
def export_all_cmd(ctx: click.Context, folder: Path) -> None:
    """Every export at once, one file each: items, mentions, dates, events (PLOVER JSONL and
    ACLED CSV), framing, stories and copies (the whole record, e.g. to compare two stores)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create {folder} ({exc.strerror})", fix="give a writable folder to --to") from exc
    group = ctx.parent.command if ctx.parent else export_group
    assert isinstance(group, click.Group)
    for name, command, options in ALL_EXPORTS:
        sub = group.get_command(ctx, command)
        assert sub is not None
        ctx.invoke(sub, output=str(folder / name), **options)
