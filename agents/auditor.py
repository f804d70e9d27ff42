"""AuditErase, the paper's first agent, split in its two calls: audit (which candidate targets does this
conversation reveal?) and erase (k sanitised rewrites of the answer)."""

from __future__ import annotations

from functools import cache

from alu.agents._base import Agent
from pydantic import BaseModel, Field, create_model, field_validator

from alu.prompting import format_targets, render
from alu.text import fence
from alu.types import Target, TraceEntry


class AuditVerdict(BaseModel):
    revealed: list[int] = Field(default_factory=list, description="1-based numbers of revealed targets.")
    reason: str = ""

    @field_validator("revealed", mode="before")
    @classmethod
    def _ints(cls, value: object) -> list[int]:
        if not isinstance(value, list):
            value = [value]
        out = []
        for v in value:
            try:
                out.append(int(v))
            except (TypeError, ValueError):
                continue
        return out


class Rewrites(BaseModel):
    candidates: list[str] = Field(min_length=1)

    @field_validator("candidates", mode="before")
    @classmethod
    def _strings(cls, value: object) -> list[str]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            return []
        return [str(v).strip() for v in value if str(v).strip()]


@cache
def rewrites_model(k: int) -> type[Rewrites]:
    """Rewrites whose JSON schema caps the list at k, so grammar-constrained models stop there (extra items
    from unconstrained models are dropped, not rejected)."""
    return create_model(  # type: ignore[call-overload, no-any-return]
        f"Rewrites{k}",
        __base__=Rewrites,
        candidates=(list[str], Field(min_length=1, json_schema_extra={"maxItems": k})),
    )


class Auditor(Agent):
    role = "auditor"

    async def audit(self, query: str, answer: str, targets: list[Target]) -> tuple[list[Target], TraceEntry]:
        messages = render(
            "audit",
            targets=format_targets(targets),
            query=fence("query", query),
            answer=fence("answer", answer),
        )
        reply = await self._call(messages, AuditVerdict)
        picked = sorted({i for i in reply.parsed.revealed if 1 <= i <= len(targets)})
        revealed = [targets[i - 1] for i in picked]
        trace = self.trace(
            reply,
            "revealed" if revealed else "clean",
            revealed=[t.name for t in revealed],
            reason=reply.parsed.reason,
        )
        return revealed, trace


class Eraser(Agent):
    role = "eraser"

    async def erase(
        self, query: str, answer: str, targets: list[Target], k: int
    ) -> tuple[list[str], TraceEntry]:
        messages = render(
            "erase",
            targets=format_targets(targets),
            query=fence("query", query),
            answer=fence("answer", answer),
            k=str(k),
        )
        reply = await self._call(messages, rewrites_model(k))
        candidates = list(dict.fromkeys(reply.parsed.candidates))[:k]
        return candidates, self.trace(reply, f"{len(candidates)} candidates")
