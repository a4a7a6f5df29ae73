"""The actor registry: who can be named, by which names, in which roles, on which dates.

Sources, later ones winning on conflicts:

1. ``data/actors/phoenix.json.gz``: built by ``scripts/build_registry.py`` from the
   Phoenix dictionaries (Open Event Data Alliance, MIT; see ``data/actors/NOTICE``):
   states with their names and demonyms, persons with dated roles, institutions,
   international bodies, armed groups, and the agent nouns ("army", "ministry");
2. ``data/actors/curated.yaml``: 2014-2026 actors of the Korean peninsula and the
   Russia-Ukraine war, outlets with their domains, pejorative and honorific names;
3. user files given to ``ActorRegistry.load(extra=...)`` (setting ``registry_files``).

User file format (YAML; the same keys as ``curated.yaml``)::

    actors:
      - id: azov-brigade            # required; letters, digits, . _ : -
        name: Azov Brigade          # required for a new id
        country: UKR                # ISO 3166 alpha-3, or null
        sector: MIL                 # required for a new id; one of SECTORS
        label: ORG                  # PERSON, ORG, GPE or NORP (default: GPE for STATE, else ORG)
        aliases: [Azov, {text: Azov Nazis, kind: pejorative}]   # kind: neutral/pejorative/honorific
        demonyms: []                # adjectives: "North Korean" for PRK
        metonyms: []                # places standing for the actor: "Pyongyang"
        short: [Brigade, {text: the regiment, when: country}]   # only after the actor was named
        roles: [{title: Commander, sector: MIL, start: 2022-03-01, end: null}]   # country: the actor's
        parent: ukr-armed-forces    # an existing id
        qid: Q1234                  # Wikidata, only when sure
        affiliation: independent    # outlets: state-owned, state-affiliated, independent
        domains: [example.ua]       # outlets: matched with their subdomains
        primary: false              # true: the default actor of its country and sector
    agents: {drone operators: MIL}  # extra agent nouns (phrase: sector)
    generic: [drone operators]      # agent nouns that alone name the dominant country's sector

An entry with an existing id extends it (new aliases and roles are added, given fields
replace the old ones); giving it a different country is an error. CSV files have one row
per actor with the columns of ``sources.CSV_COLUMNS``: lists separated by ``|``, an alias
kind as a prefix (``pejorative:Kiev regime``), one role in the ``role_*`` columns (repeat
the id on another row for more roles). Any malformed value raises ``ConfigError`` naming
the file, the line and the fix.

Guarantees: the registry is read-only once loaded; ``load`` is cached per process and per
set of files (and their modification times); ids are unique.
"""

from __future__ import annotations

import gzip
import json
import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar, Literal, NamedTuple

from counterpoint.annotate.actors import lexicon
from counterpoint.annotate.actors.lexicon import ALIAS_KINDS, LABELS, SECTORS, norm, plural_variants
from counterpoint.annotate.actors.sources import (
    ACTOR_KEYS,
    Record,
    SourceFile,
    config_error,
    read_file,
    read_yaml,
)
from counterpoint.gcutil import gc_paused
from counterpoint.model import Actor, Alias, AliasKind, Role

#: Where the packaged registry files are.
DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "actors"
Form = Literal["name", "demonym", "metonym", "short", "first-person", "role", "generic"]
Case = Literal["exact", "capital", "title", "any"]
#: Ranks: lower wins when two actors share a name.
USER, CURATED, PHOENIX = 0, 1, 2
_FORM_ORDER = {"name": 0, "demonym": 1, "metonym": 2, "role": 3, "first-person": 4, "short": 5, "generic": 6}
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]*$")
_COUNTRY_RE = re.compile(r"^[A-Z]{3}$")
_QID_RE = re.compile(r"^Q[1-9][0-9]*$")
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_HOST_RE = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")
_TOKEN_RE = re.compile(r"\w+|[^\w\s]")


