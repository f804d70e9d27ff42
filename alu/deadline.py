"""A per-request deadline that CPU-bound steps check, so work really stops when its caller gave up.

Cancelling an asyncio task does not stop a thread it started (`asyncio.to_thread`): screening a long answer
sentence by sentence would go on burning a core after the client got its 504. The deadline travels in a
context variable (copied into `to_thread` workers), and the screening steps call :func:`check` between
units of work. It can also be ended early (:meth:`Deadline.expire`: the client hung up), and threads already
running see that at their next check."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from alu.errors import DeadlineExceeded


class Deadline:
    """When work under it must end: its own time, or its enclosing deadline's if that ends first."""

    def __init__(self, ends: float, outer: Deadline | None) -> None:
        self.ends = ends
        self.outer = outer

    def passed(self) -> bool:
        return time.monotonic() > self.ends or (self.outer is not None and self.outer.passed())

    def expire(self) -> None:
        """End it now: work under it stops at its next check."""
        self.ends = float("-inf")


_DEADLINE: ContextVar[Deadline | None] = ContextVar("alu_deadline", default=None)


@contextmanager
def deadline(seconds: float | None) -> Iterator[Deadline | None]:
    """Work done inside (and in threads started from inside) must end within `seconds` (None: no limit).
    A nested deadline never extends an outer one. Yields the deadline (None without a limit)."""
    if seconds is None:
        yield None
        return
    current = Deadline(time.monotonic() + seconds, _DEADLINE.get())
    token = _DEADLINE.set(current)
    try:
        yield current
    finally:
        _DEADLINE.reset(token)


def check() -> None:
    """Raise DeadlineExceeded once the current deadline has passed."""
    current = _DEADLINE.get()
    if current is not None and current.passed():
        raise DeadlineExceeded("the request's deadline passed; its remaining work was stopped")
