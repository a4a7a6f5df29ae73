"""Sources as actors: the outlet behind a document's source, and its state affiliation.

A source is linked to an outlet of the actor registry by its URL's host name
(subdomains included: ``en.yna.co.kr`` → Yonhap), by a source that is itself
a domain, or by the outlet's name or alias. Unknown sources stay unlinked.

:func:`outlet_named` and :func:`canonical_source` unify the names a page or a user
gives an outlet (``Yonhap``, ``en.yna.co.kr``, ``KCNA.kp``): one outlet is one
source, named by its registry name.
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
def outlet_named(name: str) -> Actor | None:
    """The registry outlet a printed ``name`` stands for: one of its names or aliases
    (case aside, a leading "The" aside; a name of two to four letters must match in
    case: ``AP``, not "ap"), or a host name of one of its domains (``KCNA.kp``,
    ``www.tass.com``). ``None`` when none does."""
    text = " ".join(name.split()).strip(" .,;:")
    if not text:
        return None
    names = _outlets_by_name()
    for candidate in (text, text[4:] if text.lower().startswith("the ") else ""):
        actor = names.get(candidate.casefold()) if candidate else None
        if actor is not None and (len(candidate) > 4 or candidate in _short_names()):
            return actor
    if "." in text and " " not in text and len(text) <= 100:
        from counterpoint.annotate.actors import outlet_for_domain

        host = text.lower()
        if "://" in host:
            host = urlsplit(host).hostname or ""
        host = host.split("/", 1)[0]
        if host:
            return outlet_for_domain(host[4:] if host.startswith("www.") else host)
    return None


@lru_cache(maxsize=1)
def _short_names() -> frozenset[str]:
    """The outlets' names of four characters or fewer, as written (``AP``, ``RT``, ``dpa``)."""
    from counterpoint.annotate.actors import ActorRegistry

    short: set[str] = set()
    for actor in ActorRegistry.load():
        if actor.sector == "MEDIA" and actor.origin != "phoenix":
            short.update(n for n in (actor.name, *(a.text for a in actor.aliases)) if len(n) <= 4)
    return frozenset(short)


def canonical_source(source: str) -> str:
    """``source`` under its outlet's registry name when it names a registry outlet (by name,
    alias or host), else ``source`` unchanged."""
    outlet = outlet_named(source)
    return outlet.name if outlet is not None else source


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
