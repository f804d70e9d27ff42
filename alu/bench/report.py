"""Output helpers every benchmark shares: markdown tables, lazy matplotlib, result folders, sizes on disk."""

from __future__ import annotations

import contextlib
import os
import platform
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alu.errors import AluError

DEFAULT_RESULTS = Path("results")


@dataclass
class Check:
    """One goal of a benchmark: whether the run met it, and the measured value in words."""

    name: str
    passed: bool
    detail: str


class PlottingUnavailable(AluError):
    """matplotlib is not installed (it comes with the `eval` extra)."""


def pyplot() -> Any:
    """matplotlib.pyplot with a non-interactive backend, imported only when a plot is drawn."""
    try:
        import matplotlib
    except ImportError:
        raise PlottingUnavailable(
            "plots need matplotlib: pip install 'alu[eval]' (or pass --no-plot)"
        ) from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A GitHub markdown table; floats are shown with one decimal, None as an em dash."""

    def cell(value: Any) -> str:
        if value is None:
            return "—"
        if isinstance(value, float):
            return f"{value:,.1f}"
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{value:,}"
        return str(value).replace("|", "\\|")

    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def processor() -> dict[str, str]:
    """The CPU's model name, and how onnxruntime's int8 products run on it (alu.int8_kernels): the embedder's
    cost per text depends on both (on one 2-core AMD EPYC, ~1.5-2x from one kind to the other)."""
    from alu.int8_kernels import saturates

    name = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        models = re.findall(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.MULTILINE)
        name = models[0].strip() if models else name
    kernel = "saturating, precise mode (uint8 weights)" if saturates() else "exact"
    return {"cpu": name, "int8_kernel": kernel}


def machine(load_before: Sequence[float]) -> dict[str, Any]:
    """The machine a benchmark ran on: CPUs, load average before (given) and after (now), and the date."""
    return {
        "cpus": os.cpu_count() or 0,
        **processor(),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in os.getloadavg()],
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def machine_line(m: dict[str, Any]) -> str:
    """A `machine` block in words: 'DATE, N CPUs (MODEL; int8 kernel KIND), load X before / Y after.'"""
    before, after = m["load_before"][0], m["load_after"][0]
    return (
        f"{m['date']}, {m['cpus']} CPUs ({m['cpu']}; int8 kernel {m['int8_kernel']}), "
        f"load {before:.2f} before / {after:.2f} after."
    )


def check_lines(checks: Sequence[Any], prefix: str = "") -> str:
    """A benchmark's checks (name, passed, detail) as a markdown list, ✓ or ✗ each."""
    return "\n".join(f"- {'✓' if c.passed else '✗'} {prefix}{c.name}: {c.detail}" for c in checks)


def output_dir(out: Path | None, name: str) -> Path:
    """Where a benchmark writes its files: `--out`, else results/<name> (results/ is gitignored)."""
    path = out if out is not None else DEFAULT_RESULTS / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def size_on_disk(path: str | Path) -> int:
    """Bytes used by the files under a directory (apparent size; what `du --apparent-size -b` reports)."""
    total = 0
    for root, _, files in os.walk(Path(path).expanduser()):
        for name in files:
            try:
                total += (Path(root) / name).stat().st_size
            except OSError:  # a file removed while walking (Chroma compacting) does not count
                continue
    return total
