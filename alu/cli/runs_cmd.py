"""`alu runs list|show|stats|purge`: read the decision log (every call alu answered, audited or failed)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from alu.cli.common import fail, globals_of, handle_errors, print_json, stderr, stdout, to_terminal

app = typer.Typer(
    help="The decision log: one row per call (time, entry point, model, path, revealed targets, nodes, "
    "calls, tokens, ms, error). No query or answer text unless log_content is on. Rows of every replica file "
    "in the records directory are read together.",
    no_args_is_help=True,
)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout.")]
SinceOpt = Annotated[
    str | None, typer.Option(help="From this time: 2026-11-30, 2026-11-30T01:00 (UTC), or 90m/24h/7d/2w ago.")
]
UntilOpt = Annotated[str | None, typer.Option(help="Before this time (same forms as --since).")]
PathOpt = Annotated[
    str | None, typer.Option("--path", help="Only calls that ended fast, rewrite or refuse (or: error).")
]
TargetOpt = Annotated[
    str | None,
    typer.Option("--target", help="Only calls that revealed this target or had it in play (name or id)."),
]
EntryOpt = Annotated[
    str | None, typer.Option("--entry", help="Only calls through sdk, cli, server, wrapper or guardrail.")
]
DirOpt = Annotated[
    Path | None,
    typer.Option("--dir", help="Records directory (default: the `records` setting, beside the store)."),
]


def records_directory(ctx: typer.Context, given: Path | None = None) -> Path:
    """The records directory of the current settings (no store is opened)."""
    from alu.config import Settings
    from alu.records.log import records_dir

    if given is not None:
        return given.expanduser()
    directory = records_dir(Settings(**globals_of(ctx).settings_overrides()))
    if directory is None:
        raise ValueError("the records are off (records=off): set ALU_RECORDS to a directory to keep them")
    return directory


def target_id_of(name_or_id: str) -> str:
    from alu.types import target_id

    return name_or_id if name_or_id.startswith("t-") else target_id(name_or_id)


def _filters(since: str | None, until: str | None, path: str | None, entry: str | None, target: str | None):
    from typing import get_args

    from alu.records.entry import EntryPoint
    from alu.records.query import Filters, parse_time

    if path and path not in ("fast", "rewrite", "refuse", "error"):
        raise typer.BadParameter(f"{path!r}: choose fast, rewrite, refuse or error", param_hint="--path")
    if entry and entry not in get_args(EntryPoint):
        raise typer.BadParameter(f"{entry!r}: choose {', '.join(get_args(EntryPoint))}", param_hint="--entry")
    return Filters(
        since=parse_time(since) if since else None,
        until=parse_time(until) if until else None,
        path=path,
        entry=entry,
        target=target_id_of(target) if target else None,
    )


@app.command("list")
@handle_errors
def list_(
    ctx: typer.Context,
    since: SinceOpt = None,
    until: UntilOpt = None,
    path: PathOpt = None,
    target: TargetOpt = None,
    entry: EntryOpt = None,
    limit: Annotated[int, typer.Option(min=1, help="Newest rows to show.")] = 50,
    directory: DirOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """The newest calls, newest first. On a terminal: a table. Piped or redirected: one call per line,
    tab-separated: id, UTC, entry, model, path, revealed, calls, tokens, ms, error.

    Example: alu runs list --since 24h --path refuse"""
    from alu.records import query

    where = records_directory(ctx, directory)
    rows = query.calls(where, _filters(since, until, path, entry, target), limit)
    if json_out:
        print_json(rows)
        return
    names = query.target_names(where)
    cells = [_call_cells(r, names) for r in rows]
    if not to_terminal():  # piped: one call per line, every cell whole, for grep, cut or wc
        sys.stdout.write("".join("\t".join(" ".join(c.split()) for c in row) + "\n" for row in cells))
        return
    stdout.print(_calls_table(cells, f"{len(rows)} calls · {where}", stdout.width))


CALL_COLUMNS = ("id", "UTC", "entry", "model", "path", "revealed", "calls", "tokens", "ms", "error")
NARROW = 110
"""Below this width `runs list` leaves calls and tokens out (`runs show ID` and --json have them): with them
rich cut every other cell to one letter and '…' on an 80-column terminal."""


def _call_cells(r: dict[str, Any], names: dict[str, str]) -> list[str]:
    """One call's cells, in CALL_COLUMNS order (also the order of the tab-separated lines)."""
    from alu.records.query import iso

    tokens = (r["prompt_tokens"] or 0) + (r["completion_tokens"] or 0)
    return [
        r["id"],
        iso(r["ts"])[5:19],  # MM-DD HH:MM:SS
        r["entry"],
        r["model"] or "",
        r["path"] or "-",
        ", ".join(names.get(t, t) for t in r["revealed"]),
        str(r["llm_calls"]),
        str(tokens),
        f"{r['ms']:.0f}",
        r["error"] or "",
    ]


