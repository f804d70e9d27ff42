"""What reaches a client besides the audited answer text, through `alu serve`, `alu.completion` /
`alu.wrap` and the LiteLLM guardrail: `top_logprobs` alternatives and top-level provider fields (citations,
search results) are audited or dropped; in JSON mode alu's refusal is in `message.refusal`, never prose in
`content`; a request the model rejects as sent is the client's 400, not a 502; every option OpenAI defines
is forwarded or refused. Innocent answers keep every field."""

from __future__ import annotations

import copy
import json
from typing import Any

import adopt_helpers  # tests/ is on pytest's pythonpath
import litellm
import pytest
from fastapi.testclient import TestClient
from openai.types.chat.completion_create_params import CompletionCreateParamsBase
from pydantic import BaseModel

import alu
import alu.llm
from alu import openai_shapes
from alu.demo import DEMO_TARGETS, demo_script
from alu.guardrail import AluGuardrail
from alu.scripted import register_script, role_script, script_calls
from alu.server import ServerConfig, create_app
from alu.server.schemas import FORWARDED, ChatCompletionRequest

TARGETS = [
    *DEMO_TARGETS,
    {"name": "Angela Merkel", "description": "German politician, Chancellor of Germany from 2005 to 2021."},
]
LOOPBACK = "http://127.0.0.1"
NAMES = ("Olvhagen", "Glass Cartographer", "Quell", "Lanternfish", "Merkel")
JSON_ANSWERS = {
    "salt atlas": {"author": "Maren Olvhagen", "year": 1994},
    "chancellor": {"chancellor": "Angela Merkel"},
    "capital of france": {"capital": "Paris"},
}
JSON_OBJECT = {"type": "json_object"}
JSON_SCHEMA = {
    "type": "json_schema",
    "json_schema": {
        "name": "a",
        "schema": {"type": "object", "properties": {"capital": {"type": "string"}}, "required": ["capital"]},
    },
}


class Capital(BaseModel):
    capital: str


def _json_answer(call: Any) -> str:
    if call.role != "vanilla":
        return demo_script(call)
    question = call.last_user.lower()
    return json.dumps(next(a for k, a in JSON_ANSWERS.items() if k in question))


register_script("fields-json", _json_answer)


@pytest.fixture(scope="module")
def guardrail(tmp_path_factory) -> AluGuardrail:
    g = AluGuardrail(
        guardrail_name="alu",
        event_hook="post_call",
        default_on=True,
        alu_store=str(tmp_path_factory.mktemp("store")),
        alu_model="scripted/demo",
        alu_judges="deterministic",
    )
    g.unlearner.forget_many(TARGETS)
    return g


@pytest.fixture(scope="module")
def u(guardrail) -> alu.Unlearner:
    return guardrail.unlearner


@pytest.fixture(scope="module")
def http(u) -> TestClient:
    return TestClient(create_app(u, ServerConfig(allow_models=["scripted/fields-json"])), base_url=LOOPBACK)


def _named(value: Any) -> list[str]:
    text = " ".join(adopt_helpers.strings_in(value)).replace("_", " ")
    return [n for n in NAMES if n in text]


def _dump(value: Any) -> str:
    return json.dumps(value.model_dump() if hasattr(value, "model_dump") else value, sort_keys=True)


def _request(question: str, **options: Any) -> dict[str, Any]:
    return {"model": "m", "messages": [{"role": "user", "content": question}], "metadata": {}, **options}


