"""The `alu` command line, driven in-process with Typer's runner (scripted model, temporary store)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
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


def _count(cli) -> int:
    return json.loads(cli("targets", "count", "--json").stdout)["count"]


def _said(result) -> str:
    """The output with rich's wrapping undone (it breaks lines at 80 columns off a terminal)."""
    return " ".join(result.output.split())


def test_export_takes_its_format_from_the_extension_as_import_reads_it(cli, tmp_path):
    cli("targets", "add", "Ada Quill")
    cli("targets", "add", "Bo Rennet")
    for name, opening in (
        ("b.txt", "Bo Rennet\n"),
        ("b.csv", "name,"),
        ("b.json", "[\n"),
        ("b.out", '{"name"'),
    ):
        assert cli("targets", "export", str(tmp_path / name)).exit_code == 0
        assert (tmp_path / name).read_text().startswith(opening), name
    assert cli("targets", "export").stdout.startswith('{"name"')  # stdout: JSONL
    contradicting = cli("targets", "export", str(tmp_path / "c.csv"), "--format", "jsonl")
    assert contradicting.exit_code == 1 and "contradicts the extension" in _said(contradicting)
    assert not (tmp_path / "c.csv").exists()


@pytest.mark.parametrize("exported", ["b.txt", "b.csv"])
def test_an_export_named_by_its_extension_imports_back_as_the_same_targets(
    cli, tmp_path, store_dir, exported
):
    cli("targets", "add", "Ada Quill")
    cli("targets", "add", "Bo Rennet")
    assert cli("targets", "export", str(tmp_path / exported)).exit_code == 0
    other = [*["--model", "scripted/demo", "--store", store_dir + "2"], "targets"]
    imported = runner.invoke(app, [*other, "import", str(tmp_path / exported), "--json"])
    assert imported.exit_code == 0, imported.output
    listed = runner.invoke(app, [*other, "list"]).stdout.splitlines()
    assert [line.split("\t")[0] for line in listed] == ["Ada Quill", "Bo Rennet"]


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ('{"name": "Ada Quill", "aliases": ["A. Quill"]}\n{"name": "Bo Rennet"}\n', "JSONL"),
        ('[\n  {\n    "name": "Ada Quill"\n  }\n]\n', "holds JSON"),
    ],
    ids=["jsonl", "json"],
)
def test_a_txt_file_holding_json_is_refused_not_stored_as_names(cli, tmp_path, content, says):
    path = tmp_path / "b.txt"
    path.write_text(content, encoding="utf-8")
    result = cli("targets", "import", str(path))
    assert result.exit_code == 1 and says in _said(result) and "Traceback" not in result.output
    assert _count(cli) == 0


@pytest.mark.parametrize(
    ("filename", "content", "unknown", "meant"),
    [
        ("t.jsonl", '{"name": "Ada Quill", "alias": ["A. Quill"]}\n', "alias", "aliases"),
        ("t.jsonl", '{"name": "Ada Quill", "aliasses": ["A. Quill"]}\n', "aliasses", "aliases"),
        ("t.json", '[{"name": "Ada Quill", "descripton": "a writer"}]', "descripton", "description"),
        ("t.jsonl", '{"name": "Bo"}\n{"name": "Ada Quill", "exemples": ["Who?"]}\n', "exemples", "examples"),
        ("t.csv", "name,alias\nAda Quill,A. Quill\n", "alias", "aliases"),
    ],
)
def test_import_refuses_a_field_or_column_it_does_not_know_and_writes_nothing(
    cli, tmp_path, filename, content, unknown, meant
):
    path = tmp_path / filename
    path.write_text(content, encoding="utf-8")
    result = cli("targets", "import", str(path))
    assert result.exit_code == 1
    said = _said(result)
    assert f"'{unknown}'" in said and f"did you mean '{meant}'?" in said and "accepted" in said
    assert _count(cli) == 0


