"""read_inputs end to end: documents, failures with reason and fix, precedence."""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from counterpoint.config import Settings
from counterpoint.errors import InputError
from counterpoint.model import Document, PartialDate
from counterpoint.read import READERS, finish, load_plugins, read_inputs
from counterpoint.read.base import Extracted, RawInput

from .helpers import FIXTURES, PARAGRAPH, article, assert_explained, run, warc_bytes

ENGLISH = "\n\n".join([PARAGRAPH] * 3)


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def test_every_reader_through_read_inputs() -> None:
    docs, failures = run([FIXTURES])
    assert failures == []
    kinds = {d.locator.split("/")[-1]: d.kind for d in docs}
    assert kinds == {
        "article.html": "html",
        "crawler-dump.txt": "text",
        "feed-atom.xml#entry=1": "feed",
        "feed-atom.xml#entry=2": "feed",
        "feed-rss.xml#entry=1": "feed",
        "feed-rss.xml#entry=2": "feed",
    }
    for doc in docs:
        assert doc.id == Document.make_id(doc.source, doc.locator, doc.url, doc.text)
        assert doc.language == "en" and doc.analysed
        assert len(doc.raw_sha256) == 64 and doc.raw_size > 0


def test_ids_are_stable_across_runs() -> None:
    first, _ = run([FIXTURES])
    second, _ = run([FIXTURES])
    assert [d.id for d in first] == [d.id for d in second]


def test_warc_through_read_inputs(tmp_path: Path) -> None:
    recs = [("response", "https://www.a.example/one", article([PARAGRAPH] * 3).encode(), "text/html", "200 OK")]
    path = write(tmp_path, "crawl.bin", warc_bytes(recs))
    (doc,), failures = run([path])
    assert failures == []
    assert doc.kind == "warc" and doc.locator == f"{path}#record=1"
    assert (doc.source, doc.source_origin) == ("a.example", "url")
    assert doc.published == PartialDate()


@pytest.mark.parametrize(
    ("name", "data", "code", "words"),
    [
        ("empty.txt", b"", "empty", ["empty"]),
        ("blank.txt", b"  \n\n\t ", "empty", ["whitespace"]),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary", ["PNG image", "not text"]),
        ("paper.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "binary", ["PDF document"]),
        ("tool.txt", b"\x7fELF\x02\x01\x01" + b"\x00" * 60, "binary", ["ELF"]),
        ("bad.txt", codecs.BOM_UTF32_LE + b"\xff\xff\xff\x7f" * 50, "decode", ["undecodable"]),
        ("nothing.html", b"<html><body><script>x()</script></body></html>", "empty", ["no visible text"]),
        ("broken.xml", b'<?xml version="1.0"?>\n<rss version="2.0">\n<channel><item <<', "malformed", ["line"]),
    ],
)
def test_bad_inputs_become_failures_with_reason_and_fix(
    tmp_path: Path, name: str, data: bytes, code: str, words: list[str]
) -> None:
    path = write(tmp_path, name, data)
    docs, (failure,) = run([path])
    assert docs == []
    assert failure.code == code and failure.stage == "read" and failure.severity == "error"
    assert_explained(failure, name, *words)


def test_input_stage_failures(tmp_path: Path) -> None:
    big = write(tmp_path, "big.txt", "x" * 500)
    docs, failures = run([tmp_path / "missing.txt", big, big], Settings(max_bytes=100))
    assert docs == []
    assert [(f.code, f.stage) for f in failures] == [
        ("not-found", "input"),
        ("too-large", "input"),
        ("duplicate", "input"),
    ]
    assert_explained(failures[0], "missing.txt", "does not exist")
    assert_explained(failures[1], "big.txt", "MB")
    assert "--max-bytes" in failures[1].fix
    assert failures[2].severity == "warning"


def test_invalid_and_mixed_encodings_still_read(tmp_path: Path) -> None:
    latin = write(tmp_path, "latin.txt", (PARAGRAPH + " The café owner agreed.").encode("cp1252"))
    mixed = write(
        tmp_path, "mixed.txt", "Kraków “quoted” text. ".encode() * 3 + b"The caf\xe9 shut. " + PARAGRAPH.encode()
    )
    docs, failures = run([latin, mixed])
    assert failures == []
    assert "The café owner agreed." in docs[0].text
    assert "The café shut." in docs[1].text and docs[1].encoding == "utf-8+cp1252"


def test_truncated_and_malformed_html(tmp_path: Path) -> None:
    full = article([PARAGRAPH, PARAGRAPH.replace("Tuesday", "Friday")])
    cut = write(tmp_path, "cut.html", full[: full.index("Friday") + 10])
    bad = write(tmp_path, "bad.html", "<html><p>" + PARAGRAPH + "</div></td><p><b>" + PARAGRAPH + "</i>")
    docs, failures = run([cut, bad])
    assert failures == []
    assert all("harbour council" in d.text for d in docs)


def test_truncated_warc_keeps_earlier_records(tmp_path: Path) -> None:
    recs = [
        ("response", f"https://a.example/{n}", article([PARAGRAPH] * 3).encode(), "text/html", "200 OK")
        for n in range(3)
    ]
    data = warc_bytes(recs)
    path = write(tmp_path, "crawl.warc.gz", data[:-100])
    docs, failures = run([path])
    assert [d.locator.rsplit("#", 1)[1] for d in docs] == ["record=1", "record=2"]
    (failure,) = failures
    assert failure.code == "malformed"
    assert_explained(failure, "crawl.warc.gz#record=3", "record 3")


def test_bom_crlf_nul_text(tmp_path: Path) -> None:
    path = write(tmp_path, "dos.txt", codecs.BOM_UTF8 + b"First line\r\nsecond\x00 line\r\n\r\nNext paragraph\r\n")
    (doc,), failures = run([path])
    assert failures == []
    assert doc.text == "First line\nsecond line\n\nNext paragraph"
    assert doc.encoding == "utf-8"


def test_stdin(tmp_path: Path) -> None:
    (doc,), failures = run(["-"], stdin=io.BytesIO(article([PARAGRAPH] * 2).encode()))
    assert failures == [] and doc.locator == "-" and doc.kind == "html"


def test_source_precedence(tmp_path: Path) -> None:
    header = write(tmp_path, "dump.txt", " source Harbour Gazette\n url https://www.h.example/a\n\n" + ENGLISH)
    with_sidecar = write(tmp_path, "side.txt", " url https://www.h.example/b\n\n" + ENGLISH)
    write(tmp_path, "side.txt.meta.toml", 'source = "Sidecar Source"\npublished = "2025-03"\n')
    url_only = write(tmp_path, "url.txt", " url https://www.h.example/c\n\n" + ENGLISH)
    plain = write(tmp_path, "plain.txt", ENGLISH)
    docs, failures = run([header, with_sidecar, url_only, plain])
    assert failures == []
    assert [(d.source, d.source_origin) for d in docs] == [
        ("Harbour Gazette", "header"),
        ("Sidecar Source", "sidecar"),
        ("h.example", "url"),
        (None, "none"),
    ]
    assert docs[1].published == PartialDate(2025, 3, None, "sidecar")
    flagged, _ = run([header, plain], Settings(source="Flag Source"))
    assert [(d.source, d.source_origin) for d in flagged] == [("Flag Source", "flag")] * 2


def test_feed_site_is_the_source_without_a_link(tmp_path: Path) -> None:
    data = (
        '<rss version="2.0"><channel><title>Harbour Gazette</title>'
        f"<item><title>T</title><description>{PARAGRAPH}</description></item></channel></rss>"
    )
    (doc,), _ = run([write(tmp_path, "f.rss", data)])
    assert (doc.source, doc.source_origin) == ("Harbour Gazette", "feed")


def test_language_detection_sidecar_and_short_text(tmp_path: Path) -> None:
    russian = write(tmp_path, "ru.txt", "Заявление штаба было опубликовано в пятницу утром. " * 4)
    short = write(tmp_path, "short.txt", "Ok 12 34")
    forced = write(tmp_path, "forced.txt", ENGLISH)
    write(tmp_path, "forced.txt.meta.toml", 'language = "de"\n')
    docs, failures = run([russian, short, forced])
    assert failures == []
    assert (docs[0].language, docs[0].analysed) == ("ru", False)
    assert docs[0].language_score > 0.9
    assert (docs[1].language, docs[1].language_score, docs[1].analysed) == ("und", 0.0, False)
    assert (docs[2].language, docs[2].language_score, docs[2].analysed) == ("de", 1.0, False)


def test_text_over_max_chars_is_cut_with_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "long.txt", ENGLISH)
    docs, failures = run([path], Settings(max_chars=100))
    assert len(docs[0].text) == 100 and ENGLISH.startswith(docs[0].text)
    (warning,) = failures
    assert warning.code == "truncated" and warning.severity == "warning"
    assert_explained(warning, "long.txt", "max_chars")


