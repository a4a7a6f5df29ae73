"""The web application: server-rendered pages over a store, each with a JSON twin, and an OpenAPI
description of the JSON API (``/openapi.json``).

Guarantees:

* **read-only**: the store is opened read-only (SQLite ``mode=ro`` and ``PRAGMA query_only``; PostgreSQL
  sessions with ``default_transaction_read_only``), every route is a ``GET``, and no route fetches a URL;
* **one connection per request**: connections come from a small pool, one request uses one at a time;
* **one error shape**: every error is ``{"error": {"status", "code", "message", "fix"}}`` on JSON routes
  and the same fields on an HTML page (``error_response``);
* **headers**: every response carries a Content-Security-Policy that allows scripts, styles and images from
  the server itself only (no inline script), ``X-Content-Type-Options: nosniff``, ``Referrer-Policy:
  no-referrer`` and ``X-Frame-Options: DENY``;
* **token**: with ``token`` set, every request must carry it (``Authorization: Bearer``, the
  ``counterpoint_token`` cookie, or ``?token=`` once, which sets the cookie); the CLI requires one when the
  server listens on anything but loopback;
* **host**: a request whose ``Host`` header is not one of the server's names (``hosts``, a ``HostRule``;
  loopback names by default) is refused with a 400 before anything else, so a page that rebinds its own
  name to 127.0.0.1 cannot read the API (DNS rebinding); ``hosts=None`` turns the check off, allowed only
  with a token (which such a page does not have);
* **HEAD**: every page, twin and static file answers ``HEAD`` as it answers ``GET``, without the body.
"""

from __future__ import annotations

import hmac
import logging
import queue
import sqlite3
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import psycopg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from counterpoint import __version__
from counterpoint.errors import CounterpointError, StoreError, UsageError
from counterpoint.store import is_postgres
from counterpoint.store.base import SQLStore
from counterpoint.store.sqlite import SQLiteStore
from counterpoint.web.hosts import HostRule
from counterpoint.web.templating import Links, environment
from counterpoint.web.views import Actors, NotFound

log = logging.getLogger(__name__)

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
TOKEN_COOKIE = "counterpoint_token"
#: What reading a store may raise (SQLite or PostgreSQL): a connection that raised it is not reused.
DB_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, psycopg.Error)
POOL_SIZE = 8
#: The names a server answers to unless told otherwise: this machine's loopback names, on any port.
LOOPBACK = HostRule.loopback()


class StorePool:
    """Read-only stores over one file, handed out one request at a time."""

    def __init__(self, db: str | Path, size: int = POOL_SIZE) -> None:
        self.db = str(db)
        self.size = size
        self._idle: queue.LifoQueue[SQLStore] = queue.LifoQueue()
        self._opened = 0
        # fail early (a missing or old store is the user's error, said once at start)
        self._idle.put(self._open())

    def _open(self) -> SQLStore:
        if is_postgres(self.db):
            from counterpoint.store.postgres import PostgresStore

            # read-only sessions (default_transaction_read_only); the views read it through the same calls
            store: SQLStore = PostgresStore.open_read_only(self.db)
        else:
            lite = SQLiteStore.open_read_only(self.db)
            lite.conn.execute("PRAGMA query_only = ON")
            store = lite
        self._opened += 1
        return store

    @contextmanager
    def store(self) -> Iterator[SQLStore]:
        try:
            store = self._idle.get_nowait()
        except queue.Empty:
            store = self._open()
        healthy = True
        try:
            yield store
        except DB_ERRORS:
            healthy = False
            raise
        finally:
            if healthy and self._idle.qsize() < self.size:
                self._idle.put(store)
            else:
                _discard(store)

    def close(self) -> None:
        while True:
            try:
                _discard(self._idle.get_nowait())
            except queue.Empty:
                return


def _discard(store: SQLStore) -> None:
    """Close a store of the pool, even one whose connection failed."""
    with suppress(*DB_ERRORS):
        store.close()


def wants_json(request: Request) -> bool:
    return request.url.path.endswith(".json")


def error_body(status: int, code: str, message: str, fix: str = "") -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message, "fix": fix}}


def error_response(request: Request, status: int, code: str, message: str, fix: str = "") -> Response:
    """The one error shape: JSON on ``.json`` routes, else an HTML page with the same fields."""
    body = error_body(status, code, message, fix)
    if wants_json(request):
        return JSONResponse(body, status_code=status)
    html = environment().get_template("error.html").render(error=body["error"], links=Links(), json_href=None,
                                                            page_title=f"Error {status}")
    return HTMLResponse(html, status_code=status)


