"""Builders shared by the reader tests: settings, WARC files, collectors."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from counterpoint.config import Settings
from counterpoint.model import Document, Failure
from counterpoint.read import read_inputs

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "read"

PARAGRAPH = (
    "The harbour council met on Tuesday evening to discuss the repairs to the old sea wall, "
    "which were damaged in the winter storms and have kept the walkway closed for two months."
)


def page(body: str, *, head: str = "<title>A page</title>", lang: str | None = "en", charset: str = "utf-8") -> str:
    """A small HTML page around ``body``."""
    lang_attr = f' lang="{lang}"' if lang else ""
    return f"<!DOCTYPE html><html{lang_attr}><head><meta charset='{charset}'>{head}</head><body>{body}</body></html>"


def article(paragraphs: Sequence[str], *, head: str = "<title>A page</title>", charset: str = "utf-8") -> str:
    inner = "".join(f"<p>{p}</p>" for p in paragraphs)
    body = f"<nav><a href='/'>Home</a></nav><article>{inner}</article><footer>Contact us</footer>"
    return page(body, head=head, charset=charset)


def warc_bytes(records: Iterable[tuple[str, str, bytes, str, str]], *, gzip: bool = True) -> bytes:
    """A WARC of (kind, uri, body, content type, http status) records, with fixed dates."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    for kind, uri, body, content_type, status in records:
        if kind == "response":
            http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri,
                "response",
                payload=io.BytesIO(body),
                http_headers=http,
                warc_headers_dict={"WARC-Date": "2025-03-20T08:00:00Z"},
            )
        elif kind == "request":
            http = StatusAndHeaders(f"GET {uri} HTTP/1.1", [("Host", "example.org")], is_http_request=True)
            record = writer.create_warc_record(uri, "request", payload=io.BytesIO(b""), http_headers=http)
        else:
            record = writer.create_warc_record(uri, kind, payload=io.BytesIO(body), warc_content_type=content_type)
        writer.write_record(record)
    return buffer.getvalue()


def run(
    paths: Sequence[str | Path], settings: Settings | None = None, **kwargs: object
) -> tuple[list[Document], list[Failure]]:
    """Collect documents and failures of one ``read_inputs`` run."""
    docs: list[Document] = []
    failures: list[Failure] = []
    for out in read_inputs([str(p) for p in paths], settings or Settings(), **kwargs):  # type: ignore[arg-type]
        (docs if isinstance(out, Document) else failures).append(out)  # type: ignore[arg-type]
    return docs, failures


def assert_explained(failure: Failure, locator_part: str, *reason_words: str) -> None:
    """The failure names the input, gives a reason containing the words, and a fix."""
    assert locator_part in failure.locator, failure
    for word in reason_words:
        assert word.lower() in failure.reason.lower(), failure
    assert failure.fix.strip(), failure
