"""The drop-in shapes: alu.completion / acompletion, alu.wrap(OpenAI client) and `alu audit`.

Scripted models only; the OpenAI client talks HTTP to a loopback stub (tests/adopt_helpers.py)."""

from __future__ import annotations

import adopt_helpers  # tests/ is on pytest's pythonpath
import litellm
import openai
import pytest
from openai.types.chat import ChatCompletion, ChatCompletionChunk
from typer.testing import CliRunner

import alu
from alu.adopt import completion as completion_module
from alu.adopt.completion import default_unlearner
from alu.cli import app
from alu.scripted import Cut, script_calls
from alu.text import normalize

openai_stub, demo_reply = adopt_helpers.openai_stub, adopt_helpers.demo_reply

SNAPE = {
    "name": "Severus Snape",
    "aliases": ["the Half-Blood Prince"],
    "description": "Potions master at Hogwarts in the Harry Potter novels.",
}
LEAKY = "Severus Snape, also called the Half-Blood Prince, taught potions at Hogwarts."
SAFE = "I'm not familiar with who taught potions there."
UNRELATED = "  Paris is the capital of France.\n(exact bytes kept) "
OLVHAGEN = ["Maren Olvhagen", "M. Olvhagen", "the Glass Cartographer"]


def _roles(model: str) -> list[str]:
    return [c.role for c in script_calls(model.split("/", 1)[1])]


def _forgotten(text: str, names: list[str]) -> bool:
    norm = f" {normalize(text)} "
    return not any(f" {normalize(n)} " in norm for n in names)


def _snape_free(text: str) -> bool:
    return _forgotten(text, [SNAPE["name"], *SNAPE["aliases"], "Snape"])


@pytest.fixture
def leaky_model(scripted):
    return scripted(
        vanilla=LEAKY,
        eraser={"candidates": [SAFE] * 5},
        critic={"ratings": [{"index": i, "rating": 5} for i in range(1, 6)]},
        composer=SAFE,
    )


@pytest.fixture
def snape_unlearner(unlearner, leaky_model):
    u = unlearner(leaky_model)
    u.forget(**SNAPE)
    return u


