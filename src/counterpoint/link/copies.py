"""The copy detector: exact copies, near copies and machine rewrites among items.

What it finds, for items given as ``CopyCandidate`` (text = headline + body):

* **exact** copies: the same text once normalised (NFKC, casefold, quotes and
  dashes unified, control and zero-width characters dropped, whitespace
  collapsed);
* **near** copies: small edits, or a copied article inside a mirror page with
  injected lines (menus, adverts, "Read more" links). Candidates come from a
  MinHash LSH over word shingles; each candidate is verified on the exact
  shingle sets (Jaccard, or containment of the shorter text in the longer);
* **rewrites**: machine rewrites by synonym substitution. Candidates come from
  a low-threshold MinHash LSH over the set of content words; a candidate is
  verified either on shingles of synonym-normalised words (the built-in
  ``SYNONYMS`` table) or, when both items carry a sentence vector, by cosine.
  Either way the two texts must agree on their *facts* (numbers and mid-sentence
  capitalised names), so two different reports on the same war, which share
  topic words but not numbers, names and their order, are not linked.

* **passage copies** (issue 17): a copy inside other page furniture, cut at
  another point, truncated, lightly edited or expanded by its agency keeps
  long runs of words in the same order. Candidates come from winnowed word
  5-gram fingerprints; a pair is a near copy when its aligned passages (runs
  of ``MIN_PASSAGE_WORDS`` words or more, chained in order) reach
  ``PASSAGE_WORDS`` words and ``PASSAGE_SHARE`` of the shorter text, or one
  block is most of it. Quoting one statement, or summarising another agency
  with a few quoted lines, stays below;
* **aligned rewrites**: a paraphrase or a second rendering of one report
  keeps its sentences in order, each with half its content stems (and its
  numbers). Candidates come from MinHash values of each sentence's stems; a
  pair is a rewrite when ``REWRITE_SENTENCES`` sentences match in order and
  the facts agree;
* both reject **one template filled twice**: where two texts align but carry
  other numbers or names between aligned runs (or in aligned sentences) at
  ``MAX_SUBSTITUTED_FACTS`` places, they are two reports.

Each link keeps its kind and its evidence: the character offsets of the
longest shared passage (or of the aligned sentences) in both texts.

Links are joined into groups by union-find; each group names its earliest
publisher. ``CopyIndex`` is incremental: new items are streamed into the LSH
indexes and compared with what is there, never with all pairs.

Limits:

* language-light: tokens are Unicode words, but the stopword list and the
  synonym table are English; without vectors a rewrite is only recognised
  through ``SYNONYMS``, so paraphrases outside it are missed; facts are
  numbers and capitalised words, so a name opening a sentence is not one;
* MinHash LSH is probabilistic: a pair just above a threshold can be missed;
* results depend on arrival order at the margins: a new item is verified
  against at most ``MAX_VERIFY`` indexed items, an LSH bucket keeps only the
  ``LSH_BUCKET_CAP`` items filed in it last (a band of values that many texts
  share finds the recent ones; a copy still meets an older original through
  its other bands), and an item that is an exact
  copy, or a near copy above ``NEAR_REPRESENTED``, of an indexed item is not
  indexed itself (that item stands for it), which keeps dense clusters from
  becoming quadratic: N identical items make N - 1 links;
* only the first ``MAX_WORDS`` words of a text are compared (the exact hash
  covers the whole text);
* cost: linear memory, about 8 KB per indexed item (LSH buckets, word
  hashes, signatures, and the vector when given: 1.5 KB of it; measured on
  ``bench/link.py``'s items), almost nothing for exact and near-identical
  copies. LSH candidates that share only common words grow with the index
  (about 2 per item at 5,000 items, 17 at 30,000: a corpus written with few
  words or from few templates has more) but are dropped on their signatures
  before any verification, so time per item grows little: see
  ``bench/link.py`` for time and memory at 10,000 to 100,000 items;
* not thread-safe: one ``CopyIndex`` per thread, or a lock around it.
"""

from __future__ import annotations

import hashlib
import random
import re
import unicodedata
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from datasketch import MinHash, MinHashLSH

from counterpoint.embed import unit_vector
from counterpoint.model import content_id

CopyKind = Literal["exact", "near", "rewrite"]

# --- constants ---------------------------------------------------------------

#: MinHash permutations: 128 gives a Jaccard estimate with a standard error of
#: about 0.04 at 0.6, enough to rank candidates (links are verified exactly).
NUM_PERM = 128
#: Seed of the MinHash permutations, so indexes built in different runs agree.
MINHASH_SEED = 1729
#: Nominal threshold of the shingle LSH. datasketch picks 25 bands of 5 rows:
#: a pair at Jaccard 0.6 becomes a candidate 87% of the time, at 0.3 only 6%;
#: the word-set LSH below catches most of the near pairs this one misses.
NEAR_LSH_THRESHOLD = 0.5
#: Nominal threshold of the content-word LSH, with false positives weighted
#: 0.7 against false negatives 0.3 (datasketch then picks 32 bands of 4 rows).
#: Rewrites share most content words once synonyms are normalised (Jaccard 0.8
#: and up: always found; 0.5: 87%; 0.4: 56%), while reports on the same war
#: share some (0.15: 1.6%; 0.1: 0.3%). The even weighting (37 bands of 3 rows)
#: would make 12% and 4% of such a corpus candidates of every new item.
#: (Jaccard here is on the fact-weighted set below.)
WORD_LSH_THRESHOLD = 0.3
WORD_LSH_WEIGHTS = (0.7, 0.3)
#: In the content-word set each fact (number, name) counts this many times.
#: Rewrites and paraphrases keep the facts while same-topic reports share only
#: topic words, so this pulls the two apart before any verification: on the
#: test article a paraphrase outside the synonym table goes from 0.32 to 0.48,
#: a same-template report with other facts from 0.68 to 0.44.
FACT_WEIGHT = 3
#: Shingle Jaccard from which two texts are near copies. Small edits to a news
#: item keep it far above (one word edited in 100 breaks 5 of 96 5-grams:
#: Jaccard 0.9); same-template reports with different facts fall below.
NEAR_JACCARD = 0.6
#: Share of the shorter text's shingles found in the longer from which the
#: shorter is taken as copied into the longer (mirror pages, boilerplate).
NEAR_CONTAINMENT = 0.8
#: Containment needs this many distinct shingles in the shorter text, so a
#: menu line or a one-sentence brief is not "contained" in every page.
MIN_CONTAINMENT_SHINGLES = 12
#: Texts shorter than this (in words) use word 3-grams instead of 5-grams:
#: with few words one edit would break too large a share of 5-grams.
SHORT_TEXT_WORDS = 40
#: Texts shorter than this but not short are indexed under 3-grams as well as
#: 5-grams, so that a short item copied into a page up to three times its
#: length meets that page in the shingle index (3-gram Jaccard 1/3 and up).
MEDIUM_TEXT_WORDS = 3 * SHORT_TEXT_WORDS
#: Texts with fewer words than this are only linked as exact copies.
MIN_FUZZY_WORDS = 8
#: ... and fewer distinct shingles than this (a word repeated) likewise.
MIN_DISTINCT_SHINGLES = 5
#: A near copy this similar to an indexed item is not indexed itself.
NEAR_REPRESENTED = 0.9
#: Jaccard (or containment) on synonym-normalised shingles for a rewrite.
REWRITE_JACCARD = 0.6
#: Cosine of unit sentence vectors from which two texts may be rewrites of
#: each other. Half the rewrites and copies of the generated set score 0.96 or
#: more with all-MiniLM-L6-v2, but so do same-template reports with other
#: facts (0.2% of unrelated pairs reach 0.9): the fact checks, not the cosine,
#: keep those apart.
REWRITE_COSINE = 0.9
#: Candidates whose estimated content-word Jaccard is below this are dropped
#: before verification: every copy kind shares far more of its words.
PREFILTER_WORD_JACCARD = 0.2
#: At most this many candidates are verified per new item, most similar first.
MAX_VERIFY = 32
#: Facts (numbers, names) each text must have before they are used to judge:
#: two briefs that differ only in their one figure are different reports.
MIN_FACTS_TO_JUDGE = 1
#: A rewrite found by vectors alone must share at least this many facts.
MIN_SHARED_FACTS_FOR_VECTORS = 2
#: Near copies must share this share of the smaller fact set (an edit may
#: correct a figure or misspell a name; a same-template report with other
#: figures and places shares only its fixed names).
NEAR_FACT_OVERLAP = 0.6
#: Rewrites must share this share of the smaller fact set ...
REWRITE_FACT_OVERLAP = 0.75
#: ... and, when linked on vectors alone, keep this share of shared facts in order.
REWRITE_FACT_ORDER = 0.75
#: Only the first this many words of a text are compared.
MAX_WORDS = 20_000
#: Passage evidence (copies inside page furniture, truncated or partly rewritten copies): runs of
#: words that both texts carry in the same order, each at least this long (a shared name or set
#: phrase is shorter; a copied sentence longer) ...
MIN_PASSAGE_WORDS = 8
#: ... a copy has aligned passages of at least this many words in all ...
PASSAGE_WORDS = 60
#: ... covering at least this share of the shorter text (its furniture included: mirror pages and
#: excerpts cut at another point keep a third to two thirds of their words in common) ...
PASSAGE_SHARE = 0.2
#: ... or one copied block of at least ``SHORT_PASSAGE_WORDS`` that is at least this share of the
#: shorter text (a teaser or a truncated republication).
PASSAGE_MAJORITY = 0.5
SHORT_PASSAGE_WORDS = 40
#: Passage copies must still share this share of the smaller fact set: two articles of one site
#: share its furniture, never their names and figures. (A write-through adds facts, so lower
#: than ``NEAR_FACT_OVERLAP``.) Reports that quote one statement share passages of 20 to 50 words
#: and stay below ``PASSAGE_WORDS``; a summary that quotes another agency at length stays below
#: ``PASSAGE_SHARE`` or ``PASSAGE_WORDS``.
PASSAGE_FACT_OVERLAP = 0.5
#: Sentence alignment (paraphrases, second renderings of one report): sentences are compared on
#: their content stems (canonical words cut to ``STEM_CHARS`` characters; words shorter than
#: ``MIN_STEM_WORD`` and stopwords left out; sentences with fewer than ``MIN_SENTENCE_STEMS``
#: stems ignored). Two sentences match when they share at least ``SENTENCE_SHARED`` stems and
#: ``SENTENCE_MATCH`` of the smaller sentence's.
STEM_CHARS = 5
MIN_STEM_WORD = 3
MIN_SENTENCE_STEMS = 3
SENTENCE_SHARED = 3
SENTENCE_MATCH = 0.5
#: A rewrite: at least this many matching sentences in the same order in both texts ...
REWRITE_SENTENCES = 5
#: ... that are at least this share of the sentences of the text with fewer ...
REWRITE_SENTENCE_SHARE = 0.5
#: ... and this share of the smaller fact set shared. Reports of one event by different writers
#: match a sentence here and there (the quoted statement, the background) but rarely five in
#: the order of the story, and then with other figures and names.
REWRITE_ALIGNED_FACT_OVERLAP = 0.6
#: Candidates for passages come from winnowed word 5-gram fingerprints (the minimum of every
#: window of this many consecutive 5-gram hashes: any passage of ``WINNOW_WINDOW + 4`` words or
#: more gives at least one shared fingerprint) ...
WINNOW_WINDOW = 8
#: ... and from this many MinHash values of each sentence's stems (a rewritten sentence keeps
#: about half its stems: each value is shared with that probability).
SENTENCE_KEYS = 3
#: An item becomes a candidate when it shares this many fingerprints or sentence values.
MIN_PASSAGE_HITS = 3
#: At most this many such candidates (the most shared first) are verified per new item, besides
#: ``MAX_VERIFY`` from the LSH indexes.
MAX_PASSAGE_VERIFY = 16
#: Two texts that align but differ in this many facts at aligned places (a number or a name
#: between two shared passages, numbers in aligned sentences) are one template filled twice
#: (a daily report, a same-template story), not a copy; one differing figure is an update.
MAX_SUBSTITUTED_FACTS = 2
#: ... counted in gaps of at most this many words between two aligned passages.
MAX_GAP_WORDS = 3
#: The word-hash cache is cleared when it grows past this many words.
_HASH_CACHE_LIMIT = 200_000

