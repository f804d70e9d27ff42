"""Bad requests and failures at `alu serve` (issue 8, server bullet): each gets a specific 4xx/5xx with an
OpenAI-style error body, the server keeps answering, the store is unchanged, and nothing sensitive (target
descriptions, vanilla answers) reaches the logs at the default level."""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from alu.demo import DEMO_TARGETS, demo_script
from alu.server import ServerConfig, create_app
from alu.server.limits import RateLimit
from alu.server.uvicorn_options import uvicorn_options

TOKEN = "client-token-1"
ADMIN = "admin-token-1"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ADMIN_AUTH = {"Authorization": f"Bearer {ADMIN}"}
LIMIT = 4096
GOOD_CHAT = {"model": "alu", "messages": [{"role": "user", "content": "What is the capital of France?"}]}


LOOPBACK = "http://127.0.0.1"  # an open server answers loopback Host names only


def chat(**changes: Any) -> dict[str, Any]:
    return {**GOOD_CHAT, **changes}


def user(content: Any) -> list[dict[str, Any]]:
    return [{"role": "user", "content": content}]


@pytest.fixture
def setup(scripted, unlearner):
    u = unlearner(scripted(demo_script))
    u.forget_many(DEMO_TARGETS)
    app = create_app(u, ServerConfig(tokens=[TOKEN], admin_tokens=[ADMIN], max_body_bytes=LIMIT))
    return u, TestClient(app)


def _snapshot(u) -> list[dict[str, Any]]:
    return sorted((t.model_dump() for t in u.targets()), key=lambda t: t["name"])


def _chunks(data: bytes) -> Iterator[bytes]:
    for i in range(0, len(data), 1000):
        yield data[i : i + 1000]


