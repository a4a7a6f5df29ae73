"""`ingest` and `analyze`: the main job."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from counterpoint.cli.app import Context, cli, pass_context
from counterpoint.display import terminal_locator, terminal_safe
from counterpoint.model import Failure
from counterpoint.pipeline import RunSummary, analyze, ingest

if TYPE_CHECKING:
    from counterpoint.engine import Engine


# -- ingest / analyze ----------------------------------------------------------
def _run_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    fn = click.argument("paths", nargs=-1, required=True)(fn)
    fn = click.option("--source", help="Source (outlet or site) for inputs that name none themselves.")(fn)
    fn = click.option("--max-bytes", type=click.IntRange(min=1), help="Largest input accepted (bytes).")(fn)
    fn = click.option("--follow-links", is_flag=True, default=None,
                      help="Follow symbolic links in folders and patterns that lead outside them, and links to"
                           " folders (skipped and recorded without it; a file named here is always read).")(fn)
    fn = click.option("--strict", is_flag=True, help="Stop at the first failed input.")(fn)
    fn = click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")(fn)
    return fn


@contextmanager
def _progress(app: Context) -> Iterator[Callable[[str, Failure | None], None]]:
    show = app.settings.progress and not app.quiet and app.err.is_terminal

    def warn(locator: str, failure: Failure | None) -> None:
        if failure is not None and not app.quiet:
            label = "warning" if failure.severity == "warning" else "failed"
            app.err.print(f"{label}: {terminal_locator(failure.locator)}: {terminal_safe(failure.reason)}"
                          f" Fix: {terminal_safe(failure.fix)}")

    if not show:
        yield warn
        return
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}"),
                  TimeElapsedColumn(), console=app.err, transient=True) as bar:
        task = bar.add_task("reading", total=None)

        def hook(locator: str, failure: Failure | None) -> None:
            warn(locator, failure)
            bar.update(task, advance=1, description=terminal_locator(locator, limit=50, one_line=True))

        yield hook


def _run(app: Context, command: str, paths: tuple[str, ...], source: str | None, max_bytes: int | None,
         strict: bool, as_json: bool, engine: Engine | None = None, *, follow_links: bool | None = None) -> None:
    flags = {"source": source, "max_bytes": max_bytes, "follow_links": follow_links}
    app.settings = app.settings.replace(**{k: v for k, v in flags.items() if v is not None})
    store = app.store()
    stdin = sys.stdin.buffer if "-" in paths else None
    try:
        with _progress(app) as hook:
            if command == "analyze":
                summary = analyze(paths, app.settings, store, stdin=stdin, progress=hook, strict=strict,
                                  engine=engine)
            else:
                summary = ingest(paths, app.settings, store, stdin=stdin, progress=hook, strict=strict)
    finally:
        store.close()
        if engine is not None:
            engine.close()
    _print_summary(app, summary, as_json)
    click.get_current_context().exit(summary.exit_code)


def _print_summary(app: Context, summary: RunSummary, as_json: bool) -> None:
    from counterpoint.store.postgres import redact

    if as_json:
        app.out.print(json.dumps(summary.to_dict()))
        return
    app.out.print(
        f"{summary.documents} documents read ({summary.new_documents} new, {summary.unchanged_documents}"
        f" already stored), {summary.items} items stored, {summary.not_analysed} not analysed"
        f" (language), {summary.errors} failed, {summary.warnings} warnings."
    )
    ann = summary.stages.get("annotate")
    if ann:
        app.out.print(
            f"Annotated {ann['annotated']} items: {ann['mentions']} mentions ({ann['linked']} linked to an actor"
            f" or place), {ann['times']} time expressions; {ann['skipped_language']} skipped (language),"
            f" {ann['failed']} failed."
        )
    ext = summary.stages.get("extract")
    if ext:
        app.out.print(f"Extracted {ext['events']} events from {ext['extracted']} items ({ext['failed']} failed)."
                      " Export them with `counterpoint export events`.")
    frm = summary.stages.get("framing")
    if frm:
        app.out.print(f"Framed {frm['framed']} items: {frm['spans']} technique spans,"
                      f" {frm['scare_quotes']} scare quotes, {frm['hedges']} hedges, {frm['namings']} naming phrases"
                      f" ({frm['failed']} failed)."
                      " See `counterpoint framing`.")
    lnk = summary.stages.get("link")
    if lnk and lnk.get("items"):
        app.out.print(f"Linked {lnk['items']} items: {lnk['copies']} in copy groups ({lnk['copy_groups']} groups"
                      f" changed), {lnk['stories']} stories changed ({lnk['new_stories']} new)"
                      f" ({lnk['failed']} failed). See `counterpoint stories`, `counterpoint copies`,"
                      " `counterpoint timeline`.")
    app.out.print(f"Store: {redact(app.settings.db)}. Run `counterpoint items` to list the items"
                  + (", `counterpoint failures` for what failed." if summary.errors or summary.warnings else "."))


@cli.command("ingest")
@_run_options
@pass_context
def ingest_cmd(app: Context, paths: tuple[str, ...], source: str | None, max_bytes: int | None,
               strict: bool, as_json: bool, follow_links: bool | None) -> None:
    """Read PATHS (files, folders, globs, - for stdin), split pages into items, and store them.

    Ingesting the same files again changes nothing; a changed file is stored as a new version.
    """
    _run(app, "ingest", paths, source, max_bytes, strict, as_json, follow_links=follow_links)


@cli.command("analyze")
@_run_options
@click.option("--engine", "engine_name", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where the per-document stages run: worker processes here, or a Dask cluster.")
@click.option("--workers", type=click.IntRange(min=1),
              help="Worker processes (local engine, and a Dask cluster started here); default: every core.")
@click.option("--scheduler", metavar="ADDRESS",
              help="A running Dask scheduler (tcp://HOST:8786); without it --engine dask starts one on loopback.")
@click.option("--doc-seconds", type=click.FloatRange(min=0, min_open=True),
              help="Time budget per document (seconds, default 120): a document over it fails, the run goes on.")
@click.option("--doc-memory-mb", type=click.IntRange(min=1),
              help="Memory budget of a worker analysing a document (MB, default 3000): over it the document fails.")
@pass_context
def analyze_cmd(app: Context, paths: tuple[str, ...], source: str | None, max_bytes: int | None,
                strict: bool, as_json: bool, engine_name: str, workers: int | None, scheduler: str | None,
                follow_links: bool | None, doc_seconds: float | None = None,
                doc_memory_mb: int | None = None) -> None:
    """The main job: ingest PATHS and run every analysis stage over them: items, annotations, events,
    framing, then copies and stories across the whole store (new items join what is there).

    Every engine and number of workers stores exactly the same records."""
    from counterpoint.engine import make_engine
    from counterpoint.engine.lifetime import terminate_as_interrupt

    budgets = {"doc_seconds": doc_seconds, "doc_memory_mb": doc_memory_mb}
    app.settings = app.settings.replace(**{k: v for k, v in budgets.items() if v is not None})
    with terminate_as_interrupt():  # SIGTERM shuts the workers down as Ctrl-C does
        engine = make_engine(engine_name, workers=workers, scheduler=scheduler)
        _run(app, "analyze", paths, source, max_bytes, strict, as_json, engine, follow_links=follow_links)


