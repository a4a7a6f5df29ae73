"""`counterpoint eval coverage`: stories and copies on real coverage, scored from the stored records.

A coverage folder holds page texts as they were saved from the web and their gold::

    DIR/docs/*.txt      one page each (any file in docs/ is analysed)
    DIR/gold.json       {"docs": {"<file>": {"story": "D1", ...}},
                         "stories": {"D1": {"title": ...}},
                         "copy_groups": [["<file>", "<file>", ...], ...]}

The product itself runs on ``DIR/docs``: the files, unchanged, go through
``counterpoint.pipeline.analyze`` (what ``counterpoint analyze`` calls) into a
fresh SQLite store in the cache folder, keyed by the files and by every file
of the package, so any change to the code analyses again
(:func:`counterpoint.evaluate.stories.analysed_files`). What is scored is what
that store holds: its stories and its copy groups, read back with the store's
own reading methods. Items are mapped to gold documents by file name.

How each side counts:

* **stories, per document**: the gold is one story per document (the event its
  headline and opening report), so a document's predicted story is the story of
  its **lead item** (the first item of the page; a digest belongs to the item
  it leads with). A document with no item, or whose lead item is in no story
  (a page stored "not analysed" that the link stage left alone), is a story of
  its own on the system side. A gold document missing from the store is listed
  and counted the same way; none is dropped. Gold ``other:*`` pages are stories
  of one page each. Scores: B-cubed and pairwise precision, recall and F1 (the
  same functions as ``eval stories``).
* **stories, per item** (a second view): every stored item of a gold document
  against its document's story, so a page cut into items that end up in
  several stories shows here.
* **copies**: pairwise precision, recall and F1 over *document* pairs, as
  ``eval copies`` scores them (``link.copies.evaluate_copies``): every pair
  inside a gold group is a gold pair; on the system side the stored copy groups
  are mapped to their documents and grouped transitively (two groups sharing a
  document are one), and every pair of documents inside a group is a predicted
  pair. Pairs inside one document do not count.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from counterpoint.config import Settings
from counterpoint.display import terminal_safe as _safe
from counterpoint.errors import UsageError
from counterpoint.evaluate.stories import PRF, analysed_files, bcubed, pair_counts, pairwise
from counterpoint.link.copies import evaluate_copies

#: How a document with no story of its own on the system side is labelled in the tables.
NO_STORY = "(no story)"
NOT_STORED = "(not stored)"
_UNSCORED = PRF(0.0, 0.0)

# --- the gold ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CoverageGold:
    """The gold of a coverage folder: each file's story, the story titles, the copy groups."""

    story_of: Mapping[str, str]
    titles: Mapping[str, str]
    copy_groups: tuple[frozenset[str], ...]


def _bad_gold(path: Path, what: str) -> UsageError:
    return UsageError(f"{path} is not a coverage gold file: {what}",
                      fix='write {"docs": {"<file>": {"story": "<id>"}}, "stories": {...}, "copy_groups": [[...]]}'
                          " (the layout of ../shared/data/coverage-dev)")


def load_gold(path: Path) -> CoverageGold:
    """Read ``gold.json``; a usage error says what is wrong with it (unreadable JSON, a document
    without a story, a copy group naming a file that has no gold, a file in two copy groups)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _bad_gold(path, f"it cannot be read as JSON ({exc})") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("docs"), dict):
        raise _bad_gold(path, 'it has no "docs" object')
    story_of: dict[str, str] = {}
    for name, entry in raw["docs"].items():
        story = entry.get("story") if isinstance(entry, dict) else None
        if not isinstance(story, str) or not story:
            raise _bad_gold(path, f"document {name!r} has no story")
        story_of[name] = story
    titles: dict[str, str] = {}
    stories = raw.get("stories", {})
    if isinstance(stories, dict):
        for sid, entry in stories.items():
            if isinstance(entry, dict) and isinstance(entry.get("title"), str):
                titles[sid] = entry["title"]
    groups: list[frozenset[str]] = []
    seen: dict[str, int] = {}
    for n, members in enumerate(raw.get("copy_groups", [])):
        if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
            raise _bad_gold(path, f"copy group {n + 1} is not a list of file names")
        for m in members:
            if m not in story_of:
                raise _bad_gold(path, f"copy group {n + 1} names {m!r}, which has no entry in docs")
            if m in seen and seen[m] != n:
                raise _bad_gold(path, f"{m!r} is in copy groups {seen[m] + 1} and {n + 1} (groups must not overlap)")
            seen[m] = n
        if len(set(members)) > 1:
            groups.append(frozenset(members))
    return CoverageGold(story_of, titles, tuple(groups))


# --- what the store holds ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoredDoc:
    """One analysed file as the store holds it: its items (id, story or None) in page order."""

    file: str
    language: str
    analysed: bool
    items: tuple[tuple[str, str | None], ...]

    @property
    def lead_story(self) -> str | None:
        """The story of the page's first item (None: no item, or the item is in no story)."""
        return self.items[0][1] if self.items else None


