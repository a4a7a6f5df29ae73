"""Web archives: one text per HTML response, truncated and corrupt records."""

from __future__ import annotations

from pathlib import Path

import pytest

from counterpoint.config import Settings
from counterpoint.errors import EmptyInputError, InputError, MalformedInputError
from counterpoint.model import Document
from counterpoint.read.base import Extracted, RawInput
from counterpoint.read.warc import WarcReader

from .helpers import PARAGRAPH, article, warc_bytes

DATED = '<title>Dated</title><meta property="article:published_time" content="2025-03-18T06:00:00Z">'


def records() -> list[tuple[str, str, bytes, str, str]]:
    return [
        ("warcinfo", "", b"software: test", "application/warc-fields", ""),
        ("request", "https://a.example/one", b"", "", ""),
        ("response", "https://a.example/one", article([PARAGRAPH] * 3).encode(), "text/html; charset=utf-8", "200 OK"),
        ("response", "https://a.example/logo.png", b"\x89PNG\r\n\x1a\n", "image/png", "200 OK"),
        ("response", "https://a.example/gone", article(["Not found."]).encode(), "text/html", "404 Not Found"),
        ("response", "https://a.example/two", article([PARAGRAPH] * 2, head=DATED).encode(), "text/html", "200 OK"),
    ]  # fmt: skip


def read_warc(data: bytes, settings: Settings | None = None) -> list[Extracted | InputError]:
    return list(WarcReader().read(RawInput(locator="crawl.warc.gz", data=data), settings or Settings()))


@pytest.mark.parametrize("gzip", [True, False])
def test_html_responses_become_texts(gzip: bool) -> None:
    out = read_warc(warc_bytes(records(), gzip=gzip))
    assert [o.locator for o in out] == ["crawl.warc.gz#record=3", "crawl.warc.gz#record=6"]
    first, second = out
    assert isinstance(first, Extracted) and isinstance(second, Extracted)
    assert first.kind == "warc"
    assert first.url == "https://a.example/one"
    assert "harbour council" in first.text
    # the capture date is kept, never used as the publication date
    assert first.extras["warc_date"] == "2025-03-20T08:00:00Z"
    assert not first.published.known
    assert second.published.iso() == "2025-03-18"


@pytest.mark.parametrize("gzip", [True, False])
def test_truncated_last_record(gzip: bool) -> None:
    data = warc_bytes(records(), gzip=gzip)
    out = read_warc(data[: len(data) - 200])
    assert isinstance(out[0], Extracted) and out[0].locator.endswith("#record=3")
    errors = [o for o in out if isinstance(o, InputError)]
    assert len(errors) == 1
    assert isinstance(errors[0], MalformedInputError)
    assert "#record=6" in (errors[0].locator or "")
    assert "record 6" in errors[0].reason
    assert "truncated" in errors[0].reason or "incomplete" in errors[0].reason
    assert errors[0].fix


def test_cut_inside_a_gzip_member_header() -> None:
    data = warc_bytes(records(), gzip=True)
    one = warc_bytes(records()[:3], gzip=True)
    out = read_warc(data[: len(one) + 15])
    assert isinstance(out[0], Extracted)
    assert isinstance(out[-1], MalformedInputError)


def test_garbage_after_records() -> None:
    data = warc_bytes(records()[:3], gzip=False) + b"this is not a WARC record at all\r\n" * 3
    out = read_warc(data)
    assert isinstance(out[0], Extracted)
    assert isinstance(out[-1], MalformedInputError)
    assert "record 4" in out[-1].reason


def test_archive_without_html() -> None:
    out = read_warc(warc_bytes(records()[:2]))
    assert len(out) == 1 and isinstance(out[0], EmptyInputError)
    assert "no HTML pages" in out[0].reason


def test_page_without_text_fails_for_its_record_only() -> None:
    recs = [
        ("response", "https://a.example/empty", b"<html><body></body></html>", "text/html", "200 OK"),
        ("response", "https://a.example/one", article([PARAGRAPH] * 3).encode(), "text/html", "200 OK"),
    ]
    first, second = read_warc(warc_bytes(recs))
    assert isinstance(first, EmptyInputError) and first.locator == "crawl.warc.gz#record=1"
    assert isinstance(second, Extracted)


def test_payload_over_the_cap() -> None:
    recs = [("response", "https://a.example/big", article([PARAGRAPH] * 40).encode(), "text/html", "200 OK")]
    data = warc_bytes(recs)
    out = read_warc(data, Settings(max_bytes=len(data) + 10))
    assert len(out) == 1 and isinstance(out[0], InputError)
    assert out[0].code == "too-large" and "--max-bytes" in out[0].fix


# -- slices for the engines ------------------------------------------------------------------------


def crawl(pages: int = 5) -> list[tuple[str, str, bytes, str, str]]:
    """A crawl of several pages, each with its request, a 404 and an image between them."""
    recs: list[tuple[str, str, bytes, str, str]] = [("warcinfo", "", b"software: test", "application/warc-fields", "")]
    for n in range(pages):
        uri = f"https://b.example/story-{n}"
        recs.append(("request", uri, b"", "", ""))
        recs.append(("response", uri, article([f"Story {n}. " + PARAGRAPH] * 2).encode(), "text/html", "200 OK"))
        if n % 2:
            recs.append(("response", f"https://b.example/img-{n}.png", b"\x89PNG\r\n\x1a\n", "image/png", "200 OK"))
    recs.append(("response", "https://b.example/gone", article(["Not found."]).encode(), "text/html", "404 Not Found"))
    return recs


