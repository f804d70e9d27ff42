"""Uncertainty of the reported numbers: seeded percentile-bootstrap confidence intervals (numpy).

With 10-50 items per split, a difference of a few points between two methods is noise; every rate and mean
in a report comes with its 95% interval. A rate of 0/n or n/n has a zero-width bootstrap interval (every
resample agrees); the report says so, and the one-sided 95% bound there is about 3/n (rule of three)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

RESAMPLES = 2000
LEVEL = 0.95
_CELLS = 2_000_000  # resampled values held in memory at once


def bootstrap_ci(
    values: Sequence[float], *, seed: int = 0, resamples: int = RESAMPLES, level: float = LEVEL
) -> list[float] | None:
    """The ``level`` percentile-bootstrap interval [low, high] of the mean of ``values`` (booleans are 0/1
    rates), from ``resamples`` resamples drawn with ``seed``; None for no values."""
    data = np.asarray(values, dtype=float)
    if data.size == 0:
        return None
    rng = np.random.default_rng(seed)
    chunk = max(1, _CELLS // data.size)
    means = np.concatenate(
        [
            data[rng.integers(0, data.size, size=(min(chunk, resamples - done), data.size))].mean(axis=1)
            for done in range(0, resamples, chunk)
        ]
    )
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return [round(float(low), 4), round(float(high), 4)]
