"""Places: a gazetteer over GeoNames data and a region table, and a resolver of toponyms.

``find_places`` turns the place entities of a spaCy ``Doc`` into place
mentions; ``resolve`` resolves one name against a ``PlaceContext`` carried
across a document; ``patterns`` feeds spaCy's entity ruler with region and
theatre names the small English model misses.

``resolve`` itself lives in :mod:`counterpoint.annotate.places.resolve` (it is
not re-exported here, so that the name keeps meaning the module).
"""

from counterpoint.annotate.places.gazetteer import Entry, Gazetteer, get_gazetteer, normalise
from counterpoint.annotate.places.resolve import PlaceContext, find_places, patterns, resolve_all

__all__ = [
    "Entry",
    "Gazetteer",
    "PlaceContext",
    "find_places",
    "get_gazetteer",
    "normalise",
    "patterns",
    "resolve_all",
]
