"""Helpers shared by the adoption tests (wrappers, guardrail, README snippets). Test files load this module by
path: pytest runs with `--import-mode=importlib`, so test modules cannot import each other.

- `openai_stub`: a loopback OpenAI-compatible `/v1/chat/completions` server, so a real `openai.OpenAI` client
  and litellm's real `openai/...` provider talk HTTP to a deterministic model on 127.0.0.1 (the only address
  the tests may reach); `demo_reply` serves `scripted/demo` over it.
- `build_guardrail`: a guardrail built from a config entry exactly as the LiteLLM proxy builds it."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Stub:
    """The running server: its base URL and every request it received (path, headers, JSON body)."""

    base_url: str
    requests: list[dict[str, Any]] = field(default_factory=list)


@contextmanager
def openai_stub(reply: Callable[[dict[str, Any]], str], status: int = 200) -> Iterator[Stub]:
    """Serve chat completions whose text is `reply(request_body)` until the block exits; with another
    `status`, an OpenAI error body whose message is that text."""
    stub = Stub(base_url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802  (http.server's naming)
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
            stub.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
            text = reply(body)
            answer = {
                "id": f"chatcmpl-stub{len(stub.requests)}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": body.get("model", ""),
                "choices": [
                    {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}
                ],
                "usage": {"prompt_tokens": 7, "completion_tokens": 5, "total_tokens": 12},
            }
            error = {"error": {"message": text, "type": "invalid_request_error", "code": str(status)}}
            payload = json.dumps(answer if status == 200 else error).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: Any) -> None:  # keep test output clean
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    stub.base_url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()


# The system prompt each alu agent starts with (prompts/*.txt): over HTTP the role travels only in the text.
_AGENT_PROMPTS = {
    "You are the auditor": "auditor",
    "You rewrite an assistant": "eraser",
    "You are a strict critic": "critic",
    "You merge several": "composer",
}


def demo_reply(body: dict[str, Any]) -> str:
    """`scripted/demo` served over HTTP: each agent role recognised by its system prompt."""
    from alu.demo import demo_script
    from alu.scripted import ScriptCall

    messages = body["messages"]
    system = messages[0]["content"] if messages and messages[0]["role"] == "system" else ""
    role = next((r for prefix, r in _AGENT_PROMPTS.items() if system.startswith(prefix)), "vanilla")
    reply = demo_script(ScriptCall(model=body.get("model", ""), role=role, messages=messages))
    return reply if isinstance(reply, str) else json.dumps(reply)


def build_guardrail(entry: dict[str, Any], config_path: str, **overrides: Any) -> Any:
    """What the proxy does with a `guardrails:` entry of its config.yaml (initialize_custom_guardrail in
    litellm/proxy/guardrails/guardrail_registry.py; the registry itself needs `litellm[proxy]`)."""
    from litellm.proxy.types_utils.utils import get_instance_fn
    from litellm.types.guardrails import LitellmParams

    params = LitellmParams(**{**entry["litellm_params"], **overrides})
    cls = get_instance_fn(params.guardrail, config_file_path=config_path)
    excluded = {"guardrail", "mode", "default_on", "stream_scope"}
    extra = {k: v for k, v in params.model_dump(exclude_none=True).items() if k not in excluded}
    return cls(
        guardrail_name=entry["guardrail_name"], event_hook=params.mode, default_on=params.default_on, **extra
    )


def strings_in(value: Any) -> list[str]:
    """Every string in a response or chunk (an object with model_dump, or its dict), at any depth: what a
    client could read."""
    if hasattr(value, "model_dump"):
        value = value.model_dump()
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    return []