def test_import_accepts_the_ids_that_list_json_writes(cli, tmp_path):
    cli("targets", "add", "Ada Quill", "-a", "A. Quill")
    path = tmp_path / "listed.json"
    path.write_text(cli("targets", "list", "--json").stdout, encoding="utf-8")
    assert cli("targets", "import", str(path)).exit_code == 0


def test_malformed_csv_names_the_line_of_the_unclosed_quote(cli, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('name,aliases\nAda Quill,A\nBo Rennet,B\n"Cyril,C\nDora,D\n', encoding="utf-8")
    result = cli("targets", "import", str(path))
    assert result.exit_code == 1 and "malformed CSV at line 4" in _said(result)


def test_export_to_a_directory_is_one_line_and_leaves_no_tmp_file(cli, tmp_path):
    cli("targets", "add", "Ada Quill")
    folder = tmp_path / "out"
    folder.mkdir()
    result = cli("targets", "export", str(folder))
    assert result.exit_code == 1 and "is a directory: give the path" in _said(result)
    assert "Errno" not in result.output
    assert not (tmp_path / "out.tmp").exists() and list(folder.iterdir()) == []


def test_a_failed_write_leaves_no_tmp_file(tmp_path):
    from alu.cli.targets import write_atomically

    (tmp_path / "taken").mkdir()  # the final rename fails: a directory is in the way
    with pytest.raises(OSError):
        write_atomically(tmp_path / "taken", "text")
    assert [p.name for p in tmp_path.iterdir()] == ["taken"]


@pytest.mark.parametrize("name", ["Foo [/] Bar", "Baz [bold]Qux"])
def test_names_that_look_like_rich_markup_are_printed_as_they_are(cli, monkeypatch, name):
    from alu.cli import targets

    added = cli("targets", "add", name, "-a", f"{name} alias", "-d", f"about {name}")
    assert added.exit_code == 0 and f"added '{name}'" in added.output, added.output
    shown = cli("targets", "show", name)
    assert shown.exit_code == 0, shown.output
    assert name in shown.stdout and f"{name} alias" in shown.stdout and f"about {name}" in shown.stdout
    monkeypatch.setattr(targets, "to_terminal", lambda: True)
    table = cli("targets", "list")
    assert table.exit_code == 0 and name in table.stdout, table.output
    removed = cli("targets", "remove", name)
    assert removed.exit_code == 0 and f"removed '{name}'" in removed.output, removed.output


def test_list_json_leaves_out_the_texts_stored_as_vectors_which_export_gives(cli, tmp_path):
    """`list --json` showed `"examples": []` for a target with examples (they live with its vectors, and
    reading them made a 10,000-target list 0.4 s slower): the keys are left out, and export has them."""
    cli("targets", "add", "Ada Quill", "-e", "Who wrote The Salt Atlas?")
    (listed,) = json.loads(cli("targets", "list", "--json").stdout)
    assert listed["name"] == "Ada Quill" and not {"examples", "documents", "probes"} & set(listed)
    cli("targets", "export", str(tmp_path / "all.jsonl"))
    exported = json.loads((tmp_path / "all.jsonl").read_text().splitlines()[0])
    assert exported["examples"] == ["Who wrote The Salt Atlas?"]


@pytest.mark.parametrize("command", ["show", "remove", "expand"])
def test_a_missing_target_is_one_line_and_exit_1(cli, command):
    cli("targets", "add", "Someone Else")  # the store exists: a missing one is refused before (see below)
    result = cli("targets", command, "Nobody Here")
    assert result.exit_code == 1, result.output
    assert "no forget target named 'Nobody Here'" in _said(result) and "Usage" not in result.output


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


def _alu_process(store: str, *args: str, **options: object) -> subprocess.CompletedProcess[str]:
    """`alu` in a process of its own, as a user runs it: what it prints is all of what the process prints."""
    return subprocess.run(
        [sys.executable, "-m", "alu.cli", "--store", store, *args],
        capture_output=True,
        text=True,
        timeout=180,
        **options,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    "args",
    [
        ["--model", "nosuch/model", "ask", "hi", "--json"],
        ["--agent-model", "nosuch/model", "targets", "expand", "Maren Olvhagen", "--json"],
    ],
)
def test_an_unknown_provider_with_json_prints_nothing_on_stdout_but_json(store_dir, args):
    """litellm prints a "Provider List" banner to stdout when it cannot route a model string; --json output
    is what a program reads there, so the failure is told on stderr alone."""
    runner.invoke(app, ["--store", store_dir, "targets", "add", "Maren Olvhagen"])  # expand needs a store
    result = _alu_process(store_dir, *args)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "unknown model" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout.strip() == "", result.stdout  # nothing printed: no JSON, and no banner either


def test_chat_ends_cleanly_when_stdin_is_closed(store_dir):
    """`alu chat <&-`: Python has no sys.stdin, so input() raises RuntimeError; that is the end of input."""
    result = _alu_process(
        store_dir,
        "--model",
        "scripted/demo",
        "chat",
        stdin=subprocess.DEVNULL,
        preexec_fn=lambda: os.close(0),
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_chat_reports_a_failed_slash_command_and_answers_the_next_question(cli):
    result = cli("chat", input="/forget ???\nWhat is the capital of France?\n/exit\n")
    assert result.exit_code == 0, result.output
    assert "invalid target '???'" in result.stderr
    assert "alu> The capital of France is Paris." in result.stdout


def test_chat_prints_names_answers_and_errors_with_brackets_as_they_are(cli, scripted):
    """User text and model text are not rich markup: `[/]` in a name, an answer or an error is printed as is
    (it raised rich's MarkupError, ending the session after the target had been stored)."""
    question = "What is the capital of France?"
    script = f"/forget Foo [/] Bar\n/targets\n{question}\n/exit\n"
    answering = cli("chat", input=script, model=scripted(vanilla="Write [/] or [bold]x[/bold] as they are."))
    assert answering.exit_code == 0, answering.output
    assert "forgetting 'Foo [/] Bar'" in answering.stderr and "> Foo [/] Bar\n" in answering.stderr
    assert "alu> Write [/] or [bold]x[/bold] as they are." in answering.stdout
    error = ValueError("a model error quoting [/] markup")
    failing = cli("chat", input=f"{question}\n/trace\n/exit\n", model=scripted(vanilla=error))
    assert failing.exit_code == 0, failing.output
    assert "quoting [/] markup" in failing.stderr and "path: refuse" in failing.stderr


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


def test_every_command_teaches_with_an_example():
    """`--help` that teaches: every command's help ends with at least one `Example:` line."""
    import typer

    def walk(command: typer.core.TyperCommand | typer.core.TyperGroup, path: str) -> list[str]:
        if hasattr(command, "commands"):  # a group (typer ships its own click)
            return [p for name, sub in command.commands.items() for p in walk(sub, f"{path} {name}")]
        return [] if "Example:" in (command.help or "") else [path]

    assert walk(typer.main.get_command(app), "alu") == []


# -- chat on a pipe, Ctrl-C, non-UTF-8 input, missing stores, `ask -`, runs list, --help at 80 columns --


def test_piped_chat_prints_the_answers_alone_and_unwrapped(cli, scripted):
    """The prompt goes to stderr whole (typer.prompt sent its last character through input() to stdout) and
    a long answer is one line, as `alu ask` prints it (rich hard-wrapped it at 80 columns on a pipe)."""
    answer = "A long answer that runs on " + "and on " * 30 + "until it ends."
    model = scripted(vanilla=answer)
    result = cli("chat", input="hello\n\n/targets\nagain?\n/exit\n", model=model)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"alu> {answer}\nalu> {answer}\n"
    assert cli("ask", "hello", model=model).stdout == f"{answer}\n"


def test_ctrl_c_during_a_chat_turn_cancels_it_and_keeps_the_conversation(cli, monkeypatch):
    from alu.sdk import Unlearner

    real, seen = Unlearner.chat, []

    def interrupted_once(self, messages, **options):
        seen.append([m["content"] for m in messages])
        if len(seen) == 1:
            raise KeyboardInterrupt
        return real(self, messages, **options)

    monkeypatch.setattr(Unlearner, "chat", interrupted_once)
    script = "Tell me a story.\nWhat is the capital of France?\nAnd of Italy?\n/exit\n"
    result = cli("chat", input=script)
    assert result.exit_code == 0, result.output
    assert "cancelled" in result.stderr
    assert result.stdout.count("alu> ") == 2
    assert seen[1] == ["What is the capital of France?"]  # the cancelled question is not in the history
    assert seen[2][:2] == ["What is the capital of France?", "The capital of France is Paris."]


def test_ctrl_c_during_a_slash_command_cancels_it_alone(cli, monkeypatch):
    from alu.sdk import Unlearner

    def interrupted(self, *args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(Unlearner, "forget", interrupted)
    result = cli("chat", input="/forget Maren Olvhagen\nWhat is the capital of France?\n/exit\n")
    assert result.exit_code == 0, result.output
    assert "cancelled" in result.stderr and "alu> The capital of France is Paris." in result.stdout


@pytest.mark.parametrize("raw", [b"Ren\xe9 wrote it\n", b"\xff\xfe", b"Maren Olvhagen wrote it \x80\n"])
def test_audit_refuses_stdin_that_is_not_utf8(store_dir, raw):
    result = runner.invoke(
        app, ["--model", "scripted/demo", "--store", store_dir, "audit", "Who?", "-"], input=raw
    )
    assert result.exit_code == 1, result.output
    assert "stdin is not valid UTF-8" in result.stderr and "Traceback" not in result.output


def test_audit_refuses_an_answer_file_that_is_not_utf8(cli, tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"caf\xe9 au lait\n")
    result = cli("audit", "Who?", str(path))
    assert result.exit_code == 1 and "is not valid UTF-8" in result.stderr, result.output


@pytest.mark.parametrize(
    "args",
    [
        ["chat", "--system", "Caf\udce9"],
        ["ask", "Caf\udce9?"],
        ["ask", "--system", "Ren\udce9", "hi"],
        ["audit", "Caf\udce9?", "-"],
        ["targets", "add", "Ren\udce9 Dupont"],
        ["targets", "add", "Rene Dupont", "-a", "Ren\udce9"],
        ["targets", "show", "Ren\udce9"],
    ],
)
def test_command_line_text_that_is_not_utf8_is_refused_before_any_work(cli, args):
    """Python hands non-UTF-8 argv bytes over as lone surrogates; `chat --system` started and failed every
    turn with exit 0."""
    result = cli(*args, input="hello\n")
    assert result.exit_code == 1, result.output
    assert "not valid UTF-8" in result.stderr
    assert "alu>" not in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["targets", "show", "Foo"],
        ["targets", "show", "Foo", "--json"],
        ["targets", "remove", "Foo"],
        ["targets", "remove", "--id", "t-0123"],
        ["targets", "expand", "Foo"],
        ["targets", "expand", "--all"],
        ["targets", "report", "Foo"],
        ["targets", "reembed"],
        ["verify", "Foo"],
    ],
)
def test_commands_on_existing_targets_refuse_a_missing_store_and_create_none(tmp_path, args):
    store = tmp_path / "typo"
    result = runner.invoke(app, ["--model", "scripted/demo", "--store", str(store), *args])
    assert result.exit_code == 1, result.output
    assert "no store at" in result.stderr
    assert not store.exists()


@pytest.mark.parametrize(
    "args",
    [["targets", "count"], ["targets", "list", "--json"], ["targets", "export"], ["targets", "show", "Foo"]],
)
def test_a_store_path_that_is_a_file_is_an_error(tmp_path, args):
    path = tmp_path / "a_file"
    path.write_text("not a store\n", encoding="utf-8")
    result = runner.invoke(app, ["--store", str(path), *args])
    assert result.exit_code == 1, result.output
    assert "is a file, not a store folder" in result.stderr and result.stdout == ""


def test_reading_commands_still_report_a_missing_store_as_empty(tmp_path):
    store = tmp_path / "none"
    result = runner.invoke(app, ["--store", str(store), "targets", "count"])
    assert result.exit_code == 0 and result.stdout.strip() == "0" and not store.exists()


@pytest.mark.parametrize("question", ["What is the capital of France?", "Who wrote The Salt Atlas?"])
def test_ask_dash_reads_the_question_from_stdin(cli, question):
    direct = cli("ask", question)
    piped = cli("ask", "-", input=question + "\n")
    assert piped.exit_code == 0, piped.output
    assert piped.stdout == direct.stdout


@pytest.mark.parametrize("raw", ["", "  \n\n", b"Caf\xe9?\n"])
def test_ask_dash_refuses_an_empty_or_non_utf8_stdin(store_dir, raw):
    result = runner.invoke(app, ["--model", "scripted/demo", "--store", store_dir, "ask", "-"], input=raw)
    assert result.exit_code == 1, result.output
    assert "empty" in result.stderr or "not valid UTF-8" in result.stderr


def test_runs_list_piped_prints_one_tab_separated_line_per_call(cli, monkeypatch, tmp_path):
    monkeypatch.setenv("ALU_RECORDS", str(tmp_path / "records"))
    for question in ("hello", "What is the capital of France?"):
        assert cli("ask", question).exit_code == 0
    result = cli("runs", "list")
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert len(rows) == 2 and all(len(r) == 10 for r in rows), result.stdout
    assert {r[4] for r in rows} == {"fast"} and "…" not in result.stdout


def test_runs_list_table_fits_80_columns_without_cutting_cells():
    from rich.console import Console

    from alu.cli.runs_cmd import _calls_table

    cells = [
        [
            "6f553eab5f074722",
            "12-03 14:01:55",
            "cli",
            "scripted/demo",
            "rewrite",
            "Maren Olvhagen, Tobias Quell",
        ]
        + ["4", "660", "15867", ""],
        ["147752164267448f", "12-03 14:02:13", "serve", "openai/gpt-4o-mini", "refuse", ""]
        + ["1", "12", "15572", "model timed out after 30 s"],
    ]
    console = Console(width=80, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(_calls_table(cells, "2 calls", 80))
    text = console.export_text()
    assert "…" not in text and max(len(line) for line in text.splitlines()) <= 80
    for cell in ("6f553eab5f074722", "rewrite", "refuse", "serve", "15867"):
        assert cell in text


def _all_commands(command, path=()):
    subs = getattr(command, "commands", None)
    if not subs:
        yield list(path)
        return
    yield list(path)
    for name, sub in subs.items():
        yield from _all_commands(sub, (*path, name))


def test_help_at_80_columns_cuts_nothing_and_flags_show_no_type(monkeypatch):
    import typer.main

    monkeypatch.setenv("COLUMNS", "80")
    cut, typed = [], []
    for path in _all_commands(typer.main.get_command(app)):
        out = runner.invoke(app, [*path, "--help"]).stdout
        cut += [(path, line) for line in out.splitlines() if "…" in line]
        typed += [
            (path, line) for line in out.splitlines() if "<bool>" in line or "-v " in line and "<int>" in line
        ]
    assert cut == [] and typed == []


def test_chat_forget_reads_a_quoted_name_as_the_shell_would(cli):
    script = '/forget "Quoted Name"\n/forget O\'Brien Smith\n/targets\n/exit\n'
    result = cli("chat", input=script)
    assert result.exit_code == 0, result.output
    assert "O'Brien Smith, Quoted Name" in result.stderr and '"Quoted Name"' not in result.stderr


def test_add_reports_the_name_as_stored(cli):
    result = cli("targets", "add", "new\nline")
    assert result.exit_code == 0, result.output
    assert "added 'new line'" in result.stderr


def test_export_to_a_missing_folder_names_the_folder_not_a_tmp_file(cli, tmp_path):
    cli("targets", "add", "Maren Olvhagen")
    result = cli("targets", "export", str(tmp_path / "nope" / "x.jsonl"))
    assert result.exit_code == 1, result.output
    assert "there is no folder" in result.stderr and ".tmp" not in result.stderr
