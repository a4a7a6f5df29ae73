"""Turn the paths a user gives into input bytes, one input at a time.

Guarantees of :func:`iter_inputs`:

* lazy: one file is read when its :class:`RawInput` is about to be yielded,
  so memory holds one input at a time;
* ``-`` is standard input; a folder is walked recursively in sorted order,
  skipping hidden files and folders (names starting with ``.``), sidecar
  files (``*.meta.toml``), symbolic links to folders, and files whose
  extension says they are not documents (notes such as ``README.md``, code,
  configuration, page assets such as ``.css`` or ``.png``: ``NOT_DOCUMENTS``)
  — those are counted and reported as one warning per folder and extension,
  and a file named explicitly is always read; a pattern with
  ``*``, ``?``, ``[`` or ``**`` is expanded in sorted order (a path that
  exists as written is never taken for a pattern);
* every problem is yielded as an :class:`InputError` with the path as its
  locator, and the walk goes on: a path that does not exist
  (:class:`NotFoundError`), a file that cannot be read
  (:class:`UnreadableError`), a file over ``settings.max_bytes``
  (:class:`TooLargeError`, decided from its size before reading it, unless
  ``large`` reads it in slices: a web archive), the same
  file given twice by resolved path (:class:`DuplicateInputError`, a
  warning: it is read once), a bad sidecar (:class:`SidecarError`: the input
  is then left out, so that it is not stored with the wrong metadata);
* a sidecar ``NAME.meta.toml`` beside ``NAME`` gives optional string keys
  ``source``, ``url``, ``published`` (``YYYY``, ``YYYY-MM`` or
  ``YYYY-MM-DD``), ``title`` and ``language``, checked and normalised.
"""

from __future__ import annotations

import glob
import os
import re
import stat
import sys
import tomllib
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from counterpoint.config import Settings
from counterpoint.errors import (
    DuplicateInputError,
    InputError,
    NotFoundError,
    SkippedInputError,
    TooLargeError,
    UnreadableError,
    UnsupportedInputError,
)
from counterpoint.model import PartialDate
from counterpoint.read.base import RawInput
from counterpoint.read.language import normalise_code

SIDECAR_SUFFIX = ".meta.toml"
#: Extensions a folder walk leaves out: notes, code, configuration, data and page assets.
NOT_DOCUMENTS = frozenset(
    (
        ".md", ".markdown", ".rst", ".toml", ".yaml", ".yml", ".ini", ".cfg", ".conf", ".py", ".sh", ".js", ".mjs",
        ".css", ".map", ".json", ".csv", ".tsv", ".sql", ".db", ".sqlite", ".db-wal", ".db-shm", ".png", ".jpg",
        ".jpeg", ".gif", ".webp", ".svg", ".ico", ".bmp", ".tif", ".tiff", ".woff", ".woff2", ".ttf", ".otf",
        ".eot", ".mp3", ".mp4", ".webm", ".ogg", ".wav",
    )
)
SIDECAR_KEYS = ("language", "published", "source", "title", "url")
_GLOB_CHARS = frozenset("*?[")
_ISO_DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_CAP_FIX = (
    "raise the cap with --max-bytes, max_bytes in counterpoint.toml or COUNTERPOINT_MAX_BYTES, or split the input"
)


class SidecarError(InputError):
    """A ``NAME.meta.toml`` sidecar cannot be used; its input is left out."""

    code = "sidecar"


def _mb(size: int) -> str:
    return f"{size / 1e6:.6g} MB"


def _unreadable(path: str, exc: OSError, locator: str) -> UnreadableError:
    return UnreadableError(
        f"cannot read {path} ({exc.strerror or exc})",
        fix="check the file's permissions (it must be readable) and that its disk is available",
        locator=locator,
    )


def _too_large(locator: str, size: int | None, cap: int) -> TooLargeError:
    what = f"is {_mb(size)} ({size} bytes)" if size is not None else "is larger than the cap"
    return TooLargeError(
        f"the input {what}, over the {_mb(cap)} cap ({cap} bytes, setting max_bytes)",
        fix=_CAP_FIX,
        locator=locator,
    )


def read_file_bytes(path: str, limit: int) -> bytes:
    """Read at most ``limit`` bytes of ``path``; the one place files are read
    (tests replace it to simulate unreadable files). Raises ``OSError``."""
    with open(path, "rb") as handle:
        return handle.read(limit)


