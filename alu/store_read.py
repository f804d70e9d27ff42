"""A read-only view of a local forget store straight from Chroma's SQLite file, without importing chromadb.

Importing chromadb takes 1-2 s and reading 10,000 targets through its client another 2 s; the same rows come
out of its metadata tables in ~0.15 s. `alu targets count|list` and the screener's first snapshot read
through here. It understands the Chroma 1.x layout (collections, segments, embeddings,
embedding_metadata, collection_metadata); anything else (a server store, another layout, a locked or
missing file) returns None and the caller uses the Chroma client, so this is only ever a shortcut. The row
format (a target as Chroma metadata) lives here too, so reading it needs neither chromadb nor alu.store."""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from pathlib import Path
from typing import Any

from alu import saved_files, saved_targets
from alu.errors import StoreError
from alu.gc_pause import gc_paused
from alu.knowledge import Knowledge
from alu.types import STORED, Target

DATABASE = "chroma.sqlite3"
_SAVED = frozenset(
    {saved_targets.FILE, "alu-name-index.pickle", "alu-memory-index.npz", "alu-masked-vectors.npz"}
)
"""alu's files saved beside a store that has held targets (alu.saved_targets, name_index, memory_index,
masked_vectors)."""
_DOCUMENT = "chroma:document"
_IDS_PER_QUERY = 500
"""Ids one read selects (SQLite allows 32,766 variables in a statement)."""


def target_metadata(target: Target) -> dict[str, Any]:
    """A target as the metadata of its Chroma row (lists as JSON text: Chroma stores scalars)."""
    return {
        "name": target.name,
        "aliases": json.dumps(target.aliases, ensure_ascii=False),
        "description": target.description,
        "tags": json.dumps(target.tags, ensure_ascii=False),
        "created_at": float(target.created_at),
        "kind": target.kind or "",
        "keys": json.dumps(target.keys, ensure_ascii=False),
        "extracted_keys": json.dumps(target.extracted_keys, ensure_ascii=False),
        "key_roles": json.dumps(target.key_roles, ensure_ascii=False),
        "lead": target.lead,
        "credited": json.dumps(target.credited, ensure_ascii=False),
        "updated_at": float(target.updated_at),
        "generated": json.dumps(target.generated, ensure_ascii=False),
        "expanded_at": float(target.expanded_at),
        "decision": target.decision,
        "fitted_on": target.fitted_on,
        "requested_by": target.requested_by,
        "reference": target.reference,
    }


def from_metadata(meta: dict[str, Any]) -> Target:
    """The target a row's metadata describes (:func:`target_metadata` read back; not checked again)."""
    row = dict(
        name=meta["name"],
        aliases=json.loads(meta.get("aliases") or "[]"),
        description=meta.get("description") or "",
        tags=json.loads(meta.get("tags") or "[]"),
        created_at=float(meta.get("created_at") or 0.0),
        kind=meta.get("kind") or None,
        keys=json.loads(meta.get("keys") or "[]"),
        extracted_keys=json.loads(meta.get("extracted_keys") or "[]"),
        key_roles=json.loads(meta.get("key_roles") or "{}"),
        lead=meta.get("lead") or "",
        credited=json.loads(meta.get("credited") or "[]"),
        updated_at=float(meta.get("updated_at") or 0.0),
        generated=json.loads(meta.get("generated") or "[]"),
        expanded_at=float(meta.get("expanded_at") or 0.0),
        decision=meta.get("decision") or "",
        fitted_on=meta.get("fitted_on") or "",
        requested_by=meta.get("requested_by") or "",
        reference=meta.get("reference") or "",
    )
    return Target.model_validate(row, context=STORED)


