"""The embedded llama.cpp provider `local/…`, called through litellm like any hosted model."""

from __future__ import annotations

import asyncio
import importlib.util
import json

import pytest

from alu.local_model import LocalModelError, resolve_model_path
from alu.local_provider import register_local_provider

import litellm  # noqa: E402  isort: skip  (after alu sets its offline defaults)

MESSAGES = [{"role": "user", "content": "What is the capital of France?"}]


def integration(test):
    """Runs the real embedded model (keep max_tokens small)."""
    needs_llama = pytest.mark.skipif(
        importlib.util.find_spec("llama_cpp") is None, reason="llama-cpp-python is not installed"
    )
    return pytest.mark.integration(needs_llama(test))


@pytest.fixture(autouse=True)
def _provider():
    register_local_provider()


def test_registration_is_idempotent():
    register_local_provider()
    assert [p["provider"] for p in litellm.custom_provider_map].count("local") == 1
    assert litellm.get_llm_provider("local/smollm2")[1] == "local"


def test_model_names_resolve(tmp_path):
    assert resolve_model_path("smollm2").name == "SmolLM2-135M-Instruct.Q4_1.gguf"
    assert resolve_model_path("local/smollm2") == resolve_model_path("smollm2")
    gguf = tmp_path / "other.gguf"
    gguf.write_bytes(b"")
    assert resolve_model_path(str(gguf)) == gguf.resolve()
    with pytest.raises(LocalModelError, match="no GGUF file"):
        resolve_model_path(str(tmp_path / "missing.gguf"))
    with pytest.raises(LocalModelError, match=r"unknown local model 'gpt-5'.*local/smollm2"):
        resolve_model_path("gpt-5")


async def test_unknown_local_model_fails_clearly_and_is_not_retryable():
    with pytest.raises(litellm.BadRequestError, match="unknown local model 'nope'"):
        await litellm.acompletion(model="local/nope", messages=MESSAGES)


@integration
async def test_unreadable_gguf_fails_clearly(tmp_path):
    junk = tmp_path / "junk.gguf"
    junk.write_text("not a model")
    with pytest.raises(litellm.BadRequestError, match="cannot load the GGUF model"):
        await litellm.acompletion(model=f"local/{junk}", messages=MESSAGES)


@integration
async def test_acompletion_returns_text_and_usage():
    response = await litellm.acompletion(model="local/smollm2", messages=MESSAGES, max_tokens=16)
    assert response.choices[0].message.content.strip()
    assert response.model == "local/smollm2"
    assert response.usage.prompt_tokens > 0
    assert 0 < response.usage.completion_tokens <= 16


@integration
async def test_default_is_deterministic():
    first, second = [
        (await litellm.acompletion(model="local/smollm2", messages=MESSAGES, max_tokens=12))
        .choices[0]
        .message.content
        for _ in range(2)
    ]
    assert first == second


@integration
async def test_json_schema_enum_is_enforced():
    schema = {
        "type": "object",
        "properties": {"rating": {"type": "integer", "enum": [1, 2, 3, 4, 5]}},
        "required": ["rating"],
    }
    response = await litellm.acompletion(
        model="local/smollm2",
        messages=[{"role": "user", "content": "Rate the sentence 'The sky is green.' for truth, 1 to 5."}],
        max_tokens=32,
        response_format={"type": "json_schema", "json_schema": {"name": "rating", "schema": schema}},
    )
    assert json.loads(response.choices[0].message.content)["rating"] in {1, 2, 3, 4, 5}


@integration
async def test_stop_sequence_is_honoured():
    messages = [{"role": "user", "content": "Name three colours."}]
    full = await litellm.acompletion(model="local/smollm2", messages=messages, max_tokens=16)
    text = full.choices[0].message.content
    # greedy decoding gives the same answer again: stop it at its third word (its wording varies by CPU)
    assert len(text.split()) >= 3
    stop = " " + text.split()[2]
    stopped = await litellm.acompletion(model="local/smollm2", messages=messages, max_tokens=16, stop=[stop])
    assert stopped.choices[0].message.content == text.split(stop)[0]