@dataclass(frozen=True, slots=True)
class StoredView:
    """The records of a store that the scores read: documents by file name, story titles, and
    the copy groups as (kind, files of their items)."""

    docs: Mapping[str, StoredDoc]
    story_titles: Mapping[str, str]
    copy_groups: tuple[tuple[str, frozenset[str]], ...]


def _file_name(locator: str) -> str:
    return Path(locator.split("#", 1)[0]).name


def read_store(path: Path) -> StoredView:
    """Read the stories and copy groups of the SQLite store at ``path`` (read-only), mapped to file
    names. When a file has several versions, the newest is read."""
    from counterpoint.store.sqlite import SQLiteStore

    store = SQLiteStore.open_read_only(path)
    try:
        titles: dict[str, str] = {}
        story_of_item: dict[str, str] = {}
        for story in store.iter_stories():
            titles[story.id] = story.title or ""
            for item_id in store.story_item_ids(story.id):
                story_of_item[item_id] = story.id
        rows: dict[str, list[tuple[int, int, str, str, bool]]] = defaultdict(list)
        for s in store.iter_items():
            rows[_file_name(s.locator)].append((s.document_version, s.item.position, s.item.id, s.language,
                                                s.analysed))
        docs: dict[str, StoredDoc] = {}
        file_of_item: dict[str, str] = {}
        for name, found in rows.items():
            newest = max(r[0] for r in found)
            mine = sorted(r for r in found if r[0] == newest)
            docs[name] = StoredDoc(name, mine[0][3], mine[0][4], tuple((r[2], story_of_item.get(r[2])) for r in mine))
            file_of_item.update((r[2], name) for r in mine)
        groups = tuple((g.kind, frozenset(file_of_item[i] for i in g.item_ids if i in file_of_item))
                       for g in store.iter_copy_groups())
    finally:
        store.close()
    return StoredView(docs, titles, groups)


# --- scoring ---------------------------------------------------------------------------------


