"""The fast path's cost savers keep answers as they were: each text is embedded once per process, in a run
of its own, the answer's similarity look runs beside the question's screening, and `alu serve --workers`
builds the same app in each worker (read-only over a local store). Speed is reported by
`alu bench overhead|serve`, never tested."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from alu import embeddings
from alu.bench.serve import fast_question
from alu.demo import DEMO_TARGETS, demo_script
from alu.embeddings import MiniLMEmbedder
from alu.scripted import register_script
from alu.server import ServerConfig, create_app, workers

FRANCE = "What is the capital of France?"


@pytest.fixture
def runs(monkeypatch):
    """The token id lists of every model run of the shared embedder (one list per run), cache cleared."""
    seen: list[list[tuple[int, ...]]] = []
    original = MiniLMEmbedder._run

    def counted(self, ids):
        seen.append([tuple(ids)])
        return original(self, ids)

    monkeypatch.setattr(MiniLMEmbedder, "_run", counted)
    embeddings.get_embedder().clear_cache()
    return seen


def ids(text: str) -> tuple[int, ...]:
    embedder = embeddings.get_embedder()
    embedder.embed(["load the tokenizer"])
    return tuple(embedder._tokenizer.encode(text).ids)


def embedded(runs: list[list[tuple[int, ...]]]) -> list[tuple[int, ...]]:
    return [text for run in runs for text in run]


def test_a_text_is_embedded_once_and_callers_get_their_own_copy(runs):
    embedder = embeddings.get_embedder()
    first = embedder.embed(["a lighthouse keeper's diary", "tide tables", "a lighthouse keeper's diary"])
    assert sorted(embedded(runs)) == sorted([ids("tide tables"), ids("a lighthouse keeper's diary")])
    np.testing.assert_array_equal(first[0], first[2])
    first[0][:] = 0.0  # the caller's array is its own: the cache is not changed through it
    done = len(runs)
    again = embedder.embed(["tide tables", "a lighthouse keeper's diary"])
    assert len(runs) == done
    np.testing.assert_array_equal(again, first[[1, 2]])
    assert np.isclose(np.linalg.norm(again[1]), 1.0, atol=1e-5)


def test_every_text_runs_alone_whatever_it_is_embedded_with(runs):
    """No padding and no batch mates: the int8 kernels would give a text another vector among others."""
    short, similar = "Where is Giza?", "Where is Paris?"
    long_text = (
        "user: Where is Giza?\nassistant: Giza is a city in Egypt, on the west bank of the Nile near Cairo."
    )
    together = embeddings.get_embedder().embed([long_text, short, similar])
    assert sorted(runs) == sorted([[ids(short)], [ids(similar)], [ids(long_text)]])
    embeddings.get_embedder().clear_cache()
    alone = np.vstack([embeddings.get_embedder().embed([t]) for t in (long_text, short, similar)])
    np.testing.assert_array_equal(together, alone)


def test_the_cache_is_bounded_and_skips_long_texts(runs, monkeypatch):
    monkeypatch.setattr(embeddings, "CACHE_TEXTS", 2)
    embedder = embeddings.get_embedder()
    embedder.embed(["one", "two", "three", "x" * (embeddings.CACHE_MAX_CHARS + 1)])
    runs.clear()
    embedder.embed(["one", "three"])  # "one" was evicted (least recently used), "three" kept
    assert embedded(runs) == [ids("one")]
    runs.clear()
    embedder.embed(["x" * (embeddings.CACHE_MAX_CHARS + 1)])  # never cached: runs again
    assert len(embedded(runs)) == 1


def test_an_audit_embeds_each_text_once(unlearner, scripted, runs):
    u = unlearner(scripted("unused"))
    u.forget_many(DEMO_TARGETS)
    u.audit("warm the pipeline up", "nothing")
    embeddings.get_embedder().clear_cache()
    runs.clear()
    result = u.audit(FRANCE, "Paris is the capital of France.")
    assert result.path == "fast" and result.leaked == []
    texts = embedded(runs)  # the question, then the exchange: candidates, knowledge and names share them
    assert len(texts) == len(set(texts)) == 2 and ids(FRANCE) in texts
    leak = u.audit("Who wrote The Salt Atlas?", "Maren Olvhagen wrote it.")
    assert leak.leaked == ["Maren Olvhagen"]  # screening itself is unchanged


def test_the_answer_is_looked_at_while_the_question_is_still_screened(unlearner, scripted, monkeypatch):
    """The question's screening cannot finish before the answer's similarity look has started (it waits for
    it here): the look no longer waits for the question's candidates, only the name checks after it do."""
    u = unlearner(scripted(vanilla="Paris is the capital of France."))
    u.forget_many(DEMO_TARGETS)
    screener = u.pipeline.screener
    looking = threading.Event()
    real_look, real_screen = screener.look, screener.screen

    def look(similar, where):
        if where == "answer":
            looking.set()
        return real_look(similar, where)

    def screen(texts, where, *args, **kwargs):
        if where == "query":
            assert looking.wait(30), "the answer's look waited for the question's screening"
        return real_screen(texts, where, *args, **kwargs)

    monkeypatch.setattr(screener, "look", look)
    monkeypatch.setattr(screener, "screen", screen)
    result = u.ask(FRANCE)
    assert result.path == "fast" and looking.is_set()
    assert [t.node for t in result.trace] == ["screen", "vanilla", "look_answer", "screen_answer"]
    leak = unlearner(scripted(vanilla="Maren Olvhagen wrote it.")).ask("Who wrote The Salt Atlas?")
    assert leak.leaked == ["Maren Olvhagen"]


