"""`alu bench serve`: a bounded load test of `alu serve` on loopback.

One server process (the real app on uvicorn), or several sharing a `chroma run` server, answers with a
scripted model of fixed latency over the demo world, its targets in a throw-away store. The client sends a
fixed number of chat completions per concurrency level, stops early at a duration cap, and reports
throughput, latency percentiles, errors and answers that named a forgotten target (leaks, expected 0)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from alu.bench.report import processor
from alu.chroma_server import ChromaServer, free_port, http_ok, stop_process, wait_until
from alu.errors import AluError
from alu.eval.metrics import percentile

QUESTIONS = [
    "What is the capital of France?",  # fast path
    "Who wrote The Salt Atlas?",  # vanilla names a target: rewrite
    "At what temperature does water reach its boiling point?",  # fast path
    "Who composed Winter Harbour Suite?",  # rewrite
]
FORGOTTEN = ("Olvhagen", "Glass Cartographer", "Tobias Quell", "Toby Quell")
BENCH_MODEL = "scripted/bench"
LATENCY_ENV = "ALU_BENCH_SERVE_LATENCY_MS"
_FAST = [
    "How many minutes does it take to walk {n} kilometres at an easy pace?",
    "What is {n} multiplied by seven?",
    "Which planets could be seen from Earth on night {n} of the year?",
    "How much flour do I need for {n} pancakes?",
    "What was the weather like in the year {n}?",
    "Name a river that is about {n} kilometres long.",
]


def fast_question(i: int) -> str:
    """The i-th of many distinct questions about none of the demo targets: the fast path, never served
    from an embedding cache (no two are the same text)."""
    return _FAST[i % len(_FAST)].format(n=i // len(_FAST) + 2)


def question(kind: str, i: int) -> str:
    """The i-th question of a load test: `mixed` cycles through QUESTIONS (half fast path, half rewrite),
    `fast` sends distinct unrelated questions."""
    return fast_question(i) if kind == "fast" else QUESTIONS[i % len(QUESTIONS)]


@dataclass
class LevelResult:
    """One concurrency level of the load test."""

    concurrency: int
    requests: int = 0
    errors: int = 0
    leaks: int = 0
    seconds: float = 0.0
    throughput_rps: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    max_ms: float = 0.0
    capped: bool = False
    """True when the duration cap stopped the level before all requests were sent."""
    paths: dict[str, int] = field(default_factory=dict)
    error_kinds: dict[str, int] = field(default_factory=dict)
    server_cpu_ms: float | None = None
    """CPU time of every server process (all threads) per request, over the level (Linux /proc)."""
    client_cpu_ms: float | None = None
    """CPU time of this load-generating process per request: on a small box the clients take cores the
    servers would otherwise have."""
    server_bound_rps: float | None = None
    """The box's cores divided by the servers' CPU per request: the throughput the servers would reach with
    the cores to themselves (clients on another machine), when they are CPU-bound."""


def register_bench_model() -> None:
    """The bench model in this process (each worker process calls it before building its app)."""
    from alu.demo import demo_script
    from alu.scripted import register_script

    register_script("bench", demo_script, latency_ms=float(os.environ[LATENCY_ENV]))


def child_main() -> None:
    """Entry point of the server process: the bench model, the demo targets, the real app on uvicorn
    (in this process, or in `workers` worker processes as `alu serve --workers` runs them)."""
    import logging

    import uvicorn

    from alu.demo import DEMO_TARGETS
    from alu.sdk import Unlearner
    from alu.server import ServerConfig, create_app, workers
    from alu.server.uvicorn_options import uvicorn_options

    args = json.loads(sys.argv[1])
    os.environ[LATENCY_ENV] = str(args["latency_ms"])
    register_bench_model()
    logging.basicConfig(level=logging.WARNING)
    u = Unlearner(model=BENCH_MODEL, store=args["store"])
    u.forget_many(DEMO_TARGETS)
    n = args["workers"]
    config = ServerConfig(tokens=[args["token"]], read_only=workers.read_only_reason(args["store"], n))
    options = uvicorn_options("127.0.0.1", args["port"])
    if n == 1:
        workers.warm(u)
        uvicorn.run(create_app(u, config), **options)
        return
    spec = workers.spec(u.settings, config, setup="alu.bench.serve:register_bench_model")
    del u
    workers.run(spec, n, **options)


class BenchServer:
    """The server process, started on a free loopback port and stopped (by its own pid) at exit."""

    def __init__(self, latency_ms: float, store: str, token: str, workers: int = 1) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = token
        args = {
            "latency_ms": latency_ms,
            "store": store,
            "token": token,
            "port": self.port,
            "workers": workers,
        }
        code = "from alu.bench.serve import child_main; child_main()"
        self.log = tempfile.TemporaryFile("w+")  # a file, not a pipe: a chatty child never blocks
        self.proc = subprocess.Popen(
            [sys.executable, "-c", code, json.dumps(args)], stdout=subprocess.DEVNULL, stderr=self.log
        )

    def wait_ready(self, timeout_s: float = 120.0) -> None:
        try:
            wait_until(lambda: http_ok(self.port, "/healthz"), self.proc, "the bench server", timeout_s)
        except AluError as exc:
            self.log.seek(0)
            raise AluError(f"{exc}: {self.log.read()[-500:]}") from None

    def peak_rss_mib(self) -> list[float]:
        """Peak resident memory (VmHWM) of the server process and of every process it started."""
        return [round(kib / 1024, 1) for kib in map(_peak_rss_kib, _process_tree(self.proc.pid)) if kib]

    def stop(self) -> None:
        stop_process(self.proc, grace_s=10)
        self.log.close()


def _process_tree(pid: int) -> list[int]:
    """A process and its descendants (Linux /proc; just the process elsewhere)."""
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        with contextlib.suppress(OSError):
            todo += [int(c) for c in Path(f"/proc/{current}/task/{current}/children").read_text().split()]
    return out


def _cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time of the processes (all their threads) so far, in seconds (Linux /proc; 0
    elsewhere). A process that ended in between no longer counts."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / tick


def _peak_rss_kib(pid: int) -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


async def _paths(clients: list[Any]) -> dict[str, int]:
    """Answers by path so far, summed over the replicas' /metrics (each reports all its workers)."""
    from alu.server.metrics import answers_by_path

    out: dict[str, int] = {}
    for client in clients:
        for path, n in answers_by_path((await client.get("/metrics")).text).items():
            out[path] = out.get(path, 0) + n
    return out


