"""Framing tables of the SQLite store: framing spans, namings and the framing status of each item.

An item's spans and namings are replaced as a whole, in one savepoint,
together with its ``framings`` status row: a killed run leaves an item either
fully framed or not at all, and the next run picks it up. Only items whose
annotation is done are offered for framing.

The status row also keeps the item's word count (headline and body, see
``count_words``), so per-1,000-words rates are one SQL aggregate.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from counterpoint.model import FramingSpan, Item, Mention, Naming, Sentence
from counterpoint.store.connection import Connection
from counterpoint.store.events import annotated_items_without

_WORD = re.compile(r"\w+(?:['’-]\w+)*")


def count_words(text: str | None) -> int:
    """Words in ``text``: runs of letters and digits, inner apostrophes and hyphens kept."""
    return len(_WORD.findall(text)) if text else 0


def item_words(item: Item) -> int:
    """Words of an item's headline and body: the base of the per-1,000-words rates."""
    return count_words(item.headline.text if item.headline else None) + count_words(item.body)


@dataclass(frozen=True, slots=True)
class PendingFraming:
    """An annotated item waiting for framing, with its stored sentences and mentions."""

    item: Item
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]

    @property
    def words(self) -> int:
        """The item's word count, to pass to ``save_framing(words=...)``."""
        return item_words(self.item)


@dataclass(frozen=True, slots=True)
class TextCount:
    """A wording and how often a source used it."""

    text: str
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "count": self.count}


@dataclass(frozen=True, slots=True)
class NameCount:
    """A name a source gave an actor, its tone and how often it was used."""

    text: str
    tone: str
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "tone": self.tone, "count": self.count}


@dataclass(frozen=True, slots=True)
class FramingProfile:
    """How one source frames: technique rates, scare quotes, hedges and the names it gives actors.

    Counts are over the source's items framed with status done. ``techniques`` and
    ``per_1000_words`` are keyed by label, most frequent first; ``names`` is keyed by
    actor id, the most named actor first, each with its names most used first. Texts
    are grouped case-insensitively. ``source`` is ``None`` for documents without one.
    """

    source: str | None
    items: int
    words: int
    techniques: dict[str, int]
    per_1000_words: dict[str, float]
    scare_quotes: tuple[TextCount, ...]
    hedges: tuple[TextCount, ...]
    names: dict[str, tuple[NameCount, ...]]

    @property
    def spans(self) -> int:
        """Technique spans in all."""
        return sum(self.techniques.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "items": self.items,
            "words": self.words,
            "techniques": dict(self.techniques),
            "per_1000_words": {k: round(v, 3) for k, v in self.per_1000_words.items()},
            "scare_quotes": [t.to_dict() for t in self.scare_quotes],
            "hedges": [t.to_dict() for t in self.hedges],
            "names": {actor: [n.to_dict() for n in used] for actor, used in self.names.items()},
        }


