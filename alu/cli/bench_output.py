"""What the `alu bench` commands share: a progress bar behind the benchmarks' ProgressSink, and publishing a
report (NAME.md and NAME.json in the results folder, printed as markdown or JSON)."""

from __future__ import annotations

import json
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


@contextmanager
def stage_bar() -> Iterator[StageBar]:
    """A progress bar on stderr for the stages of a benchmark (their descriptions in one column)."""
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
