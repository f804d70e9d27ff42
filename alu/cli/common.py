"""What every command shares: global options, building the Unlearner, printing, and error handling."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
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
    ctx: typer.Context, *, answering: bool = False, embedding: bool = False, **extra: Any
):  # -> Unlearner (imported here: keeps --help fast)
    """The Unlearner of the global options. A command that will embed texts (`embedding`) or ask its models
    (`answering`) starts loading the embedding model, and an embedded answering model, in background
    threads now: both load in C, off the GIL, while the store opens (alu.local_model.preload)."""
    from alu._offline import quiet_litellm
    from alu.config import resolve_settings

    settings = resolve_settings(**(globals_of(ctx).settings_overrides() | extra))
    if answering:  # first, even before importing the SDK: the model's load is what the first answer waits for
        from alu.local_model import preload

        preload(settings.model)
    if answering or embedding:
        from alu.embeddings import load_in_background

        load_in_background()
    from alu.sdk import Unlearner

    unlearner = Unlearner(settings)
    quiet_litellm()
    return unlearner


def read_store(ctx: typer.Context) -> Any:
    """Something with `count()` and `all()` over the store's targets, as cheap as possible: a local store is
    read from its SQLite file (no chromadb), anything else through the Chroma client. No model is loaded.
    A local store not created yet reads as empty (said on stderr); see `store_exists`."""
    from alu.config import resolve_settings
    from alu.store_read import local_read

    s = resolve_settings(**globals_of(ctx).settings_overrides())
    if not store_exists(s.store):
        stderr.print(f"no store at {escape(s.store)} yet: nothing is forgotten there", highlight=False)
        return _NoStore()
    view = local_read(s.store, s.collection)
    return view if view is not None else open_store(ctx)


def require_store(ctx: typer.Context) -> None:
    """Exit 1 unless the configured store exists: for the commands that read or change existing targets
    (show, remove, expand, report, verify). Opening a store creates it, so a mistyped --store became an
    empty store and the command answered about nothing ('no target named …', or nothing at all)."""
    from alu.config import resolve_settings

    store = resolve_settings(**globals_of(ctx).settings_overrides()).store
    if not store_exists(store):
        raise fail(f"no store at {store}: nothing is forgotten there (alu targets add creates one)")


def store_exists(store: str) -> bool:
    """Whether a store is at `store`: a server's always counts (it is asked when opened); a local one
    exists once its folder holds chroma.sqlite3. A local path that is not a folder is an error, not a
    store to be created (reading it said 'no store yet', opening it '[Errno 17] File exists'), and so is a
    folder that lost its database but holds what alu saved of its targets (alu.store_read)."""
    if "://" in store:
        return True
    path = Path(store).expanduser()
    if path.exists() and not path.is_dir():
        raise fail(f"--store {store} is a file, not a store folder")
    db = path / "chroma.sqlite3"
    if not db.is_file():
        from alu.store_read import refuse_lost_database

        refuse_lost_database(db, collection="")  # a folder alu saved targets in has lost its database
    return db.is_file()


def check_utf8(text: str | None, what: str) -> None:
    """Refuse a command-line text that is not UTF-8 before any work: Python hands such bytes over as lone
    surrogates, which no model, store or embedder takes."""
    if text is None:
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise fail(f"{what} is not valid UTF-8 text: give it in UTF-8") from None


def read_utf8(source: str, what: str) -> str:
    """A text from a file, or from stdin when `source` is '-', decoded strictly as UTF-8 (a text stdin
    decodes with the locale's codec, or escapes what it cannot: such text crashed deep in screening)."""
    if source == "-":
        if sys.stdin is None:
            raise fail(f"stdin is closed: there is no {what} to read")
        buffer = getattr(sys.stdin, "buffer", None)
        raw = buffer.read() if buffer is not None else sys.stdin.read().encode("utf-8", "surrogateescape")
        where = "stdin"
    else:
        path = Path(source)
        if not path.is_file():
            raise fail(f"{what} file {source!r} not found: give a file path, or - to read it from stdin")
        raw, where = path.read_bytes(), f"{what} file {source!r}"
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise fail(f"{where} is not valid UTF-8 (byte {raw[exc.start]:#04x} at offset {exc.start})") from None


class _NoStore:
    """What a read sees where no store exists yet: no targets (and nothing written to disk)."""

    def count(self) -> int:
        return 0

    def all(self) -> list[Any]:
        return []

    def snapshot(self) -> dict[str, Any]:
        return {}


def open_store(ctx: typer.Context, **options: Any) -> Any:  # -> ForgetStore
    """The configured store through the Chroma client (`options`: ForgetStore's keyword options)."""
    from alu.config import resolve_settings
    from alu.store import ForgetStore

    s = resolve_settings(**globals_of(ctx).settings_overrides())
    return ForgetStore(
        s.store, collection=s.collection, timeout_s=s.store_timeout_s, batch_size=s.batch_size, **options
    )


def to_terminal() -> bool:
    """Whether stdout is a terminal (a person reading) rather than a pipe or a file (a program reading)."""
    return stdout.is_terminal


@contextmanager
def status(message: str) -> Iterator[None]:
    """A spinner on stderr while something slow runs (only on a terminal: pipes and logs stay clean)."""
    if not stderr.is_terminal:
        yield
        return
    with stderr.status(f"[dim]{escape(message)}[/]", spinner="dots"):
        yield


def progress_bar(*counters: str, width: int = 0, transient: bool = False) -> Any:  # -> rich Progress
    """A progress bar on stderr: the task's description (padded to `width`), the bar, done/total, a count
    per name in `counters` (the task's field of that name), the time elapsed. rich.progress is imported
    here: ~40 ms that every other command need not pay."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn(f"{{task.description:<{width}}}" if width else "{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        *(TextColumn(f"{name} {{task.fields[{name}]}}") for name in counters),
        TimeElapsedColumn(),
        console=stderr,
        transient=transient,
    )


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


def print_json_targets(targets: list[tuple[str, Any]], exclude: set[str] | None = None) -> None:
    """Targets (id, target) as a JSON array on stdout, one per line, each its id and then its fields as
    `model_dump` gives them (less `exclude`). pydantic's own JSON encoder writes each (0.06 s for 10,000
    targets, against 0.3 s through `model_dump` and `json.dumps`); the ids come with the rows (deriving each
    from its name again cost 0.1 s)."""
    lines = ",\n".join(
        f'{{"id": {json.dumps(tid)}, {t.model_dump_json(exclude=exclude)[1:]}' for tid, t in targets
    )
    sys.stdout.write(f"[\n{lines}\n]\n" if targets else "[]\n")


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
    # soft_wrap: one line however narrow the terminal (a path in it stays whole for copying and grep)
    stderr.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
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
