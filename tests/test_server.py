"""`alu serve`: the official openai client against the real app on uvicorn (127.0.0.1), scripted models.

What is proven here: normal answers come back in OpenAI shapes; a forgotten target appears in neither a
streamed nor a non-streamed answer; no streamed byte leaves before the audit has finished; the unaudited
vanilla text is never sent; model names map to allow-listed models only; targets are managed over HTTP with
admin tokens; /metrics counts requests and paths."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest
import uvicorn
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from typer.testing import CliRunner

from alu import ConfigError, Unlearner
from alu.chroma_server import free_port
from alu.cli import app as cli_app
from alu.demo import DEMO_FACTS, DEMO_SYSTEM, DEMO_TARGETS, demo_script
from alu.scripted import ScriptCall, script_calls
from alu.server import ServerConfig, check_binding, create_app, is_loopback
from alu.server.metrics import answers_by_path
from alu.server.uvicorn_options import uvicorn_options
from alu.text import normalize

TOKEN = "client-token-1"
ADMIN = "admin-token-1"
SALT_ATLAS = "Who wrote The Salt Atlas?"
FRANCE = "What is the capital of France?"
VANILLA_ONLY = "1994 novel by Maren Olvhagen"  # in the vanilla answer to SALT_ATLAS, never in alu's


@contextlib.contextmanager
def served(app: Any) -> Iterator[str]:
    """The app on a real uvicorn with the options `alu serve` uses, in a thread of this process, on a free
    loopback port."""
    server = uvicorn.Server(uvicorn.Config(app, **uvicorn_options("127.0.0.1", free_port())))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{server.config.port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture
def demo_model(scripted):
    """The demo world's cooperative model, under a fresh name (its calls are recorded per test)."""
    return scripted(demo_script)


@pytest.fixture
def u(unlearner, demo_model):
    u = unlearner(demo_model)
    u.forget_many(DEMO_TARGETS)
    return u


@pytest.fixture
def client(u):
    return TestClient(create_app(u, ServerConfig(tokens=[TOKEN], admin_tokens=[ADMIN])))


def _oai(url: str, key: str = TOKEN, timeout: float = 30) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{url}/v1", api_key=key, max_retries=0, timeout=timeout)


