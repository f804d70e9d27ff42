"""Shared fixtures: a fresh local store per test and scripted models (no network, deterministic)."""

from __future__ import annotations

import itertools
import socket

from alu._offline import own_process

own_process()  # tests run offline, like the CLI (importing alu alone changes no environment)

import pytest  # noqa: E402

from alu import Unlearner  # noqa: E402
from alu.scripted import register_script, role_script  # noqa: E402

_names = itertools.count()


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any connection to a non-loopback address: tests never touch the network."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and self.family in (socket.AF_INET, socket.AF_INET6):
            if not (host.startswith("127.") or host in ("localhost", "::1")):
                raise OSError(f"test tried to reach {host}: network is forbidden in tests")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(autouse=True)
def _no_expansion_on_forget(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget-time expansion off unless a test turns it on: by default it adds one expander call to every
    forget with a scripted model, which tests of other things do not script or count.
    tests/test_expand_on_forget.py turns it on (the default, 'auto') and covers it."""
    monkeypatch.setenv("ALU_EXPAND_ON_FORGET", "off")


@pytest.fixture
def store_dir(tmp_path):
    return str(tmp_path / "store")


@pytest.fixture
def scripted():
    """Register a role script under a fresh name and return its model string."""

    def make(default="OK", latency_ms: float = 0.0, **by_role):
        name = f"t{next(_names)}"
        register_script(name, role_script(default, **by_role), latency_ms=latency_ms)
        return f"scripted/{name}"

    return make


@pytest.fixture
def unlearner(store_dir):
    def make(model: str, **settings) -> Unlearner:
        return Unlearner(model=model, store=store_dir, retries=settings.pop("retries", 2), **settings)

    return make


@pytest.fixture(scope="module")
def guarded(request, tmp_path_factory) -> Unlearner:
    """The test module's TARGETS forgotten in a store of its own, with rule judges: only the deterministic
    checks stand between the worst-case subject's answer and the user."""
    store = str(tmp_path_factory.mktemp("store"))
    u = Unlearner(model="scripted/unused", store=store, judges="deterministic")
    u.forget_many(request.module.TARGETS)
    return u
