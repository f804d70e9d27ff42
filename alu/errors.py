"""Exceptions raised by alu. Every error a user can cause has a specific class and a message that says
what was wrong and what to do about it."""


class AluError(Exception):
    """Base class for all errors alu raises on purpose."""


class InvalidTargetError(AluError, ValueError):
    """A forget target is malformed (empty name, non-string alias, ...)."""


class StoreError(AluError):
    """The forget store could not be opened, read or written."""


class StoreUnavailableError(StoreError):
    """A Chroma server could not be reached."""


class StaleEmbeddingsError(StoreError):
    """The store's vectors were written by another embedder than the one alu runs (see
    `ForgetStore.reembed`)."""


class ConfigError(AluError, ValueError):
    """A setting is invalid (unknown store scheme, k < 1, tau outside 1..5, ...)."""


class ModelError(AluError):
    """A model call failed after its retries, or its output could not be parsed."""

    def __init__(self, message: str, *, model: str | None = None, attempts: int = 0) -> None:
        super().__init__(message)
        self.model = model
        self.attempts = attempts
        """Requests sent to the model before giving up (they cost as much as successful ones)."""


class DeadlineExceeded(AluError, TimeoutError):
    """Work ran past the deadline its caller set (see `alu.deadline`) and was stopped."""


class TargetNotFoundError(AluError, KeyError):
    """`withdraw` was asked to remove a target that is not in the store."""

    def __str__(self) -> str:  # KeyError quotes its message; keep it readable
        return str(self.args[0]) if self.args else "target not found"


class RecordsError(AluError):
    """The erasure records could not be read or changed on request (a purge, a report). Writing decision rows
    never raises: a broken log drops rows with one warning instead."""
