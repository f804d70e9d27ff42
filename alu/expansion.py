"""Expanding a target once: more names, identifying keys and probe questions, written into the store.

With an agent model that can judge (not the embedded `local/...` model), the expansion agent proposes them
(alu.agents.Expander); otherwise the offline extractor runs over everything the target holds: keys
(alu.keys) and probe questions from its sentences (alu.probes).
The result is merged into the stored target like a re-forget, marked as generated (`Target.generated`,
provenance 'generated' on probe vectors) and timestamped (`expanded_at`), so a later expansion is skipped
unless forced, and `alu targets show` lists what was added."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Literal

from alu.keys import extract_keys
from alu.text import normalize
from alu.types import Target, as_target

MATERIAL = 12
"""Stored texts of the target shown to the agent (the first ones: description, examples, chunks)."""


@dataclass
class Expanded:
    """What one expansion added to a target."""

    name: str
    by: Literal["agent", "extractor", "cached"]
    aliases: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    probes: list[str] = field(default_factory=list)
    trace: Any = None


async def expand(u: Any, target: Target, *, force: bool = False) -> Expanded:
    """Expand one stored target with the Unlearner `u`'s agent model (or offline) and store the result."""
    if target.expanded_at and not force:
        return Expanded(target.name, "cached")
    rows = u.store.knowledge(target.id)
    texts = [r.text for r in rows]
    if u.settings.llm_judges:
        from alu.agents import Expander

        agent = Expander(u.pipeline.client, u.settings.judge_model, u.settings.agent_max_tokens * 4)
        proposal, trace = await agent.expand(target, texts[:MATERIAL])
        result = Expanded(target.name, "agent", proposal.aliases, proposal.keys, proposal.probes, trace)
    else:
        keys = extract_keys(target.names + target.keys, [target.description, *texts], target.kind)
        statements = [r.text for r in rows if r.source in ("description", "chunk")]
        result = Expanded(target.name, "extractor", keys=keys, probes=_probes(target, keys, statements))
    _drop_known(result, target)
    update = as_target(
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
    await _write(u, update)
    return result


def _probes(target: Target, keys: list[str], statements: list[str]) -> list[str]:
    """The offline extractor's probe questions (alu.probes): a person's sentences ask for the person (its
    names and their weaker forms), a topic's ask for the proper names of its world."""
    from alu.keys import topic_names
    from alu.matcher import partial_names
    from alu.probes import probe_questions

    if target.kind == "topic":
        forms = topic_names(target.model_copy(update={"extracted_keys": [*target.extracted_keys, *keys]}))
    else:
        forms = [*target.names, *partial_names(target)]
    return probe_questions(forms, statements, target.kind)


def _drop_known(result: Expanded, target: Target) -> None:
    """Leave out what the target already holds and anything that merely repeats its name."""
    known = {normalize(x) for x in [*target.names, *target.keys, *target.extracted_keys]}
    result.aliases = [a for a in result.aliases if normalize(a) and normalize(a) not in known]
    result.keys = [k for k in result.keys if normalize(k) and normalize(k) not in known]
    names = [normalize(n) for n in target.names]
    result.probes = [p for p in result.probes if not any(f" {n} " in f" {normalize(p)} " for n in names)]


async def _write(u: Any, update: Target) -> None:
    import asyncio

    await asyncio.to_thread(u.forget_many, [update])
