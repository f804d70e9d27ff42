"""What every command shares: global options, building the Unlearner, printing, and error handling."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.markup import escape

from alu.errors import AluError

stdout = Console()
stderr = Console(stderr=True)
F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class Globals:
    """Options given before the command (`alu --model … ask …`)."""

    model: str | None = None
    agent_model: str | None = None
    store: str | None = None
    verbose: int = 0
    overrides: dict[str, Any] = field(default_factory=dict)

    def settings_overrides(self) -> dict[str, Any]:
        given = {"model": self.model, "agent_model": self.agent_model, "store": self.store}
        return {k: v for k, v in given.items() if v is not None} | self.overrides


def globals_of(ctx: typer.Context) -> Globals:
    root = ctx.find_root()
    if not isinstance(root.obj, Globals):
        root.obj = Globals()
    return root.obj


def make_unlearner(
    ctx: typer.Context, *, answering: bool = False, **extra: Any
):  # -> Unlearner (lazy: fast --help)
    """The Unlearner of the global options. `answering`: the command will ask its models, so an embedded
    model starts loading now, while the store opens (alu.local_model.preload)."""
    from alu._offline import quiet_litellm
    from alu.config import resolve_settings
    from alu.sdk import Unlearner

    settings = resolve_settings(**(globals_of(ctx).settings_overrides() | extra))
    if answering:
        from alu.local_model import preload

        preload(settings.model)
    unlearner = Unlearner(settings)
    quiet_litellm()
    return unlearner


def read_store(ctx: typer.Context) -> Any:
    """Something with `count()` and `all()` over the store's targets, as cheap as possible: a local store is
    read from its SQLite file (no chromadb), anything else through the Chroma client. No model is loaded."""
    from alu.config import resolve_settings
    from alu.store_read import local_read

    s = resolve_settings(**globals_of(ctx).settings_overrides())
    view = local_read(s.store, s.collection)
    if view is not None:
        return view
    return open_store(ctx)


def open_store(ctx: typer.Context, **options: Any) -> Any:  # -> ForgetStore
    """The configured store through the Chroma client (`options`: ForgetStore's keyword options)."""
    from alu.config import resolve_settings
    from alu.store import ForgetStore

    s = resolve_settings(**globals_of(ctx).settings_overrides())
    return ForgetStore(
        s.store, collection=s.collection, timeout_s=s.store_timeout_s, batch_size=s.batch_size, **options
    )


@contextmanager
def status(message: str) -> Iterator[None]:
    """A spinner on stderr while something slow runs (only on a terminal: pipes and logs stay clean)."""
    if not stderr.is_terminal:
        yield
        return
    with stderr.status(f"[dim]{escape(message)}[/]", spinner="dots"):
        yield


def configure_logging(verbose: int) -> None:
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("LiteLLM", "litellm", "httpx", "chromadb"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))


def print_json(data: Any) -> None:
    """Machine-readable output on stdout (no colour, no wrapping)."""
    if isinstance(data, BaseModel):
        text = data.model_dump_json(indent=2)
    else:
        text = json.dumps(data, indent=2, ensure_ascii=False, default=_default)
    sys.stdout.write(text + "\n")


def _default(obj: Any) -> Any:
    if isinstance(obj, BaseModel):
        return obj.model_dump(mode="json")
    return str(obj)


def require(extra: str, *modules: str) -> None:
    """Exit with one clear line when an optional dependency group is not installed."""
    import importlib.util

    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        raise fail(f"this command needs {', '.join(missing)}: pip install 'alu[{extra}]'")


def model_failure(result: Any) -> typer.Exit | None:
    """The exit for a Result whose agents failed (alu refused because a model could not be called): the
    refusal is not an answer, so the command says why on stderr and exits 1. None for a normal result."""
    if getattr(result, "error", None):
        return fail(f"no audited answer: {result.error}")
    return None


def fail(message: str, code: int = 1) -> typer.Exit:
    stderr.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    return typer.Exit(code)


def handle_errors(fn: F) -> F:
    """Turn alu's own errors and bad values into one clear line on stderr and exit code 1 (2 for usage)."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except (AluError, ValueError, OSError) as exc:
            raise fail(str(exc)) from None
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None

    return wrapper  # type: ignore[return-value]
