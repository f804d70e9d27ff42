"""Bearer-token authentication, and the rule that an unauthenticated server stays on loopback."""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Iterable

from alu.errors import ConfigError

LOOPBACK_NAMES = {"localhost", "ip6-localhost"}


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_binding(host: str, tokens: Iterable[str], *, allow_unauthenticated: bool) -> None:
    """Refuse to expose an unauthenticated server beyond this machine unless the operator insists."""
    if not list(tokens) and not is_loopback(host) and not allow_unauthenticated:
        raise ConfigError(
            f"refusing to listen on {host} without authentication: give --token (or ALU_SERVE_TOKENS), "
            "bind to 127.0.0.1, or pass --allow-unauthenticated if something in front of alu authenticates"
        )


class TokenCheck:
    """Bearer tokens for answering and, separately, for managing targets.

    No tokens at all means an open server (only allowed on loopback, see `check_binding`). Admin tokens
    default to the client tokens: give `admin_tokens` so that clients who may ask cannot list or withdraw
    what was forgotten."""

    def __init__(self, tokens: Iterable[str] = (), admin_tokens: Iterable[str] = ()) -> None:
        self.tokens = [t.encode() for t in tokens if t]
        admin = [t.encode() for t in admin_tokens if t]
        self.admin_tokens = admin or self.tokens
        self.open = not self.tokens and not admin

    def allows(self, authorization: str | None, *, admin: bool = False) -> bool:
        if self.open:
            return True
        scheme, _, given = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not given.strip():
            return False
        presented = given.strip().encode()
        accepted = self.admin_tokens if admin else self.tokens + self.admin_tokens
        # compare against every token, so timing does not reveal which prefix matched
        return any([hmac.compare_digest(presented, token) for token in accepted])
