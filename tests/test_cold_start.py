"""Cold start: the embedded model is called without litellm (whose import costs seconds), with the same
options, retries and error words as a litellm model."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from alu import local_model
from alu.errors import ModelError
from alu.llm import LLMClient

MESSAGES = [{"role": "user", "content": "What is the capital of France?"}]


def _python(code: str, timeout: float) -> subprocess.CompletedProcess[str]:
    """Run `code` in a new Python process (nothing loaded yet), capturing its output as text."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout)


def _llama_reply(text: str, finish: str = "stop") -> dict:
    return {
        "choices": [{"message": {"role": "assistant", "content": text}, "finish_reason": finish}],
        "usage": {"prompt_tokens": 11, "completion_tokens": 3, "total_tokens": 14},
    }


async def test_the_embedded_model_gets_the_openai_options_and_reports_usage(monkeypatch):
    seen: list[tuple[str, dict]] = []

    def complete(model, messages, params):
        seen.append((model, params))
        return _llama_reply("Paris.", "length")

    monkeypatch.setattr(local_model, "complete", complete)
    reply = await LLMClient(temperature=0.3).call(
        model="local/smollm2", messages=MESSAGES, role="vanilla", max_tokens=7, extra={"stop": ["\n"]}
    )
    assert (reply.text, reply.finish_reason, reply.prompt_tokens, reply.completion_tokens) == (
        "Paris.",
        "length",
        11,
        3,
    )
    assert seen == [("smollm2", {"temperature": 0.3, "max_tokens": 7, "stop": ["\n"]})]


@pytest.mark.parametrize(
    "error",
    [
        local_model.LocalModelError("unknown local model 'nope'"),
        local_model.LocalContextError("Requested tokens (3000) exceed context window of 2048"),
    ],
)
async def test_a_model_that_cannot_serve_the_request_fails_once_with_the_reason(monkeypatch, error):
    calls = []

    def complete(model, messages, params):
        calls.append(model)
        raise error

    monkeypatch.setattr(local_model, "complete", complete)
    with pytest.raises(ModelError, match=f"vanilla: local/nope rejected the request: .*{str(error)[:12]}"):
        await LLMClient(retries=3).call(model="local/nope", messages=MESSAGES, role="vanilla", max_tokens=8)
    assert len(calls) == 1


async def test_empty_output_is_retried_then_reported(monkeypatch):
    replies = iter([_llama_reply("  "), _llama_reply("Paris.")])
    monkeypatch.setattr(local_model, "complete", lambda *a: next(replies))
    reply = await LLMClient(retries=2).call(model="local/m", messages=MESSAGES, role="auditor", max_tokens=8)
    assert (reply.text, reply.attempts) == ("Paris.", 2)
    monkeypatch.setattr(local_model, "complete", lambda *a: _llama_reply(""))
    with pytest.raises(ModelError, match="auditor: local/m gave unusable output after 2 attempts"):
        await LLMClient(retries=2).call(model="local/m", messages=MESSAGES, role="auditor", max_tokens=8)


STUBBED_LOCAL_MODEL = (
    "import sys\n"
    "from alu import Unlearner, local_model\n"
    "local_model.complete = lambda model, messages, params: {'choices': [{'message': "
    "{'content': 'Paris is the capital of France.'}, 'finish_reason': 'stop'}], 'usage': {}}\n"
)
"""A child process's preamble: the embedded model answers 'Paris is the capital of France.' without
loading."""


