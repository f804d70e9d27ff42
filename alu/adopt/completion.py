"""`alu.completion` / `alu.acompletion`: litellm's call shape, with the unlearning pipeline in between.

The answer is audited whole before anything is returned; a streaming request gets the audited text cut into
chunks afterwards (alu never streams a token the audit has not seen)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

import litellm
from pydantic import ValidationError

from alu.adopt.bound import bind
from alu.adopt.streams import AsyncChunkStream, ChunkStream
from alu.config import Settings, settings_problem
from alu.errors import ConfigError
from alu.openai_shapes import response_payload, stream_payloads
from alu.records.entry import entry_point
from alu.sdk import Unlearner
from alu.types import Result

# Where the model lives and who may call it. They travel with the model (see alu.adopt.bound), so the agents
# that judge its answers reach the same endpoint with the same key.
CONNECTION_PARAMS = (
    "api_base",
    "base_url",
    "api_key",
    "api_version",
    "organization",
    "extra_headers",
    "custom_llm_provider",
)
# Calls whose answer is not one text: alu cannot audit them, and must not pass them on unaudited.
UNSUPPORTED = {
    "tools": "tool calls",
    "functions": "function calls",
    "tool_choice": "tool calls",
    "function_call": "function calls",
}

# Each distinct model (and endpoint and key) gets its own default Unlearner; a service that calls with many
# per-user keys must not accumulate them without end, so the least recently used ones are let go.
MAX_DEFAULTS = 32
_DEFAULTS: OrderedDict[str, Unlearner] = OrderedDict()
_DEFAULTS_LOCK = threading.Lock()


def default_unlearner(model: str) -> Unlearner:
    """The Unlearner for calls that bring none: settings from `ALU_*` variables (and `.env`) with the call's
    model as the answering model; one per distinct settings, kept for the next call (up to MAX_DEFAULTS)."""
    try:
        settings = Settings(model=model)
    except ValidationError as exc:
        problems = "; ".join(settings_problem(e) for e in exc.errors())
        raise ConfigError(f"invalid settings: {problems}") from None
    key = settings.model_dump_json()
    with _DEFAULTS_LOCK:
        if key not in _DEFAULTS:
            _DEFAULTS[key] = Unlearner(settings)
            while len(_DEFAULTS) > MAX_DEFAULTS:
                _DEFAULTS.popitem(last=False)
        _DEFAULTS.move_to_end(key)
        return _DEFAULTS[key]


def prepare(
    model: str, messages: Any, unlearner: Unlearner | None, kwargs: dict[str, Any]
) -> tuple[Unlearner, str, list[dict[str, Any]], dict[str, Any]]:
    """Split a litellm-style call into (unlearner, model for the pipeline, text messages, vanilla options)."""
    if not isinstance(model, str) or not model:
        raise ValueError("model must be a litellm model string such as 'openai/gpt-4o-mini'")
    options = {k: v for k, v in kwargs.items() if v is not None}
    for name, what in UNSUPPORTED.items():
        if name in options:
            raise ValueError(f"alu audits text answers; {what} ({name}=) are not supported")
    if int(options.pop("n", 1) or 1) != 1:
        raise ValueError("alu returns one audited answer per call: n must be 1")
    connection = {k: options.pop(k) for k in CONNECTION_PARAMS if k in options}
    if "base_url" in connection:
        connection["api_base"] = connection.pop("base_url")
    call_model = bind(model, **connection) if connection else model
    u = unlearner if unlearner is not None else default_unlearner(call_model)
    return u, call_model, text_messages(messages), options


def answer(u: Unlearner, model: str, messages: list[dict[str, Any]], options: dict[str, Any]) -> Result:
    """The audited answer, logged as coming through a wrapper. The model gets the caller's options only."""
    with entry_point("wrapper"):
        return u.chat(messages, model=model, defaults=False, screen_system=True, **options)


async def aanswer(
    u: Unlearner, model: str, messages: list[dict[str, Any]], options: dict[str, Any]
) -> Result:
    with entry_point("wrapper"):
        return await u.achat(messages, model=model, defaults=False, screen_system=True, **options)


def text_messages(messages: Any) -> list[dict[str, Any]]:
    """OpenAI-style messages with text content; a content list of text parts is joined into one string."""
    if not isinstance(messages, list):
        raise ValueError("messages must be a non-empty list of {'role': ..., 'content': ...} dicts")
    out = []
    for i, message in enumerate(messages):
        if hasattr(message, "model_dump"):
            message = message.model_dump(exclude_none=True)
        content = message.get("content") if isinstance(message, dict) else None
        if isinstance(content, list):
            if not all(isinstance(p, dict) and p.get("type") == "text" for p in content):
                raise ValueError(f"messages[{i}]: alu audits text; only 'text' content parts are supported")
            message = {**message, "content": "".join(str(p.get("text") or "") for p in content)}
        out.append(message)
    return out


def _model_response(result: Result, model: str) -> litellm.ModelResponse:
    response = litellm.ModelResponse(**response_payload(result, model))
    response._hidden_params = {"alu": result}  # after construction: the constructor's hidden_params is lost
    return response


def _chunks(
    result: Result, model: str, stream_options: dict[str, Any] | None
) -> list[litellm.ModelResponseStream]:
    payloads = stream_payloads(response_payload(result, model), stream_options)
    return [litellm.ModelResponseStream(**p) for p in payloads]


def completion(
    model: str,
    messages: list[dict[str, Any]],
    *,
    unlearner: Unlearner | None = None,
    stream: bool = False,
    stream_options: dict[str, Any] | None = None,
    **kwargs: Any,
) -> litellm.ModelResponse | ChunkStream[litellm.ModelResponseStream]:
    """`litellm.completion` through alu: the answer comes back audited, as a `ModelResponse`.

    `unlearner` selects the targets and agents; without it, one built from `ALU_*` settings with this model.
    Other arguments go to the model's own call (max_tokens, temperature, api_base, api_key, ...); api_base and
    api_key reach the agents too when they judge with this model. The alu `Result` is in
    `response._hidden_params["alu"]`. With `stream=True`: an iterator of `ModelResponseStream` chunks of the
    audited answer (its `.result` is the Result)."""
    u, call_model, msgs, options = prepare(model, messages, unlearner, kwargs)
    result = answer(u, call_model, msgs, options)
    if stream:
        return ChunkStream(_chunks(result, model, stream_options), result)
    return _model_response(result, model)


async def acompletion(
    model: str,
    messages: list[dict[str, Any]],
    *,
    unlearner: Unlearner | None = None,
    stream: bool = False,
    stream_options: dict[str, Any] | None = None,
    **kwargs: Any,
) -> litellm.ModelResponse | AsyncChunkStream[litellm.ModelResponseStream]:
    """`litellm.acompletion` through alu; see `completion`. With `stream=True`: an async iterator."""
    u, call_model, msgs, options = prepare(model, messages, unlearner, kwargs)
    result = await aanswer(u, call_model, msgs, options)
    if stream:
        return AsyncChunkStream(_chunks(result, model, stream_options), result)
    return _model_response(result, model)
