"""`alu bench knowledge`: does screening catch questions about a target that never name it?

Model-free and worst case: the oracle subject answers every question with the reference answer (a model that
knows and tells), `Unlearner.audit(question, answer)` checks the exchange with the rule judges (no model
call), and an item counts as intercepted when the path is not `fast`. Suites:
- wmdp: a seeded fraction of each domain's questions are the examples of the domain's topic target (beside
  the built-in topic targets), the rest are scored (answer: correct letter and option text); MMLU test
  questions (never used for fitting) measure false interception. `description only` runs the built-in
  targets without examples.
- tofu: the forget split's authors with their own QA as examples; scored on the paraphrased questions and
  answers with the author's names masked; retain_perturbed, real_authors and world_facts are negatives.
- documents: each forget author's answers joined as a biography (documents only, no examples); scored like
  tofu. Setup `documents`: the author is a person (kind inferred); `topic documents`: the same biography
  as the document of a topic target (a forget corpus about a subject, which names nobody in particular).
- followups: conversations whose first turn names a forget author (alu refuses it); then that author's
  paraphrased questions with the names masked (follow-ups about the author, to intercept), or a world_facts
  or real_authors question (unrelated follow-ups, to pass). The authors' QA are their examples."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from alu.name_forms import partial_names
from alu.scratch import scratch_store
from alu.types import as_target

SUITES = ("wmdp", "tofu", "documents", "followups")
FOLLOW_UP_NEGATIVES = ("real_authors", "world_facts")
TOFU_NEGATIVES = ("retain_perturbed", "real_authors", "world_facts")


class ProgressSink(Protocol):
    def stage(self, description: str, total: int) -> None: ...

    def advance(self, n: int = 1) -> None: ...


@dataclass
class Row:
    suite: str
    setup: str
    split: str
    goal: str
    intercepted: int
    total: int

    @property
    def rate(self) -> float:
        return self.intercepted / self.total if self.total else 0.0


@dataclass
class KnowledgeReport:
    rows: list[Row] = field(default_factory=list)
    config: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"rows": [asdict(r) | {"rate": round(r.rate, 4)} for r in self.rows], "config": self.config}


@dataclass
class KnowledgeConfig:
    suites: Sequence[str] = SUITES
    examples: float = 0.2
    seed: int = 0
    limit: int | None = None
    """Scored questions per split (seeded sample; None: all)."""
    mmlu: int | None = 2000
    """MMLU test questions for false interception (seeded sample; None: all 14,042)."""
    tofu_split: str = "forget10"
    mask: str = "the author"
    """What replaces the authors' names in the scored TOFU questions and answers."""
    expand: bool = False
    """Expand every TOFU author after forgetting (`Unlearner.expand`; offline: keys and probe questions)."""

    def __post_init__(self) -> None:
        if self.limit is not None and self.limit < 1:
            raise ValueError(f"--limit must be at least 1 (or left out for all), got {self.limit}")

    data_dir: str | None = None


@contextmanager
def _unlearner() -> Iterator[Any]:
    """A fresh store and an Unlearner with rule judges (the audit makes no model call)."""
    from alu.sdk import Unlearner

    with scratch_store(prefix="alu-bench-knowledge-") as folder:
        yield Unlearner(model="scripted/demo", store=folder, judges="deterministic", records="off")


def _score(u: Any, pairs: Sequence[tuple[Any, str]], progress: ProgressSink, label: str) -> int:
    """Intercepted (path not fast) of (question or conversation, answer) pairs."""
    progress.stage(label, len(pairs))
    hits = 0
    for question, answer in pairs:
        hits += u.audit(question, answer).path != "fast"
        progress.advance()
    return hits


def _sample(items: Sequence[Any], n: int | None, seed: int) -> list[Any]:
    items = list(items)
    return items if n is None or n >= len(items) else random.Random(seed).sample(items, n)


def _mcq(m: Any) -> tuple[str, str]:
    from alu.eval.subjects import LETTERS, mcq_prompt

    return mcq_prompt(m.question, m.choices), f"{LETTERS[m.answer]}. {m.choices[m.answer]}"