# --- vocabulary ----------------------------------------------------------------

_STOPWORD_TEXT = """
    a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having he
    her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not
    now of off on once only or other our ours ourselves out over own same she should so some such than that the
    their theirs them themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves yet however
    meanwhile according said says told per since amid among across via
"""
#: English function words: not content words, and not names when capitalised.
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

#: Interchangeable words a rewriting tool substitutes for one another; each
#: word maps to the first of its row. Word order is kept by such rewrites.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("stated", "declared", "announced"),
    ("destroyed", "downed", "eliminated", "neutralised"),
    ("people", "persons", "individuals"),
    ("buildings", "structures", "properties"),
    ("damaged", "struck", "hit"),
    ("attack", "strike", "assault", "raid"),
    ("attacks", "strikes", "assaults", "raids"),
    ("began", "started", "commenced"),
    ("lasted", "continued", "went on"),
    ("approximately", "around", "roughly", "nearly"),
    ("officials", "authorities"),
    ("residents", "inhabitants", "locals", "citizens"),
    ("urged", "encouraged", "advised", "asked"),
    ("evacuated", "relocated", "moved"),
    ("nearby", "neighbouring", "adjacent", "surrounding"),
    ("homes", "houses", "dwellings"),
    ("crews", "teams", "brigades"),
    ("fire", "blaze", "flames"),
    ("morning", "dawn", "daybreak"),
    ("loud", "powerful", "heavy"),
    ("explosions", "blasts", "detonations"),
    ("briefly", "temporarily", "shortly"),
    ("interrupted", "disrupted", "cut", "suspended"),
    ("settlements", "villages", "communities", "localities"),
    ("remain", "stay"),
    ("shelters", "bunkers", "basements"),
    ("launched", "fired", "sent"),
    ("region", "province", "area"),
    ("talks", "negotiations", "discussions"),
    ("agreed", "consented", "accepted"),
    ("discuss", "address", "examine", "review"),
    ("aid", "assistance", "relief", "help"),
    ("delivered", "brought", "supplied", "transported"),
    ("food", "provisions", "foodstuffs"),
    ("medicines", "medications", "drugs"),
    ("exchange", "swap", "trade"),
    ("prisoners", "captives", "detainees"),
    ("returned", "repatriated"),
    ("soldiers", "troops", "servicemen", "fighters"),
    ("wounded", "injured", "hurt"),
    ("city", "town"),
    ("important", "significant", "key", "major"),
    ("power", "electricity", "energy"),
    ("plant", "facility", "station"),
    ("sanctions", "restrictions", "penalties"),
    ("imposed", "introduced", "levied"),
    ("companies", "firms", "businesses", "enterprises"),
    ("shelling", "bombardment", "barrage"),
    ("killed", "slain"),
    ("warned", "cautioned", "alerted"),
    ("large", "big", "huge", "vast"),
    ("said", "noted", "stressed", "emphasised"),
    ("meeting", "session", "gathering"),
    ("expected", "anticipated", "projected"),
    ("increase", "rise", "growth"),
    ("repair", "restore", "fix"),
    ("damage", "destruction", "harm"),
    ("several", "multiple", "various"),
    ("overnight", "during the night"),
)

#: word -> canonical word (the first of its synonym row).
CANONICAL: Mapping[str, str] = {word: row[0] for row in SYNONYMS for word in row if " " not in word}
#: multi-word synonym (as a word tuple) -> canonical word.
CANONICAL_PHRASES: Mapping[tuple[str, ...], str] = {
    tuple(phrase.split()): row[0] for row in SYNONYMS for phrase in row if " " in phrase
}
_PHRASES: Mapping[str, tuple[tuple[str, ...], ...]] = {
    first: tuple(sorted((p for p in CANONICAL_PHRASES if p[0] == first), key=len, reverse=True))
    for first in {p[0] for p in CANONICAL_PHRASES}
}

# --- records ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CopyCandidate:
    """One item to compare: its text (headline + body) and when it appeared.

    ``published`` is an ISO date, possibly partial (``2024``, ``2024-10``) or
    ``None``; ``first_seen`` the ISO timestamp of ingestion. ``vector`` is an
    optional unit sentence embedding of the text (used for rewrites).
    """

    item_id: str
    source: str | None
    text: str
    published: str | None
    first_seen: str
    vector: npt.NDArray[np.float32] | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class CopyLink:
    """A verified link: ``a`` published no later than ``b``.

    ``jaccard`` is the word-shingle Jaccard (1.0 for exact copies; for a
    rewrite, on synonym-normalised words); ``cosine`` the vector cosine when
    both items had vectors. ``passage`` is the evidence: character offsets
    ``(a_start, a_end, b_start, b_end)`` in the two items' texts (headline and
    body, as compared) of the longest passage both carry, or for a rewrite of
    the span of sentences that match in order (``None`` for exact copies and
    links stored before it was recorded); ``shared_words`` the words in the
    aligned passages, or for a rewrite the number of aligned sentences.
    """

    a: str
    b: str
    kind: CopyKind
    jaccard: float
    cosine: float | None
    passage: tuple[int, int, int, int] | None = None
    shared_words: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"a": self.a, "b": self.b, "kind": self.kind, "jaccard": self.jaccard,
                               "cosine": self.cosine}
        if self.passage is not None:
            out["passage"] = {"a": list(self.passage[:2]), "b": list(self.passage[2:])}
        if self.shared_words is not None:
            out["shared_words"] = self.shared_words
        return out

    @classmethod
    def from_dict(cls, record: Mapping[str, Any]) -> CopyLink:
        """A link as ``to_dict`` wrote it (older records have no passage)."""
        passage = record.get("passage")
        span = None
        if isinstance(passage, Mapping) and len(passage.get("a", ())) == 2 and len(passage.get("b", ())) == 2:
            span = (int(passage["a"][0]), int(passage["a"][1]), int(passage["b"][0]), int(passage["b"][1]))
        shared = record.get("shared_words")
        return cls(str(record["a"]), str(record["b"]), record["kind"], float(record["jaccard"]),
                   None if record.get("cosine") is None else float(record["cosine"]), span,
                   None if shared is None else int(shared))


@dataclass(frozen=True, slots=True)
class CopyGroup:
    """Items that copy one another, earliest first, with the links that join them."""

    group_id: str
    item_ids: tuple[str, ...]
    earliest_item_id: str
    kind: CopyKind
    pairs: tuple[CopyLink, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "group_id": self.group_id,
            "item_ids": list(self.item_ids),
            "earliest_item_id": self.earliest_item_id,
            "kind": self.kind,
            "pairs": [p.to_dict() for p in self.pairs],
        }


# --- text analysis -----------------------------------------------------------------

