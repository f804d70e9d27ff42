"""alu: inference-time unlearning for any black-box LLM.

The public names are imported lazily, so `alu --help` and light imports do not pay for litellm, langgraph and
chromadb."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "Settings": "alu.config",
    "AluError": "alu.errors",
    "ConfigError": "alu.errors",
    "InvalidTargetError": "alu.errors",
    "ModelError": "alu.errors",
    "StoreError": "alu.errors",
    "StoreUnavailableError": "alu.errors",
    "TargetNotFoundError": "alu.errors",
    "Unlearner": "alu.sdk",
    "completion": "alu.adopt.completion",
    "acompletion": "alu.adopt.completion",
    "wrap": "alu.adopt.openai_client",  # imports openai only when used
    "CandidateRating": "alu.types",
    "LeakFinding": "alu.types",
    "Result": "alu.types",
    "Target": "alu.types",
    "TraceEntry": "alu.types",
}
__all__ = [
    "AluError",
    "CandidateRating",
    "ConfigError",
    "InvalidTargetError",
    "LeakFinding",
    "ModelError",
    "Result",
    "Settings",
    "StoreError",
    "StoreUnavailableError",
    "Target",
    "TargetNotFoundError",
    "TraceEntry",
    "Unlearner",
    "acompletion",
    "completion",
    "wrap",
]  # keep in sync with _EXPORTS
__version__ = "0.1.0"

if TYPE_CHECKING:
    from alu.adopt.completion import acompletion, completion
    from alu.adopt.openai_client import wrap
    from alu.config import Settings
    from alu.errors import (
        AluError,
        ConfigError,
        InvalidTargetError,
        ModelError,
        StoreError,
        StoreUnavailableError,
        TargetNotFoundError,
    )
    from alu.sdk import Unlearner
    from alu.types import CandidateRating, LeakFinding, Result, Target, TraceEntry


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'alu' has no attribute {name!r}")
