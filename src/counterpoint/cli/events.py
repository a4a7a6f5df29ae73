"""Event commands: `export events`, `train events`, `eval events`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from counterpoint.cli.app import Context, CounterpointGroup, cli, export_group, pass_context
from counterpoint.cli.evaluate import eval_group
from counterpoint.cli.export import _export
from counterpoint.errors import UsageError
from counterpoint.store import Store

ACLED_FIELDS = ["event_date", "event_type", "sub_event_type", "actor1", "actor2", "country", "admin1", "location",
                "latitude", "longitude", "source", "notes", "fatalities"]


@export_group.command("events")
@click.option("--format", "fmt", type=click.Choice(["plover-jsonl", "acled-csv"]), default="plover-jsonl",
              show_default=True)
@click.option("-o", "--output", metavar="FILE", help="Write here instead of standard output.")
@click.option("--min-confidence", type=click.FloatRange(0, 1),
              help="Only events at or above this confidence (default: the event_min_confidence setting).")
@pass_context
def export_events_cmd(app: Context, fmt: str, output: str | None, min_confidence: float | None) -> None:
    """Export events: PLOVER v2 records (one JSON per line, with attribution, aux modes and evidence
    offsets) or ACLED-style CSV rows (only events in ACLED's scope; fatalities only where stated)."""
    from counterpoint.annotate.actors import ActorRegistry
    from counterpoint.model import Participant
    from counterpoint.report.events import acled_row, gazetteer_country_name, plover_record

    threshold = app.settings.event_min_confidence if min_confidence is None else min_confidence
    if fmt == "plover-jsonl":
        _export(app, output, "events", lambda store: (plover_record(e, meta)
                                                      for e, meta in store.iter_events(min_confidence=threshold)))
        return
    registry = ActorRegistry.load(extra=app.settings.registry_files)

    def actor_name(p: Participant) -> str | None:
        actor = registry.get(p.actor_id) if p.actor_id else None
        return actor.name if actor else None

    def rows(store: Store) -> Any:
        for event, meta in store.iter_events(min_confidence=threshold):
            row = acled_row(event, meta, country_name=gazetteer_country_name, actor_name=actor_name)
            if row is not None:
                yield row

    _export(app, output, "ACLED rows", rows, fmt="csv", fields=ACLED_FIELDS)


@cli.group("train", cls=CounterpointGroup)
def train_group() -> None:
    """Retrain a packaged model from its data (the data is not shipped: give its folder with --data)."""


@train_group.command("events")
@click.option("--data", type=click.Path(path_type=Path), required=True,
              help="Folder holding cameo-sentences/ and plover/ (e.g. ../shared/data).")
@click.option("--out", type=click.Path(path_type=Path), help="Output folder (default: the packaged model folder).")
@pass_context
def train_events_cmd(app: Context, data: Path, out: Path | None) -> None:
    """Train the event-type classifier and the role tagger; reproduces the committed model files."""
    from counterpoint.extract.typing.classifier import models_dir
    from counterpoint.extract.typing.train import format_summary, train_events

    try:
        summary = train_events(data, out or models_dir())
    except FileNotFoundError as exc:
        raise UsageError(f"training data not found: {exc}", fix="give --data the folder holding"
                         " cameo-sentences/ and plover/") from exc
    app.out.print(format_summary(summary))


@eval_group.command("events")
@click.option("--data", type=click.Path(path_type=Path), required=True,
              help="Folder holding cameo-sentences/ and plover/ (e.g. ../shared/data).")
@click.option("--folds", type=click.IntRange(min=2), default=5, show_default=True)
@pass_context
def eval_events_cmd(app: Context, data: Path, folds: int) -> None:
    """Event typing and roles: 5-class macro-F1 on cameo-sentences in cross-validation, source/target
    span F1, PLOVER gold type and actor-code accuracy, beside a majority and a dictionary baseline."""
    from counterpoint.evaluate.events import format_report, run_events_eval

    app.out.print(format_report(run_events_eval(data, folds=folds)))
