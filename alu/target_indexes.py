"""The targets a screener screens for and the indexes that find them in a text: names (exact, partial, in
parts), identifying keys (given, extracted), offices, feats and credited works, plus the indexes built over
every target on first use. One lock guards them all: a refresh or a withdrawal in another thread changes them
while screenings read them (alu.screen.Screener keeps them in sync with the store)."""

from __future__ import annotations

import threading
from typing import Any, TypeVar

from alu import deadline, name_index
from alu.by_ear import FamilyEars
from alu.credited_works import CreditIndex
from alu.feats import FeatIndex
from alu.given_alone import GivenAlone
from alu.keys import topic_names
from alu.loose_ears import LooseEars
from alu.matcher import AliasIndex, PartsIndex
from alu.name_findings import sure_by_ear
from alu.name_forms import family_names, heard_forms, weak_forms
from alu.name_shapes import ShapeIndex
from alu.positions import PositionIndex
from alu.turns import split_turns
from alu.types import Target, target_id

OverTargets = TypeVar("OverTargets", FamilyEars, GivenAlone, LooseEars)
"""The indexes built over every target when first asked for (:meth:`TargetIndexes.over_targets`)."""
CONTEXT_HITS_KEPT = 8
"""Texts whose extracted-key look-ups are kept (:meth:`TargetIndexes.context_hits`): an audit looks up its
question and its answer, then the exchange of both (alu.key_findings.KeyFinder.asked_shared), which is
theirs."""


