"""The link stage through `analyze`: copies, stories, incremental runs, failures, and the CLI over them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from counterpoint.cli import cli
from counterpoint.config import Settings
from counterpoint.link import stage
from counterpoint.pipeline import analyze
from counterpoint.store.sqlite import SQLiteStore

WIRE = """Ukraine and Russia swap 175 prisoners of war in deal brokered by the UAE

Ukraine and Russia exchanged 175 prisoners of war each on Wednesday, March 19, in a deal brokered by the United
Arab Emirates, officials in Kyiv and Moscow said. The Ukrainian soldiers crossed the border near Sumy in buses
and were taken to a hospital for checks, the coordination headquarters for prisoners said.

The Russian defence ministry said its servicemen would be flown to Moscow for treatment. It was the sixth exchange
mediated by the Emirates this year, according to the foreign ministry in Abu Dhabi.
"""

MIRROR = """Ukraine and Russia swap 175 prisoners of war in deal brokered by the UAE

SUBSCRIBE NOW for breaking alerts straight to your phone!

Ukraine and Russia exchanged 175 prisoners of war each on Wednesday, March 19, in a deal brokered by the United
Arab Emirates, officials in Kyiv and Moscow said. The Ukrainian soldiers crossed the border near Sumy in buses
and were taken to a hospital for checks, the coordination headquarters for prisoners said.

Sponsored: the best travel deals of the season are waiting for you.

The Russian defence ministry said its servicemen would be flown to Moscow for treatment. It was the sixth exchange
mediated by the Emirates this year, according to the foreign ministry in Abu Dhabi.
"""

OTHER_SIDE = """Defenders come home: swap returns 150 soldiers from Russian captivity

One hundred and fifty Ukrainian defenders returned home from Russian captivity on March 19, President Volodymyr
Zelensky said, thanking the United Arab Emirates for its mediation in the exchange. Many of the released men had
been held since the battles for Mariupol, he said. The swap took place on the border in the Sumy region.

Russia claims it received the same number of its servicemen in return.
"""

LATER_SWAP = """Second swap in a month brings 246 prisoners home

Ukraine and Russia exchanged 246 prisoners of war each on Saturday, April 19, in another deal brokered by the
United Arab Emirates, officials in Kyiv and Moscow said. The released Ukrainian soldiers were taken by bus to the
Chernihiv region for medical checks.

The Russian defence ministry said its servicemen were being treated in Belarus before their return to Moscow.
"""

SIDECARS = {
    "wire.txt": ("Wire Service", "2025-03-19"),
    "mirror.txt": ("mirror-site.example", "2025-03-21"),
    "other.txt": ("Kyiv Ledger", "2025-03-19"),
    "later.txt": ("Wire Service", "2025-04-19"),
}
TEXTS = {"wire.txt": WIRE, "mirror.txt": MIRROR, "other.txt": OTHER_SIDE, "later.txt": LATER_SWAP}


def _write(folder: Path, names: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text(TEXTS[name], "utf-8")
        source, published = SIDECARS[name]
        (folder / f"{name}.meta.toml").write_text(f'source = "{source}"\npublished = "{published}"\n', "utf-8")


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A store where wire, mirror and later were analysed first, then the other side's report alone."""
    tmp = tmp_path_factory.mktemp("link")
    db = tmp / "l.db"
    settings = Settings(db=str(db), progress=False)
    store = SQLiteStore.open(db)
    try:
        _write(tmp / "first", ["wire.txt", "mirror.txt", "later.txt"])
        analyze([str(tmp / "first")], settings, store)
        before = {i: store.story_of(i) for i in store.items_to_link() + [r.item_id for r in store.linked_items()]}
        _write(tmp / "second", ["other.txt"])
        summary = analyze([str(tmp / "second")], settings, store)
        assert summary.stages["link"]["items"] == 1 and summary.stages["link"]["restored"] == 3
        after = {r.item_id: r.story_id for r in store.linked_items()}
        # an item's story never changes once assigned
        assert all(after[i] == s for i, s in before.items())
        ids = {}
        for b in store.load_bundles():
            name = next(n for n, (src, pub) in SIDECARS.items() if (b.source, b.item.published.iso()) == (src, pub))
            ids[name] = b.id
    finally:
        store.close()
    return db, ids


def test_mirror_is_a_copy_with_the_wire_as_earliest_publisher(linked: tuple[Path, dict[str, str]]) -> None:
    db, ids = linked
    store = SQLiteStore.open_read_only(db)
    try:
        groups = list(store.iter_copy_groups())
    finally:
        store.close()
    assert len(groups) == 1
    assert set(groups[0].item_ids) == {ids["wire.txt"], ids["mirror.txt"]}
    assert groups[0].earliest_item_id == ids["wire.txt"] and groups[0].kind == "near"