def _calls_table(cells: list[list[str]], title: str, width: int) -> Table:
    """The calls as a table that fits `width`: short cells never wrap, long ones (model, revealed, error)
    fold onto more lines rather than being cut; the error column only when a call failed."""
    from rich import box

    dropped = {"calls", "tokens"} if width < NARROW else set()
    if not any(row[-1] for row in cells):
        dropped.add("error")
    keep = [i for i, c in enumerate(CALL_COLUMNS) if c not in dropped]
    table = Table(title=title, box=box.SIMPLE_HEAD, padding=0, pad_edge=False)  # one space between columns
    for i in keep:
        folds = CALL_COLUMNS[i] in ("model", "revealed", "error")
        table.add_column(CALL_COLUMNS[i], no_wrap=not folds, overflow="fold" if folds else "ellipsis")
    for row in cells:
        table.add_row(*(escape(row[i]) for i in keep))
    return table


@app.command()
@handle_errors
def show(
    ctx: typer.Context,
    run_id: Annotated[str, typer.Argument(help="Run id from `alu runs list` (a unique prefix is enough).")],
    directory: DirOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """One call in full: the nodes that ran with their outcomes, and the text when log_content was on.

    Example: alu runs show 3f2a9c1e --json
    """
    from alu.records import query

    where = records_directory(ctx, directory)
    row = query.call(where, run_id)
    if json_out:
        print_json(row)
        return
    names = query.target_names(where)
    table = Table(show_header=False, title=f"run {row['id']}")
    for key in (
        "ts",
        "entry",
        "model",
        "path",
        "llm_calls",
        "prompt_tokens",
        "completion_tokens",
        "ms",
        "error",
    ):
        value = query.iso(row[key]) if key == "ts" else row[key]
        table.add_row(key, "" if value is None else str(value))
    table.add_row("revealed", ", ".join(names.get(t, t) for t in row["revealed"]) or "-")
    table.add_row("in play", ", ".join(names.get(t, t) for t in row["in_play"]) or "-")
    table.add_row("nodes", "\n".join(f"{node}: {outcome}" for node, outcome in row["nodes"]))
    for key in ("query", "answer"):
        table.add_row(key, row[key] if row[key] is not None else "[dim](not logged: log_content is off)[/]")
    stdout.print(table)


@app.command()
@handle_errors
def stats(
    ctx: typer.Context,
    since: SinceOpt = None,
    until: UntilOpt = None,
    path: PathOpt = None,
    target: TargetOpt = None,
    entry: EntryOpt = None,
    by: Annotated[
        str, typer.Option(help="Time bucket of the interceptions: hour, day, week or month.")
    ] = "day",
    directory: DirOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Calls by path, entry point and error, and per target how often it was intercepted (a call revealed
    it and alu rewrote or refused) over time. Example: alu runs stats --since 30d --by week"""
    from alu.records import query

    where = records_directory(ctx, directory)
    data = query.stats(where, _filters(since, until, path, entry, target), by)
    if json_out:
        print_json(data)
        return
    stdout.print(_totals_table(data))
    buckets = sorted({b for t in data["interceptions"] for b in t["over_time"]})
    table = Table("target", "total", *buckets, title=f"interceptions per {by}")
    for t in data["interceptions"]:
        label = t["name"] or t["target_id"]
        table.add_row(label, str(t["total"]), *(str(t["over_time"].get(b, "")) for b in buckets))
    stdout.print(table)


def _totals_table(data: dict[str, Any]) -> Table:
    table = Table("", "calls", title=f"{data['calls']} calls · mean {data['mean_ms']:.0f} ms")
    for label, counts in (("path", data["by_path"]), ("entry", data["by_entry"]), ("error", data["errors"])):
        for key, n in sorted(counts.items(), key=lambda kv: -kv[1]):
            table.add_row(f"{label}: {key}", str(n))
    table.add_row("LLM calls", str(data["llm_calls"]))
    table.add_row("tokens", str(data["tokens"]))
    return table


@app.command()
@handle_errors
def purge(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Target name (any case) or id; it may be withdrawn already.")],
    directory: DirOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Delete the decision rows that revealed the target or had it in play, in every records file. Its
    history and verifications stay: they are the erasure record.

    Example: alu runs purge "Severus Snape"   (or: alu --store /srv/alu/store runs purge "severus snape")
    """
    from alu.config import Settings
    from alu.records.log import Records
    from alu.records.query import history

    settings = Settings(**globals_of(ctx).settings_overrides())
    records = Records(settings.model_copy(update={"records": str(records_directory(ctx, directory))}))
    deleted = records.purge(target_id_of(name))
    if not deleted and not history(records.directory, target_id_of(name)):
        # An alias or a misspelt name purges nothing: saying 'purged 0' would pass for an erasure done.
        raise fail(f"no records of a target named {name!r}: give the name it was forgotten by (not an alias)")
    if json_out:
        print_json({"purged": deleted, "target_id": target_id_of(name)})
    else:
        stderr.print(f"purged {deleted} decision rows of {name!r}")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="runs")
