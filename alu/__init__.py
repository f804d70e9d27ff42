"""alu: inference-time unlearning for any black-box LLM."""

from alu import _offline  # noqa: F401  (offline defaults before any heavy import)
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
]
__version__ = "0.1.0"