# (method, path, headers, body: dict → JSON, bytes → raw, generator → chunked) → (status, code or None)
BAD: dict[str, tuple[str, str, dict[str, str], Any, int, str | None]] = {
    "no token": ("POST", "/v1/chat/completions", {}, GOOD_CHAT, 401, "invalid_api_key"),
    "wrong token": (
        "POST",
        "/v1/chat/completions",
        {"Authorization": "Bearer nope"},
        GOOD_CHAT,
        401,
        "invalid_api_key",
    ),
    "not bearer": (
        "POST",
        "/v1/chat/completions",
        {"Authorization": f"Basic {TOKEN}"},
        GOOD_CHAT,
        401,
        "invalid_api_key",
    ),
    "empty bearer": ("POST", "/v1/chat/completions", {"Authorization": "Bearer "}, GOOD_CHAT, 401, None),
    "no token on targets": ("POST", "/v1/targets", {}, {"name": "Someone New"}, 401, "invalid_api_key"),
    "client token adds target": ("POST", "/v1/targets", AUTH, {"name": "Someone New"}, 403, None),
    # the token is checked before the body is read: a caller with none learns that first
    "malformed JSON, no token": (
        "POST",
        "/v1/chat/completions",
        {},
        b'{"model": "alu", "messages": [',
        401,
        None,
    ),
    "not JSON, wrong token": (
        "POST",
        "/v1/chat/completions",
        {"Authorization": "Bearer nope"},
        b"x",
        401,
        None,
    ),
    "malformed target, no token": ("POST", "/v1/targets", {}, b'{"name": ', 401, "invalid_api_key"),
    "malformed target, client token": ("POST", "/v1/targets", AUTH, b'{"name": ', 403, None),
    "client token withdraws": ("DELETE", "/v1/targets/Tobias Quell", AUTH, None, 403, None),
    "oversized (declared)": (
        "POST",
        "/v1/chat/completions",
        AUTH,
        chat(messages=user("x" * LIMIT)),
        413,
        "request_too_large",
    ),
    "oversized (chunked)": ("POST", "/v1/chat/completions", AUTH, "chunked", 413, "request_too_large"),
    "oversized target import": (
        "POST",
        "/v1/targets",
        ADMIN_AUTH,
        {"targets": [{"name": f"T {i}"} for i in range(400)]},
        413,
        None,
    ),
    "malformed JSON": ("POST", "/v1/chat/completions", AUTH, b'{"model": "alu", "messages": [', 400, None),
    "not JSON at all": ("POST", "/v1/chat/completions", AUTH, b"hello", 400, "invalid_json"),
    "JSON array body": ("POST", "/v1/chat/completions", AUTH, [GOOD_CHAT], 400, None),
    "empty body": ("POST", "/v1/chat/completions", AUTH, b"", 400, None),
    "missing model": ("POST", "/v1/chat/completions", AUTH, {"messages": user("hi")}, 400, None),
    "model not a string": ("POST", "/v1/chat/completions", AUTH, chat(model=5), 400, None),
    "unknown model": ("POST", "/v1/chat/completions", AUTH, chat(model="gpt-5"), 404, "model_not_found"),
    "messages a string": ("POST", "/v1/chat/completions", AUTH, chat(messages="hi"), 400, None),
    "empty messages": ("POST", "/v1/chat/completions", AUTH, chat(messages=[]), 400, None),
    "unknown role": (
        "POST",
        "/v1/chat/completions",
        AUTH,
        chat(messages=[{"role": "god", "content": "hi"}]),
        400,
        None,
    ),
    "content a number": ("POST", "/v1/chat/completions", AUTH, chat(messages=user(42)), 400, None),
    "image content": (
        "POST",
        "/v1/chat/completions",
        AUTH,
        chat(messages=user([{"type": "image_url", "image_url": {"url": "http://x/y.png"}}])),
        400,
        None,
    ),
    "no user message": (
        "POST",
        "/v1/chat/completions",
        AUTH,
        chat(messages=[{"role": "system", "content": "hi"}]),
        400,
        None,
    ),
    "blank last user message": ("POST", "/v1/chat/completions", AUTH, chat(messages=user("  ")), 400, None),
    "lone surrogate": (
        "POST",
        "/v1/chat/completions",
        AUTH,
        b'{"model":"alu","messages":[{"role":"user","content":"who is \\ud800?"}]}',
        400,
        None,
    ),
    "temperature a word": ("POST", "/v1/chat/completions", AUTH, chat(temperature="hot"), 400, None),
    "negative max_tokens": ("POST", "/v1/chat/completions", AUTH, chat(max_tokens=-1), 400, None),
    "n > 1": ("POST", "/v1/chat/completions", AUTH, chat(n=3), 400, None),
    "stream a word": ("POST", "/v1/chat/completions", AUTH, chat(stream="yes"), 400, None),
    "stream a number": ("POST", "/v1/chat/completions", AUTH, chat(stream=1), 400, None),
    "include_usage a word": (
        "POST",
        "/v1/chat/completions",
        AUTH,
        chat(stream=True, stream_options={"include_usage": "no"}),
        400,
        None,
    ),
    "tools": ("POST", "/v1/chat/completions", AUTH, chat(tools=[{"type": "function"}]), 400, None),
    "target without name": ("POST", "/v1/targets", ADMIN_AUTH, {"aliases": ["x"]}, 400, None),
    "target empty name": ("POST", "/v1/targets", ADMIN_AUTH, {"name": "  "}, 400, None),
    "target name a number": ("POST", "/v1/targets", ADMIN_AUTH, {"name": 7}, 400, None),
    "target punctuation name": ("POST", "/v1/targets", ADMIN_AUTH, {"name": "?!"}, 400, None),
    "target alias a number": ("POST", "/v1/targets", ADMIN_AUTH, {"name": "A B", "aliases": [3]}, 400, None),
    "target unknown field": ("POST", "/v1/targets", ADMIN_AUTH, {"name": "A B", "secret": 1}, 400, None),
    "targets empty list": ("POST", "/v1/targets", ADMIN_AUTH, {"targets": []}, 400, None),
    "one bad target in a batch": (
        "POST",
        "/v1/targets",
        ADMIN_AUTH,
        {"targets": [{"name": "Valid Person"}, {"name": ""}]},
        400,
        None,
    ),
    "withdraw unknown target": (
        "DELETE",
        "/v1/targets/Nobody Here",
        ADMIN_AUTH,
        None,
        404,
        "target_not_found",
    ),
    "list with negative offset": ("GET", "/v1/targets?offset=-1", ADMIN_AUTH, None, 400, None),
    "unknown endpoint": ("GET", "/v1/embeddings", AUTH, None, 404, None),
    "wrong method": ("GET", "/v1/chat/completions", AUTH, None, 405, None),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_requests_get_a_specific_error_and_change_nothing(setup, caplog, case):
    u, client = setup
    method, path, headers, body, status, code = BAD[case]
    before = _snapshot(u)
    kwargs: dict[str, Any] = {"headers": dict(headers)}
    if body == "chunked":
        kwargs["content"] = _chunks(json.dumps(chat(messages=user("y" * LIMIT))).encode())
    elif isinstance(body, bytes):
        kwargs["content"] = body
        kwargs["headers"]["Content-Type"] = "application/json"
    elif body is not None:
        kwargs["json"] = body
    with caplog.at_level(logging.WARNING):
        response = client.request(method, path, **kwargs)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert isinstance(error["message"], str) and error["message"]
    assert error["type"] in ("invalid_request_error", "authentication_error", "permission_error")
    if code:
        assert error["code"] == code
    if status == 401:
        assert response.headers["www-authenticate"] == "Bearer"
    assert "Traceback" not in response.text
    # asyncio's own errors are left out: when the garbage collector happens to run here it reports litellm
    # logging-worker tasks of event loops closed by earlier tests ("Task was destroyed but it is pending").
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR and r.name != "asyncio"]
    assert _snapshot(u) == before  # the store is unchanged
    ok = client.post("/v1/chat/completions", json=GOOD_CHAT, headers=AUTH)  # and the server still answers
    assert ok.status_code == 200 and "Paris" in ok.json()["choices"][0]["message"]["content"]


