"""`alu bench overhead`, `alu bench cli` and `alu bench ingest`: what alu costs per unrelated question,
cold command times, and write throughput."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from alu.cli.bench_output import publish, stage_bar
from alu.cli.common import handle_errors


@handle_errors
def overhead(
    targets: Annotated[int, typer.Option(help="Forget targets in the store (scale workload).")] = 10_000,
    queries: Annotated[int, typer.Option(help="Timed unrelated questions (distinct; at most ~110).")] = 100,
    warmup: Annotated[int, typer.Option(help="Untimed questions first (lazy imports, first sync).")] = 5,
    store: Annotated[
        str | None,
        typer.Option(help="Reuse this store directory (missing targets are added); default: a temporary."),
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed for sampling names and questions.")] = 0,
    data: Annotated[str | None, typer.Option(help="Benchmark data folder (default: $ALU_DATA_DIR).")] = None,
    out: Annotated[
        Path | None, typer.Option(help="Folder for overhead.md and overhead.json (default results/overhead).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON on stdout.")] = False,
) -> None:
    """alu's cost on unrelated questions: alu minus the bare litellm call on the same zero-latency scripted
    model (p50/p99 of the per-question difference), audit() of the reference answer, and each fast-path
    stage (screen question, model call, screen answer, glue). Goals: overhead ≤ 5 ms p50 and ≤ 15 ms p99,
    audit ≤ 5 ms p50. Filling a fresh 10,000-target store takes minutes: pass --store to reuse one.

    Example: alu bench overhead --store /tmp/alu-bench-store --queries 100
    """
    from alu.bench import overhead as bench

    config = bench.OverheadConfig(
        targets=targets, queries=queries, warmup=warmup, seed=seed, store_dir=store, data_dir=data
    )
    with stage_bar() as bar:
        report = bench.run_overhead(config, bar)
    publish("overhead", out, bench.markdown(report), report.to_json(), as_json)


@handle_errors
def cli(
    store: Annotated[
        str | None, typer.Option(help="Run against this store directory; default: a temporary one.")
    ] = None,
    targets: Annotated[
        int, typer.Option(help="Scale-workload targets in the temporary store (ignored with --store).")
    ] = 1_000,
    repeats: Annotated[int, typer.Option(help="Cold runs per command (the median is reported).")] = 5,
    model: Annotated[str, typer.Option(help="Model of the `alu ask` runs.")] = "local/smollm2",
    data: Annotated[str | None, typer.Option(help="Benchmark data folder (default: $ALU_DATA_DIR).")] = None,
    out: Annotated[
        Path | None, typer.Option(help="Folder for cli.md and cli.json (default results/cli).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON on stdout.")] = False,
) -> None:
    """Cold start of `alu --version`, `--help`, `targets count|list|add|remove` and `ask` (a new process
    per run; median, fastest and slowest of --repeats runs). Goals: targets commands ≤ 1 s, ask ≤ 3 s to the
    answer on the embedded model.

    Example: alu bench cli --repeats 3 --json
    """
    from alu.bench import cli_cold as bench

    config = bench.CliConfig(store_dir=store, targets=targets, repeats=repeats, model=model, data_dir=data)
    with stage_bar() as bar:
        report = bench.run_cli_bench(config, bar)
    publish("cli", out, bench.markdown(report), report.to_json(), as_json)


@handle_errors
def ingest(
    targets: Annotated[int, typer.Option(help="Scale-workload targets written to a fresh store.")] = 1_000,
    vectors_per_target: Annotated[
        int, typer.Option(min=0, help="Examples given to every target (0: names and descriptions only).")
    ] = 0,
    seed: Annotated[int, typer.Option(help="Seed of the synthetic targets.")] = 0,
    data: Annotated[str | None, typer.Option(help="Benchmark data folder (default: $ALU_DATA_DIR).")] = None,
    out: Annotated[
        Path | None, typer.Option(help="Folder for ingest.md and ingest.json (default results/ingest).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON on stdout.")] = False,
) -> None:
    """Write throughput: targets/s and vectors/s of one `ForgetStore.add` into a fresh store, beside the time
    the embedding model alone takes for the same texts (the floor without changing the model). Goal: 300
    targets/s for ~80-token descriptions.

    Example: alu bench ingest --targets 1000 --vectors-per-target 20 --json
    """
    from alu.bench import ingest as bench

    config = bench.IngestConfig(
        targets=targets, vectors_per_target=vectors_per_target, seed=seed, data_dir=data
    )
    with stage_bar() as bar:
        report = bench.run_ingest(config, bar)
    publish("ingest", out, bench.markdown(report), report.to_json(), as_json)


def register(bench_app: typer.Typer) -> None:
    """Add `overhead`, `cli` and `ingest` to the `alu bench` sub-app."""
    bench_app.command("overhead")(overhead)
    bench_app.command("cli")(cli)
    bench_app.command("ingest")(ingest)
