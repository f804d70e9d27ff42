"""`alu` root command: global options and the sub-commands."""

from __future__ import annotations

import inspect
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from alu.cli.common import Globals, configure_logging
from alu.records.entry import entry_point

app = typer.Typer(
    name="alu",
    help="Inference-time unlearning for any LLM: forget people, works or topics without retraining.\n\n"
    "Runs offline on an embedded model by default; pass --model for any litellm model.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(value: bool) -> None:
    if value:
        from alu import __version__

        typer.echo(f"alu {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    model: Annotated[
        str | None, typer.Option(help="litellm model that answers (default: local/smollm2, offline).")
    ] = None,
    agent_model: Annotated[
        str | None,
        typer.Option(
            help="Model of the auditor, eraser, critic, composer and expansion agents (default: --model)."
        ),
    ] = None,
    store: Annotated[
        str | None, typer.Option(help="Chroma directory or http(s)://host:port (default: ~/.alu/store).")
    ] = None,
    verbose: Annotated[
        int,
        typer.Option(
            "--verbose", "-v", count=True, show_default=False, help="Log more to stderr (-vv: debug)."
        ),
    ] = 0,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print alu's version and exit."
        ),
    ] = False,
) -> None:
    configure_logging(verbose)
    ctx.with_resource(entry_point("cli"))
    ctx.obj = Globals(model=model, agent_model=agent_model, store=store, verbose=verbose)


# -- sub-commands (one module each; each registers itself on the group it belongs to) --------------------
from alu.cli import answer, attacks_cmd, eval_cmd, targets  # noqa: E402

answer.register(app)
app.add_typer(targets.app, name="targets")
eval_app = typer.Typer(
    help="Evaluate unlearning on benchmarks (TOFU, WMDP, WPU, MMLU) and attack suites.", no_args_is_help=True
)
attacks_cmd.register(eval_app)
eval_cmd.register(eval_app)
app.add_typer(eval_app, name="eval")
bench_app = typer.Typer(
    help="Measure speed and cost: per-query latency, LLM calls, tokens, throughput.", no_args_is_help=True
)
app.add_typer(bench_app, name="bench")
from alu.cli import bench_scale  # noqa: E402

bench_scale.register(bench_app)
from alu.cli import bench_knowledge  # noqa: E402

bench_knowledge.register(bench_app)
from alu.cli import serve_cmd  # noqa: E402

serve_cmd.register(app)
from alu.cli import bench_serve, bench_speed  # noqa: E402

bench_serve.register(bench_app)
bench_speed.register(bench_app)
from alu.cli import bench_soak  # noqa: E402

bench_soak.register(bench_app)
from alu.cli import bench_log  # noqa: E402

bench_log.register(bench_app)
from alu.cli import audit_cmd  # noqa: E402

audit_cmd.register(app)
from alu.cli import runs_cmd  # noqa: E402

runs_cmd.register(app)
from alu.cli import verify_cmd  # noqa: E402

verify_cmd.register(app)


def _reflow_help(group: typer.Typer) -> None:
    """Give every command of the group (and of its sub-groups) its docstring as help with the lines of each
    paragraph joined: Typer prints a docstring's line breaks as they are, which cut sentences in the middle
    of `--help` and of the command lists."""
    for command in group.registered_commands:
        doc = command.help or inspect.getdoc(command.callback) or ""
        command.help = "\n\n".join(" ".join(p.split("\n")) for p in doc.split("\n\n"))
    for sub in group.registered_groups:
        if sub.typer_instance is not None:
            _reflow_help(sub.typer_instance)


class _Command(TyperCommand):
    """A command whose flags show no type in `--help`: typer 0.29 printed `<bool>` beside each flag and
    `<int>` beside -v, as if they took a value."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _untyped_flags(super().get_params(ctx))


class _Group(TyperGroup):
    """A group whose own flags (--version, --help, -v) show no type either: see _Command."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _untyped_flags(super().get_params(ctx))


def _untyped_flags(params: list[Any]) -> list[Any]:
    """The params, flags given an empty metavar (typer has its own click: its options are matched by what
    they have, not by class)."""
    for param in params:
        flag = getattr(param, "is_flag", False) or getattr(param, "count", False)
        if flag and param.metavar is None:
            param.metavar = ""  # typer prints the metavar, when set, in place of the type
    return params


def _use_untyped_flags(group: typer.Typer) -> None:
    """Give the group, its commands and its sub-groups the classes above."""
    group.info.cls = _Group
    for command in group.registered_commands:
        if command.cls in (None, TyperCommand):
            command.cls = _Command
    for sub in group.registered_groups:
        sub.cls = _Group
        if sub.typer_instance is not None:
            _use_untyped_flags(sub.typer_instance)


_reflow_help(app)
_use_untyped_flags(app)


def main() -> None:
    """The `alu` program (console script and `python -m alu.cli`): runs the command, then ends the process
    as Python would, without tearing the interpreter down. The exit handlers run (records are flushed, models
    freed, output flushed), but the millions of small objects of a big store's indexes, and every imported
    library, are not freed one by one: that took 0.4-1 s after `alu ask` had printed its answer. The process
    ends there: a host that wants control back calls `app` instead."""
    try:
        app()
    except SystemExit as exc:
        end_process(exc.code)
        raise
    end_process(0)


def end_process(code: object) -> None:
    """Exit with `code` (as `sys.exit` takes it) after running the exit handlers, skipping the interpreter's
    teardown. Falls back to a normal exit where Python cannot run the handlers itself."""
    import atexit
    import os

    run_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_handlers is None:
        return
    if code is not None and not isinstance(code, int):
        sys.stderr.write(f"{code}\n")
        code = 1
    run_handlers()  # they include logging.shutdown, which flushes the log handlers
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe (`alu targets list | head`): Python itself would end with 120
        code = code or 120
    os._exit(code or 0)
