"""The forget store: targets with their embeddings in a Chroma collection (local directory or server)."""

from __future__ import annotations

import logging
import os
import socket
import sqlite3
import stat
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlparse

from alu.errors import (
    ConfigError,
    StaleEmbeddingsError,
    StoreError,
    StoreUnavailableError,
    TargetNotFoundError,
)
from alu.knowledge import Knowledge
from alu.merge import Outcome
from alu.store_read import (
    DATABASE,
    LocalRead,
    from_metadata,
    local_read,
    refuse_lost_database,
    target_metadata,
)
from alu.text import normalize
from alu.types import Target, as_target, target_id
from alu.vectors import VectorIndex, rows_by_target
from alu.write_lock import exclusive_writer, server_lock_dir

log = logging.getLogger(__name__)
R = TypeVar("R")
_PAGE = 5000
_REVISION = "alu:revision"
_IDS = "alu:ids"
_IDS_VERSION = "2"
"""Stores whose collection metadata carries this id scheme need no migration (see `_migrate_ids`)."""
_OWN_REVISIONS = 64
_EMBEDDER = "alu:embedder"
"""The embedder (alu.embed_graph.EMBEDDER_ID) that wrote the store's vectors and fitted its decisions."""
SYNC_THRESHOLD = 100
"""Writes after which a local store saves its vector indexes (Chroma's `hnsw.sync_threshold`, default 1,000).
Chroma applies its write log to the saved index whenever a process first reads a collection, ~0.6 ms per
logged write: with the default, a 10,000-target store that `alu targets add|remove` had written to a few
hundred times cost every new process 1.3 s (targets) + 0.6 s (vectors) before its first read, against 0.06 +
0.10 s once saved. A save rewrites the index file (16-34 MB at 10,000 targets): a bulk write of 256-target
batches now saves once per batch (was every fourth), small writes every 100th write."""
EF_SEARCH = 400
"""Breadth of Chroma's HNSW search (its `hnsw.ef_search`, default 100), which screening's kNN uses past
alu.memory_index.MAX_ROWS rows. Measured on real MiniLM vectors (WMDP, MMLU and TOFU texts; 802 held-out
questions; 16 nearest): 70,059 rows, recall 99.21% / 99.66% / 99.90% at 100 / 200 / 400 and the nearest row
found 99.50% / 99.75% / 100%, for a query p50 of 1.15 / 1.33 / 1.40 ms. A cluster of near-identical texts (20
targets named 'Beta Person 00NN') was unreachable at 100 and found at 200. Chroma reads it when a process
first loads a collection's index: set at open, it holds for this process and every later one."""


@dataclass
class AddReport:
    """Outcome of adding targets: what was new, what merged into a stored target, what replaced one, and
    what was already there unchanged (`skipped`)."""

    added: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    stored: list[Target] = field(default_factory=list, repr=False)
    """The written targets as stored (merged ones with their merged names and description)."""
    expanded: list[str] = field(default_factory=list)
    """Written targets expanded as they were forgotten (`Settings.expand_on_forget`)."""
    not_expanded: dict[str, str] = field(default_factory=dict)
    """Written targets whose expansion failed, with why: stored all the same, not expanded."""
    absent: list[str] = field(default_factory=list)
    """With `stored_only`: the targets not written because none of that name was stored."""

    def __add__(self, other: AddReport) -> AddReport:
        return AddReport(
            self.added + other.added,
            self.skipped + other.skipped,
            self.merged + other.merged,
            self.replaced + other.replaced,
            self.stored + other.stored,
            self.expanded + other.expanded,
            self.not_expanded | other.not_expanded,
            self.absent + other.absent,
        )

    @property
    def written(self) -> list[str]:
        return self.added + self.merged + self.replaced

    def note_expansions(self, results: list[Any]) -> None:
        """Record what expanding the written targets gave (`alu.expansion.Expanded` each)."""
        self.expanded = [r.name for r in results if r.by in ("agent", "extractor")]
        self.not_expanded = {r.name: r.error for r in results if r.by == "failed"}

    def outcome(self, name: str) -> Outcome:
        if name in self.merged:
            return "merged"
        if name in self.replaced:
            return "replaced"
        return "added" if name in self.added else "unchanged"


def _check_reachable(url: str, timeout_s: float) -> tuple[str, int, bool]:
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ConfigError(f"store URL {url!r} must look like http://host:port or https://host:port")
    ssl = parsed.scheme == "https"
    port = parsed.port or (443 if ssl else 8000)
    try:
        with socket.create_connection((parsed.hostname, port), timeout=timeout_s):
            pass
    except OSError as exc:
        raise StoreUnavailableError(
            f"cannot reach the Chroma server at {url} ({exc.__class__.__name__}: {exc}); "
            "start it with `chroma run --path DIR --port PORT` or use a local store directory"
        ) from None
    return parsed.hostname, port, ssl


