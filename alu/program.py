"""The `alu` program (its console script and `python -m alu`): what it starts before its command line is even
imported, then the command line (alu.cli).

`alu ask` on the embedded model waits longest for that model's load (~1 s of C code, which leaves the
interpreter free). Importing the command line (typer, rich, pydantic-settings) and resolving the settings
took ~0.4 s before the load started. When the arguments and the environment alone tell which model will
answer, the load now starts first. Only then: with a `.env` file the settings decide, and the command starts
the load itself as before (alu.cli.common.make_unlearner). A model is never loaded twice
(alu.local_model.load_model loads each file once). `alu --version` is answered here, before any of it."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from alu.model_names import DEFAULT_MODEL

ANSWERING = frozenset({"ask", "chat", "demo"})
"""Commands that answer with the model (`--model`, default the embedded one)."""
_GLOBAL_VALUES = frozenset({"--model", "--agent-model", "--store"})
"""The root's options that take a value (see alu.cli.app.root)."""
_GLOBAL_FLAGS = frozenset({"-v", "-vv", "-vvv", "--verbose"})


def main() -> None:
    if asks_version(sys.argv[1:]):  # answered before the command line's imports (~0.4 s)
        from alu import __version__

        print(f"alu {__version__}")
        return
    from alu._offline import own_process

    own_process()
    model = answering_model(sys.argv[1:], os.environ, Path(".env"))
    if model is not None:
        from alu.local_model import preload

        preload(model)
    from alu.cli.app import main as run

    run()


def asks_version(argv: Iterable[str]) -> bool:
    """Whether an `alu` command line (`argv`, without the program) has `--version` among the root's options,
    before any command: the root's eager option then prints the version and ends the program whatever else
    follows. An option this does not know leaves the decision to the command line."""
    return ("", "--version") in _root_options(argv)


def _root_options(argv: Iterable[str]) -> Iterator[tuple[str, str]]:
    """The root's options before the command as (name, value), '' for a flag's or a missing value; then
    ('', argument) for the first other argument (the command, `--version` or an option this does not know)."""
    args = iter(argv)
    for arg in args:
        name, eq, value = arg.partition("=")
        if name in _GLOBAL_VALUES:
            yield name, value if eq else next(args, "")
        elif arg in _GLOBAL_FLAGS:
            yield arg, ""
        else:
            yield "", arg
            return


def answering_model(argv: Iterable[str], environ: Mapping[str, str], dotenv: Path) -> str | None:
    """The model an `alu` command line (`argv`, without the program) will answer with, when it runs an
    answering command and the model is certain without the settings: the `--model` given, else ALU_MODEL from
    the environment (in any case, as the settings read it), else the default when no `.env` file could name
    another. None otherwise (another command, an option this does not know, `--help`)."""
    given = None
    for name, value in _root_options(argv):
        if name in _GLOBAL_VALUES:
            if not value:
                return None
            given = value if name == "--model" else given
        elif not name:
            if value not in ANSWERING:
                return None
            break
    else:
        return None
    if given is not None:
        return given
    from_env = {value for key, value in environ.items() if key.lower() == "alu_model"}
    if from_env:
        return from_env.pop() if len(from_env) == 1 else None
    return None if dotenv.exists() else DEFAULT_MODEL
