"""The screener's name indexes saved beside a local store, so opening a big store does not rebuild them.

Indexing 10,000 targets (every spelling, run-together and phonetic form of every name and alias) takes
seconds; loading the saved indexes takes a fraction of that. The file records the store revision it was
built at: a screener that loads it and finds the store at that revision is done, one that finds another
revision catches up by the usual difference with the store (only changed targets are indexed), so a stale
file costs time, never correctness. It also records a fingerprint of the code that builds the indexes: after
an upgrade of alu it is ignored and rebuilt.

The file is a pickle in the owner-only store directory, written atomically (alu.saved_files)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alu import saved_files
from alu.types import Target

FILE = "alu-name-index.pickle"
_SOURCES = (
    *("matcher.py", "by_ear.py", "name_forms.py", "occurrence.py", "text.py", "screen.py", "types.py"),
    *("name_index.py", "keys.py", "lexicon.py"),
    *("exonyms.py", "data/exonyms.tsv.gz", "positions.py", "other_names.py", "feats.py", "described.py"),
    *("heard.py", "target_indexes.py", "name_findings.py", "misspelt_titles.py"),  # their keys and sounds
    "word_games.py",  # the consonant index of words without vowels (AliasIndex._skeletons) is saved with it
)


@dataclass
class SavedIndex:
    fingerprint: str
    revision: str
    states: dict[str, dict[str, Any]]
    """Each index's data attributes, by the screener's name for the index."""
    targets: dict[str, Target]
    versions: dict[str, int] | None
    """The store's row versions at `revision` (alu.store.ForgetStore.versions): the next catch-up reads only
    the rows written since."""


def fingerprint() -> str:
    """Changes whenever the code that builds or reads the indexes changes."""
    return saved_files.fingerprint(*_SOURCES)


def state_of(index: object) -> dict[str, Any]:
    """An index's data, without the functions its constructor sets (those are not saved, and not needed:
    the loading screener constructs its own index first and pours the data in)."""
    return {k: v for k, v in vars(index).items() if not callable(v)}


def _path(location: str) -> Path | None:
    return None if "://" in location else Path(location).expanduser() / FILE


def load(location: str) -> SavedIndex | None:
    """The saved indexes of a local store, or None (none saved, another alu version, unreadable)."""
    path = _path(location)
    saved = None if path is None else saved_files.load(path)
    if not isinstance(saved, SavedIndex) or saved.fingerprint != fingerprint():
        return None
    return saved


def save(
    location: str,
    revision: str,
    states: dict[str, dict[str, Any]],
    targets: dict[str, Target],
    versions: dict[str, int] | None,
) -> None:
    """Write the indexes of a local store at `revision` (no-op for a server store or an unknown revision).
    A store directory that cannot be written to keeps working: the next open rebuilds."""
    path = _path(location)
    if path is None or not revision or not path.parent.is_dir():
        return
    saved_files.save(path, SavedIndex(fingerprint(), revision, states, targets, versions))
