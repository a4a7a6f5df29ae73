"""Framing commands: `framing` (a profile per source), `export framing` (one record per span),
`train framing` and `eval framing` (the technique model)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from counterpoint.cli.app import Context, cli, export_group, pass_context
from counterpoint.cli.evaluate import eval_group
from counterpoint.cli.events import train_group
from counterpoint.cli.export import _export
from counterpoint.display import terminal_safe
from counterpoint.errors import UsageError
from counterpoint.model import TECHNIQUES
from counterpoint.store import Store
from counterpoint.store.framing import FramingProfile, TextCount

#: Every label a framing span can carry.
LABELS: tuple[str, ...] = (*TECHNIQUES, "Scare_Quotes", "Hedge")
FRAMING_FIELDS = ["item_id", "field", "sentence", "start", "end", "text", "label", "kind", "confidence", "method",
                  "evidence", "source", "url", "published", "document_id", "locator", "position"]
#: What the profile shows: actors (most named first), names per actor, scare quotes and hedges.
TOP_ACTORS, NAMES_PER_ACTOR, TOP_TEXTS = 5, 3, 10


@cli.command("framing")
@click.option("--source", help="Only this source.")
@click.option("--json", "as_json", is_flag=True, help="One JSON record per source per line.")
@pass_context
def framing_cmd(app: Context, source: str | None, as_json: bool) -> None:
    """How each source frames: persuasion techniques per 1,000 words, the names it gives actors (with
    their tone), its scare quotes and hedges. Labels are claims about wording, never verdicts on events."""
    from counterpoint.annotate.actors import ActorRegistry

    store = app.store(read_only=True)
    try:
        profiles = store.framing_profiles(source=source)
        status = store.framing_status()
    finally:
        store.close()
    if not profiles:
        _nothing_framed(app, source, status, as_json)
        return
    if as_json:
        for profile in profiles:
            app.out.print(json.dumps(profile.to_dict(), ensure_ascii=False))
        return
    registry = ActorRegistry.load(extra=app.settings.registry_files)

    def actor_name(actor_id: str) -> str:
        actor = registry.get(actor_id)
        return f"{actor.name} ({actor_id})" if actor and actor.name != actor_id else actor_id

    for k, profile in enumerate(profiles):
        if k:
            app.out.print()
        _show_profile(app, profile, actor_name)


def _nothing_framed(app: Context, source: str | None, status: dict[str, int], as_json: bool) -> None:
    failed = status.get("failed", 0)
    if source is not None and status.get("done"):
        message = (f"no framed items of source {terminal_safe(source, one_line=True)}: check the name with"
                   " `counterpoint items`, or leave out --source.")
    else:
        message = "nothing framed yet: run `counterpoint analyze PATH...` to frame the stored items."
        if failed:
            message += f" ({failed} items failed framing; run it with --debug to see why.)"
    (app.err if as_json else app.out).print(message)


def _show_profile(app: Context, profile: FramingProfile, actor_name: Callable[[str], str]) -> None:
    out = app.out
    name = terminal_safe(profile.source, one_line=True) if profile.source is not None else "(no source)"
    out.print(f"{name}: {profile.items:,} items, {profile.words:,} words, {profile.spans:,} technique spans")
    if profile.techniques:
        table = Table(show_edge=False, pad_edge=False, box=None)
        table.add_column("technique")
        table.add_column("spans", justify="right")
        table.add_column("per 1,000 words", justify="right")
        for label, count in profile.techniques.items():
            table.add_row(Text(terminal_safe(label, one_line=True)), str(count),
                          f"{profile.per_1000_words[label]:.2f}")
        out.print(Padding(table, (0, 0, 0, 2), expand=False))
    else:
        out.print("  no persuasion techniques found")
    if profile.names:
        out.print("  names:")
        for actor_id, used in list(profile.names.items())[:TOP_ACTORS]:
            shown = ", ".join(
                f"{terminal_safe(n.text, one_line=True, limit=60)}"
                + (f" ({n.tone})" if n.tone != "neutral" else "") + f" x{n.count}"
                for n in used[:NAMES_PER_ACTOR]
            )
            out.print(f"    {terminal_safe(actor_name(actor_id), one_line=True)}: {shown}")
    for title, texts in (("scare quotes", profile.scare_quotes), ("hedges", profile.hedges)):
        if texts:
            out.print(f"  {title}: {_counts(texts)}")


def _counts(texts: tuple[TextCount, ...]) -> str:
    return ", ".join(f"{terminal_safe(t.text, one_line=True, limit=60)} x{t.count}" for t in texts[:TOP_TEXTS])


def _label(value: str | None) -> str | None:
    if value is None:
        return None
    for label in LABELS:
        if label.lower() == value.lower():
            return label
    raise UsageError(f"--label {value!r} is not a framing label",
                     fix="give one of: " + ", ".join(LABELS))


@export_group.command("framing")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("-o", "--output", metavar="FILE", help="Write here instead of standard output.")
@click.option("--source", help="Only spans of this source's items.")
@click.option("--label", help="Only spans with this label (a technique, Scare_Quotes or Hedge).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Only spans at or above this confidence.")
@pass_context
def export_framing_cmd(app: Context, fmt: str, output: str | None, source: str | None, label: str | None,
                       min_confidence: float) -> None:
    """Export framing spans (persuasion techniques, scare quotes, hedges): offsets into the item
    headline or body (``field``), the label, confidence, method and evidence, and the item's source."""
    wanted = _label(label)

    def records(store: Store) -> Iterator[dict[str, Any]]:
        for span, meta in store.iter_framing_spans(source=source, label=wanted, min_confidence=min_confidence):
            yield {**span.to_dict(), **meta}

    _export(app, output, "framing spans", records, fmt=fmt, fields=FRAMING_FIELDS)