def test_one_event_across_sources_is_one_story_and_the_look_alike_stays_apart(
        linked: tuple[Path, dict[str, str]]) -> None:
    db, ids = linked
    store = SQLiteStore.open_read_only(db)
    try:
        story = store.story_of(ids["wire.txt"])
        assert story is not None
        assert store.story_of(ids["mirror.txt"]) == story
        assert store.story_of(ids["other.txt"]) == story  # joined in a later run
        assert store.story_of(ids["later.txt"]) != story  # the swap a month later is another event
        row = store.get_story(story)
        assert row is not None and row.size == 3 and row.sources == 3
        assert row.first_reported == "2025-03-19"
        assert store.story_item_ids(story)[-1] == ids["mirror.txt"]  # published last
    finally:
        store.close()


def _cli(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), *args])
    return result.exit_code, result.output


def test_cli_lists_compares_and_exports(linked: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    db, ids = linked
    code, out = _cli(db, "stories", "--json")
    assert code == 0
    stories = [json.loads(line) for line in out.splitlines()]
    shared = next(s for s in stories if ids["wire.txt"] in s["item_ids"])
    code, out = _cli(db, "stories", "--min-sources", "2")
    assert code == 0 and shared["id"] in out and len(out.splitlines()) == 1
    code, out = _cli(db, "compare", shared["id"], "--json")
    assert code == 0
    comparison = json.loads(out)
    assert set(comparison) >= {"agree", "conflict", "only", "naming"}
    code, out = _cli(db, "compare", shared["id"])
    assert code == 0 and "Kyiv Ledger" in out
    code, out = _cli(db, "compare", "s_nope")
    assert code == 2 and "counterpoint stories" in out
    code, out = _cli(db, "timeline")
    assert code == 0 and "2025-03" in out and "2025-04" in out
    code, out = _cli(db, "copies")
    assert code == 0 and "earliest: Wire Service" in out and "mirror-site.example <- Wire Service" in out
    code, out = _cli(db, "export", "copies")
    [group] = [json.loads(line) for line in out.splitlines()]
    assert group["earliest_item_id"] == ids["wire.txt"] and group["kind"] == "near"
    assert set(group) >= {"group_id", "item_ids", "earliest_item_id", "kind"}
    target = tmp_path / "stories.jsonl"
    code, _ = _cli(db, "export", "stories", "-o", str(target))
    assert code == 0
    exported = [json.loads(line) for line in target.read_text("utf-8").splitlines()]
    record = next(r for r in exported if r["id"] == shared["id"])
    assert set(record) >= {"id", "title", "first_reported", "item_ids", "sources", "event_ids", "agree", "conflict",
                           "only"}
    assert set(record["sources"]) == {"Wire Service", "mirror-site.example", "Kyiv Ledger"}
    code, out = _cli(db, "export", "stories", "--format", "csv")
    assert code == 0 and out.splitlines()[0].startswith("id,title,first_reported")


def test_unknown_actor_filter_is_a_usage_error(linked: tuple[Path, dict[str, str]]) -> None:
    db, _ = linked
    code, out = _cli(db, "stories", "--actor", "Nobody Such Person")
    assert code == 2 and "counterpoint actors" in out


def test_a_bad_item_is_recorded_and_the_others_are_linked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = stage.features_of

    def fragile(bundle):  # type: ignore[no-untyped-def]
        if "246" in bundle.text:
            raise ValueError("hostile input")
        return real(bundle)

    monkeypatch.setattr(stage, "features_of", fragile)
    _write(tmp_path / "docs", ["wire.txt", "later.txt"])
    settings = Settings(db=str(tmp_path / "f.db"), progress=False)
    store = SQLiteStore.open(settings.db)
    try:
        summary = analyze([str(tmp_path / "docs")], settings, store)
        assert summary.stages["link"]["items"] == 1 and summary.stages["link"]["failed"] == 1
        assert store.link_status() == {"done": 1, "failed": 1}
        assert store.items_to_link() == []  # recorded, not retried forever
        assert len(list(store.iter_stories())) == 1
    finally:
        store.close()


def test_nothing_to_link_says_so(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    SQLiteStore.open(db).close()
    for command in ("stories", "copies", "timeline"):
        code, out = _cli(db, command)
        assert code == 0 and "counterpoint analyze" in out
