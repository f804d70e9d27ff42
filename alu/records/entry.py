"""Which entry point a call came through, for the decision log.

A context variable rather than a parameter: the CLI, the server, the wrappers and the guardrail each set it
once around their calls, and it follows the call into the SDK's background event loop (a coroutine scheduled
with `run_coroutine_threadsafe` runs in a copy of the caller's context)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Literal

EntryPoint = Literal["sdk", "cli", "server", "wrapper", "guardrail"]

ENTRY: ContextVar[str] = ContextVar("alu_entry_point", default="sdk")


@contextmanager
def entry_point(name: EntryPoint) -> Iterator[None]:
    """Calls made inside the block are logged as coming through `name`."""
    token = ENTRY.set(name)
    try:
        yield
    finally:
        ENTRY.reset(token)
