"""Opening a store cheaply: stored rows read back without re-checking them, vector indexes saved often enough
that a new process does not replay a long write log before its first read."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from alu.store import EF_SEARCH, SYNC_THRESHOLD, ForgetStore
from alu.store_read import from_metadata, target_metadata
from alu.types import STORED, Target, as_target

TARGETS = [
    {"name": "Maren Olvhagen", "aliases": ["the Glass Cartographer", "M. Olvhagen"], "tags": ["gdpr"]},
    {"name": "Zoë Ångström", "description": "  a fictitious chemist\n", "kind": "entity", "keys": ["Fjell"]},
    {"name": "reverse genetics of viruses", "requested_by": "safety team", "reference": "R-1"},
]


@pytest.mark.parametrize("item", TARGETS, ids=lambda t: t["name"])
def test_a_stored_row_reads_back_as_the_target_written(item):
    target = as_target(item)
    read = from_metadata(target_metadata(target))
    assert read.model_dump() == target.model_dump() and read.decision == target.decision


def test_only_stored_rows_skip_the_checks():
    bad = {"name": "Ada", "aliases": ["ok", "ok", "  spaced  out "]}
    assert Target.model_validate(bad).aliases == ["ok", "spaced out"]
    with pytest.raises(ValueError, match="lone surrogate"):
        Target.model_validate({"name": "\ud800"})
    assert Target.model_validate(bad, context=STORED).aliases == bad["aliases"]  # taken as written


def _logged(store_dir: str) -> dict[str, int]:
    """Writes in Chroma's log not yet saved into every segment of the collection, by collection name."""
    con = sqlite3.connect(Path(store_dir) / "chroma.sqlite3")
    try:
        names = dict(con.execute("SELECT id, name FROM collections").fetchall())
        rows = con.execute("SELECT topic, COUNT(*) FROM embeddings_queue GROUP BY topic").fetchall()
    finally:
        con.close()
    return {names[topic.rsplit("/", 1)[-1]]: n for topic, n in rows}


def _written_by_an_earlier_alu(store_dir) -> dict:
    """Create the targets collection as an earlier alu did, with Chroma's index settings; returns them."""
    import chromadb
    from chromadb.config import Settings

    from alu.chroma_embedding import AluEmbeddingFunction

    client = chromadb.PersistentClient(store_dir, Settings(anonymized_telemetry=False))
    client.create_collection(
        "alu_targets", embedding_function=AluEmbeddingFunction(), metadata={"hnsw:space": "cosine"}
    )
    return client.get_collection("alu_targets").configuration["hnsw"]


def test_small_writes_keep_the_write_log_short(store_dir):
    """Each `alu targets add|remove` is a few logged writes; a new process applies the log not yet saved into
    the vector index before its first read (about 0.6 ms a write), so the index is saved every SYNC_THRESHOLD
    writes instead of Chroma's 1,000."""
    assert _written_by_an_earlier_alu(store_dir)["sync_threshold"] == 1000  # Chroma's default
    store = ForgetStore(store_dir)
    for collection in (store._collection, store.vectors._collection):
        assert collection.configuration["hnsw"]["sync_threshold"] == SYNC_THRESHOLD
    for i in range(SYNC_THRESHOLD):  # one logged write each
        store._write_rows([as_target(f"Probe {i}")], store.embed(["probe"]))
    assert 0 < store.count() and _logged(store_dir).get("alu_targets", 0) < SYNC_THRESHOLD


def test_screening_past_the_memory_index_searches_chroma_wide(store_dir):
    """Past alu.memory_index.MAX_ROWS rows screening's kNN is Chroma's HNSW search, whose default breadth
    (100) missed some nearest rows; both collections of a new store and of one written by an earlier alu get
    EF_SEARCH, and it is kept for the next process."""
    assert _written_by_an_earlier_alu(store_dir)["ef_search"] == 100  # Chroma's default
    store = ForgetStore(store_dir)
    for collection in (store._collection, store.vectors._collection):
        assert collection.configuration["hnsw"]["ef_search"] == EF_SEARCH
    store.add([as_target("Probe Person")])
    again = ForgetStore(store_dir)
    assert [t.name for t, _ in again.nearest(["Probe Person"], 1)[0]] == ["Probe Person"]
    assert again._collection.configuration["hnsw"]["ef_search"] == EF_SEARCH