def _response(content: str, top: dict[str, Any] | None = None, **choice: Any) -> litellm.ModelResponse:
    choices = [
        {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop", **choice}
    ]
    return litellm.ModelResponse(
        id="x", created=1, model="m", object="chat.completion", choices=choices, **(top or {})
    )


def _chunks(text: str, top: dict[str, Any] | None = None) -> list[Any]:
    """A stream of `text` word by word, each chunk with the top-level fields `top`."""
    words = text.split(" ")
    deltas = [{"role": "assistant", "content": words[0]}] + [{"content": " " + w} for w in words[1:]]
    chunks = [
        litellm.ModelResponseStream(
            id="s",
            created=1,
            model="m",
            object="chat.completion.chunk",
            choices=[{"index": 0, "delta": d, "finish_reason": None}],
            **(top or {}),
        )
        for d in deltas
    ]
    return [
        *chunks,
        litellm.ModelResponseStream(choices=[{"index": 0, "delta": {}, "finish_reason": "stop"}]),
    ]


async def _streamed(guardrail: AluGuardrail, chunks: list[Any], request: dict[str, Any]) -> list[Any]:
    async def stream():
        for c in chunks:
            yield c

    return [c async for c in guardrail.async_post_call_streaming_iterator_hook(None, stream(), request)]


def _logprobs(pairs: list[tuple[str, list[str]]]) -> dict[str, Any]:
    """OpenAI logprobs: each chosen token first among its top_logprobs, then its alternatives."""

    def entry(token: str, logprob: float) -> dict[str, Any]:
        return {"token": token, "logprob": logprob, "bytes": list(token.encode())}

    content = [
        {**entry(t, -0.1), "top_logprobs": [entry(t, -0.1), *(entry(a, -2.0) for a in alternatives)]}
        for t, alternatives in pairs
    ]
    return {"content": content, "refusal": None}


# -- top_logprobs ------------------------------------------------------------------------------------------

ALTERNATIVES = {  # an answer that passes, and alternatives that spell a target (one token, or across ranks)
    "family name": ("Recommend a book.", [("Dune", ["Olvhagen"]), (".", [])]),
    "given name chosen": ("Name a pianist.", [("Tobias", []), (" Evans", [" Quell"]), (".", [])]),
    "alias across positions": (
        "Who drew old maps?",
        [("Many", ["The"]), (" cartographers", [" Glass"]), (" did", [" Cartographer"]), (".", [])],
    ),
    "whole name one token": ("Tell me a fact.", [("Water", [" Maren Olvhagen"]), (" is", []), (" wet", [])]),
}
NOTHING_IN_PLAY = [
    (
        "At what temperature does water boil?",
        [("100", ["212"]), (" degrees", []), (" Celsius", [" Fahrenheit"])],
    ),
    ("Name a physicist.", [("Albert", ["Isaac"]), (" Einstein", [" Newton"]), (".", [])]),
]


@pytest.mark.parametrize("case", sorted(ALTERNATIVES))
async def test_alternatives_that_spell_a_target_are_dropped(guardrail, case):
    question, pairs = ALTERNATIVES[case]
    text = "".join(t for t, _ in pairs)
    out = await guardrail.async_post_call_success_hook(
        _request(question), None, _response(text, logprobs=_logprobs(pairs))
    )
    assert out.choices[0].message.content == text and out.choices[0].logprobs is None
    assert _named(out) == []


@pytest.mark.parametrize("case", sorted(ALTERNATIVES))
async def test_streamed_alternatives_that_spell_a_target_are_dropped(guardrail, case):
    question, pairs = ALTERNATIVES[case]
    chunks = [
        litellm.ModelResponseStream(
            choices=[{"index": 0, "delta": {"content": t}, "logprobs": _logprobs([p])}]
        )
        for p in pairs
        for t in [p[0]]
    ]
    out = await _streamed(guardrail, chunks, _request(question))
    assert "".join(c.choices[0].delta.content or "" for c in out) == "".join(t for t, _ in pairs)
    assert _named(out) == [] and all(getattr(c.choices[0], "logprobs", None) is None for c in out)


@pytest.mark.parametrize("question, pairs", NOTHING_IN_PLAY)
async def test_logprobs_stay_when_nothing_is_in_play(guardrail, question, pairs):
    answer = _response("".join(t for t, _ in pairs), logprobs=_logprobs(pairs))
    out = await guardrail.async_post_call_success_hook(_request(question), None, copy.deepcopy(answer))
    assert _dump(out) == _dump(answer)


async def test_logprobs_go_when_the_exchange_puts_a_target_in_play(guardrail):
    pairs = [("Olaf", ["Helmut"]), (" Scholz", [" Kohl"]), (".", [])]
    assert (await guardrail.unlearner.aaudit("Who led Germany after 2005?", "Olaf Scholz.")).candidates
    out = await guardrail.async_post_call_success_hook(
        _request("Who led Germany after 2005?"), None, _response("Olaf Scholz.", logprobs=_logprobs(pairs))
    )
    assert out.choices[0].message.content == "Olaf Scholz." and out.choices[0].logprobs is None


# -- top-level provider fields ------------------------------------------------------------------------------

REVEALING_FIELDS = {
    "citation url": {"citations": ["https://en.wikipedia.org/wiki/Angela_Merkel"]},
    "search result title": {"search_results": [{"title": "Toby Quell", "url": "https://x.org/a"}]},
    "related question": {"related_questions": ["Who is the Glass Cartographer?"]},
    "image origin": {
        "images": [{"image_url": "https://i.org/1.png", "origin_url": "https://n.org/Project_Lanternfish"}]
    },
    "nested trace": {"trace": {"guardrail": {"note": "mentions Maren Olvhagen"}}},
}
SAFE = "Water boils at 100 degrees Celsius at sea level."
INNOCENT_FIELDS = {
    "citations": ["https://en.wikipedia.org/wiki/Boiling_point"],
    "search_results": [{"title": "Boiling point", "url": "https://en.wikipedia.org/wiki/Boiling_point"}],
}


@pytest.mark.parametrize("case", sorted(REVEALING_FIELDS))
async def test_top_level_fields_that_reveal_a_target_are_dropped(guardrail, case):
    out = await guardrail.async_post_call_success_hook(
        _request("Tell me a fact."), None, _response(SAFE, REVEALING_FIELDS[case])
    )
    assert out.choices[0].message.content == SAFE and _named(out) == []
    streamed = await _streamed(guardrail, _chunks(SAFE, REVEALING_FIELDS[case]), _request("Tell me a fact."))
    assert "".join(c.choices[0].delta.content or "" for c in streamed if c.choices) == SAFE
    assert _named(streamed) == []


@pytest.mark.parametrize("stream", [False, True])
async def test_top_level_fields_of_a_rewritten_answer_are_dropped(guardrail, stream):
    request = _request("Who wrote The Salt Atlas?")
    leak = "Maren Olvhagen wrote The Salt Atlas."
    if stream:
        out: Any = await _streamed(guardrail, _chunks(leak, INNOCENT_FIELDS), request)
        assert not any(getattr(c, "citations", None) or getattr(c, "search_results", None) for c in out)
    else:
        out = await guardrail.async_post_call_success_hook(request, None, _response(leak, INNOCENT_FIELDS))
        assert not getattr(out, "citations", None) and not getattr(out, "search_results", None)
    assert _named(out) == []


async def test_anthropic_top_level_fields_are_audited(guardrail):
    message = {
        "id": "m",
        "type": "message",
        "role": "assistant",
        "model": "claude",
        "content": [{"type": "text", "text": SAFE}],
        "stop_reason": "end_turn",
        "usage": {"input_tokens": 1, "output_tokens": 1},
    }
    leaking = {**copy.deepcopy(message), "search_results": [{"title": "Toby Quell"}]}
    out = await guardrail.async_post_call_success_hook(_request("Tell me a fact."), None, leaking)
    assert _named(out) == [] and out["content"] == message["content"]
    innocent = {**copy.deepcopy(message), "search_results": [{"title": "Boiling point"}]}
    out = await guardrail.async_post_call_success_hook(
        _request("Tell me a fact."), None, copy.deepcopy(innocent)
    )
    assert out == innocent


async def test_innocent_top_level_fields_pass_untouched(guardrail):
    answer = _response(SAFE, INNOCENT_FIELDS)
    out = await guardrail.async_post_call_success_hook(
        _request("Tell me a fact."), None, copy.deepcopy(answer)
    )
    assert _dump(out) == _dump(answer)
    chunks = _chunks(SAFE, INNOCENT_FIELDS)
    streamed = await _streamed(guardrail, copy.deepcopy(chunks), _request("Tell me a fact."))
    assert [_dump(c) for c in streamed] == [_dump(c) for c in chunks]


# -- JSON mode ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, path, shape, field",
    [
        ("I'm sorry.", "refuse", JSON_OBJECT, "refusal"),
        ('{"a": 1}', "refuse", JSON_OBJECT, "refusal"),  # a refusal is one, whatever its text
        ("Someone wrote it.", "rewrite", JSON_OBJECT, "refusal"),
        ('{"author": null}', "rewrite", JSON_OBJECT, "content"),
        ('["a list"]', "rewrite", JSON_OBJECT, "refusal"),
        ('{"town": "Oslo"}', "rewrite", JSON_SCHEMA, "refusal"),  # valid JSON, not the schema's
        ('{"capital": "Oslo"}', "rewrite", JSON_SCHEMA, "content"),
        ('{"capital": "Oslo"}', "rewrite", Capital, "content"),  # litellm takes a pydantic model too
        ('{"town": "Oslo"}', "rewrite", Capital, "refusal"),
        ("I'm sorry.", "refuse", Capital, "refusal"),
        ("not json", "fast", JSON_OBJECT, "content"),  # the model's own answer, as it wrote it
        ("I'm sorry.", "refuse", None, "content"),
        ("I'm sorry.", "refuse", {"type": "text"}, "content"),
    ],
)
def test_json_mode_puts_alu_text_that_is_not_the_json_asked_in_the_refusal(text, path, shape, field):
    fields = openai_shapes.answer_fields(text, path, shape)
    assert fields[field] == text
    assert fields["content"] is (None if field == "refusal" else text)


