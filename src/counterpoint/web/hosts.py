"""Which ``Host`` headers the server answers: the guard against DNS rebinding.

A page on ``attacker.example`` can make the browser resolve that name to 127.0.0.1 and then read what a
server on loopback answers, unless the server refuses requests whose ``Host`` is not one of its own names.
``HostRule`` holds those names: a name (``localhost``, ``127.0.0.1``, ``[::1]``, ``news.example.org``) with
or without a port; a name without a port matches every port, a name with one matches that port only (a
``Host`` header without a port means port 80).

Starlette's ``TrustedHostMiddleware`` is not used: it ignores the port, answers in plain text rather than
the app's one error shape, and redirects ``www.`` names.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

from counterpoint.errors import UsageError

#: The names of this machine on loopback; without a port (any port) unless the server says which.
LOOPBACK_NAMES: tuple[str, ...] = ("localhost", "127.0.0.1", "[::1]")
DEFAULT_PORT = 80


def split_host(value: str) -> tuple[str, int | None] | None:
    """``value`` (a ``Host`` header or a configured name) as a normalized (name, port), or ``None`` when it is
    not a host: lower case, no trailing dot, IPv6 addresses in brackets in their short form."""
    text = value.strip().lower()
    if not text or any(c.isspace() or c in "/?#@\\" for c in text):
        return None
    port_text: str | None = None
    if text.startswith("["):
        end = text.find("]")
        if end < 0:
            return None
        name, rest = text[1:end], text[end + 1:]
        try:
            name = f"[{ipaddress.IPv6Address(name).compressed}]"
        except ValueError:
            return None
        if rest:
            if not rest.startswith(":"):
                return None
            port_text = rest[1:]
    elif text.count(":") > 1:  # a bare IPv6 address (a configured name, never a valid Host header)
        try:
            name = f"[{ipaddress.IPv6Address(text).compressed}]"
        except ValueError:
            return None
    elif ":" in text:
        name, _, port_text = text.partition(":")
    else:
        name = text
    name = name.rstrip(".")
    if not name:
        return None
    if port_text is None:
        return name, None
    if not port_text.isdigit() or not 0 < int(port_text) <= 65535:
        return None
    return name, int(port_text)


@dataclass(frozen=True, slots=True)
class HostRule:
    """The ``Host`` headers a server answers (``allows``); ``names`` as configured, for messages."""

    names: tuple[str, ...]
    _any_port: frozenset[str]
    _with_port: frozenset[tuple[str, int]]

    @classmethod
    def of(cls, names: Iterable[str]) -> HostRule:
        """The rule for ``names`` (``name`` or ``name:port``); a name that is not a host is a ``UsageError``."""
        any_port: set[str] = set()
        with_port: set[tuple[str, int]] = set()
        kept: list[str] = []
        for raw in names:
            parsed = split_host(raw)
            if parsed is None:
                raise UsageError(f"{raw!r} is not a host name", fix="give a name or address, with an optional "
                                 ":PORT (`localhost`, `news.example.org:8765`, `[::1]:8765`)")
            name, port = parsed
            if port is None:
                any_port.add(name)
            else:
                with_port.add((name, port))
            kept.append(name if port is None else f"{name}:{port}")
        if not kept:
            raise UsageError("no host name to answer to", fix="give at least one name, or leave the default")
        return cls(tuple(dict.fromkeys(kept)), frozenset(any_port), frozenset(with_port))

    @classmethod
    def loopback(cls, port: int | None = None, *, also: Iterable[str] = ()) -> HostRule:
        """This machine's loopback names (on ``port`` only, when given and not 0), and ``also``."""
        names = [f"{n}:{port}" if port else n for n in LOOPBACK_NAMES]
        return cls.of([*names, *also])

    def allows(self, header: str | None) -> bool:
        """Whether a request with this ``Host`` header is for this server."""
        parsed = split_host(header or "")
        if parsed is None:
            return False
        name, port = parsed
        if name in self._any_port:
            return True
        return (name, DEFAULT_PORT if port is None else port) in self._with_port
