"""Screening without an LLM: which few targets could matter for a text, and which texts name a target.

Cost per text: one embedding, one nearest-neighbour lookup of m targets, an n-gram lookup in the alias index
and fuzzy matching against those m candidates. None of it grows with the number of targets beyond the index
lookup, which is what keeps alu's per-query cost flat at thousands of targets."""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar

import numpy as np

from alu import background, name_index
from alu.key_findings import KeyFinder
from alu.key_reading import without_keys
from alu.knowledge_screen import KnowledgeScreen
from alu.masked_vectors import MaskedVectors
from alu.memory_index import Held, Neighbours
from alu.name_findings import NameFinder
from alu.occurrence import capitalised_words, casing_informative, mask_names, without_namesakes
from alu.other_names import with_other_names
from alu.store import ForgetStore
from alu.target_indexes import TargetIndexes
from alu.text import normalize, transliterate, unplaceholder, windows
from alu.turns import assistant_turns
from alu.types import LeakFinding, Target
from alu.unsaid import without_asking

Rows = TypeVar("Rows", list, np.ndarray)
SCREEN_REFERENCE_TARGETS = 20
"""Store size at which `screen_threshold` is calibrated (`alu bench calibrate`: a TOFU forget10 split)."""


_SHORT_ANSWER = 3
"""Answers of at most this many words may be pieces of a name spelt over turns."""
_SPELT_LETTERS = 40
"""Answers read back when each gives one letter: a name spelt a letter per turn."""
_LETTER_ANSWER = re.compile(
    r"^\W*(?:(?:the )?(?:next |first |last )?letter(?: \d+| is)?\s*[:.)=-]?\s*(?:is\s+)?)?"
    r"['\"‘“(]?([^\W\d_])['\"’”)]?\W*$",
    re.IGNORECASE,
)
CONTEXT_REACH = 0.3
"""How much more similar to a target a context can read with its names masked than as written. Over 573
context checks (the TOFU bench, the namesake set and the name grids of sessions 21-24) masking raised the
similarity by at most 0.27, on short questions ('Which district does AOC represent?'). A target the context
as written stays further than this below the threshold is not checked: at 10,000 targets, ordinary words
that are some targets' family name ('grant', 'Park', 'most') had sent 3 of 112 unrelated questions through
one more embedding, ~6 ms."""


def _trailing_short(answers: list[str]) -> list[str]:
    """The last answers while they are short (pieces of a name): up to three, or up to _SPELT_LETTERS when
    each is one letter ('A', then 'n', then 'Letter 3: g': a name spelt a letter per turn). A letter answer
    is kept as its letter."""
    out: list[str] = []
    for answer in reversed(answers[-_SPELT_LETTERS:]):
        letter = _LETTER_ANSWER.match(answer)
        if len(out) >= 3 and not (letter and all(len(p) == 1 for p in out)):
            break
        if not letter and (not answer.strip() or len(answer.split()) > _SHORT_ANSWER):
            break
        out.insert(0, letter.group(1) if letter else answer)
    return out


def spelt_letter(answer: str) -> str:
    """The letter a one-letter answer gives ('a', "'A'", 'Letter 7: a', 'The next letter is E.'), else the
    answer as it is."""
    letter = _LETTER_ANSWER.match(answer)
    return letter.group(1) if letter else answer


def grown_threshold(base: float, growth: float, n_targets: int, cap: float) -> float:
    """The similarity a candidate needs among `n_targets`: `base` up to SCREEN_REFERENCE_TARGETS targets,
    `growth` higher per tenfold more, never above `cap`.

    The nearest of N unrelated targets gets closer to any text as N grows (the same reason a BLAST score means
    less in a bigger database), so a fixed threshold makes every query a candidate for something at scale.
    `alu bench calibrate --fill N` (pipeline-style screening, chosen by masked recall minus false positives on
    world_facts + real_authors) chose 0.47 with 20 targets, 0.56 with 1,020 and 0.61 with 10,020;
    0.47 + 0.05 per decade gives 0.47, 0.56 and 0.61 there."""
    tenfolds = math.log10(max(n_targets, SCREEN_REFERENCE_TARGETS) / SCREEN_REFERENCE_TARGETS)
    return min(base + growth * tenfolds, cap)


