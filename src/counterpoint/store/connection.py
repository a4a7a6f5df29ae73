"""What the table mixins need of a database connection, so one set of SQL serves every store.

``sqlite3.Connection`` satisfies ``Connection`` as it is; the PostgreSQL store
wraps its psycopg connection in an adapter that does (``?`` placeholders, rows
readable by index and by column name, like ``sqlite3.Row``).

The SQL the mixins send is the subset both engines accept: ``?`` placeholders,
``INSERT ... ON CONFLICT``, ``rowid`` columns (implicit in SQLite, explicit
identity columns in PostgreSQL), no bare columns in grouped queries.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol


class Cursor(Protocol):
    """The cursor an ``execute`` returns: rows by ``fetchone``, ``fetchall`` or iteration."""

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """``execute`` and ``executemany`` with ``?`` placeholders."""

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Cursor: ...

    def executemany(self, sql: str, seq_of_parameters: Iterable[Sequence[Any]], /) -> Any: ...
