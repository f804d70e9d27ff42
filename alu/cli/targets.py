"""`alu targets …`: manage the forget store."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from alu.cli.common import (
    check_utf8,
    fail,
    handle_errors,
    make_unlearner,
    open_store,
    print_json,
    print_json_targets,
    progress_bar,
    read_store,
    require_store,
    status,
    stderr,
    stdout,
    to_terminal,
)
from alu.gc_pause import gc_paused
from alu.types import Target

if TYPE_CHECKING:  # imported lazily at run time (keeps the cold commands fast)
    from alu.store import AddReport

app = typer.Typer(
    help="Manage forget targets: people, works, topics or facts alu must behave as if it never knew.",
    no_args_is_help=True,
)

TABLE_ROWS = 50
"""Targets `alu targets list` shows on a terminal by default (a rich table of 10,000 rows takes 10 s)."""
JARGON_SHOWN = 12
"""A topic's jargon words `alu targets show` lists, the heaviest first."""


JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout.")]


def _quoted(text: str) -> str:
    """A user's text (a name, an error quoting one) quoted and escaped for rich: `Foo [/] Bar` is a name, not
    markup (unescaped it crashed the command after the store was written, or vanished from the line)."""
    return escape(repr(text))


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
    example: Annotated[
        list[str] | None,
        typer.Option(
            "--example", "-e", help="A text that reveals the target: a question, a fact (repeatable)."
        ),
    ] = None,
    document: Annotated[
        list[Path] | None,
        typer.Option(
            "--document",
            help="A UTF-8 text file about the target, or a folder of them (.txt, .md, .rst), cut into"
            " sentences (repeatable).",
        ),
    ] = None,
    key: Annotated[
        list[str] | None,
        typer.Option(
            "--key", "-k", help="An identifying key: a role, title, character, jargon (repeatable)."
        ),
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="entity or topic (default: guessed from the name).")
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace a stored target of that name instead of merging.")
    ] = False,
    requested_by: Annotated[
        str, typer.Option(help="Who asked for the erasure; kept in the target's erasure record.")
    ] = "",
    reference: Annotated[str, typer.Option(help="The request's ticket or case id.")] = "",
    json_out: JsonOpt = False,
) -> None:
    """Add one target, or merge new aliases, description, examples and documents into the stored one; the
    request is recorded in the target's history either way (`alu targets report NAME`).

    Examples and document chunks become vectors of the target; a decision fitted on them against generic
    questions tells screening when a text reveals it (see `alu targets show NAME`).

    Example: alu targets add "Severus Snape" -a Snape -d "Hogwarts potions master" -e "Who killed Dumbledore?"

    Example: alu targets add "Oskana Threlvik" --document bios/ --requested-by legal --reference GDPR-1142
    """
    texts = [name, description, requested_by, reference, *(alias or []), *(tag or []), *(example or [])]
    for text in texts + (key or []):
        check_utf8(text, f"{text.encode('utf-8', 'backslashreplace').decode()!r}")
    for path in document or []:
        if not path.exists():
            raise typer.BadParameter(f"no such file or folder: {path}", param_hint="--document")
    with status("opening the store"):
        u = make_unlearner(ctx, embedding=True)
    item = {
        "name": name,
        "aliases": alias or [],
        "description": description,
        "tags": tag or [],
        "examples": example or [],
        "documents": [str(p) for p in document or []],
        "keys": key or [],
        "kind": kind,
        "requested_by": requested_by,
        "reference": reference,
    }
    expanding = ", expanding it" if u.settings.expands_on_forget else ""
    with status(f"adding {name!r}: embedding its texts, fitting its decision{expanding}"):
        report = u.forget_many([item], replace=replace)
    _say_added(report.stored[0].name if report.stored else name, report, json_out)  # the name as stored
    _fail_if_not_expanded(report.not_expanded)