@integration
async def test_concurrent_calls_share_one_model_safely():
    prompts = ["Name a fruit.", "Name a colour.", "Name an animal.", "Name a country."]

    def ask(prompt: str):
        return litellm.acompletion(
            model="local/smollm2", messages=[{"role": "user", "content": prompt}], max_tokens=12
        )

    responses = await asyncio.gather(*[ask(p) for p in prompts])
    alone = await ask(prompts[-1])
    assert all(r.choices[0].message.content.strip() for r in responses)
    assert responses[-1].choices[0].message.content == alone.choices[0].message.content


@integration
async def test_async_streaming():
    stream = await litellm.acompletion(model="local/smollm2", messages=MESSAGES, max_tokens=12, stream=True)
    text = "".join([chunk.choices[0].delta.content or "" async for chunk in stream])
    response = await litellm.acompletion(model="local/smollm2", messages=MESSAGES, max_tokens=12)
    assert text == response.choices[0].message.content


@integration
async def test_greedy_answer_ends_instead_of_looping_to_max_tokens():
    """At temperature 0 without llama.cpp's repeat penalty this question looped on one clause to the limit.
    (What it says depends on the CPU: 'The capital of France is Paris.' on a VNNI Xeon; on an AVX2 EPYC
    llama.cpp's batched prompt kernel leads SmolLM2 to 'La femme de France, le Grand Croix...'.)"""
    response = await litellm.acompletion(model="local/smollm2", messages=MESSAGES, max_tokens=256)
    assert response.choices[0].finish_reason == "stop"
    assert response.usage.completion_tokens < 128
    assert response.choices[0].message.content.strip()


@integration
def test_loading_the_model_prints_nothing_on_stderr():
    """llama.cpp's warning that alu's context is smaller than the model's training context printed on every
    `alu ask`; stderr (file descriptor 2, where llama.cpp writes) stays empty now."""
    import subprocess
    import sys

    code = (
        "from alu.local_model import load_model, resolve_model_path\n"
        "print(load_model(resolve_model_path('smollm2')).llama.n_ctx())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (done.stdout.strip(), done.stderr) == ("2048", "")


@integration
def test_the_model_computes_on_its_own_thread_whoever_calls(monkeypatch):
    """Calls from any thread run on the model's one thread, where nothing else runs (see LoadedModel)."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from alu import local_model

    loaded = local_model.load_model(resolve_model_path("smollm2"))
    ran_on: list[threading.Thread] = []
    real = loaded.llama.create_chat_completion

    def recorded(*args, **kwargs):
        ran_on.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(loaded.llama, "create_chat_completion", recorded)
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda _: local_model.complete("smollm2", MESSAGES, {"max_tokens": 4}), range(2)))
    list(local_model.stream("smollm2", MESSAGES, {"max_tokens": 4}))
    assert len(ran_on) == 3 and {t.name for t in ran_on} == {"alu-llama"} and len(set(ran_on)) == 1


@integration
def test_an_embedding_on_the_callers_thread_does_not_change_the_answer():
    """llama.cpp's AMX kernels set a thread's tile registers once; onnxruntime's int8 kernels (the embedder)
    set them otherwise. On an AMX Xeon, a call made on a thread where the embedder had run answered garbage
    ('opyrightopyright…'); the model's own thread keeps the answer the same."""
    from alu import local_model
    from alu.demo import DEMO_SYSTEM
    from alu.embeddings import MiniLMEmbedder

    def ask(question: str) -> str:
        # the demo's long system message, which llama.cpp prefills with its AMX kernels
        messages = [{"role": "system", "content": DEMO_SYSTEM}, {"role": "user", "content": question}]
        return local_model.complete("smollm2", messages, {"max_tokens": 24})["choices"][0]["message"][
            "content"
        ]

    # each question follows the other, so llama.cpp reuses the same cached prefix and prefills the same rest
    ask("What is the capital of France?")
    before = ask("Who wrote The Salt Atlas?")
    ask("What is the capital of France?")
    MiniLMEmbedder(threads=1).embed(["a text embedded on this very thread, as screening does"])
    assert ask("Who wrote The Salt Atlas?") == before and before.strip()
