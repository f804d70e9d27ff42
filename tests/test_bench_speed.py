"""`alu bench overhead`, `cli` and `ingest`, end to end on small stores (the numbers are not asserted: speed
is reported by the commands, never tested)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from alu.cli.app import app

runner = CliRunner()


def test_bench_overhead_reports_every_fast_path_stage_and_the_goals(tmp_path):
    out = tmp_path / "out"
    args = ["bench", "overhead", "--targets", "30", "--queries", "4", "--warmup", "1", "--out", str(out)]
    result = runner.invoke(app, [*args, "--store", str(tmp_path / "store"), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["targets"] == 30 and report["queries"] == 4
    assert list(report["stages"]) == ["screen", "vanilla", "look_answer", "screen_answer", "log", "glue"]
    assert {c["name"] for c in report["checks"]} == {
        "overhead_p50_ms",
        "overhead_p99_ms",
        "audit_p50_ms",
        "log_p50_ms",
        "open_s",
    }
    assert report["summary"]["alu_p50_ms"] >= report["summary"]["overhead_p50_ms"]
    assert report["summary"]["audit_p50_ms"] > 0 and report["summary"]["audit_after_call_p50_ms"] > 0
    markdown = (out / "overhead.md").read_text(encoding="utf-8")
    assert "| screen answer: the rest |" in markdown and "| screener open |" in markdown
    assert report["reopen"]["open_s"] > 0 and report["reopen"]["first_audit_s"] > 0
    assert report["ingest"]["masked_vectors_embedded"] == 30
    again = json.loads(runner.invoke(app, [*args, "--store", str(tmp_path / "store"), "--json"]).stdout)
    assert again["ingest"]["added"] == 0  # a reused store is only topped up
    assert again["ingest"]["masked_vectors_embedded"] == 0  # and its masked vectors are loaded


def test_bench_cli_times_cold_commands_and_leaves_the_store_as_it_was(tmp_path):
    from alu.store import ForgetStore

    store = tmp_path / "store"
    ForgetStore(str(store)).add(["Ada Quill"])
    args = ["bench", "cli", "--store", str(store), "--repeats", "1", "--model", "scripted/demo"]
    result = runner.invoke(app, [*args, "--out", str(tmp_path / "out"), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [r["command"] for r in report["rows"]] == [
        "--version",
        "--help",
        "targets count",
        "targets list",
        "targets add",
        "targets remove",
        "ask",
    ], report["notes"]
    assert report["targets"] == 1 and report["model"] == "scripted/demo"
    assert "`alu ask` on scripted/demo" in (tmp_path / "out" / "cli.md").read_text()
    assert all(r["cpu_s"] > 0 for r in report["rows"])  # the child's own CPU time, beside the wall time
    assert [t.name for t in ForgetStore(str(store)).all()] == ["Ada Quill"]


def test_bench_cli_refuses_a_store_that_is_not_there_and_creates_none(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "a-file").write_text("x")
    for store, said in [
        ("missing", "no such directory"),
        ("empty", "no alu store there"),
        ("a-file", "no such"),
    ]:
        result = runner.invoke(app, ["bench", "cli", "--store", str(tmp_path / store), "--repeats", "1"])
        assert result.exit_code == 1 and said in " ".join(result.output.split()), result.output
    assert not (tmp_path / "missing").exists() and not any((tmp_path / "empty").iterdir())


def test_bench_cli_says_when_every_run_compiles_alu_from_source(tmp_path):
    import py_compile

    from alu.bench.cli_cold import bytecode_note

    source = tmp_path / "module.py"
    source.write_text("x = 1\n")
    assert "compiled from source" in bytecode_note([source], writes_bytecode_off=True)
    assert bytecode_note([source], writes_bytecode_off=False) is None  # the first run writes it
    py_compile.compile(str(source))
    assert bytecode_note([source], writes_bytecode_off=True) is None


def test_bench_ingest_reports_targets_vectors_and_the_embedding_floor(tmp_path):
    args = ["bench", "ingest", "--targets", "6", "--vectors-per-target", "2", "--out", str(tmp_path / "out")]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["targets"] == 6
    assert report["vectors"] >= 6 + 6 * 2  # a row per target and one per example at least
    assert report["targets_per_s"] > 0 and report["vectors_per_s"] > report["targets_per_s"]
    assert report["embed_s"] > 0 and 0 < report["embed_share"]
    assert [c["name"] for c in report["checks"]] == ["ingest ≥ 300 targets/s"]
    text = (tmp_path / "out" / "ingest.md").read_text(encoding="utf-8")
    assert "embedding the same texts alone" in text and "one-off loads took" in text
    # the machine is stated with what sets the embedder's speed: its CPU and how int8 products run there
    from alu.int8_kernels import saturates

    kernel = report["machine"]["int8_kernel"]
    assert kernel == ("saturating, precise mode (uint8 weights)" if saturates() else "exact")
    assert report["machine"]["cpu"] and f"({report['machine']['cpu']}; int8 kernel {kernel})" in text
    assert report["warmup_s"] > 0
    assert report["again_skipped"] == 6 and report["again_s"] > 0  # a re-import of the same file skips all
    assert "the same targets again (6 unchanged, skipped)" in text
    # stderr is no terminal here: each stage is a line when it starts and one when it ends, not a bar
    lines = result.stderr.splitlines()
    assert "ingest 6 targets ..." in lines and "ingest 6 targets: 6/6 in" in result.stderr
    assert not any("━" in line for line in lines)