def _say_added(name: str, report: AddReport, json_out: bool) -> None:
    """What `add` did to the target: added, merged into, replaced, or nothing new; and whether it was
    expanded."""
    outcome = report.outcome(report.written[0]) if report.written else "unchanged"
    if json_out:
        print_json(
            {
                "outcome": outcome,
                "added": report.added,
                "skipped": report.skipped,
                "expanded": report.expanded,
                "not_expanded": report.not_expanded,
            }
        )
    else:
        said = {"added": "added", "merged": "merged new material into", "replaced": "replaced"}
        shown = _quoted(name)
        stderr.print(f"{said[outcome]} {shown}" if outcome in said else f"{shown} was already a target")
        if report.expanded:
            stderr.print(f"expanded {shown} (see `alu targets show`)", highlight=False)


def _fail_if_not_expanded(failed: dict[str, str]) -> None:
    """Targets whose expansion failed are stored, unexpanded: said on stderr, and the command exits 1."""
    for name, why in failed.items():
        shown = _quoted(name)
        stderr.print(
            f"[red]{shown} is stored but was not expanded[/]: {escape(why)}"
            f" (retry: alu targets expand {shown})",
            highlight=False,
        )
    if failed:
        raise typer.Exit(1)


@app.command()
@handle_errors
def expand(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="Target to expand (omit with --all).")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Expand every target not expanded yet.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Expand again targets expanded before.")] = False,
    json_out: JsonOpt = False,
) -> None:
    """Propose aliases, identifying keys and 20-50 probe questions for a target and store them (marked as
    generated; see `alu targets show NAME`). With an agent model that can judge (--agent-model) the
    expansion agent proposes them; with the embedded model the offline extractor takes keys from the
    target's own texts and turns its sentences into probes ('She wrote The Salt Atlas.' -> 'Who wrote The
    Salt Atlas?').

    Example: alu targets expand "Severus Snape"   (or: alu --agent-model openai/gpt-4o targets expand --all)
    """
    if (name is None) == (not all_):
        raise typer.BadParameter("give a target NAME or --all (not both)")
    require_store(ctx)
    with status("opening the store"):
        u = make_unlearner(ctx)
    doing = "asking the agent model for" if u.settings.llm_judges else "extracting"
    with progress_bar(transient=True) as progress:
        total = 1 if name else u.store.count()
        task = progress.add_task(f"expanding ({doing} aliases, keys and probes)", total=total)
        results = u.expand(name, force=force, progress=lambda n: progress.update(task, completed=n))
    failed = {r.name: r.error for r in results if r.by == "failed"}
    rows = [
        {"name": r.name, "by": r.by, "aliases": r.aliases, "keys": r.keys, "probes": r.probes}
        if r.by != "failed"
        else {"name": r.name, "by": r.by, "error": r.error}
        for r in results
    ]
    if json_out:
        print_json(rows)
    else:
        for r in rows:
            if r["by"] == "cached":
                stderr.print(f"{_quoted(r['name'])}: expanded before (--force to redo)", highlight=False)
            elif r["by"] != "failed":  # failures: below
                added = f"{len(r['aliases'])} aliases, {len(r['keys'])} keys, {len(r['probes'])} probes"
                stderr.print(f"{_quoted(r['name'])}: {added} by the {r['by']}", highlight=False)
    _fail_if_not_expanded(failed)


