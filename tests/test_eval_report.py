"""Aggregation, markdown tables and plots of alu.eval.report, on hand-built records."""

from __future__ import annotations

import json

from alu.eval.report import aggregate, examples, markdown, write_report
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


def _values(stats: dict) -> dict:
    return {k: v for k, v in stats.items() if not k.endswith("_ci")}


def test_aggregate_matches_hand_computed_numbers():
    rep = aggregate(RECORDS, ["vanilla", "alu"])
    forget = rep["splits"]["forget01"]["methods"]
    # vanilla: one reply contains a key phrase, the other reproduces 0.6 of the reference: both leak
    assert _values(forget["vanilla"]) == {
        "n": 2,
        "errors": 0,
        "leak_rate": 1.0,
        "interception_rate": 0.0,
        "refusal_rate": 0.0,
        "rouge_l": 0.7,
        "rouge_1": 0.0,
        "containment": 0.5,
    }
    alu = forget["alu"]
    assert alu["rouge_l"] == 0.05 and alu["refusal_rate"] == 0.5
    assert alu["leak_rate"] == 0.0 and alu["interception_rate"] == 0.5
    retain = rep["splits"]["retain_perturbed"]["methods"]["alu"]
    assert retain["n"] == 1 and retain["errors"] == 1 and retain["refusal_rate"] == 1.0  # errors left out
    assert retain["kept_rate"] == 1.0 and retain["false_interception_rate"] == 1.0
    wmdp = rep["splits"]["wmdp-bio"]["methods"]
    assert wmdp["vanilla"]["accuracy"] == round(1 / 3, 4) and wmdp["vanilla"]["unparseable"] == 1
    assert _values(wmdp["alu"]) == {
        "n": 2,
        "errors": 0,
        "leak_rate": 0.5,
        "interception_rate": 0.5,
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
    # pooled ROUGE-L of the trade-off plot: vanilla forget (0.8 + 0.6) / 2, retain 0.9
    assert rep["tradeoff"]["vanilla"]["forget_rouge_l"] == 0.7
    assert rep["tradeoff"]["vanilla"]["retain_rouge_l"] == 0.9


def test_every_rate_and_mean_has_a_seeded_bootstrap_interval():
    rep = aggregate(RECORDS, ["vanilla", "alu"], seed=3)
    again = aggregate(RECORDS, ["vanilla", "alu"], seed=3)
    assert rep == again  # seeded: the same intervals every time
    for info in rep["splits"].values():
        for stats in info["methods"].values():
            for key, value in stats.items():
                if isinstance(value, float):
                    low, high = stats[f"{key}_ci"]
                    assert low <= value <= high, (key, value, low, high)
    vanilla = rep["splits"]["forget01"]["methods"]["vanilla"]
    assert vanilla["containment_ci"] == [0.0, 1.0]  # one of two: the resamples range over 0, 1/2 and 1
    assert vanilla["leak_rate_ci"] == [1.0, 1.0]  # two of two: every resample agrees


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
    assert "| vanilla | 2 | 100.0% [100.0, 100.0] | 0.0% [0.0, 0.0] | 0.700 [0.600, 0.800] |" in text
    assert "1 item(s) failed with an error" in text
    assert "accuracy → 25% (chance)" in text and "| 50.0% [0.0, 100.0] | 1 | 0 |" in text
    assert "| alu | 5 | 100 |" in text  # cost table


def test_write_report_writes_json_markdown_and_png_plots(tmp_path):
    rep = write_report(tmp_path, RECORDS, _meta())
    assert rep["plots"] == ["tradeoff.png", "leaks.png", "accuracy.png"]
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
    assert rep["plots"] == ["leaks.png", "refusals.png"]
    assert rep["splits"]["wpu-forget"]["methods"]["alu"]["refusal_rate"] == 1.0
    assert rep["splits"]["wpu-control"]["methods"]["alu"]["mention_rate"] == 1.0
    assert "names the person ↓" in (tmp_path / "report.md").read_text()


def test_examples_list_leaks_on_forget_and_losses_on_retain():
    prompts = {r.item: f"question {r.item}" for r in RECORDS}
    found = examples(RECORDS, prompts, ["vanilla", "alu"], limit=1)
    assert found["forget01"]["vanilla"] == [
        {"item": "forget01-0.8-100", "prompt": "question forget01-0.8-100", "reply": "x", "path": "fast"}
    ]
    assert "alu" not in found["forget01"] and "retain_perturbed" not in found  # no leak, nothing lost
    assert [e["item"] for e in found["wmdp-bio"]["alu"]] == [
        "wmdp-bio-2-2-False"
    ]  # the correct choice leaked
