"""`alu bench ingest`: how fast targets are written, and how much of that is the embedding model.

A fresh store is filled with `targets` scale-workload targets (TOFU authors, WPU people, then synthetic people
with TOFU-like descriptions of ~60 MiniLM tokens; `vectors_per_target` adds that many examples to each) in
one `ForgetStore.add`, after the process's one-off loads (one target written to a throwaway store first: the
embedder, Chroma's client, the background sets, word frequencies; their time is reported apart). Reported:
targets/s and vectors/s (target rows plus knowledge rows), the process CPU time, and the embedding floor: the
same texts embedded alone by a separate embedder before the ingest, i.e. what ingest would cost if writing,
key extraction and decision fitting were free. On a shared machine compare the two
within one run: both see the same load. Then the same targets are added again, as a re-import of an unchanged
file does: every one is checked against what is stored and skipped."""

from __future__ import annotations

import os
import resource
import tempfile
import time
from dataclasses import asdict, dataclass, field
from typing import Any

from alu.bench.progress import ProgressSink, Silent, Ticker
from alu.bench.report import Check, check_lines, machine, machine_line, markdown_table

GOAL_TARGETS_PER_S = 300.0


@dataclass
class IngestConfig:
    targets: int = 1_000
    vectors_per_target: int = 0
    seed: int = 0
    data_dir: str | None = None


@dataclass
class IngestReport:
    targets: int
    vectors: int
    """Rows written: one per target plus its knowledge rows (description sentences, examples, chunks)."""
    seconds: float
    cpu_s: float
    targets_per_s: float
    vectors_per_s: float
    embed_s: float
    """Embedding the same texts alone (the floor)."""
    embed_share: float
    warmup_s: float
    """The process's one-off loads before timing: one target written to a throwaway store (imports,
    Chroma's client, the background sets, word frequencies)."""
    again_s: float
    """Adding the same targets again (a re-import of an unchanged file: each is checked and skipped)."""
    again_skipped: int
    machine: dict[str, Any]
    checks: list[Check] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _texts(targets: list[Any]) -> list[str]:
    """Every text ingest embeds: each target's row and its knowledge rows."""
    from alu.knowledge import knowledge_of

    return [t.embedding_text() for t in targets] + [r.text for t in targets for r in knowledge_of(t)]


def _embed_floor(texts: list[str]) -> float:
    """Seconds a separate embedder (its own session and cache) takes for the texts, after a warm-up."""
    from alu.embeddings import MiniLMEmbedder

    embedder = MiniLMEmbedder()
    embedder.embed(["warm-up"])
    started = time.perf_counter()
    embedder.embed(texts)
    return time.perf_counter() - started


def run_ingest(config: IngestConfig, progress: ProgressSink | None = None) -> IngestReport:
    from alu.bench._workload import build_workload
    from alu.types import as_target

    if config.targets < 1:
        raise ValueError("--targets must be at least 1")
    progress = progress or Silent()
    load_before = os.getloadavg()
    workload = build_workload(
        config.targets,
        queries=1,
        seed=config.seed,
        data_dir=config.data_dir,
        vectors_per_target=config.vectors_per_target,
    )
    targets = [as_target(t) for t in workload.targets[: config.targets]]
    texts = _texts(targets)
    progress.stage(f"embedding floor: {len(texts):,} texts", 1)
    embed_s = _embed_floor(texts)
    progress.advance()
    seconds, cpu_s, vectors, warmup_s, again_s, again_skipped = _ingest(targets, progress)
    report = IngestReport(
        targets=len(targets),
        vectors=vectors,
        seconds=round(seconds, 2),
        cpu_s=round(cpu_s, 2),
        targets_per_s=round(len(targets) / seconds, 1),
        vectors_per_s=round(vectors / seconds, 1),
        embed_s=round(embed_s, 2),
        embed_share=round(embed_s / seconds, 3),
        warmup_s=round(warmup_s, 2),
        again_s=round(again_s, 2),
        again_skipped=again_skipped,
        machine=machine(load_before),
    )
    report.checks = [
        Check(
            f"ingest ≥ {GOAL_TARGETS_PER_S:g} targets/s",
            report.targets_per_s >= GOAL_TARGETS_PER_S,
            f"{report.targets_per_s:,.1f} targets/s, {report.vectors_per_s:,.1f} vectors/s",
        )
    ]
    return report


def _ingest(targets: list[Any], progress: ProgressSink) -> tuple[float, float, int, float, float, int]:
    """(seconds, CPU seconds, rows written, warm-up seconds) of one `ForgetStore.add` of the targets into a
    fresh store, after the process's one-off loads: the first target written to a throwaway store first
    (imports, Chroma's client, the background sets and word frequencies are loaded on first use; measured
    inside the ingest they cost ~2-3 s, a third of a 500-target run); then (seconds, targets skipped) of
    adding them again."""
    from alu.embeddings import get_embedder
    from alu.store import ForgetStore

    with tempfile.TemporaryDirectory(prefix="alu-bench-ingest-") as scratch:
        progress.stage("warm-up: one target into a throwaway store (not timed)", 1)
        started = time.perf_counter()
        ForgetStore(os.path.join(scratch, "warm-up")).add(targets[:1])
        get_embedder().clear_cache()  # the timed ingest embeds every text itself
        warmup_s = time.perf_counter() - started
        progress.advance()
        store = ForgetStore(os.path.join(scratch, "store"))
        progress.stage(f"ingest {len(targets):,} targets", len(targets))
        started, cpu = time.perf_counter(), _cpu()
        store.add(targets, progress=Ticker(progress))
        seconds, cpu_s = time.perf_counter() - started, _cpu() - cpu
        written = store.count() + store.vectors.count()
        progress.stage(f"the same {len(targets):,} targets again", len(targets))
        started = time.perf_counter()
        again = store.add(targets, progress=Ticker(progress))
        return seconds, cpu_s, written, warmup_s, time.perf_counter() - started, len(again.skipped)


def markdown(report: IngestReport) -> str:
    head = (
        f"# alu bench ingest: {report.targets:,} targets, {report.vectors:,} vectors\n\n"
        f"{machine_line(report.machine)}\n\n"
    )
    table = markdown_table(
        ["", "seconds", "targets/s", "vectors/s"],
        [
            [
                "ingest (`ForgetStore.add`)",
                f"{report.seconds:.2f}",
                report.targets_per_s,
                report.vectors_per_s,
            ],
            [
                "embedding the same texts alone",
                f"{report.embed_s:.2f}",
                round(report.targets / report.embed_s, 1) if report.embed_s else "-",
                round(report.vectors / report.embed_s, 1) if report.embed_s else "-",
            ],
            [
                f"the same targets again ({report.again_skipped:,} unchanged, skipped)",
                f"{report.again_s:.2f}",
                round(report.targets / report.again_s, 1) if report.again_s else "-",
                "-",
            ],
        ],
    )
    share = (
        f"Embedding is {report.embed_share:.0%} of ingest time; ingest used {report.cpu_s:.2f} CPU s. Before "
        f"timing, the process's one-off loads took {report.warmup_s:.2f} s (one target into a throwaway "
        "store).\n\n"
    )
    checks = check_lines(report.checks)
    return f"{head}{table}\n\n{share}{checks}\n"
