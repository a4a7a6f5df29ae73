"""The command line: a thin layer over the library.

Errors become output here and only here: a ``CounterpointError`` prints its
message (what failed, why, the fix) and exits with its class's code: 0 all
well, 1 some documents failed (recorded), 2 usage error, 3 store error.
Tracebacks are shown only with ``--debug``.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from counterpoint import __version__
from counterpoint.config import Settings, load_settings
from counterpoint.display import terminal_safe
from counterpoint.errors import CounterpointError, StoreError, UsageError
from counterpoint.model import Failure, PartialDate
from counterpoint.pipeline import RunSummary, ingest
from counterpoint.store import Store, open_store

EXIT_OK, EXIT_FAILURES, EXIT_USAGE, EXIT_STORE = 0, 1, 2, 3

ITEM_CSV_FIELDS = [
    "id", "document_id", "source", "url", "locator", "document_version", "position", "caption", "headline",
    "photo_captions", "published", "published_granularity", "published_origin", "language", "analysed",
    "body", "start", "end", "dropped",
]


class Context:
    """What every command gets: the layered settings and the console."""

    def __init__(self, settings: Settings, debug: bool, quiet: bool) -> None:
        self.settings = settings
        self.debug = debug
        self.quiet = quiet
        self.out = Console(highlight=False, markup=False, emoji=False, soft_wrap=True)
        self.err = Console(stderr=True, highlight=False, markup=False, emoji=False)

    def store(self, *, read_only: bool = False) -> Store:
        return open_store(self.settings.db, read_only=read_only, batch_size=self.settings.batch_size)


class CounterpointGroup(click.Group):
    """Maps errors to messages and exit codes in one place."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CounterpointError as exc:
            _report_error(ctx, exc.message, exc)
            ctx.exit(exc.exit_code)
        except sqlite3.Error as exc:
            _report_error(ctx, f"store error: {exc}. Fix: check the --db file and the disk.", exc)
            ctx.exit(EXIT_STORE)


def _report_error(ctx: click.Context, message: str, exc: BaseException) -> None:
    debug = bool(ctx.find_root().params.get("debug"))
    if debug:
        import traceback

        traceback.print_exception(exc)
    click.echo(f"error: {terminal_safe(message)}", err=True)


pass_context = click.make_pass_decorator(Context)


@click.group(cls=CounterpointGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="counterpoint")
@click.option("--db", metavar="PATH", help="Store: a SQLite file (default counterpoint.db in this folder).")
@click.option("--config", "config_file", metavar="FILE", type=click.Path(dir_okay=False),
              help="TOML settings file (default ./counterpoint.toml when present).")
@click.option("--debug", is_flag=True, help="Show tracebacks on errors.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, only results.")
@click.pass_context
def cli(ctx: click.Context, db: str | None, config_file: str | None, debug: bool, quiet: bool) -> None:
    """counterpoint: turn piles of state-media and war-coverage documents into a sourced record.

    Start with `counterpoint analyze examples/`, then `counterpoint items`.
    Settings are layered: defaults < counterpoint.toml < COUNTERPOINT_* environment < flags.
    """
    try:
        settings = load_settings(config_file=config_file, flags={"db": db})
    except CounterpointError as exc:
        _report_error(ctx, exc.message, exc)
        ctx.exit(exc.exit_code)
    ctx.obj = Context(settings, debug, quiet)


# -- ingest / analyze ----------------------------------------------------------
def _run_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    fn = click.argument("paths", nargs=-1, required=True)(fn)
    fn = click.option("--source", help="Source (outlet or site) for inputs that name none themselves.")(fn)
    fn = click.option("--max-bytes", type=click.IntRange(min=1), help="Largest input accepted (bytes).")(fn)
    fn = click.option("--strict", is_flag=True, help="Stop at the first failed input.")(fn)
    fn = click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")(fn)
    return fn


@contextmanager
def _progress(app: Context) -> Iterator[Callable[[str, Failure | None], None]]:
    show = app.settings.progress and not app.quiet and app.err.is_terminal

    def warn(locator: str, failure: Failure | None) -> None:
        if failure is not None and not app.quiet:
            label = "warning" if failure.severity == "warning" else "failed"
            app.err.print(f"{label}: {terminal_safe(failure.locator)}: {terminal_safe(failure.reason)}"
                          f" Fix: {terminal_safe(failure.fix)}")

    if not show:
        yield warn
        return
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}"),
                  TimeElapsedColumn(), console=app.err, transient=True) as bar:
        task = bar.add_task("reading", total=None)

        def hook(locator: str, failure: Failure | None) -> None:
            warn(locator, failure)
            bar.update(task, advance=1, description=terminal_safe(locator, limit=50, one_line=True))

        yield hook


