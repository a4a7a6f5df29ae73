"""Listing commands: items, search, failures."""

from __future__ import annotations

import json

import click
from rich.table import Table

from counterpoint.cli.app import Context, _since, cli, pass_context
from counterpoint.display import terminal_locator, terminal_safe


# -- listing -------------------------------------------------------------------
@cli.command("items")
@click.option("--source", help="Only items of this source.")
@click.option("--since", help="Only items published on or after this date (YYYY[-MM[-DD]]).")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many items.")
@click.option("--json", "as_json", is_flag=True, help="One JSON record per line.")
@pass_context
def items_cmd(app: Context, source: str | None, since: str | None, limit: int | None, as_json: bool) -> None:
    """List stored items in publication order (unknown dates last)."""
    store = app.store(read_only=True)
    try:
        rows = store.iter_items(source=source, since=_since(since))
        table = Table(show_lines=False, expand=False)
        table.add_column("date", no_wrap=True)
        table.add_column("source", no_wrap=True, max_width=24, overflow="ellipsis")
        table.add_column("#", no_wrap=True)
        table.add_column("caption", no_wrap=True, max_width=24, overflow="ellipsis")
        table.add_column("headline", no_wrap=True, ratio=1, overflow="ellipsis")
        table.add_column("id", no_wrap=True)
        for n, row in enumerate(rows):
            if limit is not None and n >= limit:
                break
            if as_json:
                app.out.print(json.dumps(row.to_export(), ensure_ascii=False))
                continue
            item = row.item
            headline = item.headline.text if item.headline else (row.document_title or item.body[:80])
            cells = (
                item.published.iso() or "unknown",
                terminal_safe(_source_label(row.source, row.url), limit=40, one_line=True),
                str(item.position),
                terminal_safe(item.caption.text if item.caption else "", limit=40, one_line=True),
                terminal_safe(headline, limit=100, one_line=True),
                item.id,
            )
            if app.out.is_terminal:
                table.add_row(*cells)
            else:
                app.out.print("\t".join(cells))
        if not as_json and app.out.is_terminal:
            app.out.print(table)
    finally:
        store.close()


@cli.command("search")
@click.argument("query")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--raw", is_flag=True, help="QUERY is FTS5 syntax (AND, OR, NEAR, \"phrases\", prefix*).")
@click.option("--json", "as_json", is_flag=True, help="One JSON record per line.")
@pass_context
def search_cmd(app: Context, query: str, limit: int, raw: bool, as_json: bool) -> None:
    """Full-text search over item headlines and bodies, best first, with snippets."""
    store = app.store(read_only=True)
    try:
        hits = store.search(query, limit=limit, raw=raw)
    finally:
        store.close()
    for hit in hits:
        if as_json:
            app.out.print(json.dumps({
                "item_id": hit.item_id, "document_id": hit.document_id, "source": hit.source,
                "headline": hit.headline, "published": hit.published, "snippet": hit.snippet,
                "score": round(hit.score, 4),
            }, ensure_ascii=False))
        else:
            app.out.print(f"{hit.item_id}  {hit.published or 'unknown'}  {terminal_safe(hit.source or '?')}"
                          f"  {terminal_safe(hit.headline or '', limit=80, one_line=True)}")
            app.out.print("    " + terminal_safe(hit.snippet, one_line=True))
    if not hits and not as_json:
        app.out.print("no items match.")


@cli.command("failures")
@click.option("--last", is_flag=True, help="Only the failures of the last run.")
@click.option("--json", "as_json", is_flag=True, help="One JSON record per line.")
@pass_context
def failures_cmd(app: Context, last: bool, as_json: bool) -> None:
    """What could not be read or stored, why, and the fix (newest first)."""
    store = app.store(read_only=True)
    try:
        rows = store.failures(last_run_only=last)
    finally:
        store.close()
    for row in rows:
        if as_json:
            app.out.print(json.dumps({**row.failure.to_dict(), "run_id": row.run_id, "at": row.at,
                                      "times": row.times}, ensure_ascii=False))
            continue
        f = row.failure
        app.out.print(f"{f.severity}: {terminal_locator(f.locator)} [{f.stage}/{f.code}] {terminal_safe(f.reason)}")
        app.out.print(f"    fix: {terminal_safe(f.fix)}   (last {row.at}, {row.times}x)")
    if not rows and not as_json:
        app.out.print("no failures recorded.")




def _source_label(source: str | None, url: str | None) -> str:
    """The source name, with its outlet's country and state affiliation when known."""
    from counterpoint.sources import source_outlet

    outlet = source_outlet(source, url)
    label = source or "?"
    if outlet is not None and outlet.affiliation and outlet.affiliation != "independent":
        label += f" [{outlet.country} {outlet.affiliation}]"
    return label
