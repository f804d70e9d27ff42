"""Model calls: retries on transient errors, structured outputs parsed into pydantic.

Every model goes through litellm except the embedded `local/…` one, which is called directly
(alu.local_model): importing litellm costs seconds on a cold start, more than the embedded model takes to
answer, and a process that only talks to the embedded model never imports it. Errors are classified against
litellm's exception types only when litellm is loaded (no litellm, no litellm exception)."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, wait_random_exponential

from alu.errors import ConfigError, ModelError
from alu.local_model import LocalModelError

log = logging.getLogger(__name__)

T = TypeVar("T", bound=BaseModel)

LOCAL = "local"
"""The provider alu calls without litellm (alu.local_model)."""


def _litellm() -> Any:
    """litellm if this process loaded it, else None (then no exception can be one of litellm's)."""
    return sys.modules.get("litellm")


def transient_errors() -> tuple[type[BaseException], ...]:
    """Failures worth another attempt: timeouts, lost connections, rate limits, overloaded servers."""
    lib = _litellm()
    own: tuple[type[BaseException], ...] = (asyncio.TimeoutError, ConnectionError)
    if lib is None:
        return own
    return (
        lib.RateLimitError,
        lib.Timeout,
        lib.APIConnectionError,
        lib.InternalServerError,
        lib.ServiceUnavailableError,
        lib.BadGatewayError,
        *own,
    )


def permanent_errors() -> tuple[type[BaseException], ...]:
    """A request that will fail the same way however often it is sent: no key, a key without access, no
    such model. Retrying only triples the wait before the caller learns why."""
    lib = _litellm()
    return () if lib is None else (lib.AuthenticationError, lib.PermissionDeniedError, lib.NotFoundError)


PERMANENT_STATUS = {401, 403, 404}
# OpenAI's client reports a missing key before any request; litellm maps that to a (transient) 500.
_NO_CREDENTIALS = re.compile(
    r"missing credentials|api[_ ]key (?:must be set|is required|not (?:set|found))", re.I
)


class BadOutput(Exception):
    """The model answered, but not with what was asked for (empty text, junk JSON, wrong schema)."""


_FAILURES: ContextVar[list[ModelError] | None] = ContextVar("alu_model_failures", default=None)


@contextmanager
def noting_failures() -> Iterator[list[ModelError]]:
    """Collect the ModelErrors that model calls raise in this context and in the tasks it starts (they copy
    the context, and with it this list). The pipeline turns a failure into `Result.error`, a message; the
    exception behind it, the provider's own as its `__cause__`, is what a drop-in wrapper raises."""
    failures: list[ModelError] = []
    token = _FAILURES.set(failures)
    try:
        yield failures
    finally:
        _FAILURES.reset(token)


def ensure_providers() -> None:
    """Register alu's own litellm providers: `local/…` (embedded llama.cpp) and `scripted/…` (tests, demo),
    with `scripted/demo` always available."""
    from alu.demo import register_demo_model
    from alu.local_provider import register_local_provider
    from alu.scripted import register_scripted_provider

    register_local_provider()
    register_scripted_provider()
    register_demo_model()


_JSON_BLOCK = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)


def extract_json(text: str) -> Any:
    """The first complete JSON object in a model's reply, tolerating code fences and chatter around it.

    An object cut off by the token limit is rejected as a whole: its inner objects are not the answer."""
    for chunk in [m.group(1) for m in _JSON_BLOCK.finditer(text)] + [text]:
        start = chunk.find("{")
        while start != -1:
            end = _balanced_end(chunk, start)
            if end is None:
                break  # unterminated: truncated output
            try:
                return json.loads(chunk[start:end])
            except json.JSONDecodeError:
                start = chunk.find("{", start + 1)
    # The output itself stays out of the message: it may carry the very facts alu is suppressing.
    raise BadOutput(f"no complete JSON object in the model output ({len(text)} characters)")


