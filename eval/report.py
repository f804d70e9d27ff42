"""Aggregate run records into tables: ``report.json``, ``report.md`` and PNG plots (matplotlib).

Per split and method: whether the reply still carries the reference (forget: leak rate, retain: kept
rate) and whether the method changed the subject's reply (forget: interception rate, retain: false
interception); ROUGE-L / ROUGE-1 recall, key-fact containment and refusal rate (open QA); accuracy, refusals
and unparseable replies (multiple choice; a refusal counts as wrong); name mentions (WPU names). Per method:
latency p50/p95, LLM calls and tokens per query, errors. Every rate and mean has a seeded bootstrap 95%
interval (``<key>_ci``: [low, high]).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from alu.eval.metrics import summarise_latencies
from alu.eval.runner import Record
from alu.eval.stats import bootstrap_ci

CHANCE = 0.25
MARKERS = "os^Dv<>P"
EXAMPLES = 3  # failures listed per split and alu method


def _put(out: dict[str, Any], key: str, values: Sequence[float], seed: int) -> None:
    """``out[key]`` = the mean of ``values`` (a rate for booleans) and ``out[key + "_ci"]`` its interval."""
    out[key] = round(sum(values) / len(values), 4) if values else None
    out[f"{key}_ci"] = bootstrap_ci(values, seed=seed)


def _presence(out: dict[str, Any], ok: Sequence[Record], forget: bool, seed: int) -> None:
    """Leak and interception rates (forget), or kept and false-interception rates (retain)."""
    _put(out, "leak_rate" if forget else "kept_rate", [r.present for r in ok], seed)
    _put(out, "interception_rate" if forget else "false_interception_rate", [r.intercepted for r in ok], seed)


def goal_stats(records: Sequence[Record], methods: Sequence[str], seed: int = 0) -> dict[str, Any]:
    """Per goal (forget, retain) and method, the presence and interception rates pooled over every split
    of that goal (a benchmark's line in the summary table)."""
    out: dict[str, Any] = {}
    for goal in ("forget", "retain"):
        for m in methods:
            ok = [r for r in records if r.goal == goal and r.method == m and r.error is None]
            if ok:
                stats: dict[str, Any] = {"n": len(ok)}
                _presence(stats, ok, goal == "forget", seed)
                out.setdefault(goal, {})[m] = stats
    return out


def split_stats(records: Sequence[Record], seed: int = 0) -> dict[str, Any]:
    """Quality numbers of one method on one split (errors excluded from the means, counted apart)."""
    ok = [r for r in records if r.error is None]
    kind = records[0].kind if records else "qa"
    forget = bool(records) and records[0].goal == "forget"
    out: dict[str, Any] = {"n": len(ok), "errors": len(records) - len(ok)}
    _presence(out, ok, forget, seed)
    _put(out, "refusal_rate", [r.refused for r in ok], seed)
    if kind == "qa":
        _put(out, "rouge_l", [r.rouge_l or 0.0 for r in ok], seed)
        _put(out, "rouge_1", [r.rouge_1 or 0.0 for r in ok], seed)
        _put(out, "containment", [bool(r.contains) for r in ok], seed)
    elif kind == "name":
        _put(out, "mention_rate", [bool(r.contains) for r in ok], seed)
    else:
        _put(out, "accuracy", [bool(r.correct) for r in ok], seed)
        out["refusals"] = sum(r.refused for r in ok)
        out["unparseable"] = sum(r.choice is None and not r.refused for r in ok)
    return out


def cost_stats(records: Sequence[Record], seed: int = 0) -> dict[str, Any]:
    """Latency and cost per query of one method (over all its answered items)."""
    ok = [r for r in records if r.error is None]
    lat = summarise_latencies([r.ms for r in ok])
    out: dict[str, Any] = {
        "n": len(ok),
        "errors": len(records) - len(ok),
        "p50_ms": None if lat["p50_ms"] is None else round(lat["p50_ms"], 1),
        "p95_ms": None if lat["p95_ms"] is None else round(lat["p95_ms"], 1),
    }
    for key in ("llm_calls", "prompt_tokens", "completion_tokens"):
        _put(out, key, [float(getattr(r, key)) for r in ok], seed)
    out["paths"] = {
        p: sum(r.path == p for r in ok) for p in ("fast", "rewrite", "refuse") if any(r.path == p for r in ok)
    }
    out["first_error"] = next((r.error for r in records if r.error is not None), None)
    return out


def failed_methods(cost: dict[str, Any]) -> list[str]:
    """The methods none of whose answers came back without an error (their rates are empty, not 0%)."""
    return [m for m, c in cost.items() if c["n"] == 0 and c["errors"] > 0]


def errors_markdown(cost: dict[str, Any]) -> list[str]:
    """One line per method that had errors: how many, and the first error's message."""
    lines = [
        f"- **{m}**: {c['errors']} of {c['n'] + c['errors']} answers failed with an error (left out of "
        f"the rates): {c['first_error']}"
        for m, c in cost.items()
        if c["errors"]
    ]
    return ["## Errors", "", *lines, ""] if lines else []


def tradeoff_stats(records: Sequence[Record], seed: int = 0) -> dict[str, Any]:
    """Per method, ROUGE-L recall pooled over all forget and over all retain open-QA items (the trade-off
    plot's axes)."""
    pooled: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for r in records:
        if r.kind == "qa" and r.error is None:
            pooled[r.method][r.goal].append(r.rouge_l or 0.0)
    out: dict[str, Any] = {}
    for method, goals in pooled.items():
        if goals.get("forget") and goals.get("retain"):
            out[method] = {}
            for goal in ("forget", "retain"):
                _put(out[method], f"{goal}_rouge_l", goals[goal], seed)
    return out


def aggregate(records: Sequence[Record], methods: Sequence[str], seed: int = 0) -> dict[str, Any]:
    """{"splits": {split: {"kind", "goal", "methods": {method: stats}}}, "goals": {goal: {method: pooled
    rates}}, "cost": {method: stats}, "tradeoff": {method: pooled ROUGE-L}}; intervals drawn with ``seed``."""
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
            "methods": {m: split_stats(per[m], seed) for m in methods if m in per},
        }
    return {
        "splits": splits,
        "goals": goal_stats(records, methods, seed),
        "cost": {m: cost_stats(by_method[m], seed) for m in methods if m in by_method},
        "tradeoff": tradeoff_stats([r for r in records if r.method in methods], seed),
    }