_QUOTES = {c: "'" for c in "‘’‚‛′ʼ`´"} | {c: '"' for c in "“”„‟«»″〝〞＂"}
_DASHES = {c: "-" for c in "‐‑‒–—―−⁃﹘﹣－"}
_TRANSLATE = str.maketrans(_QUOTES | _DASHES)
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+(?:[.,'\-][^\W_]+)*")
_SENTENCE_BREAK = re.compile(r"[.!?…:;|•\"(\[\n]")
#: What ends a sentence for the sentence alignment of rewrites (a colon or a quote does not).
_FULL_STOP = re.compile(r"[.!?…]|\n")
_DIGIT = re.compile(r"\d")

_U64 = np.uint64
_MIX = _U64(0x9E3779B97F4A7C15)
_SHINGLE_SEED = 0x51ED270B27E3A1C5

_hash_cache: dict[str, int] = {}


def normalise(text: str) -> str:
    """The text compared for exact copies: NFKC, casefolded, quotes/dashes
    unified, invisible and control characters dropped, whitespace collapsed."""
    return _SPACE.sub(" ", _clean(text).casefold()).strip()


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    text = _INVISIBLE.sub("", text)
    return _CONTROL.sub(" ", text.replace("\r", "\n").replace("\t", " "))


def _word_hash(word: str) -> int:
    value = _hash_cache.get(word)
    if value is None:
        if len(_hash_cache) >= _HASH_CACHE_LIMIT:
            _hash_cache.clear()
        digest = hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest()
        value = int.from_bytes(digest, "little")
        _hash_cache[word] = value
    return value


@dataclass(slots=True)
class _Text:
    """What is kept of a text for comparisons."""

    digest: bytes  # of the normalised text
    n_words: int
    tokens: npt.NDArray[np.uint64]  # hashes of the casefolded words, in order
    canon: npt.NDArray[np.uint64]  # the same after synonym normalisation
    facts: npt.NDArray[np.uint64]  # canonical hashes of numbers and names, first occurrences in order
    content: npt.NDArray[np.uint64]  # distinct canonical content words
    spans: npt.NDArray[np.uint32]  # (n_words, 2): each word's character offsets in the text given
    sentence_stems: npt.NDArray[np.uint64]  # stem hashes of the sentences kept for alignment ...
    sentence_of: npt.NDArray[np.int32]  # ... the sentence of each (0, 1, ...), sorted by sentence
    sentence_words: npt.NDArray[np.uint32]  # (n_sentences, 2): first and last + 1 word of each kept sentence
    marks: npt.NDArray[np.uint8]  # per word: FACT_MARK (a number or a name), NUMBER_MARK (a number)


def _analyse(text: str) -> _Text:
    cleaned = _clean(text)
    normalised = _SPACE.sub(" ", cleaned.casefold()).strip()
    digest = hashlib.blake2b(normalised.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    origin: list[int] | None = None
    if len(cleaned) != len(text):  # NFKC or a dropped character moved offsets: clean character by character
        pieces = [_clean(c) for c in text]
        origin = [i for i, piece in enumerate(pieces) for _ in piece] + [len(text)]
        cleaned = "".join(pieces)
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    facts: dict[int, None] = {}
    marks: list[int] = []
    sentence_start: list[int] = [0]
    previous_end = 0
    for n, match in enumerate(_WORD.finditer(cleaned)):
        if n >= MAX_WORDS:
            break
        token = match.group()
        starts_sentence = n == 0 or _SENTENCE_BREAK.search(cleaned, previous_end, match.start()) is not None
        if n and starts_sentence and _FULL_STOP.search(cleaned, previous_end, match.start()) is not None:
            sentence_start.append(n)
        previous_end = match.end()
        starts.append(match.start())
        ends.append(match.end())
        word = token.casefold()
        has_digit = _DIGIT.search(word) is not None
        if has_digit:
            word = word.replace(",", "")
        words.append(word)
        canonical = CANONICAL.get(word, word)
        if has_digit or (token[0].isupper() and not starts_sentence and canonical not in STOPWORDS):
            facts.setdefault(_word_hash(canonical), None)
            marks.append(FACT_MARK | (NUMBER_MARK if has_digit else 0))
        else:
            marks.append(0)
    canonical_words = _canonical_words(words)
    tokens = np.array([_word_hash(w) for w in words], dtype=_U64)
    canon = np.array([_word_hash(w) for w in canonical_words], dtype=_U64)
    content = {
        _word_hash(w) for w in canonical_words if len(w) > 1 and (w not in STOPWORDS or _DIGIT.search(w) is not None)
    }
    if origin is not None:
        starts = [origin[i] for i in starts]
        ends = [origin[i - 1] + 1 for i in ends]
    spans = np.array([starts, ends], dtype=np.uint32).T.reshape(-1, 2)
    stems, owners, bounds = _sentence_stems(words, sentence_start)
    return _Text(
        digest=digest,
        n_words=len(words),
        tokens=tokens,
        canon=tokens if np.array_equal(tokens, canon) else canon,
        facts=np.fromiter(facts, dtype=_U64, count=len(facts)),
        content=np.fromiter(content, dtype=_U64, count=len(content)),
        spans=spans,
        sentence_stems=stems,
        sentence_of=owners,
        sentence_words=bounds,
        marks=np.array(marks, dtype=np.uint8),
    )


FACT_MARK = 1
NUMBER_MARK = 2


def _stem(word: str) -> str:
    """A crude language-light stem: the canonical word cut to ``STEM_CHARS`` characters (numbers whole),
    so 'launched'/'launch', 'greeted'/'greets' meet across a rewrite's changes of tense and form."""
    canonical = CANONICAL.get(word, word)
    return canonical if _DIGIT.search(canonical) else canonical[:STEM_CHARS]


def _sentence_stems(words: Sequence[str], sentence_start: Sequence[int]
                    ) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.int32], npt.NDArray[np.uint32]]:
    """The distinct content stems of each sentence with at least ``MIN_SENTENCE_STEMS`` of them."""
    stems: list[int] = []
    owners: list[int] = []
    bounds: list[tuple[int, int]] = []
    edges = [*sentence_start, len(words)]
    for first, last in pairwise(edges):
        own = {_word_hash(_stem(w)) for w in words[first:last]
               if len(w) >= MIN_STEM_WORD and (w not in STOPWORDS or _DIGIT.search(w) is not None)}
        if len(own) < MIN_SENTENCE_STEMS:
            continue
        stems.extend(own)
        owners.extend([len(bounds)] * len(own))
        bounds.append((first, last))
    return (np.array(stems, dtype=_U64), np.array(owners, dtype=np.int32),
            np.array(bounds, dtype=np.uint32).reshape(-1, 2))


def _canonical_words(words: Sequence[str]) -> list[str]:
    """Words with synonyms (phrases first, longest first) replaced by the first word of their row."""
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        for phrase in _PHRASES.get(word, ()):
            if tuple(words[i : i + len(phrase)]) == phrase:
                out.append(CANONICAL_PHRASES[phrase])
                i += len(phrase)
                break
        else:
            out.append(CANONICAL.get(word, word))
            i += 1
    return out


def _word_set(text: _Text) -> npt.NDArray[np.uint64]:
    """The content words with each fact counted ``FACT_WEIGHT`` times (as salted copies)."""
    copies = [text.facts ^ _U64((salt * 0x9E3779B97F4A7C15) % 2**64) for salt in range(1, FACT_WEIGHT)]
    return np.unique(np.concatenate([text.content, text.facts, *copies]))


def _shingle_size(n_words: int) -> int:
    return 5 if n_words >= SHORT_TEXT_WORDS else 3


def _lsh_shingle_sizes(n_words: int) -> tuple[int, ...]:
    """Shingle sizes a text is indexed under: a text of medium length also under
    3-grams, so that a short text copied into it can meet it in the index."""
    if n_words < SHORT_TEXT_WORDS:
        return (3,)
    return (5, 3) if n_words < MEDIUM_TEXT_WORDS else (5,)


def _near_key(idx: int, k: int) -> int:
    return idx << 1 | (k == 5)


def _shingle_seq(tokens: npt.NDArray[np.uint64], k: int) -> npt.NDArray[np.uint64]:
    """Hashes of the word k-grams in text order (a shorter text gives one k-gram of all its words)."""
    k = min(k, tokens.size)
    if k == 0:
        return tokens[:0]
    n = tokens.size - k + 1
    h = np.full(n, _SHINGLE_SEED + k, dtype=_U64)
    for j in range(k):
        h ^= tokens[j : j + n]
        h *= _MIX
        h ^= h >> _U64(31)
    return h


def _shingles(tokens: npt.NDArray[np.uint64], k: int) -> npt.NDArray[np.uint64]:
    """Distinct hashes of the word k-grams (a shorter text gives one k-gram of all its words)."""
    return np.unique(_shingle_seq(tokens, k))


def _overlap(a: npt.NDArray[np.uint64], b: npt.NDArray[np.uint64]) -> tuple[float, float, int]:
    """Jaccard, containment of the smaller in the larger, and the smaller size."""
    if a.size == 0 or b.size == 0:
        return 0.0, 0.0, 0
    inter = int(np.intersect1d(a, b, assume_unique=True).size)
    smaller = min(a.size, b.size)
    return inter / (a.size + b.size - inter), inter / smaller, int(smaller)


def _fact_agreement(a: npt.NDArray[np.uint64], b: npt.NDArray[np.uint64]) -> tuple[int, float] | None:
    """Shared facts and their share of the smaller set; ``None`` when too few to judge."""
    if min(a.size, b.size) < MIN_FACTS_TO_JUDGE:
        return None
    shared = int(np.intersect1d(a, b, assume_unique=True).size)
    return shared, shared / min(a.size, b.size)


def _fact_order(a: npt.NDArray[np.uint64], b: npt.NDArray[np.uint64]) -> float:
    """Share of the shared facts that come in the same order in both texts."""
    position_b = {int(h): i for i, h in enumerate(b)}
    sequence = [position_b[int(h)] for h in a if int(h) in position_b]
    return _longest_increasing(sequence) / len(sequence) if sequence else 0.0


def _longest_increasing(values: Sequence[int]) -> int:
    """Length of a longest strictly increasing subsequence of ``values``."""
    return len(_increasing_chain(values))


# --- passages and sentence alignment ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Passages:
    """Runs of words two texts carry in the same order (a chain: increasing in both texts)."""

    words: int  # words in the chain's runs
    longest: tuple[int, int, int, int] | None  # the longest run: word range in the first text, then the second
    chain: tuple[tuple[int, int, int], ...] = ()  # the runs: (first word in a, first word in b, words)


def _aligned_passages(a: npt.NDArray[np.uint64], b: npt.NDArray[np.uint64], k: int,
                      min_words: int = MIN_PASSAGE_WORDS) -> _Passages:
    """The shared passages of two word-hash sequences: maximal runs of consecutive shared k-grams
    (at the same step in both texts) of ``min_words`` words or more, and the heaviest chain of them
    that comes in the same order in both (an injected line splits a run; a moved paragraph is left
    out of the chain). Vectorised: no Python work per word."""
    ha, hb = _shingle_seq(a, k), _shingle_seq(b, k)
    if not ha.size or not hb.size:
        return _Passages(0, None)
    order = np.argsort(hb, kind="stable")
    values, first = np.unique(hb[order], return_index=True)
    first_pos = order[first]  # first position in b of each distinct k-gram
    slot = np.minimum(np.searchsorted(values, ha), values.size - 1)
    found = values[slot] == ha
    jb = np.where(found, first_pos[slot], -2)
    cont = np.zeros(ha.size, dtype=np.bool_)
    cont[1:] = found[1:] & found[:-1] & (jb[1:] == jb[:-1] + 1)
    start = found & ~cont
    if not start.any():
        return _Passages(0, None)
    run_id = np.cumsum(start) - 1
    lengths = np.bincount(run_id[found], minlength=int(run_id[-1]) + 1)
    a_first = np.flatnonzero(start)
    words = lengths + min(k, a.size, b.size) - 1
    keep = words >= min_words
    if not keep.any():
        return _Passages(0, None)
    runs = sorted(zip(a_first[keep].tolist(), jb[a_first[keep]].tolist(), words[keep].tolist(), strict=True))
    if len(runs) > 256:  # the heaviest 256 runs (a text copied twice over, repeated lines)
        runs = sorted(sorted(runs, key=lambda r: -r[2])[:256])
    # heaviest chain: runs increasing and not overlapping in both texts (runs are few)
    best: list[int] = []
    back: list[int] = []
    for i, (ai, bi, wi) in enumerate(runs):
        score, prev = wi, -1
        for j in range(i):
            aj, bj, wj = runs[j]
            if aj + wj <= ai and bj + wj <= bi and best[j] + wi > score:
                score, prev = best[j] + wi, j
        best.append(score)
        back.append(prev)
    total = max(best)
    chain: list[tuple[int, int, int]] = []
    at = best.index(total)
    while at >= 0:
        chain.append(runs[at])
        at = back[at]
    longest = max(runs, key=lambda r: r[2])
    return _Passages(total, (longest[0], longest[0] + longest[2], longest[1], longest[1] + longest[2]),
                     tuple(reversed(chain)))


def _substituted_facts(a: _Text, b: _Text) -> int:
    """Gaps of at most ``MAX_GAP_WORDS`` words between consecutive aligned word 3-gram runs where both
    texts have a fact (number or name) and not the same: the mark of one template filled with
    other figures, places or dates. An edited copy's gaps are other words ('yesterday' for
    'Wednesday', a tense) and rarely two facts."""
    chain = _aligned_passages(a.tokens, b.tokens, 3, min_words=3).chain
    conflicts = 0
    for (a0, b0, w0), (a1, b1, _) in pairwise(chain):
        gap_a, gap_b = slice(a0 + w0, a1), slice(b0 + w0, b1)
        if not (0 < a1 - a0 - w0 <= MAX_GAP_WORDS and 0 < b1 - b0 - w0 <= MAX_GAP_WORDS):
            continue
        facts_a = set(a.tokens[gap_a][(a.marks[gap_a] & FACT_MARK) > 0].tolist())
        facts_b = set(b.tokens[gap_b][(b.marks[gap_b] & FACT_MARK) > 0].tolist())
        if facts_a and facts_b and facts_a != facts_b:
            conflicts += 1
    return conflicts


def _sentence_numbers(text: _Text, sentence: int) -> set[int]:
    first, end = (int(x) for x in text.sentence_words[sentence])
    numbers = (text.marks[first:end] & NUMBER_MARK) > 0
    return set(text.tokens[first:end][numbers].tolist())


def _aligned_sentences(a: _Text, b: _Text) -> tuple[int, tuple[int, int, int, int] | None]:
    """Sentences of ``a`` and ``b`` that match on their stems, chained in the same order in both:
    the chain's length and the word range it spans in each text."""
    na, nb = a.sentence_words.shape[0], b.sentence_words.shape[0]
    if min(na, nb) < REWRITE_SENTENCES:
        return 0, None
    common = np.intersect1d(a.sentence_stems, b.sentence_stems)
    if common.size < SENTENCE_SHARED:
        return 0, None

    def incidence(text: _Text, n: int) -> npt.NDArray[np.int32]:
        inside = np.isin(text.sentence_stems, common)
        matrix = np.zeros((n, common.size), dtype=np.int32)
        matrix[text.sentence_of[inside], np.searchsorted(common, text.sentence_stems[inside])] = 1
        return matrix

    shared = incidence(a, na) @ incidence(b, nb).T
    size_a = np.bincount(a.sentence_of, minlength=na)
    size_b = np.bincount(b.sentence_of, minlength=nb)
    match = (shared >= SENTENCE_SHARED) & (shared >= SENTENCE_MATCH * np.minimum(size_a[:, None], size_b[None, :]))
    pairs = np.argwhere(match)
    if not pairs.size:
        return 0, None
    pairs = pairs[np.lexsort((-pairs[:, 1], pairs[:, 0]))]  # by sentence of a, then b descending
    chain = _increasing_chain(pairs[:, 1].tolist())
    conflicts = 0
    for k in chain:
        numbers_a, numbers_b = _sentence_numbers(a, int(pairs[k, 0])), _sentence_numbers(b, int(pairs[k, 1]))
        conflicts += bool(numbers_a and numbers_b and not numbers_a & numbers_b)
    if conflicts >= MAX_SUBSTITUTED_FACTS:
        return 0, None  # the same sentences with other figures: a template, not a rewrite
    ia, ib = pairs[chain, 0], pairs[chain, 1]
    span = (int(a.sentence_words[ia.min(), 0]), int(a.sentence_words[ia.max(), 1]),
            int(b.sentence_words[ib.min(), 0]), int(b.sentence_words[ib.max(), 1]))
    return len(chain), span


def _increasing_chain(values: Sequence[int]) -> list[int]:
    """Positions of a longest strictly increasing subsequence of ``values``."""
    tails: list[int] = []
    tail_at: list[int] = []
    back: list[int] = []
    for i, v in enumerate(values):
        lo = bisect_left(tails, v)
        back.append(tail_at[lo - 1] if lo else -1)
        if lo == len(tails):
            tails.append(v)
            tail_at.append(i)
        else:
            tails[lo] = v
            tail_at[lo] = i
    out: list[int] = []
    at = tail_at[-1] if tail_at else -1
    while at >= 0:
        out.append(at)
        at = back[at]
    return out[::-1]


_PASSAGE_SALT = _U64(0x7F4A7C159E3779B9)
_SENTENCE_SALTS = tuple(_U64((0xA24BAED4963EE407 * (s + 1)) % 2**64) for s in range(SENTENCE_KEYS))


def _passage_keys(text: _Text) -> list[int]:
    """Keys of the passage index: winnowed 5-gram fingerprints and MinHash values of each sentence's stems."""
    seq = _shingle_seq(text.tokens, _shingle_size(text.n_words))
    if seq.size > WINNOW_WINDOW:
        windows = np.lib.stride_tricks.sliding_window_view(seq, WINNOW_WINDOW)
        picked = np.unique(windows.argmin(axis=1) + np.arange(windows.shape[0]))
        fingerprints = seq[picked]
    else:
        fingerprints = seq[np.argmin(seq):][:1] if seq.size else seq
    keys = [np.unique(fingerprints) ^ _PASSAGE_SALT]
    if text.sentence_of.size:
        firsts = np.flatnonzero(np.r_[True, text.sentence_of[1:] != text.sentence_of[:-1]])
        for salt in _SENTENCE_SALTS:
            h = (text.sentence_stems ^ salt) * _MIX
            h ^= h >> _U64(29)
            keys.append(np.minimum.reduceat(h, firsts) ^ salt)
    out: list[int] = np.unique(np.concatenate(keys)).tolist()
    return out


# --- MinHash ------------------------------------------------------------------------

#: The permutations of datasketch's ``MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED)`` (its
#: "affine32" scheme: h -> a * h + b mod 2**32 after the MurmurHash3 finaliser), so that the
#: signatures below are the ones datasketch computes.
_PERM_A, _PERM_B = (np.asarray(p, dtype=np.uint32)
                    for p in MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme="affine32").permutations)
