"""Request bodies the server accepts. Unknown fields are ignored, as OpenAI clients send many; the ones alu
cannot honour (tools, n > 1) are rejected rather than silently dropped."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from alu.openai_shapes import content_text

MAX_COMPLETION_TOKENS = 32_768


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="ignore")
    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | None = None
    name: str | None = None

    @field_validator("content", mode="before")
    @classmethod
    def _text_only(cls, value: Any) -> str | None:
        """A string, or OpenAI content parts of type text (joined by newlines); alu answers text only."""
        return content_text(value)

    def as_dict(self) -> dict[str, Any]:
        return {"role": self.role, "content": self.content}


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="ignore")
    include_usage: bool = Field(False, strict=True)


class ChatCompletionRequest(BaseModel):
    """The subset of OpenAI's chat completion request that a text-only proxy can honour."""

    model_config = ConfigDict(extra="ignore")
    model: str = Field(min_length=1, max_length=200)
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool = Field(False, strict=True)
    """Strict: pydantic's lax bool took "yes", "off" and 0 as a client's choice of how to be answered."""
    stream_options: StreamOptions | None = None
    n: int = Field(1, ge=1, le=1, description="alu audits one answer per request.")
    max_tokens: int | None = Field(None, ge=1, le=MAX_COMPLETION_TOKENS)
    max_completion_tokens: int | None = Field(None, ge=1, le=MAX_COMPLETION_TOKENS)
    temperature: float | None = Field(None, ge=0.0, le=2.0)
    top_p: float | None = Field(None, ge=0.0, le=1.0)
    stop: str | list[str] | None = None
    seed: int | None = None
    presence_penalty: float | None = Field(None, ge=-2.0, le=2.0)
    frequency_penalty: float | None = Field(None, ge=-2.0, le=2.0)
    tools: list[Any] | None = None
    functions: list[Any] | None = None

    @field_validator("stop")
    @classmethod
    def _few_stops(cls, value: str | list[str] | None) -> str | list[str] | None:
        if isinstance(value, list) and len(value) > 4:
            raise ValueError("at most 4 stop sequences")
        return value

    @model_validator(mode="after")
    def _no_tools(self) -> ChatCompletionRequest:
        if self.tools or self.functions:
            raise ValueError("tools and functions are not supported: alu serve answers with text only")
        return self

    def completion_options(self) -> dict[str, Any]:
        """The sampling options passed on to the wrapped model (never `stream`: alu audits first)."""
        options = {
            "max_tokens": self.max_completion_tokens or self.max_tokens,
            "temperature": self.temperature,
            "top_p": self.top_p,
            "stop": self.stop,
            "seed": self.seed,
            "presence_penalty": self.presence_penalty,
            "frequency_penalty": self.frequency_penalty,
        }
        return {k: v for k, v in options.items() if v is not None}

    def plain_messages(self) -> list[dict[str, Any]]:
        return [m.as_dict() for m in self.messages]


class TargetIn(BaseModel):
    """A forget target as sent to `POST /v1/targets` (validated again by alu's own Target)."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(max_length=500)
    aliases: list[str] = Field(default_factory=list, max_length=100)
    description: str = Field("", max_length=10_000)
    tags: list[str] = Field(default_factory=list, max_length=50)
    requested_by: str = Field("", max_length=500)
    reference: str = Field("", max_length=500)


class TargetsIn(BaseModel):
    """Several targets at once; all are validated before any is written."""

    model_config = ConfigDict(extra="forbid")
    targets: list[TargetIn] = Field(min_length=1, max_length=10_000)