def _ask(text: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": text}]


# -- alu.completion / alu.acompletion -----------------------------------------------------------------
def test_unrelated_request_passes_through_unchanged_with_one_call(scripted, unlearner):
    model = scripted(vanilla=UNRELATED)
    u = unlearner(model)
    u.forget(**SNAPE)
    response = alu.completion(model=model, messages=_ask("What is the capital of France?"), unlearner=u)
    assert isinstance(response, litellm.ModelResponse)
    assert response.choices[0].message.content == UNRELATED
    assert response.choices[0].message.role == "assistant"
    assert response.model == model
    assert _roles(model) == ["vanilla"]
    result = response._hidden_params["alu"]
    assert result.path == "fast"
    assert response.usage.prompt_tokens == result.prompt_tokens > 0
    assert response.usage.total_tokens == result.prompt_tokens + result.completion_tokens


def test_leaking_answer_is_forgotten_and_usage_sums_every_call(snape_unlearner, leaky_model):
    response = alu.completion(
        model=leaky_model, messages=_ask("Who taught potions at Hogwarts?"), unlearner=snape_unlearner
    )
    text = response.choices[0].message.content
    assert text == SAFE and _snape_free(text)
    result = response._hidden_params["alu"]
    assert result.path == "rewrite" and result.leaked == ["Severus Snape"]
    assert {"vanilla", "eraser", "critic"} <= set(_roles(leaky_model))
    vanilla_tokens = next(t.prompt_tokens for t in result.trace if t.node == "vanilla")
    assert response.usage.prompt_tokens == result.prompt_tokens > vanilla_tokens


def test_completion_options_reach_the_model_call(scripted, unlearner):
    model = scripted(vanilla="Paris.")
    alu.completion(
        model=model, messages=_ask("Capital of France?"), unlearner=unlearner(model), max_tokens=7, stop=["X"]
    )
    params = script_calls(model.split("/", 1)[1])[0].params
    assert params["max_tokens"] == 7 and params["stop"] == ["X"]


def test_stream_yields_chunks_only_after_the_audit(snape_unlearner, leaky_model):
    stream = alu.completion(
        model=leaky_model,
        messages=_ask("Who taught potions at Hogwarts?"),
        unlearner=snape_unlearner,
        stream=True,
        stream_options={"include_usage": True},
    )
    calls_before_first_chunk = list(_roles(leaky_model))
    chunks = list(stream)
    assert _roles(leaky_model) == calls_before_first_chunk  # every agent ran before a chunk existed
    assert {"eraser", "critic"} <= set(calls_before_first_chunk)
    assert all(isinstance(c, litellm.ModelResponseStream) for c in chunks)
    texts = [c.choices[0].delta.content or "" for c in chunks if c.choices]
    assert "".join(texts) == SAFE
    assert all(_snape_free(t) for t in texts)
    assert chunks[-1].choices == [] and chunks[-1].usage.prompt_tokens == stream.result.prompt_tokens
    rebuilt = litellm.stream_chunk_builder(chunks)
    assert rebuilt.choices[0].message.content == SAFE


async def test_acompletion_and_its_stream(snape_unlearner, leaky_model):
    response = await alu.acompletion(
        model=leaky_model, messages=_ask("Who is the Half-Blood Prince?"), unlearner=snape_unlearner
    )
    assert isinstance(response, litellm.ModelResponse)
    assert _snape_free(response.choices[0].message.content)
    stream = await alu.acompletion(
        model=leaky_model, messages=_ask("Who taught potions?"), unlearner=snape_unlearner, stream=True
    )
    chunks = [c async for c in stream]
    assert all(isinstance(c, litellm.ModelResponseStream) for c in chunks)
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == stream.result.text
    assert _snape_free(stream.result.text)


def test_unrelated_stream_spells_out_the_model_text_exactly(scripted, unlearner):
    model = scripted(vanilla=UNRELATED)
    stream = alu.completion(
        model=model, messages=_ask("Capital of France?"), unlearner=unlearner(model), stream=True
    )
    assert "".join(c.choices[0].delta.content or "" for c in stream) == UNRELATED
    assert _roles(model) == ["vanilla"]


def test_finish_reason_length_passes_through_only_for_the_models_own_answer(scripted, unlearner):
    cut = scripted(vanilla=Cut("Paris is the capital and largest city of"))
    u = unlearner(cut)
    response = alu.completion(model=cut, messages=_ask("Capital of France?"), unlearner=u, max_tokens=8)
    assert response.choices[0].finish_reason == "length"  # the caller may ask the model to continue
    stream = alu.completion(model=cut, messages=_ask("Capital of France?"), unlearner=u, stream=True)
    assert [c.choices[0].finish_reason for c in stream if c.choices][-1] == "length"
    leaky_cut = scripted(
        vanilla=Cut(LEAKY), eraser={"candidates": [SAFE] * 5}, critic={"ratings": [{"index": 1, "rating": 5}]}
    )
    v = unlearner(leaky_cut, k=1, j=1)
    v.forget(**SNAPE)
    rewritten = alu.completion(model=leaky_cut, messages=_ask("Who taught potions?"), unlearner=v)
    assert rewritten.choices[0].message.content == SAFE
    assert rewritten.choices[0].finish_reason == "stop"  # alu's rewrite is complete


def test_text_content_parts_are_accepted(scripted, unlearner):
    model = scripted(vanilla="Paris.")
    messages = [
        {
            "role": "user",
            "content": [{"type": "text", "text": "Capital of"}, {"type": "text", "text": "France?"}],
        }
    ]
    response = alu.completion(model=model, messages=messages, unlearner=unlearner(model))
    assert response.choices[0].message.content == "Paris."
    # joined by newlines, as `alu serve` and the SDK join them: two parts' words never run together
    assert script_calls(model.split("/", 1)[1])[0].last_user == "Capital of\nFrance?"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"tools": [{"type": "function", "function": {"name": "f"}}]}, "tool calls"),
        ({"n": 2}, "n must be 1"),
        (
            {"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "x"}}]}]},
            "text",
        ),
    ],
)
def test_calls_alu_cannot_audit_are_refused_before_any_model_call(scripted, unlearner, extra, message):
    model = scripted(vanilla="Paris.")
    kwargs = {"model": model, "messages": _ask("Capital of France?"), "unlearner": unlearner(model), **extra}
    with pytest.raises(ValueError, match=message):
        alu.completion(**kwargs)
    assert _roles(model) == []


