"""The packaged actor registry: data integrity, roles, domains, patterns."""

from __future__ import annotations

import gzip
import json
import time

import pytest
import yaml

from counterpoint.annotate.actors import ActorRegistry, outlet_for_domain
from counterpoint.annotate.actors.lexicon import ALIAS_KINDS, LABELS, SECTORS, norm
from counterpoint.annotate.actors.registry import DATA_DIR


@pytest.fixture(scope="module")
def reg() -> ActorRegistry:
    return ActorRegistry.load()


def test_loads_phoenix_and_curated(reg: ActorRegistry) -> None:
    assert len(reg) > 20_000
    kju = reg.get("kim-jong-un")
    assert kju is not None and kju.qid == "Q56226" and kju.country == "PRK" and kju.origin == "curated"
    prk = reg.get("PRK")
    assert prk is not None and prk.sector == "STATE"
    assert {"DPRK", "Democratic People's Republic of Korea"} <= {a.text for a in prk.aliases}
    assert reg.get("kim-jong-il") is not None and reg.get("kim-jong-il").origin == "phoenix"  # type: ignore[union-attr]


def test_ids_are_unique() -> None:
    rows = json.loads(gzip.decompress((DATA_DIR / "phoenix.json.gz").read_bytes()))["actors"]
    ids = [row[0] for row in rows]
    assert len(ids) == len(set(ids))
    curated = yaml.safe_load((DATA_DIR / "curated.yaml").read_text(encoding="utf-8"))["actors"]
    curated_ids = [a["id"] for a in curated]
    assert len(curated_ids) == len(set(curated_ids))


def test_every_actor_is_well_formed(reg: ActorRegistry) -> None:
    seen: set[str] = set()
    for actor in reg:
        assert actor.id not in seen
        seen.add(actor.id)
        assert actor.sector in SECTORS, actor
        assert actor.country is None or len(actor.country) == 3, actor
        assert reg.label(actor.id) in LABELS
        for alias in actor.aliases:
            assert alias.kind in ALIAS_KINDS
        for role in actor.roles:
            assert role.start is None or role.end is None or role.start <= role.end, actor
        if actor.parent:
            assert reg.get(actor.parent) is not None, actor


@pytest.mark.parametrize(("actor_id", "kind", "alias"), [
    ("ukr-government", "pejorative", "Kiev regime"),
    ("ukr-armed-forces", "pejorative", "Ukronazis"),
    ("kor-government", "pejorative", "ROK puppets"),
    ("kim-jong-un", "honorific", "Respected Comrade Kim Jong Un"),
    ("kim-jong-un", "neutral", "Kim Jong-un"),
])
def test_alias_kinds(reg: ActorRegistry, actor_id: str, kind: str, alias: str) -> None:
    actor = reg.get(actor_id)
    assert actor is not None
    assert {a.text: a.kind for a in actor.aliases}[alias] == kind


@pytest.mark.parametrize(("country", "day", "expected"), [
    ("PRK", "2024-03-17", "kim-jong-un"),
    ("PRK", "2011-12-17", "kim-jong-un"),
    ("KOR", "2024-12-10", "yoon-suk-yeol"),
    ("KOR", "2025-07-01", "lee-jae-myung"),
    ("KOR", "2019-01-01", "moon-jae-in"),
    ("RUS", "2025-04-29", "vladimir-putin"),
    ("UKR", "2024-06", "volodymyr-zelensky"),
])
def test_leader_on_a_date(reg: ActorRegistry, country: str, day: str, expected: str) -> None:
    assert [a.id for a in reg.role_holders(country, "LEADER", None, day)] == [expected]


def test_role_validity_bounds(reg: ActorRegistry) -> None:
    yoon = reg.get("yoon-suk-yeol")
    assert yoon is not None
    (president,) = [r for r in yoon.roles if r.sector == "LEADER"]
    assert president.valid_on("2025-04-04") and not president.valid_on("2025-07-01")
    assert not president.valid_on("2022-05-09")
    kju = reg.get("kim-jong-un")
    assert kju is not None and not kju.roles[0].valid_on("2011-12-16")
    assert reg.role_holders("PRK", "LEADER", None, "2010-01-01") == []


