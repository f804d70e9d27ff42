"""Who judges in an evaluation run: the model of the alu methods' agents, per method, as a report names it.

On the oracle subject no model answers: the answering model is ``scripted/oracle``, which fails any answer
request (a method that bypassed the given answer would otherwise go unnoticed) and plays the agent roles
(auditor, eraser, critic, composer, expander) like ``scripted/demo``, a competent cooperative judge.
``alu`` judges with rules by default there (``--judges auto``: the deterministic name and similarity checks,
sentence redaction), or with the scripted judges (``--judges llm``); ``alu-paper`` is defined by its LLM
agents, so it always uses them. ``--agent-model`` puts a real model in the judges' place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from alu.demo import demo_script
from alu.scripted import ScriptCall, register_script

ORACLE_MODEL = "scripted/oracle"
JUDGES = ("auto", "rule", "llm")
ALU_METHODS = ("alu", "alu-paper")


class OracleModelCalled(RuntimeError):
    """A method asked the oracle subject's placeholder model for an answer."""


def oracle_script(call: ScriptCall) -> Any:
    if call.role == "vanilla":
        raise OracleModelCalled(
            "the oracle subject answers without a model; a method asked scripted/oracle for an answer"
        )
    return demo_script(call)


def register_oracle_model() -> str:
    """Register ``scripted/oracle`` and return its model string."""
    register_script("oracle", oracle_script)
    return ORACLE_MODEL


@dataclass
class JudgePlan:
    """The answering model, extra ``Unlearner`` settings per alu method, and the judges as a report names
    them (per method)."""

    model: str
    settings: dict[str, dict[str, Any]] = field(default_factory=dict)
    described: dict[str, str] = field(default_factory=dict)


def _describe(settings: dict[str, Any], model: str) -> str:
    judge = settings.get("agent_model") or model
    if settings.get("judges") == "deterministic" or (
        settings.get("judges", "auto") == "auto" and judge.startswith("local/")
    ):
        return "rule (deterministic name/similarity checks, sentence redaction)"
    kind = "scripted LLM judges (scripted/demo's auditor, eraser, critic, composer, expander)"
    return kind if judge == ORACLE_MODEL else f"LLM judges ({judge})"


def plan_judges(
    methods: Sequence[str], *, subject: str, judges: str, model: str, agent_model: str | None
) -> JudgePlan:
    """The judges of each alu method in ``methods``.

    ``judges``: ``auto`` (oracle: rules for alu; other subjects: alu's own choice), ``rule`` (deterministic
    judges for alu) or ``llm`` (LLM judges for alu: ``agent_model``, else the answering model, on the
    oracle the scripted judges). alu-paper on the oracle always has LLM judges."""
    if judges not in JUDGES:
        raise ValueError(f"unknown judges {judges!r}; choose one of {', '.join(JUDGES)}")
    oracle = subject == "oracle"
    if oracle:
        model = register_oracle_model()
    plan = JudgePlan(model=model)
    for method in (m for m in methods if m in ALU_METHODS):
        chosen = judges
        if oracle and method == "alu-paper":
            chosen = "llm"
        elif oracle and chosen == "auto":
            chosen = "rule"
        settings: dict[str, Any] = {"agent_model": agent_model} if agent_model else {}
        if chosen != "auto":
            settings["judges"] = "deterministic" if chosen == "rule" else "llm"
        plan.settings[method] = settings
        plan.described[method] = _describe(settings, model)
    return plan