def _sse_text(body: str) -> tuple[str, str]:
    deltas = [
        c["delta"]
        for line in body.splitlines()
        if line.startswith("data: {")
        for c in json.loads(line[6:])["choices"]
    ]
    return "".join(d.get("content") or "" for d in deltas), "".join(d.get("refusal") or "" for d in deltas)


@pytest.mark.parametrize("shape", [JSON_OBJECT, JSON_SCHEMA], ids=["json_object", "json_schema"])
@pytest.mark.parametrize(
    "question", ["Who wrote The Salt Atlas? JSON.", "Who was the chancellor in 2010? JSON."]
)
def test_json_mode_refusals_are_never_prose_in_content(u, http, guardrail, shape, question):
    messages = [{"role": "user", "content": question}]
    body = {"model": "scripted/fields-json", "messages": messages, "response_format": shape}
    served = http.post("/v1/chat/completions", json=body).json()["choices"][0]["message"]
    content, refusal = _sse_text(http.post("/v1/chat/completions", json={**body, "stream": True}).text)
    wrapped = alu.completion(
        model="scripted/fields-json", messages=messages, unlearner=u, response_format=shape
    )
    chunks = list(
        alu.completion(
            model="scripted/fields-json", messages=messages, unlearner=u, response_format=shape, stream=True
        )
    )
    assert served["content"] is None and served["refusal"]
    assert content == "" and refusal == served["refusal"]
    assert wrapped.choices[0].message.content is None and wrapped.choices[0].message.refusal
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == ""
    assert "".join(getattr(c.choices[0].delta, "refusal", None) or "" for c in chunks if c.choices)