@pytest.mark.parametrize(("host", "expected"), [
    ("kcna.kp", "kcna"), ("www.kcna.kp", "kcna"), ("en.yna.co.kr", "yonhap"), ("yna.co.kr", "yonhap"),
    ("https://tass.com/politics/1", "tass"), ("TASS.RU", "tass"), ("sputnikglobe.com:443", "sputnik"),
    ("rodong.rep.kp", "rodong-sinmun"), ("www.rt.com", "rt"), ("ukrinform.net", "ukrinform"),
    ("notkcna.kp", None), ("example.com", None), ("", None), ("kp", None),
])
def test_outlet_for_domain(host: str, expected: str | None) -> None:
    outlet = outlet_for_domain(host)
    assert (outlet.id if outlet else None) == expected


def test_outlets_have_affiliation(reg: ActorRegistry) -> None:
    for outlet_id, affiliation in [("kcna", "state-owned"), ("tass", "state-owned"), ("reuters", "independent")]:
        outlet = reg.get(outlet_id)
        assert outlet is not None and outlet.sector == "MEDIA" and outlet.affiliation == affiliation


def test_sector_actors_and_composites(reg: ActorRegistry) -> None:
    assert reg.sector_actor("PRK", "MIL").id == "kpa"  # type: ignore[union-attr]
    assert reg.sector_actor("RUS", "GOV").id == "rus-government"  # type: ignore[union-attr]
    assert reg.sector_actor("KOR", "STATE").id == "KOR"  # type: ignore[union-attr]
    composite = reg.sector_actor("AFG", "MIL")
    assert composite is not None and composite.id == "AFG.MIL" and composite.country == "AFG"
    assert reg.get("AFG.MIL") == composite
    assert reg.get("XXX.MIL") is None and reg.get("AFG.NOPE") is None


def test_replaced_phoenix_entries_are_folded(reg: ActorRegistry) -> None:
    assert reg.get("kremlin") is None
    assert [t.actor_id for t in reg.index[norm("Kremlin")]] == ["rus-government"]


def test_acronyms_are_case_sensitive(reg: ActorRegistry) -> None:
    (us,) = [t for t in reg.index["us"] if t.text == "US"]
    assert us.accepts("US") and not us.accepts("us") and not us.accepts("Us")


def test_patterns(reg: ActorRegistry) -> None:
    patterns = reg.patterns()
    assert 50 < len(patterns) < 2000  # the ruler stays cheap
    by_text = {(p["pattern"] if isinstance(p["pattern"], str) else p["pattern"][0]["ORTH"]): p for p in patterns}
    assert by_text["Workers' Party of Korea"]["id"] == "wpk" and by_text["Workers' Party of Korea"]["label"] == "ORG"
    assert by_text["Workers’ Party of Korea"]["id"] == "wpk"
    assert by_text["Korean People's Army"]["id"] == "kpa"
    assert by_text["Kiev regime"]["id"] == "ukr-government"
    assert by_text["US"]["pattern"] == [{"ORTH": "US"}]
    assert by_text["North Korean"]["label"] == "NORP"
    assert by_text["Kim Jong Un"]["label"] == "PERSON"
    for p in patterns:
        assert p["label"] in LABELS and reg.get(p["id"]) is not None
        if isinstance(p["pattern"], str):  # matched on LOWER: never a common word
            assert len(p["pattern"]) >= 2 and p["pattern"].lower() not in {"the", "us", "it", "party", "army"}
        else:  # acronyms: exact spelling
            assert p["pattern"][0]["ORTH"].isupper()


def test_load_is_cached_and_fast() -> None:
    assert ActorRegistry.load() is ActorRegistry.load()
    ActorRegistry._cache.clear()
    t = time.perf_counter()
    ActorRegistry.load()
    assert time.perf_counter() - t < 1.0  # ~0.15 s on a quiet laptop
