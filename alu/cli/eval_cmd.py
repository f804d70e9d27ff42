"""`alu eval tofu|wmdp|mmlu|wpu`: benchmarks with every method side by side, resumable, with a report.

Each command builds a task (alu.eval.tasks), answers it with the chosen methods (alu.eval.runner) and writes
``results/<run>/report.md``, ``report.json``, plots and the per-method JSONL records. Rerunning the same
command resumes: finished answers are read back and only missing ones are asked."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import json
import os
import re
import shlex
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from alu.cli.common import (
    fail,
    globals_of,
    handle_errors,
    print_json,
    progress_bar,
    require,
    status,
    stderr,
    stdout,
)
from alu.eval.data_guide import GUIDE

if TYPE_CHECKING:  # imported lazily at run time (keeps `alu --help` fast)
    from alu.eval.judges import JudgePlan

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_METHODS = "vanilla,prompt,filter,icul,alu-paper,alu"

Methods = Annotated[
    str,
    typer.Option(
        help="Comma-separated, of vanilla, prompt, filter, icul, alu-paper, alu (default: all of them).",
        show_default=False,  # the default is the whole list: cut with '…' at 80 columns
    ),
]
Limit = Annotated[int | None, typer.Option(min=1, help="Questions per split (seeded sample; default all).")]
Seed = Annotated[int, typer.Option(help="Seed of the sampling and of the subject's fact order.")]
MaxTokens = Annotated[
    int | None, typer.Option(min=1, help="Completion limit of the answers (default per benchmark).")
]
Concurrency = Annotated[
    int | None,
    typer.Option(min=1, help="Items in flight (default 1 for the embedded model, whose calls queue; else 4)"),
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


def data_guide(fn: F) -> F:
    """Missing benchmark data: the problem as the error line, then the data guide, unwrapped (exit 1)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from alu.eval.datasets import DatasetNotFoundError

        try:
            return fn(*args, **kwargs)
        except DatasetNotFoundError as exc:
            error = fail(exc.problem)
            stderr.print("\n" + GUIDE, soft_wrap=True, markup=False, highlight=False)
            raise error from None

    return wrapper  # type: ignore[return-value]


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "run"


def _names(text: str) -> list[str]:
    """A comma-separated option's names, stripped, without empty or repeated ones (first kept)."""
    return list(dict.fromkeys(n.strip() for n in text.split(",") if n.strip()))


def _load() -> tuple[float, ...] | None:
    try:
        return tuple(round(x, 2) for x in os.getloadavg())
    except OSError:  # pragma: no cover - not available on every platform
        return None


Judges = Annotated[
    str,
    typer.Option(
        help="Judges of the alu methods: auto (oracle subject: rules for alu, scripted LLM judges for "
        "alu-paper; else alu's own choice), rule (deterministic) or llm (--agent-model, else the scripted "
        "judges on the oracle)."
    ),
]
SubjectMCQ = Annotated[
    str,
    typer.Option(
        help="plain: the model as is; oracle: the correct letter and option as the answer, no model."
    ),
]


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
    judges: str = "auto"


@dataclass
class Planned:
    """A task's validated methods, judges and alu settings, and the fingerprint of what changes answers."""

    methods: list[str]
    plan: JudgePlan
    overrides: dict[str, Any]
    agent_model: str | None
    fingerprint: dict[str, Any]


@dataclass
class Prepared:
    """A task ready to answer: its methods, where its results go and what the report says about it."""

    task: Any
    methods: list[str]
    built: list[Any]
    out: Path
    meta: dict[str, Any]


MANIFEST = "run.json"
"""A run folder's settings: a run resumes only with the settings its answers were made with."""


