"""`alu serve --workers 2` as real processes (the benchmark's server: the real app, the demo targets, a
zero-latency scripted model): /metrics reports every worker's counts, whichever worker takes the scrape, and
the folder of counts goes when the server stops. Each worker's warm-up calls no model and logs no decision."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from alu.bench.serve import BenchServer
from alu.demo import DEMO_TARGETS
from alu.scripted import script_calls
from alu.server import workers
from alu.server.metrics import answers_by_path

TOKEN = "workers-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _counted_by(folder: Path) -> set[str]:
    """The pids of the workers that have written counts (prometheus_client names each file by pid)."""
    return {f.stem.rsplit("_", 1)[1] for f in folder.glob("counter_*.db")}


def _scrape(url: str) -> dict[tuple[str, str], int]:
    """Requests by (route, status) in one scrape, on a connection of its own (any worker may take it)."""
    text = httpx.get(f"{url}/metrics", headers=AUTH, timeout=30).text
    out: dict[tuple[str, str], int] = {}
    for line in text.splitlines():
        if line.startswith("alu_requests_total{"):
            labels, value = line.rsplit(" ", 1)
            route = labels.split('route="', 1)[1].split('"', 1)[0]
            status = labels.split('status="', 1)[1].split('"', 1)[0]
            out[route, status] = int(float(value))
    out["answers", "fast"] = answers_by_path(text).get("fast", 0)
    return out


def test_metrics_sum_every_workers_counts_and_the_folder_goes_with_the_server(tmp_path, monkeypatch):
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))  # where the server makes its folder of counts
    server = BenchServer(latency_ms=0, store=str(tmp_path / "store"), token=TOKEN, workers=2)
    try:
        server.wait_ready()
        (folder,) = temp.glob("alu-serve-metrics-*")
        # each request on a new connection: the kernel spreads them over the workers once both listen
        deadline = time.monotonic() + 120
        while len(_counted_by(folder)) < 2 and time.monotonic() < deadline:
            assert httpx.get(f"{server.url}/healthz", timeout=30).status_code == 200
        assert len(_counted_by(folder)) == 2, "the second worker never took a request"
        before = _scrape(server.url)
        chats, health = 8, 5
        for i in range(chats):
            body = {"model": "alu", "messages": [{"role": "user", "content": f"What is {i + 2} times 7?"}]}
            answer = httpx.post(f"{server.url}/v1/chat/completions", json=body, headers=AUTH, timeout=60)
            assert answer.status_code == 200
        for _ in range(health):
            assert httpx.get(f"{server.url}/healthz", timeout=30).status_code == 200
        for _ in range(6):  # every scrape, whichever worker answers it, counts every worker's requests
            scraped = _scrape(server.url)
            assert scraped["/healthz", "200"] == before["/healthz", "200"] + health
            assert scraped["/v1/chat/completions", "200"] == chats
            assert scraped["answers", "fast"] == chats
    finally:
        server.stop()
    assert not list(temp.glob("alu-serve-metrics-*"))  # a restarted server never counts these again


def test_the_warm_up_calls_no_model_and_logs_no_decision(unlearner, scripted, monkeypatch):
    """The start-up warm-up screens a sample exchange and sends litellm a mock call: the model never sees it
    and the decision log keeps no row of it (a real question afterwards reaches both)."""
    model = scripted("Paris.")
    u = unlearner(model)
    u.forget_many(DEMO_TARGETS)
    logged: list[str] = []
    monkeypatch.setattr(u.records, "call", lambda **row: logged.append(row["query"]))
    workers.warm(u)
    assert script_calls(model.removeprefix("scripted/")) == [] and logged == []
    assert u.chat([{"role": "user", "content": "What is the capital of France?"}]).text == "Paris."
    assert len(script_calls(model.removeprefix("scripted/"))) == 1
    assert logged == ["What is the capital of France?"]


def test_a_server_process_keeps_its_warmed_store_out_of_later_collections(tmp_path):
    """After the warm-up, a server process (never a library's host: its own process here) freezes what it
    has loaded, so no full collection walks the store's indexes inside a request."""
    code = (
        "import gc\n"
        "from alu.demo import DEMO_TARGETS\n"
        "from alu.scripted import register_script\n"
        "from alu.sdk import Unlearner\n"
        "from alu.gc_pause import settle_heap\n"
        "from alu.server import workers\n"
        "register_script('frozen', 'Paris.')\n"
        f"u = Unlearner(model='scripted/frozen', store={str(tmp_path / 'store')!r})\n"
        "u.forget_many(DEMO_TARGETS)\n"
        "workers.warm(u)\n"
        "targets = u.screener.indexes.targets\n"
        "before = any(o is targets for o in gc.get_objects())\n"
        "settle_heap()\n"
        "print(before, any(o is targets for o in gc.get_objects()), gc.get_freeze_count() > 1000)\n"
    )
    env = {**os.environ, "LITELLM_LOCAL_MODEL_COST_MAP": "True"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["True", "False", "True"]
