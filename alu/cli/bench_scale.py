"""`alu bench scale` and `alu bench calibrate`: cost as targets grow; the screening threshold from data."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from alu.cli.bench_output import publish, stage_bar
from alu.cli.common import handle_errors

if TYPE_CHECKING:  # imported lazily at run time (keeps `alu --help` fast)
    from alu.bench.scale import ScaleConfig


def _counts(text: str) -> list[int]:
    try:
        return [int(x.replace("_", "")) for x in text.split(",") if x.strip()]
    except ValueError:
        raise ValueError(
            f"--counts must be comma-separated integers such as 10,100,1000, got {text!r}"
        ) from None


@handle_errors
def scale(
    counts: Annotated[
        str, typer.Option(help="Comma-separated numbers of forget targets.")
    ] = "10,100,1000,10000",
    queries: Annotated[
        int, typer.Option(help="Timed queries per kind (relevant, irrelevant) and count.")
    ] = 20,
    paper_queries: Annotated[
        int, typer.Option(help="Timed queries per kind in paper mode (0 skips paper mode).")
    ] = 10,
    paper_max_targets: Annotated[
        int, typer.Option(help="Skip paper mode above this many targets (its prompts hold every target).")
    ] = 10_000,
    latency_ms: Annotated[float, typer.Option(help="Simulated latency of each scripted model call.")] = 200.0,
    local: Annotated[
        bool, typer.Option(help="Add end-to-end rows with the embedded model at the largest count.")
    ] = True,
    local_queries: Annotated[int, typer.Option(help="Queries per kind for the end-to-end rows.")] = 5,
    seed: Annotated[int, typer.Option(help="Seed for sampling names and questions.")] = 0,
    vectors_per_target: Annotated[
        int,
        typer.Option(
            min=0,
            metavar="N",
            help="Give every target this many example texts (knowledge vectors), e.g. 20; ingest then embeds "
            "that many texts per target.",
        ),
    ] = 0,
    data: Annotated[str | None, typer.Option(help="Benchmark data folder (default: $ALU_DATA_DIR).")] = None,
    out: Annotated[
        Path | None,
        typer.Option(help="Folder for scale.md, scale.json and scale.png (default results/scale)."),
    ] = None,
    plot: Annotated[bool, typer.Option(help="Draw scale.png (needs matplotlib, the `eval` extra).")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON on stdout.")] = False,
) -> None:
    """Per-query latency (p50/p95), prompt tokens and LLM calls as forget targets grow, for relevant and
    irrelevant queries, in alu mode and in paper mode (every target in every prompt); plus ingest throughput
    and store size. Uses a scripted model with a fixed latency, and the embedded model for an end-to-end row.
    Targets: TOFU authors, WPU people, then synthetic people recombined from them.

    Ingesting 10,000 targets takes minutes on 2 cores (embedding): run it on a quiet machine.

    Example: alu bench scale --counts 10,100,1000 --queries 10 --no-local --no-plot
    """
    from alu.bench import scale as bench

    config = bench.ScaleConfig(
        counts=_counts(counts),
        queries=queries,
        paper_queries=paper_queries,
        paper_max_targets=paper_max_targets,
        latency_ms=latency_ms,
        local=local,
        local_queries=local_queries,
        seed=seed,
        data_dir=data,
        vectors_per_target=vectors_per_target,
    )
    _run_scale(config, plot, out, as_json)


def _run_scale(config: ScaleConfig, plot: bool, out: Path | None, as_json: bool) -> None:
    """Run the benchmark under a progress bar, then write and print its report (and draw scale.png)."""
    from alu.bench import scale as bench

    if plot:
        from alu.bench.report import pyplot

        pyplot()  # fail before a long run, not after it
    with stage_bar() as bar:
        report = asyncio.run(bench.run_scale(config, bar))

    def draw(folder: Path) -> list[str]:
        if not plot:
            return []
        bench.plot(report, folder / "scale.png")
        return ["scale.png"]

    publish("scale", out, bench.markdown(report), report.to_json(), as_json, draw)


@handle_errors
def calibrate(
    split: Annotated[str, typer.Option(help="TOFU forget split whose authors are the targets.")] = "forget10",
    negatives: Annotated[
        int, typer.Option(help="Negative pairs sampled per negative split (at most).")
    ] = 1000,
    m: Annotated[int, typer.Option(help="Nearest targets fetched per screened text (Settings.m).")] = 8,
    seed: Annotated[int, typer.Option(help="Seed for sampling negatives.")] = 0,
    fill: Annotated[
        int,
        typer.Option(
            help="Filler targets added to the store before screening (TOFU, WPU and synthetic people from "
            "the scale benchmark). False positives grow with the number of targets, so a threshold measured "
            "with only the split's ~20 authors is too permissive for a store of thousands: pass the size you "
            "run (e.g. 1000 or 10000). With filler, the choice ignores the retain90 false-positive rate "
            "(its authors are in the store).",
        ),
    ] = 0,
    data: Annotated[str | None, typer.Option(help="Benchmark data folder (default: $ALU_DATA_DIR).")] = None,
    out: Annotated[
        Path | None,
        typer.Option(help="Folder for calibrate.md and calibrate.json (default results/calibrate)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON on stdout.")] = False,
) -> None:
    """Choose screen_threshold from TOFU data: false negatives on questions about the targets (names kept
    and masked), false positives on TOFU retain / world_facts / real_authors questions, per threshold;
    --fill measures them with as many targets in the store as you run.

    Example: alu bench calibrate --split forget10 --fill 1000
    """
    from alu.bench import calibrate as bench

    with stage_bar() as bar:
        report = bench.run_calibration(
            split=split,
            negatives=negatives,
            m=m,
            seed=seed,
            fill=fill,
            data_dir=data,
            progress=bar,
        )
    publish("calibrate", out, bench.markdown(report), report.to_json(), as_json)


def register(bench_app: typer.Typer) -> None:
    """Add `scale` and `calibrate` to the `alu bench` sub-app."""
    bench_app.command("scale")(scale)
    bench_app.command("calibrate")(calibrate)
