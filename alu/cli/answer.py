"""`alu ask`, `alu chat` and `alu demo`: answering through the unlearning pipeline."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from alu.cli.common import (
    check_utf8,
    fail,
    globals_of,
    handle_errors,
    make_unlearner,
    model_failure,
    print_json,
    read_utf8,
    status,
    stderr,
    stdout,
)
from alu.scratch import scratch_store
from alu.types import Result

if TYPE_CHECKING:  # the SDK is imported when a command builds its Unlearner: --help stays fast
    from alu.sdk import Unlearner

R = TypeVar("R")
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
    question: Annotated[str, typer.Argument(help="The question to answer, or - to read it from stdin.")],
    system: Annotated[str | None, typer.Option(help="System message sent before the question.")] = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the whole result (path, leaked targets, trace) as JSON.")
    ] = False,
    show_trace: Annotated[bool, typer.Option("--trace", help="Show what each agent did (stderr).")] = False,
) -> None:
    """Answer one question; the answer goes to stdout.

    Example: alu ask "Who wrote The Salt Atlas?" --trace   (or: cat question.txt | alu ask -)
    """
    question = read_utf8("-", "question") if question == "-" else question
    check_utf8(question, "the question")
    check_utf8(system, "--system")
    if not question.strip():
        raise fail("the question is empty: there is nothing to answer")
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
    check_utf8(system, "--system")  # refused now: else the chat starts and every turn fails
    with status("loading the store and the models"):
        u = make_unlearner(ctx, answering=True)
    start: list[dict[str, Any]] = [{"role": "system", "content": system}] if system else []
    history = list(start)
    last: Result | None = None
    stderr.print("[dim]alu chat — /help for commands, Ctrl-C cancels an answer, /exit to leave[/]")
    while (line := _read_line()) is not None:
        if not line:
            continue
        command, _, arg = line.partition(" ")
        if command in ("/exit", "/quit"):
            return
        if command == "/reset":
            history = list(start)
        elif line.startswith("/"):
            _cancellable(_run_command, u, command, arg.strip(), last)
        else:
            last = _cancellable(_answer_turn, u, history, line) or last


PROMPT = "you> "


def _read_line() -> str | None:
    """The user's next line, or None once input has ended. EOF and Ctrl-C at the prompt end the session
    cleanly, and so does a standard input closed before alu started (`alu chat <&-`: Python then has no
    `sys.stdin`). The prompt is written to stderr and the line read from stdin directly: typer.prompt wrote
    the prompt's last character through input(), to stdout, so a piped chat's stdout was not its answers
    alone. A line that is not UTF-8 is reported and skipped (an empty line: the caller prompts again)."""
    if sys.stdin is None or sys.stdin.closed:
        return None
    sys.stderr.write(PROMPT)
    sys.stderr.flush()
    try:
        raw = _readline_bytes()
    except KeyboardInterrupt:
        stderr.print()  # end the prompt's line
        return None
    if not raw:
        stderr.print()
        return None
    try:
        return raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        stderr.print("[red]error:[/] that line is not valid UTF-8: type it again", highlight=False)
        return ""


def _readline_bytes() -> bytes:
    """One line of stdin as bytes (b"" at its end), decoded by the caller strictly as UTF-8: a text stdin
    would decode it with the locale's codec, or replace or escape what it cannot."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text-only stream (an embedding host's): already decoded
        return sys.stdin.readline().encode("utf-8", "surrogateescape")
    return buffer.readline()


def _cancellable(run: Callable[..., R], *args: Any) -> R | None:
    """Run one turn or slash command; Ctrl-C cancels it alone ("cancelled" on stderr, None) and the
    session goes on with its history: ending the session there lost the whole conversation. The turn's
    own cleanup has run by then (`_answer_turn` drops the unanswered user turn)."""
    try:
        return run(*args)
    except KeyboardInterrupt:
        stderr.print("[yellow]cancelled[/]", highlight=False)
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
        stderr.print(f"forgetting {escape(repr(u.forget(_name_arg(arg)).name))}")
    elif command == "/withdraw" and arg:
        stderr.print(f"withdrew {escape(repr(u.withdraw(_name_arg(arg)).name))}")
    elif command == "/targets":
        stderr.print(escape(", ".join(sorted(t.name for t in u.targets()))) or "(no targets)")
    elif command == "/trace":
        stderr.print(trace_table(last) if last else "no turn yet")
    else:
        stderr.print(f"unknown or incomplete command {escape(repr(command))}; /help lists them")


def _name_arg(arg: str) -> str:
    """A slash command's NAME: `"Quoted Name"` as the shell would read it (the quotes were kept in the
    name), anything else as typed (`Maren Olvhagen`, `O'Brien`: the name is the rest of the line)."""
    try:
        words = shlex.split(arg)
    except ValueError:  # an unbalanced quote: an apostrophe in the name
        return arg
    return words[0] if len(words) == 1 else arg


def _answer_turn(u: Unlearner, history: list[dict[str, Any]], line: str) -> Result | None:
    """Answer one line and print it; the history keeps only answered turns. None if the call itself raised
    (the session stays alive: the user can retry or /exit). The answer is the model's text, printed escaped
    (brackets in it are not markup)."""
    history.append({"role": "user", "content": line})
    try:
        with status("answering"):
            result = u.chat(history)
    except KeyboardInterrupt:  # cancelled (see _cancellable): the question was not answered
        history.pop()
        raise
    except Exception as exc:  # keep the session alive
        history.pop()
        stderr.print(f"[red]error:[/] {escape(str(exc))}", highlight=False)
        return None
    if result.error:
        history.pop()
        stderr.print(f"[red]error:[/] no audited answer: {escape(result.error)}", highlight=False)
        return result
    history.append({"role": "assistant", "content": result.text})
    # soft_wrap: the answer as the model wrote it (rich hard-wrapped it at 80 columns with trailing spaces
    # on a pipe), so a piped chat prints each answer as `alu ask` does.
    stdout.print(f"[bold]alu[/]> {escape(result.text)}", highlight=False, soft_wrap=True)
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
