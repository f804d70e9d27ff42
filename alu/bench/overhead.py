"""`alu bench overhead`: what alu adds to an unrelated question, stage by stage.

The same zero-latency scripted model answers through alu (`Unlearner.ask`) and directly
(`litellm.completion`), one question after the other so both see the same machine load; the overhead of a
question is the difference.
Every timed question is a different TOFU world_facts question (no repeats: nothing is served from a cache),
asked against a store of forget targets built from the scale workload. `Unlearner.audit(question, reference
answer)` is timed on the same questions (the oracle subject: no model call at all) twice: right after each
direct call, and in a pass of its own once every question is asked. litellm logs each call in a thread after
the call returns; after the direct call, that work runs inside the audit (~0.5-1 ms more). Pausing before each
timed call instead left no residue but made the calls slower still: 1-3 ms of idle, and this VM's cores wake
slowly (a 20 ms pause made the ask 9.0 -> 14 ms).

Stages come from the trace each answer carries: the question's screening (`screen`, which runs while the model
answers), the model call (`vanilla`), the answer's screening (`screen_answer`), any stage another part of alu
adds to the fast path (reported by its trace name), and `glue`: the rest of the wall time (event-loop and
thread hops, state merging, building the Result). CPU ms per question (and per audit) counts every thread of
this process: on a loaded machine it moves less than wall time.

Last, the store is opened again by new `Unlearner`s in this process (median of REOPENS): the screener's
open (the name indexes and the kNN rows saved beside a local store) and the first audit after it (the kNN
matrices and their int8 copies are built then). The process's own one-time loads (imports, the embedding
model, word tables) are done by then: `alu bench cli` times cold processes."""

from __future__ import annotations

import os
import time
from dataclasses import asdict, dataclass, field
from statistics import median
from typing import Any

from alu.bench._workload import build_workload
from alu.bench.progress import ProgressSink, Silent, forget_timed
from alu.bench.report import Check, check_lines, machine, machine_line, markdown_table
from alu.bench.scale import bench_script
from alu.scratch import given_or_scratch_store

SCRIPT = "bench-overhead"
STAGE_NAMES = {
    "screen": "screen question (and the answer, in one pass, when answered first)",
    "vanilla": "model call (litellm)",
    "look_answer": "screen answer: similarity (beside the question's screening, or inside that one pass)",
    "screen_answer": "screen answer: the rest",
    "log": "decision log row (records)",
}
GOALS = {
    "overhead_p50_ms": 5.0,
    "overhead_p99_ms": 15.0,
    "audit_p50_ms": 5.0,
    "log_p50_ms": 0.5,
    "open_s": 0.5,  # opening a 10,000-target store
}
REOPENS = 3


@dataclass
class OverheadConfig:
    targets: int = 10_000
    queries: int = 100
    warmup: int = 5
    seed: int = 0
    store_dir: str | None = None
    """Reuse this store (targets missing from it are added first); default: a fresh temporary one."""
    data_dir: str | None = None


@dataclass
class Sample:
    alu_ms: float
    direct_ms: float
    audit_after_call_ms: float
    """The audit, right after the direct call (litellm's logging of that call still running)."""
    cpu_ms: float
    stages: dict[str, float]
    answer_first: bool = False
    """The question was screened with the answer, after the model call (alu.pace)."""
    audit_ms: float = 0.0
    """The audit in the pass of audits alone."""
    audit_cpu_ms: float = 0.0


@dataclass
class OverheadReport:
    targets: int
    queries: int
    summary: dict[str, float]
    stages: dict[str, dict[str, float]]
    ingest: dict[str, float]
    reopen: dict[str, float]
    """Seconds: `open_s` (a new Unlearner's screener on the same store) and `first_audit_s` (its first
    audit), medians of REOPENS."""
    machine: dict[str, Any]
    checks: list[Check] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _ms(since: float) -> float:
    return (time.perf_counter() - since) * 1000