def test_masked_target_texts_are_embedded_once_per_store(unlearner, scripted, store_dir, monkeypatch):
    """A family name that is also a word ('Bell') is decided by the context with the names masked, against
    each target's masked text: embedded once for the store (kept beside it), not once per process."""
    from alu import masked_vectors

    u = unlearner(scripted())
    u.forget("Alexander Graham Bell", description="Scottish-born inventor of the telephone.")
    u.forget("Kristen Bell", description="American actress, voice of Anna in Frozen.")
    assert u.screener.warm() == 2 and (Path(store_dir) / masked_vectors.FILE).is_file()
    inventor = "In 1876, Bell patented a device to carry the voice over wires. What was it?"
    first = u.audit(inventor, "The telephone.").leaked
    reopened = unlearner(scripted())
    embedded: list[str] = []
    real = reopened.screener._masked._embed
    monkeypatch.setattr(reopened.screener._masked, "_embed", lambda t: embedded.extend(t) or real(t))
    assert reopened.screener.warm() == 0 and reopened.audit(inventor, "The telephone.").leaked == first
    assert embedded == [] and "Alexander Graham Bell" in first
    reopened.forget("Kristen Bell", description="American actress and singer; she voiced Anna in Frozen.")
    assert reopened.screener.warm() == 1  # the changed target only
    assert len(embedded) == 1 and "Kristen" not in embedded[0]


def test_screening_finds_what_it_found_before_with_ids_only_lookups(unlearner, scripted):
    """Candidates come from the screener's own index of targets, with the similarity Chroma reports."""
    u = unlearner(scripted("unused"))
    u.forget_many(DEMO_TARGETS)
    screener = u.screener
    text = "Which novel about salt and maps did the Norwegian author write in 1994?"
    by_rows = u.store.nearest([text], 3)[0]
    by_ids = screener._nearest([text])[0][:3]
    assert [(t.id, round(s, 5)) for t, s in by_ids] == [(t.id, round(s, 5)) for t, s in by_rows]
    assert all(t is screener.indexes.targets[t.id] for t, _ in by_ids)


def test_knowledge_lookups_name_the_target_of_each_row(unlearner, scripted):
    """Knowledge neighbours are read without their rows: the target id comes from the row id."""
    u = unlearner(scripted("unused"))
    examples = ["Which harbour town did the cartographer map in winter?", "Who drew the salt marsh charts?"]
    u.forget("Maren Olvhagen", description="A Norwegian novelist.", examples=examples)
    u.forget("Tobias Quell", description="A composer of harbour music.")
    vectors = u.store.embed(["Who charted the salt marshes of the harbour town?"])
    found = u.store.vectors.nearest(vectors, 16)[0]
    rows = u.store.vectors._collection.query(
        query_embeddings=vectors, n_results=16, include=["metadatas", "distances"]
    )
    assert found and [tid for tid, _ in found] == [m["target_id"] for m in rows["metadatas"][0]]
    assert {tid for tid, _ in found} <= {t.id for t in u.targets()}