@lru_cache(maxsize=65_536)
def _name_words(name: str) -> frozenset[str]:
    """The words of a name that :func:`alu.occurrence.mask_names` masks alone, normalised (a superset: the
    mask decides)."""
    return frozenset(w for w in normalize(name).split() if len(w) >= 3)


def _written_as_names(text: str) -> frozenset[str]:
    """The text's words that may be a name, normalised: those written with a capital, or every word in text
    whose case means nothing ('grant' in 'to grant women the vote' is no name; in 'where was grant born' it
    may be)."""
    return capitalised_words(text) if casing_informative(text) else frozenset(normalize(text).split())


def _unnamed(text: str, forms: dict[str, list[str]], targets: list[Target]) -> str:
    """The text without the targets' forms where they read as part of another name (see
    :func:`alu.occurrence.without_namesakes`)."""
    for target in targets:
        text = without_namesakes(text, forms[target.id], target)
    return text


def _split_rows(rows: Rows, counts: list[int]) -> list[Rows]:
    """`rows` cut into consecutive parts of these lengths."""
    ends = np.cumsum(counts).tolist()
    return [rows[start:end] for start, end in zip([0, *ends[:-1]], ends, strict=True)]


def _rewritten(now: Target, indexed: Target) -> bool:
    """Whether a stored target is not the one indexed under its id: withdrawn and added again (Chroma keeps
    times to ~1e-6 s), merged into, or refitted (`alu targets reembed`)."""
    return (
        abs(now.created_at - indexed.created_at) > 1e-3
        or abs(now.updated_at - indexed.updated_at) > 1e-3
        or now.decision != indexed.decision
    )


@dataclass
class Screening:
    """Targets in play for one text: candidates by similarity, and deterministic findings."""

    candidates: dict[str, Target] = field(default_factory=dict)
    similarity: dict[str, float] = field(default_factory=dict)
    findings: list[LeakFinding] = field(default_factory=list)
    cleared: set[str] = field(default_factory=set)
    """Targets whose name occurred only as a namesake ('Kendall Jenner' for Kris Jenner): similar because
    of the shared word, not because the text is about them."""
    gray: set[str] = field(default_factory=set)
    """Candidates only because the text is in their knowledge decision's gray zone: for the judges; they do
    not put their names and keys in play for the same text (a topic's name in lower case stays a common
    word: 'brewing potions' near a Harry Potter topic)."""

    def merge(self, other: Screening) -> Screening:
        merged = Screening(
            dict(self.candidates),
            dict(self.similarity),
            list(self.findings),
            self.cleared | other.cleared,
            (self.gray - set(other.candidates)) | (other.gray - set(self.candidates)),
        )
        merged.candidates.update(other.candidates)
        for tid, sim in other.similarity.items():
            merged.similarity[tid] = max(sim, merged.similarity.get(tid, 0.0))
        merged.findings.extend(other.findings)
        return merged


