"""`alu serve`: the OpenAI-compatible server (FastAPI on uvicorn)."""

from __future__ import annotations

import logging
import os
from typing import Annotated

import typer

from alu.cli.common import globals_of, handle_errors, make_unlearner, require, status, stderr
from alu.errors import ConfigError


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(min=1, max=65535, metavar="PORT", help="Port to listen on (chroma run uses 8000).")
    ] = 8080,
    token: Annotated[
        list[str] | None,
        typer.Option(
            envvar="ALU_SERVE_TOKENS",
            show_envvar=False,  # named in the help: the env var column cut long names with '…'
            metavar="TOKEN",
            help="Bearer token clients must send (repeatable; ALU_SERVE_TOKENS takes a space-separated list "
            "and keeps tokens out of `ps`). Without any token the server only listens on loopback.",
        ),
    ] = None,
    admin_token: Annotated[
        list[str] | None,
        typer.Option(
            envvar="ALU_SERVE_ADMIN_TOKENS",
            show_envvar=False,
            metavar="TOKEN",
            help="Token that may also list, add and withdraw targets (repeatable, or in env "
            "ALU_SERVE_ADMIN_TOKENS as a list). Default: the --token values; give admin tokens so that "
            "clients cannot list what was forgotten.",
        ),
    ] = None,
    allow_model: Annotated[
        list[str] | None,
        typer.Option(
            metavar="MODEL",
            help="Another model a request may name, as a litellm string or NAME=MODEL (repeatable). "
            "Requests may always name 'alu' or the --model given to alu.",
        ),
    ] = None,
    allow_unauthenticated: Annotated[
        bool,
        typer.Option(
            "--allow-unauthenticated",
            help="Listen beyond loopback without tokens (only behind something that authenticates).",
        ),
    ] = False,
    max_body_bytes: Annotated[
        int,
        typer.Option(min=1024, metavar="BYTES", help="Largest request body accepted; larger ones get 413."),
    ] = 1_000_000,
    timeout: Annotated[
        float,
        typer.Option(
            min=0.1, metavar="SECONDS", help="Seconds a chat completion may take, audit included (then 504)."
        ),
    ] = 120.0,
    max_concurrent: Annotated[
        int,
        typer.Option(
            min=1,
            metavar="N",
            help="Chat completions answered at once; more get 503 server_busy with Retry-After (so /healthz "
            "and the requests in progress stay responsive).",
        ),
    ] = 32,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            metavar="N",
            help="Server processes sharing the port (one per core is a good start; each holds its own "
            "index of the store). Over a local store they only read: change targets with `alu targets` "
            "meanwhile; over a Chroma server they may write too.",
        ),
    ] = 1,
    rate_limit: Annotated[
        float,
        typer.Option(
            min=0.0,
            metavar="PER_MIN",
            envvar="ALU_SERVE_RATE_LIMIT",
            show_envvar=False,
            help="Chat completions per minute per token (per client address without tokens; env "
            "ALU_SERVE_RATE_LIMIT), with bursts of ten seconds' worth; more get 429 with Retry-After. "
            "0: no limit.",
        ),
    ] = 0.0,
) -> None:
    """Serve OpenAI-compatible /v1/chat/completions through the unlearning pipeline.

    Also: GET /v1/models, GET/POST /v1/targets, DELETE /v1/targets/NAME, GET /healthz, GET /metrics.
    The server keeps no state: start several with the same --store http://host:port (a `chroma run`
    server) and they enforce the same targets.

    Example: ALU_SERVE_TOKENS=s3cret alu --store http://127.0.0.1:8001 serve --port 8080 --workers 2
    """
    require("serve", "fastapi", "uvicorn", "prometheus_client")
    import uvicorn

    from alu.gc_pause import settle_heap
    from alu.server import ServerConfig, check_binding, create_app
    from alu.server.auth import checked_tokens
    from alu.server.uvicorn_options import uvicorn_options
    from alu.server.workers import read_only_reason, warm

    for var in ("ALU_SERVE_TOKENS", "ALU_SERVE_ADMIN_TOKENS"):  # set but blank: not "no authentication"
        if var in os.environ and not os.environ[var].split():
            raise ConfigError(f"{var} is set but holds no token: unset it or give tokens")
    tokens = checked_tokens(token or [], "--token / ALU_SERVE_TOKENS")
    admins = checked_tokens(admin_token or [], "--admin-token / ALU_SERVE_ADMIN_TOKENS")
    check_binding(host, tokens + admins, allow_unauthenticated=allow_unauthenticated)
    with status("loading the store, indexing target names and warming up"):
        unlearner = make_unlearner(ctx)
        if workers == 1:  # built now, not on the first request (workers build their own)
            warm(unlearner)
            settle_heap()
    config = ServerConfig(
        tokens=tokens,
        admin_tokens=admins,
        allow_models=allow_model or [],
        max_body_bytes=max_body_bytes,
        request_timeout_s=timeout,
        rate_per_minute=rate_limit,
        max_concurrent=max_concurrent,
        loopback_hosts_only=not allow_unauthenticated,
        read_only=read_only_reason(unlearner.settings.store, workers),
    )
    app = create_app(unlearner, config)  # checks the settings and configuration before any worker starts
    verbose = globals_of(ctx).verbose
    # The access log names request paths (DELETE /v1/targets/<name>): only with -v.
    logging.getLogger("uvicorn").setLevel(logging.INFO if verbose else logging.WARNING)
    auth = "bearer tokens" if tokens or admins else "none (loopback addresses and Host names only)"
    processes = f" · {workers} workers" + (" (targets read-only here)" if config.read_only else "")
    stderr.print(
        f"alu serve on http://{host}:{port} · model {unlearner.settings.model} · "
        f"store {unlearner.settings.store} · auth: {auth}{processes if workers > 1 else ''}",
        highlight=False,
    )
    options = uvicorn_options(host, port, access_log=bool(verbose))
    if workers == 1:
        uvicorn.run(app, **options)
        return
    from alu.server import workers as worker_processes

    worker_spec = worker_processes.spec(unlearner.settings, config)
    del app, unlearner  # the workers build their own
    worker_processes.run(worker_spec, workers, **options)


def register(app: typer.Typer) -> None:
    app.command()(handle_errors(serve))