def test_default_unlearner_comes_from_alu_settings_and_is_cached(monkeypatch, store_dir, leaky_model):
    monkeypatch.setenv("ALU_STORE", store_dir)
    u = default_unlearner(leaky_model)
    assert u is default_unlearner(leaky_model)
    assert u.settings.store == store_dir and u.settings.model == leaky_model
    u.forget(**SNAPE)
    response = alu.completion(model=leaky_model, messages=_ask("Who taught potions at Hogwarts?"))
    assert response._hidden_params["alu"].leaked == ["Severus Snape"]
    assert _snape_free(response.choices[0].message.content)


def test_default_unlearners_are_bounded(monkeypatch, store_dir, scripted):
    monkeypatch.setenv("ALU_STORE", store_dir)
    monkeypatch.setattr(completion_module, "MAX_DEFAULTS", 2)
    first, second, third = (scripted() for _ in range(3))
    kept = default_unlearner(first)
    default_unlearner(second)
    assert default_unlearner(first) is kept  # used again: now the most recent
    default_unlearner(third)  # evicts `second`, the least recently used
    assert default_unlearner(first) is kept
    assert len(completion_module._DEFAULTS) == 2


def test_api_base_and_key_reach_every_call_including_the_agents(monkeypatch, store_dir):
    """An endpoint given with the call is the only place alu's calls go, agents included, with that key."""
    monkeypatch.setenv("ALU_STORE", store_dir)
    monkeypatch.setenv("ALU_JUDGES", "llm")
    alu.Unlearner(store=store_dir).forget_many([{"name": OLVHAGEN[0], "aliases": OLVHAGEN[1:]}])
    with openai_stub(demo_reply) as stub:
        response = alu.completion(
            model="openai/stub-model",
            messages=_ask("Who wrote The Salt Atlas?"),
            api_base=stub.base_url,
            api_key="sk-call-key",
        )
    result = response._hidden_params["alu"]
    assert result.path == "rewrite" and _forgotten(response.choices[0].message.content, OLVHAGEN)
    assert len(stub.requests) == result.llm_calls >= 3  # vanilla + eraser + critic at least, all at the stub
    assert {r["headers"]["authorization"] for r in stub.requests} == {"Bearer sk-call-key"}
    assert {r["body"]["model"] for r in stub.requests} == {"stub-model"}
    assert response.model == "openai/stub-model"
    assert all("sk-call-key" not in (t.model or "") for t in result.trace)


def test_user_and_max_completion_tokens_reach_the_endpoint_as_given(monkeypatch, store_dir):
    """litellm hands a custom provider no `user` and turns `max_completion_tokens` into `max_tokens`; the
    bound provider behind `api_base=` passes both on as the caller gave them."""
    monkeypatch.setenv("ALU_STORE", store_dir)
    with openai_stub(demo_reply) as stub:
        alu.completion(
            model="openai/gpt-4o",  # a model litellm knows takes `user` (it drops it for unknown ones)
            messages=_ask("What is 2 + 2?"),
            api_base=stub.base_url,
            api_key="sk-call-key",
            user="end-user-7",
            max_completion_tokens=40,
        )
    body = stub.requests[0]["body"]
    assert body["user"] == "end-user-7" and body["max_completion_tokens"] == 40 and "max_tokens" not in body


