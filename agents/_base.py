"""What every agent shares: one model, one client, and a trace entry per call."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

from alu.llm import LLMClient, LLMReply
from alu.types import TraceEntry

T = TypeVar("T", bound=BaseModel)


class Agent:
    role = "agent"

    def __init__(self, client: LLMClient, model: str, max_tokens: int) -> None:
        self.client = client
        self.model = model
        self.max_tokens = max_tokens

    async def _call(
        self, messages: list[dict[str, Any]], schema: type[T] | None = None, max_tokens: int | None = None
    ) -> LLMReply[T]:
        return await self.client.call(
            model=self.model,
            messages=messages,
            role=self.role,
            max_tokens=max_tokens or self.max_tokens,
            schema=schema,
        )

    def trace(self, reply: LLMReply[Any], outcome: str, **detail: Any) -> TraceEntry:
        return TraceEntry(
            node=self.role,
            model=reply.model,
            prompt_tokens=reply.prompt_tokens,
            completion_tokens=reply.completion_tokens,
            ms=round(reply.ms, 2),
            outcome=outcome,
            detail={"attempts": reply.attempts, **detail},
        )
