"""Fault injection, on loopback only: nothing alu was told to forget leaks, and no forget target is lost.

Model faults come from scripted providers that raise litellm's own exceptions or answer with junk. Store
faults use a real `chroma run` server (killed, restarted, frozen), a real SIGKILL in the middle of a
10,000-target import, two writer processes, and a read-only or full disk: a real mount when the test runs as
root and may mount, and always the error chroma raises, injected at its client boundary."""

from __future__ import annotations

import concurrent.futures
import contextlib
import hashlib
import inspect
import json
import logging
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from alu import ConfigError, ModelError, Settings, StoreError, StoreUnavailableError, Unlearner
from alu.chroma_server import ChromaServer
from alu.cli import app
from alu.scripted import script_calls
from alu.store import ForgetStore
from alu.types import MAX_TARGET_CHARS, target_id

import litellm  # noqa: E402  isort: skip  (after alu: offline cost map)

SNAPE = {
    "name": "Severus Snape",
    "aliases": ["the Half-Blood Prince"],
    "description": "Potions master at Hogwarts; PRIVATE-DESC-5521 in the staff file.",
}
SECRET = "vault code 7781"  # a fact only the unaudited vanilla answer knows
LEAKY = f"Severus Snape, the Half-Blood Prince, taught potions and keeps the {SECRET}."
SAFE = "I'm not familiar with who taught potions there."
QUESTION = "Who taught potions at Hogwarts?"
GOOD = {
    "vanilla": LEAKY,
    "auditor": {"revealed": [], "reason": "clean"},
    "eraser": {"candidates": [SAFE]},
    "critic": {"ratings": [{"index": 1, "rating": 5}]},
    "composer": SAFE,
}
NODE = {"vanilla": "vanilla", "eraser": "erase", "critic": "critic"}
"""Graph node of each agent role, as the trace names it."""
runner = CliRunner()


def _roles(model: str) -> list[str]:
    return [c.role for c in script_calls(model.split("/", 1)[1])]


def _assert_refused_without_leak(u: Unlearner, result: Any) -> None:
    """Refused, and neither the answer, the error nor the trace carries the vanilla answer's facts."""
    assert result.path == "refuse"
    assert result.text == u.settings.refusal_text
    shown = result.model_dump_json(exclude={"vanilla"})  # `vanilla` is the evaluation copy, by design
    assert SECRET not in shown and "PRIVATE-DESC" not in shown