async def run_level(
    urls: list[str],
    token: str,
    concurrency: int,
    requests: int,
    duration_s: float,
    questions: str = "mixed",
    first: int = 0,
    server_pids: Callable[[], list[int]] | None = None,
) -> LevelResult:
    """`requests` chat completions from `concurrency` clients at once, client i on replica i mod len(urls);
    no request starts after `duration_s`. Questions are `question(questions, first + i)`. `server_pids`:
    the server processes whose CPU time the level reports per request."""
    import httpx

    result = LevelResult(concurrency=concurrency)
    latencies: list[float] = []
    sent = 0
    per_replica = -(-concurrency // len(urls))
    limits = httpx.Limits(max_connections=per_replica, max_keepalive_connections=per_replica)
    headers = {"Authorization": f"Bearer {token}"}
    async with contextlib.AsyncExitStack() as stack:
        clients = [
            await stack.enter_async_context(
                httpx.AsyncClient(base_url=url, headers=headers, timeout=60, limits=limits)
            )
            for url in urls
        ]
        before = await _paths(clients)
        cpu_before = _cpu_seconds(server_pids() if server_pids else []), time.process_time()
        started = time.perf_counter()

        async def worker(client: httpx.AsyncClient) -> None:
            nonlocal sent
            while sent < requests:
                if time.perf_counter() - started > duration_s:
                    result.capped = True
                    return
                text = question(questions, first + sent)
                sent += 1
                body = {"model": "alu", "messages": [{"role": "user", "content": text}]}
                t0 = time.perf_counter()
                try:
                    response = await client.post("/v1/chat/completions", json=body)
                    kind = None if response.status_code == 200 else f"HTTP {response.status_code}"
                except httpx.HTTPError as exc:
                    response, kind = None, exc.__class__.__name__
                latencies.append((time.perf_counter() - t0) * 1000)
                if kind:
                    result.errors += 1
                    result.error_kinds[kind] = result.error_kinds.get(kind, 0) + 1
                elif response is not None:
                    text = response.json()["choices"][0]["message"]["content"]
                    result.leaks += any(name in text for name in FORGOTTEN)

        await asyncio.gather(*(worker(clients[i % len(clients)]) for i in range(concurrency)))
        result.seconds = time.perf_counter() - started
        cpu_after = _cpu_seconds(server_pids() if server_pids else []), time.process_time()
        after = await _paths(clients)
    result.requests = len(latencies)
    if result.requests:
        result.client_cpu_ms = round((cpu_after[1] - cpu_before[1]) * 1000 / result.requests, 2)
        if server_pids and cpu_after[0] > cpu_before[0]:
            result.server_cpu_ms = round((cpu_after[0] - cpu_before[0]) * 1000 / result.requests, 2)
            result.server_bound_rps = round((os.cpu_count() or 1) * 1000 / result.server_cpu_ms, 1)
    result.throughput_rps = result.requests / result.seconds if result.seconds else 0.0
    result.p50_ms = percentile(latencies, 50) if latencies else 0.0
    result.p95_ms = percentile(latencies, 95) if latencies else 0.0
    result.max_ms = max(latencies, default=0.0)
    result.paths = {
        p: after.get(p, 0) - before.get(p, 0) for p in after if after.get(p, 0) > before.get(p, 0)
    }
    return result


def run_bench(
    *,
    levels: list[int],
    requests: int,
    duration_s: float,
    latency_ms: float,
    replicas: int = 1,
    workers: int = 1,
    questions: str = "mixed",
    store: str | None = None,
    warmup: int = 8,
    on_level: Callable[[LevelResult], None] | None = None,
) -> dict[str, Any]:
    """Start the server(s), warm them up, then run each concurrency level in turn; a JSON-able report.

    One replica uses a local store directory (a copy of `store` when given: e.g. 10,000 targets); several
    share a `chroma run` server, as in production. Each replica runs `workers` processes."""
    if store is not None and replicas > 1:
        raise ValueError("--store is copied into a local directory: use it with one replica")
    token = os.urandom(16).hex()
    load_before = [round(x, 2) for x in os.getloadavg()]
    with tempfile.TemporaryDirectory(prefix="alu-bench-serve-") as workdir, contextlib.ExitStack() as stack:
        location = str(Path(workdir) / "store")
        if store is not None:
            shutil.copytree(Path(store).expanduser(), location)
        if replicas > 1:
            chroma = ChromaServer(Path(workdir) / "chroma")
            stack.callback(chroma.stop)
            chroma.start()
            location = chroma.url
        servers = [BenchServer(latency_ms, location, token, workers) for _ in range(replicas)]
        for server in servers:
            stack.callback(server.stop)
        for server in servers:
            server.wait_ready()
        urls = [server.url for server in servers]
        roots = [server.proc.pid for server in servers] + ([chroma.proc.pid] if replicas > 1 else [])

        def pids() -> list[int]:  # the serving processes: servers, their workers, the shared Chroma
            return [p for root in roots for p in _process_tree(root)]

        processes = replicas * workers  # embedder, caches, sockets of every process
        first = asyncio.run(run_level(urls, token, processes, processes, duration_s, questions, 5_000))
        asyncio.run(run_level(urls, token, processes, max(warmup, 4 * processes), duration_s, questions))
        results, sent = [], 10_000  # timed questions never repeat the warm-up's
        for level in levels:
            results.append(
                asyncio.run(run_level(urls, token, level, requests, duration_s, questions, sent, pids))
            )
            sent += requests
            if on_level:
                on_level(results[-1])
        rss = [server.peak_rss_mib() for server in servers]
    return {
        "benchmark": "alu bench serve",
        "model": f"{BENCH_MODEL} (demo script, {latency_ms:g} ms per call)",
        "replicas": replicas,
        "workers": workers,
        "store": "a chroma run server on loopback" if replicas > 1 else "a local directory",
        "targets": f"a copy of {store} plus the demo targets" if store else "the demo targets",
        "requests_per_level": requests,
        "duration_cap_s": duration_s,
        "questions": QUESTIONS if questions == "mixed" else f"distinct unrelated ({fast_question(0)!r}, ...)",
        "peak_rss_mib": rss,
        "first_requests": {
            "about": "the first requests once the servers are ready, one per process, sent at once: what "
            "a server's one-time costs still add to its first answers",
            **{k: v for k, v in asdict(first).items() if k in ("requests", "errors", "p50_ms", "max_ms")},
        },
        "load_average_before": load_before,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
        **processor(),
        "levels": [asdict(r) for r in results],
    }


def markdown(report: dict[str, Any]) -> str:
    lines = [
        "| clients | requests | errors | leaks | req/s | p50 (ms) | p95 (ms) | max (ms) | paths "
        "| server CPU ms/req | client CPU ms/req | req/s bound by server CPU |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    for r in report["levels"]:
        paths = ", ".join(f"{k} {v}" for k, v in sorted(r["paths"].items()))
        capped = " (capped)" if r["capped"] else ""
        cpu = [_or_dash(r.get(k)) for k in ("server_cpu_ms", "client_cpu_ms", "server_bound_rps")]
        lines.append(
            f"| {r['concurrency']} | {r['requests']}{capped} | {r['errors']} | {r['leaks']} | "
            f"{r['throughput_rps']:.1f} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} | {r['max_ms']:.0f} | "
            f"{paths} | {' | '.join(cpu)} |"
        )
    return "\n".join(lines)


def _or_dash(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"
