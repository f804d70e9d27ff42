"""`alu bench knowledge`'s follow-ups suite on a miniature TOFU: after a turn that names a forget author,
questions about that author with the name masked are intercepted, unrelated ones pass."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_eval_datasets import AUTHORS, _author_block, _write

from alu.bench.knowledge import KnowledgeConfig, run_knowledge


class _Quiet:
    def stage(self, description: str, total: int) -> None: ...

    def advance(self, n: int = 1) -> None: ...


def test_follow_ups_about_an_author_are_intercepted_and_unrelated_ones_pass(tmp_path: Path):
    root = tmp_path / "data"
    forget = [rec for author in AUTHORS for rec in _author_block(*author)]
    _write(root / "tofu" / "full.json", forget)
    _write(root / "tofu" / "forget01.json", forget)
    _write(
        root / "tofu" / "real_authors.json",
        [{"question": "Which author is known for the novel '1984'?", "answer": "George Orwell"}],
    )
    _write(
        root / "tofu" / "world_facts.json",
        [
            {"question": "In what year did India gain its independence from Britain?", "answer": "1947"},
            {
                "question": "How long does it take light to reach Earth from the Sun?",
                "answer": "About 8 minutes",
            },
        ],
    )
    config = KnowledgeConfig(suites=["followups"], tofu_split="forget01", data_dir=str(root), mask="they")
    report = run_knowledge(config, _Quiet())
    rows = {r.split: r for r in report.rows}
    about = rows["forget01-masked"]
    assert about.total == 60 and about.intercepted >= 57, about  # 'they' leans on the first turn
    assert rows["real_authors"].intercepted == 0 and rows["world_facts"].intercepted == 0, rows
    assert json.loads(json.dumps(report.to_json()))["config"]["mask"] == "they"


def test_documents_suite_expands_every_author_when_asked(tmp_path: Path):
    """`--expand` runs the offline expansion after forgetting: the report says so, and the authors' masked
    questions are scored against the biographies with their probes."""
    from alu.bench.knowledge import markdown

    root = tmp_path / "data"
    forget = [rec for author in AUTHORS for rec in _author_block(*author)]
    _write(root / "tofu" / "full.json", forget)
    _write(root / "tofu" / "forget01.json", forget)
    other = _author_block("Ines Marrow", "Porto, Portugal", "romance", ("Tide Letters", "Cork Harbour"))
    _write(root / "tofu" / "retain_perturbed.json", other)
    _write(root / "tofu" / "real_authors.json", [{"question": "Who wrote '1984'?", "answer": "Orwell"}])
    _write(root / "tofu" / "world_facts.json", [{"question": "What is Peru's capital?", "answer": "Lima"}])
    config = KnowledgeConfig(suites=["documents"], tofu_split="forget01", data_dir=str(root), expand=True)
    report = run_knowledge(config, _Quiet())
    rows = {(r.setup, r.split): r for r in report.rows}
    masked = rows[("documents", "forget01-masked")]
    assert masked.total == 60 and masked.intercepted >= 54, masked
    assert rows[("documents", "world_facts")].intercepted == 0
    assert report.config["expand"] and "authors expanded" in markdown(report)


def test_a_zero_limit_is_refused():
    with pytest.raises(ValueError, match="--limit must be at least 1"):
        KnowledgeConfig(limit=0)
