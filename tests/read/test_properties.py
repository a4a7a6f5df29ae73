"""Property tests: whatever the bytes, reading yields documents and failures only."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from counterpoint.config import Settings
from counterpoint.errors import InputError
from counterpoint.model import Document, Failure
from counterpoint.read import READERS, read_inputs
from counterpoint.read.base import Extracted, RawInput
from counterpoint.read.decode import decode

from .helpers import warc_bytes

SETTINGS = Settings(max_chars=50_000)
SUFFIXES = ["", ".txt", ".html", ".xml", ".rss", ".warc", ".warc.gz", ".bin"]
PREFIXES = [
    b"",
    b" date 2025-04-28 ",
    b"<!DOCTYPE html><html><body><p>",
    b'<?xml version="1.0"?><rss version="2.0"><channel><item><description>',
    b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="html">',
    b"WARC/1.0\r\nWARC-Type: response\r\n",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
]
WARC = warc_bytes([("response", "https://a.example/", b"<html><body><p>Some words</p></body></html>", "text/html",
                    "200 OK")])  # fmt: skip

# bytes that reach the readers' deeper paths: a known prefix, then anything
inputs = st.one_of(
    st.binary(max_size=3000),
    st.builds(lambda p, b: p + b, st.sampled_from(PREFIXES), st.binary(max_size=2000)),
    st.builds(lambda t: t.encode("utf-8"), st.text(max_size=2000)),
    st.builds(lambda cut, junk: WARC[:cut] + junk, st.integers(0, len(WARC)), st.binary(max_size=50)),
)
PROPERTY = hsettings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(outputs: list[Document | Failure]) -> None:
    for out in outputs:
        assert isinstance(out, Document | Failure), out
        if isinstance(out, Document):
            assert isinstance(out.text, str) and out.text.strip()
            assert "\x00" not in out.text and "\r" not in out.text
            assert len(out.text) <= SETTINGS.max_chars
        else:
            assert out.code != "reader-bug", out
            assert out.reason and out.fix


@PROPERTY
@given(data=inputs)
def test_read_inputs_from_stdin(data: bytes) -> None:
    check(list(read_inputs(["-"], SETTINGS, stdin=io.BytesIO(data))))


@PROPERTY
@given(data=inputs, suffix=st.sampled_from(SUFFIXES))
def test_read_inputs_from_a_file(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        check(list(read_inputs([str(path)], SETTINGS)))


@PROPERTY
@given(text=st.text(max_size=3000))
def test_arbitrary_text(text: str) -> None:
    check(list(read_inputs(["-"], SETTINGS, stdin=io.BytesIO(text.encode("utf-8")))))


@PROPERTY
@given(data=inputs, key=st.sampled_from(["text.v1", "html.v1", "feed.v1", "warc.v1"]))
def test_each_reader_directly(data: bytes, key: str) -> None:
    reader = READERS[key]
    raw = RawInput(locator="x", data=data)
    try:
        outputs = list(reader.read(raw, SETTINGS))
    except InputError:
        return
    for out in outputs:
        assert isinstance(out, Extracted | InputError), out
        if isinstance(out, Extracted):
            assert "\x00" not in out.text and "\r" not in out.text
            assert out.locator.startswith("x")


@PROPERTY
@given(data=st.binary(max_size=3000))
def test_decode_never_leaves_controls(data: bytes) -> None:
    try:
        text = decode(data).text
    except InputError:
        return
    assert not any(ord(c) < 32 and c not in "\n\t" for c in text)
