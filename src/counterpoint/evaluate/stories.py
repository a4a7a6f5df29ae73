"""Story clustering measured on ECB+: do items of one event end up in one story?

ECB+ (Cybulska and Vossen, LREC 2014) has 43 topics of news texts; each topic
has two halves that report two *different* events of the same kind (the
``ecb`` files and the ``ecbplus`` files: two rehab stays, two earthquakes, two
pirate attacks). Each topic's documents are clustered on their own (a fresh
``StoryIndex`` per topic, the same parameters for all) and scored against the
two halves:

* **B-cubed** (Bagga and Baldwin, 1998): per document, the share of its
  predicted story that is in its gold story (precision) and the share of its
  gold story that is in its predicted story (recall);
* **pairwise**: precision and recall of the document pairs put in one story.

Both are micro-averaged over every document (pair) of every topic, and also
averaged per topic (macro), beside two baselines: one story per topic and one
story per document.

The clusterer measured is the product's: each document is written out as a
text file and run through ``counterpoint.pipeline.analyze`` (annotate, extract,
framing, link: mentions, dates, events, item vectors) into a SQLite store, the
bundles are read back from it, and ``features_of`` and ``StoryIndex`` decide.
ECB+ documents have no publication date; their text is rebuilt from the
tokens (see ``load_ecbplus``). The analysed store is cached (keyed by the
texts and the stage versions), so a second run takes seconds.

Each topic's index first *observes* the other topics' documents (their word
and key counts, no story and no label), as an index in use has seen the rest
of its corpus: a fresh index knows no word frequencies, and its first
decisions weigh common words as rare ones. The scores of indexes that start
empty are reported too, and so are the scores over several document orders
(single-pass clustering depends on the order).

There is no test split here: these are the ECB+ *training* topics, and the
default parameters were tuned on them. ``tune_check`` shows how much that
flatters them: it tunes on the odd topics and scores the even ones, and the
other way round.
"""

from __future__ import annotations

import contextlib
import hashlib
import random
import re
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import product
from pathlib import Path
from typing import Any

from counterpoint.config import Settings
from counterpoint.config import cache_dir as default_cache_dir
from counterpoint.link.bundle import ItemBundle
from counterpoint.link.stories import DEFAULT_PARAMS, StoryFeatures, StoryIndex, StoryParams, features_of

_FILE = re.compile(r"^(\d+)_(\d+)(ecbplus|ecb)\.xml$")
_URL_START = re.compile(r"^(?:https?|www)\b", re.IGNORECASE)

# --- the corpus ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EcbDoc:
    """One ECB+ document: its topic, its half (``ecb`` or ``ecbplus``: the gold story) and its text."""

    topic: int
    subtopic: str
    doc_id: str
    text: str

    @property
    def gold(self) -> str:
        """The gold story label: topic and half."""
        return f"{self.topic}:{self.subtopic}"


_NO_SPACE_BEFORE = re.compile(r" (?=[.,;:!?%)\]}]|'s\b|'S\b|n't\b|'re\b|'ve\b|'ll\b|'d\b|'m\b)")
_NO_SPACE_AFTER = re.compile(r"(?<=[(\[{$]) ")
_INITIALS = re.compile(r"\b([A-Z]) \. (?=[A-Z]\b)")
_LAST_INITIAL = re.compile(r"\b([A-Z]) \.(?= |$)")
_CLOCK = re.compile(r"(?<=\d) ?: ?(?=\d)")
_QUOTED = re.compile(r'" ([^"]*?) "')


def detokenise(tokens: Sequence[str]) -> str:
    """Tokens joined into text, without the spaces tokenising put before punctuation, inside
    brackets and quotes, and between the letters of initials (``U . S .`` → ``U.S.``)."""
    text = " ".join(t for t in tokens if t)
    text = text.replace("``", '"').replace("''", '"')
    text = _INITIALS.sub(r"\1.", text)
    text = _LAST_INITIAL.sub(r"\1.", text)
    text = _CLOCK.sub(":", text)
    text = _NO_SPACE_BEFORE.sub("", text)
    text = _NO_SPACE_AFTER.sub("", text)
    return _QUOTED.sub(r'"\1"', text)


