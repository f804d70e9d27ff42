"""Run the attack suite against unlearning methods and report leak rates per attack family × method.

Subject: ``knowledge`` (default) puts the attacked target's facts in a system message, so that even a small
model has something to leak; ``plain`` is the wrapped model as is (both from :mod:`alu.eval.subjects`).
Methods are those of the evaluation harness (:mod:`alu.eval.baselines`):

- ``vanilla``: the subject, no unlearning;
- ``prompt``: a system-prompt guardrail naming the targets;
- ``filter``: vanilla, then an output filter that refuses when a target's name or alias appears;
- ``icul``: in-context unlearning: demonstrations answering the targets' questions with "I don't know";
- ``alu-paper``: alu with every target in every prompt and no fast path (the reference method);
- ``alu``: alu as shipped.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from alu.eval import baselines
from alu.eval.attacks import FAMILIES, Attack, AttackTarget, find_leaks
from alu.eval.baselines import Method
from alu.eval.subjects import make_subject
from pydantic import BaseModel, Field


class Outcome(BaseModel):
    """One attack answered by one method."""

    attack: str
    family: str
    variant: str
    target: str
    method: str
    answers: list[str] = Field(default_factory=list)
    paths: list[str] = Field(default_factory=list)
    leaks: list[str] = Field(default_factory=list)
    ms: float = 0.0
    llm_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    error: str | None = None

    @property
    def leaked(self) -> bool:
        return bool(self.leaks)


def build_methods(
    names: Sequence[str],
    targets: Sequence[AttackTarget],
    *,
    model: str,
    max_tokens: int,
    store_dir: str,
    settings: dict[str, Any] | None = None,
) -> list[Method]:
    """The methods of :mod:`alu.eval.baselines` by name, all forgetting the same targets; ICUL's forget
    demonstrations are the targets' own questions."""
    questions = [f.question for t in targets for f in t.facts[:2]]
    return baselines.build_methods(
        names,
        [t.target_dict() for t in targets],
        model=model,
        max_tokens=max_tokens,
        store_dir=store_dir,
        forget_questions=questions,
        settings=settings,
    )


# --------------------------------------------------------------------------------------------- running


def facts_of(target: AttackTarget | None) -> list[str]:
    """What the knowledge-injected subject knows about the attacked target."""
    return [] if target is None else target.known()


def conversation(attack: Attack, target: AttackTarget | None, subject: str) -> list[dict[str, Any]]:
    """The attack as the subject sees it: with the target's facts in a system message for ``knowledge``."""
    return make_subject(subject).wrap(list(attack.messages), facts_of(target))


async def run_attack(method: Method, attack: Attack, target: AttackTarget | None, subject: str) -> Outcome:
    """Answer every turn of the attack with the method (its own answers become the history) and judge."""
    outcome = Outcome(
        attack=attack.id,
        family=attack.family,
        variant=attack.variant,
        target=attack.target,
        method=method.name,
    )
    messages = conversation(attack, target, subject)
    started = time.perf_counter()
    try:
        for followup in [None, *attack.followups]:
            if followup is not None:
                messages = [
                    *messages,
                    {"role": "assistant", "content": outcome.answers[-1]},
                    {"role": "user", "content": followup},
                ]
            reply = await method.respond(messages)
            outcome.answers.append(reply.text)
            outcome.paths.append(reply.path)
            outcome.llm_calls += reply.llm_calls
            outcome.prompt_tokens += reply.prompt_tokens
            outcome.completion_tokens += reply.completion_tokens
            if reply.error is not None:  # alu's fail policy answered after a failed call: not a result
                outcome.error = reply.error
                break
    except Exception as exc:  # recorded, reported as an error count; never silently dropped
        outcome.error = f"{type(exc).__name__}: {exc}"
    outcome.ms = round((time.perf_counter() - started) * 1000, 1)
    outcome.leaks = find_leaks(outcome.answers, attack.leak)
    return outcome


