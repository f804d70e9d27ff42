"""The README's "Adopting alu" snippets run as written, in order, offline.

Python blocks run in one namespace; the OpenAI client reaches a loopback stub through OPENAI_BASE_URL; the
YAML block is built into a guardrail the way the LiteLLM proxy builds it; the shell line runs in the CLI."""

from __future__ import annotations

import asyncio
import re
import shlex
from pathlib import Path

import adopt_helpers  # tests/ is on pytest's pythonpath
import litellm
import yaml
from openai.types.chat import ChatCompletion
from typer.testing import CliRunner

from alu.cli import app
from alu.text import normalize

ROOT = Path(__file__).parents[1]
NAMES = ["Maren Olvhagen", "the Glass Cartographer", "Olvhagen"]


def adopting_blocks() -> list[tuple[str, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Adopting alu\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```(\w+)\n(.*?)```", section, re.DOTALL)


def _forgotten(text: str) -> bool:
    norm = f" {normalize(text)} "
    return bool(text.strip()) and not any(f" {normalize(n)} " in norm for n in NAMES)


def test_the_section_shows_the_four_shapes():
    blocks = adopting_blocks()
    assert [lang for lang, _ in blocks] == ["python", "python", "yaml", "python", "bash"]
    code = "\n".join(body for _, body in blocks)
    for shape in ("alu.completion(", "alu.wrap(", "alu.guardrail.AluGuardrail", ".audit(", "alu audit"):
        assert shape in code


def test_the_yaml_snippet_matches_the_example_config():
    (readme_yaml,) = [body for lang, body in adopting_blocks() if lang == "yaml"]
    readme_entry = yaml.safe_load(readme_yaml)["guardrails"][0]
    example = yaml.safe_load((ROOT / "examples" / "litellm_config.yaml").read_text())["guardrails"][0]
    keys = ("guardrail", "mode", "default_on")
    assert readme_entry["guardrail_name"] == example["guardrail_name"]
    assert {k: readme_entry["litellm_params"][k] for k in keys} == {
        k: example["litellm_params"][k] for k in keys
    }


def test_the_snippets_run_offline_and_forget(monkeypatch, store_dir, capsys):
    helpers = adopt_helpers
    monkeypatch.setenv("ALU_STORE", store_dir)
    namespace: dict = {}
    with helpers.openai_stub(helpers.demo_reply) as stub:
        monkeypatch.setenv("OPENAI_BASE_URL", stub.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-readme")
        for n, (lang, body) in enumerate(adopting_blocks()):
            if lang == "python":
                exec(compile(body, f"README.md (Adopting alu, block {n + 1})", "exec"), namespace)
                printed = capsys.readouterr().out
                if n == 0:  # the completion call and the stream print audited text only
                    assert _forgotten(printed)
            elif lang == "yaml":
                _run_guardrail(helpers, body, store_dir)
            else:
                _run_shell(body, store_dir)

    # 1. litellm's shape
    r = namespace["r"]
    assert isinstance(r, litellm.ModelResponse) and _forgotten(r.choices[0].message.content)
    assert r._hidden_params["alu"].leaked == ["Maren Olvhagen"]
    # 2. the OpenAI client: the model and the agents answered at the client's endpoint, with its key
    reply = namespace["reply"]
    assert isinstance(reply, ChatCompletion) and _forgotten(reply.choices[0].message.content)
    assert stub.requests and {q["headers"]["authorization"] for q in stub.requests} == {"Bearer sk-readme"}
    # 4. check only
    v = namespace["v"]
    assert v.leaked == ["Maren Olvhagen"] and _forgotten(v.text)


def _run_guardrail(helpers, body: str, store_dir: str) -> None:
    entry = yaml.safe_load(body)["guardrails"][0]
    guardrail = helpers.build_guardrail(
        entry,
        str(ROOT / "examples" / "litellm_config.yaml"),
        alu_store=store_dir,
        alu_agent_model="scripted/demo",
    )
    answer = litellm.ModelResponse(
        choices=[{"index": 0, "message": {"role": "assistant", "content": "Maren Olvhagen wrote it."}}]
    )
    data = {"messages": [{"role": "user", "content": "Who wrote The Salt Atlas?"}], "metadata": {}}
    out = asyncio.run(
        guardrail.async_post_call_success_hook(data=data, user_api_key_dict=None, response=answer)
    )
    assert _forgotten(out.choices[0].message.content)


def _run_shell(body: str, store_dir: str) -> None:
    (line,) = [ln for ln in body.splitlines() if ln.strip()]
    words = shlex.split(line, comments=True)
    left, right = words[: words.index("|")], words[words.index("|") + 1 :]
    assert left[0] == "echo" and right[0] == "alu"
    result = CliRunner().invoke(app, ["--store", store_dir, *right[1:]], input=" ".join(left[1:]) + "\n")
    assert result.exit_code == 0, result.output
    assert _forgotten(result.stdout)
    assert "reveals Maren Olvhagen" in result.stderr
