"""What every reader takes and gives.

A reader turns the bytes of one input into zero or more ``Extracted`` texts
(a feed gives one per entry, a WARC one per HTML response). The ``read``
package then finishes each into a ``Document`` (source, language, id) in one
place, so that readers stay small and alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from counterpoint.config import Settings
from counterpoint.errors import InputError
from counterpoint.model import InputKind, PartialDate


@dataclass(frozen=True, slots=True)
class InputPart:
    """Where a slice of a larger input lies in it: the engines hand the slices of one web
    archive or feed to several workers (see ``WarcReader.parts``, ``FeedReader.parts``), and
    reading every slice gives what reading the whole input gives."""

    #: Number of the slice's first record (or entry) in the whole input, counting from 1.
    first: int
    #: The whole input's SHA-256 and size (the documents' ``raw_sha256`` and ``raw_size``).
    sha256: str
    size: int

    @classmethod
    def whole(cls, data: bytes) -> InputPart:
        """The part that is all of ``data``: from its first record, with its hash and size."""
        from hashlib import sha256

        return cls(1, sha256(data).hexdigest(), len(data))


@dataclass(frozen=True, slots=True)
class RawInput:
    """The bytes of one input and what is known about it before reading.

    ``sidecar`` holds the keys of a ``NAME.meta.toml`` file beside the input
    (``source``, ``url``, ``published``, ``title``, ``language``). ``part`` is set on a
    slice of a larger input (its ``locator`` stays the whole input's).
    """

    locator: str
    data: bytes
    path: Path | None = None
    sidecar: dict[str, str] = field(default_factory=dict)
    part: InputPart | None = None


@dataclass(frozen=True, slots=True)
class Extracted:
    """Text and metadata a reader found in an input (or in one part of it).

    ``text`` is already normalised (see ``counterpoint.read.decode``).
    ``locator`` is the input's locator, with ``#entry=N`` or ``#record=N``
    added for a part of a feed or WARC. ``site`` is a site or outlet name the
    input itself gives (a feed title, ``og:site_name``), ``header_source`` one
    given by a crawler header line.
    """

    locator: str
    kind: InputKind
    text: str
    url: str | None = None
    title: str | None = None
    author: str | None = None
    published: PartialDate = field(default_factory=PartialDate)
    site: str | None = None
    header_source: str | None = None
    language_hint: str | None = None
    encoding: str | None = None
    raw_sha256: str = ""
    raw_size: int = 0
    #: Facts about the input kept with the document but used for nothing else
    #: (a WARC capture date, the date field a feed entry gave, a canonical URL).
    extras: dict[str, str] = field(default_factory=dict)


class Reader(Protocol):
    """One reader per input kind."""

    name: InputKind

    def sniff(self, head: bytes, path: Path | None) -> float:
        """How sure (0..1) the reader is that it can read this input.

        ``head`` is the first few KB of the input. Decides by content first;
        the file extension only breaks ties.
        """
        ...

    def read(self, raw: RawInput, settings: Settings) -> Iterator[Extracted | InputError]:
        """Yield every text in the input; a bad part yields an ``InputError``
        and reading goes on with the next part."""
        ...
