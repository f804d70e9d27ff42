"""Issue 17: the store, the server and the wrappers under abuse, concurrency and failure.

Target ids, withdraw semantics, a store written by another process, screening while writers change the
indexes, the server's token / Host / concurrency / deadline rules, honest model failures in the CLI, the
wrappers' options, what `import alu` leaves alone, the bounded connection registry and a short soak."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time

import chromadb
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import alu
from alu import deadline
from alu.chroma_embedding import AluEmbeddingFunction
from alu.chroma_server import ChromaServer
from alu.cli import app
from alu.demo import DEMO_TARGETS, demo_script
from alu.embeddings import EMBEDDER_ID
from alu.errors import ConfigError, DeadlineExceeded, TargetNotFoundError
from alu.scripted import register_script, script_calls
from alu.server import ServerConfig, TokenCheck, create_app
from alu.server.limits import RateLimit
from alu.store import ForgetStore
from alu.types import Target, legacy_target_id, target_id

COLLIDING = [("C++", "C"), ("F#", "F"), ("AT&T", "AT T"), ("パリ", "バリ"), ("Zoë", "Zoe")]
TOKEN = "client-token"


# -- ids and withdraw --------------------------------------------------------------------------------------
@pytest.mark.parametrize(("first", "second"), COLLIDING)
def test_distinct_names_never_share_an_id_and_withdraw_removes_only_the_named_one(store_dir, first, second):
    assert target_id(first) != target_id(second)
    assert target_id(first) == target_id(f"  {first.upper()} ") == target_id(first.lower())
    store = ForgetStore(store_dir)
    assert store.add([first, second]).added == [first, second]
    assert store.remove(second).name == second
    assert [t.name for t in store.all()] == [first]


def test_a_name_that_looks_like_an_id_is_a_name_and_ids_are_only_used_when_asked(scripted, unlearner):
    u = unlearner(scripted())
    victim = u.forget("Ada Quill")
    u.forget(victim.id)  # a target literally named like the other's id
    assert u.withdraw(victim.id).name == victim.id  # by name: the look-alike goes, Ada stays
    assert [t.name for t in u.targets()] == ["Ada Quill"]
    with pytest.raises(TargetNotFoundError, match="with id"):
        u.withdraw(id=target_id("Nobody"))
    assert u.withdraw(id=victim.id).name == "Ada Quill"
    with pytest.raises(ValueError, match="not both"):
        u.withdraw("x", id="y")


def test_a_near_miss_withdraw_names_the_targets_it_may_have_meant(scripted, unlearner):
    u = unlearner(scripted())
    u.forget("Zoë Quint")
    with pytest.raises(TargetNotFoundError, match="did you mean 'Zoë Quint'"):
        u.withdraw("Zoe Quint")


def test_a_store_written_with_the_old_ids_is_migrated_on_open_and_stays_readable(store_dir):
    """Rows under the older (accent- and punctuation-folding) ids move to the new ids once, losing nothing."""
    old = [Target(name="C++", aliases=["cpp"], description="a language"), Target(name="Zoë Quint")]
    client = chromadb.PersistentClient(path=store_dir)
    collection = client.get_or_create_collection(  # embedded by today's embedder: only the ids are old
        "alu_targets",
        embedding_function=AluEmbeddingFunction(),
        metadata={"hnsw:space": "cosine", "alu:embedder": EMBEDDER_ID},
    )
    collection.add(
        ids=[legacy_target_id(t.name) for t in old],
        documents=[t.embedding_text() for t in old],
        metadatas=[
            {"name": t.name, "aliases": json.dumps(t.aliases), "description": t.description} for t in old
        ],
    )
    del collection, client
    chromadb.api.shared_system_client.SharedSystemClient.clear_system_cache()
    store = ForgetStore(store_dir)
    assert set(store.snapshot()) == {t.id for t in old}
    assert store.get("c++").aliases == ["cpp"] and store.get("C") is None
    assert store.add(["C", "Zoë Quint"]).added == ["C"]  # the same name is still the same target
    assert store.remove("C++").name == "C++" and store.count() == 2


def _as_old_store(store_dir: str) -> None:
    """Rewrite a store as older versions wrote it: target rows and their knowledge vectors keyed by the
    legacy ids, and no id-scheme flag."""
    client = chromadb.PersistentClient(path=store_dir)
    targets, vectors = client.get_collection("alu_targets"), client.get_collection("alu_targets_vectors")
    rows = targets.get(include=["metadatas", "embeddings", "documents"])
    old_ids = {i: legacy_target_id(m["name"]) for i, m in zip(rows["ids"], rows["metadatas"], strict=True)}
    targets.delete(ids=rows["ids"])
    targets.add(
        ids=[old_ids[i] for i in rows["ids"]],
        **{k: rows[k] for k in ("metadatas", "embeddings", "documents")},
    )
    got = vectors.get(include=["metadatas", "embeddings", "documents"])
    vectors.delete(ids=got["ids"])
    vectors.add(
        ids=[
            old_ids[m["target_id"]] + i[i.index(":") :]
            for i, m in zip(got["ids"], got["metadatas"], strict=True)
        ],
        metadatas=[m | {"target_id": old_ids[m["target_id"]]} for m in got["metadatas"]],
        embeddings=got["embeddings"],
        documents=got["documents"],
    )
    kept = {k: v for k, v in (targets.metadata or {}).items() if not k.startswith("hnsw:")}
    targets.modify(metadata=kept | {"alu:ids": "1"})
    del targets, vectors, client
    chromadb.api.shared_system_client.SharedSystemClient.clear_system_cache()


def test_the_id_migration_moves_knowledge_vectors_with_their_targets(store_dir, monkeypatch):
    """Examples stored under a legacy id follow their target to its new id (paged: a page of one target, so
    rows moving while the store is paged are not skipped), and screening still finds them."""
    import alu.store

    examples = ["She charted the cold harbour towns of the north in a book of salt-stained maps."]
    store = ForgetStore(store_dir)
    store.add(
        [Target(name="Zoë Quint", examples=examples), Target(name="C++", examples=["templates and RAII"])]
    )
    del store
    chromadb.api.shared_system_client.SharedSystemClient.clear_system_cache()
    _as_old_store(store_dir)
    monkeypatch.setattr(alu.store, "_PAGE", 1)
    store = ForgetStore(store_dir)
    assert set(store.snapshot()) == {target_id("Zoë Quint"), target_id("C++")}
    assert [r.text for r in store.knowledge("Zoë Quint")] == examples
    assert [r.text for r in store.knowledge("C++")] == ["templates and RAII"]
    held = {tid for rows in store.vectors.nearest(store.embed(examples), 10) for tid, _ in rows}
    assert held == {target_id("Zoë Quint"), target_id("C++")}  # no row left under a legacy id


# -- the store under other writers ---------------------------------------------------------------------------
def test_an_unlearner_survives_another_process_writing_its_local_store(scripted, unlearner, store_dir):
    """After a withdraw elsewhere queries still work; after an add elsewhere similarity sees the target."""
    u = unlearner(scripted(demo_script))
    u.forget_many(DEMO_TARGETS)
    assert u.ask("Who wrote The Salt Atlas?").path != "fast"
    code = (
        "import alu.scripted; from alu import Unlearner; "
        f"u = Unlearner(model='scripted/none', store={store_dir!r}); u.withdraw('Maren Olvhagen'); "
        "u.forget('Hermione Quarrel', description='the brightest witch of her age, a muggle-born Gryffindor')"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
    result = u.ask("Who wrote The Salt Atlas?")  # used to raise (rows without metadata)
    assert result.error is None and "Olvhagen" in result.text  # withdrawn: answered normally
    u.screener.refresh()
    close = u.screener.screen(["the brightest witch of her age, a muggle-born Gryffindor student"], "query")
    assert "Hermione Quarrel" in [t.name for t in close.candidates.values()]


def test_forgetting_next_to_rows_another_process_withdrew(scripted, unlearner, store_dir):
    """The hard negatives of a new target are read from its nearest rows; rows withdrawn elsewhere still come
    back from this process's index, without metadata (the server's forget answered HTTP 500 under churn)."""
    u = unlearner(scripted(demo_script))
    examples = ["Which river runs past the Salt Atlas archive?", "What did the glass cartographer map first?"]
    u.forget("Maren Olvhagen", examples=examples)
    u.forget("Ida Brann", examples=["Which lighthouse did Ida Brann keep?"])
    code = (
        "import alu.scripted; from alu import Unlearner; "
        f"Unlearner(model='scripted/none', store={store_dir!r}).withdraw('Maren Olvhagen')"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
    u.forget("Oskar Vell", examples=[e.replace("glass", "paper") for e in examples])
    assert sorted(t.name for t in u.targets()) == ["Ida Brann", "Oskar Vell"]


NEW_NAMES = ["Ilse Brennecke", "Quentin Abernathy", "Sigrun Oberholzer", "Radomir Tennholt"]


def _stored_then_failed(monkeypatch: pytest.MonkeyPatch, *, revision_fails: bool) -> None:
    """Writes that store their target rows and then fail, as Chroma does when a full disk fails applying its
    log ('Error in compaction'); with `revision_fails`, publishing a new revision fails as well."""
    from alu.errors import StoreError

    real = ForgetStore._write_rows

    def stored_then_failed(self, targets, vectors):
        real(self, targets, vectors)
        raise StoreError("forget store write failed: Error in compaction: Failed to apply logs")

    def no_revision(self):
        raise StoreError("forget store write failed: database or disk is full")

    monkeypatch.setattr(ForgetStore, "_write_rows", stored_then_failed)
    if revision_fails:
        monkeypatch.setattr(ForgetStore, "_bump", no_revision)


@pytest.mark.parametrize("revision_fails", [False, True], ids=["revision-published", "revision-failed"])
def test_targets_stored_by_a_write_that_failed_are_screened_by_open_and_new_readers(
    store_dir, monkeypatch, revision_fails
):
    """A write failing after Chroma stored its rows left the revision marker where it was: the rows were
    listed, but a reader that was open, and a new one trusting the name index saved at that revision, never
    matched them by name. The error said nothing was written."""
    from alu.errors import StoreError

    alu.Unlearner(model="scripted/x", store=store_dir, judges="deterministic").forget("Maren Olvhagen")
    reader = alu.Unlearner(model="scripted/x", store=store_dir, judges="deterministic")
    assert reader.audit("Who is Maren Olvhagen?", "Maren Olvhagen is a cartographer.").leaked
    with monkeypatch.context() as patched:
        _stored_then_failed(patched, revision_fails=revision_fails)
        with pytest.raises(StoreError, match="may have been partly or fully written; run the same command"):
            ForgetStore(store_dir).add(NEW_NAMES)
    fresh = alu.Unlearner(model="scripted/x", store=store_dir, judges="deterministic")
    for u in (reader, fresh):
        found = [
            n for n in NEW_NAMES if n in u.audit(f"Who is {n}?", f"{n} is a cartographer from Alta.").leaked
        ]
        assert found == NEW_NAMES


def test_a_merge_killed_before_its_target_rows_is_refitted_by_the_rerun(store_dir, monkeypatch):
    """A merge writes the new knowledge rows, then the target rows with the refitted decision. Killed in
    between, a re-run found every row stored and names unchanged and skipped the targets: the new examples
    were never part of their decisions. The target row records the rows it was fitted on."""
    base = [
        {"name": "Maren Olvhagen"},
        {"name": "reverse genetics of influenza", "description": "engineering influenza viruses from clones"},
        {
            "name": "The Salt Atlas",
            "kind": "entity",
            "description": "a 1911 atlas of the Finnmark salt roads",
        },
    ]
    store = ForgetStore(store_dir)
    store.add(base)
    merge = [
        {
            "name": t["name"],
            "examples": [f"Who charted the roads of {t['name']} in 1911?", f"Explain {t['name']}."],
        }
        for t in base
    ]

    def killed(self, targets, vectors):
        raise KeyboardInterrupt  # not caught as a failed write: what SIGKILL leaves behind

    with monkeypatch.context() as patched:
        patched.setattr(ForgetStore, "_write_rows", killed)
        with pytest.raises(KeyboardInterrupt):
            store.add(merge)
    again = ForgetStore(store_dir)
    assert sorted(again.add(merge).merged) == sorted(t["name"] for t in base)
    assert all(again.get(t["name"]).decision for t in base)
    assert again.add(merge).skipped == [t["name"] for t in base]  # refitted once, then up to date


def test_screening_reads_its_indexes_under_the_writers_lock(scripted, unlearner):
    """One thread screens while another adds and withdraws targets: no 'changed size during iteration'."""
    u = unlearner(scripted())
    u.forget_many([f"Person Number{i} Example" for i in range(30)])
    errors: list[BaseException] = []
    stop = threading.Event()

    def screen() -> None:
        text = " ".join(f"Person Number{i} Example met Example." for i in range(30))
        while not stop.is_set():
            try:
                u.screener.names.find(text, "answer", [])
            except BaseException as exc:  # noqa: BLE001  (any exception is the failure)
                errors.append(exc)
                return

    readers = [threading.Thread(target=screen) for _ in range(2)]
    for reader in readers:
        reader.start()
    for round_ in range(6):
        batch = [Target(name=f"Writer{round_} Person{i} Example") for i in range(40)]
        u.screener.added(batch)
        for target in batch:
            u.screener.removed(target)
    stop.set()
    for reader in readers:
        reader.join()
    assert errors == []


def _withdraw_while_asking(u: alu.Unlearner, rounds: int) -> list[str]:
    failures: list[str] = []
    stop = threading.Event()

    def ask() -> None:
        while not stop.is_set():
            try:
                result = u.ask("Who wrote The Salt Atlas?")
                if result.error:
                    failures.append(result.error)
            except Exception as exc:  # noqa: BLE001
                failures.append(f"{exc.__class__.__name__}: {exc}")

    askers = [threading.Thread(target=ask) for _ in range(2)]
    for asker in askers:
        asker.start()
    for i in range(rounds):
        u.forget(f"Churn Person{i}", description="a cartographer who wrote an atlas of salt")
        u.withdraw(f"Churn Person{i}")
    stop.set()
    for asker in askers:
        asker.join()
    return failures


def test_concurrent_withdraws_never_crash_queries_in_process(scripted, unlearner):
    u = unlearner(scripted(demo_script))
    u.forget_many(DEMO_TARGETS)
    assert _withdraw_while_asking(u, rounds=8) == []


def test_concurrent_withdraws_never_crash_queries_on_a_chroma_server(tmp_path, scripted):
    chroma = ChromaServer(tmp_path / "chroma")
    chroma.start()
    try:
        u = alu.Unlearner(model=scripted(demo_script), store=chroma.url, retries=1)
        u.forget_many(DEMO_TARGETS)
        assert _withdraw_while_asking(u, rounds=8) == []
    finally:
        chroma.stop()


def test_writers_adding_one_new_name_to_a_chroma_server_at_once_report_it_added_once(tmp_path):
    """Two stores on one server (as two `alu serve` workers hold) and threads on each: the add that finds
    the name absent must still find it absent when it writes, so only one reports it added."""
    chroma = ChromaServer(tmp_path / "chroma")
    chroma.start()
    try:
        stores = [ForgetStore(chroma.url), ForgetStore(chroma.url)]
        for store in stores:
            store.count()
        start = threading.Barrier(8)
        reports: list[list[str]] = []

        def add(store: ForgetStore) -> None:
            start.wait()
            reports.append(store.add([{"name": "Vesna Kallio", "aliases": ["V. Kallio"]}]).added)

        threads = [threading.Thread(target=add, args=(stores[i % 2],)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(reports) == [[]] * 7 + [["Vesna Kallio"]]
        assert [t.name for t in stores[1].all()] == ["Vesna Kallio"]
    finally:
        chroma.stop()


# -- the server ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("tokens", [[""], ["  "], ["has space"], ["\t"]])
@pytest.mark.parametrize("kind", ["tokens", "admin_tokens"])
def test_blank_tokens_are_refused_at_start(scripted, unlearner, tokens, kind):
    with pytest.raises(ConfigError, match="token"):
        create_app(unlearner(scripted()), ServerConfig(**{kind: tokens}))


@pytest.mark.parametrize(
    "args, env",
    [
        (["--token", ""], {}),
        (["--admin-token", "  "], {}),
        ([], {"ALU_SERVE_TOKENS": ""}),
        ([], {"ALU_SERVE_ADMIN_TOKENS": "   "}),
    ],
    ids=["--token ''", "--admin-token blank", "empty env", "blank admin env"],
)
def test_serve_refuses_blank_tokens_with_one_line(store_dir, monkeypatch, args, env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(app, ["--model", "scripted/demo", "--store", store_dir, "serve", *args])
    assert result.exit_code == 1 and "token" in result.output and "Traceback" not in result.output


def test_rate_limit_buckets_are_keyed_on_the_parsed_token(scripted, unlearner):
    u = unlearner(scripted(demo_script))
    client = TestClient(create_app(u, ServerConfig(tokens=[TOKEN], rate_per_minute=6)))  # bursts of 1
    body = {"model": "alu", "messages": [{"role": "user", "content": "What is the capital of France?"}]}
    spellings = [f"Bearer {TOKEN}", f"bearer {TOKEN}", f"BEARER   {TOKEN}", f"  Bearer {TOKEN}  "]
    statuses = [
        client.post("/v1/chat/completions", json=body, headers={"Authorization": s}).status_code
        for s in spellings
    ]
    assert statuses == [200, 429, 429, 429]
    assert TokenCheck([TOKEN]).allows(f"BEARER   {TOKEN}")
    assert RateLimit(6).wait_s("a") == 0.0


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("127.0.0.1:8080", True),
        ("localhost", True),
        ("[::1]:8080", True),
        ("LOCALHOST:80", True),
        ("evil.example:8080", False),
        ("127.0.0.1.evil.example", False),
        ("", False),
    ],
)
def test_an_open_server_answers_only_loopback_host_names(scripted, unlearner, host, allowed):
    """DNS rebinding: a page whose domain resolves to 127.0.0.1 sends its own name as Host."""
    u = unlearner(scripted())
    u.forget("Maren Olvhagen")
    client = TestClient(create_app(u), base_url="http://127.0.0.1")
    listing = client.get("/v1/targets", headers={"Host": host})
    deleting = client.delete("/v1/targets/Maren Olvhagen", headers={"Host": host})
    if allowed:
        assert listing.status_code == 200 and deleting.status_code == 200
    else:
        assert listing.status_code == deleting.status_code == 421
        assert listing.json()["error"]["code"] == "host_not_allowed" and u.count() == 1


def test_an_open_server_refuses_a_request_with_two_host_headers():
    """'Host: evil.example' then 'Host: localhost' was answered (the last one won): refused like a foreign
    Host, whichever comes first."""
    import asyncio

    from alu.server.auth import LoopbackHostOnly

    async def app(scope, receive, send) -> None:  # the server behind: answers 200
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    def status(hosts: list[bytes]) -> int:
        sent: list[dict] = []

        async def send(message: dict) -> None:
            sent.append(message)

        scope = {"type": "http", "headers": [(b"host", h) for h in hosts]}
        asyncio.run(LoopbackHostOnly(app)(scope, None, send))
        return sent[0]["status"]

    assert status([b"localhost"]) == 200
    assert status([b"evil.example", b"localhost"]) == status([b"localhost", b"evil.example"]) == 421
    assert status([b"localhost", b"localhost"]) == 421


def test_a_server_with_tokens_answers_any_host(scripted, unlearner):
    u = unlearner(scripted())
    client = TestClient(create_app(u, ServerConfig(tokens=[TOKEN])))
    reply = client.get("/v1/models", headers={"Host": "alu.internal", "Authorization": f"Bearer {TOKEN}"})
    assert reply.status_code == 200


def test_pipelines_beyond_the_cap_get_503_and_healthz_stays_responsive(scripted, unlearner):
    import asyncio

    import httpx

    model = scripted(demo_script, latency_ms=600)
    u = unlearner(model)
    asgi = create_app(u, ServerConfig(tokens=[TOKEN], max_concurrent=2))
    body = {"model": "alu", "messages": [{"role": "user", "content": "What is the capital of France?"}]}

    async def scenario() -> tuple[list[int], int, str | None]:
        transport = httpx.ASGITransport(app=asgi)
        headers = {"Authorization": f"Bearer {TOKEN}"}
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1", headers=headers) as c:
            chats = [asyncio.create_task(c.post("/v1/chat/completions", json=body)) for _ in range(5)]
            await asyncio.sleep(0.2)
            health = await c.get("/healthz")
            replies = await asyncio.gather(*chats)
        busy = next((r for r in replies if r.status_code == 503), None)
        return (
            sorted(r.status_code for r in replies),
            health.status_code,
            busy and busy.headers["Retry-After"],
        )

    statuses, health, retry_after = asyncio.run(scenario())
    assert statuses == [200, 200, 503, 503, 503] and health == 200 and retry_after == "1"


def test_the_deadline_stops_screening_work_in_its_thread():
    """Cancelling the request's task does not stop a thread; the deadline the screening steps check does."""
    import asyncio

    checked: list[float] = []

    def cpu_bound() -> None:
        for _ in range(10_000):
            checked.append(time.monotonic())
            deadline.check()
            time.sleep(0.01)

    async def run() -> None:
        with deadline.deadline(0.2):
            await asyncio.to_thread(cpu_bound)

    started = time.monotonic()
    with pytest.raises(DeadlineExceeded):
        asyncio.run(run())
    assert checked[-1] - started < 1.0  # it stopped, instead of running its 100 s


