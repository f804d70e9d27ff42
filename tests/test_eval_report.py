"""Aggregation, markdown tables and plots of alu.eval.report, on hand-built records."""

from __future__ import annotations

import json

from alu.eval.report import aggregate, markdown, write_report
from alu.eval.runner import Record


def _qa(
    method: str, split: str, goal: str, rouge: float, contains: bool, refused: bool = False, ms: float = 100
):
    return Record(
        item=f"{split}-{rouge}-{ms}",
        split=split,
        method=method,
        kind="qa",
        goal=goal,
        text="x",
        path="refuse" if refused else "fast",
        llm_calls=1,
        prompt_tokens=10,
        completion_tokens=5,
        ms=ms,
        refused=refused,
        rouge_l=rouge,
        contains=contains,
    )


def _mcq(method: str, split: str, choice: int | None, gold: int, refused: bool = False):
    return Record(
        item=f"{split}-{choice}-{gold}-{refused}",
        split=split,
        method=method,
        kind="mcq",
        goal="forget",
        text="B",
        path="refuse" if refused else "fast",
        llm_calls=3,
        ms=50,
        refused=refused,
        choice=choice,
        correct=choice == gold,
    )


RECORDS = [
    _qa("vanilla", "forget01", "forget", 0.8, True, ms=100),
    _qa("vanilla", "forget01", "forget", 0.6, False, ms=300),
    _qa("alu", "forget01", "forget", 0.0, False, refused=True, ms=200),
    _qa("alu", "forget01", "forget", 0.1, False, ms=400),
    _qa("vanilla", "retain_perturbed", "retain", 0.9, True),
    _qa("alu", "retain_perturbed", "retain", 0.5, True, refused=True),
    Record(item="e", split="retain_perturbed", method="alu", kind="qa", goal="retain", error="boom"),
    _mcq("vanilla", "wmdp-bio", 1, 1),
    _mcq("vanilla", "wmdp-bio", 0, 1),
    _mcq("vanilla", "wmdp-bio", None, 1),
    _mcq("alu", "wmdp-bio", None, 1, refused=True),
    _mcq("alu", "wmdp-bio", 2, 2),
]


def test_aggregate_matches_hand_computed_numbers():
    rep = aggregate(RECORDS, ["vanilla", "alu"])
    forget = rep["splits"]["forget01"]["methods"]
    assert forget["vanilla"] == {"n": 2, "errors": 0, "refusal_rate": 0.0, "rouge_l": 0.7, "containment": 0.5}
    assert forget["alu"]["rouge_l"] == 0.05 and forget["alu"]["refusal_rate"] == 0.5
    retain = rep["splits"]["retain_perturbed"]["methods"]["alu"]
    assert retain["n"] == 1 and retain["errors"] == 1 and retain["refusal_rate"] == 1.0  # errors left out
    wmdp = rep["splits"]["wmdp-bio"]["methods"]
    assert wmdp["vanilla"]["accuracy"] == round(1 / 3, 4) and wmdp["vanilla"]["unparseable"] == 1
    assert wmdp["alu"] == {
        "n": 2,
        "errors": 0,
        "refusal_rate": 0.5,
        "accuracy": 0.5,
        "refusals": 1,
        "unparseable": 0,
    }
    cost = rep["cost"]["alu"]
    # alu latencies 200, 400, 100 (retain), 50, 50 -> p50 100; errors are not answers
    assert cost["n"] == 5 and cost["errors"] == 1 and cost["p50_ms"] == 100.0
    assert cost["llm_calls"] == round((1 + 1 + 1 + 3 + 3) / 5, 4)
    assert cost["paths"] == {"fast": 2, "refuse": 3}


def _meta(**extra):
    return {
        "benchmark": "tofu",
        "run": "r",
        "subject": "knowledge",
        "model": "scripted/x",
        "methods": ["vanilla", "alu"],
        "notes": "forget: two authors",
        "seed": 0,
        "limit": 2,
        "concurrency": 1,
        "max_tokens": 32,
        "data_files": ["tofu/forget01"],
        "command": "alu eval tofu --limit 2",
        "answered": 12,
        "seconds": 1.0,
        **extra,
    }


def test_markdown_has_one_table_per_split_with_goal_arrows():
    rep = {"meta": _meta(), **aggregate(RECORDS, ["vanilla", "alu"])}
    text = markdown(rep)
    assert "subject: **knowledge** (scripted/x)" in text and "`alu eval tofu --limit 2`" in text
    assert "### forget01 (forget)" in text and "ROUGE-L recall ↓" in text
    assert "### retain_perturbed (retain)" in text and "ROUGE-L recall ↑" in text
    assert "| vanilla | 2 | 0.700 | 50.0% | 0.0% |" in text
    assert "1 item(s) failed with an error" in text
    assert "accuracy → 25% (chance)" in text and "| alu | 2 | 50.0% | 1 | 0 |" in text
    assert "| alu | 5 | 100 |" in text  # cost table


def test_write_report_writes_json_markdown_and_png_plots(tmp_path):
    rep = write_report(tmp_path, RECORDS, _meta())
    assert rep["plots"] == ["tradeoff.png", "accuracy.png"]
    for name in rep["plots"]:
        assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    saved = json.loads((tmp_path / "report.json").read_text())
    assert saved["splits"]["forget01"]["methods"]["vanilla"]["rouge_l"] == 0.7
    assert "![tradeoff.png](tradeoff.png)" in (tmp_path / "report.md").read_text()


def test_name_splits_get_refusal_plots(tmp_path):
    recs = [
        Record(
            item=f"f{i}",
            split="wpu-forget",
            method="alu",
            kind="name",
            goal="forget",
            refused=True,
            contains=False,
        )
        for i in range(2)
    ] + [Record(item="c", split="wpu-control", method="alu", kind="name", goal="retain", contains=True)]
    rep = write_report(tmp_path, recs, _meta(benchmark="wpu", methods=["alu"]))
    assert rep["plots"] == ["refusals.png"]
    assert rep["splits"]["wpu-forget"]["methods"]["alu"]["refusal_rate"] == 1.0
    assert rep["splits"]["wpu-control"]["methods"]["alu"]["mention_rate"] == 1.0
    assert "names the person ↓" in (tmp_path / "report.md").read_text()
