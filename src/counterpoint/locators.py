"""Locators of files whose names are not UTF-8: stored as text, mapped back to the exact bytes.

On POSIX a file name is bytes; Python hands them over as ``str`` with each byte that
is not part of valid UTF-8 turned into a lone surrogate (``os.fsdecode``, the
``surrogateescape`` error handler: ``b'caf\\xe9.txt'`` is ``'caf\\udce9.txt'``). Such a
string cannot be written to SQLite, PostgreSQL, JSON or a terminal, so the locator
stored for it is:

* the path unchanged when it holds no such byte (every name that is valid UTF-8, that
  is nearly all of them, keeps the locator it always had);
* otherwise ``bytes:`` followed by the path with each byte that is not UTF-8 written
  ``%XX`` (two upper-case hex digits) and each ``%`` written ``%25``; every other
  character is kept as it is (``bytes:/news/caf%E9.txt``). A path that itself begins
  with ``bytes:`` is written the same way, so the mapping is one-to-one.

:func:`locator_bytes` maps a stored locator back to the exact bytes of the path
(``#entry=N`` and ``#record=N`` parts pass through untouched), :func:`display_locator`
gives the form shown to people: the path with each byte that is not UTF-8 as ``\\xXX``
(``/news/caf\\xe9.txt``), like Python's ``bytes`` literals.
"""

from __future__ import annotations

import os
import re
from urllib.parse import unquote_to_bytes

#: Marks a stored locator whose path holds bytes that are not UTF-8.
BYTES_PREFIX = "bytes:"
_ESCAPED = re.compile("[%\udc80-\udcff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def has_undecodable(text: str) -> bool:
    """Whether ``text`` holds lone surrogates (bytes of a file name that are not UTF-8)."""
    return _SURROGATE.search(text) is not None


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return "%25" if char == "%" else f"%{ord(char) - 0xDC00:02X}"


def path_locator(path: str | bytes | os.PathLike[str] | os.PathLike[bytes]) -> str:
    """The stored locator of a file system path: valid UTF-8 text, one-to-one (see the module doc).

    Raises ``ValueError`` for a string with a lone surrogate that no file name decodes to
    (only ``U+DC80``..``U+DCFF`` stand for bytes)."""
    text = os.fsdecode(path)
    if not has_undecodable(text) and not text.startswith(BYTES_PREFIX):
        return text
    body = _ESCAPED.sub(_escape, text)
    if has_undecodable(body):
        raise ValueError(f"{body!r} holds a lone surrogate that stands for no byte")
    return BYTES_PREFIX + body


def safe_locator(locator: str) -> str:
    """``locator`` as stored: unchanged if it is valid text (already a stored locator),
    else :func:`path_locator` of it, with any lone surrogate no byte stands for as U+FFFD."""
    if not has_undecodable(locator):
        return locator
    try:
        return path_locator(locator)
    except ValueError:
        return path_locator(re.sub("[\ud800-\udc7f\udd00-\udfff]", "\ufffd", locator))


def locator_bytes(locator: str) -> bytes:
    """The exact bytes of the path (and of any ``#...`` part) a stored locator names."""
    if locator.startswith(BYTES_PREFIX):
        return unquote_to_bytes(locator[len(BYTES_PREFIX):].encode("utf-8"))
    return locator.encode("utf-8", "surrogateescape")


def locator_path(locator: str) -> str:
    """The path a stored locator names, as the ``str`` the ``os`` functions take (surrogates
    for the bytes that are not UTF-8)."""
    return os.fsdecode(locator_bytes(locator))


def display_locator(locator: str) -> str:
    """The readable form of a stored locator: bytes that are not UTF-8 as ``\\xXX``."""
    if locator.startswith(BYTES_PREFIX) or has_undecodable(locator):
        return locator_bytes(safe_locator(locator)).decode("utf-8", "backslashreplace")
    return locator


def display_path(path: str | bytes | os.PathLike[str] | os.PathLike[bytes]) -> str:
    """A file system path in messages: bytes that are not UTF-8 as ``\\xXX``, valid text."""
    text = os.fsdecode(path)
    try:
        return display_locator(path_locator(text))
    except ValueError:
        return display_locator(safe_locator(text))
