"""Request bodies the server accepts. OpenAI's options for a text answer reach the wrapped model as given
(FORWARDED); the ones whose answer alu could not audit or would not carry (tools, tool_choice, function_call,
parallel_tool_calls, logprobs, audio, n > 1) and `store` (the provider would keep the unaudited answer) are
rejected rather than silently dropped, as the SDK and the wrappers reject them. Every option OpenAI defines is
one or the other; fields OpenAI does not define are ignored, as clients send many."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from alu.openai_shapes import NOT_TEXT_OPTIONS, content_text
from alu.sdk import check_text_only

MAX_COMPLETION_TOKENS = 32_768
FORWARDED = (
    "temperature",
    "top_p",
    "stop",
    "seed",
    "presence_penalty",
    "frequency_penalty",
    "response_format",
    "logit_bias",
    "user",
    "reasoning_effort",
    "prediction",
    "verbosity",
    "service_tier",
    "safety_identifier",
    "prompt_cache_key",
    "prompt_cache_options",
    "prompt_cache_retention",
    "moderation",
    "web_search_options",
    "metadata",
)
"""Options passed on to the wrapped model as the client gave them (besides max_tokens): they shape or bill its
text answer, which alu audits like any other. `web_search_options` makes a search model search before it
answers and `moderation` has the provider moderate it (url citations and moderation results are not carried:
the reply is the audited text); `metadata` becomes litellm's metadata (its logging callbacks), as
`alu.completion` passes it."""


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
    response_format: dict[str, Any] | None = None
    logit_bias: dict[str, float] | None = None
    user: str | None = None
    reasoning_effort: str | None = None
    prediction: dict[str, Any] | None = None
    verbosity: str | None = None
    service_tier: str | None = None
    safety_identifier: str | None = None
    prompt_cache_key: str | None = None
    prompt_cache_options: dict[str, Any] | None = None
    prompt_cache_retention: str | None = None
    moderation: dict[str, Any] | None = None
    web_search_options: dict[str, Any] | None = None
    metadata: dict[str, str] | None = Field(None, max_length=16)
    """OpenAI's limit: 16 string pairs."""
    tools: list[Any] | None = None
    functions: list[Any] | None = None
    tool_choice: Any = None
    function_call: Any = None
    parallel_tool_calls: Any = None
    logprobs: Any = None
    top_logprobs: Any = None
    audio: Any = None
    modalities: Any = None
    store: Any = None

    @field_validator("stop")
    @classmethod
    def _few_stops(cls, value: str | list[str] | None) -> str | list[str] | None:
        if isinstance(value, list) and len(value) > 4:
            raise ValueError("at most 4 stop sequences")
        return value

    @field_validator("tool_choice", "function_call", *NOT_TEXT_OPTIONS)
    @classmethod
    def _text_answer(cls, value: Any, info: ValidationInfo) -> Any:
        """Refused as the SDK and the wrappers refuse them (the error names the option as its `param`)."""
        check_text_only({info.field_name: value})
        return value

    @model_validator(mode="after")
    def _no_tools(self) -> ChatCompletionRequest:
        if self.tools or self.functions:
            raise ValueError("tools and functions are not supported: alu serve answers with text only")
        return self

    def completion_options(self) -> dict[str, Any]:
        """The options passed on to the wrapped model, as given (never `stream`: alu audits first)."""
        options = {"max_tokens": self.max_completion_tokens or self.max_tokens}
        options.update((name, getattr(self, name)) for name in FORWARDED)
        return {k: v for k, v in options.items() if v is not None}

    def plain_messages(self) -> list[dict[str, Any]]:
        return [m.as_dict() for m in self.messages]


_TARGET_LISTS = ("aliases", "tags", "examples", "documents", "keys", "probes")


def _as_list(value: Any) -> Any:
    """A list field as `forget` takes it: one string is one item, None is none."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else value


class TargetIn(BaseModel):
    """A forget target as sent to `POST /v1/targets`: the target fields `Unlearner.forget` takes, with their
    JSON types. Their limits are alu's own Target's (alu.types: MAX_TARGET_CHARS, MAX_DOCUMENT_CHARS), checked
    when `forget_many` validates every target before writing any, so HTTP accepts what `forget` accepts.
    Documents are texts only: a server never reads a file or folder a client names."""

    model_config = ConfigDict(extra="forbid")
    name: str
    aliases: list[str] = []
    description: str | None = None
    tags: list[str] = []
    kind: str | None = None
    examples: list[str] = []
    documents: list[str] = []
    keys: list[str] = []
    probes: list[str] = []
    requested_by: str | None = None
    reference: str | None = None

    _lists = field_validator(*_TARGET_LISTS, mode="before")(_as_list)

    @field_validator("documents")
    @classmethod
    def _texts_not_paths(cls, value: list[str]) -> list[str]:
        """`forget` reads a document naming an existing file or folder (alu.knowledge.read_document); over
        HTTP that would be a file of the server, so such a document is refused."""
        for document in value:
            if _names_a_server_path(document):
                raise ValueError(
                    "documents sent over HTTP are texts; one names a file or folder of the server, which is "
                    "never read (send its text)"
                )
        return value

    def as_target(self) -> dict[str, Any]:
        """The fields given, for `forget_many` (defaults are Target's own)."""
        return self.model_dump(exclude_none=True)


def _names_a_server_path(document: str) -> bool:
    try:
        return Path(document.strip()).expanduser().exists()
    except (OSError, ValueError):  # too long or not a path at all: a text
        return False


class ForgetOptions(BaseModel):
    """`forget_many`'s own options, given beside the target (or the targets) in the same body."""

    model_config = ConfigDict(extra="forbid")
    retain: list[str] = []
    """Texts that must not count as the targets (they fit the decision; not stored)."""
    replace: bool = Field(False, strict=True)
    """Replace a stored target of that name instead of merging into it."""

    _lists = field_validator("retain", mode="before")(_as_list)

    @classmethod
    def split(cls, body: dict[str, Any]) -> tuple[ForgetOptions, dict[str, Any]]:
        """The options of a request body, and the rest of it (the target or the targets)."""
        options = {k: v for k, v in body.items() if k in cls.model_fields}
        return cls.model_validate(options), {k: v for k, v in body.items() if k not in cls.model_fields}


class TargetsIn(BaseModel):
    """Several targets at once; all are validated before any is written."""

    model_config = ConfigDict(extra="forbid")
    targets: list[TargetIn] = Field(min_length=1, max_length=10_000)
