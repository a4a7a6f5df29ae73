"""Source/target span tagger: a linear-chain CRF (python-crfsuite) over BIO tags.

Tags: ``B-S``/``I-S`` source, ``B-T``/``I-T`` target, ``B-R``/``I-R`` relation, ``O``
(the tag set of cameo-sentences ``train-roles.txt``). Features per token: the word,
its lower case, prefix and suffixes, shape, spaCy POS/tag/dependency/entity type,
the dependency arc that ties it to its clause's verb (``nsubj``, ``dobj``,
``pobj:on``…) and whether that verb is the root, its side of the root, whether it is
a verb of the dictionary lexicon, and the same for neighbours within two tokens.

The model file is crfsuite's own format (``roles.crfsuite``), not a pickle. spaCy
(``en_core_web_sm``) parses the given tokens as they are, so offsets never move.
"""

from __future__ import annotations

import re
import tempfile
import threading
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar

from counterpoint.extract.typing.dictionary import verb_lexicon

MODEL_FILE = "roles.crfsuite"
TAGS = ("O", "B-S", "I-S", "B-T", "I-T", "B-R", "I-R")
#: Training parameters (L-BFGS, elastic net), fixed for reproducibility.
CRF_PARAMS: dict[str, Any] = {"c1": 0.05, "c2": 0.05, "max_iterations": 150,
                              "feature.possible_transitions": True}
_VERBS = frozenset(verb_lexicon())
_VERBAL = frozenset({"VERB", "AUX"})


def _shape(word: str) -> str:
    s = re.sub(r"[A-Z]", "X", word)
    s = re.sub(r"[a-z]", "x", s)
    s = re.sub(r"[0-9]", "d", s)
    return re.sub(r"(.)\1{2,}", r"\1\1", s)


def _clause_arc(tok: Any) -> tuple[str, str]:
    """(arc, verb kind): the dependency under which ``tok``'s phrase hangs from its clause's verb."""
    t = tok
    arc = "self" if tok.pos_ in _VERBAL else "none"
    prep = ""
    for _ in range(12):
        head = t.head
        if head is t:
            break
        if t.dep_ == "pobj" and head.dep_ in ("prep", "agent"):
            prep = head.lower_
        if head.pos_ in _VERBAL:
            arc = t.dep_ + (f":{prep}" if t.dep_ in ("prep", "agent") and prep else "")
            kind = "root" if head.dep_ == "ROOT" else head.dep_
            return arc, kind
        t = head
    return arc, "none"


def token_features(doc: Any) -> list[list[str]]:
    """crfsuite feature lists, one per token of a parsed spaCy ``doc``."""
    root = next((t.i for t in doc if t.dep_ == "ROOT"), 0)
    base: list[list[str]] = []
    arcs: list[str] = []
    for tok in doc:
        w = tok.text
        lower = w.lower()
        arc, kind = _clause_arc(tok)
        arcs.append(arc)
        base.append([
            f"w={lower}", f"suf3={lower[-3:]}", f"suf2={lower[-2:]}", f"pre3={lower[:3]}", f"shape={_shape(w)}",
            f"title={w.istitle()}", f"upper={w.isupper()}", f"digit={w.isdigit()}", f"pos={tok.pos_}",
            f"tag={tok.tag_}", f"dep={tok.dep_}", f"hpos={tok.head.pos_}", f"ent={tok.ent_type_ or '-'}",
            f"arc={arc}", f"arcverb={kind}", f"arc+side={arc}|{'L' if tok.i < root else 'R' if tok.i > root else '0'}",
            f"lexverb={tok.lemma_.lower() in _VERBS and tok.pos_ in _VERBAL}",
        ])
    out: list[list[str]] = []
    n = len(base)
    for i, tok in enumerate(doc):
        feats = ["bias", *base[i]]
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < n:
                nb = doc[j]
                feats += [f"{off}:w={nb.lower_}", f"{off}:pos={nb.pos_}", f"{off}:dep={nb.dep_}",
                          f"{off}:ent={nb.ent_type_ or '-'}"]
            else:
                feats.append(f"{off}:pad")
        if i > 0:
            feats.append(f"bi={doc[i - 1].lower_}|{tok.lower_}")
            feats.append(f"arcs={arcs[i - 1]}|{arcs[i]}")
        out.append(feats)
    return out


