"""Shared fixtures. The suite is hermetic: no network, nothing from ../shared."""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import urllib.parse
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from counterpoint.model import Document, Item, PartialDate, Span
from counterpoint.store.base import Store
from counterpoint.store.sqlite import SQLiteStore

FIXTURES = Path(__file__).parent / "fixtures"

# The suite's caches (the built gazetteer) go to a folder of its own, shared by the processes it
# starts and removed at the end: never the user's cache folder, and nothing left behind.
_CACHE_HOME = tempfile.mkdtemp(prefix="counterpoint-test-cache-")
os.environ["XDG_CACHE_HOME"] = _CACHE_HOME
atexit.register(shutil.rmtree, _CACHE_HOME, True)


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    s = SQLiteStore.open(tmp_path / "test.db", batch_size=2)
    yield s
    s.close()


def make_document(text: str, *, locator: str = "doc.txt", source: str | None = "example.org",
                  published: PartialDate | None = None) -> Document:
    """A hand-made document for store and CLI tests."""
    return Document(
        id=Document.make_id(source, locator, None, text), locator=locator, kind="text", text=text,
        source=source, source_origin="flag" if source else "none", url=None, title=None, author=None,
        published=published or PartialDate(), language="en", language_score=0.99, analysed=True,
        encoding="utf-8", raw_sha256="0" * 64, raw_size=len(text.encode()),
    )


def make_item(doc: Document, start: int, end: int, position: int = 1,
              published: PartialDate | None = None, headline_end: int | None = None) -> Item:
    """An item spanning ``doc.text[start:end]``, optionally with a headline prefix."""
    headline = Span.of(doc.text, start, headline_end) if headline_end else None
    body_start = (headline_end + 1) if headline_end else start
    return Item(
        id=Item.make_id(doc.id, start, end), document_id=doc.id, position=position, start=start, end=end,
        caption=None, headline=headline, photo_captions=(), paragraphs=(Span.of(doc.text, body_start, end),),
        published=published or PartialDate(), dropped=(),
    )


# -- PostgreSQL: a server for the storage suite -----------------------------------------------------------
#
# COUNTERPOINT_TEST_PG names a server where the tests may create databases (CI sets it); without it the
# session starts a throwaway server on loopback (Debian's postgresql binaries) and stops it at the end.
# No server: the PostgreSQL tests skip, unless COUNTERPOINT_REQUIRE_PG=1 (CI), where they fail.

NO_PG = "no PostgreSQL server reachable: set COUNTERPOINT_TEST_PG or install postgresql"


