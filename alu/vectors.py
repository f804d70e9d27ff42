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

from alu.knowledge import Knowledge

DIMENSIONS = 384
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
        if not rows:
            return
        self._call(
            "write",
            lambda: self._collection.upsert(
                ids=[r.id for r in rows],
                embeddings=vectors,
                documents=[r.text for r in rows],
                metadatas=[
                    {"target_id": r.target_id, "source": r.source, "provenance": r.provenance} for r in rows
                ],
            ),
        )

    def delete(self, target_ids: list[str]) -> None:
        if target_ids:
            self._call("write", lambda: self._collection.delete(where={"target_id": {"$in": target_ids}}))

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

    def neighbours_of_many(self, groups: list[tuple[str, np.ndarray]]) -> list[np.ndarray]:
        """`neighbours_of_others` for many targets in one query (ingest): each group is a target id and its
        vectors. Rows of the group's own target are dropped from its results, so the query asks for as many
        more neighbours as the largest group has vectors (a target's own rows can only be there when an
        earlier write was interrupted)."""
        if not groups or not self.count():
            return [np.zeros((0, DIMENSIONS), np.float32) for _ in groups]
        stacked = np.vstack([v for _, v in groups])
        got = self._call(
            "read",
            lambda: self._collection.query(
                query_embeddings=stacked,
                n_results=HARD_NEGATIVES + max(len(v) for _, v in groups),
                include=["embeddings", "metadatas"],
            ),
        )
        per_vector = zip(got["embeddings"] or [], got["metadatas"] or [], strict=True)
        out: list[np.ndarray] = []
        for target_id, own in groups:
            near: list[Any] = []
            for embeddings, metas in itertools.islice(per_vector, len(own)):
                others = [e for e, m in zip(embeddings, metas, strict=True) if m["target_id"] != target_id]
                near += others[:HARD_NEGATIVES]
            out.append(
                np.unique(np.asarray(near, dtype=np.float32), axis=0)
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
            [(row.split(":", 1)[0], 1.0 - float(d)) for row, d in zip(rows, dists, strict=True)]
            for rows, dists in zip(got["ids"], got["distances"], strict=True)
        ]
