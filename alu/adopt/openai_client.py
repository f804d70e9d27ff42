"""`alu.wrap(client)`: an OpenAI client whose `chat.completions.create` answers through alu.

The model name goes to litellm as `openai/<name>` with the client's base URL, key and organization, so any
OpenAI-compatible server the client talks to (OpenAI, vLLM, Ollama, a LiteLLM proxy, ...) keeps answering, and
the usual `ChatCompletion` / `ChatCompletionChunk` objects come back. The other generating methods of that
resource (`parse`, `stream`, raw responses) raise instead of bypassing the audit, and so do the chat
completions reached another way: `client.with_raw_response`, `client.with_streaming_response`,
`client.chat.with_raw_response`, `client.beta.chat.completions` (`parse`, `stream`), in any combination.
Everything else on the client passes through untouched, and is not audited (the Responses API, legacy
completions, raw requests such as `client.post`). In JSON mode alu's refusal is in `message.refusal`, as
OpenAI's structured outputs refuse (alu.openai_shapes.answer_fields).

A failed model call raises as the client would: litellm's exception classes subclass the client's own
(`openai.AuthenticationError`, `openai.RateLimitError`, ...); see alu.adopt.completion."""

from __future__ import annotations

from typing import Any

import openai
from openai.types.chat import ChatCompletion, ChatCompletionChunk

from alu.adopt.completion import aanswer, answer, prepare
from alu.adopt.streams import AsyncChunkStream, ChunkStream
from alu.openai_shapes import response_payload, stream_payloads
from alu.sdk import Unlearner
from alu.types import Result

# Request options of the OpenAI client itself, not of the model; litellm has no counterpart for these.
_CLIENT_ONLY = ("extra_query",)
# Other ways to generate on the chat completions resource: they would return unaudited text, so they fail.
_BYPASSES = ("parse", "stream", "with_raw_response", "with_streaming_response")
# Other routes from the client (or its `chat`) to a chat completions resource: they lead to one that refuses.
_DETOURS = ("with_raw_response", "with_streaming_response", "beta")


def wrap(client: openai.OpenAI | openai.AsyncOpenAI, *, unlearner: Unlearner | None = None) -> Any:
    """Wrap an `openai.OpenAI` or `openai.AsyncOpenAI` client. `unlearner` selects the targets and the agents;
    without it, one built from `ALU_*` settings whose answering model is the requested model at the client's
    endpoint. The alu `Result` of a completion is in `completion._hidden_params["alu"]` (`stream.result`)."""
    if isinstance(client, (openai.AzureOpenAI, openai.AsyncAzureOpenAI)):
        raise ValueError(
            "alu.wrap does not map Azure clients; use alu.completion(model='azure/<deployment>', "
            "api_base=..., api_version=..., api_key=...)"
        )
    if isinstance(client, (openai.OpenAI, openai.AsyncOpenAI)):
        return WrappedClient(client, unlearner)
    raise ValueError(
        f"alu.wrap takes an openai.OpenAI or openai.AsyncOpenAI client, got {type(client).__name__}"
    )


class _PassThrough:
    """Attributes not defined here are the wrapped object's own."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def __getattr__(self, name: str) -> Any:
        if name == "_inner":  # not set yet (copying, unpickling): no recursion
            raise AttributeError(name)
        return getattr(self._inner, name)


class WrappedClient(_PassThrough):
    def __init__(self, client: openai.OpenAI | openai.AsyncOpenAI, unlearner: Unlearner | None) -> None:
        super().__init__(client)
        self._unlearner = unlearner
        completions = (AsyncCompletions if isinstance(client, openai.AsyncOpenAI) else Completions)(
            client.chat.completions, client, unlearner
        )
        self.chat = _Chat(client.chat, completions)

    def __getattr__(self, name: str) -> Any:
        if name in _DETOURS:
            return _Detour(getattr(self._inner, name), name, chat=False)
        return super().__getattr__(name)

    def with_options(self, **options: Any) -> WrappedClient:
        """The client's `with_options` / `copy`, still wrapped (a copy must not escape the audit)."""
        return WrappedClient(self._inner.with_options(**options), self._unlearner)

    copy = with_options

    def __repr__(self) -> str:
        return f"alu.wrap({self._inner!r})"