# -- alu.wrap(openai client) --------------------------------------------------------------------------
@pytest.fixture
def demo_unlearner(unlearner):
    u = unlearner("scripted/demo")
    u.forget("Maren Olvhagen", aliases=OLVHAGEN[1:])
    return u


def test_wrapped_client_forgets_and_returns_openai_objects(demo_unlearner):
    with openai_stub(demo_reply) as stub:
        client = alu.wrap(
            openai.OpenAI(base_url=stub.base_url, api_key="sk-client"), unlearner=demo_unlearner
        )
        completion = client.chat.completions.create(
            model="gpt-test", messages=[{"role": "user", "content": "Who wrote The Salt Atlas?"}]
        )
    assert isinstance(completion, ChatCompletion)
    assert completion.model == "gpt-test"
    assert _forgotten(completion.choices[0].message.content, OLVHAGEN)
    assert completion._hidden_params["alu"].leaked == ["Maren Olvhagen"]
    assert completion.usage.total_tokens > 0
    # the client's model answered, over HTTP, with the client's key; the unlearner's agents judged
    (request,) = stub.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["headers"]["authorization"] == "Bearer sk-client"
    assert request["body"]["model"] == "gpt-test"


def test_wrapped_client_passes_unrelated_requests_through_with_one_call(demo_unlearner):
    with openai_stub(lambda body: UNRELATED) as stub:
        client = alu.wrap(openai.OpenAI(base_url=stub.base_url, api_key="sk"), unlearner=demo_unlearner)
        completion = client.chat.completions.create(
            model="gpt-test",
            messages=[{"role": "user", "content": "What is the capital of France?"}],
            max_tokens=9,
            stop=["XYZ"],
        )
        stream = client.chat.completions.create(
            model="gpt-test",
            messages=[{"role": "user", "content": "What is the capital of France?"}],
            stream=True,
            temperature=openai.NOT_GIVEN,
        )
        with stream:
            chunks = list(stream)
    assert completion.choices[0].message.content == UNRELATED
    assert len(stub.requests) == 2  # one model call per request
    assert stub.requests[0]["body"]["max_tokens"] == 9 and stub.requests[0]["body"]["stop"] == ["XYZ"]
    assert all(isinstance(c, ChatCompletionChunk) for c in chunks)
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == UNRELATED
    # NOT_GIVEN is dropped, and alu imposes no sampling option of its own on the wrapped model
    assert "temperature" not in stub.requests[1]["body"] and "max_tokens" not in stub.requests[1]["body"]


def test_wrapped_client_stream_of_a_leak_is_forgotten(demo_unlearner):
    with openai_stub(demo_reply) as stub:
        client = alu.wrap(openai.OpenAI(base_url=stub.base_url, api_key="sk"), unlearner=demo_unlearner)
        stream = client.chat.completions.create(
            model="gpt-test",
            messages=[{"role": "user", "content": "Who wrote The Salt Atlas?"}],
            stream=True,
            stream_options={"include_usage": True},
        )
    chunks = list(stream)
    texts = [c.choices[0].delta.content or "" for c in chunks if c.choices]
    assert texts and all(_forgotten(t, OLVHAGEN) for t in texts)
    assert "".join(texts) == stream.result.text
    assert chunks[-1].usage is not None and chunks[-1].choices == []


async def test_wrapped_async_client(demo_unlearner):
    with openai_stub(demo_reply) as stub:
        client = alu.wrap(openai.AsyncOpenAI(base_url=stub.base_url, api_key="sk"), unlearner=demo_unlearner)
        completion = await client.chat.completions.create(
            model="gpt-test", messages=[{"role": "user", "content": "Who wrote The Salt Atlas?"}]
        )
        stream = await client.chat.completions.create(
            model="gpt-test",
            messages=[{"role": "user", "content": "What is the capital of France?"}],
            stream=True,
        )
        async with stream:
            chunks = [c async for c in stream]
    assert isinstance(completion, ChatCompletion)
    assert _forgotten(completion.choices[0].message.content, OLVHAGEN)
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == "The capital of France is Paris."


