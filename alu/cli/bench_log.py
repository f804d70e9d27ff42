"""`alu bench log`: the decision log's cost per fast-path call."""

from __future__ import annotations

from typing import Annotated

import typer

from alu.cli.common import handle_errors, print_json, stderr


def bench_log(
    calls: Annotated[
        int, typer.Option(min=20, max=100_000, help="Fast-path calls with the log on, and off.")
    ] = 400,
    json_out: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """What the decision log adds to a fast-path call: the median with the log on vs off (alternating blocks
    in one process, scripted model of zero latency, demo targets) and the time spent queueing a row.

    Example: alu bench log --calls 1000 --json
    """
    from alu.bench.log import markdown, run_bench

    with stderr.status(f"{calls} calls with the log on and {calls} with it off"):
        report = run_bench(calls)
    if json_out:
        print_json(report)
        return
    typer.echo(markdown(report))
    stderr.print(
        f"[dim]1-min load average {report['load_average_before'][0]} before, {report['load_average'][0]} "
        f"after, {report['cpus']} CPUs[/]",
        highlight=False,
    )


def register(bench_app: typer.Typer) -> None:
    bench_app.command("log")(handle_errors(bench_log))
