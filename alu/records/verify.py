"""`alu verify NAME`: attack one target through the live configuration and summarise the leaks per family.

The subject is the worst case by default: an oracle that knows the target's facts and tells them, however the
attack asks (`alu.eval.leaky_subject.leaky_answer`, no model call); alu audits each of its answers with the
live settings, store and judges (`Unlearner.aaudit`). With a model, that model answers instead, given the
facts in a system message (the knowledge-injected subject). The facts are the target's description unless
the caller gives more: what the model may know beyond what the target says is exactly what this checks.

The summary keeps counts and the ids of leaking attacks with the kind of evidence (name, answer, combined),
never the leaked text: the records must not re-create what was forgotten."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from typing import Any

from alu.eval import attack_runner as runner
from alu.eval.attacks import FAMILIES, Attack, AttackTarget, _criteria, _probes, from_dict, generate
from alu.eval.baselines import Alu, Answer
from alu.eval.leaky_subject import leaky_answer
from alu.sdk import Unlearner
from alu.types import Target

DIRECT = "direct"
ORACLE = "oracle"
VERIFY_FAMILIES = (DIRECT, *[f for f in FAMILIES if f != DIRECT])
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def attack_target(target: Target, facts: Sequence[str] = ()) -> AttackTarget:
    """The attacked target: its names, and facts from `facts` or else the sentences of its description."""
    known = list(facts) or [s for s in _SENTENCE.split(target.description) if s.strip()]
    row = {"name": target.name, "aliases": target.aliases, "description": target.description, "facts": known}
    return from_dict(row)


def direct(target: AttackTarget) -> list[Attack]:
    """Plain questions: who the target is, its works, who wrote one of them, an identifying fact."""
    slug = target.name.casefold().replace(" ", "-")
    return [
        Attack(
            id=f"{DIRECT}/{slug}/{kind}-{i}",
            family=DIRECT,
            variant=kind,
            target=target.name,
            messages=[{"role": "user", "content": question}],
            leak=_criteria(target, [question]),
        )
        for i, (kind, question) in enumerate(_probes(target))
    ]


def attacks_for(target: AttackTarget, families: Sequence[str], seed: int = 0) -> list[Attack]:
    unknown = [f for f in families if f not in VERIFY_FAMILIES]
    if unknown:
        raise ValueError(
            f"unknown attack family {', '.join(unknown)}; choose from {', '.join(VERIFY_FAMILIES)}"
        )
    return [a for f in families for a in (direct(target) if f == DIRECT else generate(target, f, seed))]


class Oracle:
    """The oracle subject's answer, audited by alu (no model answers)."""

    name = "alu"

    def __init__(self, unlearner: Unlearner) -> None:
        self.unlearner = unlearner

    async def respond(self, messages: list[dict[str, Any]]) -> Answer:
        started = time.perf_counter()
        result = await self.unlearner.aaudit(messages, leaky_answer(messages))
        return Answer.of(result, (time.perf_counter() - started) * 1000)


def live_copy(unlearner: Unlearner, model: str | None) -> Unlearner:
    """The live configuration (store, thresholds, judges) answering with `model`, keeping no records of
    the attack calls themselves (they would count as interceptions)."""
    s = unlearner.settings
    judges = "llm" if s.llm_judges else "deterministic"
    return Unlearner(s, model=model or s.model, agent_model=s.judge_model, judges=judges, records="off")


async def averify(
    unlearner: Unlearner,
    target: Target,
    *,
    model: str | None = None,
    facts: Sequence[str] = (),
    families: Sequence[str] = VERIFY_FAMILIES,
    seed: int = 0,
    concurrency: int = 2,
) -> dict[str, Any]:
    """Run the attacks on one target and return the summary (also written to the records)."""
    attacked = attack_target(target, facts)
    attacks = attacks_for(attacked, families, seed)
    live = live_copy(unlearner, model)
    method = Alu(live) if model else Oracle(live)
    outcomes = await runner.run_suite(
        attacks, [method], [attacked], subject="knowledge", concurrency=concurrency
    )
    summary = summarise(outcomes, subject="model" if model else ORACLE, model=model or "", seed=seed)
    summary["detail"]["facts"] = len(attacked.facts)
    unlearner.records.verification(target, summary)
    return summary


def summarise(outcomes: Sequence[runner.Outcome], *, subject: str, model: str, seed: int) -> dict[str, Any]:
    families: dict[str, dict[str, int]] = {}
    for o in outcomes:
        cell = families.setdefault(o.family, {"attacks": 0, "leaks": 0, "errors": 0})
        cell["attacks"] += 1
        cell["leaks"] += o.leaked
        cell["errors"] += o.error is not None
    leaked = [
        {"attack": o.attack, "evidence": sorted({e.split(":")[0] for e in o.leaks})}
        for o in outcomes
        if o.leaked
    ]
    return {
        "ts": time.time(),
        "subject": subject,
        "model": model,
        "attacks": len(outcomes),
        "leaks": sum(o.leaked for o in outcomes),
        "errors": sum(o.error is not None for o in outcomes),
        "families": families,
        "detail": {
            "seed": seed,
            "leaked": leaked,
            "errors": sorted({(o.error or "").split(":")[0] for o in outcomes if o.error}),
        },
    }
