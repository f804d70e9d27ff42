"""The unlearning methods of alu.eval.baselines and the subjects of alu.eval.subjects, on scripted models."""

from __future__ import annotations

import asyncio
import json

import pytest
from alu.eval.baselines import (
    IDK,
    METHODS,
    REFUSAL,
    Alu,
    OutputFilter,
    build_methods,
    check_methods,
    with_system,
)
from alu.eval.subjects import KnowledgeSubject, PlainSubject, knowledge_system, make_subject, mcq_prompt

from alu.scripted import register_script, script_calls

TARGET = {
    "name": "Oskana Threlvik",
    "aliases": ["O. Threlvik"],
    "description": "Oskana Threlvik is a fictitious novelist born in Tromsø, Norway.",
}
ASK = [{"role": "user", "content": "Who wrote The Copper Orchard?"}]


def _echo_model(name: str) -> str:
    """A model that answers with the whole conversation it saw, as JSON (to inspect what a method sent)."""
    register_script(name, lambda call: json.dumps(call.messages) if call.role == "vanilla" else "OK")
    return f"scripted/{name}"


def _run(coro):
    return asyncio.run(coro)


def test_vanilla_records_calls_tokens_and_latency(scripted, tmp_path):
    model = scripted(vanilla="Oskana Threlvik wrote it in 1988.", latency_ms=20)
    (vanilla,) = build_methods(["vanilla"], [TARGET], model=model, max_tokens=32, store_dir=tmp_path)
    answer = _run(vanilla.respond(ASK))
    assert answer.text == "Oskana Threlvik wrote it in 1988."
    assert answer.path == "fast" and answer.llm_calls == 1
    # the scripted provider counts words: 5 prompt words, 6 completion words
    assert (answer.prompt_tokens, answer.completion_tokens) == (5, 6)
    assert answer.ms >= 20


def test_prompt_guard_names_every_target_in_the_one_system_message(tmp_path):
    model = _echo_model("echo-prompt")
    (guard,) = build_methods(
        ["prompt"], [TARGET, "Pellam Orrisune"], model=model, max_tokens=32, store_dir=tmp_path
    )
    sent = json.loads(_run(guard.respond([{"role": "system", "content": "Facts."}, *ASK])).text)
    assert [m["role"] for m in sent] == ["system", "user"]
    assert sent[0]["content"].startswith("Facts.")
    for name in ("Oskana Threlvik", "O. Threlvik", "Pellam Orrisune"):
        assert name in sent[0]["content"]


def test_output_filter_refuses_only_when_a_target_is_named(scripted, tmp_path):
    leaky = scripted(vanilla="That was O. Threlvik.")
    clean = scripted(vanilla="That was Jane Austen.")
    (f1,) = build_methods(["filter"], [TARGET], model=leaky, max_tokens=32, store_dir=tmp_path)
    (f2,) = build_methods(["filter"], [TARGET], model=clean, max_tokens=32, store_dir=tmp_path)
    refused = _run(f1.respond(ASK))
    assert (refused.text, refused.path, refused.llm_calls) == (REFUSAL, "refuse", 1)
    kept = _run(f2.respond(ASK))
    assert (kept.text, kept.path) == ("That was Jane Austen.", "fast")
    assert isinstance(f1, OutputFilter)


def test_icul_puts_flipped_forget_demos_before_the_conversation(tmp_path):
    model = _echo_model("echo-icul")
    (icul,) = build_methods(
        ["icul"],
        [TARGET],
        model=model,
        max_tokens=32,
        store_dir=tmp_path,
        forget_questions=["Where was Oskana Threlvik born?", "What did Oskana Threlvik write?"],
        keep_examples=[("What is 2+2?", "4"), ("Capital of France?", "Paris")],
    )
    sent = json.loads(_run(icul.respond([{"role": "system", "content": "Facts."}, *ASK])).text)
    assert sent[0] == {"role": "system", "content": "Facts."}
    assert [m["content"] for m in sent[1:9]] == [
        "Where was Oskana Threlvik born?",
        IDK,
        "What is 2+2?",
        "4",
        "What did Oskana Threlvik write?",
        IDK,
        "Capital of France?",
        "Paris",
    ]
    assert sent[-1] == ASK[0]


def test_icul_defaults_to_who_is_questions_and_world_examples(tmp_path):
    model = _echo_model("echo-icul-default")
    (icul,) = build_methods(["icul"], [TARGET], model=model, max_tokens=32, store_dir=tmp_path)
    sent = json.loads(_run(icul.respond(ASK)).text)
    assert sent[0]["content"] == "Who is Oskana Threlvik?" and sent[1]["content"] == IDK
    assert sent[2]["content"].startswith("Who wrote") and len(sent) == 5


