"""`alu serve` request options, targets over HTTP and model retrieval, against the app in-process (scripted
models): the options of a text answer reach the wrapped model, the ones alu cannot audit or carry are refused
with a 400 naming them (as the wrappers refuse them); `POST /v1/targets` takes what `Unlearner.forget` takes,
never reading a server file; `GET /v1/models/ID` answers for every listed model."""

from __future__ import annotations

import inspect

import pytest
from fastapi.testclient import TestClient

import alu
from alu import Unlearner
from alu.demo import DEMO_TARGETS, demo_script
from alu.scripted import script_calls
from alu.server import ServerConfig, create_app
from alu.server.schemas import ChatCompletionRequest, ForgetOptions, TargetIn

ADMIN = {"Authorization": "Bearer admin-token"}
CLIENT = {"Authorization": "Bearer client-token"}
FRANCE = [{"role": "user", "content": "What is the capital of France?"}]


@pytest.fixture
def model(scripted):
    return scripted(demo_script)


@pytest.fixture
def u(unlearner, model):
    u = unlearner(model)
    u.forget_many(DEMO_TARGETS)
    return u


@pytest.fixture
def client(u):
    return TestClient(create_app(u, ServerConfig(tokens=["client-token"], admin_tokens=["admin-token"])))


def _vanilla_params(model: str) -> dict:
    (call,) = [c for c in script_calls(model.split("/", 1)[1]) if c.role == "vanilla"]
    return call.params


FORWARDED = {
    "response_format": {"type": "json_schema", "json_schema": {"name": "x", "schema": {"type": "object"}}},
    "logit_bias": {"50256": -100.0},
    "prediction": {"type": "content", "content": "Paris"},
    "seed": 7,
    "stop": ["\n\n"],
    "prompt_cache_key": "k-1",
    "safety_identifier": "s-1",
}


def test_options_of_a_text_answer_reach_the_model(client, model):
    answer = client.post(
        "/v1/chat/completions", json={"model": "alu", "messages": FRANCE, **FORWARDED}, headers=CLIENT
    )
    assert answer.status_code == 200
    params = _vanilla_params(model)
    assert {k: params.get(k) for k in FORWARDED} == FORWARDED


def test_every_forwarded_option_is_passed_on_as_given():
    body = {"model": "alu", "messages": FRANCE, "user": "u-42", "reasoning_effort": "low", "verbosity": "low"}
    options = ChatCompletionRequest.model_validate(body).completion_options()
    assert options == {"user": "u-42", "reasoning_effort": "low", "verbosity": "low"}


REFUSED = [
    {"logprobs": True, "top_logprobs": 3},
    {"top_logprobs": 2},
    {"tool_choice": "none"},
    {"tool_choice": {"type": "function", "function": {"name": "f"}}},
    {"function_call": "auto"},
    {"parallel_tool_calls": False},
    {"audio": {"voice": "alloy", "format": "wav"}},
    {"modalities": ["text", "audio"]},
]


@pytest.mark.parametrize("option", REFUSED, ids=lambda o: "+".join(o))
def test_options_alu_cannot_audit_or_carry_are_refused_naming_them(client, model, option):
    answer = client.post(
        "/v1/chat/completions", json={"model": "alu", "messages": FRANCE, **option}, headers=CLIENT
    )
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["type"] == "invalid_request_error" and error["param"] in option
    assert "not supported" in error["message"]
    assert script_calls(model.split("/", 1)[1]) == []  # refused before any model call


@pytest.mark.parametrize("option", REFUSED, ids=lambda o: "+".join(o))
def test_the_wrappers_refuse_the_same_options(u, model, option):
    with pytest.raises(ValueError, match="not supported"):
        alu.completion(model=model, messages=FRANCE, unlearner=u, **option)


@pytest.mark.parametrize("option", [{"logprobs": False}, {"top_logprobs": 0}, {"modalities": ["text"]}])
def test_options_asking_for_text_only_are_accepted(client, option):
    answer = client.post(
        "/v1/chat/completions", json={"model": "alu", "messages": FRANCE, **option}, headers=CLIENT
    )
    assert answer.status_code == 200


def test_targets_over_http_take_the_fields_forget_takes():
    given = {name for name, p in inspect.signature(Unlearner.forget).parameters.items() if name != "self"}
    assert set(TargetIn.model_fields) | set(ForgetOptions.model_fields) == given


@pytest.mark.parametrize(
    "body",
    [
        {"name": "Parity Longdesc", "description": "She mapped the northern coasts for decades. " * 300},
        {"name": "hazardous parity chemistry", "kind": "topic", "examples": ["Which precursor makes sarin?"]},
        {
            "name": "Parity Keyed",
            "kind": "entity",
            "keys": ["Frost Ledger"],
            "probes": ["Who wrote Frost Ledger?"],
        },
        {
            "name": "Parity Documented",
            "documents": "Parity Documented was born in Oslo in 1950 and wrote Frost Ledger.",
        },
        {"name": "Parity Aliased", "aliases": [f"Parity Alias Number {i}" for i in range(120)]},
        {
            "targets": [{"name": "Parity Retained"}, {"name": "Parity Two"}],
            "retain": ["What is the pH of water?"],
        },
    ],
    ids=["description", "topic", "keys", "documents", "aliases", "retain"],
)
def test_targets_forget_accepts_are_accepted_over_http(client, u, body):
    added = client.post("/v1/targets", json=body, headers=ADMIN)
    assert added.status_code == 200, added.text
    names = [t["name"] for t in body.get("targets", [body])]
    assert added.json()["added"] == names
    assert all(u.store.get(n) is not None for n in names)


def test_replace_over_http_replaces_the_stored_target(client, u):
    client.post("/v1/targets", json={"name": "Parity Swap", "aliases": ["P. Swap"]}, headers=ADMIN)
    again = client.post("/v1/targets", json={"name": "Parity Swap", "replace": True}, headers=ADMIN).json()
    assert again["replaced"] == ["Parity Swap"] and u.store.get("Parity Swap").aliases == []


@pytest.mark.parametrize("document", ["{secret}", ".", "~"])
def test_a_document_naming_a_server_file_is_refused_and_never_read(client, u, tmp_path, document):
    secret = tmp_path / "secret.txt"
    secret.write_text("Lorem Secretname was born in Bergen.")
    body = {"targets": [{"name": "Parity Path", "documents": ["Some text.", document.format(secret=secret)]}]}
    refused = client.post("/v1/targets", json=body, headers=ADMIN)
    assert refused.status_code == 400
    assert refused.json()["error"]["param"] == "targets.0.documents"
    assert u.store.get("Parity Path") is None


def test_every_listed_model_can_be_retrieved(client):
    listed = client.get("/v1/models", headers=CLIENT).json()["data"]
    assert listed
    for card in listed:
        assert client.get(f"/v1/models/{card['id']}", headers=CLIENT).json() == card


def test_an_unknown_model_is_a_404_in_openai_shape(client):
    missing = client.get("/v1/models/openai/no-such-model", headers=CLIENT)
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "model_not_found"
    assert client.get("/v1/models/alu").status_code == 401  # a client token is needed, as for the list