def test_screening_lookups_check_the_deadline(scripted, unlearner):
    u = unlearner(scripted())
    u.forget("Maren Olvhagen")
    with deadline.deadline(0.0), pytest.raises(DeadlineExceeded):
        time.sleep(0.01)
        u.screener.names.find("Maren Olvhagen wrote it.", "answer", [])


def test_every_reading_of_a_long_text_checks_the_deadline(scripted, unlearner):
    """A 1 MB question took ~1.7 s per reading and ~40 readings (reversed, Caesar shifts, acrostics): the
    screening thread ran on for a minute after the client's 504. Each reading checks the deadline now."""
    u = unlearner(scripted())
    u.forget("Maren Olvhagen")
    index = u.screener.indexes.names
    with deadline.deadline(0.0), pytest.raises(DeadlineExceeded):
        time.sleep(0.01)
        index.find_transformed("Who wrote The Salt Atlas? " + "word " * 200)


def test_withdraw_over_http_is_by_name_unless_by_id_is_asked(scripted, unlearner):
    u = unlearner(scripted())
    ada = u.forget("Ada Quill")
    u.forget(ada.id)
    client = TestClient(create_app(u, ServerConfig(tokens=[TOKEN])))
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert client.delete(f"/v1/targets/{ada.id}", headers=auth).json()["name"] == ada.id
    assert client.delete(f"/v1/targets/{ada.id}?by=id", headers=auth).json()["name"] == "Ada Quill"
    assert client.delete(f"/v1/targets/{ada.id}?by=id", headers=auth).status_code == 404


