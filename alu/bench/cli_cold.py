"""`alu bench cli`: how long `alu` commands take from a cold start (a new process each time).

Each command runs `repeats` times as `python -m alu …` (what the `alu` console script runs) against one
store; the median is reported with the fastest and slowest run, and the median CPU time of the process
(user + system: what the command itself costs, whatever else runs on the machine; wall time on a loaded box
mostly measures the wait). `targets add` and `targets remove` alternate on the same new name, so the store
is left as it was. `ask` uses the given model (default: the embedded one) and is skipped, with the reason,
when that model cannot load. The first run of all pays for cold disk caches as well; the median does not."""

from __future__ import annotations

import importlib.util
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from alu.bench.progress import ProgressSink, Silent
from alu.bench.report import Check, check_lines, machine, machine_line, markdown_table
from alu.store_read import local_read

GOALS_S = {"targets count": 1.0, "targets list": 1.0, "targets add": 1.0, "targets remove": 1.0, "ask": 3.0}
PROBE = "Bench Cli Probe Person"


@dataclass
class CliConfig:
    store_dir: str | None = None
    """Run against this store; default: a temporary one holding `targets` scale-workload targets."""
    targets: int = 1_000
    repeats: int = 5
    model: str = "local/smollm2"
    question: str = "What is the capital of France?"
    data_dir: str | None = None


@dataclass
class CliRow:
    command: str
    median_s: float
    min_s: float
    max_s: float
    runs: int
    cpu_s: float
    """Median user + system CPU seconds of the process."""


@dataclass
class CliReport:
    rows: list[CliRow]
    targets: int
    machine: dict[str, Any]
    model: str = ""
    """The model of the `alu ask` runs (their row and goal depend on it)."""
    notes: list[str] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _commands(config: CliConfig) -> list[tuple[str, list[str]]]:
    """One round: (label, arguments) of every command, in the order they run. Rounds repeat, so every command
    sees the same mix of machine load, and `targets remove` always finds the target `targets add` added."""
    return [
        ("--version", ["--version"]),
        ("--help", ["--help"]),
        ("targets count", ["targets", "count"]),
        ("targets list", ["targets", "list", "--json"]),
        ("targets add", ["targets", "add", PROBE]),
        ("targets remove", ["targets", "remove", PROBE]),
        ("ask", ["--model", config.model, "ask", config.question]),
    ]


_ALU_SOURCES = [Path(__file__).parents[1] / "cli" / "app.py", Path(__file__).parents[1] / "sdk.py"]


def bytecode_note(sources: list[Path], writes_bytecode_off: bool) -> str | None:
    """A note when the runs compile alu's modules from source: Python is told not to write bytecode
    (PYTHONDONTWRITEBYTECODE) and none is cached, so every cold run compiles them (0.1-0.3 s more than an
    installed alu, whose bytecode is written once)."""
    cached = all(
        Path(cache := importlib.util.cache_from_source(str(src))).is_file()
        and Path(cache).stat().st_mtime >= src.stat().st_mtime
        for src in sources
    )
    if cached or not writes_bytecode_off:
        return None
    return (
        "alu's modules are compiled from source on every run (PYTHONDONTWRITEBYTECODE is set and no "
        "bytecode is cached): slower than an installed alu; `python -m compileall` on alu's folder fixes it"
    )


def _timed(args: list[str], store: str) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall and CPU seconds of one cold run (one child at a time: the rusage delta is this one's)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "alu", "--store", store, *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "COLUMNS": "200"},
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, done


def _seed(config: CliConfig, store: str, progress: ProgressSink) -> None:
    from alu.bench._workload import build_workload
    from alu.store import ForgetStore

    targets = build_workload(config.targets, queries=1, data_dir=config.data_dir).targets
    progress.stage(f"store: {len(targets):,} targets", 1)
    ForgetStore(store).add(targets)
    progress.advance()


def run_cli_bench(config: CliConfig, progress: ProgressSink | None = None) -> CliReport:
    if config.repeats < 1:
        raise ValueError("--repeats must be at least 1")
    if config.store_dir is not None and not os.path.isdir(config.store_dir):
        raise ValueError(f"--store {config.store_dir}: no such directory (without --store, one is seeded)")
    progress = progress or Silent()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="alu-bench-cli-") as scratch:
        store = config.store_dir or os.path.join(scratch, "store")
        if config.store_dir is None:
            _seed(config, store, progress)
        view = local_read(store, "alu_targets")
        if view is None:
            raise ValueError(f"--store {store}: no alu store there (without --store, one is seeded)")
        count = view.count()
        seconds: dict[str, list[float]] = {label: [] for label, _ in _commands(config)}
        cpu: dict[str, list[float]] = {label: [] for label in seconds}
        notes: list[str] = [n for n in [bytecode_note(_ALU_SOURCES, sys.dont_write_bytecode)] if n]
        progress.stage(f"{len(seconds)} commands x {config.repeats} cold runs", len(seconds) * config.repeats)
        for _ in range(config.repeats):
            for label, args in _commands(config):
                if label in seconds:
                    took, used, done = _timed(args, store)
                    if done.returncode == 0:
                        seconds[label].append(took)
                        cpu[label].append(used)
                    else:  # reported once, not timed again
                        del seconds[label]
                        tail = done.stderr.strip()[-300:]
                        notes.append(f"`alu {label}` not measured: exit {done.returncode}: {tail}")
                progress.advance()
        rows = [
            CliRow(
                label,
                *(round(f(runs), 2) for f in (statistics.median, min, max)),
                len(runs),
                round(statistics.median(cpu[label]), 2),
            )
            for label, runs in seconds.items()
        ]
    report = CliReport(
        rows=rows,
        targets=count,
        machine=machine(load_before),
        model=config.model,
        notes=notes,
    )
    report.checks = [
        Check(row.command, row.median_s <= GOALS_S[row.command], f"{row.median_s:.2f} s (goal ≤ {goal:g} s)")
        for row in rows
        if (goal := GOALS_S.get(row.command)) is not None
    ]
    return report


def markdown(report: CliReport) -> str:
    head = (
        f"# alu bench cli: cold commands, {report.targets:,} targets in the store\n\n"
        f"A new `python -m alu` process per run; `alu ask` on {report.model}. "
        f"{machine_line(report.machine)}\n\n"
    )
    table = markdown_table(
        ["command", "median s", "fastest s", "slowest s", "CPU s (median)", "runs"],
        [
            [f"alu {r.command}", *(f"{x:.2f}" for x in (r.median_s, r.min_s, r.max_s, r.cpu_s)), r.runs]
            for r in report.rows
        ],
    )
    checks = check_lines(report.checks, "alu ")
    notes = "".join(f"\n- {n}" for n in report.notes)
    return f"{head}{table}\n\n{checks}\n{notes}\n"