def test_validation_errors_name_the_field(setup):
    _, client = setup
    error = client.post("/v1/chat/completions", json=chat(temperature="hot"), headers=AUTH).json()["error"]
    assert error["param"] == "temperature" and "temperature" in error["message"]
    error = client.post("/v1/chat/completions", json=chat(messages=[]), headers=AUTH).json()["error"]
    assert error["param"] == "messages"
    image = chat(messages=user([{"type": "image_url", "image_url": {"url": "x"}}]))
    error = client.post("/v1/chat/completions", json=image, headers=AUTH).json()["error"]
    assert error["message"] == "messages.0.content: only text content parts are supported (got 'image_url')"
    tools = client.post("/v1/chat/completions", json=chat(tools=[{}]), headers=AUTH).json()["error"]
    assert tools["message"].startswith("tools and functions are not supported")
    for body, expected in [
        ({"aliases": ["x"]}, "name: Field required"),
        ({"name": "A B", "aliases": [3]}, "aliases.0: Input should be a valid string"),
        ({"targets": [{"name": "A B"}, {"name": 5}]}, "targets.1.name: Input should be a valid string"),
        ({"name": "?!"}, "target name is empty or has no letters or digits"),
    ]:
        error = client.post("/v1/targets", json=body, headers=ADMIN_AUTH).json()["error"]
        assert expected in error["message"]
    json_type = {**AUTH, "Content-Type": "application/json"}
    error = client.post("/v1/chat/completions", content=b"{", headers=json_type).json()["error"]
    assert error["message"] == "the request body is not valid JSON" and error["code"] == "invalid_json"
    untyped = client.post("/v1/chat/completions", content=json.dumps(GOOD_CHAT).encode(), headers=AUTH)
    assert untyped.status_code == 400 and "Content-Type: application/json" in untyped.text
    assert client.post("/v1/chat/completions", json=[GOOD_CHAT], headers=AUTH).json()["error"]["code"] == (
        "invalid_body"
    )


def test_a_model_slower_than_the_request_timeout_gets_504_and_no_answer(scripted, unlearner):
    model = scripted(vanilla="Tobias Quell composed it.", latency_ms=3000)
    u = unlearner(model)
    client = TestClient(create_app(u, ServerConfig(request_timeout_s=0.3)), base_url=LOOPBACK)
    response = client.post("/v1/chat/completions", json=chat(messages=user("Who composed it?")))
    assert response.status_code == 504
    assert response.json()["error"]["code"] == "timeout" and "Quell" not in response.text


def test_a_failing_model_under_the_raise_policy_gets_502_without_its_output(scripted, unlearner):
    model = scripted(vanilla="Severus Snape, vault code 7781.", eraser="not json")
    u = unlearner(model, retries=1, fail_policy="raise")
    u.forget("Severus Snape")
    client = TestClient(create_app(u), base_url=LOOPBACK)
    response = client.post("/v1/chat/completions", json=chat(messages=user("Who?")))
    assert response.status_code == 502 and response.json()["error"]["code"] == "model_error"
    assert "7781" not in response.text and "Snape" not in response.text


def test_an_internal_bug_is_a_500_with_no_detail_and_no_traceback_in_the_logs(setup, caplog, monkeypatch):
    u, client = setup

    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret detail: PRIVATE-DESC-4242")

    monkeypatch.setattr(u, "achat", broken)
    with caplog.at_level(logging.INFO):
        response = client.post("/v1/chat/completions", json=GOOD_CHAT, headers=AUTH)
    assert response.status_code == 500 and response.json()["error"]["code"] == "internal_error"
    assert "PRIVATE-DESC" not in response.text
    logged = "\n".join(r.getMessage() + str(r.exc_info or "") for r in caplog.records)
    assert "RuntimeError" in logged and "PRIVATE-DESC" not in logged and "Traceback" not in logged