# -- honest failures -------------------------------------------------------------------------------------
def test_cli_ask_with_a_failing_model_prints_the_error_and_exits_1(store_dir):
    import litellm

    register_script("authfail", lambda call: litellm.AuthenticationError("bad key", "scripted", "x"))
    result = CliRunner().invoke(app, ["--model", "scripted/authfail", "--store", store_dir, "ask", "Hello?"])
    assert result.exit_code == 1
    assert "node vanilla failed (AuthenticationError)" in result.output
    assert "I'm sorry" not in result.output  # the refusal is not passed off as an answer
    assert [c.role for c in script_calls("authfail")] == ["vanilla"]  # not retried


def test_server_returns_502_with_an_error_code_when_the_model_fails(scripted, unlearner):
    import litellm

    u = unlearner(scripted(vanilla=litellm.NotFoundError("no such model", "scripted", "x")))
    client = TestClient(create_app(u, ServerConfig(tokens=[TOKEN])))
    body = {"model": "alu", "messages": [{"role": "user", "content": "Hello?"}]}
    reply = client.post("/v1/chat/completions", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert reply.status_code == 502 and reply.json()["error"]["code"] == "model_error"
    assert "(NotFoundError)" in reply.json()["error"]["message"]


# -- wrappers impose nothing --------------------------------------------------------------------------------
def test_completion_and_serve_send_only_the_callers_options_and_ask_keeps_its_settings(scripted, unlearner):
    model = scripted(vanilla="Paris.")
    name = model.split("/", 1)[1]
    u = unlearner(model)
    alu.completion(model=model, messages=[{"role": "user", "content": "Capital of France?"}], unlearner=u)
    client = TestClient(create_app(u, ServerConfig(tokens=[TOKEN])))
    body = {"model": "alu", "messages": [{"role": "user", "content": "Capital of France?"}], "top_p": 0.5}
    assert client.post(
        "/v1/chat/completions", json=body, headers={"Authorization": f"Bearer {TOKEN}"}
    ).is_success
    u.ask("Capital of France?")
    wrapped, served, asked = (c.params for c in script_calls(name) if c.role == "vanilla")
    assert "max_tokens" not in wrapped and "temperature" not in wrapped
    assert "max_tokens" not in served and "temperature" not in served and served["top_p"] == 0.5
    assert asked["max_tokens"] == u.settings.max_tokens and asked["temperature"] == u.settings.temperature


# -- the host process is left alone -----------------------------------------------------------------------
def test_import_alu_and_an_answer_change_nothing_in_the_host():
    # litellm sets TIKTOKEN_CACHE_DIR itself the first time a custom provider is called (its tokenizer's
    # lazy import): loaded first, so only what alu changes is compared.
    code = """
import os, sys
import litellm
import litellm.litellm_core_utils.default_encoding
before = dict(os.environ)
quiet = litellm.suppress_debug_info
import alu
from alu import Unlearner
import tempfile
u = Unlearner(model="scripted/demo", store=tempfile.mkdtemp())
u.ask("What is the capital of France?")
changed = {k for k in set(os.environ) | set(before) if os.environ.get(k) != before.get(k)}
print(sorted(changed), litellm.suppress_debug_info == quiet)
"""
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith(("LITELLM_", "LANG"))}
    env["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"  # the host's own choice (offline test machine)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=180, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "[] True"


# -- the bounded connection registry ---------------------------------------------------------------------
def test_bound_connections_are_bounded_and_a_dropped_one_fails_clearly(monkeypatch):
    import litellm

    from alu.adopt import bound

    monkeypatch.setattr(bound, "MAX_BOUND", 3)
    strings = [bound.bind("openai/gpt-4o-mini", api_key=f"sk-user-{i}") for i in range(6)]
    assert len(bound._BOUND) == 3 and len(set(strings)) == 6  # ids are never reused
    assert bound.resolve(strings[-1])[1]["api_key"] == "sk-user-5"
    with pytest.raises(litellm.BadRequestError, match="no longer"):
        bound.resolve(strings[0])
    assert bound.bind("openai/gpt-4o-mini", api_key="sk-user-5") == strings[-1]  # still bound: same string


# -- the soak --------------------------------------------------------------------------------------------
def test_a_short_soak_of_server_and_chroma_loses_mixes_and_leaks_nothing():
    from alu.bench.soak import run_soak

    report = run_soak(seconds=5, askers=3, churners=2, max_concurrent=2)
    assert report.requests["ask"] and report.requests["withdraw"] and report.requests["export"]
    assert report.unexpected_5xx == 0 and report.transport_errors == 0, report.problems
    assert report.lost_targets == 0 and report.mixed_up_targets == 0 and report.leaks == 0, report.problems
    assert report.healthz_p99_ms < 1000 and report.clean


def test_a_client_that_hangs_up_stops_its_work_and_frees_its_slot():
    """32 clients that gave up held every slot until the request timeout (others got 503 for minutes): the
    server now ends the work, deadline included, as soon as the connection closes."""
    import asyncio

    from alu.server.app import _ClientLeft, _unless_client_leaves

    async def scenario() -> tuple[bool, bool, float]:
        messages = [{"type": "http.request", "body": b"", "more_body": False}, {"type": "http.disconnect"}]

        async def receive() -> dict:
            await asyncio.sleep(0.05)
            return messages.pop(0)

        started = time.monotonic()
        with deadline.deadline(60) as limit:
            work = asyncio.ensure_future(asyncio.sleep(60))
            with pytest.raises(_ClientLeft):
                await _unless_client_leaves(work, receive, limit)
        await asyncio.sleep(0)
        return work.cancelled(), limit.passed(), time.monotonic() - started

    cancelled, expired, seconds = asyncio.run(scenario())
    assert cancelled and expired and seconds < 5


def test_an_answer_ready_first_is_returned_and_the_deadline_left_as_it_was():
    import asyncio

    from alu.server.app import _unless_client_leaves

    async def scenario() -> tuple[str, bool]:
        async def receive() -> dict:
            await asyncio.sleep(60)
            return {"type": "http.disconnect"}

        with deadline.deadline(60) as limit:
            result = await _unless_client_leaves(
                asyncio.ensure_future(asyncio.sleep(0, "answer")), receive, limit
            )
        return result, limit.passed()

    assert asyncio.run(scenario()) == ("answer", False)
