"""The embedded model as a litellm provider: `litellm.completion(model="local/smollm2", ...)` works in any
program that imported alu's providers (alu.llm.ensure_providers). alu's own calls skip litellm and call
alu.local_model directly; this adapter serves code that talks to litellm itself."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any

from alu import local_model
from alu.local_model import PROVIDER, LocalContextError

import litellm  # noqa: E402  isort: skip
from litellm.llms.custom_llm import CustomLLM  # noqa: E402  isort: skip
from litellm.types.utils import GenericStreamingChunk  # noqa: E402  isort: skip


def _context_window(exc: LocalContextError, model: str) -> Exception:
    return litellm.ContextWindowExceededError(message=str(exc), model=model, llm_provider=PROVIDER)


class LocalLLM(CustomLLM):
    """litellm handler for `local/…`. litellm passes the model name without its `local/` prefix."""

    def _complete(self, model: str, messages: list[dict[str, Any]], params: dict[str, Any]) -> Any:
        try:
            out = local_model.complete(model, messages, params)
        except LocalContextError as exc:
            raise _context_window(exc, model) from exc
        choice = out["choices"][0]
        usage = out.get("usage") or {}
        response = litellm.ModelResponse(model=f"{PROVIDER}/{model}")
        response.choices[0].message.content = choice["message"].get("content") or ""  # type: ignore[union-attr]
        response.choices[0].finish_reason = choice.get("finish_reason") or "stop"  # type: ignore[union-attr]
        response.usage = litellm.Usage(  # type: ignore[attr-defined]
            prompt_tokens=usage.get("prompt_tokens", 0),
            completion_tokens=usage.get("completion_tokens", 0),
            total_tokens=usage.get("total_tokens", 0),
        )
        return response

    def _stream(self, model: str, messages: list[dict[str, Any]], params: dict[str, Any]) -> Iterator[Any]:
        """litellm GenericStreamingChunks."""
        try:
            for text, finish in local_model.stream(model, messages, params):
                yield GenericStreamingChunk(
                    text=text, is_finished=bool(finish), finish_reason=finish, usage=None, index=0
                )
        except LocalContextError as exc:
            raise _context_window(exc, model) from exc

    def completion(self, model, messages, *args, optional_params=None, **kwargs):  # type: ignore[override]
        return self._complete(model, messages, optional_params or {})

    async def acompletion(self, model, messages, *args, optional_params=None, **kwargs):  # type: ignore[override]
        return await asyncio.to_thread(self._complete, model, messages, optional_params or {})

    def streaming(self, model, messages, *args, optional_params=None, **kwargs):  # type: ignore[override]
        return self._stream(model, messages, optional_params or {})

    def astreaming(self, model, messages, *args, optional_params=None, **kwargs):  # type: ignore[override]
        # A plain function returning an async iterator: litellm iterates what it gets, it does not await it.
        return _in_thread(self._stream(model, messages, optional_params or {}))


async def _in_thread(chunks: Iterator[Any]) -> AsyncIterator[Any]:
    """Drive a blocking generator from one worker thread, handing its chunks to the event loop."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
    cancelled = threading.Event()

    def pump() -> None:
        try:
            for chunk in chunks:
                if cancelled.is_set():
                    break
                loop.call_soon_threadsafe(queue.put_nowait, ("chunk", chunk))
            loop.call_soon_threadsafe(queue.put_nowait, ("end", None))
        except BaseException as exc:  # re-raised in the consumer
            loop.call_soon_threadsafe(queue.put_nowait, ("error", exc))
        finally:
            chunks.close()  # type: ignore[attr-defined]

    worker = asyncio.ensure_future(asyncio.to_thread(pump))
    try:
        while True:
            kind, item = await queue.get()
            if kind == "end":
                break
            if kind == "error":
                raise item
            yield item
    finally:
        cancelled.set()
        await worker


_HANDLER = LocalLLM()


def register_local_provider() -> None:
    """Idempotently route `local/…` model strings to the embedded llama.cpp provider."""
    if not any(p.get("provider") == PROVIDER for p in litellm.custom_provider_map):
        litellm.custom_provider_map = [
            *litellm.custom_provider_map,
            {"provider": PROVIDER, "custom_handler": _HANDLER},
        ]
    from litellm.utils import custom_llm_setup

    custom_llm_setup()  # adds the provider to litellm.provider_list, so get_llm_provider() knows it now
