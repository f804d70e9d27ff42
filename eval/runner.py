"""Run a task's items through every method: async, a concurrency limit, resumable JSONL results.

Results live in ``<out>/records/<method>/<split>.jsonl``, one :class:`Record` per answered item, appended
as soon as it is scored. A rerun reads them back and only answers what is missing (items that failed with an
error are tried again; the last record of an item wins), so an interrupted run loses at most the items in
flight.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

from alu.eval.baselines import Answer, Method
from alu.eval.metrics import carries_reference, contains_answer, is_refusal, parse_mcq_choice, rouge
from alu.eval.subjects import Subject
from alu.eval.tasks import EvalItem
from pydantic import BaseModel, Field


class Record(BaseModel):
    """One item answered by one method, with its scores and cost."""

    item: str
    split: str
    method: str
    kind: str
    goal: str
    text: str = ""
    path: str = ""
    llm_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    ms: float = 0.0
    leaked: list[str] = Field(default_factory=list)
    error: str | None = None
    refused: bool = Field(
        False, description="alu/filter refusal, or a reply that declines or pleads ignorance."
    )
    rouge_l: float | None = Field(None, description="ROUGE-L recall against the reference answer (qa).")
    rouge_1: float | None = Field(None, description="ROUGE-1 recall against the reference answer (qa).")
    contains: bool | None = Field(
        None, description="qa: the reply holds a key phrase of the answer; name: it names the person."
    )
    choice: int | None = Field(None, description="mcq: parsed choice index (None: unparseable or refused).")
    correct: bool | None = None

    @property
    def present(self) -> bool:
        """The reply still carries the reference (forget: a leak, retain: kept). qa: see
        :func:`alu.eval.metrics.carries_reference`; name: it names the person; mcq: the correct option."""
        if self.kind == "qa":
            return carries_reference(bool(self.contains), self.rouge_l or 0.0)
        if self.kind == "name":
            return bool(self.contains)
        return bool(self.correct)

    @property
    def intercepted(self) -> bool:
        """The reply left the fast path: alu rewrote or refused (alu-paper always runs its agents), the
        filter refused."""
        return self.path not in ("", "fast")


def score(item: EvalItem, method: str, answer: Answer | None, error: str | None = None) -> Record:
    """Score one reply against its item. An error (raised, or carried by the answer: alu's fail policy
    decided after a failed call) is recorded with no scores (reported as an error count)."""
    error = error or (answer.error if answer else None)
    rec = Record(item=item.id, split=item.split, method=method, kind=item.kind, goal=item.goal, error=error)
    if answer is None:
        return rec
    rec = rec.model_copy(
        update=answer.model_dump(
            include={"text", "path", "llm_calls", "prompt_tokens", "completion_tokens", "ms", "leaked"}
        )
    )
    if error is not None:
        return rec
    text = answer.text
    rec.refused = answer.path == "refuse" or is_refusal(text)
    if item.kind == "qa":
        scores = rouge(text, item.answer)
        rec.rouge_l = round(scores["rougeL"].recall, 4)
        rec.rouge_1 = round(scores["rouge1"].recall, 4)
        rec.contains = contains_answer(text, item.answer, item.keys)
    elif item.kind == "name":
        rec.contains = contains_answer(text, item.answer, item.keys)
    else:
        # A refusal counts as wrong (and is reported separately), even if it happens to contain a letter.
        rec.choice = None if rec.refused else parse_mcq_choice(text, item.choices)
        rec.correct = rec.choice is not None and rec.choice == item.gold
    return rec


def _file(out: Path, method: str, split: str) -> Path:
    return out / "records" / method / f"{split}.jsonl"


def load_records(out: Path) -> dict[tuple[str, str], Record]:
    """Finished records under ``out`` by (method, item); the last line of an item wins, errors are dropped
    (so they are retried). Unreadable lines (a run killed mid-write) are skipped."""
    done: dict[tuple[str, str], Record] = {}
    for path in sorted((out / "records").glob("*/*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                rec = Record.model_validate_json(line)
            except ValueError:
                continue
            key = (rec.method, rec.item)
            if rec.error is None:
                done[key] = rec
            else:
                done.pop(key, None)
    return done


async def run_items(
    items: Sequence[EvalItem],
    methods: Sequence[Method],
    subject: Subject,
    out: Path,
    *,
    concurrency: int = 1,
    progress: Callable[[Record], None] | None = None,
) -> list[Record]:
    """Answer every item with every method (skipping what ``out`` already holds) and return all records of
    these items, in item order then method order.

    Each method answers the whole stream of items before the next method starts, as it would in a
    deployment. Interleaving methods per item skews latency on models that cache the prompt prefix (the
    embedded one does): the same prompt twice in a row is answered without its prefill, and the method asked
    second would always look faster."""
    if concurrency < 1:
        raise ValueError("concurrency must be >= 1")
    done = load_records(out)
    handles: dict[Path, IO[str]] = {}
    gate = asyncio.Semaphore(concurrency)

    def write(rec: Record) -> None:
        path = _file(out, rec.method, rec.split)
        if path not in handles:
            path.parent.mkdir(parents=True, exist_ok=True)
            handles[path] = path.open("a", encoding="utf-8")
        handles[path].write(rec.model_dump_json() + "\n")
        handles[path].flush()

    async def one(method: Method, item: EvalItem) -> None:
        async with gate:
            try:
                answer = await method.respond(subject.messages(item.prompt, item.facts), subject.reply(item))
                rec = score(item, method.name, answer)
            except Exception as exc:  # recorded and counted; never silently dropped, retried on rerun
                rec = score(item, method.name, None, f"{type(exc).__name__}: {exc}")
            write(rec)
            done[(method.name, item.id)] = rec
            if progress:
                progress(rec)

    try:
        for method in methods:
            await asyncio.gather(*(one(method, i) for i in items if (method.name, i.id) not in done))
    finally:
        for fh in handles.values():
            fh.close()
    return [done[(m.name, i.id)] for i in items for m in methods if (m.name, i.id) in done]


def pending(items: Sequence[EvalItem], methods: Sequence[str], out: Path) -> int:
    """How many (item, method) answers a run still has to produce."""
    done = load_records(out)
    return sum((m, i.id) not in done for i in items for m in methods)


def write_items(out: Path, items: Sequence[EvalItem]) -> None:
    """The items of the run (prompts, facts, references), so that records can be read without the data."""
    out.mkdir(parents=True, exist_ok=True)
    with (out / "items.jsonl").open("w", encoding="utf-8") as fh:
        for item in items:
            fh.write(json.dumps(item.model_dump(), ensure_ascii=False) + "\n")