def test_the_first_answer_asks_the_model_while_the_screener_opens(scripted, unlearner, monkeypatch):
    """Opening the screener (the name indexes of the whole store) took seconds before the model got the
    question; the model is called meanwhile now, and the answer is still audited against every target."""
    import threading

    from alu.screen import Screener

    asked = threading.Event()
    opened_after_ask: list[bool] = []
    real_open = Screener._open

    def open_after_the_model_was_asked(self):
        opened_after_ask.append(asked.wait(timeout=30))  # a guard against hanging, not a timing
        real_open(self)

    def vanilla(call):
        asked.set()
        return "Ada Quill won the 1999 open."

    monkeypatch.setattr(Screener, "_open", open_after_the_model_was_asked)
    u = unlearner(scripted(vanilla=vanilla))
    u.forget("Ada Quill")
    result = u.ask("Who won the 1999 open?")
    assert opened_after_ask == [True]
    assert (result.path, result.leaked) != ("fast", []) and "Ada Quill" not in result.text


@pytest.mark.parametrize(
    ("loss", "listed"),
    [
        ("deleted", "3 targets listed"),
        ("emptied", "3 targets listed"),
        ("deleted, pickles too", "unknown number"),
    ],
)
def test_a_store_that_lost_its_database_refuses_to_open_as_a_new_empty_one(store_dir, loss, listed):
    """A local store whose chroma.sqlite3 was deleted or truncated to 0 bytes opened as a new empty store,
    and every answer about its targets passed; what alu saved beside it (targets, indexes, Chroma's index
    folders) shows it held targets, so opening it is an error that says what is missing."""
    from alu.errors import StoreError

    store = ForgetStore(store_dir)
    store.add([as_target(t) for t in TARGETS])
    store.snapshot()  # saves alu-targets.pickle, as `alu targets list` or a screener does
    db = Path(store_dir) / "chroma.sqlite3"
    if loss == "emptied":
        db.write_bytes(b"")
    else:
        db.unlink()
    if "pickles" in loss:
        for saved in Path(store_dir).glob("alu-*.pickle"):
            saved.unlink()
    with pytest.raises(StoreError, match=f"lost its database: chroma.sqlite3 .*{listed}"):
        ForgetStore(store_dir)


def test_the_cli_exits_1_on_a_store_whose_database_was_emptied(store_dir):
    from typer.testing import CliRunner

    from alu.cli import app

    store = ForgetStore(store_dir)
    store.add([as_target(t) for t in TARGETS])
    store.snapshot()
    (Path(store_dir) / "chroma.sqlite3").write_bytes(b"")
    result = CliRunner().invoke(app, ["--store", store_dir, "targets", "count"])
    assert result.exit_code == 1 and "lost its database" in result.output


def test_an_empty_folder_or_one_with_only_the_write_lock_still_opens_as_a_new_store(tmp_path):
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "alu-write.lock").write_text("")
    (tmp_path / "empty").mkdir()
    never_held = ForgetStore(str(tmp_path / "never-held"))
    never_held.snapshot()  # alu-targets.pickle listing no target
    (tmp_path / "never-held" / "chroma.sqlite3").unlink()
    for folder in ("locked", "empty", "not-yet", "never-held"):
        assert ForgetStore(str(tmp_path / folder)).count() == 0


def test_a_write_after_the_database_was_deleted_under_the_process_says_so(store_dir):
    """SQLite says 'attempt to write a readonly database' (code 1032) when the file was deleted under an
    open connection; the hint said the store was read-only."""
    from alu.errors import StoreError

    store = ForgetStore(store_dir)
    store.add([as_target(t) for t in TARGETS])
    (Path(store_dir) / "chroma.sqlite3").unlink()
    with pytest.raises(StoreError, match="deleted or emptied while this process had it open") as raised:
        store.add([as_target("Ilse Brennecke")])
    assert "read-only" not in str(raised.value)
