"""The command group, its context and the one place where errors become output.

Errors become output here and only here: a ``CounterpointError`` prints its
message (what failed, why, the fix) and exits with its class's code: 0 all
well, 1 some documents failed (recorded), 2 usage error, 3 store error.
Tracebacks are shown only with ``--debug``.
"""

from __future__ import annotations

import io
import sqlite3
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from counterpoint import __version__
from counterpoint.config import Settings, load_settings
from counterpoint.display import terminal_safe
from counterpoint.errors import CounterpointError, UsageError
from counterpoint.model import PartialDate
from counterpoint.store import SQLStore, open_store

EXIT_OK, EXIT_FAILURES, EXIT_USAGE, EXIT_STORE = 0, 1, 2, 3



class Context:
    """What every command gets: the layered settings and the console."""

    def __init__(self, settings: Settings, debug: bool, quiet: bool) -> None:
        self.settings = settings
        self.debug = debug
        self.quiet = quiet
        self.out = Console(highlight=False, markup=False, emoji=False, soft_wrap=True)
        self.err = Console(stderr=True, highlight=False, markup=False, emoji=False)

    def store(self, *, read_only: bool = False) -> SQLStore:
        return open_store(self.settings.db, read_only=read_only, batch_size=self.settings.batch_size)


class CounterpointGroup(click.Group):
    """Maps errors to messages and exit codes in one place."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CounterpointError as exc:
            _report_error(ctx, exc.message, exc)
            ctx.exit(exc.exit_code)
        except sqlite3.Error as exc:
            _report_error(ctx, f"store error: {exc}. Fix: check the --db file and the disk.", exc)
            ctx.exit(EXIT_STORE)


def _report_error(ctx: click.Context, message: str, exc: BaseException) -> None:
    debug = bool(ctx.find_root().params.get("debug"))
    if debug:
        import traceback

        traceback.print_exception(exc)
    click.echo(f"error: {terminal_safe(message)}", err=True)


pass_context = click.make_pass_decorator(Context)


@click.group(cls=CounterpointGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="counterpoint")
@click.option("--db", metavar="PATH", help="Store: a SQLite file (default counterpoint.db in this folder).")
@click.option("--config", "config_file", metavar="FILE", type=click.Path(dir_okay=False),
              help="TOML settings file (default ./counterpoint.toml when present).")
@click.option("--debug", is_flag=True, help="Show tracebacks on errors.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, only results.")
@click.pass_context
def cli(ctx: click.Context, db: str | None, config_file: str | None, debug: bool, quiet: bool) -> None:
    """counterpoint: turn piles of state-media and war-coverage documents into a sourced record.

    Start with `counterpoint analyze examples/`, then `counterpoint items`.
    Settings are layered: defaults < counterpoint.toml < COUNTERPOINT_* environment < flags.
    """
    try:
        settings = load_settings(config_file=config_file, flags={"db": db})
    except CounterpointError as exc:
        _report_error(ctx, exc.message, exc)
        ctx.exit(exc.exit_code)
    ctx.obj = Context(settings, debug, quiet)



# -- shared helpers ------------------------------------------------------------
def _since(value: str | None) -> PartialDate | None:
    if value is None:
        return None
    try:
        return PartialDate.parse_iso(value, "flag")
    except ValueError:
        raise UsageError(f"--since {value!r} is not a date", fix="give YYYY, YYYY-MM or YYYY-MM-DD") from None


def _open_output(output: str | None) -> io.TextIOWrapper:
    if output is None or output == "-":
        return io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="", write_through=True)
    try:
        return Path(output).open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise UsageError(f"cannot write {output} ({exc.strerror})", fix="give a writable path to -o") from exc


@cli.group("export", cls=CounterpointGroup)
def export_group() -> None:
    """Write stored records to a file (or standard output)."""