def _log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


@train_group.command("framing")
@click.option("--data", type=click.Path(path_type=Path), required=True,
              help="The Propaganda Techniques Corpus folder (e.g. ../shared/data/ptc-train).")
@click.option("--out", type=click.Path(path_type=Path), help="Output folder (default: the packaged model folder).")
@click.option("--epochs", type=click.IntRange(min=1), default=None, help="Tagger epochs (default: as shipped).")
@pass_context
def train_framing_cmd(app: Context, data: Path, out: Path | None, epochs: int | None) -> None:
    """Train the technique model (span tagger and labeller) on the whole corpus; reproduces the committed
    model files. Needs torch (the `train` extra); about 10 minutes on 2 cores."""
    from importlib import resources

    from counterpoint.embed import get_encoder
    from counterpoint.framing import train
    from counterpoint.framing.corpus import load_corpus
    from counterpoint.framing.techniques import MODEL_DIR

    train.require_torch()
    corpus = load_corpus(data)
    _log(f"encoding {len(corpus.lines())} sentences of {len(corpus.articles)} articles")
    lines = train.encode_lines(corpus, get_encoder())
    model = train.fit_model(corpus, lines, set(corpus.articles), epochs=epochs or train.EPOCHS, log=_log)
    folder = out or Path(str(resources.files("counterpoint").joinpath(*MODEL_DIR)))
    train.save_model(model, folder, facts={"data": "PTC v2 (SemEval-2020 Task 11) train split",
                                           "articles": len(corpus.articles), "spans": len(corpus.techniques),
                                           "epochs": epochs or train.EPOCHS})
    app.out.print(f"wrote {folder}/framing.npz and framing.json (threshold {model.tagger.threshold}, "
                  f"{len(model.tagger.vocab)} tagger words, {len(model.labeller.tfidf.vocabulary)} labeller n-grams)")


@eval_group.command("framing")
@click.option("--data", type=click.Path(path_type=Path), required=True,
              help="The Propaganda Techniques Corpus folder (e.g. ../shared/data/ptc-train).")
@click.option("--folds", type=click.IntRange(min=2), default=5, show_default=True)
@click.option("--epochs", type=click.IntRange(min=1), default=None, help="Tagger epochs (default: as shipped).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_context
def eval_framing_cmd(app: Context, data: Path, folds: int, epochs: int | None, as_json: bool) -> None:
    """Technique spans in k-fold cross-validation by article: span F1 (SemEval-2020 T11 partial overlap)
    and technique micro-F1 with gold spans, per technique, against a majority baseline. Needs torch."""
    from counterpoint.evaluate.framing import cross_validate, format_report
    from counterpoint.framing import train

    train.require_torch()
    report = cross_validate(data, folds=folds, epochs=epochs, log=_log)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        app.out.print(format_report(report), highlight=False)
