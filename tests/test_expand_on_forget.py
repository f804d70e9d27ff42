"""Expansion when a target is forgotten (`expand_on_forget`): once per target with an agent model that can
judge, never lost to a failed call, off on request, offline on request, never in paper mode. The other tests
run with it off (conftest); these run with alu's default."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from alu.cli import app
from alu.records.query import history as history_of
from alu.scripted import script_calls

PROPOSAL = {
    "aliases": ["M. Olvhagen"],
    "keys": ["the Salt Atlas"],
    "probes": ["Who drew the salt road maps of Finnmark?"],
}
BIOGRAPHY = "Maren Olvhagen drew the salt road maps of Finnmark. She wrote The Salt Atlas in 1994."


@pytest.fixture(autouse=True)
def _default_expansion(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ALU_EXPAND_ON_FORGET")


def _roles(model: str) -> list[str]:
    return [c.role for c in script_calls(model.split("/", 1)[1])]


def test_forgetting_expands_each_new_target_once_with_an_agent_model(scripted, unlearner):
    model = scripted(expander=PROPOSAL)
    u = unlearner(model, judges="llm")
    report = u.forget_many([{"name": "Maren Olvhagen", "description": "Norwegian cartographer."}])
    assert report.expanded == ["Maren Olvhagen"] and report.not_expanded == {}
    stored = u.store.get("Maren Olvhagen")
    assert stored.expanded_at > 0 and "M. Olvhagen" in stored.aliases and "M. Olvhagen" in stored.generated
    probes = [r.text for r in u.store.knowledge(stored.id) if r.source == "probe"]
    assert probes == PROPOSAL["probes"]
    assert _roles(model).count("expander") == 1
    again = u.forget_many([{"name": "Maren Olvhagen", "examples": ["Who drew Finnmark's salt roads?"]}])
    assert again.merged == ["Maren Olvhagen"] and again.expanded == []  # expanded before: cached
    assert _roles(model).count("expander") == 1
    assert u.audit("Is M. Olvhagen alive?", "I cannot say.").path != "fast"  # the proposed alias counts
    u.records.flush()
    history = [e["event"] for e in history_of(u.records.directory, stored.id)]
    assert history == ["forgotten", "expanded", "changed"]  # the expansion is no change anyone asked for
    assert u.forget("Jonas Vik").expanded_at > 0  # forget returns the target as expanded


def test_a_failed_expansion_keeps_the_target_and_says_why(scripted, unlearner):
    model = scripted(expander="not json at all")  # every attempt unparseable: the call fails after retries
    u = unlearner(model, judges="llm", retries=1)
    report = u.forget_many([{"name": "Maren Olvhagen", "description": "Norwegian cartographer."}])
    assert report.added == ["Maren Olvhagen"] and report.expanded == []
    assert set(report.not_expanded) == {"Maren Olvhagen"} and report.not_expanded["Maren Olvhagen"]
    stored = u.store.get("Maren Olvhagen")
    assert stored is not None and not stored.expanded_at  # stored, not expanded: `alu targets expand` later
    assert u.audit("Who is Maren Olvhagen?", "A cartographer.").path != "fast"


def test_expansion_at_forget_time_can_be_turned_off_or_on_offline(scripted, unlearner, store_dir):
    model = scripted(expander=PROPOSAL)
    off = unlearner(model, judges="llm", expand_on_forget="off")
    assert off.forget_many([{"name": "Ada Quill"}]).expanded == [] and "expander" not in _roles(model)
    offline = unlearner(scripted(), judges="deterministic", expand_on_forget="on")
    report = offline.forget_many([{"name": "Maren Olvhagen", "documents": [BIOGRAPHY]}])
    assert report.expanded == ["Maren Olvhagen"]
    probes = [r.text for r in offline.store.knowledge("Maren Olvhagen") if r.source == "probe"]
    assert "Who drew the salt road maps of Finnmark?" in probes  # the extractor's, from her sentence
    by_default = unlearner(scripted(), judges="deterministic")  # auto: no agent model that can judge
    assert by_default.forget_many([{"name": "Ada Quill"}]).expanded == []


def test_paper_mode_never_expands(scripted, unlearner):
    model = scripted(expander=PROPOSAL)
    u = unlearner(model, judges="llm", mode="paper")
    assert u.forget_many([{"name": "Maren Olvhagen"}]).expanded == [] and "expander" not in _roles(model)


def test_cli_add_reports_a_failed_expansion_and_exits_1(scripted, store_dir):
    model = scripted(expander="not json at all")
    result = CliRunner().invoke(
        app, ["--model", model, "--store", store_dir, "targets", "add", "Ada Quill"], env={"ALU_RETRIES": "1"}
    )
    assert result.exit_code == 1, result.output
    assert "stored but was not expanded" in result.stderr and "alu targets expand" in result.stderr
    listed = CliRunner().invoke(app, ["--model", model, "--store", store_dir, "targets", "list", "--json"])
    assert [t["name"] for t in json.loads(listed.stdout)] == ["Ada Quill"]


def test_the_server_says_which_added_targets_were_expanded_and_why_not(scripted, unlearner):
    from fastapi.testclient import TestClient

    from alu.server import ServerConfig, create_app

    model = scripted(expander=("not json", PROPOSAL))  # the first target's one attempt fails
    u = unlearner(model, judges="llm", retries=1)
    client = TestClient(create_app(u, ServerConfig(tokens=["t"])))
    ask = {"headers": {"Authorization": "Bearer t"}}
    first = client.post("/v1/targets", json={"name": "Ada Quill"}, **ask).json()
    assert first["added"] == ["Ada Quill"] and first["expanded"] == [] and first["not_expanded"]["Ada Quill"]
    second = client.post("/v1/targets", json={"name": "Maren Olvhagen"}, **ask).json()
    assert second["expanded"] == ["Maren Olvhagen"] and second["not_expanded"] == {}


def test_cli_import_expands_what_it_added(scripted, store_dir, tmp_path):
    model = scripted(expander=PROPOSAL)
    names = tmp_path / "names.txt"
    names.write_text("Ada Quill\nBo Rennet\n", encoding="utf-8")
    args = ["--model", model, "--store", store_dir, "targets", "import", str(names)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "2 added, 0 already present, 2 expanded" in result.stderr
    assert _roles(model).count("expander") == 2


def test_a_target_withdrawn_while_it_is_expanded_stays_withdrawn(scripted, unlearner):
    """A DELETE racing a POST of the same name: the expansion of a target withdrawn meanwhile neither fails
    the add (it was a 500 over HTTP) nor brings the target back when its proposal is written."""
    holder: dict[str, object] = {}

    def withdraw_then_propose(call: object) -> dict[str, list[str]]:
        holder["u"].withdraw("Maren Olvhagen")  # type: ignore[attr-defined]
        return PROPOSAL

    u = holder["u"] = unlearner(scripted(expander=withdraw_then_propose), judges="llm")
    report = u.forget_many([{"name": "Maren Olvhagen", "description": "Norwegian cartographer."}])
    assert report.added == ["Maren Olvhagen"] and report.expanded == [] and report.not_expanded == {}
    assert u.store.get("Maren Olvhagen") is None and u.count() == 0


def test_expanding_a_target_no_longer_stored_reports_it_withdrawn(scripted, unlearner):
    import asyncio

    from alu.expansion import expand_all
    from alu.types import Target

    u = unlearner(scripted(expander=PROPOSAL), judges="llm")
    results = asyncio.run(expand_all(u, [Target(name="Maren Olvhagen")]))
    assert [r.by for r in results] == ["withdrawn"] and u.count() == 0