def test_a_worker_builds_the_served_app_and_refuses_writes_to_a_local_store(store_dir, monkeypatch):
    from alu.sdk import Unlearner

    register_script("hotpath", demo_script)
    parent = Unlearner(model="scripted/hotpath", store=store_dir)
    parent.forget_many(DEMO_TARGETS)
    reason = workers.read_only_reason(store_dir, 2)
    assert reason and "alu targets add" in reason and "chroma run" in reason
    assert workers.read_only_reason("http://127.0.0.1:8000", 2) is None
    assert workers.read_only_reason(store_dir, 1) is None
    config = ServerConfig(tokens=["t"], read_only=reason)
    create_app(parent, config)  # the parent checks the configuration before starting workers
    monkeypatch.setenv(workers.SPEC_ENV, workers.spec(parent.settings, config))
    with TestClient(workers.app()) as client:
        headers = {"Authorization": "Bearer t"}
        body = {"model": "alu", "messages": [{"role": "user", "content": "Who wrote The Salt Atlas?"}]}
        answer = client.post("/v1/chat/completions", json=body, headers=headers).json()
        assert "Olvhagen" not in answer["choices"][0]["message"]["content"]
        added = client.post("/v1/targets", json={"name": "Tobias Quell"}, headers=headers)
        assert added.status_code == 409 and json.loads(added.text)["error"]["code"] == "read_only_store"
        assert client.delete("/v1/targets/Maren Olvhagen", headers=headers).status_code == 409
        assert client.get("/v1/targets", headers=headers).json()["total"] == len(DEMO_TARGETS)


def test_fast_questions_never_repeat():
    questions = [fast_question(i) for i in range(5000)]
    assert len(set(questions)) == len(questions)


def test_an_audit_embeds_its_question_and_answer_in_one_call_and_reads_each_index_once(
    unlearner, scripted, monkeypatch
):
    """audit(question, answer) knows both texts at once: one embedding call for both (run side by side) and
    one read of each kNN index for both, whatever the answer reveals."""
    from alu.memory_index import MemoryIndex

    u = unlearner(scripted())
    u.forget_many(DEMO_TARGETS)
    u.audit("Warm-up question?", "Warm-up answer.")
    assert u.screener.knowledge.active
    calls: list[list[str]] = []
    reads: list[int] = []
    embedder, nearest = embeddings.get_embedder(), MemoryIndex.nearest
    embed = embedder.embed
    monkeypatch.setitem(vars(embedder), "embed", lambda texts: calls.append(list(texts)) or embed(texts))
    monkeypatch.setattr(
        MemoryIndex, "nearest", lambda self, q, n: reads.append(len(q)) or nearest(self, q, n)
    )
    fast = u.audit(FRANCE, "Paris is the capital of France.")
    assert fast.path == "fast" and fast.text == "Paris is the capital of France."
    exchange = f"user: {FRANCE}\nassistant: Paris is the capital of France."
    assert {FRANCE, exchange} <= set(calls[0])
    assert reads[:2] == [2, 2]  # the targets' index, then the knowledge vectors: both texts in one read
    leak = u.audit("Who wrote The Salt Atlas?", "Maren Olvhagen wrote it.")
    assert leak.leaked == ["Maren Olvhagen"] and leak.path != "fast"


def test_looking_at_groups_together_finds_what_each_finds_alone(unlearner, scripted):
    u = unlearner(scripted())
    u.forget_many(DEMO_TARGETS)
    groups = [
        ([FRANCE], "query"),
        ([f"user: {FRANCE}\nassistant: Paris."], "answer"),
        (["Who wrote The Salt Atlas?"], "query"),
        (["user: Who wrote it?\nassistant: Олвхаген."], "answer"),
        (["   "], "query"),
        (["a novel about salt and maps", "the glass cartographer of Tromsø"], "answer"),
    ]
    together = u.screener.look_each(groups)
    alone = [u.screener.look(texts, where) for texts, where in groups]
    assert together == alone
    assert sum(bool(s.candidates) for s in together) >= 2  # there was something to find


def test_an_answer_slower_than_screening_is_screened_in_one_thread_hop(unlearner, scripted, monkeypatch):
    """When the question's screening is done before the model answers (a model slower than screening), the
    answer's look and its name checks run in one thread hop; what they find is unchanged."""
    import asyncio

    hops: list[str] = []
    to_thread = asyncio.to_thread

    def counted(fn, *args, **kwargs):
        hops.append(getattr(fn, "__name__", "?"))
        return to_thread(fn, *args, **kwargs)

    u = unlearner(scripted(vanilla="Paris is the capital of France.", latency_ms=300))
    u.forget_many(DEMO_TARGETS)
    u.ask("Warm-up question?")
    monkeypatch.setattr(asyncio, "to_thread", counted)
    result = u.ask(FRANCE)
    assert result.path == "fast"
    assert hops == ["_screen_query", "_look_answer_now"]  # the audit did not hop again
    assert [t.node for t in result.trace] == ["screen", "vanilla", "look_answer", "screen_answer"]
    leak = unlearner(scripted(vanilla="Maren Olvhagen wrote it.", latency_ms=300)).ask(
        "Who wrote The Salt Atlas?"
    )
    assert leak.leaked == ["Maren Olvhagen"]


