"""What fitting a batch of targets needs from their negatives, computed for the whole batch at once.

A decision is fitted on one number per negative: its best cosine similarity to one of the target's own
vectors (alu.decision.fit, alu.entity_decision.fit_entity). Computed per target, that is a product of the
~3,500 background vectors (plus the batch's other rows) with a handful of own vectors: hundreds of tiny
matrix products per batch, each paying BLAS's thread start-up (measured under load: 24 ms for a 3,492 x 3
product that takes 2 ms on one thread), 29 ms per target. Here the shared negatives (background, retain
examples, the batch's rows) meet every target's own vectors in a few large products (~0.3 ms per target),
and only each target's own hard negatives are multiplied per target."""

from __future__ import annotations

import numpy as np

MAX_COLUMNS = 2048
"""Own vectors per product: bounds the similarity block at 2,048 x (negatives) floats (~30 MB for the
background set and a batch of 256 targets)."""


def nearest_per_target(
    owns: list[np.ndarray],
    shared: np.ndarray,
    rows: np.ndarray,
    row_targets: np.ndarray,
    target_ids: list[str],
    hard: list[np.ndarray],
) -> list[np.ndarray]:
    """For each target k (own vectors `owns[k]`, id `target_ids[k]`), each negative's best similarity to one
    of its own vectors: the `shared` negatives, the batch's `rows` of other targets (`row_targets` names
    each row's target) and its own `hard[k]`, in that order. A target without own vectors gets an empty
    array. Equal to stacking the negatives and computing `(negatives @ own.T).max(axis=1)` per target."""
    out: list[np.ndarray] = [np.zeros(0, np.float32) for _ in owns]
    negatives = np.vstack([shared, rows]) if len(rows) else shared
    for group in _groups([len(o) for o in owns]):
        own = np.vstack([owns[k] for k in group])
        starts = np.cumsum([0] + [len(owns[k]) for k in group[:-1]])
        best = np.maximum.reduceat(own @ negatives.T, starts, axis=0)  # (targets, negatives)
        for k, near in zip(group, best, strict=True):
            others = near[len(shared) :][row_targets != target_ids[k]]
            mine = (hard[k] @ owns[k].T).max(axis=1) if len(hard[k]) else near[:0]
            out[k] = np.concatenate([near[: len(shared)], others, mine])
    return out


def _groups(sizes: list[int]) -> list[list[int]]:
    """Indices of targets with own vectors, cut into runs of at most MAX_COLUMNS own vectors (a bigger
    target runs alone)."""
    groups: list[list[int]] = []
    columns = MAX_COLUMNS
    for k, size in enumerate(sizes):
        if not size:
            continue
        if columns + size > MAX_COLUMNS:
            groups.append([])
            columns = 0
        groups[-1].append(k)
        columns += size
    return groups