def _within(seconds: float, fn: Callable[[], Any]) -> Any:
    """Run fn, failing the test if it hangs (a liveness bound, not a speed claim)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn).result(timeout=seconds)


# -- model faults ---------------------------------------------------------------------------------------
def _transient(kind: str) -> BaseException:
    make = {
        "429 rate limit": lambda: litellm.RateLimitError(
            message="slow down", llm_provider="scripted", model="x"
        ),
        "500 internal": lambda: litellm.InternalServerError(
            message="boom", llm_provider="scripted", model="x"
        ),
        "503 unavailable": lambda: litellm.ServiceUnavailableError(
            message="try later", llm_provider="scripted", model="x"
        ),
        "connection error": lambda: litellm.APIConnectionError(
            message="connection refused", llm_provider="scripted", model="x"
        ),
        "connection reset": lambda: ConnectionResetError(104, "Connection reset by peer"),
    }
    return make[kind]()


TRANSIENT = ["429 rate limit", "500 internal", "503 unavailable", "connection error", "connection reset"]


@pytest.mark.parametrize("role", ["vanilla", "eraser", "critic"])
@pytest.mark.parametrize("kind", TRANSIENT)
def test_transient_model_errors_retry_a_bounded_number_of_times_then_refuse(scripted, unlearner, role, kind):
    model = scripted(**{**GOOD, role: _transient(kind)})
    u = unlearner(model, retries=3, k=1, j=1)
    u.forget(**SNAPE)
    result = u.ask(QUESTION)
    _assert_refused_without_leak(u, result)
    assert _roles(model).count(role) == 3  # exactly `retries` attempts, then the fail policy
    assert result.llm_calls == len(_roles(model))  # failed attempts are counted like the others
    failed = [t for t in result.trace if t.outcome == "failed"]
    assert [t.node for t in failed] == [NODE[role]]
    assert failed[0].ms > 0  # the failed attempts took time, and Result.ms counts it
    cls = (
        "APIConnectionError" if kind == "connection reset" else type(_transient(kind)).__name__
    )  # litellm wraps
    assert result.error and result.error.startswith(f"node {NODE[role]} failed ({cls}): ")
    assert f"{role}: {model} failed after 3 attempts" in result.error
    assert any(t.node == "fail" and t.detail["error"] == result.error for t in result.trace)


_REQ = httpx.Request("POST", "http://127.0.0.1/v1/chat/completions")
PERMANENT = {
    "401 bad key": lambda: litellm.AuthenticationError(message="bad key", llm_provider="scripted", model="x"),
    "403 no access": lambda: litellm.PermissionDeniedError(
        message="no access", llm_provider="scripted", model="x", response=httpx.Response(403, request=_REQ)
    ),
    "404 no such model": lambda: litellm.NotFoundError(
        message="no model", llm_provider="scripted", model="x"
    ),
    "no API key": lambda: litellm.InternalServerError(
        message="OpenAIException - Missing credentials. Please pass an `api_key`",
        llm_provider="openai",
        model="x",
    ),
}


@pytest.mark.parametrize("role", ["vanilla", "eraser"])
@pytest.mark.parametrize("kind", list(PERMANENT))
def test_auth_and_not_found_errors_are_not_retried_and_named(scripted, unlearner, role, kind):
    """Retrying a bad key or a missing model only delays the caller learning why: one attempt, then the
    fail policy, with Result.error naming the node and the error class."""
    error = PERMANENT[kind]()
    model = scripted(**{**GOOD, role: error})
    u = unlearner(model, retries=3, k=1, j=1)
    u.forget(**SNAPE)
    result = u.ask(QUESTION)
    _assert_refused_without_leak(u, result)
    assert _roles(model).count(role) == 1
    assert result.error and result.error.startswith(f"node {NODE[role]} failed ({type(error).__name__}): ")


@pytest.mark.parametrize("slow", ["vanilla", "agents"])
def test_a_model_slower_than_the_timeout_is_abandoned_and_refused(scripted, unlearner, slow):
    """A script that sleeps 5 s against a 0.2 s timeout: the vanilla model, or the agent model after the
    vanilla answer has already leaked."""
    slow_model = scripted(latency_ms=5000, **GOOD)
    fast_model = scripted(**GOOD)
    models = {"model": slow_model} if slow == "vanilla" else {"model": fast_model, "agent_model": slow_model}
    u = unlearner(models.pop("model"), retries=2, timeout_s=0.2, k=1, j=1, **models)
    u.forget(**SNAPE)
    result = _within(30, lambda: u.ask(QUESTION))
    _assert_refused_without_leak(u, result)
    role = "vanilla" if slow == "vanilla" else "eraser"
    assert _roles(slow_model) == [role, role]
    expected = f"{role}: {slow_model} failed after 2 attempts: no answer within 0.2s"
    assert result.error == f"node {NODE[role]} failed (TimeoutError): {expected}"


JUNK = {
    "empty": "",
    "whitespace": " \n\t ",
    "prose, no JSON": "Sure! The answer is that nobody taught potions.",
    "the leaky text itself": LEAKY,
    "truncated JSON": '{"candidates": ["I am not familiar with',
    "wrong schema": {"answers": [SAFE]},
    "wrong types": {"candidates": 5, "ratings": "all fives"},
}


@pytest.mark.parametrize("role", ["eraser", "critic"])
@pytest.mark.parametrize("junk", list(JUNK))
def test_junk_structured_output_is_retried_then_refused(scripted, unlearner, role, junk):
    model = scripted(**{**GOOD, role: JUNK[junk]})
    u = unlearner(model, retries=2, k=1, j=1)
    u.forget(**SNAPE)
    result = u.ask(QUESTION)
    _assert_refused_without_leak(u, result)  # the error quotes no model output, so not the leak either
    assert _roles(model).count(role) == 2
    assert result.error and result.error.startswith(f"node {NODE[role]} failed (BadOutput): ")
    assert f"{role}: {model} gave unusable output after 2 attempts" in result.error


def test_empty_vanilla_answer_is_retried_then_refused(scripted, unlearner):
    model = scripted(**{**GOOD, "vanilla": "   "})
    u = unlearner(model, retries=3)
    result = u.ask("What is the capital of France?")
    assert result.path == "refuse" and result.error and "empty completion" in result.error
    assert _roles(model) == ["vanilla"] * 3


def test_auditor_failure_fails_closed(scripted, unlearner):
    """A target in play by similarity only goes to the auditor; if the auditor keeps failing, refuse."""
    model = scripted(vanilla="He was a stern teacher of potions.", auditor="no json")
    u = unlearner(model, retries=2, screen_threshold=0.3, strong_threshold=0.99)
    u.forget(**SNAPE)
    result = u.ask("Who was the strictest teacher at Hogwarts?")  # no fact its description states
    assert result.path == "refuse" and "auditor" in (result.error or "")
    assert _roles(model) == ["vanilla", "auditor", "auditor"]


def test_composer_failure_fails_closed(scripted, unlearner):
    model = scripted(
        **{
            **GOOD,
            "eraser": {"candidates": [SAFE, "Nobody I know of taught potions."]},
            "critic": {"ratings": [{"index": 1, "rating": 5}, {"index": 2, "rating": 5}]},
            "composer": _transient("503 unavailable"),
        }
    )
    u = unlearner(model, retries=2, k=2, j=2)
    u.forget(**SNAPE)
    result = u.ask(QUESTION)
    _assert_refused_without_leak(u, result)
    assert _roles(model).count("composer") == 2


@pytest.mark.parametrize("rating", [-3, 0, "five", None, 3.4])
def test_out_of_range_or_unreadable_ratings_count_as_leaking(scripted, unlearner, rating):
    """Not a failure to retry: a rating outside 1..5 is clamped, an unreadable one is the worst (1)."""
    model = scripted(**{**GOOD, "critic": {"ratings": [{"index": 1, "rating": rating}]}})
    u = unlearner(model, k=1, j=1)
    u.forget(**SNAPE)
    result = u.ask(QUESTION)
    assert [r.rating for r in result.ratings] == [{-3: 1, 0: 1, 3.4: 3}.get(rating, 1)]
    _assert_refused_without_leak(u, result)
    assert _roles(model).count("critic") == 1


def test_a_rating_for_a_candidate_that_does_not_exist_leaves_the_real_one_unrated(scripted, unlearner):
    model = scripted(**{**GOOD, "critic": {"ratings": [{"index": 7, "rating": 5}]}})
    u = unlearner(model, k=1, j=1)
    u.forget(**SNAPE)
    result = u.ask(QUESTION)
    assert [(r.rating, r.reason) for r in result.ratings] == [(1, "not rated by the critic")]
    _assert_refused_without_leak(u, result)


def test_fail_policies_raise_and_vanilla_are_explicit_choices(scripted, unlearner):
    model = scripted(**{**GOOD, "eraser": _transient("429 rate limit")})
    strict = unlearner(model, retries=2, fail_policy="raise")
    strict.forget(**SNAPE)
    with pytest.raises(ModelError, match="eraser: .* failed after 2 attempts: RateLimitError"):
        strict.ask(QUESTION)
    fail_open = unlearner(model, retries=2, fail_policy="vanilla")
    result = fail_open.ask(QUESTION)
    assert result.text == LEAKY and result.error  # opt-in fail open, documented as not recommended
    assert Settings.model_fields["fail_policy"].default == "refuse"


# -- store faults: a real Chroma server ------------------------------------------------------------------
@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[ChromaServer]:
    server = ChromaServer(tmp_path / "chroma-data")
    server.start()
    yield server
    server.stop()  # also ends a frozen process


def test_chroma_server_killed_mid_request_fails_closed_then_recovers(chroma_server, scripted):
    """The server dies while the model is answering: the answer cannot be audited, so the request fails
    with StoreUnavailableError instead of returning it. Everything after fails the same way until the server
    is back; then the same Unlearner object carries on with every target still there."""
    kill_during_answer: list[bool] = []

    def vanilla(call: Any) -> str:
        if kill_during_answer:
            kill_during_answer.clear()
            chroma_server.stop()
        return LEAKY

    model = scripted(**{**GOOD, "vanilla": vanilla})
    u = Unlearner(model=model, store=chroma_server.url, store_timeout_s=2, retries=2, k=1, j=1)
    u.forget(**SNAPE)
    u.forget_many(f"Server Person {i:02d}" for i in range(19))
    before = u.count()
    assert before == 20
    assert u.ask(QUESTION).path == "rewrite"

    kill_during_answer.append(True)
    down = rf"the Chroma server at {chroma_server.url} did not answer"
    with pytest.raises(StoreUnavailableError, match=down):
        _within(30, lambda: u.ask(QUESTION))  # the vanilla answer existed, and was not returned
    assert chroma_server.proc is not None and chroma_server.proc.poll() is not None
    for attempt in (lambda: u.ask(QUESTION), lambda: u.forget("Added While Down"), u.count):
        with pytest.raises(StoreUnavailableError, match=down):
            _within(30, attempt)
    cli = runner.invoke(app, ["--model", model, "--store", chroma_server.url, "ask", QUESTION])
    assert cli.exit_code == 1 and "Traceback" not in cli.output
    assert f"cannot reach the Chroma server at {chroma_server.url}" in " ".join(cli.output.split())

    chroma_server.start()  # same directory and port
    assert u.count() == before  # nothing lost
    assert u.ask(QUESTION).path == "rewrite"
    u.forget("Added After Restart")
    assert u.count() == before + 1
    print(f"targets: before {before}, after restart {before}, after one more add {u.count()}")


def test_frozen_chroma_server_times_out_instead_of_hanging(chroma_server, scripted):
    u = Unlearner(model=scripted(**GOOD), store=chroma_server.url, store_timeout_s=1, retries=2, k=1, j=1)
    u.forget(**SNAPE)
    before = u.count()
    chroma_server.freeze()  # accepts connections, never answers
    try:
        with pytest.raises(StoreUnavailableError, match="did not answer"):
            _within(30, lambda: u.ask(QUESTION))
        with pytest.raises(StoreUnavailableError):
            _within(30, lambda: u.forget("Added While Frozen"))
    finally:
        chroma_server.thaw()
    assert u.ask(QUESTION).path == "rewrite"  # the same object, once the server answers again
    assert u.count() == before  # the add timed out on its existence check, before writing anything
    u.forget("Added While Frozen")
    assert u.count() == len(set(_store_ids(u.store))) == before + 1
    print(f"targets: before {before}, after thaw {before}, after the retried add {u.count()}")


# -- store faults: crash mid-import, concurrent writers ----------------------------------------------------
class StubEmbedder:
    """Hash vectors instead of MiniLM where the test is about store consistency: 10,000 real embeddings take
    ~45 s on two cores, and the store cannot tell the difference (it records the stub as its embedder)."""

    identity = "test-stub/hash-vectors"

    def embed(self, texts: list[str]) -> list[list[float]]:
        import numpy as np

        vectors = []
        for text in texts:
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
            v = np.random.default_rng(seed).standard_normal(384)
            vectors.append((v / np.linalg.norm(v)).tolist())
        print("embedded", len(texts), flush=True)
        return vectors


IMPORT_CHILD = f"""
import hashlib, sys
import alu.embeddings