class _Chat(_PassThrough):
    def __init__(self, chat: Any, completions: Any) -> None:
        super().__init__(chat)
        self.completions = completions

    def __getattr__(self, name: str) -> Any:
        if name in _DETOURS:
            return _Detour(getattr(self._inner, name), f"chat.{name}", chat=True)
        return super().__getattr__(name)


class _Detour(_PassThrough):
    """A route to the client's resources other than the wrapped `chat.completions` (raw or streaming
    responses, beta): it passes through, except the chat completions at its end, whose answers would come
    back unaudited: they refuse. `chat` says whether this route is already at the client's `chat`."""

    def __init__(self, inner: Any, route: str, *, chat: bool) -> None:
        super().__init__(inner)
        self._route = route
        self._chat = chat

    def __getattr__(self, name: str) -> Any:
        if name == "chat" or name in _DETOURS:
            at_chat = self._chat or name == "chat"
            return _Detour(getattr(self._inner, name), f"{self._route}.{name}", chat=at_chat)
        if name == "completions" and self._chat:
            return _Refused(f"{self._route}.completions")
        return super().__getattr__(name)


class _Refused:
    """Chat completions reached by a detour: any use of them raises, naming the audited route."""

    def __init__(self, route: str) -> None:
        self._route = route

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # copying, unpickling, introspection: no recursion, no false error
            raise AttributeError(name)
        raise _bypass(f"{self._route}.{name}")


def _bypass(route: str) -> NotImplementedError:
    return NotImplementedError(
        f"alu.wrap audits chat.completions.create only: {route} would bypass the audit; call "
        "client.chat.completions.create"
    )


class Completions(_PassThrough):
    def __init__(self, inner: Any, client: openai.OpenAI | openai.AsyncOpenAI, unlearner: Unlearner | None):
        super().__init__(inner)
        self._client = client
        self._unlearner = unlearner

    def __getattr__(self, name: str) -> Any:
        if name in _BYPASSES:
            raise _bypass(f"chat.completions.{name}")
        return super().__getattr__(name)

    def _prepare(self, model: str, messages: Any, kwargs: dict[str, Any]):
        given = {k: v for k, v in kwargs.items() if not isinstance(v, (openai.NotGiven, openai.Omit))}
        for name in _CLIENT_ONLY:
            if name in given:
                raise ValueError(f"alu.wrap does not support {name}=")
        connection = {"api_base": str(self._client.base_url), "api_key": self._client.api_key}
        if self._client.organization:
            connection["organization"] = self._client.organization
        return prepare(f"openai/{model}", messages, self._unlearner, {**given, **connection})

    def create(
        self, *, messages: Any, model: str, stream: bool = False, stream_options: Any = None, **kwargs: Any
    ) -> ChatCompletion | ChunkStream[ChatCompletionChunk]:
        u, call_model, msgs, options = self._prepare(model, messages, kwargs)
        result = answer(u, call_model, msgs, options)
        shape = options.get("response_format")
        if stream is True:
            return ChunkStream(_chunks(result, model, stream_options, shape), result)
        return _completion(result, model, shape)


class AsyncCompletions(Completions):
    async def create(  # type: ignore[override]
        self, *, messages: Any, model: str, stream: bool = False, stream_options: Any = None, **kwargs: Any
    ) -> ChatCompletion | AsyncChunkStream[ChatCompletionChunk]:
        u, call_model, msgs, options = self._prepare(model, messages, kwargs)
        result = await aanswer(u, call_model, msgs, options)
        shape = options.get("response_format")
        if stream is True:
            return AsyncChunkStream(_chunks(result, model, stream_options, shape), result)
        return _completion(result, model, shape)


def _completion(result: Result, model: str, response_format: Any) -> ChatCompletion:
    completion = ChatCompletion.model_validate(response_payload(result, model, response_format))
    completion._hidden_params = {"alu": result}
    return completion


def _chunks(
    result: Result, model: str, stream_options: Any, response_format: Any
) -> list[ChatCompletionChunk]:
    options = stream_options if isinstance(stream_options, dict) else None
    payloads = stream_payloads(response_payload(result, model, response_format), options)
    return [ChatCompletionChunk.model_validate(p) for p in payloads]