class Trigger(NamedTuple):
    """One meaning of a normalised phrase: a name of an actor, or a cue for the linker."""

    form: Form
    actor_id: str | None = None
    kind: AliasKind = "neutral"
    case: Case = "any"
    text: str = ""
    rank: int = PHOENIX
    sector: str | None = None
    title: str | None = None
    when: str = "self"

    def accepts(self, raw: str) -> bool:
        """Does the text as written satisfy this trigger's case rule?"""
        if self.case == "any":
            return True
        if self.case == "exact":
            flat = raw.replace("’", "'")
            return flat == self.text or flat == self.text + "s"
        if self.case == "capital":
            return raw[:1].isupper()
        return all(w[:1].isupper() or not w[:1].isalpha() or w.lower() in _LOWER_OK for w in raw.split())


_LOWER_OK = frozenset({"of", "the", "and", "for", "in", "on", "de", "du", "la", "le", "al", "el", "bin", "ibn", "da"})


@dataclass
class _Draft:
    id: str
    name: str
    country: str | None
    sector: str
    rank: int
    origin: str
    label: str | None = None
    aliases: dict[str, AliasKind] | None = None
    demonyms: list[str] | None = None
    metonyms: list[str] | None = None
    short: list[tuple[str, AliasKind, str]] | None = None
    roles: list[Role] | None = None
    qid: str | None = None
    parent: str | None = None
    affiliation: str | None = None
    domains: list[str] | None = None
    primary: bool = False
    where: tuple[str, int] = ("", 0)
    parent_line: int = 0


