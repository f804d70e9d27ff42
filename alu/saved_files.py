"""Files alu saves so the next process need not rebuild what it derived: beside a local store, what it derived
from the store (the screener's name indexes: alu.name_index; the targets: alu.saved_targets); in alu's cache
folder, the background texts' jargon features (alu.jargon).

Each is a pickle. The store directory alu creates owner-only (0700): whoever can write there can already
rewrite the store itself (Chroma keeps its own pickles there too); the cache folder is the user's, where alu
also keeps the embedder's derived graph. A file is written atomically and
carries a fingerprint of the code that builds it, so a file from another alu version is ignored. A file that
cannot be read or written costs time, never correctness: the caller rebuilds from the store."""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from alu.gc_pause import gc_paused

log = logging.getLogger(__name__)


@cache
def fingerprint(*sources: str) -> str:
    """Changes whenever one of these files of alu's package (paths relative to it) changes."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in sources:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:16]


def load(path: Path) -> Any:
    """The object pickled at `path`, or None (no file, truncated, from another Python, ...)."""
    if not path.is_file():
        return None
    try:
        with path.open("rb") as f, gc_paused():
            return pickle.load(f)
    except Exception as exc:  # rebuilt instead
        log.debug("ignoring %s: %s", path, exc)
        return None


def save(path: Path, value: Any) -> None:
    """Pickle `value` to `path` atomically (created 0600). A directory that cannot be written to is left
    alone: the next process rebuilds."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", dir=path.parent)
    except OSError as exc:
        log.debug("could not save %s: %s", path, exc)
        return
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError as exc:
        log.debug("could not save %s: %s", path, exc)
        Path(tmp).unlink(missing_ok=True)