class SecurityHeaders(BaseHTTPMiddleware):
    """The Host check, then the token check, then the security headers on every response."""

    def __init__(self, app: Any, token: str | None, hosts: HostRule | None) -> None:
        super().__init__(app)
        self.token = token
        self.hosts = hosts

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        if self.hosts is not None and not self.hosts.allows(request.headers.get("host")):
            response = error_response(
                request, 400, "unknown-host",
                "this server does not answer to the host name the request was sent to (it answers to "
                f"{', '.join(self.hosts.names)}); a web page that points its own name at this machine is "
                "refused this way",
                "open the address `counterpoint serve` printed; to reach it under another name (a proxy, an "
                "SSH tunnel on another port), start it with --allow-host NAME[:PORT]")
            _secure(response)
            return response
        set_cookie = False
        if self.token is not None:
            given = _given_token(request)
            if given is None or not hmac.compare_digest(given.encode(), self.token.encode()):
                response = error_response(request, 401, "unauthorized", "this server needs its access token",
                                          "open the address with ?token=TOKEN as `counterpoint serve` printed it")
                response.headers["WWW-Authenticate"] = "Bearer"
                _secure(response)
                return response
            set_cookie = request.query_params.get("token") is not None
        response = await call_next(request)
        if set_cookie and self.token is not None:
            response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict")
        _secure(response)
        return response


def _given_token(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.query_params.get("token") or request.cookies.get(TOKEN_COOKIE)


class HeadAsGet:
    """Answers ``HEAD`` as ``GET`` without the body (the headers, ``Content-Length`` included, are GET's)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)


def _secure(response: Response) -> None:
    for name, value in SECURITY_HEADERS.items():
        response.headers[name] = value
    response.headers.setdefault("Cache-Control", "no-store")


def create_app(db: str | Path, *, token: str | None = None, registry_files: Sequence[str] = (),
               hosts: HostRule | None = LOOPBACK) -> FastAPI:
    """The web application over the store ``db`` (opened read-only; a missing store is a ``StoreError``),
    answering requests sent to ``hosts`` (this machine's loopback names, any port, by default)."""
    from counterpoint.web import routes

    if hosts is None and token is None:
        raise UsageError("a server without an access token must check the Host header of requests",
                         fix="give the host names it serves, or a token")
    pool = StorePool(db)
    app = FastAPI(title="counterpoint", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json",
                  description="The JSON twin of every page of counterpoint's web UI. Read-only. Text fields hold "
                              "article text as stored: hostile, escape it where you show it.")
    app.state.pool = pool
    app.state.actors = Actors(registry_files)
    app.state.links = Links()
    app.add_middleware(SecurityHeaders, token=token, hosts=hosts)
    app.add_middleware(HeadAsGet)
    app.mount("/static", StaticFiles(packages=[("counterpoint.web", "static")]), name="static")
    app.include_router(routes.router)
    _errors(app)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _counterpoint_error(status: int) -> Callable[[Request, Exception], Awaitable[Response]]:
    async def handle(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, CounterpointError)
        return error_response(request, status, exc.code, exc.reason, exc.fix)

    return handle


def _errors(app: FastAPI) -> None:
    # counterpoint's own errors: the status by class (the most specific registered wins)
    for error, status in ((NotFound, 404), (UsageError, 400), (StoreError, 503), (CounterpointError, 500)):
        app.add_exception_handler(error, _counterpoint_error(status))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg')}"
                             for e in exc.errors()[:5])
        return error_response(request, 400, "bad-request", f"invalid parameters ({problems})",
                              "see /openapi.json for the parameters each page takes")

    @app.exception_handler(StarletteHTTPException)
    async def http(request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http")
        message = "no such page" if exc.status_code == 404 else str(exc.detail)
        fix = {404: "start from / or see /openapi.json",
               405: "this server is read-only: every page answers GET and HEAD"}.get(exc.status_code, "")
        response = error_response(request, exc.status_code, code, message, fix)
        if exc.headers:
            response.headers.update(exc.headers)
        if exc.status_code == 405:
            response.headers["Allow"] = "GET, HEAD"
        return response

    @app.exception_handler(sqlite3.Error)
    @app.exception_handler(psycopg.Error)
    async def sqlite_error(request: Request, exc: Exception) -> Response:
        log.warning("store error on %s: %s", request.url.path, exc)
        return error_response(request, 503, "store", f"the store could not be read ({exc})",
                              "check the --db file; if another process is writing it, try again")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("error on %s", request.url.path)
        return error_response(request, 500, "internal", f"{type(exc).__name__} while showing this page",
                              "report this with the page address; run with --debug for the traceback")


ERROR_SCHEMA = {
    "type": "object", "required": ["error"],
    "properties": {"error": {
        "type": "object", "required": ["status", "code", "message", "fix"],
        "properties": {"status": {"type": "integer"}, "code": {"type": "string"}, "message": {"type": "string"},
                       "fix": {"type": "string"}}}},
}


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's description with the error shape this app really sends (400 for invalid parameters, never
    FastAPI's 422)."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    components["Error"] = ERROR_SCHEMA
    error_ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    for ops in schema.get("paths", {}).values():
        for op in ops.values():
            responses = op.setdefault("responses", {})
            responses.pop("422", None)
            responses["400"] = {"description": "Invalid parameters" if op.get("parameters") else "Bad request",
                                **error_ref}  # and a request sent to a host name this server does not answer to
            for status, text in (("404", "Not found"), ("401", "Token missing or wrong"),
                                 ("503", "The store could not be read")):
                responses.setdefault(status, {"description": text, **error_ref})
    app.openapi_schema = schema
    return schema
