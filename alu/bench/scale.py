"""`alu bench scale`: per-query cost of alu and of the paper's method as the number of forget targets grows.

For each target count the store is filled up to that count (ingest throughput and size on disk are
recorded), then relevant queries (TOFU questions about targets in the store) and irrelevant ones (TOFU
world_facts) are asked in both modes: 'alu' (screening + fast path) and 'paper' (every target in every agent
prompt, agents on every query). Orchestration numbers use a scripted model with a fixed simulated latency,
so differences come from alu, not from the model; each alu query is paired with a direct call of the same
model (no alu) under the same machine load, which gives the overhead. An end-to-end row runs the embedded
model at the largest count.

Prompt tokens are counted with litellm's token counter and the gpt-4o tokenizer (o200k_base, bundled with
litellm, offline) over the messages each call actually sent; LLM calls are counted by the scripted provider
(retries included)."""

from __future__ import annotations

import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from alu.bench._workload import Workload, build_workload
from alu.bench.progress import ProgressSink, Silent, forget_timed
from alu.bench.report import Check, markdown_table, processor, pyplot, size_on_disk
from alu.scratch import given_or_scratch_store

DEFAULT_COUNTS = (10, 100, 1_000, 10_000)
SCRIPT = "bench-scale"
LOCAL_MODEL = "local/smollm2"
TOKENIZER_MODEL = "gpt-4o"  # whose tokenizer counts prompt tokens (a stated estimate for other models)
Kind = Literal["relevant", "irrelevant"]
KINDS: tuple[Kind, ...] = ("irrelevant", "relevant")
_REFUSAL_DRAFT = "I'm not familiar with that person."
_LISTED = re.compile(r"^\[(\d+)\] (.+?)(?: \(also: .*?\))?(?: — .*)?$", re.MULTILINE)


@dataclass
class ScaleConfig:
    counts: list[int] = field(default_factory=lambda: list(DEFAULT_COUNTS))
    queries: int = 20
    """Timed queries per kind, per mode and count."""
    paper_queries: int = 10
    """Timed queries per kind in paper mode (its prompts hold every target)."""
    paper_max_targets: int = 10_000
    """Paper mode is skipped above this count."""
    latency_ms: float = 200.0
    """Simulated latency of every scripted model call."""
    warmup: int = 2
    local: bool = True
    """Add the end-to-end rows with the embedded model at the largest count."""
    local_queries: int = 5
    local_max_tokens: int = 64
    seed: int = 0
    data_dir: str | None = None
    store_dir: str | None = None
    """Empty directory for the store (default: a temporary one, removed afterwards)."""
    vectors_per_target: int = 0
    """Examples given to every target (0: names and descriptions only)."""


@dataclass
class Row:
    mode: str
    """alu | paper | direct (the model called without alu)."""
    targets: int
    query_kind: str
    p50_ms: float
    p95_ms: float
    prompt_tokens: float
    """Mean prompt tokens per query, all calls summed."""
    llm_calls: float
    """Mean LLM calls per query."""
    model: str = "scripted"
    queries: int = 0
    llm_calls_max: int = 0
    paths: dict[str, int] = field(default_factory=dict)


@dataclass
class Ingest:
    targets: int
    added: int
    seconds: float
    targets_per_s: float
    store_bytes: int


@dataclass
class ScaleReport:
    rows: list[Row]
    ingest: list[Ingest]
    ingest_targets_per_s: float
    config: dict[str, Any]
    machine: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


# -- the scripted model ---------------------------------------------------------------------------------
def bench_script(answers: dict[str, str]) -> Callable[[Any], Any]:
    """A fast, deterministic model for every role: answers from the workload, an auditor that reveals the
    listed targets the question or answer names, agents that always succeed. Its own work is a scan of the
    prompt, negligible next to the simulated latency even with 10,000 targets listed."""

    def script(call: Any) -> Any:
        if call.role == "vanilla":
            return answers.get(call.last_user, "I don't know.")
        if call.role == "auditor":  # reveals the listed targets named in the question or the answer
            said = f"{call.fenced('QUERY')} {call.fenced('ANSWER')}".casefold()
            listed = _LISTED.findall(call.fenced("TARGETS"))
            return {"revealed": [int(i) for i, name in listed if name.casefold() in said], "reason": "bench"}
        if call.role == "eraser":
            k = int(m.group(1)) if (m := re.search(r"exactly (\d+)", call.messages[0]["content"])) else 3
            return {"candidates": [f"{_REFUSAL_DRAFT} ({i})" for i in range(1, k + 1)]}
        if call.role == "critic":
            n = len(re.findall(r"<<<CANDIDATE \d+>>>", call.messages[-1]["content"]))
            return {"ratings": [{"index": i, "rating": 5, "reason": "bench"} for i in range(1, n + 1)]}
        if call.role == "composer":
            return _REFUSAL_DRAFT
        return "OK"

    return script


