"""Many vectors per target: a second Chroma collection beside the targets collection.

Rows are a target's knowledge texts (alu.knowledge), keyed `<target id>:<digest>` with the target id, source
and provenance in their metadata; the targets collection, its ids and its rows stay as they were. A row whose
target is missing (a write interrupted between the two collections) is ignored by screening and overwritten
by the next write of that target."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import numpy as np

from alu.knowledge import Knowledge, owner_of

DIMENSIONS = 384
WRITE_BATCH = 4096
"""Rows per upsert, under Chroma's maximum batch size (5,461 on a local store)."""
HARD_NEGATIVES = 8
"""Nearest other-target vectors fetched per own vector when fitting a decision."""
QUERY_ROWS = 20_000
"""Result rows one hard-negative query may read (SQLite's limit of variables in one statement is 32,766)."""
READ_OWNERS = 500
"""Targets whose rows one read asks for (`rows_by_target`, `VectorIndex.rows_of_many`); `rows_by_target`
reads every row, page by page, for more than PAGE_OWNERS."""
PAGE_OWNERS = 2_000
PAGE = 5_000
EXACT_PER_ASKED = 20
"""Hard negatives are found by reading every stored row and comparing exactly when the store holds at most
this many rows per vector asked about (a fresh store filled in batches, a small one): reading a row cost ~40
µs, the index's query ~1 ms per vector asked (both on a 2-core EPYC, 1,815 rows, 515 vectors asked)."""
EXACT_ROWS = 20_000
"""Rows read at most for an exact search."""


def unique_rows(rows: np.ndarray) -> np.ndarray:
    """`np.unique(rows, axis=0)` of a 2-D float array without NaNs or signed zeros: its distinct rows, in
    lexicographic order. numpy views each row as one record of 384 fields to sort them: 1.4-2.2 ms for one
    target's hard negatives (24-60 rows), about a tenth of what ingest spent per target. Here exact copies
    are dropped by their bytes and the rest ordered by their first column, 0.04-0.07 ms; rows sharing a
    first value go to numpy."""
    first: dict[bytes, int] = {}
    for i, row in enumerate(rows):
        first.setdefault(row.tobytes(), i)
    kept = rows[sorted(first.values())] if len(first) < len(rows) else rows
    order = np.argsort(kept[:, 0], kind="stable")
    lead = kept[order, 0]
    if not (lead[1:] > lead[:-1]).all():
        return np.unique(kept, axis=0)
    return kept[order]


def _rows(vectors: list[np.ndarray]) -> int:
    """Rows a shared hard-negative query over these groups reads."""
    return sum(len(v) for v in vectors) * (HARD_NEGATIVES + max(len(v) for v in vectors))


def rows_by_target(
    call: Callable[[str, Callable[[], Any]], Any], collection: Any, target_ids: list[str], *, keyed: bool
) -> dict[str, np.ndarray]:
    """The stored vectors of these targets, by target id, from a collection whose row ids start with the
    target id (the targets collection: the id itself; the vectors collection: `<target id>:<digest>`).
    `keyed`: rows carry a `target_id` metadata key to select them by (else they are read by id). Many
    targets (opening a store) are read page by page, which costs less than selecting each."""
    wanted = set(target_ids)
    out: dict[str, list[Any]] = {}

    def take(got: dict[str, Any]) -> None:
        embeddings = got.get("embeddings")
        for row, vector in zip(got["ids"], embeddings if embeddings is not None else [], strict=True):
            owner = owner_of(row)
            if owner in wanted:
                out.setdefault(owner, []).append(vector)

    if len(wanted) > PAGE_OWNERS:
        total = int(call("read", collection.count))
        for offset in range(0, total, PAGE):
            take(call("read", lambda o=offset: collection.get(include=["embeddings"], limit=PAGE, offset=o)))
    else:
        for start in range(0, len(target_ids), READ_OWNERS):
            part = target_ids[start : start + READ_OWNERS]
            select = {"where": {"target_id": {"$in": part}}} if keyed else {"ids": part}
            take(call("read", lambda s=select: collection.get(include=["embeddings"], **s)))
    return {owner: np.asarray(rows, dtype=np.float32) for owner, rows in out.items()}


def _matrix(rows: list[Knowledge], vectors: list[Any]) -> np.ndarray:
    """The rows' vectors as one float32 matrix (384 columns, none without rows)."""
    if not rows:
        return np.zeros((0, DIMENSIONS), np.float32)
    return np.asarray(vectors, dtype=np.float32).reshape(len(rows), -1)


