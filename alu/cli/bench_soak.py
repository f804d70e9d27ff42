"""`alu bench soak`: concurrent ask/forget/withdraw/export against `alu serve` on a Chroma server."""

from __future__ import annotations

from contextlib import nullcontext
from typing import Annotated

import typer

from alu.cli.common import fail, handle_errors, print_json, require, stderr


def bench_soak(
    seconds: Annotated[float, typer.Option(min=1, max=3600, help="How long the clients run.")] = 60.0,
    askers: Annotated[int, typer.Option(min=1, max=32, help="Clients asking questions at once.")] = 4,
    churners: Annotated[
        int, typer.Option(min=1, max=6, help="Clients forgetting and withdrawing their own targets.")
    ] = 2,
    max_concurrent: Annotated[
        int, typer.Option(min=1, help="The server's --max-concurrent (below --askers: 503s are expected).")
    ] = 3,
    latency_ms: Annotated[float, typer.Option(min=0, help="Latency of every scripted model call.")] = 20.0,
    json_out: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Soak `alu serve` on a `chroma run` store (two processes, loopback only) and count what must stay 0.

    Askers ask about forgotten targets, churners forget and withdraw targets whose names differ from the
    stable ones only in punctuation or accents (C / C++, Zoe / Zoë), an exporter lists every target and a
    prober times /healthz. Exit code 1 unless: 0 lost or mixed-up targets, 0 5xx besides the deliberate
    503/429, 0 transport errors, 0 leaks, /healthz p99 under 1 s.

    Example: alu bench soak --seconds 60 --json
    """
    require("serve", "fastapi", "uvicorn", "httpx")
    from alu.bench.soak import run_soak

    with stderr.status(f"soaking for {seconds:g} s", spinner="dots") if not json_out else nullcontext():
        report = run_soak(
            seconds=seconds,
            askers=askers,
            churners=churners,
            latency_ms=latency_ms,
            max_concurrent=max_concurrent,
        )
    data = report.as_dict()
    if json_out:
        print_json(data)
    else:
        for key in ("seconds", "requests", "statuses", "unexpected_5xx", "transport_errors", "lost_targets"):
            typer.echo(f"{key}: {data[key]}")
        for key in ("mixed_up_targets", "leaks", "healthz_p50_ms", "healthz_p99_ms", "healthz_max_ms"):
            typer.echo(f"{key}: {data[key]}")
        for problem in report.problems:
            typer.echo(f"problem: {problem}")
        stderr.print(f"[dim]1-min load average {data['load_average'][0]}, {data['cpus']} CPUs[/]")
    if not report.clean:
        raise fail("the soak found problems (see above)")


def register(bench_app: typer.Typer) -> None:
    bench_app.command("soak")(handle_errors(bench_soak))
