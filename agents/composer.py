"""The composer merges the best-rated candidates into the final answer."""

from __future__ import annotations

from alu.agents._base import Agent

from alu.prompting import format_candidates, render
from alu.text import fence
from alu.types import TraceEntry


class Composer(Agent):
    role = "composer"

    async def compose(self, query: str, candidates: list[str]) -> tuple[str, TraceEntry]:
        messages = render("compose", query=fence("query", query), candidates=format_candidates(candidates))
        reply = await self._call(messages)
        return reply.text.strip(), self.trace(reply, "composed", merged=len(candidates))
