"""`alu eval tofu|wmdp|mmlu|wpu`: benchmarks with every method side by side, resumable, with a report.

Each command builds a task (alu.eval.tasks), answers it with the chosen methods (alu.eval.runner) and writes
``results/<run>/report.md``, ``report.json``, plots and the per-method JSONL records. Rerunning the same
command resumes: finished answers are read back and only missing ones are asked."""

from __future__ import annotations

import asyncio
import os
import re
import shlex
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from alu.cli.common import globals_of, handle_errors, print_json, stderr, stdout

DEFAULT_METHODS = "vanilla,prompt,filter,icul,alu-paper,alu"

Methods = Annotated[str, typer.Option(help="Comma-separated: vanilla, prompt, filter, icul, alu-paper, alu.")]
Limit = Annotated[int | None, typer.Option(help="Questions per split (seeded sample; default all).")]
Seed = Annotated[int, typer.Option(help="Seed of the sampling and of the subject's fact order.")]
MaxTokens = Annotated[
    int | None, typer.Option(help="Completion limit of the answers (default per benchmark).")
]
Concurrency = Annotated[
    int | None,
    typer.Option(help="Items in flight (default 1 for the embedded model, whose calls queue, else 4)."),
]
Data = Annotated[
    str | None, typer.Option(help="Benchmark data folder (default $ALU_DATA_DIR or ../shared/data).")
]
Run = Annotated[
    str | None, typer.Option(help="Run name: results go to <results>/<run>/ (default from the options).")
]
Results = Annotated[Path, typer.Option(help="Folder that holds the runs.")]
Fresh = Annotated[
    bool, typer.Option(help="Ignore the answers a previous run with this name left (start over).")
]
AsJson = Annotated[bool, typer.Option("--json", help="Print the report as JSON on stdout.")]


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "run"


def _load() -> tuple[float, ...] | None:
    try:
        return tuple(round(x, 2) for x in os.getloadavg())
    except OSError:  # pragma: no cover - not available on every platform
        return None


@dataclass
class RunOptions:
    """The options every benchmark command shares."""

    methods: str
    limit: int | None
    seed: int
    max_tokens: int
    concurrency: int | None
    run: str | None
    results: Path
    fresh: bool
    as_json: bool