class ForgetStore:
    """Forget targets in Chroma. Ids are derived from normalised names, so writes are idempotent.

    Writes go in batches; each batch is one Chroma upsert, so a crash leaves whole batches behind and a rerun
    of the same import only adds what is missing."""

    def __init__(
        self,
        location: str = "~/.alu/store",
        *,
        collection: str = "alu_targets",
        timeout_s: float = 5.0,
        batch_size: int = 256,
        other_embedder_ok: bool = False,
    ) -> None:
        """`other_embedder_ok`: open a store whose vectors another embedder wrote (only to `reembed` it);
        otherwise that raises StaleEmbeddingsError.

        A local store whose SQLite file says it is current (both collections there, alu's id scheme, this
        embedder) opens without Chroma: counts, targets and the revision are read from the file, and Chroma's
        client (importing chromadb alone costs 0.6-0.8 s of CPU) opens on the first write or vector read.
        Any other store opens Chroma now, creating, migrating or refusing it as needed."""
        from alu.embeddings import get_embedder

        self.location = location
        self.batch_size = batch_size
        self._name = collection
        self._timeout_s = timeout_s
        self._other_embedder_ok = other_embedder_ok
        self._embedder = get_embedder()
        self._own: list[str] = []  # revisions this object wrote, newest last
        self._seen: str | None = None  # the revision our Chroma client holds, when known (see `_writing`)
        self._own_system: Any = None  # the chromadb system of our local client (see `_own_client`)
        self._retired: Any = None  # the one before it, stopped at the next catch-up
        self._lock = threading.Lock()
        self._held = threading.local()  # `writing`: this thread holds the store's write lock
        self._open_lock = threading.RLock()
        self._client: Any = None
        self._collections: tuple[Any, Any] | None = None  # (targets, vectors) once Chroma is open
        self._reader: LocalRead | None = None  # the SQLite file of a local store: targets collection
        self._vectors_reader: LocalRead | None = None  # and vectors collection
        self.vectors = VectorIndex(lambda: self._chroma()[1], self._call, self._count_vectors)
        try:
            if "://" in location and not self._remote:
                raise ConfigError(f"unknown store URL scheme in {location!r}: use a directory or http(s)://")
            if not self._remote:
                _own_directory(Path(location).expanduser())
                refuse_lost_database(Path(location).expanduser() / DATABASE, collection)
                if not other_embedder_ok:
                    self._readers(current=True)
        except (ConfigError, StoreError):
            raise
        except Exception as exc:
            raise StoreError(
                f"cannot open the forget store at {location}: {exc}{_hint(exc, location)}"
            ) from exc
        if self._reader is None:
            self._chroma()

    def _readers(self, *, current: bool) -> None:
        """Read a local store's SQLite file from now on (`current`: only when it holds both collections
        marked with alu's id scheme and this embedder, which is what opening through Chroma would check)."""
        targets = local_read(self.location, self._name)
        vectors = local_read(self.location, f"{self._name}_vectors")
        if targets is None or vectors is None:
            return
        if current:
            try:
                meta = targets.metadata()
                ready = targets.exists() and vectors.exists()
            except sqlite3.Error as exc:
                log.debug("opening %s through Chroma: %s", self.location, exc)
                return
            if not ready or (meta.get(_IDS), meta.get(_EMBEDDER)) != (_IDS_VERSION, self._embedder.identity):
                return
        self._reader, self._vectors_reader = targets, vectors

    def _chroma(self) -> tuple[Any, Any]:
        """The targets and vectors collections through Chroma's client, opened on first use."""
        if self._collections is None:
            with self._exclusive(), self._open_lock:
                if self._collections is None:
                    self._open_chroma()
        assert self._collections is not None
        return self._collections

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        """Hold a local store's write lock (alu.write_lock) for the block unless this thread holds it already.
        Chroma saves a vector index from the process that applies its write log (every SYNC_THRESHOLD
        writes): on a write, and also when a process first reads a collection and applies what other
        processes logged since the last save. A save rewrites the index files in place, from that process's
        own copy, and moves the saved log position; two processes saving at once, or one whose copy was read
        half-written, can leave files without rows the log no longer holds. So a client opens, and first reads
        each collection, only under the lock: every save then comes from one process at a time, caught up.
        A read-only directory has no lock (and no process can save there): reads go on without it."""
        writable = os.access(Path(self.location).expanduser(), os.W_OK)
        if self._remote or getattr(self._held, "writing", False) or not writable:
            yield
            return
        with self._write_lock():
            yield

    @contextmanager
    def _write_lock(self) -> Iterator[None]:
        """The store's write lock (StoreError when it cannot be had), marked held by this thread."""
        with exclusive_writer(Path(self.location).expanduser()):
            self._held.writing = True
            try:
                yield
            finally:
                self._held.writing = False

    @property
    def _collection(self) -> Any:
        return self._chroma()[0]

    def _open_chroma(self) -> None:
        """Open Chroma's client and both collections (creating them), move rows to alu's id scheme and check
        the embedder that wrote them."""
        try:
            if self._remote:
                self._client = _client(self.location, self._timeout_s)
            else:
                self._client = _own_client(self.location)
                self._own_system = self._client._server._system
            self._collections = _collections(self._client, self._name)
            for kept in self._collections:
                _tune_index(kept, remote=self._remote)
            if not self._remote:
                _catch_up(self._collections)
            if (self._collections[0].metadata or {}).get(_IDS) != _IDS_VERSION:
                self._migrate_ids()
            if not self._other_embedder_ok:
                self._check_embedder()
            if not self._remote and self._reader is None:
                self._readers(current=False)
        except BaseException as exc:
            self._client = self._collections = None
            if isinstance(exc, (ConfigError, StoreError)) or not isinstance(exc, Exception):
                raise
            raise StoreError(
                f"cannot open the forget store at {self.location}: {exc}{_hint(exc, self.location)}"
            ) from exc

    # -- writes ---------------------------------------------------------------------------------------
    def add(
        self,
        targets: Iterable[Target | str | dict],
        progress: Callable[[int], None] | None = None,
        *,
        replace: bool = False,
        retain: list[str] | None = None,
        stored_only: bool = False,
    ) -> AddReport:
        """Add targets; a target already stored gets the new material merged in (or, with `replace`, is
        replaced). Invalid items raise before anything is written. `retain`: texts that must not count as any
        of these targets (fitting negatives, not stored). `stored_only`: only merge into targets stored when
        the write lock is held; the others are left out, listed as `absent` (an expansion of a target
        withdrawn meanwhile must not bring it back)."""
        items = [as_target(t) for t in targets]
        unique: dict[str, Target] = {}
        report = AddReport()
        for t in items:
            if t.id in unique:
                report.skipped.append(t.name)
            else:
                unique[t.id] = t
        todo = list(unique.values())
        for start in range(0, len(todo), self.batch_size):
            try:
                with self._writing():
                    batch = todo[start : start + self.batch_size]
                    report += self._add_batch(batch, replace, retain or [], stored_only)
            except StoreError as exc:
                if not report.written:
                    raise
                raise type(exc)(
                    f"{exc}; the {len(report.written)} targets of the batches before it were written, "
                    "and adding the same targets again skips them"
                ) from exc
            if progress:
                progress(min(start + self.batch_size, len(todo)))
        return report

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Hold a local store's write lock (alu.write_lock) with Chroma open and caught up with every other
        process's writes, so this write lands on the current vector index and none of theirs is lost. A
        Chroma server serialises writes itself; writers of this machine still take turns at it, so that an
        add's check of what exists holds until its write (alu.write_lock)."""
        if self._remote:
            with exclusive_writer(server_lock_dir(self.location, self._name), store=self.location):
                yield
            return
        with self._write_lock():
            opened_now = self._collections is None
            self._chroma()
            revision = self.revision()
            if not opened_now and revision != self._seen and revision not in self._own:
                self.reload()
            self._seen = revision
            yield

    def _add_batch(
        self, batch: list[Target], replace: bool, retain: list[str], stored_only: bool
    ) -> AddReport:
        from alu.knowledge_write import plan_batch

        ids = [t.id for t in batch]
        got = self._call("read", lambda: self._collection.get(ids=ids, include=["metadatas"]))
        existing = {i: from_metadata(m) for i, m in zip(got["ids"], got["metadatas"], strict=True)}
        absent = [t.name for t in batch if stored_only and t.id not in existing]
        batch = [t for t in batch if not stored_only or t.id in existing]
        plan = plan_batch(batch, existing, self.vectors, self._embedder, replace=replace, retain=retain)
        plan.report.absent = absent
        if plan.targets:
            # Embedded before the first write (plan_batch): a process killed while embedding leaves nothing
            # half-written.
            with self._published():
                self.vectors.delete(plan.cleared)
                self.vectors.write(plan.rows, plan.row_vectors)
                # last: a target is visible once its vectors are in
                self._write_rows(plan.targets, plan.target_vectors)
        plan.report.stored = plan.targets
        return plan.report

    @contextmanager
    def _published(self) -> Iterator[None]:
        """Publish a new revision after the block's writes. When they fail, Chroma may have logged a write it
        then failed to apply (a full disk fails its compaction), leaving rows stored under the old revision:
        readers also compare the last write applied (alu.screen.Screener.refresh), and the error says the
        write may have landed. No revision is written then: a write into Chroma on a full disk left its
        next write, after the disk was freed, hanging (tests/test_faults.py's real tmpfs)."""
        try:
            yield
        except Exception as exc:
            lost = not self._remote and not _database_in_place(self.location)  # said by its own hint
            if isinstance(exc, StoreError) and _PARTLY_WRITTEN not in str(exc) and not lost:
                raise type(exc)(f"{exc} ({_PARTLY_WRITTEN})") from exc
            raise
        self._bump()

    def _write_rows(self, targets: list[Target], vectors: list[Any]) -> None:
        self._call(
            "write",
            lambda: self._collection.upsert(
                ids=[t.id for t in targets],
                embeddings=vectors,
                documents=[t.embedding_text() for t in targets],
                metadatas=[target_metadata(t) for t in targets],
            ),
        )

    def remove(self, name: str | None = None, *, id: str | None = None) -> Target:
        """Delete the target with this name (same name up to case and spacing), or, only when asked with
        `id=`, the one with this id. A name is never read as an id: a target may be called `t-…`."""
        if name is None and id is None:
            raise ValueError("withdraw needs a target name, or id=...")
        if name is not None and id is not None:
            raise ValueError("withdraw takes a target name or id=..., not both")
        given = id if name is None else name
        if not isinstance(given, str):
            what = "name" if name is not None else "id"
            raise TypeError(f"withdraw takes the target's {what} as a string, got {type(given).__name__}")
        self._stored(name, id)  # a name not stored fails here, before the lock and Chroma's open
        with self._writing():
            target = self._stored(name, id)  # again: another process may have withdrawn it meanwhile
            with self._published():
                self._call("write", lambda: self._collection.delete(ids=[target.id]))
                self.vectors.delete([target.id])
        return target

    def _stored(self, name: str | None, id: str | None) -> Target:
        target = self.get(name) if name is not None else self.get_by_id(id or "")
        if target is None:
            what = f"named {name!r}{self._near_names(name)}" if name is not None else f"with id {id!r}"
            raise TargetNotFoundError(f"no forget target {what}")
        return target

    def with_knowledge(self, targets: list[Target]) -> list[Target]:
        """The targets with their stored examples, document chunks (as documents) and probes filled in."""
        texts = self.texts([t.id for t in targets if t.decision])
        out = []
        for target in targets:
            rows = texts.get(target.id, [])
            by = {s: [r.text for r in rows if r.source == s] for s in ("example", "chunk", "probe")}
            fill = {"examples": by["example"], "documents": by["chunk"], "probes": by["probe"]}
            out.append(target.model_copy(update=fill) if target.decision else target)
        return out

    def knowledge(self, name_or_id: str) -> list[Knowledge]:
        """Every text stored as a vector of the target (description sentences, examples, chunks, probes)."""
        target = self.get(name_or_id) or (self.get_by_id(name_or_id) if name_or_id.startswith("t-") else None)
        if target is None:
            raise TargetNotFoundError(f"no forget target named {name_or_id!r}")
        return self.texts([target.id]).get(target.id, [])

    def texts(self, target_ids: list[str]) -> dict[str, list[Knowledge]]:
        """The stored knowledge rows of these targets by id, without their vectors: from a local store's
        SQLite file (one read for many targets), else from Chroma (alu.vectors.VectorIndex.rows_of_many)."""
        local = self._local(self._vectors_reader, lambda r: r.texts(target_ids))
        if local is not None:
            return local
        return {tid: rows for tid, (rows, _) in self.vectors.rows_of_many(target_ids).items() if rows}

    def _near_names(self, name: str) -> str:
        """A hint naming targets that differ from `name` only in accents or punctuation (`Zoë` for `Zoe`):
        distinct names for the store, easily mistaken by a person. Read only when a withdraw misses."""
        key = normalize(name)
        near = [t.name for t in self.snapshot().values() if normalize(t.name) == key][:3]
        return f" (did you mean {', '.join(map(repr, near))}?)" if near else ""

    # -- reads ----------------------------------------------------------------------------------------
    def get(self, name: str) -> Target | None:
        """The target with this name (up to case and spacing), or None."""
        try:
            tid = target_id(name)
        except Exception:  # not a string: there is no such target
            return None
        return self.get_by_id(tid)

    def get_by_id(self, tid: str) -> Target | None:
        local = self._local(self._reader, lambda r: r.targets([tid]))
        if local is not None:
            return local.get(tid)
        got = self._call("read", lambda: self._collection.get(ids=[tid], include=["metadatas"]))
        rows = [m for m in got["metadatas"] or [] if m is not None]
        return from_metadata(rows[0]) if rows else None

    def all(self) -> list[Target]:
        return list(self.snapshot().values())

    def snapshot(self) -> dict[str, Target]:
        """Every target by id: from the SQLite file of a local store (about 4x faster), else read in pages
        (one Chroma read per 5,000 targets)."""
        view = local_read(self.location, self._name)
        if view is not None:
            try:
                return view.snapshot()
            except sqlite3.Error as exc:
                log.debug("reading %s through Chroma: %s", self.location, exc)
        out: dict[str, Target] = {}
        total = self.count()
        for offset in range(0, total, _PAGE):
            got = self._call(
                "read", lambda o=offset: self._collection.get(include=["metadatas"], limit=_PAGE, offset=o)
            )
            rows = zip(got["ids"], got["metadatas"], strict=True)
            out.update((i, from_metadata(m)) for i, m in rows if m is not None)
        return out

    def get_many(self, ids: list[str]) -> dict[str, Target]:
        """The targets with these ids, by id (ids not stored are left out)."""
        local = self._local(self._reader, lambda r: r.targets(ids))
        if local is not None:
            return local
        found: dict[str, Target] = {}
        for start in range(0, len(ids), _PAGE):
            part = ids[start : start + _PAGE]
            got = self._call("read", lambda p=part: self._collection.get(ids=p, include=["metadatas"]))
            rows = zip(got["ids"], got["metadatas"], strict=True)
            found.update((i, from_metadata(m)) for i, m in rows if m)
        return found

    def versions(self) -> dict[str, int] | None:
        """Each target's row version by id, from a local store's SQLite file (a row gets a new one whenever
        it is written): what changed since an earlier read, without reading every target. None for a store
        that cannot tell (a Chroma server)."""
        return self._local(self._reader, LocalRead.versions)

    def count(self) -> int:
        local = self._local(self._reader, LocalRead.count)
        return local if local is not None else int(self._call("read", self._collection.count))

    def _count_vectors(self) -> int:
        local = self._local(self._vectors_reader, LocalRead.count)
        return local if local is not None else int(self._call("read", self._chroma()[1].count))

    def _local(self, reader: LocalRead | None, read: Callable[[LocalRead], R]) -> R | None:
        """`read(reader)` from a local store's SQLite file; None when there is no file to read or the read
        fails (the caller reads through Chroma instead)."""
        if reader is None:
            return None
        try:
            return read(reader)
        except sqlite3.Error as exc:
            log.debug("reading %s through Chroma: %s", self.location, exc)
            return None

    def written(self) -> int | None:
        """The sequence number of the last write Chroma applied to a local store's target rows (None for a
        server): it moves on every write, even one that failed before a new revision was published, so a
        reader comparing it besides the revision misses no stored row."""
        return self._local(self._reader, LocalRead.written)

    def revision(self) -> str:
        """A marker that changes on every write through any ForgetStore (this process or another one on the
        same store): one small read (of the SQLite file for a local store), so readers can check it before
        every query and catch up only when it moved. Empty for a store no ForgetStore has written to since
        revisions were introduced."""
        local = self._local(self._reader, LocalRead.revision)
        if local is not None:
            return local
        meta = self._call("read", self._collection_metadata)
        return str(meta.get(_REVISION, ""))

    def catch_up(self, revision: str) -> None:
        """Make this object see a revision another process wrote. A local Chroma keeps its vector index in
        memory per process and never reloads it: after another process removes a target its queries return
        rows without metadata, after an add they miss the new vectors. Reopening the client reloads it (the
        index loads lazily: ~20 ms). A Chroma server is one index for everyone: nothing to do, and neither is
        there for a client not opened yet."""
        if not self._remote and revision not in self._own:
            self.reload()

    def reload(self) -> None:
        """Reopen a local store's client, so its vector index holds every other process's writes (see
        :meth:`catch_up`; two writers racing can leave our own revision on the marker over the other's)."""
        if self._collections is None:  # opens at the current revision when first needed
            return
        from alu.chroma_embedding import AluEmbeddingFunction

        # Queries still running on the replaced system finish on it; it is stopped (memory and files
        # released; stopping saves nothing) at the next catch-up, long after.
        with self._exclusive(), self._lock:
            client = _own_client(self.location)
            kept = self._call(
                "read",
                lambda: tuple(
                    client.get_collection(name, embedding_function=AluEmbeddingFunction())
                    for name in (self._name, f"{self._name}_vectors")
                ),
            )
            self._call("read", lambda: _catch_up(kept))
            if self._retired is not None:
                self._retired.stop()
            self._retired = self._own_system
            self._own_system = client._server._system
            self._client, self._collections = client, kept

    @property
    def _remote(self) -> bool:
        return self.location.startswith(("http://", "https://"))

    def _collection_metadata(self) -> dict[str, Any]:
        from alu.chroma_embedding import AluEmbeddingFunction

        self._chroma()
        fresh = self._client.get_collection(self._name, embedding_function=AluEmbeddingFunction())
        return dict(fresh.metadata or {})

    def _bump(self) -> None:
        """Publish a new revision after a write. The data is written first, so a reader that sees the new
        marker also sees the write (readers diff the ids, they never trust the marker for what changed)."""

        revision = uuid.uuid4().hex

        def bump() -> None:
            meta = {k: v for k, v in self._collection_metadata().items() if not k.startswith("hnsw:")}
            self._own[:] = [*self._own[-_OWN_REVISIONS + 1 :], revision]
            self._collection.modify(metadata={**meta, _REVISION: revision})

        self._call("write", bump)

    def _migrate_ids(self) -> None:
        """Move rows stored under the older ids (which folded accents and punctuation, so `C++` and `C`
        collided) to :func:`alu.types.target_id`, with their knowledge vectors, then mark the collection.
        The ids to move are listed before anything moves (paging while rows move would skip some). Each row
        is copied before its old id is deleted, vectors before their target row, so an interrupted migration
        loses nothing and the next open finishes it."""
        moving: list[tuple[str, Target]] = []
        for offset in range(0, self.count(), _PAGE):
            got = self._call(
                "read", lambda o=offset: self._collection.get(include=["metadatas"], limit=_PAGE, offset=o)
            )
            found = [(i, from_metadata(m)) for i, m in zip(got["ids"], got["metadatas"], strict=True) if m]
            moving += [(i, t) for i, t in found if i != t.id]
        has_vectors = bool(self.vectors.count())
        for start in range(0, len(moving), _PAGE):
            page = moving[start : start + _PAGE]
            old_ids = [i for i, _ in page]
            got = self._call(
                "read", lambda ids=old_ids: self._collection.get(ids=ids, include=["embeddings"])
            )
            vectors = dict(zip(got["ids"], got["embeddings"], strict=True))
            for old_id, target in page if has_vectors else []:
                self.vectors.rekey(old_id, target.id)
            self._write_rows([t for _, t in page], [vectors[i] for i in old_ids])
            self._call("write", lambda ids=old_ids: self._collection.delete(ids=ids))
            log.info("forget store: %d targets moved to collision-free ids", len(page))
        meta = {k: v for k, v in self._collection_metadata().items() if not k.startswith("hnsw:")}
        self._call("write", lambda: self._collection.modify(metadata={**meta, _IDS: _IDS_VERSION}))

    def embedder(self) -> str:
        """The embedder that wrote this store's vectors ('' for a store written before alu recorded it)."""
        meta = self._local(self._reader, LocalRead.metadata)
        return str((meta if meta is not None else self._collection_metadata()).get(_EMBEDDER, ""))

    def _check_embedder(self) -> None:
        """Refuse vectors of another embedder: similarities would shift under every threshold and fitted
        decision. An empty store is simply marked as this embedder's."""
        written = self.embedder()
        if written == self._embedder.identity:
            return
        if not self.count() and not self.vectors.count():
            self._mark_embedder()
            return
        raise StaleEmbeddingsError(
            f"the forget store at {self.location} was embedded by "
            f"{written or 'an earlier alu (MiniLM on fp32 kernels)'}, and alu now embeds with "
            f"{self._embedder.identity}: similarities differ, so its vectors and fitted decisions no longer "
            f"apply. Run `alu --store {self.location} targets reembed` once (every target and knowledge text "
            "is embedded again and each decision refitted; nothing else changes)"
        )

    def _mark_embedder(self) -> None:
        meta = {k: v for k, v in self._collection_metadata().items() if not k.startswith("hnsw:")}
        identity = self._embedder.identity
        self._call("write", lambda: self._collection.modify(metadata={**meta, _EMBEDDER: identity}))

    def reembed(self, progress: Callable[[int], None] | None = None) -> int:
        """Embed every target and knowledge text again with this alu's embedder and refit every decision
        (the retain examples given when a target was written are not stored, so they are no longer among
        its negatives); returns the number of targets. Knowledge rows are re-embedded first (decisions are
        fitted against other targets' rows), target rows last, then the store is marked; an interrupted run
        leaves the store unmarked and the next run does it all again."""
        with self._writing():
            return self._reembed(progress)

    def _reembed(self, progress: Callable[[int], None] | None) -> int:
        from alu.entity_decision import fact_view
        from alu.knowledge_write import refit

        targets = list(self.snapshot().values())
        rows = {tid: found for tid, (found, _) in self.vectors.rows_of_many([t.id for t in targets]).items()}
        vectors = self._embedder.embed([fact_view(t, r.text) for t in targets for r in rows[t.id]])
        self.vectors.write([r for t in targets for r in rows[t.id]], vectors)
        stored: dict[str, tuple[list[Knowledge], Any]] = {}
        start = 0
        for target in targets:
            stored[target.id] = (rows[target.id], vectors[start : start + len(rows[target.id])])
            start += len(rows[target.id])
        for start in range(0, len(targets), self.batch_size):
            batch = refit(targets[start : start + self.batch_size], stored, self.vectors, self._embedder)
            self._write_rows(batch, self._embedder.embed([t.embedding_text() for t in batch]))
            if progress is not None:
                progress(min(start + self.batch_size, len(targets)))
        self._mark_embedder()
        self._bump()
        return len(targets)

    def nearest(self, texts: list[str], m: int) -> list[list[tuple[Target, float]]]:
        """For each text, up to m targets with their cosine similarity, most similar first."""
        texts = [t for t in texts if t.strip()]
        if not texts:
            return []
        return self.nearest_to(self.embed(texts), m)

    def embed(self, texts: list[str]) -> Any:
        return self._embedder.embed(texts)

    def nearest_to(self, vectors: Any, m: int) -> list[list[tuple[Target, float]]]:
        """`nearest` for texts already embedded (one row of `vectors` per text)."""
        if not len(vectors):
            return []
        # Chroma returns fewer than n_results when the collection holds fewer: no count() round trip.
        got = self._call(
            "read",
            lambda: self._collection.query(
                query_embeddings=vectors, n_results=m, include=["metadatas", "distances"]
            ),
        )
        # A row withdrawn while the query ran comes back without metadata: it is no longer a target.
        return [
            [
                (from_metadata(meta), 1.0 - float(dist))
                for meta, dist in zip(metas, dists, strict=True)
                if meta is not None
            ]
            for metas, dists in zip(got["metadatas"], got["distances"], strict=True)
        ]

    def target_vectors(self, ids: list[str]) -> dict[str, Any]:
        """The stored vector of each of these targets, as a (1, 384) array by id (ids not stored are left
        out): what the screener holds in memory for its kNN (alu.memory_index)."""
        return self.rows_of(lambda part: rows_by_target(self._call, self._collection, part, keyed=False), ids)

    def rows_of(self, read: Callable[[list[str]], dict[str, Any]], ids: list[str]) -> dict[str, Any]:
        """`read(ids)`; on a local store, if it fails, once more after :meth:`reload`, then id by id, leaving
        out the ids this process cannot read yet. Chroma fails a whole read ('Error finding id') when one
        row another process just wrote is in the shared SQLite file but not yet in this process's vector
        index (when two writers race, our own revision can land on the marker over the other's); such a
        target's vectors are missed until the next reload, as Chroma's own queries missed them."""
        try:
            return read(ids)
        except StoreError:
            if self._remote:
                raise
            self.reload()
        try:
            return read(ids)
        except StoreError:
            found: dict[str, Any] = {}
            for one in ids:
                try:
                    found.update(read([one]))
                except StoreError as exc:
                    log.debug("vectors of %s not readable yet: %s", one, exc)
            return found

    def nearest_ids(self, vectors: Any, m: int) -> list[list[tuple[str, float]]]:
        """`nearest_to` as (target id, similarity) pairs, rows not read: for a caller that holds the targets
        in memory (the screener), about half the cost of a query per text."""
        if not len(vectors):
            return []
        got = self._call(
            "read",
            lambda: self._collection.query(query_embeddings=vectors, n_results=m, include=["distances"]),
        )
        return [
            [(tid, 1.0 - float(dist)) for tid, dist in zip(ids, dists, strict=True)]
            for ids, dists in zip(got["ids"], got["distances"], strict=True)
        ]

    def _call(self, kind: str, fn: Callable[[], Any]) -> Any:
        try:
            if kind == "read":
                return _read_again_while_index_loads(fn)
            return fn()
        except (ConfigError, StoreError):  # already says which store and why (Chroma opening on first use)
            raise
        except Exception as exc:
            if self._remote and _is_connection_error(exc):
                raise StoreUnavailableError(
                    f"the Chroma server at {self.location} did not answer a {kind} "
                    f"({exc.__class__.__name__}: {exc}); check that it is running"
                ) from exc
            raise StoreError(
                f"forget store {kind} failed at {self.location}: {exc}{_hint(exc, self.location)}"
            ) from exc


