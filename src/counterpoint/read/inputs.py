"""Turn the paths a user gives into input bytes, one input at a time.

Guarantees of :func:`iter_inputs`:

* lazy: one file is read when its :class:`RawInput` is about to be yielded,
  so memory holds one input at a time;
* ``-`` is standard input; a folder is walked recursively in sorted order,
  skipping hidden files and folders (names starting with ``.``), sidecar
  files (``*.meta.toml``) and files whose
  extension says they are not documents (notes such as ``README.md``, code,
  configuration, page assets such as ``.css`` or ``.png``: ``NOT_DOCUMENTS``)
  — those are counted and reported as one warning per folder and extension,
  and a file named explicitly is always read; a pattern with
  ``*``, ``?``, ``[`` or ``**`` is expanded in sorted order (a path that
  exists as written is never taken for a pattern);
* only regular files are read from a folder or pattern: a named pipe, socket
  or device found there is never opened (opening a pipe with no writer never
  returns) and is yielded as :class:`NotRegularFileError` (a warning). Named on
  the command line, a pipe or character device (``<(command)`` in a shell) is
  read, waiting at most ``PIPE_WAIT`` seconds for its first byte
  (:class:`UnreadableError` when nothing comes: a pipe no program writes to);
* a symbolic link found in a folder or pattern that leads outside it (the
  folder given, or the pattern's leading folder) is not followed
  (:class:`OutsideLinkError`, a warning), nor is a link to a folder, unless
  ``settings.follow_links`` (then a link to a folder being walked is still not
  followed: a loop); a link inside is read (once, see duplicates below); a file
  named on the command line is read wherever it leads;
* locators are valid UTF-8 text: a path whose name holds bytes that are not
  UTF-8 has the one-to-one ``bytes:`` locator of ``counterpoint.locators``
  (``RawInput.path`` keeps the exact path) and messages show it with ``\\xXX``;
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
import selectors
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
    NotRegularFileError,
    OutsideLinkError,
    SkippedInputError,
    TooLargeError,
    UnreadableError,
    UnsupportedInputError,
)
from counterpoint.locators import display_locator, display_path, path_locator
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
#: Seconds a named pipe or device given on the command line may take to give its first byte.
PIPE_WAIT = 30.0
_CAP_FIX = (
    "raise the cap with --max-bytes, max_bytes in counterpoint.toml or COUNTERPOINT_MAX_BYTES, or split the input"
)


class SidecarError(InputError):
    """A ``NAME.meta.toml`` sidecar cannot be used; its input is left out."""

    code = "sidecar"


def _mb(size: int) -> str:
    return f"{size / 1e6:.6g} MB"


def _unreadable(shown: str, exc: OSError, locator: str) -> UnreadableError:
    return UnreadableError(
        f"cannot read {shown} ({exc.strerror or exc})",
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


class NotRegularFile(OSError):
    """What was opened is not a regular file (it was replaced since it was looked at)."""

    def __init__(self, path: str, mode: int) -> None:
        super().__init__(f"{display_path(path)} is not a regular file")
        self.mode = mode


def _open_nonblocking(path: str) -> int:
    """A descriptor for reading ``path``, opened without waiting: opening a named pipe with
    no writer would block forever."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    return os.open(path, flags)


