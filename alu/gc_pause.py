"""Building many small objects at once without the garbage collector walking them again and again."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """No garbage collection while millions of small containers are created: each collection walks them all
    again, which made loading the name indexes of 10,000 targets 6x slower (0.93 s against 0.14 s) and
    reading 10,000 stored targets 1.4x slower. Then the new objects join the oldest generation (see
    :func:`_as_long_lived`)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            _as_long_lived()
            gc.enable()


def _as_long_lived() -> None:
    """Move every object the collector tracks to its oldest generation without walking them: what was built
    while paused (indexes, targets) lives as long as the process. Left young, the first collection after the
    pause walked all of it (0.12-0.16 s for the name indexes of 10,000 targets on a 2-core EPYC, inside the
    store's opening) and a later one walked it again (0.13-0.17 s, inside some question). The host's own
    young objects move too; their cycles are then found by the next full collection. Skipped when the host
    has frozen objects (`gc.freeze`, e.g. before forking): unfreezing would release them."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


def settle_heap() -> None:
    """After the warm-up of a server process alu runs (`alu serve`, its workers: alu.server.workers): collect
    once, then keep everything alive so far out of later collections (`gc.freeze`). The store's name indexes
    and targets (~320,000 containers at 10,000 targets) live as long as the process; a full collection that
    walked them took ~150 ms inside some request (once in 3,000 audits of a 10,000-target store on a 2-core
    EPYC; a long-running server's filling caches should bring more). Not for a library's host: only these
    processes' entry points call it."""
    gc.collect()
    gc.freeze()
