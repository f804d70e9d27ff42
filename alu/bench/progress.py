"""How a benchmark reports progress: a sink (a rich progress bar in the CLI, or nothing), and the callback
that turns a write's running count into steps of it."""

from __future__ import annotations

import time
from typing import Any, Protocol


class ProgressSink(Protocol):
    """Where the benchmark reports progress (a rich progress bar in the CLI)."""

    def stage(self, description: str, total: int) -> None: ...

    def advance(self, n: int = 1) -> None: ...


class Silent:
    """A sink that shows nothing (a benchmark run without a progress bar)."""

    def stage(self, description: str, total: int) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass


class Ticker:
    """A `progress=` callback for writes that report how many targets they have done so far (`forget_many`,
    `ForgetStore.add`): advances the sink by the difference."""

    def __init__(self, progress: ProgressSink) -> None:
        self.progress, self.done = progress, 0

    def __call__(self, upto: int) -> None:
        self.progress.advance(upto - self.done)
        self.done = upto


def forget_timed(
    unlearner: Any, targets: list[dict[str, Any]], progress: ProgressSink
) -> tuple[Any, float, int]:
    """(report, seconds, targets reported done) of `unlearner.forget_many(targets)`, the sink advancing as
    targets are written. The store's ingest only: no expansion (model calls, timed by nothing here)."""
    tick = Ticker(progress)
    started = time.perf_counter()
    report = unlearner.forget_many(targets, progress=tick, expand=False)
    return report, time.perf_counter() - started, tick.done
