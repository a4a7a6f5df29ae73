"""Bytes to normalised text: encodings, BOMs, controls, binary detection."""

from __future__ import annotations

import codecs
import gzip
import unicodedata

import pytest

from counterpoint.errors import BinaryInputError, DecodeError, EmptyInputError
from counterpoint.read.decode import binary_kind, decode, head_text, normalise

from .helpers import warc_bytes

TEXT = "Ferry crews stopped work at dawn on Friday, said the union's café spokesperson."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32-le"),
        (codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"), "utf-32-be"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
    ],
)
def test_boms_and_utf_encodings(data: bytes, encoding: str) -> None:
    decoded = decode(data)
    assert decoded.text == TEXT
    assert decoded.encoding == encoding
    assert decoded.replacements == 0


def test_crlf_cr_nul_and_controls_are_normalised() -> None:
    data = codecs.BOM_UTF8 + b"one\r\ntwo\rthree\x00 four\x07\x1b\tfive\x0c\n"
    assert decode(data).text == "one\ntwo\nthree four\tfive\n"


def test_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Pyongyang café, Kyiv naïve")
    assert decode(decomposed.encode()).text == "Pyongyang café, Kyiv naïve"
    assert normalise(normalise(decomposed)) == normalise(decomposed)


def test_cp1252_only_file_is_detected() -> None:
    text = "The café owner said the naïve plan would cost 5 € and “more” over the years to come. " * 3
    decoded = decode(text.encode("cp1252"))
    assert decoded.text == text
    assert decoded.replacements == 0


def test_mixed_utf8_with_stray_cp1252_bytes() -> None:
    data = "Crews in Kraków said “no”. ".encode() * 5 + "The caf\xe9 was shut.".encode("cp1252")
    decoded = decode(data)
    assert decoded.encoding == "utf-8+cp1252"
    assert decoded.text.endswith("The café was shut.")
    assert "Kraków" in decoded.text


def test_declared_charset_is_used_when_not_utf8() -> None:
    data = "Заявление штаба было опубликовано в пятницу утром.".encode("cp1251")
    assert decode(data, declared="windows-1251").text.startswith("Заявление")


def test_undecodable_raises_decode_error() -> None:
    data = codecs.BOM_UTF32_LE + b"\xff\xff\xff\x7f" * 40
    with pytest.raises(DecodeError) as info:
        decode(data, locator="bad.txt")
    assert "undecodable" in info.value.reason
    assert "UTF-8" in info.value.fix
    assert info.value.locator == "bad.txt"


@pytest.mark.parametrize("data", [b"", b"   \n\t \r\n", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\x00\x00 \n"])
def test_empty_and_whitespace(data: bytes) -> None:
    with pytest.raises(EmptyInputError) as info:
        decode(data, locator="empty.txt")
    assert info.value.fix
    assert "empty.txt" in info.value.message


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
        (b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 40, "ELF executable"),
        (b"PK\x03\x04\x14\x00\x00\x00", "ZIP archive"),
        (b"GIF89a\x01\x00\x01\x00", "GIF image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (gzip.compress(b"just some text"), "gzip"),
        (bytes(range(256)) * 4, "control bytes"),
    ],
)
def test_binary_input_is_named(data: bytes, kind: str) -> None:
    with pytest.raises(BinaryInputError) as info:
        decode(data, locator="photo.txt")
    assert kind in info.value.reason
    assert "not text" in info.value.reason
    assert info.value.fix


def test_gzipped_warc_is_not_called_binary_gzip() -> None:
    data = warc_bytes([("response", "https://a.example/", b"<html></html>", "text/html", "200 OK")])
    assert binary_kind(data[:8192]) is None


def test_text_with_a_few_nul_bytes_is_still_text() -> None:
    assert binary_kind(b"plain words " * 50 + b"\x00\x00") is None


def test_head_text_reads_utf16() -> None:
    assert head_text(codecs.BOM_UTF16_LE + "<HTML>".encode("utf-16-le")) == "<html>"
    assert head_text(b"<RSS>\xff") == "<rss>\xff"


@pytest.mark.parametrize(
    ("data", "fix_word"),
    [
        (gzip.compress(b"x" * 100), "decompress"),
        (b"PK\x03\x04\x14\x00", "unpack"),
        (b"%PDF-1.4\n", "pdftotext"),
        (b"\x89PNG\r\n\x1a\n", "no text"),
    ],
)
def test_binary_fix_says_what_to_do(data: bytes, fix_word: str) -> None:
    with pytest.raises(BinaryInputError) as info:
        decode(data)
    assert fix_word in info.value.fix
