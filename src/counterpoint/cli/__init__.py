"""The command line: a thin layer over the library.

Errors become output in one place (``counterpoint.cli.app``): a
``CounterpointError`` prints its message (what failed, why, the fix) and exits
with its class's code: 0 all well, 1 some documents failed (recorded),
2 usage error, 3 store error. Tracebacks are shown only with ``--debug``.
"""

from __future__ import annotations

import sys

import click

from counterpoint.cli import actors, evaluate, events, export, framing, link, listing, run, web  # noqa: F401  (commands register themselves)
from counterpoint.cli.app import EXIT_STORE, cli
from counterpoint.errors import StoreError

__all__ = ["cli", "main"]


def main() -> None:
    """Entry point of the ``counterpoint`` script."""
    try:
        cli(prog_name="counterpoint")
    except StoreError as exc:  # raised outside a command (e.g. while opening)
        click.echo(f"error: {exc.message}", err=True)
        sys.exit(EXIT_STORE)