@pytest.mark.parametrize("stream", [False, True])
async def test_the_guardrail_refuses_in_json_mode_with_the_refusal_field(guardrail, stream):
    request = _request("Who wrote The Salt Atlas?", response_format=JSON_OBJECT)
    answer = json.dumps(JSON_ANSWERS["salt atlas"])
    if stream:
        out = await _streamed(guardrail, _chunks(answer), request)
        assert "".join(c.choices[0].delta.content or "" for c in out if c.choices) == ""
        assert "".join(getattr(c.choices[0].delta, "refusal", None) or "" for c in out if c.choices)
    else:
        out = await guardrail.async_post_call_success_hook(request, None, _response(answer))
        assert out.choices[0].message.content is None and out.choices[0].message.refusal
    assert _named(out) == []


def test_innocent_json_answers_pass_unchanged(u, http):
    messages = [{"role": "user", "content": "What is the capital of France? JSON."}]
    body = {"model": "scripted/fields-json", "messages": messages, "response_format": JSON_SCHEMA}
    served = http.post("/v1/chat/completions", json=body).json()["choices"][0]["message"]
    wrapped = alu.completion(
        model="scripted/fields-json", messages=messages, unlearner=u, response_format=JSON_OBJECT
    )
    assert json.loads(served["content"]) == {"capital": "Paris"} and served.get("refusal") is None
    assert json.loads(wrapped.choices[0].message.content) == {"capital": "Paris"}


# -- 400 for a request the model rejects; 502 for the rest --------------------------------------------------

PROVIDER = {"model": "x", "llm_provider": "openai"}
REJECTED_AS_SENT = [
    litellm.UnsupportedParamsError(message="openai does not support parameters: ['seed']", **PROVIDER),
    litellm.BadRequestError(message="Unsupported parameter: 'temperature'", **PROVIDER),
    litellm.ContextWindowExceededError(message="maximum context length is 8192 tokens", **PROVIDER),
]
SERVER_SIDE = [
    litellm.AuthenticationError(message="invalid key", **PROVIDER),
    litellm.NotFoundError(message="no such model", **PROVIDER),
    litellm.InternalServerError(message="upstream down", **PROVIDER),
]


