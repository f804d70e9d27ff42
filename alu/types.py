"""The public records: targets going in, results and traces coming out."""

from __future__ import annotations

import hashlib
import time
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from alu.errors import InvalidTargetError
from alu.text import normalize

AnswerPath = Literal["fast", "rewrite", "refuse"]
FindingSource = Literal["alias", "partial", "fuzzy", "context", "decoded", "similarity", "echo", "auditor"]


def target_id(name: str) -> str:
    """Stable id of a target: the same name (up to case, accents, spacing) always maps to the same id, so
    re-importing a file is idempotent and two processes adding the same target cannot duplicate it."""
    return "t-" + hashlib.sha256(normalize(name).encode()).hexdigest()[:20]


class Target(BaseModel):
    """Something the model must behave as if it never knew: a person, a work, a topic, a hazardous fact."""

    name: str = Field(description="Canonical name; matched in text (normalised) and embedded.")
    aliases: list[str] = Field(default_factory=list, description="Other names that identify the target.")
    description: str = Field("", description="What the target is; used for similarity screening and prompts.")
    tags: list[str] = Field(default_factory=list, description="Free labels, e.g. 'gdpr', 'tofu'.")
    created_at: float = Field(default_factory=time.time)
    requested_by: str = Field("", description="Who asked for the erasure (a person, team or authority).")
    reference: str = Field("", description="The request's reference, e.g. a ticket or case id.")

    @field_validator("name", mode="before")
    @classmethod
    def _check_name(cls, value: Any) -> str:
        if not isinstance(value, str):
            raise InvalidTargetError(f"target name must be a string, got {type(value).__name__}")
        value = " ".join(_unicode(value).split())
        if not value or not normalize(value):
            raise InvalidTargetError("target name is empty or has no letters or digits")
        return value

    @field_validator("aliases", "tags", mode="before")
    @classmethod
    def _check_strings(cls, value: Any) -> list[str]:
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        out: list[str] = []
        for item in value:
            if not isinstance(item, str):
                raise InvalidTargetError(f"aliases and tags must be strings, got {item!r}")
            item = " ".join(_unicode(item).split())
            if item and normalize(item) and item not in out:
                out.append(item)
        return out

    @field_validator("description", "requested_by", "reference", mode="before")
    @classmethod
    def _check_description(cls, value: Any, info: ValidationInfo) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            raise InvalidTargetError(f"{info.field_name} must be a string, got {type(value).__name__}")
        return _unicode(value).strip()

    @property
    def id(self) -> str:
        return target_id(self.name)

    @property
    def names(self) -> list[str]:
        """Name followed by aliases: every surface form that identifies the target."""
        return [self.name, *[a for a in self.aliases if normalize(a) != normalize(self.name)]]

    def embedding_text(self) -> str:
        text = self.name
        if self.aliases:
            text += " (" + ", ".join(self.aliases) + ")"
        if self.description:
            text += ": " + self.description
        return text


def _unicode(text: str) -> str:
    """Reject text that cannot be stored or embedded (lone surrogates, e.g. from a bad JSON escape)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidTargetError("text is not valid Unicode (a lone surrogate such as \\ud800?)") from None
    return text


class LeakFinding(BaseModel):
    """Evidence that a text reveals a target."""

    target: str = Field(description="Target name.")
    source: FindingSource = Field(
        description="Which check found it ('partial': a partial name or quoted title of a target in play; "
        "'context': a one-word name that could be a namesake, decided by what the text says about it; "
        "'decoded': the name in a decoded or transformed reading of the text; "
        "'echo': the answer repeats facts the user pasted about a target in play)."
    )
    where: Literal["query", "answer", "candidate", "final"] = Field(description="Which text it was found in.")
    evidence: str = Field("", description="Matched span or auditor reason (never the hidden description).")
    score: float = Field(1.0, description="1.0 for exact hits; similarity or fuzzy score otherwise.")


class CandidateRating(BaseModel):
    """One sanitised candidate answer and the critic's verdict on it."""

    index: int
    text: str
    rating: int = Field(ge=1, le=5, description="1 = reveals the target, 5 = forgotten and still helpful.")
    reason: str = ""
    forced: bool = Field(False, description="True when the deterministic leak check overrode the critic.")


class TraceEntry(BaseModel):
    """What one node of the graph did."""

    node: str
    model: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    ms: float = 0.0
    outcome: str = ""
    detail: dict[str, Any] = Field(default_factory=dict)


class Result(BaseModel):
    """The answer alu returns, with everything needed to evaluate or debug it."""

    text: str = Field(description="The final answer shown to the user.")
    path: AnswerPath = Field(
        description="fast: vanilla answer unchanged; rewrite: sanitised; refuse: refusal."
    )
    leaked: list[str] = Field(
        default_factory=list, description="Targets the vanilla answer or query revealed."
    )
    vanilla: str = Field("", description="The unaudited answer of the wrapped model (for evaluation only).")
    candidates: list[str] = Field(default_factory=list, description="Targets screening put in play.")
    findings: list[LeakFinding] = Field(default_factory=list)
    ratings: list[CandidateRating] = Field(default_factory=list)
    trace: list[TraceEntry] = Field(default_factory=list)
    error: str | None = Field(None, description="Set when an agent failed and the fail policy decided.")

    @property
    def llm_calls(self) -> int:
        """Requests sent to models: every attempt, retried or failed, counts."""
        return sum(int(t.detail.get("attempts", 1)) for t in self.trace if t.model)

    @property
    def prompt_tokens(self) -> int:
        return sum(t.prompt_tokens for t in self.trace)

    @property
    def completion_tokens(self) -> int:
        return sum(t.completion_tokens for t in self.trace)

    @property
    def ms(self) -> float:
        return sum(t.ms for t in self.trace)

    @property
    def finish_reason(self) -> str:
        """OpenAI-style: "length" when the text is the model's own answer and max_tokens cut it off; "stop"
        otherwise (a rewrite or refusal is alu's complete answer)."""
        if self.path != "fast":
            return "stop"
        vanilla = next((t for t in self.trace if t.node == "vanilla" and t.model), None)
        return "length" if vanilla is not None and vanilla.detail.get("finish_reason") == "length" else "stop"


def as_target(item: Target | str | dict[str, Any]) -> Target:
    """Build a Target from a name, a dict or a Target, turning validation failures into InvalidTargetError."""
    from pydantic import ValidationError

    if isinstance(item, Target):
        return item
    if isinstance(item, str):
        item = {"name": item}
    if not isinstance(item, dict):
        raise InvalidTargetError(f"a target must be a name, a mapping or a Target, got {type(item).__name__}")
    try:
        return Target.model_validate(item)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'target'}: {e['msg']}" for e in exc.errors())
        raise InvalidTargetError(f"invalid target {item.get('name')!r}: {problems}") from None
