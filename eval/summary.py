"""One report over several benchmark runs (``alu eval all``): a summary table of benchmark × method fit for a
paper appendix, with the per-benchmark reports linked.

Each benchmark contributes its pooled forget line (leak rate: the reply still carries the reference) and
its pooled retain line (kept rate), and the same lines for interceptions; every cell has its bootstrap 95%
interval.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from alu.eval.report import DEFINITIONS, header, rate_text, table

LINES = {
    "forget": (("leak_rate", "leak ↓"), ("interception_rate", "intercepted")),
    "retain": (("kept_rate", "kept ↑"), ("false_interception_rate", "false interception ↓")),
}


def summary_rows(reports: dict[str, dict[str, Any]], methods: Sequence[str]) -> list[dict[str, Any]]:
    """One row per benchmark, goal and measure: {"benchmark", "goal", "measure", "label", "n", "cells":
    {method: {"value", "ci"}}} (n: the pooled item count, the same for every method of a run)."""
    rows = []
    for name, rep in reports.items():
        for goal, measures in LINES.items():
            per = rep.get("goals", {}).get(goal, {})
            if not per:
                continue
            for key, label in measures:
                cells = {
                    m: {"value": per[m][key], "ci": per[m].get(f"{key}_ci")} for m in methods if m in per
                }
                n = max(per[m]["n"] for m in per)
                rows.append(
                    {"benchmark": name, "goal": goal, "measure": key, "label": label, "n": n, "cells": cells}
                )
    return rows


def summary_markdown(summary: dict[str, Any]) -> str:
    meta, methods = summary["meta"], summary["meta"]["methods"]
    head = ["benchmark", "n", "measure", *methods]
    rows = [
        [row["benchmark"], str(row["n"]), row["label"]]
        + [rate_text(c["value"], c["ci"]) if c else "–" for c in (row["cells"].get(m) for m in methods)]
        for row in summary["rows"]
    ]
    lines = [
        f"# alu eval all ({meta['subject']} subject)",
        "",
        *header(meta),
        "",
        "## Summary",
        "",
        table(head, rows),
        "",
        DEFINITIONS,
        "",
        "## Benchmarks",
        "",
        *(
            f"- [{name}]({name}/report.md): {rep['meta']['notes']}"
            for name, rep in summary["reports"].items()
        ),
        "",
    ]
    return "\n".join(lines)


def write_summary(out: Path, reports: dict[str, dict[str, Any]], meta: dict[str, Any]) -> dict[str, Any]:
    """``report.json`` and ``report.md`` of the whole run in ``out``; returns the summary."""
    summary = {
        "meta": meta,
        "rows": summary_rows(reports, meta["methods"]),
        "reports": {name: {"meta": rep["meta"], "goals": rep["goals"]} for name, rep in reports.items()},
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    (out / "report.md").write_text(summary_markdown(summary), encoding="utf-8")
    return summary
