"""Aggregate run records into tables: ``report.json``, ``report.md`` and PNG plots (matplotlib).

Per split and method: ROUGE-L recall, key-fact containment and refusal rate (open QA); accuracy, refusals and
unparseable replies (multiple choice; a refusal counts as wrong); name mentions and refusals (WPU names).
Per method: latency p50/p95, LLM calls and tokens per query, errors.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from alu.eval.metrics import summarise_latencies
from alu.eval.runner import Record

CHANCE = 0.25
MARKERS = "os^Dv<>P"


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def _rate(flags: Sequence[bool]) -> float | None:
    return round(sum(flags) / len(flags), 4) if flags else None


def split_stats(records: Sequence[Record]) -> dict[str, Any]:
    """Quality numbers of one method on one split (errors excluded from the means, counted apart)."""
    ok = [r for r in records if r.error is None]
    kind = records[0].kind if records else "qa"
    out: dict[str, Any] = {
        "n": len(ok),
        "errors": len(records) - len(ok),
        "refusal_rate": _rate([r.refused for r in ok]),
    }
    if kind == "qa":
        out["rouge_l"] = _mean([r.rouge_l or 0.0 for r in ok])
        out["containment"] = _rate([bool(r.contains) for r in ok])
    elif kind == "name":
        out["mention_rate"] = _rate([bool(r.contains) for r in ok])
    else:
        out["accuracy"] = _rate([bool(r.correct) for r in ok])
        out["refusals"] = sum(r.refused for r in ok)
        out["unparseable"] = sum(r.choice is None and not r.refused for r in ok)
    return out


def cost_stats(records: Sequence[Record]) -> dict[str, Any]:
    """Latency and cost per query of one method (over all its answered items)."""
    ok = [r for r in records if r.error is None]
    lat = summarise_latencies([r.ms for r in ok])
    return {
        "n": len(ok),
        "errors": len(records) - len(ok),
        "p50_ms": None if lat["p50_ms"] is None else round(lat["p50_ms"], 1),
        "p95_ms": None if lat["p95_ms"] is None else round(lat["p95_ms"], 1),
        "llm_calls": _mean([float(r.llm_calls) for r in ok]),
        "prompt_tokens": _mean([float(r.prompt_tokens) for r in ok]),
        "completion_tokens": _mean([float(r.completion_tokens) for r in ok]),
        "paths": {
            p: sum(r.path == p for r in ok)
            for p in ("fast", "rewrite", "refuse")
            if any(r.path == p for r in ok)
        },
    }


def aggregate(records: Sequence[Record], methods: Sequence[str]) -> dict[str, Any]:
    """{"splits": {split: {"kind", "goal", "methods": {method: stats}}}, "cost": {method: stats}}."""
    by_split: dict[str, dict[str, list[Record]]] = defaultdict(lambda: defaultdict(list))
    by_method: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        by_split[r.split][r.method].append(r)
        by_method[r.method].append(r)
    splits = {}
    for split, per in by_split.items():
        first = next(iter(per.values()))[0]
        splits[split] = {
            "kind": first.kind,
            "goal": first.goal,
            "methods": {m: split_stats(per[m]) for m in methods if m in per},
        }
    return {"splits": splits, "cost": {m: cost_stats(by_method[m]) for m in methods if m in by_method}}


# ---------------------------------------------------------------------------------------------- markdown


def _pct(v: float | None) -> str:
    return "–" if v is None else f"{v:.1%}"


def _num(v: float | None, digits: int = 3) -> str:
    return "–" if v is None else f"{v:.{digits}f}"


def _table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "| " + " | ".join(["---"] + ["---:"] * (len(head) - 1)) + " |"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def split_table(split: str, info: dict[str, Any]) -> str:
    """Methods × metrics for one split; arrows say which direction is better for this split's goal."""
    forget = info["goal"] == "forget"
    down, up = ("↓", "↑") if forget else ("↑", "↓")
    rows = []
    if info["kind"] == "qa":
        head = ["method", "n", f"ROUGE-L recall {down}", f"containment {down}", f"refusal rate {up}"]
        for m, s in info["methods"].items():
            rows.append([m, str(s["n"]), _num(s["rouge_l"]), _pct(s["containment"]), _pct(s["refusal_rate"])])
    elif info["kind"] == "name":
        head = ["method", "n", f"names the person {down}", f"refusal rate {up}"]
        for m, s in info["methods"].items():
            rows.append([m, str(s["n"]), _pct(s["mention_rate"]), _pct(s["refusal_rate"])])
    else:
        goal = "→ 25% (chance)" if forget else "= vanilla"
        head = ["method", "n", f"accuracy {goal}", "refusals (wrong)", "unparseable (wrong)"]
        for m, s in info["methods"].items():
            rows.append([m, str(s["n"]), _pct(s["accuracy"]), str(s["refusals"]), str(s["unparseable"])])
    errors = sum(s["errors"] for s in info["methods"].values())
    note = f"\n\n{errors} item(s) failed with an error and are left out of the means." if errors else ""
    return f"### {split} ({info['goal']})\n\n" + _table(head, rows) + note


