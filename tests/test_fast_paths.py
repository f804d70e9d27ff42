"""The cheap paths keep alu's behaviour: the SQLite read of a local store, the lazily built screener and
pipeline, the fast path outside LangGraph, and the light CLI commands."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alu import Unlearner, __version__
from alu.cli import app
from alu.store import ForgetStore
from alu.store_read import local_read

PEOPLE = [
    {"name": "Ada Quill", "aliases": ["A. Quill"], "description": "a fictitious chess player", "tags": ["x"]},
    {"name": "Bo Rennet", "description": "a fictitious sculptor from Oslo"},
    {"name": "Čeněk Dvořák", "aliases": ["the Brno poet"]},
]


def test_sqlite_read_matches_the_chroma_client_after_every_write(store_dir):
    store = ForgetStore(store_dir)
    store.add(PEOPLE)
    view = local_read(store_dir, "alu_targets")
    assert view is not None
    assert view.snapshot() == {tid: t for tid, t in _chroma_snapshot(store).items()}
    assert view.count() == store.count() == 3
    assert view.revision() == store.revision() != ""
    store.remove("Bo Rennet")
    assert view.count() == 2
    assert sorted(t.name for t in view.all()) == ["Ada Quill", "Čeněk Dvořák"]
    assert view.revision() == store.revision()


def test_saved_targets_follow_every_write_reading_only_the_rows_written_since(store_dir, monkeypatch):
    from alu import saved_targets
    from alu.store_read import LocalRead
    from alu.types import target_id

    ForgetStore(store_dir).add(PEOPLE)
    view = local_read(store_dir, "alu_targets")
    first = view.snapshot()
    assert (Path(store_dir) / saved_targets.FILE).is_file()
    assert list(first.items()) == list(view.read_all().items())  # the same targets, in the same order
    other = ForgetStore(store_dir)
    other.remove("Ada Quill")
    other.add([{"name": "Cyril Fenwick"}])
    other.add([{"name": "Bo Rennet", "aliases": ["the Oslo sculptor"]}])  # merged: the row is rewritten
    read: list[list[str]] = []
    targets = LocalRead.targets
    monkeypatch.setattr(
        LocalRead, "targets", lambda self, ids: read.append(sorted(ids)) or targets(self, ids)
    )
    monkeypatch.setattr(LocalRead, "read_all", lambda self: pytest.fail("read every row"))
    now = local_read(store_dir, "alu_targets").snapshot()
    assert read == [sorted([target_id("Cyril Fenwick"), target_id("Bo Rennet")])]
    assert local_read(store_dir, "alu_targets").snapshot() == now and len(read) == 1  # saved again
    monkeypatch.undo()
    assert list(now.items()) == list(view.read_all().items())
    assert now[target_id("Bo Rennet")].aliases == ["the Oslo sculptor"]


def test_damaged_or_foreign_saved_targets_are_read_again_from_the_rows(store_dir):
    from alu import saved_targets

    ForgetStore(store_dir).add(PEOPLE)
    view = local_read(store_dir, "alu_targets")
    path = Path(store_dir) / saved_targets.FILE
    path.write_bytes(b"\x80\x05 truncated")
    assert view.snapshot() == view.read_all()
    saved = pickle.loads(path.read_bytes())
    saved.fingerprint = "another alu"
    saved.targets.popitem()
    path.write_bytes(pickle.dumps(saved))
    assert view.snapshot() == view.read_all()
    assert len(pickle.loads(path.read_bytes()).targets) == 3


def _chroma_snapshot(store: ForgetStore) -> dict:
    from alu.store_read import from_metadata

    got = store._collection.get(include=["metadatas"])
    return {i: from_metadata(m) for i, m in zip(got["ids"], got["metadatas"], strict=True)}


def test_stored_texts_read_from_the_file_match_the_chroma_client(store_dir):
    from alu.types import target_id

    store = ForgetStore(store_dir)
    ada = {"name": "Ada Quill", "description": "A chess player. She won the 1999 open held in Oslo."}
    ada["examples"] = ["Who won the 1999 open?", "Which chess player trained in Oslo?"]
    store.add([ada, {"name": "Bo Rennet", "examples": ["Who carved the Oslo lions?"]}])
    ids = [target_id("Ada Quill"), target_id("Bo Rennet"), target_id("Nobody")]
    via_chroma = {tid: rows for tid in ids if (rows := store.vectors.rows(tid)[0])}
    assert store.texts(ids) == via_chroma and len(via_chroma[ids[0]]) >= 3
    filled = store.with_knowledge([store.get("Ada Quill"), store.get("Bo Rennet")])
    assert [t.examples for t in filled] == [ada["examples"], ["Who carved the Oslo lions?"]]


def test_sqlite_read_declines_what_it_cannot_read(tmp_path, store_dir):
    assert local_read("http://127.0.0.1:9", "alu_targets") is None
    assert local_read(str(tmp_path / "nothing-here"), "alu_targets") is None
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "chroma.sqlite3").write_bytes(b"not a database")
    assert local_read(str(tmp_path / "junk"), "alu_targets") is None
    ForgetStore(store_dir).add(PEOPLE[:1])
    other = local_read(store_dir, "another_collection")
    assert other is not None and other.count() == 0 and other.all() == []


def test_managing_targets_builds_no_screener_and_answers_still_see_them(scripted, unlearner):
    u = unlearner(scripted(vanilla="Ada Quill won the 1999 open."))
    u.forget("Ada Quill")
    assert u.count() == 1
    assert u._screener is None and u._pipeline is None
    result = u.ask("Who won the 1999 open?")
    assert result.leaked == ["Ada Quill"] and "Quill" not in result.text
    u.withdraw("Ada Quill")  # the built screener follows writes of this process at once
    assert u.ask("Who won the 1999 open?").path == "fast"


def test_a_screener_opened_ahead_of_the_first_answer_is_opened_once_and_screens(
    scripted, unlearner, monkeypatch
):
    u = unlearner(scripted(vanilla="Ada Quill won the 1999 open."))
    u.forget("Ada Quill")
    started = []
    soon = Unlearner._screener_soon
    monkeypatch.setattr(Unlearner, "_screener_soon", lambda self: started.append(1) or soon(self))
    u.open_soon()
    u.open_soon()  # already opening: nothing more
    result = u.ask("Who won the 1999 open?")
    assert result.leaked == ["Ada Quill"] and "Quill" not in result.text
    assert started == [1] and u._screener is not None


def test_a_store_given_by_a_relative_path_is_read_and_answers(scripted, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    u = Unlearner(model=scripted(vanilla="Ada Quill won the 1999 open."), store="rel/store", retries=1)
    u.forget("Ada Quill")
    assert u.count() == 1 and [t.name for t in u.targets()] == ["Ada Quill"]
    assert u.ask("Who won the 1999 open?").leaked == ["Ada Quill"]


def test_an_unrelated_question_never_compiles_the_rewrite_graph(scripted, unlearner):
    u = unlearner(scripted(vanilla="Paris."))
    u.forget("Ada Quill")
    result = u.ask("What is the capital of France?")
    assert (result.path, result.text) == ("fast", "Paris.")
    assert [t.node for t in result.trace] == ["screen", "vanilla", "look_answer", "screen_answer"]
    assert "_rewrite" not in vars(u.pipeline)


def test_cli_version_count_and_list_read_a_local_store(store_dir):
    runner = CliRunner()
    assert runner.invoke(app, ["--version"]).stdout.strip() == f"alu {__version__}"
    ForgetStore(store_dir).add(PEOPLE)
    count = runner.invoke(app, ["--store", store_dir, "targets", "count", "--json"])
    assert json.loads(count.stdout) == {"count": 3}
    listed = runner.invoke(app, ["--store", store_dir, "targets", "list", "--json"])
    assert [t["name"] for t in json.loads(listed.stdout)] == ["Ada Quill", "Bo Rennet", "Čeněk Dvořák"]


def _screener(store_dir):
    from alu.screen import Screener

    return Screener(
        ForgetStore(store_dir),
        m=8,
        screen_threshold=0.47,
        strong_threshold=0.8,
        fuzzy_threshold=90,
        margin=0.1,
        growth=0.05,
    )


def _named(screener, text: str) -> set[str]:
    return {f.target for f in screener.names.find(text, "query", [])}


def test_the_saved_name_index_is_reused_and_a_stale_one_catches_up(store_dir, monkeypatch):
    from alu import name_index

    keyed = {"name": "Orla Venn", "kind": "entity", "keys": ["the Saltmarsh Trilogy"]}
    ForgetStore(store_dir).add([*PEOPLE, keyed])
    built = _screener(store_dir)
    saved = name_index.load(store_dir)
    assert saved is not None and saved.revision == ForgetStore(store_dir).revision()
    # Reopening at the same revision loads the file and indexes nothing, not even the targets' keys.
    for step in ("alu.screen.Screener._index_many", "alu.target_indexes.TargetIndexes.add_many"):
        monkeypatch.setattr(step, lambda self, ts: pytest.fail("re-indexed"))
    loaded = _screener(store_dir)
    question = "Did A. Quill meet the Brno poet, who read the Saltmarsh Trilogy?"
    assert _named(loaded, question) == _named(built, question) == {"Ada Quill", "Čeněk Dvořák"}
    by_key = [{f.target for f in s.keys.find(question, "query", set())} for s in (loaded, built)]
    assert by_key == [{"Orla Venn"}, {"Orla Venn"}]
    monkeypatch.undo()
    # Another writer moves the store on: the stale file is corrected by the difference, then saved again.
    other = ForgetStore(store_dir)
    other.remove("Ada Quill")
    other.add([{"name": "Cyril Fenwick"}])
    caught_up = _screener(store_dir)
    assert _named(caught_up, "Ada Quill and Cyril Fenwick") == {"Cyril Fenwick"}
    assert name_index.load(store_dir).revision == other.revision()


def test_a_screener_catches_up_by_reading_only_the_rows_written_since(store_dir, monkeypatch):
    from alu import name_index
    from alu.types import target_id

    ForgetStore(store_dir).add(PEOPLE)
    _screener(store_dir)  # builds and saves the indexes
    saved = Path(store_dir) / name_index.FILE
    stamp = saved.stat().st_mtime_ns
    monkeypatch.setattr(ForgetStore, "snapshot", lambda self: pytest.fail("read every target"))
    read: list[list[str]] = []
    get_many = ForgetStore.get_many
    monkeypatch.setattr(ForgetStore, "get_many", lambda self, ids: read.append(ids) or get_many(self, ids))
    other = ForgetStore(store_dir)
    other.remove("Ada Quill")
    # Withdrawn only: dropped without reading a target, and the saved file is left as it was (a later
    # open drops it again at no cost).
    assert _named(_screener(store_dir), "Ada Quill and Bo Rennet") == {"Bo Rennet"}
    assert read == [[]] and saved.stat().st_mtime_ns == stamp
    other.add([{"name": "Cyril Fenwick"}])
    other.add([{"name": "Bo Rennet", "aliases": ["the Oslo sculptor"]}])  # merged: the row is rewritten
    read.clear()
    caught_up = _screener(store_dir)
    assert _named(caught_up, "Ada Quill, Cyril Fenwick, the Oslo sculptor") == {"Cyril Fenwick", "Bo Rennet"}
    assert [sorted(ids) for ids in read] == [sorted([target_id("Cyril Fenwick"), target_id("Bo Rennet")])]
    assert name_index.load(store_dir).revision == other.revision()  # indexed something: saved again


def test_a_damaged_or_foreign_name_index_is_rebuilt(store_dir):
    from alu import name_index

    ForgetStore(store_dir).add(PEOPLE)
    path = Path(store_dir) / name_index.FILE
    path.write_bytes(b"\x80\x05 truncated")
    assert _named(_screener(store_dir), "Bo Rennet") == {"Bo Rennet"}
    saved = name_index.load(store_dir)
    assert saved is not None
    saved.fingerprint = "another alu"
    path.write_bytes(pickle.dumps(saved))
    assert name_index.load(store_dir) is None
    assert _named(_screener(store_dir), "Bo Rennet") == {"Bo Rennet"}
