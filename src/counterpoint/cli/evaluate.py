"""`counterpoint eval ...`: accuracy of a stage against gold data (not shipped; pass --data)."""

from __future__ import annotations

from pathlib import Path

import click

from counterpoint.cli.app import Context, CounterpointGroup, cli, pass_context


@cli.group("eval", cls=CounterpointGroup)
def eval_group() -> None:
    """Measure a stage against gold data sets (they are not shipped: give their folder with --data)."""


@eval_group.command("geo")
@click.option("--data", type=click.Path(path_type=Path), required=True,
              help="Folder with lgl.xml and TR-News.xml (e.g. ../shared/data/geoparsing).")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many articles per data set.")
@pass_context
def eval_geo_cmd(app: Context, data: Path, limit: int | None) -> None:
    """Place resolution on LGL and TR-News: exact-match accuracy of resolved toponyms (and within
    161 km), beside the published mordecai3 anchors. Prints `skipped: ...` when the data is absent."""
    from counterpoint.evaluate.geo import format_report, run_geo_eval

    result = run_geo_eval(data, limit=limit)
    app.out.print(format_report(result))


@eval_group.command("coverage")
@click.option("--data", type=click.Path(path_type=Path), required=True,
              help="A coverage folder: docs/*.txt and gold.json (e.g. ../shared/data/coverage-dev).")
@click.option("--top", type=click.IntRange(min=0), default=5, show_default=True,
              help="How many of each kind of error to list (merges, splits, missed and false copy pairs).")
@click.option("--json", "as_json", is_flag=True, help="The whole report as one JSON object.")
@pass_context
def eval_coverage_cmd(app: Context, data: Path, top: int, as_json: bool) -> None:
    """Stories and copies on real coverage: runs `analyze` on DIR/docs into a cached store (made
    again when the files or the code change), then scores the stored stories (B-cubed and pairwise
    P/R/F1, a document counted by its lead item) and copy groups (pairwise P/R/F1 over document
    pairs) against DIR/gold.json, with a per-story table and the worst errors. Prints
    `skipped: ...` when the folder is absent."""
    import json

    from counterpoint.display import terminal_safe
    from counterpoint.evaluate.coverage import evaluate_coverage, format_report

    def say(message: str) -> None:
        if not app.quiet:
            app.err.print(terminal_safe(message))

    report = evaluate_coverage(data, app.settings, top=top, log=say)
    app.out.print(json.dumps(report.to_dict(), ensure_ascii=False) if as_json else format_report(report))
