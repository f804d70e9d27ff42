"""Re-forget semantics: what forgetting a target that is already stored does.

By default new material MERGES into the stored target: aliases, tags and keys are added, a new description is
appended unless the stored one already says it, and new examples, documents and probes become more vectors.
With replace=True the new target replaces the stored one and all its vectors. Either way the call reports
which happened (added, merged, replaced or unchanged)."""

from __future__ import annotations

import time
from typing import Literal

from alu.text import normalize
from alu.types import Target

Outcome = Literal["added", "merged", "replaced", "unchanged"]


def _union(old: list[str], new: list[str]) -> list[str]:
    seen = {normalize(x) for x in old}
    out = list(old)
    for item in new:
        if normalize(item) not in seen:
            seen.add(normalize(item))
            out.append(item)
    return out


def _description(old: str, new: str) -> str:
    if not new or normalize(new) in normalize(old):
        return old
    if not old:
        return new
    return f"{old.rstrip()} {new.lstrip()}"


def merged(old: Target, new: Target) -> Target:
    """The stored target with the new one's names, description, tags and keys merged in (its examples,
    documents and probes are the new one's: they are added as vectors beside the stored ones)."""
    return old.model_copy(
        update={
            "aliases": [a for a in _union(old.aliases, new.aliases) if normalize(a) != normalize(old.name)],
            "description": _description(old.description, new.description),
            "tags": _union(old.tags, new.tags),
            "keys": _union(old.keys, new.keys),
            "generated": _union(old.generated, new.generated),
            "expanded_at": max(old.expanded_at, new.expanded_at),
            "kind": new.kind if new.kind_given else old.kind,
            "examples": new.examples,
            "documents": new.documents,
            "probes": new.probes,
            "updated_at": time.time(),
        }
    )


def changes_names(old: Target, new: Target) -> bool:
    """Whether merging `new` changes anything held in the target's own row."""
    m = merged(old, new)
    fields = ("aliases", "description", "tags", "keys", "kind", "generated", "expanded_at")
    return any(getattr(m, f) != getattr(old, f) for f in fields)
