"""Planning one batch of target writes: merge or replace against what is stored, embed the new knowledge
texts (an entity's with its names masked: alu.entity_decision.fact_view), and fit each written target's
decision (alu.decision for topics, alu.entity_decision for entities) against its negative pool.

Nothing is written here; the store writes the plan (vectors first, target rows last)."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from alu import background, jargon
from alu.credited_works import credits_of
from alu.decision import MARGIN_K, PROBE_MIN, Decision, fit
from alu.entity_decision import fact_view, fit_entity
from alu.keys import extract_keys, extraction_kind
from alu.knowledge import Knowledge, knowledge_of, lead_of
from alu.merge import changes_names, merged
from alu.negatives import nearest_per_target
from alu.store import AddReport
from alu.titles import title_roles
from alu.types import Target
from alu.vectors import VectorIndex


@dataclass
class Plan:
    targets: list[Target] = field(default_factory=list)
    """Target rows to write (decisions fitted)."""
    rows: list[Knowledge] = field(default_factory=list)
    """Knowledge rows not stored yet."""
    row_vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 384), np.float32))
    target_vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 384), np.float32))
    """The target rows' vectors (name, aliases and description: alu.types.Target.embedding_text)."""
    cleared: list[str] = field(default_factory=list)
    """Targets whose stored vectors go first (replaced)."""
    report: AddReport = field(default_factory=AddReport)


def plan_batch(
    batch: list[Target],
    existing: dict[str, Target],
    vectors: VectorIndex,
    embedder: Any,
    *,
    replace: bool,
    retain: list[str] | None = None,
) -> Plan:
    """What writing `batch` changes, given the `existing` stored targets among it."""
    plan = Plan()
    kept = [] if replace else [t.id for t in batch if t.id in existing]  # merged into, or skipped
    stored: dict[str, tuple[list[Knowledge], np.ndarray]] = vectors.rows_of_many(kept)
    for target in batch:
        old = existing.get(target.id)
        if old is None:
            plan.report.added.append(target.name)
            plan.targets.append(target)
        elif replace:
            plan.report.replaced.append(target.name)
            plan.cleared.append(target.id)
            plan.targets.append(target.model_copy(update={"created_at": time.time()}))
        else:
            known = {r.id for r in stored[target.id][0]}
            fresh = merged(old, target)
            unfitted = bool(old.fitted_on) and old.fitted_on != rows_digest(known)
            if unfitted or changes_names(old, target) or any(r.id not in known for r in knowledge_of(fresh)):
                plan.report.merged.append(target.name)
                plan.targets.append(fresh)
            else:
                plan.report.skipped.append(target.name)
    owned = [_new_rows(plan, stored, target) for target in plan.targets]
    by_id = {t.id: t for t in plan.targets}
    with ThreadPoolExecutor(1, thread_name_prefix="alu-ingest") as ahead:
        # The embeddings run beside the key extraction and the decisions' fitting, which need no vectors
        # (keys) or not the target rows' ones (fitting): ingest is embedding-bound, and those steps
        # otherwise left the embedding threads idle for a third of a batch.
        row_vectors = ahead.submit(embedder.embed, [fact_view(by_id[r.target_id], r.text) for r in plan.rows])
        target_vectors = ahead.submit(embedder.embed, [t.embedding_text() for t in plan.targets])
        for k, (target, texts) in enumerate(zip(plan.targets, owned, strict=True)):
            plan.targets[k] = target.model_copy(update=_derived(target, texts))
        plan.row_vectors = row_vectors.result()
        _fit_decisions(plan, stored, vectors, embedder, retain or [])
        plan.target_vectors = target_vectors.result()
    return plan


def _new_rows(plan: Plan, stored: dict[str, tuple[list[Knowledge], np.ndarray]], target: Target) -> list[str]:
    """Add the target's knowledge rows not stored yet to the plan; the texts of all its rows after the write
    (stored ones first)."""
    old_rows = stored.get(target.id, ([], None))[0]
    known = {r.id for r in old_rows}
    new = [r for r in knowledge_of(target) if r.id not in known]
    plan.rows += new
    return [r.text for r in old_rows] + [r.text for r in new]


