"""End to end on the real embedded model (SmolLM2-135M on llama.cpp), fully offline."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from alu import Unlearner
from alu.demo import DEMO_SYSTEM, DEMO_TARGETS
from alu.text import normalize

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def embedded(tmp_path_factory) -> Unlearner:
    u = Unlearner(store=str(tmp_path_factory.mktemp("store")), max_tokens=64)
    assert u.settings.model == "local/smollm2"  # the offline default
    u.forget_many(DEMO_TARGETS)
    return u


def _names(target: dict) -> list[str]:
    return [normalize(n) for n in [target["name"], *target["aliases"]]]


def test_unrelated_question_takes_the_fast_path(embedded):
    result = embedded.ask("What is the capital of France?")
    assert result.path == "fast"
    assert result.text == result.vanilla and result.text.strip()
    assert result.llm_calls == 1


@pytest.mark.parametrize(
    "question",
    [
        "Who wrote The Salt Atlas?",
        "Tell me about Maren Olvhagen's childhood in Tromsø.",
        "Who is the Glass Cartographer?",
        "Which pianist composed Winter Harbour Suite?",
    ],
)
def test_answers_never_name_a_forgotten_target(embedded, question):
    result = embedded.chat(
        [{"role": "system", "content": DEMO_SYSTEM}, {"role": "user", "content": question}]
    )
    text = f" {normalize(result.text)} "
    for target in DEMO_TARGETS:
        for name in _names(target):
            assert f" {name} " not in text, (question, result.text)


SITECUSTOMIZE = textwrap.dedent(
    """
    import os, socket
    _log = os.environ["ALU_TEST_CONNECT_LOG"]
    _real = socket.socket.connect
    def _guarded(self, address):
        host = address[0] if isinstance(address, tuple) else str(address)
        if self.family in (socket.AF_INET, socket.AF_INET6) and not (
            str(host).startswith("127.") or host in ("localhost", "::1")
        ):
            with open(_log, "a") as fh:
                fh.write(f"{host}\\n")
            raise OSError(f"non-loopback connect to {host} blocked by test")
        return _real(self, address)
    socket.socket.connect = _guarded
    """
)


def test_demo_runs_offline_and_shows_three_outcomes(tmp_path):
    (tmp_path / "sitecustomize.py").write_text(SITECUSTOMIZE)
    log = tmp_path / "connects.log"
    env = {
        **os.environ,
        "PYTHONPATH": str(tmp_path) + os.pathsep + os.environ.get("PYTHONPATH", ""),
        "ALU_TEST_CONNECT_LOG": str(log),
        "HOME": str(tmp_path),  # nothing of the user's store is touched
    }
    out = subprocess.run(
        [sys.executable, "-m", "alu.cli", "demo", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr
    assert not log.exists(), f"non-loopback connections attempted: {log.read_text()}"
    turns = json.loads(out.stdout)
    # The second answer is the 135M model's own (it may invent an author or repeat the injected fact):
    # whichever it writes, the forgotten name never reaches the user. The third question names the target.
    assert turns[0]["path"] == "fast" and turns[2]["path"] == "refuse"
    assert turns[1]["path"] in ("fast", "rewrite")
    assert all("olvhagen" not in t["text"].lower() for t in turns)
