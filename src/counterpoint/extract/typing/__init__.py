"""Event typing: a learned sentence classifier, a source/target span tagger and a dictionary coder.

* ``EventTyper.load().predict(texts)`` -> ``TypeScores`` (five coarse classes, 16 PLOVER types);
* ``RoleTagger.load().tag(tokens)`` -> BIO tags (S source, T target, R relation);
* ``DictionaryCoder.load().code(text)`` -> ``CodedEvent`` list (PETRARCH-style verb patterns);
  ``verb_lexicon()`` exports its verbs (lemma -> (type, mode)).

Models live in ``counterpoint/data/models/events`` (see its ``MODEL_CARD.md``);
``train.train_events`` rebuilds them from the shared data.
"""

from counterpoint.extract.typing.classifier import EventTyper, TypeScores
from counterpoint.extract.typing.dictionary import (
    CodedEvent,
    DictionaryCoder,
    Phrase,
    noun_lexicon,
    phrase_lexicon,
    verb_lexicon,
)
from counterpoint.extract.typing.labels import QUADS, TYPE_QUAD
from counterpoint.extract.typing.roles import RoleTagger, bio_spans

__all__ = [
    "QUADS", "TYPE_QUAD", "CodedEvent", "DictionaryCoder", "EventTyper", "Phrase", "RoleTagger", "TypeScores",
    "bio_spans", "noun_lexicon", "phrase_lexicon", "verb_lexicon",
]