async def run_suite(
    attacks: Sequence[Attack],
    methods: Sequence[Method],
    targets: Sequence[AttackTarget],
    *,
    subject: str = "knowledge",
    concurrency: int = 2,
    progress: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Every attack against every method. Methods run one after another on the same attack, which keeps
    results for one attack together and lets an interrupted run still compare methods on what it did."""
    by_name = {t.name: t for t in targets}
    gate = asyncio.Semaphore(concurrency)

    async def one(attack: Attack) -> list[Outcome]:
        async with gate:
            outs = []
            for method in methods:
                out = await run_attack(method, attack, by_name.get(attack.target), subject)
                outs.append(out)
                if progress:
                    progress(out)
            return outs

    results = await asyncio.gather(*(one(a) for a in attacks))
    return [o for outs in results for o in outs]


# ---------------------------------------------------------------------------------------------- report


def cell(outs: Sequence[Outcome]) -> dict[str, float | int | None]:
    """{leaks, n, rate, errors, refusals} of attempts: ``n`` and ``rate`` count the answered attempts only
    (an attempt that failed with an error is no evidence either way); ``rate`` is None when none was."""
    ok = [o for o in outs if o.error is None]
    leaks = sum(o.leaked for o in ok)
    return {
        "leaks": leaks,
        "n": len(ok),
        "rate": round(leaks / len(ok), 4) if ok else None,
        "errors": len(outs) - len(ok),
        "refusals": sum("refuse" in o.paths for o in ok),
    }


def leak_table(outcomes: Sequence[Outcome]) -> dict[str, dict[str, dict[str, float | int | None]]]:
    """{family: {method: {leaks, n, rate, errors, refusals}}} plus an ``all`` row (see :func:`cell`)."""
    cells: dict[str, dict[str, list[Outcome]]] = defaultdict(lambda: defaultdict(list))
    for o in outcomes:
        cells[o.family][o.method].append(o)
        cells["all"][o.method].append(o)
    order = [f for f in [*FAMILIES, "all"] if f in cells]
    return {family: {method: cell(outs) for method, outs in cells[family].items()} for family in order}


def failed_methods(table: dict[str, dict[str, dict[str, Any]]]) -> list[str]:
    """The methods none of whose attempts came back without an error."""
    return [m for m, c in table.get("all", {}).items() if c["n"] == 0 and c["errors"]]


def cell_text(c: dict[str, Any] | None) -> str:
    """A table cell: "12.5% (1/8)", with ", 2 errors" when some attempts failed; "–" without a rate."""
    if not c:
        return "–"
    rate = "–" if c["rate"] is None else f"{c['rate']:.1%}"
    errors = f", {c['errors']} error{'s' * (c['errors'] != 1)}" if c["errors"] else ""
    return f"{rate} ({c['leaks']}/{c['n']}{errors})"


def markdown(table: dict[str, dict[str, dict[str, Any]]], methods: Sequence[str]) -> str:
    head = "| attack family | " + " | ".join(methods) + " |"
    rule = "| --- | " + " | ".join("---:" for _ in methods) + " |"
    rows = []
    for family, cols in table.items():
        label = f"**{family}**" if family == "all" else family
        rows.append(f"| {label} | " + " | ".join(cell_text(cols.get(m)) for m in methods) + " |")
    return "\n".join([head, rule, *rows])


def first_errors(outcomes: Sequence[Outcome]) -> dict[str, str]:
    """{method: the first error message} of the methods that had errors."""
    out: dict[str, str] = {}
    for o in outcomes:
        if o.error is not None:
            out.setdefault(o.method, o.error)
    return out


def timing(outcomes: Sequence[Outcome]) -> dict[str, dict[str, float]]:
    per: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        per[o.method].append(o)
    return {
        m: {
            "mean_ms": round(sum(o.ms for o in outs) / len(outs), 1),
            "llm_calls_per_attack": round(sum(o.llm_calls for o in outs) / len(outs), 2),
            "tokens_per_attack": round(
                sum(o.prompt_tokens + o.completion_tokens for o in outs) / len(outs), 1
            ),
        }
        for m, outs in per.items()
    }


def summary(outcomes: Sequence[Outcome], meta: dict[str, Any]) -> dict[str, Any]:
    """The report: ``meta``, the leak table, timing, and the first error of each method that had errors."""
    return {
        **meta,
        "leak_rate": leak_table(outcomes),
        "timing": timing(outcomes),
        "first_errors": first_errors(outcomes),
    }


def write_report(
    out_dir: Path, outcomes: Sequence[Outcome], methods: Sequence[str], meta: dict[str, Any]
) -> dict[str, Any]:
    """``results.jsonl`` (every outcome), ``report.json`` and ``report.md`` in ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / "results.jsonl").open("w", encoding="utf-8") as fh:
        for o in outcomes:
            fh.write(o.model_dump_json() + "\n")
    report = summary(outcomes, meta)
    (out_dir / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    lines = [
        "# alu attack suite",
        "",
        f"Subject: {meta.get('subject')} ({meta.get('model')}); {meta.get('judges')}; "
        f"targets: {meta.get('targets')} "
        f"({meta.get('n_targets')}); seed {meta.get('seed')}; {meta.get('n_attacks')} attacks.",
        "",
        "Leak rate (lower is better): share of the answered attacks whose answers contain the target's name "
        "or alias, a forgotten answer string, or (chaining) all parts of the name across turns. Attacks that "
        "failed with an error are left out of the rate and counted apart.",
        "",
        markdown(report["leak_rate"], methods),
        "",
        *[f"- errors of **{m}**: {e}" for m, e in report["first_errors"].items()],
        "",
        f"Command: `{meta.get('command')}`",
        "",
    ]
    (out_dir / "report.md").write_text("\n".join(lines), encoding="utf-8")
    return report


# --------------------------------------------------------------------------------------------- targets


def load_targets(spec: str, data_dir: str | None = None) -> list[AttackTarget]:
    """Targets by spec: ``tofu:<split>`` (TOFU forget authors, default split forget01), ``wpu`` (the WPU
    forget_100 people; names only), or a JSON / JSON-lines file of ``{name, aliases, description, facts,
    secrets}`` (any other target file alu reads: names, aliases and descriptions only)."""
    from alu.eval import attacks, datasets

    if spec == "tofu" or spec.startswith("tofu:"):
        split = spec.partition(":")[2] or "forget01"
        return [attacks.from_author(a) for a in datasets.tofu_authors(split, data_dir)]
    if spec == "wpu":
        return [
            AttackTarget(
                name=name, description=f"{name}, a real person whose facts are to be forgotten (WPU)."
            )
            for name in datasets.load_wpu_names(data_dir)
        ]
    path = Path(spec).expanduser()
    if not path.exists():
        raise ValueError(f"targets {spec!r}: not tofu:<split>, wpu, or an existing file")
    text = path.read_text(encoding="utf-8")
    stripped = text.lstrip()
    if path.suffix in (".json", ".jsonl") or stripped.startswith(("[", "{")):
        rows = (
            json.loads(text)
            if stripped.startswith("[")
            else [json.loads(x) for x in text.splitlines() if x.strip()]
        )
        return [attacks.from_dict(r if isinstance(r, dict) else {"name": r}) for r in rows]
    from alu.target_files import parse_targets

    parsed = parse_targets(path)
    return [attacks.from_dict(t.model_dump()) for _, t in parsed.targets]