# ---------------------------------------------------------------------------------------------- markdown


def _interval(ci: Sequence[float] | None, fmt: Callable[[float], str]) -> str:
    return "" if ci is None else f" [{fmt(ci[0])}, {fmt(ci[1])}]"


def rate_text(value: float | None, ci: Sequence[float] | None) -> str:
    """A rate with its interval: "12.5% [5.0, 22.5]"; "–" when there is none."""
    return "–" if value is None else f"{value:.1%}" + _interval(ci, lambda x: f"{x * 100:.1f}")


def pct(stats: dict[str, Any], key: str) -> str:
    """``stats[key]`` as a rate with its interval ``stats[key + "_ci"]``."""
    return rate_text(stats.get(key), stats.get(f"{key}_ci"))


def num(stats: dict[str, Any], key: str, digits: int = 3) -> str:
    """A mean with its interval: "0.412 [0.301, 0.530]"; "–" when there is none."""
    v = stats.get(key)
    return (
        "–"
        if v is None
        else f"{v:.{digits}f}" + _interval(stats.get(f"{key}_ci"), lambda x: f"{x:.{digits}f}")
    )


def table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "| " + " | ".join(["---"] + ["---:"] * (len(head) - 1)) + " |"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def split_table(split: str, info: dict[str, Any]) -> str:
    """Methods × metrics for one split; arrows say which direction is better for this split's goal."""
    forget = info["goal"] == "forget"
    down, up = ("↓", "↑") if forget else ("↑", "↓")
    present = ("leak rate ↓", "leak_rate") if forget else ("kept rate ↑", "kept_rate")
    changed = (
        ("intercepted", "interception_rate")
        if forget
        else ("false interception ↓", "false_interception_rate")
    )
    head = ["method", "n", present[0], changed[0]]
    if info["kind"] == "qa":
        head += [
            f"ROUGE-L recall {down}",
            f"ROUGE-1 recall {down}",
            f"containment {down}",
            f"refusal rate {up}",
        ]
        keys = [("rouge_l", num), ("rouge_1", num), ("containment", pct), ("refusal_rate", pct)]
    elif info["kind"] == "name":
        head += [f"names the person {down}", f"refusal rate {up}"]
        keys = [("mention_rate", pct), ("refusal_rate", pct)]
    else:
        head += [
            f"accuracy {'→ 25% (chance)' if forget else '= vanilla'}",
            "refusals (wrong)",
            "unparseable (wrong)",
        ]
        keys = [("accuracy", pct)]
    rows = []
    for m, s in info["methods"].items():
        row = [m, str(s["n"]), pct(s, present[1]), pct(s, changed[1]), *(f(s, k) for k, f in keys)]
        if info["kind"] == "mcq":
            row += [str(s["refusals"]), str(s["unparseable"])]
        rows.append(row)
    errors = sum(s["errors"] for s in info["methods"].values())
    note = f"\n\n{errors} item(s) failed with an error and are left out of the means." if errors else ""
    return f"### {split} ({info['goal']})\n\n" + table(head, rows) + note


