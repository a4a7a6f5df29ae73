"""Feeds with an internal DTD subset: sniffed as feeds, entities never fetched, expansion
bombs refused before any parser expands them (issue 16, item 9)."""

from __future__ import annotations

from pathlib import Path

import pytest

from counterpoint.read import pick_reader
from counterpoint.read.feed import MAX_ENTITY_EXPANSION
from counterpoint.read.markup import entity_expansion, root_tag

from .helpers import PARAGRAPH, assert_explained, run

ATOM_TAIL = (
    '<feed xmlns="http://www.w3.org/2005/Atom"><title>Gazette</title><id>urn:g</id>'
    "<updated>2025-04-28T10:00:00Z</updated><entry><title>Sea wall</title><id>urn:1</id>"
    '<updated>2025-04-28T10:00:00Z</updated><content type="text">{body}</content></entry></feed>\n'
)


def atom(subset: str, body: str) -> bytes:
    return (f'<?xml version="1.0"?>\n<!DOCTYPE feed [\n{subset}\n]>\n' + ATOM_TAIL.format(body=body)).encode()


@pytest.mark.parametrize(
    ("head", "root"),
    [
        ('<!doctype feed [ <!entity a "x>y"> ]><feed>', "feed"),
        ("<!doctype feed [ <!entity a 'x>y'> <!-- a ]> here --> <?pi ]> ?> ]>\n<feed>", "feed"),
        ('<!doctype html public "-//w3c//dtd html 4.01//en" "http://www.w3.org/tr/html4/strict.dtd"><html>', "html"),
        ("<!doctype html><body>", "body"),
        ('<!doctype feed [ <!entity a "never closed', None),
        ("<!doctype feed [ <!entity a 'x'>", None),
    ],
)
def test_root_tag_skips_a_doctype_with_an_internal_subset(head: str, root: str | None) -> None:
    assert root_tag(head) == root


def test_an_atom_feed_with_an_internal_subset_is_read_as_a_feed(tmp_path: Path) -> None:
    data = atom('<!ENTITY agency "the Harbour Council">', "A statement from &agency;. " + PARAGRAPH)
    assert pick_reader(data[:8192], "f.atom").name == "feed"
    (doc,), failures = run([_write(tmp_path, "f.atom", data)])
    assert failures == []
    assert doc.kind == "feed" and doc.locator.endswith("f.atom#entry=1")
    assert doc.text.startswith("A statement from the Harbour Council.")


def test_an_external_entity_is_never_fetched(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    data = atom(f'<!ENTITY leak SYSTEM "file://{secret}">', PARAGRAPH + " &leak;")
    docs, _ = run([_write(tmp_path, "f.atom", data)])
    assert docs and all("TOPSECRET" not in doc.text for doc in docs)


def _laughs(levels: int) -> str:
    lines = ['<!ENTITY lol0 "lol">']
    lines += [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, levels + 1)]
    return "\n".join(lines)


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "subset_and_body",
    [
        (_laughs(9), f"{PARAGRAPH} &lol9;"),  # a billion laughs: 3 GB
        (f'<!ENTITY big "{"A" * 4000}">', PARAGRAPH + " &big;" * 200_000),  # quadratic: 800 MB from 1 MB
    ],
    ids=["billion-laughs", "quadratic"],
)
def test_an_entity_expansion_bomb_is_refused(tmp_path: Path, subset_and_body: tuple[str, str]) -> None:
    docs, (failure,) = run([_write(tmp_path, "bomb.atom", atom(*subset_and_body))])
    assert docs == []
    assert failure.code == "malformed" and failure.severity == "error"
    assert_explained(failure, "bomb.atom", "entities", "expand")


def test_entity_expansion_counts_nested_references_and_stops_at_the_limit() -> None:
    assert entity_expansion("<p>&amp; &nbsp;</p>", limit=100) == 0
    text = '<!ENTITY a "xx"><!ENTITY b "&a;&a;y">' + "<p>&b; &b; &a; &undeclared;</p>"
    # b is 5 characters; the references inside the declarations count too (a bound)
    assert entity_expansion(text, limit=1000) == (5 + 5 + 2) + (2 + 2)
    assert entity_expansion('<!ENTITY c "&c;">&c;', limit=10) > 10  # a cycle is unbounded
    assert entity_expansion(_laughs(9) + "&lol9;", limit=MAX_ENTITY_EXPANSION) > MAX_ENTITY_EXPANSION


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path
