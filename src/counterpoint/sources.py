"""Sources as actors: the outlet behind a document's source, and its state affiliation.

A source is linked to an outlet of the actor registry by its URL's host name
(subdomains included: ``en.yna.co.kr`` → Yonhap), by a source that is itself
a domain, or by the outlet's name or alias. Unknown sources stay unlinked.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from counterpoint.model import Actor


@lru_cache(maxsize=1)
def _outlets_by_name() -> dict[str, Actor]:
    from counterpoint.annotate.actors import ActorRegistry

    names: dict[str, Actor] = {}
    for actor in ActorRegistry.load():
        if actor.sector != "MEDIA" or actor.origin == "phoenix":
            continue
        for name in (actor.name, *(a.text for a in actor.aliases)):
            names.setdefault(name.casefold(), actor)
    return names


@lru_cache(maxsize=4096)
def source_outlet(source: str | None, url: str | None) -> Actor | None:
    """The registry outlet behind ``source``/``url``, or ``None``."""
    from counterpoint.annotate.actors import outlet_for_domain

    host = None
    if url:
        try:
            host = urlsplit(url).hostname
        except ValueError:
            host = None
    for candidate in (host, source):
        if candidate and "." in candidate and " " not in candidate:
            found = outlet_for_domain(candidate.lower())
            if found is not None:
                return found
    if source:
        return _outlets_by_name().get(source.casefold())
    return None


def describe_source(source: str | None, url: str | None) -> dict[str, Any]:
    """Fields shown wherever a source is: the outlet id, its country and state affiliation."""
    outlet = source_outlet(source, url)
    return {
        "source_actor_id": outlet.id if outlet else None,
        "source_country": outlet.country if outlet else None,
        "source_affiliation": outlet.affiliation if outlet else None,
    }