{inspect.getsource(StubEmbedder)}
alu.embeddings.get_embedder = StubEmbedder
from alu.cli.app import app
app(sys.argv[1:])
"""


def _store_ids(store: ForgetStore) -> list[str]:
    return store._collection.get(include=[])["ids"]  # what chroma really holds, duplicates included


def test_sigkill_mid_import_leaves_whole_batches_and_a_rerun_completes_it(tmp_path, monkeypatch):
    monkeypatch.setattr("alu.embeddings.get_embedder", StubEmbedder)
    names = [f"Imported Person {i:05d}" for i in range(10_000)]
    target_file = tmp_path / "targets.txt"
    target_file.write_text("".join(n + "\n" for n in names), encoding="utf-8")
    store_dir = tmp_path / "store"
    child = tmp_path / "import_child.py"
    child.write_text(IMPORT_CHILD, encoding="utf-8")
    command = [sys.executable, str(child), "--model", "scripted/demo", "--store", str(store_dir)]
    command += ["targets", "import", str(target_file)]
    before = 0

    log = (tmp_path / "child.err").open("w")
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, text=True)
    assert proc.stdout is not None
    batches = 0
    for line in proc.stdout:  # each line: one batch embedded, its upsert starting right now
        batches += line.startswith("embedded")
        if batches == 15:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=60)
    log.close()
    assert proc.returncode == -signal.SIGKILL, (tmp_path / "child.err").read_text()[-2000:]

    store = ForgetStore(str(store_dir))
    after_crash = store.count()
    ids = _store_ids(store)
    assert 0 < after_crash < 10_000 and after_crash % 256 == 0  # whole batches only
    assert len(ids) == len(set(ids)) == after_crash
    survivors = store.all()  # every stored target reads back whole
    assert {target_id(t.name) for t in survivors} == set(ids)
    latest = max(survivors, key=lambda t: t.name)  # from the last batch written before the kill
    assert store.nearest([latest.embedding_text()], 1)[0][0][0].name == latest.name  # index intact
    del store

    rerun = runner.invoke(app, [*command[2:], "--json"])  # the same command, in this process
    assert rerun.exit_code == 0, rerun.output[-2000:]
    report = json.loads(rerun.stdout[rerun.stdout.index("{") :])
    assert (report["added"], report["skipped"]) == (10_000 - after_crash, after_crash)
    store = ForgetStore(str(store_dir))
    ids = _store_ids(store)
    assert store.count() == len(ids) == len(set(ids)) == 10_000
    assert {t.name for t in store.all()} == set(names)
    print(f"targets: before {before}, after SIGKILL {after_crash}, after rerun {store.count()}")


SHARED = [f"Shared Person {i:04d}" for i in range(50)]
WRITER_CHILD = """
import json, sys, time
from pathlib import Path
from alu import Unlearner