def _parse(nlp: Any, tokens: Sequence[str]) -> Any:
    from spacy.tokens import Doc

    return nlp(Doc(nlp.vocab, words=[t if t else "_" for t in tokens]))


def _default_nlp() -> Any:
    from counterpoint.annotate.nlp import bare_nlp

    return bare_nlp()


def model_path() -> Path:
    """Where the packaged CRF model is (inside ``counterpoint/data/models/events``)."""
    return Path(str(resources.files("counterpoint") / "data" / "models" / "events" / MODEL_FILE))


class RoleTagger:
    """Tags tokens with source/target/relation BIO tags. ``load()`` gives one per process."""

    _instance: ClassVar[RoleTagger | None] = None
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, path: Path, nlp: Any | None = None) -> None:
        import pycrfsuite

        if not Path(path).is_file():
            raise FileNotFoundError(f"role tagger model not found: {path} (run `counterpoint train events`)")
        self.path = Path(path)
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))
        self._nlp = nlp
        self._tag_lock = threading.Lock()

    @classmethod
    def load(cls, path: Path | None = None) -> RoleTagger:
        """The packaged tagger (cached), or the one at ``path`` (not cached)."""
        if path is not None:
            return cls(path)
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls(model_path())
            return cls._instance

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            self._nlp = _default_nlp()
        return self._nlp

    def tag(self, tokens: Sequence[str], *, doc: Any | None = None) -> list[str]:
        """One BIO tag per token; ``doc`` may be a spaCy parse of exactly these tokens."""
        if not tokens:
            return []
        if doc is None:
            doc = _parse(self.nlp, tokens)
        if len(doc) != len(tokens):
            raise ValueError("doc and tokens differ in length")
        with self._tag_lock:
            tags = list(self._tagger.tag(token_features(doc)))
        return repair_bio(tags)

    def tag_doc(self, doc: Any) -> list[str]:
        """Tags for a parsed spaCy doc (one sentence)."""
        return self.tag([t.text for t in doc], doc=doc)


def repair_bio(tags: Sequence[str]) -> list[str]:
    """Make a tag sequence valid BIO: an ``I-X`` not after ``B-X``/``I-X`` becomes ``B-X``."""
    out: list[str] = []
    prev = "O"
    for tag in tags:
        if tag.startswith("I-") and prev[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        out.append(tag)
        prev = tag
    return out


def bio_spans(tags: Sequence[str], role: str) -> list[tuple[int, int]]:
    """Token spans ``(start, end)`` tagged ``role`` (``S``, ``T`` or ``R``)."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for i, tag in enumerate([*tags, "O"]):
        inside = tag == f"I-{role}" and start is not None
        if start is not None and not inside:
            spans.append((start, i))
            start = None
        if tag == f"B-{role}" or (tag == f"I-{role}" and start is None):
            start = i
    return spans


def train_roles(sentences: Sequence[tuple[Sequence[str], Sequence[str]]], out_path: Path, *,
                nlp: Any | None = None, docs: Sequence[Any] | None = None) -> Path:
    """Train the CRF on (tokens, tags) pairs and write it to ``out_path``. Deterministic."""
    import pycrfsuite

    nlp = nlp or _default_nlp()
    trainer = pycrfsuite.Trainer(verbose=False)
    for k, (tokens, tags) in enumerate(sentences):
        if len(tokens) != len(tags):
            raise ValueError(f"sentence {k}: {len(tokens)} tokens but {len(tags)} tags")
        doc = docs[k] if docs is not None else _parse(nlp, tokens)
        trainer.append(token_features(doc), list(tags))
    trainer.set_params(CRF_PARAMS)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    # crfsuite writes in place; write to a temporary name first so a failed run leaves no half file
    with tempfile.TemporaryDirectory(dir=out_path.parent) as tmp:
        tmp_path = Path(tmp) / out_path.name
        trainer.train(str(tmp_path))
        tmp_path.replace(out_path)
    return out_path


def parse_tokens(tokens: Sequence[str], nlp: Any | None = None) -> Any:
    """A spaCy parse of exactly ``tokens`` (for callers that tag and code the same sentence)."""
    return _parse(nlp or _default_nlp(), tokens)