def test_wrapped_client_without_unlearner_judges_at_the_clients_endpoint(monkeypatch, store_dir):
    monkeypatch.setenv("ALU_STORE", store_dir)
    monkeypatch.setenv("ALU_JUDGES", "llm")
    alu.Unlearner(store=store_dir).forget_many([{"name": OLVHAGEN[0], "aliases": OLVHAGEN[1:]}])
    with openai_stub(demo_reply) as stub:
        client = alu.wrap(openai.OpenAI(base_url=stub.base_url, api_key="sk-only-this"))
        completion = client.chat.completions.create(
            model="gpt-test", messages=[{"role": "user", "content": "Who wrote The Salt Atlas?"}]
        )
    result = completion._hidden_params["alu"]
    assert result.path == "rewrite" and _forgotten(completion.choices[0].message.content, OLVHAGEN)
    assert len(stub.requests) == result.llm_calls >= 3
    assert {r["headers"]["authorization"] for r in stub.requests} == {"Bearer sk-only-this"}


def test_other_client_attributes_pass_through_and_copies_stay_wrapped(demo_unlearner):
    raw = openai.OpenAI(base_url="http://127.0.0.1:9/v1", api_key="sk")
    client = alu.wrap(raw, unlearner=demo_unlearner)
    assert client.models is raw.models and client.api_key == "sk"
    assert client.chat.completions.list == raw.chat.completions.list  # stored-completion management
    for bypass in ("parse", "stream", "with_raw_response"):
        with pytest.raises(NotImplementedError, match="would bypass the audit"):
            getattr(client.chat.completions, bypass)
    copy = client.with_options(timeout=5)
    assert (
        type(copy) is type(client)
        and copy.chat.completions.create.__func__ is client.chat.completions.create.__func__
    )


def test_wrap_rejects_what_it_cannot_map():
    with pytest.raises(ValueError, match="Azure"):
        alu.wrap(
            openai.AzureOpenAI(api_key="k", api_version="2024-06-01", azure_endpoint="http://127.0.0.1:9")
        )
    with pytest.raises(ValueError, match="openai.OpenAI"):
        alu.wrap(object())


# -- a failure raises, as the replaced call would -------------------------------------------------------
def _rejected_key(call):
    raise litellm.AuthenticationError(message="invalid api key", llm_provider="scripted", model=call.model)


def _rate_limited(call):
    raise litellm.RateLimitError(message="slow down", llm_provider="scripted", model=call.model)


async def test_a_failed_model_raises_its_own_exception_streaming_or_not(scripted, unlearner):
    model = scripted(vanilla=_rejected_key)
    u = unlearner(model)
    ask = _ask("What is the capital of France?")
    with pytest.raises(litellm.AuthenticationError, match="invalid api key") as raised:
        alu.completion(model=model, messages=ask, unlearner=u)
    assert any("alu: vanilla" in note for note in raised.value.__notes__)  # which of alu's calls failed
    with pytest.raises(litellm.AuthenticationError):
        alu.completion(model=model, messages=ask, unlearner=u, stream=True)
    with pytest.raises(litellm.AuthenticationError):
        await alu.acompletion(model=model, messages=ask, unlearner=u)
    with pytest.raises(litellm.AuthenticationError):
        await alu.acompletion(model=model, messages=ask, unlearner=u, stream=True)


