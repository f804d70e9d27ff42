"""The erasure report of one target: request metadata and history, the latest verification with leaks per
attack family, and interceptions since it was forgotten. As a dict (JSON), markdown, or one self-contained
HTML page (inline CSS, no scripts, no external resources: it can be attached to a ticket or archived)."""

from __future__ import annotations

import html
import time
from pathlib import Path
from typing import Any

from alu.errors import RecordsError, TargetNotFoundError
from alu.records import query
from alu.types import Target, target_id


def of(unlearner: Any, name: str) -> dict[str, Any]:
    """The report of `name` from an Unlearner's records and store (rows still queued are written first)."""
    records = unlearner.records
    if not records.enabled:
        raise RecordsError("the records are off (records=off): there is nothing to report")
    records.flush()
    return build(records.directory, name, unlearner.store.get(name))


def build(directory: Path, name: str, current: Target | None = None) -> dict[str, Any]:
    """The report data. `current` is the live target (None when it was withdrawn or never added here)."""
    tid = current.id if current is not None else (name if name.startswith("t-") else target_id(name))
    events = query.history(directory, tid)
    if current is None and not events:
        raise TargetNotFoundError(f"no forget target and no records for {name!r} in {directory}")
    forgotten = [e for e in events if e["event"] == "forgotten"]
    since = forgotten[-1]["ts"] if forgotten else None
    checks = query.verifications(directory, tid)
    first = (forgotten or events or [{}])[0]
    return {
        "target_id": tid,
        "name": current.name if current is not None else events[-1]["name"],
        "status": "forgotten" if current is not None else "withdrawn" if events else "unknown",
        "aliases": current.aliases if current is not None else [],
        "requested_by": current.requested_by if current is not None else first.get("requested_by", ""),
        "reference": current.reference if current is not None else first.get("reference", ""),
        "history": [
            {
                "time": query.iso(e["ts"]),
                "event": e["event"],
                "requested_by": e["requested_by"],
                "reference": e["reference"],
            }
            for e in events
        ],
        "verification": _verification(checks[0]) if checks else None,
        "verifications": len(checks),
        "interceptions": query.interceptions(directory, tid, since),
        "generated": query.iso(time.time()),
    }


def _verification(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "time": query.iso(row["ts"]),
        "subject": row["subject"],
        "model": row["model"],
        "attacks": row["attacks"],
        "leaks": row["leaks"],
        "errors": row["errors"],
        "families": row["families"],
        "leaked": row["detail"].get("leaked", []),
        "facts": row["detail"].get("facts"),
        "seed": row["detail"].get("seed"),
    }


def _rows(report: dict[str, Any]) -> dict[str, list[list[str]]]:
    """The report's tables as plain cells, shared by markdown and HTML."""
    v = report["verification"]
    i = report["interceptions"]
    return {
        "request": [
            ["target", report["name"]],
            ["target id", report["target_id"]],
            ["status", report["status"]],
            ["aliases", ", ".join(report["aliases"]) or "-"],
            ["requested by", report["requested_by"] or "-"],
            ["reference", report["reference"] or "-"],
        ],
        "history": [
            [h["time"], h["event"], h["requested_by"] or "-", h["reference"] or "-"]
            for h in report["history"]
        ],
        "verification": (
            [
                [family, str(c["attacks"]), str(c["leaks"]), str(c["errors"])]
                for family, c in v["families"].items()
            ]
            + [["all", str(v["attacks"]), str(v["leaks"]), str(v["errors"])]]
            if v
            else []
        ),
        "interceptions": [[day, str(n)] for day, n in i["by_day"].items()],
    }


def _verification_line(report: dict[str, Any]) -> str:
    v = report["verification"]
    if v is None:
        return "Not verified yet: run `alu verify NAME`."
    subject = (
        "oracle subject (knows the facts and tells)" if v["subject"] == "oracle" else f"model {v['model']}"
    )
    if v.get("facts") is not None:
        subject += f", {plural(v['facts'], 'fact')} known, seed {v['seed']}"
    verdict = "no leaks" if v["leaks"] == 0 else f"{v['leaks']} of {v['attacks']} attacks leaked"
    if v["errors"]:
        verdict += f"; {plural(v['errors'], 'attack')} failed to run"
    return f"{v['time']}, {subject}: {verdict}."


def _interceptions_line(report: dict[str, Any]) -> str:
    i = report["interceptions"]
    since = f"since {query.iso(i['since'])}" if i["since"] else "in the log"
    paths = ", ".join(f"{p} {n}" for p, n in sorted(i["by_path"].items())) or "none"
    return f"{plural(i['total'], 'call')} revealed the target {since} (answered by: {paths})."


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


HEADS = {
    "history": ["time", "event", "requested by", "reference"],
    "verification": ["attack family", "attacks", "leaks", "errors"],
    "interceptions": ["day (UTC)", "intercepted calls"],
}


