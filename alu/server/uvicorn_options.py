"""How alu runs uvicorn: one set of options for `alu serve`, its workers, the bench servers and tests."""

from __future__ import annotations

from typing import Any

KEEP_ALIVE_S = 65.0
"""How long an idle keep-alive connection stays open. uvicorn's default, 5 s, is also the idle expiry of
httpx's pools (the openai SDK's): a client then reuses a connection at the moment the server closes it, and
its request fails (`ReadError`). Under load the client's and the server's clocks drift apart by the time
their event loops lag, so it happened: `alu bench serve` at 64 clients had 1-15 such errors per 1,000
requests. A demo-store server (2-core EPYC, 2026-12-03) at 5 s: 1 in four runs of 64 clients x 1,000
requests, 5 in three runs of 128 x 1,500; at 65 s, none in the same seven runs. Above the clients' expiry,
the server never closes a connection a client may still pick; 65 s also outlasts the 60 s idle timeout of
common load balancers in front."""
GRACEFUL_SHUTDOWN_S = 5


def uvicorn_options(host: str, port: int, *, access_log: bool = False) -> dict[str, Any]:
    """Keyword arguments of `uvicorn.run` / `uvicorn.Config` for serving alu's app on host:port. alu logs
    through its own loggers (no uvicorn log config); the access log names request paths, so it is off
    unless asked for."""
    return {
        "host": host,
        "port": port,
        "log_config": None,
        "access_log": access_log,
        "timeout_graceful_shutdown": GRACEFUL_SHUTDOWN_S,
        "timeout_keep_alive": KEEP_ALIVE_S,
    }
