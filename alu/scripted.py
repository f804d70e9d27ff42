"""A deterministic, scriptable litellm provider: `scripted/<name>`.

It is a real litellm provider, so tests, the demo and benchmarks exercise exactly the code path a hosted model
takes. A script maps each call (its role: vanilla, auditor, eraser, critic, composer, expander) to a reply.
The built-in `scripted/demo` behaves like a competent, cooperative model over a tiny world of fictitious
facts."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import litellm  # noqa: E402  isort: skip
from litellm.llms.custom_llm import CustomLLM  # noqa: E402  isort: skip


@dataclass
class ScriptCall:
    """What the scripted model sees of one request."""

    model: str
    role: str
    messages: list[dict[str, Any]]
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(str(m.get("content") or "") for m in self.messages)

    @property
    def last_user(self) -> str:
        return next((str(m.get("content") or "") for m in reversed(self.messages) if m["role"] == "user"), "")

    def fenced(self, tag: str) -> str:
        match = re.search(rf"<<<{tag}>>>\n(.*?)\n<<</{tag}>>>", self.text, re.DOTALL)
        return match.group(1) if match else ""


@dataclass(frozen=True)
class Cut:
    """A reply the model stopped because it hit max_tokens (finish_reason "length")."""

    text: str


Reply = str | Exception | Callable[[ScriptCall], "str | dict | list"] | dict | list | Cut
ScriptFn = Callable[[ScriptCall], Any]


def role_script(default: Reply = "OK", **by_role: Reply | Sequence[Reply]) -> ScriptFn:
    """Build a script from per-role replies. A list/tuple is consumed one reply per call (the last repeats);
    an Exception instance is raised; a callable gets the ScriptCall; dicts are sent as JSON."""
    queues: dict[str, list[Reply]] = {
        role: list(reply) if isinstance(reply, tuple) else [reply] for role, reply in by_role.items()
    }

    def script(call: ScriptCall) -> Any:
        queue = queues.get(call.role)
        if not queue:
            return default
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return script


@dataclass
class _Registered:
    fn: ScriptFn
    latency_ms: float = 0.0
    calls: list[ScriptCall] = field(default_factory=list)


_SCRIPTS: dict[str, _Registered] = {}


def register_script(name: str, fn: ScriptFn, *, latency_ms: float = 0.0) -> None:
    """Make `scripted/<name>` answer with `fn`. `latency_ms` simulates a model's response time."""
    _SCRIPTS[name] = _Registered(fn, latency_ms)


def script_calls(name: str) -> list[ScriptCall]:
    """Every call `scripted/<name>` received since it was registered (for assertions)."""
    return _SCRIPTS[name].calls


def _render(reply: Any, call: ScriptCall) -> str:
    if isinstance(reply, Exception):
        raise reply
    if callable(reply):
        return _render(reply(call), call)
    if isinstance(reply, (dict, list)):
        return json.dumps(reply)
    if isinstance(reply, Cut):
        return reply.text
    return str(reply)


class ScriptedLLM(CustomLLM):
    def _run(self, model: str, messages: list, optional_params: dict, litellm_params: dict | None) -> Any:
        name = model.split("/", 1)[-1]
        if name not in _SCRIPTS:
            raise litellm.BadRequestError(
                message=f"no script registered as scripted/{name}; known: {sorted(_SCRIPTS)}",
                model=model,
                llm_provider="scripted",
            )
        entry = _SCRIPTS[name]
        role = ((litellm_params or {}).get("metadata") or {}).get("alu_role", "vanilla")
        call = ScriptCall(model=model, role=role, messages=messages, params=dict(optional_params))
        entry.calls.append(call)
        reply = entry.fn(call)
        text = _render(reply, call)
        response = litellm.ModelResponse(model=f"scripted/{name}")
        response.choices[0].message.content = text  # type: ignore[union-attr]
        response.choices[0].finish_reason = "length" if isinstance(reply, Cut) else "stop"
        prompt_tokens = sum(len(str(m.get("content") or "").split()) for m in messages)
        response.usage = litellm.Usage(  # type: ignore[attr-defined]
            prompt_tokens=prompt_tokens,
            completion_tokens=len(text.split()),
            total_tokens=prompt_tokens + len(text.split()),
        )
        return response, entry.latency_ms

    def completion(self, model, messages, *args, optional_params=None, litellm_params=None, **kwargs):  # type: ignore[override]
        response, latency_ms = self._run(model, messages, optional_params or {}, litellm_params)
        time.sleep(latency_ms / 1000)
        return response

    async def acompletion(self, model, messages, *args, optional_params=None, litellm_params=None, **kwargs):  # type: ignore[override]
        response, latency_ms = self._run(model, messages, optional_params or {}, litellm_params)
        await asyncio.sleep(latency_ms / 1000)
        return response


_HANDLER = ScriptedLLM()


def register_scripted_provider() -> None:
    if not any(p.get("provider") == "scripted" for p in litellm.custom_provider_map):
        litellm.custom_provider_map = [
            *litellm.custom_provider_map,
            {"provider": "scripted", "custom_handler": _HANDLER},
        ]
        from litellm.utils import custom_llm_setup

        custom_llm_setup()