def test_asking_the_embedded_model_never_imports_litellm(store_dir):
    code = (
        STUBBED_LOCAL_MODEL + f"u = Unlearner(store={store_dir!r}, model='local/smollm2')\n"
        "u.forget('Maren Olvhagen', description='A cartographer. She drew the salt roads of Finnmark.')\n"
        "result = u.ask('What is the capital of France?')\n"
        "print(result.path, result.text)\n"
        "print('litellm' in sys.modules)\n"
    )
    done = _python(code, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["fast Paris is the capital of France.", "False"]


def test_a_current_local_store_answers_without_chromadb_until_a_write(store_dir):
    from alu import Unlearner

    built = Unlearner(store=store_dir, judges="deterministic")
    built.forget("Maren Olvhagen", description="A cartographer. She drew the salt roads of Finnmark.")
    assert built.audit("Who drew them?", "Maren Olvhagen did.").leaked == ["Maren Olvhagen"]  # saves indexes
    code = (
        STUBBED_LOCAL_MODEL
        + f"u = Unlearner(store={store_dir!r}, model='local/smollm2', judges='deterministic')\n"
        "print(u.ask('What is the capital of France?').path, u.count(), [t.name for t in u.targets()])\n"
        "print(u.audit('Who drew them?', 'Maren Olvhagen did.').leaked, 'chromadb' in sys.modules)\n"
        "try:\n    u.withdraw('Nobody Stored')\nexcept Exception as exc:\n"
        "    print(type(exc).__name__, 'chromadb' in sys.modules)\n"
        "u.forget('Cyd Marrow')\n"
        "print(u.audit('Who?', 'Cyd Marrow did.').leaked, 'chromadb' in sys.modules)\n"
    )
    done = _python(code, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "fast 1 ['Maren Olvhagen']",
        "['Maren Olvhagen'] False",
        "TargetNotFoundError False",  # a name not stored is refused before the write lock and Chroma
        "['Cyd Marrow'] True",  # the first write opened Chroma's client
    ]


def test_the_cli_writes_with_chromadb_loaded_in_its_own_way_and_a_library_host_keeps_its_own(store_dir):
    run = [sys.executable, "-m", "alu.cli", "--store", store_dir, "targets"]
    for args, said in ((["add", "Maren Olvhagen"], "added"), (["remove", "Maren Olvhagen"], "removed")):
        done = subprocess.run([*run, *args], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0 and done.stderr.startswith(said), done.stderr
    code = (
        "import overrides\n"
        "original = overrides.override\n"
        "from alu.store import ForgetStore\n"
        f"store = ForgetStore({store_dir!r})\n"
        "store.add(['Maren Olvhagen'])\n"
        "print(store.count(), overrides.override is original)\n"
    )
    done = _python(code, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1", "True"]


def test_preload_loads_each_embedded_model_once_in_the_background(monkeypatch):
    pytest.importorskip("llama_cpp")
    loaded = []
    monkeypatch.setattr(local_model, "load_model", loaded.append)
    thread = local_model.preload("local/smollm2", "local/smollm2", "openai/gpt-4o-mini")
    assert thread is not None
    thread.join(timeout=30)
    assert loaded == [local_model.resolve_model_path("smollm2")]


def test_preload_leaves_models_it_cannot_load_to_the_call(monkeypatch):
    monkeypatch.setattr(local_model, "load_model", lambda path: pytest.fail("nothing to load"))
    assert local_model.preload("openai/gpt-4o-mini", "scripted/demo", "local/nope") is None


def test_counting_and_listing_a_local_store_load_neither_chromadb_nor_the_store(store_dir):
    from alu import Unlearner

    Unlearner(store=store_dir).forget("Maren Olvhagen", aliases=["the Glass Cartographer"], tags=["t"])
    code = (
        "import sys\n"
        "from alu.cli import app\n"
        "try:\n"
        "    app()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in ('chromadb', 'alu.store', 'numpy') if m in sys.modules), file=sys.stderr)\n"
    )
    listed = subprocess.run(
        [sys.executable, "-c", code, "--store", store_dir, "targets", "list", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert listed.returncode == 0, listed.stderr
    assert listed.stderr.strip() == "[]"
    rows = json.loads(listed.stdout)
    assert [(r["name"], r["aliases"], r["tags"]) for r in rows] == [
        ("Maren Olvhagen", ["the Glass Cartographer"], ["t"])
    ]
    assert rows[0]["id"].startswith("t-")


class _Ctx:
    """The part of a typer context make_unlearner reads."""

    def __init__(self, store: str) -> None:
        from alu.cli.common import Globals

        self.obj = Globals(store=store)

    def find_root(self) -> _Ctx:
        return self


@pytest.mark.parametrize("embedding", [True, False])
def test_commands_that_embed_load_the_embedder_in_the_background(monkeypatch, store_dir, embedding):
    import threading

    from alu import embeddings
    from alu.cli.common import make_unlearner

    calls: list[tuple[list, str]] = []
    done = threading.Event()
    embedder = embeddings.get_embedder()
    real = embedder.embed

    def embed(texts):
        if not texts:
            calls.append((texts, threading.current_thread().name))
            done.set()
        return real(texts)

    monkeypatch.setitem(
        vars(embedder), "embed", embed
    )  # undone by deleting it: the class's embed shows again
    u = make_unlearner(_Ctx(store_dir), embedding=embedding)
    assert u.settings.store == store_dir
    if embedding:
        assert done.wait(timeout=60)
    assert calls == ([([], "alu-warm-embedder")] if embedding else [])


@pytest.mark.parametrize(
    ("code", "status", "said"), [(None, 0, ""), (3, 3, ""), ("bad store", 1, "bad store")]
)
def test_the_program_ends_after_running_the_exit_handlers_with_sys_exit_s_status(code, status, said):
    script = (
        "import atexit, sys\n"
        "from alu.cli.app import end_process\n"
        "atexit.register(lambda: print('flushed by a handler', end=''))\n"
        "print('answer')\n"
        f"end_process({code!r})\n"
        "print('not reached')\n"
    )
    done = _python(script, timeout=120)
    ended = (done.returncode, done.stdout, done.stderr.strip())
    assert ended == (status, "answer\nflushed by a handler", said)


@pytest.mark.parametrize(
    ("argv", "environ", "dotenv", "model"),
    [
        (["ask", "Who?"], {}, False, "local/smollm2"),
        (["--store", "s", "-v", "--model", "local/m.gguf", "chat"], {}, True, "local/m.gguf"),
        (["--model=openai/gpt-4o-mini", "demo"], {"ALU_MODEL": "local/x"}, False, "openai/gpt-4o-mini"),
        (["ask", "Who?"], {"alu_model": "local/y"}, True, "local/y"),  # read in any case, before .env
        (["ask", "Who?"], {"alu_model": "a", "ALU_MODEL": "b"}, False, None),  # which one wins: settings say
        (["ask", "Who?"], {}, True, None),  # a .env file may name another model
        (["targets", "add", "Ada"], {}, False, None),
        (["--help"], {}, False, None),
        (["--model"], {}, False, None),
        (["--unknown-option", "ask"], {}, False, None),
    ],
)
def test_the_program_knows_the_answering_model_before_the_settings_only_when_certain(
    tmp_path, argv, environ, dotenv, model
):
    from alu.program import answering_model

    if dotenv:
        (tmp_path / ".env").write_text("ALU_MODEL=local/other\n", encoding="utf-8")
    assert answering_model(argv, environ, tmp_path / ".env") == model


def test_the_program_starts_loading_the_embedded_model_before_importing_the_command_line(tmp_path):
    script = (
        "import sys\n"
        "from alu import local_model\n"
        "local_model.preload = lambda *models: print(models, 'typer' in sys.modules) or sys.exit(0)\n"
        "from alu.program import main\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "--store", str(tmp_path / "store"), "ask", "Who?"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={k: v for k, v in os.environ.items() if k.lower() != "alu_model"},
    )
    assert (done.returncode, done.stdout.strip()) == (0, "('local/smollm2',) False"), done.stderr


@pytest.mark.parametrize(
    "args", [["--version"], ["--store", "/nonexistent/never-opened", "-v", "--version", "ask"]]
)
def test_the_version_is_printed_before_the_command_line_is_imported(args):
    """`alu --version` (among the root's options, as its eager option reads it) answers from the package's
    version alone: typer, rich and the settings are not imported, no store is opened."""
    from alu import __version__

    code = (
        "import sys\n"
        "from alu.program import main\n"
        f"sys.argv = ['alu', *{args!r}]\n"
        "main()\n"
        "print(sorted(m for m in ('typer', 'rich', 'alu.cli', 'pydantic') if m in sys.modules))\n"
    )
    done = _python(code, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"alu {__version__}", "[]"]


def test_an_option_the_program_does_not_know_leaves_the_version_to_the_command_line():
    done = subprocess.run(
        [sys.executable, "-m", "alu", "--no-such-option", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "No such option" in done.stderr and not done.stdout


def test_reading_where_no_store_exists_creates_none(tmp_path):
    """`targets count|list|export` on a mistyped --store said 0 and created an empty store there (and wrote
    chroma.sqlite3 into any folder): a read reports that there is no store and writes nothing."""
    from typer.testing import CliRunner

    from alu.cli import app

    missing, foreign = tmp_path / "typo" / "deep", tmp_path / "photos"
    foreign.mkdir()
    for store in (missing, foreign):
        for args, out in ((["targets", "count"], "0"), (["targets", "list", "--json"], "[]")):
            result = CliRunner().invoke(app, ["--store", str(store), *args])
            assert result.exit_code == 0 and result.stdout.strip() == out, result.output
            assert "no store at" in result.stderr
    assert not missing.parent.exists() and list(foreign.iterdir()) == []
