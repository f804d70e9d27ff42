"""`alu bench soak`: a bounded abuse run of `alu serve` on a `chroma run` store, all on loopback.

Two processes (an alu server on a Chroma server) and, for `seconds`, concurrent clients: askers (questions
whose vanilla answer names a forgotten target), churners (each forgets and withdraws its own targets, whose
names differ from the stable targets' only in punctuation, accents or kana marks: `C` next to `C++`, `Zoe
Quint` next to `Zoë Quint`), an exporter (lists every target and checks the stable ones are there, unchanged)
and a /healthz prober. It counts what must stay zero: lost or mixed-up targets, 5xx other than the deliberate
503 (server busy) and 429, and leaks (an answer naming a stable target), and reports /healthz latency."""

from __future__ import annotations

import contextlib
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from alu.chroma_server import ChromaServer, free_port, http_ok, stop_process, wait_until
from alu.errors import AluError
from alu.eval.metrics import percentile

SOAK_MODEL = "scripted/soak"
# Stable targets (never withdrawn) and the churned names that used to share their ids.
STABLE = [
    {"name": "C++", "description": "a programming language designed by Bjarne Stroustrup"},
    {"name": "F#", "description": "a functional language from Microsoft Research"},
    {"name": "AT&T Labs", "description": "a research laboratory in New Jersey"},
    {"name": "Zoë Quint", "aliases": ["Z. Quint"], "description": "PRIVATE-SOAK-1: lives at 9 Harbour Row"},
    {"name": "パリ", "description": "a Japanese name written in katakana"},
    {"name": "Maren Olvhagen", "aliases": ["the Glass Cartographer"], "description": "wrote The Salt Atlas"},
]
NEAR_NAMES = ["C", "F", "AT T Labs", "Zoe Quint", "バリ", "t-" + "0" * 32]
DELIBERATE = {429, 503}  # rate limit and server busy: the server saying no on purpose


@dataclass
class SoakReport:
    seconds: float = 0.0
    requests: Counter = field(default_factory=Counter)
    """Requests by kind (ask, forget, withdraw, export, healthz)."""
    statuses: Counter = field(default_factory=Counter)
    """Responses by 'kind status'."""
    unexpected_5xx: int = 0
    transport_errors: int = 0
    lost_targets: int = 0
    mixed_up_targets: int = 0
    leaks: int = 0
    healthz_p50_ms: float = 0.0
    healthz_p99_ms: float = 0.0
    healthz_max_ms: float = 0.0
    problems: list[str] = field(default_factory=list)
    """The first few failures, described (no target descriptions in them)."""
    load_average: list[float] = field(default_factory=list)
    cpus: int = 0

    @property
    def clean(self) -> bool:
        bad = self.unexpected_5xx + self.transport_errors + self.lost_targets + self.mixed_up_targets
        return bad + self.leaks == 0 and self.healthz_p99_ms < 1000

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["requests"], out["statuses"], out["clean"] = dict(self.requests), dict(self.statuses), self.clean
        return out


def soak_script(call: Any) -> Any:
    """The demo model, plus a vanilla answer that repeats the name of whatever it is asked about."""
    from alu.demo import demo_script

    asked = call.last_user.removeprefix("Tell me about ").rstrip("?.")
    if call.role == "vanilla" and call.last_user.startswith("Tell me about "):
        return f"{asked} is well known. Everybody has heard of {asked}."
    return demo_script(call)


def child_main() -> None:
    """The alu server process: the soak model on the given store, the real app on uvicorn."""
    import logging

    import uvicorn

    from alu.scripted import register_script
    from alu.sdk import Unlearner
    from alu.server import ServerConfig, create_app
    from alu.server.uvicorn_options import uvicorn_options

    args = json.loads(sys.argv[1])
    register_script("soak", soak_script, latency_ms=args["latency_ms"])
    logging.basicConfig(level=logging.WARNING)
    u = Unlearner(model=SOAK_MODEL, store=args["store"])
    config = ServerConfig(tokens=[args["token"]], max_concurrent=args["max_concurrent"], request_timeout_s=20)
    uvicorn.run(create_app(u, config), **uvicorn_options("127.0.0.1", args["port"]))


