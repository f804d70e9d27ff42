"""The stacked score of a topic's decision: one logistic combination of the text's nearest similarity, probe
score and margin (alu.decision), with ONE threshold at a share of the negatives.

An OR of three parts, each thresholded at its own share of the negatives, spends the false-interception
budget three times over and fires on a text that only one part likes a lot. The stacked score weighs the
three against each other on the target's own vectors (scored out of fold: the nearest similarity and the
margin against the other folds' vectors, the probe by a probe that never saw them) and the negatives; a text
that the three parts like a little each gets through the cut, one that only one part likes does not.

Applying it costs three multiplications per target in the text's neighbourhood: the parts are computed by
screening already."""

from __future__ import annotations

import numpy as np

STACK_L2 = 1e-3
"""Ridge penalty of the logistic fit on standardised features: three features against thousands of rows
need next to none; it only keeps the Newton steps finite when a class is separable."""
NEWTON_STEPS = 25


def fit_logistic(pos: np.ndarray, neg: np.ndarray) -> np.ndarray:
    """Class-balanced logistic regression of positives (rows of `pos`) against negatives, by Newton's method
    (deterministic: no sampling). Returns the weights of each feature followed by the intercept, in the
    features' own units."""
    x = np.vstack([pos, neg]).astype(np.float64)
    y = np.concatenate([np.ones(len(pos)), np.zeros(len(neg))])
    weight = np.concatenate([np.full(len(pos), 0.5 / len(pos)), np.full(len(neg), 0.5 / len(neg))])
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    beta = np.zeros(z.shape[1])
    penalty = STACK_L2 * np.eye(z.shape[1])
    penalty[-1, -1] = 0.0
    for _ in range(NEWTON_STEPS):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ beta, -30, 30)))
        gradient = z.T @ (weight * (p - y)) + penalty @ beta
        hessian = (z * (weight * p * (1 - p))[:, None]).T @ z + penalty
        step = np.linalg.solve(hessian + 1e-12 * np.eye(len(beta)), gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    coef = beta[:-1] / scale
    return np.append(coef, beta[-1] - float(coef @ mean))


def stacked(coefficients: list[float] | np.ndarray, features: np.ndarray) -> np.ndarray:
    """The stacked score (log-odds) of rows of features [nearest, probe, margin]."""
    c = np.asarray(coefficients, dtype=np.float64)
    return np.asarray(features, dtype=np.float64) @ c[:-1] + c[-1]


def fold_blocks(n: int, folds: int) -> np.ndarray:
    """Each of n rows' fold: contiguous blocks, so the shapes of one example (consecutive rows: alu.mcq
    views) stay in one fold and a held-out example is not matched by its own other shapes."""
    return np.minimum(np.arange(n) * folds // max(n, 1), folds - 1)


def own_features(own: np.ndarray, folds: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Out of fold, each own vector's best similarity and mean of its k best similarities to the target's
    vectors of the other folds (as an unseen text would be compared with them)."""
    best = np.empty(len(own), dtype=np.float32)
    top = np.empty(len(own), dtype=np.float32)
    for fold in np.unique(folds):
        rows, others = own[folds == fold], own[folds != fold]
        sims = rows @ others.T
        best[folds == fold] = sims.max(axis=1)
        top[folds == fold] = np.partition(sims, -k, axis=1)[:, -k:].mean(axis=1)
    return best, top
