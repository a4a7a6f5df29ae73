"""Word tables of the event extractor, written by hand for counterpoint.

* ``VERBS`` and ``NOUNS``: trigger lemma -> senses. A sense gives a PLOVER v2
  type, an optional mode, a weight (how sure the word alone makes the type)
  and the conditions under which it applies (object words, a particle, a
  target). The first sense whose conditions hold wins; a word whose senses
  all fail is no trigger ("launch a project" is no event, "launch a missile" is).
* ``SUPPORT_VERBS``: verbs that lend their subject to an event noun
  ("conduct a drill", "take part in hostilities", "guide a training match").
* ``SPEECH_VERBS``, ``SPEECH_NOUNS``: cues of attribution.
* ``MODE_HINTS``: words near a trigger that give a type its mode.
* ``CONTEXT_WORDS``: lemma -> PLOVER contexts.

Every entry is a claim about wording, kept small enough to read and correct.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

#: What an argument of a trigger is: the doer, the one done to, the thing moved, the owner of the
#: thing acted on ("cut off roads connected to the ROK": the ROK), or nothing to keep.
Role = Literal["actor", "recipient", "theme", "owner", "none"]

#: Quad class of every PLOVER v2 type.
QUAD: Final[dict[str, str]] = {
    "AGREE": "verbal_cooperation", "CONSULT": "verbal_cooperation", "SUPPORT": "verbal_cooperation",
    "CONCEDE": "verbal_cooperation", "COOPERATE": "material_cooperation", "AID": "material_cooperation",
    "RETREAT": "material_cooperation", "REQUEST": "verbal_conflict", "ACCUSE": "verbal_conflict",
    "REJECT": "verbal_conflict", "THREATEN": "verbal_conflict", "PROTEST": "material_conflict",
    "SANCTION": "material_conflict", "MOBILIZE": "material_conflict", "COERCE": "material_conflict",
    "ASSAULT": "material_conflict",
}


@dataclass(frozen=True, slots=True)
class Sense:
    """One reading of a trigger word.

    ``objects``: the sense needs one of these lemmas among the trigger's
    objects (direct object, passive subject, objects of its prepositions,
    their compounds); empty means any. ``particle``: needs this particle
    ("cut off"). ``target``: needs a recipient ("fire at", "launch on").
    ``obj_role``: what the direct object is (the recipient, the thing moved,
    or nothing to keep). ``of_role``: for nouns, what "X of Y" makes Y.
    ``weak``: a noun that is an event only when a support verb governs it or
    it has participants of its own ("war", "training", "operation"). ``party``:
    needs a named party as its object and nothing more ("called Kim", not
    "called them heroes").
    """

    type: str
    mode: str | None = None
    weight: float = 0.8
    objects: frozenset[str] = frozenset()
    particle: str | None = None
    target: bool = False
    obj_role: Role = "recipient"
    of_role: Role = "recipient"
    weak: bool = False
    contexts: tuple[str, ...] = ()
    mod_role: Role = "actor"
    party: bool = False


def _s(type_: str, mode: str | None = None, weight: float = 0.8, *, objects: str = "", particle: str | None = None,
       target: bool = False, obj_role: Role = "recipient", of_role: Role = "recipient", weak: bool = False,
       contexts: str = "", mod_role: Role = "actor", party: bool = False) -> Sense:
    return Sense(type_, mode, weight, frozenset(objects.split()), particle, target, obj_role, of_role, weak,
                 tuple(contexts.split()), mod_role, party)


_TROOPS = "troop troops soldier soldiers unit units force forces army personnel contingent division brigade " \
          "battalion regiment military mercenary mercenaries fighter fighters volunteer volunteers"
_WEAPONS = "missile missiles rocket rockets weapon weapons arms ammunition shell shells drone drones tank tanks " \
           "artillery munition munitions satellite projectile projectiles warhead icbm"
_ROUTES = "border borders road roads railway railways rail crossing crossings airspace port ports route routes " \
          "checkpoint checkpoints bridge bridges passage corridor line"
_AGREEMENTS = "treaty agreement accord deal pact memorandum contract ceasefire truce armistice declaration " \
              "protocol charter"
_MESSAGES = "message messages letter letters telegram note notice cable"
_DRILLS = "drill drills exercise exercises training maneuver maneuvers manoeuvre manoeuvres match matches " \
          "parade test tests launch launches firing"
_AID = "aid assistance help support supplies supply food medicine equipment loan loans"

#: Verb lemma -> senses, tried in order.
VERBS: Final[dict[str, tuple[Sense, ...]]] = {
    # -- ASSAULT ------------------------------------------------------------------
    "attack": (_s("ASSAULT", weight=0.9),),
    "strike": (_s("ASSAULT", weight=0.7, target=True), _s("ASSAULT", weight=0.6)),
    "bomb": (_s("ASSAULT", "aerial", 0.9),),
    "airstrike": (_s("ASSAULT", "aerial", 0.9),),
    "shell": (_s("ASSAULT", "heavy-weapons", 0.9),),
    "bombard": (_s("ASSAULT", "heavy-weapons", 0.9),),
    "fire": (_s("ASSAULT", "heavy-weapons", 0.8, target=True, obj_role="theme"),
             _s("MOBILIZE", "weapons", 0.8, objects=_WEAPONS)),
    "test-fire": (_s("MOBILIZE", "weapons", 0.95),),
    "launch": (_s("ASSAULT", "heavy-weapons", 0.7, target=True, objects=_WEAPONS, obj_role="theme"),
               _s("MOBILIZE", "weapons", 0.85, objects=_WEAPONS),
               _s("ASSAULT", None, 0.8, objects="attack attacks offensive assault strike strikes raid invasion")),
    "shoot": (_s("ASSAULT", "firearms", 0.8, particle="down"), _s("ASSAULT", "firearms", 0.8)),
    "kill": (_s("ASSAULT", None, 0.9),),
    "murder": (_s("ASSAULT", "targeted", 0.9),),
    "assassinate": (_s("ASSAULT", "targeted", 0.95),),
    "massacre": (_s("ASSAULT", None, 0.95),),
    "execute": (_s("ASSAULT", "targeted", 0.6, objects="prisoner prisoners civilian civilians people man men"),),
    "wound": (_s("ASSAULT", None, 0.8),),
    "injure": (_s("ASSAULT", None, 0.7),),
    "raid": (_s("ASSAULT", None, 0.8),),
    "ambush": (_s("ASSAULT", None, 0.9),),
    "invade": (_s("ASSAULT", None, 0.95, contexts="territory"),),
    "assault": (_s("ASSAULT", None, 0.9),),
    "storm": (_s("ASSAULT", None, 0.7),),
    "occupy": (_s("ASSAULT", None, 0.6, obj_role="none", contexts="territory"),),
    "capture": (_s("ASSAULT", "abduct", 0.8, objects="soldier soldiers civilian civilians people journalist"),
                _s("ASSAULT", None, 0.7, obj_role="none", contexts="territory")),
    "destroy": (_s("ASSAULT", "destroy", 0.85),),
    "demolish": (_s("ASSAULT", "destroy", 0.7),),
    "blow": (_s("ASSAULT", "explosives", 0.8, particle="up"),),
    "kidnap": (_s("ASSAULT", "abduct", 0.95),),
    "abduct": (_s("ASSAULT", "abduct", 0.95),),
    "torture": (_s("ASSAULT", "torture", 0.95),),
    "beat": (_s("ASSAULT", "beat", 0.6, objects="protester protesters people man men woman women civilian "
                                                 "civilians prisoner prisoners"),),
    "fight": (_s("ASSAULT", None, 0.85),),
    "clash": (_s("ASSAULT", None, 0.85),),
    "repel": (_s("ASSAULT", None, 0.8),),
    "defeat": (_s("ASSAULT", None, 0.75),),
    "liberate": (_s("ASSAULT", None, 0.6, obj_role="none", contexts="territory"),),
    "recapture": (_s("ASSAULT", None, 0.8, obj_role="none", contexts="territory"),),
    "retake": (_s("ASSAULT", None, 0.8, obj_role="none", contexts="territory"),),
    "hit": (_s("ASSAULT", None, 0.6, target=True), _s("ASSAULT", None, 0.5)),
    "target": (_s("ASSAULT", None, 0.6),),
    "take": (_s("ASSAULT", None, 0.5, particle="on"),),
    "inflict": (_s("ASSAULT", None, 0.8, objects="defeat defeats damage casualties losses loss blow blows"),),
    "intrude": (_s("COERCE", None, 0.5, obj_role="none", contexts="territory"),),
    "encroach": (_s("COERCE", None, 0.5, obj_role="none", contexts="territory"),),
    "violate": (_s("COERCE", None, 0.5, objects="sovereignty border airspace waters territory ceasefire "
                                                "agreement", contexts="territory"),),
    "provoke": (_s("THREATEN", None, 0.5),),
    # -- MOBILIZE ------------------------------------------------------------------
    "deploy": (_s("MOBILIZE", "weapons", 0.9, objects=_WEAPONS), _s("MOBILIZE", "troops", 0.9)),
    "mobilize": (_s("MOBILIZE", "troops", 0.9),),
    "mobilise": (_s("MOBILIZE", "troops", 0.9),),
    "mass": (_s("MOBILIZE", "troops", 0.7, objects=_TROOPS),),
    "station": (_s("MOBILIZE", "troops", 0.6, objects=_TROOPS),),
    "reinforce": (_s("MOBILIZE", "troops", 0.6),),
    "fortify": (_s("MOBILIZE", None, 0.7, obj_role="none", contexts="military territory"),),
    "test": (_s("MOBILIZE", "weapons", 0.8, objects=_WEAPONS + " engine engines"),),
    "drill": (_s("MOBILIZE", "troops", 0.6),),
    "arm": (_s("AID", "military", 0.5, obj_role="recipient"),),
    # -- AID -----------------------------------------------------------------------
    "assist": (_s("AID", None, 0.8),),
    "help": (_s("AID", None, 0.5),),
    "aid": (_s("AID", None, 0.7),),
    "supply": (_s("AID", "military", 0.8, objects=_WEAPONS, obj_role="theme"),
               _s("AID", None, 0.6, obj_role="theme")),
    "provide": (_s("AID", "military", 0.8, objects=_WEAPONS + " military", obj_role="theme"),
                _s("AID", None, 0.7, objects=_AID, obj_role="theme")),
    "deliver": (_s("AID", "military", 0.7, objects=_WEAPONS, obj_role="theme"),
                _s("AID", None, 0.6, objects=_AID, obj_role="theme")),
    "donate": (_s("AID", None, 0.7, obj_role="theme"),),
    "send": (_s("CONSULT", None, 0.85, objects=_MESSAGES + " telephone phone", obj_role="theme"),
             _s("AID", "military", 0.8, objects=_TROOPS + " " + _WEAPONS, obj_role="theme"),
             _s("AID", None, 0.7, objects=_AID, obj_role="theme")),
    "dispatch": (_s("AID", "military", 0.75, objects=_TROOPS, obj_role="theme"),
                 _s("CONSULT", None, 0.6, objects=_MESSAGES + " envoy delegation", obj_role="theme")),
    "contribute": (_s("AID", None, 0.5),),
    "rescue": (_s("AID", None, 0.6),),
    # -- CONSULT -------------------------------------------------------------------
    "meet": (_s("CONSULT", None, 0.8),),
    "visit": (_s("CONSULT", "visit", 0.85),),
    "host": (_s("CONSULT", "visit", 0.6),),
    "receive": (_s("CONSULT", "visit", 0.6, objects="delegation delegations envoy minister president leader "
                                                     "ambassador visitor visitors"),),
    "talk": (_s("CONSULT", None, 0.6),),
    "discuss": (_s("CONSULT", None, 0.7),),
    "consult": (_s("CONSULT", None, 0.8),),
    "negotiate": (_s("CONSULT", None, 0.8),),
    "phone": (_s("CONSULT", "phone", 0.9),),
    "telephone": (_s("CONSULT", "phone", 0.9),),
    "call": (_s("REQUEST", None, 0.7, particle="for"), _s("REQUEST", None, 0.7, objects="for"),
             _s("CONSULT", "phone", 0.6, party=True)),
    "confer": (_s("SUPPORT", None, 0.6, objects="award awards title titles medal medals order orders honour "
                                             "honor decoration decorations", obj_role="none"),
               _s("CONSULT", None, 0.6, objects="with")),
    "inform": (_s("CONSULT", None, 0.5),),
    "notify": (_s("CONSULT", None, 0.5),),
    "mediate": (_s("CONSULT", "third-party", 0.8),),
    # -- AGREE / COOPERATE / SUPPORT / CONCEDE -------------------------------------
    "agree": (_s("AGREE", None, 0.85),),
    "sign": (_s("AGREE", None, 0.85, objects=_AGREEMENTS, obj_role="none", contexts="diplomatic"),),
    "conclude": (_s("AGREE", None, 0.8, objects=_AGREEMENTS, obj_role="none", contexts="diplomatic"),),
    "ratify": (_s("AGREE", None, 0.85, obj_role="none", contexts="diplomatic legislative"),),
    "reach": (_s("AGREE", None, 0.8, objects=_AGREEMENTS + " consensus compromise", obj_role="none"),),
    "pledge": (_s("AGREE", None, 0.6),),
    "promise": (_s("AGREE", None, 0.5),),
    "cooperate": (_s("COOPERATE", None, 0.85),),
    "collaborate": (_s("COOPERATE", None, 0.8),),
    "ally": (_s("COOPERATE", None, 0.6),),
    "normalize": (_s("COOPERATE", None, 0.7, objects="relations ties"),),
    "restore": (_s("COOPERATE", None, 0.7, objects="relations ties"),),
    "praise": (_s("SUPPORT", None, 0.85),),
    "endorse": (_s("SUPPORT", None, 0.8),),
    "hail": (_s("SUPPORT", None, 0.75),),
    "laud": (_s("SUPPORT", None, 0.75),),
    "commend": (_s("SUPPORT", None, 0.8),),
    "congratulate": (_s("SUPPORT", None, 0.85),),
    "thank": (_s("SUPPORT", None, 0.7),),
    "welcome": (_s("SUPPORT", None, 0.6),),
    "applaud": (_s("SUPPORT", None, 0.75),),
    "honour": (_s("SUPPORT", None, 0.6),),
    "honor": (_s("SUPPORT", None, 0.6),),
    "back": (_s("SUPPORT", None, 0.5),),
    "erect": (_s("SUPPORT", None, 0.6, objects="monument monuments memorial statue", obj_role="none"),),
    "build": (_s("SUPPORT", None, 0.5, objects="monument monuments memorial statue", obj_role="none"),),
    "unveil": (_s("SUPPORT", None, 0.5, objects="monument monuments memorial statue", obj_role="none"),),
    "apologize": (_s("CONCEDE", None, 0.85),),
    "apologise": (_s("CONCEDE", None, 0.85),),
    "concede": (_s("CONCEDE", None, 0.7),),
    "yield": (_s("CONCEDE", None, 0.5),),
    "ease": (_s("CONCEDE", None, 0.7, objects="sanctions restrictions embargo"),),
    "lift": (_s("CONCEDE", None, 0.7, objects="sanctions restrictions embargo ban curfew blockade"),),
    # -- RETREAT -------------------------------------------------------------------
    "withdraw": (_s("RETREAT", "withdraw", 0.85, obj_role="theme"),),
    "retreat": (_s("RETREAT", "withdraw", 0.8),),
    "pull": (_s("RETREAT", "withdraw", 0.8, particle="out"), _s("RETREAT", "withdraw", 0.7, particle="back")),
    "release": (_s("RETREAT", "release", 0.8, objects="prisoner prisoners hostage hostages detainee detainees "
                                                      "soldier soldiers captive captives", obj_role="theme"),),
    "free": (_s("RETREAT", "release", 0.6, objects="prisoner prisoners hostage hostages detainee detainees",
                obj_role="theme"),),
    "disarm": (_s("RETREAT", "disarm", 0.8),),
    "resign": (_s("RETREAT", "resign", 0.8),),
    "evacuate": (_s("RETREAT", "withdraw", 0.5, obj_role="theme"),),
    # -- REQUEST / ACCUSE / REJECT / THREATEN --------------------------------------
    "ask": (_s("REQUEST", None, 0.6),),
    "request": (_s("REQUEST", None, 0.8),),
    "demand": (_s("REQUEST", None, 0.85),),
    "urge": (_s("REQUEST", None, 0.8),),
    "appeal": (_s("REQUEST", None, 0.7),),
    "implore": (_s("REQUEST", None, 0.8),),
    "accuse": (_s("ACCUSE", "allege", 0.9),),
    "condemn": (_s("ACCUSE", "disapprove", 0.9),),
    "denounce": (_s("ACCUSE", "disapprove", 0.9),),
    "criticize": (_s("ACCUSE", "disapprove", 0.85),),
    "criticise": (_s("ACCUSE", "disapprove", 0.85),),
    "blame": (_s("ACCUSE", "allege", 0.85),),
    "slam": (_s("ACCUSE", "disapprove", 0.7),),
    "censure": (_s("ACCUSE", "disapprove", 0.85),),
    "investigate": (_s("ACCUSE", "investigate", 0.7),),
    "reject": (_s("REJECT", None, 0.8),),
    "refuse": (_s("REJECT", None, 0.7),),
    "dismiss": (_s("REJECT", None, 0.5, objects="claim claims accusation accusations report reports proposal"),),
    "veto": (_s("REJECT", None, 0.85),),
    "oppose": (_s("REJECT", None, 0.6),),
    "threaten": (_s("THREATEN", None, 0.9),),
    "warn": (_s("THREATEN", None, 0.5),),
    "vow": (_s("THREATEN", None, 0.4),),
    # -- PROTEST -------------------------------------------------------------------
    "protest": (_s("PROTEST", "demo", 0.75),),
    "rally": (_s("PROTEST", "demo", 0.7),),
    "march": (_s("PROTEST", "demo", 0.5),),
    "demonstrate": (_s("PROTEST", "demo", 0.6, objects="against"),),
    "riot": (_s("PROTEST", "riot", 0.9),),
    "boycott": (_s("PROTEST", "boycott", 0.85),),
    "picket": (_s("PROTEST", "demo", 0.8),),
    # -- SANCTION ------------------------------------------------------------------
    "sanction": (_s("SANCTION", None, 0.9, contexts="economic"),),
    "impose": (_s("SANCTION", None, 0.85, objects="sanction sanctions embargo tariff tariffs penalty penalties",
                  obj_role="none", contexts="economic"),
               _s("COERCE", "curfew", 0.85, objects="curfew", obj_role="none"),
               _s("COERCE", "martial-law", 0.85, objects="law", obj_role="none"),
               _s("COERCE", "restrict", 0.6, objects="restriction restrictions ban blockade", obj_role="none")),
    "expel": (_s("SANCTION", "expel", 0.85, obj_role="theme"),),
    "sever": (_s("SANCTION", "discontinue", 0.85, objects="ties relations contact contacts"),),
    "suspend": (_s("SANCTION", "discontinue", 0.7, objects="talks cooperation relations ties aid trade "
                                                           "agreement treaty", obj_role="none"),),
    "convict": (_s("SANCTION", "convict", 0.8),),
    "sentence": (_s("SANCTION", "convict", 0.6),),
    # -- COERCE --------------------------------------------------------------------
    "arrest": (_s("COERCE", "arrest", 0.9),),
    "detain": (_s("COERCE", "arrest", 0.85),),
    "deport": (_s("COERCE", "deport", 0.9),),
    "censor": (_s("COERCE", "censor", 0.85),),
    "ban": (_s("COERCE", "restrict", 0.7),),
    "blockade": (_s("COERCE", "restrict", 0.8),),
    "seize": (_s("ASSAULT", None, 0.6, objects="town city village territory area region", obj_role="none"),
              _s("COERCE", "seize", 0.8)),
    "confiscate": (_s("COERCE", "seize", 0.85),),
    "hack": (_s("COERCE", "cyber", 0.8),),
    "cut": (_s("COERCE", "restrict", 0.85, particle="off", objects=_ROUTES + " supply supplies power",
               obj_role="owner", contexts="territory"),
            _s("SANCTION", "discontinue", 0.8, objects="ties relations contact contacts communication",
               obj_role="none"),
            _s("COERCE", "restrict", 0.7, objects=_ROUTES, obj_role="owner", contexts="territory")),
    "close": (_s("COERCE", "restrict", 0.8, objects=_ROUTES, obj_role="owner", contexts="territory"),
              _s("SANCTION", "withdraw", 0.6, objects="embassy embassies consulate", obj_role="none")),
    "shut": (_s("COERCE", "restrict", 0.8, objects=_ROUTES, obj_role="owner", contexts="territory"),
             _s("COERCE", "restrict", 0.7, particle="off", obj_role="owner", contexts="territory"),
             _s("COERCE", "restrict", 0.6, particle="down")),
    "block": (_s("COERCE", "restrict", 0.75, objects=_ROUTES, obj_role="owner", contexts="territory"),
              _s("COERCE", "restrict", 0.5)),
    "secure": (_s("COERCE", "restrict", 0.6, objects=_ROUTES, obj_role="owner", contexts="territory"),),
    "separate": (_s("COERCE", "restrict", 0.5, objects="territory territories border", obj_role="owner",
                    contexts="territory"),),
    "restrict": (_s("COERCE", "restrict", 0.7),),
    "declare": (_s("COERCE", "martial-law", 0.85, objects="law", obj_role="none"),
                _s("COERCE", "curfew", 0.85, objects="curfew", obj_role="none"),
                _s("RETREAT", "ceasefire", 0.8, objects="ceasefire truce", obj_role="none")),
}

#: Event noun lemma -> senses.
NOUNS: Final[dict[str, tuple[Sense, ...]]] = {
    "attack": (_s("ASSAULT", None, 0.85),),
    "strike": (_s("ASSAULT", None, 0.7),),
    "airstrike": (_s("ASSAULT", "aerial", 0.9),),
    "bombing": (_s("ASSAULT", "explosives", 0.85),),
    "bombardment": (_s("ASSAULT", "heavy-weapons", 0.85),),
    "shelling": (_s("ASSAULT", "heavy-weapons", 0.85),),
    "offensive": (_s("ASSAULT", None, 0.8),),
    "assault": (_s("ASSAULT", None, 0.8),),
    "raid": (_s("ASSAULT", None, 0.75),),
    "invasion": (_s("ASSAULT", None, 0.85, contexts="territory"),),
    "incursion": (_s("ASSAULT", None, 0.85, contexts="territory"),),
    "fight": (_s("ASSAULT", None, 0.75),),
    "fighting": (_s("ASSAULT", None, 0.8),),
    "battle": (_s("ASSAULT", None, 0.8),),
    "clash": (_s("ASSAULT", None, 0.8),),
    "hostility": (_s("ASSAULT", None, 0.8),),
    "combat": (_s("ASSAULT", None, 0.5, weak=True),),
    "war": (_s("ASSAULT", None, 0.6, weak=True),),
    "operation": (_s("ASSAULT", None, 0.5, weak=True),),
    "liberation": (_s("ASSAULT", None, 0.6, of_role="none", contexts="territory"),),
    "defeat": (_s("ASSAULT", None, 0.6, mod_role="recipient"),),
    "killing": (_s("ASSAULT", None, 0.85),),
    "massacre": (_s("ASSAULT", None, 0.9),),
    "ambush": (_s("ASSAULT", None, 0.85),),
    "abduction": (_s("ASSAULT", "abduct", 0.9),),
    "kidnapping": (_s("ASSAULT", "abduct", 0.9),),
    "assassination": (_s("ASSAULT", "targeted", 0.9),),
    "explosion": (_s("ASSAULT", "explosives", 0.6),),
    "drill": (_s("MOBILIZE", "troops", 0.75, weak=True),),
    "exercise": (_s("MOBILIZE", "troops", 0.6, weak=True),),
    "training": (_s("MOBILIZE", "troops", 0.6, weak=True),),
    "maneuver": (_s("MOBILIZE", "troops", 0.6, weak=True),),
    "manoeuvre": (_s("MOBILIZE", "troops", 0.6, weak=True),),
    "match": (_s("MOBILIZE", "troops", 0.6, objects="training", weak=True),),
    "parade": (_s("MOBILIZE", "troops", 0.5, weak=True),),
    "deployment": (_s("MOBILIZE", "troops", 0.8),),
    "mobilization": (_s("MOBILIZE", "troops", 0.8),),
    "test": (_s("MOBILIZE", "weapons", 0.8, objects=_WEAPONS + " nuclear", weak=True),),
    "launch": (_s("MOBILIZE", "weapons", 0.8, objects=_WEAPONS, weak=True),),
    "test-fire": (_s("MOBILIZE", "weapons", 0.9),),
    "buildup": (_s("MOBILIZE", "troops", 0.7),),
    "assistance": (_s("AID", None, 0.7, of_role="none"),),
    "aid": (_s("AID", None, 0.6, of_role="none", weak=True),),
    "contribution": (_s("AID", None, 0.5, of_role="actor", weak=True),),
    "treaty": (_s("AGREE", None, 0.7, of_role="none", contexts="diplomatic"),),
    "agreement": (_s("AGREE", None, 0.7, of_role="none", contexts="diplomatic"),),
    "accord": (_s("AGREE", None, 0.7, of_role="none", contexts="diplomatic"),),
    "pact": (_s("AGREE", None, 0.7, of_role="none", contexts="diplomatic"),),
    "deal": (_s("AGREE", None, 0.5, of_role="none", weak=True),),
    "ceasefire": (_s("AGREE", None, 0.8, of_role="none", contexts="peacekeeping"),),
    "truce": (_s("AGREE", None, 0.8, of_role="none", contexts="peacekeeping"),),
    "armistice": (_s("AGREE", None, 0.8, of_role="none", contexts="peacekeeping"),),
    "talk": (_s("CONSULT", None, 0.7, weak=True),),
    "meeting": (_s("CONSULT", None, 0.6, weak=True),),
    "summit": (_s("CONSULT", "multilateral", 0.75),),
    "visit": (_s("CONSULT", "visit", 0.75, of_role="actor"),),
    "negotiation": (_s("CONSULT", None, 0.7),),
    "consultation": (_s("CONSULT", None, 0.6, weak=True),),
    "call": (_s("CONSULT", "phone", 0.7, objects="phone telephone"),),
    "message": (_s("CONSULT", "phone", 0.7, objects="telephone phone"),),
    "conversation": (_s("CONSULT", "phone", 0.7, objects="telephone phone"),),
    "protest": (_s("PROTEST", "demo", 0.8),),
    "rally": (_s("PROTEST", "demo", 0.7),),
    "demonstration": (_s("PROTEST", "demo", 0.7),),
    "riot": (_s("PROTEST", "riot", 0.85),),
    "boycott": (_s("PROTEST", "boycott", 0.8),),
    "sanction": (_s("SANCTION", None, 0.8, contexts="economic"),),
    "embargo": (_s("SANCTION", None, 0.8, contexts="economic"),),
    "expulsion": (_s("SANCTION", "expel", 0.8),),
    "arrest": (_s("COERCE", "arrest", 0.8),),
    "detention": (_s("COERCE", "arrest", 0.7),),
    "crackdown": (_s("COERCE", None, 0.8, contexts="repression"),),
    "curfew": (_s("COERCE", "curfew", 0.8),),
    "blockade": (_s("COERCE", "restrict", 0.8),),
    "closure": (_s("COERCE", "restrict", 0.6, objects=_ROUTES),),
    "cut-off": (_s("COERCE", "restrict", 0.7, contexts="territory"),),
    "cutoff": (_s("COERCE", "restrict", 0.7, contexts="territory"),),
    "deportation": (_s("COERCE", "deport", 0.85),),
    "censorship": (_s("COERCE", "censor", 0.8),),
    "accusation": (_s("ACCUSE", "allege", 0.7),),
    "condemnation": (_s("ACCUSE", "disapprove", 0.8),),
    "investigation": (_s("ACCUSE", "investigate", 0.5, weak=True),),
    "threat": (_s("THREATEN", None, 0.5, weak=True),),
    "ultimatum": (_s("THREATEN", None, 0.85),),
    "rejection": (_s("REJECT", None, 0.7),),
    "veto": (_s("REJECT", None, 0.8),),
    "withdrawal": (_s("RETREAT", "withdraw", 0.8, of_role="theme"),),
    "pullout": (_s("RETREAT", "withdraw", 0.8, of_role="theme"),),
    "release": (_s("RETREAT", "release", 0.6, of_role="theme", weak=True),),
    "resignation": (_s("RETREAT", "resign", 0.8, of_role="actor"),),
    "apology": (_s("CONCEDE", None, 0.8, of_role="actor"),),
    "praise": (_s("SUPPORT", None, 0.6, weak=True),),
    "demand": (_s("REQUEST", None, 0.6, weak=True),),
    "request": (_s("REQUEST", None, 0.6, weak=True),),
}

#: Verbs that lend their subject (and tense) to an event noun they govern, directly or through a preposition.
SUPPORT_VERBS: Final = frozenset({
    "conduct", "hold", "stage", "carry", "launch", "make", "take", "play", "participate", "engage", "join", "wage",
    "guide", "organize", "organise", "inspect", "oversee", "observe", "watch", "direct", "lead", "begin", "start",
    "continue", "resume", "complete", "announce", "mount", "undertake", "perform", "sign", "conclude", "reach",
    "have", "give", "pay", "impose", "declare", "see", "involve", "fight", "win", "lose",
})
#: Nouns through which a support verb reaches an event noun ("played a role in the fight").
SUPPORT_NOUNS: Final = frozenset({"role", "part", "participation", "involvement", "decision", "order", "plan",
                                  "step", "measure", "measures", "series", "round", "wave", "kind"})

#: Lemmas of verbs that introduce what someone says; value: the stance they give.
SPEECH_VERBS: Final[dict[str, str]] = {
    "say": "reported", "state": "reported", "tell": "reported", "announce": "reported", "declare": "reported",
    "proclaim": "reported", "confirm": "reported", "report": "reported", "add": "reported", "note": "reported",
    "stress": "reported", "emphasize": "reported", "emphasise": "reported", "underscore": "reported",
    "insist": "reported", "assert": "reported", "affirm": "reported", "indicate": "reported",
    "explain": "reported", "write": "reported", "quote": "reported", "recount": "reported",
    "mention": "reported", "argue": "reported", "suggest": "reported", "specify": "reported",
    "point": "reported", "disclose": "asserted", "reveal": "asserted", "admit": "asserted",
    "acknowledge": "asserted", "recall": "asserted", "show": "asserted", "prove": "asserted",
    "expose": "asserted", "claim": "distanced", "allege": "distanced", "purport": "distanced",
    "deny": "reported", "determine": "reported", "believe": "reported", "think": "reported",
}
#: Nouns naming a statement: "a statement by X", "X's report", "according to X's announcement".
SPEECH_NOUNS: Final = frozenset({
    "statement", "report", "announcement", "communique", "communiqué", "declaration", "release", "remark",
    "remarks", "speech", "address", "message", "interview", "briefing", "letter", "claim", "claims", "words",
    "comment", "comments", "dispatch", "bulletin", "notice", "editorial", "commentary",
})
#: Speech lemmas that make the content a denial (the event is negated).
DENIAL_VERBS: Final = frozenset({"deny", "refute", "dismiss"})
#: Words that distance a writer from what follows.
DISTANCING_WORDS: Final = frozenset({"alleged", "allegedly", "so-called", "purported", "purportedly", "supposed",
                                     "supposedly", "claimed", "self-proclaimed", "self-styled"})

FUTURE_AUX: Final = frozenset({"will", "shall", "'ll", "wo"})
HYPOTHETICAL_AUX: Final = frozenset({"would", "could", "might", "may", "should", "must", "can"})
#: Verbs whose infinitive complement is planned, not done.
FUTURE_GOVERNORS: Final = frozenset({"plan", "intend", "prepare", "aim", "schedule", "set", "expect", "decide",
                                     "vow", "pledge", "promise", "threaten", "propose", "seek", "mean"})
#: Verbs and nouns whose complement is wished, required or conditional.
HYPOTHETICAL_GOVERNORS: Final = frozenset({"need", "require", "want", "wish", "hope", "call", "urge", "ask",
                                           "demand", "oblige", "consider", "try", "attempt"})
HYPOTHETICAL_MARKERS: Final = frozenset({"if", "unless", "whether"})
#: Objects of a governing verb that make its infinitive complement a capability, not a deed.
HYPOTHETICAL_NOUNS: Final = frozenset({"capability", "ability", "capacity", "readiness", "preparedness", "need",
                                       "plan", "intention", "threat", "option", "right", "possibility", "attempt"})
#: Objects of prepositions that name no party ("on the orders of", "on behalf of", "in accordance with").
NOT_PARTIES: Final = frozenset({"order", "orders", "behalf", "basis", "ground", "grounds", "occasion",
                                "instruction", "instructions", "account", "accordance", "compliance", "pretext",
                                "name", "part", "way", "time", "moment", "stroke", "end", "case", "event"})
NEGATIONS: Final = frozenset({"not", "never", "n't", "no", "nobody", "neither", "nor", "without"})
NEGATING_GOVERNORS: Final = frozenset({"deny", "refute", "fail", "refrain", "avoid", "stop", "prevent", "cancel",
                                       "abandon", "halt"})

#: Per type: words near the trigger that give its mode.
MODE_HINTS: Final[dict[str, dict[str, str]]] = {
    "CONSULT": {"telephone": "phone", "phone": "phone", "call": "phone", "visit": "visit", "trip": "visit",
                "summit": "multilateral", "mediation": "third-party", "mediator": "third-party"},
    "MOBILIZE": {"missile": "weapons", "rocket": "weapons", "weapon": "weapons", "test-fire": "weapons",
                 "icbm": "weapons", "warhead": "weapons", "launcher": "weapons", "artillery": "weapons",
                 "troop": "troops", "soldier": "troops", "drill": "troops", "exercise": "troops",
                 "training": "troops", "paratrooper": "troops", "tankman": "troops", "tank": "troops",
                 "unit": "troops", "police": "police", "militia": "militia"},
    "ASSAULT": {"drone": "drone", "uav": "drone", "airstrike": "aerial", "aircraft": "aerial", "jet": "aerial",
                "air": "aerial", "bomber": "aerial", "missile": "heavy-weapons", "rocket": "heavy-weapons",
                "artillery": "heavy-weapons", "shell": "heavy-weapons", "shelling": "heavy-weapons",
                "mortar": "heavy-weapons", "tank": "heavy-weapons", "bomb": "explosives", "ied": "explosives",
                "mine": "explosives", "explosive": "explosives", "grenade": "explosives", "gun": "firearms",
                "rifle": "firearms", "sniper": "firearms", "gunman": "firearms", "gunfire": "firearms",
                "suicide": "suicide-attack", "chemical": "unconventional", "rape": "sexual",
                "kidnap": "abduct", "hostage": "abduct", "torture": "torture"},
    "AID": {"military": "military", "troop": "military", "weapon": "military", "soldier": "military",
            "unit": "military", "arm": "military", "ammunition": "military", "missile": "military",
            "humanitarian": "humanitarian", "food": "humanitarian", "medicine": "humanitarian",
            "economic": "economic", "loan": "economic", "fund": "economic"},
    "COERCE": {"arrest": "arrest", "detain": "arrest", "curfew": "curfew", "censor": "censor",
               "deport": "deport", "border": "restrict", "road": "restrict", "railway": "restrict",
               "cyber": "cyber", "hacker": "cyber"},
}

#: Lemma -> PLOVER contexts.
CONTEXT_WORDS: Final[dict[str, tuple[str, ...]]] = {}


def _contexts(context: str, words: str) -> None:
    for w in words.split():
        CONTEXT_WORDS[w] = (*CONTEXT_WORDS.get(w, ()), context)


_contexts("military", "army military troop soldier force unit missile rocket weapon tank artillery drill exercise "
          "combat war warfare battle hostility paratrooper tankman airborne brigade battalion regiment navy "
          "warship battleship air-force defence defense offensive fortification frontline front contingent "
          "mercenary general staff kpa")
_contexts("diplomatic", "treaty ambassador embassy diplomat diplomatic envoy summit talks minister foreign "
          "relations visit delegation partnership alliance ally consulate bilateral multilateral")
_contexts("territory", "border territory territorial sovereignty waters region annexation annex frontier "
          "occupation occupy liberation liberate incursion invasion limit line maritime")
_contexts("cbrn", "nuclear chemical biological radiological icbm warhead uranium plutonium")
_contexts("cyber", "cyber hacker hack malware cyberattack")
_contexts("misinformation", "disinformation propaganda fake misinformation")
_contexts("terrorism", "terrorist terrorism jihadist")
_contexts("human_rights", "rights torture abuse")
_contexts("legal", "law court legal judge prosecutor verdict charter")
_contexts("economic", "sanction embargo trade economy economic tariff export import investment")
_contexts("peacekeeping", "peacekeeper peacekeeping ceasefire truce armistice")
_contexts("migration", "refugee migrant migration asylum")
_contexts("health", "health hospital epidemic pandemic vaccine")
_contexts("election", "election vote ballot referendum")
_contexts("religion_ethnicity", "church mosque religious ethnic")
_contexts("intelligence", "intelligence spy espionage")
_contexts("disasters", "earthquake flood typhoon hurricane wildfire")

#: Number words a fatality count may be written in.
NUMBER_WORDS: Final[dict[str, int]] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
}
#: Lemmas that say people died.
DEATH_WORDS: Final = frozenset({"kill", "dead", "die", "death", "fatality", "life"})