class Screener:
    """Keeps the targets' indexes (alu.target_indexes) in sync with the store and screens texts: by similarity
    (the nearest targets, the knowledge decisions over their vectors), by name (alu.name_findings) and by
    key (alu.key_findings)."""

    def __init__(
        self,
        store: ForgetStore,
        *,
        m: int,
        screen_threshold: float,
        strong_threshold: float,
        fuzzy_threshold: float,
        margin: float,
        growth: float,
        knowledge_m: int = 16,
    ) -> None:
        self.store = store
        self._held = Held(store)  # the kNN rows, in memory (alu.memory_index)
        self.knowledge = KnowledgeScreen(self._held.knowledge, knowledge_m)
        self.m = m
        self.screen_threshold = screen_threshold
        self.growth = growth
        self.margin = margin
        self.strong_threshold = strong_threshold
        self.indexes = TargetIndexes()
        self.names = NameFinder(self.indexes, fuzzy_threshold, self._in_context)
        self.keys = KeyFinder(self.indexes)
        from alu.embeddings import get_embedder

        self._masked = MaskedVectors(store.location, get_embedder().identity, self._embed)
        self._revision: str | None = None
        self._versions: dict[str, int] | None = None  # the store's row versions at that revision
        self._written: int | None = None  # the last write applied to the store's rows (see refresh)
        self._sync_lock = threading.Lock()
        self._open()

    # -- keeping the index in sync --------------------------------------------------------------------
    def _open(self) -> None:
        """Start from the indexes saved beside a local store (see alu.name_index) when there are any, catch
        up with the store, and save them again when that indexed anything (the rows of a target indexed
        since would be read from Chroma by every later open; withdrawn targets are dropped at no cost)."""
        saved = name_index.load(self.store.location)
        if saved is not None and self.indexes.restore(saved.states, saved.targets):
            self._versions = saved.versions
            for target in saved.targets.values():  # decisions are not saved: read from the targets
                self.knowledge.index(target)
            held = self._held.load(list(saved.targets), saved.revision)
            self._revision = saved.revision
            indexed = self.refresh()
        else:
            held = False
            indexed = self.refresh(force=True)
        if saved is None or indexed:
            with self.indexes.lock:
                revision = self._revision or ""
                states, targets = self.indexes.states(), self.indexes.targets
                name_index.save(self.store.location, revision, states, targets, self._versions)
        if not held or saved is None or indexed:
            with self.indexes.lock:
                self._held.save(self._revision or "")

    def refresh(self, *, force: bool = False) -> int:
        """Catch up with writes made behind our back (another process, another replica, another Unlearner);
        returns how many targets it indexed.

        Per query this costs two small reads: the store's revision marker, and the sequence number of the last
        write applied to its rows (a write that failed after Chroma stored rows may leave the marker where it
        was). When either moved, only the difference is indexed, so the alias indexes are never rebuilt from
        scratch (a remove plus an add that leave the count unchanged are seen too)."""
        mark = (self.store.revision(), self.store.written())
        if self._versions and self._written is None:  # indexes loaded from disk: newest row
            self._written = max(self._versions.values())  # (rows withdrawn last cost one diff)
        if not force and mark == (self._revision, self._written):
            return 0
        with self._sync_lock:
            if not force and mark == (self._revision, self._written):  # caught up meanwhile
                return 0
            self.store.catch_up(mark[0])
            stale, fresh, versions = self._changes(force)
            with self.indexes.lock:
                for tid in stale:
                    self._drop(tid)
                self._index_many(fresh)
                self._versions = versions
            self._revision, self._written = mark
            return len(fresh)

    def _changes(self, force: bool) -> tuple[list[str], list[Target], dict[str, int] | None]:
        """(ids to drop, targets to index, the store's row versions or None). A local store tells each
        row's version: only rows written since the last catch-up are read (10,000 targets: 0.08 s against
        0.5-0.7 s for reading them all); else every target is read and compared."""
        versions = self.store.versions()
        if force or versions is None or self._versions is None:
            current = self.store.snapshot()
            present: Collection[str] = current.keys()
        else:
            known = self._versions
            current = self.store.get_many([tid for tid, v in versions.items() if known.get(tid) != v])
            present = versions.keys()
        stale = [
            tid
            for tid, target in self.indexes.targets.items()
            if tid not in present or (tid in current and _rewritten(current[tid], target))
        ]
        dropped = set(stale)
        fresh = [t for tid, t in current.items() if tid not in self.indexes.targets or tid in dropped]
        return stale, fresh, versions

    def added(self, targets: list[Target]) -> None:
        """Index targets this process just wrote (read-your-writes without waiting for the next refresh)."""
        with self.indexes.lock:
            self._index_many(targets)

    def removed(self, target: Target) -> None:
        with self.indexes.lock:
            self._drop(target.id)

    def _index_many(self, targets: list[Target]) -> None:
        targets = [with_other_names(t) for t in targets]  # 'born Farrokh Bulsara' (alu.other_names)
        self.indexes.add_many(targets)
        for target in targets:
            self.knowledge.index(target)
        self._held.load([t.id for t in targets])

    def _drop(self, tid: str) -> None:
        self.indexes.drop(tid)
        self.knowledge.drop(tid)
        self._held.drop(tid)
        self._masked.drop(tid)

    @property
    def threshold(self) -> float:
        """The similarity a candidate needs with the store's current size (see :func:`grown_threshold`)."""
        return grown_threshold(
            self.screen_threshold, self.growth, len(self.indexes.targets), self.strong_threshold
        )

    def topics(self) -> list[Target]:
        """The topic targets (the topic auditor lists them all when topic_audit=always)."""
        with self.indexes.lock:
            return [t for t in self.indexes.targets.values() if t.kind == "topic"]

    def all_targets(self) -> list[Target]:
        with self.indexes.lock:
            return list(self.indexes.targets.values())

    # -- screening ------------------------------------------------------------------------------------
    def screen(
        self,
        texts: list[str],
        where: str,
        similar: list[str] | None = None,
        *,
        asks: bool = False,
        unsaid: bool = False,
        in_play: list[Target] | None = None,
        looked: Screening | None = None,
    ) -> Screening:
        """Candidates by similarity (≥ screen threshold and within the margin of each text's best match) to
        `similar` (default: the texts themselves), plus name hits in the texts. `asks`: the question asked for
        an encoding, so every other reading of the texts counts (see
        :meth:`alu.name_findings.NameFinder.find`); `unsaid`: the conversation says nothing of whom it asks
        about (:func:`alu.unsaid.says_nothing`); `in_play`: targets already in play (the question's
        candidates), whose weak forms and readings count too; `looked`: :meth:`look` of `similar`, when it
        already ran."""
        similar = texts if similar is None else similar
        result = looked if looked is not None else self.look(similar, where)
        result.gray |= self._through_keys(result, similar)
        screened = [t for tid, t in result.candidates.items() if tid not in result.gray]
        known = {t.id: t for t in [*(in_play or []), *screened]}
        keyed = self.keys.keyed(similar) if where == "answer" else set()
        for text in texts:
            result.findings.extend(
                self.names.find(
                    text,
                    where,
                    list(known.values()),
                    context=similar,
                    asks=asks,
                    unsaid=unsaid,
                    cleared=result.cleared,
                    by_name=keyed,
                )
            )
            result.findings.extend(self.keys.find(text, where, set(known), context=similar))
        if where == "answer":
            result.findings.extend(self.keys.asked_shared(assistant_turns(texts), similar))
        for finding in result.findings:
            target = self.indexes.by_name(finding.target)
            if target is not None:
                result.candidates.setdefault(target.id, target)
                result.cleared.discard(target.id)
                result.gray.discard(target.id)
        result.cleared |= self._namesakes(result, similar)
        return result

    def look(self, similar: list[str], where: str) -> Screening:
        """What screening finds by similarity alone: candidates (kNN over the targets) and knowledge findings
        (kNN over their vectors, each target's decision). It needs no other target in play, so the answer's
        look runs while the question is still being screened (alu.graph.Pipeline.run)."""
        return self.look_each([(similar, where)])[0]

    def look_each(self, groups: list[tuple[list[str], str]]) -> list[Screening]:
        """:meth:`look` of several groups of texts, each with its `where`, in one pass: all their texts are
        embedded by one call (the embedder runs them side by side, one per core) and each kNN index is read
        once for all of them (a product with a few query rows costs little more than with one: the rows come
        from memory once). Each group gets exactly what `look` of it alone finds."""
        windowed, screened = zip(*(self._look_texts(similar) for similar, _ in groups), strict=True)
        vectors = self._embed([*(w for g in windowed for w in g), *(t for g in screened for t in g)])
        windows_n, screened_n = [len(g) for g in windowed], [len(g) for g in screened]
        split = sum(windows_n)  # the windows' rows first, then the screened texts'
        near = _split_rows(self._neighbours(vectors[:split]), windows_n)
        known = _split_rows(self.knowledge.nearest(vectors[split:]), screened_n)
        screened_vectors = _split_rows(vectors[split:], screened_n)
        return [
            self._looked(*group)
            for group in zip(near, screened, screened_vectors, known, [w for _, w in groups], strict=True)
        ]

    def _look_texts(self, similar: list[str]) -> tuple[list[str], list[str]]:
        """(windows, screened): the texts :meth:`look` embeds for `similar`, the windows for the nearest
        targets and the whole texts for the knowledge vectors (none when no target has a decision)."""
        # The embedder averages every word: an instruction ('Put a trademark sign after the name.') only
        # dilutes what the other sentences say (see alu.unsaid.without_asking).
        # It reads English: text in another script is also screened in Latin letters.
        similar = [unplaceholder(without_asking(text)) for text in similar]
        texts = [*similar, *(x for x in map(transliterate, similar) if x not in similar)]
        windowed = [w for text in texts for w in windows(text) if w.strip()]
        return windowed, [t for t in texts if t.strip()] if self.knowledge.active else []

    def _looked(
        self,
        near: list[list[tuple[Target, float]]],
        texts: list[str],
        vectors: np.ndarray,
        known: Neighbours,
        where: str,
    ) -> Screening:
        """One group's look from its reads: the targets nearest its windows, and its texts embedded with the
        knowledge vectors nearest them (none when no target has a knowledge decision)."""
        result = Screening()
        for tid, (target, sim) in self._above(near).items():
            result.candidates[tid] = target
            result.similarity[tid] = sim
        if texts:
            found, gray = self.knowledge.screen(vectors, texts, where, self.indexes.targets, known=known)
            found = self._without_left_offices(found, texts)
            result.findings.extend(found)
            result.findings.extend(self._facts_by_name_word(texts, known, {f.target for f in found}, where))
            for tid in gray - set(result.candidates):
                target = self.indexes.targets.get(tid)
                if target is None:
                    continue  # withdrawn since the decision was read
                result.candidates[tid] = target  # the auditor judges (LLM judges)
                if target.kind == "topic":
                    result.gray.add(tid)
        return result

    def _without_left_offices(self, found: list[LeakFinding], texts: list[str]) -> list[LeakFinding]:
        """Knowledge findings less those of people the texts ask the present holder of a past office of
        ('Who is the German chancellor now?': alu.positions.PositionIndex.left)."""
        if not found or not len(self.indexes.positions):
            return found
        left = {
            self.indexes.targets[tid].name
            for text in texts
            for tid in self.indexes.positions.left(text)
            if tid in self.indexes.targets
        }
        return [f for f in found if f.target not in left]

    def _facts_by_name_word(
        self, texts: list[str], known: Neighbours, fired: set[str], where: str
    ) -> list[LeakFinding]:
        """Findings for the entities near a text that writes a word of their name alone ('What did Elvin's
        father do?'), whose knowledge decision fires on the text with their names masked: an entity's
        facts are embedded with its names masked (alu.entity_decision.fact_view), and the word alone moved
        the text away from them. Only the entities among the text's nearest knowledge vectors are read."""
        views: dict[str, set[str]] = {}
        for text, neighbours in zip(texts, known, strict=True):
            written: frozenset[str] | None = None  # read for the first entity only: most texts have none
            for tid in dict.fromkeys(tid for tid, _ in neighbours):
                target = self.indexes.targets.get(tid)
                if target is None or target.kind != "entity" or target.name in fired:
                    continue
                written = _written_as_names(text) if written is None else written
                if written & _name_words(target.name) and (masked := mask_names(text, [target])) != text:
                    views.setdefault(masked, set()).add(tid)
        if not views:
            return []
        found: dict[str, LeakFinding] = {}
        for text, vector in zip(views, self._embed(list(views)), strict=True):
            for f in self.knowledge.findings(
                vector[None], [text], where, self.indexes.targets, only=views[text]
            ):
                found.setdefault(f.target, f)
        return list(found.values())

    def _namesakes(self, result: Screening, context: list[str]) -> set[str]:
        """Candidates by similarity alone that the texts are similar to only through a word of their name
        ('Who is Dakota Johnson?' for Dakota Fanning): once that name is masked, the texts are no longer
        about them (see :meth:`_in_context`), so no judge needs to look."""
        named = {f.target for f in result.findings}
        sharing = [
            t
            for tid, t in result.candidates.items()
            if t.name not in named
            and tid not in result.cleared
            and any(mask_names(text, [t]) != text for text in context)
        ]
        if not sharing:
            return set()
        about = {f.target for f in self._in_context({t.id: [t.name] for t in sharing}, context, "query")}
        return {t.id for t in sharing if t.name not in about}

    def _through_keys(self, result: Screening, context: list[str]) -> set[str]:
        """Entities among the candidates by similarity alone that the texts are similar to only through a key
        of theirs, a work they are in ('Who created Breaking Bad?' near 'star of Breaking Bad and Malcolm in
        the Middle'): once those are masked the texts are no longer about them. They stay for the judges
        (gray), but do not put their keys in play: a text about the work and other people in it ('Vince
        Gilligan created Breaking Bad') names no one forgotten. A key asked in a role they had ('Who starred
        in Breaking Bad?') still names them (:meth:`alu.key_findings.KeyFinder.find`)."""
        found = {f.target for f in result.findings}
        keyed = [
            t
            for tid, t in result.candidates.items()
            if t.kind == "entity"
            and tid in result.similarity
            and tid not in result.gray
            and t.name not in found
            and any(without_keys(text, t) != text for text in context)
        ]
        if not keyed:
            return set()
        masked = [w for text in context for w in windows(without_keys(text, *keyed)) if w.strip()]
        if not masked:
            return {t.id for t in keyed}
        similarity = (self._masked.of(keyed) @ self._embed(masked).T).max(axis=1)
        return {t.id for t, sim in zip(keyed, similarity, strict=True) if sim < self.threshold}

    def similar_beyond(self, texts: list[str], named: list[Target]) -> dict[str, float]:
        """Targets still similar to the texts once the names of `named` are masked, with their similarity
        (same threshold and margin as :meth:`screen`).

        A text that names Hina Ameen sits near every other Hina in the store; what remains similar without
        the names is a second subject the text is about (another author born in the same city)."""
        masked = [mask_names(text, named) for text in texts]
        return {tid: sim for tid, (_, sim) in self._similar(masked).items()}

    def _similar(self, texts: list[str]) -> dict[str, tuple[Target, float]]:
        """Targets at or above the threshold and within the margin of some text's best match, by id, with
        their best similarity over the texts."""
        return self._above(self._nearest([w for text in texts for w in windows(text)]))

    def _above(self, neighbours: list[list[tuple[Target, float]]]) -> dict[str, tuple[Target, float]]:
        """The targets of :meth:`_similar` among the texts' nearest targets."""
        threshold = self.threshold
        found: dict[str, tuple[Target, float]] = {}
        for row in neighbours:
            floor = max(threshold, (row[0][1] if row else 0.0) - self.margin)
            for target, sim in row:
                if sim >= floor and sim > found.get(target.id, (target, -1.0))[1]:
                    found[target.id] = (target, sim)
        return found

    def _nearest(self, texts: list[str]) -> list[list[tuple[Target, float]]]:
        """For each non-blank text, up to m indexed targets with their similarity, most similar first (a row
        the index does not hold, written or withdrawn since the last refresh, is left out)."""
        texts = [t for t in texts if t.strip()]
        return self._neighbours(self._embed(texts)) if texts else []

    def _neighbours(self, vectors: np.ndarray) -> list[list[tuple[Target, float]]]:
        """:meth:`_nearest` of texts already embedded (one row of `vectors` per text)."""
        if not len(vectors):
            return []
        found = self._held.targets.nearest(vectors, self.m)
        targets = self.indexes.targets
        return [[(t, sim) for tid, sim in row if (t := targets.get(tid)) is not None] for row in found]

    def _in_context(self, forms: dict[str, list[str]], context: list[str], where: str) -> list[LeakFinding]:
        """Findings for the targets whose one-word forms the context, names masked, is about (similarity to
        the target's own masked text at or above the screening threshold), read without its sentences that
        say nothing of whom it asks (alu.unsaid.without_asking: 'Give only the family name, in Title Case.'
        took a question that described the target from 0.50 to 0.43)."""
        targets = [t for tid in forms if (t := self.indexes.targets.get(tid)) is not None]
        if not targets:
            return []
        # The embedder reads English: text in another script is also read in Latin letters, and only a
        # context written in Latin letters is read as written to leave out the targets out of reach.
        latin = all(transliterate(text) == text for text in context)
        checked = self._within_reach(targets, context) if latin else targets
        if not checked:
            return []
        unnamed = [_unnamed(without_asking(text), forms, targets) for text in context if text.strip()]
        unnamed += [x for x in map(transliterate, unnamed) if x not in unnamed]
        masked = [w for text in unnamed for w in windows(mask_names(text, targets))]
        if not masked:
            return []
        vectors = self._embed(masked)
        similarity = (self._masked.of(checked) @ vectors.T).max(axis=1)
        described = [
            LeakFinding(
                target=t.name,
                source="context",
                where=where,
                evidence=" + ".join(forms[t.id]),
                score=round(float(sim), 3),
            )
            for t, sim in zip(checked, similarity, strict=True)
            if sim >= self.threshold
        ]
        return described + self._facts_in_context(checked, masked, vectors, described, forms, where)

    def _facts_in_context(
        self,
        checked: list[Target],
        masked: list[str],
        vectors: np.ndarray,
        described: list[LeakFinding],
        forms: dict[str, list[str]],
        where: str,
    ) -> list[LeakFinding]:
        """Findings for the checked targets whose knowledge decision fires on the context with the names
        masked: it asks or states the target's facts ('What did Montenegro's parents do?' for the author
        Carmen Montenegro, whose examples say), though not like its short description. Their facts are
        fitted with the names masked (alu.entity_decision.fact_view), as the context is here."""
        by_name = {t.name: t for t in checked if t.name not in {f.target for f in described}}
        if not by_name or not self.knowledge.active:
            return []
        only = {t.id for t in by_name.values()}
        return [
            LeakFinding(
                target=f.target,
                source="context",
                where=where,
                evidence=f"{' + '.join(forms[by_name[f.target].id])} ({f.evidence})",
                score=f.score,
            )
            for f in self.knowledge.findings(vectors, masked, where, self.indexes.targets, only=only)
            if f.target in by_name
        ]

    def _within_reach(self, targets: list[Target], context: list[str]) -> list[Target]:
        """The targets the context as written (embedded already by the screening) is within CONTEXT_REACH of
        the threshold to, or of what their knowledge decision needs: only their masked reading can reach
        it."""
        written = [w for text in context if text.strip() for w in windows(text)]
        if not written:
            return targets
        vectors = self._embed(written)
        similarity = (self._masked.of(targets) @ vectors.T).max(axis=1)
        reach = self.threshold - CONTEXT_REACH
        return [
            t
            for t, sim in zip(targets, similarity, strict=True)
            if sim >= reach or self.knowledge.within_reach(t.id, vectors, CONTEXT_REACH)
        ]

    def similarity_to(self, texts: list[str], targets: list[Target]) -> list[tuple[Target, float]]:
        """The best similarity of the texts (windowed) to each of the given targets' stored text."""
        if not targets:
            return []
        vectors = self._embed([w for text in texts for w in windows(text)])
        own = self._embed([t.embedding_text() for t in targets])
        return list(zip(targets, (own @ vectors.T).max(axis=1).tolist(), strict=True))

    def warm(self) -> int:
        """Embed every target's masked text not embedded yet (kept beside a local store: see
        alu.masked_vectors), and load the tables the name checks read (:meth:`warm_tables`), so no question
        pays for them; returns how many texts were embedded."""
        self.warm_tables()
        self.warm_margins()
        return self._masked.warm(self.all_targets())

    def warm_margins(self) -> None:
        """Build the margin's int8 copy of alu's background reference (alu.background.reference_scores,
        ~0.2 s) when a topic's decision has a margin part, before a question needs it."""
        if self.knowledge.uses_margins([t.id for t in self.all_targets() if t.kind == "topic"]):
            background.reference_scores()

    @staticmethod
    def warm_tables() -> None:
        """Load the tables the name checks read on first use (the first questions to need the confusables,
        the WordNet compounds and compound nouns and the word frequencies took 5-15 ms more: the benchmark's
        p99; the word frequencies alone 0.15-0.3 s under load)."""
        from alu import compounds, exonyms, lexicon, text
        from alu.keys import zipf

        loads = (
            text._confusable_table,
            compounds._by_word,
            compounds._noun_compounds,
            lexicon._words,
            exonyms._table,
            exonyms.borrowed_characters,  # names heard in Chinese (alu.heard): 0.2-0.4 s on first use
        )
        for load in loads:
            load()
        zipf("warm")

    @staticmethod
    def _embed(texts: list[str]) -> np.ndarray:
        """Unit vectors of the texts, by the embedder the store uses."""
        from alu.embeddings import get_embedder

        return get_embedder().embed(texts)

    def spelt_out(self, earlier: list[str], current: str) -> Screening:
        """Names the assistant completed across turns: its earlier answers plus the current one, word by word
        (a first name, then the family name) or letters by letters ('Pa', then 'ris': short answers run
        together with the current one)."""
        result = Screening()
        with self.indexes.lock:
            hits = [(h.target_id, h.form) for h in self.indexes.parts.find(earlier, current)]
        pieces = _trailing_short(earlier)
        current = spelt_letter(current)
        if pieces and len(current.split()) <= _SHORT_ANSWER:
            joined = "".join("".join(normalize(p).split()) for p in [*pieces, current])
            hyphened = normalize("".join(p.strip() for p in [*pieces, current]))  # 'Yun', '-Hwa': 'yun hwa'
            # 'von', ' Aue': 'von aue', too short (under 8 letters) to be indexed run together
            spaced = normalize(" ".join([*pieces, current]))
            if all(len(p) == 1 for p in pieces):  # letters: the name, nearly spelt before, is spelt now
                before = {}
            else:
                before = {
                    **self.indexes.find(self.indexes.names, " ".join(pieces)),
                    **self.indexes.find(self.indexes.partial, " ".join(pieces)),
                }
            for index in (self.indexes.names, self.indexes.partial):
                for text in dict.fromkeys([joined, hyphened, spaced]):
                    hits += [
                        (tid, f[0]) for tid, f in self.indexes.find(index, text).items() if tid not in before
                    ]
        for tid, form in hits:
            target = self.indexes.targets.get(tid)
            if target is not None and target.id not in result.candidates:
                result.candidates[target.id] = target
                result.findings.append(
                    LeakFinding(target=target.name, source="partial", where="answer", evidence=form)
                )
        return result

    def leak_check(self, text: str, where: str, candidates: list[Target]) -> list[LeakFinding]:
        """The deterministic check a judged text cannot argue with: names, near-names, strong similarity. The
        candidates' full names count wherever written, even where they read as another's: the exchange
        revealed them, and a rewrite that keeps one keeps the leak ('Raven Marais's LGBTQ+ identity' read as
        a longer name when judged alone)."""
        ids = {c.id for c in candidates}
        findings = self.names.find(text, where, candidates) + self.keys.find(text, where, ids)
        findings += self.names.full_names(text, where, ids, {f.target for f in findings})
        named = {f.target for f in findings}
        if candidates and text.strip() and self.knowledge.active:
            latin = transliterate(text)
            found = self.knowledge.findings(
                self.store.embed([latin]), [latin], where, self.indexes.targets, ids
            )
            findings += [f for f in found if f.target not in named]
            named |= {f.target for f in found}
        if candidates and text.strip():
            neighbours = self._nearest(windows(transliterate(text)))
            for target, sim in (pair for found in neighbours for pair in found):
                if target.id in ids and sim >= self.strong_threshold and target.name not in named:
                    named.add(target.name)
                    findings.append(
                        LeakFinding(target=target.name, source="similarity", where=where, score=round(sim, 3))
                    )
        return findings