INDEX_LOAD_WAITS_S = (0.05, 0.1, 0.2, 0.4, 0.8)
"""Waits before asking a read again while Chroma loads the collection's vector index (1.55 s at most)."""


def _index_loading(exc: BaseException) -> bool:
    """Chroma 1.5's 'Error creating hnsw segment reader: Nothing found on disk': a `chroma run` server fails
    a client's first reads of a collection that other clients are writing at that moment (two bench
    replicas ingesting at start-up; 9 of 240 first queries of six clients at once). Nothing is lost:
    the same read a moment later succeeds (0 of 720 failed with these waits)."""
    return "hnsw segment reader" in str(exc).lower()


def _read_again_while_index_loads(read: Callable[[], R]) -> R:
    """A read, asked again (a read changes nothing) while Chroma fails it for an index it is loading; any
    other failure, or this one after the last wait, is raised."""
    for wait_s in INDEX_LOAD_WAITS_S:
        try:
            return read()
        except Exception as exc:
            if not _index_loading(exc):
                raise
            log.info("Chroma is loading a vector index (%s); reading again in %.2f s", exc, wait_s)
        time.sleep(wait_s)
    return read()


def _own_directory(path: Path) -> None:
    """Create a local store's directory, owner-only; never give back a permission the owner took away."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        os.chmod(path, mode & 0o700)


def _client(location: str, timeout_s: float) -> Any:
    """Chroma's HTTP client of a server (checked reachable first); a local store opens `_own_client`."""
    from alu._offline import before_chromadb

    before_chromadb()
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    host, port, ssl = _check_reachable(location, timeout_s)
    client = chromadb.HttpClient(
        host=host, port=port, ssl=ssl, settings=ChromaSettings(anonymized_telemetry=False)
    )
    _set_http_timeout(client, timeout_s)
    return client


