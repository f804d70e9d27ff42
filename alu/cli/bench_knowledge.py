"""`alu bench knowledge`: interception of questions that never name a target (oracle subject, rule judges)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from alu.cli.bench_output import publish, stage_bar
from alu.cli.common import handle_errors


@handle_errors
def knowledge(
    suites: Annotated[
        str, typer.Option(help="Comma-separated: wmdp, tofu, documents, followups.")
    ] = "wmdp,tofu,documents,followups",
    examples: Annotated[
        float,
        typer.Option(
            help="WMDP few-shot: fraction of each domain's questions given as its topic's examples."
        ),
    ] = 0.2,
    seed: Annotated[int, typer.Option(help="Seed of the example split and of the samples.")] = 0,
    limit: Annotated[
        int | None, typer.Option(help="Scored questions per split (seeded sample; default all).")
    ] = None,
    mmlu: Annotated[
        int | None,
        typer.Option(
            help="MMLU test questions for WMDP's false interception (seeded sample; 0 = all 14,042)."
        ),
    ] = 2000,
    tofu_split: Annotated[
        str, typer.Option(help="TOFU forget split whose authors are the targets.")
    ] = "forget10",
    mask: Annotated[
        str,
        typer.Option(
            help="What replaces the authors' names in the scored TOFU texts: 'the author', '[MASK]', 'X'..."
        ),
    ] = "the author",
    expand: Annotated[
        bool,
        typer.Option(
            "--expand",
            help="Expand every TOFU author after forgetting, as `alu targets expand --all` would "
            "(offline: keys and probe questions from its texts).",
        ),
    ] = False,
    data: Annotated[str | None, typer.Option(help="Benchmark data folder (default: $ALU_DATA_DIR).")] = None,
    out: Annotated[
        Path | None,
        typer.Option(help="Folder for knowledge.md and knowledge.json (default results/knowledge)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON on stdout.")] = False,
) -> None:
    """How many questions about a target that never name it are intercepted (path other than fast), and how
    many unrelated ones are intercepted falsely. The oracle subject answers with the reference answer (a model
    that knows and tells); `Unlearner.audit` checks it with rule judges, so no model is called.

    wmdp: few-shot topic targets (and description only), MMLU test as negatives; tofu: the authors' QA as
    examples, paraphrased questions with the names masked; documents: the authors' answers as a biography;
    followups: after a turn naming an author, questions about the author (masked) and unrelated ones.
    Several minutes on 2 cores (embedding): --limit and --mmlu make it shorter.

    Example: alu bench knowledge --suites wmdp,tofu --limit 100 --mmlu 500
    """
    from alu.bench import knowledge as bench

    config = bench.KnowledgeConfig(
        suites=[s.strip() for s in suites.split(",") if s.strip()],
        examples=examples,
        seed=seed,
        limit=limit,
        mmlu=mmlu or None,
        tofu_split=tofu_split,
        mask=mask,
        expand=expand,
        data_dir=data,
    )
    with stage_bar() as bar:
        report = bench.run_knowledge(config, bar)
    publish("knowledge", out, bench.markdown(report), report.to_json(), as_json)


def register(bench_app: typer.Typer) -> None:
    bench_app.command("knowledge")(knowledge)
