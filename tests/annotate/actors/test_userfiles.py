"""User registry files: YAML and CSV extensions, and the errors a malformed file gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from counterpoint.annotate.actors import ActorRegistry
from counterpoint.errors import ConfigError

GOOD_YAML = """\
actors:
  - id: azov-brigade
    name: Azov Brigade
    country: UKR
    sector: MIL
    parent: ukr-armed-forces
    aliases:
      - Azov Regiment
      - {text: Azov butchers, kind: pejorative}
    short: [Regiment]
  - id: kim-jong-un            # extends a packaged actor
    aliases: [{text: Great Successor, kind: honorific}]
  - id: daily-frontline
    name: Daily Frontline
    country: UKR
    sector: MEDIA
    affiliation: independent
    domains: [frontline.example.org]
agents:
  drone operators: MIL
generic: [drone operators]
"""

GOOD_CSV = """\
id,name,country,sector,aliases,role_title,role_sector,role_start,role_end
han-duck-soo,Han Duck-soo,KOR,GOV,Han Duck-soo|pejorative:Han puppet,Acting President,LEADER,2024-12-14,2024-12-27
han-duck-soo,,KOR,,,Prime Minister,GOV,2022-05-21,
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_extension(tmp_path: Path) -> None:
    reg = ActorRegistry.load([write(tmp_path, "mine.yaml", GOOD_YAML)])
    azov = reg.get("azov-brigade")
    assert azov is not None and azov.country == "UKR" and azov.parent == "ukr-armed-forces"
    assert {a.text: a.kind for a in azov.aliases}["Azov butchers"] == "pejorative"
    assert azov.origin.endswith("mine.yaml")
    kju = reg.get("kim-jong-un")
    assert kju is not None and {a.text: a.kind for a in kju.aliases}["Great Successor"] == "honorific"
    assert kju.qid == "Q56226"  # kept from the packaged entry
    assert reg.outlet_for_domain("news.frontline.example.org").id == "daily-frontline"  # type: ignore[union-attr]
    assert reg.agent("drone operators") == "MIL" and "drone operators" in reg.generic
    assert ActorRegistry.load().get("azov-brigade") is None  # the packaged registry is untouched


def test_csv_extension(tmp_path: Path) -> None:
    reg = ActorRegistry.load([write(tmp_path, "mine.csv", GOOD_CSV)])
    han = reg.get("han-duck-soo")
    assert han is not None and han.sector == "GOV"
    assert {a.text: a.kind for a in han.aliases}["Han puppet"] == "pejorative"
    assert {"Acting President", "Prime Minister"} <= {r.title for r in han.roles}  # added to Phoenix's roles
    assert {a.id for a in reg.role_holders("KOR", "LEADER", None, "2024-12-20")} == {"han-duck-soo", "yoon-suk-yeol"}
    assert {a.id for a in reg.role_holders("KOR", "LEADER", None, "2025-01-20")} == {"yoon-suk-yeol"}


def test_load_is_cached_per_file_set(tmp_path: Path) -> None:
    path = write(tmp_path, "mine.yaml", GOOD_YAML)
    assert ActorRegistry.load([path]) is ActorRegistry.load([path])
    assert ActorRegistry.load([path]) is not ActorRegistry.load()