def _own_client(location: str) -> Any:
    """A client of a local store on a chromadb system of its own, loaded afresh. chromadb keeps one system per
    directory for a process to share, and that system's vector index dates from its first read of each
    collection: a store opened on it could write over an index that misses other processes' writes. The
    shared cache is left as it was (other clients keep theirs, none gets this one)."""
    from alu._offline import before_chromadb

    before_chromadb()
    import chromadb
    from chromadb.api.shared_system_client import SharedSystemClient
    from chromadb.config import Settings as ChromaSettings

    path = str(Path(location).expanduser())
    cache = SharedSystemClient._identifier_to_system
    shared = cache.pop(path, None)
    try:
        return chromadb.PersistentClient(path=path, settings=ChromaSettings(anonymized_telemetry=False))
    finally:
        cache.pop(path, None)
        if shared is not None:
            cache[path] = shared


def _catch_up(collections: Iterable[Any]) -> None:
    """Have Chroma apply its write log to each collection's vector index now (its first read does), while the
    caller holds the write lock (see `ForgetStore._exclusive`): applying it may save the index."""
    for collection in collections:
        collection.count()


def _collections(client: Any, name: str) -> tuple[Any, Any]:
    """The targets and vectors collections of a store, created when missing (a new store is marked with
    alu's id scheme and this embedder)."""
    from alu.chroma_embedding import AluEmbeddingFunction
    from alu.embeddings import EMBEDDER_ID

    targets = client.get_or_create_collection(
        name,
        embedding_function=AluEmbeddingFunction(),
        metadata={"hnsw:space": "cosine", _IDS: _IDS_VERSION, _EMBEDDER: EMBEDDER_ID},
    )
    vectors = client.get_or_create_collection(
        f"{name}_vectors", embedding_function=AluEmbeddingFunction(), metadata={"hnsw:space": "cosine"}
    )
    return targets, vectors


