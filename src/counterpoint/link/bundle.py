"""An item with everything the per-item stages found in it: what link and compare read.

The store builds bundles (``counterpoint.store.link``); the story clusterer and
the comparison read them and never touch the store, so both are testable with
bundles written by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from counterpoint.model import Event, FramingSpan, Item, Mention, Naming, Sentence, TimeExpr


@dataclass(frozen=True, slots=True)
class ItemBundle:
    """One item and its annotations, events and framing, with its document's facts.

    ``first_seen`` is when the document was first stored (ISO timestamp); ``vector``
    the item's unit-length sentence-encoder vector (headline and first sentences)
    when the framing stage computed one.
    """

    item: Item
    source: str | None
    url: str | None
    first_seen: str
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    events: tuple[Event, ...] = ()
    namings: tuple[Naming, ...] = ()
    framing: tuple[FramingSpan, ...] = ()
    vector: npt.NDArray[np.float32] | None = None

    @property
    def id(self) -> str:
        return self.item.id

    @property
    def headline(self) -> str:
        return self.item.headline.text if self.item.headline else ""

    @property
    def body(self) -> str:
        return self.item.body

    def field_text(self, field: str) -> str:
        """The text that offsets of ``field`` (``headline`` or ``body``) index into."""
        return self.headline if field == "headline" else self.body

    @property
    def text(self) -> str:
        """Headline and body, as the copy detector and the clusterer compare them."""
        return f"{self.headline}\n\n{self.body}" if self.headline else self.body