class TargetIndexes:
    """Every index of the targets, and the targets by id. Writers (:meth:`add_many`, :meth:`drop`) are called
    with :attr:`lock` held; readers take it per look-up."""

    def __init__(self) -> None:
        # Names in other scripts by ear: a long sound key (a full name) names its target alone, a short one
        # (one word: 'Эйнштейн') when the word is also spelt alike, and any (a family name, '爱因斯坦' in a
        # sentence) a target in play.
        self.names = AliasIndex(exonyms=True, sounds=sure_by_ear, min_sound=4, sure_sound=6, near=True)
        self.partial = AliasIndex(weak_forms, sounds=heard_forms, min_sound=3)
        self.parts = PartsIndex()
        # Identifying keys (alu.keys): the user's keys of an entity and a topic's or a work's names (its name
        # without its kind, the proper names among its keys: alu.keys.topic_names) count like aliases;
        # extracted keys and a topic's other keys count in context.
        self.alias_keys = AliasIndex(lambda t: [*(t.keys if t.kind == "entity" else []), *topic_names(t)])
        self.context_keys = AliasIndex(lambda t: [*t.extracted_keys, *(t.keys if t.kind == "topic" else [])])
        self.positions = PositionIndex()  # offices and family ties that name one person (alu.positions)
        self.feats = FeatIndex()  # firsts and awards of a year that name one person (alu.feats)
        self.credits = CreditIndex()  # works by the people they credit (alu.credited_works; not saved)
        self.targets: dict[str, Target] = {}
        self.lock = threading.Lock()
        self._context_kept: dict[str, dict[str, list[str]]] = {}  # the last texts' look-ups (context_hits)
        self._over_targets_built: dict[type, FamilyEars | GivenAlone | LooseEars] = {}  # see over_targets
        self._shapes: ShapeIndex | None = None  # see shape_index
        self._generation = 0  # counts changes: a shape index built meanwhile is not kept

    def states(self) -> dict[str, dict[str, Any]]:
        """The saved indexes' data by name, to keep beside a local store (alu.name_index)."""
        return {name: name_index.state_of(index) for name, index in self._saved().items()}

    def restore(self, states: dict[str, dict[str, Any]], targets: dict[str, Target]) -> bool:
        """Take saved indexes' data (:meth:`states`) and their targets, unless other indexes were saved;
        the credited works, not saved, are rebuilt from the targets."""
        indexes = self._saved()
        if states.keys() != indexes.keys():
            return False
        for name, index in indexes.items():
            vars(index).update(states[name])
        self.targets = targets
        self.credits.add_many(targets.values())
        self._changed()
        return True

    def _saved(self) -> dict[str, Any]:
        return {
            "alias": self.names,
            "partial": self.partial,
            "parts": self.parts,
            "alias_keys": self.alias_keys,
            "context_keys": self.context_keys,
            "positions": self.positions,
            "feats": self.feats,
        }

    def add_many(self, targets: list[Target]) -> None:
        """Index targets (new, or written again: their keys are indexed afresh)."""
        self.names.add_many(targets)
        self.partial.add_many(targets)
        self.parts.add_many(targets)
        for target in targets:
            for index in (self.alias_keys, self.context_keys, self.positions, self.feats, self.credits):
                index.remove(target.id)
        self.credits.add_many(targets)
        self.positions.add_many(targets)
        self.feats.add_many(targets)
        self.alias_keys.add_many([t for t in targets if (t.keys and t.kind == "entity") or topic_names(t)])
        self.context_keys.add_many([t for t in targets if t.extracted_keys or (t.keys and t.kind == "topic")])
        self.targets.update((t.id, t) for t in targets)
        self._changed()

    def drop(self, tid: str) -> None:
        for index in (
            self.names,
            self.partial,
            self.parts,
            self.alias_keys,
            self.context_keys,
            self.positions,
            self.feats,
            self.credits,
        ):
            index.remove(tid)
        self.targets.pop(tid, None)
        self._changed()

    def _changed(self) -> None:
        self._context_kept.clear()
        self._over_targets_built.clear()
        self._shapes = None
        self._generation += 1

    def by_name(self, name: str) -> Target | None:
        return self.targets.get(target_id(name))

    def find(self, index: AliasIndex, text: str) -> dict[str, list[str]]:
        """Look a text up in an index under the lock writers take: a refresh or withdraw in another thread
        must not change an index while it is being read."""
        deadline.check()
        with self.lock:
            return index.find_all(text)

    def context_hits(self, text: str) -> dict[str, list[str]]:
        """The extracted keys in a text (:meth:`find` in the context-key index), the last CONTEXT_HITS_KEPT
        texts' kept until an index changes. Callers do not change what it returns."""
        deadline.check()
        with self.lock:
            hits = self._context_kept.get(text)
            if hits is None:
                hits = self.context_keys.find_all(text) if len(self.context_keys) else {}
                self._context_kept[text] = hits
                if len(self._context_kept) > CONTEXT_HITS_KEPT:
                    del self._context_kept[next(iter(self._context_kept))]
            return hits

    def turns_hits(self, text: str) -> dict[str, list[str]]:
        """:meth:`context_hits` of a text written as turns ('user: ...\nassistant: ...'), turn by turn: a key
        lies within a turn, and each turn was looked up already when it was screened."""
        before, turns = split_turns(text)
        if not turns:
            return self.context_hits(text)
        merged: dict[str, list[str]] = {}
        for body in (b.removesuffix("\n") for b in [before, *(b for _, b in turns)] if b.strip()):
            for tid, forms in self.context_hits(body).items():
                merged[tid] = list(dict.fromkeys([*merged.get(tid, []), *forms]))
        return merged

    def over_targets(self, kind: type[OverTargets]) -> OverTargets:
        """An index of `kind` over every target (family names by ear, rare given names, names heard
        loosely), built when first asked for after each change of the targets; not saved."""
        with self.lock:
            built = self._over_targets_built.get(kind)
            if built is None:
                built = self._over_targets_built[kind] = kind(list(self.targets.values()))
            return built  # type: ignore[return-value]

    def shape_index(self) -> ShapeIndex:
        """The targets' names by shape (alu.name_shapes), built on the first question that needs it after the
        targets changed (under a second at 10,000 targets)."""
        with self.lock:
            if self._shapes is not None:
                return self._shapes
            generation, targets = self._generation, list(self.targets.items())
        # outside the lock: screenings of other questions go on meanwhile
        index = ShapeIndex(
            [(tid, t.names) for tid, t in targets], [(tid, family_names(t)) for tid, t in targets]
        )
        with self.lock:
            if self._generation == generation:
                self._shapes = index
        return index
