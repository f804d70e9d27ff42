"""Bearer-token authentication, and the rules that keep an unauthenticated server to this machine: it
listens on loopback only, and answers only requests addressed to a loopback Host (DNS rebinding)."""

from __future__ import annotations

import hmac
import ipaddress
import json
from collections.abc import Iterable
from typing import Any

from alu.errors import ConfigError
from alu.server.wire import error_body

LOOPBACK_NAMES = {"localhost", "ip6-localhost"}


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def checked_tokens(tokens: Iterable[str], option: str) -> list[str]:
    """The tokens as given, or ConfigError for one that is empty or contains whitespace: `--token ""` would
    otherwise look like authentication and let everyone in (`--admin-token ""`: make everyone an admin)."""
    out = list(tokens)
    for token in out:
        if not isinstance(token, str) or not token.strip():
            raise ConfigError(f"{option}: a token must not be empty or whitespace")
        if token != token.strip() or any(c.isspace() for c in token):
            raise ConfigError(f"{option}: a token must not contain whitespace (clients send it in a header)")
    return out


def check_binding(host: str, tokens: Iterable[str], *, allow_unauthenticated: bool) -> None:
    """Refuse to expose an unauthenticated server beyond this machine unless the operator insists."""
    if not list(tokens) and not is_loopback(host) and not allow_unauthenticated:
        raise ConfigError(
            f"refusing to listen on {host} without authentication: give --token (or ALU_SERVE_TOKENS), "
            "bind to 127.0.0.1, or pass --allow-unauthenticated if something in front of alu authenticates"
        )


def bearer(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header (scheme in any case, any spacing), else None."""
    scheme, _, given = (authorization or "").strip().partition(" ")
    token = given.strip()
    return token if scheme.lower() == "bearer" and token else None


class TokenCheck:
    """Bearer tokens for answering and, separately, for managing targets.

    No tokens at all means an open server (only allowed on loopback, see `check_binding`). Admin tokens
    default to the client tokens: give `admin_tokens` so that clients who may ask cannot list or withdraw
    what was forgotten."""

    def __init__(self, tokens: Iterable[str] = (), admin_tokens: Iterable[str] = ()) -> None:
        self.tokens = [t.encode() for t in checked_tokens(tokens, "tokens")]
        admin = [t.encode() for t in checked_tokens(admin_tokens, "admin tokens")]
        self.admin_tokens = admin or self.tokens
        self.open = not self.tokens and not admin

    def allows(self, authorization: str | None, *, admin: bool = False) -> bool:
        if self.open:
            return True
        given = bearer(authorization)
        if given is None:
            return False
        presented = given.encode()
        accepted = self.admin_tokens if admin else self.tokens + self.admin_tokens
        # compare against every token, so timing does not reveal which prefix matched
        return any([hmac.compare_digest(presented, token) for token in accepted])


def host_name(header: bytes | None) -> str:
    """The host of a Host header, without its port: `127.0.0.1:8080` -> `127.0.0.1`, `[::1]:80` -> `::1`."""
    host = (header or b"").decode("latin-1").strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _one_loopback_host(headers: list[tuple[bytes, bytes]]) -> bool:
    """Whether the request has exactly one Host header and it names a loopback host. Two are refused (HTTP
    says a request with two is invalid): a proxy may route by one while the app reads the other."""
    hosts = [value for name, value in headers if name == b"host"]
    return len(hosts) <= 1 and is_loopback(host_name(hosts[0] if hosts else None))


class LoopbackHostOnly:
    """ASGI layer for an open (token-less) server: answer only requests whose Host is a loopback name or
    address. A web page the user visits can point its own domain at 127.0.0.1 (DNS rebinding) and then read
    or withdraw targets through the user's browser; its requests still carry that domain as Host."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and not _one_loopback_host(scope["headers"]):
            body = json.dumps(
                error_body(
                    421,
                    "this server has no tokens and answers only requests addressed to a loopback host "
                    "(localhost, 127.0.0.1, [::1]); give it --token to serve other names",
                    code="host_not_allowed",
                )
            ).encode()
            headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
            await send({"type": "http.response.start", "status": 421, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)
