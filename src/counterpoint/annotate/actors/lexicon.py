"""Word lists the registry and the linker share: sectors, name normalisation, cue words.

Everything here is data about English, not about actors: the actors are in
``counterpoint/data/actors``. ``norm`` is the one normalisation every alias and every
candidate span goes through, so that a name matches whatever its apostrophes, hyphens,
dots and case.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

#: Valid sector codes: CAMEO/Phoenix codes plus the registry's own (STATE, LEADER, PARTY, MEDIA).
SECTORS: Final[dict[str, str]] = {
    "STATE": "a country as a whole", "GOV": "government", "LEADER": "head of state or government",
    "MIL": "armed forces", "PARTY": "political party", "MEDIA": "news outlet", "REB": "rebels, armed group",
    "IGO": "intergovernmental organisation", "NGO": "non-governmental organisation",
    "IMG": "international militarised group", "UAF": "unaligned armed forces", "OPP": "opposition",
    "COP": "police", "JUD": "judiciary", "LEG": "legislature", "SPY": "intelligence", "ELI": "elite",
    "BUS": "business", "CVL": "civilians", "EDU": "education", "REL": "religion", "LAB": "labour",
    "HLH": "health", "AGR": "agriculture", "DEV": "development", "ENV": "environment",
    "HRI": "human rights", "REF": "refugees", "CRM": "criminals", "INT": "international",
    "MNC": "multinational corporation", "SEP": "separatists", "INS": "insurgents", "RAD": "radicals",
    "MOD": "moderates", "CHR": "Christian", "MUS": "Muslim", "JEW": "Jewish", "BUD": "Buddhist",
    "HIN": "Hindu", "UNR": "unrecognised state",
}
LABELS: Final = frozenset({"PERSON", "ORG", "GPE", "NORP"})
AFFILIATIONS: Final = frozenset({"state-owned", "state-affiliated", "independent"})
ALIAS_KINDS: Final = frozenset({"neutral", "pejorative", "honorific"})

_DROP = str.maketrans({"'": None, "’": None, "‘": None, "`": None, "´": None, "ʼ": None, ".": None,
                       "-": " ", "‐": " ", "‑": " ", "–": " ", "—": " ", "\u00a0": " ", "\u200b": None,
                       "\u200c": None, "\u200d": None, "\ufeff": None})


@lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """The matching key of a name: lower case, no apostrophes or dots, hyphens as spaces,
    one space between words, no leading "the".

    ``norm("the Workers’ Party") == norm("Workers Party") == "workers party"``.
    """
    if text.isascii():
        key = " ".join(text.lower().replace("'", "").replace(".", "").replace("`", "").replace("-", " ").split())
    else:
        key = " ".join(text.lower().translate(_DROP).split())
    if key.startswith("the "):
        key = key[4:]
    return key


def plural_variants(key: str) -> tuple[str, ...]:
    """Singular/plural forms of a key's last word ("rok puppets" <-> "rok puppet")."""
    if len(key) < 4:
        return ()
    if key.endswith("s") and not key.endswith("ss"):
        return (key[:-1],)
    return (key + "s",)


#: Prepositions after which a capital names a place, not its government.
LOCATIVE: Final = frozenset({
    "in", "at", "to", "into", "near", "inside", "outside", "around", "across", "toward", "towards", "through",
    "via", "within", "from", "onto", "throughout", "beyond", "nearby", "reach", "reached", "visit", "visited",
})
#: Nouns that make "X of <capital>" a place ("the outskirts of Kyiv").
PLACE_HEADS: Final = frozenset({
    "outskirts", "centre", "center", "streets", "street", "suburbs", "suburb", "residents", "mayor", "city",
    "region", "people", "citizens", "skies", "sky", "airport", "district", "districts", "downtown",
})
#: Verbs (lemmas) whose subject is a speaker.
SPEECH_VERBS: Final = frozenset({
    "say", "state", "proclaim", "confirm", "claim", "declare", "announce", "stress", "note", "warn", "add", "tell",
    "insist", "assert", "report", "affirm", "emphasize", "emphasise", "underscore", "accuse", "deny", "urge",
    "reiterate", "write", "quote", "threaten", "vow", "pledge", "explain", "clarify", "charge", "denounce",
})
#: Nouns whose "of"/"by" complement is a speaker ("Report of KPA General Staff").
SPEECH_NOUNS: Final = frozenset({
    "statement", "report", "message", "announcement", "declaration", "communique", "release", "remarks",
    "speech", "address", "letter", "order", "decree", "notice", "warning",
})
#: Words before a person's name that belong to the mention; the honorific ones make it honorific.
TITLES: Final = frozenset({
    "president", "comrade", "marshal", "general", "chairman", "premier", "respected", "dear", "mr", "mrs", "ms",
    "dr", "minister", "secretary", "leader", "supreme", "commander",
})
HONORIFIC_TITLES: Final = frozenset({"comrade", "respected", "dear", "marshal", "supreme"})

#: "our X" -> the sector X names for the current speaker's country.
FIRST_PERSON: Final[dict[str, str]] = {
    "our army": "MIL", "our armed forces": "MIL", "our military": "MIL", "our troops": "MIL",
    "our soldiers": "MIL", "our forces": "MIL", "our servicemen": "MIL", "our units": "MIL",
    "our navy": "MIL", "our air force": "MIL", "our revolutionary armed forces": "MIL",
    "our territory": "STATE", "our republic": "STATE", "our country": "STATE", "our state": "STATE",
    "our side": "STATE", "our nation": "STATE", "our motherland": "STATE", "our homeland": "STATE",
    "our fatherland": "STATE", "our sovereignty": "STATE", "our government": "GOV", "our party": "PARTY",
}

#: Role phrases -> (sector of the role, lower-case title it must contain or None for any).
#: A role needs a country: a demonym before it, "of <country>" after it, or the context.
ROLES: Final[dict[str, tuple[str, str | None]]] = {
    "president": ("LEADER", None), "head of state": ("LEADER", None), "leader": ("LEADER", None),
    "supreme leader": ("LEADER", None), "head": ("LEADER", None), "top leader": ("LEADER", None),
    "chief of the general staff": ("MIL", "chief of the general staff"),
    "chief of general staff": ("MIL", "chief of the general staff"),
    "commander-in-chief": ("MIL", "commander-in-chief"), "defence minister": ("GOV", "defence minister"),
    "defense minister": ("GOV", "defence minister"), "minister of defence": ("GOV", "defence minister"),
    "minister of defense": ("GOV", "defence minister"), "foreign minister": ("GOV", "foreign minister"),
}
#: Role phrases that only count with an explicit "of <country>" ("the head of the DPRK").
ROLES_NEED_OF: Final = frozenset({"head", "leader"})
#: Words that may follow a military mention and belong to it ("North Korean army units").
MIL_TAIL: Final = frozenset({"units", "unit", "personnel", "side", "contingent", "troops", "forces", "soldiers"})