def _plan(ctx: typer.Context, task: Any, opts: RunOptions) -> Planned:
    """Validate the options and plan the judges."""
    from alu.config import Settings
    from alu.eval import baselines
    from alu.eval.judges import plan_judges

    require("eval", "matplotlib", "rouge_score")
    methods = baselines.check_methods(opts.methods.split(","))
    overrides = globals_of(ctx).settings_overrides()
    overrides.pop("store", None)  # every run forgets its own targets in its own store
    model = overrides.pop("model", None)
    agent_model = overrides.pop("agent_model", None)
    if task.subject == "oracle" and model:
        raise ValueError(
            "--subject oracle answers without a model: drop --model (judges: --judges, --agent-model)"
        )
    plan = plan_judges(
        methods,
        subject=task.subject,
        judges=opts.judges,
        model=model or Settings().model,
        agent_model=agent_model,
    )
    fingerprint = _fingerprint(task, opts, plan.model, agent_model, overrides)
    return Planned(methods, plan, overrides, agent_model, fingerprint)


def _fingerprint(
    task: Any, opts: RunOptions, model: str, agent_model: str | None, overrides: dict[str, Any]
) -> dict[str, Any]:
    """What a method's answer to an item depends on besides the item (as JSON reads it back): answers are
    reused only under the same. The items (--limit, --retain...) may differ: each is answered once."""
    fingerprint = {
        "benchmark": task.benchmark,
        "subject": task.subject,
        "model": model,
        "agent_model": agent_model,
        "judges": opts.judges,
        "max_tokens": opts.max_tokens,
        "seed": opts.seed,
        "settings": overrides,
        "data": sorted({str(Path(f).parent) for f in task.data_files}),
        "targets": _digest(task.targets),
        "icul_demos": _digest([task.forget_questions, task.keep_examples]),
    }
    return json.loads(json.dumps(fingerprint, default=str))


def _digest(value: Any, size: int = 12) -> str:
    """A short sha256 of ``value`` as JSON."""
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()[:size]


def _check_run_name(run: str | None) -> None:
    """--run names one folder under --results: no path separators, no '.' or '..'."""
    if run is not None and (run in ("", ".", "..") or re.search(r"[/\\]", run)):
        raise ValueError(f"--run {run!r}: give a plain folder name (no '/', '\\', '.' or '..')")


def _claim(out: Path, fingerprint: dict[str, Any], fresh: bool) -> None:
    """Make ``out`` this run's folder: with --fresh, empty of a previous run's answers and stores; else
    refused when its answers were made with other settings. Records the settings (``run.json``)."""
    if fresh:
        _start_over(out)
    else:
        _check_same(out, fingerprint)
    out.mkdir(parents=True, exist_ok=True)
    (out / MANIFEST).write_text(json.dumps({"fingerprint": fingerprint}, indent=2), encoding="utf-8")


def _check_same(out: Path, fingerprint: dict[str, Any]) -> None:
    """A run folder whose answers were made with other settings (or unknown ones) is refused."""
    retry = "add --fresh to start over, or choose another --run"
    path = out / MANIFEST
    if not path.exists():
        if (out / "records").exists():
            raise ValueError(
                f"{out} holds answers but not the settings they were made with ({MANIFEST}): {retry}"
            )
        return
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))["fingerprint"]
        changed = [k for k in fingerprint if stored.get(k) != fingerprint[k]]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"{path} is not a run's settings ({type(exc).__name__}: {exc}): {retry}") from None
    if changed:
        what = "; ".join(f"{k} {stored.get(k)!r} then, {fingerprint[k]!r} now" for k in changed)
        raise ValueError(f"the run in {out} was made with other settings ({what}): {retry}")


def _start_over(out: Path) -> None:
    """--fresh: remove the previous run's answers and its methods' stores (only these folders of the run)."""
    import shutil

    for name in ("records", "store"):
        path = out / name
        if path.is_symlink():
            raise ValueError(
                f"--fresh: {path} is a symbolic link, not the run's own folder; remove it yourself"
            )
        if path.is_dir():
            shutil.rmtree(path)


def _prepare(task: Any, opts: RunOptions, planned: Planned, run: str) -> Prepared:
    """Claim the run folder (see :func:`_claim`) and build the methods (each forgets the task's targets in
    its own store under the run folder)."""
    from alu.eval import baselines, runner

    out = opts.results / run
    _claim(out, planned.fingerprint, opts.fresh)
    runner.write_items(out, task.items)
    built = baselines.build_methods(
        planned.methods,
        task.targets,
        model=planned.plan.model,
        max_tokens=opts.max_tokens,
        store_dir=out / "store",
        forget_questions=task.forget_questions,
        keep_examples=task.keep_examples,
        settings=planned.overrides,
        method_settings=planned.plan.settings,
    )
    meta = _meta(task, opts, run, planned.methods, planned.plan, planned.agent_model)
    return Prepared(task, planned.methods, built, out, meta)