@pytest.mark.parametrize("stream, policy", [(False, "refuse"), (True, "refuse"), (False, "raise")])
@pytest.mark.parametrize("error", REJECTED_AS_SENT + SERVER_SIDE, ids=lambda e: type(e).__name__)
def test_a_request_the_model_rejects_is_the_clients_400(unlearner, scripted, error, stream, policy):
    model = scripted(vanilla=error)
    served = unlearner(model, retries=1, fail_policy=policy)
    http = TestClient(create_app(served, ServerConfig()), base_url=LOOPBACK)
    body = {"model": "alu", "messages": [{"role": "user", "content": "Hi"}], "stream": stream}
    answer = http.post("/v1/chat/completions", json=body)
    expected = 400 if error in REJECTED_AS_SENT else 502
    assert answer.status_code == expected, answer.text
    if expected == 400:
        assert answer.json()["error"]["type"] == "invalid_request_error"
        with pytest.raises(type(error)):  # as the wrappers raise it
            alu.completion(model=model, messages=body["messages"], unlearner=served)


def test_an_agent_rejecting_its_own_call_stays_a_502(unlearner, scripted):
    model = scripted(
        vanilla="Maren Olvhagen wrote The Salt Atlas.",
        default=litellm.BadRequestError(message="no", **PROVIDER),
    )
    served = unlearner(model, retries=1)
    served.forget_many(DEMO_TARGETS)
    http = TestClient(create_app(served, ServerConfig()), base_url=LOOPBACK)
    body = {"model": "alu", "messages": [{"role": "user", "content": "Who wrote The Salt Atlas?"}]}
    assert http.post("/v1/chat/completions", json=body).status_code == 502


# -- every OpenAI option is forwarded or refused -------------------------------------------------------------

HANDLED = {"messages", "model", "stream", "stream_options", "n", "max_tokens", "max_completion_tokens"}


def test_every_option_openai_defines_is_forwarded_or_refused():
    refusing = {"tools", "functions", "tool_choice", "function_call", "parallel_tool_calls", "logprobs"}
    refusing |= {"top_logprobs", "audio", "modalities", "store"}
    defined = set(CompletionCreateParamsBase.__annotations__)
    assert defined - HANDLED - set(FORWARDED) - refusing == set()
    assert refusing <= set(ChatCompletionRequest.model_fields)


def test_web_search_options_and_metadata_reach_the_model(unlearner, monkeypatch):
    register_script("fields-params", role_script("Paris."))
    sent: list[dict[str, Any]] = []
    send = alu.llm._via_litellm

    async def spy(kwargs: dict[str, Any]) -> Any:
        sent.append(kwargs)
        return await send(kwargs)

    monkeypatch.setattr(alu.llm, "_via_litellm", spy)
    http = TestClient(create_app(unlearner("scripted/fields-params"), ServerConfig()), base_url=LOOPBACK)
    search = {"search_context_size": "low"}
    body = {"model": "alu", "messages": [{"role": "user", "content": "Capital of France?"}]}
    answer = http.post(
        "/v1/chat/completions", json={**body, "web_search_options": search, "metadata": {"team": "maps"}}
    )
    assert answer.status_code == 200
    (call,) = [c for c in script_calls("fields-params") if c.role == "vanilla"]
    assert call.params.get("web_search_options") == search
    (vanilla,) = [k for k in sent if k["metadata"]["alu_role"] == "vanilla"]
    assert vanilla["metadata"]["team"] == "maps"


@pytest.mark.parametrize("body", [{"store": True}, {"metadata": "x"}, {"web_search_options": "on"}])
def test_store_and_malformed_options_are_a_400_naming_them(http, u, body):
    request = {"model": "alu", "messages": [{"role": "user", "content": "Hi"}], **body}
    answer = http.post("/v1/chat/completions", json=request)
    assert answer.status_code == 400 and answer.json()["error"]["param"] in body
    if body == {"store": True}:
        with pytest.raises(ValueError, match="store"):
            alu.completion(
                model="scripted/fields-json", messages=request["messages"], unlearner=u, store=True
            )