def markdown(report: dict[str, Any]) -> str:
    rows = _rows(report)

    def table(head: list[str], body: list[list[str]]) -> list[str]:
        esc = [[c.replace("|", "\\|") for c in r] for r in body]
        return [
            "| " + " | ".join(head) + " |",
            "|" + "---|" * len(head),
            *("| " + " | ".join(r) + " |" for r in esc),
        ]

    out = [f"# Erasure report: {report['name']}", "", f"Generated {report['generated']}.", ""]
    out += table(["", ""], rows["request"]) + ["", "## History", ""]
    out += table(HEADS["history"], rows["history"]) if rows["history"] else ["No events recorded."]
    out += ["", "## Latest verification", "", _verification_line(report), ""]
    if rows["verification"]:
        out += table(HEADS["verification"], rows["verification"]) + [""]
    out += ["## Interceptions", "", _interceptions_line(report), ""]
    if rows["interceptions"]:
        out += table(HEADS["interceptions"], rows["interceptions"]) + [""]
    return "\n".join(out) + "\n"


_CSS = """
body { font: 15px/1.5 system-ui, sans-serif; color: #1b1f24; max-width: 56rem; margin: 2rem auto;
  padding: 0 1rem }
h1 { font-size: 1.6rem; margin-bottom: .2rem }
h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; padding-bottom: .2rem }
table { border-collapse: collapse; margin: .6rem 0; min-width: 20rem }
th, td { border: 1px solid #d0d7de; padding: .3rem .7rem; text-align: left }
th { background: #f3f5f7 }
td.n { text-align: right; font-variant-numeric: tabular-nums }
.muted { color: #57606a }
.badge { display: inline-block; padding: .1rem .6rem; border-radius: 1rem; font-weight: 600 }
.ok { background: #dafbe1; color: #1a7f37 }
.bad { background: #ffebe9; color: #cf222e }
.none { background: #eaeef2; color: #57606a }
tr.leak td { background: #fff5f5 }
.bar { height: .8rem; background: #8250df; border-radius: 2px }
""".strip()


def html_page(report: dict[str, Any]) -> str:
    rows = _rows(report)
    esc = html.escape

    def table(head: list[str] | None, body: list[list[str]], leaks_col: int | None = None) -> str:
        top = "<tr>" + "".join(f"<th>{esc(h)}</th>" for h in head) + "</tr>" if head else ""
        lines = []
        for r in body:
            cls = ' class="leak"' if leaks_col is not None and r[leaks_col] not in ("0", "") else ""
            cells = "".join(f"<td{' class=n' if c.isdigit() else ''}>{esc(c)}</td>" for c in r)
            lines.append(f"<tr{cls}>{cells}</tr>")
        return f"<table>{top}{''.join(lines)}</table>"

    v = report["verification"]
    badge = (
        '<span class="badge none">not verified</span>'
        if v is None
        else '<span class="badge ok">no leaks</span>'
        if v["leaks"] == 0
        else f'<span class="badge bad">{plural(v["leaks"], "leak")}</span>'
    )
    parts = [
        f"<h1>Erasure report: {esc(report['name'])}</h1>",
        f'<p class="muted">Generated {esc(report["generated"])} by alu.</p>',
        table(None, rows["request"]),
        "<h2>History</h2>",
        table(HEADS["history"], rows["history"]) if rows["history"] else "<p>No events recorded.</p>",
        f"<h2>Latest verification {badge}</h2>",
        f"<p>{esc(_verification_line(report))}</p>",
        table(HEADS["verification"], rows["verification"], leaks_col=2) if rows["verification"] else "",
        "<h2>Interceptions</h2>",
        f"<p>{esc(_interceptions_line(report))}</p>",
        _bars(report["interceptions"]["by_day"]) if rows["interceptions"] else "",
    ]
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Erasure report: {esc(report['name'])}</title><style>{_CSS}</style></head>"
        f"<body>{''.join(parts)}</body></html>\n"
    )


def _bars(by_day: dict[str, int]) -> str:
    """Interceptions per day as a table with inline bars (no script, no image)."""
    top = max(by_day.values())
    lines = "".join(
        f'<tr><td>{html.escape(day)}</td><td class="n">{n}</td>'
        f'<td><div class="bar" style="width:{max(2, round(240 * n / top))}px"></div></td></tr>'
        for day, n in by_day.items()
    )
    head = "".join(f"<th>{h}</th>" for h in [*HEADS["interceptions"], ""])
    return f"<table><tr>{head}</tr>{lines}</table>"


def render(report: dict[str, Any], fmt: str) -> str:
    """The report as 'md' or 'html'."""
    if fmt == "md":
        return markdown(report)
    if fmt == "html":
        return html_page(report)
    raise ValueError(f"report format {fmt!r}: choose md, html or json")