@pytest.mark.parametrize("level", [logging.WARNING, logging.INFO])
def test_descriptions_vanilla_answers_and_messages_stay_out_of_the_logs(scripted, unlearner, caplog, level):
    model = scripted(demo_script)
    u = unlearner(model)
    client = TestClient(create_app(u), base_url=LOOPBACK)
    secret_target = {"name": "Maren Olvhagen", "description": "PRIVATE-DESC-9090, lives at 4 Fjord Lane"}
    with caplog.at_level(level):
        caplog.set_level(level, logger="LiteLLM")
        assert client.post("/v1/targets", json=secret_target).status_code == 200
        for stream in (False, True):
            body = chat(messages=user("Who wrote The Salt Atlas?"), stream=stream)
            response = client.post("/v1/chat/completions", json=body)
            assert response.status_code == 200 and "Olvhagen" not in response.text
        client.post("/v1/chat/completions", json=chat(model="nope", messages=user("Fjord Lane secret?")))
        assert client.delete("/v1/targets/Maren Olvhagen").status_code == 200
    if level == logging.INFO:
        assert any(r.name == "alu.server.app" for r in caplog.records)  # it did log, just nothing sensitive
    server_side = [r for r in caplog.records if not r.name.startswith("httpx")]  # not the test's client
    logged = "\n".join(r.getMessage() for r in server_side)
    for secret in ("PRIVATE-DESC-9090", "Fjord Lane", "1994 novel", "Salt Atlas", "Olvhagen"):
        assert secret not in logged


def test_a_client_that_stalls_mid_body_gets_408_and_the_server_keeps_answering(setup):
    """A real uvicorn on loopback and a raw socket that promises 200 bytes and sends 20."""
    u, _ = setup
    app = create_app(u, ServerConfig(body_timeout_s=0.5))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, **uvicorn_options("127.0.0.1", port)))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline
            time.sleep(0.02)
        with socket.create_connection(("127.0.0.1", port), timeout=20) as conn:
            head = (
                "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                "Content-Length: 200\r\n\r\n"
            )
            conn.sendall(head.encode() + b'{"model": "alu", "me')
            reply = conn.recv(65536).decode()
        status_line, _, rest = reply.partition("\r\n")
        assert status_line == "HTTP/1.1 408 Request Timeout"
        assert json.loads(rest.split("\r\n\r\n", 1)[1])["error"]["code"] == "request_timeout"
        ok = httpx.post(f"http://127.0.0.1:{port}/v1/chat/completions", json=GOOD_CHAT, timeout=30)
        assert ok.status_code == 200
    finally:
        server.should_exit = True
        thread.join(10)


def test_the_rate_limit_answers_429_with_retry_after_per_token(scripted, unlearner):
    u = unlearner(scripted(demo_script))
    other = "client-token-2"
    config = ServerConfig(tokens=[TOKEN, other], rate_per_minute=6)  # a burst of one, then one per 10 s
    client = TestClient(create_app(u, config), base_url=LOOPBACK)
    assert client.post("/v1/chat/completions", json=GOOD_CHAT, headers=AUTH).status_code == 200
    limited = client.post("/v1/chat/completions", json=GOOD_CHAT, headers=AUTH)
    assert limited.status_code == 429
    assert limited.json()["error"]["code"] == "rate_limit_exceeded"
    assert limited.json()["error"]["type"] == "rate_limit_error"
    assert 1 <= int(limited.headers["Retry-After"]) <= 10
    other_auth = {"Authorization": f"Bearer {other}"}
    assert client.post("/v1/chat/completions", json=GOOD_CHAT, headers=other_auth).status_code == 200
    assert client.get("/v1/models", headers=AUTH).status_code == 200  # only completions are limited


def test_rate_limit_buckets_refill_at_the_rate_and_burst_ten_seconds():
    now = [0.0]
    limit = RateLimit(60, clock=lambda: now[0])  # one per second, bursts of 10
    assert [limit.wait_s("a") for _ in range(10)] == [0.0] * 10
    assert limit.wait_s("a") == pytest.approx(1.0)
    assert limit.wait_s("b") == 0.0  # callers do not share a bucket
    now[0] += 2.5
    assert [limit.wait_s("a") for _ in range(2)] == [0.0, 0.0]
    assert limit.wait_s("a") == pytest.approx(0.5)
