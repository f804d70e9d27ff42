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
        """The model's own answer with exactly the given `options` (litellm completion arguments): the SDK
        fills in its settings' defaults before, the drop-in wrappers do not (see `Unlearner.achat`)."""
        options = dict(options or {})
        reply = await self.client.call(
            model=model or self.model,
            messages=messages,
            role=self.role,
            max_tokens=None,
            extra=options,
            defaults=False,
        )
        return reply.text, self.trace(reply, "answered", finish_reason=reply.finish_reason)