@app.command()
@handle_errors
def show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Name (any case/accents) or id of the target.")],
    json_out: JsonOpt = False,
) -> None:
    """Print everything alu holds for a target, with provenance: names, keys, every text screening searches
    (description sentences, examples, document chunks, probes) and the fitted decision.

    Example: alu targets show "Severus Snape"   (or: alu targets show "severus snape" --json)
    """
    from alu.entity_decision import load_decision
    from alu.feats import achieved_by
    from alu.keys import names_a_world
    from alu.other_names import other_names
    from alu.positions import held_by
    from alu.text import normalize

    check_utf8(name, "the name")
    require_store(ctx)
    with status("opening the store"):
        u = make_unlearner(ctx)
        target = u.store.get(name)
    if target is None:
        raise fail(f"no forget target named {name!r}")
    rows = u.store.knowledge(target.id)
    decision = load_decision(target.decision)
    held = {
        **target.model_dump(mode="json", exclude={"examples", "documents", "probes"}),
        "id": target.id,
        "key_roles": target.key_roles,
        "names_a_world": names_a_world(target),
        "positions": [p.phrase for p in held_by(target)],
        "lead": target.lead,
        "other_names": other_names(target),
        "feats": [f.phrase for f in achieved_by(target)],
        "texts": [{"source": r.source, "provenance": r.provenance, "text": r.text} for r in rows],
        "decision": None
        if decision is None
        else {
            "nearest_threshold": decision.threshold,
            "probe": decision.weights is not None,
            "probe_threshold": decision.probe_threshold,
            "stacked_threshold": decision.stack_threshold if decision.stack is not None else None,
            "outer_threshold": decision.outer_threshold if getattr(decision, "outer", None) else None,
            **_jargon_shown(decision),
            **decision.stats,
        },
    }
    if json_out:
        print_json(held)
        return
    kind = target.kind
    if kind == "entity" and held["names_a_world"]:
        kind = "entity, a work: its world's names count like a topic's"
    stdout.print(f"[bold]{escape(target.name)}[/] ({kind}, {target.id})", highlight=False)
    generated = set(target.generated)
    roles = {
        normalize(k): f"{k} (as {'/'.join(r)})"
        for k in target.extracted_keys
        if (r := target.key_roles.get(normalize(k)))
    }
    for label, values in (
        ("aliases", target.aliases),
        ("keys", target.keys),
        ("extracted keys", [roles.get(normalize(k), k) for k in target.extracted_keys]),
        ("named by its positions", held["positions"]),
        ("other names in its description", held["other_names"]),
        ("named by its feats", held["feats"]),
        ("credits (named as their work: 'Coppola's 1972 film')", target.credited),
        ("tags", target.tags),
    ):
        if values:
            marked = [f"{v} (generated)" if v in generated else v for v in values]
            stdout.print(f"{label}: {escape(', '.join(marked))}", highlight=False)
    if target.description:
        stdout.print(f"description: {escape(target.description)}", highlight=False)
    if target.lead:
        stdout.print(f"first document opens: {escape(target.lead)}", highlight=False)
    table = Table("source", "provenance", "text", title=f"{len(rows)} texts screened by similarity")
    for r in rows:
        shown = r.text if len(r.text) <= 160 else r.text[:157] + "..."
        table.add_row(escape(r.source), escape(r.provenance), escape(shown))
    stdout.print(table)
    stdout.print(f"decision: {escape(str(held['decision']))}", highlight=False)


@app.command("import")
@handle_errors
def import_(
    ctx: typer.Context,
    path: Annotated[
        Path,
        typer.Argument(
            help="JSON, JSONL, CSV (header: name and optionally kind, aliases, description, tags, examples,"
            " documents, keys, probes, requested_by, reference; list cells as a|b or a JSON list) or .txt"
            " (one name per line)."
        ),
    ],
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="json|jsonl|csv|txt (default: from the extension).")
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """Import targets from a file. Valid rows are added even when some rows are invalid; invalid rows are
    listed with their line numbers and the command exits with code 1. Re-importing adds nothing new.

    Example: alu targets import erasures.csv   (or: alu targets import names.txt --json)
    """
    from alu.target_files import parse_targets

    parsed = parse_targets(path, fmt)
    with status("opening the store"):
        u = make_unlearner(ctx, embedding=True)
    items = [t for _, t in parsed.targets]
    with progress_bar(transient=True) as progress:
        task = progress.add_task("importing", total=len(items))
        report = u.forget_many(
            items, progress=lambda done: progress.update(task, completed=done), expand=False
        )
    if u.settings.expands_on_forget and report.stored:
        with progress_bar(transient=True) as progress:
            task = progress.add_task("expanding", total=len(report.stored))
            results = u.expand(
                [t.name for t in report.stored], progress=lambda n: progress.update(task, completed=n)
            )
        report.note_expansions(results)
    summary = {
        "added": len(report.added),
        "skipped": len(report.skipped),
        "expanded": len(report.expanded),
        "not_expanded": report.not_expanded,
        "invalid": [{"line": line, "error": why} for line, why in parsed.invalid],
    }
    if json_out:
        print_json(summary)
    else:
        expanded = f", {summary['expanded']} expanded" if report.expanded else ""
        stderr.print(
            f"{summary['added']} added, {summary['skipped']} already present{expanded}, "
            f"{len(parsed.invalid)} invalid"
        )
        for line, why in parsed.invalid:
            stderr.print(f"  [red]line {line}[/]: {escape(why)}", highlight=False)
    _fail_if_not_expanded(report.not_expanded)
    if parsed.invalid:
        raise typer.Exit(1)