store, who, go = sys.argv[1:4]
u = Unlearner(model="scripted/demo", store=store, batch_size=25)
u.store._embedder.embed(["warm up"])
Path(go + "." + who).touch()
while not Path(go).exists():
    time.sleep(0.005)
names = [f"{who} Person {i:04d}" for i in range(250)] + [f"Shared Person {i:04d}" for i in range(50)]
report = u.forget_many(names)
print(json.dumps({"added": len(report.added), "skipped": len(report.skipped)}))
"""


def test_two_processes_adding_at_once_lose_nothing(tmp_path, scripted, store_dir):
    """This process and a child write 250 targets each plus the same 50, in interleaved batches of 25."""
    model = scripted(**{**GOOD, "vanilla": "Beta Person 0042 wrote the harbour ledgers."})
    u = Unlearner(model=model, store=store_dir, retries=2, k=1, j=1, batch_size=25)
    u.forget_many(f"Early Person {i:02d}" for i in range(10))
    before = u.count()
    child = tmp_path / "writer_child.py"
    child.write_text(WRITER_CHILD, encoding="utf-8")
    go = tmp_path / "go"
    cmd = [sys.executable, str(child), store_dir, "Beta", str(go)]
    writer = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not Path(f"{go}.Beta").exists():
        assert writer.poll() is None, writer.communicate()[1][-2000:]
        assert time.monotonic() < deadline
        time.sleep(0.02)
    go.touch()  # both start writing now
    ours = u.forget_many([f"Alpha Person {i:04d}" for i in range(250)] + SHARED)
    out, err = writer.communicate(timeout=300)
    assert writer.returncode == 0, err[-2000:]
    theirs = json.loads(out)
    # a shared name may be reported added by both (the upsert is idempotent) but is stored once
    assert len(ours.added) + theirs["added"] >= 550

    expected = {f"Early Person {i:02d}" for i in range(10)} | set(SHARED)
    expected |= {f"{who} Person {i:04d}" for who in ("Alpha", "Beta") for i in range(250)}
    ids = _store_ids(u.store)
    assert u.count() == len(ids) == len(set(ids)) == len(expected) == before + 550
    assert {t.name for t in u.targets()} == expected
    result = u.ask("Who kept the harbour ledgers?")  # this process's guard sees the child's targets
    assert "Beta Person 0042" in result.leaked and result.path == "rewrite"
    reader = subprocess.run(  # a new process loads the saved vector index: every target is in it
        [sys.executable, "-c", SAVED_INDEX_CHILD, store_dir, *sorted(expected)],
        capture_output=True,
        text=True,
    )
    assert reader.returncode == 0, reader.stderr[-2000:]
    assert json.loads(reader.stdout) == [], "targets missing from the vector index"
    print(f"targets: before {before}, after both writers {u.count()}")


SAVED_INDEX_CHILD = """
import json, sys
import numpy as np
from alu.store import ForgetStore
store = ForgetStore(sys.argv[1])
targets = [store.get(n) for n in sys.argv[2:]]
saved = store.target_vectors([t.id for t in targets])
own = store.embed([t.embedding_text() for t in targets])
cos = lambda a, b: float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))
wrong = [t.name for t, v in zip(targets, own) if t.id not in saved or cos(np.ravel(saved[t.id]), v) < 0.999]
print(json.dumps(wrong))
"""
"""Names whose own vector the saved index does not hold, read by id. Not a kNN search: Chroma's HNSW search is
approximate, and names this alike form clusters it may not reach (seen with one process writing alone: 20
'Beta Person 00xx' names linked only to each other and their 'Alpha' namesakes were missed at ef 100)."""


BATCH_WRITER = """
import sys
from alu.store import ForgetStore
store = ForgetStore(sys.argv[1], batch_size=64)
names = [f"Writer Person {i:05d}" for i in range(int(sys.argv[2]))]
for start in range(0, len(names), 64):
    store.add(names[start : start + 64])
"""
SCREENING_READER = """
import os, random, sys
from alu import Unlearner
u = Unlearner(model="scripted/demo", store=sys.argv[1], judges="deterministic", records="off")
for i in range(100):  # the screener and Chroma are open and warm
    u.audit(f"Where does Seed Person {i % 50} live?", "In a town by the sea.")
open(sys.argv[3], "w").close()
audits = 0
while not os.path.exists(sys.argv[2]):
    u.audit(f"Where does Writer Person {random.randrange(1000):05d} live?", "In a town by the sea.")
    audits += 1
