"""Checking a model string before anything is built, without importing litellm for alu's own providers.

`local/…` (the embedded model) and `scripted/…` (tests, the demo) are routed by alu itself, so a CLI command
that never calls a model (`alu targets add|remove`) does not pay litellm's import (seconds on a cold start)
to check the default model. Any other string is checked by litellm's router."""

from __future__ import annotations

from alu.errors import ConfigError

DEFAULT_MODEL = "local/smollm2"
"""The model that answers unless told otherwise: the embedded one (offline)."""
OWN_PROVIDERS = ("local", "scripted")
"""Providers alu registers itself; `bound/…` is registered per connection and is checked by litellm."""


def check_model(model: str) -> None:
    """Fail early, with a readable message, on a model string litellm cannot route."""
    provider, _, name = model.partition("/") if isinstance(model, str) else ("", "", "")
    if provider in OWN_PROVIDERS and name.strip():
        return
    from alu.llm import ensure_providers

    import litellm  # isort: skip

    ensure_providers()
    try:
        litellm.get_llm_provider(model)
    except Exception:
        raise ConfigError(
            f"unknown model {model!r}: use a litellm model string such as 'openai/gpt-4o-mini', "
            "'local/smollm2' (embedded, offline) or 'local//path/to/model.gguf'"
        ) from None
