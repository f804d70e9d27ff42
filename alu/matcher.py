"""Deterministic name matching: exact alias lookup over all targets, fuzzy matching over a few candidates.

The exact index maps every normalised surface form (name or alias) to target ids and looks up each word
n-gram of a text, so its cost depends on the text length, not on the number of targets. Fuzzy matching is
quadratic-ish, so it only runs against the handful of candidates that screening already picked."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from alu.text import deleet, normalize
from alu.types import Target


@dataclass(frozen=True)
class NameHit:
    target_id: str
    form: str
    """The normalised surface form that matched."""
    score: float = 100.0


def _variants(text: str) -> list[list[str]]:
    """Token lists to search: plain normalised, de-leeted, and with spaced-out letters joined."""
    plain = normalize(text).split()
    variants = [plain]
    leet = normalize(deleet(text)).split()
    if leet != plain:
        variants.append(leet)
    joined: list[str] = []
    run: list[str] = []
    for tok in leet:
        if len(tok) == 1:
            run.append(tok)
            continue
        if len(run) > 2:
            joined.append("".join(run))
        else:
            joined.extend(run)
        run = []
        joined.append(tok)
    joined.extend(["".join(run)] if len(run) > 2 else run)
    if joined != leet:
        variants.append(joined)
    return variants


class AliasIndex:
    """Exact (normalised) name and alias lookup over every target in the store."""

    def __init__(self) -> None:
        self._forms: dict[str, set[str]] = {}
        self._by_id: dict[str, list[str]] = {}
        self._max_words = 1

    def __len__(self) -> int:
        return len(self._by_id)

    def add(self, target: Target) -> None:
        self.remove(target.id)
        forms = []
        for surface in target.names:
            for form in {normalize(surface), normalize(deleet(surface))}:
                if form:
                    self._forms.setdefault(form, set()).add(target.id)
                    self._max_words = max(self._max_words, len(form.split()))
                    forms.append(form)
        self._by_id[target.id] = forms

    def add_many(self, targets: Iterable[Target]) -> None:
        for target in targets:
            self.add(target)

    def remove(self, target_id: str) -> None:
        for form in self._by_id.pop(target_id, []):
            ids = self._forms.get(form)
            if ids is not None:
                ids.discard(target_id)
                if not ids:
                    del self._forms[form]

    def clear(self) -> None:
        self._forms.clear()
        self._by_id.clear()
        self._max_words = 1

    def find(self, text: str) -> list[NameHit]:
        hits: dict[str, NameHit] = {}
        for toks in _variants(text):
            for i in range(len(toks)):
                for n in range(1, min(self._max_words, len(toks) - i) + 1):
                    gram = " ".join(toks[i : i + n])
                    for tid in self._forms.get(gram, ()):
                        hits.setdefault(tid, NameHit(tid, gram))
        return list(hits.values())


def fuzzy_find(text: str, targets: Iterable[Target], threshold: float) -> list[NameHit]:
    """Near-miss spellings of the given targets' names ('Severus Snap', 'Severous Snape')."""
    variants = _variants(text)
    hits: list[NameHit] = []
    for target in targets:
        best: tuple[float, str] = (0.0, "")
        for surface in target.names:
            form = normalize(surface)
            width = len(form.split())
            if len(form) < 5:  # short names fuzzy-match too many ordinary words
                continue
            for toks in variants:
                for i in range(max(1, len(toks) - width + 1)):
                    window = " ".join(toks[i : i + width])
                    score = fuzz.ratio(form, window)
                    if score > best[0]:
                        best = (score, window)
        if best[0] >= threshold:
            hits.append(NameHit(target.id, best[1], best[0]))
    return hits
