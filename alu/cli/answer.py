"""`alu ask`, `alu chat` and `alu demo`: answering through the unlearning pipeline."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.panel import Panel
from rich.table import Table

from alu.cli.common import (
    fail,
    globals_of,
    handle_errors,
    make_unlearner,
    model_failure,
    print_json,
    status,
    stderr,
    stdout,
)
from alu.scratch import scratch_store
from alu.types import Result

PATH_STYLE = {"fast": "green", "rewrite": "yellow", "refuse": "red"}


def trace_table(result: Result) -> Table:
    table = Table("node", "model", "tokens in/out", "ms", "outcome", title=f"path: {result.path}")
    for t in result.trace:
        tokens = f"{t.prompt_tokens}/{t.completion_tokens}" if t.model else ""
        table.add_row(t.node, t.model or "-", tokens, f"{t.ms:.0f}", t.outcome)
    return table


def ask(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="The question to answer.")],
    system: Annotated[str | None, typer.Option(help="System message sent before the question.")] = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the whole result (path, leaked targets, trace) as JSON.")
    ] = False,
    show_trace: Annotated[bool, typer.Option("--trace", help="Show what each agent did (stderr).")] = False,
) -> None:
    """Answer one question; the answer goes to stdout.

    Example: alu ask "Who wrote The Salt Atlas?" --trace
    """
    with status("loading the store and the models"):
        u = make_unlearner(ctx, answering=True)
        u.open_soon()
    messages = ([{"role": "system", "content": system}] if system else []) + [
        {"role": "user", "content": question}
    ]
    with status("answering"):
        result = u.chat(messages)
    if json_out:
        print_json(result)
    elif not result.error:  # a refusal because a model failed is no answer: stderr says why
        typer.echo(result.text)
    if show_trace or globals_of(ctx).verbose:
        stderr.print(trace_table(result))
    failed = model_failure(result)
    if failed:
        raise failed


def chat(
    ctx: typer.Context,
    system: Annotated[str | None, typer.Option(help="System message for the conversation.")] = None,
) -> None:
    """Interactive chat. Commands: /forget NAME, /withdraw NAME, /targets, /trace, /reset, /exit."""
    with status("loading the store and the models"):
        u = make_unlearner(ctx, answering=True)
    history: list[dict[str, Any]] = [{"role": "system", "content": system}] if system else []
    last: Result | None = None
    stderr.print("[dim]alu chat — /help for commands, /exit to leave[/]")
    while True:
        try:
            line = typer.prompt("you", prompt_suffix="> ", err=True).strip()
        except (EOFError, typer.Abort):
            stderr.print()
            return
        if not line:
            continue
        if line.startswith("/"):
            command, _, arg = line.partition(" ")
            arg = arg.strip()
            if command in ("/exit", "/quit"):
                return
            if command == "/help":
                stderr.print(chat.__doc__)
            elif command == "/forget" and arg:
                stderr.print(f"forgetting {u.forget(arg).name!r}")
            elif command == "/withdraw" and arg:
                try:
                    stderr.print(f"withdrew {u.withdraw(arg).name!r}")
                except KeyError as exc:
                    stderr.print(f"[red]{exc}[/]")
            elif command == "/targets":
                stderr.print(", ".join(sorted(t.name for t in u.targets())) or "(no targets)")
            elif command == "/trace":
                stderr.print(trace_table(last) if last else "no turn yet")
            elif command == "/reset":
                history = history[:1] if system else []
            else:
                stderr.print(f"unknown or incomplete command {line!r}; /help lists them")
            continue
        history.append({"role": "user", "content": line})
        try:
            with status("answering"):
                last = u.chat(history)
        except Exception as exc:  # keep the session alive; the user can retry or /exit
            history.pop()
            stderr.print(f"[red]error:[/] {exc}")
            continue
        if last.error:
            history.pop()
            stderr.print(f"[red]error:[/] no audited answer: {last.error}", highlight=False)
            continue
        history.append({"role": "assistant", "content": last.text})
        stdout.print(f"[bold]alu[/]> {last.text}", highlight=False)


def demo(
    ctx: typer.Context,
    json_out: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
) -> None:
    """Seed fictitious forget targets in a throw-away store and run a short conversation about them: each
    answer is shown beside the model's own, with its outcome: answered normally (fast), suppressed (rewrite)
    or refused (refuse).

    Which outcomes appear depends on what the model says: the embedded model seldom names a target unasked,
    so its answers are mostly passed or refused; `alu --model scripted/demo demo` shows all three."""
    from alu.demo import DEMO_CONVERSATION, DEMO_SYSTEM, DEMO_TARGETS

    with scratch_store(prefix="alu-demo-") as store:
        with status("loading the models and seeding the demo targets"):
            u = make_unlearner(ctx, answering=True, store=store)
            u.forget_many(DEMO_TARGETS)
        if not json_out:
            stderr.print(
                f"[dim]model: {u.settings.model}; forget targets: "
                f"{', '.join(t['name'] for t in DEMO_TARGETS)}[/]"
            )
        results = []
        for question in DEMO_CONVERSATION:
            with status(f"answering: {question}"):
                result = u.chat(
                    [{"role": "system", "content": DEMO_SYSTEM}, {"role": "user", "content": question}]
                )
            results.append({"question": question, **result.model_dump(mode="json")})
            if not json_out:
                style = PATH_STYLE[result.path]
                body = (
                    f"[bold]Q:[/] {question}\n[dim]model alone: {result.vanilla}[/]\n"
                    f"[bold]alu:[/] {result.text}"
                )
                stdout.print(Panel(body, title=f"[{style}]{result.path}[/]", title_align="left"))
    if json_out:
        print_json(results)
    paths = {r["path"] for r in results}
    if not json_out:
        stderr.print(f"[dim]outcomes shown: {', '.join(sorted(paths))}[/]")


def register(app: typer.Typer) -> None:
    for command in (ask, chat, demo):
        app.command()(handle_errors(command))


__all__ = ["fail", "register"]