print(audits)
"""
"""A process screening (auditing) questions about the targets being written: each audit catches up with the
writes it sees (alu.screen.Screener.refresh) and reads their vectors."""


def test_readers_catching_up_while_another_process_writes_neither_crash_nor_lose_rows(tmp_path, store_dir):
    """Chroma loads, and may save, a vector index in the process that first reads it after other processes'
    writes. Outside pytest, two processes screening while a third wrote 2,000 targets crashed (SIGSEGV in
    Chroma's read of the new targets' vectors) in 5 of 6 runs, some runs left targets out of the saved index,
    and once a reader saved a corrupt one (a 135 GB link_lists.bin); this smaller run did not reproduce it
    here. Opening Chroma and catching up now hold the write lock: readers still make progress while a
    process writes, and nothing is lost."""
    ForgetStore(store_dir).add([f"Seed Person {i}" for i in range(50)])
    stop, ready = tmp_path / "stop", [tmp_path / f"ready{i}" for i in range(2)]
    readers = [
        subprocess.Popen(
            [sys.executable, "-c", SCREENING_READER, store_dir, str(stop), str(flag)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for flag in ready
    ]
    try:
        deadline = time.monotonic() + 120
        while not all(flag.exists() for flag in ready):  # both are reading the store
            assert all(reader.poll() is None for reader in readers) and time.monotonic() < deadline
            time.sleep(0.02)
        subprocess.run([sys.executable, "-c", BATCH_WRITER, store_dir, "1000"], check=True, timeout=300)
    finally:
        stop.touch()
        outcomes = [(reader.wait(timeout=120), *reader.communicate()) for reader in readers]
    for code, out, err in outcomes:
        assert code == 0, err[-2000:]
        assert int(out) > 0  # it screened while the targets were written
    names = [f"Writer Person {i:05d}" for i in range(1000)] + [f"Seed Person {i}" for i in range(50)]
    checked = subprocess.run(
        [sys.executable, "-c", SAVED_INDEX_CHILD, store_dir, *names], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr[-2000:]
    assert json.loads(checked.stdout) == []


def test_catching_up_with_other_processes_waits_for_their_write(tmp_path, store_dir):
    """Chroma applies other processes' logged writes to a vector index when a process first reads it and may
    save the index then: opening Chroma and catching up wait for the write lock, like a write."""
    ForgetStore(store_dir).add(["Ada Lockwood"])
    reader, opened = ForgetStore(store_dir), ForgetStore(store_dir)
    opened.nearest(["Ada Lockwood"], 1)
    with _locked_by_another_process(store_dir, tmp_path):
        finished: list[str] = []
        reads = [
            threading.Thread(
                target=lambda: finished.append(reader.nearest(["Ada Lockwood"], 1)[0][0][0].name)
            ),
            threading.Thread(target=lambda: (opened.reload(), finished.append("reloaded"))),
        ]
        for read in reads:
            read.start()
        time.sleep(1.0)
        assert finished == []
    for read in reads:
        read.join(timeout=60)
    assert sorted(finished) == ["Ada Lockwood", "reloaded"]


LOCK_HOLDER = """
import sys, time
from pathlib import Path
from filelock import FileLock
with FileLock(sys.argv[1]):
    Path(sys.argv[2]).touch()
    while not Path(sys.argv[3]).exists():
        time.sleep(0.01)
"""


@contextlib.contextmanager
def _locked_by_another_process(store_dir: str, tmp_path: Path) -> Iterator[None]:
    """The store's write lock, held by a child process for the block."""
    import alu.write_lock

    held, done = tmp_path / "held", tmp_path / "done"
    lock_file = str(Path(store_dir) / alu.write_lock.LOCK_FILE)
    holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, lock_file, str(held), str(done)])
    try:
        while not held.exists():
            assert holder.poll() is None
            time.sleep(0.01)
        yield
    finally:
        done.touch()
        holder.wait(timeout=30)


def test_a_write_waits_for_another_process_and_fails_clearly_if_it_never_finishes(
    tmp_path, monkeypatch, store_dir
):
    """Only one process writes a local store at a time; a write that cannot get its turn is a StoreError and
    leaves the store as it was, and the next write after the other process is done goes through."""
    import alu.write_lock

    store = ForgetStore(store_dir)
    store.add(["Ada Lockwood"])
    with _locked_by_another_process(store_dir, tmp_path):
        monkeypatch.setattr(alu.write_lock, "WAIT_S", 0.2)
        with pytest.raises(StoreError, match="another process has been writing"):
            store.add(["Bo Lockwood"])
        with pytest.raises(StoreError, match="another process has been writing"):
            store.remove("Ada Lockwood")
        assert [t.name for t in store.all()] == ["Ada Lockwood"]
    store.add(["Bo Lockwood"])
    assert sorted(t.name for t in store.all()) == ["Ada Lockwood", "Bo Lockwood"]


# -- store faults: read-only and full disk ---------------------------------------------------------------
def _mount(*args: str) -> bool:
    if os.geteuid() != 0:
        return False
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


def _umount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], capture_output=True)


READONLY_DB = "error returned from database: (code: 8) attempt to write a readonly database"
DISK_FULL = "Query error: Database error: error returned from database: (code: 13) database or disk is full"


@contextlib.contextmanager
def _read_only_view(source: Path, view: Path) -> Iterator[None]:
    """A real read-only bind mount of `source` at `view` (root only)."""
    view.mkdir(mode=0o700)
    try:
        if not (_mount("--bind", str(source), str(view)) and _mount("-o", "remount,ro,bind", str(view))):
            pytest.skip("needs root and permission to mount")
        yield
    finally:
        _umount(view)