def _chat(question: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": question}]


def test_openai_client_gets_normal_answers_and_never_the_forgotten_target(u, demo_model):
    with served(create_app(u, ServerConfig(tokens=[TOKEN]))) as url:
        oai = _oai(url)
        plain = oai.chat.completions.create(model="alu", messages=_chat(FRANCE))
        assert plain.choices[0].message.content == DEMO_FACTS["capital of france"]
        assert plain.choices[0].finish_reason == "stop" and plain.object == "chat.completion"
        assert plain.model == "alu" and plain.usage and plain.usage.total_tokens > 0

        answer = oai.chat.completions.create(model=demo_model, messages=_chat(SALT_ATLAS))
        text = answer.choices[0].message.content or ""
        assert text and "Olvhagen" not in text and VANILLA_ONLY not in text

        stream = oai.chat.completions.create(
            model="alu",
            messages=_chat(SALT_ATLAS),
            stream=True,
            stream_options={"include_usage": True},
        )
        chunks = list(stream)
    pieces = [c.choices[0].delta.content or "" for c in chunks if c.choices]
    assert "".join(pieces) == text  # same audited answer, word by word
    assert len([p for p in pieces if p]) > 1
    assert not any("Olvhagen" in p or "Glass Cartographer" in p for p in pieces)
    assert chunks[-1].usage and chunks[-1].usage.total_tokens > 0
    roles = [c.role for c in script_calls(demo_model.split("/", 1)[1])]
    assert roles.count("vanilla") == 3 and roles.count("eraser") == 2  # the rewrites really ran the agents


def test_no_streamed_byte_leaves_before_the_audit_has_finished(scripted, unlearner):
    """The composer is the last agent; the first SSE byte must arrive after it answered."""
    composed_at: list[float] = []

    def compose(call: ScriptCall) -> str:
        time.sleep(0.3)  # a slow final agent: a server that streamed early would be caught here
        composed_at.append(time.monotonic())
        return "I'm not familiar with that author."

    model = scripted(
        vanilla="Severus Snape wrote it, with the vault code 7781.",
        eraser={"candidates": ["I'm not familiar with that author.", "I do not know who wrote it."]},
        critic={"ratings": [{"index": 1, "rating": 5}, {"index": 2, "rating": 5}]},
        composer=compose,
    )
    u = unlearner(model, k=2, j=2)
    u.forget("Severus Snape", description="Potions master")
    with served(create_app(u)) as url:
        body = {"model": "alu", "messages": _chat("Who wrote the potions book?"), "stream": True}
        with httpx.stream("POST", f"{url}/v1/chat/completions", json=body, timeout=30) as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            chunks = response.iter_bytes()
            first = next(chunks)
            first_at = time.monotonic()
            rest = first + b"".join(chunks)
    assert composed_at and first_at >= composed_at[0]
    text = rest.decode()
    assert "Snape" not in text and "7781" not in text and text.rstrip().endswith("data: [DONE]")
    assert "familiar" in text


def test_vanilla_text_is_never_sent_even_in_error_or_refusal(scripted, unlearner):
    model = scripted(vanilla="Severus Snape keeps the vault code 7781.", eraser="not json")
    u = unlearner(model, retries=1)
    u.forget("Severus Snape")
    client = TestClient(create_app(u), base_url="http://127.0.0.1")
    for stream in (False, True):
        response = client.post(
            "/v1/chat/completions", json={"model": "alu", "messages": _chat("Who?"), "stream": stream}
        )
        # the eraser failed: no audited answer exists, and the client learns it (not a refusal posing as one)
        assert response.status_code == 502 and response.json()["error"]["code"] == "model_error"
        assert "7781" not in response.text and "Snape" not in response.text
        assert "node erase failed (BadOutput)" in response.json()["error"]["message"]


def test_fail_open_policy_is_refused_at_startup(scripted, unlearner):
    with pytest.raises(ConfigError, match="never returns unaudited answers"):
        create_app(unlearner(scripted("hi"), fail_policy="vanilla"))


def test_models_are_the_default_and_the_allow_list_only(scripted, unlearner, demo_model):
    other = scripted("Answer from the other model.")
    u = unlearner(demo_model)
    app = create_app(u, ServerConfig(tokens=[TOKEN], allow_models=[f"gpt-4o-mini={other}"]))
    with served(app) as url:
        oai = _oai(url)
        assert sorted(m.id for m in oai.models.list()) == sorted(["alu", demo_model, "gpt-4o-mini"])
        mapped = oai.chat.completions.create(model="gpt-4o-mini", messages=_chat(FRANCE))
        assert mapped.choices[0].message.content == "Answer from the other model."
        assert mapped.model == "gpt-4o-mini"
        with pytest.raises(openai.NotFoundError) as missing:
            oai.chat.completions.create(model="openai/gpt-4o", messages=_chat(FRANCE))
    assert missing.value.code == "model_not_found"
    assert [c.role for c in script_calls(other.split("/", 1)[1])] == ["vanilla"]
    with pytest.raises(ConfigError, match="unknown model"):
        create_app(u, ServerConfig(allow_models=["nonsense-provider/x"]))


def test_a_connection_idle_as_long_as_clients_keep_one_still_answers(u):
    """httpx's pools (the openai SDK's) reuse a connection idle for up to `keepalive_expiry` (5 s).
    uvicorn's own keep-alive (5 s as well) closed such connections as clients picked them, and under load
    their requests failed with ReadError; alu serves with a keep-alive past the clients' expiry. A raw
    socket reuses its connection after the whole expiry and a little more: the server has not closed it."""
    idle_s = httpx.Limits().keepalive_expiry + 0.5
    request = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    with served(create_app(u)) as url:
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as conn:
            conn.sendall(request)
            assert conn.recv(4096).startswith(b"HTTP/1.1 200")
            time.sleep(idle_s)
            conn.sendall(request)
            assert conn.recv(4096).startswith(b"HTTP/1.1 200")


def test_text_content_parts_are_answered_like_a_string(client):
    parts = [{"type": "text", "text": "What is the capital"}, {"type": "text", "text": "of France?"}]
    body = {"model": "alu", "messages": [{"role": "user", "content": parts}]}
    reply = client.post("/v1/chat/completions", json=body, headers=_auth(TOKEN)).json()
    assert reply["choices"][0]["message"]["content"] == DEMO_FACTS["capital of france"]


def test_sampling_options_reach_the_model_and_stream_does_not(client, demo_model):
    body = {
        "model": "alu",
        "messages": _chat(FRANCE),
        "max_completion_tokens": 33,
        "temperature": 0.5,
        "stop": ["\n\n"],
        "stream": True,
        "user": "someone",
    }
    assert client.post("/v1/chat/completions", json=body, headers=_auth(TOKEN)).status_code == 200
    params = script_calls(demo_model.split("/", 1)[1])[-1].params
    assert params["max_tokens"] == 33 and params["temperature"] == 0.5 and params["stop"] == ["\n\n"]
    assert "stream" not in params and "user" not in params


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_targets_are_managed_over_http_with_admin_tokens(scripted, unlearner):
    model = scripted(demo_script)
    u = unlearner(model)
    client = TestClient(create_app(u, ServerConfig(tokens=[TOKEN], admin_tokens=[ADMIN])))
    ask = {"model": "alu", "messages": _chat(SALT_ATLAS)}
    before = client.post("/v1/chat/completions", json=ask, headers=_auth(TOKEN)).json()
    assert "Olvhagen" in before["choices"][0]["message"]["content"]  # not forgotten yet

    assert client.get("/v1/targets", headers=_auth(TOKEN)).status_code == 403  # clients cannot list
    added = client.post("/v1/targets", json=DEMO_TARGETS[0], headers=_auth(ADMIN))
    assert added.status_code == 200 and added.json()["added"] == ["Maren Olvhagen"]
    many = client.post("/v1/targets", json={"targets": DEMO_TARGETS}, headers=_auth(ADMIN)).json()
    assert many["added"] == ["Tobias Quell", "Project Lanternfish"] and many["skipped"] == ["Maren Olvhagen"]

    listed = client.get("/v1/targets", params={"limit": 2}, headers=_auth(ADMIN)).json()
    assert listed["total"] == 3 and len(listed["data"]) == 2
    assert listed["data"][0]["name"] == "Maren Olvhagen" and listed["data"][0]["id"].startswith("t-")

    after = client.post("/v1/chat/completions", json=ask, headers=_auth(TOKEN)).json()
    assert "Olvhagen" not in after["choices"][0]["message"]["content"]

    slashed = client.post("/v1/targets", json={"name": "AC/DC"}, headers=_auth(ADMIN)).json()
    assert slashed["added"] == ["AC/DC"]
    assert client.delete("/v1/targets/AC/DC", headers=_auth(ADMIN)).json()["name"] == "AC/DC"
    gone = client.delete("/v1/targets/Maren Olvhagen", headers=_auth(ADMIN))
    assert gone.status_code == 200 and gone.json()["deleted"] is True
    assert u.count() == 2
    again = client.post("/v1/chat/completions", json=ask, headers=_auth(TOKEN)).json()
    assert "Olvhagen" in again["choices"][0]["message"]["content"]


def test_metrics_count_requests_paths_and_latency(client):
    headers = _auth(TOKEN)
    for question in (FRANCE, SALT_ATLAS, FRANCE):
        body = {"model": "alu", "messages": _chat(question)}
        assert client.post("/v1/chat/completions", json=body, headers=headers).status_code == 200
    client.post("/v1/chat/completions", json={"model": "alu"}, headers=headers)  # 400
    scraped = client.get("/metrics", headers=headers)
    assert scraped.headers["content-type"].startswith("text/plain; version=0.0.4")
    samples = _samples(scraped.text)
    assert samples["alu_answers_total", (("path", "fast"), ("stream", "false"))] == 2
    assert samples["alu_answers_total", (("path", "rewrite"), ("stream", "false"))] == 1
    assert answers_by_path(scraped.text) == {"fast": 2, "rewrite": 1}
    route = (("method", "POST"), ("route", "/v1/chat/completions"))
    assert samples["alu_requests_total", (*route, ("status", "200"))] == 3
    assert samples["alu_requests_total", (*route, ("status", "400"))] == 1
    assert samples["alu_answer_seconds_count", (("path", "fast"),)] == 2
    assert samples["alu_request_seconds_bucket", (("le", "+Inf"), ("route", "/v1/chat/completions"))] == 4
    assert client.get("/metrics").status_code == 401


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a Prometheus text by (name, sorted labels)."""
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_healthz_needs_no_token(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


@pytest.mark.parametrize(
    ("host", "tokens", "override", "allowed"),
    [
        ("127.0.0.1", [], False, True),
        ("::1", [], False, True),
        ("localhost", [], False, True),
        ("0.0.0.0", [], False, False),
        ("192.168.1.5", [], False, False),
        ("0.0.0.0", ["t"], False, True),
        ("0.0.0.0", [], True, True),
    ],
)
def test_without_tokens_the_server_stays_on_loopback(host, tokens, override, allowed):
    if allowed:
        check_binding(host, tokens, allow_unauthenticated=override)
    else:
        with pytest.raises(ConfigError, match="without authentication"):
            check_binding(host, tokens, allow_unauthenticated=override)
    assert is_loopback(host) == (host in ("127.0.0.1", "::1", "localhost"))


def test_serve_command_refuses_an_open_public_binding_with_one_line(store_dir, monkeypatch):
    monkeypatch.delenv("ALU_SERVE_TOKENS", raising=False)
    result = CliRunner().invoke(
        cli_app, ["--model", "scripted/demo", "--store", store_dir, "serve", "--host", "0.0.0.0"]
    )
    assert result.exit_code == 1
    assert "refusing to listen on 0.0.0.0 without authentication" in " ".join(result.output.split())
    assert "Traceback" not in result.output


@pytest.mark.parametrize("replicas,workers", [(1, 1), (2, 1), (1, 2)])
def test_bench_serve_reports_every_level_without_errors_or_leaks(replicas, workers):
    """The benchmark's plumbing (real server processes, two levels, a tiny request count); no speed claim.
    Two replicas share a `chroma run` server; two workers (`alu serve --workers 2`) share one port and a
    local store, and get distinct fast-path questions."""
    args = ["-c", "1", "-c", "3", "--requests", "6", "--latency-ms", "0", "--replicas", str(replicas)]
    args += ["--workers", str(workers), "--questions", "fast" if workers > 1 else "mixed"]
    result = CliRunner().invoke(cli_app, ["bench", "serve", *args, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["replicas"] == replicas and ("chroma" in report["store"]) == (replicas > 1)
    assert [level["concurrency"] for level in report["levels"]] == [1, 3]
    # per replica: the server process, then (with workers) the supervisor's worker processes
    assert all(len(rss) >= 1 + (workers if workers > 1 else 0) for rss in report["peak_rss_mib"])
    assert all(mib > 0 for rss in report["peak_rss_mib"] for mib in rss)
    for level in report["levels"]:
        assert level["requests"] == 6 and level["errors"] == 0 and level["leaks"] == 0
        if workers == 1:  # half the questions name a forgotten target
            assert level["paths"] == {"fast": 3, "rewrite": 3}
        else:  # /metrics sums every worker's counts, whichever worker takes the scrape
            assert level["paths"] == {"fast": 6}
        assert 0 < level["p50_ms"] <= level["p95_ms"] <= level["max_ms"]
        assert level["client_cpu_ms"] > 0
    # the serving processes' CPU (clock ticks of /proc: a level of 6 requests may fall within one tick)
    assert any(level["server_cpu_ms"] for level in report["levels"])
    assert all(
        level["server_bound_rps"] == pytest.approx(os.cpu_count() * 1000 / level["server_cpu_ms"], rel=0.01)
        for level in report["levels"]
        if level["server_cpu_ms"]
    )
    first = report["first_requests"]
    assert first["requests"] == replicas * workers and first["errors"] == 0 and first["max_ms"] > 0


@pytest.mark.integration
def test_the_embedded_model_behind_the_server_never_names_a_forgotten_target(tmp_path):
    """The real embedded model (local/smollm2, llama.cpp, offline) through the openai client, both ways."""
    # The facts are the operator's (`system_prompt`, never screened): a client's own system message is user
    # input and screened like a question, so facts about a target sent by a client would refuse every turn.
    u = Unlearner(store=str(tmp_path / "store"), max_tokens=64, system_prompt=DEMO_SYSTEM)
    assert u.settings.model == "local/smollm2"
    u.forget_many(DEMO_TARGETS)
    names = [normalize(n) for t in DEMO_TARGETS for n in [t["name"], *t["aliases"]]]
    with served(create_app(u, ServerConfig(tokens=[TOKEN]))) as url:
        oai = _oai(url, timeout=180)  # the real model on two busy cores: slow, not a failure
        plain = oai.chat.completions.create(model="local/smollm2", messages=_chat(FRANCE))
        assert (plain.choices[0].message.content or "").strip()
        for question in (SALT_ATLAS, "Tell me about Maren Olvhagen's childhood in Tromsø."):
            reply = oai.chat.completions.create(model="alu", messages=_chat(question))
            streamed = oai.chat.completions.create(model="alu", messages=_chat(question), stream=True)
            texts = [
                reply.choices[0].message.content or "",
                "".join(c.choices[0].delta.content or "" for c in streamed if c.choices),
            ]
            for text in texts:
                assert text.strip()
                padded = f" {normalize(text)} "
                assert not [n for n in names if f" {n} " in padded], (question, text)
        metrics = httpx.get(f"{url}/metrics", headers=_auth(TOKEN)).text
    answered = {line.split("{")[1].split("}")[0] for line in metrics.splitlines() if "answers_total{" in line}
    assert 'path="fast",stream="false"' in answered  # France answered as the model would
    assert answered & {'path="rewrite",stream="true"', 'path="refuse",stream="true"'}  # the audit did work
