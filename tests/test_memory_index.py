"""The screener's kNN rows in memory (alu.memory_index): exact, in step with the store, saved beside it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alu import memory_index
from alu.demo import DEMO_TARGETS
from alu.memory_index import FILE, MemoryIndex
from alu.store import ForgetStore

QUESTION = "Which novel about salt and maps did the Norwegian author write in 1994?"
EXAMPLES = ["Which harbour town did the cartographer map in winter?", "Who drew the salt marsh charts?"]


def _unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_nearest_rows_are_exact_and_follow_puts_and_drops():
    rng = np.random.default_rng(0)
    rows = {f"t{k}": _unit(rng.standard_normal((k % 3, 384))) for k in range(60)}  # some owners have none
    index = MemoryIndex()
    index.put(rows)
    queries = _unit(rng.standard_normal((4, 384))).astype(np.float32)
    owners = [o for o, block in rows.items() for _ in range(len(block))]
    sims = queries @ np.vstack([b for b in rows.values() if len(b)]).T
    for query_sims, found in zip(sims, index.nearest(queries, 7), strict=True):
        best = np.argsort(-query_sims)[:7]
        assert [o for o, _ in found] == [owners[i] for i in best]
        assert [s for _, s in found] == pytest.approx(query_sims[best].tolist(), abs=1e-5)
    assert len(index) == sum(len(b) for b in rows.values())

    top = index.nearest(queries[:1], 1)[0][0][0]
    index.drop([top])
    assert top not in {o for o, _ in index.nearest(queries[:1], 200)[0]}
    index.put({"t1": _unit(queries[:1])})  # replaced: its one row is now the query itself
    assert index.nearest(queries[:1], 1)[0][0] == ("t1", pytest.approx(1.0, abs=1e-5))
    assert index.nearest(queries[:0], 3) == [] and MemoryIndex().nearest(queries, 3) == [[]] * 4


def test_int8_scores_pick_the_rows_an_exact_product_finds(monkeypatch):
    """From COARSE_ROWS rows on, int8 scores pick the rows to score exactly: same rows, same similarities."""
    rng = np.random.default_rng(1)
    rows = _unit(rng.standard_normal((3000, 384)))
    queries = _unit(rows[:40] + 0.8 * rng.standard_normal((40, 384))).astype(np.float32)
    exact, coarse = MemoryIndex(), MemoryIndex()
    for index in (exact, coarse):
        index.put({f"r{k}": row[None, :] for k, row in enumerate(rows)})
    found = exact.nearest(queries, 16)
    monkeypatch.setattr(memory_index, "COARSE_ROWS", 1000)
    assert coarse._matrix()[3] is not None and exact._matrix()[3] is None  # built before the patch
    picked = coarse.nearest(queries, 16)
    assert [[o for o, _ in row] for row in picked] == [[o for o, _ in row] for row in found]
    sims = [s for row in found for _, s in row]
    assert [s for row in picked for _, s in row] == pytest.approx(sims, abs=1e-6)


def _sorted_best(scores: np.ndarray, n: int) -> list[int]:
    """The n highest scores' positions by a full sort: highest first, ties in position order."""
    return sorted(range(len(scores)), key=lambda i: (-scores[i], i))[:n]


@settings(max_examples=60, deadline=None)
@given(
    size=st.integers(1, 12_000),
    n=st.integers(1, 300),
    levels=st.sampled_from([None, 1, 2, 5, 50]),
    shape=st.sampled_from(["normal", "ascending", "descending", "one_high"]),
    seed=st.integers(0, 2**32 - 1),
)
def test_the_best_scores_are_those_a_full_sort_finds(size, n, levels, shape, seed):
    """_best (a cut read off a sample of the scores, then a partition) against a full sort: same positions in
    the same order, ties included (few distinct levels), however the scores are laid out."""
    rng = np.random.default_rng(seed)
    scores = rng.standard_normal(size).astype(np.float32)
    if levels is not None:
        scores = rng.integers(0, levels, size).astype(np.float32)
    if shape == "ascending":
        scores.sort()
    elif shape == "descending":
        scores[::-1].sort()
    elif shape == "one_high":
        scores[:] = 0.0
        scores[rng.integers(size)] = 1.0
    assert memory_index._best(scores, n).tolist() == _sorted_best(scores, n)


def test_screening_neighbours_are_chromas_exactly(unlearner, scripted):
    """On a store small enough for Chroma's HNSW to be exact, both kNN give the same rows and similarities."""
    u = unlearner(scripted("unused"))
    u.forget_many(DEMO_TARGETS)
    u.forget("Maren Olvhagen", description="A Norwegian novelist.", examples=EXAMPLES)
    vectors = u.store.embed([QUESTION, EXAMPLES[0]])
    screener = u.screener
    assert screener._held.targets.memory is not None and screener._held.knowledge.memory is not None
    by_memory = screener._held.targets.nearest(vectors, 4)
    by_chroma = u.store.nearest_ids(vectors, 4)
    assert [[(t, round(s, 4)) for t, s in row] for row in by_memory] == [
        [(t, round(s, 4)) for t, s in row] for row in by_chroma
    ]
    by_memory = screener.knowledge.vectors.nearest(vectors, 16)
    by_chroma = u.store.vectors.nearest(vectors, 16)
    assert [[t for t, _ in row] for row in by_memory] == [[t for t, _ in row] for row in by_chroma]