def count_tokens(messages: list[dict[str, Any]]) -> int:
    import litellm

    return int(litellm.token_counter(model=TOKENIZER_MODEL, messages=messages))


# -- measuring --------------------------------------------------------------------------------------------
@dataclass
class _Sample:
    ms: float
    calls: int
    tokens: int
    path: str = ""


def _row(mode: str, n: int, kind: str, samples: list[_Sample], model: str = "scripted") -> Row:
    from alu.eval.metrics import percentile

    ms = [s.ms for s in samples]
    return Row(
        mode=mode,
        targets=n,
        query_kind=kind,
        p50_ms=round(percentile(ms, 50), 1),
        p95_ms=round(percentile(ms, 95), 1),
        prompt_tokens=round(sum(s.tokens for s in samples) / len(samples), 1),
        llm_calls=round(sum(s.calls for s in samples) / len(samples), 2),
        model=model,
        queries=len(samples),
        llm_calls_max=max(s.calls for s in samples),
        paths=dict(Counter(s.path for s in samples if s.path)),
    )


class _Meter:
    """Times queries through an Unlearner, and the same model called directly."""

    def __init__(self, model: str, script_name: str | None, options: dict[str, Any]) -> None:
        self.model = model
        self.script_name = script_name
        self.options = options

    def _calls(self) -> list[Any]:
        from alu.scripted import script_calls

        return script_calls(self.script_name) if self.script_name else []

    async def alu(self, unlearner: Any, question: str) -> _Sample:
        before = len(self._calls())
        started = time.perf_counter()
        result = await unlearner.aask(question, **self.options)
        ms = (time.perf_counter() - started) * 1000
        if self.script_name:
            made = self._calls()[before:]
            calls, tokens = len(made), sum(count_tokens(c.messages) for c in made)
        else:  # a real model: the trace has what each call reported
            made = [e for e in result.trace if e.model]
            calls, tokens = len(made), sum(e.prompt_tokens for e in made)
        return _Sample(ms, calls, tokens, result.path)

    async def direct(self, question: str) -> _Sample:
        from alu.llm import ensure_providers

        import litellm  # isort: skip

        ensure_providers()  # alu itself calls `local/…` without litellm: register it for this direct call

        messages = [{"role": "user", "content": question}]
        started = time.perf_counter()
        response = await litellm.acompletion(
            model=self.model,
            messages=messages,
            max_tokens=self.options.get("max_tokens", 256),
            temperature=0.0,
            metadata={"alu_role": "vanilla"},
        )
        ms = (time.perf_counter() - started) * 1000
        if self.script_name:
            tokens = count_tokens(messages)
        else:
            tokens = int(getattr(getattr(response, "usage", None), "prompt_tokens", 0) or 0)
        return _Sample(ms, 1, tokens, "direct")


async def _measure(
    meter: _Meter,
    unlearner: Any,
    questions: list[str],
    *,
    paired: bool,
    warmup: int,
    progress: ProgressSink,
) -> tuple[list[_Sample], list[_Sample]]:
    """Ask each question through alu and, when `paired`, straight after through the model alone, so both
    see the same machine load. Warm-up queries (first sync of the index, lazy imports) are not timed."""
    for question in questions[:warmup]:
        await unlearner.aask(question, **meter.options)
        if paired:
            await meter.direct(question)
    through, direct = [], []
    for question in questions:
        through.append(await meter.alu(unlearner, question))
        if paired:
            direct.append(await meter.direct(question))
        progress.advance()
    return through, direct


# -- the run ------------------------------------------------------------------------------------------------
def _check_config(config: ScaleConfig) -> None:
    if not config.counts or any(n < 1 for n in config.counts):
        raise ValueError("target counts must be positive integers, e.g. --counts 10,100,1000,10000")
    if config.queries < 1 or config.paper_queries < 0 or config.local_queries < 0:
        raise ValueError("--queries must be at least 1 (--paper-queries and --local-queries at least 0)")
    if config.latency_ms < 0:
        raise ValueError("--latency-ms cannot be negative")