_U32 = np.uint32
_EMPTY_SIG = np.full(NUM_PERM, 0xFFFFFFFF, dtype=_U32)


def _fmix32(h: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
    """The MurmurHash3 32-bit finaliser (datasketch's pre-mix of every hashed value)."""
    h = h ^ (h >> _U32(16))
    h = h * _U32(0x85EBCA6B)
    h = h ^ (h >> _U32(13))
    h = h * _U32(0xC2B2AE35)
    return h ^ (h >> _U32(16))


def _minhash(hashes: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint32]:
    """The MinHash signature (``NUM_PERM`` values) of a set given as 64-bit hashes, folded to
    32 bits: what datasketch's ``MinHash.update_batch`` gives, without its per-value Python work."""
    if not hashes.size:
        return _EMPTY_SIG.copy()
    folded = (((hashes >> _U64(32)) ^ hashes) & _U64(0xFFFFFFFF)).astype(_U32)
    mixed = _fmix32(folded)[:, None]
    signature: npt.NDArray[np.uint32] = (mixed * _PERM_A + _PERM_B).min(axis=0)
    return signature


def _lsh_shape(threshold: float, weights: tuple[float, float] = (0.5, 0.5)) -> tuple[int, int]:
    """Bands and rows datasketch's ``MinHashLSH`` chooses for ``threshold`` and ``weights``."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, weights=weights)
    return int(lsh.b), int(lsh.r)


#: Bands x rows of the two LSH indexes (25 x 5 and 32 x 4: see the thresholds above).
NEAR_LSH_SHAPE = _lsh_shape(NEAR_LSH_THRESHOLD)
WORD_LSH_SHAPE = _lsh_shape(WORD_LSH_THRESHOLD, WORD_LSH_WEIGHTS)
#: Items kept per LSH bucket: the ones filed last. A bucket fuller than this holds a band
#: of values that many unrelated texts share (common words, boilerplate); a copy shares
#: most bands with its original, among them rare ones, so it still meets it.
LSH_BUCKET_CAP = 64
_BAND_SEED = 0x2545F4914F6CDD1D


class _LSH:
    """A MinHash LSH index (banding, as datasketch's ``MinHashLSH``, for insertion and query only).

    A band of a signature is hashed to one 64-bit key (band number included) in a single
    dict whose value is the item (an int) or, once shared, an array of items (C ints, read
    without touching an object per item), the last ``LSH_BUCKET_CAP`` filed; about 80 bytes
    per band and item, a quarter of datasketch's (a set and a bytes key per bucket, and
    every key's bands again).
    """

    __slots__ = ("_bands", "_rows", "_salts", "_table")

    def __init__(self, shape: tuple[int, int]) -> None:
        self._bands, self._rows = shape
        salts = np.arange(1, self._bands + 1, dtype=_U64) * _MIX
        self._salts: npt.NDArray[np.uint64] = salts ^ _U64(_BAND_SEED)
        self._table: dict[int, int | array[int]] = {}

    def keys(self, signature: npt.NDArray[np.uint32]) -> list[int]:
        bands = signature[: self._bands * self._rows].reshape(self._bands, self._rows).astype(_U64)
        h = self._salts.copy()
        for j in range(self._rows):
            h ^= bands[:, j]
            h *= _MIX
            h ^= h >> _U64(29)
        keys: list[int] = h.tolist()
        return keys

    def insert(self, keys: Iterable[int], item: int) -> None:
        table = self._table
        for key in keys:
            held = table.get(key)
            if held is None:
                table[key] = item
            elif isinstance(held, int):
                table[key] = array("q", (held, item))
            else:
                if len(held) >= LSH_BUCKET_CAP:
                    del held[0]
                held.append(item)

    def query(self, keys: Iterable[int], found: array[int]) -> None:
        """Append to ``found`` the items filed under each of ``keys`` (an item as often as it is found)."""
        table = self._table
        for key in keys:
            held = table.get(key)
            if held is None:
                continue
            if isinstance(held, int):
                found.append(held)
            else:
                found.extend(held)


# --- dates ----------------------------------------------------------------------------

_ISO_DATE = re.compile(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")

SortKey = tuple[int, int, int, float, str, str]


def _first_day(published: str | None) -> date | None:
    """The first day of a possibly partial ISO date; ``None`` when unknown or invalid."""
    if not published:
        return None
    match = _ISO_DATE.match(published)
    if match is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2) or 1), int(match.group(3) or 1))
    except ValueError:
        return None


def _seen_time(first_seen: str) -> float | None:
    try:
        moment = datetime.fromisoformat(first_seen.strip())
    except (ValueError, AttributeError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def publisher_key(candidate: CopyCandidate) -> SortKey:
    """Order of publication: first day of ``published`` (unknown last), then ``first_seen``, then id."""
    day = _first_day(candidate.published)
    seen = _seen_time(candidate.first_seen)
    return (
        0 if day is not None else 1,
        day.toordinal() if day is not None else 0,
        0 if seen is not None else 1,
        seen if seen is not None else 0.0,
        candidate.first_seen,
        candidate.item_id,
    )


# --- the index ----------------------------------------------------------------------


@dataclass(slots=True)
class _Entry:
    item_id: str
    source: str | None
    key: SortKey
    text: _Text | None = None  # kept only while the item is indexed
    vector: npt.NDArray[np.float32] | None = None


@dataclass(frozen=True, slots=True)
class _Link:
    a: int
    b: int
    kind: CopyKind
    jaccard: float
    cosine: float | None
    passage: tuple[int, int, int, int] | None = None
    shared_words: int | None = None


class CopyIndex:
    """An incremental copy detector: ``add`` new items, read ``groups``.

    Items are processed one at a time in the order given; an item id seen
    before is ignored. Nothing is quadratic: each new item is compared with
    the LSH candidates only, and exact copies join their first instance.
    """

    def __init__(self) -> None:
        self._entries: list[_Entry] = []
        self._index_of: dict[str, int] = {}
        self._first_of_digest: dict[bytes, int] = {}
        self._near_lsh = _LSH(NEAR_LSH_SHAPE)  # keys: entry << 1 | (5-grams)
        self._word_lsh = _LSH(WORD_LSH_SHAPE)
        self._passage_index = _LSH(WORD_LSH_SHAPE)  # only insert and query, on _passage_keys
        # content-word MinHash values by entry (zeros for entries not in the word index), grown by doubling
        self._word_sigs: npt.NDArray[np.uint32] = np.zeros((1024, NUM_PERM), dtype=np.uint32)
        self._has_word_sig: npt.NDArray[np.bool_] = np.zeros(1024, dtype=np.bool_)
        self._parent: list[int] = []
        self._members: dict[int, list[int]] = {}
        self._links: dict[int, list[_Link]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    # union-find
    def _find(self, i: int) -> int:
        parent = self._parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    def _link(self, link: _Link) -> None:
        ra, rb = self._find(link.a), self._find(link.b)
        if ra != rb:
            if len(self._members.get(ra, ())) < len(self._members.get(rb, ())):
                ra, rb = rb, ra
            self._parent[rb] = ra
            self._members.setdefault(ra, [ra]).extend(self._members.pop(rb, [rb]))
            self._links.setdefault(ra, []).extend(self._links.pop(rb, []))
        self._links.setdefault(ra, []).append(link)

    def _oriented(self, i: int, j: int, kind: CopyKind, jaccard: float, cosine: float | None,
                  passage: tuple[int, int, int, int] | None = None, shared_words: int | None = None) -> _Link:
        if self._entries[j].key < self._entries[i].key:
            i, j = j, i
            passage = None if passage is None else (passage[2], passage[3], passage[0], passage[1])
        return _Link(i, j, kind, round(jaccard, 4), None if cosine is None else round(cosine, 4), passage,
                     shared_words)

    # adding
    def add(self, candidates: Iterable[CopyCandidate]) -> list[CopyGroup]:
        """Add items; return the groups that any of the new items belongs to."""
        touched: list[int] = []
        for candidate in candidates:
            if candidate.item_id in self._index_of:
                continue
            touched.append(self._add_one(candidate))
        roots = {self._find(i) for i in touched}
        return self._build(r for r in roots if len(self._members.get(r, ())) > 1)

    def restore(self, candidates: Iterable[CopyCandidate], links: Iterable[CopyLink]) -> None:
        """Index items compared in an earlier run, without comparing them again, and replay their links.

        ``candidates`` in the order they were first added; ``links`` the verified pairs of the
        stored groups (links naming an item not given are ignored). Later ``add`` calls compare
        new items with these as if they had been added in this run; an item that an earlier
        run did not index (it was represented by a near-identical one) is indexed now, which
        costs a little memory and changes nothing found.
        """
        for candidate in candidates:
            if candidate.item_id not in self._index_of:
                self._add_one(candidate, compare=False)
        for link in links:
            a, b = self._index_of.get(link.a), self._index_of.get(link.b)
            if a is not None and b is not None:
                self._link(self._oriented(a, b, link.kind, link.jaccard, link.cosine, link.passage,
                                          link.shared_words))

    def groups(self) -> list[CopyGroup]:
        """Every group of two or more items, earliest publication first."""
        return self._build(r for r, members in self._members.items() if len(members) > 1)

    def sources(self) -> dict[str, str | None]:
        """Item id -> source of every item added (for ``syndication``)."""
        return {e.item_id: e.source for e in self._entries}

    def _add_one(self, candidate: CopyCandidate, *, compare: bool = True) -> int:
        idx = len(self._entries)
        entry = _Entry(candidate.item_id, candidate.source, publisher_key(candidate))
        self._entries.append(entry)
        self._index_of[candidate.item_id] = idx
        self._parent.append(idx)
        text = _analyse(candidate.text)
        if text.n_words == 0:
            return idx
        first = self._first_of_digest.get(text.digest)
        if first is not None:
            if compare:
                self._link(self._oriented(first, idx, "exact", 1.0, None))
            return idx
        self._first_of_digest[text.digest] = idx
        if text.n_words < MIN_FUZZY_WORDS:
            return idx
        own = {k: _shingles(text.tokens, k) for k in _lsh_shingle_sizes(text.n_words)}
        if own[_shingle_size(text.n_words)].size < MIN_DISTINCT_SHINGLES:
            return idx
        entry.text = text
        entry.vector = unit_vector(candidate.vector)
        near_keys = {k: self._near_lsh.keys(_minhash(shingles)) for k, shingles in own.items()}
        words = _word_set(text)
        word_sig = _minhash(words) if words.size else None
        word_keys = self._word_lsh.keys(word_sig) if word_sig is not None else None
        passage_keys = _passage_keys(text)
        represented = self._compare(idx, text, near_keys, word_sig, word_keys, passage_keys) if compare else False
        if represented:
            entry.text = None
            entry.vector = None
            return idx
        self._passage_index.insert(passage_keys, idx)
        for k, keys in near_keys.items():
            self._near_lsh.insert(keys, _near_key(idx, k))
        if word_sig is not None and word_keys is not None:
            self._word_lsh.insert(word_keys, idx)
            if idx >= self._has_word_sig.size:
                grown = max(idx + 1, 2 * self._has_word_sig.size)
                sigs = np.zeros((grown, NUM_PERM), dtype=np.uint32)
                sigs[: self._word_sigs.shape[0]] = self._word_sigs
                has = np.zeros(grown, dtype=np.bool_)
                has[: self._has_word_sig.size] = self._has_word_sig
                self._word_sigs, self._has_word_sig = sigs, has
            self._word_sigs[idx] = word_sig
            self._has_word_sig[idx] = True
        return idx

    def _compare(self, idx: int, text: _Text, near_keys: Mapping[int, list[int]],
                 word_sig: npt.NDArray[np.uint32] | None, word_keys: list[int] | None,
                 passage_keys: list[int]) -> bool:
        """Link ``idx`` to verified candidates; ``True`` when a near-identical indexed item stands for it.

        Candidates: up to ``MAX_VERIFY`` from the LSH indexes (most similar words first), then up to
        ``MAX_PASSAGE_VERIFY`` more that share ``MIN_PASSAGE_HITS`` passage fingerprints or sentence
        values (most shared first)."""
        near = array("q")
        for keys in near_keys.values():
            self._near_lsh.query(keys, near)
        words = array("q")
        if word_keys is not None:
            self._word_lsh.query(word_keys, words)
        hits = array("q")
        self._passage_index.query(passage_keys, hits)
        ranked = np.unique(np.concatenate([np.frombuffer(near, dtype=np.int64) >> 1,
                                           np.frombuffer(words, dtype=np.int64)]))
        if word_sig is not None and ranked.size:
            estimates = np.count_nonzero(self._word_sigs[ranked] == word_sig, axis=1) / NUM_PERM
            keep = (estimates >= PREFILTER_WORD_JACCARD) | ~self._has_word_sig[ranked]
            ranked = ranked[keep][np.argsort(-estimates[keep], kind="stable")]
        ranked_list = ranked[:MAX_VERIFY].tolist()
        if hits:
            found, counts = np.unique(np.frombuffer(hits, dtype=np.int64), return_counts=True)
            strong = found[counts >= MIN_PASSAGE_HITS]
            strong = strong[np.argsort(-counts[counts >= MIN_PASSAGE_HITS], kind="stable")]
            seen = set(ranked_list)
            ranked_list.extend([o for o in strong.tolist() if o not in seen][:MAX_PASSAGE_VERIFY])
        if not ranked_list:
            return False
        cache: dict[tuple[bool, int], npt.NDArray[np.uint64]] = {}
        verified = 0
        represented = False
        for other in ranked_list:
            if verified >= MAX_VERIFY + MAX_PASSAGE_VERIFY:
                break
            if self._find(other) == self._find(idx):
                continue
            other_text = self._entries[other].text
            if other_text is None:
                continue
            verified += 1
            link = self._verify(idx, text, other, other_text, cache)
            if link is not None:
                self._link(link)
                if link.kind == "near" and link.jaccard >= NEAR_REPRESENTED:
                    represented = True
        return represented

    def _verify(self, idx: int, text: _Text, other: int, other_text: _Text,
                cache: dict[tuple[bool, int], npt.NDArray[np.uint64]]) -> _Link | None:
        """Near first (shingles as written, then aligned passages), then rewrite (synonym-normalised
        shingles, vectors, or sentences aligned in order)."""
        k = _shingle_size(min(text.n_words, other_text.n_words))

        def own(canonical: bool) -> npt.NDArray[np.uint64]:
            key = (canonical, k)
            if key not in cache:
                cache[key] = _shingles(text.canon if canonical else text.tokens, k)
            return cache[key]

        facts = _fact_agreement(text.facts, other_text.facts)
        share = 1.0 if facts is None else facts[1]
        if share < min(NEAR_FACT_OVERLAP, PASSAGE_FACT_OVERLAP):
            return None  # other figures, places or names: a different report
        jaccard, containment, smaller = _overlap(own(False), _shingles(other_text.tokens, k))
        passages = _aligned_passages(text.tokens, other_text.tokens, k)
        evidence = _char_span(text, other_text, passages.longest)
        if ((share >= NEAR_FACT_OVERLAP and _textual(jaccard, containment, smaller))
                or _passage_copy(passages, min(text.n_words, other_text.n_words))):
            if _substituted_facts(text, other_text) < MAX_SUBSTITUTED_FACTS:
                return self._oriented(idx, other, "near", jaccard, self._cosine(idx, other), evidence,
                                      passages.words)
            return None
        strict = facts is None or (facts[1] >= REWRITE_FACT_OVERLAP)
        cosine = self._cosine(idx, other)
        if strict and (text.canon is not text.tokens or other_text.canon is not other_text.tokens):
            c_jaccard, c_containment, c_smaller = _overlap(own(True), _shingles(other_text.canon, k))
            if _textual(c_jaccard, c_containment, c_smaller, REWRITE_JACCARD):
                return self._oriented(idx, other, "rewrite", c_jaccard, cosine, evidence, passages.words)
        if (strict and cosine is not None and cosine >= REWRITE_COSINE and facts is not None
                and facts[0] >= MIN_SHARED_FACTS_FOR_VECTORS
                and _fact_order(text.facts, other_text.facts) >= REWRITE_FACT_ORDER):
            return self._oriented(idx, other, "rewrite", jaccard, cosine, evidence, passages.words)
        if share >= REWRITE_ALIGNED_FACT_OVERLAP:
            aligned, span = _aligned_sentences(text, other_text)
            fewer = min(text.sentence_words.shape[0], other_text.sentence_words.shape[0])
            if aligned >= REWRITE_SENTENCES and aligned >= REWRITE_SENTENCE_SHARE * fewer:
                return self._oriented(idx, other, "rewrite", jaccard, cosine, _char_span(text, other_text, span),
                                      aligned)
        return None

    def _cosine(self, i: int, j: int) -> float | None:
        a, b = self._entries[i].vector, self._entries[j].vector
        if a is None or b is None or a.shape != b.shape:
            return None
        return float(np.dot(a, b))

    # output
    def _build(self, roots: Iterable[int]) -> list[CopyGroup]:
        out: list[CopyGroup] = []
        for root in roots:
            members = sorted(self._members[root], key=lambda i: self._entries[i].key)
            links = self._links.get(root, [])
            kinds = {link.kind for link in links}
            kind: CopyKind = "exact" if kinds == {"exact"} else "near" if "near" in kinds else "rewrite"
            ids = tuple(self._entries[i].item_id for i in members)
            pairs = tuple(sorted(
                (CopyLink(self._entries[link.a].item_id, self._entries[link.b].item_id, link.kind, link.jaccard,
                          link.cosine, link.passage, link.shared_words) for link in links),
                key=lambda p: (p.a, p.b),
            ))
            out.append(CopyGroup(content_id(*sorted(ids), prefix="c_"), ids, ids[0], kind, pairs))
        out.sort(key=lambda g: self._entries[self._index_of[g.earliest_item_id]].key)
        return out


def _passage_copy(passages: _Passages, shorter_words: int) -> bool:
    """Aligned passages enough for a copy: ``PASSAGE_WORDS`` words and ``PASSAGE_SHARE`` of the
    shorter text, or one block of ``SHORT_PASSAGE_WORDS`` that is most of it."""
    if passages.words <= 0 or shorter_words <= 0:
        return False
    share = passages.words / shorter_words
    return ((passages.words >= PASSAGE_WORDS and share >= PASSAGE_SHARE)
            or (passages.words >= SHORT_PASSAGE_WORDS and share >= PASSAGE_MAJORITY))


def _char_span(a: _Text, b: _Text, words: tuple[int, int, int, int] | None) -> tuple[int, int, int, int] | None:
    """Word ranges ``(a_first, a_end, b_first, b_end)`` as character offsets in the two texts."""
    if words is None:
        return None
    a0, a1, b0, b1 = words
    if not (0 <= a0 < a1 <= a.spans.shape[0] and 0 <= b0 < b1 <= b.spans.shape[0]):
        return None
    return (int(a.spans[a0, 0]), int(a.spans[a1 - 1, 1]), int(b.spans[b0, 0]), int(b.spans[b1 - 1, 1]))


def _textual(jaccard: float, containment: float, smaller: int, bar: float = NEAR_JACCARD) -> bool:
    return jaccard >= bar or (containment >= NEAR_CONTAINMENT and smaller >= MIN_CONTAINMENT_SHINGLES)


def find_copies(candidates: Iterable[CopyCandidate]) -> list[CopyGroup]:
    """Copy groups among the candidates (processed in the order given)."""
    index = CopyIndex()
    index.add(candidates)
    return index.groups()


def syndication(groups: Iterable[CopyGroup], source_of: Mapping[str, str | None]) -> list[tuple[str, str, int]]:
    """Edges (earliest source, copying source, groups), most frequent first.

    A group counts once per pair of sources however many copies the copying
    source carries; unknown sources and a source copying itself are left out.
    """
    counts: Counter[tuple[str, str]] = Counter()
    for group in groups:
        origin = source_of.get(group.earliest_item_id)
        if origin is None:
            continue
        copiers = {source_of.get(i) for i in group.item_ids if i != group.earliest_item_id}
        for copier in copiers:
            if copier is not None and copier != origin:
                counts[(origin, copier)] += 1
    return sorted(((a, b, n) for (a, b), n in counts.items()), key=lambda e: (-e[2], e[0], e[1]))


# --- evaluation -------------------------------------------------------------------------


def evaluate_copies(groups: Iterable[CopyGroup] | Iterable[Set[str]],
                    gold: Iterable[Set[str]]) -> dict[str, float]:
    """Pairwise precision, recall and F1 of predicted copy groups against gold groups.

    Pairs are counted, not listed, so large groups cost linear time. Gold
    groups are assumed disjoint.
    """
    gold_of: dict[str, int] = {}
    gold_pairs = 0
    for n, members in enumerate(gold):
        gold_pairs += len(members) * (len(members) - 1) // 2
        for item in members:
            gold_of[item] = n
    predicted_pairs = 0
    true_pairs = 0
    for group in groups:
        predicted = group.item_ids if isinstance(group, CopyGroup) else tuple(group)
        predicted_pairs += len(predicted) * (len(predicted) - 1) // 2
        shared = Counter(gold_of[i] for i in predicted if i in gold_of)
        true_pairs += sum(c * (c - 1) // 2 for c in shared.values())
    precision = true_pairs / predicted_pairs if predicted_pairs else 1.0
    recall = true_pairs / gold_pairs if gold_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "true_pairs": float(true_pairs),
        "predicted_pairs": float(predicted_pairs),
        "gold_pairs": float(gold_pairs),
    }


# --- synthetic evaluation set --------------------------------------------------------------

_PLACES = (
    "Kharkiv", "Odesa", "Dnipro", "Zaporizhzhia", "Kherson", "Mykolaiv", "Sumy", "Chernihiv", "Poltava", "Lviv",
    "Belgorod", "Kursk", "Bryansk", "Donetsk", "Luhansk", "Mariupol", "Sevastopol", "Kramatorsk", "Pokrovsk",
    "Bakhmut", "Kupiansk", "Izium", "Vinnytsia", "Rivne", "Zhytomyr", "Melitopol", "Berdiansk", "Nikopol",
    "Kryvyi Rih", "Uman", "Cherkasy", "Ternopil", "Lutsk", "Voronezh", "Rostov", "Taganrog", "Novorossiysk",
    "Krasnodar", "Slovyansk", "Kostiantynivka",
)
_FIRST = (
    "Oleksandr", "Ivan", "Maria", "Olena", "Serhiy", "Dmitry", "Anna", "Viktor", "Natalia", "Andriy", "Yulia",
    "Mikhail", "Sergei", "Irina", "Pavlo", "Tetiana", "Roman", "Elena", "Vadym", "Oksana",
)
_LAST = (
    "Kovalenko", "Petrov", "Shevchenko", "Ivanova", "Bondarenko", "Sokolov", "Melnyk", "Kuznetsov", "Tkachenko",
    "Morozova", "Kravchuk", "Volkov", "Lysenko", "Popova", "Savchenko", "Orlov", "Marchenko", "Fedorova",
    "Rudenko", "Zaitsev",
)
_ROLES = ("governor", "mayor", "spokesperson", "deputy minister", "regional head", "police chief")
_ORGS = (
    "the Defence Ministry", "the General Staff", "the State Emergency Service", "the Foreign Ministry",
    "the national energy operator", "the Border Guard Service", "the National Police", "the Red Cross",
)
_COUNTRIES = ("Turkey", "Qatar", "Hungary", "Brazil", "India", "Switzerland", "Saudi Arabia", "Austria")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_SOURCES = tuple(f"{name}.example" for name in (
    "tass", "ria", "ukrinform", "unian", "interfax", "kyivindependent", "rbc", "izvestia", "pravda", "tsn",
    "lenta", "meduza", "suspilne", "rt", "gazeta", "kommersant",
))

# Each template: headline patterns, then sentences (kept in this order; an
# article uses a subset). Slots: {place} {place2} {place3} {person} {person2}
# {role} {org} {country} {n1}..{n4} {date} {weekday} {hours} {month}.
_TEMPLATES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (
        ("{n1} drones destroyed over {place} region overnight", "Air defence downs {n1} drones near {place}"),
        (
            "Air defence units destroyed {n1} drones over the {place} region overnight, {org} said on {weekday}.",
            "According to {role} {person}, debris from a downed drone damaged {n2} residential buildings in {place2}.",
            "No casualties were reported, but {n3} people were evacuated from nearby homes as a precaution.",
            "The attack began shortly after midnight and lasted approximately {hours} hours.",
            "Emergency crews worked until the morning to put out a fire at a warehouse on the outskirts of {place2}.",
            "Officials said the drones were launched from the direction of {place3}.",
            "It was the {n4}th such attack on the region since the start of {month}.",
            "Residents reported hearing loud explosions and the sound of air defence fire.",
            "Power supply was briefly interrupted in {n4} settlements of the {place} district.",
            "{person2} urged residents to remain in shelters while the air raid alert was in force.",
        ),
    ),
    (
        ("Shelling of {place} kills {n1}, wounds {n2}", "{n1} killed as shelling hits {place}"),
        (
            "At least {n1} civilians were killed and {n2} wounded in the shelling of {place} on {date}, "
            "{role} {person} said.",
            "The shells hit a market, a school and {n3} private homes in the centre of the city.",
            "Among the wounded are {n4} children, who were taken to the regional hospital in {place2}.",
            "{org} said the strike was carried out with multiple rocket launchers from positions near {place3}.",
            "Rescue crews searched the rubble for survivors until late in the evening.",
            "The city has been under almost daily shelling since {month}, local officials said.",
            "{person2} described the attack as a deliberate strike on civilians and called for an investigation.",
            "Water and gas supplies were interrupted in several districts after the shelling.",
            "Residents of {place} were urged to stay close to shelters during the day.",
            "A day of mourning was declared in the city for {weekday}.",
        ),
    ),
    (
        ("{country} to host talks on grain corridor on {date}", "Delegations meet in {country} for talks"),
        (
            "Delegations will meet in {country} on {date} to discuss the safety of shipping in the Black "
            "Sea, {org} said.",
            "The talks are expected to last {hours} days and will be chaired by {person}, a senior diplomat "
            "from {country}.",
            "Officials said the agenda includes the exchange of prisoners and the protection of the {place} "
            "nuclear plant.",
            "{person2}, a spokesperson for the delegation, said the meeting was an important step but "
            "warned against high expectations.",
            "The last round of talks in {month} ended without an agreement after {n1} hours of discussions.",
            "Observers from {n2} countries have been invited to attend the opening session.",
            "The grain corridor carried {n3} thousand tonnes of cargo before it was suspended.",
            "Both sides agreed in principle to a ceasefire around the ports of {place2} and {place3}.",
            "A joint statement is expected at the end of the meeting on {weekday}.",
        ),
    ),
    (
        ("{n1} prisoners returned in exchange mediated by {country}", "Prisoner swap returns {n1} soldiers home"),
        (
            "A total of {n1} prisoners were returned home on {date} in an exchange mediated by {country}, {org} said.",
            "Among those freed were {n2} soldiers who defended {place} and {n3} civilians detained in {place2}.",
            "{role} {person} said the released prisoners would undergo medical checks at a hospital in {place3}.",
            "It was the {n4}th exchange since the start of the war and the first since {month}.",
            "Several of the returned soldiers were seriously wounded and needed urgent treatment.",
            "{person2} thanked {country} for its role and said work on the next exchange had already started.",
            "Relatives of missing soldiers gathered at the border crossing to wait for news.",
            "The bodies of {n2} fallen soldiers were also repatriated as part of the agreement.",
            "Officials said the lists for the exchange were agreed after weeks of negotiations.",
        ),
    ),
    (
        ("{n1} tonnes of aid delivered to {place}", "Aid convoy reaches {place} with {n1} tonnes of supplies"),
        (
            "A convoy of {n2} trucks delivered {n1} tonnes of humanitarian aid to {place} on {date}, {org} said.",
            "The cargo included food, medicines, generators and building materials for damaged homes.",
            "{role} {person} said the aid would be distributed among {n3} families in {place} and nearby settlements.",
            "The convoy left {place2} on {weekday} and travelled through {place3} under police escort.",
            "Local officials said demand for drinking water remained high after the pumping station was "
            "damaged in {month}.",
            "{person2} said another convoy with {n4} tonnes of supplies was expected next week.",
            "Volunteers helped to unload the trucks at a sports hall that now serves as a distribution point.",
            "More than {n3} residents have registered for assistance since the start of the year.",
        ),
    ),
    (
        ("Strike on power plant leaves {n1} thousand without electricity", "{place} power plant damaged in attack"),
        (
            "A strike on a power plant in {place} left about {n1} thousand households without electricity "
            "on {date}, {org} said.",
            "The plant was hit by {n2} missiles shortly before dawn, according to {role} {person}.",
            "Repair crews restored power to {n3} thousand customers by the evening, but outages are "
            "expected to continue.",
            "Scheduled blackouts of up to {hours} hours were introduced in {place}, {place2} and {place3}.",
            "{person2} said the damage was significant and repairs could take {n4} weeks.",
            "It was the {n4}th large attack on energy infrastructure since {month}.",
            "Hospitals and water utilities switched to backup generators.",
            "The operator asked consumers to limit the use of powerful electrical appliances in the evening.",
        ),
    ),
    (
        ("New sanctions target {n1} companies", "{country} imposes sanctions on {n1} firms"),
        (
            "{country} imposed new sanctions on {n1} companies and {n2} individuals on {date}, {org} said.",
            "The restrictions target firms in {place} and {place2} accused of supplying electronic "
            "components for drones.",
            "{person}, a senior official in {country}, said the measures were meant to cut off revenue used "
            "to finance the war.",
            "The package also bans the export of {n3} categories of dual-use goods.",
            "In {month}, a similar package targeted {n4} shipping companies and their vessels.",
            "{person2} said the sanctions were illegal and would not change the course of events.",
            "Analysts expect the measures to increase the cost of imports by approximately {n4} percent.",
            "The companies named in the decision have {hours} weeks to appeal.",
        ),
    ),
    (
        ("Forces claim control of {place} after {n1} days of fighting", "Troops advance near {place}, ministry says"),
        (
            "{org} said on {weekday} that its forces had taken control of {place} after {n1} days of fighting.",
            "The claim could not be independently verified, and {role} {person} said fighting was "
            "continuing on the outskirts.",
            "According to the statement, the troops advanced {n2} kilometres towards {place2}.",
            "{person2} said the enemy had lost {n3} soldiers and {n4} armoured vehicles in the area over "
            "the past week.",
            "The village had a population of about {n3} people before the war.",
            "Military analysts said control of the road to {place3} was important for supply lines.",
            "Heavy shelling was reported along the front line in the {place} direction on {date}.",
            "The statement was released shortly after midnight and did not mention losses among its own soldiers.",
        ),
    ),
)
_MENU = (
    "Home | News | World | Politics | Economy | Sport | Video",
    "Top stories | Latest | Opinion | Regions | Photo",
    "Menu Search Login Subscribe",
)
_INJECTED = (
    "Advertisement",
    "Read more: {headline}",
    "Share this article: Facebook Twitter Telegram WhatsApp",
    "Subscribe to our newsletter for the latest updates from the front",
    "Cookies help us deliver our services. By using our site you agree to our use of cookies.",
    "Follow us on Telegram for breaking news",
    "Related: {headline}",
    "© {year} All rights reserved. Reproduction only with a link to the source.",
)
_FILLER = ("reportedly", "also", "now", "officially", "again", "later", "further", "already")


@dataclass(slots=True)
class _Article:
    headline: str
    sentences: list[str]


def _facts(rng: random.Random) -> dict[str, str]:
    places = rng.sample(_PLACES, 3)
    day = rng.randint(1, 28)
    return {
        "place": places[0], "place2": places[1], "place3": places[2],
        "person": f"{rng.choice(_FIRST)} {rng.choice(_LAST)}", "person2": f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
        "role": rng.choice(_ROLES), "org": rng.choice(_ORGS), "country": rng.choice(_COUNTRIES),
        "n1": str(rng.randint(3, 480)), "n2": str(rng.randint(2, 95)), "n3": str(rng.randint(11, 2600)),
        "n4": str(rng.randint(4, 60)), "hours": str(rng.randint(2, 12)),
        "date": f"{day} {rng.choice(_MONTHS)}", "weekday": rng.choice(_WEEKDAYS), "month": rng.choice(_MONTHS),
    }


def _capitalise(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def _write(template: int, chosen: Sequence[int], headline: int, facts: Mapping[str, str]) -> _Article:
    headlines, sentences = _TEMPLATES[template]
    return _Article(_capitalise(headlines[headline].format(**facts)),
                    [_capitalise(sentences[i].format(**facts)) for i in chosen])


def _render(article: _Article, per_paragraph: int = 2) -> str:
    paragraphs = [" ".join(article.sentences[i : i + per_paragraph])
                  for i in range(0, len(article.sentences), per_paragraph)]
    return article.headline + "\n\n" + "\n\n".join(paragraphs)


def _exact_variant(text: str, rng: random.Random) -> str:
    """The same text with differences that normalisation removes."""
    variants = [
        text.replace("'", "’").replace(" - ", " — "),
        text.replace(" ", "  ", 3).replace("\n\n", "\n \n"),
        text.upper() if rng.random() < 0.2 else text.replace(". ", ".\u00a0", 2),
        text + "\n",
    ]
    return rng.choice(variants)


def _edited(article: _Article, rng: random.Random) -> _Article:
    """A copy with one to three small edits (a word, a typo, a sentence dropped or added)."""
    sentences = list(article.sentences)
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(5)
        i = rng.randrange(len(sentences))
        words = sentences[i].split(" ")
        if op == 0 and len(words) > 4:
            del words[rng.randrange(1, len(words) - 1)]
        elif op == 1:
            words.insert(rng.randrange(1, len(words)), rng.choice(_FILLER))
        elif op == 2:
            j = rng.randrange(len(words))
            w = words[j]
            if len(w) >= 5 and w.isalpha():
                k = rng.randrange(1, len(w) - 2)
                words[j] = w[:k] + w[k + 1] + w[k] + w[k + 2 :]
        elif op == 3 and len(sentences) > 4:
            del sentences[rng.randrange(len(sentences))]
            continue
        else:
            sentences.append(f"(Reporting by {rng.choice(_FIRST)} {rng.choice(_LAST)}; editing by {rng.choice(_LAST)})")
            continue
        sentences[i] = " ".join(words)
    return _Article(article.headline, sentences)


def _mirror(article: _Article, rng: random.Random, other_headline: str) -> str:
    """The article inside a page with injected lines: a menu, adverts, links."""
    lines = [rng.choice(_MENU), article.headline]
    fill = {"headline": other_headline, "year": str(rng.randint(2019, 2025))}
    for i, sentence in enumerate(article.sentences):
        lines.append(sentence)
        if i % 2 == 1 and rng.random() < 0.5:
            lines.append(rng.choice(_INJECTED).format(**fill))
    lines.extend(rng.choice(_INJECTED).format(**fill) for _ in range(rng.randint(1, 3)))
    return "\n".join(lines)


def _rewritten(article: _Article, rng: random.Random, rate: float = 0.85) -> _Article:
    """A machine rewrite: words in ``SYNONYMS`` swapped for another of their row, order kept."""

    def swap(match: re.Match[str]) -> str:
        word = match.group()
        row = next((r for r in SYNONYMS if word.lower() in r), None)
        if row is None or rng.random() > rate:
            return word
        choice = rng.choice([w for w in row if w != word.lower()])
        return _capitalise(choice) if word[0].isupper() else choice

    def rewrite(sentence: str) -> str:
        return re.sub(r"[A-Za-z]+", swap, sentence)

    return _Article(rewrite(article.headline), [rewrite(s) for s in article.sentences])


def generate_copy_eval(n_originals: int = 200, seed: int = 0) -> tuple[list[CopyCandidate], set[frozenset[str]]]:
    """A synthetic evaluation set: news-like originals and their copies, with gold groups.

    Each original may get exact copies (differing only in what normalisation
    removes), copies with small edits, mirror pages with injected lines,
    synonym rewrites, and same-template distractors (same sentences, other
    facts: numbers, places, names, dates) that must not be linked. About a
    fifth of the originals are short briefs (under 40 words). Items come
    shuffled, with ``vector=None``; gold groups have two items or more.
    """
    rng = random.Random(seed)
    base = date(2024, 1, 1)
    records: list[tuple[str | None, str, str | None, str, int]] = []  # source, text, published, seen, group

    def emit(source: str | None, text: str, day: date | None, partial: bool, offset_hours: int, group: int) -> None:
        published = None if day is None else day.isoformat()[:7] if partial else day.isoformat()
        seen_day = day or base
        seen = datetime(seen_day.year, seen_day.month, seen_day.day, tzinfo=UTC) + timedelta(hours=offset_hours)
        records.append((source, text, published, seen.isoformat(), group))

    headlines: list[str] = []
    for n in range(n_originals):
        template = rng.randrange(len(_TEMPLATES))
        n_sentences = len(_TEMPLATES[template][1])
        brief = rng.random() < 0.2
        size = 2 if brief else rng.randint(4, min(7, n_sentences))
        chosen = [0, *sorted(rng.sample(range(1, n_sentences), size - 1))]  # a lede, as news items have
        headline = rng.randrange(len(_TEMPLATES[template][0]))
        article = _write(template, chosen, headline, _facts(rng))
        day = base + timedelta(days=rng.randrange(360))
        sources = rng.sample(_SOURCES, 6)
        emit(sources[0], _render(article), day, False, rng.randint(1, 20), n)
        headlines.append(article.headline)

        def copy_day(day: date = day) -> tuple[date | None, bool]:
            roll = rng.random()
            if roll < 0.1:
                return None, False
            return day + timedelta(days=rng.randint(0, 3)), roll < 0.2

        if rng.random() < 0.4:
            d, partial = copy_day()
            emit(sources[1], _exact_variant(_render(article), rng), d, partial, rng.randint(21, 60), n)
        if rng.random() < 0.5:
            d, partial = copy_day()
            emit(sources[2], _render(_edited(article, rng), per_paragraph=rng.choice((1, 2, 3))), d, partial,
                 rng.randint(21, 60), n)
        if rng.random() < 0.4:
            d, partial = copy_day()
            other = rng.choice(headlines)
            emit(sources[3], _mirror(article, rng, other), d, partial, rng.randint(21, 60), n)
        if rng.random() < 0.4:
            d, partial = copy_day()
            emit(sources[4], _render(_rewritten(article, rng)), d, partial, rng.randint(21, 60), n)
        if rng.random() < 0.7:
            for _ in range(rng.randint(1, 2)):
                distractor = _write(template, chosen, headline, _facts(rng))
                emit(sources[5], _render(distractor), day + timedelta(days=rng.randint(-5, 5)), False,
                     rng.randint(1, 60), -1)

    order = list(range(len(records)))
    rng.shuffle(order)
    candidates: list[CopyCandidate] = []
    members: dict[int, set[str]] = {}
    for position, i in enumerate(order):
        source, text, published, seen, group = records[i]
        item_id = f"it_{position:05d}"
        candidates.append(CopyCandidate(item_id, source, text, published, seen))
        if group >= 0:
            members.setdefault(group, set()).add(item_id)
    gold = {frozenset(m) for m in members.values() if len(m) > 1}
    return candidates, gold