def document_groups(groups: Iterable[Iterable[str]]) -> list[frozenset[str]]:
    """Groups that share a member joined into one (transitive closure), sorted; singletons dropped."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for group in groups:
        members = list(group)
        for m in members:
            parent.setdefault(m, m)
        for m in members[1:]:
            a, b = root(members[0]), root(m)
            if a != b:
                parent[b] = a
    joined: dict[str, set[str]] = defaultdict(set)
    for m in parent:
        joined[root(m)].add(m)
    return sorted((frozenset(g) for g in joined.values() if len(g) > 1), key=lambda g: sorted(g))


def _pairs(groups: Iterable[frozenset[str]]) -> set[tuple[str, str]]:
    return {pair for g in groups for pair in combinations(sorted(g), 2)}


@dataclass(frozen=True, slots=True)
class StoryRowScore:
    """One gold story in the per-story table.

    ``spread``: how many system stories its documents are in (a document in no story counts as
    one of its own); ``largest``: the share of its documents in the system story that holds
    most of them; ``purity``: the share of that system story's gold documents that are from
    this gold story (1.0 when that is a document on its own)."""

    story: str
    title: str
    docs: int
    spread: int
    largest: float
    purity: float

    def to_dict(self) -> dict[str, Any]:
        return {"story": self.story, "title": self.title, "docs": self.docs, "spread": self.spread,
                "largest": round(self.largest, 4), "purity": round(self.purity, 4)}


@dataclass(slots=True)
class CoverageReport:
    """What ``eval coverage`` prints; ``to_dict`` is its JSON (``--json``)."""

    documents: int = 0
    gold_stories: int = 0
    system_stories: int = 0
    items: int = 0
    split_documents: int = 0
    not_analysed: int = 0
    not_analysed_linked: int = 0
    missing_files: tuple[str, ...] = ()
    not_stored: tuple[str, ...] = ()
    not_in_gold: tuple[str, ...] = ()
    stories_bcubed: PRF = _UNSCORED
    stories_pairwise: PRF = _UNSCORED
    items_bcubed: PRF = _UNSCORED
    items_pairwise: PRF = _UNSCORED
    singletons_bcubed: PRF = _UNSCORED
    one_story_bcubed: PRF = _UNSCORED
    story_pairs: tuple[int, int, int] = (0, 0, 0)
    copies: PRF = _UNSCORED
    copy_pairs: tuple[int, int, int] = (0, 0, 0)
    per_story: tuple[StoryRowScore, ...] = ()
    merges: tuple[dict[str, Any], ...] = ()
    splits: tuple[dict[str, Any], ...] = ()
    missed_copies: tuple[dict[str, Any], ...] = ()
    false_copies: tuple[dict[str, Any], ...] = ()
    store: str = ""
    cached: bool = False
    analyse_seconds: float = 0.0
    seconds: float = 0.0
    skipped: str | None = None

    def to_dict(self) -> dict[str, Any]:
        if self.skipped:
            return {"skipped": self.skipped}
        n_pred, n_gold, n_both = self.story_pairs
        c_pred, c_gold, c_both = self.copy_pairs
        return {
            "documents": self.documents, "gold_stories": self.gold_stories, "system_stories": self.system_stories,
            "items": self.items, "split_documents": self.split_documents, "not_analysed": self.not_analysed,
            "not_analysed_linked": self.not_analysed_linked, "missing_files": list(self.missing_files),
            "not_stored": list(self.not_stored), "not_in_gold": list(self.not_in_gold),
            "stories": {"bcubed": self.stories_bcubed.to_dict(), "pairwise": self.stories_pairwise.to_dict(),
                        "pairs": {"predicted": n_pred, "gold": n_gold, "correct": n_both},
                        "per_item": {"bcubed": self.items_bcubed.to_dict(),
                                     "pairwise": self.items_pairwise.to_dict()},
                        "baselines": {"one_per_document": {"bcubed": self.singletons_bcubed.to_dict()},
                                      "one_story": {"bcubed": self.one_story_bcubed.to_dict()}}},
            "copies": {**self.copies.to_dict(), "pairs": {"predicted": c_pred, "gold": c_gold, "correct": c_both}},
            "per_story": [r.to_dict() for r in self.per_story],
            "worst": {"merges": list(self.merges), "splits": list(self.splits),
                      "missed_copies": list(self.missed_copies), "false_copies": list(self.false_copies)},
            "store": self.store, "cached": self.cached, "analyse_seconds": round(self.analyse_seconds, 1),
            "seconds": round(self.seconds, 1),
        }


def _label(doc: StoredDoc | None) -> str:
    if doc is None:
        return NOT_STORED
    return doc.lead_story or NO_STORY


def score_coverage(gold: CoverageGold, view: StoredView, *, present: Iterable[str] | None = None,
                   top: int = 5) -> CoverageReport:
    """Score the stored records ``view`` against ``gold`` (see the module docstring for how each
    side counts). ``present``: the files that were given to the product (a gold file not among
    them is listed as missing; default: every gold file). ``top``: how many of each kind of
    error to list."""
    report = CoverageReport()
    files = sorted(gold.story_of)
    present_set = set(gold.story_of) if present is None else set(present)
    report.documents = len(files)
    report.gold_stories = len(set(gold.story_of.values()))
    report.missing_files = tuple(f for f in files if f not in present_set)
    report.not_stored = tuple(f for f in files if f in present_set and f not in view.docs)
    report.not_in_gold = tuple(sorted(set(view.docs) - set(gold.story_of)))

    # stories, per document: the lead item's story; none -> a story of its own (absent from pred)
    pred = {f: s for f in files if (d := view.docs.get(f)) is not None and (s := d.lead_story) is not None}
    report.system_stories = len(set(pred.values())) + len(files) - len(pred)
    report.stories_bcubed = bcubed(pred, gold.story_of)
    report.stories_pairwise = pairwise(pred, gold.story_of)
    report.story_pairs = pair_counts(pred, gold.story_of)
    report.singletons_bcubed = bcubed({}, gold.story_of)
    report.one_story_bcubed = bcubed(dict.fromkeys(files, "all"), gold.story_of)

    # stories, per item
    item_gold: dict[str, str] = {}
    item_pred: dict[str, str] = {}
    for f in files:
        doc = view.docs.get(f)
        if doc is None:
            item_gold[f"{f}#none"] = gold.story_of[f]
            continue
        report.items += len(doc.items)
        report.split_documents += len(doc.items) > 1
        for item_id, story in doc.items:
            item_gold[item_id] = gold.story_of[f]
            if story is not None:
                item_pred[item_id] = story
        if not doc.items:
            item_gold[f"{f}#none"] = gold.story_of[f]
    report.items_bcubed = bcubed(item_pred, item_gold)
    report.items_pairwise = pairwise(item_pred, item_gold)

    # pages stored "not analysed" (other languages): counted, and how many the link stage joined to others
    story_sizes = Counter(pred.values())
    for f in files:
        doc = view.docs.get(f)
        if doc is not None and not doc.analysed:
            report.not_analysed += 1
            report.not_analysed_linked += doc.lead_story is not None and story_sizes[doc.lead_story] > 1

    report.per_story, report.merges, report.splits = _story_tables(gold, view, pred, top)

    # copies, over document pairs
    system_groups = document_groups(members & set(files) for _, members in view.copy_groups)
    scores = evaluate_copies(system_groups, gold.copy_groups)
    report.copies = PRF(scores["precision"], scores["recall"])
    report.copy_pairs = (int(scores["predicted_pairs"]), int(scores["gold_pairs"]), int(scores["true_pairs"]))
    report.missed_copies, report.false_copies = _copy_errors(gold, view, system_groups, top)
    return report


def _story_tables(gold: CoverageGold, view: StoredView, pred: Mapping[str, str], top: int
                  ) -> tuple[tuple[StoryRowScore, ...], tuple[dict[str, Any], ...], tuple[dict[str, Any], ...]]:
    files = sorted(gold.story_of)
    # a document in no story is a system story of its own: key it by the file
    system_of = {f: pred.get(f, f"\x00{f}") for f in files}
    members: dict[str, list[str]] = defaultdict(list)
    for f in files:
        members[system_of[f]].append(f)
    by_gold: dict[str, list[str]] = defaultdict(list)
    for f in files:
        by_gold[gold.story_of[f]].append(f)

    def name(system: str, f: str) -> str:
        if not system.startswith("\x00"):
            return system
        return _label(view.docs.get(f))

    rows: list[StoryRowScore] = []
    splits: list[tuple[int, dict[str, Any]]] = []
    for story, docs in sorted(by_gold.items(), key=lambda kv: (kv[0].startswith("other:"), kv[0])):
        parts = Counter(system_of[f] for f in docs)
        main, n_main = max(parts.items(), key=lambda kv: (kv[1], kv[0]))
        purity = n_main / len(members[main])
        rows.append(StoryRowScore(story, gold.titles.get(story, ""), len(docs), len(parts), n_main / len(docs),
                                  purity))
        if len(parts) > 1:
            missed = len(docs) * (len(docs) - 1) // 2 - sum(n * (n - 1) // 2 for n in parts.values())
            fragments = [{"system_story": name(s, next(f for f in docs if system_of[f] == s)),
                          "title": view.story_titles.get(s, ""),
                          "files": sorted(f for f in docs if system_of[f] == s)}
                         for s, _ in parts.most_common()]
            splits.append((missed, {"gold_story": story, "title": gold.titles.get(story, ""),
                                    "missed_pairs": missed, "parts": fragments}))
    merges: list[tuple[int, dict[str, Any]]] = []
    for system, docs in members.items():
        kinds = Counter(gold.story_of[f] for f in docs)
        if len(kinds) < 2:
            continue
        wrong = len(docs) * (len(docs) - 1) // 2 - sum(n * (n - 1) // 2 for n in kinds.values())
        merges.append((wrong, {"system_story": system, "title": view.story_titles.get(system, ""),
                               "wrong_pairs": wrong, "docs": len(docs),
                               "gold": {g: sorted(f for f in docs if gold.story_of[f] == g)
                                        for g, _ in kinds.most_common()}}))
    splits.sort(key=lambda x: (-x[0], x[1]["gold_story"]))
    merges.sort(key=lambda x: (-x[0], x[1]["system_story"]))
    return tuple(rows), tuple(m for _, m in merges[:top]), tuple(s for _, s in splits[:top])


def _copy_errors(gold: CoverageGold, view: StoredView, system_groups: Sequence[frozenset[str]], top: int
                 ) -> tuple[tuple[dict[str, Any], ...], tuple[dict[str, Any], ...]]:
    gold_pairs, system_pairs = _pairs(gold.copy_groups), _pairs(system_groups)
    kinds: dict[tuple[str, str], str] = {}
    for kind, group_files in view.copy_groups:
        for pair in combinations(sorted(group_files), 2):
            kinds.setdefault(pair, kind)

    def row(pair: tuple[str, str]) -> dict[str, Any]:
        a, b = pair
        out: dict[str, Any] = {"files": [a, b], "gold_stories": sorted({gold.story_of[a], gold.story_of[b]})}
        if pair in system_pairs:
            out["kind"] = kinds.get(pair, "joined")  # "joined": only through a shared document
        return out

    # one missed pair of each gold group first, then the second of each, ...: the top rows show many groups
    missed: list[tuple[str, str]] = []
    rank: dict[tuple[str, str], int] = {}
    for group in gold.copy_groups:
        for k, pair in enumerate(p for p in combinations(sorted(group), 2) if p not in system_pairs):
            rank[pair] = k
            missed.append(pair)
    missed.sort(key=lambda p: (rank[p], gold.story_of[p[0]], p))
    # false pairs across gold stories first: they also mislead the stories view
    false = sorted(system_pairs - gold_pairs, key=lambda p: (gold.story_of[p[0]] == gold.story_of[p[1]], p))
    return tuple(row(p) for p in missed[:top]), tuple(row(p) for p in false[:top])


# --- the run -------------------------------------------------------------------------------


def evaluate_coverage(data_dir: Path, settings: Settings, *, cache_dir: Path | None = None, top: int = 5,
                      log: Callable[[str], None] | None = None) -> CoverageReport:
    """Run the product on ``data_dir/docs`` (once per version of the files and of the code; the
    store is kept in ``cache_dir``) and score its stored stories and copies against
    ``data_dir/gold.json``. A missing folder or file gives a report that only says what is
    missing (``skipped``); a malformed gold file raises :class:`UsageError`."""
    started = time.perf_counter()
    data_dir = Path(data_dir)
    docs_dir, gold_file = data_dir / "docs", data_dir / "gold.json"
    for needed, what in ((data_dir, "data folder"), (docs_dir, "docs folder"), (gold_file, "gold file")):
        if not needed.exists():
            return CoverageReport(skipped=f"{what} {needed} not found")
    gold = load_gold(gold_file)
    files = {p.name: p.read_bytes() for p in sorted(docs_dir.iterdir()) if p.is_file() and not p.name.startswith(".")}
    if not files:
        return CoverageReport(skipped=f"no documents in {docs_dir}")
    path, cached = analysed_files(files, settings, name="coverage", cache_dir=cache_dir, whole_package=True,
                                  log=log)
    analysed = time.perf_counter()
    report = score_coverage(gold, read_store(path), present=files, top=top)
    report.store, report.cached = str(path), cached
    report.analyse_seconds = analysed - started
    report.seconds = time.perf_counter() - started
    return report


# --- the text report -------------------------------------------------------------------------


def _prf(s: PRF) -> str:
    return f"P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f}"


def _short(text: str, limit: int = 60) -> str:
    return _safe(text, one_line=True, limit=limit)


def format_report(report: CoverageReport) -> str:
    """A plain-text report of :func:`evaluate_coverage`."""
    if report.skipped:
        return f"skipped: {report.skipped}"
    n_pred, n_gold, n_both = report.story_pairs
    c_pred, c_gold, c_both = report.copy_pairs
    lines = [
        f"coverage: {report.documents} gold documents, {report.gold_stories} gold stories; the system made"
        f" {report.system_stories} (a document in no story counts as one)",
        f"analysed store: {report.store} ({'cached' if report.cached else 'made now'}, {report.analyse_seconds:.0f} s);"
        f" {report.items} items, {report.split_documents} documents cut into several items (scored by their lead"
        f" item), {report.not_analysed} not analysed (language; {report.not_analysed_linked} of them joined to"
        " other documents)",
    ]
    if report.missing_files:
        lines.append(f"gold documents missing from docs/ (counted as stories of their own): "
                     f"{', '.join(report.missing_files)}")
    if report.not_stored:
        lines.append(f"gold documents the store has no item of (counted as stories of their own): "
                     f"{', '.join(report.not_stored)}")
    if report.not_in_gold:
        lines.append(f"files in docs/ without gold (not scored): {', '.join(report.not_in_gold)}")
    lines += [
        "",
        f"stories  B-cubed   {_prf(report.stories_bcubed)}",
        f"stories  pairwise  {_prf(report.stories_pairwise)}   (pairs: predicted {n_pred}, gold {n_gold},"
        f" correct {n_both})",
        f"  per item: B-cubed {_prf(report.items_bcubed)}; pairwise {_prf(report.items_pairwise)}",
        f"  baselines (B-cubed): one story per document {_prf(report.singletons_bcubed)};"
        f" one story for all {_prf(report.one_story_bcubed)}",
        f"copies   pairwise  {_prf(report.copies)}   (document pairs: predicted {c_pred}, gold {c_gold},"
        f" correct {c_both})",
        "",
        "per gold story: documents, system stories they are spread over, share in the largest, its purity",
        f"  {'story':<12} {'docs':>4} {'spread':>6} {'largest':>7} {'purity':>6}  title",
    ]
    for r in report.per_story:
        lines.append(f"  {_short(r.story, 12):<12} {r.docs:>4} {r.spread:>6} {r.largest:>7.2f} {r.purity:>6.2f}"
                     f"  {_short(r.title)}")
    if report.merges:
        lines += ["", "largest wrong merges (system story -> the gold stories it mixes):"]
        for m in report.merges:
            lines.append(f"  {m['system_story']} ({m['docs']} docs, {m['wrong_pairs']} wrong pairs)"
                         f" {_short(m['title'])!r}")
            for g, fs in m["gold"].items():
                lines.append(f"      {g}: {', '.join(fs)}")
    if report.splits:
        lines += ["", "largest splits (gold story -> the system stories it is spread over):"]
        for s in report.splits:
            lines.append(f"  {s['gold_story']} ({s['missed_pairs']} missed pairs) {_short(s['title'])!r}")
            for part in s["parts"]:
                lines.append(f"      {part['system_story']}: {', '.join(part['files'])}")
    if report.missed_copies:
        lines += ["", "missed copy pairs:"]
        lines += [f"  {p['gold_stories'][0]}: {p['files'][0]} ~ {p['files'][1]}" for p in report.missed_copies]
    if report.false_copies:
        lines += ["", "false copy pairs:"]
        lines += [f"  {'/'.join(p['gold_stories'])} ({p.get('kind', '')}): {p['files'][0]} ~ {p['files'][1]}"
                  for p in report.false_copies]
    lines.append(f"({report.seconds:.0f} s in all)")
    return "\n".join(_safe(line) for line in lines)