class ExplodingReader:
    name = "text"

    def sniff(self, head: bytes, path: Path | None) -> float:
        return 1.0 if head.startswith(b"BOOM") else 0.0

    def read(self, raw: RawInput, settings: Settings) -> Iterator[Extracted | InputError]:
        raise RuntimeError("kaboom")
        yield


def test_a_reader_bug_becomes_a_failure_and_the_batch_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(READERS, "boom.v1", ExplodingReader())
    bad = write(tmp_path, "a.txt", "BOOM and more")
    good = write(tmp_path, "b.txt", ENGLISH)
    docs, failures = run([bad, good])
    assert [d.locator for d in docs] == [str(good)]
    (failure,) = failures
    assert failure.code == "reader-bug" and "RuntimeError" in failure.reason and "kaboom" in failure.reason
    assert failure.fix


def test_broken_plugin_is_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    import counterpoint.read as read_pkg

    class FakeEntryPoint:
        name = "broken.v1"
        value = "broken_pkg:Reader"

        def load(self) -> object:
            raise ImportError("no module named broken_pkg")

    monkeypatch.setattr(read_pkg, "_plugins_loaded", False)
    monkeypatch.setattr(read_pkg, "_plugin_failures", [])
    monkeypatch.setattr(read_pkg.importlib.metadata, "entry_points", lambda group: [FakeEntryPoint()])
    (failure,) = load_plugins()
    assert failure.severity == "warning" and failure.code == "reader-plugin"
    assert "broken_pkg" in failure.reason
    outputs = list(read_inputs([], Settings()))
    assert outputs == [failure]


def test_finish_sidecar_title_and_url_only_for_single_documents() -> None:
    raw = RawInput(locator="f.xml", data=b"x", sidecar={"title": "Side", "url": "https://s.example/x"})
    entry = Extracted(locator="f.xml#entry=1", kind="feed", text=ENGLISH, url="https://e.example/1", title="Entry")
    doc, warnings = finish(entry, raw, Settings())
    assert warnings == []
    assert (doc.title, doc.url) == ("Entry", "https://e.example/1")
    page = Extracted(locator="p.html", kind="html", text=ENGLISH, url="https://e.example/1", title="Page")
    doc, _ = finish(page, raw, Settings())
    assert (doc.title, doc.url, doc.source) == ("Side", "https://s.example/x", "s.example")