@app.command()
@handle_errors
def reembed(ctx: typer.Context, json_out: JsonOpt = False) -> None:
    """Embed a store written by an earlier alu again with this alu's embedder and refit every target's
    decision (needed once when alu's embedder changes: alu refuses to screen against stale vectors). Retain
    examples given when targets were added are not stored, so decisions are refitted without them.

    Example: alu --store ~/.alu/store targets reembed
    """
    require_store(ctx)
    with status("opening the store"):
        store = open_store(ctx, other_embedder_ok=True)
        total = store.count()
    with progress_bar(transient=True) as progress:
        task = progress.add_task("re-embedding", total=total)
        done = store.reembed(progress=lambda n: progress.update(task, completed=n))
    if json_out:
        print_json({"reembedded": done, "embedder": store.embedder()})
    else:
        stderr.print(f"{done} targets embedded again by {store.embedder()}")


@app.command("list")
@handle_errors
def list_(
    ctx: typer.Context,
    json_out: JsonOpt = False,
    limit: Annotated[
        int, typer.Option(help="On a terminal, show at most this many targets in the table (0: all).")
    ] = TABLE_ROWS,
) -> None:
    """List every target, sorted by name.

    On a terminal: a table of the first --limit targets. Piped or redirected: every target, one per line,
    tab-separated: name, aliases, description, tags (lists joined by ", "), ready for grep, cut or wc.
    --json: every field of every target's row; its examples, document chunks and probes live with its
    vectors and are left out (reading them cost a 10,000-target store 0.4 s): `alu targets export` and
    `alu targets show NAME` give them.

    Example: alu targets list | grep -i snape"""
    with gc_paused():  # 10,000 targets: the collector would walk them all, again and again
        with status("reading the targets"):
            by_id = sorted(read_store(ctx).snapshot().items(), key=lambda item: item[1].name.casefold())
        if json_out:
            print_json_targets(by_id, exclude=KNOWLEDGE_FIELDS)
        elif not to_terminal():
            sys.stdout.write("".join(_plain_line(t) for _, t in by_id))
        else:
            _print_table([t for _, t in by_id], limit)


KNOWLEDGE_FIELDS = {"examples", "documents", "probes"}
"""Fields whose texts are stored as the target's vectors, not in its row: empty in a row read alone."""


def _plain_line(target: Target) -> str:
    fields = (target.name, ", ".join(target.aliases), target.description, ", ".join(target.tags))
    return "\t".join(" ".join(f.split()) for f in fields) + "\n"


def _print_table(targets: list[Target], limit: int) -> None:
    shown = targets[:limit] if limit > 0 else targets
    table = Table("name", "aliases", "description", "tags", title=f"{len(targets)} forget targets")
    for t in shown:
        cells = (t.name, ", ".join(t.aliases), t.description[:80], ", ".join(t.tags))
        table.add_row(*map(escape, cells))
    stdout.print(table)
    if len(shown) < len(targets):
        stderr.print(
            f"[dim]{len(targets) - len(shown):,} more not shown: --limit 0 shows all, "
            "`alu targets list | less` one line each, --json every field[/]",
            highlight=False,
        )