def cost_table(cost: dict[str, Any]) -> str:
    head = [
        "method",
        "answers",
        "latency p50 ms",
        "p95 ms",
        "LLM calls/query",
        "prompt tok/query",
        "completion tok/query",
        "paths",
        "errors",
    ]
    rows = [
        [
            m,
            str(c["n"]),
            _num(c["p50_ms"], 0),
            _num(c["p95_ms"], 0),
            _num(c["llm_calls"], 2),
            _num(c["prompt_tokens"], 0),
            _num(c["completion_tokens"], 0),
            ", ".join(f"{k} {v}" for k, v in c["paths"].items()) or "–",
            str(c["errors"]),
        ]
        for m, c in cost.items()
    ]
    return _table(head, rows)


def markdown(report: dict[str, Any]) -> str:
    meta = report["meta"]
    lines = [
        f"# alu eval {meta['benchmark']}",
        "",
        f"- command: `{meta['command']}`",
        f"- subject: **{meta['subject']}** ({meta['model']}); methods: {', '.join(meta['methods'])}",
        f"- {meta['notes']}",
        f"- seed {meta['seed']}, limit {meta['limit']} per split; concurrency {meta['concurrency']}; "
        f"max_tokens {meta['max_tokens']}",
        f"- data: {', '.join(meta['data_files'])}",
        f"- machine: load average {meta.get('load_before')} before, {meta.get('load_after')} after; "
        f"{meta.get('seconds')} s for {meta.get('answered')} new answers",
        "",
        "## Quality",
        "",
        "Refusal = alu or the filter refused, or the reply declines / pleads ignorance. Containment = the "
        "reply reproduces the reference answer or one of its key phrases (names, titles, years the question "
        "does not give). For multiple choice a refusal is counted as wrong.",
        "",
    ]
    for split, info in report["splits"].items():
        lines += [split_table(split, info), ""]
    lines += ["## Cost", "", cost_table(report["cost"]), ""]
    if report.get("plots"):
        lines += ["## Plots", ""] + [f"![{p}]({p})" for p in report["plots"]] + [""]
    return "\n".join(lines)


# -------------------------------------------------------------------------------------------------- plots


def plots(report: dict[str, Any], out: Path) -> list[str]:
    """PNG plots for what the report holds: forget vs retain ROUGE-L per method (open QA), accuracy bars
    (multiple choice, with the 25% chance line), refusal bars (WPU names). Returns the file names."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    written: list[str] = []
    splits = report["splits"]
    methods = list(report["cost"])
    qa_forget = [s for s, i in splits.items() if i["kind"] == "qa" and i["goal"] == "forget"]
    qa_retain = [s for s, i in splits.items() if i["kind"] == "qa" and i["goal"] == "retain"]
    if qa_forget and qa_retain:
        fig, ax = plt.subplots(figsize=(6, 4.5))
        for m in methods:
            xs = [splits[s]["methods"][m]["rouge_l"] for s in qa_forget if m in splits[s]["methods"]]
            ys = [splits[s]["methods"][m]["rouge_l"] for s in qa_retain if m in splits[s]["methods"]]
            xs, ys = [x for x in xs if x is not None], [y for y in ys if y is not None]
            if xs and ys:
                x, y = sum(xs) / len(xs), sum(ys) / len(ys)
                ax.scatter([x], [y], s=70, marker=MARKERS[len(ax.collections) % len(MARKERS)], label=m)
        ax.set_xlabel(f"forget ROUGE-L recall ({', '.join(qa_forget)}) — lower is better")
        ax.set_ylabel(f"retain ROUGE-L recall (mean of {len(qa_retain)} splits) — higher is better")
        ax.set_title(f"{report['meta']['benchmark']}: forget vs retain ({report['meta']['subject']} subject)")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)  # a legend, not labels: methods often land on the same point
        fig.tight_layout()
        fig.savefig(out / "tradeoff.png", dpi=120)
        plt.close(fig)
        written.append("tradeoff.png")
    groups = [
        ("mcq", "accuracy", "accuracy.png", "accuracy"),
        ("name", "refusal_rate", "refusals.png", "refusal rate"),
    ]
    for kind, key, name, label in groups:
        chosen = [s for s, i in splits.items() if i["kind"] == kind]
        if not chosen:
            continue
        fig, ax = plt.subplots(figsize=(max(6, 1.6 * len(chosen) * max(1, len(methods)) / 3), 4.5))
        width = 0.8 / max(1, len(methods))
        for k, m in enumerate(methods):
            vals = [splits[s]["methods"].get(m, {}).get(key) or 0.0 for s in chosen]
            ax.bar([i + k * width for i in range(len(chosen))], vals, width, label=m)
        ax.set_xticks([i + width * (len(methods) - 1) / 2 for i in range(len(chosen))])
        ax.set_xticklabels([f"{s} ({splits[s]['goal']})" for s in chosen])
        if kind == "mcq":
            ax.axhline(CHANCE, color="grey", linestyle="--", linewidth=1, label="chance (25%)")
        ax.set_ylim(0, 1)
        ax.set_ylabel(label)
        ax.set_title(f"{report['meta']['benchmark']}: {label} per method")
        ax.legend(fontsize=8, ncol=2)
        fig.tight_layout()
        fig.savefig(out / name, dpi=120)
        plt.close(fig)
        written.append(name)
    return written


def write_report(out: Path, records: Sequence[Record], meta: dict[str, Any]) -> dict[str, Any]:
    """``report.json``, ``report.md`` and the plots in ``out``; returns the report."""
    out.mkdir(parents=True, exist_ok=True)
    report = {"meta": meta, **aggregate(records, meta["methods"])}
    report["plots"] = plots(report, out)
    (out / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    (out / "report.md").write_text(markdown(report), encoding="utf-8")
    return report