def _meta(
    task: Any, opts: RunOptions, run: str, methods: list[str], plan: JudgePlan, agent_model: str | None
) -> dict[str, Any]:
    """What a benchmark report says about its run (provenance included)."""
    from alu.eval.provenance import data_hashes, package_versions

    return {
        "benchmark": task.benchmark,
        "run": run,
        "subject": task.subject,
        "subject_note": SUBJECT_NOTES.get(task.subject, ""),
        "model": plan.model,
        "agent_model": agent_model,
        "judges": plan.described,
        "methods": methods,
        "splits": task.splits(),
        "notes": task.notes,
        "seed": opts.seed,
        "limit": opts.limit,
        "max_tokens": opts.max_tokens,
        "concurrency": opts.concurrency or (1 if plan.model.startswith("local/") else 4),
        "data_files": task.data_files,
        "data_hashes": data_hashes(task.data_files),
        "versions": package_versions(),
        "command": "alu " + shlex.join(sys.argv[1:]),
        "n_targets": len(task.targets),
    }


SUBJECT_NOTES = {
    "oracle": "oracle subject: no model answers; each method gets the reference as the subject's answer "
    "(QA: the reference as a sentence; multiple choice: the correct letter and option; WPU: a sentence "
    "naming the person). prompt and icul only change the messages, so on this subject they answer exactly "
    "like vanilla.",
}


def _answer(prepared: Prepared, bar: Any) -> dict[str, Any]:
    """Answer the task's missing items under a progress bar, then write and return the report."""
    from alu.eval import report, runner
    from alu.eval.subjects import make_subject

    task, out, meta = prepared.task, prepared.out, prepared.meta
    todo = runner.pending(task.items, prepared.methods, out)
    total = len(task.items) * len(prepared.methods)
    stderr.print(
        f"{task.benchmark}: {len(task.items)} questions × {len(prepared.methods)} methods, {total - todo} "
        f"done before; subject {task.subject} ({meta['model']}); results in {out}"
    )
    load_before = _load()
    started = time.perf_counter()
    job = bar.add_task(meta["run"], total=total, completed=total - todo, errors=0)
    errors = 0

    def tick(rec: runner.Record) -> None:
        nonlocal errors
        errors += rec.error is not None
        bar.update(job, advance=1, errors=errors)

    records = asyncio.run(
        runner.run_items(
            task.items,
            prepared.built,
            make_subject(task.subject),
            out,
            concurrency=meta["concurrency"],
            progress=tick,
        )
    )
    meta.update(
        answered=todo,
        seconds=round(time.perf_counter() - started, 1),
        load_before=load_before,
        load_after=_load(),
    )
    result = report.write_report(out, records, meta, {i.id: i.prompt for i in task.items})
    stderr.print(f"wrote {out / 'report.md'} ({', '.join(result['plots']) or 'no plots'})")
    return result


def _run_name(opts: RunOptions, default_run: str, task: Any, planned: Planned) -> str:
    """--run, else a name from the options and a short hash of the settings that change answers."""
    if opts.run:
        return opts.run
    model = "oracle" if task.subject == "oracle" else planned.plan.model
    tag = _digest(planned.fingerprint, 8)
    return f"{default_run}-{_slug(model.split('/')[-1])}-{task.subject}-s{opts.seed}-{tag}"


def _execute(ctx: typer.Context, task: Any, opts: RunOptions, default_run: str) -> None:
    """Build the methods, answer the task with progress, write and print the report."""
    from alu.eval import report

    _check_run_name(opts.run)
    if not task.items:
        raise ValueError(f"{task.benchmark}: no questions to ask (data files: {', '.join(task.data_files)})")
    planned = _plan(ctx, task, opts)
    with status(f"preparing {opts.methods}: building each method's store of {len(task.targets)} targets"):
        prepared = _prepare(task, opts, planned, _run_name(opts, default_run, task, planned))
    with progress_bar("errors") as bar:
        result = _answer(prepared, bar)
    if opts.as_json:
        print_json(result)
    else:
        body = report.markdown(result).split("## Quality", 1)[-1].split("## Plots", 1)[0]
        stdout.print("## Quality" + body.rstrip(), highlight=False, soft_wrap=True, markup=False)
    _check_errors({prepared.meta["run"]: result})


