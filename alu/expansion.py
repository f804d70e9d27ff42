"""Expanding a target once: more names, identifying keys and probe questions, written into the store.

It runs when a target is forgotten (`Settings.expand_on_forget`: by default when an agent model can judge)
and with `alu targets expand`. With an agent model that can judge (not the embedded `local/...` model), the
expansion agent proposes them (alu.agents.Expander); otherwise the offline extractor runs over everything the
target holds: keys (alu.keys) and probe questions from its sentences (alu.probes).
The result is merged into the stored target like a re-forget, marked as generated (`Target.generated`,
provenance 'generated' on probe vectors) and timestamped (`expanded_at`), so a later expansion is skipped
unless forced, and `alu targets show` lists what was added."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from alu.errors import ModelError, TargetNotFoundError
from alu.keys import extract_keys, extraction_kind
from alu.text import normalize
from alu.types import Target, as_target, too_common_alias

log = logging.getLogger(__name__)
MATERIAL = 12
"""Stored texts of the target shown to the agent (the first ones: description, examples, chunks)."""


EXPANSIONS_AT_ONCE = 4
"""Expansion calls in flight at once when many targets are expanded (forget_many, `--all`)."""


@dataclass
class Expanded:
    """What one expansion added to a target (`by` 'failed': nothing, `error` says why; 'withdrawn': the
    target was withdrawn while it was being expanded, so nothing was stored)."""

    name: str
    by: Literal["agent", "extractor", "cached", "failed", "withdrawn"]
    aliases: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    probes: list[str] = field(default_factory=list)
    trace: Any = None
    error: str = ""


async def expand_all(
    u: Any, targets: list[Target], *, force: bool = False, progress: Callable[[int], None] | None = None
) -> list[Expanded]:
    """Expand stored targets with the Unlearner `u`'s agent model (or offline), EXPANSIONS_AT_ONCE at a
    time, and store what they add in one write. A target whose expansion fails (its model call failed after
    retries) is left as it was, with the reason in its `Expanded.error`; the others are still stored.
    `progress` gets the count of targets done after each."""
    gate = asyncio.Semaphore(EXPANSIONS_AT_ONCE)
    done = 0

    async def one(target: Target) -> Expanded:
        nonlocal done
        if target.expanded_at and not force:
            result = Expanded(target.name, "cached")
        else:
            async with gate:
                try:
                    result = await propose(u, target)
                except ModelError as error:
                    log.warning("expansion of %r failed: %s", target.name, error)
                    result = Expanded(target.name, "failed", error=str(error))
                except TargetNotFoundError:  # withdrawn meanwhile (another request, process or replica)
                    result = Expanded(target.name, "withdrawn")
        done += 1
        if progress is not None:
            progress(done)
        return result

    results = await asyncio.gather(*(one(t) for t in targets))
    updates = [_update(r, t) for r, t in zip(results, targets, strict=True) if r.by in ("agent", "extractor")]
    if updates:
        absent = set((await asyncio.to_thread(u.write_expansions, updates)).absent)
        results = [Expanded(r.name, "withdrawn") if r.name in absent else r for r in results]
    return list(results)


async def propose(u: Any, target: Target) -> Expanded:
    """What the expansion agent (or, offline, the extractor) proposes for one target, less what it holds."""
    rows = u.store.knowledge(target.id)
    texts = [r.text for r in rows]
    if u.settings.llm_judges:
        from alu.agents import Expander

        agent = Expander(u.pipeline.client, u.settings.judge_model, u.settings.agent_max_tokens * 4)
        proposal, trace = await agent.expand(target, texts[:MATERIAL])
        result = Expanded(target.name, "agent", proposal.aliases, proposal.keys, proposal.probes, trace)
    else:
        kind = extraction_kind(target)
        keys = extract_keys(target.names + target.keys, [target.description, *texts], kind)
        statements = [r.text for r in rows if r.source in ("description", "chunk")]
        probes = _probes(target, kind, keys, statements)
        result = Expanded(target.name, "extractor", keys=keys, probes=probes)
    _drop_known(result, target)
    return result


def _update(result: Expanded, target: Target) -> Target:
    """The re-forget that merges an expansion into its target, marked as generated and timestamped."""
    return as_target(
        {
            "name": target.name,
            "aliases": result.aliases,
            "keys": result.keys if result.by == "agent" else [],
            "extracted_keys": result.keys if result.by == "extractor" else [],
            "probes": result.probes,
            "generated": ([*result.aliases, *result.keys] if result.by == "agent" else []) + result.probes,
            "expanded_at": time.time(),
            "kind": target.kind,
        }
    )


def _probes(target: Target, kind: str, keys: list[str], statements: list[str]) -> list[str]:
    """The offline extractor's probe questions (alu.probes): a person's sentences ask for the person (its
    names and their weaker forms), a topic's or a work's (`kind` 'topic', see alu.keys.extraction_kind) ask
    for the proper names of its world."""
    from alu.keys import topic_names
    from alu.name_forms import partial_names
    from alu.probes import probe_questions

    if kind == "topic":
        forms = topic_names(target.model_copy(update={"extracted_keys": [*target.extracted_keys, *keys]}))
    else:
        forms = [*target.names, *partial_names(target)]
    return probe_questions(forms, statements, kind)


def _drop_known(result: Expanded, target: Target) -> None:
    """Leave out what the target already holds and anything that merely repeats its name."""
    known = {normalize(x) for x in [*target.names, *target.keys, *target.extracted_keys]}
    result.aliases = [
        a for a in result.aliases if normalize(a) and normalize(a) not in known and not too_common_alias(a)
    ]
    result.keys = [k for k in result.keys if normalize(k) and normalize(k) not in known]
    names = [normalize(n) for n in target.names]
    result.probes = [p for p in result.probes if not any(f" {n} " in f" {normalize(p)} " for n in names)]
