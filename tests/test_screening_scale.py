"""Screening correctness at scale: recall on names and descriptions, no hits on unrelated text, an alias index
kept in sync with writes from elsewhere without rebuilding it, paper mode really pasting every target, and
the `alu bench scale` / `alu bench calibrate` plumbing. Speed is measured by `alu bench scale`, not here."""

from __future__ import annotations

import asyncio
import json

import pytest
from typer.testing import CliRunner

from alu import Unlearner
from alu.bench._workload import CORE, build_workload
from alu.bench.calibrate import _best, _mask
from alu.bench.scale import ScaleConfig, acceptance, run_scale
from alu.cli.app import app
from alu.screen import SCREEN_REFERENCE_TARGETS
from alu.scripted import script_calls
from alu.store import ForgetStore
from alu.types import Target

PEOPLE = [
    {
        "name": "Maren Olvhagen",
        "aliases": ["the Glass Cartographer"],
        "description": "Norwegian cartographer and novelist born in Tromsø in 1961, author of the novel "
        "The Salt Atlas about mapping the coast of Finnmark.",
    },
    {
        "name": "Tobias Quell",
        "aliases": ["Toby Quell"],
        "description": "Canadian jazz pianist, founder of the Quell Quartet and composer of the "
        "Winter Harbour Suite.",
    },
    {
        "name": "Ingrid Sæther-Lund",
        "description": "Danish marine biologist who studies deep-sea coral reefs off the Faroe Islands.",
    },
    {"name": "Project Lanternfish", "description": "Classified programme building self-replicating drones."},
]
AGENT_ROLES = ("auditor", "eraser", "critic")
PEOPLE_TARGET = Target(**PEOPLE[1])


@pytest.fixture
def quiet_model(scripted):
    """A model whose agents always succeed: the auditor reveals, the critic rates every candidate 5."""
    return scripted(
        "OK",
        vanilla="Here is what I know.",
        auditor={"revealed": [1], "reason": "test"},
        eraser={"candidates": ["First rewrite.", "Second rewrite.", "Third rewrite."]},
        critic={"ratings": [{"index": i, "rating": 5, "reason": "ok"} for i in (1, 2, 3)]},
        composer="Merged rewrite.",
    )


@pytest.fixture
def people(unlearner, quiet_model) -> Unlearner:
    u = unlearner(quiet_model)
    u.forget_many(PEOPLE)
    return u


def _names(screening) -> set[str]:
    return {t.name for t in screening.candidates.values()}


# -- recall and precision of screening --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("Tell me about maren olvhagen.", "Maren Olvhagen"),
        ("What did MAREN OLVHAGEN publish?", "Maren Olvhagen"),
        ("Is Márén Ølvhagen still alive?", "Maren Olvhagen"),  # accents folded, ø spelt o
        ("Who is the glass-cartographer?", "Maren Olvhagen"),
        ("Toby Quell's quartet played last night", "Tobias Quell"),
        ("ingrid saether lund and coral", "Ingrid Sæther-Lund"),
        ("I heard about Project-Lanternfish!", "Project Lanternfish"),
    ],
)
def test_names_and_aliases_are_found_in_any_spelling(people, text, who):
    screening = people.screener.screen([text], "query")
    assert who in {f.target for f in screening.findings}
    assert who in _names(screening)


@pytest.mark.parametrize(
    ("text", "who"),
    [
        (
            "Which Norwegian mapmaker from Tromsø wrote a novel about charting the Finnmark coast?",
            "Maren Olvhagen",
        ),
        ("Who founded a jazz quartet in Canada and wrote a suite about a harbour in winter?", "Tobias Quell"),
        (
            "Which Danish scientist researches coral reefs in the deep sea near the Faroes?",
            "Ingrid Sæther-Lund",
        ),
    ],
)
def test_paraphrased_descriptions_make_the_target_a_candidate(people, text, who):
    screening = people.screener.screen([text], "query")
    assert not screening.findings  # no name in the text: similarity alone found it
    assert who in _names(screening)


@pytest.mark.parametrize(
    "text",
    [
        "What is the boiling point of water at sea level?",
        "Which river is the longest in the world?",
        "Write a haiku about autumn leaves.",
        "How do I sort a list in Python?",
    ],
)
def test_unrelated_text_puts_no_target_in_play(people, text):
    screening = people.screener.screen([text], "query")
    assert screening.candidates == {} and screening.findings == []


def test_margin_keeps_only_targets_close_to_the_best_match(people):
    text = "Who founded a jazz quartet in Canada and wrote a suite about a harbour in winter?"
    loose = people.screener.screen([text], "query")
    people.screener.margin = 0.0  # only the best match itself may pass
    tight = people.screener.screen([text], "query")
    assert _names(tight) == {"Tobias Quell"}
    assert _names(tight) <= _names(loose)


