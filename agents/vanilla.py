"""The wrapped model answering as it normally would. It never sees the forget targets."""

from __future__ import annotations

from typing import Any

from alu.agents._base import Agent

from alu.types import TraceEntry


class VanillaAgent(Agent):
    role = "vanilla"

    async def answer(
        self,
        messages: list[dict[str, Any]],
        *,
        model: str | None = None,
        options: dict[str, Any] | None = None,
    ) -> tuple[str, TraceEntry]:
        """The model's own answer; `model` and `options` (litellm completion arguments) override per call."""
        options = dict(options or {})
        reply = await self.client.call(
            model=model or self.model,
            messages=messages,
            role=self.role,
            max_tokens=int(options.pop("max_tokens", None) or self.max_tokens),
            extra=options,
        )
        return reply.text, self.trace(reply, "answered", finish_reason=reply.finish_reason)