class _LogTimer:
    """Times the decision-log row of each answer: `Records.call` on the answer path (the write itself runs
    on the records writer thread). It is not in the trace: the row is made after the Result."""

    def __init__(self, records: Any) -> None:
        self._call, self._ms = records.call, 0.0
        records.call = self

    def __call__(self, **row: Any) -> None:
        started = time.perf_counter()
        try:
            self._call(**row)
        finally:
            self._ms += _ms(started)

    def take(self) -> float:
        ms, self._ms = self._ms, 0.0
        return ms


_BESIDE = ("screen", "vanilla", "look_answer")
"""Stages that run side by side: the question's screening, and the model call followed by the answer's
similarity look."""


def _stages(trace: list[Any], total_ms: float, log_ms: float) -> dict[str, float]:
    """Milliseconds per fast-path stage; `glue` is what the stages do not explain. Screening the question
    overlaps the model call and the answer's look, so only the longer branch is on the critical path."""
    stages: dict[str, float] = {}
    for entry in trace:
        stages[entry.node] = stages.get(entry.node, 0.0) + entry.ms
    stages["log"] = log_ms
    if _answer_first(trace):  # the look ran inside the screening, after the model call
        parallel = stages.get("vanilla", 0.0) + stages.get("screen", 0.0)
    else:
        parallel = max(stages.get("screen", 0.0), stages.get("vanilla", 0.0) + stages.get("look_answer", 0.0))
    serial = sum(ms for node, ms in stages.items() if node not in _BESIDE)
    stages["glue"] = max(0.0, total_ms - parallel - serial)
    return stages


def _answer_first(trace: list[Any]) -> bool:
    """Whether the question was screened with the answer, in one pass after the model call (alu.pace)."""
    return any(entry.node == "screen" and entry.detail.get("with_answer") for entry in trace)


def _measure(unlearner: Any, model: str, question: str, answer: str, log: _LogTimer) -> Sample:
    import litellm

    log.take()
    cpu = time.process_time()
    started = time.perf_counter()
    result = unlearner.ask(question)
    alu_ms = _ms(started)
    cpu_ms = (time.process_time() - cpu) * 1000
    log_ms = log.take()
    if result.path != "fast":
        raise RuntimeError(f"an unrelated question left the fast path ({result.path}): {question!r}")
    started = time.perf_counter()
    litellm.completion(
        model=model,
        messages=[{"role": "user", "content": question}],
        max_tokens=unlearner.settings.max_tokens,
        temperature=unlearner.settings.temperature,
        metadata={"alu_role": "vanilla"},
    )
    direct_ms = _ms(started)
    after_call_ms, _ = _audit(unlearner, question, answer)  # also keeps litellm's logging out of the next ask
    stages = _stages(result.trace, alu_ms, log_ms)
    return Sample(alu_ms, direct_ms, after_call_ms, cpu_ms, stages, _answer_first(result.trace))


def _audit(unlearner: Any, question: str, answer: str) -> tuple[float, float]:
    """(wall ms, CPU ms of every thread) of `audit(question, answer)`."""
    unlearner.store._embedder.clear_cache()  # the audit's texts are new to it, as a fresh audit's would be
    cpu = time.process_time()
    started = time.perf_counter()
    unlearner.audit(question, answer)
    return _ms(started), (time.process_time() - cpu) * 1000


def _ingest(unlearner: Any, targets: list[dict[str, Any]], progress: ProgressSink) -> dict[str, float]:
    """Add the missing targets, then embed the targets' masked-text vectors (once per store)."""
    progress.stage(f"store: {len(targets):,} targets (adding the missing ones)", len(targets))
    report, seconds, done = forget_timed(unlearner, targets, progress)
    progress.advance(len(targets) - done)
    rate = len(report.added) / seconds if report.added else 0.0
    ingest = {"added": len(report.added), "seconds": round(seconds, 2), "targets_per_s": round(rate, 1)}
    progress.stage("masked-text vectors of the targets (once per store)", 1)
    started = time.perf_counter()
    ingest["masked_vectors_embedded"] = unlearner.screener.warm()
    ingest["masked_vectors_s"] = round(time.perf_counter() - started, 2)
    progress.advance()
    return ingest


