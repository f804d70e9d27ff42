"""Per-call model and completion options, and audit-only calls (answers produced elsewhere)."""

from __future__ import annotations

import pytest

from alu import ConfigError
from alu.scripted import script_calls

SNAPE = {"name": "Severus Snape", "aliases": ["the Half-Blood Prince"], "description": "Potions master."}
SAFE = "I'm not familiar with who taught potions there."


def _calls(model: str):
    return script_calls(model.split("/", 1)[1])


def test_per_call_model_answers_and_options_reach_it(scripted, unlearner):
    default = scripted(vanilla="from the default model")
    other = scripted(vanilla="from the other model")
    u = unlearner(default)
    result = u.ask("What is the capital of France?", model=other, max_tokens=7, stop=["\n"], stream=True)
    assert result.text == "from the other model"
    assert _calls(default) == []
    (call,) = _calls(other)
    assert call.role == "vanilla"
    assert call.params.get("max_tokens") == 7
    assert call.params.get("stop") == ["\n"]
    assert "stream" not in call.params or not call.params["stream"]


def test_per_call_unknown_model_is_a_config_error(scripted, unlearner):
    u = unlearner(scripted(vanilla="x"))
    with pytest.raises(ConfigError, match="unknown model"):
        u.ask("Hello?", model="no-such-provider/x")


def test_audit_of_an_unrelated_answer_makes_no_model_call(scripted, unlearner):
    model = scripted(vanilla="never called")
    u = unlearner(model)
    u.forget(**SNAPE)
    result = u.audit("What is the capital of France?", "Paris is the capital of France.")
    assert result.path == "fast"
    assert result.text == "Paris is the capital of France."
    assert result.llm_calls == 0
    assert _calls(model) == []


def test_audit_of_a_leaking_answer_names_the_target_and_rewrites(scripted, unlearner):
    model = scripted(
        eraser={"candidates": [SAFE] * 5},
        critic={"ratings": [{"index": i, "rating": 5} for i in range(1, 6)]},
        composer=SAFE,
    )
    u = unlearner(model)
    u.forget(**SNAPE)
    leaky = "Severus Snape taught potions at Hogwarts."
    result = u.audit("Who taught potions?", leaky)
    assert result.leaked == ["Severus Snape"]
    assert result.path in ("rewrite", "refuse")
    assert "snape" not in result.text.lower()
    assert "vanilla" not in [c.role for c in _calls(model)]


async def test_audit_takes_a_conversation(scripted, unlearner):
    u = unlearner(scripted())
    u.forget(**SNAPE)
    messages = [
        {"role": "user", "content": "Tell me about the Half-Blood Prince."},
        {"role": "assistant", "content": "I'm not sure."},
        {"role": "user", "content": "And his first name?"},
    ]
    result = await u.aaudit(messages, "Severus.")
    assert "Severus Snape" in result.candidates
    assert result.text != "Severus."
