"""compare_story on bundles the real pipeline made from short texts written for this test."""

from __future__ import annotations

from pathlib import Path

import pytest

from counterpoint.compare import compare_story, format_comparison
from counterpoint.config import Settings
from counterpoint.pipeline import analyze
from counterpoint.store.sqlite import SQLiteStore

NEUTRAL = """Pyongyang confirms its soldiers fought in Kursk

North Korea on Monday confirmed that it had sent troops to Russia's Kursk region. Officials in Seoul
estimate that North Korea sent about 11,000 troops to Russia. The statement cited Article 4 of the
Treaty on Comprehensive Strategic Partnership. It did not say how many soldiers had been killed.
"""

OPPOSING = """Pyongyang claims its troops helped "liberate" Kursk

Pyongyang claims its soldiers helped Russia in the Kursk region. Ukrainian military intelligence said
North Korea sent up to 14,000 soldiers to Russia. Pyongyang pointed to Article 4 of the treaty it
signed with Moscow. A monument to the soldiers will be built in Pyongyang, the statement said.
"""

STATE = """Heroic Korean soldiers helped free Kursk from the neo-Nazi formations of the Kiev regime

Units of the Korean People's Army helped Russia defeat the neo-Nazi formations of the Kiev regime in
the Kursk region, in full compliance with international law and Article 4 of the treaty.
"""


def _write(folder: Path, name: str, text: str, source: str) -> None:
    (folder / name).write_text(text, "utf-8")
    (folder / f"{name}.meta.toml").write_text(f'source = "{source}"\npublished = "2025-04-28"\n', "utf-8")


@pytest.mark.slow
def test_compare_bundles_from_the_pipeline(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    _write(folder, "neutral.txt", NEUTRAL, "wire.example")
    _write(folder, "opposing.txt", OPPOSING, "herald.example")
    _write(folder, "state.txt", STATE, "relay.example")
    settings = Settings(db=str(tmp_path / "c.db"), progress=False)
    store = SQLiteStore.open(settings.db)
    try:
        analyze([str(folder)], settings, store)
        bundles = list(store.load_bundles())
    finally:
        store.close()
    assert {b.source for b in bundles} == {"wire.example", "herald.example", "relay.example"}
    comparison = compare_story("s_kursk", bundles)
    conflicts = {a.about: a for a in comparison.conflict if a.kind == "number"}
    troops = next(a for about, a in conflicts.items() if about.startswith("number of troops"))
    assert {c.value for cs in troops.claims.values() for c in cs} >= {"about 11,000 troops",
                                                                         "up to 14,000 soldiers"}
    assert any(a.key == "reference|article 4" and len(a.claims) == 3 for a in comparison.agree)
    assert any(a.kind == "event" for a in comparison.agree)
    assert any(row.differs and any(u.tone == "pejorative" for us in row.names.values() for u in us)
               for row in comparison.naming)
    only = [c.value for a in comparison.only for cs in a.claims.values() for c in cs]
    assert any("in full compliance with international law" in v for v in only)
    out = format_comparison(comparison, width=120)
    assert "Conflict" in out and "up to 14,000 soldiers" in out
