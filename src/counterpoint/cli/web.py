"""Web commands: `serve` (the web UI over the store) and `report` (one self-contained HTML file)."""

from __future__ import annotations

import ipaddress
import secrets
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from counterpoint.cli.app import Context, _since, cli, pass_context
from counterpoint.errors import UsageError

if TYPE_CHECKING:
    from counterpoint.web.hosts import HostRule


def is_loopback(host: str) -> bool:
    """Whether ``host`` only listens on this machine (127.0.0.0/8, ::1, localhost)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def served_hosts(host: str, port: int, also: Sequence[str] = ()) -> HostRule | None:
    """The ``Host`` names a server listening on ``host``:``port`` answers: the address it listens on, this
    machine's loopback names when it listens on loopback or on every interface, and ``also``; on ``port``
    only (any port when it is 0, which picks a free one). ``None`` (no check; the CLI then requires a token)
    for every interface without ``also``, whose names are not known."""
    from counterpoint.web.hosts import LOOPBACK_NAMES, HostRule

    bound = host.strip().strip("[]")
    every = bound in ("", "0.0.0.0", "::")
    if every and not also:
        return None
    names = [] if every else [f"[{bound}]" if ":" in bound else bound]
    if every or is_loopback(host):
        names += LOOPBACK_NAMES
    return HostRule.of([*(f"{n}:{port}" if port else n for n in names), *also])


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback needs --token.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port (0: any free).")
@click.option("--token", metavar="TOKEN",
              help="Require this access token (12+ characters); `--token random` makes one and prints it.")
@click.option("--allow-host", "allow_hosts", metavar="NAME[:PORT]", multiple=True,
              help="Also answer requests sent to this host name (a proxy's public name, an SSH tunnel's "
                   "`localhost:PORT`); repeatable. Requests to any other name are refused.")
@pass_context
def serve_cmd(app: Context, host: str, port: int, token: str | None, allow_hosts: tuple[str, ...]) -> None:
    """The web UI over the store: timeline, stories side by side, items, actors, sources and search, each page
    with a JSON twin (`/timeline.json`, ...) and the API described at `/openapi.json`. Opens the store
    read-only; nothing is written and no URL is fetched. Listens on 127.0.0.1 unless told otherwise, and
    answers only requests sent to its own names (the address it listens on, localhost, and --allow-host)."""
    import uvicorn

    from counterpoint.web import create_app

    if token == "random":
        token = secrets.token_urlsafe(18)
    if token is not None and len(token) < 12:
        raise UsageError("the token is too short", fix="give at least 12 characters, or `--token random`")
    if not is_loopback(host) and not token:
        raise UsageError(f"--host {host} makes the store readable from other machines, and no --token was given",
                         fix="add `--token random` (or your own token of 12+ characters), or keep the default host")
    from counterpoint.store.postgres import redact

    hosts = served_hosts(host, port, allow_hosts)
    web = create_app(app.settings.db, token=token, registry_files=app.settings.registry_files, hosts=hosts)
    shown = f"[{host.strip('[]')}]" if ":" in host else host
    address = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    app.err.print(f"counterpoint: serving {redact(app.settings.db)} read-only at {address} (Ctrl+C stops)")
    app.err.print("counterpoint: answering requests sent to " + (", ".join(hosts.names) if hosts else
                  "any host name (the token guards it; --allow-host NAME restricts the names)"))
    uvicorn.run(web, host=host, port=port, log_level="debug" if app.debug else "warning", server_header=False,
                proxy_headers=False, access_log=app.debug)


@cli.command("report")
@click.option("-o", "--output", metavar="FILE", default="report.html", show_default=True,
              help="Where to write the report.")
@click.option("--since", help="Only stories first reported on or after this date (YYYY[-MM[-DD]]).")
@click.option("--min-sources", type=click.IntRange(min=1), default=1, show_default=True,
              help="Only stories told by at least this many sources.")
@click.option("--max-stories", type=click.IntRange(min=1), default=500, show_default=True,
              help="At most this many stories (the most sources first, then the latest).")
@pass_context
def report_cmd(app: Context, output: str, since: str | None, min_sources: int, max_stories: int) -> None:
    """One self-contained HTML file (inline CSS, script and SVG; nothing fetched when opened) with the
    timeline and every story's comparison: open it in a browser offline, or mail it."""
    from counterpoint.report.html import write_report
    from counterpoint.web.views import Actors

    day = _since(since)
    store = app.store(read_only=True)
    try:
        summary = write_report(store, Path(output), actors=Actors(app.settings.registry_files),
                               since=day.iso() if day else None, min_sources=min_sources, max_stories=max_stories)
    finally:
        store.close()
    app.out.print(f"Wrote {output}: {summary['stories']} stories ({summary['left_out']} left out), "
                  f"{summary['bytes'] / 1024:.0f} KB. Open it in a browser: file://{Path(output).resolve()}")
