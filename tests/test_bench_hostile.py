"""The hostile-input corpus of ``bench/hostile.py`` (issue 16) builds every case, and each case's
check tells a store that handled it from one that did not (the checks read stores made here)."""

from __future__ import annotations

import importlib.util
import os
import stat
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import make_document

BENCH = Path(__file__).resolve().parent.parent / "bench" / "hostile.py"


@pytest.fixture(scope="module")
def hostile() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_hostile", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_hostile"] = module
    spec.loader.exec_module(module)
    return module


def test_every_case_builds_its_bad_input_beside_a_good_document(hostile: ModuleType, tmp_path: Path) -> None:
    names = [case.name for case in hostile.CASES]
    assert len(names) == len(set(names)) >= 12
    for case in hostile.CASES:
        folder = tmp_path / case.name
        case.make(folder)
        entries = os.listdir(os.fsencode(folder))
        assert b"good.txt" in entries and len(entries) >= 2, case.name
    assert stat.S_ISFIFO(os.lstat(tmp_path / "fifo" / "pipe.txt").st_mode)
    assert os.path.islink(tmp_path / "link-out-of-root" / "notes.txt")
    assert b"caf\xe9.txt" in os.listdir(os.fsencode(tmp_path / "non-utf8-name"))
    assert (tmp_path / "10MB-one-line" / "long-line.txt").stat().st_size == 10_000_000


def _store_with(tmp_path: Path, texts: list[str], published: str | None = None) -> Path:
    from counterpoint.model import PartialDate
    from counterpoint.segment import segment
    from counterpoint.store.sqlite import SQLiteStore

    tmp_path.mkdir(parents=True, exist_ok=True)
    db = tmp_path / "s.db"
    store = SQLiteStore.open(db)
    run = store.begin_run("test", [])
    for n, text in enumerate(texts):
        date = PartialDate.parse_iso(published, "sidecar") if published and n else None
        doc = make_document(text, locator=f"d{n}.txt", published=date)
        store.add_document(doc, segment(doc), run)
    store.commit()
    store.close()
    return db


def test_the_checks_fail_a_store_that_leaked_or_invented(hostile: ModuleType, tmp_path: Path) -> None:
    leaked = _store_with(tmp_path / "a", [hostile.GOOD_TEXT, f"{hostile.SECRET} root:x:0:0"])
    ok, seen = hostile._no_secret(leaked, "")
    assert not ok and "LEAKED" in seen
    invented = _store_with(tmp_path / "b", [hostile.GOOD_TEXT, "FARFUTURE the council met."], "2026-01-01")
    assert not hostile._undated("FARFUTURE")(invented, "")[0]
    undated = _store_with(tmp_path / "c", [hostile.GOOD_TEXT, "FARFUTURE the council met."])
    assert hostile._undated("FARFUTURE")(undated, "")[0]
