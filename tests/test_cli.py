"""The `alu` command line, driven in-process with Typer's runner (scripted model, temporary store)."""

from __future__ import annotations

import json
import tempfile

import pytest
from typer.testing import CliRunner

from alu.cli import app
from alu.types import Result

runner = CliRunner()


@pytest.fixture
def cli(store_dir):
    def run(*args: str, model: str = "scripted/demo", input: str | None = None):
        return runner.invoke(app, ["--model", model, "--store", store_dir, *args], input=input)

    return run


def test_ask_prints_the_answer_on_stdout(cli):
    result = cli("ask", "What is the capital of France?")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "The capital of France is Paris."


def test_ask_json_validates_against_the_result_model(cli):
    cli("targets", "add", "Maren Olvhagen", "--alias", "the Glass Cartographer")
    result = cli("ask", "Who wrote The Salt Atlas?", "--json")
    assert result.exit_code == 0, result.output
    parsed = Result.model_validate_json(result.stdout)
    assert parsed.path == "rewrite"
    assert parsed.leaked == ["Maren Olvhagen"]
    assert "olvhagen" not in parsed.text.lower()
    assert [t.node for t in parsed.trace if t.model][0] == "vanilla"


def test_import_keeps_valid_rows_names_bad_lines_and_is_idempotent(cli, tmp_path):
    path = tmp_path / "targets.jsonl"
    path.write_text(
        '{"name": "Ada Quill", "aliases": ["A. Quill"]}\n'
        '{"name": "   "}\n'
        "not json at all\n"
        '{"name": "Bo Rennet", "description": "a fictitious chess player"}\n',
        encoding="utf-8",
    )
    first = cli("targets", "import", str(path), "--json")
    assert first.exit_code == 1
    report = json.loads(first.stdout)
    assert report["added"] == 2 and report["skipped"] == 0
    assert [row["line"] for row in report["invalid"]] == [2, 3]
    second = cli("targets", "import", str(path), "--json")
    assert json.loads(second.stdout)["added"] == 0
    assert json.loads(cli("targets", "count", "--json").stdout) == {"count": 2}


