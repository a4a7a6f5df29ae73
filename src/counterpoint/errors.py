"""One exception hierarchy for counterpoint, with messages written for users.

Every error says what failed, the likely cause and the fix. The CLI maps the
classes to exit codes in one place (``counterpoint.cli``); library code never
prints or exits.
"""

from __future__ import annotations

from typing import Literal


class CounterpointError(Exception):
    """Base of every error counterpoint raises on purpose.

    ``code`` is a short stable identifier (stored with failures, usable in
    scripts); ``reason`` says what went wrong; ``fix`` says what to do.
    """

    code = "error"
    exit_code = 1
    #: "error" makes a batch exit 1; "warning" is recorded and listed only.
    severity: Literal["error", "warning"] = "error"

    def __init__(self, reason: str, *, fix: str = "", locator: str | None = None) -> None:
        self.reason = reason
        self.fix = fix
        self.locator = locator
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = f"{self.locator}: " if self.locator else ""
        reason = self.reason if self.reason.endswith(".") else self.reason + "."
        fix = f" Fix: {self.fix}" if self.fix else ""
        return f"{where}{reason}{fix}"


class UsageError(CounterpointError):
    """The command or call was given something it cannot use."""

    code = "usage"
    exit_code = 2


class ConfigError(UsageError):
    """A setting is unknown or has a value of the wrong kind."""

    code = "config"


class InputError(CounterpointError):
    """One input (file, feed entry, WARC record) could not be read.

    Input errors are recorded as failures; the batch goes on.
    """

    code = "input"


class NotFoundError(InputError):
    code = "not-found"


class UnreadableError(InputError):
    code = "unreadable"


class EmptyInputError(InputError):
    code = "empty"


class TooLargeError(InputError):
    code = "too-large"


class BinaryInputError(InputError):
    code = "binary"


class DecodeError(InputError):
    code = "decode"


class MalformedInputError(InputError):
    code = "malformed"


class UnsupportedInputError(InputError):
    code = "unsupported"


class DuplicateInputError(InputError):
    """The same input was given twice in one run: it is read once."""

    code = "duplicate"
    severity = "warning"


class SkippedInputError(InputError):
    """Files in a folder that are not documents (notes, code, page assets)."""

    code = "skipped"
    severity = "warning"


class NotRegularFileError(SkippedInputError):
    """A named pipe, socket or device met in a folder or pattern: never opened (a pipe blocks)."""

    code = "not-a-file"


class OutsideLinkError(SkippedInputError):
    """A symbolic link in a folder or pattern that leads outside it: not followed without
    ``--follow-links``."""

    code = "link-outside"


class InvalidDateError(InputError):
    """A date the input gives is not a calendar date (month 13, 31 February): the document is
    stored undated and the date kept as text (``extras["date_refused"]``)."""

    code = "invalid-date"
    severity = "warning"


class ImplausibleDateError(InputError):
    """A date before 1900 or after the run's date (plus a day): the document or item is stored
    undated and the date kept as text."""

    code = "implausible-date"
    severity = "warning"


class ReducedInputError(InputError):
    """An input over a work cap (an HTML page's element count or nesting depth) read the simple
    way: all its visible text is kept, without main-text extraction."""

    code = "reduced"
    severity = "warning"


class AnalysisCappedError(InputError):
    """An item's body over ``max_analysed_chars``: stored whole, only its first part analysed."""

    code = "analysis-capped"
    severity = "warning"


class TruncatedError(InputError):
    """Text over ``max_chars`` was cut: stored up to the cap."""

    code = "truncated"
    severity = "warning"


class SegmentError(CounterpointError):
    """Segmentation of a document into items failed."""

    code = "segment"


class StoreError(CounterpointError):
    """The store could not be opened, migrated, read or written."""

    code = "store"
    exit_code = 3