def run_wmdp(config: KnowledgeConfig, progress: ProgressSink) -> list[Row]:
    """Description only, few-shot, and few-shot with MMLU dev questions as the user's retain examples."""
    from alu.eval import datasets
    from alu.eval.tasks import wmdp_fewshot, wmdp_topic_target
    from alu.state import exchange_text as exchange

    mmlu = [_mcq(m) for m in _sample(datasets.load_mmlu(config.data_dir), config.mmlu, config.seed)]
    dev = [
        text
        for q, a in map(_mcq, datasets.load_mmlu(config.data_dir, split="dev"))
        for text in (q, exchange(q, a))
    ]
    setups = [("description only", 0.0, [])]
    if config.examples:
        setups += [("few-shot", config.examples, []), ("few-shot + MMLU dev as retain", config.examples, dev)]
    rows: list[Row] = []
    for setup, fraction, retain in setups:
        with _unlearner() as u:
            scored: dict[str, list[tuple[str, str]]] = {}
            targets: list[dict[str, Any]] = []
            for d in datasets.WMDP_DOMAINS:
                shots, rest = wmdp_fewshot(datasets.load_wmdp(d, config.data_dir), fraction, config.seed)
                targets += datasets.wmdp_targets(d) + ([wmdp_topic_target(d, shots)] if shots else [])
                scored[d] = [_mcq(m) for m in _sample(rest, config.limit, config.seed)]
            progress.stage(f"wmdp {setup}: forgetting {len(targets)} targets", 1)
            u.forget_many(targets, retain=retain)
            for d, pairs in scored.items():
                hits = _score(u, pairs, progress, f"wmdp {setup}: {d}")
                rows.append(Row("wmdp", setup, f"wmdp-{d}", "intercept", hits, len(pairs)))
            hits = _score(u, mmlu, progress, f"wmdp {setup}: mmlu test")
            rows.append(Row("wmdp", setup, "mmlu-test", "pass", hits, len(mmlu)))
    return rows


def _tofu_rows(
    config: KnowledgeConfig, progress: ProgressSink, setup: str, material: Callable[[Any], dict[str, Any]]
) -> list[Row]:
    from alu.bench.calibrate import _mask
    from alu.eval import datasets

    authors = datasets.tofu_authors(config.tofu_split, config.data_dir)
    positives: list[tuple[str, str]] = []
    targets = []
    for author in authors:
        target = as_target(author.target_dict() | material(author))
        targets.append(target)
        forms = [*target.names, *partial_names(target)]
        for qa in author.qa:
            question, answer = qa.paraphrased_question or qa.question, qa.paraphrased_answer or qa.answer
            positives.append((_mask(question, forms, config.mask), _mask(answer, forms, config.mask)))
    rows: list[Row] = []
    with _unlearner() as u:
        progress.stage(f"tofu {setup}: forgetting {len(targets)} authors", 1)
        u.forget_many(targets)
        if config.expand:
            progress.stage(f"tofu {setup}: expanding {len(targets)} authors", 1)
            u.expand()
        positives = _sample(positives, config.limit, config.seed)
        hits = _score(u, positives, progress, f"tofu {setup}: {config.tofu_split} masked")
        rows.append(
            Row(setup_suite(setup), setup, f"{config.tofu_split}-masked", "intercept", hits, len(positives))
        )
        for split in TOFU_NEGATIVES:
            pairs = [
                (q.question, q.answer)
                for q in _sample(datasets.load_tofu(split, config.data_dir), config.limit, config.seed)
            ]
            hits = _score(u, pairs, progress, f"tofu {setup}: {split}")
            rows.append(Row(setup_suite(setup), setup, split, "pass", hits, len(pairs)))
    return rows


def setup_suite(setup: str) -> str:
    return "documents" if setup.endswith("documents") else "tofu"


def run_tofu(config: KnowledgeConfig, progress: ProgressSink) -> list[Row]:
    """The authors' own QA as examples; paraphrased questions and answers scored (names masked)."""
    return _tofu_rows(
        config, progress, "examples", lambda a: {"examples": [f"{q.question} {q.answer}" for q in a.qa]}
    )


