"""The store interface: what every store (SQLite, later PostgreSQL) provides.

Guarantees of every implementation:

* ids are content hashes, so ``add_document`` of a document already stored
  changes nothing and returns ``False`` (idempotent ingests);
* a document and its items are written in the same transaction: a killed
  process leaves either both or neither;
* nothing is ever deleted by an ingest: a changed file is a new document
  (``version`` + 1 for its locator), the old one stays visible.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from counterpoint.link.bundle import ItemBundle
from counterpoint.model import (
    Document,
    Event,
    Failure,
    FramingSpan,
    Item,
    Mention,
    Naming,
    PartialDate,
    Sentence,
    TimeExpr,
)
from counterpoint.store.annotations import NameUse, PendingItem
from counterpoint.store.connection import Connection
from counterpoint.store.events import PendingExtraction
from counterpoint.store.framing import FramingProfile, PendingFraming
from counterpoint.store.link import CopyGroupRow, LinkedItem, StoryRow


@dataclass(frozen=True, slots=True)
class StoredItem:
    """An item with the document facts every listing and export shows."""

    item: Item
    source: str | None
    url: str | None
    locator: str
    document_title: str | None
    document_version: int
    language: str
    analysed: bool

    def to_export(self) -> dict[str, Any]:
        """The ``export items`` record (one JSONL line)."""
        from counterpoint.sources import describe_source

        item = self.item
        return {
            "id": item.id,
            "document_id": item.document_id,
            "source": self.source,
            **describe_source(self.source, self.url),
            "url": self.url,
            "locator": self.locator,
            "document_version": self.document_version,
            "position": item.position,
            "caption": item.caption.text if item.caption else None,
            "headline": item.headline.text if item.headline else None,
            "photo_captions": [p.text for p in item.photo_captions],
            "published": item.published.iso(),
            "published_granularity": item.published.granularity,
            "published_origin": item.published.origin,
            "language": self.language,
            "analysed": self.analysed,
            "body": item.body,
            "start": item.start,
            "end": item.end,
            "dropped": [{"text": d.text, "reason": d.reason, "start": d.start, "end": d.end}
                        for d in item.dropped],
        }


@dataclass(frozen=True, slots=True)
class SearchHit:
    item_id: str
    document_id: str
    source: str | None
    headline: str | None
    published: str | None
    snippet: str
    score: float


@dataclass(frozen=True, slots=True)
class StoredFailure:
    failure: Failure
    run_id: str
    at: str
    times: int


@dataclass(frozen=True, slots=True)
class Counts:
    documents: int
    items: int
    sources: int
    failures: int
    runs: int
    first_published: str | None
    last_published: str | None


class Store(Protocol):
    """One writer; readers may open the same store read-only."""

    def migrate(self) -> list[str]:
        """Apply pending named migrations, each in its own transaction;
        returns the names applied."""
        ...

    def begin_run(self, command: str, args: Sequence[str]) -> str: ...

    def finish_run(self, run_id: str, summary: dict[str, Any]) -> None: ...

    def add_document(self, document: Document, items: Sequence[Item], run_id: str) -> bool:
        """Store a document with its items; ``False`` when it was already stored."""
        ...

    def has_document(self, document_id: str) -> bool: ...

    def document_ids_at(self, locators: Sequence[str]) -> set[str]:
        """Ids of the stored documents read from these inputs (or from parts of them)."""
        ...

    def get_document(self, document_id: str) -> Document | None: ...

    def add_failure(self, failure: Failure, run_id: str) -> None: ...

    def commit(self) -> None:
        """Make everything written so far durable."""
        ...

    def iter_items(
        self, *, source: str | None = None, since: PartialDate | None = None
    ) -> Iterator[StoredItem]:
        """Items in publication order (unknown dates last), then document, position."""
        ...

    def search(self, query: str, *, limit: int = 20, raw: bool = False) -> list[SearchHit]: ...

    def failures(self, *, last_run_only: bool = False) -> list[StoredFailure]: ...

    def counts(self) -> Counts: ...

    # annotations (see counterpoint.store.annotations)
    def has_items_to_annotate(self) -> bool: ...

    def items_to_annotate(self) -> Iterator[PendingItem]: ...

    def save_annotations(
        self,
        item_id: str,
        *,
        status: str,
        annotator: str,
        sentences: Sequence[Sentence] = (),
        mentions: Sequence[Mention] = (),
        times: Sequence[TimeExpr] = (),
        detail: str | None = None,
    ) -> None: ...

    def annotation_status(self) -> dict[str, int]: ...

    def iter_mentions(self, *, kind: str | None = None, actor_id: str | None = None) -> Iterator[Mention]: ...

    def iter_time_exprs(self) -> Iterator[TimeExpr]: ...

    def name_uses(self) -> list[NameUse]: ...

    # events (see counterpoint.store.events)
    def items_to_extract(self) -> Iterator[PendingExtraction]: ...

    def save_events(self, item_id: str, events: Sequence[Event], *, status: str, extractor: str,
                    detail: str | None = None,
                    explanations: Mapping[str, Mapping[str, Any]] | None = None) -> None: ...

    def extraction_status(self) -> dict[str, int]: ...

    def iter_events(self, *, min_confidence: float = 0.0) -> Iterator[tuple[Event, dict[str, Any]]]: ...

    # framing (see counterpoint.store.framing)
    def has_items_to_frame(self) -> bool: ...

    def items_to_frame(self) -> Iterator[PendingFraming]: ...

    def save_framing(self, item_id: str, spans: Sequence[FramingSpan], namings: Sequence[Naming], *, status: str,
                     framer: str, detail: str | None = None, words: int = 0) -> None: ...

    def framing_status(self) -> dict[str, int]: ...

    def iter_framing_spans(self, *, source: str | None = None, label: str | None = None,
                           min_confidence: float = 0.0) -> Iterator[tuple[FramingSpan, dict[str, Any]]]: ...

    def iter_namings(self, *, actor_id: str | None = None) -> Iterator[Naming]: ...

    def framing_profiles(self, *, source: str | None = None) -> list[FramingProfile]: ...

    # link (see counterpoint.store.link)
    def items_to_link(self) -> list[str]: ...

    def has_items_to_link(self) -> bool: ...

    def link_status(self) -> dict[str, int]: ...

    def load_bundles(self, item_ids: Sequence[str] | None = None) -> Iterator[ItemBundle]: ...

    def save_item_vectors(self, vectors: Mapping[str, npt.NDArray[np.float32]], *, model: str) -> None: ...

    def linked_items(self) -> Iterator[LinkedItem]: ...

    def save_links(self, *, linker: str, done: Sequence[tuple[str, str | None]],
                   failed: Sequence[tuple[str, str]] = (), groups: Iterable[CopyGroupRow] = (),
                   assignments: Sequence[tuple[str, str, float | None]] = (),
                   stories: Iterable[StoryRow] = ()) -> None: ...

    def iter_copy_groups(self, *, source: str | None = None) -> Iterator[CopyGroupRow]: ...

    def iter_stories(self, *, actor_id: str | None = None, since: str | None = None,
                     min_size: int = 1) -> Iterator[StoryRow]: ...

    def get_story(self, story_id: str) -> StoryRow | None: ...

    def story_item_ids(self, story_id: str) -> list[str]: ...

    def story_of(self, item_id: str) -> str | None: ...

    def copy_group_of(self, item_id: str) -> str | None: ...

    def close(self) -> None: ...


class SQLStore(Store, Protocol):
    """A store that the web UI and the report also read with SQL of their own (SQLite and
    PostgreSQL both are): the connection takes the SQL subset of ``store.connection``."""

    @property
    def conn(self) -> Connection: ...