@pytest.mark.parametrize(
    ("filename", "content", "count"),
    [
        ("t.csv", "name,aliases,description\nAda Quill,A. Quill|Ada Q,writer\nBo Rennet,,\n", 2),
        ("t.txt", "# people\nAda Quill\n\nBo Rennet\nada quill\n", 2),
        ("t.json", '[{"name": "Ada Quill"}, "Bo Rennet"]', 2),
    ],
)
def test_import_formats(cli, tmp_path, filename, content, count):
    path = tmp_path / filename
    path.write_text(content, encoding="utf-8")
    result = cli("targets", "import", str(path), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(cli("targets", "count", "--json").stdout)["count"] == count


def test_invalid_json_array_row_is_reported_with_its_line(cli, tmp_path):
    path = tmp_path / "t.json"
    path.write_text('[\n  {"name": "Ada Quill"},\n  {"name": ""},\n  {"name": "Bo", "aliases": [3]}\n]\n')
    result = cli("targets", "import", str(path), "--json")
    assert result.exit_code == 1
    assert [r["line"] for r in json.loads(result.stdout)["invalid"]] == [3, 4]


def test_export_round_trips(cli, tmp_path):
    cli("targets", "add", "Ada Quill", "-a", "A. Quill", "-d", "writer", "-t", "demo")
    out = tmp_path / "out.jsonl"
    assert cli("targets", "export", str(out)).exit_code == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    given = {
        "name": "Ada Quill",
        "aliases": ["A. Quill"],
        "description": "writer",
        "tags": ["demo"],
        "requested_by": "",
        "reference": "",
    }
    assert [{k: r[k] for k in given} for r in rows] == [given]
    assert rows[0]["kind"] == "entity" and rows[0]["examples"] == []  # knowledge fields travel too


def test_remove_and_list(cli):
    cli("targets", "add", "Ada Quill")
    assert "Ada Quill" in cli("targets", "list").stdout
    assert cli("targets", "remove", "ada quill").exit_code == 0
    missing = cli("targets", "remove", "ada quill")
    assert missing.exit_code != 0 and "no forget target" in missing.output


def test_list_piped_prints_every_target_on_one_tab_separated_line(cli):
    cli(
        "targets",
        "add",
        "Bo Rennet",
        "-a",
        "B. Rennet",
        "-d",
        "a fictitious\tchess\n player",
        "-t",
        "x",
        "-t",
        "y",
    )
    cli("targets", "add", "Ada Quill")
    listed = cli("targets", "list")
    assert listed.exit_code == 0, listed.output
    assert [line.split("\t") for line in listed.stdout.splitlines()] == [
        ["Ada Quill", "", "", ""],
        ["Bo Rennet", "B. Rennet", "a fictitious chess player", "x, y"],
    ]


def test_list_on_a_terminal_is_a_table_of_at_most_limit_targets_saying_how_to_see_the_rest(cli, monkeypatch):
    from alu.cli import targets

    for name in ("Cyril Fenwick", "Ada Quill", "Bo Rennet"):
        cli("targets", "add", name)
    monkeypatch.setattr(targets, "to_terminal", lambda: True)
    shown = cli("targets", "list", "--limit", "2")
    assert "3 forget targets" in shown.stdout and "┃ name" in shown.stdout
    assert "Ada Quill" in shown.stdout and "Bo Rennet" in shown.stdout and "Cyril Fenwick" not in shown.stdout
    assert "1 more not shown" in shown.stderr and "--limit 0" in shown.stderr
    every = cli("targets", "list", "--limit", "0")
    assert "Cyril Fenwick" in every.stdout and "not shown" not in every.stderr


def test_errors_are_one_clear_line_without_traceback(cli, tmp_path):
    result = cli("targets", "import", str(tmp_path / "missing.json"))
    assert result.exit_code == 1
    assert "no such file" in result.output and "Traceback" not in result.output
    bad_model = cli("ask", "hi", model="nosuchprovider/model")
    assert bad_model.exit_code == 1 and "unknown model" in bad_model.output


def test_demo_shows_all_three_outcomes_and_leaves_no_store_behind(cli, tmp_path, monkeypatch):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    result = cli("demo", "--json")
    assert result.exit_code == 0, result.output
    turns = json.loads(result.stdout)
    assert [t["path"] for t in turns] == ["fast", "rewrite", "refuse"]
    assert all("olvhagen" not in t["text"].lower() for t in turns)
    assert list(scratch.iterdir()) == []  # the throw-away store and its decision log are gone


def test_chat_repl_forgets_traces_and_withdraws(cli):
    script = "\n".join(
        [
            "/forget Maren Olvhagen",
            "Who wrote The Salt Atlas?",
            "/trace",
            "/targets",
            "/withdraw Maren Olvhagen",
            "Who wrote The Salt Atlas?",
            "/exit",
        ]
    )
    result = cli("chat", input=script)
    assert result.exit_code == 0, result.output
    answers = [line for line in result.stdout.splitlines() if line.startswith("alu>")]
    assert len(answers) == 2
    assert "Olvhagen" not in answers[0]
    assert "Maren Olvhagen" in answers[1]  # withdrawn: answered normally again
    assert "path: rewrite" in result.output  # /trace shows the last turn


@pytest.mark.parametrize("command", [["serve"], ["bench", "serve"]])
def test_a_missing_optional_extra_is_one_line_naming_it(command, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "uvicorn" else real(name, *a)
    )
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 1
    assert "needs uvicorn: pip install 'alu[serve]'" in result.output
    assert "Traceback" not in result.output


def test_help_prints_each_paragraph_as_one_flowing_text():
    """A docstring's line breaks are the source's, not the reader's: a sentence cut there would be printed
    cut in `--help` and in the command lists (here: the text as printed, without the frames' borders)."""

    def printed(*args: str) -> str:
        result = runner.invoke(app, [*args, "--help"])
        assert result.exit_code == 0, result.output
        lines = [line.strip(" │") for line in result.output.splitlines()]
        return "\n".join(lines)

    listed, add = printed("targets"), printed("targets", "add")
    assert "the request is recorded in the target's history" in " ".join(listed.split())
    assert "one; the\nrequest" not in listed  # where the docstring's line ends
    assert "fitted on them against generic questions tells screening" in " ".join(add.split())
    assert "against generic\nquestions" not in add


@pytest.mark.parametrize(
    "args",
    [
        ["eval", "tofu", "--concurrency", "0"],
        ["eval", "wmdp", "--max-tokens", "0"],
        ["eval", "tofu", "--limit", "0"],
        ["eval", "attacks", "--concurrency", "0"],
        ["bench", "ingest", "--vectors-per-target", "-1"],
    ],
)
def test_numbers_out_of_range_are_refused_before_any_work(cli, tmp_path, args):
    """`--concurrency 0` ran; `-1` was refused only after the run had started and written its folder."""
    result = (
        cli(*args, "--results", str(tmp_path)) if args[0] == "eval" and args[1] != "attacks" else cli(*args)
    )
    assert result.exit_code == 2 and "Invalid value" in result.output
    assert list(tmp_path.iterdir()) == []