@app.command()
@handle_errors
def remove(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(help="Name of the target (any case or spacing), or its id with --id.")
    ],
    by_id: Annotated[
        bool, typer.Option("--id", help="NAME is a target id, as `targets list --json` shows them.")
    ] = False,
    json_out: JsonOpt = False,
) -> None:
    """Withdraw a target: alu answers about it normally again.

    Example: alu targets remove "Severus Snape"   (or: alu targets remove --id ID)
    """
    check_utf8(name, "the name")
    require_store(ctx)
    with status("opening the store"):
        u = make_unlearner(ctx)
    target = u.withdraw(id=name) if by_id else u.withdraw(name)  # not stored: one line, exit 1
    if json_out:
        print_json({"removed": target.name})
    else:
        stderr.print(f"removed {_quoted(target.name)}")


@app.command()
@handle_errors
def count(ctx: typer.Context, json_out: JsonOpt = False) -> None:
    """How many targets the store holds.

    Example: alu targets count   (or: alu --store /srv/alu/store targets count --json)
    """
    n = read_store(ctx).count()
    print_json({"count": n}) if json_out else stdout.print(n)


@app.command()
@handle_errors
def export(
    ctx: typer.Context,
    path: Annotated[Path | None, typer.Argument(help="Output file (default: stdout).")] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="json|jsonl|csv|txt (default: from the file's extension, as `import` reads it; else jsonl).",
        ),
    ] = None,
) -> None:
    """Export every target (re-importable; JSON and JSONL carry examples, document chunks and probes).

    Example: alu targets export backup.jsonl   (or: alu targets export -f csv > targets.csv)
    """
    from alu.target_files import dump_targets, export_format

    fmt = export_format(path, fmt)
    if path is not None:
        refuse_directory(path)
    with status("reading the targets"):
        targets = read_store(ctx).all()
        if any(t.decision for t in targets):  # examples, chunks and probes live in the vectors collection
            targets = open_store(ctx).with_knowledge(targets)
    text = dump_targets(targets, fmt)
    if path is None:
        typer.echo(text, nl=False)
    else:
        write_atomically(path, text)
        stderr.print(f"wrote {escape(str(path))}", highlight=False)


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

    if out is not None:
        refuse_directory(out)
    require_store(ctx)
    with status("reading the store and the records"):
        data = erasure.of(make_unlearner(ctx), name)
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n" if json_out else erasure.render(data, fmt)
    if out is None:
        typer.echo(text, nl=False)
    else:
        write_atomically(out, text)
        stderr.print(f"wrote {escape(str(out))}", highlight=False)


def refuse_directory(path: Path) -> None:
    """An output path that is a directory, or in a folder that does not exist, refused before any work
    (writing it failed only at the end, with a raw `[Errno 21]`, or an error naming the internal `.tmp`
    file)."""
    if path.is_dir():
        raise fail(f"{path} is a directory: give the path of a file to write")
    if not path.parent.is_dir():
        raise fail(f"cannot write {path}: there is no folder {path.parent}")


def write_atomically(path: Path, text: str) -> None:
    """Never leave a half-written file behind, nor the temporary file when writing fails."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise


def _jargon_shown(decision: Any) -> dict[str, Any]:
    """A topic's jargon part as `targets show` prints it: its cuts and its strongest words."""
    jargon = getattr(decision, "jargon", None)
    if jargon is None:
        return {}
    return {
        "jargon_threshold": decision.jargon_threshold if decision.jargon_threshold < float("inf") else None,
        "jargon_gate": decision.jargon_gate,
        "jargon_words": jargon.strongest(JARGON_SHOWN),
    }
