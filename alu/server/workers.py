"""`alu serve --workers N`: N server processes on one port (SO_REUSEPORT: Linux and the BSDs).

One process answers on one core at a time for everything Python does (the GIL); the embedder releases it,
the name checks and the request handling do not. Worker processes share the port and the store, each with
its own screener (an index of the store in its own memory: RSS grows with N).

A local store directory takes one writer at a time, and a process that writes must have every other
process's writes loaded first (Chroma keeps its vector index per process). So over a local store the workers
only read: the targets are changed by one other process (`alu targets add|remove`), which every worker sees
within a request (the store revision, see alu.store). Over a Chroma server (`--store http://...`) every
worker may write: the server serialises the writes."""

from __future__ import annotations

import dataclasses
import importlib
import json
import logging
import multiprocessing.connection
import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
from typing import Any

from alu.errors import AluError
from alu.gc_pause import settle_heap
from alu.server.metrics import SHARED_DIR_ENV
from alu.server.uvicorn_options import GRACEFUL_SHUTDOWN_S

log = logging.getLogger(__name__)

SPEC_ENV = "ALU_SERVE_WORKER_SPEC"
"""How the parent hands each worker its settings and server configuration (JSON)."""

READ_ONLY = (
    "this server runs {n} worker processes over a local store directory, which takes one writer: change "
    "targets with `alu targets add|remove` on the same store (every worker sees it), or serve from a Chroma "
    "server (`chroma run`, then `alu --store http://host:port serve --workers {n}`)"
)


def read_only_reason(store: str, workers: int) -> str | None:
    """Why the workers must not write to this store (None: they may)."""
    if workers <= 1 or store.startswith(("http://", "https://")):
        return None
    return READ_ONLY.format(n=workers)


def spec(settings: Any, config: Any, setup: str | None = None) -> str:
    """The JSON a worker builds its app from: alu Settings, a ServerConfig, and optionally a
    "module:function" each worker calls first (the benchmark registers its scripted model there)."""
    return json.dumps(
        {
            "settings": settings.model_dump(mode="json"),
            "config": dataclasses.asdict(config),
            "setup": setup,
        }
    )


WARM_QUESTION = "How tall is the highest mountain in Wales?"
WARM_ANSWER = "Snowdon, the highest mountain in Wales, is 1,085 metres tall."
"""A sample exchange screened once at start-up (about nothing a store is likely to hold; only its cost
matters: nothing it finds is kept)."""


def warm(unlearner: Any) -> None:
    """Pay a first request's one-time costs before the server takes traffic (under load they held the first
    answers 0.5-1.5 s): the name index and the pipeline; the tables the name checks read; a look at a
    sample exchange, which runs the embedder and builds the kNN indices' matrices and their int8 copies
    (and the margin's, when a topic's decision has a margin part); one screening of it by name;
    litellm's first call of each model (a mock: see _warm_litellm); and the embedded model when it
    answers. The targets' masked-text vectors (alu.masked_vectors: loaded from beside the store, or
    embedded once for it, minutes for a big new store) are made in a background thread."""
    from alu.llm import LOCAL
    from alu.local_model import preload

    models = [unlearner.settings.model, unlearner.settings.judge_model]
    loading = preload(*models)
    unlearner.pipeline  # noqa: B018  (builds the screener too)
    screener = unlearner.screener
    screener.warm_tables()
    screener.warm_margins()
    question, _ = screener.look_each([([WARM_QUESTION], "query"), ([WARM_ANSWER], "answer")])
    screener.screen([WARM_QUESTION], "query", looked=question)
    _warm_litellm([model for model in dict.fromkeys(models) if model.partition("/")[0] != LOCAL])
    threading.Thread(target=screener.warm, name="alu-warm-masked", daemon=True).start()
    if loading is not None:
        loading.join()


def _warm_litellm(models: list[str]) -> None:
    """litellm's first call of a model imports and builds what it needs (its proxy's types, the provider's
    module, response classes: 0.1-0.4 s) and loads its tokenizer: here each model answers one `mock_response`
    call (litellm returns it without calling the provider: no network, no key needed). A model litellm
    cannot route is left to the first request, which reports why."""
    if not models:
        return
    import litellm

    from alu.llm import ensure_providers

    ensure_providers()
    litellm.encoding  # noqa: B018  (loads it: tiktoken's table, which custom providers are given)
    messages = [{"role": "user", "content": WARM_QUESTION}]
    for model in models:
        try:
            litellm.completion(model=model, messages=messages, mock_response=WARM_ANSWER)
        except Exception as exc:  # the first request reports it
            log.debug("warm-up call of %s failed: %s", model, exc.__class__.__name__)


def app() -> Any:
    """The ASGI app of one worker (uvicorn calls this factory in each worker process)."""
    from alu._offline import quiet_litellm
    from alu.config import Settings
    from alu.sdk import Unlearner
    from alu.server.app import ServerConfig, create_app

    given = json.loads(os.environ[SPEC_ENV])
    if given.get("setup"):
        module, function = given["setup"].split(":")
        getattr(importlib.import_module(module), function)()
    unlearner = Unlearner(Settings.model_validate(given["settings"]))
    quiet_litellm()
    warm(unlearner)
    settle_heap()
    config = ServerConfig(**{**given["config"], "shared_metrics": os.environ.get(SHARED_DIR_ENV)})
    return create_app(unlearner, config)


def run(worker_spec: str, workers: int, *, host: str, port: int, **uvicorn_options: Any) -> None:
    """Serve with `workers` processes, each on its own socket bound to host:port with SO_REUSEPORT, so the
    kernel spreads connections over them (one shared socket let one worker take every keep-alive connection
    of a burst). Each embedder gets one thread unless ALU_EMBED_THREADS says otherwise: the processes, not
    ONNX Runtime's threads, share the cores. A worker that exits stops the others (a non-zero exit).

    The workers write their counts to a new folder of this run (alu.server.metrics), removed when the server
    stops: every worker's /metrics reports the whole server."""
    os.environ[SPEC_ENV] = worker_spec
    os.environ.setdefault("ALU_EMBED_THREADS", "1")
    shared_metrics = tempfile.mkdtemp(prefix="alu-serve-metrics-")
    os.environ[SHARED_DIR_ENV] = shared_metrics  # before the workers import prometheus_client
    spawn = multiprocessing.get_context("spawn")
    processes = [
        spawn.Process(target=_serve, args=(host, port, uvicorn_options), name=f"alu-worker-{i + 1}")
        for i in range(workers)
    ]
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stop the workers too, as Ctrl-C does
    try:
        for process in processes:
            process.start()
        multiprocessing.connection.wait([p.sentinel for p in processes])
    finally:
        for process in processes:
            process.terminate()  # SIGTERM: uvicorn finishes the requests in progress
        for process in processes:
            process.join(uvicorn_options.get("timeout_graceful_shutdown", GRACEFUL_SHUTDOWN_S) + 5)
        shutil.rmtree(shared_metrics, ignore_errors=True)
    failed = [p for p in processes if p.exitcode]
    if failed:
        raise AluError(f"{failed[0].name} exited with code {failed[0].exitcode}; the server stopped")


def _serve(host: str, port: int, uvicorn_options: dict[str, Any]) -> None:
    """One worker process: its app on its own SO_REUSEPORT socket. The socket is bound at once (a port taken
    fails here, before the warm-up) and listens only when uvicorn starts serving it, once the app is built and
    warm: the kernel hands connections to listening sockets only, so no request waits for a worker's start."""
    import uvicorn

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    uvicorn.Server(uvicorn.Config(app(), **uvicorn_options)).run(sockets=[sock])
