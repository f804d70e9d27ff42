"""`alu bench serve`: load-test `alu serve` on loopback with a scripted model."""

from __future__ import annotations

from typing import Annotated

import typer

from alu.cli.common import handle_errors, print_json, require, stderr


def bench_serve(
    concurrency: Annotated[
        list[int] | None,
        typer.Option(
            "--concurrency",
            "-c",
            min=1,
            max=256,
            help="Concurrent clients (repeatable; default 1, 8 and 32).",
        ),
    ] = None,
    requests: Annotated[
        int, typer.Option(min=1, max=100_000, help="Chat completions per concurrency level.")
    ] = 200,
    duration: Annotated[
        float, typer.Option(min=1, help="Cap in seconds per level: no new request starts after it.")
    ] = 60.0,
    latency_ms: Annotated[
        float, typer.Option(min=0, help="Fixed latency of every scripted model call.")
    ] = 20.0,
    replicas: Annotated[
        int,
        typer.Option(min=1, max=8, help="Server processes; more than one share a `chroma run` server."),
    ] = 1,
    workers: Annotated[
        int, typer.Option(min=1, max=16, help="Processes per replica, as `alu serve --workers`.")
    ] = 1,
    questions: Annotated[
        str,
        typer.Option(
            help="'mixed': four questions in turn, half fast path, half rewritten; 'fast': distinct "
            "unrelated questions (the fast path, nothing served from a cache)."
        ),
    ] = "mixed",
    store: Annotated[
        str | None,
        typer.Option(help="Serve a copy of this local store (e.g. 10,000 targets) plus the demo targets."),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Throughput, p50/p95 latency and errors of `alu serve` at 1, 8 and 32 concurrent clients.

    The server runs in its own process on 127.0.0.1 with the real app, a scripted model of fixed latency
    and the demo targets; half the questions take the fast path, half are rewritten. Nothing leaves the
    machine.

    Reports the peak resident memory of every server process, and the latency of the first requests once
    the servers are ready (one per process, before the warm-up requests). Each level also gives the CPU
    time per request of the serving processes and of the load-generating client, and the throughput the
    servers' CPU alone bounds (cores / server CPU per request): on a small box the clients share the
    servers' cores. The fast-path throughput goal
    (150 req/s on 2 cores with a zero-latency model) is measured by:

      alu bench serve --questions fast --latency-ms 0 --workers 2 -c 32 --requests 1000

    Example: alu bench serve --requests 200 --latency-ms 20 --replicas 2 --json
    """
    if questions not in ("mixed", "fast"):
        raise typer.BadParameter("--questions must be 'mixed' or 'fast'")
    require("serve", "fastapi", "uvicorn", "httpx", "prometheus_client")
    from rich.progress import Progress

    from alu.bench.serve import markdown, run_bench

    levels = concurrency or [1, 8, 32]
    with Progress(console=stderr, transient=True, disable=json_out) as progress:
        task = progress.add_task("load test", total=len(levels))
        report = run_bench(
            levels=levels,
            requests=requests,
            duration_s=duration,
            latency_ms=latency_ms,
            replicas=replicas,
            workers=workers,
            questions=questions,
            store=store,
            on_level=lambda _: progress.advance(task),
        )
    if json_out:
        print_json(report)
        return
    typer.echo(markdown(report))
    load = f"{report['load_average_before'][0]} before, {report['load_average'][0]} after"
    stderr.print(
        f"[dim]{report['model']}; {replicas} replica(s) × {workers} worker(s) on {report['store']} "
        f"({report['targets']}); peak RSS MiB per process {report['peak_rss_mib']}; "
        f"first requests once ready: max {report['first_requests']['max_ms']:.0f} ms; "
        f"{requests} requests per level, cap {duration:g} s; "
        f"1-min load average {load}, {report['cpus']} CPUs ({report['cpu']}; int8 kernel "
        f"{report['int8_kernel']})[/]",
        highlight=False,
    )


def register(bench_app: typer.Typer) -> None:
    bench_app.command("serve")(handle_errors(bench_serve))
