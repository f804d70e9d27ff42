"""Every target of a local store, saved beside it, so reading them all reads one file, not Chroma's rows.

Reading 10,000 targets from Chroma's SQLite file costs ~1.2 s (150,000 metadata rows, 50,000 JSON fields
decoded, 10,000 Targets validated); loading them saved costs ~0.1 s. The file holds each target with its row
version (Chroma gives a row a new one whenever it is written: alu.store_read.LocalRead.versions). A read
compares versions (one ~15 ms query) and reads only the rows written since, then saves the file again, so a
stale file costs a little time, never correctness. Whichever process reads the targets keeps the file
(`alu targets list`, the screener's first open); a write does not touch it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from alu import saved_files
from alu.types import Target

if TYPE_CHECKING:
    from alu.store_read import LocalRead

FILE = "alu-targets.pickle"
_SOURCES = ("types.py", "store_read.py", "saved_targets.py")


@dataclass
class SavedTargets:
    fingerprint: str
    collection: str
    versions: dict[str, int]
    targets: dict[str, Target]


def snapshot(view: LocalRead) -> dict[str, Target]:
    """Every target of the view's collection by id, in id order (as reading them all from SQLite gives them).

    The versions are read before the rows: a row written in between is then saved with an older version than
    its content and read again next time, never the other way round."""
    path = view.db.parent / FILE
    fingerprint = saved_files.fingerprint(*_SOURCES)
    versions = view.versions()
    saved = saved_files.load(path)
    usable = (
        isinstance(saved, SavedTargets)
        and saved.fingerprint == fingerprint
        and saved.collection == view.collection
    )
    if not usable:
        targets = view.read_all()
    else:
        known = saved.versions
        changed = [tid for tid, version in versions.items() if known.get(tid) != version]
        kept = {tid: t for tid, t in saved.targets.items() if tid in versions}
        if not changed and len(kept) == len(saved.targets):
            return saved.targets
        targets = dict(sorted((kept | view.targets(changed)).items()))
    saved_files.save(path, SavedTargets(fingerprint, view.collection, versions, targets))
    return targets