def _balanced_end(chunk: str, start: int) -> int | None:
    depth, in_str, escaped = 0, False, False
    for i in range(start, len(chunk)):
        c = chunk[i]
        if in_str:
            if escaped:
                escaped = False
            elif c == "\\":
                escaped = True
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
    return None


def parse_structured(text: str, schema: type[T]) -> T:
    try:
        return schema.model_validate(extract_json(text))
    except ValidationError as exc:
        errors = exc.errors()[:2]
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'output'}: {e['msg']}" for e in errors)
        raise BadOutput(f"model output does not match {schema.__name__}: {problems}") from None


def is_permanent(exc: BaseException) -> bool:
    """Authentication, permission and not-found failures (by class, HTTP status or a missing key)."""
    if isinstance(exc, permanent_errors()) or getattr(exc, "status_code", None) in PERMANENT_STATUS:
        return True
    lib = _litellm()
    missing_key = bool(_NO_CREDENTIALS.search(str(exc)))
    return lib is not None and isinstance(exc, lib.InternalServerError) and missing_key


def _is_retryable(exc: BaseException) -> bool:
    return isinstance(exc, (*transient_errors(), BadOutput)) and not is_permanent(exc)


@dataclass
class LLMReply(Generic[T]):
    text: str
    parsed: T | None
    model: str
    prompt_tokens: int
    completion_tokens: int
    ms: float
    attempts: int
    finish_reason: str = "stop"
    """Why the model stopped: "stop", or "length" when max_tokens cut the answer."""


def response_format_for(model: str, schema: type[BaseModel]) -> dict[str, Any]:
    json_schema = schema.model_json_schema()
    provider = model.split("/", 1)[0]
    if provider in (LOCAL, "scripted") or _supports_schema(model):
        return {"type": "json_schema", "json_schema": {"name": schema.__name__, "schema": json_schema}}
    return {"type": "json_object"}


def _supports_schema(model: str) -> bool:
    import litellm  # isort: skip

    return litellm.supports_response_schema(model)


@dataclass
class _Answer:
    """What one attempt brought back, whichever way the model was called."""

    text: str
    finish_reason: str | None
    prompt_tokens: int
    completion_tokens: int


async def _via_litellm(kwargs: dict[str, Any]) -> _Answer:
    import litellm  # isort: skip

    ensure_providers()  # idempotent: a dict lookup per provider once they are in
    response = await litellm.acompletion(**kwargs)
    usage = getattr(response, "usage", None)
    choice = response.choices[0] if response.choices else None
    return _Answer(
        text=(choice.message.content or "") if choice is not None else "",
        finish_reason=getattr(choice, "finish_reason", None),
        prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
        completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
    )


_NOT_OPTIONS = ("model", "messages", "timeout", "metadata")


async def _via_local(kwargs: dict[str, Any]) -> _Answer:
    """The embedded model in a worker thread (llama.cpp blocks), given the OpenAI options litellm passes."""
    from alu import local_model

    name = kwargs["model"].removeprefix(f"{LOCAL}/")
    params = {k: v for k, v in kwargs.items() if k not in _NOT_OPTIONS}
    out = await asyncio.to_thread(local_model.complete, name, kwargs["messages"], params)
    choice = out["choices"][0]
    usage = out.get("usage") or {}
    return _Answer(
        text=choice["message"].get("content") or "",
        finish_reason=choice.get("finish_reason"),
        prompt_tokens=int(usage.get("prompt_tokens", 0) or 0),
        completion_tokens=int(usage.get("completion_tokens", 0) or 0),
    )