@pytest.mark.parametrize("how", ["real read-only bind mount", "injected chroma error"])
def test_read_only_store_is_a_clear_error_and_writes_nothing(tmp_path, scripted, monkeypatch, how):
    import chromadb
    from chromadb.errors import InternalError

    def read_only_client(*args: Any, **kwargs: Any) -> Any:
        raise InternalError(READONLY_DB)  # what chroma raises on a read-only mount

    source = tmp_path / "store"
    ForgetStore(str(source)).add(["Ada Quill", "Bo Rennet"])
    before = ForgetStore(str(source)).count()
    with contextlib.ExitStack() as stack:
        if how == "real read-only bind mount":
            location = tmp_path / "read-only-view"
            stack.enter_context(_read_only_view(source, location))
        else:
            location = source
            stack.enter_context(monkeypatch.context()).setattr(chromadb, "PersistentClient", read_only_client)
        u = Unlearner(model=scripted(), store=str(location))  # a current store is read from its file
        assert u.store.count() == before
        with pytest.raises(StoreError, match=rf"forget store at {location}.*read-only"):
            u.forget("Cyd Marrow")  # the first write opens Chroma's client, which needs to write
    assert ForgetStore(str(source)).count() == before  # nothing written, nothing damaged
    print(f"targets: before {before}, after {before}")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    disk = tmp_path / "disk"
    disk.mkdir()
    if not _mount("-t", "tmpfs", "-o", "size=16m", "tmpfs", str(disk)):
        pytest.skip("needs root and permission to mount a tmpfs")
    yield disk
    _umount(disk)


def _fill(disk: Path) -> Path:
    filler = disk / "filler"
    with contextlib.suppress(OSError), filler.open("wb", buffering=0) as f:
        while True:
            f.write(b"\0" * 65536)
    return filler


def _check_disk_full_import(u: Unlearner, fill: Callable[[], None], free: Callable[[], None]) -> None:
    u.forget_many(f"Before Person {i:02d}" for i in range(10))
    before = u.count()
    names = [f"Disk Person {i:03d}" for i in range(120)]
    progress_calls = []

    def progress(done: int) -> None:
        progress_calls.append(done)
        if len(progress_calls) == 1:
            fill()  # the disk fills up after the first batch of 50

    with pytest.raises(StoreError, match="disk is full") as error:
        u.forget_many(names, progress=progress)
    assert "50 targets of the batches before it were written" in str(error.value)
    after_fault = u.count()
    assert after_fault == before + 50  # the first batch whole, nothing of the failed one
    assert {t.name for t in u.targets()} == {f"Before Person {i:02d}" for i in range(10)} | set(names[:50])
    free()
    report = u.forget_many(names)
    assert (len(report.added), len(report.skipped)) == (70, 50)
    ids = _store_ids(u.store)
    assert u.count() == len(set(ids)) == len(ids) == before + 120
    print(f"targets: before {before}, after disk full {after_fault}, after rerun {u.count()}")


def test_full_disk_real_tmpfs(small_disk, scripted):
    u = Unlearner(model=scripted(**GOOD), store=str(small_disk / "store"), batch_size=50)
    filler: list[Path] = []
    _check_disk_full_import(u, lambda: filler.append(_fill(small_disk)), lambda: filler[0].unlink())


def test_full_disk_injected_at_the_chroma_write(scripted, store_dir, monkeypatch):
    from chromadb.api.models.Collection import Collection
    from chromadb.errors import InternalError

    u = Unlearner(model=scripted(**GOOD), store=store_dir, batch_size=50)
    real_upsert = Collection.upsert
    full = [False]

    def upsert(self: Collection, *args: Any, **kwargs: Any) -> Any:
        if full[0]:
            raise InternalError(DISK_FULL)
        return real_upsert(self, *args, **kwargs)

    monkeypatch.setattr(Collection, "upsert", upsert)
    _check_disk_full_import(u, lambda: full.__setitem__(0, True), lambda: full.__setitem__(0, False))


INDEX_LOADING = (
    "Error executing plan: Internal error: Error creating hnsw segment reader: Nothing found on disk"
)


@pytest.mark.parametrize("failures,added", [(3, True), (6, False)])
def test_a_read_failed_while_chroma_loads_the_index_is_asked_again(
    scripted, store_dir, monkeypatch, failures, added
):
    """A `chroma run` server (chromadb 1.5) fails a client's first reads of a collection other clients are
    writing (CI: two bench replicas ingesting at start-up). The read is asked again after a wait; a write
    never is, and a read that keeps failing is a StoreError that wrote nothing."""
    from chromadb.api.models.Collection import Collection
    from chromadb.errors import InternalError

    import alu.store

    u = Unlearner(model=scripted(**GOOD), store=store_dir)
    u.forget_many(["Ada Quill", "Bo Rennet"])
    real_get = Collection.get
    calls = []

    def get(self: Collection, *args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) <= failures:
            raise InternalError(INDEX_LOADING)
        return real_get(self, *args, **kwargs)

    monkeypatch.setattr(Collection, "get", get)
    monkeypatch.setattr(alu.store, "INDEX_LOAD_WAITS_S", (0.01,) * 5)
    if added:
        u.forget("Cyd Marrow")  # reads what the store holds of it before writing
        assert len(calls) > failures
        assert "Cyd Marrow" in {t.name for t in u.targets()}
        return
    with pytest.raises(StoreError, match="forget store read failed at .*hnsw segment reader"):
        u.forget("Cyd Marrow")
    assert len(calls) == 6  # the first read and five more after a wait each
    monkeypatch.undo()
    assert {t.name for t in u.targets()} == {"Ada Quill", "Bo Rennet"}


