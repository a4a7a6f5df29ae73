"""Training on a tiny synthetic data set, and the evaluation harness (skips without data)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from counterpoint.evaluate import events as ev
from counterpoint.extract.typing import EventTyper, RoleTagger
from counterpoint.extract.typing.classifier import META_FILE, WEIGHTS_FILE
from counterpoint.extract.typing.data import read_cameo, read_plover, read_roles
from counterpoint.extract.typing.roles import MODEL_FILE
from counterpoint.extract.typing.train import main as train_main
from counterpoint.extract.typing.train import train_events
from counterpoint.model import PLOVER_TYPES

from .conftest import CAMEO, PLOVER, ROLES


def test_readers(tiny_data: Path) -> None:
    cameo = read_cameo(tiny_data / "cameo-sentences" / "train.tsv")
    assert len(cameo) == len(CAMEO) and cameo[0] == CAMEO[0]
    roles = read_roles(tiny_data / "cameo-sentences" / "train-roles.txt")
    assert len(roles) == len(ROLES) and roles[0][1][:2] == ["B-S", "I-S"]
    plover = read_plover(tiny_data / "plover" / "PLOVER_GSR_CAMEO.json")
    assert len(plover) == len(PLOVER)  # the DOCUMENT record is skipped
    assert [r.type for r in plover][2:5] == ["ASSAULT", "ACCUSE", "ACCUSE"]  # FIGHT, DISAPPROVE mapped
    assert plover[4].mode == "disapprove" and plover[4].target_codes == ("JPN",)


def test_train_writes_loadable_models(tiny_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "models"
    summary = train_events(tiny_data, out)
    assert set(summary["files"]) == {META_FILE, WEIGHTS_FILE, MODEL_FILE, f"fast/{META_FILE}", f"fast/{WEIGHTS_FILE}"}
    fast = EventTyper.load(out / "fast")
    assert not fast.uses_embeddings and EventTyper.load(out).uses_embeddings
    assert not np.any(fast.quad_coef[:, :384])  # the embedding columns carry no weight
    fast_scores = fast.predict(["Militants attacked a police station."])  # no encoder needed
    assert math.isclose(sum(fast_scores[0].type_probs.values()), 1.0, abs_tol=1e-4)
    meta = json.loads((out / META_FILE).read_text("utf-8"))
    typer = EventTyper.load(out)
    dim = 384 + meta["dict_dim"] + len(meta["vocab"])
    assert typer.quad_coef.shape == (5, dim)
    assert typer.type_coef.shape == (len(PLOVER_TYPES), dim)
    with np.load(out / WEIGHTS_FILE, allow_pickle=False) as npz:
        assert sorted(npz.files) == ["idf", "quad_coef", "quad_intercept", "type_coef", "type_intercept"]
    scores = typer.predict(["Militants attacked a police station."])
    assert math.isclose(sum(scores[0].quad_probs.values()), 1.0, abs_tol=1e-4)
    tags = RoleTagger.load(out / MODEL_FILE).tag(["Iran", "accused", "Israel", "."])
    assert len(tags) == 4
    # deterministic: the same data gives the same bytes
    again = train_events(tiny_data, tmp_path / "again")
    assert {k: v["sha256"] for k, v in again["files"].items()} == {k: v["sha256"] for k, v in summary["files"].items()}


def test_train_main_missing_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert train_main(["--data", str(tmp_path / "nope"), "--out", str(tmp_path / "out")]) == 2
    assert "not found" in capsys.readouterr().err


def test_eval_skips_without_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = ev.run_events_eval(tmp_path / "absent")
    assert "skipped" in result
    assert ev.format_report(result).startswith("skipped: ")
    (tmp_path / "partial").mkdir()
    assert "missing" in ev.run_events_eval(tmp_path / "partial")["skipped"]
    assert ev.main(["--data", str(tmp_path / "absent")]) == 0
    assert capsys.readouterr().out.startswith("skipped: ")


def test_eval_runs_on_tiny_data(tiny_data: Path) -> None:
    result = ev.run_events_eval(tiny_data, folds=2)
    coarse = result["coarse"]["systems"]
    assert set(coarse) == {"majority", "dictionary", "model", "model_fast"}
    assert set(result["types"]["systems"]) == {"majority", "dictionary", "model", "model_fast"}
    assert all(0.0 <= s["macro_f1"] <= 1.0 for s in coarse.values())
    assert result["spans"]["source"]["crf"]["gold"] == len(ROLES)
    assert result["types"]["n"] == len(PLOVER)
    assert result["actors"]["systems"]["order"]["source"]["gold"] == len(PLOVER)
    report = ev.format_report(result)
    for heading in ("1. coarse", "2. source/target", "3. PLOVER type", "4. actor codes", "macro-F1"):
        assert heading in report


def test_metric_helpers() -> None:
    s = ev.classification_scores(["a", "a", "b"], ["a", "b", "b"], ["a", "b", "c"])
    assert math.isclose(s["accuracy"], 2 / 3)
    assert s["per_class"]["a"] == {"p": 1.0, "r": 0.5, "f1": pytest.approx(2 / 3), "n": 1 + 1}
    assert "c" in s["per_class"] and math.isclose(s["macro_f1"], (2 / 3 + 2 / 3) / 2)
    spans = ev.span_scores([[(0, 2)], [(3, 5)]], [[(0, 2)], [(4, 6)]])
    assert spans["exact"]["p"] == 0.5 and spans["overlap"]["f1"] == 1.0
    assert ev.copy_groups(["A b.", "a B", "c"], None)[:2] == [0, 0]