class LocalRead:
    """Counts, targets and the revision marker of one collection of a local store. One read-only connection
    is kept: the screener reads the revision before every question (6 µs against ~1 ms through Chroma's
    client or a new connection). Each query is its own read transaction, so it sees every committed write."""

    def __init__(self, db: Path, collection: str) -> None:
        self.db = db.resolve()  # a file URI needs an absolute path (stores may be given relative)
        self.collection = collection
        self._con: sqlite3.Connection | None = None
        self._written_segment: str | None = None  # see `written`
        self._lock = threading.Lock()

    def _query(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        with self._lock:
            if self._con is None:
                uri = f"{self.db.as_uri()}?mode=ro"
                self._con = sqlite3.connect(uri, uri=True, timeout=2.0, check_same_thread=False)
            try:
                return self._con.execute(sql, args).fetchall()
            except sqlite3.Error:
                self._con.close()  # the next query connects afresh
                self._con = None
                raise

    def _segment(self) -> str | None:
        rows = self._query(
            "SELECT s.id FROM segments s JOIN collections c ON c.id = s.collection "
            "WHERE c.name = ? AND s.scope = 'METADATA'",
            self.collection,
        )
        return rows[0][0] if len(rows) == 1 else None

    def count(self) -> int:
        segment = self._segment()
        if segment is None:
            return 0
        return int(self._query("SELECT COUNT(*) FROM embeddings WHERE segment_id = ?", segment)[0][0])

    def snapshot(self) -> dict[str, Target]:
        """Every target by id, built the way the Chroma client's metadata would build it: from the targets
        saved beside the store and the rows written since (alu.saved_targets)."""
        return saved_targets.snapshot(self)

    def read_all(self) -> dict[str, Target]:
        """Every target by id, read from the rows."""
        return self._targets("")

    def targets(self, ids: list[str]) -> dict[str, Target]:
        """The targets with these ids, by id (ids not stored are left out)."""
        found: dict[str, Target] = {}
        for start in range(0, len(ids), _IDS_PER_QUERY):
            part = ids[start : start + _IDS_PER_QUERY]
            found.update(self._targets(f" AND e.embedding_id IN ({','.join('?' * len(part))})", *part))
        return found

    def _targets(self, where: str, *args: Any) -> dict[str, Target]:
        segment = self._segment()
        if segment is None:
            return {}
        metas: dict[str, dict[str, Any]] = {}
        rows = self._query(
            "SELECT e.embedding_id, m.key, m.string_value, COALESCE(m.float_value, m.int_value) "
            f"FROM embeddings e JOIN embedding_metadata m ON m.id = e.id WHERE e.segment_id = ?{where}",
            segment,
            *args,
        )
        for tid, key, text, number in rows:
            meta = metas.setdefault(tid, {})
            if key != _DOCUMENT:
                meta[key] = text if text is not None else number
        with gc_paused():
            return {tid: from_metadata(meta) for tid, meta in metas.items()}

    def texts(self, target_ids: list[str]) -> dict[str, list[Knowledge]]:
        """The knowledge rows of these targets (this view being of a store's vectors collection), by target
        id, in the order they were written (as Chroma's client returns them). Rows only: no vectors."""
        segment = self._segment()
        found: dict[str, list[Knowledge]] = {}
        for start in range(0, len(target_ids) if segment else 0, _IDS_PER_QUERY):
            part = target_ids[start : start + _IDS_PER_QUERY]
            owners = ",".join("?" * len(part))
            rows = self._query(
                "SELECT e.id, m.key, m.string_value FROM embedding_metadata t "
                "JOIN embeddings e ON e.id = t.id JOIN embedding_metadata m ON m.id = e.id "
                f"WHERE e.segment_id = ? AND t.key = 'target_id' AND t.string_value IN ({owners}) "
                "AND m.key IN ('target_id', 'source', 'provenance', ?) ORDER BY e.id",
                segment,
                *part,
                _DOCUMENT,
            )
            fields: dict[int, dict[str, str]] = {}
            for row, key, value in rows:
                fields.setdefault(row, {})[key] = value
            for f in fields.values():
                tid = f["target_id"]
                found.setdefault(tid, []).append(Knowledge(tid, f[_DOCUMENT], f["source"], f["provenance"]))
        return found

    def versions(self) -> dict[str, int]:
        """Each row's write sequence number by id: Chroma gives a row a new one whenever it is written, so two
        reads that agree on a row's number saw the same row (a cheap way to find what changed)."""
        segment = self._segment()
        if segment is None:
            return {}
        rows = self._query("SELECT embedding_id, seq_id FROM embeddings WHERE segment_id = ?", segment)
        return {tid: _sequence_number(seq) for tid, seq in rows}

    def all(self) -> list[Target]:
        return list(self.snapshot().values())

    def revision(self) -> str:
        return str(self.metadata().get("alu:revision") or "")

    def metadata(self) -> dict[str, Any]:
        """The collection's metadata (alu's marks: revision, id scheme, embedder; Chroma's `hnsw:` keys)."""
        rows = self._query(
            "SELECT m.key, COALESCE(m.str_value, m.int_value, m.float_value, m.bool_value) "
            "FROM collection_metadata m JOIN collections c ON c.id = m.collection_id WHERE c.name = ?",
            self.collection,
        )
        return dict(rows)

    def exists(self) -> bool:
        """Whether the collection is in the file (with its metadata segment)."""
        return self._segment() is not None

    def written(self) -> int | None:
        """The sequence number of the last write Chroma applied to the collection's rows: it moves on every
        write, also one that failed before alu published a new revision. The screener reads it before every
        question: the metadata segment's id is kept (one primary-key read, ~10 µs against ~45 µs with the
        join), and looked up again when it is no longer there."""
        for _ in range(2):
            if self._written_segment is None:
                self._written_segment = self._segment()
            rows = self._query("SELECT seq_id FROM max_seq_id WHERE segment_id = ?", self._written_segment)
            if rows:
                return _sequence_number(rows[0][0])
            self._written_segment = None
        return None

    def close(self) -> None:
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None


def _sequence_number(value: int | bytes) -> int:
    """Chroma 1.x stores a row's sequence number as an integer; earlier versions as big-endian bytes."""
    return int.from_bytes(value, "big") if isinstance(value, bytes) else int(value)


def local_read(location: str, collection: str) -> LocalRead | None:
    """The SQLite view of a local store directory, or None when there is none to read this way. A database
    lost from a store that held targets raises StoreError (see `refuse_lost_database`)."""
    if "://" in location:
        return None
    db = Path(location).expanduser() / DATABASE
    if not db.is_file() or not db.stat().st_size:
        refuse_lost_database(db, collection)
        return None
    view = LocalRead(db, collection)
    try:
        if view._segment() is None:
            refuse_lost_database(db, collection)
    except sqlite3.Error:
        return None
    return view


def refuse_lost_database(db: Path, collection: str) -> None:
    """Raise StoreError when a local store's database is missing, empty (SQLite reads a 0-byte file as an
    empty database) or holds no collection, while alu's saved files or Chroma's index folders beside it show
    the store held targets: opening it would create a new, empty store and pass every answer about the
    targets it had. A new or empty folder is left to become a store. A database SQLite cannot read is left
    to Chroma, which says so."""
    lost = _lost(db, collection)
    if lost is None or not db.parent.is_dir():
        return
    entries = sorted(db.parent.iterdir())
    folders = sum(_index_folder(p) for p in entries)
    saved = [p.name for p in entries if p.name in _SAVED] + (
        [f"{folders} vector index folders"] if folders else []
    )
    listed = saved_files.load(db.parent / saved_targets.FILE)
    count = len(listed.targets) if isinstance(listed, saved_targets.SavedTargets) else None
    if not saved or (count == 0 and not folders):  # a store that never held a target lost nothing
        return
    shown = "an unknown number of" if count is None else str(count)
    raise StoreError(
        f"the forget store at {db.parent} has lost its database: {db.name} {lost}, yet the folder holds what "
        f"alu saved of it ({', '.join(saved)}; {shown} targets listed). Opening it would start an empty "
        f"store that forgets nothing: restore {db.name} from a backup, or move the folder away and forget "
        "the targets again"
    )


def _lost(db: Path, collection: str) -> str | None:
    """How the database of a store is lost (missing, empty, no collection), or None."""
    if not db.is_file():
        return "is missing"
    if db.stat().st_size == 0:
        return "is empty (0 bytes)"
    view = LocalRead(db, collection)
    try:
        if view._query("SELECT COUNT(*) FROM collections")[0][0] == 0:
            return "holds no collection"
        if view.exists():
            return None
    except sqlite3.Error:  # not a Chroma file SQLite can read: Chroma's own error says more
        return None
    finally:
        view.close()
    listed = saved_files.load(db.parent / saved_targets.FILE)
    if isinstance(listed, saved_targets.SavedTargets) and listed.collection == collection and listed.targets:
        return f"holds no collection {collection!r}"
    return None


def _index_folder(path: Path) -> bool:
    """Whether `path` is one of Chroma's vector index folders (named by a segment's UUID)."""
    try:
        return path.is_dir() and uuid.UUID(path.name).hex == path.name.replace("-", "")
    except ValueError:
        return False
