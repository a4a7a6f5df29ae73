"""The main job as library functions: read → segment → store.

Guarantees: a batch never dies on one bad input (each failure is stored with
its reason and fix, and the run goes on, unless ``strict``); what is stored
stays stored; running the same command again stores nothing twice and
completes a run that was killed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, BinaryIO

from counterpoint.config import Settings
from counterpoint.errors import InputError
from counterpoint.model import Document, Failure, Item
from counterpoint.read import read_inputs
from counterpoint.segment import segment
from counterpoint.store.base import Store

#: Called after each input: the locator, and the failure if it failed.
ProgressHook = Callable[[str, Failure | None], None]


@dataclass(slots=True)
class RunSummary:
    """What one run did. ``errors`` counts failures of severity "error"."""

    run_id: str
    documents: int = 0
    new_documents: int = 0
    unchanged_documents: int = 0
    items: int = 0
    not_analysed: int = 0
    errors: int = 0
    warnings: int = 0
    #: What each later stage did (``annotate``: items annotated, mentions, ...).
    stages: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def segment_safely(document: Document) -> tuple[tuple[Item, ...], Failure | None]:
    """Segment, turning an unexpected error into a recorded failure.

    The document is stored either way (with no items when segmentation
    failed), so nothing read is lost.
    """
    try:
        return segment(document), None
    except Exception as exc:  # a segmenter bug must not kill the batch
        return (), Failure(
            locator=document.locator,
            stage="segment",
            code="segment-bug",
            reason=f"segmentation failed with {type(exc).__name__}: {exc}",
            fix="the document is stored without items; please report this input",
        )


def ingest(
    paths: Sequence[str],
    settings: Settings,
    store: Store,
    *,
    command: str = "ingest",
    stdin: BinaryIO | None = None,
    progress: ProgressHook | None = None,
    strict: bool = False,
) -> RunSummary:
    """Read every input, segment each document into items and store them.

    With ``strict`` the first error (after being recorded) is raised as an
    ``InputError``; otherwise the run goes on and the summary counts it.
    """
    run_id = store.begin_run(command, list(paths))
    summary = RunSummary(run_id=run_id)

    def record(failure: Failure) -> None:
        store.add_failure(failure, run_id)
        if failure.severity == "error":
            summary.errors += 1
        else:
            summary.warnings += 1
        if progress:
            progress(failure.locator, failure)
        if strict and failure.severity == "error":
            store.commit()
            raise InputError(failure.reason, fix=failure.fix, locator=failure.locator)

    try:
        for result in read_inputs(paths, settings, stdin=stdin):
            if isinstance(result, Failure):
                record(result)
                continue
            summary.documents += 1
            if not result.analysed:
                summary.not_analysed += 1
            if store.has_document(result.id):
                summary.unchanged_documents += 1
                if progress:
                    progress(result.locator, None)
                continue
            items, failure = segment_safely(result)
            if store.add_document(result, items, run_id):
                summary.new_documents += 1
                summary.items += len(items)
            else:
                summary.unchanged_documents += 1
            if failure is not None:
                record(failure)
            elif progress:
                progress(result.locator, None)
    finally:
        store.commit()
    store.finish_run(run_id, summary.to_dict())
    return summary


def analyze(
    paths: Sequence[str],
    settings: Settings,
    store: Store,
    *,
    stdin: BinaryIO | None = None,
    progress: ProgressHook | None = None,
    strict: bool = False,
) -> RunSummary:
    """The main job: ``ingest``, then every analysis stage over what is pending.

    Stages only process what they have not processed yet, so re-running is
    cheap and a killed run is completed by the next one.
    """
    from counterpoint.annotate.stage import Annotator, annotate_pending  # heavy: spaCy
    from counterpoint.extract.docs import DocKeeper
    from counterpoint.extract.stage import extract_pending
    from counterpoint.framing.stage import frame_pending
    from counterpoint.link.stage import link_pending

    summary = ingest(paths, settings, store, command="analyze", stdin=stdin, progress=progress, strict=strict)
    keeper = None
    annotator = None
    if store.has_items_to_annotate():
        # the extract stage reuses the parses of the annotate stage instead of parsing again
        annotator = Annotator(settings)
        keeper = DocKeeper(annotator.nlp)
        annotator.nlp = keeper
    summary.stages["annotate"] = annotate_pending(store, settings, annotator=annotator).to_dict()
    summary.stages["extract"] = extract_pending(store, settings, nlp=keeper)
    summary.stages["framing"] = frame_pending(store)
    summary.stages["link"] = link_pending(store)
    return summary
