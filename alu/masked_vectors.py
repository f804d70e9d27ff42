"""Each target's own text with its names masked, embedded once per store.

The screener compares a context whose one-word name is ambiguous ('Grant', 'Bell') with the text of every
target that has that word as a name, names masked (alu.screen.Screener._in_context). Embedding a target's
text is a model run over a whole description (~4 ms), so the first question containing the family name of
35 synthetic authors cost 35 runs: the ~1% of questions that took 200-450 ms in `alu bench overhead`. The
vectors are kept beside a local store (FILE, with the embedder's identity and each target's creation and
update time, so a changed target is embedded again), and `warm` fills in every target at once (`alu serve`
starts it in the background; `alu bench overhead` before timing). Screening embeds only what is missing."""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np

from alu.occurrence import mask_names
from alu.other_names import as_given
from alu.types import Target

log = logging.getLogger(__name__)
FILE = "alu-masked-vectors.npz"
WARM_CHUNK = 64
"""Targets embedded per step of `warm` (a question screened meanwhile waits for at most one step)."""

Embed = Callable[[list[str]], np.ndarray]


def _stamp(target: Target) -> tuple[float, float]:
    return (float(target.created_at), float(target.updated_at))


class MaskedVectors:
    """Masked-text vectors by target id, each with the (created, updated) times of the target it embeds."""

    def __init__(self, location: str, identity: str, embed: Embed) -> None:
        self._path = None if "://" in location else Path(location).expanduser() / FILE
        self._identity = identity
        self._embed = embed
        self._vectors: dict[str, tuple[tuple[float, float], np.ndarray]] | None = None
        self._lock = threading.Lock()
        self._save_lock = threading.Lock()

    def of(self, targets: list[Target]) -> np.ndarray:
        """The masked-text vectors of the targets (one row each), embedding those not known yet."""
        todo = self._missing(targets)
        given = [as_given(t) for t in todo]  # the screener's copies also hold their other names
        texts = [mask_names(t.embedding_text(), [t]) for t in given]
        fresh = dict(zip((t.id for t in todo), self._embed(texts) if todo else [], strict=True))
        with self._lock:
            known = self._known_locked()
            known.update((t.id, (_stamp(t), fresh[t.id])) for t in todo)
            return np.stack([fresh[t.id] if t.id in fresh else known[t.id][1] for t in targets])

    def _missing(self, targets: list[Target]) -> list[Target]:
        """The targets whose masked text is not embedded, or was embedded before they changed."""
        with self._lock:
            known = self._known_locked()
            return [t for t in targets if (got := known.get(t.id)) is None or got[0] != _stamp(t)]

    def drop(self, target_id: str) -> None:
        with self._lock:
            if self._vectors is not None:
                self._vectors.pop(target_id, None)

    def warm(self, targets: list[Target]) -> int:
        """Embed every target not known yet, WARM_CHUNK at a time, then save (without the targets no longer
        among `targets`); returns how many were embedded (0: everything was loaded or known)."""
        todo = self._missing(targets)
        for start in range(0, len(todo), WARM_CHUNK):
            self.of(todo[start : start + WARM_CHUNK])
        with self._lock:
            known = self._known_locked()
            gone = known.keys() - {t.id for t in targets}
            for tid in gone:
                del known[tid]
        if todo or gone:
            self.save()
        return len(todo)

    def save(self) -> None:
        """Write the known vectors beside a local store (atomically; a store directory that cannot be
        written keeps working: the next process embeds them again)."""
        if self._path is None or not self._path.parent.is_dir():
            return
        with self._lock:
            items = list(self._known_locked().items())
        ids = np.array([tid for tid, _ in items], dtype=str)
        stamps = np.array([stamp for _, (stamp, _) in items], dtype=np.float64).reshape(-1, 2)
        vectors = np.array([v for _, (_, v) in items], dtype=np.float32).reshape(len(items), -1)
        with self._save_lock:
            try:
                fd, tmp = tempfile.mkstemp(prefix=".alu-masked-", suffix=".npz", dir=self._path.parent)
                with os.fdopen(fd, "wb") as fh:
                    np.savez(fh, identity=np.array(self._identity), ids=ids, stamps=stamps, vectors=vectors)
                os.replace(tmp, self._path)
            except OSError as exc:
                log.debug("could not save the masked vectors at %s: %s", self._path, exc)

    def _known_locked(self) -> dict[str, tuple[tuple[float, float], np.ndarray]]:
        """The known vectors (loaded on first use); the caller holds the lock."""
        if self._vectors is None:
            self._vectors = self._load()
        return self._vectors

    def _load(self) -> dict[str, tuple[tuple[float, float], np.ndarray]]:
        if self._path is None or not self._path.is_file():
            return {}
        try:
            with np.load(self._path) as saved:
                if str(saved["identity"]) != self._identity:
                    return {}
                ids, stamps, vectors = saved["ids"], saved["stamps"], saved["vectors"]
        except (OSError, ValueError, KeyError) as exc:  # truncated or from another version: embed again
            log.debug("ignoring the masked vectors at %s: %s", self._path, exc)
            return {}
        return {
            str(tid): ((float(s[0]), float(s[1])), v) for tid, s, v in zip(ids, stamps, vectors, strict=True)
        }
