"""Bytes to normalised text.

Guarantees of :func:`decode` (and of every reader, which all go through it or
through :func:`normalise`):

* the result is a ``str`` without byte-order marks, NUL bytes, carriage
  returns or other C0 control characters (``\\n`` and ``\\t`` are kept);
* line ends are ``\\n``; the text is in Unicode normal form C;
* input that looks binary (by magic bytes or by its share of control bytes)
  raises :class:`BinaryInputError` naming what it looks like; input that is
  empty or only whitespace raises :class:`EmptyInputError`; input whose
  encoding cannot be told raises :class:`DecodeError`;
* strict UTF-8 is tried first, so the common case costs one ``bytes.decode``;
  UTF-8 with stray single-byte (cp1252) characters is repaired byte by byte;
  anything else goes to charset-normalizer, whose guesses and the commonest
  legacy encodings (cp1252, cp1250, cp1251) are then weighed by how plausible
  their text is (:func:`suspicion`: mixed scripts inside a word, symbols
  between letters, capitals after small letters, Latin words made only of
  accented letters, undecodable bytes), the language identifier's confidence
  breaking ties, so that Latin-1 French or German is not read as Cyrillic or
  Baltic text, nor Russian as accented Latin;
* a decoded text may hold U+FFFD replacement characters for bytes that could
  not be decoded, but never more than :data:`MAX_REPLACEMENT_SHARE` of it.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
import zlib
from dataclasses import dataclass
from functools import lru_cache

from counterpoint.errors import BinaryInputError, DecodeError, EmptyInputError

#: Bytes looked at to sniff binary content and encodings.
HEAD_SIZE = 8192
#: Largest share of replacement characters tolerated in a decoded text.
MAX_REPLACEMENT_SHARE = 0.02
#: Share of control bytes (other than tab, line ends, form feed, escape) above
#: which an input is taken for binary data.
MAX_CONTROL_SHARE = 0.10

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: (magic bytes, offset, what it looks like); checked in order.
_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "a PNG image"),
    (b"%PDF-", 0, "a PDF document"),
    (b"\x7fELF", 0, "an ELF executable or library"),
    (b"PK\x03\x04", 0, "a ZIP archive (or a DOCX, XLSX, ODT or EPUB file, which are ZIP archives)"),
    (b"PK\x05\x06", 0, "an empty ZIP archive"),
    (b"GIF87a", 0, "a GIF image"),
    (b"GIF89a", 0, "a GIF image"),
    (b"\xff\xd8\xff", 0, "a JPEG image"),
    (b"BZh", 0, "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", 0, "xz-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", 0, "a 7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", 0, "zstd-compressed data"),
    (b"Rar!\x1a\x07", 0, "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "an old Microsoft Office document (DOC, XLS or PPT)"),
    (b"SQLite format 3\x00", 0, "an SQLite database"),
    (b"\x00asm", 0, "a WebAssembly module"),
    (b"\xca\xfe\xba\xbe", 0, "a Java class file or Mach-O binary"),
    (b"\xcf\xfa\xed\xfe", 0, "a Mach-O executable"),
    (b"\xce\xfa\xed\xfe", 0, "a Mach-O executable"),
    (b"II*\x00", 0, "a TIFF image"),
    (b"MM\x00*", 0, "a TIFF image"),
    (b"OggS", 0, "an Ogg audio or video file"),
    (b"fLaC", 0, "a FLAC audio file"),
    (b"\x1aE\xdf\xa3", 0, "a Matroska or WebM video"),
    (b"wOFF", 0, "a WOFF font"),
    (b"wOF2", 0, "a WOFF2 font"),
    (b"\x00\x01\x00\x00\x00", 0, "a TrueType font"),
    (b"ustar", 257, "a tar archive"),
)
_RIFF_KINDS = {b"WEBP": "a WebP image", b"WAVE": "a WAV audio file", b"AVI ": "an AVI video"}

#: Control bytes counted as a sign of binary data (tab, LF, VT, FF, CR and ESC are not).
_CONTROL_BYTES = bytes([b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)]) + b"\x7f"
#: C0 controls removed from decoded text (all but tab and line feed).
_STRIP_TABLE = {c: None for c in range(32) if c not in (9, 10)}
_STRIP_RE = re.compile("[\x00-\x08\x0b-\x1f]")


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Decode the bytes UTF-8 rejected as cp1252 (undefined ones become U+FFFD)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return bytes(bad).decode("cp1252", "replace"), exc.end


_FALLBACK_HANDLER = "counterpoint.cp1252-fallback"
codecs.register_error(_FALLBACK_HANDLER, _cp1252_fallback)


@dataclass(frozen=True, slots=True)
class Decoded:
    """A decoded, normalised text and how it was obtained.

    ``encoding`` is a Python codec name, or ``utf-8+cp1252`` for UTF-8 text
    repaired byte by byte; ``replacements`` counts the U+FFFD characters the
    decoding itself introduced.
    """

    text: str
    encoding: str
    replacements: int = 0


def strip_bom(data: bytes) -> tuple[bytes, str | None]:
    """Remove a leading UTF-8/16/32 byte-order mark; return the rest and its codec."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :], codec
    return data, None


def utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when NUL bytes sit on one parity only, as in
    mostly-ASCII UTF-16 text without a byte-order mark; else ``None``."""
    if len(head) < 8 or b"\x00" not in head:
        return None
    even = head[0::2]
    odd = head[1::2]
    even_nul = even.count(0) / len(even)
    odd_nul = odd.count(0) / max(1, len(odd))
    if odd_nul > 0.4 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.4 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def looks_like_warc_gzip(head: bytes) -> bool:
    """True when ``head`` is gzip data whose content starts like a WARC record."""
    if not head.startswith(b"\x1f\x8b"):
        return False
    try:
        out = zlib.decompressobj(wbits=31).decompress(head, 16)
    except zlib.error:
        return False
    return out.startswith(b"WARC/")


def binary_kind(head: bytes) -> str | None:
    """Say what binary data ``head`` looks like ("a PNG image"), or ``None``
    when it may be text. Looks at magic bytes, then at the share of control
    bytes; a byte-order mark or UTF-16 layout means text."""
    if strip_bom(head)[1] is not None:
        return None
    for magic, offset, kind in _MAGIC:
        if head.startswith(magic, offset):
            return kind
    if head.startswith(b"RIFF") and head[8:12] in _RIFF_KINDS:
        return _RIFF_KINDS[head[8:12]]
    if head[4:8] == b"ftyp":
        return "an MP4 or QuickTime video (or other ISO media file)"
    if head.startswith(b"\x1f\x8b"):
        return None if looks_like_warc_gzip(head) else "gzip-compressed data"
    if head.startswith(b"MZ") and b"This program cannot be run in DOS mode" in head[:512]:
        return "a Windows executable"
    if not head or utf16_without_bom(head):
        return None
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls / len(head) > MAX_CONTROL_SHARE:
        return f"binary data ({controls * 100 // len(head)}% control bytes)"
    return None


def binary_fix(kind: str) -> str:
    """What to do with an input that looks like ``kind`` (see :func:`binary_kind`)."""
    if "compressed" in kind:
        return "decompress it first (gunzip, bunzip2, unxz or unzstd) and give the file inside"
    if "archive" in kind:
        return "unpack it first and give the files inside (or the folder)"
    if "PDF" in kind:
        return "extract its text first (for example with pdftotext FILE) and give the text file"
    if "image" in kind or "audio" in kind or "video" in kind or "font" in kind:
        return "it holds no text to read: leave it out (check the file name or the folder given)"
    return "give counterpoint text, HTML, RSS/Atom or WARC files; leave this file out or convert it to text"


def normalise(text: str) -> str:
    """Normalise decoded text: drop a leading U+FEFF, turn CRLF and CR into LF,
    remove NUL and other C0 controls but tab and LF, and apply NFC.

    Idempotent; cheap when there is nothing to do.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _STRIP_RE.search(text):
        text = text.translate(_STRIP_TABLE)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def _codec_name(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None


def _decode_body(data: bytes, declared: str | None) -> tuple[str, str, int]:
    """Decode BOM-less bytes; return (text, encoding, introduced replacements)."""
    try:
        return data.decode("utf-8"), "utf-8", 0
    except UnicodeDecodeError:
        pass
    utf16 = utf16_without_bom(data[:HEAD_SIZE])
    if utf16:
        text = data.decode(utf16, "replace")
        return text, utf16, text.count("\ufffd")
    # non-ASCII characters UTF-8 decodes against invalid sequences it replaces
    lenient = data.decode("utf-8", "replace")
    literal = data.count(b"\xef\xbf\xbd")
    invalid = lenient.count("\ufffd") - literal
    valid = len(lenient) - len(lenient.encode("ascii", "ignore")) - invalid - literal
    if valid and valid >= invalid:
        # mostly UTF-8 with some stray single-byte characters: repair those
        text = data.decode("utf-8", _FALLBACK_HANDLER)
        introduced = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
        return text, "utf-8+cp1252", introduced
    codec = _codec_name(declared)
    if codec and codec not in ("utf-8", "utf-16", "utf-32"):
        text = data.decode(codec, "replace")
        introduced = text.count("\ufffd")
        if introduced <= MAX_REPLACEMENT_SHARE * len(text):
            return text, codec, introduced
    # imported here: charset-normalizer costs ~50 ms to import and most inputs never need it
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is not None and best.encoding:
        codec = _most_plausible(data, [str(m.encoding) for m in matches if m.encoding])
        text = data.decode(codec, "replace")
        return text, codec, text.count("\ufffd")
    text = data.decode("utf-8", "replace")
    return text, "utf-8", text.count("\ufffd")


#: Legacy encodings weighed beside charset-normalizer's guesses, the commonest first (HTML5
#: reads Latin-1 as cp1252 too).
LEGACY_ENCODINGS = ("cp1252", "cp1250", "cp1251")
#: Bytes of an input (its lines that hold non-ASCII bytes) that the guesses are weighed on.
SAMPLE_BYTES = 64 * 1024
#: Encodings in common use (Windows code pages, ISO 8859, KOI8 and the East Asian standards):
#: charset-normalizer's rarer guesses (Mac and DOS code pages) are weighed only when first.
_COMMON = re.compile(
    r"cp125\d|iso8859_\d+|latin_1|koi8_[ru]|cp874|tis_620|cp932|shift_jis|euc_j|iso2022|gb|big5|"
    r"cp949|euc_kr|cp950|johab_never"
)
_CYRILLIC = frozenset({"ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "tg", "mn"})
#: The languages written in single-byte encodings of one script, by a part of the codec's name:
#: a reading identified as another language (Russian read as cp1253, taken for Ancient Greek)
#: is not believed.
_LANGUAGES: tuple[tuple[tuple[str, ...], frozenset[str]], ...] = (
    (("1251", "koi8", "cyrillic", "8859_5", "cp866", "cp855", "kz1048", "ptcp154"), _CYRILLIC),
    (("1253", "greek", "8859_7", "cp737", "cp869", "cp875"), frozenset({"el"})),
    (("1257", "8859_13", "8859_4", "cp775", "baltic"), frozenset({"lt", "lv", "et"})),
    (("1256", "arabic", "8859_6", "cp864", "cp720"), frozenset({"ar", "fa", "ur", "ps"})),
    (("1255", "hebrew", "8859_8", "cp862", "cp424", "cp856"), frozenset({"he", "yi"})),
    (("874", "thai", "tis_620", "8859_11"), frozenset({"th"})),
)


def _languages_of(codec: str) -> frozenset[str] | None:
    name = codec.lower().replace("-", "_")
    return next((languages for parts, languages in _LANGUAGES if any(p in name for p in parts)), None)


_HIGH_LINE_RE = re.compile(rb"[^\n]{0,200}[\x80-\xff][^\n]{0,200}")
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
_EAST_ASIAN = frozenset({"CJK", "HIRAGANA", "KATAKANA", "HANGUL", "IDEOGRAPHIC", "HALFWIDTH", "FULLWIDTH"})
#: Categories of a non-letter that is suspect between two letters (``M³ller``, ``Za¿ó³æ``).
_ODD_INSIDE = frozenset({"Po", "So", "Sm", "Sk", "Sc", "No", "Co", "Cn", "Cc"})


@lru_cache(maxsize=4096)
def _script(char: str) -> str:
    """The script of a letter, roughly: the first word of its Unicode name (``LATIN``,
    ``CYRILLIC``, ``GREEK``...), with the East Asian scripts as one."""
    if char.isascii():
        return "LATIN"
    name = unicodedata.name(char, "?")
    if name.startswith("HALFWIDTH KATAKANA"):
        return "HALFWIDTH"  # rare in text since the 1990s; Shift-JIS read into other text makes it
    first = name.split(" ", 1)[0]
    return "CJK" if first in _EAST_ASIAN else first


def suspicion(text: str) -> int:
    """How implausible the non-ASCII characters of a decoded ``text`` are, as a count (0 for
    a clean text): 2 for each undecodable byte (U+FFFD or a C1 control); 1 for each letter
    beside a letter of another script (``cafИ``), each capital after a small letter
    (``cafÚ``), each letter of a Latin word of three or more letters none ASCII (``Ìîñêâà``,
    Russian read as cp1252), and each symbol or punctuation between two letters
    (``M³ller``) or combining mark on no letter. Looks only at the non-ASCII characters and
    their neighbours."""
    score = 0
    size = len(text)
    for match in _NON_ASCII_RE.finditer(text):
        i = match.start()
        char = text[i]
        if char == "\ufffd" or "\x80" <= char <= "\x9f":
            score += 2
            continue
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < size else " "
        if not char.isalpha():
            category = unicodedata.category(char)
            if category == "Mn" and not before.isalpha():
                score += 1  # a combining mark (a Hebrew or Arabic vowel point) on no letter
            elif before.isalpha() and after.isalpha() and category in _ODD_INSIDE:
                score += 1
            continue
        script = _script(char)
        odd = (
            script == "HALFWIDTH"
            or (before.isalpha() and _script(before) != script)
            or (after.isalpha() and _script(after) != script)
            or (char.isupper() and before.islower())
        )
        if odd:
            score += 1
        elif script == "LATIN" and not before.isascii() and before.isalpha():
            start, end = i, i
            while start and text[start - 1].isalpha():
                start -= 1
            while end < size and text[end].isalpha():
                end += 1
            if end - start >= 3 and not any(c.isascii() for c in text[start:end]):
                score += 1
    return score


def _sample(data: bytes) -> bytes:
    """The lines of ``data`` that hold non-ASCII bytes (up to 400 bytes around each), up to
    :data:`SAMPLE_BYTES`; all of ``data`` when it is that short."""
    if len(data) <= SAMPLE_BYTES:
        return data
    parts: list[bytes] = []
    total = 0
    for match in _HIGH_LINE_RE.finditer(data):
        parts.append(match.group())
        total += len(parts[-1]) + 1
        if total >= SAMPLE_BYTES:
            break
    return b"\n".join(parts)


def _most_plausible(data: bytes, guesses: list[str]) -> str:
    """Of charset-normalizer's ``guesses`` (best first; after the first only encodings in
    common use, :data:`_COMMON`) and :data:`LEGACY_ENCODINGS`, the encoding whose reading of
    a sample of ``data`` has the least :func:`suspicion`; among equally plausible readings,
    the one the language identifier is surest of (in a language of the encoding's script);
    among equal texts, the first of cp1252 and the guesses in their order."""
    sample = _sample(data)
    common = [codec for codec in guesses[1:] if _COMMON.match(codec.lower())]
    order = list(dict.fromkeys(["cp1252", guesses[0], *common, *LEGACY_ENCODINGS]))
    readings: dict[str, str] = {}
    for codec in order:
        try:
            readings[codec] = sample.decode(codec, "replace")
        except (LookupError, ValueError):
            continue
    if not readings:
        return guesses[0]
    scores = {codec: suspicion(text) for codec, text in readings.items()}
    least = min(scores.values())
    tied: list[str] = []
    for codec, text in readings.items():  # the first codec of each distinct text stands for it
        if scores[codec] == least and all(readings[other] != text for other in tied):
            tied.append(codec)
    if len(tied) == 1:
        return tied[0]
    from counterpoint.read.language import identify

    sureness: dict[str, float] = {}
    for codec in tied:
        language, score = identify(readings[codec])
        fits = _languages_of(codec)
        sureness[codec] = round(score, 3) if fits is None or language in fits else 0.0
    return max(tied, key=lambda codec: sureness[codec])  # max keeps the first of equals


def decode(data: bytes, *, declared: str | None = None, locator: str | None = None) -> Decoded:
    """Decode the bytes of one input into normalised text (see the module doc).

    ``declared`` is an encoding the input states (an HTTP or ``<meta>``
    charset); it is used only when the bytes are not UTF-8. Raises
    :class:`BinaryInputError`, :class:`EmptyInputError` or
    :class:`DecodeError`, each with a fix and with ``locator`` set.
    """
    if not data.strip():
        raise EmptyInputError(
            "the input is empty" if not data else "the input holds only whitespace",
            fix="check that the file was saved completely, or leave it out",
            locator=locator,
        )
    kind = binary_kind(data[:HEAD_SIZE])
    if kind is not None:
        raise BinaryInputError(f"looks like {kind}, not text", fix=binary_fix(kind), locator=locator)
    body, bom_codec = strip_bom(data)
    if bom_codec is not None and bom_codec != "utf-8":
        text = body.decode(bom_codec, "replace")
        encoding, introduced = bom_codec, text.count("\ufffd")
    else:
        # a UTF-8 byte-order mark still goes the UTF-8 way, repairs included
        text, encoding, introduced = _decode_body(body, declared)
    if introduced and introduced > MAX_REPLACEMENT_SHARE * max(1, len(text)):
        raise DecodeError(
            f"could not decode the text: {introduced} of {len(text)} characters are undecodable as {encoding}",
            fix="convert the file to UTF-8 (for example with iconv -f ENCODING -t UTF-8)",
            locator=locator,
        )
    text = normalise(text)
    if not text.strip():
        raise EmptyInputError(
            "the input holds no text, only whitespace or control characters",
            fix="check that the file is a text file and was saved completely",
            locator=locator,
        )
    return Decoded(text, encoding, introduced)


def head_text(head: bytes) -> str:
    """A cheap, lower-cased view of the first bytes for sniffing: BOMs and
    UTF-16 are honoured, anything else is read as Latin-1 (never fails)."""
    body, codec = strip_bom(head)
    codec = codec or utf16_without_bom(body)
    if codec and codec != "utf-8":
        return body.decode(codec, "ignore").lower()
    return body.decode("latin-1").lower()
