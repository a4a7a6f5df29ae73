"""Stored locators of file names that are not UTF-8: text, one-to-one, back to the exact bytes."""

from __future__ import annotations

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterpoint.display import terminal_locator
from counterpoint.locators import display_locator, display_path, locator_bytes, path_locator, safe_locator

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file names are bytes on POSIX only")


@pytest.mark.parametrize(
    ("raw", "stored", "shown"),
    [
        (b"news/report.txt", "news/report.txt", "news/report.txt"),
        ("news/caf\u00e9 50%.txt".encode(), "news/caf\u00e9 50%.txt", "news/caf\u00e9 50%.txt"),
        (b"news/caf\xe9.txt", "bytes:news/caf%E9.txt", "news/caf\\xe9.txt"),
        (b"a%\xff", "bytes:a%25%FF", "a%\\xff"),
        (b"bytes:x", "bytes:bytes:x", "bytes:x"),
    ],
)
def test_examples(raw: bytes, stored: str, shown: str) -> None:
    assert path_locator(raw) == stored == path_locator(os.fsdecode(raw))
    assert locator_bytes(stored) == raw
    assert display_locator(stored) == shown == display_path(raw)


@given(st.binary(min_size=1, max_size=40).filter(lambda b: b"\x00" not in b))
def test_every_name_round_trips_as_valid_text(raw: bytes) -> None:
    stored = path_locator(raw)
    stored.encode("utf-8")
    assert locator_bytes(stored) == raw
    assert locator_bytes(stored + "#entry=3") == raw + b"#entry=3"
    display_locator(stored).encode("utf-8")


@given(st.binary(max_size=12), st.binary(max_size=12))
def test_one_to_one(a: bytes, b: bytes) -> None:
    if a != b:
        assert path_locator(a) != path_locator(b)


def test_safe_locator_and_terminal() -> None:
    assert safe_locator("bytes:a%E9") == "bytes:a%E9"  # already stored: unchanged
    assert safe_locator("a\udce9") == "bytes:a%E9"
    assert safe_locator("a\ud800").encode("utf-8")
    assert terminal_locator("bytes:a%1B[31m%E9") == "a[31m\\xe9"