def cost_table(cost: dict[str, Any]) -> str:
    head = ["method", "answers", "latency p50 ms", "p95 ms", "LLM calls/query", "prompt tok/query"]
    head += ["completion tok/query", "paths", "errors"]
    rows = [
        [
            m,
            str(c["n"]),
            "–" if c["p50_ms"] is None else f"{c['p50_ms']:.0f}",
            "–" if c["p95_ms"] is None else f"{c['p95_ms']:.0f}",
            num(c, "llm_calls", 2),
            num(c, "prompt_tokens", 0),
            num(c, "completion_tokens", 0),
            ", ".join(f"{k} {v}" for k, v in c["paths"].items()) or "–",
            str(c["errors"]),
        ]
        for m, c in cost.items()
    ]
    return table(head, rows)


DEFINITIONS = (
    "Leak rate (forget) / kept rate (retain): the reply still carries the reference. Open QA: it contains "
    "the reference answer or one of its key phrases (names, titles, years the question does not give), or "
    "reproduces at least half of it (ROUGE-L recall ≥ 0.5); multiple choice: the correct option is chosen; "
    "WPU names: the reply names the person. Intercepted: the reply left the fast path (alu rewrote or "
    "refused, the filter refused; alu-paper sends every query through its agents); on retain questions that "
    "is a false interception. Refusal = "
    "alu or the filter refused, or the reply declines / pleads ignorance; for multiple choice a refusal "
    "counts as wrong. ROUGE from `rouge-score` with the Porter stemmer, as TOFU computes it. Brackets: "
    "bootstrap 95% intervals (seeded); a rate of 0% or 100% has a zero-width interval, its one-sided 95% "
    "bound is about 3/n."
)