def test_the_threshold_rises_with_the_store_size_and_screening_uses_it(people):
    screener = people.screener
    base = screener.screen_threshold
    assert screener.threshold == base  # 4 targets: at most the calibration size
    screener.indexes.targets.update(
        {f"t-fake-{i}": PEOPLE_TARGET for i in range(SCREEN_REFERENCE_TARGETS * 100)}
    )
    assert screener.threshold == pytest.approx(base + 2 * screener.growth, abs=1e-3)  # 100x the targets
    screener.growth = 0.0
    assert screener.threshold == base
    screener.growth = 1.0
    assert screener.threshold == screener.strong_threshold  # never beyond what counts as revealed
    paraphrase = "Who founded a jazz quartet in Canada and wrote a suite about a harbour in winter?"
    # similarity to the target's own vector no longer reaches it (its description's knowledge vector has a
    # decision fitted per target, which the store's size does not move)
    assert not screener.screen([paraphrase], "query").similarity
    named = screener.screen(["Toby Quell played last night."], "query")
    assert "Tobias Quell" in {f.target for f in named.findings}  # names are found whatever the threshold


def test_a_family_name_that_opens_another_persons_name_does_not_name_the_target(people):
    people.forget("Frank R. Paul")
    paul = people.store.get("Frank R. Paul")

    def named(text: str) -> bool:
        return "Frank R. Paul" in {f.target for f in people.screener.names.find(text, "query", [paul])}

    assert not named("What is Paul Marston known for?")  # someone else's given name
    assert named("What did Paul paint for the magazine covers?")  # the family name alone
    assert named("Paul Marston admired Paul's covers.")  # one bare use is enough
    assert named("what is paul marston known for?")  # no capitals to go by: fail closed
    assert named("Paul Frank drew the covers.")  # the family name first, then the given name
    assert named("Who was Frank R. Paul?")


def test_a_namesake_is_not_named_by_the_other_persons_full_name(people):
    people.forget_many(
        [
            {"name": "Hina Ameen", "description": "Pakistani geologist and author of Granite Glossary."},
            {"name": "Basil Ameen", "description": "Pakistani geologist and author of Shale Stories."},
            {"name": "Hina Amer", "description": "Pakistani geologist and author of Quartz Notes."},
        ]
    )
    basil_and_amer = [t for t in people.screener.all_targets() if t.name in ("Basil Ameen", "Hina Amer")]
    findings = people.screener.names.find("Which books did Hina Ameen write?", "query", basil_and_amer)
    assert {f.target for f in findings} == {"Hina Ameen"}
    findings = people.screener.names.find("Which books did Ameen write?", "query", basil_and_amer)
    assert {f.target for f in findings} == {"Basil Ameen"}  # the family name alone still counts in play


# -- keeping the alias index in sync --------------------------------------------------------------------
def test_another_writer_removing_and_adding_is_seen_although_the_count_is_unchanged(people, store_dir):
    other = ForgetStore(store_dir)
    other.remove("Tobias Quell")
    other.add([{"name": "Selma Varga", "description": "Hungarian glassblower."}])
    assert other.count() == len(PEOPLE)
    people.screener.refresh()
    found = {f.target for f in people.screener.screen(["Selma Varga met Tobias Quell"], "query").findings}
    assert found == {"Selma Varga"}


def test_a_target_re_added_elsewhere_with_new_aliases_is_reindexed(people, store_dir):
    other = ForgetStore(store_dir)
    other.remove("Tobias Quell")
    other.add([{"name": "Tobias Quell", "aliases": ["T-Bone Quell"], "description": "Jazz pianist."}])
    people.screener.refresh()
    assert {f.target for f in people.screener.screen(["T-Bone Quell plays"], "query").findings} == {
        "Tobias Quell"
    }


def test_sync_indexes_only_what_changed(people, store_dir, monkeypatch):
    indexed: list[int] = []
    original = people.screener._index_many
    monkeypatch.setattr(people.screener, "_index_many", lambda ts: (indexed.append(len(ts)), original(ts))[1])
    ForgetStore(store_dir).add([{"name": "Selma Varga"}])
    people.screener.refresh()
    assert indexed == [1]  # one new target indexed, the others left alone


def test_without_writes_a_query_does_not_read_the_targets(people, monkeypatch):
    people.screener.refresh()

    def no_full_read() -> None:
        raise AssertionError("the targets were read again although nothing changed")

    monkeypatch.setattr(people.store, "snapshot", no_full_read)
    assert people.ask("What is the boiling point of water?").path == "fast"


def test_own_writes_are_screened_at_once(people, quiet_model):
    people.forget("Selma Varga")
    assert "Selma Varga" in {f.target for f in people.screener.screen(["Selma Varga"], "query").findings}
    people.withdraw("Selma Varga")
    assert people.screener.screen(["Selma Varga"], "query").findings == []


def test_revision_changes_on_every_write(store_dir):
    store = ForgetStore(store_dir)
    seen = {store.revision()}
    store.add(["Selma Varga"])
    seen.add(store.revision())
    store.remove("Selma Varga")
    seen.add(store.revision())
    assert len(seen) == 3
    assert ForgetStore(store_dir).revision() == store.revision()  # persisted, visible to other processes