def _tune_index(collection: Any, *, remote: bool) -> None:
    """Give a collection alu's EF_SEARCH and, on a local store, its SYNC_THRESHOLD (once per collection: new
    ones and those written by earlier versions). Only a matter of recall and speed: a Chroma that refuses the
    settings keeps its own."""
    wanted = {"ef_search": EF_SEARCH, **({} if remote else {"sync_threshold": SYNC_THRESHOLD})}
    try:
        hnsw = (collection.configuration or {}).get("hnsw") or {}
        changed = {key: value for key, value in wanted.items() if hnsw.get(key) != value}
        if hnsw and changed:
            collection.modify(configuration={"hnsw": changed})
    except Exception as exc:  # chromadb raises many kinds; the store opens either way
        log.info("forget store: could not set the vector index's %s: %s", ", ".join(wanted), exc)


def _set_http_timeout(client: Any, timeout_s: float) -> None:
    """chromadb's HTTP client waits forever (httpx timeout=None): a frozen server would hang every request.
    Bound each request by the store timeout instead."""
    import httpx

    session = getattr(getattr(client, "_server", None), "_session", None)
    if isinstance(session, httpx.Client):
        session.timeout = httpx.Timeout(timeout_s)


def _is_connection_error(exc: BaseException) -> bool:
    import httpx

    return isinstance(exc, (httpx.TransportError, ConnectionError, TimeoutError))