def test_a_failed_agent_raises_instead_of_returning_alus_refusal(scripted, unlearner):
    leaky = scripted(vanilla=LEAKY, eraser=_rate_limited, critic=_rate_limited)
    u = unlearner(leaky, retries=1)
    u.forget(**SNAPE)
    ask = _ask("Who taught potions at Hogwarts?")
    with pytest.raises(litellm.RateLimitError):  # what a caller's own retry logic already catches
        alu.completion(model=leaky, messages=ask, unlearner=u)
    junk = scripted(vanilla=LEAKY, eraser="not JSON", critic="not JSON")
    v = unlearner(junk, retries=1)
    v.forget(**SNAPE)
    with pytest.raises(alu.ModelError, match="unusable output"):  # no provider exception behind it
        alu.completion(model=junk, messages=ask, unlearner=v)
    with pytest.raises(litellm.RateLimitError):  # fail_policy 'raise' raises the same
        alu.completion(model=leaky, messages=ask, unlearner=unlearner(leaky, retries=1, fail_policy="raise"))


def test_fail_policy_vanilla_passes_the_models_answer_on_and_logs_it(scripted, unlearner, caplog):
    leaky = scripted(vanilla=LEAKY, eraser=_rate_limited, critic=_rate_limited)
    u = unlearner(leaky, retries=1, fail_policy="vanilla")
    u.forget(**SNAPE)
    response = alu.completion(model=leaky, messages=_ask("Who taught potions at Hogwarts?"), unlearner=u)
    assert response.choices[0].message.content == LEAKY  # fail open, as configured
    assert response._hidden_params["alu"].error
    assert any(r.levelname == "ERROR" and "could not audit" in r.getMessage() for r in caplog.records)


async def test_wrapped_client_raises_the_clients_own_error(demo_unlearner):
    ask = {"model": "gpt-test", "messages": [{"role": "user", "content": "What is the capital of France?"}]}
    with openai_stub(lambda body: "Incorrect API key provided", status=401) as stub:
        client = alu.wrap(openai.OpenAI(base_url=stub.base_url, api_key="sk-bad"), unlearner=demo_unlearner)
        with pytest.raises(openai.AuthenticationError, match="Incorrect API key"):
            client.chat.completions.create(**ask)
        with pytest.raises(openai.AuthenticationError, match="Incorrect API key"):
            client.chat.completions.create(**ask, stream=True)
        aclient = alu.wrap(
            openai.AsyncOpenAI(base_url=stub.base_url, api_key="sk-bad"), unlearner=demo_unlearner
        )
        with pytest.raises(openai.AuthenticationError, match="Incorrect API key"):
            await aclient.chat.completions.create(**ask)


# -- alu audit ------------------------------------------------------------------------------------------
runner = CliRunner()


@pytest.fixture
def audit_cli(store_dir):
    def run(*args: str, input: str | None = None):
        return runner.invoke(app, ["--model", "scripted/demo", "--store", store_dir, *args], input=input)

    run("targets", "add", OLVHAGEN[0], "--alias", OLVHAGEN[1], "--alias", OLVHAGEN[2])
    return run


def test_audit_reads_stdin_names_the_target_and_prints_alus_answer(audit_cli):
    answer = (
        "The Salt Atlas was written by Maren Olvhagen. It follows a mapmaker charting the coast of Finnmark."
    )
    result = audit_cli("audit", "Who wrote The Salt Atlas?", "-", input=answer)
    assert result.exit_code == 0, result.output
    assert _forgotten(result.stdout, OLVHAGEN) and result.stdout.strip()
    assert "reveals Maren Olvhagen" in result.stderr


def test_audit_json_from_a_file_makes_no_answering_call(audit_cli, tmp_path):
    path = tmp_path / "answer.txt"
    path.write_text("Water boils at 100 degrees Celsius at sea level.", encoding="utf-8")
    result = audit_cli("audit", "When does water boil?", str(path), "--json")
    assert result.exit_code == 0, result.output
    parsed = alu.Result.model_validate_json(result.stdout)
    assert parsed.path == "fast" and parsed.leaked == [] and parsed.llm_calls == 0
    assert parsed.text == "Water boils at 100 degrees Celsius at sea level."


def test_audit_missing_answer_file_is_one_clear_line(audit_cli):
    result = audit_cli("audit", "Who?", "no-such-file.txt")
    assert result.exit_code == 1
    assert "not found" in result.stderr and "Traceback" not in result.output