def _sentences(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    sentences: dict[int, list[str]] = {}
    for token in root.iter("token"):
        sentences.setdefault(int(token.get("sentence", "0")), []).append(token.text or "")
    return [detokenise(words) for _, words in sorted(sentences.items())]


def load_ecbplus(path: Path) -> list[EcbDoc]:
    """Every ECB+ document under ``path`` (the folder holding ``ECB+/<topic>/``, or ``ECB+`` itself).

    The text is rebuilt from the tokens, one sentence per paragraph (the corpus
    keeps sentences, not paragraphs; a title or a dateline is a sentence of its
    own, so the segmenter can read them as such). The link the ``ecbplus``
    files carry as sentence zero (where the text was found) is left out: it is
    not part of the text. Documents come sorted by topic, then file name.
    """
    path = Path(path)
    root = path / "ECB+" if (path / "ECB+").is_dir() else path
    docs: list[EcbDoc] = []
    for file in sorted(root.glob("*/*.xml")):
        match = _FILE.match(file.name)
        if match is None:
            continue
        sentences = [s for s in _sentences(file) if s.strip()]
        if sentences and _URL_START.match(sentences[0]):
            sentences = sentences[1:]
        if not sentences:
            continue
        text = "\n\n".join(sentences) + "\n"
        docs.append(EcbDoc(int(match.group(1)), match.group(3), file.stem, text))
    docs.sort(key=lambda d: (d.topic, d.doc_id))
    return docs


# --- scores ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and their harmonic mean."""

    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


def _clusters(labels: Mapping[str, str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for item, label in labels.items():
        out[label].add(item)
    return out


def bcubed(pred: Mapping[str, str], gold: Mapping[str, str]) -> PRF:
    """B-cubed precision and recall of ``pred`` (item -> cluster) against ``gold`` (item -> class),
    averaged over the items of ``gold`` (an item missing from ``pred`` is a cluster of its own)."""
    items = list(gold)
    if not items:
        return PRF(0.0, 0.0)
    pred_full = {i: pred.get(i, f"\x00{i}") for i in items}
    by_pred, by_gold = _clusters(pred_full), _clusters(gold)
    p_sum = r_sum = 0.0
    for i in items:
        mine, truth = by_pred[pred_full[i]], by_gold[gold[i]]
        shared = len(mine & truth)
        p_sum += shared / len(mine)
        r_sum += shared / len(truth)
    return PRF(p_sum / len(items), r_sum / len(items))


def pair_counts(pred: Mapping[str, str], gold: Mapping[str, str]) -> tuple[int, int, int]:
    """Pairs in one predicted cluster, pairs in one gold class, and pairs in both."""
    items = list(gold)
    pred_full = {i: pred.get(i, f"\x00{i}") for i in items}

    def pairs(groups: Iterable[set[str]]) -> int:
        return sum(len(g) * (len(g) - 1) // 2 for g in groups)

    both: dict[tuple[str, str], int] = defaultdict(int)
    for i in items:
        both[(pred_full[i], gold[i])] += 1
    return (pairs(_clusters(pred_full).values()), pairs(_clusters(gold).values()),
            sum(n * (n - 1) // 2 for n in both.values()))


def pairwise(pred: Mapping[str, str], gold: Mapping[str, str]) -> PRF:
    """Pairwise precision and recall: of the item pairs ``pred`` puts together, the share ``gold``
    puts together, and the other way round (1.0 when there is no pair to get wrong)."""
    n_pred, n_gold, n_both = pair_counts(pred, gold)
    return PRF(n_both / n_pred if n_pred else 1.0, n_both / n_gold if n_gold else 1.0)


# --- the run ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Scores:
    """B-cubed and pairwise scores, micro (over all documents / pairs) and macro (mean over topics)."""

    bcubed: PRF
    pairwise: PRF
    bcubed_macro: PRF
    pairwise_macro: PRF

    def to_dict(self) -> dict[str, Any]:
        return {"bcubed": self.bcubed.to_dict(), "pairwise": self.pairwise.to_dict(),
                "bcubed_macro": self.bcubed_macro.to_dict(), "pairwise_macro": self.pairwise_macro.to_dict()}


def score_topics(pred: Mapping[str, str], gold: Mapping[str, str], topic_of: Mapping[str, int]) -> Scores:
    """Micro and macro scores; cluster labels must not be shared across topics."""
    topics: dict[int, list[str]] = defaultdict(list)
    for item in gold:
        topics[topic_of[item]].append(item)
    per_b, per_p = [], []
    for items in topics.values():
        g = {i: gold[i] for i in items}
        per_b.append(bcubed(pred, g))
        per_p.append(pairwise(pred, g))

    def mean(values: Sequence[PRF]) -> PRF:
        n = max(1, len(values))
        return PRF(sum(v.precision for v in values) / n, sum(v.recall for v in values) / n)

    return Scores(bcubed(pred, gold), pairwise(pred, gold), mean(per_b), mean(per_p))


#: Shuffles of each topic's documents the clustering runs under (the first is the one reported in full).
ORDERS = 5
#: The grid the held-out check searches (the other parameters keep their defaults).
GRID: dict[str, tuple[Any, ...]] = {
    "threshold": tuple(round(0.15 + 0.025 * k, 3) for k in range(11)),
    "text_weight": (0.1, 0.2, 0.3),
}


@dataclass(slots=True)
class StoriesReport:
    """What ``eval stories`` prints; ``to_dict`` is its JSON."""

    documents: int = 0
    topics: int = 0
    items: int = 0
    split_documents: int = 0
    missing_documents: int = 0
    with_vectors: int = 0
    params: dict[str, Any] = field(default_factory=dict)
    scores: Scores | None = None
    stories: int = 0
    orders: tuple[float, ...] = ()
    without_vectors: Scores | None = None
    cold_start: Scores | None = None
    one_per_topic: Scores | None = None
    singletons: Scores | None = None
    held_out: dict[str, Any] = field(default_factory=dict)
    store: str = ""
    cached: bool = False
    analyse_seconds: float = 0.0
    cluster_seconds: float = 0.0
    seconds: float = 0.0
    skipped: str | None = None

    def to_dict(self) -> dict[str, Any]:
        if self.skipped:
            return {"skipped": self.skipped}

        def sc(s: Scores | None) -> dict[str, Any] | None:
            return s.to_dict() if s else None

        return {
            "documents": self.documents, "topics": self.topics, "items": self.items,
            "split_documents": self.split_documents, "missing_documents": self.missing_documents,
            "with_vectors": self.with_vectors, "params": self.params, "scores": sc(self.scores),
            "stories": self.stories, "bcubed_f1_per_order": [round(f, 4) for f in self.orders],
            "without_vectors": sc(self.without_vectors), "cold_start": sc(self.cold_start),
            "one_per_topic": sc(self.one_per_topic), "singletons": sc(self.singletons),
            "held_out": self.held_out, "store": self.store, "cached": self.cached,
            "analyse_seconds": round(self.analyse_seconds, 1), "cluster_seconds": round(self.cluster_seconds, 2),
            "seconds": round(self.seconds, 1),
        }


def _stage_versions() -> str:
    from counterpoint import __version__
    from counterpoint.annotate.stage import ANNOTATOR
    from counterpoint.extract.extractor import EXTRACTOR
    from counterpoint.framing.stage import FRAMER

    parts = [__version__, ANNOTATOR, EXTRACTOR, FRAMER]
    try:
        from counterpoint.link.stage import LINKER, VECTOR_MODEL

        parts += [LINKER, VECTOR_MODEL]
    except ImportError:  # the link stage is not there: no vectors
        parts.append("no-link-stage")
    return "|".join(parts)


#: Subpackages that ``analyze`` never imports (the commands, the evaluations, the web UI and the
#: report read the store): a change there does not make the analysed stores stale.
_NOT_ANALYSIS = frozenset({"cli", "evaluate", "report", "web"})


def _package_hash() -> str:
    """A hash of every file of the installed package (code, packaged data and models) but those of
    ``_NOT_ANALYSIS``: a change anywhere in what analyses makes a new key, where the stage versions
    change only when bumped by hand."""
    import counterpoint

    h = hashlib.sha256()
    root = Path(counterpoint.__file__).parent
    for file in sorted(root.rglob("*")):
        parts = file.relative_to(root).parts
        if file.is_file() and "__pycache__" not in parts and parts[0] not in _NOT_ANALYSIS:
            h.update(file.relative_to(root).as_posix().encode() + b"\x00" + file.read_bytes() + b"\x01")
    return h.hexdigest()


def analysed_files(files: Mapping[str, bytes], settings: Settings, *, name: str, cache_dir: Path | None = None,
                   whole_package: bool = False, log: Callable[[str], None] | None = None) -> tuple[Path, bool]:
    """The SQLite store with ``files`` (file name -> bytes, written unchanged into one temporary
    folder) run through ``counterpoint.pipeline.analyze``, as ``counterpoint analyze`` runs it:
    from the cache folder, or made now.

    Returns its path (``<name>-<key>.sqlite`` in ``cache_dir``) and whether it came from the
    cache. The key hashes the stage versions, the settings that change what is stored and the
    files; with ``whole_package`` also every file of the package, so that any change to the code
    (reading, segmenting, linking) analyses again. Inputs get no source and no date from outside.
    """
    from counterpoint.pipeline import analyze
    from counterpoint.store.sqlite import SQLiteStore

    say = log or (lambda _: None)
    settings = replace(settings, progress=False, source=None)
    h = hashlib.sha256(_stage_versions().encode())
    for key in ("spacy_model", "event_classifier", "registry_files", "analysed_languages"):
        h.update(repr(getattr(settings, key)).encode())
    if whole_package:
        h.update(_package_hash().encode())
    for file_name, data in files.items():
        h.update(file_name.encode() + b"\x00" + data + b"\x01")
    folder = cache_dir or default_cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}-{h.hexdigest()[:16]}.sqlite"
    if path.is_file():
        return path, True
    partial = path.with_name(path.stem + ".partial.sqlite")
    for suffix in ("", "-wal", "-shm"):  # what a killed run left
        Path(str(partial) + suffix).unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"{name}-") as tmp:
        for file_name, data in files.items():
            (Path(tmp) / file_name).write_bytes(data)
        say(f"analysing {len(files)} documents into {partial} (once; later runs read the cache)")
        store = SQLiteStore.open(partial, batch_size=settings.batch_size)
        try:
            summary = analyze([tmp], settings, store)
        finally:
            store.close()
    say(f"analysed: {summary.items} items; stages {summary.stages}")
    for suffix in ("-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    partial.replace(path)
    _prune_stores(folder, name)
    return path, False


#: Analysed stores kept per name in the cache folder (each version of the files or code makes one).
KEEP_STORES = 5


def _prune_stores(folder: Path, name: str, keep: int = KEEP_STORES) -> None:
    """Remove all but the ``keep`` newest finished stores called ``<name>-<key>.sqlite``."""
    try:
        found = [p for p in folder.glob(f"{name}-*.sqlite") if not p.name.endswith(".partial.sqlite")]
        found.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:  # another run removed one meanwhile: prune next time
        return
    for old in found[keep:]:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(str(old) + suffix).unlink()


def analysed_store(docs: Sequence[EcbDoc], settings: Settings, *, cache_dir: Path | None = None,
                   log: Callable[[str], None] | None = None) -> tuple[Path, bool]:
    """The SQLite store with ``docs`` run through ``analyze`` (:func:`analysed_files`): from the
    cache, or made now. Each document is a text file named after it (``<doc_id>.txt``)."""
    files = {f"{d.doc_id}.txt": d.text.encode("utf-8") for d in docs}
    return analysed_files(files, settings, name="ecbplus", cache_dir=cache_dir, log=log)


def _load_bundles(path: Path) -> tuple[list[ItemBundle], dict[str, str]]:
    """Every item's bundle and the document (file stem) of each item."""
    from counterpoint.store.sqlite import SQLiteStore

    store = SQLiteStore.open_read_only(path)
    try:
        doc_of = {s.item.id: Path(s.locator).stem for s in store.iter_items()}
        bundles = list(store.load_bundles(list(doc_of)))
    finally:
        store.close()
    return bundles, doc_of


@dataclass(frozen=True, slots=True)
class _Topic:
    topic: int
    features: tuple[StoryFeatures, ...]  # one per document, in document order


def backgrounds(topics: Sequence[_Topic], *, vectors: bool = True) -> dict[int, StoryIndex]:
    """Per topic, an empty index that has observed (``StoryIndex.observe``) the other topics' documents."""
    out: dict[int, StoryIndex] = {}
    for t in topics:
        index = StoryIndex()
        index.observe(f if vectors else replace(f, vector=None)
                      for other in topics if other.topic != t.topic for f in other.features)
        out[t.topic] = index
    return out


def cluster_topics(topics: Sequence[_Topic], params: StoryParams, *, seed: int = 0, vectors: bool = True,
                   background: Mapping[int, StoryIndex] | None = None) -> dict[str, str]:
    """Document -> story (topic-prefixed): each topic in a fresh index (forked from its
    ``background`` when given), its documents in a shuffled order (``seed``)."""
    out: dict[str, str] = {}
    for t in topics:
        order = list(t.features)
        random.Random(f"{seed}:{t.topic}").shuffle(order)
        if not vectors:
            order = [replace(f, vector=None) for f in order]
        index = background[t.topic].fork(params) if background else StoryIndex(params)
        for item_id, story_id in index.add(order):
            out[item_id] = f"{t.topic}:{story_id}"
    return out


def tune(topics: Sequence[_Topic], gold: Mapping[str, str], background: Mapping[int, StoryIndex], *,
         base: StoryParams = DEFAULT_PARAMS) -> StoryParams:
    """The parameters of ``GRID`` with the best micro B-cubed F1 on ``topics``, averaged over three orders."""
    keys = list(GRID)
    g = {f.item_id: gold[f.item_id] for t in topics for f in t.features}
    best, best_f1 = base, -1.0
    for values in product(*(GRID[k] for k in keys)):
        params = replace(base, **dict(zip(keys, values, strict=True)))
        f1 = sum(bcubed(cluster_topics(topics, params, seed=s, background=background), g).f1 for s in range(3)) / 3
        if f1 > best_f1 + 1e-9:
            best, best_f1 = params, f1
    return best


def evaluate_stories(data_dir: Path, settings: Settings, *, params: StoryParams | None = None,
                     cache_dir: Path | None = None, tune_check: bool = False,
                     log: Callable[[str], None] | None = None) -> StoriesReport:
    """Cluster each ECB+ topic with the product's clusterer and score it against its two halves.

    ``data_dir`` holds ``ECB+/<topic>/*.xml`` (or is that ``ECB+`` folder); when it is
    missing the report only says why it was skipped. ``params`` replace the default
    decision parameters; ``cache_dir`` is where the analysed store is kept
    (``~/.cache/counterpoint``, or ``$XDG_CACHE_HOME/counterpoint``); ``tune_check``
    adds the held-out check (a minute or two). ``log`` receives progress lines.

    Each topic's index first observes the other topics' documents (word and key
    counts only: no story, no label), as an index in use has seen the rest of its
    corpus; the report also gives the scores of indexes that start empty.
    """
    started = time.perf_counter()
    say = log or (lambda _: None)
    data_dir = Path(data_dir)
    report = StoriesReport()
    if not data_dir.is_dir():
        report.skipped = f"data folder {data_dir} not found"
        return report
    docs = load_ecbplus(data_dir)
    if not docs:
        report.skipped = f"no ECB+ files (<topic>/<topic>_<n>ecb.xml) under {data_dir}"
        return report
    params = params or DEFAULT_PARAMS
    report.params = params.to_dict()
    report.documents = len(docs)
    report.topics = len({d.topic for d in docs})

    path, report.cached = analysed_store(docs, settings, cache_dir=cache_dir, log=log)
    report.store = str(path)
    report.analyse_seconds = time.perf_counter() - started
    bundles, doc_of = _load_bundles(path)
    report.items = len(bundles)
    by_doc: dict[str, list[ItemBundle]] = defaultdict(list)
    for b in bundles:
        by_doc[doc_of[b.id]].append(b)
    report.split_documents = sum(1 for v in by_doc.values() if len(v) > 1)
    gold: dict[str, str] = {}
    topic_of: dict[str, int] = {}
    per_topic: dict[int, list[StoryFeatures]] = defaultdict(list)
    for d in docs:
        items = by_doc.get(d.doc_id)
        if not items:
            report.missing_documents += 1
            continue
        # a document the segmenter cut into several items is represented by its longest
        chosen = max(items, key=lambda b: (len(b.body), -b.item.position))
        f = replace(features_of(chosen), item_id=d.doc_id)
        report.with_vectors += f.vector is not None
        gold[d.doc_id] = d.gold
        topic_of[d.doc_id] = d.topic
        per_topic[d.topic].append(f)
    topics = [_Topic(t, tuple(fs)) for t, fs in sorted(per_topic.items())]

    say(f"clustering {len(gold)} documents in {len(topics)} topics")
    clustering = time.perf_counter()
    background = backgrounds(topics)
    pred = cluster_topics(topics, params, background=background)
    report.cluster_seconds = time.perf_counter() - clustering
    report.scores = score_topics(pred, gold, topic_of)
    report.stories = len(set(pred.values()))
    report.orders = tuple(bcubed(cluster_topics(topics, params, seed=s, background=background), gold).f1
                          for s in range(ORDERS))
    if report.with_vectors:
        plain = backgrounds(topics, vectors=False)
        report.without_vectors = score_topics(cluster_topics(topics, params, vectors=False, background=plain), gold,
                                              topic_of)
    report.cold_start = score_topics(cluster_topics(topics, params), gold, topic_of)
    report.one_per_topic = score_topics({i: str(topic_of[i]) for i in gold}, gold, topic_of)
    report.singletons = score_topics({i: i for i in gold}, gold, topic_of)
    if tune_check:
        say("held-out check: tuning on the odd topics, then on the even ones")
        report.held_out = _held_out(topics, gold, topic_of, background, params)
    report.seconds = time.perf_counter() - started
    return report


def _held_out(topics: Sequence[_Topic], gold: Mapping[str, str], topic_of: Mapping[str, int],
              background: Mapping[int, StoryIndex], base: StoryParams) -> dict[str, Any]:
    halves = {"odd": [t for t in topics if t.topic % 2], "even": [t for t in topics if not t.topic % 2]}
    out: dict[str, Any] = {}
    pooled: dict[str, str] = {}
    for train, test in (("odd", "even"), ("even", "odd")):
        tuned = tune(halves[train], gold, background, base=base)
        pred = cluster_topics(halves[test], tuned, background=background)
        pooled.update(pred)
        g = {f.item_id: gold[f.item_id] for t in halves[test] for f in t.features}
        default = cluster_topics(halves[test], base, background=background)
        out[f"tuned on {train} topics"] = {
            "params": {k: getattr(tuned, k) for k in GRID},
            f"bcubed_f1_on_{test}": round(bcubed(pred, g).f1, 4),
            f"bcubed_f1_on_{test}_with_defaults": round(bcubed(default, g).f1, 4),
        }
    out["pooled"] = score_topics(pooled, gold, topic_of).to_dict()
    return out


def format_report(report: StoriesReport) -> str:
    """A plain-text report of :func:`evaluate_stories`."""
    if report.skipped:
        return f"skipped: {report.skipped}"
    assert report.scores is not None and report.one_per_topic is not None and report.singletons is not None

    def row(name: str, s: Scores) -> str:
        b, p = s.bcubed, s.pairwise
        return (f"  {name:<30} B3 P {b.precision:.3f} R {b.recall:.3f} F1 {b.f1:.3f}   pairwise P {p.precision:.3f}"
                f" R {p.recall:.3f} F1 {p.f1:.3f}   macro B3 F1 {s.bcubed_macro.f1:.3f}, pairwise F1"
                f" {s.pairwise_macro.f1:.3f}")

    orders = report.orders
    lines = [
        f"ECB+ stories: {report.documents} documents in {report.topics} topics; each topic clustered on its own"
        " and scored against its two halves (ecb / ecbplus: two events)",
        f"analysed store: {report.store} ({'cached' if report.cached else 'made now'}, {report.analyse_seconds:.0f} s);"
        f" {report.items} items, {report.split_documents} documents cut into several items (the longest kept),"
        f" {report.missing_documents} without an item, {report.with_vectors} with a vector",
        f"parameters: {report.params}",
        f"clustering: {report.cluster_seconds:.1f} s, {report.stories} stories",
        "",
        "micro-averaged over all documents (B-cubed) and document pairs (pairwise); macro = mean over topics",
        row("stories", report.scores),
    ]
    if orders:
        lines.append(f"  {'':<30} B3 F1 over {len(orders)} document orders: mean {sum(orders) / len(orders):.3f},"
                     f" min {min(orders):.3f}, max {max(orders):.3f}")
    if report.without_vectors is not None:
        lines.append(row("stories without vectors", report.without_vectors))
    if report.cold_start is not None:
        lines.append(row("stories, indexes start empty", report.cold_start))
    lines += [row("baseline: one story per topic", report.one_per_topic),
              row("baseline: one per document", report.singletons),
              "",
              "The default parameters were tuned on these ECB+ training topics (there is no test split here)."]
    if report.held_out:
        lines.append("Held-out check (grid: " + ", ".join(f"{k} {v[0]}-{v[-1]}" for k, v in GRID.items()) + "):")
        for key, value in report.held_out.items():
            if key == "pooled":
                b, p = value["bcubed"], value["pairwise"]
                lines.append(f"  both held-out halves pooled: B3 F1 {b['f1']:.3f}, pairwise F1 {p['f1']:.3f}")
            else:
                scores = ", ".join(f"{k} {v}" for k, v in value.items() if k != "params")
                lines.append(f"  {key}: {value['params']} -> {scores}")
    lines.append(f"({report.seconds:.0f} s in all)")
    return "\n".join(lines)
