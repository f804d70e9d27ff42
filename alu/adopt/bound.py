"""Model strings that carry their connection: `bound/<n>/<model>` calls `<model>` with a fixed api_base
and key.

alu makes several model calls per answer (the vanilla answer, then the auditing agents), and the agents only
know a model by its string. A caller who brings an endpoint and key (`alu.completion(api_base=...,
api_key=...)`, or a wrapped OpenAI client) must have every one of those calls reach that endpoint with that
key, and none fall back to a provider's default URL or an environment key. Binding the connection to the
model string does that without threading credentials through the pipeline. The registry lives in memory
only; the key never appears in the string or in traces.

The registry is bounded: a service that calls with a key per user must not keep every key it ever saw. It
holds the MAX_BOUND most recently bound connections (every call binds again, which keeps a connection in use
fresh); ids are never reused, so a string whose binding was let go fails with a clear error instead of
reaching somebody else's endpoint with somebody else's key."""

from __future__ import annotations

import hashlib
import itertools
import threading
from collections import OrderedDict
from typing import Any

import litellm
from litellm.llms.custom_llm import CustomLLM

from alu.llm import ensure_providers

PROVIDER = "bound"

MAX_BOUND = 1024
_BOUND: dict[int, tuple[str, dict[str, Any]]] = {}
_IDS: OrderedDict[str, int] = OrderedDict()  # fingerprint (a hash: no key in it) -> id, least recent first
_NEXT = itertools.count(1)
_LOCK = threading.Lock()


def bind(model: str, **connection: Any) -> str:
    """A model string that calls `model` with `connection` (api_base, api_key, ...) on every call.
    Binding the same model and connection twice returns the same string (while it is still bound)."""
    _register_provider()
    fingerprint = hashlib.sha256(
        repr((model, sorted(connection.items(), key=lambda kv: kv[0]))).encode()
    ).hexdigest()
    with _LOCK:
        if fingerprint not in _IDS:
            _IDS[fingerprint] = next(_NEXT)
            _BOUND[_IDS[fingerprint]] = (model, dict(connection))
            while len(_IDS) > MAX_BOUND:
                _, oldest = _IDS.popitem(last=False)
                del _BOUND[oldest]
        _IDS.move_to_end(fingerprint)
        return f"{PROVIDER}/{_IDS[fingerprint]}/{model}"


def resolve(model: str) -> tuple[str, dict[str, Any]]:
    """The model and connection behind a bound model string (with or without the `bound/` prefix)."""
    key = model.removeprefix(f"{PROVIDER}/").split("/", 1)[0]
    with _LOCK:
        bound = _BOUND.get(int(key)) if key.isdigit() else None
    if bound is None:
        raise litellm.BadRequestError(
            message=f"{model!r} is not (or no longer) a bound model of this process: bind it again",
            model=model,
            llm_provider=PROVIDER,
        )
    return bound


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
            **_as_given(optional_params or {}, kw.get("logging_obj")),
            **connection,
            metadata=(litellm_params or {}).get("metadata") or {},
            timeout=timeout,
        )


DROPPED_FOR_CUSTOM = ("user", "max_completion_tokens")
"""Options litellm does not hand a custom provider as the caller gave them: it drops `user` and turns
`max_completion_tokens` into `max_tokens` (which reasoning models refuse)."""


def _as_given(params: dict[str, Any], logging_obj: Any) -> dict[str, Any]:
    """The options for the bound model as the caller gave them: litellm's mapped ones, with DROPPED_FOR_CUSTOM
    taken back from what the call's logging record kept of the caller's own options."""
    details = getattr(logging_obj, "model_call_details", None)
    given = details.get("optional_params") if isinstance(details, dict) else None
    if not isinstance(given, dict):
        return params
    params = dict(params)
    if given.get("max_completion_tokens") is not None and given.get("max_tokens") is None:
        params.pop("max_tokens", None)
    params.update({name: given[name] for name in DROPPED_FOR_CUSTOM if given.get(name) is not None})
    return params


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