def _iso(value: Any, path: str, line: int, what: str) -> str | None:
    if value in (None, ""):
        return None
    text = str(value)
    if not _DATE_RE.match(text):
        raise config_error(path, line, f"bad date {text!r} in {what}", "write dates as YYYY-MM-DD, YYYY-MM or YYYY")
    parts = [int(p) for p in text.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as exc:
        raise config_error(path, line, f"bad date {text!r} in {what}: {exc}", "give a real calendar date") from exc
    return text


def _str_list(value: Any, path: str, line: int, key: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        raise config_error(path, line, f"'{key}' must be a list of names", f"write {key}: [First name, Second name]")
    return [str(v).strip() for v in value if str(v).strip()]


def _kinded(value: Any, path: str, line: int, key: str, *, with_when: bool = False) -> list[tuple[str, AliasKind, str]]:
    """Aliases or short forms: strings, or mappings {text, kind[, when]}."""
    if value is None:
        return []
    if not isinstance(value, list):
        value = [value]
    out: list[tuple[str, AliasKind, str]] = []
    allowed = {"text", "kind", "when"} if with_when else {"text", "kind"}
    for item in value:
        if isinstance(item, str | int | float):
            text, kind, when = str(item), "neutral", "self"
        elif isinstance(item, dict):
            extra = set(item) - allowed
            if extra or "text" not in item:
                raise config_error(path, line, f"bad entry in '{key}': {item!r}",
                                   f"write each as a string or as {{{', '.join(sorted(allowed))}}}")
            text, kind, when = str(item["text"]), str(item.get("kind", "neutral")), str(item.get("when", "self"))
        else:
            raise config_error(path, line, f"bad entry in '{key}': {item!r}", "write names as strings")
        if kind not in ALIAS_KINDS:
            raise config_error(path, line, f"unknown alias kind {kind!r} for {text!r}",
                               f"use one of {', '.join(sorted(ALIAS_KINDS))}")
        if when not in ("self", "country"):
            raise config_error(path, line, f"unknown 'when' {when!r} for {text!r}", "use 'self' or 'country'")
        if text.strip():
            out.append((text.strip(), kind, when))  # type: ignore[arg-type]
    return out


def _roles(value: Any, path: str, line: int) -> list[Role]:
    if value is None:
        return []
    if not isinstance(value, list):
        value = [value]
    out = []
    for item in value:
        if not isinstance(item, dict):
            raise config_error(path, line, f"a role must be a mapping, not {item!r}",
                               "write {title: President, country: KOR, sector: LEADER, start: 2022-05-10}")
        extra = set(item) - {"title", "country", "sector", "start", "end"}
        if extra:
            raise config_error(path, line, f"unknown role key {sorted(extra)[0]!r}",
                               "use title, country, sector, start, end")
        sector = str(item.get("sector") or "")
        if sector not in SECTORS:
            raise config_error(path, line, f"unknown role sector {sector or '(none)'!r}",
                               f"use one of {', '.join(sorted(SECTORS))}")
        country = item.get("country")
        if country is not None and not _COUNTRY_RE.match(str(country)):
            raise config_error(path, line, f"bad role country {country!r}", "use an ISO 3166 alpha-3 code such as PRK")
        start, end = _iso(item.get("start"), path, line, "a role"), _iso(item.get("end"), path, line, "a role")
        if start and end and end < start:
            raise config_error(path, line, f"role ends ({end}) before it starts ({start})", "swap or fix the dates")
        out.append(Role(str(item.get("title") or sector), country, sector, start, end))
    return out


class _Builder:
    """Merges records from all sources into drafts, validating user-written ones."""

    def __init__(self) -> None:
        self.drafts: dict[str, _Draft] = {}
        self.rows: dict[str, list[Any]] = {}
        self.agents: dict[str, str] = {}
        self.generic: dict[str, str] = {}

    # -- packaged Phoenix data (trusted, built by our script) --------------------------
    def add_phoenix(self, data: dict[str, Any]) -> None:
        """Phoenix rows stay rows (no objects) until something asks for them."""
        for row in data["actors"]:
            self.rows[row[0]] = row
        self.agents.update(data.get("agents", {}))

    def draft_of(self, actor_id: str) -> _Draft | None:
        """The draft for ``actor_id``, made from its Phoenix row when it has none yet."""
        draft = self.drafts.get(actor_id)
        if draft is None and actor_id in self.rows:
            draft = _draft_from_row(self.rows.pop(actor_id))
            self.drafts[actor_id] = draft
        return draft

    # -- YAML/CSV records (validated) --------------------------------------------------
    def add_file(self, src: SourceFile, rank: int, origin: str) -> None:
        for phrase, (sector, line) in src.agents.items():
            if sector not in SECTORS:
                raise config_error(src.path, line, f"unknown sector {sector!r} for agent {phrase!r}",
                                   f"use one of {', '.join(sorted(SECTORS))}")
            self.agents[norm(phrase)] = sector
        for phrase, _line in src.generic:
            self.generic[norm(phrase)] = self.agents.get(norm(phrase), "MIL")
        for rec in src.records:
            self._add_record(rec, src.path, rank, origin)

    def _add_record(self, rec: Record, path: str, rank: int, origin: str) -> None:
        d = rec.data
        unknown = [k for k in d if k not in ACTOR_KEYS]
        if unknown:
            raise config_error(path, rec.line_of(unknown[0]), f"unknown key {unknown[0]!r}",
                               f"use only {', '.join(ACTOR_KEYS)}")
        actor_id = str(d.get("id") or "").strip()
        if not actor_id:
            raise config_error(path, rec.line, "an actor has no id", "add 'id: some-unique-id' to it")
        if not _ID_RE.match(actor_id):
            raise config_error(path, rec.line_of("id"), f"bad id {actor_id!r}",
                               "use letters, digits and . _ : - only, starting with a letter or digit")
        country = d.get("country")
        if country is not None and not _COUNTRY_RE.match(str(country)):
            raise config_error(path, rec.line_of("country"), f"bad country {country!r} for {actor_id!r}",
                               "use an ISO 3166 alpha-3 code such as PRK, or null")
        sector = d.get("sector")
        if sector is not None and str(sector) not in SECTORS:
            raise config_error(path, rec.line_of("sector"), f"unknown sector {sector!r} for {actor_id!r}",
                               f"use one of {', '.join(sorted(SECTORS))}")
        label = d.get("label")
        if label is not None and label not in LABELS:
            raise config_error(path, rec.line_of("label"), f"unknown label {label!r} for {actor_id!r}",
                               f"use one of {', '.join(sorted(LABELS))}")
        qid = d.get("qid")
        if qid is not None and not _QID_RE.match(str(qid)):
            raise config_error(path, rec.line_of("qid"), f"bad Wikidata id {qid!r}", "write it as Q followed by digits")
        affiliation = d.get("affiliation")
        if affiliation is not None and affiliation not in lexicon.AFFILIATIONS:
            raise config_error(path, rec.line_of("affiliation"), f"unknown affiliation {affiliation!r}",
                               f"use one of {', '.join(sorted(lexicon.AFFILIATIONS))}")
        domains = [h.lower() for h in _str_list(d.get("domains"), path, rec.line_of("domains"), "domains")]
        for host in domains:
            if not _HOST_RE.match(host):
                raise config_error(path, rec.line_of("domains"), f"bad domain {host!r}",
                                   "write a host name such as example.com (no scheme, no path)")
        if "primary" in d and not isinstance(d["primary"], bool):
            raise config_error(path, rec.line_of("primary"), "'primary' must be true or false", "write primary: true")
        aliases = _kinded(d.get("aliases"), path, rec.line_of("aliases"), "aliases")
        short = _kinded(d.get("short"), path, rec.line_of("short"), "short", with_when=True)
        demonyms = _str_list(d.get("demonyms"), path, rec.line_of("demonyms"), "demonyms")
        metonyms = _str_list(d.get("metonyms"), path, rec.line_of("metonyms"), "metonyms")
        roles = _roles(d.get("roles"), path, rec.line_of("roles"))
        for gone in _str_list(d.get("replaces"), path, rec.line_of("replaces"), "replaces"):
            old = self.draft_of(gone)
            self.drafts.pop(gone, None)
            if old is not None:
                taken = set(metonyms)
                aliases += [(a, k, "self") for a, k in {old.name: "neutral", **(old.aliases or {})}.items()
                            if a not in taken]

        draft = self.draft_of(actor_id)
        if draft is not None:
            if country is not None and draft.country is not None and country != draft.country:
                where = f" ({draft.where[0]}, line {draft.where[1]})" if draft.where[1] else f" ({draft.origin})"
                raise config_error(path, rec.line_of("country"),
                                   f"duplicate id {actor_id!r} with country {country}, already {draft.country}{where}",
                                   "give this actor another id, or the same country")
        else:
            missing = [k for k in ("name", "sector") if not d.get(k)]
            if missing:
                raise config_error(path, rec.line, f"actor {actor_id!r} has no {missing[0]}",
                                   f"add '{missing[0]}:' (required for a new actor)")
            draft = _Draft(id=actor_id, name=str(d["name"]), country=country, sector=str(d["sector"]), rank=rank,
                           origin=origin)
            self.drafts[actor_id] = draft
        draft.rank, draft.origin, draft.where = min(draft.rank, rank), origin, (path, rec.line)
        for key in ("name", "sector", "label", "qid", "parent", "affiliation"):
            if d.get(key) is not None:
                setattr(draft, key, str(d[key]))
        if d.get("parent"):
            draft.parent_line = rec.line_of("parent")
        if country is not None:
            draft.country = str(country)
        if "primary" in d:
            draft.primary = bool(d["primary"])
        draft.aliases = draft.aliases or {}
        for text, kind, _when in aliases:
            draft.aliases[text] = kind
        draft.demonyms = (draft.demonyms or []) + [x for x in demonyms if x not in (draft.demonyms or [])]
        draft.metonyms = (draft.metonyms or []) + [x for x in metonyms if x not in (draft.metonyms or [])]
        draft.short = (draft.short or []) + short
        roles = [r if r.country or not draft.country else Role(r.title, draft.country, r.sector, r.start, r.end)
                 for r in roles]  # a role without a country is in the actor's country
        draft.roles = (draft.roles or []) + [r for r in roles if r not in (draft.roles or [])]
        draft.domains = (draft.domains or []) + [x for x in domains if x not in (draft.domains or [])]

    def check_parents(self) -> None:
        for draft in self.drafts.values():
            if draft.parent and draft.parent not in self.drafts and draft.parent not in self.rows:
                raise config_error(draft.where[0] or draft.origin, draft.parent_line or None,
                                   f"actor {draft.id!r} has unknown parent {draft.parent!r}",
                                   "use the id of an actor in the registry or one of your files")


class ActorRegistry:
    """Actors by id, the name index the linker matches against, and the lookups it needs.

    Build it with ``ActorRegistry.load()``; instances are read-only.
    """

    def __init__(self, builder: _Builder) -> None:
        self._drafts = builder.drafts
        self._rows = builder.rows
        self._actors: dict[str, Actor] = {}
        self._primary: dict[tuple[str, str], str] = {}
        self._domains: dict[str, str] = {}
        self._leader_names: dict[str, list[str]] = {}
        self._role_holders: dict[str, list[tuple[Role | str, str]]] | None = None
        self.agents: dict[str, str] = dict(builder.agents)
        self.generic: dict[str, str] = dict(builder.generic)
        for row in self._rows.values():
            if row[3] == "STATE" and row[2]:
                self._primary.setdefault((row[2], "STATE"), row[0])
        for draft in self._drafts.values():
            if draft.primary and draft.country:
                self._primary[(draft.country, draft.sector)] = draft.id
            if draft.sector == "STATE" and draft.country:
                self._primary[(draft.country, "STATE")] = draft.id
            for host in draft.domains or ():
                self._domains[host] = draft.id
            if draft.label == "PERSON" and any(r.sector == "LEADER" for r in draft.roles or ()):
                for word in norm(draft.name).split():
                    self._leader_names.setdefault(word, []).append(draft.id)
        self._index: dict[str, tuple[Trigger, ...]] | None = None
        self._first: dict[str, int] = {}
        self._agent_first: dict[str, int] = {}
        self._patterns: list[dict[str, Any]] | None = None
        self._lock = threading.Lock()

    # -- loading -----------------------------------------------------------------------
    _cache: ClassVar[dict[tuple[Any, ...], ActorRegistry]] = {}
    _cache_lock: ClassVar[threading.Lock] = threading.Lock()

    @classmethod
    def load(cls, extra: Sequence[Path | str] = ()) -> ActorRegistry:
        """The packaged registry extended with ``extra`` user files (YAML or CSV), cached.

        Raises ``ConfigError`` naming the file, line and fix for a malformed user file.
        """
        key = tuple((str(Path(p).resolve()), *_stamp(Path(p))) for p in extra)
        with cls._cache_lock, gc_paused():
            cached = cls._cache.get(key)
            if cached is not None:
                return cached
            builder = _Builder()
            builder.add_phoenix(_packaged_phoenix())
            builder.add_file(_packaged_curated(), CURATED, "curated")
            for path in extra:
                builder.add_file(read_file(Path(path)), USER, str(path))
            builder.check_parents()
            registry = cls(builder)
            cls._cache[key] = registry
            return registry

    # -- actors ------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._drafts) + len(self._rows)

    def __iter__(self) -> Iterator[Actor]:
        for actor_id in [*self._drafts, *self._rows]:
            actor = self.get(actor_id)
            if actor is not None:
                yield actor

    def __contains__(self, actor_id: object) -> bool:
        return isinstance(actor_id, str) and self.get(actor_id) is not None

    def get(self, actor_id: str) -> Actor | None:
        """The actor with this id; ``CCC.SEC`` ids (``AFG.MIL``) are a country's sector."""
        actor = self._actors.get(actor_id)
        if actor is not None:
            return actor
        draft = self._drafts.get(actor_id)
        if draft is None and actor_id in self._rows:
            draft = _draft_from_row(self._rows[actor_id])
        if draft is not None:
            aliases = tuple(Alias(t, k) for t, k in (draft.aliases or {}).items() if t != draft.name)
            aliases += tuple(Alias(t) for t in (draft.demonyms or []) + (draft.metonyms or []))
            actor = Actor(id=draft.id, name=draft.name, country=draft.country, sector=draft.sector,
                          aliases=aliases, roles=tuple(draft.roles or ()), qid=draft.qid, parent=draft.parent,
                          affiliation=draft.affiliation, domains=tuple(draft.domains or ()), origin=draft.origin)
            self._actors[actor_id] = actor
            return actor
        if "." in actor_id:
            country, _, sector = actor_id.partition(".")
            state = self.state(country)
            if state is not None and sector in SECTORS:
                actor = Actor(id=actor_id, name=f"{state.name}: {SECTORS[sector]}", country=country, sector=sector,
                              parent=state.id, origin="composite")
                self._actors[actor_id] = actor
                return actor
        return None

    def label(self, actor_id: str) -> str:
        """The spaCy entity label for the actor's names: PERSON, ORG, GPE or NORP."""
        draft = self._drafts.get(actor_id)
        if draft is not None:
            return draft.label or ("GPE" if draft.sector == "STATE" else "ORG")
        row = self._rows.get(actor_id)
        return str(row[4]) if row else "ORG"

    def rank(self, actor_id: str) -> int:
        draft = self._drafts.get(actor_id)
        return draft.rank if draft is not None else PHOENIX

    def state(self, country: str | None) -> Actor | None:
        """The country as a whole (sector STATE)."""
        if not country:
            return None
        actor_id = self._primary.get((country, "STATE"))
        return self.get(actor_id) if actor_id else None

    def sector_actor(self, country: str | None, sector: str) -> Actor | None:
        """The actor that stands for ``country``'s ``sector``: a curated one (the KPA for
        PRK MIL) or the composite ``CCC.SEC``; ``STATE`` gives the country."""
        if not country:
            return None
        if sector == "STATE":
            return self.state(country)
        actor_id = self._primary.get((country, sector))
        return self.get(actor_id) if actor_id else self.get(f"{country}.{sector}")

    def ancestors(self, actor_id: str) -> list[str]:
        out: list[str] = []
        draft = self._drafts.get(actor_id)
        while draft is not None and draft.parent and draft.parent not in out:
            out.append(draft.parent)
            draft = self._drafts.get(draft.parent)
        return out

    def role_holders(self, country: str, sector: str, title: str | None, day: str | None) -> list[Actor]:
        """Actors holding a role of ``sector`` (and ``title``, if given) in ``country`` on ``day``."""
        if self._role_holders is None:
            with self._lock, gc_paused():
                self._role_holders = self._build_role_holders()
        out: list[Actor] = []
        entries = self._role_holders.get(country, [])
        for n, (role, actor_id) in enumerate(entries):
            if isinstance(role, str):
                role = _role_from_text(role)
                entries[n] = (role, actor_id)
            if role.sector == sector and (title is None or title in role.title.lower()) and role.valid_on(day):
                actor = self.get(actor_id)
                if actor is not None and actor not in out:
                    out.append(actor)
        return out

    def _build_role_holders(self) -> dict[str, list[tuple[Role | str, str]]]:
        """Roles by country; Phoenix roles stay text until their country is asked for."""
        holders: dict[str, list[tuple[Role | str, str]]] = {}
        for draft in self._drafts.values():
            for role in draft.roles or ():
                if role.country:
                    holders.setdefault(role.country, []).append((role, draft.id))
        for row in self._rows.values():
            for text in row[7]:
                country = text.split(" ", 2)[1]
                if country != "-" and (country, row[3]) != (country, "STATE"):
                    holders.setdefault(country, []).append((text, row[0]))
        return holders

    def leaders_named(self, word: str) -> list[Actor]:
        """Persons with a LEADER role whose name contains ``word`` ("Yoon", "Moon")."""
        return [a for i in self._leader_names.get(norm(word), ()) if (a := self.get(i)) is not None]

    def outlet_for_domain(self, host: str) -> Actor | None:
        """The outlet publishing at ``host`` (``en.yna.co.kr`` -> Yonhap), or None."""
        host = host.strip().lower().rstrip(".")
        if "://" in host:
            host = host.split("://", 1)[1]
        host = host.split("/", 1)[0].split("@")[-1].split(":", 1)[0]
        labels = host.split(".")
        for i in range(len(labels) - 1):
            actor_id = self._domains.get(".".join(labels[i:]))
            if actor_id:
                return self.get(actor_id)
        return None

    # -- the name index ----------------------------------------------------------------
    @property
    def index(self) -> dict[str, tuple[Trigger, ...]]:
        """Normalised phrase -> what it can mean, best first (built on first use)."""
        if self._index is None:
            with self._lock, gc_paused():
                if self._index is None:
                    self._build_index()
        assert self._index is not None
        return self._index

    def max_tokens(self, first_word: str) -> int:
        """Longest phrase (in tokens, an upper bound) of the index starting with ``first_word``; 0 if none."""
        _ = self.index
        return self._first.get(first_word, 0)

    def agent(self, phrase_key: str) -> str | None:
        return self.agents.get(phrase_key)

    def agent_max_tokens(self, first_word: str) -> int:
        _ = self.index
        return self._agent_first.get(first_word, 0)

    def _build_index(self) -> None:
        raw: dict[str, list[Trigger]] = {}
        first: dict[str, int] = {}

        def add(text: str, trig: Trigger, variants: bool) -> None:
            key = norm(text)
            if len(key) < 2:
                return
            keys = (key, *plural_variants(key)) if variants and trig.case != "exact" else (key,)
            ntok = min(key.count(" ") + text.count("'") + text.count(".") + text.count("-") + 2, 16)
            for k in keys:
                bucket = raw.get(k)
                if bucket is None:
                    raw[k] = [trig]
                elif all(b.actor_id != trig.actor_id or b.form != trig.form or b.case != trig.case
                         or (trig.case == "exact" and b.text != trig.text) for b in bucket):
                    bucket.append(trig)
            w = key.split(" ", 1)[0]
            if first.get(w, 0) < ntok:
                first[w] = ntok

        for draft in self._drafts.values():
            rank = draft.rank
            metonyms = set(draft.metonyms or ())
            names = {draft.name: "neutral", **(draft.aliases or {})}
            for text, kind in names.items():
                if text not in metonyms:
                    add(text, Trigger("name", draft.id, kind, _case(text, rank), text, rank), True)
            for text in draft.demonyms or ():
                add(text, Trigger("demonym", draft.id, "neutral", _case(text, rank), text, rank), True)
            for text in metonyms:
                add(text, Trigger("metonym", draft.id, "neutral", _case(text, rank), text, rank), False)
            for text, kind, when in draft.short or ():
                case: Case = "exact" if _case(text, rank) == "exact" else "any"
                add(text, Trigger("short", draft.id, kind, case, text, rank, when=when), False)
        for row in self._rows.values():
            actor_id, plural = row[0], row[4] != "PERSON"
            for text in (row[1], *row[5]):
                add(text, Trigger("name", actor_id, "neutral", _case(text, PHOENIX), text, PHOENIX), plural)
            for text in row[6]:
                add(text, Trigger("demonym", actor_id, "neutral", _case(text, PHOENIX), text, PHOENIX), True)
        for text, sector in lexicon.FIRST_PERSON.items():
            add(text, Trigger("first-person", sector=sector, text=text, rank=CURATED), False)
        for text, (sector, title) in lexicon.ROLES.items():
            add(text, Trigger("role", sector=sector, title=title, text=text, rank=CURATED), False)
        for key, sector in self.generic.items():
            add(key, Trigger("generic", sector=sector, text=key, rank=CURATED), False)
        for v in raw.values():
            if len(v) > 1:
                v.sort(key=lambda t: (t.rank, _FORM_ORDER[t.form]))
        self._index = {k: tuple(v) for k, v in raw.items()}
        self._first = first
        for phrase in self.agents:
            w = phrase.split(" ", 1)[0]
            self._agent_first[w] = max(self._agent_first.get(w, 0), min(len(phrase.split()) + 2, 8))

    # -- entity ruler patterns ---------------------------------------------------------
    def patterns(self) -> list[dict[str, Any]]:
        """Entity-ruler patterns (label, pattern, id) for the curated and user actors' names.

        Phrase patterns (matched on LOWER) for names of two or more words and single words
        that are not common words; token patterns on exact ORTH for acronyms ("US" must
        not match "us"). Phoenix names are left to the linker's own index: feeding
        thousands of patterns to the ruler would slow loading (each is run through the
        pipeline) for names the model mostly finds anyway.
        """
        if self._patterns is not None:
            return self._patterns
        from spacy.lang.en.stop_words import STOP_WORDS

        out: list[dict[str, Any]] = []
        seen: set[tuple[str, str]] = set()
        for draft in self._drafts.values():
            if draft.rank == PHOENIX:
                continue
            label = self.label(draft.id)
            texts = [(t, label) for t in [draft.name, *(draft.aliases or {})]]
            texts += [(t, "NORP") for t in draft.demonyms or ()]
            for text, lab in texts:
                exact = _case(text, CURATED) == "exact"
                if len(text) < 2 or (not exact and text.lower() in STOP_WORDS) or (text, draft.id) in seen:
                    continue
                if " " not in text and not exact and (lab == "PERSON" or draft.sector == "STATE"):
                    continue  # "Yoon" would cut "Yoon Jong-hwan" short, "America" "Latin America"
                seen.add((text, draft.id))
                if exact:
                    out.append({"label": lab, "pattern": [{"ORTH": text}], "id": draft.id})
                else:
                    out.append({"label": lab, "pattern": text, "id": draft.id})
                    if "'" in text:
                        out.append({"label": lab, "pattern": text.replace("'", "’"), "id": draft.id})
        self._patterns = out
        return out


def _case(text: str, rank: int) -> Case:
    if " " in text:
        return "title" if rank == PHOENIX else "any"
    if text.isupper() and 2 <= sum(c.isalpha() for c in text) <= 5:
        return "exact"
    if "-" in text:
        return "title" if rank == PHOENIX else "any"
    return "capital" if text[:1].isupper() else "any"


def _role_from_text(text: str) -> Role:
    code, country, sector, start, end = (None if x == "-" else x for x in text.split(" "))
    return Role(code or "", country, sector or "", start, end)


def _draft_from_row(row: list[Any]) -> _Draft:
    return _Draft(id=row[0], name=row[1], country=row[2], sector=row[3], rank=PHOENIX, origin="phoenix",
                  label=row[4], aliases=dict.fromkeys(row[5], "neutral"), demonyms=list(row[6]),
                  roles=[_role_from_text(t) for t in row[7]])


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (0, 0)
    return (st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=1)
def _packaged_phoenix() -> dict[str, Any]:
    """The decoded Phoenix data (read-only: builders copy what they change)."""
    blob = (DATA_DIR / "phoenix.json.gz").read_bytes()
    data: dict[str, Any] = json.loads(gzip.decompress(blob))
    return data


@lru_cache(maxsize=1)
def _packaged_curated() -> SourceFile:
    curated = DATA_DIR / "curated.yaml"
    return read_yaml(str(curated), curated.read_text(encoding="utf-8"))


def outlet_for_domain(host: str) -> Actor | None:
    """The outlet at ``host`` in the packaged registry (subdomains match: ``en.yna.co.kr``)."""
    return ActorRegistry.load().outlet_for_domain(host)
