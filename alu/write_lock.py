"""One writer at a time across processes for a local forget store.

A local Chroma store is a SQLite file plus vector index files that each process keeps in memory and saves
from there. Two processes writing at once is not something Chroma supports: under load its Rust upsert was
seen to crash the process, and a writer whose in-memory index predates another process's write saves that
stale index over the other's vectors. Every write to a local store therefore holds an OS file lock on
`<store>/alu-write.lock` (released by the kernel if the process dies) and first catches up with what other
processes wrote; so does opening Chroma or catching up, whose first read of a collection applies the other
processes' logged writes and may save the index (alu.store.ForgetStore._exclusive).

A Chroma server serialises each write, but alu's add reads which targets exist before it writes: two writers
adding the same new name at once both found it absent and both reported it added (20 of 20 threads, over
two `alu serve` workers). Writers of one machine to the same server collection therefore share a lock file
under the temporary directory (`server_lock_dir`); replicas on different machines still may both report an
add (the store holds one copy either way)."""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alu.errors import StoreError

LOCK_FILE = "alu-write.lock"
WAIT_S = 120.0
"""How long a write waits for another process's write (a 256-target batch takes a few seconds)."""


def server_lock_dir(url: str, collection: str) -> Path:
    """The folder where this machine's writers of one Chroma server collection meet (created on demand)."""
    digest = hashlib.sha256(f"{url.rstrip('/')}\n{collection}".encode()).hexdigest()[:16]
    folder = Path(tempfile.gettempdir()) / "alu-locks" / digest
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"cannot create the write lock of the forget store at {url} in {folder}: {exc}"
        ) from exc
    return folder


@contextmanager
def exclusive_writer(
    directory: Path, *, wait_s: float | None = None, store: str | None = None
) -> Iterator[None]:
    """Hold the store's write lock for the block. Raises StoreError when the directory cannot hold the lock
    file (a read-only store) or another process keeps writing past `wait_s` (default WAIT_S). `store`: how
    errors name the store (default: the directory)."""
    from filelock import FileLock, Timeout

    wait_s = WAIT_S if wait_s is None else wait_s
    lock = FileLock(str(directory / LOCK_FILE), timeout=wait_s)
    try:
        lock.acquire()
    except Timeout as exc:
        raise StoreError(
            f"another process has been writing the forget store at {store or directory} for over "
            f"{wait_s:.0f} s; try again when it is done"
        ) from exc
    except OSError as exc:
        raise StoreError(
            f"cannot write the forget store at {directory}: {exc} (the store is read-only: alu reads a "
            "current local store from its file, but writing needs write access to the directory)"
        ) from exc
    try:
        yield
    finally:
        lock.release()