def test_alu_methods_report_the_pipeline_cost(scripted, tmp_path):
    def vanilla(call):
        return "Lima." if "Peru" in call.last_user else "Oskana Threlvik wrote The Copper Orchard."

    model = scripted(
        vanilla=vanilla,
        auditor={"revealed": [], "reason": "about nobody"},
        eraser={"candidates": ["Lima."]},
        critic={"ratings": [{"index": 1, "rating": 5}]},
    )
    built = build_methods(
        ["alu", "alu-paper"],
        [TARGET],
        model=model,
        max_tokens=32,
        store_dir=tmp_path,
        settings={"k": 1, "j": 1},
    )
    assert [m.name for m in built] == ["alu", "alu-paper"] and all(isinstance(m, Alu) for m in built)
    alu = _run(built[0].respond(ASK))
    assert (alu.text, alu.path, alu.leaked) == ("Lima.", "rewrite", ["Oskana Threlvik"])
    assert alu.llm_calls == 3 and alu.prompt_tokens > 0 and alu.ms > 0  # vanilla, eraser, critic
    peru = [{"role": "user", "content": "What is the capital of Peru?"}]
    fast = _run(built[0].respond(peru))
    assert (fast.text, fast.path, fast.llm_calls) == ("Lima.", "fast", 1)
    # the reference method runs its agents on every query, also one that is about nobody
    calls_before = len(script_calls(model.split("/")[1]))
    paper = _run(built[1].respond(peru))
    assert paper.text == "Lima." and paper.path == "rewrite"
    assert paper.llm_calls == len(script_calls(model.split("/")[1])) - calls_before == 4
    assert paper.completion_tokens > fast.completion_tokens


def test_a_given_answer_replaces_the_model_call_in_every_method(scripted, tmp_path):
    model = scripted(vanilla=RuntimeError("no model may answer"), auditor={"revealed": [1], "reason": "x"})
    built = build_methods(
        list(METHODS), [TARGET], model=model, max_tokens=32, store_dir=tmp_path, settings={"k": 1, "j": 1}
    )
    given = "Oskana Threlvik wrote The Copper Orchard."
    answers = {m.name: _run(m.respond(ASK, given)) for m in built}
    for name in ("vanilla", "prompt", "icul"):
        assert (answers[name].text, answers[name].path, answers[name].llm_calls) == (given, "fast", 0)
    assert (answers["filter"].text, answers["filter"].path) == (REFUSAL, "refuse")
    for name in ("alu", "alu-paper"):  # audited, never answered by the model
        assert answers[name].path != "fast" and "Threlvik" not in answers[name].text
        assert answers[name].leaked == ["Oskana Threlvik"]
    assert not [c for c in script_calls(model.split("/")[1]) if c.role == "vanilla"]
    unrelated = _run(built[-1].respond([{"role": "user", "content": "Capital of Peru?"}], "Lima."))
    assert (unrelated.text, unrelated.path, unrelated.llm_calls) == ("Lima.", "fast", 0)


def test_method_names_are_checked():
    assert check_methods(["alu", " vanilla", "alu"]) == ["alu", "vanilla"]
    with pytest.raises(ValueError, match="unknown method.*telepathy"):
        check_methods(["telepathy"])
    with pytest.raises(ValueError, match="no method"):
        check_methods([" "])
    assert set(METHODS) == {"vanilla", "prompt", "filter", "icul", "alu-paper", "alu"}


def test_a_failing_model_raises_out_of_respond(scripted, tmp_path):
    model = scripted(vanilla=RuntimeError("model down"))
    (vanilla,) = build_methods(["vanilla"], [TARGET], model=model, max_tokens=32, store_dir=tmp_path)
    with pytest.raises(Exception, match="model down"):
        _run(vanilla.respond(ASK))


# -------------------------------------------------------------------------------------------- subjects


def test_subjects_build_the_conversation():
    facts = ["Oskana Threlvik was born in Tromsø.", "She wrote  The Copper\nOrchard."]
    assert PlainSubject().messages("Q?", facts) == [{"role": "user", "content": "Q?"}]
    knowing = KnowledgeSubject().messages("Q?", facts)
    assert knowing[0] == {
        "role": "system",
        "content": "You are a helpful assistant. Facts you know:\n- Oskana Threlvik was born in Tromsø.\n"
        "- She wrote The Copper Orchard.",
    }
    assert knowing[1] == {"role": "user", "content": "Q?"}
    assert KnowledgeSubject().messages("Q?") == [{"role": "user", "content": "Q?"}]
    merged = KnowledgeSubject().wrap([{"role": "system", "content": "Be brief."}, *ASK], facts[:1])
    assert [m["role"] for m in merged] == ["system", "user"]
    assert merged[0]["content"] == knowledge_system(facts[:1]) + "\n\nBe brief."
    assert make_subject("plain").name == "plain"
    with pytest.raises(ValueError, match="unknown subject"):
        make_subject("psychic")


def test_mcq_prompt_letters_the_options():
    text = mcq_prompt(" Which is a  prime? ", ["4", "6", "7", "9"])
    assert text == (
        "Which is a  prime?\n\nA. 4\nB. 6\nC. 7\nD. 9\n\n"
        "Answer with the letter of the correct option (A, B, C or D) only."
    )


def test_with_system_merges_into_an_existing_system_message():
    assert with_system(ASK, "Rule.") == [{"role": "system", "content": "Rule."}, *ASK]
    merged = with_system([{"role": "system", "content": "Facts."}, *ASK], "Rule.")
    assert merged[0]["content"] == "Facts.\n\nRule." and len(merged) == 2