def test_a_write_failed_with_the_index_loading_error_is_not_written_again(scripted, store_dir, monkeypatch):
    from chromadb.api.models.Collection import Collection
    from chromadb.errors import InternalError

    u = Unlearner(model=scripted(**GOOD), store=store_dir)
    calls = []

    def upsert(self: Collection, *args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        raise InternalError(INDEX_LOADING)

    monkeypatch.setattr(Collection, "upsert", upsert)
    with pytest.raises(StoreError, match="forget store write failed"):
        u.forget("Ada Quill")
    assert len(calls) == 1
    assert u.count() == 0


# -- bad input -------------------------------------------------------------------------------------------
BAD_FILES: list[tuple[str, bytes, int, str, int]] = [
    # (file name, content, exit code, message fragment, targets added)
    (
        "latin1.txt",
        "Ada Quill\nJosé Ñandú\n".encode("latin-1"),
        1,
        "is not UTF-8 text (bad byte at line 2)",
        0,
    ),
    ("utf16.txt", "Ada Quill\n".encode("utf-16"), 1, "is not UTF-8 text", 0),
    ("image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)), 1, "is not UTF-8 text", 0),
    (
        "huge.txt",
        ("Ada Quill\n" + "x" * (MAX_TARGET_CHARS + 1) + "\nBo Rennet\n").encode(),
        1,
        "line 2: invalid target 'xx",
        2,
    ),
    (
        "one-huge-line.txt",
        b"y" * (8 * MAX_TARGET_CHARS + 1),
        1,
        "line 1: invalid target 'yyyy",  # a name past the target limit: said so, nothing written
        0,
    ),
    (
        "dups.txt",  # case and spacing make no new name; an accent does ('Áda' is not 'Ada')
        b"Ada Quill\nada quill\nADA   QUILL\n\xc3\x81da Quill\nBo Rennet\n",
        0,
        "3 added, 2 already",
        3,
    ),
    (
        "mixed.jsonl",
        b'{"name": "Ada Quill"}\nBo Rennet\nname,aliases\n["Cy"]\n{"name": 5}\n',
        1,
        "line 2: invalid JSON",
        1,
    ),
    ("jsonl-in.json", b'{"name": "Ada Quill"}\n{"name": "Bo"}\n', 1, "invalid JSON at line 2, column 1", 0),
    ("deep.json", b"[" * 100_000 + b"]" * 100_000, 1, "nested too deeply", 0),
    (
        "deep.jsonl",
        b'{"name": "Ada Quill"}\n' + b"[" * 100_000 + b"]" * 100_000 + b"\n",
        1,
        "line 2: invalid JSON: nested too deeply",
        1,
    ),
    ("no-header.csv", b"Ada Quill,A. Q.\n", 1, "header row with a 'name' column", 0),
    ("unbalanced.csv", b'name,aliases\n"Ada Quill,x\nBo Rennet,y\n', 1, "malformed CSV at line", 0),
    (
        "big-field.csv",
        b'name,description\nAda Quill,"' + b"z" * (8 * MAX_TARGET_CHARS + 1) + b'"\n',
        1,
        f"holds {8 * MAX_TARGET_CHARS + 10} characters of text; at most {MAX_TARGET_CHARS}",
        0,
    ),
    (
        "ragged.csv",
        b"name,aliases\nAda Quill,A|B,extra\nBo Rennet,B\n",
        1,
        "line 2: more cells than header",
        1,
    ),
    ("surrogate.jsonl", b'{"name": "Zed \\ud800 Quill"}\n{"name": "Ada Quill"}\n', 1, "not valid Unicode", 1),
    (
        "types.jsonl",
        b'{"name": "Ada", "description": 3}\n{"name": "Bo", "aliases": [null]}\n',
        1,
        "must be",
        0,
    ),
]


@pytest.mark.parametrize(
    ("filename", "content", "code", "message", "added"), BAD_FILES, ids=[f[0] for f in BAD_FILES]
)
def test_bad_target_files_get_a_specific_message_and_no_traceback(
    tmp_path, store_dir, filename, content, code, message, added
):
    path = tmp_path / filename
    path.write_bytes(content)
    result = runner.invoke(
        app, ["--model", "scripted/demo", "--store", store_dir, "targets", "import", str(path)]
    )
    assert result.exit_code == code, result.output
    assert message in " ".join(result.output.split()), result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    count = runner.invoke(
        app, ["--model", "scripted/demo", "--store", store_dir, "targets", "count", "--json"]
    )
    assert json.loads(count.stdout) == {"count": added}


BAD_ARGS: list[tuple[list[str], dict[str, str], int, str]] = [
    # (global options + command, environment, exit code, message fragment)
    # Models are checked by the commands that load them (`targets count|list|export` read the store only).
    (["--model", "nosuchprovider/x", "ask", "hi"], {}, 1, "unknown model 'nosuchprovider/x'"),
    (["--agent-model", "bogus", "targets", "add", "X"], {}, 1, "unknown model 'bogus'"),
    (["--store", "ftp://example.org/s", "targets", "count"], {}, 1, "unknown store URL scheme 'ftp'"),
    (["targets", "count"], {"ALU_K": "-1"}, 1, "k: Input should be greater than or equal to 1 (got '-1')"),
    (["targets", "count"], {"ALU_TAU": "0.5"}, 1, "tau: Input should be greater than or equal to 1"),
    (["targets", "count"], {"ALU_TAU": "6"}, 1, "tau: Input should be less than or equal to 5"),
    (["targets", "count"], {"ALU_TAU": "high"}, 1, "tau: Input should be a valid number"),
    (["targets", "count"], {"ALU_J": "9"}, 1, "invalid settings: j (9) cannot exceed k (5)"),
    (["targets", "count"], {"ALU_FAIL_POLICY": "maybe"}, 1, "fail_policy: Input should be 'refuse'"),
    (["audit", "hi", "-"], {"ALU_MODEL": "nosuchprovider/x"}, 1, "unknown model 'nosuchprovider/x'"),
    (["ask", ""], {}, 1, "the question is empty"),
    (["ask", "Zed \udc80 Quill?"], {}, 1, "not valid UTF-8"),
    (["targets", "add", "!!!"], {}, 1, "target name is empty or has no letters or digits"),
    (["targets", "remove", "Nobody At All"], {}, 1, "no store at"),  # nothing was ever forgotten there
    (["targets", "import", "/nonexistent/targets.csv"], {}, 1, "no such file"),
    (["targets", "import", ".", "--format", "xml"], {}, 1, "is a directory"),
    (["targets", "export", "--format", "xml"], {}, 1, "unknown export format 'xml'"),
    (["targets", "count", "--bogus"], {}, 2, "No such option: --bogus"),
]


@pytest.mark.parametrize(("args", "env", "code", "message"), BAD_ARGS, ids=[" ".join(a[0]) for a in BAD_ARGS])
def test_bad_arguments_and_settings_get_a_specific_message_and_no_traceback(
    store_dir, args, env, code, message
):
    base = [] if "--model" in args or "ALU_MODEL" in env else ["--model", "scripted/demo"]
    base += [] if "--store" in args else ["--store", store_dir]
    result = runner.invoke(app, [*base, *args], env=env)
    assert result.exit_code == code, result.output
    assert message in " ".join(result.output.split()), result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"model": "nosuchprovider/x"}, "unknown model 'nosuchprovider/x'"),
        ({"k": -1}, r"k: Input should be greater than or equal to 1 \(got -1\)"),
        ({"tau": 0.5}, r"tau: Input should be greater than or equal to 1 \(got 0.5\)"),
        ({"tau": 5.5}, r"tau: Input should be less than or equal to 5 \(got 5.5\)"),
        ({"retries": 0}, r"retries: Input should be greater than or equal to 1"),
        ({"store": "s3://bucket"}, "unknown store URL scheme 's3'"),
        ({"judge": "llm"}, r"judge: not a setting \(did you mean 'judges'\?\)"),
    ],
)
def test_bad_settings_in_the_sdk_are_config_errors_naming_the_setting(store_dir, settings, message):
    with pytest.raises(ConfigError, match=message):
        Unlearner(**{"model": "scripted/demo", "store": store_dir, **settings})


