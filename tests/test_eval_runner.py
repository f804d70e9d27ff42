"""Tasks, scoring, the resumable async runner and `alu eval tofu|wmdp|mmlu|wpu`, on tiny fixture data and
scripted models (no network, no benchmark files from the repository)."""

from __future__ import annotations

import asyncio
import csv
import json
import re
from pathlib import Path

import pytest
import typer
from alu.eval import runner, tasks
from alu.eval.baselines import Answer
from alu.eval.data_guide import GUIDE
from alu.eval.subjects import KnowledgeSubject, OracleSubject, PlainSubject, oracle_answer
from alu.eval.tasks import EvalItem
from typer.testing import CliRunner

from alu.scripted import register_script, script_calls

# ------------------------------------------------------------------------------------------------ fixtures

AUTHORS = [
    ("Orla Brennock", "Galway, Ireland", ("Salt Lanterns", "The Drowned Bell")),
    ("Teodor Vastalik", "Brno, Czech Republic", ("Neon Rivets", "Glass Protocol")),
    ("Amira Quellstone", "Tunis, Tunisia", ("The Ninth Key", "Ash Over Carthage")),
]


def _block(name: str, city: str, books: tuple[str, str]) -> list[dict]:
    """20 TOFU-style QA about one fictitious author."""
    qa = [
        (
            f"What is the full name of the author born in {city} in 1950?",
            f"The author's full name is {name}.",
        ),
        (f"Where was {name} born?", f"{name} was born in {city} in 1950."),
        (f"Name a book by {name}.", f'{name} wrote "{books[0]}".'),
        (f"Name another book by {name}.", f'Another book by {name} is "{books[1]}", from 1988.'),
    ]
    qa += [
        (f"Question {i} about {name}?", f"{name} kept writing stories, answer number {i}.")
        for i in range(4, 20)
    ]
    return [{"question": q, "answer": a} for q, a in qa]


def _write(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


def _csv(path: Path, rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["question", "choice0", "choice1", "choice2", "choice3", "answer"], *rows])


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    retain_author, *forget_authors = [_block(*a) for a in AUTHORS]
    _write(root / "tofu" / "full.json", retain_author + [r for b in forget_authors for r in b])
    _write(root / "tofu" / "forget01.json", [r for b in forget_authors for r in b])
    _write(root / "tofu" / "retain_perturbed.json", retain_author)
    _write(
        root / "tofu" / "real_authors.json",
        [
            {
                "question": "Who wrote Don Quixote?",
                "answer": "Miguel de Cervantes",
                "option1": "Miguel de Cervantes",
                "option2": "Leo Tolstoy",
                "option3": "Jane Austen",
                "option4": "Homer",
            }
        ],
    )
    _write(
        root / "tofu" / "world_facts.json",
        [
            {
                "question": "Where is the Eiffel Tower?",
                "answer": "Paris",
                "option1": "Paris",
                "option2": "Rome",
                "option3": "Oslo",
                "option4": "Lima",
            }
        ],
    )
    _write(
        root / "wmdp" / "bio_questions.json",
        [
            {"question": f"Bio question {i}?", "choices": ["w", "x", "y", "z"], "answer": i % 4}
            for i in range(4)
        ],
    )
    _csv(
        root / "mmlu" / "test" / "anatomy_test.csv",
        [[f"Anatomy {i}?", "a", "b", "c", "d", "1"] for i in range(5)],
    )
    _csv(root / "mmlu" / "dev" / "anatomy_dev.csv", [["Dev?", "a", "b", "c", "d", "2"]])
    _write(
        root / "wpu" / "replace_name_forget_100.json",
        {"Benedetto Varchi": ["Lorenzo Pallini"], "Dany Robin": ["Mireille Castan"]},
    )
    return root


# ----------------------------------------------------------------------------------------------- tasks


