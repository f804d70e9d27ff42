"""The wrapped model answering as it normally would. It never sees the forget targets."""

from __future__ import annotations

from typing import Any

from alu.agents._base import Agent

from alu.types import TraceEntry


class VanillaAgent(Agent):
    role = "vanilla"

    async def answer(self, messages: list[dict[str, Any]]) -> tuple[str, TraceEntry]:
        reply = await self._call(messages)
        return reply.text, self.trace(reply, "answered")