def test_rows_follow_writes_made_behind_the_screeners_back(unlearner, scripted, store_dir):
    """Another writer (another process) adds and removes targets: the next refresh brings the rows."""
    u = unlearner(scripted("unused"))
    u.forget_many(DEMO_TARGETS[:2])
    screener = u.screener
    other = ForgetStore(store_dir)
    other.add([{"name": "Maren Olvhagen", "description": "A Norwegian novelist.", "examples": EXAMPLES}])
    screener.refresh()
    maren = other.get("Maren Olvhagen")
    assert maren is not None
    vectors = u.store.embed([EXAMPLES[1]])
    assert screener._held.targets.nearest(vectors, 1)[0][0][0] == maren.id
    assert screener.knowledge.vectors.nearest(vectors, 1)[0][0][0] == maren.id
    other.remove("Maren Olvhagen")
    screener.refresh()
    assert maren.id not in {t for t, _ in screener._held.targets.nearest(vectors, 10)[0]}
    assert maren.id not in {t for t, _ in screener.knowledge.vectors.nearest(vectors, 10)[0]}


def test_a_reopened_store_takes_its_rows_from_the_saved_copy(unlearner, scripted, store_dir, monkeypatch):
    u = unlearner(scripted("unused"))
    u.forget_many(DEMO_TARGETS)
    u.forget("Maren Olvhagen", description="A Norwegian novelist.", examples=EXAMPLES)
    vectors = u.store.embed([QUESTION, EXAMPLES[1]])
    before = u.screener._held.targets.nearest(vectors, 5), u.screener.knowledge.vectors.nearest(vectors, 16)
    opened = unlearner(scripted("unused"))  # opening saves the name indexes and the rows at this revision
    assert len(opened.screener.all_targets()) == len(DEMO_TARGETS)

    def unread(*args, **kwargs):
        raise AssertionError("read from the store instead of the saved copy")

    monkeypatch.setattr(ForgetStore, "target_vectors", unread)
    monkeypatch.setattr("alu.vectors.VectorIndex.vectors_of", unread)
    again = unlearner(scripted("unused"))
    held = again.screener._held
    after = held.targets.nearest(vectors, 5), again.screener.knowledge.vectors.nearest(vectors, 16)
    assert [[(t, round(s, 5)) for t, s in row] for part in after for row in part] == [
        [(t, round(s, 5)) for t, s in row] for part in before for row in part
    ]
    assert (Path(store_dir) / FILE).is_file()
    # the saved rows, scaled to unit length all at once, are the bits of the rows read and scaled per target
    first = u.screener._held
    for read, saved in [(first.targets, held.targets), (first.knowledge, held.knowledge)]:
        fresh, kept = read.memory.blocks(), saved.memory.blocks()
        assert list(fresh) == list(kept) and all(np.array_equal(fresh[o], kept[o]) for o in fresh)


def test_a_store_past_the_row_limit_is_queried_through_chroma(unlearner, scripted, monkeypatch):
    monkeypatch.setattr(memory_index, "MAX_ROWS", 2)  # the demo has 3 targets
    u = unlearner(scripted("unused"))
    u.forget_many(DEMO_TARGETS)
    screener = u.screener
    assert screener._held.targets.memory is None
    vectors = u.store.embed([QUESTION])
    assert screener._held.targets.nearest(vectors, 3) == u.store.nearest_ids(vectors, 3)
    result = u.audit(QUESTION, "I do not know.")
    assert result.candidates  # screening still finds the similar targets


def test_the_saved_rows_come_back_with_the_bits_they_were_held_with(tmp_path):
    """Scaling unit rows again moves the last bits of some (~5% of a 10,000-target store's): the copy
    saved beside a store is read back as saved, so a reopened screener holds what the saving one held."""
    held = memory_index.Held(ForgetStore(str(tmp_path)))
    rows = memory_index.unit_rows(np.random.default_rng(3).standard_normal((300, 384)))
    assert not np.array_equal(memory_index.unit_rows(rows), rows)
    held.targets.memory, held.knowledge.memory = MemoryIndex(), MemoryIndex()
    held.targets.memory.put({"a": rows[:120], "b": rows[120:]}, unit=True)
    held.save("revision-1")
    saved = held._saved("revision-1")["targets"]
    assert list(saved) == ["a", "b"] and np.array_equal(np.vstack([saved["a"], saved["b"]]), rows)
