"""Nearest neighbours of a text's vector over the store's vectors, held in memory.

Screening asks two kNN questions per text: which targets' own vectors are nearest, and which knowledge vectors
(alu.vectors). Asked of Chroma, each is a query through its HNSW index (approximate; ~1.5-3 ms of bindings
and locking per query, four queries per unrelated question; 44% of an audit's samples in py-spy at 7,680
targets). Here every row is kept in one float32 matrix of unit vectors. Below COARSE_ROWS rows a query is
an exact product with all of them; from there on int8 copies of the rows (alu.coarse_scores, a quarter of
the bytes: the product reads the rows from memory, not from the cache) pick the max(4n, 64) best rows and
those are scored exactly. The similarities returned are exact, and so are the rows unless one scored within
~0.003 (the int8 error) of the 4n-th best: 7,680 rows cost 0.5 ms instead of 1.25, 15,323 rows 0.5 instead
of 2.0 (this 2-core Xeon, caches cold). On x86 CPUs without VNNI the int8 kernel's 16-bit pair sums saturate
(alu.int8_kernels) and the int8 error grows to ~0.02 (median of a query's worst; 0.043 at most), emulated
over the rows of 10,000 TOFU-like targets and 534 questions and exchanges: every true nearest row was still
among the rows picked (12,816 of 12,816).

Products are `np.einsum` and onnxruntime on one thread, never BLAS: a product of a few rows with a big matrix
through a 2-thread OpenBLAS was 10x slower on a loaded 2-core machine (threads waiting for a busy core), and
changing the host's BLAS thread settings is not a library's business. Past MAX_ROWS rows a store is left to
Chroma's HNSW (:class:`StoreNeighbours` decides; 10,000 targets with 20 knowledge vectors each are 210,000).

Rows belong to owners (target ids); the matrix is rebuilt on the first query after a change (~10-40 ms per
10,000 rows, once per write), and a query reads the matrix it started with, so a concurrent change never
shows half done."""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np

from alu.coarse_scores import CoarseScores

log = logging.getLogger(__name__)
DIMENSIONS = 384
COARSE_ROWS = 4_096
"""Rows from which a query first takes int8 scores (alu.coarse_scores) and scores only the best rows exactly:
below it, the exact product with every row costs less than the int8 one."""
MAX_ROWS = 40_000
"""Rows above which a collection is queried through Chroma instead: a product with 40,000 rows costs ~3 ms
on this CPU, about what one Chroma query costs."""

Neighbours = list[list[tuple[str, float]]]


def unit_rows(vectors: np.ndarray) -> np.ndarray:
    """The vectors as float32 rows scaled to unit length. Each row is scaled on its own, so a matrix of many
    owners' rows scaled at once gives the same bits as each owner's rows scaled apart."""
    rows = np.asarray(vectors, dtype=np.float32).reshape(-1, DIMENSIONS)
    return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)


class MemoryIndex:
    """Unit vectors grouped by owner; `nearest` gives each query's n most similar rows as (owner, cosine)."""

    def __init__(self) -> None:
        self._blocks: dict[str, np.ndarray] = {}
        self._rows = 0
        self._built: tuple[np.ndarray, np.ndarray, list[str]] | None = None
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return self._rows

    def put(self, blocks: dict[str, np.ndarray], *, unit: bool = False) -> None:
        """Set the rows of each owner, replacing what it had (an owner known to have no rows is kept, with
        none: a saved copy then says so). `unit`: the blocks are float32 rows already scaled by
        :func:`unit_rows`, kept as given."""
        with self._lock:
            for owner, vectors in blocks.items():
                self._rows -= len(self._blocks.pop(owner, ()))
                rows = vectors if unit else unit_rows(vectors)
                self._blocks[owner] = rows
                self._rows += len(rows)
            self._built = None

    def drop(self, owners: Iterable[str]) -> None:
        with self._lock:
            for owner in owners:
                self._rows -= len(self._blocks.pop(owner, ()))
            self._built = None

    def rows(self, owner: str) -> np.ndarray | None:
        """The owner's rows (unit vectors); None for an owner not held."""
        with self._lock:
            return self._blocks.get(owner)

    def blocks(self) -> dict[str, np.ndarray]:
        """Every owner's rows (for saving)."""
        with self._lock:
            return dict(self._blocks)

    def _matrix(self) -> tuple[np.ndarray, np.ndarray, list[str], CoarseScores | None]:
        """(rows, each row's owner number, owners, their int8 scores from COARSE_ROWS rows), built once per
        change."""
        with self._lock:
            if self._built is None:
                owners = list(self._blocks)
                blocks = [self._blocks[o] for o in owners]
                matrix = np.vstack(blocks) if blocks else np.zeros((0, DIMENSIONS), np.float32)
                sizes = [len(b) for b in blocks]
                if owners:  # the blocks become views of the matrix: the rows are held once
                    self._blocks = dict(zip(owners, _views(matrix, sizes), strict=True))
                coarse = CoarseScores(matrix) if len(matrix) >= COARSE_ROWS else None
                self._built = (matrix, np.repeat(np.arange(len(owners)), sizes), owners, coarse)
            return self._built

    def nearest(self, queries: np.ndarray, n: int) -> Neighbours:
        """For each query vector (unit length), up to n (owner, cosine similarity), most similar first. With
        many rows, the int8 scores pick the best max(n * 4, 64) rows and those are scored exactly."""
        matrix, row_owner, owners, coarse = self._matrix()
        if not len(queries):
            return []
        if not len(matrix) or n < 1:
            return [[] for _ in queries]
        queries = np.asarray(queries, dtype=np.float32)
        out: Neighbours = []
        if coarse is None:
            rows = [np.arange(len(matrix))] * len(queries)
            sims = list(np.einsum("kd,nd->kn", queries, matrix))
        else:
            rows = [_best(row, max(n * 4, 64)) for row in coarse.scores(queries)]
            pairs = zip(rows, queries, strict=True)
            sims = [np.einsum("nd,d->n", matrix[picked], query) for picked, query in pairs]
        for picked, row in zip(rows, sims, strict=True):
            top = _best(row, n)
            numbers, scores = row_owner[picked[top]].tolist(), row[top].tolist()
            out.append([(owners[k], sim) for k, sim in zip(numbers, scores, strict=True)])
        return out


