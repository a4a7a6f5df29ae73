"""Parsed texts for extraction: reuse the annotate stage's parse, else parse again.

Extraction reads the same spaCy parse as the annotate stage (same model, same
chunks, so the same sentences). ``DocKeeper`` wraps the annotate stage's
pipeline: every doc it yields is kept as a compact token array (about 56 bytes a
token, up to ``max_tokens``), and ``extract_pending`` takes the docs back
instead of parsing the texts a second time. Without a keeper, or for texts it
no longer holds, the texts are parsed again without the entity recogniser
(extraction reads the stored mentions, not spaCy's entities).

A headline in Title Case ("Kim Jong Un Guides Training Of Paratroopers") is
parsed by the small model as one long name; it is parsed again with its
ordinary words in lower case (names found by the annotate stage, acronyms and
the first word kept), which keeps every character offset.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from counterpoint.model import Mention

_ATTR_NAMES = ("ORTH", "SPACY", "LEMMA", "POS", "TAG", "DEP", "HEAD")
#: Pipeline components extraction does not need when it parses again.
_UNNEEDED = ("ner", "entity_ruler", "entity_ruler_exact")


def _attrs() -> list[Any]:
    from spacy import attrs

    return [getattr(attrs, name) for name in _ATTR_NAMES]


class DocKeeper:
    """A spaCy pipeline wrapper that keeps what it parses for a later stage.

    Use it in place of the pipeline (``annotator.nlp = DocKeeper(annotator.nlp)``),
    then pass it to ``extract_pending(..., nlp=keeper)``. Everything but ``pipe``
    and calling is forwarded to the wrapped pipeline.
    """

    def __init__(self, nlp: Any, *, max_tokens: int = 4_000_000) -> None:
        self.nlp = nlp
        self.max_tokens = max_tokens
        self._kept: OrderedDict[str, tuple[Any, int]] = OrderedDict()
        self._tokens = 0
        self.hits = 0
        self.misses = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.nlp, name)

    def __call__(self, text: str, **kwargs: Any) -> Any:
        doc = self.nlp(text, **kwargs)
        self.keep(doc)
        return doc

    def pipe(self, texts: Iterable[Any], *args: Any, as_tuples: bool = False, **kwargs: Any) -> Iterator[Any]:
        for out in self.nlp.pipe(texts, *args, as_tuples=as_tuples, **kwargs):
            yield out
            self.keep(out[0] if as_tuples else out)  # after the consumer is done with it

    def keep(self, doc: Any) -> None:
        if not doc.has_annotation("DEP") or len(doc) == 0:
            return
        text = doc.text
        if text in self._kept:  # the same text twice (a copied article): kept once, taken twice
            arr, count = self._kept[text]
            self._kept[text] = (arr, count + 1)
            return
        arr = doc.to_array(_attrs())
        self._kept[text] = (arr, 1)
        self._tokens += len(arr)
        while self._tokens > self.max_tokens and self._kept:
            _, (old, _count) = self._kept.popitem(last=False)
            self._tokens -= len(old)

    def take(self, text: str) -> Any | None:
        """The kept doc of ``text`` rebuilt (and forgotten), or ``None``."""
        entry = self._kept.get(text)
        if entry is None:
            self.misses += 1
            return None
        arr, count = entry
        if count > 1:
            self._kept[text] = (arr, count - 1)
        else:
            del self._kept[text]
            self._tokens -= len(arr)
        self.hits += 1
        from spacy.tokens import Doc

        strings = self.nlp.vocab.strings
        words = [strings[int(o)] for o in arr[:, 0]]
        spaces = [bool(s) for s in arr[:, 1]]
        doc = Doc(self.nlp.vocab, words=words, spaces=spaces)
        doc.from_array(_attrs()[2:], arr[:, 2:])
        return doc


def base_pipeline(nlp: Any) -> Any:
    return nlp.nlp if isinstance(nlp, DocKeeper) else nlp


def parse(nlp: Any, texts: Sequence[str], *, batch_size: int = 64) -> list[Any]:
    """Docs for ``texts``: kept ones from a ``DocKeeper``, the rest parsed without NER."""
    docs: list[Any | None] = [None] * len(texts)
    if isinstance(nlp, DocKeeper):
        for i, text in enumerate(texts):
            docs[i] = nlp.take(text)
    base = base_pipeline(nlp)
    todo = [i for i, d in enumerate(docs) if d is None]
    if todo:
        disable = [name for name in base.pipe_names if name in _UNNEEDED]
        for i, doc in zip(todo, base.pipe([texts[i] for i in todo], batch_size=batch_size, disable=disable),
                          strict=True):
            docs[i] = doc
    return [d for d in docs if d is not None]


_WORD = re.compile(r"[^\W\d_][^\W_]*(?:['’][^\W\d_]+)?")
_SMALL = frozenset({"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on", "or", "the",
                    "to", "with", "over", "after", "before", "amid", "against", "vs"})


def title_case(text: str) -> bool:
    """Most words capitalised, beyond the names a normal headline would capitalise."""
    words = [w for w in _WORD.findall(text) if w.lower() not in _SMALL]
    if len(words) < 4:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    lower = sum(1 for w in words if w[0].islower())
    return caps >= 0.75 * len(words) and lower <= 1


def lowered_headline(text: str, mentions: Sequence[Mention]) -> str | None:
    """``text`` with the capitals of its ordinary words lowered (same length), or ``None`` when not Title Case."""
    if not title_case(text):
        return None
    keep = [(m.start, m.end) for m in mentions if m.field == "headline" and (m.actor_id or m.place is not None)]
    chars = list(text)
    first = True
    for match in _WORD.finditer(text):
        s = match.start()
        word = match.group()
        if first and s < 3:
            first = False
            continue
        first = False
        if any(a <= s < b for a, b in keep) or sum(1 for c in word if c.isupper()) > 1 or len(word) == 1:
            continue
        low = word[0].lower()
        if len(low) == 1:
            chars[s] = low
    return "".join(chars)