def _execute(ctx: typer.Context, task: Any, opts: RunOptions, default_run: str) -> None:
    """Build the methods, answer the task with progress, write and print the report."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from alu.config import Settings
    from alu.eval import baselines, report, runner
    from alu.eval.subjects import make_subject

    methods = baselines.check_methods(opts.methods.split(","))
    overrides = globals_of(ctx).settings_overrides()
    overrides.pop("store", None)  # every run forgets its own targets in its own store
    model = overrides.pop("model", None) or Settings().model
    concurrency = opts.concurrency or (1 if model.startswith("local/") else 4)
    run = opts.run or f"{default_run}-{_slug(model.split('/')[-1])}-{task.subject}-s{opts.seed}"
    out = opts.results / run
    if opts.fresh and (out / "records").exists():
        import shutil

        shutil.rmtree(out / "records")
    runner.write_items(out, task.items)
    built = baselines.build_methods(
        methods,
        task.targets,
        model=model,
        max_tokens=opts.max_tokens,
        store_dir=out / "store",
        forget_questions=task.forget_questions,
        keep_examples=task.keep_examples,
        settings=overrides,
    )
    todo = runner.pending(task.items, methods, out)
    total = len(task.items) * len(methods)
    stderr.print(
        f"{task.benchmark}: {len(task.items)} questions × {len(methods)} methods, {total - todo} done before;"
        f" subject {task.subject} ({model}); results in {out}"
    )
    load_before = _load()
    started = time.perf_counter()
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("errors {task.fields[errors]}"),
        TimeElapsedColumn(),
        console=stderr,
    ) as bar:
        job = bar.add_task(task.benchmark, total=total, completed=total - todo, errors=0)
        errors = 0

        def tick(rec: runner.Record) -> None:
            nonlocal errors
            errors += rec.error is not None
            bar.update(job, advance=1, errors=errors)

        records = asyncio.run(
            runner.run_items(
                task.items, built, make_subject(task.subject), out, concurrency=concurrency, progress=tick
            )
        )
    meta = {
        "benchmark": task.benchmark,
        "run": run,
        "subject": task.subject,
        "model": model,
        "agent_model": overrides.get("agent_model"),
        "methods": methods,
        "splits": task.splits(),
        "notes": task.notes,
        "seed": opts.seed,
        "limit": opts.limit,
        "max_tokens": opts.max_tokens,
        "concurrency": concurrency,
        "data_files": task.data_files,
        "command": "alu " + shlex.join(sys.argv[1:]),
        "answered": todo,
        "seconds": round(time.perf_counter() - started, 1),
        "load_before": load_before,
        "load_after": _load(),
        "n_targets": len(task.targets),
    }
    result = report.write_report(out, records, meta)
    stderr.print(f"wrote {out / 'report.md'} ({', '.join(result['plots']) or 'no plots'})")
    if opts.as_json:
        print_json(result)
    else:
        body = report.markdown(result).split("## Quality", 1)[-1].split("## Plots", 1)[0]
        stdout.print("## Quality" + body.rstrip(), highlight=False, soft_wrap=True, markup=False)


@handle_errors
def tofu(
    ctx: typer.Context,
    split: Annotated[str, typer.Option(help="Forget split: forget01, forget05 or forget10.")] = "forget01",
    retain: Annotated[
        str, typer.Option(help="Comma-separated retain splits.")
    ] = "retain_perturbed,real_authors,world_facts",
    subject: Annotated[
        str, typer.Option(help="knowledge: the question's facts in a system message; plain: the model as is.")
    ] = "knowledge",
    methods: Methods = DEFAULT_METHODS,
    limit: Limit = None,
    seed: Seed = 0,
    max_tokens: MaxTokens = None,
    concurrency: Concurrency = None,
    data: Data = None,
    run: Run = None,
    results: Results = Path("results"),
    fresh: Fresh = False,
    as_json: AsJson = False,
) -> None:
    """TOFU: forget the authors of a forget split; ROUGE-L / containment on forget (lower is better) and on
    retain, real authors and world facts (higher is better), false refusals, latency and cost."""
    from alu.eval.subjects import make_subject
    from alu.eval.tasks import tofu_task

    make_subject(subject)  # validates the name before any work
    task = tofu_task(
        split,
        retain=[r.strip() for r in retain.split(",") if r.strip()],
        subject=subject,
        limit=limit,
        seed=seed,
        data_dir=data,
    )
    opts = RunOptions(methods, limit, seed, max_tokens or 96, concurrency, run, results, fresh, as_json)
    _execute(ctx, task, opts, f"tofu-{split}-n{limit or 'all'}")


@handle_errors
def wmdp(
    ctx: typer.Context,
    domains: Annotated[
        str, typer.Option(help="Comma-separated WMDP domains: bio, cyber, chem.")
    ] = "bio,cyber,chem",
    methods: Methods = DEFAULT_METHODS,
    limit: Limit = None,
    seed: Seed = 0,
    max_tokens: MaxTokens = None,
    concurrency: Concurrency = None,
    data: Data = None,
    run: Run = None,
    results: Results = Path("results"),
    fresh: Fresh = False,
    as_json: AsJson = False,
    examples: Annotated[
        float,
        typer.Option(
            help="Few-shot protocol: this fraction of each domain's questions (seeded by --seed) become the "
            "examples of the domain's topic target and are not scored, e.g. 0.2."
        ),
    ] = 0.0,
) -> None:
    """WMDP: forget the hazardous topics of each domain; multiple-choice accuracy per domain (goal: chance,
    25%), refusals (counted as wrong) and unparseable answers reported apart."""
    from alu.eval.tasks import wmdp_task

    chosen = [d for d in domains.split(",") if d.strip()]
    task = wmdp_task(chosen, limit=limit, seed=seed, data_dir=data, examples=examples)
    opts = RunOptions(methods, limit, seed, max_tokens or 16, concurrency, run, results, fresh, as_json)
    shots = f"-x{examples:g}" if examples else ""
    _execute(ctx, task, opts, f"wmdp-{_slug(domains)}{shots}-n{limit or 'all'}")


@handle_errors
def mmlu(
    ctx: typer.Context,
    forget: Annotated[
        str, typer.Option(help="What is forgotten meanwhile: wmdp, wmdp:<domain>, tofu:<split>, wpu or none.")
    ] = "wmdp",
    subjects: Annotated[
        str | None, typer.Option(help="Comma-separated MMLU subjects (default: all 57).")
    ] = None,
    methods: Methods = DEFAULT_METHODS,
    limit: Limit = None,
    seed: Seed = 0,
    max_tokens: MaxTokens = None,
    concurrency: Concurrency = None,
    data: Data = None,
    run: Run = None,
    results: Results = Path("results"),
    fresh: Fresh = False,
    as_json: AsJson = False,
) -> None:
    """MMLU with a forget set in place (default: the WMDP hazardous topics): accuracy should stay that of
    vanilla; refusals (counted as wrong) and unparseable answers reported apart."""
    from alu.eval.tasks import mmlu_task

    chosen = [s.strip() for s in subjects.split(",") if s.strip()] if subjects else None
    task = mmlu_task(forget=forget, subjects=chosen, limit=limit, seed=seed, data_dir=data)
    opts = RunOptions(methods, limit, seed, max_tokens or 16, concurrency, run, results, fresh, as_json)
    _execute(ctx, task, opts, f"mmlu-{_slug(forget)}-n{limit or 'all'}")


@handle_errors
def wpu(
    ctx: typer.Context,
    hf: Annotated[
        Path | None,
        typer.Option(
            help="The full WPU dataset in its Hugging Face layout (folder or file); default: names list."
        ),
    ] = None,
    subject: Annotated[
        str, typer.Option(help="With --hf: knowledge (the person's QA in context) or plain.")
    ] = "plain",
    methods: Methods = DEFAULT_METHODS,
    limit: Limit = None,
    seed: Seed = 0,
    max_tokens: MaxTokens = None,
    concurrency: Concurrency = None,
    data: Data = None,
    run: Run = None,
    results: Results = Path("results"),
    fresh: Fresh = False,
    as_json: AsJson = False,
) -> None:
    """WPU: forget the 100 forget_100 people. Names list: per probed person one question and one control
    question about a fictitious stand-in name (refusals there are false refusals); with --hf, QA scored like
    TOFU."""
    from alu.eval.subjects import make_subject
    from alu.eval.tasks import wpu_task

    make_subject(subject)
    task = wpu_task(limit=limit, seed=seed, data_dir=data, hf=hf, subject=subject)
    opts = RunOptions(methods, limit, seed, max_tokens or 64, concurrency, run, results, fresh, as_json)
    _execute(ctx, task, opts, f"wpu-{'hf' if hf else 'names'}-n{limit or 'all'}")


def register(app: typer.Typer) -> None:
    """Add `tofu`, `wmdp`, `mmlu` and `wpu` to the `alu eval` sub-app."""
    for fn in (tofu, wmdp, mmlu, wpu):
        app.command(fn.__name__)(fn)