class _Run:
    """Shared state of the client threads."""

    def __init__(self, url: str, token: str, seconds: float) -> None:
        import httpx

        self.client = httpx.Client(
            base_url=url,
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
            limits=httpx.Limits(max_connections=32),
        )
        self.ends = time.monotonic() + seconds
        self.report = SoakReport()
        self.health_ms: list[float] = []
        self.lock = threading.Lock()

    def running(self) -> bool:
        return time.monotonic() < self.ends

    def call(self, kind: str, method: str, path: str, **kw: Any) -> Any:
        import httpx

        with self.lock:
            self.report.requests[kind] += 1
        try:
            response = self.client.request(method, path, **kw)
        except httpx.HTTPError as exc:
            self.problem(f"{kind}: {exc.__class__.__name__}", transport=True)
            return None
        with self.lock:
            self.report.statuses[f"{kind} {response.status_code}"] += 1
            if response.status_code >= 500 and response.status_code not in DELIBERATE:
                self.report.unexpected_5xx += 1
                self._note(f"{kind}: HTTP {response.status_code} {response.text[:120]}")
        return response

    def problem(self, text: str, *, transport: bool = False, lost: bool = False, mixed: bool = False) -> None:
        with self.lock:
            self.report.transport_errors += transport
            self.report.lost_targets += lost
            self.report.mixed_up_targets += mixed
            self._note(text)

    def _note(self, text: str) -> None:
        if len(self.report.problems) < 20:
            self.report.problems.append(text)


def _asker(run: _Run, rng: random.Random) -> None:
    """Questions whose vanilla answer names a stable target: the answer must never name it."""
    while run.running():
        target = rng.choice(STABLE)
        name = target["name"]
        question = "Who wrote The Salt Atlas?" if name == "Maren Olvhagen" else f"Tell me about {name}?"
        body = {"model": "alu", "messages": [{"role": "user", "content": question}]}
        response = run.call("ask", "POST", "/v1/chat/completions", json=body)
        if response is not None and response.status_code in DELIBERATE:
            time.sleep(0.25)  # a polite client backs off (Retry-After says 1 s; a soak wants pressure)
        if response is not None and response.status_code == 200:
            text = response.json()["choices"][0]["message"]["content"] or ""
            if name in text or "Olvhagen" in text or "PRIVATE-SOAK" in text:
                with run.lock:
                    run.report.leaks += 1
                    run._note(f"ask: the answer named {name!r}")


def _churner(run: _Run, names: list[str]) -> None:
    """Forget and withdraw this thread's own targets (by name, and by id); each step is checked."""
    turn = 0
    while run.running():
        name = names[turn % len(names)]
        turn += 1
        added = run.call("forget", "POST", "/v1/targets", json={"name": name, "description": f"churn {turn}"})
        if added is None or added.status_code != 200:
            continue
        if name not in added.json()["added"] + added.json()["skipped"]:
            run.problem(f"forget {name!r}: the server reported neither added nor skipped", mixed=True)
        by_id = turn % 2 == 0
        path = f"/v1/targets/{_id(name)}?by=id" if by_id else f"/v1/targets/{name}"
        gone = run.call("withdraw", "DELETE", path)
        if gone is None or gone.status_code in DELIBERATE:
            continue
        if gone.status_code != 200:
            run.problem(f"withdraw {name!r}: HTTP {gone.status_code}", lost=True)
        elif gone.json()["name"] != name:
            run.problem(f"withdraw {name!r} removed {gone.json()['name']!r}", mixed=True)


def _id(name: str) -> str:
    from alu.types import target_id

    return target_id(name)


def _exporter(run: _Run) -> None:
    """List every target: the stable ones are all there, unchanged; nothing unknown appears."""
    known = {t["name"] for t in STABLE} | set(NEAR_NAMES) | {f"Churn {i}" for i in range(8)}
    while run.running():
        response = run.call("export", "GET", "/v1/targets", params={"limit": 10_000})
        if response is None or response.status_code != 200:
            continue
        listed = {t["name"]: t for t in response.json()["data"]}
        for target in STABLE:
            got = listed.get(target["name"])
            if got is None:
                run.problem(f"export: stable target {target['name']!r} is missing", lost=True)
            elif got["description"] != target["description"] or got["aliases"] != target.get("aliases", []):
                run.problem(f"export: stable target {target['name']!r} changed", mixed=True)
        for name in set(listed) - known:
            run.problem(f"export: unknown target {name!r}", mixed=True)
        time.sleep(0.2)


