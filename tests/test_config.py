"""Settings layering: defaults < file < environment < flags; unknown keys rejected."""

from __future__ import annotations

from pathlib import Path

import pytest

from counterpoint.config import Settings, load_settings
from counterpoint.errors import ConfigError


def test_defaults_without_anything(tmp_path: Path) -> None:
    s = load_settings(environ={}, cwd=tmp_path)
    assert s == Settings()
    assert s.max_bytes == 50_000_000


def test_layers_in_order(tmp_path: Path) -> None:
    cfg = tmp_path / "counterpoint.toml"
    cfg.write_text('[counterpoint]\nmax_bytes = 1000\nbatch_size = 7\nsource = "file.example"\n')
    s = load_settings(environ={}, cwd=tmp_path)
    assert (s.max_bytes, s.batch_size, s.source) == (1000, 7, "file.example")
    s = load_settings(environ={"COUNTERPOINT_MAX_BYTES": "2000"}, cwd=tmp_path)
    assert (s.max_bytes, s.batch_size) == (2000, 7)
    s = load_settings(environ={"COUNTERPOINT_MAX_BYTES": "2000"}, cwd=tmp_path, flags={"max_bytes": 3000,
                                                                                      "db": None})
    assert (s.max_bytes, s.db) == (3000, "counterpoint.db")


def test_env_lists_and_bools(tmp_path: Path) -> None:
    s = load_settings(environ={"COUNTERPOINT_ANALYSED_LANGUAGES": "en, de", "COUNTERPOINT_PROGRESS": "off"},
                      cwd=tmp_path)
    assert s.analysed_languages == ("en", "de") and s.progress is False


def test_variables_that_are_not_settings_are_left_alone(tmp_path: Path) -> None:
    environ = {"COUNTERPOINT_THREADS": "1", "COUNTERPOINT_TEST_PG": "postgresql://x@127.0.0.1/y",
               "COUNTERPOINT_REQUIRE_PG": "1", "COUNTERPOINT_BATCH_SIZE": "9"}
    assert load_settings(environ=environ, cwd=tmp_path).batch_size == 9


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"COUNTERPOINT_MAX_BYTE": "1"}, "unknown setting 'max_byte'"),
        ({"COUNTERPOINT_MAX_BYTES": "lots"}, "not a int"),
        ({"COUNTERPOINT_PROGRESS": "maybe"}, "not a bool"),
        ({"COUNTERPOINT_BATCH_SIZE": "0"}, "must be positive"),
    ],
)
def test_bad_settings_are_rejected_with_the_fix(tmp_path: Path, environ: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(environ=environ, cwd=tmp_path)
    assert message in str(info.value)
    assert "Fix:" in str(info.value)


def test_unknown_key_in_file_lists_valid_keys(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("colour = 'red'\n")
    with pytest.raises(ConfigError, match="max_bytes"):
        load_settings(config_file=cfg, environ={})
    cfg.write_text("not toml [")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(config_file=cfg, environ={})
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(config_file=tmp_path / "nope.toml", environ={})


def test_event_settings_are_checked(tmp_path: Path) -> None:
    assert load_settings(environ={"COUNTERPOINT_EVENT_CLASSIFIER": "full"}, cwd=tmp_path).event_classifier == "full"
    with pytest.raises(ConfigError, match="fast, full, off"):
        load_settings(environ={"COUNTERPOINT_EVENT_CLASSIFIER": "sometimes"}, cwd=tmp_path)
    with pytest.raises(ConfigError, match="between 0 and 1"):
        load_settings(environ={"COUNTERPOINT_EVENT_MIN_CONFIDENCE": "1.5"}, cwd=tmp_path)


def test_what_the_engine_sets_for_its_fork_server_is_not_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from counterpoint.engine.lifetime import MAIN_THREAD_ENV

    monkeypatch.setenv(MAIN_THREAD_ENV, "1")  # a run with worker processes leaves it in this process
    assert load_settings() == Settings()
