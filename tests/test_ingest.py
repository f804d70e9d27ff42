"""The write path's batched work gives what the per-target work gave: hard negatives in one query, and a
target write that never imports the answering graph."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alu.knowledge import Knowledge
from alu.store import ForgetStore
from alu.vectors import unique_rows


def _rows(target_id: str, vectors: np.ndarray) -> list[Knowledge]:
    return [Knowledge(target_id, f"text {target_id} {i}", "example", "user") for i in range(len(vectors))]


def _unit(rng: np.random.Generator, n: int) -> np.ndarray:
    vectors = rng.normal(size=(n, 384)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


@pytest.mark.parametrize("search", ["exact", "index"])
def test_hard_negatives_of_many_targets_match_one_query_each_and_skip_own_rows(
    store_dir, search, monkeypatch
):
    """Read exactly from every stored row (a small store) or by the index's shared queries (a big one)."""
    import alu.vectors

    monkeypatch.setattr(alu.vectors, "EXACT_PER_ASKED", 20 if search == "exact" else 0)
    rng = np.random.default_rng(0)
    index = ForgetStore(store_dir).vectors
    stored = {f"t-{k}": _unit(rng, 6) for k in range(12)}
    for tid, vectors in stored.items():
        index.write(_rows(tid, vectors), vectors)
    # t-0 has rows stored (as after an interrupted write); t-new has none
    groups = [("t-0", stored["t-0"][:3] + 0.01), ("t-new", _unit(rng, 4))]

    many = index.neighbours_of_many(groups)

    for (tid, own), got in zip(groups, many, strict=True):
        expected = index.neighbours_of_others(own, tid)
        assert got.shape == expected.shape and got.shape[0] > 0
        assert np.allclose(np.sort(got, axis=0), np.sort(expected, axis=0), atol=1e-6)
        assert not any(np.allclose(row, mine, atol=1e-6) for row in got for mine in stored.get(tid, []))


def test_hard_negatives_of_an_empty_index_are_empty(store_dir):
    index = ForgetStore(store_dir).vectors
    got = index.neighbours_of_many([("t-a", np.ones((2, 384), np.float32) / np.sqrt(384))])
    assert len(got) == 1 and got[0].shape == (0, 384)


def test_writing_targets_imports_neither_litellm_nor_the_graph(store_dir):
    code = (
        "import sys\n"
        "from alu import Unlearner\n"
        f"u = Unlearner(store={store_dir!r})\n"
        "u.forget('Maren Olvhagen', description='A cartographer. She drew the salt roads of Finnmark.')\n"
        "u.withdraw('Maren Olvhagen')\n"
        "print(sorted(m for m in ('litellm', 'langgraph', 'alu.graph') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_batched_nearest_negatives_equal_the_per_target_products(monkeypatch):
    from alu import negatives as batched

    monkeypatch.setattr(batched, "MAX_COLUMNS", 8)  # several products, and a target bigger than one
    rng = np.random.default_rng(1)
    ids = ["t-a", "t-b", "t-c", "t-d"]
    owns = [_unit(rng, 3), _unit(rng, 0), _unit(rng, 11), _unit(rng, 2)]
    shared = _unit(rng, 40)
    row_targets = np.array(["t-a"] * 3 + ["t-c"] * 11 + ["t-d"] * 2, dtype=object)
    rows = np.vstack([owns[0], owns[2], owns[3]])
    hard = [_unit(rng, 5), _unit(rng, 0), _unit(rng, 0), _unit(rng, 4)]

    got = batched.nearest_per_target(owns, shared, rows, row_targets, ids, hard)

    for k, own in enumerate(owns):
        if not len(own):
            assert got[k].shape == (0,)
            continue
        negatives = np.vstack([shared, rows[row_targets != ids[k]], hard[k]])
        assert np.allclose(got[k], (negatives @ own.T).max(axis=1), atol=1e-6)


@settings(max_examples=200, deadline=None)
@given(
    distinct=st.integers(1, 40),
    picks=st.lists(st.integers(0, 10_000), min_size=1, max_size=80),
    shared_lead=st.integers(0, 3),
    seed=st.integers(0, 2**32 - 1),
)
def test_unique_rows_gives_what_numpy_unique_gives(distinct, picks, shared_lead, seed):
    """Hard negatives are deduplicated as np.unique(axis=0) did (same rows, same order), duplicates and rows
    that share their first value (numpy's own path) included."""
    rng = np.random.default_rng(seed)
    base = _unit(rng, distinct)
    base[: min(shared_lead, distinct), 0] = base[0, 0]  # some rows share a first value
    rows = base[[p % distinct for p in picks]]
    got = unique_rows(rows)
    assert got.dtype == rows.dtype and np.array_equal(got, np.unique(rows, axis=0))
