"""Erasure records: the decision log (one row per call, from every entry point, no text by default, never in
the way of an answer), target history, `alu runs`, `alu verify` and the erasure report."""

from __future__ import annotations

import json
import logging
import re
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

import litellm
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import alu
from alu.cli import app
from alu.demo import DEMO_FACTS, DEMO_TARGETS
from alu.guardrail import AluGuardrail
from alu.records import db, writer
from alu.server import ServerConfig, create_app

QUESTION = "Who wrote The Salt Atlas?"
LEAK = DEMO_FACTS["salt atlas"]  # the demo model's answer: names Maren Olvhagen
MAREN = DEMO_TARGETS[0]["name"]
ADMIN, TOKEN = "admin-secret", "client-secret"


def rows(directory: Path, table: str = "calls") -> list[dict]:
    out = []
    for path in db.files(directory):
        conn = db.open_read(path)
        out += [dict(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY ts")]
        conn.close()
    return out


@pytest.fixture
def demo(unlearner):
    """An Unlearner on the demo model with the demo targets, requested with metadata."""
    u = unlearner("scripted/demo")
    u.forget_many([{**t, "requested_by": "legal", "reference": "DSR-7"} for t in DEMO_TARGETS])
    return u


def records_dir(u: alu.Unlearner) -> Path:
    u.records.flush()
    return u.records.directory


# ------------------------------------------------------------------------------------- the decision log


def test_records_live_beside_a_local_store_and_can_be_off(unlearner, store_dir, tmp_path):
    assert unlearner("scripted/demo").records.directory == Path(store_dir + ".records")
    assert (
        unlearner("scripted/demo", records=str(tmp_path / "elsewhere")).records.directory
        == tmp_path / "elsewhere"
    )
    off = unlearner("scripted/demo", records="off")
    off.ask("What is the capital of France?")
    assert not off.records.enabled and not Path(store_dir + ".records").exists()


async def test_one_row_per_call_from_every_entry_point(demo, store_dir):
    demo.ask(QUESTION)  # sdk
    cli = CliRunner().invoke(app, ["--model", "scripted/demo", "--store", store_dir, "ask", QUESTION])
    assert cli.exit_code == 0, cli.output
    client = TestClient(create_app(demo, ServerConfig(tokens=[TOKEN], admin_tokens=[ADMIN])))
    reply = client.post(
        "/v1/chat/completions",
        headers={"Authorization": f"Bearer {TOKEN}"},
        json={"model": "alu", "messages": [{"role": "user", "content": QUESTION}]},
    )
    assert reply.status_code == 200
    alu.completion(model="scripted/demo", messages=[{"role": "user", "content": QUESTION}], unlearner=demo)
    guardrail = AluGuardrail(guardrail_name="alu", alu_store=store_dir, alu_model="scripted/demo")
    response = litellm.ModelResponse(
        choices=[{"index": 0, "message": {"role": "assistant", "content": LEAK}, "finish_reason": "stop"}]
    )
    data = {"messages": [{"role": "user", "content": QUESTION}], "metadata": {}}
    await guardrail.async_post_call_success_hook(data=data, user_api_key_dict=None, response=response)
    guardrail.unlearner.records.flush()

    logged = rows(records_dir(demo))
    assert [r["entry"] for r in logged] == ["sdk", "cli", "server", "wrapper", "guardrail"]
    maren = alu.Target(name=MAREN).id
    for r in logged:
        assert r["path"] in ("rewrite", "refuse") and json.loads(r["revealed"]) == [maren], r
        assert r["model"] and r["ms"] > 0 and r["error"] is None
        assert "screen_answer" in dict(json.loads(r["nodes"]))  # nodes run, with their outcomes
    assert logged[0]["llm_calls"] >= 1 and logged[0]["prompt_tokens"] > 0
    audited = dict(json.loads(logged[-1]["nodes"]))
    assert audited["vanilla"] == "answer given by the caller"  # the guardrail audits, it never re-asks


def test_no_query_or_answer_text_is_stored_unless_log_content(unlearner, tmp_path):
    secret = "Which ferry did the clockmaker's daughter take on 3 May?"
    for content, directory in ((False, tmp_path / "plain"), (True, tmp_path / "content")):
        u = unlearner("scripted/demo", records=str(directory), log_content=content)
        u.forget("Maren Olvhagen")
        answer = u.ask(secret).text
        u.records.flush()
        blob = b"".join(p.read_bytes() for p in directory.iterdir())  # the WAL too
        assert (secret.encode() in blob) is content and (answer.encode() in blob) is content
        (row,) = rows(records_dir(u))
        assert (row["query"], row["answer"]) == ((secret, answer) if content else (None, None))


def test_a_failed_call_is_a_row_with_its_error_class(unlearner, scripted, store_dir):
    from alu.errors import ModelError

    u = unlearner(scripted(vanilla=RuntimeError("down")), fail_policy="raise")
    with pytest.raises(ModelError):
        u.ask("What is the capital of France?")
    refused = unlearner(scripted(vanilla=RuntimeError("down")))
    assert refused.ask("What is the capital of France?").path == "refuse"
    failed, fail_closed = rows(records_dir(u))
    assert failed["error"] == "ModelError" and failed["path"] is None
    assert fail_closed["error"] == "ModelError" and fail_closed["path"] == "refuse"


def _full_disk(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.executescript(db.SCHEMA)
    conn.execute("PRAGMA max_page_count = 1")  # every insert now fails with SQLITE_FULL
    return conn


def _read_only(path: Path) -> sqlite3.Connection:
    sqlite3.connect(path).executescript(db.SCHEMA)
    return sqlite3.connect(
        f"{path.as_uri()}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
    )


@pytest.mark.parametrize("broken", [_full_disk, _read_only], ids=["full disk", "read-only"])
def test_a_broken_log_never_changes_an_answer_and_warns_once(
    unlearner, monkeypatch, caplog, tmp_path, broken
):
    questions = [QUESTION, "What is the capital of France?", QUESTION]
    reference = unlearner("scripted/demo", records="off")
    reference.forget_many(DEMO_TARGETS)
    expected = [reference.ask(q).model_dump(exclude={"trace"}) for q in questions]

    monkeypatch.setattr(db, "connect", broken)
    u = unlearner("scripted/demo", records=str(tmp_path / "broken"))
    with caplog.at_level(logging.WARNING, logger="alu.records"):
        got = []
        for q in questions:
            got.append(u.ask(q).model_dump(exclude={"trace"}))
            u.records.flush()
    assert got == expected
    warnings = [r for r in caplog.records if r.name == "alu.records"]
    assert len(warnings) == 1 and "dropped" in warnings[0].getMessage()
    assert writer.writer_for(u.records._path).dropped >= len(questions)


def test_a_full_queue_drops_rows_without_blocking(tmp_path, caplog, monkeypatch):
    gate = __import__("threading").Event()
    monkeypatch.setattr(db, "insert", lambda *a: gate.wait(5))
    w = writer.Writer(tmp_path / "decisions.sqlite3", maxsize=2)
    with caplog.at_level(logging.WARNING, logger="alu.records"):
        for i in range(10):
            w.put("calls", {"id": str(i)})  # returns at once even though the writer is stuck
    gate.set()
    assert w.dropped >= 6 and len([r for r in caplog.records if r.name == "alu.records"]) == 1


# ----------------------------------------------------------------------------------- history and purge


def test_history_survives_withdraw_and_purge_removes_the_rows(unlearner, tmp_path):
    u = unlearner("scripted/demo", records_purge_on_withdraw=True)
    u.forget(MAREN, requested_by="Maren Olvhagen", reference="DSR-1")
    u.forget(MAREN, reference="DSR-2")  # a second request for the same person
    u.forget(MAREN, aliases=["the Salt Mapmaker"], reference="DSR-3")  # new material: merged
    u.ask(QUESTION)
    u.ask("What is the capital of France?")
    assert len(rows(records_dir(u))) == 2
    assert u.targets()[0].requested_by == "Maren Olvhagen" and u.targets()[0].reference == "DSR-1"
    u.withdraw(MAREN)
    (kept,) = rows(records_dir(u))
    assert json.loads(kept["revealed"]) == [] and json.loads(kept["in_play"]) == []
    events = rows(records_dir(u), "events")
    assert [(e["event"], e["reference"]) for e in events] == [
        ("forgotten", "DSR-1"),
        ("requested", "DSR-2"),
        ("changed", "DSR-3"),
        ("withdrawn", "DSR-1"),
    ]


def test_cli_runs_list_show_stats_and_purge(demo, store_dir):
    cli = CliRunner()
    base = ["--model", "scripted/demo", "--store", store_dir]
    for q in (QUESTION, "What is the capital of France?", QUESTION):
        assert cli.invoke(app, [*base, "ask", q]).exit_code == 0
    listed = json.loads(cli.invoke(app, [*base, "runs", "list", "--json"]).stdout)
    assert len(listed) == 3 and listed[0]["ts"] >= listed[-1]["ts"]
    only = json.loads(cli.invoke(app, [*base, "runs", "list", "--json", "--path", "fast"]).stdout)
    assert [r["path"] for r in only] == ["fast"]
    by_cli = json.loads(cli.invoke(app, [*base, "runs", "list", "--json", "--entry", "cli"]).stdout)
    assert len(by_cli) == 3
    typo = cli.invoke(app, [*base, "runs", "stats", "--entry", "CLI"])  # 0 calls would read as an answer
    assert typo.exit_code == 2 and "choose sdk, cli" in typo.output
    named = json.loads(cli.invoke(app, [*base, "runs", "list", "--json", "--target", MAREN.upper()]).stdout)
    assert len(named) == 2
    assert json.loads(cli.invoke(app, [*base, "runs", "list", "--json", "--until", "1d"]).stdout) == []
    shown = cli.invoke(app, [*base, "runs", "show", listed[0]["id"][:8]])
    assert shown.exit_code == 0 and "not logged" in shown.stdout
    stats = json.loads(cli.invoke(app, [*base, "runs", "stats", "--json", "--since", "1h"]).stdout)
    assert stats["calls"] == 3 and stats["by_entry"] == {"cli": 3}
    (maren,) = stats["interceptions"]
    assert maren["name"] == MAREN and maren["total"] == 2 and sum(maren["over_time"].values()) == 2
    table = cli.invoke(app, [*base, "runs", "stats"])
    assert table.exit_code == 0 and MAREN in table.stdout
    purged = cli.invoke(app, [*base, "runs", "purge", MAREN, "--json"])
    assert json.loads(purged.stdout)["purged"] == 2
    again = cli.invoke(app, [*base, "runs", "purge", MAREN, "--json"])  # its history stays: a real target
    assert again.exit_code == 0 and json.loads(again.stdout)["purged"] == 0
    unknown = cli.invoke(app, [*base, "runs", "purge", "Olvhagen"])  # an alias or a typo purges nothing
    assert unknown.exit_code == 1 and "no records of a target named 'Olvhagen'" in unknown.output
    bad = cli.invoke(app, [*base, "runs", "list", "--since", "last tuesday"])
    assert bad.exit_code == 1 and "ISO date" in bad.output


def test_replicas_write_their_own_files_and_are_read_together(unlearner, tmp_path, store_dir):
    shared = tmp_path / "shared-records"
    for replica in ("a", "b"):
        u = unlearner("scripted/demo", records=str(shared), records_replica=replica)
        u.ask(QUESTION)
        u.records.flush()
    assert sorted(p.name for p in db.files(shared)) == ["decisions-a.sqlite3", "decisions-b.sqlite3"]
    cli = CliRunner().invoke(app, ["--store", store_dir, "runs", "list", "--dir", str(shared), "--json"])
    assert len(json.loads(cli.stdout)) == 2


# ------------------------------------------------------------------------------------- verify and report

# A fictitious author, invented for these tests; the description names one work, the model knows two.
NAME = "Oskana Threlvik"
DESCRIPTION = 'Oskana Threlvik is a novelist born in Tromsø in 1950. She wrote "The Copper Orchard".'
KNOWN = [
    "Oskana Threlvik is a novelist born in Tromsø in 1950.",
    'Oskana Threlvik wrote "The Copper Orchard" and "Night Ferries to Split".',
]


def test_verify_and_report_show_leaks_the_live_configuration_lets_through(tmp_path, store_dir):
    cli = CliRunner()
    base = ["--store", store_dir]
    added = cli.invoke(
        app, [*base, "targets", "add", NAME, "-d", DESCRIPTION, "--requested-by", "DPO", "--reference", "T-9"]
    )
    assert added.exit_code == 0, added.output
    facts = tmp_path / "known.txt"
    facts.write_text("\n".join(KNOWN), encoding="utf-8")
    clean = cli.invoke(app, [*base, "verify", NAME, "--json"])  # the description is all the oracle knows
    assert clean.exit_code == 0, clean.output
    summary = json.loads(clean.stdout)
    assert summary["subject"] == "oracle" and summary["leaks"] == 0 and summary["errors"] == 0
    assert {"direct", "masking", "language", "many_shot", "injection", "reintroduction", "chaining"} <= set(
        summary["families"]
    )
    clean_report = json.loads(cli.invoke(app, [*base, "targets", "report", NAME, "--json"]).stdout)
    assert clean_report["verification"]["leaks"] == 0

    leaky = cli.invoke(app, [*base, "verify", NAME, "--facts", str(facts), "--json"])
    assert leaky.exit_code == 0, leaky.output
    assert json.loads(leaky.stdout)["leaks"] > 0  # the second title is nowhere in the target

    report = json.loads(cli.invoke(app, [*base, "targets", "report", NAME, "--json"]).stdout)
    assert report["requested_by"] == "DPO" and report["reference"] == "T-9" and report["verifications"] == 2
    assert report["history"][0]["event"] == "forgotten"
    v = report["verification"]
    assert v["leaks"] > 0 and sum(c["leaks"] for c in v["families"].values()) == v["leaks"]
    assert all("Night Ferries" not in json.dumps(x) for x in v["leaked"])  # evidence kinds, never the text
    md = cli.invoke(app, [*base, "targets", "report", NAME]).stdout
    assert f"# Erasure report: {NAME}" in md and "| direct |" in md and "attacks leaked" in md
    page = tmp_path / "report.html"
    assert cli.invoke(app, [*base, "targets", "report", NAME, "-f", "html", "-o", str(page)]).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert "<style>" in html and not re.search(r"<(script|link|img)\b|\b(src|href)=", html)  # self-contained
    assert "badge bad" in html and "DPO" in html


def test_report_outlives_the_target_and_the_server_serves_it(demo):
    demo.ask(QUESTION)
    demo.withdraw(MAREN)
    client = TestClient(create_app(demo, ServerConfig(tokens=[TOKEN], admin_tokens=[ADMIN])))
    url = f"/v1/targets/{MAREN}/report"
    assert client.get(url).status_code == 401
    assert client.get(url, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 403
    admin = {"Authorization": f"Bearer {ADMIN}"}
    report = client.get(url, headers=admin).json()
    assert report["status"] == "withdrawn" and report["requested_by"] == "legal"
    assert [h["event"] for h in report["history"]] == ["forgotten", "withdrawn"]
    assert report["verification"] is None and report["interceptions"]["total"] == 1
    page = client.get(url, params={"format": "html"}, headers=admin)
    assert page.headers["content-type"].startswith("text/html") and "not verified" in page.text
    assert client.get("/v1/targets/Nobody%20Here/report", headers=admin).status_code == 404
    assert client.get(url, params={"format": "pdf"}, headers=admin).status_code == 400


CHROMIUM_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
    "--disable-component-update --disable-sync --window-size=1000,900"
).split()


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs the Debian chromium package")
def test_html_report_renders_in_headless_chromium(demo, tmp_path):
    from alu.records import report

    demo.ask(QUESTION)
    page = tmp_path / "report.html"
    page.write_text(report.render(report.of(demo, MAREN), "html"), encoding="utf-8")
    shot = tmp_path / "report.png"
    subprocess.run(
        [
            "/usr/bin/chromium",
            *CHROMIUM_FLAGS,
            f"--user-data-dir={tempfile.mkdtemp(dir=tmp_path)}",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    from PIL import Image

    image = Image.open(shot).convert("L")
    assert image.size == (1000, 900)
    colours = image.getcolors(maxcolors=1 << 16) or []
    assert len(colours) > 20  # text and table borders, not a blank page
    shutil.rmtree(tmp_path / "report.png", ignore_errors=True)


def test_request_metadata_round_trips_through_files_and_the_server(unlearner, tmp_path):
    from alu.target_files import dump_targets, parse_targets

    u = unlearner("scripted/demo")
    client = TestClient(create_app(u, ServerConfig(tokens=[TOKEN], admin_tokens=[ADMIN])))
    body = {"name": MAREN, "requested_by": "Maren Olvhagen", "reference": "DSR-3"}
    assert (
        client.post("/v1/targets", json=body, headers={"Authorization": f"Bearer {ADMIN}"}).status_code == 200
    )
    for fmt in ("csv", "jsonl"):
        path = tmp_path / f"targets.{fmt}"
        path.write_text(dump_targets(u.targets(), fmt), encoding="utf-8")
        (_, back), *_ = parse_targets(path).targets
        assert (back.requested_by, back.reference) == ("Maren Olvhagen", "DSR-3")
    (event,) = rows(records_dir(u), "events")
    assert (event["event"], event["requested_by"], event["reference"]) == (
        "forgotten",
        "Maren Olvhagen",
        "DSR-3",
    )


def test_an_idle_writer_ends_its_thread_and_the_next_row_starts_one(tmp_path, monkeypatch):
    monkeypatch.setattr(writer, "IDLE_S", 0.05)
    w = writer.Writer(tmp_path / "decisions.sqlite3")
    w.put("events", {"id": "a", "ts": 1.0, "target_id": "t-1", "name": "A", "event": "forgotten"} | EMPTY)
    assert w.flush()
    for _ in range(200):  # the thread ends after IDLE_S without rows
        if w._thread is None:
            break
        __import__("time").sleep(0.05)
    assert w._thread is None
    w.put("events", {"id": "b", "ts": 2.0, "target_id": "t-1", "name": "A", "event": "withdrawn"} | EMPTY)
    assert w.flush()
    assert [e["event"] for e in rows(tmp_path, "events")] == ["forgotten", "withdrawn"]


EMPTY = {"requested_by": "", "reference": "", "detail": "{}"}


def test_bench_log_reports_the_cost_and_writes_every_row():
    result = CliRunner().invoke(app, ["bench", "log", "--calls", "20", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report["p50_ms"]) == {"off", "on", "off2"} and report["call_us"]["p50"] > 0
    # warm-up + 20 timed calls + one call and 20 direct Records.call rows for the per-row cost
    assert report["rows_written"] == 42 and report["rows_dropped"] == 0
