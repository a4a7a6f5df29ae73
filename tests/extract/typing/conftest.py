"""A tiny synthetic copy of the shared data layout, written by the tests (no ../shared)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

#: Sentences written for the tests, five per coarse class (labels as in cameo-sentences).
CAMEO = [
    ("The ministry said the weather would stay dry this week.", 0),
    ("The spokesman commented on the upcoming holiday schedule.", 0),
    ("Officials urged residents to stay calm.", 0),
    ("The agency published its annual report on Monday.", 0),
    ("The president spoke about the economy in a televised address.", 0),
    ("France and Germany agreed to cooperate on energy.", 1),
    ("The foreign ministers met in Vienna for talks.", 1),
    ("Japan praised the new trade policy of India.", 1),
    ("Kenya welcomed the peace proposal.", 1),
    ("The two leaders signed a friendship treaty.", 1),
    ("Norway sent humanitarian aid to Sudan.", 2),
    ("The rebels released twenty hostages.", 2),
    ("Canada donated food and medicine to Haiti.", 2),
    ("The army withdrew its troops from the border town.", 2),
    ("Brazil shared intelligence with Argentina.", 2),
    ("Iran accused Israel of sabotage.", 3),
    ("China condemned the arms sale to Taiwan.", 3),
    ("Serbia rejected the demands of Kosovo.", 3),
    ("North Korea threatened to attack South Korea.", 3),
    ("Turkey denounced the Greek naval exercise.", 3),
    ("Russian forces shelled the city of Kharkiv.", 4),
    ("Police arrested dozens of protesters in Minsk.", 4),
    ("Militants attacked an army base in Mali.", 4),
    ("The EU imposed sanctions on Belarus.", 4),
    ("Thousands protested in the streets of Tehran.", 4),
]

ROLES = [
    ("Russian forces shelled the city .", "B-S I-S O B-T I-T O"),
    ("China condemned the arms sale .", "B-S O B-T I-T I-T O"),
    ("Norway sent aid to Sudan .", "B-S O O O B-T O"),
    ("The army withdrew its troops .", "B-S I-S O B-T I-T O"),
    ("Iran accused Israel of sabotage .", "B-S O B-T O O O"),
    ("Police arrested dozens of protesters .", "B-S O B-T I-T I-T O"),
    ("Japan praised India .", "B-S O B-T O"),
    ("Serbia rejected the demands of Kosovo .", "B-S O O O O B-T O"),
    ("Militants attacked an army base .", "B-S O B-T I-T I-T O"),
    ("Canada helped Haiti .", "B-S B-R B-T O"),
]

PLOVER = [
    ("ASSAULT", "Russian troops shelled Ukrainian positions near Kharkiv.", "RUS", "UKR"),
    ("ASSAULT", "Israeli aircraft bombed targets in Lebanon.", "ISR", "LBN"),
    ("FIGHT", "Syrian soldiers fought rebels near Aleppo.", "SYR", ""),
    ("ACCUSE", "Iran accused Israel of sabotage at its nuclear site.", "IRN", "ISR"),
    ("DISAPPROVE", "China criticized Japan over its defence budget.", "CHN", "JPN"),
    ("ACCUSE", "Russia blamed Ukraine for the explosion.", "RUS", "UKR"),
    ("AGREE", "Egypt and Sudan agreed to share water data.", "EGY", "SDN"),
    ("AGREE", "Kenya agreed to host the peace talks.", "KEN", ""),
    ("AGREE", "India pledged to cooperate with Nepal on trade.", "IND", "NPL"),
]


def write_data(root: Path) -> Path:
    cameo = root / "cameo-sentences"
    cameo.mkdir(parents=True)
    (cameo / "train.tsv").write_text("".join(f"{t}\t{label}\r\n" for t, label in CAMEO), "utf-8")
    blocks = ["\n".join(f"{w} {g}" for w, g in zip(s.split(), tags.split(), strict=True)) for s, tags in ROLES]
    (cameo / "train-roles.txt").write_text("\n\n".join(blocks) + "\n", "utf-8")
    plover = root / "plover"
    plover.mkdir()
    records: list[dict[str, object]] = [{"id": "DOC-0", "event": "DOCUMENT", "eventText": "documentation"}]
    for k, (event, text, src, tgt) in enumerate(PLOVER):
        rec: dict[str, object] = {"id": f"R-{k}", "event": event, "text": text,
                                  "source": [{"actorText": src, "code": src}]}
        if tgt:
            rec["target"] = [{"actorText": tgt, "code": tgt}]
        records.append(rec)
    (plover / "PLOVER_GSR_CAMEO.json").write_text(json.dumps(records, indent=1), "utf-8")
    return root


@pytest.fixture(scope="session")
def tiny_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_data(tmp_path_factory.mktemp("events-data"))