async def run_scale(config: ScaleConfig, progress: ProgressSink | None = None) -> ScaleReport:
    """Run the whole benchmark; see the module docstring for what is measured."""
    from alu.scripted import register_script
    from alu.sdk import Unlearner

    _check_config(config)
    progress = progress or Silent()
    counts = sorted(set(config.counts))
    progress.stage("loading benchmark data", 1)
    workload = build_workload(
        counts[-1],
        queries=config.queries,
        seed=config.seed,
        data_dir=config.data_dir,
        vectors_per_target=config.vectors_per_target,
    )
    progress.advance()
    counts = [min(n, len(workload.targets)) for n in counts]
    questions = {
        "relevant": [q for q, _ in workload.relevant],
        "irrelevant": [q for q, _ in workload.irrelevant],
    }

    load_before = os.getloadavg()
    started = time.time()
    register_script(SCRIPT, bench_script(workload.answers), latency_ms=config.latency_ms)
    model = f"scripted/{SCRIPT}"
    meter = _Meter(model, SCRIPT, {})
    rows: list[Row] = []
    ingests: list[Ingest] = []
    with given_or_scratch_store(config.store_dir, prefix="alu-bench-scale-") as store:
        unlearners = {mode: Unlearner(model=model, store=store, mode=mode) for mode in ("alu", "paper")}
        have = 0
        for n in counts:
            with _memo_embeddings(unlearners["alu"].store, bool(config.vectors_per_target)):
                ingests.append(_ingest(unlearners["alu"], workload, have, n, progress))
            have = n
            rows += await _rows_at(n, config, meter, unlearners, questions, progress)
        notes = _notes(config, counts[-1])
        if config.local and config.local_queries:
            rows += await _local_rows(store, counts[-1], questions, config, progress, notes)
    return _report(config, counts, rows, ingests, notes, load_before, started)


async def _rows_at(
    n: int,
    config: ScaleConfig,
    meter: _Meter,
    unlearners: dict[str, Any],
    questions: dict[str, list[str]],
    progress: ProgressSink,
) -> list[Row]:
    """Every mode and kind of query timed with `n` targets in the store (direct calls beside alu's)."""
    rows = []
    for mode in ("alu", "paper"):
        if mode == "paper" and (n > config.paper_max_targets or config.paper_queries == 0):
            continue
        limit = config.queries if mode == "alu" else config.paper_queries
        for kind in KINDS:
            asked = questions[kind][:limit]
            progress.stage(f"{mode:5} {n:>6,} targets, {kind} queries", len(asked))
            through, direct = await _measure(
                meter,
                unlearners[mode],
                asked,
                paired=mode == "alu",
                warmup=config.warmup,
                progress=progress,
            )
            rows.append(_row(mode, n, kind, through))
            if direct:
                rows.append(_row("direct", n, kind, direct))
    return rows


def _notes(config: ScaleConfig, most: int) -> list[str]:
    """What the reader must know about how this run measured (`most`: the largest target count)."""
    notes = []
    if config.vectors_per_target:
        notes.append(
            "ingest embedded each distinct example text once (the synthetic targets reuse TOFU authors' "
            "QA, identical once the names are masked): its throughput is not that of distinct texts; "
            "queries are embedded as usual"
        )
    if config.paper_max_targets < most:
        notes.append(f"paper mode skipped above {config.paper_max_targets:,} targets (--paper-max-targets)")
    return notes


def _report(
    config: ScaleConfig,
    counts: list[int],
    rows: list[Row],
    ingests: list[Ingest],
    notes: list[str],
    load_before: tuple[float, float, float],
    started: float,
) -> ScaleReport:
    total_added = sum(i.added for i in ingests)
    total_s = sum(i.seconds for i in ingests)
    report = ScaleReport(
        rows=rows,
        ingest=ingests,
        ingest_targets_per_s=round(total_added / total_s, 1) if total_s else 0.0,
        config={**asdict(config), "counts": counts, "tokenizer": TOKENIZER_MODEL},
        machine={
            "cpus": os.cpu_count(),
            **processor(),
            "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in os.getloadavg()],
            "started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(started)),
            "seconds": round(time.time() - started, 1),
        },
        notes=notes,
    )
    report.checks = acceptance(report)
    return report


