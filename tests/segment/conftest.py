"""Helpers for the segmentation tests: documents built by hand and the
fixture texts written for this project (``tests/fixtures/segment``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from counterpoint.model import Document, PartialDate

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "segment"


def build_document(text: str, *, title: str | None = None, published: PartialDate | None = None) -> Document:
    """A ``Document`` as a reader would give it, around ``text``."""
    return Document(
        id=Document.make_id("test", "fixture", None, text),
        locator="fixture",
        kind="text",
        text=text,
        source="test",
        source_origin="flag",
        url=None,
        title=title,
        author=None,
        published=published or PartialDate(),
        language="en",
        language_score=1.0,
        analysed=True,
        encoding="utf-8",
        raw_sha256="",
        raw_size=len(text.encode("utf-8")),
    )


def read_fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def make_doc() -> Callable[..., Document]:
    return build_document


@pytest.fixture(scope="session")
def fixture_text() -> Callable[[str], str]:
    return read_fixture
