"""`alu audit`: the verdict on an answer generated elsewhere, without asking any model to answer."""

from __future__ import annotations

from typing import Annotated

import typer

from alu.cli.answer import PATH_STYLE, trace_table
from alu.cli.common import (
    check_utf8,
    globals_of,
    handle_errors,
    make_unlearner,
    model_failure,
    print_json,
    read_utf8,
    status,
    stderr,
)


def audit(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="The question the answer replies to.")],
    answer: Annotated[
        str, typer.Argument(help="File holding the answer to check, or - to read it from stdin.")
    ],
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the whole result (leaked targets, findings, trace) as JSON.")
    ] = False,
    show_trace: Annotated[bool, typer.Option("--trace", help="Show what each agent did (stderr).")] = False,
) -> None:
    """Check an answer produced by another system: which forget targets it reveals (stderr), and what
    alu would return instead (stdout). No model answers the question; agents run only when a target is in
    play.

    Example: my-llm "Who wrote The Salt Atlas?" | alu audit "Who wrote The Salt Atlas?" -
    """
    check_utf8(query, "the question")
    text = read_utf8(answer, "answer")
    if not query.strip():
        raise ValueError("the question must be a non-empty string")
    with status("loading the store and auditing"):
        result = make_unlearner(ctx, embedding=True).audit(query, text)
    failed = model_failure(result)
    if json_out:
        print_json(result)
        if failed:
            raise failed
        return
    if failed:
        raise failed
    typer.echo(result.text)
    verdict = (
        f"[red]reveals {', '.join(result.leaked)}[/]" if result.leaked else "[green]reveals no target[/]"
    )
    style = PATH_STYLE[result.path]
    stderr.print(f"{verdict}; alu would return the text above ([{style}]{result.path}[/])", highlight=False)
    if show_trace or globals_of(ctx).verbose:
        stderr.print(trace_table(result))


def register(app: typer.Typer) -> None:
    app.command()(handle_errors(audit))