def run_overhead(config: OverheadConfig, progress: ProgressSink | None = None) -> OverheadReport:
    """Fill the store, then time every question through alu, directly, and as an audit."""
    with given_or_scratch_store(config.store_dir, prefix="alu-bench-overhead-") as store:
        return _run(config, store, progress or Silent())


def _run(config: OverheadConfig, store: str, progress: ProgressSink) -> OverheadReport:
    from alu.scripted import register_script
    from alu.sdk import Unlearner

    if config.targets < 1 or config.queries < 1 or config.warmup < 0:
        raise ValueError("--targets and --queries must be positive, --warmup not negative")
    workload = build_workload(
        config.targets, queries=config.queries + config.warmup, seed=config.seed, data_dir=config.data_dir
    )
    register_script(SCRIPT, bench_script(workload.answers))
    model = f"scripted/{SCRIPT}"
    load_before = os.getloadavg()
    unlearner = Unlearner(model=model, store=store)
    ingest = _ingest(unlearner, workload.targets, progress)
    samples = _samples(unlearner, model, workload.irrelevant, config.warmup, progress)
    reopen = _reopen(model, store, workload.irrelevant[-REOPENS:], progress)
    summary = {**_summary(samples), **reopen}
    report = OverheadReport(
        targets=unlearner.count(),
        queries=len(samples),
        summary=summary,
        stages=_stage_percentiles(samples),
        ingest=ingest,
        reopen=reopen,
        machine={**machine(load_before), "embed_threads": unlearner.store._embedder.threads},
    )
    report.checks = [
        Check(name, summary[name] <= goal, f"{summary[name]:.2f} {unit} (goal ≤ {goal:g} {unit})")
        for name, goal in GOALS.items()
        for unit in ["s" if name.endswith("_s") else "ms"]
    ]
    return report


def _samples(
    unlearner: Any, model: str, questions: list[tuple[str, str]], warmup: int, progress: ProgressSink
) -> list[Sample]:
    """Time every question after the first `warmup` ones (asked, not timed)."""
    log = _LogTimer(unlearner.records)
    if len(questions) <= warmup:
        raise ValueError(f"only {len(questions)} unrelated questions: lower --warmup or --queries")
    progress.stage("warm-up (not timed)", warmup)
    for question, answer in questions[:warmup]:
        _measure(unlearner, model, question, answer, log)
        progress.advance()
    timed = questions[warmup:]
    progress.stage(f"{len(timed)} unrelated questions: alu, direct, audit", len(timed))
    samples = []
    for question, answer in timed:
        samples.append(_measure(unlearner, model, question, answer, log))
        progress.advance()
    progress.stage(f"{len(timed)} audits alone", len(timed))
    for (question, answer), sample in zip(timed, samples, strict=True):
        sample.audit_ms, sample.audit_cpu_ms = _audit(unlearner, question, answer)
        progress.advance()
    return samples


def _reopen(
    model: str, store: str, exchanges: list[tuple[str, str]], progress: ProgressSink
) -> dict[str, float]:
    """Median seconds of a new Unlearner's screener opening on the store, and of its first audit."""
    from alu.sdk import Unlearner

    progress.stage(f"the store opened again ({len(exchanges)} times)", len(exchanges))
    opens, firsts = [], []
    for question, answer in exchanges:
        started = time.perf_counter()
        again = Unlearner(model=model, store=store)
        _ = again.screener
        opens.append(time.perf_counter() - started)
        again.store._embedder.clear_cache()  # its texts are new to it, as a first audit's would be
        started = time.perf_counter()
        again.audit(question, answer)
        firsts.append(time.perf_counter() - started)
        progress.advance()
    return {"open_s": round(median(opens), 3), "first_audit_s": round(median(firsts), 3)}


def _p(values: list[float], q: float) -> float:
    from alu.eval.metrics import percentile

    return round(percentile(values, q), 2)