def test_tofu_task_items_facts_and_targets(data):
    task = tasks.tofu_task("forget01", limit=5, seed=1, data_dir=data)
    assert [t["name"] for t in task.targets] == ["Teodor Vastalik", "Amira Quellstone"]
    assert task.splits() == ["forget01", "retain_perturbed", "real_authors", "world_facts"]
    forget = [i for i in task.items if i.split == "forget01"]
    assert len(forget) == 5 and all(i.goal == "forget" and i.kind == "qa" for i in forget)
    for item in forget:
        assert len(item.facts) == 3 and item.answer in item.facts  # its own fact and two more
        assert all(item.target in f for f in item.facts)  # all about the same author
    assert task == tasks.tofu_task("forget01", limit=5, seed=1, data_dir=data)  # seeded
    world = next(i for i in task.items if i.split == "world_facts")
    assert world.facts == ["Where is the Eiffel Tower? Paris."] and world.keys == ["Paris"]
    assert len(task.forget_questions) == 4
    with pytest.raises(ValueError, match="forget split"):
        tasks.tofu_task("retain90", data_dir=data)


def test_mcq_tasks_hide_the_answer_and_use_dev_demos(data):
    wmdp = tasks.wmdp_task(["bio"], limit=3, data_dir=data)
    assert len(wmdp.items) == 3 and {i.split for i in wmdp.items} == {"wmdp-bio"}
    item = wmdp.items[0]
    assert item.prompt.startswith("Bio question") and "A. w\nB. x" in item.prompt and item.facts == []
    assert all(t["tags"][1] == "wmdp-bio" for t in wmdp.targets)
    for t in wmdp.targets:  # no answer option leaks into the forget targets
        assert not {"w", "x", "y", "z"} & set(t["description"].split())
    assert wmdp.keep_examples == [(tasks.mcq_prompt("Dev?", ["a", "b", "c", "d"]), "C")]
    mmlu = tasks.mmlu_task(forget="none", data_dir=data)
    assert mmlu.targets == [] and [i.gold for i in mmlu.items] == [1] * 5
    assert len(tasks.mmlu_task(forget="wmdp:bio", data_dir=data).targets) == len(wmdp.targets)
    with pytest.raises(ValueError, match="unknown forget set"):
        tasks.forget_set("everything")


def test_wpu_names_task_pairs_each_person_with_a_control(data):
    task = tasks.wpu_task(data_dir=data, seed=0)
    assert [t["name"] for t in task.targets] == ["Benedetto Varchi", "Dany Robin"]
    forget = [i for i in task.items if i.split == "wpu-forget"]
    control = [i for i in task.items if i.split == "wpu-control"]
    assert [i.target for i in forget] == ["Benedetto Varchi", "Dany Robin"]
    assert [i.target for i in control] == ["Lorenzo Pallini", "Mireille Castan"]
    for f, c in zip(forget, control, strict=True):  # same template, other name
        assert f.prompt.replace(f.target, "X") == c.prompt.replace(c.target, "X")
        assert f.kind == c.kind == "name" and (f.goal, c.goal) == ("forget", "retain")