def is_sidecar(name: str) -> bool:
    return name.endswith(SIDECAR_SUFFIX)


def read_sidecar(path: str, *, locator: str) -> dict[str, str]:
    """Read and check a sidecar file; raise :class:`SidecarError` with a fix."""
    keys = ", ".join(SIDECAR_KEYS)
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise SidecarError(
            f"cannot read its sidecar {path} ({exc.strerror or exc})",
            fix="check the sidecar's permissions, or remove it",
            locator=locator,
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SidecarError(
            f"its sidecar {path} is not valid TOML ({exc})",
            fix=f'correct the sidecar: one quoted string per line, e.g. source = "Example News"; keys: {keys}',
            locator=locator,
        ) from None
    unknown = sorted(set(data) - set(SIDECAR_KEYS))
    if unknown:
        raise SidecarError(
            f"its sidecar {path} has unknown key(s) {', '.join(map(repr, unknown))}",
            fix=f"use only these keys: {keys}",
            locator=locator,
        )
    out: dict[str, str] = {}
    for key, value in data.items():
        if key == "published" and isinstance(value, date) and not isinstance(value, datetime):
            value = value.isoformat()
        if not isinstance(value, str):
            raise SidecarError(
                f"its sidecar {path} gives {key} as a {type(value).__name__}, not a string",
                fix=f'quote the value: {key} = "..."',
                locator=locator,
            )
        value = value.strip()
        if not value:
            continue
        if key == "published":
            try:
                if not _ISO_DATE_RE.match(value):
                    raise ValueError(value)
                PartialDate.parse_iso(value)
            except ValueError:
                raise SidecarError(
                    f"its sidecar {path} gives published = {value!r}, which is not a valid date",
                    fix='write published as "YYYY", "YYYY-MM" or "YYYY-MM-DD"',
                    locator=locator,
                ) from None
        elif key == "language":
            code = normalise_code(value)
            if code is None:
                raise SidecarError(
                    f"its sidecar {path} gives language = {value!r}, which is not a language code",
                    fix='use an ISO 639 code such as "en" or "ru"',
                    locator=locator,
                )
            value = code
        elif key == "url":
            try:
                parts = urlsplit(value)
                ok = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
            except ValueError:
                ok = False
            if not ok:
                raise SidecarError(
                    f"its sidecar {path} gives url = {value!r}, which is not an http(s) URL",
                    fix='give the full address, e.g. url = "https://example.org/page"',
                    locator=locator,
                )
        out[key] = value
    return out


#: Reads a file over the cap in slices (``RawInput`` with its path and sidecar, no data), or ``None``.
LargeInput = Callable[[RawInput, int], Iterator[RawInput | InputError] | None]


class _Walker:
    """State of one :func:`iter_inputs` run."""

    def __init__(self, settings: Settings, stdin: BinaryIO | None, large: LargeInput | None = None) -> None:
        self.settings = settings
        self.stdin = stdin
        self.large = large
        self.seen: dict[str, str] = {}

    def given(self, path: str) -> Iterator[RawInput | InputError]:
        if path == "-":
            yield from self.standard_input()
            return
        expanded = os.path.expanduser(path)
        if os.path.lexists(expanded):
            if os.path.isdir(expanded):
                yield from self.folder(expanded)
            else:
                yield from self.file(expanded, sidecar=None)
            return
        if _GLOB_CHARS & set(path):
            matches = sorted(glob.glob(expanded, recursive=True))
            matches = [m for m in matches if not is_sidecar(os.path.basename(m))]
            if not matches:
                yield NotFoundError(
                    f"no file matches the pattern {path}",
                    fix="check the pattern; quote it so that the shell passes it unexpanded",
                    locator=path,
                )
            for match in matches:
                if os.path.isdir(match):
                    yield from self.folder(match)
                else:
                    yield from self.file(match, sidecar=None)
            return
        yield NotFoundError(
            f"{path} does not exist",
            fix="check the path (spelling, current folder) or leave it out",
            locator=path,
        )

    def standard_input(self) -> Iterator[RawInput | InputError]:
        if "-" in self.seen:
            yield DuplicateInputError(
                "standard input (-) is given more than once; it is read once",
                fix="give - only once",
                locator="-",
            )
            return
        self.seen["-"] = "-"
        stream = self.stdin if self.stdin is not None else sys.stdin.buffer
        try:
            data = stream.read(self.settings.max_bytes + 1)
        except OSError as exc:
            yield UnreadableError(
                f"cannot read standard input ({exc.strerror or exc})",
                fix="pipe the input in again, or give it as a file",
                locator="-",
            )
            return
        if len(data) > self.settings.max_bytes:
            yield _too_large("-", None, self.settings.max_bytes)
            return
        yield RawInput(locator="-", data=data, path=None)

    def _slices(self, raw: RawInput, cap: int) -> Iterator[RawInput | InputError] | None:
        if self.large is None:
            return None
        try:
            return self.large(raw, cap)
        except OSError as exc:
            return iter([_unreadable(raw.locator, exc, raw.locator)])

    def folder(self, top: str) -> Iterator[RawInput | InputError]:
        try:
            with os.scandir(top) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            yield UnreadableError(
                f"cannot list the folder {top} ({exc.strerror or exc})",
                fix="check the folder's permissions",
                locator=top,
            )
            return
        names = {entry.name for entry in entries}
        skipped: dict[str, int] = {}
        for entry in entries:
            if entry.name.startswith(".") or is_sidecar(entry.name):
                continue
            ext = os.path.splitext(entry.name)[1].lower()
            if ext in NOT_DOCUMENTS and not entry.is_dir():
                skipped[ext] = skipped.get(ext, 0) + 1
                continue
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if is_dir:
                yield from self.folder(entry.path)
            elif entry.is_symlink() and os.path.isdir(entry.path):
                continue  # links to folders are not followed: no loops
            else:
                yield from self.file(entry.path, sidecar=entry.name + SIDECAR_SUFFIX in names)
        for ext, count in sorted(skipped.items()):
            yield SkippedInputError(
                f"{count} {ext} file{'s' if count > 1 else ''} in {top} not read: {ext} files in a folder are"
                " taken for notes, code or page assets, not documents",
                fix="name such a file explicitly to read it as a document",
                locator=top,
            )

    def file(self, path: str, *, sidecar: bool | None) -> Iterator[RawInput | InputError]:
        locator = path
        key = os.path.realpath(path)
        if key in self.seen:
            first = self.seen[key]
            also = "" if first == locator else f" (as {first})"
            yield DuplicateInputError(
                f"the same file was already given in this run{also}; it is read once",
                fix="leave out the repeated path, folder or pattern",
                locator=locator,
            )
            return
        self.seen[key] = locator
        try:
            info = os.stat(path)
        except FileNotFoundError:
            yield NotFoundError(
                f"{path} does not exist (a broken symbolic link?)",
                fix="check the path, or repair or remove the link",
                locator=locator,
            )
            return
        except OSError as exc:
            yield _unreadable(path, exc, locator)
            return
        meta: dict[str, str] = {}
        sidecar_path = path + SIDECAR_SUFFIX
        if sidecar if sidecar is not None else os.path.isfile(sidecar_path):
            try:
                meta = read_sidecar(sidecar_path, locator=locator)
            except SidecarError as error:
                yield error
                return
        cap = self.settings.max_bytes
        if stat.S_ISREG(info.st_mode):
            if info.st_size > cap:
                slices = self._slices(RawInput(locator=locator, data=b"", path=Path(path), sidecar=meta), cap)
                yield from slices if slices is not None else [_too_large(locator, info.st_size, cap)]
                return
        elif not (stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode)):
            yield UnsupportedInputError(
                f"{path} is not a regular file, pipe or character device",
                fix="give files, folders, patterns or - for standard input",
                locator=locator,
            )
            return
        try:
            data = read_file_bytes(path, cap + 1)
        except OSError as exc:
            yield _unreadable(path, exc, locator)
            return
        if len(data) > cap:  # grew since stat, or a pipe
            yield _too_large(locator, None, cap)
            return
        yield RawInput(locator=locator, data=data, path=Path(path), sidecar=meta)


def iter_inputs(
    paths: Sequence[str], settings: Settings, stdin: BinaryIO | None = None, *, large: LargeInput | None = None
) -> Iterator[RawInput | InputError]:
    """Yield the bytes of every input named by ``paths``, or an error for each
    one that cannot be had (see the module doc). ``stdin`` is read for ``-``
    (default: the process's standard input); ``large`` may read a file over the
    cap in slices."""
    walker = _Walker(settings, stdin, large)
    for path in paths:
        yield from walker.given(path)