def _summary(samples: list[Sample]) -> dict[str, float]:
    overhead = [s.alu_ms - s.direct_ms for s in samples]
    return {
        "alu_p50_ms": _p([s.alu_ms for s in samples], 50),
        "direct_p50_ms": _p([s.direct_ms for s in samples], 50),
        "overhead_p50_ms": _p(overhead, 50),
        "overhead_p99_ms": _p(overhead, 99),
        "audit_p50_ms": _p([s.audit_ms for s in samples], 50),
        "audit_p99_ms": _p([s.audit_ms for s in samples], 99),
        "audit_after_call_p50_ms": _p([s.audit_after_call_ms for s in samples], 50),
        "audit_after_call_p99_ms": _p([s.audit_after_call_ms for s in samples], 99),
        "alu_cpu_p50_ms": _p([s.cpu_ms for s in samples], 50),
        "audit_cpu_p50_ms": _p([s.audit_cpu_ms for s in samples], 50),
        "log_p50_ms": _p([s.stages["log"] for s in samples], 50),
        "log_p99_ms": _p([s.stages["log"] for s in samples], 99),
        "answer_first": sum(s.answer_first for s in samples),
    }


def _stage_percentiles(samples: list[Sample]) -> dict[str, dict[str, float]]:
    """p50 and p99 of every stage, in pipeline order (a stage a question skipped counts 0 ms)."""
    names = sorted({n for s in samples for n in s.stages}, key=_stage_order)
    stages = {}
    for name in names:
        ms = [s.stages.get(name, 0.0) for s in samples]
        stages[name] = {"p50_ms": _p(ms, 50), "p99_ms": _p(ms, 99)}
    return stages


def _stage_order(name: str) -> tuple[int, str]:
    order = [*STAGE_NAMES, "glue"]
    return (order.index(name) if name in order else len(order) - 1, name)


def markdown(report: OverheadReport) -> str:
    s = report.summary
    head = (
        f"# alu bench overhead: {report.targets:,} targets, {report.queries} unrelated questions\n\n"
        f"Zero-latency scripted model; the same question through alu (`Unlearner.ask`) and directly "
        f"(`litellm.completion`), back to back. {machine_line(report.machine)} Targets' masked-text vectors "
        f"embedded before timing: {report.ingest.get('masked_vectors_embedded', 0):,} "
        f"({report.ingest.get('masked_vectors_s', 0)} s; 0: all loaded from beside the store).\n\n"
    )
    totals = markdown_table(
        ["measure", "p50 ms", "p99 ms"],
        [
            ["alu (ask)", s["alu_p50_ms"], None],
            ["direct litellm call", s["direct_p50_ms"], None],
            ["overhead (alu − direct, per question)", s["overhead_p50_ms"], s["overhead_p99_ms"]],
            ["audit() of the reference answer (audits alone)", s["audit_p50_ms"], s["audit_p99_ms"]],
            [
                "audit(), right after a direct call (litellm still logging it)",
                s["audit_after_call_p50_ms"],
                s["audit_after_call_p99_ms"],
            ],
            ["CPU of the alu question, all threads", s["alu_cpu_p50_ms"], None],
            ["CPU of the audit (alone), all threads", s["audit_cpu_p50_ms"], None],
        ],
    )
    reopened = markdown_table(
        ["the store opened again by a new Unlearner (this process)", f"median of {REOPENS}, s"],
        [
            ["screener open", f"{report.reopen['open_s']:.2f}"],
            ["its first audit", f"{report.reopen['first_audit_s']:.2f}"],
        ],
    )
    per_stage = markdown_table(
        ["stage", "p50 ms", "p99 ms"],
        [[STAGE_NAMES.get(n, n), v["p50_ms"], v["p99_ms"]] for n, v in report.stages.items()],
    )
    checks = check_lines(report.checks)
    note = (
        f"Per stage of `ask`. {s['answer_first']} of {report.queries} questions were screened together with "
        "their answer, after the model call (a model that answers faster than screening: alu.pace); the "
        "others while the model answered."
    )
    return f"{head}{totals}\n\n{note}\n\n{per_stage}\n\n{reopened}\n\n{checks}\n"
