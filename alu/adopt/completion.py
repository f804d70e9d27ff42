"""`alu.completion` / `alu.acompletion`: litellm's call shape, with the unlearning pipeline in between.

The answer is audited whole before anything is returned; a streaming request gets the audited text cut into
chunks afterwards (alu never streams a token the audit has not seen).

A failure raises, as the call it replaces would (streaming or not): a model call that failed after its retries
(the wrapped model's or an agent's) raises the provider's own exception (litellm's classes, which are the
OpenAI client's too), with a note naming alu's node; a failure without one (unusable output) raises alu's
ModelError. alu's refusal is never returned for a failure. The exception: with `fail_policy` 'vanilla' an
agent's failure returns the model's own answer unaudited (fail open, as configured), logged as an error."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from typing import Any

import litellm
import openai
from pydantic import ValidationError

from alu.adopt.bound import bind
from alu.adopt.streams import AsyncChunkStream, ChunkStream
from alu.config import Settings, settings_problem
from alu.errors import ConfigError, ModelError
from alu.openai_shapes import content_text, response_payload, stream_payloads
from alu.records.entry import entry_point
from alu.sdk import Unlearner, check_text_only
from alu.types import Result

log = logging.getLogger(__name__)

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
    check_text_only(options)  # before a default Unlearner opens its store for a call that is refused
    if int(options.pop("n", 1) or 1) != 1:
        raise ValueError("alu returns one audited answer per call: n must be 1")
    connection = {k: options.pop(k) for k in CONNECTION_PARAMS if k in options}
    if "base_url" in connection:
        connection["api_base"] = connection.pop("base_url")
    call_model = bind(model, **connection) if connection else model
    u = unlearner if unlearner is not None else default_unlearner(call_model)
    return u, call_model, text_messages(messages), options


def answer(u: Unlearner, model: str, messages: list[dict[str, Any]], options: dict[str, Any]) -> Result:
    """The audited answer, logged as coming through a wrapper. The model gets the caller's options only. A
    failure raises (see the module's docstring)."""
    with entry_point("wrapper"):
        try:
            return delivered(u.chat(messages, model=model, defaults=False, screen_system=True, **options))
        except ModelError as exc:
            failure = exc
    raise as_raised(failure)


async def aanswer(
    u: Unlearner, model: str, messages: list[dict[str, Any]], options: dict[str, Any]
) -> Result:
    """The async twin of `answer`."""
    with entry_point("wrapper"):
        try:
            result = await u.achat(messages, model=model, defaults=False, screen_system=True, **options)
            return delivered(result)
        except ModelError as exc:
            failure = exc
    raise as_raised(failure)


def delivered(result: Result) -> Result:
    """The result, when it holds an answer; raise the ModelError behind a failed one. A result's refusal
    stands in for a failure (`fail_policy` 'refuse') and must not pass for an answer; a fail-open result
    (`fail_policy` 'vanilla') holds the model's own answer, unaudited as configured, and is logged."""
    if result.error is None:
        return result
    if result.path == "fast":
        log.error("alu could not audit an answer; fail_policy 'vanilla' passed it on: %s", result.error)
        return result
    raise result.exception or ModelError(result.error)


def as_raised(failure: ModelError) -> BaseException:
    """What the replaced call would have raised: the provider's own exception behind a failed model call
    (litellm's exception classes subclass the OpenAI client's), noted with alu's message; else the
    ModelError."""
    cause = failure.__cause__
    if not isinstance(cause, openai.OpenAIError):
        return failure
    cause.add_note(f"alu: {failure}")
    return cause


def text_messages(messages: Any) -> list[dict[str, Any]]:
    """OpenAI-style messages with text content; a content list of text parts is joined into one string
    (alu.openai_shapes.content_text). Any other part is a ValueError: the model would not get it."""
    if not isinstance(messages, list):
        raise ValueError("messages must be a non-empty list of {'role': ..., 'content': ...} dicts")
    out = []
    for i, message in enumerate(messages):
        if hasattr(message, "model_dump"):
            message = message.model_dump(exclude_none=True)
        content = message.get("content") if isinstance(message, dict) else None
        if isinstance(content, list):
            try:
                message = {**message, "content": content_text(content)}
            except ValueError as exc:
                raise ValueError(f"messages[{i}]: alu audits text; {exc}") from None
        out.append(message)
    return out


def _model_response(result: Result, model: str, response_format: Any) -> litellm.ModelResponse:
    response = litellm.ModelResponse(**response_payload(result, model, response_format))
    response._hidden_params = {"alu": result}  # after construction: the constructor's hidden_params is lost
    return response


def _chunks(
    result: Result, model: str, stream_options: dict[str, Any] | None, response_format: Any
) -> list[litellm.ModelResponseStream]:
    payloads = stream_payloads(response_payload(result, model, response_format), stream_options)
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
    audited answer (its `.result` is the Result). In JSON mode (`response_format`) alu's refusal is in
    `message.refusal`, with `content` None (alu.openai_shapes.answer_fields)."""
    u, call_model, msgs, options = prepare(model, messages, unlearner, kwargs)
    result = answer(u, call_model, msgs, options)
    shape = options.get("response_format")
    if stream:
        return ChunkStream(_chunks(result, model, stream_options, shape), result)
    return _model_response(result, model, shape)


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
    shape = options.get("response_format")
    if stream:
        return AsyncChunkStream(_chunks(result, model, stream_options, shape), result)
    return _model_response(result, model, shape)