def test_bad_settings_from_the_environment_are_config_errors(store_dir, monkeypatch):
    monkeypatch.setenv("ALU_K", "-1")
    with pytest.raises(ConfigError, match=r"k: Input should be greater than or equal to 1 \(got '-1'\)"):
        Unlearner(model="scripted/demo", store=store_dir)


@pytest.mark.parametrize(
    ("messages", "message"),
    [
        ([], "non-empty list"),
        ([{"role": "user"}, {"role": "user", "content": "  "}], "last user message is empty"),
        ([{"role": "robot", "content": "hi"}], "messages\\[0\\] needs a 'role'"),
        ([{"role": "user", "content": 42}], "must be a string"),
        ([{"role": "user", "content": "who is \ud800?"}], "not valid Unicode"),
        ([{"role": "system", "content": "be nice"}], "at least one user message"),
    ],
)
def test_bad_messages_are_value_errors(scripted, unlearner, messages, message):
    u = unlearner(scripted(**GOOD))
    with pytest.raises(ValueError, match=message):
        u.chat(messages)


def test_real_console_errors_have_no_traceback(tmp_path):
    """The real entry point, not the test runner: stderr holds one line and no Python traceback."""
    proc = subprocess.run(
        [sys.executable, "-m", "alu.cli", "--store", str(tmp_path / "store"), "targets", "count"],
        capture_output=True,
        text=True,
        env={**os.environ, "ALU_K": "-1"},
        timeout=120,
    )
    assert proc.returncode == 1
    expected = "error: invalid settings: k: Input should be greater than or equal to 1 (got '-1')"
    assert " ".join(proc.stderr.split()) == expected


# -- sensitive data hygiene ------------------------------------------------------------------------------
@pytest.mark.parametrize("level", [logging.WARNING, logging.INFO])
def test_descriptions_and_vanilla_answers_stay_out_of_the_logs(scripted, unlearner, caplog, level):
    caplog.set_level(level)
    caplog.set_level(level, logger="LiteLLM")  # the CLI quietens it; an SDK user's root level reaches it
    model = scripted(**{**GOOD, "eraser": ("not json", {"candidates": [SAFE]})})  # one retry on the way
    u = unlearner(model, k=1, j=1)
    u.forget(**SNAPE)
    result = u.ask(QUESTION)
    assert result.path == "rewrite" and result.vanilla == LEAKY
    if level == logging.INFO:
        assert caplog.records  # the run did log (litellm: one line per call), just nothing sensitive
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert SECRET not in logged and "PRIVATE-DESC" not in logged and "taught potions" not in logged


def test_cli_stderr_carries_no_description_or_vanilla_answer(tmp_path):
    store = str(tmp_path / "store")
    ForgetStore(store).add([{"name": "Maren Olvhagen", "description": "PRIVATE-DESC-9090, 4 Fjord Lane"}])
    base = [sys.executable, "-m", "alu.cli", "--model", "scripted/demo", "--store", store]
    proc = subprocess.run(
        [*base, "-v", "ask", "Who wrote The Salt Atlas?", "--trace"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Olvhagen" not in proc.stdout  # the answer was rewritten
    for secret in ("PRIVATE-DESC-9090", "Fjord Lane", "1994 novel by Maren Olvhagen"):  # last: vanilla only
        assert secret not in proc.stderr


def test_store_directory_is_owner_only_whatever_the_umask(tmp_path):
    old = os.umask(0)
    try:
        fresh = tmp_path / "fresh" / "store"
        ForgetStore(str(fresh))
        shared = tmp_path / "shared"
        shared.mkdir(mode=0o775)
        ForgetStore(str(shared))
    finally:
        os.umask(old)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o700
    assert stat.S_IMODE(shared.stat().st_mode) == 0o700  # an existing group-readable store is tightened