def _run(app: Context, command: str, paths: tuple[str, ...], source: str | None, max_bytes: int | None,
         strict: bool, as_json: bool) -> None:
    flags = {"source": source, "max_bytes": max_bytes}
    app.settings = app.settings.replace(**{k: v for k, v in flags.items() if v is not None})
    store = app.store()
    stdin = sys.stdin.buffer if "-" in paths else None
    try:
        with _progress(app) as hook:
            summary = ingest(paths, app.settings, store, command=command, stdin=stdin, progress=hook,
                             strict=strict)
    finally:
        store.close()
    _print_summary(app, summary, as_json)
    click.get_current_context().exit(summary.exit_code)


def _print_summary(app: Context, summary: RunSummary, as_json: bool) -> None:
    if as_json:
        app.out.print(json.dumps(summary.to_dict()))
        return
    app.out.print(
        f"{summary.documents} documents read ({summary.new_documents} new, {summary.unchanged_documents}"
        f" already stored), {summary.items} items stored, {summary.not_analysed} not analysed"
        f" (language), {summary.errors} failed, {summary.warnings} warnings."
    )
    app.out.print(f"Store: {app.settings.db}. Run `counterpoint items` to list the items"
                  + (", `counterpoint failures` for what failed." if summary.errors or summary.warnings else "."))


@cli.command("ingest")
@_run_options
@pass_context
def ingest_cmd(app: Context, paths: tuple[str, ...], source: str | None, max_bytes: int | None,
               strict: bool, as_json: bool) -> None:
    """Read PATHS (files, folders, globs, - for stdin), split pages into items, and store them.

    Ingesting the same files again changes nothing; a changed file is stored as a new version.
    """
    _run(app, "ingest", paths, source, max_bytes, strict, as_json)


@cli.command("analyze")
@_run_options
@pass_context
def analyze_cmd(app: Context, paths: tuple[str, ...], source: str | None, max_bytes: int | None,
                strict: bool, as_json: bool) -> None:
    """The main job: ingest PATHS and run every analysis stage over them.

    For now the stages are reading and segmentation into items.
    """
    _run(app, "analyze", paths, source, max_bytes, strict, as_json)


# -- listing -------------------------------------------------------------------
def _since(value: str | None) -> PartialDate | None:
    if value is None:
        return None
    try:
        return PartialDate.parse_iso(value, "flag")
    except ValueError:
        raise UsageError(f"--since {value!r} is not a date", fix="give YYYY, YYYY-MM or YYYY-MM-DD") from None


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
        table = Table("date", "source", "#", "caption", "headline", "id", show_lines=False)
        for n, row in enumerate(rows):
            if limit is not None and n >= limit:
                break
            if as_json:
                app.out.print(json.dumps(row.to_export(), ensure_ascii=False))
                continue
            item = row.item
            headline = item.headline.text if item.headline else (row.document_title or item.body[:80])
            table.add_row(
                item.published.iso() or "unknown",
                terminal_safe(row.source or "?", limit=30, one_line=True),
                str(item.position),
                terminal_safe(item.caption.text if item.caption else "", limit=40, one_line=True),
                terminal_safe(headline, limit=90, one_line=True),
                item.id,
            )
        if not as_json:
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
        app.out.print(f"{f.severity}: {terminal_safe(f.locator)} [{f.stage}/{f.code}] {terminal_safe(f.reason)}")
        app.out.print(f"    fix: {terminal_safe(f.fix)}   (last {row.at}, {row.times}x)")
    if not rows and not as_json:
        app.out.print("no failures recorded.")


# -- export --------------------------------------------------------------------
@cli.group("export", cls=CounterpointGroup)
def export_group() -> None:
    """Write stored records to a file (or standard output)."""


def _open_output(output: str | None) -> TextIO:
    if output is None or output == "-":
        return io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="", write_through=True)
    try:
        return Path(output).open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise UsageError(f"cannot write {output} ({exc.strerror})", fix="give a writable path to -o") from exc


@export_group.command("items")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("-o", "--output", metavar="FILE", help="Write here instead of standard output.")
@click.option("--source", help="Only items of this source.")
@click.option("--since", help="Only items published on or after this date.")
@pass_context
def export_items_cmd(app: Context, fmt: str, output: str | None, source: str | None, since: str | None) -> None:
    """Export items as JSONL (one record per line) or CSV (lists as JSON text)."""
    store = app.store(read_only=True)
    out = _open_output(output)
    count = 0
    try:
        writer = csv.DictWriter(out, fieldnames=ITEM_CSV_FIELDS, extrasaction="ignore") if fmt == "csv" else None
        if writer:
            writer.writeheader()
        for row in store.iter_items(source=source, since=_since(since)):
            record = row.to_export()
            if writer:
                writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v
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
        store.close()
    if output not in (None, "-"):
        app.err.print(f"{count} items written to {output}")


def main() -> None:
    """Entry point of the ``counterpoint`` script."""
    try:
        cli(prog_name="counterpoint")
    except StoreError as exc:  # raised outside a command (e.g. while opening)
        click.echo(f"error: {exc.message}", err=True)
        sys.exit(EXIT_STORE)
