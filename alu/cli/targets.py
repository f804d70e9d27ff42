"""`alu targets …`: manage the forget store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from alu.cli.common import handle_errors, make_unlearner, print_json, read_store, status, stderr, stdout
from alu.errors import TargetNotFoundError

app = typer.Typer(
    help="Manage forget targets: people, works, topics or facts alu must behave as if it never knew.",
    no_args_is_help=True,
)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout.")]


@app.command()
@handle_errors
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Canonical name, e.g. 'Severus Snape'.")],
    alias: Annotated[
        list[str] | None, typer.Option("--alias", "-a", help="Another name (repeatable).")
    ] = None,
    description: Annotated[str, typer.Option("--description", "-d", help="What the target is.")] = "",
    tag: Annotated[list[str] | None, typer.Option("--tag", "-t", help="Free label (repeatable).")] = None,
    requested_by: Annotated[
        str, typer.Option(help="Who asked for the erasure; kept in the target's erasure record.")
    ] = "",
    reference: Annotated[str, typer.Option(help="The request's ticket or case id.")] = "",
    json_out: JsonOpt = False,
) -> None:
    """Add one target. Adding the same name again changes nothing in the store; the request is recorded
    in the target's history either way (`alu targets report NAME`)."""
    with status("opening the store"):
        u = make_unlearner(ctx)
    report = u.forget_many(
        [
            {
                "name": name,
                "aliases": alias or [],
                "description": description,
                "tags": tag or [],
                "requested_by": requested_by,
                "reference": reference,
            }
        ]
    )
    if json_out:
        print_json({"added": report.added, "skipped": report.skipped})
    else:
        stderr.print(f"added {name!r}" if report.added else f"{name!r} was already a target")


@app.command("import")
@handle_errors
def import_(
    ctx: typer.Context,
    path: Annotated[
        Path,
        typer.Argument(
            help="JSON, JSONL, CSV (header: name and optionally aliases,description,tags,requested_by,"
            "reference) or .txt."
        ),
    ],
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="json|jsonl|csv|txt (default: from the extension).")
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """Import targets from a file. Valid rows are added even when some rows are invalid; invalid rows are
    listed with their line numbers and the command exits with code 1. Re-importing adds nothing new."""
    from alu.target_files import parse_targets

    parsed = parse_targets(path, fmt)
    with status("opening the store"):
        u = make_unlearner(ctx)
    items = [t for _, t in parsed.targets]
    with _progress() as progress:
        task = progress.add_task("importing", total=len(items))
        report = u.forget_many(items, progress=lambda done: progress.update(task, completed=done))
    summary = {
        "added": len(report.added),
        "skipped": len(report.skipped),
        "invalid": [{"line": line, "error": why} for line, why in parsed.invalid],
    }
    if json_out:
        print_json(summary)
    else:
        stderr.print(
            f"{summary['added']} added, {summary['skipped']} already present, {len(parsed.invalid)} invalid"
        )
        for line, why in parsed.invalid:
            stderr.print(f"  [red]line {line}[/]: {why}", highlight=False)
    if parsed.invalid:
        raise typer.Exit(1)


@app.command("list")
@handle_errors
def list_(ctx: typer.Context, json_out: JsonOpt = False) -> None:
    """List every target."""
    targets = sorted(read_store(ctx).all(), key=lambda t: t.name.casefold())
    if json_out:
        print_json([{"id": t.id, **t.model_dump(mode="json")} for t in targets])
        return
    table = Table("name", "aliases", "description", "tags", title=f"{len(targets)} forget targets")
    for t in targets:
        table.add_row(t.name, ", ".join(t.aliases), t.description[:80], ", ".join(t.tags))
    stdout.print(table)


@app.command()
@handle_errors
def remove(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(help="Name of the target (any case or spacing), or its id with --id.")
    ],
    by_id: Annotated[
        bool, typer.Option("--id", help="NAME is a target id (t-…, as `targets list --json` shows).")
    ] = False,
    json_out: JsonOpt = False,
) -> None:
    """Withdraw a target: alu answers about it normally again.

    Example: alu targets remove "Severus Snape"   (or: alu targets remove --id t-3f2a…)
    """
    try:
        with status("opening the store"):
            u = make_unlearner(ctx)
        target = u.withdraw(id=name) if by_id else u.withdraw(name)
    except TargetNotFoundError as exc:
        raise typer.BadParameter(str(exc)) from None
    if json_out:
        print_json({"removed": target.name})
    else:
        stderr.print(f"removed {target.name!r}")


@app.command()
@handle_errors
def count(ctx: typer.Context, json_out: JsonOpt = False) -> None:
    """How many targets the store holds."""
    n = read_store(ctx).count()
    print_json({"count": n}) if json_out else stdout.print(n)


@app.command()
@handle_errors
def export(
    ctx: typer.Context,
    path: Annotated[Path | None, typer.Argument(help="Output file (default: stdout).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="json|jsonl|csv|txt")] = "jsonl",
) -> None:
    """Export every target (re-importable)."""
    from alu.target_files import dump_targets

    text = dump_targets(read_store(ctx).all(), fmt)
    if path is None:
        typer.echo(text, nl=False)
    else:
        write_atomically(path, text)
        stderr.print(f"wrote {path}")


@app.command()
@handle_errors
def report(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Target name or id (it may be withdrawn already).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="md or html (a self-contained page).")] = "md",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write to this file (default: stdout).")
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """The erasure report: who requested it and when, its history (forgotten, requested, withdrawn), the
    latest `alu verify` with leaks per attack family, and how many calls revealed it since.

    Example: alu targets report "Oskana Threlvik" -f html -o report.html
    """
    from alu.records import report as erasure

    data = erasure.of(make_unlearner(ctx), name)
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n" if json_out else erasure.render(data, fmt)
    if out is None:
        typer.echo(text, nl=False)
    else:
        write_atomically(out, text)
        stderr.print(f"wrote {out}")


def write_atomically(path: Path, text: str) -> None:
    """Never leave a half-written file behind."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
    )
