"""Many vectors per target: a second Chroma collection beside the targets collection.

Rows are a target's knowledge texts (alu.knowledge), keyed `<target id>:<digest>` with the target id, source
and provenance in their metadata; the targets collection, its ids and its rows stay as they were. A row whose
target is missing (a write interrupted between the two collections) is ignored by screening and overwritten
by the next write of that target."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from alu.knowledge import Knowledge

WRITE_BATCH = 4096
"""Rows per upsert, under Chroma's maximum batch size (5,461 on a local store)."""
HARD_NEGATIVES = 8
"""Nearest other-target vectors fetched per own vector when fitting a decision."""


class VectorIndex:
    """The vectors collection of one store. `call` wraps each Chroma call (the store's error handling)."""

    def __init__(self, collection: Any, call: Callable[[str, Callable[[], Any]], Any]) -> None:
        self._collection = collection
        self._call = call

    def count(self) -> int:
        return int(self._call("read", self._collection.count))

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

    def rows(self, target_id: str) -> tuple[list[Knowledge], np.ndarray]:
        """A target's stored texts and their vectors."""
        got = self._call(
            "read",
            lambda: self._collection.get(
                where={"target_id": target_id}, include=["documents", "metadatas", "embeddings"]
            ),
        )
        rows = [
            Knowledge(target_id, text, meta["source"], meta["provenance"])
            for text, meta in zip(got["documents"], got["metadatas"], strict=True)
        ]
        embeddings = got.get("embeddings")
        vectors = np.asarray(embeddings if embeddings is not None and len(rows) else [], dtype=np.float32)
        return rows, vectors.reshape(len(rows), -1) if len(rows) else np.zeros((0, 384), np.float32)

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
        return np.unique(np.vstack(found), axis=0)

    def nearest(self, vectors: np.ndarray, n: int) -> list[list[tuple[str, float]]]:
        """For each query vector, up to n (target id, cosine similarity) of the nearest rows."""
        got = self._call(
            "read",
            lambda: self._collection.query(
                query_embeddings=vectors, n_results=n, include=["metadatas", "distances"]
            ),
        )
        return [
            [(meta["target_id"], 1.0 - float(d)) for meta, d in zip(metas, dists, strict=True)]
            for metas, dists in zip(got["metadatas"], got["distances"], strict=True)
        ]
