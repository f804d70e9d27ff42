"""The distribution: every module and prompt is inside the wheel, under the `alu` namespace only."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return zipfile.ZipFile(next(out.glob("alu-*.whl")))


def test_wheel_contains_every_module_and_prompt(wheel):
    names = set(wheel.namelist())
    expected = set()
    for folder, package in [
        ("alu", "alu"),
        ("agents", "alu/agents"),
        ("prompts", "alu/prompts"),
        ("eval", "alu/eval"),
    ]:
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".txt") and "__pycache__" not in path.parts:
                expected.add(f"{package}/{path.relative_to(ROOT / folder).as_posix()}")
    assert expected, "no source files found"
    assert expected <= names, sorted(expected - names)


def test_nothing_lands_top_level_but_alu(wheel):
    tops = {name.split("/")[0] for name in wheel.namelist() if not name.split("/")[0].endswith(".dist-info")}
    assert tops == {"alu"}


def test_import_agents_does_not_import_this_project(tmp_path):
    probe = "import importlib.util as u; s = u.find_spec('agents'); print(s.origin if s else None)"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    assert str(ROOT) not in out.stdout


def test_prompts_render_without_leftover_placeholders():
    from alu.prompting import render

    fields = {"targets": "T", "query": "Q", "answer": "A", "candidates": "C", "k": "3"}
    for name in ("audit", "erase", "critic", "compose"):
        for message in render(name, **fields):
            assert "$" not in message["content"], (name, message["role"])


def test_wheel_ships_the_tokenizer_with_its_license(wheel):
    names = set(wheel.namelist())
    assert {"alu/minilm/tokenizer.json", "alu/minilm/LICENSE", "alu/minilm/NOTICE"} <= names
    assert b"Apache" in wheel.read("alu/minilm/NOTICE")
