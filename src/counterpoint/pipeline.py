"""The main job as library functions: read → segment → store.

Guarantees: a batch never dies on one bad input (each failure is stored with
its reason and fix, and the run goes on, unless ``strict``); what is stored
stays stored; running the same command again stores nothing twice and
completes a run that was killed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any, BinaryIO

from counterpoint.config import Settings
from counterpoint.errors import AnalysisCappedError, InputError, ReducedInputError
from counterpoint.model import Document, Failure, Item
from counterpoint.read import RawInput, read_inputs
from counterpoint.segment import MAX_LINES, segment, too_many_lines
from counterpoint.segment.dates import refused_dates
from counterpoint.store.base import Store

if TYPE_CHECKING:
    from counterpoint.engine import Engine, StoreWrite, Task, TaskResult

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
    #: Worker processes of the engine (host:pid) and the peak resident memory of each, in bytes.
    workers: dict[str, int] = field(default_factory=dict)

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


def _recorder(store: Store, summary: RunSummary, progress: ProgressHook | None,
              strict: bool) -> Callable[[Failure], None]:
    """Records a failure in the store and the summary; with ``strict`` an error ends the run."""

    def record(failure: Failure) -> None:
        store.add_failure(failure, summary.run_id)
        if failure.severity == "error":
            summary.errors += 1
        else:
            summary.warnings += 1
        if progress:
            progress(failure.locator, failure)
        if strict and failure.severity == "error":
            store.commit()
            raise InputError(failure.reason, fix=failure.fix, locator=failure.locator)

    return record


def capped_items(document: Document, items: Iterable[Item], cap: int) -> list[Failure]:
    """A warning failure for each item whose body is over ``cap`` characters (``max_analysed_chars``):
    it is stored whole, but the analysis stages read only its start (``annotate.stage.analysed_body``)."""
    out: list[Failure] = []
    for item in items:
        size = len(item.body)
        if size <= cap:
            continue
        error = AnalysisCappedError(
            f"item {item.position}'s body is {size:,} characters long, over the max_analysed_chars cap of "
            f"{cap:,}: it is stored whole and searchable, but only its first {cap:,} characters are analysed "
            "(actors, places, dates, events, framing)",
            fix="raise max_analysed_chars (counterpoint.toml or COUNTERPOINT_MAX_ANALYSED_CHARS; about 20 s of "
                "analysis per 100,000 characters on 2 cores), or split the document",
        )
        out.append(Failure(locator=document.locator, stage="segment", code=error.code, reason=error.reason,
                           fix=error.fix, severity=error.severity))
    return out


def _kept_whole(document: Document) -> Failure:
    error = ReducedInputError(
        f"the text has {document.text.count(chr(10)) + 1:,} lines, over the {MAX_LINES:,} that segmentation cuts "
        "into items: it is stored as one item holding the whole text (no headline, caption or boilerplate "
        "removal)",
        fix="split the input into its pages or articles before reading it",
    )
    return Failure(locator=document.locator, stage="segment", code=error.code, reason=error.reason, fix=error.fix,
                   severity=error.severity)


def store_documents(results: Iterable[Document | Failure], store: Store, run_id: str, summary: RunSummary,
                    record: Callable[[Failure], None], progress: ProgressHook | None = None, *,
                    analysed_chars: int = 100_000) -> None:
    """Segment and store each document read (one already stored is counted, not segmented again);
    pass each failure to ``record``, and a warning for each item analysed only up to ``analysed_chars``."""
    for result in results:
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
        for warning in refused_dates(result, items):  # headline dates after the run's date
            record(warning)
        if too_many_lines(result):
            record(_kept_whole(result))
        if result.analysed:
            for warning in capped_items(result, items, analysed_chars):
                record(warning)
        if failure is not None:
            record(failure)
        elif progress:
            progress(result.locator, None)


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
    record = _recorder(store, summary, progress, strict)
    try:
        store_documents(read_inputs(paths, settings, stdin=stdin), store, run_id, summary, record, progress,
                        analysed_chars=settings.max_analysed_chars)
    finally:
        store.commit()
    store.finish_run(run_id, summary.to_dict())
    return summary


def uncount(stages: dict[str, dict[str, int]], write: StoreWrite) -> None:
    """Take out of a task's stage counts what ``write`` (an analysis write that is not replayed,
    its document being stored already) added to them: the run summary counts what this run
    stored, not what its workers did twice."""
    kwargs = write.kwargs
    status = kwargs.get("status")
    minus: dict[str, int] = {}
    stage = ""
    if write.method == "save_annotations":
        minus = {"items": 1}
        if status == "done":
            mentions = kwargs.get("mentions", ())
            minus.update(annotated=1, mentions=len(mentions), times=len(kwargs.get("times", ())),
                         linked=sum(1 for m in mentions if m.actor_id or m.place))
        elif status == "skipped-language":
            minus["skipped_language"] = 1
        elif status == "failed":
            minus["failed"] = 1
        stage = "annotate"
    elif write.method == "save_events":
        minus = {"items": 1, "extracted": int(status == "done"), "failed": int(status == "failed"),
                 "events": len(write.args[1])}
        stage = "extract"
    elif write.method == "save_framing":
        spans = write.args[1]
        minus = {"items": 1, "framed": int(status == "done"), "failed": int(status == "failed"),
                 "spans": sum(s.kind == "technique" for s in spans),
                 "scare_quotes": sum(s.kind == "scare_quote" for s in spans),
                 "hedges": sum(s.kind == "hedge" for s in spans), "namings": len(write.args[2])}
        stage = "framing"
    counts = stages.get(stage) if minus else None
    if counts is None:
        return
    for key, value in minus.items():
        if key in counts:
            counts[key] = max(0, counts[key] - value)


def replay(result: TaskResult, store: Store, summary: RunSummary, record: Callable[[Failure], None],
           progress: ProgressHook | None = None) -> None:
    """Write what a worker found for one task into ``store``, in the order the stages wrote it,
    and add its counts to ``summary``.

    A document already stored (by an earlier run, by an earlier task of this one, or by a run
    beside this one) is counted as unchanged, its analysis is not written again and not counted:
    the summary counts what this run stored.
    """
    from counterpoint.engine.tasks import merge_counts

    stored_before: set[str] = set()
    unchanged: set[str] = set()
    stages = {stage: dict(counts) for stage, counts in result.stages.items()}
    summary.documents += result.unchanged
    summary.unchanged_documents += result.unchanged
    for write in result.writes:
        if write.method == "add_document":
            document, items = write.args
            summary.documents += 1
            if not document.analysed:
                summary.not_analysed += 1
            if store.add_document(document, items, summary.run_id):
                summary.new_documents += 1
                summary.items += len(items)
            else:
                summary.unchanged_documents += 1
                stored_before.update(item.id for item in items)
                unchanged.add(document.locator)
            if progress:
                progress(document.locator, None)
        elif write.method == "add_failure":
            failure: Failure = write.args[0]
            if failure.stage == "segment" and failure.locator in unchanged:
                continue  # a serial run would not have segmented it again
            record(failure)
        elif write.method == "save_item_vectors":
            vectors = {k: v for k, v in write.args[0].items() if k not in stored_before}
            if vectors:
                store.save_item_vectors(vectors, **write.kwargs)
            if len(vectors) < len(write.args[0]) and "vectors" in stages.get("vectors", {}):
                stages["vectors"]["vectors"] -= len(write.args[0]) - len(vectors)
        elif write.args[0] not in stored_before:
            getattr(store, write.method)(*write.args, **write.kwargs)
        else:
            uncount(stages, write)
    merge_counts(summary.stages, stages)


def analyze(
    paths: Sequence[str],
    settings: Settings,
    store: Store,
    *,
    stdin: BinaryIO | None = None,
    progress: ProgressHook | None = None,
    strict: bool = False,
    engine: Engine | None = None,
    link: bool = True,
) -> RunSummary:
    """The main job: every input through the per-document stages (read, segment, annotate,
    extract, framing) on ``engine`` (default: this process), written into the store as each task
    comes back; then what earlier runs left pending; then copies and stories across the store.

    Stages only process what they have not processed yet, so re-running is cheap and a killed
    run is completed by the next one. Every engine gives the same records. ``link=False`` leaves
    the corpus-wide stage for later (the next ``analyze`` links what is pending).
    """
    from counterpoint.engine import LocalEngine, cut_tasks
    from counterpoint.engine.tasks import finish_counts, merge_counts
    from counterpoint.link.stage import link_pending
    from counterpoint.read import iter_raw_inputs, split_input

    own = engine is None
    engine = engine or LocalEngine(workers=1)
    run_id = store.begin_run("analyze", list(paths))
    summary = RunSummary(run_id=run_id)
    record = _recorder(store, summary, progress, strict)

    def inputs() -> Iterator[RawInput | Failure]:  # a web archive in slices, for several workers
        for entry in iter_raw_inputs(paths, settings, stdin=stdin):
            yield from [entry] if isinstance(entry, Failure) else split_input(entry)

    def tasks() -> Iterator[Task]:
        for entry in cut_tasks(inputs()):
            if isinstance(entry, Failure):
                record(entry)
            else:  # what an earlier run stored from these inputs is not analysed again
                yield replace(entry, known=frozenset(store.document_ids_at(entry.locators)))

    try:
        for result in engine.map(tasks(), settings):
            replay(result, store, summary, record, progress)
            summary.workers[result.worker] = max(summary.workers.get(result.worker, 0), result.peak_rss)
    finally:
        store.commit()
        if own:
            engine.close()
    merge_counts(summary.stages, analyse_pending(store, settings))
    finish_counts(summary.stages)
    if link:
        summary.stages["link"] = link_pending(store)
    store.finish_run(run_id, summary.to_dict())
    return summary


def analyse_pending(store: Store, settings: Settings) -> dict[str, dict[str, int]]:
    """The per-document stages (annotate, extract, framing), in this process, over the items the
    store holds unanalysed: a worker's task, or what earlier runs left (an ``ingest`` without
    analysis, a killed run). The models are this process's (``engine.worker.models``), loaded
    only when there is something to annotate; the extract stage reuses the annotate stage's parses."""
    from counterpoint.annotate.stage import annotate_pending
    from counterpoint.engine.worker import models
    from counterpoint.extract.stage import extract_pending
    from counterpoint.framing.stage import frame_pending

    annotator = extractor = framer = None
    if store.has_items_to_annotate():
        loaded = models(settings)
        loaded.keeper.hits = loaded.keeper.misses = 0  # counts per call, not per process
        annotator, extractor, framer = loaded.annotator, loaded.extractor, loaded.framer
    return {"annotate": annotate_pending(store, settings, annotator=annotator).to_dict(),
            "extract": extract_pending(store, settings, extractor=extractor),
            "framing": frame_pending(store, framer=framer)}