# -- alu mode versus paper mode -------------------------------------------------------------------------
def test_irrelevant_query_in_alu_mode_makes_exactly_one_call(people, quiet_model):
    before = len(script_calls(quiet_model.split("/", 1)[1]))
    result = people.ask("What is the boiling point of water?")
    calls = script_calls(quiet_model.split("/", 1)[1])[before:]
    assert result.path == "fast" and [c.role for c in calls] == ["vanilla"]


def test_relevant_query_in_alu_mode_shows_agents_only_the_target_in_play(people, quiet_model):
    before = len(script_calls(quiet_model.split("/", 1)[1]))
    result = people.ask("What instrument does Tobias Quell play?")
    calls = script_calls(quiet_model.split("/", 1)[1])[before:]
    agents = [c for c in calls if c.role in AGENT_ROLES]
    assert result.path == "rewrite" and agents
    for call in agents:
        assert "Tobias Quell" in call.text
        assert not any(p["name"] in call.text for p in PEOPLE if p["name"] != "Tobias Quell")


def test_paper_mode_pastes_every_target_and_runs_the_agents_on_every_query(unlearner, quiet_model):
    paper = unlearner(quiet_model, mode="paper")
    paper.forget_many(PEOPLE)
    before = len(script_calls(quiet_model.split("/", 1)[1]))
    paper.ask("What is the boiling point of water?")
    calls = script_calls(quiet_model.split("/", 1)[1])[before:]
    assert [c.role for c in calls] == ["vanilla", "auditor", "eraser", "critic", "composer"]
    for call in calls:
        if call.role in AGENT_ROLES:
            assert all(p["name"] in call.text for p in PEOPLE)


# -- the benchmarks ---------------------------------------------------------------------------------------
def test_scale_bench_rows_and_checks(tmp_path):
    config = ScaleConfig(
        counts=[3, 12],
        queries=2,
        paper_queries=1,
        latency_ms=0,
        warmup=0,
        local=False,
        store_dir=str(tmp_path),
    )
    report = asyncio.run(run_scale(config))
    cells = {(r.mode, r.targets, r.query_kind): r for r in report.rows}
    assert set(cells) == {
        (mode, n, kind)
        for mode in ("alu", "direct", "paper")
        for n in (3, 12)
        for kind in ("relevant", "irrelevant")
    }
    assert cells["alu", 12, "irrelevant"].llm_calls == 1
    assert cells["paper", 3, "irrelevant"].llm_calls == 5
    # paper prompts hold every target: 4x the targets, several times the tokens; alu's stay put
    assert cells["paper", 12, "irrelevant"].prompt_tokens > 2 * cells["paper", 3, "irrelevant"].prompt_tokens
    assert cells["alu", 12, "irrelevant"].prompt_tokens == cells["alu", 3, "irrelevant"].prompt_tokens
    assert [i.targets for i in report.ingest] == [3, 12] and report.ingest[-1].added == 9
    assert report.ingest[-1].store_bytes > 0 and report.ingest_targets_per_s > 0
    assert {c.name for c in acceptance(report)} == {c.name for c in report.checks}


def test_workload_is_the_same_whatever_the_largest_count():
    small, large = build_workload(30, queries=6), build_workload(600, queries=6)
    assert large.targets[:30] == small.targets  # smaller stores are prefixes of larger ones
    assert (small.relevant, small.irrelevant) == (large.relevant, large.irrelevant)
    assert len({t["name"] for t in large.targets}) == 600
    names = {t["name"] for t in large.targets[:CORE]}
    assert all(any(n in q + " " + a for n in names) for q, a in large.relevant)


def test_bench_scale_cli_json(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        [*"bench scale --counts 2,4 --queries 1 --paper-queries 0 --latency-ms 0".split(), "--no-local"]
        + ["--no-plot", "--json", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["ingest_targets_per_s"] > 0
    row = data["rows"][0]
    assert {"mode", "targets", "query_kind", "p50_ms", "p95_ms", "prompt_tokens", "llm_calls"} <= set(row)
    assert {r["mode"] for r in data["rows"]} == {"alu", "direct"}
    assert (out / "scale.md").read_text().startswith("# alu bench scale")


def test_bench_scale_rejects_bad_counts():
    result = CliRunner().invoke(app, ["bench", "scale", "--counts", "ten"])
    assert result.exit_code == 1
    assert "--counts must be comma-separated integers" in result.output
    assert "Traceback" not in result.output


def test_calibration_helpers_mask_names_and_apply_the_margin():
    assert _mask("Maren Olvhagen's novel; M. Olvhagen wrote it", ["Maren Olvhagen", "M. Olvhagen"]) == (
        "the author's novel; the author wrote it"
    )

    class T:
        def __init__(self, id: str) -> None:
            self.id = id

    neighbours = [(T("a"), 0.62), (T("b"), 0.55), (T("c"), 0.49)]
    assert _best(neighbours) == 0.62
    assert _best(neighbours, "b", margin=0.10) == 0.55
    assert _best(neighbours, "c", margin=0.10) == 0.0  # more than the margin below the best match
    assert _best(neighbours, "z") == 0.0