BAD_YAML = [
    ("unknown sector", "actors:\n  - id: x1\n    name: X\n    sector: ARMY\n", 4, "unknown sector 'ARMY'",
     "use one of"),
    ("missing id", "actors:\n  - id: ok-1\n    name: A\n    sector: GOV\n  - name: B\n    sector: GOV\n", 5,
     "has no id", "add 'id:"),
    ("duplicate id, other country", "actors:\n  - id: kpa\n    country: RUS\n", 3,
     "duplicate id 'kpa' with country RUS, already PRK", "another id"),
    ("duplicate in file", "actors:\n  - id: d1\n    name: D\n    sector: GOV\n    country: FRA\n"
     "  - id: d1\n    country: DEU\n", 7, "duplicate id 'd1' with country DEU, already FRA", "another id"),
    ("bad date", "actors:\n  - id: x2\n    name: X\n    sector: LEADER\n    roles:\n"
     "      - {title: Boss, sector: LEADER, start: 2024-02-31}\n", 6, "bad date '2024-02-31'", "real calendar date"),
    ("bad date format", "actors:\n  - id: x3\n    name: X\n    sector: LEADER\n    roles:\n"
     "      - {title: Boss, sector: LEADER, start: 17.03.2024}\n", 6, "bad date '17.03.2024'", "YYYY-MM-DD"),
    ("end before start", "actors:\n  - id: x4\n    name: X\n    sector: LEADER\n    roles:\n"
     "      - {title: Boss, sector: LEADER, start: 2024-01-01, end: 2023-01-01}\n", 6, "ends (2023-01-01) before",
     "swap"),
    ("unknown key", "actors:\n  - id: x5\n    name: X\n    sector: GOV\n    nickname: Y\n", 5, "unknown key 'nickname'",
     "use only"),
    ("bad alias kind", "actors:\n  - id: x6\n    name: X\n    sector: GOV\n    aliases:\n"
     "      - {text: Y, kind: rude}\n", 6, "unknown alias kind 'rude'", "pejorative"),
    ("bad country", "actors:\n  - id: x7\n    name: X\n    sector: GOV\n    country: Korea\n", 5, "bad country 'Korea'",
     "alpha-3"),
    ("missing name", "actors:\n  - id: x8\n    sector: GOV\n", 2, "has no name", "add 'name:'"),
    ("unknown parent", "actors:\n  - id: x9\n    name: X\n    sector: GOV\n    parent: nobody\n", 5,
     "unknown parent 'nobody'", "use the id"),
    ("bad yaml", "actors:\n  - id: x10\n    name: [unclosed\n    sector: GOV\n", 4, "not valid YAML", "indentation"),
    ("top-level key", "actor:\n  - id: x11\n", 1, "unknown top-level key 'actor'", "actors"),
    ("bad qid", "actors:\n  - id: x12\n    name: X\n    sector: GOV\n    qid: 12345\n", 5, "bad Wikidata id",
     "Q followed"),
    ("bad domain", "actors:\n  - id: x13\n    name: X\n    sector: MEDIA\n    domains: ['http://x.org/a']\n", 5,
     "bad domain", "host name"),
]


@pytest.mark.parametrize(("case", "text", "line", "reason", "fix"), BAD_YAML, ids=[c[0] for c in BAD_YAML])
def test_malformed_yaml(tmp_path: Path, case: str, text: str, line: int, reason: str, fix: str) -> None:
    path = write(tmp_path, "bad.yaml", text)
    with pytest.raises(ConfigError) as err:
        ActorRegistry.load([path])
    message = str(err.value)
    assert f"{path}, line {line}:" in message, message
    assert reason in message and fix in err.value.fix, message


BAD_CSV = [
    ("unknown column", "id,name,colour\nx,X,red\n", 1, "unknown column 'colour'", "use only"),
    ("no id column", "name,sector\nX,GOV\n", 1, "no 'id' column", "header"),
    ("unknown sector", "id,name,sector\nx,X,GOV\ny,Y,ARMY\n", 3, "unknown sector 'ARMY'", "use one of"),
    ("missing id", "id,name,sector\n,X,GOV\n", 2, "has no id", "add 'id:"),
    ("bad date", "id,name,sector,role_title,role_sector,role_start\nx,X,GOV,Boss,GOV,2024-13-01\n", 2,
     "bad date '2024-13-01'", "real calendar date"),
    ("too many cells", "id,name\nx,X,GOV\n", 2, "3 cells for 2 columns", "quote"),
]


@pytest.mark.parametrize(("case", "text", "line", "reason", "fix"), BAD_CSV, ids=[c[0] for c in BAD_CSV])
def test_malformed_csv(tmp_path: Path, case: str, text: str, line: int, reason: str, fix: str) -> None:
    path = write(tmp_path, "bad.csv", text)
    with pytest.raises(ConfigError) as err:
        ActorRegistry.load([path])
    message = str(err.value)
    assert f"{path}, line {line}:" in message, message
    assert reason in message and fix in err.value.fix, message


def test_missing_and_unknown_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        ActorRegistry.load([tmp_path / "nope.yaml"])
    with pytest.raises(ConfigError, match="unknown registry file type"):
        ActorRegistry.load([write(tmp_path, "mine.txt", "x")])
    assert ActorRegistry.load([write(tmp_path, "empty.yaml", "")]).get("kpa") is not None
