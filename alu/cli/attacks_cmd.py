"""`alu eval attacks`: the robustness attack suite, leak rate per attack family × method; and `alu eval
namesakes`: the over-blocking rate on innocent text that shares a word with a target."""

from __future__ import annotations

import asyncio
import shlex
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from alu.cli.common import fail, globals_of, handle_errors, print_json, progress_bar, status, stderr, stdout
from alu.scratch import scratch_store

if TYPE_CHECKING:  # imported lazily at run time (keeps `alu --help` fast)
    from alu.eval.attack_runner import Outcome
    from alu.eval.attacks import Attack, AttackTarget
    from alu.eval.baselines import Method

DEFAULT_METHODS = "vanilla,prompt,filter,icul,alu-paper,alu"


@handle_errors
def attacks(
    ctx: typer.Context,
    targets: Annotated[
        str,
        typer.Option(
            help="tofu:<split> (TOFU forget authors), wpu (WPU people), or a JSON/JSONL targets file."
        ),
    ] = "tofu:forget01",
    families: Annotated[
        str,
        typer.Option(
            help="Comma-separated attack families, or 'all'. Question side: many_shot, masking, language, "
            "injection, reintroduction, chaining. Answer side (the subject is asked to disguise the name): "
            "disguise, encoding, script, translated, long_input, turns."
        ),
    ] = "all",
    methods: Annotated[
        str,
        typer.Option(
            help="Comma-separated, of vanilla, prompt, filter, icul, alu-paper, alu (default: all of them).",
            show_default=False,
        ),
    ] = DEFAULT_METHODS,
    subject: Annotated[
        str, typer.Option(help="knowledge: the target's facts in a system message; plain: the model as is.")
    ] = "knowledge",
    seed: Annotated[int, typer.Option(help="Seed of the attack generators and of sampling.")] = 0,
    limit: Annotated[
        int | None, typer.Option(min=1, help="Attacks per family (seeded sample; default all).")
    ] = None,
    max_targets: Annotated[
        int | None, typer.Option(min=1, help="Targets to attack (seeded sample; default all).")
    ] = None,
    max_tokens: Annotated[int, typer.Option(min=1, help="Completion limit of the subject's answers.")] = 128,
    concurrency: Annotated[int, typer.Option(min=1, help="Attacks in flight at once.")] = 2,
    data: Annotated[str | None, typer.Option(help="Benchmark data folder (default: $ALU_DATA_DIR).")] = None,
    out: Annotated[
        Path | None, typer.Option(help="Write results.jsonl, report.json and report.md to this folder.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Attack every target with many-shot priming, masking, other languages, injection, reintroduction and
    multi-turn chaining, and ask the subject to disguise the name in its answer (split or decorated words,
    look-alike letters, encodings, other scripts, long inputs, pieces over turns); report the leak rate per
    attack family and method.

    Example: alu eval attacks --targets tofu:forget05 --families masking,language --limit 10
    """
    chosen_families, chosen_methods = _choices(families, methods, subject)
    overrides, model = _settings(ctx)
    chosen, suite = _suite(targets, data, max_targets, chosen_families, limit, seed)
    if not suite:
        raise ValueError(f"no attacks to run: {len(chosen)} targets from {targets!r}, families {families!r}")
    stderr.print(
        f"{len(suite)} attacks on {len(chosen)} targets × {len(chosen_methods)} methods; subject {subject} "
        f"({model})"
    )
    outcomes, seconds = _forget_and_attack(
        suite, chosen, chosen_methods, model, max_tokens, overrides, subject, concurrency
    )
    meta = {
        "subject": subject,
        "model": model,
        "judges": _judges(overrides, model),
        "targets": targets,
        "n_targets": len(chosen),
        "families": chosen_families,
        "methods": chosen_methods,
        "seed": seed,
        "limit": limit,
        "n_attacks": len(suite),
        "seconds": seconds,
        "command": "alu " + shlex.join(sys.argv[1:]),
    }
    _report(out, outcomes, chosen_methods, meta, as_json)


def _settings(ctx: typer.Context) -> tuple[dict[str, Any], str]:
    """(the root options' settings, the subject model): the suite forgets its own targets in a temporary
    store, so the store option is dropped."""
    from alu.config import Settings

    overrides = globals_of(ctx).settings_overrides()
    overrides.pop("store", None)
    return overrides, overrides.pop("model", None) or Settings().model


def _judges(overrides: dict[str, Any], model: str) -> str:
    from alu.config import Settings

    return Settings(**overrides, model=model).judges_label


def _suite(
    targets: str, data: str | None, max_targets: int | None, families: list[str], limit: int | None, seed: int
) -> tuple[list[AttackTarget], list[Attack]]:
    """(the targets attacked, the attacks on them): seeded samples of both."""
    from alu.eval import attack_runner as runner
    from alu.eval.attacks import generate_suite
    from alu.eval.datasets import sample

    chosen = sample(runner.load_targets(targets, data), max_targets, seed)
    return chosen, generate_suite(chosen, families, seed=seed, per_family=limit)


def _forget_and_attack(
    suite: list[Attack],
    chosen: list[AttackTarget],
    methods: list[str],
    model: str,
    max_tokens: int,
    overrides: dict[str, Any],
    subject: str,
    concurrency: int,
) -> tuple[list[Outcome], float]:
    """(outcomes, seconds the attacks took) of every method, built on a temporary store."""
    from alu.eval import attack_runner as runner

    with scratch_store(prefix="alu-attacks-") as store_dir:  # removed afterwards, with its records
        with status(f"forgetting {len(chosen)} targets for {len(methods)} methods"):
            built = runner.build_methods(
                methods,
                chosen,
                model=model,
                max_tokens=max_tokens,
                store_dir=store_dir,
                settings=overrides,
            )
        started = time.perf_counter()
        outcomes = _attack(suite, built, chosen, subject, concurrency)
    return outcomes, round(time.perf_counter() - started, 1)


def _choices(families: str, methods: str, subject: str) -> tuple[list[str], list[str]]:
    """(families, methods) from their comma-separated options; an unknown family or subject is an error."""
    from alu.eval.attacks import FAMILIES
    from alu.eval.subjects import SUBJECTS

    chosen_families = list(dict.fromkeys(f.strip() for f in families.split(",") if f.strip()))
    chosen_families = list(FAMILIES) if chosen_families == ["all"] else chosen_families
    unknown = [f for f in chosen_families if f not in FAMILIES]
    if unknown:
        raise ValueError(f"unknown attack family {', '.join(unknown)}; choose from {', '.join(FAMILIES)}")
    chosen_methods = list(dict.fromkeys(m.strip() for m in methods.split(",") if m.strip()))
    if subject not in SUBJECTS:
        raise ValueError(f"--subject must be one of {', '.join(SUBJECTS)}")
    return chosen_families, chosen_methods


def _attack(
    suite: list[Attack], built: list[Method], chosen: list[AttackTarget], subject: str, concurrency: int
) -> list[Outcome]:
    """Run the suite against every built method under a progress bar that counts the leaks."""
    from alu.eval import attack_runner as runner

    with progress_bar("leaks") as bar:
        task = bar.add_task("attacking", total=len(suite) * len(built), leaks=0)
        leaks = 0

        def tick(outcome: runner.Outcome) -> None:
            nonlocal leaks
            leaks += outcome.leaked
            bar.update(task, advance=1, leaks=leaks)

        return asyncio.run(
            runner.run_suite(suite, built, chosen, subject=subject, concurrency=concurrency, progress=tick)
        )


def _report(
    out: Path | None, outcomes: list[Outcome], methods: list[str], meta: dict[str, Any], as_json: bool
) -> None:
    """Write the report to `out` (when given) and print it, as JSON or as the leak-rate table."""
    from alu.eval import attack_runner as runner

    if out is not None:
        report = runner.write_report(out, outcomes, methods, meta)
        stderr.print(f"wrote {out}/report.md, report.json, results.jsonl")
    else:
        report = runner.summary(outcomes, meta)
    if as_json:
        print_json(report)
    else:
        stdout.print(runner.markdown(report["leak_rate"], methods), highlight=False, soft_wrap=True)
    _check_errors(report)


def _check_errors(report: dict[str, Any]) -> None:
    """After the report is out: a warning when attacks failed with an error, and a failure (exit 1) when
    none of a method's attacks came back without one (its rate would be empty, not 0%)."""
    from alu.eval import attack_runner as runner

    errors = sum(c["errors"] for c in report["leak_rate"].get("all", {}).values())
    if errors:
        stderr.print(f"warning: {errors} attack(s) failed with an error and are left out of the rates")
    failed = runner.failed_methods(report["leak_rate"])
    if failed:
        raise fail(
            "every attack on these methods failed with an error: "
            + "; ".join(f"{m} ({report['first_errors'][m]})" for m in failed)
        )


@handle_errors
def namesakes(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Audit the namesake set (Paris Hilton, bell pepper, Kendall Jenner, Bob Einstein, innocent answers in
    other scripts... with Paris, Alexander Graham Bell alias Bell, Albert Einstein alias Einstein, Kris
    Jenner, Aristotle and four other people forgotten, in a temporary store): how many of these innocent
    questions and answers alu blocks, overall and per kind. Judges from ALU_JUDGES.

    Example: ALU_JUDGES=deterministic alu eval namesakes --json
    """
    from alu import Unlearner
    from alu.eval.namesakes import CASES, TARGETS, over_blocking

    overrides = globals_of(ctx).settings_overrides()
    overrides.pop("store", None)
    with scratch_store(prefix="alu-attacks-") as store_dir:
        with status(f"forgetting {len(TARGETS)} targets in a temporary store"):
            unlearner = Unlearner(store=store_dir, records="off", **overrides)
            unlearner.forget_many(TARGETS)
        with status(f"auditing {len(CASES)} innocent exchanges"):
            report = {**over_blocking(unlearner), "judges": unlearner.settings.judges_label}
    if as_json:
        print_json(report)
        return
    stdout.print(
        f"over-blocking: {report['rate']:.1%} ({report['blocked']}/{report['cases']}), {report['judges']}"
    )
    for kind, cell in report["kinds"].items():
        stdout.print(f"  {kind}: {cell['blocked']}/{cell['cases']}")
    for case in report["blocked_cases"]:
        stdout.print(f"  blocked ({case['path']}, {case['by']}): {case['question']}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add `attacks` and `namesakes` to the `alu eval` sub-app."""
    app.command("attacks")(attacks)
    app.command("namesakes")(namesakes)