class _MemoEmbedder:
    """An embedder that embeds each distinct text once (the scale workload's examples repeat)."""

    def __init__(self, embedder: Any) -> None:
        self._embedder = embedder
        self._seen: dict[str, np.ndarray] = {}

    def embed(self, texts: list[str]) -> np.ndarray:
        new = [t for t in dict.fromkeys(texts) if t not in self._seen]
        if new:
            self._seen.update(zip(new, self._embedder.embed(new), strict=True))
        return np.stack([self._seen[t] for t in texts]) if texts else self._embedder.embed([])


@contextmanager
def _memo_embeddings(store: Any, on: bool) -> Iterator[None]:
    """While ingesting, the store's embedder embeds each distinct text once (when `on`)."""
    original = store._embedder
    if on:
        store._embedder = _MemoEmbedder(original)
    try:
        yield
    finally:
        store._embedder = original


def _ingest(unlearner: Any, workload: Workload, have: int, n: int, progress: ProgressSink) -> Ingest:
    batch = workload.targets[have:n]
    progress.stage(f"ingest {have:,} → {n:,} targets", len(batch))
    report, seconds, _ = forget_timed(unlearner, batch, progress)
    return Ingest(
        targets=n,
        added=len(report.added),
        seconds=round(seconds, 2),
        targets_per_s=round(len(report.added) / seconds, 1) if seconds else 0.0,
        store_bytes=size_on_disk(unlearner.settings.store),
    )


async def _local_rows(
    store: str,
    n: int,
    questions: dict[str, list[str]],
    config: ScaleConfig,
    progress: ProgressSink,
    notes: list[str],
) -> list[Row]:
    """alu mode end to end with the embedded model (deterministic judges, as `judges=auto` picks for it)."""
    from alu.errors import AluError
    from alu.sdk import Unlearner

    try:
        unlearner = Unlearner(model=LOCAL_MODEL, store=store)
        meter = _Meter(LOCAL_MODEL, None, {"max_tokens": config.local_max_tokens})
        rows = []
        for kind in KINDS:
            asked = questions[kind][: config.local_queries]
            progress.stage(f"alu   {n:>6,} targets, {kind} queries, {LOCAL_MODEL}", len(asked))
            through, direct = await _measure(
                meter, unlearner, asked, paired=True, warmup=1, progress=progress
            )
            rows += [_row("alu", n, kind, through, LOCAL_MODEL), _row("direct", n, kind, direct, LOCAL_MODEL)]
        return rows
    except (AluError, ImportError) as exc:
        notes.append(f"end-to-end rows with {LOCAL_MODEL} skipped: {exc}")
        return []


# -- judging the run ------------------------------------------------------------------------------------
def _cell(rows: list[Row], mode: str, n: int, kind: str, model: str = "scripted") -> Row | None:
    return next(
        (r for r in rows if (r.mode, r.targets, r.query_kind, r.model) == (mode, n, kind, model)), None
    )


def acceptance(report: ScaleReport) -> list[Check]:
    """The issue's acceptance criteria, evaluated on this run's numbers."""
    rows = report.rows
    counts = sorted({r.targets for r in rows if r.mode == "alu" and r.model == "scripted"})
    checks: list[Check] = []
    if not counts:
        return checks
    lo, hi = counts[0], counts[-1]
    for kind in KINDS:
        a, b = _cell(rows, "alu", lo, kind), _cell(rows, "alu", hi, kind)
        if a and b:
            checks.append(
                Check(
                    f"alu p50 at {hi:,} ≤ 1.2× p50 at {lo:,} ({kind})",
                    b.p50_ms <= 1.2 * a.p50_ms,
                    f"{b.p50_ms:.1f} ms vs {a.p50_ms:.1f} ms (×{b.p50_ms / a.p50_ms:.2f})",
                )
            )
        tokens = [c.prompt_tokens for n in counts if (c := _cell(rows, "alu", n, kind))]
        if tokens and tokens[0]:
            spread = max(abs(t - tokens[0]) / tokens[0] for t in tokens)
            checks.append(
                Check(
                    f"alu prompt tokens flat ±10% ({kind})",
                    spread <= 0.10,
                    f"{min(tokens):.0f}–{max(tokens):.0f} tokens/query (max deviation {spread:.1%})",
                )
            )
    worst: tuple[float, str] = (float("-inf"), "")
    calls_ok = True
    for n in counts:
        a, d = _cell(rows, "alu", n, "irrelevant"), _cell(rows, "direct", n, "irrelevant")
        if a and d:
            margin = (a.p50_ms - d.p50_ms) - (0.05 * d.p50_ms + 30)
            if margin > worst[0]:
                worst = (margin, f"{n:,} targets: alu {a.p50_ms:.1f} ms vs direct {d.p50_ms:.1f} ms")
            calls_ok &= a.llm_calls_max == 1 and a.llm_calls == 1
    if worst[1]:
        checks.append(
            Check(
                "irrelevant: overhead ≤ 5% + 30 ms at p50 (every count)", worst[0] <= 0, f"worst {worst[1]}"
            )
        )
        checks.append(
            Check("irrelevant: exactly one LLM call per query", calls_ok, "max calls over all counts")
        )
    added = sum(i.added for i in report.ingest)
    rate = report.ingest_targets_per_s
    checks.append(
        Check("ingest ≥ 100 targets/s", rate >= 100, f"{rate:,.1f} targets/s over {added:,} targets")
    )
    return checks