def read_all(raws: list[RawInput]) -> list[object]:
    from counterpoint.read import read_one

    return [out for raw in raws for out in read_one(raw, Settings())]


def variants() -> dict[str, bytes]:
    gz = warc_bytes(crawl(), gzip=True)
    plain = warc_bytes(crawl(), gzip=False)
    return {
        "gzip": gz,
        "plain": plain,
        "truncated last record": gz[: len(gz) - 150],
        "garbage after the records": plain + b"this is not a WARC record at all\r\n" * 3,
        "cut inside a gzip header": gz + warc_bytes(records()[:1], gzip=True)[:15],
        "one page": warc_bytes(crawl(1)),
    }


@pytest.mark.parametrize("name", list(variants()))
def test_slices_read_as_the_whole_archive(name: str) -> None:
    data = variants()[name]
    raw = RawInput(locator="crawl.warc.gz", data=data)
    parts = WarcReader().parts(raw)
    whole = read_all([raw])
    assert read_all(parts) == whole  # the same documents (ids, locators, hashes) and failures
    assert b"".join(p.data for p in parts) == data
    if name == "one page":
        assert parts == [raw]
    else:
        assert len(parts) == 5  # one HTML page each
        assert [p.part.first for p in parts if p.part] == [1, 4, 6, 9, 11]
        assert sum(isinstance(d, Document) for d in whole) >= 4


def test_archive_in_one_gzip_stream_is_not_cut() -> None:
    import gzip

    data = gzip.compress(warc_bytes(crawl(), gzip=False))  # every record inside one gzip member
    raw = RawInput(locator="crawl.warc.gz", data=data)
    assert WarcReader().parts(raw) == [raw]


def test_slice_of_pages_that_fail_still_reports_each() -> None:
    recs = [("response", f"https://a.example/empty-{n}", b"<html><body></body></html>", "text/html", "200 OK")
            for n in range(3)]
    raw = RawInput(locator="crawl.warc.gz", data=warc_bytes(recs))
    parts = WarcReader().parts(raw)
    assert len(parts) == 3
    failures = read_all(parts)
    assert failures == read_all([raw])
    assert [f.locator for f in failures] == [f"crawl.warc.gz#record={n}" for n in (1, 2, 3)]


def test_an_archive_over_the_cap_is_read_in_slices_as_if_whole(tmp_path: Path) -> None:
    from counterpoint.read import iter_raw_inputs, read_inputs

    archive = tmp_path / "crawl.warc.gz"
    archive.write_bytes(warc_bytes(crawl(12)))
    roomy = Settings(max_bytes=10 * archive.stat().st_size)
    tight = Settings(max_bytes=archive.stat().st_size // 4)  # well below the file, above each slice
    slices = list(iter_raw_inputs([str(archive)], tight))
    assert len(slices) == 12 and all(isinstance(s, RawInput) and s.part for s in slices)
    assert max(len(s.data) for s in slices if isinstance(s, RawInput)) < tight.max_bytes
    whole = list(read_inputs([str(archive)], roomy))
    assert sum(isinstance(d, Document) for d in whole) == 12
    assert list(read_inputs([str(archive)], tight)) == whole  # the same documents, ids and hashes


def test_slices_over_the_cap_fail_alone_and_other_files_stay_too_large(tmp_path: Path) -> None:
    from counterpoint.read import read_inputs

    recs = crawl(3)
    recs.insert(3, ("response", "https://b.example/big", article([PARAGRAPH] * 60).encode(), "text/html", "200 OK"))
    archive = tmp_path / "crawl.warc"
    archive.write_bytes(warc_bytes(recs, gzip=False))
    text = tmp_path / "long.txt"
    text.write_text(PARAGRAPH * 80)
    settings = Settings(max_bytes=6000)
    out = list(read_inputs([str(archive), str(text)], settings))
    docs = [o for o in out if isinstance(o, Document)]
    failures = [o for o in out if not isinstance(o, Document)]
    assert len(docs) == 3  # the three small pages
    assert [(f.code, f.locator) for f in failures] == [("too-large", f"{archive}#record=4"),
                                                       ("too-large", str(text))]
    assert "max_bytes" in failures[0].fix


def test_a_large_file_that_is_no_archive_is_too_large(tmp_path: Path) -> None:
    from counterpoint.read import read_inputs

    page = tmp_path / "page.html"
    page.write_text(article([PARAGRAPH] * 30))
    out = list(read_inputs([str(page)], Settings(max_bytes=500)))
    assert len(out) == 1 and out[0].code == "too-large"  # type: ignore[union-attr]


def test_a_page_over_an_html_work_cap_is_read_and_warned_about() -> None:
    deep = ("<html><body>" + "<div>" * 300 + "<p>" + PARAGRAPH + "</p>" + "</div>" * 300 + "</body></html>").encode()
    recs = [
        ("response", "https://a.example/deep", deep, "text/html", "200 OK"),
        ("response", "https://a.example/one", article([PARAGRAPH] * 3).encode(), "text/html", "200 OK"),
    ]
    deep_page, warning, other = read_warc(warc_bytes(recs))
    assert isinstance(deep_page, Extracted) and PARAGRAPH.split()[0] in deep_page.text
    assert isinstance(warning, InputError) and warning.code == "reduced" and warning.severity == "warning"
    assert warning.locator == deep_page.locator == "crawl.warc.gz#record=1"
    assert isinstance(other, Extracted) and "reduced" not in other.extras
    # the caps come from the settings, as for an HTML file
    (small,) = [r for r in read_warc(warc_bytes(recs[1:]), Settings(max_html_elements=5)) if isinstance(r, Extracted)]
    assert "reduced" in small.extras