class LLMClient:
    """One place where alu talks to models. Stateless apart from its settings, safe to share."""

    def __init__(self, *, retries: int = 3, timeout_s: float = 60.0, temperature: float = 0.0) -> None:
        self.retries = retries
        self.timeout_s = timeout_s
        self.temperature = temperature

    async def call(
        self,
        *,
        model: str,
        messages: list[dict[str, Any]],
        role: str,
        max_tokens: int | None,
        schema: type[T] | None = None,
        extra: dict[str, Any] | None = None,
        defaults: bool = True,
    ) -> LLMReply[T]:
        """Call the model; with `schema`, parse and validate its JSON. Raises ModelError after the retries.

        `defaults=False` sends no sampling option of alu's own (temperature, and max_tokens when None): the
        call carries exactly the caller's `extra`, as a transparent wrapper must."""
        kwargs = self._kwargs(model, messages, role, max_tokens, schema, extra, defaults)
        send = _via_local if model.partition("/")[0] == LOCAL else _via_litellm
        started = time.perf_counter()
        attempts = 0
        prompt_tokens = completion_tokens = 0
        try:
            async for attempt in AsyncRetrying(
                stop=stop_after_attempt(self.retries),
                wait=wait_random_exponential(multiplier=0.25, max=4.0),
                retry=retry_if_exception(_is_retryable),
                reraise=True,
            ):
                with attempt:
                    attempts += 1
                    answer = await asyncio.wait_for(send(kwargs), self.timeout_s)
                    prompt_tokens += answer.prompt_tokens
                    completion_tokens += answer.completion_tokens
                    text, finish = answer.text, answer.finish_reason
                    if not text.strip():
                        raise BadOutput("empty completion")
                    parsed = parse_structured(text, schema) if schema is not None else None
        except ConfigError:
            raise
        except Exception as exc:  # any failure of the call fails closed upstream
            failure = self._failure(exc, role, model, attempts)
            if isinstance(failure, ModelError) and (noted := _FAILURES.get()) is not None:
                noted.append(failure)
            raise failure from exc
        return LLMReply(
            text=text,
            parsed=parsed,
            model=model,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            ms=(time.perf_counter() - started) * 1000,
            attempts=attempts,
            finish_reason=str(finish or "stop"),
        )

    def _kwargs(
        self,
        model: str,
        messages: list[dict[str, Any]],
        role: str,
        max_tokens: int | None,
        schema: type[BaseModel] | None,
        extra: dict[str, Any] | None,
        defaults: bool,
    ) -> dict[str, Any]:
        """The completion call's arguments: the caller's `extra` over alu's sampling options, the role in
        the metadata, and the response format a schema asks for."""
        sampling = {"temperature": self.temperature} if defaults else {}
        if max_tokens is not None:
            sampling["max_tokens"] = max_tokens
        kwargs: dict[str, Any] = {
            "model": model,
            "messages": messages,
            **sampling,
            "timeout": self.timeout_s,
            **(extra or {}),
            "metadata": {**((extra or {}).get("metadata") or {}), "alu_role": role},
        }
        if schema is not None:
            kwargs["response_format"] = response_format_for(model, schema)
        return kwargs

    def _failure(self, exc: Exception, role: str, model: str, attempts: int) -> Exception:
        """The error a failed call raises, saying why in words the user can act on."""
        lib = _litellm()
        if isinstance(exc, BadOutput):
            why = f"gave unusable output after {attempts} attempts: {exc}"
        elif isinstance(exc, permanent_errors()):
            why = f"refused the call: {_short(exc)}"
        elif isinstance(exc, transient_errors()):
            timed_out = isinstance(exc, asyncio.TimeoutError)
            why = f"failed after {attempts} attempts: "
            why += f"no answer within {self.timeout_s:g}s" if timed_out else _short(exc)
        elif lib is not None and isinstance(exc, lib.BadRequestError):
            if "LLM Provider NOT provided" in str(exc):
                return ConfigError(f"unknown model {model!r}")
            why = f"rejected the request: {_short(exc)}"
        elif isinstance(exc, LocalModelError):
            why = f"rejected the request: {_short(exc)}"
        else:
            why = f"failed: {_short(exc)}"
        return ModelError(f"{role}: {model} {why}", model=model, attempts=attempts)


def _short(exc: BaseException) -> str:
    return f"{exc.__class__.__name__}: {str(exc).splitlines()[0][:300] if str(exc) else ''}"
