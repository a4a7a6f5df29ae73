"""Legacy single-byte encodings without a declared charset: the most plausible reading wins
(issue 16, item 9: Latin-1 French or German was read as Cyrillic or Baltic text)."""

from __future__ import annotations

import pytest

from counterpoint.read.decode import decode, suspicion

CASES = [
    ("latin-1", "Le café de la place est fermé depuis lundi, a annoncé le maire."),
    ("latin-1", "Herr Müller sagte, die Übersetzung sei fertig."),
    ("latin-1", "Müller, café, Übersetzung"),
    ("latin-1", "Müller"),
    ("latin-1", "North Korea sent troops, the café owner Müller said. Übersetzung pending."),
    ("cp1252", "Citação: São Paulo é grande, disse o ministro à imprensa."),
    ("cp1252", "Señor Núñez dijo que la reunión será mañana en Málaga."),
    ("cp1251", "Президент России Владимир Путин заявил в четверг, что переговоры продолжатся."),
    ("cp1251", "Міністерство оборони України повідомило про збиття дронів над Києвом."),
    ("cp1251", "Сергей Лавров сказал журналистам"),
    ("cp1251", "Путин"),
    ("koi8_r", "Президент России Владимир Путин заявил в четверг, что переговоры продолжатся."),
    ("cp1250", "Zażółć gęślą jaźń, powiedział minister spraw zagranicznych w Warszawie."),
    ("cp1250", "Ministr zahraničí řekl, že Česká republika podpoří Ukrajinu i příští rok."),
    ("cp1253", "Ο πρωθυπουργός της Ελλάδας δήλωσε σήμερα ότι η κυβέρνηση θα στηρίξει."),
    ("cp1254", "Türkiye Dışişleri Bakanı, Ankara'da gazetecilere açıklama yaptı."),
    ("shift_jis", "北朝鮮は月曜日に国境へ部隊を派遣したと当局者が述べた。"),
    ("gb18030", "朝鲜周一向边境派遣了部队，官员说。"),
]


@pytest.mark.parametrize(("encoding", "text"), CASES, ids=[f"{e}-{t[:12]}" for e, t in CASES])
def test_legacy_text_without_a_declared_charset_is_read_right(encoding: str, text: str) -> None:
    assert decode(text.encode(encoding)).text == text


def test_latin1_is_reported_as_cp1252() -> None:
    assert decode("Der Bürgermeister von München sprach über die Straßenbahn.".encode("latin-1")).encoding == "cp1252"


@pytest.mark.parametrize(
    ("clean", "mojibake"),
    [
        ("café Müller", "cafй Mьller"),  # Latin-1 read as cp1251: mixed scripts in a word
        ("Москва заявила", "Ìîñêâà çàÿâèëà"),  # cp1251 read as cp1252: Latin words of accents only
        ("Zażółć gęślą", "Za¿ó³æ gêœl¹"),  # cp1250 read as cp1252: symbols inside words
        ("café Müller", "cafÚ MÜller"),  # capitals after small letters
    ],
)
def test_suspicion_prefers_the_clean_reading(clean: str, mojibake: str) -> None:
    assert suspicion(clean) == 0
    assert suspicion(mojibake) >= 1