SAMPLE_FROM = 2_048
"""Scores from which :func:`_best` first cuts them at a level read off a sample of them."""


def _best(scores: np.ndarray, n: int) -> np.ndarray:
    """Positions of the n highest scores, highest first; among equal scores, the first positions first."""
    if n >= len(scores):
        top = np.arange(len(scores))
    else:
        top = _over_cut(scores, n) if len(scores) >= SAMPLE_FROM and n * 16 <= len(scores) else None
        if top is None:
            nth = np.partition(scores, len(scores) - n)[len(scores) - n]
            top = np.flatnonzero(scores >= nth)
    return top[np.argsort(-scores[top], kind="stable")[:n]]


def _over_cut(scores: np.ndarray, n: int) -> np.ndarray | None:
    """Positions of the scores at or above a cut that lets a few times n through, in position order; None
    when it lets fewer than n through. Partitioning all the scores found the n best of 20,000 in ~0.18 ms
    (numpy's introselect, this EPYC); the cut, the 8th best of every (n/2)th score (its rank among all of
    them is ~4n), takes ~0.02 ms. When n scores pass a cut, the n best of all pass it."""
    step = max(1, n // 2)
    sample = scores[::step]
    cut = np.partition(sample, len(sample) - 8)[len(sample) - 8]
    over = np.flatnonzero(scores >= cut)
    return over if len(over) >= n else None


Read = Callable[[list[str]], dict[str, np.ndarray]]
Query = Callable[[np.ndarray, int], Neighbours]


class StoreNeighbours:
    """One collection's rows for the screener's kNN: in memory (:class:`MemoryIndex`) while the collection
    has at most MAX_ROWS rows, else each query goes to Chroma (`query`). `read` fetches owners' rows from
    the store; the screener calls `load`/`drop` as it indexes and drops targets, so the copy follows the
    store's revision exactly as the name indexes do."""

    def __init__(self, read: Read, query: Query, count: Callable[[], int]) -> None:
        self._read = read
        self._query = query
        self._count = count
        self.memory: MemoryIndex | None = MemoryIndex()

    def load(self, owners: list[str], known: dict[str, np.ndarray] | None = None) -> None:
        """Hold the rows of these owners: from `known` (a saved copy, rows already scaled by
        :func:`unit_rows`) where it has them, else from the store. A collection past MAX_ROWS is left to the
        store from then on."""
        if self.memory is None or not owners:
            return
        if self._count() > MAX_ROWS:
            log.info("more than %d rows: kNN queries go to the store", MAX_ROWS)
            self.memory = None
            return
        known = known or {}
        missing = [o for o in owners if o not in known]
        fetched = {o: unit_rows(v) for o, v in (self._read(missing) if missing else {}).items()}
        empty = np.zeros((0, DIMENSIONS), np.float32)
        self.memory.put({o: known[o] if o in known else fetched.get(o, empty) for o in owners}, unit=True)

    def drop(self, owner: str) -> None:
        if self.memory is not None:
            self.memory.drop([owner])

    def nearest(self, queries: np.ndarray, n: int) -> Neighbours:
        memory = self.memory
        return memory.nearest(queries, n) if memory is not None else self._query(queries, n)

    def rows(self, owner: str) -> np.ndarray | None:
        """The owner's rows when they are held in memory; None when they are not (a store past MAX_ROWS)."""
        memory = self.memory
        return memory.rows(owner) if memory is not None else None


FILE = "alu-memory-index.npz"
"""The in-memory rows saved beside a local store with the revision they were read at (see :class:`Held`)."""


class Held:
    """The two collections the screener queries per text, held in memory: the targets' own vectors and their
    knowledge vectors. Reading them from Chroma when a big store opens takes seconds (~6 s for 7,680 targets
    and 15,000 vectors on a loaded machine), so they are saved beside a local store with the name indexes
    (alu.name_index) and at the same revision: a screener that starts from the saved indexes starts from
    these rows too, and catches up with the same difference."""

    def __init__(self, store: Any) -> None:
        self._location = str(store.location)
        from alu.embeddings import get_embedder

        self._identity = get_embedder().identity
        self.targets = StoreNeighbours(store.target_vectors, store.nearest_ids, store.count)
        self.knowledge = StoreNeighbours(
            lambda ids: store.rows_of(store.vectors.vectors_of, ids),
            store.vectors.nearest,
            store.vectors.count,
        )

    def load(self, target_ids: list[str], revision: str | None = None) -> bool:
        """Hold these targets' rows: from the copy saved at `revision` when there is one, else the store's.
        Whether the saved copy had them all."""
        saved = self._saved(revision) if revision else {}
        self.targets.load(target_ids, saved.get("targets"))
        self.knowledge.load(target_ids, saved.get("knowledge"))
        return all(set(target_ids) <= saved.get(name, {}).keys() for name in ("targets", "knowledge"))

    def drop(self, target_id: str) -> None:
        self.targets.drop(target_id)
        self.knowledge.drop(target_id)

    def save(self, revision: str) -> None:
        """Write the rows held beside a local store (atomically; a no-op for a server store, an unknown
        revision or a collection left to the store). A directory that cannot be written keeps working."""
        path = _path(self._location)
        parts = {"targets": self.targets.memory, "knowledge": self.knowledge.memory}
        if path is None or not revision or not path.parent.is_dir() or None in parts.values():
            return
        arrays: dict[str, np.ndarray] = {"identity": np.array(self._identity), "revision": np.array(revision)}
        for name, memory in parts.items():
            blocks = memory.blocks() if memory is not None else {}
            arrays[f"{name}_owners"] = np.array(list(blocks), dtype=str)
            arrays[f"{name}_sizes"] = np.array([len(b) for b in blocks.values()], dtype=np.int64)
            arrays[f"{name}_rows"] = (
                np.vstack(list(blocks.values())) if blocks else np.zeros((0, DIMENSIONS), np.float32)
            )
        try:
            fd, tmp = tempfile.mkstemp(prefix=".alu-memory-", suffix=".npz", dir=path.parent)
            with os.fdopen(fd, "wb") as fh:
                np.savez(fh, **arrays)
            os.replace(tmp, path)
        except OSError as exc:
            log.debug("could not save the in-memory rows at %s: %s", path, exc)

    def _saved(self, revision: str) -> dict[str, dict[str, np.ndarray]]:
        """The rows saved at this revision by this embedder, per collection (empty when there are none)."""
        path = _path(self._location)
        if path is None or not path.is_file():
            return {}
        try:
            with np.load(path) as saved:
                if str(saved["identity"]) != self._identity or str(saved["revision"]) != revision:
                    return {}
                return {name: _blocks(saved, name) for name in ("targets", "knowledge")}
        except (OSError, ValueError, KeyError) as exc:  # truncated or from another version: read the store
            log.debug("ignoring the in-memory rows saved at %s: %s", path, exc)
            return {}


def _blocks(saved: Any, name: str) -> dict[str, np.ndarray]:
    """Each owner's saved rows, as saved: the rows the saving process held, scaled by :func:`unit_rows`
    already. Scaling them again is not a no-op in float32: at 10,000 targets it changed the last bits of
    ~5% of the rows (1,498 of 29,947) at each reopening, and cost ~65 ms of the store's opening."""
    owners, sizes, rows = saved[f"{name}_owners"], saved[f"{name}_sizes"], saved[f"{name}_rows"]
    if not len(owners):
        return {}
    rows = np.asarray(rows, dtype=np.float32).reshape(-1, DIMENSIONS)
    return dict(zip(map(str, owners), _views(rows, sizes), strict=True))


def _views(matrix: np.ndarray, sizes: Iterable[int]) -> list[np.ndarray]:
    """Consecutive blocks of the matrix's rows, `sizes` rows each, as views: plain slices (20,000 blocks in
    7 ms, where `np.split` took 22 ms on a 2-core EPYC; a 10,000-target store has 30,000, cut at open and
    again when its first query builds the matrix)."""
    ends = np.cumsum(list(sizes), dtype=np.int64).tolist()
    starts = [0, *ends][: len(ends)]
    return [matrix[start:end] for start, end in zip(starts, ends, strict=True)]


def _path(location: str) -> Path | None:
    return None if "://" in location else Path(location).expanduser() / FILE
