"""Reading actor records from YAML and CSV files, with the line of every value.

The registry (``registry.py``) validates what these functions return; they only turn a
file into plain records and raise ``ConfigError`` (naming the file and line) when the file
cannot be read as YAML or CSV at all. The formats are documented in ``registry.py`` and in
``counterpoint/data/actors/README.md``.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from counterpoint.errors import ConfigError


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's safe loader when PyYAML has it (several times faster), with dates left as
    text: the registry checks them itself and names the line of a bad one."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LOADER: Any = _Loader
#: Keys an actor record may have.
ACTOR_KEYS = (
    "id", "name", "country", "sector", "label", "aliases", "demonyms", "metonyms", "short", "roles", "qid",
    "parent", "affiliation", "domains", "primary", "replaces",
)
#: Top-level keys of a YAML registry file.
FILE_KEYS = ("version", "actors", "agents", "generic")
#: Columns of a CSV registry file (one row per actor, or one more row per extra role).
CSV_COLUMNS = (
    "id", "name", "country", "sector", "label", "aliases", "demonyms", "metonyms", "qid", "parent",
    "affiliation", "domains", "role_title", "role_country", "role_sector", "role_start", "role_end",
)


@dataclass
class Record:
    """One actor record as written, with the line of the record and of each key."""

    data: dict[str, Any]
    line: int
    lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


@dataclass
class SourceFile:
    """Everything one registry file holds."""

    path: str
    records: list[Record] = field(default_factory=list)
    agents: dict[str, tuple[str, int]] = field(default_factory=dict)  # phrase -> (sector, line)
    generic: list[tuple[str, int]] = field(default_factory=list)


def config_error(path: str, line: int | None, reason: str, fix: str) -> ConfigError:
    where = f"{path}, line {line}" if line else path
    return ConfigError(reason, fix=fix, locator=where)


def _plain(value: Any) -> Any:
    """YAML dates become ISO strings; everything else stays as loaded."""
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def read_yaml(path: str, text: str) -> SourceFile:
    """A YAML registry file: a mapping with ``actors:`` (and optional ``agents:``,
    ``generic:``, ``version:``), or a bare list of actor mappings."""
    loader = _LOADER(text)
    try:
        root = loader.get_single_node()
        out = SourceFile(path)
        if root is None:
            return out
        actors_node: yaml.Node | None = None
        if isinstance(root, yaml.SequenceNode):
            actors_node = root
        elif isinstance(root, yaml.MappingNode):
            for key_node, value_node in root.value:
                key = str(key_node.value)
                line = key_node.start_mark.line + 1
                if key not in FILE_KEYS:
                    raise config_error(path, line, f"unknown top-level key {key!r}",
                                       f"use only {', '.join(FILE_KEYS)}")
                if key == "actors":
                    actors_node = value_node
                elif key == "agents":
                    _read_agents(path, loader, value_node, out)
                elif key == "generic":
                    if not isinstance(value_node, yaml.SequenceNode):
                        raise config_error(path, line, "'generic' must be a list of noun phrases",
                                           "write generic: [army, troops]")
                    out.generic = [(str(n.value), n.start_mark.line + 1) for n in value_node.value]
        else:
            raise config_error(path, root.start_mark.line + 1, "the file is not a list or mapping of actors",
                               "start the file with 'actors:' and a list of actor mappings")
        if actors_node is None:
            return out
        if not isinstance(actors_node, yaml.SequenceNode):
            raise config_error(path, actors_node.start_mark.line + 1, "'actors' must be a list",
                               "write each actor as a list item starting with '- id: ...'")
        for node in actors_node.value:
            line = node.start_mark.line + 1
            if not isinstance(node, yaml.MappingNode):
                raise config_error(path, line, "an actor must be a mapping of keys to values",
                                   "write it as '- id: my-id' followed by 'name:', 'sector:' ... lines")
            record = Record({}, line)
            for key_node, value_node in node.value:
                key = str(key_node.value)
                record.lines[key] = value_node.start_mark.line + 1
                try:
                    record.data[key] = _plain(loader.construct_object(value_node, deep=True))
                except (ValueError, TypeError) as exc:
                    raise config_error(path, record.lines[key], f"bad value for {key!r}: {exc}",
                                       "check the value's spelling and quoting") from exc
            out.records.append(record)
        return out
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise config_error(path, line, f"not valid YAML: {problem}",
                           "check the indentation and quoting on that line") from exc
    finally:
        loader.dispose()


def _read_agents(path: str, loader: Any, node: yaml.Node, out: SourceFile) -> None:
    if not isinstance(node, yaml.MappingNode):
        raise config_error(path, node.start_mark.line + 1, "'agents' must map noun phrases to sectors",
                           "write agents: {tankmen: MIL}")
    for key_node, value_node in node.value:
        out.agents[str(key_node.value)] = (str(loader.construct_object(value_node)),
                                           key_node.start_mark.line + 1)


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def read_csv(path: str, text: str) -> SourceFile:
    """A CSV registry file: a header row of ``CSV_COLUMNS`` (``id`` required, any order),
    then one actor per row. Lists are ``|``-separated; an alias may be prefixed with its
    kind (``pejorative:Kiev regime``). A row repeating an id adds a role or aliases."""
    out = SourceFile(path)
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader, None)
        if header is None:
            return out
        columns = [h.strip().lower() for h in header]
        unknown = [c for c in columns if c and c not in CSV_COLUMNS]
        if unknown:
            raise config_error(path, 1, f"unknown column {unknown[0]!r}", f"use only {', '.join(CSV_COLUMNS)}")
        if "id" not in columns:
            raise config_error(path, 1, "the header has no 'id' column",
                               f"start the file with a header such as {','.join(CSV_COLUMNS[:5])}")
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(columns):
                raise config_error(path, line, f"{len(row)} cells for {len(columns)} columns",
                                   "quote cells that contain commas")
            cells = {c: v.strip() for c, v in zip(columns, row, strict=False) if c and v.strip()}
            data: dict[str, Any] = {}
            for key in ("id", "name", "country", "sector", "label", "qid", "parent", "affiliation"):
                if key in cells:
                    data[key] = cells[key]
            if "aliases" in cells:
                aliases: list[Any] = []
                for part in _split(cells["aliases"]):
                    kind, sep, rest = part.partition(":")
                    if sep and kind.strip() in ("neutral", "pejorative", "honorific"):
                        aliases.append({"text": rest.strip(), "kind": kind.strip()})
                    else:
                        aliases.append(part)
                data["aliases"] = aliases
            for key in ("demonyms", "metonyms", "domains"):
                if key in cells:
                    data[key] = _split(cells[key])
            if any(k.startswith("role_") for k in cells):
                data["roles"] = [{k[5:]: v for k, v in cells.items() if k.startswith("role_")}]
            out.records.append(Record(data, line, {k: line for k in data}))
    except csv.Error as exc:
        raise config_error(path, reader.line_num, f"not valid CSV: {exc}", "check the quoting on that line") from exc
    return out


def read_file(path: Path) -> SourceFile:
    """Read a user registry file by its extension (``.yaml``/``.yml``/``.csv``)."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise config_error(name, None, "the registry file does not exist", "check the path") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise config_error(name, None, f"the registry file cannot be read: {exc}",
                           "save it as UTF-8 text and check its permissions") from exc
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return read_yaml(name, text)
    if suffix == ".csv":
        return read_csv(name, text)
    raise config_error(name, None, f"unknown registry file type {suffix or '(none)'!r}",
                       "use a .yaml, .yml or .csv file")