def read_file_bytes(path: str, limit: int) -> bytes:
    """Read at most ``limit`` bytes of the regular file ``path``; the one place files are read
    (tests replace it to simulate unreadable files). Never blocks on opening; raises
    :class:`NotRegularFile` if what it opens is not a regular file, ``OSError`` otherwise."""
    with open(_open_nonblocking(path), "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, mode)
        return handle.read(limit)


def read_pipe_bytes(path: str, limit: int, wait: float) -> bytes:
    """Read at most ``limit`` bytes of a named pipe or character device named on the command
    line (``<(command)`` in a shell is one): wait at most ``wait`` seconds for it to give
    something (a byte, or its end), then read to its end. Raises ``TimeoutError`` when nothing
    came in time (a named pipe no program writes to), ``OSError`` otherwise."""
    fd = _open_nonblocking(path)
    chunks: list[bytes] = []
    total = 0
    with selectors.DefaultSelector() as selector, open(fd, "rb", buffering=0) as handle:
        selector.register(handle, selectors.EVENT_READ)
        timeout: float | None = wait
        while total < limit:
            if not selector.select(timeout):
                raise TimeoutError(f"{display_path(path)} gave nothing to read within {wait:g} s")
            timeout = None  # it has a writer: read to its end, like standard input
            try:
                chunk = os.read(fd, min(1 << 16, limit - total))
            except BlockingIOError:
                continue
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    return b"".join(chunks)


def is_sidecar(name: str) -> bool:
    return name.endswith(SIDECAR_SUFFIX)


def read_sidecar(path: str, *, locator: str) -> dict[str, str]:
    """Read and check a sidecar file; raise :class:`SidecarError` with a fix."""
    keys = ", ".join(SIDECAR_KEYS)
    shown = display_path(path)
    try:
        with open(_open_nonblocking(path), "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise NotRegularFile(path, os.fstat(handle.fileno()).st_mode)
            data = tomllib.load(handle)
    except NotRegularFile:
        raise SidecarError(
            f"its sidecar {shown} is not a regular file",
            fix="make the sidecar a regular file, or remove it",
            locator=locator,
        ) from None
    except OSError as exc:
        raise SidecarError(
            f"cannot read its sidecar {shown} ({exc.strerror or exc})",
            fix="check the sidecar's permissions, or remove it",
            locator=locator,
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SidecarError(
            f"its sidecar {shown} is not valid TOML ({exc})",
            fix=f'correct the sidecar: one quoted string per line, e.g. source = "Example News"; keys: {keys}',
            locator=locator,
        ) from None
    unknown = sorted(set(data) - set(SIDECAR_KEYS))
    if unknown:
        raise SidecarError(
            f"its sidecar {shown} has unknown key(s) {', '.join(map(repr, unknown))}",
            fix=f"use only these keys: {keys}",
            locator=locator,
        )
    out: dict[str, str] = {}
    for key, value in data.items():
        if key == "published" and isinstance(value, date) and not isinstance(value, datetime):
            value = value.isoformat()
        if not isinstance(value, str):
            raise SidecarError(
                f"its sidecar {shown} gives {key} as a {type(value).__name__}, not a string",
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
                    f"its sidecar {shown} gives published = {value!r}, which is not a valid date",
                    fix='write published as "YYYY", "YYYY-MM" or "YYYY-MM-DD"',
                    locator=locator,
                ) from None
        elif key == "language":
            code = normalise_code(value)
            if code is None:
                raise SidecarError(
                    f"its sidecar {shown} gives language = {value!r}, which is not a language code",
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
                    f"its sidecar {shown} gives url = {value!r}, which is not an http(s) URL",
                    fix='give the full address, e.g. url = "https://example.org/page"',
                    locator=locator,
                )
        out[key] = value
    return out


#: Reads a file over the cap in slices (``RawInput`` with its path and sidecar, no data), or ``None``.
LargeInput = Callable[[RawInput, int], Iterator[RawInput | InputError] | None]


def _pattern_base(pattern: str) -> str:
    """The folder a pattern starts from: its leading path parts without ``*``, ``?`` or ``[``."""
    head, parts = pattern, []
    while head and head != os.path.dirname(head):
        head, tail = os.path.split(head)
        parts.append(tail)
    plain: list[str] = [head] if head else []
    for part in reversed(parts):
        if _GLOB_CHARS & set(part):
            break
        plain.append(part)
    return os.path.join(*plain) if plain else os.curdir


def _inside(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:  # another drive
        return False


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


class _Walker:
    """State of one :func:`iter_inputs` run."""

    def __init__(self, settings: Settings, stdin: BinaryIO | None, large: LargeInput | None = None) -> None:
        self.settings = settings
        self.stdin = stdin
        self.large = large
        self.seen: dict[str, str] = {}
        #: Real paths of the folders being walked (their ancestors included): a followed link to
        #: one of them would loop.
        self.walking: set[str] = set()

    def given(self, path: str) -> Iterator[RawInput | InputError]:
        if path == "-":
            yield from self.standard_input()
            return
        expanded = os.path.expanduser(path)
        if os.path.lexists(expanded):
            if os.path.isdir(expanded):
                yield from self.folder(expanded, root=os.path.realpath(expanded))
            else:
                yield from self.file(expanded, sidecar=None, root=None)
            return
        if _GLOB_CHARS & set(path):
            root = os.path.realpath(_pattern_base(expanded))
            matches = sorted(glob.glob(expanded, recursive=True))
            matches = [m for m in matches if not is_sidecar(os.path.basename(m))]
            if not matches:
                yield NotFoundError(
                    f"no file matches the pattern {display_path(path)}",
                    fix="check the pattern; quote it so that the shell passes it unexpanded",
                    locator=path_locator(path),
                )
            for match in matches:
                if os.path.isdir(match):
                    outside = self.outside(match, root)
                    if outside is not None:
                        yield outside
                    else:
                        yield from self.folder(match, root=root)
                else:
                    yield from self.file(match, sidecar=None, root=root)
            return
        yield NotFoundError(
            f"{display_path(path)} does not exist",
            fix="check the path (spelling, current folder) or leave it out",
            locator=path_locator(path),
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
            return iter([_unreadable(display_locator(raw.locator), exc, raw.locator)])

    def outside(self, path: str, root: str) -> OutsideLinkError | None:
        """The error for ``path`` when it leads outside ``root`` (a symbolic link on the way)
        and links are not followed; else ``None``."""
        if self.settings.follow_links:
            return None
        real = os.path.realpath(path)
        if _inside(real, root):
            return None
        return OutsideLinkError(
            f"{display_path(path)} is a symbolic link to {display_path(real)}, outside {display_path(root)};"
            " not read",
            fix="give --follow-links (or follow_links = true in counterpoint.toml) to follow links that lead"
            " outside the folder, or name the file itself on the command line",
            locator=path_locator(path),
        )

    def folder(self, top: str, *, root: str) -> Iterator[RawInput | InputError]:
        try:
            with os.scandir(top) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            yield UnreadableError(
                f"cannot list the folder {display_path(top)} ({exc.strerror or exc})",
                fix="check the folder's permissions",
                locator=path_locator(top),
            )
            return
        real_top = os.path.realpath(top)
        self.walking.add(real_top)
        try:
            yield from self._entries(top, entries, root)
        finally:
            self.walking.discard(real_top)

    def _entries(self, top: str, entries: list[os.DirEntry[str]], root: str) -> Iterator[RawInput | InputError]:
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
                yield from self.folder(entry.path, root=root)
            elif entry.is_symlink() and os.path.isdir(entry.path):
                yield from self.folder_link(entry.path, root)
            else:
                yield from self.file(entry.path, sidecar=entry.name + SIDECAR_SUFFIX in names, root=root)
        for ext, count in sorted(skipped.items()):
            yield SkippedInputError(
                f"{count} {ext} file{'s' if count > 1 else ''} in {display_path(top)} not read: {ext} files in a"
                " folder are taken for notes, code or page assets, not documents",
                fix="name such a file explicitly to read it as a document",
                locator=path_locator(top),
            )

    def folder_link(self, path: str, root: str) -> Iterator[RawInput | InputError]:
        """A symbolic link to a folder met in a walk: followed only with ``follow_links``, and
        never into a folder being walked (a loop)."""
        real = os.path.realpath(path)
        if not self.settings.follow_links:
            yield OutsideLinkError(
                f"{display_path(path)} is a symbolic link to the folder {display_path(real)}; links to folders"
                " are not followed",
                fix="give --follow-links to follow them, or give the folder itself as a path",
                locator=path_locator(path),
            )
        elif real in self.walking:
            yield OutsideLinkError(
                f"{display_path(path)} is a symbolic link to {display_path(real)}, a folder that holds it:"
                " following it would loop",
                fix="nothing to do: that folder is read once already",
                locator=path_locator(path),
            )
        else:
            yield from self.folder(path, root=root)

    def file(self, path: str, *, sidecar: bool | None, root: str | None) -> Iterator[RawInput | InputError]:
        """One file: ``root`` is the folder or pattern base it was found under (then only a
        regular file inside it is read), ``None`` for a file named on the command line."""
        locator = path_locator(path)
        shown = display_path(path)
        if root is not None:
            outside = self.outside(path, root)
            if outside is not None:
                yield outside
                return
        key = os.path.realpath(path)
        if key in self.seen:
            first = self.seen[key]
            also = "" if first == locator else f" (as {display_locator(first)})"
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
                f"{shown} does not exist (a broken symbolic link?)",
                fix="check the path, or repair or remove the link",
                locator=locator,
            )
            return
        except OSError as exc:
            yield _unreadable(shown, exc, locator)
            return
        regular = stat.S_ISREG(info.st_mode)
        pipe = stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode)
        if not regular and (root is not None or not pipe):
            yield self.not_regular(shown, info.st_mode, locator, named=root is None)
            return
        meta: dict[str, str] = {}
        sidecar_path = path + SIDECAR_SUFFIX
        if sidecar if sidecar is not None else os.path.isfile(sidecar_path):
            try:
                if root is not None and (outside := self.outside(sidecar_path, root)) is not None:
                    raise SidecarError(
                        f"its sidecar {display_path(sidecar_path)} is a symbolic link that leads outside"
                        f" {display_path(root)}",
                        fix=outside.fix,
                        locator=locator,
                    )
                meta = read_sidecar(sidecar_path, locator=locator)
            except SidecarError as error:
                yield error
                return
        cap = self.settings.max_bytes
        if regular and info.st_size > cap:
            slices = self._slices(RawInput(locator=locator, data=b"", path=Path(path), sidecar=meta), cap)
            yield from slices if slices is not None else [_too_large(locator, info.st_size, cap)]
            return
        try:
            data = read_file_bytes(path, cap + 1) if regular else read_pipe_bytes(path, cap + 1, PIPE_WAIT)
        except NotRegularFile as exc:  # replaced since it was looked at
            yield self.not_regular(shown, exc.mode, locator, named=root is None)
            return
        except TimeoutError:
            yield UnreadableError(
                f"{shown} is {_kind(info.st_mode)} that gave nothing to read within {PIPE_WAIT:g} s"
                " (no program writes to it?)",
                fix="start the program that writes to it first, or give the input as a file or on standard input",
                locator=locator,
            )
            return
        except OSError as exc:
            yield _unreadable(shown, exc, locator)
            return
        if len(data) > cap:  # grew since stat, or a pipe
            yield _too_large(locator, None, cap)
            return
        yield RawInput(locator=locator, data=data, path=Path(path), sidecar=meta)

    @staticmethod
    def not_regular(shown: str, mode: int, locator: str, *, named: bool) -> InputError:
        if named:
            return UnsupportedInputError(
                f"{shown} is {_kind(mode)}, not a regular file, pipe or character device",
                fix="give files, folders, patterns or - for standard input",
                locator=locator,
            )
        return NotRegularFileError(
            f"{shown} is {_kind(mode)}, not a regular file: not read (only regular files are read from a"
            " folder or pattern)",
            fix="name a pipe or device on the command line to read it, or copy its content into a file",
            locator=locator,
        )


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