def _pg_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4])
                   if p.split("/")[4].isdigit() else 0)
    return found[-1] if found else shutil.which(name)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Throwaway:
    """A PostgreSQL server in a temporary folder, on loopback (run as the postgres user when root)."""

    def __init__(self) -> None:
        self.folder: str | None = None
        self.prefix: list[str] = []
        self.pg_ctl: str | None = None
        self.error = ""

    def start(self) -> str | None:
        initdb, self.pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
        if not initdb or not self.pg_ctl:
            self.error = "initdb/pg_ctl not found"
            return None
        self.folder = tempfile.mkdtemp(prefix="counterpoint-pg-")
        if os.geteuid() == 0:  # postgres refuses to run as root
            try:
                entry = pwd.getpwnam("postgres")
            except KeyError:
                self.error = "running as root and there is no postgres user"
                return None
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
            self.prefix = ["runuser", "-u", "postgres", "--"]
        data = os.path.join(self.folder, "data")
        for locale in ("C.UTF-8", "C"):
            done = subprocess.run([*self.prefix, initdb, "-D", data, "-U", "postgres", "--auth=trust",
                                   "--encoding=UTF8", f"--locale={locale}", "--no-sync"],
                                  capture_output=True, text=True, check=False)
            if done.returncode == 0:
                break
            shutil.rmtree(data, ignore_errors=True)
        else:
            self.error = f"initdb failed: {done.stderr.strip()[-300:]}"
            return None
        for _ in range(3):
            port = _free_port()
            options = (f"-c listen_addresses=127.0.0.1 -p {port} -k {self.folder} -c fsync=off "
                       "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50")
            done = subprocess.run([*self.prefix, self.pg_ctl, "-D", data, "-l", os.path.join(self.folder, "log"),
                                   "-w", "-t", "30", "-o", options, "start"],
                                  capture_output=True, text=True, check=False)
            if done.returncode == 0:
                return f"postgresql://postgres@127.0.0.1:{port}/postgres"
        self.error = f"pg_ctl start failed: {done.stderr.strip()[-300:]}"
        return None

    def stop(self) -> None:
        if self.folder is None:
            return
        if self.pg_ctl and os.path.isdir(os.path.join(self.folder, "data")):
            subprocess.run([*self.prefix, self.pg_ctl, "-D", os.path.join(self.folder, "data"), "-m", "immediate",
                            "-w", "stop"], capture_output=True, check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


@dataclass
class PgServer:
    """A reachable server (``admin``: a DSN to its maintenance database) and a migrated template database."""

    admin: str
    template: str
    made: list[str] = field(default_factory=list)

    def dsn(self, dbname: str) -> str:
        parts = urllib.parse.urlsplit(self.admin)
        return urllib.parse.urlunsplit(parts._replace(path="/" + dbname))

    def fresh(self, *, migrated: bool = True) -> str:
        """A new empty database (a copy of the migrated template by default); its DSN."""
        import psycopg

        name = f"{self.template}_{len(self.made)}"
        with psycopg.connect(self.admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            conn.execute(f"CREATE DATABASE {name} TEMPLATE {self.template if migrated else 'template0'}")
        self.made.append(name)
        return self.dsn(name)


def _reachable(dsn: str) -> str:
    """Why ``dsn`` cannot be used ("" when it can)."""
    try:
        import psycopg

        with psycopg.connect(dsn, autocommit=True, connect_timeout=5) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:  # any failure means: not reachable
        return " ".join(str(exc).split())[:300]
    return ""


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer | str]:
    """The session's PostgreSQL server, or why there is none (a string)."""
    throwaway: _Throwaway | None = None
    admin = os.environ.get("COUNTERPOINT_TEST_PG", "").strip()
    why = ""
    if admin:
        why = _reachable(admin)
        why = f"COUNTERPOINT_TEST_PG is not reachable ({why})" if why else ""
    else:
        throwaway = _Throwaway()
        admin = throwaway.start() or ""
        why = "" if admin else throwaway.error
        if admin:
            why = _reachable(admin)
    if why:
        if throwaway is not None:
            throwaway.stop()
        yield why
        return
    import psycopg

    from counterpoint.store.postgres import PostgresStore

    template = f"cp_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    server = PgServer(admin, template)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {template} TEMPLATE template0 ENCODING 'UTF8'")
    PostgresStore.open(server.dsn(template)).close()
    try:
        yield server
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            for name in [*server.made, template]:
                conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if throwaway is not None:
            throwaway.stop()


@pytest.fixture
def pg(pg_server: PgServer | str) -> PgServer:
    """The PostgreSQL server; skips (fails when COUNTERPOINT_REQUIRE_PG=1) when none is reachable."""
    if isinstance(pg_server, str):
        message = f"{NO_PG} ({pg_server})"
        if os.environ.get("COUNTERPOINT_REQUIRE_PG") == "1":
            pytest.fail(message + " and COUNTERPOINT_REQUIRE_PG=1", pytrace=False)
        pytest.skip(message)
    return pg_server


@pytest.fixture
def pg_dsn(pg: PgServer) -> str:
    """A fresh migrated PostgreSQL database for one test."""
    return pg.fresh()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """The store under test, once per engine (batch size 2, as ``store``)."""
    if request.param == "sqlite":
        s: Store = SQLiteStore.open(tmp_path / "test.db", batch_size=2)
    else:
        from counterpoint.store.postgres import PostgresStore

        s = PostgresStore.open(request.getfixturevalue("pg_dsn"), batch_size=2)
    yield s
    s.close()