def _hint(exc: BaseException, location: str | None = None) -> str:
    """What a disk-level failure means for the user. SQLite reports these as text, the OS as errno. SQLite
    also says 'attempt to write a readonly database' (code 1032) when the database file was deleted or
    replaced under an open connection: that is told apart by looking at the file."""
    text = str(exc).lower()
    if (isinstance(exc, OSError) and exc.errno in (27, 28)) or "disk is full" in text:
        return f" (the disk is full: {_PARTLY_WRITTEN}, once space is freed)"
    lost = "readonly" in text or "no such table" in text
    if lost and location is not None and "://" not in location and not _database_in_place(location):
        return (
            f" (the store's database {DATABASE} was deleted or emptied while this process had it open: "
            "the store no longer holds its targets; restore the file from a backup, or move the folder away "
            "and forget the targets again)"
        )
    if (isinstance(exc, OSError) and exc.errno in (13, 30)) or "readonly" in text or "read-only" in text:
        return (
            " (the store is read-only: alu reads a current local store from its file, but writing, and"
            " reading vectors through Chroma, need write access to the directory)"
        )
    return ""


_PARTLY_WRITTEN = "this batch may have been partly or fully written; run the same command again"


def _database_in_place(location: str) -> bool:
    """Whether a local store's database file is there and not empty."""
    db = Path(location).expanduser() / DATABASE
    return db.is_file() and db.stat().st_size > 0
