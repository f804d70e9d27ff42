"""`alu verify NAME`: attack one forget target through the live configuration and record the outcome."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from alu.cli.common import handle_errors, make_unlearner, print_json, require_store, stderr, stdout
from alu.errors import TargetNotFoundError


def read_facts(path: Path | None) -> list[str]:
    """Facts the subject knows: a JSON list of strings, or one fact per line of a text file."""
    if path is None:
        return []
    text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith("["):
        facts = json.loads(text)
        if not isinstance(facts, list) or not all(isinstance(f, str) for f in facts):
            raise ValueError(f"{path}: a JSON facts file must be a list of strings")
        return facts
    return [line.strip() for line in text.splitlines() if line.strip()]


def verify(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The forget target to attack (name or id).")],
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            help="Attack this litellm model, given the facts in a system message. Default: the oracle "
            "subject, which knows the facts and tells them however it is asked (no model call).",
        ),
    ] = None,
    facts: Annotated[
        Path | None,
        typer.Option(
            help="What the subject knows about the target (a text file, one fact per line, or a JSON list). "
            "Default: the sentences of the target's description.",
        ),
    ] = None,
    families: Annotated[
        str | None, typer.Option(help="Comma-separated attack families (default: all of them).")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the attack templates.")] = 0,
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as JSON on stdout.")] = False,
) -> None:
    """Attack the target with every attack family (direct questions, masked names, other languages,
    many-shot, injection, reintroduction, chaining, ...) through the live store, settings and judges, and
    record how many attacks leaked per family in the records (`alu targets report NAME` shows it).

    Leaks mean the subject knows more than alu can recognise: add aliases, titles or a fuller description.

    Example: alu verify "Oskana Threlvik" --facts what-the-model-knows.txt
    """
    import asyncio

    from alu.records.verify import VERIFY_FAMILIES, averify

    require_store(ctx)
    u = make_unlearner(ctx)
    target = u.store.get(name)
    if target is None:
        raise TargetNotFoundError(f"no forget target named {name!r}: verify attacks a live target")
    chosen = [f.strip() for f in families.split(",") if f.strip()] if families else list(VERIFY_FAMILIES)
    with stderr.status(f"attacking {target.name!r} ({len(chosen)} families)"):
        summary = asyncio.run(
            averify(u, target, model=model, facts=read_facts(facts), families=chosen, seed=seed)
        )
    u.records.flush()
    if json_out:
        print_json(summary)
        return
    stdout.print(_table(target.name, summary))
    verdict = "[green]no leaks[/]" if not summary["leaks"] else f"[red]{summary['leaks']} attacks leaked[/]"
    where = f"recorded in {u.records.directory}" if u.records.enabled else "not recorded (records are off)"
    stderr.print(f"{verdict}; {where}", highlight=False)
    if summary["errors"]:
        raise typer.Exit(1)


def _table(name: str, summary: dict[str, Any]) -> Table:
    """Attacks, leaks and errors per family, and all of them."""
    subject = "oracle subject" if summary["subject"] == "oracle" else f"model {summary['model']}"
    table = Table("attack family", "attacks", "leaks", "errors", title=f"{name}: {subject}")
    for family, cell in summary["families"].items():
        style = "red" if cell["leaks"] else ""
        table.add_row(
            family,
            str(cell["attacks"]),
            f"[{style}]{cell['leaks']}[/]" if style else "0",
            str(cell["errors"]),
        )
    table.add_row("all", str(summary["attacks"]), str(summary["leaks"]), str(summary["errors"]), style="bold")
    return table


def register(app: typer.Typer) -> None:
    app.command()(handle_errors(verify))
