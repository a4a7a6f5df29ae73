"""The worker side: one task through the per-document stages, models loaded once per process.

A worker runs the very stage code of a serial run (read, segment, annotate, extract,
framing) on an in-memory SQLite store that logs every write (``RecordingStore``); the
log goes back to the main process, which replays it into the real store. Nothing here
touches the real store, the network or the main process's state.
"""

from __future__ import annotations

import os
import resource
import socket
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from counterpoint.config import Settings
from counterpoint.engine.budget import documents_read, restart_clock
from counterpoint.engine.tasks import StoreWrite, Task, TaskResult
from counterpoint.model import Document, Event, Failure, FramingSpan, Item, Mention, Naming, Sentence, TimeExpr
from counterpoint.store.sqlite import SQLiteStore

if TYPE_CHECKING:
    from counterpoint.annotate.stage import Annotator
    from counterpoint.extract.docs import DocKeeper
    from counterpoint.extract.extractor import Extractor
    from counterpoint.framing.stage import Framer

#: Environment variable that caps the threads of the models in this process (0: their default).
THREADS_ENV = "COUNTERPOINT_THREADS"


class RecordingStore(SQLiteStore):
    """An in-memory store that keeps a log of the writes the stages make, in order."""

    def __init__(self, known: frozenset[str] = frozenset()) -> None:
        super().__init__(":memory:", batch_size=1_000_000_000)
        self.migrate()
        self.writes: list[StoreWrite] = []
        #: Documents the real store holds already: they count as stored here too.
        self.known = known

    def has_document(self, document_id: str) -> bool:
        return document_id in self.known or super().has_document(document_id)

    def add_document(self, document: Document, items: Sequence[Item], run_id: str) -> bool:
        added = super().add_document(document, items, run_id)
        if added:
            self.writes.append(StoreWrite("add_document", (document, tuple(items))))
        return added

    def add_failure(self, failure: Failure, run_id: str) -> None:
        super().add_failure(failure, run_id)
        self.writes.append(StoreWrite("add_failure", (failure,)))

    def save_annotations(self, item_id: str, *, status: str, annotator: str, sentences: Sequence[Sentence] = (),
                         mentions: Sequence[Mention] = (), times: Sequence[TimeExpr] = (),
                         detail: str | None = None) -> None:
        super().save_annotations(item_id, status=status, annotator=annotator, sentences=sentences,
                                 mentions=mentions, times=times, detail=detail)
        self.writes.append(StoreWrite("save_annotations", (item_id,), {
            "status": status, "annotator": annotator, "sentences": tuple(sentences), "mentions": tuple(mentions),
            "times": tuple(times), "detail": detail}))

    def save_events(self, item_id: str, events: Sequence[Event], *, status: str, extractor: str,
                    detail: str | None = None,
                    explanations: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        super().save_events(item_id, events, status=status, extractor=extractor, detail=detail,
                            explanations=explanations)
        self.writes.append(StoreWrite("save_events", (item_id, tuple(events)), {
            "status": status, "extractor": extractor, "detail": detail,
            "explanations": {k: dict(v) for k, v in (explanations or {}).items()}}))

    def save_item_vectors(self, vectors: Mapping[str, npt.NDArray[np.float32]], *, model: str) -> None:
        super().save_item_vectors(vectors, model=model)
        self.writes.append(StoreWrite("save_item_vectors", (dict(vectors),), {"model": model}))

    def save_framing(self, item_id: str, spans: Sequence[FramingSpan], namings: Sequence[Naming], *, status: str,
                     framer: str, detail: str | None = None, words: int = 0) -> None:
        super().save_framing(item_id, spans, namings, status=status, framer=framer, detail=detail, words=words)
        self.writes.append(StoreWrite("save_framing", (item_id, tuple(spans), tuple(namings)), {
            "status": status, "framer": framer, "detail": detail, "words": words}))


@dataclass(slots=True)
class Models:
    """The stage models of one process (spaCy with the registry and gazetteer, the event typer,
    the technique tagger), loaded on first use and kept for every later task."""

    annotator: Annotator
    keeper: DocKeeper
    extractor: Extractor
    framer: Framer


_loaded: tuple[Settings, Models] | None = None


def models(settings: Settings) -> Models:
    """This process's models for ``settings`` (loaded once; again only if the settings change)."""
    global _loaded
    if _loaded is None or _loaded[0] != settings:
        from counterpoint.annotate.stage import Annotator
        from counterpoint.extract.docs import DocKeeper
        from counterpoint.extract.extractor import Extractor
        from counterpoint.framing.stage import Framer

        annotator = Annotator(settings)
        keeper = DocKeeper(annotator.nlp)
        annotator.nlp = keeper
        _loaded = (settings, Models(annotator, keeper, Extractor(keeper, settings=settings, typer="auto"), Framer()))
        restart_clock()  # loading the models is not charged to the task's time budget
    return _loaded[1]


def limit_threads(threads: int) -> None:
    """Cap the threads of this process's models at ``threads`` (0 leaves their defaults): with
    several worker processes on one machine each takes its share of the cores."""
    if threads <= 0:
        return
    os.environ[THREADS_ENV] = str(threads)
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=threads)


def versions() -> dict[str, str]:
    """What decides a worker's records: counterpoint's version and the version tag of each stage."""
    import counterpoint
    from counterpoint.annotate.stage import ANNOTATOR
    from counterpoint.extract.extractor import EXTRACTOR
    from counterpoint.framing.stage import FRAMER

    return {"counterpoint": counterpoint.__version__, "annotate": ANNOTATOR, "extract": EXTRACTOR,
            "framing": FRAMER}


def peak_rss() -> int:
    """Peak resident memory of this process so far, in bytes."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def counted(read: Iterator[Document | Failure], inputs: int) -> Iterator[Document | Failure]:
    """``read``, telling the task's clock how many documents it has read: each has its own share
    of the time budget (``engine.budget``)."""
    documents = 0
    for entry in read:
        if isinstance(entry, Document):
            documents += 1
            if documents > inputs:
                documents_read(documents)
        yield entry


def analyse_task(task: Task, settings: Settings, threads: int = 0) -> TaskResult:
    """Read, segment, annotate, extract and frame the inputs of ``task``; the store writes that
    made, to replay in the main process. Never raises for bad input (each stage records it)."""
    from counterpoint.link.stage import vector_pending
    from counterpoint.pipeline import RunSummary, analyse_pending, store_documents
    from counterpoint.read import load_plugins, read_one

    started = time.perf_counter()
    limit_threads(threads)
    load_plugins()
    store = RecordingStore(task.known)
    try:
        run_id = store.begin_run("task", task.locators)
        summary = RunSummary(run_id=run_id)
        read = counted(chain.from_iterable(read_one(raw, settings) for raw in task.inputs), len(task.inputs))
        store_documents(read, store, run_id, summary, lambda failure: store.add_failure(failure, run_id),
                        analysed_chars=settings.max_analysed_chars)
        stages = analyse_pending(store, settings)
        stages["vectors"] = vector_pending(store)  # the link stage's item vectors, here where the encoder is
        return TaskResult(task.index, store.writes, stages, unchanged=summary.unchanged_documents,
                          worker=f"{socket.gethostname()}:{os.getpid()}", peak_rss=peak_rss(),
                          seconds=time.perf_counter() - started)
    finally:
        store.close()