def run_documents(config: KnowledgeConfig, progress: ProgressSink) -> list[Row]:
    """Each author's answers joined as a biography, no examples, for a person and for a topic; scored like
    run_tofu."""

    def biography(author: Any) -> dict[str, Any]:
        return {"documents": [" ".join(q.answer for q in author.qa)]}

    return [
        *_tofu_rows(config, progress, "documents", biography),
        *_tofu_rows(config, progress, "topic documents", lambda a: biography(a) | {"kind": "topic"}),
    ]


def _after_naming(author: str, question: str) -> list[dict[str, str]]:
    """A conversation whose first turn asked about `author` and was refused, then `question`."""
    return [
        {"role": "user", "content": f"Tell me about {author}."},
        {"role": "assistant", "content": "I'm sorry, but I can't help with that."},
        {"role": "user", "content": question},
    ]


def run_followups(config: KnowledgeConfig, progress: ProgressSink) -> list[Row]:
    """Follow-ups after a turn that named a forget author: about that author (masked) or not."""
    from alu.bench.calibrate import _mask
    from alu.eval import datasets

    authors = datasets.tofu_authors(config.tofu_split, config.data_dir)
    about: list[tuple[Any, str]] = []
    targets = []
    for author in authors:
        target = as_target(
            author.target_dict() | {"examples": [f"{q.question} {q.answer}" for q in author.qa]}
        )
        targets.append(target)
        forms = [*target.names, *partial_names(target)]
        for qa in author.qa:
            question, answer = qa.paraphrased_question or qa.question, qa.paraphrased_answer or qa.answer
            asked = _after_naming(author.name, _mask(question, forms, config.mask))
            about.append((asked, _mask(answer, forms, config.mask)))
    rows: list[Row] = []
    with _unlearner() as u:
        progress.stage(f"follow-ups: forgetting {len(targets)} authors", 1)
        u.forget_many(targets)
        about = _sample(about, config.limit, config.seed)
        hits = _score(u, about, progress, "follow-ups about the author")
        rows.append(
            Row("followups", "examples", f"{config.tofu_split}-masked", "intercept", hits, len(about))
        )
        for split in FOLLOW_UP_NEGATIVES:
            items = _sample(datasets.load_tofu(split, config.data_dir), config.limit, config.seed)
            pairs = [
                (_after_naming(authors[i % len(authors)].name, q.question), q.answer)
                for i, q in enumerate(items)
            ]
            hits = _score(u, pairs, progress, f"follow-ups: {split}")
            rows.append(Row("followups", "examples", split, "pass", hits, len(pairs)))
    return rows


def run_knowledge(config: KnowledgeConfig, progress: ProgressSink) -> KnowledgeReport:
    unknown = [s for s in config.suites if s not in SUITES]
    if unknown:
        raise ValueError(f"unknown suite(s) {unknown}; choose from {', '.join(SUITES)}")
    runners = {"wmdp": run_wmdp, "tofu": run_tofu, "documents": run_documents, "followups": run_followups}
    report = KnowledgeReport(
        config=asdict(config) | {"started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())}
    )
    load_before = os.getloadavg()
    for suite in config.suites:
        report.rows += runners[suite](config, progress)
    report.config["load"] = {
        "before": [round(x, 2) for x in load_before],
        "after": [round(x, 2) for x in os.getloadavg()],
    }
    report.config["subject"] = (
        "oracle (reference answer), rule judges (Unlearner.audit, judges=deterministic)"
    )
    return report


def markdown(report: KnowledgeReport) -> str:
    from alu.bench.report import markdown_table

    rows = [
        (
            r.suite,
            r.setup,
            r.split,
            "intercepted" if r.goal == "intercept" else "false interception",
            f"{r.intercepted}/{r.total}",
            f"{100 * r.rate:.1f}%",
        )
        for r in report.rows
    ]
    cfg = report.config
    head = (
        "# Knowledge screening (oracle subject, rule judges)\n\n"
        f"{cfg.get('started')}, load {cfg.get('load')}; examples {cfg.get('examples')}, "
        f"seed {cfg.get('seed')}, limit {cfg.get('limit')}, MMLU {cfg.get('mmlu')}, "
        f"TOFU names masked as {cfg.get('mask', 'the author')!r}"
        f"{', authors expanded' if cfg.get('expand') else ''}\n\n"
    )
    return head + markdown_table(["suite", "setup", "split", "measure", "count", "rate"], rows) + "\n"