def test_the_calling_thread_embeds_the_longest_text_and_the_pool_the_rest(monkeypatch):
    """Two new texts (an audit's question and answer) cost one thread hop: the caller runs the longer one."""
    embedder = MiniLMEmbedder(threads=2)
    where: dict[int, str] = {}
    run = MiniLMEmbedder._run
    monkeypatch.setattr(
        MiniLMEmbedder,
        "_run",
        lambda self, ids: where.update({len(ids): threading.current_thread().name}) or run(self, ids),
    )
    texts = ["a short question?", "user: a short question?\nassistant: a somewhat longer answer to it."]
    vectors = embedder.embed(texts)
    assert where[max(where)] == threading.current_thread().name and where[min(where)].startswith("alu-embed")
    np.testing.assert_array_equal(vectors, np.vstack([MiniLMEmbedder(threads=1).embed([t]) for t in texts]))


def test_warming_builds_the_margins_reference_when_a_topic_has_a_decision(unlearner, scripted, monkeypatch):
    """A topic's margin reads the int8 copy of alu's background reference, built on first use (~0.2 s):
    warming builds it before a question needs it, and only for a store with a topic whose decision has a
    margin (from PROBE_MIN knowledge texts on)."""
    from alu import background
    from alu.decision import PROBE_MIN

    built: list[bool] = []
    real = background.reference_scores
    monkeypatch.setattr(background, "reference_scores", lambda: built.append(True) or real())
    u = unlearner(scripted())
    u.forget("Ada Lovelace", description="English mathematician who wrote the first published program.")
    u.screener.warm_margins()
    assert built == []
    lead = [f"How did alchemists of {1400 + i} try to turn lead into gold?" for i in range(PROBE_MIN)]
    u.forget("alchemy", kind="topic", description="Transmuting base metals into gold.", examples=lead[:3])
    u.screener.warm_margins()
    assert built == []  # a decision without a margin part
    u.forget("alchemy", kind="topic", description="Transmuting base metals into gold.", examples=lead)
    built.clear()  # fitting may have built it already
    u.screener.warm_margins()
    assert built == [True]


def test_warming_loads_every_word_table_the_name_checks_read():
    """The word tables alu ships load on first use (tens of ms each, a first question's p99): the server's
    warm-up loads each of them, however many lists a later change adds to alu/data."""
    from importlib import resources

    from alu import compounds, exonyms, lexicon
    from alu.screen import Screener

    loaders = {
        "compounds.txt.gz": compounds._by_word,
        "noun_compounds.txt.gz": compounds._noun_compounds,
        "common_words.txt.gz": lexicon._words,
        exonyms._DATA: exonyms._table,
    }
    shipped = {f.name for f in resources.files("alu.data").iterdir() if f.name.endswith(".gz")}
    assert shipped == set(loaders)
    for load in loaders.values():
        load.cache_clear()
    Screener.warm_tables()
    assert all(load.cache_info().currsize == 1 for load in loaders.values())


def test_a_word_that_is_a_family_name_costs_no_context_check_far_from_its_target(unlearner, scripted, runs):
    """'grant' in an unrelated question is Layla Grant's family name: the context as written is far below
    the threshold to her, so it is not embedded again with the name masked (CONTEXT_REACH); a question about
    her is still decided by its masked context."""
    u = unlearner(scripted("unused"), judges="deterministic")
    u.forget("Layla Grant", description="Fictitious novelist who writes gothic thrillers set in Cornwall.")
    u.audit("warm the pipeline up", "nothing")
    u.screener.warm()  # the targets' masked texts, embedded once per store
    embeddings.get_embedder().clear_cache()
    runs.clear()
    question = "What was the first country to grant women the right to vote?"
    assert u.audit(question, "New Zealand, in 1893.").path == "fast"
    assert len(embedded(runs)) == 2  # the question and the exchange, no masked reading
    about = u.audit("Which genre does Grant write in?", "Gothic thrillers set in Cornwall.")
    assert about.path != "fast" and about.leaked == ["Layla Grant"]