def _derived(target: Target, texts: list[str]) -> dict[str, Any]:
    """What a target's own texts (description and knowledge rows) give it: its lead, credited people, and
    keys with their roles."""
    own = [target.description, *texts]
    keys = extract_keys(target.names + target.keys, own, extraction_kind(target))
    lead = target.lead or lead_of(target)
    derived: dict[str, Any] = {"lead": lead, "credited": credits_of(target, lead)}
    if keys or target.extracted_keys:
        derived |= {"extracted_keys": keys, "key_roles": title_roles(own)}
    return derived


def refit(
    targets: list[Target],
    stored: dict[str, tuple[list[Knowledge], np.ndarray]],
    vectors: VectorIndex,
    embedder: Any,
) -> list[Target]:
    """The targets with their decisions fitted again on their stored rows and (new) vectors, as when they
    were written but without retain examples, which are not stored (alu.store.ForgetStore.reembed)."""
    plan = Plan(targets=list(targets))
    plan.report.added = [t.name for t in targets]  # hard negatives in shared queries (own rows dropped)
    _fit_decisions(
        plan,
        {t.id: stored.get(t.id, ([], np.zeros((0, 384), np.float32))) for t in targets},
        vectors,
        embedder,
        [],
    )
    return plan.targets


def _fit_decisions(
    plan: Plan,
    stored: dict[str, tuple[list[Knowledge], np.ndarray]],
    vectors: VectorIndex,
    embedder: Any,
    retain: list[str],
) -> None:
    """Each written target's decision: its own vectors against the background sets (an entity's: the general
    one; the near-domain sets are about topics' fields), the user's retain examples, nearby vectors of other
    stored targets and the other targets of this batch."""
    by_target: dict[str, list[int]] = {}
    for i, row in enumerate(plan.rows):
        by_target.setdefault(row.target_id, []).append(i)
    row_targets = np.array([row.target_id for row in plan.rows], dtype=object)
    owns = [_own_vectors(plan, stored, by_target, t) for t in plan.targets]
    if not any(len(own) for own in owns):
        plan.targets[:] = [t.model_copy(update=_UNFITTED) for t in plan.targets]
        return
    hard = _hard_negatives(plan, owns, stored, vectors)
    retained = embedder.embed(retain) if retain else np.zeros((0, 384), np.float32)
    shared = np.vstack([background.vectors(), retained])
    ids = [t.id for t in plan.targets]
    nearest = nearest_per_target(owns, shared, plan.row_vectors, row_targets, ids, hard)
    near = _near_domain(owns, plan.targets)
    for k, target in enumerate(plan.targets):
        old_rows, own = stored.get(target.id, ([], None))[0], owns[k]
        if not len(own):
            plan.targets[k] = target.model_copy(update=_UNFITTED)
            continue
        held = old_rows + [plan.rows[i] for i in by_target.get(target.id, [])]
        if target.kind == "entity":
            texts = [*target.names, target.description, *(r.text for r in held)]
            decision = fit_entity(own, shared[:0], texts, nearest=nearest[k])
        else:
            probed = sum(r.source != "description" for r in held)
            others = row_targets != target.id
            extra = np.vstack([retained, plan.row_vectors[others], hard[k]])
            extra_texts = [*retain, *(r.text for r, o in zip(plan.rows, others, strict=True) if o)]
            extra_texts += [""] * len(hard[k])  # other targets' stored vectors: their texts are not read
            texts = [r.text for r in held]  # aligned with `own`
            decision = _fit_topic(
                own, texts, probed, np.concatenate([near[k], nearest[k]]), extra, extra_texts
            )
        fitted_on = rows_digest(r.id for r in held)
        plan.targets[k] = target.model_copy(update={"decision": decision.dumps(), "fitted_on": fitted_on})


