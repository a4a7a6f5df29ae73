"""Event tables of the SQLite store: events and the extraction status of each item.

An item's events are replaced as a whole, in one savepoint, together with its
``extractions`` status row: a killed run leaves an item either fully extracted
or not at all, and the next run picks it up. Only items whose annotation is
done are offered for extraction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from counterpoint.model import (
    Attribution,
    Event,
    Item,
    Mention,
    PartialDate,
    Participant,
    Place,
    Sentence,
    TimeExpr,
)
from counterpoint.store.connection import Connection


@dataclass(frozen=True, slots=True)
class PendingExtraction:
    """An annotated item waiting for extraction, with its stored annotations."""

    item: Item
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    times: tuple[TimeExpr, ...]


def _place(data: Mapping[str, Any] | None) -> Place | None:
    if not data:
        return None
    return Place(data["name"], data.get("geonameid"), float(data["lat"]), float(data["lon"]), data.get("country"),
                 data.get("admin1"), data.get("feature", "other"), int(data.get("population") or 0))


def _participant(data: Mapping[str, Any] | None) -> Participant | None:
    if not data:
        return None
    return Participant(data["text"], int(data["start"]), int(data["end"]), data.get("actor_id"), data.get("country"),
                       data.get("sector"))


def _attribution(data: Mapping[str, Any]) -> Attribution:
    return Attribution(data.get("speaker_actor_id"), data.get("speaker_text"), data.get("speaker_start"),
                       data.get("speaker_end"), data.get("cue"), data.get("quote", "none"),
                       data.get("stance", "asserted"))


def _place_json(place: Place | None) -> str | None:
    if place is None:
        return None
    return json.dumps(place.to_dict(), ensure_ascii=False)


#: The ``events`` columns an upsert replaces (every column but the id, as ``INSERT OR REPLACE`` did).
_EVENT_UPDATE = ", ".join(f"{c} = excluded.{c}" for c in (
    "item_id", "field", "sentence", "start", '"end"', "text", "trigger", "trigger_start", "trigger_end", "event_type",
    "mode", "contexts", "actor", "actor_id", "actor_country", "recipient", "recipient_id", "recipient_country", "place",
    "place_text", "date", "date_granularity", "date_origin", "date_text", "aux_modes", "attribution",
    "speaker_actor_id", "quote", "stance", "confidence", "fatalities", "explanation"))

#: Status tables of the stages that run on annotated items (one row per item processed).
_STAGE_STATUS_TABLES = frozenset({"extractions", "framings"})


def item_annotations(conn: Connection, item_id: str) -> tuple[tuple[Sentence, ...], tuple[Mention, ...]]:
    """The stored sentences (by field, index) and mentions (in stored order) of one item."""
    sentences = tuple(
        Sentence(item_id, r[0], r[1], r[2], r[3]) for r in conn.execute(
            'SELECT field, idx, start, "end" FROM sentences WHERE item_id = ? ORDER BY field, idx', (item_id,))
    )
    mentions = tuple(
        Mention(item_id, r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10],
                _place(json.loads(r[11])) if r[11] else None, r[12])
        for r in conn.execute(
            """SELECT field, start, "end", text, kind, actor_id, country, sector, alias_kind, method,
                      confidence, place, sentence FROM mentions WHERE item_id = ? ORDER BY rowid""",
            (item_id,))
    )
    return sentences, mentions


def annotated_items_without(
    conn: Connection, status_table: str
) -> Iterator[tuple[Item, tuple[Sentence, ...], tuple[Mention, ...]]]:
    """Items annotated with status done and without a row in ``status_table`` (a later stage's status
    table), in document order then position, each with its sentences and mentions.

    The item ids are read up front, so the caller may write status rows while iterating.
    """
    if status_table not in _STAGE_STATUS_TABLES:
        raise ValueError(f"not a stage status table: {status_table!r}")
    rows = conn.execute(
        f"""SELECT i.id, i.record FROM items i
            JOIN documents d ON d.id = i.document_id
            JOIN annotations a ON a.item_id = i.id AND a.status = 'done'
            WHERE NOT EXISTS (SELECT 1 FROM {status_table} x WHERE x.item_id = i.id)
            ORDER BY d.rowid, i.position"""
    ).fetchall()
    for item_id, record in rows:
        sentences, mentions = item_annotations(conn, item_id)
        yield Item.from_dict(json.loads(record)), sentences, mentions


#: The ``events`` columns ``event_from_row`` reads, in its order (prefix ``e.`` where joined).
EVENT_COLUMNS = (
    'id, item_id, field, sentence, start, "end", text, trigger, trigger_start, trigger_end, event_type, mode, '
    "contexts, actor, recipient, place, place_text, date, date_origin, date_text, aux_modes, attribution, "
    "confidence, fatalities"
)


def event_from_row(r: Sequence[Any]) -> Event:
    """An ``Event`` from the first 24 values of a row selected with ``EVENT_COLUMNS``."""
    return Event(
        id=r[0], item_id=r[1], field=r[2], sentence=r[3], start=r[4], end=r[5], text=r[6], trigger=r[7],
        trigger_start=r[8], trigger_end=r[9], event_type=r[10], mode=r[11], contexts=tuple(json.loads(r[12])),
        actor=_participant(json.loads(r[13]) if r[13] else None),
        recipient=_participant(json.loads(r[14]) if r[14] else None),
        place=_place(json.loads(r[15]) if r[15] else None), place_text=r[16],
        date=PartialDate.parse_iso(r[17], r[18] or "none"), date_text=r[19],
        aux_modes=tuple(json.loads(r[20])), attribution=_attribution(json.loads(r[21])), confidence=r[22],
        fatalities=r[23],
    )


class EventTables:
    """Mixed into ``SQLiteStore``; uses its ``conn`` and transaction helpers."""

    conn: Connection
    path: str

    def _begin(self) -> None: ...  # provided by SQLiteStore

    def _written(self) -> None: ...  # provided by SQLiteStore

    _atomic: Callable[[str, str], AbstractContextManager[None]]  # provided by SQLiteStore

    def items_to_extract(self) -> Iterator[PendingExtraction]:
        """Annotated items (status done) without an extraction status, in document order then position."""
        for item, sentences, mentions in annotated_items_without(self.conn, "extractions"):
            times = tuple(
                TimeExpr(item.id, r[0], r[1], r[2], r[3], PartialDate.parse_iso(r[4], "document"), r[5], r[6])
                for r in self.conn.execute(
                    """SELECT field, start, "end", text, value, kind, sentence FROM time_exprs
                       WHERE item_id = ? ORDER BY rowid""", (item.id,))
            )
            yield PendingExtraction(item, sentences, mentions, times)

    def save_events(
        self,
        item_id: str,
        events: Sequence[Event],
        *,
        status: str,
        extractor: str,
        detail: str | None = None,
        explanations: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        """Replace the events of one item and set its extraction status, atomically."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        explanations = explanations or {}
        with self._atomic("ext", f"events of {item_id}"):
            self.conn.execute("DELETE FROM events WHERE item_id = ?", (item_id,))
            self.conn.execute("DELETE FROM extractions WHERE item_id = ?", (item_id,))
            self.conn.executemany(
                """INSERT INTO events(id, item_id, field, sentence, start, "end", text, trigger,
                       trigger_start, trigger_end, event_type, mode, contexts, actor, actor_id, actor_country,
                       recipient, recipient_id, recipient_country, place, place_text, date, date_granularity,
                       date_origin, date_text, aux_modes, attribution, speaker_actor_id, quote, stance,
                       confidence, fatalities, explanation)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                           ?, ?, ?, ?)
                   ON CONFLICT(id) DO UPDATE SET """ + _EVENT_UPDATE + """""",
                [self._row(e, explanations.get(e.id)) for e in events],
            )
            self.conn.execute(
                "INSERT INTO extractions(item_id, status, extractor, detail, at) VALUES (?, ?, ?, ?, ?)",
                (item_id, status, extractor, detail, now),
            )
        self._written()

    @staticmethod
    def _row(e: Event, explanation: Mapping[str, Any] | None) -> tuple[Any, ...]:
        def dump(value: Any) -> str:
            return json.dumps(value, ensure_ascii=False)

        a, r, att = e.actor, e.recipient, e.attribution
        return (
            e.id, e.item_id, e.field, e.sentence, e.start, e.end, e.text, e.trigger, e.trigger_start, e.trigger_end,
            e.event_type, e.mode, dump(list(e.contexts)), dump(a.to_dict()) if a else None, a.actor_id if a else None,
            a.country if a else None, dump(r.to_dict()) if r else None, r.actor_id if r else None,
            r.country if r else None, _place_json(e.place), e.place_text, e.date.iso(), e.date.granularity,
            e.date.origin, e.date_text, dump(list(e.aux_modes)), dump(att.to_dict()), att.speaker_actor_id,
            att.quote, att.stance, e.confidence, e.fatalities,
            dump(dict(explanation)) if explanation is not None else None,
        )

    def extraction_status(self) -> dict[str, int]:
        rows = self.conn.execute("SELECT status, count(*) FROM extractions GROUP BY status").fetchall()
        return {r[0]: r[1] for r in rows}

    def iter_events(self, *, min_confidence: float = 0.0) -> Iterator[tuple[Event, dict[str, Any]]]:
        """Events with their item's facts, in publication order (unknown last), then position.

        The dict holds ``source``, ``url``, ``title`` (the document's), ``published``
        (the item's publication date, ISO or ``None``), ``headline``, ``document_id``,
        ``locator``, ``position`` (of the item in its document) and ``explanation``.
        """
        cursor = self.conn.execute(
            """SELECT e.id, e.item_id, e.field, e.sentence, e.start, e."end", e.text, e.trigger, e.trigger_start,
                      e.trigger_end, e.event_type, e.mode, e.contexts, e.actor, e.recipient, e.place, e.place_text,
                      e.date, e.date_origin, e.date_text, e.aux_modes, e.attribution, e.confidence, e.fatalities,
                      e.explanation, d.source, d.url, d.title, i.published, i.headline, d.id, d.locator, i.position
               FROM events e JOIN items i ON i.id = e.item_id JOIN documents d ON d.id = i.document_id
               WHERE e.confidence >= ?
               ORDER BY i.published IS NULL, i.published, d.rowid, i.position, e.field DESC, e.trigger_start""",
            (min_confidence,),
        )
        for r in cursor:
            event = event_from_row(r)
            meta = {"source": r[25], "url": r[26], "title": r[27], "published": r[28], "headline": r[29],
                    "document_id": r[30], "locator": r[31], "position": r[32],
                    "explanation": json.loads(r[24]) if r[24] else None}
            yield event, meta