def _check_errors(reports: dict[str, dict[str, Any]]) -> None:
    """After the report is out: a warning for the errors of each run, and a failure (exit 1) when a method
    answered nothing without an error (its rates would be empty, not a result)."""
    from alu.eval.report import failed_methods

    failed = []
    for run, result in reports.items():
        errors = sum(c["errors"] for c in result["cost"].values())
        if errors:
            stderr.print(f"warning: {run}: {errors} answer(s) failed with an error (see report.md)")
        failed += [f"{run}: {m} ({result['cost'][m]['first_error']})" for m in failed_methods(result["cost"])]
    if failed:
        raise fail("every answer of these methods failed with an error: " + "; ".join(failed))


@handle_errors
@data_guide
def tofu(
    ctx: typer.Context,
    split: Annotated[str, typer.Option(help="Forget split: forget01, forget05 or forget10.")] = "forget01",
    retain: Annotated[
        str,
        typer.Option(
            help="Comma-separated retain splits (default: retain_perturbed, real_authors, world_facts).",
            show_default=False,
        ),
    ] = "retain_perturbed,real_authors,world_facts",
    subject: Annotated[
        str,
        typer.Option(
            help="knowledge: the question's facts in a system message; plain: the model as is; oracle: the "
            "reference answer as the subject's answer, no model (the worst case for any model)."
        ),
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
    judges: Judges = "auto",
) -> None:
    """TOFU: forget the authors of a forget split; ROUGE-L / containment on forget (lower is better) and on
    retain, real authors and world facts (higher is better), false refusals, latency and cost.

    Example: alu eval tofu --split forget05 --subject oracle --methods vanilla,alu --limit 50
    """
    from alu.eval.subjects import make_subject
    from alu.eval.tasks import tofu_task

    make_subject(subject)  # validates the name before any work
    task = tofu_task(
        split,
        retain=_names(retain),
        subject=subject,
        limit=limit,
        seed=seed,
        data_dir=data,
    )
    opts = RunOptions(
        methods, limit, seed, max_tokens or 96, concurrency, run, results, fresh, as_json, judges
    )
    _execute(ctx, task, opts, f"tofu-{split}-n{limit or 'all'}")


@handle_errors
@data_guide
def wmdp(
    ctx: typer.Context,
    domains: Annotated[
        str, typer.Option(help="Comma-separated WMDP domains: bio, cyber, chem.")
    ] = "bio,cyber,chem",
    subject: SubjectMCQ = "plain",
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
    judges: Judges = "auto",
    examples: Annotated[
        float,
        typer.Option(
            help="Few-shot protocol: this fraction of each domain's questions (seeded by --seed) become the "
            "examples of the domain's topic target and are not scored, e.g. 0.2."
        ),
    ] = 0.0,
) -> None:
    """WMDP: forget the hazardous topics of each domain; multiple-choice accuracy per domain (goal: chance,
    25%), refusals (counted as wrong) and unparseable answers reported apart.

    Example: alu eval wmdp --examples 0.2 --subject oracle --methods alu

    Example: alu --model openai/gpt-4o-mini eval wmdp --domains bio,cyber --limit 200 --methods vanilla,alu
    """
    from alu.eval.subjects import check_subject
    from alu.eval.tasks import wmdp_task

    check_subject(subject, ("plain", "oracle"))
    domain_list = _names(domains)
    if not domain_list:
        raise ValueError("--domains: no domain given; choose from bio, cyber, chem")
    task = wmdp_task(domain_list, subject=subject, limit=limit, seed=seed, data_dir=data, examples=examples)
    opts = RunOptions(
        methods, limit, seed, max_tokens or 16, concurrency, run, results, fresh, as_json, judges
    )
    shots = f"-x{examples:g}" if examples else ""
    _execute(ctx, task, opts, f"wmdp-{_slug(','.join(domain_list))}{shots}-n{limit or 'all'}")


@handle_errors
@data_guide
def mmlu(
    ctx: typer.Context,
    forget: Annotated[
        str, typer.Option(help="What is forgotten meanwhile: wmdp, wmdp:<domain>, tofu:<split>, wpu or none.")
    ] = "wmdp",
    subjects: Annotated[
        str | None, typer.Option(help="Comma-separated MMLU subjects (default: all 57).")
    ] = None,
    subject: SubjectMCQ = "plain",
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
    judges: Judges = "auto",
) -> None:
    """MMLU with a forget set in place (default: the WMDP hazardous topics): accuracy should stay that of
    vanilla; refusals (counted as wrong) and unparseable answers reported apart.

    Example: alu eval mmlu --subjects college_biology,virology --limit 100 --methods vanilla,alu
    """
    from alu.eval.subjects import check_subject
    from alu.eval.tasks import mmlu_task

    check_subject(subject, ("plain", "oracle"))
    chosen = _names(subjects) if subjects else None
    task = mmlu_task(forget=forget, subjects=chosen, subject=subject, limit=limit, seed=seed, data_dir=data)
    opts = RunOptions(
        methods, limit, seed, max_tokens or 16, concurrency, run, results, fresh, as_json, judges
    )
    _execute(ctx, task, opts, f"mmlu-{_slug(forget)}-n{limit or 'all'}")


@handle_errors
@data_guide
def wpu(
    ctx: typer.Context,
    hf: Annotated[
        Path | None,
        typer.Option(
            help="The full WPU dataset in its Hugging Face layout (folder or file); default: names list."
        ),
    ] = None,
    subject: Annotated[
        str,
        typer.Option(
            help="plain: the model as is; oracle: a sentence naming the person (with --hf: the reference "
            "answer), no model; with --hf also knowledge (the person's QA in context)."
        ),
    ] = "plain",
    documents: Annotated[
        bool,
        typer.Option(
            help="With --hf: give alu each person's Wikipedia page from the data (its wikipage) as the "
            "target's documents and its lead sentence as the description, as WPU's document setting does; "
            "--no-documents: the names alone."
        ),
    ] = True,
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
    judges: Judges = "auto",
) -> None:
    """WPU: forget the 100 forget_100 people. Names list: per probed person one question and one control
    question about a fictitious stand-in name (refusals there are false refusals); with --hf, QA scored like
    TOFU.

    Example: alu eval wpu --subject oracle --limit 20 --methods vanilla,alu
    """
    from alu.eval.subjects import make_subject
    from alu.eval.tasks import wpu_task

    make_subject(subject)
    task = wpu_task(limit=limit, seed=seed, data_dir=data, hf=hf, subject=subject, documents=documents)
    opts = RunOptions(
        methods, limit, seed, max_tokens or 64, concurrency, run, results, fresh, as_json, judges
    )
    source = ("hf-docs" if documents else "hf") if hf else "names"
    _execute(ctx, task, opts, f"wpu-{source}-n{limit or 'all'}")


MAX_TOKENS = {"tofu": 96, "wmdp": 16, "mmlu": 16, "wpu": 64}


def _all_tasks(subject: str, limit: int | None, seed: int, data: str | None) -> dict[str, Any]:
    """The benchmarks of `alu eval all`, by run name (every data file is read before any work starts)."""
    from alu.eval import tasks

    mcq_subject = "oracle" if subject == "oracle" else "plain"
    common = {"limit": limit, "seed": seed, "data_dir": data}
    out: dict[str, Any] = {
        f"tofu-{split}": tasks.tofu_task(split, subject=subject, **common)
        for split in ("forget01", "forget05", "forget10")
    }
    out["wmdp"] = tasks.wmdp_task(subject=mcq_subject, **common)
    out["mmlu"] = tasks.mmlu_task(forget="wmdp", subject=mcq_subject, **common)
    out["wpu"] = tasks.wpu_task(subject=mcq_subject, **common)
    return out


def _all_meta(
    reports: dict[str, dict[str, Any]], methods: list[str], subject: str, limit: int | None
) -> dict:
    """The whole run's provenance, gathered from its benchmark reports."""
    metas = [r["meta"] for r in reports.values()]
    first, last = metas[0], metas[-1]
    return {
        **{k: first[k] for k in ("model", "judges", "subject_note", "seed", "concurrency", "versions")},
        "benchmark": "all",
        "subject": subject,
        "methods": methods,
        "limit": limit,
        "notes": "benchmarks: " + ", ".join(reports),
        "max_tokens": ", ".join(f"{k} {v}" for k, v in MAX_TOKENS.items()),
        "data_files": list(dict.fromkeys(f for m in metas for f in m["data_files"])),
        "data_hashes": {f: h for m in metas for f, h in m["data_hashes"].items()},
        "command": first["command"],
        "answered": sum(m["answered"] for m in metas),
        "seconds": round(sum(m["seconds"] for m in metas), 1),
        "load_before": first["load_before"],
        "load_after": last["load_after"],
    }


@handle_errors
@data_guide
def all_benchmarks(
    ctx: typer.Context,
    subject: Annotated[
        str,
        typer.Option(
            help="oracle: the references as the answers, no model (the worst case for any model); plain: "
            "the model as is; knowledge: TOFU's facts in context (plain elsewhere)."
        ),
    ] = "oracle",
    methods: Methods = DEFAULT_METHODS,
    limit: Limit = None,
    seed: Seed = 0,
    concurrency: Concurrency = None,
    data: Data = None,
    run: Run = None,
    results: Results = Path("results"),
    fresh: Fresh = False,
    as_json: AsJson = False,
    judges: Judges = "auto",
) -> None:
    """TOFU forget01/05/10, WMDP (bio, cyber, chem), MMLU (WMDP topics forgotten) and WPU in one go: one
    folder per benchmark with its report, and one summary table (benchmark × method: leak, kept and
    interception rates with 95% intervals) in <results>/<run>/report.md.

    Example: alu eval all --subject oracle --limit 50
    """
    from alu.eval.subjects import check_subject
    from alu.eval.summary import summary_markdown, write_summary

    check_subject(subject)
    _check_run_name(run)
    chosen = _all_tasks(subject, limit, seed, data)
    opts = {
        bench: RunOptions(
            methods,
            limit,
            seed,
            MAX_TOKENS[task.benchmark],
            concurrency,
            None,
            results,
            fresh,
            as_json,
            judges,
        )
        for bench, task in chosen.items()
    }
    planned = {bench: _plan(ctx, task, opts[bench]) for bench, task in chosen.items()}
    model = "oracle" if subject == "oracle" else next(iter(planned.values())).plan.model
    tag = _digest([p.fingerprint for p in planned.values()], 8)
    name = run or f"all-{_slug(model.split('/')[-1])}-{subject}-n{limit or 'all'}-s{seed}-{tag}"
    reports: dict[str, dict[str, Any]] = {}
    with progress_bar("errors") as bar:
        for bench, task in chosen.items():
            prepared = _prepare(task, opts[bench], planned[bench], f"{name}/{bench}")
            reports[bench] = _answer(prepared, bar)
    meta = _all_meta(reports, reports[next(iter(reports))]["meta"]["methods"], subject, limit)
    summary = write_summary(results / name, reports, meta)
    stderr.print(f"wrote {results / name / 'report.md'}")
    if as_json:
        print_json(summary)
    else:
        body = summary_markdown(summary).split("## Summary", 1)[-1].split("## Benchmarks", 1)[0]
        stdout.print("## Summary" + body.rstrip(), highlight=False, soft_wrap=True, markup=False)
    _check_errors({f"{name}/{bench}": r for bench, r in reports.items()})


def register(app: typer.Typer) -> None:
    """Add `tofu`, `wmdp`, `mmlu`, `wpu` and `all` to the `alu eval` sub-app."""
    for fn in (tofu, wmdp, mmlu, wpu):
        app.command(fn.__name__)(fn)
    app.command("all")(all_benchmarks)
