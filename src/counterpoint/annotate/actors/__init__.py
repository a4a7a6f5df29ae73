"""Actors: the registry of who can be named and the linker from names in text to actors.

``ActorRegistry.load()`` gives the packaged registry (Phoenix dictionaries + curated
entries) extended with user files; ``registry.patterns()`` feeds spaCy's entity ruler;
``link_mentions`` turns one field of an item (a spaCy ``Doc``) into ``Mention`` records.
"""

from counterpoint.annotate.actors.linker import LinkContext, link_mentions
from counterpoint.annotate.actors.registry import ActorRegistry, Trigger, outlet_for_domain

__all__ = ["ActorRegistry", "LinkContext", "Trigger", "link_mentions", "outlet_for_domain"]
