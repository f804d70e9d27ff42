"""What the `alu bench` commands share: a progress bar behind the benchmarks' ProgressSink, and publishing a
report (NAME.md and NAME.json in the results folder, printed as markdown or JSON)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alu.cli.common import print_json, progress_bar, stderr, stdout


class StageBar:
    """Rich progress bar behind the benchmarks' ProgressSink: one task per stage."""

    def __init__(self, progress: Any) -> None:
        self.progress = progress
        self.task: Any = None

    def stage(self, description: str, total: int) -> None:
        if self.task is not None:
            self.progress.update(self.task, completed=self.progress.tasks[-1].total)
        self.task = self.progress.add_task(description, total=max(total, 1))

    def advance(self, n: int = 1) -> None:
        if self.task is not None:
            self.progress.advance(self.task, n)


class StageLines:
    """The stages of a benchmark as lines on stderr, for a pipe or a log file. rich redraws a bar only on a
    terminal: a log showed nothing while a stage ran (building a 10,000-target store takes minutes), then
    every bar at the end. Here a line says when a stage starts, and one its count and time when it ends."""

    def __init__(self) -> None:
        self.description: str | None = None
        self.total = self.done = 0
        self.started = 0.0

    def stage(self, description: str, total: int) -> None:
        self.close()
        self.description, self.total, self.done = description, max(total, 1), 0
        self.started = time.perf_counter()
        stderr.print(f"{description} ...", highlight=False, markup=False)

    def advance(self, n: int = 1) -> None:
        self.done += n

    def close(self) -> None:
        if self.description is not None:
            elapsed = time.perf_counter() - self.started
            line = f"{self.description}: {self.done}/{self.total} in {elapsed:.1f} s"
            stderr.print(line, highlight=False, markup=False)
        self.description = None


@contextmanager
def stage_bar() -> Iterator[StageBar | StageLines]:
    """The stages of a benchmark on stderr: a progress bar on a terminal (their descriptions in one column),
    else a line per stage (:class:`StageLines`)."""
    if not stderr.is_terminal:
        lines = StageLines()
        try:
            yield lines
        finally:
            lines.close()
        return
    with progress_bar(width=48) as progress:
        yield StageBar(progress)


def publish(
    name: str,
    out: Path | None,
    text: str,
    data: dict[str, Any],
    as_json: bool,
    extra: Callable[[Path], list[str]] | None = None,
) -> None:
    """Write NAME.md and NAME.json (and what `extra` draws into the folder), say where, print the report."""
    from alu.bench.report import output_dir

    folder = output_dir(out, name)
    (folder / f"{name}.md").write_text(text, encoding="utf-8")
    (folder / f"{name}.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    written = [f"{name}.md", f"{name}.json", *(extra(folder) if extra else [])]
    stderr.print(f"wrote {', '.join(str(folder / w) for w in written)}")
    if as_json:
        print_json(data)
    else:
        stdout.print(text, highlight=False, soft_wrap=True)
