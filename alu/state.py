"""The state that flows through the graph (a pydantic model; list fields with reducers accumulate)."""

from __future__ import annotations

import operator
from typing import Annotated, Any

from pydantic import BaseModel, Field

from alu.types import AnswerPath, CandidateRating, LeakFinding, Target, TraceEntry


class PipelineState(BaseModel):
    messages: list[dict[str, Any]] = Field(
        description="The conversation, OpenAI-style; last turn is the user's."
    )
    query: str = Field("", description="The last user message.")
    context: str = Field("", description="The conversation before the last user turn, as plain text.")
    candidates: dict[str, Target] = Field(default_factory=dict, description="Targets in play, by id.")
    similarity: dict[str, float] = Field(default_factory=dict)
    gray: list[str] = Field(
        default_factory=list,
        description="Ids of candidates only in a topic's gray zone: for the judges; their names and keys do "
        "not count in the answer's screening either.",
    )
    cleared: list[str] = Field(
        default_factory=list,
        description="Ids of targets the question named only as a namesake ('Kendall Jenner', Kris Jenner).",
    )
    revealed: list[Target] = Field(default_factory=list, description="Targets the audit found revealed.")
    topics: list[Target] = Field(
        default_factory=list,
        description="Topic targets the topic auditor found the question about (topic_audit=always: judged "
        "while the model answers).",
    )
    suspects: list[Target] = Field(
        default_factory=list,
        description="Similar candidates not judged because a revealed target already forces a rewrite, "
        "closest first: the deterministic checks guard them all, the eraser and critic prompts list a few.",
    )
    vanilla: str = ""
    answer_given: bool = Field(
        False, description="True when the caller supplied the answer to audit (no vanilla call is made)."
    )
    model: str | None = Field(None, description="Per-call override of the model that answers.")
    options: dict[str, Any] = Field(
        default_factory=dict, description="Extra completion arguments for the vanilla call (max_tokens, ...)."
    )
    drafts: list[str] = Field(default_factory=list, description="The eraser's sanitised candidates.")
    ratings: list[CandidateRating] = Field(default_factory=list)
    text: str = ""
    path: AnswerPath | None = None
    error: str | None = Field(None, description="The agent failure that sends the run to `fail`.")
    findings: Annotated[list[LeakFinding], operator.add] = Field(default_factory=list)
    trace: Annotated[list[TraceEntry], operator.add] = Field(default_factory=list)


EXCHANGE_USER = "user: "
"""How :func:`exchange_text` opens: what is left of an exchange without it starts with the question."""


def exchange_text(query: str, answer: str) -> str:
    """A question and its answer as one text: what the audit measures similarity on (and the shape the
    background set embeds). Here, not in alu.graph: writing targets must not import the graph."""
    return f"{EXCHANGE_USER}{query}\nassistant: {answer}"
