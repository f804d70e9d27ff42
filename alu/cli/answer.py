"""`alu ask`, `alu chat` and `alu demo`: answering through the unlearning pipeline."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
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

if TYPE_CHECKING:  # the SDK is imported when a command builds its Unlearner: --help stays fast
    from alu.sdk import Unlearner

PATH_STYLE = {"fast": "green", "rewrite": "yellow", "refuse": "red"}


def trace_table(result: Result) -> Table:
    """What each agent did. Its cells are escaped: an outcome can quote a model's error, and rich would read
    brackets in it as markup."""
    table = Table("node", "model", "tokens in/out", "ms", "outcome", title=f"path: {result.path}")
    for t in result.trace:
        tokens = f"{t.prompt_tokens}/{t.completion_tokens}" if t.model else ""
        table.add_row(t.node, escape(t.model or "-"), tokens, f"{t.ms:.0f}", escape(t.outcome))
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
    """Interactive chat. Commands: /forget NAME, /withdraw NAME, /targets, /trace, /reset, /exit.

    Example: alu chat --system "You are a helpful librarian."   (or: alu --model openai/gpt-4o-mini chat)
    """
    with status("loading the store and the models"):
        u = make_unlearner(ctx, answering=True)
    start: list[dict[str, Any]] = [{"role": "system", "content": system}] if system else []
    history = list(start)
    last: Result | None = None
    stderr.print("[dim]alu chat — /help for commands, /exit to leave[/]")
    while (line := _read_line()) is not None:
        if not line:
            continue
        command, _, arg = line.partition(" ")
        if command in ("/exit", "/quit"):
            return
        if command == "/reset":
            history = list(start)
        elif line.startswith("/"):
            _run_command(u, command, arg.strip(), last)
        else:
            last = _answer_turn(u, history, line) or last


def _read_line() -> str | None:
    """The user's next line, or None once input has ended. EOF and Ctrl-C/Ctrl-D at the prompt end the session
    cleanly, and so does a standard input closed before alu started (`alu chat <&-`): Python then has no
    `sys.stdin` and `input()` raises RuntimeError, which is no error of the user's session."""
    if sys.stdin is None or sys.stdin.closed:
        return None
    try:
        return typer.prompt("you", prompt_suffix="> ", err=True).strip()
    except (EOFError, typer.Abort):
        stderr.print()  # end the prompt's line
        return None


def _run_command(u: Unlearner, command: str, arg: str, last: Result | None) -> None:
    """Run one slash command. Its error (an invalid name, a target not there, a store that failed) is
    reported and the session goes on, as it does when a turn fails: one mistyped command must not end a
    conversation and lose its history."""
    try:
        _slash_command(u, command, arg, last)
    except Exception as exc:  # any failure of one command is reported, not fatal
        stderr.print(f"[red]error:[/] {escape(str(exc))}", highlight=False)


def _slash_command(u: Unlearner, command: str, arg: str, last: Result | None) -> None:
    """The slash commands other than /exit and /reset (which change the session itself). Names are the
    user's text and are escaped: rich would take `[/]` in one for markup and fail."""
    if command == "/help":
        stderr.print(escape(chat.__doc__ or ""))
    elif command == "/forget" and arg:
        stderr.print(f"forgetting {escape(repr(u.forget(arg).name))}")
    elif command == "/withdraw" and arg:
        stderr.print(f"withdrew {escape(repr(u.withdraw(arg).name))}")
    elif command == "/targets":
        stderr.print(escape(", ".join(sorted(t.name for t in u.targets()))) or "(no targets)")
    elif command == "/trace":
        stderr.print(trace_table(last) if last else "no turn yet")
    else:
        stderr.print(f"unknown or incomplete command {escape(repr(command))}; /help lists them")


def _answer_turn(u: Unlearner, history: list[dict[str, Any]], line: str) -> Result | None:
    """Answer one line and print it; the history keeps only answered turns. None if the call itself raised
    (the session stays alive: the user can retry or /exit). The answer is the model's text, printed escaped
    (brackets in it are not markup)."""
    history.append({"role": "user", "content": line})
    try:
        with status("answering"):
            result = u.chat(history)
    except Exception as exc:  # keep the session alive
        history.pop()
        stderr.print(f"[red]error:[/] {escape(str(exc))}", highlight=False)
        return None
    if result.error:
        history.pop()
        stderr.print(f"[red]error:[/] no audited answer: {escape(result.error)}", highlight=False)
        return result
    history.append({"role": "assistant", "content": result.text})
    stdout.print(f"[bold]alu[/]> {escape(result.text)}", highlight=False)
    return result


def demo(
    ctx: typer.Context,
    json_out: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
) -> None:
    """Seed fictitious forget targets in a throw-away store and run a short conversation about them: each
    answer is shown beside the model's own, with its outcome: answered normally (fast), suppressed (rewrite)
    or refused (refuse).

    Which outcomes appear depends on what the model says: the embedded model seldom names a target unasked,
    so its answers are mostly passed or refused; `alu --model scripted/demo demo` shows all three.

    Example: alu demo   (or: alu --model scripted/demo demo --json)
    """
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
                    f"[bold]Q:[/] {escape(question)}\n[dim]model alone: {escape(result.vanilla)}[/]\n"
                    f"[bold]alu:[/] {escape(result.text)}"
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
