"""`alu bench log`: what the decision log costs a fast-path call.

Two measurements in one process, on one store with the demo targets and a scripted model of zero latency
(so the pipeline's own cost is all there is to compare against):

- `call_us`: the time the answering coroutine spends in `Records.call` (building the row, queueing it), per
  call, over real fast-path results; the write itself happens on the writer thread;
- end to end: the same fast-path questions answered with the log on and off, alternating blocks so load
  changes hit both; `overhead_ms` is the difference of the wall-time medians, `cpu_overhead_ms` the
  difference of the mean CPU time of the whole process per call (the writer thread's writes included). On a
  loaded machine the wall-time difference is mostly noise; CPU time is what the log costs. A second
  Unlearner with the log off (`off2`) runs in the same rotation: its difference to `off` is the noise floor.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from typing import Any

from alu.demo import DEMO_TARGETS
from alu.scripted import register_script

MODEL = "scripted/bench-log"
ANSWER = "Water boils at 100 degrees Celsius at sea level."
QUESTIONS = [
    "At what temperature does water boil?",
    "What is the capital of France?",
    "How many legs does a spider have?",
    "Which planet is known as the red planet?",
]


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _end_to_end(
    unlearners: dict[str, Any], calls: int, block: int
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall and process CPU milliseconds per call, for each Unlearner, in alternating blocks."""
    wall: dict[str, list[float]] = {name: [] for name in unlearners}
    cpu: dict[str, list[float]] = {name: [] for name in unlearners}
    order = list(unlearners)
    for start in range(0, calls, block):
        for name in order:
            for i in range(start, min(start + block, calls)):
                began, began_cpu = time.perf_counter(), time.process_time()
                result = unlearners[name].ask(QUESTIONS[i % len(QUESTIONS)])
                wall[name].append(_ms(began))
                cpu[name].append((time.process_time() - began_cpu) * 1000)
                if result.path != "fast":
                    raise RuntimeError(f"bench log: expected the fast path, got {result.path}")
        order.reverse()
    return wall, cpu


def _call_cost_us(unlearner: Any, calls: int) -> list[float]:
    result = unlearner.ask(QUESTIONS[0])
    costs = []
    for _ in range(calls):
        began = time.perf_counter()
        unlearner.records.call(model=MODEL, query=QUESTIONS[0], ms=1.0, result=result)
        costs.append((time.perf_counter() - began) * 1e6)
    return costs


def run_bench(calls: int = 400, block: int = 20) -> dict[str, Any]:
    """Measure both; the log writes to a temporary directory."""
    from alu.records import query
    from alu.records.writer import writer_for
    from alu.sdk import Unlearner

    register_script(MODEL.split("/", 1)[1], lambda call: ANSWER)
    with tempfile.TemporaryDirectory(prefix="alu-bench-log-") as tmp:
        base = {"model": MODEL, "store": f"{tmp}/store", "judges": "deterministic"}
        on = Unlearner(**base, records=f"{tmp}/records")
        off = Unlearner(**base, records="off")
        off2 = Unlearner(**base, records="off")
        on.forget_many(DEMO_TARGETS)
        for u in (on, off, off2):  # warm up: imports, embedder, the writer thread
            u.ask(QUESTIONS[0])
        load_before = os.getloadavg()
        times, cpu = _end_to_end({"off": off, "on": on, "off2": off2}, calls, block)
        costs = _call_cost_us(on, calls)
        on.records.flush(30)
        written = len(query.calls(on.records.directory, query.Filters(), limit=10 * calls + 10))
        dropped = writer_for(on.records._path).dropped
    p50 = {name: statistics.median(t) for name, t in times.items()}
    costs.sort()
    return {
        "calls": calls,
        "model": f"{MODEL} (0 ms)",
        "p50_ms": {k: round(v, 3) for k, v in p50.items()},
        "overhead_ms": round(p50["on"] - p50["off"], 3),
        "ratio_on_off": round(p50["on"] / p50["off"], 4),
        "cpu_ms_mean": {k: round(statistics.fmean(v), 3) for k, v in cpu.items()},
        "cpu_overhead_ms": round(statistics.fmean(cpu["on"]) - statistics.fmean(cpu["off"]), 3),
        "noise": {
            "p50_ms": round(p50["off2"] - p50["off"], 3),
            "cpu_ms": round(statistics.fmean(cpu["off2"]) - statistics.fmean(cpu["off"]), 3),
        },
        "call_us": {
            "mean": round(statistics.fmean(costs), 1),
            "p50": round(costs[len(costs) // 2], 1),
            "p99": round(costs[int(len(costs) * 0.99) - 1], 1),
        },
        "rows_written": written,
        "rows_dropped": dropped,
        "budget_ms": 0.5,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
    }


def markdown(report: dict[str, Any]) -> str:
    p50, cost, cpu = report["p50_ms"], report["call_us"], report["cpu_ms_mean"]
    verdict = "within" if report["cpu_overhead_ms"] <= report["budget_ms"] else "over"
    return "\n".join(
        [
            f"| fast-path call, {report['calls']} each, alternating | p50 ms |",
            "|---|---:|",
            f"| log off | {p50['off']:.3f} |",
            f"| log on | {p50['on']:.3f} |",
            f"| log off again (noise) | {p50['off2']:.3f} |",
            f"| on minus off | {report['overhead_ms']:+.3f} (ratio {report['ratio_on_off']:.3f}; "
            f"off again minus off: {report['noise']['p50_ms']:+.3f}) |",
            "",
            f"Process CPU per call (mean): off {cpu['off']:.3f} ms, on {cpu['on']:.3f} ms, difference "
            f"{report['cpu_overhead_ms']:+.3f} ms ({verdict} the {report['budget_ms']} ms budget; off again "
            f"minus off {report['noise']['cpu_ms']:+.3f} ms).",
            "",
            f"Records.call on the answer path: mean {cost['mean']} µs, p50 {cost['p50']} µs, "
            f"p99 {cost['p99']} µs; {report['rows_written']} rows written, {report['rows_dropped']} dropped.",
        ]
    )
