"""Building many small objects at once without the garbage collector walking them again and again."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """No garbage collection while millions of small containers are created: each collection walks them all
    again, which made loading the name indexes of 10,000 targets 6x slower (0.93 s against 0.14 s) and
    reading 10,000 stored targets 1.4x slower."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