class FramingTables:
    """Mixed into ``SQLiteStore``; uses its ``conn`` and transaction helpers."""

    conn: Connection
    path: str

    def _begin(self) -> None: ...  # provided by SQLiteStore

    def _written(self) -> None: ...  # provided by SQLiteStore

    _atomic: Callable[[str, str], AbstractContextManager[None]]  # provided by SQLiteStore

    def has_items_to_frame(self) -> bool:
        """Whether any annotated item waits for framing (one indexed lookup, no records read)."""
        row = self.conn.execute(
            """SELECT 1 FROM annotations a
               WHERE a.status = 'done' AND NOT EXISTS (SELECT 1 FROM framings f WHERE f.item_id = a.item_id)
               LIMIT 1"""
        ).fetchone()
        return row is not None

    def items_to_frame(self) -> Iterator[PendingFraming]:
        """Annotated items (status done) without a framing status, in document order then position."""
        for item, sentences, mentions in annotated_items_without(self.conn, "framings"):
            yield PendingFraming(item, sentences, mentions)

    def save_framing(
        self,
        item_id: str,
        spans: Sequence[FramingSpan],
        namings: Sequence[Naming],
        *,
        status: str,
        framer: str,
        detail: str | None = None,
        words: int = 0,
    ) -> None:
        """Replace the spans and namings of one item and set its framing status, atomically.

        ``words`` is the item's word count (``PendingFraming.words``), the base of the rates.
        """
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._atomic("frm", f"framing of {item_id}"):
            for table in ("framing_spans", "namings", "framings"):
                self.conn.execute(f"DELETE FROM {table} WHERE item_id = ?", (item_id,))
            self.conn.executemany(
                """INSERT INTO framing_spans(item_id, field, sentence, start, "end", text, label, kind,
                       confidence, method, evidence)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [(s.item_id, s.field, s.sentence, s.start, s.end, s.text, s.label, s.kind, s.confidence,
                  s.method, s.evidence) for s in spans],
            )
            self.conn.executemany(
                """INSERT INTO namings(item_id, field, start, "end", text, actor_id, tone, cues)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                [(n.item_id, n.field, n.start, n.end, n.text, n.actor_id, n.tone,
                  json.dumps(list(n.cues), ensure_ascii=False)) for n in namings],
            )
            self.conn.execute(
                "INSERT INTO framings(item_id, status, framer, detail, words, at) VALUES (?, ?, ?, ?, ?, ?)",
                (item_id, status, framer, detail, words, now),
            )
        self._written()

    def framing_status(self) -> dict[str, int]:
        rows = self.conn.execute("SELECT status, count(*) FROM framings GROUP BY status").fetchall()
        return {r[0]: r[1] for r in rows}

    def iter_framing_spans(
        self, *, source: str | None = None, label: str | None = None, min_confidence: float = 0.0
    ) -> Iterator[tuple[FramingSpan, dict[str, Any]]]:
        """Framing spans with their item's facts, in publication order (unknown last), then position,
        headline before body, then offset.

        The dict holds ``source``, ``url``, ``published`` (the item's publication date,
        ISO or ``None``), ``document_id``, ``locator`` and ``position`` (of the item in
        its document).
        """
        clauses = ["s.confidence >= ?"]
        params: list[Any] = [min_confidence]
        if source is not None:
            clauses.append("d.source = ?")
            params.append(source)
        if label is not None:
            clauses.append("s.label = ?")
            params.append(label)
        cursor = self.conn.execute(
            f"""SELECT s.item_id, s.field, s.start, s."end", s.text, s.label, s.kind, s.confidence, s.method,
                       s.sentence, s.evidence, d.source, d.url, i.published, d.id, d.locator, i.position
                FROM framing_spans s JOIN items i ON i.id = s.item_id JOIN documents d ON d.id = i.document_id
                WHERE {" AND ".join(clauses)}
                ORDER BY i.published IS NULL, i.published, d.rowid, i.position, s.field DESC, s.start, s.rowid""",
            params,
        )
        for r in cursor:
            span = FramingSpan(item_id=r[0], field=r[1], start=r[2], end=r[3], text=r[4], label=r[5], kind=r[6],
                               confidence=r[7], method=r[8], sentence=r[9], evidence=r[10])
            meta = {"source": r[11], "url": r[12], "published": r[13], "document_id": r[14], "locator": r[15],
                    "position": r[16]}
            yield span, meta

    def iter_namings(self, *, actor_id: str | None = None) -> Iterator[Naming]:
        """Stored namings in stored order, optionally of one actor."""
        where, params = ("WHERE actor_id = ?", [actor_id]) if actor_id is not None else ("", [])
        cursor = self.conn.execute(
            f'SELECT item_id, field, start, "end", text, actor_id, tone, cues FROM namings {where} ORDER BY rowid',
            params,
        )
        for r in cursor:
            yield Naming(r[0], r[1], r[2], r[3], r[4], r[5], r[6], tuple(json.loads(r[7])))

    def framing_profiles(self, *, source: str | None = None) -> list[FramingProfile]:
        """One profile per source with items framed (status done): sources by name, no source last."""

        def framed(join: str = "") -> tuple[str, list[Any]]:
            sql = f"""FROM framings f JOIN items i ON i.id = f.item_id JOIN documents d ON d.id = i.document_id
                      {join} WHERE f.status = 'done'"""
            return (sql + " AND d.source = ?", [source]) if source is not None else (sql, [])

        spans_sql, params = framed("JOIN framing_spans s ON s.item_id = f.item_id")
        techniques: dict[str | None, dict[str, int]] = {}
        for src, label, n in self.conn.execute(
            f"""SELECT d.source, s.label, count(*) AS n {spans_sql} AND s.kind = 'technique'
                GROUP BY d.source, s.label ORDER BY n DESC, s.label""", params,
        ):
            techniques.setdefault(src, {})[label] = n
        texts: dict[str, dict[str | None, list[TextCount]]] = {"scare_quote": {}, "hedge": {}}
        for kind, by_source in texts.items():
            for src, text, n in self.conn.execute(
                f"""SELECT d.source, min(s.text), count(*) AS n {spans_sql} AND s.kind = ?
                    GROUP BY d.source, lower(s.text) ORDER BY n DESC, lower(s.text)""", [*params, kind],
            ):
                by_source.setdefault(src, []).append(TextCount(text, n))
        names_sql, params = framed("JOIN namings m ON m.item_id = f.item_id")
        names: dict[str | None, dict[str, list[NameCount]]] = {}
        for src, actor, text, tone, n, _ in self.conn.execute(
            f"""SELECT d.source, m.actor_id, min(m.text), m.tone, count(*) AS n,
                       sum(count(*)) OVER (PARTITION BY d.source, m.actor_id) AS uses
                {names_sql} GROUP BY d.source, m.actor_id, lower(m.text), m.tone
                ORDER BY uses DESC, m.actor_id, n DESC, lower(m.text), m.tone""", params,
        ):
            names.setdefault(src, {}).setdefault(actor, []).append(NameCount(text, tone, n))
        totals_sql, params = framed()
        profiles = []
        for src, items, words in self.conn.execute(
            f"""SELECT d.source, count(*), coalesce(sum(f.words), 0) {totals_sql}
                GROUP BY d.source ORDER BY d.source IS NULL, d.source""", params,
        ).fetchall():
            counts = techniques.get(src, {})
            profiles.append(FramingProfile(
                source=src, items=items, words=words, techniques=counts,
                per_1000_words={label: (n * 1000.0 / words if words else 0.0) for label, n in counts.items()},
                scare_quotes=tuple(texts["scare_quote"].get(src, ())), hedges=tuple(texts["hedge"].get(src, ())),
                names={actor: tuple(used) for actor, used in names.get(src, {}).items()},
            ))
        return profiles
