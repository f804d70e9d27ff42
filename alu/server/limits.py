"""Request body limits, enforced before any route parses a byte (pure ASGI: chunked bodies too)."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

from alu.server.wire import error_body

Scope = dict[str, Any]
Message = dict[str, Any]


class BodyLimit:
    """Reject bodies larger than `max_bytes` with 413, and bodies still incomplete after `timeout_s` with 408.

    The body is read (up to the limit) and replayed to the app, so a client that lies in Content-Length or
    streams chunks is cut off at the same point, and one that stalls mid-body does not hold a slot forever."""

    def __init__(self, app: Any, max_bytes: int, timeout_s: float = 30.0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout_s = timeout_s

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await _error(send, 413, f"request body exceeds {self.max_bytes} bytes", "request_too_large")
            return
        chunks: list[bytes] = []
        size = 0
        deadline = time.monotonic() + self.timeout_s
        while True:
            try:
                message = await asyncio.wait_for(receive(), max(deadline - time.monotonic(), 0.001))
            except asyncio.TimeoutError:
                message_text = f"request body not received within {self.timeout_s:g}s"
                await _error(send, 408, message_text, "request_timeout")
                return
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await _error(send, 413, f"request body exceeds {self.max_bytes} bytes", "request_too_large")
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _error(send: Any, status: int, message: str, code: str) -> None:
    """An OpenAI-style error, closing the connection (the rest of the body is not read)."""
    body = json.dumps(error_body(status, message, code=code)).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


_MAX_CALLERS = 10_000


class RateLimit:
    """Token buckets per caller: `per_minute` chat completions on average, bursts of up to ten seconds'
    worth (at least one). Callers are told apart by bearer token, or by client address on an open server.

    In memory and per process: replicas each allow the full rate (a shared limit needs a proxy in front)."""

    def __init__(self, per_minute: float, *, clock: Any = time.monotonic) -> None:
        self.rate = per_minute / 60.0
        self.capacity = max(1.0, self.rate * 10)
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # caller -> (tokens, last refill)

    def wait_s(self, caller: str) -> float:
        """0 when the caller may go now (one token is spent), else the seconds until a token is back."""
        now = self._clock()
        if len(self._buckets) > _MAX_CALLERS:  # forget callers whose bucket has refilled anyway
            full = now - self.capacity / self.rate
            self._buckets = {c: b for c, b in self._buckets.items() if b[1] > full}
        tokens, last = self._buckets.get(caller, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - last) * self.rate)
        if tokens >= 1.0:
            self._buckets[caller] = (tokens - 1.0, now)
            return 0.0
        self._buckets[caller] = (tokens, now)
        return (1.0 - tokens) / self.rate


class WorkSlots:
    """At most `n` pipelines at once; a request that finds none free is turned away, not queued (a queue
    of CPU-bound work is what made /healthz take a minute). Used from the event loop only: no lock."""

    def __init__(self, n: int) -> None:
        if n < 1:
            raise ValueError("max_concurrent must be at least 1")
        self.n = n
        self.busy = 0

    def take(self) -> bool:
        if self.busy >= self.n:
            return False
        self.busy += 1
        return True

    def release(self) -> None:
        self.busy -= 1
