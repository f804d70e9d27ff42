"""An index of what person targets' descriptions say names them (offices: alu.positions; feats: alu.feats), by
the keys a text may call each by. Subclasses say what a target holds and its keys, and read texts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, TypeVar

from alu.types import Target

T = TypeVar("T")


class DescribedIndex(Generic[T]):
    """Each target's items (read from its description once, when indexed), and every item by its keys."""

    def __init__(self) -> None:
        self._by_key: dict[str, list[tuple[str, T]]] = {}
        self._by_id: dict[str, list[T]] = {}

    def __len__(self) -> int:
        return len(self._by_id)

    def items_of(self, target: Target) -> list[T]:
        raise NotImplementedError

    def keys_of(self, item: T) -> Iterable[str]:
        raise NotImplementedError

    def add_many(self, targets: Iterable[Target]) -> None:
        for target in targets:
            held = self.items_of(target)
            if held:
                self._by_id[target.id] = held
                for item in held:
                    for key in self.keys_of(item):
                        self._by_key.setdefault(key, []).append((target.id, item))

    def remove(self, target_id: str) -> None:
        for item in self._by_id.pop(target_id, []):
            for key in self.keys_of(item):
                kept = [(tid, i) for tid, i in self._by_key.get(key, []) if tid != target_id]
                if kept:
                    self._by_key[key] = kept
                else:
                    self._by_key.pop(key, None)
