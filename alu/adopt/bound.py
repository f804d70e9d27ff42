"""Model strings that carry their connection: `bound/<n>/<model>` calls `<model>` with a fixed api_base
and key.

alu makes several model calls per answer (the vanilla answer, then the auditing agents), and the agents only
know a model by its string. A caller who brings an endpoint and key (`alu.completion(api_base=...,
api_key=...)`, or a wrapped OpenAI client) must have every one of those calls reach that endpoint with that
key, and none fall back to a provider's default URL or an environment key. Binding the connection to the
model string does that without threading credentials through the pipeline. The registry lives in memory
only; the key never appears in the string or in traces."""

from __future__ import annotations

import threading
from typing import Any

import litellm
from litellm.llms.custom_llm import CustomLLM

from alu.llm import ensure_providers

PROVIDER = "bound"

_BOUND: dict[int, tuple[str, dict[str, Any]]] = {}
_IDS: dict[str, int] = {}
_LOCK = threading.Lock()


def bind(model: str, **connection: Any) -> str:
    """A model string that calls `model` with `connection` (api_base, api_key, ...) on every call.
    Binding the same model and connection twice returns the same string."""
    _register_provider()
    fingerprint = repr((model, sorted(connection.items(), key=lambda kv: kv[0])))
    with _LOCK:
        if fingerprint not in _IDS:
            _IDS[fingerprint] = len(_IDS) + 1
            _BOUND[_IDS[fingerprint]] = (model, dict(connection))
        return f"{PROVIDER}/{_IDS[fingerprint]}/{model}"


def resolve(model: str) -> tuple[str, dict[str, Any]]:
    """The model and connection behind a bound model string (with or without the `bound/` prefix)."""
    key = model.removeprefix(f"{PROVIDER}/").split("/", 1)[0]
    if not key.isdigit() or int(key) not in _BOUND:
        raise litellm.BadRequestError(
            message=f"{model!r} is not a bound model of this process", model=model, llm_provider=PROVIDER
        )
    return _BOUND[int(key)]


class BoundLLM(CustomLLM):
    """Forwards each call to the bound model through litellm, adding the bound connection. Async only: alu's
    model calls all go through `litellm.acompletion`."""

    async def acompletion(  # type: ignore[override]
        self, model, messages, *args, optional_params=None, litellm_params=None, timeout=None, **kw
    ):
        target, connection = resolve(model)
        return await litellm.acompletion(
            model=target,
            messages=messages,
            **(optional_params or {}),
            **connection,
            metadata=(litellm_params or {}).get("metadata") or {},
            timeout=timeout,
        )


_HANDLER = BoundLLM()


def _register_provider() -> None:
    ensure_providers()
    if not any(p.get("provider") == PROVIDER for p in litellm.custom_provider_map):
        litellm.custom_provider_map = [
            *litellm.custom_provider_map,
            {"provider": PROVIDER, "custom_handler": _HANDLER},
        ]
        from litellm.utils import custom_llm_setup

        custom_llm_setup()
