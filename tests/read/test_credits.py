"""Sources read from the text: wire credits, bylines, copyright lines, links to the original."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from counterpoint.config import Settings
from counterpoint.read.credits import TextSources, find_text_sources
from tests.read.helpers import PARAGRAPH
from tests.read.test_read_inputs import run, write

BODY = "The port authority said the ferry service would resume on Friday after the repairs."


@pytest.mark.parametrize(
    ("text", "credit", "form"),
    [
        (f"SEOUL, Nov 22 (Reuters) - {BODY}", "Reuters", "dateline"),
        (f"WASHINGTON (AP) — {BODY}", "Associated Press", "dateline"),
        (f"MANILA, Philippines (AP) — {BODY}", "Associated Press", "dateline"),
        (f"Seoul, Feb 15 (EFE) - {BODY}", "EFE", "dateline"),
        (f"Harbour Town, March 3 (Coastline Wire) -- {BODY}", "Coastline Wire", "dateline"),
        (f"MOSCOW, July 17. /TASS/. {BODY}", "TASS", "dateline"),
        (f"NORTH CAPE /Far Region/, May 2. /TASS/. {BODY}", "TASS", "dateline"),
        (f"Headline of the day\nPYONGYANG, June 19 (KCNA) -- {BODY}", "Korean Central News Agency", "dateline"),
        (f"{BODY}\n– Reuters", "Reuters", "credit-line"),
        (f"{BODY}\n(AP)", "Associated Press", "credit-line"),
        (f"{BODY}\nBernama/Sputnik", "Bernama", "credit-line"),
        (f"{BODY}\n(With inputs from PTI)", "Press Trust of India", "credit-line"),
        (f"Ferry back\nBy Jane Doe, Associated Press\n{BODY}", "Associated Press", "byline"),
        (f"Ferry back\nBy JANE DOE | Reuters\n{BODY}", "Reuters", "byline"),
        (f"Ferry back\nSource: BBC\n{BODY}", "BBC", "source-line"),
        (f"Date: 14/09/2023 | Source: KCNA.kp (En) | Read original\n{BODY}", "Korean Central News Agency",
         "source-line"),
        (f"{BODY}\nThis news data comes from: https://www.harbour-news.example/a/1", "harbour-news.example", "link"),
        (f"{BODY}\nThis story is from the May 2, 2024 edition of The Harbour Post.", "The Harbour Post", "link"),
    ],
)
def test_credit_forms(text: str, credit: str, form: str) -> None:
    found = find_text_sources(text)
    assert (found.credit, found.credit_from) == (credit, form)


def test_distributor_prefix_is_the_publisher_and_the_agency_the_credit() -> None:
    found = find_text_sources(f"(MENAFN- AzerNews) {BODY}")
    assert found == TextSources("MENAFN", "prefix", "AzerNews", "dateline")
    found = find_text_sources(f"PYONGYANG, June 19 (NNN-KCNA) – {BODY}")
    assert (found.publisher, found.credit) == ("NAM News Network", "Korean Central News Agency")


def test_copyright_holder_is_the_publisher_unless_it_is_the_credited_agency() -> None:
    own = find_text_sources(f"{BODY}\n© 2024 Harbour Media Group. All rights reserved.")
    assert (own.publisher, own.publisher_from, own.credit) == ("Harbour Media Group", "copyright", None)
    wire = find_text_sources(
        f"BERLIN (AP) — {BODY}\nCopyright 2024 The Associated Press. All rights reserved.")
    assert (wire.publisher, wire.credit) == (None, "Associated Press")
    both = find_text_sources(f"BERLIN (AP) — {BODY}\nCopyright © 2024 Harbour Daily Ltd.")
    assert (both.publisher, both.credit) == ("Harbour Daily", "Associated Press")


@pytest.mark.parametrize(
    "text",
    [
        f'"SEOUL (AP) - they wrote it," the editor said.\n{BODY}',
        f"“– Reuters”\n{BODY}",
        f"He told Reuters that the ferry would run. {BODY}",
        f"(LEAD) Ferry service resumes\n{BODY}",
        f"Kim (left) - met the mayor.\n{BODY}",
        f"By order of the council, the ferry stops.\n{BODY}",
        f"{BODY}\nAhn Min-su/AP",
        f"{BODY}\nSource: Link",
        f"Moscow, (Asian independent) {BODY}",
    ],
)
def test_no_credit_is_invented(text: str) -> None:
    assert find_text_sources(text).credit is None


def test_bounded_on_a_long_text() -> None:
    text = ("(" * 50_000 + "x" + ")" * 50_000 + "\n") * 20 + (BODY + "\n") * 200_000
    start = time.perf_counter()
    find_text_sources(text)
    assert time.perf_counter() - start < 10  # a guard, not a timing


def test_plain_text_without_sidecar_gets_its_source_from_the_text(tmp_path: Path) -> None:
    wire = write(tmp_path, "wire.txt", f"SEOUL, Nov 22 (Yonhap) -- {PARAGRAPH}\n\n{PARAGRAPH}\n")
    own = write(tmp_path, "own.txt", f"{PARAGRAPH}\n\n© 2024 Harbour Media Group. All rights reserved.\n")
    mirror = write(tmp_path, "mirror.txt",
                   f" url https://www.kcnawatch.org/n/1\n\nPYONGYANG, May 3 (KCNA) -- {PARAGRAPH}\n")
    docs, failures = run([wire, own, mirror])
    assert failures == []
    by_name = {Path(d.locator).name: d for d in docs}
    d = by_name["wire.txt"]
    assert (d.source, d.source_origin, d.extras["credit"], d.extras["credit_from"]) == (
        "Yonhap News Agency", "credit", "Yonhap News Agency", "dateline")
    d = by_name["own.txt"]
    assert (d.source, d.source_origin, d.extras.get("credit")) == ("Harbour Media Group", "copyright", None)
    d = by_name["mirror.txt"]  # the publisher is the site; the agency it quotes is the credit
    assert (d.source, d.source_origin, d.extras["credit"]) == ("KCNA Watch", "url", "Korean Central News Agency")
    assert d.extras["source_as_given"] == "kcnawatch.org"


def test_one_outlet_is_one_source_whatever_name_it_is_given(tmp_path: Path) -> None:
    by_host = write(tmp_path, "a.txt", f" url https://en.yna.co.kr/view/1\n\n{PARAGRAPH}\n")
    by_name = write(tmp_path, "b.txt", f"{PARAGRAPH}\n")
    write(tmp_path, "b.txt.meta.toml", 'source = "Yonhap"\n')
    docs, _ = run([by_host, by_name])
    assert {d.source for d in docs} == {"Yonhap News Agency"}
    assert sorted(d.source_origin for d in docs) == ["sidecar", "url"]


def test_flag_and_sidecar_win_over_the_text(tmp_path: Path) -> None:
    wire = write(tmp_path, "wire.txt", f"SEOUL, Nov 22 (Reuters) - {PARAGRAPH}\n")
    (doc,), _ = run([wire], Settings(source="Harbour Gazette"))
    assert (doc.source, doc.source_origin, doc.extras["credit"]) == ("Harbour Gazette", "flag", "Reuters")