def rows_digest(row_ids: Iterable[str]) -> str:
    """A digest of the knowledge rows a decision is fitted on, kept on the target's row. Knowledge rows are
    written before the target row: a write killed in between leaves a merge's new rows stored under the old
    decision, which a re-run would take for 'already there'; a digest that differs from the stored rows'
    makes it refit instead."""
    ids = sorted(set(row_ids))
    return f"{len(ids)}:{hashlib.sha256(chr(0).join(ids).encode()).hexdigest()[:16]}"


_UNFITTED = {"decision": "", "fitted_on": rows_digest([])}
"""A target without knowledge rows: no decision, fitted on no rows."""


def _near_domain(owns: list[np.ndarray], targets: list[Target]) -> list[np.ndarray]:
    """Each topic's nearest similarities over the near-domain background sets (an entity's: none; those sets
    are about topics' fields)."""
    topics = [own if t.kind != "entity" else own[:0] for own, t in zip(owns, targets, strict=True)]
    if not any(len(own) for own in topics):  # a batch of entities need not read those sets (~0.3 s cold)
        return [np.zeros(0, np.float32) for _ in targets]
    empty = np.zeros((0, 384), np.float32)
    return nearest_per_target(
        topics,
        background.field(),
        empty,
        np.array([], dtype=object),
        [t.id for t in targets],
        [empty] * len(targets),
    )


def _fit_topic(
    own: np.ndarray,
    texts: list[str],
    knowledge: int,
    nearest: np.ndarray,
    extra: np.ndarray,
    extra_texts: list[str],
) -> Decision:
    """A topic's decision: its thresholds from `nearest` (every negative's best similarity to `own`). With
    enough knowledge texts for a probe and a margin, those read the negatives themselves: both background
    sets (alu.background.pool) and the `extra` ones (retain examples, other targets' rows, hard negatives),
    with each one's similarity to the background sets, and the jargon parts read their texts (the own
    `texts` aligned with `own`; `knowledge`: how many are not description sentences)."""
    if knowledge < PROBE_MIN:
        return fit(own, own[:0], probe_vectors=knowledge, nearest=nearest)
    negatives = np.vstack([background.pool(), extra])
    top = np.concatenate(
        [background.pool_top_similarity(MARGIN_K), background.top_similarity(extra, MARGIN_K)]
    )
    words = (texts, [*jargon.background_features(), *map(jargon.features, extra_texts)])
    return fit(own, negatives, probe_vectors=knowledge, nearest=nearest, negatives_top=top, texts=words)


def _own_vectors(
    plan: Plan,
    stored: dict[str, tuple[list[Knowledge], np.ndarray]],
    by_target: dict[str, list[int]],
    target: Target,
) -> np.ndarray:
    """A target's vectors after the write: the stored ones (merges) and the new ones of this batch."""
    old_vectors = stored.get(target.id, ([], np.zeros((0, 384), np.float32)))[1]
    mine = by_target.get(target.id, [])
    return np.vstack([old_vectors, plan.row_vectors[mine]]) if mine else old_vectors


def _hard_negatives(
    plan: Plan, owns: list[np.ndarray], stored: dict[str, Any], vectors: VectorIndex
) -> list[np.ndarray]:
    """Each target's nearby vectors of other stored targets. Added targets (whose rows are written after
    this plan) share one query; merged and replaced ones, whose own rows are stored, are asked one by one."""
    added = set(plan.report.added)
    shared = [k for k, t in enumerate(plan.targets) if len(owns[k]) and t.name in added]
    found = dict(
        zip(shared, vectors.neighbours_of_many([(plan.targets[k].id, owns[k]) for k in shared]), strict=True)
    )
    return [
        found[k] if k in found else vectors.neighbours_of_others(owns[k], t.id)
        for k, t in enumerate(plan.targets)
    ]
