"""The expansion agent: once per target, at forget time or with `alu targets expand`, it proposes the other
names, identifying keys and probe questions that let screening recognise the target without its name."""

from __future__ import annotations

from alu.agents._base import Agent
from pydantic import BaseModel, Field, field_validator

from alu.prompting import render
from alu.text import fence
from alu.types import Target, TraceEntry

MAX_PROBES = 50


class Expansion(BaseModel):
    aliases: list[str] = Field(default_factory=list)
    keys: list[str] = Field(default_factory=list)
    probes: list[str] = Field(default_factory=list)

    @field_validator("aliases", "keys", "probes", mode="before")
    @classmethod
    def _strings(cls, value: object) -> list[str]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            return []
        return [" ".join(str(v).split()) for v in value if str(v).strip()]


class Expander(Agent):
    role = "expander"

    async def expand(self, target: Target, material: list[str]) -> tuple[Expansion, TraceEntry]:
        messages = render(
            "expand",
            target=fence("name", target.name),
            kind=target.kind or "entity",
            known=fence("known", "\n".join([*target.aliases, *target.keys]) or "(none)"),
            description=fence("description", target.description or "(none)"),
            material=fence("material", "\n".join(material) or "(none)"),
        )
        reply = await self._call(messages, Expansion)
        expansion = reply.parsed
        expansion.probes = expansion.probes[:MAX_PROBES]
        trace = self.trace(
            reply,
            f"{len(expansion.aliases)} aliases, {len(expansion.keys)} keys, {len(expansion.probes)} probes",
        )
        return expansion, trace