def _prober(run: _Run) -> None:
    while run.running():
        started = time.perf_counter()
        response = run.call("healthz", "GET", "/healthz")
        if response is not None:
            run.health_ms.append((time.perf_counter() - started) * 1000)
        time.sleep(0.1)


class SoakServer:
    """The alu server process on a free loopback port, stopped by its own pid."""

    def __init__(self, store: str, token: str, *, latency_ms: float, max_concurrent: int) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        args = {
            "store": store,
            "token": token,
            "port": self.port,
            "latency_ms": latency_ms,
            "max_concurrent": max_concurrent,
        }
        self.log = tempfile.TemporaryFile("w+")
        code = "from alu.bench.soak import child_main; child_main()"
        self.proc = subprocess.Popen(
            [sys.executable, "-c", code, json.dumps(args)], stdout=subprocess.DEVNULL, stderr=self.log
        )
        try:
            wait_until(lambda: http_ok(self.port, "/healthz"), self.proc, "the soak server", 120)
        except AluError as exc:
            self.log.seek(0)
            raise AluError(f"{exc}: {self.log.read()[-500:]}") from None

    def stop(self) -> None:
        stop_process(self.proc, grace_s=10)
        self.log.close()


def run_soak(
    *,
    seconds: float,
    askers: int = 4,
    churners: int = 2,
    latency_ms: float = 20.0,
    max_concurrent: int = 3,
    seed: int = 0,
    on_start: Callable[[], None] | None = None,
) -> SoakReport:
    """Start Chroma and the alu server, seed the stable targets, run the clients for `seconds`, stop."""
    token = os.urandom(16).hex()
    with tempfile.TemporaryDirectory(prefix="alu-soak-") as workdir, contextlib.ExitStack() as stack:
        chroma = ChromaServer(Path(workdir) / "chroma")
        stack.callback(chroma.stop)
        chroma.start()
        server = SoakServer(chroma.url, token, latency_ms=latency_ms, max_concurrent=max_concurrent)
        stack.callback(server.stop)
        run = _Run(server.url, token, seconds)
        stack.callback(run.client.close)
        seeded = run.call("forget", "POST", "/v1/targets", json={"targets": STABLE})
        if seeded is None or seeded.status_code != 200:
            raise AluError(f"the soak server did not take the stable targets: {seeded and seeded.text[:200]}")
        warm = {"model": "alu", "messages": [{"role": "user", "content": "Who wrote The Salt Atlas?"}]}
        run.client.post("/v1/chat/completions", json=warm)  # the first answer loads the graph: not timed
        if on_start:
            on_start()
        rng = random.Random(seed)
        own = [
            NEAR_NAMES[i::churners] + [f"Churn {j}" for j in range(i, 8, churners)] for i in range(churners)
        ]
        workers = [
            threading.Thread(target=_asker, args=(run, random.Random(rng.random()))) for _ in range(askers)
        ]
        workers += [threading.Thread(target=_churner, args=(run, names)) for names in own]
        workers += [
            threading.Thread(target=_exporter, args=(run,)),
            threading.Thread(target=_prober, args=(run,)),
        ]
        started = time.perf_counter()
        run.ends = time.monotonic() + seconds  # the clients get the whole time, after seeding and warm-up
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        report = run.report
        report.seconds = round(time.perf_counter() - started, 1)
        report.healthz_p50_ms = round(percentile(run.health_ms, 50), 1) if run.health_ms else 0.0
        report.healthz_p99_ms = round(percentile(run.health_ms, 99), 1) if run.health_ms else 0.0
        report.healthz_max_ms = round(max(run.health_ms, default=0.0), 1)
    report.load_average = [round(x, 2) for x in os.getloadavg()]
    report.cpus = os.cpu_count() or 0
    return report