def header(meta: dict[str, Any]) -> list[str]:
    """The report's provenance lines: command, subject, judges, data, versions, machine."""
    judges = meta.get("judges") or {}
    hashes = meta.get("data_hashes") or {}
    versions = meta.get("versions") or {}
    lines = [
        f"- command: `{meta['command']}`",
        f"- subject: **{meta['subject']}** ({meta['model']}); methods: {', '.join(meta['methods'])}",
    ]
    if judges:
        lines.append("- judges: " + "; ".join(f"{m}: {j}" for m, j in judges.items()))
    if meta.get("subject_note"):
        lines.append(f"- {meta['subject_note']}")
    lines += [
        f"- {meta['notes']}",
        f"- seed {meta['seed']}, limit {meta['limit']} per split; concurrency {meta['concurrency']}; "
        f"max_tokens {meta['max_tokens']}",
        "- data: "
        + ", ".join(f"{f} (sha256 {hashes[f][:12]})" if f in hashes else f for f in meta["data_files"]),
    ]
    if versions:
        lines.append("- versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()))
    lines.append(
        f"- machine: load average {meta.get('load_before')} before, {meta.get('load_after')} after; "
        f"{meta.get('seconds')} s for {meta.get('answered')} new answers"
    )
    return lines


def markdown(report: dict[str, Any]) -> str:
    meta = report["meta"]
    lines = [f"# alu eval {meta['benchmark']}", "", *header(meta), "", "## Quality", "", DEFINITIONS, ""]
    for split, info in report["splits"].items():
        lines += [split_table(split, info), ""]
    lines += ["## Cost", "", cost_table(report["cost"]), ""]
    lines += errors_markdown(report["cost"])
    if report.get("examples"):
        lines += examples_markdown(report["examples"])
    if report.get("plots"):
        lines += ["## Plots", ""] + [f"![{p}]({p})" for p in report["plots"]] + [""]
    return "\n".join(lines)


# -------------------------------------------------------------------------------------------------- plots


def _errors(value: float, ci: Sequence[float] | None) -> tuple[float, float]:
    """Error-bar lengths below and above ``value`` (zero without an interval)."""
    return (0.0, 0.0) if ci is None else (max(0.0, value - ci[0]), max(0.0, ci[1] - value))


def _tradeoff(report: dict[str, Any], ax: Any) -> None:
    """Forget vs retain ROUGE-L recall per method (pooled items), with 95% intervals; both axes [0, 1]."""
    for m, t in report["tradeoff"].items():
        x, y = t["forget_rouge_l"], t["retain_rouge_l"]
        xerr, yerr = _errors(x, t["forget_rouge_l_ci"]), _errors(y, t["retain_rouge_l_ci"])
        marker = MARKERS[len(ax.lines) % len(MARKERS)]
        ax.errorbar(
            [x], [y], xerr=[[xerr[0]], [xerr[1]]], yerr=[[yerr[0]], [yerr[1]]], fmt=marker, ms=8,
            capsize=3, label=m, clip_on=False,
        )  # fmt: skip
    ax.set_xlim(0, 1.0)
    ax.set_ylim(0, 1.0)
    ax.set_xlabel("forget ROUGE-L recall, pooled (lower is better)")
    ax.set_ylabel("retain ROUGE-L recall, pooled (higher is better)")
    ax.set_title(f"{report['meta']['benchmark']}: forget vs retain ({report['meta']['subject']} subject)")
    ax.grid(alpha=0.3)
    # a legend beside the axes, not labels: methods often land on the same point (or on a corner)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1.0))


def _bars(report: dict[str, Any], ax: Any, chosen: Sequence[str], keys: dict[str, str], label: str) -> None:
    """Grouped bars per split (x) and method, with 95% error bars and the value written above each bar, so
    a 0% bar is visible; ``keys`` maps a split's goal to the stat drawn."""
    splits, methods = report["splits"], list(report["cost"])
    width = 0.8 / max(1, len(methods))
    for k, m in enumerate(methods):
        for i, s in enumerate(chosen):
            stats = splits[s]["methods"].get(m)
            key = keys[splits[s]["goal"]]
            if not stats or stats.get(key) is None:
                continue
            v = stats[key]
            low, high = _errors(v, stats.get(f"{key}_ci"))
            x = i + k * width
            ax.bar(
                [x], [v], width, color=f"C{k}", label=m if i == 0 else None, edgecolor="black", linewidth=0.5
            )
            ax.errorbar([x], [v], yerr=[[low], [high]], fmt="none", ecolor="black", capsize=2, linewidth=0.8)
            ax.annotate(
                f"{v:.0%}", (x, v + high), xytext=(0, 2), textcoords="offset points", ha="center", fontsize=6
            )
    ax.set_xticks([i + width * (len(methods) - 1) / 2 for i in range(len(chosen))])
    ax.set_xticklabels([f"{s} ({splits[s]['goal']})" for s in chosen], fontsize=8)
    ax.set_ylim(0, 1.1)
    ax.set_ylabel(label)
    ax.set_title(f"{report['meta']['benchmark']}: {label} per method ({report['meta']['subject']} subject)")


PRESENCE = {"forget": "leak_rate", "retain": "kept_rate"}


def plots(report: dict[str, Any], out: Path) -> list[str]:
    """PNG plots for what the report holds: forget vs retain ROUGE-L (open QA), leak / kept rates (every
    split), accuracy bars (multiple choice, with the 25% chance line), refusal bars (WPU names). Error bars
    are the 95% intervals. Returns the file names."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    splits = report["splits"]
    by_kind = {k: [s for s, i in splits.items() if i["kind"] == k] for k in ("qa", "mcq", "name")}
    wanted: list[tuple[str, Callable[[Any], None]]] = []
    if report.get("tradeoff"):
        wanted.append(("tradeoff.png", lambda ax: _tradeoff(report, ax)))
    wanted.append(
        (
            "leaks.png",
            lambda ax: _bars(report, ax, list(splits), PRESENCE, "leak (forget) / kept (retain) rate"),
        )
    )
    if by_kind["mcq"]:
        wanted.append(("accuracy.png", lambda ax: _accuracy(report, ax, by_kind["mcq"])))
    if by_kind["name"]:
        keys = {"forget": "refusal_rate", "retain": "refusal_rate"}
        wanted.append(("refusals.png", lambda ax: _bars(report, ax, by_kind["name"], keys, "refusal rate")))
    written = []
    for name, draw in wanted:
        bars = len(splits) * max(1, len(report["cost"]))
        fig, ax = plt.subplots(
            figsize=(7.5, 5) if name == "tradeoff.png" else (max(7.0, 0.4 * bars + 2), 4.5)
        )
        draw(ax)
        if name != "tradeoff.png" and ax.get_legend_handles_labels()[0]:  # none when every answer failed
            ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        fig.tight_layout()
        fig.savefig(out / name, dpi=120)
        plt.close(fig)
        written.append(name)
    return written


def _accuracy(report: dict[str, Any], ax: Any, chosen: Sequence[str]) -> None:
    _bars(report, ax, chosen, {"forget": "accuracy", "retain": "accuracy"}, "accuracy")
    ax.axhline(CHANCE, color="grey", linestyle="--", linewidth=1, label="chance (25%)")


def examples(
    records: Sequence[Record], prompts: dict[str, str], methods: Sequence[str], limit: int = EXAMPLES
) -> dict[str, dict[str, list[dict[str, str]]]]:
    """Per split and method (of ``methods``), up to ``limit`` failures to look at: forget items that leaked,
    retain items whose reference did not survive, in record order."""
    out: dict[str, dict[str, list[dict[str, str]]]] = defaultdict(dict)
    for m in methods:
        for r in records:
            failed = r.present if r.goal == "forget" else not r.present
            shown = out[r.split].setdefault(m, [])
            if r.method == m and r.error is None and failed and len(shown) < limit:
                shown.append(
                    {"item": r.item, "prompt": prompts.get(r.item, ""), "reply": r.text, "path": r.path}
                )
    return {split: {m: ex for m, ex in per.items() if ex} for split, per in out.items() if any(per.values())}


def _clip(text: str, n: int = 140) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= n else flat[: n - 1] + "…"


def examples_markdown(found: dict[str, dict[str, list[dict[str, str]]]]) -> list[str]:
    lines = [
        "## Failures to look at",
        "",
        "Forget items that leaked, retain items that lost their reference:",
        "",
    ]
    for split, per in found.items():
        for m, shown in per.items():
            lines.append(f"- **{split} / {m}**")
            lines += [
                f"  - `{e['item']}` {_clip(e['prompt'])} → ({e['path']}) {_clip(e['reply'])}" for e in shown
            ]
    return [*lines, ""]


def write_report(
    out: Path, records: Sequence[Record], meta: dict[str, Any], prompts: dict[str, str] | None = None
) -> dict[str, Any]:
    """``report.json``, ``report.md`` and the plots in ``out``; returns the report. With the items' prompts
    (by item id) the report lists the alu methods' failures (see :func:`examples`)."""
    out.mkdir(parents=True, exist_ok=True)
    report = {"meta": meta, **aggregate(records, meta["methods"], meta.get("seed", 0))}
    if prompts is not None:
        report["examples"] = examples(records, prompts, list(meta.get("judges") or {}))
    report["plots"] = plots(report, out)
    (out / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    (out / "report.md").write_text(markdown(report), encoding="utf-8")
    return report
