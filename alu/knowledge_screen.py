"""Screening a text against the targets' knowledge vectors: one kNN query per text over the vectors
collection (held in memory: alu.memory_index), neighbours grouped by target, each target's stored decision
(alu.decision) applied.

Only targets with a neighbour among the `n` nearest vectors are scored, with parameters fitted when they were
written: the cost per text is one query and a few dot products however many targets the store holds."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from alu import background
from alu.decision import MARGIN_K, PROBE_GATE, Decision, margin, top_mean
from alu.entity_decision import EntityDecision, load_decision
from alu.memory_index import Neighbours, StoreNeighbours
from alu.types import LeakFinding, Target

MAX_FINDINGS = 3
"""Knowledge findings kept per screening, the closest first (each target's best similarity to the texts).
They become the revealed targets the eraser and critic prompts list: with targets that share facts (a
store of near-duplicate biographies) dozens fired on one question, and the prompts grew with the store.
A rule-judge audit refuses on any knowledge finding (unless the answer settles the question on other
subjects: alu.graph.Pipeline._settled_by_others), so the bound changes only what the prompts list."""


class KnowledgeScreen:
    """The per-target decisions of the targets a Screener indexes."""

    def __init__(self, vectors: StoreNeighbours, n: int) -> None:
        self.vectors = vectors
        self.n = n
        self._decisions: dict[str, str | Decision | EntityDecision | None] = {}
        """By target id: the stored decision, parsed the first time the target is a neighbour (parsing all
        10,000 of a big store cost its screener's open 0.2-0.3 s, before the first question)."""

    def index(self, target: Target) -> None:
        if target.decision:
            self._decisions[target.id] = target.decision
        else:
            self._decisions.pop(target.id, None)

    def _decision(self, tid: str) -> Decision | EntityDecision | None:
        found = self._decisions.get(tid)
        if isinstance(found, str):
            found = self._decisions[tid] = load_decision(found)
        return found

    def uses_margins(self, target_ids: list[str]) -> bool:
        """Whether one of these targets' decisions has a margin part (parsed once, as screening parses it)."""
        return any(isinstance(d := self._decision(tid), Decision) and d.uses_margin for tid in target_ids)

    def drop(self, target_id: str) -> None:
        self._decisions.pop(target_id, None)

    @property
    def active(self) -> bool:
        """Whether any target has a decision (a store of names alone pays nothing for knowledge)."""
        return bool(self._decisions)

    def within_reach(self, tid: str, vectors: np.ndarray, reach: float) -> bool:
        """Whether one of the texts (embedded) comes within `reach` of what the target's decision needs of
        its nearest knowledge vector: only then can the texts with its names masked fire it (see
        alu.screen.CONTEXT_REACH). A target whose rows are not held in memory is within reach."""
        decision = self._decision(tid)
        if decision is None:
            return False
        rows = self.vectors.rows(tid)
        if rows is None:
            return True
        floor = decision.threshold
        if not isinstance(decision, EntityDecision):
            floor = min(floor, PROBE_GATE)  # a topic's probe counts from there
        return bool(len(rows)) and float((rows @ vectors.T).max()) >= floor - reach

    def settled_by_others(
        self, tid: str, question: str, texts: list[str], embed: Callable[[list[str]], np.ndarray]
    ) -> bool:
        """Whether an answer settles on other subjects a question that fired the entity's decision at its
        lenient threshold ('Which writers were born in Copenhagen?' -> 'Kierkegaard and Ditlevsen.'): the
        question names nothing foreign to the entity, the answer (`texts[0]`) does, the decision fires on
        none of `texts` (the answer, and the exchange), and the answer with what it names masked stays
        below the lenient threshold: a paraphrased answer about the entity that writes a word its texts
        never do ('raised by a Research Scientist and a Banker') still says the entity's facts. The
        lenient threshold is fitted at 1% of the negatives per target, so a question about what a dozen
        near-identical targets share (a city, an award) fires some of them whatever it asks; an answer
        that names nobody else, or a target without its vectors in memory, settles nothing."""
        decision, rows = self._decision(tid), self.vectors.rows(tid)
        if not isinstance(decision, EntityDecision) or rows is None or not len(rows):
            return False
        if decision.names_foreign(question) or not decision.names_foreign(texts[0]):
            return False
        masked = decision.without_foreign(texts[0])
        vectors = embed([*texts, masked])
        nearest = (rows @ vectors.T).max(axis=0)
        if float(nearest[-1]) >= decision.threshold:
            return False
        return not any(
            decision.score_text(vector, float(sim), text)
            for vector, sim, text in zip(vectors, nearest, texts, strict=False)
        )

    def nearest(self, vectors: np.ndarray) -> Neighbours:
        """The knowledge vectors nearest each of the vectors, as (target id, similarity), closest first."""
        return self.vectors.nearest(vectors, self.n) if len(vectors) else []

    def findings(
        self,
        vectors: np.ndarray,
        texts: list[str],
        where: str,
        targets: dict[str, Target],
        only: set[str] | None = None,
    ) -> list[LeakFinding]:
        """One finding per target whose decision fires on some text (`vectors`: the `texts` embedded; best
        score kept); `only` restricts the targets considered (the final check guards the targets in play)."""
        return self.screen(vectors, texts, where, targets, only)[0]

    def screen(
        self,
        vectors: np.ndarray,
        texts: list[str],
        where: str,
        targets: dict[str, Target],
        only: set[str] | None = None,
        *,
        known: Neighbours | None = None,
    ) -> tuple[list[LeakFinding], set[str]]:
        """(findings, gray): the findings of :meth:`findings`, and the targets for the judges: topics whose
        decision did not fire but whose score is in its gray zone, and targets known by one text whose
        decision fired. `known`: :meth:`nearest` of the vectors, when it was read already."""
        if not self._decisions or not len(vectors):
            return [], set()
        best: dict[str, LeakFinding] = {}
        closest: dict[str, float] = {}
        gray: set[str] = set()
        known = self.nearest(vectors) if known is None else known
        for vector, text, neighbours in zip(vectors, texts, known, strict=True):
            sims: dict[str, list[float]] = {}
            for tid, sim in neighbours:
                sims.setdefault(tid, []).append(sim)
            ordinary = _Ordinary(vector, neighbours)
            for tid, own in sims.items():
                decision, target = self._decision(tid), targets.get(tid)
                if decision is None or target is None or (only is not None and tid not in only):
                    continue
                sim = max(own)
                if isinstance(decision, EntityDecision):
                    fired = decision.score_text(vector, sim, text)
                    margin = None
                else:
                    margin = ordinary.margin(own) if decision.uses_margin else None
                    fired = decision.score(vector, sim, margin, text)
                if not fired and target.kind == "topic" and decision.in_gray_zone(vector, sim, margin):
                    gray.add(tid)
                if fired and _thin(decision):
                    gray.add(tid)  # one text is a lead for the judges, not proof (see _thin)
                    continue
                if fired:
                    closest[tid] = max(sim, closest.get(tid, -1.0))
                if fired and (tid not in best or fired[1] > best[tid].score):
                    best[tid] = LeakFinding(
                        target=target.name,
                        source="knowledge",
                        where=where,
                        evidence=f"{fired[0]} decision",
                        score=round(fired[1], 3),
                    )
        kept = sorted(best, key=lambda tid: -closest[tid])[:MAX_FINDINGS]
        return [best[tid] for tid in kept], gray - set(best)


def _thin(decision: Decision | EntityDecision) -> bool:
    """A decision fitted on one text only (an entity described in one sentence): its firing makes the target
    a candidate, as similarity to the target's own vector does, and the judges decide; a finding needs a
    target known by more than one text."""
    return decision.stats.get("vectors", 2.0) <= 1.0


class _Ordinary:
    """A text's closeness to alu's background sets, computed once per text and only when some target's
    decision has a margin part (one product with the shipped background vectors)."""

    def __init__(self, vector: np.ndarray, neighbours: list[tuple[str, float]]) -> None:
        self.vector = vector
        self.fill = min((sim for _, sim in neighbours), default=0.0)
        self._top: float | None = None

    def margin(self, own: list[float]) -> float:
        if self._top is None:
            self._top = float(background.top_similarity(self.vector[None, :], MARGIN_K)[0])
        return margin(top_mean(own, self.fill), self._top)