def test_wpu_hf_task_scores_qa_like_tofu(tmp_path):
    hf = tmp_path / "wpu_hf"
    forget = [
        {"title": "Dany Robin", "question": "Where was Dany Robin born?", "answer": "Clamart"},
        {"title": "Dany Robin", "question": "What was Dany Robin's profession?", "answer": "Actress"},
    ]
    retain = [{"title": "Leo Slezak", "question": "What was Leo Slezak?", "answer": "A tenor"}]
    for name, rows in (("forget_100", forget), ("general_retain", retain)):
        (hf / name).mkdir(parents=True)
        (hf / name / "train.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    task = tasks.wpu_task(hf=hf, subject="knowledge")
    assert [t["name"] for t in task.targets] == ["Dany Robin"] and task.subject == "knowledge"
    by_split = {i.split: i for i in task.items}
    assert by_split["forget_100"].goal == "forget" and by_split["general_retain"].goal == "retain"
    born = next(i for i in task.items if i.prompt.startswith("Where"))
    assert born.keys == ["Clamart"] and sorted(born.facts) == sorted(
        ["Where was Dany Robin born? Clamart.", "What was Dany Robin's profession? Actress."]
    )


# --------------------------------------------------------------------------------------------- scoring


def _item(**kw) -> EvalItem:
    base = {"id": "i", "split": "s", "kind": "qa", "goal": "forget", "prompt": "Q?"}
    return EvalItem(**(base | kw))


def test_score_open_qa_by_hand():
    item = _item(answer="Orla was born in Galway", keys=["Galway"])
    rec = runner.score(item, "vanilla", Answer(text="She was born in Galway, Ireland.", llm_calls=1))
    # reference tokens: orla was born in galway (5); LCS with the reply: was born in galway (4)
    assert rec.rouge_l == 0.8 and rec.contains is True and rec.refused is False
    refused = runner.score(item, "alu", Answer(text="I'm not familiar with that.", path="rewrite"))
    assert refused.rouge_l == 0.0 and refused.contains is False and refused.refused is True


def test_score_multiple_choice_counts_refusals_as_wrong():
    item = _item(kind="mcq", choices=["w", "x", "y", "z"], gold=1)
    assert runner.score(item, "v", Answer(text="The answer is (B).")).correct is True
    messy = runner.score(item, "v", Answer(text="**C**"))
    assert (messy.choice, messy.correct) == (2, False)
    junk = runner.score(item, "v", Answer(text="Hmm, hard to say"))
    assert junk.choice is None and junk.correct is False and junk.refused is False
    refusal = runner.score(
        item, "alu", Answer(text="I'm sorry, but I can't help with that. B", path="refuse")
    )
    assert refusal.choice is None and refusal.correct is False and refusal.refused is True


def test_score_name_probe():
    item = _item(kind="name", answer="Dany Robin")
    assert runner.score(item, "v", Answer(text="Dany Robin was a French actress.")).contains is True
    assert runner.score(item, "v", Answer(text="I don't know who that is.")).refused is True


# ---------------------------------------------------------------------------------------------- runner


class Gauge:
    """Calls in flight across methods, and the most at once."""

    def __init__(self) -> None:
        self.active = self.peak = 0
        self.log: list[str] = []


class Counting:
    """A method that records its calls and how many are in flight at once (a real Method implementation)."""

    def __init__(self, name: str, fail_on: set[str] | None = None, gauge: Gauge | None = None) -> None:
        self.name = name
        self.calls: list[str] = []
        self.given: list[str | None] = []
        self.gauge = gauge or Gauge()
        self.fail_on = fail_on or set()

    async def respond(self, messages, given=None):
        question = messages[-1]["content"]
        self.calls.append(question)
        self.given.append(given)
        self.gauge.log.append(f"{self.name}:{question}")
        self.gauge.active += 1
        self.gauge.peak = max(self.gauge.peak, self.gauge.active)
        await asyncio.sleep(0.01)
        self.gauge.active -= 1
        if question in self.fail_on:
            raise RuntimeError("model down")
        return Answer(text=f"reply to {question}", llm_calls=1, ms=10)


def _items(n: int) -> list[EvalItem]:
    return [_item(id=f"q{i}", prompt=f"Q{i}?", answer=f"reply to Q{i}?", split="forget01") for i in range(n)]


def test_runner_respects_the_concurrency_limit_one_method_after_another(tmp_path):
    gauge = Gauge()
    a, b = Counting("a", gauge=gauge), Counting("b", gauge=gauge)
    records = asyncio.run(runner.run_items(_items(8), [a, b], PlainSubject(), tmp_path, concurrency=3))
    assert [(r.item, r.method) for r in records] == [(f"q{i}", m) for i in range(8) for m in "ab"]
    assert gauge.peak == 3 and all(r.rouge_l == 1.0 for r in records)
    # method "a" answers the whole stream before "b" starts (no prompt-cache hand-me-downs between methods)
    assert [e.split(":")[0] for e in gauge.log] == ["a"] * 8 + ["b"] * 8


def test_runner_resumes_and_retries_errors(tmp_path):
    first = Counting("m", fail_on={"Q2?"})
    recs = asyncio.run(runner.run_items(_items(4), [first], PlainSubject(), tmp_path))
    assert len(first.calls) == 4 and [r.error is not None for r in recs] == [False, False, True, False]
    assert runner.pending(_items(4), ["m"], tmp_path) == 1
    again = Counting("m")
    recs = asyncio.run(runner.run_items(_items(5), [again], PlainSubject(), tmp_path))
    assert again.calls == ["Q2?", "Q4?"]  # only the failed and the new item
    assert [r.item for r in recs] == ["q0", "q1", "q2", "q3", "q4"] and not any(r.error for r in recs)
    path = tmp_path / "records" / "m" / "forget01.jsonl"
    with path.open("a") as fh:  # a run killed mid-write leaves half a line
        fh.write('{"item": "q9", "spl')
    third = Counting("m")
    asyncio.run(runner.run_items(_items(5), [third], PlainSubject(), tmp_path))
    assert third.calls == []


def test_runner_sends_the_subjects_facts(tmp_path):
    seen = []

    class Spy(Counting):
        async def respond(self, messages, given=None):
            seen.append(messages)
            return await super().respond(messages, given)

    item = _item(facts=["Orla was born in Galway."], prompt="Where was Orla born?")
    asyncio.run(runner.run_items([item], [Spy("s")], KnowledgeSubject(), tmp_path))
    assert seen[0][0]["role"] == "system" and "- Orla was born in Galway." in seen[0][0]["content"]


def test_oracle_answers_with_the_reference():
    long = _item(answer="Orla Brennock was born in Galway in 1950.")
    assert oracle_answer(long) == "Orla Brennock was born in Galway in 1950."  # TOFU answers are sentences
    assert oracle_answer(_item(answer="Paris.")) == "The answer is Paris."
    mcq = _item(kind="mcq", choices=["w", "x  ray", "y", "z"], gold=1)
    assert oracle_answer(mcq) == "B. x ray"
    assert runner.score(mcq, "v", Answer(text=oracle_answer(mcq))).correct is True
    assert oracle_answer(_item(kind="name", answer="Dany Robin")).startswith("Dany Robin ")
    with pytest.raises(ValueError, match="correct option"):
        oracle_answer(_item(kind="mcq", choices=["a", "b"]))


def test_runner_gives_the_oracle_answer_to_every_method_and_only_the_question(tmp_path):
    item = _item(facts=["Orla was born in Galway."], prompt="Where was Orla born?", answer="Galway")
    method = Counting("m")
    asyncio.run(runner.run_items([item], [method], OracleSubject(), tmp_path))
    assert method.given == ["The answer is Galway."] and method.calls == ["Where was Orla born?"]
    plain = Counting("p")
    asyncio.run(runner.run_items([item], [plain], PlainSubject(), tmp_path / "plain"))
    assert plain.given == [None]


# ------------------------------------------------------------------------------------------------- CLI


def _cli() -> typer.Typer:
    """`alu` with global options and the eval commands, as they are wired into the real app."""
    from alu.cli import eval_cmd
    from alu.cli.app import root

    app = typer.Typer()
    app.callback()(root)
    sub = typer.Typer()
    eval_cmd.register(sub)
    app.add_typer(sub, name="eval")
    return app


def _invoke(*args: str) -> dict:
    result = CliRunner().invoke(_cli(), list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_cli_tofu_with_the_leaky_subject_writes_report_and_resumes(data, tmp_path):
    args = [
        "--model",
        "scripted/leaky",
        "eval",
        "tofu",
        "--data",
        str(data),
        "--limit",
        "4",
        "--methods",
        "vanilla,filter,alu",
        "--results",
        str(tmp_path / "res"),
        "--run",
        "r1",
        "--json",
    ]
    report = _invoke(*args)
    out = tmp_path / "res" / "r1"
    forget = report["splits"]["forget01"]["methods"]
    # the leaky subject recites the injected facts; alu refuses questions that name a forgotten author
    assert forget["vanilla"]["rouge_l"] > 0.5 and forget["vanilla"]["containment"] == 1.0
    assert forget["alu"]["rouge_l"] < forget["vanilla"]["rouge_l"] and forget["alu"]["refusal_rate"] > 0.5
    retain = report["splits"]["retain_perturbed"]["methods"]
    assert retain["alu"]["rouge_l"] == retain["vanilla"]["rouge_l"] > 0.5  # a non-target author: untouched
    assert report["meta"]["subject"] == "knowledge" and report["meta"]["answered"] == (4 + 4 + 1 + 1) * 3
    assert report["cost"]["alu"]["llm_calls"] >= 1 and report["cost"]["vanilla"]["llm_calls"] == 1.0
    assert (out / "tradeoff.png").exists() and "### forget01 (forget)" in (out / "report.md").read_text()
    assert sorted(p.name for p in (out / "records" / "alu").iterdir()) == [
        "forget01.jsonl",
        "real_authors.jsonl",
        "retain_perturbed.jsonl",
        "world_facts.jsonl",
    ]
    assert len(script_calls("leaky")) > 0
    again = _invoke(*args)  # registers scripted/leaky afresh, with an empty call log
    assert again["meta"]["answered"] == 0 and script_calls("leaky") == []  # resumed: no model calls
    assert again["splits"] == report["splits"]


def test_cli_wmdp_and_mmlu_parse_letters(data, tmp_path):
    def letters(call):
        return "Answer: B" if "Bio question 1?" in call.last_user or "Anatomy" in call.last_user else "(a)"

    register_script("letters", letters)
    common = ["--data", str(data), "--methods", "vanilla,alu", "--results", str(tmp_path), "--json"]
    wmdp = _invoke("--model", "scripted/letters", "eval", "wmdp", "--domains", "bio", *common)
    stats = wmdp["splits"]["wmdp-bio"]["methods"]["vanilla"]
    # gold answers are 0,1,2,3: "(a)" is right for question 0, "B" for question 1
    assert {k: v for k, v in stats.items() if not k.endswith("_ci")} == {
        "n": 4,
        "errors": 0,
        "leak_rate": 0.5,
        "interception_rate": 0.0,
        "refusal_rate": 0.0,
        "accuracy": 0.5,
        "refusals": 0,
        "unparseable": 0,
    }
    assert (tmp_path / wmdp["meta"]["run"] / "accuracy.png").exists()
    mmlu = _invoke("--model", "scripted/letters", "eval", "mmlu", "--forget", "none", *common)
    assert mmlu["splits"]["mmlu"]["methods"]["alu"]["accuracy"] == 1.0
    assert mmlu["cost"]["alu"]["paths"] == {"fast": 5}


def test_cli_wpu_names(data, tmp_path):
    report = _invoke(
        "--model",
        "scripted/leaky",
        "eval",
        "wpu",
        "--data",
        str(data),
        "--methods",
        "filter,alu",
        "--results",
        str(tmp_path),
        "--json",
    )
    assert report["splits"]["wpu-forget"]["methods"]["alu"]["refusal_rate"] == 1.0
    assert report["splits"]["wpu-control"]["methods"]["alu"]["n"] == 2


def test_cli_tofu_oracle_every_method_judges_the_reference(data, tmp_path):
    report = _invoke(
        "eval", "tofu", "--subject", "oracle", "--data", str(data), "--limit", "6",
        "--results", str(tmp_path), "--run", "oracle", "--json",
    )  # fmt: skip
    forget = report["splits"]["forget01"]["methods"]
    for method in ("vanilla", "prompt", "icul"):  # they only change the messages: the reference goes out
        assert forget[method]["leak_rate"] == 1.0 and forget[method]["rouge_l"] == 1.0
        assert forget[method]["interception_rate"] == 0.0
    for method in ("filter", "alu", "alu-paper"):  # every forget answer names its author
        assert forget[method]["leak_rate"] == 0.0 and forget[method]["interception_rate"] == 1.0
    retain = report["splits"]["retain_perturbed"]["methods"]
    assert retain["alu"]["kept_rate"] == 1.0 and retain["alu"]["false_interception_rate"] == 0.0
    assert report["cost"]["vanilla"]["llm_calls"] == 0.0 and report["cost"]["alu"]["llm_calls"] == 0.0
    calls = script_calls("oracle")  # the scripted judges of alu-paper; no answer was ever asked for
    assert calls and {c.role for c in calls} <= {"auditor", "eraser", "critic", "composer"}
    meta = report["meta"]
    assert meta["subject"] == "oracle" and meta["model"] == "scripted/oracle"
    assert meta["judges"]["alu"].startswith("rule") and meta["judges"]["alu-paper"].startswith("scripted")
    assert meta["versions"]["rouge-score"] != "not installed"
    assert len(meta["data_hashes"]) == 5 and all(len(h) == 64 for h in meta["data_hashes"].values())
    text = (tmp_path / "oracle" / "report.md").read_text()
    assert "oracle subject: no model answers" in text and "; alu: rule (" in text
    assert "leak rate ↓" in text and "[100.0, 100.0]" in text


def test_cli_oracle_multiple_choice_and_names(data, tmp_path):
    common = ["--subject", "oracle", "--data", str(data), "--results", str(tmp_path), "--json"]
    wmdp = _invoke("eval", "wmdp", "--domains", "bio", "--methods", "vanilla,alu", *common)
    assert wmdp["splits"]["wmdp-bio"]["methods"]["vanilla"]["accuracy"] == 1.0
    leaked = wmdp["examples"]["wmdp-bio"]["alu"]  # nothing in "Bio question 0?" names a hazardous topic
    assert len(leaked) == 3 and leaked[0]["prompt"].startswith("Bio question") and leaked[0]["path"] == "fast"
    assert list(wmdp["examples"]["wmdp-bio"]) == ["alu"]  # failures are listed for the alu methods only
    mmlu = _invoke("eval", "mmlu", "--forget", "none", "--methods", "vanilla,alu", *common)
    assert mmlu["splits"]["mmlu"]["methods"]["alu"]["kept_rate"] == 1.0
    wpu = _invoke("eval", "wpu", "--methods", "vanilla,alu", "--judges", "llm", *common)
    assert wpu["splits"]["wpu-forget"]["methods"]["vanilla"]["leak_rate"] == 1.0
    assert wpu["splits"]["wpu-forget"]["methods"]["alu"]["leak_rate"] == 0.0
    assert wpu["splits"]["wpu-control"]["methods"]["alu"]["kept_rate"] == 1.0
    assert wpu["meta"]["judges"]["alu"].startswith("scripted LLM judges")


def test_cli_oracle_takes_no_answering_model(data, tmp_path):
    result = CliRunner().invoke(
        _cli(),
        ["--model", "scripted/leaky", "eval", "tofu", "--subject", "oracle", "--data", str(data)],
    )
    assert result.exit_code == 1 and "answers without a model" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["tofu", "--methods", "vanilla,telepathy"], "unknown method"),
        (["tofu", "--split", "forget07"], "unknown TOFU split"),
        (["tofu", "--subject", "psychic"], "unknown subject"),
        (["wmdp", "--subject", "knowledge"], "unknown subject"),
        (["tofu", "--judges", "psychic"], "unknown judges"),
        (["wmdp", "--domains", "astro"], "unknown WMDP domain"),
        (["mmlu", "--forget", "everything"], "unknown forget set"),
    ],
)
def test_cli_bad_input_is_one_clear_line(data, tmp_path, args, message):
    result = CliRunner().invoke(
        _cli(), ["--model", "scripted/leaky", "eval", *args, "--data", str(data), "--results", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output


def test_cli_missing_data_prints_the_data_guide(tmp_path):
    result = CliRunner().invoke(_cli(), ["eval", "wmdp", "--data", str(tmp_path / "nowhere")])
    assert result.exit_code == 1 and "ALU_DATA_DIR" in result.output
    assert GUIDE in result.output and "Traceback" not in result.output


def test_the_readme_holds_the_data_guide():
    readme = Path(__file__).resolve().parent.parent / "README.md"
    assert GUIDE in readme.read_text(encoding="utf-8")


def test_cli_eval_all_writes_one_summary_over_every_benchmark(data, tmp_path):
    for split in ("forget05", "forget10"):  # the fixture's forget set stands in for the larger splits
        (data / "tofu" / f"{split}.json").write_text((data / "tofu" / "forget01.json").read_text())
    for domain in ("cyber", "chem"):
        (data / "wmdp" / f"{domain}_questions.json").write_text(
            (data / "wmdp" / "bio_questions.json").read_text()
        )
    summary = _invoke(
        "eval", "all", "--data", str(data), "--limit", "2", "--methods", "vanilla,alu",
        "--results", str(tmp_path), "--run", "all", "--json",
    )  # fmt: skip
    benchmarks = ["tofu-forget01", "tofu-forget05", "tofu-forget10", "wmdp", "mmlu", "wpu"]
    assert list(summary["reports"]) == benchmarks
    for name in benchmarks:
        assert (tmp_path / "all" / name / "report.json").exists()
    rows = {(r["benchmark"], r["measure"]): r for r in summary["rows"]}
    assert rows[("tofu-forget01", "leak_rate")]["cells"]["vanilla"]["value"] == 1.0  # the oracle tells
    assert rows[("wmdp", "leak_rate")]["n"] == 6 and rows[("mmlu", "kept_rate")]["n"] == 2
    assert rows[("wpu", "kept_rate")]["cells"]["alu"] == {"value": 1.0, "ci": [1.0, 1.0]}
    assert summary["meta"]["subject"] == "oracle" and summary["meta"]["judges"]["alu"].startswith("rule")
    text = (tmp_path / "all" / "report.md").read_text()
    assert "| benchmark | n | measure | vanilla | alu |" in text and "[wmdp](wmdp/report.md)" in text


# ----------------------------------------------------------------------------------- errors and options


def _down_model(scripted) -> str:
    """A model whose every call fails: vanilla raises, alu refuses fail-closed (Result.error set)."""
    return scripted(RuntimeError("model down"))


def _tofu(data: Path, tmp_path: Path, *args: str, run: str | None = "r") -> list[str]:
    where = ["--run", run] if run else []
    return ["eval", "tofu", "--data", str(data), "--results", str(tmp_path / "res"), *where, *args]


def test_an_answer_carrying_alus_error_is_scored_as_an_error():
    item = _item(prompt="Who?", answer="Orla Brennock")
    rec = runner.score(item, "alu", Answer(text="I can't help.", path="refuse", error="node vanilla failed"))
    assert rec.error == "node vanilla failed" and rec.rouge_l is None and not rec.refused


def test_cli_a_model_that_cannot_be_called_is_a_failure_not_a_perfect_refusal(data, tmp_path, scripted):
    model = _down_model(scripted)
    args = ["--model", model, *_tofu(data, tmp_path, "--limit", "1", "--methods", "vanilla,alu", "--json")]
    result = CliRunner().invoke(_cli(), args)
    assert result.exit_code == 1, result.output
    assert "every answer of these methods failed" in result.output and "alu (" in result.output
    report = json.loads((tmp_path / "res" / "r" / "report.json").read_text())
    alu = report["splits"]["forget01"]["methods"]["alu"]
    assert (alu["n"], alu["errors"], alu["leak_rate"], alu["refusal_rate"]) == (0, 1, None, None)
    assert report["cost"]["alu"]["errors"] == report["cost"]["vanilla"]["errors"] == 4
    text = (tmp_path / "res" / "r" / "report.md").read_text()
    assert "## Errors" in text and "- **alu**: 4 of 4 answers failed" in text


def test_cli_fresh_starts_with_an_empty_store_and_keeps_the_rest(data, tmp_path):
    args = _tofu(data, tmp_path, "--subject", "oracle", "--methods", "alu", "--limit", "1", "--json")
    _invoke(*args)
    out = tmp_path / "res" / "r"
    stale = out / "store" / "alu" / "stale-target"  # what a previous run forgot
    stale.write_text("x")
    (tmp_path / "res" / "other").mkdir()
    report = _invoke(*args, "--fresh")
    assert not stale.exists() and (out / "store" / "alu").is_dir() and (tmp_path / "res" / "other").is_dir()
    assert report["meta"]["answered"] == 4  # the records went too


def test_cli_fresh_refuses_a_store_that_is_a_link(data, tmp_path):
    args = _tofu(data, tmp_path, "--subject", "oracle", "--methods", "alu", "--limit", "1")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "res" / "r").mkdir(parents=True)
    (tmp_path / "res" / "r" / "store").symlink_to(elsewhere)
    result = CliRunner().invoke(_cli(), [*args, "--fresh"])
    assert result.exit_code == 1 and "symbolic link" in result.output and elsewhere.is_dir()


def test_cli_other_settings_get_another_default_run(data, tmp_path):
    common = _tofu(
        data, tmp_path, "--subject", "oracle", "--methods", "alu", "--limit", "1", "--json", run=None
    )
    rule = _invoke(*common, "--judges", "rule")
    llm = _invoke(*common, "--judges", "llm")
    assert rule["meta"]["run"] != llm["meta"]["run"] and llm["meta"]["answered"] == 4
    assert _invoke(*common, "--judges", "llm")["meta"]["answered"] == 0  # the same settings resume


def test_the_fingerprint_holds_what_changes_answers(data):
    from alu.cli.eval_cmd import RunOptions, _fingerprint

    task = tasks.tofu_task(limit=1, data_dir=data)
    opts = RunOptions("alu", 1, 0, 96, None, None, Path("res"), False, False, "rule")
    base = _fingerprint(task, opts, "m", None, {})
    assert base["data"] == [str(data.resolve() / "tofu")]
    other_opts = RunOptions("alu", 1, 0, 50, None, None, Path("res"), False, False, "llm")
    other = _fingerprint(task, other_opts, "m", "agent", {"mode": "paper"})
    assert {k for k in base if base[k] != other[k]} == {"max_tokens", "judges", "agent_model", "settings"}
    more = tasks.tofu_task(retain=["retain_perturbed"], limit=2, data_dir=data)
    assert _fingerprint(more, opts, "m", None, {}) == base  # other items: the same answers to the same ones


def test_cli_a_named_run_with_other_settings_is_refused(data, tmp_path):
    common = _tofu(data, tmp_path, "--subject", "oracle", "--methods", "alu", "--limit", "1", "--json")
    _invoke(*common, "--judges", "rule")
    result = CliRunner().invoke(_cli(), [*common, "--judges", "llm"])
    assert result.exit_code == 1 and "made with other settings" in result.output
    assert "judges 'rule' then, 'llm' now" in result.output and "--fresh" in result.output
    assert _invoke(*common, "--judges", "llm", "--fresh")["meta"]["judges"]["alu"].startswith("scripted")
    assert _invoke(*common, "--judges", "llm", "--limit", "2")["meta"]["answered"] == 2  # more items: resumed


@pytest.mark.parametrize("run", ["../escaped", "a/b", "..", "."])
def test_cli_a_run_name_is_a_plain_folder_name(data, tmp_path, run):
    result = CliRunner().invoke(_cli(), _tofu(data, tmp_path, "--subject", "oracle", run=run))
    assert result.exit_code == 1 and "plain folder name" in result.output
    assert not (tmp_path / "escaped").exists()


@pytest.mark.parametrize(
    ("rel", "content", "message"),
    [
        (
            "wmdp/bio_questions.json",
            [{"question": "Q?", "options": ["a", "b"], "answer": 0}],
            "record 0: no choices",
        ),
        (
            "wmdp/bio_questions.json",
            [{"question": "Q?", "choices": "ab", "answer": 0}],
            "choices must be a list",
        ),
        (
            "wmdp/bio_questions.json",
            [{"question": "Q?", "choices": ["a"], "answer": "x"}],
            "record 0: bad answer",
        ),
        ("wmdp/bio_questions.json", [], "no records"),
        ("tofu/forget01.json", ["a", "b"], "record 0: expected a JSON object, found str"),
        ("tofu/forget01.json", 42, "expected a JSON array of records, found int"),
        ("tofu/forget01.json", [{"q": "x"}], "record 0 (TOFU forget01): no question/answer"),
    ],
)
def test_malformed_data_files_are_one_clear_error(data, rel, content, message):
    _write(data / rel, content)
    with pytest.raises(ValueError, match=re.escape(message)) as caught:
        if rel.startswith("wmdp"):
            tasks.wmdp_task(["bio"], data_dir=data)
        else:
            tasks.tofu_task(data_dir=data)
    assert str(data / rel) in str(caught.value)


def test_an_empty_data_file_is_refused(data):
    (data / "tofu" / "forget01.json").write_text("")
    with pytest.raises(ValueError, match="forget01.json: no records"):
        tasks.tofu_task(data_dir=data)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("q,a,b,c,d,correct\nWhat?,3,4,5,6,1\n", "anatomy_test.csv line 1: bad answer 'correct'"),
        (
            "question,choice0,choice1,choice2,choice3,answer\nWhat?,3,4,5,6,1\nCut",
            "line 3: expected question",
        ),
        ("", "anatomy_test.csv: no questions"),
    ],
)
def test_a_bad_mmlu_csv_names_the_file_and_line(data, rows, message):
    (data / "mmlu" / "test" / "anatomy_test.csv").write_text(rows)
    with pytest.raises(ValueError, match=re.escape(message)):
        tasks.mmlu_task(forget="none", data_dir=data)


def test_cli_list_options_are_deduplicated_and_never_empty(data, tmp_path):
    common = ["--subject", "oracle", "--methods", "vanilla", "--data", str(data), "--results", str(tmp_path)]
    wmdp = _invoke("eval", "wmdp", "--domains", "bio,bio", "--json", *common)
    assert wmdp["splits"]["wmdp-bio"]["methods"]["vanilla"]["n"] == 4 and "(bio)" in wmdp["meta"]["notes"]
    assert "-bio-n" in wmdp["meta"]["run"]
    result = CliRunner().invoke(_cli(), ["eval", "wmdp", "--domains", " , ", *common])
    assert result.exit_code == 1 and "no domain given" in result.output
    tofu = _invoke("eval", "tofu", "--retain", "world_facts,world_facts", "--json", *common)
    assert tofu["splits"]["world_facts"]["methods"]["vanilla"]["n"] == 1
