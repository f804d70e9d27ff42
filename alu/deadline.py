"""A per-request deadline that CPU-bound steps check, so work really stops when its caller gave up.

Cancelling an asyncio task does not stop a thread it started (`asyncio.to_thread`): screening a long answer
sentence by sentence would go on burning a core after the client got its 504. The deadline travels in a
context variable (copied into `to_thread` workers), and the screening steps call :func:`check` between
units of work."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from alu.errors import DeadlineExceeded

_DEADLINE: ContextVar[float | None] = ContextVar("alu_deadline", default=None)


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Work done inside (and in threads started from inside) must end within `seconds` (None: no limit).
    A nested deadline never extends an outer one."""
    if seconds is None:
        yield
        return
    outer = _DEADLINE.get()
    ends = time.monotonic() + seconds
    token = _DEADLINE.set(ends if outer is None else min(outer, ends))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check() -> None:
    """Raise DeadlineExceeded once the current deadline has passed."""
    ends = _DEADLINE.get()
    if ends is not None and time.monotonic() > ends:
        raise DeadlineExceeded("the request's deadline passed; its remaining work was stopped")