class VectorIndex:
    """The vectors collection of one store: `collection()` gives its Chroma collection (the store opens its
    client on first use and reopens it to see other processes' writes), `call` wraps each Chroma call (the
    store's error handling), `count()` counts its rows."""

    def __init__(
        self,
        collection: Callable[[], Any],
        call: Callable[[str, Callable[[], Any]], Any],
        count: Callable[[], int],
    ) -> None:
        self._open = collection
        self._call = call
        self.count = count

    @property
    def _collection(self) -> Any:
        return self._open()

    def write(self, rows: list[Knowledge], vectors: np.ndarray) -> None:
        """Upsert rows in pieces of at most WRITE_BATCH (Chroma refuses bigger upserts: 256 targets with 20
        examples each are 5,376 rows). A failure part-way leaves rows whose target row is not written yet,
        which screening ignores and the retried write overwrites."""
        for start in range(0, len(rows), WRITE_BATCH):
            part = rows[start : start + WRITE_BATCH]
            self._call(
                "write",
                lambda p=part, v=vectors[start : start + WRITE_BATCH]: self._collection.upsert(
                    ids=[r.id for r in p],
                    embeddings=v,
                    documents=[r.text for r in p],
                    metadatas=[
                        {"target_id": r.target_id, "source": r.source, "provenance": r.provenance} for r in p
                    ],
                ),
            )

    def delete(self, target_ids: list[str]) -> None:
        if target_ids:
            self._call("write", lambda: self._collection.delete(where={"target_id": {"$in": target_ids}}))

    def rekey(self, old_id: str, new_id: str) -> None:
        """Move a target's rows to a new target id (the store's id migration): the copies are written before
        the old rows are deleted, so an interrupted move loses nothing and the next one finishes it."""
        rows, vectors = self.rows(old_id)
        if rows:
            self.write([Knowledge(new_id, r.text, r.source, r.provenance) for r in rows], vectors)
            self.delete([old_id])

    def vectors_of(self, target_ids: list[str]) -> dict[str, np.ndarray]:
        """Each target's knowledge vectors (targets without any are left out). The screener reads them
        through ForgetStore.rows_of."""
        return rows_by_target(self._call, self._collection, target_ids, keyed=True)

    def rows(self, target_id: str) -> tuple[list[Knowledge], np.ndarray]:
        """A target's stored texts and their vectors."""
        return self.rows_of_many([target_id])[target_id]

    def rows_of_many(self, target_ids: list[str]) -> dict[str, tuple[list[Knowledge], np.ndarray]]:
        """:meth:`rows` of each target, READ_OWNERS targets per read (the same rows in the same order as one
        read per target). On a 10,000-target store one read per target took 7-30 ms, a read of 50 to 500
        targets 0.7-0.8 ms per target: adding an unchanged file again read every target's rows."""
        found: dict[str, tuple[list[Knowledge], list[Any]]] = {tid: ([], []) for tid in target_ids}
        owners = list(found)
        for start in range(0, len(owners), READ_OWNERS):
            part = owners[start : start + READ_OWNERS]
            got = self._call(
                "read",
                lambda p=part: self._collection.get(
                    where={"target_id": {"$in": p}}, include=["documents", "metadatas", "embeddings"]
                ),
            )
            for text, meta, vector in zip(got["documents"], got["metadatas"], got["embeddings"], strict=True):
                rows, vectors = found[meta["target_id"]]
                rows.append(Knowledge(meta["target_id"], text, meta["source"], meta["provenance"]))
                vectors.append(vector)
        return {tid: (rows, _matrix(rows, vectors)) for tid, (rows, vectors) in found.items()}

    def neighbours_of_others(self, vectors: np.ndarray, target_id: str) -> np.ndarray:
        """Vectors of other targets near the given ones: the hard negatives of a decision."""
        if not len(vectors) or not self.count():
            return np.zeros((0, vectors.shape[1] if vectors.ndim == 2 else 384), np.float32)
        got = self._call(
            "read",
            lambda: self._collection.query(
                query_embeddings=vectors,
                n_results=HARD_NEGATIVES,
                where={"target_id": {"$ne": target_id}},
                include=["embeddings"],
            ),
        )
        found = [np.asarray(e, dtype=np.float32) for batch in got["embeddings"] or [] for e in batch]
        if not found:
            return np.zeros((0, vectors.shape[1]), np.float32)
        return unique_rows(np.vstack(found))

    def neighbours_of_many(self, groups: list[tuple[str, np.ndarray]]) -> list[np.ndarray]:
        """`neighbours_of_others` for many targets (ingest): each group is a target id and its vectors.
        Groups share queries that read at most QUERY_ROWS rows (Chroma reads the rows of a query's results
        with one SQL statement: 256 targets of 21 vectors in one query were 'too many SQL variables'); a
        group too big to share one is asked alone."""
        stored = self.count() if groups else 0
        if not stored:
            return [np.zeros((0, DIMENSIONS), np.float32) for _ in groups]
        if stored <= min(EXACT_ROWS, EXACT_PER_ASKED * sum(len(v) for _, v in groups)):
            return self._neighbours_exact(groups)
        out: dict[int, np.ndarray] = {}
        parts: list[list[int]] = [[]]
        for k, (target_id, own) in enumerate(groups):
            if _rows([own]) > QUERY_ROWS:
                out[k] = self.neighbours_of_others(own, target_id)
            elif _rows([groups[i][1] for i in parts[-1]] + [own]) > QUERY_ROWS:
                parts.append([k])
            else:
                parts[-1].append(k)
        for part in (p for p in parts if p):
            out.update(zip(part, self._neighbours_shared([groups[k] for k in part]), strict=True))
        return [out[k] for k in range(len(groups))]

    def _neighbours_exact(self, groups: list[tuple[str, np.ndarray]]) -> list[np.ndarray]:
        """`neighbours_of_many` over every stored row, compared exactly (vectors are unit length)."""
        got = self._call("read", lambda: self._collection.get(include=["embeddings"]))
        if not got["ids"]:
            return [np.zeros((0, DIMENSIONS), np.float32) for _ in groups]
        stored = np.asarray(got["embeddings"], dtype=np.float32)
        codes: dict[str, int] = {}
        owners = np.array([codes.setdefault(owner_of(row), len(codes)) for row in got["ids"]])
        similarity = np.vstack([own for _, own in groups]) @ stored.T
        out: list[np.ndarray] = []
        start = 0
        for target_id, own in groups:
            block = similarity[start : start + len(own)]
            start += len(own)
            if target_id in codes:
                block[:, owners == codes[target_id]] = -np.inf
            k = min(HARD_NEGATIVES, int(np.isfinite(block[0]).sum()) if len(own) else 0)
            if not k:
                out.append(np.zeros((0, DIMENSIONS), np.float32))
                continue
            nearest = np.argpartition(-block, k - 1, axis=1)[:, :k]
            out.append(unique_rows(stored[nearest.ravel()]))
        return out

    def _neighbours_shared(self, groups: list[tuple[str, np.ndarray]]) -> list[np.ndarray]:
        """The neighbours of several groups in one query. Rows of the group's own target are dropped from
        its results, so the query asks for as many more neighbours as the largest group has vectors (a
        target's own rows can only be there when an earlier write was interrupted). The owner of a row is
        read from its id: a row withdrawn while the query runs comes back without its embedding or metadata,
        and is skipped."""
        stacked = np.vstack([v for _, v in groups])
        got = self._call(
            "read",
            lambda: self._collection.query(
                query_embeddings=stacked,
                n_results=HARD_NEGATIVES + max(len(v) for _, v in groups),
                include=["embeddings"],
            ),
        )
        per_vector = zip(got["embeddings"] or [], got["ids"], strict=True)
        out: list[np.ndarray] = []
        for target_id, own in groups:
            near: list[Any] = []
            for embeddings, rows in itertools.islice(per_vector, len(own)):
                others = [
                    e
                    for e, row in zip(embeddings, rows, strict=True)
                    if e is not None and owner_of(row) != target_id
                ]
                near += others[:HARD_NEGATIVES]
            out.append(
                unique_rows(np.asarray(near, dtype=np.float32))
                if near
                else np.zeros((0, DIMENSIONS), np.float32)
            )
        return out

    def nearest(self, vectors: np.ndarray, n: int) -> list[list[tuple[str, float]]]:
        """For each query vector, up to n (target id, cosine similarity) of the nearest rows. The target id
        is read from the row id (`<target id>:<digest>`, see Knowledge.id), not from the row's metadata:
        a query that reads no rows costs about half as much."""
        got = self._call(
            "read",
            lambda: self._collection.query(query_embeddings=vectors, n_results=n, include=["distances"]),
        )
        return [
            [(owner_of(row), 1.0 - float(d)) for row, d in zip(rows, dists, strict=True)]
            for rows, dists in zip(got["ids"], got["distances"], strict=True)
        ]