# -- output ------------------------------------------------------------------------------------------------
def markdown(report: ScaleReport) -> str:
    """The report as markdown: settings and machine, the latency/cost table, ingest, acceptance checks."""
    m, c = report.machine, report.config
    lines = [
        "# alu bench scale",
        "",
        f"Run {m['started']}, {m['seconds']:.0f} s on {m['cpus']} CPUs ({m['cpu']}; int8 kernel "
        f"{m['int8_kernel']}); load average before "
        f"{'/'.join(map(str, m['load_before']))}, after {'/'.join(map(str, m['load_after']))}. "
        f"Scripted model latency {c['latency_ms']:g} ms per call; {c['queries']} queries per kind "
        f"({c['paper_queries']} in paper mode); prompt tokens counted with the {c['tokenizer']} tokenizer.",
        "",
        markdown_table(
            [
                "mode",
                "model",
                "targets",
                "query kind",
                "p50 ms",
                "p95 ms",
                "prompt tokens/query",
                "LLM calls/query",
                "paths",
            ],  # fmt: skip
            [
                [
                    r.mode,
                    r.model,
                    r.targets,
                    r.query_kind,
                    r.p50_ms,
                    r.p95_ms,
                    r.prompt_tokens,
                    r.llm_calls,
                    ", ".join(f"{k} {v}" for k, v in sorted(r.paths.items())),
                ]  # fmt: skip
                for r in sorted(report.rows, key=_order)
            ],
        ),
        "",
        f"Ingest: {report.ingest_targets_per_s:,.1f} targets/s overall.",
        "",
        markdown_table(
            ["targets", "added", "seconds", "targets/s", "store on disk (MB)"],
            [[i.targets, i.added, i.seconds, i.targets_per_s, i.store_bytes / 1e6] for i in report.ingest],
        ),
        "",
        "## Acceptance",
        "",
        *[f"- [{'x' if ch.passed else ' '}] {ch.name}: {ch.detail}" for ch in report.checks],
    ]
    if report.notes:
        lines += ["", "## Notes", "", *[f"- {n}" for n in report.notes]]
    return "\n".join(lines) + "\n"


def _order(row: Row) -> tuple[Any, ...]:
    return (
        row.model != "scripted",
        {"alu": 0, "direct": 1, "paper": 2}[row.mode],
        row.query_kind,
        row.targets,
    )


def plot(report: ScaleReport, path: Path) -> Path:
    """Latency and prompt tokens per query against the number of targets (log x)."""
    plt = pyplot()
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.5))
    series: dict[tuple[str, str], list[Row]] = {}
    for row in sorted(report.rows, key=lambda r: r.targets):
        if row.model == "scripted":
            series.setdefault((row.mode, row.query_kind), []).append(row)
    for (mode, kind), rows in sorted(series.items()):
        xs = [r.targets for r in rows]
        style = {"alu": "-o", "paper": "--s", "direct": ":^"}[mode]
        left.plot(xs, [r.p50_ms for r in rows], style, label=f"{mode} · {kind}")
        if mode != "direct":
            right.plot(xs, [r.prompt_tokens for r in rows], style, label=f"{mode} · {kind}")
    left.set(xscale="log", xlabel="forget targets", ylabel="p50 latency per query (ms)", title="Latency")
    right.set(
        xscale="log", yscale="log", xlabel="forget targets", ylabel="prompt tokens per query",
        title="Prompt tokens",
    )  # fmt: skip
    for ax in (left, right):
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle(f"alu bench scale (scripted model, {report.config['latency_ms']:g} ms per call)")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path
